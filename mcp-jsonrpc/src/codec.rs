//! Strict decoding of JSON-RPC 2.0 messages from bytes.
//!
//! The rules (JSON-RPC 2.0 §4, §5; MCP `basic/index.mdx` "Messages"):
//! - bytes that are not JSON are a parse error (`-32700`);
//! - JSON that is not a message object is an invalid request (`-32600`): `jsonrpc` must be
//!   exactly `"2.0"`; a request has a string `method` and an `id` that is a string or an
//!   integer (never null); a notification has a `method` and no `id`; a response has an `id`
//!   and exactly one of `result` and `error`; `params`, when present, is an object or an
//!   array; members outside these are refused;
//! - a top-level array is a batch, allowed only where the negotiated revision defines them
//!   (2025-03-26; [`BatchPolicy`]); an empty batch is an invalid request.
//!
//! A [`DecodeError`] keeps the request id when it could be read, so the error response it
//! turns into ([`DecodeError::to_response`]) names the request it answers.

use std::fmt;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{ErrorCode, ErrorObject};
use crate::id::RequestId;
use crate::message::{ErrorResponse, Message, Notification, Request, ResultResponse};

/// Whether a top-level JSON array (a batch) may be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchPolicy {
    /// Batches are refused with [`DecodeErrorKind::BatchNotAllowed`] (every revision except
    /// 2025-03-26; batching was removed in 2025-06-18).
    #[default]
    Reject,
    /// Batches are decoded (2025-03-26 only).
    Allow,
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The bytes are not JSON (`-32700`).
    Parse,
    /// The JSON is not a valid message (`-32600`).
    InvalidMessage,
    /// A batch arrived where the revision does not allow batches (`-32600`).
    BatchNotAllowed,
}

/// A message that could not be decoded, with what is needed to answer it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    id: Option<RequestId>,
    had_method: bool,
    detail: String,
}

impl DecodeError {
    fn new(kind: DecodeErrorKind, detail: impl Into<String>) -> Self {
        DecodeError { kind, id: None, had_method: false, detail: detail.into() }
    }

    /// What went wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The request id, when it could be read from the invalid message.
    pub fn id(&self) -> Option<&RequestId> {
        self.id.as_ref()
    }

    /// Whether the invalid message had a `method` member (it was meant as a request or a
    /// notification rather than a response).
    pub fn had_method(&self) -> bool {
        self.had_method
    }

    /// A human-readable description of the problem.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The JSON-RPC error code for this failure: `-32700` or `-32600`.
    pub fn code(&self) -> ErrorCode {
        match self.kind {
            DecodeErrorKind::Parse => ErrorCode::PARSE_ERROR,
            DecodeErrorKind::InvalidMessage | DecodeErrorKind::BatchNotAllowed => ErrorCode::INVALID_REQUEST,
        }
    }

    /// The error object to send back.
    pub fn to_error_object(&self) -> ErrorObject {
        ErrorObject::new(self.code(), self.detail.clone())
    }

    /// The error response to send back (id `null` when it could not be read).
    pub fn to_response(&self) -> ErrorResponse {
        ErrorResponse::new(self.id.clone(), self.to_error_object())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail)
    }
}

impl std::error::Error for DecodeError {}

/// The result of decoding a body that may be a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// One message.
    Single(Message),
    /// A batch (non-empty), each element decoded on its own.
    Batch(Vec<Result<Message, DecodeError>>),
}

/// Decodes one message; a batch is refused.
///
/// # Errors
/// [`DecodeErrorKind::Parse`] for bytes that are not JSON, [`DecodeErrorKind::InvalidMessage`]
/// for JSON that is not a message, [`DecodeErrorKind::BatchNotAllowed`] for an array.
pub fn decode_message(bytes: &[u8]) -> Result<Message, DecodeError> {
    match decode(bytes, BatchPolicy::Reject)? {
        Decoded::Single(m) => Ok(m),
        Decoded::Batch(_) => unreachable!("batches are rejected by BatchPolicy::Reject"),
    }
}

/// Decodes a body that holds one message or, where `policy` allows, a batch.
///
/// # Errors
/// As [`decode_message`]; with [`BatchPolicy::Allow`] an empty array is an
/// [`DecodeErrorKind::InvalidMessage`], and each element of a batch is decoded on its own.
pub fn decode(bytes: &[u8], policy: BatchPolicy) -> Result<Decoded, DecodeError> {
    let first = bytes.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first == Some(&b'[') {
        let elements: Vec<&RawValue> = serde_json::from_slice(bytes).map_err(classify)?;
        if policy == BatchPolicy::Reject {
            return Err(DecodeError::new(
                DecodeErrorKind::BatchNotAllowed,
                "JSON-RPC batches are not allowed in this protocol revision",
            ));
        }
        if elements.is_empty() {
            return Err(DecodeError::new(DecodeErrorKind::InvalidMessage, "empty batch"));
        }
        let items = elements.into_iter().map(|raw| decode_object(raw.get().as_bytes())).collect();
        return Ok(Decoded::Batch(items));
    }
    decode_object(bytes).map(Decoded::Single)
}

