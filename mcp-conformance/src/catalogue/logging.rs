//! Logging: legacy `logging/setLevel` and the 2026-07-28 per-request
//! `_meta.io.modelcontextprotocol/logLevel` (`server/utilities/logging.mdx`).

use mcp_client::{Client, ServerNotification};
use mcp_jsonrpc::schema::logging::LoggingLevel;
use mcp_jsonrpc::schema::methods;
use serde_json::{Value, json};

use super::support::{Notifications, expect_eq, json, notifications, ok, per_cell, texts};
use crate::fixture::LOG_MESSAGES;
use crate::scenario::revisions::{LEGACY, MODERN};
use crate::scenario::{Applies, Env, Scenario};

/// The logging scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "logging/set-level",
        spec: "2025-11-25 server/utilities/logging.mdx#setting-log-level, #log-message-notifications",
        applies: Applies::fixture(LEGACY),
        check: per_cell!(set_level),
    },
    Scenario {
        name: "logging/per-request-level",
        spec: "2026-07-28 server/utilities/logging.mdx; basic/index.mdx#_meta (logLevel)",
        applies: Applies::fixture(MODERN),
        check: per_cell!(per_request_level),
    },
];

/// Calls `test_tool_with_logging` and returns the log notifications that arrived with it,
/// as `(level, data)`; any other notification is an error.
async fn logged(client: &Client, seen: &mut Notifications) -> Result<Vec<(String, Value)>, String> {
    let result = ok("test_tool_with_logging", client.call_tool("test_tool_with_logging", None).await)?;
    expect_eq(
        "result",
        texts(&json(&result)["content"]),
        vec!["Tool with logging executed successfully".to_owned()],
    )?;
    // Notifications precede the response on the ordered stream, so they are all here now.
    seen.drain()
        .into_iter()
        .map(|n| match n {
            ServerNotification::LogMessage(m) => {
                Ok((json(&m.level).as_str().unwrap_or_default().to_owned(), m.data))
            }
            other => Err(format!("unexpected notification {other:?}")),
        })
        .collect()
}

fn three_infos() -> Vec<(String, Value)> {
    LOG_MESSAGES.iter().map(|m| ("info".to_owned(), json!(m))).collect()
}

/// After `logging/setLevel info` the tool's three `info` messages arrive in order; after
/// `logging/setLevel warning` none does.
async fn set_level(env: Env) -> Result<(), String> {
    let (callback, mut seen) = notifications();
    let conn = env.connect(env.client().on_notification(callback)).await?;
    ok("logging/setLevel info", conn.client.set_log_level(Some(LoggingLevel::Info)).await)?;
    expect_eq("messages at info", logged(&conn.client, &mut seen).await?, three_infos())?;
    ok("logging/setLevel warning", conn.client.set_log_level(Some(LoggingLevel::Warning)).await)?;
    expect_eq("messages at warning", logged(&conn.client, &mut seen).await?, Vec::new())?;
    expect_eq("setLevel requests", env.recorder().sent_requests(methods::LOGGING_SET_LEVEL), 2)?;
    conn.close().await
}

/// Without a per-request level no log message is sent; with `info` the three arrive in
/// order; with `error` none; and no `logging/setLevel` request exists in this era.
async fn per_request_level(env: Env) -> Result<(), String> {
    let (callback, mut seen) = notifications();
    let conn = env.connect(env.client().on_notification(callback)).await?;
    expect_eq("messages without a level", logged(&conn.client, &mut seen).await?, Vec::new())?;
    ok("set level info", conn.client.set_log_level(Some(LoggingLevel::Info)).await)?;
    expect_eq("messages at info", logged(&conn.client, &mut seen).await?, three_infos())?;
    ok("set level error", conn.client.set_log_level(Some(LoggingLevel::Error)).await)?;
    expect_eq("messages at error", logged(&conn.client, &mut seen).await?, Vec::new())?;
    expect_eq("setLevel requests", env.recorder().sent_requests(methods::LOGGING_SET_LEVEL), 0)?;
    conn.close().await
}
