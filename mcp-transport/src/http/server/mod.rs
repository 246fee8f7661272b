//! The server side of the HTTP transports: one `tower::Service` for Streamable HTTP in both
//! eras and for the 2024-11-05 HTTP+SSE transport.
//!
//! - [`McpHttpService`] ([`service`]): mounts in axum or any hyper server, or runs with
//!   [`serve()`](fn@serve) on a `TcpListener`. MCP semantics come from an [`McpHttpHandler`] ([`handler`]),
//!   which `mcp-server` implements for its `Server`.
//! - 2026-07-28 stateless POSTs ([`modern`]): header/body validation (`-32020`, `-32022`,
//!   `-32602`), status codes, JSON or SSE per request, cancellation by closing the stream.
//! - Legacy Streamable HTTP ([`legacy`]): sessions, standalone GET stream, resumable streams
//!   ([`events`]), DELETE, batches for 2025-03-26.
//! - HTTP+SSE ([`sse_legacy`]).
//! - Security ([`security`]): `Host`/`Origin` allowlists, body limit, `Content-Type`/`Accept`;
//!   authentication ([`auth`]): [`Authenticator`] turns headers into a
//!   [`Principal`](crate::Principal) or a `401`/`403` challenge.
//! - Stores: [`SessionStore`] ([`sessions`]) and [`EventStore`] ([`events`]), with in-memory
//!   implementations.
//!
//! ```no_run
//! # use mcp_transport::http::server::*;
//! # async fn run<H: McpHttpHandler>(handler: H) -> std::io::Result<()> {
//! let service = McpHttpService::new(handler, HttpServerConfig::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! serve(listener, service, std::future::pending()).await
//! # }
//! ```

// Rejections are returned as ready-made HTTP responses (`Result<_, Response<McpBody>>`), on
// the rare error paths only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod body;
pub mod config;
pub mod events;
pub mod handler;
pub mod legacy;
mod live;
pub mod modern;
pub mod security;
pub mod serve;
pub mod service;
pub mod sessions;
pub mod sse_legacy;

pub use auth::{Anonymous, Authenticator, Challenge, Parts};
pub use body::McpBody;
pub use config::{HostPolicy, HttpServerConfig, OriginPolicy, StandaloneStreamPolicy};
pub use events::{EventId, EventStore, InMemoryEventStore, ReplayError, StoredEvent};
pub use handler::{McpHttpHandler, RequestContext};
pub use serve::serve;
pub use service::{McpHttpService, McpHttpServiceBuilder};
pub use sessions::{InMemorySessionStore, SessionRecord, SessionStore, SessionTransport, new_session_id};
