//! Mounting the MCP service in an axum `Router` next to ordinary routes.
//!
//! `Server::http_service` is a `tower::Service`; `Router::route_service` mounts it on the
//! Streamable HTTP endpoint (`/mcp`) and on the two HTTP+SSE paths (`/sse` for the event
//! stream, `/messages` for the POSTs). The paths must match the service's
//! `HttpServerConfig` (`endpoint`, `sse_endpoint`, `sse_post_endpoint`), because the service
//! routes on the full request path.
//!
//! ```sh
//! cargo run -p mcp-server --example axum
//! curl http://127.0.0.1:8080/health
//! ```

mod demo;

use axum::Router;
use axum::routing::get;
use mcp_server::Server;
use mcp_transport::http::server::{HostPolicy, HttpServerConfig, McpHttpService, OriginPolicy};

/// The application: `/health` and the MCP endpoints.
pub(crate) fn app(mcp: McpHttpService<Server>) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route_service("/mcp", mcp.clone())
        .route_service("/sse", mcp.clone())
        .route_service("/messages", mcp)
}

/// The service's configuration. The defaults accept only loopback `Host` and `Origin` values
/// (DNS-rebinding protection) and bodies up to 4 MiB. Deployed behind a real domain (here
/// `PUBLIC_HOST=mcp.example.com`), the server must name the hosts and origins it serves.
pub(crate) fn config() -> HttpServerConfig {
    match std::env::var("PUBLIC_HOST") {
        Ok(host) => HttpServerConfig::default()
            .with_hosts(HostPolicy::List(vec![host.clone()]))
            .with_origins(OriginPolicy::List(vec![format!("https://{host}")])),
        Err(_) => HttpServerConfig::default(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let server = demo::server();
    let mcp = server.http_service(config());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    println!("http://{}/mcp, /sse and /health", listener.local_addr()?);
    axum::serve(listener, app(mcp.clone()))
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // End the MCP streams so that the open connections can finish.
            server.close_subscriptions();
            mcp.begin_shutdown().await;
        })
        .await
}
