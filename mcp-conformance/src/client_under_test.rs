//! The client under test that the official suite drives in client mode:
//! `mcp-conformance client URL`.
//!
//! The suite (`@modelcontextprotocol/conformance`, `conformance client --command ...`) starts
//! a mock server per scenario and runs `sh -c "<command> <URL>"`, so the mock's URL is the
//! last argument; it sets `MCP_CONFORMANCE_SCENARIO` (the scenario name, always),
//! `MCP_CONFORMANCE_CONTEXT` (JSON `{"name": ..., ...}`, only for some scenarios) and, from
//! `0.2.0-alpha`, `MCP_CONFORMANCE_PROTOCOL_VERSION` (the revision the run is scored
//! against). See `shared/spec/CONFORMANCE-SUITE.md` §3.
//!
//! Every scenario is played with the real [`mcp_client::Client`] over HTTP
//! ([`Client::connect_http`](mcp_client::Client::connect_http)): the dispatch on the scenario
//! name only chooses *which* calls to make; the wire behaviour the suite checks (era
//! detection and the legacy handshake, headers, `_meta`, SSE resumption, elicitation
//! defaults, the input-required loop, `x-mcp-header` mirroring and tool rejection) all comes
//! from `mcp-client` and `mcp-transport`. When `MCP_CONFORMANCE_PROTOCOL_VERSION` names a
//! revision the client is forced to it ([`ClientBuilder::protocol_version`]); otherwise it
//! detects the era itself (2026-07-28 `basic/transports/streamable-http.mdx` "Backward
//! Compatibility").
//!
//! | scenario ([`ClientScenario`]) | what the client does |
//! |---|---|
//! | `initialize` | connects (legacy `initialize` + `notifications/initialized`), lists tools |
//! | `tools_call` | calls `add_numbers {a: 2, b: 3}` and checks the sum in the text |
//! | `elicitation-sep1034-client-defaults` | calls `test_client_elicitation_defaults`; the elicitation is accepted with no field filled, so the client applies the schema defaults (SEP-1034) |
//! | `sse-retry` | calls `test_reconnection`; the POST stream closes after a priming event with `retry: 500`, and the result must arrive on the GET + `Last-Event-ID` stream the transport opens after that delay (SEP-1699) |
//! | `request-metadata` | 2026-07-28 `server/discover` (the first is rejected with `-32022`, the client retries with a listed revision), then `tools/list` (SEP-2575 `_meta`) |
//! | `sep-2322-client-request-state` | the four MRTR tools; `test_mrtr_unrelated` is called *while* `test_mrtr_echo_state` waits for its input, so the retry state cannot leak into it (2026-07-28 `basic/patterns/mrtr.mdx`) |
//! | `http-standard-headers` | calls every tool, reads every resource, gets every prompt (`Mcp-Method`, `Mcp-Name`) |
//! | `http-custom-headers` | lists tools, then makes the calls of the context's `toolCalls` (`Mcp-Param-*`, SEP-2243) |
//! | `http-invalid-tool-headers` | lists tools and calls every tool the client kept (the transport drops tools with invalid `x-mcp-header`) |
//! | `json-schema-ref-no-deref` | lists tools; a network `$ref` is never fetched (SEP-2106) |
//! | `json-schema-2020-12-preservation` | echoes the `inputSchema` of `json_schema_2020_12_tool` to `json_schema_echo` verbatim (SEP-1613) |
//!
//! Authorization scenarios (`auth/*`) are not supported yet ([`Refusal::Auth`]); any other
//! name is refused as unknown ([`Refusal::Unknown`]). [`cli`] exits 0 when the scenario ran and
//! every result matched, 1 when the client failed, 2 for a refused scenario or a bad
//! invocation.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mcp_client::http::HttpClientOptions;
use mcp_client::{Client, ClientBuilder, ClientError};
use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::common::{Implementation, JsonObject};
use mcp_jsonrpc::schema::elicitation::{ElicitRequestParams, ElicitResult};
use mcp_jsonrpc::schema::roots::ListRootsResult;
use mcp_jsonrpc::schema::tools::{CallToolResult, Tool};
use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, oneshot};

