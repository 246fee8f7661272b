//! The authenticated caller of a request.
//!
//! Transports (the HTTP authentication hook, [`crate::http::server::Authenticator`]) and
//! `mcp-oauth` (resource-server checks, 2026-07-28 `basic/authorization.mdx`) produce a
//! [`Principal`] per request; the server role hands it to every handler (`mcp-server`'s
//! `Context::principal`). A request that carried no credentials (stdio, or an HTTP endpoint
//! without authorization) has the anonymous principal.
//!
//! It lives in the transport layer so that the HTTP server can produce it without depending
//! on the server role; `mcp-server` re-exports it as `mcp_server::Principal`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who made a request: subject, OAuth client, granted scopes and any other token claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Principal {
    /// The subject (`sub` claim, RFC 7519 §4.1.2); `None` when anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The OAuth client the token was issued to (`client_id`, RFC 9068 §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Granted scopes (RFC 6749 §3.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// Any other claims the authentication layer chose to pass on.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub claims: Map<String, Value>,
}

impl Principal {
    /// The anonymous principal: no subject, no client, no scopes.
    pub fn anonymous() -> Self {
        Principal::default()
    }

    /// A principal for `subject`.
    pub fn new(subject: impl Into<String>) -> Self {
        Principal { subject: Some(subject.into()), ..Principal::default() }
    }

    /// Builder: sets the client id.
    pub fn with_client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Builder: adds a scope.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Whether this is the anonymous principal (no subject and no client).
    pub fn is_anonymous(&self) -> bool {
        self.subject.is_none() && self.client_id.is_none()
    }

    /// Whether `scope` was granted.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// A stable identity string for binding server-side state to this principal: subject and
    /// client id joined by a NUL (`"sub\0client"`; empty parts for absent members). Used to
    /// bind a sealed `requestState` (2026-07-28 `basic/patterns/mrtr.mdx` "Server
    /// Requirements" 5) and to key legacy sessions to their owner (`<user_id>:<session_id>`,
    /// 2025-11-25 `security_best_practices.mdx` "Session Hijacking").
    pub fn binding_key(&self) -> String {
        format!("{}\u{0}{}", self.subject.as_deref().unwrap_or(""), self.client_id.as_deref().unwrap_or(""))
    }
}
