//! What a scenario gets to work with in one cell: a client builder set up for the cell's
//! revision, and ways to connect it to the fixture or to a scenario-local server over the
//! cell's transport.

use std::sync::Arc;
use std::time::Duration;

use mcp_client::http::{Detected, DetectionCache, HttpClientHandle, HttpClientOptions, HttpClientTransport};
use mcp_client::{Client, ClientBuilder};
use mcp_jsonrpc::ProtocolVersion;
use mcp_server::Server;
use mcp_transport::memory::{MemoryOptions, Wire, pair_with};
use mcp_transport::process::StderrMode;
use mcp_transport::{ChildProcessTransport, ProcessHandle, ServerCommand, ShutdownStep, TransportError};
use tokio::task::JoinHandle;

use super::cell::{Cell, TransportKind};
use super::http::HttpServer;
use super::record::Recorder;
use crate::fixture::fixture_server;

/// Default request timeout of scenario clients: well under the scenario timeout, so a lost
/// response fails with a clear "request timed out" rather than the runner's timeout.
pub const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// The context of one scenario run in one cell. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Env {
    cell: Cell,
    stdio_server: Option<ServerCommand>,
    external_url: Option<String>,
    recorder: Recorder,
}

/// How the server side of a [`Connection`] ends.
#[derive(Debug)]
enum ServerEnd {
    /// An in-process server task (memory cells).
    Task(JoinHandle<Result<(), TransportError>>),
    /// A spawned `serve --stdio` process.
    Process(ProcessHandle),
    /// An in-process HTTP server (HTTP cells), with the client transport's handle.
    Http(Box<HttpServer>, HttpClientHandle),
    /// An external HTTP server (`run --server URL`), with the client transport's handle; it
    /// is not ours to stop.
    External(HttpClientHandle),
}

/// A connected client and the server it talks to.
#[derive(Debug)]
pub struct Connection {
    /// The connected client (era settled as the cell requires).
    pub client: Client,
    server: ServerEnd,
}

impl Connection {
    /// Closes the client, then checks the server ended cleanly: an in-process server returns
    /// `Ok` once the client side closes; a spawned one exits on end of stdin (step 1 of the
    /// shutdown sequence, 2026-07-28 `basic/transports/stdio.mdx`) with status 0.
    ///
    /// # Errors
    /// A description of how the server failed to end.
    ///
    /// Over HTTP the client's `close` ends a legacy session with DELETE; then the server is
    /// shut down and must stop without waiting for any connection ([`HttpServer::stop`]).
    pub async fn close(self) -> Result<(), String> {
        self.client.close().await.map_err(|e| format!("closing the client: {e}"))?;
        drop(self.client);
        match self.server {
            ServerEnd::Http(server, _) => server.stop().await,
            ServerEnd::External(_) => Ok(()),
            ServerEnd::Task(task) => match tokio::time::timeout(Duration::from_secs(5), task).await {
                Ok(Ok(Ok(()))) => Ok(()),
                Ok(Ok(Err(e))) => Err(format!("the server ended with an error: {e}")),
                Ok(Err(e)) => Err(format!("the server task failed: {e}")),
                Err(_) => Err("the server did not stop within 5 s of the client closing".into()),
            },
            ServerEnd::Process(process) => {
                let outcome = process.shutdown().await.map_err(|e| format!("stopping the server: {e}"))?;
                match outcome.step {
                    ShutdownStep::StdinClosed | ShutdownStep::AlreadyExited if outcome.status.success() => {
                        Ok(())
                    }
                    step => Err(format!("the server process ended by {step:?} with {}", outcome.status)),
                }
            }
        }
    }
}

impl Connection {
    /// The in-process HTTP server of an HTTP cell (`None` on other transports).
    pub fn http_server(&self) -> Option<&HttpServer> {
        match &self.server {
            ServerEnd::Http(server, _) => Some(server),
            _ => None,
        }
    }

    /// The client transport's handle in an HTTP cell: detection result, session id, events.
    pub fn http_client(&self) -> Option<&HttpClientHandle> {
        match &self.server {
            ServerEnd::Http(_, handle) | ServerEnd::External(handle) => Some(handle),
            _ => None,
        }
    }
}

