//! Errors: what a handler returns, and what registration rejects.

use mcp_jsonrpc::{ErrorCode, ErrorObject};
use serde_json::{Value, json};

/// What a handler (tool, resource, prompt, completion) fails with.
///
/// Tool *execution* failures that the model should see belong in a result with
/// `isError: true` (2025-11-25 and 2026-07-28 `server/tools.mdx` "Error Handling"); this type
/// is for protocol-level failures, and for the control flow of the [`Context`](crate::Context)
/// methods, which a handler propagates with `?`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Answer the request with this JSON-RPC error.
    #[error("{0}")]
    Protocol(ErrorObject),
    /// 2026-07-28 only: the handler needs client input it does not have yet
    /// (`basic/patterns/mrtr.mdx`). Returned by [`Context::elicit`](crate::Context::elicit),
    /// [`sample`](crate::Context::sample) and [`list_roots`](crate::Context::list_roots);
    /// propagate it unchanged and the server answers with an `InputRequiredResult`.
    #[error("client input required")]
    InputRequired(InputRequired),
    /// The client did not declare the capability the handler needs (legacy: `initialize`
    /// capabilities; 2026-07-28: the request's `_meta` `clientCapabilities`). Propagated, it
    /// becomes `-32021` MissingRequiredClientCapability with `data.requiredCapabilities`
    /// (2026-07-28 `basic/index.mdx` "Error codes"); on legacy revisions `-32600`.
    #[error("the client did not declare the {required} capability")]
    MissingCapability {
        /// The capabilities needed, as a `ClientCapabilities` object (e.g. `{"elicitation":{"url":{}}}`).
        required: Value,
    },
    /// The request was cancelled; nothing is sent for it (`basic/utilities/cancellation.mdx`).
    #[error("request cancelled")]
    Cancelled,
}

/// The pending `inputRequests` entries, by key (opaque; 2026-07-28 `basic/patterns/mrtr.mdx`).
#[derive(Debug, Clone)]
pub struct InputRequired {
    pub(crate) requests: Vec<(String, Value)>,
}

impl Error {
    /// `-32602` Invalid params with `message`.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Error::Protocol(ErrorObject::invalid_params(message))
    }

    /// `-32603` Internal error with `message`.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Protocol(ErrorObject::internal(message))
    }

    /// A missing capability given as a `ClientCapabilities` fragment.
    pub(crate) fn missing(required: Value) -> Self {
        Error::MissingCapability { required }
    }

    /// The JSON-RPC error this becomes when a handler returns it (`None` for
    /// [`Error::Cancelled`]; [`Error::InputRequired`] is turned into a result before this).
    pub(crate) fn into_error_object(self, modern: bool) -> Option<ErrorObject> {
        match self {
            Error::Protocol(e) => Some(e),
            Error::InputRequired(_) => {
                Some(ErrorObject::internal("client input was requested outside of a request that allows it"))
            }
            Error::MissingCapability { required } => Some(if modern {
                ErrorObject::new(
                    ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
                    format!("missing required client capability: {required}"),
                )
                .with_data(json!({ "requiredCapabilities": required }))
            } else {
                ErrorObject::invalid_request(format!("the client did not declare the capability {required}"))
            }),
            Error::Cancelled => None,
        }
    }
}

impl From<ErrorObject> for Error {
    fn from(e: ErrorObject) -> Self {
        Error::Protocol(e)
    }
}

/// Why a registration on [`ServerBuilder`](crate::ServerBuilder) or [`Server`](crate::Server)
/// was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegistrationError {
    /// The tool name breaks 2025-11-25 `server/tools.mdx` "Tool names": 1 to 128 characters
    /// of `A-Z a-z 0-9 _ - .`.
    #[error("invalid tool name {0:?}: use 1-128 characters of A-Z, a-z, 0-9, '_', '-', '.'")]
    InvalidToolName(String),
    /// Something with this name (or URI) is already registered.
    #[error("{kind} {name:?} is already registered")]
    Duplicate {
        /// `tool`, `resource`, `resource template` or `prompt`.
        kind: &'static str,
        /// The name or URI.
        name: String,
    },
    /// An `inputSchema`/`outputSchema` that is not a JSON Schema object with `"type": "object"`
    /// (`server/tools.mdx` "Tool"), or that does not compile.
    #[error("invalid schema for {name:?}: {reason}")]
    InvalidSchema {
        /// The tool name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A URI template that is not RFC 6570 level 1 or 2.
    #[error(transparent)]
    InvalidUriTemplate(#[from] crate::uri_template::TemplateError),
}
