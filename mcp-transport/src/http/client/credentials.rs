//! The credentials hook: how `mcp-oauth` (or any caller) adds `Authorization` to the client's
//! HTTP requests and reacts to `401`/`403` (2026-07-28 `basic/authorization.mdx`: the client
//! sends `Authorization: Bearer …` on every request; a 401 carries a `WWW-Authenticate`
//! challenge (RFC 6750 §3, RFC 9728 §5.1), a 403 with `insufficient_scope` asks for step-up).

use std::future::Future;
use std::pin::Pin;

use http::{HeaderValue, StatusCode};
use url::Url;

/// A boxed `Send` future.
pub type CredentialsFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A rejected request, as shown to [`CredentialsProvider::unauthorized`].
#[derive(Debug, Clone)]
pub struct Unauthorized {
    /// The URL requested.
    pub url: Url,
    /// `401 Unauthorized` or `403 Forbidden`.
    pub status: StatusCode,
    /// Every `WWW-Authenticate` value of the response (RFC 9110 §11.6.1), verbatim.
    pub www_authenticate: Vec<String>,
}

/// What to do after a `401`/`403`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthAction {
    /// New credentials are available: send the request once more, asking
    /// [`CredentialsProvider::authorization`] again.
    Retry,
    /// Give up: the request fails with
    /// [`HttpClientError::Unauthorized`](super::HttpClientError::Unauthorized).
    Fail,
}

/// Supplies credentials for every HTTP request of a client transport.
///
/// Called on every request (POST, GET, DELETE; detection probes included), so it should be
/// cheap when it has a cached token. At most one retry follows one `unauthorized` call.
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The `Authorization` value for a request to `url`, or `None` to send none.
    ///
    /// # Errors
    /// A message; the request then fails without being sent.
    fn authorization<'a>(
        &'a self,
        url: &'a Url,
    ) -> CredentialsFuture<'a, Result<Option<HeaderValue>, String>>;

    /// Reacts to a `401`/`403`: e.g. runs an authorization flow, refreshes a token or steps up
    /// the scope, then answers [`AuthAction::Retry`].
    fn unauthorized<'a>(&'a self, rejection: &'a Unauthorized) -> CredentialsFuture<'a, AuthAction>;
}

/// A fixed `Authorization` value (e.g. a static bearer token) that never retries.
#[derive(Debug, Clone)]
pub struct StaticCredentials(pub HeaderValue);

impl CredentialsProvider for StaticCredentials {
    fn authorization<'a>(
        &'a self,
        _url: &'a Url,
    ) -> CredentialsFuture<'a, Result<Option<HeaderValue>, String>> {
        Box::pin(async move { Ok(Some(self.0.clone())) })
    }

    fn unauthorized<'a>(&'a self, _rejection: &'a Unauthorized) -> CredentialsFuture<'a, AuthAction> {
        Box::pin(async { AuthAction::Fail })
    }
}
