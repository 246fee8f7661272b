//! Tools: `tools/list`, `tools/call` and `notifications/tools/list_changed`.
//!
//! 2026-07-28 `server/tools.mdx`; legacy differences from 2024-11-05 … 2025-11-25
//! `server/tools.mdx`: `annotations` from 2025-03-26, `title`, `outputSchema` and
//! `structuredContent` from 2025-06-18, `icons` and `execution` (tasks) from 2025-11-25.
//! Before 2026-07-28 `outputSchema` and `structuredContent` had to be objects; 2026-07-28 allows
//! any JSON Schema and any JSON value.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{CacheScope, Cursor, Icon, JsonObject, ResultType, adapt_cache_hints, adapt_result_type};
use super::content::ContentBlock;
use super::input::InputResponses;
use super::tasks::TaskMetadata;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// Hints about a tool's behaviour (`ToolAnnotations`, 2025-03-26 and later).
///
/// Hints only: clients must not trust them from untrusted servers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolAnnotations {
    /// Display name (after `Tool.title`, before `Tool.name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The tool does not modify its environment (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only_hint: Option<bool>,
    /// The tool may perform destructive updates (default `true`; meaningful when not read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destructive_hint: Option<bool>,
    /// Repeating a call with the same arguments has no further effect (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent_hint: Option<bool>,
    /// The tool interacts with an open world of external entities (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_world_hint: Option<bool>,
}

/// Whether a tool can run as a task (`ToolExecution.taskSupport`, 2025-11-25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskSupport {
    /// `"forbidden"` (the default): the tool cannot be called as a task.
    Forbidden,
    /// `"optional"`: the client may call it as a task or not.
    Optional,
    /// `"required"`: the client must call it as a task.
    Required,
}

/// How a tool may be executed (`ToolExecution`, 2025-11-25 `basic/utilities/tasks.mdx`
/// "Tool-Level Negotiation").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolExecution {
    /// Task support; absent means [`TaskSupport::Forbidden`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_support: Option<TaskSupport>,
}

/// A tool the client can call (`Tool`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tool {
    /// Unique name of the tool (2025-11-25 `server/tools.mdx` "Tool Names": 1–128 characters
    /// of `A-Za-z0-9_-.`).
    pub name: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the tool does; a hint for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// JSON Schema of the arguments; its root has `"type": "object"`. JSON Schema 2020-12
    /// unless `$schema` says otherwise.
    pub input_schema: JsonObject,
    /// JSON Schema of `structuredContent` (2025-06-18 and later; an object schema before
    /// 2026-07-28).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<JsonObject>,
    /// Behaviour hints (2025-03-26 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<ToolAnnotations>,
    /// Icons a user interface may show (2025-11-25 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Execution properties (2025-11-25 tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<ToolExecution>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Tool {
    /// A tool with `name` and the arguments schema `input_schema` (an object schema, e.g.
    /// `{"type": "object", "properties": {...}}`).
    pub fn new(name: impl Into<String>, input_schema: JsonObject) -> Self {
        Tool { name: name.into(), input_schema, ..Tool::default() }
    }

    /// Whether `output_schema` is present and describes an object (`"type": "object"`), the
    /// only kind the legacy revisions allow.
    fn has_object_output_schema(&self) -> bool {
        self.output_schema.as_ref().is_some_and(|s| s.get("type") == Some(&Value::from("object")))
    }
}

impl Revisioned for Tool {
    /// Legacy: drops an `outputSchema` that 2025-06-18/2025-11-25 cannot express (not an
    /// object schema), and any `outputSchema` before 2025-06-18; a legacy client then treats
    /// the tool's output as unstructured. `execution` (task support) exists only in 2025-11-25
    /// and is dropped elsewhere.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version != ProtocolVersion::V2025_11_25 {
            self.execution = None;
        }
        if !version.is_modern()
            && (version < ProtocolVersion::V2025_06_18 || !self.has_object_output_schema())
        {
            self.output_schema = None;
        }
    }
}

/// Parameters of `tools/list` (`PaginatedRequestParams`).
pub type ListToolsRequestParams = super::common::PaginatedRequestParams;

/// The result of `tools/list` (`ListToolsResult`).
///
/// 2026-07-28 requires `resultType`, `ttlMs` and `cacheScope`; legacy revisions define none
/// of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListToolsResult {
    /// One page of tools.
    pub tools: Vec<Tool>,
    /// Cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<Cursor>,
    /// 2026-07-28: how long in milliseconds the client may cache the result (0 = stale now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
    /// 2026-07-28: who may reuse the cached result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_scope: Option<CacheScope>,
    /// 2026-07-28 (required): how to read the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Result metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revisioned for ListToolsResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
        self.tools.iter_mut().for_each(|t| t.adapt_to(version));
    }
}

