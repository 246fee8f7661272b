//! [`TaskStore`]: where task records live, and [`MemoryTaskStore`], the in-process one.
//!
//! The trait keeps only data ([`TaskRecord`]); what cannot be stored (the running handler,
//! its cancellation, callers waiting on `tasks/result`) stays in the server process. Every
//! change goes through [`TaskStore::apply`] so a shared store (a database, a cache) can apply
//! the [`Transition`] atomically, and the state machine rules hold across instances.

use std::collections::HashMap;
use std::sync::Mutex;

use super::record::{TaskRecord, Transition, TransitionError};
use crate::peer::BoxFuture;

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// No task with that id (never created, deleted, or purged after its TTL).
    #[error("task not found")]
    NotFound,
    /// A task with that id already exists.
    #[error("task id already exists")]
    Duplicate,
    /// The state machine refused the transition.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The backend failed.
    #[error("task store failure: {0}")]
    Backend(String),
}

/// Storage for task records, shared by every connection of a server.
///
/// Implementations apply each operation atomically. `list` returns tasks in creation order
/// (the order `tasks/list` pages through).
pub trait TaskStore: Send + Sync + 'static {
    /// Stores a new record.
    ///
    /// # Errors
    /// [`StoreError::Duplicate`]; [`StoreError::Backend`].
    fn create(&self, record: TaskRecord) -> BoxFuture<'_, Result<(), StoreError>>;

    /// The record of `task_id`, if any (expired records may still be returned; the caller
    /// checks [`TaskRecord::is_expired`]).
    ///
    /// # Errors
    /// [`StoreError::Backend`].
    fn get<'a>(&'a self, task_id: &'a str) -> BoxFuture<'a, Result<Option<TaskRecord>, StoreError>>;

    /// Applies `transition` to `task_id` at `now_ms` and returns the new record.
    ///
    /// # Errors
    /// [`StoreError::NotFound`]; [`StoreError::Transition`]; [`StoreError::Backend`].
    fn apply<'a>(
        &'a self,
        task_id: &'a str,
        transition: Transition,
        now_ms: u64,
    ) -> BoxFuture<'a, Result<TaskRecord, StoreError>>;

    /// Every record of `owner`, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Backend`].
    fn list<'a>(&'a self, owner: &'a str) -> BoxFuture<'a, Result<Vec<TaskRecord>, StoreError>>;

    /// Deletes `task_id`; returns whether it existed.
    ///
    /// # Errors
    /// [`StoreError::Backend`].
    fn delete<'a>(&'a self, task_id: &'a str) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Deletes every record whose TTL elapsed at `now_ms`; returns their ids.
    ///
    /// # Errors
    /// [`StoreError::Backend`].
    fn purge_expired(&self, now_ms: u64) -> BoxFuture<'_, Result<Vec<String>, StoreError>>;
}

/// An in-memory [`TaskStore`]: records live as long as the process (or their TTL).
#[derive(Debug, Default)]
pub struct MemoryTaskStore {
    inner: Mutex<Tables>,
}

#[derive(Debug, Default)]
struct Tables {
    next: u64,
    records: HashMap<String, (u64, TaskRecord)>,
}

