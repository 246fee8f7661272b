//! Elicitation: the server asks the user for information through the client.
//!
//! Spec: 2026-07-28 `client/elicitation.mdx` (an input request inside an `InputRequiredResult`),
//! 2025-11-25 and 2025-06-18 `client/elicitation.mdx` (a real `elicitation/create` request from
//! server to client). Form mode sends a flat object schema of [`PrimitiveSchemaDefinition`]s
//! ([`ElicitRequestFormParams`]); URL mode (2025-11-25 and later) sends the user to a URL
//! ([`ElicitRequestURLParams`]). The client answers with an [`ElicitResult`].
//!
//! Revision differences, applied by [`Revisioned`]:
//! - 2025-06-18: form mode only, no `mode` member, no `$schema` in `requestedSchema`, no
//!   `default` on string and number schemas, answers are strings, numbers or booleans;
//! - 2025-11-25: `mode`, URL mode with a required `elicitationId`, the titled/multi-select
//!   enum schemas, `task` (legacy tasks), `notifications/elicitation/complete`;
//! - 2026-07-28: no `elicitationId`, no `task`, no completion notification.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Number, Value};

use super::tasks::TaskMetadata;
use super::{Meta, Revisioned};
use crate::version::ProtocolVersion;

/// Defines a unit struct that (de)serializes as one fixed JSON string, for the schema's
/// `const` members (`"type": "string"`, `"mode": "url"`, ...).
macro_rules! const_tag {
    ($(#[$attr:meta])* $name:ident = $value:literal) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $name {
            /// The string this marker stands for.
            pub const VALUE: &'static str = $value;
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($value)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                if s == $value {
                    Ok($name)
                } else {
                    Err(<D::Error as ::serde::de::Error>::custom(format_args!(
                        "expected {:?}, found {:?}",
                        $value, s
                    )))
                }
            }
        }
    };
}

const_tag! {
    /// The `"type": "string"` of string and single-select enum schemas.
    StringType = "string"
}
const_tag! {
    /// The `"type": "boolean"` of [`BooleanSchema`].
    BooleanType = "boolean"
}
const_tag! {
    /// The `"type": "array"` of the multi-select enum schemas.
    ArrayType = "array"
}
const_tag! {
    /// The `"type": "object"` of a form's `requestedSchema`.
    ObjectType = "object"
}
const_tag! {
    /// `"mode": "form"` (2025-11-25 and later; optional, form is the default).
    FormMode = "form"
}
const_tag! {
    /// `"mode": "url"` (2025-11-25 and later).
    UrlMode = "url"
}

/// `params` of `elicitation/create`: form mode or URL mode (`ElicitRequestParams`).
///
/// Decoding picks URL mode when `mode` is `"url"` and form mode otherwise (an absent `mode`
/// means form, 2025-11-25 `client/elicitation.mdx`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ElicitRequestParams {
    /// Form mode: a flat form described by a restricted JSON Schema.
    Form(ElicitRequestFormParams),
    /// URL mode: the user completes an out-of-band interaction at a URL.
    Url(ElicitRequestURLParams),
}

impl ElicitRequestParams {
    /// The message shown to the user.
    pub fn message(&self) -> &str {
        match self {
            ElicitRequestParams::Form(p) => &p.message,
            ElicitRequestParams::Url(p) => &p.message,
        }
    }

    /// Whether this is a URL-mode request (needs the client's `elicitation.url` capability).
    pub fn is_url(&self) -> bool {
        matches!(self, ElicitRequestParams::Url(_))
    }
}

impl<'de> Deserialize<'de> for ElicitRequestParams {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        match value.get("mode") {
            Some(Value::String(m)) if m == UrlMode::VALUE => from_value(value).map(ElicitRequestParams::Url),
            None | Some(Value::String(_)) => from_value(value).map(ElicitRequestParams::Form),
            Some(other) => {
                Err(de::Error::custom(format_args!("elicitation mode must be a string, found {other}")))
            }
        }
    }
}

fn from_value<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

impl From<ElicitRequestFormParams> for ElicitRequestParams {
    fn from(p: ElicitRequestFormParams) -> Self {
        ElicitRequestParams::Form(p)
    }
}

