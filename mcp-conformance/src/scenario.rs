//! Scenarios and the runner.
//!
//! A [`Scenario`] is one checked rule of the specification: a name, the spec section it
//! checks (revision and page), where it applies ([`Applies`]: revisions, the server it needs,
//! optionally the transports) and a [`Check`]. Most checks run our client against our server
//! in every applicable [`Cell`] (transport × revision, [`cell::CELLS`]); codec checks run once.
//!
//! [`run`] runs scenarios in one tokio runtime, one after the other, each under a timeout
//! ([`RunConfig::timeout`], 10 s by default; a timeout or a panic is a failure), and records
//! for each run the messages our client exchanged ([`record::Recorder`]).

pub mod cell;
pub mod env;
pub mod http;
pub mod record;

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use mcp_jsonrpc::ProtocolVersion;
use mcp_transport::ServerCommand;

pub use cell::{CELLS, Cell, TransportKind};
pub use env::{Connection, Env};
pub use record::{Recorded, Recorder};

/// The future of a per-cell check.
pub type CheckFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'static>>;

/// What a scenario runs.
#[derive(Clone, Copy)]
pub enum Check {
    /// Once per run, independent of any cell (codec and framing rules). `Err` explains what
    /// differed from the rule.
    Once(fn() -> Result<(), String>),
    /// In every applicable cell, with that cell's [`Env`].
    PerCell(fn(Env) -> CheckFuture),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Once(_) => "Check::Once",
            Check::PerCell(_) => "Check::PerCell",
        })
    }
}

/// Which server a per-cell scenario talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// The fixture ([`crate::fixture::fixture_server`]): every transport can serve it, the
    /// stdio cells through the real `serve --stdio` binary.
    Fixture,
    /// A server the scenario builds itself; only cells whose transport
    /// [hosts in-process servers](TransportKind::hosts_in_process_server).
    InProcess,
}

/// Revision sets for [`Applies::revisions`].
pub mod revisions {
    use mcp_jsonrpc::ProtocolVersion::{
        self, V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28,
    };

    /// Every revision.
    pub const ALL: &[ProtocolVersion] = &[V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28];
    /// The legacy (session) revisions.
    pub const LEGACY: &[ProtocolVersion] = &[V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25];
    /// The 2026-07-28 (stateless) era.
    pub const MODERN: &[ProtocolVersion] = &[V2026_07_28];
    /// Where elicitation exists (2025-06-18 `client/elicitation.mdx` onwards).
    pub const ELICITATION: &[ProtocolVersion] = &[V2025_06_18, V2025_11_25, V2026_07_28];
    /// Where tasks exist: 2025-11-25 `basic/utilities/tasks.mdx`, and the 2026-07-28
    /// `io.modelcontextprotocol/tasks` extension.
    pub const TASKS: &[ProtocolVersion] = &[V2025_11_25, V2026_07_28];
    /// The newest revision of each era (the stdio cells).
    pub const LATEST_LEGACY_AND_MODERN: &[ProtocolVersion] = &[V2025_11_25, V2026_07_28];
    /// The legacy revisions with Streamable HTTP sessions (2025-03-26 `basic/transports.mdx`
    /// onwards; 2024-11-05 has HTTP+SSE instead).
    pub const STREAMABLE_LEGACY: &[ProtocolVersion] = &[V2025_03_26, V2025_06_18, V2025_11_25];
}

/// Where a scenario applies.
#[derive(Debug, Clone, Copy)]
pub struct Applies {
    /// The revisions whose cells run it.
    pub revisions: &'static [ProtocolVersion],
    /// The server it needs.
    pub server: ServerKind,
    /// `Some`: only cells of these transports; `None`: any transport.
    pub transports: Option<&'static [TransportKind]>,
}

impl Applies {
    /// The fixture, in the cells of `revisions`, on every transport.
    pub const fn fixture(revisions: &'static [ProtocolVersion]) -> Self {
        Applies { revisions, server: ServerKind::Fixture, transports: None }
    }

    /// A scenario-local server, in the cells of `revisions` that can host it.
    pub const fn in_process(revisions: &'static [ProtocolVersion]) -> Self {
        Applies { revisions, server: ServerKind::InProcess, transports: None }
    }

    /// Restricts to `transports`.
    pub const fn on(self, transports: &'static [TransportKind]) -> Self {
        Applies { transports: Some(transports), ..self }
    }

