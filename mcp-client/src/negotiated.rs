//! What era detection settled for a connection.

use mcp_jsonrpc::schema::capabilities::ServerCapabilities;
use mcp_jsonrpc::schema::common::Implementation;
use mcp_jsonrpc::{Era, ProtocolVersion};
use serde_json::Value;

/// The outcome of era detection and version negotiation, fixed for the connection (a stdio
/// client caches the era per server process: 2026-07-28 `basic/transports/stdio.mdx`).
#[derive(Debug, Clone, PartialEq)]
pub struct Negotiated {
    /// The revision every request uses.
    pub protocol_version: ProtocolVersion,
    /// The server's capabilities (from `server/discover` or `initialize`); `None` when the
    /// modern probe ended in a recognised modern error rather than a result.
    pub capabilities: Option<ServerCapabilities>,
    /// The server's `Implementation` (`serverInfo`), when given. Unverified: never use it
    /// for security decisions (2026-07-28 `basic/index.mdx`).
    pub server_info: Option<Implementation>,
    /// The server's `instructions`, when given.
    pub instructions: Option<String>,
    /// The versions the server listed (`supportedVersions` of `DiscoverResult`; on legacy,
    /// the one version `initialize` returned).
    pub supported_versions: Vec<String>,
    /// The raw `server/discover` or `initialize` result.
    pub raw: Option<Value>,
}

impl Negotiated {
    /// The era of the negotiated revision.
    pub fn era(&self) -> Era {
        self.protocol_version.era()
    }
}
