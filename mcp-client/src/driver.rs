//! The background tasks of a connection: a writer that owns the sending half and a reader
//! ("driver") that owns the receiving half.
//!
//! The driver feeds every received message to the correlation core and acts on the event:
//!
//! - responses go to the waiting caller (or end a listen stream);
//! - legacy server-to-client requests (`ping`, `elicitation/create`, `sampling/createMessage`,
//!   `roots/list`) run the user callbacks on their own task and are answered as JSON-RPC
//!   responses; without a callback the answer is `-32601` (2025-11-25 `client/*.mdx`:
//!   servers may only send requests for declared capabilities);
//! - a server `notifications/cancelled` aborts the callback task of that request, and nothing is
//!   sent for it any more (`basic/utilities/cancellation.mdx`);
//! - notifications invalidate the cache, go to the progress callback of their request, to the
//!   listen stream named by `_meta.subscriptionId`, or to the user's notification handler;
//! - deadlines from the pending table are polled: a timed-out request fails with
//!   [`ClientError::Timeout`] and is cancelled on the wire (2025-11-25 `basic/lifecycle.mdx`
//!   "Timeouts").
//!
//! When the peer closes, every pending request fails with [`ClientError::Closed`].

use std::sync::Arc;
use std::time::Instant;

use mcp_jsonrpc::correlation::{Completed, Event, Response};
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::{ErrorObject, Message, Notification, Request, ResultResponse, message::ErrorResponse};
use mcp_transport::{MessageSink, MessageStream};
use serde_json::Value;
use tokio::sync::{mpsc, watch};

use crate::error::ClientError;
use crate::notifications::ServerNotification;
use crate::rpc::{Inner, Outgoing, Waiter};
use crate::subscription::ListenItem;

/// The current instant on tokio's clock (which tests may pause), as a std `Instant` for the
/// correlation core.
pub(crate) fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Runs the writer: sends queued messages until a `Close` or until every sender is gone, then
/// closes the sending direction.
pub(crate) async fn write_loop(mut sink: impl MessageSink, mut rx: mpsc::Receiver<Outgoing>) {
    while let Some(item) = rx.recv().await {
        match item {
            Outgoing::Message(m) => {
                if let Err(e) = sink.send(m).await {
                    tracing::debug!(error = %e, "send failed");
                }
            }
            Outgoing::Close(done) => {
                let _ = sink.close().await;
                let _ = done.send(());
                // Keep draining so senders do not block; nothing more is written.
                while let Some(item) = rx.recv().await {
                    if let Outgoing::Close(done) = item {
                        let _ = done.send(());
                    }
                }
                return;
            }
        }
    }
    let _ = sink.close().await;
}

/// Runs the reader until the peer closes the stream or a stream error occurs.
pub(crate) async fn read_loop(inner: Arc<Inner>, mut stream: impl MessageStream, done: watch::Sender<bool>) {
    loop {
        let deadline = inner.lock().correlator.outgoing.next_deadline();
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            received = stream.recv() => match received {
                None => break,
                Some(Ok(message)) => handle(&inner, message),
                Some(Err(e)) if e.is_per_message() => tracing::warn!(error = %e, "dropped a malformed message"),
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "transport failed");
                    break;
                }
            },
            () = sleep => expire(&inner),
            () = inner.wake.notified() => {}
        }
    }
    let drained = {
        let mut state = inner.lock();
        for (_, task) in state.incoming_tasks.drain() {
            task.abort();
        }
        state.correlator.outgoing.drain()
    };
    for (_, _, waiter) in drained {
        finish(waiter, Err(ClientError::Closed));
    }
    let _ = done.send(true);
}

fn finish(waiter: Waiter, outcome: Result<Value, ClientError>) {
    match waiter {
        Waiter::Once { tx, .. } => {
            let _ = tx.send(outcome);
        }
        Waiter::Listen(tx) => {
            let _ = tx.send(ListenItem::End(outcome));
        }
    }
}

