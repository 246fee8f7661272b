//! Argument completion (`server/utilities/completion.mdx`).
//!
//! One handler answers `completion/complete` for every prompt argument and template variable;
//! registering it declares the `completions` capability.

use std::future::Future;
use std::sync::Arc;

use mcp_jsonrpc::schema::completion::{CompleteRequestParams, CompleteResult};

use crate::context::Context;
use crate::error::Error;
use crate::peer::BoxFuture;

pub(crate) type CompleteFn = Arc<
    dyn Fn(Context, CompleteRequestParams) -> BoxFuture<'static, Result<CompleteResult, Error>> + Send + Sync,
>;

/// Boxes a completion handler.
pub(crate) fn boxed<F, Fut>(handler: F) -> CompleteFn
where
    F: Fn(Context, CompleteRequestParams) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<CompleteResult, Error>> + Send + 'static,
{
    Arc::new(move |ctx, params| Box::pin(handler(ctx, params)))
}
