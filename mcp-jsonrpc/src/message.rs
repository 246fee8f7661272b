//! JSON-RPC 2.0 messages: requests, notifications, and the two kinds of response.
//!
//! Parameters and results are kept as raw JSON text ([`RawValue`]) so that a message can be
//! routed (by `method` and `id`) without building a tree of its payload; the payload is
//! decoded once, straight into the MCP type that the method names
//! ([`Request::params_as`], [`ResultResponse::result_as`]).
//!
//! Decoding is strict and lives in [`crate::codec`]; these types also implement
//! `Deserialize` by going through that decoder.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::ErrorObject;
use crate::id::RequestId;

/// The value of the `jsonrpc` member every message carries.
pub const JSONRPC_VERSION: &str = "2.0";

/// Serializes `value` into raw JSON text, as stored in `params` and `result`.
///
/// # Errors
/// Whatever `serde_json` reports for `value` (for example a map with non-string keys).
pub fn to_raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, serde_json::Error> {
    serde_json::value::to_raw_value(value)
}

fn raw_eq(a: &Option<Box<RawValue>>, b: &Option<Box<RawValue>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.get() == b.get(),
        (None, None) => true,
        _ => false,
    }
}

/// A request: a method call that expects a response with the same `id` (JSON-RPC 2.0 §4).
#[derive(Debug, Clone)]
pub struct Request {
    /// The id the response will carry.
    pub id: RequestId,
    /// The method name, e.g. `tools/call`.
    pub method: String,
    /// The parameters as raw JSON (an object or an array; MCP always uses an object).
    pub params: Option<Box<RawValue>>,
}

impl Request {
    /// A request whose params are `params` serialized to JSON.
    ///
    /// # Errors
    /// When `params` cannot be serialized.
    pub fn new<P: Serialize + ?Sized>(
        id: impl Into<RequestId>,
        method: impl Into<String>,
        params: &P,
    ) -> Result<Self, serde_json::Error> {
        Ok(Request { id: id.into(), method: method.into(), params: Some(to_raw(params)?) })
    }

    /// A request without params.
    pub fn without_params(id: impl Into<RequestId>, method: impl Into<String>) -> Self {
        Request { id: id.into(), method: method.into(), params: None }
    }

    /// Decodes the params into `T`; absent params decode as an empty object.
    ///
    /// # Errors
    /// When the params do not have the shape of `T` (answer with `-32602`).
    pub fn params_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        params_as(&self.params)
    }
}

impl PartialEq for Request {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.method == other.method && raw_eq(&self.params, &other.params)
    }
}

/// A notification: a method call without an `id`, never answered (JSON-RPC 2.0 §4.1).
#[derive(Debug, Clone)]
pub struct Notification {
    /// The method name, e.g. `notifications/progress`.
    pub method: String,
    /// The parameters as raw JSON.
    pub params: Option<Box<RawValue>>,
}

impl Notification {
    /// A notification whose params are `params` serialized to JSON.
    ///
    /// # Errors
    /// When `params` cannot be serialized.
    pub fn new<P: Serialize + ?Sized>(
        method: impl Into<String>,
        params: &P,
    ) -> Result<Self, serde_json::Error> {
        Ok(Notification { method: method.into(), params: Some(to_raw(params)?) })
    }

    /// A notification without params.
    pub fn without_params(method: impl Into<String>) -> Self {
        Notification { method: method.into(), params: None }
    }

    /// Decodes the params into `T`; absent params decode as an empty object.
    ///
    /// # Errors
    /// When the params do not have the shape of `T`.
    pub fn params_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        params_as(&self.params)
    }
}

impl PartialEq for Notification {
    fn eq(&self, other: &Self) -> bool {
        self.method == other.method && raw_eq(&self.params, &other.params)
    }
}

fn params_as<T: DeserializeOwned>(params: &Option<Box<RawValue>>) -> Result<T, serde_json::Error> {
    match params {
        Some(raw) => serde_json::from_str(raw.get()),
        None => serde_json::from_str("{}"),
    }
}

/// A successful response: `result` for the request with the same `id` (JSON-RPC 2.0 §5).
#[derive(Debug, Clone)]
pub struct ResultResponse {
    /// The id of the request this answers.
    pub id: RequestId,
    /// The result as raw JSON.
    pub result: Box<RawValue>,
}

