//! `--arg KEY=VALUE` and `--args-json JSON`: tool arguments (a JSON object, 2026-07-28
//! `server/tools.mdx` "Calling Tools") and prompt arguments (strings, `server/prompts.mdx`
//! "Getting a Prompt").

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Splits `KEY=VALUE` at the first `=`.
fn split(pair: &str) -> Result<(&str, &str), String> {
    match pair.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key, value)),
        _ => Err(format!("--arg {pair:?}: expected KEY=VALUE")),
    }
}

/// Tool arguments: `--args-json` (must be an object) with each `--arg` applied on top. A
/// value that parses as JSON is used as that JSON value (`3`, `true`, `null`, `[1]`,
/// `{"a":1}`, `"quoted"`); anything else is a string.
///
/// # Errors
/// A message for a pair without `=` or an empty key, or `--args-json` that is not a JSON
/// object.
pub(crate) fn tool_arguments(pairs: &[String], json: Option<&str>) -> Result<Map<String, Value>, String> {
    let mut arguments = match json {
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(other) => return Err(format!("--args-json must be a JSON object, not {other}")),
            Err(e) => return Err(format!("--args-json is not valid JSON: {e}")),
        },
        None => Map::new(),
    };
    for pair in pairs {
        let (key, raw) = split(pair)?;
        let value = serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
        arguments.insert(key.to_owned(), value);
    }
    Ok(arguments)
}

/// Prompt arguments: each `--arg` as a string, verbatim (no JSON parsing).
///
/// # Errors
/// A message for a pair without `=` or an empty key.
pub(crate) fn prompt_arguments(pairs: &[String]) -> Result<BTreeMap<String, String>, String> {
    pairs.iter().map(|pair| split(pair).map(|(k, v)| (k.to_owned(), v.to_owned()))).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pairs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn values_are_json_when_they_parse() {
        let args = tool_arguments(
            &pairs(&["n=3", "f=2.5", "b=true", "s=hello world", "q=\"7\"", "l=[1,2]", "e=", "eq=a=b"]),
            None,
        )
        .unwrap();
        assert_eq!(
            Value::Object(args),
            json!({"n": 3, "f": 2.5, "b": true, "s": "hello world", "q": "7", "l": [1, 2], "e": "", "eq": "a=b"})
        );
    }

    #[test]
    fn args_apply_on_top_of_args_json() {
        let args = tool_arguments(&pairs(&["a=2"]), Some(r#"{"a": 1, "b": {"c": true}}"#)).unwrap();
        assert_eq!(Value::Object(args), json!({"a": 2, "b": {"c": true}}));
    }

    #[test]
    fn malformed_input_is_rejected() {
        assert!(tool_arguments(&pairs(&["novalue"]), None).unwrap_err().contains("KEY=VALUE"));
        assert!(tool_arguments(&pairs(&["=x"]), None).is_err());
        assert!(tool_arguments(&[], Some("[1]")).unwrap_err().contains("JSON object"));
        assert!(tool_arguments(&[], Some("{")).unwrap_err().contains("not valid JSON"));
    }

    #[test]
    fn prompt_arguments_stay_strings() {
        let args = prompt_arguments(&pairs(&["n=3", "city=New York"])).unwrap();
        assert_eq!(args["n"], "3");
        assert_eq!(args["city"], "New York");
        assert!(prompt_arguments(&pairs(&["x"])).is_err());
    }
}