impl MemoryTaskStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryTaskStore::default()
    }

    fn with<R>(&self, f: impl FnOnce(&mut Tables) -> R) -> R {
        f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl TaskStore for MemoryTaskStore {
    fn create(&self, record: TaskRecord) -> BoxFuture<'_, Result<(), StoreError>> {
        let result = self.with(|t| {
            if t.records.contains_key(&record.task_id) {
                return Err(StoreError::Duplicate);
            }
            t.next += 1;
            let seq = t.next;
            t.records.insert(record.task_id.clone(), (seq, record));
            Ok(())
        });
        Box::pin(async move { result })
    }

    fn get<'a>(&'a self, task_id: &'a str) -> BoxFuture<'a, Result<Option<TaskRecord>, StoreError>> {
        let record = self.with(|t| t.records.get(task_id).map(|(_, r)| r.clone()));
        Box::pin(async move { Ok(record) })
    }

    fn apply<'a>(
        &'a self,
        task_id: &'a str,
        transition: Transition,
        now_ms: u64,
    ) -> BoxFuture<'a, Result<TaskRecord, StoreError>> {
        let result = self.with(|t| {
            let (_, record) = t.records.get_mut(task_id).ok_or(StoreError::NotFound)?;
            record.apply(transition, now_ms)?;
            Ok(record.clone())
        });
        Box::pin(async move { result })
    }

    fn list<'a>(&'a self, owner: &'a str) -> BoxFuture<'a, Result<Vec<TaskRecord>, StoreError>> {
        let mut records: Vec<(u64, TaskRecord)> =
            self.with(|t| t.records.values().filter(|(_, r)| r.owner == owner).cloned().collect());
        records.sort_by_key(|(seq, _)| *seq);
        Box::pin(async move { Ok(records.into_iter().map(|(_, r)| r).collect()) })
    }

    fn delete<'a>(&'a self, task_id: &'a str) -> BoxFuture<'a, Result<bool, StoreError>> {
        let existed = self.with(|t| t.records.remove(task_id).is_some());
        Box::pin(async move { Ok(existed) })
    }

    fn purge_expired(&self, now_ms: u64) -> BoxFuture<'_, Result<Vec<String>, StoreError>> {
        let purged = self.with(|t| {
            let expired: Vec<String> = t
                .records
                .values()
                .filter(|(_, r)| r.is_expired(now_ms))
                .map(|(_, r)| r.task_id.clone())
                .collect();
            for id in &expired {
                t.records.remove(id);
            }
            expired
        });
        Box::pin(async move { Ok(purged) })
    }
}

#[cfg(test)]
mod tests {
    use mcp_jsonrpc::schema::input::InputRequests;
    use mcp_jsonrpc::schema::tasks::TaskStatus;

    use super::*;
    use crate::tasks::record::TaskEra;

    fn record(id: &str, owner: &str, created: u64) -> TaskRecord {
        TaskRecord {
            task_id: id.into(),
            owner: owner.into(),
            era: TaskEra::Legacy,
            method: "tools/call".into(),
            status: TaskStatus::Working,
            status_message: None,
            created_at_ms: created,
            last_updated_at_ms: created,
            ttl_ms: Some(100),
            poll_interval_ms: None,
            input_requests: InputRequests::new(),
            outcome: None,
        }
    }

    #[tokio::test]
    async fn lists_by_owner_in_creation_order_and_purges() {
        let store = MemoryTaskStore::new();
        for (id, owner, at) in [("b", "alice", 10), ("a", "alice", 20), ("c", "bob", 30)] {
            store.create(record(id, owner, at)).await.unwrap();
        }
        assert_eq!(store.create(record("a", "x", 0)).await, Err(StoreError::Duplicate));
        let ids: Vec<_> = store.list("alice").await.unwrap().into_iter().map(|r| r.task_id).collect();
        assert_eq!(ids, ["b", "a"]);
        let cancelled = store.apply("c", Transition::Cancel { message: None }, 40).await.unwrap();
        assert_eq!(cancelled.status, TaskStatus::Cancelled);
        assert!(matches!(
            store.apply("c", Transition::Cancel { message: None }, 41).await,
            Err(StoreError::Transition(_))
        ));
        assert_eq!(
            store.apply("zz", Transition::Cancel { message: None }, 41).await,
            Err(StoreError::NotFound)
        );
        let mut purged = store.purge_expired(120).await.unwrap();
        purged.sort();
        assert_eq!(purged, ["a", "b"]);
        assert!(store.get("a").await.unwrap().is_none());
        assert!(store.delete("c").await.unwrap());
        assert!(!store.delete("c").await.unwrap());
    }
}
