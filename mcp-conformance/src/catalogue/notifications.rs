//! List-change notifications in both eras, and the 2026-07-28 `subscriptions/listen`
//! acknowledgement and cancellation (`basic/patterns/subscriptions.mdx`).

use mcp_client::{ServerNotification, Subscription};
use mcp_jsonrpc::schema::common::Role;
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::Resource;
use mcp_jsonrpc::schema::subscriptions::SubscriptionFilter;
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{PromptDefinition, ResourceDefinition, Server, ToolDefinition};
use serde_json::json;

use super::support::{NOTIFICATION_WAIT, ensure, expect_eq, json, notifications, ok, per_cell};
use crate::scenario::revisions::{ALL, MODERN};
use crate::scenario::{Applies, Env, Scenario};

/// The notification scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "notifications/list-changed",
        spec: "2025-11-25 server/tools.mdx#list-changed-notification; 2026-07-28 basic/patterns/subscriptions.mdx",
        applies: Applies::in_process(ALL),
        check: per_cell!(list_changed),
    },
    Scenario {
        name: "subscriptions/listen-acknowledged",
        spec: "2026-07-28 basic/patterns/subscriptions.mdx#acknowledgement, #cancellation",
        applies: Applies::fixture(MODERN),
        check: per_cell!(listen_acknowledged),
    },
];

/// The next message of a listen stream, within [`NOTIFICATION_WAIT`].
pub(crate) async fn next(stream: &mut Subscription, what: &str) -> Result<ServerNotification, String> {
    match tokio::time::timeout(NOTIFICATION_WAIT, stream.next()).await {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(format!("{what}: the stream ended: {:?}", stream.end())),
        Err(_) => Err(format!("{what}: nothing on the stream within {} s", NOTIFICATION_WAIT.as_secs())),
    }
}

fn empty_object() -> serde_json::Map<String, serde_json::Value> {
    serde_json::Map::new()
}

fn tool(name: &str) -> Result<ToolDefinition, String> {
    let mut schema = empty_object();
    schema.insert("type".into(), json!("object"));
    let name = name.to_owned();
    ToolDefinition::dynamic(Tool::new(name.clone(), schema), move |_, _| {
        let name = name.clone();
        async move { Ok(CallToolResult::text(format!("{name} ran"))) }
    })
    .map_err(|e| e.to_string())
}

fn prompt(name: &str) -> PromptDefinition {
    PromptDefinition::new(Prompt::new(name), |_, _| async {
        Ok(GetPromptResult {
            messages: vec![PromptMessage::text(Role::User, "hi")],
            ..GetPromptResult::default()
        })
    })
}

fn resource(uri: &str) -> ResourceDefinition {
    ResourceDefinition::new(Resource::new(uri, "r"), |_, uri| async move {
        Ok(vec![ResourceContents::text(uri, "r")])
    })
}

