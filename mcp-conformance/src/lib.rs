//! The conformance harness for this workspace.
//!
//! Layer: the top; depends on `mcp-client` and `mcp-server` (and the layers below). It holds a
//! scenario catalogue, each scenario naming the spec section it checks, and runs our client
//! against our server over every transport; it also provides the fixture server and the
//! client-under-test that the official `@modelcontextprotocol/conformance` suite drives.
//!
//! The catalogue grows with the stack: today it checks the wire layer (`mcp-jsonrpc`); the
//! role and transport scenarios join it as those crates land.

pub mod catalogue;
pub mod fixture;
pub mod report;
pub mod scenario;

pub use scenario::{Outcome, Scenario};
