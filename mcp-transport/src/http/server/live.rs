//! The live parts of a legacy session on this instance: its streams, in-flight requests,
//! pending server-to-client requests, and the [`Peer`]s that write to them.
//!
//! A legacy Streamable HTTP stream ([`LegacyStream`]) outlives its connection: every message
//! is stored in the [`EventStore`] under an id before it is written, a dropped connection
//! only detaches the writer (a disconnect is not a cancellation, 2025-11-25
//! `basic/transports.mdx`), and a GET with `Last-Event-ID` attaches a new connection after
//! replaying what it missed. Storing and writing happen under the stream's lock, so a
//! resumption sees each message exactly once: either in the replay or live.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use mcp_jsonrpc::correlation::{PendingRequests, Response};
use mcp_jsonrpc::{ErrorObject, Message, Notification, ProtocolVersion, RequestId};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::events::{EventStore, ReplayError, StoredEvent};
use super::sessions::SessionTransport;
use crate::http::sse::{Event, encode};
use crate::peer::{BoxFuture, Peer};

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a running request produces: messages for its stream, then its outcome.
#[derive(Debug)]
pub(crate) enum Out {
    Msg(Message),
    /// The handler asked to close the request's stream (SEP-1699, [`Peer::close_stream`]):
    /// only sent on legacy Streamable HTTP sessions.
    CloseStream,
    Done(Option<Message>),
}

struct StreamState {
    conn: Option<mpsc::UnboundedSender<Bytes>>,
    finished: bool,
}

/// One resumable legacy SSE stream (a POST's response stream, or the standalone GET stream).
pub(crate) struct LegacyStream {
    pub(crate) id: u64,
    session: String,
    events: Arc<dyn EventStore>,
    state: tokio::sync::Mutex<StreamState>,
}

impl LegacyStream {
    /// Stores and (when connected) writes an event; an empty `data` is a priming event.
    pub(crate) async fn write(&self, data: String, retry: Option<u64>) {
        let mut state = self.state.lock().await;
        if state.finished {
            return;
        }
        let id = self.events.append(&self.session, self.id, data.clone()).await;
        if let Some(conn) = &state.conn {
            let frame = encode::encode(&Event { id: Some(id.to_string()), event: None, data, retry });
            if conn.send(Bytes::from(frame)).is_err() {
                state.conn = None;
            }
        }
    }

    /// Attaches a new connection: `replay` first, then live events; the previous connection
    /// (if any) ends. A finished stream ends after the replay.
    pub(crate) async fn attach(&self, replay: Vec<StoredEvent>) -> mpsc::UnboundedReceiver<Bytes> {
        let mut state = self.state.lock().await;
        let (tx, rx) = mpsc::unbounded_channel();
        for e in replay.into_iter().filter(|e| !e.data.is_empty()) {
            let frame =
                encode::encode(&Event { id: Some(e.id.to_string()), event: None, data: e.data, retry: None });
            let _ = tx.send(Bytes::from(frame));
        }
        state.conn = (!state.finished).then_some(tx);
        rx
    }

    /// The connection (if any) ends but the stream goes on: later events are stored for a
    /// resumption with `Last-Event-ID` (SEP-1699 polling, [`Peer::close_stream`]).
    pub(crate) async fn detach(&self) {
        self.state.lock().await.conn = None;
    }

    /// Resumes this stream for a GET with `Last-Event-ID` `last_event_id`: reads the events
    /// after it from the store and attaches the new connection *under the stream's lock*, so
    /// an event written meanwhile is either in the replay or sent live on the new connection,
    /// never lost between the two (2025-11-25 `basic/transports.mdx` "Resumability and
    /// Redelivery").
    ///
    /// # Errors
    /// [`ReplayError`] from the store ([`EventStore::replay_after`]).
    pub(crate) async fn resume(
        &self,
        last_event_id: &str,
    ) -> Result<mpsc::UnboundedReceiver<Bytes>, ReplayError> {
        let mut state = self.state.lock().await;
        let (_, replay) = self.events.replay_after(&self.session, last_event_id).await?;
        let (tx, rx) = mpsc::unbounded_channel();
        for e in replay.into_iter().filter(|e| !e.data.is_empty()) {
            let frame =
                encode::encode(&Event { id: Some(e.id.to_string()), event: None, data: e.data, retry: None });
            let _ = tx.send(Bytes::from(frame));
        }
        state.conn = (!state.finished).then_some(tx);
        Ok(rx)
    }

