//! Multi round-trip requests (2026-07-28 `basic/patterns/mrtr.mdx`).
//!
//! `tools/call`, `resources/read` and `prompts/get` may be answered with an
//! `InputRequiredResult`. The client then:
//!
//! 1. fulfils **every** `inputRequests` entry through the user callbacks (elicitation,
//!    sampling, roots; [`crate::callbacks`]);
//! 2. retries the original request as a **new** JSON-RPC request (new id) carrying the original
//!    params plus `inputResponses` (same keys) plus the exact `requestState` when one was given
//!    (omitted otherwise);
//! 3. uses those inputs for that retry only; each round starts again from the original params.
//!
//! The loop is bounded ([`ClientBuilder::max_input_rounds`](crate::ClientBuilder), default 8)
//! so a server that keeps asking cannot hold the client forever. Results reached through a
//! retry are never cached (`server/utilities/caching.mdx`).

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::{ClientError, Result};
use crate::options::RequestOptions;
use crate::result_kind::{ResultKind, classify};
use crate::rpc::{Inner, Shape};

/// A final result and whether it took at least one retry.
pub(crate) struct Outcome {
    pub(crate) value: Value,
    pub(crate) kind: ResultKind,
    pub(crate) retried: bool,
}

/// Sends `method` with `params` and runs the input-required loop.
pub(crate) async fn call(
    inner: &Arc<Inner>,
    method: &str,
    params: Map<String, Value>,
    shape: Shape,
    options: &RequestOptions,
) -> Result<Outcome> {
    let max = inner.config.max_input_rounds;
    let mut attempt = params.clone();
    let mut rounds = 0;
    loop {
        let value = inner.call(method, Value::Object(attempt), shape, options).await?;
        let kind = classify(&value)?;
        if kind != ResultKind::InputRequired {
            return Ok(Outcome { value, kind, retried: rounds > 0 });
        }
        if rounds >= max {
            return Err(ClientError::TooManyRounds(rounds));
        }
        rounds += 1;
        attempt = params.clone();
        if let Some(requests) = value.get("inputRequests").and_then(Value::as_object) {
            attempt.insert("inputResponses".into(), Value::Object(fulfil_all(inner, requests).await?));
        }
        if let Some(state) = value.get("requestState") {
            attempt.insert("requestState".into(), state.clone());
        }
    }
}

/// Runs the callback of every input request, in key order; the map has the same keys.
async fn fulfil_all(inner: &Inner, requests: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut responses = Map::new();
    for (key, request) in requests {
        let unsupported = |reason: String| ClientError::UnsupportedInputRequest { key: key.clone(), reason };
        let method = request
            .get("method")
            .and_then(Value::as_str)
            .ok_or_else(|| unsupported("the input request has no method".into()))?;
        let params = request.get("params").cloned().unwrap_or(Value::Object(Map::new()));
        let response = crate::server_requests::fulfil(inner, method, params)
            .await
            .map_err(|e| unsupported(format!("{method}: {}", e.message)))?;
        responses.insert(key.clone(), response);
    }
    Ok(responses)
}

/// Rejects an `InputRequiredResult` on a method that does not allow one.
pub(crate) fn complete_only(method: &str, value: Value) -> Result<Value> {
    match classify(&value)? {
        ResultKind::InputRequired => Err(ClientError::UnexpectedInputRequired(method.to_owned())),
        _ => Ok(value),
    }
}
