//! Interop over HTTP: the official TypeScript SDK client (`@modelcontextprotocol/sdk`, npm,
//! pinned to 1.32.2, the same install as `ts_sdk_stdio.rs`) against our fixture server
//! ([`mcp_conformance::fixture::fixture_server`]) served in-process with
//! [`mcp_server::Server::serve_http`] on `127.0.0.1:0`.
//!
//! Two runs, each against a fresh server: the SDK's `StreamableHTTPClientTransport` on `/mcp`
//! (legacy Streamable HTTP, 2025-11-25, with a session) and its `SSEClientTransport` on `/sse`
//! (HTTP+SSE, the 2024-11-05 transport). `tests/js/ts_sdk_http_client.mjs` (copied next to
//! the SDK's `node_modules`) takes the URL and the transport name, lists and calls tools
//! (including progress, logging, a sampling request and an elicitation answered by the JS
//! client), reads resources, gets prompts and completes, and prints one JSON object; the tests
//! below assert on it. Without node or npm the tests FAIL with a message saying so.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_conformance::fixture::fixture_server;
use mcp_testkit::{NpmPackage, run};
use mcp_transport::http::server::HttpServerConfig;
use serde_json::{Value, json};

const TS_SDK: NpmPackage =
    NpmPackage { name: "@modelcontextprotocol/sdk", version: "1.32.2", dir: "ts-sdk-1.32.2", lock: None };
/// Bound on the whole JS client run.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(90);
/// Bound on the server's graceful shutdown after the run.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(15);

/// The fixture server on its own runtime thread, until [`stop`](Self::stop).
struct InProcessServer {
    base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl InProcessServer {
    fn start() -> Result<InProcessServer, String> {
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                let _ = addr_tx.send(listener.local_addr()?);
                let config =
                    HttpServerConfig { shutdown_grace: Duration::from_secs(5), ..Default::default() };
                fixture_server()
                    .serve_http(listener, config, async move {
                        let _ = shutdown_rx.await;
                    })
                    .await
            })
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .map_err(|e| format!("the fixture server did not start: {e}"))?;
        Ok(InProcessServer {
            base: format!("http://{addr}"),
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        })
    }

    /// Shuts the server down and waits (bounded) for its thread.
    fn stop(mut self) -> Result<(), String> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let thread = self.thread.take().expect("not stopped twice");
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        while !thread.is_finished() {
            if Instant::now() >= deadline {
                return Err(format!("the server did not shut down within {SHUTDOWN_TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        match thread.join() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("the server failed: {e}")),
            Err(_) => Err("the server thread panicked".into()),
        }
    }
}

impl Drop for InProcessServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Installs the SDK, serves the fixture, runs the JS client with `transport` and parses its
/// JSON report.
fn observe(transport: &str) -> Result<Value, String> {
    let prefix = TS_SDK.install()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/ts_sdk_http_client.mjs");
    let copy = prefix.join("ts_sdk_http_client.mjs");
    std::fs::copy(&script, &copy).map_err(|e| format!("cannot copy {}: {e}", script.display()))?;
    let server = InProcessServer::start()?;
    let url = match transport {
        "streamable-http" => format!("{}/mcp", server.base),
        _ => format!("{}/sse", server.base),
    };
    let mut node = Command::new("node");
    node.arg(&copy).arg(&url).arg(transport).current_dir(&prefix);
    let done = run(node, CLIENT_TIMEOUT, "the TypeScript SDK HTTP client");
    server.stop()?;
    done?.json_report()
}

/// The JS client's report for `transport`, produced once per transport.
fn observed(transport: &str) -> &'static Value {
    static STREAMABLE: OnceLock<Result<Value, String>> = OnceLock::new();
    static SSE: OnceLock<Result<Value, String>> = OnceLock::new();
    let cell = match transport {
        "streamable-http" => &STREAMABLE,
        "sse" => &SSE,
        other => panic!("unknown transport {other}"),
    };
    match cell.get_or_init(|| observe(transport)) {
        Ok(v) => v,
        Err(e) => panic!("TypeScript SDK interop run over {transport} failed:\n{e}"),
    }
}

/// The value of step `name`, failing on a recorded error.
fn step<'a>(o: &'a Value, name: &str) -> &'a Value {
    let v = &o[name];
    assert!(!v.is_null(), "step {name} did not run ({})", o["transport"]);
    assert!(v.get("error").is_none(), "step {name} failed over {}: {}", o["transport"], v["error"]);
    v
}

fn only_text(result: &Value) -> &str {
    let content = result["content"].as_array().expect("content array");
    assert_eq!(content.len(), 1, "one content block: {result}");
    assert_eq!(content[0]["type"], "text");
    content[0]["text"].as_str().expect("text")
}

