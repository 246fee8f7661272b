//! The `mcp` command-line client, run as a real process against the fixture server
//! (`mcp-conformance serve --stdio`, and `serve --listen 127.0.0.1:0` for `--url`, also real
//! processes). The crate's examples run the same way: `stdio_client` and `http_client`
//! against the mcp-server examples `stdio_server` and `http_server` (built with cargo as
//! below; mcp-client does not depend on mcp-server, not even for tests).
//!
//! # How the binaries are built
//! `mcp` needs the crate's `cli` feature, which a plain `cargo test --workspace` does not
//! enable (library users must not pull clap), so `CARGO_BIN_EXE_mcp` is not available here.
//! Instead the first test to need them runs, once per test process:
//!
//! ```text
//! cargo build -p mcp-conformance --bin mcp-conformance --message-format json ...
//! cargo build -p mcp-client --features cli --bin mcp --message-format json ...
//! ```
//!
//! with the same cargo (`$CARGO`), the same target directory and profile as this test
//! executable (derived from its own path, `<target>/<profile>/deps/cli-<hash>`), and takes
//! each binary's path from cargo's `compiler-artifact` message. Cargo holds no lock while
//! tests run, and an up-to-date build is a no-op, so repeated runs cost little.
//!
//! Every child process has a timeout; output is captured and asserted on (`--json` results
//! and the readable tables and texts).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Generous: a cold build of clap, indicatif and the workspace on a small machine.
const BUILD_TIMEOUT: Duration = Duration::from_secs(1200);
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Texts of the fixture (`mcp-conformance/src/fixture.rs`).
const STATIC_TEXT: &str = "This is the content of the static text resource.";
const ERROR_TEXT: &str = "This tool intentionally returns an error for testing";

struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Finished {
    fn code(&self) -> i32 {
        self.status.code().expect("the process exited (no signal)")
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }
}

impl std::fmt::Debug for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {:?}\n--- stdout\n{}\n--- stderr\n{}", self.status, self.stdout, self.stderr)
    }
}

/// Runs `command` to completion with `input` on stdin, killing it after `timeout`.
fn run(mut command: Command, input: &str, timeout: Duration, what: &str) -> Finished {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let pipe = |mut reader: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = reader.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} did not finish within {timeout:?}; stderr:\n{}",
                stderr.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Finished { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() }
}

/// `(target dir, profile)` of this test executable: `<target>/<profile>/deps/cli-<hash>`.
fn target_and_profile() -> (PathBuf, String) {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("{} is not in <target>/<profile>/deps", exe.display()));
    let profile = profile_dir.file_name().expect("a profile directory").to_string_lossy().into_owned();
    let target = profile_dir.parent().expect("a target directory").to_path_buf();
    (target, profile)
}

/// Builds one binary with cargo and returns its path (from the `compiler-artifact` message).
fn cargo_build(package: &str, bin: &str, features: &[&str]) -> PathBuf {
    cargo_build_target(package, "--bin", bin, features)
}

/// Builds one executable target (`kind` is `--bin` or `--example`) and returns its path.
fn cargo_build_target(package: &str, kind: &str, bin: &str, features: &[&str]) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let (target, profile) = target_and_profile();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let mut command = Command::new(cargo);
    command.arg("build").arg("--manifest-path").arg(&manifest).arg("--target-dir").arg(&target).args([
        "-p",
        package,
        kind,
        bin,
        "--message-format",
        "json-render-diagnostics",
    ]);
    match profile.as_str() {
        "debug" => {}
        "release" => {
            command.arg("--release");
        }
        other => {
            command.args(["--profile", other]);
        }
    }
    for feature in features {
        command.args(["--features", feature]);
    }
    let what = format!("cargo build -p {package} {kind} {bin}");
    let done = run(command, "", BUILD_TIMEOUT, &what);
    assert!(done.status.success(), "{what} failed:\n{}", done.stderr);
    done.stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == bin)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("{what} reported no executable:\n{}", done.stdout))
}

struct Binaries {
    mcp: PathBuf,
    fixture: PathBuf,
}

