//! The child-process client transport and the stdio shutdown sequence (Unix).
#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mcp_jsonrpc::{Message, Notification, Request};
use mcp_transport::process::{ServerCommand, ShutdownTimeouts, StderrMode};
use mcp_transport::{
    ChildProcessTransport, MessageSink, MessageStream, ShutdownStep, Transport, TransportError,
};
use serde_json::json;

async fn within<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f).await.expect("timed out")
}

fn sh(script: &str) -> ServerCommand {
    ServerCommand::new("/bin/sh").arg("-c").arg(script).stderr(StderrMode::Null)
}

const SHORT: ShutdownTimeouts = ShutdownTimeouts {
    after_stdin_close: Duration::from_millis(300),
    after_sigterm: Duration::from_millis(300),
};

/// Generous upper bound for the whole sequence under the short timeouts (slow CI included).
const SEQUENCE_BOUND: Duration = Duration::from_secs(3);

fn note(method: &str) -> Message {
    Message::Notification(Notification::without_params(method))
}

#[tokio::test]
async fn cat_echoes_messages_then_exits_at_step_one() {
    let mut t = ChildProcessTransport::spawn(&ServerCommand::new("cat").shutdown_timeouts(SHORT)).unwrap();
    assert!(t.handle().id().is_some());
    // Unsplit: one small message at a time.
    let request = Message::Request(Request::new(1, "tools/call", &json!({"text": "a\nb"})).unwrap());
    within(t.send(request.clone())).await.unwrap();
    assert_eq!(within(t.recv()).await.unwrap().unwrap(), request);

    // Split: a sender task writes while we read, so a message larger than the pipe buffer flows.
    let messages = vec![
        note("notifications/initialized"),
        Message::Request(Request::new(2, "big", &json!({"data": "z".repeat(300_000)})).unwrap()),
        note("last"),
    ];
    let handle = t.handle();
    let (mut tx, mut rx) = t.split();
    let to_send = messages.clone();
    let sender = tokio::spawn(async move {
        for m in to_send {
            tx.send(m).await.unwrap();
        }
        tx
    });
    for want in &messages {
        assert_eq!(&within(rx.recv()).await.unwrap().unwrap(), want);
    }
    // The sink is still held (as a role would hold it): shutdown closes stdin regardless.
    let _tx = within(sender).await.unwrap();
    let outcome = within(handle.shutdown()).await.unwrap();
    assert_eq!(outcome.step, ShutdownStep::StdinClosed);
    assert!(outcome.status.success(), "{:?}", outcome.status);
    assert!(outcome.elapsed < SHORT.after_stdin_close);
    assert!(within(rx.recv()).await.is_none(), "stdout ends with the process");
    // A second shutdown finds the process gone.
    assert_eq!(within(handle.shutdown()).await.unwrap().step, ShutdownStep::AlreadyExited);
}

#[tokio::test]
async fn close_ends_stdin_and_the_server_exits_on_eof() {
    let mut t = ChildProcessTransport::spawn(&ServerCommand::new("cat")).unwrap();
    within(t.send(note("bye"))).await.unwrap();
    within(t.close()).await.unwrap();
    assert!(matches!(within(t.send(note("late"))).await, Err(TransportError::Closed)));
    assert_eq!(within(t.recv()).await.unwrap().unwrap(), note("bye"));
    assert!(within(t.recv()).await.is_none());
    let outcome = within(t.shutdown()).await.unwrap();
    assert!(matches!(outcome.step, ShutdownStep::AlreadyExited | ShutdownStep::StdinClosed));
    assert!(outcome.status.success());
}

#[tokio::test]
async fn a_server_ignoring_eof_is_terminated_at_step_two() {
    let t = ChildProcessTransport::spawn(&sh("exec sleep 30").shutdown_timeouts(SHORT)).unwrap();
    let outcome = within(t.shutdown()).await.unwrap();
    assert_eq!(outcome.step, ShutdownStep::Terminated);
    assert_eq!(outcome.status.signal(), Some(15), "{:?}", outcome.status);
    assert!(outcome.elapsed >= SHORT.after_stdin_close, "{:?}", outcome.elapsed);
    assert!(outcome.elapsed < SEQUENCE_BOUND, "{:?}", outcome.elapsed);
}

