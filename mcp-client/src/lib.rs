//! The Model Context Protocol client role.
//!
//! Layer: composed from `mcp-jsonrpc` (schema, correlation) and `mcp-transport` (stdio,
//! child processes, in-memory pairs). Never depends on `mcp-server`.
//!
//! ```no_run
//! # async fn run() -> mcp_client::Result<()> {
//! use mcp_client::Client;
//! use mcp_transport::ServerCommand;
//! let client = Client::builder()
//!     .elicitation(|_req| async { Ok(mcp_jsonrpc::schema::elicitation::ElicitResult::decline()) })
//!     .spawn(&ServerCommand::new("my-mcp-server"))
//!     .await?;
//! for tool in client.list_all_tools().await? {
//!     println!("{}", tool.name);
//! }
//! client.close().await?;
//! # Ok(()) }
//! ```
//!
//! # Concepts, one module each
//! - [`era`]: `server/discover` first, then `initialize` for legacy servers
//!   (2026-07-28 `basic/transports/stdio.mdx`); the outcome is [`Negotiated`];
//! - [`methods`], [`pagination`], [`tasks`]: typed methods for both eras;
//! - [`cache`]: `ttlMs`/`cacheScope` (`server/utilities/caching.mdx`);
//! - [`callbacks`]: elicitation, sampling and roots, serving legacy server-to-client requests
//!   and 2026-07-28 `inputRequests` alike; [`mrtr`] runs the retry loop;
//! - [`subscription`]: `subscriptions/listen` streams;
//! - [`http`]: connecting over Streamable HTTP (both eras) or HTTP+SSE, with detection
//!   ([`Client::connect_http`]);
//! - the driver task routes responses, server requests and notifications; request timeouts
//!   and cancellation (`notifications/cancelled`) use the correlation core of `mcp-jsonrpc`.

mod builder;
pub mod cache;
pub mod callbacks;
mod client;
pub mod clock;
mod driver;
pub mod elicitation_defaults;
pub mod era;
mod error;
pub mod http;
pub mod methods;
pub mod mrtr;
mod negotiated;
pub mod notifications;
mod options;
pub mod pagination;
mod request;
pub mod result_kind;
mod rpc;
mod server_requests;
pub mod subscription;
pub mod tasks;

pub use builder::{
    ClientBuilder, DEFAULT_DISCOVER_TIMEOUT, DEFAULT_MAX_INPUT_ROUNDS, DEFAULT_REQUEST_TIMEOUT,
};
pub use client::Client;
pub use error::{ClientError, Result};
pub use methods::ToolCallOutcome;
pub use negotiated::Negotiated;
pub use notifications::ServerNotification;
pub use options::RequestOptions;
pub use subscription::Subscription;
