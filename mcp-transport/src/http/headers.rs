//! MCP's HTTP header names and the `Mcp-Param-*` value encoding.
//!
//! 2026-07-28 `basic/transports/streamable-http.mdx` "Request Headers": every POST carries
//! `MCP-Protocol-Version`, `Mcp-Method`, and for `tools/call`, `resources/read` and
//! `prompts/get` `Mcp-Name`; tool arguments whose schema property is annotated
//! `"x-mcp-header": "X"` are mirrored in `Mcp-Param-X`. Legacy sessions use `Mcp-Session-Id`
//! (2025-03-26 … 2025-11-25 `basic/transports.mdx` "Session Management") and resumption
//! `Last-Event-ID`. Header names compare case-insensitively.

/// `MCP-Protocol-Version`: the revision of this request (2025-06-18 and later).
pub const MCP_PROTOCOL_VERSION: &str = "mcp-protocol-version";
/// `Mcp-Method`: the JSON-RPC method of the body (2026-07-28).
pub const MCP_METHOD: &str = "mcp-method";
/// `Mcp-Name`: `params.name` or `params.uri` of the body (2026-07-28).
pub const MCP_NAME: &str = "mcp-name";
/// The prefix of the `Mcp-Param-{X}` headers (2026-07-28).
pub const MCP_PARAM_PREFIX: &str = "mcp-param-";
/// `Mcp-Session-Id`: the legacy session (2025-03-26 … 2025-11-25).
pub const MCP_SESSION_ID: &str = "mcp-session-id";
/// `Last-Event-ID`: SSE resumption (legacy).
pub const LAST_EVENT_ID: &str = "last-event-id";