fn binaries() -> &'static Binaries {
    static BINARIES: OnceLock<Binaries> = OnceLock::new();
    BINARIES.get_or_init(|| Binaries {
        fixture: cargo_build("mcp-conformance", "mcp-conformance", &[]),
        mcp: cargo_build("mcp-client", "mcp", &["cli"]),
    })
}

/// The `--stdio` line that serves the fixture.
fn fixture_line() -> String {
    let path = binaries().fixture.to_str().expect("a UTF-8 path").to_owned();
    shell_quote(&path) + " serve --stdio"
}

/// Single-quotes `word` for a POSIX shell line.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Runs `mcp --stdio <fixture> ARGS` with empty stdin.
fn mcp(args: &[&str]) -> Finished {
    mcp_with_input(args, "")
}

fn mcp_with_input(args: &[&str], input: &str) -> Finished {
    let mut command = Command::new(&binaries().mcp);
    command.arg("--stdio").arg(fixture_line()).args(args).env_remove("COLUMNS");
    run(command, input, RUN_TIMEOUT, &format!("mcp {}", args.join(" ")))
}

/// Runs `mcp ARGS` without adding `--stdio`.
fn mcp_bare(args: &[&str]) -> Finished {
    let mut command = Command::new(&binaries().mcp);
    command.args(args);
    run(command, "", RUN_TIMEOUT, &format!("mcp {}", args.join(" ")))
}

fn success(done: Finished) -> Finished {
    assert_eq!(done.code(), 0, "{done:?}");
    done
}

/// The cells of a table line (two or more spaces apart).
fn cells(line: &str) -> Vec<&str> {
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

/// The table row whose first cell is `first`, split into cells.
fn row<'a>(table: &'a str, first: &str) -> Vec<&'a str> {
    let line = table
        .lines()
        .find(|l| l.split("  ").next() == Some(first))
        .unwrap_or_else(|| panic!("no row {first:?} in:\n{table}"));
    cells(line)
}

fn assert_lines_fit(table: &str, width: usize) {
    for line in table.lines() {
        assert!(line.chars().count() <= width, "line wider than {width}: {line:?}");
    }
}

#[test]
fn tools_list_prints_a_table_cut_to_100_columns() {
    let done = success(mcp(&["tools", "list"]));
    let header = done.stdout.lines().next().expect("a header");
    assert_eq!(header.split_whitespace().collect::<Vec<_>>(), ["NAME", "DESCRIPTION"]);
    assert_eq!(row(&done.stdout, "add_numbers"), ["add_numbers", "Adds two numbers"]);
    assert_eq!(
        row(&done.stdout, "test_error_handling"),
        ["test_error_handling", "Always returns a tool error"]
    );
    assert_lines_fit(&done.stdout, 100);
    // One row per tool, as many as tools/list reports.
    let listed = success(mcp(&["--json", "tools", "list"])).json();
    let count = listed["tools"].as_array().expect("tools").len();
    assert_eq!(done.stdout.lines().count(), count + 1, "{}", done.stdout);
}

