//! Which server to talk to, and how to connect to it.
//!
//! A [`Target`] is built from the command line ([`Target::from_args`]) before anything is
//! started, so a bad `--stdio` line, URL or `--header` is a usage error. Nothing else in the
//! CLI depends on the transport.

use std::sync::Arc;

use mcp_client::http::{HttpClientHandle, HttpClientOptions, StaticCredentials, TransportKind, Url};
use mcp_client::{Client, ClientBuilder, ClientError};
use mcp_transport::ServerCommand;

use crate::cli::{TargetArgs, TransportChoice};

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
    /// An HTTP endpoint: Streamable HTTP in either era or HTTP+SSE (2026-07-28
    /// `basic/transports/streamable-http.mdx`, 2024-11-05 `basic/transports.mdx`).
    Http {
        /// The endpoint URL, validated as absolute `http`/`https`.
        url: String,
        /// Transport choice and credentials.
        options: HttpClientOptions,
    },
}

/// A connected client, with the HTTP transport's handle for HTTP targets.
pub(crate) struct Connected {
    /// The client, negotiated.
    pub(crate) client: Client,
    /// The HTTP transport (what detection found), `None` for stdio.
    pub(crate) http: Option<HttpClientHandle>,
}

impl From<TransportChoice> for TransportKind {
    fn from(choice: TransportChoice) -> Self {
        match choice {
            TransportChoice::Auto => TransportKind::Auto,
            TransportChoice::StreamableHttp => TransportKind::StreamableHttp,
            TransportChoice::Sse => TransportKind::Sse,
        }
    }
}

/// Parses `--header 'Name: value'`. Only `Authorization` can be sent: the HTTP transport adds
/// it through its credentials hook (2026-07-28 `basic/authorization.mdx`: the client sends the
/// token on every request); the transport has no option for other static headers.
///
/// # Errors
/// A message for a header without `:`, another name, a value that is not a valid header
/// value (RFC 9110 §5.5), or a second `Authorization`.
fn credentials(headers: &[String]) -> Result<Option<StaticCredentials>, String> {
    let mut authorization = None;
    for header in headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(format!("--header {header:?}: expected 'Name: value'"));
        };
        let (name, value) = (name.trim(), value.trim());
        if !name.eq_ignore_ascii_case("authorization") {
            return Err(format!("--header {name:?}: only the Authorization header is supported over HTTP"));
        }
        if authorization.is_some() {
            return Err("--header: Authorization given twice".to_owned());
        }
        let value = value.try_into().map_err(|e| format!("--header {name}: invalid value: {e}"))?;
        authorization = Some(StaticCredentials(value));
    }
    Ok(authorization)
}

