//! The [`Server`]: registered features, options, and run-time changes.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use mcp_jsonrpc::schema::common::{CacheScope, Implementation};
use serde_json::{Map, Value, json};
use tokio::sync::broadcast;

use crate::cancel::CancellationToken;
use crate::completion::CompleteFn;
use crate::error::RegistrationError;
use crate::prompt::PromptDefinition;
use crate::request_state::StateSealer;
use crate::resource::{ResourceDefinition, ResourceTemplateDefinition};
use crate::tool::ToolDefinition;

/// Configuration of a [`Server`], set through [`ServerBuilder`](crate::ServerBuilder).
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Items per page of `tools/list`, `resources/list`, `resources/templates/list` and
    /// `prompts/list` (`server/utilities/pagination.mdx`; default 50).
    pub page_size: usize,
    /// `ttlMs` on 2026-07-28 list, read and discover results (default 0: immediately stale).
    pub ttl_ms: u64,
    /// `cacheScope` on those results (default `private`, the safe choice when results may
    /// depend on the caller).
    pub cache_scope: CacheScope,
    /// Lifetime of a sealed `requestState` (default 10 minutes).
    pub request_state_ttl: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            page_size: 50,
            ttl_ms: 0,
            cache_scope: CacheScope::Private,
            request_state_ttl: Duration::from_secs(600),
        }
    }
}

/// A change that subscribers hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ServerEvent {
    ToolsListChanged,
    PromptsListChanged,
    ResourcesListChanged,
    ResourceUpdated(String),
}

/// An MCP server: tools, resources, prompts and completion, served to clients of every
/// revision. Cheap to clone (an `Arc` inside); clones share registrations and subscribers.
///
/// Serve it over a connection with [`Server::serve`] / [`Server::serve_stdio`], or hand single
/// requests to [`Server::handle_request`] from another transport.
#[derive(Clone)]
pub struct Server {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) info: Implementation,
    pub(crate) instructions: Option<String>,
    pub(crate) options: ServerOptions,
    pub(crate) tools: RwLock<Vec<ToolDefinition>>,
    pub(crate) resources: RwLock<Vec<ResourceDefinition>>,
    pub(crate) templates: RwLock<Vec<ResourceTemplateDefinition>>,
    pub(crate) prompts: RwLock<Vec<PromptDefinition>>,
    pub(crate) completion: Option<CompleteFn>,
    pub(crate) capabilities: Value,
    pub(crate) sealer: StateSealer,
    pub(crate) events: broadcast::Sender<ServerEvent>,
    pub(crate) shutdown: CancellationToken,
    /// Tasks (legacy `tasks/*` and the 2026-07-28 tasks extension).
    pub(crate) tasks: crate::tasks::Tasks,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("info", &self.inner.info).finish_non_exhaustive()
    }
}

pub(crate) fn read<T: Clone>(lock: &RwLock<Vec<T>>) -> Vec<T> {
    lock.read().unwrap_or_else(|e| e.into_inner()).clone()
}

impl Server {
    /// A builder for a server that identifies itself as `name` `version`
    /// (`Implementation`, sent as `serverInfo`).
    pub fn builder(name: impl Into<String>, version: impl Into<String>) -> crate::ServerBuilder {
        crate::ServerBuilder::new(name, version)
    }

    /// The server's `Implementation`.
    pub fn info(&self) -> &Implementation {
        &self.inner.info
    }

    /// The options in force.
    pub fn options(&self) -> &ServerOptions {
        &self.inner.options
    }

    /// The `ServerCapabilities` derived from what was registered (`basic/lifecycle.mdx`
    /// "Capability Negotiation"; 2026-07-28 `server/discover`): `tools`, `resources`
    /// (`subscribe`, `listChanged`), `prompts` when any were registered (or tools were enabled
    /// for run-time registration), `completions` with a completion handler, and `logging`.
    pub fn capabilities(&self) -> &Value {
        &self.inner.capabilities
    }

