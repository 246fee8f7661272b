//! The fixture server driven with raw JSON-RPC over an in-memory pair in the stdio wire form
//! (`mcp_transport::memory`, `Wire::Bytes`), in both protocol eras: legacy (`initialize`,
//! then requests on the session, with real server-to-client requests) and 2026-07-28
//! (per-request `_meta`, `InputRequiredResult` and the retry with `inputResponses`).

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_conformance::fixture::fixture_server;
use mcp_transport::memory::{MemoryOptions, MemoryTransport, Wire, pair_with};
use mcp_transport::{MessageSink, MessageStream};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

/// A raw JSON-RPC client on one end of an in-memory pair; the fixture serves the other end.
struct Peer {
    end: MemoryTransport,
    server: JoinHandle<Result<(), mcp_transport::TransportError>>,
    /// Notifications and server requests received while waiting for a response.
    seen: Vec<Value>,
}

impl Peer {
    fn start() -> Peer {
        let (client, server_end) = pair_with(MemoryOptions { capacity: 64, wire: Wire::Bytes });
        let server = tokio::spawn(async move { fixture_server().serve(server_end).await });
        Peer { end: client, server, seen: Vec::new() }
    }

    async fn send(&mut self, message: Value) {
        let mut line = serde_json::to_vec(&message).unwrap();
        line.push(b'\n');
        self.end.send_raw(line).await.unwrap();
    }

    async fn recv(&mut self) -> Value {
        let message = tokio::time::timeout(Duration::from_secs(10), self.end.recv())
            .await
            .expect("the fixture answers within 10 s")
            .expect("the stream is open")
            .expect("a well-formed message");
        serde_json::to_value(&message).unwrap()
    }

    /// Waits for the response to `id`, keeping everything else in `seen`.
    async fn response(&mut self, id: i64) -> Value {
        loop {
            let m = self.recv().await;
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.seen.push(m);
        }
    }

    /// Waits for the next server-to-client request (legacy revisions).
    async fn server_request(&mut self) -> Value {
        loop {
            let m = self.recv().await;
            if m.get("method").is_some() && m.get("id").is_some() {
                return m;
            }
            self.seen.push(m);
        }
    }

    async fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        self.response(id).await
    }

    /// Drains `seen` of the messages with `method`.
    fn take(&mut self, method: &str) -> Vec<Value> {
        let (hit, rest): (Vec<_>, Vec<_>) = self.seen.drain(..).partition(|m| m["method"] == method);
        self.seen = rest;
        hit
    }

    async fn close(mut self) {
        self.end.close().await.unwrap();
        tokio::time::timeout(Duration::from_secs(5), self.server)
            .await
            .expect("the fixture stops when the client closes")
            .unwrap()
            .unwrap();
    }
}

fn result(response: &Value) -> &Value {
    response.get("result").unwrap_or_else(|| panic!("expected a result, got {response}"))
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_else(|| panic!("expected an error, got {response}"))
}

async fn initialized(version: &str, capabilities: Value) -> Peer {
    let mut peer = Peer::start();
    let init = peer
        .request(
            1,
            "initialize",
            json!({
                "protocolVersion": version,
                "capabilities": capabilities,
                "clientInfo": {"name": "fixture-test", "version": "1.0.0"}
            }),
        )
        .await;
    assert_eq!(result(&init)["protocolVersion"], version);
    assert_eq!(result(&init)["serverInfo"]["name"], "mcp-conformance-fixture");
    peer.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).await;
    peer
}

