//! A `tools/call` that gathers its input by multi round-trip requests and then becomes a task
//! of the 2026-07-28 tasks extension (`io.modelcontextprotocol/tasks`).
//!
//! The extension's "Task Creation" (`experimental-ext-tasks` `specification/draft/tasks.md`):
//! "Server implementations that use multi round-trip requests in conjunction with task
//! creation (for example, a tool that requires elicitation over `InputRequiredResult` before
//! creating a task) SHOULD resolve all MRTR exchanges *synchronously* before responding with a
//! `CreateTaskResult`." A tool registered with [`TaskCreation::AfterInput`] does exactly that:
//!
//! 1. Each round of the call runs the handler inside the request, with the answers of the
//!    round's `inputResponses` and sealed `requestState` (2026-07-28 `basic/patterns/mrtr.mdx`).
//!    Missing input ends the round with an `InputRequiredResult`, which never carries a
//!    `taskId`: no task exists yet.
//! 2. When the handler calls [`Context::continue_as_task`], the task is created (durably, so
//!    `tasks/get` resolves), the round answers its `CreateTaskResult` (`resultType: "task"`,
//!    no `requestState`: the MRTR state does not leak into the task), and the handler keeps
//!    running in the background. Its result becomes the task's `result`; `tasks/cancel` stops
//!    it; input it asks for afterwards becomes the task's `inputRequests`, answered by
//!    `tasks/update`, under keys that continue the call's counter (unique over the task's
//!    lifetime, "Task Update Requests").
//! 3. A handler that returns without calling it answers synchronously, as the server may
//!    ("the server decides on a per-request basis whether to materialize a task").
//!
//! The handler runs in a spawned tokio task from the first round on, so that it can outlive the
//! request at step 2. Until then it is bound to the request: when the request is cancelled (or
//! its stream goes away) the handler is cancelled too, and its notifications (progress, log) go
//! to the request's stream. After step 2 they have nowhere to go (the extension defines no
//! channel for them) and are dropped.

use std::sync::{Arc, Mutex, OnceLock};

use mcp_jsonrpc::schema::Revisioned;
use mcp_jsonrpc::schema::tasks::ext;
use mcp_jsonrpc::{ErrorObject, Notification};
use serde_json::Value;
use tokio::sync::oneshot;

use super::{TaskEra, TaskInputHook, Tasks, lock};
use crate::cancel::CancellationToken;
use crate::context::Context;
use crate::dispatch::Call;
use crate::error::Error;
use crate::peer::{BoxFuture, Peer};
use crate::tool::ToolDefinition;

use super::running::Running;

/// When a 2026-07-28 `tools/call` of a task-capable tool becomes a task, for a client that
/// declared the tasks extension (set with [`ToolDefinition::with_task_creation`]). Legacy
/// 2025-11-25 tasks are the client's choice (the `task` param) and ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskCreation {
    /// As soon as the call arrives (the default): the answer is a `CreateTaskResult`, and
    /// input the handler asks for becomes the task's `input_required` status, answered by
    /// `tasks/update`.
    #[default]
    OnCall,
    /// Once the handler's input is complete: input is gathered by multi round-trip requests
    /// (`InputRequiredResult` rounds), and the call becomes a task when the handler calls
    /// [`Context::continue_as_task`] (the extension's "Task Creation": resolve MRTR exchanges
    /// synchronously before responding with a `CreateTaskResult`). A handler that never
    /// calls it answers synchronously.
    AfterInput,
}

impl ToolDefinition {
    /// Builder: when the tool's calls become tasks of the 2026-07-28 tasks extension (see
    /// [`TaskCreation`]; default [`TaskCreation::OnCall`]). Takes effect only with task
    /// support ([`ToolDefinition::with_task_support`]).
    pub fn with_task_creation(mut self, creation: TaskCreation) -> Self {
        self.task_creation = creation;
        self
    }

    /// When the tool's calls become tasks ([`TaskCreation`]).
    pub fn task_creation(&self) -> TaskCreation {
        self.task_creation
    }
}

/// What a call of a [`TaskCreation::AfterInput`] tool needs to become a task, shared by its
/// handler's [`Context`] and the request waiting for it.
pub(crate) struct Deferred {
    tasks: Tasks,
    owner: String,
    method: String,
    running: Arc<Running>,
    /// Serializes [`Deferred::create`] (a handler may call it from joined futures).
    creating: tokio::sync::Mutex<()>,
    /// Set once the task exists: its input hook (which knows its id).
    hook: OnceLock<TaskInputHook>,
    /// Where the `CreateTaskResult` goes: the request still waiting for the handler.
    respond: Mutex<Option<oneshot::Sender<Value>>>,
}

