//! The path every typed method takes: cache lookup, send (with the input-required loop where
//! allowed), `resultType` check, cache store.
//!
//! Caching applies only on 2026-07-28 connections (legacy results have no `ttlMs`) and only to
//! the methods of `server/utilities/caching.mdx`; a result reached through a multi round-trip
//! retry is never stored (`basic/patterns/mrtr.mdx`).

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::cache::is_cacheable;
use crate::error::Result;
use crate::options::RequestOptions;
use crate::result_kind::ResultKind;
use crate::rpc::{Inner, Shape};

/// Sends `method` with `params`; `selector` is the cache key part (cursor or URI) and
/// `allows_input` whether the method may answer `input_required`.
pub(crate) async fn send(
    inner: &Arc<Inner>,
    method: &str,
    params: Map<String, Value>,
    selector: Option<&str>,
    allows_input: bool,
    options: &RequestOptions,
) -> Result<Value> {
    let shape = inner.shape();
    let modern = matches!(shape, Shape::Modern(_));
    let cacheable = modern && inner.config.cache_enabled && is_cacheable(method);
    let auth = inner.auth_context.read().unwrap_or_else(|e| e.into_inner()).clone();
    if cacheable
        && !options.bypass_cache
        && let Some(hit) = inner.cache.get(method, selector, auth.as_deref())
    {
        return Ok(hit);
    }
    if !modern {
        return inner.call(method, Value::Object(params), shape, options).await;
    }
    let (value, kind, retried) = if allows_input {
        let o = crate::mrtr::call(inner, method, params, shape, options).await?;
        (o.value, o.kind, o.retried)
    } else {
        let value = inner.call(method, Value::Object(params), shape, options).await?;
        let value = crate::mrtr::complete_only(method, value)?;
        let kind = crate::result_kind::classify(&value)?;
        (value, kind, false)
    };
    let value = clamp_ttl(value);
    if cacheable && !retried && kind == ResultKind::Complete {
        inner.cache.store(method, selector, auth.as_deref(), &value);
    }
    Ok(value)
}

/// A client treats an absent or negative `ttlMs` as 0 (`server/utilities/caching.mdx`); a
/// negative or fractional value is rewritten to 0 so the typed result still decodes.
fn clamp_ttl(mut value: Value) -> Value {
    if let Some(ttl) = value.get_mut("ttlMs")
        && ttl.as_u64().is_none()
    {
        *ttl = Value::from(0);
    }
    value
}
