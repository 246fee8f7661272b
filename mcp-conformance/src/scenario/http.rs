//! Our server over HTTP in this process, for the `http/*` and `sse/*` cells: a
//! [`Server`]'s `McpHttpService` served with hyper on `127.0.0.1:0`
//! (`mcp_transport::http::server::serve`), plus the pieces HTTP scenarios inspect it with: a
//! header-recording [`Authenticator`] hook and raw HTTP/1.1 requests that no client library
//! would send.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mcp_server::Server;
use mcp_transport::Principal;
use mcp_transport::http::server::{Authenticator, Challenge, HttpServerConfig, McpHttpService, Parts};
use mcp_transport::peer::BoxFuture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::cell::TransportKind;
use crate::serve::{MCP_PATH, SSE_PATH};

/// How long a stopping server may wait for connections; the scenario clients have closed
/// theirs by then, so reaching it is a failure ([`HttpServer::stop`]).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The fixture's HTTP configuration (`crate::serve::http_config`: `/mcp`, `/sse` +
/// `/messages`, loopback `Host` and `Origin`, 4 MiB bodies) with a [`SHUTDOWN_GRACE`] grace
/// period.
pub fn config() -> HttpServerConfig {
    let mut config = crate::serve::http_config();
    config.shutdown_grace = SHUTDOWN_GRACE;
    config
}

/// A server running on a tokio task, bound to an ephemeral loopback port.
#[derive(Debug)]
pub struct HttpServer {
    addr: SocketAddr,
    service: McpHttpService<Server>,
    requests: HeaderRecorder,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl HttpServer {
    /// Serves `server` with the default [`config`]; its authenticator is a [`HeaderRecorder`]
    /// ([`Self::requests`]).
    ///
    /// # Errors
    /// Binding `127.0.0.1:0` failed.
    pub async fn start(server: Server) -> Result<HttpServer, String> {
        HttpServer::start_with(server, config()).await
    }

    /// [`Self::start`] with another configuration (limits, allowlists, idle timeout).
    ///
    /// # Errors
    /// Binding `127.0.0.1:0` failed.
    pub async fn start_with(server: Server, config: HttpServerConfig) -> Result<HttpServer, String> {
        let requests = HeaderRecorder::default();
        let service = server.http_service_builder(config).authenticator(requests.clone()).build();
        let listener =
            TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("binding 127.0.0.1:0: {e}"))?;
        let addr = listener.local_addr().map_err(|e| format!("local address: {e}"))?;
        let (tx, rx) = oneshot::channel::<()>();
        let served = service.clone();
        let task = tokio::spawn(async move {
            server
                .serve_http_service(listener, served, async move {
                    let _ = rx.await;
                })
                .await
        });
        Ok(HttpServer { addr, service, requests, shutdown: Some(tx), task })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The service (session count, configuration).
    pub fn service(&self) -> &McpHttpService<Server> {
        &self.service
    }

    /// The head of every request that reached the server (after the `Host` and `Origin`
    /// checks: refused requests never reach the authenticator), in order.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.requests.seen()
    }

    /// `http://127.0.0.1:PORT/mcp`.
    pub fn mcp_url(&self) -> String {
        format!("http://{}{MCP_PATH}", self.addr)
    }

    /// `http://127.0.0.1:PORT/sse`.
    pub fn sse_url(&self) -> String {
        format!("http://{}{SSE_PATH}", self.addr)
    }

    /// The URL a client of `transport` connects to: [`Self::sse_url`] for HTTP+SSE,
    /// [`Self::mcp_url`] otherwise.
    pub fn url_for(&self, transport: TransportKind) -> String {
        if transport == TransportKind::Sse { self.sse_url() } else { self.mcp_url() }
    }

    /// Shuts the server down gracefully and checks it stopped cleanly, before
    /// [`SHUTDOWN_GRACE`] ran out (every client connection was already closed) and with no
    /// legacy session left open by a client that closed.
    ///
    /// # Errors
    /// The server failed, or a connection kept it waiting for the whole grace period.
    pub async fn stop(mut self) -> Result<(), String> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let start = Instant::now();
        match tokio::time::timeout(SHUTDOWN_GRACE * 2, &mut self.task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => return Err(format!("the HTTP server failed: {e}")),
            Ok(Err(e)) => return Err(format!("the HTTP server task failed: {e}")),
            Err(_) => {
                self.task.abort();
                return Err(format!("the HTTP server did not stop within {:?}", SHUTDOWN_GRACE * 2));
            }
        }
        let took = start.elapsed();
        if took >= SHUTDOWN_GRACE {
            return Err(format!(
                "the HTTP server waited {took:?} for connections the client should have closed"
            ));
        }
        Ok(())
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        // A scenario that failed early: no grace, no leftovers on the runtime.
        if self.shutdown.is_some() {
            self.task.abort();
        }
    }
}

