//! Method and notification names of every revision, which revision defines each, and typed
//! request and notification enums.
//!
//! - Constants: one per name (`TOOLS_CALL = "tools/call"`, ...).
//! - [`METHODS`]: the table of where each name is defined: its [`MessageKind`] (request,
//!   notification, or 2026-07-28 input request), its [`Direction`], the revisions, and whether
//!   the core schema or the tasks extension defines it. It is derived from the `const` method
//!   values and the `ClientRequest`/`ServerRequest`/`ClientNotification`/`ServerNotification`/
//!   `InputRequest` unions of each revision's `schema.json` (a unit test checks it against
//!   them), plus the 2026-07-28 tasks extension (`io.modelcontextprotocol/tasks`,
//!   `experimental-ext-tasks` `specification/draft/tasks.md`), which is not in `schema.json`.
//! - [`is_defined_in`]: whether a revision defines a name as a JSON-RPC request or
//!   notification.
//! - [`ClientRequest`], [`ServerRequest`], [`ClientNotification`], [`ServerNotification`]:
//!   every message of every revision with its decoded params. `from_request` answers an
//!   unknown method with `-32601` and params of the wrong shape with `-32602`;
//!   `from_notification` returns `Ok(None)` for an unknown notification, which JSON-RPC says
//!   is never answered, so the caller just drops it.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::common::{NotificationParams, PaginatedRequestParams, RequestParams};
use super::completion::CompleteRequestParams;
use super::elicitation::{ElicitRequestParams, ElicitationCompleteNotificationParams};
use super::lifecycle::InitializeRequestParams;
use super::logging::{LoggingMessageNotificationParams, SetLevelRequestParams};
use super::notifications::{CancelledNotificationParams, ProgressNotificationParams};
use super::prompts::GetPromptRequestParams;
use super::resources::{
    ReadResourceRequestParams, ResourceUpdatedNotificationParams, SubscribeRequestParams,
    UnsubscribeRequestParams,
};
use super::roots::ListRootsRequestParams;
use super::sampling::CreateMessageRequestParams;
use super::subscriptions::{SubscriptionsAcknowledgedNotificationParams, SubscriptionsListenRequestParams};
use super::tasks::{GetTaskRequestParams, TaskStatusNotificationParams, ext};
use super::tools::CallToolRequestParams;
use crate::error::ErrorObject;
use crate::id::RequestId;
use crate::message::{Notification as JsonRpcNotification, Request as JsonRpcRequest};
use crate::version::ProtocolVersion;

/// `initialize` (legacy, client → server): starts a session (`basic/lifecycle.mdx`).
pub const INITIALIZE: &str = "initialize";
/// `ping` (legacy, both directions): liveness check, answered with `{}`.
pub const PING: &str = "ping";
/// `server/discover` (2026-07-28, client → server): versions, capabilities, server info.
pub const SERVER_DISCOVER: &str = "server/discover";
/// `tools/list` (every revision, client → server).
pub const TOOLS_LIST: &str = "tools/list";
/// `tools/call` (every revision, client → server).
pub const TOOLS_CALL: &str = "tools/call";
/// `resources/list` (every revision, client → server).
pub const RESOURCES_LIST: &str = "resources/list";
/// `resources/templates/list` (every revision, client → server).
pub const RESOURCES_TEMPLATES_LIST: &str = "resources/templates/list";
/// `resources/read` (every revision, client → server).
pub const RESOURCES_READ: &str = "resources/read";
/// `resources/subscribe` (legacy, client → server; 2026-07-28 uses `subscriptions/listen`).
pub const RESOURCES_SUBSCRIBE: &str = "resources/subscribe";
/// `resources/unsubscribe` (legacy, client → server).
pub const RESOURCES_UNSUBSCRIBE: &str = "resources/unsubscribe";
/// `prompts/list` (every revision, client → server).
pub const PROMPTS_LIST: &str = "prompts/list";
/// `prompts/get` (every revision, client → server).
pub const PROMPTS_GET: &str = "prompts/get";
/// `completion/complete` (every revision, client → server).
pub const COMPLETION_COMPLETE: &str = "completion/complete";
/// `logging/setLevel` (legacy, client → server; 2026-07-28 sets the level per request in `_meta`).
pub const LOGGING_SET_LEVEL: &str = "logging/setLevel";
/// `subscriptions/listen` (2026-07-28, client → server): the notification stream.
pub const SUBSCRIPTIONS_LISTEN: &str = "subscriptions/listen";
/// `sampling/createMessage`: legacy server → client request; 2026-07-28 input request.
pub const SAMPLING_CREATE_MESSAGE: &str = "sampling/createMessage";
/// `roots/list`: legacy server → client request; 2026-07-28 input request.
pub const ROOTS_LIST: &str = "roots/list";
/// `elicitation/create`: server → client request in 2025-06-18 and 2025-11-25; 2026-07-28
/// input request.
pub const ELICITATION_CREATE: &str = "elicitation/create";
/// `tasks/get`: legacy tasks (2025-11-25, both directions) and the tasks extension
/// (2026-07-28, client → server).
pub const TASKS_GET: &str = "tasks/get";
/// `tasks/result` (2025-11-25 legacy tasks, both directions).
pub const TASKS_RESULT: &str = "tasks/result";
/// `tasks/list` (2025-11-25 legacy tasks, both directions).
pub const TASKS_LIST: &str = "tasks/list";
/// `tasks/cancel`: legacy tasks (2025-11-25, both directions) and the tasks extension.
pub const TASKS_CANCEL: &str = "tasks/cancel";
/// `tasks/update` (2026-07-28 tasks extension, client → server): answers a task's input requests.
pub const TASKS_UPDATE: &str = "tasks/update";

