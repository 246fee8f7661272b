//! Running one command: build the client (callbacks, timeouts, revision), connect to the
//! [`Target`], send the request(s), print the result and close the connection.

use std::collections::BTreeMap;
use std::time::Duration;

use mcp_client::http::{Detected, HttpClientHandle};
use mcp_client::{Client, ClientError, RequestOptions, ServerNotification, ToolCallOutcome};
use mcp_jsonrpc::schema::common::Implementation;
use mcp_jsonrpc::schema::logging::LoggingMessageNotificationParams;
use mcp_jsonrpc::schema::tools::CallToolRequestParams;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::arguments;
use crate::cli::{Cli, Command, PromptsCommand, ResourcesCommand, ToolsCommand};
use crate::elicit;
use crate::progress::Progress;
use crate::render;
use crate::target::{Connected, Target};

/// Exit status: the tool result had `isError: true`.
pub(crate) const EXIT_TOOL_ERROR: u8 = 1;
/// Exit status: usage, connection, negotiation or server (JSON-RPC) error.
pub(crate) const EXIT_FAILURE: u8 = 2;

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything worked.
    Success,
    /// `tools/call` returned a result with `isError: true`.
    ToolError,
}

impl Outcome {
    /// The process exit status.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::ToolError => EXIT_TOOL_ERROR,
        }
    }
}

/// A command with its arguments already parsed, so that usage errors are reported before a
/// server is started.
enum Action {
    ListTools,
    CallTool { name: String, arguments: Map<String, Value> },
    ListResources,
    ReadResource { uri: String },
    ListTemplates,
    ListPrompts,
    GetPrompt { name: String, arguments: BTreeMap<String, String> },
}

impl Action {
    fn from_command(command: &Command) -> Result<Action, String> {
        Ok(match command {
            Command::Tools(ToolsCommand::List) => Action::ListTools,
            Command::Tools(ToolsCommand::Call(call)) => Action::CallTool {
                name: call.name.clone(),
                arguments: arguments::tool_arguments(&call.args, call.args_json.as_deref())?,
            },
            Command::Resources(ResourcesCommand::List) => Action::ListResources,
            Command::Resources(ResourcesCommand::Read { uri }) => Action::ReadResource { uri: uri.clone() },
            Command::Resources(ResourcesCommand::Templates) => Action::ListTemplates,
            Command::Prompts(PromptsCommand::List) => Action::ListPrompts,
            Command::Prompts(PromptsCommand::Get { name, args }) => {
                Action::GetPrompt { name: name.clone(), arguments: arguments::prompt_arguments(args)? }
            }
        })
    }
}

/// A failure message for a client error: server errors with their code and data.
fn explain(error: &ClientError) -> String {
    match error {
        ClientError::Rpc(e) => {
            let mut text = format!("server error {}: {}", e.code, e.message);
            if let Some(data) = e.data.as_ref().filter(|d| !d.is_null()) {
                text.push_str(&format!(" (data: {data})"));
            }
            text
        }
        other => other.to_string(),
    }
}

/// `[level] logger: data` for a server log message (2026-07-28 `server/utilities/logging.mdx`).
fn log_line(message: &LoggingMessageNotificationParams) -> String {
    let data = match &message.data {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match &message.logger {
        Some(logger) => format!("[{}] {logger}: {data}", message.level),
        None => format!("[{}] {data}", message.level),
    }
}

/// The transport in use, for `--verbose`: `stdio`, `Streamable HTTP` (either era) or
/// `HTTP+SSE`.
fn transport_name(http: Option<&HttpClientHandle>) -> &'static str {
    match http.map(HttpClientHandle::detected) {
        None => "stdio",
        Some(Some(Detected::HttpSse)) => "HTTP+SSE",
        Some(Some(Detected::Modern { .. } | Detected::Legacy { .. })) => "Streamable HTTP",
        Some(None) => "HTTP",
    }
}

fn print_json(value: &impl Serialize) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("cannot print the result: {e}"))?;
    println!("{text}");
    Ok(())
}

