//! The stdio shutdown sequence for a child server.
//!
//! 2026-07-28 `basic/transports/stdio.mdx` "Shutdown" (and 2025-11-25
//! `basic/lifecycle.mdx` "stdio"): the client closes the server's stdin, waits for it to
//! exit, sends `SIGTERM` if it has not exited in time, and `SIGKILL` if it still has not
//! exited in time after that. [`ShutdownOutcome::step`] says which step ended the process.
//! Off Unix there is no `SIGTERM`: the sequence goes from step 1 straight to the forced kill
//! (`TerminateProcess` on Windows).

use std::process::ExitStatus;
use std::time::Duration;

use tokio::process::Child;
use tokio::time::{Instant, timeout, timeout_at};

use crate::error::TransportError;
use crate::process::stdin::SharedStdin;

/// How long each step of the shutdown sequence waits for the child to exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShutdownTimeouts {
    /// Step 1: after closing stdin (including the time to close it), before `SIGTERM`.
    /// Default 5 s.
    pub after_stdin_close: Duration,
    /// Step 2: after `SIGTERM`, before `SIGKILL`. Default 2 s.
    pub after_sigterm: Duration,
}

impl Default for ShutdownTimeouts {
    fn default() -> Self {
        ShutdownTimeouts { after_stdin_close: Duration::from_secs(5), after_sigterm: Duration::from_secs(2) }
    }
}

/// The step of the shutdown sequence that ended the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShutdownStep {
    /// The child had already exited when shutdown began.
    AlreadyExited,
    /// Step 1: the child exited after its stdin was closed (the graceful path).
    StdinClosed,
    /// Step 2: the child exited after `SIGTERM` (Unix only).
    Terminated,
    /// Step 3: the child was killed (`SIGKILL`; `TerminateProcess` on Windows).
    Killed,
}

/// What [`ProcessHandle::shutdown`](super::ProcessHandle::shutdown) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShutdownOutcome {
    /// The step that ended the child.
    pub step: ShutdownStep,
    /// The child's exit status.
    pub status: ExitStatus,
    /// Time from the start of shutdown to the child's exit.
    pub elapsed: Duration,
}

/// Runs the sequence on `child`, whose stdin is `stdin`.
pub(crate) async fn run(
    child: &mut Child,
    stdin: &SharedStdin,
    timeouts: ShutdownTimeouts,
) -> Result<ShutdownOutcome, TransportError> {
    let start = Instant::now();
    let pid = child.id();
    let done = |step, status: ExitStatus| {
        tracing::debug!(?pid, ?step, %status, "MCP server process ended");
        Ok(ShutdownOutcome { step, status, elapsed: start.elapsed() })
    };
    if let Some(status) = child.try_wait()? {
        stdin.force_close().await;
        return done(ShutdownStep::AlreadyExited, status);
    }
    // Step 1: close stdin and wait; closing counts against the same budget.
    let step1 = async {
        stdin.force_close().await;
        child.wait().await
    };
    if let Ok(status) = timeout_at(start + timeouts.after_stdin_close, step1).await {
        return done(ShutdownStep::StdinClosed, status?);
    }
    // Step 2: SIGTERM and wait.
    #[cfg(unix)]
    if let Some(pid) = child.id() {
        // `child` is not reaped while we hold it, so `pid` still names it.
        sigterm(pid)?;
        if let Ok(status) = timeout(timeouts.after_sigterm, child.wait()).await {
            return done(ShutdownStep::Terminated, status?);
        }
    }
    // Step 3: SIGKILL.
    child.start_kill()?;
    let status = child.wait().await?;
    done(ShutdownStep::Killed, status)
}

#[cfg(unix)]
fn sigterm(pid: u32) -> Result<(), TransportError> {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let pid = i32::try_from(pid).map_err(|_| std::io::Error::other("process id out of range"))?;
    match kill(Pid::from_raw(pid), Signal::SIGTERM) {
        // Already gone (cannot happen for an unreaped child, but harmless).
        Ok(()) | Err(nix::errno::Errno::ESRCH) => Ok(()),
        Err(e) => Err(TransportError::Io(e.into())),
    }
}
