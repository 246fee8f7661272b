//! Interop: our client against the reference server `@modelcontextprotocol/server-everything`
//! (npm, pinned to [`SERVER_EVERYTHING_VERSION`], with every transitive package pinned by
//! `tests/js/server-everything/package-lock.json`) over stdio.
//!
//! The first test installs the package once per target directory with `npm ci` into
//! `<target>/npm-peers/server-everything-<version>/` (skipped when that folder already holds
//! the same version installed from the same lockfile); every test then spawns
//! `node <prefix>/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio`
//! with [`Client::spawn`]. The server is a legacy (2025-11-25) server, so this also covers
//! era detection falling back from `server/discover` to `initialize`.
//!
//! Covered: every tool the server lists for a client with elicitation (form and URL),
//! sampling and roots, each called with valid arguments and asserted on its real result;
//! resources (every static document, compared with the file on disk; text and blob template
//! instances; session resources created by a tool), prompts with arguments, completion,
//! sampling / elicitation / roots requests answered by our callbacks (asserting the server
//! used the answers), progress and log notifications, resource subscriptions, and the
//! 2025-11-25 tasks flow with an elicitation delivered through `tasks/result`.
//!
//! Without node or npm the tests FAIL (with a message saying what is missing). Every wait
//! has a timeout.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mcp_client::{Client, ClientError, RequestOptions, ServerNotification, ToolCallOutcome};
use mcp_jsonrpc::schema::completion::CompleteRequestParams;
use mcp_jsonrpc::schema::content::{ContentBlock, ResourceContents};
use mcp_jsonrpc::schema::elicitation::{
    ElicitRequestParams, ElicitResult, ElicitValue, NumberType, PrimitiveSchemaDefinition, StringFormat,
};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use mcp_jsonrpc::schema::tasks::TaskMetadata;
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult, Tool};
use mcp_jsonrpc::{Era, ProtocolVersion};
use mcp_testkit::{NpmPackage, base64_decode, base64_encode, crc32};
use mcp_transport::ServerCommand;
use mcp_transport::process::StderrMode;
use serde_json::{Value, json};

/// The pinned `@modelcontextprotocol/server-everything` version (also in
/// `tests/js/server-everything/package.json`).
const SERVER_EVERYTHING_VERSION: &str = "2026.8.31";
const PACKAGE_JSON: &str = include_str!("js/server-everything/package.json");
const PACKAGE_LOCK: &str = include_str!("js/server-everything/package-lock.json");
const SERVER_EVERYTHING: NpmPackage = NpmPackage {
    name: "@modelcontextprotocol/server-everything",
    version: SERVER_EVERYTHING_VERSION,
    dir: "server-everything-2026.8.31",
    lock: Some((PACKAGE_JSON, PACKAGE_LOCK)),
};

/// Bound on every request and on each whole test.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const TEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Bound on waiting for one notification.
const NOTIFICATION_TIMEOUT: Duration = Duration::from_secs(10);

/// Set in the server's environment; `get-env` must report it.
const ENV_MARKER: (&str, &str) = ("MCP_RS_INTEROP_MARKER", "server-everything-from-rust");
/// The text our sampling callback answers with.
const SAMPLED_TEXT: &str = "Forty-two, says the Rust test model.";
const SAMPLING_MODEL: &str = "mcp-rs-test-model";

// ---------------------------------------------------------------------------------------
// Installing the pinned server.

/// The installed package directory (installing once per test process, with `npm ci` from
/// our lockfile into `<target>/npm-peers/server-everything-<version>/`).
fn server_package() -> &'static Path {
    SERVER_EVERYTHING.installed_package_dir()
}

// ---------------------------------------------------------------------------------------
// A connected client and what its callbacks saw.

/// What the callbacks recorded.
#[derive(Default)]
struct Seen {
    notifications: Vec<ServerNotification>,
    elicitations: Vec<ElicitRequestParams>,
    samplings: Vec<CreateMessageRequestParams>,
    roots_requests: usize,
    stderr: Vec<String>,
}

#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Seen>>,
    changed: Arc<tokio::sync::Notify>,
}

impl Recorder {
    /// Reads or changes what was seen.
    fn with<R>(&self, f: impl FnOnce(&mut Seen) -> R) -> R {
        f(&mut self.seen.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Records something and wakes [`wait_for`](Self::wait_for).
    fn record(&self, f: impl FnOnce(&mut Seen)) {
        self.with(f);
        self.changed.notify_waiters();
    }

    /// Waits (at most [`NOTIFICATION_TIMEOUT`]) for a notification `pick` accepts.
    async fn wait_for<T>(&self, what: &str, mut pick: impl FnMut(&ServerNotification) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + NOTIFICATION_TIMEOUT;
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(found) = self.with(|s| s.notifications.iter().find_map(&mut pick)) {
                return found;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                let seen = self.with(|s| format!("{:#?}\nserver stderr: {:#?}", s.notifications, s.stderr));
                panic!("timed out waiting for {what}; notifications so far:\n{seen}");
            }
        }
    }
}

/// Our answer to `trigger-elicitation-request`'s form. `firstLine` and `number` are left out
/// on purpose: the client fills in their schema defaults.
fn form_answer() -> BTreeMap<String, ElicitValue> {
    let answer = json!({
        "name": "Ada Lovelace",
        "check": true,
        "email": "ada@example.com",
        "homepage": "https://ada.example",
        "birthdate": "1815-12-10",
        "integer": 7,
        "untitledSingleSelectEnum": "Joey",
        "untitledMultipleSelectEnum": ["Piano", "Violin"],
        "titledSingleSelectEnum": "hero-3",
        "titledMultipleSelectEnum": ["fish-2"],
        "legacyTitledEnum": "pet-2"
    });
    serde_json::from_value(answer).expect("form values")
}

/// The elicitation callback: the big form gets [`form_answer`], the research clarification
/// gets `snake`, URL mode is accepted, anything else declined.
fn answer_elicitation(request: &ElicitRequestParams) -> ElicitResult {
    match request {
        ElicitRequestParams::Url(_) => ElicitResult::accept_url(),
        ElicitRequestParams::Form(form) if form.requested_schema.property("interpretation").is_some() => {
            ElicitResult::accept(BTreeMap::from([(
                "interpretation".to_owned(),
                ElicitValue::String("snake".into()),
            )]))
        }
        ElicitRequestParams::Form(form) if form.message.starts_with("Please provide inputs") => {
            ElicitResult::accept(form_answer())
        }
        ElicitRequestParams::Form(_) => ElicitResult::decline(),
    }
}

struct Peer {
    client: Client,
    seen: Recorder,
}

impl Peer {
    /// Calls `name` with `arguments` (an object) and checks the result is not an error.
    async fn call(&self, name: &str, arguments: Value) -> CallToolResult {
        let Value::Object(arguments) = arguments else { panic!("arguments must be an object") };
        let result =
            self.client.call_tool(name, Some(arguments)).await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(!result.is_error(), "{name} returned isError: {result:?}");
        result
    }