/// The environment variable naming the scenario (set by the suite for every run).
pub const SCENARIO_ENV: &str = "MCP_CONFORMANCE_SCENARIO";
/// The environment variable carrying the scenario's JSON context (only some scenarios).
pub const CONTEXT_ENV: &str = "MCP_CONFORMANCE_CONTEXT";
/// The environment variable naming the revision under test (`0.2.0-alpha` and later).
pub const PROTOCOL_VERSION_ENV: &str = "MCP_CONFORMANCE_PROTOCOL_VERSION";

/// How long a whole scenario may take (the suite kills the client after 30 s by default).
pub const SCENARIO_TIMEOUT: Duration = Duration::from_secs(25);

/// The non-authorization client scenarios of the official suite that this client plays
/// (0.1.16 and `0.2.0-alpha.12`, `conformance list --client`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientScenario {
    /// `initialize` (2025-06-18, 2025-11-25): the legacy handshake.
    Initialize,
    /// `tools_call` (2025-06-18, 2025-11-25, 2026-07-28): `add_numbers`.
    ToolsCall,
    /// `elicitation-sep1034-client-defaults` (2025-11-25): schema defaults of an accepted form.
    ElicitationDefaults,
    /// `sse-retry` (2025-11-25): resumption after `retry:` with `Last-Event-ID` (SEP-1699).
    SseRetry,
    /// `request-metadata` (2026-07-28): per-request `_meta` and `MCP-Protocol-Version`
    /// (SEP-2575).
    RequestMetadata,
    /// `sep-2322-client-request-state` (2026-07-28): the input-required loop (SEP-2322).
    MrtrRequestState,
    /// `http-standard-headers` (2026-07-28): `Mcp-Method` and `Mcp-Name` (SEP-2243).
    HttpStandardHeaders,
    /// `http-custom-headers` (2026-07-28): `Mcp-Param-*` from `x-mcp-header` (SEP-2243).
    HttpCustomHeaders,
    /// `http-invalid-tool-headers` (2026-07-28): tools with invalid `x-mcp-header` are
    /// excluded (SEP-2243).
    HttpInvalidToolHeaders,
    /// `json-schema-ref-no-deref` (2026-07-28): no network `$ref` dereferencing (SEP-2106).
    JsonSchemaRefNoDeref,
    /// `json-schema-2020-12-preservation` (2025-11-25, 2026-07-28): `inputSchema` keywords
    /// survive the client (SEP-1613, SEP-2106).
    JsonSchemaPreservation,
}

impl ClientScenario {
    /// Every scenario, in the suite's listing order.
    pub const ALL: [ClientScenario; 11] = [
        ClientScenario::Initialize,
        ClientScenario::ToolsCall,
        ClientScenario::ElicitationDefaults,
        ClientScenario::SseRetry,
        ClientScenario::RequestMetadata,
        ClientScenario::MrtrRequestState,
        ClientScenario::HttpStandardHeaders,
        ClientScenario::HttpCustomHeaders,
        ClientScenario::HttpInvalidToolHeaders,
        ClientScenario::JsonSchemaRefNoDeref,
        ClientScenario::JsonSchemaPreservation,
    ];

    /// The suite's name of the scenario.
    pub const fn name(self) -> &'static str {
        match self {
            ClientScenario::Initialize => "initialize",
            ClientScenario::ToolsCall => "tools_call",
            ClientScenario::ElicitationDefaults => "elicitation-sep1034-client-defaults",
            ClientScenario::SseRetry => "sse-retry",
            ClientScenario::RequestMetadata => "request-metadata",
            ClientScenario::MrtrRequestState => "sep-2322-client-request-state",
            ClientScenario::HttpStandardHeaders => "http-standard-headers",
            ClientScenario::HttpCustomHeaders => "http-custom-headers",
            ClientScenario::HttpInvalidToolHeaders => "http-invalid-tool-headers",
            ClientScenario::JsonSchemaRefNoDeref => "json-schema-ref-no-deref",
            ClientScenario::JsonSchemaPreservation => "json-schema-2020-12-preservation",
        }
    }

    /// The scenario called `name`.
    ///
    /// # Errors
    /// [`Refusal::Auth`] for `auth/*` (authorization is not supported yet),
    /// [`Refusal::Unknown`] for anything else this client does not play.
    pub fn from_name(name: &str) -> Result<ClientScenario, Refusal> {
        if let Some(s) = ClientScenario::ALL.into_iter().find(|s| s.name() == name) {
            return Ok(s);
        }
        if name.starts_with("auth/") {
            Err(Refusal::Auth(name.to_owned()))
        } else {
            Err(Refusal::Unknown(name.to_owned()))
        }
    }
}