impl From<ElicitRequestURLParams> for ElicitRequestParams {
    fn from(p: ElicitRequestURLParams) -> Self {
        ElicitRequestParams::Url(p)
    }
}

impl Revisioned for ElicitRequestParams {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        match self {
            ElicitRequestParams::Form(p) => p.adapt_to(version),
            ElicitRequestParams::Url(p) => p.adapt_to(version),
        }
    }
}

/// Form-mode `elicitation/create` params (`ElicitRequestFormParams`; 2025-06-18 and later).
///
/// Servers MUST NOT ask for secrets in form mode (use URL mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestFormParams {
    /// `"form"` (2025-11-25 and later); absent means form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<FormMode>,
    /// What is asked and why, shown to the user.
    pub message: String,
    /// The form: an object schema whose properties are primitives only.
    pub requested_schema: RequestedSchema,
    /// Legacy tasks (2025-11-25 only): run the elicitation as a task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// `_meta` (legacy revisions; request `_meta` with `progressToken`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl ElicitRequestFormParams {
    /// A form request with `message` and `requested_schema`, no `mode`.
    pub fn new(message: impl Into<String>, requested_schema: RequestedSchema) -> Self {
        ElicitRequestFormParams {
            mode: None,
            message: message.into(),
            requested_schema,
            task: None,
            meta: None,
        }
    }
}

impl Revisioned for ElicitRequestFormParams {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version < ProtocolVersion::V2025_11_25 {
            self.mode = None;
            self.requested_schema.schema = None;
            for (_, property) in &mut self.requested_schema.properties {
                property.adapt_to(version);
            }
        }
        if version != ProtocolVersion::V2025_11_25 {
            self.task = None;
        }
    }
}

/// The `requestedSchema` of a form: `{type:"object", properties, required?}` with only
/// top-level primitive properties (2026-07-28 `client/elicitation.mdx` "Supported Schema Types").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestedSchema {
    /// The JSON Schema dialect (2025-11-25 and later).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `"object"`.
    #[serde(rename = "type")]
    pub type_: ObjectType,
    /// The fields, in the order the server wrote them (clients show them in that order).
    /// Encoded as a JSON object; a duplicate name is a decoding error.
    #[serde(with = "ordered_properties")]
    pub properties: Vec<(String, PrimitiveSchemaDefinition)>,
    /// The names of the fields the user must fill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
}

impl RequestedSchema {
    /// An object schema with `properties` (name, schema) in display order and no required
    /// fields.
    pub fn new(properties: Vec<(String, PrimitiveSchemaDefinition)>) -> Self {
        RequestedSchema { schema: None, type_: ObjectType, properties, required: None }
    }

    /// The schema of the field `name`.
    pub fn property(&self, name: &str) -> Option<&PrimitiveSchemaDefinition> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    /// Whether the field `name` is listed in `required`.
    pub fn is_required(&self, name: &str) -> bool {
        self.required.as_ref().is_some_and(|r| r.iter().any(|n| n == name))
    }
}

/// (De)serializes `Vec<(name, schema)>` as a JSON object, keeping the member order.
mod ordered_properties {
    use std::fmt;

    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    use super::PrimitiveSchemaDefinition;

    type Properties = Vec<(String, PrimitiveSchemaDefinition)>;

    pub(super) fn serialize<S: Serializer>(properties: &Properties, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(properties.len()))?;
        for (name, schema) in properties {
            map.serialize_entry(name, schema)?;
        }
        map.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Properties, D::Error> {
        struct PropertiesVisitor;

        impl<'de> Visitor<'de> for PropertiesVisitor {
            type Value = Properties;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of field schemas")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Properties, A::Error> {
                let mut out: Properties = Vec::with_capacity(access.size_hint().unwrap_or(0));
                while let Some((name, schema)) = access.next_entry::<String, PrimitiveSchemaDefinition>()? {
                    if out.iter().any(|(n, _)| *n == name) {
                        return Err(serde::de::Error::custom(format_args!("duplicate field {name:?}")));
                    }
                    out.push((name, schema));
                }
                Ok(out)
            }
        }

