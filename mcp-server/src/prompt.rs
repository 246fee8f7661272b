//! Prompts (`server/prompts.mdx`): descriptions with arguments, and handlers.
//!
//! `prompts/get` checks that every argument marked `required` is present before the handler
//! runs; a missing one is `-32602` Invalid params ("Error Handling": missing required
//! arguments).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt, PromptArgument};

use crate::context::Context;
use crate::error::Error;
use crate::peer::BoxFuture;

/// Prompt arguments by name (`GetPromptRequestParams.arguments`: string values).
pub type PromptArguments = BTreeMap<String, String>;

type GetFn =
    Arc<dyn Fn(Context, PromptArguments) -> BoxFuture<'static, Result<GetPromptResult, Error>> + Send + Sync>;

/// A prompt: its `Prompt` description and a handler.
#[derive(Clone)]
pub struct PromptDefinition {
    pub(crate) prompt: Prompt,
    handler: GetFn,
}

impl PromptDefinition {
    /// A prompt described by `prompt`, produced by `handler(ctx, arguments)`.
    pub fn new<F, Fut>(prompt: Prompt, handler: F) -> Self
    where
        F: Fn(Context, PromptArguments) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<GetPromptResult, Error>> + Send + 'static,
    {
        PromptDefinition { prompt, handler: Arc::new(move |ctx, args| Box::pin(handler(ctx, args))) }
    }

    /// Builder: adds an argument.
    pub fn argument(mut self, name: &str, description: &str, required: bool) -> Self {
        self.prompt.arguments.get_or_insert_with(Vec::new).push(PromptArgument {
            name: name.to_owned(),
            description: Some(description.to_owned()),
            required: Some(required),
            ..PromptArgument::default()
        });
        self
    }

    /// Checks required arguments, then runs the handler.
    pub(crate) async fn get(
        &self,
        ctx: Context,
        arguments: PromptArguments,
    ) -> Result<GetPromptResult, Error> {
        let missing: Vec<&str> = self
            .prompt
            .arguments
            .iter()
            .flatten()
            .filter(|a| a.required == Some(true) && !arguments.contains_key(&a.name))
            .map(|a| a.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(Error::invalid_params(format!(
                "prompt {} is missing required arguments: {}",
                self.prompt.name,
                missing.join(", ")
            )));
        }
        (self.handler)(ctx, arguments).await
    }
}
