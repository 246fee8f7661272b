//! Malformed input on the real stdio server (2026-07-28 `basic/transports/stdio.mdx`,
//! JSON-RPC 2.0 §5.1): the binary `mcp-conformance serve --stdio` is spawned with raw pipes
//! and fed lines no client library would write.

use std::process::Stdio;
use std::time::Duration;

use mcp_jsonrpc::framing::DEFAULT_MAX_LINE_BYTES;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::support::{ensure, expect_eq, per_cell};
use crate::scenario::revisions::LATEST_LEGACY_AND_MODERN;
use crate::scenario::{Applies, Env, Scenario, TransportKind};

/// The stdio scenarios.
pub(crate) const SCENARIOS: &[Scenario] = &[Scenario {
    name: "stdio/malformed-input",
    spec: "2026-07-28 basic/transports/stdio.mdx; basic/index.mdx#error-codes; JSON-RPC 2.0 §5.1",
    applies: Applies::fixture(LATEST_LEGACY_AND_MODERN).on(&[TransportKind::Stdio]),
    check: per_cell!(malformed_input),
}];

/// The raw pipes of a spawned server.
struct Raw {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Raw {
    async fn write(&mut self, line: &[u8]) -> Result<(), String> {
        self.stdin.write_all(line).await.map_err(|e| format!("writing to the server: {e}"))?;
        self.stdin.write_all(b"\n").await.map_err(|e| format!("writing to the server: {e}"))?;
        self.stdin.flush().await.map_err(|e| format!("flushing: {e}"))
    }

    async fn read(&mut self, after: &str) -> Result<Value, String> {
        let mut line = String::new();
        let read = tokio::time::timeout(Duration::from_secs(5), self.stdout.read_line(&mut line))
            .await
            .map_err(|_| format!("no answer within 5 s after {after}"))?
            .map_err(|e| format!("reading stdout: {e}"))?;
        ensure(read > 0, || format!("stdout closed after {after}: the server stopped serving"))?;
        serde_json::from_str(&line)
            .map_err(|e| format!("the server wrote a line that is not JSON ({e}): {line:?}"))
    }

    /// Writes `line` and expects a JSON-RPC error `code` for `id`.
    async fn expect_error(&mut self, what: &str, line: &[u8], code: i64, id: Value) -> Result<Value, String> {
        self.write(line).await?;
        let answer = self.read(what).await?;
        expect_eq(&format!("{what}: error code"), &answer["error"]["code"], &json!(code))?;
        expect_eq(&format!("{what}: id"), &answer["id"], &id)?;
        ensure(answer.get("result").is_none(), || format!("{what}: an error with a result: {answer}"))?;
        Ok(answer)
    }

    async fn request(&mut self, what: &str, message: Value) -> Result<Value, String> {
        self.write(message.to_string().as_bytes()).await?;
        let answer = self.read(what).await?;
        expect_eq(&format!("{what}: id"), &answer["id"], &message["id"])?;
        answer.get("result").cloned().ok_or_else(|| format!("{what}: expected a result, got {answer}"))
    }
}

/// A line that is not JSON gets `-32700` with id `null`; JSON that is not a valid request
/// but carries an id gets `-32600` with that id; a line past the 4 MiB limit gets `-32600`
/// with id `null` and `data.maxBytes`; then a valid request is answered (the server kept
/// serving) and closing stdin ends the process with status 0.
async fn malformed_input(env: Env) -> Result<(), String> {
    let command = env.stdio_server().ok_or("no stdio server binary is known to this run")?;
    let mut child = Command::new(command.program())
        .args(command.get_args())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("spawning {:?}: {e}", command.program()))?;
    let stdin = child.stdin.take().ok_or("no stdin pipe")?;
    let stdout = BufReader::new(child.stdout.take().ok_or("no stdout pipe")?);
    let mut raw = Raw { child, stdin, stdout };

    raw.expect_error("a line that is not JSON", b"{this is not json", -32700, Value::Null).await?;
    raw.expect_error(
        "a request with jsonrpc 1.0",
        br#"{"jsonrpc":"1.0","id":"bad-7","method":"tools/list"}"#,
        -32600,
        json!("bad-7"),
    )
    .await?;
    raw.expect_error("a request without a method", br#"{"jsonrpc":"2.0","id":8}"#, -32600, json!(8)).await?;
    let padding = "x".repeat(DEFAULT_MAX_LINE_BYTES);
    let oversized = json!({"jsonrpc": "2.0", "id": 9, "method": "tools/list", "params": {"pad": padding}});
    let answer =
        raw.expect_error("an oversized line", oversized.to_string().as_bytes(), -32600, Value::Null).await?;
    expect_eq(
        "oversized: data.maxBytes",
        &answer["error"]["data"]["maxBytes"],
        &json!(DEFAULT_MAX_LINE_BYTES),
    )?;

    let version = env.version().as_str();
    let meta = json!({
        "io.modelcontextprotocol/protocolVersion": version,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "raw", "version": "1"}
    });
    let list = if env.is_modern() {
        let discover =
            json!({"jsonrpc": "2.0", "id": 10, "method": "server/discover", "params": {"_meta": meta}});
        let result = raw.request("server/discover", discover).await?;
        expect_eq("supportedVersions", &result["supportedVersions"], &json!([version]))?;
        json!({"jsonrpc": "2.0", "id": 11, "method": "tools/list", "params": {"_meta": meta}})
    } else {
        let init = json!({"jsonrpc": "2.0", "id": 10, "method": "initialize", "params": {
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": {"name": "raw", "version": "1"}
        }});
        let result = raw.request("initialize", init).await?;
        expect_eq("protocolVersion", &result["protocolVersion"], &json!(version))?;
        raw.write(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).await?;
        json!({"jsonrpc": "2.0", "id": 11, "method": "tools/list"})
    };
    let tools = raw.request("tools/list", list).await?;
    let names: Vec<&str> = tools["tools"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["name"].as_str()).collect())
        .unwrap_or_default();
    super::support::lists_in_order("tools", &names, &super::tools::FIXTURE_TOOLS)?;

    let Raw { mut child, stdin, stdout } = raw;
    drop(stdin);
    let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .map_err(|_| "the server did not exit within 5 s of stdin closing".to_owned())?
        .map_err(|e| format!("waiting for the server: {e}"))?;
    drop(stdout);
    ensure(status.success(), || format!("the server exited with {status}"))
}
