//! Typed methods for everything a server offers, in both eras.
//!
//! Each method sends the request of its spec page, with the request `_meta` on 2026-07-28
//! (the crate's `rpc` module), through the cache where `server/utilities/caching.mdx` allows it and
//! through the input-required loop on `tools/call`, `resources/read` and `prompts/get`
//! (`basic/patterns/mrtr.mdx`). Methods that exist in only one era fail with
//! [`ClientError::NotInEra`] on the other, without sending anything.

use std::collections::BTreeMap;

use mcp_jsonrpc::schema::Revisioned;
use mcp_jsonrpc::schema::common::{EmptyResult, JsonObject};
use mcp_jsonrpc::schema::completion::{CompleteRequestParams, CompleteResult};
use mcp_jsonrpc::schema::lifecycle::DiscoverResult;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::prompts::{GetPromptRequestParams, GetPromptResult, ListPromptsResult};
use mcp_jsonrpc::schema::resources::{
    ListResourceTemplatesResult, ListResourcesResult, ReadResourceRequestParams, ReadResourceResult,
};
use mcp_jsonrpc::schema::subscriptions::{SubscriptionFilter, SubscriptionsListenRequestParams};
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult, ListToolsResult};
use mcp_jsonrpc::{Era, message::to_raw};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use crate::client::Client;
use crate::error::{ClientError, Result};
use crate::options::RequestOptions;
use crate::result_kind::{ResultKind, classify};
use crate::rpc::{Shape, Waiter};
use crate::subscription::Subscription;

/// The outcome of `tools/call`: a result, or a task when the call was task-augmented (legacy
/// `task` param, 2025-11-25 `basic/utilities/tasks.mdx`; or `resultType: "task"` of the
/// 2026-07-28 tasks extension).
#[derive(Debug, Clone, PartialEq)]
pub enum ToolCallOutcome {
    /// The tool's result.
    Complete(CallToolResult),
    /// The created task (`CreateTaskResult`), raw; poll it with [`Client::get_task`].
    Task(Value),
}

fn to_map(params: &impl Serialize) -> Result<Map<String, Value>> {
    match serde_json::to_value(params)? {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => {
            Err(ClientError::Json(serde::de::Error::custom(format!("params must be an object: {other}"))))
        }
    }
}

fn cursor_params(cursor: Option<&str>) -> Map<String, Value> {
    let mut params = Map::new();
    if let Some(c) = cursor {
        params.insert("cursor".into(), Value::from(c));
    }
    params
}

impl Client {
    pub(crate) fn require(&self, era: Era, method: &'static str) -> Result<()> {
        if self.era() == era {
            Ok(())
        } else {
            Err(ClientError::NotInEra { method, version: self.protocol_version().to_string() })
        }
    }

    async fn typed<T: DeserializeOwned>(
        &self,
        method: &str,
        params: Map<String, Value>,
        selector: Option<&str>,
        allows_input: bool,
        options: &RequestOptions,
    ) -> Result<T> {
        let value =
            crate::request::send(&self.inner, method, params, selector, allows_input, options).await?;
        Ok(serde_json::from_value(value)?)
    }

    /// `server/discover` (2026-07-28 `schema.ts` `DiscoverRequest`; cached by its `ttlMs`,
    /// `server/utilities/caching.mdx`). Modern only.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`] on legacy; the server's error.
    pub async fn discover(&self) -> Result<DiscoverResult> {
        self.require(Era::Modern, methods::SERVER_DISCOVER)?;
        self.typed(methods::SERVER_DISCOVER, Map::new(), None, false, &RequestOptions::new()).await
    }

    /// One page of `tools/list` (`server/tools.mdx` "Listing Tools"; cursors:
    /// `server/utilities/pagination.mdx`).
    ///
    /// # Errors
    /// The server's error (e.g. `-32602` for an invalid cursor).
    pub async fn list_tools(&self, cursor: Option<&str>) -> Result<ListToolsResult> {
        self.typed(methods::TOOLS_LIST, cursor_params(cursor), cursor, false, &RequestOptions::new()).await
    }

