//! Property tests of the codec and the newline framing.
//!
//! - every message the strategies generate (requests with integer and string ids,
//!   notifications, result and error responses; payloads with unicode, escapes, nested arrays
//!   and numbers) survives `to_vec` → `decode_message` unchanged, alone and in a batch;
//! - `framing::encode_line` writes exactly one newline, at the end, and `LineDecoder` gives the
//!   messages back whatever the chunk sizes of the byte stream;
//! - arbitrary bytes, and arbitrary mutations of valid messages, never panic `codec::decode`
//!   under either batch policy nor `LineDecoder`; whatever decodes re-encodes to itself;
//! - `LineDecoder` with a small maximum never buffers more than the maximum plus one push, and
//!   reports each overlong line exactly once.
//!
//! Case counts are chosen so the file runs in a few seconds in a debug build.

use mcp_jsonrpc::codec::{BatchPolicy, Decoded, decode, decode_message};
use mcp_jsonrpc::framing::{FrameError, LineDecoder, encode_line};
use mcp_jsonrpc::message::{Message, Notification, Request, ResultResponse, to_raw};
use mcp_jsonrpc::{ErrorCode, ErrorObject, ErrorResponse, RequestId};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// Strings: arbitrary unicode (control characters included), and strings dense in the
/// characters JSON must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), r#"[\x00-\x1f"\\/a-z\u{7f}\u{a0}\u{2028}\u{2029}€😀\u{fffd}]{0,12}"#,]
}

/// Numbers whose decimal text parses back to the same `f64` exactly (small dyadic
/// fractions), so that payloads compared as `Value`s are not at the mercy of float parsing.
fn exact_float() -> impl Strategy<Value = f64> {
    (-1_000_000i32..1_000_000, 0u32..11).prop_map(|(m, e)| f64::from(m) / f64::from(1u32 << e))
}

/// Any JSON value, nested up to four levels. With `exact_floats` false, any finite `f64`.
fn json(exact_floats: bool) -> BoxedStrategy<Value> {
    let float: BoxedStrategy<f64> = if exact_floats {
        exact_float().boxed()
    } else {
        prop_oneof![exact_float(), any::<f64>().prop_filter("finite", |f| f.is_finite())].boxed()
    };
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float.prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

fn json_object(exact_floats: bool) -> impl Strategy<Value = Value> {
    prop::collection::vec((text(), json(exact_floats)), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()))
}

/// Params as JSON-RPC allows them: absent, an object (what MCP uses) or an array.
fn params() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        3 => json_object(false),
        1 => prop::collection::vec(json(false), 0..4).prop_map(Value::Array),
    ])
}

fn request_id() -> impl Strategy<Value = RequestId> {
    prop_oneof![any::<i64>().prop_map(RequestId::Number), text().prop_map(RequestId::String)]
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["tools/call", "tools/list", "notifications/progress", "server/discover"])
            .prop_map(str::to_owned),
        text(),
    ]
}

/// Error objects, including `data: Some(Value::Null)` (an explicit `"data": null`).
fn error_object() -> impl Strategy<Value = ErrorObject> {
    let data = prop::option::of(json(true));
    (any::<i64>(), text(), data).prop_map(|(code, message, data)| ErrorObject {
        code: ErrorCode(code),
        message,
        data,
    })
}

fn raw(v: &Option<Value>) -> Option<Box<serde_json::value::RawValue>> {
    v.as_ref().map(|v| to_raw(v).unwrap())
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        (request_id(), method(), params()).prop_map(|(id, method, p)| Message::Request(Request {
            id,
            method,
            params: raw(&p)
        })),
        (method(), params())
            .prop_map(|(method, p)| Message::Notification(Notification { method, params: raw(&p) })),
        (request_id(), json(false))
            .prop_map(|(id, r)| Message::Response(ResultResponse { id, result: to_raw(&r).unwrap() })),
        (prop::option::of(request_id()), error_object())
            .prop_map(|(id, error)| Message::Error(ErrorResponse { id, error })),
    ]
}

/// Splits `bytes` into chunks whose sizes cycle through `sizes` (each at least 1).
fn chunks<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        let (head, tail) = rest.split_at(n);
        out.push(head);
        rest = tail;
        i += 1;
    }
    out
}

