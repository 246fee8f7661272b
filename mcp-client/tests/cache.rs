//! The `ttlMs`/`cacheScope` cache (2026-07-28 `server/utilities/caching.mdx`) driven through the
//! client with a fake clock.

mod support;

use std::sync::Arc;
use std::time::Duration;

use mcp_client::Client;
use mcp_client::clock::ManualClock;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
use serde_json::{Value, json};
use support::*;

fn tools(ttl: i64, scope: &str, name: &str) -> Value {
    json!({"resultType": "complete", "tools": [{"name": name, "inputSchema": {"type": "object"}}],
           "ttlMs": ttl, "cacheScope": scope})
}

/// Lists tools, serving the request with `result` when the client sends one; returns the
/// first tool's name and whether the server saw a request.
async fn list(client: &Client, server: &mut FakeServer, result: Value) -> (String, bool) {
    let call = client.list_tools(None);
    let serve = async {
        match server.try_recv(Duration::from_millis(50)).await {
            Some(mcp_jsonrpc::Message::Request(r)) => {
                server.respond(&r.id, result).await;
                true
            }
            None => false,
            Some(other) => panic!("unexpected {other}"),
        }
    };
    let (r, hit_server) = tokio::join!(call, serve);
    (r.unwrap().tools[0].name.clone(), hit_server)
}

#[tokio::test]
async fn ttl_expiry_with_a_fake_clock() {
    let clock = ManualClock::new();
    let (client, mut s) = modern(Client::builder().clock(Arc::new(clock.clone()))).await;
    assert_eq!(list(&client, &mut s, tools(1000, "public", "a")).await, ("a".into(), true));
    clock.advance(Duration::from_millis(999));
    assert_eq!(list(&client, &mut s, tools(1000, "public", "b")).await, ("a".into(), false), "fresh: cached");
    clock.advance(Duration::from_millis(1));
    assert_eq!(list(&client, &mut s, tools(1000, "public", "c")).await, ("c".into(), true), "expired");
}

#[tokio::test]
async fn zero_negative_or_absent_ttl_is_not_cached() {
    let (client, mut s) = modern(Client::builder().clock(Arc::new(ManualClock::new()))).await;
    for ttl in [0, -5] {
        assert!(list(&client, &mut s, tools(ttl, "public", "x")).await.1);
        assert!(list(&client, &mut s, tools(ttl, "public", "x")).await.1, "ttl {ttl} was cached");
    }
    let no_ttl = json!({"tools": [{"name": "n", "inputSchema": {"type": "object"}}]});
    assert!(list(&client, &mut s, no_ttl.clone()).await.1);
    assert!(list(&client, &mut s, no_ttl).await.1);
}

#[tokio::test]
async fn private_entries_are_never_shared_across_principals() {
    let (client, mut s) = modern(Client::builder().authorization_context("alice")).await;
    assert_eq!(
        list(&client, &mut s, tools(60_000, "private", "alice-tool")).await,
        ("alice-tool".into(), true)
    );
    assert!(!list(&client, &mut s, tools(60_000, "private", "x")).await.1, "same principal: cached");
    client.set_authorization_context(Some("bob".into()));
    assert_eq!(list(&client, &mut s, tools(60_000, "private", "bob-tool")).await, ("bob-tool".into(), true));
    client.set_authorization_context(None);
    assert_eq!(list(&client, &mut s, tools(60_000, "public", "shared")).await, ("shared".into(), true));
    client.set_authorization_context(Some("alice".into()));
    // Alice sees her private entry first or the public one; never Bob's.
    let (name, _) = list(&client, &mut s, tools(60_000, "public", "y")).await;
    assert!(name == "alice-tool" || name == "shared", "{name}");
    client.set_authorization_context(Some("carol".into()));
    assert_eq!(list(&client, &mut s, tools(60_000, "public", "z")).await, ("shared".into(), false));
}

#[tokio::test]
async fn list_changed_invalidates() {
    let (client, mut s) = modern(Client::builder()).await;
    assert!(list(&client, &mut s, tools(60_000, "public", "v1")).await.1);
    assert!(!list(&client, &mut s, tools(60_000, "public", "v1")).await.1);
    s.notify("notifications/tools/list_changed", json!({})).await;
    // Let the driver process the notification before the next lookup.
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(list(&client, &mut s, tools(60_000, "public", "v2")).await, ("v2".into(), true));
}

#[tokio::test]
async fn resource_reads_are_keyed_by_uri_and_invalidated_by_updates() {
    let (client, mut s) = modern(Client::builder()).await;
    let body =
        |t: &str| json!({"contents": [{"uri": "u", "text": t}], "ttlMs": 60_000, "cacheScope": "public"});
    for (uri, text) in [("file:///a", "A"), ("file:///b", "B")] {
        let read = client.read_resource(uri);
        let serve = async {
            let (r, _) = s.expect_request("resources/read").await;
            s.respond(&r.id, body(text)).await;
        };
        tokio::join!(read, serve).0.unwrap();
    }
    assert_eq!(client.cache().len(), 2);
    client.read_resource("file:///a").await.unwrap(); // served from the cache, no request
    s.notify("notifications/resources/updated", json!({"uri": "file:///a"})).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(client.cache().len(), 1);
    assert!(s.try_recv(Duration::from_millis(20)).await.is_none());
}

#[tokio::test]
async fn mrtr_retries_are_never_cached_and_legacy_is_not_cached() {
    let b = Client::builder().elicitation(|_r: ElicitRequestParams| async { Ok(ElicitResult::decline()) });
    let (client, mut s) = modern(b).await;
    let read = client.read_resource("file:///x");
    let serve = async {
        let (r, _) = s.expect_request("resources/read").await;
        s.respond(
            &r.id,
            json!({"resultType": "input_required", "inputRequests": {"k": {"method": "elicitation/create",
            "params": {"message": "?", "requestedSchema": {"type": "object", "properties": {}}}}}}),
        )
        .await;
        let (r, _) = s.expect_request("resources/read").await;
        s.respond(&r.id, json!({"contents": [], "ttlMs": 60_000, "cacheScope": "public"})).await;
    };
    tokio::join!(read, serve).0.unwrap();
    assert!(client.cache().is_empty(), "a retried result was cached");

    let (client, mut s) = legacy(Client::builder()).await;
    assert!(list(&client, &mut s, tools(60_000, "public", "l")).await.1);
    assert!(list(&client, &mut s, tools(60_000, "public", "l")).await.1, "legacy results are not cached");
}
