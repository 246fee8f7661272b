//! The handler context: one API for both protocol eras.
//!
//! Every tool, resource, prompt and completion handler receives a [`Context`]. Its methods
//! behave the same for the handler author whatever the era of the request:
//!
//! - legacy revisions: [`elicit`](Context::elicit), [`sample`](Context::sample) and
//!   [`list_roots`](Context::list_roots) send real server-to-client requests
//!   (`elicitation/create`, `sampling/createMessage`, `roots/list`) through the request's
//!   [`Peer`] and await the client's response;
//! - 2026-07-28: they follow multi round-trip requests (`basic/patterns/mrtr.mdx`): the answer
//!   is taken from the retry's `inputResponses` (or the sealed `requestState` of earlier
//!   rounds) when present; otherwise they return [`Error::InputRequired`], which the handler
//!   propagates with `?` and the server turns into an `InputRequiredResult`. Keys of
//!   `inputRequests` are deterministic per call order (`elicit-0`, `sample-1`, ...), so a
//!   handler that re-runs from the start on every round finds its earlier answers.
//!   Only `tools/call`, `resources/read` and `prompts/get` may do this ("Supported Requests").
//!
//! The server never asks for input whose client capability was not declared (legacy: the
//! `initialize` capabilities; 2026-07-28: the request's `_meta` `clientCapabilities`): the
//! method returns [`Error::MissingCapability`] instead.

use std::sync::{Arc, Mutex};

use mcp_jsonrpc::schema::Revisioned;
use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
use mcp_jsonrpc::schema::input::InputRequest;
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use mcp_jsonrpc::{Notification, ProtocolVersion, RequestId};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::cancel::CancellationToken;
use crate::error::{Error, InputRequired};
use crate::peer::Peer;
use crate::principal::Principal;
use crate::session::Session;
use crate::tasks::{Deferred, TaskInputHook};

/// What a handler can do and know about its request. Cheap to clone.
#[derive(Clone)]
pub struct Context {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) request_id: RequestId,
    pub(crate) method: String,
    pub(crate) version: ProtocolVersion,
    pub(crate) principal: Principal,
    pub(crate) cancel: CancellationToken,
    pub(crate) peer: Arc<dyn Peer>,
    pub(crate) client_capabilities: ClientCapabilities,
    pub(crate) progress_token: Option<Value>,
    pub(crate) log: LogFilter,
    pub(crate) session: Option<Arc<Session>>,
    /// Modern requests that allow MRTR: the answers known so far and the call counter.
    pub(crate) inputs: Option<Mutex<Inputs>>,
    pub(crate) last_progress: Mutex<Option<f64>>,
    /// A 2026-07-28 tasks-extension task: missing input waits for `tasks/update` instead of
    /// ending the call with an `InputRequiredResult`.
    pub(crate) task: Option<TaskInputHook>,
    /// A 2026-07-28 call of a [`TaskCreation::AfterInput`](crate::tasks::TaskCreation) tool:
    /// how [`Context::continue_as_task`] turns it into a task.
    pub(crate) deferred: Option<Arc<Deferred>>,
}

/// How log notifications are filtered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LogFilter {
    /// Legacy: the session's `logging/setLevel` level (every level when unset).
    Session,
    /// 2026-07-28: the request's `_meta` `logLevel`; `None` sends nothing (`basic/index.mdx`).
    Request(Option<LoggingLevel>),
}

#[derive(Debug, Default)]
pub(crate) struct Inputs {
    pub(crate) answers: Map<String, Value>,
    pub(crate) next: usize,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("request_id", &self.inner.request_id)
            .field("method", &self.inner.method)
            .field("version", &self.inner.version)
            .field("principal", &self.inner.principal)
            .finish_non_exhaustive()
    }
}

impl Context {
    pub(crate) fn new(inner: Inner) -> Self {
        Context { inner: Arc::new(inner) }
    }

    /// The context of this request's handler when it runs as a task: messages go to `peer`,
    /// cancellation follows the task's `cancel`, and (extension tasks) input waits on `task`.
    /// The answers collected so far and the progress token carry over; `deferred` is the way
    /// a call that is not a task yet becomes one.
    pub(crate) fn for_task(
        &self,
        peer: Arc<dyn Peer>,
        cancel: CancellationToken,
        task: Option<TaskInputHook>,
        deferred: Option<Arc<Deferred>>,
    ) -> Context {
        let i = &self.inner;
        let inputs = i.inputs.as_ref().map(|m| {
            let known = m.lock().unwrap_or_else(|e| e.into_inner());
            Mutex::new(Inputs { answers: known.answers.clone(), next: known.next })
        });
        Context::new(Inner {
            request_id: i.request_id.clone(),
            method: i.method.clone(),
            version: i.version,
            principal: i.principal.clone(),
            cancel,
            peer,
            client_capabilities: i.client_capabilities.clone(),
            progress_token: i.progress_token.clone(),
            log: i.log,
            session: i.session.clone(),
            inputs,
            last_progress: Mutex::new(None),
            task,
            deferred,
        })
    }