fn expire(inner: &Inner) {
    let expired = inner.lock().correlator.outgoing.poll_timeouts(now());
    for c in expired {
        let announce = matches!(c.context, Waiter::Once { announce_cancel: true, .. } | Waiter::Listen(_));
        if let (true, Some(n)) = (announce, c.notification()) {
            let _ = inner.outgoing.try_send(Outgoing::Message(n.into()));
        }
        finish(c.context, Err(ClientError::Timeout));
    }
}

fn handle(inner: &Arc<Inner>, message: Message) {
    let event = inner.lock().correlator.handle(message);
    match event {
        Event::Completed(c) => complete(c),
        Event::Request(r) => serve(inner, r),
        Event::IncomingCancelled(c) => {
            if let Some(task) = inner.lock().incoming_tasks.remove(&c.id) {
                task.abort();
            }
            inner.lock().correlator.incoming.finish(&c.id);
        }
        Event::ListenEnded { context, reason, .. } => {
            finish(
                context,
                Err(ClientError::Rpc(ErrorObject::new(
                    mcp_jsonrpc::ErrorCode::INTERNAL_ERROR,
                    reason.unwrap_or_else(|| "the server ended the subscription".into()),
                ))),
            );
        }
        Event::Notification(n) => notification(inner, n),
        Event::DuplicateRequest(d) => {
            tracing::warn!(id = %d.request.id, "duplicate request id from the server")
        }
        Event::CancelIgnored(c) => tracing::debug!(?c, "cancellation ignored"),
        Event::Unmatched(u) => tracing::debug!(%u, "unmatched response ignored"),
    }
}

fn complete(c: Completed<Waiter>) {
    let outcome = match c.response {
        Response::Result(r) => serde_json::from_str::<Value>(r.result.get()).map_err(ClientError::from),
        Response::Error(e) => Err(ClientError::Rpc(e.error)),
    };
    finish(c.context, outcome);
}

fn notification(inner: &Inner, n: Notification) {
    let decoded = ServerNotification::decode(&n);
    match &decoded {
        ServerNotification::ToolsListChanged => inner.cache.invalidate_method(methods::TOOLS_LIST),
        ServerNotification::PromptsListChanged => inner.cache.invalidate_method(methods::PROMPTS_LIST),
        ServerNotification::ResourcesListChanged => {
            inner.cache.invalidate_method(methods::RESOURCES_LIST);
            inner.cache.invalidate_method(methods::RESOURCES_TEMPLATES_LIST);
        }
        ServerNotification::ResourceUpdated(p) => inner.cache.invalidate_resource(&p.uri),
        ServerNotification::Progress(p) => {
            let key = match serde_json::to_value(&p.progress_token) {
                Ok(Value::String(s)) => s,
                Ok(other) => other.to_string(),
                Err(_) => String::new(),
            };
            let callback = inner.lock().progress.get(&key).cloned();
            if let Some(cb) = callback {
                cb(p.clone());
            }
        }
        _ => {}
    }
    if let Some(id) = ServerNotification::subscription_id(&n) {
        let state = inner.lock();
        if let Some(Waiter::Listen(tx)) = state.correlator.outgoing.context(&id) {
            let _ = tx.send(ListenItem::Notification(decoded));
            return;
        }
    }
    if let Some(handler) = &inner.config.callbacks.notifications {
        handler(decoded);
    }
}

/// Answers one legacy server-to-client request on its own task.
fn serve(inner: &Arc<Inner>, request: Request) {
    let id = request.id.clone();
    let task_inner = inner.clone();
    let mut state = inner.lock();
    let task = tokio::spawn(async move {
        let outcome = crate::server_requests::answer(&task_inner, &request).await;
        let response: Response = match outcome.and_then(|v| {
            ResultResponse::new(request.id.clone(), &v).map_err(|e| ErrorObject::internal(e.to_string()))
        }) {
            Ok(r) => r.into(),
            Err(e) => ErrorResponse::new(Some(request.id.clone()), e).into(),
        };
        let sendable = {
            let mut state = task_inner.lock();
            state.incoming_tasks.remove(&request.id);
            state.correlator.incoming.respond(response)
        };
        if let Ok(r) = sendable {
            let _ = task_inner.outgoing.send(Outgoing::Message(r.into_message())).await;
        }
    });
    state.incoming_tasks.insert(id, task.abort_handle());
}
