//! Legacy server-to-client requests (2025-11-25 `client/elicitation.mdx`, `client/sampling.mdx`,
//! `client/roots.mdx`, `basic/utilities/ping.mdx`) answered through the same callbacks as
//! modern input requests; without a callback the client declares no capability and answers
//! `-32601`.

mod support;

use std::collections::BTreeMap;

use mcp_client::Client;
use mcp_jsonrpc::RequestId;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult, ElicitValue};
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::sampling::{CreateMessageRequestParams, CreateMessageResult};
use serde_json::json;
use support::*;

fn full_builder() -> mcp_client::ClientBuilder {
    Client::builder()
        .elicitation(|req: ElicitRequestParams| async move {
            assert_eq!(req.message(), "Name?");
            Ok(ElicitResult::accept(BTreeMap::from([("name".to_owned(), ElicitValue::String("ada".into()))])))
        })
        .sampling(|req: CreateMessageRequestParams| async move {
            assert_eq!(req.max_tokens, 5);
            Ok(serde_json::from_value::<CreateMessageResult>(json!({"role": "assistant",
                "content": {"type": "text", "text": "hi"}, "model": "m"}))
            .unwrap())
        })
        .roots(|| async {
            Ok(serde_json::from_value::<ListRootsResult>(json!({"roots": [{"uri": "file:///r"}]})).unwrap())
        })
}

#[tokio::test]
async fn capabilities_follow_callbacks_in_initialize() {
    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(full_builder().connect(end));
    let params = server.accept_legacy(LEGACY, json!({})).await;
    let caps = &params["capabilities"];
    assert!(caps["elicitation"]["form"].is_object(), "{caps}");
    assert!(caps["sampling"].is_object() && caps["roots"].is_object(), "{caps}");
    connecting.await.unwrap().unwrap();

    let (mut server, end) = FakeServer::pair();
    let connecting = tokio::spawn(Client::connect(end));
    let params = server.accept_legacy(LEGACY, json!({})).await;
    assert_eq!(params["capabilities"], json!({}));
    connecting.await.unwrap().unwrap();
}

#[tokio::test]
async fn server_requests_are_answered_by_the_callbacks() {
    let (_client, mut s) = legacy(full_builder()).await;
    s.request(
        7,
        "elicitation/create",
        json!({"message": "Name?", "requestedSchema": {"type": "object",
        "properties": {"name": {"type": "string"}, "lang": {"type": "string", "default": "en"}}}}),
    )
    .await;
    let (id, result) = s.expect_response().await;
    assert_eq!(id, RequestId::Number(7));
    assert_eq!(result.unwrap(), json!({"action": "accept", "content": {"name": "ada", "lang": "en"}}));

    s.request(8, "sampling/createMessage", json!({"messages": [], "maxTokens": 5})).await;
    let (id, result) = s.expect_response().await;
    assert_eq!(id, RequestId::Number(8));
    assert_eq!(result.unwrap()["content"]["text"], json!("hi"));

    s.request(9, "roots/list", json!({})).await;
    let (id, result) = s.expect_response().await;
    assert_eq!(id, RequestId::Number(9));
    assert_eq!(result.unwrap()["roots"][0]["uri"], json!("file:///r"));

    s.request(10, "ping", json!({})).await;
    assert_eq!(s.expect_response().await, (RequestId::Number(10), Ok(json!({}))));
}

#[tokio::test]
async fn requests_without_a_callback_get_method_not_found() {
    let (_client, mut s) = legacy(Client::builder()).await;
    for (id, method) in
        [(1, "elicitation/create"), (2, "sampling/createMessage"), (3, "roots/list"), (4, "x/y")]
    {
        s.request(
            id,
            method,
            json!({"message": "m", "requestedSchema": {"type": "object", "properties": {}}}),
        )
        .await;
        let (got, result) = s.expect_response().await;
        assert_eq!(got, RequestId::Number(id));
        assert_eq!(result.unwrap_err().code.0, -32601, "{method}");
    }
}

#[tokio::test]
async fn malformed_params_get_invalid_params() {
    let (_client, mut s) = legacy(full_builder()).await;
    s.request(3, "sampling/createMessage", json!({"messages": "not a list"})).await;
    let (_, result) = s.expect_response().await;
    assert_eq!(result.unwrap_err().code.0, -32602);
}

#[tokio::test]
async fn a_cancelled_server_request_gets_no_response() {
    let slow = Client::builder().elicitation(|_r: ElicitRequestParams| async {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        Ok(ElicitResult::decline())
    });
    let (_client, mut s) = legacy(slow).await;
    s.request(
        5,
        "elicitation/create",
        json!({"message": "m", "requestedSchema": {"type": "object", "properties": {}}}),
    )
    .await;
    s.notify("notifications/cancelled", json!({"requestId": 5, "reason": "gone"})).await;
    s.request(6, "ping", json!({})).await;
    // Only the ping is answered.
    assert_eq!(s.expect_response().await, (RequestId::Number(6), Ok(json!({}))));
    assert!(s.try_recv(std::time::Duration::from_millis(100)).await.is_none());
}
