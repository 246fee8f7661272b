//! The demo server ([`demo::server`]) over HTTP on `127.0.0.1:PORT` (default 8080):
//! Streamable HTTP at `/mcp` (2026-07-28 and the legacy 2025-03-26 … 2025-11-25 sessions on
//! the same endpoint) and HTTP+SSE (2024-11-05) at `/sse`. Ctrl-C shuts it down gracefully:
//! in-flight requests finish, open streams end.
//!
//! ```sh
//! cargo run -p mcp-server --example http_server -- 8080
//! mcp --url http://127.0.0.1:8080/mcp tools list
//! ```

mod demo;

use std::future::Future;

use mcp_transport::http::server::HttpServerConfig;
use tokio::net::TcpListener;

/// Serves the demo server on `listener` until `shutdown` completes.
pub(crate) async fn run(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    println!("Streamable HTTP: http://{addr}/mcp");
    println!("HTTP+SSE:        http://{addr}/sse");
    // The defaults: endpoints /mcp, /sse and /messages, 4 MiB bodies, loopback Host and
    // Origin only (see the axum example for a real deployment).
    demo::server().serve_http(listener, HttpServerConfig::default(), shutdown).await
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = match std::env::args().nth(1) {
        Some(port) => port.parse().map_err(|e| std::io::Error::other(format!("port {port:?}: {e}")))?,
        None => 8080,
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    run(listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}
