//! The client's error type.

use mcp_jsonrpc::ErrorObject;
use mcp_transport::TransportError;

/// Why a client operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server answered with a JSON-RPC error response (JSON-RPC 2.0 §5.1; MCP codes in
    /// 2026-07-28 `basic/index.mdx` "Error codes").
    #[error(transparent)]
    Rpc(ErrorObject),
    /// No response arrived within the request's timeout; the request was cancelled
    /// (2025-11-25 `basic/lifecycle.mdx` "Timeouts").
    #[error("request timed out")]
    Timeout,
    /// The connection closed (or the driver stopped) before the response arrived.
    #[error("connection closed")]
    Closed,
    /// The transport failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// A result or a parameter did not have the expected JSON shape.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The result carried a `resultType` this client does not know; a client MUST treat it as
    /// invalid (2026-07-28 `basic/index.mdx` "Responses").
    #[error("unknown resultType {0:?}")]
    UnknownResultType(String),
    /// The server returned an `InputRequiredResult` to a request that does not allow one
    /// (2026-07-28 `basic/patterns/mrtr.mdx` "Supported Requests").
    #[error("unexpected input_required result for {0}")]
    UnexpectedInputRequired(String),
    /// `tools/call` created a task where a direct result was expected; the value is the raw
    /// `CreateTaskResult`.
    #[error("the call created a task")]
    UnexpectedTask(serde_json::Value),
    /// A paginated list returned a cursor it had already returned (a loop).
    #[error("pagination loop: cursor {0:?} repeated")]
    PaginationLoop(String),
    /// The multi round-trip loop reached its bound without a complete result.
    #[error("input still required after {0} rounds")]
    TooManyRounds(u32),
    /// The server asked for an input the client cannot provide (no callback registered for
    /// the input request's method).
    #[error("cannot fulfil input request {key:?}: {reason}")]
    UnsupportedInputRequest {
        /// The `inputRequests` key.
        key: String,
        /// Why.
        reason: String,
    },
    /// Version negotiation failed: the server speaks no revision this client speaks
    /// (2026-07-28 `basic/versioning.mdx`; 2025-11-25 `basic/lifecycle.mdx` "Version
    /// Negotiation").
    #[error("no common protocol version: {0}")]
    Version(String),
    /// The method does not exist in the negotiated era (e.g. `ping` on 2026-07-28, or
    /// `subscriptions/listen` on a legacy revision).
    #[error("{method} is not available in protocol revision {version}")]
    NotInEra {
        /// The method.
        method: &'static str,
        /// The negotiated revision.
        version: String,
    },
    /// Spawning or stopping the server process failed.
    #[error("process: {0}")]
    Process(#[from] std::io::Error),
}

impl ClientError {
    /// The JSON-RPC error object, when the server answered with an error.
    pub fn rpc(&self) -> Option<&ErrorObject> {
        match self {
            ClientError::Rpc(e) => Some(e),
            _ => None,
        }
    }
}

/// Results of client operations.
pub type Result<T, E = ClientError> = std::result::Result<T, E>;
