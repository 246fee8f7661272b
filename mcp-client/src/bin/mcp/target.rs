//! Which server to talk to, and how to connect to it.
//!
//! A [`Target`] is built from the command line ([`Target::from_args`]) before anything is
//! started, so a bad `--stdio` is a usage error. The HTTP issue adds `Target::Http { url,
//! transport }` (from `--url URL --transport auto|streamable-http|sse`) and one arm to
//! [`Target::connect`]; nothing else in the CLI depends on the transport.

use mcp_client::{Client, ClientBuilder, ClientError};
use mcp_transport::ServerCommand;

use crate::cli::TargetArgs;

/// A server the CLI can connect to.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A child process speaking newline-delimited JSON-RPC on its stdin/stdout (2026-07-28
    /// `basic/transports/stdio.mdx`); its stderr goes to ours.
    Stdio {
        /// The command line as given (for messages).
        line: String,
        /// What to spawn.
        command: ServerCommand,
    },
}

impl Target {
    /// The target the options name.
    ///
    /// # Errors
    /// A message when no server is given or the `--stdio` line cannot be split (unbalanced
    /// quotes) or is empty.
    pub(crate) fn from_args(args: &TargetArgs) -> Result<Target, String> {
        match &args.stdio {
            Some(line) => {
                let words = shell_words::split(line)
                    .map_err(|e| format!("--stdio {line:?}: cannot split the command line: {e}"))?;
                let Some((program, rest)) = words.split_first() else {
                    return Err("--stdio needs a command, e.g. --stdio \"node server.js\"".to_owned());
                };
                let command = ServerCommand::new(program).args(rest);
                Ok(Target::Stdio { line: line.clone(), command })
            }
            None => Err("no server given: pass --stdio \"COMMAND ARGS\"".to_owned()),
        }
    }

    /// Connects with `builder` (which carries the callbacks and settings) and negotiates.
    ///
    /// # Errors
    /// As [`ClientBuilder::spawn`]: the process cannot be started, or negotiation fails.
    pub(crate) async fn connect(&self, builder: ClientBuilder) -> Result<Client, ClientError> {
        match self {
            Target::Stdio { command, .. } => builder.spawn(command).await,
        }
    }

    /// How the target is named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Target::Stdio { line, .. } => format!("stdio server `{line}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stdio(line: &str) -> Result<Target, String> {
        Target::from_args(&TargetArgs { stdio: Some(line.to_owned()) })
    }

    #[test]
    fn stdio_lines_split_with_shell_rules() {
        let Ok(Target::Stdio { command, .. }) = stdio(r#"node "my server.js" --name 'a b' x\ y"#) else {
            panic!("a valid line")
        };
        assert_eq!(command.program(), "node");
        let args: Vec<_> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(args, ["my server.js", "--name", "a b", "x y"]);
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(stdio("node 'unclosed").unwrap_err().contains("cannot split"));
        assert!(stdio("   ").unwrap_err().contains("needs a command"));
        assert!(Target::from_args(&TargetArgs { stdio: None }).unwrap_err().contains("no server"));
    }
}
