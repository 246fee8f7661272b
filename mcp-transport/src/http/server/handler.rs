//! The trait through which the HTTP server hands MCP messages to the server role.
//!
//! The transport owns everything HTTP: eras, headers, sessions, streams, resumption,
//! security and authentication. The [`McpHttpHandler`] owns the MCP semantics: it answers
//! one JSON-RPC request at a time, given a [`RequestContext`] (the caller's principal, the
//! request's [`Peer`] for its notifications and, on legacy sessions, server-to-client
//! requests, and its cancellation token). `mcp-server` implements it for its `Server`.

use std::sync::Arc;

use mcp_jsonrpc::{Message, Notification, ProtocolVersion, Request};
use tokio_util::sync::CancellationToken;

use crate::http::param::HeaderAnnotations;
use crate::peer::{BoxFuture, Peer};
use crate::principal::Principal;

/// Everything about one incoming message besides the message itself.
pub struct RequestContext<S> {
    /// The authenticated caller ([`Authenticator`](super::Authenticator)).
    pub principal: Principal,
    /// Where the request's server-to-client messages go: its SSE response stream (2026-07-28
    /// and legacy Streamable HTTP) or the session's stream (HTTP+SSE). On 2026-07-28 requests
    /// `Peer::request` fails: that revision has no server-to-client requests.
    pub peer: Arc<dyn Peer>,
    /// Cancelled when the client cancels: a closed 2026-07-28 response stream
    /// (`streamable-http.mdx` "Cancellation"), a legacy `notifications/cancelled`, the end of
    /// the session, or server shutdown for `subscriptions/listen`.
    pub cancel: CancellationToken,
    /// The legacy session's state (from [`McpHttpHandler::open_session`]); `None` for a
    /// stateless 2026-07-28 request.
    pub session: Option<S>,
    /// The revision the HTTP layer determined: the `MCP-Protocol-Version` header (or
    /// `2025-03-26` when a legacy request omits it, or `2024-11-05` on HTTP+SSE); `None` for
    /// `initialize`, which negotiates it.
    pub protocol_version: Option<ProtocolVersion>,
}

impl<S> std::fmt::Debug for RequestContext<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestContext")
            .field("principal", &self.principal)
            .field("protocol_version", &self.protocol_version)
            .finish_non_exhaustive()
    }
}

/// The MCP semantics behind the HTTP server.
pub trait McpHttpHandler: Send + Sync + 'static {
    /// Per-session state of a legacy session (Streamable HTTP `Mcp-Session-Id`, or one
    /// HTTP+SSE connection): e.g. the negotiated version and client capabilities.
    type Session: Clone + Send + Sync + 'static;

    /// Handles one request and returns its response, or `None` when nothing may be sent (it
    /// was cancelled). `initialize` arrives with a fresh `cx.session`; a successful result
    /// keeps the session, an error discards it.
    fn handle_request(
        &self,
        request: Request,
        cx: RequestContext<Self::Session>,
    ) -> BoxFuture<'_, Option<Message>>;

    /// Handles a notification from the client (`notifications/initialized`, ...). The
    /// transport handles `notifications/cancelled` itself and does not pass it on.
    fn handle_notification(
        &self,
        notification: Notification,
        cx: RequestContext<Self::Session>,
    ) -> BoxFuture<'_, ()>;

    /// Creates the state of a new legacy session for `principal`. `peer` reaches the client
    /// outside any request (the standalone GET stream, or the HTTP+SSE stream): list-change
    /// notifications, resource updates, unrelated server-to-client requests.
    fn open_session(&self, principal: &Principal, peer: Arc<dyn Peer>) -> Self::Session;

    /// The session ended (DELETE, idle timeout, closed HTTP+SSE stream, shutdown).
    fn close_session(&self, session: &Self::Session);

    /// The `x-mcp-header` annotations of tool `name` (2026-07-28 `server/tools.mdx`
    /// "x-mcp-header"), against which a `tools/call`'s `Mcp-Param-*` headers are validated;
    /// `None` for an unknown tool (the handler then answers the call itself).
    fn tool_header_annotations(&self, name: &str) -> Option<HeaderAnnotations>;
}
