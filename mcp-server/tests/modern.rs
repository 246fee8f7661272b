//! 2026-07-28 requests over an in-memory stdio-form connection.

mod support;

use serde_json::{Value, json};
use support::{Client, demo_server, error_code, meta, named_tool};

fn with_meta(mut params: Value, caps: Value) -> Value {
    params["_meta"] = meta(caps);
    params
}

#[tokio::test]
async fn discover_and_result_members() {
    let mut c = Client::start(demo_server());
    let r = c.request(1, "server/discover", json!({"_meta": meta(json!({}))})).await;
    let d = &r["result"];
    assert_eq!(d["resultType"], "complete");
    assert_eq!(d["supportedVersions"], json!(["2026-07-28"]));
    assert_eq!(d["capabilities"]["tools"]["listChanged"], true);
    assert_eq!(d["ttlMs"], 60_000);
    assert_eq!(d["cacheScope"], "public");
    assert_eq!(d["instructions"], "test server");
    assert_eq!(d["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "demo");
    let r = c.request(2, "tools/list", json!({"_meta": meta(json!({}))})).await;
    assert_eq!(r["result"]["resultType"], "complete");
    assert_eq!(r["result"]["ttlMs"], 60_000);
    assert_eq!(r["result"]["tools"][1]["outputSchema"]["properties"]["count"]["type"], "integer");
    let r = c.request(3, "resources/read", with_meta(json!({"uri": "mem://readme"}), json!({}))).await;
    assert_eq!(r["result"]["contents"][0]["text"], "hello");
    assert_eq!(r["result"]["cacheScope"], "public");
    let r = c
        .request(4, "tools/call", with_meta(json!({"name": "add", "arguments": {"a": 1, "b": 2}}), json!({})))
        .await;
    assert_eq!(r["result"]["resultType"], "complete");
    assert!(r["result"].get("ttlMs").is_none(), "tools/call is not cacheable");
    assert_eq!(r["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["version"], "1.0.0");
    let r = c.request(5, "resources/read", with_meta(json!({"uri": "mem://none"}), json!({}))).await;
    assert_eq!(error_code(&r), -32602, "modern resource not found");
    for (id, method, params) in [
        (6, "resources/templates/list", json!({})),
        (7, "prompts/list", json!({})),
        (8, "prompts/get", json!({"name": "greet", "arguments": {"name": "Ada"}})),
        (
            9,
            "completion/complete",
            json!({"ref": {"type": "ref/prompt", "name": "greet"}, "argument": {"name": "name", "value": "b"}}),
        ),
    ] {
        let r = c.request(id, method, with_meta(params, json!({}))).await;
        assert_eq!(r["result"]["resultType"], "complete", "{method}: {r}");
    }
    c.close().await;
}

#[tokio::test]
async fn meta_is_required_and_versions_are_checked() {
    let mut c = Client::start(demo_server());
    let r = c.request(1, "tools/list", json!({})).await;
    assert_eq!(error_code(&r), -32602);
    let r = c
        .request(2, "tools/list", json!({"_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}}))
        .await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("clientCapabilities"));
    let r = c
        .request(3, "tools/list", json!({"_meta": {"io.modelcontextprotocol/protocolVersion": "1900-01-01", "io.modelcontextprotocol/clientCapabilities": {}}}))
        .await;
    assert_eq!(error_code(&r), -32022);
    assert_eq!(r["error"]["data"]["requested"], "1900-01-01");
    assert!(r["error"]["data"]["supported"].as_array().unwrap().contains(&json!("2026-07-28")));
    let r = c.request(4, "no/such", json!({"_meta": meta(json!({}))})).await;
    assert_eq!(error_code(&r), -32601);
    let r = c.request(5, "logging/setLevel", json!({"_meta": meta(json!({})), "level": "info"})).await;
    assert_eq!(error_code(&r), -32601, "removed in 2026-07-28");
    let r =
        c.request(6, "tools/call", with_meta(json!({"name": "add", "arguments": {"a": 1}}), json!({}))).await;
    assert_eq!(error_code(&r), -32602);
    c.close().await;
}

fn accept(field: &str, value: &str) -> Value {
    json!({"action": "accept", "content": {field: value}})
}

#[tokio::test]
async fn mrtr_round_trips_carry_earlier_answers_in_sealed_state() {
    let mut c = Client::start(demo_server());
    let caps = json!({"elicitation": {"form": {}}});
    let call = |extra: Value| {
        let mut p = with_meta(json!({"name": "ask", "arguments": {}}), caps.clone());
        p.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        p
    };
    let r = c.request(1, "tools/call", call(json!({}))).await;
    let first = &r["result"];
    assert_eq!(first["resultType"], "input_required");
    let (key, request) = first["inputRequests"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(request["method"], "elicitation/create");
    assert_eq!(request["params"]["message"], "Your name?");
    let state1 = first["requestState"].as_str().unwrap().to_owned();
    assert!(c.seen.is_empty(), "no server-to-client request in 2026-07-28");

    let r = c
        .request(
            2,
            "tools/call",
            call(json!({"inputResponses": {key: accept("name", "Ada")}, "requestState": state1})),
        )
        .await;
    let second = &r["result"];
    assert_eq!(second["resultType"], "input_required");
    let (key2, request2) = second["inputRequests"].as_object().unwrap().iter().next().unwrap();
    assert_ne!(key2, key);
    assert_eq!(request2["params"]["message"], "Your city?");
    let state2 = second["requestState"].as_str().unwrap().to_owned();

    // The second retry carries only the new answer: the first comes from the sealed state.
    let r = c
        .request(
            3,
            "tools/call",
            call(json!({"inputResponses": {key2: accept("city", "London")}, "requestState": state2})),
        )
        .await;
    assert_eq!(r["result"]["resultType"], "complete");
    assert_eq!(r["result"]["content"][0]["text"], "Ada from London");

    // Tampered state.
    let mut forged = state2.clone().into_bytes();
    let i = forged.len() / 3;
    forged[i] = if forged[i] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let r = c
        .request(
            4,
            "tools/call",
            call(json!({"inputResponses": {key2: accept("city", "Paris")}, "requestState": forged})),
        )
        .await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("requestState"), "{r}");

    // State moved to a different request.
    let mut other = with_meta(json!({"name": "ask", "arguments": {"x": 1}}), caps.clone());
    other["requestState"] = json!(state1);
    let r = c.request(5, "tools/call", other).await;
    assert_eq!(error_code(&r), -32602);
    assert!(r["error"]["message"].as_str().unwrap().contains("different request"), "{r}");
    c.close().await;
}

#[tokio::test]
async fn mrtr_works_on_resources_read_and_needs_declared_capabilities() {
    let mut c = Client::start(demo_server());
    let r = c
        .request(
            1,
            "resources/read",
            with_meta(json!({"uri": "users://ask/profile"}), json!({"elicitation": {}})),
        )
        .await;
    let result = &r["result"];
    assert_eq!(result["resultType"], "input_required");
    let key = result["inputRequests"].as_object().unwrap().keys().next().unwrap().clone();
    let mut retry = with_meta(json!({"uri": "users://ask/profile"}), json!({"elicitation": {}}));
    retry["inputResponses"] = json!({key: accept("name", "Grace")});
    retry["requestState"] = result["requestState"].clone();
    let r = c.request(2, "resources/read", retry).await;
    assert_eq!(r["result"]["contents"][0]["text"], "Grace");
    assert_eq!(r["result"]["resultType"], "complete");

    let r = c.request(3, "tools/call", with_meta(json!({"name": "ask", "arguments": {}}), json!({}))).await;
    assert_eq!(error_code(&r), -32021);
    assert_eq!(r["error"]["data"]["requiredCapabilities"], json!({"elicitation": {"form": {}}}));
    let r = c.request(4, "tools/call", with_meta(json!({"name": "roots", "arguments": {}}), json!({}))).await;
    assert_eq!(r["error"]["data"]["requiredCapabilities"], json!({"roots": {}}));
    c.close().await;
}

#[tokio::test]
async fn logs_need_a_per_request_level() {
    let mut c = Client::start(demo_server());
    let mut params = with_meta(json!({"name": "work", "arguments": {}}), json!({}));
    params["_meta"]["progressToken"] = json!("t");
    let r = c.request(1, "tools/call", params.clone()).await;
    assert_eq!(r["result"]["content"][0]["text"], "done");
    assert!(c.seen_method("notifications/message").is_empty(), "no logLevel: no logs");
    assert_eq!(c.seen_method("notifications/progress").len(), 2);
    c.seen.clear();
    params["_meta"]["io.modelcontextprotocol/logLevel"] = json!("debug");
    c.request(2, "tools/call", params).await;
    let logs = c.seen_method("notifications/message");
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0]["params"]["level"], "debug");
    c.close().await;
}

#[tokio::test]
async fn listen_acknowledges_then_sends_only_requested_types() {
    let server = demo_server();
    let mut c = Client::start(server.clone());
    let params = with_meta(
        json!({"notifications": {"toolsListChanged": true, "resourceSubscriptions": ["users://1/profile"]}}),
        json!({}),
    );
    c.send(json!({"jsonrpc": "2.0", "id": "listen-1", "method": "subscriptions/listen", "params": params}))
        .await;
    let ack = c.recv().await;
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    assert_eq!(ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen-1");
    assert_eq!(
        ack["params"]["notifications"],
        json!({"toolsListChanged": true, "resourceSubscriptions": ["users://1/profile"]})
    );

    server
        .add_prompt(mcp_server::PromptDefinition::new(
            mcp_jsonrpc::schema::prompts::Prompt::new("p2"),
            |_, _| async { Ok(Default::default()) },
        ))
        .unwrap();
    server.notify_resource_updated("users://9/profile");
    server.add_tool(named_tool("late"));
    let n = c.recv().await;
    assert_eq!(
        n["method"], "notifications/tools/list_changed",
        "prompt and other-URI events are filtered out"
    );
    assert_eq!(n["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen-1");
    server.notify_resource_updated("users://1/profile");
    let n = c.recv().await;
    assert_eq!(n["method"], "notifications/resources/updated");
    assert_eq!(n["params"]["uri"], "users://1/profile");

    server.close_subscriptions();
    let r = c.response(json!("listen-1")).await;
    assert_eq!(
        r["result"],
        json!({"resultType": "complete", "_meta": {"io.modelcontextprotocol/subscriptionId": "listen-1"}})
    );
    c.close().await;
}

#[tokio::test]
async fn cancelled_listen_gets_no_response() {
    let server = demo_server();
    let mut c = Client::start(server.clone());
    let params = with_meta(json!({"notifications": {"toolsListChanged": true}}), json!({}));
    c.send(json!({"jsonrpc": "2.0", "id": 7, "method": "subscriptions/listen", "params": params})).await;
    assert_eq!(c.recv().await["method"], "notifications/subscriptions/acknowledged");
    c.notify("notifications/cancelled", json!({"requestId": 7})).await;
    let r = c.request(8, "server/discover", json!({"_meta": meta(json!({}))})).await;
    assert_eq!(r["result"]["resultType"], "complete");
    server.add_tool(named_tool("after"));
    let r = c.request(9, "server/discover", json!({"_meta": meta(json!({}))})).await;
    assert!(r.get("result").is_some());
    assert!(c.seen.is_empty(), "nothing more on the cancelled listen: {:?}", c.seen);
    c.close().await;
}

#[tokio::test]
async fn registration_rejects_bad_tool_names_and_schemas() {
    let bad = mcp_server::Server::builder("s", "1").add_tool(named_tool("ok")).dynamic_tool(
        mcp_jsonrpc::schema::tools::Tool::new(
            "bad name",
            json!({"type": "object"}).as_object().unwrap().clone(),
        ),
        |_, _| async { Ok(mcp_jsonrpc::schema::tools::CallToolResult::text("x")) },
    );
    assert_eq!(bad.build().unwrap_err(), mcp_server::RegistrationError::InvalidToolName("bad name".into()));
    let not_object = mcp_server::ToolDefinition::dynamic(
        mcp_jsonrpc::schema::tools::Tool::new("t", json!({"type": "string"}).as_object().unwrap().clone()),
        |_, _| async { Ok(mcp_jsonrpc::schema::tools::CallToolResult::text("x")) },
    );
    assert!(matches!(not_object.unwrap_err(), mcp_server::RegistrationError::InvalidSchema { .. }));
    let dup =
        mcp_server::Server::builder("s", "1").add_tool(named_tool("a")).add_tool(named_tool("a")).build();
    assert!(matches!(dup.unwrap_err(), mcp_server::RegistrationError::Duplicate { .. }));
    let template = mcp_server::Server::builder("s", "1")
        .resource_template(
            mcp_jsonrpc::schema::resources::ResourceTemplate::new("x://{a,b}", "t"),
            |_, _, _| async { Ok(vec![]) },
        )
        .build();
    assert!(matches!(template.unwrap_err(), mcp_server::RegistrationError::InvalidUriTemplate(_)));
}
