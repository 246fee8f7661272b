//! The connection driver: serves one transport (stdio, or an in-memory pair) until it closes.
//!
//! Requests run concurrently, each in its own task. A message that does not decode is
//! answered with the transport's error response (`-32700` Parse error or `-32600` Invalid
//! Request, JSON-RPC 2.0 §5.1) and serving continues. `notifications/cancelled`
//! (`basic/utilities/cancellation.mdx`) cancels the running handler, and nothing more is sent
//! for that request. Responses from the client to legacy server-to-client requests are
//! correlated through `mcp_jsonrpc::correlation`. List changes and resource updates reach an
//! initialized legacy connection as notifications; 2026-07-28 clients use
//! `subscriptions/listen` instead. On stdio (2026-07-28 `basic/transports/stdio.mdx`) the
//! server exits when stdin reaches end of file, and logs only to stderr.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mcp_jsonrpc::correlation::{IncomingRequests, PendingRequests, Response};
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::{ErrorObject, ErrorResponse, Message, Notification, RequestId};
use mcp_transport::{MessageSink, MessageStream, StdioTransport, Transport, TransportError};
use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::cancel::CancellationToken;
use crate::dispatch::Exchange;
use crate::peer::{BoxFuture, Peer};
use crate::principal::Principal;
use crate::server::{Server, ServerEvent};
use crate::session::Session;

type Reply = oneshot::Sender<Response>;

struct Connection {
    out: mpsc::Sender<Message>,
    pending: Mutex<PendingRequests<Reply>>,
    incoming: Mutex<IncomingRequests>,
    tokens: Mutex<HashMap<RequestId, CancellationToken>>,
    session: Arc<Session>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Connection {
    async fn send(&self, message: Message) {
        // A closed writer means the client is gone; the read loop ends on its own.
        let _ = self.out.send(message).await;
    }

    /// Sends a handler's response through the incoming table (suppressed after a cancel).
    async fn finish(&self, id: &RequestId, response: Option<Message>) {
        lock(&self.tokens).remove(id);
        let response = response.and_then(|m| Response::try_from(m).ok());
        let allowed = match response {
            Some(r) => lock(&self.incoming).respond(r).ok(),
            None => {
                lock(&self.incoming).finish(id);
                None
            }
        };
        if let Some(r) = allowed {
            self.send(r.into_message()).await;
        }
    }
}

/// The [`Peer`] of one request on a connection.
struct ConnectionPeer {
    conn: Arc<Connection>,
    request_id: RequestId,
}

impl Peer for ConnectionPeer {
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if lock(&self.conn.incoming).may_send(&self.request_id) {
                self.conn.send(Message::Notification(notification)).await;
            }
        })
    }

    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            let raw =
                mcp_jsonrpc::message::to_raw(&params).map_err(|e| ErrorObject::internal(e.to_string()))?;
            let (tx, rx) = oneshot::channel();
            let request = lock(&self.conn.pending).start_request(method, Some(raw), None, tx);
            self.conn.send(Message::Request(request)).await;
            match rx.await {
                Ok(Response::Result(r)) => {
                    r.result_as::<Value>().map_err(|e| ErrorObject::internal(e.to_string()))
                }
                Ok(Response::Error(e)) => Err(e.error),
                Err(_) => Err(ErrorObject::internal("the connection closed before the client answered")),
            }
        })
    }
}

impl Server {
    /// Serves `transport` until the client closes it; every request has the anonymous
    /// principal. See [`Server::serve_as`].
    ///
    /// # Errors
    /// A stream failure of the transport ([`TransportError::Io`]).
    pub async fn serve<T: Transport>(&self, transport: T) -> Result<(), TransportError> {
        self.serve_as(transport, Principal::anonymous()).await
    }

