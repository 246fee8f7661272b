//! Messages our schema types produce for a revision validate against that revision's official
//! `spec/schema/<revision>/schema.json`, for every request, result and notification the revision
//! defines.
//!
//! For each of the five revisions, [`samples`] builds one message per concrete request, result
//! and notification definition from the Rust types (realistic values, optional members filled in
//! where the revision has them), adapts it with [`Revisioned::adapt_to`], serializes it, wraps
//! requests and notifications in JSON-RPC envelopes (2026-07-28 requests get the required
//! `_meta`), and validates it against `#/$defs/<Name>` (or `#/definitions/<Name>` before
//! 2025-11-25) with one validator map compiled from the whole schema document per revision.
//! The test also enumerates the revision's definitions ending in `Request`, `Result` and
//! `Notification` and fails when one is neither sampled nor in [`EXCLUDED`].

mod support;

use std::collections::BTreeSet;

use mcp_jsonrpc::schema::{
    Meta, Revisioned, capabilities::*, common::*, completion::*, content::*, elicitation::*, input::*,
    lifecycle::*, logging::*, meta_keys, methods, notifications::*, prompts::*, resources::*, roots::*,
    sampling::*, subscriptions::*, tasks::*, tools::*,
};
use mcp_jsonrpc::{Message, Notification, ProtocolVersion, Request, RequestId, ResultResponse};
use serde::Serialize;
use serde_json::{Value, json};

use support::{RevisionSchema, examples, json_diff, schema_document};

/// Definitions ending in `Request`, `Result` or `Notification` that are not concrete messages:
/// abstract bases, unions of concrete messages, and the envelopes. Each concrete member of a
/// union is sampled on its own.
const EXCLUDED: &[(&str, &str)] = &[
    ("Request", "abstract base of every request"),
    ("Result", "abstract base of every result"),
    ("Notification", "abstract base of every notification"),
    ("JSONRPCRequest", "envelope; every sample request is validated against it too"),
    ("JSONRPCNotification", "envelope; every sample notification is validated against it too"),
    ("JSONRPCBatchRequest", "2025-03-26 batch envelope: an array of requests and notifications"),
    ("PaginatedRequest", "abstract base of the list requests"),
    ("PaginatedResult", "abstract base of the list results"),
    ("CacheableResult", "2026-07-28 abstract base of the results with ttlMs/cacheScope"),
    ("ClientRequest", "union of the client's requests"),
    ("ServerRequest", "union of the server's requests"),
    ("ClientResult", "union of the client's results"),
    ("ServerResult", "union of the server's results"),
    (
        "ClientNotification",
        "union of the client's notifications (2026-07-28: an alias of CancelledNotification)",
    ),
    ("ServerNotification", "union of the server's notifications"),
    ("InputRequest", "2026-07-28 union of CreateMessageRequest, ListRootsRequest, ElicitRequest"),
];

/// Official 2026-07-28 examples that do not satisfy their own definition. They pass the open
/// validation only through another branch of an `anyOf`, which the closed check exposes.
const INVALID_OFFICIAL_EXAMPLES: &[(&str, &str)] = &[(
    "ReadResourceResultResponse/read-resource-result-response.json",
    "its result lacks `ttlMs` and `cacheScope`, which `ReadResourceResult` requires in 2026-07-28 \
     (SEP-2549); it only matches the `InputRequiredResult` branch of the open schema",
)];

fn is_message_definition(name: &str) -> bool {
    name.ends_with("Request") || name.ends_with("Result") || name.ends_with("Notification")
}

fn excluded(name: &str) -> bool {
    EXCLUDED.iter().any(|(n, _)| *n == name)
}

// ---------------------------------------------------------------------------------------------
// The harness itself (no schema types needed).
// ---------------------------------------------------------------------------------------------

#[test]
fn harness_locates_every_revision_schema_and_its_definitions_key() {
    for version in ProtocolVersion::ALL {
        let schema = RevisionSchema::get(version);
        let expected = if version >= ProtocolVersion::V2025_11_25 { "$defs" } else { "definitions" };
        assert_eq!(schema.defs_key, expected, "{version}");
        for name in ["JSONRPCRequest", "JSONRPCNotification", "Result", "CallToolRequest", "CallToolResult"] {
            assert!(schema.has(name), "{version} should define {name}");
        }
        let messages = schema.definitions.iter().filter(|n| is_message_definition(n)).count();
        assert!(messages >= 45, "{version}: only {messages} message definitions found");
        assert!(schema.validate("NoSuchDefinition", &json!({})).is_err());
    }
    // Every exclusion names a real abstract definition of some revision.
    for (name, _) in EXCLUDED {
        assert!(is_message_definition(name), "{name}");
        assert!(
            ProtocolVersion::ALL.iter().any(|v| RevisionSchema::get(*v).has(name)),
            "stale exclusion {name}"
        );
    }
}

#[test]
fn harness_official_examples_validate_against_their_definitions() {
    // Positive control: the official 2026-07-28 examples are valid against the 2026-07-28 schema,
    // so a failure of one of our samples is about the sample, not about the harness.
    let schema = RevisionSchema::get(ProtocolVersion::V2026_07_28);
    let mut checked = 0;
    let mut failures = Vec::new();
    for example in examples() {
        assert!(schema.has(&example.definition), "{}: no such definition", example.label());
        if let Err(e) = schema.validate(&example.definition, &example.value) {
            failures.push(format!("{}: {e}", example.label()));
        }
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} examples found");
    // The closed form (no undeclared members) holds for the official examples too, except for
    // the ones listed in INVALID_OFFICIAL_EXAMPLES, which must still fail it (so the list is
    // updated when the vendored examples are).
    for example in examples() {
        let known = INVALID_OFFICIAL_EXAMPLES.iter().any(|(label, _)| *label == example.label());
        match (schema.validate_closed(&example.definition, &example.value), known) {
            (Err(e), false) => failures.push(format!("{}: {e}", example.label())),
            (Ok(()), true) => failures.push(format!("{}: listed as invalid but passes", example.label())),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "official examples failing validation:\n{}", failures.join("\n"));
}

#[test]
fn harness_validator_rejects_invalid_messages() {
    let modern = RevisionSchema::get(ProtocolVersion::V2026_07_28);
    let legacy = RevisionSchema::get(ProtocolVersion::V2025_06_18);
    let call = json!({
        "jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {
            "_meta": {
                "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities": {}
            },
            "name": "get_weather"
        }
    });
    modern.validate("CallToolRequest", &call).expect("the control request is valid");

    let mut without_meta = call.clone();
    without_meta["params"].as_object_mut().unwrap().remove("_meta");
    let error = modern.validate("CallToolRequest", &without_meta).expect_err("_meta is required");
    assert!(error.contains("_meta"), "{error}");
    legacy.validate("CallToolRequest", &without_meta).expect("legacy requests have no required _meta");

    let mut wrong_method = call.clone();
    wrong_method["method"] = json!("tools/list");
    assert!(modern.validate("CallToolRequest", &wrong_method).is_err());

    let mut null_id = call.clone();
    null_id["id"] = Value::Null;
    assert!(modern.validate("CallToolRequest", &null_id).is_err());

    let result = json!({"resultType": "complete", "content": [{"type": "text", "text": "ok"}]});
    modern.validate("CallToolResult", &result).expect("the control result is valid");
    let mut no_result_type = result.clone();
    no_result_type.as_object_mut().unwrap().remove("resultType");
    let error = modern.validate("CallToolResult", &no_result_type).expect_err("resultType is required");
    assert!(error.contains("resultType"), "{error}");
    legacy.validate("CallToolResult", &no_result_type).expect("legacy results have no resultType");

    // Formats are asserted: `uri` and base64 `byte`.
    let blob = json!({"uri": "file:///a.png", "blob": "iVBORw0KGgo=", "mimeType": "image/png"});
    modern.validate("BlobResourceContents", &blob).expect("valid blob");
    let mut bad_blob = blob.clone();
    bad_blob["blob"] = json!("not base64!");
    assert!(modern.validate("BlobResourceContents", &bad_blob).is_err());
    let mut bad_uri = blob.clone();
    bad_uri["uri"] = json!("no scheme here");
    assert!(modern.validate("BlobResourceContents", &bad_uri).is_err());
}

