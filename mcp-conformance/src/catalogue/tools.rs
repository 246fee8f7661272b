//! Tools: `tools/list` and `tools/call` with every content type, tool errors, argument
//! validation, unknown tools and progress (`server/tools.mdx`, `basic/utilities/progress.mdx`).

use std::sync::{Arc, Mutex};

use mcp_client::RequestOptions;
use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::tools::CallToolRequestParams;
use serde_json::{Value, json};

use super::support::{
    args, base64, ensure, expect_code, expect_eq, json, lists_in_order, ok, per_cell, texts,
};
use crate::fixture::{
    EMBEDDED_TEXT, ERROR_TEXT, JSON_SCHEMA_2020_12, PROGRESS_STEPS, PROGRESS_TOTAL, SIMPLE_TEXT, png_1x1,
    wav_silence,
};
use crate::scenario::revisions::ALL;
use crate::scenario::{Applies, Env, Scenario};

/// The fixture's tools, in registration (and listing) order.
pub(crate) const FIXTURE_TOOLS: [&str; 15] = [
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
];

/// The tool scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "tools/list",
        spec: "2026-07-28 server/tools.mdx#listing-tools; 2025-11-25 server/tools.mdx#listing-tools",
        applies: Applies::fixture(ALL),
        check: per_cell!(list),
    },
    Scenario {
        name: "tools/call-text",
        spec: "2026-07-28 server/tools.mdx#text-content",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_text),
    },
    Scenario {
        name: "tools/call-image",
        spec: "2026-07-28 server/tools.mdx#image-content",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_image),
    },
    Scenario {
        name: "tools/call-audio",
        spec: "2025-03-26 server/tools.mdx#audio-content (2024-11-05: no audio, text stand-in)",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_audio),
    },
    Scenario {
        name: "tools/call-embedded-resource",
        spec: "2026-07-28 server/tools.mdx#embedded-resources",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_embedded_resource),
    },
    Scenario {
        name: "tools/call-mixed-content",
        spec: "2026-07-28 server/tools.mdx#tool-result",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_mixed_content),
    },
    Scenario {
        name: "tools/call-error-result",
        spec: "2026-07-28 server/tools.mdx#error-handling (tool execution errors: isError)",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_error_result),
    },
    Scenario {
        name: "tools/call-argument-validation",
        spec: "2026-07-28 server/tools.mdx#error-handling (invalid arguments: -32602)",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_argument_validation),
    },
    Scenario {
        name: "tools/call-unknown-tool",
        spec: "2026-07-28 server/tools.mdx#error-handling (unknown tool: -32602)",
        applies: Applies::fixture(ALL),
        check: per_cell!(call_unknown_tool),
    },
    Scenario {
        name: "progress/tool-call",
        spec: "2026-07-28 basic/patterns/progress.mdx; 2025-11-25 basic/utilities/progress.mdx",
        applies: Applies::fixture(ALL),
        check: per_cell!(progress),
    },
];

/// Calls a fixture tool without arguments and returns the result as JSON.
async fn call(
    env: &Env,
    tool: &str,
    arguments: Value,
) -> Result<(Value, crate::scenario::Connection), String> {
    let conn = env.connect(env.client()).await?;
    let result = ok(&format!("tools/call {tool}"), conn.client.call_tool(tool, args(arguments)).await)?;
    Ok((json(&result), conn))
}

/// Every fixture tool, in order, in one page; `add_numbers` requires two numbers and
/// `json_schema_2020_12_tool` keeps its 2020-12 dialect.
async fn list(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let page = ok("tools/list", conn.client.list_tools(None).await)?;
    expect_eq("nextCursor of the only page", page.next_cursor.as_deref(), None)?;
    let names: Vec<&str> = page.tools.iter().map(|t| t.name.as_str()).collect();
    lists_in_order("tools", &names, &FIXTURE_TOOLS)?;
    let tools = json(&page.tools);
    let tool = |name: &str| {
        let i = names.iter().position(|n| *n == name).unwrap_or_default();
        tools[i].clone()
    };
    let add = &tool("add_numbers")["inputSchema"];
    expect_eq("add_numbers required", &add["required"], &json!(["a", "b"]))?;
    expect_eq("add_numbers a type", &add["properties"]["a"]["type"], &json!("number"))?;
    expect_eq("add_numbers b type", &add["properties"]["b"]["type"], &json!("number"))?;
    let dialect = &tool("json_schema_2020_12_tool")["inputSchema"];
    expect_eq("2020-12 $schema", &dialect["$schema"], &json!(JSON_SCHEMA_2020_12))?;
    expect_eq("2020-12 additionalProperties", &dialect["additionalProperties"], &json!(false))?;
    expect_eq(
        "description",
        tool("test_simple_text")["description"].as_str(),
        Some("Returns a simple text response"),
    )?;
    conn.close().await
}

async fn call_text(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_simple_text", json!({})).await?;
    expect_eq("content", &result["content"], &json!([{"type": "text", "text": SIMPLE_TEXT}]))?;
    ensure(result.get("isError").is_none_or(|e| e == false), || format!("isError set: {result}"))?;
    conn.close().await
}

async fn call_image(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_image_content", json!({})).await?;
    let blocks = result["content"].as_array().cloned().unwrap_or_default();
    expect_eq("block count", blocks.len(), 1)?;
    expect_eq("type", &blocks[0]["type"], &json!("image"))?;
    expect_eq("mimeType", &blocks[0]["mimeType"], &json!("image/png"))?;
    expect_eq("image bytes", base64("data", &blocks[0]["data"])?.as_slice(), png_1x1())?;
    conn.close().await
}

