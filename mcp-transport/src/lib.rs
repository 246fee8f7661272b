//! Transports for the Model Context Protocol: they move JSON-RPC messages between peers.
//!
//! Layer: stands on `mcp-jsonrpc` (messages, framing) only. Provides stdio, Streamable HTTP
//! (the stateless 2026-07-28 form and the legacy session form) and the legacy HTTP+SSE
//! transport, client and server side, plus the hooks through which `mcp-oauth` adds
//! credentials (client) and authentication (server). No MCP method semantics live here.
//!
//! # The abstraction
//! A transport is a duplex of [`Message`](mcp_jsonrpc::Message)s ([`transport`]): a
//! [`MessageSink`] (`send`, `close`) and a [`MessageStream`] (`recv`, `None` at end of stream),
//! joined in a [`Transport`] that [`split`](Transport::split)s so one task receives while
//! others send. Both roles use it; each HTTP session or connection will implement it too.
//! [`dynamic`] has the object-safe forms ([`BoxTransport`]) for roles that hold any transport.
//!
//! # Errors
//! [`TransportError`]. A malformed or oversized incoming message is a *per-message* error:
//! `recv` returns it (`Decode` / `LineTooLong`) and then continues with the next message, so a
//! server answers it with [`TransportError::to_error_response`] (`-32700` / `-32600`) and keeps
//! serving. I/O failures end the stream.
//!
//! # Transports
//! - [`stdio`]: newline-delimited messages over any `AsyncRead`/`AsyncWrite`
//!   (2026-07-28 `basic/transports/stdio.mdx`), including the server's own stdin/stdout;
//! - [`process`]: the client side of stdio: spawn a server, talk over its pipes, and shut it
//!   down with the spec's close-stdin / `SIGTERM` / `SIGKILL` sequence;
//! - [`memory`]: two connected in-process ends, for tests and benchmarks.
//!
//! - [`http`]: Streamable HTTP (both eras) and HTTP+SSE, client and server side.
//!
//! [`Peer`] (a request's way back to the client) and [`Principal`] (its authenticated caller)
//! are the transport-level concepts the server role builds on.

pub mod dynamic;
pub mod error;
pub mod http;
pub mod memory;
pub mod peer;
pub mod principal;
pub mod process;
pub mod stdio;
pub mod transport;

pub use dynamic::{
    BoxMessageSink, BoxMessageStream, BoxTransport, DynMessageSink, DynMessageStream, DynTransport,
};
pub use error::TransportError;
pub use memory::MemoryTransport;
pub use peer::{BoxFuture, NullPeer, Peer};
pub use principal::Principal;
pub use process::{ChildProcessTransport, ProcessHandle, ServerCommand, ShutdownOutcome, ShutdownStep};
pub use stdio::StdioTransport;
pub use transport::{MessageSink, MessageStream, Transport};
