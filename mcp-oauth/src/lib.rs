//! OAuth 2.1 for the Model Context Protocol, client and server side.
//!
//! Layer: stands on `mcp-transport` (its credential and authentication hooks) and
//! `mcp-jsonrpc`. Client side: protected resource metadata (RFC 9728), authorization server
//! metadata (RFC 8414, OpenID discovery), client registration (pre-registered, Client ID
//! Metadata Documents, RFC 7591), PKCE, grants, token storage. Server side: an embeddable
//! authorization server and resource-server token checks.

pub mod challenge;
pub mod client;
pub mod client_auth;
pub mod error;
pub mod http;
pub mod jwt;
pub mod metadata;
pub mod pkce;
pub mod resource;
pub mod server;
pub mod ssrf;

/// A boxed `Send` future (re-exported from `mcp-transport`).
pub use mcp_transport::peer::BoxFuture;
