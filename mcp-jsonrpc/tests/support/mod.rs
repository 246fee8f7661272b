//! Shared harness for the cross-revision schema tests: loading the official `schema.json` of each
//! revision, validating values against one of its definitions, enumerating the official examples,
//! and comparing JSON values with a readable account of the first difference.
//!
//! Everything here works on `serde_json::Value`s and needs none of the schema types, so the
//! harness can be checked on its own (`harness_*` tests in `schema_validation.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mcp_jsonrpc::ProtocolVersion;
use serde_json::Value;

/// `spec/schema` of the workspace: one folder per revision.
pub(crate) const SCHEMA_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/schema");

/// The folder of the official 2026-07-28 examples, one sub-folder per definition name.
pub(crate) fn examples_dir() -> PathBuf {
    Path::new(SCHEMA_ROOT).join("2026-07-28").join("examples")
}

/// Reads and parses a JSON file, panicking with the path on failure.
pub(crate) fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// One official example file.
#[derive(Debug)]
pub(crate) struct Example {
    /// The definition it is an example of (its folder name).
    pub(crate) definition: String,
    /// The file, for messages.
    pub(crate) path: PathBuf,
    /// Its contents.
    pub(crate) value: Value,
}

impl Example {
    /// `Definition/file.json`, for messages.
    pub(crate) fn label(&self) -> String {
        let file = self.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        format!("{}/{}", self.definition, file)
    }
}

/// Every `*.json` file under [`examples_dir`], sorted by definition then file name.
pub(crate) fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let root = examples_dir();
    let dirs = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("reading {}: {e}", root.display()));
    for dir in dirs {
        let dir = dir.expect("directory entry").path();
        if !dir.is_dir() {
            continue;
        }
        let definition = dir.file_name().expect("folder name").to_string_lossy().into_owned();
        for file in std::fs::read_dir(&dir).expect("example folder") {
            let path = file.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let value = read_json(&path);
                out.push(Example { definition: definition.clone(), path, value });
            }
        }
    }
    out.sort_by(|a, b| (&a.definition, &a.path).cmp(&(&b.definition, &b.path)));
    out
}

/// `format: "byte"` (base64, as the schemas use it for `blob` and `data`): the standard
/// alphabet with `=` padding, RFC 4648 §4.
pub(crate) fn is_base64(s: &str) -> bool {
    let bytes = s.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    padding <= 2
        && bytes[..bytes.len() - padding]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
}

/// The official schema of one revision, compiled once, with a validator for every definition.
pub(crate) struct RevisionSchema {
    /// The revision.
    pub(crate) version: ProtocolVersion,
    /// `"$defs"` (2025-11-25 and later) or `"definitions"` (the draft-07 schemas before).
    pub(crate) defs_key: &'static str,
    /// The definition names, sorted.
    pub(crate) definitions: BTreeSet<String>,
    validators: jsonschema::ValidatorMap,
    closed: jsonschema::ValidatorMap,
}