/// Why a scenario is not played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An authorization scenario: OAuth is not supported by the client under test yet.
    Auth(String),
    /// A scenario this client does not know.
    Unknown(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Auth(name) => {
                write!(f, "scenario {name:?}: authorization scenarios are not supported yet")
            }
            Refusal::Unknown(name) => write!(f, "unknown scenario {name:?} (known: {})", known_names()),
        }
    }
}

impl std::error::Error for Refusal {}

fn known_names() -> String {
    ClientScenario::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
}

/// Why the client under test failed.
#[derive(Debug)]
pub enum CutError {
    /// The invocation is unusable: no scenario, an unparsable context or revision.
    Invocation(String),
    /// The scenario is not played ([`Refusal`]).
    Refused(Refusal),
    /// The MCP client failed (connection, negotiation, a JSON-RPC error, a timeout).
    Client(ClientError),
    /// The server's answers were not what the scenario's mock sends.
    Unexpected(String),
    /// The scenario did not finish within [`SCENARIO_TIMEOUT`].
    Timeout(Duration),
}

impl std::fmt::Display for CutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CutError::Invocation(e) => write!(f, "invalid invocation: {e}"),
            CutError::Refused(r) => r.fmt(f),
            CutError::Client(e) => write!(f, "client error: {e}"),
            CutError::Unexpected(e) => write!(f, "unexpected result: {e}"),
            CutError::Timeout(d) => write!(f, "the scenario did not finish within {d:?}"),
        }
    }
}

impl std::error::Error for CutError {}

impl From<Refusal> for CutError {
    fn from(r: Refusal) -> Self {
        CutError::Refused(r)
    }
}

impl From<ClientError> for CutError {
    fn from(e: ClientError) -> Self {
        CutError::Client(e)
    }
}

impl CutError {
    /// The process exit code: 2 for a refused scenario or a bad invocation, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CutError::Invocation(_) | CutError::Refused(_) => 2,
            _ => 1,
        }
    }
}

/// One run of the client under test: what the suite asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// The scenario.
    pub scenario: ClientScenario,
    /// The mock server's MCP endpoint, exactly as given (no path is added).
    pub url: String,
    /// The parsed `MCP_CONFORMANCE_CONTEXT`, if set.
    pub context: Option<Value>,
    /// The revision from `MCP_CONFORMANCE_PROTOCOL_VERSION`, if set: the client is forced
    /// to it. `None`: era detection.
    pub protocol_version: Option<ProtocolVersion>,
}

impl Invocation {
    /// Builds an invocation from the variables' values (`scenario`, `context`, `version` are
    /// the raw values of [`SCENARIO_ENV`], [`CONTEXT_ENV`], [`PROTOCOL_VERSION_ENV`]).
    ///
    /// # Errors
    /// [`CutError::Invocation`] when the scenario is missing, the context is not JSON or the
    /// revision is unknown; [`CutError::Refused`] for a scenario that is not played.
    pub fn new(
        url: &str,
        scenario: Option<&str>,
        context: Option<&str>,
        version: Option<&str>,
    ) -> Result<Invocation, CutError> {
        let scenario = scenario
            .filter(|s| !s.is_empty())
            .ok_or_else(|| CutError::Invocation(format!("{SCENARIO_ENV} is not set")))?;
        let scenario = ClientScenario::from_name(scenario)?;
        let context = match context.filter(|c| !c.trim().is_empty()) {
            Some(text) => Some(
                serde_json::from_str(text)
                    .map_err(|e| CutError::Invocation(format!("{CONTEXT_ENV} is not JSON: {e}")))?,
            ),
            None => None,
        };
        let protocol_version = match version.filter(|v| !v.is_empty()) {
            Some(v) => Some(ProtocolVersion::parse(v).ok_or_else(|| {
                CutError::Invocation(format!("{PROTOCOL_VERSION_ENV}: unknown revision {v:?}"))
            })?),
            None => None,
        };
        Ok(Invocation { scenario, url: url.to_owned(), context, protocol_version })
    }

