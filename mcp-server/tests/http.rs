//! `Server` over HTTP, driven by a real hyper client over loopback: both Streamable HTTP eras,
//! HTTP+SSE, security checks, authentication and graceful shutdown.
#![allow(unreachable_pub)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{Principal, Server};
use mcp_transport::http::server::{Challenge, HttpServerConfig, McpHttpService};
use mcp_transport::http::sse::{Event, decode::Decoder};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);
const MODERN: &str = "2026-07-28";

async fn within<F: std::future::Future>(what: &str, f: F) -> F::Output {
    tokio::time::timeout(WAIT, f).await.unwrap_or_else(|_| panic!("timed out: {what}"))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct AddArgs {
    a: i64,
    b: i64,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Empty {}

fn elicit_form(message: &str) -> mcp_jsonrpc::schema::elicitation::ElicitRequestParams {
    serde_json::from_value(json!({
        "mode": "form", "message": message,
        "requestedSchema": {"type": "object", "properties": {"v": {"type": "string"}}}
    }))
    .unwrap()
}

fn test_server(cancelled: Arc<AtomicBool>) -> Server {
    Server::builder("http-test", "1.0.0")
        .tool::<AddArgs, _, _>("add", "adds", |_, a| async move {
            Ok(CallToolResult::text((a.a + a.b).to_string()))
        })
        .tool::<Empty, _, _>("whoami", "the caller", |ctx, _| async move {
            Ok(CallToolResult::text(ctx.principal().subject.clone().unwrap_or_else(|| "anonymous".into())))
        })
        .tool::<Empty, _, _>("work", "progress", |ctx, _| async move {
            ctx.progress(1.0, Some(2.0), Some("half")).await;
            ctx.progress(2.0, Some(2.0), None).await;
            Ok(CallToolResult::text("done"))
        })
        .tool::<Empty, _, _>("slow", "sleeps 300 ms", |_, _| async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            Ok(CallToolResult::text("slept"))
        })
        .tool::<Empty, _, _>("hang", "waits for cancellation", move |ctx, _| {
            let cancelled = cancelled.clone();
            async move {
                let token = ctx.cancellation().clone();
                tokio::spawn(async move {
                    token.cancelled().await;
                    cancelled.store(true, Ordering::SeqCst);
                });
                ctx.progress(1.0, None, None).await;
                tokio::time::sleep(Duration::from_secs(60)).await;
                Ok(CallToolResult::text("never"))
            }
        })
        .tool::<Empty, _, _>("ask", "elicits twice", |ctx, _| async move {
            let a = ctx.elicit(elicit_form("first?")).await?;
            let b = ctx.elicit(elicit_form("second?")).await?;
            let v = |r: &mcp_jsonrpc::schema::elicitation::ElicitResult| match r
                .content
                .as_ref()
                .and_then(|c| c.get("v"))
            {
                Some(mcp_jsonrpc::schema::elicitation::ElicitValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            Ok(CallToolResult::text(format!("{}+{}", v(&a), v(&b))))
        })
        .dynamic_tool(
            Tool::new(
                "sql",
                json!({"type": "object", "properties": {
                    "region": {"type": "string", "x-mcp-header": "Region"},
                    "limit": {"type": "integer", "x-mcp-header": "Limit"},
                    "query": {"type": "string"}}, "required": ["query"]})
                .as_object()
                .unwrap()
                .clone(),
            ),
            |_, args| async move { Ok(CallToolResult::text(args["query"].as_str().unwrap_or_default())) },
        )
        .build()
        .unwrap()
}

struct Running {
    addr: SocketAddr,
    server: Server,
    cancelled: Arc<AtomicBool>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start_with(build: impl FnOnce(&Server) -> McpHttpService<Server>) -> Running {
    let cancelled = Arc::new(AtomicBool::new(false));
    let server = test_server(cancelled.clone());
    let service = build(&server);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let s = server.clone();
    let task = tokio::spawn(async move {
        s.serve_http_service(listener, service, async {
            let _ = stopped.await;
        })
        .await
    });
    Running { addr, server, cancelled, stop: Some(stop), task }
}

async fn start() -> Running {
    start_with(|s| s.http_service(HttpServerConfig::default())).await
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<Incoming>,
    conn: JoinHandle<()>,
    decoder: Decoder,
    queue: VecDeque<Event>,
}

impl Reply {
    async fn text(mut self) -> String {
        let body = self.body.take().unwrap();
        let bytes = within("body", body.collect()).await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    async fn json(self) -> Value {
        let text = self.text().await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The next SSE event; `None` at the end of the stream.
    async fn event(&mut self) -> Option<Event> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some(e);
            }
            let body = self.body.as_mut()?;
            match within("sse frame", body.frame()).await {
                None => return None,
                Some(frame) => {
                    if let Ok(data) = frame.unwrap().into_data() {
                        self.queue.extend(self.decoder.feed(&data).unwrap());
                    }
                }
            }
        }
    }

    /// The next event whose data is a JSON-RPC message (priming events skipped).
    async fn message(&mut self) -> (Option<String>, Value) {
        loop {
            let e = self.event().await.expect("stream ended early");
            if !e.data.is_empty() {
                return (e.id, serde_json::from_str(&e.data).unwrap());
            }
        }
    }

    /// Closes the connection under the stream.
    fn cut(mut self) {
        self.body.take();
        self.conn.abort();
    }
}

async fn send(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Reply {
    send_raw(addr, method, path, headers, body.map(|b| b.to_string())).await
}

async fn send_raw(
    addr: SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Reply {
    let stream = within("connect", TcpStream::connect(addr)).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
    let conn = tokio::spawn(async move {
        let _ = conn.await;
    });
    let mut builder = Request::builder().method(method).uri(path);
    let has = |n: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
    if !has("host") {
        builder = builder.header("host", format!("127.0.0.1:{}", addr.port()));
    }
    if body.is_some() && !has("content-type") {
        builder = builder.header("content-type", "application/json");
    }
    if !has("accept") {
        builder = builder.header("accept", "application/json, text/event-stream");
    }
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let request = builder.body(Full::new(Bytes::from(body.unwrap_or_default()))).unwrap();
    let response = within("response head", sender.send_request(request)).await.unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: Some(body),
        conn,
        decoder: Decoder::new(),
        queue: VecDeque::new(),
    }
}

fn modern_body(id: i64, method: &str, mut params: Value, caps: Value) -> Value {
    params["_meta"] = json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": caps,
    });
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// A conforming 2026-07-28 POST: version, method and name headers from the body.
async fn modern(addr: SocketAddr, method: &str, params: Value, extra: &[(&str, &str)]) -> Reply {
    let name = params.get("name").or_else(|| params.get("uri")).and_then(Value::as_str).map(str::to_owned);
    let body = modern_body(1, method, params, json!({}));
    let mut headers = vec![("mcp-protocol-version", MODERN), ("mcp-method", method)];
    if let Some(name) = name.as_deref() {
        headers.push(("mcp-name", name));
    }
    headers.extend_from_slice(extra);
    send(addr, Method::POST, "/mcp", &headers, Some(&body)).await
}

fn error_code(v: &Value) -> i64 {
    v["error"]["code"].as_i64().unwrap_or_else(|| panic!("no error in {v}"))
}

#[tokio::test]
async fn modern_json_responses_and_header_rules() {
    let r = start().await;
    let reply =
        modern(r.addr, "tools/call", json!({"name": "add", "arguments": {"a": 2, "b": 3}}), &[]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert!(reply.header("mcp-session-id").is_none());
    let v = reply.json().await;
    assert_eq!(v["result"]["content"][0]["text"], "5");

    // Mcp-Name may be base64-encoded.
    let body = modern_body(2, "tools/call", json!({"name": "add", "arguments": {"a": 1, "b": 1}}), json!({}));
    let ok =
        [("mcp-protocol-version", MODERN), ("mcp-method", "tools/call"), ("mcp-name", "=?base64?YWRk?=")];
    let v = send(r.addr, Method::POST, "/mcp", &ok, Some(&body)).await.json().await;
    assert_eq!(v["result"]["content"][0]["text"], "2");

    // Missing version, missing method, wrong method, missing name, wrong name: 400 + -32020.
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("mcp-method", "tools/call"), ("mcp-name", "add")],
        vec![("mcp-protocol-version", MODERN), ("mcp-name", "add")],
        vec![("mcp-protocol-version", MODERN), ("mcp-method", "tools/list"), ("mcp-name", "add")],
        vec![("mcp-protocol-version", MODERN), ("mcp-method", "tools/call")],
        vec![("mcp-protocol-version", MODERN), ("mcp-method", "tools/call"), ("mcp-name", "other")],
    ];
    for headers in cases {
        let reply = send(r.addr, Method::POST, "/mcp", &headers, Some(&body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{headers:?}");
        assert_eq!(error_code(&reply.json().await), -32020, "{headers:?}");
    }

    // Unsupported version: 400 + -32022 with the supported list.
    let mut future = body.clone();
    future["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] = json!("2099-01-01");
    let h = [("mcp-protocol-version", "2099-01-01"), ("mcp-method", "tools/call"), ("mcp-name", "add")];
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&future)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let v = reply.json().await;
    assert_eq!(error_code(&v), -32022);
    assert_eq!(v["error"]["data"]["supported"], json!([MODERN]));

    // Missing _meta: 400 + -32602.
    let bare = json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {}});
    let h = [("mcp-protocol-version", MODERN), ("mcp-method", "tools/list")];
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&bare)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&reply.json().await), -32602);

    // Unknown method: 404 + -32601.
    let reply = modern(r.addr, "nope/nothing", json!({}), &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&reply.json().await), -32601);

    // Missing client capability: 400 + -32021.
    let reply = modern(r.addr, "tools/call", json!({"name": "ask", "arguments": {}}), &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&reply.json().await), -32021);
}