        d.deserialize_map(PropertiesVisitor)
    }
}

/// URL-mode `elicitation/create` params (`ElicitRequestURLParams`; 2025-11-25 and later).
///
/// The client shows the full URL, asks for consent, never prefetches it, and opens it
/// outside the model's context (2026-07-28 `client/elicitation.mdx` "URL Mode").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitRequestURLParams {
    /// Always `"url"`.
    pub mode: UrlMode,
    /// Why the interaction is needed, shown to the user.
    pub message: String,
    /// The URL the user should open (an absolute URI).
    pub url: String,
    /// Legacy (2025-11-25, required there): the id `notifications/elicitation/complete` and
    /// `-32042` refer to. Removed in 2026-07-28.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elicitation_id: Option<String>,
    /// Legacy tasks (2025-11-25 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskMetadata>,
    /// `_meta` (legacy revisions).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl ElicitRequestURLParams {
    /// A URL-mode request without `elicitationId` (as 2026-07-28 defines it).
    pub fn new(message: impl Into<String>, url: impl Into<String>) -> Self {
        ElicitRequestURLParams {
            mode: UrlMode,
            message: message.into(),
            url: url.into(),
            elicitation_id: None,
            task: None,
            meta: None,
        }
    }
}

impl Revisioned for ElicitRequestURLParams {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version.is_modern() {
            self.elicitation_id = None;
        }
        if version != ProtocolVersion::V2025_11_25 {
            self.task = None;
        }
    }
}

/// One field of a form: a string, number, boolean or enum schema, without nesting
/// (`PrimitiveSchemaDefinition`, which includes every `EnumSchema` variant).
///
/// Decoding looks at `type` and the enum keywords: `oneOf` → titled single select, `enum`
/// with `enumNames` → legacy titled, `enum` → untitled single select, `items.anyOf` →
/// titled multi select, other arrays → untitled multi select.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PrimitiveSchemaDefinition {
    /// A free-text field.
    String(StringSchema),
    /// A number or integer field.
    Number(NumberSchema),
    /// A checkbox.
    Boolean(BooleanSchema),
    /// One of a list of values.
    UntitledSingleSelectEnum(UntitledSingleSelectEnumSchema),
    /// One of a list of values, each with a display title.
    TitledSingleSelectEnum(TitledSingleSelectEnumSchema),
    /// Several of a list of values.
    UntitledMultiSelectEnum(UntitledMultiSelectEnumSchema),
    /// Several of a list of values, each with a display title.
    TitledMultiSelectEnum(TitledMultiSelectEnumSchema),
    /// One of a list of values with the non-standard `enumNames` (deprecated form).
    LegacyTitledEnum(LegacyTitledEnumSchema),
}

impl<'de> Deserialize<'de> for PrimitiveSchemaDefinition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use PrimitiveSchemaDefinition as P;
        let value = Value::deserialize(d)?;
        let has = |k: &str| value.get(k).is_some();
        match value.get("type").and_then(Value::as_str) {
            Some("string") if has("oneOf") => from_value(value).map(P::TitledSingleSelectEnum),
            Some("string") if has("enum") && has("enumNames") => from_value(value).map(P::LegacyTitledEnum),
            Some("string") if has("enum") => from_value(value).map(P::UntitledSingleSelectEnum),
            Some("string") => from_value(value).map(P::String),
            Some("number" | "integer") => from_value(value).map(P::Number),
            Some("boolean") => from_value(value).map(P::Boolean),
            Some("array") if value.get("items").is_some_and(|i| i.get("anyOf").is_some()) => {
                from_value(value).map(P::TitledMultiSelectEnum)
            }
            Some("array") => from_value(value).map(P::UntitledMultiSelectEnum),
            Some(other) => Err(de::Error::custom(format_args!(
                "unsupported elicitation field type {other:?} (expected string, number, integer, boolean or array)"
            ))),
            None => Err(de::Error::custom("elicitation field schema needs a string \"type\"")),
        }
    }
}