/// `notifications/initialized` (legacy, client → server).
pub const NOTIFICATIONS_INITIALIZED: &str = "notifications/initialized";
/// `notifications/cancelled` (every revision; both directions).
pub const NOTIFICATIONS_CANCELLED: &str = "notifications/cancelled";
/// `notifications/progress` (legacy both directions; 2026-07-28 server → client).
pub const NOTIFICATIONS_PROGRESS: &str = "notifications/progress";
/// `notifications/message` (every revision, server → client): a log message.
pub const NOTIFICATIONS_MESSAGE: &str = "notifications/message";
/// `notifications/resources/updated` (every revision, server → client).
pub const NOTIFICATIONS_RESOURCES_UPDATED: &str = "notifications/resources/updated";
/// `notifications/resources/list_changed` (every revision, server → client).
pub const NOTIFICATIONS_RESOURCES_LIST_CHANGED: &str = "notifications/resources/list_changed";
/// `notifications/tools/list_changed` (every revision, server → client).
pub const NOTIFICATIONS_TOOLS_LIST_CHANGED: &str = "notifications/tools/list_changed";
/// `notifications/prompts/list_changed` (every revision, server → client).
pub const NOTIFICATIONS_PROMPTS_LIST_CHANGED: &str = "notifications/prompts/list_changed";
/// `notifications/roots/list_changed` (legacy, client → server).
pub const NOTIFICATIONS_ROOTS_LIST_CHANGED: &str = "notifications/roots/list_changed";
/// `notifications/elicitation/complete` (2025-11-25, server → client).
pub const NOTIFICATIONS_ELICITATION_COMPLETE: &str = "notifications/elicitation/complete";
/// `notifications/tasks/status` (2025-11-25 legacy tasks, both directions).
pub const NOTIFICATIONS_TASKS_STATUS: &str = "notifications/tasks/status";
/// `notifications/subscriptions/acknowledged` (2026-07-28, server → client): first message
/// of a `subscriptions/listen` stream.
pub const NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED: &str = "notifications/subscriptions/acknowledged";
/// `notifications/tasks` (2026-07-28 tasks extension, server → client, on the listen stream).
pub const NOTIFICATIONS_TASKS: &str = "notifications/tasks";

/// What kind of message a name is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// A JSON-RPC request (has an `id`, gets a response).
    Request,
    /// A JSON-RPC notification (no `id`, never answered).
    Notification,
    /// A 2026-07-28 input request: `{method, params}` inside an `InputRequiredResult`'s
    /// `inputRequests` (or a task's), never sent as a JSON-RPC message
    /// (`basic/patterns/mrtr.mdx`).
    InputRequest,
}

/// Who sends a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server.
    ClientToServer,
    /// Server to client.
    ServerToClient,
    /// Either side.
    Both,
}

impl Direction {
    /// Whether a client may send it.
    pub fn from_client(self) -> bool {
        matches!(self, Direction::ClientToServer | Direction::Both)
    }

    /// Whether a server may send it.
    pub fn from_server(self) -> bool {
        matches!(self, Direction::ServerToClient | Direction::Both)
    }
}

/// Which document defines a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The revision's core `schema.ts`/`schema.json`.
    Core,
    /// The 2026-07-28 tasks extension `io.modelcontextprotocol/tasks`.
    TasksExtension,
}

/// One row of [`METHODS`]: a name as one set of revisions defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSpec {
    /// The method name.
    pub name: &'static str,
    /// Request, notification or input request.
    pub kind: MessageKind,
    /// Who sends it.
    pub direction: Direction,
    /// The revisions that define it this way.
    pub revisions: &'static [ProtocolVersion],
    /// The defining document.
    pub source: Source,
}

impl MethodSpec {
    /// Whether `version` defines this row.
    pub fn in_revision(&self, version: ProtocolVersion) -> bool {
        self.revisions.contains(&version)
    }
}

use MessageKind::{InputRequest, Notification, Request};
use ProtocolVersion::{V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28};

const ALL: &[ProtocolVersion] = &[V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28];
const LEGACY: &[ProtocolVersion] = &[V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25];
const MODERN: &[ProtocolVersion] = &[V2026_07_28];
const ELICITATION_LEGACY: &[ProtocolVersion] = &[V2025_06_18, V2025_11_25];
const TASKS_LEGACY: &[ProtocolVersion] = &[V2025_11_25];

