//! Sampling: the server asks the client's LLM for a completion (deprecated in 2026-07-28).
//!
//! Spec: 2026-07-28 `client/sampling.mdx` (an input request inside an `InputRequiredResult`),
//! legacy `client/sampling.mdx` (a real `sampling/createMessage` request from server to
//! client). Revision differences, applied by [`Revisioned`]:
//! - audio content from 2025-03-26;
//! - 2025-11-25: tool use (`tools`, `toolChoice`, [`ToolUseContent`], [`ToolResultContent`],
//!   content arrays), `_meta` on messages, `task` (legacy tasks, 2025-11-25 only);
//! - `includeContext` values `thisServer`/`allServers` are deprecated (servers SHOULD only
//!   use them when the client declares `sampling.context`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{JsonObject, Role};
use super::content::{AudioContent, ContentBlock, ImageContent, TextContent};
use super::tasks::TaskMetadata;
use super::tools::Tool;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// A model's request to call a tool (`ToolUseContent`, `type: "tool_use"`, 2025-11-25 and later).
///
/// As with the other content structs, the `type` member is written by the enclosing
/// [`SamplingMessageContentBlock`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolUseContent {
    /// Unique id of this tool use; the matching [`ToolResultContent::tool_use_id`] repeats it.
    pub id: String,
    /// The tool to call.
    pub name: String,
    /// The arguments, matching the tool's `inputSchema`.
    pub input: JsonObject,
    /// Metadata; clients SHOULD keep it when resending the tool use (caching).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The result of a tool use, sent back to the model (`ToolResultContent`,
/// `type: "tool_result"`, 2025-11-25 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolResultContent {
    /// The [`ToolUseContent::id`] this answers.
    pub tool_use_id: String,
    /// Unstructured result (the same blocks as `CallToolResult.content`).
    pub content: Vec<ContentBlock>,
    /// Structured result (any JSON value in 2026-07-28, an object in 2025-11-25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_content: Option<Value>,
    /// Whether the tool use failed; absent means `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// Metadata; clients SHOULD keep it when resending the result.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// One block of a sampling message (`SamplingMessageContentBlock`), tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum SamplingMessageContentBlock {
    /// `"text"`.
    #[serde(rename = "text")]
    Text(TextContent),
    /// `"image"`.
    #[serde(rename = "image")]
    Image(ImageContent),
    /// `"audio"` (2025-03-26 and later).
    #[serde(rename = "audio")]
    Audio(AudioContent),
    /// `"tool_use"` (2025-11-25 and later).
    #[serde(rename = "tool_use")]
    ToolUse(ToolUseContent),
    /// `"tool_result"` (2025-11-25 and later).
    #[serde(rename = "tool_result")]
    ToolResult(ToolResultContent),
}

impl SamplingMessageContentBlock {
    /// A text block.
    pub fn text(text: impl Into<String>) -> Self {
        SamplingMessageContentBlock::Text(TextContent::new(text))
    }

    /// The text, when this is a text block.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            SamplingMessageContentBlock::Text(t) => Some(&t.text),
            _ => None,
        }
    }

    /// The wire value of `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            SamplingMessageContentBlock::Text(_) => "text",
            SamplingMessageContentBlock::Image(_) => "image",
            SamplingMessageContentBlock::Audio(_) => "audio",
            SamplingMessageContentBlock::ToolUse(_) => "tool_use",
            SamplingMessageContentBlock::ToolResult(_) => "tool_result",
        }
    }

    /// Whether `version` defines this kind of block in sampling.
    pub fn is_defined_in(&self, version: ProtocolVersion) -> bool {
        match self {
            SamplingMessageContentBlock::Text(_) | SamplingMessageContentBlock::Image(_) => true,
            SamplingMessageContentBlock::Audio(_) => version >= ProtocolVersion::V2025_03_26,
            _ => version >= ProtocolVersion::V2025_11_25,
        }
    }
}

impl From<TextContent> for SamplingMessageContentBlock {
    fn from(c: TextContent) -> Self {
        SamplingMessageContentBlock::Text(c)
    }
}

impl From<ToolUseContent> for SamplingMessageContentBlock {
    fn from(c: ToolUseContent) -> Self {
        SamplingMessageContentBlock::ToolUse(c)
    }
}

