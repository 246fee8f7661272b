//! Legacy Streamable HTTP, 2025-03-26 … 2025-11-25 (2025-11-25 `basic/transports.mdx`).
//!
//! - `initialize` (POST without a session) mints a session: a random `Mcp-Session-Id`
//!   ([`new_session_id`]) on the response, bound to the caller's principal. An `initialize`
//!   that fails keeps no session.
//! - Every other request needs `Mcp-Session-Id`: missing `400`; unknown, ended, or belonging
//!   to another principal `404` (the client then re-initializes).
//! - `MCP-Protocol-Version`, when present, must name a legacy revision this server speaks
//!   (`400` otherwise); when absent, `2025-03-26` is assumed. JSON-RPC batches are accepted
//!   only on sessions that negotiated `2025-03-26` (answered as one JSON array; messages
//!   other than the responses go to the standalone stream).
//! - A POSTed request is answered as JSON when its response is its first message; otherwise
//!   as an SSE stream that carries its notifications and server-to-client requests, then its
//!   response. The stream is resumable: events have ids `{stream}.{seq}` unique in the
//!   session, a priming event (id, empty data, `retry:`) opens it on sessions of 2025-11-25
//!   or later, and a disconnect does not cancel the request (`notifications/cancelled` does).
//!   A handler may close the stream mid-request (SEP-1699 polling,
//!   [`Peer::close_stream`](crate::peer::Peer::close_stream)): the client resumes it with
//!   `GET` + `Last-Event-ID` after the `retry:` interval and gets the rest there.
//! - POSTed notifications and responses (to server-to-client requests) get `202`.
//! - GET opens the standalone stream (`406` unless `Accept` allows `text/event-stream`; a
//!   second one replaces the first or gets `409`, [`StandaloneStreamPolicy`]), or with
//!   `Last-Event-ID` resumes the stream that id names, replaying only that stream's later
//!   events (`400` malformed, `404` unknown or no longer retained).
//! - DELETE ends the session (`200`); later requests with its id get `404`.

use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{Response, StatusCode};
use mcp_jsonrpc::correlation::Response as RpcResponse;
use mcp_jsonrpc::{BatchPolicy, Decoded, ErrorCode, ErrorResponse, Message, ProtocolVersion, Request};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::body::{self, McpBody};
use super::config::StandaloneStreamPolicy;
use super::events::{EventId, ReplayError};
use super::handler::McpHttpHandler;
use super::live::{Out, SessionCore, SessionPeer, lock};
use super::security;
use super::service::{Live, Shared, drain, message_data, session_header};
use super::sessions::{SessionRecord, SessionTransport, new_session_id};
use crate::http::headers::{LAST_EVENT_ID, MCP_PROTOCOL_VERSION, MCP_SESSION_ID};
use crate::principal::Principal;

fn bad_request(detail: impl Into<String>) -> Response<McpBody> {
    body::rpc_error(StatusCode::BAD_REQUEST, None, ErrorCode::INVALID_REQUEST, detail)
}

fn not_found() -> Response<McpBody> {
    body::rpc_error(StatusCode::NOT_FOUND, None, ErrorCode::INVALID_REQUEST, "Session not found")
}

/// The `MCP-Protocol-Version` of a legacy request: `Ok(None)` when absent.
fn header_version(parts: &Parts) -> Result<Option<ProtocolVersion>, Response<McpBody>> {
    let Some(value) = parts.headers.get(MCP_PROTOCOL_VERSION) else { return Ok(None) };
    let text = value.to_str().unwrap_or("");
    match ProtocolVersion::parse(text).filter(|v| !v.is_modern()) {
        Some(v) => Ok(Some(v)),
        None => Err(bad_request(format!("Bad Request: unsupported MCP-Protocol-Version {text:?}"))),
    }
}

fn session_id(parts: &Parts) -> Option<&str> {
    parts.headers.get(MCP_SESSION_ID).and_then(|v| v.to_str().ok())
}

impl<H: McpHttpHandler> Shared<H> {
    async fn session_for(
        &self,
        parts: &Parts,
        principal: &Principal,
    ) -> Result<Live<H::Session>, Response<McpBody>> {
        let Some(id) = session_id(parts) else {
            return Err(bad_request("Bad Request: the Mcp-Session-Id header is required"));
        };
        self.find_session(id, principal).await.ok_or_else(not_found)
    }