/// Audio content arrives intact from 2025-03-26; a 2024-11-05 client, whose schema has no
/// audio, gets the server's text stand-in naming the MIME type.
async fn call_audio(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_audio_content", json!({})).await?;
    let block = &result["content"][0];
    if env.version() >= ProtocolVersion::V2025_03_26 {
        expect_eq("type", &block["type"], &json!("audio"))?;
        expect_eq("mimeType", &block["mimeType"], &json!("audio/wav"))?;
        expect_eq("audio bytes", base64("data", &block["data"])?, wav_silence())?;
    } else {
        expect_eq("2024-11-05 stand-in", block, &json!({"type": "text", "text": "[audio: audio/wav]"}))?;
    }
    conn.close().await
}

async fn call_embedded_resource(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_embedded_resource", json!({})).await?;
    let blocks = result["content"].as_array().cloned().unwrap_or_default();
    expect_eq("block count", blocks.len(), 1)?;
    expect_eq("type", &blocks[0]["type"], &json!("resource"))?;
    let resource = &blocks[0]["resource"];
    expect_eq("uri", &resource["uri"], &json!("test://embedded-resource"))?;
    expect_eq("mimeType", &resource["mimeType"], &json!("text/plain"))?;
    expect_eq("text", &resource["text"], &json!(EMBEDDED_TEXT))?;
    conn.close().await
}

/// Text, image and embedded JSON resource, in that order.
async fn call_mixed_content(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_multiple_content_types", json!({})).await?;
    let blocks = result["content"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap_or("?")).collect();
    expect_eq("block types", kinds, vec!["text", "image", "resource"])?;
    expect_eq("text", &blocks[0]["text"], &json!("Multiple content types test:"))?;
    expect_eq("image bytes", base64("image data", &blocks[1]["data"])?.as_slice(), png_1x1())?;
    let resource = &blocks[2]["resource"];
    expect_eq("resource uri", &resource["uri"], &json!("test://mixed-content-resource"))?;
    expect_eq("resource mimeType", &resource["mimeType"], &json!("application/json"))?;
    let data: Value = serde_json::from_str(resource["text"].as_str().unwrap_or_default())
        .map_err(|e| format!("resource text is not JSON: {e}"))?;
    expect_eq("resource JSON", data, json!({"test": "data", "value": 123}))?;
    conn.close().await
}

/// A tool execution error is a result with `isError: true`, not a JSON-RPC error.
async fn call_error_result(env: Env) -> Result<(), String> {
    let (result, conn) = call(&env, "test_error_handling", json!({})).await?;
    expect_eq("isError", &result["isError"], &json!(true))?;
    expect_eq("texts", texts(&result["content"]), vec![ERROR_TEXT.to_owned()])?;
    conn.close().await
}

/// Arguments are validated against `inputSchema` before the handler runs: a missing required
/// argument, a wrong type and an additional property are `-32602`; valid ones are answered.
async fn call_argument_validation(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let c = &conn.client;
    let sum = json(&ok("add_numbers", c.call_tool("add_numbers", args(json!({"a": 2, "b": 40}))).await)?);
    expect_eq("sum", texts(&sum["content"]), vec!["The sum of 2 and 40 is 42.".to_owned()])?;
    expect_code("missing b", c.call_tool("add_numbers", args(json!({"a": 2}))).await, -32602)?;
    expect_code("string a", c.call_tool("add_numbers", args(json!({"a": "two", "b": 1}))).await, -32602)?;
    let strict = args(json!({"name": "x", "extra": 1}));
    expect_code(
        "additionalProperties: false",
        c.call_tool("json_schema_2020_12_tool", strict).await,
        -32602,
    )?;
    let nested = args(json!({"address": {"city": 7}}));
    expect_code("$ref into $defs", c.call_tool("json_schema_2020_12_tool", nested).await, -32602)?;
    conn.close().await
}

async fn call_unknown_tool(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let message = expect_code("unknown tool", conn.client.call_tool("no_such_tool", None).await, -32602)?;
    ensure(message.contains("no_such_tool"), || format!("the error does not name the tool: {message:?}"))?;
    conn.close().await
}

/// `test_tool_with_progress` reports 0, 50, 100 of 100 on the request's progress token,
/// before its result.
async fn progress(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options =
        RequestOptions::new().on_progress(move |p| sink.lock().unwrap_or_else(|e| e.into_inner()).push(p));
    let params = CallToolRequestParams { name: "test_tool_with_progress".into(), ..Default::default() };
    let outcome = ok("tools/call", conn.client.call_tool_with(params, &options).await)?;
    let mcp_client::ToolCallOutcome::Complete(result) = outcome else {
        return Err("the call created a task".into());
    };
    expect_eq("result", texts(&json(&result)["content"]), vec!["Progress tool completed".to_owned()])?;
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let values: Vec<f64> = seen.iter().map(|p| p.progress).collect();
    expect_eq("progress values", values, PROGRESS_STEPS.to_vec())?;
    let totals: Vec<Option<f64>> = seen.iter().map(|p| p.total).collect();
    expect_eq("totals", totals, vec![Some(PROGRESS_TOTAL); 3])?;
    let tokens: Vec<Value> = seen.iter().map(|p| json(&p.progress_token)).collect();
    ensure(tokens.windows(2).all(|w| w[0] == w[1]), || format!("progress tokens differ: {tokens:?}"))?;
    conn.close().await
}
