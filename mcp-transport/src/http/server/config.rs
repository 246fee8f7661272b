//! Configuration of the HTTP server: paths, limits, allowlists, session and stream policy.

use std::time::Duration;

/// The default request body limit: 4 MiB (larger bodies get `413 Payload Too Large`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Which `Host` header values are accepted (DNS-rebinding protection, 2025-11-25
/// `security_best_practices.mdx`; 2026-07-28 `basic/transports/streamable-http.mdx`
/// "Security & Endpoint"). Any other value gets `403 Forbidden`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPolicy {
    /// The loopback names `localhost`, `127.0.0.1` and `[::1]`; with `port`, only that port
    /// (the bound port; [`serve`](fn@super::serve) fills it in), without, any port. The default.
    Loopback {
        /// The required port, or `None` for any.
        port: Option<u16>,
    },
    /// Exactly these `host` or `host:port` values (compared case-insensitively); a `host`
    /// entry without a port matches any port.
    List(Vec<String>),
    /// Every host: only behind a proxy that validates `Host` itself.
    Any,
}

/// Which `Origin` header values are accepted. A request without `Origin` (not from a
/// browser) passes; a present origin outside the policy gets `403 Forbidden` (2025-11-25 and
/// 2026-07-28 `transports`: "If the `Origin` header is present and invalid, servers MUST
/// respond with HTTP 403 Forbidden").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginPolicy {
    /// Origins whose host is a loopback name (`http://localhost:3000`, `https://127.0.0.1`,
    /// `http://[::1]:8080`), any scheme and port. The default.
    Loopback,
    /// Exactly these origins (`scheme://host[:port]`, compared case-insensitively).
    List(Vec<String>),
    /// Every origin.
    Any,
}

/// What happens when a legacy client opens a second standalone GET stream on a session
/// (2025-11-25 `basic/transports.mdx` "Listening for Messages from the Server").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StandaloneStreamPolicy {
    /// The new stream replaces the older one, which ends (a reconnecting client whose old
    /// connection is half-dead is not locked out). The default.
    #[default]
    ReplaceOlder,
    /// The new stream is refused with `409 Conflict` while the older one is open.
    Conflict,
}

/// The HTTP server's configuration. `Default` gives a local-only server: `/mcp`, HTTP+SSE at
/// `/sse` and `/messages`, 4 MiB bodies, loopback `Host` and `Origin` only.
#[derive(Debug, Clone)]
pub struct HttpServerConfig {
    /// The MCP endpoint path for Streamable HTTP, both eras (default `/mcp`).
    pub endpoint: String,
    /// The HTTP+SSE (2024-11-05) SSE endpoint (default `Some("/sse")`; `None` disables the
    /// legacy transport).
    pub sse_endpoint: Option<String>,
    /// The HTTP+SSE POST endpoint announced in the `endpoint` event (default `/messages`).
    pub sse_post_endpoint: String,
    /// The largest request body accepted, in bytes (default 4 MiB; larger: 413).
    pub max_body_bytes: usize,
    /// Accepted `Host` values (default [`HostPolicy::Loopback`] with any port).
    pub hosts: HostPolicy,
    /// Accepted `Origin` values (default [`OriginPolicy::Loopback`]).
    pub origins: OriginPolicy,
    /// A legacy session with no request and no open stream for this long is ended (default
    /// 30 minutes); its id then gets 404.
    pub session_idle_timeout: Duration,
    /// The `retry:` field, in milliseconds, sent with the priming event of legacy SSE streams
    /// (2025-11-25 "Resumability and Redelivery"; default 1000).
    pub sse_retry_ms: u64,
    /// Events kept per legacy stream for `Last-Event-ID` replay (default 1024; older events
    /// are dropped and a resumption that needs them gets 404).
    pub events_per_stream: usize,
    /// Interval of `:` keep-alive comments on long-lived SSE streams (default 15 s; `None`
    /// sends none).
    pub keep_alive: Option<Duration>,
    /// Second standalone GET stream on one legacy session (default: replaces the older).
    pub standalone_stream: StandaloneStreamPolicy,
    /// How long [`serve`](fn@super::serve) waits for in-flight requests after shutdown begins
    /// before closing the remaining connections (default 30 s).
    pub shutdown_grace: Duration,
}

impl Default for HttpServerConfig {
    fn default() -> Self {
        HttpServerConfig {
            endpoint: "/mcp".into(),
            sse_endpoint: Some("/sse".into()),
            sse_post_endpoint: "/messages".into(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            hosts: HostPolicy::Loopback { port: None },
            origins: OriginPolicy::Loopback,
            session_idle_timeout: Duration::from_secs(30 * 60),
            sse_retry_ms: 1000,
            events_per_stream: 1024,
            keep_alive: Some(Duration::from_secs(15)),
            standalone_stream: StandaloneStreamPolicy::ReplaceOlder,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl HttpServerConfig {
    /// Builder: sets the MCP endpoint path.
    pub fn with_endpoint(mut self, path: impl Into<String>) -> Self {
        self.endpoint = path.into();
        self
    }

    /// Builder: sets the `Host` policy.
    pub fn with_hosts(mut self, hosts: HostPolicy) -> Self {
        self.hosts = hosts;
        self
    }

    /// Builder: sets the `Origin` policy.
    pub fn with_origins(mut self, origins: OriginPolicy) -> Self {
        self.origins = origins;
        self
    }

    /// Builder: sets the body limit in bytes.
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Builder: sets the idle timeout of legacy sessions.
    pub fn with_session_idle_timeout(mut self, timeout: Duration) -> Self {
        self.session_idle_timeout = timeout;
        self
    }
}
