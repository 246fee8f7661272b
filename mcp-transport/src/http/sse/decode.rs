//! SSE decoding, sans-I/O: feed the bytes of a `text/event-stream` body as they arrive and get
//! the dispatched [`Event`]s (WHATWG HTML §9.2.6 "Interpreting an event stream").
//!
//! - Lines end with CRLF, LF or CR (also when a CRLF is split across two chunks); a leading
//!   UTF-8 BOM is skipped; invalid UTF-8 is replaced with U+FFFD.
//! - A line starting with `:` is a comment and is ignored (keep-alives; 2026-07-28
//!   `streamable-http.mdx`: clients must ignore comment lines).
//! - `field: value` (one space after the colon is dropped); a line without a colon is a field
//!   with an empty value. `event`, `data`, `id` (ignored when it contains NUL) and `retry`
//!   (only ASCII digits) are interpreted; other fields are ignored.
//! - A blank line dispatches the event. As the standard says, a block with no `data` line is
//!   not dispatched, but its `id` and `retry` still take effect: read them with
//!   [`Decoder::last_event_id`] and [`Decoder::retry`]. A block with `data:` and an empty
//!   value *is* dispatched with empty [`Event::data`]: that is MCP's priming event (an `id`
//!   with empty data; 2025-11-25 `basic/transports.mdx`), which a client must not parse as
//!   JSON.
//! - At end of stream an unfinished event is discarded ([`Decoder::finish`]).
//!
//! Memory is bounded: one event (its data plus the line being read) may not exceed
//! [`Decoder::with_max_event_size`] bytes (default [`DEFAULT_MAX_EVENT_SIZE`]); past that
//! [`feed`](Decoder::feed) fails with [`SseError::EventTooLarge`] and the decoder should be
//! dropped with its stream.

use super::Event;

/// The default bound on one event's size in bytes (data and current line): 16 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;

/// Why a stream cannot be decoded further.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SseError {
    /// One event (data plus the current line) grew past the configured maximum, in bytes.
    #[error("server-sent event larger than {max} bytes")]
    EventTooLarge {
        /// The configured maximum, in bytes.
        max: usize,
    },
}

/// An incremental `text/event-stream` decoder.
#[derive(Debug, Clone)]
pub struct Decoder {
    line: Vec<u8>,
    after_cr: bool,
    bom_checked: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    id: Option<String>,
    event_retry: Option<u64>,
    last_event_id: Option<String>,
    reconnection_time: Option<u64>,
    max_event_size: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder with the default size bound.
    pub fn new() -> Self {
        Decoder::with_max_event_size(DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder whose events (data plus the line being read) may not exceed `max` bytes.
    pub fn with_max_event_size(max: usize) -> Self {
        Decoder {
            line: Vec::new(),
            after_cr: false,
            bom_checked: false,
            data: String::new(),
            has_data: false,
            event: None,
            id: None,
            event_retry: None,
            last_event_id: None,
            reconnection_time: None,
            max_event_size: max,
        }
    }

    /// The last event ID buffer: the most recent `id` field seen (an empty `id:` resets it to
    /// `None`). A client resuming a legacy stream sends it as `Last-Event-ID`.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The reconnection time in milliseconds from the most recent valid `retry` field.
    pub fn retry(&self) -> Option<u64> {
        self.reconnection_time
    }

    /// Feeds the next bytes of the body and returns the events they complete, in order.
    ///
    /// # Errors
    /// [`SseError::EventTooLarge`] when an event exceeds the size bound; events completed
    /// before that point in this chunk are lost with the stream.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<Event>, SseError> {
        let mut out = Vec::new();
        let mut rest = chunk;
        if !self.bom_checked {
            // The BOM may arrive split; wait until three bytes (or a mismatch) are known.
            let mut probe = self.line.clone();
            probe.extend_from_slice(&rest[..rest.len().min(3)]);
            let bom = [0xEF, 0xBB, 0xBF];
            let n = probe.len().min(3);
            if probe[..n] != bom[..n] {
                self.bom_checked = true;
            } else if n == 3 {
                self.bom_checked = true;
                let from_rest = 3 - self.line.len();
                self.line.clear();
                rest = &rest[from_rest..];
            } else {
                self.line.extend_from_slice(rest);
                return Ok(out);
            }
        }
        while !rest.is_empty() {
            match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
                None => {
                    self.after_cr = false;
                    self.line.extend_from_slice(rest);
                    self.check_size()?;
                    break;
                }
                Some(i) => {
                    let end = rest[i];
                    if i == 0 && end == b'\n' && self.after_cr {
                        // The LF of a CRLF split across chunks or directly after the CR.
                        self.after_cr = false;
                        rest = &rest[1..];
                        continue;
                    }
                    self.line.extend_from_slice(&rest[..i]);
                    self.check_size()?;
                    self.after_cr = end == b'\r';
                    rest = &rest[i + 1..];
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.process_line(&line) {
                        out.push(event);
                    }
                    self.check_size()?;
                }
            }
        }
        Ok(out)
    }

    /// Ends the stream: an event not yet terminated by a blank line is discarded (WHATWG
    /// "Once the end of the file is reached, any pending data must be discarded"). Returns
    /// whether anything was discarded.
    pub fn finish(&mut self) -> bool {
        let pending = !self.line.is_empty() || self.has_data || self.event.is_some();
        self.line.clear();
        self.reset_event();
        pending
    }

