//! The [`Client`] handle: connection state, raw requests and shutdown. The typed methods are
//! in [`crate::methods`], [`crate::pagination`] and [`crate::tasks`].

use std::sync::Arc;

use mcp_jsonrpc::schema::capabilities::ServerCapabilities;
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::{Era, ProtocolVersion};
use mcp_transport::{ServerCommand, ShutdownOutcome, Transport};
use serde_json::{Map, Value};
use tokio::sync::oneshot;

use crate::builder::ClientBuilder;
use crate::cache::ResultCache;
use crate::error::{ClientError, Result};
use crate::negotiated::Negotiated;
use crate::options::RequestOptions;
use crate::rpc::{Inner, Outgoing};

/// A connection to one MCP server, in either protocol era.
///
/// Cheap to clone; all clones share the connection. When the last clone is dropped the
/// sending direction is closed (a stdio server then sees end of file and SHOULD exit;
/// 2026-07-28 `basic/transports/stdio.mdx`). Requests may run concurrently from many tasks.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    _close_on_drop: Arc<CloseOnDrop>,
}

struct CloseOnDrop(Arc<Inner>);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        let (tx, _rx) = oneshot::channel();
        let _ = self.0.outgoing.try_send(Outgoing::Close(tx));
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("negotiated", &self.inner.negotiated()).finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Client {
        Client { _close_on_drop: Arc::new(CloseOnDrop(inner.clone())), inner }
    }

    /// A [`ClientBuilder`] with defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Connects over `transport` with default settings; see [`ClientBuilder::connect`].
    ///
    /// # Errors
    /// As [`ClientBuilder::connect`].
    pub async fn connect(transport: impl Transport) -> Result<Client> {
        ClientBuilder::new().connect(transport).await
    }

    /// Spawns a stdio server with default settings; see [`ClientBuilder::spawn`].
    ///
    /// # Errors
    /// As [`ClientBuilder::spawn`].
    pub async fn spawn(command: &ServerCommand) -> Result<Client> {
        ClientBuilder::new().spawn(command).await
    }

    /// What era detection settled.
    pub fn negotiated(&self) -> Negotiated {
        self.inner.negotiated().expect("a connected client has negotiated")
    }

    /// The revision in use.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.negotiated().protocol_version
    }

    /// The era in use.
    pub fn era(&self) -> Era {
        self.protocol_version().era()
    }

    /// The server's capabilities, when known.
    pub fn server_capabilities(&self) -> Option<ServerCapabilities> {
        self.negotiated().capabilities
    }

    /// Sets the authorization context key: `cacheScope: "private"` results are cached per key
    /// and never served under another one (2026-07-28 `server/utilities/caching.mdx`). Use a
    /// value that identifies the principal (e.g. a hash of the user id and token subject).
    pub fn set_authorization_context(&self, key: Option<String>) {
        *self.inner.auth_context.write().unwrap_or_else(|e| e.into_inner()) = key;
    }

    /// The result cache (for inspection and manual invalidation).
    pub fn cache(&self) -> &ResultCache {
        &self.inner.cache
    }

    /// Sets the log level. Legacy: sends `logging/setLevel` (2025-11-25
    /// `server/utilities/logging.mdx`). 2026-07-28: stored and sent as
    /// `_meta.io.modelcontextprotocol/logLevel` on every later request (the server emits no
    /// log messages without it); `None` stops sending it.
    ///
    /// # Errors
    /// The server's error for `logging/setLevel`; setting `None` on legacy is a no-op.
    pub async fn set_log_level(&self, level: Option<LoggingLevel>) -> Result<()> {
        if self.era() == Era::Modern {
            *self.inner.log_level.write().unwrap_or_else(|e| e.into_inner()) = level;
            return Ok(());
        }
        let Some(level) = level else { return Ok(()) };
        let mut params = Map::new();
        params.insert("level".into(), Value::from(level.as_str()));
        self.request_raw(mcp_jsonrpc::schema::methods::LOGGING_SET_LEVEL, params, &RequestOptions::new())
            .await?;
        Ok(())
    }

    /// Sends any request with `params` (an object; modern `_meta` is added) and returns the
    /// raw result, after the `resultType` check, the cache and the input-required loop where
    /// the method allows them.
    ///
    /// # Errors
    /// The server's JSON-RPC error, [`ClientError::Timeout`], [`ClientError::Closed`], ...
    pub async fn request_raw(
        &self,
        method: &str,
        params: Map<String, Value>,
        options: &RequestOptions,
    ) -> Result<Value> {
        let allows_input = matches!(
            method,
            mcp_jsonrpc::schema::methods::TOOLS_CALL
                | mcp_jsonrpc::schema::methods::RESOURCES_READ
                | mcp_jsonrpc::schema::methods::PROMPTS_GET
        );
        let selector =
            params.get("uri").or_else(|| params.get("cursor")).and_then(Value::as_str).map(str::to_owned);
        crate::request::send(&self.inner, method, params, selector.as_deref(), allows_input, options).await
    }

    /// Sends a notification (e.g. `notifications/roots/list_changed` on legacy).
    ///
    /// # Errors
    /// [`ClientError::Closed`] when the connection is gone.
    pub async fn notify(&self, method: &str, params: Option<Value>) -> Result<()> {
        self.inner.notify(method, params).await
    }

    /// Whether the connection has ended (the server closed its side or the transport failed).
    pub fn is_closed(&self) -> bool {
        *self.inner.driver_done.borrow()
    }

    /// Closes the connection: closes the sending direction; for a spawned server, runs the
    /// stdio shutdown sequence (close stdin, wait, `SIGTERM`, wait, `SIGKILL`; 2026-07-28
    /// `basic/transports/stdio.mdx`) and returns how it ended. Pending requests fail with
    /// [`ClientError::Closed`] once the server's side closes.
    ///
    /// # Errors
    /// [`ClientError::Transport`] when waiting for or signalling the child fails.
    pub async fn close(&self) -> Result<Option<ShutdownOutcome>> {
        let (tx, rx) = oneshot::channel();
        if self.inner.outgoing.send(Outgoing::Close(tx)).await.is_ok() {
            let _ = rx.await;
        }
        match &self.inner.process {
            Some(process) => Ok(Some(process.shutdown().await.map_err(ClientError::from)?)),
            None => Ok(None),
        }
    }

    /// Waits until the connection has ended.
    pub async fn closed(&self) {
        let mut done = self.inner.driver_done.clone();
        let _ = done.wait_for(|d| *d).await;
    }
}
