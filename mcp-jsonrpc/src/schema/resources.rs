//! Resources: `resources/list`, `resources/templates/list`, `resources/read`,
//! `resources/subscribe`/`unsubscribe` (legacy) and their notifications.
//!
//! 2026-07-28 `server/resources.mdx`; 2025-11-25 `server/resources.mdx` for the legacy
//! subscription requests. In 2026-07-28 resource subscriptions moved into
//! `subscriptions/listen` ([`super::subscriptions`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{
    Annotations, CacheScope, Cursor, Icon, ResultType, adapt_cache_hints, adapt_result_type,
};
use super::content::ResourceContents;
use super::input::InputResponses;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// A resource the server can read (`Resource`; also the body of a
/// [`ResourceLink`](super::content::ResourceLink)).
///
/// `title` and `_meta` are 2025-06-18 and later, `icons` 2025-11-25 and later.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// URI of the resource (`format: uri`).
    pub uri: String,
    /// Programmatic name (display fallback when `title` is absent).
    pub name: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the resource is; a hint for the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// MIME type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Size of the raw contents in bytes (before base64), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Icons a user interface may show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Resource {
    /// A resource with only `uri` and `name`.
    pub fn new(uri: impl Into<String>, name: impl Into<String>) -> Self {
        Resource { uri: uri.into(), name: name.into(), ..Resource::default() }
    }
}

/// A family of resources described by an RFC 6570 URI template (`ResourceTemplate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTemplate {
    /// RFC 6570 URI template (`format: uri-template`).
    pub uri_template: String,
    /// Programmatic name (display fallback when `title` is absent).
    pub name: String,
    /// Human-readable display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the template is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// MIME type shared by all matching resources, when they share one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Icons a user interface may show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icons: Option<Vec<Icon>>,
    /// Metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl ResourceTemplate {
    /// A template with only `uriTemplate` and `name`.
    pub fn new(uri_template: impl Into<String>, name: impl Into<String>) -> Self {
        ResourceTemplate {
            uri_template: uri_template.into(),
            name: name.into(),
            ..ResourceTemplate::default()
        }
    }
}

/// Parameters of `resources/list` (`PaginatedRequestParams`).
pub type ListResourcesRequestParams = super::common::PaginatedRequestParams;

/// Parameters of `resources/templates/list` (`PaginatedRequestParams`).
pub type ListResourceTemplatesRequestParams = super::common::PaginatedRequestParams;

/// The result of `resources/list` (`ListResourcesResult`).
///
/// 2026-07-28 requires `resultType`, `ttlMs` and `cacheScope`; legacy revisions define none
/// of them ([`Revisioned::adapt_to`] removes them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResourcesResult {
    /// One page of resources.
    pub resources: Vec<Resource>,
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

impl Revisioned for ListResourcesResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
    }
}

/// The result of `resources/templates/list` (`ListResourceTemplatesResult`).
///
/// 2026-07-28 requires `resultType`, `ttlMs` and `cacheScope`; legacy revisions define none
/// of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResourceTemplatesResult {
    /// One page of templates.
    pub resource_templates: Vec<ResourceTemplate>,
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

impl Revisioned for ListResourceTemplatesResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
    }
}

/// Parameters of `resources/read` (`ReadResourceRequestParams`).
///
/// `inputResponses` and `requestState` are 2026-07-28 only: a client retrying after an
/// `InputRequiredResult` (`basic/input-required.mdx`) sends them back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceRequestParams {
    /// URI of the resource to read (`format: uri`).
    pub uri: String,
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

impl ReadResourceRequestParams {
    /// Parameters reading `uri`.
    pub fn new(uri: impl Into<String>) -> Self {
        ReadResourceRequestParams { uri: uri.into(), ..ReadResourceRequestParams::default() }
    }
}

impl Revisioned for ReadResourceRequestParams {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.input_responses.iter_mut().flat_map(|r| r.values_mut()).for_each(|r| r.adapt_to(version));
        } else {
            self.input_responses = None;
            self.request_state = None;
        }
    }
}

/// The result of `resources/read` (`ReadResourceResult`).
///
/// 2026-07-28 requires `resultType`, `ttlMs` and `cacheScope`; legacy revisions define none
/// of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadResourceResult {
    /// The contents: one entry, or several for a resource with sub-resources.
    pub contents: Vec<ResourceContents>,
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

impl ReadResourceResult {
    /// A result with these contents.
    pub fn new(contents: Vec<ResourceContents>) -> Self {
        ReadResourceResult { contents, ..ReadResourceResult::default() }
    }
}

impl Revisioned for ReadResourceResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
    }
}

/// Parameters of `resources/subscribe` (`SubscribeRequestParams`; legacy revisions only,
/// requires the `resources.subscribe` capability; answered with `EmptyResult`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscribeRequestParams {
    /// URI of the resource to watch (`format: uri`).
    pub uri: String,
    /// Request metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Parameters of `resources/unsubscribe` (`UnsubscribeRequestParams`; legacy revisions only;
