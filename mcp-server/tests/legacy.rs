//! Legacy revisions (2024-11-05 … 2025-11-25) over an in-memory stdio-form connection.

mod support;

use serde_json::{Value, json};
use support::{Client, demo_server, error_code, named_tool};

async fn initialized(version: &str, caps: Value) -> Client {
    let mut c = Client::start(demo_server());
    let r = c
        .request(0, "initialize", json!({"protocolVersion": version, "capabilities": caps, "clientInfo": {"name": "t", "version": "1"}}))
        .await;
    assert_eq!(r["result"]["protocolVersion"], version);
    c.notify("notifications/initialized", json!({})).await;
    c
}

#[tokio::test]
async fn initialize_negotiates_versions_and_derives_capabilities() {
    let mut c = Client::start(demo_server());
    let r = c.request(1, "initialize", json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}})).await;
    let result = &r["result"];
    assert_eq!(result["protocolVersion"], "2025-06-18");
    assert_eq!(result["serverInfo"]["name"], "demo");
    assert_eq!(result["instructions"], "test server");
    let caps = &result["capabilities"];
    assert_eq!(caps["tools"]["listChanged"], true);
    assert_eq!(caps["resources"]["subscribe"], true);
    assert!(caps["prompts"].is_object() && caps["completions"].is_object() && caps["logging"].is_object());
    assert!(result.get("resultType").is_none(), "legacy results carry no resultType");
    c.close().await;

    for (asked, expected) in
        [("1999-01-01", "2025-11-25"), ("2026-07-28", "2025-11-25"), ("2024-11-05", "2024-11-05")]
    {
        let mut c = Client::start(demo_server());
        let r = c.request(1, "initialize", json!({"protocolVersion": asked, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}})).await;
        assert_eq!(r["result"]["protocolVersion"], expected, "asked {asked}");
        c.close().await;
    }
}

#[tokio::test]
async fn requests_before_initialize_are_rejected_but_ping_is_answered() {
    let mut c = Client::start(demo_server());
    let r = c.request(1, "tools/list", json!({})).await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("initialize"));
    let r = c.request(2, "ping", json!({})).await;
    assert_eq!(r["result"], json!({}));
    c.close().await;
}

#[tokio::test]
async fn every_method_answers() {
    let mut c = initialized("2025-11-25", json!({})).await;
    assert_eq!(c.request(1, "ping", json!({})).await["result"], json!({}));
    let r = c.request(2, "tools/call", json!({"name": "add", "arguments": {"a": 2, "b": 40}})).await;
    assert_eq!(r["result"]["content"][0]["text"], "42");
    let r = c.request(3, "tools/call", json!({"name": "stats", "arguments": {}})).await;
    assert_eq!(r["result"]["structuredContent"], json!({"count": 7}));
    assert_eq!(
        serde_json::from_str::<Value>(r["result"]["content"][0]["text"].as_str().unwrap()).unwrap(),
        json!({"count": 7})
    );
    let r = c.request(4, "resources/list", json!({})).await;
    assert_eq!(r["result"]["resources"][0]["uri"], "mem://readme");
    let r = c.request(5, "resources/templates/list", json!({})).await;
    assert_eq!(r["result"]["resourceTemplates"][0]["uriTemplate"], "users://{id}/profile");
    let r = c.request(6, "resources/read", json!({"uri": "users://42/profile"})).await;
    assert_eq!(r["result"]["contents"][0]["text"], "user 42");
    let r = c.request(7, "resources/read", json!({"uri": "mem://readme"})).await;
    assert_eq!(r["result"]["contents"][0]["text"], "hello");
    let r = c.request(8, "resources/read", json!({"uri": "mem://nothing"})).await;
    assert_eq!(error_code(&r), -32002, "legacy resource not found");
    let r = c.request(9, "prompts/list", json!({})).await;
    assert_eq!(r["result"]["prompts"][0]["arguments"][0]["required"], true);
    let r = c.request(10, "prompts/get", json!({"name": "greet", "arguments": {"name": "Ada"}})).await;
    assert_eq!(r["result"]["messages"][0]["content"]["text"], "Hello Ada");
    let r = c.request(11, "prompts/get", json!({"name": "greet", "arguments": {"mood": "x"}})).await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("name"));
    let r = c
        .request(12, "completion/complete", json!({"ref": {"type": "ref/prompt", "name": "greet"}, "argument": {"name": "name", "value": "al"}}))
        .await;
    assert_eq!(r["result"]["completion"]["values"], json!(["alice", "albert"]));
    assert_eq!(c.request(13, "logging/setLevel", json!({"level": "warning"})).await["result"], json!({}));
    assert_eq!(
        c.request(14, "resources/subscribe", json!({"uri": "mem://readme"})).await["result"],
        json!({})
    );
    assert_eq!(
        c.request(15, "resources/unsubscribe", json!({"uri": "mem://readme"})).await["result"],
        json!({})
    );
    let r = c.request(16, "no/such", json!({})).await;
    assert_eq!(error_code(&r), -32601);
    let r = c.request(17, "tools/call", json!({"name": "missing"})).await;
    assert_eq!(error_code(&r), -32602);
    c.close().await;
}

