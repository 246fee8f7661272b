//! The fixture server: the tools, resources, prompts and completion that the official MCP
//! conformance suite (`@modelcontextprotocol/conformance` 0.1.16, server mode) and the
//! interop tests expect, served by our `mcp-server`.
//!
//! Names and result shapes follow the suite's server scenarios (one per feature; see
//! `shared/spec/CONFORMANCE-SUITE.md` §2), which in turn follow the 2025-06-18 and 2025-11-25
//! spec pages cited on each item below. The same server answers both protocol eras: a legacy
//! client `initialize`s, a 2026-07-28 client sends the per-request `_meta`.
//!
//! | kind | name | result |
//! |---|---|---|
//! | tool | `test_simple_text` | text [`SIMPLE_TEXT`] |
//! | tool | `test_image_content` | image, `image/png`, [`png_1x1`] |
//! | tool | `test_audio_content` | audio, `audio/wav`, [`wav_silence`] |
//! | tool | `test_embedded_resource` | embedded `test://embedded-resource` (`text/plain`) |
//! | tool | `test_multiple_content_types` | text + image + embedded JSON resource |
//! | tool | `test_tool_with_logging` | 3 `info` log notifications, 50 ms apart, then text |
//! | tool | `test_error_handling` | `isError: true` with text [`ERROR_TEXT`] |
//! | tool | `test_tool_with_progress` | progress 0, 50, 100 of 100, 50 ms apart, then text |
//! | tool | `test_sampling {prompt}` | `sampling/createMessage`, then `LLM response: <text>` |
//! | tool | `test_elicitation {message}` | `elicitation/create` (username, email), then `User response: ...` |
//! | tool | `test_elicitation_sep1034_defaults` | elicitation with a default on every primitive type |
//! | tool | `test_elicitation_sep1330_enums` | elicitation with the five enum schema shapes |
//! | tool | `json_schema_2020_12_tool` | `inputSchema` with `$schema`, `$defs`, `additionalProperties` |
//! | tool | `test_reconnection` | legacy Streamable HTTP: closes its SSE stream ([`Context::close_stream`], SEP-1699), waits [`RECONNECTION_DELAY`]; then text [`RECONNECTION_TEXT`] |
//! | tool | `add_numbers {a, b}` | text `The sum of a and b is s.` |
//! | resource | `test://static-text` | `text/plain` [`STATIC_TEXT`] |
//! | resource | `test://static-binary` | `image/png` blob ([`png_1x1`]) |
//! | template | `test://template/{id}/data` | `application/json` `{"id":..,"templateTest":true,"data":"Data for ID: .."}` |
//! | resource | `test://watched-resource` | `text/plain` (for `resources/subscribe`) |
//! | resource | `test://embedded-resource` | `text/plain` [`EMBEDDED_TEXT`] |
//! | prompt | `test_simple_prompt` | one user text message |
//! | prompt | `test_prompt_with_arguments (arg1, arg2)` | `Prompt with arguments: arg1='..', arg2='..'` |
//! | prompt | `test_prompt_with_embedded_resource (resourceUri)` | embedded resource + text |
//! | prompt | `test_prompt_with_image` | image + text |
//! | completion | `ref/prompt test_prompt_with_arguments` | prefix matches of [`ARG1_COMPLETIONS`] / [`ARG2_COMPLETIONS`] |
//!
//! The 2026-07-28 scenarios of the suite's 0.2.0 line add diagnostic tools, multi round-trip
//! (`InputRequiredResult`) tools and prompt, a tool with `x-mcp-header` parameters and tools
//! that change the tool and prompt lists: see [`modern`].

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_jsonrpc::schema::common::Role;
use mcp_jsonrpc::schema::completion::{CompleteRequestParams, CompleteResult, CompletionReference};
use mcp_jsonrpc::schema::content::{
    BlobResourceContents, ContentBlock, ResourceContents, TextResourceContents,
};
use mcp_jsonrpc::schema::elicitation::{
    ElicitAction, ElicitRequestFormParams, ElicitRequestParams, ElicitResult, RequestedSchema,
};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::{Resource, ResourceTemplate};
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult, SamplingMessage};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{Context, Error, PromptDefinition, Server};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// `serverInfo.name` of the fixture.
pub const SERVER_NAME: &str = "mcp-conformance-fixture";

