//! The documented paths, run for real: the `http_server` example's server and the `axum`
//! example's router, on 127.0.0.1:0, driven over HTTP by this workspace's client transport
//! (`mcp_transport::http::client`) in each wire form (2026-07-28 Streamable HTTP, a legacy
//! Streamable HTTP session, HTTP+SSE); and the README's Rust code blocks, which must be
//! excerpts of the example files.
//!
//! The example files are compiled into this test with `#[path]`, so the code run here is the
//! code the README shows. (mcp-server never depends on mcp-client, even for tests; the
//! client role against this server is exercised by mcp-client's CLI tests and by
//! mcp-conformance.)
#![allow(unreachable_pub)]
// Each example file includes the shared `demo` module, and this test includes two examples
// and `demo` itself: three copies of one small module, on purpose.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code)]
#[path = "../examples/http_server.rs"]
mod http_server;

#[allow(dead_code)]
#[path = "../examples/axum.rs"]
mod axum_example;

#[path = "../examples/demo/mod.rs"]
mod demo;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use mcp_jsonrpc::{Message, Notification, Request, RequestId, ResultResponse};
use mcp_transport::http::client::{DetectionCache, HttpClientOptions, HttpClientTransport, TransportKind};
use mcp_transport::{MessageSink, MessageStream};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);

async fn within<F: Future>(what: &str, f: F) -> F::Output {
    tokio::time::timeout(WAIT, f).await.unwrap_or_else(|_| panic!("timed out: {what}"))
}

/// The `http_server` example's `run` on 127.0.0.1:0, stopped by the returned sender.
async fn start_http_server_example() -> (SocketAddr, oneshot::Sender<()>, JoinHandle<std::io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(http_server::run(listener, async {
        let _ = stopped.await;
    }));
    (addr, stop, task)
}

/// The `axum` example's router, served by axum on 127.0.0.1:0.
async fn start_axum_example() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mcp = demo::server().http_service(axum_example::config());
    tokio::spawn(async move { axum::serve(listener, axum_example::app(mcp)).await });
    addr
}

/// A raw JSON-RPC peer over the HTTP client transport.
struct Peer {
    transport: HttpClientTransport,
    /// The 2026-07-28 `_meta` added to every request (`None`: a legacy connection).
    modern: Option<Value>,
}

impl Peer {
    fn new(url: String, transport: TransportKind, modern: bool) -> Peer {
        let options = HttpClientOptions {
            transport,
            cache: Arc::new(DetectionCache::new()),
            response_timeout: WAIT,
            endpoint_timeout: WAIT,
            ..HttpClientOptions::default()
        };
        let modern = modern.then(|| {
            json!({
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}},
            })
        });
        Peer { transport: HttpClientTransport::new(&url, options).unwrap(), modern }
    }

    async fn send_request(&mut self, id: i64, method: &str, mut params: Value) {
        if let Some(meta) = &self.modern {
            params["_meta"] = meta.clone();
        }
        let request = Request::new(id, method, &params).unwrap();
        within(method, self.transport.send(Message::Request(request))).await.unwrap();
    }

    async fn recv(&mut self) -> Value {
        match within("a message", self.transport.recv()).await {
            Some(Ok(message)) => serde_json::to_value(&message).unwrap(),
            other => panic!("expected a message, got {other:?}"),
        }
    }

    /// Sends a request and returns its response, skipping notifications.
    async fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send_request(id, method, params).await;
        loop {
            let message = self.recv().await;
            if message.get("method").is_none() {
                assert_eq!(message["id"], id, "{message}");
                return message;
            }
            assert!(message.get("id").is_none(), "unexpected server request {message}");
        }
    }

    async fn notify(&mut self, method: &str) {
        let notification = Message::Notification(Notification::without_params(method));
        within(method, self.transport.send(notification)).await.unwrap();
    }

    /// `initialize` with `version` and `notifications/initialized`; returns the result.
    async fn initialize(&mut self, version: &str) -> Value {
        let params = json!({
            "protocolVersion": version,
            "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "examples-test", "version": "1"},
        });
        let response = self.request(0, "initialize", params).await;
        self.notify("notifications/initialized").await;
        response["result"].clone()
    }

    async fn close(mut self) {
        within("close", self.transport.close()).await.unwrap();
    }
}