    /// No more events: the connection (if any) ends.
    pub(crate) async fn finish(&self) {
        let mut state = self.state.lock().await;
        state.finished = true;
        state.conn = None;
    }

    pub(crate) async fn is_connected(&self) -> bool {
        self.state.lock().await.conn.as_ref().is_some_and(|c| !c.is_closed())
    }
}

/// The live state of one legacy session.
pub(crate) struct SessionCore {
    pub(crate) id: String,
    pub(crate) owner: String,
    pub(crate) transport: SessionTransport,
    pub(crate) version: Mutex<Option<ProtocolVersion>>,
    pending: Mutex<PendingRequests<oneshot::Sender<Response>>>,
    pub(crate) in_flight: Mutex<HashMap<RequestId, CancellationToken>>,
    pub(crate) streams: Mutex<BTreeMap<u64, Arc<LegacyStream>>>,
    pub(crate) standalone: Mutex<Option<Arc<LegacyStream>>>,
    next_stream: AtomicU64,
    pub(crate) last_active: Mutex<Instant>,
    /// Cancelled when the session ends.
    pub(crate) closed: CancellationToken,
    /// HTTP+SSE: the one stream every message goes to.
    pub(crate) sse: Mutex<Option<mpsc::UnboundedSender<Bytes>>>,
    events: Arc<dyn EventStore>,
}

/// Streams kept per session for resumption; older finished ones are forgotten.
const MAX_STREAMS: usize = 256;

impl SessionCore {
    pub(crate) fn new(
        id: String,
        owner: String,
        transport: SessionTransport,
        events: Arc<dyn EventStore>,
    ) -> Self {
        SessionCore {
            id,
            owner,
            transport,
            version: Mutex::new(None),
            pending: Mutex::new(PendingRequests::default()),
            in_flight: Mutex::new(HashMap::new()),
            streams: Mutex::new(BTreeMap::new()),
            standalone: Mutex::new(None),
            next_stream: AtomicU64::new(1),
            last_active: Mutex::new(Instant::now()),
            closed: CancellationToken::new(),
            sse: Mutex::new(None),
            events,
        }
    }

    pub(crate) fn touch(&self) {
        *lock(&self.last_active) = Instant::now();
    }

    /// A new resumable stream of this session.
    pub(crate) fn new_stream(&self) -> Arc<LegacyStream> {
        let id = self.next_stream.fetch_add(1, Ordering::Relaxed);
        let stream = Arc::new(LegacyStream {
            id,
            session: self.id.clone(),
            events: self.events.clone(),
            state: tokio::sync::Mutex::new(StreamState { conn: None, finished: false }),
        });
        let mut streams = lock(&self.streams);
        streams.insert(id, stream.clone());
        while streams.len() > MAX_STREAMS {
            let Some(oldest) = streams.keys().next().copied() else { break };
            streams.remove(&oldest);
        }
        stream
    }

    /// HTTP+SSE: writes `message` as `event: message`; false when the stream is gone.
    pub(crate) fn send_sse(&self, message: &Message) -> bool {
        let data = String::from_utf8(message.to_vec()).unwrap_or_default();
        let frame = encode::encode(&Event { event: Some("message".into()), ..Event::data(data) });
        lock(&self.sse).as_ref().is_some_and(|tx| tx.send(Bytes::from(frame)).is_ok())
    }

