//! Content blocks and resource contents: what tool results, prompt messages and resource
//! reads carry.
//!
//! Definitions `TextContent`, `ImageContent`, `AudioContent` (2025-03-26 and later),
//! `ResourceLink` (2025-06-18 and later), `EmbeddedResource`, `ContentBlock`,
//! `TextResourceContents`, `BlobResourceContents` and `ResourceContents`; 2026-07-28
//! `server/tools.mdx` "Tool Result" and `server/resources.mdx` "Resource Contents".
//!
//! # The `type` member
//!
//! The content structs do not hold their `type` discriminator: the enum that contains them
//! writes and checks it. [`ContentBlock`] is `#[serde(tag = "type")]`; other unions of
//! content (sampling's `SamplingMessageContentBlock`) should be internally tagged the same
//! way, with the variant names `text`, `image`, `audio`, `resource_link` and `resource`.

use serde::{Deserialize, Serialize};

use super::Meta;
use super::Revisioned;
use super::common::Annotations;
use super::resources::Resource;
use crate::version::ProtocolVersion;

/// Text for the model or the user (`TextContent`, `type: "text"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextContent {
    /// The text.
    pub text: String,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl TextContent {
    /// Text content without annotations.
    pub fn new(text: impl Into<String>) -> Self {
        TextContent { text: text.into(), ..TextContent::default() }
    }
}

/// An image (`ImageContent`, `type: "image"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageContent {
    /// Base64-encoded image data (`format: byte`).
    pub data: String,
    /// MIME type of the image, e.g. `image/png`.
    pub mime_type: String,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl ImageContent {
    /// An image from base64 `data` and its MIME type.
    pub fn new(data: impl Into<String>, mime_type: impl Into<String>) -> Self {
        ImageContent { data: data.into(), mime_type: mime_type.into(), ..ImageContent::default() }
    }
}

/// Audio (`AudioContent`, `type: "audio"`, 2025-03-26 and later).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioContent {
    /// Base64-encoded audio data (`format: byte`).
    pub data: String,
    /// MIME type of the audio, e.g. `audio/wav`.
    pub mime_type: String,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl AudioContent {
    /// Audio from base64 `data` and its MIME type.
    pub fn new(data: impl Into<String>, mime_type: impl Into<String>) -> Self {
        AudioContent { data: data.into(), mime_type: mime_type.into(), ..AudioContent::default() }
    }
}

/// A link to a resource the client may read (`ResourceLink`, `type: "resource_link"`,
/// 2025-06-18 and later): a [`Resource`] description inside content. A linked resource need
/// not appear in `resources/list`.
pub type ResourceLink = Resource;

/// The text contents of a resource (`TextResourceContents`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextResourceContents {
    /// URI of the resource (`format: uri`).
    pub uri: String,
    /// The text (only for resources representable as text).
    pub text: String,
    /// MIME type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The binary contents of a resource (`BlobResourceContents`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobResourceContents {
    /// URI of the resource (`format: uri`).
    pub uri: String,
    /// Base64-encoded bytes (`format: byte`).
    pub blob: String,
    /// MIME type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// The contents of a resource: text or binary (`TextResourceContents | BlobResourceContents`,
/// as in `resources/read` results and [`EmbeddedResource`]).
///
/// Untagged: an object with `text` is text, one with `blob` is binary; one with neither is
/// rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ResourceContents {
    /// Text contents.
    Text(TextResourceContents),
    /// Binary contents.
    Blob(BlobResourceContents),
}

impl ResourceContents {
    /// Text contents of `uri`.
    pub fn text(uri: impl Into<String>, text: impl Into<String>) -> Self {
        ResourceContents::Text(TextResourceContents {
            uri: uri.into(),
            text: text.into(),
            ..TextResourceContents::default()
        })
    }

    /// Binary contents of `uri` from base64 `blob`.
    pub fn blob(uri: impl Into<String>, blob: impl Into<String>) -> Self {
        ResourceContents::Blob(BlobResourceContents {
            uri: uri.into(),
            blob: blob.into(),
            ..BlobResourceContents::default()
        })
    }

