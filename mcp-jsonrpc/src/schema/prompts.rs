//! Prompts: `prompts/list`, `prompts/get` and `notifications/prompts/list_changed`.
//!
//! 2026-07-28 `server/prompts.mdx`; `title` is 2025-06-18 and later, `icons` 2025-11-25 and
//! later, `inputResponses`/`requestState` 2026-07-28 only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{CacheScope, Cursor, Icon, ResultType, Role, adapt_cache_hints, adapt_result_type};
use super::content::ContentBlock;
use super::input::InputResponses;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// An argument a prompt template accepts (`PromptArgument`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptArgument {
    /// Name of the argument.
    pub name: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the argument means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the argument must be given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

/// A prompt or prompt template the server offers (`Prompt`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prompt {
    /// Programmatic name (display fallback when `title` is absent).
    pub name: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the prompt provides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Arguments for templating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Vec<PromptArgument>>,
    /// Icons a user interface may show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Prompt {
    /// A prompt with only a name.
    pub fn new(name: impl Into<String>) -> Self {
        Prompt { name: name.into(), ..Prompt::default() }
    }
}

/// One message of a prompt (`PromptMessage`): a role and one content block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptMessage {
    /// Who speaks.
    pub role: Role,
    /// What is said.
    pub content: ContentBlock,
}

impl PromptMessage {
    /// A text message from `role`.
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        PromptMessage { role, content: ContentBlock::text(text) }
    }
}

/// Parameters of `prompts/list` (`PaginatedRequestParams`).
pub type ListPromptsRequestParams = super::common::PaginatedRequestParams;

/// The result of `prompts/list` (`ListPromptsResult`).
///
/// 2026-07-28 requires `resultType`, `ttlMs` and `cacheScope`; legacy revisions define none
/// of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPromptsResult {
    /// One page of prompts.
    pub prompts: Vec<Prompt>,
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

impl Revisioned for ListPromptsResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
    }
}

/// Parameters of `prompts/get` (`GetPromptRequestParams`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPromptRequestParams {
    /// Name of the prompt.
    pub name: String,
    /// Template arguments, by name (string values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<BTreeMap<String, String>>,
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

impl Revisioned for GetPromptRequestParams {
    /// Modern: adapts each input response. Legacy: drops `inputResponses` and `requestState`.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.input_responses.iter_mut().flat_map(|r| r.values_mut()).for_each(|r| r.adapt_to(version));
        } else {
            self.input_responses = None;
            self.request_state = None;
        }
    }
}

/// The result of `prompts/get` (`GetPromptResult`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPromptResult {
    /// Description of the prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The messages.
    pub messages: Vec<PromptMessage>,
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

impl Revisioned for GetPromptResult {
    /// Also rewrites content blocks a legacy revision lacks (see [`ContentBlock`]).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        self.messages.iter_mut().for_each(|m| m.content.adapt_to(version));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn list_example_round_trips_and_adapts() {
        let lists: Vec<ListPromptsResult> = round_trip_examples("ListPromptsResult");
        let list = &lists[0];
        assert_eq!(list.prompts[0].arguments.as_ref().unwrap()[0].required, Some(true));
        assert_eq!((list.ttl_ms, list.cache_scope), (Some(600_000), Some(CacheScope::Public)));
        let legacy = list.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!((legacy.ttl_ms, legacy.cache_scope, legacy.result_type), (None, None, None));
        assert_eq!(legacy.prompts, list.prompts);
        let _: Vec<ListPromptsResult> = round_trip_members("ListPromptsResultResponse", "result");
    }

    #[test]
    fn get_examples_round_trip() {
        let params: Vec<GetPromptRequestParams> = round_trip_examples("GetPromptRequestParams");
        assert_eq!(params[0].arguments.as_ref().unwrap()["code"], "def hello():\n    print('world')");
        let _: Vec<GetPromptRequestParams> = round_trip_members("GetPromptRequest", "params");
        let results: Vec<GetPromptResult> = round_trip_examples("GetPromptResult");
        assert_eq!(results[0].messages[0].role, Role::User);
        let _: Vec<GetPromptResult> = round_trip_members("GetPromptResultResponse", "result");
    }

    #[test]
    fn get_result_adapts() {
        let mut r = GetPromptResult {
            messages: vec![
                PromptMessage::text(Role::User, "hi"),
                PromptMessage {
                    role: Role::Assistant,
                    content: ContentBlock::resource_link("file:///a", "a"),
                },
            ],
            extra: Map::from_iter([("x".to_owned(), json!(1))]),
            ..GetPromptResult::default()
        };
        r.adapt_to(ProtocolVersion::V2026_07_28);
        assert_eq!(r.result_type, Some(ResultType::Complete));
        assert_eq!(r.messages[1].content.kind(), "resource_link");
        r.adapt_to(ProtocolVersion::V2025_03_26);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"messages": [{"role": "user", "content": {"type": "text", "text": "hi"}},
                                {"role": "assistant", "content": {"type": "text", "text": "file:///a"}}],
                   "x": 1})
        );
    }

    #[test]
    fn get_params_adapt() {
        let p: GetPromptRequestParams =
            serde_json::from_value(json!({"name": "p", "requestState": "s", "inputResponses": {}})).unwrap();
        assert_eq!(p.clone().for_revision(ProtocolVersion::V2026_07_28), p);
        let legacy = p.for_revision(ProtocolVersion::V2025_06_18);
        assert_eq!(serde_json::to_value(legacy).unwrap(), json!({"name": "p"}));
        assert!(
            serde_json::from_value::<GetPromptRequestParams>(json!({"name": "p", "arguments": {"a": 1}}))
                .is_err()
        );
    }
}
