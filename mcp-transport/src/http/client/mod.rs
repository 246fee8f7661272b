//! The client side of the HTTP transports: Streamable HTTP in both eras and HTTP+SSE, behind
//! one [`Transport`] ([`HttpClientTransport`]).
//!
//! Every message the client sends becomes an HTTP request; whatever comes back (a JSON body,
//! an SSE response stream, the legacy standalone GET stream, the HTTP+SSE event stream) feeds
//! the receiving side, so a client role runs over HTTP exactly as over stdio.
//!
//! - **Modern** (2026-07-28 `basic/transports/streamable-http.mdx`): every POST carries
//!   `Accept: application/json, text/event-stream`, `Content-Type: application/json`,
//!   `MCP-Protocol-Version` (the request's `_meta` revision), `Mcp-Method`, `Mcp-Name` (for
//!   `tools/call`, `resources/read`, `prompts/get`) and `Mcp-Param-*` from the tool's
//!   `x-mcp-header` annotations ([`crate::http::param`]). The annotations are learnt from the
//!   `tools/list` results that pass through the transport (tools with invalid annotations are
//!   dropped from those results, as the spec requires of HTTP clients) or registered with
//!   [`HttpClientHandle::register_tool`]. Cancelling a request (a `notifications/cancelled`
//!   sent by the client role) closes its response stream instead of being POSTed; there is
//!   no session and no GET.
//! - **Legacy** (2025-03-26 … 2025-11-25 `basic/transports.mdx`): the `Mcp-Session-Id` of the
//!   `initialize` response is echoed on every later request, with `MCP-Protocol-Version` once
//!   negotiated; after `notifications/initialized` the standalone GET stream is opened (`405`
//!   and `400` tolerated; sending the notification returns once the GET has its response
//!   head, at most 2 s later, so server requests sent right away are not lost); a broken
//!   POST or GET stream is resumed with GET + `Last-Event-ID`
//!   after the `retry` delay; priming events (empty `data`) and comment lines are skipped;
//!   server-to-client requests arrive on the streams and their responses are POSTed (202).
//!   A `404` on a request bearing the session id means the session ended: the transport
//!   emits [`HttpEvent::SessionExpired`], re-sends the client's `initialize` (without the id)
//!   and `notifications/initialized`, and retries the request
//!   ([`HttpClientOptions::reinitialize`]); if that is off or fails, the receiving side yields
//!   [`HttpClientError::SessionExpired`] so the client can start over. `close` sends DELETE.
//! - **HTTP+SSE** (2024-11-05 `basic/transports.mdx`): GET the URL, wait for
//!   `event: endpoint`, resolve its data against the URL (another origin is rejected), POST
//!   every message there (202 expected), receive `event: message`.
//! - **Detection** ([`detect`]): per the backwards-compatibility procedure, cached per origin;
//!   [`HttpClientOptions::transport`] forces a kind.
//! - **Credentials** ([`credentials`]): a [`CredentialsProvider`] is asked for `Authorization`
//!   on every request and told about every `401`/`403`.
//!
//! A request that fails at the HTTP level is answered on the receiving side with a JSON-RPC
//! error response for its id: the server's JSON-RPC error when the body holds one, otherwise
//! `-32603` with `data: {"httpStatus": N}` (or no status for network failures).

mod connector;
pub mod credentials;
pub mod detect;
mod engine;
pub mod error;

use std::sync::Arc;
use std::time::Duration;

use mcp_jsonrpc::Message;
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

pub use credentials::{AuthAction, CredentialsProvider, StaticCredentials, Unauthorized};
pub use detect::{Detected, DetectionCache, TransportKind};
pub use error::HttpClientError;
/// URLs as the client transports take them (re-exported from the `url` crate).
pub use url::Url;

use crate::error::TransportError;
use crate::http::param::HeaderAnnotations;
use crate::transport::{MessageSink, MessageStream, Transport};

