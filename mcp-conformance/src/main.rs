//! `mcp-conformance`: runs the scenario catalogue and prints the matrix (the default, or
//! `run`), or serves the fixture server (`serve --stdio`).
//!
//! ```text
//! mcp-conformance [--filter TEXT] [--json] [--junit PATH]   # the matrix (same as `run`)
//! mcp-conformance run [--filter TEXT] [--json] [--junit PATH]
//! mcp-conformance run --server URL [--filter CELL|TEXT]    # client scenarios vs an external server
//! mcp-conformance run --server-command "cmd args"        # same, over stdio (both eras)
//! mcp-conformance serve --stdio                   # the fixture on stdin/stdout
//! mcp-conformance serve --listen ADDR             # HTTP: /mcp (Streamable HTTP), /sse (HTTP+SSE)
//! mcp-conformance official server [--version 0.1.16|alpha]   # the official suite vs the fixture
//! mcp-conformance official client [--version 0.1.16|alpha]   # the official suite vs our client
//! mcp-conformance official all [--version 0.1.16|alpha]      # server, then client
//! mcp-conformance client URL                      # the client under test (official client mode)
//! ```

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use mcp_conformance::{catalogue, fixture, report, scenario};

/// Runs the MCP conformance scenario catalogue against this workspace's crates, or serves the
/// fixture server that the official conformance suite and the interop tests drive.
#[derive(Debug, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Catalogue options, when no subcommand is given.
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the scenario catalogue (the default).
    Run(RunArgs),
    /// Serve the fixture server (tools, resources, prompts and completion the official
    /// conformance suite expects).
    Serve(ServeArgs),
    /// Run the official suite (`@modelcontextprotocol/conformance`, pinned in
    /// official/versions.json) against the fixture.
    #[command(subcommand)]
    Official(OfficialCommand),
    /// The client under test of the official suite's client mode: plays the scenario named by
    /// MCP_CONFORMANCE_SCENARIO (context: MCP_CONFORMANCE_CONTEXT, revision:
    /// MCP_CONFORMANCE_PROTOCOL_VERSION) against the mock server at URL; exit 2 for an
    /// unsupported scenario.
    Client {
        /// The mock server's MCP endpoint (the suite appends it as the last argument).
        url: String,
    },
}

/// The official suite's modes.
#[derive(Debug, Subcommand)]
enum OfficialCommand {
    /// Server mode: serves the fixture on 127.0.0.1 and runs the suite against it.
    Server {
        /// `0.1.16` (or `stable`): --suite all; `alpha`: --requirements 2025-11-25 and
        /// 2026-07-28; default: both.
        #[arg(long)]
        version: Option<String>,
    },
    /// Client mode: runs every non-auth client scenario against `mcp-conformance client`,
    /// each in a network namespace with only loopback.
    Client {
        /// `0.1.16` (or `stable`); `alpha`: at --spec-version 2025-11-25 and 2026-07-28;
        /// default: both.
        #[arg(long)]
        version: Option<String>,
    },
    /// Server mode, then client mode; prints both summaries; fails if either fails.
    All {
        /// As for `server` and `client`.
        #[arg(long)]
        version: Option<String>,
    },
    /// Authorization mode: needs the embedded authorization server (`mcp-oauth`), not built
    /// yet (exits 2).
    Authorization {
        /// As for `server` and `client`.
        #[arg(long)]
        version: Option<String>,
    },
}

/// Options of the catalogue run.
#[derive(Debug, Args)]
struct RunArgs {
    /// Run only scenario × cell pairs whose scenario name or cell name (e.g. `stdio/2025-11-25`)
    /// contains this text.
    #[arg(long)]
    filter: Option<String>,
    /// Print the results as JSON instead of the matrix.
    #[arg(long)]
    json: bool,
    /// Also write the results as JUnit XML to PATH.
    #[arg(long, value_name = "PATH")]
    junit: Option<std::path::PathBuf>,
    /// Run the client-side scenarios against the external server at URL (Streamable HTTP or
    /// HTTP+SSE) instead of ours: one cell per transport kind detected there (modern and
    /// legacy Streamable HTTP, HTTP+SSE), or the cells named by --filter (e.g.
    /// `--filter http/2025-06-18`). The server must implement the official conformance
    /// fixture (tools test_simple_text, test_image_content, ..., resources
    /// test://static-text, ..., prompts test_simple_prompt, ..., as `serve` does), since the
    /// scenarios check its exact answers. Scenarios that need their own server are shown as
    /// `-` with the reason.
    #[arg(long, value_name = "URL", conflicts_with = "server_command")]
    server: Option<String>,
    /// As --server, for a server spawned as CMD (split on whitespace, no shell quoting)
    /// speaking stdio: a 2026-07-28 cell and a 2025-11-25 cell.
    #[arg(long, value_name = "CMD")]
    server_command: Option<String>,
}

