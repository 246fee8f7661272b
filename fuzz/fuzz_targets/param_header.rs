//! Fuzz target: the `Mcp-Param-*` / `Mcp-Name` value codec and the `x-mcp-header` annotation
//! rules of `mcp-transport` (`http::param`).
//!
//! - any bytes given to `decode_value` never panic, and whatever decodes re-encodes (with
//!   `encode_str`) to a valid header value that decodes back to the same string;
//! - the input as a (lossy) string always encodes to a valid header value that round-trips;
//! - when the input is JSON, `HeaderAnnotations::from_input_schema` never panics, and every
//!   annotation it accepts is a token, unique case-insensitively, whose headers for arbitrary
//!   arguments are valid header values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcp_transport::http::param::{HeaderAnnotations, decode_value, encode_str, is_token};

fn header_ok(v: &str) -> bool {
    v.bytes().all(|b| (0x20..=0x7e).contains(&b) || b == b'\t')
        && !v.starts_with([' ', '\t'])
        && !v.ends_with([' ', '\t'])
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = decode_value(data) {
        let again = encode_str(&s);
        assert!(header_ok(&again));
        assert_eq!(decode_value(again.as_bytes()).as_ref(), Ok(&s));
    }
    let text = String::from_utf8_lossy(data);
    let encoded = encode_str(&text);
    assert!(header_ok(&encoded), "invalid header value {encoded:?}");
    assert_eq!(decode_value(encoded.as_bytes()).as_deref(), Ok(&*text));

    if let Ok(schema) = serde_json::from_slice::<serde_json::Value>(data)
        && let Ok(annotations) = HeaderAnnotations::from_input_schema(&schema)
    {
        let mut seen = std::collections::HashSet::new();
        for a in &annotations.annotations {
            assert!(is_token(&a.name));
            assert!(seen.insert(a.name.to_ascii_lowercase()), "duplicate annotation accepted");
        }
        // The schema itself as arguments: values of the wrong type are errors, never panics.
        if let Ok(headers) = annotations.headers_for(&schema) {
            for (name, value) in headers {
                assert!(name.starts_with("mcp-param-"));
                assert!(header_ok(&value), "invalid header value {value:?}");
            }
        }
    }
});