#[tokio::test]
async fn arguments_are_validated_against_the_input_schema() {
    let mut c = initialized("2025-11-25", json!({})).await;
    let r = c.request(1, "tools/call", json!({"name": "add", "arguments": {"a": "two", "b": 1}})).await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("/a"), "{r}");
    let r = c.request(2, "tools/call", json!({"name": "echo", "arguments": {"text": "too long"}})).await;
    assert_eq!(error_code(&r), -32602);
    let r = c.request(3, "tools/call", json!({"name": "echo", "arguments": {}})).await;
    assert_eq!(error_code(&r), -32602);
    let r = c.request(4, "tools/call", json!({"name": "echo", "arguments": {"text": "ok"}})).await;
    assert_eq!(r["result"]["content"][0]["text"], "ok");
    c.close().await;
}

#[tokio::test]
async fn elicitation_is_a_real_server_to_client_request() {
    let mut c = initialized("2025-11-25", json!({"elicitation": {}})).await;
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "ask", "arguments": {}}})).await;
    for (field, value) in [("name", "Ada"), ("city", "London")] {
        let request = c.recv().await;
        assert_eq!(request["method"], "elicitation/create");
        assert_eq!(request["params"]["requestedSchema"]["required"], json!([field]));
        let id = request["id"].clone();
        c.send(
            json!({"jsonrpc": "2.0", "id": id, "result": {"action": "accept", "content": {field: value}}}),
        )
        .await;
    }
    let r = c.response(json!(1)).await;
    assert_eq!(r["result"]["content"][0]["text"], "Ada from London");
    c.close().await;
}

#[tokio::test]
async fn undeclared_capabilities_are_never_requested() {
    let mut c = initialized("2025-11-25", json!({})).await;
    let r = c.request(1, "tools/call", json!({"name": "ask", "arguments": {}})).await;
    assert_eq!(error_code(&r), -32600);
    let r = c.request(2, "tools/call", json!({"name": "roots", "arguments": {}})).await;
    assert_eq!(error_code(&r), -32600);
    assert!(c.seen_method("elicitation/create").is_empty() && c.seen_method("roots/list").is_empty());
    c.close().await;
}

#[tokio::test]
async fn progress_and_log_notifications_follow_token_and_level() {
    let mut c = initialized("2025-11-25", json!({})).await;
    let r = c
        .request(1, "tools/call", json!({"name": "work", "arguments": {}, "_meta": {"progressToken": "p1"}}))
        .await;
    assert_eq!(r["result"]["content"][0]["text"], "done");
    let progress = c.seen_method("notifications/progress");
    assert_eq!(progress.len(), 2);
    assert_eq!(
        progress[0]["params"],
        json!({"progressToken": "p1", "progress": 1.0, "total": 2.0, "message": "half"})
    );
    assert_eq!(progress[1]["params"]["progress"], 2.0);
    assert_eq!(c.seen_method("notifications/message").len(), 2, "no level set: every level");
    c.seen.clear();
    c.request(2, "logging/setLevel", json!({"level": "warning"})).await;
    c.request(3, "tools/call", json!({"name": "work", "arguments": {}})).await;
    let logs = c.seen_method("notifications/message");
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0]["params"], json!({"level": "warning", "data": {"warn": true}}));
    assert!(c.seen_method("notifications/progress").is_empty(), "no token: no progress");
    c.close().await;
}

