//! [`ServerBuilder`]: register features and options, then [`build`](ServerBuilder::build).
//!
//! Registration methods take `self` and return it, so they chain; the first registration
//! error is kept and reported by `build`.

use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use mcp_jsonrpc::schema::common::{CacheScope, Implementation};
use mcp_jsonrpc::schema::completion::{CompleteRequestParams, CompleteResult};
use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::resources::{Resource, ResourceTemplate};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use rand::RngCore;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::cancel::CancellationToken;
use crate::completion::{self, CompleteFn};
use crate::context::Context;
use crate::error::{Error, RegistrationError};
use crate::prompt::PromptDefinition;
use crate::request_state::StateSealer;
use crate::resource::{ResourceDefinition, ResourceTemplateDefinition, TemplateVariables};
use crate::server::{Inner, Server, ServerOptions, derive_capabilities};
use crate::tool::ToolDefinition;

/// Collects registrations and options for a [`Server`].
pub struct ServerBuilder {
    info: Implementation,
    instructions: Option<String>,
    options: ServerOptions,
    state_key: Option<Vec<u8>>,
    tools: Vec<ToolDefinition>,
    tools_enabled: bool,
    resources: Vec<ResourceDefinition>,
    templates: Vec<ResourceTemplateDefinition>,
    prompts: Vec<PromptDefinition>,
    completion: Option<CompleteFn>,
    error: Option<RegistrationError>,
    /// Task settings ([`crate::tasks`]; set by `enable_tasks`, `task_store`, ...).
    pub(crate) tasks: crate::tasks::TaskConfig,
}

impl std::fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder").field("info", &self.info).finish_non_exhaustive()
    }
}

