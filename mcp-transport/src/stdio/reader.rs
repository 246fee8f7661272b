//! The receiving half of the stdio transport: newline-delimited messages from a byte stream.

use mcp_jsonrpc::Message;
use mcp_jsonrpc::framing::{FrameError, LineDecoder};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::error::TransportError;
use crate::transport::MessageStream;

/// Bytes read from the stream at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Reads one JSON-RPC message per line from `R` (2026-07-28 `basic/transports/stdio.mdx`:
/// "messages are delimited by newlines").
///
/// Lines are split by [`LineDecoder`]: `\r\n` is accepted, blank lines are skipped, a line
/// longer than the maximum is discarded without being buffered whole and reported once as
/// [`TransportError::LineTooLong`]. A line that is not a JSON-RPC message is reported as
/// [`TransportError::Decode`]. Both are per-message errors: the next `recv` continues with
/// the next line. At end of file a last line without its newline is still decoded; then
/// `recv` returns `None`. A read error is returned once, after which the stream ends.
#[derive(Debug)]
pub struct StdioReader<R> {
    reader: R,
    decoder: LineDecoder,
    chunk: Box<[u8]>,
    eof: bool,
    finished: bool,
}

impl<R: AsyncRead + Unpin + Send + 'static> StdioReader<R> {
    /// A reader refusing lines longer than `max_line_bytes` (excluding the newline).
    pub fn new(reader: R, max_line_bytes: usize) -> Self {
        StdioReader {
            reader,
            decoder: LineDecoder::new(max_line_bytes),
            chunk: vec![0; READ_CHUNK].into_boxed_slice(),
            eof: false,
            finished: false,
        }
    }

    /// The maximum accepted line length, in bytes.
    pub fn max_line_bytes(&self) -> usize {
        self.decoder.max_line_bytes()
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.reader
    }

    async fn next(&mut self) -> Option<Result<Message, TransportError>> {
        loop {
            match self.decoder.next_message() {
                Some(Ok(message)) => return Some(Ok(message)),
                Some(Err(FrameError::LineTooLong { max })) => {
                    return Some(Err(TransportError::LineTooLong { max }));
                }
                Some(Err(FrameError::Decode(e))) => return Some(Err(TransportError::Decode(e))),
                None if self.eof || self.finished => {
                    self.finished = true;
                    return None;
                }
                None => {}
            }
            // `read` is cancel-safe and the decoder is only fed once a read completes.
            match self.reader.read(&mut self.chunk).await {
                Ok(0) => {
                    self.eof = true;
                    if self.decoder.buffered() > 0 {
                        // Terminate an unterminated last line so that it is decoded too.
                        self.decoder.push(b"\n");
                    }
                }
                Ok(n) => self.decoder.push(&self.chunk[..n]),
                Err(e) => {
                    self.finished = true;
                    return Some(Err(TransportError::Io(e)));
                }
            }
        }
    }
}

impl<R: AsyncRead + Unpin + Send + 'static> MessageStream for StdioReader<R> {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        self.next().await
    }
}
