//! Fuzz target: the JSON-RPC codec and the stdio line framing of `mcp-jsonrpc`.
//!
//! The input is fed, as is, to `codec::decode` under both batch policies and, cut into
//! chunks, to a `framing::LineDecoder`. Nothing may panic, a batch may only decode under
//! `BatchPolicy::Allow`, and every message that decodes must re-encode (with `Message::to_vec`
//! and `framing::encode_line`) to bytes that decode back to the same message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcp_jsonrpc::codec::{BatchPolicy, Decoded, decode, decode_message};
use mcp_jsonrpc::framing::{FrameError, LineDecoder, encode_line};
use mcp_jsonrpc::message::Message;

/// Re-encodes `m` both ways and checks that each encoding decodes back to `m`.
fn check_identity(m: &Message) {
    let bytes = m.to_vec();
    assert_eq!(decode_message(&bytes).as_ref(), Ok(m), "to_vec/decode_message round trip");
    let mut line = Vec::new();
    encode_line(m, &mut line);
    assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1, "encode_line wrote an embedded newline");
    assert_eq!(line.last(), Some(&b'\n'));
    let mut d = LineDecoder::default();
    d.push(&line);
    match d.next_message() {
        Some(Ok(back)) => assert_eq!(&back, m, "encode_line/LineDecoder round trip"),
        other => panic!("encode_line output did not decode: {other:?}"),
    }
}

fn check_decoded(decoded: Decoded, policy: BatchPolicy) {
    match decoded {
        Decoded::Single(m) => check_identity(&m),
        Decoded::Batch(items) => {
            assert_eq!(policy, BatchPolicy::Allow, "a batch decoded under BatchPolicy::Reject");
            assert!(!items.is_empty(), "an empty batch decoded");
            for m in items.iter().flatten() {
                check_identity(m);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    for policy in [BatchPolicy::Reject, BatchPolicy::Allow] {
        match decode(data, policy) {
            Ok(decoded) => check_decoded(decoded, policy),
            Err(e) => {
                // The error must turn into a well-formed error response.
                let response = Message::Error(e.to_response());
                assert!(decode_message(&response.to_vec()).is_ok());
            }
        }
    }

    // The same bytes as a stream: the first byte picks the chunk size and a small maximum
    // line length, so the overlong-line path is exercised too.
    let (chunk, max) = match data.first() {
        Some(&b) => (usize::from(b % 16) + 1, usize::from(b / 16) * 16 + 8),
        None => (1, 8),
    };
    let mut d = LineDecoder::new(max);
    for piece in data.chunks(chunk) {
        d.push(piece);
        assert!(d.buffered() <= max + piece.len(), "LineDecoder buffered past its maximum");
        while let Some(r) = d.next_decoded(BatchPolicy::Allow) {
            match r {
                Ok(decoded) => check_decoded(decoded, BatchPolicy::Allow),
                Err(FrameError::LineTooLong { max: m }) => assert_eq!(m, max),
                Err(FrameError::Decode(_)) => {}
            }
        }
        assert!(d.buffered() <= max, "LineDecoder kept more than one partial line");
    }
});
