//! Utilities with scenario-local servers: pagination (`server/utilities/pagination.mdx`),
//! cancellation (`basic/utilities/cancellation.mdx`, 2026-07-28
//! `basic/patterns/cancellation.mdx`) and caching (2026-07-28 `server/utilities/caching.mdx`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mcp_client::RequestOptions;
use mcp_client::clock::ManualClock;
use mcp_jsonrpc::schema::common::{CacheScope, Role};
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::{ReadResourceRequestParams, Resource, ResourceTemplate};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{PromptDefinition, Server};
use serde_json::json;
use tokio::sync::Notify;

use super::support::{NOTIFICATION_WAIT, expect_code, expect_eq, json, ok, per_cell, texts};
use crate::scenario::revisions::ALL;
use crate::scenario::{Applies, Env, Scenario};

/// The utility scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "pagination/cursors",
        spec: "2026-07-28 server/utilities/pagination.mdx; 2025-11-25 server/utilities/pagination.mdx",
        applies: Applies::in_process(ALL),
        check: per_cell!(pagination),
    },
    Scenario {
        name: "cancellation/dropped-call",
        spec: "2025-11-25 basic/utilities/cancellation.mdx; 2026-07-28 basic/patterns/cancellation.mdx",
        applies: Applies::in_process(ALL),
        check: per_cell!(cancellation),
    },
    Scenario {
        name: "caching/ttl",
        spec: "2026-07-28 server/utilities/caching.mdx (legacy results carry no ttlMs: never cached)",
        applies: Applies::in_process(ALL),
        check: per_cell!(caching),
    },
];

fn object_schema() -> serde_json::Map<String, serde_json::Value> {
    json!({"type": "object"}).as_object().cloned().unwrap_or_default()
}

/// Five tools, resources, templates and prompts (`x0` … `x4`) served two per page.
fn paged_server() -> Result<Server, String> {
    let mut b = Server::builder("pagination-scenario", "1.0.0").page_size(2);
    for i in 0..5 {
        b = b
            .dynamic_tool(Tool::new(format!("tool{i}"), object_schema()), |_, _| async {
                Ok(CallToolResult::text("ok"))
            })
            .resource(Resource::new(format!("test://r{i}"), format!("r{i}")), |_, uri| async move {
                Ok(vec![ResourceContents::text(uri, "r")])
            })
            .resource_template(
                ResourceTemplate::new(format!("test://t{i}/{{id}}"), format!("t{i}")),
                |_, uri, _| async move { Ok(vec![ResourceContents::text(uri, "t")]) },
            )
            .prompt(PromptDefinition::new(Prompt::new(format!("prompt{i}")), |_, _| async {
                Ok(GetPromptResult {
                    messages: vec![PromptMessage::text(Role::User, "p")],
                    ..Default::default()
                })
            }));
    }
    b.build().map_err(|e| e.to_string())
}

fn numbered(prefix: &str) -> Vec<String> {
    (0..5).map(|i| format!("{prefix}{i}")).collect()
}

/// Every list follows opaque cursors to the end (3 pages of 2, 2, 1, in order), the first
/// page names a next cursor, and an invalid cursor is `-32602`.
async fn pagination(env: Env) -> Result<(), String> {
    let conn = env.connect_to(paged_server()?, env.client()).await?;
    let c = &conn.client;
    let first = ok("tools/list page 1", c.list_tools(None).await)?;
    expect_eq("page 1 size", first.tools.len(), 2)?;
    let cursor = first.next_cursor.ok_or("page 1 has no nextCursor")?;
    let second = ok("tools/list page 2", c.list_tools(Some(&cursor)).await)?;
    expect_eq(
        "page 2",
        second.tools.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        numbered("tool")[2..4].to_vec(),
    )?;

    let tools: Vec<String> = ok("all tools", c.list_all_tools().await)?.into_iter().map(|t| t.name).collect();
    expect_eq("tools", tools, numbered("tool"))?;
    let resources: Vec<String> =
        ok("all resources", c.list_all_resources().await)?.into_iter().map(|r| r.name).collect();
    expect_eq("resources", resources, numbered("r"))?;
    let templates: Vec<String> =
        ok("all templates", c.list_all_resource_templates().await)?.into_iter().map(|t| t.name).collect();
    expect_eq("templates", templates, numbered("t"))?;
    let prompts: Vec<String> =
        ok("all prompts", c.list_all_prompts().await)?.into_iter().map(|p| p.name).collect();
    expect_eq("prompts", prompts, numbered("prompt"))?;

    let r = env.recorder();
    expect_eq("tools/list requests", r.sent_requests(methods::TOOLS_LIST), 2 + 3)?;
    for method in [methods::RESOURCES_LIST, methods::RESOURCES_TEMPLATES_LIST, methods::PROMPTS_LIST] {
        expect_eq(&format!("{method} requests"), r.sent_requests(method), 3)?;
    }
    expect_code("invalid cursor", c.list_tools(Some("not-a-cursor")).await, -32602)?;
    conn.close().await
}