/// Parameters of `tools/call` (`CallToolRequestParams`).
///
/// `task` is 2025-11-25 only (legacy tasks); `inputResponses` and `requestState` are
/// 2026-07-28 only (the retry after an `InputRequiredResult`, `basic/input-required.mdx`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolRequestParams {
    /// Name of the tool.
    pub name: String,
    /// Arguments, matching the tool's `inputSchema`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<JsonObject>,
    /// 2025-11-25: run the call as a task with these settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// 2026-07-28: answers to the previous `inputRequests`, by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_responses: Option<InputResponses>,
    /// 2026-07-28: the opaque `requestState` of the previous `InputRequiredResult`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_state: Option<String>,
    /// Request metadata (required in 2026-07-28; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl CallToolRequestParams {
    /// A call of `name` with `arguments`.
    pub fn new(name: impl Into<String>, arguments: JsonObject) -> Self {
        CallToolRequestParams { name: name.into(), arguments: Some(arguments), ..Self::default() }
    }
}

impl Revisioned for CallToolRequestParams {
    /// Modern: drops `task` and adapts each input response. Legacy: drops `inputResponses`
    /// and `requestState`, and `task` before 2025-11-25.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.task = None;
            self.input_responses.iter_mut().flat_map(|r| r.values_mut()).for_each(|r| r.adapt_to(version));
        } else {
            self.input_responses = None;
            self.request_state = None;
            if version < ProtocolVersion::V2025_11_25 {
                self.task = None;
            }
        }
    }
}

/// The result of `tools/call` (`CallToolResult`).
///
/// Errors of the tool itself are results with `isError: true` (so the model can see them);
/// unknown tools and other protocol problems are JSON-RPC errors (`server/tools.mdx` "Error
/// Handling").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallToolResult {
    /// Unstructured result.
    pub content: Vec<ContentBlock>,
    /// Structured result matching the tool's `outputSchema` (2025-06-18 and later; any JSON
    /// value in 2026-07-28, an object before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_content: Option<Value>,
    /// Whether the call failed; absent means `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// 2026-07-28 (required): how to read the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Result metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CallToolResult {
    /// A successful result with these content blocks.
    pub fn new(content: Vec<ContentBlock>) -> Self {
        CallToolResult { content, ..CallToolResult::default() }
    }

    /// A successful result with one text block.
    pub fn text(text: impl Into<String>) -> Self {
        CallToolResult::new(vec![ContentBlock::text(text)])
    }

    /// A tool error (`isError: true`) with one text block describing it.
    pub fn error(message: impl Into<String>) -> Self {
        CallToolResult { is_error: Some(true), ..CallToolResult::text(message) }
    }

    /// A successful structured result; the content holds the value serialized as JSON text,
    /// as `server/tools.mdx` "Structured Content" recommends for compatibility.
    pub fn structured(value: Value) -> Self {
        CallToolResult { structured_content: Some(value.clone()), ..CallToolResult::text(value.to_string()) }
    }

    /// Whether the result reports a tool error.
    pub fn is_error(&self) -> bool {
        self.is_error == Some(true)
    }
}

