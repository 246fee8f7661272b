//! `mcp`: a command-line Model Context Protocol client built on `mcp-client`.
//!
//! ```text
//! mcp --stdio "npx -y @modelcontextprotocol/server-everything" tools list
//! mcp --stdio "my-server --flag" tools call get-sum --arg a=1 --arg b=2
//! mcp --stdio "my-server" --json resources read demo://resource/static/document/x.md
//! mcp --stdio "my-server" prompts get args-prompt --arg city=Paris
//! mcp --url http://127.0.0.1:8080/mcp tools list
//! mcp --url http://127.0.0.1:8080/sse --transport sse tools call add --arg a=1 --arg b=2
//! mcp --url https://mcp.example.com/mcp --header 'Authorization: Bearer TOKEN' tools list
//! ```
//!
//! Built only with the crate's `cli` feature (`cargo build -p mcp-client --features cli`), so
//! library users do not pull clap, indicatif or console.
//!
//! # Modules
//! - [`cli`]: the command line (clap);
//! - [`target`]: which server to talk to ([`target::Target`]: a stdio command or an HTTP URL);
//! - [`arguments`]: `--arg KEY=VALUE` and `--args-json`;
//! - [`run`]: connecting, running one command, exit status;
//! - [`render`]: tables and result text;
//! - [`elicit`]: answering `elicitation/create` on the terminal;
//! - [`progress`]: the progress bar for `notifications/progress`.
//!
//! # Exit status
//! `0` success; `1` the tool result had `isError: true` (2026-07-28 `server/tools.mdx`
//! "Error Handling"); `2` usage errors, connection or negotiation failures, and JSON-RPC
//! errors from the server.

mod arguments;
mod cli;
mod elicit;
mod progress;
mod render;
mod run;
mod target;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("mcp: cannot start the async runtime: {e}");
            return ExitCode::from(run::EXIT_FAILURE);
        }
    };
    let code = match runtime.block_on(run::run(cli)) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            eprintln!("mcp: {e}");
            run::EXIT_FAILURE
        }
    };
    // Blocking reads of stdin (interactive elicitation) must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    ExitCode::from(code)
}
