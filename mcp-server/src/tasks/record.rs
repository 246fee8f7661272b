//! The stored state of one task and its state machine, free of I/O.
//!
//! Status paths (2025-11-25 `basic/utilities/tasks.mdx` "Task Status Lifecycle"; the same in
//! the 2026-07-28 extension, `experimental-ext-tasks` `specification/draft/tasks.md`):
//! `working` → `input_required` ↔ `working`, and from either to a terminal status
//! (`completed`, `failed`, `cancelled`), which never changes again. [`TaskRecord::apply`]
//! enforces this: a [`Transition`] on a terminal task is a [`TransitionError`].

use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::schema::common::JsonObject;
use mcp_jsonrpc::schema::input::{InputRequest, InputRequests};
use mcp_jsonrpc::schema::tasks::{Task, TaskStatus, ext};
use serde::{Deserialize, Serialize};

use super::clock::format_rfc3339;

/// Which task protocol created a task: they differ in shapes and in who may see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskEra {
    /// 2025-11-25 legacy tasks (`task` param on `tools/call`; `tasks/get`, `tasks/result`,
    /// `tasks/list`, `tasks/cancel`).
    Legacy,
    /// The 2026-07-28 extension `io.modelcontextprotocol/tasks` (`tasks/get`, `tasks/update`,
    /// `tasks/cancel`).
    Extension,
}

/// What the underlying request answered: its result object, or its JSON-RPC error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The request's result (for `tools/call`, a `CallToolResult`, also with `isError: true`).
    Result(JsonObject),
    /// The JSON-RPC error the request failed with.
    Error(ErrorObject),
}

/// One task as a [`TaskStore`](super::TaskStore) keeps it. Times are Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// The receiver-generated id (random, 128 bits).
    pub task_id: String,
    /// Who may see the task: the authorization context (principal, and the legacy session).
    pub owner: String,
    /// The protocol that created it.
    pub era: TaskEra,
    /// The augmented request's method (`tools/call`).
    pub method: String,
    /// Current status.
    pub status: TaskStatus,
    /// Human-readable detail about the status.
    pub status_message: Option<String>,
    /// Creation time.
    pub created_at_ms: u64,
    /// Last status change.
    pub last_updated_at_ms: u64,
    /// Retention from creation in milliseconds; `None` is unlimited.
    pub ttl_ms: Option<u64>,
    /// Suggested polling interval in milliseconds.
    pub poll_interval_ms: Option<u64>,
    /// Outstanding input requests, by key (keys are unique over the task's life).
    pub input_requests: InputRequests,
    /// Set once the task is `completed` or `failed`.
    pub outcome: Option<Outcome>,
}

/// A change to a task's state.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// The task needs client input: adds `request` under `key`; status `input_required`.
    RequestInput {
        /// Unique over the task's life.
        key: String,
        /// What the client must answer (boxed: it is large).
        request: Box<InputRequest>,
    },
    /// The client answered `key`: removes it; back to `working` when nothing is outstanding.
    InputAnswered {
        /// The answered key.
        key: String,
    },
    /// The request ended: `completed` or `failed` with its outcome.
    Finish {
        /// `Completed` or `Failed`.
        status: TaskStatus,
        /// What the request answered.
        outcome: Outcome,
        /// Status message.
        message: Option<String>,
    },
    /// The task was cancelled.
    Cancel {
        /// Status message.
        message: Option<String>,
    },
}

/// Why a [`Transition`] was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The task is already in this terminal status.
    #[error("task is already in terminal status {0:?}")]
    Terminal(TaskStatus),
    /// `Finish` with a status that is not `completed` or `failed`.
    #[error("a task can only finish as completed or failed, not {0:?}")]
    NotAnOutcome(TaskStatus),
}

impl TaskRecord {
    /// Whether the task's TTL has elapsed at `now_ms` (never for an unlimited TTL).
    pub fn is_expired(&self, now_ms: u64) -> bool {
        self.ttl_ms.is_some_and(|ttl| now_ms >= self.created_at_ms.saturating_add(ttl))
    }

    /// Applies `transition` at `now_ms`; returns whether the visible state changed.
    ///
    /// # Errors
    /// [`TransitionError::Terminal`] for any transition of a terminal task (a cancelled task
    /// stays cancelled even if its work completes: `tasks.mdx` "Task Cancellation" 3).
    pub fn apply(&mut self, transition: Transition, now_ms: u64) -> Result<bool, TransitionError> {
        if self.status.is_terminal() {
            return Err(TransitionError::Terminal(self.status));
        }
        let before = (self.status, self.input_requests.len());
        match transition {
            Transition::RequestInput { key, request } => {
                self.input_requests.insert(key, *request);
                self.status = TaskStatus::InputRequired;
                self.status_message = Some("The task is waiting for client input.".into());
            }
            Transition::InputAnswered { key } => {
                self.input_requests.remove(&key);
                if self.input_requests.is_empty() {
                    self.status = TaskStatus::Working;
                    self.status_message = None;
                }
            }
            Transition::Finish { status, outcome, message } => {
                if !matches!(status, TaskStatus::Completed | TaskStatus::Failed) {
                    return Err(TransitionError::NotAnOutcome(status));
                }
                self.status = status;
                self.outcome = Some(outcome);
                self.status_message = message;
                self.input_requests.clear();
            }
            Transition::Cancel { message } => {
                self.status = TaskStatus::Cancelled;
                self.status_message = message;
                self.input_requests.clear();
            }
        }
        let changed = before != (self.status, self.input_requests.len()) || self.status.is_terminal();
        if changed {
            self.last_updated_at_ms = now_ms;
        }
        Ok(changed)
    }