impl Revisioned for CallToolResult {
    /// Legacy: removes `resultType`, rewrites content blocks the revision lacks (see
    /// [`ContentBlock`]), and drops `structuredContent` where the revision cannot carry it
    /// (before 2025-06-18, or not an object).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        if version.is_modern() {
            return;
        }
        self.content.iter_mut().for_each(|c| c.adapt_to(version));
        if version < ProtocolVersion::V2025_06_18
            || !self.structured_content.as_ref().is_none_or(Value::is_object)
        {
            self.structured_content = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    fn object(v: Value) -> JsonObject {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn tool_examples_round_trip() {
        let tools: Vec<Tool> = round_trip_examples("Tool");
        assert!(tools.iter().all(|t| t.input_schema["type"] == "object"));
        let array_output = tools.iter().find(|t| t.name == "list_users").unwrap();
        assert_eq!(array_output.output_schema.as_ref().unwrap()["type"], "array");

        let lists: Vec<ListToolsResult> = round_trip_examples("ListToolsResult");
        assert_eq!(lists[0].ttl_ms, Some(300_000));
        assert_eq!(lists[0].cache_scope, Some(CacheScope::Public));
        let _: Vec<ListToolsResult> = round_trip_members("ListToolsResultResponse", "result");
    }

    #[test]
    fn legacy_tools_lose_non_object_output_schemas() {
        let tools: Vec<Tool> = round_trip_examples("Tool");
        let list = ListToolsResult { tools, result_type: Some(ResultType::Complete), ..Default::default() };
        let legacy = list.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!(legacy.result_type, None);
        let by_name = |l: &ListToolsResult, n: &str| l.tools.iter().find(|t| t.name == n).unwrap().clone();
        assert_eq!(by_name(&legacy, "list_users").output_schema, None);
        assert!(by_name(&legacy, "get_weather_data").output_schema.is_some());
        let old = list.clone().for_revision(ProtocolVersion::V2025_03_26);
        assert!(old.tools.iter().all(|t| t.output_schema.is_none()));
        let modern = list.clone().for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(modern.tools, list.tools);
        assert_eq!((modern.ttl_ms, modern.cache_scope), (Some(0), Some(CacheScope::Private)));
    }

    #[test]
    fn call_params_examples_and_adapt() {
        let params: Vec<CallToolRequestParams> = round_trip_examples("CallToolRequestParams");
        assert!(
            params.iter().any(|p| p.meta.as_ref().unwrap().progress_token() == Some(&json!("oivaizmir")))
        );
        let from_request: Vec<CallToolRequestParams> = round_trip_members("CallToolRequest", "params");
        assert!(!from_request[0].name.is_empty());

        let json = json!({"name": "t", "task": {"ttl": 1000}, "requestState": "s",
                          "inputResponses": {"k": {"action": "cancel"}}});
        let p: CallToolRequestParams = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), json);
        assert_eq!(
            serde_json::to_value(p.clone().for_revision(ProtocolVersion::V2026_07_28)).unwrap(),
            json!({"name": "t", "requestState": "s", "inputResponses": {"k": {"action": "cancel"}}})
        );
        assert_eq!(
            serde_json::to_value(p.clone().for_revision(ProtocolVersion::V2025_11_25)).unwrap(),
            json!({"name": "t", "task": {"ttl": 1000}})
        );
        assert_eq!(
            serde_json::to_value(p.for_revision(ProtocolVersion::V2025_06_18)).unwrap(),
            json!({"name": "t"})
        );
        let new = CallToolRequestParams::new("add", object(json!({"a": 1})));
        assert_eq!(serde_json::to_value(new).unwrap(), json!({"name": "add", "arguments": {"a": 1}}));
    }

    #[test]
    fn call_result_examples_round_trip() {
        let results: Vec<CallToolResult> = round_trip_examples("CallToolResult");
        assert_eq!(results.len(), 4);
        assert!(results.iter().any(CallToolResult::is_error));
        assert!(results.iter().any(|r| r.structured_content.as_ref().is_some_and(Value::is_array)));
        let _: Vec<CallToolResult> = round_trip_members("CallToolResultResponse", "result");
    }

    #[test]
    fn call_result_adapt() {
        let results: Vec<CallToolResult> = round_trip_examples("CallToolResult");
        for r in &results {
            assert_eq!(&r.clone().for_revision(ProtocolVersion::V2026_07_28), r);
            let legacy = r.clone().for_revision(ProtocolVersion::V2025_06_18);
            assert_eq!(legacy.result_type, None);
            assert_eq!(legacy.content, r.content);
            match &r.structured_content {
                Some(Value::Object(_)) => assert_eq!(legacy.structured_content, r.structured_content),
                _ => assert_eq!(legacy.structured_content, None),
            }
            assert_eq!(r.clone().for_revision(ProtocolVersion::V2025_03_26).structured_content, None);
        }

        let mut mixed = CallToolResult::new(vec![
            ContentBlock::text("a"),
            ContentBlock::resource_link("file:///x", "x"),
            ContentBlock::audio("AA==", "audio/ogg"),
        ]);
        mixed.adapt_to(ProtocolVersion::V2024_11_05);
        let kinds: Vec<_> = mixed.content.iter().map(ContentBlock::kind).collect();
        assert_eq!(kinds, ["text", "text", "text"]);
        assert_eq!(mixed.content[1].as_text(), Some("file:///x"));
    }

    #[test]
    fn constructors() {
        assert_eq!(
            serde_json::to_value(CallToolResult::error("boom").for_revision(ProtocolVersion::V2026_07_28))
                .unwrap(),
            json!({"content": [{"type": "text", "text": "boom"}], "isError": true, "resultType": "complete"})
        );
        let s = CallToolResult::structured(json!({"t": 1}));
        assert_eq!(s.content[0].as_text(), Some(r#"{"t":1}"#));
        assert_eq!(s.structured_content, Some(json!({"t": 1})));
        assert!(!s.is_error());
        let t = Tool::new("x", object(json!({"type": "object"})));
        assert_eq!(serde_json::to_value(t).unwrap(), json!({"name": "x", "inputSchema": {"type": "object"}}));
    }

    #[test]
    fn unknown_result_members_survive() {
        let json = json!({"content": [], "resultType": "complete", "x-trace": "abc"});
        let r: CallToolResult = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(r.extra["x-trace"], "abc");
        assert_eq!(
            serde_json::to_value(r.for_revision(ProtocolVersion::V2025_11_25)).unwrap(),
            json!({"content": [], "x-trace": "abc"})
        );
        assert!(serde_json::from_value::<CallToolResult>(json!({"resultType": "complete"})).is_err());
    }

    #[test]
    fn annotations_and_execution() {
        let json = json!({"name": "d", "inputSchema": {"type": "object"},
                          "annotations": {"title": "Delete", "destructiveHint": true, "readOnlyHint": false},
                          "execution": {"taskSupport": "optional"}});
        let t: Tool = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(t.execution.as_ref().unwrap().task_support, Some(TaskSupport::Optional));
        assert_eq!(t.annotations.as_ref().unwrap().destructive_hint, Some(true));
        assert_eq!(serde_json::to_value(&t).unwrap(), json);
    }
}
