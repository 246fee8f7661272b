//! Configuring and connecting a [`Client`].

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::capabilities::{
    ClientCapabilities, ElicitationCapability, RootsCapability, SamplingCapability,
};
use mcp_jsonrpc::schema::common::{Implementation, JsonObject};
use mcp_transport::{ChildProcessTransport, ProcessHandle, ServerCommand, Transport};
use tokio::sync::{Notify, mpsc, watch};

use crate::cache::ResultCache;
use crate::callbacks::{Callbacks, ElicitationHandler, RootsHandler, SamplingHandler};
use crate::client::Client;
use crate::clock::{SharedClock, SystemClock};
use crate::error::Result;
use crate::notifications::ServerNotification;
use crate::rpc::{Config, Inner};

/// Default timeout of every request (none for `subscriptions/listen`).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time the `server/discover` probe waits before concluding "legacy"
/// (2026-07-28 `basic/transports/stdio.mdx`: a timeout means legacy).
pub const DEFAULT_DISCOVER_TIMEOUT: Duration = Duration::from_secs(3);
/// Default bound on input-required rounds of one call (`basic/patterns/mrtr.mdx`).
pub const DEFAULT_MAX_INPUT_ROUNDS: u32 = 8;

/// Builds a [`Client`]: identity, callbacks (which decide the declared capabilities),
/// timeouts, revision, cache; then [`connect`](ClientBuilder::connect) or
/// [`spawn`](ClientBuilder::spawn).
pub struct ClientBuilder {
    client_info: Implementation,
    callbacks: Callbacks,
    url_elicitation: bool,
    extensions: Vec<(String, JsonObject)>,
    request_timeout: Option<Duration>,
    discover_timeout: Duration,
    forced_version: Option<ProtocolVersion>,
    max_input_rounds: u32,
    apply_elicitation_defaults: bool,
    cache_enabled: bool,
    clock: SharedClock,
    auth_context: Option<String>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder").field("client_info", &self.client_info).finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            client_info: Implementation::new("mcp-rs-client", env!("CARGO_PKG_VERSION")),
            callbacks: Callbacks::default(),
            url_elicitation: false,
            extensions: Vec::new(),
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            discover_timeout: DEFAULT_DISCOVER_TIMEOUT,
            forced_version: None,
            max_input_rounds: DEFAULT_MAX_INPUT_ROUNDS,
            apply_elicitation_defaults: true,
            cache_enabled: true,
            clock: Arc::new(SystemClock),
            auth_context: None,
        }
    }
}

impl ClientBuilder {
    /// A builder with defaults: no callbacks (so no client capabilities), 60 s request
    /// timeout, 3 s discover probe, era detection, cache on, 8 input rounds.
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// The client's `Implementation` (`clientInfo`), sent in `initialize` and in every modern
    /// request's `_meta`.
    pub fn client_info(mut self, info: Implementation) -> Self {
        self.client_info = info;
        self
    }

    /// Handles elicitation; declares the `elicitation` capability (form mode; see
    /// [`url_elicitation`](Self::url_elicitation)).
    pub fn elicitation(mut self, handler: impl ElicitationHandler) -> Self {
        self.callbacks.elicitation = Some(Arc::new(handler));
        self
    }

    /// Also declares URL-mode elicitation (`elicitation.url`, 2025-11-25 and later).
    pub fn url_elicitation(mut self, enabled: bool) -> Self {
        self.url_elicitation = enabled;
        self
    }

    /// Handles sampling; declares the `sampling` capability.
    pub fn sampling(mut self, handler: impl SamplingHandler) -> Self {
        self.callbacks.sampling = Some(Arc::new(handler));
        self
    }

    /// Handles `roots/list`; declares the `roots` capability.
    pub fn roots(mut self, handler: impl RootsHandler) -> Self {
        self.callbacks.roots = Some(Arc::new(handler));
        self
    }

    /// Receives every server notification that is not part of a listen stream.
    pub fn on_notification(mut self, handler: impl Fn(ServerNotification) + Send + Sync + 'static) -> Self {
        self.callbacks.notifications = Some(Arc::new(handler));
        self
    }

    /// Declares a 2026-07-28 extension (e.g. `io.modelcontextprotocol/tasks`) with settings.
    pub fn extension(mut self, id: impl Into<String>, settings: JsonObject) -> Self {
        self.extensions.push((id.into(), settings));
        self
    }

    /// Default timeout of each request (`None`: wait forever).
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long the `server/discover` probe waits before concluding the server is legacy.
    pub fn discover_timeout(mut self, timeout: Duration) -> Self {
        self.discover_timeout = timeout;
        self
    }

