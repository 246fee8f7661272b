//! Legacy revisions (2024-11-05 … 2025-11-25): `initialize`, `ping`, `logging/setLevel`,
//! `resources/subscribe`/`unsubscribe`, and the feature methods on an initialized session.

use mcp_jsonrpc::schema::capabilities::ClientCapabilities;
use mcp_jsonrpc::schema::common::Implementation;
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::{ErrorObject, Message, ProtocolVersion, Request};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Call, Exchange, respond};
use crate::context::LogFilter;
use crate::error::Error;
use crate::server::Server;
use crate::session::Session;

/// The version to answer `initialize` with (`basic/lifecycle.mdx` "Version Negotiation"): the
/// requested one when this server speaks it and it is a legacy revision, otherwise the latest
/// legacy revision.
pub(crate) fn negotiate(requested: &str) -> ProtocolVersion {
    ProtocolVersion::parse(requested).filter(|v| !v.is_modern()).unwrap_or(ProtocolVersion::LATEST_LEGACY)
}

/// `initialize`: records the negotiated version and the client's capabilities in `session`.
pub(crate) fn initialize(
    server: &Server,
    request: &Request,
    params: &Value,
    session: Option<&Session>,
) -> Message {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Params {
        protocol_version: String,
        #[serde(default)]
        capabilities: ClientCapabilities,
        #[serde(default)]
        client_info: Option<Implementation>,
    }
    let p: Params = match serde_json::from_value(params.clone()) {
        Ok(p) => p,
        Err(e) => return respond(&request.id, Err(ErrorObject::invalid_params(e.to_string()))),
    };
    let version = negotiate(&p.protocol_version);
    if let Some(session) = session {
        session.negotiate(version, p.capabilities, p.client_info);
    }
    let mut result = json!({
        "protocolVersion": version,
        "capabilities": super::capabilities_for(server, version),
        "serverInfo": server.inner.info,
    });
    if let Some(instructions) = &server.inner.instructions {
        result["instructions"] = json!(instructions);
    }
    respond(&request.id, Ok(result))
}

/// Routes a request on an initialized legacy session.
pub(crate) async fn dispatch(
    server: &Server,
    request: &Request,
    params: Value,
    exchange: &Exchange,
    session: &Session,
) -> Option<Message> {
    let version = session.protocol_version().unwrap_or(ProtocolVersion::LATEST_LEGACY);
    let call = Call {
        server,
        request,
        params,
        exchange,
        version,
        client_capabilities: session.client_capabilities(),
        log: LogFilter::Session,
    };
    let outcome = match request.method.as_str() {
        methods::PING => Ok(json!({})),
        methods::TOOLS_LIST => call.list_tools(),
        methods::TOOLS_CALL => call.call_tool(call.context(None)).await,
        methods::RESOURCES_LIST => call.list_resources(),
        methods::RESOURCES_TEMPLATES_LIST => call.list_templates(),
        methods::RESOURCES_READ => call.read_resource(call.context(None)).await,
        methods::RESOURCES_SUBSCRIBE | methods::RESOURCES_UNSUBSCRIBE => subscribe(&call, session),
        methods::PROMPTS_LIST => call.list_prompts(),
        methods::PROMPTS_GET => call.get_prompt(call.context(None)).await,
        methods::COMPLETION_COMPLETE => call.complete().await,
        methods::LOGGING_SET_LEVEL => set_level(&call, session),
        methods::TASKS_GET | methods::TASKS_RESULT | methods::TASKS_LIST | methods::TASKS_CANCEL => {
            crate::tasks::legacy_method(&call).await
        }
        other => Err(ErrorObject::method_not_found(other).into()),
    };
    match outcome {
        Ok(result) => Some(respond(&request.id, Ok(result))),
        Err(e) => e.into_error_object(false).map(|e| respond(&request.id, Err(e))),
    }
}

/// `resources/subscribe` / `resources/unsubscribe` (`server/resources.mdx` "Subscriptions").
fn subscribe(call: &Call<'_>, session: &Session) -> Result<Value, Error> {
    #[derive(Deserialize)]
    struct Params {
        uri: String,
    }
    let p: Params = call.param()?;
    if call.request.method == methods::RESOURCES_SUBSCRIBE {
        session.subscribe(p.uri);
    } else {
        session.unsubscribe(&p.uri);
    }
    Ok(json!({}))
}

/// `logging/setLevel` (`server/utilities/logging.mdx`).
fn set_level(call: &Call<'_>, session: &Session) -> Result<Value, Error> {
    #[derive(Deserialize)]
    struct Params {
        level: LoggingLevel,
    }
    let p: Params = call.param()?;
    session.set_log_level(p.level);
    Ok(json!({}))
}
