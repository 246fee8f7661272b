//! In-memory transports: two connected ends in one process, over tokio channels.
//!
//! For tests and in-process benchmarks of a client against a server. By default messages
//! are moved by value, with no serialization; [`Wire::Bytes`] instead encodes every message
//! as a stdio line and decodes it on receipt, so a test exercises the same wire form as stdio
//! (and [`MemorySink::send_raw`] can inject arbitrary bytes, e.g. a malformed message).
//!
//! Each direction is a bounded channel ([`MemoryOptions::capacity`] messages): `send` waits
//! while the peer is that far behind. Closing (or dropping) a sink ends the peer's stream
//! after the messages already sent; sending to a peer whose stream was dropped fails with
//! [`TransportError::Closed`].

use mcp_jsonrpc::framing::encode_line;
use mcp_jsonrpc::{Message, decode_message};
use tokio::sync::mpsc;

use crate::error::TransportError;
use crate::transport::{MessageSink, MessageStream, Transport};

/// How messages travel between the two ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wire {
    /// Moved by value (no serialization).
    #[default]
    Value,
    /// Encoded as a stdio line by the sender and decoded by the receiver, exactly as over
    /// stdio; a line that does not decode arrives as [`TransportError::Decode`].
    Bytes,
}

/// Options for [`pair_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryOptions {
    /// Messages buffered per direction before `send` waits (at least 1; default 64).
    pub capacity: usize,
    /// How messages travel (default [`Wire::Value`]).
    pub wire: Wire,
}

impl Default for MemoryOptions {
    fn default() -> Self {
        MemoryOptions { capacity: 64, wire: Wire::Value }
    }
}

/// What one channel slot carries.
#[derive(Debug)]
enum Frame {
    Value(Message),
    Bytes(Vec<u8>),
}

/// The sending half of a [`MemoryTransport`].
#[derive(Debug)]
pub struct MemorySink {
    tx: Option<mpsc::Sender<Frame>>,
    wire: Wire,
}

/// The receiving half of a [`MemoryTransport`].
#[derive(Debug)]
pub struct MemoryStream {
    rx: mpsc::Receiver<Frame>,
}

/// One end of an in-memory transport, made by [`pair`] or [`pair_with`].
#[derive(Debug)]
pub struct MemoryTransport {
    sink: MemorySink,
    stream: MemoryStream,
}

/// Two connected ends with the default [`MemoryOptions`]: what one sends the other receives.
pub fn pair() -> (MemoryTransport, MemoryTransport) {
    pair_with(MemoryOptions::default())
}

/// Two connected ends with the given options.
pub fn pair_with(options: MemoryOptions) -> (MemoryTransport, MemoryTransport) {
    let capacity = options.capacity.max(1);
    let (a_tx, b_rx) = mpsc::channel(capacity);
    let (b_tx, a_rx) = mpsc::channel(capacity);
    let end = |tx, rx| MemoryTransport {
        sink: MemorySink { tx: Some(tx), wire: options.wire },
        stream: MemoryStream { rx },
    };
    (end(a_tx, a_rx), end(b_tx, b_rx))
}

impl MemorySink {
    async fn push(&mut self, frame: Frame) -> Result<(), TransportError> {
        let tx = self.tx.as_ref().ok_or(TransportError::Closed)?;
        tx.send(frame).await.map_err(|_| TransportError::Closed)
    }

    /// Sends `bytes` as one raw frame, whatever the [`Wire`]: the peer decodes it as one
    /// message (so malformed bytes arrive as [`TransportError::Decode`]). For tests.
    ///
    /// # Errors
    /// [`TransportError::Closed`] after `close`, or when the peer's stream was dropped.
    pub async fn send_raw(&mut self, bytes: Vec<u8>) -> Result<(), TransportError> {
        self.push(Frame::Bytes(bytes)).await
    }
}

impl MessageSink for MemorySink {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        let frame = match self.wire {
            Wire::Value => Frame::Value(message),
            Wire::Bytes => {
                let mut line = Vec::new();
                encode_line(&message, &mut line);
                Frame::Bytes(line)
            }
        };
        self.push(frame).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.tx = None;
        Ok(())
    }
}

impl MessageStream for MemoryStream {
    /// Cancel-safe (`mpsc::Receiver::recv` is).
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        match self.rx.recv().await? {
            Frame::Value(message) => Some(Ok(message)),
            Frame::Bytes(bytes) => Some(decode_message(&bytes).map_err(TransportError::Decode)),
        }
    }
}

impl MemoryTransport {
    /// Sends `bytes` as one raw frame; see [`MemorySink::send_raw`].
    ///
    /// # Errors
    /// As [`MemorySink::send_raw`].
    pub async fn send_raw(&mut self, bytes: Vec<u8>) -> Result<(), TransportError> {
        self.sink.send_raw(bytes).await
    }
}

impl MessageSink for MemoryTransport {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.sink.send(message).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.sink.close().await
    }
}

impl MessageStream for MemoryTransport {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        self.stream.recv().await
    }
}

impl Transport for MemoryTransport {
    type Sink = MemorySink;
    type Stream = MemoryStream;

    fn split(self) -> (MemorySink, MemoryStream) {
        (self.sink, self.stream)
    }
}
