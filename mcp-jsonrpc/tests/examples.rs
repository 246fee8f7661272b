//! Every official example under `spec/schema/2026-07-28/examples/` decodes into our schema types
//! and re-encodes to JSON equal to the input (as values: member order ignored, numbers by value).
//!
//! The folder name of an example is the definition it illustrates. [`TABLE`] maps each
//! definition to the check that applies:
//! - a schema object (`CallToolResult`, `Tool`, ...): decode into the type of that name;
//! - a JSON-RPC request or notification (`CallToolRequest`): decode the message with
//!   [`mcp_jsonrpc::decode_message`], check the method, decode `params` into the params type,
//!   and rebuild the message from the typed params;
//! - a result response (`CallToolResultResponse`): decode the message, then `result` into the
//!   result type, and rebuild;
//! - an input request (`CreateMessageRequest`, `ElicitRequest`, `ListRootsRequest` in
//!   2026-07-28 are `{method, params}` objects inside `InputRequiredResult.inputRequests`):
//!   decode into [`InputRequest`];
//! - a content block (`TextContent`, `ToolUseContent`, ...): decode into [`ContentBlock`] or
//!   [`SamplingMessageContentBlock`] (which carry the `type` tag) and check the variant;
//! - an error: the MCP errors (`HeaderMismatchError`, ...) are whole error responses: decode
//!   the message, check the code, decode `data` into its type and rebuild; the JSON-RPC errors
//!   (`InternalError`, `ParseError`, ...) are error objects: decode into [`ErrorObject`].
//!
//! [`KNOWN_DIFFERENCES`] lists the examples whose re-encoding differs from the input, each with
//! the exact difference; the round-trip test asserts that difference and nothing else. Today
//! that is one example (the example's `id` is not part of `ListRootsRequest` in the 2026-07-28 schema; an
//! input request is `{method, params}` named by its key).
//!
//! A folder the table does not map fails the test, so coverage cannot shrink silently when the
//! vendored examples are updated.

#[allow(dead_code)]
mod support;

use mcp_jsonrpc::schema::{
    capabilities::*, common::*, completion::*, content::*, elicitation::*, errors::*, input::*, lifecycle::*,
    logging::*, methods, notifications::*, prompts::*, resources::*, roots::*, sampling::*, subscriptions::*,
    tools::*,
};
use mcp_jsonrpc::{ErrorCode, ErrorObject, Message, Notification, Request, ResultResponse, decode_message};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use support::{examples, json_diff};

/// A round-trip check of one example; `Err` explains the failure.
type Check = fn(&Value) -> Result<(), String>;

fn compare(input: &Value, reencoded: &Value) -> Result<(), String> {
    match json_diff(input, reencoded) {
        None => Ok(()),
        Some(diff) => Err(format!("re-encoded JSON differs at {diff}")),
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("encode: {e}"))
}

fn message_of(input: &Value) -> Result<Message, String> {
    decode_message(input.to_string().as_bytes()).map_err(|e| format!("decode_message: {e}"))
}

/// A schema object decoded straight into `T`.
fn object<T: DeserializeOwned + Serialize>(input: &Value) -> Result<(), String> {
    let typed: T = serde_json::from_value(input.clone()).map_err(|e| format!("decode: {e}"))?;
    compare(input, &encode(&typed)?)
}

/// A JSON-RPC request whose method is `method` and params are `P`.
fn request<P: DeserializeOwned + Serialize>(method: &str, input: &Value) -> Result<(), String> {
    let Message::Request(request) = message_of(input)? else { return Err("not a request".into()) };
    if request.method != method {
        return Err(format!("method {:?}, expected {method:?}", request.method));
    }
    let params: P = request.params_as().map_err(|e| format!("params: {e}"))?;
    let rebuilt = match request.params {
        Some(_) => Request::new(request.id.clone(), method, &params).map_err(|e| e.to_string())?,
        None => Request::without_params(request.id.clone(), method),
    };
    compare(input, &encode(&Message::Request(rebuilt))?)
}

