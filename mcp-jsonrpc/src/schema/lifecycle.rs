//! Lifecycle: the legacy `initialize` handshake, `ping`, and 2026-07-28 `server/discover`.
//!
//! Legacy revisions: `basic/lifecycle.mdx` (the client sends `initialize`, the server answers
//! with [`InitializeResult`], the client confirms with `notifications/initialized`) and
//! `basic/utilities/ping.mdx`. 2026-07-28 has no handshake: `basic/lifecycle.mdx` and
//! `basic/index.mdx` describe `server/discover` ([`DiscoverResult`]); the server's
//! `Implementation` goes in `_meta["io.modelcontextprotocol/serverInfo"]`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::capabilities::{ClientCapabilities, ServerCapabilities};
use super::common::{
    CacheScope, Implementation, NotificationParams, RequestParams, ResultType, adapt_cache_hints,
    adapt_result_type,
};
use super::meta::meta_keys;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// Parameters of `initialize` (`InitializeRequestParams`, legacy revisions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeRequestParams {
    /// The newest revision the client supports (any string; the server may answer another).
    pub protocol_version: String,
    /// The client's capabilities.
    pub capabilities: ClientCapabilities,
    /// The client's name and version.
    pub client_info: Implementation,
    /// Request metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The result of `initialize` (`InitializeResult`, legacy revisions).
///
/// If the server does not support the client's `protocolVersion` it answers with one it does
/// support; a client that cannot use it disconnects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeResult {
    /// The revision the server chose.
    pub protocol_version: String,
    /// The server's capabilities.
    pub capabilities: ServerCapabilities,
    /// The server's name and version.
    pub server_info: Implementation,
    /// How to use the server; may go into the model's system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// Never sent for `initialize` (legacy); kept so every result type has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Result metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revisioned for InitializeResult {
    /// Adapts `capabilities` and `resultType` (legacy: removed).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        self.capabilities.adapt_to(version);
    }
}

/// Parameters of `notifications/initialized` (only `_meta`).
pub type InitializedNotificationParams = NotificationParams;

/// Parameters of `ping` (only `_meta`; answered with `EmptyResult`).
pub type PingRequestParams = RequestParams;

/// Parameters of `server/discover` (`RequestParams`: only the required request `_meta`).
pub type DiscoverRequestParams = RequestParams;

/// The result of `server/discover` (`DiscoverResult`, 2026-07-28).
///
/// `resultType`, `ttlMs` and `cacheScope` are required on the wire; `serverInfo` is carried
/// in `_meta` ([`DiscoverResult::server_info`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverResult {
    /// Revisions the server supports; the client picks one for later requests.
    pub supported_versions: Vec<String>,
    /// The server's capabilities.
    pub capabilities: ServerCapabilities,
    /// How to use the server; may go into the model's system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// How long in milliseconds the client may cache the result (0 = stale now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
    /// Who may reuse the cached result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_scope: Option<CacheScope>,
    /// How to read the result (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Result metadata (`io.modelcontextprotocol/serverInfo`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DiscoverResult {
    /// The server's `Implementation` from `_meta`, when present; `Some(Err)` when malformed.
    pub fn server_info(&self) -> Option<Result<Implementation, serde_json::Error>> {
        self.meta.as_ref()?.get_as(meta_keys::SERVER_INFO)
    }

    /// Stores `info` as `_meta["io.modelcontextprotocol/serverInfo"]`.
    pub fn set_server_info(&mut self, info: &Implementation) {
        self.meta.get_or_insert_with(Meta::new).set(meta_keys::SERVER_INFO, info);
    }
}

impl Revisioned for DiscoverResult {
    /// Adapts `capabilities` and `resultType`; legacy revisions (which have no
    /// `server/discover`) also lose the cache hints.
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
        adapt_cache_hints(&mut self.ttl_ms, &mut self.cache_scope, version);
        self.capabilities.adapt_to(version);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn discover_examples_round_trip() {
        let results: Vec<DiscoverResult> = round_trip_examples("DiscoverResult");
        let r = &results[0];
        assert_eq!(r.supported_versions, ["2026-07-28"]);
        assert_eq!(r.server_info().unwrap().unwrap(), Implementation::new("ExampleServer", "1.0.0"));
        assert_eq!((r.ttl_ms, r.cache_scope), (Some(3_600_000), Some(CacheScope::Public)));
        assert_eq!(r.clone().for_revision(ProtocolVersion::V2026_07_28), *r);
        let _: Vec<DiscoverResult> = round_trip_members("DiscoverResultResponse", "result");
        let params: Vec<DiscoverRequestParams> = round_trip_members("DiscoverRequest", "params");
        assert!(params[0].meta.as_ref().unwrap().protocol_version().is_some());
    }

    #[test]
    fn discover_builds_and_adapts() {
        let mut r = DiscoverResult {
            supported_versions: vec!["2026-07-28".into(), "2025-11-25".into()],
            capabilities: serde_json::from_value(json!({"tools": {}, "tasks": {"list": {}}})).unwrap(),
            ttl_ms: Some(0),
            cache_scope: Some(CacheScope::Private),
            ..DiscoverResult::default()
        };
        r.set_server_info(&Implementation::new("s", "2"));
        let modern = serde_json::to_value(r.clone().for_revision(ProtocolVersion::V2026_07_28)).unwrap();
        assert_eq!(
            modern,
            json!({"supportedVersions": ["2026-07-28", "2025-11-25"], "capabilities": {"tools": {}},
                   "ttlMs": 0, "cacheScope": "private", "resultType": "complete",
                   "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "s", "version": "2"}}})
        );
        let legacy = r.for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!((legacy.ttl_ms, legacy.cache_scope, legacy.result_type), (None, None, None));
    }

    #[test]
    fn initialize_round_trips_and_adapts() {
        let params = json!({
            "protocolVersion": "2025-11-25",
            "capabilities": {"roots": {"listChanged": true}, "sampling": {}},
            "clientInfo": {"name": "c", "version": "1", "title": "Client"}
        });
        let p: InitializeRequestParams = serde_json::from_value(params.clone()).unwrap();
        assert_eq!(p.client_info.title.as_deref(), Some("Client"));
        assert_eq!(serde_json::to_value(&p).unwrap(), params);
        assert!(serde_json::from_value::<InitializeRequestParams>(json!({"protocolVersion": "x"})).is_err());

        let result = json!({
            "protocolVersion": "2025-06-18",
            "capabilities": {"logging": {}, "extensions": {"com.example/x": {}}},
            "serverInfo": {"name": "s", "version": "1"},
            "instructions": "Use it well.",
            "x-vendor": 1
        });
        let r: InitializeResult = serde_json::from_value(result.clone()).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), result);
        let legacy = serde_json::to_value(r.for_revision(ProtocolVersion::V2025_06_18)).unwrap();
        assert_eq!(
            legacy,
            json!({"protocolVersion": "2025-06-18", "capabilities": {"logging": {}},
                   "serverInfo": {"name": "s", "version": "1"}, "instructions": "Use it well.",
                   "x-vendor": 1})
        );
    }
}
