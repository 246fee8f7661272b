//! [`McpHttpService`]: the HTTP server as a `tower::Service<http::Request<B>>`.
//!
//! Routing: the MCP endpoint ([`HttpServerConfig::endpoint`]) serves POST for both eras
//! ([`modern`](super::modern) when the request names 2026-07-28 in `MCP-Protocol-Version` or in
//! its `_meta`, [`legacy`](super::legacy) otherwise), GET and DELETE for legacy sessions, and
//! `405` for GET/DELETE without a session or with a 2026-07-28 version (2026-07-28
//! `streamable-http.mdx` "Earlier Streamable HTTP Revisions"). The HTTP+SSE endpoints
//! ([`sse_legacy`](super::sse_legacy)) serve the 2024-11-05 transport. Other paths get `404`.
//!
//! Every request first passes the `Host` and `Origin` checks ([`super::security`]),
//! then the [`Authenticator`].

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body::Body;
use mcp_jsonrpc::correlation::CancelledParams;
use mcp_jsonrpc::{ErrorCode, Message, Notification, ProtocolVersion};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::auth::{Anonymous, Authenticator, Challenge};
use super::body::{self, McpBody};
use super::config::{HostPolicy, HttpServerConfig};
use super::events::{EventStore, InMemoryEventStore};
use super::handler::{McpHttpHandler, RequestContext};
use super::live::{Out, RequestPeer, SessionCore, lock};
use super::security;
use super::sessions::{InMemorySessionStore, SessionStore};
use crate::peer::{BoxFuture, NullPeer};
use crate::principal::Principal;

/// The live parts of a session with the handler's state.
pub(crate) struct Live<S> {
    pub(crate) core: Arc<SessionCore>,
    pub(crate) state: S,
}

impl<S: Clone> Clone for Live<S> {
    fn clone(&self) -> Self {
        Live { core: self.core.clone(), state: self.state.clone() }
    }
}

/// How long `subscriptions/listen` streams get to end on their own at shutdown.
const LISTEN_CLOSE_DELAY: Duration = Duration::from_millis(500);

pub(crate) struct Shared<H: McpHttpHandler> {
    pub(crate) handler: Arc<H>,
    pub(crate) config: HttpServerConfig,
    pub(crate) auth: Arc<dyn Authenticator>,
    pub(crate) sessions: Arc<dyn SessionStore>,
    pub(crate) events: Arc<dyn EventStore>,
    pub(crate) live: Mutex<HashMap<String, Live<H::Session>>>,
    pub(crate) shutdown: CancellationToken,
    pub(crate) bound_port: OnceLock<u16>,
    last_reap: Mutex<Instant>,
}

/// The MCP HTTP server as a `tower::Service`: mount it in axum (`Router::route_service`)
/// or serve it with hyper ([`serve`](fn@super::serve)). Cheap to clone; clones share sessions.
///
/// `Response = http::Response<McpBody>`, `Error = Infallible`: every failure is an HTTP
/// response (4xx with a JSON-RPC error body, or a challenge from the authenticator).
pub struct McpHttpService<H: McpHttpHandler> {
    pub(crate) shared: Arc<Shared<H>>,
}

impl<H: McpHttpHandler> Clone for McpHttpService<H> {
    fn clone(&self) -> Self {
        McpHttpService { shared: self.shared.clone() }
    }
}

impl<H: McpHttpHandler> std::fmt::Debug for McpHttpService<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McpHttpService").field("config", &self.shared.config).finish_non_exhaustive()
    }
}

/// Builds an [`McpHttpService`] with a custom authenticator or stores.
pub struct McpHttpServiceBuilder<H: McpHttpHandler> {
    handler: Arc<H>,
    config: HttpServerConfig,
    auth: Arc<dyn Authenticator>,
    sessions: Arc<dyn SessionStore>,
    events: Option<Arc<dyn EventStore>>,
}

impl<H: McpHttpHandler> std::fmt::Debug for McpHttpServiceBuilder<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McpHttpServiceBuilder").field("config", &self.config).finish_non_exhaustive()
    }
}

