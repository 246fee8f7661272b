//! Client and server capabilities, for both eras.
//!
//! Legacy revisions exchange them once in `initialize` (`basic/lifecycle.mdx` "Capability
//! Negotiation"); 2026-07-28 sends [`ClientCapabilities`] in every request's `_meta`
//! (`io.modelcontextprotocol/clientCapabilities`) and [`ServerCapabilities`] in the
//! `server/discover` result (2026-07-28 `basic/index.mdx`, `basic/lifecycle.mdx`).
//!
//! Capabilities are an open set: every struct here keeps members it does not know in
//! `extra`, so a capability object round-trips unchanged. A capability is "present" when its
//! member is `Some`, even if the object is empty (`{}` means "supported, no options").
//!
//! What each revision defines:
//!
//! | member | revisions |
//! |---|---|
//! | client `roots.listChanged` | legacy only (2026-07-28 `roots` is `{}`) |
//! | client `elicitation` | 2025-06-18 and later; `form`/`url` 2025-11-25 and later |
//! | client `sampling.context`/`tools` | 2025-11-25 and later |
//! | `tasks` (client and server) | 2025-11-25 only (2026-07-28: the `io.modelcontextprotocol/tasks` extension) |
//! | `extensions` (client and server) | 2026-07-28 |
//! | server `completions` | 2025-03-26 and later |

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Revisioned;
use super::common::JsonObject;
use crate::version::ProtocolVersion;

/// Map from extension identifier (a `_meta`-style key with a mandatory prefix, e.g.
/// `io.modelcontextprotocol/tasks`) or experimental capability name to its settings object.
pub type CapabilityMap = BTreeMap<String, JsonObject>;

/// The client's `roots` capability (`ClientCapabilities.roots`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RootsCapability {
    /// Legacy: the client sends `notifications/roots/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_changed: Option<bool>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The client's `sampling` capability (`ClientCapabilities.sampling`; `client/sampling.mdx`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplingCapability {
    /// The client honours `includeContext` other than `"none"` (soft-deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<JsonObject>,
    /// The client accepts `tools` and `toolChoice` in sampling requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<JsonObject>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The client's `elicitation` capability (`ClientCapabilities.elicitation`;
/// `client/elicitation.mdx`). An empty object means form mode only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationCapability {
    /// Form mode (structured data in the client's UI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<JsonObject>,
    /// URL mode (the user visits a URL out of band).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<JsonObject>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ElicitationCapability {
    /// Whether form mode is supported: `form` is present, or neither mode is (2025-11-25
    /// `client/elicitation.mdx`: an empty capability means form mode).
    pub fn supports_form(&self) -> bool {
        self.form.is_some() || self.url.is_none()
    }

    /// Whether URL mode is supported.
    pub fn supports_url(&self) -> bool {
        self.url.is_some()
    }
}

/// The 2025-11-25 `tasks` capability, the same shape for client and server
/// (`basic/utilities/tasks.mdx` "Capabilities").
///
/// `requests` maps a feature to the methods that may be task-augmented, each with a settings
/// object: a client sends `{"sampling": {"createMessage": {}}, "elicitation": {"create": {}}}`,
/// a server `{"tools": {"call": {}}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TasksCapability {
    /// `tasks/list` is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<JsonObject>,
    /// `tasks/cancel` is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<JsonObject>,
    /// Feature → method → settings, for the requests that may be task-augmented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<BTreeMap<String, CapabilityMap>>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TasksCapability {
    /// Whether `feature`'s `method` may be task-augmented, e.g. `("tools", "call")`.
    pub fn supports_request(&self, feature: &str, method: &str) -> bool {
        self.requests.as_ref().and_then(|r| r.get(feature)).is_some_and(|m| m.contains_key(method))
    }
}

/// Capabilities a client declares (`ClientCapabilities`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientCapabilities {
    /// Experimental, non-standard capabilities, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experimental: Option<CapabilityMap>,
    /// 2026-07-28: MCP extensions the client supports, by extension identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<CapabilityMap>,
    /// The client can list roots (`roots/list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roots: Option<RootsCapability>,
    /// The client can sample from an LLM (`sampling/createMessage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<SamplingCapability>,
    /// 2025-06-18 and later: the client can elicit input from the user (`elicitation/create`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elicitation: Option<ElicitationCapability>,
    /// 2025-11-25: task-augmented requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<TasksCapability>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ClientCapabilities {
    /// Whether the client declared the extension `id` (2026-07-28 `extensions`).
    pub fn has_extension(&self, id: &str) -> bool {
        self.extensions.as_ref().is_some_and(|e| e.contains_key(id))
    }
}

impl Revisioned for ClientCapabilities {
    /// Modern: drops `tasks` and `roots.listChanged`, which 2026-07-28 does not define.
    /// Legacy: drops `extensions`, and `tasks` before 2025-11-25.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.tasks = None;
            if let Some(roots) = &mut self.roots {
                roots.list_changed = None;
            }
        } else {
            self.extensions = None;
            if version < ProtocolVersion::V2025_11_25 {
                self.tasks = None;
            }
        }
    }
}

