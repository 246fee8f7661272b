//! The stdio transport: newline-delimited JSON-RPC over a pair of byte streams.
//!
//! Implements 2026-07-28 `basic/transports/stdio.mdx` (and the stdio section of the legacy
//! `basic/transports.mdx`, 2024-11-05 … 2025-11-25, which has the same framing): each message
//! is one line of UTF-8 JSON terminated by `\n`, with no embedded newline.
//!
//! [`StdioTransport`] works over any [`AsyncRead`]/[`AsyncWrite`] pair, so it serves both
//! roles: a server over its own stdin/stdout ([`StdioTransport::from_process_stdio`]), a
//! client over a child's pipes ([`crate::process`]), and tests over `tokio::io::duplex`.
//!
//! The server side MUST NOT write anything but MCP messages to stdout: its logs go to stderr
//! (e.g. a `tracing` subscriber writing to `std::io::stderr`), never through `println!`.

mod reader;
mod writer;

pub use reader::StdioReader;
pub use writer::StdioWriter;

use mcp_jsonrpc::Message;
pub use mcp_jsonrpc::framing::DEFAULT_MAX_LINE_BYTES;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::TransportError;
use crate::transport::{MessageSink, MessageStream, Transport};

/// A transport over a reader (incoming lines) and a writer (outgoing lines).
///
/// `recv` and `send` behave as described on [`StdioReader`] and [`StdioWriter`]; `close`
/// flushes and closes the writer only (a half-close), so replies still in flight can be read.
#[derive(Debug)]
pub struct StdioTransport<R, W> {
    reader: StdioReader<R>,
    writer: StdioWriter<W>,
}

impl<R, W> StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    /// A transport reading from `reader` and writing to `writer`, accepting incoming lines of
    /// up to [`DEFAULT_MAX_LINE_BYTES`] (4 MiB).
    pub fn new(reader: R, writer: W) -> Self {
        Self::with_max_line_bytes(reader, writer, DEFAULT_MAX_LINE_BYTES)
    }

    /// As [`new`](Self::new), accepting incoming lines of up to `max_line_bytes` bytes
    /// (excluding the newline); longer ones are reported as [`TransportError::LineTooLong`].
    pub fn with_max_line_bytes(reader: R, writer: W, max_line_bytes: usize) -> Self {
        StdioTransport { reader: StdioReader::new(reader, max_line_bytes), writer: StdioWriter::new(writer) }
    }

    /// The maximum accepted incoming line length, in bytes.
    pub fn max_line_bytes(&self) -> usize {
        self.reader.max_line_bytes()
    }
}

impl StdioTransport<tokio::io::Stdin, tokio::io::Stdout> {
    /// The server side of stdio: this process's stdin (client → server) and stdout
    /// (server → client), with the default 4 MiB line limit.
    ///
    /// Nothing else may write to stdout while this transport is in use; log to stderr.
    /// Tokio reads stdin on a blocking thread, so a runtime shut down while a `recv` is
    /// pending may wait for the next line or end of file (the spec's shutdown closes stdin
    /// first, which ends it).
    pub fn from_process_stdio() -> Self {
        Self::new(tokio::io::stdin(), tokio::io::stdout())
    }
}

impl<R, W> MessageSink for StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.writer.send(message).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.writer.close().await
    }
}

impl<R, W> MessageStream for StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        self.reader.recv().await
    }
}

impl<R, W> Transport for StdioTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    type Sink = StdioWriter<W>;
    type Stream = StdioReader<R>;

    fn split(self) -> (StdioWriter<W>, StdioReader<R>) {
        (self.writer, self.reader)
    }
}
