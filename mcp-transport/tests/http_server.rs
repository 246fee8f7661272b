//! The HTTP server as a plain `tower::Service` with a minimal handler (no network), and its
//! stream policies over loopback.
#![allow(unreachable_pub)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use mcp_jsonrpc::{Message, Notification, ResultResponse};
use mcp_transport::http::param::HeaderAnnotations;
use mcp_transport::http::server::{
    HttpServerConfig, McpBody, McpHttpHandler, McpHttpService, RequestContext, StandaloneStreamPolicy,
};
use mcp_transport::peer::{BoxFuture, Peer};
use mcp_transport::principal::Principal;
use serde_json::{Value, json};
use tower_service::Service;

/// Answers `initialize` with the requested version and anything else with its params.
#[derive(Default)]
struct Echo {
    closed: AtomicUsize,
}

impl McpHttpHandler for Echo {
    type Session = ();

    fn handle_request(
        &self,
        request: mcp_jsonrpc::Request,
        cx: RequestContext<()>,
    ) -> BoxFuture<'_, Option<Message>> {
        Box::pin(async move {
            let params: Value = request.params_as().unwrap_or(Value::Null);
            let result = if request.method == "initialize" {
                json!({"protocolVersion": params["protocolVersion"], "capabilities": {}, "serverInfo": {"name": "e", "version": "1"}})
            } else {
                if request.method == "notify" {
                    cx.peer.notify(Notification::without_params("notifications/message")).await;
                }
                json!({"echo": params, "principal": cx.principal.subject})
            };
            Some(Message::Response(ResultResponse::new(request.id, &result).unwrap()))
        })
    }

    fn handle_notification(&self, _n: Notification, _cx: RequestContext<()>) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }

    fn open_session(&self, _principal: &Principal, _peer: Arc<dyn Peer>) {}

    fn close_session(&self, _session: &()) {
        self.closed.fetch_add(1, Ordering::SeqCst);
    }

    fn tool_header_annotations(&self, _name: &str) -> Option<HeaderAnnotations> {
        None
    }
}

fn post(body: Value, headers: &[(&str, &str)]) -> Request<Full<Bytes>> {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri("/mcp")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Full::new(Bytes::from(body.to_string()))).unwrap()
}

async fn json_of(response: http::Response<McpBody>) -> Value {
    let bytes = tokio::time::timeout(Duration::from_secs(5), response.into_body().collect())
        .await
        .expect("body in time")
        .unwrap()
        .to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn modern(id: i64, method: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {"x": 1, "_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {}}}})
}

#[tokio::test]
async fn serves_as_a_tower_service_without_a_network() {
    let mut service = McpHttpService::new(Echo::default(), HttpServerConfig::default());
    let h = [("mcp-protocol-version", "2026-07-28"), ("mcp-method", "tools/list")];
    let response = service.call(post(modern(1, "tools/list"), &h)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await["result"]["echo"]["x"], 1);

    // A notification before the response turns the reply into an SSE stream.
    let h = [("mcp-protocol-version", "2026-07-28"), ("mcp-method", "notify")];
    let response = service.call(post(modern(2, "notify"), &h)).await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let mut decoder = mcp_transport::http::sse::decode::Decoder::new();
    let events = decoder.feed(&bytes).unwrap();
    assert_eq!(events.len(), 2);
    assert!(events[0].data.contains("notifications/message"));
    assert!(events[1].data.contains("\"id\":2"));
}

#[tokio::test]
async fn host_policy_follows_the_bound_port() {
    let mut service = McpHttpService::new(Echo::default(), HttpServerConfig::default());
    let h = [("mcp-protocol-version", "2026-07-28"), ("mcp-method", "tools/list")];
    let mut request = post(modern(1, "tools/list"), &h);
    request.headers_mut().insert("host", "localhost:4000".parse().unwrap());
    assert_eq!(service.call(request).await.unwrap().status(), StatusCode::OK);
    service.set_bound_port(5000);
    let mut request = post(modern(1, "tools/list"), &h);
    request.headers_mut().insert("host", "localhost:4000".parse().unwrap());
    assert_eq!(service.call(request).await.unwrap().status(), StatusCode::FORBIDDEN);
    let mut request = post(modern(1, "tools/list"), &h);
    request.headers_mut().insert("host", "127.0.0.1:5000".parse().unwrap());
    assert_eq!(service.call(request).await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn standalone_stream_conflict_policy_and_session_end() {
    let config = HttpServerConfig {
        standalone_stream: StandaloneStreamPolicy::Conflict,
        ..HttpServerConfig::default()
    };
    let mut service = McpHttpService::new(Echo::default(), config);
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18"}});
    let response = service.call(post(init, &[])).await.unwrap();
    let sid = response.headers()["mcp-session-id"].to_str().unwrap().to_owned();
    assert_eq!(service.session_count(), 1);
    let get = || {
        Request::builder()
            .method(Method::GET)
            .uri("/mcp")
            .header("host", "localhost")
            .header("accept", "text/event-stream")
            .header("mcp-session-id", sid.as_str())
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    let first = service.call(get()).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["x-accel-buffering"], "no");
    assert_eq!(service.call(get()).await.unwrap().status(), StatusCode::CONFLICT);
    drop(first);
    assert_eq!(service.call(get()).await.unwrap().status(), StatusCode::OK);

    let delete = Request::builder()
        .method(Method::DELETE)
        .uri("/mcp")
        .header("host", "localhost")
        .header("mcp-session-id", sid.as_str())
        .body(Full::new(Bytes::new()))
        .unwrap();
    assert_eq!(service.call(delete).await.unwrap().status(), StatusCode::OK);
    assert_eq!(service.session_count(), 0);
    assert_eq!(service.handler().closed.load(Ordering::SeqCst), 1);
    assert_eq!(service.call(get()).await.unwrap().status(), StatusCode::NOT_FOUND);
}
