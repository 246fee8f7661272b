//! Tasks: `tools/call` running in the background behind a task id, in both protocol eras.
//!
//! - **Legacy** (2025-11-25 `basic/utilities/tasks.mdx`): a tool declares
//!   `execution.taskSupport` ([`ToolDefinition::with_task_support`](crate::ToolDefinition::with_task_support));
//!   the server then declares the `tasks` capability (`list`, `cancel`,
//!   `requests.tools.call`). A `tools/call` with `task: {ttl}` answers a `CreateTaskResult` at
//!   once while the handler runs; `tasks/get`, `tasks/result` (blocks until terminal, then
//!   answers exactly what the call would have), `tasks/list` (paginated) and `tasks/cancel`
//!   (a terminal task: `-32602`) follow, and `notifications/tasks/status` reports changes.
//!   A `task` param on a tool without task support, or a call without one to a tool that
//!   requires it, is `-32601` ("Tool-Level Negotiation"). Messages of the running handler carry
//!   `_meta["io.modelcontextprotocol/related-task"]` and travel on an open `tasks/result`
//!   (see the `running` module).
//! - **Extension** (2026-07-28 `io.modelcontextprotocol/tasks`, `experimental-ext-tasks`
//!   `specification/draft/tasks.md`): the server declares `extensions[...tasks]`; a
//!   `tools/call` from a client that declared it too, for a tool with optional or required task
//!   support, answers `CreateTaskResult` (`resultType: "task"`). Input the handler asks for
//!   ([`Context::elicit`](crate::Context::elicit), ...) becomes the task's `input_required`
//!   status with `inputRequests` (the same keys as multi round-trip requests), answered by
//!   `tasks/update`; `tasks/cancel` acknowledges; `notifications/tasks` go to
//!   `subscriptions/listen` streams whose filter names the task in `taskIds`. A required tool
//!   called by a client without the extension is `-32021`. A tool registered with
//!   [`TaskCreation::AfterInput`] instead gathers its input by multi round-trip requests
//!   (`InputRequiredResult` rounds) and becomes a task when its handler calls
//!   [`Context::continue_as_task`] (the `deferred` module; the extension's "Task Creation").
//!
//! Records live in a [`TaskStore`] ([`MemoryTaskStore`] by default); times come from a
//! [`Clock`]. Task ids are 128 random bits. Each task is bound to its creator's authorization
//! context (the [`Principal`] and, legacy, the session): another caller gets
//! "not found". Without authentication (stdio) the random id is the only protection, as the
//! spec's "Security Considerations" allow. A task is deleted (and its handler cancelled) once
//! its TTL has elapsed.

pub mod clock;
mod deferred;
mod methods;
mod record;
pub(crate) mod running;
mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use mcp_jsonrpc::schema::input::{InputRequest, InputRequests};
use mcp_jsonrpc::schema::meta_keys;
use mcp_jsonrpc::schema::tasks::{
    CreateTaskResult, RelatedTaskMetadata, TaskMetadata, TaskStatus, TaskStatusNotificationParams, ext,
};
use mcp_jsonrpc::schema::tools::{CallToolResult, TaskSupport, ToolExecution};
use mcp_jsonrpc::schema::{Meta, Revisioned};
use mcp_jsonrpc::{ErrorCode, ErrorObject, Notification, ProtocolVersion};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::broadcast;

pub use clock::{Clock, ManualClock, SystemClock};
pub(crate) use deferred::Deferred;
pub use deferred::TaskCreation;
pub(crate) use methods::{legacy_method, listen_filter, modern_method, next_event};
pub use record::{Outcome, TaskEra, TaskRecord, Transition, TransitionError};
pub use store::{MemoryTaskStore, StoreError, TaskStore};

use crate::builder::ServerBuilder;
use crate::context::Context;
use crate::dispatch::Call;
use crate::error::Error;
use crate::peer::{BoxFuture, NullPeer, Peer};
use crate::principal::Principal;
use crate::session::Session;
use crate::tool::ToolDefinition;
use running::Running;