    /// A message unrelated to any request: the standalone GET stream (legacy Streamable HTTP)
    /// or the HTTP+SSE stream. False when there is none.
    pub(crate) async fn deliver(&self, message: &Message) -> bool {
        match self.transport {
            SessionTransport::HttpSse => self.send_sse(message),
            SessionTransport::StreamableHttp => {
                let stream = lock(&self.standalone).clone();
                match stream {
                    Some(s) => {
                        s.write(String::from_utf8(message.to_vec()).unwrap_or_default(), None).await;
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Starts a server-to-client request; the returned receiver gets the client's response.
    fn start_request(
        &self,
        method: String,
        params: Value,
    ) -> Result<(Message, oneshot::Receiver<Response>), ErrorObject> {
        let raw = mcp_jsonrpc::message::to_raw(&params).map_err(|e| ErrorObject::internal(e.to_string()))?;
        let (tx, rx) = oneshot::channel();
        let request = lock(&self.pending).start_request(method, Some(raw), None, tx);
        Ok((Message::Request(request), rx))
    }

    /// Routes a response POSTed by the client to its pending request; false when unmatched.
    pub(crate) fn complete(&self, response: Response) -> bool {
        match lock(&self.pending).handle_response(response) {
            Ok(done) => {
                let _ = done.context.send(done.response);
                true
            }
            Err(_) => false,
        }
    }

    async fn await_response(
        &self,
        rx: oneshot::Receiver<Response>,
        cancel: Option<&CancellationToken>,
    ) -> Result<Value, ErrorObject> {
        let cancelled = async {
            match cancel {
                Some(c) => c.cancelled().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = rx => match r {
                Ok(Response::Result(r)) => r.result_as::<Value>().map_err(|e| ErrorObject::internal(e.to_string())),
                Ok(Response::Error(e)) => Err(e.error),
                Err(_) => Err(ErrorObject::internal("the session ended before the client answered")),
            },
            _ = self.closed.cancelled() => Err(ErrorObject::internal("the session ended before the client answered")),
            _ = cancelled => Err(ErrorObject::internal("the request was cancelled")),
        }
    }

    /// Ends the session's live parts: pending requests fail, in-flight requests are
    /// cancelled, streams end.
    pub(crate) async fn close(&self) {
        self.closed.cancel();
        drop(lock(&self.pending).drain());
        for token in lock(&self.in_flight).values() {
            token.cancel();
        }
        lock(&self.sse).take();
        let streams: Vec<_> = lock(&self.streams).values().cloned().collect();
        for s in streams {
            s.finish().await;
        }
        lock(&self.standalone).take();
        self.events.remove_session(&self.id).await;
    }
}

/// The peer of one request: its messages go to the request's stream; on a legacy session it
/// may send server-to-client requests, answered by POSTs.
pub(crate) struct RequestPeer {
    pub(crate) out: mpsc::UnboundedSender<Out>,
    pub(crate) cancel: CancellationToken,
    pub(crate) session: Option<Arc<SessionCore>>,
}

impl Peer for RequestPeer {
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()> {
        if !self.cancel.is_cancelled() {
            let _ = self.out.send(Out::Msg(Message::Notification(notification)));
        }
        Box::pin(async {})
    }

    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            let Some(session) = &self.session else {
                return Err(ErrorObject::internal(format!(
                    "cannot send {method}: 2026-07-28 has no server-to-client requests (use InputRequiredResult)"
                )));
            };
            let (request, rx) = session.start_request(method, params)?;
            if self.out.send(Out::Msg(request)).is_err() {
                return Err(ErrorObject::internal("the request's stream is gone"));
            }
            session.await_response(rx, Some(&self.cancel)).await
        })
    }

    fn close_stream(&self) -> BoxFuture<'_, bool> {
        let legacy = self.session.as_ref().is_some_and(|s| s.transport == SessionTransport::StreamableHttp);
        let sent = legacy && !self.cancel.is_cancelled() && self.out.send(Out::CloseStream).is_ok();
        Box::pin(async move { sent })
    }
}

/// The peer of a session outside any request (standalone GET stream, HTTP+SSE stream).
pub(crate) struct SessionPeer {
    pub(crate) core: Arc<SessionCore>,
}

impl Peer for SessionPeer {
    fn notify(&self, notification: Notification) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.core.deliver(&Message::Notification(notification)).await;
        })
    }

    fn request(&self, method: String, params: Value) -> BoxFuture<'_, Result<Value, ErrorObject>> {
        Box::pin(async move {
            let (request, rx) = self.core.start_request(method.clone(), params)?;
            if !self.core.deliver(&request).await {
                if let Some(id) = request.id() {
                    let _ = lock(&self.core.pending).cancel(id, None);
                }
                return Err(ErrorObject::internal(format!(
                    "cannot send {method}: no stream to the client is open"
                )));
            }
            self.core.await_response(rx, None).await
        })
    }
}
