//! Errors of the HTTP client transports.

use std::sync::Arc;

use http::StatusCode;

use crate::error::TransportError;

/// Why an HTTP client operation failed. Reaches users as [`TransportError::Other`] (downcast
/// to this type), and, for a failed request, as a JSON-RPC error response whose `data` has
/// `httpStatus` when there was one.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum HttpClientError {
    /// The URL is not an absolute `http`/`https` URL.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// Building the TLS configuration failed.
    #[error("TLS setup: {0}")]
    Tls(String),
    /// The request could not be sent or its response head not read (connect, I/O, protocol).
    #[error("HTTP request failed: {0}")]
    Http(Arc<hyper_util::client::legacy::Error>),
    /// Reading a response body failed or it exceeded the size limit.
    #[error("reading the response body failed: {0}")]
    Body(String),
    /// A wait timed out; the text names what was awaited.
    #[error("timed out waiting for the {0}")]
    Timeout(&'static str),
    /// The server answered with an unexpected status. `body` is at most the first 4 KiB.
    #[error("unexpected HTTP status {status}")]
    Status {
        /// The status.
        status: StatusCode,
        /// The start of the body, lossily decoded.
        body: String,
    },
    /// 401 or 403 and the credentials provider did not supply new credentials (or there is
    /// none); `www_authenticate` holds the challenges (RFC 9110 §11.6.1).
    #[error("unauthorized (HTTP {status})")]
    Unauthorized {
        /// 401 or 403.
        status: StatusCode,
        /// The `WWW-Authenticate` header values.
        www_authenticate: Vec<String>,
    },
    /// The legacy session ended: a request bearing `Mcp-Session-Id` got 404 (2025-11-25
    /// `basic/transports.mdx` "Session Management"), and re-initializing failed or is off.
    #[error("the MCP session ended (HTTP 404)")]
    SessionExpired,
    /// HTTP+SSE: the `endpoint` event named a URL of another origin (2024-11-05
    /// `basic/transports.mdx`); it is rejected.
    #[error("endpoint {0} is not on the SSE stream's origin")]
    CrossOriginEndpoint(String),
    /// HTTP+SSE: the stream ended or its first event was not `endpoint`.
    #[error("no endpoint event: {0}")]
    NoEndpoint(String),
    /// The response had a content type other than JSON or SSE.
    #[error("unexpected content type {0:?}")]
    ContentType(String),
    /// A response stream ended before the response to its request arrived, and could not be
    /// resumed.
    #[error("the response stream ended before the response")]
    StreamEnded,
    /// The server event stream was malformed.
    #[error(transparent)]
    Sse(#[from] crate::http::sse::decode::SseError),
    /// The credentials provider failed.
    #[error("credentials: {0}")]
    Credentials(String),
    /// The transport was closed.
    #[error("transport closed")]
    Closed,
}

impl HttpClientError {
    /// The HTTP status involved, if any.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            HttpClientError::Status { status, .. } | HttpClientError::Unauthorized { status, .. } => {
                Some(*status)
            }
            HttpClientError::SessionExpired => Some(StatusCode::NOT_FOUND),
            _ => None,
        }
    }
}

impl From<HttpClientError> for TransportError {
    fn from(e: HttpClientError) -> Self {
        match e {
            HttpClientError::Closed => TransportError::Closed,
            other => TransportError::Other(Box::new(other)),
        }
    }
}