/// Lifetimes and polling hints of tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskOptions {
    /// TTL in milliseconds when the request names none (default one hour; `None`: unlimited).
    pub default_ttl_ms: Option<u64>,
    /// Largest TTL granted; a larger request is lowered to it (default 24 hours; `None`: no
    /// limit). Receivers MAY override the requested TTL ("TTL and Resource Management").
    pub max_ttl_ms: Option<u64>,
    /// `pollInterval` / `pollIntervalMs` suggested to clients (default 1000 ms).
    pub poll_interval_ms: Option<u64>,
}

impl Default for TaskOptions {
    fn default() -> Self {
        TaskOptions {
            default_ttl_ms: Some(3_600_000),
            max_ttl_ms: Some(86_400_000),
            poll_interval_ms: Some(1_000),
        }
    }
}

impl TaskOptions {
    /// The TTL granted for a request asking for `requested` milliseconds.
    fn grant(&self, requested: Option<u64>) -> Option<u64> {
        match (requested.or(self.default_ttl_ms), self.max_ttl_ms) {
            (Some(ttl), Some(max)) => Some(ttl.min(max)),
            (None, Some(max)) => Some(max),
            (ttl, None) => ttl,
        }
    }
}

/// Task settings collected by the [`ServerBuilder`].
#[derive(Default)]
pub(crate) struct TaskConfig {
    enabled: bool,
    store: Option<Arc<dyn TaskStore>>,
    clock: Option<Arc<dyn Clock>>,
    options: TaskOptions,
}

impl TaskConfig {
    /// Whether tasks are on: forced by [`ServerBuilder::enable_tasks`], or a registered tool
    /// supports them.
    pub(crate) fn enabled(&self, tools: &[ToolDefinition]) -> bool {
        self.enabled || tools.iter().any(|t| t.task_support() != TaskSupport::Forbidden)
    }

    /// Adds the task capabilities to `capabilities` when `enabled`: legacy `tasks` (`list`,
    /// `cancel`, `requests.tools.call`) and `extensions["io.modelcontextprotocol/tasks"]`.
    /// Each era sees only its own (the capabilities are adapted per revision).
    pub(crate) fn declare(capabilities: &mut Value, enabled: bool) {
        if !enabled {
            return;
        }
        if let Value::Object(caps) = capabilities {
            caps.insert(
                "tasks".into(),
                json!({ "list": {}, "cancel": {}, "requests": { "tools": { "call": {} } } }),
            );
            let extensions = caps.entry("extensions").or_insert_with(|| json!({}));
            if let Value::Object(extensions) = extensions {
                extensions.insert(ext::EXTENSION_ID.into(), json!({}));
            }
        }
    }

    /// The runtime.
    pub(crate) fn build(self, enabled: bool) -> Tasks {
        let (events, _) = broadcast::channel(256);
        Tasks {
            inner: Arc::new(Inner {
                enabled,
                store: self.store.unwrap_or_else(|| Arc::new(MemoryTaskStore::new())),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                options: self.options,
                running: Mutex::new(HashMap::new()),
                events,
                sessions: Mutex::new(Vec::new()),
            }),
        }
    }
}

impl ServerBuilder {
    /// Declares task support even when no registered tool supports tasks (for tools added at
    /// run time with [`Server::add_tool`](crate::Server::add_tool)). Tasks are otherwise on as
    /// soon as a tool declares optional or required task support.
    pub fn enable_tasks(mut self) -> Self {
        self.tasks.enabled = true;
        self
    }

    /// Keeps task records in `store` (default: a [`MemoryTaskStore`]).
    pub fn task_store(mut self, store: Arc<dyn TaskStore>) -> Self {
        self.tasks.store = Some(store);
        self
    }

    /// Takes task timestamps and TTL expiry from `clock` (default: [`SystemClock`]).
    pub fn task_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.tasks.clock = Some(clock);
        self
    }

    /// Sets TTL limits and the polling hint of tasks.
    pub fn task_options(mut self, options: TaskOptions) -> Self {
        self.tasks.options = options;
        self
    }
}