const ALL_TOOLS: [&str; 36] = [
    "test_simple_text",
    "test_image_content",
    "test_audio_content",
    "test_embedded_resource",
    "test_multiple_content_types",
    "test_tool_with_logging",
    "test_error_handling",
    "test_tool_with_progress",
    "test_sampling",
    "test_elicitation",
    "test_elicitation_sep1034_defaults",
    "test_elicitation_sep1330_enums",
    "json_schema_2020_12_tool",
    "test_reconnection",
    "add_numbers",
    // 2026-07-28 scenarios of the suite's 0.2.0 line (`fixture::modern`).
    "test_input_required_result_elicitation",
    "test_input_required_result_sampling",
    "test_input_required_result_list_roots",
    "test_input_required_result_request_state",
    "test_input_required_result_tampered_state",
    "test_input_required_result_multiple_inputs",
    "test_input_required_result_multi_round",
    "test_input_required_result_capabilities",
    "test_missing_capability",
    "test_streaming_elicitation",
    "test_logging_tool",
    "test_custom_headers",
    "greet",
    "slow_compute",
    "failing_job",
    "protocol_error_job",
    "confirm_delete",
    "multi_input",
    "test_tool_with_task",
    "test_trigger_tool_change",
    "test_trigger_prompt_change",
];

