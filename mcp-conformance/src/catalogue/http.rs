//! HTTP transport rules, checked on both sides of the wire: the server's view of every
//! request comes from its authentication hook ([`HeaderRecorder`](crate::scenario::http::HeaderRecorder),
//! which sees each request head that passed the `Host`/`Origin` checks), and requests no
//! client library would send are written by hand ([`raw`]).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_client::http::{HttpClientHandle, HttpEvent};
use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::common::Role;
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::Resource;
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{PromptDefinition, Server};
use serde_json::{Value, json};

use super::support::{args, ensure, expect_eq, json, lists_in_order, ok, per_cell, texts};
use super::tools::FIXTURE_TOOLS;
use crate::scenario::http::{HttpServer, RawResponse, SeenRequest, raw};
use crate::scenario::revisions::{ALL, LEGACY, MODERN, STREAMABLE_LEGACY};
use crate::scenario::{Applies, Connection, Env, Scenario, TransportKind};

const HTTP: &[TransportKind] = &[TransportKind::Http];
const HTTP_AND_SSE: &[TransportKind] = &[TransportKind::Http, TransportKind::Sse];

/// The HTTP scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "http/session-id-minted-and-echoed",
        spec: "2025-11-25 basic/transports.mdx#session-management, #protocol-version-header",
        applies: Applies::fixture(STREAMABLE_LEGACY).on(HTTP),
        check: per_cell!(session_id),
    },
    Scenario {
        name: "http/unknown-session-404-reinitializes",
        spec: "2025-11-25 basic/transports.mdx#session-management (400 without, 404 unknown, re-initialize)",
        applies: Applies::fixture(STREAMABLE_LEGACY).on(HTTP),
        check: per_cell!(unknown_session),
    },
    Scenario {
        name: "http/delete-on-close",
        spec: "2025-11-25 basic/transports.mdx#session-management (DELETE ends the session)",
        applies: Applies::fixture(STREAMABLE_LEGACY).on(HTTP),
        check: per_cell!(delete_on_close),
    },
    Scenario {
        name: "http/modern-request-headers",
        spec: "2026-07-28 basic/transports/streamable-http.mdx (MCP-Protocol-Version, Mcp-Method, Mcp-Name, \
               Custom Headers from Tool Parameters, Value Encoding)",
        applies: Applies::in_process(MODERN).on(HTTP),
        check: per_cell!(modern_headers),
    },
    Scenario {
        name: "http/origin-and-host-rejected",
        spec: "2025-11-25 basic/transports.mdx#security-warning; 2026-07-28 basic/transports/streamable-http.mdx \
               (Origin: 403); 2026-07-28 basic/security_best_practices.mdx (DNS rebinding)",
        applies: Applies::fixture(ALL).on(HTTP_AND_SSE),
        check: per_cell!(origin_and_host),
    },
    Scenario {
        name: "http/body-limit-413",
        spec: "RFC 9110 §15.5.14 (413 Content Too Large); 2026-07-28 basic/security_best_practices.mdx",
        applies: Applies::fixture(ALL).on(HTTP_AND_SSE),
        check: per_cell!(body_limit),
    },
    Scenario {
        name: "sse/endpoint-event",
        spec: "2024-11-05 basic/transports.mdx#http-with-sse",
        applies: Applies::fixture(LEGACY).on(&[TransportKind::Sse]),
        check: per_cell!(endpoint_event),
    },
];

/// Marks hand-written requests, so the server-side record can tell them from the client's.
const PROBE: (&str, &str) = ("X-Conformance-Probe", "raw");

fn http(conn: &Connection) -> Result<(&HttpServer, &HttpClientHandle), String> {
    conn.http_server().zip(conn.http_client()).ok_or_else(|| "not an HTTP connection".to_owned())
}

/// The requests our client sent (not the hand-written probes).
fn from_client(server: &HttpServer) -> Vec<SeenRequest> {
    server.requests().into_iter().filter(|r| r.header("x-conformance-probe").is_none()).collect()
}

