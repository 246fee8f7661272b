//! Interop: the official TypeScript SDK client (`@modelcontextprotocol/sdk`, npm, pinned to
//! [`TS_SDK_VERSION`]) against our fixture server over stdio.
//!
//! The test installs the SDK once into `<target>/npm-peers/ts-sdk-<version>/` (skipped when
//! already there), copies `tests/js/ts_sdk_stdio_client.mjs` next to its `node_modules`, and
//! runs `node ts_sdk_stdio_client.mjs <our binary>`. The JS client spawns
//! `<binary> serve --stdio` through the SDK's `StdioClientTransport`, exercises tools,
//! resources, prompts, completion, logging, progress, sampling and elicitation, and prints one
//! JSON object with what it observed; the tests below assert on that object. Without node or
//! npm the tests fail (they are part of the interop requirement, not optional).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_testkit::{NpmPackage, crc32, run};
use serde_json::{Value, json};

/// The pinned `@modelcontextprotocol/sdk` version.
const TS_SDK_VERSION: &str = "1.32.2";
const TS_SDK: NpmPackage = NpmPackage {
    name: "@modelcontextprotocol/sdk",
    version: TS_SDK_VERSION,
    dir: "ts-sdk-1.32.2",
    lock: None,
};
/// Bound on the whole JS client run.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(90);

/// Installs the SDK, runs the JS client against our binary and parses its JSON report.
fn observe() -> Result<Value, String> {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_mcp-conformance"));
    let prefix = TS_SDK.install()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/ts_sdk_stdio_client.mjs");
    let copy = prefix.join("ts_sdk_stdio_client.mjs");
    std::fs::copy(&script, &copy).map_err(|e| format!("cannot copy {}: {e}", script.display()))?;
    let mut node = Command::new("node");
    node.arg(&copy).arg(&binary).current_dir(&prefix);
    run(node, CLIENT_TIMEOUT, "the TypeScript SDK client")?.json_report()
}

/// The JS client's report, produced once for all tests of this file.
fn observed() -> &'static Value {
    static OBSERVED: OnceLock<Result<Value, String>> = OnceLock::new();
    match OBSERVED.get_or_init(observe) {
        Ok(v) => v,
        Err(e) => panic!("TypeScript SDK interop run failed:\n{e}"),
    }
}

/// The value of step `name`, failing on a recorded error.
fn step(name: &str) -> &'static Value {
    let v = &observed()[name];
    assert!(!v.is_null(), "step {name} did not run");
    assert!(v.get("error").is_none(), "step {name} failed: {}", v["error"]);
    v
}

/// The JSON-RPC error code a step recorded.
fn step_error(name: &str) -> (i64, String) {
    let e = &observed()[name]["error"];
    let code =
        e["code"].as_i64().unwrap_or_else(|| panic!("step {name} should fail, got {}", observed()[name]));
    (code, e["message"].as_str().unwrap_or_default().to_owned())
}

fn only_text(result: &Value) -> &str {
    let content = result["content"].as_array().expect("content array");
    assert_eq!(content.len(), 1, "one content block: {result}");
    assert_eq!(content[0]["type"], "text");
    content[0]["text"].as_str().expect("text")
}

/// Decodes a base64 PNG and checks signature, chunk CRCs and a 1x1 `IHDR`.
fn assert_png_1x1(data: &str) {
    let png = BASE64.decode(data).expect("valid base64");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let mut at = 8;
    let mut chunks = Vec::new();
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let body = &png[at + 8..at + 8 + len];
        let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
        assert_eq!(crc32(&png[at + 4..at + 8 + len]), crc, "CRC of {}", String::from_utf8_lossy(kind));
        if kind == b"IHDR" {
            assert_eq!(&body[..8], [0, 0, 0, 1, 0, 0, 0, 1], "1x1 pixels");
        }
        chunks.push(String::from_utf8_lossy(kind).into_owned());
        at += 12 + len;
    }
    assert_eq!(at, png.len(), "no trailing bytes");
    assert_eq!(chunks.first().map(String::as_str), Some("IHDR"));
    assert_eq!(chunks.last().map(String::as_str), Some("IEND"));
    assert!(chunks.iter().any(|c| c == "IDAT"));
}