    async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(15), self.client.close()).await;
    }
}

/// Spawns the server with our client: elicitation (form and URL), sampling and roots
/// callbacks, and a recorder for notifications.
async fn connect() -> Peer {
    let package = server_package();
    let seen = Recorder::default();
    let (on_elicit, on_sample, on_roots, on_note, on_stderr) =
        (seen.clone(), seen.clone(), seen.clone(), seen.clone(), seen.clone());
    let command = ServerCommand::new("node")
        .arg(package.join("dist/index.js"))
        .arg("stdio")
        .env(ENV_MARKER.0, ENV_MARKER.1)
        .stderr(StderrMode::Callback(Arc::new(move |line: &str| {
            on_stderr.record(|s| s.stderr.push(line.to_owned()));
        })));
    let client = Client::builder()
        .request_timeout(Some(REQUEST_TIMEOUT))
        .elicitation(move |request: ElicitRequestParams| {
            let answer = answer_elicitation(&request);
            on_elicit.record(|s| s.elicitations.push(request));
            async move { Ok(answer) }
        })
        .url_elicitation(true)
        .sampling(move |request: CreateMessageRequestParams| {
            on_sample.record(|s| s.samplings.push(request));
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
        .roots(move || {
            on_roots.record(|s| s.roots_requests += 1);
            async move {
                let roots = json!({ "roots": [
                    { "uri": "file:///tmp/mcp-rs/project-a", "name": "Project A" },
                    { "uri": "file:///tmp/mcp-rs/project-b" }
                ]});
                Ok(serde_json::from_value::<ListRootsResult>(roots).expect("roots"))
            }
        })
        .on_notification(move |n| on_note.record(|s| s.notifications.push(n)))
        .spawn(&command)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to server-everything: {e:?}"));
    Peer { client, seen }
}

/// Runs a test body with the overall timeout, after the install (which has its own timeout
/// and blocks the thread, so it must not eat into the test's).
async fn bounded(body: impl Future<Output = ()>) {
    server_package();
    tokio::time::timeout(TEST_TIMEOUT, body).await.expect("the test finished within its timeout");
}

// ---------------------------------------------------------------------------------------
// Small decoders for asserting on binary content.

/// Checks a gzip member of `original` (RFC 1952): magic, deflate, CRC-32 and size trailer.
fn assert_gzip_of(gzip: &[u8], original: &[u8]) {
    assert_eq!(&gzip[..3], [0x1f, 0x8b, 8], "gzip magic and deflate method");
    let trailer = &gzip[gzip.len() - 8..];
    assert_eq!(u32::from_le_bytes(trailer[..4].try_into().unwrap()), crc32(original), "CRC-32");
    assert_eq!(u32::from_le_bytes(trailer[4..].try_into().unwrap()) as usize, original.len(), "ISIZE");
}

/// A PNG's width and height, after checking its signature (`IHDR` is the first chunk).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn texts(result: &CallToolResult) -> Vec<&str> {
    result.content.iter().filter_map(ContentBlock::as_text).collect()
}

fn only_text(result: &CallToolResult) -> &str {
    match texts(result).as_slice() {
        [one] if result.content.len() == 1 => one,
        _ => panic!("expected one text block: {result:?}"),
    }
}

fn json_of(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializable")
}

// ---------------------------------------------------------------------------------------
// Tools.

/// The tools the pinned server lists for a client with elicitation (form and URL),
/// sampling and roots but without the tasks capability (so without the two `-async` tools).
const EXPECTED_TOOLS: [&str; 17] = [
    "echo",
    "get-annotated-message",
    "get-env",
    "get-resource-links",
    "get-resource-reference",
    "get-structured-content",
    "get-sum",
    "get-tiny-image",
    "gzip-file-as-resource",
    "toggle-simulated-logging",
    "toggle-subscriber-updates",
    "trigger-long-running-operation",
    "get-roots-list",
    "trigger-elicitation-request",
    "trigger-url-elicitation",
    "trigger-sampling-request",
    "simulate-research-query",
];

/// Calls `tool` with valid arguments and asserts on its result (and on what our callbacks
/// and notification handler saw while it ran).
async fn exercise(peer: &Peer, tool: &Tool) {
    match tool.name.as_str() {
        "echo" => {
            let result = peer.call("echo", json!({ "message": "hello from Rust" })).await;
            assert_eq!(only_text(&result), "Echo: hello from Rust");
        }
        "get-annotated-message" => {
            let result = peer
                .call("get-annotated-message", json!({ "messageType": "error", "includeImage": true }))
                .await;
            let blocks = json_of(&result.content);
            assert_eq!(blocks[0]["text"], "Error: Operation failed");
            assert_eq!(blocks[0]["annotations"]["priority"].as_f64(), Some(1.0));
            assert_eq!(blocks[0]["annotations"]["audience"], json!(["user", "assistant"]));
            assert_eq!(blocks[1]["type"], "image");
            assert_eq!(blocks[1]["annotations"]["priority"].as_f64(), Some(0.5));
            assert_eq!(blocks[1]["annotations"]["audience"], json!(["user"]));
            let result = peer.call("get-annotated-message", json!({ "messageType": "success" })).await;
            assert_eq!(only_text(&result), "Operation completed successfully");
        }
        "get-env" => {
            let result = peer.call("get-env", json!({})).await;
            let env: Value = serde_json::from_str(only_text(&result)).expect("the environment as JSON");
            assert_eq!(env[ENV_MARKER.0], ENV_MARKER.1, "the server runs with the environment we gave it");
        }
        "get-resource-links" => {
            let result = peer.call("get-resource-links", json!({ "count": 4 })).await;
            assert_eq!(texts(&result)[0], "Here are 4 resource links to resources available in this server:");
            let links: Vec<(String, String)> = result
                .content
                .iter()
                .filter_map(|b| match b {
                    ContentBlock::ResourceLink(l) => Some((l.uri.clone(), l.name.clone())),
                    _ => None,
                })
                .collect();
            assert_eq!(
                links,
                [
                    ("demo://resource/dynamic/blob/1".to_owned(), "Blob Resource 1".to_owned()),
                    ("demo://resource/dynamic/text/2".to_owned(), "Text Resource 2".to_owned()),
                    ("demo://resource/dynamic/blob/3".to_owned(), "Blob Resource 3".to_owned()),
                    ("demo://resource/dynamic/text/4".to_owned(), "Text Resource 4".to_owned()),
                ]
            );
            // The links resolve.
            let read = peer.client.read_resource(&links[1].0).await.expect("read a linked resource");
            let ResourceContents::Text(text) = &read.contents[0] else { panic!("text contents: {read:?}") };
            assert!(text.text.starts_with("Resource 2: This is a plaintext resource created at"), "{text:?}");
        }
        "get-resource-reference" => {
            let result =
                peer.call("get-resource-reference", json!({ "resourceType": "Blob", "resourceId": 7 })).await;
            assert_eq!(texts(&result)[0], "Returning resource reference for Resource 7:");
            let ContentBlock::Resource(embedded) = &result.content[1] else { panic!("{result:?}") };
            let ResourceContents::Blob(blob) = &embedded.resource else { panic!("a blob: {embedded:?}") };
            assert_eq!(blob.uri, "demo://resource/dynamic/blob/7");
            let decoded = String::from_utf8(base64_decode(&blob.blob)).expect("UTF-8 inside the blob");
            assert!(decoded.starts_with("Resource 7: This is a base64 blob created at"), "{decoded}");
            assert_eq!(
                texts(&result)[1],
                "You can access this resource using the URI: demo://resource/dynamic/blob/7"
            );
            let result =
                peer.call("get-resource-reference", json!({ "resourceType": "Text", "resourceId": 2 })).await;
            let ContentBlock::Resource(embedded) = &result.content[1] else { panic!("{result:?}") };
            let ResourceContents::Text(text) = &embedded.resource else { panic!("text: {embedded:?}") };
            assert!(text.text.starts_with("Resource 2: This is a plaintext resource"), "{text:?}");
        }
        "get-structured-content" => {
            let schema = tool.output_schema.as_ref().expect("an outputSchema");
            assert_eq!(schema["properties"]["temperature"]["type"], "number");
            let result = peer.call("get-structured-content", json!({ "location": "Chicago" })).await;
            let expected = json!({ "temperature": 36, "conditions": "Light rain / drizzle", "humidity": 82 });
            assert_eq!(result.structured_content, Some(expected.clone()));
            let text: Value = serde_json::from_str(only_text(&result)).expect("JSON text block");
            assert_eq!(text, expected);
        }
        "get-sum" => {
            let result = peer.call("get-sum", json!({ "a": 19, "b": 23 })).await;
            assert_eq!(only_text(&result), "The sum of 19 and 23 is 42.");
            let result = peer.call("get-sum", json!({ "a": 0.5, "b": -2 })).await;
            assert_eq!(only_text(&result), "The sum of 0.5 and -2 is -1.5.");
        }
        "get-tiny-image" => {
            let result = peer.call("get-tiny-image", json!({})).await;
            assert_eq!(
                texts(&result),
                ["Here's the image you requested:", "The image above is the MCP logo."]
            );
            let ContentBlock::Image(image) = &result.content[1] else { panic!("an image: {result:?}") };
            assert_eq!(image.mime_type, "image/png");
            assert_eq!(png_size(&base64_decode(&image.data)), (20, 20));
        }
        "gzip-file-as-resource" => {
            let original = "mcp-rs interop: gzip me, please.\n".repeat(40);
            let data = format!("data:text/plain;base64,{}", base64_encode(original.as_bytes()));
            // The whole resource inline.
            let result = peer
                .call(
                    "gzip-file-as-resource",
                    json!({ "name": "inline.txt.gz", "data": data, "outputType": "resource" }),
                )
                .await;
            let ContentBlock::Resource(embedded) = &result.content[0] else { panic!("{result:?}") };
            let ResourceContents::Blob(blob) = &embedded.resource else { panic!("a blob: {embedded:?}") };
            assert_eq!(blob.uri, "demo://resource/session/inline.txt.gz");
            assert_eq!(blob.mime_type.as_deref(), Some("application/gzip"));
            assert_gzip_of(&base64_decode(&blob.blob), original.as_bytes());
            // A link to a session resource, then read through resources/read.
            let result = peer
                .call(
                    "gzip-file-as-resource",
                    json!({ "name": "linked.txt.gz", "data": data, "outputType": "resourceLink" }),
                )
                .await;
            let ContentBlock::ResourceLink(link) = &result.content[0] else { panic!("{result:?}") };
            assert_eq!(link.uri, "demo://resource/session/linked.txt.gz");
            peer.seen
                .wait_for("resources/list_changed after the session resource", |n| {
                    matches!(n, ServerNotification::ResourcesListChanged).then_some(())
                })
                .await;
            let listed = peer.client.list_all_resources().await.expect("resources/list");
            assert!(listed.iter().any(|r| r.uri == link.uri), "the session resource is listed");
            let read = peer.client.read_resource(&link.uri).await.expect("read the session resource");
            let ResourceContents::Blob(blob) = &read.contents[0] else { panic!("a blob: {read:?}") };
            assert_gzip_of(&base64_decode(&blob.blob), original.as_bytes());
        }
        "toggle-simulated-logging" => {
            let result = peer.call("toggle-simulated-logging", json!({})).await;
            assert!(
                only_text(&result).starts_with("Started simulated, random-leveled logging"),
                "{result:?}"
            );
            // One message is sent at once; its text names its level.
            let (level, data) = peer
                .seen
                .wait_for("a simulated log message", |n| match n {
                    ServerNotification::LogMessage(m)
                        if m.data
                            .as_str()
                            .is_some_and(|d| d.contains("-level message") || d.contains("level-message")) =>
                    {
                        Some((m.level, m.data.as_str().unwrap_or_default().to_owned()))
                    }
                    _ => None,
                })
                .await;
            assert!(data.to_lowercase().starts_with(level.as_str()), "level {level} but message {data:?}");
            let result = peer.call("toggle-simulated-logging", json!({})).await;
            assert!(only_text(&result).starts_with("Stopped simulated logging"), "{result:?}");
        }
        "toggle-subscriber-updates" => {
            let uri = "demo://resource/dynamic/text/1";
            peer.client.subscribe_resource(uri).await.expect("resources/subscribe");
            peer.seen
                .wait_for("the log message about the subscription", |n| match n {
                    ServerNotification::LogMessage(m)
                        if m.data.as_str().is_some_and(|d| {
                            d.starts_with(&format!("Received Subscribe Resource request for URI: {uri}"))
                        }) =>
                    {
                        Some(())
                    }
                    _ => None,
                })
                .await;
            let result = peer.call("toggle-subscriber-updates", json!({})).await;
            assert!(
                only_text(&result).starts_with("Started simulated resource updated notifications"),
                "{result:?}"
            );
            let updated = peer
                .seen
                .wait_for("notifications/resources/updated", |n| match n {
                    ServerNotification::ResourceUpdated(p) => Some(p.uri.clone()),
                    _ => None,
                })
                .await;
            assert_eq!(updated, uri);
            let result = peer.call("toggle-subscriber-updates", json!({})).await;
            assert!(only_text(&result).starts_with("Stopped simulated resource updates"), "{result:?}");
            peer.client.unsubscribe_resource(uri).await.expect("resources/unsubscribe");
        }
        "trigger-long-running-operation" => {
            let progress = Arc::new(Mutex::new(Vec::new()));
            let sink = progress.clone();
            let options = RequestOptions::new().on_progress(move |p| {
                sink.lock().unwrap_or_else(|e| e.into_inner()).push((p.progress, p.total))
            });
            let params = CallToolRequestParams {
                name: "trigger-long-running-operation".into(),
                arguments: Some(
                    json!({ "duration": 0.6, "steps": 3 }).as_object().cloned().unwrap_or_default(),
                ),
                ..Default::default()
            };
            let outcome = peer.client.call_tool_with(params, &options).await.expect("tools/call");
            let ToolCallOutcome::Complete(result) = outcome else { panic!("a direct result: {outcome:?}") };
            assert_eq!(
                only_text(&result),
                "Long running operation completed. Duration: 0.6 seconds, Steps: 3."
            );
            let progress = progress.lock().unwrap_or_else(|e| e.into_inner()).clone();
            assert_eq!(progress, [(1.0, Some(3.0)), (2.0, Some(3.0)), (3.0, Some(3.0))]);
        }
        "get-roots-list" => {
            let result = peer.call("get-roots-list", json!({})).await;
            let text = only_text(&result);
            assert!(text.starts_with("Current MCP Roots (2 total):"), "{text}");
            assert!(text.contains("1. Project A\n   URI: file:///tmp/mcp-rs/project-a"), "{text}");
            assert!(text.contains("2. Unnamed Root\n   URI: file:///tmp/mcp-rs/project-b"), "{text}");
            assert!(peer.seen.with(|s| s.roots_requests) >= 1);
        }
        "trigger-elicitation-request" => exercise_form_elicitation(peer).await,
        "trigger-url-elicitation" => {
            let url = "https://example.com/mcp-rs/consent";
            let result = peer
                .call(
                    "trigger-url-elicitation",
                    json!({ "url": url, "message": "Please consent", "elicitationId": "rs-1" }),
                )
                .await;
            assert_eq!(
                texts(&result)[0],
                format!("✅ User completed the URL elicitation flow.\nElicitation ID: rs-1\nURL: {url}")
            );
            let request = peer.seen.with(|s| s.elicitations.last().cloned()).expect("an elicitation");
            let ElicitRequestParams::Url(request) = request else { panic!("URL mode: {request:?}") };
            assert_eq!((request.url.as_str(), request.message.as_str()), (url, "Please consent"));
            assert_eq!(request.elicitation_id.as_deref(), Some("rs-1"));
        }
        "trigger-sampling-request" => {
            let result = peer
                .call("trigger-sampling-request", json!({ "prompt": "What is 6 x 7?", "maxTokens": 64 }))
                .await;
            let text = only_text(&result);
            let answer: Value = serde_json::from_str(
                text.strip_prefix("LLM sampling result: \n").unwrap_or_else(|| panic!("{text}")),
            )
            .expect("the sampling result as JSON");
            // The server returned what our callback produced.
            assert_eq!(answer["model"], SAMPLING_MODEL);
            assert_eq!(answer["content"]["text"], SAMPLED_TEXT);
            assert_eq!(answer["role"], "assistant");
            let request = peer.seen.with(|s| s.samplings.last().cloned()).expect("a sampling request");
            assert_eq!(
                request.messages[0].content.as_text(),
                Some("Resource trigger-sampling-request context: What is 6 x 7?")
            );
            assert_eq!(request.system_prompt.as_deref(), Some("You are a helpful test server."));
            assert_eq!(request.max_tokens, 64);
            assert_eq!(request.temperature, Some(0.7));
        }
        "simulate-research-query" => {
            let report = research(peer, json!({ "topic": "Rust MCP interop" })).await;
            assert!(report.starts_with("# Research Report: Rust MCP interop\n"), "{report}");
            assert!(report.contains("- Stage 4: Generating report ✓"), "{report}");
        }
        other => panic!(
            "server-everything {SERVER_EVERYTHING_VERSION} offers tool {other:?}, which this test does not know: add it"
        ),
    }
}

/// `trigger-elicitation-request`: the form decodes with every field kind, and the server
/// echoes our answers (with the schema defaults the client filled in).
async fn exercise_form_elicitation(peer: &Peer) {
    let result = peer.call("trigger-elicitation-request", json!({})).await;
    let request = peer.seen.with(|s| s.elicitations.last().cloned()).expect("an elicitation");
    let ElicitRequestParams::Form(form) = request else { panic!("form mode: {request:?}") };
    assert_eq!(form.message, "Please provide inputs for the following fields:");
    // In the server's order (the form is shown in that order).
    let names: Vec<&str> = form.requested_schema.properties.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "name",
            "check",
            "firstLine",
            "email",
            "homepage",
            "birthdate",
            "integer",
            "number",
            "untitledSingleSelectEnum",
            "untitledMultipleSelectEnum",
            "titledSingleSelectEnum",
            "titledMultipleSelectEnum",
            "legacyTitledEnum",
        ]
    );
    assert_eq!(form.requested_schema.required.as_deref(), Some(&["name".to_owned()][..]));
    let field = |name: &str| form.requested_schema.property(name).expect(name);
    assert!(matches!(field("check"), PrimitiveSchemaDefinition::Boolean(_)));
    assert!(
        matches!(field("email"), PrimitiveSchemaDefinition::String(s) if s.format == Some(StringFormat::Email))
    );
    assert!(
        matches!(field("integer"), PrimitiveSchemaDefinition::Number(n) if n.type_ == NumberType::Integer)
    );
    assert!(matches!(
        field("untitledSingleSelectEnum"),
        PrimitiveSchemaDefinition::UntitledSingleSelectEnum(_)
    ));
    assert!(matches!(
        field("untitledMultipleSelectEnum"),
        PrimitiveSchemaDefinition::UntitledMultiSelectEnum(_)
    ));
    assert!(matches!(field("titledSingleSelectEnum"), PrimitiveSchemaDefinition::TitledSingleSelectEnum(_)));
    assert!(matches!(field("titledMultipleSelectEnum"), PrimitiveSchemaDefinition::TitledMultiSelectEnum(_)));
    assert!(matches!(field("legacyTitledEnum"), PrimitiveSchemaDefinition::LegacyTitledEnum(_)));

    let texts = texts(&result);
    assert_eq!(texts[0], "✅ User provided the requested information!");
    assert_eq!(
        texts[1],
        "User inputs:\n- Name: Ada Lovelace\n- Agreed to terms: true\n- Email: ada@example.com\n\
         - Homepage: https://ada.example\n- Birthdate: 1815-12-10\n- Favorite Integer: 7\n- Favorite Number: 3.14"
    );
    let raw: Value = serde_json::from_str(texts[2].strip_prefix("\nRaw result: ").expect("the raw result"))
        .expect("the raw result as JSON");
    let mut expected = json_of(&form_answer());
    expected["firstLine"] = json!("It was a dark and stormy night.");
    #[expect(clippy::approx_constant, reason = "the server's schema default is the literal 3.14")]
    let number_default = 3.14;
    expected["number"] = json!(number_default);
    assert_eq!(raw, json!({ "action": "accept", "content": expected }));
}

