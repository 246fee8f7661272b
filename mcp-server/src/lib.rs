//! The Model Context Protocol server role.
//!
//! Layer: composed from `mcp-jsonrpc` (schema, correlation), `mcp-transport` (stdio, HTTP)
//! and `mcp-oauth` (resource-server checks, optional authorization server). Registers tools,
//! resources and prompts and serves them to clients of every revision through one handler
//! API. Never depends on `mcp-client`.
