//! Logging: `logging/setLevel` (legacy) and `notifications/message`.
//!
//! 2026-07-28 `server/utilities/logging.mdx` (the level travels per request in
//! `_meta["io.modelcontextprotocol/logLevel"]`; `logging/setLevel` is gone); legacy revisions
//! set it once with `logging/setLevel`. Levels are the RFC 5424 syslog severities.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Meta;

/// Severity of a log message (`LoggingLevel`, RFC 5424 §6.2.1), ordered from least to most
/// severe: `debug < info < notice < warning < error < critical < alert < emergency`.
///
/// A client asking for level `L` receives messages with level `>= L`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoggingLevel {
    /// Detailed debugging information.
    Debug,
    /// General informational messages.
    Info,
    /// Normal but significant events.
    Notice,
    /// Warning conditions.
    Warning,
    /// Error conditions.
    Error,
    /// Critical conditions.
    Critical,
    /// Action must be taken immediately.
    Alert,
    /// The system is unusable.
    Emergency,
}

impl LoggingLevel {
    /// Every level, least severe first.
    pub const ALL: [LoggingLevel; 8] = [
        LoggingLevel::Debug,
        LoggingLevel::Info,
        LoggingLevel::Notice,
        LoggingLevel::Warning,
        LoggingLevel::Error,
        LoggingLevel::Critical,
        LoggingLevel::Alert,
        LoggingLevel::Emergency,
    ];

    /// The wire string.
    pub const fn as_str(self) -> &'static str {
        match self {
            LoggingLevel::Debug => "debug",
            LoggingLevel::Info => "info",
            LoggingLevel::Notice => "notice",
            LoggingLevel::Warning => "warning",
            LoggingLevel::Error => "error",
            LoggingLevel::Critical => "critical",
            LoggingLevel::Alert => "alert",
            LoggingLevel::Emergency => "emergency",
        }
    }
}

impl fmt::Display for LoggingLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parameters of `logging/setLevel` (`SetLevelRequestParams`; legacy revisions; answered with
/// `EmptyResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetLevelRequestParams {
    /// The lowest level the client wants to receive.
    pub level: LoggingLevel,
    /// Request metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Parameters of `notifications/message` (`LoggingMessageNotificationParams`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggingMessageNotificationParams {
    /// Severity.
    pub level: LoggingLevel,
    /// Name of the logger that issued the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logger: Option<String>,
    /// The message: any JSON value (a string, or an object with details). Must not hold
    /// secrets or personal data (`server/utilities/logging.mdx` "Security").
    pub data: Value,
    /// Notification metadata.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl LoggingMessageNotificationParams {
    /// A message at `level` with `data` and no logger name.
    pub fn new(level: LoggingLevel, data: impl Into<Value>) -> Self {
        LoggingMessageNotificationParams { level, logger: None, data: data.into(), meta: None }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{round_trip_examples, round_trip_members};

    #[test]
    fn levels_are_ordered_by_severity() {
        assert!(LoggingLevel::ALL.windows(2).all(|w| w[0] < w[1]));
        for level in LoggingLevel::ALL {
            let json = serde_json::to_value(level).unwrap();
            assert_eq!(json, json!(level.as_str()));
            assert_eq!(serde_json::from_value::<LoggingLevel>(json).unwrap(), level);
        }
        assert!(serde_json::from_value::<LoggingLevel>(json!("fatal")).is_err());
        assert!(LoggingLevel::Warning >= LoggingLevel::Info);
    }

    #[test]
    fn message_examples_round_trip() {
        let p: Vec<LoggingMessageNotificationParams> =
            round_trip_examples("LoggingMessageNotificationParams");
        assert_eq!(p[0].level, LoggingLevel::Error);
        assert_eq!(p[0].logger.as_deref(), Some("database"));
        let _: Vec<LoggingMessageNotificationParams> =
            round_trip_members("LoggingMessageNotification", "params");
        assert!(
            serde_json::from_value::<LoggingMessageNotificationParams>(json!({"level": "info"})).is_err()
        );
    }

    #[test]
    fn set_level() {
        let p: SetLevelRequestParams = serde_json::from_value(json!({"level": "notice"})).unwrap();
        assert_eq!(p.level, LoggingLevel::Notice);
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"level": "notice"}));
    }
}