impl ToolDefinition {
    /// Builder: declares whether the tool may run as a task (`execution.taskSupport`,
    /// 2025-11-25 `basic/utilities/tasks.mdx` "Tool-Level Negotiation"; in 2026-07-28 it
    /// decides whether the server answers with a task when the client declared the tasks
    /// extension). `Forbidden` is the default.
    pub fn with_task_support(mut self, support: TaskSupport) -> Self {
        self.tool.execution = Some(ToolExecution { task_support: Some(support) });
        self
    }

    /// The tool's task support (`Forbidden` when not declared).
    pub fn task_support(&self) -> TaskSupport {
        self.tool.execution.as_ref().and_then(|e| e.task_support).unwrap_or(TaskSupport::Forbidden)
    }
}

/// The task runtime of one server: store, clock, live tasks and change events.
#[derive(Clone)]
pub(crate) struct Tasks {
    inner: Arc<Inner>,
}

struct Inner {
    enabled: bool,
    store: Arc<dyn TaskStore>,
    clock: Arc<dyn Clock>,
    options: TaskOptions,
    running: Mutex<HashMap<String, Arc<Running>>>,
    events: broadcast::Sender<TaskRecord>,
    sessions: Mutex<Vec<(Weak<Session>, String)>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// 128 random bits as lowercase hex in the 8-4-4-4-12 UUID layout.
fn random_id() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn not_found() -> ErrorObject {
    ErrorObject::invalid_params("Failed to retrieve task: Task not found")
}

/// How a `tools/call` runs.
pub(crate) enum Plan {
    /// Synchronously, as a normal request.
    Sync,
    /// As a task of `era`, asking for `ttl` milliseconds.
    Task(TaskEra, Option<u64>),
    /// In the request (multi round-trip input) until the handler calls
    /// [`Context::continue_as_task`]; then as an extension task ([`TaskCreation::AfterInput`]).
    AfterInput,
}

impl Tasks {
    /// Whether the server declared tasks.
    pub(crate) fn enabled(&self) -> bool {
        self.inner.enabled
    }

    fn now(&self) -> u64 {
        self.inner.clock.now_ms()
    }

    /// Change events of every task (the extension's `notifications/tasks` source).
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<TaskRecord> {
        self.inner.events.subscribe()
    }

    fn running(&self, task_id: &str) -> Option<Arc<Running>> {
        lock(&self.inner.running).get(task_id).cloned()
    }

    /// The authorization context tasks of `era` are bound to: the principal, and for legacy
    /// tasks the session (an id this runtime assigns to each live [`Session`]).
    pub(crate) fn owner(
        &self,
        era: TaskEra,
        principal: &Principal,
        session: Option<&Arc<Session>>,
    ) -> String {
        match era {
            TaskEra::Extension => format!("ext\u{0}{}", principal.binding_key()),
            TaskEra::Legacy => {
                let session_id = session.map(|s| self.session_id(s)).unwrap_or_default();
                format!("legacy\u{0}{}\u{0}{session_id}", principal.binding_key())
            }
        }
    }

    fn session_id(&self, session: &Arc<Session>) -> String {
        let mut sessions = lock(&self.inner.sessions);
        sessions.retain(|(weak, _)| weak.strong_count() > 0);
        let weak = Arc::downgrade(session);
        if let Some((_, id)) = sessions.iter().find(|(w, _)| Weak::ptr_eq(w, &weak)) {
            return id.clone();
        }
        let id = random_id();
        sessions.push((weak, id.clone()));
        id
    }

    /// The record of `task_id` if `owner` may see it and it has not expired.
    ///
    /// # Errors
    /// `-32602` "Task not found" (also for another owner's task) or "Task has expired".
    pub(crate) async fn lookup(&self, owner: &str, task_id: &str) -> Result<TaskRecord, ErrorObject> {
        let record = self.inner.store.get(task_id).await.map_err(|e| ErrorObject::internal(e.to_string()))?;
        let record = record.filter(|r| r.owner == owner).ok_or_else(not_found)?;
        if record.is_expired(self.now()) {
            self.forget(task_id).await;
            return Err(ErrorObject::invalid_params("Failed to retrieve task: Task has expired"));
        }
        Ok(record)
    }

