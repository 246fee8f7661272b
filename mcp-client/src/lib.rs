//! The Model Context Protocol client role.
//!
//! Layer: composed from `mcp-jsonrpc` (schema, correlation), `mcp-transport` (stdio, HTTP)
//! and `mcp-oauth` (authorization). Detects the server's protocol era, offers typed methods
//! for every server feature and routes elicitation, sampling and roots to user callbacks in
//! both eras. Never depends on `mcp-server`.
