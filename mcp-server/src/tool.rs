//! Tools (`server/tools.mdx`): definitions, argument validation and handlers.
//!
//! A [`ToolDefinition`] is a `Tool` description plus an async handler. Arguments are checked
//! against the tool's `inputSchema` (JSON Schema, compiled once with the `jsonschema` crate)
//! before the handler runs; invalid arguments answer `-32602` Invalid params with the
//! validation messages (`server/tools.mdx` "Error Handling": protocol errors for invalid
//! arguments).

use std::future::Future;
use std::sync::Arc;

use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::context::Context;
use crate::error::{Error, RegistrationError};
use crate::peer::BoxFuture;

type ToolFn = Arc<dyn Fn(Context, Value) -> BoxFuture<'static, Result<CallToolResult, Error>> + Send + Sync>;

/// A tool: its description (`Tool`) and handler. Build one with [`ToolDefinition::typed`],
/// [`ToolDefinition::typed_with_output`] or [`ToolDefinition::dynamic`]; register it with
/// [`ServerBuilder::tool`](crate::ServerBuilder::tool) or at run time with
/// [`Server::add_tool`](crate::Server::add_tool).
#[derive(Clone)]
pub struct ToolDefinition {
    pub(crate) tool: Tool,
    validator: Arc<jsonschema::Validator>,
    handler: ToolFn,
    /// When a call becomes a 2026-07-28 extension task ([`crate::tasks::TaskCreation`]).
    pub(crate) task_creation: crate::tasks::TaskCreation,
}

impl std::fmt::Debug for ToolDefinition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolDefinition").field("tool", &self.tool).finish_non_exhaustive()
    }
}

/// Checks a tool name against 2025-11-25 `server/tools.mdx` "Tool names": 1 to 128
/// characters, each of `A-Z a-z 0-9 _ - .` (case-sensitive; no spaces or other characters).
///
/// # Errors
/// [`RegistrationError::InvalidToolName`].
pub fn validate_tool_name(name: &str) -> Result<(), RegistrationError> {
    let ok = (1..=128).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok { Ok(()) } else { Err(RegistrationError::InvalidToolName(name.to_owned())) }
}

fn schema_of<T: JsonSchema>() -> Map<String, Value> {
    let mut schema = match serde_json::to_value(schemars::schema_for!(T)) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    // The title is the Rust type name, which says nothing to a model.
    schema.remove("title");
    schema
}

impl ToolDefinition {
    /// A tool whose arguments deserialize into `A`; `inputSchema` is `A`'s JSON Schema
    /// (schemars, JSON Schema 2020-12, which 2025-11-25 and later assume by default), and must
    /// be an object schema (`server/tools.mdx` "Tool": `inputSchema` has `"type": "object"`).
    ///
    /// # Errors
    /// [`RegistrationError::InvalidToolName`] or [`RegistrationError::InvalidSchema`].
    pub fn typed<A, F, Fut>(name: &str, description: &str, handler: F) -> Result<Self, RegistrationError>
    where
        A: DeserializeOwned + JsonSchema + Send + 'static,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CallToolResult, Error>> + Send + 'static,
    {
        let mut tool = Tool::new(name, schema_of::<A>());
        tool.description = Some(description.to_owned());
        let handler = Arc::new(handler);
        Self::dynamic(tool, move |ctx, args| {
            let handler = handler.clone();
            async move {
                let args: A = serde_json::from_value(args)
                    .map_err(|e| Error::invalid_params(format!("invalid arguments: {e}")))?;
                handler(ctx, args).await
            }
        })
    }