impl From<ToolResultContent> for SamplingMessageContentBlock {
    fn from(c: ToolResultContent) -> Self {
        SamplingMessageContentBlock::ToolResult(c)
    }
}

/// The `content` of a sampling message or result: one block, or (2025-11-25 and later) a
/// list of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SamplingContent {
    /// A single block.
    Single(SamplingMessageContentBlock),
    /// Several blocks (e.g. parallel tool uses, or their results).
    Multiple(Vec<SamplingMessageContentBlock>),
}

impl SamplingContent {
    /// The blocks, as a slice.
    pub fn blocks(&self) -> &[SamplingMessageContentBlock] {
        match self {
            SamplingContent::Single(b) => std::slice::from_ref(b),
            SamplingContent::Multiple(v) => v,
        }
    }

    /// The text of a single text block.
    pub fn as_text(&self) -> Option<&str> {
        match self.blocks() {
            [only] => only.as_text(),
            _ => None,
        }
    }

    /// Before 2025-11-25 content must be one block: a one-element list becomes that block
    /// (longer lists and tool blocks cannot be expressed and are left as they are).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version < ProtocolVersion::V2025_11_25
            && let SamplingContent::Multiple(v) = self
            && v.len() == 1
        {
            *self = SamplingContent::Single(v.remove(0));
        }
    }
}

impl From<SamplingMessageContentBlock> for SamplingContent {
    fn from(b: SamplingMessageContentBlock) -> Self {
        SamplingContent::Single(b)
    }
}

impl From<Vec<SamplingMessageContentBlock>> for SamplingContent {
    fn from(v: Vec<SamplingMessageContentBlock>) -> Self {
        SamplingContent::Multiple(v)
    }
}

/// A message sent to or received from the LLM (`SamplingMessage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SamplingMessage {
    /// Who wrote it.
    pub role: Role,
    /// The content.
    pub content: SamplingContent,
    /// Metadata (2025-11-25 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl SamplingMessage {
    /// A user message with one text block.
    pub fn user_text(text: impl Into<String>) -> Self {
        SamplingMessage {
            role: Role::User,
            content: SamplingMessageContentBlock::text(text).into(),
            meta: None,
        }
    }

    /// An assistant message with one text block.
    pub fn assistant_text(text: impl Into<String>) -> Self {
        SamplingMessage {
            role: Role::Assistant,
            content: SamplingMessageContentBlock::text(text).into(),
            meta: None,
        }
    }
}

/// Which servers' context the client should add to the prompt (`includeContext`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IncludeContext {
    /// `"none"` (the default).
    None,
    /// `"thisServer"` (deprecated; needs the client's `sampling.context` capability).
    ThisServer,
    /// `"allServers"` (deprecated; needs the client's `sampling.context` capability).
    AllServers,
}

/// A hint for model selection (`ModelHint`). Keys the spec does not name are kept in `extra`
/// for the client to interpret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelHint {
    /// A (sub)string of a model name, e.g. `claude-3-5-sonnet` or `sonnet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Other keys.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The server's advisory model-selection preferences (`ModelPreferences`). Priorities are in
/// `0.0..=1.0`; the client MAY ignore all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelPreferences {
    /// Name hints, evaluated in order (first match wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints: Option<Vec<ModelHint>>,
    /// Importance of low cost (0 = unimportant, 1 = most important).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_priority: Option<f64>,
    /// Importance of low latency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_priority: Option<f64>,
    /// Importance of capability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intelligence_priority: Option<f64>,
}

/// How the model may use tools (`ToolChoice.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolChoiceMode {
    /// The model decides (the default).
    Auto,
    /// The model MUST use at least one tool.
    Required,
    /// The model MUST NOT use tools.
    None,
}

/// Tool selection behaviour (`ToolChoice`, 2025-11-25 and later); absent means `auto`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolChoice {
    /// The mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ToolChoiceMode>,
}

