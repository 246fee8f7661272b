//! Stored SSE events for resumption with `Last-Event-ID` (2025-11-25 `basic/transports.mdx`
//! "Resumability and Redelivery").
//!
//! Every event on a legacy Streamable HTTP stream gets an id `{stream}.{seq}`: `stream`
//! numbers the streams of one session (so the id names its stream, as the spec recommends)
//! and `seq` counts that stream's events from 0 (the priming event). Ids are therefore unique
//! within the session. A resuming GET replays the events after the given id *of that stream
//! only*, and the stream continues live. Retention is bounded per stream; a resumption that
//! needs dropped events fails rather than silently losing messages.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use crate::peer::BoxFuture;

/// An event id, `{stream}.{seq}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventId {
    /// The stream within the session.
    pub stream: u64,
    /// The event's position in its stream (0: the priming event).
    pub seq: u64,
}

impl EventId {
    /// Parses `{stream}.{seq}`; `None` for anything else.
    pub fn parse(text: &str) -> Option<EventId> {
        let (stream, seq) = text.split_once('.')?;
        Some(EventId { stream: stream.parse().ok()?, seq: seq.parse().ok()? })
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.stream, self.seq)
    }
}

/// One stored event: its id and its `data` (a JSON-RPC message; empty for a priming event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// The event id.
    pub id: EventId,
    /// The event data.
    pub data: String,
}

/// Why a `Last-Event-ID` cannot be resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The id is not of the form `{stream}.{seq}` (400).
    #[error("malformed Last-Event-ID")]
    Malformed,
    /// The session has no such stream or event (404).
    #[error("unknown Last-Event-ID")]
    Unknown,
    /// Events after the id were dropped by the retention bound (404).
    #[error("events after this Last-Event-ID are no longer retained")]
    Expired,
}

/// Where events are kept for replay.
pub trait EventStore: Send + Sync + 'static {
    /// Stores `data` as the next event of `stream` in `session` and returns its id.
    fn append<'a>(&'a self, session: &'a str, stream: u64, data: String) -> BoxFuture<'a, EventId>;
    /// The events of the stream named by `last_event_id` that follow it, oldest first.
    ///
    /// # Errors
    /// [`ReplayError`].
    fn replay_after<'a>(
        &'a self,
        session: &'a str,
        last_event_id: &'a str,
    ) -> BoxFuture<'a, Result<(u64, Vec<StoredEvent>), ReplayError>>;
    /// Forgets every event of `session`.
    fn remove_session<'a>(&'a self, session: &'a str) -> BoxFuture<'a, ()>;
}

#[derive(Debug, Default)]
struct StreamLog {
    next: u64,
    events: VecDeque<StoredEvent>,
}

/// Events in a process-local map, at most `per_stream` per stream and `streams` streams per
/// session (the oldest streams are forgotten first).
#[derive(Debug)]
pub struct InMemoryEventStore {
    per_stream: usize,
    streams: usize,
    sessions: Mutex<HashMap<String, HashMap<u64, StreamLog>>>,
}

impl Default for InMemoryEventStore {
    fn default() -> Self {
        InMemoryEventStore::new(1024)
    }
}

impl InMemoryEventStore {
    /// A store keeping `per_stream` events per stream (at least 1) and 256 streams per session.
    pub fn new(per_stream: usize) -> Self {
        InMemoryEventStore { per_stream: per_stream.max(1), streams: 256, sessions: Mutex::default() }
    }

    fn with<R>(&self, f: impl FnOnce(&mut HashMap<String, HashMap<u64, StreamLog>>) -> R) -> R {
        f(&mut self.sessions.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl EventStore for InMemoryEventStore {
    fn append<'a>(&'a self, session: &'a str, stream: u64, data: String) -> BoxFuture<'a, EventId> {
        let id = self.with(|sessions| {
            let streams = sessions.entry(session.to_owned()).or_default();
            if !streams.contains_key(&stream)
                && streams.len() >= self.streams
                && let Some(oldest) = streams.keys().min().copied()
            {
                streams.remove(&oldest);
            }
            let log = streams.entry(stream).or_default();
            let id = EventId { stream, seq: log.next };
            log.next += 1;
            log.events.push_back(StoredEvent { id, data });
            while log.events.len() > self.per_stream {
                log.events.pop_front();
            }
            id
        });
        Box::pin(async move { id })
    }

    fn replay_after<'a>(
        &'a self,
        session: &'a str,
        last_event_id: &'a str,
    ) -> BoxFuture<'a, Result<(u64, Vec<StoredEvent>), ReplayError>> {
        let outcome = (|| {
            let last = EventId::parse(last_event_id).ok_or(ReplayError::Malformed)?;
            self.with(|sessions| {
                let log =
                    sessions.get(session).and_then(|s| s.get(&last.stream)).ok_or(ReplayError::Unknown)?;
                if last.seq >= log.next {
                    return Err(ReplayError::Unknown);
                }
                let first_kept = log.events.front().map_or(log.next, |e| e.id.seq);
                if last.seq + 1 < first_kept {
                    return Err(ReplayError::Expired);
                }
                let events = log.events.iter().filter(|e| e.id.seq > last.seq).cloned().collect();
                Ok((last.stream, events))
            })
        })();
        Box::pin(async move { outcome })
    }

    fn remove_session<'a>(&'a self, session: &'a str) -> BoxFuture<'a, ()> {
        self.with(|sessions| sessions.remove(session));
        Box::pin(async {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replays_only_the_named_stream_after_the_id() {
        let store = InMemoryEventStore::new(3);
        let a0 = store.append("s", 1, String::new()).await;
        let a1 = store.append("s", 1, "a1".into()).await;
        store.append("s", 2, "b0".into()).await;
        store.append("s", 1, "a2".into()).await;
        assert_eq!((a0.to_string(), a1.to_string()), ("1.0".to_owned(), "1.1".to_owned()));
        let (stream, events) = store.replay_after("s", "1.1").await.unwrap();
        assert_eq!(stream, 1);
        assert_eq!(events.iter().map(|e| e.data.as_str()).collect::<Vec<_>>(), ["a2"]);
        assert_eq!(store.replay_after("other", "1.1").await, Err(ReplayError::Unknown));
        assert_eq!(store.replay_after("s", "1.9").await, Err(ReplayError::Unknown));
        assert_eq!(store.replay_after("s", "x").await, Err(ReplayError::Malformed));
        store.append("s", 1, "a3".into()).await;
        store.append("s", 1, "a4".into()).await;
        assert_eq!(store.replay_after("s", "1.0").await, Err(ReplayError::Expired));
        assert_eq!(store.replay_after("s", "1.1").await.unwrap().1.len(), 3);
        store.remove_session("s").await;
        assert_eq!(store.replay_after("s", "1.1").await, Err(ReplayError::Unknown));
    }
}
