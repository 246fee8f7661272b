//! Framing: newline-delimited messages (stdio) and single-body decoding (HTTP).
//!
//! stdio (`basic/transports/stdio.mdx`, every revision): one JSON-RPC message per line,
//! delimited by `\n`, with no embedded newlines. [`LineDecoder`] is a sans-I/O splitter: feed
//! it bytes as they arrive and take complete lines out; a line longer than the configured
//! maximum is skipped up to its newline and reported once as [`FrameError::LineTooLong`], so
//! one oversized message never makes the reader buffer without bound or lose the next one.
//! [`encode_line`] writes a message as one line.

use crate::codec::{BatchPolicy, DecodeError, Decoded, decode};
use crate::message::Message;

/// The default maximum line (message) length: 4 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// A framing failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrameError {
    /// A line exceeded the maximum length; its bytes were discarded up to the next newline.
    #[error("message of more than {max} bytes discarded (line too long)")]
    LineTooLong {
        /// The configured maximum, in bytes.
        max: usize,
    },
    /// A complete line that did not decode as a message.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// Splits a byte stream into newline-delimited lines, without doing I/O.
#[derive(Debug)]
pub struct LineDecoder {
    buf: Vec<u8>,
    /// Bytes of `buf` already searched for a newline.
    scanned: usize,
    max: usize,
    /// Inside an oversized line: drop bytes until the next newline.
    discarding: bool,
}

impl Default for LineDecoder {
    fn default() -> Self {
        LineDecoder::new(DEFAULT_MAX_LINE_BYTES)
    }
}

impl LineDecoder {
    /// A decoder that refuses lines longer than `max_line_bytes` (excluding the newline).
    pub fn new(max_line_bytes: usize) -> Self {
        LineDecoder { buf: Vec::new(), scanned: 0, max: max_line_bytes, discarding: false }
    }

    /// The configured maximum line length in bytes.
    pub fn max_line_bytes(&self) -> usize {
        self.max
    }

    /// Appends bytes read from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes buffered that do not yet form a complete line.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Takes the next complete line (without its `\n`, and without a `\r` before it).
    ///
    /// Returns `None` when no complete line is buffered. Blank lines are skipped. A line over
    /// the maximum gives one `Err(FrameError::LineTooLong)`; decoding continues after it.
    pub fn next_line(&mut self) -> Option<Result<Vec<u8>, FrameError>> {
        loop {
            let newline = self.buf[self.scanned..].iter().position(|&b| b == b'\n').map(|p| p + self.scanned);
            let Some(end) = newline else {
                self.scanned = self.buf.len();
                if !self.discarding && self.buf.len() > self.max {
                    self.buf.clear();
                    self.scanned = 0;
                    self.discarding = true;
                    return Some(Err(FrameError::LineTooLong { max: self.max }));
                }
                if self.discarding {
                    self.buf.clear();
                    self.scanned = 0;
                }
                return None;
            };
            let mut line: Vec<u8> = self.buf.drain(..=end).collect();
            self.scanned = 0;
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if self.discarding {
                self.discarding = false;
                continue;
            }
            if line.len() > self.max {
                return Some(Err(FrameError::LineTooLong { max: self.max }));
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(line));
        }
    }

    /// Takes the next complete line and decodes it as one message (no batches).
    pub fn next_message(&mut self) -> Option<Result<Message, FrameError>> {
        self.next_decoded(BatchPolicy::Reject).map(|r| {
            r.map(|d| match d {
                Decoded::Single(m) => m,
                Decoded::Batch(_) => unreachable!("batches are rejected"),
            })
        })
    }

    /// Takes the next complete line and decodes it under `policy`.
    pub fn next_decoded(&mut self, policy: BatchPolicy) -> Option<Result<Decoded, FrameError>> {
        self.next_line().map(|line| line.and_then(|l| decode(&l, policy).map_err(FrameError::from)))
    }
}

/// Appends `message` to `out` as one line: compact JSON followed by `\n`.
///
/// Raw `params`/`result` text received from elsewhere may contain insignificant newlines;
/// those are turned into spaces (a newline inside a JSON string is always escaped, so this
/// never changes a value).
pub fn encode_line(message: &Message, out: &mut Vec<u8>) {
    let start = out.len();
    // Serializing a message cannot fail (see `Message::to_vec`).
    serde_json::to_writer(&mut *out, message).expect("a JSON-RPC message always serializes");
    for b in &mut out[start..] {
        if *b == b'\n' || *b == b'\r' {
            *b = b' ';
        }
    }
    out.push(b'\n');
}

/// Decodes an HTTP request or response body that holds one message or, where `policy` allows,
/// a batch. The caller enforces the body size limit before reading the body.
///
/// # Errors
/// As [`crate::codec::decode`].
pub fn decode_body(body: &[u8], policy: BatchPolicy) -> Result<Decoded, DecodeError> {
    decode(body, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Notification, Request};
    use serde_json::value::RawValue;

    #[test]
    fn splits_lines_across_pushes() {
        let mut d = LineDecoder::default();
        d.push(b"{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n{\"jsonrpc\":\"2.0\",");
        assert!(matches!(d.next_message(), Some(Ok(Message::Notification(_)))));
        assert!(d.next_message().is_none());
        d.push(b"\"method\":\"b\"}\r\n\n");
        assert!(matches!(d.next_message(), Some(Ok(Message::Notification(ref n))) if n.method == "b"));
        assert!(d.next_message().is_none());
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn overlong_line_is_reported_once_and_skipped() {
        let mut d = LineDecoder::new(16);
        d.push(&[b'x'; 20]);
        assert_eq!(d.next_line(), Some(Err(FrameError::LineTooLong { max: 16 })));
        d.push(&[b'x'; 50]);
        assert_eq!(d.next_line(), None);
        d.push(b"xx\nshort\n");
        assert_eq!(d.next_line(), Some(Ok(b"short".to_vec())));
        // A too-long line that arrives complete in one push.
        d.push(b"0123456789abcdefghij\nok\n");
        assert_eq!(d.next_line(), Some(Err(FrameError::LineTooLong { max: 16 })));
        assert_eq!(d.next_line(), Some(Ok(b"ok".to_vec())));
    }

    #[test]
    fn bad_line_does_not_stop_the_stream() {
        let mut d = LineDecoder::default();
        d.push(b"not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n");
        assert!(matches!(d.next_message(), Some(Err(FrameError::Decode(_)))));
        assert!(matches!(d.next_message(), Some(Ok(Message::Request(_)))));
    }

    #[test]
    fn encoded_lines_have_no_embedded_newlines() {
        let params = RawValue::from_string("{\n  \"a\": \"x\\ny\"\n}".to_owned()).unwrap();
        let m = Message::Request(Request { id: 1.into(), method: "m".into(), params: Some(params) });
        let mut out = Vec::new();
        encode_line(&m, &mut out);
        encode_line(&Message::Notification(Notification::without_params("n")), &mut out);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 2);
        let mut d = LineDecoder::default();
        d.push(&out);
        let Some(Ok(Message::Request(r))) = d.next_message() else { panic!("no request") };
        let v: serde_json::Value = r.params_as().unwrap();
        assert_eq!(v["a"], "x\ny");
    }
}
