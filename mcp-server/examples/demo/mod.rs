//! The server of the `stdio_server`, `http_server` and `axum` examples: a typed tool, a tool
//! that asks the user through elicitation, a resource and a prompt. The same value serves
//! every transport and both protocol eras.

use std::collections::BTreeMap;

use mcp_jsonrpc::schema::common::Role;
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::elicitation::{
    ElicitAction, ElicitRequestFormParams, ElicitValue, PrimitiveSchemaDefinition, RequestedSchema,
    StringSchema,
};
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::Resource;
use mcp_jsonrpc::schema::tools::CallToolResult;
use mcp_server::{Context, Error, PromptDefinition, Server};
use schemars::JsonSchema;
use serde::Deserialize;

// The arguments of `add`. The field docs become the descriptions in its `inputSchema`, which
// is derived by schemars and checked before the handler runs (invalid arguments: -32602).
#[derive(Deserialize, JsonSchema)]
struct AddArgs {
    /// The first addend.
    a: f64,
    /// The second addend.
    b: f64,
}

// `greet` takes no arguments.
#[derive(Deserialize, JsonSchema)]
struct NoArgs {}

/// Asks the user for their name (form-mode elicitation). On a legacy connection this is an
/// `elicitation/create` request to the client; on 2026-07-28 an `InputRequiredResult` that
/// the client answers by retrying the call. The handler reads the same either way.
async fn greet(ctx: Context, _: NoArgs) -> Result<CallToolResult, Error> {
    let field = PrimitiveSchemaDefinition::String(StringSchema::default());
    let mut form = RequestedSchema::new(vec![("name".to_owned(), field)]);
    form.required = Some(vec!["name".to_owned()]);
    let answer = ctx.elicit(ElicitRequestFormParams::new("What is your name?", form).into()).await?;
    let name = match (answer.action, answer.content.as_ref().and_then(|c| c.get("name"))) {
        (ElicitAction::Accept, Some(ElicitValue::String(name))) => name.clone(),
        _ => "stranger".to_owned(),
    };
    Ok(CallToolResult::text(format!("Hello, {name}!")))
}

/// The `review` prompt: one user message around the `code` argument.
async fn review(_: Context, args: BTreeMap<String, String>) -> Result<GetPromptResult, Error> {
    let code = args.get("code").map_or("", String::as_str);
    let text = format!("Please review this code:\n\n{code}");
    Ok(GetPromptResult { messages: vec![PromptMessage::text(Role::User, text)], ..Default::default() })
}

/// The demo server: tools `add` and `greet`, resource `demo://about`, prompt `review`.
pub(crate) fn server() -> Server {
    let mut about = Resource::new("demo://about", "about");
    about.mime_type = Some("text/plain".to_owned());
    let review_prompt =
        PromptDefinition::new(Prompt::new("review"), review).argument("code", "The code to review", true);
    Server::builder("demo-server", "1.0.0")
        .tool::<AddArgs, _, _>("add", "Adds two numbers", |_, args| async move {
            Ok(CallToolResult::text((args.a + args.b).to_string()))
        })
        .tool("greet", "Asks for your name and greets you", greet)
        .resource(about, |_, uri| async move {
            Ok(vec![ResourceContents::text(uri, "A demo server built with mcp-server.")])
        })
        .prompt(review_prompt)
        .build()
        .expect("the registrations are valid")
}