impl RevisionSchema {
    /// The compiled schema of `version`, built on first use and shared by every test of the
    /// binary afterwards.
    pub(crate) fn get(version: ProtocolVersion) -> &'static RevisionSchema {
        static CACHE: [OnceLock<RevisionSchema>; 5] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let index = ProtocolVersion::ALL.iter().position(|v| *v == version).expect("a known revision");
        CACHE[index].get_or_init(|| RevisionSchema::load(version))
    }

    /// Loads `spec/schema/<version>/schema.json` and compiles every subschema of it in one pass
    /// (`ValidationOptions::build_map`), so a value can then be checked against any definition
    /// without compiling anything again. `format` is asserted (`uri`, `uri-template`, and
    /// `byte` as base64) so that format mistakes count as failures too.
    pub(crate) fn load(version: ProtocolVersion) -> RevisionSchema {
        let path = Path::new(SCHEMA_ROOT).join(version.as_str()).join("schema.json");
        let document = read_json(&path);
        let defs_key = if document.get("$defs").is_some() { "$defs" } else { "definitions" };
        let definitions = document
            .get(defs_key)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{}: no {defs_key}", path.display()))
            .keys()
            .cloned()
            .collect();
        let options = jsonschema::options()
            .should_validate_formats(true)
            .should_ignore_unknown_formats(false)
            .with_format("byte", is_base64);
        let validators =
            options.build_map(&document).unwrap_or_else(|e| panic!("compiling {}: {e}", path.display()));
        let mut closed_document = document.clone();
        let composed = all_of_targets(&document, defs_key);
        for (name, definition) in closed_document[defs_key].as_object_mut().expect("definitions") {
            declare_inherited_members(name, definition);
            close_objects(definition, !composed.contains(name));
        }
        let closed = options
            .build_map(&closed_document)
            .unwrap_or_else(|e| panic!("compiling the closed form of {}: {e}", path.display()));
        RevisionSchema { version, defs_key, definitions, validators, closed }
    }

    /// Whether the revision defines `definition`.
    pub(crate) fn has(&self, definition: &str) -> bool {
        self.definitions.contains(definition)
    }

    /// Validates `instance` against `#/<defs>/<definition>`; the error lists every violation
    /// with its instance path.
    pub(crate) fn validate(&self, definition: &str, instance: &Value) -> Result<(), String> {
        let pointer = format!("#/{}/{}", self.defs_key, definition);
        let validator = self
            .validators
            .get(&pointer)
            .ok_or_else(|| format!("{} defines no {definition}", self.version))?;
        let mut errors = String::new();
        for error in validator.iter_errors(instance) {
            let _ = write!(errors, "\n    at `{}`: {}", error.instance_path(), error);
        }
        if errors.is_empty() { Ok(()) } else { Err(format!("{definition}:{errors}")) }
    }

    /// Validates `instance` against the *closed* form of `#/<defs>/<definition>`: as
    /// [`RevisionSchema::validate`], and in addition every object member must be one the revision
    /// declares wherever the schema lists `properties` without saying anything about other
    /// members (see [`close_objects`]). The official schemas never forbid additional members, so
    /// this is what catches a member leaking into a revision that does not define it (for
    /// example `resultType` or `ttlMs` in a legacy result).
    pub(crate) fn validate_closed(&self, definition: &str, instance: &Value) -> Result<(), String> {
        let pointer = format!("#/{}/{}", self.defs_key, definition);
        let validator =
            self.closed.get(&pointer).ok_or_else(|| format!("{} defines no {definition}", self.version))?;
        let mut errors = String::new();
        for error in validator.iter_errors(instance) {
            let _ = write!(errors, "\n    at `{}`: {}", error.instance_path(), error);
        }
        if errors.is_empty() { Ok(()) } else { Err(format!("{definition} (closed):{errors}")) }
    }

    /// The `const` of `properties.method` of `definition`, when it has one (every concrete
    /// request and notification definition does).
    pub(crate) fn method_of<'a>(&self, document: &'a Value, definition: &str) -> Option<&'a str> {
        document.get(self.defs_key)?.get(definition)?.pointer("/properties/method/const")?.as_str()
    }
}

/// The parsed `schema.json` of `version` (for reading, not validating).
pub(crate) fn schema_document(version: ProtocolVersion) -> Value {
    read_json(&Path::new(SCHEMA_ROOT).join(version.as_str()).join("schema.json"))
}

