//! The Model Context Protocol server role.
//!
//! Layer: composed from `mcp-jsonrpc` (schema, correlation), `mcp-transport` (stdio, HTTP)
//! and `mcp-oauth` (resource-server checks, optional authorization server). Registers tools,
//! resources and prompts and serves them to clients of every revision through one handler
//! API. Never depends on `mcp-client`.
//!
//! # Shape
//! - [`ServerBuilder`] registers tools ([`ToolDefinition`]: typed with `serde` + `schemars`,
//!   or dynamic from a JSON schema), resources (direct, and RFC 6570 templates:
//!   [`uri_template`]), prompts ([`PromptDefinition`]) and a completion handler, and builds a
//!   [`Server`] whose capabilities follow from what was registered.
//! - Every handler gets a [`Context`]: `elicit`, `sample`, `list_roots`, `progress`, `log`,
//!   cancellation and the caller's [`Principal`], the same API for legacy connections (real
//!   server-to-client requests) and 2026-07-28 requests (multi round-trip requests with a
//!   sealed `requestState`: [`request_state`]).
//! - [`Server::handle_request`] is the transport-agnostic core (one request, an [`Exchange`]
//!   naming its [`Peer`], principal, session and cancellation); [`Server::serve`] drives a
//!   whole connection and [`Server::serve_stdio`] the process's stdin/stdout.
//!
//! # Eras
//! Both on one server at once: `initialize` opens a legacy [`Session`] (2024-11-05 …
//! 2025-11-25); any other request must carry the 2026-07-28 `_meta` (`basic/index.mdx`).
//!
//!
//! # Tasks
//! A tool may run as a task ([`ToolDefinition::with_task_support`]): legacy 2025-11-25
//! `tasks/get`/`result`/`list`/`cancel` and the 2026-07-28 extension
//! `io.modelcontextprotocol/tasks` (`tasks/get`/`update`/`cancel`), over a [`tasks::TaskStore`]
//! ([`tasks`]).

mod builder;
mod cancel;
mod completion;
mod context;
mod dispatch;
mod error;
mod http;
mod pagination;
mod peer;
mod principal;
mod prompt;
pub mod request_state;
mod resource;
mod serve;
mod server;
mod session;
pub mod tasks;
mod tool;
pub mod uri_template;

pub use builder::ServerBuilder;
pub use cancel::CancellationToken;
pub use context::Context;
pub use dispatch::Exchange;
pub use error::{Error, InputRequired, RegistrationError};
pub use http::HttpSession;
pub use peer::{BoxFuture, NullPeer, Peer};
pub use principal::Principal;
pub use prompt::{PromptArguments, PromptDefinition};
pub use request_state::StateError;
pub use resource::{ResourceDefinition, ResourceTemplateDefinition, TemplateVariables};
pub use server::{Server, ServerOptions};
pub use session::Session;
pub use tool::{ToolDefinition, validate_tool_name};
