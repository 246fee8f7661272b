//! `Client::spawn` over a real child process and `close()` running the stdio shutdown
//! sequence (2026-07-28 `basic/transports/stdio.mdx`: close stdin, wait, SIGTERM, wait,
//! SIGKILL). The servers are tiny `sh` scripts that answer with canned lines; the client's
//! request ids are 1, 2, ... in order.

#![cfg(unix)]

use std::time::Duration;

use mcp_client::Client;
use mcp_jsonrpc::Era;
use mcp_transport::process::{ShutdownTimeouts, StderrMode};
use mcp_transport::{ServerCommand, ShutdownStep};

const DISCOVER: &str = r#"{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}},"ttlMs":0,"cacheScope":"public"}}"#;
const TOOLS: &str = r#"{"jsonrpc":"2.0","id":2,"result":{"resultType":"complete","tools":[{"name":"echo","inputSchema":{"type":"object"}}]}}"#;

fn script(tail: &str) -> ServerCommand {
    let body = format!("read l; echo '{DISCOVER}'; read l; echo '{TOOLS}'; echo 'log line' >&2; {tail}");
    ServerCommand::new("sh").arg("-c").arg(body).stderr(StderrMode::Null).shutdown_timeouts(
        ShutdownTimeouts { after_stdin_close: Duration::from_secs(5), after_sigterm: Duration::from_secs(5) },
    )
}

#[tokio::test]
async fn spawned_server_is_modern_and_exits_on_stdin_close() {
    let client = Client::spawn(&script("while read l; do :; done")).await.unwrap();
    assert_eq!(client.era(), Era::Modern);
    let tools = client.list_tools(None).await.unwrap();
    assert_eq!(tools.tools[0].name, "echo");
    let outcome = client.close().await.unwrap().expect("a spawned server has an outcome");
    assert!(matches!(outcome.step, ShutdownStep::StdinClosed | ShutdownStep::AlreadyExited), "{outcome:?}");
    assert!(outcome.status.success());
    client.closed().await;
}

#[tokio::test]
async fn a_server_ignoring_eof_is_terminated() {
    let command = script("exec sleep 1000").shutdown_timeouts(ShutdownTimeouts {
        after_stdin_close: Duration::from_millis(200),
        after_sigterm: Duration::from_secs(5),
    });
    let client = Client::spawn(&command).await.unwrap();
    client.list_tools(None).await.unwrap();
    let outcome = client.close().await.unwrap().unwrap();
    assert_eq!(outcome.step, ShutdownStep::Terminated);
}

#[tokio::test]
async fn a_missing_program_is_an_error() {
    let err = Client::spawn(&ServerCommand::new("/nonexistent/mcp-server")).await.unwrap_err();
    assert!(matches!(err, mcp_client::ClientError::Transport(_)), "{err:?}");
}
