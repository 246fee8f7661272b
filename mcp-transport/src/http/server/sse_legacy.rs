//! The HTTP+SSE transport of 2024-11-05 (`basic/transports.mdx` "HTTP with SSE"; deprecated
//! since 2025-03-26, kept for old clients as 2026-07-28 `streamable-http.mdx` "HTTP+SSE
//! Transport" describes).
//!
//! - GET on [`HttpServerConfig::sse_endpoint`](super::HttpServerConfig::sse_endpoint)
//!   (default `/sse`) opens a session and its stream; the first event is
//!   `event: endpoint` whose data is the POST URL, relative to the server's origin:
//!   `{sse_post_endpoint}?sessionId={id}` (default `/messages?sessionId=…`).
//! - POST to that URL: `202 Accepted` once the message is parsed; requests run in the
//!   background and every server message (responses, notifications, server-to-client
//!   requests) is sent on the stream as `event: message` with the JSON in `data`. A missing
//!   `sessionId` is `400`, an unknown one (or another principal's) `404`.
//! - The session ends when the stream closes; its in-flight requests are cancelled.

use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{Response, StatusCode};
use mcp_jsonrpc::correlation::Response as RpcResponse;
use mcp_jsonrpc::{ErrorCode, Message, ProtocolVersion};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::body::{self, McpBody};
use super::handler::McpHttpHandler;
use super::live::{Out, SessionCore, SessionPeer, lock};
use super::security;
use super::service::{Live, Shared};
use super::sessions::{SessionRecord, SessionTransport, new_session_id};
use crate::http::sse::{Event, encode};
use crate::principal::Principal;

fn query_session(parts: &Parts) -> Option<&str> {
    parts.uri.query()?.split('&').find_map(|pair| pair.strip_prefix("sessionId="))
}

impl<H: McpHttpHandler> Shared<H> {
    pub(crate) async fn sse_open(self: &Arc<Self>, parts: &Parts, principal: Principal) -> Response<McpBody> {
        if let Err(refusal) = security::check_get_accept(&parts.headers) {
            return refusal;
        }
        let id = new_session_id();
        let core = Arc::new(SessionCore::new(
            id.clone(),
            principal.binding_key(),
            SessionTransport::HttpSse,
            self.events.clone(),
        ));
        let (tx, rx) = mpsc::unbounded_channel();
        let endpoint = format!("{}?sessionId={id}", self.config.sse_post_endpoint);
        let _ = tx.send(Bytes::from(encode::encode(&Event {
            event: Some("endpoint".into()),
            ..Event::data(endpoint)
        })));
        *lock(&core.sse) = Some(tx);
        let state = self.handler.open_session(&principal, Arc::new(SessionPeer { core: core.clone() }));
        lock(&self.live).insert(id.clone(), Live { core: core.clone(), state });
        self.sessions
            .put(SessionRecord {
                id: id.clone(),
                owner: core.owner.clone(),
                protocol_version: Some(ProtocolVersion::V2024_11_05),
                transport: SessionTransport::HttpSse,
            })
            .await;
        let gone = CancellationToken::new();
        let guard = gone.clone().drop_guard();
        let shared = self.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = gone.cancelled() => {}
                _ = core.closed.cancelled() => {}
                _ = shared.shutdown.cancelled() => {}
            }
            shared.end_session(&id).await;
        });
        body::sse(McpBody::stream(rx, Some(guard), self.config.keep_alive))
    }

    pub(crate) async fn sse_post(
        self: &Arc<Self>,
        parts: &Parts,
        bytes: Bytes,
        principal: Principal,
    ) -> Response<McpBody> {
        let Some(id) = query_session(parts) else {
            return body::rpc_error(
                StatusCode::BAD_REQUEST,
                None,
                ErrorCode::INVALID_REQUEST,
                "Bad Request: missing sessionId",
            );
        };
        let Some(live) = self.find_session(id, &principal).await else {
            return body::rpc_error(
                StatusCode::NOT_FOUND,
                None,
                ErrorCode::INVALID_REQUEST,
                "Session not found",
            );
        };
        let message = match mcp_jsonrpc::decode_message(&bytes) {
            Ok(m) => m,
            Err(e) => return body::json_message(StatusCode::BAD_REQUEST, &Message::Error(e.to_response())),
        };
        let version = Some((*lock(&live.core.version)).unwrap_or(ProtocolVersion::V2024_11_05));
        match message {
            Message::Request(request) => {
                let cancel = CancellationToken::new();
                lock(&live.core.in_flight).insert(request.id.clone(), cancel.clone());
                let core = live.core.clone();
                let initialize = request.method == "initialize";
                let mut rx = self.spawn_request(request, principal, Some(live), cancel, version);
                tokio::spawn(async move {
                    while let Some(out) = rx.recv().await {
                        match out {
                            Out::Msg(m) => {
                                core.send_sse(&m);
                            }
                            Out::CloseStream => {}
                            Out::Done(m) => {
                                if let Some(m) = m {
                                    if initialize {
                                        record_version(&core, &m);
                                    }
                                    core.send_sse(&m);
                                }
                                break;
                            }
                        }
                    }
                });
            }
            Message::Notification(n) => self.notification(n, principal, Some(live), version).await,
            other => {
                if let Ok(response) = RpcResponse::try_from(other) {
                    live.core.complete(response);
                }
            }
        }
        body::empty(StatusCode::ACCEPTED)
    }
}

fn record_version(core: &SessionCore, message: &Message) {
    if let Message::Response(r) = message {
        let version = r
            .result_as::<serde_json::Value>()
            .ok()
            .and_then(|v| v.get("protocolVersion").and_then(|p| p.as_str()).and_then(ProtocolVersion::parse));
        if let Some(v) = version {
            *lock(&core.version) = Some(v);
        }
    }
}
