//! Building blocks shared by every feature: implementation info, icons, annotations, roles,
//! pagination, progress tokens, result types and cache hints.
//!
//! Definitions from every revision's `schema.ts` (2024-11-05 … 2026-07-28); 2026-07-28
//! `basic/index.mdx` describes `_meta`, `resultType` and the result conventions, and
//! `server/utilities/pagination.mdx` the cursors.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// A JSON object (`JSONObject` in 2026-07-28, `{ [key: string]: unknown }` before): the shape
/// of capability settings, tool arguments and other open-ended members.
pub type JsonObject = Map<String, Value>;

/// An opaque pagination position (`Cursor`, every revision; `server/utilities/pagination.mdx`).
///
/// Clients must not parse or modify it; a server answers an unknown one with `-32602`.
pub type Cursor = String;

/// Name and optional title of a named definition (`BaseMetadata`, 2025-06-18 and later).
///
/// The named definitions ([`Implementation`], tools, prompts, resources) repeat these two
/// members themselves; this type is for code that only needs the naming pair. `title` is for
/// display; `name` is the programmatic identifier and the display fallback.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BaseMetadata {
    /// Programmatic name; the display fallback when `title` is absent.
    pub name: String,
    /// Human-readable display name (2025-06-18 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The light or dark background an [`Icon`] is designed for (`Icon.theme`, 2025-11-25 and later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IconTheme {
    /// `"light"`: for use on a light background.
    Light,
    /// `"dark"`: for use on a dark background.
    Dark,
}

/// An optionally sized icon a user interface may show (`Icon`, 2025-11-25 and later;
/// 2025-11-25 `basic/index.mdx` "Icons").
///
/// `src` is an `http(s):` URL or a `data:` URI with base64 image data; consumers should check
/// the origin and treat SVG with care.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Icon {
    /// URI of the image (`format: uri`).
    pub src: String,
    /// MIME type override when the source's type is missing or generic, e.g. `image/png`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Sizes the icon suits, each `WxH` (e.g. `48x48`) or `any`; absent means any size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizes: Option<Vec<String>>,
    /// Background the icon is designed for; absent means any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<IconTheme>,
}

impl Icon {
    /// An icon with only `src`.
    pub fn new(src: impl Into<String>) -> Self {
        Icon { src: src.into(), ..Icon::default() }
    }
}

/// A holder of icons (`Icons`, 2025-11-25 and later): the `icons` member that
/// [`Implementation`], tools, prompts, resources and resource templates carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Icons {
    /// The icons, in no particular order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
}

/// Name and version of an MCP client or server (`Implementation`; `clientInfo`/`serverInfo`
/// in `initialize`, and `io.modelcontextprotocol/clientInfo`/`serverInfo` in 2026-07-28
/// `_meta`).
///
/// `title` is 2025-06-18 and later; `description`, `websiteUrl` and `icons` 2025-11-25 and
/// later. Older peers ignore them (the schema allows extra members).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Implementation {
    /// Programmatic name (display fallback when `title` is absent).
    pub name: String,
    /// Version of the implementation (free-form).
    pub version: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the implementation does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Website URL (`format: uri`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_url: Option<String>,
    /// Icons a user interface may show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
}

impl Implementation {
    /// An implementation with only `name` and `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Implementation { name: name.into(), version: version.into(), ..Implementation::default() }
    }
}

/// The sender or recipient of messages and data in a conversation (`Role`: `"user"` or
/// `"assistant"`, every revision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// `"user"`.
    User,
    /// `"assistant"`.
    Assistant,
}

/// Hints for the client about how to use or show an object (`Annotations`; 2024-11-05 has
/// the same `audience` and `priority` inline, `lastModified` is 2025-06-18 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotations {
    /// Who the data is meant for; may list both roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Vec<Role>>,
    /// Importance from 0 (entirely optional) to 1 (effectively required).
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "json_number::option")]
    pub priority: Option<f64>,
    /// When the object was last modified, as an ISO 8601 string (e.g. `2025-01-12T15:00:58Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A token that ties progress notifications to a request (`ProgressToken`: string or
