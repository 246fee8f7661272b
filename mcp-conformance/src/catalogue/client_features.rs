//! Client features a server asks for while handling a request: sampling, elicitation and
//! roots. Legacy revisions send real server-to-client requests; 2026-07-28 answers
//! `input_required` and the client retries with `inputResponses` (`basic/patterns/mrtr.mdx`).
//! Either way the client's callback answers and the tool echoes the answer.

use std::sync::{Arc, Mutex};

use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::roots::{ListRootsResult, Root};
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::Server;
use serde_json::{Value, json};

use super::support::{args, ensure, expect_eq, json, ok, per_cell, texts};
use crate::scenario::revisions::{ALL, ELICITATION};
use crate::scenario::{Applies, Env, Scenario};

/// The client-feature scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "sampling/create-message",
        spec: "2025-11-25 client/sampling.mdx; 2026-07-28 basic/patterns/mrtr.mdx",
        applies: Applies::fixture(ALL),
        check: per_cell!(sampling),
    },
    Scenario {
        name: "elicitation/form",
        spec: "2025-06-18 client/elicitation.mdx; 2026-07-28 client/elicitation.mdx, basic/patterns/mrtr.mdx",
        applies: Applies::fixture(ELICITATION),
        check: per_cell!(elicitation),
    },
    Scenario {
        name: "roots/list",
        spec: "2025-11-25 client/roots.mdx; 2026-07-28 basic/patterns/mrtr.mdx",
        applies: Applies::in_process(ALL),
        check: per_cell!(roots),
    },
];

/// Checks how a client-feature request travelled: a real request on legacy (one
/// `tools/call` per call), an input request plus a retry on 2026-07-28 (two per call).
fn travelled(env: &Env, method: &str, calls: usize) -> Result<(), String> {
    let r = env.recorder();
    if env.is_modern() {
        expect_eq(&format!("{method} requests received"), r.received_requests(method), 0)?;
        expect_eq("tools/call requests (with retries)", r.sent_requests(methods::TOOLS_CALL), 2 * calls)
    } else {
        expect_eq(&format!("{method} requests received"), r.received_requests(method), calls)?;
        expect_eq("tools/call requests", r.sent_requests(methods::TOOLS_CALL), calls)
    }
}

/// `test_sampling` asks for one user message with `maxTokens` 100; the callback's text comes
/// back as `LLM response: <text>`.
async fn sampling(env: Env) -> Result<(), String> {
    let asked: Arc<Mutex<Vec<CreateMessageRequestParams>>> = Arc::default();
    let log = asked.clone();
    let builder = env.client().sampling(move |request: CreateMessageRequestParams| {
        let text = request.messages.first().and_then(|m| m.content.as_text()).unwrap_or_default().to_owned();
        log.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        async move {
            Ok::<_, ErrorObject>(CreateMessageResult::assistant_text(
                "conformance-model",
                format!("echo: {text}"),
            ))
        }
    });
    let conn = env.connect(builder).await?;
    let prompt = "What is 2+2?";
    let result =
        ok("test_sampling", conn.client.call_tool("test_sampling", args(json!({"prompt": prompt}))).await)?;
    expect_eq("result", texts(&json(&result)["content"]), vec![format!("LLM response: echo: {prompt}")])?;
    let asked = asked.lock().unwrap_or_else(|e| e.into_inner()).clone();
    expect_eq("sampling requests seen by the callback", asked.len(), 1)?;
    let request = json(&asked[0]);
    expect_eq("maxTokens", &request["maxTokens"], &json!(100))?;
    expect_eq("message role", &request["messages"][0]["role"], &json!("user"))?;
    expect_eq("message text", asked[0].messages[0].content.as_text(), Some(prompt))?;
    travelled(&env, methods::SAMPLING_CREATE_MESSAGE, 1)?;
    conn.close().await
}

