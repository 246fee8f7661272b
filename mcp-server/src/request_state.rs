//! `requestState` for multi round-trip requests (2026-07-28 `basic/patterns/mrtr.mdx`).
//!
//! The server keeps no state between rounds: the answers collected so far travel in the
//! `requestState` string the client echoes back. Because that string is attacker-controlled
//! input ("Server Requirements" 4), it is sealed with HMAC-SHA256 (RFC 2104) under a server
//! key, and binds ("Server Requirements" 5):
//!
//! - the principal (subject and client id), so another caller cannot replay it;
//! - the method and a SHA-256 digest of the request params without `inputResponses`,
//!   `requestState` and `_meta` (canonical JSON, keys sorted), so it cannot be moved to a
//!   different request;
//! - an expiry (Unix seconds).
//!
//! Format: `base64url(payload JSON) "." base64url(tag)`. The payload is integrity-protected,
//! not encrypted: do not put secrets in elicitation answers you would not show the client.
//! State does not guarantee single use (the spec's Warning); enforce that server-side where it
//! matters.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use mcp_jsonrpc::ErrorObject;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::principal::Principal;

type HmacSha256 = Hmac<Sha256>;

/// Why a `requestState` was rejected; every case answers `-32602` Invalid params.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Not a token this server produced (bad encoding or shape).
    #[error("requestState is malformed")]
    Malformed,
    /// The HMAC does not verify: the state was modified or sealed under another key.
    #[error("requestState failed integrity verification")]
    BadSignature,
    /// The state's expiry has passed.
    #[error("requestState has expired")]
    Expired,
    /// Issued to a different principal.
    #[error("requestState was issued to a different principal")]
    WrongPrincipal,
    /// Issued for a different method or different params.
    #[error("requestState was issued for a different request")]
    WrongRequest,
}

impl From<StateError> for ErrorObject {
    fn from(e: StateError) -> Self {
        ErrorObject::invalid_params(e.to_string())
    }
}

/// What a state is bound to: the caller and the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    principal: String,
    method: String,
    params_digest: String,
}

impl Binding {
    /// Binds to `principal`, `method` and the salient part of `params`.
    pub(crate) fn new(principal: &Principal, method: &str, params: &Value) -> Self {
        let mut salient = params.clone();
        if let Value::Object(map) = &mut salient {
            for key in ["inputResponses", "requestState", "_meta"] {
                map.remove(key);
            }
        }
        let mut canonical = String::new();
        write_canonical(&salient, &mut canonical);
        Binding {
            principal: hex(&Sha256::digest(principal.binding_key().as_bytes())),
            method: method.to_owned(),
            params_digest: hex(&Sha256::digest(canonical.as_bytes())),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    v: u8,
    p: String,
    m: String,
    d: String,
    exp: u64,
    a: Map<String, Value>,
}

/// Seals and opens `requestState` tokens with one HMAC key and lifetime.
#[derive(Clone)]
pub(crate) struct StateSealer {
    key: Vec<u8>,
    ttl: Duration,
}

impl std::fmt::Debug for StateSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateSealer").field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl StateSealer {
    /// A sealer with `key` (at least 32 bytes recommended) and token lifetime `ttl`.
    pub(crate) fn new(key: Vec<u8>, ttl: Duration) -> Self {
        StateSealer { key, ttl }
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length")
    }

    /// Seals `answers` for `binding`, expiring `ttl` from now.
    pub(crate) fn seal(&self, binding: &Binding, answers: &Map<String, Value>) -> String {
        self.seal_at(binding, answers, now_secs() + self.ttl.as_secs().max(1))
    }

    fn seal_at(&self, binding: &Binding, answers: &Map<String, Value>, exp: u64) -> String {
        let payload = Payload {
            v: 1,
            p: binding.principal.clone(),
            m: binding.method.clone(),
            d: binding.params_digest.clone(),
            exp,
            a: answers.clone(),
        };
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).expect("payload serializes"));
        let mut mac = self.mac();
        mac.update(body.as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{body}.{tag}")
    }

    /// Verifies `token` and returns the answers it carries.
    ///
    /// # Errors
    /// [`StateError`]: checked in the order encoding, HMAC (constant-time), expiry, principal,
    /// request.
    pub(crate) fn open(&self, token: &str, binding: &Binding) -> Result<Map<String, Value>, StateError> {
        let (body, tag) = token.split_once('.').ok_or(StateError::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| StateError::Malformed)?;
        let mut mac = self.mac();
        mac.update(body.as_bytes());
        mac.verify_slice(&tag).map_err(|_| StateError::BadSignature)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| StateError::Malformed)?;
        let payload: Payload = serde_json::from_slice(&bytes).map_err(|_| StateError::Malformed)?;
        if payload.v != 1 {
            return Err(StateError::Malformed);
        }
        if payload.exp <= now_secs() {
            return Err(StateError::Expired);
        }
        if payload.p != binding.principal {
            return Err(StateError::WrongPrincipal);
        }
        if payload.m != binding.method || payload.d != binding.params_digest {
            return Err(StateError::WrongRequest);
        }
        Ok(payload.a)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Canonical JSON: object keys sorted, no whitespace.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sealer() -> StateSealer {
        StateSealer::new(vec![7; 32], Duration::from_secs(60))
    }

    fn answers() -> Map<String, Value> {
        json!({"input-0": {"action": "accept"}}).as_object().unwrap().clone()
    }

    #[test]
    fn round_trip_ignores_meta_and_mrtr_members() {
        let alice = Principal::new("alice");
        let first = Binding::new(&alice, "tools/call", &json!({"name": "t", "arguments": {"b": 1, "a": 2}}));
        let token = sealer().seal(&first, &answers());
        let retry = Binding::new(
            &alice,
            "tools/call",
            &json!({"arguments": {"a": 2, "b": 1}, "name": "t", "_meta": {"x": 1}, "requestState": token, "inputResponses": {}}),
        );
        assert_eq!(sealer().open(&token, &retry).unwrap(), answers());
    }

    #[test]
    fn rejects_tampering_expiry_other_principal_and_request() {
        let alice = Principal::new("alice");
        let binding = Binding::new(&alice, "tools/call", &json!({"name": "t"}));
        let token = sealer().seal(&binding, &answers());
        let (body, tag) = token.split_once('.').unwrap();
        let mut forged = serde_json::from_slice::<Value>(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap();
        forged["a"]["input-0"]["action"] = json!("decline");
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(forged.to_string()));
        assert_eq!(sealer().open(&forged, &binding), Err(StateError::BadSignature));
        assert_eq!(sealer().open("garbage", &binding), Err(StateError::Malformed));
        let other_key = StateSealer::new(vec![8; 32], Duration::from_secs(60));
        assert_eq!(other_key.open(&token, &binding), Err(StateError::BadSignature));
        let expired = sealer().seal_at(&binding, &answers(), now_secs() - 1);
        assert_eq!(sealer().open(&expired, &binding), Err(StateError::Expired));
        let bob = Binding::new(&Principal::new("bob"), "tools/call", &json!({"name": "t"}));
        assert_eq!(sealer().open(&token, &bob), Err(StateError::WrongPrincipal));
        let other = Binding::new(&alice, "tools/call", &json!({"name": "u"}));
        assert_eq!(sealer().open(&token, &other), Err(StateError::WrongRequest));
        let method = Binding::new(&alice, "prompts/get", &json!({"name": "t"}));
        assert_eq!(sealer().open(&token, &method), Err(StateError::WrongRequest));
    }
}
