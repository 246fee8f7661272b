//! A demo server and a raw JSON-RPC client over an in-memory pair (stdio wire form).
#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use mcp_jsonrpc::schema::common::Role;
use mcp_jsonrpc::schema::completion::CompleteResult;
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::elicitation::{ElicitAction, ElicitRequestParams};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptMessage};
use mcp_jsonrpc::schema::resources::{Resource, ResourceTemplate};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use mcp_server::{PromptDefinition, Server, ToolDefinition};
use mcp_transport::memory::{MemoryOptions, MemoryTransport, Wire, pair_with};
use mcp_transport::{MessageSink, MessageStream};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

#[derive(Deserialize, JsonSchema)]
pub struct AddArgs {
    pub a: i64,
    pub b: i64,
}

#[derive(Deserialize, JsonSchema)]
pub struct Empty {}

#[derive(Serialize, JsonSchema)]
pub struct Stats {
    pub count: u32,
}

fn form(message: &str, field: &str) -> ElicitRequestParams {
    serde_json::from_value(json!({
        "mode": "form",
        "message": message,
        "requestedSchema": {"type": "object", "properties": {field: {"type": "string"}}, "required": [field]}
    }))
    .unwrap()
}

fn answer(result: &mcp_jsonrpc::schema::elicitation::ElicitResult, field: &str) -> String {
    match result.action {
        ElicitAction::Accept => {
            result.content.as_ref().and_then(|c| c.get(field)).map(|v| v.to_string()).unwrap_or_default()
        }
        _ => "declined".into(),
    }
}

/// A tool named `name` with no arguments that answers its own name.
pub fn named_tool(name: &str) -> ToolDefinition {
    let reply = name.to_owned();
    ToolDefinition::typed::<Empty, _, _>(name, "a numbered tool", move |_, _| {
        let reply = reply.clone();
        async move { Ok(CallToolResult::text(reply)) }
    })
    .unwrap()
}

pub fn demo_server() -> Server {
    Server::builder("demo", "1.0.0")
        .instructions("test server")
        .page_size(3)
        .cache(60_000, mcp_jsonrpc::schema::common::CacheScope::Public)
        .tool::<AddArgs, _, _>("add", "adds two integers", |_, args| async move {
            Ok(CallToolResult::text((args.a + args.b).to_string()))
        })
        .tool_with_output::<Empty, Stats, _, _>("stats", "structured output", |_, _| async move {
            Ok(Stats { count: 7 })
        })
        .tool::<Empty, _, _>("ask", "elicits twice", |ctx, _| async move {
            let name = ctx.elicit(form("Your name?", "name")).await?;
            let city = ctx.elicit(form("Your city?", "city")).await?;
            Ok(CallToolResult::text(format!("{} from {}", answer(&name, "name"), answer(&city, "city"))))
        })
        .tool::<Empty, _, _>("roots", "lists roots", |ctx, _| async move {
            let roots = ctx.list_roots().await?;
            Ok(CallToolResult::text(roots.roots.len().to_string()))
        })
        .tool::<Empty, _, _>("work", "progress and logs", |ctx, _| async move {
            ctx.progress(1.0, Some(2.0), Some("half")).await;
            ctx.log(LoggingLevel::Debug, "debug detail").await;
            ctx.log(LoggingLevel::Warning, json!({"warn": true})).await;
            ctx.progress(2.0, Some(2.0), None).await;
            Ok(CallToolResult::text("done"))
        })
        .tool::<Empty, _, _>("hang", "waits until cancelled", |ctx, _| async move {
            ctx.progress(1.0, None, None).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(CallToolResult::text("never"))
        })
        .dynamic_tool(
            Tool::new(
                "echo",
                json!({"type": "object", "properties": {"text": {"type": "string", "maxLength": 5}}, "required": ["text"]})
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
            |_, args| async move { Ok(CallToolResult::text(args["text"].as_str().unwrap_or_default())) },
        )
        .resource(Resource::new("mem://readme", "readme"), |_, uri| async move {
            Ok(vec![ResourceContents::text(uri, "hello")])
        })
        .resource_template(ResourceTemplate::new("users://{id}/profile", "profile"), |ctx, uri, vars| async move {
            if vars["id"] == "ask" {
                let who = ctx.elicit(form("Who?", "name")).await?;
                return Ok(vec![ResourceContents::text(uri, answer(&who, "name"))]);
            }
            Ok(vec![ResourceContents::text(uri, format!("user {}", vars["id"]))])
        })
        .prompt(
            PromptDefinition::new(Prompt::new("greet"), |_, args| async move {
                Ok(GetPromptResult {
                    messages: vec![PromptMessage::text(Role::User, format!("Hello {}", args["name"]))],
                    ..GetPromptResult::default()
                })
            })
            .argument("name", "who to greet", true)
            .argument("mood", "optional mood", false),
        )
        .completion(|_, params| async move {
            let all = ["alice", "albert", "bob"];
            let prefix = params.argument.value.clone();
            Ok(CompleteResult::from_values(
                all.iter().filter(|v| v.starts_with(&prefix)).map(|v| v.to_string()).collect(),
            ))
        })
        .build()
        .unwrap()
}

/// A raw JSON-RPC client connected to a served server.
pub struct Client {
    pub end: MemoryTransport,
    pub task: JoinHandle<Result<(), mcp_transport::TransportError>>,
    /// Notifications and server requests seen while waiting for responses.
    pub seen: Vec<Value>,
}

impl Client {
    pub fn start(server: Server) -> Client {
        let (client, server_end) = pair_with(MemoryOptions { capacity: 64, wire: Wire::Bytes });
        let task = tokio::spawn(async move { server.serve(server_end).await });
        Client { end: client, task, seen: Vec::new() }
    }

    pub async fn send(&mut self, message: Value) {
        let mut line = serde_json::to_vec(&message).unwrap();
        line.push(b'\n');
        self.end.send_raw(line).await.unwrap();
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.end.send_raw(bytes.to_vec()).await.unwrap();
    }

    /// The next message from the server, as JSON (panics after 5 s).
    pub async fn recv(&mut self) -> Value {
        let message = tokio::time::timeout(Duration::from_secs(5), self.end.recv())
            .await
            .expect("server answered in time")
            .expect("stream open")
            .expect("well-formed message");
        serde_json::to_value(&message).unwrap()
    }

    /// Waits for the response with `id`, keeping everything else in `seen`.
    pub async fn response(&mut self, id: Value) -> Value {
        loop {
            let m = self.recv().await;
            if m.get("id") == Some(&id) && m.get("method").is_none() {
                return m;
            }
            self.seen.push(m);
        }
    }

    pub async fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        self.response(json!(id)).await
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Messages in `seen` with this method.
    pub fn seen_method(&self, method: &str) -> Vec<Value> {
        self.seen.iter().filter(|m| m["method"] == method).cloned().collect()
    }

    /// Closes the client side and waits for the server to stop.
    pub async fn close(mut self) {
        self.end.close().await.unwrap();
        tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .expect("server stops")
            .unwrap()
            .unwrap();
    }
}

/// The 2026-07-28 `_meta` with these client capabilities.
pub fn meta(caps: Value) -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": caps,
    })
}

pub fn error_code(response: &Value) -> i64 {
    response["error"]["code"].as_i64().unwrap_or_else(|| panic!("expected an error, got {response}"))
}
