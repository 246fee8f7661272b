//! Codec benchmark: decode + encode of a typical `tools/call` request and of a typical
//! `CallToolResult` response, through our codec, next to a plain `serde_json::Value` round
//! trip of the same bytes.
//!
//! For each message, one criterion group holds:
//! - `serde_json_value`: `serde_json::from_slice::<Value>` then `serde_json::to_vec` (baseline);
//! - `envelope`: `decode_message` (strict envelope checks, payload kept as raw JSON) then
//!   `Message::to_vec`;
//! - `typed`: `decode_message`, the payload decoded into the schema type
//!   (`CallToolRequestParams` / `CallToolResult`), then a new message built from it and encoded.
//!
//! Run: `cargo bench -p mcp-jsonrpc --bench codec -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mcp_jsonrpc::decode_message;
use mcp_jsonrpc::message::{Message, Request, ResultResponse};
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult};
use serde_json::Value;

/// A `tools/call` request as a 2026-07-28 client sends it: `_meta` with the protocol version,
/// client capabilities and a progress token, and a few arguments.
const TOOLS_CALL: &str = r#"{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"search_issues","arguments":{"query":"label:bug state:open \"crash on start\"","limit":25,"include_closed":false,"fields":["title","url","updated_at"],"filters":{"repo":"example/app","since":"2026-01-01T00:00:00Z"}},"_meta":{"progressToken":"c7a1e9d2-4b9f-4f4e-9a53-0d2f1b7c8e10","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{}}}}}}"#;

/// A `CallToolResult` with two text blocks, as a server answers the call above.
const CALL_TOOL_RESULT: &str = r#"{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"Found 3 open issues matching \"crash on start\":\n1. App crashes on start when config is missing (#812)\n2. Crash on start with non-UTF-8 locale (#799)\n3. Startup crash after upgrade to 4.2 — stack trace attached (#777)"},{"type":"text","text":"Showing 3 of 3 results."}],"isError":false,"resultType":"complete"}}"#;

fn baseline(bytes: &[u8]) -> Vec<u8> {
    let value: Value = serde_json::from_slice(bytes).expect("valid JSON");
    serde_json::to_vec(&value).expect("a Value serializes")
}

fn envelope(bytes: &[u8]) -> Vec<u8> {
    decode_message(bytes).expect("a valid message").to_vec()
}

fn typed_request(bytes: &[u8]) -> Vec<u8> {
    let Message::Request(request) = decode_message(bytes).expect("a valid message") else {
        panic!("not a request")
    };
    let params: CallToolRequestParams = request.params_as().expect("CallToolRequestParams");
    Message::Request(Request::new(request.id, request.method, &params).expect("params serialize")).to_vec()
}

fn typed_result(bytes: &[u8]) -> Vec<u8> {
    let Message::Response(response) = decode_message(bytes).expect("a valid message") else {
        panic!("not a result response")
    };
    let result: CallToolResult = response.result_as().expect("CallToolResult");
    Message::Response(ResultResponse::new(response.id, &result).expect("result serializes")).to_vec()
}

/// Checks, once, that every path reproduces the message, so the benchmark compares equal work.
fn check(bytes: &[u8], typed: fn(&[u8]) -> Vec<u8>) {
    let want: Value = serde_json::from_slice(bytes).unwrap();
    for (name, out) in [("baseline", baseline(bytes)), ("envelope", envelope(bytes)), ("typed", typed(bytes))]
    {
        let got: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(got, want, "{name} changed the message");
    }
}

fn bench_message(c: &mut Criterion, group: &str, bytes: &'static [u8], typed: fn(&[u8]) -> Vec<u8>) {
    check(bytes, typed);
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("serde_json_value", |b| b.iter(|| baseline(black_box(bytes))));
    g.bench_function("envelope", |b| b.iter(|| envelope(black_box(bytes))));
    g.bench_function("typed", |b| b.iter(|| typed(black_box(bytes))));
    g.finish();
}

fn codec(c: &mut Criterion) {
    bench_message(c, "tools_call_request", TOOLS_CALL.as_bytes(), typed_request);
    bench_message(c, "call_tool_result", CALL_TOOL_RESULT.as_bytes(), typed_result);
}

criterion_group!(benches, codec);
criterion_main!(benches);