#[test]
fn harness_json_diff_ignores_member_order_and_names_the_first_difference() {
    let a: Value = serde_json::from_str(r#"{"a":1,"b":{"c":[1,2,{"d":"x"}]}}"#).unwrap();
    let b: Value = serde_json::from_str(r#"{"b":{"c":[1,2,{"d":"x"}]},"a":1.0}"#).unwrap();
    assert_eq!(json_diff(&a, &b), None);
    let c = json!({"a": 1, "b": {"c": [1, 2, {"d": "y"}]}});
    assert_eq!(json_diff(&a, &c).unwrap(), r#"/b/c/2/d: expected "x", got "y""#);
    let d = json!({"a": 1, "b": {"c": [1, 2, {"d": "x"}]}, "e": null});
    assert_eq!(json_diff(&a, &d).unwrap(), "/e: unexpected member null");
    let e = json!({"a": 1});
    assert!(json_diff(&a, &e).unwrap().starts_with("/b: missing"));
    assert!(json_diff(&json!([1, 2]), &json!([1])).is_some());
    assert!(json_diff(&json!(1), &json!(2)).is_some());
    assert!(support::is_base64("iVBORw0KGgo=") && support::is_base64(""));
    assert!(!support::is_base64("abc") && !support::is_base64("ab=c") && !support::is_base64("a==="));
}

// ---------------------------------------------------------------------------------------------
// Samples: one message per concrete request, result and notification of a revision, built
// from the schema types.
// ---------------------------------------------------------------------------------------------

/// One message, ready to validate.
struct Sample {
    /// The definition it must validate against.
    definition: &'static str,
    /// What it is, for the envelope check.
    kind: Kind,
    /// The serialized message (requests and notifications: the whole JSON-RPC message; results:
    /// the `result` member; input requests: the `{method, params}` object).
    value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Notification,
    Result,
    InputRequest,
    /// A 2026-07-28 input response (`CreateMessageResult`, `ListRootsResult`, `ElicitResult`):
    /// sent inside `inputResponses` of a retried request, not as a JSON-RPC result.
    InputResponse,
}

/// Builds the samples of one revision. Members that [`Revisioned::adapt_to`] is documented to
/// handle (`resultType`, `ttlMs`, `cacheScope`, `inputResponses`, `requestState`, `task`,
/// capability `extensions`/`tasks`, `outputSchema`, `structuredContent`, content kinds a revision
/// lacks) are always filled in, and adapting has to remove them where the revision does not
/// define them; every other optional member is filled in only where the revision defines it.
struct Sampler {
    version: ProtocolVersion,
    next_id: i64,
    samples: Vec<Sample>,
}

impl Sampler {
    fn new(version: ProtocolVersion) -> Self {
        Sampler { version, next_id: 1, samples: Vec::new() }
    }

    fn at_least(&self, version: ProtocolVersion) -> bool {
        self.version >= version
    }

    fn modern(&self) -> bool {
        self.version.is_modern()
    }

    fn id(&mut self) -> RequestId {
        self.next_id += 1;
        // Both id forms, alternately.
        if self.next_id % 2 == 0 {
            RequestId::Number(self.next_id)
        } else {
            format!("req-{}", self.next_id).into()
        }
    }

    /// The client's capabilities, as the revision defines them.
    fn client_capabilities(&self) -> ClientCapabilities {
        let mut sampling = SamplingCapability::default();
        let mut elicitation = ElicitationCapability::default();
        if self.at_least(ProtocolVersion::V2025_11_25) {
            sampling.context = Some(JsonObject::new());
            sampling.tools = Some(JsonObject::new());
            elicitation.form = Some(JsonObject::new());
            elicitation.url = Some(JsonObject::new());
        }
        ClientCapabilities {
            roots: Some(RootsCapability { list_changed: Some(true), ..Default::default() }),
            sampling: Some(sampling),
            elicitation: self.at_least(ProtocolVersion::V2025_06_18).then_some(elicitation),
            extensions: Some(
                [("io.modelcontextprotocol/ui".to_owned(), JsonObject::new())].into_iter().collect(),
            ),
            tasks: Some(TasksCapability { list: Some(JsonObject::new()), ..Default::default() }),
            ..Default::default()
        }
        .for_revision(self.version)
    }

    fn server_capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            logging: Some(JsonObject::new()),
            completions: self.at_least(ProtocolVersion::V2025_03_26).then(JsonObject::new),
            prompts: Some(PromptsCapability { list_changed: Some(true), ..Default::default() }),
            resources: Some(ResourcesCapability {
                subscribe: Some(true),
                list_changed: Some(true),
                ..Default::default()
            }),
            tools: Some(ToolsCapability { list_changed: Some(true), ..Default::default() }),
            extensions: Some(
                [("io.modelcontextprotocol/tasks".to_owned(), JsonObject::new())].into_iter().collect(),
            ),
            tasks: Some(TasksCapability { list: Some(JsonObject::new()), ..Default::default() }),
            ..Default::default()
        }
        .for_revision(self.version)
    }

    fn implementation(&self, name: &str) -> Implementation {
        let mut info = Implementation::new(name, "1.4.2");
        if self.at_least(ProtocolVersion::V2025_06_18) {
            info.title = Some(format!("{name} (title)"));
        }
        if self.at_least(ProtocolVersion::V2025_11_25) {
            info.description = Some("An example implementation".into());
            info.website_url = Some("https://example.com/".into());
            info.icons = Some(vec![self.icon()]);
        }
        info
    }

    fn icon(&self) -> Icon {
        Icon {
            src: "https://example.com/icon.png".into(),
            mime_type: Some("image/png".into()),
            sizes: Some(vec!["48x48".into()]),
            theme: Some(IconTheme::Light),
        }
    }

    fn icons(&self) -> Option<Vec<Icon>> {
        self.at_least(ProtocolVersion::V2025_11_25).then(|| vec![self.icon()])
    }

    fn title(&self, title: &str) -> Option<String> {
        self.at_least(ProtocolVersion::V2025_06_18).then(|| title.to_owned())
    }

    /// `_meta` of a request: for 2026-07-28 the required protocol version and client
    /// capabilities plus the optional client info and log level; a progress token everywhere.
    fn request_meta(&self) -> Meta {
        let mut meta = Meta::new().with(meta_keys::PROGRESS_TOKEN, "progress-7");
        if self.modern() {
            meta.set(meta_keys::PROTOCOL_VERSION, self.version);
            meta.set(meta_keys::CLIENT_CAPABILITIES, self.client_capabilities());
            meta.set(meta_keys::CLIENT_INFO, self.implementation("example-client"));
            meta.set(meta_keys::LOG_LEVEL, LoggingLevel::Info);
        }
        meta
    }

    /// `_meta` of a notification on a 2026-07-28 listen stream (empty for legacy revisions).
    fn notification_meta(&self) -> Option<Meta> {
        self.modern().then(|| Meta::new().with(meta_keys::SUBSCRIPTION_ID, "listen-1"))
    }

    /// `_meta` of a result: the server's `Implementation` (2026-07-28).
    fn result_meta(&self) -> Option<Meta> {
        self.modern().then(|| Meta::new().with(meta_keys::SERVER_INFO, self.implementation("example-server")))
    }

    fn annotations(&self) -> Option<Annotations> {
        Some(Annotations {
            audience: Some(vec![Role::User, Role::Assistant]),
            priority: Some(0.5),
            last_modified: self.at_least(ProtocolVersion::V2025_06_18).then(|| "2025-01-12T15:00:58Z".into()),
        })
    }

    fn content(&self) -> Vec<ContentBlock> {
        let mut blocks = vec![
            ContentBlock::Text(TextContent {
                annotations: self.annotations(),
                ..TextContent::new("72°F, sunny")
            }),
            ContentBlock::image(
                concat!(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA",
                    "WjR9awAAAABJRU5ErkJggg=="
                ),
                "image/png",
            ),
            ContentBlock::embedded(ResourceContents::text("file:///project/README.md", "# Project")),
        ];
        // Audio (2025-03-26) and resource links (2025-06-18): adapting turns them into text for
        // older revisions.
        blocks.push(ContentBlock::audio(
            "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=",
            "audio/wav",
        ));
        blocks.push(ContentBlock::resource_link("file:///project/src/main.rs", "main.rs"));
        blocks
    }

    fn tool(&self) -> Tool {
        let input_schema = json!({
            "type": "object",
            "properties": {"location": {"type": "string", "description": "City name"}},
            "required": ["location"]
        });
        let output_schema = json!({
            "type": "object",
            "properties": {"temperature": {"type": "number"}},
            "required": ["temperature"]
        });
        Tool {
            name: "get_weather".into(),
            title: self.title("Weather"),
            description: Some("Current weather for a location".into()),
            input_schema: input_schema.as_object().cloned().unwrap(),
            output_schema: output_schema.as_object().cloned(),
            annotations: self.at_least(ProtocolVersion::V2025_03_26).then(|| ToolAnnotations {
                title: Some("Weather".into()),
                read_only_hint: Some(true),
                destructive_hint: Some(false),
                idempotent_hint: Some(true),
                open_world_hint: Some(true),
            }),
            icons: self.icons(),
            // `execution` (tasks) is a 2025-11-25 member only; see
            // `type_bugs_tool_execution_is_removed_where_its_revision_lacks_it`.
            execution: (self.version == ProtocolVersion::V2025_11_25)
                .then_some(ToolExecution { task_support: Some(TaskSupport::Optional) }),
            meta: self
                .at_least(ProtocolVersion::V2025_06_18)
                .then(|| Meta::new().with("com.example/tier", "free")),
        }
    }

    fn resource(&self) -> Resource {
        Resource {
            uri: "file:///project/src/main.rs".into(),
            name: "main.rs".into(),
            title: self.title("Main source file"),
            description: Some("The entry point".into()),
            mime_type: Some("text/x-rust".into()),
            size: self.at_least(ProtocolVersion::V2025_03_26).then_some(1024),
            annotations: self.annotations(),
            icons: self.icons(),
            meta: self.at_least(ProtocolVersion::V2025_06_18).then(Meta::new),
        }
    }

    fn sampling_message(&self) -> SamplingMessage {
        SamplingMessage::user_text("What is the capital of France?")
    }

    fn create_message_params(&self) -> CreateMessageRequestParams {
        let mut params = CreateMessageRequestParams::new(vec![self.sampling_message()], 100);
        params.model_preferences = Some(ModelPreferences {
            hints: Some(vec![ModelHint { name: Some("claude-3-sonnet".into()), ..Default::default() }]),
            cost_priority: Some(0.3),
            speed_priority: Some(0.5),
            intelligence_priority: Some(0.8),
        });
        params.system_prompt = Some("You are a helpful assistant.".into());
        params.include_context = Some(IncludeContext::ThisServer);
        params.temperature = Some(0.7);
        params.stop_sequences = Some(vec!["\n\n".into()]);
        params.metadata = Some(json!({"conversation": "c-1"}).as_object().cloned().unwrap());
        if self.at_least(ProtocolVersion::V2025_11_25) {
            params.tools = Some(vec![self.tool()]);
            params.tool_choice = Some(ToolChoice { mode: Some(ToolChoiceMode::Auto) });
        }
        params.task = Some(TaskMetadata { ttl: Some(60_000) });
        params.for_revision(self.version)
    }

    fn create_message_result(&self) -> CreateMessageResult {
        let mut result = CreateMessageResult::assistant_text("claude-3-sonnet-20240307", "Paris.");
        result.stop_reason = Some("endTurn".into());
        result.for_revision(self.version)
    }

    fn elicit_form_params(&self) -> ElicitRequestParams {
        let properties = vec![
            (
                "email".to_owned(),
                PrimitiveSchemaDefinition::String(StringSchema {
                    title: Some("Email".into()),
                    description: Some("Where to send the report".into()),
                    format: Some(StringFormat::Email),
                    ..Default::default()
                }),
            ),
            (
                "subscribe".to_owned(),
                PrimitiveSchemaDefinition::Boolean(BooleanSchema {
                    title: Some("Subscribe".into()),
                    default: self.at_least(ProtocolVersion::V2025_11_25).then_some(false),
                    ..Default::default()
                }),
            ),
        ];
        let mut schema = RequestedSchema::new(properties);
        schema.required = Some(vec!["email".into()]);
        let mut params = ElicitRequestFormParams::new("Please provide your email address", schema);
        params.mode = Some(FormMode);
        params.task = Some(TaskMetadata { ttl: Some(60_000) });
        ElicitRequestParams::Form(params).for_revision(self.version)
    }

    fn elicit_url_params(&self) -> ElicitRequestParams {
        let mut params = ElicitRequestURLParams::new(
            "Please sign in to your account",
            "https://example.com/authorize?s=1",
        );
        params.elicitation_id = Some("elicit-42".into());
        ElicitRequestParams::Url(params).for_revision(self.version)
    }

    fn elicit_result(&self) -> ElicitResult {
        ElicitResult::accept(
            [("email".to_owned(), ElicitValue::String("user@example.com".into()))].into_iter().collect(),
        )
        .for_revision(self.version)
    }

    fn list_roots_result(&self) -> ListRootsResult {
        ListRootsResult::new(vec![Root::new("file:///home/user/project").named("project")])
            .for_revision(self.version)
    }

    fn input_responses(&self) -> InputResponses {
        [
            ("email".to_owned(), InputResponse::Elicit(self.elicit_result())),
            ("capital".to_owned(), InputResponse::CreateMessage(self.create_message_result())),
            ("roots".to_owned(), InputResponse::ListRoots(self.list_roots_result())),
        ]
        .into_iter()
        .collect()
    }

    fn task(&self) -> Task {
        Task {
            task_id: "task-1".into(),
            status: TaskStatus::Working,
            status_message: Some("Fetching data".into()),
            created_at: "2025-11-25T10:30:00Z".into(),
            last_updated_at: "2025-11-25T10:31:00Z".into(),
            ttl: Some(60_000),
            poll_interval: Some(5_000),
        }
    }

    // --- adding samples ---

    fn push(&mut self, definition: &'static str, kind: Kind, value: Value) {
        self.samples.push(Sample { definition, kind, value });
    }

    /// A JSON-RPC request built with [`Request::new`].
    fn request<P: Serialize>(&mut self, definition: &'static str, method: &str, params: &P) {
        let id = self.id();
        let message = Message::Request(Request::new(id, method, params).expect("params serialize"));
        self.push(definition, Kind::Request, serde_json::to_value(&message).unwrap());
    }

    /// A JSON-RPC notification built with [`Notification::new`].
    fn notification<P: Serialize>(&mut self, definition: &'static str, method: &str, params: &P) {
        let message = Message::Notification(Notification::new(method, params).expect("params serialize"));
        self.push(definition, Kind::Notification, serde_json::to_value(&message).unwrap());
    }

    /// A result, adapted to the revision.
    fn result<R: Serialize + Revisioned>(&mut self, definition: &'static str, result: R) {
        let result = result.for_revision(self.version);
        self.push(definition, Kind::Result, serde_json::to_value(&result).unwrap());
    }

    /// A client result: a JSON-RPC result before 2026-07-28, an input response in 2026-07-28.
    fn client_result<R: Serialize + Revisioned>(&mut self, definition: &'static str, result: R) {
        let kind = if self.modern() { Kind::InputResponse } else { Kind::Result };
        let result = result.for_revision(self.version);
        self.push(definition, kind, serde_json::to_value(&result).unwrap());
    }

    /// A 2026-07-28 input request (`{method, params}`), adapted to the revision.
    fn input_request(&mut self, definition: &'static str, request: InputRequest) {
        let request = request.for_revision(self.version);
        self.push(definition, Kind::InputRequest, serde_json::to_value(&request).unwrap());
    }
}

/// Every sample of `version`.
fn samples(version: ProtocolVersion) -> Vec<Sample> {
    use ProtocolVersion::*;
    let mut s = Sampler::new(version);
    let modern = s.modern();
    let request_meta = s.request_meta();
    let req_meta = || Some(request_meta.clone());

    // Lifecycle.
    if modern {
        s.request("DiscoverRequest", methods::SERVER_DISCOVER, &RequestParams { meta: req_meta() });
        let mut discover = DiscoverResult {
            supported_versions: vec![V2026_07_28.as_str().into(), V2025_11_25.as_str().into()],
            capabilities: s.server_capabilities(),
            instructions: Some("Prefer get_weather for forecasts.".into()),
            ttl_ms: Some(3_600_000),
            cache_scope: Some(CacheScope::Public),
            meta: s.result_meta(),
            ..Default::default()
        };
        discover.set_server_info(&s.implementation("example-server"));
        s.result("DiscoverResult", discover);
    } else {
        let params = InitializeRequestParams {
            protocol_version: version.as_str().into(),
            capabilities: s.client_capabilities(),
            client_info: s.implementation("example-client"),
            meta: req_meta(),
        };
        s.request("InitializeRequest", methods::INITIALIZE, &params);
        let result = InitializeResult {
            protocol_version: version.as_str().into(),
            capabilities: s.server_capabilities(),
            server_info: s.implementation("example-server"),
            instructions: Some("Prefer get_weather for forecasts.".into()),
            ..Default::default()
        };
        s.result("InitializeResult", result);
        s.notification(
            "InitializedNotification",
            methods::NOTIFICATIONS_INITIALIZED,
            &NotificationParams::default(),
        );
        s.request("PingRequest", methods::PING, &RequestParams { meta: req_meta() });
    }
    s.result("EmptyResult", EmptyResult { meta: s.result_meta(), ..Default::default() });

    // Tools.
    s.request(
        "ListToolsRequest",
        methods::TOOLS_LIST,
        &PaginatedRequestParams { cursor: Some("page-2".into()), meta: req_meta() },
    );
    let tools = ListToolsResult {
        tools: vec![s.tool()],
        next_cursor: Some("page-3".into()),
        ttl_ms: Some(60_000),
        cache_scope: Some(CacheScope::Public),
        meta: s.result_meta(),
        ..Default::default()
    };
    s.result("ListToolsResult", tools);
    let call = CallToolRequestParams {
        name: "get_weather".into(),
        arguments: json!({"location": "Paris"}).as_object().cloned(),
        task: Some(TaskMetadata { ttl: Some(60_000) }),
        input_responses: Some(s.input_responses()),
        request_state: Some("opaque-state-1".into()),
        meta: req_meta(),
    }
    .for_revision(version);
    s.request("CallToolRequest", methods::TOOLS_CALL, &call);
    let result = CallToolResult {
        content: s.content(),
        structured_content: Some(json!({"temperature": 22.5})),
        is_error: Some(false),
        meta: s.result_meta(),
        ..Default::default()
    };
    s.result("CallToolResult", result);

    // Resources.
    s.request(
        "ListResourcesRequest",
        methods::RESOURCES_LIST,
        &PaginatedRequestParams { cursor: Some("page-2".into()), meta: req_meta() },
    );
    s.result(
        "ListResourcesResult",
        ListResourcesResult {
            resources: vec![s.resource()],
            next_cursor: Some("page-3".into()),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Private),
            meta: s.result_meta(),
            ..Default::default()
        },
    );
    s.request(
        "ListResourceTemplatesRequest",
        methods::RESOURCES_TEMPLATES_LIST,
        &PaginatedRequestParams { cursor: None, meta: req_meta() },
    );
    let template = ResourceTemplate {
        uri_template: "file:///project/{path}".into(),
        name: "project-files".into(),
        title: s.title("Project files"),
        description: Some("Any file of the project".into()),
        mime_type: Some("text/plain".into()),
        annotations: s.annotations(),
        icons: s.icons(),
        meta: None,
    };
    s.result(
        "ListResourceTemplatesResult",
        ListResourceTemplatesResult {
            resource_templates: vec![template],
            next_cursor: Some("page-3".into()),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Public),
            meta: s.result_meta(),
            ..Default::default()
        },
    );
    let read = ReadResourceRequestParams {
        uri: "file:///project/src/main.rs".into(),
        input_responses: Some(s.input_responses()),
        request_state: Some("opaque-state-2".into()),
        meta: req_meta(),
    }
    .for_revision(version);
    s.request("ReadResourceRequest", methods::RESOURCES_READ, &read);
    s.result(
        "ReadResourceResult",
        ReadResourceResult {
            contents: vec![
                ResourceContents::Text(TextResourceContents {
                    uri: "file:///project/src/main.rs".into(),
                    text: "fn main() {}".into(),
                    mime_type: Some("text/x-rust".into()),
                    meta: None,
                }),
                ResourceContents::Blob(BlobResourceContents {
                    uri: "file:///project/logo.png".into(),
                    blob: "iVBORw0KGgo=".into(),
                    mime_type: Some("image/png".into()),
                    meta: None,
                }),
            ],
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Private),
            meta: s.result_meta(),
            ..Default::default()
        },
    );
    if !modern {
        s.request(
            "SubscribeRequest",
            methods::RESOURCES_SUBSCRIBE,
            &SubscribeRequestParams { uri: "file:///project/src/main.rs".into(), meta: req_meta() },
        );
        s.request(
            "UnsubscribeRequest",
            methods::RESOURCES_UNSUBSCRIBE,
            &UnsubscribeRequestParams { uri: "file:///project/src/main.rs".into(), meta: req_meta() },
        );
    }
    let updated = ResourceUpdatedNotificationParams {
        uri: "file:///project/src/main.rs".into(),
        meta: s.notification_meta(),
    };
    s.notification("ResourceUpdatedNotification", methods::NOTIFICATIONS_RESOURCES_UPDATED, &updated);
    let changed = NotificationParams { meta: s.notification_meta() };
    s.notification(
        "ResourceListChangedNotification",
        methods::NOTIFICATIONS_RESOURCES_LIST_CHANGED,
        &changed,
    );
    s.notification("ToolListChangedNotification", methods::NOTIFICATIONS_TOOLS_LIST_CHANGED, &changed);
    s.notification("PromptListChangedNotification", methods::NOTIFICATIONS_PROMPTS_LIST_CHANGED, &changed);

    // Prompts.
    s.request(
        "ListPromptsRequest",
        methods::PROMPTS_LIST,
        &PaginatedRequestParams { cursor: None, meta: req_meta() },
    );
    let prompt = Prompt {
        name: "code_review".into(),
        title: s.title("Request Code Review"),
        description: Some("Asks the LLM to review code".into()),
        arguments: Some(vec![PromptArgument {
            name: "code".into(),
            title: s.title("Code"),
            description: Some("The code to review".into()),
            required: Some(true),
        }]),
        icons: s.icons(),
        meta: None,
    };
    s.result(
        "ListPromptsResult",
        ListPromptsResult {
            prompts: vec![prompt],
            next_cursor: Some("page-2".into()),
            ttl_ms: Some(60_000),
            cache_scope: Some(CacheScope::Public),
            meta: s.result_meta(),
            ..Default::default()
        },
    );
    let get = GetPromptRequestParams {
        name: "code_review".into(),
        arguments: Some([("code".to_owned(), "fn main() {}".to_owned())].into_iter().collect()),
        input_responses: Some(s.input_responses()),
        request_state: Some("opaque-state-3".into()),
        meta: req_meta(),
    }
    .for_revision(version);
    s.request("GetPromptRequest", methods::PROMPTS_GET, &get);
    let content = s.content();
    s.result(
        "GetPromptResult",
        GetPromptResult {
            description: Some("Code review prompt".into()),
            messages: content
                .into_iter()
                .map(|content| PromptMessage { role: Role::User, content })
                .collect(),
            meta: s.result_meta(),
            ..Default::default()
        },
    );

    // Completion.
    let complete = CompleteRequestParams {
        reference: CompletionReference::Prompt(PromptReference {
            name: "code_review".into(),
            title: s.title("Code review"),
        }),
        argument: CompletionArgument { name: "language".into(), value: "py".into() },
        context: s.at_least(V2025_06_18).then(|| CompletionContext {
            arguments: Some([("framework".to_owned(), "django".to_owned())].into_iter().collect()),
        }),
        meta: req_meta(),
    };
    s.request("CompleteRequest", methods::COMPLETION_COMPLETE, &complete);
    let template_ref = CompleteRequestParams {
        reference: CompletionReference::ResourceTemplate(ResourceTemplateReference {
            uri: "file:///project/{path}".into(),
        }),
        argument: CompletionArgument { name: "path".into(), value: "src/".into() },
        context: None,
        meta: req_meta(),
    };
    s.request("CompleteRequest", methods::COMPLETION_COMPLETE, &template_ref);
    s.result(
        "CompleteResult",
        CompleteResult {
            completion: Completion {
                values: vec!["python".into(), "pytorch".into()],
                total: Some(10),
                has_more: Some(true),
            },
            meta: s.result_meta(),
            ..Default::default()
        },
    );

    // Logging, progress, cancellation.
    if !modern {
        s.request(
            "SetLevelRequest",
            methods::LOGGING_SET_LEVEL,
            &SetLevelRequestParams { level: LoggingLevel::Warning, meta: req_meta() },
        );
    }
    let log = LoggingMessageNotificationParams {
        level: LoggingLevel::Error,
        logger: Some("database".into()),
        data: json!({"error": "Connection failed", "details": {"host": "localhost", "port": 5432}}),
        meta: s.notification_meta(),
    };
    s.notification("LoggingMessageNotification", methods::NOTIFICATIONS_MESSAGE, &log);
    let progress = ProgressNotificationParams {
        progress_token: ProgressToken::from("progress-7"),
        progress: 50.0,
        total: Some(100.0),
        message: s.at_least(V2025_03_26).then(|| "Halfway there".into()),
        meta: None,
    };
    s.notification("ProgressNotification", methods::NOTIFICATIONS_PROGRESS, &progress);
    let cancelled = CancelledNotificationParams {
        request_id: Some(RequestId::Number(7)),
        reason: Some("User requested cancellation".into()),
        meta: None,
    };
    s.notification("CancelledNotification", methods::NOTIFICATIONS_CANCELLED, &cancelled);

    // Client features: server-to-client requests (legacy) or input requests (2026-07-28).
    if modern {
        s.input_request("CreateMessageRequest", InputRequest::CreateMessage(s.create_message_params()));
        s.input_request("ElicitRequest", InputRequest::Elicit(s.elicit_form_params()));
        s.input_request("ElicitRequest", InputRequest::Elicit(s.elicit_url_params()));
        s.input_request("ListRootsRequest", InputRequest::ListRoots(None));
        s.input_request(
            "ListRootsRequest",
            InputRequest::ListRoots(Some(ListRootsRequestParams { meta: Some(Meta::new()) })),
        );
    } else {
        let mut params = s.create_message_params();
        params.meta = req_meta();
        s.request("CreateMessageRequest", methods::SAMPLING_CREATE_MESSAGE, &params);
        s.request("ListRootsRequest", methods::ROOTS_LIST, &ListRootsRequestParams { meta: req_meta() });
        s.notification(
            "RootsListChangedNotification",
            methods::NOTIFICATIONS_ROOTS_LIST_CHANGED,
            &NotificationParams::default(),
        );
        if s.at_least(V2025_06_18) {
            s.request("ElicitRequest", methods::ELICITATION_CREATE, &s.elicit_form_params());
        }
        if s.at_least(V2025_11_25) {
            s.request("ElicitRequest", methods::ELICITATION_CREATE, &s.elicit_url_params());
            s.notification(
                "ElicitationCompleteNotification",
                methods::NOTIFICATIONS_ELICITATION_COMPLETE,
                &ElicitationCompleteNotificationParams { elicitation_id: "elicit-42".into(), meta: None },
            );
        }
    }
    s.client_result("CreateMessageResult", s.create_message_result());
    s.client_result("ListRootsResult", s.list_roots_result());
    if s.at_least(V2025_06_18) {
        s.client_result("ElicitResult", s.elicit_result());
        s.client_result("ElicitResult", ElicitResult::decline());
    }

    // 2026-07-28: input required, subscriptions.
    if modern {
        let mut requests = InputRequests::new();
        requests.insert("email".into(), InputRequest::Elicit(s.elicit_form_params()));
        requests.insert("capital".into(), InputRequest::CreateMessage(s.create_message_params()));
        requests.insert("roots".into(), InputRequest::ListRoots(None));
        let mut input = InputRequiredResult::new(requests).with_request_state("opaque-state-4");
        input.meta = s.result_meta();
        s.result("InputRequiredResult", input);
        s.result("InputRequiredResult", InputRequiredResult::with_state_only("opaque-state-5"));
        let filter = SubscriptionFilter {
            tools_list_changed: Some(true),
            prompts_list_changed: Some(true),
            resources_list_changed: Some(true),
            resource_subscriptions: Some(vec!["file:///project/src/main.rs".into()]),
            ..Default::default()
        };
        s.request(
            "SubscriptionsListenRequest",
            methods::SUBSCRIPTIONS_LISTEN,
            &SubscriptionsListenRequestParams { notifications: filter.clone(), meta: req_meta() },
        );
        s.notification(
            "SubscriptionsAcknowledgedNotification",
            methods::NOTIFICATIONS_SUBSCRIPTIONS_ACKNOWLEDGED,
            &SubscriptionsAcknowledgedNotificationParams {
                notifications: filter,
                meta: s.notification_meta(),
            },
        );
        s.result("SubscriptionsListenResult", SubscriptionsListenResult::new(&RequestId::from("listen-1")));
    }

    // 2025-11-25: tasks.
    if version == V2025_11_25 {
        s.result(
            "CreateTaskResult",
            CreateTaskResult { task: s.task(), meta: None, result_type: None, extra: Default::default() },
        );
        s.request(
            "GetTaskRequest",
            methods::TASKS_GET,
            &GetTaskRequestParams { task_id: "task-1".into(), meta: req_meta() },
        );
        s.result("GetTaskResult", GetTaskResult::new(s.task()));
        s.request("GetTaskPayloadRequest", methods::TASKS_RESULT, &GetTaskRequestParams::new("task-1"));
        let payload = serde_json::to_value(CallToolResult::text("done").for_revision(version)).unwrap();
        s.result(
            "GetTaskPayloadResult",
            GetTaskPayloadResult { meta: None, extra: payload.as_object().cloned().unwrap() },
        );
        s.request(
            "ListTasksRequest",
            methods::TASKS_LIST,
            &PaginatedRequestParams { cursor: Some("page-2".into()), meta: req_meta() },
        );
        s.result(
            "ListTasksResult",
            ListTasksResult {
                tasks: vec![s.task()],
                next_cursor: Some("page-3".into()),
                ..Default::default()
            },
        );
        s.request("CancelTaskRequest", methods::TASKS_CANCEL, &GetTaskRequestParams::new("task-1"));
        let mut cancelled = s.task();
        cancelled.status = TaskStatus::Cancelled;
        s.result("CancelTaskResult", GetTaskResult::new(cancelled));
        s.notification(
            "TaskStatusNotification",
            methods::NOTIFICATIONS_TASKS_STATUS,
            &TaskStatusNotificationParams { task: s.task(), meta: None },
        );
    }
    s.samples
}

