//! User callbacks for what a server asks of the client: elicitation, sampling and roots.
//!
//! One callback serves both eras (ARCHITECTURE.md "Two protocol eras, one API"):
//!
//! - legacy revisions: the server sends a real JSON-RPC request (`elicitation/create`,
//!   `sampling/createMessage`, `roots/list`) and the callback's value is the JSON-RPC result
//!   (2025-11-25 `client/elicitation.mdx`, `client/sampling.mdx`, `client/roots.mdx`);
//! - 2026-07-28: the same requests arrive as `inputRequests` of an `InputRequiredResult` and
//!   the callback's value becomes the matching `inputResponses` entry of the retry
//!   (2026-07-28 `basic/patterns/mrtr.mdx`).
//!
//! A client declares a capability only for the callbacks it has; a legacy request for which
//! no callback is registered is answered with `-32601` (method not found).
//!
//! Callbacks are traits with a boxed-future method, implemented for every
//! `Fn(params) -> impl Future` closure, so either form works:
//!
//! ```
//! use mcp_client::callbacks::ElicitationHandler;
//! use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
//! let handler = |_req: ElicitRequestParams| async { Ok(ElicitResult::decline()) };
//! fn takes(_: impl ElicitationHandler) {}
//! takes(handler);
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};

use crate::notifications::ServerNotification;

/// A boxed, `Send` future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Answers `elicitation/create` (form or URL mode): asks the user and reports
/// `accept`/`decline`/`cancel` (2026-07-28 `client/elicitation.mdx`). An `Err` becomes a
/// JSON-RPC error on legacy connections and fails the call on modern ones.
pub trait ElicitationHandler: Send + Sync + 'static {
    /// Handles one elicitation.
    fn elicit(&self, request: ElicitRequestParams) -> BoxFuture<Result<ElicitResult, ErrorObject>>;
}

impl<F, Fut> ElicitationHandler for F
where
    F: Fn(ElicitRequestParams) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ElicitResult, ErrorObject>> + Send + 'static,
{
    fn elicit(&self, request: ElicitRequestParams) -> BoxFuture<Result<ElicitResult, ErrorObject>> {
        Box::pin(self(request))
    }
}

/// Answers `sampling/createMessage`: runs an LLM completion (2026-07-28
/// `client/sampling.mdx`, deprecated in 2026-07-28 but still defined).
pub trait SamplingHandler: Send + Sync + 'static {
    /// Handles one sampling request.
    fn create_message(
        &self,
        request: CreateMessageRequestParams,
    ) -> BoxFuture<Result<CreateMessageResult, ErrorObject>>;
}

impl<F, Fut> SamplingHandler for F
where
    F: Fn(CreateMessageRequestParams) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<CreateMessageResult, ErrorObject>> + Send + 'static,
{
    fn create_message(
        &self,
        request: CreateMessageRequestParams,
    ) -> BoxFuture<Result<CreateMessageResult, ErrorObject>> {
        Box::pin(self(request))
    }
}

/// Answers `roots/list` with the client's roots (`file://` URIs; 2026-07-28
/// `client/roots.mdx`, deprecated in 2026-07-28 but still defined).
pub trait RootsHandler: Send + Sync + 'static {
    /// Lists the roots.
    fn list_roots(&self) -> BoxFuture<Result<ListRootsResult, ErrorObject>>;
}

impl<F, Fut> RootsHandler for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ListRootsResult, ErrorObject>> + Send + 'static,
{
    fn list_roots(&self) -> BoxFuture<Result<ListRootsResult, ErrorObject>> {
        Box::pin(self())
    }
}

/// Receives every notification the server sends outside a `subscriptions/listen` stream
/// (progress, log messages, list changes, resource updates, ...). Called on the driver
/// task: keep it quick and non-blocking.
pub type NotificationHandler = Arc<dyn Fn(ServerNotification) + Send + Sync + 'static>;

/// Receives the `notifications/progress` of one request (2026-07-28
/// `basic/patterns/progress.mdx`); see [`RequestOptions::progress`](crate::RequestOptions).
pub type ProgressCallback =
    Arc<dyn Fn(mcp_jsonrpc::schema::notifications::ProgressNotificationParams) + Send + Sync + 'static>;

/// The callbacks a client holds; the capabilities it declares follow from which are set.
#[derive(Clone, Default)]
pub struct Callbacks {
    /// `elicitation/create`.
    pub elicitation: Option<Arc<dyn ElicitationHandler>>,
    /// `sampling/createMessage`.
    pub sampling: Option<Arc<dyn SamplingHandler>>,
    /// `roots/list`.
    pub roots: Option<Arc<dyn RootsHandler>>,
    /// Every server notification.
    pub notifications: Option<NotificationHandler>,
}

impl std::fmt::Debug for Callbacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callbacks")
            .field("elicitation", &self.elicitation.is_some())
            .field("sampling", &self.sampling.is_some())
            .field("roots", &self.roots.is_some())
            .field("notifications", &self.notifications.is_some())
            .finish()
    }
}
