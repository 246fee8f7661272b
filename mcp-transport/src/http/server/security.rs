//! Checks applied to every request before it reaches MCP: `Host` and `Origin` (DNS
//! rebinding), body size, `Content-Type` and `Accept`.
//!
//! - `Host` outside [`HostPolicy`]: `403` (a rebinding attack reaches a loopback server under
//!   a foreign name; 2026-07-28 `security_best_practices.mdx` "DNS rebinding").
//! - `Origin` present and outside [`OriginPolicy`]: `403` (2025-11-25 and 2026-07-28
//!   transports "Security"). Both bodies are JSON-RPC errors without `id`.
//! - Body over the limit: `413` (checked on `Content-Length` first, then while reading).
//! - POST whose `Content-Type` is not `application/json`: `415`; an `Accept` that allows
//!   neither `application/json` nor `text/event-stream` (for GET: not `text/event-stream`):
//!   `406`. A missing `Accept` counts as `*/*`.

use bytes::Bytes;
use http::{HeaderMap, StatusCode, header};
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use mcp_jsonrpc::ErrorCode;

use super::body::{McpBody, rpc_error};
use super::config::{HostPolicy, OriginPolicy};

type Refusal = http::Response<McpBody>;

fn forbidden(detail: String) -> Refusal {
    rpc_error(StatusCode::FORBIDDEN, None, ErrorCode::INVALID_REQUEST, detail)
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host.ends_with(".localhost")
}

/// Splits `host[:port]` (with `[v6]` literals) into host and port.
fn split_host_port(authority: &str) -> (&str, Option<u16>) {
    if let Some(rest) = authority.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            let host = &authority[..end + 2];
            let port = rest[end + 1..].strip_prefix(':').and_then(|p| p.parse().ok());
            return (host, port);
        }
        return (authority, None);
    }
    match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p.parse().ok()),
        _ => (authority, None),
    }
}

/// Validates `Host` (HTTP/1.1) or the URI authority (HTTP/2).
pub(crate) fn check_host(policy: &HostPolicy, headers: &HeaderMap, uri: &http::Uri) -> Result<(), Refusal> {
    if matches!(policy, HostPolicy::Any) {
        return Ok(());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.to_string()));
    let Some(host) = host else {
        return Err(forbidden("Forbidden: missing Host header".into()));
    };
    let (name, port) = split_host_port(&host);
    let ok = match policy {
        HostPolicy::Any => true,
        HostPolicy::Loopback { port: want } => is_loopback_host(name) && (want.is_none() || port == *want),
        HostPolicy::List(list) => list.iter().any(|entry| {
            let (en, ep) = split_host_port(entry);
            en.eq_ignore_ascii_case(name) && (ep.is_none() || ep == port)
        }),
    };
    if ok { Ok(()) } else { Err(forbidden(format!("Forbidden: Host {host:?} is not allowed"))) }
}

/// Validates `Origin` when present.
pub(crate) fn check_origin(policy: &OriginPolicy, headers: &HeaderMap) -> Result<(), Refusal> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().unwrap_or("");
    let ok = match policy {
        OriginPolicy::Any => true,
        OriginPolicy::List(list) => list.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin)),
        OriginPolicy::Loopback => origin
            .split_once("://")
            .filter(|(scheme, _)| matches!(*scheme, "http" | "https"))
            .map(|(_, authority)| is_loopback_host(split_host_port(authority).0))
            .unwrap_or(false),
    };
    if ok { Ok(()) } else { Err(forbidden(format!("Forbidden: Origin {origin:?} is not allowed"))) }
}

/// Whether the media range list in `Accept` admits `media` (`type/subtype`), honouring
/// `type/*`, `*/*` and `q=0`. A missing header admits everything.
pub(crate) fn accepts(headers: &HeaderMap, media: &str) -> bool {
    let values: Vec<&str> = headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return true;
    }
    let (mtype, _) = media.split_once('/').unwrap_or((media, ""));
    values.iter().flat_map(|v| v.split(',')).any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let r = parts.next().unwrap_or("").to_ascii_lowercase();
        let zero =
            parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        !zero && (r == media || r == "*/*" || r == format!("{mtype}/*"))
    })
}