    /// A tool with typed arguments `A` and typed output `O`: `outputSchema` is `O`'s JSON
    /// Schema, and the handler's value becomes `structuredContent`, mirrored as a JSON text
    /// block in `content` (`server/tools.mdx` "Structured Content": a tool returning
    /// structured content SHOULD also return it serialized in a text block).
    ///
    /// # Errors
    /// As [`ToolDefinition::typed`].
    pub fn typed_with_output<A, O, F, Fut>(
        name: &str,
        description: &str,
        handler: F,
    ) -> Result<Self, RegistrationError>
    where
        A: DeserializeOwned + JsonSchema + Send + 'static,
        O: Serialize + JsonSchema + 'static,
        F: Fn(Context, A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, Error>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let mut def = Self::typed::<A, _, _>(name, description, move |ctx, args| {
            let fut = handler(ctx, args);
            async move {
                let out = fut.await?;
                let value = serde_json::to_value(out).map_err(|e| Error::internal(e.to_string()))?;
                Ok(CallToolResult::structured(value))
            }
        })?;
        def.tool.output_schema = Some(schema_of::<O>());
        Ok(def)
    }

    /// A tool from a `Tool` description (name, JSON `inputSchema`, ...) and a handler that
    /// receives the validated arguments as a JSON object.
    ///
    /// # Errors
    /// [`RegistrationError::InvalidToolName`]; [`RegistrationError::InvalidSchema`] when
    /// `inputSchema` is not `"type": "object"` or does not compile.
    pub fn dynamic<F, Fut>(tool: Tool, handler: F) -> Result<Self, RegistrationError>
    where
        F: Fn(Context, Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<CallToolResult, Error>> + Send + 'static,
    {
        validate_tool_name(&tool.name)?;
        let invalid = |reason: String| RegistrationError::InvalidSchema { name: tool.name.clone(), reason };
        if tool.input_schema.get("type") != Some(&Value::from("object")) {
            return Err(invalid("inputSchema must have \"type\": \"object\"".into()));
        }
        let schema = Value::Object(tool.input_schema.clone());
        let validator = jsonschema::validator_for(&schema).map_err(|e| invalid(e.to_string()))?;
        let handler: ToolFn = Arc::new(move |ctx, args| Box::pin(handler(ctx, args)));
        Ok(ToolDefinition {
            tool,
            validator: Arc::new(validator),
            handler,
            task_creation: Default::default(),
        })
    }

    /// Builder: sets the display title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.tool.title = Some(title.into());
        self
    }

    /// The tool description as listed by `tools/list`.
    pub fn tool(&self) -> &Tool {
        &self.tool
    }

    /// Validates `arguments` (absent means `{}`) and runs the handler.
    pub(crate) async fn call(&self, ctx: Context, arguments: Option<Value>) -> Result<CallToolResult, Error> {
        let arguments = self.validate(arguments)?;
        self.run(ctx, arguments).await
    }

    /// Checks `arguments` (absent means `{}`) against `inputSchema`; returns them.
    pub(crate) fn validate(&self, arguments: Option<Value>) -> Result<Value, Error> {
        let arguments = arguments.unwrap_or_else(|| Value::Object(Map::new()));
        let messages: Vec<String> = self
            .validator
            .iter_errors(&arguments)
            .map(|e| {
                let path = e.instance_path().to_string();
                if path.is_empty() { e.to_string() } else { format!("{path}: {e}") }
            })
            .collect();
        if !messages.is_empty() {
            return Err(Error::invalid_params(format!(
                "invalid arguments for tool {}: {}",
                self.tool.name,
                messages.join("; ")
            )));
        }
        Ok(arguments)
    }

    /// Runs the handler on already validated `arguments` (a `'static` future, so a task can
    /// run it in the background).
    pub(crate) fn run(
        &self,
        ctx: Context,
        arguments: Value,
    ) -> BoxFuture<'static, Result<CallToolResult, Error>> {
        (self.handler)(ctx, arguments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_follow_the_spec() {
        for ok in ["getUser", "DATA_EXPORT_v2", "admin.tools.list", "a-b", &"x".repeat(128)] {
            assert!(validate_tool_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "has space", "comma,", "slash/x", "ünï", &"x".repeat(129)] {
            assert!(validate_tool_name(bad).is_err(), "{bad}");
        }
    }
}
