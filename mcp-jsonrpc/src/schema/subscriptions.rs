//! `subscriptions/listen` (2026-07-28): the long-lived stream on which a client receives
//! notifications outside any one request.
//!
//! 2026-07-28 `basic/utilities/subscriptions.mdx` (the listen request replaces the legacy
//! HTTP GET stream and `resources/subscribe`). Every notification type is opt-in: the server
//! must not send a type the client did not request. The server first sends
//! `notifications/subscriptions/acknowledged` with the types it agreed to; each notification
//! on the stream carries `_meta["io.modelcontextprotocol/subscriptionId"]`, the listen
//! request's id. The listen result is sent only when the server ends the subscription.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{ResultType, adapt_result_type};
use super::meta::meta_keys;
use super::{Meta, Revisioned};
use crate::id::RequestId;
use crate::version::ProtocolVersion;

/// The notification types a client opts in to (`SubscriptionFilter`).
///
/// Members added by extensions (for example a tasks extension's filter) are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionFilter {
    /// Receive `notifications/tools/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools_list_changed: Option<bool>,
    /// Receive `notifications/prompts/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts_list_changed: Option<bool>,
    /// Receive `notifications/resources/list_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources_list_changed: Option<bool>,
    /// Receive `notifications/resources/updated` for these resource URIs (replaces
    /// `resources/subscribe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_subscriptions: Option<Vec<String>>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SubscriptionFilter {
    /// Whether nothing is requested (no flag set to `true`, no URI, no extension member).
    pub fn is_empty(&self) -> bool {
        self.tools_list_changed != Some(true)
            && self.prompts_list_changed != Some(true)
            && self.resources_list_changed != Some(true)
            && self.resource_subscriptions.as_ref().is_none_or(Vec::is_empty)
            && self.extra.is_empty()
    }
}

/// Parameters of `subscriptions/listen` (`SubscriptionsListenRequestParams`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionsListenRequestParams {
    /// What to listen for.
    pub notifications: SubscriptionFilter,
    /// Request metadata (required; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The result of `subscriptions/listen` (`SubscriptionsListenResult`): the server ended the
/// subscription gracefully. An abrupt transport close has no result.
///
/// `_meta` is required and holds `io.modelcontextprotocol/subscriptionId`
/// ([`SubscriptionsListenResult::new`] sets it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionsListenResult {
    /// 2026-07-28 (required): how to read the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Result metadata, with the subscription id.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SubscriptionsListenResult {
    /// The result that closes subscription `id` (the listen request's id).
    pub fn new(id: &RequestId) -> Self {
        SubscriptionsListenResult {
            result_type: Some(ResultType::Complete),
            meta: Some(Meta::new().with(meta_keys::SUBSCRIPTION_ID, id)),
            extra: Map::new(),
        }
    }

    /// The subscription id from `_meta`, when present and well-formed.
    pub fn subscription_id(&self) -> Option<RequestId> {
        self.meta.as_ref()?.get_as(meta_keys::SUBSCRIPTION_ID)?.ok()
    }
}

impl Revisioned for SubscriptionsListenResult {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        adapt_result_type(&mut self.result_type, version);
    }
}

/// Parameters of `notifications/subscriptions/acknowledged`
/// (`SubscriptionsAcknowledgedNotificationParams`): the subset of the requested types the
/// server will honour; types it does not support are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionsAcknowledgedNotificationParams {
    /// The agreed notification types.
    pub notifications: SubscriptionFilter,
    /// Notification metadata (`io.modelcontextprotocol/subscriptionId`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn listen_examples_round_trip() {
        let p: Vec<SubscriptionsListenRequestParams> =
            round_trip_members("SubscriptionsListenRequest", "params");
        assert_eq!(p[0].notifications.tools_list_changed, Some(true));
        assert_eq!(
            p[0].notifications.resource_subscriptions,
            Some(vec!["file:///project/config.json".to_owned()])
        );
        assert!(!p[0].notifications.is_empty());

        let a: Vec<SubscriptionsAcknowledgedNotificationParams> =
            round_trip_members("SubscriptionsAcknowledgedNotification", "params");
        assert_eq!(a[0].notifications, p[0].notifications);
    }

    #[test]
    fn listen_result_examples_and_constructor() {
        let results: Vec<SubscriptionsListenResult> = round_trip_examples("SubscriptionsListenResult");
        assert_eq!(results[0].subscription_id(), Some(RequestId::from("listen-1")));
        assert_eq!(SubscriptionsListenResult::new(&RequestId::from("listen-1")), results[0]);
        let _: Vec<SubscriptionsListenResult> =
            round_trip_members("SubscriptionsListenResultResponse", "result");
        let numeric = SubscriptionsListenResult::new(&RequestId::Number(9));
        assert_eq!(numeric.subscription_id(), Some(RequestId::Number(9)));
        assert_eq!(SubscriptionsListenResult::default().subscription_id(), None);
    }

    #[test]
    fn extension_filters_survive() {
        let json = json!({"toolsListChanged": false, "taskIds": ["t1"]});
        let f: SubscriptionFilter = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(f.extra["taskIds"], json!(["t1"]));
        assert!(!f.is_empty());
        assert_eq!(serde_json::to_value(&f).unwrap(), json);
        let off: SubscriptionFilter = serde_json::from_value(json!({"toolsListChanged": false})).unwrap();
        assert!(off.is_empty());
    }
}
