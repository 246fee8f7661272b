//! The official suite in client mode against our client under test
//! ([`crate::client_under_test`], `mcp-conformance client URL`).
//!
//! - Which scenarios: every non-authorization, non-extension client scenario the suite lists
//!   (`conformance list --client`, [`non_auth_scenarios`]): for the stable version all of
//!   them (`initialize`, `tools_call`, `elicitation-sep1034-client-defaults`, `sse-retry`);
//!   for the alpha those applicable at `--spec-version 2025-11-25` and at
//!   `--spec-version 2026-07-28` ([`client_runs`]), each run at that revision (legacy
//!   stateful mocks for 2025-11-25, stateless ones for 2026-07-28). Authorization scenarios
//!   (`auth/*`) wait for `mcp-oauth`.
//! - How: one `conformance client --command "<binary> client" --scenario S [--spec-version V]
//!   -o DIR` per scenario, one after another (`sse-retry` measures a 450–700 ms reconnect
//!   window, so nothing runs beside it). Single-scenario mode is the strict one: the suite
//!   exits 1 on any FAILURE or WARNING, a client timeout or a non-zero client exit.
//! - Where: the suite's mock servers listen on all interfaces, so every run happens inside a
//!   fresh network namespace with only loopback up (`unshare -n sh -c 'ip link set lo up &&
//!   ...'`, `unshare -rn` when not root; `shared/spec/CONFORMANCE-SUITE.md` §7.6).
//! - Results: each scenario's `checks.json` ([`super::results::read_results`]) and the suite's
//!   own `Passed: P/D, F failed, W warnings` and `OVERALL` lines.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use super::results::{self, ScenarioResult};
use super::{Line, OfficialError, Suite, cache_root, install, versions};

/// One group of client-mode runs: a suite version and, for the alpha, a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRun {
    /// A short name, e.g. `0.2.0-alpha.12 --spec-version 2026-07-28`.
    pub label: String,
    /// The suite version.
    pub version: String,
    /// `--spec-version` (the alpha only; 0.1.16 treats it as an exact tag filter).
    pub spec_version: Option<String>,
}

/// The client runs of `lines`, in order: `0.1.16`; the alpha at 2025-11-25 and 2026-07-28.
pub fn client_runs(lines: &[Line]) -> Vec<ClientRun> {
    let v = versions();
    let mut runs = Vec::new();
    for line in lines {
        match line {
            Line::Stable => runs.push(ClientRun {
                label: v.stable.clone(),
                version: v.stable.clone(),
                spec_version: None,
            }),
            Line::Alpha => {
                for revision in ["2025-11-25", "2026-07-28"] {
                    runs.push(ClientRun {
                        label: format!("{} --spec-version {revision}", v.alpha),
                        version: v.alpha.clone(),
                        spec_version: Some(revision.to_owned()),
                    });
                }
            }
        }
    }
    runs
}

/// The scenarios of a `conformance list --client` output that are neither authorization
/// (`auth/*`) nor extension (`[extension]`) scenarios. Lines look like
/// `  - sse-retry [2025-11-25]`.
pub fn non_auth_scenarios(list_output: &str) -> Vec<String> {
    results::strip_ansi(list_output)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter_map(|l| {
            let (name, tags) = l.split_once(' ').unwrap_or((l, ""));
            let extension =
                tags.trim_matches(|c| c == '[' || c == ']' || c == ' ').split(',').any(|t| t == "extension");
            (!name.starts_with("auth/") && !extension).then(|| name.to_owned())
        })
        .collect()
}

/// The outcome of one scenario.
#[derive(Debug, Clone)]
pub struct ClientScenarioReport {
    /// The scenario name.
    pub scenario: String,
    /// The suite's command line (inside the network namespace).
    pub command: String,
    /// The suite's exit code (`None`: killed by a signal).
    pub exit_code: Option<i32>,
    /// The suite's `Passed: P/D, F failed, W warnings` line.
    pub passed_line: Option<String>,
    /// The suite's `OVERALL: PASSED`/`OVERALL: FAILED` line.
    pub overall: Option<String>,
    /// The counts from `checks.json` (`None` when the suite wrote none).
    pub result: Option<ScenarioResult>,
    /// The suite's stdout and stderr (including the client's, on failure), ANSI removed.
    pub output: String,
}

