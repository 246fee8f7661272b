//! Prompts and completion: `prompts/list`, `prompts/get` with and without arguments, with an
//! embedded resource and an image, unknown prompts, and `completion/complete`
//! (`server/prompts.mdx`, `server/utilities/completion.mdx`).

use std::collections::BTreeMap;

use mcp_client::Client;
use mcp_jsonrpc::schema::completion::CompleteRequestParams;
use serde_json::{Value, json};

use super::support::{base64, expect_code, expect_eq, json, lists_in_order, ok, per_cell};
use crate::fixture::{ARG1_COMPLETIONS, ARG2_COMPLETIONS, png_1x1};
use crate::scenario::revisions::ALL;
use crate::scenario::{Applies, Env, Scenario};

/// The prompt and completion scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "prompts/list",
        spec: "2026-07-28 server/prompts.mdx#listing-prompts",
        applies: Applies::fixture(ALL),
        check: per_cell!(list),
    },
    Scenario {
        name: "prompts/get-simple",
        spec: "2026-07-28 server/prompts.mdx#getting-a-prompt",
        applies: Applies::fixture(ALL),
        check: per_cell!(get_simple),
    },
    Scenario {
        name: "prompts/get-with-arguments",
        spec: "2026-07-28 server/prompts.mdx#getting-a-prompt, #error-handling",
        applies: Applies::fixture(ALL),
        check: per_cell!(get_with_arguments),
    },
    Scenario {
        name: "prompts/get-embedded-resource",
        spec: "2026-07-28 server/prompts.mdx#embedded-resources",
        applies: Applies::fixture(ALL),
        check: per_cell!(get_embedded_resource),
    },
    Scenario {
        name: "prompts/get-image",
        spec: "2026-07-28 server/prompts.mdx#image-content",
        applies: Applies::fixture(ALL),
        check: per_cell!(get_image),
    },
    Scenario {
        name: "completion/complete",
        spec: "2026-07-28 server/utilities/completion.mdx",
        applies: Applies::fixture(ALL),
        check: per_cell!(complete),
    },
];

