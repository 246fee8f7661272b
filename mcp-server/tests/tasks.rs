//! Tasks in both eras over an in-memory stdio-form connection, as raw JSON-RPC: legacy
//! 2025-11-25 `tasks/*` and the 2026-07-28 extension `io.modelcontextprotocol/tasks`.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mcp_jsonrpc::schema::elicitation::{ElicitAction, ElicitRequestParams, ElicitResult};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, SamplingMessage};
use mcp_jsonrpc::schema::tools::{CallToolResult, TaskSupport};
use mcp_server::tasks::{ManualClock, TaskCreation, TaskOptions};
use mcp_server::{Error, Principal, Server, ToolDefinition};
use mcp_transport::memory::{MemoryOptions, Wire, pair_with};
use serde_json::{Value, json};
use support::{Client, error_code, meta};
use tokio::sync::Semaphore;

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Empty {}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Num {
    n: i64,
}

const EXT: &str = "io.modelcontextprotocol/tasks";
const START_MS: u64 = 1_764_066_600_000; // 2025-11-25T10:30:00Z

/// What the test server's tools share with the test.
#[derive(Clone)]
struct Probe {
    /// `slow` waits for a permit.
    gate: Arc<Semaphore>,
    /// Incremented when a `hang` handler is dropped (cancelled).
    dropped: Arc<AtomicUsize>,
    clock: ManualClock,
}

struct DropCount(Arc<AtomicUsize>);

impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn tool<F, Fut>(name: &str, support: Option<TaskSupport>, handler: F) -> ToolDefinition
where
    F: Fn(mcp_server::Context) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<CallToolResult, Error>> + Send + 'static,
{
    let def = ToolDefinition::typed::<Empty, _, _>(name, name, move |ctx, _| handler(ctx)).unwrap();
    match support {
        Some(s) => def.with_task_support(s),
        None => def,
    }
}

