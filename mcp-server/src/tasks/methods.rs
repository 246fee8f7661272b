//! The `tasks/*` methods of both eras, and the `taskIds` member of `subscriptions/listen`.

use mcp_jsonrpc::schema::common::ResultType;
use mcp_jsonrpc::schema::input::InputResponse;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::subscriptions::SubscriptionFilter;
use mcp_jsonrpc::schema::tasks::{GetTaskRequestParams, GetTaskResult, ListTasksResult, TaskStatus, ext};
use mcp_jsonrpc::{ErrorCode, ErrorObject};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use tokio::sync::broadcast;

use super::{Outcome, StoreError, TaskEra, TaskRecord, Tasks, Transition, lock, related_meta};
use crate::dispatch::Call;
use crate::error::Error;
use crate::pagination::paginate;

fn param<T: for<'de> Deserialize<'de>>(call: &Call<'_>) -> Result<T, Error> {
    T::deserialize(&call.params).map_err(|e| Error::invalid_params(e.to_string()))
}

fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::internal(e.to_string()))
}

fn tasks_of<'a>(call: &'a Call<'_>) -> &'a Tasks {
    &call.server.inner.tasks
}

/// Legacy `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` (2025-11-25
/// `basic/utilities/tasks.mdx`); `-32601` when the session's revision has no tasks or the
/// server declared none.
pub(crate) async fn legacy_method(call: &Call<'_>) -> Result<Value, Error> {
    let tasks = tasks_of(call);
    if !tasks.enabled() || call.version != mcp_jsonrpc::ProtocolVersion::V2025_11_25 {
        return Err(ErrorObject::method_not_found(&call.request.method).into());
    }
    let owner = tasks.owner(TaskEra::Legacy, &call.exchange.principal, call.exchange.session.as_ref());
    if call.request.method == methods::TASKS_LIST {
        tasks.purge().await;
        let cursor = match call.params.get("cursor") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(Error::invalid_params("cursor must be a string")),
        };
        let records = tasks.inner.store.list(&owner).await.map_err(|e| Error::internal(e.to_string()))?;
        let all: Vec<_> = records.iter().map(TaskRecord::to_legacy).collect();
        let (page, next_cursor) =
            paginate(&all, cursor.as_deref(), call.server.inner.options.page_size).map_err(Error::from)?;
        return to_value(&ListTasksResult { tasks: page, next_cursor, ..ListTasksResult::default() });
    }
    let p: GetTaskRequestParams = param(call)?;
    let record = tasks.lookup(&owner, &p.task_id).await?;
    match call.request.method.as_str() {
        methods::TASKS_GET => to_value(&GetTaskResult::new(record.to_legacy())),
        methods::TASKS_CANCEL => match tasks.cancel(&p.task_id, "The task was cancelled by request.").await {
            Ok(record) => to_value(&GetTaskResult::new(record.to_legacy())),
            Err(StoreError::Transition(_)) => Err(Error::invalid_params(format!(
                "Cannot cancel task: already in terminal status '{}'",
                status_name(record.status)
            ))),
            Err(StoreError::NotFound) => {
                Err(ErrorObject::invalid_params("Failed to retrieve task: Task not found").into())
            }
            Err(e) => Err(Error::internal(e.to_string())),
        },
        _ => legacy_result(call, &owner, record).await,
    }
}

