//! The state and tasks behind [`HttpClientTransport`](super::HttpClientTransport): mode
//! (detecting, modern, legacy, HTTP+SSE), the legacy session, the request tasks and streams.
//! See the module docs of [`super`] for the behaviour; the spec sections are cited inline.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use mcp_jsonrpc::codec::{BatchPolicy, Decoded, decode};
use mcp_jsonrpc::schema::{meta_keys, methods};
use mcp_jsonrpc::{
    ErrorCode, ErrorObject, ErrorResponse, Message, ProtocolVersion, Request, RequestId, ResultResponse,
};
use serde_json::Value;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio::task::AbortHandle;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::connector::Connector;
use super::credentials::{AuthAction, Unauthorized};
use super::detect::{Detected, TransportKind, error_in_body, modern_error, try_http_sse};
use super::error::HttpClientError;
use super::{HttpClientOptions, HttpEvent};
use crate::error::TransportError;
use crate::http::headers::{LAST_EVENT_ID, MCP_METHOD, MCP_NAME, MCP_PROTOCOL_VERSION, MCP_SESSION_ID};
use crate::http::param::{HeaderAnnotations, encode_str};
use crate::http::sse::decode::Decoder;

const ACCEPT_BOTH: &str = "application/json, text/event-stream";
const EVENT_STREAM: &str = "text/event-stream";
const JSON: &str = "application/json";
/// How long the rest of a response stream is read after its response arrived.
const DRAIN_AFTER_RESPONSE: Duration = Duration::from_secs(2);
/// How long `notifications/initialized` waits for the standalone GET stream's response head,
/// so that server requests sent right after initialization find the stream open.
const STANDALONE_OPEN_WAIT: Duration = Duration::from_secs(2);
/// How much of an error body is kept.
const ERROR_BODY_MAX: usize = 64 * 1024;

type Incoming_ = Result<Message, TransportError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Detecting: requests go out with modern headers, `initialize` legacy-style.
    Unknown,
    Modern,
    Legacy,
    HttpSse,
}

#[derive(Debug)]
struct State {
    mode: Mode,
    session_id: Option<String>,
    protocol_version: Option<String>,
    initialize: Option<Request>,
    tools: HashMap<String, HeaderAnnotations>,
    sse_endpoint: Option<Url>,
    standalone_started: bool,
    closing: bool,
}

#[derive(Debug, Default)]
struct Tasks {
    by_request: HashMap<RequestId, AbortHandle>,
    other: Vec<AbortHandle>,
}

/// One request whose response a stream may carry.
#[derive(Debug, Clone)]
struct Exchange {
    id: RequestId,
    method: String,
    /// Return the response to the caller instead of delivering it.
    capture: bool,
}

/// How reading one SSE body ended.
#[derive(Debug, Default)]
struct SseOutcome {
    captured: Option<Message>,
    got_response: bool,
    delivered: usize,
    error: Option<HttpClientError>,
}

pub(crate) struct Shared {
    pub(crate) url: Url,
    pub(crate) options: HttpClientOptions,
    connector: Connector,
    tx: mpsc::Sender<Incoming_>,
    closed: CancellationToken,
    pub(crate) events: broadcast::Sender<HttpEvent>,
    pub(crate) detected: watch::Sender<Option<Detected>>,
    state: Mutex<State>,
    tasks: Mutex<Tasks>,
    reinit_lock: tokio::sync::Mutex<()>,
    sse_lock: tokio::sync::Mutex<()>,
    next_internal_id: AtomicU64,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("url", &self.url.as_str()).finish_non_exhaustive()
    }
}

