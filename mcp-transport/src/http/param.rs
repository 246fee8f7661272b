//! The `Mcp-Param-*` / `Mcp-Name` value codec and the `x-mcp-header` annotation rules
//! (2026-07-28 `basic/transports/streamable-http.mdx` "Custom Headers from Tool Parameters",
//! "Value Encoding"; `server/tools.mdx` "x-mcp-header").
//!
//! # Value encoding
//! A JSON value becomes a header value as follows ([`encode_value`]):
//!
//! - a string is used as is, an integer becomes its decimal form (`42`, `-7`), a boolean
//!   `true`/`false`; `null` (or an absent value) means the header is omitted;
//! - a value that is not plain visible ASCII (`0x21..=0x7E`, plus inner spaces and tabs), has
//!   leading or trailing whitespace, contains a control character, or *matches the sentinel
//!   pattern* (starts with `=?base64?` and ends with `?=`) is sent as
//!   `=?base64?{base64(utf8)}?=` (standard alphabet, padded; the markers are case-sensitive).
//!
//! [`decode_value`] is the inverse used by servers: it rejects values with characters that
//! RFC 9110 §5.5 does not allow in a field value and decodes the sentinel form (the base64
//! content must be valid, canonical and UTF-8). [`values_match`] compares a decoded header
//! value with a body value (integers numerically, so `42.0` matches `42`).
//!
//! # Annotation rules
//! [`HeaderAnnotations::from_input_schema`] walks a tool's `inputSchema` and collects every
//! `x-mcp-header` annotation with its property path, rejecting the tool when an annotation is
//! empty, not an RFC 9110 token (`1*tchar`, §5.6.2), not case-insensitively unique, on a
//! property whose `type` is not exactly one of `string`/`integer`/`boolean`, or not reachable
//! from the root through `properties` keys only (inside `items`, `anyOf`, `oneOf`, `allOf`,
//! `not`, `if`/`then`/`else`, `$ref` targets such as `$defs`, ...). A client on HTTP MUST drop
//! such a tool from `tools/list`. [`HeaderAnnotations::headers_for`] then extracts the values
//! of one call's `arguments` (integers must lie within ±(2^53−1)).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use super::headers::MCP_PARAM_PREFIX;

/// The opening marker of a base64-encoded header value (case-sensitive).
pub const SENTINEL_PREFIX: &str = "=?base64?";
/// The closing marker of a base64-encoded header value (case-sensitive).
pub const SENTINEL_SUFFIX: &str = "?=";
/// The largest integer a `Mcp-Param-*` header may carry: 2^53 − 1 (JavaScript's safe range).
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Why a header value or an `x-mcp-header` annotation is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// The header value contains a byte RFC 9110 §5.5 does not allow in a field value
    /// (a control character other than tab, or a non-ASCII byte), or has leading/trailing
    /// whitespace without being base64-encoded.
    #[error("header value contains invalid characters")]
    InvalidCharacters,
    /// The value uses the `=?base64?…?=` form but its content is not canonical base64 of UTF-8.
    #[error("invalid base64 in header value")]
    InvalidBase64,
    /// A JSON value that cannot be mirrored into a header: a number that is not an integer, an
    /// integer outside ±(2^53−1), an array or an object.
    #[error("value cannot be sent in a header: {0}")]
    UnsupportedValue(String),
    /// An `x-mcp-header` annotation breaks the schema-extension rules; the message names the
    /// rule and the JSON pointer of the annotated schema.
    #[error("invalid x-mcp-header annotation at {pointer}: {reason}")]
    InvalidAnnotation {
        /// JSON pointer (RFC 6901) of the schema that carries the annotation.
        pointer: String,
        /// Which rule it breaks.
        reason: String,
    },
}

/// Whether `value` matches the sentinel pattern (starts with `=?base64?`, ends with `?=`).
pub fn is_sentinel(value: &str) -> bool {
    value.len() >= SENTINEL_PREFIX.len() + SENTINEL_SUFFIX.len()
        && value.starts_with(SENTINEL_PREFIX)
        && value.ends_with(SENTINEL_SUFFIX)
}