/// Runs the command line: connects, runs the command, closes.
///
/// # Errors
/// A message for stderr (exit status [`EXIT_FAILURE`]).
pub(crate) async fn run(cli: Cli) -> Result<Outcome, String> {
    let target = Target::from_args(&cli.target)?;
    let action = Action::from_command(&cli.command)?;
    let progress = Progress::new();
    let logs = progress.clone();
    let mut builder = Client::builder()
        .client_info(Implementation::new("mcp-cli", env!("CARGO_PKG_VERSION")))
        .request_timeout(Some(Duration::from_secs_f64(cli.timeout)))
        .elicitation(elicit::handler(cli.elicitation, progress.clone()))
        .url_elicitation(true)
        .on_notification(move |notification| {
            if let ServerNotification::LogMessage(message) = notification {
                logs.println(&log_line(&message));
            }
        });
    if let Some(version) = cli.protocol_version {
        builder = builder.protocol_version(version);
    }
    let Connected { client, http } = target
        .connect(builder)
        .await
        .map_err(|e| format!("cannot connect to the {}: {}", target.describe(), explain(&e)))?;
    if cli.verbose {
        let negotiated = client.negotiated();
        let server = negotiated
            .server_info
            .as_ref()
            .map(|i| format!("{} {}", i.name, i.version))
            .unwrap_or_else(|| "unnamed server".to_owned());
        eprintln!(
            "mcp: connected to {server}, protocol {}, over {}",
            negotiated.protocol_version,
            transport_name(http.as_ref())
        );
    }
    let result = match cli.log_level {
        Some(level) => client.set_log_level(Some(level)).await.map_err(|e| explain(&e)),
        None => Ok(()),
    };
    let result = match result {
        Ok(()) => execute(&client, action, cli.json, &progress).await,
        Err(e) => Err(format!("cannot set the log level: {e}")),
    };
    progress.finish();
    if let Err(e) = client.close().await
        && result.is_ok()
    {
        eprintln!("mcp: closing the connection: {e}");
    }
    result
}

async fn execute(
    client: &Client,
    action: Action,
    json: bool,
    progress: &Progress,
) -> Result<Outcome, String> {
    let width = render::output_width();
    match action {
        Action::ListTools => {
            let tools = client.list_all_tools().await.map_err(|e| explain(&e))?;
            if json {
                print_json(&json!({ "tools": tools }))?;
            } else {
                println!("{}", render::tools_table(&tools).render(width));
            }
        }
        Action::CallTool { name, arguments } => {
            let shown = progress.clone();
            let options = RequestOptions::new().on_progress(move |params| shown.update(&params));
            let params = CallToolRequestParams {
                name: name.clone(),
                arguments: Some(arguments),
                ..Default::default()
            };
            let outcome = client.call_tool_with(params, &options).await;
            progress.finish();
            match outcome.map_err(|e| explain(&e))? {
                ToolCallOutcome::Complete(result) => {
                    if json {
                        print_json(&result)?;
                    } else {
                        println!("{}", render::tool_result(&result));
                    }
                    if result.is_error() {
                        eprintln!("mcp: tool {name} reported an error (isError: true)");
                        return Ok(Outcome::ToolError);
                    }
                }
                ToolCallOutcome::Task(task) => {
                    // Only a task-augmented call creates a task; the CLI never asks for one.
                    eprintln!("mcp: the server answered tools/call with a task");
                    print_json(&task)?;
                }
            }
        }
        Action::ListResources => {
            let resources = client.list_all_resources().await.map_err(|e| explain(&e))?;
            if json {
                print_json(&json!({ "resources": resources }))?;
            } else {
                println!("{}", render::resources_table(&resources).render(width));
            }
        }
        Action::ReadResource { uri } => {
            let result = client.read_resource(&uri).await.map_err(|e| explain(&e))?;
            if json {
                print_json(&result)?;
            } else {
                println!("{}", render::read_result(&result));
            }
        }
        Action::ListTemplates => {
            let templates = client.list_all_resource_templates().await.map_err(|e| explain(&e))?;
            if json {
                print_json(&json!({ "resourceTemplates": templates }))?;
            } else {
                println!("{}", render::templates_table(&templates).render(width));
            }
        }
        Action::ListPrompts => {
            let prompts = client.list_all_prompts().await.map_err(|e| explain(&e))?;
            if json {
                print_json(&json!({ "prompts": prompts }))?;
            } else {
                println!("{}", render::prompts_table(&prompts).render(width));
            }
        }
        Action::GetPrompt { name, arguments } => {
            let arguments = (!arguments.is_empty()).then_some(arguments);
            let result = client.get_prompt(&name, arguments).await.map_err(|e| explain(&e))?;
            if json {
                print_json(&result)?;
            } else {
                println!("{}", render::prompt_result(&result));
            }
        }
    }
    Ok(Outcome::Success)
}
