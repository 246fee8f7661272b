//! Answers to requests the server sends (legacy revisions) and to the `inputRequests` of an
//! `InputRequiredResult` (2026-07-28): both run the same user callbacks.
//!
//! - `ping` → `{}` (2025-11-25 `basic/utilities/ping.mdx`);
//! - `elicitation/create` → the elicitation callback, with schema defaults filled in when
//!   enabled ([`crate::elicitation_defaults`]);
//! - `sampling/createMessage` → the sampling callback;
//! - `roots/list` → the roots callback;
//! - anything else, or a method whose callback is not registered (so whose capability was not
//!   declared) → `-32601` Method not found (JSON-RPC 2.0 §5.1).

use mcp_jsonrpc::schema::elicitation::ElicitRequestParams;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::sampling::CreateMessageRequestParams;
use mcp_jsonrpc::{ErrorObject, Request};
use serde_json::{Value, json};

use crate::rpc::Inner;

/// Answers a legacy server-to-client request with the result value or a JSON-RPC error.
pub(crate) async fn answer(inner: &Inner, request: &Request) -> Result<Value, ErrorObject> {
    let params: Value = request.params_as().map_err(|e| ErrorObject::invalid_params(e.to_string()))?;
    if request.method == methods::PING {
        return Ok(json!({}));
    }
    fulfil(inner, &request.method, params).await
}

/// Runs the callback for one request `method` with `params`; the value is what goes into the
/// JSON-RPC result (legacy) or the `inputResponses` entry (2026-07-28).
pub(crate) async fn fulfil(inner: &Inner, method: &str, params: Value) -> Result<Value, ErrorObject> {
    let callbacks = &inner.config.callbacks;
    let bad_params = |e: serde_json::Error| ErrorObject::invalid_params(e.to_string());
    let encode = |v: Result<Value, serde_json::Error>| v.map_err(|e| ErrorObject::internal(e.to_string()));
    match method {
        methods::ELICITATION_CREATE => {
            let Some(handler) = &callbacks.elicitation else {
                return Err(ErrorObject::method_not_found(method));
            };
            let request: ElicitRequestParams = serde_json::from_value(params).map_err(bad_params)?;
            let schema = match &request {
                ElicitRequestParams::Form(f) => serde_json::to_value(&f.requested_schema).ok(),
                ElicitRequestParams::Url(_) => None,
            };
            let result = handler.elicit(request).await?;
            let mut value = encode(serde_json::to_value(result))?;
            if let (true, Some(schema)) = (inner.config.apply_elicitation_defaults, schema) {
                crate::elicitation_defaults::apply(&schema, &mut value);
            }
            Ok(value)
        }
        methods::SAMPLING_CREATE_MESSAGE => {
            let Some(handler) = &callbacks.sampling else {
                return Err(ErrorObject::method_not_found(method));
            };
            let request: CreateMessageRequestParams = serde_json::from_value(params).map_err(bad_params)?;
            encode(serde_json::to_value(handler.create_message(request).await?))
        }
        methods::ROOTS_LIST => {
            let Some(handler) = &callbacks.roots else {
                return Err(ErrorObject::method_not_found(method));
            };
            encode(serde_json::to_value(handler.list_roots().await?))
        }
        other => Err(ErrorObject::method_not_found(other)),
    }
}