/// Whether `value` can be sent as a header value without base64: only visible ASCII, inner
/// spaces and tabs, no leading or trailing whitespace, and not the sentinel pattern. The empty
/// string is plain.
pub fn is_plain(value: &str) -> bool {
    let bytes = value.as_bytes();
    let ok_chars = bytes.iter().all(|&b| (0x21..=0x7e).contains(&b) || b == b' ' || b == b'\t');
    let trimmed = match (bytes.first(), bytes.last()) {
        (Some(f), Some(l)) => !matches!(f, b' ' | b'\t') && !matches!(l, b' ' | b'\t'),
        _ => true,
    };
    ok_chars && trimmed && !is_sentinel(value)
}

/// Encodes a string for `Mcp-Name` or `Mcp-Param-*`: as is when [`is_plain`], otherwise
/// `=?base64?{base64(utf8)}?=`.
pub fn encode_str(value: &str) -> String {
    if is_plain(value) {
        value.to_owned()
    } else {
        format!("{SENTINEL_PREFIX}{}{SENTINEL_SUFFIX}", STANDARD.encode(value.as_bytes()))
    }
}

/// Encodes a JSON argument value: `Ok(None)` for `null` (the header is omitted), the decimal
/// form of an integer within ±(2^53−1), `true`/`false`, or [`encode_str`] of a string.
///
/// # Errors
/// [`ParamError::UnsupportedValue`] for a non-integer number, an integer out of range, an
/// array or an object.
pub fn encode_value(value: &Value) -> Result<Option<String>, ParamError> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::String(s) => Ok(Some(encode_str(s))),
        Value::Number(n) => match integer_of(value) {
            Some(i) => Ok(Some(i.to_string())),
            None => Err(ParamError::UnsupportedValue(format!("{n} is not an integer within ±(2^53-1)"))),
        },
        other => Err(ParamError::UnsupportedValue(format!("{} value", json_type(other)))),
    }
}

/// Decodes a received `Mcp-Name` / `Mcp-Param-*` value into the string it stands for.
///
/// # Errors
/// [`ParamError::InvalidCharacters`] for a byte outside RFC 9110 field-value characters (a
/// control character other than tab, or a non-ASCII byte) or leading/trailing whitespace;
/// [`ParamError::InvalidBase64`] for a sentinel whose content is not canonical, padded base64
/// of UTF-8.
pub fn decode_value(raw: &[u8]) -> Result<String, ParamError> {
    let ok_chars = raw.iter().all(|&b| (0x20..=0x7e).contains(&b) || b == b'\t');
    let trimmed = match (raw.first(), raw.last()) {
        (Some(f), Some(l)) => !matches!(f, b' ' | b'\t') && !matches!(l, b' ' | b'\t'),
        _ => true,
    };
    if !ok_chars || !trimmed {
        return Err(ParamError::InvalidCharacters);
    }
    let text = std::str::from_utf8(raw).map_err(|_| ParamError::InvalidCharacters)?;
    if !is_sentinel(text) {
        return Ok(text.to_owned());
    }
    let inner = &text[SENTINEL_PREFIX.len()..text.len() - SENTINEL_SUFFIX.len()];
    let bytes = STANDARD.decode(inner).map_err(|_| ParamError::InvalidBase64)?;
    String::from_utf8(bytes).map_err(|_| ParamError::InvalidBase64)
}