#[tokio::test]
async fn a_server_ignoring_sigterm_is_killed_at_step_three() {
    let t =
        ChildProcessTransport::spawn(&sh("trap '' TERM; exec sleep 30").shutdown_timeouts(SHORT)).unwrap();
    let outcome = within(t.shutdown()).await.unwrap();
    assert_eq!(outcome.step, ShutdownStep::Killed);
    assert_eq!(outcome.status.signal(), Some(9), "{:?}", outcome.status);
    assert!(outcome.elapsed >= SHORT.after_stdin_close + SHORT.after_sigterm, "{:?}", outcome.elapsed);
    assert!(outcome.elapsed < SEQUENCE_BOUND, "{:?}", outcome.elapsed);
}

#[tokio::test]
async fn shutdown_interrupts_a_send_blocked_on_a_full_pipe() {
    // `sleep` never reads its stdin: a large message fills the pipe and the send blocks.
    let t = ChildProcessTransport::spawn(&sh("exec sleep 30").shutdown_timeouts(SHORT)).unwrap();
    let handle = t.handle();
    let (mut tx, _rx) = t.split();
    let big = Message::Request(Request::new(1, "big", &json!({"data": "q".repeat(2_000_000)})).unwrap());
    let sending = tokio::spawn(async move { tx.send(big).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!sending.is_finished(), "the send should be blocked");
    let outcome = within(handle.shutdown()).await.unwrap();
    assert_eq!(outcome.step, ShutdownStep::Terminated);
    assert!(matches!(within(sending).await.unwrap(), Err(TransportError::Closed)));
}

#[tokio::test]
async fn stderr_lines_reach_the_callback_and_are_not_errors() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&lines);
    let mode = StderrMode::Callback(Arc::new(move |l: &str| seen.lock().unwrap().push(l.to_owned())));
    let cmd =
        sh("echo 'starting up' >&2; echo 'warning: x' >&2; exec cat").stderr(mode).shutdown_timeouts(SHORT);
    let mut t = ChildProcessTransport::spawn(&cmd).unwrap();
    within(t.send(note("ping"))).await.unwrap();
    assert_eq!(within(t.recv()).await.unwrap().unwrap(), note("ping"));
    assert_eq!(within(t.shutdown()).await.unwrap().step, ShutdownStep::StdinClosed);
    // The forwarding task drains stderr to its end; give it a bounded moment.
    within(async {
        while lines.lock().unwrap().len() < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert_eq!(*lines.lock().unwrap(), ["starting up", "warning: x"]);
}

#[tokio::test]
async fn environment_and_working_directory_apply() {
    let script =
        r#"printf '{"jsonrpc":"2.0","method":"%s|%s|%s"}\n' "$MCP_TEST_VAR" "${HOME-unset}" "$(pwd)""#;
    let dir = std::env::temp_dir().canonicalize().unwrap();
    let cmd = sh(script).env_clear().env("MCP_TEST_VAR", "v1").current_dir(&dir);
    let mut t = ChildProcessTransport::spawn(&cmd).unwrap();
    let got = within(t.recv()).await.unwrap().unwrap();
    assert_eq!(got.method(), Some(format!("v1|unset|{}", dir.display()).as_str()));
    assert!(within(t.recv()).await.is_none());
    assert!(within(t.shutdown()).await.unwrap().status.success());
}

#[tokio::test]
async fn a_server_that_already_exited_is_reported_so() {
    let t = ChildProcessTransport::spawn(&sh("exit 3")).unwrap();
    let handle = t.handle();
    within(async {
        while handle.try_wait().await.unwrap().is_none() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    let outcome = within(t.shutdown()).await.unwrap();
    assert_eq!(outcome.step, ShutdownStep::AlreadyExited);
    assert_eq!(outcome.status.code(), Some(3));
}

#[tokio::test]
async fn a_missing_program_is_an_io_error() {
    let e = ChildProcessTransport::spawn(&ServerCommand::new("/nonexistent/mcp-server")).unwrap_err();
    assert!(matches!(e, TransportError::Io(ref io) if io.kind() == std::io::ErrorKind::NotFound), "{e:?}");
}

#[tokio::test]
async fn a_malformed_line_from_the_server_is_a_decode_error_and_reading_continues() {
    let cmd = sh(r#"echo 'garbage'; echo '{"jsonrpc":"2.0","method":"ok"}'"#);
    let mut t = ChildProcessTransport::spawn(&cmd).unwrap();
    assert!(matches!(within(t.recv()).await, Some(Err(TransportError::Decode(_)))));
    assert_eq!(within(t.recv()).await.unwrap().unwrap(), note("ok"));
    assert!(within(t.recv()).await.is_none());
    within(t.shutdown()).await.unwrap();
}
