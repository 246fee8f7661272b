//! Resources: `resources/list`, `resources/read` (text, binary, templates, unknown URI),
//! `resources/templates/list`, legacy `resources/subscribe`/`unsubscribe` and
//! `notifications/resources/updated` in both eras (`server/resources.mdx`).

use mcp_client::{Client, ServerNotification};
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::schema::resources::Resource;
use mcp_jsonrpc::schema::subscriptions::SubscriptionFilter;
use mcp_server::Server;
use serde_json::{Value, json};

use super::support::{base64, ensure, expect_code, expect_eq, json, notifications, ok, per_cell};
use crate::fixture::{STATIC_TEXT, WATCHED_TEXT, png_1x1};
use crate::scenario::revisions::{ALL, LEGACY};
use crate::scenario::{Applies, Env, Scenario};

/// The resource scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "resources/list",
        spec: "2026-07-28 server/resources.mdx#listing-resources",
        applies: Applies::fixture(ALL),
        check: per_cell!(list),
    },
    Scenario {
        name: "resources/read-text",
        spec: "2026-07-28 server/resources.mdx#reading-resources, #text-content",
        applies: Applies::fixture(ALL),
        check: per_cell!(read_text),
    },
    Scenario {
        name: "resources/read-binary",
        spec: "2026-07-28 server/resources.mdx#binary-content",
        applies: Applies::fixture(ALL),
        check: per_cell!(read_binary),
    },
    Scenario {
        name: "resources/templates",
        spec: "2026-07-28 server/resources.mdx#resource-templates",
        applies: Applies::fixture(ALL),
        check: per_cell!(templates),
    },
    Scenario {
        name: "resources/read-unknown",
        spec: "2026-07-28 server/resources.mdx#error-handling (-32602); 2025-11-25 (-32002)",
        applies: Applies::fixture(ALL),
        check: per_cell!(read_unknown),
    },
    Scenario {
        name: "resources/subscribe-unsubscribe",
        spec: "2025-11-25 server/resources.mdx#subscriptions",
        applies: Applies::fixture(LEGACY),
        check: per_cell!(subscribe_unsubscribe),
    },
    Scenario {
        name: "resources/updated",
        spec: "2025-11-25 server/resources.mdx#subscriptions; 2026-07-28 basic/patterns/subscriptions.mdx",
        applies: Applies::in_process(ALL),
        check: per_cell!(updated),
    },
];

async fn read(client: &Client, uri: &str) -> Result<Vec<Value>, String> {
    let result = ok(&format!("resources/read {uri}"), client.read_resource(uri).await)?;
    Ok(result.contents.iter().map(json).collect())
}

/// The fixture's four direct resources, in order, with their MIME types, in one page.
async fn list(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let page = ok("resources/list", conn.client.list_resources(None).await)?;
    expect_eq("nextCursor", page.next_cursor.as_deref(), None)?;
    let got: Vec<(&str, &str, Option<&str>)> =
        page.resources.iter().map(|r| (r.uri.as_str(), r.name.as_str(), r.mime_type.as_deref())).collect();
    let want = vec![
        ("test://static-text", "static-text", Some("text/plain")),
        ("test://static-binary", "static-binary", Some("image/png")),
        ("test://watched-resource", "watched-resource", Some("text/plain")),
        ("test://embedded-resource", "embedded-resource", Some("text/plain")),
    ];
    expect_eq("resources", got, want)?;
    conn.close().await
}

async fn read_text(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let contents = read(&conn.client, "test://static-text").await?;
    expect_eq(
        "contents",
        contents,
        vec![json!({"uri": "test://static-text", "mimeType": "text/plain", "text": STATIC_TEXT})],
    )?;
    conn.close().await
}

async fn read_binary(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let contents = read(&conn.client, "test://static-binary").await?;
    expect_eq("content count", contents.len(), 1)?;
    expect_eq("uri", &contents[0]["uri"], &json!("test://static-binary"))?;
    expect_eq("mimeType", &contents[0]["mimeType"], &json!("image/png"))?;
    ensure(contents[0].get("text").is_none(), || "binary contents carry text".into())?;
    expect_eq("blob bytes", base64("blob", &contents[0]["blob"])?.as_slice(), png_1x1())?;
    conn.close().await
}

/// One template, `test://template/{id}/data`; reading an expansion names the id.
async fn templates(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let all = ok("resources/templates/list", conn.client.list_all_resource_templates().await)?;
    let got: Vec<(&str, Option<&str>)> =
        all.iter().map(|t| (t.uri_template.as_str(), t.mime_type.as_deref())).collect();
    expect_eq("templates", got, vec![("test://template/{id}/data", Some("application/json"))])?;
    let contents = read(&conn.client, "test://template/42/data").await?;
    expect_eq("content count", contents.len(), 1)?;
    expect_eq("uri", &contents[0]["uri"], &json!("test://template/42/data"))?;
    expect_eq("mimeType", &contents[0]["mimeType"], &json!("application/json"))?;
    let data: Value = serde_json::from_str(contents[0]["text"].as_str().unwrap_or_default())
        .map_err(|e| format!("template data is not JSON: {e}"))?;
    expect_eq("data", data, json!({"id": "42", "templateTest": true, "data": "Data for ID: 42"}))?;
    conn.close().await
}