impl ResultResponse {
    /// A response whose result is `result` serialized to JSON.
    ///
    /// # Errors
    /// When `result` cannot be serialized.
    pub fn new<R: Serialize + ?Sized>(id: RequestId, result: &R) -> Result<Self, serde_json::Error> {
        Ok(ResultResponse { id, result: to_raw(result)? })
    }

    /// Decodes the result into `T`.
    ///
    /// # Errors
    /// When the result does not have the shape of `T`.
    pub fn result_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.result.get())
    }
}

impl PartialEq for ResultResponse {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.result.get() == other.result.get()
    }
}

/// An error response (JSON-RPC 2.0 §5). The `id` is absent (sent as `null`) only when the
/// request's id could not be read, as after a parse error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The id of the request this answers, when it could be determined.
    pub id: Option<RequestId>,
    /// The error.
    pub error: ErrorObject,
}

impl ErrorResponse {
    /// An error response for `id`.
    pub fn new(id: Option<RequestId>, error: ErrorObject) -> Self {
        ErrorResponse { id, error }
    }
}

/// Any JSON-RPC message.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A request.
    Request(Request),
    /// A notification.
    Notification(Notification),
    /// A successful response.
    Response(ResultResponse),
    /// An error response.
    Error(ErrorResponse),
}

impl Message {
    /// The method, for requests and notifications.
    pub fn method(&self) -> Option<&str> {
        match self {
            Message::Request(r) => Some(&r.method),
            Message::Notification(n) => Some(&n.method),
            Message::Response(_) | Message::Error(_) => None,
        }
    }

    /// The id, for requests and responses (error responses may have none).
    pub fn id(&self) -> Option<&RequestId> {
        match self {
            Message::Request(r) => Some(&r.id),
            Message::Response(r) => Some(&r.id),
            Message::Error(e) => e.id.as_ref(),
            Message::Notification(_) => None,
        }
    }

    /// Whether this is a response of either kind.
    pub fn is_response(&self) -> bool {
        matches!(self, Message::Response(_) | Message::Error(_))
    }

    /// Encodes the message as compact JSON bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        // Serializing these types cannot fail: every member is a string, a number, raw JSON
        // text that was produced by serde_json, or a `serde_json::Value`.
        serde_json::to_vec(self).expect("a JSON-RPC message always serializes")
    }
}

impl From<Request> for Message {
    fn from(r: Request) -> Self {
        Message::Request(r)
    }
}

impl From<Notification> for Message {
    fn from(n: Notification) -> Self {
        Message::Notification(n)
    }
}

impl From<ResultResponse> for Message {
    fn from(r: ResultResponse) -> Self {
        Message::Response(r)
    }
}

impl From<ErrorResponse> for Message {
    fn from(e: ErrorResponse) -> Self {
        Message::Error(e)
    }
}

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(if self.params.is_some() { 4 } else { 3 }))?;
        map.serialize_entry("jsonrpc", JSONRPC_VERSION)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("method", &self.method)?;
        if let Some(params) = &self.params {
            map.serialize_entry("params", params)?;
        }
        map.end()
    }
}

impl Serialize for Notification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(if self.params.is_some() { 3 } else { 2 }))?;
        map.serialize_entry("jsonrpc", JSONRPC_VERSION)?;
        map.serialize_entry("method", &self.method)?;
        if let Some(params) = &self.params {
            map.serialize_entry("params", params)?;
        }
        map.end()
    }
}

impl Serialize for ResultResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("jsonrpc", JSONRPC_VERSION)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("result", &self.result)?;
        map.end()
    }
}

impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("jsonrpc", JSONRPC_VERSION)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("error", &self.error)?;
        map.end()
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Message::Request(r) => r.serialize(s),
            Message::Notification(n) => n.serialize(s),
            Message::Response(r) => r.serialize(s),
            Message::Error(e) => e.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Message {
    /// Decodes through [`crate::codec::decode_message`], so the same strict rules apply.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(d)?;
        crate::codec::decode_message(raw.get().as_bytes()).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_vec()))
    }
}
