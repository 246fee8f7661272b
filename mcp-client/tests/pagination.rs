//! Auto-pagination (2026-07-28 `server/utilities/pagination.mdx`).

mod support;

use mcp_client::{Client, ClientError};
use serde_json::{Value, json};
use support::*;

fn tool(name: &str) -> Value {
    json!({"name": name, "inputSchema": {"type": "object"}})
}

#[tokio::test]
async fn list_all_follows_cursors_including_the_empty_one() {
    let (client, mut s) = legacy(Client::builder()).await;
    let all = client.list_all_tools();
    let serve = async {
        let pages = [
            (None, json!({"tools": [tool("a")], "nextCursor": ""})),
            (Some(""), json!({"tools": [tool("b"), tool("c")], "nextCursor": "p3"})),
            (Some("p3"), json!({"tools": [tool("d")]})),
        ];
        for (cursor, page) in pages {
            let (r, p) = s.expect_request("tools/list").await;
            assert_eq!(p.get("cursor").and_then(Value::as_str), cursor);
            s.respond(&r.id, page).await;
        }
    };
    let (tools, ()) = tokio::join!(all, serve);
    let names: Vec<String> = tools.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn every_list_has_a_helper_and_loops_are_detected() {
    let (client, mut s) = modern(Client::builder()).await;
    let prompts = client.list_all_prompts();
    let serve = async {
        let (r, _) = s.expect_request("prompts/list").await;
        s.respond(&r.id, json!({"prompts": [{"name": "p"}], "nextCursor": "x"})).await;
        let (r, _) = s.expect_request("prompts/list").await;
        s.respond(&r.id, json!({"prompts": [{"name": "q"}], "nextCursor": "x"})).await;
    };
    let (r, ()) = tokio::join!(prompts, serve);
    assert!(matches!(r, Err(ClientError::PaginationLoop(c)) if c == "x"));

    let resources = client.list_all_resources();
    let serve = async {
        let (r, _) = s.expect_request("resources/list").await;
        s.respond(&r.id, json!({"resources": [{"uri": "file:///a", "name": "a"}]})).await;
    };
    assert_eq!(tokio::join!(resources, serve).0.unwrap().len(), 1);

    let templates = client.list_all_resource_templates();
    let serve = async {
        let (r, _) = s.expect_request("resources/templates/list").await;
        s.respond(&r.id, json!({"resourceTemplates": [{"uriTemplate": "file:///{x}", "name": "t"}]})).await;
    };
    assert_eq!(tokio::join!(templates, serve).0.unwrap()[0].uri_template, "file:///{x}");
}
