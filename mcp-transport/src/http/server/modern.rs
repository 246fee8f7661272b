//! 2026-07-28 Streamable HTTP (`basic/transports/streamable-http.mdx`): stateless POSTs.
//!
//! Validation, in this order, each failure a `400` with a JSON-RPC error:
//! 1. `MCP-Protocol-Version` missing: `-32020` (HeaderMismatch); `_meta`
//!    `io.modelcontextprotocol/protocolVersion` missing: `-32602`; the two differ: `-32020`;
//!    a version this server does not speak statelessly: `-32022` with `data.supported` and
//!    `data.requested`; `_meta` `io.modelcontextprotocol/clientCapabilities` missing: `-32602`.
//! 2. `Mcp-Method` missing or not the body's `method`: `-32020`.
//! 3. `Mcp-Name` (for `tools/call`, `resources/read`, `prompts/get`; when present, for the
//!    tasks extension's `tasks/get`, `tasks/update`, `tasks/cancel`: the `taskId`) missing, not decodable
//!    (`=?base64?…?=`, [`crate::http::param::decode_value`]) or not `params.name`/`params.uri`:
//!    `-32020`.
//! 4. For `tools/call`, each `x-mcp-header` annotation of the tool
//!    ([`McpHttpHandler::tool_header_annotations`]): a body value without its
//!    `Mcp-Param-{X}` header, a header without a body value, an undecodable header, or a
//!    header whose decoded value differs (integers compared numerically): `-32020`.
//!
//! Then the handler runs. Its response is sent as JSON unless it emits a notification first,
//! in which case the response becomes an SSE stream (when `Accept` allows it; otherwise the
//! notifications are dropped) ending with the response. Error statuses: `-32601` gives `404`,
//! `-32020`/`-32021`/`-32022` give `400`, other JSON-RPC errors `200`. Dropping the response
//! (the client closed the stream) cancels the request. `subscriptions/listen` needs
//! `text/event-stream` (`406` otherwise) and ends at shutdown. A notification gets `202`. A
//! client may not POST responses here (`400`). `Mcp-Session-Id` and `Last-Event-ID` are
//! ignored.

use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, Response, StatusCode};
use mcp_jsonrpc::schema::meta_keys;
use mcp_jsonrpc::{ErrorCode, ErrorObject, Message, ProtocolVersion, RequestId};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::body::{self, McpBody};
use super::handler::McpHttpHandler;
use super::live::Out;
use super::security;
use super::service::{Shared, message_data};
use crate::http::headers::{MCP_METHOD, MCP_NAME, MCP_PROTOCOL_VERSION};
use crate::http::param;
use crate::http::sse::{Event, encode};
use crate::principal::Principal;

/// Whether a POST is 2026-07-28 traffic: its `MCP-Protocol-Version` header names a modern
/// revision, or its body's `params._meta` carries `io.modelcontextprotocol/protocolVersion`.
pub(crate) fn is_modern(headers: &HeaderMap, bytes: &[u8]) -> bool {
    let header = headers.get(MCP_PROTOCOL_VERSION).and_then(|v| v.to_str().ok());
    if header.and_then(ProtocolVersion::parse).is_some_and(ProtocolVersion::is_modern) {
        return true;
    }
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else { return false };
    meta_version(&value).is_some()
}

fn meta_version(body: &Value) -> Option<&Value> {
    body.get("params")?.get("_meta")?.get(meta_keys::PROTOCOL_VERSION)
}

