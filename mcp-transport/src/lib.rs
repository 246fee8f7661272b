//! Transports for the Model Context Protocol: they move JSON-RPC messages between peers.
//!
//! Layer: stands on `mcp-jsonrpc` (messages, framing) only. Provides stdio, Streamable HTTP
//! (the stateless 2026-07-28 form and the legacy session form) and the legacy HTTP+SSE
//! transport, client and server side, plus the hooks through which `mcp-oauth` adds
//! credentials (client) and authentication (server). No MCP method semantics live here.
