//! The authentication hook: every request's headers become a [`Principal`] or a challenge.
//!
//! The server calls the [`Authenticator`] on every request to every endpoint, after the
//! `Origin`/`Host` checks and before anything else. `mcp-oauth` implements it as an OAuth 2.1
//! resource server (2026-07-28 `basic/authorization.mdx`: `401` with
//! `WWW-Authenticate: Bearer resource_metadata="…"` for missing or invalid tokens, `403` with
//! `error="insufficient_scope"` for step-up; RFC 6750 §3). The principal reaches the handler
//! ([`RequestContext::principal`](super::RequestContext::principal)), and legacy sessions are
//! bound to the principal that created them.

use http::StatusCode;
/// The request head (method, URI, headers) an [`Authenticator`] is given: `http::request::Parts`,
/// re-exported so that implementers need no direct dependency on the `http` crate.
pub use http::request::Parts;

use crate::peer::BoxFuture;
use crate::principal::Principal;

/// A refusal: the status (`401 Unauthorized` or `403 Forbidden`), the `WWW-Authenticate`
/// challenge (RFC 9110 §11.6.1) and an optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    /// `401` or `403` (any 4xx is sent as given).
    pub status: StatusCode,
    /// The `WWW-Authenticate` header value, e.g. `Bearer resource_metadata="https://…"`.
    pub www_authenticate: Option<String>,
    /// A JSON body (e.g. an OAuth error object); `None` sends a JSON-RPC error without id.
    pub body: Option<serde_json::Value>,
}

impl Challenge {
    /// `401 Unauthorized` with `WWW-Authenticate: {challenge}`.
    pub fn unauthorized(challenge: impl Into<String>) -> Self {
        Challenge { status: StatusCode::UNAUTHORIZED, www_authenticate: Some(challenge.into()), body: None }
    }

    /// `403 Forbidden` with `WWW-Authenticate: {challenge}` (RFC 6750 §3.1
    /// `insufficient_scope`).
    pub fn forbidden(challenge: impl Into<String>) -> Self {
        Challenge { status: StatusCode::FORBIDDEN, www_authenticate: Some(challenge.into()), body: None }
    }
}

/// Turns a request's head (method, URI, headers) into the caller's [`Principal`], or refuses
/// it with a [`Challenge`]. Called once per HTTP request; must be cheap or cache internally.
pub trait Authenticator: Send + Sync + 'static {
    /// Authenticates one request.
    ///
    /// # Errors
    /// The [`Challenge`] to send instead of processing the request.
    fn authenticate<'a>(&'a self, request: &'a Parts) -> BoxFuture<'a, Result<Principal, Challenge>>;
}

/// Lets every request in as [`Principal::anonymous`]: the default, for local servers without
/// authorization.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

impl Authenticator for Anonymous {
    fn authenticate<'a>(&'a self, _request: &'a Parts) -> BoxFuture<'a, Result<Principal, Challenge>> {
        Box::pin(async { Ok(Principal::anonymous()) })
    }
}

impl<F> Authenticator for F
where
    F: Fn(&Parts) -> Result<Principal, Challenge> + Send + Sync + 'static,
{
    fn authenticate<'a>(&'a self, request: &'a Parts) -> BoxFuture<'a, Result<Principal, Challenge>> {
        let outcome = self(request);
        Box::pin(async move { outcome })
    }
}