const fn row(
    name: &'static str,
    kind: MessageKind,
    direction: Direction,
    revisions: &'static [ProtocolVersion],
) -> MethodSpec {
    MethodSpec { name, kind, direction, revisions, source: Source::Core }
}

const fn ext(name: &'static str, kind: MessageKind, direction: Direction) -> MethodSpec {
    MethodSpec { name, kind, direction, revisions: MODERN, source: Source::TasksExtension }
}

use Direction::{Both, ClientToServer as C2S, ServerToClient as S2C};

/// Every method and notification name, with the revisions that define it.
///
/// A name can have several rows (e.g. `elicitation/create` is a legacy server-to-client
/// request and a 2026-07-28 input request; `tasks/get` is a legacy request in both
/// directions and a client-to-server extension request).
pub const METHODS: &[MethodSpec] = &[
    // Lifecycle and utilities.
    row(INITIALIZE, Request, C2S, LEGACY),
    row(PING, Request, Both, LEGACY),
    row(NOTIFICATIONS_INITIALIZED, Notification, C2S, LEGACY),
    row(SERVER_DISCOVER, Request, C2S, MODERN),
    row(NOTIFICATIONS_CANCELLED, Notification, Both, ALL),
    row(NOTIFICATIONS_PROGRESS, Notification, Both, LEGACY),
    row(NOTIFICATIONS_PROGRESS, Notification, S2C, MODERN),
    // Server features.
    row(TOOLS_LIST, Request, C2S, ALL),
    row(TOOLS_CALL, Request, C2S, ALL),
    row(NOTIFICATIONS_TOOLS_LIST_CHANGED, Notification, S2C, ALL),
    row(RESOURCES_LIST, Request, C2S, ALL),
    row(RESOURCES_TEMPLATES_LIST, Request, C2S, ALL),
    row(RESOURCES_READ, Request, C2S, ALL),
    row(RESOURCES_SUBSCRIBE, Request, C2S, LEGACY),
    row(RESOURCES_UNSUBSCRIBE, Request, C2S, LEGACY),
    row(NOTIFICATIONS_RESOURCES_UPDATED, Notification, S2C, ALL),
    row(NOTIFICATIONS_RESOURCES_LIST_CHANGED, Notification, S2C, ALL),
    row(PROMPTS_LIST, Request, C2S, ALL),
    row(PROMPTS_GET, Request, C2S, ALL),
    row(NOTIFICATIONS_PROMPTS_LIST_CHANGED, Notification, S2C, ALL),
    row(COMPLETION_COMPLETE, Request, C2S, ALL),
    row(LOGGING_SET_LEVEL, Request, C2S, LEGACY),
    row(NOTIFICATIONS_MESSAGE, Notification, S2C, ALL),
    row(SUBSCRIPTIONS_LISTEN, Request, C2S, MODERN),
    row(NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED, Notification, S2C, MODERN),
    // Client features.
    row(SAMPLING_CREATE_MESSAGE, Request, S2C, LEGACY),
    row(SAMPLING_CREATE_MESSAGE, InputRequest, S2C, MODERN),
    row(ROOTS_LIST, Request, S2C, LEGACY),
    row(ROOTS_LIST, InputRequest, S2C, MODERN),
    row(NOTIFICATIONS_ROOTS_LIST_CHANGED, Notification, C2S, LEGACY),
    row(ELICITATION_CREATE, Request, S2C, ELICITATION_LEGACY),
    row(ELICITATION_CREATE, InputRequest, S2C, MODERN),
    row(NOTIFICATIONS_ELICITATION_COMPLETE, Notification, S2C, TASKS_LEGACY),
    // Legacy tasks (2025-11-25).
    row(TASKS_GET, Request, Both, TASKS_LEGACY),
    row(TASKS_RESULT, Request, Both, TASKS_LEGACY),
    row(TASKS_LIST, Request, Both, TASKS_LEGACY),
    row(TASKS_CANCEL, Request, Both, TASKS_LEGACY),
    row(NOTIFICATIONS_TASKS_STATUS, Notification, Both, TASKS_LEGACY),
    // Tasks extension (2026-07-28).
    ext(TASKS_GET, Request, C2S),
    ext(TASKS_UPDATE, Request, C2S),
    ext(TASKS_CANCEL, Request, C2S),
    ext(NOTIFICATIONS_TASKS, Notification, S2C),
];

/// The row that defines `method` as a JSON-RPC request or notification in `version`, if any.
pub fn spec(method: &str, version: ProtocolVersion) -> Option<&'static MethodSpec> {
    METHODS.iter().find(|m| m.name == method && m.kind != InputRequest && m.in_revision(version))
}

/// Whether `version` defines `method` as a JSON-RPC request or notification (core schema or,
/// for 2026-07-28, the tasks extension). Input requests do not count: in 2026-07-28
/// `elicitation/create`, `sampling/createMessage` and `roots/list` only appear inside
/// `inputRequests` ([`is_input_request_in`]).
pub fn is_defined_in(method: &str, version: ProtocolVersion) -> bool {
    spec(method, version).is_some()
}