    /// Whether a per-cell scenario runs in `cell`.
    pub fn to(&self, cell: &Cell) -> bool {
        self.revisions.contains(&cell.version)
            && (self.server == ServerKind::Fixture || cell.transport.hosts_in_process_server())
            && self.transports.is_none_or(|t| t.contains(&cell.transport))
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// A stable name, `area/rule` (matched by `--filter`).
    pub name: &'static str,
    /// Where the rule is written: revision and page (and section), e.g.
    /// `2026-07-28 basic/index.mdx#requests`.
    pub spec: &'static str,
    /// Where it applies (ignored by [`Check::Once`] scenarios).
    pub applies: Applies,
    /// The check.
    pub check: Check,
}

impl Scenario {
    /// Whether the scenario runs in `cell` (never for a [`Check::Once`] scenario).
    pub fn applies_to(&self, cell: &Cell) -> bool {
        matches!(self.check, Check::PerCell(_)) && self.applies.to(cell)
    }
}

/// The result of running one scenario in one cell (or once).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario that ran.
    pub scenario: Scenario,
    /// The cell, `None` for a [`Check::Once`] scenario.
    pub cell: Option<Cell>,
    /// `Ok` or the failure's explanation.
    pub result: Result<(), String>,
    /// Wall time of the check.
    pub elapsed: Duration,
    /// The messages our client exchanged during the run, in order.
    pub traffic: Vec<Recorded>,
}

/// How to run the catalogue.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The cells (columns), by default [`CELLS`].
    pub cells: Vec<Cell>,
    /// The command serving the fixture on stdio (`mcp-conformance serve --stdio`); the stdio
    /// cells fail without it.
    pub stdio_server: Option<ServerCommand>,
    /// Per run (scenario × cell) limit; exceeding it is a failure.
    pub timeout: Duration,
    /// `Some(text)`: only runs whose scenario name or cell name contains `text`.
    pub filter: Option<String>,
    /// `Some`: the per-cell scenarios run against this external server instead of ours
    /// ([`External`]); codec checks and scenarios it cannot serve are skipped ([`skipped`]).
    pub external: Option<External>,
}

/// An external server under test (`run --server URL` or `run --server-command "cmd args"`).
/// It must serve the official conformance fixture (tools `test_simple_text`, resources
/// `test://static-text`, prompts `test_simple_prompt`, ..., as [`crate::fixture`] does), since
/// the scenarios check its exact answers.
#[derive(Debug, Clone)]
pub enum External {
    /// A Streamable HTTP or HTTP+SSE endpoint: the `http/*` and `sse/*` cells connect here.
    Url(String),
    /// A command serving MCP on its stdin/stdout: the `stdio/*` cells spawn it.
    Command(ServerCommand),
}

/// Why a scenario does not run against an external server (`None`: it runs). Scenarios with
/// their own scenario-local server ([`ServerKind::InProcess`]) cannot, and the HTTP transport
/// rule scenarios read our in-process HTTP server's record of each request, which an external
/// server does not have.
pub fn external_skip_reason(scenario: &Scenario) -> Option<&'static str> {
    match scenario.check {
        Check::Once(_) => Some("a codec check, independent of any server"),
        Check::PerCell(_) if scenario.applies.server == ServerKind::InProcess => {
            Some("needs its own scenario-local server")
        }
        Check::PerCell(_) if scenario.applies.transports.is_some_and(|t| t.iter().all(|k| k.is_http())) => {
            Some("inspects our in-process HTTP server's side of the exchange")
        }
        Check::PerCell(_) => None,
    }
}

/// The scenarios of `scenarios` that an external run skips and why: those with an
/// [`external_skip_reason`] that would otherwise run in one of the configured cells (by
/// revision and transport), or that run once; filtered like the runs. Empty when `config`
/// has no external server. The matrix shows them as `-` rows.
pub fn skipped(scenarios: &[Scenario], config: &RunConfig) -> Vec<(Scenario, &'static str)> {
    if config.external.is_none() {
        return Vec::new();
    }
    let in_some_cell = |s: &Scenario| {
        matches!(s.check, Check::Once(_))
            || config.cells.iter().any(|c| {
                s.applies.revisions.contains(&c.version)
                    && s.applies.transports.is_none_or(|t| t.contains(&c.transport))
            })
    };
    scenarios
        .iter()
        .filter(|s| in_some_cell(s))
        .filter_map(|s| external_skip_reason(s).map(|reason| (*s, reason)))
        .filter(|(s, _)| config.selects(s, None) || config.cells.iter().any(|c| config.selects(s, Some(c))))
        .collect()
}

