//! A scripted fake server for the client tests: it speaks raw JSON-RPC over one end of an
//! in-memory transport pair, and each test says what it expects and what it answers.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use mcp_client::{Client, ClientBuilder};
use mcp_jsonrpc::message::ErrorResponse;
use mcp_jsonrpc::{ErrorCode, ErrorObject, Message, Notification, Request, RequestId, ResultResponse};
use mcp_transport::memory::{MemoryOptions, Wire, pair_with};
use mcp_transport::{MemoryTransport, MessageSink, MessageStream};
use serde_json::{Value, json};

pub const MODERN: &str = "2026-07-28";
pub const LEGACY: &str = "2025-11-25";

/// The server end.
pub struct FakeServer {
    end: MemoryTransport,
}

/// A discover result listing the modern revision, with the given capabilities.
pub fn discover_result(capabilities: Value) -> Value {
    json!({
        "resultType": "complete",
        "supportedVersions": [MODERN],
        "capabilities": capabilities,
        "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "fake", "version": "1"}},
        "ttlMs": 0,
        "cacheScope": "public"
    })
}

/// An initialize result answering `version`.
pub fn initialize_result(version: &str, capabilities: Value) -> Value {
    json!({"protocolVersion": version, "capabilities": capabilities, "serverInfo": {"name": "fake", "version": "1"}})
}

pub fn all_capabilities() -> Value {
    json!({"tools": {"listChanged": true}, "resources": {"subscribe": true, "listChanged": true},
           "prompts": {"listChanged": true}, "logging": {}, "completions": {}})
}

impl FakeServer {
    /// A pair whose messages go over the wire as stdio lines (like a real stdio server).
    pub fn pair() -> (FakeServer, MemoryTransport) {
        let (client_end, server_end) = pair_with(MemoryOptions { capacity: 64, wire: Wire::Bytes });
        (FakeServer { end: server_end }, client_end)
    }

    /// The next message from the client (fails the test after 10 s of virtual or real time).
    pub async fn recv(&mut self) -> Message {
        tokio::time::timeout(Duration::from_secs(10), self.end.recv())
            .await
            .expect("the client sent nothing")
            .expect("the client closed")
            .expect("the client sent a malformed message")
    }

    /// The next message, or `None` when the client closed or nothing came within `wait`.
    pub async fn try_recv(&mut self, wait: Duration) -> Option<Message> {
        match tokio::time::timeout(wait, self.end.recv()).await {
            Ok(Some(Ok(m))) => Some(m),
            _ => None,
        }
    }

    /// The next message, which must be a request for `method`; returns it and its params.
    pub async fn expect_request(&mut self, method: &str) -> (Request, Value) {
        match self.recv().await {
            Message::Request(r) => {
                assert_eq!(r.method, method, "unexpected request {r:?}");
                let params: Value = r.params_as().unwrap();
                (r, params)
            }
            other => panic!("expected a {method} request, got {other}"),
        }
    }

    /// The next message, which must be a notification for `method`; returns its params.
    pub async fn expect_notification(&mut self, method: &str) -> Value {
        match self.recv().await {
            Message::Notification(n) => {
                assert_eq!(n.method, method, "unexpected notification {n:?}");
                n.params_as().unwrap_or(Value::Null)
            }
            other => panic!("expected a {method} notification, got {other}"),
        }
    }

    /// The next message, which must be a response; returns its id and result or error.
    pub async fn expect_response(&mut self) -> (RequestId, Result<Value, ErrorObject>) {
        match self.recv().await {
            Message::Response(r) => (r.id.clone(), Ok(r.result_as().unwrap())),
            Message::Error(e) => (e.id.clone().expect("error response with an id"), Err(e.error)),
            other => panic!("expected a response, got {other}"),
        }
    }

    pub async fn send(&mut self, message: impl Into<Message>) {
        self.end.send(message.into()).await.expect("client end gone");
    }

    pub async fn respond(&mut self, id: &RequestId, result: Value) {
        self.send(ResultResponse::new(id.clone(), &result).unwrap()).await;
    }

    pub async fn error(&mut self, id: &RequestId, code: i64, data: Option<Value>) {
        let mut e = ErrorObject::new(ErrorCode(code), "scripted error");
        e.data = data;
        self.send(ErrorResponse::new(Some(id.clone()), e)).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method, &params).unwrap()).await;
    }

    pub async fn request(&mut self, id: i64, method: &str, params: Value) {
        self.send(Request::new(id, method, &params).unwrap()).await;
    }

    /// Answers the discover probe with a modern result.
    pub async fn accept_modern(&mut self, capabilities: Value) -> Value {
        let (r, params) = self.expect_request("server/discover").await;
        self.respond(&r.id, discover_result(capabilities)).await;
        params
    }

    /// Rejects the probe with -32601, then completes `initialize` with `version`; returns the
    /// initialize params.
    pub async fn accept_legacy(&mut self, version: &str, capabilities: Value) -> Value {
        let (r, _) = self.expect_request("server/discover").await;
        self.error(&r.id, -32601, None).await;
        let (r, params) = self.expect_request("initialize").await;
        self.respond(&r.id, initialize_result(version, capabilities)).await;
        self.expect_notification("notifications/initialized").await;
        params
    }
}

/// Connects `builder` to a fake server that accepts the modern era.
pub async fn modern(builder: ClientBuilder) -> (Client, FakeServer) {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(builder.connect(end));
    server.accept_modern(all_capabilities()).await;
    (connecting.await.unwrap().unwrap(), server)
}

/// Connects `builder` to a fake server that is legacy (answering `version`).
pub async fn legacy(builder: ClientBuilder) -> (Client, FakeServer) {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(builder.connect(end));
    server.accept_legacy(LEGACY, all_capabilities()).await;
    (connecting.await.unwrap().unwrap(), server)
}

/// Asserts the modern request `_meta` (2026-07-28 `basic/index.mdx`) on `params`.
pub fn assert_modern_meta(params: &Value) {
    let meta = &params["_meta"];
    assert_eq!(meta["io.modelcontextprotocol/protocolVersion"], json!(MODERN), "{params}");
    assert!(meta["io.modelcontextprotocol/clientCapabilities"].is_object(), "{params}");
    assert!(meta["io.modelcontextprotocol/clientInfo"]["name"].is_string(), "{params}");
}

/// A one-text-block tool result.
pub fn text_result(text: &str) -> Value {
    json!({"content": [{"type": "text", "text": text}]})
}
