//! Serving an [`McpHttpService`] on a `tokio::net::TcpListener` with hyper (HTTP/1.1).
//!
//! Accepted sockets get `TCP_NODELAY` (small JSON-RPC messages must not wait for Nagle's
//! algorithm). When the `shutdown` future completes the listener closes, the service begins
//! shutdown ([`McpHttpService::begin_shutdown`]: listen streams and standalone streams end),
//! and in-flight requests finish; connections still open after
//! [`HttpServerConfig::shutdown_grace`](super::HttpServerConfig::shutdown_grace) are dropped.

use std::future::Future;

use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::handler::McpHttpHandler;
use super::service::McpHttpService;

/// Serves `service` on `listener` until `shutdown` completes, then shuts down gracefully.
///
/// # Errors
/// Reading the listener's local address fails. Failed `accept`s are logged and retried.
pub async fn serve<H: McpHttpHandler>(
    listener: TcpListener,
    service: McpHttpService<H>,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    service.set_bound_port(listener.local_addr()?.port());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        tracing::warn!("mcp-transport: accept failed: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                if let Err(e) = stream.set_nodelay(true) {
                    tracing::debug!("mcp-transport: TCP_NODELAY failed: {e}");
                }
                let connection = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service.clone()));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!("mcp-transport: connection error: {e}");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    service.begin_shutdown().await;
    let grace = service.config().shutdown_grace;
    if tokio::time::timeout(grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("mcp-transport: connections still open after {grace:?}; closing them");
    }
    Ok(())
}
