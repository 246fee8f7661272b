//! Shared connection state and the path of one request: `_meta`, correlation, waiting,
//! timeout and cancellation.
//!
//! - Ids, the pending table and deadlines come from the sans-I/O
//!   [`Correlator`](mcp_jsonrpc::correlation::Correlator); the driver task feeds it what it
//!   reads and polls its timeouts.
//! - On 2026-07-28 every request carries `_meta` with `io.modelcontextprotocol/protocolVersion`,
//!   `clientCapabilities` and `clientInfo`, plus `logLevel` when set and `progressToken` when a
//!   progress callback is given (2026-07-28 `basic/index.mdx` "_meta"); legacy requests carry
//!   only `progressToken`.
//! - A request whose future is dropped before its response arrives is cancelled: removed from
//!   the table and announced with `notifications/cancelled` (stdio; 2026-07-28
//!   `basic/patterns/cancellation.mdx`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use mcp_jsonrpc::correlation::{CancelSignal, Correlator};
use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::common::Implementation;
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::meta_keys;
use mcp_jsonrpc::{Message, ProtocolVersion, RequestId, message::to_raw};
use serde_json::{Map, Value, json};
use tokio::sync::{Notify, mpsc, oneshot};

use crate::cache::ResultCache;
use crate::callbacks::{Callbacks, ProgressCallback};
use crate::error::{ClientError, Result};
use crate::negotiated::Negotiated;
use crate::options::RequestOptions;

/// What a pending request's caller waits on.
pub(crate) enum Waiter {
    /// A plain request: the result or error goes to `tx`. `announce_cancel` is false for the
    /// era probe, which a legacy server never sees cancelled.
    Once { tx: oneshot::Sender<Result<Value>>, announce_cancel: bool },
    /// A `subscriptions/listen`: notifications and the end go to the subscription.
    Listen(mpsc::UnboundedSender<crate::subscription::ListenItem>),
}

/// What the writer task sends.
pub(crate) enum Outgoing {
    Message(Message),
    Close(oneshot::Sender<()>),
}

/// Mutable per-connection tables, behind one lock held only briefly (never across `await`).
pub(crate) struct State {
    pub(crate) correlator: Correlator<Waiter>,
    pub(crate) progress: HashMap<String, ProgressCallback>,
    pub(crate) next_progress: u64,
    pub(crate) incoming_tasks: HashMap<RequestId, tokio::task::AbortHandle>,
}

/// Fixed settings chosen by the builder.
pub(crate) struct Config {
    pub(crate) client_info: Implementation,
    pub(crate) capabilities: ClientCapabilities,
    pub(crate) callbacks: Callbacks,
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) discover_timeout: Duration,
    pub(crate) forced_version: Option<ProtocolVersion>,
    pub(crate) max_input_rounds: u32,
    pub(crate) apply_elicitation_defaults: bool,
    pub(crate) cache_enabled: bool,
}

/// Everything a [`Client`](crate::Client) handle shares.
pub(crate) struct Inner {
    pub(crate) state: Mutex<State>,
    pub(crate) outgoing: mpsc::Sender<Outgoing>,
    pub(crate) wake: Notify,
    pub(crate) config: Config,
    pub(crate) negotiated: RwLock<Option<Negotiated>>,
    pub(crate) cache: ResultCache,
    pub(crate) auth_context: RwLock<Option<String>>,
    pub(crate) log_level: RwLock<Option<LoggingLevel>>,
    pub(crate) process: Option<mcp_transport::ProcessHandle>,
    pub(crate) driver_done: tokio::sync::watch::Receiver<bool>,
}

/// The version a request is built for.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// A modern request: `_meta` with these fields.
    Modern(ProtocolVersion),
    /// A legacy request (or one sent before the era is known, like `initialize`).
    Legacy,
}

impl Inner {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn new_state() -> State {
        State {
            correlator: Correlator::new(CancelSignal::Notification),
            progress: HashMap::new(),
            next_progress: 1,
            incoming_tasks: HashMap::new(),
        }
    }