    /// Reads the invocation from this process's environment.
    ///
    /// # Errors
    /// As [`Invocation::new`].
    pub fn from_env(url: &str) -> Result<Invocation, CutError> {
        let var = |name: &str| std::env::var(name).ok();
        Invocation::new(
            url,
            var(SCENARIO_ENV).as_deref(),
            var(CONTEXT_ENV).as_deref(),
            var(PROTOCOL_VERSION_ENV).as_deref(),
        )
    }
}

/// What happened during a run: one line per step, for the suite's `stdout.txt`.
#[derive(Debug, Default, Clone)]
pub struct Transcript {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Transcript {
    fn note(&self, line: impl Into<String>) {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).push(line.into());
    }

    /// The steps so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Hands the elicitation callback's "I am waiting for the user" moment to the scenario, which
/// may do other work before letting the callback answer.
type ElicitGate = mpsc::UnboundedSender<oneshot::Sender<()>>;

/// The client every scenario uses: identity `mcp-conformance-client`, an elicitation callback
/// that accepts with nothing filled in (so the client applies the schema defaults,
/// [`mcp_client::elicitation_defaults`]), an empty roots list, and the forced revision.
fn builder(invocation: &Invocation, transcript: &Transcript, gate: Option<ElicitGate>) -> ClientBuilder {
    let log = transcript.clone();
    let gate = Arc::new(Mutex::new(gate));
    let mut builder = Client::builder()
        .client_info(Implementation::new("mcp-conformance-client", env!("CARGO_PKG_VERSION")))
        .elicitation(move |request: ElicitRequestParams| {
            let log = log.clone();
            // Only the first elicitation is gated.
            let gate = gate.lock().unwrap_or_else(|e| e.into_inner()).take();
            async move {
                log.note(format!("elicitation: {:?}", request.message()));
                if let Some(gate) = gate {
                    let (release, released) = oneshot::channel();
                    if gate.send(release).is_ok() {
                        let _ = released.await;
                    }
                }
                if request.is_url() {
                    return Ok::<_, ErrorObject>(ElicitResult::decline());
                }
                Ok(ElicitResult::accept(BTreeMap::new()))
            }
        })
        .roots(|| async {
            Ok::<_, ErrorObject>(ListRootsResult { roots: Vec::new(), meta: None, extra: Map::new() })
        })
        .request_timeout(Some(Duration::from_secs(20)));
    if let Some(v) = invocation.protocol_version {
        builder = builder.protocol_version(v);
    }
    builder
}

async fn connect(
    invocation: &Invocation,
    transcript: &Transcript,
    gate: Option<ElicitGate>,
) -> Result<Client, CutError> {
    let client = builder(invocation, transcript, gate)
        .connect_http(&invocation.url, HttpClientOptions::default())
        .await?;
    transcript.note(format!("connected: {} ({:?})", client.protocol_version(), client.era()));
    Ok(client)
}

/// The texts of a tool result's text content blocks.
fn texts(result: &CallToolResult) -> Vec<String> {
    let value = serde_json::to_value(&result.content).unwrap_or(Value::Null);
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|block| block.get("text").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

async fn call(
    client: &Client,
    transcript: &Transcript,
    name: &str,
    arguments: Value,
) -> Result<Vec<String>, CutError> {
    let result = client.call_tool(name, Some(object(arguments))).await?;
    let texts = texts(&result);
    transcript.note(format!(
        "tools/call {name}: {texts:?}{}",
        if result.is_error == Some(true) { " (isError)" } else { "" }
    ));
    Ok(texts)
}

fn expect_text(texts: &[String], name: &str, wanted: &str) -> Result<(), CutError> {
    if texts.iter().any(|t| t.contains(wanted)) {
        Ok(())
    } else {
        Err(CutError::Unexpected(format!("{name} returned {texts:?}, expected a text containing {wanted:?}")))
    }
}

async fn list_tools(client: &Client, transcript: &Transcript) -> Result<Vec<Tool>, CutError> {
    let tools = client.list_all_tools().await?;
    transcript.note(format!("tools/list: {:?}", tools.iter().map(|t| t.name.as_str()).collect::<Vec<_>>()));
    Ok(tools)
}

/// A value of the JSON Schema `type` of `schema` (for arguments the scenario does not give).
fn sample(schema: &Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("object") => json!({}),
        Some("array") => json!([]),
        Some("null") => Value::Null,
        _ => json!("conformance"),
    }
}

/// Arguments for `tool`: a sample value for every required property.
fn sample_arguments(tool: &Tool) -> Value {
    let properties = tool.input_schema.get("properties").and_then(Value::as_object);
    let required = tool.input_schema.get("required").and_then(Value::as_array);
    let mut arguments = Map::new();
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        let schema = properties.and_then(|p| p.get(name)).cloned().unwrap_or(Value::Null);
        arguments.insert(name.to_owned(), sample(&schema));
    }
    Value::Object(arguments)
}

