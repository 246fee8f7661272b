//! Connects to an MCP server over HTTP, lists its tools and calls one.
//!
//! ```sh
//! cargo run -p mcp-server --example http_server &        # or any MCP server URL
//! cargo run -p mcp-client --example http_client -- http://127.0.0.1:8080/mcp
//! cargo run -p mcp-client --example http_client -- http://127.0.0.1:8080/sse sse 2024-11-05
//! ```
//!
//! Arguments: `URL [auto|streamable-http|sse] [REVISION]`. With `auto` (the default) the
//! transport follows the spec's backwards-compatibility procedure: a 2026-07-28 POST, then a
//! legacy `initialize` (Streamable HTTP with a session), then a GET for an HTTP+SSE
//! `endpoint` event; the outcome is cached per origin. A revision skips era detection.

use mcp_client::Client;
use mcp_client::http::{HttpClientOptions, TransportKind};
use mcp_jsonrpc::ProtocolVersion;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "http://127.0.0.1:8080/mcp".to_owned());
    let transport: TransportKind = args.next().as_deref().unwrap_or("auto").parse()?;
    let mut builder = Client::builder();
    if let Some(revision) = args.next() {
        let version = ProtocolVersion::parse(&revision).ok_or(format!("unknown revision {revision}"))?;
        builder = builder.protocol_version(version);
    }
    let options = HttpClientOptions { transport, ..HttpClientOptions::default() };
    let (client, http) = builder.connect_http_with_handle(&url, options).await?;
    println!("connected over {:?}, protocol {}", http.detected(), client.protocol_version());
    for tool in client.list_all_tools().await? {
        println!("- {}: {}", tool.name, tool.description.unwrap_or_default());
    }
    let sum = client.call_tool("add", json!({"a": 2, "b": 3}).as_object().cloned()).await?;
    println!("add(2, 3) = {}", sum.content[0].as_text().unwrap_or("?"));
    client.close().await?;
    Ok(())
}