/// Decodes a base64 WAV and checks its RIFF/WAVE structure: a PCM `fmt ` chunk and a `data`
/// chunk whose sizes add up.
fn assert_wav(data: &str) {
    let wav = BASE64.decode(data).expect("valid base64");
    let u32_at = |i: usize| u32::from_le_bytes(wav[i..i + 4].try_into().unwrap()) as usize;
    let u16_at = |i: usize| u16::from_le_bytes(wav[i..i + 2].try_into().unwrap());
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(u32_at(4), wav.len() - 8, "RIFF size");
    assert_eq!(&wav[8..12], b"WAVE");
    assert_eq!(&wav[12..16], b"fmt ");
    assert_eq!(u32_at(16), 16, "PCM fmt chunk size");
    assert_eq!(u16_at(20), 1, "PCM");
    let (channels, rate, byte_rate, align, bits) =
        (u16_at(22), u32_at(24), u32_at(28), u16_at(32), u16_at(34));
    assert_eq!(usize::from(align), usize::from(channels) * usize::from(bits) / 8);
    assert_eq!(byte_rate, rate * usize::from(align));
    assert_eq!(&wav[36..40], b"data");
    assert_eq!(u32_at(40), wav.len() - 44, "data size");
    assert!(u32_at(40) > 0, "at least one sample");
}

#[test]
fn handshake_negotiates_2025_11_25_and_the_server_exits_on_stdin_eof() {
    let o = observed();
    assert_eq!(o["protocolVersion"], "2025-11-25");
    assert_eq!(
        o["serverInfo"],
        json!({"name": "mcp-conformance-fixture", "version": env!("CARGO_PKG_VERSION")})
    );
    let caps = &o["serverCapabilities"];
    for capability in ["tools", "prompts", "completions", "logging"] {
        assert!(caps.get(capability).is_some(), "{capability} in {caps}");
    }
    assert_eq!(caps["resources"]["subscribe"], true);
    assert!(o["instructions"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(*step("ping"), json!({}));
    // The SDK closes stdin, then sends SIGTERM after 2 s: a clean exit code 0 with no signal
    // well before that means the server exited on end of file.
    let close = &o["close"];
    assert_eq!(close["exitCode"], 0, "{close}");
    assert!(close["signal"].is_null(), "{close}");
    assert!(close["millis"].as_u64().is_some_and(|ms| ms < 2000), "{close}");
    assert_eq!(o["steps"].as_array().map(Vec::len), Some(37), "every step ran: {}", o["steps"]);
}

#[test]
fn tools_list_has_the_conformance_tools() {
    let tools = step("tools").as_array().expect("tools");
    let mut names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "add_numbers",
            "confirm_delete",
            "failing_job",
            "greet",
            "json_schema_2020_12_tool",
            "multi_input",
            "protocol_error_job",
            "slow_compute",
            "test_audio_content",
            "test_custom_headers",
            "test_elicitation",
            "test_elicitation_sep1034_defaults",
            "test_elicitation_sep1330_enums",
            "test_embedded_resource",
            "test_error_handling",
            "test_image_content",
            "test_input_required_result_capabilities",
            "test_input_required_result_elicitation",
            "test_input_required_result_list_roots",
            "test_input_required_result_multi_round",
            "test_input_required_result_multiple_inputs",
            "test_input_required_result_request_state",
            "test_input_required_result_sampling",
            "test_input_required_result_tampered_state",
            "test_logging_tool",
            "test_missing_capability",
            "test_multiple_content_types",
            "test_reconnection",
            "test_sampling",
            "test_simple_text",
            "test_streaming_elicitation",
            "test_tool_with_logging",
            "test_tool_with_progress",
            "test_tool_with_task",
            "test_trigger_prompt_change",
            "test_trigger_tool_change",
        ]
    );
    for tool in tools {
        assert!(tool["description"].as_str().is_some_and(|d| !d.is_empty()), "{tool}");
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
    }
    let by_name = |n: &str| tools.iter().find(|t| t["name"] == n).unwrap();
    let schema = &by_name("json_schema_2020_12_tool")["inputSchema"];
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["$defs"]["address"]["properties"]["city"]["type"], "string");
    assert_eq!(schema["properties"]["address"]["$ref"], "#/$defs/address");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(by_name("test_sampling")["inputSchema"]["required"], json!(["prompt"]));
    assert_eq!(by_name("test_elicitation")["inputSchema"]["required"], json!(["message"]));
    let add = &by_name("add_numbers")["inputSchema"];
    assert_eq!(add["properties"]["a"]["type"], "number");
    assert_eq!(add["required"], json!(["a", "b"]));
}