// ---------------------------------------------------------------------------------------------
// The tests over the samples.
// ---------------------------------------------------------------------------------------------

/// The envelope definition every sample of `kind` must also satisfy, if any.
fn envelope(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Request => Some("JSONRPCRequest"),
        Kind::Notification => Some("JSONRPCNotification"),
        Kind::InputRequest => Some("InputRequest"),
        Kind::InputResponse => Some("InputResponse"),
        Kind::Result => None,
    }
}

/// Validates every sample of `version` (open schema, plus the JSON-RPC envelope; results also
/// inside a JSON-RPC response) and checks coverage. Returns the failures, empty when all is well.
fn check_revision(version: ProtocolVersion) -> Vec<String> {
    let schema = RevisionSchema::get(version);
    let samples = samples(version);
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for sample in &samples {
        if !schema.has(sample.definition) {
            failures.push(format!("sample for {} which {version} does not define", sample.definition));
            continue;
        }
        covered.insert(sample.definition);
        if let Err(e) = schema.validate(sample.definition, &sample.value) {
            failures.push(format!("{e}\n    message: {}", sample.value));
        }
        if let Some(Err(e)) = envelope(sample.kind).map(|envelope| schema.validate(envelope, &sample.value)) {
            failures.push(format!("{} as {e}", sample.definition));
        }
        if sample.kind == Kind::Result {
            let response = ResultResponse::new(RequestId::Number(1), &sample.value).unwrap();
            let response = serde_json::to_value(Message::Response(response)).unwrap();
            let definition =
                if schema.has("JSONRPCResultResponse") { "JSONRPCResultResponse" } else { "JSONRPCResponse" };
            if let Err(e) = schema.validate(definition, &response) {
                failures.push(format!("{} in {e}", sample.definition));
            }
        }
    }
    let required: BTreeSet<&str> = schema
        .definitions
        .iter()
        .map(String::as_str)
        .filter(|n| is_message_definition(n) && !excluded(n))
        .collect();
    let missing: Vec<&str> = required.difference(&covered).copied().collect();
    if !missing.is_empty() {
        failures.push(format!("definitions of {version} without a sample: {missing:?}"));
    }
    println!(
        "{version}: {} samples validated, {} of {} request/result/notification definitions covered \
         ({} excluded as abstract or unions): {}",
        samples.len(),
        covered.len(),
        required.len(),
        schema.definitions.iter().filter(|n| is_message_definition(n) && excluded(n)).count(),
        covered.iter().copied().collect::<Vec<_>>().join(" ")
    );
    failures
}