/// Whether a decoded header value stands for the body value `body`: a string compares exactly
/// (case-sensitive), a boolean as `true`/`false`, an integer numerically (so `42`, `42.0` and
/// `4.2e1` in either place are equal). `null` never matches: its header must be absent.
pub fn values_match(header: &str, body: &Value) -> bool {
    match body {
        Value::String(s) => s == header,
        Value::Bool(b) => header == if *b { "true" } else { "false" },
        Value::Number(_) => match (integer_of(body), parse_integer(header)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        _ => false,
    }
}

/// Parses a header's integer text: an optional `-` and decimal digits, or a JSON number with an
/// integral value (`42.0`), within ±(2^53−1).
pub fn parse_integer(text: &str) -> Option<i64> {
    if let Ok(i) = text.parse::<i64>() {
        return (i.abs() <= MAX_SAFE_INTEGER).then_some(i);
    }
    serde_json::from_str::<Value>(text).ok().as_ref().and_then(integer_of)
}

/// The integer value of a JSON number (also `42.0`), when it lies within ±(2^53−1).
fn integer_of(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    let i = if let Some(i) = n.as_i64() {
        i
    } else {
        let f = n.as_f64()?;
        if f.fract() != 0.0 || f.abs() > MAX_SAFE_INTEGER as f64 {
            return None;
        }
        f as i64
    };
    (i.abs() <= MAX_SAFE_INTEGER).then_some(i)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether `name` is an RFC 9110 §5.6.2 token (`1*tchar`), as `x-mcp-header` values must be.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// The primitive type of an annotated property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `"type": "string"`.
    String,
    /// `"type": "integer"` (values within ±(2^53−1)).
    Integer,
    /// `"type": "boolean"`.
    Boolean,
}

/// One valid `x-mcp-header` annotation of a tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderAnnotation {
    /// The annotation value `X`, as written (the header is `Mcp-Param-X`).
    pub name: String,
    /// The chain of `properties` keys from the schema root to the annotated property.
    pub path: Vec<String>,
    /// The declared type.
    pub param_type: ParamType,
}

impl HeaderAnnotation {
    /// The header name, `mcp-param-{name}` in lowercase (header names are case-insensitive).
    pub fn header_name(&self) -> String {
        format!("{MCP_PARAM_PREFIX}{}", self.name.to_ascii_lowercase())
    }

    /// The value at [`path`](Self::path) in a call's `arguments`, if any (`null` counts as
    /// absent).
    pub fn value_in<'a>(&self, arguments: &'a Value) -> Option<&'a Value> {
        let mut at = arguments;
        for key in &self.path {
            at = at.as_object()?.get(key)?;
        }
        (!at.is_null()).then_some(at)
    }
}

/// Every `x-mcp-header` annotation of one tool's `inputSchema`, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderAnnotations {
    /// The annotations in schema order (depth first, `properties` in key order).
    pub annotations: Vec<HeaderAnnotation>,
}

/// Schema keywords whose values are subschemas *not* reachable through a `properties` chain.
/// Any annotation found below them invalidates the tool.
const OTHER_SUBSCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "additionalProperties",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "dependentSchemas",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$defs",
    "definitions",
];

impl HeaderAnnotations {
    /// Collects and validates the annotations of `input_schema` (a JSON Schema object).
    ///
    /// # Errors
    /// [`ParamError::InvalidAnnotation`] for the first rule broken; the tool must then be
    /// dropped from `tools/list` by an HTTP client (2026-07-28 `streamable-http.mdx`
    /// "Schema Extension").
    pub fn from_input_schema(input_schema: &Value) -> Result<Self, ParamError> {
        let mut out = HeaderAnnotations::default();
        let mut path = Vec::new();
        walk_reachable(input_schema, &mut path, "", &mut out.annotations)?;
        let mut seen = std::collections::HashSet::new();
        for a in &out.annotations {
            if !seen.insert(a.name.to_ascii_lowercase()) {
                return Err(ParamError::InvalidAnnotation {
                    pointer: pointer_of(&a.path),
                    reason: format!("x-mcp-header {:?} is not case-insensitively unique", a.name),
                });
            }
        }
        Ok(out)
    }

    /// Whether there is no annotation.
    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
    }

    /// The `(header name, encoded value)` pairs for one call's `arguments`; properties that are
    /// absent or `null` produce no header.
    ///
    /// # Errors
    /// [`ParamError::UnsupportedValue`] when a value does not fit its header (e.g. an integer
    /// outside ±(2^53−1) or a value of another JSON type).
    pub fn headers_for(&self, arguments: &Value) -> Result<Vec<(String, String)>, ParamError> {
        let mut headers = Vec::new();
        for a in &self.annotations {
            let Some(v) = a.value_in(arguments) else { continue };
            let type_ok = match a.param_type {
                ParamType::String => v.is_string(),
                ParamType::Integer => v.is_number(),
                ParamType::Boolean => v.is_boolean(),
            };
            if !type_ok {
                return Err(ParamError::UnsupportedValue(format!(
                    "{} is a {}, the schema says {:?}",
                    a.name,
                    json_type(v),
                    a.param_type
                )));
            }
            if let Some(encoded) = encode_value(v)? {
                headers.push((a.header_name(), encoded));
            }
        }
        Ok(headers)
    }
}

