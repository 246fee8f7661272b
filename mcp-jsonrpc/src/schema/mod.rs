//! The MCP schema as Rust types, one version-neutral set for every revision.
//!
//! Type names follow the definition names of the official `schema.json` of each revision
//! (`CallToolRequestParams`, `CallToolResult`, `ServerCapabilities`, ...), so a type can be
//! checked against `#/$defs/<Name>` directly.
//!
//! # Conventions
//!
//! - Structs derive `Serialize`, `Deserialize`, `Debug`, `Clone`, `PartialEq`, use
//!   `camelCase` member names, and skip absent optional members when serializing.
//! - `_meta` is [`Meta`] everywhere the schema has it; unknown `_meta` keys are kept.
//! - Result types keep unknown members in an `extra` map (the schema's `Result` allows any
//!   additional property), so a result round-trips unchanged.
//! - Members that only some revisions define are `Option`s. [`Revisioned::adapt_to`] turns a
//!   value into what one revision defines before it is sent: for 2026-07-28 it fills required
//!   members (`resultType`), for the legacy revisions it removes modern-only members
//!   (`resultType`, `ttlMs`, `cacheScope`, ...).
//! - Method names are constants in [`methods`].

mod meta;

pub mod capabilities;
pub mod common;
pub mod completion;
pub mod content;
pub mod elicitation;
pub mod errors;
pub mod input;
pub mod lifecycle;
pub mod logging;
pub mod methods;
pub mod notifications;
pub mod prompts;
pub mod resources;
pub mod roots;
pub mod sampling;
pub mod subscriptions;
pub mod tasks;
pub mod tools;

pub use meta::{Meta, is_reserved_meta_key, is_valid_meta_key, meta_keys};

use crate::version::ProtocolVersion;

/// Conversion of a value into the form one protocol revision defines.
///
/// Implemented by every result type and by every type that contains revision-dependent
/// members. Adapting is idempotent, and adapting to the revision a value was decoded from
/// leaves it unchanged.
pub trait Revisioned {
    /// Rewrites `self` in place into what `version` defines.
    fn adapt_to(&mut self, version: ProtocolVersion);

    /// By-value form of [`Revisioned::adapt_to`].
    fn for_revision(mut self, version: ProtocolVersion) -> Self
    where
        Self: Sized,
    {
        self.adapt_to(version);
        self
    }
}