#[test]
fn content_tools_return_text_image_audio_and_resources() {
    assert_eq!(only_text(step("simpleText")), "This is a simple text response for testing.");

    let image = &step("image")["content"];
    assert_eq!(image.as_array().map(Vec::len), Some(1));
    assert_eq!(image[0]["type"], "image");
    assert_eq!(image[0]["mimeType"], "image/png");
    assert_png_1x1(image[0]["data"].as_str().unwrap());

    let audio = &step("audio")["content"];
    assert_eq!(audio[0]["type"], "audio");
    assert_eq!(audio[0]["mimeType"], "audio/wav");
    assert_wav(audio[0]["data"].as_str().unwrap());

    assert_eq!(
        step("embeddedResource")["content"],
        json!([{"type": "resource", "resource": {
            "uri": "test://embedded-resource", "mimeType": "text/plain",
            "text": "This is an embedded resource content."}}])
    );

    let mixed = step("mixedContent")["content"].as_array().unwrap();
    let kinds: Vec<&str> = mixed.iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["text", "image", "resource"]);
    assert_eq!(mixed[0]["text"], "Multiple content types test:");
    assert_png_1x1(mixed[1]["data"].as_str().unwrap());
    assert_eq!(mixed[2]["resource"]["uri"], "test://mixed-content-resource");
    assert_eq!(mixed[2]["resource"]["mimeType"], "application/json");
    let embedded: Value = serde_json::from_str(mixed[2]["resource"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(embedded, json!({"test": "data", "value": 123}));

    assert_eq!(only_text(step("addNumbers")), "The sum of 19 and 23.5 is 42.5.");
}

#[test]
fn tool_errors_are_results_and_bad_calls_are_protocol_errors() {
    let error = step("errorHandling");
    assert_eq!(error["isError"], true);
    assert_eq!(only_text(error), "This tool intentionally returns an error for testing");

    let (code, message) = step_error("invalidArguments");
    assert_eq!(code, -32602);
    assert!(message.contains("/a"), "names the bad argument: {message}");
    let (code, message) = step_error("unknownTool");
    assert_eq!(code, -32602);
    assert!(message.contains("no_such_tool"), "{message}");
}

#[test]
fn progress_reaches_the_onprogress_callback() {
    let progress = step("progress");
    assert_eq!(only_text(&progress["result"]), "Progress tool completed");
    let seen: Vec<(f64, f64)> = progress["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["progress"].as_f64().unwrap(), p["total"].as_f64().unwrap()))
        .collect();
    // The server writes 0, 50, 100 and then the response, in that order (our own client's
    // matrix scenarios assert all three). The SDK dispatches notifications in a microtask but
    // settles responses synchronously, so when the last notification and the response arrive
    // in one read, the request's progress handler is gone before the last notification is
    // dispatched: it may see only the first two.
    let all = [(0.0, 100.0), (50.0, 100.0), (100.0, 100.0)];
    assert!(seen == all || seen == all[..2], "{seen:?}");
}

#[test]
fn log_notifications_follow_set_level() {
    assert_eq!(*step("setLevel"), json!({}));
    let logging = step("logging");
    assert_eq!(only_text(&logging["result"]), "Tool with logging executed successfully");
    assert_eq!(
        logging["notifications"],
        json!([
            {"level": "info", "data": "Tool execution started"},
            {"level": "info", "data": "Tool processing data"},
            {"level": "info", "data": "Tool execution completed"},
        ])
    );
    assert_eq!(*step("setLevelError"), json!({}));
    let filtered = step("loggingFiltered");
    assert_eq!(only_text(&filtered["result"]), "Tool with logging executed successfully");
    assert_eq!(filtered["notifications"], json!([]), "info is below the error level");
}

#[test]
fn sampling_is_answered_by_the_sdk_handler() {
    let sampling = step("sampling");
    assert_eq!(
        sampling["requests"],
        json!([{
            "messages": [{"role": "user", "content": {"type": "text", "text": "What is the capital of France?"}}],
            "maxTokens": 100
        }])
    );
    assert_eq!(only_text(&sampling["result"]), "LLM response: Sampled by the TypeScript SDK client");
}

#[test]
fn elicitation_answers_are_echoed_by_the_tool() {
    let accepted = step("elicitation");
    let request = &accepted["request"]["params"];
    assert_eq!(request["message"], "Please provide your information");
    let schema = &request["requestedSchema"];
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["properties"]["username"]["type"], "string");
    assert_eq!(schema["properties"]["email"]["type"], "string");
    assert_eq!(schema["required"], json!(["username", "email"]));
    assert_eq!(
        only_text(&accepted["result"]),
        r#"User response: action=accept, content={"email":"octocat@example.com","username":"octocat"}"#
    );
    let declined = step("elicitationDeclined");
    assert_eq!(declined["request"]["params"]["message"], "Please decline this request");
    assert_eq!(only_text(&declined["result"]), "User response: action=decline");
}

/// The JSON after `content=` in an elicitation tool's text.
fn echoed_content(result: &Value) -> Value {
    let text = only_text(result);
    let (head, content) = text.split_once(", content=").unwrap_or_else(|| panic!("no content in {text}"));
    assert_eq!(head, "Elicitation completed: action=accept");
    serde_json::from_str(content).unwrap()
}

#[test]
fn sep1034_defaults_are_sent_and_applied_by_the_sdk() {
    let defaults = step("elicitationDefaults");
    let props = &defaults["request"]["params"]["requestedSchema"]["properties"];
    let shape = |name: &str| json!([props[name]["type"], props[name]["default"]]);
    assert_eq!(shape("name"), json!(["string", "John Doe"]));
    assert_eq!(shape("age"), json!(["integer", 30]));
    assert_eq!(shape("score"), json!(["number", 95.5]));
    assert_eq!(shape("status"), json!(["string", "active"]));
    assert_eq!(props["status"]["enum"], json!(["active", "inactive", "pending"]));
    assert_eq!(shape("verified"), json!(["boolean", true]));
    // The handler filled only `name`; the SDK (applyDefaults) added the other defaults, and
    // the tool echoes the whole answer.
    assert_eq!(
        echoed_content(&defaults["result"]),
        json!({"name": "Jane Smith", "age": 30, "score": 95.5, "status": "active", "verified": true})
    );
}

#[test]
fn sep1330_enum_shapes_reach_the_sdk() {
    let enums = step("elicitationEnums");
    let props = &enums["request"]["params"]["requestedSchema"]["properties"];
    assert_eq!(
        props["untitledSingle"],
        json!({"type": "string", "description": "Untitled single-select",
        "enum": ["option1", "option2", "option3"]})
    );
    assert_eq!(props["titledSingle"]["oneOf"][2], json!({"const": "value3", "title": "Third Option"}));
    assert!(props["titledSingle"].get("enum").is_none());
    assert_eq!(props["legacyEnum"]["enumNames"], json!(["Option One", "Option Two", "Option Three"]));
    assert_eq!(props["untitledMulti"]["type"], "array");
    assert_eq!(props["untitledMulti"]["items"]["enum"], json!(["option1", "option2", "option3"]));
    assert_eq!(
        props["titledMulti"]["items"]["anyOf"][1],
        json!({"const": "value2", "title": "Second Choice"})
    );
    assert_eq!(
        echoed_content(&enums["result"]),
        json!({"untitledSingle": "option2", "titledSingle": "value3", "legacyEnum": "opt1",
               "untitledMulti": ["option1", "option3"], "titledMulti": ["value2"]})
    );
}

#[test]
fn resources_list_read_and_subscribe() {
    let resources = step("resources").as_array().unwrap();
    let listed: Vec<(&str, &str)> =
        resources.iter().map(|r| (r["uri"].as_str().unwrap(), r["mimeType"].as_str().unwrap())).collect();
    assert_eq!(
        listed,
        [
            ("test://static-text", "text/plain"),
            ("test://static-binary", "image/png"),
            ("test://watched-resource", "text/plain"),
            ("test://embedded-resource", "text/plain"),
        ]
    );
    for r in resources {
        assert!(r["name"].as_str().is_some_and(|n| !n.is_empty()), "{r}");
        assert!(r["description"].as_str().is_some_and(|d| !d.is_empty()), "{r}");
    }
    let templates = step("resourceTemplates").as_array().unwrap();
    assert_eq!(templates.len(), 1);
    assert_eq!(templates[0]["uriTemplate"], "test://template/{id}/data");
    assert_eq!(templates[0]["mimeType"], "application/json");

    assert_eq!(
        step("readText")["contents"],
        json!([{"uri": "test://static-text", "mimeType": "text/plain",
                "text": "This is the content of the static text resource."}])
    );
    let binary = &step("readBinary")["contents"];
    assert_eq!(binary.as_array().map(Vec::len), Some(1));
    assert_eq!(binary[0]["uri"], "test://static-binary");
    assert_eq!(binary[0]["mimeType"], "image/png");
    assert!(binary[0].get("text").is_none());
    assert_png_1x1(binary[0]["blob"].as_str().unwrap());

    let template = &step("readTemplate")["contents"][0];
    assert_eq!(template["uri"], "test://template/123/data");
    assert_eq!(template["mimeType"], "application/json");
    let data: Value = serde_json::from_str(template["text"].as_str().unwrap()).unwrap();
    assert_eq!(data, json!({"id": "123", "templateTest": true, "data": "Data for ID: 123"}));

    let (code, message) = step_error("readUnknown");
    assert_eq!(code, -32002, "legacy resource-not-found code: {message}");
    assert_eq!(*step("subscribe"), json!({}));
    assert_eq!(*step("unsubscribe"), json!({}));
}

#[test]
fn prompts_list_and_get() {
    let prompts = step("prompts").as_array().unwrap();
    let names: Vec<&str> = prompts.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "test_simple_prompt",
            "test_prompt_with_arguments",
            "test_prompt_with_embedded_resource",
            "test_prompt_with_image",
            "test_input_required_result_prompt"
        ]
    );
    assert!(prompts.iter().all(|p| p["description"].as_str().is_some_and(|d| !d.is_empty())));
    let args: Vec<(&str, bool)> = prompts[1]["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["required"].as_bool().unwrap()))
        .collect();
    assert_eq!(args, [("arg1", true), ("arg2", true)]);
    assert_eq!(prompts[2]["arguments"][0]["name"], "resourceUri");

    assert_eq!(
        step("promptSimple")["messages"],
        json!([{"role": "user", "content": {"type": "text", "text": "This is a simple prompt for testing."}}])
    );
    assert_eq!(
        step("promptWithArguments")["messages"],
        json!([{"role": "user", "content": {"type": "text",
            "text": "Prompt with arguments: arg1='hello', arg2='world'"}}])
    );
    let (code, message) = step_error("promptMissingArgument");
    assert_eq!(code, -32602);
    assert!(message.contains("arg2"), "{message}");

    assert_eq!(
        step("promptEmbeddedResource")["messages"],
        json!([
            {"role": "user", "content": {"type": "resource", "resource": {
                "uri": "test://example-resource", "mimeType": "text/plain",
                "text": "Embedded resource content for testing."}}},
            {"role": "user", "content": {"type": "text", "text": "Please process the embedded resource above."}}
        ])
    );
    let image = step("promptImage")["messages"].as_array().unwrap();
    assert_eq!(image.len(), 2);
    assert_eq!(image[0]["content"]["type"], "image");
    assert_eq!(image[0]["content"]["mimeType"], "image/png");
    assert_png_1x1(image[0]["content"]["data"].as_str().unwrap());
    assert_eq!(image[1]["content"], json!({"type": "text", "text": "Please analyze the image above."}));
}

#[test]
fn completion_filters_by_prefix() {
    assert_eq!(
        step("completion")["completion"],
        json!({"values": ["paris", "park", "party"], "total": 3, "hasMore": false})
    );
    assert_eq!(step("completionNoMatch")["completion"]["values"], json!([]));
}