/// The HTTP cells to run against the external server at `url`: the cells of `forced` (the
/// `--filter` named them), else one per transport kind detection finds there. A client with
/// era and transport detection (2026-07-28 `basic/transports/streamable-http.mdx`, backwards
/// compatibility) gives `http/2026-07-28`, the legacy Streamable HTTP cell of the negotiated
/// revision, or `sse/2024-11-05`; when it found the modern era, a client forced to 2025-11-25
/// over Streamable HTTP checks for the legacy era too (`http/2025-11-25`).
///
/// # Errors
/// Nothing was detected at `url` (every probe's error, joined).
pub async fn detect_cells(url: &str, forced: &[Cell]) -> Result<Vec<Cell>, String> {
    if !forced.is_empty() {
        return Ok(forced.to_vec());
    }
    let find = |transport: TransportKind, version: ProtocolVersion| {
        CELLS.iter().copied().find(|c| c.transport == transport && c.version == version)
    };
    let mut cells = Vec::new();
    let mut errors = Vec::new();
    let probe = |cell: Cell| async move {
        let env = Env::external_http(cell, url.to_owned());
        let mut options = env.http_options();
        options.transport = mcp_client::http::TransportKind::Auto;
        let transport =
            mcp_client::http::HttpClientTransport::new(url, options).map_err(|e| format!("{url}: {e}"))?;
        let handle = transport.handle();
        let client = env.client().connect(transport).await.map_err(|e| format!("{url}: {e}"))?;
        let detected = handle.detected();
        let _ = client.close().await;
        Ok::<_, String>(detected)
    };
    let modern = find(TransportKind::Http, ProtocolVersion::V2026_07_28);
    let legacy = find(TransportKind::Http, ProtocolVersion::V2025_11_25);
    use mcp_client::http::Detected;
    for probe_cell in [modern, legacy].into_iter().flatten() {
        let found = match probe(probe_cell).await {
            Ok(Some(Detected::Modern { version })) => find(TransportKind::Http, version),
            Ok(Some(Detected::Legacy { version: Some(version) })) => find(TransportKind::Http, version),
            Ok(Some(Detected::HttpSse)) => find(TransportKind::Sse, ProtocolVersion::V2024_11_05),
            Ok(other) => {
                errors.push(format!("{}: detected {other:?}", probe_cell.name));
                None
            }
            Err(e) => {
                errors.push(format!("{}: {e}", probe_cell.name));
                None
            }
        };
        if let Some(cell) = found.filter(|c| !cells.contains(c)) {
            cells.push(cell);
        }
        // A server found legacy (or HTTP+SSE) by the first probe is not probed again.
        if cells.first().is_some_and(|c| !c.is_modern()) {
            break;
        }
    }
    if cells.is_empty() { Err(errors.join("; ")) } else { Ok(cells) }
}

impl RunConfig {
    /// Every cell, a 10 s timeout, no filter; stdio cells spawn `binary serve --stdio`.
    pub fn new(binary: Option<std::path::PathBuf>) -> Self {
        RunConfig {
            cells: CELLS.to_vec(),
            stdio_server: binary.map(|b| ServerCommand::new(b).args(["serve", "--stdio"])),
            timeout: Duration::from_secs(10),
            filter: None,
            external: None,
        }
    }

    /// A run against `external`: for a command, the stdio cells (both eras) spawning it; for
    /// a URL, `http_cells` (from [`detect_cells`]).
    pub fn external(external: External, http_cells: Vec<Cell>) -> Self {
        let mut config = RunConfig::new(None);
        match &external {
            External::Command(command) => {
                config.cells =
                    CELLS.iter().copied().filter(|c| c.transport == TransportKind::Stdio).collect();
                config.stdio_server = Some(command.clone());
            }
            External::Url(_) => config.cells = http_cells,
        }
        config.external = Some(external);
        config
    }

    fn selects(&self, scenario: &Scenario, cell: Option<&Cell>) -> bool {
        self.filter
            .as_deref()
            .is_none_or(|f| scenario.name.contains(f) || cell.is_some_and(|c| c.name.contains(f)))
    }
}