/// An unknown URI is `-32602` in 2026-07-28 and `-32002` (resource not found) before.
async fn read_unknown(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let code = if env.is_modern() { -32602 } else { -32002 };
    expect_code("unknown resource", conn.client.read_resource("test://no-such-resource").await, code)?;
    conn.close().await
}

/// The fixture declares `resources.subscribe`; subscribing and unsubscribing are answered
/// with empty results and the resource stays readable.
async fn subscribe_unsubscribe(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let caps = json(&conn.client.server_capabilities());
    expect_eq("resources.subscribe", &caps["resources"]["subscribe"], &json!(true))?;
    ok("subscribe", conn.client.subscribe_resource("test://watched-resource").await)?;
    let contents = read(&conn.client, "test://watched-resource").await?;
    expect_eq("watched text", &contents[0]["text"], &json!(WATCHED_TEXT))?;
    ok("unsubscribe", conn.client.unsubscribe_resource("test://watched-resource").await)?;
    let r = env.recorder();
    expect_eq("subscribe sent", r.sent_requests(methods::RESOURCES_SUBSCRIBE), 1)?;
    expect_eq("unsubscribe sent", r.sent_requests(methods::RESOURCES_UNSUBSCRIBE), 1)?;
    conn.close().await
}

/// A server with two text resources, `test://a` and `test://b`.
pub(crate) fn two_resources() -> Result<Server, String> {
    let mut builder = Server::builder("resources-scenario", "1.0.0");
    for uri in ["test://a", "test://b"] {
        builder = builder
            .resource(Resource::new(uri, uri.trim_start_matches("test://")), |_, uri| async move {
                Ok(vec![ResourceContents::text(uri.clone(), format!("contents of {uri}"))])
            });
    }
    builder.build().map_err(|e| e.to_string())
}

fn updated_uri(n: &ServerNotification) -> Option<&str> {
    match n {
        ServerNotification::ResourceUpdated(p) => Some(p.uri.as_str()),
        _ => None,
    }
}

/// `notifications/resources/updated` reaches only subscribers of that URI: legacy through
/// `resources/subscribe` (and no longer after `unsubscribe`), 2026-07-28 through a
/// `subscriptions/listen` stream whose `resourceSubscriptions` names it, acknowledged first.
async fn updated(env: Env) -> Result<(), String> {
    let server = two_resources()?;
    let (callback, mut seen) = notifications();
    let conn = env.connect_to(server.clone(), env.client().on_notification(callback)).await?;
    if env.is_modern() {
        let filter = SubscriptionFilter {
            resource_subscriptions: Some(vec!["test://a".into()]),
            ..Default::default()
        };
        let mut stream = ok("subscriptions/listen", conn.client.listen(filter).await)?;
        let ack = tokio::time::timeout(super::support::NOTIFICATION_WAIT, stream.next())
            .await
            .map_err(|_| "no acknowledgement".to_owned())?;
        let Some(ServerNotification::SubscriptionsAcknowledged(ack)) = ack else {
            return Err(format!("the first message is not the acknowledgement: {ack:?}"));
        };
        expect_eq(
            "acknowledged filter",
            &ack["notifications"],
            &json!({"resourceSubscriptions": ["test://a"]}),
        )?;
        server.notify_resource_updated("test://b");
        server.notify_resource_updated("test://a");
        let next = tokio::time::timeout(super::support::NOTIFICATION_WAIT, stream.next())
            .await
            .map_err(|_| "no resources/updated on the stream".to_owned())?;
        expect_eq("next on the stream", next.as_ref().and_then(updated_uri), Some("test://a"))?;
        drop(stream);
    } else {
        // A round trip first: `notifications/initialized` has then been processed.
        ok("resources/list", conn.client.list_resources(None).await)?;
        ok("subscribe a", conn.client.subscribe_resource("test://a").await)?;
        server.notify_resource_updated("test://b");
        server.notify_resource_updated("test://a");
        let n = seen.next("after subscribe").await?;
        expect_eq("first update", updated_uri(&n), Some("test://a"))?;
        ok("unsubscribe a", conn.client.unsubscribe_resource("test://a").await)?;
        ok("subscribe b", conn.client.subscribe_resource("test://b").await)?;
        server.notify_resource_updated("test://a");
        server.notify_resource_updated("test://b");
        let n = seen.next("after unsubscribe").await?;
        expect_eq("update after unsubscribing a", updated_uri(&n), Some("test://b"))?;
    }
    expect_eq("other notifications", seen.drain(), Vec::new())?;
    conn.close().await
}