fn classify(e: serde_json::Error) -> DecodeError {
    match e.classify() {
        serde_json::error::Category::Data => {
            DecodeError::new(DecodeErrorKind::InvalidMessage, format!("not a JSON-RPC message: {e}"))
        }
        _ => DecodeError::new(DecodeErrorKind::Parse, format!("invalid JSON: {e}")),
    }
}

/// The members of a message object, each kept as raw JSON until its shape is checked.
#[derive(Default)]
struct Envelope<'a> {
    jsonrpc: Option<&'a RawValue>,
    id: Option<&'a RawValue>,
    method: Option<&'a RawValue>,
    params: Option<&'a RawValue>,
    result: Option<&'a RawValue>,
    error: Option<&'a RawValue>,
    unknown: Option<String>,
    duplicate: Option<&'static str>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Envelope<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Envelope<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON-RPC message object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut env = Envelope::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    let (slot, name) = match key.as_ref() {
                        "jsonrpc" => (&mut env.jsonrpc, "jsonrpc"),
                        "id" => (&mut env.id, "id"),
                        "method" => (&mut env.method, "method"),
                        "params" => (&mut env.params, "params"),
                        "result" => (&mut env.result, "result"),
                        "error" => (&mut env.error, "error"),
                        other => {
                            env.unknown.get_or_insert_with(|| other.to_owned());
                            continue;
                        }
                    };
                    if slot.replace(value).is_some() {
                        env.duplicate.get_or_insert(name);
                    }
                }
                Ok(env)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

fn invalid(id: Option<RequestId>, had_method: bool, detail: impl Into<String>) -> DecodeError {
    DecodeError { kind: DecodeErrorKind::InvalidMessage, id, had_method, detail: detail.into() }
}

fn is_structured(raw: &RawValue) -> bool {
    matches!(raw.get().as_bytes().first(), Some(b'{' | b'['))
}