fn pointer_of(path: &[String]) -> String {
    let mut p = String::new();
    for key in path {
        p.push_str("/properties/");
        p.push_str(&key.replace('~', "~0").replace('/', "~1"));
    }
    p
}

/// Walks a schema reachable through `properties` chains.
fn walk_reachable(
    schema: &Value,
    path: &mut Vec<String>,
    pointer: &str,
    out: &mut Vec<HeaderAnnotation>,
) -> Result<(), ParamError> {
    let Some(obj) = schema.as_object() else { return Ok(()) };
    if let Some(name) = obj.get("x-mcp-header") {
        out.push(annotation(obj, name, path, pointer)?);
    }
    for (key, sub) in obj {
        match key.as_str() {
            "properties" => {
                if let Some(props) = sub.as_object() {
                    for (prop, prop_schema) in props {
                        path.push(prop.clone());
                        let p =
                            format!("{pointer}/properties/{}", prop.replace('~', "~0").replace('/', "~1"));
                        walk_reachable(prop_schema, path, &p, out)?;
                        path.pop();
                    }
                }
            }
            "x-mcp-header" => {}
            k if OTHER_SUBSCHEMA_KEYWORDS.contains(&k) => forbid_below(sub, &format!("{pointer}/{k}"))?,
            _ => {}
        }
    }
    Ok(())
}