    /// `tools/call` of `name` with `arguments` (`server/tools.mdx` "Calling Tools").
    ///
    /// # Errors
    /// The server's error; [`ClientError::UnsupportedInputRequest`] or
    /// [`ClientError::TooManyRounds`] from the input-required loop; a task outcome is
    /// reported as [`ClientError::UnexpectedTask`] (use [`Client::call_tool_with`]).
    pub async fn call_tool(&self, name: &str, arguments: Option<JsonObject>) -> Result<CallToolResult> {
        let params = CallToolRequestParams { name: name.into(), arguments, ..Default::default() };
        match self.call_tool_with(params, &RequestOptions::new()).await? {
            ToolCallOutcome::Complete(r) => Ok(r),
            ToolCallOutcome::Task(t) => Err(ClientError::UnexpectedTask(t)),
        }
    }

    /// `tools/call` with full params (e.g. legacy `task`) and options (progress, timeout).
    ///
    /// # Errors
    /// As [`Client::call_tool`], except that a task is an `Ok` outcome.
    pub async fn call_tool_with(
        &self,
        params: CallToolRequestParams,
        options: &RequestOptions,
    ) -> Result<ToolCallOutcome> {
        let params = params.for_revision(self.protocol_version());
        let value: Value = self.typed(methods::TOOLS_CALL, to_map(&params)?, None, true, options).await?;
        let legacy_task = value.get("task").is_some_and(Value::is_object) && value.get("content").is_none();
        if classify(&value)? == ResultKind::Task || legacy_task {
            return Ok(ToolCallOutcome::Task(value));
        }
        Ok(ToolCallOutcome::Complete(serde_json::from_value(value)?))
    }

    /// One page of `resources/list` (`server/resources.mdx`).
    ///
    /// # Errors
    /// The server's error.
    pub async fn list_resources(&self, cursor: Option<&str>) -> Result<ListResourcesResult> {
        self.typed(methods::RESOURCES_LIST, cursor_params(cursor), cursor, false, &RequestOptions::new())
            .await
    }

    /// One page of `resources/templates/list` (`server/resources.mdx` "Resource Templates").
    ///
    /// # Errors
    /// The server's error.
    pub async fn list_resource_templates(&self, cursor: Option<&str>) -> Result<ListResourceTemplatesResult> {
        let params = cursor_params(cursor);
        self.typed(methods::RESOURCES_TEMPLATES_LIST, params, cursor, false, &RequestOptions::new()).await
    }

    /// `resources/read` of `uri` (`server/resources.mdx` "Reading Resources"; cached per URI).
    ///
    /// # Errors
    /// The server's error (`-32602` for an unknown resource in 2026-07-28, `-32002` legacy).
    pub async fn read_resource(&self, uri: &str) -> Result<ReadResourceResult> {
        self.read_resource_with(ReadResourceRequestParams::new(uri), &RequestOptions::new()).await
    }

    /// `resources/read` with full params and options.
    ///
    /// # Errors
    /// As [`Client::read_resource`].
    pub async fn read_resource_with(
        &self,
        params: ReadResourceRequestParams,
        options: &RequestOptions,
    ) -> Result<ReadResourceResult> {
        let uri = params.uri.clone();
        self.typed(methods::RESOURCES_READ, to_map(&params)?, Some(&uri), true, options).await
    }

    /// Legacy `resources/subscribe` (2025-11-25 `server/resources.mdx` "Subscriptions");
    /// 2026-07-28 uses [`Client::listen`].
    ///
    /// # Errors
    /// [`ClientError::NotInEra`] on modern; the server's error.
    pub async fn subscribe_resource(&self, uri: &str) -> Result<()> {
        self.require(Era::Legacy, methods::RESOURCES_SUBSCRIBE)?;
        let mut params = Map::new();
        params.insert("uri".into(), Value::from(uri));
        let _: EmptyResult =
            self.typed(methods::RESOURCES_SUBSCRIBE, params, None, false, &RequestOptions::new()).await?;
        Ok(())
    }

