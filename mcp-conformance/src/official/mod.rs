//! The official MCP conformance suite (`@modelcontextprotocol/conformance`), server mode,
//! against our fixture server ([`crate::serve::FixtureHttp`]).
//!
//! - The versions are pinned in `mcp-conformance/official/versions.json` ([`versions`]): the
//!   stable line (`0.1.16`, npm `latest`) and the newest `0.2.0-alpha`; Node 22 comes from the
//!   npm package `node@22`. [`install()`] puts each into `<target>/conformance-suite/<version>/`
//!   once.
//! - The fixture is served in-process on `127.0.0.1:0` and the suite is pointed at
//!   `http://localhost:PORT/mcp` (its DNS-rebinding scenario needs a `localhost` URL). In
//!   server mode the suite is only an HTTP client and opens no listening socket, so no
//!   network namespace is needed; everything stays on loopback.
//! - Runs ([`server_runs`]): `0.1.16 --suite all` (including the pending `json-schema-2020-12`
//!   and `server-sse-polling`), and the alpha with `--requirements 2025-11-25` and
//!   `--requirements 2026-07-28` (each revision's frozen scenario set, extensions such as
//!   `tasks-*` included). Each run uses `-o DIR` and `--expected-failures
//!   official/expected-failures.yml` (empty), whose baseline logic also counts WARNINGs.
//! - [`RunReport`] holds the suite's own output and `Total:` line, its exit status and the
//!   per-scenario counts read from each `checks.json` ([`results`]).

pub mod client;
pub mod install;
pub mod results;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

pub use install::{Suite, cache_root, install};
pub use results::{ScenarioResult, read_results, total_line};

use crate::serve::FixtureHttp;

/// What can go wrong while installing or running the official suite.
#[derive(Debug)]
pub enum OfficialError {
    /// `npm` could not be started (Node.js/npm is not installed): the suite cannot run.
    NpmMissing(String),
    /// `npm install` failed.
    Install(String),
    /// The fixture server could not start.
    Server(String),
    /// The suite could not be started, or did not finish in time.
    Run(String),
    /// A results folder or `checks.json` could not be read.
    Results(String),
}

impl std::error::Error for OfficialError {}

impl std::fmt::Display for OfficialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OfficialError::NpmMissing(e) => write!(
                f,
                "cannot run npm ({e}): Node.js and npm are required to install the official MCP \
                 conformance suite (apt-get install nodejs npm)"
            ),
            OfficialError::Install(e) => write!(f, "installing the official suite failed: {e}"),
            OfficialError::Server(e) => write!(f, "the fixture server failed: {e}"),
            OfficialError::Run(e) => write!(f, "running the official suite failed: {e}"),
            OfficialError::Results(e) => write!(f, "reading the suite's results failed: {e}"),
        }
    }
}

/// The pinned versions (`mcp-conformance/official/versions.json`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Versions {
    /// The Node.js major version installed from npm (`node@<major>`).
    pub node: String,
    /// The stable suite (npm `latest`).
    pub stable: String,
    /// The newest `0.2.0-alpha` (`npm view @modelcontextprotocol/conformance versions`).
    pub alpha: String,
}

/// The pinned versions.
///
/// # Panics
/// Never in practice: the file is compiled in and checked by this crate's tests.
pub fn versions() -> Versions {
    serde_json::from_str(include_str!("../../official/versions.json"))
        .expect("official/versions.json is valid")
}

/// `mcp-conformance/official/expected-failures.yml`, passed to `--expected-failures`.
pub fn expected_failures_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("official").join("expected-failures.yml")
}

/// Which suite line to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// The stable version, `--suite all`.
    Stable,
    /// The alpha, `--requirements 2025-11-25` and `--requirements 2026-07-28`.
    Alpha,
}

/// One invocation of `conformance server`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRun {
    /// A short name, e.g. `0.1.16 --suite all`.
    pub label: String,
    /// The suite version.
    pub version: String,
    /// The scenario selection arguments.
    pub selection: Vec<String>,
}

/// The runs of `lines`, in order.
pub fn server_runs(lines: &[Line]) -> Vec<ServerRun> {
    let v = versions();
    let mut runs = Vec::new();
    for line in lines {
        let (version, selections): (&str, Vec<Vec<&str>>) = match line {
            Line::Stable => (&v.stable, vec![vec!["--suite", "all"]]),
            Line::Alpha => {
                (&v.alpha, vec![vec!["--requirements", "2025-11-25"], vec!["--requirements", "2026-07-28"]])
            }
        };
        for selection in selections {
            runs.push(ServerRun {
                label: format!("{version} {}", selection.join(" ")),
                version: version.to_owned(),
                selection: selection.into_iter().map(str::to_owned).collect(),
            });
        }
    }
    runs
}