    pub(crate) async fn legacy_post(
        self: &Arc<Self>,
        parts: &Parts,
        bytes: Bytes,
        principal: Principal,
    ) -> Response<McpBody> {
        let header = match header_version(parts) {
            Ok(v) => v,
            Err(refusal) => return refusal,
        };
        let decoded = match mcp_jsonrpc::decode(&bytes, BatchPolicy::Allow) {
            Ok(d) => d,
            Err(e) => return body::json_message(StatusCode::BAD_REQUEST, &Message::Error(e.to_response())),
        };
        if let Decoded::Single(Message::Request(r)) = &decoded
            && r.method == "initialize"
        {
            let Decoded::Single(Message::Request(r)) = decoded else { unreachable!("matched above") };
            return self.initialize(r, principal).await;
        }
        let live = match self.session_for(parts, &principal).await {
            Ok(l) => l,
            Err(refusal) => return refusal,
        };
        let negotiated = *lock(&live.core.version);
        let version = header.or(negotiated).unwrap_or(ProtocolVersion::V2025_03_26);
        match decoded {
            Decoded::Single(message) => self.legacy_message(parts, message, principal, live, version).await,
            Decoded::Batch(items) => {
                if negotiated != Some(ProtocolVersion::V2025_03_26) {
                    return bad_request("Bad Request: JSON-RPC batches are only allowed in 2025-03-26");
                }
                self.batch(items, principal, live, version).await
            }
        }
    }

    async fn initialize(self: &Arc<Self>, request: Request, principal: Principal) -> Response<McpBody> {
        let id = new_session_id();
        let core = Arc::new(SessionCore::new(
            id.clone(),
            principal.binding_key(),
            SessionTransport::StreamableHttp,
            self.events.clone(),
        ));
        let state = self.handler.open_session(&principal, Arc::new(SessionPeer { core: core.clone() }));
        let live = Live { core: core.clone(), state };
        lock(&self.live).insert(id.clone(), live.clone());
        let mut rx = self.spawn_request(
            request,
            principal.clone(),
            Some(live.clone()),
            CancellationToken::new(),
            None,
        );
        let response = drain(&mut rx, |_| Box::pin(async {})).await;
        let negotiated = match &response {
            Some(Message::Response(r)) => r.result_as::<serde_json::Value>().ok().and_then(|v| {
                v.get("protocolVersion").and_then(|p| p.as_str()).and_then(ProtocolVersion::parse)
            }),
            _ => None,
        };
        let Some(version) = negotiated else {
            lock(&self.live).remove(&id);
            core.close().await;
            self.handler.close_session(&live.state);
            return match response {
                Some(m) => body::json_message(StatusCode::OK, &m),
                None => body::empty(StatusCode::NO_CONTENT),
            };
        };
        *lock(&core.version) = Some(version);
        self.sessions
            .put(SessionRecord {
                id: id.clone(),
                owner: core.owner.clone(),
                protocol_version: Some(version),
                transport: SessionTransport::StreamableHttp,
            })
            .await;
        let mut reply =
            body::json_message(StatusCode::OK, response.as_ref().expect("negotiated implies a response"));
        if let Some(value) = session_header(&id) {
            reply.headers_mut().insert(MCP_SESSION_ID, value);
        }
        reply
    }

    async fn legacy_message(
        self: &Arc<Self>,
        parts: &Parts,
        message: Message,
        principal: Principal,
        live: Live<H::Session>,
        version: ProtocolVersion,
    ) -> Response<McpBody> {
        match message {
            Message::Request(request) => {
                let cancel = CancellationToken::new();
                {
                    let mut in_flight = lock(&live.core.in_flight);
                    if in_flight.contains_key(&request.id) {
                        let error = mcp_jsonrpc::ErrorObject::invalid_request(format!(
                            "request id {} is already in flight",
                            request.id
                        ));
                        return body::json_message(
                            StatusCode::OK,
                            &Message::Error(ErrorResponse::new(Some(request.id), error)),
                        );
                    }
                    in_flight.insert(request.id.clone(), cancel.clone());
                }
                let core = live.core.clone();
                let rx = self.spawn_request(request, principal, Some(live), cancel, Some(version));
                let accept_sse = security::accepts(&parts.headers, body::EVENT_STREAM);
                self.respond(core, rx, version, accept_sse).await
            }
            Message::Notification(n) => {
                self.notification(n, principal, Some(live), Some(version)).await;
                body::empty(StatusCode::ACCEPTED)
            }
            other => {
                if let Ok(response) = RpcResponse::try_from(other)
                    && !live.core.complete(response)
                {
                    tracing::debug!("mcp-transport: a response matched no pending request");
                }
                body::empty(StatusCode::ACCEPTED)
            }
        }
    }