fn name_form() -> ElicitRequestParams {
    serde_json::from_value(json!({
        "mode": "form", "message": "Your name?",
        "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    }))
    .unwrap()
}

/// The `name` of an accepted form answer (`nobody` otherwise).
fn name_of(answer: &ElicitResult) -> String {
    match answer.action {
        ElicitAction::Accept => answer
            .content
            .as_ref()
            .and_then(|c| c.get("name"))
            .and_then(|v| serde_json::to_value(v).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        _ => "nobody".into(),
    }
}

fn task_server(page_size: usize) -> (Server, Probe) {
    let probe = Probe {
        gate: Arc::new(Semaphore::new(0)),
        dropped: Arc::new(AtomicUsize::new(0)),
        clock: ManualClock::new(START_MS),
    };
    let (gate, dropped) = (probe.gate.clone(), probe.dropped.clone());
    let (gate2, dropped2) = (probe.gate.clone(), probe.dropped.clone());
    let server = Server::builder("tasks", "1.0.0")
        .page_size(page_size)
        .task_clock(Arc::new(probe.clock.clone()))
        .task_options(TaskOptions {
            default_ttl_ms: Some(60_000),
            max_ttl_ms: Some(120_000),
            poll_interval_ms: Some(500),
        })
        .add_tool(tool("slow", Some(TaskSupport::Optional), move |ctx| {
            let gate = gate.clone();
            async move {
                ctx.progress(1.0, Some(2.0), Some("started")).await;
                ctx.log(LoggingLevel::Info, "working on it").await;
                gate.acquire().await.unwrap().forget();
                Ok(CallToolResult::text("slow done"))
            }
        }))
        .add_tool(tool("must", Some(TaskSupport::Required), |_| async {
            Ok(CallToolResult::text("must done"))
        }))
        .add_tool(tool("plain", None, |_| async { Ok(CallToolResult::text("plain done")) }))
        .add_tool(tool("fails", Some(TaskSupport::Optional), |_| async {
            Err(Error::invalid_params("bad thing"))
        }))
        .add_tool(tool("iserr", Some(TaskSupport::Optional), |_| async { Ok(CallToolResult::error("oops")) }))
        .add_tool(tool("asks", Some(TaskSupport::Optional), |ctx| async move {
            let answer = ctx.elicit(name_form()).await?;
            let name = match answer.action {
                ElicitAction::Accept => answer
                    .content
                    .and_then(|c| c.get("name").and_then(|v| serde_json::to_value(v).ok()))
                    .unwrap_or_default(),
                _ => json!("nobody"),
            };
            Ok(CallToolResult::text(format!("hello {}", name.as_str().unwrap_or_default())))
        }))
        .add_tool(tool("hang", Some(TaskSupport::Optional), move |_| {
            let guard = DropCount(dropped.clone());
            async move {
                let _guard = guard;
                std::future::pending::<()>().await;
                Ok(CallToolResult::text("never"))
            }
        }))
        // Input by MRTR rounds, then a task that waits for the gate.
        .add_tool(
            tool("gathers", Some(TaskSupport::Required), move |ctx| {
                let (gate, guard) = (gate2.clone(), DropCount(dropped2.clone()));
                async move {
                    let _guard = guard;
                    let name = name_of(&ctx.elicit(name_form()).await?);
                    ctx.continue_as_task().await?;
                    gate.acquire().await.unwrap().forget();
                    Ok(CallToolResult::text(format!("hello {name}")))
                }
            })
            .with_task_creation(TaskCreation::AfterInput),
        )
        // Input by MRTR, then a task that asks once more (answered by `tasks/update`).
        .add_tool(
            tool("gathers_more", Some(TaskSupport::Optional), |ctx| async move {
                let first = name_of(&ctx.elicit(name_form()).await?);
                ctx.continue_as_task().await?;
                ctx.continue_as_task().await?; // a second call changes nothing
                let second = name_of(&ctx.elicit(name_form()).await?);
                Ok(CallToolResult::text(format!("hello {first} and {second}")))
            })
            .with_task_creation(TaskCreation::AfterInput),
        )
        .add_tool(
            ToolDefinition::typed::<Num, _, _>("double", "doubles n", |_, a| async move {
                Ok(CallToolResult::text((a.n * 2).to_string()))
            })
            .unwrap()
            .with_task_support(TaskSupport::Optional),
        )
        .build()
        .unwrap();
    (server, probe)
}

fn start_as(server: Server, principal: Principal) -> Client {
    let (client, server_end) = pair_with(MemoryOptions { capacity: 64, wire: Wire::Bytes });
    let task = tokio::spawn(async move { server.serve_as(server_end, principal).await });
    Client { end: client, task, seen: Vec::new() }
}

async fn legacy(server: Server, principal: Principal, version: &str) -> (Client, Value) {
    let mut c = start_as(server, principal);
    let r = c
        .request(
            0,
            "initialize",
            json!({"protocolVersion": version, "capabilities": {"elicitation": {}}, "clientInfo": {"name": "t", "version": "1"}}),
        )
        .await;
    c.notify("notifications/initialized", json!({})).await;
    (c, r["result"].clone())
}

fn call(name: &str, task: Option<Value>) -> Value {
    let mut p = json!({"name": name, "arguments": {}});
    if let Some(task) = task {
        p["task"] = task;
    }
    p
}

/// Polls `tasks/get` (real time, bounded) until the status is `status`.
async fn wait_status(c: &mut Client, id: &mut i64, params: Value, status: &str) -> Value {
    for _ in 0..500 {
        *id += 1;
        let r = c.request(*id, "tasks/get", params.clone()).await;
        if r["result"]["status"] == status {
            return r["result"].clone();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("task never reached {status}");
}

fn ext_caps(mut caps: Value) -> Value {
    caps["extensions"] = json!({ EXT: {} });
    caps
}

fn with_meta(mut params: Value, caps: Value) -> Value {
    params["_meta"] = meta(caps);
    params
}

// ---------------------------------------------------------------- legacy 2025-11-25

#[tokio::test]
async fn legacy_capability_and_tool_execution_follow_registration_and_revision() {
    let (server, _) = task_server(50);
    let (mut c, init) = legacy(server.clone(), Principal::anonymous(), "2025-11-25").await;
    assert_eq!(
        init["capabilities"]["tasks"],
        json!({"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}})
    );
    assert!(init["capabilities"].get("extensions").is_none(), "extensions are 2026-07-28 only");
    let tools = c.request(1, "tools/list", json!({})).await["result"]["tools"].clone();
    let support = |name: &str| {
        tools.as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["execution"].clone()
    };
    assert_eq!(support("slow"), json!({"taskSupport": "optional"}));
    assert_eq!(support("must"), json!({"taskSupport": "required"}));
    assert_eq!(support("plain"), Value::Null);
    c.close().await;

    // Before 2025-11-25 there are no tasks: no capability, and a `task` param is ignored.
    let (mut old, init) = legacy(server, Principal::anonymous(), "2025-06-18").await;
    assert!(init["capabilities"].get("tasks").is_none());
    let r = old.request(1, "tools/call", call("must", Some(json!({"ttl": 1000})))).await;
    assert_eq!(r["result"]["content"][0]["text"], "must done");
    assert_eq!(error_code(&old.request(2, "tasks/list", json!({})).await), -32601);

    // No task-capable tool: no capability.
    let plain =
        Server::builder("p", "1").add_tool(tool("plain", None, |_| async { Ok(CallToolResult::text("x")) }));
    let (mut p, init) = legacy(plain.build().unwrap(), Principal::anonymous(), "2025-11-25").await;
    assert!(init["capabilities"].get("tasks").is_none());
    let r = p.request(1, "tools/call", call("plain", Some(json!({})))).await;
    assert_eq!(r["result"]["content"][0]["text"], "x", "undeclared tasks: the task param is ignored");
    old.close().await;
    p.close().await;
}

#[tokio::test]
async fn legacy_task_runs_in_background_and_tasks_result_returns_its_result() {
    let (server, probe) = task_server(50);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let mut params = call("slow", Some(json!({"ttl": 30_000})));
    params["_meta"] = json!({"progressToken": "p1"});
    let created = c.request(1, "tools/call", params).await;
    let task = &created["result"]["task"];
    let task_id = task["taskId"].as_str().unwrap().to_owned();
    assert_eq!(task_id.len(), 36);
    assert_eq!(task["status"], "working");
    assert_eq!(task["ttl"], 30_000);
    assert_eq!(task["pollInterval"], 500);
    assert_eq!(task["createdAt"], "2025-11-25T10:30:00.000Z");
    assert!(created["result"].get("content").is_none(), "the result comes later");

    let get = c.request(2, "tasks/get", json!({"taskId": task_id})).await;
    assert_eq!(get["result"]["status"], "working");
    assert!(get["result"].get("_meta").is_none(), "tasks/get carries no related-task");
    let list = c.request(3, "tasks/list", json!({})).await;
    assert_eq!(list["result"]["tasks"][0]["taskId"], task_id.as_str());

    probe.gate.add_permits(1);
    let result = c.request(4, "tasks/result", json!({"taskId": task_id})).await;
    assert_eq!(result["result"]["content"][0]["text"], "slow done");
    assert_eq!(result["result"]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"], task_id.as_str());

    let progress = c.seen_method("notifications/progress");
    assert_eq!(progress.len(), 1, "{:?}", c.seen);
    assert_eq!(progress[0]["params"]["progressToken"], "p1");
    assert_eq!(
        progress[0]["params"]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"],
        task_id.as_str()
    );
    let logs = c.seen_method("notifications/message");
    assert_eq!(
        logs[0]["params"]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"],
        task_id.as_str()
    );
    let statuses = c.seen_method("notifications/tasks/status");
    assert_eq!(statuses.last().unwrap()["params"]["status"], "completed");
    assert!(statuses.iter().all(|s| s["params"].get("_meta").is_none()));

    let get = c.request(5, "tasks/get", json!({"taskId": task_id})).await;
    assert_eq!(get["result"]["status"], "completed");
    let cancel = c.request(6, "tasks/cancel", json!({"taskId": task_id})).await;
    assert_eq!(error_code(&cancel), -32602);
    assert!(cancel["error"]["message"].as_str().unwrap().contains("completed"));
    // The result stays retrievable until the TTL.
    let again = c.request(7, "tasks/result", json!({"taskId": task_id})).await;
    assert_eq!(again["result"]["content"][0]["text"], "slow done");
    c.close().await;
}

#[tokio::test]
async fn legacy_tool_level_negotiation_errors() {
    let (server, _) = task_server(50);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let r = c.request(1, "tools/call", call("must", None)).await;
    assert_eq!(error_code(&r), -32601, "required without task");
    let r = c.request(2, "tools/call", call("plain", Some(json!({"ttl": 10})))).await;
    assert_eq!(error_code(&r), -32601, "forbidden with task");
    let r = c.request(3, "tools/call", call("nope", Some(json!({})))).await;
    assert_eq!(error_code(&r), -32602, "unknown tool");
    let r = c.request(4, "tools/call", json!({"name": "double", "arguments": {"n": "x"}, "task": {}})).await;
    assert_eq!(error_code(&r), -32602, "arguments are validated before the task is created");
    let r = c.request(5, "tools/call", call("slow", Some(json!("soon")))).await;
    assert_eq!(error_code(&r), -32602, "malformed task");
    let r = c.request(6, "tools/call", call("plain", None)).await;
    assert_eq!(r["result"]["content"][0]["text"], "plain done");
    for (id, method) in [(7, "tasks/get"), (8, "tasks/result"), (9, "tasks/cancel")] {
        assert_eq!(error_code(&c.request(id, method, json!({"taskId": "no-such-task"})).await), -32602);
    }
    let list = c.request(10, "tasks/list", json!({})).await;
    assert_eq!(list["result"]["tasks"], json!([]), "failed calls created no task");
    c.close().await;
}

#[tokio::test]
async fn legacy_failures_keep_the_original_answer() {
    let (server, _) = task_server(50);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let created = c.request(1, "tools/call", call("fails", Some(json!({})))).await;
    let fails = json!({"taskId": created["result"]["task"]["taskId"]});
    let r = c.request(2, "tasks/result", fails.clone()).await;
    assert_eq!(r["error"]["code"], -32602);
    assert_eq!(r["error"]["message"], "bad thing");
    let mut id = 2;
    let task = wait_status(&mut c, &mut id, fails, "failed").await;
    assert!(task["statusMessage"].as_str().unwrap().contains("bad thing"));

    let created = c.request(20, "tools/call", call("iserr", Some(json!({})))).await;
    let iserr = json!({"taskId": created["result"]["task"]["taskId"]});
    let r = c.request(21, "tasks/result", iserr.clone()).await;
    assert_eq!(r["result"]["isError"], true);
    assert_eq!(r["result"]["content"][0]["text"], "oops");
    let task = c.request(22, "tasks/get", iserr).await;
    assert_eq!(task["result"]["status"], "failed", "legacy: isError fails the task");
    c.close().await;
}

#[tokio::test]
async fn legacy_cancel_stops_the_handler_and_is_final() {
    let (server, probe) = task_server(50);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let created = c.request(1, "tools/call", call("hang", Some(json!({})))).await;
    let params = json!({"taskId": created["result"]["task"]["taskId"]});
    let r = c.request(2, "tasks/cancel", params.clone()).await;
    assert_eq!(r["result"]["status"], "cancelled");
    assert_eq!(r["result"]["taskId"], params["taskId"]);
    tokio::time::timeout(Duration::from_secs(5), async {
        while probe.dropped.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the handler is dropped on cancel");
    assert_eq!(c.request(3, "tasks/get", params.clone()).await["result"]["status"], "cancelled");
    assert_eq!(error_code(&c.request(4, "tasks/cancel", params.clone()).await), -32602);
    assert_eq!(
        error_code(&c.request(5, "tasks/result", params).await),
        -32602,
        "a cancelled task has no result"
    );
    c.close().await;
}

#[tokio::test]
async fn legacy_elicitation_travels_on_tasks_result_with_related_task() {
    let (server, _) = task_server(50);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let created = c.request(1, "tools/call", call("asks", Some(json!({})))).await;
    let task_id = created["result"]["task"]["taskId"].as_str().unwrap().to_owned();
    let params = json!({"taskId": task_id});
    let mut id = 1;
    wait_status(&mut c, &mut id, params.clone(), "input_required").await;
    c.send(json!({"jsonrpc": "2.0", "id": 100, "method": "tasks/result", "params": params})).await;
    let request = loop {
        let m = c.recv().await;
        if m["method"] == "elicitation/create" {
            break m;
        }
        c.seen.push(m);
    };
    assert_eq!(
        request["params"]["_meta"]["io.modelcontextprotocol/related-task"]["taskId"],
        task_id.as_str()
    );
    assert_eq!(request["params"]["message"], "Your name?");
    c.send(json!({"jsonrpc": "2.0", "id": request["id"], "result": {"action": "accept", "content": {"name": "Ada"}}}))
        .await;
    let result = c.response(json!(100)).await;
    assert_eq!(result["result"]["content"][0]["text"], "hello Ada");
    let statuses: Vec<_> =
        c.seen_method("notifications/tasks/status").iter().map(|n| n["params"]["status"].clone()).collect();
    assert_eq!(statuses, [json!("input_required"), json!("working"), json!("completed")]);
    c.close().await;
}

#[tokio::test]
async fn legacy_tasks_are_bound_to_principal_and_session() {
    let (server, _) = task_server(50);
    let (mut alice, _) = legacy(server.clone(), Principal::new("alice"), "2025-11-25").await;
    let created = alice.request(1, "tools/call", call("must", Some(json!({})))).await;
    let params = json!({"taskId": created["result"]["task"]["taskId"]});
    assert_eq!(alice.request(2, "tasks/get", params.clone()).await["result"]["taskId"], params["taskId"]);

    let (mut bob, _) = legacy(server.clone(), Principal::new("bob"), "2025-11-25").await;
    let (mut alice2, _) = legacy(server, Principal::new("alice"), "2025-11-25").await;
    for other in [&mut bob, &mut alice2] {
        for (id, method) in [(1, "tasks/get"), (2, "tasks/result"), (3, "tasks/cancel")] {
            let r = other.request(id, method, params.clone()).await;
            assert_eq!(error_code(&r), -32602, "{method}");
            assert!(r["error"]["message"].as_str().unwrap().contains("not found"));
        }
        assert_eq!(other.request(4, "tasks/list", json!({})).await["result"]["tasks"], json!([]));
    }
    assert_eq!(alice.request(3, "tasks/get", params).await["result"]["status"], "completed");
    for c in [alice, bob, alice2] {
        c.close().await;
    }
}

#[tokio::test]
async fn legacy_list_pages_and_ttl_is_capped_and_expires() {
    let (server, probe) = task_server(2);
    let (mut c, _) = legacy(server, Principal::anonymous(), "2025-11-25").await;
    let mut ids = Vec::new();
    for (id, ttl) in [(1, json!(1_000)), (2, json!(999_999_999)), (3, Value::Null)] {
        let r = c.request(id, "tools/call", call("must", Some(json!({"ttl": ttl})))).await;
        ids.push(r["result"]["task"].clone());
    }
    assert_eq!(ids[0]["ttl"], 1_000);
    assert_eq!(ids[1]["ttl"], 120_000, "capped at max_ttl_ms");
    assert_eq!(ids[2]["ttl"], 60_000, "default_ttl_ms");
    let first = c.request(4, "tasks/list", json!({})).await["result"].clone();
    assert_eq!(first["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(first["tasks"][0]["taskId"], ids[0]["taskId"]);
    let cursor = first["nextCursor"].as_str().unwrap().to_owned();
    let second = c.request(5, "tasks/list", json!({"cursor": cursor})).await["result"].clone();
    assert_eq!(second["tasks"][0]["taskId"], ids[2]["taskId"]);
    assert!(second.get("nextCursor").is_none());
    assert_eq!(error_code(&c.request(6, "tasks/list", json!({"cursor": "bogus"})).await), -32602);

    probe.clock.advance(999);
    let alive = c.request(7, "tasks/get", json!({"taskId": ids[0]["taskId"]})).await;
    assert_eq!(alive["result"]["status"], "completed");
    assert_eq!(alive["result"]["lastUpdatedAt"], "2025-11-25T10:30:00.000Z");
    probe.clock.advance(1);
    let expired = c.request(8, "tasks/get", json!({"taskId": ids[0]["taskId"]})).await;
    assert_eq!(error_code(&expired), -32602);
    assert!(expired["error"]["message"].as_str().unwrap().contains("expired"));
    let gone = c.request(9, "tasks/get", json!({"taskId": ids[0]["taskId"]})).await;
    assert!(gone["error"]["message"].as_str().unwrap().contains("not found"), "deleted after expiry");
    probe.clock.advance(60_000);
    let left = c.request(10, "tasks/list", json!({})).await["result"]["tasks"].clone();
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["taskId"], ids[1]["taskId"]);
    c.close().await;
}

// ---------------------------------------------------------------- 2026-07-28 extension

#[tokio::test]
async fn ext_capability_and_task_creation_need_both_sides() {
    let (server, probe) = task_server(50);
    let mut c = start_as(server, Principal::anonymous());
    let d = c.request(1, "server/discover", json!({"_meta": meta(json!({}))})).await;
    assert_eq!(d["result"]["capabilities"]["extensions"][EXT], json!({}));
    assert!(d["result"]["capabilities"].get("tasks").is_none(), "legacy tasks capability is not 2026-07-28");

    let created = c.request(2, "tools/call", with_meta(call("slow", None), ext_caps(json!({})))).await;
    let r = &created["result"];
    assert_eq!(r["resultType"], "task");
    assert_eq!(r["status"], "working");
    assert_eq!(r["ttlMs"], 60_000);
    assert_eq!(r["pollIntervalMs"], 500);
    assert!(r.get("ttl").is_none() && r.get("task").is_none(), "flat extension shape");
    let params = with_meta(json!({"taskId": r["taskId"]}), ext_caps(json!({})));
    let get = c.request(3, "tasks/get", params.clone()).await;
    assert_eq!(get["result"]["resultType"], "complete");
    assert_eq!(get["result"]["status"], "working");
    assert!(c.seen_method("notifications/progress").is_empty(), "no progress on extension tasks");
    probe.gate.add_permits(1);
    let mut id = 3;
    let done = wait_status(&mut c, &mut id, params, "completed").await;
    assert_eq!(done["result"]["content"][0]["text"], "slow done");

    // Without the extension: optional runs synchronously, required is -32021.
    let r = c.request(50, "tools/call", with_meta(call("iserr", None), json!({}))).await;
    assert_eq!(r["result"]["resultType"], "complete");
    assert_eq!(r["result"]["isError"], true);
    let r = c.request(51, "tools/call", with_meta(call("must", None), json!({}))).await;
    assert_eq!(error_code(&r), -32021);
    assert_eq!(r["error"]["data"]["requiredCapabilities"]["extensions"][EXT], json!({}));
    let r = c.request(52, "tools/call", with_meta(call("plain", None), ext_caps(json!({})))).await;
    assert_eq!(r["result"]["resultType"], "complete", "forbidden tools never become tasks");
    let r = c.request(53, "tasks/get", with_meta(json!({"taskId": done["taskId"]}), json!({}))).await;
    assert_eq!(error_code(&r), -32021, "tasks/get needs the extension");
    let r = c.request(54, "tasks/get", with_meta(json!({"taskId": "nope"}), ext_caps(json!({})))).await;
    assert_eq!(error_code(&r), -32602);
    for (id, method) in [(55, "tasks/result"), (56, "tasks/list")] {
        let r =
            c.request(id, method, with_meta(json!({"taskId": done["taskId"]}), ext_caps(json!({})))).await;
        assert_eq!(error_code(&r), -32601, "{method} is legacy only");
    }
    c.close().await;
}

#[tokio::test]
async fn ext_input_requests_are_answered_by_tasks_update() {
    let (server, _) = task_server(50);
    let mut c = start_as(server, Principal::anonymous());
    let caps = ext_caps(json!({"elicitation": {"form": {}}}));
    let created = c.request(1, "tools/call", with_meta(call("asks", None), caps.clone())).await;
    let task_id = created["result"]["taskId"].clone();
    let get = with_meta(json!({"taskId": task_id}), caps.clone());
    let mut id = 1;
    let waiting = wait_status(&mut c, &mut id, get.clone(), "input_required").await;
    let request = &waiting["inputRequests"]["elicit-0"];
    assert_eq!(request["method"], "elicitation/create");
    assert_eq!(request["params"]["message"], "Your name?");

    let update =
        |responses: Value| with_meta(json!({"taskId": task_id, "inputResponses": responses}), caps.clone());
    let r = c.request(100, "tasks/update", update(json!({"elicit-0": {"roots": []}}))).await;
    assert_eq!(error_code(&r), -32602, "an answer of the wrong kind");
    let r = c.request(101, "tasks/update", update(json!({"other-9": {"action": "decline"}}))).await;
    assert_eq!(r["result"]["resultType"], "complete", "unknown keys are ignored");
    assert_eq!(c.request(102, "tasks/get", get.clone()).await["result"]["status"], "input_required");
    let r = c
        .request(
            103,
            "tasks/update",
            update(json!({"elicit-0": {"action": "accept", "content": {"name": "Ada"}}})),
        )
        .await;
    assert_eq!(r["result"]["resultType"], "complete");
    let mut id = 103;
    let done = wait_status(&mut c, &mut id, get, "completed").await;
    assert_eq!(done["result"]["content"][0]["text"], "hello Ada");
    assert!(done.get("inputRequests").is_none());
    c.close().await;
}

#[tokio::test]
async fn ext_listen_forwards_notifications_for_requested_tasks() {
    let (server, probe) = task_server(50);
    let mut c = start_as(server.clone(), Principal::anonymous());
    let caps = ext_caps(json!({}));
    let created = c.request(1, "tools/call", with_meta(call("slow", None), caps.clone())).await;
    let task_id = created["result"]["taskId"].clone();

    let r = c
        .request(
            2,
            "subscriptions/listen",
            with_meta(json!({"notifications": {"taskIds": [task_id]}}), json!({})),
        )
        .await;
    assert_eq!(error_code(&r), -32021, "taskIds need the extension");

    let listen = with_meta(
        json!({"notifications": {"taskIds": [task_id, "unknown"], "toolsListChanged": true}}),
        caps,
    );
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "subscriptions/listen", "params": listen})).await;
    let ack = c.recv().await;
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    assert_eq!(ack["params"]["notifications"]["taskIds"], json!([task_id]));
    probe.gate.add_permits(1);
    let n = c.recv().await;
    assert_eq!(n["method"], "notifications/tasks");
    assert_eq!(n["params"]["taskId"], task_id);
    assert_eq!(n["params"]["status"], "completed");
    assert_eq!(n["params"]["result"]["content"][0]["text"], "slow done");
    assert_eq!(n["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], 3);
    server.close_subscriptions();
    let end = c.response(json!(3)).await;
    assert_eq!(end["result"]["resultType"], "complete");
    assert!(c.seen.is_empty(), "nothing else was forwarded: {:?}", c.seen);
    c.close().await;
}

#[tokio::test]
async fn ext_cancel_failure_and_is_error() {
    let (server, probe) = task_server(50);
    let mut c = start_as(server, Principal::anonymous());
    let caps = ext_caps(json!({}));
    let created = c.request(1, "tools/call", with_meta(call("hang", None), caps.clone())).await;
    let params = with_meta(json!({"taskId": created["result"]["taskId"]}), caps.clone());
    let ack = c.request(2, "tasks/cancel", params.clone()).await;
    assert_eq!(ack["result"]["resultType"], "complete");
    assert_eq!(c.request(3, "tasks/get", params.clone()).await["result"]["status"], "cancelled");
    assert_eq!(
        c.request(4, "tasks/cancel", params).await["result"]["resultType"],
        "complete",
        "acknowledged"
    );
    tokio::time::timeout(Duration::from_secs(5), async {
        while probe.dropped.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the handler is dropped on cancel");

    let created = c.request(5, "tools/call", with_meta(call("fails", None), caps.clone())).await;
    let mut id = 5;
    let failed = wait_status(
        &mut c,
        &mut id,
        with_meta(json!({"taskId": created["result"]["taskId"]}), caps.clone()),
        "failed",
    )
    .await;
    assert_eq!(failed["error"], json!({"code": -32602, "message": "bad thing"}));

    let created = c.request(50, "tools/call", with_meta(call("iserr", None), caps.clone())).await;
    let mut id = 50;
    let done = wait_status(
        &mut c,
        &mut id,
        with_meta(json!({"taskId": created["result"]["taskId"]}), caps),
        "completed",
    )
    .await;
    assert_eq!(done["result"]["isError"], true, "extension: isError is still completed");
    c.close().await;
}

#[tokio::test]
async fn ext_tasks_are_bound_to_the_principal_and_expire() {
    let (server, probe) = task_server(50);
    let caps = ext_caps(json!({}));
    let mut alice = start_as(server.clone(), Principal::new("alice"));
    let mut bob = start_as(server, Principal::new("bob"));
    let created = alice.request(1, "tools/call", with_meta(call("must", None), caps.clone())).await;
    let params = with_meta(json!({"taskId": created["result"]["taskId"]}), caps.clone());
    for (id, method) in [(1, "tasks/get"), (2, "tasks/cancel")] {
        assert_eq!(error_code(&bob.request(id, method, params.clone()).await), -32602, "{method}");
    }
    let r = bob
        .request(
            3,
            "tasks/update",
            with_meta(json!({"taskId": created["result"]["taskId"], "inputResponses": {}}), caps),
        )
        .await;
    assert_eq!(error_code(&r), -32602);
    let mut id = 1;
    wait_status(&mut alice, &mut id, params.clone(), "completed").await;
    probe.clock.advance(60_000);
    let expired = alice.request(100, "tasks/get", params).await;
    assert_eq!(error_code(&expired), -32602);
    assert!(expired["error"]["message"].as_str().unwrap().contains("expired"));
    alice.close().await;
    bob.close().await;
}

// ---------------------------------------------------------------- typed sampling

fn sampling_server() -> Server {
    Server::builder("s", "1")
        .tool::<Empty, _, _>("summarise", "samples", |ctx, _| async move {
            let params = CreateMessageRequestParams::new(vec![SamplingMessage::user_text("hi")], 50);
            let answer = ctx.sample(params).await?;
            Ok(CallToolResult::text(format!(
                "{}: {}",
                answer.model,
                answer.content.as_text().unwrap_or_default()
            )))
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn sample_is_typed_in_both_eras() {
    let mut c = start_as(sampling_server(), Principal::anonymous());
    let r = c.request(1, "tools/call", with_meta(call("summarise", None), json!({}))).await;
    assert_eq!(error_code(&r), -32021, "no sampling capability");
    let caps = json!({"sampling": {}});
    let first = c.request(2, "tools/call", with_meta(call("summarise", None), caps.clone())).await;
    assert_eq!(first["result"]["resultType"], "input_required");
    let request = &first["result"]["inputRequests"]["sample-0"];
    assert_eq!(request["method"], "sampling/createMessage");
    assert_eq!(request["params"]["maxTokens"], 50);
    let mut retry = with_meta(call("summarise", None), caps);
    retry["requestState"] = first["result"]["requestState"].clone();
    retry["inputResponses"] = json!({"sample-0": {"role": "assistant", "content": {"type": "text", "text": "hello"}, "model": "m1"}});
    let done = c.request(3, "tools/call", retry).await;
    assert_eq!(done["result"]["content"][0]["text"], "m1: hello");
    c.close().await;

    let mut c = start_as(sampling_server(), Principal::anonymous());
    let init = json!({"protocolVersion": "2025-06-18", "capabilities": {"sampling": {}}, "clientInfo": {"name": "t", "version": "1"}});
    c.request(0, "initialize", init).await;
    c.notify("notifications/initialized", json!({})).await;
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": call("summarise", None)}))
        .await;
    let request = c.recv().await;
    assert_eq!(request["method"], "sampling/createMessage");
    assert_eq!(request["params"]["messages"][0]["content"]["text"], "hi");
    c.send(json!({"jsonrpc": "2.0", "id": request["id"], "result": {"role": "assistant", "content": {"type": "text", "text": "yo"}, "model": "m2"}}))
        .await;
    assert_eq!(c.response(json!(1)).await["result"]["content"][0]["text"], "m2: yo");
    c.close().await;
}

// ------------------------------------------- MRTR, then a task (TaskCreation::AfterInput)

fn accept(name: &str) -> Value {
    json!({"action": "accept", "content": {"name": name}})
}

/// Round 2 of an MRTR call: round 1's params with `inputResponses` and its `requestState`.
fn retry(round1_params: &Value, round1: &Value, responses: Value) -> Value {
    let mut p = round1_params.clone();
    p["inputResponses"] = responses;
    p["requestState"] = round1["result"]["requestState"].clone();
    p
}

#[tokio::test]
async fn after_input_mrtr_rounds_then_create_task_result_then_completion() {
    let (server, probe) = task_server(50);
    let plain = tool("p", Some(TaskSupport::Optional), |_| async { Ok(CallToolResult::text("")) });
    assert_eq!(plain.task_creation(), TaskCreation::OnCall, "the default");
    assert_eq!(plain.with_task_creation(TaskCreation::AfterInput).task_creation(), TaskCreation::AfterInput);
    let mut c = start_as(server, Principal::anonymous());
    let caps = ext_caps(json!({"elicitation": {"form": {}}}));
    let params = with_meta(call("gathers", None), caps.clone());

    // Round 1: an InputRequiredResult, no task yet.
    let round1 = c.request(1, "tools/call", params.clone()).await;
    let r = &round1["result"];
    assert_eq!(r["resultType"], "input_required", "{round1}");
    assert_eq!(r["inputRequests"]["elicit-0"]["method"], "elicitation/create");
    assert!(r["requestState"].is_string());
    assert!(r.get("taskId").is_none(), "no task before the input is complete");

    // Round 2: the answer makes the handler continue as a task.
    let round2 =
        c.request(2, "tools/call", retry(&params, &round1, json!({"elicit-0": accept("Ada")}))).await;
    let r = &round2["result"];
    assert_eq!(r["resultType"], "task", "{round2}");
    assert_eq!(r["status"], "working");
    assert_eq!(r["ttlMs"], 60_000);
    assert!(r["taskId"].is_string());
    for absent in ["requestState", "inputRequests", "content", "task"] {
        assert!(r.get(absent).is_none(), "CreateTaskResult carries no {absent}: {r}");
    }

    // The handler runs in the background: working until the gate opens, then completed with
    // the answer gathered during the MRTR rounds.
    let get = with_meta(json!({"taskId": r["taskId"]}), caps.clone());
    let working = c.request(3, "tasks/get", get.clone()).await;
    assert_eq!(working["result"]["resultType"], "complete");
    assert_eq!(working["result"]["status"], "working");
    probe.gate.add_permits(1);
    let mut id = 3;
    let done = wait_status(&mut c, &mut id, get, "completed").await;
    assert_eq!(done["result"]["content"][0]["text"], "hello Ada");
    assert_eq!(done["result"]["resultType"], "complete");
    c.close().await;
}

#[tokio::test]
async fn after_input_task_asks_again_through_tasks_update_under_a_fresh_key() {
    let (server, _) = task_server(50);
    let mut c = start_as(server, Principal::anonymous());
    let caps = ext_caps(json!({"elicitation": {"form": {}}}));
    let params = with_meta(call("gathers_more", None), caps.clone());
    let round1 = c.request(1, "tools/call", params.clone()).await;
    assert_eq!(round1["result"]["resultType"], "input_required");
    let round2 =
        c.request(2, "tools/call", retry(&params, &round1, json!({"elicit-0": accept("Ada")}))).await;
    assert_eq!(round2["result"]["resultType"], "task", "{round2}");
    let task_id = round2["result"]["taskId"].clone();
    let get = with_meta(json!({"taskId": task_id}), caps.clone());
    let mut id = 2;
    let waiting = wait_status(&mut c, &mut id, get.clone(), "input_required").await;
    let keys: Vec<&String> = waiting["inputRequests"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["elicit-1"], "keys stay unique over the call and the task");
    // The MRTR phase's key is no longer outstanding: an answer to it is ignored.
    let update =
        |responses: Value| with_meta(json!({"taskId": task_id, "inputResponses": responses}), caps.clone());
    c.request(100, "tasks/update", update(json!({"elicit-0": accept("Eve")}))).await;
    assert_eq!(c.request(101, "tasks/get", get.clone()).await["result"]["status"], "input_required");
    let ack = c.request(102, "tasks/update", update(json!({"elicit-1": accept("Bob")}))).await;
    assert_eq!(ack["result"]["resultType"], "complete");
    let mut id = 102;
    let done = wait_status(&mut c, &mut id, get, "completed").await;
    assert_eq!(done["result"]["content"][0]["text"], "hello Ada and Bob");
    c.close().await;
}

#[tokio::test]
async fn after_input_without_the_extension_is_synchronous_or_missing_capability() {
    let (server, _) = task_server(50);
    let mut c = start_as(server, Principal::anonymous());
    let caps = json!({"elicitation": {"form": {}}});
    // Optional: the same MRTR rounds, and continue_as_task does nothing: a plain result.
    let params = with_meta(call("gathers_more", None), caps.clone());
    let round1 = c.request(1, "tools/call", params.clone()).await;
    assert_eq!(round1["result"]["inputRequests"]["elicit-0"]["method"], "elicitation/create");
    let round2 =
        c.request(2, "tools/call", retry(&params, &round1, json!({"elicit-0": accept("Ada")}))).await;
    assert_eq!(round2["result"]["resultType"], "input_required", "{round2}");
    let keys: Vec<&String> = round2["result"]["inputRequests"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["elicit-1"]);
    let round3 =
        c.request(3, "tools/call", retry(&params, &round2, json!({"elicit-1": accept("Bob")}))).await;
    assert_eq!(round3["result"]["resultType"], "complete", "{round3}");
    assert_eq!(round3["result"]["content"][0]["text"], "hello Ada and Bob");
    assert!(round3["result"].get("taskId").is_none());
    // Required: -32021 before the handler runs.
    let r = c.request(4, "tools/call", with_meta(call("gathers", None), caps)).await;
    assert_eq!(error_code(&r), -32021);
    assert_eq!(r["error"]["data"]["requiredCapabilities"]["extensions"][EXT], json!({}));
    c.close().await;
}

#[tokio::test]
async fn after_input_task_is_cancelled_by_tasks_cancel_and_bound_to_its_principal() {
    let (server, probe) = task_server(50);
    let mut c = start_as(server.clone(), Principal::new("alice"));
    let caps = ext_caps(json!({"elicitation": {"form": {}}}));
    let params = with_meta(call("gathers", None), caps.clone());
    let round1 = c.request(1, "tools/call", params.clone()).await;
    assert_eq!(probe.dropped.load(Ordering::SeqCst), 1, "round 1's handler ended with the round");
    let round2 =
        c.request(2, "tools/call", retry(&params, &round1, json!({"elicit-0": accept("Ada")}))).await;
    let get = with_meta(json!({"taskId": round2["result"]["taskId"]}), caps.clone());
    assert_eq!(probe.dropped.load(Ordering::SeqCst), 1, "round 2's handler runs on as the task");

    let mut bob = start_as(server, Principal::new("bob"));
    assert_eq!(error_code(&bob.request(1, "tasks/get", get.clone()).await), -32602, "another principal");
    bob.close().await;

    let ack = c.request(3, "tasks/cancel", get.clone()).await;
    assert_eq!(ack["result"]["resultType"], "complete");
    tokio::time::timeout(Duration::from_secs(5), async {
        while probe.dropped.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("tasks/cancel drops the handler");
    probe.gate.add_permits(1);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(c.request(4, "tasks/get", get).await["result"]["status"], "cancelled");
    c.close().await;
}