/// Where to serve the fixture.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct ServeArgs {
    /// Serve MCP on this process's stdin/stdout (newline-delimited JSON-RPC; diagnostics go to
    /// stderr, set MCP_LOG=error|warn|info|debug|trace; exits when stdin closes).
    #[arg(long)]
    stdio: bool,
    /// Serve HTTP on ADDR (host:port): Streamable HTTP (both eras) at /mcp, HTTP+SSE at /sse;
    /// prints the URLs, one a line; SIGINT/SIGTERM shut it down gracefully.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run(&cli.run),
        Some(Command::Run(args)) => run(&args),
        Some(Command::Serve(args)) => serve(&args),
        Some(Command::Official(OfficialCommand::Server { version })) => {
            mcp_conformance::official::cli_server(version.as_deref())
        }
        Some(Command::Official(OfficialCommand::Client { version })) => {
            mcp_conformance::official::client::cli(version.as_deref())
        }
        Some(Command::Official(OfficialCommand::All { version })) => official_all(version.as_deref()),
        Some(Command::Official(OfficialCommand::Authorization { version: _ })) => {
            eprintln!(
                "mcp-conformance: official authorization needs the embedded authorization server \
                 (mcp-oauth), not built yet"
            );
            ExitCode::from(2)
        }
        Some(Command::Client { url }) => {
            stderr_log::install();
            mcp_conformance::client_under_test::cli(&url)
        }
    }
}

/// `official all`: server mode, then client mode (each prints the suite's output and its
/// summary), then one line with both verdicts; success iff both succeeded.
fn official_all(version: Option<&str>) -> ExitCode {
    let server = mcp_conformance::official::cli_server(version);
    let client = mcp_conformance::official::client::cli(version);
    let verdict = |code: ExitCode| if code == ExitCode::SUCCESS { "ok" } else { "FAILED" };
    println!("official all: server {}, client {}", verdict(server), verdict(client));
    if server == ExitCode::SUCCESS && client == ExitCode::SUCCESS {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The run configuration: ours (the stdio cells spawn this very binary, `serve --stdio`), or
/// an external server's (`--server URL`: the detected or `--filter`-named HTTP cells;
/// `--server-command`: the stdio cells).
async fn config(args: &RunArgs) -> Result<scenario::RunConfig, String> {
    let mut config = if let Some(url) = &args.server {
        let forced: Vec<scenario::Cell> = scenario::CELLS
            .iter()
            .copied()
            .filter(|c| c.transport.is_http())
            .filter(|c| args.filter.as_deref().is_some_and(|f| c.name.contains(f)))
            .collect();
        let cells =
            scenario::detect_cells(url, &forced).await.map_err(|e| format!("detecting {url}: {e}"))?;
        scenario::RunConfig::external(scenario::External::Url(url.clone()), cells)
    } else if let Some(command) = &args.server_command {
        let mut words = command.split_whitespace();
        let program = words.next().ok_or("--server-command is empty")?;
        let command = mcp_transport::ServerCommand::new(program).args(words);
        scenario::RunConfig::external(scenario::External::Command(command), Vec::new())
    } else {
        scenario::RunConfig::new(std::env::current_exe().ok())
    };
    config.filter = args.filter.clone();
    Ok(config)
}

/// Runs the catalogue: the matrix (or JSON) on stdout, JUnit XML to `--junit`; success iff
/// something ran and nothing failed.
fn run(args: &RunArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mcp-conformance: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = match runtime.block_on(config(args)) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("mcp-conformance: {e}");
            return ExitCode::FAILURE;
        }
    };
    let scenarios = catalogue::all();
    let outcomes = runtime.block_on(scenario::run(&scenarios, &config));
    if args.json {
        println!("{}", report::json(&outcomes, &config.cells));
    } else {
        let skipped = scenario::skipped(&scenarios, &config);
        print!("{}", report::matrix_with_skipped(&outcomes, &config.cells, &skipped));
    }
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::write(path, report::junit(&outcomes, &config.cells))
    {
        eprintln!("mcp-conformance: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    let (_, failed) = report::counts(&outcomes);
    if outcomes.is_empty() {
        eprintln!("mcp-conformance: nothing matched the filter");
    }
    if failed == 0 && !outcomes.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn serve(args: &ServeArgs) -> ExitCode {
    stderr_log::install();
    if let Some(addr) = &args.listen {
        return mcp_conformance::serve::listen(addr);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mcp-conformance: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(fixture::fixture_server().serve_stdio());
    // Stdin closed: do not wait for blocking stdin readers still parked in the runtime.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mcp-conformance: stdio transport failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A minimal `tracing` subscriber writing one line per event to stderr (stdout carries only
/// MCP messages on stdio, 2026-07-28 `basic/transports/stdio.mdx`). The level comes from
/// `MCP_LOG` (default `warn`); spans are not tracked.
mod stderr_log {
    use std::fmt::Write as _;

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Level, Metadata, Subscriber};

    struct StderrLog {
        max: Level,
    }

    struct Line(String);

    impl Visit for Line {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            if field.name() == "message" {
                let _ = write!(self.0, " {value:?}");
            } else {
                let _ = write!(self.0, " {}={value:?}", field.name());
            }
        }
    }

    impl Subscriber for StderrLog {
        fn enabled(&self, metadata: &Metadata<'_>) -> bool {
            *metadata.level() <= self.max
        }

        fn new_span(&self, _span: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }

        fn record(&self, _span: &Id, _values: &Record<'_>) {}

        fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let metadata = event.metadata();
            let mut line = Line(format!("{} {}:", metadata.level(), metadata.target()));
            event.record(&mut line);
            eprintln!("{}", line.0);
        }

        fn enter(&self, _span: &Id) {}

        fn exit(&self, _span: &Id) {}
    }

    /// Installs the subscriber as the global default (once; later calls do nothing).
    pub(super) fn install() {
        let max = match std::env::var("MCP_LOG").unwrap_or_default().to_ascii_lowercase().as_str() {
            "error" => Level::ERROR,
            "info" => Level::INFO,
            "debug" => Level::DEBUG,
            "trace" => Level::TRACE,
            _ => Level::WARN,
        };
        let _ = tracing::subscriber::set_global_default(StderrLog { max });
    }
}