#[tokio::test]
async fn modern_mcp_param_headers_are_checked_against_arguments() {
    let r = start().await;
    let args = json!({"name": "sql", "arguments": {"region": "us-west1", "limit": 10, "query": "q"}});
    let ok = modern(
        r.addr,
        "tools/call",
        args.clone(),
        &[("mcp-param-region", "us-west1"), ("mcp-param-limit", "10.0")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json().await["result"]["content"][0]["text"], "q");
    let bad: Vec<Vec<(&str, &str)>> = vec![
        vec![("mcp-param-limit", "10")],
        vec![("mcp-param-region", "eu-west1"), ("mcp-param-limit", "10")],
        vec![("mcp-param-region", "us-west1"), ("mcp-param-limit", "11")],
        vec![("mcp-param-region", "=?base64?!!!?="), ("mcp-param-limit", "10")],
    ];
    for extra in bad {
        let reply = modern(r.addr, "tools/call", args.clone(), &extra).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert_eq!(error_code(&reply.json().await), -32020);
    }
    // An absent argument must not come with its header.
    let no_region = json!({"name": "sql", "arguments": {"query": "q"}});
    let reply = modern(r.addr, "tools/call", no_region.clone(), &[("mcp-param-region", "x")]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(modern(r.addr, "tools/call", no_region, &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn modern_notifications_get_202_and_get_delete_get_405() {
    let r = start().await;
    let n = json!({"jsonrpc": "2.0", "method": "notifications/whatever", "params": {
        "_meta": {"io.modelcontextprotocol/protocolVersion": MODERN}}});
    let reply = send(r.addr, Method::POST, "/mcp", &[("mcp-protocol-version", MODERN)], Some(&n)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert_eq!(reply.text().await, "");
    for method in [Method::GET, Method::DELETE] {
        let reply = send(r.addr, method.clone(), "/mcp", &[("mcp-protocol-version", MODERN)], None).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(reply.header("allow"), Some("POST"));
        let reply = send(r.addr, method.clone(), "/mcp", &[], None).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    // A session id on a modern request is ignored, and none is minted.
    let reply = modern(r.addr, "tools/list", json!({}), &[("mcp-session-id", "bogus")]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("mcp-session-id").is_none());
    // Clients do not POST responses in 2026-07-28.
    let resp = json!({"jsonrpc": "2.0", "id": 1, "result": {}});
    let reply = send(r.addr, Method::POST, "/mcp", &[("mcp-protocol-version", MODERN)], Some(&resp)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn modern_sse_carries_progress_then_the_response() {
    let r = start().await;
    let params = json!({"name": "work", "arguments": {}, "_meta": {"progressToken": "p1"}});
    let name = "work";
    let mut body = modern_body(7, "tools/call", json!({"name": "work", "arguments": {}}), json!({}));
    body["params"]["_meta"]["progressToken"] = params["_meta"]["progressToken"].clone();
    let h = [("mcp-protocol-version", MODERN), ("mcp-method", "tools/call"), ("mcp-name", name)];
    let mut reply = send(r.addr, Method::POST, "/mcp", &h, Some(&body)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    assert_eq!(reply.header("x-accel-buffering"), Some("no"));
    let (id1, p1) = reply.message().await;
    assert!(id1.is_none(), "2026-07-28 streams are not resumable");
    assert_eq!(p1["method"], "notifications/progress");
    assert_eq!(p1["params"]["progress"], 1.0);
    let (_, p2) = reply.message().await;
    assert_eq!(p2["params"]["progress"], 2.0);
    let (_, done) = reply.message().await;
    assert_eq!(done["id"], 7);
    assert_eq!(done["result"]["content"][0]["text"], "done");
    assert!(reply.event().await.is_none(), "the response ends the stream");

    // A JSON-only client gets the response without the notifications.
    let h = [
        ("mcp-protocol-version", MODERN),
        ("mcp-method", "tools/call"),
        ("mcp-name", name),
        ("accept", "application/json"),
    ];
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&body)).await;
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.json().await["result"]["content"][0]["text"], "done");
}

#[tokio::test]
async fn modern_closed_stream_cancels_the_request() {
    let r = start().await;
    let mut body = modern_body(9, "tools/call", json!({"name": "hang", "arguments": {}}), json!({}));
    body["params"]["_meta"]["progressToken"] = json!(1);
    let h = [("mcp-protocol-version", MODERN), ("mcp-method", "tools/call"), ("mcp-name", "hang")];
    let mut reply = send(r.addr, Method::POST, "/mcp", &h, Some(&body)).await;
    let (_, progress) = reply.message().await;
    assert_eq!(progress["method"], "notifications/progress");
    assert!(!r.cancelled.load(Ordering::SeqCst));
    reply.cut();
    within("cancellation", async {
        while !r.cancelled.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn modern_listen_is_a_long_lived_stream() {
    let r = start().await;
    let params = json!({"notifications": {"toolsListChanged": true}});
    let mut reply = modern(r.addr, "subscriptions/listen", params.clone(), &[]).await;
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    let (_, ack) = reply.message().await;
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    r.server.remove_tool("add");
    let (_, changed) = reply.message().await;
    assert_eq!(changed["method"], "notifications/tools/list_changed");
    // Listening needs SSE.
    let reply = modern(r.addr, "subscriptions/listen", params, &[("accept", "application/json")]).await;
    assert_eq!(reply.status, StatusCode::NOT_ACCEPTABLE);
}

async fn initialize(addr: SocketAddr, version: &str, extra: &[(&str, &str)]) -> String {
    let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {"elicitation": {}},
        "clientInfo": {"name": "t", "version": "1"}}});
    let reply = send(addr, Method::POST, "/mcp", extra, Some(&body)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let sid = reply.header("mcp-session-id").expect("a session id").to_owned();
    assert!(sid.len() >= 32 && sid.bytes().all(|b| (0x21..=0x7e).contains(&b)));
    let v = reply.json().await;
    assert_eq!(v["result"]["protocolVersion"], version);
    let mut h = vec![("mcp-session-id", sid.as_str()), ("mcp-protocol-version", version)];
    h.extend_from_slice(extra);
    let n = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    assert_eq!(send(addr, Method::POST, "/mcp", &h, Some(&n)).await.status, StatusCode::ACCEPTED);
    sid
}

fn rpc(id: i64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

#[tokio::test]
async fn legacy_session_lifecycle() {
    let r = start().await;
    let sid = initialize(r.addr, "2025-11-25", &[]).await;
    let other = initialize(r.addr, "2025-11-25", &[]).await;
    assert_ne!(sid, other);
    let h = [("mcp-session-id", sid.as_str()), ("mcp-protocol-version", "2025-11-25")];
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&rpc(1, "tools/list", json!({})))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json().await["result"]["tools"].as_array().unwrap().len() >= 5);

    let no_session = [("mcp-protocol-version", "2025-11-25")];
    let reply = send(r.addr, Method::POST, "/mcp", &no_session, Some(&rpc(2, "tools/list", json!({})))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let unknown = [("mcp-session-id", "0123456789abcdef0123456789abcdef")];
    let reply = send(r.addr, Method::POST, "/mcp", &unknown, Some(&rpc(3, "tools/list", json!({})))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let bad_version = [("mcp-session-id", sid.as_str()), ("mcp-protocol-version", "1999-01-01")];
    let reply =
        send(r.addr, Method::POST, "/mcp", &bad_version, Some(&rpc(4, "tools/list", json!({})))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    // Absent version header: 2025-03-26 is assumed, the request is served.
    let reply = send(r.addr, Method::POST, "/mcp", &h[..1], Some(&rpc(5, "ping", json!({})))).await;
    assert_eq!(reply.status, StatusCode::OK);

    let reply = send(r.addr, Method::DELETE, "/mcp", &h, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&rpc(6, "tools/list", json!({})))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(send(r.addr, Method::DELETE, "/mcp", &h, None).await.status, StatusCode::NOT_FOUND);
    let h2 = [("mcp-session-id", other.as_str())];
    assert_eq!(
        send(r.addr, Method::POST, "/mcp", &h2, Some(&rpc(7, "ping", json!({})))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn legacy_idle_sessions_are_reaped() {
    let config = HttpServerConfig::default().with_session_idle_timeout(Duration::from_millis(100));
    let r = start_with(|s| s.http_service(config)).await;
    let sid = initialize(r.addr, "2025-06-18", &[]).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let h = [("mcp-session-id", sid.as_str())];
    // The first request after the idle period triggers the reaper.
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&rpc(1, "ping", json!({})))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn legacy_batches_only_for_2025_03_26() {
    let r = start().await;
    let old = initialize(r.addr, "2025-03-26", &[]).await;
    let batch = json!([
        rpc(1, "ping", json!({})),
        rpc(2, "tools/call", json!({"name": "add", "arguments": {"a": 1, "b": 2}}))
    ]);
    let reply = send(r.addr, Method::POST, "/mcp", &[("mcp-session-id", old.as_str())], Some(&batch)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json().await;
    let answers = v.as_array().unwrap();
    assert_eq!(answers.len(), 2);
    assert!(answers.iter().any(|a| a["id"] == 2 && a["result"]["content"][0]["text"] == "3"));
    let new = initialize(r.addr, "2025-11-25", &[]).await;
    let reply = send(r.addr, Method::POST, "/mcp", &[("mcp-session-id", new.as_str())], Some(&batch)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn legacy_elicitation_rides_the_post_stream_and_resumes_after_a_cut() {
    let r = start().await;
    let sid = initialize(r.addr, "2025-11-25", &[]).await;
    let h = [("mcp-session-id", sid.as_str()), ("mcp-protocol-version", "2025-11-25")];

    // A standalone stream, whose events must never be replayed on the POST stream.
    let mut standalone =
        send(r.addr, Method::GET, "/mcp", &[h[0], h[1], ("accept", "text/event-stream")], None).await;
    assert_eq!(standalone.status, StatusCode::OK);
    let prime = standalone.event().await.unwrap();
    assert!(prime.id.is_some() && prime.data.is_empty());

    let call = rpc(5, "tools/call", json!({"name": "ask", "arguments": {}}));
    let mut stream = send(r.addr, Method::POST, "/mcp", &h, Some(&call)).await;
    assert_eq!(stream.header("content-type"), Some("text/event-stream"));
    let priming = stream.event().await.unwrap();
    assert!(priming.data.is_empty(), "priming event has empty data");
    assert_eq!(priming.retry, Some(1000));
    let (first_id, first) = stream.message().await;
    assert_eq!(first["method"], "elicitation/create");
    let first_id = first_id.expect("events carry ids");
    stream.cut();

    // The list change goes to the standalone stream only.
    r.server.remove_tool("whoami");
    let (_, changed) = standalone.message().await;
    assert_eq!(changed["method"], "notifications/tools/list_changed");

    let answer = |id: &Value, v: &str| json!({"jsonrpc": "2.0", "id": id, "result": {"action": "accept", "content": {"v": v}}});
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&answer(&first["id"], "one"))).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);

    // Resume after the first elicitation: exactly the second one, then the rest live.
    let resume = [h[0], h[1], ("accept", "text/event-stream"), ("last-event-id", first_id.as_str())];
    let mut resumed = send(r.addr, Method::GET, "/mcp", &resume, None).await;
    assert_eq!(resumed.status, StatusCode::OK);
    let (second_id, second) = resumed.message().await;
    assert_eq!(second["method"], "elicitation/create");
    assert_ne!(second["id"], first["id"]);
    assert_ne!(second_id.as_deref(), Some(first_id.as_str()));
    let reply = send(r.addr, Method::POST, "/mcp", &h, Some(&answer(&second["id"], "two"))).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    let (_, done) = resumed.message().await;
    assert_eq!(done["id"], 5);
    assert_eq!(done["result"]["content"][0]["text"], "one+two");
    assert!(resumed.event().await.is_none(), "the stream ends after the response");

    // A second resumption from the same point replays the same events, nothing else.
    let mut again = send(r.addr, Method::GET, "/mcp", &resume, None).await;
    let (_, m1) = again.message().await;
    let (_, m2) = again.message().await;
    assert_eq!((m1["method"].clone(), m2["id"].clone()), (json!("elicitation/create"), json!(5)));
    assert!(again.event().await.is_none());

    let bad = [h[0], ("accept", "text/event-stream"), ("last-event-id", "garbage")];
    assert_eq!(send(r.addr, Method::GET, "/mcp", &bad, None).await.status, StatusCode::BAD_REQUEST);
    let unknown = [h[0], ("accept", "text/event-stream"), ("last-event-id", "999.1")];
    assert_eq!(send(r.addr, Method::GET, "/mcp", &unknown, None).await.status, StatusCode::NOT_FOUND);
    let no_sse = [h[0], ("accept", "application/json")];
    assert_eq!(send(r.addr, Method::GET, "/mcp", &no_sse, None).await.status, StatusCode::NOT_ACCEPTABLE);
}

#[tokio::test]
async fn legacy_cancelled_notification_stops_the_request() {
    let r = start().await;
    let sid = initialize(r.addr, "2025-06-18", &[]).await;
    let h = [("mcp-session-id", sid.as_str())];
    let call = rpc(11, "tools/call", json!({"name": "hang", "arguments": {}, "_meta": {"progressToken": 3}}));
    let mut stream = send(r.addr, Method::POST, "/mcp", &h, Some(&call)).await;
    let (id, progress) = stream.message().await;
    assert!(id.is_some());
    assert_eq!(progress["method"], "notifications/progress");
    let cancel = json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 11}});
    assert_eq!(send(r.addr, Method::POST, "/mcp", &h, Some(&cancel)).await.status, StatusCode::ACCEPTED);
    within("cancellation", async {
        while !r.cancelled.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(stream.event().await.is_none(), "no response after a cancellation");
}

#[tokio::test]
async fn http_sse_endpoint_and_message_flow() {
    let r = start().await;
    let mut stream = send(r.addr, Method::GET, "/sse", &[("accept", "text/event-stream")], None).await;
    assert_eq!(stream.status, StatusCode::OK);
    let endpoint = stream.event().await.unwrap();
    assert_eq!(endpoint.event.as_deref(), Some("endpoint"));
    assert!(endpoint.data.starts_with("/messages?sessionId="), "{}", endpoint.data);
    let post = endpoint.data.clone();
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "old", "version": "1"}}});
    let reply = send(r.addr, Method::POST, &post, &[], Some(&init)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    let e = stream.event().await.unwrap();
    assert_eq!(e.event.as_deref(), Some("message"));
    let v: Value = serde_json::from_str(&e.data).unwrap();
    assert_eq!(v["result"]["protocolVersion"], "2024-11-05");
    let n = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    assert_eq!(send(r.addr, Method::POST, &post, &[], Some(&n)).await.status, StatusCode::ACCEPTED);
    let call = rpc(2, "tools/call", json!({"name": "add", "arguments": {"a": 20, "b": 22}}));
    assert_eq!(send(r.addr, Method::POST, &post, &[], Some(&call)).await.status, StatusCode::ACCEPTED);
    let e = stream.event().await.unwrap();
    let v: Value = serde_json::from_str(&e.data).unwrap();
    assert_eq!((v["id"].clone(), v["result"]["content"][0]["text"].clone()), (json!(2), json!("42")));

    let missing = send(r.addr, Method::POST, "/messages", &[], Some(&call)).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let unknown = send(r.addr, Method::POST, "/messages?sessionId=nope", &[], Some(&call)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // Closing the stream ends the session.
    stream.cut();
    within("session end", async {
        loop {
            if send(r.addr, Method::POST, &post, &[], Some(&call)).await.status == StatusCode::NOT_FOUND {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn security_checks_on_every_endpoint() {
    let config = HttpServerConfig::default().with_max_body_bytes(1024);
    let r = start_with(|s| s.http_service(config)).await;
    let list = modern_body(1, "tools/list", json!({}), json!({}));
    let mh = [("mcp-protocol-version", MODERN), ("mcp-method", "tools/list")];
    for path in ["/mcp", "/messages?sessionId=x"] {
        let evil = [mh[0], mh[1], ("origin", "https://evil.example")];
        let reply = send(r.addr, Method::POST, path, &evil, Some(&list)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(reply.json().await["error"]["message"].as_str().unwrap().contains("Origin"));
        let rebinding = [mh[0], mh[1], ("host", "attacker.example:80")];
        assert_eq!(
            send(r.addr, Method::POST, path, &rebinding, Some(&list)).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let sse_evil = [("origin", "https://evil.example"), ("accept", "text/event-stream")];
    assert_eq!(send(r.addr, Method::GET, "/sse", &sse_evil, None).await.status, StatusCode::FORBIDDEN);
    let wrong_port = [mh[0], mh[1], ("host", "127.0.0.1:1")];
    assert_eq!(
        send(r.addr, Method::POST, "/mcp", &wrong_port, Some(&list)).await.status,
        StatusCode::FORBIDDEN
    );
    let local = [mh[0], mh[1], ("origin", "http://localhost:5173")];
    assert_eq!(send(r.addr, Method::POST, "/mcp", &local, Some(&list)).await.status, StatusCode::OK);

    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(2048));
    let reply = send_raw(r.addr, Method::POST, "/mcp", &mh, Some(big)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let text = [mh[0], mh[1], ("content-type", "text/plain")];
    let reply = send(r.addr, Method::POST, "/mcp", &text, Some(&list)).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(reply.json().await["error"]["message"].as_str().unwrap().contains("application/json"));
    let html = [mh[0], mh[1], ("accept", "text/html")];
    assert_eq!(
        send(r.addr, Method::POST, "/mcp", &html, Some(&list)).await.status,
        StatusCode::NOT_ACCEPTABLE
    );
    let parse = send_raw(r.addr, Method::POST, "/mcp", &mh, Some("{oops".into())).await;
    assert_eq!(parse.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&parse.json().await), -32700);
    assert_eq!(
        send(r.addr, Method::POST, "/elsewhere", &mh, Some(&list)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(r.addr, Method::PUT, "/mcp", &mh, Some(&list)).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

fn bearer(parts: &http::request::Parts) -> Result<Principal, Challenge> {
    let challenge = r#"Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource""#;
    match parts.headers.get("authorization").and_then(|v| v.to_str().ok()) {
        None => Err(Challenge::unauthorized(challenge)),
        Some("Bearer alice") => Ok(Principal::new("alice")),
        Some("Bearer bob") => Ok(Principal::new("bob")),
        Some(_) => Err(Challenge::forbidden(r#"Bearer error="insufficient_scope", scope="mcp""#)),
    }
}

#[tokio::test]
async fn auth_hook_challenges_and_the_principal_reaches_tools() {
    let r = start_with(|s| s.http_service_builder(HttpServerConfig::default()).authenticator(bearer).build())
        .await;
    let reply = modern(r.addr, "tools/call", json!({"name": "whoami", "arguments": {}}), &[]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("www-authenticate").unwrap().contains("resource_metadata="));
    let reply = modern(
        r.addr,
        "tools/call",
        json!({"name": "whoami", "arguments": {}}),
        &[("authorization", "Bearer x")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.header("www-authenticate").unwrap().contains("insufficient_scope"));
    let reply = modern(
        r.addr,
        "tools/call",
        json!({"name": "whoami", "arguments": {}}),
        &[("authorization", "Bearer alice")],
    )
    .await;
    assert_eq!(reply.json().await["result"]["content"][0]["text"], "alice");
    let sse = send(r.addr, Method::GET, "/sse", &[("accept", "text/event-stream")], None).await;
    assert_eq!(sse.status, StatusCode::UNAUTHORIZED);

    // A legacy session belongs to its principal: another one gets 404.
    let sid = initialize(r.addr, "2025-11-25", &[("authorization", "Bearer alice")]).await;
    let call = rpc(1, "tools/call", json!({"name": "whoami", "arguments": {}}));
    let alice = [("mcp-session-id", sid.as_str()), ("authorization", "Bearer alice")];
    let reply = send(r.addr, Method::POST, "/mcp", &alice, Some(&call)).await;
    assert_eq!(reply.json().await["result"]["content"][0]["text"], "alice");
    let bob = [("mcp-session-id", sid.as_str()), ("authorization", "Bearer bob")];
    assert_eq!(send(r.addr, Method::POST, "/mcp", &bob, Some(&call)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_requests() {
    let mut r = start().await;
    let listen = json!({"notifications": {"toolsListChanged": true}});
    let mut listening = modern(r.addr, "subscriptions/listen", listen, &[]).await;
    let (_, ack) = listening.message().await;
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    let addr = r.addr;
    let slow = tokio::spawn(async move {
        modern(addr, "tools/call", json!({"name": "slow", "arguments": {}}), &[]).await.json().await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    r.stop.take().unwrap().send(()).unwrap();
    let v = within("slow request", slow).await.unwrap();
    assert_eq!(v["result"]["content"][0]["text"], "slept");
    // The listen stream gets its final result and ends.
    let (_, last) = listening.message().await;
    assert_eq!(last["result"]["resultType"], "complete");
    assert!(listening.event().await.is_none());
    within("serve returns", &mut r.task).await.unwrap().unwrap();
    assert!(TcpStream::connect(r.addr).await.is_err(), "the listener is closed");
}