/// Runs `scenarios`: each [`Check::Once`] once, each [`Check::PerCell`] in every configured
/// cell it applies to, in catalogue order, one at a time. Must be called inside a tokio
/// runtime (multi-threaded: checks and servers run on spawned tasks).
pub async fn run(scenarios: &[Scenario], config: &RunConfig) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for scenario in scenarios {
        if config.external.is_some() && external_skip_reason(scenario).is_some() {
            continue;
        }
        match scenario.check {
            Check::Once(check) => {
                if !config.selects(scenario, None) {
                    continue;
                }
                let start = Instant::now();
                let result = std::panic::catch_unwind(check)
                    .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&*panic))));
                outcomes.push(Outcome {
                    scenario: *scenario,
                    cell: None,
                    result,
                    elapsed: start.elapsed(),
                    traffic: Vec::new(),
                });
            }
            Check::PerCell(check) => {
                for cell in config.cells.iter().filter(|c| scenario.applies.to(c)) {
                    if !config.selects(scenario, Some(cell)) {
                        continue;
                    }
                    let env = match &config.external {
                        Some(External::Url(url)) => Env::external_http(*cell, url.clone()),
                        _ => Env::new(*cell, config.stdio_server.clone()),
                    };
                    let recorder = env.recorder().clone();
                    let start = Instant::now();
                    // On its own task, so a panic is caught and a timeout drops everything the
                    // check holds (clients, servers, child processes).
                    let task = tokio::spawn(check(env));
                    let abort = task.abort_handle();
                    let result = match tokio::time::timeout(config.timeout, task).await {
                        Ok(Ok(result)) => result,
                        Ok(Err(e)) if e.is_panic() => {
                            Err(format!("panicked: {}", panic_text(&*e.into_panic())))
                        }
                        Ok(Err(e)) => Err(format!("the check task failed: {e}")),
                        Err(_) => {
                            abort.abort();
                            Err(format!("timed out after {} s", config.timeout.as_secs_f64()))
                        }
                    };
                    outcomes.push(Outcome {
                        scenario: *scenario,
                        cell: Some(*cell),
                        result,
                        elapsed: start.elapsed(),
                        traffic: recorder.all(),
                    });
                }
            }
        }
    }
    outcomes
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn slow(_env: Env) -> Result<(), String> {
        tokio::time::sleep(Duration::from_secs(5)).await;
        Ok(())
    }

    async fn panics(_env: Env) -> Result<(), String> {
        panic!("boom")
    }

    async fn fine(env: Env) -> Result<(), String> {
        if env.is_modern() { Ok(()) } else { Err(format!("legacy {}", env.version())) }
    }

    fn scenario(name: &'static str, check: Check) -> Scenario {
        Scenario { name, spec: "test", applies: Applies::fixture(revisions::ALL), check }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn timeouts_and_panics_are_failures_and_filters_select_cells() {
        let mut config = RunConfig::new(None);
        config.timeout = Duration::from_millis(500);
        config.filter = Some("memory/2026".into());
        let scenarios = [
            scenario("t/slow", Check::PerCell(|env| Box::pin(slow(env)))),
            scenario("t/panics", Check::PerCell(|env| Box::pin(panics(env)))),
            scenario("t/once", Check::Once(|| Ok(()))),
        ];
        let outcomes = run(&scenarios, &config).await;
        let results: Vec<_> =
            outcomes.iter().map(|o| (o.scenario.name, o.cell.map(|c| c.name), o.result.clone())).collect();
        assert_eq!(
            results,
            [
                ("t/slow", Some("memory/2026-07-28"), Err("timed out after 0.5 s".to_owned())),
                ("t/panics", Some("memory/2026-07-28"), Err("panicked: boom".to_owned())),
            ],
            "the filter matched one cell and no scenario name"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn per_cell_checks_see_their_cell_and_applicability_is_honoured() {
        let config = RunConfig::new(None);
        let only_stdio = Scenario {
            applies: Applies::fixture(revisions::ALL).on(&[TransportKind::Stdio]),
            ..scenario("t/stdio", Check::PerCell(|env| Box::pin(fine(env))))
        };
        let in_process = Scenario {
            applies: Applies::in_process(revisions::LEGACY),
            ..scenario("t/local", Check::PerCell(|env| Box::pin(fine(env))))
        };
        let outcomes = run(&[only_stdio, in_process], &config).await;
        let cells: Vec<_> = outcomes.iter().map(|o| (o.scenario.name, o.cell.map(|c| c.name))).collect();
        assert_eq!(
            cells,
            [
                ("t/stdio", Some("stdio/2026-07-28")),
                ("t/stdio", Some("stdio/2025-11-25")),
                ("t/local", Some("memory/2025-11-25")),
                ("t/local", Some("memory/2025-06-18")),
                ("t/local", Some("memory/2025-03-26")),
                ("t/local", Some("memory/2024-11-05")),
                ("t/local", Some("http/2025-11-25")),
                ("t/local", Some("http/2025-06-18")),
                ("t/local", Some("http/2025-03-26")),
                ("t/local", Some("sse/2024-11-05")),
            ]
        );
        assert_eq!(outcomes[0].result, Ok(()));
        assert_eq!(outcomes[1].result, Err("legacy 2025-11-25".to_owned()));
    }
}