fn arguments(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

async fn get(client: &Client, name: &str, pairs: &[(&str, &str)]) -> Result<Value, String> {
    let args = if pairs.is_empty() { None } else { arguments(pairs) };
    Ok(json(&ok(&format!("prompts/get {name}"), client.get_prompt(name, args).await)?))
}

/// Four prompts in order; `test_prompt_with_arguments` declares `arg1` and `arg2`, required.
async fn list(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let prompts = ok("prompts/list", conn.client.list_all_prompts().await)?;
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    lists_in_order(
        "prompts",
        &names,
        &[
            "test_simple_prompt",
            "test_prompt_with_arguments",
            "test_prompt_with_embedded_resource",
            "test_prompt_with_image",
        ],
    )?;
    let with_arguments = prompts
        .iter()
        .find(|p| p.name == "test_prompt_with_arguments")
        .ok_or("no test_prompt_with_arguments")?;
    let declared = json(&with_arguments.arguments);
    let declared: Vec<(Value, Value)> = declared
        .as_array()
        .map(|a| a.iter().map(|x| (x["name"].clone(), x["required"].clone())).collect())
        .unwrap_or_default();
    expect_eq("arguments", declared, vec![(json!("arg1"), json!(true)), (json!("arg2"), json!(true))])?;
    conn.close().await
}

async fn get_simple(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let result = get(&conn.client, "test_simple_prompt", &[]).await?;
    expect_eq(
        "messages",
        &result["messages"],
        &json!([{"role": "user", "content": {"type": "text", "text": "This is a simple prompt for testing."}}]),
    )?;
    conn.close().await
}

/// Arguments are substituted; a missing required argument and an unknown prompt are `-32602`.
async fn get_with_arguments(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let result =
        get(&conn.client, "test_prompt_with_arguments", &[("arg1", "hello"), ("arg2", "world")]).await?;
    expect_eq(
        "message",
        &result["messages"][0]["content"]["text"],
        &json!("Prompt with arguments: arg1='hello', arg2='world'"),
    )?;
    let missing = conn.client.get_prompt("test_prompt_with_arguments", arguments(&[("arg1", "x")])).await;
    expect_code("missing arg2", missing, -32602)?;
    expect_code("unknown prompt", conn.client.get_prompt("no_such_prompt", None).await, -32602)?;
    conn.close().await
}

async fn get_embedded_resource(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let result =
        get(&conn.client, "test_prompt_with_embedded_resource", &[("resourceUri", "test://static-text")])
            .await?;
    let messages = result["messages"].as_array().cloned().unwrap_or_default();
    expect_eq("message count", messages.len(), 2)?;
    expect_eq("first type", &messages[0]["content"]["type"], &json!("resource"))?;
    expect_eq(
        "embedded resource",
        &messages[0]["content"]["resource"],
        &json!({"uri": "test://static-text", "mimeType": "text/plain", "text": "Embedded resource content for testing."}),
    )?;
    expect_eq(
        "second text",
        &messages[1]["content"]["text"],
        &json!("Please process the embedded resource above."),
    )?;
    conn.close().await
}

async fn get_image(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let result = get(&conn.client, "test_prompt_with_image", &[]).await?;
    let messages = result["messages"].as_array().cloned().unwrap_or_default();
    expect_eq("message count", messages.len(), 2)?;
    let image = &messages[0]["content"];
    expect_eq("image type", (&image["type"], &image["mimeType"]), (&json!("image"), &json!("image/png")))?;
    expect_eq("image bytes", base64("image data", &image["data"])?.as_slice(), png_1x1())?;
    expect_eq("second text", &messages[1]["content"]["text"], &json!("Please analyze the image above."))?;
    conn.close().await
}

async fn completion(
    client: &Client,
    reference: Value,
    argument: &str,
    value: &str,
) -> Result<Vec<String>, String> {
    let params: CompleteRequestParams =
        serde_json::from_value(json!({"ref": reference, "argument": {"name": argument, "value": value}}))
            .map_err(|e| format!("complete params: {e}"))?;
    let result = ok(&format!("complete {argument}={value:?}"), client.complete(params).await)?;
    Ok(result.completion.values)
}

fn matching(candidates: &[&str], prefix: &str) -> Vec<String> {
    candidates.iter().filter(|c| c.starts_with(prefix)).map(|c| (*c).to_owned()).collect()
}

/// Prefix matches for prompt arguments and a template variable; an unknown prompt is `-32602`.
async fn complete(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let prompt = json!({"type": "ref/prompt", "name": "test_prompt_with_arguments"});
    let c = &conn.client;
    expect_eq(
        "arg1 'pa'",
        completion(c, prompt.clone(), "arg1", "pa").await?,
        matching(&ARG1_COMPLETIONS, "pa"),
    )?;
    expect_eq(
        "arg1 'pa' values",
        matching(&ARG1_COMPLETIONS, "pa"),
        vec!["paris".to_owned(), "park".into(), "party".into()],
    )?;
    expect_eq(
        "arg1 'test'",
        completion(c, prompt.clone(), "arg1", "test").await?,
        matching(&ARG1_COMPLETIONS, "test"),
    )?;
    expect_eq("arg2 ''", completion(c, prompt.clone(), "arg2", "").await?, matching(&ARG2_COMPLETIONS, ""))?;
    let template = json!({"type": "ref/resource", "uri": "test://template/{id}/data"});
    expect_eq(
        "template id '1'",
        completion(c, template, "id", "1").await?,
        vec!["1".to_owned(), "123".into()],
    )?;
    let unknown: CompleteRequestParams = serde_json::from_value(json!({
        "ref": {"type": "ref/prompt", "name": "no_such_prompt"},
        "argument": {"name": "arg1", "value": ""}
    }))
    .map_err(|e| e.to_string())?;
    expect_code("unknown prompt", c.complete(unknown).await, -32602)?;
    conn.close().await
}