impl ClientScenarioReport {
    /// Exit 0, a `checks.json` with at least one success, no failure and no warning.
    pub fn ok(&self) -> bool {
        self.exit_code == Some(0) && self.result.as_ref().is_some_and(|r| r.ok() && r.passed > 0)
    }
}

/// The outcome of one [`ClientRun`].
#[derive(Debug, Clone)]
pub struct ClientRunReport {
    /// The run.
    pub run: ClientRun,
    /// Per scenario, in the suite's listing order.
    pub scenarios: Vec<ClientScenarioReport>,
}

impl ClientRunReport {
    /// At least one scenario, and every one [`ClientScenarioReport::ok`].
    pub fn ok(&self) -> bool {
        !self.scenarios.is_empty() && self.scenarios.iter().all(ClientScenarioReport::ok)
    }

    /// The sums of passed, failed and warning checks.
    pub fn totals(&self) -> (usize, usize, usize) {
        self.scenarios
            .iter()
            .filter_map(|s| s.result.as_ref())
            .fold((0, 0, 0), |(p, f, w), r| (p + r.passed, f + r.failed, w + r.warnings))
    }

    /// One line per scenario (`✓`/`✗ name: P passed, F failed, W warnings`, the suite's own
    /// `Passed:` and `OVERALL` lines and exit code, then each problem), and the totals.
    pub fn summary(&self) -> String {
        let mut out = format!("=== client mode, {} ===\n", self.run.label);
        for s in &self.scenarios {
            let mark = if s.ok() { '✓' } else { '✗' };
            let counts = match &s.result {
                Some(r) => format!("{} passed, {} failed, {} warnings", r.passed, r.failed, r.warnings),
                None => "no checks.json".to_owned(),
            };
            out.push_str(&format!(
                "{mark} {}: {counts} | suite: {} {} (exit {})\n",
                s.scenario,
                s.passed_line.as_deref().unwrap_or("no Passed line"),
                s.overall.as_deref().unwrap_or("no OVERALL line"),
                s.exit_code.map_or("signal".to_owned(), |c| c.to_string())
            ));
            for p in s.result.iter().flat_map(|r| &r.problems) {
                out.push_str(&format!("    {p}\n"));
            }
        }
        let (p, f, w) = self.totals();
        out.push_str(&format!(
            "Total: {p} passed, {f} failed, {w} warnings in {} scenarios ({})\n",
            self.scenarios.len(),
            if self.ok() { "all passed" } else { "FAILED" }
        ));
        out
    }
}

/// How long one scenario may take before the suite is killed (its own client timeout is 30 s).
pub const SCENARIO_RUN_TIMEOUT: Duration = Duration::from_secs(90);

/// The command prefix that runs a command in a new network namespace with only loopback up:
/// `unshare -n` as root, `unshare -rn` (a user namespace mapping the caller to root)
/// otherwise. The command then follows as `"$@"` of the `sh -c` script.
///
/// # Errors
/// [`OfficialError::Run`] when neither works (no `unshare`/`ip`, or namespaces not allowed).
pub fn loopback_namespace() -> Result<Vec<String>, OfficialError> {
    let script = "ip link set lo up && exec \"$@\"";
    let mut tried = Vec::new();
    for flags in ["-n", "-rn"] {
        let probe = Command::new("unshare")
            .args([flags, "sh", "-c", script, "sh", "true"])
            .stdin(Stdio::null())
            .output();
        match probe {
            Ok(o) if o.status.success() => {
                return Ok(["unshare", flags, "sh", "-c", script, "sh"].map(str::to_owned).to_vec());
            }
            Ok(o) => tried.push(format!("unshare {flags}: {}", String::from_utf8_lossy(&o.stderr).trim())),
            Err(e) => tried.push(format!("unshare {flags}: {e}")),
        }
    }
    Err(OfficialError::Run(format!(
        "cannot create a network namespace with only loopback (the suite's mock servers listen on all \
         interfaces): {}",
        tried.join("; ")
    )))
}