    /// The negotiated connection, once era detection finished.
    pub(crate) fn negotiated(&self) -> Option<Negotiated> {
        self.negotiated.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The shape of requests on this connection (legacy until negotiated).
    pub(crate) fn shape(&self) -> Shape {
        match self.negotiated() {
            Some(n) if n.protocol_version.is_modern() => Shape::Modern(n.protocol_version),
            _ => Shape::Legacy,
        }
    }

    /// Adds the request `_meta` of 2026-07-28 `basic/index.mdx` to `params` (an object).
    pub(crate) fn modern_meta(&self, params: &mut Map<String, Value>, version: ProtocolVersion) {
        let meta = params.entry("_meta").or_insert_with(|| Value::Object(Map::new()));
        if !meta.is_object() {
            *meta = Value::Object(Map::new());
        }
        let meta = meta.as_object_mut().expect("made an object above");
        meta.insert(meta_keys::PROTOCOL_VERSION.into(), json!(version.as_str()));
        let caps = mcp_jsonrpc::schema::Revisioned::for_revision(self.config.capabilities.clone(), version);
        meta.insert(meta_keys::CLIENT_CAPABILITIES.into(), serde_json::to_value(caps).unwrap_or(json!({})));
        meta.insert(
            meta_keys::CLIENT_INFO.into(),
            serde_json::to_value(&self.config.client_info).unwrap_or(json!({})),
        );
        if let Some(level) = *self.log_level.read().unwrap_or_else(|e| e.into_inner()) {
            meta.insert(meta_keys::LOG_LEVEL.into(), json!(level.as_str()));
        }
    }

    /// Sends `method` with `params` and waits for the response; see the module docs.
    pub(crate) async fn call(
        self: &Arc<Self>,
        method: &str,
        params: Value,
        shape: Shape,
        options: &RequestOptions,
    ) -> Result<Value> {
        let timeout = options.timeout.or(self.config.request_timeout);
        self.call_with(method, params, shape, options.progress.clone(), timeout, true).await
    }

    /// [`Inner::call`] with explicit progress, timeout and whether a cancel is announced.
    pub(crate) async fn call_with(
        self: &Arc<Self>,
        method: &str,
        params: Value,
        shape: Shape,
        progress: Option<ProgressCallback>,
        timeout: Option<Duration>,
        announce_cancel: bool,
    ) -> Result<Value> {
        let mut params = match params {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                return Err(ClientError::Json(serde::de::Error::custom(format!(
                    "params must be an object: {other}"
                ))));
            }
        };
        if let Shape::Modern(version) = shape {
            self.modern_meta(&mut params, version);
        }
        let (tx, rx) = oneshot::channel();
        let mut guard = PendingGuard { inner: self.clone(), id: None, token: None };
        let request = {
            let mut state = self.lock();
            if let Some(cb) = progress {
                let n = state.next_progress;
                state.next_progress += 1;
                let token = format!("p{n}");
                let meta = params.entry("_meta").or_insert_with(|| json!({}));
                if let Some(meta) = meta.as_object_mut() {
                    meta.insert(meta_keys::PROGRESS_TOKEN.into(), json!(token));
                }
                state.progress.insert(token.clone(), cb);
                guard.token = Some(token);
            }
            let deadline = timeout.map(|t| crate::driver::now() + t);
            let raw = to_raw(&Value::Object(params))?;
            let request = state.correlator.outgoing.start_request(
                method,
                Some(raw),
                deadline,
                Waiter::Once { tx, announce_cancel },
            );
            guard.id = Some(request.id.clone());
            request
        };
        self.wake.notify_one();
        if self.outgoing.send(Outgoing::Message(request.into())).await.is_err() {
            return Err(ClientError::Closed);
        }
        let outcome = rx.await.unwrap_or(Err(ClientError::Closed));
        guard.id = None;
        outcome
    }

    /// Sends a notification.
    pub(crate) async fn notify(&self, method: &str, params: Option<Value>) -> Result<()> {
        let n = match params {
            Some(p) => mcp_jsonrpc::Notification::new(method, &p)?,
            None => mcp_jsonrpc::Notification::without_params(method),
        };
        self.outgoing.send(Outgoing::Message(n.into())).await.map_err(|_| ClientError::Closed)
    }

    /// Cancels the pending request `id` and announces it when the transport needs that.
    pub(crate) fn cancel(&self, id: &RequestId, reason: Option<String>) {
        let cancelled = self.lock().correlator.outgoing.cancel(id, reason);
        if let Ok(c) = cancelled {
            let announce = match &c.context {
                Waiter::Once { announce_cancel, .. } => *announce_cancel,
                Waiter::Listen(_) => true,
            };
            if let (true, Some(n)) = (announce, c.notification()) {
                // Best effort: a full or closed queue means the connection is going away.
                let _ = self.outgoing.try_send(Outgoing::Message(n.into()));
            }
        }
    }
}

/// Cancels the request if the caller stops waiting, and unregisters its progress token.
struct PendingGuard {
    inner: Arc<Inner>,
    id: Option<RequestId>,
    token: Option<String>,
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.inner.cancel(&id, Some("the client stopped waiting".into()));
        }
        if let Some(token) = self.token.take() {
            self.inner.lock().progress.remove(&token);
        }
    }
}