#[tokio::test]
async fn legacy_tools_list_and_calls_have_the_suite_shapes() {
    let mut peer = initialized("2025-06-18", json!({})).await;

    let list = peer.request(2, "tools/list", json!({})).await;
    let names: Vec<&str> =
        result(&list)["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ALL_TOOLS);
    assert!(result(&list).get("nextCursor").is_none(), "one page");

    let simple = peer.request(3, "tools/call", json!({"name": "test_simple_text", "arguments": {}})).await;
    assert_eq!(
        *result(&simple),
        json!({"content": [{"type": "text", "text": "This is a simple text response for testing."}]}),
        "legacy results carry no resultType"
    );

    let error = peer.request(4, "tools/call", json!({"name": "test_error_handling"})).await;
    assert_eq!(
        *result(&error),
        json!({
            "content": [{"type": "text", "text": "This tool intentionally returns an error for testing"}],
            "isError": true
        })
    );

    let audio = peer.request(5, "tools/call", json!({"name": "test_audio_content"})).await;
    let block = &result(&audio)["content"][0];
    assert_eq!(block["type"], "audio");
    assert_eq!(block["mimeType"], "audio/wav");
    let wav = BASE64.decode(block["data"].as_str().unwrap()).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(&wav[8..16], b"WAVEfmt ");
    assert_eq!(u32::from_le_bytes(wav[4..8].try_into().unwrap()) as usize, wav.len() - 8);

    let sum =
        peer.request(6, "tools/call", json!({"name": "add_numbers", "arguments": {"a": 2, "b": 40}})).await;
    assert_eq!(result(&sum)["content"][0]["text"], "The sum of 2 and 40 is 42.");
    let bad = peer.request(7, "tools/call", json!({"name": "add_numbers", "arguments": {"a": 2}})).await;
    assert_eq!(error_code(&bad), -32602, "missing required argument b: {bad}");

    let strict = peer
        .request(
            8,
            "tools/call",
            json!({"name": "json_schema_2020_12_tool", "arguments": {"name": "x", "extra": 1}}),
        )
        .await;
    assert_eq!(error_code(&strict), -32602, "additionalProperties: false is enforced: {strict}");
    let nested = peer
        .request(
            9,
            "tools/call",
            json!({"name": "json_schema_2020_12_tool", "arguments": {"address": {"city": 7}}}),
        )
        .await;
    assert_eq!(error_code(&nested), -32602, "$ref into $defs is resolved: {nested}");
    peer.close().await;
}

#[tokio::test]
async fn legacy_progress_and_logging_arrive_during_the_call() {
    let mut peer = initialized("2025-11-25", json!({})).await;
    let call = peer
        .request(
            2,
            "tools/call",
            json!({"name": "test_tool_with_progress", "_meta": {"progressToken": "tok-7"}}),
        )
        .await;
    assert_eq!(result(&call)["content"][0]["text"], "Progress tool completed");
    let progress: Vec<Value> = peer
        .take("notifications/progress")
        .into_iter()
        .map(|n| json!([n["params"]["progressToken"], n["params"]["progress"], n["params"]["total"]]))
        .collect();
    assert_eq!(
        progress,
        [json!(["tok-7", 0.0, 100.0]), json!(["tok-7", 50.0, 100.0]), json!(["tok-7", 100.0, 100.0])]
    );

    assert_eq!(*result(&peer.request(3, "logging/setLevel", json!({"level": "debug"})).await), json!({}));
    let call = peer.request(4, "tools/call", json!({"name": "test_tool_with_logging"})).await;
    assert!(result(&call)["isError"].is_null());
    let logs: Vec<Value> =
        peer.take("notifications/message").into_iter().map(|n| n["params"].clone()).collect();
    assert_eq!(
        logs,
        [
            json!({"level": "info", "data": "Tool execution started"}),
            json!({"level": "info", "data": "Tool processing data"}),
            json!({"level": "info", "data": "Tool execution completed"}),
        ]
    );
    assert_eq!(*result(&peer.request(5, "logging/setLevel", json!({"level": "warning"})).await), json!({}));
    peer.request(6, "tools/call", json!({"name": "test_tool_with_logging"})).await;
    assert!(peer.take("notifications/message").is_empty(), "info is below warning");
    peer.close().await;
}

#[tokio::test]
async fn legacy_elicitation_and_sampling_are_real_requests_to_the_client() {
    let mut peer = initialized("2025-11-25", json!({"elicitation": {}, "sampling": {}})).await;

    peer.send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "test_elicitation", "arguments": {"message": "Who are you?"}}}))
        .await;
    let ask = peer.server_request().await;
    assert_eq!(ask["method"], "elicitation/create");
    assert_eq!(ask["params"]["message"], "Who are you?");
    let schema = &ask["params"]["requestedSchema"];
    assert_eq!(schema["properties"]["username"]["type"], "string");
    assert_eq!(schema["properties"]["email"]["type"], "string");
    assert_eq!(schema["required"], json!(["username", "email"]));
    peer.send(json!({"jsonrpc": "2.0", "id": ask["id"], "result":
        {"action": "accept", "content": {"username": "ada", "email": "ada@example.com"}}}))
        .await;
    let done = peer.response(2).await;
    assert_eq!(
        result(&done)["content"][0]["text"],
        r#"User response: action=accept, content={"email":"ada@example.com","username":"ada"}"#
    );

    peer.send(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "test_sampling", "arguments": {"prompt": "Say hi"}}}))
        .await;
    let sample = peer.server_request().await;
    assert_eq!(sample["method"], "sampling/createMessage");
    assert_eq!(
        sample["params"],
        json!({"messages": [{"role": "user", "content": {"type": "text", "text": "Say hi"}}], "maxTokens": 100})
    );
    peer.send(json!({"jsonrpc": "2.0", "id": sample["id"], "result":
        {"role": "assistant", "content": {"type": "text", "text": "hi!"}, "model": "m"}}))
        .await;
    assert_eq!(result(&peer.response(3).await)["content"][0]["text"], "LLM response: hi!");

    // A client answering with a JSON-RPC error: the tool call fails with that error.
    peer.send(json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
        "params": {"name": "test_elicitation_sep1330_enums"}}))
        .await;
    let ask = peer.server_request().await;
    let props = &ask["params"]["requestedSchema"]["properties"];
    assert_eq!(props["titledSingle"]["oneOf"][0], json!({"const": "value1", "title": "First Option"}));
    assert_eq!(props["legacyEnum"]["enumNames"].as_array().unwrap().len(), 3);
    assert_eq!(props["titledMulti"]["items"]["anyOf"].as_array().unwrap().len(), 3);
    peer.send(json!({"jsonrpc": "2.0", "id": ask["id"], "error": {"code": -1, "message": "user closed the dialog"}}))
        .await;
    let failed = peer.response(4).await;
    assert_eq!(error_code(&failed), -1, "{failed}");
    peer.close().await;
}

#[tokio::test]
async fn legacy_elicitation_without_the_capability_is_refused() {
    let mut peer = initialized("2025-11-25", json!({})).await;
    let r = peer
        .request(2, "tools/call", json!({"name": "test_elicitation", "arguments": {"message": "?"}}))
        .await;
    assert!(r.get("error").is_some(), "no elicitation capability: {r}");
    assert!(peer.seen.iter().all(|m| m["method"] != "elicitation/create"));
    peer.close().await;
}