/// The outcome of one [`ServerRun`].
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The run.
    pub run: ServerRun,
    /// The command line, as a shell would show it (without the `PATH` set-up).
    pub command: String,
    /// The suite's exit code (`None`: killed by a signal).
    pub exit_code: Option<i32>,
    /// Its stdout and stderr, ANSI colours removed.
    pub output: String,
    /// Its `Total: N passed, M failed` line.
    pub total: Option<String>,
    /// Per scenario, from the `checks.json` files.
    pub scenarios: Vec<ScenarioResult>,
    /// The extension scenarios of this suite version (`conformance list --server` tags them
    /// `[extension]`): the alpha runs them with `--requirements` but leaves them out of the
    /// revision's conformance score.
    pub unscored: Vec<String>,
}

impl RunReport {
    /// The scenarios with a failure or a warning.
    pub fn failing(&self) -> Vec<&ScenarioResult> {
        self.scenarios.iter().filter(|s| !s.ok()).collect()
    }

    /// The scored scenarios with a failure or a warning.
    pub fn failing_scored(&self) -> Vec<&ScenarioResult> {
        self.failing().into_iter().filter(|s| !self.unscored.contains(&s.name)).collect()
    }

    /// Exit code 0, at least one scenario, and no failure or warning in a scored scenario.
    pub fn ok(&self) -> bool {
        self.exit_code == Some(0) && !self.scenarios.is_empty() && self.failing_scored().is_empty()
    }

    /// [`RunReport::ok`], and no failure or warning in the unscored scenarios either.
    pub fn all_ok(&self) -> bool {
        self.ok() && self.failing().is_empty()
    }

    /// One line per scenario (`✓`/`✗ name: P passed, F failed, W warnings`, then its problems),
    /// then the suite's `Total:` line.
    pub fn summary(&self) -> String {
        let mut out = format!("=== {} ===\n$ {}\n", self.run.label, self.command);
        for s in &self.scenarios {
            let mark = if s.ok() { '✓' } else { '✗' };
            let note = if self.unscored.contains(&s.name) { " (not scored)" } else { "" };
            out.push_str(&format!(
                "{mark} {}{note}: {} passed, {} failed, {} warnings\n",
                s.name, s.passed, s.failed, s.warnings
            ));
            for p in &s.problems {
                out.push_str(&format!("    {p}\n"));
            }
        }
        out.push_str(&format!(
            "suite: {} (exit {})\n",
            self.total.as_deref().unwrap_or("no Total line"),
            self.exit_code.map_or("signal".to_owned(), |c| c.to_string())
        ));
        out
    }
}

/// How long one suite run may take before it is killed.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(240);

/// Runs `conformance server` of `suite` against `url` with `run`'s selection, `-o out_dir`
/// and the expected-failures file; waits at most [`RUN_TIMEOUT`].
///
/// # Errors
/// [`OfficialError::Run`] when the suite cannot start or times out;
/// [`OfficialError::Results`] when its results cannot be read.
pub fn run_server(
    suite: &Suite,
    url: &str,
    run: &ServerRun,
    out_dir: &Path,
) -> Result<RunReport, OfficialError> {
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir)
            .map_err(|e| OfficialError::Run(format!("cannot clear {}: {e}", out_dir.display())))?;
    }
    let mut args: Vec<String> = vec!["server".into(), "--url".into(), url.into()];
    args.extend(run.selection.iter().cloned());
    args.push("--expected-failures".into());
    args.push(expected_failures_file().display().to_string());
    args.push("-o".into());
    args.push(out_dir.display().to_string());
    let command = format!("conformance {}", args.join(" "));
    if let Some(parent) = out_dir.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| OfficialError::Run(format!("cannot create {}: {e}", parent.display())))?;
    }
    let log = PathBuf::from(format!("{}.log", out_dir.display()));
    let log_file = std::fs::File::create(&log)
        .map_err(|e| OfficialError::Run(format!("cannot create {}: {e}", log.display())))?;
    let log_err = log_file.try_clone().map_err(|e| OfficialError::Run(e.to_string()))?;
    let mut child = Command::new(suite.executable())
        .args(&args)
        .env("PATH", suite.path_env())
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err)
        .spawn()
        .map_err(|e| OfficialError::Run(format!("cannot start {}: {e}", suite.executable().display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > RUN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OfficialError::Run(format!("`{command}` did not finish within {RUN_TIMEOUT:?}")));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(OfficialError::Run(e.to_string())),
        }
    };
    let output = results::strip_ansi(&std::fs::read_to_string(&log).unwrap_or_default());
    let scenarios = if out_dir.is_dir() { read_results(out_dir)? } else { Vec::new() };
    Ok(RunReport {
        run: run.clone(),
        command,
        exit_code: status.code(),
        total: total_line(&output),
        unscored: extension_scenarios(suite)?,
        output,
        scenarios,
    })
}

