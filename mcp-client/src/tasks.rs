//! Tasks: the legacy `tasks/*` requests (2025-11-25 `basic/utilities/tasks.mdx`) and the
//! 2026-07-28 tasks extension `io.modelcontextprotocol/tasks` (`tasks/get`, `tasks/update`,
//! `tasks/cancel`; experimental-ext-tasks `specification/draft/tasks.md`).
//!
//! Results are returned raw because the two eras shape them differently (legacy `Task`
//! objects with `ttl`/`pollInterval`; the extension's `ttlMs`/`pollIntervalMs` and
//! `resultType`).

use mcp_jsonrpc::Era;
use mcp_jsonrpc::schema::methods;
use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::Result;
use crate::options::RequestOptions;

fn task_params(task_id: &str) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert("taskId".into(), Value::from(task_id));
    params
}

impl Client {
    /// `tasks/get`: the task's current state (both eras).
    ///
    /// # Errors
    /// The server's error (`-32602` for an unknown task).
    pub async fn get_task(&self, task_id: &str) -> Result<Value> {
        self.request_raw(methods::TASKS_GET, task_params(task_id), &RequestOptions::new()).await
    }

    /// `tasks/cancel` (both eras; a task in a terminal state gives `-32602`).
    ///
    /// # Errors
    /// The server's error.
    pub async fn cancel_task(&self, task_id: &str) -> Result<Value> {
        self.request_raw(methods::TASKS_CANCEL, task_params(task_id), &RequestOptions::new()).await
    }

    /// Legacy `tasks/result`: blocks until the task is terminal and returns its payload.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`](crate::ClientError::NotInEra) on modern; the server's error.
    pub async fn task_result(&self, task_id: &str) -> Result<Value> {
        self.require(Era::Legacy, methods::TASKS_RESULT)?;
        let options = RequestOptions { timeout: None, ..RequestOptions::new() };
        self.request_raw(methods::TASKS_RESULT, task_params(task_id), &options).await
    }

    /// Legacy `tasks/list` (one page).
    ///
    /// # Errors
    /// [`ClientError::NotInEra`](crate::ClientError::NotInEra) on modern; the server's error.
    pub async fn list_tasks(&self, cursor: Option<&str>) -> Result<Value> {
        self.require(Era::Legacy, methods::TASKS_LIST)?;
        let mut params = Map::new();
        if let Some(c) = cursor {
            params.insert("cursor".into(), Value::from(c));
        }
        self.request_raw(methods::TASKS_LIST, params, &RequestOptions::new()).await
    }

    /// Extension `tasks/update`: answers a task's input requests with `inputResponses`.
    ///
    /// # Errors
    /// [`ClientError::NotInEra`](crate::ClientError::NotInEra) on legacy; the server's error.
    pub async fn update_task(&self, task_id: &str, input_responses: Map<String, Value>) -> Result<Value> {
        self.require(Era::Modern, methods::TASKS_UPDATE)?;
        let mut params = task_params(task_id);
        params.insert("inputResponses".into(), Value::Object(input_responses));
        self.request_raw(methods::TASKS_UPDATE, params, &RequestOptions::new()).await
    }
}
