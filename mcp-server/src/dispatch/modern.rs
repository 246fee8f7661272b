//! 2026-07-28: stateless requests with required `_meta`, `server/discover`,
//! `subscriptions/listen`, multi round-trip requests, and the result members this revision
//! requires.
//!
//! - `_meta` (`basic/index.mdx` "_meta"): `io.modelcontextprotocol/protocolVersion` and
//!   `io.modelcontextprotocol/clientCapabilities` are required (missing: `-32602`); a version
//!   the server does not speak statelessly is `-32022` with `data.supported` and
//!   `data.requested`; `io.modelcontextprotocol/logLevel` opts in to log notifications.
//! - Results carry `resultType` (`"complete"`, `"input_required"`, or `"task"` for a
//!   tasks-extension `CreateTaskResult`: [`crate::tasks`]), and
//!   `_meta.io.modelcontextprotocol/serverInfo`; list, read and discover results also carry
//!   `ttlMs` and `cacheScope` (`CacheableResult`).

use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::input::{InputRequest, InputRequests, InputRequiredResult};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::meta_keys;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::tasks::ext;
use mcp_jsonrpc::{ErrorCode, ErrorObject, Message, Notification, ProtocolVersion, Request};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::{Call, Exchange, meta_of, respond};
use crate::context::LogFilter;
use crate::error::Error;
use crate::request_state::Binding;
use crate::server::{Server, ServerEvent};

/// The versions listed in `-32022` `data.supported`, newest first.
fn supported_versions() -> Vec<&'static str> {
    ProtocolVersion::ALL.iter().rev().map(|v| v.as_str()).collect()
}

