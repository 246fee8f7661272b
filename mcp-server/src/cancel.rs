//! A cancellation signal shared between the connection driver and a running handler.
//!
//! Set when the client cancels the request (`notifications/cancelled`,
//! `basic/utilities/cancellation.mdx`; on 2026-07-28 Streamable HTTP, by closing the response
//! stream) or when the connection closes. This is `tokio_util`'s token (`cancel`,
//! `is_cancelled`, `cancelled().await`, `child_token`), re-exported as
//! `mcp_server::CancellationToken`.

pub use tokio_util::sync::CancellationToken;