/// `params` of `sampling/createMessage` (`CreateMessageRequestParams`).
///
/// The client MUST answer with an error when `tools` or `toolChoice` is present but it did not
/// declare `sampling.tools`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateMessageRequestParams {
    /// The conversation.
    pub messages: Vec<SamplingMessage>,
    /// Model-selection preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_preferences: Option<ModelPreferences>,
    /// A system prompt the client MAY modify or omit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    /// Context to include (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_context: Option<IncludeContext>,
    /// Sampling temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// Maximum number of tokens to sample; the client MAY sample fewer.
    pub max_tokens: u64,
    /// Sequences that stop sampling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    /// Provider-specific metadata passed through to the LLM provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    /// Tools the model may use (2025-11-25 and later; needs `sampling.tools`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<Tool>>,
    /// How the model may use them (2025-11-25 and later; needs `sampling.tools`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ToolChoice>,
    /// Legacy tasks (2025-11-25 only): run the sampling as a task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// Request metadata (legacy revisions).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl CreateMessageRequestParams {
    /// A request for at most `max_tokens` tokens continuing `messages`.
    pub fn new(messages: Vec<SamplingMessage>, max_tokens: u64) -> Self {
        CreateMessageRequestParams {
            messages,
            model_preferences: None,
            system_prompt: None,
            include_context: None,
            temperature: None,
            max_tokens,
            stop_sequences: None,
            metadata: None,
            tools: None,
            tool_choice: None,
            task: None,
            meta: None,
        }
    }

    /// Whether the request uses tools (`tools` or `toolChoice` present), which needs the
    /// client's `sampling.tools` capability.
    pub fn uses_tools(&self) -> bool {
        self.tools.is_some() || self.tool_choice.is_some()
    }

    /// Whether the request asks for context other than `none`, which needs the client's
    /// `sampling.context` capability.
    pub fn uses_context(&self) -> bool {
        self.include_context.is_some_and(|c| c != IncludeContext::None)
    }
}

impl Revisioned for CreateMessageRequestParams {
    /// Before 2025-11-25: drops `tools`, `toolChoice` and messages' `_meta`, and unwraps
    /// one-element content lists. `task` only exists in 2025-11-25.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version != ProtocolVersion::V2025_11_25 {
            self.task = None;
        }
        if version < ProtocolVersion::V2025_11_25 {
            self.tools = None;
            self.tool_choice = None;
            for m in &mut self.messages {
                m.meta = None;
                m.content.adapt_to(version);
            }
        }
    }
}

/// The client's answer to `sampling/createMessage` (`CreateMessageResult`): a
/// [`SamplingMessage`] plus the model name and stop reason.
///
/// In the legacy revisions this is the JSON-RPC result of the server's request; in
/// 2026-07-28 it is an [`InputResponse`](super::input::InputResponse), which carries no
/// `resultType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateMessageResult {
    /// Who wrote the message (normally `assistant`).
    pub role: Role,
    /// The sampled content.
    pub content: SamplingContent,
    /// The model that generated it.
    pub model: String,
    /// Why sampling stopped: [`CreateMessageResult::END_TURN`], `STOP_SEQUENCE`,
    /// `MAX_TOKENS`, `TOOL_USE`, or a provider-specific string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<String>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not name, kept so the value round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateMessageResult {
    /// `stopReason` `"endTurn"`: the assistant's turn ended naturally.
    pub const END_TURN: &'static str = "endTurn";
    /// `stopReason` `"stopSequence"`.
    pub const STOP_SEQUENCE: &'static str = "stopSequence";
    /// `stopReason` `"maxTokens"`.
    pub const MAX_TOKENS: &'static str = "maxTokens";
    /// `stopReason` `"toolUse"`: the model wants to use tools.
    pub const TOOL_USE: &'static str = "toolUse";

    /// An assistant text answer from `model` that ended its turn.
    pub fn assistant_text(model: impl Into<String>, text: impl Into<String>) -> Self {
        CreateMessageResult {
            role: Role::Assistant,
            content: SamplingMessageContentBlock::text(text).into(),
            model: model.into(),
            stop_reason: Some(Self::END_TURN.to_owned()),
            meta: None,
            extra: Map::new(),
        }
    }
}

