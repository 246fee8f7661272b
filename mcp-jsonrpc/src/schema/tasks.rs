//! Tasks: durable handles for long-running requests, in two incompatible generations.
//!
//! - **Legacy tasks** (this module's top level): 2025-11-25 only, "experimental"
//!   (`basic/utilities/tasks.mdx`). A requester asks for a task with the request param
//!   `task: {ttl}` ([`TaskMetadata`]); the receiver answers [`CreateTaskResult`] `{task}`;
//!   `tasks/get`, `tasks/result` (blocks until a terminal status, then returns the original
//!   request's result), `tasks/list` and `tasks/cancel` work in both directions;
//!   `notifications/tasks/status` reports changes; related messages carry
//!   `_meta["io.modelcontextprotocol/related-task"]` ([`RelatedTaskMetadata`]).
//! - **Tasks extension** ([`ext`]): 2026-07-28 extension `io.modelcontextprotocol/tasks`
//!   (SEP-2663; `experimental-ext-tasks` `specification/draft/tasks.md`). It is not part of
//!   the 2026-07-28 `schema.json`. The server alone decides to answer `tools/call` with a flat
//!   [`ext::CreateTaskResult`] (`resultType: "task"`); the client polls `tasks/get`, answers
//!   input requests with `tasks/update`, and cancels with `tasks/cancel`.
//!
//! Both use the same [`TaskStatus`] values.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{Cursor, PaginatedRequestParams, ResultType};
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// The state of a task (`TaskStatus`; same values in legacy tasks and the extension).
///
/// `working` → `input_required` ↔ `working` → one of the terminal states `completed`,
/// `failed`, `cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// The request is being processed.
    Working,
    /// The receiver needs input (elicitation, sampling, ...) from the requester.
    InputRequired,
    /// Finished; the result is available.
    Completed,
    /// Failed with a JSON-RPC error.
    Failed,
    /// Cancelled before completion.
    Cancelled,
}

impl TaskStatus {
    /// Whether the status is terminal (`completed`, `failed`, `cancelled`): it never changes
    /// again, and a legacy `tasks/cancel` of such a task fails with `-32602`.
    pub fn is_terminal(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Failed | TaskStatus::Cancelled)
    }
}

/// A legacy task (`Task`, 2025-11-25).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// The receiver-generated task id.
    pub task_id: String,
    /// Current status.
    pub status: TaskStatus,
    /// Human-readable detail about the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: String,
    /// Last update time, ISO 8601.
    pub last_updated_at: String,
    /// Retention from creation in milliseconds; `null` (always written) for unlimited.
    pub ttl: Option<u64>,
    /// Suggested polling interval in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_interval: Option<u64>,
}

/// The `task` request param that asks for task-augmented execution (`TaskMetadata`,
/// 2025-11-25; on `tools/call`, `sampling/createMessage`, `elicitation/create`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMetadata {
    /// Requested retention from creation, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
}

/// The value of `_meta["io.modelcontextprotocol/related-task"]` (`RelatedTaskMetadata`,
/// 2025-11-25): ties a message to a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedTaskMetadata {
    /// The related task.
    pub task_id: String,
}

/// Removes `resultType` from a legacy-only result: 2025-11-25 has no such member, and these
/// types do not exist in 2026-07-28.
fn strip_result_type(result_type: &mut Option<ResultType>) {
    *result_type = None;
}

/// The answer to a task-augmented request (`CreateTaskResult`, 2025-11-25): `{task}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTaskResult {
    /// The new task.
    pub task: Task,
    /// `_meta`.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Not a 2025-11-25 member; kept only so a stray value is visible. Removed by adapting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revisioned for CreateTaskResult {
    /// Legacy tasks are 2025-11-25 only: `resultType` is always removed.
    fn adapt_to(&mut self, _version: ProtocolVersion) {
        strip_result_type(&mut self.result_type);
    }
}

/// `params` of `tasks/get`, `tasks/result` and `tasks/cancel` (2025-11-25 `GetTaskRequest`,
/// `GetTaskPayloadRequest`, `CancelTaskRequest`; the extension's `tasks/get` and
/// `tasks/cancel` have the same shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskRequestParams {
    /// The task.
    pub task_id: String,
    /// Request `_meta` (required in 2026-07-28; filled by the client layer).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl GetTaskRequestParams {
    /// Params naming `task_id`.
    pub fn new(task_id: impl Into<String>) -> Self {
        GetTaskRequestParams { task_id: task_id.into(), meta: None }
    }
}