/// Whether `version` defines `method` as an input request (2026-07-28 `basic/patterns/mrtr.mdx`).
pub fn is_input_request_in(method: &str, version: ProtocolVersion) -> bool {
    METHODS.iter().any(|m| m.name == method && m.kind == InputRequest && m.in_revision(version))
}

/// Whether `method` is a request a client may send to a server in `version`.
pub fn is_client_request(method: &str, version: ProtocolVersion) -> bool {
    spec(method, version).is_some_and(|m| m.kind == Request && m.direction.from_client())
}

/// Whether `method` is a request a server may send to a client in `version` (legacy only).
pub fn is_server_request(method: &str, version: ProtocolVersion) -> bool {
    spec(method, version).is_some_and(|m| m.kind == Request && m.direction.from_server())
}

/// Serializes typed params into raw JSON; an empty object becomes "no params" so a request
/// built from a params-less message round-trips.
fn raw_params<P: Serialize>(params: &P) -> Option<Box<serde_json::value::RawValue>> {
    // The schema types only contain maps with string keys, strings, numbers and booleans,
    // so serializing them cannot fail.
    let value = serde_json::to_value(params).expect("schema params always serialize");
    match &value {
        serde_json::Value::Object(map) if map.is_empty() => None,
        _ => Some(crate::message::to_raw(&value).expect("a JSON value always serializes")),
    }
}

fn decode_params<T: DeserializeOwned>(
    method: &str,
    params: &Option<Box<serde_json::value::RawValue>>,
) -> Result<T, ErrorObject> {
    let result = match params {
        Some(raw) => serde_json::from_str(raw.get()),
        None => serde_json::from_str("{}"),
    };
    result.map_err(|e| ErrorObject::invalid_params(format!("invalid params for {method}: {e}")))
}