/// Lists the non-authorization client scenarios of `suite` (at `spec_version`).
///
/// # Errors
/// [`OfficialError::Run`] when the listing cannot run or fails.
pub fn list_scenarios(suite: &Suite, spec_version: Option<&str>) -> Result<Vec<String>, OfficialError> {
    let mut command = Command::new(suite.executable());
    command.args(["list", "--client"]);
    if let Some(v) = spec_version {
        command.args(["--spec-version", v]);
    }
    let output = command
        .env("PATH", suite.path_env())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| OfficialError::Run(format!("conformance list --client: {e}")))?;
    if !output.status.success() {
        return Err(OfficialError::Run(format!("conformance list --client failed ({})", output.status)));
    }
    Ok(non_auth_scenarios(&String::from_utf8_lossy(&output.stdout)))
}

/// Runs one scenario of `run` against `binary client` in the loopback namespace `namespace`,
/// results under `out_dir` (cleared first).
///
/// # Errors
/// [`OfficialError::Run`] when the suite cannot start or times out; [`OfficialError::Results`]
/// when its `checks.json` cannot be read.
pub fn run_client_scenario(
    suite: &Suite,
    namespace: &[String],
    binary: &Path,
    run: &ClientRun,
    scenario: &str,
    out_dir: &Path,
) -> Result<ClientScenarioReport, OfficialError> {
    let binary = binary.display().to_string();
    if binary.contains(' ') {
        // The suite splits --command on spaces.
        return Err(OfficialError::Run(format!("the client binary path contains a space: {binary}")));
    }
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir)
            .map_err(|e| OfficialError::Run(format!("cannot clear {}: {e}", out_dir.display())))?;
    }
    let mut args: Vec<String> = vec![
        "client".into(),
        "--command".into(),
        format!("{binary} client"),
        "--scenario".into(),
        scenario.into(),
    ];
    if let Some(v) = &run.spec_version {
        args.extend(["--spec-version".into(), v.clone()]);
    }
    args.extend(["-o".into(), out_dir.display().to_string()]);
    let command = format!(
        "{} conformance {}",
        namespace
            .iter()
            .map(|a| if a.contains(' ') { format!("'{a}'") } else { a.clone() })
            .collect::<Vec<_>>()
            .join(" "),
        args.iter()
            .map(|a| if a.contains(' ') { format!("\"{a}\"") } else { a.clone() })
            .collect::<Vec<_>>()
            .join(" ")
    );
    std::fs::create_dir_all(out_dir)
        .map_err(|e| OfficialError::Run(format!("cannot create {}: {e}", out_dir.display())))?;
    let log = out_dir.join("suite.log");
    let log_file = std::fs::File::create(&log)
        .map_err(|e| OfficialError::Run(format!("cannot create {}: {e}", log.display())))?;
    let log_err = log_file.try_clone().map_err(|e| OfficialError::Run(e.to_string()))?;
    let mut child = Command::new(&namespace[0])
        .args(&namespace[1..])
        .arg(suite.executable())
        .args(&args)
        .env("PATH", suite.path_env())
        .env_remove("MCP_CONFORMANCE_SCENARIO")
        .env_remove("MCP_CONFORMANCE_CONTEXT")
        .env_remove("MCP_CONFORMANCE_PROTOCOL_VERSION")
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err)
        .spawn()
        .map_err(|e| OfficialError::Run(format!("cannot start `{command}`: {e}")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > SCENARIO_RUN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OfficialError::Run(format!(
                    "`{command}` did not finish within {SCENARIO_RUN_TIMEOUT:?}"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(OfficialError::Run(e.to_string())),
        }
    };
    let output = results::strip_ansi(&std::fs::read_to_string(&log).unwrap_or_default());
    let line = |needle: &str| output.lines().rev().find(|l| l.contains(needle)).map(|l| l.trim().to_owned());
    let mut found = results::read_results(out_dir)?;
    let result = match found.len() {
        0 => None,
        1 => found.pop().map(|mut r| {
            r.name = scenario.to_owned();
            r
        }),
        n => {
            return Err(OfficialError::Results(format!(
                "{n} results for one scenario in {}",
                out_dir.display()
            )));
        }
    };
    Ok(ClientScenarioReport {
        scenario: scenario.to_owned(),
        command,
        exit_code: status.code(),
        passed_line: line("Passed: "),
        overall: line("OVERALL: ")
            .map(|l| l.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).to_owned()),
        result,
        output,
    })
}