    fn check_size(&self) -> Result<(), SseError> {
        if self.line.len() + self.data.len() > self.max_event_size {
            Err(SseError::EventTooLarge { max: self.max_event_size })
        } else {
            Ok(())
        }
    }

    fn reset_event(&mut self) {
        self.data.clear();
        self.has_data = false;
        self.event = None;
        self.id = None;
        self.event_retry = None;
    }

    fn process_line(&mut self, line: &[u8]) -> Option<Event> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            b"id" if !value.contains(&0) => {
                let id = String::from_utf8_lossy(value).into_owned();
                self.last_event_id = (!id.is_empty()).then(|| id.clone());
                self.id = Some(id);
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Saturate absurd values instead of rejecting them.
                let ms = std::str::from_utf8(value).ok().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX);
                self.reconnection_time = Some(ms);
                self.event_retry = Some(ms);
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<Event> {
        if !self.has_data {
            self.reset_event();
            return None;
        }
        let event = Event {
            id: self.id.take().filter(|s| !s.is_empty()),
            event: self.event.take().filter(|s| !s.is_empty()),
            data: std::mem::take(&mut self.data),
            retry: self.event_retry.take(),
        };
        self.reset_event();
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all(input: &[u8]) -> Vec<Event> {
        Decoder::new().feed(input).unwrap()
    }

    #[test]
    fn fields_comments_and_line_endings() {
        let events = all(b": keep-alive\r\nevent: message\r\nid: 7\r\ndata: {\"a\":1}\r\n\r\ndata:x\rdata: y\r\rfoo: bar\n\n");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event.as_deref(), Some("message"));
        assert_eq!(events[0].id.as_deref(), Some("7"));
        assert_eq!(events[0].data, "{\"a\":1}");
        assert_eq!(events[1], Event::data("x\ny"));
    }

    #[test]
    fn priming_retry_and_id_only_blocks() {
        let mut d = Decoder::new();
        let events = d.feed(b"id: p1\nretry: 1500\ndata:\n\n").unwrap();
        assert_eq!(events, vec![Event { id: Some("p1".into()), retry: Some(1500), ..Event::default() }]);
        let events = d.feed(b"id: p2\nretry: 20\n\n").unwrap();
        assert!(events.is_empty(), "no data line: not dispatched");
        assert_eq!((d.last_event_id(), d.retry()), (Some("p2"), Some(20)));
        d.feed(b"retry: 1x\nid: a\0b\n\n").unwrap();
        assert_eq!((d.last_event_id(), d.retry()), (Some("p2"), Some(20)), "invalid values ignored");
        d.feed(b"id\n\n").unwrap();
        assert_eq!(d.last_event_id(), None, "an empty id resets");
    }

    #[test]
    fn bom_split_crlf_and_finish() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\xEF\xBB").unwrap().is_empty());
        assert!(d.feed(b"\xBFdata: a\r").unwrap().is_empty());
        assert_eq!(d.feed(b"\n\r\n").unwrap(), vec![Event::data("a")]);
        d.feed(b"data: unfinished\n").unwrap();
        assert!(d.finish());
        assert!(d.feed(b"\n").unwrap().is_empty(), "discarded at finish");
    }

    #[test]
    fn size_bound() {
        let mut d = Decoder::with_max_event_size(8);
        assert_eq!(d.feed(b"data: 0123456789\n"), Err(SseError::EventTooLarge { max: 8 }));
    }

    proptest! {
        /// Any split of the input into chunks yields the same events as one feed.
        #[test]
        fn chunking_is_invisible(input in proptest::collection::vec(
            prop_oneof![Just(b'\r'), Just(b'\n'), Just(b':'), Just(b' '), Just(b'a'), Just(0xEFu8), Just(0xBB), Just(0xBF),
                        Just(b'd'), Just(b't'), Just(b'i')], 0..80),
            cuts in proptest::collection::vec(0usize..80, 0..6)) {
            let whole = Decoder::new().feed(&input).unwrap();
            let mut d = Decoder::new();
            let mut got = Vec::new();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(input.len())).collect();
            cuts.sort_unstable();
            let mut from = 0;
            for c in cuts.into_iter().chain(std::iter::once(input.len())) {
                got.extend(d.feed(&input[from..c]).unwrap());
                from = c;
            }
            prop_assert_eq!(got, whole);
        }

        /// Encoded data lines come back as the original multi-line data.
        #[test]
        fn data_roundtrip(lines in proptest::collection::vec("[^\r\n]{0,12}", 1..5), id in "[a-z0-9]{1,8}") {
            let mut wire = format!("id: {id}\n");
            for l in &lines {
                wire.push_str("data: ");
                wire.push_str(l);
                wire.push('\n');
            }
            wire.push('\n');
            let events = Decoder::new().feed(wire.as_bytes()).unwrap();
            prop_assert_eq!(events.len(), 1);
            prop_assert_eq!(&events[0].data, &lines.join("\n"));
            prop_assert_eq!(events[0].id.as_deref(), Some(id.as_str()));
        }
    }
}
