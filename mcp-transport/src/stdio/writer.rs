//! The sending half of the stdio transport: one message per line to a byte stream.

use mcp_jsonrpc::Message;
use mcp_jsonrpc::framing::encode_line;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::TransportError;
use crate::transport::MessageSink;

/// A write buffer grown past this size by a large message is released afterwards.
const KEEP_BUFFER_BYTES: usize = 1024 * 1024;

/// Writes one JSON-RPC message per line to `W` and flushes after each (2026-07-28
/// `basic/transports/stdio.mdx`: "messages are delimited by newlines, and MUST NOT contain
/// embedded newlines").
///
/// Lines are produced by [`encode_line`]: compact JSON, any insignificant newline in raw
/// payloads replaced by a space, then `\n`. If a `send` future is dropped mid-write, the rest
/// of that line is written before anything else by the next `send` or `close`, so the peer
/// never sees a torn line. A write failing with `BrokenPipe` (the peer stopped reading) is
/// reported as [`TransportError::Closed`].
#[derive(Debug)]
pub struct StdioWriter<W> {
    writer: Option<W>,
    buf: Vec<u8>,
    written: usize,
}

impl<W: AsyncWrite + Unpin + Send + 'static> StdioWriter<W> {
    /// A writer over `writer`.
    pub fn new(writer: W) -> Self {
        StdioWriter { writer: Some(writer), buf: Vec::new(), written: 0 }
    }

    /// The underlying writer, or `None` once closed.
    pub fn get_ref(&self) -> Option<&W> {
        self.writer.as_ref()
    }

    /// Writes what is left of the pending line. Cancel-safe: progress is kept in `written`.
    async fn write_pending(&mut self) -> Result<(), TransportError> {
        let writer = self.writer.as_mut().ok_or(TransportError::Closed)?;
        while self.written < self.buf.len() {
            match writer.write(&self.buf[self.written..]).await {
                Ok(0) => return Err(TransportError::Io(std::io::ErrorKind::WriteZero.into())),
                Ok(n) => self.written += n,
                Err(e) => return Err(TransportError::from_write(e)),
            }
        }
        self.written = 0;
        if self.buf.capacity() > KEEP_BUFFER_BYTES {
            self.buf = Vec::new();
        } else {
            self.buf.clear();
        }
        Ok(())
    }
}

impl<W: AsyncWrite + Unpin + Send + 'static> MessageSink for StdioWriter<W> {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.write_pending().await?;
        encode_line(&message, &mut self.buf);
        self.write_pending().await?;
        let writer = self.writer.as_mut().ok_or(TransportError::Closed)?;
        writer.flush().await.map_err(TransportError::from_write)
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        if self.writer.is_none() {
            return Ok(());
        }
        let pending = self.write_pending().await;
        let Some(mut writer) = self.writer.take() else { return Ok(()) };
        let flushed = writer.flush().await.map_err(TransportError::from_write);
        let shut = writer.shutdown().await.map_err(TransportError::from_write);
        // Dropping the writer closes a pipe (e.g. a child's stdin).
        drop(writer);
        match pending.and(flushed).and(shut) {
            // The peer already stopped reading: the direction is closed either way.
            Err(TransportError::Closed) => Ok(()),
            other => other,
        }
    }
}
