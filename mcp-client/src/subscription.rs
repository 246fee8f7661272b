//! `subscriptions/listen` streams (2026-07-28 `basic/patterns/subscriptions.mdx`).
//!
//! The client sends one long-lived `subscriptions/listen` request with a filter. The server
//! first sends `notifications/subscriptions/acknowledged` (the subset it honours), then only
//! the requested notification types, each with `_meta.io.modelcontextprotocol/subscriptionId`
//! equal to the listen request's id. The stream ends when the server sends the listen result
//! (graceful close) or, on stdio, `notifications/cancelled` naming the listen id; a client
//! accepts either. Dropping the [`Subscription`] cancels the listen
//! (`notifications/cancelled` on stdio). On stdio a client MUST re-send its listens after a
//! server restart; this type does not restart servers, so that is up to the caller.

use std::sync::Arc;

use mcp_jsonrpc::RequestId;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::error::ClientError;
use crate::notifications::ServerNotification;
use crate::rpc::Inner;

/// What the driver delivers to a subscription.
#[derive(Debug)]
pub(crate) enum ListenItem {
    Notification(ServerNotification),
    End(Result<Value, ClientError>),
}

/// An open `subscriptions/listen` stream.
pub struct Subscription {
    pub(crate) id: RequestId,
    pub(crate) rx: mpsc::UnboundedReceiver<ListenItem>,
    pub(crate) inner: Arc<Inner>,
    pub(crate) ended: Option<Result<Value, ClientError>>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription").field("id", &self.id).finish()
    }
}

impl Subscription {
    /// The subscription id: the JSON-RPC id of the listen request.
    pub fn id(&self) -> &RequestId {
        &self.id
    }

    /// The next notification (the acknowledgement first), or `None` once the stream ended;
    /// [`Subscription::end`] then tells how.
    pub async fn next(&mut self) -> Option<ServerNotification> {
        if self.ended.is_some() {
            return None;
        }
        match self.rx.recv().await {
            Some(ListenItem::Notification(n)) => Some(n),
            Some(ListenItem::End(outcome)) => {
                self.ended = Some(outcome);
                None
            }
            None => {
                self.ended = Some(Err(ClientError::Closed));
                None
            }
        }
    }

    /// How the stream ended: the listen result (`SubscriptionsListenResult`), or the error
    /// (the server's cancellation, a closed connection). `None` while it is open.
    pub fn end(&self) -> Option<&Result<Value, ClientError>> {
        self.ended.as_ref()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if self.ended.is_none() {
            self.inner.cancel(&self.id, Some("subscription dropped".into()));
        }
    }
}