/// `415` unless `Content-Type` is `application/json` (parameters such as `charset` allowed).
pub(crate) fn check_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(rpc_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
            ErrorCode::INVALID_REQUEST,
            format!("Unsupported Media Type: Content-Type must be application/json, not {ct:?}"),
        ))
    }
}

/// `406` for a POST whose `Accept` allows neither JSON nor SSE.
pub(crate) fn check_post_accept(headers: &HeaderMap) -> Result<(), Refusal> {
    if accepts(headers, "application/json") || accepts(headers, "text/event-stream") {
        Ok(())
    } else {
        Err(not_acceptable("Not Acceptable: Accept must include application/json and text/event-stream"))
    }
}

/// `406` for a GET whose `Accept` does not allow SSE.
pub(crate) fn check_get_accept(headers: &HeaderMap) -> Result<(), Refusal> {
    if accepts(headers, "text/event-stream") {
        Ok(())
    } else {
        Err(not_acceptable("Not Acceptable: Accept must include text/event-stream"))
    }
}

pub(crate) fn not_acceptable(detail: &str) -> Refusal {
    rpc_error(StatusCode::NOT_ACCEPTABLE, None, ErrorCode::INVALID_REQUEST, detail)
}

fn too_large(max: usize) -> Refusal {
    rpc_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        None,
        ErrorCode::INVALID_REQUEST,
        format!("Payload Too Large: the body limit is {max} bytes"),
    )
}

/// Reads the whole body, at most `max` bytes (`413` beyond; `400` when reading fails).
pub(crate) async fn read_body<B>(headers: &HeaderMap, body: B, max: usize) -> Result<Bytes, Refusal>
where
    B: Body + Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return Err(too_large(max));
    }
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large(max)),
        Err(e) => Err(rpc_error(
            StatusCode::BAD_REQUEST,
            None,
            ErrorCode::INVALID_REQUEST,
            format!("Bad Request: reading the body failed: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn hosts() {
        let uri: http::Uri = "/mcp".parse().unwrap();
        let lo = HostPolicy::Loopback { port: Some(8080) };
        assert!(check_host(&lo, &headers(&[("host", "localhost:8080")]), &uri).is_ok());
        assert!(check_host(&lo, &headers(&[("host", "[::1]:8080")]), &uri).is_ok());
        assert!(check_host(&lo, &headers(&[("host", "127.0.0.1:9")]), &uri).is_err());
        assert!(check_host(&lo, &headers(&[("host", "evil.example:8080")]), &uri).is_err());
        assert!(check_host(&lo, &headers(&[]), &uri).is_err());
        let list = HostPolicy::List(vec!["mcp.example.com".into()]);
        assert!(check_host(&list, &headers(&[("host", "MCP.example.com:443")]), &uri).is_ok());
        assert!(check_host(&list, &headers(&[("host", "other.example.com")]), &uri).is_err());
    }

    #[test]
    fn origins() {
        let p = OriginPolicy::Loopback;
        assert!(check_origin(&p, &headers(&[])).is_ok());
        assert!(check_origin(&p, &headers(&[("origin", "http://localhost:3000")])).is_ok());
        assert!(check_origin(&p, &headers(&[("origin", "https://evil.example")])).is_err());
        assert!(check_origin(&p, &headers(&[("origin", "null")])).is_err());
        let list = OriginPolicy::List(vec!["https://app.example".into()]);
        assert!(check_origin(&list, &headers(&[("origin", "https://app.example")])).is_ok());
    }

    #[test]
    fn accept_ranges() {
        assert!(accepts(&headers(&[]), "text/event-stream"));
        let h = headers(&[("accept", "application/json, text/event-stream")]);
        assert!(accepts(&h, "text/event-stream") && accepts(&h, "application/json"));
        assert!(!accepts(&headers(&[("accept", "application/json")]), "text/event-stream"));
        assert!(accepts(&headers(&[("accept", "text/*")]), "text/event-stream"));
        assert!(!accepts(&headers(&[("accept", "text/event-stream;q=0")]), "text/event-stream"));
        assert!(check_post_accept(&headers(&[("accept", "text/html")])).is_err());
        assert!(check_content_type(&headers(&[("content-type", "application/json; charset=utf-8")])).is_ok());
        assert!(check_content_type(&headers(&[("content-type", "text/plain")])).is_err());
    }
}
