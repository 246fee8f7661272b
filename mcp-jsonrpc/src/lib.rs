//! JSON-RPC 2.0 for the Model Context Protocol, and the MCP schema for every revision.
//!
//! This is the bottom layer of the workspace; it does no I/O and depends only on serde.
//!
//! - [`message`]: requests, notifications and responses, with payloads kept as raw JSON;
//! - [`codec`]: strict decoding with the right JSON-RPC error codes (`-32700`, `-32600`) and
//!   batches only where the revision allows them;
//! - [`framing`]: newline-delimited framing for stdio and single-body decoding for HTTP;
//! - [`version`]: the protocol revisions (`2024-11-05` … `2026-07-28`) and their eras.
//! - [`schema`]: the MCP types of every revision ([`schema::Revisioned`] emits what one
//!   revision defines);
//! - [`correlation`]: sans-I/O request correlation (ids, pending table, timeouts, cancellation).
//!
//! # Decoding a message
//!
//! (The same example is in the repository README.)
//!
//! ```
//! use mcp_jsonrpc::{decode_message, ErrorCode, Message};
//! use mcp_jsonrpc::schema::tools::CallToolRequestParams;
//!
//! let bytes = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#;
//! match decode_message(bytes) {
//!     Ok(Message::Request(request)) => {
//!         let params: CallToolRequestParams = request.params_as().expect("tools/call params");
//!         assert_eq!(params.name, "echo");
//!     }
//!     Ok(other) => panic!("not a request: {other}"),
//!     // A decode error carries the JSON-RPC error to send back (with the request id when it
//!     // could be read).
//!     Err(e) => assert_eq!(e.to_response().error.code, ErrorCode::PARSE_ERROR),
//! }
//!
//! // Bytes that are not JSON give -32700 with a null id; JSON of the wrong shape -32600.
//! assert_eq!(decode_message(b"{").unwrap_err().code(), ErrorCode::PARSE_ERROR);
//! assert_eq!(decode_message(br#"{"jsonrpc":"2.0","id":null,"method":"x"}"#).unwrap_err().code(), ErrorCode::INVALID_REQUEST);
//! ```

pub mod codec;
pub mod correlation;
pub mod error;
pub mod framing;
pub mod id;
pub mod message;
pub mod schema;
pub mod version;

pub use codec::{BatchPolicy, DecodeError, DecodeErrorKind, Decoded, decode, decode_message};
pub use error::{ErrorCode, ErrorObject};
pub use id::RequestId;
pub use message::{ErrorResponse, Message, Notification, Request, ResultResponse};
pub use version::{Era, ProtocolVersion};

/// Re-exported so users can name raw payloads without depending on serde_json directly.
pub use serde_json::value::RawValue;
