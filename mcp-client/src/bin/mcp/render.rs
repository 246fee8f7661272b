//! Human-readable output: tables of tools, resources, templates and prompts, and the text of
//! tool results, resource contents and prompt messages.
//!
//! Tables have a header row and one row per item, columns separated by two spaces; every
//! cell is one line (whitespace runs collapsed) and is cut with `…` so that no line is wider
//! than the terminal (or [`DEFAULT_WIDTH`] columns when stdout is not a terminal). Widths
//! count characters.

use std::io::IsTerminal;

use mcp_jsonrpc::schema::content::{ContentBlock, ResourceContents};
use mcp_jsonrpc::schema::prompts::{GetPromptResult, Prompt};
use mcp_jsonrpc::schema::resources::{ReadResourceResult, Resource, ResourceTemplate};
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use serde_json::Value;

/// The table width when stdout is not a terminal.
pub(crate) const DEFAULT_WIDTH: usize = 100;
const GAP: &str = "  ";

/// The width tables are cut to: the terminal's columns, else [`DEFAULT_WIDTH`].
pub(crate) fn output_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Some((_rows, cols)) = console::Term::stdout().size_checked()
        && cols > 0
    {
        return usize::from(cols);
    }
    DEFAULT_WIDTH
}

/// One line: whitespace runs (newlines included) become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to `width` characters, the last one `…` when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

/// A table: headers and rows of cells.
pub(crate) struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(headers: Vec<&'static str>) -> Table {
        Table { headers, rows: Vec::new() }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.iter().map(|c| one_line(c)).collect());
    }

    /// The table as lines of at most `width` characters (when every column can keep 10).
    /// Columns take their natural width; when the table is too wide, space is taken first
    /// from the last column (the description) down to 16 characters, then from the middle
    /// columns (widest first) down to 10, then from the first column (the name or URI)
    /// down to 10; the last column gets what is left.
    pub(crate) fn render(&self, width: usize) -> String {
        const MIN: usize = 10;
        const MIN_LAST: usize = 16;
        let columns = self.headers.len();
        let natural: Vec<usize> = (0..columns)
            .map(|i| {
                let cells = self.rows.iter().map(|r| r[i].chars().count());
                cells.chain([self.headers[i].len()]).max().unwrap_or(0)
            })
            .collect();
        let last = columns - 1;
        let gaps = GAP.len() * last;
        let mut widths = natural.clone();
        widths[last] = natural[last].min(MIN_LAST);
        let order: Vec<usize> = (1..last).chain([0]).filter(|i| *i < last).collect();
        for group in [&order[..order.len().saturating_sub(1)], &order[order.len().saturating_sub(1)..]] {
            while widths.iter().sum::<usize>() + gaps > width {
                let Some(widest) =
                    group.iter().copied().filter(|i| widths[*i] > MIN).max_by_key(|i| widths[*i])
                else {
                    break;
                };
                widths[widest] -= 1;
            }
        }
        let others: usize = widths[..last].iter().sum();
        widths[last] = natural[last].min(width.saturating_sub(others + gaps).max(widths[last]));
        let line = |cells: Vec<&str>| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, w))| {
                    let cut = truncate(cell, *w);
                    if i + 1 == columns { cut } else { format!("{cut:<w$}", w = *w) }
                })
                .collect();
            parts.join(GAP).trim_end().to_owned()
        };
        let mut out = line(self.headers.clone());
        for row in &self.rows {
            out.push('\n');
            out.push_str(&line(row.iter().map(String::as_str).collect()));
        }
        out
    }
}

fn or_empty(text: &Option<String>) -> String {
    text.clone().unwrap_or_default()
}

/// `NAME  TITLE  DESCRIPTION` (the title column only when some tool has one).
pub(crate) fn tools_table(tools: &[Tool]) -> Table {
    let titled =
        tools.iter().any(|t| t.title.is_some() || t.annotations.as_ref().is_some_and(|a| a.title.is_some()));
    let mut table =
        Table::new(if titled { vec!["NAME", "TITLE", "DESCRIPTION"] } else { vec!["NAME", "DESCRIPTION"] });
    for tool in tools {
        let title = tool.title.clone().or_else(|| tool.annotations.as_ref().and_then(|a| a.title.clone()));
        let mut row = vec![tool.name.clone()];
        if titled {
            row.push(title.unwrap_or_default());
        }
        row.push(or_empty(&tool.description));
        table.row(row);
    }
    table
}

/// `URI  NAME  MIME TYPE  DESCRIPTION`.
pub(crate) fn resources_table(resources: &[Resource]) -> Table {
    let mut table = Table::new(vec!["URI", "NAME", "MIME TYPE", "DESCRIPTION"]);
    for r in resources {
        let name = r.title.clone().map_or_else(|| r.name.clone(), |t| format!("{} ({t})", r.name));
        table.row(vec![r.uri.clone(), name, or_empty(&r.mime_type), or_empty(&r.description)]);
    }
    table
}

/// `URI TEMPLATE  NAME  MIME TYPE  DESCRIPTION`.
pub(crate) fn templates_table(templates: &[ResourceTemplate]) -> Table {
    let mut table = Table::new(vec!["URI TEMPLATE", "NAME", "MIME TYPE", "DESCRIPTION"]);
    for t in templates {
        table.row(vec![
            t.uri_template.clone(),
            t.name.clone(),
            or_empty(&t.mime_type),
            or_empty(&t.description),
        ]);
    }
    table
}

