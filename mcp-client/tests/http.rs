//! The client role over HTTP against scripted servers on 127.0.0.1: modern Streamable HTTP,
//! legacy Streamable HTTP and HTTP+SSE, with detection, its cache and a forced revision.

#[path = "../../mcp-transport/tests/http_client_support.rs"]
mod support;

use std::sync::Arc;

use mcp_client::http::{Detected, DetectionCache, HttpClientOptions, TransportKind, Url};
use mcp_client::{Client, ClientBuilder};
use mcp_jsonrpc::{Era, ProtocolVersion};
use serde_json::{Value, json};
use support::*;

fn options(kind: TransportKind, cache: &Arc<DetectionCache>) -> HttpClientOptions {
    HttpClientOptions {
        transport: kind,
        cache: cache.clone(),
        response_timeout: WAIT,
        endpoint_timeout: WAIT,
        ..HttpClientOptions::default()
    }
}

fn tools(modern: bool) -> Value {
    let mut v = json!({"tools": [
        {"name": "weather", "inputSchema": {"type": "object", "properties": {
            "region": {"type": "string", "x-mcp-header": "Region"},
            "city": {"type": "string"}}}},
        {"name": "bad", "inputSchema": {"type": "object", "properties": {
            "n": {"type": "number", "x-mcp-header": "N"}}}}
    ]});
    if modern {
        v["resultType"] = json!("complete");
        v["ttlMs"] = json!(0);
        v["cacheScope"] = json!("public");
    }
    v
}

fn call_result(modern: bool, text: &str) -> Value {
    let mut v = json!({"content": [{"type": "text", "text": text}], "isError": false});
    if modern {
        v["resultType"] = json!("complete");
    }
    v
}

async fn modern_server() -> TestServer {
    serve(|r: Recorded| async move {
        let id = r.rpc_id();
        match r.rpc_method().as_deref() {
            Some("server/discover") => json(
                200,
                result(
                    id,
                    json!({"resultType": "complete", "supportedVersions": ["2026-07-28"],
                    "capabilities": {"tools": {}},
                    "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "modern", "version": "1"}},
                    "ttlMs": 0, "cacheScope": "public"}),
                ),
            ),
            Some("tools/list") => json(200, result(id, tools(true))),
            Some("tools/call") => {
                let region = r.header("mcp-param-region").unwrap_or("none").to_owned();
                sse(format!("id: 1\ndata:\n\n{}", event(&result(id, call_result(true, &region)))))
            }
            _ => json(404, rpc_error(id, -32601)),
        }
    })
    .await
}

/// Legacy Streamable HTTP: an empty 400 without a session, sessions from `initialize`.
async fn legacy_server() -> TestServer {
    serve(|r: Recorded| async move {
        let id = r.rpc_id();
        let has_session = r.header("mcp-session-id") == Some("sess");
        match (r.method.as_str(), r.rpc_method().as_deref()) {
            ("GET", _) => status(405),
            ("DELETE", _) => status(if has_session { 200 } else { 400 }),
            (_, Some("initialize")) => {
                let offered = r.json()["params"]["protocolVersion"].as_str().unwrap_or_default().to_owned();
                let version = if offered == "2025-06-18" { offered } else { "2025-11-25".to_owned() };
                let mut resp = json(
                    200,
                    result(
                        id,
                        json!({"protocolVersion": version,
                    "capabilities": {"tools": {}}, "serverInfo": {"name": "legacy", "version": "1"}}),
                    ),
                );
                resp.headers_mut().insert("mcp-session-id", "sess".parse().unwrap());
                resp
            }
            _ if !has_session => status(400),
            (_, Some("notifications/initialized")) => status(202),
            (_, Some("tools/list")) => json(200, result(id, tools(false))),
            (_, Some("tools/call")) => {
                sse(format!("id: x1\ndata:\n\n{}", event(&result(id, call_result(false, "legacy")))))
            }
            _ => json(200, rpc_error(id, -32601)),
        }
    })
    .await
}

/// HTTP+SSE at `/sse`, POSTs at `/messages?sessionId=1`; the MCP endpoint does not exist.
async fn http_sse_server() -> TestServer {
    let stream: Arc<std::sync::Mutex<Option<tokio::sync::mpsc::UnboundedSender<bytes::Bytes>>>> =
        Arc::default();
    serve(move |r: Recorded| {
        let stream = stream.clone();
        async move {
            match (r.method.as_str(), r.uri.as_str()) {
                ("GET", "/sse") => {
                    let (resp, tx) = sse_stream();
                    tx.send("event: endpoint\ndata: /messages?sessionId=1\n\n".into()).unwrap();
                    *stream.lock().unwrap() = Some(tx);
                    resp
                }
                ("POST", "/messages?sessionId=1") => {
                    let id = r.rpc_id();
                    let reply = match r.rpc_method().as_deref() {
                        Some("initialize") => Some(result(
                            id,
                            json!({"protocolVersion": "2024-11-05",
                            "capabilities": {"tools": {}}, "serverInfo": {"name": "old", "version": "1"}}),
                        )),
                        Some("tools/list") => Some(result(id, tools(false))),
                        Some("tools/call") => Some(result(id, call_result(false, "sse"))),
                        Some(m) if m.starts_with("notifications/") => None,
                        _ => Some(rpc_error(id, -32601)),
                    };
                    if let (Some(reply), Some(tx)) = (reply, stream.lock().unwrap().as_ref()) {
                        let _ = tx.send(format!("event: message\n{}", event(&reply)).into());
                    }
                    status(202)
                }
                _ => status(404),
            }
        }
    })
    .await
}

