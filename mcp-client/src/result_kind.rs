//! Reading `resultType` (2026-07-28 `basic/index.mdx` "Responses").
//!
//! Every 2026-07-28 result carries `resultType`: `"complete"`, `"input_required"`, or a value
//! an extension adds (the tasks extension adds `"task"`). A client treats an absent
//! `resultType` as `"complete"` (what a legacy server sends) and an unrecognised value as
//! invalid.

use serde_json::Value;

use crate::error::{ClientError, Result};

/// The kind of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// `"complete"` or absent: the final result.
    Complete,
    /// `"input_required"`: an `InputRequiredResult` (`basic/patterns/mrtr.mdx`).
    InputRequired,
    /// `"task"`: a `CreateTaskResult` of the tasks extension (`io.modelcontextprotocol/tasks`).
    Task,
}

/// Classifies `result` by its `resultType`.
///
/// # Errors
/// [`ClientError::UnknownResultType`] for any other value (a non-string counts as unknown).
pub fn classify(result: &Value) -> Result<ResultKind> {
    match result.get("resultType") {
        None | Some(Value::Null) => Ok(ResultKind::Complete),
        Some(Value::String(s)) => match s.as_str() {
            "complete" => Ok(ResultKind::Complete),
            "input_required" => Ok(ResultKind::InputRequired),
            "task" => Ok(ResultKind::Task),
            other => Err(ClientError::UnknownResultType(other.to_owned())),
        },
        Some(other) => Err(ClientError::UnknownResultType(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify(&json!({})).unwrap(), ResultKind::Complete);
        assert_eq!(classify(&json!({"resultType": "complete"})).unwrap(), ResultKind::Complete);
        assert_eq!(classify(&json!({"resultType": "input_required"})).unwrap(), ResultKind::InputRequired);
        assert_eq!(classify(&json!({"resultType": "task"})).unwrap(), ResultKind::Task);
        assert!(matches!(classify(&json!({"resultType": "later"})), Err(ClientError::UnknownResultType(_))));
        assert!(classify(&json!({"resultType": 3})).is_err());
    }
}
