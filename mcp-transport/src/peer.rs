//! The per-request sink for server-to-client traffic.
//!
//! Everything a handler sends while it runs (progress and log notifications, and on legacy
//! connections real server-to-client requests such as `elicitation/create`) goes to the
//! [`Peer`] of its request. On stdio that is the one connection (`mcp-server`'s
//! `Server::serve`); the HTTP server ([`crate::http::server`]) gives each POST a peer that
//! writes to that POST's SSE response stream (2026-07-28 `basic/transports/streamable-http.mdx`:
//! request-scoped messages travel on the request's own stream; legacy 2025-11-25
//! `basic/transports.mdx`: server-to-client requests ride the POST's stream too).
//!
//! It lives in the transport layer so that the HTTP server can build peers without
//! depending on the server role; `mcp-server` re-exports it as `mcp_server::Peer`.

use std::future::Future;
use std::pin::Pin;

use mcp_jsonrpc::{ErrorObject, Notification};
use serde_json::Value;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a request's server-to-client messages go.
pub trait Peer: Send + Sync + 'static {
    /// Sends a notification related to the request. Delivery failures (the client went away)
    /// are not reported: a notification has no response to wait for.
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()>;

    /// Sends a server-to-client request (`elicitation/create`, `sampling/createMessage`,
    /// `roots/list`; legacy revisions only) and awaits the client's response: its `result`, or
    /// its JSON-RPC error.
    ///
    /// # Errors
    /// The client's error object, or `-32603` when the request cannot be delivered.
    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>>;

    /// Asks the transport to close the stream that carries this request's messages *without*
    /// ending the request (SEP-1699, 2025-11-25 `basic/transports.mdx` "Sending Messages to
    /// the Server": "The server MAY close the connection before sending the JSON-RPC response
    /// if it has sent an SSE event with an event ID to the client", and "Resumability and
    /// Redelivery"). Later messages, and the response, are stored and reach the client when
    /// it resumes with `GET` and `Last-Event-ID`; the `retry:` field of the stream's priming
    /// event tells it when to reconnect.
    ///
    /// Returns `true` when the transport supports this for the request (a legacy Streamable
    /// HTTP session: the response becomes a resumable SSE stream even when nothing was sent
    /// yet; a client that does not accept `text/event-stream` still gets one JSON response),
    /// `false` where it has no such stream (stdio, HTTP+SSE, 2026-07-28 requests, whose closed
    /// stream would cancel the request). The default does nothing and returns `false`.
    fn close_stream(&self) -> BoxFuture<'_, bool> {
        Box::pin(async { false })
    }
}

/// A peer that drops notifications and refuses requests: for requests whose transport has no
/// way back to the client (e.g. tests, or a plain JSON HTTP response).
#[derive(Debug, Clone, Copy, Default)]
pub struct NullPeer;

impl Peer for NullPeer {
    fn notify(&self, _notification: Notification) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }

    fn request(&self, method: String, _params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            Err(ErrorObject::internal(format!("cannot send {method}: no channel to the client")))
        })
    }
}