macro_rules! request_enum {
    (
        $(#[$attr:meta])*
        $name:ident, $allowed:path {
            $( $(#[$vattr:meta])* $variant:ident($ty:ty) = $method:ident, )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// Variants hold their params unboxed: a value is decoded once per message and
        /// handed to a handler, so the size difference between variants costs nothing.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $( $(#[$vattr])* $variant($ty), )*
        }

        impl $name {
            /// The method name.
            pub fn method(&self) -> &'static str {
                match self {
                    $( $name::$variant(_) => $method, )*
                }
            }

            /// Decodes a request by its method.
            ///
            /// # Errors
            /// `-32601` naming the method when it is not one of these requests; `-32602` with
            /// the decoder's message when the params do not have the method's shape.
            pub fn from_request(request: &JsonRpcRequest) -> Result<Self, ErrorObject> {
                match request.method.as_str() {
                    $( $method => decode_params(&request.method, &request.params).map($name::$variant), )*
                    other => Err(ErrorObject::method_not_found(other)),
                }
            }

            /// Like [`Self::from_request`], and also `-32601` when `version` does not define
            /// the method in this direction (e.g. `ping` in 2026-07-28, `subscriptions/listen`
            /// in 2025-11-25).
            ///
            /// # Errors
            /// As [`Self::from_request`].
            pub fn from_request_in(request: &JsonRpcRequest, version: ProtocolVersion) -> Result<Self, ErrorObject> {
                if !$allowed(&request.method, version) {
                    return Err(ErrorObject::method_not_found(&request.method));
                }
                Self::from_request(request)
            }

            /// The JSON-RPC request with this method and params (empty params are omitted).
            pub fn to_request(&self, id: impl Into<RequestId>) -> JsonRpcRequest {
                let params = match self {
                    $( $name::$variant(p) => raw_params(p), )*
                };
                JsonRpcRequest { id: id.into(), method: self.method().to_owned(), params }
            }
        }
    };
}

macro_rules! notification_enum {
    (
        $(#[$attr:meta])*
        $name:ident {
            $( $(#[$vattr:meta])* $variant:ident($ty:ty) = $method:ident, )*
        }
    ) => {
        $(#[$attr])*
        ///
        /// Variants hold their params unboxed: a value is decoded once per message and
        /// handed to a handler, so the size difference between variants costs nothing.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            $( $(#[$vattr])* $variant($ty), )*
        }

        impl $name {
            /// The method name.
            pub fn method(&self) -> &'static str {
                match self {
                    $( $name::$variant(_) => $method, )*
                }
            }

            /// Decodes a notification by its method: `Ok(None)` for a method that is not one
            /// of these notifications (JSON-RPC notifications are never answered: drop it).
            ///
            /// # Errors
            /// `-32602` with the decoder's message when a known notification's params do not
            /// have its shape; the caller may log it, but must not answer.
            pub fn from_notification(notification: &JsonRpcNotification) -> Result<Option<Self>, ErrorObject> {
                match notification.method.as_str() {
                    $( $method => decode_params(&notification.method, &notification.params)
                        .map(|p| Some($name::$variant(p))), )*
                    _ => Ok(None),
                }
            }

            /// The JSON-RPC notification with this method and params (empty params are
            /// omitted).
            pub fn to_notification(&self) -> JsonRpcNotification {
                let params = match self {
                    $( $name::$variant(p) => raw_params(p), )*
                };
                JsonRpcNotification { method: self.method().to_owned(), params }
            }
        }
    };
}

request_enum! {
    /// A request a client sends to a server, in any revision (the union of every revision's
    /// `ClientRequest`, plus the 2026-07-28 tasks extension).
    ClientRequest, is_client_request {
        /// `initialize` (legacy).
        Initialize(InitializeRequestParams) = INITIALIZE,
        /// `ping` (legacy).
        Ping(RequestParams) = PING,
        /// `server/discover` (2026-07-28).
        Discover(RequestParams) = SERVER_DISCOVER,
        /// `tools/list`.
        ListTools(PaginatedRequestParams) = TOOLS_LIST,
        /// `tools/call`.
        CallTool(CallToolRequestParams) = TOOLS_CALL,
        /// `resources/list`.
        ListResources(PaginatedRequestParams) = RESOURCES_LIST,
        /// `resources/templates/list`.
        ListResourceTemplates(PaginatedRequestParams) = RESOURCES_TEMPLATES_LIST,
        /// `resources/read`.
        ReadResource(ReadResourceRequestParams) = RESOURCES_READ,
        /// `resources/subscribe` (legacy).
        Subscribe(SubscribeRequestParams) = RESOURCES_SUBSCRIBE,
        /// `resources/unsubscribe` (legacy).
        Unsubscribe(UnsubscribeRequestParams) = RESOURCES_UNSUBSCRIBE,
        /// `prompts/list`.
        ListPrompts(PaginatedRequestParams) = PROMPTS_LIST,
        /// `prompts/get`.
        GetPrompt(GetPromptRequestParams) = PROMPTS_GET,
        /// `completion/complete`.
        Complete(CompleteRequestParams) = COMPLETION_COMPLETE,
        /// `logging/setLevel` (legacy).
        SetLevel(SetLevelRequestParams) = LOGGING_SET_LEVEL,
        /// `subscriptions/listen` (2026-07-28).
        SubscriptionsListen(SubscriptionsListenRequestParams) = SUBSCRIPTIONS_LISTEN,
        /// `tasks/get` (2025-11-25 legacy tasks, and the 2026-07-28 extension).
        GetTask(GetTaskRequestParams) = TASKS_GET,
        /// `tasks/result` (2025-11-25).
        GetTaskPayload(GetTaskRequestParams) = TASKS_RESULT,
        /// `tasks/list` (2025-11-25).
        ListTasks(PaginatedRequestParams) = TASKS_LIST,
        /// `tasks/cancel` (2025-11-25 legacy tasks, and the 2026-07-28 extension).
        CancelTask(GetTaskRequestParams) = TASKS_CANCEL,
        /// `tasks/update` (2026-07-28 tasks extension).
        UpdateTask(ext::UpdateTaskRequestParams) = TASKS_UPDATE,
    }
}

request_enum! {
    /// A request a legacy server sends to a client (the union of the legacy revisions'
    /// `ServerRequest`; 2026-07-28 servers send none and use `InputRequiredResult` instead).
    ServerRequest, is_server_request {
        /// `ping`.
        Ping(RequestParams) = PING,
        /// `sampling/createMessage`.
        CreateMessage(CreateMessageRequestParams) = SAMPLING_CREATE_MESSAGE,
        /// `roots/list`.
        ListRoots(ListRootsRequestParams) = ROOTS_LIST,
        /// `elicitation/create` (2025-06-18 and 2025-11-25).
        Elicit(ElicitRequestParams) = ELICITATION_CREATE,
        /// `tasks/get` (2025-11-25).
        GetTask(GetTaskRequestParams) = TASKS_GET,
        /// `tasks/result` (2025-11-25).
        GetTaskPayload(GetTaskRequestParams) = TASKS_RESULT,
        /// `tasks/list` (2025-11-25).
        ListTasks(PaginatedRequestParams) = TASKS_LIST,
        /// `tasks/cancel` (2025-11-25).
        CancelTask(GetTaskRequestParams) = TASKS_CANCEL,
    }
}

notification_enum! {
    /// A notification a client sends to a server, in any revision.
    ClientNotification {
        /// `notifications/cancelled`.
        Cancelled(CancelledNotificationParams) = NOTIFICATIONS_CANCELLED,
        /// `notifications/initialized` (legacy).
        Initialized(NotificationParams) = NOTIFICATIONS_INITIALIZED,
        /// `notifications/progress` (legacy: clients report progress of server requests).
        Progress(ProgressNotificationParams) = NOTIFICATIONS_PROGRESS,
        /// `notifications/roots/list_changed` (legacy).
        RootsListChanged(NotificationParams) = NOTIFICATIONS_ROOTS_LIST_CHANGED,
        /// `notifications/tasks/status` (2025-11-25).
        TaskStatus(TaskStatusNotificationParams) = NOTIFICATIONS_TASKS_STATUS,
    }
}

notification_enum! {
    /// A notification a server sends to a client, in any revision (plus the 2026-07-28
    /// tasks extension's `notifications/tasks`).
    ServerNotification {
        /// `notifications/cancelled` (2026-07-28: only to end a stdio listen stream).
        Cancelled(CancelledNotificationParams) = NOTIFICATIONS_CANCELLED,
        /// `notifications/progress`.
        Progress(ProgressNotificationParams) = NOTIFICATIONS_PROGRESS,
        /// `notifications/message`.
        LoggingMessage(LoggingMessageNotificationParams) = NOTIFICATIONS_MESSAGE,
        /// `notifications/resources/updated`.
        ResourceUpdated(ResourceUpdatedNotificationParams) = NOTIFICATIONS_RESOURCES_UPDATED,
        /// `notifications/resources/list_changed`.
        ResourceListChanged(NotificationParams) = NOTIFICATIONS_RESOURCES_LIST_CHANGED,
        /// `notifications/tools/list_changed`.
        ToolListChanged(NotificationParams) = NOTIFICATIONS_TOOLS_LIST_CHANGED,
        /// `notifications/prompts/list_changed`.
        PromptListChanged(NotificationParams) = NOTIFICATIONS_PROMPTS_LIST_CHANGED,
        /// `notifications/elicitation/complete` (2025-11-25).
        ElicitationComplete(ElicitationCompleteNotificationParams) = NOTIFICATIONS_ELICITATION_COMPLETE,
        /// `notifications/tasks/status` (2025-11-25).
        TaskStatus(TaskStatusNotificationParams) = NOTIFICATIONS_TASKS_STATUS,
        /// `notifications/subscriptions/acknowledged` (2026-07-28).
        SubscriptionsAcknowledged(SubscriptionsAcknowledgedNotificationParams) = NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED,
        /// `notifications/tasks` (2026-07-28 tasks extension).
        Tasks(ext::TaskStatusNotificationParams) = NOTIFICATIONS_TASKS,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use serde_json::Value;

    use super::*;

    fn definitions(version: ProtocolVersion) -> serde_json::Map<String, Value> {
        let path = format!("{}/../spec/schema/{version}/schema.json", env!("CARGO_MANIFEST_DIR"));
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let defs = schema.get("$defs").or_else(|| schema.get("definitions")).unwrap();
        defs.as_object().unwrap().clone()
    }

    fn const_method(def: &Value) -> Option<String> {
        def.pointer("/properties/method/const").and_then(Value::as_str).map(str::to_owned)
    }

    fn union_methods(defs: &serde_json::Map<String, Value>, union: &str) -> BTreeSet<String> {
        let Some(u) = defs.get(union) else { return BTreeSet::new() };
        let refs: Vec<&Value> = match u.get("anyOf") {
            Some(Value::Array(a)) => a.iter().collect(),
            _ => vec![u],
        };
        // A one-member union is written as that member itself (2026-07-28 `ClientNotification`).
        refs.into_iter()
            .map(|r| match r.get("$ref").and_then(Value::as_str) {
                Some(path) => const_method(&defs[path.rsplit('/').next().unwrap()]).unwrap(),
                None => const_method(r).unwrap(),
            })
            .collect()
    }

    type Key = (String, &'static str, &'static str);

    fn kind_name(k: MessageKind) -> &'static str {
        match k {
            Request => "request",
            Notification => "notification",
            InputRequest => "input",
        }
    }

    fn dir_name(d: Direction) -> &'static str {
        match d {
            C2S => "c2s",
            S2C => "s2c",
            Both => "both",
        }
    }

    /// The table's core rows agree with each revision's schema.json: the same names with the
    /// same kind and direction, and every `const` method of the schema is in the table.
    #[test]
    fn table_matches_every_schema_json() {
        for version in ProtocolVersion::ALL {
            let defs = definitions(version);
            let mut expected: BTreeSet<Key> = BTreeSet::new();
            for (kind, c_union, s_union) in [
                (Request, "ClientRequest", "ServerRequest"),
                (Notification, "ClientNotification", "ServerNotification"),
            ] {
                let c = union_methods(&defs, c_union);
                let s = union_methods(&defs, s_union);
                for m in c.union(&s) {
                    let dir = match (c.contains(m), s.contains(m)) {
                        (true, true) => Both,
                        (true, false) => C2S,
                        _ => S2C,
                    };
                    expected.insert((m.clone(), kind_name(kind), dir_name(dir)));
                }
            }
            for m in union_methods(&defs, "InputRequest") {
                expected.insert((m, kind_name(InputRequest), dir_name(S2C)));
            }
            let all_consts: BTreeSet<String> = defs.values().filter_map(const_method).collect();
            let covered: BTreeSet<String> = expected.iter().map(|k| k.0.clone()).collect();
            assert_eq!(all_consts, covered, "{version}: a const method is in no union");

            let table: BTreeSet<Key> = METHODS
                .iter()
                .filter(|m| m.source == Source::Core && m.in_revision(version))
                .map(|m| (m.name.to_owned(), kind_name(m.kind), dir_name(m.direction)))
                .collect();
            assert_eq!(table, expected, "{version}");
        }
    }

    #[test]
    fn no_name_has_two_message_rows_in_one_revision() {
        let mut seen: BTreeMap<(&str, ProtocolVersion), usize> = BTreeMap::new();
        for m in METHODS.iter().filter(|m| m.kind != InputRequest) {
            for v in m.revisions {
                *seen.entry((m.name, *v)).or_default() += 1;
            }
        }
        let dup: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
        assert!(dup.is_empty(), "{dup:?}");
    }

    #[test]
    fn era_specific_methods() {
        use ProtocolVersion as V;
        assert!(is_defined_in(PING, V::V2024_11_05) && !is_defined_in(PING, V::V2026_07_28));
        for m in
            [SERVER_DISCOVER, SUBSCRIPTIONS_LISTEN, NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED, TASKS_UPDATE]
        {
            assert!(is_defined_in(m, V::V2026_07_28), "{m}");
            assert!(V::ALL[..4].iter().all(|v| !is_defined_in(m, *v)), "{m}");
        }
        for m in [RESOURCES_SUBSCRIBE, LOGGING_SET_LEVEL, INITIALIZE, NOTIFICATIONS_ROOTS_LIST_CHANGED] {
            assert!(!is_defined_in(m, V::V2026_07_28), "{m}");
        }
        let elicit: Vec<_> = V::ALL.into_iter().filter(|v| is_defined_in(ELICITATION_CREATE, *v)).collect();
        assert_eq!(elicit, [V::V2025_06_18, V::V2025_11_25]);
        assert!(is_input_request_in(ELICITATION_CREATE, V::V2026_07_28));
        assert!(!is_input_request_in(ELICITATION_CREATE, V::V2025_11_25));
        for m in [TASKS_RESULT, TASKS_LIST, NOTIFICATIONS_TASKS_STATUS] {
            let revs: Vec<_> = V::ALL.into_iter().filter(|v| is_defined_in(m, *v)).collect();
            assert_eq!(revs, [V::V2025_11_25], "{m}");
        }
        assert!(is_server_request(TASKS_GET, V::V2025_11_25));
        assert!(!is_server_request(TASKS_GET, V::V2026_07_28));
        assert!(is_client_request(TASKS_GET, V::V2026_07_28));
        assert!(!is_client_request(SAMPLING_CREATE_MESSAGE, V::V2025_11_25));
        assert!(is_server_request(SAMPLING_CREATE_MESSAGE, V::V2024_11_05));
        assert!(!is_defined_in("tools/explode", V::V2026_07_28));
    }
    fn example_request(def: &str) -> JsonRpcRequest {
        let dir = format!("{}/../spec/schema/2026-07-28/examples/{def}", env!("CARGO_MANIFEST_DIR"));
        let path = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["jsonrpc"] = "2.0".into();
        if v.get("id").is_none() {
            v["id"] = 1.into();
        }
        match serde_json::from_value(v).unwrap() {
            crate::Message::Request(r) => r,
            other => panic!("{def}: not a request: {other:?}"),
        }
    }

    #[test]
    fn client_requests_decode_and_re_encode() {
        for (def, method) in [
            ("CallToolRequest", TOOLS_CALL),
            ("DiscoverRequest", SERVER_DISCOVER),
            ("GetPromptRequest", PROMPTS_GET),
            ("ReadResourceRequest", RESOURCES_READ),
            ("SubscriptionsListenRequest", SUBSCRIPTIONS_LISTEN),
            ("CompleteRequest", COMPLETION_COMPLETE),
            ("ListToolsRequest", TOOLS_LIST),
        ] {
            let request = example_request(def);
            let typed = ClientRequest::from_request(&request).unwrap_or_else(|e| panic!("{def}: {e}"));
            assert_eq!(typed.method(), method);
            let again = typed.to_request(request.id.clone());
            let a: Value = serde_json::to_value(&again).unwrap();
            let b: Value = serde_json::to_value(&request).unwrap();
            assert_eq!(a, b, "{def}");
            assert!(ClientRequest::from_request_in(&request, ProtocolVersion::V2026_07_28).is_ok(), "{def}");
        }
        let sampling = example_request("CreateMessageRequest");
        let typed = ServerRequest::from_request(&sampling).unwrap();
        assert!(matches!(typed, ServerRequest::CreateMessage(ref p) if p.max_tokens == 100));
        let roots = example_request("ListRootsRequest");
        let typed = ServerRequest::from_request(&roots).unwrap();
        assert_eq!(typed.to_request(roots.id.clone()), roots);
    }

    #[test]
    fn unknown_methods_and_bad_params_get_the_right_codes() {
        let unknown = JsonRpcRequest::without_params(7, "tools/explode");
        let err = ClientRequest::from_request(&unknown).unwrap_err();
        assert_eq!(err.code.0, -32601);
        assert!(err.message.contains("tools/explode"), "{}", err.message);

        let bad = JsonRpcRequest::new(8, TOOLS_CALL, &serde_json::json!({"arguments": {}})).unwrap();
        let err = ClientRequest::from_request(&bad).unwrap_err();
        assert_eq!(err.code.0, -32602);
        assert!(err.message.contains("name"), "{}", err.message);

        // A server-to-client method sent to a server is unknown there.
        let sampling = JsonRpcRequest::new(9, SAMPLING_CREATE_MESSAGE, &serde_json::json!({})).unwrap();
        assert_eq!(ClientRequest::from_request(&sampling).unwrap_err().code.0, -32601);

        let ping = JsonRpcRequest::without_params(1, PING);
        assert_eq!(
            ClientRequest::from_request(&ping).unwrap(),
            ClientRequest::Ping(RequestParams::default())
        );
        assert_eq!(ClientRequest::from_request(&ping).unwrap().to_request(1), ping);
        assert!(ClientRequest::from_request_in(&ping, ProtocolVersion::V2025_06_18).is_ok());
        let err = ClientRequest::from_request_in(&ping, ProtocolVersion::V2026_07_28).unwrap_err();
        assert_eq!(err.code.0, -32601);
        let update =
            JsonRpcRequest::new(2, TASKS_UPDATE, &serde_json::json!({"taskId": "t", "inputResponses": {}}))
                .unwrap();
        assert!(ClientRequest::from_request_in(&update, ProtocolVersion::V2026_07_28).is_ok());
        assert_eq!(
            ClientRequest::from_request_in(&update, ProtocolVersion::V2025_11_25).unwrap_err().code.0,
            -32601
        );
        let elicit = JsonRpcRequest::new(3, ELICITATION_CREATE, &serde_json::json!({"mode": "url", "message": "m", "url": "https://a.example/", "elicitationId": "e"})).unwrap();
        assert!(ServerRequest::from_request_in(&elicit, ProtocolVersion::V2025_11_25).is_ok());
        assert_eq!(
            ServerRequest::from_request_in(&elicit, ProtocolVersion::V2025_03_26).unwrap_err().code.0,
            -32601
        );
    }

    #[test]
    fn notifications_unknown_are_dropped_and_known_decode() {
        let unknown = JsonRpcNotification::without_params("notifications/whatever");
        assert_eq!(ServerNotification::from_notification(&unknown), Ok(None));
        assert_eq!(ClientNotification::from_notification(&unknown), Ok(None));

        let initialized = JsonRpcNotification::without_params(NOTIFICATIONS_INITIALIZED);
        let typed = ClientNotification::from_notification(&initialized).unwrap().unwrap();
        assert_eq!(typed.method(), NOTIFICATIONS_INITIALIZED);
        assert_eq!(typed.to_notification(), initialized);

        let bad =
            JsonRpcNotification::new(NOTIFICATIONS_ELICITATION_COMPLETE, &serde_json::json!({})).unwrap();
        assert_eq!(ServerNotification::from_notification(&bad).unwrap_err().code.0, -32602);

        let done = JsonRpcNotification::new(
            NOTIFICATIONS_ELICITATION_COMPLETE,
            &serde_json::json!({"elicitationId": "e1"}),
        )
        .unwrap();
        let typed = ServerNotification::from_notification(&done).unwrap().unwrap();
        assert!(matches!(&typed, ServerNotification::ElicitationComplete(p) if p.elicitation_id == "e1"));
        assert_eq!(typed.to_notification(), done);

        for def in [
            "ProgressNotification",
            "LoggingMessageNotification",
            "ResourceUpdatedNotification",
            "SubscriptionsAcknowledgedNotification",
            "ToolListChangedNotification",
        ] {
            let dir = format!("{}/../spec/schema/2026-07-28/examples/{def}", env!("CARGO_MANIFEST_DIR"));
            let path = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
            let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            v["jsonrpc"] = "2.0".into();
            let crate::Message::Notification(n) = serde_json::from_value(v.clone()).unwrap() else {
                panic!("{def}: not a notification")
            };
            let typed = ServerNotification::from_notification(&n).unwrap().unwrap_or_else(|| panic!("{def}"));
            assert_eq!(serde_json::to_value(typed.to_notification()).unwrap(), v, "{def}");
        }
    }

    /// Every request and notification name of the table has a variant in the typed enums for
    /// its direction, and every variant is in the table.
    #[test]
    fn typed_enums_cover_the_table() {
        for m in METHODS.iter().filter(|m| m.kind != InputRequest) {
            let params = serde_json::json!({});
            match m.kind {
                Request => {
                    let r = JsonRpcRequest::new(1, m.name, &params).unwrap();
                    if m.direction.from_client() {
                        let e = ClientRequest::from_request(&r).err();
                        assert!(e.as_ref().is_none_or(|e| e.code.0 == -32602), "{}: {e:?}", m.name);
                    }
                    if m.direction.from_server() {
                        let e = ServerRequest::from_request(&r).err();
                        assert!(e.as_ref().is_none_or(|e| e.code.0 == -32602), "{}: {e:?}", m.name);
                    }
                }
                Notification => {
                    let n = JsonRpcNotification::new(m.name, &params).unwrap();
                    if m.direction.from_client() {
                        let r = ClientNotification::from_notification(&n);
                        assert!(!matches!(r, Ok(None)), "{}", m.name);
                    }
                    if m.direction.from_server() {
                        let r = ServerNotification::from_notification(&n);
                        assert!(!matches!(r, Ok(None)), "{}", m.name);
                    }
                }
                InputRequest => unreachable!(),
            }
        }
    }
}