fn status_name(status: TaskStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// `tasks/result`: attaches this request as the task's route, waits for a terminal status and
/// answers what the call would have answered, with `_meta` `related-task`.
async fn legacy_result(call: &Call<'_>, owner: &str, mut record: TaskRecord) -> Result<Value, Error> {
    let tasks = tasks_of(call);
    let task_id = record.task_id.clone();
    let running = tasks.running(&task_id);
    let _route = match &running {
        Some(r) => Some(r.attach(call.exchange.peer.clone()).await),
        None => None,
    };
    loop {
        let mut changed = running.as_ref().map(|r| r.changed.subscribe());
        record = tasks.lookup(owner, &task_id).await?;
        if record.status.is_terminal() {
            break;
        }
        let woken = match &mut changed {
            Some(rx) => rx.changed().await.is_ok(),
            None => false,
        };
        if !woken {
            // No live handler here (or it went away): poll the store.
            let poll = record.poll_interval_ms.unwrap_or(1_000).max(10);
            tokio::time::sleep(std::time::Duration::from_millis(poll)).await;
        }
    }
    match record.outcome {
        Some(Outcome::Result(mut result)) => {
            let mut meta = match result.remove("_meta") {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            meta.extend(related_meta(&task_id).0);
            result.insert("_meta".into(), Value::Object(meta));
            Ok(Value::Object(result))
        }
        Some(Outcome::Error(error)) => Err(error.into()),
        None => Err(Error::invalid_params(format!("task {task_id} was cancelled; it has no result"))),
    }
}

fn missing_extension() -> ErrorObject {
    ErrorObject::new(ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY, "Missing required client capability")
        .with_data(json!({ "requiredCapabilities": { "extensions": { ext::EXTENSION_ID: {} } } }))
}

/// The extension's `tasks/get`, `tasks/update`, `tasks/cancel` (`specification/draft/tasks.md`):
/// `-32601` when the server has no tasks, `-32021` when the request did not declare the
/// extension, `-32602` for an unknown task.
pub(crate) async fn modern_method(call: &Call<'_>) -> Result<Value, Error> {
    let tasks = tasks_of(call);
    if !tasks.enabled() {
        return Err(ErrorObject::method_not_found(&call.request.method).into());
    }
    if !call.client_capabilities.has_extension(ext::EXTENSION_ID) {
        return Err(missing_extension().into());
    }
    let owner = tasks.owner(TaskEra::Extension, &call.exchange.principal, None);
    let task_id = match call.params.get("taskId") {
        Some(Value::String(id)) => id.clone(),
        _ => return Err(Error::invalid_params("taskId must be a string")),
    };
    let record = tasks.lookup(&owner, &task_id).await?;
    let ack = || json!({ "resultType": ResultType::Complete });
    match call.request.method.as_str() {
        methods::TASKS_GET => to_value(&ext::GetTaskResult::new(record.to_detailed())),
        methods::TASKS_CANCEL => {
            // Cooperative and eventually consistent: a terminal task is acknowledged as is.
            if !record.status.is_terminal() {
                let _ = tasks.cancel(&task_id, "The task was cancelled by request.").await;
            }
            Ok(ack())
        }
        _ => {
            let responses = match call.params.get("inputResponses") {
                Some(Value::Object(map)) => map.clone(),
                _ => return Err(Error::invalid_params("inputResponses must be an object")),
            };
            update(tasks, &record, responses).await?;
            Ok(ack())
        }
    }
}

/// `tasks/update`: passes each answer for an outstanding key to the waiting handler; other
/// keys are ignored ("Task Update Requests").
///
/// # Errors
/// `-32602` when an answer does not have the shape its request expects (nothing is applied).
async fn update(tasks: &Tasks, record: &TaskRecord, responses: Map<String, Value>) -> Result<(), Error> {
    let mut accepted = Vec::new();
    for (key, value) in responses {
        let Some(request) = record.input_requests.get(&key) else { continue };
        InputResponse::decode_for(request, value.clone())
            .map_err(|e| Error::invalid_params(format!("invalid input response {key:?}: {e}")))?;
        accepted.push((key, value));
    }
    let running = tasks.running(&record.task_id);
    for (key, value) in accepted {
        let waiter = running.as_ref().and_then(|r| lock(&r.answers).remove(&key));
        tasks.change(&record.task_id, Transition::InputAnswered { key }).await;
        if let Some(waiter) = waiter {
            let _ = waiter.send(value);
        }
    }
    Ok(())
}

/// The task ids a `subscriptions/listen` honours: those of its `taskIds` filter member that the
/// caller's extension tasks have (`None` when the member is absent).
///
/// # Errors
/// `-32021` when `taskIds` is present but the request did not declare the extension; `-32602`
/// when it is not a list of strings.
pub(crate) async fn listen_filter(call: &Call<'_>) -> Result<Option<Vec<String>>, ErrorObject> {
    let filter = match call.params.get("notifications").map(SubscriptionFilter::deserialize) {
        Some(Ok(f)) => f,
        _ => return Ok(None),
    };
    let Some(ids) = ext::task_ids(&filter) else { return Ok(None) };
    let ids = ids.map_err(|e| ErrorObject::invalid_params(format!("invalid taskIds: {e}")))?;
    if !call.client_capabilities.has_extension(ext::EXTENSION_ID) {
        return Err(missing_extension());
    }
    let tasks = tasks_of(call);
    let owner = tasks.owner(TaskEra::Extension, &call.exchange.principal, None);
    let mut honoured = Vec::new();
    for id in ids {
        if tasks.enabled() && tasks.lookup(&owner, &id).await.is_ok() && !honoured.contains(&id) {
            honoured.push(id);
        }
    }
    Ok(Some(honoured))
}

/// The next change of one of `ids` as `notifications/tasks` params (a `DetailedTask`); never
/// completes without a receiver.
pub(crate) async fn next_event(
    events: &mut Option<broadcast::Receiver<TaskRecord>>,
    ids: &[String],
) -> Value {
    loop {
        let Some(rx) = events.as_mut() else { return std::future::pending().await };
        match rx.recv().await {
            Ok(record) if record.era == TaskEra::Extension && ids.contains(&record.task_id) => {
                let params = ext::TaskStatusNotificationParams {
                    task: record.to_detailed(),
                    meta: None,
                    extra: Map::new(),
                };
                if let Ok(v) = serde_json::to_value(params) {
                    return v;
                }
            }
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => *events = None,
        }
    }
}