/// `params` of `tasks/result` (2025-11-25 `GetTaskPayloadRequest`).
pub type GetTaskPayloadRequestParams = GetTaskRequestParams;
/// `params` of `tasks/cancel` (2025-11-25 `CancelTaskRequest`; also the extension's).
pub type CancelTaskRequestParams = GetTaskRequestParams;

/// A task together with result members (`Result & Task`): the legacy `GetTaskResult` and
/// `CancelTaskResult` (2025-11-25).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTaskResult {
    /// The task's current state.
    #[serde(flatten)]
    pub task: Task,
    /// `_meta`.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Not a 2025-11-25 member; removed by adapting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GetTaskResult {
    /// A result carrying `task`.
    pub fn new(task: Task) -> Self {
        GetTaskResult { task, meta: None, result_type: None, extra: Map::new() }
    }
}

impl Revisioned for GetTaskResult {
    /// Legacy tasks are 2025-11-25 only: `resultType` is always removed.
    fn adapt_to(&mut self, _version: ProtocolVersion) {
        strip_result_type(&mut self.result_type);
    }
}

/// The answer to legacy `tasks/cancel` (`CancelTaskResult = Result & Task`, 2025-11-25).
pub type CancelTaskResult = GetTaskResult;

/// The answer to `tasks/result` (`GetTaskPayloadResult`, 2025-11-25): the result of the
/// original request (for a `tools/call` task, a `CallToolResult`), kept as raw members;
/// decode it with [`GetTaskPayloadResult::decode`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetTaskPayloadResult {
    /// `_meta` (carries `io.modelcontextprotocol/related-task`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The original result's members.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GetTaskPayloadResult {
    /// Decodes the payload (including `_meta`) as the original request's result type.
    ///
    /// # Errors
    /// When the payload does not have the shape of `T`.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::to_value(self).and_then(T::deserialize)
    }
}

impl Revisioned for GetTaskPayloadResult {
    /// Legacy tasks are 2025-11-25 only: `resultType` is always removed.
    fn adapt_to(&mut self, _version: ProtocolVersion) {
        self.extra.remove("resultType");
    }
}

/// `params` of `tasks/list` (2025-11-25 `ListTasksRequest`): pagination.
pub type ListTasksRequestParams = PaginatedRequestParams;

/// The answer to `tasks/list` (`ListTasksResult`, 2025-11-25).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksResult {
    /// The tasks on this page.
    pub tasks: Vec<Task>,
    /// Where the next page starts; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<Cursor>,
    /// `_meta`.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Not a 2025-11-25 member; removed by adapting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Revisioned for ListTasksResult {
    /// Legacy tasks are 2025-11-25 only: `resultType` is always removed.
    fn adapt_to(&mut self, _version: ProtocolVersion) {
        strip_result_type(&mut self.result_type);
    }
}

/// `params` of legacy `notifications/tasks/status` (`TaskStatusNotificationParams =
/// NotificationParams & Task`, 2025-11-25).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskStatusNotificationParams {
    /// The task's new state.
    #[serde(flatten)]
    pub task: Task,
    /// `_meta`.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The 2026-07-28 tasks extension `io.modelcontextprotocol/tasks` (SEP-2663;
/// `experimental-ext-tasks` `specification/draft/tasks.md`). Not part of the 2026-07-28
/// `schema.json`; names here collide with the legacy types on purpose and live in this module.
///
/// Both sides declare the extension (`capabilities.extensions["io.modelcontextprotocol/tasks"]
/// = {}`); a server MUST NOT answer with a task to a request that did not declare it, and
/// answers `-32021` when it cannot serve such a request without a task. Over Streamable HTTP,
/// `Mcp-Name` carries `params.taskId` for `tasks/get`, `tasks/update` and `tasks/cancel`.
pub mod ext {
    use serde::{Deserialize, Serialize};
    use serde_json::{Map, Value};

