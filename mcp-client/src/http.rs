//! Connecting to a server over HTTP: Streamable HTTP (2026-07-28 and the legacy 2025-03-26 …
//! 2025-11-25 form) or HTTP+SSE (2024-11-05), detected per the spec's backwards-compatibility
//! procedure or forced (2026-07-28 `basic/transports/streamable-http.mdx` "Backward
//! Compatibility").
//!
//! The client role runs over [`HttpClientTransport`] exactly as over stdio; era detection
//! ([`crate::era`]) drives the transport's detection with its own first messages: the
//! `server/discover` probe is POSTed with the modern headers, a legacy answer makes the client
//! send `initialize`, which the transport POSTs legacy-style and, on `400`/`404`/`405`, carries
//! over HTTP+SSE instead. The transport caches the outcome per origin, and a later connection
//! reuses it (a cached legacy server's probe is answered without a round trip).
//!
//! ```no_run
//! # async fn run() -> mcp_client::Result<()> {
//! use mcp_client::Client;
//! use mcp_client::http::{HttpClientOptions, TransportKind};
//! let options = HttpClientOptions { transport: TransportKind::Auto, ..Default::default() };
//! let client = Client::connect_http("http://127.0.0.1:8080/mcp", options).await?;
//! println!("{:?} over {:?}", client.protocol_version(), client.negotiated().server_info);
//! client.close().await?;
//! # Ok(()) }
//! ```
//!
//! A revision is forced with [`ClientBuilder::protocol_version`]; a transport with
//! [`HttpClientOptions::transport`]; credentials with [`HttpClientOptions::credentials`].

pub use mcp_transport::http::client::{
    AuthAction, CredentialsProvider, Detected, DetectionCache, HttpClientError, HttpClientHandle,
    HttpClientOptions, HttpClientTransport, HttpEvent, StaticCredentials, TransportKind, Unauthorized, Url,
};

use crate::builder::ClientBuilder;
use crate::client::Client;
use crate::error::{ClientError, Result};

impl ClientBuilder {
    /// Connects to the MCP endpoint `url` over HTTP and runs era detection.
    ///
    /// # Errors
    /// [`ClientError::Transport`] for an invalid URL; otherwise as
    /// [`connect`](Self::connect) (an HTTP failure of the handshake arrives as the JSON-RPC
    /// error the transport made of it, `data.httpStatus` set).
    pub async fn connect_http(self, url: &str, options: HttpClientOptions) -> Result<Client> {
        self.connect_http_with_handle(url, options).await.map(|(client, _)| client)
    }

    /// [`connect_http`](Self::connect_http), also returning the transport's handle (detection
    /// result, session id, events, `x-mcp-header` registrations).
    ///
    /// # Errors
    /// As [`connect_http`](Self::connect_http).
    pub async fn connect_http_with_handle(
        self,
        url: &str,
        options: HttpClientOptions,
    ) -> Result<(Client, HttpClientHandle)> {
        let transport =
            HttpClientTransport::new(url, options).map_err(|e| ClientError::Transport(e.into()))?;
        let handle = transport.handle();
        match self.connect(transport).await {
            Ok(client) => Ok((client, handle)),
            Err(e) => {
                // A cached detection that led to a failure is not trusted next time.
                handle.forget_detection();
                Err(e)
            }
        }
    }
}

impl Client {
    /// Connects over HTTP with default client settings; see [`ClientBuilder::connect_http`].
    ///
    /// # Errors
    /// As [`ClientBuilder::connect_http`].
    pub async fn connect_http(url: &str, options: HttpClientOptions) -> Result<Client> {
        ClientBuilder::new().connect_http(url, options).await
    }
}
