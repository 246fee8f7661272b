//! The official MCP conformance suite (`@modelcontextprotocol/conformance`, versions pinned in
//! `official/versions.json`) in client mode against our client under test
//! (`mcp-conformance client URL`, `mcp_conformance::official::client`): every non-auth client
//! scenario of `0.1.16`, and of the newest `0.2.0-alpha` at `--spec-version 2025-11-25` and
//! `--spec-version 2026-07-28`, one `--scenario` at a time inside a network namespace with only
//! loopback. Node 22 and the suite come from the npm registry into `target/conformance-suite/`
//! on first use; without `npm` these tests fail (they never skip).

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use mcp_conformance::official::Line;
use mcp_conformance::official::client::{self, ClientRunReport};

/// The client under test: this package's binary.
const BINARY: &str = env!("CARGO_BIN_EXE_mcp-conformance");

/// `sse-retry` measures a 450–700 ms reconnect window: the suites run one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

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

fn run(line: Line) -> Vec<ClientRunReport> {
    require_npm();
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let reports = client::run_official_client(&[line], Path::new(BINARY)).unwrap_or_else(|e| panic!("{e}"));
    for r in &reports {
        println!("{}", r.summary());
    }
    reports
}

/// Exactly `expected` ran, each with checks, a zero exit and `OVERALL: PASSED`, and no check
/// failed or warned.
fn assert_all_pass(report: &ClientRunReport, expected: &[&str]) {
    let ran: Vec<&str> = report.scenarios.iter().map(|s| s.scenario.as_str()).collect();
    assert_eq!(ran, expected, "{}", report.summary());
    for s in &report.scenarios {
        assert!(s.ok(), "{}\n$ {}\n{}", report.summary(), s.command, s.output);
        assert_eq!(s.overall.as_deref(), Some("OVERALL: PASSED"), "{}", s.output);
    }
    let (passed, failed, warnings) = report.totals();
    assert!(passed >= expected.len(), "{}", report.summary());
    assert_eq!((failed, warnings), (0, 0), "{}", report.summary());
}

/// The number of successful checks of `scenario` in `report`.
fn passed(report: &ClientRunReport, scenario: &str) -> usize {
    let s = report.scenarios.iter().find(|s| s.scenario == scenario);
    s.and_then(|s| s.result.as_ref()).map_or(0, |r| r.passed)
}

const LEGACY: [&str; 4] = ["initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"];

#[test]
fn stable_suite_client_scenarios_pass() {
    let reports = run(Line::Stable);
    assert_eq!(reports.len(), 1);
    assert_all_pass(&reports[0], &LEGACY);
    // Five SEP-1034 defaults; reconnect + retry timing + Last-Event-ID.
    assert_eq!(passed(&reports[0], "elicitation-sep1034-client-defaults"), 5);
    assert_eq!(passed(&reports[0], "sse-retry"), 3);
}

#[test]
fn alpha_suite_client_scenarios_pass_in_both_eras() {
    let reports = run(Line::Alpha);
    assert_eq!(reports.len(), 2);
    let (legacy, modern) = (&reports[0], &reports[1]);
    assert_eq!(legacy.run.spec_version.as_deref(), Some("2025-11-25"));
    assert_eq!(modern.run.spec_version.as_deref(), Some("2026-07-28"));
    let mut expected = LEGACY.to_vec();
    expected.push("json-schema-2020-12-preservation");
    assert_all_pass(legacy, &expected);
    assert_all_pass(
        modern,
        &[
            "tools_call",
            "request-metadata",
            "sep-2322-client-request-state",
            "http-standard-headers",
            "http-custom-headers",
            "http-invalid-tool-headers",
            "json-schema-ref-no-deref",
            "json-schema-2020-12-preservation",
        ],
    );
    // The alpha adds a wire-schema check to tools_call; MRTR has 5 checks; every invalid
    // x-mcp-header tool is excluded (11) and the valid one kept.
    assert_eq!(passed(legacy, "tools_call"), 2);
    assert_eq!(passed(modern, "sep-2322-client-request-state"), 5);
    assert_eq!(passed(modern, "http-invalid-tool-headers"), 12);
}

/// Runs the client under test by hand with `MCP_CONFORMANCE_SCENARIO=scenario`.
fn client_under_test(scenario: &str) -> std::process::Output {
    Command::new(BINARY)
        .args(["client", "http://127.0.0.1:9/mcp"])
        .env("MCP_CONFORMANCE_SCENARIO", scenario)
        .env_remove("MCP_CONFORMANCE_CONTEXT")
        .env_remove("MCP_CONFORMANCE_PROTOCOL_VERSION")
        .output()
        .expect("the binary runs")
}

#[test]
fn auth_and_unknown_scenarios_exit_2_without_connecting() {
    let auth = client_under_test("auth/metadata-default");
    assert_eq!(auth.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&auth.stderr);
    assert!(stderr.contains("auth/metadata-default") && stderr.contains("not supported yet"), "{stderr}");
    let unknown = client_under_test("no-such-scenario");
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("unknown scenario \"no-such-scenario\""), "{stderr}");
    // A played scenario against a closed port fails with exit 1 (not 2, not 0).
    let refused = client_under_test("tools_call");
    assert_eq!(refused.status.code(), Some(1), "{}", String::from_utf8_lossy(&refused.stderr));
}
