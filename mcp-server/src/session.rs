//! Legacy connection state: the `initialize` handshake and what it negotiated.
//!
//! Legacy revisions (2024-11-05 … 2025-11-25, `basic/lifecycle.mdx`) open a session with
//! `initialize` (the server answers with the negotiated version, its capabilities and info)
//! and `notifications/initialized`; the client's capabilities hold for the whole session. The
//! log level (`logging/setLevel`, `server/utilities/logging.mdx`) and resource subscriptions
//! (`resources/subscribe`, `server/resources.mdx` "Subscriptions") are per session too. One
//! [`Session`] lives per stdio connection or per legacy HTTP session (`Mcp-Session-Id`).

use std::collections::BTreeSet;
use std::sync::Mutex;

use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::common::Implementation;
use mcp_jsonrpc::schema::logging::LoggingLevel;

/// The state of one legacy session.
#[derive(Debug, Default)]
pub struct Session {
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    version: Option<ProtocolVersion>,
    initialized: bool,
    client_capabilities: ClientCapabilities,
    client_info: Option<Implementation>,
    log_level: Option<LoggingLevel>,
    subscriptions: BTreeSet<String>,
}

impl Session {
    /// A session before `initialize`.
    pub fn new() -> Self {
        Session::default()
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The version negotiated by `initialize`, once it was answered.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.with(|s| s.version)
    }

    /// Whether the client sent `notifications/initialized`.
    pub fn is_initialized(&self) -> bool {
        self.with(|s| s.initialized)
    }

    /// The capabilities the client declared in `initialize` (empty before).
    pub fn client_capabilities(&self) -> ClientCapabilities {
        self.with(|s| s.client_capabilities.clone())
    }

    /// The client's `clientInfo` from `initialize`.
    pub fn client_info(&self) -> Option<Implementation> {
        self.with(|s| s.client_info.clone())
    }

    /// The minimum level set by `logging/setLevel` (`None`: not set, every level is sent).
    pub fn log_level(&self) -> Option<LoggingLevel> {
        self.with(|s| s.log_level)
    }

    /// Whether the client subscribed to updates of `uri`.
    pub fn is_subscribed(&self, uri: &str) -> bool {
        self.with(|s| s.subscriptions.contains(uri))
    }

    pub(crate) fn negotiate(
        &self,
        version: ProtocolVersion,
        caps: ClientCapabilities,
        info: Option<Implementation>,
    ) {
        self.with(|s| {
            s.version = Some(version);
            s.client_capabilities = caps;
            s.client_info = info;
        });
    }

    pub(crate) fn mark_initialized(&self) {
        self.with(|s| s.initialized = true);
    }

    pub(crate) fn set_log_level(&self, level: LoggingLevel) {
        self.with(|s| s.log_level = Some(level));
    }

    pub(crate) fn subscribe(&self, uri: String) {
        self.with(|s| s.subscriptions.insert(uri));
    }

    pub(crate) fn unsubscribe(&self, uri: &str) {
        self.with(|s| s.subscriptions.remove(uri));
    }
}
