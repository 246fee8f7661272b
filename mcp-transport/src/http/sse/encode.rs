//! SSE encoding, sans-I/O: an [`Event`] to the bytes of a `text/event-stream` body (WHATWG HTML
//! §9.2.5 "Parsing an event stream" read backwards).
//!
//! - Fields are written in the order `event`, `id`, `retry`, `data`, then a blank line
//!   dispatches the event. Lines end with `\n`.
//! - `data` is split on `\n`, `\r\n` and `\r`; each line becomes its own `data:` field, so a
//!   decoder joins them back with `\n`. An empty `data` is written as one `data:` line: that is
//!   the priming event of legacy Streamable HTTP (an `id` with empty data; 2025-11-25
//!   `basic/transports.mdx` "Sending Messages to the Server" 6), which a decoder dispatches
//!   with empty data.
//! - `id` and `event` must not contain line breaks (an `id` also no NUL, which a decoder would
//!   ignore): they are stripped rather than allowed to inject fields.
//! - [`comment`] writes a comment line (`: text`), the keep-alive that clients ignore
//!   (2026-07-28 `basic/transports/streamable-http.mdx` "Receiving Messages").

use super::Event;

/// Encodes one event, ending with the blank line that dispatches it.
///
/// ```
/// use mcp_transport::http::sse::{Event, encode::encode};
/// let e = Event { id: Some("3.1".into()), retry: Some(1000), ..Event::data("") };
/// assert_eq!(encode(&e), "id: 3.1\nretry: 1000\ndata:\n\n");
/// assert_eq!(encode(&Event::data("a\nb")), "data: a\ndata: b\n\n");
/// ```
pub fn encode(event: &Event) -> String {
    let mut out = String::with_capacity(event.data.len() + 32);
    if let Some(kind) = &event.event {
        out.push_str("event: ");
        out.push_str(&single_line(kind, false));
        out.push('\n');
    }
    if let Some(id) = &event.id {
        out.push_str("id: ");
        out.push_str(&single_line(id, true));
        out.push('\n');
    }
    if let Some(retry) = event.retry {
        out.push_str("retry: ");
        out.push_str(&retry.to_string());
        out.push('\n');
    }
    if event.data.is_empty() {
        out.push_str("data:\n");
    } else {
        let normalized = event.data.replace("\r\n", "\n").replace('\r', "\n");
        for line in normalized.split('\n') {
            if line.is_empty() {
                out.push_str("data:\n");
            } else {
                out.push_str("data: ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push('\n');
    out
}

/// Encodes a comment line (`: text\n`); with an empty `text`, `:\n`. Line breaks in `text`
/// are replaced by spaces. A comment dispatches nothing; it keeps idle connections open.
pub fn comment(text: &str) -> String {
    if text.is_empty() { ":\n".to_owned() } else { format!(": {}\n", text.replace(['\r', '\n'], " ")) }
}

fn single_line(value: &str, strip_nul: bool) -> String {
    value.chars().filter(|c| !matches!(c, '\r' | '\n') && (!strip_nul || *c != '\0')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_order_and_multiline_data() {
        let e = Event {
            id: Some("7".into()),
            event: Some("message".into()),
            data: "{\"a\":1}\r\nx\ry".into(),
            retry: Some(5),
        };
        assert_eq!(encode(&e), "event: message\nid: 7\nretry: 5\ndata: {\"a\":1}\ndata: x\ndata: y\n\n");
    }

    #[test]
    fn priming_and_injection() {
        let e = Event { id: Some("1\n\ndata: evil".into()), ..Event::data("") };
        assert_eq!(encode(&e), "id: 1data: evil\ndata:\n\n");
        assert_eq!(encode(&Event::data("a\n\nb")), "data: a\ndata:\ndata: b\n\n");
        assert_eq!(comment(""), ":\n");
        assert_eq!(comment("keep\nalive"), ": keep alive\n");
    }

    #[test]
    fn round_trips_through_the_decoder() {
        let events = vec![
            Event { id: Some("1.0".into()), retry: Some(3000), ..Event::data("") },
            Event { event: Some("endpoint".into()), ..Event::data("/messages?sessionId=x") },
            Event { id: Some("1.1".into()), ..Event::data("line one\nline two") },
        ];
        let mut bytes = String::new();
        for e in &events {
            bytes.push_str(&encode(e));
            bytes.push_str(&comment("ka"));
        }
        let mut decoder = super::super::decode::Decoder::new();
        let decoded = decoder.feed(bytes.as_bytes()).expect("decodes");
        assert_eq!(decoded, events);
    }
}