/// Runs `invocation`'s scenario with a fresh client, closes it, and returns the transcript.
///
/// # Errors
/// [`CutError::Client`] when the client fails, [`CutError::Unexpected`] when an answer is not
/// what the scenario's mock sends, [`CutError::Timeout`] after [`SCENARIO_TIMEOUT`].
pub async fn run(invocation: &Invocation) -> Result<Transcript, CutError> {
    let transcript = Transcript::default();
    let played = tokio::time::timeout(SCENARIO_TIMEOUT, play(invocation, &transcript)).await;
    match played {
        Ok(Ok(())) => Ok(transcript),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(CutError::Timeout(SCENARIO_TIMEOUT)),
    }
}

async fn play(invocation: &Invocation, transcript: &Transcript) -> Result<(), CutError> {
    if invocation.scenario == ClientScenario::MrtrRequestState {
        return mrtr_request_state(invocation, transcript).await;
    }
    let client = connect(invocation, transcript, None).await?;
    let outcome = scenario(invocation, &client, transcript).await;
    client.close().await?;
    transcript.note("closed");
    outcome
}

async fn scenario(invocation: &Invocation, client: &Client, transcript: &Transcript) -> Result<(), CutError> {
    let t = transcript;
    match invocation.scenario {
        ClientScenario::Initialize => {
            list_tools(client, t).await?;
        }
        ClientScenario::ToolsCall => {
            list_tools(client, t).await?;
            let texts = call(client, t, "add_numbers", json!({"a": 2, "b": 3})).await?;
            expect_text(&texts, "add_numbers", "5")?;
        }
        ClientScenario::ElicitationDefaults => {
            list_tools(client, t).await?;
            let texts = call(client, t, "test_client_elicitation_defaults", json!({})).await?;
            expect_text(&texts, "test_client_elicitation_defaults", "Elicitation completed")?;
        }
        ClientScenario::SseRetry => {
            list_tools(client, t).await?;
            let texts = call(client, t, "test_reconnection", json!({})).await?;
            expect_text(&texts, "test_reconnection", "Reconnection test completed")?;
        }
        ClientScenario::RequestMetadata => {
            let discovered = client.discover().await?;
            t.note(format!("server/discover: {:?}", discovered.supported_versions));
            list_tools(client, t).await?;
        }
        ClientScenario::MrtrRequestState => unreachable!("played by mrtr_request_state"),
        ClientScenario::HttpStandardHeaders => exercise_catalogue(client, t).await?,
        ClientScenario::HttpCustomHeaders => custom_headers(invocation, client, t).await?,
        ClientScenario::HttpInvalidToolHeaders => {
            for tool in list_tools(client, t).await? {
                call(client, t, &tool.name, sample_arguments(&tool)).await?;
            }
        }
        ClientScenario::JsonSchemaRefNoDeref => {
            let tools = list_tools(client, t).await?;
            if tools.is_empty() {
                return Err(CutError::Unexpected("tools/list returned no tool".into()));
            }
        }
        ClientScenario::JsonSchemaPreservation => {
            let tools = list_tools(client, t).await?;
            let focal = tools
                .iter()
                .find(|tool| tool.name == "json_schema_2020_12_tool")
                .ok_or_else(|| CutError::Unexpected("no json_schema_2020_12_tool in tools/list".into()))?;
            let schema = Value::Object(focal.input_schema.clone());
            let texts = call(client, t, "json_schema_echo", json!({"schema": schema})).await?;
            expect_text(&texts, "json_schema_echo", "echoed")?;
        }
    }
    Ok(())
}

