//! The HTTP/1.1 client under every client transport: hyper-util's pooled client over a
//! TCP connector with `TCP_NODELAY`, and rustls (ring, Mozilla roots) for `https`.
//!
//! Connection reuse without stale-connection stalls:
//! - idle pooled connections are closed after [`HttpClientOptions::pool_idle_timeout`]
//!   (servers commonly close theirs after 5–60 s; we keep ours shorter by default);
//! - a request that meets a pooled connection the server had already closed, before any byte
//!   of it was sent, is retried once on a new connection (hyper-util's
//!   `retry_canceled_requests`, plus one retry here for a request that hyper reports
//!   cancelled; a request that may have reached the server is never replayed, except `GET`
//!   and `DELETE`, which are idempotent);
//! - every wait is bounded: connect ([`HttpClientOptions::connect_timeout`]), response head
//!   ([`HttpClientOptions::response_timeout`]) and whole JSON bodies (the same timeout);
//! - bodies are always read to their end (or the connection is dropped) so connections return
//!   to the pool.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::HttpClientOptions;
use super::error::HttpClientError;

/// A cheap-to-clone pooled HTTP client.
#[derive(Clone, Debug)]
pub(crate) struct Connector {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    response_timeout: Duration,
}

impl Connector {
    pub(crate) fn new(options: &HttpClientOptions) -> Result<Self, HttpClientError> {
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        http.enforce_http(false);
        http.set_connect_timeout(Some(options.connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(Arc::new(rustls::crypto::ring::default_provider()))
            .map_err(|e| HttpClientError::Tls(e.to_string()))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(options.pool_idle_timeout)
            .retry_canceled_requests(true)
            .build(https);
        Ok(Connector { client, response_timeout: options.response_timeout })
    }

    /// Sends a request and waits (bounded) for the response head.
    pub(crate) async fn send(
        &self,
        request: Request<Full<Bytes>>,
    ) -> Result<Response<Incoming>, HttpClientError> {
        let idempotent = matches!(*request.method(), http::Method::GET | http::Method::DELETE);
        let retry = clone_request(&request);
        match self.send_once(request).await {
            Err(HttpClientError::Http(e)) if retryable(&e, idempotent) => {
                tracing::debug!(error = %e, "retrying on a fresh connection");
                self.send_once(retry).await
            }
            other => other,
        }
    }

    async fn send_once(&self, request: Request<Full<Bytes>>) -> Result<Response<Incoming>, HttpClientError> {
        match tokio::time::timeout(self.response_timeout, self.client.request(request)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(HttpClientError::Http(Arc::new(e))),
            Err(_) => Err(HttpClientError::Timeout("response head")),
        }
    }

    /// Reads a whole (JSON) body, bounded in time and size.
    pub(crate) async fn read_body(&self, body: Incoming, max: usize) -> Result<Bytes, HttpClientError> {
        let limited = http_body_util::Limited::new(body, max);
        match tokio::time::timeout(self.response_timeout, limited.collect()).await {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) => Err(HttpClientError::Body(e.to_string())),
            Err(_) => Err(HttpClientError::Timeout("response body")),
        }
    }
}

fn clone_request(request: &Request<Full<Bytes>>) -> Request<Full<Bytes>> {
    let mut builder = Request::builder().method(request.method().clone()).uri(request.uri().clone());
    if let Some(h) = builder.headers_mut() {
        *h = request.headers().clone();
    }
    // `Full` is cheap to clone (it holds `Bytes`).
    builder.body(request.body().clone()).unwrap_or_else(|_| Request::new(request.body().clone()))
}

/// Whether a failed request may be sent again on a new connection.
fn retryable(e: &hyper_util::client::legacy::Error, idempotent: bool) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(h) = s.downcast_ref::<hyper::Error>() {
            return h.is_canceled() || (idempotent && (h.is_incomplete_message() || h.is_closed()));
        }
        source = s.source();
    }
    false
}