    /// JSON when the response comes first; otherwise a resumable SSE stream.
    async fn respond(
        &self,
        core: Arc<SessionCore>,
        mut rx: mpsc::UnboundedReceiver<Out>,
        version: ProtocolVersion,
        accept_sse: bool,
    ) -> Response<McpBody> {
        // The first message decides: the response alone is JSON; anything before it (or a
        // request to close the stream, SEP-1699) makes a resumable SSE stream.
        let (first, close_now) = loop {
            match rx.recv().await {
                None | Some(Out::Done(None)) => return body::empty(StatusCode::ACCEPTED),
                Some(Out::Done(Some(m))) => return body::json_message(StatusCode::OK, &m),
                Some(Out::Msg(m)) => break (Some(m), false),
                Some(Out::CloseStream) if accept_sse => break (None, true),
                Some(Out::CloseStream) => continue,
            }
        };
        if !accept_sse {
            let side_core = core.clone();
            let deliver = move |m: Message| -> crate::peer::BoxFuture<'static, ()> {
                let core = side_core.clone();
                Box::pin(async move {
                    if matches!(m, Message::Request(_)) {
                        core.deliver(&m).await;
                    }
                })
            };
            if let Some(first) = first {
                deliver(first).await;
            }
            return match drain(&mut rx, deliver).await {
                Some(m) => body::json_message(StatusCode::OK, &m),
                None => body::empty(StatusCode::ACCEPTED),
            };
        }
        let stream = core.new_stream();
        let brx = stream.attach(Vec::new()).await;
        // Priming follows the session's negotiated revision (a client may send an older
        // `MCP-Protocol-Version` header on a 2025-11-25 session).
        let session_version = (*lock(&core.version)).unwrap_or(version);
        // Closing is allowed once the client holds an event id to resume from.
        let mut resumable = false;
        if session_version >= ProtocolVersion::V2025_11_25 {
            stream.write(String::new(), Some(self.config.sse_retry_ms)).await;
            resumable = true;
        }
        if let Some(first) = first {
            stream.write(message_data(&first), None).await;
            resumable = true;
        }
        if close_now && resumable {
            stream.detach().await;
        }
        tokio::spawn(async move {
            while let Some(out) = rx.recv().await {
                match out {
                    Out::Msg(m) => {
                        stream.write(message_data(&m), None).await;
                        resumable = true;
                    }
                    Out::CloseStream if resumable => stream.detach().await,
                    Out::CloseStream => {}
                    Out::Done(m) => {
                        if let Some(m) = m {
                            stream.write(message_data(&m), None).await;
                        }
                        break;
                    }
                }
            }
            stream.finish().await;
        });
        body::sse(McpBody::stream(brx, None, None))
    }

    async fn batch(
        self: &Arc<Self>,
        items: Vec<Result<Message, mcp_jsonrpc::DecodeError>>,
        principal: Principal,
        live: Live<H::Session>,
        version: ProtocolVersion,
    ) -> Response<McpBody> {
        let mut waiting = Vec::new();
        let mut answers = Vec::new();
        for item in items {
            match item {
                Err(e) => answers.push(Message::Error(e.to_response())),
                Ok(Message::Request(r)) if r.method == "initialize" => {
                    answers.push(Message::Error(ErrorResponse::new(
                        Some(r.id),
                        mcp_jsonrpc::ErrorObject::invalid_request("initialize may not be batched"),
                    )))
                }
                Ok(Message::Request(r)) => {
                    let cancel = CancellationToken::new();
                    lock(&live.core.in_flight).insert(r.id.clone(), cancel.clone());
                    waiting.push(self.spawn_request(
                        r,
                        principal.clone(),
                        Some(live.clone()),
                        cancel,
                        Some(version),
                    ));
                }
                Ok(Message::Notification(n)) => {
                    self.notification(n, principal.clone(), Some(live.clone()), Some(version)).await
                }
                Ok(other) => {
                    if let Ok(response) = RpcResponse::try_from(other) {
                        live.core.complete(response);
                    }
                }
            }
        }
        for mut rx in waiting {
            let core = live.core.clone();
            let side = move |m: Message| -> crate::peer::BoxFuture<'static, ()> {
                let core = core.clone();
                Box::pin(async move {
                    core.deliver(&m).await;
                })
            };
            if let Some(m) = drain(&mut rx, side).await {
                answers.push(m);
            }
        }
        if answers.is_empty() {
            return body::empty(StatusCode::ACCEPTED);
        }
        let array: Vec<serde_json::Value> =
            answers.iter().filter_map(|m| serde_json::from_slice(&m.to_vec()).ok()).collect();
        body::json_value(StatusCode::OK, &serde_json::Value::Array(array))
    }

    pub(crate) async fn legacy_get(&self, parts: &Parts, principal: Principal) -> Response<McpBody> {
        if let Err(refusal) = security::check_get_accept(&parts.headers) {
            return refusal;
        }
        if let Err(refusal) = header_version(parts) {
            return refusal;
        }
        let live = match self.session_for(parts, &principal).await {
            Ok(l) => l,
            Err(refusal) => return refusal,
        };
        let core = &live.core;
        if let Some(last) = parts.headers.get(LAST_EVENT_ID) {
            let last = last.to_str().unwrap_or("");
            // A live stream replays and re-attaches atomically (see `LegacyStream::resume`).
            let live_stream =
                EventId::parse(last).and_then(|id| lock(&core.streams).get(&id.stream).cloned());
            if let Some(stream) = live_stream {
                return match stream.resume(last).await {
                    Ok(rx) => body::sse(McpBody::stream(rx, None, self.config.keep_alive)),
                    Err(ReplayError::Malformed) => bad_request("Bad Request: malformed Last-Event-ID"),
                    Err(e) => body::rpc_error(
                        StatusCode::NOT_FOUND,
                        None,
                        ErrorCode::INVALID_REQUEST,
                        e.to_string(),
                    ),
                };
            }
            return match self.events.replay_after(&core.id, last).await {
                Err(ReplayError::Malformed) => bad_request("Bad Request: malformed Last-Event-ID"),
                Err(e) => {
                    body::rpc_error(StatusCode::NOT_FOUND, None, ErrorCode::INVALID_REQUEST, e.to_string())
                }
                Ok((stream_id, events)) => {
                    let stream = lock(&core.streams).get(&stream_id).cloned();
                    let rx = match stream {
                        Some(stream) => stream.attach(events).await,
                        None => {
                            let (tx, rx) = mpsc::unbounded_channel();
                            for e in events.into_iter().filter(|e| !e.data.is_empty()) {
                                let event = crate::http::sse::Event {
                                    id: Some(e.id.to_string()),
                                    ..crate::http::sse::Event::data(e.data)
                                };
                                let _ = tx.send(Bytes::from(crate::http::sse::encode::encode(&event)));
                            }
                            rx
                        }
                    };
                    body::sse(McpBody::stream(rx, None, self.config.keep_alive))
                }
            };
        }
        let existing = lock(&core.standalone).clone();
        if let Some(old) = existing {
            if self.config.standalone_stream == StandaloneStreamPolicy::Conflict && old.is_connected().await {
                return body::rpc_error(
                    StatusCode::CONFLICT,
                    None,
                    ErrorCode::INVALID_REQUEST,
                    "Conflict: a standalone SSE stream is already open for this session",
                );
            }
            old.finish().await;
        }
        let stream = core.new_stream();
        let rx = stream.attach(Vec::new()).await;
        let version = (*lock(&core.version)).unwrap_or(ProtocolVersion::V2025_03_26);
        if version >= ProtocolVersion::V2025_11_25 {
            stream.write(String::new(), Some(self.config.sse_retry_ms)).await;
        }
        *lock(&core.standalone) = Some(stream);
        body::sse(McpBody::stream(rx, None, self.config.keep_alive))
    }

    pub(crate) async fn legacy_delete(&self, parts: &Parts, principal: Principal) -> Response<McpBody> {
        let live = match self.session_for(parts, &principal).await {
            Ok(l) => l,
            Err(refusal) => return refusal,
        };
        self.end_session(&live.core.id).await;
        body::empty(StatusCode::OK)
    }
}