fn header(value: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(value).ok()
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn params_of(request: &Request) -> Value {
    request.params.as_ref().and_then(|p| serde_json::from_str(p.get()).ok()).unwrap_or(Value::Null)
}

impl Shared {
    pub(crate) fn new(
        url: Url,
        options: HttpClientOptions,
        tx: mpsc::Sender<Incoming_>,
        closed: CancellationToken,
    ) -> Result<Arc<Shared>, HttpClientError> {
        let connector = Connector::new(&options)?;
        let cached = options.cache.get(&url);
        let (mode, detected) = match (options.transport, cached) {
            (TransportKind::Sse, _) => (Mode::HttpSse, None),
            (TransportKind::StreamableHttp, Some(Detected::HttpSse)) => (Mode::Unknown, None),
            (_, Some(d @ Detected::Modern { .. })) => (Mode::Modern, Some(d)),
            (_, Some(d @ Detected::Legacy { .. })) => (Mode::Legacy, Some(d)),
            (_, Some(Detected::HttpSse)) => (Mode::HttpSse, Some(Detected::HttpSse)),
            (_, None) => (Mode::Unknown, None),
        };
        Ok(Arc::new(Shared {
            url,
            options,
            connector,
            tx,
            closed,
            events: broadcast::channel(64).0,
            detected: watch::channel(detected).0,
            state: Mutex::new(State {
                mode,
                session_id: None,
                protocol_version: None,
                initialize: None,
                tools: HashMap::new(),
                sse_endpoint: None,
                standalone_started: false,
                closing: false,
            }),
            tasks: Mutex::new(Tasks::default()),
            reinit_lock: tokio::sync::Mutex::new(()),
            sse_lock: tokio::sync::Mutex::new(()),
            next_internal_id: AtomicU64::new(1),
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn tasks(&self) -> std::sync::MutexGuard<'_, Tasks> {
        self.tasks.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn mode(&self) -> Mode {
        self.lock().mode
    }

    pub(crate) fn session_id(&self) -> Option<String> {
        self.lock().session_id.clone()
    }

    pub(crate) fn register_tool(&self, name: String, annotations: HeaderAnnotations) {
        self.lock().tools.insert(name, annotations);
    }

    fn emit(&self, event: HttpEvent) {
        let _ = self.events.send(event);
    }

    /// Records a detection result: mode, watch, cache and event.
    fn settle(&self, mode: Mode, detected: Detected) {
        self.lock().mode = mode;
        self.options.cache.insert(&self.url, detected);
        let changed = self.detected.send_if_modified(|d| {
            let changed = *d != Some(detected);
            *d = Some(detected);
            changed
        });
        if changed {
            self.emit(HttpEvent::Detected(detected));
        }
    }

    async fn deliver(&self, item: Incoming_) {
        let _ = self.tx.send(item).await;
    }

    /// Ends the receiving side with `error`.
    async fn fail_stream(&self, error: HttpClientError) {
        self.deliver(Err(error.into())).await;
        self.closed.cancel();
    }

    async fn deliver_error(&self, id: RequestId, e: HttpClientError) {
        let error = match &e {
            HttpClientError::Status { status, body } => error_in_body(body.as_bytes()).unwrap_or_else(|| {
                ErrorObject::new(ErrorCode::INTERNAL_ERROR, format!("HTTP {status}"))
                    .with_data(serde_json::json!({ "httpStatus": status.as_u16(), "body": body }))
            }),
            other => {
                let mut obj = ErrorObject::new(ErrorCode::INTERNAL_ERROR, other.to_string());
                if let Some(status) = other.status() {
                    obj = obj.with_data(serde_json::json!({ "httpStatus": status.as_u16() }));
                }
                obj
            }
        };
        self.deliver(Ok(Message::Error(ErrorResponse::new(Some(id), error)))).await;
    }

    pub(crate) fn abort_all(&self) {
        let mut tasks = self.tasks();
        for (_, t) in tasks.by_request.drain() {
            t.abort();
        }
        for t in tasks.other.drain(..) {
            t.abort();
        }
        self.closed.cancel();
    }

    fn spawn_other(self: &Arc<Self>, fut: impl std::future::Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(fut).abort_handle();
        let mut tasks = self.tasks();
        tasks.other.retain(|t| !t.is_finished());
        tasks.other.push(handle);
    }

    // ----- sending -----------------------------------------------------------------------

    pub(crate) async fn send(self: &Arc<Self>, message: Message) -> Result<(), HttpClientError> {
        if self.closed.is_cancelled() || self.lock().closing {
            return Err(HttpClientError::Closed);
        }
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let me = self.clone();
                let task = tokio::spawn(async move {
                    let id = request.id.clone();
                    if let Err(e) = me.dispatch_request(&request).await {
                        tracing::debug!(error = %e, method = %request.method, "request failed");
                        me.deliver_error(id.clone(), e).await;
                    }
                    me.tasks().by_request.remove(&id);
                });
                let mut tasks = self.tasks();
                tasks.by_request.retain(|_, t| !t.is_finished());
                if !task.is_finished() {
                    tasks.by_request.insert(id, task.abort_handle());
                }
                Ok(())
            }
            Message::Notification(n)
                if n.method == methods::NOTIFICATIONS_CANCELLED && self.mode() == Mode::Modern =>
            {
                // 2026-07-28 `streamable-http.mdx` "Cancellation": closing the response stream
                // is the cancellation; no notification is POSTed.
                let id = n
                    .params
                    .as_ref()
                    .and_then(|p| serde_json::from_str::<Value>(p.get()).ok())
                    .and_then(|v| v.get("requestId").cloned())
                    .and_then(|v| serde_json::from_value::<RequestId>(v).ok());
                if let Some(id) = id
                    && let Some(task) = self.tasks().by_request.remove(&id)
                {
                    task.abort();
                }
                Ok(())
            }
            other => self.post_one_way(other, true).await,
        }
    }

    async fn dispatch_request(self: &Arc<Self>, request: &Request) -> Result<(), HttpClientError> {
        let mode = self.mode();
        if request.method == methods::SERVER_DISCOVER && matches!(mode, Mode::Legacy | Mode::HttpSse) {
            // The server is known to be legacy (detected or cached): the era probe is answered
            // here, without a round trip, and the client proceeds to `initialize`.
            let error = ErrorObject::method_not_found(methods::SERVER_DISCOVER)
                .with_data(serde_json::json!({ "detected": "legacy" }));
            self.deliver(Ok(Message::Error(ErrorResponse::new(Some(request.id.clone()), error)))).await;
            return Ok(());
        }
        match mode {
            Mode::HttpSse => self.sse_post(&Message::Request(request.clone())).await,
            _ if request.method == methods::INITIALIZE => self.initialize(request).await,
            Mode::Unknown => self.modern_probe(request).await,
            Mode::Modern | Mode::Legacy => self.exchange(request, true).await,
        }
    }

    /// Sends one HTTP request with credentials, reacting once to `401`/`403`.
    async fn http(
        &self,
        method: Method,
        url: &Url,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<http::Response<Incoming>, HttpClientError> {
        let mut retried = false;
        loop {
            let mut request = http::Request::builder()
                .method(method.clone())
                .uri(url.as_str())
                .body(Full::new(body.clone()))
                .map_err(|e| HttpClientError::InvalidUrl(e.to_string()))?;
            *request.headers_mut() = headers.clone();
            if let Some(credentials) = &self.options.credentials
                && let Some(value) =
                    credentials.authorization(url).await.map_err(HttpClientError::Credentials)?
            {
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            let response = self.connector.send(request).await?;
            let status = response.status();
            if status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN {
                return Ok(response);
            }
            let www_authenticate: Vec<String> = response
                .headers()
                .get_all(WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_owned))
                .collect();
            let _ = self.connector.read_body(response.into_body(), ERROR_BODY_MAX).await;
            if let (Some(credentials), false) = (&self.options.credentials, retried) {
                let rejection =
                    Unauthorized { url: url.clone(), status, www_authenticate: www_authenticate.clone() };
                if credentials.unauthorized(&rejection).await == AuthAction::Retry {
                    retried = true;
                    continue;
                }
            }
            return Err(HttpClientError::Unauthorized { status, www_authenticate });
        }
    }

    /// The headers of a POST of `message` in the current mode.
    fn post_headers(&self, message: &Message, legacy_init: bool) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT, HeaderValue::from_static(ACCEPT_BOTH));
        h.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
        if legacy_init {
            return h;
        }
        let state = self.lock();
        match state.mode {
            Mode::Legacy => {
                if let Some(v) = state.session_id.as_deref().and_then(header) {
                    h.insert(MCP_SESSION_ID, v);
                }
                if let Some(v) = state.protocol_version.as_deref().and_then(header) {
                    h.insert(MCP_PROTOCOL_VERSION, v);
                }
            }
            Mode::Unknown | Mode::Modern => self.modern_headers(&state, message, &mut h),
            Mode::HttpSse => {}
        }
        h
    }

    /// 2026-07-28 `streamable-http.mdx` "Request Metadata".
    fn modern_headers(&self, state: &State, message: &Message, h: &mut HeaderMap) {
        let (method, params) = match message {
            Message::Request(r) => (r.method.as_str(), params_of(r)),
            Message::Notification(n) => (
                n.method.as_str(),
                n.params.as_ref().and_then(|p| serde_json::from_str(p.get()).ok()).unwrap_or(Value::Null),
            ),
            _ => return,
        };
        let version = params
            .get("_meta")
            .and_then(|m| m.get(meta_keys::PROTOCOL_VERSION))
            .and_then(Value::as_str)
            .unwrap_or(ProtocolVersion::LATEST.as_str())
            .to_owned();
        if let Some(v) = header(&version) {
            h.insert(MCP_PROTOCOL_VERSION, v);
        }
        if let Some(v) = header(method) {
            h.insert(MCP_METHOD, v);
        }
        let name = match method {
            methods::TOOLS_CALL | methods::PROMPTS_GET => params.get("name"),
            methods::RESOURCES_READ => params.get("uri"),
            _ => None,
        };
        if let Some(v) = name.and_then(Value::as_str).and_then(|n| header(&encode_str(n))) {
            h.insert(MCP_NAME, v);
        }
        if method == methods::TOOLS_CALL
            && let Some(tool) = params.get("name").and_then(Value::as_str)
            && let Some(annotations) = state.tools.get(tool)
        {
            let arguments = params.get("arguments").cloned().unwrap_or(Value::Null);
            match annotations.headers_for(&arguments) {
                Ok(pairs) => {
                    for (name, value) in pairs {
                        if let (Ok(n), Some(v)) =
                            (http::HeaderName::from_bytes(name.as_bytes()), header(&value))
                        {
                            h.insert(n, v);
                        }
                    }
                }
                Err(e) => tracing::warn!(tool, error = %e, "cannot mirror x-mcp-header arguments"),
            }
        }
    }

    /// POSTs a request in modern or legacy mode and consumes its response.
    async fn exchange(self: &Arc<Self>, request: &Request, may_reinit: bool) -> Result<(), HttpClientError> {
        let message = Message::Request(request.clone());
        let headers = self.post_headers(&message, false);
        let sent_session = headers.contains_key(MCP_SESSION_ID);
        let response = self.http(Method::POST, &self.url, headers, message.to_vec().into()).await?;
        let status = response.status();
        if status.is_success() {
            let exchange =
                Exchange { id: request.id.clone(), method: request.method.clone(), capture: false };
            return self.consume(response, Some(&exchange)).await.map(drop);
        }
        if status == StatusCode::NOT_FOUND && sent_session && self.mode() == Mode::Legacy {
            let _ = self.connector.read_body(response.into_body(), ERROR_BODY_MAX).await;
            let stale = self.session_id();
            self.session_expired(stale, may_reinit).await?;
            return Box::pin(self.exchange(request, false)).await;
        }
        Err(self.status_error(response).await)
    }

    async fn status_error(&self, response: http::Response<Incoming>) -> HttpClientError {
        let status = response.status();
        let body = self.connector.read_body(response.into_body(), ERROR_BODY_MAX).await.unwrap_or_default();
        HttpClientError::Status { status, body: String::from_utf8_lossy(&body).into_owned() }
    }

    /// Detection step 1: a modern request (2026-07-28 `streamable-http.mdx` "Backward
    /// Compatibility").
    async fn modern_probe(self: &Arc<Self>, request: &Request) -> Result<(), HttpClientError> {
        let message = Message::Request(request.clone());
        let headers = self.post_headers(&message, false);
        let version = headers
            .get(MCP_PROTOCOL_VERSION)
            .and_then(|v| v.to_str().ok())
            .and_then(ProtocolVersion::parse)
            .unwrap_or(ProtocolVersion::LATEST);
        let response = self.http(Method::POST, &self.url, headers, message.to_vec().into()).await?;
        let status = response.status();
        if status.is_success() {
            let exchange = Exchange { id: request.id.clone(), method: request.method.clone(), capture: true };
            let captured = self.consume(response, Some(&exchange)).await?;
            // A result, or a recognised modern error, means modern; a legacy server that
            // answered with another JSON-RPC error stays undetected until `initialize`.
            let modern = match &captured {
                Some(Message::Response(_)) => true,
                Some(Message::Error(e)) => e.error.code.is_modern_only(),
                _ => false,
            };
            if modern {
                self.settle(Mode::Modern, Detected::Modern { version });
            }
            if let Some(m) = captured {
                let m = self.snoop(&request.method, m);
                self.deliver(Ok(m)).await;
            }
            return Ok(());
        }
        let error = self.status_error(response).await;
        if let HttpClientError::Status { status, body } = &error
            && modern_error(*status, error_in_body(body.as_bytes()).as_ref())
        {
            self.settle(Mode::Modern, Detected::Modern { version });
        }
        Err(error)
    }

    /// Legacy `initialize` (2025-11-25 `basic/transports.mdx` "Session Management"), with the
    /// HTTP+SSE fallback on `400`/`404`/`405` (detection step 3).
    async fn initialize(self: &Arc<Self>, request: &Request) -> Result<(), HttpClientError> {
        self.lock().initialize = Some(request.clone());
        let message = Message::Request(request.clone());
        let headers = self.post_headers(&message, true);
        let response = self.http(Method::POST, &self.url, headers, message.to_vec().into()).await?;
        let status = response.status();
        if status.is_success() {
            self.start_session(&response);
            let exchange =
                Exchange { id: request.id.clone(), method: request.method.clone(), capture: false };
            return self.consume(response, Some(&exchange)).await.map(drop);
        }
        let error = self.status_error(response).await;
        if let HttpClientError::Status { status, body } = &error
            && self.options.transport == TransportKind::Auto
            && try_http_sse(*status, error_in_body(body.as_bytes()).as_ref())
        {
            match self.sse_connect().await {
                Ok(()) => return self.sse_post(&message).await,
                Err(e) => tracing::debug!(error = %e, "HTTP+SSE fallback failed"),
            }
        }
        // A cached detection that no longer works is forgotten; the next connection detects.
        self.options.cache.remove(&self.url);
        Err(error)
    }

    fn start_session(&self, response: &http::Response<Incoming>) {
        let session = response.headers().get(MCP_SESSION_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
        {
            let mut state = self.lock();
            state.mode = Mode::Legacy;
            state.session_id = session.clone();
            state.standalone_started = false;
        }
        if self.detected.borrow().is_none() {
            self.settle(Mode::Legacy, Detected::Legacy { version: None });
        }
        self.emit(HttpEvent::SessionStarted(session));
    }

    /// A `404` on a request bearing `stale`: re-initialize once (unless another task already
    /// did), or end the receiving side.
    async fn session_expired(
        self: &Arc<Self>,
        stale: Option<String>,
        may_reinit: bool,
    ) -> Result<(), HttpClientError> {
        let _guard = self.reinit_lock.lock().await;
        if self.session_id() != stale {
            return Ok(()); // Already replaced by a concurrent re-initialization.
        }
        self.emit(HttpEvent::SessionExpired);
        let init = self.lock().initialize.clone();
        let (true, true, Some(init)) = (may_reinit, self.options.reinitialize, init) else {
            self.lock().session_id = None;
            self.fail_stream(HttpClientError::SessionExpired).await;
            return Err(HttpClientError::SessionExpired);
        };
        match self.reinitialize(init).await {
            Ok(()) => {
                self.emit(HttpEvent::Reinitialized);
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, "re-initialization failed");
                self.lock().session_id = None;
                self.fail_stream(HttpClientError::SessionExpired).await;
                Err(HttpClientError::SessionExpired)
            }
        }
    }

    async fn reinitialize(self: &Arc<Self>, mut init: Request) -> Result<(), HttpClientError> {
        let n = self.next_internal_id.fetch_add(1, Ordering::Relaxed);
        init.id = RequestId::String(format!("mcp-transport-reinitialize-{n}"));
        let message = Message::Request(init.clone());
        let headers = self.post_headers(&message, true);
        let response = self.http(Method::POST, &self.url, headers, message.to_vec().into()).await?;
        if !response.status().is_success() {
            return Err(self.status_error(response).await);
        }
        self.start_session(&response);
        let exchange = Exchange { id: init.id.clone(), method: init.method.clone(), capture: true };
        match self.consume(response, Some(&exchange)).await? {
            Some(Message::Response(_)) => {}
            _ => return Err(HttpClientError::SessionExpired),
        }
        let initialized = Message::Notification(mcp_jsonrpc::Notification::without_params(
            methods::NOTIFICATIONS_INITIALIZED,
        ));
        Box::pin(self.post_one_way(initialized, false)).await
    }

    /// POSTs a notification or response: `202` expected; a JSON or SSE body is tolerated and
    /// delivered.
    async fn post_one_way(
        self: &Arc<Self>,
        message: Message,
        may_reinit: bool,
    ) -> Result<(), HttpClientError> {
        if self.mode() == Mode::HttpSse {
            return self.sse_post(&message).await;
        }
        let headers = self.post_headers(&message, false);
        let sent_session = headers.contains_key(MCP_SESSION_ID);
        let response = self.http(Method::POST, &self.url, headers, message.to_vec().into()).await?;
        let status = response.status();
        if status.is_success() {
            self.consume(response, None).await?;
            if message.method() == Some(methods::NOTIFICATIONS_INITIALIZED)
                && let Some(opened) = self.start_standalone()
            {
                // A server may send requests on the standalone stream as soon as the session is
                // initialized, and drop them while no stream is open (2025-11-25
                // `basic/transports.mdx` "Listening for Messages from the Server"): the client
                // goes on only once the GET has its response head (or failed), bounded.
                let _ = tokio::time::timeout(STANDALONE_OPEN_WAIT, opened).await;
            }
            return Ok(());
        }
        if status == StatusCode::NOT_FOUND && sent_session && self.mode() == Mode::Legacy {
            let _ = self.connector.read_body(response.into_body(), ERROR_BODY_MAX).await;
            let stale = self.session_id();
            self.session_expired(stale, may_reinit).await?;
            if message.method() == Some(methods::NOTIFICATIONS_INITIALIZED) {
                return Ok(()); // The re-initialization sent its own.
            }
            return Box::pin(self.post_one_way(message, false)).await;
        }
        Err(self.status_error(response).await)
    }

    // ----- receiving ---------------------------------------------------------------------

    /// Consumes a 2xx response: JSON (one message or a 2025-03-26 batch), SSE, or nothing.
    /// Returns the captured response when `exchange.capture`.
    async fn consume(
        self: &Arc<Self>,
        response: http::Response<Incoming>,
        exchange: Option<&Exchange>,
    ) -> Result<Option<Message>, HttpClientError> {
        let kind = content_type(response.headers());
        if kind == EVENT_STREAM {
            return self.read_sse_resuming(response.into_body(), exchange).await;
        }
        let body = self.connector.read_body(response.into_body(), self.options.max_message_size).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            // 202 (or a non-spec empty 200) for a notification or response.
            return match exchange {
                Some(_) => Err(HttpClientError::StreamEnded),
                None => Ok(None),
            };
        }
        if kind != JSON && exchange.is_some() && serde_json::from_slice::<Value>(&body).is_err() {
            return Err(HttpClientError::ContentType(kind));
        }
        let messages = match decode(&body, BatchPolicy::Allow) {
            Ok(Decoded::Single(m)) => vec![Ok(m)],
            Ok(Decoded::Batch(items)) => items,
            Err(e) => vec![Err(e)],
        };
        let mut captured = None;
        let mut answered = false;
        for m in messages {
            match m {
                Ok(m) => {
                    answered |= is_response_to(&m, exchange);
                    if let Some(c) = self.incoming(m, exchange).await {
                        captured = Some(c);
                    }
                }
                Err(e) => self.deliver(Err(TransportError::Decode(e))).await,
            }
        }
        if exchange.is_some() && !answered {
            return Err(HttpClientError::StreamEnded);
        }
        Ok(captured)
    }

    /// Routes one received message: the exchange's own response is snooped and maybe captured.
    async fn incoming(&self, message: Message, exchange: Option<&Exchange>) -> Option<Message> {
        if let Some(ex) = exchange
            && is_response_to(&message, Some(ex))
        {
            let message = self.snoop(&ex.method, message);
            if ex.capture {
                return Some(message);
            }
            self.deliver(Ok(message)).await;
            return None;
        }
        self.deliver(Ok(message)).await;
        None
    }

    /// Learns from responses: the negotiated legacy revision from `initialize`; the
    /// `x-mcp-header` annotations from modern `tools/list` (dropping invalid tools).
    fn snoop(&self, method: &str, message: Message) -> Message {
        let Message::Response(response) = message else { return message };
        match method {
            methods::INITIALIZE => {
                let version = serde_json::from_str::<Value>(response.result.get())
                    .ok()
                    .and_then(|v| v.get("protocolVersion").and_then(Value::as_str).map(str::to_owned));
                if let Some(v) = &version {
                    self.lock().protocol_version = Some(v.clone());
                }
                let parsed = version.as_deref().and_then(ProtocolVersion::parse).filter(|v| !v.is_modern());
                let mode = self.mode();
                if mode == Mode::Legacy {
                    self.settle(Mode::Legacy, Detected::Legacy { version: parsed });
                } else if mode == Mode::HttpSse {
                    self.settle(Mode::HttpSse, Detected::HttpSse);
                }
                Message::Response(response)
            }
            methods::TOOLS_LIST if self.mode() == Mode::Modern => {
                Message::Response(self.filter_tools(response))
            }
            _ => Message::Response(response),
        }
    }

    /// 2026-07-28 `streamable-http.mdx` "Schema Extension": a client on HTTP drops tools whose
    /// `x-mcp-header` annotations are invalid, and mirrors the valid ones.
    fn filter_tools(&self, response: ResultResponse) -> ResultResponse {
        let Ok(mut result) = serde_json::from_str::<Value>(response.result.get()) else { return response };
        let Some(tools) = result.get_mut("tools").and_then(Value::as_array_mut) else { return response };
        let mut dropped = false;
        let mut rejected = Vec::new();
        {
            let mut state = self.lock();
            tools.retain(|tool| {
                let name = tool.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                let schema = tool.get("inputSchema").cloned().unwrap_or(Value::Null);
                match HeaderAnnotations::from_input_schema(&schema) {
                    Ok(a) => {
                        state.tools.insert(name, a);
                        true
                    }
                    Err(e) => {
                        tracing::warn!(tool = %name, reason = %e, "dropping tool with invalid x-mcp-header");
                        state.tools.remove(&name);
                        rejected.push((name, e.to_string()));
                        dropped = true;
                        false
                    }
                }
            });
        }
        for (tool, reason) in rejected {
            self.emit(HttpEvent::ToolRejected { tool, reason });
        }
        if !dropped {
            return response;
        }
        ResultResponse::new(response.id.clone(), &result).unwrap_or(response)
    }

    /// Reads an SSE response, resuming a legacy stream with GET + `Last-Event-ID` after the
    /// `retry` delay when it breaks before the response (2025-11-25 `basic/transports.mdx`
    /// "Resumability and Redelivery").
    async fn read_sse_resuming(
        self: &Arc<Self>,
        body: Incoming,
        exchange: Option<&Exchange>,
    ) -> Result<Option<Message>, HttpClientError> {
        let mut decoder = Decoder::with_max_event_size(self.options.max_message_size);
        let mut resume_from = None;
        let mut body = body;
        let mut attempts = 0;
        loop {
            let outcome = self.read_sse(body, &mut decoder, &mut resume_from, exchange).await;
            if outcome.got_response || exchange.is_none() {
                return Ok(outcome.captured);
            }
            if outcome.delivered > 0 {
                attempts = 0;
            }
            let resumable = self.mode() == Mode::Legacy && !self.closed.is_cancelled();
            let Some(last_id) = resume_from.clone().filter(|_| resumable) else {
                return Err(outcome.error.unwrap_or(HttpClientError::StreamEnded));
            };
            attempts += 1;
            if attempts > self.options.max_reconnects {
                return Err(outcome.error.unwrap_or(HttpClientError::StreamEnded));
            }
            self.wait_retry(&decoder).await?;
            let response = self.get_stream(Some(&last_id)).await?;
            if !response.status().is_success() {
                return Err(self.status_error(response).await);
            }
            if content_type(response.headers()) != EVENT_STREAM {
                return Err(HttpClientError::ContentType(content_type(response.headers())));
            }
            self.emit(HttpEvent::Resumed { last_event_id: last_id });
            body = response.into_body();
        }
    }

    async fn wait_retry(&self, decoder: &Decoder) -> Result<(), HttpClientError> {
        let delay = decoder.retry().map_or(self.options.default_retry, Duration::from_millis);
        tokio::select! {
            () = tokio::time::sleep(delay) => Ok(()),
            () = self.closed.cancelled() => Err(HttpClientError::Closed),
        }
    }

    /// GET on the MCP endpoint for the standalone stream or a resumption.
    async fn get_stream(
        &self,
        last_event_id: Option<&str>,
    ) -> Result<http::Response<Incoming>, HttpClientError> {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT, HeaderValue::from_static(EVENT_STREAM));
        {
            let state = self.lock();
            if let Some(v) = state.session_id.as_deref().and_then(header) {
                h.insert(MCP_SESSION_ID, v);
            }
            if let Some(v) = state.protocol_version.as_deref().and_then(header) {
                h.insert(MCP_PROTOCOL_VERSION, v);
            }
        }
        if let Some(v) = last_event_id.and_then(header) {
            h.insert(LAST_EVENT_ID, v);
        }
        self.http(Method::GET, &self.url, h, Bytes::new()).await
    }

    /// Reads one SSE body until it ends (or, for an exchange, shortly after its response).
    ///
    /// `resume_from` is set to the id of each event received whole: the `Last-Event-ID` to
    /// resume with (WHATWG HTML §9.2 sets the "last event ID string" when an event is
    /// dispatched). The decoder's [`Decoder::last_event_id`] is the id *buffer*, which already
    /// holds the id of an event cut off after its `id:` line; resuming from it would skip that
    /// event (2025-11-25 `basic/transports.mdx` "Resumability and Redelivery": the server
    /// replays the messages *after* the given id).
    async fn read_sse(
        &self,
        mut body: Incoming,
        decoder: &mut Decoder,
        resume_from: &mut Option<String>,
        exchange: Option<&Exchange>,
    ) -> SseOutcome {
        let mut outcome = SseOutcome::default();
        let mut drain_until: Option<tokio::time::Instant> = None;
        loop {
            let next = async {
                match drain_until {
                    Some(at) => tokio::time::timeout_at(at, body.frame()).await.ok(),
                    None => Some(body.frame().await),
                }
            };
            let frame = tokio::select! {
                f = next => f,
                () = self.closed.cancelled() => {
                    outcome.error = Some(HttpClientError::Closed);
                    return outcome;
                }
            };
            let frame = match frame {
                None => return outcome, // Drain time is over.
                Some(None) => {
                    decoder.finish();
                    return outcome;
                }
                Some(Some(Err(e))) => {
                    decoder.finish();
                    outcome.error = Some(HttpClientError::Body(e.to_string()));
                    return outcome;
                }
                Some(Some(Ok(frame))) => frame,
            };
            let Ok(data) = frame.into_data() else { continue };
            let events = match decoder.feed(&data) {
                Ok(events) => events,
                Err(e) => {
                    outcome.error = Some(e.into());
                    return outcome;
                }
            };
            for event in events {
                if let Some(id) = &event.id {
                    *resume_from = Some(id.clone());
                }
                // Priming events (empty data) and other event types carry no message.
                if event.data.is_empty() || event.event_type() != "message" {
                    continue;
                }
                match decode(event.data.as_bytes(), BatchPolicy::Reject) {
                    Ok(Decoded::Single(m)) => {
                        let ours = is_response_to(&m, exchange);
                        outcome.delivered += 1;
                        if let Some(c) = self.incoming(m, exchange).await {
                            outcome.captured = Some(c);
                        }
                        if ours {
                            outcome.got_response = true;
                            drain_until = Some(tokio::time::Instant::now() + DRAIN_AFTER_RESPONSE);
                        }
                    }
                    Ok(Decoded::Batch(_)) => {}
                    Err(e) => self.deliver(Err(TransportError::Decode(e))).await,
                }
            }
        }
    }

    /// Opens the legacy standalone GET stream once per session (2025-11-25
    /// `basic/transports.mdx` "Listening for Messages from the Server"); `405` (and a
    /// non-spec `400`) mean the server offers none. The receiver fires once the first GET
    /// has its response head or failed; `None` when no stream is opened.
    fn start_standalone(self: &Arc<Self>) -> Option<oneshot::Receiver<()>> {
        {
            let mut state = self.lock();
            if state.mode != Mode::Legacy || !self.options.standalone_stream || state.standalone_started {
                return None;
            }
            state.standalone_started = true;
        }
        let (opened_tx, opened_rx) = oneshot::channel();
        let mut opened = Some(opened_tx);
        let me = self.clone();
        self.spawn_other(async move {
            let mut decoder = Decoder::with_max_event_size(me.options.max_message_size);
            let mut resume_from = None;
            let mut failures = 0;
            let session = me.session_id();
            loop {
                if me.closed.is_cancelled() || me.session_id() != session {
                    return;
                }
                let last = resume_from.clone();
                let attempt = me.get_stream(last.as_deref()).await;
                if let Some(opened) = opened.take() {
                    let _ = opened.send(());
                }
                match attempt {
                    Ok(response) if response.status().is_success() => {
                        if let Some(id) = last {
                            me.emit(HttpEvent::Resumed { last_event_id: id });
                        }
                        let outcome =
                            me.read_sse(response.into_body(), &mut decoder, &mut resume_from, None).await;
                        if outcome.delivered > 0 {
                            failures = 0;
                        }
                    }
                    Ok(response) => {
                        let status = response.status();
                        let _ = me.connector.read_body(response.into_body(), ERROR_BODY_MAX).await;
                        me.emit(HttpEvent::StandaloneRefused(status.as_u16()));
                        return;
                    }
                    Err(e) => tracing::debug!(error = %e, "standalone stream failed"),
                }
                failures += 1;
                if failures > me.options.max_reconnects || me.wait_retry(&decoder).await.is_err() {
                    return;
                }
            }
        });
        Some(opened_rx)
    }

    // ----- HTTP+SSE (2024-11-05) ----------------------------------------------------------

    /// GETs the SSE URL and waits for the `endpoint` event (2024-11-05 `basic/transports.mdx`
    /// "HTTP with SSE"); the rest of the stream is read by a background task.
    async fn sse_connect(self: &Arc<Self>) -> Result<(), HttpClientError> {
        let _guard = self.sse_lock.lock().await;
        if self.lock().sse_endpoint.is_some() {
            return Ok(());
        }
        let connected = self.sse_open().await;
        if connected.is_err() && self.mode() == Mode::HttpSse {
            self.options.cache.remove(&self.url);
        }
        connected
    }

    async fn sse_open(self: &Arc<Self>) -> Result<(), HttpClientError> {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT, HeaderValue::from_static(EVENT_STREAM));
        let response = self.http(Method::GET, &self.url, h, Bytes::new()).await?;
        if !response.status().is_success() {
            return Err(self.status_error(response).await);
        }
        let kind = content_type(response.headers());
        if kind != EVENT_STREAM {
            return Err(HttpClientError::ContentType(kind));
        }
        let (endpoint_tx, endpoint_rx) = oneshot::channel::<Result<String, HttpClientError>>();
        let me = self.clone();
        let body = response.into_body();
        let task = tokio::spawn(async move { me.sse_reader(body, endpoint_tx).await });
        let waited = tokio::time::timeout(self.options.endpoint_timeout, endpoint_rx).await;
        let data = match waited {
            Ok(Ok(Ok(data))) => data,
            Ok(Ok(Err(e))) => return Err(e),
            Ok(Err(_)) => return Err(HttpClientError::NoEndpoint("the stream ended".into())),
            Err(_) => {
                task.abort();
                return Err(HttpClientError::Timeout("endpoint event"));
            }
        };
        let endpoint = match self.url.join(data.trim()) {
            Ok(u) if u.origin() == self.url.origin() => u,
            Ok(u) => {
                task.abort();
                return Err(HttpClientError::CrossOriginEndpoint(u.to_string()));
            }
            Err(e) => {
                task.abort();
                return Err(HttpClientError::NoEndpoint(format!("{data:?}: {e}")));
            }
        };
        self.tasks().other.push(task.abort_handle());
        self.lock().sse_endpoint = Some(endpoint);
        self.settle(Mode::HttpSse, Detected::HttpSse);
        Ok(())
    }

    async fn sse_reader(
        self: Arc<Self>,
        mut body: Incoming,
        endpoint: oneshot::Sender<Result<String, HttpClientError>>,
    ) {
        let mut decoder = Decoder::with_max_event_size(self.options.max_message_size);
        let mut endpoint = Some(endpoint);
        loop {
            let frame = tokio::select! {
                f = body.frame() => f,
                () = self.closed.cancelled() => return,
            };
            let data = match frame {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(d) => d,
                    Err(_) => continue,
                },
                Some(Err(e)) => {
                    self.end_sse(endpoint.take(), HttpClientError::Body(e.to_string())).await;
                    return;
                }
                None => {
                    self.end_sse(endpoint.take(), HttpClientError::StreamEnded).await;
                    return;
                }
            };
            let events = match decoder.feed(&data) {
                Ok(events) => events,
                Err(e) => {
                    self.end_sse(endpoint.take(), e.into()).await;
                    return;
                }
            };
            for event in events {
                if let Some(tx) = endpoint.take() {
                    if event.event_type() == "endpoint" {
                        let _ = tx.send(Ok(event.data));
                    } else {
                        let _ = tx.send(Err(HttpClientError::NoEndpoint(format!(
                            "first event was {:?}",
                            event.event_type()
                        ))));
                        return;
                    }
                    continue;
                }
                if event.event_type() != "message" || event.data.is_empty() {
                    continue;
                }
                match mcp_jsonrpc::decode_message(event.data.as_bytes()) {
                    Ok(m) => {
                        let m = match m.id().cloned() {
                            Some(_) if m.is_response() => self.snoop_sse(m),
                            _ => m,
                        };
                        self.deliver(Ok(m)).await;
                    }
                    Err(e) => self.deliver(Err(TransportError::Decode(e))).await,
                }
            }
        }
    }

    /// The HTTP+SSE stream carries responses without their request; `initialize` results are
    /// recognised by shape.
    fn snoop_sse(&self, m: Message) -> Message {
        match &m {
            Message::Response(r) if r.result.get().contains("\"protocolVersion\"") => {
                self.snoop(methods::INITIALIZE, m)
            }
            _ => m,
        }
    }

    async fn end_sse(
        &self,
        endpoint: Option<oneshot::Sender<Result<String, HttpClientError>>>,
        error: HttpClientError,
    ) {
        match endpoint {
            Some(tx) => {
                let _ = tx.send(Err(HttpClientError::NoEndpoint(error.to_string())));
            }
            None if !self.closed.is_cancelled() => self.fail_stream(error).await,
            None => {}
        }
    }

    /// POSTs a message to the HTTP+SSE endpoint; `2xx` (normally `202`) expected.
    async fn sse_post(self: &Arc<Self>, message: &Message) -> Result<(), HttpClientError> {
        let endpoint = self.lock().sse_endpoint.clone();
        let endpoint = match endpoint {
            Some(e) => e,
            None => {
                self.sse_connect().await?;
                self.lock().sse_endpoint.clone().ok_or(HttpClientError::NoEndpoint("not connected".into()))?
            }
        };
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
        h.insert(ACCEPT, HeaderValue::from_static(ACCEPT_BOTH));
        let response = self.http(Method::POST, &endpoint, h, message.to_vec().into()).await?;
        if !response.status().is_success() {
            return Err(self.status_error(response).await);
        }
        let _ = self.connector.read_body(response.into_body(), ERROR_BODY_MAX).await;
        Ok(())
    }

    // ----- closing -----------------------------------------------------------------------

    /// DELETE for a legacy session (2025-11-25 `basic/transports.mdx` "Session Management";
    /// `405` is fine), then everything stops.
    pub(crate) async fn close(self: &Arc<Self>) {
        let session = {
            let mut state = self.lock();
            if state.closing {
                None
            } else {
                state.closing = true;
                (state.mode == Mode::Legacy).then(|| state.session_id.clone()).flatten()
            }
        };
        if let Some(session) = session {
            let mut h = HeaderMap::new();
            if let Some(v) = header(&session) {
                h.insert(MCP_SESSION_ID, v);
            }
            if let Some(v) = self.lock().protocol_version.as_deref().and_then(header) {
                h.insert(MCP_PROTOCOL_VERSION, v);
            }
            match self.http(Method::DELETE, &self.url, h, Bytes::new()).await {
                Ok(r) => {
                    let _ = self.connector.read_body(r.into_body(), ERROR_BODY_MAX).await;
                }
                Err(e) => tracing::debug!(error = %e, "DELETE of the session failed"),
            }
        }
        self.abort_all();
    }
}

fn is_response_to(message: &Message, exchange: Option<&Exchange>) -> bool {
    match exchange {
        Some(ex) => message.is_response() && message.id() == Some(&ex.id),
        None => false,
    }
}
