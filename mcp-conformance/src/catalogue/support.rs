//! Small helpers shared by the per-cell scenarios: comparisons that explain themselves,
//! JSON views of typed results, and a notification collector.

use std::fmt::Debug;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use mcp_client::{ClientError, ServerNotification};
use mcp_jsonrpc::schema::common::JsonObject;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc;

/// How long a scenario waits for one expected notification.
pub(crate) const NOTIFICATION_WAIT: Duration = Duration::from_secs(5);

/// Wraps an `async fn(Env) -> Result<(), String>` as a [`Check::PerCell`](crate::scenario::Check).
macro_rules! per_cell {
    ($f:path) => {
        $crate::scenario::Check::PerCell(|env| -> $crate::scenario::CheckFuture { Box::pin($f(env)) })
    };
}
pub(crate) use per_cell;

/// `Ok` when `got == want`, else an error naming `what` and both values.
pub(crate) fn expect_eq<T: PartialEq + Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want { Ok(()) } else { Err(format!("{what}: got {got:?}, expected {want:?}")) }
}

/// `Ok` when `condition` holds, else `message()`.
pub(crate) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(message()) }
}

/// Checks a listing against the fixture's core set: every `expected` name is listed, in that
/// relative order, and no name is listed twice. (The fixture may offer more than the core set:
/// the official suite's newer scenarios add tools and prompts.)
pub(crate) fn lists_in_order(what: &str, listed: &[&str], expected: &[&str]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = listed.iter().find(|n| !seen.insert(**n)) {
        return Err(format!("{what}: {dup:?} is listed twice"));
    }
    let mut rest = listed.iter();
    for name in expected {
        if !rest.any(|n| n == name) {
            return Err(format!("{what}: {name:?} missing or out of order in {listed:?}"));
        }
    }
    Ok(())
}

/// A typed value as JSON (`Null` if it does not serialize, which no schema type does).
pub(crate) fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Tool arguments from a JSON object literal.
pub(crate) fn args(value: Value) -> Option<JsonObject> {
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A client call's value, with a failure naming `what`.
pub(crate) fn ok<T>(what: &str, result: Result<T, ClientError>) -> Result<T, String> {
    result.map_err(|e| format!("{what}: {e}"))
}

/// The JSON-RPC error code of a call that must fail with a server error.
pub(crate) fn rpc_error<T: Debug>(
    what: &str,
    result: Result<T, ClientError>,
) -> Result<(i64, String), String> {
    match result {
        Err(ClientError::Rpc(e)) => Ok((e.code.0, e.message)),
        Err(other) => Err(format!("{what}: expected a JSON-RPC error, got {other}")),
        Ok(v) => Err(format!("{what}: expected a JSON-RPC error, got a result {v:?}")),
    }
}

/// Expects `result` to be the JSON-RPC error `code`.
pub(crate) fn expect_code<T: Debug>(
    what: &str,
    result: Result<T, ClientError>,
    code: i64,
) -> Result<String, String> {
    let (got, message) = rpc_error(what, result)?;
    expect_eq(&format!("{what}: error code"), got, code)?;
    Ok(message)
}

/// Decodes base64 `data` (a content block's `data` or a resource's `blob`).
pub(crate) fn base64(what: &str, data: &Value) -> Result<Vec<u8>, String> {
    let text = data.as_str().ok_or_else(|| format!("{what}: not a string: {data}"))?;
    BASE64.decode(text).map_err(|e| format!("{what}: invalid base64: {e}"))
}

/// The `text` of every content block of a tool result (as JSON), in order; non-text blocks
/// give their `type` in brackets.
pub(crate) fn texts(content: &Value) -> Vec<String> {
    content
        .as_array()
        .map(|blocks| {
            blocks
                .iter()
                .map(|b| match b["text"].as_str() {
                    Some(t) => t.to_owned(),
                    None => format!("[{}]", b["type"].as_str().unwrap_or("?")),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Collects the notifications a client's `on_notification` callback receives.
pub(crate) struct Notifications {
    rx: mpsc::UnboundedReceiver<ServerNotification>,
}

/// A callback for [`ClientBuilder::on_notification`](mcp_client::ClientBuilder::on_notification)
/// and the collector it feeds.
pub(crate) fn notifications() -> (impl Fn(ServerNotification) + Send + Sync + 'static, Notifications) {
    let (tx, rx) = mpsc::unbounded_channel();
    (move |n| drop(tx.send(n)), Notifications { rx })
}

impl Notifications {
    /// The next notification, waiting up to [`NOTIFICATION_WAIT`].
    pub(crate) async fn next(&mut self, what: &str) -> Result<ServerNotification, String> {
        match tokio::time::timeout(NOTIFICATION_WAIT, self.rx.recv()).await {
            Ok(Some(n)) => Ok(n),
            Ok(None) => Err(format!("{what}: the client stopped delivering notifications")),
            Err(_) => Err(format!("{what}: no notification within {} s", NOTIFICATION_WAIT.as_secs())),
        }
    }

    /// Every notification already delivered, without waiting.
    pub(crate) fn drain(&mut self) -> Vec<ServerNotification> {
        let mut all = Vec::new();
        while let Ok(n) = self.rx.try_recv() {
            all.push(n);
        }
        all
    }
}