/// Calls every tool, reads every resource and gets every prompt the server lists (each only
/// when the server declares the capability).
async fn exercise_catalogue(client: &Client, t: &Transcript) -> Result<(), CutError> {
    let capabilities = client.server_capabilities().unwrap_or_default();
    for tool in list_tools(client, t).await? {
        call(client, t, &tool.name, sample_arguments(&tool)).await?;
    }
    if capabilities.resources.is_some() {
        let resources = client.list_all_resources().await?;
        t.note(format!("resources/list: {} resources", resources.len()));
        for resource in resources {
            let read = client.read_resource(&resource.uri).await?;
            t.note(format!("resources/read {}: {} contents", resource.uri, read.contents.len()));
        }
    }
    if capabilities.prompts.is_some() {
        let prompts = client.list_all_prompts().await?;
        t.note(format!("prompts/list: {} prompts", prompts.len()));
        for prompt in prompts {
            let got = client.get_prompt(&prompt.name, None).await?;
            t.note(format!("prompts/get {}: {} messages", prompt.name, got.messages.len()));
        }
    }
    Ok(())
}

/// Lists the tools (which teaches the transport their `x-mcp-header` annotations), then
/// makes the context's `toolCalls` (`[{name, arguments}]`), or calls every tool with sample
/// arguments when the context has none.
async fn custom_headers(invocation: &Invocation, client: &Client, t: &Transcript) -> Result<(), CutError> {
    let tools = list_tools(client, t).await?;
    let calls = invocation.context.as_ref().and_then(|c| c.get("toolCalls")).and_then(Value::as_array);
    match calls {
        Some(calls) => {
            for entry in calls {
                let name = entry.get("name").and_then(Value::as_str).ok_or_else(|| {
                    CutError::Invocation(format!("toolCalls entry without a name: {entry}"))
                })?;
                let arguments = entry.get("arguments").cloned().unwrap_or_else(|| json!({}));
                call(client, t, name, arguments).await?;
            }
        }
        None => {
            for tool in &tools {
                call(client, t, &tool.name, sample_arguments(tool)).await?;
            }
        }
    }
    Ok(())
}

