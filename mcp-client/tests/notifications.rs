//! Progress and log callbacks, listen streams, timeouts and cancellation
//! (2026-07-28 `basic/patterns/progress.mdx`, `server/utilities/logging.mdx`,
//! `basic/patterns/subscriptions.mdx`, `basic/patterns/cancellation.mdx`).

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use mcp_client::{Client, ClientError, RequestOptions, ServerNotification};
use mcp_jsonrpc::schema::subscriptions::SubscriptionFilter;
use mcp_jsonrpc::schema::tools::CallToolRequestParams;
use serde_json::json;
use support::*;

#[tokio::test]
async fn progress_reaches_the_request_callback_with_its_token() {
    for era_modern in [true, false] {
        let (client, mut s) =
            if era_modern { modern(Client::builder()).await } else { legacy(Client::builder()).await };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let options =
            RequestOptions::new().on_progress(move |p| sink.lock().unwrap().push((p.progress, p.total)));
        let params = CallToolRequestParams { name: "slow".into(), ..Default::default() };
        let call = client.call_tool_with(params, &options);
        let serve = async {
            let (r, p) = s.expect_request("tools/call").await;
            let token = p["_meta"]["progressToken"].clone();
            assert!(token.is_string(), "{p}");
            if !era_modern {
                assert_eq!(p["_meta"].as_object().unwrap().len(), 1, "legacy _meta has only the token: {p}");
            }
            s.notify("notifications/progress", json!({"progressToken": "other", "progress": 9})).await;
            s.notify("notifications/progress", json!({"progressToken": token, "progress": 1, "total": 2}))
                .await;
            s.notify("notifications/progress", json!({"progressToken": token, "progress": 2, "total": 2}))
                .await;
            s.respond(&r.id, text_result("done")).await;
        };
        let (r, ()) = tokio::join!(call, serve);
        r.unwrap();
        assert_eq!(*seen.lock().unwrap(), [(1.0, Some(2.0)), (2.0, Some(2.0))]);
    }
}

#[tokio::test]
async fn log_messages_and_list_changes_reach_the_notification_handler() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let b = Client::builder().on_notification(move |n| sink.lock().unwrap().push(n));
    let (_client, mut s) = legacy(b).await;
    s.notify("notifications/message", json!({"level": "error", "logger": "db", "data": "boom"})).await;
    s.notify("notifications/resources/list_changed", json!({})).await;
    s.notify("notifications/elicitation/complete", json!({"elicitationId": "e1"})).await;
    s.notify("notifications/custom", json!({"a": 1})).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    assert!(
        matches!(&seen[0], ServerNotification::LogMessage(m) if m.data == json!("boom") && m.logger.as_deref() == Some("db"))
    );
    assert!(matches!(seen[1], ServerNotification::ResourcesListChanged));
    assert!(matches!(&seen[2], ServerNotification::ElicitationComplete(e) if e.elicitation_id == "e1"));
    assert!(matches!(&seen[3], ServerNotification::Other(n) if n.method == "notifications/custom"));
}

#[tokio::test]
async fn dropping_a_call_sends_notifications_cancelled() {
    let (client, mut s) = modern(Client::builder()).await;
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.call_tool("forever", None).await }
    });
    let (r, _) = s.expect_request("tools/call").await;
    call.abort();
    let params = s.expect_notification("notifications/cancelled").await;
    assert_eq!(params["requestId"], serde_json::to_value(&r.id).unwrap());
    // A late response is ignored and the connection keeps working.
    s.respond(&r.id, text_result("late")).await;
    let list = client.list_prompts(None);
    let serve = async {
        let (r, _) = s.expect_request("prompts/list").await;
        s.respond(&r.id, json!({"prompts": []})).await;
    };
    tokio::join!(list, serve).0.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_timeout_fails_the_call_and_cancels_it() {
    let (client, mut s) = legacy(Client::builder()).await;
    let options = RequestOptions::new().timeout(Duration::from_secs(5));
    let params = CallToolRequestParams { name: "slow".into(), ..Default::default() };
    let call = client.call_tool_with(params, &options);
    let serve = async {
        let (r, _) = s.expect_request("tools/call").await;
        let params = s.expect_notification("notifications/cancelled").await;
        assert_eq!(params["requestId"], serde_json::to_value(&r.id).unwrap());
    };
    let started = tokio::time::Instant::now();
    let (r, ()) = tokio::join!(call, serve);
    assert!(matches!(r, Err(ClientError::Timeout)));
    assert!(started.elapsed() >= Duration::from_secs(5));
}

#[tokio::test]
async fn listen_streams_its_notifications_until_the_server_ends_it() {
    let (client, mut s) = modern(Client::builder()).await;
    let filter = SubscriptionFilter { tools_list_changed: Some(true), ..Default::default() };
    let mut sub = client.listen(filter).await.unwrap();
    let (r, p) = s.expect_request("subscriptions/listen").await;
    assert_modern_meta(&p);
    assert_eq!(p["notifications"], json!({"toolsListChanged": true}));
    assert_eq!(sub.id(), &r.id);
    let meta = json!({"io.modelcontextprotocol/subscriptionId": r.id});
    s.notify(
        "notifications/subscriptions/acknowledged",
        json!({"_meta": meta, "notifications": {"toolsListChanged": true}}),
    )
    .await;
    s.notify("notifications/tools/list_changed", json!({"_meta": meta})).await;
    assert!(matches!(sub.next().await, Some(ServerNotification::SubscriptionsAcknowledged(_))));
    assert!(matches!(sub.next().await, Some(ServerNotification::ToolsListChanged)));
    s.respond(&r.id, json!({"resultType": "complete", "_meta": meta})).await;
    assert!(sub.next().await.is_none());
    assert!(matches!(sub.end(), Some(Ok(_))));

    // A second listen ended by the server's notifications/cancelled (stdio).
    let mut sub = client.listen(SubscriptionFilter::default()).await.unwrap();
    let (r, _) = s.expect_request("subscriptions/listen").await;
    s.notify("notifications/cancelled", json!({"requestId": r.id, "reason": "shutting down"})).await;
    assert!(sub.next().await.is_none());
    assert!(matches!(sub.end(), Some(Err(ClientError::Rpc(e))) if e.message == "shutting down"));
}

#[tokio::test]
async fn dropping_a_subscription_cancels_the_listen() {
    let (client, mut s) = modern(Client::builder()).await;
    let sub = client.listen(SubscriptionFilter::default()).await.unwrap();
    let (r, _) = s.expect_request("subscriptions/listen").await;
    drop(sub);
    let params = s.expect_notification("notifications/cancelled").await;
    assert_eq!(params["requestId"], serde_json::to_value(&r.id).unwrap());
}

#[tokio::test]
async fn a_closed_connection_fails_pending_calls() {
    let (client, mut s) = modern(Client::builder()).await;
    let call = client.call_tool("t", None);
    let serve = async {
        s.expect_request("tools/call").await;
        drop(s);
    };
    let (r, ()) = tokio::join!(call, serve);
    assert!(matches!(r, Err(ClientError::Closed)));
    client.closed().await;
    assert!(client.is_closed());
}