/// Validates the required `_meta` members.
fn validate_meta(
    params: &Value,
) -> Result<(ProtocolVersion, ClientCapabilities, Option<LoggingLevel>), ErrorObject> {
    let meta = meta_of(params).unwrap_or_default();
    let Some(requested) = meta.get(meta_keys::PROTOCOL_VERSION) else {
        return Err(ErrorObject::invalid_params(format!(
            "missing required _meta {} (legacy clients must send initialize first)",
            meta_keys::PROTOCOL_VERSION
        )));
    };
    let requested = requested.as_str().ok_or_else(|| {
        ErrorObject::invalid_params(format!("_meta {} must be a string", meta_keys::PROTOCOL_VERSION))
    })?;
    let version = ProtocolVersion::parse(requested).filter(|v| v.is_modern()).ok_or_else(|| {
        ErrorObject::new(ErrorCode::UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version")
            .with_data(json!({ "supported": supported_versions(), "requested": requested }))
    })?;
    let caps = match meta.get_as::<ClientCapabilities>(meta_keys::CLIENT_CAPABILITIES) {
        Some(Ok(caps)) => caps,
        Some(Err(e)) => {
            return Err(ErrorObject::invalid_params(format!(
                "invalid _meta {}: {e}",
                meta_keys::CLIENT_CAPABILITIES
            )));
        }
        None => {
            return Err(ErrorObject::invalid_params(format!(
                "missing required _meta {}",
                meta_keys::CLIENT_CAPABILITIES
            )));
        }
    };
    let level = match meta.get_as::<LoggingLevel>(meta_keys::LOG_LEVEL) {
        Some(Ok(level)) => Some(level),
        Some(Err(e)) => {
            return Err(ErrorObject::invalid_params(format!("invalid _meta {}: {e}", meta_keys::LOG_LEVEL)));
        }
        None => None,
    };
    Ok((version, caps, level))
}

/// Routes a 2026-07-28 request.
pub(crate) async fn dispatch(
    server: &Server,
    request: &Request,
    params: Value,
    exchange: &Exchange,
) -> Option<Message> {
    let (version, client_capabilities, level) = match validate_meta(&params) {
        Ok(v) => v,
        Err(e) => return Some(respond(&request.id, Err(e))),
    };
    let call = Call {
        server,
        request,
        params,
        exchange,
        version,
        client_capabilities,
        log: LogFilter::Request(level),
    };
    let (outcome, cacheable) = match request.method.as_str() {
        methods::SERVER_DISCOVER => (Ok(discover(server)), true),
        methods::TOOLS_LIST => (call.list_tools(), true),
        methods::RESOURCES_LIST => (call.list_resources(), true),
        methods::RESOURCES_TEMPLATES_LIST => (call.list_templates(), true),
        methods::PROMPTS_LIST => (call.list_prompts(), true),
        methods::TOOLS_CALL | methods::RESOURCES_READ | methods::PROMPTS_GET => {
            (with_inputs(&call).await, request.method == methods::RESOURCES_READ)
        }
        methods::COMPLETION_COMPLETE => (call.complete().await, false),
        methods::SUBSCRIPTIONS_LISTEN => return listen(&call).await,
        methods::TASKS_GET | methods::TASKS_UPDATE | methods::TASKS_CANCEL => {
            (crate::tasks::modern_method(&call).await, false)
        }
        other => (Err(ErrorObject::method_not_found(other).into()), false),
    };
    match outcome {
        Ok(result) => {
            let complete = result.get("resultType").is_none();
            Some(respond(&request.id, Ok(decorate(server, result, cacheable && complete))))
        }
        Err(e) => e.into_error_object(true).map(|e| respond(&request.id, Err(e))),
    }
}

/// `server/discover` (`server/discover.mdx`): versions, capabilities, instructions.
fn discover(server: &Server) -> Value {
    let mut result = json!({
        "supportedVersions": ProtocolVersion::ALL.iter().filter(|v| v.is_modern()).collect::<Vec<_>>(),
        "capabilities": super::capabilities_for(server, ProtocolVersion::V2026_07_28),
    });
    if let Some(instructions) = &server.inner.instructions {
        result["instructions"] = json!(instructions);
    }
    result
}

/// Adds `resultType`, `_meta` server info and (when `cacheable`) `ttlMs` and `cacheScope`.
fn decorate(server: &Server, mut result: Value, cacheable: bool) -> Value {
    let Value::Object(map) = &mut result else { return result };
    map.entry("resultType").or_insert_with(|| json!("complete"));
    let meta = map.entry("_meta").or_insert_with(|| json!({}));
    if let Value::Object(meta) = meta {
        meta.insert(meta_keys::SERVER_INFO.into(), json!(server.inner.info));
    }
    if cacheable {
        map.insert("ttlMs".into(), json!(server.inner.options.ttl_ms));
        map.insert("cacheScope".into(), json!(server.inner.options.cache_scope));
    }
    result
}

/// Runs `tools/call`, `resources/read` or `prompts/get` with multi round-trip inputs
/// (`basic/patterns/mrtr.mdx`): answers from the verified `requestState` and the retry's
/// `inputResponses`; an [`Error::InputRequired`] becomes an `InputRequiredResult` whose
/// `requestState` seals every answer collected so far.
async fn with_inputs(call: &Call<'_>) -> Result<Value, Error> {
    let binding = Binding::new(&call.exchange.principal, &call.request.method, &call.params);
    let sealer = &call.server.inner.sealer;
    let mut answers = match call.params.get("requestState") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::String(state)) => sealer.open(state, &binding).map_err(ErrorObject::from)?,
        Some(_) => return Err(Error::invalid_params("requestState must be a string")),
    };
    match call.params.get("inputResponses") {
        None | Some(Value::Null) => {}
        Some(Value::Object(responses)) => answers.extend(responses.clone()),
        Some(_) => return Err(Error::invalid_params("inputResponses must be an object")),
    }
    let ctx = call.context(Some(answers.clone()));
    let outcome = match call.request.method.as_str() {
        methods::TOOLS_CALL => call.call_tool(ctx).await,
        methods::RESOURCES_READ => call.read_resource(ctx).await,
        _ => call.get_prompt(ctx).await,
    };
    match outcome {
        Err(Error::InputRequired(input)) => {
            let mut requests = InputRequests::new();
            for (key, request) in input.requests {
                let request =
                    InputRequest::deserialize(request).map_err(|e| Error::internal(e.to_string()))?;
                requests.insert(key, request);
            }
            let result =
                InputRequiredResult::new(requests).with_request_state(sealer.seal(&binding, &answers));
            super::to_value(&result)
        }
        other => other,
    }
}

