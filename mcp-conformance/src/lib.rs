//! The conformance harness for this workspace.
//!
//! Layer: the top; depends on `mcp-client` and `mcp-server` (and the layers below). It holds a
//! scenario catalogue, each scenario naming the spec section it checks, and runs our client
//! against our server over every transport; it also provides the fixture server and the
//! client-under-test that the official `@modelcontextprotocol/conformance` suite drives.
//!
//! The catalogue ([`catalogue::all`]) runs each scenario in every transport cell it applies to
//! ([`scenario::CELLS`]: in-memory pairs in every revision, the real `serve --stdio` binary in
//! both eras, Streamable HTTP for 2026-07-28 and each legacy revision from 2025-03-26, and
//! HTTP+SSE for 2024-11-05, with our server on 127.0.0.1) and checks real behaviour: exact texts, counts, order, error codes, and the
//! messages that crossed the wire. [`report`] renders the matrix, JSON and JUnit XML.

pub mod catalogue;
pub mod client_under_test;
pub mod fixture;
pub mod official;
pub mod report;
pub mod scenario;
pub mod serve;

pub use scenario::{Outcome, Scenario};