impl Revisioned for PrimitiveSchemaDefinition {
    /// Before 2025-11-25: `default` exists only on booleans and the legacy enum had no
    /// titled or multi-select forms (those are left as they are; a client of that revision
    /// will not render them).
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if version < ProtocolVersion::V2025_11_25 {
            match self {
                PrimitiveSchemaDefinition::String(s) => s.default = None,
                PrimitiveSchemaDefinition::Number(n) => n.default = None,
                PrimitiveSchemaDefinition::UntitledSingleSelectEnum(e) => e.default = None,
                PrimitiveSchemaDefinition::LegacyTitledEnum(e) => e.default = None,
                _ => {}
            }
        }
    }
}

/// `format` of a [`StringSchema`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StringFormat {
    /// `email`
    #[serde(rename = "email")]
    Email,
    /// `uri`
    #[serde(rename = "uri")]
    Uri,
    /// `date` (RFC 3339 full-date)
    #[serde(rename = "date")]
    Date,
    /// `date-time` (RFC 3339 date-time)
    #[serde(rename = "date-time")]
    DateTime,
}

/// A free-text field (`StringSchema`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StringSchema {
    /// Always `"string"`.
    #[serde(rename = "type")]
    pub type_: StringType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Expected format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<StringFormat>,
    /// Pre-filled value (2025-11-25 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// `type` of a [`NumberSchema`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberType {
    /// `number`: any JSON number.
    Number,
    /// `integer`: a number without a fractional part.
    Integer,
}

/// A number field (`NumberSchema`). Bounds keep the JSON number as written (`50` stays an
/// integer, `0.5` a float).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberSchema {
    /// `number` or `integer`.
    #[serde(rename = "type")]
    pub type_: NumberType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Inclusive lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    /// Inclusive upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    /// Pre-filled value (2025-11-25 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Number>,
}

/// A checkbox (`BooleanSchema`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BooleanSchema {
    /// Always `"boolean"`.
    #[serde(rename = "type")]
    pub type_: BooleanType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Pre-filled value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

/// Single choice without display titles (`UntitledSingleSelectEnumSchema`, 2025-11-25 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledSingleSelectEnumSchema {
    /// Always `"string"`.
    #[serde(rename = "type")]
    pub type_: StringType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values to choose from.
    #[serde(rename = "enum")]
    pub enum_: Vec<String>,
    /// Pre-selected value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A value with a display title: `{const, title}`, as in `oneOf` and `items.anyOf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitledOption {
    /// The value sent back in [`ElicitResult::content`].
    #[serde(rename = "const")]
    pub const_: String,
    /// The label shown to the user.
    pub title: String,
}

/// Single choice with display titles (`TitledSingleSelectEnumSchema`, 2025-11-25 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledSingleSelectEnumSchema {
    /// Always `"string"`.
    #[serde(rename = "type")]
    pub type_: StringType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The options.
    pub one_of: Vec<TitledOption>,
    /// Pre-selected value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Single choice with the non-standard `enumNames` (`LegacyTitledEnumSchema`; the 2025-06-18
/// `EnumSchema`). Use [`TitledSingleSelectEnumSchema`] instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTitledEnumSchema {
    /// Always `"string"`.
    #[serde(rename = "type")]
    pub type_: StringType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values to choose from.
    #[serde(rename = "enum")]
    pub enum_: Vec<String>,
    /// Display names, one per value of `enum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_names: Option<Vec<String>>,
    /// Pre-selected value (2025-11-25 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// `items` of an [`UntitledMultiSelectEnumSchema`]: `{type:"string", enum}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UntitledEnumItems {
    /// Always `"string"`.
    #[serde(rename = "type")]
    pub type_: StringType,
    /// The values to choose from.
    #[serde(rename = "enum")]
    pub enum_: Vec<String>,
}

/// `items` of a [`TitledMultiSelectEnumSchema`]: `{anyOf: [{const, title}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledEnumItems {
    /// The options.
    pub any_of: Vec<TitledOption>,
}