impl Deferred {
    /// The task's input hook once the call is a task.
    pub(crate) fn hook(&self) -> Option<&TaskInputHook> {
        self.hook.get()
    }

    fn task_id(&self) -> Option<String> {
        self.hook.get().map(|h| h.task_id.clone())
    }

    /// Makes the call a task (once; later calls do nothing) and hands its `CreateTaskResult`
    /// to the waiting request.
    ///
    /// # Errors
    /// `-32603` when the store fails (the call stays a plain request).
    pub(crate) async fn create(&self) -> Result<(), Error> {
        let _once = self.creating.lock().await;
        if self.hook.get().is_some() {
            return Ok(());
        }
        let record = self
            .tasks
            .create(self.owner.clone(), TaskEra::Extension, self.method.clone(), None, self.running.clone())
            .await?;
        let result = serde_json::to_value(ext::CreateTaskResult::new(record.to_ext()))
            .map_err(|e| Error::internal(e.to_string()))?;
        let hook = TaskInputHook {
            tasks: self.tasks.clone(),
            task_id: record.task_id.clone(),
            running: self.running.clone(),
        };
        let _ = self.hook.set(hook);
        if let Some(respond) = lock(&self.respond).take() {
            // When the request is gone its guard has cancelled the handler: the task ends
            // `cancelled`.
            let _ = respond.send(result);
        }
        Ok(())
    }
}

/// The handler's peer: the request's until the call is a task, nothing after.
struct DeferredPeer {
    request: Arc<dyn Peer>,
    deferred: Arc<Deferred>,
}

impl Peer for DeferredPeer {
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if self.deferred.hook().is_none() {
                self.request.notify(notification).await;
            }
        })
    }

    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            if self.deferred.hook().is_some() {
                return Err(ErrorObject::internal(format!("cannot send {method}: the call is a task now")));
            }
            self.request.request(method, params).await
        })
    }
}

/// Cancels the handler when the request stops waiting before the call became a task.
struct CancelUnlessCreated {
    cancel: CancellationToken,
    created: bool,
}

impl Drop for CancelUnlessCreated {
    fn drop(&mut self) {
        if !self.created {
            self.cancel.cancel();
        }
    }
}

impl Tasks {
    /// Runs a [`TaskCreation::AfterInput`] call: the handler's outcome answers the request
    /// (an `InputRequiredResult` through `Error::InputRequired`, a result or an error) unless
    /// it calls [`Context::continue_as_task`] first, which answers the `CreateTaskResult` and
    /// leaves the handler running as the task.
    pub(crate) async fn run_after_input(
        &self,
        call: &Call<'_>,
        tool: ToolDefinition,
        arguments: Value,
        ctx: Context,
    ) -> Result<Value, Error> {
        let running = Arc::new(Running::new());
        let (created_tx, created_rx) = oneshot::channel();
        let deferred = Arc::new(Deferred {
            tasks: self.clone(),
            owner: self.owner(TaskEra::Extension, &call.exchange.principal, None),
            method: call.request.method.clone(),
            running: running.clone(),
            creating: tokio::sync::Mutex::new(()),
            hook: OnceLock::new(),
            respond: Mutex::new(Some(created_tx)),
        });
        let peer = DeferredPeer { request: call.exchange.peer.clone(), deferred: deferred.clone() };
        let ctx = ctx.for_task(Arc::new(peer), running.cancel.clone(), None, Some(deferred.clone()));
        let mut guard = CancelUnlessCreated { cancel: running.cancel.clone(), created: false };
        let (done_tx, done_rx) = oneshot::channel();
        let (tasks, version, cancel) = (self.clone(), call.version, running.cancel.clone());
        tokio::spawn(async move {
            let outcome = tokio::select! {
                biased;
                _ = cancel.cancelled() => None,
                result = tool.run(ctx, arguments) => Some(result),
            };
            match deferred.task_id() {
                Some(task_id) => tasks.finish(&task_id, TaskEra::Extension, version, outcome).await,
                None => {
                    let _ = done_tx.send(outcome);
                }
            }
        });
        tokio::select! {
            biased;
            Ok(created) = created_rx => {
                guard.created = true;
                Ok(created)
            }
            done = done_rx => match done {
                Ok(Some(Ok(result))) => serde_json::to_value(result.for_revision(version))
                    .map_err(|e| Error::internal(e.to_string())),
                Ok(Some(Err(e))) => Err(e),
                Ok(None) | Err(_) => Err(Error::Cancelled),
            },
        }
    }
}
