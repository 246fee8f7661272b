//! Auto-pagination (2026-07-28 `server/utilities/pagination.mdx`).
//!
//! The list methods return one page and an opaque `nextCursor`; the helpers here follow the
//! cursors until a page has none. A cursor is opaque and an empty string is a valid cursor
//! (not the end). A server that hands out a cursor twice would loop forever, so a repeated
//! cursor is an error ([`ClientError::PaginationLoop`]).

use std::collections::HashSet;
use std::future::Future;

use mcp_jsonrpc::schema::prompts::Prompt;
use mcp_jsonrpc::schema::resources::{Resource, ResourceTemplate};
use mcp_jsonrpc::schema::tools::Tool;

use crate::client::Client;
use crate::error::{ClientError, Result};

/// Follows `nextCursor` from the first page: `page(cursor)` returns `(items, next_cursor)`.
///
/// # Errors
/// The first failing page's error, or [`ClientError::PaginationLoop`].
pub async fn collect_pages<T, F, Fut>(mut page: F) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>)>>,
{
    let mut all = Vec::new();
    let mut seen = HashSet::new();
    let mut cursor = None;
    loop {
        let (items, next) = page(cursor.take()).await?;
        all.extend(items);
        match next {
            None => return Ok(all),
            Some(next) if !seen.insert(next.clone()) => return Err(ClientError::PaginationLoop(next)),
            Some(next) => cursor = Some(next),
        }
    }
}

impl Client {
    /// Every tool, following `tools/list` cursors.
    ///
    /// # Errors
    /// As [`collect_pages`].
    pub async fn list_all_tools(&self) -> Result<Vec<Tool>> {
        collect_pages(|c| async move {
            let page = self.list_tools(c.as_deref()).await?;
            Ok((page.tools, page.next_cursor))
        })
        .await
    }

    /// Every resource, following `resources/list` cursors.
    ///
    /// # Errors
    /// As [`collect_pages`].
    pub async fn list_all_resources(&self) -> Result<Vec<Resource>> {
        collect_pages(|c| async move {
            let page = self.list_resources(c.as_deref()).await?;
            Ok((page.resources, page.next_cursor))
        })
        .await
    }

    /// Every resource template, following `resources/templates/list` cursors.
    ///
    /// # Errors
    /// As [`collect_pages`].
    pub async fn list_all_resource_templates(&self) -> Result<Vec<ResourceTemplate>> {
        collect_pages(|c| async move {
            let page = self.list_resource_templates(c.as_deref()).await?;
            Ok((page.resource_templates, page.next_cursor))
        })
        .await
    }

    /// Every prompt, following `prompts/list` cursors.
    ///
    /// # Errors
    /// As [`collect_pages`].
    pub async fn list_all_prompts(&self) -> Result<Vec<Prompt>> {
        collect_pages(|c| async move {
            let page = self.list_prompts(c.as_deref()).await?;
            Ok((page.prompts, page.next_cursor))
        })
        .await
    }
}