/// A JSON-RPC notification whose method is `method` and params are `P`.
fn notification<P: DeserializeOwned + Serialize>(method: &str, input: &Value) -> Result<(), String> {
    let Message::Notification(notification) = message_of(input)? else {
        return Err("not a notification".into());
    };
    if notification.method != method {
        return Err(format!("method {:?}, expected {method:?}", notification.method));
    }
    let params: P = notification.params_as().map_err(|e| format!("params: {e}"))?;
    let rebuilt = match notification.params {
        Some(_) => Notification::new(method, &params).map_err(|e| e.to_string())?,
        None => Notification::without_params(method),
    };
    compare(input, &encode(&Message::Notification(rebuilt))?)
}

/// A JSON-RPC result response whose result is `R`.
fn result_response<R: DeserializeOwned + Serialize>(input: &Value) -> Result<(), String> {
    let Message::Response(response) = message_of(input)? else { return Err("not a result response".into()) };
    let result: R = response.result_as().map_err(|e| format!("result: {e}"))?;
    let rebuilt = ResultResponse::new(response.id.clone(), &result).map_err(|e| e.to_string())?;
    compare(input, &encode(&Message::Response(rebuilt))?)
}

/// A JSON-RPC error response with `code`, whose `data` (when `D` is not `Value`) decodes into
/// `D` and re-encodes unchanged.
fn error_response<D: DeserializeOwned + Serialize>(code: ErrorCode, input: &Value) -> Result<(), String> {
    let Message::Error(response) = message_of(input)? else { return Err("not an error response".into()) };
    if response.error.code != code {
        return Err(format!("error code {}, expected {code}", response.error.code));
    }
    if let Some(data) = &response.error.data {
        let typed: D = serde_json::from_value(data.clone()).map_err(|e| format!("error data: {e}"))?;
        compare(data, &encode(&typed)?).map_err(|e| format!("error data: {e}"))?;
    }
    compare(input, &encode(&Message::Error(response))?)
}

/// A content block definition (`TextContent`, ...): our structs are the payloads of the
/// [`ContentBlock`] variants, which carry the `type` tag, so the example decodes as a
/// `ContentBlock` and must land in the variant whose tag is `kind`.
fn content_block(kind: &str, input: &Value) -> Result<(), String> {
    let block: ContentBlock = serde_json::from_value(input.clone()).map_err(|e| format!("decode: {e}"))?;
    if block.kind() != kind {
        return Err(format!("decoded as {:?} content, expected {kind:?}", block.kind()));
    }
    compare(input, &encode(&block)?)
}

/// As [`content_block`], for the sampling-only kinds (`ToolUseContent`, `ToolResultContent`) of
/// [`SamplingMessageContentBlock`].
fn sampling_block(kind: &str, input: &Value) -> Result<(), String> {
    let block: SamplingMessageContentBlock =
        serde_json::from_value(input.clone()).map_err(|e| format!("decode: {e}"))?;
    if block.kind() != kind {
        return Err(format!("decoded as {:?} content, expected {kind:?}", block.kind()));
    }
    compare(input, &encode(&block)?)
}

/// A JSON-RPC error object (the `error` member; `InternalError`, `ParseError`, ...) with `code`.
fn error_object(code: ErrorCode, input: &Value) -> Result<(), String> {
    let error: ErrorObject = serde_json::from_value(input.clone()).map_err(|e| format!("decode: {e}"))?;
    if error.code != code {
        return Err(format!("error code {}, expected {code}", error.code));
    }
    compare(input, &encode(&error)?)
}