    use super::TaskStatus;
    use crate::error::ErrorObject;
    use crate::schema::common::{EmptyResult, JsonObject, ResultType, adapt_result_type};
    use crate::schema::input::{InputRequests, InputResponses};
    use crate::schema::subscriptions::SubscriptionFilter;
    use crate::schema::{Meta, Revisioned};
    use crate::version::ProtocolVersion;

    /// The extension identifier, the key in `capabilities.extensions`.
    pub const EXTENSION_ID: &str = "io.modelcontextprotocol/tasks";

    /// The `subscriptions/listen` filter member (in `notifications`) that names the tasks whose
    /// `notifications/tasks` the client wants; the acknowledgement echoes the accepted ids.
    pub const TASK_IDS_FILTER: &str = "taskIds";

    /// The task ids of a subscription filter's [`TASK_IDS_FILTER`] member: `None` when absent,
    /// `Some(Err)` when it is not a list of strings.
    pub fn task_ids(filter: &SubscriptionFilter) -> Option<Result<Vec<String>, serde_json::Error>> {
        filter.extra.get(TASK_IDS_FILTER).map(Vec::<String>::deserialize)
    }

    /// Sets the filter's [`TASK_IDS_FILTER`] member.
    pub fn set_task_ids(filter: &mut SubscriptionFilter, ids: Vec<String>) {
        filter.extra.insert(TASK_IDS_FILTER.to_owned(), Value::from(ids));
    }

