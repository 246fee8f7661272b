//! Roots: the directories and files a client lets a server work on (deprecated in 2026-07-28).
//!
//! Spec: 2026-07-28 `client/roots.mdx` (`roots/list` is an input request inside an
//! `InputRequiredResult`; `notifications/roots/list_changed` is gone), and every legacy
//! revision's `client/roots.mdx` (`roots/list` is a real server-to-client request, and the
//! client sends `notifications/roots/list_changed` when it declared `roots.listChanged`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::NotificationParams;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// A directory or file the server may operate on (`Root`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Root {
    /// The root's URI; it MUST start with `file://` in every revision so far.
    pub uri: String,
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `_meta` (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Root {
    /// A root at `uri` without a name.
    pub fn new(uri: impl Into<String>) -> Self {
        Root { uri: uri.into(), name: None, meta: None }
    }

    /// Builder: sets the display name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether the URI uses the `file` scheme, as every revision requires
    /// (`client/roots.mdx` "Root": "MUST be a `file://` URI"). The scheme compares
    /// case-insensitively (RFC 3986 §3.1).
    pub fn is_file_uri(&self) -> bool {
        self.uri.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("file://"))
    }
}

/// `params` of `roots/list`: only `_meta` (`ListRootsRequest.params`, optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsRequestParams {
    /// Request metadata (`progressToken` in the legacy revisions).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The client's answer to `roots/list` (`ListRootsResult`).
///
/// In the legacy revisions this is a JSON-RPC result (with `_meta`); in 2026-07-28 it is an
/// [`InputResponse`](super::input::InputResponse), which carries no `resultType`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRootsResult {
    /// The roots.
    pub roots: Vec<Root>,
    /// `_meta` (legacy revisions, where this is a `Result`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not name, kept so the value round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ListRootsResult {
    /// A result listing `roots`.
    pub fn new(roots: Vec<Root>) -> Self {
        ListRootsResult { roots, meta: None, extra: Map::new() }
    }
}

impl Revisioned for ListRootsResult {
    /// Removes `resultType` (not a member in any revision: legacy results lack it and the
    /// 2026-07-28 input response has none) and, before 2025-06-18, each root's `_meta`.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        self.extra.remove("resultType");
        if version < ProtocolVersion::V2025_06_18 {
            for root in &mut self.roots {
                root.meta = None;
            }
        }
    }
}

/// `params` of `notifications/roots/list_changed` (`RootsListChangedNotification`, legacy
/// revisions only; removed in 2026-07-28): only `_meta`.
pub type RootsListChangedNotificationParams = NotificationParams;

#[cfg(test)]
mod tests {
    use super::*;

    fn example(def: &str, file: &str) -> Value {
        let path =
            format!("{}/../spec/schema/2026-07-28/examples/{def}/{file}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    #[test]
    fn official_examples_round_trip() {
        for (def, file) in
            [("ListRootsResult", "single-root-directory"), ("ListRootsResult", "multiple-root-directories")]
        {
            let v = example(def, file);
            let r: ListRootsResult = serde_json::from_value(v.clone()).unwrap();
            assert!(r.roots.iter().all(Root::is_file_uri));
            assert_eq!(serde_json::to_value(&r).unwrap(), v, "{file}");
        }
        let v = example("Root", "project-directory");
        let root: Root = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(root, Root::new("file:///home/user/projects/myproject").named("My Project"));
        assert_eq!(serde_json::to_value(&root).unwrap(), v);

        let req = example("ListRootsRequest", "list-roots-request");
        assert_eq!(req["method"], "roots/list");
        let params: ListRootsRequestParams =
            serde_json::from_value(req.get("params").cloned().unwrap_or_else(|| serde_json::json!({})))
                .unwrap();
        assert_eq!(params, ListRootsRequestParams::default());
    }

    #[test]
    fn file_uri_check_and_missing_uri() {
        assert!(Root::new("FILE:///x").is_file_uri());
        assert!(!Root::new("https://example.com/").is_file_uri());
        assert!(!Root::new("file:").is_file_uri());
        assert!(serde_json::from_value::<Root>(serde_json::json!({"name": "n"})).is_err());
    }

    #[test]
    fn adapting_drops_members_a_revision_lacks() {
        let mut root = Root::new("file:///a");
        root.meta = Some(Meta::new().with("k", 1));
        let mut r = ListRootsResult::new(vec![root.clone()]);
        r.extra.insert("resultType".into(), "complete".into());
        r.extra.insert("custom".into(), Value::Bool(true));
        let modern = r.clone().for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(modern.roots, vec![root]);
        assert!(!modern.extra.contains_key("resultType"));
        assert!(modern.extra.contains_key("custom"));
        let old = r.for_revision(ProtocolVersion::V2024_11_05);
        assert_eq!(old.roots[0].meta, None);
    }
}
