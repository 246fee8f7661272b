//! What a task needs while its handler runs in this process, and cannot be stored: its
//! cancellation, wake-ups for `tasks/result` waiters, pending input answers, and (legacy) the
//! way back to the client.
//!
//! Legacy delivery (2025-11-25 `basic/utilities/tasks.mdx` "Input Required Status"): once the
//! `CreateTaskResult` is sent, the `tools/call` request is answered and its stream may be gone.
//! A task's notifications (progress, log, `notifications/tasks/status`) and requests
//! (elicitation, sampling, roots) therefore travel on an open `tasks/result` request for the
//! task, the approach the spec suggests. Notifications raised while no `tasks/result` is open
//! are queued (at most [`QUEUE_LIMIT`], oldest dropped) and flushed, in order, when one opens;
//! a request waits for one (the task shows `input_required` meanwhile, which tells the client
//! to call `tasks/result`).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use mcp_jsonrpc::Notification;
use serde_json::Value;
use tokio::sync::{Notify, oneshot, watch};

use crate::cancel::CancellationToken;
use crate::peer::Peer;

/// Notifications kept for a legacy task while no `tasks/result` is open.
pub(crate) const QUEUE_LIMIT: usize = 256;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The live side of one task.
pub(crate) struct Running {
    pub(crate) cancel: CancellationToken,
    /// Bumped on every state change; `tasks/result` waiters watch it.
    pub(crate) changed: watch::Sender<u64>,
    /// Extension: answers awaited by the handler, by input key.
    pub(crate) answers: Mutex<HashMap<String, oneshot::Sender<Value>>>,
    /// Legacy: counter for input keys.
    pub(crate) next_key: AtomicUsize,
    routes: Mutex<Vec<(u64, Arc<dyn Peer>)>>,
    next_route: AtomicU64,
    route_added: Notify,
    queue: Mutex<VecDeque<Notification>>,
    send_lock: tokio::sync::Mutex<()>,
}

impl Running {
    pub(crate) fn new() -> Self {
        Running {
            cancel: CancellationToken::new(),
            changed: watch::channel(0).0,
            answers: Mutex::new(HashMap::new()),
            next_key: AtomicUsize::new(0),
            routes: Mutex::new(Vec::new()),
            next_route: AtomicU64::new(0),
            route_added: Notify::new(),
            queue: Mutex::new(VecDeque::new()),
            send_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// Wakes `tasks/result` waiters.
    pub(crate) fn bump(&self) {
        self.changed.send_modify(|v| *v = v.wrapping_add(1));
    }

    /// Legacy: sends `notification` on the newest open `tasks/result`, or queues it.
    pub(crate) async fn deliver(&self, notification: Notification) {
        let _order = self.send_lock.lock().await;
        let route = lock(&self.routes).last().map(|(_, p)| p.clone());
        match route {
            Some(peer) => peer.notify(notification).await,
            None => {
                let mut queue = lock(&self.queue);
                if queue.len() == QUEUE_LIMIT {
                    queue.pop_front();
                }
                queue.push_back(notification);
            }
        }
    }

    /// Legacy: makes `peer` (an open `tasks/result`) the task's way back to the client after
    /// flushing the queued notifications through it. Detached when the guard drops.
    pub(crate) async fn attach(self: &Arc<Self>, peer: Arc<dyn Peer>) -> RouteGuard {
        let _order = self.send_lock.lock().await;
        let queued: Vec<Notification> = lock(&self.queue).drain(..).collect();
        for notification in queued {
            peer.notify(notification).await;
        }
        let id = self.next_route.fetch_add(1, Ordering::SeqCst);
        lock(&self.routes).push((id, peer));
        self.route_added.notify_waiters();
        RouteGuard { running: self.clone(), id }
    }

    /// Legacy: the newest open `tasks/result` peer, waiting for one.
    pub(crate) async fn route(&self) -> Arc<dyn Peer> {
        loop {
            let added = self.route_added.notified();
            tokio::pin!(added);
            added.as_mut().enable();
            if let Some((_, peer)) = lock(&self.routes).last() {
                return peer.clone();
            }
            added.await;
        }
    }
}

/// Keeps a `tasks/result` attached as a route; detaches it on drop (the request answered or
/// was cancelled).
pub(crate) struct RouteGuard {
    running: Arc<Running>,
    id: u64,
}

impl Drop for RouteGuard {
    fn drop(&mut self) {
        lock(&self.running.routes).retain(|(id, _)| *id != self.id);
    }
}