    /// Legacy `resources/unsubscribe`.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`] on modern; the server's error.
    pub async fn unsubscribe_resource(&self, uri: &str) -> Result<()> {
        self.require(Era::Legacy, methods::RESOURCES_UNSUBSCRIBE)?;
        let mut params = Map::new();
        params.insert("uri".into(), Value::from(uri));
        let _: EmptyResult =
            self.typed(methods::RESOURCES_UNSUBSCRIBE, params, None, false, &RequestOptions::new()).await?;
        Ok(())
    }

    /// One page of `prompts/list` (`server/prompts.mdx`).
    ///
    /// # Errors
    /// The server's error.
    pub async fn list_prompts(&self, cursor: Option<&str>) -> Result<ListPromptsResult> {
        self.typed(methods::PROMPTS_LIST, cursor_params(cursor), cursor, false, &RequestOptions::new()).await
    }

    /// `prompts/get` of `name` with string `arguments` (`server/prompts.mdx`).
    ///
    /// # Errors
    /// The server's error; input-required loop errors.
    pub async fn get_prompt(
        &self,
        name: &str,
        arguments: Option<BTreeMap<String, String>>,
    ) -> Result<GetPromptResult> {
        let params = GetPromptRequestParams { name: name.into(), arguments, ..Default::default() };
        self.get_prompt_with(params, &RequestOptions::new()).await
    }

    /// `prompts/get` with full params and options.
    ///
    /// # Errors
    /// As [`Client::get_prompt`].
    pub async fn get_prompt_with(
        &self,
        params: GetPromptRequestParams,
        options: &RequestOptions,
    ) -> Result<GetPromptResult> {
        let params = params.for_revision(self.protocol_version());
        self.typed(methods::PROMPTS_GET, to_map(&params)?, None, true, options).await
    }

    /// `completion/complete` (`server/utilities/completion.mdx`).
    ///
    /// # Errors
    /// The server's error.
    pub async fn complete(&self, params: CompleteRequestParams) -> Result<CompleteResult> {
        self.typed(methods::COMPLETION_COMPLETE, to_map(&params)?, None, false, &RequestOptions::new()).await
    }

    /// Legacy `ping` (2025-11-25 `basic/utilities/ping.mdx`); 2026-07-28 removed it.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`] on modern; the server's error or a timeout.
    pub async fn ping(&self) -> Result<()> {
        self.require(Era::Legacy, methods::PING)?;
        let _: Value = self.typed(methods::PING, Map::new(), None, false, &RequestOptions::new()).await?;
        Ok(())
    }

    /// Opens a `subscriptions/listen` stream with `filter` (2026-07-28
    /// `basic/patterns/subscriptions.mdx`). The request has no timeout. Modern only.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`] on legacy; [`ClientError::Closed`].
    pub async fn listen(&self, filter: SubscriptionFilter) -> Result<Subscription> {
        self.require(Era::Modern, methods::SUBSCRIPTIONS_LISTEN)?;
        let Shape::Modern(version) = self.inner.shape() else { unreachable!("checked modern above") };
        let mut params = to_map(&SubscriptionsListenRequestParams { notifications: filter, meta: None })?;
        self.inner.modern_meta(&mut params, version);
        let (tx, rx) = mpsc::unbounded_channel();
        let request = self.inner.lock().correlator.outgoing.start_request(
            methods::SUBSCRIPTIONS_LISTEN,
            Some(to_raw(&Value::Object(params))?),
            None,
            Waiter::Listen(tx),
        );
        let subscription =
            Subscription { id: request.id.clone(), rx, inner: self.inner.clone(), ended: None };
        self.inner
            .outgoing
            .send(crate::rpc::Outgoing::Message(request.into()))
            .await
            .map_err(|_| ClientError::Closed)?;
        Ok(subscription)
    }
}
