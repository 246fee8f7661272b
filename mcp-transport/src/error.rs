//! The error type shared by every transport.
//!
//! Two kinds of failure are distinguished, because a server must treat them differently:
//!
//! - **per-message** failures ([`TransportError::Decode`], [`TransportError::LineTooLong`]): one
//!   incoming message was unusable, the stream itself is intact and the next `recv` continues
//!   with the next message. A server answers these with the JSON-RPC error from
//!   [`TransportError::to_error_response`] (`-32700` / `-32600`, JSON-RPC 2.0 §5.1) and keeps
//!   serving;
//! - **stream** failures ([`TransportError::Io`], [`TransportError::Closed`],
//!   [`TransportError::Other`]): the direction is broken or finished.

use mcp_jsonrpc::{DecodeError, ErrorObject, ErrorResponse};

/// A transport failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// Reading or writing the underlying byte stream failed. After a read error the stream
    /// yields `None`; after a write error further sends are likely to fail too.
    #[error("transport I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// One incoming message did not decode (`-32700` for bytes that are not JSON, `-32600` for
    /// JSON that is not a JSON-RPC message). Per-message: the stream continues after it.
    #[error("malformed message: {0}")]
    Decode(#[from] DecodeError),
    /// One incoming message was longer than the configured maximum, in bytes; it was
    /// discarded up to its terminating newline. Per-message: the stream continues after it.
    #[error("message of more than {max} bytes discarded (line too long)")]
    LineTooLong {
        /// The configured maximum message length, in bytes (excluding the newline).
        max: usize,
    },
    /// The transport is closed: this side called `close`, or the peer stopped reading (for
    /// a pipe, a write failed with `BrokenPipe`).
    #[error("transport closed")]
    Closed,
    /// A failure specific to a transport implemented outside this crate.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl TransportError {
    /// Whether the stream continues after this error: `true` for the per-message failures
    /// ([`Decode`](Self::Decode), [`LineTooLong`](Self::LineTooLong)).
    pub fn is_per_message(&self) -> bool {
        matches!(self, TransportError::Decode(_) | TransportError::LineTooLong { .. })
    }

    /// The JSON-RPC error response a receiver sends back for a per-message failure, or `None`
    /// for a stream failure (there is nobody to answer).
    ///
    /// - [`Decode`](Self::Decode): [`DecodeError::to_response`], i.e. `-32700` (parse error) or
    ///   `-32600` (invalid request), with the request id when it could be read, else `null`;
    /// - [`LineTooLong`](Self::LineTooLong): `-32600` with id `null` (the message was never
    ///   parsed, so its id is unknown) and `data: {"maxBytes": max}`.
    pub fn to_error_response(&self) -> Option<ErrorResponse> {
        match self {
            TransportError::Decode(e) => Some(e.to_response()),
            TransportError::LineTooLong { max } => Some(ErrorResponse::new(
                None,
                ErrorObject::invalid_request(format!("message longer than {max} bytes"))
                    .with_data(serde_json::json!({ "maxBytes": max })),
            )),
            _ => None,
        }
    }

    /// Maps a write error: `BrokenPipe` (the peer closed its reading end) becomes
    /// [`Closed`](Self::Closed), anything else [`Io`](Self::Io).
    pub(crate) fn from_write(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            TransportError::Closed
        } else {
            TransportError::Io(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp_jsonrpc::{ErrorCode, RequestId, decode_message};

    #[test]
    fn per_message_errors_have_responses() {
        let parse = TransportError::from(decode_message(b"{oops").unwrap_err());
        assert!(parse.is_per_message());
        let r = parse.to_error_response().unwrap();
        assert_eq!((r.id, r.error.code), (None, ErrorCode::PARSE_ERROR));

        let invalid =
            TransportError::from(decode_message(br#"{"jsonrpc":"1.0","id":7,"method":"m"}"#).unwrap_err());
        let r = invalid.to_error_response().unwrap();
        assert_eq!((r.id, r.error.code), (Some(RequestId::Number(7)), ErrorCode::INVALID_REQUEST));

        let long = TransportError::LineTooLong { max: 10 };
        let r = long.to_error_response().unwrap();
        assert_eq!(r.error.code, ErrorCode::INVALID_REQUEST);
        assert_eq!(r.error.data, Some(serde_json::json!({"maxBytes": 10})));
    }

    #[test]
    fn stream_errors_have_none() {
        for e in [TransportError::Closed, TransportError::Io(std::io::Error::other("x"))] {
            assert!(!e.is_per_message());
            assert!(e.to_error_response().is_none());
        }
        let e = TransportError::from_write(std::io::ErrorKind::BrokenPipe.into());
        assert!(matches!(e, TransportError::Closed));
    }
}
