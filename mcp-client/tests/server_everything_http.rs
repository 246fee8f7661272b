//! Interop over HTTP: our client against the reference server
//! `@modelcontextprotocol/server-everything` (npm, pinned to 2026.8.31 by
//! `tests/js/server-everything/package-lock.json`, the same install as the stdio interop test)
//! in its `streamableHttp` mode (legacy Streamable HTTP, 2025-11-25, at `/mcp`) and its `sse`
//! mode (HTTP+SSE, 2024-11-05 transport: GET `/sse`, POST `/message?sessionId=…`).
//!
//! The server listens on all interfaces and has no host option, so it runs as
//! `node -r <mcp-testkit>/js/loopback_listen.cjs dist/index.js <mode>` with `PORT` set to a
//! port we found free on 127.0.0.1: the preload forces every `listen` onto 127.0.0.1 and
//! reports the bound address, which the test checks. Each test starts its own server and
//! kills it at the end (also when the test fails: the child is killed on drop).
//!
//! For each mode the client connects twice: with transport detection (`auto`, asserting the
//! detected kind: legacy Streamable HTTP, or HTTP+SSE after the Streamable HTTP attempts
//! fail) and with the transport forced. Each connection lists and calls tools (`echo`,
//! `get-sum`, `get-tiny-image`, `trigger-long-running-operation` with progress,
//! `trigger-sampling-request`, whose server-to-client request our callback answers), reads
//! resources (static documents compared with the files on disk, a template instance) and
//! gets prompts, with the results asserted exactly. Without node or npm the tests FAIL.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mcp_client::http::{Detected, DetectionCache, HttpClientHandle, HttpClientOptions, TransportKind};
use mcp_client::{Client, RequestOptions, ToolCallOutcome};
use mcp_jsonrpc::schema::content::{ContentBlock, ResourceContents};
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult};
use mcp_jsonrpc::{Era, ProtocolVersion};
use mcp_testkit::{KilledOnDrop, NpmPackage, base64_decode, free_loopback_port, loopback_preload};
use serde_json::{Value, json};

const SERVER_EVERYTHING: NpmPackage = NpmPackage {
    name: "@modelcontextprotocol/server-everything",
    version: "2026.8.31",
    dir: "server-everything-2026.8.31",
    lock: Some((
        include_str!("js/server-everything/package.json"),
        include_str!("js/server-everything/package-lock.json"),
    )),
};

/// Bound on the server's start (until its port accepts connections).
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Bound on every request, and on each whole test (after the install).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const TEST_TIMEOUT: Duration = Duration::from_secs(120);

const SAMPLED_TEXT: &str = "Forty-two, over HTTP.";
const SAMPLING_MODEL: &str = "mcp-rs-http-test-model";

/// The installed package directory (installing once per test process).
fn server_package() -> &'static Path {
    SERVER_EVERYTHING.installed_package_dir()
}

/// The server's transport mode (its first argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    StreamableHttp,
    Sse,
}

impl Mode {
    fn arg(self) -> &'static str {
        match self {
            Mode::StreamableHttp => "streamableHttp",
            Mode::Sse => "sse",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Mode::StreamableHttp => "/mcp",
            Mode::Sse => "/sse",
        }
    }
}

/// A running server-everything on 127.0.0.1.
struct RunningServer {
    process: KilledOnDrop,
    url: String,
}

