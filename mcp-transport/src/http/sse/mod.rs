//! Server-Sent Events (WHATWG HTML §9.2 "Server-sent events"), as MCP uses them.
//!
//! Streamable HTTP answers a POST with `text/event-stream` when it has more than the response
//! to send, and (legacy) serves a standalone GET stream; HTTP+SSE (2024-11-05) sends every
//! server message as `event: message`. Legacy streams carry event `id`s for resumption with
//! `Last-Event-ID`, a priming event (an `id` with empty `data`) and `retry:` (2025-11-25
//! `basic/transports.mdx` "Resumability and Redelivery"); clients ignore comment lines and
//! never parse an empty `data` as JSON.
//!
//! [`Event`] is the shared representation; `encode` and `decode` hold the two directions.

pub mod decode;
pub mod encode;

/// One server-sent event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The `id` field: the event id a client sends back as `Last-Event-ID`. `None` when the
    /// event sets no id.
    pub id: Option<String>,
    /// The `event` field (the event type); `None` means the default type `message`.
    pub event: Option<String>,
    /// The `data` field, lines joined with `\n`. Empty for a priming event.
    pub data: String,
    /// The `retry` field: the reconnection time in milliseconds.
    pub retry: Option<u64>,
}

impl Event {
    /// An event with only `data`.
    pub fn data(data: impl Into<String>) -> Self {
        Event { data: data.into(), ..Event::default() }
    }

    /// The event type with the default applied: `message` when no `event` field was given.
    pub fn event_type(&self) -> &str {
        self.event.as_deref().unwrap_or("message")
    }
}