fn assert_revision(version: ProtocolVersion) {
    let failures = check_revision(version);
    assert!(failures.is_empty(), "{version}: {} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn messages_for_2024_11_05_validate_and_cover_every_definition() {
    assert_revision(ProtocolVersion::V2024_11_05);
}

#[test]
fn messages_for_2025_03_26_validate_and_cover_every_definition() {
    assert_revision(ProtocolVersion::V2025_03_26);
}

#[test]
fn messages_for_2025_06_18_validate_and_cover_every_definition() {
    assert_revision(ProtocolVersion::V2025_06_18);
}

#[test]
fn messages_for_2025_11_25_validate_and_cover_every_definition() {
    assert_revision(ProtocolVersion::V2025_11_25);
}

#[test]
fn messages_for_2026_07_28_validate_and_cover_every_definition() {
    assert_revision(ProtocolVersion::V2026_07_28);
}

/// The members that [`Revisioned::adapt_to`] must strip for a revision that does not define them,
/// checked with the closed form of each definition (no undeclared members).
#[test]
fn adapted_messages_carry_no_member_their_revision_does_not_declare() {
    let mut failures = Vec::new();
    for version in ProtocolVersion::ALL {
        let schema = RevisionSchema::get(version);
        for sample in samples(version) {
            if let Err(e) = schema.validate_closed(sample.definition, &sample.value) {
                failures.push(format!("{version} {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_sample_method_is_the_one_the_schema_and_the_method_table_define() {
    // The method of each sample comes from `schema::methods`; the definition's `method` const
    // (checked by validation) and the `METHODS` table must agree with it, per revision.
    for version in ProtocolVersion::ALL {
        let document = schema_document(version);
        let schema = RevisionSchema::get(version);
        for sample in samples(version) {
            let Some(method) = sample.value.get("method").and_then(Value::as_str) else { continue };
            assert_eq!(
                schema.method_of(&document, sample.definition),
                Some(method),
                "{version} {}",
                sample.definition
            );
            let listed = match sample.kind {
                Kind::InputRequest => methods::is_input_request_in(method, version),
                _ => methods::is_defined_in(method, version),
            };
            assert!(listed, "{version}: {method} ({:?}) is not in methods::METHODS", sample.kind);
        }
        // And every method the schema defines is in the table.
        for name in schema.definitions.iter().filter(|n| is_message_definition(n) && !excluded(n)) {
            if let Some(method) = schema.method_of(&document, name) {
                assert!(
                    methods::is_defined_in(method, version) || methods::is_input_request_in(method, version),
                    "{version}: {name} ({method}) is not in methods::METHODS"
                );
            }
        }
    }
}

#[test]
fn negative_cases_fail_validation() {
    use ProtocolVersion::*;
    let modern = RevisionSchema::get(V2026_07_28);
    let legacy = RevisionSchema::get(V2025_06_18);

    // A result not adapted to 2026-07-28 (no resultType) is invalid there; adapted, it is valid.
    let result = CallToolResult::text("done");
    assert_eq!(result.result_type, None);
    let unadapted = serde_json::to_value(&result).unwrap();
    let error = modern.validate("CallToolResult", &unadapted).expect_err("resultType is required");
    assert!(error.contains("resultType"), "{error}");
    modern
        .validate("CallToolResult", &serde_json::to_value(result.clone().for_revision(V2026_07_28)).unwrap())
        .unwrap();

    // A result adapted to a legacy revision is valid there and invalid for 2026-07-28.
    let legacy_value = serde_json::to_value(result.for_revision(V2025_06_18)).unwrap();
    legacy.validate("CallToolResult", &legacy_value).unwrap();
    assert!(modern.validate("CallToolResult", &legacy_value).is_err());

    // tools/call without _meta is invalid for 2026-07-28 (and fine for the legacy revision).
    let params =
        CallToolRequestParams::new("get_weather", json!({"location": "Paris"}).as_object().cloned().unwrap());
    let request =
        serde_json::to_value(Message::Request(Request::new(1, methods::TOOLS_CALL, &params).unwrap()))
            .unwrap();
    let error = modern.validate("CallToolRequest", &request).expect_err("_meta is required");
    assert!(error.contains("_meta"), "{error}");
    legacy.validate("CallToolRequest", &request).unwrap();

    // _meta without the client capabilities is still invalid.
    let mut params = params;
    params.meta = Some(Meta::new().with(meta_keys::PROTOCOL_VERSION, V2026_07_28));
    let request =
        serde_json::to_value(Message::Request(Request::new(1, methods::TOOLS_CALL, &params).unwrap()))
            .unwrap();
    let error = modern.validate("CallToolRequest", &request).expect_err("clientCapabilities is required");
    assert!(error.contains("clientCapabilities"), "{error}");

    // The wrong method for a definition, and a request sent as a notification.
    let list = serde_json::to_value(Message::Request(
        Request::new(2, methods::TOOLS_LIST, &PaginatedRequestParams::default()).unwrap(),
    ))
    .unwrap();
    assert!(legacy.validate("CallToolRequest", &list).is_err());
    let as_notification =
        serde_json::to_value(Message::Notification(Notification::without_params(methods::TOOLS_LIST)))
            .unwrap();
    // Before 2025-11-25 a request definition does not list `id` (the envelope check does).
    legacy.validate("ListToolsRequest", &as_notification).expect("legacy request definitions omit the id");
    assert!(
        legacy.validate("JSONRPCRequest", &as_notification).is_err(),
        "a message without id is no request"
    );
    assert!(modern.validate("ListToolsRequest", &as_notification).is_err());

    // A 2026-07-28 list result without its required cache hints.
    let tools =
        ListToolsResult { tools: vec![], result_type: Some(ResultType::Complete), ..Default::default() };
    let error = modern
        .validate("ListToolsResult", &serde_json::to_value(&tools).unwrap())
        .expect_err("ttlMs is required");
    assert!(error.contains("ttlMs") && error.contains("cacheScope"), "{error}");

    // The closed form rejects a member the revision does not declare.
    let mut leaked = legacy_value.clone();
    leaked["resultType"] = json!("complete");
    legacy.validate("CallToolResult", &leaked).expect("the open schema allows any member");
    let error =
        legacy.validate_closed("CallToolResult", &leaked).expect_err("resultType is not a 2025-06-18 member");
    assert!(error.contains("resultType"), "{error}");

    // ... also in request params: a 2026-07-28 member left in a legacy tools/call is caught by the
    // closed form, and adapting removes it.
    let mut params = CallToolRequestParams::new("get_weather", JsonObject::new());
    params.request_state = Some("opaque".into());
    let envelope = |p: &CallToolRequestParams| {
        serde_json::to_value(Message::Request(Request::new(3, methods::TOOLS_CALL, p).unwrap())).unwrap()
    };
    legacy.validate("CallToolRequest", &envelope(&params)).expect("the open schema allows any member");
    let error =
        legacy.validate_closed("CallToolRequest", &envelope(&params)).expect_err("requestState leaks");
    assert!(error.contains("requestState"), "{error}");
    legacy.validate_closed("CallToolRequest", &envelope(&params.for_revision(V2025_06_18))).unwrap();
}

/// Results built with only what their constructors require, then adapted to 2026-07-28, must be
/// valid there: `Revisioned::adapt_to` is documented to fill the members a revision requires.
/// 2026-07-28 requires `ttlMs` and `cacheScope` on `ListToolsResult`, `ListPromptsResult`,
/// `ListResourcesResult`, `ListResourceTemplatesResult`, `ReadResourceResult` and
/// `DiscoverResult` (`CacheableResult`).
#[test]
fn minimal_results_adapted_to_2026_07_28_are_valid() {
    let version = ProtocolVersion::V2026_07_28;
    let schema = RevisionSchema::get(version);
    let cases: Vec<(&str, Value)> = vec![
        ("ListToolsResult", serde_json::to_value(ListToolsResult::default().for_revision(version)).unwrap()),
        (
            "ListPromptsResult",
            serde_json::to_value(ListPromptsResult::default().for_revision(version)).unwrap(),
        ),
        (
            "ListResourcesResult",
            serde_json::to_value(ListResourcesResult::default().for_revision(version)).unwrap(),
        ),
        (
            "ListResourceTemplatesResult",
            serde_json::to_value(ListResourceTemplatesResult::default().for_revision(version)).unwrap(),
        ),
        (
            "ReadResourceResult",
            serde_json::to_value(
                ReadResourceResult::new(vec![ResourceContents::text("file:///a.txt", "a")])
                    .for_revision(version),
            )
            .unwrap(),
        ),
        (
            "DiscoverResult",
            serde_json::to_value(
                DiscoverResult { supported_versions: vec![version.as_str().into()], ..Default::default() }
                    .for_revision(version),
            )
            .unwrap(),
        ),
        ("CallToolResult", serde_json::to_value(CallToolResult::text("ok").for_revision(version)).unwrap()),
        ("GetPromptResult", serde_json::to_value(GetPromptResult::default().for_revision(version)).unwrap()),
        (
            "CompleteResult",
            serde_json::to_value(CompleteResult::from_values(vec![]).for_revision(version)).unwrap(),
        ),
        ("EmptyResult", serde_json::to_value(EmptyResult::default().for_revision(version)).unwrap()),
        (
            "SubscriptionsListenResult",
            serde_json::to_value(SubscriptionsListenResult::new(&RequestId::Number(3)).for_revision(version))
                .unwrap(),
        ),
        (
            "InputRequiredResult",
            serde_json::to_value(InputRequiredResult::with_state_only("s").for_revision(version)).unwrap(),
        ),
    ];
    let failures: Vec<String> =
        cases.iter().filter_map(|(definition, v)| schema.validate(definition, v).err()).collect();
    assert!(
        failures.is_empty(),
        "{} results invalid after adapt_to(2026-07-28):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `Tool.execution` (`ToolExecution.taskSupport`) exists only in 2025-11-25: earlier revisions
/// have no tasks and 2026-07-28 moved tasks to the `io.modelcontextprotocol/tasks` extension,
/// whose core `Tool` has no `execution`. `Revisioned for Tool` keeps it for every revision.
#[test]
fn tool_execution_is_removed_where_its_revision_lacks_it() {
    let mut failures = Vec::new();
    for version in ProtocolVersion::ALL {
        let schema = RevisionSchema::get(version);
        let mut tool = Sampler::new(version).tool();
        tool.execution = Some(ToolExecution { task_support: Some(TaskSupport::Required) });
        let result = ListToolsResult {
            tools: vec![tool],
            ttl_ms: Some(1_000),
            cache_scope: Some(CacheScope::Private),
            ..Default::default()
        };
        let value = serde_json::to_value(result.for_revision(version)).unwrap();
        if let Err(e) = schema.validate_closed("ListToolsResult", &value) {
            failures.push(format!("{version} {e}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
