//! Serving a [`Server`] over HTTP: Streamable HTTP in both eras and HTTP+SSE.
//!
//! The transport (`mcp_transport::http::server`) owns HTTP: eras, headers, sessions,
//! resumable streams, `Origin`/`Host` checks, authentication. This module implements its
//! [`McpHttpHandler`] for [`Server`]: each request runs through [`Server::handle_request`]
//! with an [`Exchange`] built from the transport's context (the authenticated principal
//! reaches [`Context::principal`](crate::Context::principal)); each legacy session (an
//! `Mcp-Session-Id`, or one HTTP+SSE connection) gets a [`Session`], and once initialized
//! hears list changes and resource updates on its standalone stream (2025-11-25
//! `basic/transports.mdx` "Listening for Messages from the Server"). `Mcp-Param-*` headers
//! are validated against each tool's `x-mcp-header` annotations (2026-07-28
//! `server/tools.mdx`).
//!
//! ```no_run
//! # async fn run(server: mcp_server::Server) -> std::io::Result<()> {
//! use mcp_transport::http::server::HttpServerConfig;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! server.serve_http(listener, HttpServerConfig::default(), std::future::pending()).await
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;

use mcp_jsonrpc::schema::methods;
use mcp_jsonrpc::{Message, Notification, Request};
use mcp_transport::http::param::HeaderAnnotations;
use mcp_transport::http::server::{
    HttpServerConfig, McpHttpHandler, McpHttpService, McpHttpServiceBuilder, RequestContext, serve,
};
use mcp_transport::peer::{BoxFuture, Peer};
use mcp_transport::principal::Principal;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::broadcast;

use crate::dispatch::Exchange;
use crate::server::{Server, ServerEvent, read};
use crate::session::Session;

/// The state of one legacy HTTP session: the protocol [`Session`] and the task that forwards
/// server events to it (aborted when the session ends).
#[derive(Clone, Debug)]
pub struct HttpSession {
    /// The session's negotiated state.
    pub session: Arc<Session>,
    forwarder: Arc<tokio::task::AbortHandle>,
}

impl McpHttpHandler for Server {
    type Session = HttpSession;

    fn handle_request(
        &self,
        request: Request,
        cx: RequestContext<HttpSession>,
    ) -> BoxFuture<'_, Option<Message>> {
        let exchange = Exchange {
            peer: cx.peer,
            principal: cx.principal,
            session: cx.session.map(|s| s.session),
            cancel: cx.cancel,
        };
        Box::pin(Server::handle_request(self, request, exchange))
    }

    fn handle_notification(
        &self,
        notification: Notification,
        cx: RequestContext<HttpSession>,
    ) -> BoxFuture<'_, ()> {
        Server::handle_notification(self, &notification, cx.session.as_ref().map(|s| s.session.as_ref()));
        Box::pin(async {})
    }

    fn open_session(&self, _principal: &Principal, peer: Arc<dyn Peer>) -> HttpSession {
        let session = Arc::new(Session::new());
        let task = tokio::spawn(forward_events(self.subscribe_events(), session.clone(), peer));
        HttpSession { session, forwarder: Arc::new(task.abort_handle()) }
    }

    fn close_session(&self, session: &HttpSession) {
        session.forwarder.abort();
    }

    fn tool_header_annotations(&self, name: &str) -> Option<HeaderAnnotations> {
        let tool = read(&self.inner.tools).into_iter().find(|t| t.tool.name == name)?;
        let schema = serde_json::to_value(&tool.tool.input_schema).ok()?;
        HeaderAnnotations::from_input_schema(&schema).ok()
    }
}

/// Sends list changes and resource updates to an initialized legacy session.
async fn forward_events(
    mut events: broadcast::Receiver<ServerEvent>,
    session: Arc<Session>,
    peer: Arc<dyn Peer>,
) {
    loop {
        let event = match events.recv().await {
            Ok(event) => event,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if session.protocol_version().is_none() || !session.is_initialized() {
            continue;
        }
        let notification = match event {
            ServerEvent::ToolsListChanged => {
                Notification::without_params(methods::NOTIFICATIONS_TOOLS_LIST_CHANGED)
            }
            ServerEvent::PromptsListChanged => {
                Notification::without_params(methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED)
            }
            ServerEvent::ResourcesListChanged => {
                Notification::without_params(methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED)
            }
            ServerEvent::ResourceUpdated(uri) if session.is_subscribed(&uri) => {
                match Notification::new(methods::NOTIFICATIONS_RESOURCES_UPDATED, &json!({ "uri": uri })) {
                    Ok(n) => n,
                    Err(_) => continue,
                }
            }
            ServerEvent::ResourceUpdated(_) => continue,
        };
        peer.notify(notification).await;
    }
}

impl Server {
    /// This server as an HTTP `tower::Service` with `config`, anonymous callers and
    /// in-memory session and event stores: mount it in axum (`Router::route_service` for the
    /// MCP endpoint and the HTTP+SSE paths) or serve it with
    /// `mcp_transport::http::server::serve`.
    pub fn http_service(&self, config: HttpServerConfig) -> McpHttpService<Server> {
        McpHttpService::builder(Arc::new(self.clone()), config).build()
    }

    /// A builder for the HTTP service, to set an authenticator (e.g. `mcp-oauth`'s resource
    /// server) or shared session and event stores.
    pub fn http_service_builder(&self, config: HttpServerConfig) -> McpHttpServiceBuilder<Server> {
        McpHttpService::builder(Arc::new(self.clone()), config)
    }

    /// Serves this server over HTTP on `listener` until `shutdown` completes; then open
    /// `subscriptions/listen` streams get their final result ([`Server::close_subscriptions`])
    /// and in-flight requests finish (graceful shutdown).
    ///
    /// # Errors
    /// As `mcp_transport::http::server::serve`.
    pub async fn serve_http(
        &self,
        listener: TcpListener,
        config: HttpServerConfig,
        shutdown: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        self.serve_http_service(listener, self.http_service(config), shutdown).await
    }

    /// As [`Server::serve_http`] with a service built by [`Server::http_service_builder`].
    ///
    /// # Errors
    /// As `mcp_transport::http::server::serve`.
    pub async fn serve_http_service(
        &self,
        listener: TcpListener,
        service: McpHttpService<Server>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        let server = self.clone();
        serve(listener, service, async move {
            shutdown.await;
            server.close_subscriptions();
        })
        .await
    }
}
