//! Argument completion: `completion/complete`.
//!
//! 2026-07-28 `server/utilities/completion.mdx`. The `ref/resource` reference is
//! `ResourceReference` in 2024-11-05 and 2025-03-26 and `ResourceTemplateReference` later,
//! with the same shape; `context` is 2025-06-18 and later. The server declares the
//! `completions` capability (2025-03-26 and later).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{ResultType, adapt_result_type};
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// A reference to a prompt (`PromptReference`, `type: "ref/prompt"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptReference {
    /// Name of the prompt.
    pub name: String,
    /// Human-readable display name (2025-06-18 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A reference to a resource template (`ResourceTemplateReference`, `type: "ref/resource"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTemplateReference {
    /// The URI template (`format: uri-template`) or URI.
    pub uri: String,
}

/// What is being completed (`CompleteRequestParams.ref`), tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum CompletionReference {
    /// `"ref/prompt"`: an argument of a prompt.
    #[serde(rename = "ref/prompt")]
    Prompt(PromptReference),
    /// `"ref/resource"`: a variable of a resource template.
    #[serde(rename = "ref/resource")]
    ResourceTemplate(ResourceTemplateReference),
}

/// The argument being completed (`CompleteRequestParams.argument`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionArgument {
    /// Name of the argument.
    pub name: String,
    /// What the user has typed so far.
    pub value: String,
}

/// Values already chosen (`CompleteRequestParams.context`, 2025-06-18 and later).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionContext {
    /// Previously resolved arguments, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<BTreeMap<String, String>>,
}

/// Parameters of `completion/complete` (`CompleteRequestParams`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompleteRequestParams {
    /// The prompt or resource template.
    #[serde(rename = "ref")]
    pub reference: CompletionReference,
    /// The argument and its partial value.
    pub argument: CompletionArgument,
    /// Other arguments already resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<CompletionContext>,
    /// Request metadata (required in 2026-07-28; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The completion values (`CompleteResult.completion`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// Suggested values, at most 100.
    pub values: Vec<String>,
    /// Total number of matches, which may exceed `values.len()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Whether more matches exist than were returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
}

/// The result of `completion/complete` (`CompleteResult`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteResult {
    /// The suggestions.
    pub completion: Completion,
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

impl CompleteResult {
    /// A result with `values`; when there are more than the spec's 100, the first 100 are
    /// kept, `total` is the full count and `hasMore` is `true`.
    pub fn from_values(mut values: Vec<String>) -> Self {
        const MAX: usize = 100;
        let total = values.len();
        let has_more = total > MAX;
        values.truncate(MAX);
        CompleteResult {
            completion: Completion { values, total: Some(total as u64), has_more: Some(has_more) },
            ..CompleteResult::default()
        }
    }
}

impl Revisioned for CompleteResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn params_examples_round_trip() {
        let params: Vec<CompleteRequestParams> = round_trip_examples("CompleteRequestParams");
        assert!(
            params
                .iter()
                .all(|p| matches!(&p.reference, CompletionReference::Prompt(r) if r.name == "code_review"))
        );
        assert!(params.iter().any(|p| p.context.is_some()));
        let _: Vec<CompleteRequestParams> = round_trip_members("CompleteRequest", "params");
    }

    #[test]
    fn resource_reference() {
        let json = json!({"ref": {"type": "ref/resource", "uri": "file:///{path}"},
                          "argument": {"name": "path", "value": "sr"}});
        let p: CompleteRequestParams = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(
            p.reference,
            CompletionReference::ResourceTemplate(ResourceTemplateReference { uri: "file:///{path}".into() })
        );
        assert_eq!(serde_json::to_value(&p).unwrap(), json);
        assert!(
            serde_json::from_value::<CompletionReference>(json!({"type": "ref/tool", "name": "x"})).is_err()
        );
    }

    #[test]
    fn result_examples_round_trip_and_adapt() {
        let results: Vec<CompleteResult> = round_trip_examples("CompleteResult");
        assert!(
            results.iter().any(|r| r.completion.has_more == Some(true) && r.completion.total == Some(10))
        );
        let _: Vec<CompleteResult> = round_trip_members("CompleteResultResponse", "result");
        let legacy = results[0].clone().for_revision(ProtocolVersion::V2024_11_05);
        assert_eq!(legacy.result_type, None);
        assert_eq!(legacy.completion, results[0].completion);
    }

    #[test]
    fn from_values_caps_at_100() {
        let r = CompleteResult::from_values((0..150).map(|i| i.to_string()).collect());
        assert_eq!(r.completion.values.len(), 100);
        assert_eq!((r.completion.total, r.completion.has_more), (Some(150), Some(true)));
        let r = CompleteResult::from_values(vec!["a".into()]);
        assert_eq!((r.completion.total, r.completion.has_more), (Some(1), Some(false)));
    }
}
