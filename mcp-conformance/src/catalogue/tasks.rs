//! Tasks: 2025-11-25 `basic/utilities/tasks.mdx` (`task` on `tools/call`, `tasks/get`,
//! `tasks/result`, `tasks/list`, `tasks/cancel`) and the 2026-07-28 extension
//! `io.modelcontextprotocol/tasks` (`resultType: "task"`, `tasks/get`, `tasks/update`,
//! `tasks/cancel`), with a scenario-local server.

use std::time::{Duration, Instant};

use mcp_client::{Client, RequestOptions, ToolCallOutcome};
use mcp_jsonrpc::schema::elicitation::{
    ElicitRequestFormParams, ElicitRequestParams, ElicitResult, RequestedSchema,
};
use mcp_jsonrpc::schema::tasks::{TaskMetadata, ext};
use mcp_jsonrpc::schema::tools::{CallToolRequestParams, CallToolResult, TaskSupport, Tool};
use mcp_server::{Server, ToolDefinition};
use serde_json::{Map, Value, json};

use super::support::{args, expect_code, expect_eq, ok, per_cell};
use crate::scenario::revisions::TASKS;
use crate::scenario::{Applies, Env, Scenario};

/// The task scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[Scenario {
    name: "tasks/lifecycle",
    spec: "2025-11-25 basic/utilities/tasks.mdx; 2026-07-28 extension io.modelcontextprotocol/tasks",
    applies: Applies::in_process(TASKS),
    check: per_cell!(lifecycle),
}];

fn object_schema() -> Map<String, Value> {
    json!({"type": "object"}).as_object().cloned().unwrap_or_default()
}

/// `echo` answers `done: <text>`, `ask` elicits a name and greets it, `hang` never ends; all
/// three may run as tasks.
fn task_server() -> Result<Server, String> {
    let echo = ToolDefinition::dynamic(Tool::new("echo", object_schema()), |_, args| async move {
        Ok(CallToolResult::text(format!("done: {}", args["text"].as_str().unwrap_or_default())))
    });
    let ask = ToolDefinition::dynamic(Tool::new("ask", object_schema()), |ctx, _| async move {
        let schema: RequestedSchema =
            serde_json::from_value(json!({"type": "object", "properties": {"name": {"type": "string"}}}))
                .map_err(|e| mcp_server::Error::internal(e.to_string()))?;
        let answer =
            ctx.elicit(ElicitRequestParams::Form(ElicitRequestFormParams::new("Your name?", schema))).await?;
        let name = answer.content.as_ref().and_then(|c| c.get("name")).map(|v| json!(v)).unwrap_or_default();
        Ok(CallToolResult::text(format!("hello {}", name.as_str().unwrap_or_default())))
    });
    let hang = ToolDefinition::dynamic(Tool::new("hang", object_schema()), |_, _| async {
        std::future::pending::<()>().await;
        Ok(CallToolResult::text("unreachable"))
    });
    let mut builder = Server::builder("tasks-scenario", "1.0.0");
    for tool in [echo, ask, hang] {
        builder = builder.add_tool(tool.map_err(|e| e.to_string())?.with_task_support(TaskSupport::Optional));
    }
    builder.build().map_err(|e| e.to_string())
}

/// Starts `name` as a task and returns the raw `CreateTaskResult`.
async fn start(client: &Client, env: &Env, name: &str, arguments: Value) -> Result<Value, String> {
    let task = (!env.is_modern()).then_some(TaskMetadata { ttl: Some(60_000) });
    let params =
        CallToolRequestParams { name: name.into(), arguments: args(arguments), task, ..Default::default() };
    match ok(&format!("tools/call {name}"), client.call_tool_with(params, &RequestOptions::new()).await)? {
        ToolCallOutcome::Task(created) => Ok(created),
        ToolCallOutcome::Complete(r) => Err(format!("{name} completed without a task: {r:?}")),
    }
}

/// The task id of a `CreateTaskResult`: legacy `task.taskId`, extension `taskId`.
fn task_id(created: &Value) -> Result<String, String> {
    created
        .get("task")
        .unwrap_or(created)
        .get("taskId")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no taskId in {created}"))
}

/// Polls `tasks/get` until the task reaches `status` (5 s at most).
async fn wait_for(client: &Client, id: &str, status: &str) -> Result<Value, String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let task = ok("tasks/get", client.get_task(id).await)?;
        if task["status"] == status {
            return Ok(task);
        }
        if Instant::now() > deadline {
            return Err(format!("task {id} did not reach {status}: {task}"));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A task runs the tool in the background and its result is retrievable; cancelling a
/// running task is final, cancelling a finished one is `-32602`. Legacy: `tasks/result` and
/// `tasks/list`. Extension: `resultType: "task"`, input through `tasks/update`.
async fn lifecycle(env: Env) -> Result<(), String> {
    // The elicitation capability lets `ask` ask; its input is answered through `tasks/update`.
    let mut builder = env.client().elicitation(|_| async { Ok(ElicitResult::decline()) });
    if env.is_modern() {
        builder = builder.extension(ext::EXTENSION_ID, Map::new());
    }
    let conn = env.connect_to(task_server()?, builder).await?;
    let c = &conn.client;
    let created = start(c, &env, "echo", json!({"text": "hi"})).await?;
    let echo = task_id(&created)?;
    if env.is_modern() {
        expect_eq("resultType", &created["resultType"], &json!("task"))?;
        let done = wait_for(c, &echo, "completed").await?;
        expect_eq("task result", &done["result"]["content"], &json!([{"type": "text", "text": "done: hi"}]))?;

        let asked = task_id(&start(c, &env, "ask", json!({})).await?)?;
        let waiting = wait_for(c, &asked, "input_required").await?;
        let request = &waiting["inputRequests"]["elicit-0"];
        expect_eq(
            "input request",
            (&request["method"], &request["params"]["message"]),
            (&json!("elicitation/create"), &json!("Your name?")),
        )?;
        let mut responses = Map::new();
        responses.insert("elicit-0".into(), json!({"action": "accept", "content": {"name": "Ada"}}));
        ok("tasks/update", c.update_task(&asked, responses).await)?;
        let done = wait_for(c, &asked, "completed").await?;
        expect_eq("greeting", &done["result"]["content"][0]["text"], &json!("hello Ada"))?;
    } else {
        expect_eq("created status", &created["task"]["status"], &json!("working"))?;
        let result = ok("tasks/result", c.task_result(&echo).await)?;
        expect_eq("tasks/result", &result["content"], &json!([{"type": "text", "text": "done: hi"}]))?;
        wait_for(c, &echo, "completed").await?;
        let listed = ok("tasks/list", c.list_tasks(None).await)?;
        let ids: Vec<&str> = listed["tasks"]
            .as_array()
            .map(|a| a.iter().filter_map(|t| t["taskId"].as_str()).collect())
            .unwrap_or_default();
        expect_eq("listed tasks", ids, vec![echo.as_str()])?;
    }
    let hang = task_id(&start(c, &env, "hang", json!({})).await?)?;
    ok("tasks/cancel", c.cancel_task(&hang).await)?;
    wait_for(c, &hang, "cancelled").await?;
    if env.is_modern() {
        let again = ok("tasks/cancel of a cancelled task", c.cancel_task(&hang).await)?;
        expect_eq("acknowledged", &again["resultType"], &json!("complete"))?;
    } else {
        expect_code("tasks/cancel of a completed task", c.cancel_task(&echo).await, -32602)?;
    }
    conn.close().await
}