/// The `[extension]` scenarios of `suite` (`conformance list --server`).
///
/// # Errors
/// [`OfficialError::Run`] when the listing cannot run or fails.
pub fn extension_scenarios(suite: &Suite) -> Result<Vec<String>, OfficialError> {
    let output = Command::new(suite.executable())
        .args(["list", "--server"])
        .env("PATH", suite.path_env())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| OfficialError::Run(format!("conformance list --server: {e}")))?;
    if !output.status.success() {
        return Err(OfficialError::Run(format!("conformance list --server failed ({})", output.status)));
    }
    Ok(results::extension_scenarios(&String::from_utf8_lossy(&output.stdout)))
}

/// Installs what `lines` need, serves the fixture in-process on `127.0.0.1:0`, and runs every
/// [`server_runs`] entry against `http://localhost:PORT/mcp`; results go under
/// `<cache>/results/`. The fixture stops afterwards.
///
/// # Errors
/// As [`install()`], [`run_server`]; [`OfficialError::Server`] when the fixture cannot start.
pub fn run_official_server(lines: &[Line]) -> Result<Vec<RunReport>, OfficialError> {
    let node = versions().node;
    let runs = server_runs(lines);
    let mut suites = Vec::new();
    for run in &runs {
        if !suites.iter().any(|s: &Suite| s.version == run.version) {
            suites.push(install(&run.version, &node)?);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| OfficialError::Server(e.to_string()))?;
    let fixture = runtime
        .block_on(FixtureHttp::bind("127.0.0.1:0"))
        .map_err(|e| OfficialError::Server(e.to_string()))?;
    let url = fixture.localhost_mcp_url();
    let results_root = cache_root().join("results");
    let mut reports = Vec::new();
    let mut outcome = Ok(());
    for (i, run) in runs.iter().enumerate() {
        let suite = suites.iter().find(|s| s.version == run.version).expect("installed above");
        let out_dir = results_root.join(format!("{i}-{}", run.label.replace([' ', '/'], "_")));
        match run_server(suite, &url, run, &out_dir) {
            Ok(report) => reports.push(report),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    runtime.block_on(fixture.shutdown()).map_err(|e| OfficialError::Server(e.to_string()))?;
    outcome.map(|()| reports)
}

/// `mcp-conformance official server [--version V]`: `V` is the stable version (or `stable`),
/// `alpha` (or the alpha's version), or absent for both. Prints each run's own output and
/// [`RunReport::summary`]; exit 0 iff every run is [`RunReport::all_ok`], 2 for an unknown `V`.
pub fn cli_server(version: Option<&str>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let v = versions();
    let lines: &[Line] = match version {
        None => &[Line::Stable, Line::Alpha],
        Some(x) if x == "stable" || x == v.stable => &[Line::Stable],
        Some(x) if x == "alpha" || x == v.alpha => &[Line::Alpha],
        Some(other) => {
            eprintln!(
                "mcp-conformance: unknown suite version {other:?} (pinned: {} or alpha = {})",
                v.stable, v.alpha
            );
            return ExitCode::from(2);
        }
    };
    match run_official_server(lines) {
        Ok(reports) => {
            for r in &reports {
                println!("{}", r.output.trim_end());
                println!("{}", r.summary());
            }
            if reports.iter().all(RunReport::all_ok) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("mcp-conformance: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_pinned() {
        let v = versions();
        assert_eq!(v.node, "22");
        assert_eq!(v.stable, "0.1.16");
        assert!(v.alpha.starts_with("0.2.0-alpha."), "{}", v.alpha);
    }

    #[test]
    fn runs_cover_both_lines_and_revisions() {
        let labels: Vec<String> =
            server_runs(&[Line::Stable, Line::Alpha]).into_iter().map(|r| r.label).collect();
        let alpha = versions().alpha;
        assert_eq!(
            labels,
            [
                "0.1.16 --suite all".to_owned(),
                format!("{alpha} --requirements 2025-11-25"),
                format!("{alpha} --requirements 2026-07-28")
            ]
        );
    }

    #[test]
    fn the_expected_failures_file_lists_nothing() {
        let text = std::fs::read_to_string(expected_failures_file()).unwrap();
        let entries: Vec<&str> = text.lines().map(str::trim).filter(|l| l.starts_with('-')).collect();
        assert!(entries.is_empty(), "{entries:?}");
    }
}