    /// Deletes a task and stops its handler.
    async fn forget(&self, task_id: &str) {
        let _ = self.inner.store.delete(task_id).await;
        if let Some(running) = lock(&self.inner.running).remove(task_id) {
            running.cancel.cancel();
            running.bump();
        }
    }

    /// Deletes every expired task.
    pub(crate) async fn purge(&self) {
        if let Ok(ids) = self.inner.store.purge_expired(self.now()).await {
            for id in ids {
                self.forget(&id).await;
            }
        }
    }

    /// Applies `transition` and announces the change; `None` when refused (e.g. the task is
    /// already terminal) or gone.
    pub(crate) async fn change(&self, task_id: &str, transition: Transition) -> Option<TaskRecord> {
        let record = self.inner.store.apply(task_id, transition, self.now()).await.ok()?;
        self.announce(&record).await;
        Some(record)
    }

    /// Tells everyone who listens: legacy `notifications/tasks/status` on the task's route,
    /// the extension's event stream, and `tasks/result` waiters.
    async fn announce(&self, record: &TaskRecord) {
        let running = self.running(&record.task_id);
        if record.era == TaskEra::Legacy
            && let Some(running) = &running
        {
            let params = TaskStatusNotificationParams { task: record.to_legacy(), meta: None };
            if let Ok(n) =
                Notification::new(mcp_jsonrpc::schema::methods::NOTIFICATIONS_TASKS_STATUS, &params)
            {
                running.deliver(n).await;
            }
        }
        let _ = self.inner.events.send(record.clone());
        if let Some(running) = running {
            running.bump();
        }
    }