    /// A task of the extension (`Task`): like the legacy one, with `ttlMs`/`pollIntervalMs`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Task {
        /// The server-generated id; stable for the task's life.
        pub task_id: String,
        /// Current status.
        pub status: TaskStatus,
        /// Human-readable detail; MAY be shown to the user or model.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status_message: Option<String>,
        /// Creation time, ISO 8601.
        pub created_at: String,
        /// Last update time, ISO 8601.
        pub last_updated_at: String,
        /// Retention from creation in milliseconds; `null` (always written) for unlimited.
        pub ttl_ms: Option<u64>,
        /// Suggested polling interval in milliseconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub poll_interval_ms: Option<u64>,
    }

    /// A [`Task`] with its status-specific members (`DetailedTask`): `inputRequests` when
    /// `input_required`, `result` when `completed`, `error` when `failed`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DetailedTask {
        /// The common task members.
        #[serde(flatten)]
        pub task: Task,
        /// `input_required`: every outstanding request; keys are unique over the task's life.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub input_requests: Option<InputRequests>,
        /// `completed`: the original request's result (e.g. a `CallToolResult`, also when it
        /// has `isError: true`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result: Option<JsonObject>,
        /// `failed`: the JSON-RPC error the request failed with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<ErrorObject>,
    }

    impl DetailedTask {
        /// A detailed task without status-specific members.
        pub fn new(task: Task) -> Self {
            DetailedTask { task, input_requests: None, result: None, error: None }
        }

        /// Whether the status-specific member the status requires is present.
        pub fn is_consistent(&self) -> bool {
            match self.task.status {
                TaskStatus::InputRequired => self.input_requests.is_some(),
                TaskStatus::Completed => self.result.is_some(),
                TaskStatus::Failed => self.error.is_some(),
                TaskStatus::Working | TaskStatus::Cancelled => true,
            }
        }
    }

    /// The answer to a request the server turned into a task (`CreateTaskResult = Result &
    /// Task`, `resultType: "task"`). Sent only once `tasks/get` for the id would resolve.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CreateTaskResult {
        /// `"task"` (set by [`Revisioned::adapt_to`] when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result_type: Option<ResultType>,
        /// The task's seed state.
        #[serde(flatten)]
        pub task: Task,
        /// Result metadata.
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        /// Members this type does not name.
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }

    impl CreateTaskResult {
        /// A result announcing `task`, with `resultType: "task"`.
        pub fn new(task: Task) -> Self {
            CreateTaskResult { result_type: Some(ResultType::Task), task, meta: None, extra: Map::new() }
        }
    }

    impl Revisioned for CreateTaskResult {
        /// Modern: `resultType` becomes `task` when absent. Legacy revisions do not have the
        /// extension; `resultType` is removed.
        fn adapt_to(&mut self, version: ProtocolVersion) {
            if version.is_modern() {
                self.result_type.get_or_insert(ResultType::Task);
            } else {
                self.result_type = None;
            }
        }
    }

    /// `params` of `tasks/get` and `tasks/cancel` (`{taskId}`, same as the legacy ones).
    pub type GetTaskRequestParams = super::GetTaskRequestParams;
    /// `params` of `tasks/cancel`.
    pub type CancelTaskRequestParams = super::GetTaskRequestParams;

    /// The answer to `tasks/get` (`GetTaskResult = Result & DetailedTask`,
    /// `resultType: "complete"`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", try_from = "Map<String, Value>")]
    pub struct GetTaskResult {
        /// `"complete"` (set by [`Revisioned::adapt_to`] when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub result_type: Option<ResultType>,
        /// The task's current state.
        #[serde(flatten)]
        pub task: DetailedTask,
        /// Result metadata.
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        /// Members this type does not name.
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }

    impl GetTaskResult {
        /// A result carrying `task`.
        pub fn new(task: DetailedTask) -> Self {
            GetTaskResult { result_type: Some(ResultType::Complete), task, meta: None, extra: Map::new() }
        }
    }

    impl Revisioned for GetTaskResult {
        fn adapt_to(&mut self, version: ProtocolVersion) {
            adapt_result_type(&mut self.result_type, version);
            if let Some(requests) = &mut self.task.input_requests {
                requests.values_mut().for_each(|r| r.adapt_to(version));
            }
        }
    }

    /// `params` of `tasks/update` (`UpdateTaskRequest`): answers to outstanding input
    /// requests; a server ignores keys that are not outstanding.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UpdateTaskRequestParams {
        /// The task.
        pub task_id: String,
        /// One answer per outstanding `inputRequests` key (a subset is allowed).
        pub input_responses: InputResponses,
        /// Request metadata (required in 2026-07-28; filled by the client layer).
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
    }

    /// The answer to `tasks/update` (`UpdateTaskResult`): an empty acknowledgement.
    pub type UpdateTaskResult = EmptyResult;
    /// The answer to `tasks/cancel` (`CancelTaskResult`): an empty acknowledgement;
    /// cancellation is cooperative and eventually consistent.
    pub type CancelTaskResult = EmptyResult;

    /// `params` of `notifications/tasks` (`TaskStatusNotificationParams = NotificationParams &
    /// DetailedTask`): the full state `tasks/get` would return.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(try_from = "Map<String, Value>")]
    pub struct TaskStatusNotificationParams {
        /// The task's state.
        #[serde(flatten)]
        pub task: DetailedTask,
        /// Notification metadata (`io.modelcontextprotocol/subscriptionId`).
        #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        /// Members this type does not name.
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }

    /// The members of a [`DetailedTask`].
    const DETAILED_TASK_MEMBERS: [&str; 10] = [
        "taskId",
        "status",
        "statusMessage",
        "createdAt",
        "lastUpdatedAt",
        "ttlMs",
        "pollIntervalMs",
        "inputRequests",
        "result",
        "error",
    ];

    /// An object split by [`split_detailed`]: task, `_meta`, `resultType`, other members.
    type Split = (DetailedTask, Option<Meta>, Option<ResultType>, Map<String, Value>);

    /// Splits an object into its [`DetailedTask`], `_meta`, `resultType` and the rest.
    /// (Derived decoding of a flattened struct that itself flattens would leave the inner
    /// members in `extra` too.)
    fn split_detailed(mut map: Map<String, Value>) -> Result<Split, serde_json::Error> {
        let mut own = Map::new();
        for key in DETAILED_TASK_MEMBERS {
            if let Some(v) = map.remove(key) {
                own.insert(key.to_owned(), v);
            }
        }
        let task = DetailedTask::deserialize(Value::Object(own))?;
        let meta = map.remove("_meta").map(Meta::deserialize).transpose()?;
        let result_type = map.remove("resultType").map(ResultType::deserialize).transpose()?;
        Ok((task, meta, result_type, map))
    }

    impl TryFrom<Map<String, Value>> for GetTaskResult {
        type Error = serde_json::Error;
        fn try_from(map: Map<String, Value>) -> Result<Self, Self::Error> {
            let (task, meta, result_type, extra) = split_detailed(map)?;
            Ok(GetTaskResult { result_type, task, meta, extra })
        }
    }

    impl TryFrom<Map<String, Value>> for TaskStatusNotificationParams {
        type Error = serde_json::Error;
        fn try_from(mut map: Map<String, Value>) -> Result<Self, Self::Error> {
            let result_type = map.remove("resultType");
            let (task, meta, _, mut extra) = split_detailed(map)?;
            if let Some(rt) = result_type {
                extra.insert("resultType".to_owned(), rt);
            }
            Ok(TaskStatusNotificationParams { task, meta, extra })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn legacy_task() -> Value {
        json!({
            "taskId": "786512e2-9e0d-44bd-8f29-789f320fe840",
            "status": "working",
            "statusMessage": "The operation is now in progress.",
            "createdAt": "2025-11-25T10:30:00Z",
            "lastUpdatedAt": "2025-11-25T10:40:00Z",
            "ttl": 60000,
            "pollInterval": 5000
        })
    }

    #[test]
    fn legacy_task_results_round_trip() {
        let create = json!({"task": legacy_task()});
        let r: CreateTaskResult = serde_json::from_value(create.clone()).unwrap();
        assert_eq!(r.task.status, TaskStatus::Working);
        assert_eq!(serde_json::to_value(&r).unwrap(), create);

        let mut flat = legacy_task();
        flat["_meta"] = json!({"io.modelcontextprotocol/related-task": {"taskId": "786512e2-9e0d-44bd-8f29-789f320fe840"}});
        let g: GetTaskResult = serde_json::from_value(flat.clone()).unwrap();
        assert!(g.extra.is_empty(), "task members must not leak into extra: {:?}", g.extra);
        let related: RelatedTaskMetadata =
            g.meta.as_ref().unwrap().get_as("io.modelcontextprotocol/related-task").unwrap().unwrap();
        assert_eq!(related.task_id, g.task.task_id);
        assert_eq!(serde_json::to_value(&g).unwrap(), flat);

        let list = json!({"tasks": [legacy_task()], "nextCursor": "c2"});
        let l: ListTasksResult = serde_json::from_value(list.clone()).unwrap();
        assert_eq!(serde_json::to_value(&l).unwrap(), list);
    }

    #[test]
    fn unlimited_ttl_is_written_as_null() {
        let mut v = legacy_task();
        v["ttl"] = Value::Null;
        let t: Task = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(t.ttl, None);
        assert_eq!(serde_json::to_value(&t).unwrap()["ttl"], Value::Null);
        let mut bad = legacy_task();
        bad["status"] = json!("paused");
        assert!(serde_json::from_value::<Task>(bad).is_err());
    }

    #[test]
    fn terminal_statuses() {
        let terminal: Vec<_> = [
            TaskStatus::Working,
            TaskStatus::InputRequired,
            TaskStatus::Completed,
            TaskStatus::Failed,
            TaskStatus::Cancelled,
        ]
        .into_iter()
        .filter(|s| s.is_terminal())
        .collect();
        assert_eq!(terminal, [TaskStatus::Completed, TaskStatus::Failed, TaskStatus::Cancelled]);
        assert_eq!(serde_json::to_value(TaskStatus::InputRequired).unwrap(), "input_required");
    }

    #[test]
    fn payload_decodes_as_original_result() {
        #[derive(Deserialize)]
        struct Original {
            content: Vec<Value>,
        }
        let p: GetTaskPayloadResult = serde_json::from_value(
            json!({"content": [{"type": "text", "text": "hi"}], "resultType": "complete"}),
        )
        .unwrap();
        let o: Original = p.decode().unwrap();
        assert_eq!(o.content.len(), 1);
        let legacy = p.for_revision(ProtocolVersion::V2025_11_25);
        assert!(!legacy.extra.contains_key("resultType"));
        assert!(legacy.extra.contains_key("content"));
    }

    #[test]
    fn legacy_results_never_carry_result_type() {
        let mut g = GetTaskResult::new(serde_json::from_value(legacy_task()).unwrap());
        g.result_type = Some(ResultType::Complete);
        g.adapt_to(ProtocolVersion::V2025_11_25);
        assert_eq!(g.result_type, None);
    }
    fn ext_task(status: &str) -> Value {
        json!({
            "taskId": "786512e2-9e0d-44bd-8f29-789f320fe840",
            "status": status,
            "createdAt": "2025-11-25T10:30:00Z",
            "lastUpdatedAt": "2025-11-25T10:50:00Z",
            "ttlMs": 3600000,
            "pollIntervalMs": 5000
        })
    }

    fn merged(mut base: Value, extra: Value) -> Value {
        base.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        base
    }

    /// The message flow of the extension spec (`specification/draft/tasks.md` "Example
    /// Message Flow"): every result round-trips and carries the right members.
    #[test]
    fn extension_spec_flow_round_trips() {
        let created = merged(ext_task("working"), json!({"resultType": "task"}));
        let c: ext::CreateTaskResult = serde_json::from_value(created.clone()).unwrap();
        assert_eq!(c.result_type, Some(ResultType::Task));
        assert!(c.extra.is_empty(), "{:?}", c.extra);
        assert_eq!(serde_json::to_value(&c).unwrap(), created);

        let waiting = merged(
            ext_task("input_required"),
            json!({"resultType": "complete", "inputRequests": {"name": {"method": "elicitation/create", "params": {
                "mode": "form", "message": "Please enter your name.",
                "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}}}),
        );
        let g: ext::GetTaskResult = serde_json::from_value(waiting.clone()).unwrap();
        assert!(g.task.is_consistent() && g.extra.is_empty());
        assert_eq!(serde_json::to_value(&g).unwrap(), waiting);

        let update = json!({"taskId": "786512e2-9e0d-44bd-8f29-789f320fe840",
            "inputResponses": {"name": {"action": "accept", "content": {"input": "Luca"}}}});
        let u: ext::UpdateTaskRequestParams = serde_json::from_value(update.clone()).unwrap();
        assert_eq!(serde_json::to_value(&u).unwrap(), update);

        let done = merged(
            ext_task("completed"),
            json!({"resultType": "complete", "result": {"content": [{"type": "text", "text": "Hello, Luca!"}], "isError": false}}),
        );
        let g: ext::GetTaskResult = serde_json::from_value(done.clone()).unwrap();
        assert!(g.task.is_consistent());
        assert_eq!(serde_json::to_value(&g).unwrap(), done);

        let failed = merged(
            ext_task("failed"),
            json!({"error": {"code": -32603, "message": "API rate limit exceeded"}}),
        );
        let n: ext::TaskStatusNotificationParams = serde_json::from_value(failed.clone()).unwrap();
        assert_eq!(n.task.error.as_ref().unwrap().code.0, -32603);
        assert_eq!(serde_json::to_value(&n).unwrap(), failed);
        let inconsistent: ext::DetailedTask = serde_json::from_value(ext_task("completed")).unwrap();
        assert!(!inconsistent.is_consistent());
    }

    #[test]
    fn extension_result_types_by_revision() {
        let task: ext::Task = serde_json::from_value(ext_task("working")).unwrap();
        let mut c = ext::CreateTaskResult { result_type: None, ..ext::CreateTaskResult::new(task.clone()) };
        c.adapt_to(ProtocolVersion::V2026_07_28);
        assert_eq!(c.result_type, Some(ResultType::Task));
        let mut g =
            ext::GetTaskResult { result_type: None, ..ext::GetTaskResult::new(ext::DetailedTask::new(task)) };
        g.adapt_to(ProtocolVersion::V2026_07_28);
        assert_eq!(g.result_type, Some(ResultType::Complete));
        g.adapt_to(ProtocolVersion::V2025_11_25);
        assert_eq!(g.result_type, None);
    }

    #[test]
    fn task_ids_filter_member() {
        let mut f = crate::schema::subscriptions::SubscriptionFilter::default();
        assert!(ext::task_ids(&f).is_none());
        ext::set_task_ids(&mut f, vec!["t1".into()]);
        assert_eq!(ext::task_ids(&f).unwrap().unwrap(), ["t1"]);
        assert_eq!(serde_json::to_value(&f).unwrap(), json!({"taskIds": ["t1"]}));
        f.extra.insert("taskIds".into(), json!("t1"));
        assert!(ext::task_ids(&f).unwrap().is_err());
    }
}
