//! Per-request options.

use std::sync::Arc;
use std::time::Duration;

use mcp_jsonrpc::schema::notifications::ProgressNotificationParams;

use crate::callbacks::ProgressCallback;

/// Options of one request.
///
/// - `timeout`: overrides the client's request timeout; when it passes the request is
///   cancelled (`notifications/cancelled` on stdio) and fails with
///   [`ClientError::Timeout`](crate::ClientError::Timeout) (2025-11-25 `basic/lifecycle.mdx`
///   "Timeouts"). `None` keeps the client default.
/// - `progress`: a callback for `notifications/progress`; when set the request carries a
///   fresh `_meta.progressToken` (2026-07-28 `basic/patterns/progress.mdx`).
/// - `bypass_cache`: fetch from the server even when a cached result is fresh.
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// Timeout of this request (`None`: the client default).
    pub timeout: Option<Duration>,
    /// Progress callback.
    pub progress: Option<ProgressCallback>,
    /// Skip the cache lookup (the result may still be stored).
    pub bypass_cache: bool,
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("progress", &self.progress.is_some())
            .field("bypass_cache", &self.bypass_cache)
            .finish()
    }
}

impl RequestOptions {
    /// Default options.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sets the timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the progress callback.
    pub fn on_progress(mut self, f: impl Fn(ProgressNotificationParams) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Skips the cache lookup.
    pub fn bypass_cache(mut self) -> Self {
        self.bypass_cache = true;
        self
    }
}
