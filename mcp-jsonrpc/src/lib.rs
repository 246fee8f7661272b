//! JSON-RPC 2.0 for the Model Context Protocol, and the MCP schema for every revision.
//!
//! This is the bottom layer of the workspace; it does no I/O and depends only on serde.
//!
//! - [`message`]: requests, notifications and responses, with payloads kept as raw JSON;
//! - [`codec`]: strict decoding with the right JSON-RPC error codes (`-32700`, `-32600`) and
//!   batches only where the revision allows them;
//! - [`framing`]: newline-delimited framing for stdio and single-body decoding for HTTP;
//! - [`version`]: the protocol revisions (`2024-11-05` … `2026-07-28`) and their eras.

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