/// Runs `simulate-research-query` as a 2025-11-25 task: the call creates a task, `tasks/get`
/// is polled until it needs input or ends, and `tasks/result` returns the report (and
/// delivers any queued elicitation meanwhile). Returns the report's text.
async fn research(peer: &Peer, arguments: Value) -> String {
    let params = CallToolRequestParams {
        name: "simulate-research-query".into(),
        arguments: arguments.as_object().cloned(),
        task: Some(TaskMetadata { ttl: Some(60_000) }),
        ..Default::default()
    };
    let outcome = peer.client.call_tool_with(params, &RequestOptions::new()).await.expect("tools/call");
    let ToolCallOutcome::Task(created) = outcome else { panic!("a task: {outcome:?}") };
    let task_id = created["task"]["taskId"].as_str().expect("a taskId").to_owned();
    assert_eq!(created["task"]["status"], "working", "{created}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut statuses = Vec::new();
    loop {
        let task = peer.client.get_task(&task_id).await.expect("tasks/get");
        let status = task["status"].as_str().expect("a status").to_owned();
        assert_eq!(task["taskId"], task_id.as_str());
        if statuses.last() != Some(&status) {
            statuses.push(status.clone());
        }
        if matches!(status.as_str(), "completed" | "input_required" | "failed" | "cancelled") {
            break;
        }
        assert!(Instant::now() < deadline, "the task did not progress: {statuses:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let result = peer.client.task_result(&task_id).await.expect("tasks/result");
    let result: CallToolResult = serde_json::from_value(result).expect("a CallToolResult payload");
    let task = peer.client.get_task(&task_id).await.expect("tasks/get");
    assert_eq!(task["status"], "completed", "{task}");
    only_text(&result).to_owned()
}

// ---------------------------------------------------------------------------------------
// The tests.

#[tokio::test]
async fn negotiates_the_legacy_era_and_lists_every_tool() {
    bounded(async {
        let peer = connect().await;
        let negotiated = peer.client.negotiated();
        assert_eq!(negotiated.era(), Era::Legacy);
        assert_eq!(negotiated.protocol_version, ProtocolVersion::V2025_11_25);
        let info = negotiated.server_info.as_ref().expect("serverInfo");
        assert_eq!(
            (info.name.as_str(), info.title.as_deref()),
            ("mcp-servers/everything", Some("Everything Reference Server"))
        );
        let instructions = std::fs::read_to_string(server_package().join("dist/docs/instructions.md"))
            .expect("instructions.md");
        assert_eq!(negotiated.instructions.as_deref(), Some(instructions.as_str()));
        let capabilities = json_of(&negotiated.capabilities.expect("capabilities"));
        assert_eq!(capabilities["resources"], json!({ "subscribe": true, "listChanged": true }));
        assert!(
            capabilities["logging"].is_object() && capabilities["tools"]["listChanged"] == true,
            "{capabilities}"
        );
        peer.client.ping().await.expect("ping");

        let tools = peer.client.list_all_tools().await.expect("tools/list");
        let names: BTreeSet<&str> = tools.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, BTreeSet::from(EXPECTED_TOOLS));
        for tool in &tools {
            assert_eq!(tool.input_schema["type"], "object", "{}", tool.name);
        }
        let echo = tools.iter().find(|t| t.name == "echo").expect("echo");
        assert_eq!(echo.title.as_deref(), Some("Echo Tool"));
        assert_eq!(echo.input_schema["properties"]["message"]["type"], "string");
        assert_eq!(echo.annotations.as_ref().and_then(|a| a.read_only_hint), Some(true));
        let research = json_of(tools.iter().find(|t| t.name == "simulate-research-query").expect("research"));
        assert_eq!(research["execution"]["taskSupport"], "required");
        peer.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_every_tool_with_valid_arguments() {
    bounded(async {
        let peer = connect().await;
        // Receive every log message (2025-11-25 logging/setLevel).
        peer.client.set_log_level(Some(LoggingLevel::Debug)).await.expect("logging/setLevel");
        let tools = peer.client.list_all_tools().await.expect("tools/list");
        assert!(tools.len() >= EXPECTED_TOOLS.len(), "{tools:?}");
        let mut called = Vec::new();
        for tool in &tools {
            exercise(&peer, tool).await;
            called.push(tool.name.clone());
        }
        assert_eq!(called.len(), tools.len());
        // Our callbacks answered the server's requests.
        let (elicitations, samplings) = peer.seen.with(|s| (s.elicitations.len(), s.samplings.len()));
        assert!(elicitations >= 2 && samplings >= 1, "{elicitations} elicitations, {samplings} samplings");
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn roots_are_requested_after_initialization_and_the_server_logs_them() {
    bounded(async {
        let peer = connect().await;
        let (logger, data) = peer
            .seen
            .wait_for("the roots log message", |n| match n {
                ServerNotification::LogMessage(m)
                    if m.data.as_str().is_some_and(|d| d.starts_with("Roots updated")) =>
                {
                    Some((m.logger.clone(), m.data.as_str().unwrap_or_default().to_owned()))
                }
                _ => None,
            })
            .await;
        assert_eq!(data, "Roots updated: 2 root(s) received from client");
        assert_eq!(logger.as_deref(), Some("everything-server"));
        assert_eq!(peer.seen.with(|s| s.roots_requests), 1);
        // Telling the server the roots changed makes it ask again.
        peer.client.notify("notifications/roots/list_changed", None).await.expect("notify");
        let deadline = Instant::now() + NOTIFICATION_TIMEOUT;
        while peer.seen.with(|s| s.roots_requests) < 2 {
            assert!(Instant::now() < deadline, "no second roots/list after roots/list_changed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn reads_static_documents_and_template_resources() {
    bounded(async {
        let peer = connect().await;
        let docs = server_package().join("dist/docs");
        let resources = peer.client.list_all_resources().await.expect("resources/list");
        let mut on_disk: Vec<String> = std::fs::read_dir(&docs)
            .expect("the docs folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<&str> = resources.iter().map(|r| r.name.as_str()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "one resource per document");
        assert!(on_disk.len() >= 5, "{on_disk:?}");
        for resource in &resources {
            assert_eq!(resource.uri, format!("demo://resource/static/document/{}", resource.name));
            assert_eq!(resource.mime_type.as_deref(), Some("text/markdown"));
            let read = peer.client.read_resource(&resource.uri).await.expect("resources/read");
            let [ResourceContents::Text(text)] = read.contents.as_slice() else {
                panic!("one text: {read:?}")
            };
            let expected = std::fs::read_to_string(docs.join(&resource.name)).expect("the document");
            assert_eq!(text.text, expected, "{}", resource.uri);
            assert_eq!(text.uri, resource.uri);
        }

        let templates = peer.client.list_all_resource_templates().await.expect("resources/templates/list");
        let uris: BTreeSet<&str> = templates.iter().map(|t| t.uri_template.as_str()).collect();
        assert_eq!(
            uris,
            BTreeSet::from([
                "demo://resource/dynamic/text/{resourceId}",
                "demo://resource/dynamic/blob/{resourceId}"
            ])
        );
        let read = peer.client.read_resource("demo://resource/dynamic/text/5").await.expect("text instance");
        let [ResourceContents::Text(text)] = read.contents.as_slice() else { panic!("one text: {read:?}") };
        assert!(text.text.starts_with("Resource 5: This is a plaintext resource created at "), "{text:?}");
        assert_eq!(text.mime_type.as_deref(), Some("text/plain"));
        let read = peer.client.read_resource("demo://resource/dynamic/blob/12").await.expect("blob instance");
        let [ResourceContents::Blob(blob)] = read.contents.as_slice() else { panic!("one blob: {read:?}") };
        let decoded = String::from_utf8(base64_decode(&blob.blob)).expect("UTF-8 in the blob");
        assert!(decoded.starts_with("Resource 12: This is a base64 blob created at "), "{decoded}");
        // A template variable the server rejects is a JSON-RPC error.
        let error =
            peer.client.read_resource("demo://resource/dynamic/text/zero").await.expect_err("not an id");
        assert!(matches!(error, ClientError::Rpc(_)), "{error:?}");
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn gets_every_prompt_with_arguments() {
    bounded(async {
        let peer = connect().await;
        let prompts = peer.client.list_all_prompts().await.expect("prompts/list");
        let listed: BTreeMap<&str, Vec<(String, bool)>> = prompts
            .iter()
            .map(|p| {
                let args = p
                    .arguments
                    .iter()
                    .flatten()
                    .map(|a| (a.name.clone(), a.required == Some(true)))
                    .collect();
                (p.name.as_str(), args)
            })
            .collect();
        let arg = |n: &str, required: bool| (n.to_owned(), required);
        assert_eq!(
            listed,
            BTreeMap::from([
                ("simple-prompt", vec![]),
                ("args-prompt", vec![arg("city", true), arg("state", false)]),
                ("completable-prompt", vec![arg("department", true), arg("name", true)]),
                ("resource-prompt", vec![arg("resourceType", true), arg("resourceId", true)]),
            ])
        );
        let strings = |pairs: &[(&str, &str)]| -> Option<BTreeMap<String, String>> {
            Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
        };
        let text_of = |result: &mcp_jsonrpc::schema::prompts::GetPromptResult, i: usize| -> String {
            result.messages[i].content.as_text().unwrap_or_else(|| panic!("text: {result:?}")).to_owned()
        };

        let simple = peer.client.get_prompt("simple-prompt", None).await.expect("simple-prompt");
        assert_eq!(text_of(&simple, 0), "This is a simple prompt without arguments.");
        let both =
            peer.client.get_prompt("args-prompt", strings(&[("city", "Lyon"), ("state", "Rhône")])).await;
        assert_eq!(text_of(&both.expect("args-prompt"), 0), "What's weather in Lyon, Rhône?");
        let city =
            peer.client.get_prompt("args-prompt", strings(&[("city", "Oslo")])).await.expect("args-prompt");
        assert_eq!(text_of(&city, 0), "What's weather in Oslo?");
        let team = peer
            .client
            .get_prompt("completable-prompt", strings(&[("department", "Sales"), ("name", "Eve")]))
            .await
            .expect("completable-prompt");
        assert_eq!(text_of(&team, 0), "Please promote Eve to the head of the Sales team.");
        let embedded = peer
            .client
            .get_prompt("resource-prompt", strings(&[("resourceType", "Text"), ("resourceId", "3")]))
            .await
            .expect("resource-prompt");
        assert_eq!(
            text_of(&embedded, 0),
            "This prompt includes the Text resource with id: 3. Please analyze the following resource:"
        );
        let ContentBlock::Resource(resource) = &embedded.messages[1].content else { panic!("{embedded:?}") };
        let ResourceContents::Text(text) = &resource.resource else { panic!("{resource:?}") };
        assert_eq!(text.uri, "demo://resource/dynamic/text/3");
        assert!(text.text.starts_with("Resource 3: This is a plaintext resource"), "{text:?}");
        let blob = peer
            .client
            .get_prompt("resource-prompt", strings(&[("resourceType", "Blob"), ("resourceId", "4")]))
            .await
            .expect("resource-prompt");
        let ContentBlock::Resource(resource) = &blob.messages[1].content else { panic!("{blob:?}") };
        assert_eq!(resource.resource.uri(), "demo://resource/dynamic/blob/4");
        // A missing required argument is invalid params.
        let error = peer.client.get_prompt("args-prompt", None).await.expect_err("city is required");
        assert_eq!(error.rpc().map(|e| e.code.0), Some(-32602), "{error:?}");
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn completes_prompt_arguments_and_template_variables() {
    bounded(async {
        let peer = connect().await;
        let complete = |params: Value| {
            let client = peer.client.clone();
            async move {
                let params: CompleteRequestParams = serde_json::from_value(params).expect("params");
                client.complete(params).await.expect("completion/complete").completion.values
            }
        };
        let values = complete(json!({
            "ref": { "type": "ref/prompt", "name": "completable-prompt" },
            "argument": { "name": "department", "value": "Ma" }
        }))
        .await;
        assert_eq!(values, ["Marketing"]);
        let values = complete(json!({
            "ref": { "type": "ref/prompt", "name": "completable-prompt" },
            "argument": { "name": "name", "value": "" },
            "context": { "arguments": { "department": "Engineering" } }
        }))
        .await;
        assert_eq!(values, ["Alice", "Bob", "Charlie"]);
        let values = complete(json!({
            "ref": { "type": "ref/resource", "uri": "demo://resource/dynamic/text/{resourceId}" },
            "argument": { "name": "resourceId", "value": "17" }
        }))
        .await;
        assert_eq!(values, ["17"]);
        peer.close().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_asks_for_clarification_through_tasks_result() {
    bounded(async {
        let peer = connect().await;
        let report = research(&peer, json!({ "topic": "python", "ambiguous": true })).await;
        // The server asked our elicitation callback (a titled single select) and used the answer.
        let request = peer.seen.with(|s| s.elicitations.last().cloned()).expect("the clarification request");
        let ElicitRequestParams::Form(form) = request else { panic!("form mode: {request:?}") };
        assert!(
            form.message.starts_with("The research query \"python\" could have multiple interpretations"),
            "{form:?}"
        );
        let PrimitiveSchemaDefinition::TitledSingleSelectEnum(choices) =
            form.requested_schema.property("interpretation").expect("interpretation")
        else {
            panic!("a titled single select: {form:?}")
        };
        let values: Vec<&str> = choices.one_of.iter().map(|o| o.const_.as_str()).collect();
        assert_eq!(values, ["programming", "snake", "comedy"]);
        assert!(report.starts_with("# Research Report: python (snake)\n"), "{report}");
        assert!(report.contains("- **Clarification**: snake"), "{report}");
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn url_elicitation_required_error_then_retry() {
    bounded(async {
        let peer = connect().await;
        let arguments = json!({ "url": "https://example.com/mcp-rs/authorize", "elicitationId": "rs-err", "errorPath": true });
        let Value::Object(arguments) = arguments else { unreachable!("an object") };
        let error = peer.client.call_tool("trigger-url-elicitation", Some(arguments.clone())).await.expect_err("-32042");
        let rpc = error.rpc().unwrap_or_else(|| panic!("a JSON-RPC error: {error:?}"));
        assert_eq!(rpc.code.0, -32042);
        let data = rpc.data.clone().expect("error data");
        assert_eq!(data["elicitations"][0]["mode"], "url");
        assert_eq!(data["elicitations"][0]["url"], "https://modelcontextprotocol.io");
        // After the prerequisite, the same call goes through (with an elicitation/create).
        let result = peer.client.call_tool("trigger-url-elicitation", Some(arguments)).await.expect("the retry");
        assert!(!result.is_error());
        assert_eq!(
            texts(&result)[0],
            "✅ User completed the URL elicitation flow.\nElicitation ID: rs-err\nURL: https://example.com/mcp-rs/authorize"
        );
        peer.close().await;
    })
    .await;
}

#[tokio::test]
async fn invalid_arguments_and_unknown_tools_are_tool_errors() {
    bounded(async {
        let peer = connect().await;
        // This SDK version reports both as a result with `isError: true` (not a JSON-RPC error).
        let arguments = json!({ "a": "one", "b": 2 }).as_object().cloned();
        let result = peer.client.call_tool("get-sum", arguments).await.expect("a tool result");
        assert!(result.is_error(), "{result:?}");
        let text = only_text(&result);
        assert!(
            text.starts_with("MCP error -32602: Input validation error: Invalid arguments for tool get-sum"),
            "{text}"
        );
        assert!(text.contains("expected number, received string"), "{text}");
        let result = peer.client.call_tool("no-such-tool", None).await.expect("a tool result");
        assert!(result.is_error(), "{result:?}");
        assert_eq!(only_text(&result), "MCP error -32602: Tool no-such-tool not found");
        peer.close().await;
    })
    .await;
}

#[test]
fn the_lockfile_pins_the_tested_version() {
    let manifest: Value = serde_json::from_str(PACKAGE_JSON).expect("package.json");
    assert_eq!(
        manifest["dependencies"]["@modelcontextprotocol/server-everything"],
        SERVER_EVERYTHING_VERSION
    );
    let lock: Value = serde_json::from_str(PACKAGE_LOCK).expect("package-lock.json");
    assert_eq!(
        lock["packages"]["node_modules/@modelcontextprotocol/server-everything"]["version"],
        SERVER_EVERYTHING_VERSION
    );
}

#[test]
fn binary_helpers_decode_what_they_encode() {
    for text in ["", "a", "ab", "abc", "abcd", "hello, world"] {
        assert_eq!(base64_decode(&base64_encode(text.as_bytes())), text.as_bytes());
    }
    assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "the CRC-32 check value");
}
