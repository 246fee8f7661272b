//! `mcp-conformance run --server URL` and `run --server-command "cmd args"`: the client-side
//! scenarios against an external server, here this crate's own binary serving the fixture
//! (`serve --stdio`, `serve --listen 127.0.0.1:0`) in another process. Checks the summary line
//! (`N passed, 0 failed`), the cells that ran, and the scenarios shown as skipped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_mcp-conformance");

/// `serve --listen 127.0.0.1:0` in a child process, killed on drop.
struct Listening {
    child: Child,
    /// The printed URLs: `http://127.0.0.1:PORT/mcp`, then `.../sse`.
    urls: Vec<String>,
}

impl Listening {
    fn start() -> Listening {
        let mut child = Command::new(BINARY)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawning serve --listen");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout pipe")).lines();
        let urls: Vec<String> = (0..2).map(|_| lines.next().expect("a URL line").expect("reading")).collect();
        assert!(urls[0].starts_with("http://127.0.0.1:") && urls[0].ends_with("/mcp"), "{urls:?}");
        assert!(urls[1].ends_with("/sse"), "{urls:?}");
        Listening { child, urls }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(args: &[&str]) -> (Output, String) {
    let output = Command::new(BINARY).arg("run").args(args).output().expect("running mcp-conformance run");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, stdout)
}

/// The `(passed, failed)` counts of the last line, which must be the summary line.
fn summary(stdout: &str) -> (usize, usize) {
    let last = stdout.lines().last().unwrap_or_default();
    let (passed, failed) = last
        .strip_suffix(" failed")
        .and_then(|rest| rest.split_once(" passed, "))
        .unwrap_or_else(|| panic!("not a summary line: {last:?}\n{stdout}"));
    (passed.parse().expect("passed count"), failed.parse().expect("failed count"))
}

/// The second header line of the matrix: the revisions of the columns.
fn column_revisions(stdout: &str) -> Vec<&str> {
    stdout.lines().nth(1).unwrap_or_default().split_whitespace().skip(1).collect()
}

fn assert_green(output: &Output, stdout: &str) -> usize {
    let (passed, failed) = summary(stdout);
    assert_eq!(failed, 0, "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(passed > 0, "{stdout}");
    assert!(output.status.success(), "{stdout}");
    passed
}

#[test]
fn server_command_runs_both_stdio_eras() {
    let command = format!("{BINARY} serve --stdio");
    let (output, stdout) = run(&["--server-command", &command]);
    assert_green(&output, &stdout);
    let header = stdout.lines().next().unwrap_or_default();
    assert_eq!(header.split_whitespace().collect::<Vec<_>>(), ["stdio", "stdio"], "{stdout}");
    assert_eq!(column_revisions(&stdout), ["2026-07-28", "2025-11-25"], "{stdout}");
    assert!(!stdout.contains("once"), "codec checks do not run against a server: {stdout}");
    let row = stdout.lines().find(|l| l.split_whitespace().next() == Some("tools/call-text"));
    assert!(row.is_some_and(|r| r.matches("pass").count() == 2), "{stdout}");
    assert!(stdout.contains("skipped: needs its own scenario-local server"), "{stdout}");
}

#[test]
fn server_url_detects_both_streamable_http_eras() {
    let server = Listening::start();
    let (output, stdout) = run(&["--server", &server.urls[0]]);
    assert_green(&output, &stdout);
    assert_eq!(column_revisions(&stdout), ["2026-07-28", "2025-11-25"], "{stdout}");
    assert!(stdout.lines().next().is_some_and(|h| h.split_whitespace().all(|t| t == "http")), "{stdout}");
    assert!(stdout.contains("skipped: needs its own scenario-local server"), "{stdout}");
    assert!(stdout.contains("skipped: inspects our in-process HTTP server"), "{stdout}");
}

#[test]
fn server_url_detects_http_sse() {
    let server = Listening::start();
    let (output, stdout) = run(&["--server", &server.urls[1]]);
    assert_green(&output, &stdout);
    assert_eq!(column_revisions(&stdout), ["2024-11-05"], "{stdout}");
    assert!(stdout.lines().next().is_some_and(|h| h.trim() == "sse"), "{stdout}");
}

#[test]
fn filter_forces_a_cell() {
    let server = Listening::start();
    let (output, stdout) = run(&["--server", &server.urls[0], "--filter", "http/2025-06-18"]);
    assert_green(&output, &stdout);
    assert_eq!(column_revisions(&stdout), ["2025-06-18"], "{stdout}");
}

#[test]
fn unreachable_server_fails() {
    // Bind and drop a listener: nothing serves that port afterwards.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (output, stdout) = run(&["--server", &format!("http://127.0.0.1:{port}/mcp")]);
    assert!(!output.status.success(), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("detecting http://127.0.0.1:"), "{stderr}");
}