/// Multiple choice without display titles (`UntitledMultiSelectEnumSchema`, 2025-11-25 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UntitledMultiSelectEnumSchema {
    /// Always `"array"`.
    #[serde(rename = "type")]
    pub type_: ArrayType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum number of selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum number of selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// The values to choose from.
    pub items: UntitledEnumItems,
    /// Pre-selected values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
}

/// Multiple choice with display titles (`TitledMultiSelectEnumSchema`, 2025-11-25 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TitledMultiSelectEnumSchema {
    /// Always `"array"`.
    #[serde(rename = "type")]
    pub type_: ArrayType,
    /// Display label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum number of selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum number of selections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// The options.
    pub items: TitledEnumItems,
    /// Pre-selected values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Vec<String>>,
}

/// The user's choice in an [`ElicitResult`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElicitAction {
    /// The user submitted the form or confirmed the URL interaction.
    Accept,
    /// The user explicitly declined.
    Decline,
    /// The user dismissed the request without choosing.
    Cancel,
}

/// One submitted form value: a string, number, boolean, or (multi-select, 2025-11-25 and
/// later) a list of strings. Numbers keep their JSON form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ElicitValue {
    /// A string (free text, single select, formatted string).
    String(String),
    /// A number or integer.
    Number(Number),
    /// A boolean.
    Boolean(bool),
    /// The selected values of a multi-select field.
    StringArray(Vec<String>),
}

impl fmt::Display for ElicitValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElicitValue::String(s) => f.write_str(s),
            ElicitValue::Number(n) => write!(f, "{n}"),
            ElicitValue::Boolean(b) => write!(f, "{b}"),
            ElicitValue::StringArray(v) => f.write_str(&v.join(", ")),
        }
    }
}

/// The client's answer to `elicitation/create` (`ElicitResult`).
///
/// In the legacy revisions this is the JSON-RPC result of the server's request; in
/// 2026-07-28 it is an [`InputResponse`](super::input::InputResponse) inside `inputResponses`,
/// which carries no `resultType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElicitResult {
    /// What the user did.
    pub action: ElicitAction,
    /// The submitted values, only for `accept` in form mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<BTreeMap<String, ElicitValue>>,
    /// `_meta` (legacy revisions, where this is a `Result`).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Members this type does not name, kept so the value round-trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ElicitResult {
    /// An `accept` with the given form values.
    pub fn accept(content: BTreeMap<String, ElicitValue>) -> Self {
        ElicitResult { action: ElicitAction::Accept, content: Some(content), meta: None, extra: Map::new() }
    }

    /// An `accept` without content (URL mode).
    pub fn accept_url() -> Self {
        ElicitResult { action: ElicitAction::Accept, content: None, meta: None, extra: Map::new() }
    }

    /// A `decline`.
    pub fn decline() -> Self {
        ElicitResult { action: ElicitAction::Decline, content: None, meta: None, extra: Map::new() }
    }

    /// A `cancel`.
    pub fn cancel() -> Self {
        ElicitResult { action: ElicitAction::Cancel, content: None, meta: None, extra: Map::new() }
    }
}

impl Revisioned for ElicitResult {
    /// 2026-07-28: an input response has no `resultType`, so one found in `extra` is removed;
    /// legacy: `resultType` is removed too (it is not a legacy member).
    fn adapt_to(&mut self, _version: ProtocolVersion) {
        self.extra.remove("resultType");
    }
}