/// An input request (`{method, params}`) of the method `method`.
fn input_request(method: &str, input: &Value) -> Result<(), String> {
    let typed: InputRequest = serde_json::from_value(input.clone()).map_err(|e| format!("decode: {e}"))?;
    let reencoded = encode(&typed)?;
    if reencoded.get("method").and_then(Value::as_str) != Some(method) {
        return Err(format!("decoded as {:?}, expected {method:?}", reencoded.get("method")));
    }
    compare(input, &reencoded)
}

/// Examples whose re-encoding is known to differ from the input, with the exact difference.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    // An input request has no `id` in 2026-07-28 (`ListRootsRequest` = `{method, params?}`,
    // keyed by its `inputRequests` name); the example carries one, which `InputRequest` drops.
    "ListRootsRequest/list-roots-request.json",
    r#"re-encoded JSON differs at /id: missing (expected "list-roots-example")"#,
)];

macro_rules! table {
    ($($name:ident => $check:expr),* $(,)?) => {
        &[$((stringify!($name), $check as Check)),*]
    };
}

/// Definition name (= example folder name) to check.
const TABLE: &[(&str, Check)] = table! {
    AudioContent => |v| content_block("audio", v),
    BlobResourceContents => object::<BlobResourceContents>,
    BooleanSchema => object::<BooleanSchema>,
    CallToolRequest => |v| request::<CallToolRequestParams>(methods::TOOLS_CALL, v),
    CallToolRequestParams => object::<CallToolRequestParams>,
    CallToolResult => object::<CallToolResult>,
    CallToolResultResponse => result_response::<CallToolResult>,
    CancelledNotification =>
        |v| notification::<CancelledNotificationParams>(methods::NOTIFICATIONS_CANCELLED, v),
    CancelledNotificationParams => object::<CancelledNotificationParams>,
    ClientCapabilities => object::<ClientCapabilities>,
    CompleteRequest => |v| request::<CompleteRequestParams>(methods::COMPLETION_COMPLETE, v),
    CompleteRequestParams => object::<CompleteRequestParams>,
    CompleteResult => object::<CompleteResult>,
    CompleteResultResponse => result_response::<CompleteResult>,
    CreateMessageRequest => |v| input_request(methods::SAMPLING_CREATE_MESSAGE, v),
    CreateMessageRequestParams => object::<CreateMessageRequestParams>,
    CreateMessageResult => object::<CreateMessageResult>,
    DiscoverRequest => |v| request::<RequestParams>(methods::SERVER_DISCOVER, v),
    DiscoverResult => object::<DiscoverResult>,
    DiscoverResultResponse => result_response::<DiscoverResult>,
    ElicitRequest => |v| input_request(methods::ELICITATION_CREATE, v),
    ElicitRequestFormParams => object::<ElicitRequestFormParams>,
    ElicitRequestURLParams => object::<ElicitRequestURLParams>,
    ElicitResult => object::<ElicitResult>,
    EmbeddedResource => |v| content_block("resource", v),
    GetPromptRequest => |v| request::<GetPromptRequestParams>(methods::PROMPTS_GET, v),
    GetPromptRequestParams => object::<GetPromptRequestParams>,
    GetPromptResult => object::<GetPromptResult>,
    GetPromptResultResponse => result_response::<GetPromptResult>,
    HeaderMismatchError => |v| error_response::<Value>(ErrorCode::HEADER_MISMATCH, v),
    ImageContent => |v| content_block("image", v),
    InputRequests => object::<InputRequests>,
    InputRequiredResult => object::<InputRequiredResult>,
    InputResponses => object::<InputResponses>,
    InternalError => |v| error_object(ErrorCode::INTERNAL_ERROR, v),
    InvalidParamsError => |v| error_object(ErrorCode::INVALID_PARAMS, v),
    ListPromptsRequest => |v| request::<PaginatedRequestParams>(methods::PROMPTS_LIST, v),
    ListPromptsResult => object::<ListPromptsResult>,
    ListPromptsResultResponse => result_response::<ListPromptsResult>,
    ListResourceTemplatesRequest =>
        |v| request::<PaginatedRequestParams>(methods::RESOURCES_TEMPLATES_LIST, v),
    ListResourceTemplatesResult => object::<ListResourceTemplatesResult>,
    ListResourceTemplatesResultResponse => result_response::<ListResourceTemplatesResult>,
    ListResourcesRequest => |v| request::<PaginatedRequestParams>(methods::RESOURCES_LIST, v),
    ListResourcesResult => object::<ListResourcesResult>,
    ListResourcesResultResponse => result_response::<ListResourcesResult>,
    ListRootsRequest => |v| input_request(methods::ROOTS_LIST, v),
    ListRootsResult => object::<ListRootsResult>,
    ListToolsRequest => |v| request::<PaginatedRequestParams>(methods::TOOLS_LIST, v),
    ListToolsResult => object::<ListToolsResult>,
    ListToolsResultResponse => result_response::<ListToolsResult>,
    LoggingMessageNotification =>
        |v| notification::<LoggingMessageNotificationParams>(methods::NOTIFICATIONS_MESSAGE, v),
    LoggingMessageNotificationParams => object::<LoggingMessageNotificationParams>,
    MethodNotFoundError => |v| error_object(ErrorCode::METHOD_NOT_FOUND, v),
    MissingRequiredClientCapabilityError =>
        |v| error_response::<MissingRequiredClientCapabilityData>(
            ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
            v,
        ),
    ModelPreferences => object::<ModelPreferences>,
    NumberSchema => object::<NumberSchema>,
    PaginatedRequestParams => object::<PaginatedRequestParams>,
    ParseError => |v| error_object(ErrorCode::PARSE_ERROR, v),
    ProgressNotification =>
        |v| notification::<ProgressNotificationParams>(methods::NOTIFICATIONS_PROGRESS, v),
    ProgressNotificationParams => object::<ProgressNotificationParams>,
    PromptListChangedNotification =>
        |v| notification::<NotificationParams>(methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED, v),
    ReadResourceRequest => |v| request::<ReadResourceRequestParams>(methods::RESOURCES_READ, v),
    ReadResourceResult => object::<ReadResourceResult>,
    ReadResourceResultResponse => result_response::<ReadResourceResult>,
    Resource => object::<Resource>,
    ResourceLink => |v| content_block("resource_link", v),
    ResourceListChangedNotification =>
        |v| notification::<NotificationParams>(methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED, v),
    ResourceUpdatedNotification =>
        |v| notification::<ResourceUpdatedNotificationParams>(methods::NOTIFICATIONS_RESOURCES_UPDATED, v),
    ResourceUpdatedNotificationParams => object::<ResourceUpdatedNotificationParams>,
    Root => object::<Root>,
    SamplingMessage => object::<SamplingMessage>,
    ServerCapabilities => object::<ServerCapabilities>,
    StringSchema => object::<StringSchema>,
    SubscriptionsAcknowledgedNotification =>
        |v| notification::<SubscriptionsAcknowledgedNotificationParams>(
            methods::NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED,
            v,
        ),
    SubscriptionsListenRequest =>
        |v| request::<SubscriptionsListenRequestParams>(methods::SUBSCRIPTIONS_LISTEN, v),
    SubscriptionsListenResult => object::<SubscriptionsListenResult>,
    SubscriptionsListenResultResponse => result_response::<SubscriptionsListenResult>,
    TextContent => |v| content_block("text", v),
    TextResourceContents => object::<TextResourceContents>,
    TitledMultiSelectEnumSchema => object::<TitledMultiSelectEnumSchema>,
    TitledSingleSelectEnumSchema => object::<TitledSingleSelectEnumSchema>,
    Tool => object::<Tool>,
    ToolListChangedNotification =>
        |v| notification::<NotificationParams>(methods::NOTIFICATIONS_TOOLS_LIST_CHANGED, v),
    ToolResultContent => |v| sampling_block("tool_result", v),
    ToolUseContent => |v| sampling_block("tool_use", v),
    UnsupportedProtocolVersionError =>
        |v| error_response::<UnsupportedProtocolVersionData>(ErrorCode::UNSUPPORTED_PROTOCOL_VERSION, v),
    UntitledMultiSelectEnumSchema => object::<UntitledMultiSelectEnumSchema>,
    UntitledSingleSelectEnumSchema => object::<UntitledSingleSelectEnumSchema>,
};