impl Env {
    pub(crate) fn new(cell: Cell, stdio_server: Option<ServerCommand>) -> Self {
        Env { cell, stdio_server, external_url: None, recorder: Recorder::default() }
    }

    /// An environment whose HTTP cells connect to the external server at `url` (`run --server
    /// URL`) instead of serving the fixture in this process.
    pub(crate) fn external_http(cell: Cell, url: String) -> Self {
        Env { cell, stdio_server: None, external_url: Some(url), recorder: Recorder::default() }
    }

    /// The external server's URL of a `run --server URL` run (`None` otherwise).
    pub fn external_url(&self) -> Option<&str> {
        self.external_url.as_deref()
    }

    /// The cell this run is in.
    pub fn cell(&self) -> Cell {
        self.cell
    }

    /// The revision of the cell.
    pub fn version(&self) -> ProtocolVersion {
        self.cell.version
    }

    /// Whether the cell is 2026-07-28.
    pub fn is_modern(&self) -> bool {
        self.cell.is_modern()
    }

    /// The recorder of every message our clients exchanged in this run.
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// The command that starts the fixture as a stdio server (`mcp-conformance serve
    /// --stdio`), when the run knows the binary.
    pub fn stdio_server(&self) -> Option<&ServerCommand> {
        self.stdio_server.as_ref()
    }

    /// A client builder for this cell: legacy cells force the cell's revision, the modern
    /// cell leaves era detection on; requests time out after [`CLIENT_REQUEST_TIMEOUT`].
    pub fn client(&self) -> ClientBuilder {
        let builder = Client::builder()
            .request_timeout(Some(CLIENT_REQUEST_TIMEOUT))
            .discover_timeout(Duration::from_secs(2));
        if self.is_modern() { builder } else { builder.protocol_version(self.version()) }
    }

