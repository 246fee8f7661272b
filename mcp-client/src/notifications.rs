//! Server notifications as the client sees them.
//!
//! Names and params: 2026-07-28 `schema.ts` (`ServerNotification`) plus the legacy-only
//! `notifications/elicitation/complete` and `notifications/tasks/status` (2025-11-25). In
//! 2026-07-28 the list-change and resource-update notifications arrive on a
//! `subscriptions/listen` stream (`basic/patterns/subscriptions.mdx`); in the legacy revisions
//! they arrive unsolicited. Either way they invalidate the cache
//! (`server/utilities/caching.mdx`) before user code sees them.

use mcp_jsonrpc::Notification;
use mcp_jsonrpc::schema::elicitation::ElicitationCompleteNotificationParams;
use mcp_jsonrpc::schema::logging::LoggingMessageNotificationParams;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::notifications::ProgressNotificationParams;
use mcp_jsonrpc::schema::resources::ResourceUpdatedNotificationParams;
use serde_json::Value;

/// A notification from the server, decoded by method.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ServerNotification {
    /// `notifications/progress` (`basic/patterns/progress.mdx`).
    Progress(ProgressNotificationParams),
    /// `notifications/message`: a log message (`server/utilities/logging.mdx`).
    LogMessage(LoggingMessageNotificationParams),
    /// `notifications/tools/list_changed`.
    ToolsListChanged,
    /// `notifications/prompts/list_changed`.
    PromptsListChanged,
    /// `notifications/resources/list_changed`.
    ResourcesListChanged,
    /// `notifications/resources/updated`.
    ResourceUpdated(ResourceUpdatedNotificationParams),
    /// `notifications/elicitation/complete` (2025-11-25 URL-mode elicitation).
    ElicitationComplete(ElicitationCompleteNotificationParams),
    /// `notifications/subscriptions/acknowledged` (2026-07-28): the first message of a listen
    /// stream, with the subset of the requested filter the server honours.
    SubscriptionsAcknowledged(Value),
    /// Any other notification (e.g. tasks status, or one with malformed params), raw.
    Other(Notification),
}

impl ServerNotification {
    /// Decodes `n` by its method; params of the wrong shape give [`ServerNotification::Other`].
    pub fn decode(n: &Notification) -> ServerNotification {
        let typed = match n.method.as_str() {
            methods::NOTIFICATIONS_PROGRESS => n.params_as().ok().map(ServerNotification::Progress),
            methods::NOTIFICATIONS_MESSAGE => n.params_as().ok().map(ServerNotification::LogMessage),
            methods::NOTIFICATIONS_TOOLS_LIST_CHANGED => Some(ServerNotification::ToolsListChanged),
            methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED => Some(ServerNotification::PromptsListChanged),
            methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED => Some(ServerNotification::ResourcesListChanged),
            methods::NOTIFICATIONS_RESOURCES_UPDATED => {
                n.params_as().ok().map(ServerNotification::ResourceUpdated)
            }
            methods::NOTIFICATIONS_ELICITATION_COMPLETE => {
                n.params_as().ok().map(ServerNotification::ElicitationComplete)
            }
            methods::NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED => {
                n.params_as().ok().map(ServerNotification::SubscriptionsAcknowledged)
            }
            _ => None,
        };
        typed.unwrap_or_else(|| ServerNotification::Other(n.clone()))
    }

    /// The `io.modelcontextprotocol/subscriptionId` in the params' `_meta`, which ties a
    /// 2026-07-28 notification to the listen request that asked for it.
    pub fn subscription_id(n: &Notification) -> Option<mcp_jsonrpc::RequestId> {
        let params: Value = n.params_as().ok()?;
        let id = params.get("_meta")?.get(mcp_jsonrpc::schema::meta_keys::SUBSCRIPTION_ID)?;
        serde_json::from_value(id.clone()).ok()
    }
}