fn assert_png_1x1(data: &str) {
    let png = BASE64.decode(data).expect("valid base64");
    assert_eq!(png, mcp_conformance::fixture::png_1x1(), "the fixture's 1x1 PNG");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
}

// ---------------------------------------------------------------------------------------
// The checks, run for each transport.

fn handshake(transport: &str) {
    let o = observed(transport);
    assert_eq!(o["transport"], transport);
    assert_eq!(o["protocolVersion"], "2025-11-25");
    assert_eq!(
        o["serverInfo"],
        json!({"name": "mcp-conformance-fixture", "version": env!("CARGO_PKG_VERSION")})
    );
    let caps = &o["serverCapabilities"];
    for capability in ["tools", "prompts", "completions", "logging"] {
        assert!(caps.get(capability).is_some(), "{capability} in {caps}");
    }
    assert_eq!(*step(o, "ping"), json!({}));
    match transport {
        "streamable-http" => {
            let session = o["sessionId"].as_str().expect("an Mcp-Session-Id");
            assert!(session.len() >= 16 && session.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{session}");
            // DELETE ended the session and the SDK forgot its id.
            assert_eq!(step(o, "terminateSession")["sessionIdAfter"], Value::Null);
        }
        _ => assert_eq!(o["sessionId"], Value::Null, "HTTP+SSE has no Mcp-Session-Id"),
    }
    assert_eq!(o["transportErrors"], json!([]), "the SDK transport reported no error");
    let steps = o["steps"].as_array().map(Vec::len);
    assert_eq!(steps, Some(if transport == "sse" { 25 } else { 26 }), "every step ran: {}", o["steps"]);
}

fn tools(transport: &str) {
    let o = observed(transport);
    let names: Vec<&str> = step(o, "tools").as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    for expected in ["test_simple_text", "test_image_content", "add_numbers", "test_tool_with_progress"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // The fixture's conformance tools (it may have more: the official suite's newer scenarios).
    assert!(names.len() >= 15, "{names:?}");
    assert_eq!(only_text(step(o, "simpleText")), "This is a simple text response for testing.");
    let image = &step(o, "image")["content"];
    assert_eq!(image.as_array().map(Vec::len), Some(1));
    assert_eq!(image[0]["type"], "image");
    assert_eq!(image[0]["mimeType"], "image/png");
    assert_png_1x1(image[0]["data"].as_str().unwrap());
    assert_eq!(
        step(o, "embeddedResource")["content"],
        json!([{"type": "resource", "resource": {
            "uri": "test://embedded-resource", "mimeType": "text/plain",
            "text": "This is an embedded resource content."}}])
    );
    assert_eq!(only_text(step(o, "addNumbers")), "The sum of 19 and 23.5 is 42.5.");
    let error = step(o, "errorHandling");
    assert_eq!(error["isError"], true);
    assert_eq!(only_text(error), "This tool intentionally returns an error for testing");
    let unknown = &o["unknownTool"]["error"];
    assert_eq!(unknown["code"], -32602, "{unknown}");
    assert!(unknown["message"].as_str().is_some_and(|m| m.contains("no_such_tool")), "{unknown}");
}

fn progress_and_logging(transport: &str) {
    let o = observed(transport);
    let progress = step(o, "progress");
    assert_eq!(only_text(&progress["result"]), "Progress tool completed");
    let seen: Vec<(f64, f64)> = progress["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["progress"].as_f64().unwrap(), p["total"].as_f64().unwrap()))
        .collect();
    // On the wire: the three notifications, in order, then the response.
    let on_wire = progress["onWire"].as_array().expect("the wire record");
    assert_eq!(on_wire.len(), 4, "{progress}");
    assert_eq!(
        on_wire[..3],
        [
            json!({"progress": 0, "total": 100}),
            json!({"progress": 50, "total": 100}),
            json!({"progress": 100, "total": 100})
        ],
        "{progress}"
    );
    assert!(on_wire[3]["response"].is_number(), "{progress}");
    // The SDK's `onprogress` saw them in order; the last one can miss it when it arrives in
    // the same read as the response (modelcontextprotocol/typescript-sdk#2580, a client-side
    // race that a server cannot avoid), so it sees all three or the first two.
    let all = [(0.0, 100.0), (50.0, 100.0), (100.0, 100.0)];
    assert!(seen == all || seen == all[..2], "{progress}");
    assert_eq!(*step(o, "setLevel"), json!({}));
    let logging = step(o, "logging");
    assert_eq!(only_text(&logging["result"]), "Tool with logging executed successfully");
    assert_eq!(
        logging["notifications"],
        json!([
            {"level": "info", "data": "Tool execution started"},
            {"level": "info", "data": "Tool processing data"},
            {"level": "info", "data": "Tool execution completed"},
        ])
    );
}

fn sampling_and_elicitation(transport: &str) {
    let o = observed(transport);
    let sampling = step(o, "sampling");
    assert_eq!(
        sampling["requests"],
        json!([{
            "messages": [{"role": "user", "content": {"type": "text", "text": "What is the capital of France?"}}],
            "maxTokens": 100
        }])
    );
    assert_eq!(
        only_text(&sampling["result"]),
        "LLM response: Sampled by the TypeScript SDK client over HTTP"
    );
    let accepted = step(o, "elicitation");
    assert_eq!(accepted["request"]["message"], "Please provide your information");
    assert_eq!(accepted["request"]["requestedSchema"]["required"], json!(["username", "email"]));
    assert_eq!(
        only_text(&accepted["result"]),
        r#"User response: action=accept, content={"email":"octocat@example.com","username":"octocat"}"#
    );
    let declined = step(o, "elicitationDeclined");
    assert_eq!(declined["request"]["message"], "Please decline this request");
    assert_eq!(only_text(&declined["result"]), "User response: action=decline");
}

fn resources(transport: &str) {
    let o = observed(transport);
    assert_eq!(
        *step(o, "resources"),
        json!([
            "test://static-text",
            "test://static-binary",
            "test://watched-resource",
            "test://embedded-resource"
        ])
    );
    assert_eq!(*step(o, "resourceTemplates"), json!(["test://template/{id}/data"]));
    assert_eq!(
        step(o, "readText")["contents"],
        json!([{"uri": "test://static-text", "mimeType": "text/plain",
                "text": "This is the content of the static text resource."}])
    );
    let binary = &step(o, "readBinary")["contents"];
    assert_eq!(binary.as_array().map(Vec::len), Some(1));
    assert_eq!(binary[0]["uri"], "test://static-binary");
    assert_eq!(binary[0]["mimeType"], "image/png");
    assert_png_1x1(binary[0]["blob"].as_str().unwrap());
    let template = &step(o, "readTemplate")["contents"][0];
    assert_eq!(template["uri"], "test://template/123/data");
    assert_eq!(template["mimeType"], "application/json");
    let data: Value = serde_json::from_str(template["text"].as_str().unwrap()).unwrap();
    assert_eq!(data, json!({"id": "123", "templateTest": true, "data": "Data for ID: 123"}));
    assert_eq!(o["readUnknown"]["error"]["code"], -32002, "{}", o["readUnknown"]);
}

fn prompts(transport: &str) {
    let o = observed(transport);
    // The conformance prompts, in the fixture's order (it may list more).
    let expected = [
        "test_simple_prompt",
        "test_prompt_with_arguments",
        "test_prompt_with_embedded_resource",
        "test_prompt_with_image",
    ];
    let listed = step(o, "prompts").as_array().expect("prompt names");
    let ours: Vec<&str> = listed.iter().filter_map(Value::as_str).filter(|n| expected.contains(n)).collect();
    assert_eq!(ours, expected, "{listed:?}");
    assert_eq!(
        step(o, "promptSimple")["messages"],
        json!([{"role": "user", "content": {"type": "text", "text": "This is a simple prompt for testing."}}])
    );
    assert_eq!(
        step(o, "promptWithArguments")["messages"],
        json!([{"role": "user", "content": {"type": "text",
            "text": "Prompt with arguments: arg1='hello', arg2='world'"}}])
    );
    assert_eq!(
        step(o, "promptEmbeddedResource")["messages"],
        json!([
            {"role": "user", "content": {"type": "resource", "resource": {
                "uri": "test://example-resource", "mimeType": "text/plain",
                "text": "Embedded resource content for testing."}}},
            {"role": "user", "content": {"type": "text", "text": "Please process the embedded resource above."}}
        ])
    );
    assert_eq!(
        step(o, "completion")["completion"],
        json!({"values": ["paris", "park", "party"], "total": 3, "hasMore": false})
    );
}

#[test]
fn streamable_http_handshake_session_and_termination() {
    handshake("streamable-http");
}

#[test]
fn streamable_http_tools() {
    tools("streamable-http");
}

#[test]
fn streamable_http_progress_and_logging() {
    progress_and_logging("streamable-http");
}

#[test]
fn streamable_http_sampling_and_elicitation() {
    sampling_and_elicitation("streamable-http");
}

#[test]
fn streamable_http_resources() {
    resources("streamable-http");
}

#[test]
fn streamable_http_prompts_and_completion() {
    prompts("streamable-http");
}

#[test]
fn sse_handshake() {
    handshake("sse");
}

#[test]
fn sse_tools() {
    tools("sse");
}

#[test]
fn sse_progress_and_logging() {
    progress_and_logging("sse");
}

#[test]
fn sse_sampling_and_elicitation() {
    sampling_and_elicitation("sse");
}

#[test]
fn sse_resources() {
    resources("sse");
}

#[test]
fn sse_prompts_and_completion() {
    prompts("sse");
}