/// `subscriptions/listen` (`basic/patterns/subscriptions.mdx`): acknowledges the subset of the
/// filter this server honours, then forwards only those notification types, each tagged with
/// `_meta.io.modelcontextprotocol/subscriptionId` (the listen request's id). Ends with the
/// listen result when [`Server::close_subscriptions`] is called, or without a response when
/// the client cancels.
async fn listen(call: &Call<'_>) -> Option<Message> {
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct Filter {
        #[serde(default)]
        tools_list_changed: bool,
        #[serde(default)]
        prompts_list_changed: bool,
        #[serde(default)]
        resources_list_changed: bool,
        #[serde(default)]
        resource_subscriptions: Vec<String>,
    }
    let id = &call.request.id;
    let filter: Filter = match call.params.get("notifications").cloned().map(serde_json::from_value) {
        Some(Ok(f)) => f,
        Some(Err(e)) => {
            return Some(respond(
                id,
                Err(ErrorObject::invalid_params(format!("invalid notifications: {e}"))),
            ));
        }
        None => return Some(respond(id, Err(ErrorObject::invalid_params("missing notifications filter")))),
    };
    let caps = &call.server.inner.capabilities;
    let tools = filter.tools_list_changed && caps.get("tools").is_some();
    let prompts = filter.prompts_list_changed && caps.get("prompts").is_some();
    let resources_list = filter.resources_list_changed && caps.get("resources").is_some();
    let uris = if caps.get("resources").is_some() { filter.resource_subscriptions } else { Vec::new() };
    let mut honoured = Map::new();
    for (key, on) in [
        ("toolsListChanged", tools),
        ("promptsListChanged", prompts),
        ("resourcesListChanged", resources_list),
    ] {
        if on {
            honoured.insert(key.into(), json!(true));
        }
    }
    if !uris.is_empty() {
        honoured.insert("resourceSubscriptions".into(), json!(uris));
    }
    // Tasks extension: `taskIds` names the tasks whose `notifications/tasks` to forward.
    let task_ids = match crate::tasks::listen_filter(call).await {
        Ok(ids) => ids,
        Err(e) => return Some(respond(id, Err(e))),
    };
    if let Some(ids) = &task_ids {
        honoured.insert(ext::TASK_IDS_FILTER.into(), json!(ids));
    }
    let mut task_events = task_ids.as_ref().map(|_| call.server.inner.tasks.subscribe());
    let task_ids = task_ids.unwrap_or_default();
    let tag = json!({ meta_keys::SUBSCRIPTION_ID: id });
    let mut events = call.server.subscribe_events();
    let ack = json!({ "_meta": tag, "notifications": honoured });
    send(call, methods::NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED, ack).await;
    let shutdown = call.server.inner.shutdown.clone();
    loop {
        let event = tokio::select! {
            _ = shutdown.cancelled() => break,
            event = events.recv() => event,
            mut params = crate::tasks::next_event(&mut task_events, &task_ids) => {
                params["_meta"] = tag.clone();
                send(call, methods::NOTIFICATIONS_TASKS, params).await;
                continue;
            }
        };
        let (method, params) = match event {
            Ok(ServerEvent::ToolsListChanged) if tools => {
                (methods::NOTIFICATIONS_TOOLS_LIST_CHANGED, json!({ "_meta": tag }))
            }
            Ok(ServerEvent::PromptsListChanged) if prompts => {
                (methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED, json!({ "_meta": tag }))
            }
            Ok(ServerEvent::ResourcesListChanged) if resources_list => {
                (methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED, json!({ "_meta": tag }))
            }
            Ok(ServerEvent::ResourceUpdated(uri)) if uris.contains(&uri) => {
                (methods::NOTIFICATIONS_RESOURCES_UPDATED, json!({ "_meta": tag, "uri": uri }))
            }
            Ok(_) | Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => break,
        };
        send(call, method, params).await;
    }
    let result = json!({ "resultType": "complete", "_meta": tag });
    Some(respond(id, Ok(result)))
}

async fn send(call: &Call<'_>, method: &str, params: Value) {
    if let Ok(n) = Notification::new(method, &params) {
        call.exchange.peer.notify(n).await;
    }
}
