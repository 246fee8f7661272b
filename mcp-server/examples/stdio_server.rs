//! The demo server ([`demo::server`]) on this process's stdin/stdout.
//!
//! ```sh
//! cargo run -p mcp-server --example stdio_server
//! ```
//!
//! Messages are newline-delimited JSON-RPC on stdin/stdout; logs may go to stderr only. The
//! server exits when stdin reaches end of file (2026-07-28 `basic/transports/stdio.mdx`).
//! Try it with the `mcp` CLI:
//!
//! ```sh
//! mcp --stdio "cargo run -q -p mcp-server --example stdio_server" tools call add --arg a=2 --arg b=3
//! ```

mod demo;

#[tokio::main]
async fn main() -> Result<(), mcp_transport::TransportError> {
    demo::server().serve_stdio().await
}