#[test]
fn tools_list_json_has_every_fixture_tool_with_its_schema() {
    let listed = success(mcp(&["tools", "list", "--json"])).json();
    let tools = listed["tools"].as_array().expect("a tools array");
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    for expected in [
        "test_simple_text",
        "test_image_content",
        "test_error_handling",
        "test_tool_with_progress",
        "test_tool_with_logging",
        "test_elicitation",
        "json_schema_2020_12_tool",
        "add_numbers",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    let add = tools.iter().find(|t| t["name"] == "add_numbers").expect("add_numbers");
    assert_eq!(add["inputSchema"]["type"], "object");
    assert!(add["inputSchema"]["properties"]["a"].is_object(), "{add}");
    assert!(add["inputSchema"]["properties"]["b"].is_object(), "{add}");
}

#[test]
fn tools_call_prints_text_blocks_and_parses_argument_values_as_json() {
    let done = success(mcp(&["tools", "call", "add_numbers", "--arg", "a=2", "--arg", "b=3"]));
    assert_eq!(done.stdout, "The sum of 2 and 3 is 5.\n");
    let done = success(mcp(&["tools", "call", "test_simple_text"]));
    assert_eq!(done.stdout, "This is a simple text response for testing.\n");
}

#[test]
fn tools_call_json_with_args_json_and_arg_overrides() {
    let done = success(mcp(&[
        "--json",
        "tools",
        "call",
        "add_numbers",
        "--args-json",
        r#"{"a": 1.5, "b": 100}"#,
        "--arg",
        "b=-0.25",
    ]));
    let result = done.json();
    assert_eq!(result["content"][0]["type"], "text");
    assert_eq!(result["content"][0]["text"], "The sum of 1.5 and -0.25 is 1.25.");
    assert!(result.get("isError").is_none_or(|e| e == false), "{result}");
}

#[test]
fn a_tool_error_exits_with_status_1() {
    let done = mcp(&["tools", "call", "test_error_handling"]);
    assert_eq!(done.code(), 1, "{done:?}");
    assert_eq!(done.stdout, format!("{ERROR_TEXT}\n"));
    assert!(done.stderr.contains("isError"), "{done:?}");
    let done = mcp(&["--json", "tools", "call", "test_error_handling"]);
    assert_eq!(done.code(), 1, "{done:?}");
    let result = done.json();
    assert_eq!(result["isError"], true);
    assert_eq!(result["content"][0]["text"], ERROR_TEXT);
}

#[test]
fn non_text_blocks_are_described() {
    let done = success(mcp(&["tools", "call", "test_image_content"]));
    let line = done.stdout.trim_end();
    assert!(line.starts_with("[image: image/png, ") && line.ends_with(" bytes]"), "{done:?}");
    let done = success(mcp(&["tools", "call", "test_embedded_resource"]));
    assert_eq!(
        done.stdout,
        "[resource: test://embedded-resource, text/plain]\nThis is an embedded resource content.\n"
    );
}

#[test]
fn progress_notifications_show_on_stderr_while_the_call_runs() {
    let done = success(mcp(&["tools", "call", "test_tool_with_progress"]));
    assert_eq!(done.stdout, "Progress tool completed\n");
    // stderr is not a terminal here, so the bar is replaced by plain lines.
    let lines: Vec<&str> = done.stderr.lines().filter(|l| l.starts_with("progress: ")).collect();
    assert_eq!(
        lines,
        ["progress: 0/100 (0%)", "progress: 50/100 (50%)", "progress: 100/100 (100%)"],
        "{done:?}"
    );
}

#[test]
fn log_messages_at_the_requested_level_go_to_stderr() {
    let done = success(mcp(&["--log-level", "info", "tools", "call", "test_tool_with_logging"]));
    assert_eq!(done.stdout, "Tool with logging executed successfully\n");
    let logs: Vec<&str> = done.stderr.lines().filter(|l| l.starts_with("[info]")).collect();
    assert_eq!(logs.len(), 3, "{done:?}");
    // Without a level a 2026-07-28 server sends none.
    let done = success(mcp(&["tools", "call", "test_tool_with_logging"]));
    assert!(!done.stderr.contains("[info]"), "{done:?}");
}

#[test]
fn elicitation_is_declined_when_stdin_is_not_a_terminal() {
    let done = success(mcp(&["tools", "call", "test_elicitation", "--arg", "message=Who are you?"]));
    assert_eq!(done.stdout, "User response: action=decline\n");
    assert!(
        done.stderr.contains("declined the server's input request (stdin is not a terminal): Who are you?"),
        "{done:?}"
    );
    let done = success(mcp(&[
        "--elicitation",
        "decline",
        "tools",
        "call",
        "test_elicitation",
        "--arg",
        "message=x",
    ]));
    assert_eq!(done.stdout, "User response: action=decline\n");
}

#[test]
fn elicitation_prompt_mode_reads_the_answers_from_stdin() {
    let args =
        ["--elicitation", "prompt", "tools", "call", "test_elicitation", "--arg", "message=Who are you?"];
    let done = success(mcp_with_input(&args, "y\nfirst\nsecond\n"));
    assert!(done.stderr.contains("The server asks: Who are you?"), "{done:?}");
    // The fields are asked in the order the request lists them; each gets the next line.
    let at =
        |field: &str| done.stderr.find(&format!("  {field} (text): ")).unwrap_or_else(|| panic!("{done:?}"));
    let (username, email) =
        if at("username") < at("email") { ("first", "second") } else { ("second", "first") };
    assert_eq!(
        done.stdout,
        format!(
            "User response: action=accept, content={{\"email\":\"{email}\",\"username\":\"{username}\"}}\n"
        )
    );
    let done = success(mcp_with_input(&args, "c\n"));
    assert_eq!(done.stdout, "User response: action=cancel\n");
    let done = success(mcp_with_input(&args, "n\n"));
    assert_eq!(done.stdout, "User response: action=decline\n");
}

#[test]
fn elicitation_prompt_mode_offers_choices_defaults_and_asks_again() {
    // Every field of the enum form: first an invalid choice, then the second option.
    let args = ["--elicitation", "prompt", "tools", "call", "test_elicitation_sep1330_enums"];
    let done = success(mcp_with_input(&args, &format!("y\n{}", "9\n2\n".repeat(5))));
    assert_eq!(
        done.stdout,
        "Elicitation completed: action=accept, content={\"legacyEnum\":\"opt2\",\"titledMulti\":[\"value2\"],\
         \"titledSingle\":\"value2\",\"untitledMulti\":[\"option2\"],\"untitledSingle\":\"option2\"}\n"
    );
    assert_eq!(done.stderr.matches("\"9\" is not one of the choices").count(), 5, "{done:?}");
    assert!(done.stderr.contains("2) Second Option [value2]"), "{done:?}");
    assert!(done.stderr.contains("2) Option Two [opt2]"), "{done:?}");
    // Empty answers keep each field's default.
    let args = ["--elicitation", "prompt", "tools", "call", "test_elicitation_sep1034_defaults"];
    let done = success(mcp_with_input(&args, &format!("y\n{}", "\n".repeat(5))));
    assert_eq!(
        done.stdout,
        "Elicitation completed: action=accept, content={\"age\":30,\"name\":\"John Doe\",\"score\":95.5,\
         \"status\":\"active\",\"verified\":true}\n"
    );
}

#[test]
fn resources_list_table_and_json() {
    let done = success(mcp(&["resources", "list"]));
    let header = cells(done.stdout.lines().next().expect("a header"));
    assert_eq!(header, ["URI", "NAME", "MIME TYPE", "DESCRIPTION"]);
    assert_eq!(
        row(&done.stdout, "test://static-text"),
        ["test://static-text", "static-text", "text/plain", "A static text resource"]
    );
    assert_eq!(row(&done.stdout, "test://static-binary")[2], "image/png");
    assert_lines_fit(&done.stdout, 100);
    let listed = success(mcp(&["--json", "resources", "list"])).json();
    let uris: Vec<&str> =
        listed["resources"].as_array().expect("resources").iter().filter_map(|r| r["uri"].as_str()).collect();
    for uri in
        ["test://static-text", "test://static-binary", "test://watched-resource", "test://embedded-resource"]
    {
        assert!(uris.contains(&uri), "{uri} missing from {uris:?}");
    }
}

#[test]
fn resources_read_text_blob_and_template_instance() {
    let done = success(mcp(&["resources", "read", "test://static-text"]));
    assert_eq!(done.stdout, format!("{STATIC_TEXT}\n"));
    let done = success(mcp(&["resources", "read", "test://static-binary"]));
    let line = done.stdout.trim_end();
    assert!(
        line.starts_with("[blob: test://static-binary, image/png, ") && line.ends_with(" bytes]"),
        "{done:?}"
    );
    let result = success(mcp(&["resources", "read", "test://static-binary", "--json"])).json();
    let blob = result["contents"][0]["blob"].as_str().expect("a blob");
    assert!(blob.starts_with("iVBORw0KGgo"), "a base64 PNG signature: {blob}");
    assert_eq!(result["contents"][0]["mimeType"], "image/png");
    let done = success(mcp(&["resources", "read", "test://template/42/data"]));
    let data: Value = serde_json::from_str(done.stdout.trim()).expect("JSON text");
    assert_eq!(data["id"], "42");
    assert_eq!(data["data"], "Data for ID: 42");
}

#[test]
fn resources_templates_table() {
    let done = success(mcp(&["resources", "templates"]));
    let header = cells(done.stdout.lines().next().expect("a header"));
    assert_eq!(header, ["URI TEMPLATE", "NAME", "MIME TYPE", "DESCRIPTION"]);
    // The row is 103 characters wide: the description is cut to fit 100 columns.
    let template = row(&done.stdout, "test://template/{id}/data");
    assert_eq!(template[..3], ["test://template/{id}/data", "template-data", "application/json"]);
    assert_eq!(template[3], "A resource template whose data names th…");
    assert_lines_fit(&done.stdout, 100);
    let listed = success(mcp(&["--json", "resources", "templates"])).json();
    assert_eq!(listed["resourceTemplates"][0]["uriTemplate"], "test://template/{id}/data");
}

#[test]
fn prompts_list_and_get() {
    let done = success(mcp(&["prompts", "list"]));
    assert_eq!(
        row(&done.stdout, "test_prompt_with_arguments"),
        ["test_prompt_with_arguments", "arg1*, arg2*", "A prompt with two required arguments"]
    );
    assert_eq!(
        row(&done.stdout, "test_simple_prompt"),
        ["test_simple_prompt", "A simple prompt without arguments"]
    );
    assert_lines_fit(&done.stdout, 100);
    let done = success(mcp(&[
        "prompts",
        "get",
        "test_prompt_with_arguments",
        "--arg",
        "arg1=1",
        "--arg",
        "arg2=big world",
    ]));
    assert_eq!(done.stdout, "user: Prompt with arguments: arg1='1', arg2='big world'\n");
    let result = success(mcp(&["--json", "prompts", "get", "test_simple_prompt"])).json();
    assert_eq!(result["messages"][0]["role"], "user");
    assert_eq!(result["messages"][0]["content"]["text"], "This is a simple prompt for testing.");
    let done = success(mcp(&["prompts", "get", "test_prompt_with_image"]));
    let lines: Vec<&str> = done.stdout.lines().collect();
    assert!(lines[0].starts_with("user: [image: image/png, "), "{done:?}");
    assert_eq!(lines[1], "user: Please analyze the image above.");
}

#[test]
fn protocol_version_forces_a_revision() {
    let done = success(mcp(&["-v", "tools", "call", "add_numbers", "--arg", "a=1", "--arg", "b=1"]));
    assert!(done.stderr.contains("protocol 2026-07-28"), "{done:?}");
    for legacy in ["2025-11-25", "2025-06-18", "2024-11-05"] {
        let done = success(mcp(&[
            "--protocol-version",
            legacy,
            "--verbose",
            "tools",
            "call",
            "add_numbers",
            "--arg",
            "a=1",
            "--arg",
            "b=1",
        ]));
        assert!(done.stderr.contains(&format!("protocol {legacy}")), "{done:?}");
        assert_eq!(done.stdout, "The sum of 1 and 1 is 2.\n");
    }
}

#[test]
fn the_stdio_line_follows_shell_quoting() {
    let line =
        format!("sh -c 'exec \"$0\" serve --stdio' {}", shell_quote(binaries().fixture.to_str().unwrap()));
    let mut command = Command::new(&binaries().mcp);
    command.args(["--stdio", &line, "tools", "call", "add_numbers", "--arg", "a=20", "--arg", "b=22"]);
    let done = success(run(command, "", RUN_TIMEOUT, "mcp via sh -c"));
    assert_eq!(done.stdout, "The sum of 20 and 22 is 42.\n");
}

#[test]
fn usage_connection_and_server_errors_exit_with_status_2() {
    let done = mcp_bare(&["tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("no server given"), "{done:?}");

    let done = mcp_bare(&["--stdio", "/nonexistent/mcp-server", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("cannot connect to the stdio server `/nonexistent/mcp-server`"), "{done:?}");

    let done = mcp_bare(&["--stdio", "'unbalanced", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");

    let done = mcp(&["tools", "call", "add_numbers", "--arg", "novalue"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("KEY=VALUE"), "{done:?}");

    let done = mcp(&["--protocol-version", "1999-01-01", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("unknown protocol revision"), "{done:?}");

    let done = mcp(&["tools", "call", "no_such_tool"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("server error -32602"), "{done:?}");

    let done = mcp(&["resources", "read", "test://nope"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("server error"), "{done:?}");

    let done = mcp_bare(&["tools", "frobnicate"]);
    assert_eq!(done.code(), 2, "{done:?}");
}

#[test]
fn help_documents_elicitation_and_exit_status() {
    let done = success(mcp_bare(&["--help"]));
    assert!(done.stdout.contains("declines otherwise"), "{done:?}");
    assert!(done.stdout.contains("isError"), "{done:?}");
    assert!(done.stdout.contains("--stdio <COMMAND>"), "{done:?}");
    assert!(done.stdout.contains("--protocol-version <REVISION>"), "{done:?}");
}

// --- HTTP: `--url`, `--transport`, `--header` -------------------------------------------

/// A child process killed (and reaped) when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` and returns it with the first `lines` lines of its stdout (a server
/// printing its URLs), within [`RUN_TIMEOUT`].
fn start_printing(mut command: Command, lines: usize, what: &str) -> (Running, Vec<String>) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let running = Running(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(stdout);
        for _ in 0..lines {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let _ = tx.send(line.trim_end().to_owned());
        }
        // Keep draining so the server never blocks on a full pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let printed: Vec<String> = (0..lines)
        .map(|_| rx.recv_timeout(RUN_TIMEOUT).unwrap_or_else(|e| panic!("{what} printed no URL: {e}")))
        .collect();
    (running, printed)
}

/// The fixture over HTTP: `mcp-conformance serve --listen 127.0.0.1:0`, which prints its
/// Streamable HTTP URL (`/mcp`) and its HTTP+SSE URL (`/sse`), one a line.
struct HttpFixture {
    _process: Running,
    mcp: String,
    sse: String,
}

fn http_fixture() -> HttpFixture {
    let mut command = Command::new(&binaries().fixture);
    command.args(["serve", "--listen", "127.0.0.1:0"]);
    let (process, urls) = start_printing(command, 2, "mcp-conformance serve --listen");
    let mcp = urls.iter().find(|u| u.ends_with("/mcp")).expect("a /mcp URL").clone();
    let sse = urls.iter().find(|u| u.ends_with("/sse")).expect("a /sse URL").clone();
    assert!(mcp.starts_with("http://127.0.0.1:"), "{urls:?}");
    HttpFixture { _process: process, mcp, sse }
}

/// Runs `mcp --url URL ARGS` with empty stdin.
fn mcp_url(url: &str, args: &[&str]) -> Finished {
    let mut command = Command::new(&binaries().mcp);
    command.arg("--url").arg(url).args(args).env_remove("COLUMNS");
    run(command, "", RUN_TIMEOUT, &format!("mcp --url {url} {}", args.join(" ")))
}

#[test]
fn url_tools_list_json_and_call_with_transport_detection() {
    let fixture = http_fixture();
    let listed = success(mcp_url(&fixture.mcp, &["tools", "list", "--json"])).json();
    let names: Vec<&str> =
        listed["tools"].as_array().expect("tools").iter().filter_map(|t| t["name"].as_str()).collect();
    for expected in ["add_numbers", "test_simple_text", "test_elicitation", "test_tool_with_progress"] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    // The same list as over stdio.
    let over_stdio = success(mcp(&["tools", "list", "--json"])).json();
    assert_eq!(listed, over_stdio);

    let done = success(mcp_url(
        &fixture.mcp,
        &["-v", "tools", "call", "add_numbers", "--arg", "a=2", "--arg", "b=3"],
    ));
    assert_eq!(done.stdout, "The sum of 2 and 3 is 5.\n");
    assert!(done.stderr.contains("protocol 2026-07-28, over Streamable HTTP"), "{done:?}");

    let done = success(mcp_url(&fixture.mcp, &["resources", "read", "test://static-text"]));
    assert_eq!(done.stdout, format!("{STATIC_TEXT}\n"));
    let done = success(mcp_url(
        &fixture.mcp,
        &["prompts", "get", "test_prompt_with_arguments", "--arg", "arg1=x", "--arg", "arg2=y"],
    ));
    assert_eq!(done.stdout, "user: Prompt with arguments: arg1='x', arg2='y'\n");
    let done = mcp_url(&fixture.mcp, &["tools", "call", "test_error_handling"]);
    assert_eq!(done.code(), 1, "{done:?}");
    assert_eq!(done.stdout, format!("{ERROR_TEXT}\n"));
}

#[test]
fn url_progress_and_elicitation_work_over_http() {
    let fixture = http_fixture();
    let done = success(mcp_url(&fixture.mcp, &["tools", "call", "test_tool_with_progress"]));
    assert_eq!(done.stdout, "Progress tool completed\n");
    let lines: Vec<&str> = done.stderr.lines().filter(|l| l.starts_with("progress: ")).collect();
    assert_eq!(lines.last(), Some(&"progress: 100/100 (100%)"), "{done:?}");
    let args = ["--elicitation", "prompt", "tools", "call", "test_elicitation", "--arg", "message=Who?"];
    let done = success({
        let mut command = Command::new(&binaries().mcp);
        command.arg("--url").arg(&fixture.mcp).args(args);
        run(command, "y\nada\nada@example.com\n", RUN_TIMEOUT, "mcp --url ... test_elicitation")
    });
    assert!(done.stdout.starts_with("User response: action=accept, content={"), "{done:?}");
    assert!(done.stdout.contains("\"email\":\"") && done.stdout.contains("\"username\":\""), "{done:?}");
}

#[test]
fn url_transport_and_revision_can_be_forced() {
    let fixture = http_fixture();
    let call = ["-v", "tools", "call", "add_numbers", "--arg", "a=1", "--arg", "b=1"];
    for (url, extra, expected) in [
        (&fixture.mcp, vec!["--transport", "streamable-http"], "protocol 2026-07-28, over Streamable HTTP"),
        (
            &fixture.mcp,
            vec!["--transport", "streamable-http", "--protocol-version", "2025-11-25"],
            "protocol 2025-11-25, over Streamable HTTP",
        ),
        (&fixture.mcp, vec!["--protocol-version", "2025-03-26"], "protocol 2025-03-26, over Streamable HTTP"),
        (&fixture.sse, vec!["--transport", "sse"], "over HTTP+SSE"),
        (
            &fixture.sse,
            vec!["--transport", "sse", "--protocol-version", "2024-11-05"],
            "protocol 2024-11-05, over HTTP+SSE",
        ),
    ] {
        let args: Vec<&str> = extra.iter().copied().chain(call).collect();
        let done = success(mcp_url(url, &args));
        assert_eq!(done.stdout, "The sum of 1 and 1 is 2.\n", "{extra:?}");
        assert!(done.stderr.contains(expected), "{extra:?}: {done:?}");
    }
    let done = success(mcp_url(&fixture.sse, &["--transport", "sse", "--json", "resources", "list"]));
    assert!(done.json()["resources"].as_array().is_some_and(|r| !r.is_empty()), "{done:?}");
}

/// A one-route HTTP server that records every request head and answers `401` with a
/// `WWW-Authenticate` challenge; stops when `stop` is set.
struct Recorder {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

fn recording_401_server() -> Recorder {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}/mcp", listener.local_addr().expect("address"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let (seen, stopped) = (heads.clone(), stop.clone());
    let thread = std::thread::spawn(move || {
        while !stopped.load(Ordering::SeqCst) {
            let mut stream = match listener.accept() {
                Ok((stream, _)) => stream,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            seen.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"test\"\r\n\
                  Content-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    Recorder { url, heads, stop, thread }
}

#[test]
fn url_header_sends_authorization_on_every_request() {
    let Recorder { url, heads, stop, thread } = recording_401_server();
    let done = mcp_url(&url, &["--header", "Authorization: Bearer s3cret", "tools", "list"]);
    stop.store(true, Ordering::SeqCst);
    thread.join().expect("the recording server");
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains(&format!("cannot connect to the server at {url}")), "{done:?}");
    let heads = heads.lock().unwrap();
    assert!(!heads.is_empty(), "no request reached the server: {done:?}");
    for head in heads.iter() {
        let authorization = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case("authorization")))
            .map(|(_, v)| v.trim());
        assert_eq!(authorization, Some("Bearer s3cret"), "{head}");
    }
}

#[test]
fn url_usage_and_connection_errors_exit_with_status_2() {
    let done = mcp_bare(&["--url", "ftp://127.0.0.1/mcp", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("expected an http or https URL"), "{done:?}");
    let done = mcp_bare(&["--url", "http://127.0.0.1:9/mcp", "--header", "X-Api-Key: k", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("only the Authorization header"), "{done:?}");
    let done = mcp_bare(&["--stdio", "server", "--url", "http://127.0.0.1:9/mcp", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("not both"), "{done:?}");
    let done =
        mcp_bare(&["--url", "http://127.0.0.1:9/mcp", "--transport", "carrier-pigeon", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    // Nothing listens on the discard port of loopback: a connection failure.
    let done = mcp_bare(&["--url", "http://127.0.0.1:9/mcp", "tools", "list"]);
    assert_eq!(done.code(), 2, "{done:?}");
    assert!(done.stderr.contains("cannot connect to the server at http://127.0.0.1:9/mcp"), "{done:?}");
    let done = success(mcp_bare(&["--help"]));
    assert!(
        done.stdout.contains("--url <URL>") && done.stdout.contains("--transport <TRANSPORT>"),
        "{done:?}"
    );
    assert!(done.stdout.contains("--header <NAME: VALUE>"), "{done:?}");
}

// --- The crate's examples, against the mcp-server examples ------------------------------

fn example(package: &str, name: &str) -> PathBuf {
    cargo_build_target(package, "--example", name, &[])
}

#[test]
fn stdio_client_example_spawns_the_stdio_server_example_and_answers_its_elicitation() {
    let server = example("mcp-server", "stdio_server");
    let client = example("mcp-client", "stdio_client");
    let mut command = Command::new(client);
    command.arg(&server);
    let done = success(run(command, "", RUN_TIMEOUT, "stdio_client example"));
    assert!(done.stdout.contains("connected, protocol 2026-07-28"), "{done:?}");
    assert!(done.stdout.contains("- add: Adds two numbers"), "{done:?}");
    assert!(done.stdout.contains("add(2, 3) = 5"), "{done:?}");
    assert!(done.stdout.contains("the server asks: What is your name?"), "{done:?}");
    assert!(done.stdout.contains("greet: Hello, Ferris!"), "{done:?}");
}

#[test]
fn http_client_example_detects_each_transport_of_the_http_server_example() {
    let server = example("mcp-server", "http_server");
    let client = example("mcp-client", "http_client");
    let mut command = Command::new(server);
    command.arg("0");
    let (_server, printed) = start_printing(command, 2, "http_server example");
    let url_of = |label: &str| {
        let line = printed.iter().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{printed:?}"));
        line.rsplit(' ').next().expect("a URL").to_owned()
    };
    let (mcp_endpoint, sse_endpoint) = (url_of("Streamable HTTP:"), url_of("HTTP+SSE:"));
    for (args, expected) in [
        (
            vec![mcp_endpoint.clone()],
            "connected over Some(Modern { version: V2026_07_28 }), protocol 2026-07-28",
        ),
        (vec![mcp_endpoint, "streamable-http".into(), "2025-06-18".into()], "protocol 2025-06-18"),
        (
            vec![sse_endpoint, "sse".into(), "2024-11-05".into()],
            "connected over Some(HttpSse), protocol 2024-11-05",
        ),
    ] {
        let mut command = Command::new(&client);
        command.args(&args);
        let done = success(run(command, "", RUN_TIMEOUT, "http_client example"));
        assert!(done.stdout.contains(expected), "{args:?}: {done:?}");
        assert!(done.stdout.contains("add(2, 3) = 5"), "{args:?}: {done:?}");
    }
}
