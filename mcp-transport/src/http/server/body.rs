//! The response body of the HTTP server and the helpers that build responses.
//!
//! [`McpBody`] is either a complete body (JSON, or empty) or a live `text/event-stream`
//! fed through a channel. A streaming body may carry a drop guard: on 2026-07-28 a client
//! that closes the response stream cancels the request (`streamable-http.mdx`
//! "Cancellation"), and the guard fires when hyper drops the body. Long-lived streams emit
//! `:` keep-alive comments at the configured interval.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use http_body::{Body, Frame, SizeHint};
use mcp_jsonrpc::{ErrorCode, ErrorObject, ErrorResponse, Message};
use tokio::sync::mpsc;
use tokio_util::sync::DropGuard;

use crate::http::sse::encode;

/// The body of every response of the MCP HTTP server.
pub struct McpBody {
    kind: Kind,
}

enum Kind {
    Full(Option<Bytes>),
    Stream {
        rx: mpsc::UnboundedReceiver<Bytes>,
        _guard: Option<DropGuard>,
        keep_alive: Option<tokio::time::Interval>,
    },
}

impl std::fmt::Debug for McpBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Full(b) => f.debug_tuple("McpBody::Full").field(&b.as_ref().map(Bytes::len)).finish(),
            Kind::Stream { .. } => f.write_str("McpBody::Stream"),
        }
    }
}

impl McpBody {
    /// An empty body.
    pub fn empty() -> Self {
        McpBody { kind: Kind::Full(None) }
    }

    /// A complete body.
    pub fn full(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        McpBody { kind: Kind::Full((!bytes.is_empty()).then_some(bytes)) }
    }

    /// A streaming body that ends when every sender of `rx` is dropped; `guard` (if any) is
    /// dropped with the body, `keep_alive` adds a `:` comment whenever that long passes.
    pub(crate) fn stream(
        rx: mpsc::UnboundedReceiver<Bytes>,
        guard: Option<DropGuard>,
        keep_alive: Option<Duration>,
    ) -> Self {
        let keep_alive = keep_alive.map(|every| {
            let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            interval
        });
        McpBody { kind: Kind::Stream { rx, _guard: guard, keep_alive } }
    }
}

impl Body for McpBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match &mut self.kind {
            Kind::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Kind::Stream { rx, keep_alive, .. } => match rx.poll_recv(cx) {
                Poll::Ready(Some(bytes)) => Poll::Ready(Some(Ok(Frame::data(bytes)))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => match keep_alive.as_mut().map(|k| k.poll_tick(cx)) {
                    Some(Poll::Ready(_)) => {
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(encode::comment(""))))))
                    }
                    _ => Poll::Pending,
                },
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(&self.kind, Kind::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Stream { .. } => SizeHint::default(),
        }
    }
}

/// The `text/event-stream` content type.
pub(crate) const EVENT_STREAM: &str = "text/event-stream";
/// The `application/json` content type.
pub(crate) const JSON: &str = "application/json";

/// A response with a JSON-RPC message as its JSON body.
pub(crate) fn json_message(status: StatusCode, message: &Message) -> Response<McpBody> {
    let mut response = Response::new(McpBody::full(message.to_vec()));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// A response with a JSON body.
pub(crate) fn json_value(status: StatusCode, value: &serde_json::Value) -> Response<McpBody> {
    let mut response = Response::new(McpBody::full(serde_json::to_vec(value).unwrap_or_default()));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// An HTTP error whose body is a JSON-RPC error response (with the request's `id` when known,
/// else `null`: the transports pages allow "a JSON-RPC error response that has no id").
pub(crate) fn rpc_error(
    status: StatusCode,
    id: Option<mcp_jsonrpc::RequestId>,
    code: ErrorCode,
    message: impl Into<String>,
) -> Response<McpBody> {
    error_object(status, id, ErrorObject::new(code, message))
}

/// As [`rpc_error`] with a full error object.
pub(crate) fn error_object(
    status: StatusCode,
    id: Option<mcp_jsonrpc::RequestId>,
    error: ErrorObject,
) -> Response<McpBody> {
    json_message(status, &Message::Error(ErrorResponse::new(id, error)))
}

/// A response with an empty body.
pub(crate) fn empty(status: StatusCode) -> Response<McpBody> {
    let mut response = Response::new(McpBody::empty());
    *response.status_mut() = status;
    response
}

/// `405 Method Not Allowed` with `Allow`.
pub(crate) fn method_not_allowed(allow: &'static str) -> Response<McpBody> {
    let mut response = rpc_error(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        ErrorCode::INVALID_REQUEST,
        format!("Method Not Allowed: this endpoint accepts {allow}"),
    );
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// A streaming SSE response (`200`, `text/event-stream`, `Cache-Control: no-cache`,
/// `X-Accel-Buffering: no`).
pub(crate) fn sse(body: McpBody) -> Response<McpBody> {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(EVENT_STREAM));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
