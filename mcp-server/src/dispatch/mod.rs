//! The transport-agnostic core: one request in, at most one response out.
//!
//! [`Server::handle_request`] decides the era of each request and routes it:
//!
//! - `initialize`, and every request on a [`Session`] that completed `initialize`, follow the
//!   legacy revisions ([`legacy`]);
//! - anything else must be a 2026-07-28 request with its required `_meta` ([`modern`]); a
//!   legacy client that skipped `initialize` is therefore rejected (`-32602`, naming the
//!   missing `_meta`), as legacy `basic/lifecycle.mdx` requires (`ping` excepted).
//!
//! The method implementations shared by both eras live here and return version-neutral
//! values; each era adds what its revision defines.

pub(crate) mod legacy;
pub(crate) mod modern;

use std::sync::{Arc, Mutex};

use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::capabilities::ServerCapabilities;
use mcp_jsonrpc::schema::completion::CompleteRequestParams;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::prompts::ListPromptsResult;
use mcp_jsonrpc::schema::resources::{ListResourceTemplatesResult, ListResourcesResult, ReadResourceResult};
use mcp_jsonrpc::schema::tools::ListToolsResult;
use mcp_jsonrpc::schema::{Meta, Revisioned};
use mcp_jsonrpc::{ErrorCode, ErrorObject, ErrorResponse, Message, ProtocolVersion, Request, ResultResponse};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::cancel::CancellationToken;
use crate::context::{Context, Inner as ContextInner, Inputs, LogFilter};
use crate::error::Error;
use crate::pagination::paginate;
use crate::peer::Peer;
use crate::principal::Principal;
use crate::prompt::PromptArguments;
use crate::resource::resolve;
use crate::server::{Server, read};
use crate::session::Session;

/// Everything about one request besides the request itself: where its server-to-client
/// messages go, who sent it, its legacy session (if any) and its cancellation signal.
#[derive(Clone)]
pub struct Exchange {
    /// The request's [`Peer`].
    pub peer: Arc<dyn Peer>,
    /// The authenticated caller.
    pub principal: Principal,
    /// The legacy session the request belongs to (stdio: the connection's; HTTP: the
    /// `Mcp-Session-Id` one); `None` for a stateless 2026-07-28 HTTP request.
    pub session: Option<Arc<Session>>,
    /// Cancelled when the client cancels the request or goes away.
    pub cancel: CancellationToken,
}

impl std::fmt::Debug for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange").field("principal", &self.principal).finish_non_exhaustive()
    }
}

/// The era-specific facts a shared method implementation needs.
pub(crate) struct Call<'a> {
    pub(crate) server: &'a Server,
    pub(crate) request: &'a Request,
    pub(crate) params: Value,
    pub(crate) exchange: &'a Exchange,
    pub(crate) version: ProtocolVersion,
    pub(crate) client_capabilities: ClientCapabilities,
    pub(crate) log: LogFilter,
}

