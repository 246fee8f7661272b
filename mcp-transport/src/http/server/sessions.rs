//! Legacy session records and their store (2025-11-25 `basic/transports.mdx` "Session
//! Management"; HTTP+SSE connections of 2024-11-05 are sessions too).
//!
//! A [`SessionRecord`] is what must be known about a session to admit a request: its id, the
//! principal it belongs to (requests from anyone else get 404, so a leaked id is useless:
//! `security_best_practices.mdx` "Session Hijacking") and the negotiated revision. The
//! [`SessionStore`] trait lets a deployment keep records elsewhere; live parts (open streams,
//! in-flight requests, the handler's session state) stay with the instance that created the
//! session, so a multi-instance deployment routes a session's requests to one instance.
//!
//! Session ids ([`new_session_id`]) are 128 bits from the operating system's CSPRNG (through
//! `rand`'s `ThreadRng`), as 32 lowercase hex digits: visible ASCII as the spec requires.

use std::collections::HashMap;
use std::sync::Mutex;

use mcp_jsonrpc::ProtocolVersion;

use crate::peer::BoxFuture;

/// Which transport a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTransport {
    /// Streamable HTTP, 2025-03-26 … 2025-11-25 (`Mcp-Session-Id`).
    StreamableHttp,
    /// HTTP+SSE, 2024-11-05 (`sessionId` query parameter of the POST endpoint).
    HttpSse,
}

/// What is stored about one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// The session id.
    pub id: String,
    /// [`Principal::binding_key`](crate::Principal::binding_key) of the principal that
    /// created the session.
    pub owner: String,
    /// The revision `initialize` negotiated, once known.
    pub protocol_version: Option<ProtocolVersion>,
    /// The transport.
    pub transport: SessionTransport,
}

/// Where session records live.
pub trait SessionStore: Send + Sync + 'static {
    /// Stores (or replaces) a record.
    fn put(&self, record: SessionRecord) -> BoxFuture<'_, ()>;
    /// The record of `id`, if the session exists and has not ended.
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Option<SessionRecord>>;
    /// Ends a session; returns whether it existed.
    fn remove<'a>(&'a self, id: &'a str) -> BoxFuture<'a, bool>;
}

/// Session records in a process-local map. Ended sessions are forgotten, so their ids get
/// 404 like ids that never existed.
#[derive(Debug, Default)]
pub struct InMemorySessionStore {
    records: Mutex<HashMap<String, SessionRecord>>,
}

impl InMemorySessionStore {
    /// An empty store.
    pub fn new() -> Self {
        InMemorySessionStore::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, SessionRecord>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The number of stored sessions.
    pub fn len(&self) -> usize {
        self.map().len()
    }

    /// Whether no session is stored.
    pub fn is_empty(&self) -> bool {
        self.map().is_empty()
    }
}

impl SessionStore for InMemorySessionStore {
    fn put(&self, record: SessionRecord) -> BoxFuture<'_, ()> {
        self.map().insert(record.id.clone(), record);
        Box::pin(async {})
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Option<SessionRecord>> {
        let record = self.map().get(id).cloned();
        Box::pin(async move { record })
    }

    fn remove<'a>(&'a self, id: &'a str) -> BoxFuture<'a, bool> {
        let existed = self.map().remove(id).is_some();
        Box::pin(async move { existed })
    }
}

/// A new session id: 128 random bits as 32 lowercase hex digits (visible ASCII 0x21–0x7E).
pub fn new_session_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_visible_ascii() {
        let a = new_session_id();
        let b = new_session_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| (0x21..=0x7e).contains(&c)));
    }

    #[tokio::test]
    async fn store_round_trip() {
        let store = InMemorySessionStore::new();
        let record = SessionRecord {
            id: "s".into(),
            owner: "o".into(),
            protocol_version: None,
            transport: SessionTransport::StreamableHttp,
        };
        store.put(record.clone()).await;
        assert_eq!(store.get("s").await, Some(record));
        assert!(store.remove("s").await);
        assert!(!store.remove("s").await);
        assert_eq!(store.get("s").await, None);
    }
}