/// `params` of `notifications/elicitation/complete` (2025-11-25 only): the server tells the
/// client that the URL-mode elicitation `elicitationId` finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElicitationCompleteNotificationParams {
    /// The `elicitationId` of the completed URL-mode request.
    pub elicitation_id: String,
    /// `_meta`.
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(def: &str, file: &str) -> Value {
        let path =
            format!("{}/../spec/schema/2026-07-28/examples/{def}/{file}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn round_trip<T: Serialize + DeserializeOwned>(def: &str, file: &str) -> T {
        let v = example(def, file);
        let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{def}/{file}: {e}"));
        assert_eq!(serde_json::to_value(&t).unwrap(), v, "{def}/{file}");
        t
    }

    #[test]
    fn official_field_schema_examples_round_trip() {
        let s: StringSchema = round_trip("StringSchema", "email-input-schema");
        assert_eq!(s.format, Some(StringFormat::Email));
        let n: NumberSchema = round_trip("NumberSchema", "number-input-schema");
        assert_eq!(n.default, Some(Number::from(50)));
        let b: BooleanSchema = round_trip("BooleanSchema", "boolean-input-schema");
        assert_eq!(b.default, Some(false));
        round_trip::<UntitledSingleSelectEnumSchema>("UntitledSingleSelectEnumSchema", "color-select-schema");
        round_trip::<TitledSingleSelectEnumSchema>(
            "TitledSingleSelectEnumSchema",
            "titled-color-select-schema",
        );
        round_trip::<UntitledMultiSelectEnumSchema>(
            "UntitledMultiSelectEnumSchema",
            "color-multi-select-schema",
        );
        round_trip::<TitledMultiSelectEnumSchema>(
            "TitledMultiSelectEnumSchema",
            "titled-color-multi-select-schema",
        );
    }

    #[test]
    fn primitive_schema_union_picks_the_right_variant() {
        use PrimitiveSchemaDefinition as P;
        type Case = (&'static str, &'static str, fn(&P) -> bool);
        let cases: [Case; 7] = [
            ("StringSchema", "email-input-schema", |p| matches!(p, P::String(_))),
            ("NumberSchema", "number-input-schema", |p| matches!(p, P::Number(_))),
            ("BooleanSchema", "boolean-input-schema", |p| matches!(p, P::Boolean(_))),
            ("UntitledSingleSelectEnumSchema", "color-select-schema", |p| {
                matches!(p, P::UntitledSingleSelectEnum(_))
            }),
            ("TitledSingleSelectEnumSchema", "titled-color-select-schema", |p| {
                matches!(p, P::TitledSingleSelectEnum(_))
            }),
            ("UntitledMultiSelectEnumSchema", "color-multi-select-schema", |p| {
                matches!(p, P::UntitledMultiSelectEnum(_))
            }),
            ("TitledMultiSelectEnumSchema", "titled-color-multi-select-schema", |p| {
                matches!(p, P::TitledMultiSelectEnum(_))
            }),
        ];
        for (def, file, check) in cases {
            let p: P = round_trip(def, file);
            assert!(check(&p), "{def}: decoded as {p:?}");
        }
        let legacy = serde_json::json!({"type": "string", "enum": ["a", "b"], "enumNames": ["A", "B"]});
        let p: P = serde_json::from_value(legacy.clone()).unwrap();
        assert!(matches!(p, P::LegacyTitledEnum(_)));
        assert_eq!(serde_json::to_value(&p).unwrap(), legacy);
        let err = serde_json::from_value::<P>(serde_json::json!({"type": "object"})).unwrap_err();
        assert!(err.to_string().contains("object"), "{err}");
        assert!(serde_json::from_value::<P>(serde_json::json!({"type": "boolean", "default": 1})).is_err());
    }

    #[test]
    fn official_request_examples_round_trip() {
        let single: ElicitRequestFormParams = round_trip("ElicitRequestFormParams", "elicit-single-field");
        assert_eq!(single.mode, Some(FormMode));
        assert_eq!(single.requested_schema.required.as_deref(), Some(&["name".to_owned()][..]));
        let multi: ElicitRequestFormParams = round_trip("ElicitRequestFormParams", "elicit-multiple-fields");
        assert!(matches!(multi.requested_schema.property("age"), Some(PrimitiveSchemaDefinition::Number(_))));
        // Decode from the file text: a `serde_json::Value` would already have sorted the keys.
        let path = format!(
            "{}/../spec/schema/2026-07-28/examples/ElicitRequestFormParams/elicit-multiple-fields.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let multi: ElicitRequestFormParams =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let order: Vec<&str> = multi.requested_schema.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(order, ["name", "email", "age"], "fields keep the server's order");
        assert!(multi.requested_schema.is_required("email") && !multi.requested_schema.is_required("age"));
        let dup = r#"{"type": "object", "properties": {"a": {"type": "string"}, "a": {"type": "boolean"}}}"#;
        assert!(serde_json::from_str::<RequestedSchema>(dup).is_err());
        let url: ElicitRequestURLParams = round_trip("ElicitRequestURLParams", "elicit-sensitive-data");
        assert_eq!(url.url, "https://mcp.example.com/ui/set_api_key");
        assert_eq!(url.elicitation_id, None);

        let req = example("ElicitRequest", "elicitation-request");
        let params: ElicitRequestParams = serde_json::from_value(req["params"].clone()).unwrap();
        assert!(!params.is_url());
        assert_eq!(params.message(), "Please provide your GitHub username");
        assert_eq!(serde_json::to_value(&params).unwrap(), req["params"]);
        let as_url: ElicitRequestParams =
            serde_json::from_value(example("ElicitRequestURLParams", "elicit-sensitive-data")).unwrap();
        assert!(as_url.is_url());
    }

    #[test]
    fn unknown_or_malformed_mode_is_rejected() {
        let bad = serde_json::json!({"mode": "telepathy", "message": "m", "requestedSchema": {"type": "object", "properties": {}}});
        assert!(serde_json::from_value::<ElicitRequestParams>(bad).is_err());
        let url_without_url = serde_json::json!({"mode": "url", "message": "m"});
        assert!(serde_json::from_value::<ElicitRequestParams>(url_without_url).is_err());
        let not_object =
            serde_json::json!({"message": "m", "requestedSchema": {"type": "array", "properties": {}}});
        assert!(serde_json::from_value::<ElicitRequestParams>(not_object).is_err());
    }

    #[test]
    fn official_result_examples_round_trip() {
        let r: ElicitResult = round_trip("ElicitResult", "input-multiple-fields");
        let content = r.content.unwrap();
        assert_eq!(content["age"], ElicitValue::Number(30.into()));
        assert_eq!(content["name"].to_string(), "Monalisa Octocat");
        let r: ElicitResult = round_trip("ElicitResult", "accept-url-mode-no-content");
        assert_eq!(r, ElicitResult::accept_url());
        round_trip::<ElicitResult>("ElicitResult", "input-single-field");
        let multi: ElicitResult =
            serde_json::from_value(serde_json::json!({"action": "accept", "content": {"c": ["a", "b"]}}))
                .unwrap();
        assert_eq!(multi.content.unwrap()["c"], ElicitValue::StringArray(vec!["a".into(), "b".into()]));
        assert!(serde_json::from_value::<ElicitResult>(serde_json::json!({"action": "maybe"})).is_err());
    }

    #[test]
    fn adapting_removes_what_a_revision_lacks() {
        let mut url = ElicitRequestURLParams::new("m", "https://x.example/");
        url.elicitation_id = Some("e1".into());
        url.task = Some(TaskMetadata { ttl: Some(1000) });
        let legacy = url.clone().for_revision(ProtocolVersion::V2025_11_25);
        assert_eq!(legacy, url);
        let modern = url.for_revision(ProtocolVersion::V2026_07_28);
        assert_eq!((modern.elicitation_id, modern.task), (None, None));

        let mut form: ElicitRequestFormParams =
            serde_json::from_value(example("ElicitRequestFormParams", "elicit-single-field")).unwrap();
        form.requested_schema.schema = Some("https://json-schema.org/draft/2020-12/schema".into());
        form.requested_schema.properties.push((
            "s".into(),
            PrimitiveSchemaDefinition::String(StringSchema {
                default: Some("d".into()),
                ..Default::default()
            }),
        ));
        let old = form.for_revision(ProtocolVersion::V2025_06_18);
        assert_eq!(old.mode, None);
        assert_eq!(old.requested_schema.schema, None);
        match old.requested_schema.property("s") {
            Some(PrimitiveSchemaDefinition::String(s)) => assert_eq!(s.default, None),
            other => panic!("{other:?}"),
        }

        let mut result = ElicitResult::decline();
        result.extra.insert("resultType".into(), "complete".into());
        result.adapt_to(ProtocolVersion::V2026_07_28);
        assert!(result.extra.is_empty());
    }
}
