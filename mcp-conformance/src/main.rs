//! `mcp-conformance`: runs the scenario catalogue and prints the matrix (the default, or
//! `run`), or serves the fixture server (`serve --stdio`).
//!
//! ```text
//! mcp-conformance [--filter TEXT] [--json]        # the catalogue (same as `run`)
//! mcp-conformance run [--filter TEXT] [--json]
//! mcp-conformance serve --stdio                   # the fixture on stdin/stdout
//! mcp-conformance serve --listen ADDR             # Streamable HTTP: not implemented yet
//! ```

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use mcp_conformance::{catalogue, fixture, report};

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
}

/// Options of the catalogue run.
#[derive(Debug, Args)]
struct RunArgs {
    /// Run only scenarios whose name contains this text.
    #[arg(long)]
    filter: Option<String>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Where to serve the fixture.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct ServeArgs {
    /// Serve MCP on this process's stdin/stdout (newline-delimited JSON-RPC; diagnostics go to
    /// stderr, set MCP_LOG=error|warn|info|debug|trace; exits when stdin closes).
    #[arg(long)]
    stdio: bool,
    /// Serve Streamable HTTP on ADDR (host:port). Not implemented yet.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => run(&cli.run),
        Some(Command::Run(args)) => run(&args),
        Some(Command::Serve(args)) => serve(&args),
    }
}

/// Runs the catalogue: the table (or JSON) on stdout; success iff something ran and nothing
/// failed.
fn run(args: &RunArgs) -> ExitCode {
    let scenarios: Vec<_> = catalogue::all()
        .into_iter()
        .filter(|s| args.filter.as_deref().is_none_or(|f| s.name.contains(f)))
        .collect();
    let outcomes: Vec<_> = scenarios.iter().map(|s| s.run()).collect();
    if args.json {
        println!("{}", report::json(&outcomes));
    } else {
        print!("{}", report::table(&outcomes));
    }
    let (_, failed) = report::counts(&outcomes);
    if failed == 0 && !outcomes.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn serve(args: &ServeArgs) -> ExitCode {
    if let Some(addr) = &args.listen {
        eprintln!(
            "mcp-conformance: serve --listen {addr}: the Streamable HTTP fixture is not implemented yet"
        );
        return ExitCode::from(2);
    }
    stderr_log::install();
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
