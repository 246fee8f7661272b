//! `mcp-conformance serve --listen ADDR`: the fixture server ([`fixture_server`]) over HTTP.
//!
//! One listener serves both transports of `mcp_transport::http::server`:
//!
//! - Streamable HTTP at [`MCP_PATH`] (`/mcp`), both eras: 2026-07-28 stateless POSTs and the
//!   legacy sessions of 2025-03-26 … 2025-11-25 (2025-11-25 `basic/transports.mdx`,
//!   2026-07-28 `basic/transports/streamable-http.mdx`);
//! - HTTP+SSE (2024-11-05 `basic/transports.mdx`) at [`SSE_PATH`] (`/sse`), with its POST
//!   endpoint at `/messages`.
//!
//! Security is the transport's local default: `Host` must be a loopback name (`localhost`,
//! `127.0.0.1`, `[::1]`) with the bound port (DNS-rebinding protection, 2025-11-25
//! `basic/security_best_practices.mdx`), and a present `Origin` must be a loopback origin
//! (`403` otherwise). On start the served URLs are printed to stdout, one a line
//! ([`FixtureHttp::urls`]); SIGINT or SIGTERM shuts the server down gracefully (in-flight
//! requests finish, open streams end).
//!
//! [`FixtureHttp`] is the same server in-process, for tests and for the official-suite
//! runner ([`crate::official`]).

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use mcp_transport::http::server::HttpServerConfig;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::fixture::fixture_server;

/// The Streamable HTTP endpoint path (both eras).
pub const MCP_PATH: &str = "/mcp";
/// The HTTP+SSE (2024-11-05) stream endpoint path.
pub const SSE_PATH: &str = "/sse";
/// How long a shutdown waits for in-flight requests before closing connections.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The HTTP configuration of the fixture: [`MCP_PATH`], [`SSE_PATH`] (POSTs to `/messages`),
/// loopback `Host` (with the bound port, filled in when serving) and `Origin` allowlists,
/// 4 MiB bodies, a [`SHUTDOWN_GRACE`] grace period; otherwise `HttpServerConfig::default()`.
pub fn http_config() -> HttpServerConfig {
    let mut config = HttpServerConfig::default().with_endpoint(MCP_PATH);
    config.sse_endpoint = Some(SSE_PATH.to_owned());
    config.shutdown_grace = SHUTDOWN_GRACE;
    config
}

/// The host to put in URLs for a server bound to `ip`: the wildcard addresses are reached on
/// loopback; IPv6 literals are bracketed (RFC 3986 §3.2.2).
fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => Ipv4Addr::LOCALHOST.to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_owned(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The fixture server running on a tokio task, bound to a TCP address.
#[derive(Debug)]
pub struct FixtureHttp {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl FixtureHttp {
    /// Binds `addr` (e.g. `127.0.0.1:0` for an ephemeral port) and starts serving on the
    /// current tokio runtime.
    ///
    /// # Errors
    /// Binding fails (address in use, not local, permission denied).
    pub async fn bind(addr: &str) -> std::io::Result<FixtureHttp> {
        let listener = TcpListener::bind(addr).await?;
        FixtureHttp::start(listener)
    }

    /// Starts serving on an already bound `listener`.
    ///
    /// # Errors
    /// The listener's local address cannot be read.
    pub fn start(listener: TcpListener) -> std::io::Result<FixtureHttp> {
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            fixture_server()
                .serve_http(listener, http_config(), async move {
                    // A dropped sender (the handle went away) also shuts down.
                    let _ = rx.await;
                })
                .await
        });
        Ok(FixtureHttp { addr, shutdown: Some(tx), task })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT` for the bound address (loopback for a wildcard bind).
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", url_host(self.addr.ip()), self.addr.port())
    }

    /// The Streamable HTTP endpoint, `http://HOST:PORT/mcp`.
    pub fn mcp_url(&self) -> String {
        format!("{}{MCP_PATH}", self.base_url())
    }

    /// The HTTP+SSE endpoint, `http://HOST:PORT/sse`.
    pub fn sse_url(&self) -> String {
        format!("{}{SSE_PATH}", self.base_url())
    }

    /// The Streamable HTTP endpoint named with `localhost`, `http://localhost:PORT/mcp` (the
    /// official suite's DNS-rebinding scenario needs a `localhost` URL).
    pub fn localhost_mcp_url(&self) -> String {
        format!("http://localhost:{}{MCP_PATH}", self.addr.port())
    }

    /// The URLs served, in the order `serve --listen` prints them: [`Self::mcp_url`], then
    /// [`Self::sse_url`].
    pub fn urls(&self) -> [String; 2] {
        [self.mcp_url(), self.sse_url()]
    }

    /// Shuts down gracefully and waits until the server has stopped (at most
    /// [`SHUTDOWN_GRACE`] plus the transport's listen-stream delay).
    ///
    /// # Errors
    /// The server task failed or panicked.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.wait().await
    }

    /// Waits until the server stops (after [`Self::shutdown`], or when it fails).
    async fn wait(self) -> std::io::Result<()> {
        match self.task.await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(format!("the fixture server task failed: {e}"))),
        }
    }
}

/// Completes on the first SIGINT or SIGTERM.
///
/// # Errors
/// The signal handlers cannot be installed.
async fn termination() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// `serve --listen ADDR`: binds `addr`, prints the served URLs (stdout, one a line, flushed),
/// serves until SIGINT or SIGTERM, then shuts down gracefully. Diagnostics go to stderr.
///
/// Exit status: success after a signal-initiated shutdown; failure when the runtime, the
/// bind or the signal handlers fail, or the server stops on its own with an error.
pub fn listen(addr: &str) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mcp-conformance: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let stop = termination().await.map_err(|e| format!("cannot install signal handlers: {e}"))?;
        let server = FixtureHttp::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            for url in server.urls() {
                let _ = writeln!(out, "{url}");
            }
            let _ = out.flush();
        }
        stop.await;
        eprintln!("mcp-conformance: shutting down");
        server.shutdown().await.map_err(|e| format!("the HTTP server failed: {e}"))
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mcp-conformance: serve --listen: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_hosts_are_reachable_names() {
        assert_eq!(url_host("0.0.0.0".parse().unwrap()), "127.0.0.1");
        assert_eq!(url_host("127.0.0.1".parse().unwrap()), "127.0.0.1");
        assert_eq!(url_host("::".parse().unwrap()), "[::1]");
        assert_eq!(url_host("::1".parse().unwrap()), "[::1]");
    }

    #[tokio::test]
    async fn serves_the_fixture_urls_and_stops() {
        let server = FixtureHttp::bind("127.0.0.1:0").await.unwrap();
        let port = server.local_addr().port();
        assert_ne!(port, 0);
        assert_eq!(
            server.urls(),
            [format!("http://127.0.0.1:{port}/mcp"), format!("http://127.0.0.1:{port}/sse")]
        );
        assert_eq!(server.localhost_mcp_url(), format!("http://localhost:{port}/mcp"));
        server.shutdown().await.unwrap();
        assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err());
    }
}