/// The text of `test_simple_text`.
pub const SIMPLE_TEXT: &str = "This is a simple text response for testing.";
/// The text of `test_error_handling` (in a result with `isError: true`).
pub const ERROR_TEXT: &str = "This tool intentionally returns an error for testing";
/// The text of `test://embedded-resource`, also embedded by `test_embedded_resource`.
pub const EMBEDDED_TEXT: &str = "This is an embedded resource content.";
/// The text of `test://static-text`.
pub const STATIC_TEXT: &str = "This is the content of the static text resource.";
/// The text of `test://watched-resource`.
pub const WATCHED_TEXT: &str = "Watched resource content";
/// The three `info` log messages of `test_tool_with_logging`, in order.
pub const LOG_MESSAGES: [&str; 3] =
    ["Tool execution started", "Tool processing data", "Tool execution completed"];
/// The progress values of `test_tool_with_progress` (out of [`PROGRESS_TOTAL`]).
pub const PROGRESS_STEPS: [f64; 3] = [0.0, 50.0, 100.0];
/// The `total` of `test_tool_with_progress`'s notifications.
pub const PROGRESS_TOTAL: f64 = 100.0;
/// Completion candidates for `test_prompt_with_arguments` argument `arg1`.
pub const ARG1_COMPLETIONS: [&str; 6] = ["paris", "park", "party", "test", "testing", "tested"];
/// Completion candidates for `test_prompt_with_arguments` argument `arg2`.
pub const ARG2_COMPLETIONS: [&str; 3] = ["alpha", "beta", "gamma"];
/// The text of `test_reconnection`.
pub const RECONNECTION_TEXT: &str = "Reconnection test completed";
/// How long `test_reconnection` keeps running after closing its stream (SEP-1699) before it
/// answers.
pub const RECONNECTION_DELAY: Duration = Duration::from_millis(200);
/// Delay between the log and progress notifications of the slow tools.
pub const STEP_DELAY: Duration = Duration::from_millis(50);

/// The `requestedSchema` of `test_elicitation`: two required strings, `username` then `email`.
pub const USER_INFO_FORM: &str = r#"{
    "type": "object",
    "properties": {
        "username": { "type": "string", "description": "User's response" },
        "email": { "type": "string", "description": "User's email address" }
    },
    "required": ["username", "email"]
}"#;

/// The `requestedSchema` of `test_elicitation_sep1034_defaults` (SEP-1034, 2025-11-25): a
/// `default` on a string, an integer, a number, an enum and a boolean.
pub const DEFAULTS_FORM: &str = r#"{
    "type": "object",
    "properties": {
        "name": { "type": "string", "description": "User name", "default": "John Doe" },
        "age": { "type": "integer", "description": "User age", "default": 30 },
        "score": { "type": "number", "description": "User score", "default": 95.5 },
        "status": {
            "type": "string",
            "description": "User status",
            "enum": ["active", "inactive", "pending"],
            "default": "active"
        },
        "verified": { "type": "boolean", "description": "Verification status", "default": true }
    }
}"#;

/// The `requestedSchema` of `test_elicitation_sep1330_enums` (SEP-1330, 2025-11-25): the five
/// enum shapes (untitled and titled single select, legacy `enumNames`, untitled and titled
/// multi select).
pub const ENUMS_FORM: &str = r#"{
    "type": "object",
    "properties": {
        "untitledSingle": {
            "type": "string",
            "description": "Untitled single-select",
            "enum": ["option1", "option2", "option3"]
        },
        "titledSingle": {
            "type": "string",
            "description": "Titled single-select",
            "oneOf": [
                { "const": "value1", "title": "First Option" },
                { "const": "value2", "title": "Second Option" },
                { "const": "value3", "title": "Third Option" }
            ]
        },
        "legacyEnum": {
            "type": "string",
            "description": "Legacy titled enum (enumNames)",
            "enum": ["opt1", "opt2", "opt3"],
            "enumNames": ["Option One", "Option Two", "Option Three"]
        },
        "untitledMulti": {
            "type": "array",
            "description": "Untitled multi-select",
            "items": { "type": "string", "enum": ["option1", "option2", "option3"] }
        },
        "titledMulti": {
            "type": "array",
            "description": "Titled multi-select",
            "items": {
                "anyOf": [
                    { "const": "value1", "title": "First Choice" },
                    { "const": "value2", "title": "Second Choice" },
                    { "const": "value3", "title": "Third Choice" }
                ]
            }
        }
    }
}"#;