#[tokio::test]
async fn legacy_resources_prompts_and_completion() {
    let mut peer = initialized("2025-06-18", json!({})).await;
    let list = peer.request(2, "resources/list", json!({})).await;
    let uris: Vec<&str> =
        result(&list)["resources"].as_array().unwrap().iter().map(|r| r["uri"].as_str().unwrap()).collect();
    assert_eq!(
        uris,
        ["test://static-text", "test://static-binary", "test://watched-resource", "test://embedded-resource"]
    );
    let templates = peer.request(3, "resources/templates/list", json!({})).await;
    assert_eq!(result(&templates)["resourceTemplates"][0]["uriTemplate"], "test://template/{id}/data");

    let read = peer.request(4, "resources/read", json!({"uri": "test://template/abc/data"})).await;
    let contents = &result(&read)["contents"][0];
    assert_eq!(contents["uri"], "test://template/abc/data");
    assert_eq!(contents["mimeType"], "application/json");
    let data: Value = serde_json::from_str(contents["text"].as_str().unwrap()).unwrap();
    assert_eq!(data, json!({"id": "abc", "templateTest": true, "data": "Data for ID: abc"}));

    let binary = peer.request(5, "resources/read", json!({"uri": "test://static-binary"})).await;
    let blob = BASE64.decode(result(&binary)["contents"][0]["blob"].as_str().unwrap()).unwrap();
    assert_eq!(&blob[..8], b"\x89PNG\r\n\x1a\n");

    assert_eq!(
        *result(&peer.request(6, "resources/subscribe", json!({"uri": "test://watched-resource"})).await),
        json!({})
    );
    assert_eq!(
        *result(&peer.request(7, "resources/unsubscribe", json!({"uri": "test://watched-resource"})).await),
        json!({})
    );

    let prompt = peer
        .request(
            8,
            "prompts/get",
            json!({"name": "test_prompt_with_arguments", "arguments": {"arg1": "a", "arg2": "b"}}),
        )
        .await;
    assert_eq!(
        result(&prompt)["messages"],
        json!([{"role": "user", "content": {"type": "text", "text": "Prompt with arguments: arg1='a', arg2='b'"}}])
    );
    let embedded = peer
        .request(
            9,
            "prompts/get",
            json!({"name": "test_prompt_with_embedded_resource", "arguments": {"resourceUri": "test://x"}}),
        )
        .await;
    assert_eq!(result(&embedded)["messages"][0]["content"]["resource"]["uri"], "test://x");

    let complete = peer
        .request(
            10,
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "test_prompt_with_arguments"},
                   "argument": {"name": "arg1", "value": "test"}}),
        )
        .await;
    assert_eq!(result(&complete)["completion"]["values"], json!(["test", "testing", "tested"]));
    let template = peer
        .request(
            11,
            "completion/complete",
            json!({"ref": {"type": "ref/resource", "uri": "test://template/{id}/data"},
                   "argument": {"name": "id", "value": "1"}}),
        )
        .await;
    assert_eq!(result(&template)["completion"]["values"], json!(["1", "123"]));
    let unknown = peer
        .request(
            12,
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "nope"}, "argument": {"name": "x", "value": ""}}),
        )
        .await;
    assert_eq!(error_code(&unknown), -32602);
    peer.close().await;
}

/// The 2026-07-28 `_meta` of every request.
fn meta(capabilities: Value) -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": capabilities,
        "io.modelcontextprotocol/clientInfo": {"name": "fixture-test", "version": "1.0.0"}
    })
}

