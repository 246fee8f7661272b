//! The command line: global options (server, output, revision, timeouts) and the
//! `tools`/`resources`/`prompts` subcommands.

use clap::{Args, Parser, Subcommand, ValueEnum};
use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::logging::LoggingLevel;

const AFTER_HELP: &str = "\
Server input requests:
  When the server asks for user input (elicitation/create, form or URL mode), mcp asks on
  the terminal if stdin is a TTY and declines otherwise (change with --elicitation).
  Sampling and roots are not offered.

Output:
  Lists print a table (NAME, DESCRIPTION, ...) cut to the terminal width, or 100 columns
  when stdout is not a terminal. Tool results print their content blocks as text. --json
  prints the JSON result instead (lists: every page, merged). Server log messages and
  progress go to stderr; progress is a progress bar on a terminal and plain lines otherwise.

Exit status:
  0  success
  1  the tool result has isError: true
  2  usage error, connection or negotiation failure, or a JSON-RPC error from the server";

/// A command-line Model Context Protocol client.
#[derive(Debug, Parser)]
#[command(name = "mcp", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// The server to connect to.
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    /// Print the JSON result instead of a table or text.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Use this protocol revision instead of detecting the server's era
    /// (2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25 or 2026-07-28).
    #[arg(long, global = true, value_name = "REVISION", value_parser = parse_version)]
    pub(crate) protocol_version: Option<ProtocolVersion>,
    /// Timeout of each request, in seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub(crate) timeout: f64,
    /// How to answer the server's elicitation requests: `auto` asks on the terminal when
    /// stdin is a TTY and declines otherwise; `prompt` always reads the answers from stdin
    /// (for scripts); `decline` always declines.
    #[arg(long, global = true, value_enum, default_value_t = ElicitationMode::Auto)]
    pub(crate) elicitation: ElicitationMode,
    /// Ask the server for log messages of this level and above (`logging/setLevel` on
    /// legacy servers, the request `_meta` log level on 2026-07-28); they print on stderr.
    #[arg(long, global = true, value_name = "LEVEL", value_parser = parse_level)]
    pub(crate) log_level: Option<LoggingLevel>,
    /// Print the negotiated protocol revision and the server's name on stderr.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Where the server is: a command to spawn (`--stdio`) or an HTTP endpoint (`--url`), one of
/// the two.
#[derive(Debug, Args)]
pub(crate) struct TargetArgs {
    /// Spawn the server as a child process and talk to it over stdio. The command line is
    /// split with POSIX shell rules (quotes and backslashes; no variables or globs), e.g.
    /// --stdio "node server.js --verbose".
    #[arg(long, global = true, value_name = "COMMAND")]
    pub(crate) stdio: Option<String>,
    /// Connect to the MCP endpoint at this http(s) URL, e.g. --url http://127.0.0.1:8080/mcp
    /// (for --transport sse, the SSE endpoint, e.g. http://127.0.0.1:8080/sse).
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) url: Option<String>,
    /// With --url: the HTTP transport. `auto` (the default) tries 2026-07-28 Streamable
    /// HTTP, then a legacy Streamable HTTP session, then HTTP+SSE (the spec's
    /// backwards-compatibility procedure); `streamable-http` never falls back to HTTP+SSE;
    /// `sse` speaks only the 2024-11-05 HTTP+SSE transport.
    #[arg(long, global = true, value_enum, value_name = "TRANSPORT")]
    pub(crate) transport: Option<TransportChoice>,
    /// With --url: a header sent on every HTTP request, as 'Name: value', e.g.
    /// --header 'Authorization: Bearer TOKEN'. Repeatable. Only `Authorization` is supported:
    /// it goes through the transport's credentials hook.
    #[arg(long = "header", global = true, value_name = "NAME: VALUE")]
    pub(crate) headers: Vec<String>,
}

/// The `--transport` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TransportChoice {
    /// Detect: 2026-07-28 Streamable HTTP, then legacy Streamable HTTP, then HTTP+SSE.
    Auto,
    /// Streamable HTTP only (either era).
    StreamableHttp,
    /// HTTP+SSE (2024-11-05) only.
    Sse,
}

/// How elicitation requests are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ElicitationMode {
    /// Ask on the terminal when stdin is a TTY, decline otherwise.
    Auto,
    /// Always ask, reading answers line by line from stdin.
    Prompt,
    /// Always decline.
    Decline,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Tools: `tools/list` and `tools/call`.
    #[command(subcommand)]
    Tools(ToolsCommand),
    /// Resources: `resources/list`, `resources/read` and `resources/templates/list`.
    #[command(subcommand)]
    Resources(ResourcesCommand),
    /// Prompts: `prompts/list` and `prompts/get`.
    #[command(subcommand)]
    Prompts(PromptsCommand),
}

/// `mcp tools ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ToolsCommand {
    /// List every tool (all pages).
    List,
    /// Call a tool; prints its content blocks (exit status 1 when it reports isError).
    Call(CallArgs),
}

/// `mcp tools call NAME ...`.
#[derive(Debug, Args)]
pub(crate) struct CallArgs {
    /// The tool's name.
    pub(crate) name: String,
    /// An argument: the value is parsed as JSON when it is valid JSON (`n=3`, `flag=true`,
    /// `list=[1,2]`) and taken as a string otherwise (`city=Paris`). Repeatable.
    #[arg(long = "arg", value_name = "KEY=VALUE")]
    pub(crate) args: Vec<String>,
    /// All arguments as one JSON object; `--arg` values are applied on top of it.
    #[arg(long, value_name = "JSON")]
    pub(crate) args_json: Option<String>,
}

/// `mcp resources ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ResourcesCommand {
    /// List every resource (all pages).
    List,
    /// Read a resource by URI; prints text contents and describes binary ones.
    Read {
        /// The resource's URI.
        uri: String,
    },
    /// List every resource template (all pages).
    Templates,
}

/// `mcp prompts ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum PromptsCommand {
    /// List every prompt (all pages).
    List,
    /// Get a prompt with its arguments; prints its messages.
    Get {
        /// The prompt's name.
        name: String,
        /// An argument, always a string (prompt arguments are strings). Repeatable.
        #[arg(long = "arg", value_name = "KEY=VALUE")]
        args: Vec<String>,
    },
}

fn parse_version(s: &str) -> Result<ProtocolVersion, String> {
    ProtocolVersion::parse(s).ok_or_else(|| {
        let known: Vec<&str> = ProtocolVersion::ALL.iter().map(|v| v.as_str()).collect();
        format!("unknown protocol revision {s:?} (known: {})", known.join(", "))
    })
}

fn parse_level(s: &str) -> Result<LoggingLevel, String> {
    LoggingLevel::ALL.into_iter().find(|l| l.as_str() == s).ok_or_else(|| {
        let known: Vec<&str> = LoggingLevel::ALL.iter().map(|l| l.as_str()).collect();
        format!("unknown log level {s:?} (known: {})", known.join(", "))
    })
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("{s:?} is not a positive number of seconds")),
    }
}