/// integer, every revision; `basic/utilities/progress.mdx`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProgressToken {
    /// An integer token.
    Integer(i64),
    /// A string token.
    String(String),
}

impl From<i64> for ProgressToken {
    fn from(n: i64) -> Self {
        ProgressToken::Integer(n)
    }
}

impl From<&str> for ProgressToken {
    fn from(s: &str) -> Self {
        ProgressToken::String(s.to_owned())
    }
}

impl From<String> for ProgressToken {
    fn from(s: String) -> Self {
        ProgressToken::String(s)
    }
}

/// Parameters that carry only `_meta` (`RequestParams`; the params of `ping` and
/// `server/discover`).
///
/// In 2026-07-28 `_meta` is required on every request and holds
/// `io.modelcontextprotocol/protocolVersion` and `io.modelcontextprotocol/clientCapabilities`
/// (`basic/index.mdx` "_meta"); the client layer fills it, so it is optional here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestParams {
    /// Request metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Notification parameters that carry only `_meta` (`NotificationParams`; the params of
/// `notifications/initialized` and the `list_changed` notifications).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationParams {
    /// Notification metadata (2026-07-28: `io.modelcontextprotocol/subscriptionId` on the
    /// listen stream).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Parameters of a paginated list request (`PaginatedRequestParams`; `tools/list`,
/// `prompts/list`, `resources/list`, `resources/templates/list`;
/// `server/utilities/pagination.mdx`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaginatedRequestParams {
    /// Where to continue: the `nextCursor` of the previous page; absent for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Cursor>,
    /// Request metadata (required in 2026-07-28; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl PaginatedRequestParams {
    /// Parameters asking for the page at `cursor`.
    pub fn at(cursor: impl Into<Cursor>) -> Self {
        PaginatedRequestParams { cursor: Some(cursor.into()), meta: None }
    }
}

/// How a client should read a result (`ResultType`, 2026-07-28 `basic/index.mdx`).
///
/// 2026-07-28 servers must send `resultType`; a client treats an absent one (a legacy
/// server) as [`ResultType::Complete`]. The schema types it as an open string so extensions
/// can add kinds, which [`ResultType::Other`] keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ResultType {
    /// `"complete"`: the request finished and the result holds the final content.
    #[default]
    Complete,
    /// `"input_required"`: an `InputRequiredResult`; the client answers its `inputRequests`
    /// and retries the request.
    InputRequired,
    /// `"task"`: the request became a task (tasks extension, `io.modelcontextprotocol/tasks`).
    Task,
    /// Any other value, from an extension.
    Other(String),
}

impl ResultType {
    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            ResultType::Complete => "complete",
            ResultType::InputRequired => "input_required",
            ResultType::Task => "task",
            ResultType::Other(s) => s,
        }
    }
}

impl From<&str> for ResultType {
    fn from(s: &str) -> Self {
        match s {
            "complete" => ResultType::Complete,
            "input_required" => ResultType::InputRequired,
            "task" => ResultType::Task,
            other => ResultType::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for ResultType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ResultType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ResultType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(ResultType::from(s.as_ref()))
    }
}

/// Who may reuse a cached result (`cacheScope`, 2026-07-28 `CacheableResult`), like HTTP
/// `Cache-Control: public` / `private`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheScope {
    /// `"public"`: no user-specific data; any client or intermediary may cache and share it
    /// across authorization contexts.
    Public,
    /// `"private"`: reusable only within the same authorization context (e.g. the same
    /// access token).
    Private,
}

/// A result with no content of its own (`EmptyResult`; the answer to `ping`,
/// `logging/setLevel`, `resources/subscribe`, `resources/unsubscribe`).
///
/// Keeps unknown members in `extra` (the schema's `Result` allows any).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmptyResult {
    /// Result metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// 2026-07-28 (required): how to read the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revisioned for EmptyResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
    }
}