    /// URI of the resource.
    pub fn uri(&self) -> &str {
        match self {
            ResourceContents::Text(t) => &t.uri,
            ResourceContents::Blob(b) => &b.uri,
        }
    }

    /// MIME type, when known.
    pub fn mime_type(&self) -> Option<&str> {
        match self {
            ResourceContents::Text(t) => t.mime_type.as_deref(),
            ResourceContents::Blob(b) => b.mime_type.as_deref(),
        }
    }
}

/// A resource's contents embedded in a prompt or tool result (`EmbeddedResource`,
/// `type: "resource"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbeddedResource {
    /// The contents.
    pub resource: ResourceContents,
    /// Display and audience hints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Annotations>,
    /// Metadata (2025-06-18 and later).
    #[serde(rename = "_meta", default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl EmbeddedResource {
    /// Embeds `resource` without annotations.
    pub fn new(resource: ResourceContents) -> Self {
        EmbeddedResource { resource, annotations: None, meta: None }
    }
}

/// One piece of content in a tool result or prompt message (`ContentBlock`, named in
/// 2025-06-18 and later; earlier revisions spell the union inline).
///
/// Tagged by `type`. Which kinds a revision defines: `text`, `image`, `resource` always;
/// `audio` from 2025-03-26; `resource_link` from 2025-06-18. [`Revisioned::adapt_to`] turns
/// a kind the revision lacks into [`TextContent`]: a resource link into its URI, audio into
/// the note `[audio: <mimeType>]`; annotations are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ContentBlock {
    /// `"text"`.
    #[serde(rename = "text")]
    Text(TextContent),
    /// `"image"`.
    #[serde(rename = "image")]
    Image(ImageContent),
    /// `"audio"` (2025-03-26 and later).
    #[serde(rename = "audio")]
    Audio(AudioContent),
    /// `"resource_link"` (2025-06-18 and later).
    #[serde(rename = "resource_link")]
    ResourceLink(ResourceLink),
    /// `"resource"`.
    #[serde(rename = "resource")]
    Resource(EmbeddedResource),
}

impl ContentBlock {
    /// A text block.
    pub fn text(text: impl Into<String>) -> Self {
        ContentBlock::Text(TextContent::new(text))
    }

    /// An image block from base64 `data`.
    pub fn image(data: impl Into<String>, mime_type: impl Into<String>) -> Self {
        ContentBlock::Image(ImageContent::new(data, mime_type))
    }

    /// An audio block from base64 `data`.
    pub fn audio(data: impl Into<String>, mime_type: impl Into<String>) -> Self {
        ContentBlock::Audio(AudioContent::new(data, mime_type))
    }

    /// A resource link to `uri` named `name`.
    pub fn resource_link(uri: impl Into<String>, name: impl Into<String>) -> Self {
        ContentBlock::ResourceLink(Resource::new(uri, name))
    }

    /// An embedded resource block.
    pub fn embedded(resource: ResourceContents) -> Self {
        ContentBlock::Resource(EmbeddedResource::new(resource))
    }

    /// The text, when this is a text block.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ContentBlock::Text(t) => Some(&t.text),
            _ => None,
        }
    }

    /// The wire value of `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            ContentBlock::Text(_) => "text",
            ContentBlock::Image(_) => "image",
            ContentBlock::Audio(_) => "audio",
            ContentBlock::ResourceLink(_) => "resource_link",
            ContentBlock::Resource(_) => "resource",
        }
    }

    /// Whether `version` defines this kind of block.
    pub fn is_defined_in(&self, version: ProtocolVersion) -> bool {
        match self {
            ContentBlock::Audio(_) => version >= ProtocolVersion::V2025_03_26,
            ContentBlock::ResourceLink(_) => version >= ProtocolVersion::V2025_06_18,
            _ => true,
        }
    }
}

impl From<TextContent> for ContentBlock {
    fn from(c: TextContent) -> Self {
        ContentBlock::Text(c)
    }
}

impl From<ImageContent> for ContentBlock {
    fn from(c: ImageContent) -> Self {
        ContentBlock::Image(c)
    }
}

impl From<AudioContent> for ContentBlock {
    fn from(c: AudioContent) -> Self {
        ContentBlock::Audio(c)
    }
}