    /// Forces a revision instead of detecting the era: a modern one still sends
    /// `server/discover` but never falls back; a legacy one runs `initialize` offering it and
    /// accepts only that revision.
    pub fn protocol_version(mut self, version: ProtocolVersion) -> Self {
        self.forced_version = Some(version);
        self
    }

    /// Bounds the input-required rounds of one call (default 8).
    pub fn max_input_rounds(mut self, rounds: u32) -> Self {
        self.max_input_rounds = rounds;
        self
    }

    /// Whether accepted form elicitations get the schema's `default` for omitted fields
    /// (default true; [`crate::elicitation_defaults`]).
    pub fn apply_elicitation_defaults(mut self, enabled: bool) -> Self {
        self.apply_elicitation_defaults = enabled;
        self
    }

    /// Turns the `ttlMs`/`cacheScope` result cache on or off (default on).
    pub fn cache(mut self, enabled: bool) -> Self {
        self.cache_enabled = enabled;
        self
    }

    /// The clock of the cache (tests inject a [`ManualClock`](crate::clock::ManualClock)).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// The initial authorization context key; see [`Client::set_authorization_context`].
    pub fn authorization_context(mut self, key: impl Into<String>) -> Self {
        self.auth_context = Some(key.into());
        self
    }

    fn capabilities(&self) -> ClientCapabilities {
        let mut caps = ClientCapabilities::default();
        if self.callbacks.elicitation.is_some() {
            caps.elicitation = Some(ElicitationCapability {
                form: Some(JsonObject::new()),
                url: self.url_elicitation.then(JsonObject::new),
                ..Default::default()
            });
        }
        if self.callbacks.sampling.is_some() {
            caps.sampling = Some(SamplingCapability::default());
        }
        if self.callbacks.roots.is_some() {
            caps.roots = Some(RootsCapability::default());
        }
        if !self.extensions.is_empty() {
            caps.extensions = Some(self.extensions.iter().cloned().collect());
        }
        caps
    }

    /// Connects over any transport and runs era detection.
    ///
    /// # Errors
    /// Negotiation failures ([`ClientError::Version`](crate::ClientError::Version), a closed
    /// transport, an `initialize` error); the transport is closed then.
    pub async fn connect(self, transport: impl Transport) -> Result<Client> {
        self.start(transport, None).await
    }

    /// Spawns `command` as a stdio server (2026-07-28 `basic/transports/stdio.mdx`), connects
    /// over its pipes and runs era detection. [`Client::close`] shuts it down.
    ///
    /// # Errors
    /// [`ClientError::Transport`](crate::ClientError::Transport) when it cannot be spawned, and
    /// as [`connect`](Self::connect).
    pub async fn spawn(self, command: &ServerCommand) -> Result<Client> {
        let transport = ChildProcessTransport::spawn(command)?;
        let handle = transport.handle();
        self.start(transport, Some(handle)).await
    }

    async fn start(self, transport: impl Transport, process: Option<ProcessHandle>) -> Result<Client> {
        let capabilities = self.capabilities();
        let (sink, stream) = transport.split();
        let (tx, rx) = mpsc::channel(256);
        let (done_tx, done_rx) = watch::channel(false);
        let inner = Arc::new(Inner {
            state: Mutex::new(Inner::new_state()),
            outgoing: tx,
            wake: Notify::new(),
            config: Config {
                client_info: self.client_info,
                capabilities,
                callbacks: self.callbacks,
                request_timeout: self.request_timeout,
                discover_timeout: self.discover_timeout,
                forced_version: self.forced_version,
                max_input_rounds: self.max_input_rounds,
                apply_elicitation_defaults: self.apply_elicitation_defaults,
                cache_enabled: self.cache_enabled,
            },
            negotiated: RwLock::new(None),
            cache: ResultCache::new(self.clock),
            auth_context: RwLock::new(self.auth_context),
            log_level: RwLock::new(None),
            process,
            driver_done: done_rx,
        });
        tokio::spawn(crate::driver::write_loop(sink, rx));
        tokio::spawn(crate::driver::read_loop(inner.clone(), stream, done_tx));
        let client = Client::from_inner(inner);
        match crate::era::negotiate(&client.inner).await {
            Ok(n) => {
                *client.inner.negotiated.write().unwrap_or_else(|e| e.into_inner()) = Some(n);
                Ok(client)
            }
            Err(e) => {
                let _ = client.close().await;
                Err(e)
            }
        }
    }
}