/// Adding a tool, a prompt and a resource at run time notifies the client: legacy sessions
/// unsolicited, 2026-07-28 only on a listen stream that asked for that list (the prompt list
/// was not asked for and is not sent), then the stream ends with its result when the server
/// closes subscriptions. The lists reflect the change.
async fn list_changed(env: Env) -> Result<(), String> {
    let server = Server::builder("list-changed-scenario", "1.0.0")
        .add_tool(tool("first")?)
        .prompt(prompt("first_prompt"))
        .resource(Resource::new("test://first", "first"), |_, uri| async move {
            Ok(vec![ResourceContents::text(uri, "first")])
        })
        .build()
        .map_err(|e| e.to_string())?;
    let (callback, mut seen) = notifications();
    let conn = env.connect_to(server.clone(), env.client().on_notification(callback)).await?;
    // A round trip first: a legacy session is then initialized on the server side.
    let before = ok("tools/list", conn.client.list_all_tools().await)?;
    expect_eq("tools before", before.len(), 1)?;
    if env.is_modern() {
        let filter = SubscriptionFilter {
            tools_list_changed: Some(true),
            resources_list_changed: Some(true),
            ..Default::default()
        };
        let mut stream = ok("subscriptions/listen", conn.client.listen(filter).await)?;
        let ack = next(&mut stream, "acknowledgement").await?;
        let ServerNotification::SubscriptionsAcknowledged(ack) = ack else {
            return Err(format!("the first message is not the acknowledgement: {ack:?}"));
        };
        expect_eq(
            "acknowledged filter",
            &ack["notifications"],
            &json!({"toolsListChanged": true, "resourcesListChanged": true}),
        )?;
        server.add_prompt(prompt("second_prompt")).map_err(|e| e.to_string())?;
        server.add_tool(tool("second")?);
        expect_eq("after add_tool", next(&mut stream, "tools").await?, ServerNotification::ToolsListChanged)?;
        server.add_resource(resource("test://second")).map_err(|e| e.to_string())?;
        expect_eq(
            "after add_resource",
            next(&mut stream, "resources").await?,
            ServerNotification::ResourcesListChanged,
        )?;
        server.close_subscriptions();
        let end = tokio::time::timeout(NOTIFICATION_WAIT, stream.next()).await;
        ensure(matches!(end, Ok(None)), || format!("the stream did not end: {end:?}"))?;
        match stream.end() {
            Some(Ok(result)) => expect_eq("listen result type", &result["resultType"], &json!("complete"))?,
            other => return Err(format!("the listen request did not end with a result: {other:?}")),
        }
    } else {
        server.add_tool(tool("second")?);
        expect_eq("after add_tool", seen.next("tools").await?, ServerNotification::ToolsListChanged)?;
        server.add_prompt(prompt("second_prompt")).map_err(|e| e.to_string())?;
        expect_eq("after add_prompt", seen.next("prompts").await?, ServerNotification::PromptsListChanged)?;
        server.add_resource(resource("test://second")).map_err(|e| e.to_string())?;
        expect_eq(
            "after add_resource",
            seen.next("resources").await?,
            ServerNotification::ResourcesListChanged,
        )?;
    }
    let tools: Vec<String> =
        ok("tools/list", conn.client.list_all_tools().await)?.into_iter().map(|t| t.name).collect();
    expect_eq("tools after", tools, vec!["first".to_owned(), "second".to_owned()])?;
    let prompts = ok("prompts/list", conn.client.list_all_prompts().await)?;
    expect_eq("prompts after", prompts.len(), 2)?;
    let resources = ok("resources/list", conn.client.list_all_resources().await)?;
    expect_eq("resources after", resources.len(), 2)?;
    expect_eq("notifications outside the stream", seen.drain(), Vec::new())?;
    conn.close().await
}

/// The fixture acknowledges a listen with the whole filter it honours (its tools, prompts
/// and resources all exist); dropping the stream cancels the listen and the server keeps
/// serving.
async fn listen_acknowledged(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let filter = SubscriptionFilter {
        tools_list_changed: Some(true),
        prompts_list_changed: Some(true),
        resources_list_changed: Some(true),
        resource_subscriptions: Some(vec!["test://watched-resource".into()]),
        ..Default::default()
    };
    let mut stream = ok("subscriptions/listen", conn.client.listen(filter).await)?;
    let ack = next(&mut stream, "acknowledgement").await?;
    let ServerNotification::SubscriptionsAcknowledged(ack) = ack else {
        return Err(format!("the first message is not the acknowledgement: {ack:?}"));
    };
    expect_eq(
        "acknowledged filter",
        &ack["notifications"],
        &json!({
            "toolsListChanged": true,
            "promptsListChanged": true,
            "resourcesListChanged": true,
            "resourceSubscriptions": ["test://watched-resource"]
        }),
    )?;
    expect_eq("subscriptionId", &ack["_meta"]["io.modelcontextprotocol/subscriptionId"], &json(stream.id()))?;
    drop(stream);
    let tools = ok("tools/list after the listen", conn.client.list_all_tools().await)?;
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
    super::support::lists_in_order("tools", &names, &super::tools::FIXTURE_TOOLS)?;
    let r = env.recorder();
    expect_eq("listen requests", r.sent_requests(methods::SUBSCRIPTIONS_LISTEN), 1)?;
    let cancels = r.all().iter().filter(|m| m.method == methods::NOTIFICATIONS_CANCELLED).count();
    expect_eq("notifications/cancelled sent for the dropped listen", cancels, 1)?;
    conn.close().await
}
