//! Schema defaults for accepted form elicitations.
//!
//! 2025-11-25 `client/elicitation.mdx` (SEP-1034) lets every primitive property of a form's
//! `requestedSchema` carry a `default`. When the user accepts and leaves a field out, the
//! client fills in that default, as the conformance scenario
//! `elicitation-sep1034-client-defaults` expects. Fields the user gave are never touched, and
//! nothing is added to a `decline` or `cancel`.

use serde_json::{Map, Value};

/// Fills `result.content` (an `ElicitResult` as JSON) with the `default` of each property of
/// `schema` (a `requestedSchema` as JSON) that the content lacks, when `result.action` is
/// `accept`.
pub fn apply(schema: &Value, result: &mut Value) {
    if result.get("action").and_then(Value::as_str) != Some("accept") {
        return;
    }
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    let Some(result) = result.as_object_mut() else { return };
    let content = result.entry("content").or_insert_with(|| Value::Object(Map::new()));
    let Some(content) = content.as_object_mut() else { return };
    for (name, property) in properties {
        if let Some(default) = property.get("default")
            && !content.contains_key(name)
        {
            content.insert(name.clone(), default.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    #[test]
    fn fills_only_missing_fields_of_an_accept() {
        let schema = json!({"type": "object", "properties": {
            "name": {"type": "string", "default": "anon"},
            "age": {"type": "integer", "default": 30},
            "score": {"type": "number", "default": 9.5},
            "tier": {"type": "string", "enum": ["a", "b"], "default": "b"},
            "ok": {"type": "boolean", "default": true},
            "none": {"type": "string"}
        }});
        let mut accepted = json!({"action": "accept", "content": {"name": "zoe"}});
        apply(&schema, &mut accepted);
        assert_eq!(
            accepted["content"],
            json!({"name": "zoe", "age": 30, "score": 9.5, "tier": "b", "ok": true})
        );
        let mut declined = json!({"action": "decline"});
        apply(&schema, &mut declined);
        assert_eq!(declined, json!({"action": "decline"}));
        let mut bare = json!({"action": "accept"});
        apply(&schema, &mut bare);
        assert_eq!(bare["content"]["age"], json!(30));
    }
}