/// One HTTP request as the server's [`Authenticator`] hook saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenRequest {
    /// `GET`, `POST`, `DELETE`.
    pub method: String,
    /// The request path (without the query).
    pub path: String,
    /// Every header, names lowercase, in arrival order (values that are not visible ASCII
    /// are kept lossily).
    pub headers: Vec<(String, String)>,
}

impl SeenRequest {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// An [`Authenticator`] that lets everyone in (as [`Principal::anonymous`]) and records the
/// head of every request that reached the server, in order. Clones share the record.
#[derive(Debug, Clone, Default)]
pub struct HeaderRecorder(Arc<Mutex<Vec<SeenRequest>>>);

impl HeaderRecorder {
    /// Every request seen so far.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Authenticator for HeaderRecorder {
    fn authenticate<'a>(&'a self, request: &'a Parts) -> BoxFuture<'a, Result<Principal, Challenge>> {
        let seen = SeenRequest {
            method: request.method.as_str().to_owned(),
            path: request.uri.path().to_owned(),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        };
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(seen);
        Box::pin(async { Ok(Principal::anonymous()) })
    }
}

/// The response to a [`raw`] request.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The body as received (chunked framing left in place; enough for `contains` checks).
    pub body: String,
}

impl RawResponse {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Bodies larger than this (64 KiB) are held back until the server had a chance to refuse
/// the request from its head ([`raw`]).
pub const HEAD_FIRST_ABOVE: usize = 64 * 1024;

/// Sends one HTTP/1.1 request to `addr` by hand (`Connection: close`) and reads the response
/// until the server closes the connection, or until the head of an SSE response and its
/// first bytes arrived (`event-stream` responses do not end). `headers` are sent as given,
/// after `Host` (when `host` is `Some`) and `Content-Length` (for a body). A body over
/// [`HEAD_FIRST_ABOVE`] bytes is written only once the server has not answered from the head
/// alone within 100 ms, so a `413` sent on `Content-Length` is read before the connection is
/// reset by unread bytes.
///
/// # Errors
/// Connecting, writing the head or reading failed; no complete status line within 5 s.
pub async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    host: Option<&str>,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<RawResponse, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| format!("connecting to {addr}: {e}"))?;
    let _ = stream.set_nodelay(true);
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if let Some(host) = host {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.map_err(|e| format!("writing the request head: {e}"))?;
    let mut received = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    if body.len() <= HEAD_FIRST_ABOVE {
        stream.write_all(body).await.map_err(|e| format!("writing the request body: {e}"))?;
    } else {
        match tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => received.extend_from_slice(&buf[..n]),
            // Nothing yet (or the server closed without a word): send the body.
            _ => {
                // The server may answer and close before reading it all: not an error here.
                let _ = stream.write_all(body).await;
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(response) = parse_response(&received, false) {
            return Ok(response);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
    }
    parse_response(&received, true).ok_or_else(|| {
        format!("no complete HTTP response from {method} {path}: {:?}", String::from_utf8_lossy(&received))
    })
}

/// Parses a response once it is complete: at the end of the connection (`ended`), or, for an
/// SSE stream (which never ends), once its head and some body bytes are in.
fn parse_response(bytes: &[u8], ended: bool) -> Option<RawResponse> {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let streaming = headers.iter().any(|(n, v)| n == "content-type" && v.starts_with("text/event-stream"));
    if ended || (streaming && body.contains("\n\n")) {
        return Some(RawResponse { status, headers, body: body.to_owned() });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_parse_when_complete() {
        let ok = b"HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\n\r\n{\"a\":1}";
        assert!(parse_response(ok, false).is_none(), "a JSON body is complete only at the end");
        let r = parse_response(ok, true).unwrap();
        assert_eq!(
            (r.status, r.header("content-type"), r.body.as_str()),
            (403, Some("application/json"), "{\"a\":1}")
        );
        let sse = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nevent: endpoint\ndata: /m\n\n";
        assert_eq!(parse_response(sse, false).unwrap().body, "event: endpoint\ndata: /m\n\n");
        assert!(parse_response(b"HTTP/1.1 200 OK\r\n", true).is_none());
    }
}
