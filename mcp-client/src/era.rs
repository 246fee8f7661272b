//! Protocol era detection (2026-07-28 `basic/transports/stdio.mdx`, "Protocol era
//! detection"; the same procedure as `streamable-http.mdx` minus HTTP status codes).
//!
//! A dual-era client sends `server/discover` first, with the required request `_meta`:
//!
//! - a `DiscoverResult` means the server is modern;
//! - a recognised modern error means modern too, and the client **never** falls back then:
//!   `-32022` UnsupportedProtocolVersion is retried once with the newest version of
//!   `data.supported` this client speaks; `-32020` HeaderMismatch and `-32021`
//!   MissingRequiredClientCapability settle the era as modern without a discover result;
//! - anything else (another error such as `-32601` or `-32602`, a result that is not a
//!   `DiscoverResult`, or no answer within the probe timeout) means legacy: run `initialize`
//!   (2025-11-25 `basic/lifecycle.mdx`) offering 2025-11-25 and accept any legacy revision the
//!   server answers with that this client speaks.
//!
//! The fallback is decided by the *kind* of outcome, never by one error code. The result is
//! cached in the client for the life of the connection. [`classify`] is the pure decision;
//! `negotiate` runs it.

use std::sync::Arc;

use mcp_jsonrpc::schema::lifecycle::{DiscoverResult, InitializeResult};
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::{ErrorCode, ProtocolVersion};
use serde_json::{Value, json};

use crate::error::{ClientError, Result};
use crate::negotiated::Negotiated;
use crate::rpc::{Inner, Shape};

/// What one `server/discover` attempt means.
#[derive(Debug)]
pub enum ProbeDecision {
    /// A `DiscoverResult` listing a modern revision we speak: use it.
    Modern(ProtocolVersion, Box<DiscoverResult>),
    /// `-32022`: retry `server/discover` with this version.
    Retry(ProtocolVersion),
    /// `-32020`/`-32021`: modern, without a discover result.
    ModernWithoutDiscover(ProtocolVersion),
    /// Not a modern server: run `initialize`.
    Legacy,
    /// Modern, but no revision in common (never a fallback to legacy).
    Fail(ClientError),
}

/// The modern revisions this client speaks, newest first.
fn modern_versions() -> impl Iterator<Item = ProtocolVersion> {
    ProtocolVersion::ALL.into_iter().rev().filter(|v| v.is_modern())
}

/// The newest modern revision among `listed` that this client speaks.
fn newest_modern(listed: &[String]) -> Option<ProtocolVersion> {
    modern_versions().find(|v| listed.iter().any(|s| s == v.as_str()))
}

/// Classifies the outcome of a `server/discover` sent with `sent`; `retried` says whether a
/// `-32022` retry already happened (at most one is made).
pub fn classify(outcome: Result<Value>, sent: ProtocolVersion, retried: bool) -> ProbeDecision {
    match outcome {
        Ok(value) => match serde_json::from_value::<DiscoverResult>(value) {
            Ok(discover) => match newest_modern(&discover.supported_versions) {
                Some(v) => ProbeDecision::Modern(v, Box::new(discover)),
                None if discover.supported_versions.iter().any(|s| ProtocolVersion::parse(s).is_some()) => {
                    ProbeDecision::Legacy
                }
                None => ProbeDecision::Fail(ClientError::Version(format!(
                    "server/discover lists {:?}",
                    discover.supported_versions
                ))),
            },
            Err(_) => ProbeDecision::Legacy,
        },
        Err(ClientError::Rpc(e)) if e.code == ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => {
            // Only `data.supported` matters here; a missing `requested` is tolerated.
            let supported: Vec<String> = e
                .data
                .as_ref()
                .and_then(|d| d.get("supported"))
                .and_then(|s| serde_json::from_value(s.clone()).ok())
                .unwrap_or_default();
            match newest_modern(&supported) {
                Some(v) if !retried => ProbeDecision::Retry(v),
                _ => ProbeDecision::Fail(ClientError::Version(format!(
                    "server rejected {sent} and supports {supported:?}"
                ))),
            }
        }
        Err(ClientError::Rpc(e)) if e.code.is_modern_only() => ProbeDecision::ModernWithoutDiscover(sent),
        Err(ClientError::Rpc(_) | ClientError::Timeout) => ProbeDecision::Legacy,
        Err(other) => ProbeDecision::Fail(other),
    }
}

/// Runs era detection (or the forced revision) and returns the settled connection.
pub(crate) async fn negotiate(inner: &Arc<Inner>) -> Result<Negotiated> {
    match inner.config.forced_version {
        Some(v) if v.is_modern() => discover(inner, v, true).await,
        Some(v) => initialize(inner, v, true).await,
        None => discover(inner, ProtocolVersion::LATEST, false).await,
    }
}