/// Settings of an [`HttpClientTransport`].
#[derive(Clone)]
pub struct HttpClientOptions {
    /// Which transport to use (default [`TransportKind::Auto`]: detect).
    pub transport: TransportKind,
    /// Adds `Authorization` to every request and reacts to `401`/`403` (default none).
    pub credentials: Option<Arc<dyn CredentialsProvider>>,
    /// Where detection results are cached per origin (default [`DetectionCache::global`]).
    pub cache: Arc<DetectionCache>,
    /// TCP (and TLS) connect timeout (default 10 s).
    pub connect_timeout: Duration,
    /// Bound on waiting for a response head, and on reading a whole JSON body (default 60 s).
    pub response_timeout: Duration,
    /// Bound on waiting for the HTTP+SSE `endpoint` event (default 10 s).
    pub endpoint_timeout: Duration,
    /// Idle pooled connections are closed after this (default 30 s).
    pub pool_idle_timeout: Duration,
    /// Delay before reconnecting a legacy stream when the server sent no `retry` (default 1 s).
    pub default_retry: Duration,
    /// Reconnection attempts for one broken legacy stream without progress (default 5).
    pub max_reconnects: u32,
    /// Whether to open the legacy standalone GET stream after initialization (default true).
    pub standalone_stream: bool,
    /// Whether a legacy `404` (session ended) re-initializes transparently (default true).
    pub reinitialize: bool,
    /// Largest JSON body or SSE event accepted, in bytes (default 16 MiB).
    pub max_message_size: usize,
}

impl Default for HttpClientOptions {
    fn default() -> Self {
        HttpClientOptions {
            transport: TransportKind::Auto,
            credentials: None,
            cache: DetectionCache::global(),
            connect_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(60),
            endpoint_timeout: Duration::from_secs(10),
            pool_idle_timeout: Duration::from_secs(30),
            default_retry: Duration::from_secs(1),
            max_reconnects: 5,
            standalone_stream: true,
            reinitialize: true,
            max_message_size: 16 * 1024 * 1024,
        }
    }
}

impl std::fmt::Debug for HttpClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClientOptions")
            .field("transport", &self.transport)
            .field("credentials", &self.credentials.is_some())
            .field("response_timeout", &self.response_timeout)
            .finish_non_exhaustive()
    }
}

/// Something the transport observed, for observers ([`HttpClientHandle::events`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpEvent {
    /// Detection settled (or a cached result was used).
    Detected(Detected),
    /// A legacy session was established; the value is its `Mcp-Session-Id` (`None` when the
    /// server assigned none).
    SessionStarted(Option<String>),
    /// A request bearing the session id got `404`: the session ended.
    SessionExpired,
    /// A new session replaced an ended one (transparent re-initialization).
    Reinitialized,
    /// A legacy stream was resumed with `Last-Event-ID`.
    Resumed {
        /// The `Last-Event-ID` sent.
        last_event_id: String,
    },
    /// The standalone GET stream was refused with this status (405 is normal).
    StandaloneRefused(u16),
    /// A tool was dropped from a `tools/list` result because of an invalid `x-mcp-header`.
    ToolRejected {
        /// The tool name.
        tool: String,
        /// Why.
        reason: String,
    },
}

/// A client transport over HTTP (Streamable HTTP in either era, or HTTP+SSE).
#[derive(Debug)]
pub struct HttpClientTransport {
    sink: HttpSink,
    stream: HttpStream,
}

/// The sending half of an [`HttpClientTransport`].
#[derive(Debug)]
pub struct HttpSink {
    shared: Arc<engine::Shared>,
}

/// The receiving half of an [`HttpClientTransport`].
#[derive(Debug)]
pub struct HttpStream {
    rx: mpsc::Receiver<Result<Message, TransportError>>,
    closed: CancellationToken,
}

/// Inspects and configures a running [`HttpClientTransport`]; cheap to clone.
#[derive(Debug, Clone)]
pub struct HttpClientHandle {
    shared: Arc<engine::Shared>,
}