/// Sets `resultType` for `version`: `complete` when absent for a modern revision, removed for
/// a legacy one (the member is 2026-07-28 only).
pub(crate) fn adapt_result_type(result_type: &mut Option<ResultType>, version: ProtocolVersion) {
    if version.is_modern() {
        result_type.get_or_insert(ResultType::Complete);
    } else {
        *result_type = None;
    }
}

/// Removes the 2026-07-28 cache hints (`ttlMs`, `cacheScope`) for a legacy revision. A modern
/// one keeps whatever the server chose and fills what it left out with the values that allow no
/// reuse: `ttlMs: 0` (stale at once) and `cacheScope: "private"` (never shared across
/// authorization contexts), since 2026-07-28 requires both on `server/discover`, the four list
/// results and `resources/read` (`server/utilities/caching.mdx`).
pub(crate) fn adapt_cache_hints(
    ttl_ms: &mut Option<u64>,
    cache_scope: &mut Option<CacheScope>,
    version: ProtocolVersion,
) {
    if version.is_modern() {
        ttl_ms.get_or_insert(0);
        cache_scope.get_or_insert(CacheScope::Private);
    } else {
        *ttl_ms = None;
        *cache_scope = None;
    }
}

/// Serialization of JSON numbers held as `f64` (`progress`, `total`, `priority`): a value
/// with no fraction is written as an integer (`50`, not `50.0`), so integers a peer sent
/// round-trip unchanged.
pub(crate) mod json_number {
    use serde::Serializer;

    /// Largest magnitude below which every integral `f64` is exact (2^53).
    const EXACT: f64 = 9_007_199_254_740_992.0;