/// The first difference between `expected` and `actual` as `path: expected X, got Y`, or `None`
/// when they are equal as JSON values: object member order is ignored, and numbers compare by
/// value (`50` and `50.0` are the same JSON number, RFC 8259 §6; a schema `number` member held
/// in an `f64` re-encodes `50` as `50.0`).
pub(crate) fn json_diff(expected: &Value, actual: &Value) -> Option<String> {
    fn walk(path: &mut String, expected: &Value, actual: &Value) -> Option<String> {
        match (expected, actual) {
            (Value::Object(e), Value::Object(a)) => {
                for (key, ev) in e {
                    let len = path.len();
                    let _ = write!(path, "/{key}");
                    let found = match a.get(key) {
                        Some(av) => walk(path, ev, av),
                        None => Some(format!("{path}: missing (expected {ev})")),
                    };
                    path.truncate(len);
                    if found.is_some() {
                        return found;
                    }
                }
                a.iter()
                    .find(|(key, _)| !e.contains_key(*key))
                    .map(|(key, av)| format!("{path}/{key}: unexpected member {av}"))
            }
            (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
                e.iter().zip(a).enumerate().find_map(|(i, (ev, av))| {
                    let len = path.len();
                    let _ = write!(path, "/{i}");
                    let found = walk(path, ev, av);
                    path.truncate(len);
                    found
                })
            }
            (Value::Number(e), Value::Number(a))
                if e == a || (e.as_f64().is_some() && e.as_f64() == a.as_f64()) =>
            {
                None
            }
            _ if expected == actual => None,
            _ => Some(format!(
                "{}: expected {expected}, got {actual}",
                if path.is_empty() { "/" } else { path }
            )),
        }
    }
    walk(&mut String::new(), expected, actual)
}

/// The definitions that some `allOf` refers to (`"$ref": "#/<defs>/Name"` as a direct member of
/// an `allOf`): their members are declared across the branches, so they stay open at the top
/// (e.g. 2025-11-25 `TaskStatusNotificationParams = allOf[NotificationParams, Task]`).
fn all_of_targets(document: &Value, defs_key: &str) -> BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Array(branches)) = object.get("allOf") {
                    for branch in branches {
                        if let Some(name) =
                            branch.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(prefix))
                        {
                            out.insert(name.to_owned());
                        }
                    }
                }
                object.values().for_each(|v| walk(v, prefix, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, prefix, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(document, &format!("#/{defs_key}/"), &mut out);
    out
}

/// Declares, on a request or notification definition, the members it inherits in the spec but
/// that the generated JSON schema leaves to other definitions: the JSON-RPC envelope (`jsonrpc`,
/// and `id` for requests; before 2025-11-25 a `CallToolRequest` lists only `method` and
/// `params`, the envelope being `JSONRPCRequest`) and `params._meta` (every request's and
/// notification's params may carry `_meta`, from the base `Request`/`Notification`). These
/// members are still checked by the open validation of the same message.
fn declare_inherited_members(name: &str, definition: &mut Value) {
    let is_request = name.ends_with("Request");
    if !(is_request || name.ends_with("Notification")) {
        return;
    }
    let Some(Value::Object(properties)) = definition.get_mut("properties") else { return };
    if !properties.contains_key("method") {
        return;
    }
    properties.entry("jsonrpc").or_insert_with(|| Value::Object(Default::default()));
    if is_request {
        properties.entry("id").or_insert_with(|| Value::Object(Default::default()));
    }
    if let Some(Value::Object(members)) = properties.get_mut("params").and_then(|p| p.get_mut("properties")) {
        members.entry("_meta").or_insert_with(|| serde_json::json!({"type": "object"}));
    }
}

/// Adds `"additionalProperties": false` to every object schema under `schema` that lists
/// `properties` and says nothing about other members (no `additionalProperties`,
/// `patternProperties` or `unevaluatedProperties`). Schemas that are direct members of an
/// `allOf` are left open, since their members are declared across the branches. Only schema
/// positions are visited: the values of `properties`, `items`, `additionalProperties`, and the
/// members of `anyOf`/`oneOf`/`allOf`.
pub(crate) fn close_objects(schema: &mut Value, close_here: bool) {
    let Some(object) = schema.as_object_mut() else { return };
    if close_here
        && object.contains_key("properties")
        && !object.contains_key("additionalProperties")
        && !object.contains_key("patternProperties")
        && !object.contains_key("unevaluatedProperties")
    {
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.values_mut().for_each(|p| close_objects(p, true));
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = object.get_mut(key) {
            close_objects(sub, true);
        }
    }
    for (key, close) in [("anyOf", true), ("oneOf", true), ("allOf", false)] {
        if let Some(Value::Array(branches)) = object.get_mut(key) {
            branches.iter_mut().for_each(|b| close_objects(b, close));
        }
    }
}
