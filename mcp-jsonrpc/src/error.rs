//! JSON-RPC error objects and the error codes JSON-RPC 2.0 and MCP define.
//!
//! Codes: JSON-RPC 2.0 §5.1 (`-32700` to `-32603`); MCP 2026-07-28 `basic/index.mdx`
//! "Error codes" reserves `-32020..=-32099` and defines `-32020`, `-32021` and `-32022`; the
//! legacy revisions use `-32002` (resource not found) and 2025-11-25 `-32042` (URL
//! elicitation required).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON-RPC error code (an integer; JSON-RPC 2.0 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ErrorCode(pub i64);

impl ErrorCode {
    /// `-32700` Parse error: the bytes are not valid JSON (JSON-RPC 2.0 §5.1).
    pub const PARSE_ERROR: ErrorCode = ErrorCode(-32700);
    /// `-32600` Invalid Request: valid JSON that is not a valid request object.
    pub const INVALID_REQUEST: ErrorCode = ErrorCode(-32600);
    /// `-32601` Method not found.
    pub const METHOD_NOT_FOUND: ErrorCode = ErrorCode(-32601);
    /// `-32602` Invalid params. In 2026-07-28 also a missing required `_meta` field and an
    /// unknown resource (`server/resources.mdx` "Error Handling").
    pub const INVALID_PARAMS: ErrorCode = ErrorCode(-32602);
    /// `-32603` Internal error.
    pub const INTERNAL_ERROR: ErrorCode = ErrorCode(-32603);
    /// `-32020` HeaderMismatch: an HTTP header disagrees with the body, or a required header
    /// is missing (2026-07-28 `basic/transports/streamable-http.mdx`).
    pub const HEADER_MISMATCH: ErrorCode = ErrorCode(-32020);
    /// `-32021` MissingRequiredClientCapability: the request needs a client capability the
    /// client did not declare; `data.requiredCapabilities` names it (2026-07-28).
    pub const MISSING_REQUIRED_CLIENT_CAPABILITY: ErrorCode = ErrorCode(-32021);
    /// `-32022` UnsupportedProtocolVersion: `data.supported` lists the versions the server
    /// speaks and `data.requested` echoes the one asked for (2026-07-28).
    pub const UNSUPPORTED_PROTOCOL_VERSION: ErrorCode = ErrorCode(-32022);
    /// `-32002` resource not found, legacy revisions only (2026-07-28 uses `-32602`; clients
    /// SHOULD still accept `-32002`).
    pub const RESOURCE_NOT_FOUND_LEGACY: ErrorCode = ErrorCode(-32002);
    /// `-32042` URL elicitation required, 2025-11-25 only.
    pub const URL_ELICITATION_REQUIRED: ErrorCode = ErrorCode(-32042);

    /// Whether this is one of the errors only a 2026-07-28 (modern) peer sends; the stdio and
    /// Streamable HTTP era probes treat these as "the server is modern"
    /// (2026-07-28 `basic/transports/stdio.mdx` and `streamable-http.mdx`, "Protocol era detection").
    pub fn is_modern_only(self) -> bool {
        matches!(self.0, -32022..=-32020)
    }

    /// The name JSON-RPC or MCP gives this code, if it is a known one.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            -32700 => "Parse error",
            -32600 => "Invalid Request",
            -32601 => "Method not found",
            -32602 => "Invalid params",
            -32603 => "Internal error",
            -32020 => "Header mismatch",
            -32021 => "Missing required client capability",
            -32022 => "Unsupported protocol version",
            -32002 => "Resource not found",
            -32042 => "URL elicitation required",
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} ({name})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// The `error` member of a JSON-RPC error response (JSON-RPC 2.0 §5.1).
/// Members other than `code`, `message` and `data` are ignored when decoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// The error code.
    pub code: ErrorCode,
    /// A short, human-readable description.
    pub message: String,
    /// Extra information defined by the sender (for MCP errors, a code-specific object).
    /// An explicit `"data": null` decodes as `Some(Value::Null)`, so it round-trips.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub data: Option<Value>,
}

/// Decodes a member that is present (even as `null`) as `Some`; `#[serde(default)]` covers the
/// absent case.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl ErrorObject {
    /// An error with a code and a message and no `data`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorObject { code, message: message.into(), data: None }
    }

    /// Adds `data`.
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// `-32700` with the given detail.
    pub fn parse_error(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::PARSE_ERROR, detail)
    }

    /// `-32600` with the given detail.
    pub fn invalid_request(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::INVALID_REQUEST, detail)
    }

    /// `-32601` naming the method.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(ErrorCode::METHOD_NOT_FOUND, format!("method not found: {method}"))
    }

    /// `-32602` with the given detail.
    pub fn invalid_params(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::INVALID_PARAMS, detail)
    }

    /// `-32603` with the given detail.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::INTERNAL_ERROR, detail)
    }
}

impl fmt::Display for ErrorObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JSON-RPC error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for ErrorObject {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_only_codes() {
        assert!(ErrorCode::HEADER_MISMATCH.is_modern_only());
        assert!(ErrorCode::UNSUPPORTED_PROTOCOL_VERSION.is_modern_only());
        assert!(!ErrorCode::INVALID_PARAMS.is_modern_only());
        assert!(!ErrorCode(-32023).is_modern_only());
    }

    #[test]
    fn explicit_null_data_round_trips() {
        let with_null: ErrorObject = serde_json::from_str(r#"{"code":1,"message":"m","data":null}"#).unwrap();
        assert_eq!(with_null.data, Some(Value::Null));
        assert_eq!(serde_json::to_string(&with_null).unwrap(), r#"{"code":1,"message":"m","data":null}"#);
        let without: ErrorObject = serde_json::from_str(r#"{"code":1,"message":"m"}"#).unwrap();
        assert_eq!(without.data, None);
    }
}