#[tokio::test]
async fn cancellation_stops_the_handler_and_suppresses_the_response() {
    let mut c = initialized("2025-11-25", json!({})).await;
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "hang", "arguments": {}, "_meta": {"progressToken": 9}}})).await;
    let progress = c.recv().await;
    assert_eq!(progress["method"], "notifications/progress", "the handler is running");
    c.notify("notifications/cancelled", json!({"requestId": 1, "reason": "user"})).await;
    let r = c.request(2, "ping", json!({})).await;
    assert_eq!(r["result"], json!({}));
    assert!(c.seen.iter().all(|m| m.get("id") != Some(&json!(1))), "no response for the cancelled request");
    let started = std::time::Instant::now();
    c.close().await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the handler did not keep the server alive"
    );
}

#[tokio::test]
async fn pagination_walks_pages_and_rejects_bad_cursors() {
    let mut c = initialized("2025-11-25", json!({})).await;
    let mut names = Vec::new();
    let mut cursor: Option<Value> = None;
    for id in 1..10 {
        let params = cursor.as_ref().map_or(json!({}), |c| json!({"cursor": c}));
        let r = c.request(id, "tools/list", params).await;
        let page = r["result"]["tools"].as_array().unwrap();
        assert!(page.len() <= 3);
        names.extend(page.iter().map(|t| t["name"].as_str().unwrap().to_owned()));
        match r["result"].get("nextCursor") {
            Some(next) => cursor = Some(next.clone()),
            None => break,
        }
    }
    assert_eq!(names, ["add", "stats", "ask", "roots", "work", "hang", "echo"]);
    let r = c.request(20, "tools/list", json!({"cursor": "not-a-cursor"})).await;
    assert_eq!(error_code(&r), -32602);
    c.close().await;
}

#[tokio::test]
async fn runtime_tool_changes_notify_and_resource_updates_follow_subscriptions() {
    let server = demo_server();
    let mut c = Client::start(server.clone());
    c.request(0, "initialize", json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}})).await;
    c.notify("notifications/initialized", json!({})).await;
    c.request(1, "resources/subscribe", json!({"uri": "users://1/profile"})).await;
    server.add_tool(named_tool("late"));
    let n = c.recv().await;
    assert_eq!(n["method"], "notifications/tools/list_changed");
    server.notify_resource_updated("users://2/profile");
    server.notify_resource_updated("users://1/profile");
    let n = c.recv().await;
    assert_eq!(
        n,
        json!({"jsonrpc": "2.0", "method": "notifications/resources/updated", "params": {"uri": "users://1/profile"}})
    );
    let r = c.request(2, "tools/call", json!({"name": "late", "arguments": {}})).await;
    assert_eq!(r["result"]["content"][0]["text"], "late");
    assert!(server.remove_tool("late"));
    assert_eq!(c.recv().await["method"], "notifications/tools/list_changed");
    c.close().await;
}

#[tokio::test]
async fn malformed_lines_get_errors_and_the_server_keeps_serving() {
    let mut c = initialized("2025-11-25", json!({})).await;
    c.send_raw(b"{not json\n").await;
    let r = c.recv().await;
    assert_eq!(error_code(&r), -32700);
    assert_eq!(r["id"], Value::Null);
    c.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":5}\n").await;
    let r = c.recv().await;
    assert_eq!(error_code(&r), -32600);
    let r = c.request(6, "ping", json!({})).await;
    assert_eq!(r["result"], json!({}));
    c.close().await;
}