impl Target {
    /// The target the options name.
    ///
    /// # Errors
    /// A message when no server or both `--stdio` and `--url` are given, the `--stdio` line
    /// cannot be split (unbalanced quotes) or is empty, the URL is not absolute `http(s)`,
    /// a `--header` is invalid, or `--transport`/`--header` come without `--url`.
    pub(crate) fn from_args(args: &TargetArgs) -> Result<Target, String> {
        match (&args.stdio, &args.url) {
            (Some(_), Some(_)) => Err("give either --stdio or --url, not both".to_owned()),
            (Some(line), None) => {
                if args.transport.is_some() || !args.headers.is_empty() {
                    return Err("--transport and --header apply to --url only".to_owned());
                }
                let words = shell_words::split(line)
                    .map_err(|e| format!("--stdio {line:?}: cannot split the command line: {e}"))?;
                let Some((program, rest)) = words.split_first() else {
                    return Err("--stdio needs a command, e.g. --stdio \"node server.js\"".to_owned());
                };
                let command = ServerCommand::new(program).args(rest);
                Ok(Target::Stdio { line: line.clone(), command })
            }
            (None, Some(url)) => {
                let parsed = Url::parse(url).map_err(|e| format!("--url {url:?}: {e}"))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(format!("--url {url:?}: expected an http or https URL"));
                }
                let options = HttpClientOptions {
                    transport: args.transport.unwrap_or(TransportChoice::Auto).into(),
                    credentials: credentials(&args.headers)?.map(|c| Arc::new(c) as _),
                    ..HttpClientOptions::default()
                };
                Ok(Target::Http { url: url.clone(), options })
            }
            (None, None) => {
                Err("no server given: pass --stdio \"COMMAND ARGS\" or --url http://HOST:PORT/mcp".to_owned())
            }
        }
    }

    /// Connects with `builder` (which carries the callbacks and settings) and negotiates.
    ///
    /// # Errors
    /// As [`ClientBuilder::spawn`] and [`ClientBuilder::connect_http`]: the process cannot be
    /// started or the server cannot be reached, or negotiation fails.
    pub(crate) async fn connect(&self, builder: ClientBuilder) -> Result<Connected, ClientError> {
        match self {
            Target::Stdio { command, .. } => {
                Ok(Connected { client: builder.spawn(command).await?, http: None })
            }
            Target::Http { url, options } => {
                let (client, handle) = builder.connect_http_with_handle(url, options.clone()).await?;
                Ok(Connected { client, http: Some(handle) })
            }
        }
    }

    /// How the target is named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Target::Stdio { line, .. } => format!("stdio server `{line}`"),
            Target::Http { url, .. } => format!("server at {url}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(stdio: Option<&str>, url: Option<&str>) -> TargetArgs {
        TargetArgs {
            stdio: stdio.map(str::to_owned),
            url: url.map(str::to_owned),
            transport: None,
            headers: Vec::new(),
        }
    }

    fn stdio(line: &str) -> Result<Target, String> {
        Target::from_args(&args(Some(line), None))
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
        assert!(Target::from_args(&args(None, None)).unwrap_err().contains("no server"));
    }

    #[test]
    fn urls_take_a_transport_and_an_authorization_header() {
        let mut a = args(None, Some("http://127.0.0.1:8080/sse"));
        a.transport = Some(TransportChoice::Sse);
        a.headers = vec!["authorization:  Bearer abc ".to_owned()];
        let Ok(Target::Http { url, options }) = Target::from_args(&a) else { panic!("a valid URL") };
        assert_eq!(url, "http://127.0.0.1:8080/sse");
        assert_eq!(options.transport, TransportKind::Sse);
        assert!(options.credentials.is_some());
        let default = Target::from_args(&args(None, Some("https://example.com/mcp"))).unwrap();
        let Target::Http { options, .. } = default else { panic!("an HTTP target") };
        assert_eq!(options.transport, TransportKind::Auto);
        assert!(options.credentials.is_none());
    }

    #[test]
    fn bad_urls_and_headers_are_errors() {
        let both = Target::from_args(&args(Some("server"), Some("http://127.0.0.1/mcp")));
        assert!(both.unwrap_err().contains("not both"));
        assert!(Target::from_args(&args(None, Some("not a url"))).unwrap_err().contains("--url"));
        assert!(Target::from_args(&args(None, Some("ftp://h/mcp"))).unwrap_err().contains("http or https"));
        let with_header = |header: &str| {
            let mut a = args(None, Some("http://127.0.0.1/mcp"));
            a.headers = vec![header.to_owned()];
            Target::from_args(&a).map(|_| ())
        };
        assert!(with_header("Authorization Bearer x").unwrap_err().contains("'Name: value'"));
        assert!(with_header("X-Api-Key: k").unwrap_err().contains("only the Authorization header"));
        assert!(with_header("Authorization: bad\nvalue").unwrap_err().contains("invalid value"));
        let mut twice = args(None, Some("http://127.0.0.1/mcp"));
        twice.headers = vec!["Authorization: a".to_owned(), "authorization: b".to_owned()];
        assert!(Target::from_args(&twice).unwrap_err().contains("twice"));
        let mut stdio_with_transport = args(Some("server"), None);
        stdio_with_transport.transport = Some(TransportChoice::Sse);
        assert!(Target::from_args(&stdio_with_transport).unwrap_err().contains("--url only"));
    }
}
