//! Spawns an MCP server as a child process, lists its tools and calls two of them, answering
//! the server's elicitation requests along the way.
//!
//! ```sh
//! cargo run -p mcp-client --example stdio_client            # the mcp-server stdio example
//! cargo run -p mcp-client --example stdio_client -- node my-server.js
//! ```
//!
//! The client sends `server/discover` first and falls back to `initialize` for a legacy
//! server (2026-07-28 `basic/transports/stdio.mdx`); `close` ends the child with the spec's
//! shutdown sequence (close stdin, then SIGTERM, then SIGKILL).

use mcp_client::Client;
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult, ElicitValue};
use mcp_transport::ServerCommand;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let words: Vec<String> = std::env::args().skip(1).collect();
    let command = match words.split_first() {
        Some((program, args)) => ServerCommand::new(program).args(args),
        None => {
            ServerCommand::new("cargo").args(["run", "-q", "-p", "mcp-server", "--example", "stdio_server"])
        }
    };
    let client = Client::builder()
        // One callback serves legacy `elicitation/create` requests and 2026-07-28
        // `inputRequests` alike. A real client would ask the user here.
        .elicitation(|request: ElicitRequestParams| async move {
            println!("the server asks: {}", request.message());
            Ok(match request {
                ElicitRequestParams::Form(form) if form.requested_schema.property("name").is_some() => {
                    ElicitResult::accept([("name".to_owned(), ElicitValue::String("Ferris".into()))].into())
                }
                _ => ElicitResult::decline(),
            })
        })
        .spawn(&command)
        .await?;
    println!("connected, protocol {}", client.protocol_version());
    for tool in client.list_all_tools().await? {
        println!("- {}: {}", tool.name, tool.description.unwrap_or_default());
    }
    let sum = client.call_tool("add", json!({"a": 2, "b": 3}).as_object().cloned()).await?;
    println!("add(2, 3) = {}", sum.content[0].as_text().unwrap_or("?"));
    let greeting = client.call_tool("greet", None).await?;
    println!("greet: {}", greeting.content[0].as_text().unwrap_or("?"));
    client.close().await?;
    Ok(())
}