/// A request that opens a conversation in the cell: a 2026-07-28 `server/discover` POST, a
/// legacy `initialize` POST, or the HTTP+SSE GET. `(method, path, headers, body)`.
struct Opening {
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn opening(env: &Env) -> Opening {
    let version = env.version().as_str();
    let post = vec![
        ("Content-Type", "application/json".to_owned()),
        ("Accept", "application/json, text/event-stream".to_owned()),
    ];
    if env.cell().transport == TransportKind::Sse {
        return Opening {
            method: "GET",
            path: crate::serve::SSE_PATH,
            headers: vec![("Accept", "text/event-stream".to_owned())],
            body: Vec::new(),
        };
    }
    if env.is_modern() {
        let meta = json!({
            "io.modelcontextprotocol/protocolVersion": version,
            "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "1"}
        });
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": meta}});
        let mut headers = post;
        headers.push(("MCP-Protocol-Version", version.to_owned()));
        headers.push(("Mcp-Method", "server/discover".to_owned()));
        return Opening {
            method: "POST",
            path: crate::serve::MCP_PATH,
            headers,
            body: body.to_string().into(),
        };
    }
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}
    }});
    Opening { method: "POST", path: crate::serve::MCP_PATH, headers: post, body: body.to_string().into() }
}

/// Sends `opening` by hand with `host`, extra headers and optionally another body.
async fn send(
    server: &HttpServer,
    opening: &Opening,
    host: &str,
    extra: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<RawResponse, String> {
    let mut headers: Vec<(&str, &str)> = opening.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    headers.extend_from_slice(extra);
    headers.push(PROBE);
    raw(server.addr(), opening.method, opening.path, Some(host), &headers, body.unwrap_or(&opening.body))
        .await
}

/// The JSON-RPC error code in a refusal body (a JSON-RPC error without `id`).
fn error_code(response: &RawResponse) -> Option<i64> {
    let body = &response.body;
    let json: Value = serde_json::from_str(body.get(body.find('{')?..=body.rfind('}')?)?).ok()?;
    json["error"]["code"].as_i64()
}

/// The legacy session id is minted on `initialize` (visible ASCII, 128 bits or more as
/// hex), echoed on every later request of the session (POSTs, the standalone GET) with
/// `MCP-Protocol-Version` from 2025-06-18 on; another `initialize` gets another id.
async fn session_id(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    ok("tools/list", conn.client.list_tools(None).await)?;
    ok("ping", conn.client.ping().await)?;
    let (server, handle) = http(&conn)?;
    let id = handle.session_id().ok_or("the client holds no session id")?;
    ensure(id.len() >= 32 && id.bytes().all(|b| (0x21..=0x7e).contains(&b)), || {
        format!("session id {id:?} is not 32+ visible ASCII characters")
    })?;
    let seen = from_client(server);
    let (first, rest) = seen.split_first().ok_or("the server saw no request")?;
    expect_eq("the first request", (first.method.as_str(), first.header("mcp-session-id")), ("POST", None))?;
    ensure(rest.len() >= 4, || {
        format!("expected initialized, tools/list, ping and the GET stream: {seen:?}")
    })?;
    for r in rest {
        expect_eq(&format!("{} Mcp-Session-Id", r.method), r.header("mcp-session-id"), Some(id.as_str()))?;
        if env.version() >= ProtocolVersion::V2025_06_18 {
            expect_eq(
                &format!("{} MCP-Protocol-Version", r.method),
                r.header("mcp-protocol-version"),
                Some(env.version().as_str()),
            )?;
        }
    }
    let get = rest.iter().find(|r| r.method == "GET").ok_or("no standalone GET stream was opened")?;
    expect_eq("GET Accept", get.header("accept"), Some("text/event-stream"))?;
    expect_eq("live sessions", server.service().session_count(), 1)?;

    let host = server.addr().to_string();
    let other = send(server, &opening(&env), &host, &[], None).await?;
    expect_eq("a second initialize: status", other.status, 200)?;
    let other_id = other.header("mcp-session-id").ok_or("no Mcp-Session-Id on a second initialize")?;
    ensure(other_id != id, || format!("two sessions got the same id {id:?}"))?;
    expect_eq("live sessions", server.service().session_count(), 2)?;
    conn.close().await
}

/// A request with an unknown session id gets 404 and one without an id gets 400; once the
/// client's own session is ended (DELETE, as by another party), its next request gets 404
/// and the client starts a new session transparently (`initialize` without the id) and
/// retries.
async fn unknown_session(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let (server, handle) = http(&conn)?;
    let old = handle.session_id().ok_or("no session id")?;
    let mut events = handle.events();
    let host = server.addr().to_string();
    let version = env.version().as_str();
    let list = Opening {
        body: json!({"jsonrpc": "2.0", "id": 7, "method": "tools/list"}).to_string().into(),
        ..opening(&env)
    };
    let version_header = ("MCP-Protocol-Version", version);
    let unknown = send(
        server,
        &list,
        &host,
        &[("Mcp-Session-Id", "0123456789abcdef0123456789abcdef"), version_header],
        None,
    )
    .await?;
    expect_eq("unknown session id: status", unknown.status, 404)?;
    let missing = send(server, &list, &host, &[version_header], None).await?;
    expect_eq("no session id: status", missing.status, 400)?;

    let delete = raw(
        server.addr(),
        "DELETE",
        crate::serve::MCP_PATH,
        Some(&host),
        &[("Mcp-Session-Id", &old), version_header, PROBE],
        &[],
    )
    .await?;
    ensure((200..300).contains(&delete.status), || format!("DELETE of the session: {}", delete.status))?;

    let tools = ok("tools/list after the session ended", conn.client.list_all_tools().await)?;
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    lists_in_order("tools", &names, &FIXTURE_TOOLS)?;
    let new = handle.session_id().ok_or("no session id after re-initializing")?;
    ensure(new != old, || "the session id did not change".into())?;
    let mut seen_events = Vec::new();
    while let Ok(e) = events.try_recv() {
        seen_events.push(e);
    }
    for want in [HttpEvent::SessionExpired, HttpEvent::Reinitialized] {
        ensure(seen_events.contains(&want), || format!("no {want:?} among {seen_events:?}"))?;
    }
    let seen = from_client(server);
    let fresh: Vec<&SeenRequest> =
        seen.iter().filter(|r| r.method == "POST" && r.header("mcp-session-id").is_none()).collect();
    expect_eq("POSTs without a session id (two initialize)", fresh.len(), 2)?;
    ensure(seen.iter().any(|r| r.header("mcp-session-id") == Some(new.as_str())), || {
        "no request used the new session".into()
    })?;
    // The transport re-initialized by itself: the client role sent one `initialize`.
    expect_eq("initialize sent by the client role", env.recorder().sent_requests(methods::INITIALIZE), 1)?;
    conn.close().await
}

/// Closing the client sends DELETE with the session id, which ends the session.
async fn delete_on_close(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    ok("ping", conn.client.ping().await)?;
    let (server, handle) = http(&conn)?;
    let id = handle.session_id().ok_or("no session id")?;
    expect_eq("live sessions before close", server.service().session_count(), 1)?;
    ok("close", conn.client.close().await.map(drop))?;
    let seen = from_client(server);
    let deletes: Vec<&SeenRequest> = seen.iter().filter(|r| r.method == "DELETE").collect();
    expect_eq("DELETE requests", deletes.len(), 1)?;
    expect_eq("DELETE Mcp-Session-Id", deletes[0].header("mcp-session-id"), Some(id.as_str()))?;
    expect_eq("live sessions after close", server.service().session_count(), 0)?;
    conn.close().await
}

/// A server with a tool whose `region` and `count` arguments are mirrored into headers
/// (`x-mcp-header`), a resource and a prompt.
fn header_server() -> Result<Server, String> {
    let schema = json!({"type": "object", "properties": {
        "region": {"type": "string", "x-mcp-header": "Region"},
        "count": {"type": "integer", "x-mcp-header": "Count"},
        "note": {"type": "string"}
    }});
    let schema = schema.as_object().cloned().unwrap_or_default();
    Server::builder("headers-scenario", "1.0.0")
        .dynamic_tool(Tool::new("route", schema), |_, args| async move {
            Ok(CallToolResult::text(format!(
                "{} x{}",
                args["region"].as_str().unwrap_or_default(),
                args["count"]
            )))
        })
        .resource(Resource::new("test://headers/doc", "doc"), |_, uri| async move {
            Ok(vec![ResourceContents::text(uri, "doc")])
        })
        .prompt(PromptDefinition::new(Prompt::new("greet"), |_, _| async {
            Ok(GetPromptResult {
                messages: vec![PromptMessage::text(Role::User, "hi")],
                ..Default::default()
            })
        }))
        .build()
        .map_err(|e| e.to_string())
}

/// Every 2026-07-28 POST carries `MCP-Protocol-Version`, `Mcp-Method`, the JSON and SSE
/// `Accept` and no session id; `tools/call`, `resources/read` and `prompts/get` carry
/// `Mcp-Name`; annotated arguments travel as `Mcp-Param-*` (non-ASCII base64-encoded), and
/// the server, which checks them against the body, accepts the call. There is no GET or
/// DELETE.
async fn modern_headers(env: Env) -> Result<(), String> {
    let conn = env.connect_to(header_server()?, env.client()).await?;
    let c = &conn.client;
    ok("tools/list", c.list_tools(None).await)?;
    let region = "eu-west \u{fc}";
    let routed = ok(
        "tools/call",
        c.call_tool("route", args(json!({"region": region, "count": 3, "note": "n"}))).await,
    )?;
    expect_eq("route result", texts(&json(&routed)["content"]), vec![format!("{region} x3")])?;
    ok("resources/read", c.read_resource("test://headers/doc").await)?;
    ok("prompts/get", c.get_prompt("greet", None).await)?;
    let (server, _) = http(&conn)?;
    let seen = from_client(server);
    for r in &seen {
        let what = format!("{} {:?}", r.method, r.header("mcp-method"));
        expect_eq(
            &format!("{what}: method and path"),
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/mcp"),
        )?;
        expect_eq(
            &format!("{what}: MCP-Protocol-Version"),
            r.header("mcp-protocol-version"),
            Some("2026-07-28"),
        )?;
        expect_eq(&format!("{what}: Mcp-Session-Id"), r.header("mcp-session-id"), None)?;
        expect_eq(&format!("{what}: Content-Type"), r.header("content-type"), Some("application/json"))?;
        let accept = r.header("accept").unwrap_or_default();
        ensure(accept.contains("application/json") && accept.contains("text/event-stream"), || {
            format!("{what}: Accept {accept:?}")
        })?;
    }
    let calls: Vec<(Option<&str>, Option<&str>)> =
        seen.iter().map(|r| (r.header("mcp-method"), r.header("mcp-name"))).collect();
    let (discovery, rest) = calls.split_at(calls.len().saturating_sub(4));
    ensure(!discovery.is_empty() && discovery.iter().all(|c| *c == (Some("server/discover"), None)), || {
        format!("expected server/discover before the calls: {calls:?}")
    })?;
    expect_eq(
        "Mcp-Method and Mcp-Name",
        rest,
        &[
            (Some("tools/list"), None),
            (Some("tools/call"), Some("route")),
            (Some("resources/read"), Some("test://headers/doc")),
            (Some("prompts/get"), Some("greet")),
        ][..],
    )?;
    let call = &seen[seen.len() - 3];
    let encoded = format!("=?base64?{}?=", BASE64.encode(region));
    expect_eq("Mcp-Param-Region", call.header("mcp-param-region"), Some(encoded.as_str()))?;
    expect_eq("Mcp-Param-Count", call.header("mcp-param-count"), Some("3"))?;
    let params: Vec<&str> =
        call.headers.iter().filter(|(n, _)| n.starts_with("mcp-param-")).map(|(n, _)| n.as_str()).collect();
    expect_eq("Mcp-Param-* headers", params.len(), 2)?;
    conn.close().await
}

/// The cell's opening request is served with the server's `Host` (`127.0.0.1:PORT` or
/// `localhost:PORT`) and with a loopback `Origin`; a foreign `Origin` and a `Host` outside the
/// allowlist (another name, or another port) get `403` with a JSON-RPC error, before the
/// request reaches MCP (the authentication hook never sees them).
async fn origin_and_host(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let (server, _) = http(&conn)?;
    let port = server.addr().port();
    let (ip_host, name_host) = (server.addr().to_string(), format!("localhost:{port}"));
    let probe = opening(&env);
    let probes = || server.requests().iter().filter(|r| r.header("x-conformance-probe").is_some()).count();
    let accepted: [(&str, &str, Option<&str>); 3] = [
        ("no Origin", &ip_host, None),
        ("a loopback Origin", &ip_host, Some("http://localhost:5173")),
        ("Host localhost", &name_host, None),
    ];
    for (what, host, origin) in accepted {
        let extra: Vec<(&str, &str)> = origin.map(|o| ("Origin", o)).into_iter().collect();
        let response = send(server, &probe, host, &extra, None).await?;
        expect_eq(&format!("{what}: status"), response.status, 200)?;
    }
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1).max(1));
    let refused: [(&str, &str, Option<&str>); 4] = [
        ("a foreign Origin", &ip_host, Some("http://evil.example")),
        ("an Origin only prefixed by a loopback name", &ip_host, Some("http://127.0.0.1.evil.example")),
        ("a foreign Host (DNS rebinding)", "evil.example", None),
        ("Host with another port", &other_port, None),
    ];
    for (what, host, origin) in refused {
        let extra: Vec<(&str, &str)> = origin.map(|o| ("Origin", o)).into_iter().collect();
        let response = send(server, &probe, host, &extra, None).await?;
        expect_eq(&format!("{what}: status"), response.status, 403)?;
        ensure(error_code(&response).is_some(), || {
            format!("{what}: no JSON-RPC error body: {:?}", response.body)
        })?;
    }
    expect_eq("hand-written requests that reached the server", probes(), 3)?;
    conn.close().await
}