    /// The legacy `Task` (2025-11-25 `ttl`/`pollInterval`).
    pub fn to_legacy(&self) -> Task {
        Task {
            task_id: self.task_id.clone(),
            status: self.status,
            status_message: self.status_message.clone(),
            created_at: format_rfc3339(self.created_at_ms),
            last_updated_at: format_rfc3339(self.last_updated_at_ms),
            ttl: self.ttl_ms,
            poll_interval: self.poll_interval_ms,
        }
    }

    /// The extension's `Task` (`ttlMs`/`pollIntervalMs`).
    pub fn to_ext(&self) -> ext::Task {
        ext::Task {
            task_id: self.task_id.clone(),
            status: self.status,
            status_message: self.status_message.clone(),
            created_at: format_rfc3339(self.created_at_ms),
            last_updated_at: format_rfc3339(self.last_updated_at_ms),
            ttl_ms: self.ttl_ms,
            poll_interval_ms: self.poll_interval_ms,
        }
    }

    /// The extension's `DetailedTask`: `inputRequests` when `input_required`, `result` when
    /// `completed`, `error` when `failed` (`tasks.md` "Task Polling").
    pub fn to_detailed(&self) -> ext::DetailedTask {
        let mut detailed = ext::DetailedTask::new(self.to_ext());
        match (self.status, &self.outcome) {
            (TaskStatus::InputRequired, _) => detailed.input_requests = Some(self.input_requests.clone()),
            (TaskStatus::Completed, Some(Outcome::Result(r))) => detailed.result = Some(r.clone()),
            (TaskStatus::Failed, Some(Outcome::Error(e))) => detailed.error = Some(e.clone()),
            _ => {}
        }
        detailed
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record() -> TaskRecord {
        TaskRecord {
            task_id: "t".into(),
            owner: "o".into(),
            era: TaskEra::Extension,
            method: "tools/call".into(),
            status: TaskStatus::Working,
            status_message: None,
            created_at_ms: 1_000,
            last_updated_at_ms: 1_000,
            ttl_ms: Some(500),
            poll_interval_ms: Some(100),
            input_requests: InputRequests::new(),
            outcome: None,
        }
    }

    fn roots() -> InputRequest {
        serde_json::from_value(json!({"method": "roots/list"})).unwrap()
    }

    #[test]
    fn input_required_round_trip_and_terminal_is_final() {
        let mut r = record();
        assert!(
            r.apply(Transition::RequestInput { key: "a".into(), request: Box::new(roots()) }, 1_100).unwrap()
        );
        r.apply(Transition::RequestInput { key: "b".into(), request: Box::new(roots()) }, 1_150).unwrap();
        assert_eq!(r.status, TaskStatus::InputRequired);
        assert_eq!(r.to_detailed().input_requests.unwrap().len(), 2);
        r.apply(Transition::InputAnswered { key: "a".into() }, 1_200).unwrap();
        assert_eq!(r.status, TaskStatus::InputRequired, "b is still outstanding");
        r.apply(Transition::InputAnswered { key: "b".into() }, 1_300).unwrap();
        assert_eq!((r.status, r.last_updated_at_ms), (TaskStatus::Working, 1_300));
        r.apply(Transition::Cancel { message: None }, 1_400).unwrap();
        let done = Transition::Finish {
            status: TaskStatus::Completed,
            outcome: Outcome::Result(JsonObject::new()),
            message: None,
        };
        assert_eq!(r.apply(done, 1_500), Err(TransitionError::Terminal(TaskStatus::Cancelled)));
        assert_eq!(r.status, TaskStatus::Cancelled);
    }

    #[test]
    fn finish_needs_an_outcome_status_and_shapes_follow_status() {
        let mut r = record();
        let bad = Transition::Finish {
            status: TaskStatus::Working,
            outcome: Outcome::Result(JsonObject::new()),
            message: None,
        };
        assert_eq!(r.apply(bad, 1_100), Err(TransitionError::NotAnOutcome(TaskStatus::Working)));
        let error = ErrorObject::internal("boom");
        r.apply(
            Transition::Finish {
                status: TaskStatus::Failed,
                outcome: Outcome::Error(error.clone()),
                message: Some("boom".into()),
            },
            1_200,
        )
        .unwrap();
        let d = r.to_detailed();
        assert!(d.is_consistent());
        assert_eq!(d.error, Some(error));
        assert_eq!(r.to_legacy().created_at, "1970-01-01T00:00:01.000Z");
        assert_eq!(r.to_legacy().ttl, Some(500));
    }

    #[test]
    fn expiry_follows_ttl_from_creation() {
        let mut r = record();
        assert!(!r.is_expired(1_499));
        assert!(r.is_expired(1_500));
        r.ttl_ms = None;
        assert!(!r.is_expired(u64::MAX));
    }
}