/// Fails when any annotation appears anywhere inside `value` (an unreachable position).
fn forbid_below(value: &Value, pointer: &str) -> Result<(), ParamError> {
    match value {
        Value::Object(map) => {
            if map.contains_key("x-mcp-header") {
                return Err(ParamError::InvalidAnnotation {
                    pointer: pointer.to_owned(),
                    reason: "not reachable from the root through `properties` keys only".into(),
                });
            }
            for (k, v) in map {
                forbid_below(v, &format!("{pointer}/{k}"))?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                forbid_below(v, &format!("{pointer}/{i}"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The primitive type of a `type` keyword: one of `string`/`integer`/`boolean`, alone or as
/// the only non-`null` member of a type array.
fn primitive_type(t: Option<&Value>) -> Option<ParamType> {
    let one = |s: &str| match s {
        "string" => Some(ParamType::String),
        "integer" => Some(ParamType::Integer),
        "boolean" => Some(ParamType::Boolean),
        _ => None,
    };
    match t? {
        Value::String(s) => one(s),
        Value::Array(items) => {
            let mut non_null = items.iter().filter(|i| i.as_str() != Some("null"));
            let first = non_null.next()?.as_str()?;
            if non_null.next().is_some() {
                return None;
            }
            one(first)
        }
        _ => None,
    }
}

fn annotation(
    obj: &Map<String, Value>,
    name: &Value,
    path: &[String],
    pointer: &str,
) -> Result<HeaderAnnotation, ParamError> {
    let invalid = |reason: String| ParamError::InvalidAnnotation { pointer: pointer.to_owned(), reason };
    if path.is_empty() {
        return Err(invalid("the schema root cannot be annotated".into()));
    }
    let Some(name) = name.as_str() else {
        return Err(invalid("x-mcp-header must be a string".into()));
    };
    if !is_token(name) {
        return Err(invalid(format!("{name:?} is not an RFC 9110 token (1*tchar)")));
    }
    let param_type = match primitive_type(obj.get("type")) {
        Some(t) => t,
        None => {
            let found = obj.get("type").map_or_else(|| "none".to_owned(), Value::to_string);
            return Err(invalid(format!("type must be string, integer or boolean, found {found}")));
        }
    };
    if obj.contains_key("$ref") {
        return Err(invalid("an annotated property cannot use $ref".into()));
    }
    Ok(HeaderAnnotation { name: name.to_owned(), path: path.to_vec(), param_type })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn spec_examples() {
        assert_eq!(encode_str("us-west1"), "us-west1");
        assert_eq!(encode_str("Hello, 世界"), "=?base64?SGVsbG8sIOS4lueVjA==?=");
        assert_eq!(encode_str(" padded "), "=?base64?IHBhZGRlZCA=?=");
        assert_eq!(encode_str("line1\nline2"), "=?base64?bGluZTEKbGluZTI=?=");
        assert_eq!(encode_str("=?base64?literal?="), "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
        assert_eq!(encode_value(&json!(42)).unwrap().as_deref(), Some("42"));
        assert_eq!(encode_value(&json!(-7)).unwrap().as_deref(), Some("-7"));
        assert_eq!(encode_value(&json!(true)).unwrap().as_deref(), Some("true"));
        assert_eq!(encode_value(&json!(null)).unwrap(), None);
        assert!(encode_value(&json!(1.5)).is_err());
        assert!(encode_value(&json!(MAX_SAFE_INTEGER + 1)).is_err());
        assert!(encode_value(&json!([1])).is_err());
        assert_eq!(decode_value(b"=?base64?SGVsbG8sIOS4lueVjA==?=").unwrap(), "Hello, 世界");
        assert_eq!(
            decode_value(b"=?BASE64?eA==?=").unwrap(),
            "=?BASE64?eA==?=",
            "markers are case-sensitive"
        );
        assert_eq!(decode_value(b"=?base64?!!?="), Err(ParamError::InvalidBase64));
        assert_eq!(decode_value(b"a\x01b"), Err(ParamError::InvalidCharacters));
        assert_eq!(decode_value(b" a"), Err(ParamError::InvalidCharacters));
        assert_eq!(decode_value("é".as_bytes()), Err(ParamError::InvalidCharacters));
        assert!(values_match("42", &json!(42.0)));
        assert!(values_match("42.0", &json!(42)));
        assert!(!values_match("42", &json!("043")));
        assert!(!values_match("True", &json!(true)));
    }

    #[test]
    fn annotations_valid_and_nested() {
        let schema = json!({
            "type": "object",
            "properties": {
                "region": {"type": "string", "x-mcp-header": "Region"},
                "opts": {"type": "object", "properties": {
                    "dry": {"type": "boolean", "x-mcp-header": "Dry-Run"},
                    "n": {"type": "integer", "x-mcp-header": "N"}
                }},
                "query": {"type": "string"}
            }
        });
        let a = HeaderAnnotations::from_input_schema(&schema).unwrap();
        assert_eq!(a.annotations.len(), 3);
        let args = json!({"region": "eu west", "opts": {"dry": false, "n": 3}, "query": "q"});
        let mut h = a.headers_for(&args).unwrap();
        h.sort();
        assert_eq!(
            h,
            vec![
                ("mcp-param-dry-run".to_owned(), "false".to_owned()),
                ("mcp-param-n".to_owned(), "3".to_owned()),
                ("mcp-param-region".to_owned(), "eu west".to_owned()),
            ]
        );
        assert!(a.headers_for(&json!({"region": null})).unwrap().is_empty());
        assert!(a.headers_for(&json!({"opts": {"n": "3"}})).is_err(), "type mismatch");
        let nullable = json!({"properties": {"a": {"type": ["null", "integer"], "x-mcp-header": "A"}}});
        let n = HeaderAnnotations::from_input_schema(&nullable).unwrap();
        assert_eq!(n.annotations[0].param_type, ParamType::Integer);
    }

    #[test]
    fn annotations_invalid() {
        let bad = [
            json!({"properties": {"a": {"type": "string", "x-mcp-header": ""}}}),
            json!({"properties": {"a": {"type": "string", "x-mcp-header": "Bad Name"}}}),
            json!({"properties": {"a": {"type": "string", "x-mcp-header": "A\r\n"}}}),
            json!({"properties": {"a": {"type": "number", "x-mcp-header": "A"}}}),
            json!({"properties": {"a": {"x-mcp-header": "A"}}}),
            json!({"properties": {"a": {"type": ["string", "integer"], "x-mcp-header": "A"}}}),
            json!({"properties": {"a": {"type": "string", "x-mcp-header": "A"},
                                  "b": {"type": "string", "x-mcp-header": "a"}}}),
            json!({"properties": {"a": {"type": "array", "items": {"type": "string", "x-mcp-header": "A"}}}}),
            json!({"anyOf": [{"properties": {"a": {"type": "string", "x-mcp-header": "A"}}}]}),
            json!({"properties": {"a": {"oneOf": [{"type": "string", "x-mcp-header": "A"}]}}}),
            json!({"if": {"properties": {"a": {"type": "string", "x-mcp-header": "A"}}}}),
            json!({"$defs": {"x": {"type": "string", "x-mcp-header": "A"}}, "properties": {"a": {"$ref": "#/$defs/x"}}}),
            json!({"properties": {"a": {"type": "string", "$ref": "#/x", "x-mcp-header": "A"}}}),
            json!({"type": "object", "x-mcp-header": "Root"}),
        ];
        for schema in bad {
            assert!(
                matches!(
                    HeaderAnnotations::from_input_schema(&schema),
                    Err(ParamError::InvalidAnnotation { .. })
                ),
                "{schema}"
            );
        }
    }

    proptest! {
        #[test]
        fn roundtrip_any_string(s in any::<String>()) {
            let encoded = encode_str(&s);
            prop_assert!(encoded.bytes().all(|b| (0x20..=0x7e).contains(&b) || b == b'\t'));
            prop_assert_eq!(decode_value(encoded.as_bytes()).unwrap(), s.clone());
            prop_assert!(http::HeaderValue::from_str(&encoded).is_ok());
        }

        #[test]
        fn plain_strings_stay_plain(s in "[!-~]([ -~]{0,30}[!-~])?") {
            let encoded = encode_str(&s);
            if is_sentinel(&s) {
                prop_assert!(encoded != s);
            } else {
                prop_assert_eq!(&encoded, &s);
            }
            prop_assert_eq!(decode_value(encoded.as_bytes()).unwrap(), s);
        }

        #[test]
        fn sentinel_lookalikes_are_encoded(mid in "[ -~]{0,20}") {
            let s = format!("=?base64?{mid}?=");
            let encoded = encode_str(&s);
            prop_assert!(encoded.starts_with(SENTINEL_PREFIX) && encoded != s);
            prop_assert_eq!(decode_value(encoded.as_bytes()).unwrap(), s);
        }

        #[test]
        fn integers_roundtrip(i in -MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER) {
            let v = json!(i);
            let e = encode_value(&v).unwrap().unwrap();
            prop_assert_eq!(parse_integer(&e), Some(i));
            prop_assert!(values_match(&decode_value(e.as_bytes()).unwrap(), &v));
            prop_assert!(!values_match(&decode_value(e.as_bytes()).unwrap(), &json!(i.wrapping_add(1))));
        }

        #[test]
        fn out_of_range_integers_rejected(i in prop_oneof![i64::MIN..-MAX_SAFE_INTEGER, (MAX_SAFE_INTEGER + 1)..=i64::MAX]) {
            prop_assert!(encode_value(&json!(i)).is_err());
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(s) = decode_value(&bytes) {
                // Whatever decodes re-encodes to something that decodes to the same string.
                prop_assert_eq!(decode_value(encode_str(&s).as_bytes()).unwrap(), s);
            }
        }

        #[test]
        fn tokens(name in "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}", bad in "[A-Za-z]{0,5}[ \"(),/:;<=>?@\\[\\]{}\x00-\x1f][A-Za-z]{0,5}") {
            prop_assert!(is_token(&name));
            prop_assert!(!is_token(&bad));
            let schema = json!({"properties": {"p": {"type": "string", "x-mcp-header": name.clone()}}});
            prop_assert!(HeaderAnnotations::from_input_schema(&schema).is_ok());
            let schema = json!({"properties": {"p": {"type": "string", "x-mcp-header": bad}}});
            prop_assert!(HeaderAnnotations::from_input_schema(&schema).is_err());
            let dup = json!({"properties": {
                "p": {"type": "string", "x-mcp-header": name.clone()},
                "q": {"type": "boolean", "x-mcp-header": name.to_ascii_uppercase()}
            }});
            prop_assert!(HeaderAnnotations::from_input_schema(&dup).is_err());
        }
    }
}