/// The server's `prompts` capability (`ServerCapabilities.prompts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptsCapability {
    /// The server sends `notifications/prompts/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_changed: Option<bool>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The server's `resources` capability (`ServerCapabilities.resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesCapability {
    /// The server supports subscribing to resource updates (legacy `resources/subscribe`;
    /// 2026-07-28 `resourceSubscriptions` in `subscriptions/listen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<bool>,
    /// The server sends `notifications/resources/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_changed: Option<bool>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The server's `tools` capability (`ServerCapabilities.tools`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolsCapability {
    /// The server sends `notifications/tools/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_changed: Option<bool>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Capabilities a server declares (`ServerCapabilities`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerCapabilities {
    /// Experimental, non-standard capabilities, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experimental: Option<CapabilityMap>,
    /// 2026-07-28: MCP extensions the server supports, by extension identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<CapabilityMap>,
    /// The server sends log messages (`server/utilities/logging.mdx`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logging: Option<JsonObject>,
    /// 2025-03-26 and later: the server answers `completion/complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<JsonObject>,
    /// The server offers prompts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<PromptsCapability>,
    /// The server offers resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourcesCapability>,
    /// The server offers tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<ToolsCapability>,
    /// 2025-11-25: task-augmented requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<TasksCapability>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ServerCapabilities {
    /// Whether the server declared the extension `id` (2026-07-28 `extensions`).
    pub fn has_extension(&self, id: &str) -> bool {
        self.extensions.as_ref().is_some_and(|e| e.contains_key(id))
    }
}

impl Revisioned for ServerCapabilities {
    /// Modern: drops `tasks` (an extension in 2026-07-28). Legacy: drops `extensions`,
    /// `tasks` before 2025-11-25 and `completions` before 2025-03-26 (2024-11-05 had
    /// `completion/complete` but no capability for it).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.tasks = None;
        } else {
            self.extensions = None;
            if version < ProtocolVersion::V2025_11_25 {
                self.tasks = None;
            }
            if version < ProtocolVersion::V2025_03_26 {
                self.completions = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::round_trip_examples;

    #[test]
    fn completions_capability_starts_with_2025_03_26() {
        let caps: ServerCapabilities =
            serde_json::from_value(json!({"completions": {}, "tools": {}})).unwrap();
        assert!(caps.clone().for_revision(ProtocolVersion::V2024_11_05).completions.is_none());
        assert!(caps.clone().for_revision(ProtocolVersion::V2025_03_26).completions.is_some());
        assert!(caps.for_revision(ProtocolVersion::V2026_07_28).completions.is_some());
    }

    #[test]
    fn client_examples_round_trip() {
        let caps: Vec<ClientCapabilities> = round_trip_examples("ClientCapabilities");
        assert_eq!(caps.len(), 7);
        let form_only =
            caps.iter().find(|c| c.elicitation.as_ref().is_some_and(|e| e.form.is_none())).unwrap();
        let e = form_only.elicitation.as_ref().unwrap();
        assert!(e.supports_form() && !e.supports_url());
        assert!(caps.iter().any(|c| c.has_extension("io.modelcontextprotocol/ui")));
        assert!(caps.iter().any(|c| c.sampling.as_ref().is_some_and(|s| s.tools.is_some())));
    }

    #[test]
    fn server_examples_round_trip() {
        let caps: Vec<ServerCapabilities> = round_trip_examples("ServerCapabilities");
        assert!(caps.iter().any(|c| c.has_extension("io.modelcontextprotocol/tasks")));
        assert!(caps.iter().any(|c| c.resources.as_ref().is_some_and(|r| r.subscribe == Some(true))));
    }

    #[test]
    fn unknown_capabilities_round_trip() {
        let json = json!({
            "roots": {"listChanged": true, "x-future": 1},
            "custom": {"enabled": true},
            "sampling": {"context": {}, "other": {}},
        });
        let caps: ClientCapabilities = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(caps.extra.get("custom"), Some(&json!({"enabled": true})));
        assert_eq!(serde_json::to_value(&caps).unwrap(), json);

        let json = json!({"tools": {"listChanged": false, "x": "y"}, "newThing": {}});
        let caps: ServerCapabilities = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&caps).unwrap(), json);
    }

    #[test]
    fn legacy_tasks_capability() {
        let json = json!({
            "tasks": {"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}},
            "extensions": {"io.modelcontextprotocol/tasks": {}},
            "tools": {}
        });
        let caps: ServerCapabilities = serde_json::from_value(json).unwrap();
        let tasks = caps.tasks.as_ref().unwrap();
        assert!(tasks.supports_request("tools", "call"));
        assert!(!tasks.supports_request("sampling", "createMessage"));

        let legacy = caps.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!(
            serde_json::to_value(&legacy).unwrap(),
            json!({"tasks": {"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}}, "tools": {}})
        );
        let old = caps.clone().for_revision(ProtocolVersion::V2025_06_18);
        assert_eq!(serde_json::to_value(&old).unwrap(), json!({"tools": {}}));
        let modern = caps.for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(
            serde_json::to_value(&modern).unwrap(),
            json!({"extensions": {"io.modelcontextprotocol/tasks": {}}, "tools": {}})
        );
    }

    #[test]
    fn client_adapt() {
        let json = json!({
            "roots": {"listChanged": true},
            "extensions": {"io.modelcontextprotocol/ui": {}},
            "tasks": {"requests": {"sampling": {"createMessage": {}}}},
            "elicitation": {"form": {}, "url": {}}
        });
        let caps: ClientCapabilities = serde_json::from_value(json).unwrap();
        let modern = serde_json::to_value(caps.clone().for_revision(ProtocolVersion::V2026_07_28)).unwrap();
        assert_eq!(
            modern,
            json!({"roots": {}, "extensions": {"io.modelcontextprotocol/ui": {}},
                   "elicitation": {"form": {}, "url": {}}})
        );
        let legacy = serde_json::to_value(caps.for_revision(ProtocolVersion::V2025_11_25)).unwrap();
        assert_eq!(
            legacy,
            json!({"roots": {"listChanged": true},
                   "tasks": {"requests": {"sampling": {"createMessage": {}}}},
                   "elicitation": {"form": {}, "url": {}}})
        );
    }
}