impl<H: McpHttpHandler> McpHttpServiceBuilder<H> {
    /// Sets the authentication hook (default [`Anonymous`]).
    pub fn authenticator(mut self, auth: impl Authenticator) -> Self {
        self.auth = Arc::new(auth);
        self
    }

    /// Sets the session store (default [`InMemorySessionStore`]).
    pub fn session_store(mut self, store: Arc<dyn SessionStore>) -> Self {
        self.sessions = store;
        self
    }

    /// Sets the event store (default [`InMemoryEventStore`] keeping
    /// [`HttpServerConfig::events_per_stream`] events per stream).
    pub fn event_store(mut self, store: Arc<dyn EventStore>) -> Self {
        self.events = Some(store);
        self
    }

    /// Builds the service.
    pub fn build(self) -> McpHttpService<H> {
        let events =
            self.events.unwrap_or_else(|| Arc::new(InMemoryEventStore::new(self.config.events_per_stream)));
        McpHttpService {
            shared: Arc::new(Shared {
                handler: self.handler,
                config: self.config,
                auth: self.auth,
                sessions: self.sessions,
                events,
                live: Mutex::new(HashMap::new()),
                shutdown: CancellationToken::new(),
                bound_port: OnceLock::new(),
                last_reap: Mutex::new(Instant::now()),
            }),
        }
    }
}

impl<H: McpHttpHandler> McpHttpService<H> {
    /// A service for `handler` with `config`, anonymous callers and in-memory stores.
    pub fn new(handler: H, config: HttpServerConfig) -> Self {
        Self::builder(Arc::new(handler), config).build()
    }

    /// A builder for a shared `handler`.
    pub fn builder(handler: Arc<H>, config: HttpServerConfig) -> McpHttpServiceBuilder<H> {
        McpHttpServiceBuilder {
            handler,
            config,
            auth: Arc::new(Anonymous),
            sessions: Arc::new(InMemorySessionStore::new()),
            events: None,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &HttpServerConfig {
        &self.shared.config
    }

    /// The handler.
    pub fn handler(&self) -> &Arc<H> {
        &self.shared.handler
    }

    /// The number of live legacy sessions (Streamable HTTP and HTTP+SSE) on this instance.
    pub fn session_count(&self) -> usize {
        lock(&self.shared.live).len()
    }

    /// Records the port the server is bound to: with [`HostPolicy::Loopback`] without a port,
    /// `Host` must then name this port. [`serve`](fn@super::serve) calls it; the first call wins.
    pub fn set_bound_port(&self, port: u16) {
        let _ = self.shared.bound_port.set(port);
    }

    /// Ends legacy sessions idle longer than [`HttpServerConfig::session_idle_timeout`] (no
    /// request, nothing in flight, no open standalone stream); returns how many ended. Also
    /// run opportunistically (at most once a second) as requests arrive.
    pub async fn reap_idle_sessions(&self) -> usize {
        self.shared.reap().await
    }

    /// Begins shutdown: standalone GET streams and HTTP+SSE sessions end at once;
    /// `subscriptions/listen` requests still open 500 ms later are cancelled (the handler may
    /// end them with a final result first). Other in-flight requests run to completion.
    pub async fn begin_shutdown(&self) {
        self.shared.begin_shutdown().await;
    }
}

impl<H, B> tower_service::Service<Request<B>> for McpHttpService<H>
where
    H: McpHttpHandler,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<McpBody>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<McpBody>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let shared = self.shared.clone();
        Box::pin(async move { Ok(shared.handle(request).await) })
    }
}

enum Route {
    Mcp,
    SseStream,
    SsePost,
}

