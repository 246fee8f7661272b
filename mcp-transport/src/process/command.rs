//! What to spawn: the server command, its environment and how its stderr is handled.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;

use crate::process::shutdown::ShutdownTimeouts;
use crate::stdio::DEFAULT_MAX_LINE_BYTES;

/// Where the child's stderr goes. 2026-07-28 `basic/transports/stdio.mdx`: the server MAY
/// write UTF-8 logs of any kind to stderr and the client MAY capture, forward or ignore them;
/// the client MUST NOT treat stderr output as an error. None of these modes does.
#[derive(Clone, Default)]
pub enum StderrMode {
    /// The child writes to this process's stderr (the default).
    #[default]
    Inherit,
    /// Discarded (`/dev/null`).
    Null,
    /// Each line is logged with `tracing` at `INFO`, target `mcp_transport::process::stderr`,
    /// with the child's `pid`.
    Tracing,
    /// Each line (UTF-8, lossily decoded; without its line ending; lines over 64 KiB are
    /// delivered in 64 KiB pieces) is passed to the callback, on a tokio task.
    Callback(Arc<dyn Fn(&str) + Send + Sync>),
}

impl fmt::Debug for StderrMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StderrMode::Inherit => "Inherit",
            StderrMode::Null => "Null",
            StderrMode::Tracing => "Tracing",
            StderrMode::Callback(_) => "Callback(..)",
        })
    }
}

impl StderrMode {
    pub(crate) fn stdio(&self) -> Stdio {
        match self {
            StderrMode::Inherit => Stdio::inherit(),
            StderrMode::Null => Stdio::null(),
            StderrMode::Tracing | StderrMode::Callback(_) => Stdio::piped(),
        }
    }
}

/// A server to launch as a child process: program, arguments, environment, working
/// directory, stderr handling, incoming line limit and shutdown timeouts.
///
/// The environment is inherited unless [`env_clear`](Self::env_clear) is called (stdio
/// servers take their credentials from the environment: 2026-07-28
/// `basic/authorization/index.mdx`).
#[derive(Debug, Clone)]
pub struct ServerCommand {
    pub(crate) program: OsString,
    pub(crate) args: Vec<OsString>,
    pub(crate) env: Vec<(OsString, Option<OsString>)>,
    pub(crate) env_clear: bool,
    pub(crate) cwd: Option<PathBuf>,
    pub(crate) stderr: StderrMode,
    pub(crate) max_line_bytes: usize,
    pub(crate) timeouts: ShutdownTimeouts,
}

impl ServerCommand {
    /// A command running `program` (looked up in `PATH` when it has no path separator).
    pub fn new(program: impl Into<OsString>) -> Self {
        ServerCommand {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            env_clear: false,
            cwd: None,
            stderr: StderrMode::default(),
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            timeouts: ShutdownTimeouts::default(),
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the child.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), Some(value.into())));
        self
    }

    /// Removes an inherited environment variable.
    pub fn env_remove(mut self, key: impl Into<OsString>) -> Self {
        self.env.push((key.into(), None));
        self
    }

    /// Starts the child with an empty environment (plus what [`env`](Self::env) sets).
    pub fn env_clear(mut self) -> Self {
        self.env_clear = true;
        self.env.clear();
        self
    }

    /// Sets the child's working directory.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Sets how the child's stderr is handled (default [`StderrMode::Inherit`]).
    pub fn stderr(mut self, mode: StderrMode) -> Self {
        self.stderr = mode;
        self
    }

    /// Sets the maximum accepted line from the child's stdout, in bytes (default 4 MiB).
    pub fn max_line_bytes(mut self, max: usize) -> Self {
        self.max_line_bytes = max;
        self
    }

    /// Sets the shutdown timeouts used by [`ProcessHandle::shutdown`](super::ProcessHandle::shutdown).
    pub fn shutdown_timeouts(mut self, timeouts: ShutdownTimeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The program.
    pub fn program(&self) -> &OsStr {
        &self.program
    }

    /// The arguments.
    pub fn get_args(&self) -> impl Iterator<Item = &OsStr> {
        self.args.iter().map(OsString::as_os_str)
    }

    /// A tokio command with piped stdin/stdout and `kill_on_drop`.
    pub(crate) fn to_command(&self) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(&self.program);
        cmd.args(&self.args);
        if self.env_clear {
            cmd.env_clear();
        }
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(self.stderr.stdio()).kill_on_drop(true);
        cmd
    }
}