#[test]
fn every_official_example_round_trips_through_our_types() {
    let all = examples();
    assert!(
        all.len() >= 100,
        "only {} examples found under {}",
        all.len(),
        support::examples_dir().display()
    );
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut unmapped = std::collections::BTreeSet::new();
    for example in &all {
        match TABLE.iter().find(|(name, _)| *name == example.definition) {
            None => {
                unmapped.insert(example.definition.clone());
            }
            Some((_, check)) => {
                let known = KNOWN_DIFFERENCES.iter().find(|(label, _)| *label == example.label());
                match (check(&example.value), known) {
                    (Ok(()), None) => passed += 1,
                    (Err(e), Some((_, expected))) if e == *expected => passed += 1,
                    (Ok(()), Some(_)) => failures.push(format!(
                        "  {}: listed in KNOWN_DIFFERENCES but round-trips now; remove it",
                        example.label()
                    )),
                    (Err(e), _) => failures.push(format!("  {}: {e}", example.label())),
                }
            }
        }
    }
    let folders: std::collections::BTreeSet<&str> = all.iter().map(|e| e.definition.as_str()).collect();
    let stale: Vec<&str> = TABLE.iter().map(|(n, _)| *n).filter(|n| !folders.contains(n)).collect();
    println!(
        "{passed}/{} examples round-trip ({} definitions mapped, {} example folders)",
        all.len(),
        TABLE.len(),
        folders.len()
    );
    let mut report = String::new();
    if !failures.is_empty() {
        report += &format!("{} examples fail:\n{}\n", failures.len(), failures.join("\n"));
    }
    if !unmapped.is_empty() {
        report += &format!("example folders with no entry in TABLE (add one): {unmapped:?}\n");
    }
    if !stale.is_empty() {
        report += &format!("TABLE entries with no example folder (remove them): {stale:?}\n");
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn table_has_no_duplicate_entries() {
    let mut names: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "TABLE lists a definition twice");
}

#[test]
fn checks_reject_examples_of_another_definition() {
    // The checks are not vacuous: an example decoded as the wrong kind of message, with the wrong
    // method, or with a changed error code fails.
    let find = |name: &str| examples().into_iter().find(|e| e.definition == name).expect(name).value;
    let call = find("CallToolRequest");
    let check = |name: &str| TABLE.iter().find(|(n, _)| *n == name).expect(name).1;
    assert!(check("CallToolRequest")(&call).is_ok());
    assert!(check("ListToolsRequest")(&call).is_err(), "tools/call accepted as tools/list");
    assert!(check("CallToolResultResponse")(&call).is_err(), "a request accepted as a response");
    let mut no_name = call.clone();
    no_name["params"].as_object_mut().unwrap().remove("name");
    assert!(check("CallToolRequest")(&no_name).is_err(), "tools/call without a name accepted");
    let header = find("HeaderMismatchError");
    assert!(check("HeaderMismatchError")(&header).is_ok());
    assert!(check("ParseError")(&header).is_err(), "-32020 accepted as a parse error");
    let text = find("TextContent");
    assert!(check("TextContent")(&text).is_ok());
    assert!(check("ImageContent")(&text).is_err(), "text content accepted as image content");
    let result = find("CallToolResult");
    let mut wrong = result.clone();
    wrong["content"] = Value::from("not an array");
    assert!(check("CallToolResult")(&wrong).is_err());
}