/// The `WWW-Authenticate` challenge response.
fn challenge(c: Challenge) -> Response<McpBody> {
    let mut response = match c.body {
        Some(v) => body::json_value(c.status, &v),
        None => body::rpc_error(
            c.status,
            None,
            ErrorCode::INVALID_REQUEST,
            c.status.canonical_reason().unwrap_or("Unauthorized"),
        ),
    };
    if let Some(value) = c.www_authenticate.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

impl<H: McpHttpHandler> Shared<H> {
    async fn handle<B>(self: Arc<Self>, request: Request<B>) -> Response<McpBody>
    where
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (parts, body) = request.into_parts();
        let path = parts.uri.path();
        let route = if path == self.config.endpoint {
            Route::Mcp
        } else if self.config.sse_endpoint.as_deref() == Some(path) {
            Route::SseStream
        } else if self.config.sse_endpoint.is_some() && path == self.config.sse_post_endpoint {
            Route::SsePost
        } else {
            return body::empty(StatusCode::NOT_FOUND);
        };
        let hosts = match (&self.config.hosts, self.bound_port.get()) {
            (HostPolicy::Loopback { port: None }, Some(p)) => HostPolicy::Loopback { port: Some(*p) },
            (policy, _) => policy.clone(),
        };
        if let Err(refusal) = security::check_host(&hosts, &parts.headers, &parts.uri)
            .and_then(|_| security::check_origin(&self.config.origins, &parts.headers))
        {
            return refusal;
        }
        self.maybe_reap().await;
        let principal = match self.auth.authenticate(&parts).await {
            Ok(p) => p,
            Err(c) => return challenge(c),
        };
        match (route, &parts.method) {
            (Route::Mcp, &Method::POST) => {
                let bytes = match self.read_post(&parts, body).await {
                    Ok(b) => b,
                    Err(refusal) => return refusal,
                };
                if super::modern::is_modern(&parts.headers, &bytes) {
                    self.modern_post(&parts, bytes, principal).await
                } else {
                    self.legacy_post(&parts, bytes, principal).await
                }
            }
            (Route::Mcp, m @ (&Method::GET | &Method::DELETE)) => {
                let modern_header = parts
                    .headers
                    .get(crate::http::headers::MCP_PROTOCOL_VERSION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(ProtocolVersion::parse)
                    .is_some_and(ProtocolVersion::is_modern);
                if modern_header || !parts.headers.contains_key(crate::http::headers::MCP_SESSION_ID) {
                    return body::method_not_allowed("POST");
                }
                if m == Method::GET {
                    self.legacy_get(&parts, principal).await
                } else {
                    self.legacy_delete(&parts, principal).await
                }
            }
            (Route::Mcp, _) => body::method_not_allowed("GET, POST, DELETE"),
            (Route::SseStream, &Method::GET) => self.sse_open(&parts, principal).await,
            (Route::SseStream, _) => body::method_not_allowed("GET"),
            (Route::SsePost, &Method::POST) => match self.read_post(&parts, body).await {
                Ok(bytes) => self.sse_post(&parts, bytes, principal).await,
                Err(refusal) => refusal,
            },
            (Route::SsePost, _) => body::method_not_allowed("POST"),
        }
    }

    async fn read_post<B>(&self, parts: &http::request::Parts, body: B) -> Result<Bytes, Response<McpBody>>
    where
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        security::check_content_type(&parts.headers)?;
        security::check_post_accept(&parts.headers)?;
        security::read_body(&parts.headers, body, self.config.max_body_bytes).await
    }

    /// Runs `request` on its own task; its messages and outcome arrive on the returned
    /// channel. On a session, the request is tracked in flight for `notifications/cancelled`.
    pub(crate) fn spawn_request(
        &self,
        request: mcp_jsonrpc::Request,
        principal: Principal,
        session: Option<Live<H::Session>>,
        cancel: CancellationToken,
        protocol_version: Option<ProtocolVersion>,
    ) -> mpsc::UnboundedReceiver<Out> {
        let (tx, rx) = mpsc::unbounded_channel();
        let core = session.as_ref().map(|s| s.core.clone());
        let peer = Arc::new(RequestPeer { out: tx.clone(), cancel: cancel.clone(), session: core.clone() });
        let cx = RequestContext {
            principal,
            peer,
            cancel: cancel.clone(),
            session: session.map(|s| s.state),
            protocol_version,
        };
        let handler = self.handler.clone();
        let id = request.id.clone();
        tokio::spawn(async move {
            let outcome = handler.handle_request(request, cx).await;
            if let Some(core) = core {
                lock(&core.in_flight).remove(&id);
                core.touch();
            }
            let outcome = if cancel.is_cancelled() { None } else { outcome };
            let _ = tx.send(Out::Done(outcome));
        });
        rx
    }

    /// Handles a client notification: `notifications/cancelled` cancels an in-flight request
    /// of the session; anything else goes to the handler.
    pub(crate) async fn notification(
        &self,
        notification: Notification,
        principal: Principal,
        session: Option<Live<H::Session>>,
        protocol_version: Option<ProtocolVersion>,
    ) {
        if notification.method == "notifications/cancelled" {
            if let (Some(live), Ok(params)) = (&session, notification.params_as::<CancelledParams>())
                && let Some(token) = lock(&live.core.in_flight).get(&params.request_id)
            {
                token.cancel();
            }
            return;
        }
        let cx = RequestContext {
            principal,
            peer: Arc::new(NullPeer),
            cancel: CancellationToken::new(),
            session: session.map(|s| s.state),
            protocol_version,
        };
        self.handler.handle_notification(notification, cx).await;
    }

    /// The live session `id` when it exists and belongs to `principal`.
    pub(crate) async fn find_session(&self, id: &str, principal: &Principal) -> Option<Live<H::Session>> {
        let live = lock(&self.live).get(id).cloned()?;
        if live.core.owner != principal.binding_key() || live.core.closed.is_cancelled() {
            return None;
        }
        // A store shared across instances may have ended the session elsewhere.
        self.sessions.get(id).await?;
        live.core.touch();
        Some(live)
    }

    /// Ends session `id`: forgets it, ends its live parts, tells the handler.
    pub(crate) async fn end_session(&self, id: &str) -> bool {
        let live = lock(&self.live).remove(id);
        let existed = self.sessions.remove(id).await;
        if let Some(live) = &live {
            live.core.close().await;
            self.handler.close_session(&live.state);
        }
        existed || live.is_some()
    }

    async fn maybe_reap(&self) {
        {
            let mut last = lock(&self.last_reap);
            if last.elapsed() < Duration::from_secs(1) {
                return;
            }
            *last = Instant::now();
        }
        self.reap().await;
    }

    async fn reap(&self) -> usize {
        let timeout = self.config.session_idle_timeout;
        let candidates: Vec<Live<H::Session>> = lock(&self.live).values().cloned().collect();
        let mut ended = 0;
        for live in candidates {
            let core = &live.core;
            if core.transport == super::sessions::SessionTransport::HttpSse {
                continue;
            }
            let idle = lock(&core.last_active).elapsed() >= timeout && lock(&core.in_flight).is_empty();
            let standalone = lock(&core.standalone).clone();
            let connected = match standalone {
                Some(s) => s.is_connected().await,
                None => false,
            };
            if idle && !connected && self.end_session(&core.id).await {
                ended += 1;
            }
        }
        ended
    }

    async fn begin_shutdown(&self) {
        // The handler may end its listen streams with a final result first (mcp-server's
        // `close_subscriptions`); those it leaves open are cancelled shortly after.
        let shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            tokio::time::sleep(LISTEN_CLOSE_DELAY).await;
            shutdown.cancel();
        });
        let all: Vec<Live<H::Session>> = lock(&self.live).values().cloned().collect();
        for live in all {
            if live.core.transport == super::sessions::SessionTransport::HttpSse {
                self.end_session(&live.core.id).await;
            } else if let Some(s) = lock(&live.core.standalone).take() {
                tokio::spawn(async move { s.finish().await });
            }
        }
    }
}

/// Collects a request's outcome, sending its other messages with `side` (used where no
/// stream is possible: a JSON-only client, a batch, `initialize`).
pub(crate) async fn drain(
    rx: &mut mpsc::UnboundedReceiver<Out>,
    side: impl Fn(Message) -> BoxFuture<'static, ()>,
) -> Option<Message> {
    while let Some(out) = rx.recv().await {
        match out {
            Out::Msg(m) => side(m).await,
            Out::CloseStream => {}
            Out::Done(outcome) => return outcome,
        }
    }
    None
}

/// The session id header value of a response.
pub(crate) fn session_header(id: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(id).ok()
}

/// `Message` as SSE `data`.
pub(crate) fn message_data(message: &Message) -> String {
    String::from_utf8(message.to_vec()).unwrap_or_default()
}