    /// The id of the request being handled.
    pub fn request_id(&self) -> &RequestId {
        &self.inner.request_id
    }

    /// The method being handled (`tools/call`, `resources/read`, ...).
    pub fn method(&self) -> &str {
        &self.inner.method
    }

    /// The protocol revision of the request (negotiated by `initialize`, or the request's
    /// `_meta` `protocolVersion` in 2026-07-28).
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.inner.version
    }

    /// The authenticated caller ([`Principal::anonymous`] when none).
    pub fn principal(&self) -> &Principal {
        &self.inner.principal
    }

    /// The client's capabilities for this request.
    pub fn client_capabilities(&self) -> &ClientCapabilities {
        &self.inner.client_capabilities
    }

    /// Whether the client cancelled the request (`basic/utilities/cancellation.mdx`).
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.is_cancelled()
    }

    /// The cancellation token; `token.cancelled().await` completes when the client cancels.
    /// The server also stops polling the handler then, so awaiting it is only needed for
    /// cleanup that must run.
    pub fn cancellation(&self) -> &CancellationToken {
        &self.inner.cancel
    }

    /// Asks the user for input (`client/elicitation.mdx`): form mode needs the client's
    /// `elicitation.form` capability (an empty `elicitation` object counts), URL mode
    /// `elicitation.url`.
    ///
    /// # Errors
    /// [`Error::MissingCapability`]; [`Error::InputRequired`] (2026-07-28, propagate it);
    /// the client's error; [`Error::Protocol`] when the answer is not an `ElicitResult`.
    pub async fn elicit(&self, params: ElicitRequestParams) -> Result<ElicitResult, Error> {
        let supported = self
            .inner
            .client_capabilities
            .elicitation
            .as_ref()
            .is_some_and(|e| if params.is_url() { e.supports_url() } else { e.supports_form() });
        if !supported {
            let mode = if params.is_url() { "url" } else { "form" };
            return Err(Error::missing(json!({ "elicitation": { mode: {} } })));
        }
        self.input("elicit", InputRequest::Elicit(params)).await
    }

    /// Asks the client to sample from an LLM (`client/sampling.mdx`,
    /// `sampling/createMessage`). Needs the client's `sampling` capability.
    ///
    /// # Errors
    /// As [`Context::elicit`]; [`Error::Protocol`] when the answer is not a
    /// `CreateMessageResult`.
    pub async fn sample(&self, params: CreateMessageRequestParams) -> Result<CreateMessageResult, Error> {
        if self.inner.client_capabilities.sampling.is_none() {
            return Err(Error::missing(json!({ "sampling": {} })));
        }
        self.input("sample", InputRequest::CreateMessage(params)).await
    }

    /// Asks the client for its roots (`client/roots.mdx`). Needs the client's `roots`
    /// capability.
    ///
    /// # Errors
    /// As [`Context::elicit`].
    pub async fn list_roots(&self) -> Result<ListRootsResult, Error> {
        if self.inner.client_capabilities.roots.is_none() {
            return Err(Error::missing(json!({ "roots": {} })));
        }
        self.input("roots", InputRequest::ListRoots(None)).await
    }

    /// The client's answer to the `inputRequests` entry `key` of an earlier round (2026-07-28
    /// multi round-trip requests, `basic/patterns/mrtr.mdx`): from this retry's
    /// `inputResponses`, or from the verified `requestState` of earlier rounds. `None` when the
    /// client has not answered it, and always on legacy requests and on methods without MRTR
    /// (only `tools/call`, `resources/read` and `prompts/get` have them). The value is the raw
    /// answer (`ElicitResult`, `CreateMessageResult` or `ListRootsResult`); validate it.
    pub fn input_response(&self, key: &str) -> Option<Value> {
        let inputs = self.inner.inputs.as_ref()?;
        inputs.lock().unwrap_or_else(|e| e.into_inner()).answers.get(key).cloned()
    }

    /// Ends a 2026-07-28 `tools/call`, `resources/read` or `prompts/get` with an
    /// `InputRequiredResult` (`basic/patterns/mrtr.mdx`) whose `inputRequests` are `requests`
    /// under the handler's own keys, several at once if needed; return it from the handler.
    /// Its `requestState` seals every answer received so far, so they come back through
    /// [`Context::input_response`] in the next round together with the new answers. Use it
    /// instead of [`Context::elicit`]/[`sample`](Context::sample)/[`list_roots`](Context::list_roots)
    /// when the keys matter or the requests go out together.
    ///
    /// The returned error is [`Error::MissingCapability`] when a request needs a client
    /// capability the request did not declare (the server MUST NOT ask for it), and `-32603`
    /// on legacy requests and methods without MRTR (use the methods above there), or when
    /// `requests` is empty.
    pub fn input_required<K: Into<String>>(
        &self,
        requests: impl IntoIterator<Item = (K, InputRequest)>,
    ) -> Error {
        if !self.inner.version.is_modern() || self.inner.inputs.is_none() {
            return Error::internal(format!(
                "{} cannot answer with an InputRequiredResult (2026-07-28 tools/call, resources/read and prompts/get only)",
                self.inner.method
            ));
        }
        let caps = &self.inner.client_capabilities;
        let mut pending = Vec::new();
        for (key, mut request) in requests {
            let missing = match &request {
                InputRequest::Elicit(p) => {
                    let ok = caps
                        .elicitation
                        .as_ref()
                        .is_some_and(|e| if p.is_url() { e.supports_url() } else { e.supports_form() });
                    let mode = if p.is_url() { "url" } else { "form" };
                    (!ok).then(|| json!({ "elicitation": { mode: {} } }))
                }
                InputRequest::CreateMessage(_) => caps.sampling.is_none().then(|| json!({ "sampling": {} })),
                InputRequest::ListRoots(_) => caps.roots.is_none().then(|| json!({ "roots": {} })),
            };
            if let Some(required) = missing {
                return Error::missing(required);
            }
            request.adapt_to(self.inner.version);
            match serde_json::to_value(&request) {
                Ok(value) => pending.push((key.into(), value)),
                Err(e) => return Error::internal(e.to_string()),
            }
        }
        if pending.is_empty() {
            return Error::internal("an InputRequiredResult needs at least one input request");
        }
        Error::InputRequired(InputRequired { requests: pending })
    }

    /// Gets the answer to `request`: legacy, a real request through the peer; 2026-07-28, the
    /// known answer for the next key, else (a tasks-extension task) waiting for `tasks/update`,
    /// else [`Error::InputRequired`].
    async fn input<T: DeserializeOwned>(&self, kind: &str, mut request: InputRequest) -> Result<T, Error> {
        // Send only what the negotiated revision defines (e.g. no `mode` or `default`s before
        // 2025-11-25 for a form elicitation).
        request.adapt_to(self.inner.version);
        let method = request.method();
        let answer = if self.inner.version.is_modern() {
            let Some(inputs) = &self.inner.inputs else {
                return Err(Error::internal(format!(
                    "{method} is only available while handling tools/call, resources/read or prompts/get"
                )));
            };
            let (key, known) = {
                let mut inputs = inputs.lock().unwrap_or_else(|e| e.into_inner());
                let key = format!("{kind}-{}", inputs.next);
                inputs.next += 1;
                let known = inputs.answers.get(&key).cloned();
                (key, known)
            };
            let task = self.inner.task.as_ref().or_else(|| self.inner.deferred.as_ref()?.hook());
            match (known, task) {
                (Some(answer), _) => answer,
                (None, Some(task)) => task.request(key, request).await?,
                (None, None) => {
                    let request =
                        serde_json::to_value(&request).map_err(|e| Error::internal(e.to_string()))?;
                    return Err(Error::InputRequired(InputRequired { requests: vec![(key, request)] }));
                }
            }
        } else {
            let params = match serde_json::to_value(&request).map_err(|e| Error::internal(e.to_string()))? {
                Value::Object(mut m) => m.remove("params").unwrap_or_else(|| json!({})),
                _ => json!({}),
            };
            self.inner.peer.request(method.to_owned(), params).await?
        };
        serde_json::from_value(answer)
            .map_err(|e| Error::invalid_params(format!("invalid response to {method}: {e}")))
    }

    /// Continues this `tools/call` as a background task of the 2026-07-28 tasks extension
    /// (`io.modelcontextprotocol/tasks`, `experimental-ext-tasks` `specification/draft/tasks.md`
    /// "Task Creation"), after its input was gathered by multi round-trip requests: the call
    /// is answered at once with a `CreateTaskResult` (`resultType: "task"`, once `tasks/get`
    /// finds the task) while the handler goes on in the background; what it returns becomes the
    /// task's `result` (or `error`), `tasks/cancel` cancels it, and input it asks for from now
    /// on ([`Context::elicit`], ...) waits for `tasks/update` under fresh keys.
    ///
    /// Only calls of a tool registered with
    /// [`TaskCreation::AfterInput`](crate::tasks::TaskCreation::AfterInput) (and task support)
    /// from a client that declared the extension can turn into a task here; everywhere else
    /// (legacy revisions, clients without the extension, a call that is already a task, other
    /// methods) this does nothing and the handler simply goes on, so one handler serves all:
    ///
    /// ```no_run
    /// # use mcp_server::{Context, Error};
    /// # use mcp_jsonrpc::schema::{elicitation::ElicitRequestParams, tools::CallToolResult};
    /// # async fn handler(ctx: Context, form: ElicitRequestParams) -> Result<CallToolResult, Error> {
    /// let answer = ctx.elicit(form).await?; // InputRequiredResult rounds
    /// ctx.continue_as_task().await?; // this round answers CreateTaskResult
    /// // ... long work, in the background ...
    /// Ok(CallToolResult::text(format!("done: {:?}", answer.content)))
    /// # }
    /// ```
    ///
    /// # Errors
    /// `-32603` when the task store cannot create the task.
    pub async fn continue_as_task(&self) -> Result<(), Error> {
        match &self.inner.deferred {
            Some(deferred) => deferred.create().await,
            None => Ok(()),
        }
    }

    /// Reports progress (`basic/utilities/progress.mdx`): sends `notifications/progress` when
    /// the request carried `_meta.progressToken`, otherwise does nothing. `progress` MUST
    /// increase with each notification: a value not greater than the last one is dropped.
    pub async fn progress(&self, progress: f64, total: Option<f64>, message: Option<&str>) {
        let Some(token) = &self.inner.progress_token else { return };
        if self.is_cancelled() {
            return;
        }
        {
            let mut last = self.inner.last_progress.lock().unwrap_or_else(|e| e.into_inner());
            if last.is_some_and(|l| progress <= l) {
                return;
            }
            *last = Some(progress);
        }
        let mut params = json!({ "progressToken": token, "progress": progress });
        if let Some(total) = total {
            params["total"] = json!(total);
        }
        if let Some(message) = message {
            params["message"] = json!(message);
        }
        self.notify("notifications/progress", params).await;
    }

    /// Sends a log message (`server/utilities/logging.mdx`, `notifications/message`) when the
    /// level passes the filter: legacy, the session's `logging/setLevel` level (all levels
    /// until one is set); 2026-07-28, the request's `_meta` `logLevel` (nothing without one,
    /// `basic/index.mdx` "_meta").
    pub async fn log(&self, level: LoggingLevel, data: impl Into<Value>) {
        let min = match self.inner.log {
            LogFilter::Session => self.inner.session.as_ref().and_then(|s| s.log_level()),
            LogFilter::Request(None) => return,
            LogFilter::Request(min) => min,
        };
        if min.is_some_and(|m| level < m) || self.is_cancelled() {
            return;
        }
        self.notify("notifications/message", json!({ "level": level, "data": data.into() })).await;
    }

    /// Asks the transport to close the stream carrying this request's messages while the
    /// handler keeps running: SSE polling, SEP-1699 (2025-11-25 `basic/transports.mdx`
    /// "Sending Messages to the Server": the server "MAY close the connection before sending
    /// the JSON-RPC response if it has sent an SSE event with an event ID", and "Resumability
    /// and Redelivery"). On a legacy Streamable HTTP session the client has a priming event
    /// id and a `retry:` interval; it reconnects with `GET` + `Last-Event-ID` and receives
    /// the later notifications and the response there. Useful for long-running calls behind
    /// proxies that cut idle connections.
    ///
    /// Returns `true` when the transport supports this for the request, `false` (nothing
    /// happens) on stdio, HTTP+SSE, 2026-07-28 requests (closing their stream would cancel
    /// them) and tasks.
    pub async fn close_stream(&self) -> bool {
        self.inner.peer.close_stream().await
    }

    async fn notify(&self, method: &str, params: Value) {
        if let Ok(n) = Notification::new(method, &params) {
            self.inner.peer.notify(n).await;
        }
    }
}