impl HttpClientTransport {
    /// A transport for the MCP endpoint `url` (`http` or `https`). No I/O happens until the
    /// first message is sent. Needs a tokio runtime.
    ///
    /// # Errors
    /// [`HttpClientError::InvalidUrl`] for a URL that is not absolute `http(s)`;
    /// [`HttpClientError::Tls`] when the TLS configuration cannot be built.
    pub fn new(url: &str, options: HttpClientOptions) -> Result<Self, HttpClientError> {
        let url = Url::parse(url).map_err(|e| HttpClientError::InvalidUrl(format!("{url}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(HttpClientError::InvalidUrl(url.to_string()));
        }
        let (tx, rx) = mpsc::channel(1024);
        let closed = CancellationToken::new();
        let shared = engine::Shared::new(url, options, tx, closed.clone())?;
        Ok(HttpClientTransport { sink: HttpSink { shared }, stream: HttpStream { rx, closed } })
    }

    /// A handle for inspecting the transport after it was split or handed to a client.
    pub fn handle(&self) -> HttpClientHandle {
        HttpClientHandle { shared: self.sink.shared.clone() }
    }
}

impl HttpClientHandle {
    /// The detection result: cached at creation, or settled by traffic; `None` while unknown.
    pub fn detected(&self) -> Option<Detected> {
        *self.shared.detected.borrow()
    }

    /// Waits until detection settles (bounded by `timeout`); `None` on timeout.
    pub async fn wait_detected(&self, timeout: Duration) -> Option<Detected> {
        let mut rx = self.shared.detected.subscribe();
        let waited = tokio::time::timeout(timeout, rx.wait_for(Option::is_some)).await;
        waited.ok().and_then(|r| r.ok().and_then(|d| *d))
    }

    /// The current legacy `Mcp-Session-Id`, if any.
    pub fn session_id(&self) -> Option<String> {
        self.shared.session_id()
    }

    /// The endpoint URL.
    pub fn url(&self) -> &Url {
        &self.shared.url
    }

    /// Subscribes to [`HttpEvent`]s from now on.
    pub fn events(&self) -> broadcast::Receiver<HttpEvent> {
        self.shared.events.subscribe()
    }

    /// Registers the `x-mcp-header` annotations of a tool (normally learnt from `tools/list`
    /// results), used for the `Mcp-Param-*` headers of its `tools/call`.
    pub fn register_tool(&self, name: impl Into<String>, annotations: HeaderAnnotations) {
        self.shared.register_tool(name.into(), annotations);
    }

    /// Forgets the cached detection result of this endpoint's origin.
    pub fn forget_detection(&self) {
        self.shared.options.cache.remove(&self.shared.url);
    }
}

impl MessageSink for HttpSink {
    /// Sends one message. A request is POSTed in the background (its response arrives on the
    /// receiving side, an HTTP failure as a JSON-RPC error response); a notification or
    /// response is POSTed before this returns, so messages keep their order.
    fn send(
        &mut self,
        message: Message,
    ) -> impl std::future::Future<Output = Result<(), TransportError>> + Send {
        let shared = self.shared.clone();
        async move { shared.send(message).await.map_err(TransportError::from) }
    }

    /// Ends the transport: DELETE for a legacy session (405 tolerated), then every stream is
    /// closed and the receiving side ends.
    fn close(&mut self) -> impl std::future::Future<Output = Result<(), TransportError>> + Send {
        let shared = self.shared.clone();
        async move {
            shared.close().await;
            Ok(())
        }
    }
}

impl MessageStream for HttpStream {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        tokio::select! {
            biased;
            m = self.rx.recv() => m,
            () = self.closed.cancelled() => self.rx.try_recv().ok(),
        }
    }
}

impl MessageSink for HttpClientTransport {
    fn send(
        &mut self,
        message: Message,
    ) -> impl std::future::Future<Output = Result<(), TransportError>> + Send {
        self.sink.send(message)
    }
    fn close(&mut self) -> impl std::future::Future<Output = Result<(), TransportError>> + Send {
        self.sink.close()
    }
}

impl MessageStream for HttpClientTransport {
    fn recv(&mut self) -> impl std::future::Future<Output = Option<Result<Message, TransportError>>> + Send {
        self.stream.recv()
    }
}

impl Transport for HttpClientTransport {
    type Sink = HttpSink;
    type Stream = HttpStream;

    fn split(self) -> (HttpSink, HttpStream) {
        (self.sink, self.stream)
    }
}

impl Drop for HttpSink {
    fn drop(&mut self) {
        // Stop background readers; a DELETE needs `close`.
        self.shared.abort_all();
    }
}
