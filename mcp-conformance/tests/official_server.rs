//! The official MCP conformance suite (`@modelcontextprotocol/conformance`, versions pinned in
//! `official/versions.json`) in server mode against our fixture server over Streamable HTTP
//! (`mcp_conformance::official`): `0.1.16 --suite all`, and the newest `0.2.0-alpha` with
//! `--requirements 2025-11-25` and `--requirements 2026-07-28`, each with the (empty)
//! `official/expected-failures.yml`. Node 22 and the suite come from the npm registry into
//! `target/conformance-suite/` on first use; without `npm` these tests fail (they never skip).

use std::process::Command;

use mcp_conformance::official::{self, Line, RunReport};

/// Fails the test with a clear message when `npm` cannot run.
fn require_npm() {
    match Command::new("npm").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "`npm --version` failed ({}): Node.js and npm are required to run the official MCP \
             conformance suite (install them, e.g. `apt-get install nodejs npm`)",
            out.status
        ),
        Err(e) => panic!(
            "cannot run npm ({e}): Node.js and npm are required to run the official MCP conformance \
             suite (install them, e.g. `apt-get install nodejs npm`)"
        ),
    }
}

fn run(line: Line) -> Vec<RunReport> {
    require_npm();
    let reports = official::run_official_server(&[line]).unwrap_or_else(|e| panic!("{e}"));
    for r in &reports {
        println!("{}", r.summary());
    }
    reports
}

/// No failure and no warning in any scenario, the suite's own exit code 0 (its baseline check
/// with the empty expected-failures file), and a `Total: N passed, 0 failed` line.
fn assert_all_pass(report: &RunReport) {
    assert!(report.all_ok(), "{}\n{}", report.summary(), report.output);
    let total = report.total.as_deref().unwrap_or_default();
    assert!(total.ends_with(", 0 failed"), "{total:?}\n{}", report.summary());
}

#[test]
fn stable_suite_all_scenarios_pass() {
    let reports = run(Line::Stable);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_all_pass(report);
    // `--suite all` includes the pending scenarios, and SEP-1699 polling resumed the stream.
    for name in ["json-schema-2020-12", "server-sse-polling", "dns-rebinding-protection"] {
        let scenario = report.scenarios.iter().find(|s| s.name == name);
        assert!(scenario.is_some_and(|s| s.passed > 0 && s.ok()), "{name}: {scenario:?}");
    }
}

#[test]
fn alpha_suite_both_revisions_pass() {
    let reports = run(Line::Alpha);
    assert_eq!(reports.len(), 2);
    let (r2025, r2026) = (&reports[0], &reports[1]);
    assert!(r2025.run.selection.contains(&"2025-11-25".to_owned()));
    assert!(r2026.run.selection.contains(&"2026-07-28".to_owned()));
    assert_all_pass(r2025);
    for name in ["server-session-lifecycle", "server-sse-polling"] {
        assert!(r2025.scenarios.iter().any(|s| s.name == name && s.passed > 0 && s.ok()), "{name}");
    }
    // Every scenario of the 2026-07-28 run passes with no warning, the extension ones
    // (`tasks-*`, SEP-2663, not scored for the revision) included.
    assert_all_pass(r2026);
    for name in [
        "server-stateless",
        "caching",
        "http-header-validation",
        "http-custom-header-server-validation",
        "sep-2164-resource-not-found",
        "input-required-result-multi-round",
        "input-required-result-tampered-state",
    ] {
        assert!(r2026.scenarios.iter().any(|s| s.name == name && s.passed > 0 && s.ok()), "{name}");
    }
    // The extension scenarios (not in the suite's default `active` set) really ran.
    for name in ["tasks-lifecycle", "tasks-mrtr-input", "tasks-mrtr-composition"] {
        assert!(r2026.unscored.contains(&name.to_owned()), "{name} is an extension scenario");
        assert!(r2026.scenarios.iter().any(|s| s.name == name && s.passed > 0 && s.ok()), "{name}");
    }
}