fn text_of(result: &mcp_jsonrpc::schema::tools::CallToolResult) -> String {
    serde_json::to_value(&result.content).unwrap()[0]["text"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn modern_server_over_streamable_http() {
    let server = modern_server().await;
    let cache = Arc::new(DetectionCache::new());
    let (client, handle) = ClientBuilder::new()
        .connect_http_with_handle(&server.url("/mcp"), options(TransportKind::Auto, &cache))
        .await
        .unwrap();
    assert_eq!(client.protocol_version(), ProtocolVersion::V2026_07_28);
    assert_eq!(handle.detected(), Some(Detected::Modern { version: ProtocolVersion::V2026_07_28 }));
    let names: Vec<String> = client.list_all_tools().await.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["weather"], "a tool with an invalid x-mcp-header is dropped on HTTP");
    let args = json!({"region": "eu-west", "city": "Oslo"}).as_object().cloned();
    let called = client.call_tool("weather", args).await.unwrap();
    assert_eq!(text_of(&called), "eu-west", "the server saw Mcp-Param-Region");
    client.close().await.unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs.iter().map(|r| r.rpc_method().unwrap()).collect::<Vec<_>>(),
        ["server/discover", "tools/list", "tools/call"]
    );
    assert!(reqs.iter().all(|r| r.method == http::Method::POST), "no GET or DELETE on modern HTTP");
    assert_eq!(reqs[2].header("mcp-name"), Some("weather"));
}

#[tokio::test]
async fn legacy_server_over_streamable_http() {
    let server = legacy_server().await;
    let cache = Arc::new(DetectionCache::new());
    let client =
        Client::connect_http(&server.url("/mcp"), options(TransportKind::Auto, &cache)).await.unwrap();
    assert_eq!(client.era(), Era::Legacy);
    assert_eq!(client.protocol_version(), ProtocolVersion::V2025_11_25);
    let names: Vec<String> = client.list_all_tools().await.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["weather", "bad"], "x-mcp-header is a 2026-07-28 rule");
    let called = client.call_tool("weather", None).await.unwrap();
    assert_eq!(text_of(&called), "legacy");
    client.close().await.unwrap();
    server.wait_for("DELETE", |reqs| reqs.iter().any(|r| r.method == http::Method::DELETE)).await;
    let reqs = server.requests();
    let delete = reqs.iter().find(|r| r.method == http::Method::DELETE).unwrap();
    assert_eq!(delete.header("mcp-session-id"), Some("sess"));
    let list = reqs.iter().find(|r| r.rpc_method().as_deref() == Some("tools/list")).unwrap();
    assert_eq!(list.header("mcp-protocol-version"), Some("2025-11-25"));
    let legacy = Detected::Legacy { version: Some(ProtocolVersion::V2025_11_25) };
    assert_eq!(cache.get(&Url::parse(&server.url("/")).unwrap()), Some(legacy));

    // A second connection reuses the detection: no server/discover goes out.
    let before = server.requests().len();
    let again =
        Client::connect_http(&server.url("/mcp"), options(TransportKind::Auto, &cache)).await.unwrap();
    assert_eq!(again.protocol_version(), ProtocolVersion::V2025_11_25);
    let first = &server.requests()[before];
    assert_eq!(first.rpc_method().as_deref(), Some("initialize"));
    again.close().await.unwrap();
}

#[tokio::test]
async fn forced_revision_and_transport() {
    let server = legacy_server().await;
    let cache = Arc::new(DetectionCache::new());
    let client = ClientBuilder::new()
        .protocol_version(ProtocolVersion::V2025_06_18)
        .connect_http(&server.url("/mcp"), options(TransportKind::StreamableHttp, &cache))
        .await
        .unwrap();
    assert_eq!(client.protocol_version(), ProtocolVersion::V2025_06_18);
    assert_eq!(client.list_all_tools().await.unwrap().len(), 2);
    client.close().await.unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].rpc_method().as_deref(),
        Some("initialize"),
        "a forced legacy revision sends no probe"
    );
    assert!(reqs.iter().any(|r| r.header("mcp-protocol-version") == Some("2025-06-18")));
}

#[tokio::test]
async fn http_sse_server_detected_and_cached() {
    let server = http_sse_server().await;
    let cache = Arc::new(DetectionCache::new());
    let client =
        Client::connect_http(&server.url("/sse"), options(TransportKind::Auto, &cache)).await.unwrap();
    assert_eq!(client.protocol_version(), ProtocolVersion::V2024_11_05);
    let names: Vec<String> = client.list_all_tools().await.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["weather", "bad"]);
    assert_eq!(text_of(&client.call_tool("weather", None).await.unwrap()), "sse");
    client.close().await.unwrap();
    assert_eq!(cache.get(&Url::parse(&server.url("/")).unwrap()), Some(Detected::HttpSse));

    let before = server.requests().len();
    let again =
        Client::connect_http(&server.url("/sse"), options(TransportKind::Auto, &cache)).await.unwrap();
    assert_eq!(again.protocol_version(), ProtocolVersion::V2024_11_05);
    let probes = server.requests()[before..]
        .iter()
        .filter(|r| r.uri == "/sse" && r.method == http::Method::POST)
        .count();
    assert_eq!(probes, 0, "the cached result skips the Streamable HTTP probes");
    again.close().await.unwrap();
}

#[tokio::test]
async fn forced_sse_transport() {
    let server = http_sse_server().await;
    let cache = Arc::new(DetectionCache::new());
    let client =
        Client::connect_http(&server.url("/sse"), options(TransportKind::Sse, &cache)).await.unwrap();
    assert_eq!(client.era(), Era::Legacy);
    assert_eq!(client.list_all_tools().await.unwrap().len(), 2);
    client.close().await.unwrap();
    assert!(server.requests().iter().all(|r| r.uri != "/sse" || r.method == http::Method::GET));
}
