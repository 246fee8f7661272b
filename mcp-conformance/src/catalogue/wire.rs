//! Wire-level scenarios: JSON-RPC decoding and stdio framing (`mcp-jsonrpc`).

use mcp_jsonrpc::framing::{FrameError, LineDecoder, encode_line};
use mcp_jsonrpc::{
    BatchPolicy, DecodeErrorKind, ErrorCode, Message, ProtocolVersion, Request, RequestId, decode,
    decode_message,
};

use crate::scenario::revisions::ALL;
use crate::scenario::{Applies, Check, Scenario};

/// Codec checks run once per run; `applies` is not consulted for them.
const ONCE: Applies = Applies::fixture(ALL);

/// The wire scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "jsonrpc/parse-error",
        spec: "JSON-RPC 2.0 §5.1; 2026-07-28 basic/index.mdx#error-codes",
        applies: ONCE,
        check: Check::Once(parse_error),
    },
    Scenario {
        name: "jsonrpc/invalid-request",
        spec: "JSON-RPC 2.0 §4, §5.1",
        applies: ONCE,
        check: Check::Once(invalid_request),
    },
    Scenario {
        name: "jsonrpc/id-never-null",
        spec: "2026-07-28 basic/index.mdx#requests",
        applies: ONCE,
        check: Check::Once(id_never_null),
    },
    Scenario {
        name: "jsonrpc/batches-per-revision",
        spec: "2025-03-26 changelog.mdx; 2025-06-18 changelog.mdx",
        applies: ONCE,
        check: Check::Once(batches_per_revision),
    },
    Scenario {
        name: "stdio/one-message-per-line",
        spec: "2026-07-28 basic/transports/stdio.mdx",
        applies: ONCE,
        check: Check::Once(one_message_per_line),
    },
    Scenario {
        name: "stdio/oversized-line-recovers",
        spec: "2026-07-28 basic/transports/stdio.mdx",
        applies: ONCE,
        check: Check::Once(oversized_line_recovers),
    },
];

fn expect_code(input: &str, code: ErrorCode, id: Option<RequestId>) -> Result<(), String> {
    match decode_message(input.as_bytes()) {
        Ok(m) => Err(format!("{input:?} decoded as {m}, expected error {code}")),
        Err(e) => {
            let response = e.to_response();
            if response.error.code != code {
                return Err(format!("{input:?}: got {}, expected {code}", response.error.code));
            }
            if response.id != id {
                return Err(format!("{input:?}: error response id {:?}, expected {id:?}", response.id));
            }
            Ok(())
        }
    }
}

fn parse_error() -> Result<(), String> {
    for input in ["{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "[", "{'a':1}", "\u{feff}{}"] {
        expect_code(input, ErrorCode::PARSE_ERROR, None)?;
    }
    Ok(())
}

fn invalid_request() -> Result<(), String> {
    let cases = [
        (r#"{"jsonrpc":"2.0","id":3}"#, Some(3)),
        (r#"{"jsonrpc":"1.0","id":4,"method":"ping"}"#, Some(4)),
        (r#"{"id":5,"method":"ping"}"#, Some(5)),
        (r#"{"jsonrpc":"2.0","id":6,"method":"ping","params":"x"}"#, Some(6)),
        (r#"{"jsonrpc":"2.0","id":7,"result":{},"error":{"code":1,"message":"m"}}"#, Some(7)),
        (r#"[1]"#, None),
        (r#"42"#, None),
    ];
    for (input, id) in cases {
        expect_code(input, ErrorCode::INVALID_REQUEST, id.map(RequestId::Number))?;
    }
    Ok(())
}

fn id_never_null() -> Result<(), String> {
    expect_code(r#"{"jsonrpc":"2.0","id":null,"method":"tools/list"}"#, ErrorCode::INVALID_REQUEST, None)?;
    let ok = decode_message(br#"{"jsonrpc":"2.0","id":"abc","method":"tools/list"}"#)
        .map_err(|e| format!("string id refused: {e}"))?;
    match ok {
        Message::Request(r) if r.id == RequestId::from("abc") => Ok(()),
        other => Err(format!("unexpected decode: {other}")),
    }
}

fn batches_per_revision() -> Result<(), String> {
    let body = br#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]"#;
    for version in ProtocolVersion::ALL {
        let result = decode(body, version.batch_policy());
        match (version.allows_batches(), result) {
            (true, Ok(mcp_jsonrpc::Decoded::Batch(items)))
                if items.len() == 2 && items.iter().all(Result::is_ok) => {}
            (false, Err(e))
                if e.kind() == DecodeErrorKind::BatchNotAllowed && e.code() == ErrorCode::INVALID_REQUEST => {
            }
            (allowed, other) => {
                return Err(format!("{version}: batches allowed={allowed}, decode gave {other:?}"));
            }
        }
    }
    if decode(b"[]", BatchPolicy::Allow).is_ok() {
        return Err("an empty batch was accepted".into());
    }
    Ok(())
}

fn one_message_per_line() -> Result<(), String> {
    let pretty = mcp_jsonrpc::RawValue::from_string("{\n \"text\": \"a\\nb\"\r\n}".to_owned())
        .map_err(|e| e.to_string())?;
    let message =
        Message::Request(Request { id: 1.into(), method: "tools/call".into(), params: Some(pretty) });
    let mut out = Vec::new();
    encode_line(&message, &mut out);
    if out.iter().filter(|&&b| b == b'\n').count() != 1 || out.last() != Some(&b'\n') || out.contains(&b'\r')
    {
        return Err(format!("encoded line is not a single line: {:?}", String::from_utf8_lossy(&out)));
    }
    let mut decoder = LineDecoder::default();
    decoder.push(&out);
    match decoder.next_message() {
        Some(Ok(Message::Request(r))) => {
            let params: serde_json::Value = r.params_as().map_err(|e| e.to_string())?;
            (params["text"] == "a\nb").then_some(()).ok_or_else(|| format!("params changed: {params}"))
        }
        other => Err(format!("line did not decode back: {other:?}")),
    }
}

fn oversized_line_recovers() -> Result<(), String> {
    let mut decoder = LineDecoder::new(64);
    decoder.push(
        format!("{{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{{\"p\":\"{}\"}}}}\n", "y".repeat(100))
            .as_bytes(),
    );
    decoder.push(b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
    match decoder.next_message() {
        Some(Err(FrameError::LineTooLong { max: 64 })) => {}
        other => return Err(format!("expected LineTooLong, got {other:?}")),
    }
    match decoder.next_message() {
        Some(Ok(Message::Request(r))) if r.method == "ping" => Ok(()),
        other => Err(format!("the message after the oversized line was lost: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_wire_scenario_passes() {
        for scenario in super::SCENARIOS {
            let crate::scenario::Check::Once(check) = scenario.check else {
                panic!("{}: wire scenarios run once", scenario.name)
            };
            assert_eq!(check(), Ok(()), "{}", scenario.name);
        }
    }
}