impl Call<'_> {
    /// A handler context, with MRTR answers when `inputs` is given.
    pub(crate) fn context(&self, inputs: Option<Map<String, Value>>) -> Context {
        let progress_token =
            self.params.get("_meta").and_then(|m| m.get("progressToken")).filter(|t| !t.is_null()).cloned();
        Context::new(ContextInner {
            request_id: self.request.id.clone(),
            method: self.request.method.clone(),
            version: self.version,
            principal: self.exchange.principal.clone(),
            cancel: self.exchange.cancel.clone(),
            peer: self.exchange.peer.clone(),
            client_capabilities: self.client_capabilities.clone(),
            progress_token,
            log: self.log,
            session: self.exchange.session.clone(),
            inputs: inputs.map(|answers| Mutex::new(Inputs { answers, next: 0 })),
            last_progress: Mutex::new(None),
            task: None,
            deferred: None,
        })
    }

    fn param<T: for<'de> Deserialize<'de>>(&self) -> Result<T, Error> {
        serde_json::from_value(self.params.clone()).map_err(|e| Error::invalid_params(e.to_string()))
    }

    fn cursor(&self) -> Result<Option<String>, Error> {
        match self.params.get("cursor") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Error::invalid_params("cursor must be a string")),
        }
    }

    /// One page of `items` at the request's cursor, and the next cursor.
    fn page<T: Clone>(&self, items: &[T]) -> Result<(Vec<T>, Option<String>), Error> {
        let cursor = self.cursor()?;
        Ok(paginate(items, cursor.as_deref(), self.server.inner.options.page_size)?)
    }

    /// `tools/list` (`server/tools.mdx` "Listing Tools"), in registration order.
    pub(crate) fn list_tools(&self) -> Result<Value, Error> {
        let tools: Vec<_> =
            read(&self.server.inner.tools).into_iter().map(|t| t.tool.for_revision(self.version)).collect();
        let (tools, next_cursor) = self.page(&tools)?;
        to_value(&ListToolsResult { tools, next_cursor, ..ListToolsResult::default() })
    }

    /// `resources/list`.
    pub(crate) fn list_resources(&self) -> Result<Value, Error> {
        let resources: Vec<_> = read(&self.server.inner.resources).into_iter().map(|r| r.resource).collect();
        let (resources, next_cursor) = self.page(&resources)?;
        to_value(&ListResourcesResult { resources, next_cursor, ..ListResourcesResult::default() })
    }

    /// `resources/templates/list`.
    pub(crate) fn list_templates(&self) -> Result<Value, Error> {
        let templates: Vec<_> = read(&self.server.inner.templates).into_iter().map(|t| t.template).collect();
        let (resource_templates, next_cursor) = self.page(&templates)?;
        to_value(&ListResourceTemplatesResult {
            resource_templates,
            next_cursor,
            ..ListResourceTemplatesResult::default()
        })
    }

    /// `prompts/list`.
    pub(crate) fn list_prompts(&self) -> Result<Value, Error> {
        let prompts: Vec<_> = read(&self.server.inner.prompts).into_iter().map(|p| p.prompt).collect();
        let (prompts, next_cursor) = self.page(&prompts)?;
        to_value(&ListPromptsResult { prompts, next_cursor, ..ListPromptsResult::default() })
    }

    /// `tools/call`: unknown tool is `-32602` (`server/tools.mdx` "Error Handling"). A call
    /// the task rules send to a task ([`crate::tasks`]) answers its `CreateTaskResult`; a
    /// [`TaskCreation::AfterInput`](crate::tasks::TaskCreation) tool's call may become one later.
    pub(crate) async fn call_tool(&self, ctx: Context) -> Result<Value, Error> {
        #[derive(Deserialize)]
        struct Params {
            name: String,
            #[serde(default)]
            arguments: Option<Value>,
        }
        let p: Params = self.param()?;
        let tool = read(&self.server.inner.tools).into_iter().find(|t| t.tool.name == p.name);
        let tool = tool.ok_or_else(|| Error::invalid_params(format!("unknown tool: {}", p.name)))?;
        let tasks = &self.server.inner.tasks;
        match tasks.plan(self, &tool)? {
            crate::tasks::Plan::Task(era, ttl) => {
                let arguments = tool.validate(p.arguments)?;
                return tasks.start(self, tool, arguments, ctx, era, ttl).await;
            }
            crate::tasks::Plan::AfterInput => {
                let arguments = tool.validate(p.arguments)?;
                return tasks.run_after_input(self, tool, arguments, ctx).await;
            }
            crate::tasks::Plan::Sync => {}
        }
        let result = tool.call(ctx, p.arguments).await?.for_revision(self.version);
        to_value(&result)
    }

    /// `resources/read`: unknown URI is `-32602` in 2026-07-28, `-32002` before
    /// (`server/resources.mdx` "Error Handling").
    pub(crate) async fn read_resource(&self, ctx: Context) -> Result<Value, Error> {
        #[derive(Deserialize)]
        struct Params {
            uri: String,
        }
        let p: Params = self.param()?;
        let resources = read(&self.server.inner.resources);
        let templates = read(&self.server.inner.templates);
        let Some((handler, vars)) = resolve(&resources, &templates, &p.uri) else {
            let code = if self.version.is_modern() {
                ErrorCode::INVALID_PARAMS
            } else {
                ErrorCode::RESOURCE_NOT_FOUND_LEGACY
            };
            return Err(ErrorObject::new(code, format!("resource not found: {}", p.uri))
                .with_data(json!({ "uri": p.uri }))
                .into());
        };
        let contents = handler(ctx, p.uri, vars).await?;
        to_value(&ReadResourceResult::new(contents))
    }

    /// `prompts/get`: unknown prompt is `-32602` (`server/prompts.mdx` "Error Handling").
    pub(crate) async fn get_prompt(&self, ctx: Context) -> Result<Value, Error> {
        #[derive(Deserialize)]
        struct Params {
            name: String,
            #[serde(default)]
            arguments: Option<PromptArguments>,
        }
        let p: Params = self.param()?;
        let prompt = read(&self.server.inner.prompts).into_iter().find(|x| x.prompt.name == p.name);
        let prompt = prompt.ok_or_else(|| Error::invalid_params(format!("unknown prompt: {}", p.name)))?;
        let result = prompt.get(ctx, p.arguments.unwrap_or_default()).await?.for_revision(self.version);
        to_value(&result)
    }

    /// `completion/complete` (`server/utilities/completion.mdx`); `-32601` without a handler.
    pub(crate) async fn complete(&self) -> Result<Value, Error> {
        let Some(handler) = self.server.inner.completion.clone() else {
            return Err(ErrorObject::method_not_found(&self.request.method).into());
        };
        let params: CompleteRequestParams = self.param()?;
        let result = handler(self.context(None), params).await?.for_revision(self.version);
        to_value(&result)
    }
}

pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::internal(e.to_string()))
}

/// The server's capabilities as `version` defines them: legacy revisions drop `extensions`
/// (and `tasks` before 2025-11-25), 2026-07-28 drops `tasks` (tasks are the
/// `io.modelcontextprotocol/tasks` extension there).
pub(crate) fn capabilities_for(server: &Server, version: ProtocolVersion) -> Value {
    match ServerCapabilities::deserialize(&server.inner.capabilities) {
        Ok(caps) => serde_json::to_value(caps.for_revision(version))
            .unwrap_or_else(|_| server.inner.capabilities.clone()),
        Err(_) => server.inner.capabilities.clone(),
    }
}

/// The request's params as a JSON object (absent: `{}`).
fn params_object(request: &Request) -> Result<Value, ErrorObject> {
    match request.params_as::<Value>() {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(ErrorObject::invalid_params("params must be an object")),
        Err(e) => Err(ErrorObject::invalid_params(e.to_string())),
    }
}

pub(crate) fn meta_of(params: &Value) -> Option<Meta> {
    params.get("_meta").and_then(|m| Meta::deserialize(m).ok())
}

pub(crate) fn respond(id: &mcp_jsonrpc::RequestId, outcome: Result<Value, ErrorObject>) -> Message {
    match outcome {
        Ok(result) => match ResultResponse::new(id.clone(), &result) {
            Ok(r) => Message::Response(r),
            Err(e) => {
                Message::Error(ErrorResponse::new(Some(id.clone()), ErrorObject::internal(e.to_string())))
            }
        },
        Err(error) => Message::Error(ErrorResponse::new(Some(id.clone()), error)),
    }
}

impl Server {
    /// Handles one request and returns its response, or `None` when nothing may be sent (the
    /// request was cancelled: `basic/utilities/cancellation.mdx`). Transport-agnostic: the
    /// stdio driver ([`Server::serve`]) calls it per request, and an HTTP transport per POST,
    /// with an [`Exchange`] whose [`Peer`] carries the request's notifications.
    pub async fn handle_request(&self, request: Request, exchange: Exchange) -> Option<Message> {
        let cancel = exchange.cancel.clone();
        tokio::select! {
            biased;
            _ = cancel.cancelled() => None,
            response = self.route(request, exchange) => response,
        }
    }

    async fn route(&self, request: Request, exchange: Exchange) -> Option<Message> {
        let params = match params_object(&request) {
            Ok(p) => p,
            Err(e) => return Some(respond(&request.id, Err(e))),
        };
        let legacy_session = exchange.session.as_ref().filter(|s| s.protocol_version().is_some()).cloned();
        let has_modern_meta = params
            .get("_meta")
            .and_then(|m| m.get(mcp_jsonrpc::schema::meta_keys::PROTOCOL_VERSION))
            .is_some();
        // A 2026-07-28 request (its `_meta` names the revision) never reaches `initialize`:
        // that revision removed it, so it falls through to `-32601` (404 on HTTP).
        if request.method == methods::INITIALIZE && !has_modern_meta {
            return Some(legacy::initialize(self, &request, &params, exchange.session.as_deref()));
        }
        if let Some(session) = legacy_session {
            return legacy::dispatch(self, &request, params, &exchange, &session).await;
        }
        if request.method == methods::PING && !has_modern_meta {
            // Legacy `ping` may precede `initialize` (`basic/utilities/ping.mdx`).
            return Some(respond(&request.id, Ok(json!({}))));
        }
        modern::dispatch(self, &request, params, &exchange).await
    }

    /// Handles a notification that is not a cancellation (the connection driver handles
    /// `notifications/cancelled`): `notifications/initialized` completes the legacy handshake;
    /// others are ignored.
    pub fn handle_notification(&self, notification: &mcp_jsonrpc::Notification, session: Option<&Session>) {
        if notification.method == methods::NOTIFICATIONS_INITIALIZED
            && let Some(session) = session
        {
            session.mark_initialized();
        }
    }
}