/// `test_elicitation` asks for `username` and `email` (both required, in that order) with the
/// caller's message; an accepted answer and a declined one are both echoed.
async fn elicitation(env: Env) -> Result<(), String> {
    let asked: Arc<Mutex<Vec<ElicitRequestParams>>> = Arc::default();
    let log = asked.clone();
    let builder = env.client().elicitation(move |request: ElicitRequestParams| {
        let decline = request.message().contains("decline");
        log.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        async move {
            if decline {
                return Ok(ElicitResult::decline());
            }
            let answer =
                json!({"action": "accept", "content": {"username": "ada", "email": "ada@example.com"}});
            serde_json::from_value::<ElicitResult>(answer).map_err(|e| ErrorObject::internal(e.to_string()))
        }
    });
    let conn = env.connect(builder).await?;
    let accepted = ok(
        "accept",
        conn.client.call_tool("test_elicitation", args(json!({"message": "Who are you?"}))).await,
    )?;
    let text = texts(&json(&accepted)["content"]).concat();
    let content = text
        .strip_prefix("User response: action=accept, content=")
        .ok_or_else(|| format!("unexpected accepted text {text:?}"))?;
    let content: Value = serde_json::from_str(content).map_err(|e| format!("content is not JSON: {e}"))?;
    expect_eq("echoed content", content, json!({"username": "ada", "email": "ada@example.com"}))?;
    let declined = ok(
        "decline",
        conn.client.call_tool("test_elicitation", args(json!({"message": "please decline"}))).await,
    )?;
    expect_eq(
        "declined text",
        texts(&json(&declined)["content"]),
        vec!["User response: action=decline".to_owned()],
    )?;

    let asked = asked.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let messages: Vec<&str> = asked.iter().map(|r| r.message()).collect();
    expect_eq("messages seen by the callback", messages, vec!["Who are you?", "please decline"])?;
    let ElicitRequestParams::Form(form) = &asked[0] else {
        return Err("the fixture asked in URL mode".into());
    };
    let fields: Vec<&str> = form.requested_schema.properties.iter().map(|(n, _)| n.as_str()).collect();
    expect_eq("requested fields", fields, vec!["username", "email"])?;
    ensure(
        form.requested_schema.is_required("username") && form.requested_schema.is_required("email"),
        || format!("username and email are not both required: {}", json(&form.requested_schema)),
    )?;
    travelled(&env, methods::ELICITATION_CREATE, 2)?;
    conn.close().await
}

/// A server whose tool `show_roots` lists the client's roots, one `uri name` a line.
fn roots_server() -> Result<Server, String> {
    let tool = Tool::new("show_roots", json!({"type": "object"}).as_object().cloned().unwrap_or_default());
    Server::builder("roots-scenario", "1.0.0")
        .dynamic_tool(tool, |ctx, _| async move {
            let roots = ctx.list_roots().await?;
            let lines: Vec<String> = roots
                .roots
                .iter()
                .map(|r| format!("{} {}", r.uri, r.name.as_deref().unwrap_or("-")))
                .collect();
            Ok(CallToolResult::text(lines.join("\n")))
        })
        .build()
        .map_err(|e| e.to_string())
}

/// The client's roots reach the tool through `roots/list` (legacy request or 2026-07-28
/// input request); on legacy, `notifications/roots/list_changed` is accepted and the next
/// call asks again.
async fn roots(env: Env) -> Result<(), String> {
    let calls = Arc::new(Mutex::new(0usize));
    let counter = calls.clone();
    let builder = env.client().roots(move || {
        *counter.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        async {
            Ok::<_, ErrorObject>(ListRootsResult::new(vec![
                Root::new("file:///work/project").named("project"),
                Root::new("file:///tmp/scratch"),
            ]))
        }
    });
    let conn = env.connect_to(roots_server()?, builder).await?;
    let expected = vec!["file:///work/project project\nfile:///tmp/scratch -".to_owned()];
    let first = ok("show_roots", conn.client.call_tool("show_roots", None).await)?;
    expect_eq("roots seen by the tool", texts(&json(&first)["content"]), expected.clone())?;
    if !env.is_modern() {
        ok("roots/list_changed", conn.client.notify(methods::NOTIFICATIONS_ROOTS_LIST_CHANGED, None).await)?;
    }
    let second = ok("show_roots again", conn.client.call_tool("show_roots", None).await)?;
    expect_eq("roots seen again", texts(&json(&second)["content"]), expected)?;
    expect_eq("roots callback calls", *calls.lock().unwrap_or_else(|e| e.into_inner()), 2)?;
    travelled(&env, methods::ROOTS_LIST, 2)?;
    conn.close().await
}