/// Installs what `lines` need and runs every scenario of every [`client_runs`] entry against
/// `binary client`, one at a time; results go under `<cache>/results/client/`.
///
/// # Errors
/// As [`install()`], [`loopback_namespace`], [`list_scenarios`], [`run_client_scenario`].
pub fn run_official_client(lines: &[Line], binary: &Path) -> Result<Vec<ClientRunReport>, OfficialError> {
    let node = versions().node;
    let runs = client_runs(lines);
    let mut suites: Vec<Suite> = Vec::new();
    for run in &runs {
        if !suites.iter().any(|s| s.version == run.version) {
            suites.push(install(&run.version, &node)?);
        }
    }
    let namespace = loopback_namespace()?;
    let root = results_root();
    let mut reports = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let suite = suites.iter().find(|s| s.version == run.version).expect("installed above");
        let mut scenarios = Vec::new();
        for scenario in list_scenarios(suite, run.spec_version.as_deref())? {
            let dir = root
                .join(format!("{i}-{}", run.label.replace([' ', '/'], "_")))
                .join(scenario.replace('/', "_"));
            scenarios.push(run_client_scenario(suite, &namespace, binary, run, &scenario, &dir)?);
        }
        reports.push(ClientRunReport { run: run.clone(), scenarios });
    }
    Ok(reports)
}

/// Where client-mode results go: `<cache>/results/client`.
pub fn results_root() -> PathBuf {
    cache_root().join("results").join("client")
}

/// `mcp-conformance official client [--version V]`: `V` is the stable version (or `stable`),
/// `alpha` (or the alpha's version), or absent for both. Runs against this very binary and
/// prints [`ClientRunReport::summary`] per run (and the suite's output of failed scenarios);
/// exit 0 iff every run is [`ClientRunReport::ok`], 2 for an unknown `V`.
pub fn cli(version: Option<&str>) -> ExitCode {
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
    let binary = match std::env::current_exe() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("mcp-conformance: cannot find this executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run_official_client(lines, &binary) {
        Ok(reports) => {
            for r in &reports {
                for s in r.scenarios.iter().filter(|s| !s.ok()) {
                    println!(
                        "--- {} ({}) ---\n$ {}\n{}",
                        s.scenario,
                        r.run.label,
                        s.command,
                        s.output.trim_end()
                    );
                }
                println!("{}", r.summary());
            }
            if reports.iter().all(ClientRunReport::ok) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
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
    fn listing_keeps_non_auth_non_extension_scenarios() {
        let out = "Client scenarios (test against a client):\n  - initialize [2025-06-18,2025-11-25]\n  \
                   - sse-retry [2025-11-25]\n  - auth/metadata-default [2025-11-25]\n  \
                   - request-metadata [2026-07-28]\n  - sep-2640-client-no-prefetch [extension]\n  \
                   - auth/dpop [extension]\n";
        assert_eq!(non_auth_scenarios(out), ["initialize", "sse-retry", "request-metadata"]);
    }

    #[test]
    fn runs_cover_stable_and_both_alpha_revisions() {
        let v = versions();
        let runs = client_runs(&[Line::Stable, Line::Alpha]);
        let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                v.stable.clone(),
                format!("{} --spec-version 2025-11-25", v.alpha),
                format!("{} --spec-version 2026-07-28", v.alpha)
            ]
        );
        assert_eq!(runs[0].spec_version, None);
        assert_eq!(runs[2].spec_version.as_deref(), Some("2026-07-28"));
    }

    #[test]
    fn a_scenario_needs_checks_a_zero_exit_and_no_problem() {
        let result = |passed, failed, warnings| ScenarioResult {
            name: "sse-retry".into(),
            passed,
            failed,
            warnings,
            problems: Vec::new(),
        };
        let report = |exit_code, r| ClientScenarioReport {
            scenario: "sse-retry".into(),
            command: String::new(),
            exit_code,
            passed_line: None,
            overall: None,
            result: r,
            output: String::new(),
        };
        assert!(report(Some(0), Some(result(3, 0, 0))).ok());
        assert!(!report(Some(1), Some(result(3, 0, 0))).ok());
        assert!(!report(Some(0), Some(result(2, 0, 1))).ok());
        assert!(!report(Some(0), Some(result(2, 1, 0))).ok());
        assert!(!report(Some(0), Some(result(0, 0, 0))).ok());
        assert!(!report(Some(0), None).ok());
        let run = ClientRunReport { run: client_runs(&[Line::Stable]).remove(0), scenarios: vec![] };
        assert!(!run.ok(), "an empty run is not a pass");
    }
}