    /// Serializes `value`, as an integer when it is integral and exact.
    pub(crate) fn serialize<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        if value.fract() == 0.0 && value.abs() < EXACT {
            s.serialize_i64(*value as i64)
        } else {
            s.serialize_f64(*value)
        }
    }

    /// [`serialize`] for an optional member (used with `skip_serializing_if`).
    pub(crate) fn option<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize(v, s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers for the example round-trip tests of the schema modules.

    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    /// Reads every example of `definition` from the 2026-07-28 examples directory.
    pub(crate) fn examples(definition: &str) -> Vec<(String, Value)> {
        let dir = format!("{}/../spec/schema/2026-07-28/examples/{definition}", env!("CARGO_MANIFEST_DIR"));
        let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                (path.display().to_string(), serde_json::from_str(&text).unwrap())
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(!out.is_empty(), "no examples in {dir}");
        out
    }

    /// Decodes every example of `definition` as `T`, checks that re-encoding gives the same
    /// JSON, and returns the decoded values.
    pub(crate) fn round_trip_examples<T: DeserializeOwned + Serialize>(definition: &str) -> Vec<T> {
        examples(definition).into_iter().map(|(path, json)| round_trip(&path, json)).collect()
    }

    /// Like [`round_trip_examples`] for the `member` (`params` or `result`) of each example of
    /// a message definition (`CallToolRequest`, `ListToolsResultResponse`, ...).
    pub(crate) fn round_trip_members<T: DeserializeOwned + Serialize>(
        definition: &str,
        member: &str,
    ) -> Vec<T> {
        examples(definition)
            .into_iter()
            .map(|(path, json)| {
                let inner = json.get(member).unwrap_or_else(|| panic!("{path}: no {member}")).clone();
                round_trip(&path, inner)
            })
            .collect()
    }

    fn round_trip<T: DeserializeOwned + Serialize>(path: &str, json: Value) -> T {
        let value: T =
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{path}: does not decode: {e}"));
        assert_eq!(serde_json::to_value(&value).unwrap(), json, "{path}: re-encoding differs");
        value
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn result_type_strings() {
        for (rt, s) in [
            (ResultType::Complete, "complete"),
            (ResultType::InputRequired, "input_required"),
            (ResultType::Task, "task"),
            (ResultType::Other("x-ext".into()), "x-ext"),
        ] {
            assert_eq!(serde_json::to_value(&rt).unwrap(), json!(s));
            assert_eq!(serde_json::from_value::<ResultType>(json!(s)).unwrap(), rt);
        }
        assert!(serde_json::from_value::<ResultType>(json!(1)).is_err());
    }

    #[test]
    fn progress_token_is_string_or_integer() {
        assert_eq!(serde_json::from_value::<ProgressToken>(json!(7)).unwrap(), ProgressToken::Integer(7));
        assert_eq!(serde_json::from_value::<ProgressToken>(json!("t")).unwrap(), ProgressToken::from("t"));
        assert!(serde_json::from_value::<ProgressToken>(json!(1.5)).is_err());
        assert!(serde_json::from_value::<ProgressToken>(json!(null)).is_err());
    }

    #[test]
    fn implementation_and_icons() {
        let json = json!({
            "name": "srv", "version": "1.0", "title": "Server", "description": "d",
            "websiteUrl": "https://example.com",
            "icons": [{"src": "https://example.com/i.svg", "mimeType": "image/svg+xml",
                       "sizes": ["any"], "theme": "dark"}]
        });
        let imp: Implementation = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(imp.icons.as_ref().unwrap()[0].theme, Some(IconTheme::Dark));
        assert_eq!(serde_json::to_value(&imp).unwrap(), json);
        assert_eq!(
            serde_json::to_value(Implementation::new("a", "1")).unwrap(),
            json!({"name": "a", "version": "1"})
        );
        assert!(serde_json::from_value::<Implementation>(json!({"name": "a"})).is_err());
        assert!(serde_json::from_value::<Icon>(json!({"src": "x", "theme": "blue"})).is_err());
    }

    #[test]
    fn annotations_and_roles() {
        let json = json!({"audience": ["user", "assistant"], "priority": 0.5,
                          "lastModified": "2025-01-12T15:00:58Z"});
        let a: Annotations = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(a.audience, Some(vec![Role::User, Role::Assistant]));
        assert_eq!(a.priority, Some(0.5));
        assert_eq!(serde_json::to_value(&a).unwrap(), json);
        assert!(serde_json::from_value::<Role>(json!("system")).is_err());
        let whole = Annotations { priority: Some(1.0), ..Annotations::default() };
        assert_eq!(serde_json::to_string(&whole).unwrap(), r#"{"priority":1}"#);
    }

    #[test]
    fn empty_result_adapts_and_keeps_unknown_members() {
        let json = json!({"resultType": "complete", "x-extra": {"a": 1}, "_meta": {"k": true}});
        let r: EmptyResult = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(r.extra.get("x-extra"), Some(&json!({"a": 1})));
        assert_eq!(serde_json::to_value(&r).unwrap(), json);

        let legacy = r.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!(
            serde_json::to_value(&legacy).unwrap(),
            json!({"x-extra": {"a": 1}, "_meta": {"k": true}})
        );
        let modern = EmptyResult::default().for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(serde_json::to_value(&modern).unwrap(), json!({"resultType": "complete"}));
        let other = EmptyResult { result_type: Some(ResultType::Task), ..EmptyResult::default() };
        assert_eq!(other.for_revision(ProtocolVersion::V2026_07_28).result_type, Some(ResultType::Task));
    }

    #[test]
    fn cache_hints_only_modern() {
        let (mut ttl, mut scope) = (Some(5), Some(CacheScope::Private));
        adapt_cache_hints(&mut ttl, &mut scope, ProtocolVersion::V2026_07_28);
        assert_eq!((ttl, scope), (Some(5), Some(CacheScope::Private)));
        adapt_cache_hints(&mut ttl, &mut scope, ProtocolVersion::V2024_11_05);
        assert_eq!((ttl, scope), (None, None));
        assert_eq!(serde_json::to_value(CacheScope::Public).unwrap(), json!("public"));
    }

    #[test]
    fn paginated_params_example() {
        let params: Vec<PaginatedRequestParams> = test_support::round_trip_examples("PaginatedRequestParams");
        assert!(params.iter().all(|p| p.cursor.is_some()));
    }
}