    /// Decides how a `tools/call` of `tool` runs (`tasks.mdx` "Tool-Level Negotiation"; the
    /// extension's "Capability Negotiation").
    ///
    /// # Errors
    /// `-32601` for a legacy `task` param on a tool that forbids tasks, or a call without one
    /// to a tool that requires them; `-32021` for a 2026-07-28 call of a required tool from a
    /// client without the extension; `-32602` for a malformed `task` param.
    pub(crate) fn plan(&self, call: &Call<'_>, tool: &ToolDefinition) -> Result<Plan, Error> {
        if !self.enabled() {
            return Ok(Plan::Sync);
        }
        let support = tool.task_support();
        if call.version.is_modern() {
            let declared = call.client_capabilities.has_extension(ext::EXTENSION_ID);
            return match (support, declared) {
                (TaskSupport::Forbidden, _) => Ok(Plan::Sync),
                (_, true) => Ok(match tool.task_creation {
                    TaskCreation::OnCall => Plan::Task(TaskEra::Extension, None),
                    TaskCreation::AfterInput => Plan::AfterInput,
                }),
                (TaskSupport::Optional, false) => Ok(Plan::Sync),
                (TaskSupport::Required, false) => Err(ErrorObject::new(
                    ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
                    format!(
                        "Missing required client capability: tool {} runs only as a task",
                        tool.tool.name
                    ),
                )
                .with_data(json!({ "requiredCapabilities": { "extensions": { ext::EXTENSION_ID: {} } } }))
                .into()),
            };
        }
        if call.version != ProtocolVersion::V2025_11_25 {
            // Earlier revisions have no tasks: the call runs normally.
            return Ok(Plan::Sync);
        }
        let task = match call.params.get("task") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                TaskMetadata::deserialize(v)
                    .map_err(|e| Error::invalid_params(format!("invalid task: {e}")))?,
            ),
        };
        match (support, task) {
            (TaskSupport::Forbidden, Some(_)) => Err(ErrorObject::new(
                ErrorCode::METHOD_NOT_FOUND,
                format!("tool {} does not support task-augmented execution", tool.tool.name),
            )
            .into()),
            (TaskSupport::Required, None) => Err(ErrorObject::new(
                ErrorCode::METHOD_NOT_FOUND,
                format!("Task augmentation required for tools/call requests of tool {}", tool.tool.name),
            )
            .into()),
            (_, Some(task)) => Ok(Plan::Task(TaskEra::Legacy, task.ttl)),
            (_, None) => Ok(Plan::Sync),
        }
    }

    /// Creates the task, starts `tool` with the validated `arguments` in the background and
    /// returns the era's `CreateTaskResult` (only once `tasks/get` would find the task).
    pub(crate) async fn start(
        &self,
        call: &Call<'_>,
        tool: ToolDefinition,
        arguments: Value,
        ctx: Context,
        era: TaskEra,
        ttl: Option<u64>,
    ) -> Result<Value, Error> {
        let running = Arc::new(Running::new());
        let owner = self.owner(era, &call.exchange.principal, call.exchange.session.as_ref());
        let record = self.create(owner, era, call.request.method.clone(), ttl, running.clone()).await?;
        let task_id = record.task_id.clone();
        let ctx = match era {
            TaskEra::Legacy => {
                let peer =
                    TaskPeer { tasks: self.clone(), task_id: task_id.clone(), running: running.clone() };
                ctx.for_task(Arc::new(peer), running.cancel.clone(), None, None)
            }
            TaskEra::Extension => {
                let hook =
                    TaskInputHook { tasks: self.clone(), task_id: task_id.clone(), running: running.clone() };
                ctx.for_task(Arc::new(NullPeer), running.cancel.clone(), Some(hook), None)
            }
        };
        let (tasks, version, cancel) = (self.clone(), call.version, running.cancel.clone());
        tokio::spawn(async move {
            let outcome = tokio::select! {
                biased;
                _ = cancel.cancelled() => None,
                result = tool.run(ctx, arguments) => Some(result),
            };
            tasks.finish(&task_id, era, version, outcome).await;
        });
        let result = match era {
            TaskEra::Legacy => serde_json::to_value(CreateTaskResult {
                task: record.to_legacy(),
                meta: None,
                result_type: None,
                extra: Default::default(),
            }),
            TaskEra::Extension => serde_json::to_value(ext::CreateTaskResult::new(record.to_ext())),
        };
        result.map_err(|e| Error::internal(e.to_string()))
    }

    /// Creates a `working` task record for `owner` whose live side is `running`; returns it
    /// once the store has it (the extension's "Task Creation": a `CreateTaskResult` only when
    /// `tasks/get` would resolve).
    ///
    /// # Errors
    /// `-32603` when the store fails.
    async fn create(
        &self,
        owner: String,
        era: TaskEra,
        method: String,
        ttl: Option<u64>,
        running: Arc<Running>,
    ) -> Result<TaskRecord, Error> {
        self.purge().await;
        let now = self.now();
        let record = TaskRecord {
            task_id: random_id(),
            owner,
            era,
            method,
            status: TaskStatus::Working,
            status_message: Some("The operation is now in progress.".into()),
            created_at_ms: now,
            last_updated_at_ms: now,
            ttl_ms: self.inner.options.grant(ttl),
            poll_interval_ms: self.inner.options.poll_interval_ms,
            input_requests: InputRequests::new(),
            outcome: None,
        };
        lock(&self.inner.running).insert(record.task_id.clone(), running);
        if let Err(e) = self.inner.store.create(record.clone()).await {
            lock(&self.inner.running).remove(&record.task_id);
            return Err(Error::internal(e.to_string()));
        }
        Ok(record)
    }

    /// Records how the handler ended (`None`: it was cancelled).
    async fn finish(
        &self,
        task_id: &str,
        era: TaskEra,
        version: ProtocolVersion,
        outcome: Option<Result<CallToolResult, Error>>,
    ) {
        let transition = match outcome {
            None | Some(Err(Error::Cancelled)) => {
                Transition::Cancel { message: Some("The task was cancelled.".into()) }
            }
            Some(Ok(result)) => {
                let result = result.for_revision(version);
                let failed = era == TaskEra::Legacy && result.is_error();
                let object = match serde_json::to_value(&result) {
                    Ok(Value::Object(map)) => map,
                    _ => Default::default(),
                };
                Transition::Finish {
                    status: if failed { TaskStatus::Failed } else { TaskStatus::Completed },
                    outcome: Outcome::Result(object),
                    message: failed.then(|| "The tool reported an error (isError).".into()),
                }
            }
            Some(Err(e)) => match e.into_error_object(era == TaskEra::Extension) {
                Some(error) => Transition::Finish {
                    status: TaskStatus::Failed,
                    message: Some(format!("Tool execution failed: {}", error.message)),
                    outcome: Outcome::Error(error),
                },
                None => Transition::Cancel { message: None },
            },
        };
        self.change(task_id, transition).await;
    }

    /// Cancels a task: status `cancelled`, handler stopped.
    ///
    /// # Errors
    /// The store's refusal (already terminal).
    async fn cancel(&self, task_id: &str, message: &str) -> Result<TaskRecord, StoreError> {
        let record = self
            .inner
            .store
            .apply(task_id, Transition::Cancel { message: Some(message.into()) }, self.now())
            .await?;
        if let Some(running) = self.running(task_id) {
            running.cancel.cancel();
        }
        self.announce(&record).await;
        Ok(record)
    }
}

