//! The MCP error codes that carry a defined `data` object, with typed data and constructors.
//!
//! - `-32020` HeaderMismatch (2026-07-28 `basic/transports/streamable-http.mdx`): no `data`;
//! - `-32021` MissingRequiredClientCapability (2026-07-28 `basic/index.mdx` "Error codes"):
//!   `data.requiredCapabilities`;
//! - `-32022` UnsupportedProtocolVersion (2026-07-28): `data.supported` and `data.requested`;
//! - `-32042` URLElicitationRequired (2025-11-25 only, `client/elicitation.mdx`):
//!   `data.elicitations`, the URL-mode elicitations the user must complete first;
//! - the legacy `initialize` version error (`basic/lifecycle.mdx` "Error Handling"): `-32602`
//!   with `data.supported` and `data.requested`.
//!
//! Each constructor returns a [`crate::ErrorObject`] with the code, a short message and the
//! data; [`McpErrorData::from_error`] reads the data back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::capabilities::ClientCapabilities;
use super::elicitation::ElicitRequestURLParams;
use crate::error::{ErrorCode, ErrorObject};
use crate::version::ProtocolVersion;

/// `data` of `-32021` MissingRequiredClientCapability: the capabilities the request needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingRequiredClientCapabilityData {
    /// The client capabilities the server requires to process the request.
    pub required_capabilities: ClientCapabilities,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `data` of `-32022` UnsupportedProtocolVersion, and of the legacy `initialize` version
/// error (`-32602`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnsupportedProtocolVersionData {
    /// The revisions the server speaks; the client picks one and retries.
    pub supported: Vec<String>,
    /// The revision the client asked for, echoed.
    pub requested: String,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UnsupportedProtocolVersionData {
    /// The supported revisions this implementation also speaks, newest first.
    pub fn known_supported(&self) -> Vec<ProtocolVersion> {
        let mut known: Vec<_> = self.supported.iter().filter_map(|s| ProtocolVersion::parse(s)).collect();
        known.sort_unstable_by(|a, b| b.cmp(a));
        known.dedup();
        known
    }
}

/// `data` of `-32042` URLElicitationRequired (2025-11-25 only): the URL-mode elicitations
/// that must complete before the request can succeed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlElicitationRequiredData {
    /// The elicitations, each with its `elicitationId`.
    pub elicitations: Vec<ElicitRequestURLParams>,
    /// Members this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn error_with<T: Serialize>(code: ErrorCode, message: impl Into<String>, data: &T) -> ErrorObject {
    let err = ErrorObject::new(code, message);
    // Serializing these data types cannot fail: they are maps with string keys.
    match serde_json::to_value(data) {
        Ok(data) => err.with_data(data),
        Err(_) => err,
    }
}

/// `-32020` HeaderMismatch: an HTTP header disagrees with the body or a required header is
/// missing or malformed; `detail` says which (HTTP status 400). No `data` is defined.
pub fn header_mismatch(detail: impl Into<String>) -> ErrorObject {
    ErrorObject::new(ErrorCode::HEADER_MISMATCH, detail)
}

/// `-32021` MissingRequiredClientCapability naming `required` (HTTP status 400), e.g.
/// `{"elicitation": {}}` or `{"extensions": {"io.modelcontextprotocol/tasks": {}}}`.
pub fn missing_required_client_capability(required: ClientCapabilities) -> ErrorObject {
    error_with(
        ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
        "Missing required client capability",
        &MissingRequiredClientCapabilityData { required_capabilities: required, extra: Map::new() },
    )
}

/// `-32022` UnsupportedProtocolVersion: `requested` echoed, `supported` listed newest first
/// (HTTP status 400). Also what a modern-only server answers to a legacy `initialize`
/// (2026-07-28 `basic/transports/stdio.mdx` "Protocol era detection": name the versions).
pub fn unsupported_protocol_version(requested: &str, supported: &[ProtocolVersion]) -> ErrorObject {
    error_with(
        ErrorCode::UNSUPPORTED_PROTOCOL_VERSION,
        "Unsupported protocol version",
        &version_data(requested, supported),
    )
}

/// The legacy `initialize` version error: `-32602` "Unsupported protocol version" with
/// `data.supported` and `data.requested` (2025-11-25 `basic/lifecycle.mdx` "Error Handling").
///
/// A legacy server normally answers an unknown version with its own latest version instead;
/// this error is for a server that cannot.
pub fn initialize_version_error(requested: &str, supported: &[ProtocolVersion]) -> ErrorObject {
    error_with(ErrorCode::INVALID_PARAMS, "Unsupported protocol version", &version_data(requested, supported))
}

fn version_data(requested: &str, supported: &[ProtocolVersion]) -> UnsupportedProtocolVersionData {
    let mut versions = supported.to_vec();
    versions.sort_unstable_by(|a, b| b.cmp(a));
    versions.dedup();
    UnsupportedProtocolVersionData {
        supported: versions.iter().map(|v| v.as_str().to_owned()).collect(),
        requested: requested.to_owned(),
        extra: Map::new(),
    }
}

/// `-32042` URLElicitationRequired (2025-11-25 only; never sent to a 2026-07-28 client):
/// the request needs the URL-mode `elicitations` completed first.
pub fn url_elicitation_required(elicitations: Vec<ElicitRequestURLParams>) -> ErrorObject {
    let message = if elicitations.len() == 1 {
        "This request requires more information."
    } else {
        "This request requires more information (several steps)."
    };
    error_with(
        ErrorCode::URL_ELICITATION_REQUIRED,
        message,
        &UrlElicitationRequiredData { elicitations, extra: Map::new() },
    )
}

