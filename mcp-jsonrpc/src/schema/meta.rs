//! The `_meta` object and its reserved keys.
//!
//! 2026-07-28 `basic/index.mdx` "_meta": keys are an optional prefix (dot-separated labels
//! followed by `/`) and a name; prefixes whose second label is `modelcontextprotocol` or
//! `mcp` are reserved. Every 2026-07-28 request carries `io.modelcontextprotocol/protocolVersion`
//! and `io.modelcontextprotocol/clientCapabilities` in `params._meta`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Reserved `_meta` keys.
pub mod meta_keys {
    /// Request (2026-07-28, required): the protocol revision of this request.
    pub const PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
    /// Request (2026-07-28, required): the client's capabilities for this request.
    pub const CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
    /// Request (2026-07-28, SHOULD): the client's `Implementation`.
    pub const CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
    /// Request (2026-07-28, optional, deprecated feature): the log level for this request.
    pub const LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";
    /// Result (2026-07-28, SHOULD): the server's `Implementation`.
    pub const SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";
    /// Listen-stream notifications and the listen result (2026-07-28): the subscription id.
    pub const SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";
    /// Legacy tasks (2025-11-25): the task a message relates to.
    pub const RELATED_TASK: &str = "io.modelcontextprotocol/related-task";
    /// Any request: the token progress notifications will carry.
    pub const PROGRESS_TOKEN: &str = "progressToken";
    /// W3C trace context (2026-07-28).
    pub const TRACEPARENT: &str = "traceparent";
    /// W3C trace context (2026-07-28).
    pub const TRACESTATE: &str = "tracestate";
    /// W3C baggage (2026-07-28).
    pub const BAGGAGE: &str = "baggage";
}

/// A `_meta` object: any JSON members, with typed access to the reserved ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Meta(pub Map<String, Value>);

impl Meta {
    /// An empty `_meta`.
    pub fn new() -> Self {
        Meta(Map::new())
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Sets `key` to `value` serialized to JSON (a value that cannot be serialized is stored
    /// as `null`).
    pub fn set(&mut self, key: impl Into<String>, value: impl Serialize) -> &mut Self {
        self.0.insert(key.into(), serde_json::to_value(value).unwrap_or(Value::Null));
        self
    }

    /// Builder form of [`Meta::set`].
    pub fn with(mut self, key: impl Into<String>, value: impl Serialize) -> Self {
        self.set(key, value);
        self
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    /// Decodes the value of `key` into `T`: `None` when absent, `Some(Err)` when present with
    /// the wrong shape.
    pub fn get_as<T: DeserializeOwned>(&self, key: &str) -> Option<Result<T, serde_json::Error>> {
        self.0.get(key).map(|v| T::deserialize(v))
    }

    /// `io.modelcontextprotocol/protocolVersion`, when present and a string.
    pub fn protocol_version(&self) -> Option<&str> {
        self.0.get(meta_keys::PROTOCOL_VERSION).and_then(Value::as_str)
    }

    /// `progressToken`, when present.
    pub fn progress_token(&self) -> Option<&Value> {
        self.0.get(meta_keys::PROGRESS_TOKEN)
    }
}

impl From<Map<String, Value>> for Meta {
    fn from(map: Map<String, Value>) -> Self {
        Meta(map)
    }
}

/// Whether `key` is a well-formed `_meta` key (2026-07-28 `basic/index.mdx` "_meta"):
/// an optional prefix of dot-separated labels ending in `/`, then a name that starts and ends
/// with an alphanumeric character and may contain `-`, `_`, `.` and alphanumerics.
pub fn is_valid_meta_key(key: &str) -> bool {
    let (prefix, name) = match key.rfind('/') {
        Some(i) => (Some(&key[..i]), &key[i + 1..]),
        None => (None, key),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && l.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let prefix_ok = prefix.is_none_or(|p| p.split('.').all(label_ok));
    let name_ok = name.is_empty()
        || (name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && name.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')));
    prefix_ok && name_ok
}

/// Whether `key` uses a reserved prefix (second label `modelcontextprotocol` or `mcp`).
pub fn is_reserved_meta_key(key: &str) -> bool {
    key.rfind('/').is_some_and(|i| {
        let labels: Vec<&str> = key[..i].split('.').collect();
        labels.get(1).is_some_and(|l| *l == "modelcontextprotocol" || *l == "mcp")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_grammar() {
        for ok in ["progressToken", "io.modelcontextprotocol/protocolVersion", "a.b-c/x_y.z", "x"] {
            assert!(is_valid_meta_key(ok), "{ok}");
        }
        for bad in ["-x", "x-", "1a.b/x", "a..b/x", "/x", "a/-x"] {
            assert!(!is_valid_meta_key(bad), "{bad}");
        }
        assert!(is_reserved_meta_key("io.modelcontextprotocol/x"));
        assert!(is_reserved_meta_key("dev.mcp/x"));
        assert!(!is_reserved_meta_key("com.example/x"));
        assert!(!is_reserved_meta_key("progressToken"));
    }

    #[test]
    fn typed_access() {
        let meta = Meta::new().with(meta_keys::PROTOCOL_VERSION, "2026-07-28").with("progressToken", 5);
        assert_eq!(meta.protocol_version(), Some("2026-07-28"));
        assert_eq!(meta.progress_token(), Some(&Value::from(5)));
        assert_eq!(meta.get_as::<u32>("progressToken").unwrap().unwrap(), 5);
        assert!(meta.get_as::<String>("progressToken").unwrap().is_err());
    }
}
