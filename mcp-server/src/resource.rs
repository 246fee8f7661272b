//! Resources (`server/resources.mdx`): direct resources and RFC 6570 resource templates.
//!
//! `resources/read` looks the URI up among direct resources first, then tries each template
//! in registration order ([`UriTemplate::match_uri`]); the handler receives the URI and, for
//! a template, the matched variables. An unknown URI is `-32602` in 2026-07-28 and `-32002`
//! in the legacy revisions ("Error Handling").

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use mcp_jsonrpc::schema::content::ResourceContents;
use mcp_jsonrpc::schema::resources::{Resource, ResourceTemplate};

use crate::context::Context;
use crate::error::{Error, RegistrationError};
use crate::peer::BoxFuture;
use crate::uri_template::UriTemplate;

/// The variables a template matched, by name (percent-decoded).
pub type TemplateVariables = HashMap<String, String>;

type ReadFn = Arc<
    dyn Fn(Context, String, TemplateVariables) -> BoxFuture<'static, Result<Vec<ResourceContents>, Error>>
        + Send
        + Sync,
>;

fn boxed<F, Fut>(handler: F) -> ReadFn
where
    F: Fn(Context, String, TemplateVariables) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Vec<ResourceContents>, Error>> + Send + 'static,
{
    Arc::new(move |ctx, uri, vars| Box::pin(handler(ctx, uri, vars)))
}

/// A direct resource: its `Resource` description and a read handler.
#[derive(Clone)]
pub struct ResourceDefinition {
    pub(crate) resource: Resource,
    pub(crate) handler: ReadFn,
}

impl ResourceDefinition {
    /// A resource described by `resource`, read by `handler(ctx, uri)`.
    pub fn new<F, Fut>(resource: Resource, handler: F) -> Self
    where
        F: Fn(Context, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<ResourceContents>, Error>> + Send + 'static,
    {
        ResourceDefinition { resource, handler: boxed(move |ctx, uri, _| handler(ctx, uri)) }
    }
}

/// A resource template: its `ResourceTemplate` description, the parsed template and a read
/// handler that receives the matched variables.
#[derive(Clone)]
pub struct ResourceTemplateDefinition {
    pub(crate) template: ResourceTemplate,
    pub(crate) parsed: UriTemplate,
    pub(crate) handler: ReadFn,
}

impl ResourceTemplateDefinition {
    /// A template described by `template` (its `uriTemplate` must be RFC 6570 level 1 or 2),
    /// read by `handler(ctx, uri, variables)`.
    ///
    /// # Errors
    /// [`RegistrationError::InvalidUriTemplate`].
    pub fn new<F, Fut>(template: ResourceTemplate, handler: F) -> Result<Self, RegistrationError>
    where
        F: Fn(Context, String, TemplateVariables) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<ResourceContents>, Error>> + Send + 'static,
    {
        let parsed = UriTemplate::parse(&template.uri_template)?;
        Ok(ResourceTemplateDefinition { template, parsed, handler: boxed(handler) })
    }
}

/// Resolves `uri` to a handler and its variables.
pub(crate) fn resolve<'a>(
    resources: &'a [ResourceDefinition],
    templates: &'a [ResourceTemplateDefinition],
    uri: &str,
) -> Option<(ReadFn, TemplateVariables)> {
    if let Some(r) = resources.iter().find(|r| r.resource.uri == uri) {
        return Some((r.handler.clone(), TemplateVariables::new()));
    }
    templates.iter().find_map(|t| t.parsed.match_uri(uri).map(|vars| (t.handler.clone(), vars)))
}
