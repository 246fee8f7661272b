//! Utility notifications: progress, cancellation and the `list_changed` notifications.
//!
//! 2026-07-28 `basic/utilities/progress.mdx`, `basic/utilities/cancellation.mdx`, and the
//! "List Changed Notification" sections of `server/tools.mdx`, `server/prompts.mdx` and
//! `server/resources.mdx`. In 2026-07-28 the `list_changed` notifications travel on a
//! `subscriptions/listen` stream with `io.modelcontextprotocol/subscriptionId` in `_meta`.

use serde::{Deserialize, Serialize};

use super::Meta;
use super::common::{NotificationParams, ProgressToken, json_number};
use crate::id::RequestId;

/// Parameters of `notifications/progress` (`ProgressNotificationParams`).
///
/// `progress` must increase with each notification for a token; `total` may be absent when
/// unknown. Both may be fractional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressNotificationParams {
    /// The token from the request's `_meta.progressToken`.
    pub progress_token: ProgressToken,
    /// Progress so far.
    #[serde(serialize_with = "json_number::serialize")]
    pub progress: f64,
    /// Total amount of work, when known.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "json_number::option")]
    pub total: Option<f64>,
    /// Human-readable description of the current progress (2025-03-26 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Notification metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl ProgressNotificationParams {
    /// Progress `progress` of `total` for `token`.
    pub fn new(token: ProgressToken, progress: f64, total: Option<f64>) -> Self {
        ProgressNotificationParams { progress_token: token, progress, total, message: None, meta: None }
    }
}

/// Parameters of `notifications/cancelled` (`CancelledNotificationParams`).
///
/// `requestId` is required in every revision except 2025-11-25, where it is optional (and
/// must not be used to cancel a task; `tasks/cancel` does that).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledNotificationParams {
    /// Id of the request to cancel, previously sent in the same direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<RequestId>,
    /// Why the request was cancelled, for logs or display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Notification metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl CancelledNotificationParams {
    /// Cancels `request_id`, optionally saying why.
    pub fn new(request_id: RequestId, reason: Option<String>) -> Self {
        CancelledNotificationParams { request_id: Some(request_id), reason, meta: None }
    }
}

/// Parameters of `notifications/tools/list_changed` (only `_meta`).
pub type ToolListChangedNotificationParams = NotificationParams;
/// Parameters of `notifications/prompts/list_changed` (only `_meta`).
pub type PromptListChangedNotificationParams = NotificationParams;
/// Parameters of `notifications/resources/list_changed` (only `_meta`).
pub type ResourceListChangedNotificationParams = NotificationParams;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn progress_examples_round_trip() {
        let p: Vec<ProgressNotificationParams> = round_trip_examples("ProgressNotificationParams");
        assert_eq!(p[0].progress, 50.0);
        assert_eq!(p[0].total, Some(100.0));
        assert_eq!(p[0].progress_token, ProgressToken::from("oivaizmir"));
        let _: Vec<ProgressNotificationParams> = round_trip_members("ProgressNotification", "params");
    }

    #[test]
    fn fractional_progress_keeps_its_fraction() {
        let p = ProgressNotificationParams::new(ProgressToken::Integer(3), 0.25, None);
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"progressToken":3,"progress":0.25}"#);
        let back: ProgressNotificationParams =
            serde_json::from_str(r#"{"progressToken":3,"progress":1}"#).unwrap();
        assert_eq!(back.progress, 1.0);
        assert!(serde_json::from_value::<ProgressNotificationParams>(json!({"progress": 1})).is_err());
    }

    #[test]
    fn cancelled_examples_round_trip() {
        let p: Vec<CancelledNotificationParams> = round_trip_examples("CancelledNotificationParams");
        assert_eq!(p[0].request_id, Some(RequestId::from("123")));
        let _: Vec<CancelledNotificationParams> = round_trip_members("CancelledNotification", "params");
        let bare: CancelledNotificationParams = serde_json::from_value(json!({})).unwrap();
        assert_eq!(bare.request_id, None);
        assert_eq!(
            serde_json::to_value(CancelledNotificationParams::new(RequestId::Number(4), None)).unwrap(),
            json!({"requestId": 4})
        );
    }

    #[test]
    fn list_changed_examples_round_trip() {
        for definition in [
            "ToolListChangedNotification",
            "PromptListChangedNotification",
            "ResourceListChangedNotification",
        ] {
            let p: Vec<NotificationParams> = round_trip_members(definition, "params");
            assert!(p[0].meta.as_ref().unwrap().get("io.modelcontextprotocol/subscriptionId").is_some());
        }
    }
}