impl From<EmbeddedResource> for ContentBlock {
    fn from(c: EmbeddedResource) -> Self {
        ContentBlock::Resource(c)
    }
}

impl Revisioned for ContentBlock {
    fn adapt_to(&mut self, version: ProtocolVersion) {
        if self.is_defined_in(version) {
            return;
        }
        let replacement = match self {
            ContentBlock::Audio(a) => TextContent {
                text: format!("[audio: {}]", a.mime_type),
                annotations: a.annotations.take(),
                meta: None,
            },
            ContentBlock::ResourceLink(l) => {
                TextContent { text: l.uri.clone(), annotations: l.annotations.take(), meta: None }
            }
            _ => return,
        };
        *self = ContentBlock::Text(replacement);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::schema::common::test_support::{examples, round_trip_examples};

    #[test]
    fn content_examples_round_trip() {
        for (definition, kind) in [
            ("TextContent", "text"),
            ("ImageContent", "image"),
            ("AudioContent", "audio"),
            ("ResourceLink", "resource_link"),
            ("EmbeddedResource", "resource"),
        ] {
            let blocks: Vec<ContentBlock> = round_trip_examples(definition);
            assert!(blocks.iter().all(|b| b.kind() == kind), "{definition}");
        }
    }

    #[test]
    fn resource_contents_examples_round_trip() {
        let text: Vec<ResourceContents> = round_trip_examples("TextResourceContents");
        assert!(matches!(&text[0], ResourceContents::Text(t) if t.text == "Resource content"));
        let blob: Vec<ResourceContents> = round_trip_examples("BlobResourceContents");
        assert!(matches!(&blob[0], ResourceContents::Blob(b) if b.mime_type.as_deref() == Some("image/png")));
        // The typed structs decode the same examples directly.
        for (path, json) in examples("BlobResourceContents") {
            let b: BlobResourceContents = serde_json::from_value(json.clone()).expect(&path);
            assert_eq!(serde_json::to_value(b).unwrap(), json);
        }
    }

    #[test]
    fn embedded_example_keeps_annotations() {
        let blocks: Vec<ContentBlock> = round_trip_examples("EmbeddedResource");
        let ContentBlock::Resource(e) = &blocks[0] else { panic!("not embedded") };
        assert_eq!(e.annotations.as_ref().unwrap().last_modified.as_deref(), Some("2025-05-03T14:30:00Z"));
        assert_eq!(e.resource.uri(), "file:///project/src/main.rs");
    }

    #[test]
    fn tag_is_checked() {
        assert!(serde_json::from_value::<ContentBlock>(json!({"type": "video", "data": ""})).is_err());
        assert!(serde_json::from_value::<ContentBlock>(json!({"text": "no tag"})).is_err());
        assert!(serde_json::from_value::<ContentBlock>(json!({"type": "image", "data": "x"})).is_err());
        assert!(serde_json::from_value::<ResourceContents>(json!({"uri": "file:///a"})).is_err());
        assert_eq!(
            serde_json::to_value(ContentBlock::text("hi")).unwrap(),
            json!({"type": "text", "text": "hi"})
        );
    }

    #[test]
    fn blocks_unknown_to_old_revisions_become_text() {
        let mut link = ContentBlock::resource_link("file:///a.txt", "a");
        link.adapt_to(ProtocolVersion::V2025_06_18);
        assert_eq!(link.kind(), "resource_link");
        link.adapt_to(ProtocolVersion::V2025_03_26);
        assert_eq!(link.as_text(), Some("file:///a.txt"));

        let mut audio = ContentBlock::audio("AAAA", "audio/wav");
        audio.adapt_to(ProtocolVersion::V2025_03_26);
        assert_eq!(audio.kind(), "audio");
        audio.adapt_to(ProtocolVersion::V2024_11_05);
        assert_eq!(audio.as_text(), Some("[audio: audio/wav]"));

        let mut text = ContentBlock::text("x");
        text.adapt_to(ProtocolVersion::V2024_11_05);
        assert_eq!(text, ContentBlock::text("x"));
    }
}