/// `NAME  ARGUMENTS  DESCRIPTION`; required arguments carry a `*`.
pub(crate) fn prompts_table(prompts: &[Prompt]) -> Table {
    let mut table = Table::new(vec!["NAME", "ARGUMENTS", "DESCRIPTION"]);
    for p in prompts {
        let arguments: Vec<String> = p
            .arguments
            .iter()
            .flatten()
            .map(|a| if a.required == Some(true) { format!("{}*", a.name) } else { a.name.clone() })
            .collect();
        let description = p.description.clone().or_else(|| p.title.clone()).unwrap_or_default();
        table.row(vec![p.name.clone(), arguments.join(", "), description]);
    }
    table
}

/// The decoded size of base64 `data`, in bytes.
fn base64_len(data: &str) -> usize {
    let symbols = data.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').count();
    symbols * 3 / 4
}

fn resource_contents(contents: &ResourceContents) -> String {
    match contents {
        ResourceContents::Text(t) => t.text.clone(),
        ResourceContents::Blob(b) => format!(
            "[blob: {}, {}, {} bytes]",
            b.uri,
            b.mime_type.as_deref().unwrap_or("application/octet-stream"),
            base64_len(&b.blob)
        ),
    }
}

/// One content block as text: text verbatim, other kinds as a bracketed description
/// (`[image: image/png, 68 bytes]`); an embedded text resource is a header line and its
/// text.
pub(crate) fn content_block(block: &ContentBlock) -> String {
    match block {
        ContentBlock::Text(t) => t.text.clone(),
        ContentBlock::Image(i) => format!("[image: {}, {} bytes]", i.mime_type, base64_len(&i.data)),
        ContentBlock::Audio(a) => format!("[audio: {}, {} bytes]", a.mime_type, base64_len(&a.data)),
        ContentBlock::ResourceLink(link) => {
            let mut text = format!("[resource link: {} ({})", link.uri, link.name);
            if let Some(mime) = &link.mime_type {
                text.push_str(&format!(", {mime}"));
            }
            text.push(']');
            if let Some(description) = &link.description {
                text.push_str(&format!(" {description}"));
            }
            text
        }
        ContentBlock::Resource(embedded) => match &embedded.resource {
            ResourceContents::Text(t) => {
                let mime = t.mime_type.as_deref().map(|m| format!(", {m}")).unwrap_or_default();
                format!("[resource: {}{mime}]\n{}", t.uri, t.text)
            }
            blob => resource_contents(blob),
        },
    }
}

/// A tool result: its content blocks one after another; the structured content
/// (pretty JSON) when there are no blocks.
pub(crate) fn tool_result(result: &CallToolResult) -> String {
    let mut parts: Vec<String> = result.content.iter().map(content_block).collect();
    if parts.is_empty()
        && let Some(structured) = &result.structured_content
    {
        parts.push(serde_json::to_string_pretty(structured).unwrap_or_else(|_| structured.to_string()));
    }
    parts.join("\n")
}

/// Resource contents: one text verbatim; several each under a `[uri (mime)]` header.
pub(crate) fn read_result(result: &ReadResourceResult) -> String {
    if let [only] = result.contents.as_slice() {
        return resource_contents(only);
    }
    let parts: Vec<String> = result
        .contents
        .iter()
        .map(|c| {
            let mime = c.mime_type().map(|m| format!(" ({m})")).unwrap_or_default();
            format!("[{}{mime}]\n{}", c.uri(), resource_contents(c))
        })
        .collect();
    parts.join("\n")
}

/// A prompt: `description: ...`, then `role: content` per message.
pub(crate) fn prompt_result(result: &GetPromptResult) -> String {
    let mut lines = Vec::new();
    if let Some(description) = &result.description {
        lines.push(format!("description: {description}"));
    }
    for message in &result.messages {
        let role = serde_json::to_value(message.role).ok();
        let role = role.as_ref().and_then(Value::as_str).unwrap_or("?").to_owned();
        lines.push(format!("{role}: {}", content_block(&message.content)));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use mcp_jsonrpc::schema::common::JsonObject;

    use super::*;

    #[test]
    fn cells_are_cut_to_the_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        let mut tool = Tool::new("long", JsonObject::new());
        tool.description = Some("word ".repeat(50));
        let table = tools_table(&[tool, Tool::new("x", JsonObject::new())]).render(60);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{table}");
        assert!(lines[1].starts_with("long  word word") && lines[1].ends_with('…'), "{table}");
        assert_eq!(lines[2], "x");
    }

    #[test]
    fn blocks_read_as_text() {
        assert_eq!(content_block(&ContentBlock::image("AAAA", "image/png")), "[image: image/png, 3 bytes]");
        let embedded = ContentBlock::embedded(ResourceContents::text("test://a", "hello"));
        assert_eq!(content_block(&embedded), "[resource: test://a]\nhello");
        let link = ContentBlock::resource_link("test://b", "b");
        assert_eq!(content_block(&link), "[resource link: test://b (b)]");
    }
}
