//! Cursor-based pagination of list results (`server/utilities/pagination.mdx`).
//!
//! A cursor is an opaque string (base64url of a versioned offset); clients MUST NOT parse it.
//! A cursor this server did not issue, or one past the end of the list, is an invalid cursor:
//! `-32602` Invalid params ("Error Handling": invalid cursors SHOULD result in -32602).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mcp_jsonrpc::ErrorObject;

const PREFIX: &str = "mcp-rs-page-v1:";

/// Encodes the cursor for the page starting at `offset`.
pub(crate) fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{offset}"))
}

/// Decodes a cursor into an offset no greater than `len`.
fn decode_cursor(cursor: &str, len: usize) -> Result<usize, ErrorObject> {
    let invalid = || ErrorObject::invalid_params(format!("invalid cursor {cursor:?}"));
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let offset: usize = text.strip_prefix(PREFIX).and_then(|n| n.parse().ok()).ok_or_else(invalid)?;
    if offset > len {
        return Err(invalid());
    }
    Ok(offset)
}

/// One page of `items` starting at `cursor` (the first page when `None`), of at most
/// `page_size` items (at least 1), and the cursor of the next page when there is one.
///
/// # Errors
/// `-32602` for an invalid cursor.
pub(crate) fn paginate<T: Clone>(
    items: &[T],
    cursor: Option<&str>,
    page_size: usize,
) -> Result<(Vec<T>, Option<String>), ErrorObject> {
    let start = match cursor {
        Some(c) => decode_cursor(c, items.len())?,
        None => 0,
    };
    let end = start.saturating_add(page_size.max(1)).min(items.len());
    let next = (end < items.len()).then(|| encode_cursor(end));
    Ok((items[start..end].to_vec(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_all_pages_and_rejects_foreign_cursors() {
        let items: Vec<u32> = (0..7).collect();
        let mut cursor = None;
        let mut seen = Vec::new();
        loop {
            let (page, next) = paginate(&items, cursor.as_deref(), 3).unwrap();
            assert!(page.len() <= 3);
            seen.extend(page);
            match next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, items);
        for bad in ["", "!!", "bm9wZQ", &encode_cursor(8)] {
            assert_eq!(paginate(&items, Some(bad), 3).unwrap_err().code.0, -32602, "{bad}");
        }
    }
}