fn mismatch(id: &RequestId, detail: String) -> Response<McpBody> {
    body::rpc_error(
        StatusCode::BAD_REQUEST,
        Some(id.clone()),
        ErrorCode::HEADER_MISMATCH,
        format!("Header mismatch: {detail}"),
    )
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a [u8]> {
    headers.get(name).map(|v| v.as_bytes())
}

/// The statuses of 2026-07-28 JSON-RPC errors (`streamable-http.mdx` "Server Validation",
/// "Protocol Version Header").
pub(crate) fn status_of(message: &Message) -> StatusCode {
    match message {
        Message::Error(e) if e.error.code == ErrorCode::METHOD_NOT_FOUND => StatusCode::NOT_FOUND,
        Message::Error(e)
            if [
                ErrorCode::HEADER_MISMATCH,
                ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
                ErrorCode::UNSUPPORTED_PROTOCOL_VERSION,
            ]
            .contains(&e.error.code) =>
        {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    }
}

/// Validates the request headers against the body (steps 1–4 of the module docs).
pub(crate) fn validate<H: McpHttpHandler>(
    handler: &H,
    headers: &HeaderMap,
    request: &mcp_jsonrpc::Request,
    body: &Value,
) -> Result<(), Response<McpBody>> {
    let id = &request.id;
    let empty = json!({});
    let params = body.get("params").unwrap_or(&empty);
    let header_version = headers.get(MCP_PROTOCOL_VERSION).map(|v| v.to_str().unwrap_or("\u{0}"));
    let Some(header_version) = header_version else {
        return Err(mismatch(id, "the MCP-Protocol-Version header is required".into()));
    };
    let Some(body_version) = meta_version(body) else {
        return Err(body::rpc_error(
            StatusCode::BAD_REQUEST,
            Some(id.clone()),
            ErrorCode::INVALID_PARAMS,
            format!("missing required _meta {}", meta_keys::PROTOCOL_VERSION),
        ));
    };
    if body_version.as_str() != Some(header_version) {
        return Err(mismatch(
            id,
            format!(
                "MCP-Protocol-Version header value {header_version:?} does not match body value {body_version}"
            ),
        ));
    }
    if !ProtocolVersion::parse(header_version).is_some_and(ProtocolVersion::is_modern) {
        let supported: Vec<&str> =
            ProtocolVersion::ALL.iter().filter(|v| v.is_modern()).map(|v| v.as_str()).collect();
        return Err(body::error_object(
            StatusCode::BAD_REQUEST,
            Some(id.clone()),
            ErrorObject::new(ErrorCode::UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version")
                .with_data(json!({ "supported": supported, "requested": header_version })),
        ));
    }
    if params.get("_meta").and_then(|m| m.get(meta_keys::CLIENT_CAPABILITIES)).is_none() {
        return Err(body::rpc_error(
            StatusCode::BAD_REQUEST,
            Some(id.clone()),
            ErrorCode::INVALID_PARAMS,
            format!("missing required _meta {}", meta_keys::CLIENT_CAPABILITIES),
        ));
    }
    match header_str(headers, MCP_METHOD) {
        None => return Err(mismatch(id, "the Mcp-Method header is required".into())),
        Some(m) if m != request.method.as_bytes() => {
            return Err(mismatch(
                id,
                format!(
                    "Mcp-Method header value {:?} does not match body value {:?}",
                    String::from_utf8_lossy(m),
                    request.method
                ),
            ));
        }
        Some(_) => {}
    }
    let name_key = match request.method.as_str() {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    };
    if let Some(key) = name_key {
        let body_name = params.get(key).cloned().unwrap_or(Value::Null);
        let Some(raw) = header_str(headers, MCP_NAME) else {
            return Err(mismatch(id, "the Mcp-Name header is required".into()));
        };
        let decoded = param::decode_value(raw).map_err(|e| mismatch(id, format!("Mcp-Name: {e}")))?;
        if body_name.as_str() != Some(decoded.as_str()) {
            return Err(mismatch(
                id,
                format!("Mcp-Name header value {decoded:?} does not match body value {body_name}"),
            ));
        }
    }
    // The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) routes `tasks/get`,
    // `tasks/update` and `tasks/cancel` by task id: an `Mcp-Name` header, when sent, must name
    // `params.taskId` (SEP-2243 header/body agreement).
    if matches!(request.method.as_str(), "tasks/get" | "tasks/update" | "tasks/cancel")
        && let Some(raw) = header_str(headers, MCP_NAME)
    {
        let task_id = params.get("taskId").cloned().unwrap_or(Value::Null);
        let decoded = param::decode_value(raw).map_err(|e| mismatch(id, format!("Mcp-Name: {e}")))?;
        if task_id.as_str() != Some(decoded.as_str()) {
            return Err(mismatch(
                id,
                format!("Mcp-Name header value {decoded:?} does not match taskId {task_id}"),
            ));
        }
    }
    if request.method == "tools/call" {
        let name = params.get("name").and_then(Value::as_str).unwrap_or("");
        if let Some(annotations) = handler.tool_header_annotations(name) {
            let arguments = params.get("arguments").cloned().unwrap_or(Value::Null);
            for a in &annotations.annotations {
                let header_name = a.header_name();
                let value = a.value_in(&arguments);
                match (value, header_str(headers, &header_name)) {
                    (None, None) => {}
                    (Some(_), None) => {
                        return Err(mismatch(id, format!("the Mcp-Param-{} header is required", a.name)));
                    }
                    (None, Some(_)) => {
                        return Err(mismatch(
                            id,
                            format!("Mcp-Param-{} header present but the argument is absent", a.name),
                        ));
                    }
                    (Some(v), Some(raw)) => {
                        let decoded = param::decode_value(raw)
                            .map_err(|e| mismatch(id, format!("Mcp-Param-{}: {e}", a.name)))?;
                        if !param::values_match(&decoded, v) {
                            return Err(mismatch(
                                id,
                                format!(
                                    "Mcp-Param-{} header value {decoded:?} does not match body value {v}",
                                    a.name
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

impl<H: McpHttpHandler> Shared<H> {
    pub(crate) async fn modern_post(
        self: &Arc<Self>,
        parts: &Parts,
        bytes: Bytes,
        principal: Principal,
    ) -> Response<McpBody> {
        let message = match mcp_jsonrpc::decode_message(&bytes) {
            Ok(m) => m,
            Err(e) => return body::json_message(StatusCode::BAD_REQUEST, &Message::Error(e.to_response())),
        };
        let request = match message {
            Message::Request(r) => r,
            Message::Notification(n) => {
                self.notification(n, principal, None, Some(ProtocolVersion::V2026_07_28)).await;
                return body::empty(StatusCode::ACCEPTED);
            }
            Message::Response(_) | Message::Error(_) => {
                return body::rpc_error(
                    StatusCode::BAD_REQUEST,
                    None,
                    ErrorCode::INVALID_REQUEST,
                    "Bad Request: a 2026-07-28 client does not send responses",
                );
            }
        };
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if let Err(refusal) = validate(self.handler.as_ref(), &parts.headers, &request, &value) {
            return refusal;
        }
        let accept_sse = security::accepts(&parts.headers, body::EVENT_STREAM);
        let listen = request.method == "subscriptions/listen";
        if listen && !accept_sse {
            return security::not_acceptable(
                "Not Acceptable: subscriptions/listen answers with text/event-stream",
            );
        }
        let cancel = if listen { self.shutdown.child_token() } else { CancellationToken::new() };
        let guard = cancel.clone().drop_guard();
        let mut rx = self.spawn_request(request, principal, None, cancel, Some(ProtocolVersion::V2026_07_28));
        let keep_alive = if listen { self.config.keep_alive } else { None };
        let first = rx.recv().await;
        match first {
            Some(Out::Done(Some(m))) => body::json_message(status_of(&m), &m),
            // `Out::CloseStream` (SEP-1699) only comes from legacy sessions, never here.
            None | Some(Out::Done(None) | Out::CloseStream) => body::empty(StatusCode::NO_CONTENT),
            Some(Out::Msg(m)) if !accept_sse => {
                drop(m);
                match super::service::drain(&mut rx, |_| Box::pin(async {})).await {
                    Some(m) => body::json_message(status_of(&m), &m),
                    None => body::empty(StatusCode::NO_CONTENT),
                }
            }
            Some(Out::Msg(m)) => {
                let (tx, brx) = mpsc::unbounded_channel();
                let _ = tx.send(frame(&m));
                tokio::spawn(pump(rx, tx));
                body::sse(McpBody::stream(brx, Some(guard), keep_alive))
            }
        }
    }
}

fn frame(message: &Message) -> Bytes {
    Bytes::from(encode::encode(&Event::data(message_data(message))))
}

/// Forwards a request's messages to its SSE body until the response; stops early when the
/// body is gone (its drop guard has cancelled the request).
async fn pump(mut rx: mpsc::UnboundedReceiver<Out>, tx: mpsc::UnboundedSender<Bytes>) {
    while let Some(out) = rx.recv().await {
        let (message, last) = match out {
            Out::Msg(m) => (Some(m), false),
            Out::CloseStream => (None, false),
            Out::Done(m) => (m, true),
        };
        if let Some(m) = message
            && tx.send(frame(&m)).is_err()
        {
            return;
        }
        if last {
            return;
        }
    }
}
