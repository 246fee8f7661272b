//! The client side of stdio: launch a server as a child process and talk over its pipes.
//!
//! 2026-07-28 `basic/transports/stdio.mdx`: the client launches the server as a subprocess,
//! writes messages to its stdin and reads messages from its stdout; the server may log to
//! stderr, which is never an error ([`StderrMode`]). Shutdown follows the spec's sequence
//! (close stdin, wait, `SIGTERM`, wait, `SIGKILL`; [`ProcessHandle::shutdown`]).
//!
//! [`ChildProcessTransport::spawn`] starts the child. The transport can be split or boxed and
//! handed to a client role; keep a [`ProcessHandle`] (cloneable) to shut the child down
//! later: it closes stdin itself, even while a send is in progress elsewhere. The child is
//! killed (`kill_on_drop`) if the transport halves and every handle are dropped before it
//! exits.

mod command;
mod shutdown;
mod stderr;
mod stdin;

pub use command::{ServerCommand, StderrMode};
pub use shutdown::{ShutdownOutcome, ShutdownStep, ShutdownTimeouts};

use std::process::ExitStatus;
use std::sync::Arc;

use mcp_jsonrpc::Message;
use tokio::process::{Child, ChildStdout};
use tokio::sync::Mutex;

use crate::error::TransportError;
use crate::stdio::StdioReader;
use crate::transport::{MessageSink, MessageStream, Transport};
use stdin::SharedStdin;

#[derive(Debug)]
struct ProcessInner {
    child: Mutex<Child>,
    stdin: SharedStdin,
    pid: Option<u32>,
    timeouts: ShutdownTimeouts,
}

/// A cloneable handle on a spawned server process, for its id and its shutdown.
#[derive(Debug, Clone)]
pub struct ProcessHandle {
    inner: Arc<ProcessInner>,
}

impl ProcessHandle {
    /// The child's operating-system process id (`None` if it had exited when spawned).
    pub fn id(&self) -> Option<u32> {
        self.inner.pid
    }

    /// The child's exit status if it has exited, without waiting for it to (other than for a
    /// shutdown in progress).
    ///
    /// # Errors
    /// [`TransportError::Io`] if the status cannot be queried.
    pub async fn try_wait(&self) -> Result<Option<ExitStatus>, TransportError> {
        Ok(self.inner.child.lock().await.try_wait()?)
    }

    /// Shuts the child down with the timeouts of its [`ServerCommand`]; see
    /// [`shutdown_with`](Self::shutdown_with).
    ///
    /// # Errors
    /// As [`shutdown_with`](Self::shutdown_with).
    pub async fn shutdown(&self) -> Result<ShutdownOutcome, TransportError> {
        self.shutdown_with(self.inner.timeouts).await
    }

    /// Runs the shutdown sequence of 2026-07-28 `basic/transports/stdio.mdx`: close the
    /// child's stdin and wait up to `timeouts.after_stdin_close`; then send `SIGTERM` and wait
    /// up to `timeouts.after_sigterm`; then `SIGKILL` and wait. Returns the step that ended
    /// the child and its exit status. Completes within about the sum of the two timeouts.
    /// Calling it again (or after the child exited) reports [`ShutdownStep::AlreadyExited`].
    ///
    /// # Errors
    /// [`TransportError::Io`] if waiting for or signalling the child fails.
    pub async fn shutdown_with(&self, timeouts: ShutdownTimeouts) -> Result<ShutdownOutcome, TransportError> {
        let mut child = self.inner.child.lock().await;
        shutdown::run(&mut child, &self.inner.stdin, timeouts).await
    }
}

/// The sending half of a [`ChildProcessTransport`]: writes to the child's stdin.
#[derive(Debug)]
pub struct ProcessSink {
    handle: ProcessHandle,
}

/// The receiving half of a [`ChildProcessTransport`]: reads the child's stdout.
#[derive(Debug)]
pub struct ProcessStream {
    reader: StdioReader<ChildStdout>,
    handle: ProcessHandle,
}

/// A stdio transport over a spawned server's stdin (messages to it) and stdout (messages
/// from it), with the framing of [`crate::stdio`].
#[derive(Debug)]
pub struct ChildProcessTransport {
    sink: ProcessSink,
    stream: ProcessStream,
}

impl ChildProcessTransport {
    /// Spawns `command` with piped stdin and stdout and its stderr as configured. Must be
    /// called within a tokio runtime.
    ///
    /// # Errors
    /// [`TransportError::Io`] if the process cannot be started (e.g. the program is not found).
    pub fn spawn(command: &ServerCommand) -> Result<Self, TransportError> {
        let mut child = command.to_command().spawn()?;
        let pid = child.id();
        tracing::info!(
            ?pid,
            program = %command.program().to_string_lossy(),
            args = ?command.get_args().collect::<Vec<_>>(),
            "spawned MCP server process"
        );
        let missing = || TransportError::Io(std::io::Error::other("child pipe missing"));
        let stdin = child.stdin.take().ok_or_else(missing)?;
        let stdout = child.stdout.take().ok_or_else(missing)?;
        if let Some(stderr) = child.stderr.take() {
            stderr::forward(stderr, &command.stderr, pid);
        }
        let handle = ProcessHandle {
            inner: Arc::new(ProcessInner {
                child: Mutex::new(child),
                stdin: SharedStdin::new(stdin),
                pid,
                timeouts: command.timeouts,
            }),
        };
        Ok(ChildProcessTransport {
            sink: ProcessSink { handle: handle.clone() },
            stream: ProcessStream { reader: StdioReader::new(stdout, command.max_line_bytes), handle },
        })
    }

    /// A handle for the child's id and shutdown; it stays valid after the transport is split,
    /// boxed or dropped.
    pub fn handle(&self) -> ProcessHandle {
        self.sink.handle.clone()
    }

    /// Runs the shutdown sequence ([`ProcessHandle::shutdown`]) and drops the transport.
    ///
    /// # Errors
    /// As [`ProcessHandle::shutdown_with`].
    pub async fn shutdown(self) -> Result<ShutdownOutcome, TransportError> {
        self.handle().shutdown().await
    }
}

impl ProcessSink {
    /// The child's handle.
    pub fn handle(&self) -> &ProcessHandle {
        &self.handle
    }
}

impl ProcessStream {
    /// The child's handle.
    pub fn handle(&self) -> &ProcessHandle {
        &self.handle
    }
}

impl MessageSink for ProcessSink {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.handle.inner.stdin.send(message).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.handle.inner.stdin.close().await
    }
}

impl MessageStream for ProcessStream {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        self.reader.recv().await
    }
}

impl MessageSink for ChildProcessTransport {
    async fn send(&mut self, message: Message) -> Result<(), TransportError> {
        self.sink.send(message).await
    }

    async fn close(&mut self) -> Result<(), TransportError> {
        self.sink.close().await
    }
}

impl MessageStream for ChildProcessTransport {
    async fn recv(&mut self) -> Option<Result<Message, TransportError>> {
        self.stream.recv().await
    }
}

impl Transport for ChildProcessTransport {
    type Sink = ProcessSink;
    type Stream = ProcessStream;

    fn split(self) -> (ProcessSink, ProcessStream) {
        (self.sink, self.stream)
    }
}