async fn discover(inner: &Arc<Inner>, first: ProtocolVersion, forced: bool) -> Result<Negotiated> {
    let mut version = first;
    let mut retried = false;
    loop {
        let timeout = Some(inner.config.discover_timeout);
        let outcome = inner
            .call_with(methods::SERVER_DISCOVER, json!({}), Shape::Modern(version), None, timeout, false)
            .await;
        let decision = classify(outcome, version, retried);
        match decision {
            ProbeDecision::Modern(v, d) => return Ok(from_discover(v, *d)),
            ProbeDecision::Retry(v) if !forced || v == first => {
                version = v;
                retried = true;
            }
            ProbeDecision::ModernWithoutDiscover(v) => return Ok(modern_only(v)),
            ProbeDecision::Legacy if !forced => {
                return initialize(inner, ProtocolVersion::LATEST_LEGACY, false).await;
            }
            ProbeDecision::Fail(e) => return Err(e),
            ProbeDecision::Retry(v) => {
                return Err(ClientError::Version(format!("forced {first}, server wants {v}")));
            }
            ProbeDecision::Legacy => {
                return Err(ClientError::Version(format!("forced {first}, server is not modern")));
            }
        }
    }
}

fn from_discover(version: ProtocolVersion, d: DiscoverResult) -> Negotiated {
    let raw = serde_json::to_value(&d).ok();
    Negotiated {
        protocol_version: version,
        server_info: d.server_info().and_then(|r| r.ok()),
        capabilities: Some(d.capabilities),
        instructions: d.instructions,
        supported_versions: d.supported_versions,
        raw,
    }
}

fn modern_only(version: ProtocolVersion) -> Negotiated {
    Negotiated {
        protocol_version: version,
        capabilities: None,
        server_info: None,
        instructions: None,
        supported_versions: vec![version.as_str().to_owned()],
        raw: None,
    }
}

/// The legacy handshake (2025-11-25 `basic/lifecycle.mdx` "Initialization"): `initialize`,
/// check the answered version, then `notifications/initialized`.
async fn initialize(inner: &Arc<Inner>, offer: ProtocolVersion, exact: bool) -> Result<Negotiated> {
    let capabilities =
        mcp_jsonrpc::schema::Revisioned::for_revision(inner.config.capabilities.clone(), offer);
    let params = json!({
        "protocolVersion": offer.as_str(),
        "capabilities": capabilities,
        "clientInfo": inner.config.client_info,
    });
    let timeout = inner.config.request_timeout;
    let value = inner.call_with(methods::INITIALIZE, params, Shape::Legacy, None, timeout, true).await?;
    let result: InitializeResult = serde_json::from_value(value.clone())?;
    let version = match ProtocolVersion::parse(&result.protocol_version) {
        Some(v) if !v.is_modern() && (!exact || v == offer) => v,
        _ => {
            return Err(ClientError::Version(format!(
                "offered {offer}, server answered {:?}",
                result.protocol_version
            )));
        }
    };
    inner.notify(methods::NOTIFICATIONS_INITIALIZED, None).await?;
    Ok(Negotiated {
        protocol_version: version,
        capabilities: Some(result.capabilities),
        server_info: Some(result.server_info),
        instructions: result.instructions,
        supported_versions: vec![result.protocol_version],
        raw: Some(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp_jsonrpc::ErrorObject;

    const V: ProtocolVersion = ProtocolVersion::V2026_07_28;

    fn rpc(code: i64, data: Option<Value>) -> Result<Value> {
        let mut e = ErrorObject::new(ErrorCode(code), "x");
        e.data = data;
        Err(ClientError::Rpc(e))
    }

    #[test]
    fn decisions() {
        let ok = json!({"supportedVersions": ["2026-07-28"], "capabilities": {}});
        assert!(matches!(classify(Ok(ok), V, false), ProbeDecision::Modern(V, _)));
        let legacy_listed = json!({"supportedVersions": ["2025-11-25"], "capabilities": {}});
        assert!(matches!(classify(Ok(legacy_listed), V, false), ProbeDecision::Legacy));
        assert!(matches!(classify(Ok(json!({})), V, false), ProbeDecision::Legacy), "not a DiscoverResult");
        let unsupported = Some(json!({"supported": ["2026-07-28", "2025-11-25"], "requested": "x"}));
        assert!(matches!(classify(rpc(-32022, unsupported.clone()), V, false), ProbeDecision::Retry(V)));
        assert!(matches!(classify(rpc(-32022, unsupported), V, true), ProbeDecision::Fail(_)));
        let legacy_only = Some(json!({"supported": ["2025-11-25"]}));
        assert!(matches!(classify(rpc(-32022, legacy_only), V, false), ProbeDecision::Fail(_)));
        assert!(matches!(classify(rpc(-32021, None), V, false), ProbeDecision::ModernWithoutDiscover(V)));
        assert!(matches!(classify(rpc(-32020, None), V, false), ProbeDecision::ModernWithoutDiscover(V)));
        for code in [-32601, -32602, -32600, -32603, -32000] {
            assert!(matches!(classify(rpc(code, None), V, false), ProbeDecision::Legacy), "{code}");
        }
        assert!(matches!(classify(Err(ClientError::Timeout), V, false), ProbeDecision::Legacy));
        assert!(matches!(classify(Err(ClientError::Closed), V, false), ProbeDecision::Fail(_)));
    }
}