fn decode_object(bytes: &[u8]) -> Result<Message, DecodeError> {
    let env: Envelope<'_> = serde_json::from_slice(bytes).map_err(classify)?;
    // Recover what can be recovered first, so that every later error names the request.
    let id = match env.id {
        Some(raw) if raw.get() == "null" => None,
        Some(raw) => match serde_json::from_str::<RequestId>(raw.get()) {
            Ok(id) => Some(id),
            Err(e) => return Err(invalid(None, env.method.is_some(), format!("invalid \"id\": {e}"))),
        },
        None => None,
    };
    let had_method = env.method.is_some();
    if let Some(name) = env.duplicate {
        return Err(invalid(id, had_method, format!("member \"{name}\" appears more than once")));
    }
    match env.jsonrpc {
        Some(raw) if raw.get() == "\"2.0\"" => {}
        Some(raw) if serde_json::from_str::<String>(raw.get()).is_ok_and(|v| v == "2.0") => {}
        Some(_) => return Err(invalid(id, had_method, "\"jsonrpc\" must be exactly \"2.0\"")),
        None => return Err(invalid(id, had_method, "missing \"jsonrpc\": \"2.0\"")),
    }
    if let Some(name) = env.unknown {
        return Err(invalid(id, had_method, format!("unexpected member \"{name}\"")));
    }
    if let Some(method) = env.method {
        let method = serde_json::from_str::<String>(method.get())
            .map_err(|_| invalid(id.clone(), true, "\"method\" must be a string"))?;
        if env.result.is_some() || env.error.is_some() {
            return Err(invalid(id, true, "a message cannot have both \"method\" and \"result\"/\"error\""));
        }
        let params = match env.params {
            Some(raw) if is_structured(raw) => Some(raw.to_owned()),
            Some(_) => return Err(invalid(id, true, "\"params\" must be an object or an array")),
            None => None,
        };
        return match (env.id, id) {
            (None, _) => Ok(Message::Notification(Notification { method, params })),
            (Some(_), None) => Err(invalid(None, true, "request \"id\" must not be null")),
            (Some(_), Some(id)) => Ok(Message::Request(Request { id, method, params })),
        };
    }
    if env.params.is_some() {
        return Err(invalid(id, false, "\"params\" without \"method\""));
    }
    match (env.result, env.error) {
        (Some(_), Some(_)) => Err(invalid(id, false, "a response cannot have both \"result\" and \"error\"")),
        (Some(result), None) => match id {
            Some(id) => Ok(Message::Response(ResultResponse { id, result: result.to_owned() })),
            None => Err(invalid(None, false, "a result response needs a non-null \"id\"")),
        },
        (None, Some(error)) => {
            if env.id.is_none() {
                return Err(invalid(None, false, "an error response needs an \"id\" (null when unknown)"));
            }
            let error = serde_json::from_str::<ErrorObject>(error.get())
                .map_err(|e| invalid(id.clone(), false, format!("invalid \"error\" object: {e}")))?;
            Ok(Message::Error(ErrorResponse { id, error }))
        }
        (None, None) => Err(invalid(id, false, "a message needs \"method\", \"result\" or \"error\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &str) -> DecodeError {
        decode_message(bytes.as_bytes()).expect_err(bytes)
    }

    #[test]
    fn decodes_each_kind() {
        let m = decode_message(br#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"#).unwrap();
        assert!(
            matches!(m, Message::Request(ref r) if r.id == RequestId::Number(1) && r.method == "tools/list")
        );
        let m = decode_message(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert!(matches!(m, Message::Notification(ref n) if n.params.is_none()));
        let m = decode_message(br#"{"jsonrpc":"2.0","id":"a","result":{"x":1}}"#).unwrap();
        assert!(matches!(m, Message::Response(ref r) if r.result.get() == r#"{"x":1}"#));
        let m = decode_message(br#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}}"#)
            .unwrap();
        assert!(
            matches!(m, Message::Error(ref e) if e.id.is_none() && e.error.code == ErrorCode::PARSE_ERROR)
        );
    }

    #[test]
    fn parse_errors_are_32700() {
        for bad in ["", "{", "nul", "{\"jsonrpc\":\"2.0\",}", "{} x", "\u{0}"] {
            assert_eq!(err(bad).code(), ErrorCode::PARSE_ERROR, "{bad:?}");
        }
    }

    #[test]
    fn shape_errors_are_32600_and_keep_the_id() {
        let cases = [
            (r#"{"id":1,"method":"m"}"#, Some(1)),
            (r#"{"jsonrpc":"1.0","id":2,"method":"m"}"#, Some(2)),
            (r#"{"jsonrpc":2.0,"id":3,"method":"m"}"#, Some(3)),
            (r#"{"jsonrpc":"2.0","id":4,"method":5}"#, Some(4)),
            (r#"{"jsonrpc":"2.0","id":5,"method":"m","params":3}"#, Some(5)),
            (r#"{"jsonrpc":"2.0","id":6,"method":"m","params":null}"#, Some(6)),
            (r#"{"jsonrpc":"2.0","id":7,"result":1,"error":{"code":1,"message":"x"}}"#, Some(7)),
            (r#"{"jsonrpc":"2.0","id":8}"#, Some(8)),
            (r#"{"jsonrpc":"2.0","id":9,"method":"m","extra":1}"#, Some(9)),
            (r#"{"jsonrpc":"2.0","id":10,"id":11,"method":"m"}"#, Some(11)),
            (r#"{"jsonrpc":"2.0","id":12,"method":"m","result":{}}"#, Some(12)),
            (r#"{"jsonrpc":"2.0","id":13,"error":{"message":"no code"}}"#, Some(13)),
            (r#"{"jsonrpc":"2.0","id":null,"method":"m"}"#, None),
            (r#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#, None),
            (r#"{"jsonrpc":"2.0","result":{}}"#, None),
            (r#"{"jsonrpc":"2.0","id":null,"result":{}}"#, None),
            (r#"{"jsonrpc":"2.0","error":{"code":1,"message":"x"}}"#, None),
            ("5", None),
            ("\"text\"", None),
            ("null", None),
        ];
        for (text, id) in cases {
            let e = err(text);
            assert_eq!(e.code(), ErrorCode::INVALID_REQUEST, "{text}: {e}");
            assert_eq!(e.id().and_then(RequestId::as_number), id, "{text}");
            let response = e.to_response();
            assert_eq!(response.error.code, ErrorCode::INVALID_REQUEST);
        }
    }

    #[test]
    fn batches_follow_the_policy() {
        let body = br#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"x","params":7}]"#;
        assert_eq!(decode(body, BatchPolicy::Reject).unwrap_err().kind(), DecodeErrorKind::BatchNotAllowed);
        let Decoded::Batch(items) = decode(body, BatchPolicy::Allow).unwrap() else { panic!("not a batch") };
        assert!(items[0].is_ok());
        assert_eq!(items[1].as_ref().unwrap_err().code(), ErrorCode::INVALID_REQUEST);
        assert_eq!(decode(b" []", BatchPolicy::Allow).unwrap_err().kind(), DecodeErrorKind::InvalidMessage);
        assert_eq!(decode(b"[1,", BatchPolicy::Allow).unwrap_err().kind(), DecodeErrorKind::Parse);
    }

    #[test]
    fn encode_then_decode_is_identity() {
        let messages = [
            Message::Request(Request::new(7, "tools/call", &serde_json::json!({"name": "echo"})).unwrap()),
            Message::Notification(Notification::without_params("notifications/initialized")),
            Message::Response(ResultResponse::new("x".into(), &serde_json::json!({})).unwrap()),
            Message::Error(ErrorResponse::new(None, ErrorObject::parse_error("bad"))),
        ];
        for m in messages {
            assert_eq!(decode_message(&m.to_vec()).unwrap(), m);
        }
    }

    #[test]
    fn escaped_member_names_are_recognised() {
        let m = decode_message(br#"{"json\u0072pc":"2.0","id":1,"method":"m"}"#).unwrap();
        assert!(matches!(m, Message::Request(_)));
    }
}