fn text_of(response: &Value) -> &str {
    response["result"]["content"][0]["text"].as_str().unwrap_or_else(|| panic!("no text in {response}"))
}

/// The calls every wire form must answer the same way: the typed tool with valid and invalid
/// arguments, the resource and the prompt.
async fn exercise_demo_server(peer: &mut Peer) {
    let listed = peer.request(10, "tools/list", json!({})).await;
    let names: Vec<&str> =
        listed["result"]["tools"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(names, ["add", "greet"]);
    let schema = &listed["result"]["tools"][0]["inputSchema"];
    assert_eq!(schema["properties"]["a"]["description"], "The first addend.", "{schema}");

    let sum = peer.request(11, "tools/call", json!({"name": "add", "arguments": {"a": 2, "b": 3}})).await;
    assert_eq!(text_of(&sum), "5");
    let invalid = peer.request(12, "tools/call", json!({"name": "add", "arguments": {"a": "two"}})).await;
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");

    let about = peer.request(13, "resources/read", json!({"uri": "demo://about"})).await;
    assert_eq!(about["result"]["contents"][0]["text"], "A demo server built with mcp-server.");

    let prompt =
        peer.request(14, "prompts/get", json!({"name": "review", "arguments": {"code": "fn f() {}"}})).await;
    assert_eq!(prompt["result"]["messages"][0]["role"], "user");
    assert_eq!(prompt["result"]["messages"][0]["content"]["text"], "Please review this code:\n\nfn f() {}");
}

#[tokio::test]
async fn http_server_example_serves_2026_07_28_with_elicitation_as_input_required() {
    let (addr, stop, task) = start_http_server_example().await;
    let mut peer = Peer::new(format!("http://{addr}/mcp"), TransportKind::StreamableHttp, true);
    let discovered = peer.request(1, "server/discover", json!({})).await;
    let server_info = &discovered["result"]["_meta"]["io.modelcontextprotocol/serverInfo"];
    assert_eq!(server_info["name"], "demo-server", "{discovered}");
    assert!(
        discovered["result"]["supportedVersions"].as_array().unwrap().contains(&json!("2026-07-28")),
        "{discovered}"
    );
    exercise_demo_server(&mut peer).await;

    // `greet` elicits: on 2026-07-28 an InputRequiredResult, answered by a retry.
    let first = peer.request(20, "tools/call", json!({"name": "greet", "arguments": {}})).await;
    assert_eq!(first["result"]["resultType"], "input_required", "{first}");
    let (key, input) = first["result"]["inputRequests"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(input["method"], "elicitation/create");
    assert_eq!(input["params"]["message"], "What is your name?");
    let retry = json!({
        "name": "greet",
        "arguments": {},
        "inputResponses": {key: {"action": "accept", "content": {"name": "Ada"}}},
        "requestState": first["result"]["requestState"],
    });
    let done = peer.request(21, "tools/call", retry).await;
    assert_eq!(text_of(&done), "Hello, Ada!");
    peer.close().await;

    stop.send(()).unwrap();
    within("graceful shutdown", task).await.unwrap().unwrap();
}

#[tokio::test]
async fn http_server_example_serves_a_legacy_session_with_a_real_elicitation_request() {
    let (addr, _stop, _task) = start_http_server_example().await;
    let mut peer = Peer::new(format!("http://{addr}/mcp"), TransportKind::StreamableHttp, false);
    let init = peer.initialize("2025-11-25").await;
    assert_eq!(init["protocolVersion"], "2025-11-25");
    assert_eq!(init["serverInfo"]["name"], "demo-server");
    exercise_demo_server(&mut peer).await;

    // `greet` elicits: on a legacy session a real `elicitation/create` request to the client.
    peer.send_request(20, "tools/call", json!({"name": "greet", "arguments": {}})).await;
    let asked = peer.recv().await;
    assert_eq!(asked["method"], "elicitation/create", "{asked}");
    assert_eq!(asked["params"]["message"], "What is your name?");
    let id: RequestId = serde_json::from_value(asked["id"].clone()).unwrap();
    let answer = ResultResponse::new(id, &json!({"action": "accept", "content": {"name": "Grace"}})).unwrap();
    within("answer", peer.transport.send(Message::Response(answer))).await.unwrap();
    let done = loop {
        let message = peer.recv().await;
        if message.get("method").is_none() {
            break message;
        }
    };
    assert_eq!(done["id"], 20);
    assert_eq!(text_of(&done), "Hello, Grace!");
    peer.close().await;
}

#[tokio::test]
async fn http_server_example_serves_http_sse() {
    let (addr, _stop, _task) = start_http_server_example().await;
    let mut peer = Peer::new(format!("http://{addr}/sse"), TransportKind::Sse, false);
    let init = peer.initialize("2024-11-05").await;
    assert_eq!(init["protocolVersion"], "2024-11-05");
    exercise_demo_server(&mut peer).await;
    peer.close().await;
}

/// One HTTP/1.1 request on a fresh connection; returns the whole response as text.
async fn raw_http(addr: SocketAddr, head: &str) -> String {
    let mut stream = within("connect", TcpStream::connect(addr)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    within("response", stream.read_to_end(&mut response)).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn axum_example_mounts_mcp_next_to_an_ordinary_route() {
    let addr = start_axum_example().await;
    let health =
        raw_http(addr, &format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")).await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("\r\n\r\nok"), "{health}");

    // Auto-detection finds 2026-07-28 Streamable HTTP at /mcp.
    let mut modern = Peer::new(format!("http://{addr}/mcp"), TransportKind::Auto, true);
    exercise_demo_server(&mut modern).await;
    modern.close().await;
    // HTTP+SSE needs both mounted paths: GET /sse, then POSTs to /messages.
    let mut sse = Peer::new(format!("http://{addr}/sse"), TransportKind::Sse, false);
    sse.initialize("2024-11-05").await;
    let sum = sse.request(1, "tools/call", json!({"name": "add", "arguments": {"a": 1.5, "b": 1}})).await;
    assert_eq!(text_of(&sum), "2.5");
    sse.close().await;

    // The security defaults hold inside axum: a foreign Host is refused (DNS rebinding).
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let rebound = raw_http(
        addr,
        &format!(
            "POST /mcp HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n\
             Accept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
}

/// The fenced blocks of `markdown` with the given info string, in order.
fn fenced_blocks<'a>(markdown: &'a str, info: &str) -> Vec<&'a str> {
    let open = format!("```{info}\n");
    let mut blocks = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find(&open) {
        let body = &rest[start + open.len()..];
        let end = body.find("```\n").unwrap_or_else(|| panic!("unclosed block in the README"));
        blocks.push(&body[..end]);
        rest = &body[end..];
    }
    blocks
}

/// Each line trimmed, blank lines dropped: excerpts may be re-indented.
fn normalized(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[test]
fn readme_rust_blocks_of_the_serving_and_connecting_sections_are_excerpts_of_the_examples() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let from = readme.find("## Serving a server").expect("the README has a \"Serving a server\" section");
    let to = readme[from..].find("## Decoding a message").map_or(readme.len(), |end| from + end);
    let examples: Vec<String> = [
        "mcp-server/examples/demo/mod.rs",
        "mcp-server/examples/stdio_server.rs",
        "mcp-server/examples/http_server.rs",
        "mcp-server/examples/axum.rs",
        "mcp-client/examples/stdio_client.rs",
        "mcp-client/examples/http_client.rs",
    ]
    .iter()
    .map(|path| normalized(&std::fs::read_to_string(format!("{root}/{path}")).unwrap()))
    .collect();
    let blocks = fenced_blocks(&readme[from..to], "rust");
    assert!(blocks.len() >= 5, "expected the serving and connecting examples, found {}", blocks.len());
    for block in blocks {
        let block = normalized(block);
        assert!(
            examples.iter().any(|example| example.contains(&block)),
            "this README block is not an excerpt of an example file:\n{block}"
        );
    }
}
