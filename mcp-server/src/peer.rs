//! The per-request sink for server-to-client traffic: [`Peer`], [`BoxFuture`] and
//! [`NullPeer`], defined in the transport layer (`mcp_transport::peer`) so the HTTP server can
//! build peers, and re-exported here under their historical paths.

pub use mcp_transport::peer::{BoxFuture, NullPeer, Peer};