    /// Adds (or replaces, by name) a tool at run time and notifies subscribers with
    /// `notifications/tools/list_changed` (legacy: on every initialized connection; 2026-07-28:
    /// on `subscriptions/listen` streams that asked for `toolsListChanged`).
    pub fn add_tool(&self, tool: ToolDefinition) {
        {
            let mut tools = self.inner.tools.write().unwrap_or_else(|e| e.into_inner());
            match tools.iter_mut().find(|t| t.tool.name == tool.tool.name) {
                Some(slot) => *slot = tool,
                None => tools.push(tool),
            }
        }
        self.emit(ServerEvent::ToolsListChanged);
    }

    /// Removes a tool at run time; returns whether it existed. Notifies as [`Server::add_tool`].
    pub fn remove_tool(&self, name: &str) -> bool {
        let removed = {
            let mut tools = self.inner.tools.write().unwrap_or_else(|e| e.into_inner());
            let before = tools.len();
            tools.retain(|t| t.tool.name != name);
            tools.len() != before
        };
        if removed {
            self.emit(ServerEvent::ToolsListChanged);
        }
        removed
    }

    /// Adds a prompt at run time and sends `notifications/prompts/list_changed`.
    ///
    /// # Errors
    /// [`RegistrationError::Duplicate`] when a prompt with that name exists.
    pub fn add_prompt(&self, prompt: PromptDefinition) -> Result<(), RegistrationError> {
        {
            let mut prompts = self.inner.prompts.write().unwrap_or_else(|e| e.into_inner());
            if prompts.iter().any(|p| p.prompt.name == prompt.prompt.name) {
                return Err(RegistrationError::Duplicate { kind: "prompt", name: prompt.prompt.name });
            }
            prompts.push(prompt);
        }
        self.emit(ServerEvent::PromptsListChanged);
        Ok(())
    }

    /// Adds a direct resource at run time and sends `notifications/resources/list_changed`.
    ///
    /// # Errors
    /// [`RegistrationError::Duplicate`] when a resource with that URI exists.
    pub fn add_resource(&self, resource: ResourceDefinition) -> Result<(), RegistrationError> {
        {
            let mut resources = self.inner.resources.write().unwrap_or_else(|e| e.into_inner());
            if resources.iter().any(|r| r.resource.uri == resource.resource.uri) {
                return Err(RegistrationError::Duplicate { kind: "resource", name: resource.resource.uri });
            }
            resources.push(resource);
        }
        self.emit(ServerEvent::ResourcesListChanged);
        Ok(())
    }

    /// Tells subscribers that the resource `uri` changed: `notifications/resources/updated`
    /// (legacy: to connections that `resources/subscribe`d to it; 2026-07-28: to listen
    /// streams whose `resourceSubscriptions` name it; `server/resources.mdx` "Subscriptions").
    pub fn notify_resource_updated(&self, uri: impl Into<String>) {
        self.emit(ServerEvent::ResourceUpdated(uri.into()));
    }

    /// Ends every open `subscriptions/listen` gracefully: each receives its final result
    /// (2026-07-28 `basic/patterns/subscriptions.mdx`).
    pub fn close_subscriptions(&self) {
        self.inner.shutdown.cancel();
    }

    fn emit(&self, event: ServerEvent) {
        // No receivers is not an error: nobody is listening.
        let _ = self.inner.events.send(event);
    }

    pub(crate) fn subscribe_events(&self) -> broadcast::Receiver<ServerEvent> {
        self.inner.events.subscribe()
    }
}

/// Builds the capabilities object.
pub(crate) fn derive_capabilities(tools: bool, resources: bool, prompts: bool, completions: bool) -> Value {
    let mut caps = Map::new();
    caps.insert("logging".into(), json!({}));
    if completions {
        caps.insert("completions".into(), json!({}));
    }
    if prompts {
        caps.insert("prompts".into(), json!({ "listChanged": true }));
    }
    if resources {
        caps.insert("resources".into(), json!({ "subscribe": true, "listChanged": true }));
    }
    if tools {
        caps.insert("tools".into(), json!({ "listChanged": true }));
    }
    Value::Object(caps)
}