impl RunningServer {
    /// Starts the server in `mode` on a free loopback port and waits (bounded) until the port
    /// accepts connections and the preload reported a loopback bind.
    fn start(mode: Mode) -> RunningServer {
        let package = server_package();
        let preload = loopback_preload();
        let port = free_loopback_port();
        let mut node = Command::new("node");
        node.arg("-r")
            .arg(&preload)
            .arg(package.join("dist/index.js"))
            .arg(mode.arg())
            .env("PORT", port.to_string())
            .current_dir(package);
        let mut process = KilledOnDrop::spawn(node, "server-everything").unwrap_or_else(|e| panic!("{e}"));
        let deadline = Instant::now() + START_TIMEOUT;
        let marker = format!("mcp-rs loopback preload: listening on 127.0.0.1:{port}");
        loop {
            if let Some(status) = process.exited() {
                panic!(
                    "server-everything {mode:?} exited ({status}) before listening:\n{}",
                    process.output()
                );
            }
            let connected = std::net::TcpStream::connect_timeout(
                &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                Duration::from_millis(200),
            )
            .is_ok();
            if connected && process.output().contains(&marker) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "server-everything {mode:?} did not listen on 127.0.0.1:{port} within {START_TIMEOUT:?}:\n{}",
                process.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        RunningServer { process, url: format!("http://127.0.0.1:{port}{}", mode.path()) }
    }

    /// Kills the server (also done on drop).
    fn stop(mut self) {
        self.process.kill();
    }
}

/// What the sampling callback saw.
#[derive(Clone, Default)]
struct Samplings(Arc<Mutex<Vec<CreateMessageRequestParams>>>);

impl Samplings {
    fn all(&self) -> Vec<CreateMessageRequestParams> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Connects our client (with a sampling callback) over `transport`, with a fresh detection
/// cache so no other test's result is reused.
async fn connect(url: &str, transport: TransportKind) -> (Client, HttpClientHandle, Samplings) {
    let samplings = Samplings::default();
    let seen = samplings.clone();
    let options = HttpClientOptions {
        transport,
        cache: Arc::new(DetectionCache::new()),
        response_timeout: REQUEST_TIMEOUT,
        ..Default::default()
    };
    let (client, handle) = Client::builder()
        .request_timeout(Some(REQUEST_TIMEOUT))
        .sampling(move |request: CreateMessageRequestParams| {
            seen.0.lock().unwrap_or_else(|e| e.into_inner()).push(request);
            async move {
                let result = json!({
                    "role": "assistant",
                    "content": { "type": "text", "text": SAMPLED_TEXT },
                    "model": SAMPLING_MODEL,
                    "stopReason": "endTurn"
                });
                Ok(serde_json::from_value::<CreateMessageResult>(result).expect("a sampling result"))
            }
        })
        .connect_http_with_handle(url, options)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to server-everything at {url} ({transport:?}): {e:?}"));
    (client, handle, samplings)
}

/// Runs a test body with the overall timeout, after the install (which has its own timeout
/// and blocks the thread, so it must not eat into the test's).
async fn bounded(body: impl Future<Output = ()>) {
    server_package();
    tokio::time::timeout(TEST_TIMEOUT, body).await.expect("the test finished within its timeout");
}

// ---------------------------------------------------------------------------------------
// Small helpers for results.

fn texts(result: &CallToolResult) -> Vec<&str> {
    result.content.iter().filter_map(ContentBlock::as_text).collect()
}

fn only_text(result: &CallToolResult) -> &str {
    match texts(result).as_slice() {
        [one] if result.content.len() == 1 => one,
        _ => panic!("expected one text block: {result:?}"),
    }
}

async fn call(client: &Client, name: &str, arguments: Value) -> CallToolResult {
    let Value::Object(arguments) = arguments else { panic!("arguments must be an object") };
    let result = client.call_tool(name, Some(arguments)).await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert!(!result.is_error(), "{name} returned isError: {result:?}");
    result
}

// ---------------------------------------------------------------------------------------
// The battery every connection runs.

/// Handshake facts, tools, resources and prompts, asserted exactly.
async fn exercise(client: &Client, samplings: &Samplings) {
    let negotiated = client.negotiated();
    assert_eq!(negotiated.era(), Era::Legacy);
    assert_eq!(negotiated.protocol_version, ProtocolVersion::V2025_11_25);
    let info = negotiated.server_info.as_ref().expect("serverInfo");
    assert_eq!(
        (info.name.as_str(), info.title.as_deref()),
        ("mcp-servers/everything", Some("Everything Reference Server"))
    );
    client.ping().await.expect("ping");

    // Tools: the list (the client declared sampling only), then calls.
    let tools = client.list_all_tools().await.expect("tools/list");
    let names: BTreeSet<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    for expected in
        ["echo", "get-sum", "get-tiny-image", "trigger-long-running-operation", "trigger-sampling-request"]
    {
        assert!(names.contains(expected), "{expected} in {names:?}");
    }
    for absent in ["trigger-elicitation-request", "get-roots-list"] {
        assert!(!names.contains(absent), "{absent} needs a capability we did not declare: {names:?}");
    }
    let echo = tools.iter().find(|t| t.name == "echo").expect("echo");
    assert_eq!(echo.input_schema["properties"]["message"]["type"], "string");

    let result = call(client, "echo", json!({ "message": "hello over HTTP" })).await;
    assert_eq!(only_text(&result), "Echo: hello over HTTP");
    let result = call(client, "get-sum", json!({ "a": 19, "b": 23 })).await;
    assert_eq!(only_text(&result), "The sum of 19 and 23 is 42.");
    let result = call(client, "get-sum", json!({ "a": 0.5, "b": -2 })).await;
    assert_eq!(only_text(&result), "The sum of 0.5 and -2 is -1.5.");
    let result = call(client, "get-tiny-image", json!({})).await;
    assert_eq!(texts(&result), ["Here's the image you requested:", "The image above is the MCP logo."]);
    let ContentBlock::Image(image) = &result.content[1] else { panic!("an image: {result:?}") };
    assert_eq!(image.mime_type, "image/png");
    let png = base64_decode(&image.data);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    assert_eq!((be(16), be(20)), (20, 20), "a 20x20 image");

    // Progress notifications ride the request's stream (the POST's SSE response, or the
    // HTTP+SSE stream).
    let progress = Arc::new(Mutex::new(Vec::new()));
    let sink = progress.clone();
    let options = RequestOptions::new()
        .on_progress(move |p| sink.lock().unwrap_or_else(|e| e.into_inner()).push((p.progress, p.total)));
    let params = CallToolRequestParams {
        name: "trigger-long-running-operation".into(),
        arguments: json!({ "duration": 0.6, "steps": 3 }).as_object().cloned(),
        ..Default::default()
    };
    let outcome = client.call_tool_with(params, &options).await.expect("tools/call");
    let ToolCallOutcome::Complete(result) = outcome else { panic!("a direct result: {outcome:?}") };
    assert_eq!(only_text(&result), "Long running operation completed. Duration: 0.6 seconds, Steps: 3.");
    let progress = progress.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(progress, [(1.0, Some(3.0)), (2.0, Some(3.0)), (3.0, Some(3.0))]);

    // A server-to-client request answered by our callback (its response is POSTed back).
    let result =
        call(client, "trigger-sampling-request", json!({ "prompt": "What is 6 x 7?", "maxTokens": 64 }))
            .await;
    let text = only_text(&result);
    let answer: Value = serde_json::from_str(
        text.strip_prefix("LLM sampling result: \n").unwrap_or_else(|| panic!("{text}")),
    )
    .expect("the sampling result as JSON");
    assert_eq!(answer["model"], SAMPLING_MODEL);
    assert_eq!(answer["content"]["text"], SAMPLED_TEXT);
    assert_eq!(answer["role"], "assistant");
    let seen = samplings.all();
    assert_eq!(seen.len(), 1, "one sampling request: {seen:?}");
    assert_eq!(
        seen[0].messages[0].content.as_text(),
        Some("Resource trigger-sampling-request context: What is 6 x 7?")
    );
    assert_eq!(seen[0].max_tokens, 64);

    // Resources: every static document equals the file on disk; a template instance.
    let docs = server_package().join("dist/docs");
    let resources = client.list_all_resources().await.expect("resources/list");
    let mut on_disk: Vec<String> = std::fs::read_dir(&docs)
        .expect("the docs folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(listed, on_disk, "one resource per document");
    for resource in &resources {
        assert_eq!(resource.uri, format!("demo://resource/static/document/{}", resource.name));
        assert_eq!(resource.mime_type.as_deref(), Some("text/markdown"));
        let read = client.read_resource(&resource.uri).await.expect("resources/read");
        let [ResourceContents::Text(text)] = read.contents.as_slice() else { panic!("one text: {read:?}") };
        let expected = std::fs::read_to_string(docs.join(&resource.name)).expect("the document");
        assert_eq!(text.text, expected, "{}", resource.uri);
        assert_eq!(text.uri, resource.uri);
    }
    let read = client.read_resource("demo://resource/dynamic/text/5").await.expect("a template instance");
    let [ResourceContents::Text(text)] = read.contents.as_slice() else { panic!("one text: {read:?}") };
    assert!(text.text.starts_with("Resource 5: This is a plaintext resource created at "), "{text:?}");
    assert_eq!(text.mime_type.as_deref(), Some("text/plain"));
    assert_eq!(text.uri, "demo://resource/dynamic/text/5");

    // Prompts.
    let prompts = client.list_all_prompts().await.expect("prompts/list");
    let names: BTreeSet<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["simple-prompt", "args-prompt", "completable-prompt", "resource-prompt"])
    );
    let text_of = |result: &mcp_jsonrpc::schema::prompts::GetPromptResult, i: usize| -> String {
        result.messages[i].content.as_text().unwrap_or_else(|| panic!("text: {result:?}")).to_owned()
    };
    let simple = client.get_prompt("simple-prompt", None).await.expect("simple-prompt");
    assert_eq!(text_of(&simple, 0), "This is a simple prompt without arguments.");
    let arguments =
        Some([("city", "Lyon"), ("state", "Rhône")].map(|(k, v)| (k.to_owned(), v.to_owned())).into());
    let both = client.get_prompt("args-prompt", arguments).await.expect("args-prompt");
    assert_eq!(text_of(&both, 0), "What's weather in Lyon, Rhône?");
    let error = client.get_prompt("args-prompt", None).await.expect_err("city is required");
    assert_eq!(error.rpc().map(|e| e.code.0), Some(-32602), "{error:?}");
}

/// One connection: connect with `transport`, check what the transport settled on, run the
/// battery, close.
async fn run_against(server: &RunningServer, transport: TransportKind, expected: Detected) {
    let (client, handle, samplings) = connect(&server.url, transport).await;
    assert_eq!(handle.detected(), Some(expected), "{transport:?} against {}", server.url);
    if matches!(expected, Detected::Legacy { .. }) {
        assert!(handle.session_id().is_some_and(|id| !id.is_empty()), "a legacy session id");
    }
    exercise(&client, &samplings).await;
    tokio::time::timeout(Duration::from_secs(15), client.close())
        .await
        .expect("close finished")
        .expect("close succeeded");
}

const LEGACY_2025_11_25: Detected = Detected::Legacy { version: Some(ProtocolVersion::V2025_11_25) };

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamable_http_mode_is_detected_as_legacy_streamable_http() {
    bounded(async {
        let server = RunningServer::start(Mode::StreamableHttp);
        run_against(&server, TransportKind::Auto, LEGACY_2025_11_25).await;
        server.stop();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamable_http_mode_with_the_transport_forced() {
    bounded(async {
        let server = RunningServer::start(Mode::StreamableHttp);
        run_against(&server, TransportKind::StreamableHttp, LEGACY_2025_11_25).await;
        // HTTP+SSE forced against a Streamable HTTP endpoint fails (GET /mcp without a
        // session is refused; there is no `endpoint` event) instead of silently switching.
        let options = HttpClientOptions {
            transport: TransportKind::Sse,
            cache: Arc::new(DetectionCache::new()),
            endpoint_timeout: Duration::from_secs(5),
            ..Default::default()
        };
        let refused =
            Client::builder().request_timeout(Some(REQUEST_TIMEOUT)).connect_http(&server.url, options);
        let refused = tokio::time::timeout(REQUEST_TIMEOUT, refused).await.expect("the attempt ends");
        assert!(refused.is_err(), "HTTP+SSE is not offered at {}", server.url);
        server.stop();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sse_mode_is_detected_as_http_sse() {
    bounded(async {
        let server = RunningServer::start(Mode::Sse);
        run_against(&server, TransportKind::Auto, Detected::HttpSse).await;
        server.stop();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sse_mode_with_the_transport_forced() {
    bounded(async {
        let server = RunningServer::start(Mode::Sse);
        run_against(&server, TransportKind::Sse, Detected::HttpSse).await;
        // Streamable HTTP forced against an HTTP+SSE server fails: no fallback when forced.
        let options = HttpClientOptions {
            transport: TransportKind::StreamableHttp,
            cache: Arc::new(DetectionCache::new()),
            ..Default::default()
        };
        let refused =
            Client::builder().request_timeout(Some(REQUEST_TIMEOUT)).connect_http(&server.url, options);
        let refused = tokio::time::timeout(REQUEST_TIMEOUT, refused).await.expect("the attempt ends");
        assert!(refused.is_err(), "Streamable HTTP is not offered at {}", server.url);
        server.stop();
    })
    .await;
}
