//! Lifecycle: `server/discover` (2026-07-28), `initialize` and version negotiation, `ping`
//! (legacy).

use mcp_jsonrpc::schema::methods;

use super::support::{ensure, expect_eq, json, ok, per_cell};
use crate::fixture::SERVER_NAME;
use crate::scenario::revisions::{LEGACY, MODERN};
use crate::scenario::{Applies, Env, Scenario};

/// The fixture's `instructions` (set in `fixture::fixture_server`).
pub(crate) const FIXTURE_INSTRUCTIONS: &str =
    "Fixture server for the MCP conformance suite and interop tests.";

/// The lifecycle scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "lifecycle/discover",
        spec: "2026-07-28 server/discover.mdx; basic/transports/stdio.mdx#protocol-era-detection",
        applies: Applies::fixture(MODERN),
        check: per_cell!(discover),
    },
    Scenario {
        name: "lifecycle/initialize",
        spec: "2025-11-25 basic/lifecycle.mdx#initialization, #version-negotiation",
        applies: Applies::fixture(LEGACY),
        check: per_cell!(initialize),
    },
    Scenario {
        name: "lifecycle/ping",
        spec: "2025-11-25 basic/utilities/ping.mdx",
        applies: Applies::fixture(LEGACY),
        check: per_cell!(ping),
    },
];

/// Era detection settles on 2026-07-28 with `server/discover` alone, and the discover result
/// lists the version, the fixture's capabilities, instructions and server info.
async fn discover(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let negotiated = conn.client.negotiated();
    expect_eq(
        "negotiated supportedVersions",
        negotiated.supported_versions.clone(),
        vec!["2026-07-28".into()],
    )?;
    let info = negotiated.server_info.clone().ok_or("no serverInfo in the discover result _meta")?;
    expect_eq("serverInfo.name", info.name.as_str(), SERVER_NAME)?;
    let result = json(&ok("server/discover", conn.client.discover().await)?);
    for capability in ["tools", "resources", "prompts", "completions"] {
        ensure(result["capabilities"].get(capability).is_some(), || {
            format!("capabilities lack {capability}: {}", result["capabilities"])
        })?;
    }
    ensure(result["capabilities"].get("tasks").is_none(), || {
        "legacy `tasks` capability in 2026-07-28".into()
    })?;
    expect_eq("instructions", result["instructions"].as_str(), Some(FIXTURE_INSTRUCTIONS))?;
    let r = env.recorder();
    expect_eq("initialize requests sent", r.sent_requests(methods::INITIALIZE), 0)?;
    ensure(r.sent_requests(methods::SERVER_DISCOVER) >= 1, || "no server/discover was sent".into())?;
    conn.close().await
}

/// `initialize` negotiates exactly the cell's revision, returns the fixture's identity and
/// capabilities (as that revision defines them), and is followed by
/// `notifications/initialized`.
async fn initialize(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    let negotiated = conn.client.negotiated();
    expect_eq("protocolVersion", negotiated.protocol_version, env.version())?;
    let info = negotiated.server_info.clone().ok_or("no serverInfo")?;
    expect_eq(
        "serverInfo",
        (info.name.as_str(), info.version.as_str()),
        (SERVER_NAME, env!("CARGO_PKG_VERSION")),
    )?;
    expect_eq("instructions", negotiated.instructions.as_deref(), Some(FIXTURE_INSTRUCTIONS))?;
    let caps = json(&negotiated.capabilities);
    for capability in ["tools", "resources", "prompts", "logging"] {
        ensure(caps.get(capability).is_some(), || format!("capabilities lack {capability}: {caps}"))?;
    }
    // `completions` was added in 2025-03-26 (`server/utilities/completion.mdx`); 2024-11-05
    // offers `completion/complete` without a capability.
    let has_completions = caps.get("completions").is_some();
    let defined = env.version() >= mcp_jsonrpc::ProtocolVersion::V2025_03_26;
    ensure(has_completions == defined, || {
        format!("`completions` capability present={has_completions} in {}: {caps}", env.version())
    })?;
    ensure(caps.get("extensions").is_none(), || "2026-07-28 `extensions` in a legacy capability set".into())?;
    // A round trip: `notifications/initialized` (queued before `connect` returned) is on the
    // wire before this request, and the session accepts requests.
    ok("tools/list", conn.client.list_tools(None).await)?;
    let r = env.recorder();
    expect_eq("initialize sent", r.sent_requests(methods::INITIALIZE), 1)?;
    expect_eq(
        "notifications/initialized sent",
        r.all().iter().filter(|m| m.method == methods::NOTIFICATIONS_INITIALIZED).count(),
        1,
    )?;
    expect_eq("server/discover sent (forced legacy)", r.sent_requests(methods::SERVER_DISCOVER), 0)?;
    conn.close().await
}

/// `ping` is answered with an empty result, and again after other traffic.
async fn ping(env: Env) -> Result<(), String> {
    let conn = env.connect(env.client()).await?;
    ok("ping", conn.client.ping().await)?;
    ok("tools/list", conn.client.list_tools(None).await)?;
    ok("second ping", conn.client.ping().await)?;
    expect_eq("ping requests sent", env.recorder().sent_requests(methods::PING), 2)?;
    conn.close().await
}