/// Decoding must never panic; when a body decodes, each message must re-encode to itself.
fn decode_everything(bytes: &[u8]) {
    for policy in [BatchPolicy::Reject, BatchPolicy::Allow] {
        match decode(bytes, policy) {
            Ok(Decoded::Single(m)) => {
                assert_eq!(decode_message(&m.to_vec()).as_ref(), Ok(&m));
            }
            Ok(Decoded::Batch(items)) => {
                assert_eq!(policy, BatchPolicy::Allow, "a batch decoded under BatchPolicy::Reject");
                assert!(!items.is_empty());
                for m in items.into_iter().flatten() {
                    assert_eq!(decode_message(&m.to_vec()).as_ref(), Ok(&m));
                }
            }
            Err(e) => {
                let response = e.to_response();
                assert!([ErrorCode::PARSE_ERROR, ErrorCode::INVALID_REQUEST].contains(&response.error.code));
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(Index, u8),
    Insert(Index, u8),
    InsertText(Index, &'static str),
    Remove(Index, usize),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = vec![
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "\\",
        "\\u",
        "\\ud800",
        "1e999",
        "-",
        "\n",
        "\u{0}",
        "\"id\":null,",
        "\"method\":\"x\",",
        "\"jsonrpc\":\"2.0\",",
        "\u{fffd}",
        "\u{ff}",
    ];
    prop_oneof![
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<Index>(), prop::sample::select(tokens)).prop_map(|(i, t)| Mutation::InsertText(i, t)),
        (any::<Index>(), 1usize..8).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::Set(i, b) if !bytes.is_empty() => {
            let k = i.index(bytes.len());
            bytes[k] = *b;
        }
        Mutation::Set(..) => {}
        Mutation::Insert(i, b) => {
            let k = at(i, bytes.len());
            bytes.insert(k, *b);
        }
        Mutation::InsertText(i, t) => {
            let k = at(i, bytes.len());
            bytes.splice(k..k, t.bytes());
        }
        Mutation::Remove(i, n) => {
            let k = at(i, bytes.len());
            let end = (k + n).min(bytes.len());
            bytes.drain(k..end);
        }
        Mutation::Truncate(i) => {
            let k = at(i, bytes.len());
            bytes.truncate(k);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encode_then_decode_is_identity(m in message()) {
        let bytes = m.to_vec();
        prop_assert_eq!(decode_message(&bytes), Ok(m.clone()));
        prop_assert_eq!(decode(&bytes, BatchPolicy::Allow), Ok(Decoded::Single(m)));
    }

    #[test]
    fn batches_decode_element_by_element(ms in prop::collection::vec(message(), 1..5)) {
        let body = serde_json::to_vec(&ms).unwrap();
        let expected: Vec<_> = ms.into_iter().map(Ok).collect();
        prop_assert_eq!(decode(&body, BatchPolicy::Allow), Ok(Decoded::Batch(expected)));
        prop_assert!(decode(&body, BatchPolicy::Reject).is_err());
    }

    #[test]
    fn encode_line_writes_one_terminated_line(m in message()) {
        let mut out = Vec::new();
        encode_line(&m, &mut out);
        prop_assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        prop_assert_eq!(out.last(), Some(&b'\n'));
        prop_assert!(!out.contains(&b'\r'));
        prop_assert_eq!(decode_message(&out[..out.len() - 1]), Ok(m));
    }

    #[test]
    fn line_decoder_reassembles_any_chunking(
        ms in prop::collection::vec(message(), 1..6),
        sizes in prop::collection::vec(1usize..64, 1..8),
    ) {
        let mut stream = Vec::new();
        for m in &ms {
            encode_line(m, &mut stream);
        }
        let mut d = LineDecoder::default();
        let mut got = Vec::new();
        for chunk in chunks(&stream, &sizes) {
            d.push(chunk);
            while let Some(r) = d.next_message() {
                got.push(r.unwrap());
            }
        }
        prop_assert_eq!(got, ms);
        prop_assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn pretty_printed_payloads_still_frame_as_one_line(
        id in request_id(),
        params in json_object(true),
    ) {
        // Raw payload text received from elsewhere may contain newlines between tokens.
        let pretty = serde_json::value::RawValue::from_string(serde_json::to_string_pretty(&params).unwrap()).unwrap();
        let m = Message::Request(Request { id: id.clone(), method: "tools/call".into(), params: Some(pretty) });
        let mut out = Vec::new();
        encode_line(&m, &mut out);
        prop_assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        let mut d = LineDecoder::default();
        d.push(&out);
        let Some(Ok(Message::Request(r))) = d.next_message() else {
            return Err(TestCaseError::fail("the line did not decode as a request"));
        };
        prop_assert_eq!(&r.id, &id);
        prop_assert_eq!(r.params_as::<Value>().unwrap(), params);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(v in json(false)) {
        decode_everything(&serde_json::to_vec(&v).unwrap());
        decode_everything(&serde_json::to_vec(&Value::Array(vec![v.clone(), v])).unwrap());
    }

    #[test]
    fn mutated_messages_never_panic(
        m in message(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let mut bytes = m.to_vec();
        for x in &mutations {
            apply(&mut bytes, x);
        }
        decode_everything(&bytes);
        // The same bytes as a one-element batch, and through the line decoder.
        let mut batch = b"[".to_vec();
        batch.extend_from_slice(&bytes);
        batch.push(b']');
        decode_everything(&batch);
        let mut d = LineDecoder::new(64);
        d.push(&bytes);
        d.push(b"\n");
        while let Some(r) = d.next_decoded(BatchPolicy::Allow) {
            if let Ok(Decoded::Single(m)) = r {
                prop_assert_eq!(decode_message(&m.to_vec()), Ok(m));
            }
        }
        prop_assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn line_decoder_never_panics_on_arbitrary_streams(
        bytes in prop::collection::vec(prop_oneof![4 => any::<u8>(), 1 => Just(b'\n')], 0..512),
        sizes in prop::collection::vec(1usize..40, 1..6),
        max in 1usize..48,
    ) {
        let mut d = LineDecoder::new(max);
        for chunk in chunks(&bytes, &sizes) {
            d.push(chunk);
            prop_assert!(d.buffered() <= max + chunk.len());
            while let Some(r) = d.next_decoded(BatchPolicy::Allow) {
                match r {
                    Ok(_) | Err(FrameError::Decode(_)) => {}
                    Err(FrameError::LineTooLong { max: m }) => prop_assert_eq!(m, max),
                }
            }
            prop_assert!(d.buffered() <= max);
        }
    }
}

/// A line for the framing model: no newline inside; sometimes blank, often near `max`.
fn model_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(any::<u8>().prop_filter("no newline or CR", |b| *b != b'\n' && *b != b'\r'), 0..40),
        1 => prop::collection::vec(prop::sample::select(vec![b' ', b'\t']), 0..6),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The decoder matches a simple model: every line longer than `max` gives exactly one
    /// `LineTooLong`, blank lines are skipped, every other line comes out unchanged, in order.
    #[test]
    fn line_decoder_matches_the_model(
        lines in prop::collection::vec(model_line(), 0..12),
        sizes in prop::collection::vec(1usize..50, 1..6),
        max in 1usize..32,
    ) {
        let mut stream = Vec::new();
        let mut expected = Vec::new();
        for line in &lines {
            stream.extend_from_slice(line);
            stream.push(b'\n');
            if line.len() > max {
                expected.push(Err(FrameError::LineTooLong { max }));
            } else if !line.iter().all(u8::is_ascii_whitespace) {
                expected.push(Ok(line.clone()));
            }
        }
        let mut d = LineDecoder::new(max);
        let mut got = Vec::new();
        for chunk in chunks(&stream, &sizes) {
            d.push(chunk);
            prop_assert!(d.buffered() <= max + chunk.len());
            while let Some(r) = d.next_line() {
                if let Ok(line) = &r {
                    prop_assert!(line.len() <= max && !line.contains(&b'\n'));
                }
                got.push(r);
            }
            prop_assert!(d.buffered() <= max);
        }
        prop_assert_eq!(got, expected);
        prop_assert_eq!(d.buffered(), 0);
    }
}