/// `sep-2322-client-request-state`: `test_mrtr_echo_state` and `test_mrtr_no_state` each get
/// an `InputRequiredResult` (with and without `requestState`) that the client's loop answers
/// through the elicitation callback; `test_mrtr_unrelated` is called while the first loop is
/// waiting in that callback; `test_mrtr_no_result_type` returns a result without
/// `resultType`, which is complete.
async fn mrtr_request_state(invocation: &Invocation, t: &Transcript) -> Result<(), CutError> {
    let (gate, mut waiting) = mpsc::unbounded_channel();
    let client = connect(invocation, t, Some(gate)).await?;
    let outcome = async {
        list_tools(&client, t).await?;
        let (echo, unrelated) = tokio::join!(call(&client, t, "test_mrtr_echo_state", json!({})), async {
            let release = waiting
                .recv()
                .await
                .ok_or_else(|| CutError::Unexpected("test_mrtr_echo_state asked for no input".into()))?;
            let texts = call(&client, t, "test_mrtr_unrelated", json!({})).await;
            let _ = release.send(());
            texts
        });
        expect_text(&echo?, "test_mrtr_echo_state", "echo-state-ok")?;
        expect_text(&unrelated?, "test_mrtr_unrelated", "unrelated-ok")?;
        let texts = call(&client, t, "test_mrtr_no_state", json!({})).await?;
        expect_text(&texts, "test_mrtr_no_state", "no-state-ok")?;
        let texts = call(&client, t, "test_mrtr_no_result_type", json!({})).await?;
        expect_text(&texts, "test_mrtr_no_result_type", "no-result-type-test-ok")
    }
    .await;
    client.close().await?;
    t.note("closed");
    outcome
}

/// `mcp-conformance client URL`: reads the invocation from the environment, runs it on a
/// fresh runtime, prints the transcript on stdout and any error on stderr. Exit 0 on
/// success, 1 when the client failed, 2 for a refused scenario or a bad invocation.
pub fn cli(url: &str) -> ExitCode {
    let invocation = match Invocation::from_env(url) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("mcp-conformance client: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mcp-conformance client: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "scenario {} against {} ({})",
        invocation.scenario.name(),
        invocation.url,
        invocation.protocol_version.map_or("era detection".to_owned(), |v| format!("forced {v}"))
    );
    let outcome = runtime.block_on(run(&invocation));
    runtime.shutdown_timeout(Duration::from_millis(200));
    match outcome {
        Ok(transcript) => {
            for line in transcript.lines() {
                println!("{line}");
            }
            println!("ok");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mcp-conformance client: {}: {e}", invocation.scenario.name());
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_refusals_are_classified() {
        for s in ClientScenario::ALL {
            assert_eq!(ClientScenario::from_name(s.name()), Ok(s));
        }
        assert_eq!(
            ClientScenario::from_name("auth/metadata-default"),
            Err(Refusal::Auth("auth/metadata-default".into()))
        );
        assert_eq!(ClientScenario::from_name("nope"), Err(Refusal::Unknown("nope".into())));
        assert!(Refusal::Auth("auth/x".into()).to_string().contains("not supported yet"));
    }

    #[test]
    fn invocations_read_context_and_revision() {
        let i = Invocation::new(
            "http://localhost:1/mcp",
            Some("http-custom-headers"),
            Some(r#"{"name":"http-custom-headers","toolCalls":[]}"#),
            Some("2026-07-28"),
        )
        .unwrap();
        assert_eq!(i.scenario, ClientScenario::HttpCustomHeaders);
        assert_eq!(i.protocol_version, Some(ProtocolVersion::V2026_07_28));
        assert_eq!(i.context.unwrap()["toolCalls"], json!([]));
        let plain = Invocation::new("http://localhost:1", Some("initialize"), None, None).unwrap();
        assert_eq!((plain.context, plain.protocol_version), (None, None));
        let err = |r: Result<Invocation, CutError>| r.unwrap_err().exit_code();
        assert_eq!(err(Invocation::new("u", None, None, None)), 2);
        assert_eq!(err(Invocation::new("u", Some("auth/pre-registration"), None, None)), 2);
        assert_eq!(err(Invocation::new("u", Some("tools_call"), Some("{"), None)), 2);
        assert_eq!(err(Invocation::new("u", Some("tools_call"), None, Some("1999-01-01"))), 2);
    }

    #[test]
    fn sample_arguments_cover_required_properties_by_type() {
        let tool: Tool = serde_json::from_value(json!({
            "name": "t",
            "inputSchema": {"type": "object", "properties": {
                "region": {"type": "string"}, "n": {"type": "integer"}, "b": {"type": "boolean"},
                "optional": {"type": "string"}
            }, "required": ["region", "n", "b"]}
        }))
        .unwrap();
        assert_eq!(sample_arguments(&tool), json!({"region": "conformance", "n": 1, "b": true}));
    }
}