/// answered with `EmptyResult`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnsubscribeRequestParams {
    /// URI of the resource to stop watching (`format: uri`).
    pub uri: String,
    /// Request metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Parameters of `notifications/resources/updated` (`ResourceUpdatedNotificationParams`):
/// a subscribed resource changed and may be read again.
///
/// The URI may be a sub-resource of the one subscribed to. In 2026-07-28 the notification
/// travels on a `subscriptions/listen` stream and `_meta` carries
/// `io.modelcontextprotocol/subscriptionId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceUpdatedNotificationParams {
    /// URI of the updated resource (`format: uri`).
    pub uri: String,
    /// Notification metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn resource_examples_round_trip() {
        let r: Vec<Resource> = round_trip_examples("Resource");
        assert_eq!(r[0].annotations.as_ref().unwrap().priority, Some(0.8));
    }

    #[test]
    fn list_results_round_trip_and_adapt() {
        let lists: Vec<ListResourcesResult> = round_trip_examples("ListResourcesResult");
        let list = &lists[0];
        assert_eq!(list.cache_scope, Some(CacheScope::Private));
        assert_eq!(list.ttl_ms, Some(600_000));
        assert_eq!(list.resources[0].icons.as_ref().unwrap()[0].sizes, Some(vec!["48x48".to_owned()]));
        let legacy = serde_json::to_value(list.clone().for_revision(ProtocolVersion::V2025_06_18)).unwrap();
        assert!(legacy.get("resultType").is_none() && legacy.get("ttlMs").is_none());
        assert!(legacy.get("cacheScope").is_none());
        assert_eq!(legacy["nextCursor"], json!("eyJwYWdlIjogM30="));
        assert_eq!(list.clone().for_revision(ProtocolVersion::V2026_07_28), *list);

        let from_response: Vec<ListResourcesResult> =
            round_trip_members("ListResourcesResultResponse", "result");
        assert!(from_response.iter().all(|r| r.result_type == Some(ResultType::Complete)));

        let templates: Vec<ListResourceTemplatesResult> = round_trip_examples("ListResourceTemplatesResult");
        assert_eq!(templates[0].resource_templates[0].uri_template, "file:///{path}");
        let legacy = templates[0].clone().for_revision(ProtocolVersion::V2024_11_05);
        assert_eq!((legacy.result_type, legacy.ttl_ms, legacy.cache_scope), (None, None, None));
        let _: Vec<ListResourceTemplatesResult> =
            round_trip_members("ListResourceTemplatesResultResponse", "result");
    }

    #[test]
    fn read_round_trips_and_adapts() {
        let reads: Vec<ReadResourceResult> = round_trip_examples("ReadResourceResult");
        assert_eq!(reads[0].contents[0].mime_type(), Some("text/x-rust"));
        let modern = ReadResourceResult::new(vec![ResourceContents::text("file:///a", "a")])
            .for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!(modern.result_type, Some(ResultType::Complete));
        assert_eq!(
            (modern.ttl_ms, modern.cache_scope),
            (Some(0), Some(CacheScope::Private)),
            "missing cache hints are filled with the no-reuse values"
        );

        let params: Vec<ReadResourceRequestParams> = round_trip_members("ReadResourceRequest", "params");
        assert_eq!(params[0].uri, "file:///project/src/main.rs");
        let mut p = ReadResourceRequestParams::new("file:///a");
        p.request_state = Some("s".into());
        assert_eq!(p.clone().for_revision(ProtocolVersion::V2026_07_28).request_state.as_deref(), Some("s"));
        assert_eq!(p.for_revision(ProtocolVersion::V2025_11_25).request_state, None);
    }

    #[test]
    fn unknown_result_members_survive() {
        let json = json!({"contents": [], "x-vendor": [1, 2], "resultType": "complete"});
        let r: ReadResourceResult = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(r.extra.len(), 1);
        assert_eq!(serde_json::to_value(&r).unwrap(), json);
    }

    #[test]
    fn updated_notification_params() {
        let p: Vec<ResourceUpdatedNotificationParams> =
            round_trip_examples("ResourceUpdatedNotificationParams");
        assert_eq!(p[0].uri, "file:///project/src/main.rs");
        let p: Vec<ResourceUpdatedNotificationParams> =
            round_trip_members("ResourceUpdatedNotification", "params");
        assert!(p[0].meta.as_ref().unwrap().get("io.modelcontextprotocol/subscriptionId").is_some());
        let s: SubscribeRequestParams = serde_json::from_value(json!({"uri": "file:///x"})).unwrap();
        assert_eq!(s.uri, "file:///x");
        assert!(serde_json::from_value::<UnsubscribeRequestParams>(json!({})).is_err());
    }
}
