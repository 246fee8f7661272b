//! The authenticated caller of a request: [`Principal`], defined in the transport layer
//! (`mcp_transport::principal`) so the HTTP authentication hook can produce it, and
//! re-exported here under its historical path.

pub use mcp_transport::principal::Principal;
