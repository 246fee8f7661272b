//! A transport wrapper that records the method of every request and notification crossing
//! it, so the runner knows which methods a scenario really exchanged (the coverage check of
//! `tests/matrix.rs` reads these, not a declaration).

use std::sync::{Arc, Mutex};

use mcp_jsonrpc::Message;
use mcp_transport::{MessageSink, MessageStream, Transport, TransportError};

/// Which way a recorded message went, seen from the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Sent by our client.
    Sent,
    /// Received by our client.
    Received,
}

/// One recorded message: direction, whether it was a request (else a notification), method.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Recorded {
    /// Which way it went.
    pub direction: Direction,
    /// `true` for a request, `false` for a notification.
    pub request: bool,
    /// The JSON-RPC method.
    pub method: String,
}

/// The shared log of one scenario run (every connection it opened).
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Recorded>>>);

impl Recorder {
    fn note(&self, direction: Direction, message: &Message) {
        let (request, method) = match message {
            Message::Request(r) => (true, r.method.clone()),
            Message::Notification(n) => (false, n.method.clone()),
            _ => return,
        };
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(Recorded { direction, request, method });
    }

    /// Everything recorded so far, in order.
    pub fn all(&self) -> Vec<Recorded> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many requests with `method` the client sent.
    pub fn sent_requests(&self, method: &str) -> usize {
        self.all()
            .iter()
            .filter(|r| r.direction == Direction::Sent && r.request && r.method == method)
            .count()
    }

    /// How many requests with `method` the client received (legacy server-to-client requests).
    pub fn received_requests(&self, method: &str) -> usize {
        self.all()
            .iter()
            .filter(|r| r.direction == Direction::Received && r.request && r.method == method)
            .count()
    }

    /// Wraps `transport` so its traffic is recorded here.
    pub fn wrap<T: Transport>(&self, transport: T) -> Recording<T> {
        Recording { inner: transport, recorder: self.clone() }
    }
}

/// A recorded transport (see [`Recorder::wrap`]).
#[derive(Debug)]
pub struct Recording<T> {
    inner: T,
    recorder: Recorder,
}

impl<T: MessageSink> MessageSink for Recording<T> {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.recorder.note(Direction::Sent, &message);
        self.inner.send(message).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.inner.close().await
    }
}

impl<T: MessageStream> MessageStream for Recording<T> {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        let next = self.inner.recv().await;
        if let Some(Ok(message)) = &next {
            self.recorder.note(Direction::Received, message);
        }
        next
    }
}

impl<T: Transport> Transport for Recording<T> {
    type Sink = Recording<T::Sink>;
    type Stream = Recording<T::Stream>;

    fn split(self) -> (Self::Sink, Self::Stream) {
        let (sink, stream) = self.inner.split();
        (
            Recording { inner: sink, recorder: self.recorder.clone() },
            Recording { inner: stream, recorder: self.recorder },
        )
    }
}
