//! The request shape of every typed method, in both eras: method, params, and `_meta`
//! (2026-07-28 `basic/index.mdx`: required on every modern request; legacy requests carry none).

mod support;

use std::collections::BTreeMap;
use std::future::Future;

use mcp_client::{Client, ClientError};
use mcp_jsonrpc::schema::completion::{
    CompleteRequestParams, CompletionArgument, CompletionReference, PromptReference,
};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::subscriptions::SubscriptionFilter;
use serde_json::{Map, Value, json};
use support::*;

/// Runs `call` while the fake server expects `method`, answers `result`, and returns the
/// request params and the call's outcome.
async fn exchange<T>(
    server: &mut FakeServer,
    method: &str,
    result: Value,
    call: impl Future<Output = T>,
) -> (Value, T) {
    let serve = async {
        let (r, params) = server.expect_request(method).await;
        server.respond(&r.id, result).await;
        params
    };
    let (params, out) = tokio::join!(serve, call);
    (params, out)
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn modern_requests_carry_meta_and_their_params() {
    let (client, mut s) = modern(Client::builder()).await;
    let c = &client;

    let (p, r) =
        exchange(&mut s, "tools/list", json!({"tools": [], "nextCursor": "n"}), c.list_tools(Some("c1")))
            .await;
    assert_modern_meta(&p);
    assert_eq!(p["cursor"], json!("c1"));
    assert_eq!(r.unwrap().next_cursor.as_deref(), Some("n"));

    let call = c.call_tool("echo", Some(args(json!({"x": 1}))));
    let (p, r) = exchange(&mut s, "tools/call", text_result("hi"), call).await;
    assert_modern_meta(&p);
    assert_eq!((p["name"].clone(), p["arguments"].clone()), (json!("echo"), json!({"x": 1})));
    assert!(p.get("inputResponses").is_none() && p.get("requestState").is_none());
    assert_eq!(r.unwrap().content.len(), 1);

    let (p, r) = exchange(&mut s, "resources/list", json!({"resources": []}), c.list_resources(None)).await;
    assert_modern_meta(&p);
    assert!(p.get("cursor").is_none());
    r.unwrap();

    let list = c.list_resource_templates(Some(""));
    let (p, r) = exchange(&mut s, "resources/templates/list", json!({"resourceTemplates": []}), list).await;
    assert_eq!(p["cursor"], json!(""), "an empty cursor is sent as is");
    r.unwrap();

    let contents = json!({"contents": [{"uri": "file:///a", "text": "A"}]});
    let (p, r) = exchange(&mut s, "resources/read", contents, c.read_resource("file:///a")).await;
    assert_modern_meta(&p);
    assert_eq!(p["uri"], json!("file:///a"));
    assert_eq!(r.unwrap().contents.len(), 1);

    let (p, r) = exchange(&mut s, "prompts/list", json!({"prompts": []}), c.list_prompts(None)).await;
    assert_modern_meta(&p);
    r.unwrap();

    let prompt_args = BTreeMap::from([("topic".to_owned(), "rust".to_owned())]);
    let get = c.get_prompt("greet", Some(prompt_args));
    let (p, r) = exchange(&mut s, "prompts/get", json!({"messages": []}), get).await;
    assert_modern_meta(&p);
    assert_eq!(p["arguments"], json!({"topic": "rust"}));
    r.unwrap();

    let params = CompleteRequestParams {
        reference: CompletionReference::Prompt(PromptReference { name: "greet".into(), title: None }),
        argument: CompletionArgument { name: "topic".into(), value: "ru".into() },
        context: None,
        meta: None,
    };
    let complete = c.complete(params);
    let (p, r) =
        exchange(&mut s, "completion/complete", json!({"completion": {"values": ["rust"]}}), complete).await;
    assert_modern_meta(&p);
    assert_eq!(p["ref"], json!({"type": "ref/prompt", "name": "greet"}));
    assert_eq!(r.unwrap().completion.values, ["rust"]);

    let (p, r) = exchange(&mut s, "server/discover", discover_result(json!({})), c.discover()).await;
    assert_modern_meta(&p);
    assert_eq!(r.unwrap().supported_versions, ["2026-07-28"]);

    let (p, r) =
        exchange(&mut s, "tasks/get", json!({"taskId": "t1", "status": "working"}), c.get_task("t1")).await;
    assert_modern_meta(&p);
    assert_eq!(p["taskId"], json!("t1"));
    r.unwrap();
}

#[tokio::test]
async fn modern_log_level_goes_into_every_request_meta() {
    let (client, mut s) = modern(Client::builder()).await;
    client.set_log_level(Some(LoggingLevel::Warning)).await.unwrap();
    let (p, _) = exchange(&mut s, "tools/list", json!({"tools": []}), client.list_tools(None)).await;
    assert_eq!(p["_meta"]["io.modelcontextprotocol/logLevel"], json!("warning"));
    client.set_log_level(None).await.unwrap();
    let (p, _) = exchange(&mut s, "prompts/list", json!({"prompts": []}), client.list_prompts(None)).await;
    assert!(p["_meta"].get("io.modelcontextprotocol/logLevel").is_none());
}

#[tokio::test]
async fn modern_only_and_legacy_only_methods_are_refused_locally() {
    let (client, _s) = modern(Client::builder()).await;
    assert!(matches!(client.ping().await, Err(ClientError::NotInEra { method: "ping", .. })));
    assert!(matches!(client.subscribe_resource("file:///a").await, Err(ClientError::NotInEra { .. })));
    assert!(matches!(client.task_result("t").await, Err(ClientError::NotInEra { .. })));

    let (client, _s) = legacy(Client::builder()).await;
    assert!(matches!(client.discover().await, Err(ClientError::NotInEra { .. })));
    assert!(matches!(client.listen(SubscriptionFilter::default()).await, Err(ClientError::NotInEra { .. })));
}

#[tokio::test]
async fn result_type_rules() {
    let (client, mut s) = modern(Client::builder()).await;
    let (_, r) =
        exchange(&mut s, "tools/list", json!({"tools": [], "resultType": "later"}), client.list_tools(None))
            .await;
    assert!(matches!(r, Err(ClientError::UnknownResultType(t)) if t == "later"));
    let ask = json!({"resultType": "input_required", "requestState": "s"});
    let (_, r) = exchange(&mut s, "prompts/list", ask, client.list_prompts(None)).await;
    assert!(matches!(r, Err(ClientError::UnexpectedInputRequired(_))), "only 3 methods allow MRTR");
    let (_, r) = exchange(
        &mut s,
        "tools/call",
        json!({"resultType": "task", "taskId": "t"}),
        client.call_tool("x", None),
    )
    .await;
    assert!(matches!(r, Err(ClientError::UnexpectedTask(_))));
}

#[tokio::test]
async fn legacy_requests_have_no_modern_meta() {
    let (client, mut s) = legacy(Client::builder()).await;
    let c = &client;
    let (p, r) = exchange(&mut s, "tools/list", json!({"tools": []}), c.list_tools(None)).await;
    assert!(p.get("_meta").is_none(), "{p}");
    r.unwrap();
    let (p, r) = exchange(&mut s, "tools/call", text_result("ok"), c.call_tool("t", None)).await;
    assert_eq!(p, json!({"name": "t"}));
    r.unwrap();
    let (p, r) =
        exchange(&mut s, "resources/read", json!({"contents": []}), c.read_resource("file:///b")).await;
    assert_eq!(p, json!({"uri": "file:///b"}));
    r.unwrap();
    let (p, r) = exchange(&mut s, "resources/subscribe", json!({}), c.subscribe_resource("file:///b")).await;
    assert_eq!(p, json!({"uri": "file:///b"}));
    r.unwrap();
    let (p, r) =
        exchange(&mut s, "resources/unsubscribe", json!({}), c.unsubscribe_resource("file:///b")).await;
    assert_eq!(p, json!({"uri": "file:///b"}));
    r.unwrap();
    let (p, r) = exchange(&mut s, "ping", json!({}), c.ping()).await;
    assert_eq!(p, json!({}));
    r.unwrap();
    let (p, r) =
        exchange(&mut s, "logging/setLevel", json!({}), c.set_log_level(Some(LoggingLevel::Debug))).await;
    assert_eq!(p, json!({"level": "debug"}));
    r.unwrap();
    let (p, r) = exchange(&mut s, "prompts/get", json!({"messages": []}), c.get_prompt("p", None)).await;
    assert_eq!(p, json!({"name": "p"}));
    r.unwrap();
    let (p, r) = exchange(&mut s, "tasks/list", json!({"tasks": []}), c.list_tasks(None)).await;
    assert_eq!(p, json!({}));
    r.unwrap();
    // Legacy results have no resultType and are complete.
    let (_, r) = exchange(&mut s, "resources/list", json!({"resources": []}), c.list_resources(None)).await;
    assert!(r.unwrap().resources.is_empty());
}

#[tokio::test]
async fn server_errors_surface_as_rpc_errors() {
    let (client, mut s) = legacy(Client::builder()).await;
    let call = client.call_tool("nope", None);
    let serve = async {
        let (r, _) = s.expect_request("tools/call").await;
        s.error(&r.id, -32602, Some(json!({"detail": "unknown tool"}))).await;
    };
    let (r, ()) = tokio::join!(call, serve);
    let err = r.unwrap_err();
    assert_eq!(err.rpc().unwrap().code.0, -32602);
}