/// The JSON Schema 2020-12 dialect URI (`json_schema_2020_12_tool`'s `$schema`).
pub const JSON_SCHEMA_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// A 1x1 red RGB PNG (PNG 1.2: signature, `IHDR` 1x1 8-bit truecolour, one zlib `IDAT`, `IEND`),
/// 69 bytes.
const PNG_1X1_RED: [u8; 69] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00,
    0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01,
    0x01, 0x00, 0xf7, 0x03, 0x41, 0x43, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
    0x82,
];

/// The bytes of a 1x1 red PNG image (69 bytes; `image/png`), used by `test_image_content`,
/// `test_multiple_content_types`, `test_prompt_with_image` and `test://static-binary`.
pub fn png_1x1() -> &'static [u8] {
    &PNG_1X1_RED
}

/// Sample rate of [`wav_silence`] in Hz.
pub const WAV_SAMPLE_RATE: u32 = 8000;
/// Number of samples in [`wav_silence`] (1 ms at [`WAV_SAMPLE_RATE`]).
pub const WAV_SAMPLES: u32 = 8;

/// The bytes of a tiny valid WAV file (`audio/wav`, RIFF/WAVE with a PCM `fmt ` chunk: mono,
/// 8 bits per sample, [`WAV_SAMPLE_RATE`] Hz, [`WAV_SAMPLES`] samples of silence, i.e. the
/// unsigned 8-bit midpoint 128). 44 header bytes plus the samples.
pub fn wav_silence() -> Vec<u8> {
    const CHANNELS: u16 = 1;
    const BITS: u16 = 8;
    let block_align = CHANNELS * BITS / 8;
    let data_len = WAV_SAMPLES * u32::from(block_align);
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVE");
    wav.extend_from_slice(b"fmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&CHANNELS.to_le_bytes());
    wav.extend_from_slice(&WAV_SAMPLE_RATE.to_le_bytes());
    wav.extend_from_slice(&(WAV_SAMPLE_RATE * u32::from(block_align)).to_le_bytes());
    wav.extend_from_slice(&block_align.to_le_bytes());
    wav.extend_from_slice(&BITS.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.resize(wav.len() + data_len as usize, 128);
    wav
}

fn png_base64() -> String {
    BASE64.encode(png_1x1())
}

// Arguments of the tools that take none. (Plain comments on these structs: a doc comment
// would become the `description` of the tool's `inputSchema`.)
#[derive(Debug, Deserialize, JsonSchema)]
struct NoArguments {}

// Arguments of `test_sampling`.
#[derive(Debug, Deserialize, JsonSchema)]
struct SamplingArguments {
    /// The prompt to send to the LLM.
    prompt: String,
}

// Arguments of `test_elicitation`.
#[derive(Debug, Deserialize, JsonSchema)]
struct ElicitationArguments {
    /// The message to show the user.
    message: String,
}

// Arguments of `add_numbers`.
#[derive(Debug, Deserialize, JsonSchema)]
struct AddNumbersArguments {
    /// The first addend.
    a: f64,
    /// The second addend.
    b: f64,
}

fn text_resource(uri: &str, mime_type: &str, text: impl Into<String>) -> ResourceContents {
    ResourceContents::Text(TextResourceContents {
        uri: uri.to_owned(),
        text: text.into(),
        mime_type: Some(mime_type.to_owned()),
        meta: None,
    })
}

fn resource(uri: &str, name: &str, description: &str, mime_type: &str) -> Resource {
    let mut r = Resource::new(uri, name);
    r.description = Some(description.to_owned());
    r.mime_type = Some(mime_type.to_owned());
    r
}

fn prompt(name: &str, description: &str) -> Prompt {
    let mut p = Prompt::new(name);
    p.description = Some(description.to_owned());
    p
}

fn messages(messages: Vec<PromptMessage>) -> GetPromptResult {
    GetPromptResult { messages, ..GetPromptResult::default() }
}

/// A form-mode elicitation (2025-11-25 `client/elicitation.mdx` "Form Mode") of `schema`, the
/// `requestedSchema` as JSON text: decoded from text so the fields keep the order written
/// (clients show them in that order).
fn form(message: &str, schema: &str) -> Result<ElicitRequestParams, Error> {
    let schema: RequestedSchema = serde_json::from_str(schema)
        .map_err(|e| Error::internal(format!("fixture elicitation schema: {e}")))?;
    Ok(ElicitRequestParams::Form(ElicitRequestFormParams::new(message, schema)))
}

/// `action=<action>` and, when the user submitted values, `, content=<JSON>`.
fn describe(answer: &ElicitResult) -> String {
    let action = match answer.action {
        ElicitAction::Accept => "accept",
        ElicitAction::Decline => "decline",
        ElicitAction::Cancel => "cancel",
    };
    match &answer.content {
        Some(content) => format!("action={action}, content={}", json!(content)),
        None => format!("action={action}"),
    }
}

/// The text of a `CreateMessageResult` (2025-11-25 `client/sampling.mdx`): its `content` is
/// one block or a list of blocks; the text blocks are joined.
fn sampled_text(result: &CreateMessageResult) -> Result<String, Error> {
    let texts: Vec<&str> = result.content.blocks().iter().filter_map(|b| b.as_text()).collect();
    if texts.is_empty() {
        return Err(Error::internal("the sampling result has no text content"));
    }
    Ok(texts.concat())
}

/// `a + b` as text, with integral values written without a fraction (`2 + 3` is `5`).
fn sum_text(a: f64, b: f64) -> String {
    format!("The sum of {a} and {b} is {}.", a + b)
}

fn json_schema_2020_12_tool() -> Tool {
    // SEP-1613 (`$schema`, `$defs`, `additionalProperties`) and SEP-2106 (`$anchor`,
    // `allOf`/`anyOf`, `if`/`then`/`else`): 2026-07-28 `server/tools.mdx` "inputSchema".
    let schema = json!({
        "$schema": JSON_SCHEMA_2020_12,
        "type": "object",
        "$defs": {
            "address": {
                "$anchor": "addressDef",
                "type": "object",
                "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
            }
        },
        "properties": {
            "name": { "type": "string" },
            "address": { "$ref": "#/$defs/address" },
            "contactMethod": { "type": "string", "enum": ["phone", "email"] },
            "phone": { "type": "string" },
            "email": { "type": "string" }
        },
        "allOf": [{ "anyOf": [{ "required": ["phone"] }, { "required": ["email"] }] }],
        "if": { "properties": { "contactMethod": { "const": "phone" } }, "required": ["contactMethod"] },
        "then": { "required": ["phone"] },
        "else": { "required": ["email"] },
        "additionalProperties": false
    });
    let mut tool = Tool::new("json_schema_2020_12_tool", object(schema));
    tool.description = Some("Tool with JSON Schema 2020-12 features".to_owned());
    tool
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `completion/complete` (2025-11-25 `server/utilities/completion.mdx`): prefix matches for
/// the arguments of `test_prompt_with_arguments` and the `id` of `test://template/{id}/data`;
/// an unknown prompt or template is `-32602` ("Error Handling"), an unknown argument has no
/// candidates.
async fn complete(_ctx: Context, params: CompleteRequestParams) -> Result<CompleteResult, Error> {
    let candidates: &[&str] = match &params.reference {
        CompletionReference::Prompt(p) if p.name == "test_prompt_with_arguments" => {
            match params.argument.name.as_str() {
                "arg1" => &ARG1_COMPLETIONS,
                "arg2" => &ARG2_COMPLETIONS,
                _ => &[],
            }
        }
        CompletionReference::ResourceTemplate(t) if t.uri == "test://template/{id}/data" => {
            match params.argument.name.as_str() {
                "id" => &["1", "2", "3", "123"],
                _ => &[],
            }
        }
        CompletionReference::Prompt(p) => {
            return Err(Error::invalid_params(format!("unknown prompt: {}", p.name)));
        }
        CompletionReference::ResourceTemplate(t) => {
            return Err(Error::invalid_params(format!("unknown resource template: {}", t.uri)));
        }
    };
    let prefix = params.argument.value.as_str();
    Ok(CompleteResult::from_values(
        candidates.iter().filter(|c| c.starts_with(prefix)).map(|c| (*c).to_owned()).collect(),
    ))
}

/// The fixture server (see the module documentation for its contents), named
/// [`SERVER_NAME`] at this crate's version.
///
/// # Panics
/// Never in practice: every registration is fixed, and a registration error would be a bug in
/// this function (caught by the crate's tests).
pub fn fixture_server() -> Server {
    let builder = Server::builder(SERVER_NAME, env!("CARGO_PKG_VERSION"))
        .instructions("Fixture server for the MCP conformance suite and interop tests.");
    let builder = tools(builder);
    let builder = resources(builder);
    let builder = prompts(builder);
    let builder = modern::register(builder);
    let server = builder.completion(complete).build().expect("the fixture's registrations are valid");
    modern::add_list_change_triggers(&server);
    server
}

/// Tools: 2025-11-25 `server/tools.mdx` ("Calling Tools", "Tool Result", "Error Handling").
fn tools(builder: mcp_server::ServerBuilder) -> mcp_server::ServerBuilder {
    builder
        .tool::<NoArguments, _, _>("test_simple_text", "Returns a simple text response", |_, _| async {
            Ok(CallToolResult::text(SIMPLE_TEXT))
        })
        .tool::<NoArguments, _, _>("test_image_content", "Returns a 1x1 PNG image", |_, _| async {
            Ok(CallToolResult::new(vec![ContentBlock::image(png_base64(), "image/png")]))
        })
        .tool::<NoArguments, _, _>("test_audio_content", "Returns a tiny WAV audio clip", |_, _| async {
            Ok(CallToolResult::new(vec![ContentBlock::audio(BASE64.encode(wav_silence()), "audio/wav")]))
        })
        .tool::<NoArguments, _, _>(
            "test_embedded_resource",
            "Returns an embedded text resource",
            |_, _| async {
                Ok(CallToolResult::new(vec![ContentBlock::embedded(text_resource(
                    "test://embedded-resource",
                    "text/plain",
                    EMBEDDED_TEXT,
                ))]))
            },
        )
        .tool::<NoArguments, _, _>(
            "test_multiple_content_types",
            "Returns text, an image and an embedded resource",
            |_, _| async {
                Ok(CallToolResult::new(vec![
                    ContentBlock::text("Multiple content types test:"),
                    ContentBlock::image(png_base64(), "image/png"),
                    ContentBlock::embedded(text_resource(
                        "test://mixed-content-resource",
                        "application/json",
                        json!({ "test": "data", "value": 123 }).to_string(),
                    )),
                ]))
            },
        )
        .tool::<NoArguments, _, _>(
            "test_tool_with_logging",
            "Sends three info log notifications while it runs",
            |ctx, _| async move {
                for (i, message) in LOG_MESSAGES.iter().enumerate() {
                    if i > 0 {
                        tokio::time::sleep(STEP_DELAY).await;
                    }
                    ctx.log(LoggingLevel::Info, *message).await;
                }
                Ok(CallToolResult::text("Tool with logging executed successfully"))
            },
        )
        .tool::<NoArguments, _, _>("test_error_handling", "Always returns a tool error", |_, _| async {
            Ok(CallToolResult::error(ERROR_TEXT))
        })
        .tool::<NoArguments, _, _>(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100 while it runs",
            |ctx, _| async move {
                for (i, step) in PROGRESS_STEPS.iter().enumerate() {
                    if i > 0 {
                        tokio::time::sleep(STEP_DELAY).await;
                    }
                    ctx.progress(*step, Some(PROGRESS_TOTAL), None).await;
                }
                Ok(CallToolResult::text("Progress tool completed"))
            },
        )
        .tool::<SamplingArguments, _, _>(
            "test_sampling",
            "Asks the client to sample from an LLM and returns the answer",
            |ctx, args| async move {
                let request =
                    CreateMessageRequestParams::new(vec![SamplingMessage::user_text(args.prompt)], 100);
                let result = ctx.sample(request).await?;
                Ok(CallToolResult::text(format!("LLM response: {}", sampled_text(&result)?)))
            },
        )
        .tool::<ElicitationArguments, _, _>(
            "test_elicitation",
            "Asks the user for a username and an email address",
            |ctx, args| async move {
                let answer = ctx.elicit(form(&args.message, USER_INFO_FORM)?).await?;
                Ok(CallToolResult::text(format!("User response: {}", describe(&answer))))
            },
        )
        .tool::<NoArguments, _, _>(
            "test_elicitation_sep1034_defaults",
            "Elicits a form whose fields all have defaults (SEP-1034)",
            |ctx, _| async move {
                let answer =
                    ctx.elicit(form("Please review and update the form fields", DEFAULTS_FORM)?).await?;
                Ok(CallToolResult::text(format!("Elicitation completed: {}", describe(&answer))))
            },
        )
        .tool::<NoArguments, _, _>(
            "test_elicitation_sep1330_enums",
            "Elicits a form with every enum schema shape (SEP-1330)",
            |ctx, _| async move {
                let answer = ctx.elicit(form("Please choose from the options", ENUMS_FORM)?).await?;
                Ok(CallToolResult::text(format!("Elicitation completed: {}", describe(&answer))))
            },
        )
        .dynamic_tool(json_schema_2020_12_tool(), |_, args| async move {
            Ok(CallToolResult::text(format!("JSON Schema 2020-12 tool called with {args}")))
        })
        .tool::<NoArguments, _, _>(
            "test_reconnection",
            "Closes the SSE stream mid-call on HTTP (SEP-1699); on stdio it just answers",
            |ctx, _| async move {
                // Legacy Streamable HTTP: the client saw the priming event (id + `retry:`);
                // it resumes with GET + Last-Event-ID and gets this result there.
                if ctx.close_stream().await {
                    tokio::time::sleep(RECONNECTION_DELAY).await;
                }
                Ok(CallToolResult::text(RECONNECTION_TEXT))
            },
        )
        .tool::<AddNumbersArguments, _, _>("add_numbers", "Adds two numbers", |_, args| async move {
            Ok(CallToolResult::text(sum_text(args.a, args.b)))
        })
}

/// Resources: 2025-11-25 `server/resources.mdx` ("Reading Resources", "Resource Templates",
/// "Subscriptions").
fn resources(builder: mcp_server::ServerBuilder) -> mcp_server::ServerBuilder {
    let mut template = ResourceTemplate::new("test://template/{id}/data", "template-data");
    template.description = Some("A resource template whose data names the id".to_owned());
    template.mime_type = Some("application/json".to_owned());
    builder
        .resource(
            resource("test://static-text", "static-text", "A static text resource", "text/plain"),
            |_, uri| async move { Ok(vec![text_resource(&uri, "text/plain", STATIC_TEXT)]) },
        )
        .resource(
            resource(
                "test://static-binary",
                "static-binary",
                "A static binary resource (1x1 PNG)",
                "image/png",
            ),
            |_, uri| async move {
                Ok(vec![ResourceContents::Blob(BlobResourceContents {
                    uri,
                    blob: png_base64(),
                    mime_type: Some("image/png".to_owned()),
                    meta: None,
                })])
            },
        )
        .resource_template(template, |_, uri, vars| async move {
            let id = vars.get("id").cloned().unwrap_or_default();
            let data = json!({ "id": id, "templateTest": true, "data": format!("Data for ID: {id}") });
            Ok(vec![text_resource(&uri, "application/json", data.to_string())])
        })
        .resource(
            resource(
                "test://watched-resource",
                "watched-resource",
                "A resource to subscribe to",
                "text/plain",
            ),
            |_, uri| async move { Ok(vec![text_resource(&uri, "text/plain", WATCHED_TEXT)]) },
        )
        .resource(
            resource(
                "test://embedded-resource",
                "embedded-resource",
                "The resource test_embedded_resource embeds",
                "text/plain",
            ),
            |_, uri| async move { Ok(vec![text_resource(&uri, "text/plain", EMBEDDED_TEXT)]) },
        )
}

/// Prompts: 2025-11-25 `server/prompts.mdx` ("Getting a Prompt", "Data Types").
fn prompts(builder: mcp_server::ServerBuilder) -> mcp_server::ServerBuilder {
    builder
        .prompt(PromptDefinition::new(
            prompt("test_simple_prompt", "A simple prompt without arguments"),
            |_, _| async {
                Ok(messages(vec![PromptMessage::text(Role::User, "This is a simple prompt for testing.")]))
            },
        ))
        .prompt(
            PromptDefinition::new(
                prompt("test_prompt_with_arguments", "A prompt with two required arguments"),
                |_, args| async move {
                    let arg = |name: &str| args.get(name).cloned().unwrap_or_default();
                    Ok(messages(vec![PromptMessage::text(
                        Role::User,
                        format!("Prompt with arguments: arg1='{}', arg2='{}'", arg("arg1"), arg("arg2")),
                    )]))
                },
            )
            .argument("arg1", "First test argument", true)
            .argument("arg2", "Second test argument", true),
        )
        .prompt(
            PromptDefinition::new(
                prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource"),
                |_, args| async move {
                    let uri = args.get("resourceUri").cloned().unwrap_or_default();
                    Ok(messages(vec![
                        PromptMessage {
                            role: Role::User,
                            content: ContentBlock::embedded(text_resource(
                                &uri,
                                "text/plain",
                                "Embedded resource content for testing.",
                            )),
                        },
                        PromptMessage::text(Role::User, "Please process the embedded resource above."),
                    ]))
                },
            )
            .argument("resourceUri", "URI of the resource to embed", true),
        )
        .prompt(PromptDefinition::new(
            prompt("test_prompt_with_image", "A prompt with an image"),
            |_, _| async {
                Ok(messages(vec![
                    PromptMessage {
                        role: Role::User,
                        content: ContentBlock::image(png_base64(), "image/png"),
                    },
                    PromptMessage::text(Role::User, "Please analyze the image above."),
                ]))
            },
        ))
}

pub mod modern;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_read_naturally() {
        assert_eq!(sum_text(2.0, 3.0), "The sum of 2 and 3 is 5.");
        assert_eq!(sum_text(1.5, -0.25), "The sum of 1.5 and -0.25 is 1.25.");
    }

    #[test]
    fn sampled_text_accepts_one_block_or_a_list() {
        let result = |content: Value| -> CreateMessageResult {
            serde_json::from_value(json!({"role": "assistant", "model": "m", "content": content})).unwrap()
        };
        assert_eq!(sampled_text(&result(json!({"type": "text", "text": "hi"}))).unwrap(), "hi");
        let list = json!([{"type": "text", "text": "a"}, {"type": "image", "data": "", "mimeType": "image/png"},
                          {"type": "text", "text": "b"}]);
        assert_eq!(sampled_text(&result(list)).unwrap(), "ab");
        assert!(
            sampled_text(&result(json!({"type": "image", "data": "", "mimeType": "image/png"}))).is_err()
        );
    }

    fn field_names(schema: &str) -> Vec<String> {
        match form("message", schema).expect("the form decodes") {
            ElicitRequestParams::Form(f) => {
                f.requested_schema.properties.into_iter().map(|(n, _)| n).collect()
            }
            ElicitRequestParams::Url(_) => panic!("a form is not URL mode"),
        }
    }

    #[test]
    fn elicitation_forms_decode_in_written_order() {
        assert_eq!(field_names(USER_INFO_FORM), ["username", "email"]);
        assert_eq!(field_names(DEFAULTS_FORM), ["name", "age", "score", "status", "verified"]);
        assert_eq!(
            field_names(ENUMS_FORM),
            ["untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti"]
        );
        assert!(form("message", r#"{"type": "object", "properties": {"x": {"type": "object"}}}"#).is_err());
    }

    #[test]
    fn describe_names_the_action_and_the_content() {
        let accept: ElicitResult =
            serde_json::from_value(json!({"action": "accept", "content": {"b": 1, "a": "x"}})).unwrap();
        assert_eq!(describe(&accept), r#"action=accept, content={"a":"x","b":1}"#);
        let decline: ElicitResult = serde_json::from_value(json!({"action": "decline"})).unwrap();
        assert_eq!(describe(&decline), "action=decline");
    }

    #[test]
    fn the_fixture_builds() {
        let server = fixture_server();
        assert_eq!(server.info().name, SERVER_NAME);
        for capability in ["tools", "resources", "prompts", "completions", "logging"] {
            assert!(server.capabilities().get(capability).is_some(), "{capability}");
        }
    }
}
