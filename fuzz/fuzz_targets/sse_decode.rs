//! Fuzz target: the SSE decoder of `mcp-transport` (`http::sse::decode`).
//!
//! The input is fed whole and, cut into chunks whose size the first byte picks, to a second
//! decoder: nothing may panic, both must dispatch the same events with the same final
//! `last_event_id`/`retry` (chunking is invisible), no event may carry a CR or LF in its `id`
//! or event type, and the size bound must hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcp_transport::http::sse::decode::{Decoder, SseError};

const MAX: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let mut whole = Decoder::with_max_event_size(MAX);
    let all = whole.feed(data);

    let chunk = data.first().map_or(1, |&b| usize::from(b % 13) + 1);
    let mut pieces = Decoder::with_max_event_size(MAX);
    let mut got = Vec::new();
    let mut failed = None;
    for piece in data.chunks(chunk) {
        match pieces.feed(piece) {
            Ok(events) => got.extend(events),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    match (all, failed) {
        (Ok(events), None) => {
            assert_eq!(events, got, "chunking changed the events");
            assert_eq!(whole.last_event_id(), pieces.last_event_id());
            assert_eq!(whole.retry(), pieces.retry());
            for e in &events {
                assert!(e.data.len() <= MAX, "event larger than the bound");
                for field in [e.id.as_deref(), e.event.as_deref()].into_iter().flatten() {
                    assert!(!field.contains(['\r', '\n']), "line break inside a field");
                }
            }
        }
        (Err(SseError::EventTooLarge { max }), Some(SseError::EventTooLarge { max: m2 })) => {
            assert_eq!((max, m2), (MAX, MAX))
        }
        (all, failed) => panic!("whole and chunked feeds disagree: {all:?} / {failed:?}"),
    }
    whole.finish();
});