/// The typed `data` of an MCP error, by code.
#[derive(Debug, Clone, PartialEq)]
pub enum McpErrorData {
    /// `-32021` (boxed: capabilities are large).
    MissingRequiredClientCapability(Box<MissingRequiredClientCapabilityData>),
    /// `-32022`, or `-32602` whose data has the same shape (the legacy `initialize` error).
    UnsupportedProtocolVersion(UnsupportedProtocolVersionData),
    /// `-32042` (2025-11-25).
    UrlElicitationRequired(UrlElicitationRequiredData),
}

impl McpErrorData {
    /// Reads the typed data of `err`.
    ///
    /// Returns `None` when the code defines no data (or, for `-32602`, when the data is not
    /// the version-error shape), `Some(Err)` when a code that requires data (`-32021`,
    /// `-32022`, `-32042`) has none or data of the wrong shape.
    pub fn from_error(err: &ErrorObject) -> Option<Result<McpErrorData, serde_json::Error>> {
        let data = err.data.clone().unwrap_or(Value::Null);
        match err.code {
            ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY => Some(
                serde_json::from_value(data)
                    .map(|d| McpErrorData::MissingRequiredClientCapability(Box::new(d))),
            ),
            ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => {
                Some(serde_json::from_value(data).map(McpErrorData::UnsupportedProtocolVersion))
            }
            ErrorCode::URL_ELICITATION_REQUIRED => {
                Some(serde_json::from_value(data).map(McpErrorData::UrlElicitationRequired))
            }
            ErrorCode::INVALID_PARAMS => serde_json::from_value::<UnsupportedProtocolVersionData>(data)
                .ok()
                .map(|d| Ok(McpErrorData::UnsupportedProtocolVersion(d))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn example_error(def: &str, file: &str) -> ErrorObject {
        let path =
            format!("{}/../spec/schema/2026-07-28/examples/{def}/{file}.json", env!("CARGO_MANIFEST_DIR"));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let err: ErrorObject = serde_json::from_value(v["error"].clone()).unwrap();
        assert_eq!(serde_json::to_value(&err).unwrap(), v["error"], "{def}/{file}");
        err
    }

    #[test]
    fn official_examples_decode_to_typed_data() {
        let err = example_error("UnsupportedProtocolVersionError", "unsupported-version");
        let Some(Ok(McpErrorData::UnsupportedProtocolVersion(d))) = McpErrorData::from_error(&err) else {
            panic!("{err:?}")
        };
        assert_eq!(d.requested, "1900-01-01");
        assert_eq!(d.known_supported(), [ProtocolVersion::V2026_07_28, ProtocolVersion::V2025_11_25]);
        assert_eq!(serde_json::to_value(&d).unwrap(), err.data.unwrap());

        let err = example_error("MissingRequiredClientCapabilityError", "missing-elicitation-capability");
        let Some(Ok(McpErrorData::MissingRequiredClientCapability(d))) = McpErrorData::from_error(&err)
        else {
            panic!("{err:?}")
        };
        assert!(d.required_capabilities.elicitation.is_some());
        assert_eq!(serde_json::to_value(&d).unwrap(), err.data.unwrap());

        let err = example_error("HeaderMismatchError", "header-mismatch");
        assert_eq!(err.code, ErrorCode::HEADER_MISMATCH);
        assert!(McpErrorData::from_error(&err).is_none());
    }

    #[test]
    fn constructors_set_code_and_data() {
        let err = unsupported_protocol_version(
            "1900-01-01",
            &[ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28, ProtocolVersion::V2025_11_25],
        );
        assert_eq!(err.code.0, -32022);
        assert_eq!(
            err.data,
            Some(json!({"supported": ["2026-07-28", "2025-11-25"], "requested": "1900-01-01"}))
        );

        let err = initialize_version_error("1.0.0", &[ProtocolVersion::V2024_11_05]);
        assert_eq!(err.code.0, -32602);
        assert_eq!(err.data, Some(json!({"supported": ["2024-11-05"], "requested": "1.0.0"})));
        assert!(matches!(
            McpErrorData::from_error(&err),
            Some(Ok(McpErrorData::UnsupportedProtocolVersion(_)))
        ));

        let caps = ClientCapabilities {
            extensions: Some([("io.modelcontextprotocol/tasks".to_owned(), Map::new())].into()),
            ..Default::default()
        };
        let err = missing_required_client_capability(caps);
        assert_eq!(err.code.0, -32021);
        assert_eq!(
            err.data,
            Some(json!({"requiredCapabilities": {"extensions": {"io.modelcontextprotocol/tasks": {}}}}))
        );

        let mut e = ElicitRequestURLParams::new("Authorize access", "https://example.com/oauth");
        e.elicitation_id = Some("el-1".into());
        let err = url_elicitation_required(vec![e.clone()]);
        assert_eq!(err.code.0, -32042);
        let Some(Ok(McpErrorData::UrlElicitationRequired(d))) = McpErrorData::from_error(&err) else {
            panic!("{err:?}")
        };
        assert_eq!(d.elicitations, vec![e]);

        let err = header_mismatch("Mcp-Method header does not match the body");
        assert_eq!((err.code.0, err.data), (-32020, None));
    }

    #[test]
    fn missing_or_malformed_data_is_reported() {
        let bare = ErrorObject::new(ErrorCode::UNSUPPORTED_PROTOCOL_VERSION, "x");
        assert!(matches!(McpErrorData::from_error(&bare), Some(Err(_))));
        let wrong =
            ErrorObject::new(ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY, "x").with_data(json!([1]));
        assert!(matches!(McpErrorData::from_error(&wrong), Some(Err(_))));
        let plain_invalid_params = ErrorObject::invalid_params("unknown tool");
        assert!(McpErrorData::from_error(&plain_invalid_params).is_none());
        assert!(McpErrorData::from_error(&ErrorObject::internal("boom")).is_none());
    }
}