    /// Serves `transport` with `principal` as the caller of every request, until the client
    /// closes it (end of stream). Then every running handler is cancelled, and the function
    /// returns once their tasks end and the sending side is closed.
    ///
    /// # Errors
    /// A stream failure of the transport ([`TransportError::Io`]).
    pub async fn serve_as<T: Transport>(
        &self,
        transport: T,
        principal: Principal,
    ) -> Result<(), TransportError> {
        let (mut sink, mut stream) = transport.split();
        let (out, mut out_rx) = mpsc::channel::<Message>(256);
        let writer = tokio::spawn(async move {
            while let Some(message) = out_rx.recv().await {
                if let Err(e) = sink.send(message).await {
                    tracing::warn!("mcp-server: send failed: {e}");
                    break;
                }
            }
            let _ = sink.close().await;
        });
        let conn = Arc::new(Connection {
            out,
            pending: Mutex::new(PendingRequests::default()),
            incoming: Mutex::new(IncomingRequests::new()),
            tokens: Mutex::new(HashMap::new()),
            session: Arc::new(Session::new()),
        });
        let forwarder = tokio::spawn(forward_events(self.subscribe_events(), conn.clone()));
        let mut tasks = tokio::task::JoinSet::new();
        let mut failure = None;
        while let Some(next) = stream.recv().await {
            match next {
                Err(e) => {
                    if let Some(response) = e.to_error_response() {
                        conn.send(Message::Error(response)).await;
                    }
                    if !e.is_per_message() {
                        failure = Some(e);
                        break;
                    }
                }
                Ok(Message::Request(request)) => {
                    let request = match lock(&conn.incoming).receive(request) {
                        Ok(r) => r,
                        Err(dup) => {
                            let error = ErrorObject::invalid_request(format!(
                                "request id {} is already in flight",
                                dup.request.id
                            ));
                            let conn = conn.clone();
                            tokio::spawn(async move {
                                conn.send(ErrorResponse::new(Some(dup.request.id), error).into()).await
                            });
                            continue;
                        }
                    };
                    let cancel = CancellationToken::new();
                    lock(&conn.tokens).insert(request.id.clone(), cancel.clone());
                    let exchange = Exchange {
                        peer: Arc::new(ConnectionPeer { conn: conn.clone(), request_id: request.id.clone() }),
                        principal: principal.clone(),
                        session: Some(conn.session.clone()),
                        cancel,
                    };
                    let (server, conn) = (self.clone(), conn.clone());
                    tasks.spawn(async move {
                        let id = request.id.clone();
                        let response = server.handle_request(request, exchange).await;
                        conn.finish(&id, response).await;
                    });
                }
                Ok(Message::Notification(n)) if n.method == methods::NOTIFICATIONS_CANCELLED => {
                    let cancelled = lock(&conn.incoming).receive_cancelled(&n);
                    match cancelled {
                        Ok(c) => {
                            if let Some(token) = lock(&conn.tokens).get(&c.id) {
                                token.cancel();
                            }
                        }
                        Err(e) => tracing::debug!("mcp-server: ignored cancellation: {e}"),
                    }
                }
                Ok(Message::Notification(n)) => self.handle_notification(&n, Some(&conn.session)),
                Ok(message @ (Message::Response(_) | Message::Error(_))) => {
                    let Ok(response) = Response::try_from(message) else { continue };
                    let completed = lock(&conn.pending).handle_response(response);
                    match completed {
                        Ok(done) => {
                            let _ = done.context.send(done.response);
                        }
                        Err(unmatched) => {
                            tracing::debug!("mcp-server: unmatched response: {:?}", unmatched.reason)
                        }
                    }
                }
            }
            while tasks.try_join_next().is_some() {}
        }
        for token in lock(&conn.tokens).values() {
            token.cancel();
        }
        drop(lock(&conn.pending).drain());
        forwarder.abort();
        while tasks.join_next().await.is_some() {}
        drop(conn);
        let _ = forwarder.await;
        let _ = writer.await;
        failure.map_or(Ok(()), Err)
    }

    /// Serves this process's stdin/stdout (2026-07-28 `basic/transports/stdio.mdx`) until
    /// stdin reaches end of file. Nothing but MCP messages is written to stdout; diagnostics go
    /// through `tracing`, which the application should direct to stderr.
    ///
    /// # Errors
    /// As [`Server::serve`].
    pub async fn serve_stdio(&self) -> Result<(), TransportError> {
        self.serve(StdioTransport::from_process_stdio()).await
    }
}

/// Sends list changes and resource updates to an initialized legacy connection.
async fn forward_events(mut events: broadcast::Receiver<ServerEvent>, conn: Arc<Connection>) {
    loop {
        let event = match events.recv().await {
            Ok(event) => event,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if conn.session.protocol_version().is_none() || !conn.session.is_initialized() {
            continue;
        }
        let (method, params) = match event {
            ServerEvent::ToolsListChanged => (methods::NOTIFICATIONS_TOOLS_LIST_CHANGED, None),
            ServerEvent::PromptsListChanged => (methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED, None),
            ServerEvent::ResourcesListChanged => (methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED, None),
            ServerEvent::ResourceUpdated(uri) if conn.session.is_subscribed(&uri) => {
                (methods::NOTIFICATIONS_RESOURCES_UPDATED, Some(json!({ "uri": uri })))
            }
            ServerEvent::ResourceUpdated(_) => continue,
        };
        let notification = match params {
            Some(p) => Notification::new(method, &p).unwrap_or_else(|_| Notification::without_params(method)),
            None => Notification::without_params(method),
        };
        conn.send(Message::Notification(notification)).await;
    }
}