impl Revisioned for CreateMessageResult {
    /// Removes `resultType` (no revision defines it here: legacy results lack it and the
    /// 2026-07-28 input response has none) and, before 2025-11-25, unwraps a one-element
    /// content list.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        self.extra.remove("resultType");
        self.content.adapt_to(version);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn official_examples_round_trip() {
        let params: Vec<CreateMessageRequestParams> = round_trip_examples("CreateMessageRequestParams");
        assert_eq!(params.len(), 3);
        assert!(params.iter().any(|p| p.uses_tools()));
        let follow_up = params.iter().find(|p| p.messages.len() == 3).unwrap();
        let SamplingContent::Multiple(results) = &follow_up.messages[2].content else { panic!() };
        assert!(
            matches!(&results[0], SamplingMessageContentBlock::ToolResult(r) if r.tool_use_id == "call_abc123")
        );

        let results: Vec<CreateMessageResult> = round_trip_examples("CreateMessageResult");
        let tool_use =
            results.iter().find(|r| r.stop_reason.as_deref() == Some(CreateMessageResult::TOOL_USE));
        assert_eq!(tool_use.unwrap().content.blocks().len(), 2);

        let msgs: Vec<SamplingMessage> = round_trip_examples("SamplingMessage");
        assert!(msgs.iter().any(|m| m.content.as_text() == Some("What is the capital of France?")));
        let prefs: Vec<ModelPreferences> = round_trip_examples("ModelPreferences");
        assert_eq!(prefs[0].cost_priority, Some(0.3));
        let blocks: Vec<SamplingMessageContentBlock> = round_trip_examples("ToolUseContent");
        assert_eq!(blocks[0].kind(), "tool_use");
        let blocks: Vec<SamplingMessageContentBlock> = round_trip_examples("ToolResultContent");
        assert_eq!(blocks[0].kind(), "tool_result");
        let req: Vec<CreateMessageRequestParams> = round_trip_members("CreateMessageRequest", "params");
        assert_eq!(req[0].max_tokens, 100);
    }

    #[test]
    fn malformed_params_are_rejected() {
        let no_max = json!({"messages": []});
        assert!(serde_json::from_value::<CreateMessageRequestParams>(no_max).is_err());
        let bad_block = json!({"role": "user", "content": {"type": "video", "data": "x"}});
        assert!(serde_json::from_value::<SamplingMessage>(bad_block).is_err());
        let bad_ctx = json!({"messages": [], "maxTokens": 1, "includeContext": "everything"});
        assert!(serde_json::from_value::<CreateMessageRequestParams>(bad_ctx).is_err());
    }

    #[test]
    fn capability_checks() {
        let mut p = CreateMessageRequestParams::new(vec![SamplingMessage::user_text("hi")], 10);
        assert!(!p.uses_tools() && !p.uses_context());
        p.tool_choice = Some(ToolChoice { mode: Some(ToolChoiceMode::None) });
        p.include_context = Some(IncludeContext::None);
        assert!(p.uses_tools() && !p.uses_context());
        p.include_context = Some(IncludeContext::ThisServer);
        assert!(p.uses_context());
    }

    #[test]
    fn adapting_to_older_revisions() {
        let mut p = CreateMessageRequestParams::new(
            vec![SamplingMessage {
                role: Role::User,
                content: vec![SamplingMessageContentBlock::text("hi")].into(),
                meta: Some(Meta::new().with("k", 1)),
            }],
            10,
        );
        p.tools = Some(vec![Tool::new("t", Map::new())]);
        p.task = Some(TaskMetadata { ttl: Some(5) });
        let same = p.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!(same, p);
        let modern = p.clone().for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(modern.task, None);
        assert!(modern.tools.is_some());
        let old = p.for_revision(ProtocolVersion::V2025_06_18);
        assert_eq!((old.tools, old.task, &old.messages[0].meta), (None, None, &None));
        assert_eq!(old.messages[0].content, SamplingContent::Single(SamplingMessageContentBlock::text("hi")));

        let mut r = CreateMessageResult::assistant_text("m", "x");
        r.extra.insert("resultType".into(), json!("complete"));
        r.adapt_to(ProtocolVersion::V2026_07_28);
        assert!(r.extra.is_empty());
        assert_eq!(r.content.as_text(), Some("x"));
    }
}
