//! The transport abstraction: a duplex of JSON-RPC messages.
//!
//! A transport moves whole [`Message`]s between two peers; it knows nothing of MCP methods.
//! It has two directions, each usable on its own:
//!
//! - a [`MessageSink`] sends messages and can be closed (a half-close: the peer's stream ends
//!   after the messages already sent; this side may keep receiving);
//! - a [`MessageStream`] receives messages until the peer closes (`None`).
//!
//! A [`Transport`] is both, and [`Transport::split`] separates them so that one task can
//! receive while others send. Roles should split: a peer that only sends while it is not
//! receiving can deadlock against a peer doing the same once both pipes are full.
//!
//! Both roles use the same traits (stdio: the server over its own stdin/stdout, the client
//! over a child's pipes; in memory: either end of [`crate::memory::pair`]); the HTTP
//! transports implement them once per session or connection.
//!
//! # Errors on receive
//! `recv` returns `Some(Err(_))` for a failure and then, for a *per-message* failure
//! ([`TransportError::is_per_message`]: a line that is not JSON, not a JSON-RPC message, or
//! too long), **continues** with the next message: a server answers such an error with
//! [`TransportError::to_error_response`] (`-32700`/`-32600`, JSON-RPC 2.0 §5.1) and keeps
//! serving. After a stream failure (`Io`) the stream ends (`None`).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), mcp_transport::TransportError> {
//! use mcp_jsonrpc::{ErrorCode, Message};
//! use mcp_transport::memory::{self, MemoryOptions, Wire};
//! use mcp_transport::{MessageSink, MessageStream};
//!
//! let (mut client, mut server) = memory::pair_with(MemoryOptions { wire: Wire::Bytes, ..Default::default() });
//! client.send_raw(b"not json".to_vec()).await?;
//! client.close().await?;
//!
//! // A server's receive loop: answer per-message errors, stop at the end of the stream.
//! while let Some(incoming) = server.recv().await {
//!     match incoming {
//!         Ok(_message) => { /* dispatch */ }
//!         Err(e) => match e.to_error_response() {
//!             Some(answer) => server.send(Message::Error(answer)).await?,
//!             None => break,
//!         },
//!     }
//! }
//! let Some(Ok(Message::Error(answer))) = client.recv().await else { panic!("no answer") };
//! assert_eq!((answer.id, answer.error.code), (None, ErrorCode::PARSE_ERROR));
//! # Ok(())
//! # }
//! ```
//!
//! # Cancellation
//! Every `recv` in this crate is cancel-safe: dropping its future (e.g. in `tokio::select!`)
//! loses no message. A `send` whose future is dropped never leaves half a message on the wire
//! of a byte transport: the rest is written by the next `send` or `close`.
//!
//! # Dynamic dispatch
//! These traits use `impl Future` returns and are not object safe; [`crate::dynamic`] has the
//! object-safe forms ([`crate::BoxTransport`] and friends) with a blanket implementation for
//! every transport.

use std::future::Future;

use mcp_jsonrpc::Message;

use crate::dynamic::BoxTransport;
use crate::error::TransportError;

/// The sending direction of a transport.
pub trait MessageSink: Send + 'static {
    /// Sends one message: it is written (and, for a byte stream, flushed) before this returns.
    ///
    /// # Errors
    /// [`TransportError::Closed`] after [`close`](Self::close) or when the peer has gone away;
    /// [`TransportError::Io`] when writing fails.
    fn send(&mut self, message: Message) -> impl Future<Output = Result<(), TransportError>> + Send;

    /// Closes the sending direction: the peer receives every message already sent, then end of
    /// stream (`None`). Idempotent; later sends fail with [`TransportError::Closed`].
    ///
    /// # Errors
    /// [`TransportError::Io`] when flushing what was already sent fails.
    fn close(&mut self) -> impl Future<Output = Result<(), TransportError>> + Send;
}

/// The receiving direction of a transport.
pub trait MessageStream: Send + 'static {
    /// Receives the next message.
    ///
    /// Returns `None` once the peer has closed its sending direction (end of file, channel
    /// closed) and every message it sent has been received; `None` again on every later call.
    /// `Some(Err(e))` with [`e.is_per_message()`](TransportError::is_per_message) reports one
    /// unusable message and the stream continues; after any other error it ends. Cancel-safe.
    fn recv(&mut self) -> impl Future<Output = Option<Result<Message, TransportError>>> + Send;
}

/// A duplex of JSON-RPC messages: a [`MessageSink`] and a [`MessageStream`] in one value.
pub trait Transport: MessageSink + MessageStream {
    /// The sending half after [`split`](Self::split).
    type Sink: MessageSink;
    /// The receiving half after [`split`](Self::split).
    type Stream: MessageStream;

    /// Separates the two directions so they can be driven by different tasks. Closing the sink
    /// half closes the sending direction only; dropping both halves closes the transport.
    fn split(self) -> (Self::Sink, Self::Stream);

    /// Boxes this transport for dynamic dispatch (`Box<dyn DynTransport>`).
    fn boxed(self) -> BoxTransport
    where
        Self: Sized,
    {
        Box::new(self)
    }
}