/// Adds `_meta["io.modelcontextprotocol/related-task"]` to a params object.
fn with_related_task(mut params: Value, task_id: &str) -> Value {
    if !params.is_object() {
        params = json!({});
    }
    let related = RelatedTaskMetadata { task_id: task_id.to_owned() };
    if let Value::Object(map) = &mut params {
        let meta = map.entry("_meta").or_insert_with(|| json!({}));
        if let Value::Object(meta) = meta {
            meta.insert(meta_keys::RELATED_TASK.into(), json!(related));
        }
    }
    params
}

/// The peer of a legacy task's handler: tags every message with the related task and sends
/// it on the task's route (see the `running` module).
struct TaskPeer {
    tasks: Tasks,
    task_id: String,
    running: Arc<Running>,
}

impl Peer for TaskPeer {
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let params = notification.params_as::<Value>().unwrap_or_else(|_| json!({}));
            let tagged = with_related_task(params, &self.task_id);
            if let Ok(n) = Notification::new(notification.method, &tagged) {
                self.running.deliver(n).await;
            }
        })
    }

    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            let request = InputRequest::deserialize(json!({ "method": method, "params": params }))
                .map_err(|e| ErrorObject::internal(format!("cannot send {method} for a task: {e}")))?;
            let n = self.running.next_key.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let key = format!("{method}-{n}");
            self.tasks
                .change(
                    &self.task_id,
                    Transition::RequestInput { key: key.clone(), request: Box::new(request) },
                )
                .await;
            let route = self.running.route().await;
            let answer = route.request(method, with_related_task(params, &self.task_id)).await;
            self.tasks.change(&self.task_id, Transition::InputAnswered { key }).await;
            answer
        })
    }
}

/// Lets the handler of an extension task wait for input: the request becomes one of the
/// task's `inputRequests` until `tasks/update` answers it.
pub(crate) struct TaskInputHook {
    tasks: Tasks,
    task_id: String,
    running: Arc<Running>,
}

impl TaskInputHook {
    /// Puts the task in `input_required` with `request` under `key` and waits for the answer.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the task ends first.
    pub(crate) async fn request(&self, key: String, request: InputRequest) -> Result<Value, Error> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        lock(&self.running.answers).insert(key.clone(), tx);
        self.tasks.change(&self.task_id, Transition::RequestInput { key, request: Box::new(request) }).await;
        rx.await.map_err(|_| Error::Cancelled)
    }
}

impl std::fmt::Debug for TaskInputHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskInputHook").field("task_id", &self.task_id).finish_non_exhaustive()
    }
}

/// The `_meta` of a `tasks/result` payload.
fn related_meta(task_id: &str) -> Meta {
    Meta::new().with(meta_keys::RELATED_TASK, RelatedTaskMetadata { task_id: task_id.to_owned() })
}
