//! The result cache of 2026-07-28 `server/utilities/caching.mdx`.
//!
//! Rules implemented here:
//!
//! - complete results of `server/discover`, `tools/list`, `prompts/list`, `resources/list`,
//!   `resources/templates/list` and `resources/read` carry `ttlMs` and `cacheScope`; an
//!   absent, negative or zero `ttlMs` means "do not reuse" (a client treats it as 0);
//! - the key is the method plus the params that select the result: the `cursor` of a list
//!   (an empty string is a valid cursor, distinct from none: `server/utilities/pagination.mdx`)
//!   or the `uri` of a read;
//! - `cacheScope: "private"` entries are bound to the authorization context that fetched them
//!   and never served to another one; an absent `cacheScope` is treated as `private`, the
//!   safe reading; `"public"` entries are shared;
//! - a list-changed notification invalidates that list, `notifications/resources/updated`
//!   the read of that URI;
//! - results reached through a multi round-trip retry are never stored (the caller decides:
//!   [`ResultCache::store`] is simply not called for them, `basic/patterns/mrtr.mdx`).
//!
//! Time comes from an injectable [`Clock`](crate::clock::Clock).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mcp_jsonrpc::schema::methods;
use serde_json::Value;

use crate::clock::SharedClock;

/// Whether a method's results may be cached (2026-07-28 `server/utilities/caching.mdx`).
pub fn is_cacheable(method: &str) -> bool {
    matches!(
        method,
        methods::SERVER_DISCOVER
            | methods::TOOLS_LIST
            | methods::PROMPTS_LIST
            | methods::RESOURCES_LIST
            | methods::RESOURCES_TEMPLATES_LIST
            | methods::RESOURCES_READ
    )
}

/// Who may see an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Scope {
    /// `cacheScope: "public"`: any authorization context.
    Public,
    /// `cacheScope: "private"` (or absent): only this authorization context key.
    Private(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    method: String,
    selector: Option<String>,
    scope: Scope,
}

#[derive(Debug)]
struct Entry {
    value: Value,
    expires: Instant,
}

/// A cache of complete results keyed by method, selector (cursor or URI) and scope.
pub struct ResultCache {
    clock: SharedClock,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl std::fmt::Debug for ResultCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultCache").field("entries", &self.lock().len()).finish()
    }
}

impl ResultCache {
    /// An empty cache reading time from `clock`.
    pub fn new(clock: SharedClock) -> Self {
        ResultCache { clock, entries: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The unexpired entry for `method` + `selector` visible to the authorization context
    /// `auth`: a public one, or a private one stored under the same `auth`.
    pub fn get(&self, method: &str, selector: Option<&str>, auth: Option<&str>) -> Option<Value> {
        let now = self.clock.now();
        let mut entries = self.lock();
        for scope in [Scope::Public, Scope::Private(auth.map(str::to_owned))] {
            let key = Key { method: method.to_owned(), selector: selector.map(str::to_owned), scope };
            match entries.get(&key) {
                Some(e) if e.expires > now => return Some(e.value.clone()),
                Some(_) => {
                    entries.remove(&key);
                }
                None => {}
            }
        }
        None
    }

    /// Stores a complete `result` when its `ttlMs` is a positive integer; returns whether it
    /// was stored. `cacheScope: "public"` shares it; anything else binds it to `auth`.
    pub fn store(&self, method: &str, selector: Option<&str>, auth: Option<&str>, result: &Value) -> bool {
        let Some(ttl) = result.get("ttlMs").and_then(Value::as_u64).filter(|t| *t > 0) else {
            return false;
        };
        let scope = match result.get("cacheScope").and_then(Value::as_str) {
            Some("public") => Scope::Public,
            _ => Scope::Private(auth.map(str::to_owned)),
        };
        let key = Key { method: method.to_owned(), selector: selector.map(str::to_owned), scope };
        let expires = self.clock.now() + Duration::from_millis(ttl);
        self.lock().insert(key, Entry { value: result.clone(), expires });
        true
    }

    /// Drops every entry of `method` (all cursors, all scopes): what a list-changed
    /// notification does (2026-07-28 `server/utilities/caching.mdx`).
    pub fn invalidate_method(&self, method: &str) {
        self.lock().retain(|k, _| k.method != method);
    }

    /// Drops every cached `resources/read` of `uri` (on `notifications/resources/updated`).
    pub fn invalidate_resource(&self, uri: &str) {
        self.lock()
            .retain(|k, _| !(k.method == methods::RESOURCES_READ && k.selector.as_deref() == Some(uri)));
    }

    /// Drops everything.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The number of entries held (expired ones included until looked up).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use serde_json::json;

    #[test]
    fn ttl_scope_and_selector() {
        let clock = ManualClock::new();
        let cache = ResultCache::new(Arc::new(clock.clone()));
        let public = json!({"tools": [], "ttlMs": 1000, "cacheScope": "public"});
        assert!(cache.store("tools/list", None, Some("alice"), &public));
        assert_eq!(cache.get("tools/list", None, Some("bob")), Some(public.clone()));
        assert_eq!(cache.get("tools/list", Some(""), Some("bob")), None, "empty cursor is its own key");
        let private = json!({"contents": [], "ttlMs": 1000, "cacheScope": "private"});
        assert!(cache.store("resources/read", Some("file:///a"), Some("alice"), &private));
        assert_eq!(cache.get("resources/read", Some("file:///a"), Some("bob")), None);
        assert_eq!(cache.get("resources/read", Some("file:///a"), None), None);
        assert!(cache.get("resources/read", Some("file:///a"), Some("alice")).is_some());
        clock.advance(Duration::from_millis(1000));
        assert_eq!(cache.get("tools/list", None, None), None, "expired at ttl");
        for bad in [json!({"ttlMs": 0}), json!({"ttlMs": -5}), json!({}), json!({"ttlMs": "9"})] {
            assert!(!cache.store("tools/list", None, None, &bad), "{bad}");
        }
    }
}