/// Dropping a pending `tools/call` sends `notifications/cancelled`; the server stops the
/// handler (its future is dropped), sends no response, and keeps serving.
async fn cancellation(env: Env) -> Result<(), String> {
    struct Stopped(Arc<Notify>);
    impl Drop for Stopped {
        fn drop(&mut self) {
            self.0.notify_one();
        }
    }
    let started = Arc::new(Notify::new());
    let stopped = Arc::new(Notify::new());
    let (s1, s2) = (started.clone(), stopped.clone());
    let server = Server::builder("cancellation-scenario", "1.0.0")
        .dynamic_tool(Tool::new("wait_forever", object_schema()), move |_, _| {
            let (started, guard) = (s1.clone(), Stopped(s2.clone()));
            async move {
                let _guard = guard;
                started.notify_one();
                std::future::pending::<()>().await;
                Ok(CallToolResult::text("unreachable"))
            }
        })
        .dynamic_tool(Tool::new("quick", object_schema()), |_, _| async { Ok(CallToolResult::text("quick")) })
        .build()
        .map_err(|e| e.to_string())?;
    let conn = env.connect_to(server, env.client()).await?;
    tokio::select! {
        outcome = conn.client.call_tool("wait_forever", None) => {
            return Err(format!("the waiting call returned: {outcome:?}"));
        }
        () = started.notified() => {}
    }
    // The call future is dropped here: the client cancels the request.
    tokio::time::timeout(NOTIFICATION_WAIT, stopped.notified())
        .await
        .map_err(|_| "the server did not stop the handler after notifications/cancelled".to_owned())?;
    let quick = ok("quick after the cancel", conn.client.call_tool("quick", None).await)?;
    expect_eq("quick", texts(&json(&quick)["content"]), vec!["quick".to_owned()])?;
    let r = env.recorder();
    let cancels = r.all().iter().filter(|m| m.method == methods::NOTIFICATIONS_CANCELLED).count();
    expect_eq("notifications/cancelled sent", cancels, 1)?;
    expect_eq("tools/call requests", r.sent_requests(methods::TOOLS_CALL), 2)?;
    if let (Some(server), true) = (conn.http_server(), env.is_modern()) {
        // 2026-07-28 Streamable HTTP cancels by closing the response stream: the notification
        // the client role sent never became a POST.
        let posted: Vec<Option<String>> =
            server.requests().iter().map(|r| r.header("mcp-method").map(str::to_owned)).collect();
        expect_eq(
            "methods POSTed after discovery",
            posted.iter().skip_while(|m| m.as_deref() == Some(methods::SERVER_DISCOVER)).cloned().collect(),
            vec![Some(methods::TOOLS_CALL.to_owned()); 2],
        )?;
    }
    conn.close().await
}

/// A server whose results may be cached for 60 s (`public`) and whose resource counts reads.
/// On 2026-07-28 the client serves repeated `resources/read` and `tools/list` from its cache
/// until `ttlMs` passes (measured on an injected clock) or the caller bypasses it; legacy
/// results carry no `ttlMs`, so every call reaches the server.
async fn caching(env: Env) -> Result<(), String> {
    let reads = Arc::new(AtomicUsize::new(0));
    let counter = reads.clone();
    let server = Server::builder("caching-scenario", "1.0.0")
        .cache(60_000, CacheScope::Public)
        .dynamic_tool(Tool::new("noop", object_schema()), |_, _| async { Ok(CallToolResult::text("ok")) })
        .resource(Resource::new("test://counted", "counted"), move |_, uri| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(vec![ResourceContents::text(uri, format!("read {n}"))]) }
        })
        .build()
        .map_err(|e| e.to_string())?;
    let clock = Arc::new(ManualClock::new());
    let conn = env.connect_to(server, env.client().clock(clock.clone())).await?;
    let c = &conn.client;
    let read = |options: RequestOptions| async move {
        let result = ok(
            "resources/read",
            c.read_resource_with(ReadResourceRequestParams::new("test://counted"), &options).await,
        )?;
        Ok::<_, String>(json(&result)["contents"][0]["text"].as_str().unwrap_or_default().to_owned())
    };
    let first = read(RequestOptions::new()).await?;
    let second = read(RequestOptions::new()).await?;
    ok("tools/list", c.list_tools(None).await)?;
    ok("tools/list again", c.list_tools(None).await)?;
    let r = env.recorder();
    if env.is_modern() {
        expect_eq("reads within ttlMs", (first.as_str(), second.as_str()), ("read 1", "read 1"))?;
        expect_eq("resources/read requests", r.sent_requests(methods::RESOURCES_READ), 1)?;
        expect_eq("tools/list requests", r.sent_requests(methods::TOOLS_LIST), 1)?;
        expect_eq(
            "bypassing the cache",
            read(RequestOptions::new().bypass_cache()).await?,
            "read 2".to_owned(),
        )?;
        clock.advance(Duration::from_millis(59_000));
        expect_eq("at 59 s (cached by the bypass)", read(RequestOptions::new()).await?, "read 2".to_owned())?;
        clock.advance(Duration::from_millis(61_000));
        expect_eq("after ttlMs", read(RequestOptions::new()).await?, "read 3".to_owned())?;
        expect_eq("resources/read requests", r.sent_requests(methods::RESOURCES_READ), 3)?;
    } else {
        expect_eq("reads", (first.as_str(), second.as_str()), ("read 1", "read 2"))?;
        expect_eq("resources/read requests", r.sent_requests(methods::RESOURCES_READ), 2)?;
        expect_eq("tools/list requests", r.sent_requests(methods::TOOLS_LIST), 2)?;
    }
    expect_eq("server reads", reads.load(Ordering::SeqCst), r.sent_requests(methods::RESOURCES_READ))?;
    conn.close().await
}