impl ServerBuilder {
    /// A builder for a server named `name` at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        ServerBuilder {
            info: Implementation::new(name, version),
            instructions: None,
            options: ServerOptions::default(),
            state_key: None,
            tools: Vec::new(),
            tools_enabled: false,
            resources: Vec::new(),
            templates: Vec::new(),
            prompts: Vec::new(),
            completion: None,
            error: None,
            tasks: crate::tasks::TaskConfig::default(),
        }
    }

    fn record<T>(mut self, result: Result<T, RegistrationError>, add: impl FnOnce(&mut Self, T)) -> Self {
        match result {
            Ok(value) => add(&mut self, value),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Sets `instructions` (sent in `initialize` and `server/discover` results).
    pub fn instructions(mut self, instructions: impl Into<String>) -> Self {
        self.instructions = Some(instructions.into());
        self
    }

    /// Sets the page size of list results (at least 1).
    pub fn page_size(mut self, page_size: usize) -> Self {
        self.options.page_size = page_size.max(1);
        self
    }

    /// Sets `ttlMs` and `cacheScope` of 2026-07-28 list, read and discover results
    /// (`CacheableResult`).
    pub fn cache(mut self, ttl_ms: u64, scope: CacheScope) -> Self {
        self.options.ttl_ms = ttl_ms;
        self.options.cache_scope = scope;
        self
    }

    /// Sets the HMAC key sealing `requestState` (share it between instances behind a load
    /// balancer; default: 32 random bytes per process) and its lifetime.
    pub fn request_state(mut self, key: impl Into<Vec<u8>>, ttl: Duration) -> Self {
        self.state_key = Some(key.into());
        self.options.request_state_ttl = ttl;
        self
    }

    /// Declares the `tools` capability even with no tool registered yet, for servers that add
    /// tools at run time ([`Server::add_tool`]).
    pub fn enable_tools(mut self) -> Self {
        self.tools_enabled = true;
        self
    }

    /// Registers a tool definition.
    pub fn add_tool(self, tool: ToolDefinition) -> Self {
        let result = if self.tools.iter().any(|t| t.tool.name == tool.tool.name) {
            Err(RegistrationError::Duplicate { kind: "tool", name: tool.tool.name.clone() })
        } else {
            Ok(tool)
        };
        self.record(result, |b, t| b.tools.push(t))
    }

    /// Registers a tool with typed arguments; see [`ToolDefinition::typed`].
    pub fn tool<A, F, Fut>(self, name: &str, description: &str, handler: F) -> Self
    where
        A: DeserializeOwned + JsonSchema + Send + 'static,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CallToolResult, Error>> + Send + 'static,
    {
        match ToolDefinition::typed::<A, F, Fut>(name, description, handler) {
            Ok(def) => self.add_tool(def),
            Err(e) => self.record::<()>(Err(e), |_, _| ()),
        }
    }

    /// Registers a tool with typed arguments and output; see
    /// [`ToolDefinition::typed_with_output`].
    pub fn tool_with_output<A, O, F, Fut>(self, name: &str, description: &str, handler: F) -> Self
    where
        A: DeserializeOwned + JsonSchema + Send + 'static,
        O: Serialize + JsonSchema + 'static,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, Error>> + Send + 'static,
    {
        match ToolDefinition::typed_with_output::<A, O, F, Fut>(name, description, handler) {
            Ok(def) => self.add_tool(def),
            Err(e) => self.record::<()>(Err(e), |_, _| ()),
        }
    }

    /// Registers a tool from a JSON description and a closure over JSON arguments; see
    /// [`ToolDefinition::dynamic`].
    pub fn dynamic_tool<F, Fut>(self, tool: Tool, handler: F) -> Self
    where
        F: Fn(Context, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CallToolResult, Error>> + Send + 'static,
    {
        match ToolDefinition::dynamic(tool, handler) {
            Ok(def) => self.add_tool(def),
            Err(e) => self.record::<()>(Err(e), |_, _| ()),
        }
    }

    /// Registers a direct resource read by `handler(ctx, uri)`.
    pub fn resource<F, Fut>(self, resource: Resource, handler: F) -> Self
    where
        F: Fn(Context, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<ResourceContents>, Error>> + Send + 'static,
    {
        let result = if self.resources.iter().any(|r| r.resource.uri == resource.uri) {
            Err(RegistrationError::Duplicate { kind: "resource", name: resource.uri.clone() })
        } else {
            Ok(ResourceDefinition::new(resource, handler))
        };
        self.record(result, |b, r| b.resources.push(r))
    }

    /// Registers a resource template (RFC 6570 level 1/2) read by
    /// `handler(ctx, uri, variables)`.
    pub fn resource_template<F, Fut>(self, template: ResourceTemplate, handler: F) -> Self
    where
        F: Fn(Context, String, TemplateVariables) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<ResourceContents>, Error>> + Send + 'static,
    {
        let result = ResourceTemplateDefinition::new(template, handler);
        self.record(result, |b, t| b.templates.push(t))
    }

    /// Registers a prompt.
    pub fn prompt(self, prompt: PromptDefinition) -> Self {
        let result = if self.prompts.iter().any(|p| p.prompt.name == prompt.prompt.name) {
            Err(RegistrationError::Duplicate { kind: "prompt", name: prompt.prompt.name.clone() })
        } else {
            Ok(prompt)
        };
        self.record(result, |b, p| b.prompts.push(p))
    }

    /// Sets the `completion/complete` handler and declares the `completions` capability.
    pub fn completion<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(Context, CompleteRequestParams) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CompleteResult, Error>> + Send + 'static,
    {
        self.completion = Some(completion::boxed(handler));
        self
    }

    /// Builds the server.
    ///
    /// # Errors
    /// The first [`RegistrationError`] of any registration.
    pub fn build(self) -> Result<Server, RegistrationError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut capabilities = derive_capabilities(
            self.tools_enabled || !self.tools.is_empty(),
            !self.resources.is_empty() || !self.templates.is_empty(),
            !self.prompts.is_empty(),
            self.completion.is_some(),
        );
        let tasks_enabled = self.tasks.enabled(&self.tools);
        crate::tasks::TaskConfig::declare(&mut capabilities, tasks_enabled);
        let key = self.state_key.unwrap_or_else(|| {
            let mut key = vec![0u8; 32];
            rand::rng().fill_bytes(&mut key);
            key
        });
        let (events, _) = broadcast::channel(256);
        Ok(Server {
            inner: Arc::new(Inner {
                info: self.info,
                instructions: self.instructions,
                sealer: StateSealer::new(key, self.options.request_state_ttl),
                options: self.options,
                tools: RwLock::new(self.tools),
                resources: RwLock::new(self.resources),
                templates: RwLock::new(self.templates),
                prompts: RwLock::new(self.prompts),
                completion: self.completion,
                capabilities,
                events,
                shutdown: CancellationToken::new(),
                tasks: self.tasks.build(tasks_enabled),
            }),
        })
    }
}
