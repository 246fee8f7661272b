//! Era and transport detection (2026-07-28 `basic/transports/streamable-http.mdx`
//! "Backward Compatibility" and "HTTP+SSE Transport (2024-11-05)"; 2025-11-25
//! `basic/transports.mdx` "Backwards Compatibility").
//!
//! The transport detects while it carries the client's own first messages, so no message is
//! sent twice:
//!
//! 1. the first request (a dual-era client sends `server/discover`) is POSTed with the modern
//!    headers. A 2xx answer, a `400` whose body is a recognised modern error (`-32020`
//!    HeaderMismatch, `-32021` MissingRequiredClientCapability, `-32022`
//!    UnsupportedProtocolVersion; `-32602` is *not* a discriminator) or a `404` carrying
//!    `-32601` mean **modern** ([`modern_error`]); any other 4xx (empty or unrecognised body)
//!    means legacy, and the client answers its error by sending `initialize`;
//! 2. `initialize` is POSTed legacy-style; success means **legacy Streamable HTTP**;
//! 3. if that fails with `400`, `404` or `405`, the URL is fetched with GET expecting an
//!    `endpoint` event first: **HTTP+SSE** (2024-11-05).
//!
//! The outcome ([`Detected`]) is cached per origin in a [`DetectionCache`] (the process-wide
//! [`DetectionCache::global`] by default), and a later connection to the same origin starts in
//! the cached mode.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use http::StatusCode;
use mcp_jsonrpc::{ErrorCode, ErrorObject, ProtocolVersion};
use url::Url;

/// Which HTTP transport to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TransportKind {
    /// Detect per the backwards-compatibility procedure (modern, then legacy Streamable HTTP,
    /// then HTTP+SSE), using the cache.
    #[default]
    Auto,
    /// Streamable HTTP only (either era; never falls back to HTTP+SSE).
    StreamableHttp,
    /// HTTP+SSE (2024-11-05) only: GET the URL for the `endpoint` event.
    Sse,
}

impl std::str::FromStr for TransportKind {
    type Err = String;

    /// Parses `auto`, `streamable-http` or `sse` (the CLI's `--transport` values).
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(TransportKind::Auto),
            "streamable-http" | "streamable" | "http" => Ok(TransportKind::StreamableHttp),
            "sse" | "http+sse" => Ok(TransportKind::Sse),
            other => Err(format!("unknown transport {other:?} (auto|streamable-http|sse)")),
        }
    }
}

/// What detection found for one origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// Streamable HTTP, 2026-07-28 or later: stateless, per-request headers.
    Modern {
        /// The revision of the request that the server accepted.
        version: ProtocolVersion,
    },
    /// Streamable HTTP, 2025-03-26 … 2025-11-25: `initialize`, sessions.
    Legacy {
        /// The revision `initialize` settled, once known.
        version: Option<ProtocolVersion>,
    },
    /// HTTP+SSE (2024-11-05 transport).
    HttpSse,
}

/// Detection results per origin (RFC 6454 ASCII serialization, e.g. `http://127.0.0.1:8080`).
#[derive(Debug, Default)]
pub struct DetectionCache {
    map: Mutex<HashMap<String, Detected>>,
}

impl DetectionCache {
    /// An empty cache.
    pub fn new() -> Self {
        DetectionCache::default()
    }

    /// The process-wide cache used by default.
    pub fn global() -> Arc<DetectionCache> {
        static GLOBAL: OnceLock<Arc<DetectionCache>> = OnceLock::new();
        GLOBAL.get_or_init(|| Arc::new(DetectionCache::new())).clone()
    }

    /// The cached result for `url`'s origin.
    pub fn get(&self, url: &Url) -> Option<Detected> {
        self.lock().get(&origin_key(url)).copied()
    }

    /// Records the result for `url`'s origin.
    pub fn insert(&self, url: &Url, detected: Detected) {
        self.lock().insert(origin_key(url), detected);
    }

    /// Forgets `url`'s origin (e.g. after the cached mode stopped working).
    pub fn remove(&self, url: &Url) {
        self.lock().remove(&origin_key(url));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Detected>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The cache key of a URL: its origin.
pub fn origin_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The JSON-RPC error object in a response body, if the body is a JSON-RPC error response
/// (or a bare error object).
pub fn error_in_body(body: &[u8]) -> Option<ErrorObject> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error").cloned().unwrap_or(value);
    serde_json::from_value(error).ok()
}

/// Whether a failed modern POST proves the server modern: `400` with `-32020`/`-32021`/
/// `-32022`, or `404` with `-32601` (an unknown method on a modern endpoint).
pub fn modern_error(status: StatusCode, error: Option<&ErrorObject>) -> bool {
    match (status, error) {
        (StatusCode::BAD_REQUEST, Some(e)) => e.code.is_modern_only(),
        (StatusCode::NOT_FOUND, Some(e)) => e.code == ErrorCode::METHOD_NOT_FOUND,
        _ => false,
    }
}

/// Whether a failed legacy `initialize` POST means "try HTTP+SSE": `400`, `404` or `405`
/// without a recognised modern error.
pub fn try_http_sse(status: StatusCode, error: Option<&ErrorObject>) -> bool {
    matches!(status, StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED)
        && !modern_error(status, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        let e = |code: i64| Some(ErrorObject::new(ErrorCode(code), "x"));
        assert!(modern_error(StatusCode::BAD_REQUEST, e(-32022).as_ref()));
        assert!(modern_error(StatusCode::BAD_REQUEST, e(-32020).as_ref()));
        assert!(modern_error(StatusCode::BAD_REQUEST, e(-32021).as_ref()));
        assert!(!modern_error(StatusCode::BAD_REQUEST, e(-32602).as_ref()), "legacy servers send -32602 too");
        assert!(!modern_error(StatusCode::BAD_REQUEST, None));
        assert!(modern_error(StatusCode::NOT_FOUND, e(-32601).as_ref()));
        assert!(!modern_error(StatusCode::NOT_FOUND, None));
        assert!(!modern_error(StatusCode::METHOD_NOT_ALLOWED, e(-32022).as_ref()));
        assert!(try_http_sse(StatusCode::METHOD_NOT_ALLOWED, None));
        assert!(try_http_sse(StatusCode::NOT_FOUND, None));
        assert!(!try_http_sse(StatusCode::INTERNAL_SERVER_ERROR, None));
        assert_eq!(
            error_in_body(br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"m"}}"#).unwrap().code,
            ErrorCode(-32022)
        );
        assert!(error_in_body(b"").is_none());
        assert!(error_in_body(b"<html>").is_none());
    }

    #[test]
    fn cache_is_per_origin() {
        let c = DetectionCache::new();
        let a = Url::parse("http://127.0.0.1:1/mcp").unwrap();
        c.insert(&a, Detected::HttpSse);
        assert_eq!(c.get(&Url::parse("http://127.0.0.1:1/other").unwrap()), Some(Detected::HttpSse));
        assert_eq!(c.get(&Url::parse("http://127.0.0.1:2/mcp").unwrap()), None);
        c.remove(&a);
        assert_eq!(c.get(&a), None);
    }
}
