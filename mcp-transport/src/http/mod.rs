//! HTTP transports: Streamable HTTP (2026-07-28 stateless and the legacy session form,
//! 2025-03-26 … 2025-11-25) and the legacy HTTP+SSE transport (2024-11-05), client and server.
//!
//! - [`sse`]: Server-Sent Events encoding and decoding (WHATWG HTML "Server-sent events"),
//!   sans-I/O;
//! - [`headers`]: the MCP header names;
//! - [`param`]: the `Mcp-Name` / `Mcp-Param-*` value codec and the `x-mcp-header` rules;
//! - [`client`]: the client side (both Streamable HTTP eras, HTTP+SSE, detection);
//! - [`server`]: the server side, a `tower::Service` (both Streamable HTTP eras, HTTP+SSE).

pub mod client;
pub mod headers;
pub mod param;
pub mod server;
pub mod sse;