    /// Connects `builder` to the fixture ([`fixture_server`]) over the cell's transport; in a
    /// `run --server URL` run, HTTP cells connect to that URL instead, and in a
    /// `run --server-command` run the stdio cells spawn that command.
    ///
    /// # Errors
    /// Spawning or negotiation failed, or the client settled on another revision than the
    /// cell's.
    pub async fn connect(&self, builder: ClientBuilder) -> Result<Connection, String> {
        match self.cell.transport {
            TransportKind::Http | TransportKind::Sse if self.external_url.is_some() => {
                let url = self.external_url.clone().unwrap_or_default();
                let transport =
                    HttpClientTransport::new(&url, self.http_options()).map_err(|e| format!("{url}: {e}"))?;
                let handle = transport.handle();
                let client = builder
                    .connect(self.recorder.wrap(transport))
                    .await
                    .map_err(|e| format!("connecting to {url}: {e}"))?;
                self.settled(Connection { client, server: ServerEnd::External(handle) }).await
            }
            TransportKind::Memory | TransportKind::Http | TransportKind::Sse => {
                self.connect_to(fixture_server(), builder).await
            }
            TransportKind::Stdio => {
                let command = self
                    .stdio_server
                    .clone()
                    .ok_or("no stdio server binary is known to this run")?
                    .stderr(StderrMode::Null);
                let transport = ChildProcessTransport::spawn(&command)
                    .map_err(|e| format!("spawning {:?}: {e}", command.program()))?;
                let process = transport.handle();
                let client = builder.connect(self.recorder.wrap(transport)).await;
                let client = match client {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = process.shutdown().await;
                        return Err(format!("connecting: {e}"));
                    }
                };
                self.settled(Connection { client, server: ServerEnd::Process(process) }).await
            }
        }
    }

    /// Connects `builder` to `server`, served in this process over the cell's transport.
    /// Only for cells whose transport [hosts in-process servers](TransportKind::hosts_in_process_server).
    ///
    /// # Errors
    /// As [`Env::connect`]; a cell that cannot host `server`.
    pub async fn connect_to(&self, server: Server, builder: ClientBuilder) -> Result<Connection, String> {
        match self.cell.transport {
            TransportKind::Memory => {
                let (client_end, server_end) = pair_with(MemoryOptions { capacity: 64, wire: Wire::Bytes });
                let task = tokio::spawn(async move { server.serve(server_end).await });
                let client = match builder.connect(self.recorder.wrap(client_end)).await {
                    Ok(c) => c,
                    Err(e) => {
                        task.abort();
                        return Err(format!("connecting: {e}"));
                    }
                };
                self.settled(Connection { client, server: ServerEnd::Task(task) }).await
            }
            TransportKind::Http | TransportKind::Sse => {
                let http = HttpServer::start(server).await?;
                self.connect_http(http, builder, self.http_options()).await
            }
            TransportKind::Stdio => Err(format!("{} cannot host an in-process server", self.cell.name)),
        }
    }

    /// The HTTP client settings of this cell: the modern cell detects the transport (the
    /// backwards-compatibility procedure, `TransportKind::Auto`), legacy Streamable HTTP cells
    /// force Streamable HTTP, the HTTP+SSE cell forces HTTP+SSE. Every connection gets its own
    /// detection cache (no result leaks between runs) and short connect and retry delays.
    pub fn http_options(&self) -> HttpClientOptions {
        use mcp_client::http::TransportKind as Http;
        let transport = match self.cell.transport {
            TransportKind::Sse => Http::Sse,
            _ if self.is_modern() => Http::Auto,
            _ => Http::StreamableHttp,
        };
        HttpClientOptions {
            transport,
            cache: Arc::new(DetectionCache::new()),
            connect_timeout: Duration::from_secs(2),
            response_timeout: CLIENT_REQUEST_TIMEOUT,
            endpoint_timeout: Duration::from_secs(2),
            default_retry: Duration::from_millis(100),
            ..HttpClientOptions::default()
        }
    }

    /// Connects `builder` over HTTP to `server` (already serving; its URL for the cell's
    /// transport, [`HttpServer::url_for`]) with `options`, through this run's recorder. The
    /// connection owns the server and stops it on [`Connection::close`].
    ///
    /// # Errors
    /// As [`Env::connect`].
    pub async fn connect_http(
        &self,
        server: HttpServer,
        builder: ClientBuilder,
        options: HttpClientOptions,
    ) -> Result<Connection, String> {
        let url = server.url_for(self.cell.transport);
        let transport = HttpClientTransport::new(&url, options).map_err(|e| format!("{url}: {e}"))?;
        let handle = transport.handle();
        let client = match builder.connect(self.recorder.wrap(transport)).await {
            Ok(c) => c,
            Err(e) => return Err(format!("connecting to {url}: {e}")),
        };
        self.settled(Connection { client, server: ServerEnd::Http(Box::new(server), handle) }).await
    }

    /// Checks the connection settled on the cell's revision and, over HTTP, on the cell's
    /// transport: modern Streamable HTTP found by detection, a legacy session with an id, or
    /// HTTP+SSE (no silent fallback to another transport).
    async fn settled(&self, connection: Connection) -> Result<Connection, String> {
        let got = connection.client.protocol_version();
        let mut problem =
            (got != self.version()).then(|| format!("negotiated {got}, the cell is {}", self.version()));
        if let (None, Some(handle)) = (&problem, connection.http_client()) {
            let detected = handle.detected();
            let fits = match (self.cell.transport, detected) {
                (TransportKind::Sse, Some(Detected::HttpSse)) => true,
                (TransportKind::Http, Some(Detected::Modern { version })) => {
                    self.is_modern() && version == got
                }
                (TransportKind::Http, Some(Detected::Legacy { version })) => {
                    !self.is_modern() && version == Some(got) && handle.session_id().is_some()
                }
                _ => false,
            };
            if !fits {
                problem = Some(format!(
                    "{}: the HTTP transport settled on {detected:?} (session {:?})",
                    self.cell.name,
                    handle.session_id()
                ));
            }
        }
        match problem {
            None => Ok(connection),
            Some(problem) => {
                let _ = connection.close().await;
                Err(problem)
            }
        }
    }
}