/// A POST body one byte over the limit (4 MiB) gets `413`; one of exactly the limit is read
/// (the opening request padded with trailing whitespace, answered as usual on Streamable
/// HTTP; on HTTP+SSE the POST endpoint then refuses the unknown session, with another status).
async fn body_limit(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let (server, _) = http(&conn)?;
    let limit = server.service().config().max_body_bytes;
    let host = server.addr().to_string();
    let mut post = opening(&env);
    if env.cell().transport == TransportKind::Sse {
        post = Opening {
            method: "POST",
            path: "/messages?sessionId=unknown",
            headers: vec![("Content-Type", "application/json".to_owned())],
            body: json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}).to_string().into(),
        };
    }
    let mut at_limit = post.body.clone();
    at_limit.resize(limit, b' ');
    let mut over = at_limit.clone();
    over.push(b' ');
    let response = send(server, &post, &host, &[], Some(&over)).await?;
    expect_eq("a body of limit + 1 bytes: status", response.status, 413)?;
    let response = send(server, &post, &host, &[], Some(&at_limit)).await?;
    let want = if env.cell().transport == TransportKind::Sse { 404 } else { 200 };
    expect_eq("a body of exactly the limit: status", response.status, want)?;
    conn.close().await
}

/// `GET /sse` opens an event stream whose first event is `endpoint`, naming the POST endpoint
/// with the new session's id; our client settled on HTTP+SSE through it.
async fn endpoint_event(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let (server, _) = http(&conn)?;
    let host = server.addr().to_string();
    let response = send(server, &opening(&env), &host, &[], None).await?;
    expect_eq("status", response.status, 200)?;
    ensure(response.header("content-type").is_some_and(|t| t.starts_with("text/event-stream")), || {
        format!("content type {:?}", response.header("content-type"))
    })?;
    let event = response.body.lines().skip_while(|l| !l.starts_with("event:")).take(2).collect::<Vec<_>>();
    ensure(
        event.first() == Some(&"event: endpoint")
            && event.get(1).is_some_and(|d| d.starts_with("data: /messages?sessionId=") && d.len() > 30),
        || format!("the first event is not the endpoint: {:?}", response.body),
    )?;
    conn.close().await
}