#[tokio::test]
async fn modern_requests_carry_meta_and_get_modern_results() {
    let mut peer = Peer::start();
    let missing = peer.request(1, "tools/call", json!({"name": "test_simple_text"})).await;
    assert_eq!(error_code(&missing), -32602, "2026-07-28 requires _meta: {missing}");

    let simple =
        peer.request(2, "tools/call", json!({"name": "test_simple_text", "_meta": meta(json!({}))})).await;
    let r = result(&simple);
    assert_eq!(r["resultType"], "complete");
    assert_eq!(
        r["content"],
        json!([{"type": "text", "text": "This is a simple text response for testing."}])
    );
    assert_eq!(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "mcp-conformance-fixture");

    let read = peer
        .request(3, "resources/read", json!({"uri": "test://static-text", "_meta": meta(json!({}))}))
        .await;
    let r = result(&read);
    assert_eq!(r["resultType"], "complete");
    assert!(r["ttlMs"].is_u64() && r["cacheScope"].is_string(), "read results are cacheable: {r}");
    assert_eq!(
        r["contents"],
        json!([{"uri": "test://static-text", "mimeType": "text/plain",
                "text": "This is the content of the static text resource."}])
    );

    let mut logged = meta(json!({}));
    logged["io.modelcontextprotocol/logLevel"] = json!("info");
    let call =
        peer.request(4, "tools/call", json!({"name": "test_tool_with_logging", "_meta": logged})).await;
    assert_eq!(result(&call)["resultType"], "complete");
    assert_eq!(peer.take("notifications/message").len(), 3, "the request's logLevel opts in");
    peer.request(5, "tools/call", json!({"name": "test_tool_with_logging", "_meta": meta(json!({}))})).await;
    assert!(peer.take("notifications/message").is_empty(), "no logLevel, no log notifications");
    peer.close().await;
}

#[tokio::test]
async fn modern_elicitation_is_an_input_required_round_trip() {
    let mut peer = Peer::start();
    let caps = json!({"elicitation": {"form": {}}});
    let params =
        json!({"name": "test_elicitation", "arguments": {"message": "Who?"}, "_meta": meta(caps.clone())});
    let first = peer.request(1, "tools/call", params.clone()).await;
    let r = result(&first);
    assert_eq!(r["resultType"], "input_required", "{r}");
    let (key, input) = r["inputRequests"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(input["method"], "elicitation/create");
    assert_eq!(input["params"]["message"], "Who?");
    assert_eq!(input["params"]["requestedSchema"]["required"], json!(["username", "email"]));
    assert!(peer.seen.iter().all(|m| m.get("id").is_none()), "no server-to-client request in 2026-07-28");

    let mut retry = params;
    retry["inputResponses"] =
        json!({key: {"action": "accept", "content": {"username": "u", "email": "e@x"}}});
    retry["requestState"] = r["requestState"].clone();
    let second = peer.request(2, "tools/call", retry).await;
    let r = result(&second);
    assert_eq!(r["resultType"], "complete");
    assert_eq!(
        r["content"][0]["text"],
        r#"User response: action=accept, content={"email":"e@x","username":"u"}"#
    );

    let without = peer
        .request(
            3,
            "tools/call",
            json!({"name": "test_sampling", "arguments": {"prompt": "p"}, "_meta": meta(caps)}),
        )
        .await;
    assert_eq!(error_code(&without), -32021, "sampling was not declared: {without}");
    peer.close().await;
}

#[tokio::test]
async fn both_eras_share_one_connection() {
    let mut peer = Peer::start();
    let modern =
        peer.request(1, "prompts/get", json!({"name": "test_simple_prompt", "_meta": meta(json!({}))})).await;
    assert_eq!(result(&modern)["resultType"], "complete");
    let init = peer
        .request(
            2,
            "initialize",
            json!({"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
        )
        .await;
    assert_eq!(result(&init)["protocolVersion"], "2025-03-26");
    peer.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).await;
    let legacy = peer.request(3, "prompts/get", json!({"name": "test_prompt_with_image"})).await;
    let messages = result(&legacy)["messages"].as_array().unwrap();
    assert!(result(&legacy).get("resultType").is_none());
    assert_eq!(messages[0]["content"]["type"], "image");
    assert_eq!(messages[0]["content"]["mimeType"], "image/png");
    assert_eq!(messages[1]["content"]["text"], "Please analyze the image above.");
    peer.close().await;
}
