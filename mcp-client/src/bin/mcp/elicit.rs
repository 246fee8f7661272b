//! Answering `elicitation/create` (2026-07-28 `client/elicitation.mdx`) on the terminal.
//!
//! The server's request reaches the CLI through the library's elicitation callback, in both
//! eras (a legacy server-to-client request or a 2026-07-28 `inputRequests` entry). With
//! [`ElicitationMode::Auto`] the user is asked when stdin is a TTY and the request is
//! declined otherwise; [`ElicitationMode::Prompt`] always reads answers from stdin (one per
//! line, for scripts); [`ElicitationMode::Decline`] always declines.
//!
//! The dialogue, on stderr: the message, then `Answer? [y]es / [n]o (decline) / [c]ancel`,
//! then one line per form field (empty input keeps the schema's `default` or leaves an
//! optional field out; choices are given by number or value, several separated by commas).
//! Invalid input is asked again; end of input cancels. URL mode shows the URL (the CLI never
//! opens it) and asks whether the user completed the interaction.

use std::collections::BTreeMap;
use std::io::{self, BufRead, IsTerminal, Write};

use mcp_client::callbacks::ElicitationHandler;
use mcp_jsonrpc::ErrorObject;
use mcp_jsonrpc::schema::elicitation::{
    ElicitRequestFormParams, ElicitRequestParams, ElicitRequestURLParams, ElicitResult, ElicitValue,
    NumberType, PrimitiveSchemaDefinition as Field, StringFormat,
};
use serde_json::Number;

use crate::cli::ElicitationMode;
use crate::progress::Progress;

/// The elicitation callback of the CLI.
pub(crate) fn handler(mode: ElicitationMode, progress: Progress) -> impl ElicitationHandler {
    move |request: ElicitRequestParams| {
        let progress = progress.clone();
        async move {
            let interactive = match mode {
                ElicitationMode::Auto => io::stdin().is_terminal(),
                ElicitationMode::Prompt => true,
                ElicitationMode::Decline => false,
            };
            if !interactive {
                let why = if mode == ElicitationMode::Auto { " (stdin is not a terminal)" } else { "" };
                progress.println(&format!(
                    "mcp: declined the server's input request{why}: {}",
                    request.message()
                ));
                return Ok(ElicitResult::decline());
            }
            let shown = progress.clone();
            let answer = tokio::task::spawn_blocking(move || {
                shown.suspended(|| {
                    let stdin = io::stdin();
                    let mut input = stdin.lock();
                    ask(&request, &mut input, &mut io::stderr())
                })
            })
            .await;
            match answer {
                Ok(Ok(result)) => Ok(result),
                Ok(Err(e)) => Err(ErrorObject::internal(format!("cannot ask the user: {e}"))),
                Err(e) => Err(ErrorObject::internal(format!("the prompt failed: {e}"))),
            }
        }
    }
}

/// One line of input without its line ending; `None` at end of input.
fn read_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

/// Prints `prompt` and reads the answer.
fn prompt(input: &mut impl BufRead, out: &mut impl Write, prompt: &str) -> io::Result<Option<String>> {
    write!(out, "{prompt}")?;
    out.flush()?;
    read_line(input)
}

enum Decision {
    Yes,
    Decline,
    Cancel,
}

fn decide(input: &mut impl BufRead, out: &mut impl Write, question: &str) -> io::Result<Decision> {
    loop {
        let Some(answer) = prompt(input, out, question)? else { return Ok(Decision::Cancel) };
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" | "a" | "accept" => return Ok(Decision::Yes),
            "n" | "no" | "d" | "decline" => return Ok(Decision::Decline),
            "c" | "cancel" => return Ok(Decision::Cancel),
            _ => writeln!(out, "  please answer y, n or c")?,
        }
    }
}

/// Runs the dialogue for `request` on `input`/`out`.
///
/// # Errors
/// I/O errors of `input` or `out` (end of input is a `cancel`, not an error).
pub(crate) fn ask(
    request: &ElicitRequestParams,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<ElicitResult> {
    match request {
        ElicitRequestParams::Url(url) => ask_url(url, input, out),
        ElicitRequestParams::Form(form) => ask_form(form, input, out),
    }
}

fn ask_url(
    request: &ElicitRequestURLParams,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<ElicitResult> {
    writeln!(out, "The server asks you to open a URL: {}", request.message)?;
    writeln!(out, "  {}", request.url)?;
    Ok(match decide(input, out, "Did you complete it? [y]es / [n]o (decline) / [c]ancel: ")? {
        Decision::Yes => ElicitResult::accept_url(),
        Decision::Decline => ElicitResult::decline(),
        Decision::Cancel => ElicitResult::cancel(),
    })
}

fn ask_form(
    form: &ElicitRequestFormParams,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<ElicitResult> {
    writeln!(out, "The server asks: {}", form.message)?;
    match decide(input, out, "Answer? [y]es / [n]o (decline) / [c]ancel: ")? {
        Decision::Yes => {}
        Decision::Decline => return Ok(ElicitResult::decline()),
        Decision::Cancel => return Ok(ElicitResult::cancel()),
    }
    let mut content = BTreeMap::new();
    for (name, field) in &form.requested_schema.properties {
        let required = form.requested_schema.is_required(name);
        match ask_field(name, field, required, input, out)? {
            Answer::Value(v) => {
                content.insert(name.clone(), v);
            }
            Answer::Skip => {}
            Answer::EndOfInput => return Ok(ElicitResult::cancel()),
        }
    }
    Ok(ElicitResult::accept(content))
}

enum Answer {
    Value(ElicitValue),
    Skip,
    EndOfInput,
}

/// The choices of an enum field: `(value, label)` pairs, whether several may be chosen, and
/// the bounds on how many.
struct Choices {
    options: Vec<(String, Option<String>)>,
    multi: bool,
    min: Option<u64>,
    max: Option<u64>,
}

fn label(name: &str, title: &Option<String>, description: &Option<String>) -> String {
    let mut text = title.clone().unwrap_or_else(|| name.to_owned());
    if title.is_some() {
        text.push_str(&format!(" [{name}]"));
    }
    if let Some(d) = description {
        text.push_str(&format!(" - {d}"));
    }
    text
}

fn ask_field(
    name: &str,
    field: &Field,
    required: bool,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Answer> {
    let (text, default, choices) = match field {
        Field::String(s) => {
            (label(name, &s.title, &s.description), s.default.clone().map(ElicitValue::String), None)
        }
        Field::Number(n) => {
            (label(name, &n.title, &n.description), n.default.clone().map(ElicitValue::Number), None)
        }
        Field::Boolean(b) => {
            (label(name, &b.title, &b.description), b.default.map(ElicitValue::Boolean), None)
        }
        Field::UntitledSingleSelectEnum(e) => (
            label(name, &e.title, &e.description),
            e.default.clone().map(ElicitValue::String),
            Some(Choices {
                options: e.enum_.iter().map(|v| (v.clone(), None)).collect(),
                multi: false,
                min: None,
                max: None,
            }),
        ),
        Field::TitledSingleSelectEnum(e) => (
            label(name, &e.title, &e.description),
            e.default.clone().map(ElicitValue::String),
            Some(Choices {
                options: e.one_of.iter().map(|o| (o.const_.clone(), Some(o.title.clone()))).collect(),
                multi: false,
                min: None,
                max: None,
            }),
        ),
        Field::LegacyTitledEnum(e) => {
            let names = e.enum_names.clone().unwrap_or_default();
            let options =
                e.enum_.iter().enumerate().map(|(i, v)| (v.clone(), names.get(i).cloned())).collect();
            (
                label(name, &e.title, &e.description),
                e.default.clone().map(ElicitValue::String),
                Some(Choices { options, multi: false, min: None, max: None }),
            )
        }
        Field::UntitledMultiSelectEnum(e) => (
            label(name, &e.title, &e.description),
            e.default.clone().map(ElicitValue::StringArray),
            Some(Choices {
                options: e.items.enum_.iter().map(|v| (v.clone(), None)).collect(),
                multi: true,
                min: e.min_items,
                max: e.max_items,
            }),
        ),
        Field::TitledMultiSelectEnum(e) => (
            label(name, &e.title, &e.description),
            e.default.clone().map(ElicitValue::StringArray),
            Some(Choices {
                options: e.items.any_of.iter().map(|o| (o.const_.clone(), Some(o.title.clone()))).collect(),
                multi: true,
                min: e.min_items,
                max: e.max_items,
            }),
        ),
    };
    writeln!(out, "{text}{}", if required { " (required)" } else { "" })?;
    if let Some(choices) = &choices {
        for (i, (value, title)) in choices.options.iter().enumerate() {
            match title {
                Some(t) => writeln!(out, "    {}) {t} [{value}]", i + 1)?,
                None => writeln!(out, "    {}) {value}", i + 1)?,
            }
        }
    }
    let hint = match (&choices, field) {
        (Some(c), _) if c.multi => "numbers or values, comma-separated",
        (Some(_), _) => "number or value",
        (None, Field::Boolean(_)) => "y/n",
        (None, Field::Number(n)) if n.type_ == NumberType::Integer => "integer",
        (None, Field::Number(_)) => "number",
        _ => "text",
    };
    let default_text = default.as_ref().map(|d| format!(", default {d}")).unwrap_or_default();
    loop {
        let Some(line) = prompt(input, out, &format!("  {name} ({hint}{default_text}): "))? else {
            return Ok(Answer::EndOfInput);
        };
        let line = line.trim();
        if line.is_empty() {
            if let Some(d) = &default {
                return Ok(Answer::Value(d.clone()));
            }
            if !required {
                return Ok(Answer::Skip);
            }
            writeln!(out, "  a value is required")?;
            continue;
        }
        let parsed = match &choices {
            Some(c) => parse_choices(line, c),
            None => parse_value(line, field),
        };
        match parsed {
            Ok(value) => return Ok(Answer::Value(value)),
            Err(why) => writeln!(out, "  {why}")?,
        }
    }
}

fn parse_choices(line: &str, choices: &Choices) -> Result<ElicitValue, String> {
    let pick = |token: &str| -> Result<String, String> {
        if let Ok(n) = token.parse::<usize>()
            && (1..=choices.options.len()).contains(&n)
        {
            return Ok(choices.options[n - 1].0.clone());
        }
        choices
            .options
            .iter()
            .find(|(value, title)| value == token || title.as_deref() == Some(token))
            .map(|(value, _)| value.clone())
            .ok_or_else(|| format!("{token:?} is not one of the choices"))
    };
    if !choices.multi {
        return pick(line).map(ElicitValue::String);
    }
    let picked: Vec<String> =
        line.split(',').map(str::trim).filter(|t| !t.is_empty()).map(pick).collect::<Result<_, _>>()?;
    let count = picked.len() as u64;
    if choices.min.is_some_and(|m| count < m) || choices.max.is_some_and(|m| count > m) {
        return Err(format!(
            "choose between {} and {} values",
            choices.min.unwrap_or(0),
            choices.max.map_or_else(|| "any number of".to_owned(), |m| m.to_string())
        ));
    }
    Ok(ElicitValue::StringArray(picked))
}

fn parse_value(line: &str, field: &Field) -> Result<ElicitValue, String> {
    match field {
        Field::Boolean(_) => match line.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "1" => Ok(ElicitValue::Boolean(true)),
            "n" | "no" | "false" | "0" => Ok(ElicitValue::Boolean(false)),
            _ => Err("answer y or n".to_owned()),
        },
        Field::Number(schema) => {
            let number = match schema.type_ {
                NumberType::Integer => {
                    line.parse::<i64>().map(Number::from).map_err(|_| "not an integer".to_owned())?
                }
                NumberType::Number => line
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .ok_or_else(|| "not a number".to_owned())?,
            };
            let value = number.as_f64().unwrap_or_default();
            if let Some(min) = schema.minimum.as_ref().and_then(Number::as_f64).filter(|m| value < *m) {
                return Err(format!("must be at least {min}"));
            }
            if let Some(max) = schema.maximum.as_ref().and_then(Number::as_f64).filter(|m| value > *m) {
                return Err(format!("must be at most {max}"));
            }
            Ok(ElicitValue::Number(number))
        }
        Field::String(schema) => {
            let length = line.chars().count() as u64;
            if schema.min_length.is_some_and(|m| length < m) {
                return Err(format!("needs at least {} characters", schema.min_length.unwrap_or(0)));
            }
            if let Some(max) = schema.max_length.filter(|m| length > *m) {
                return Err(format!("needs at most {max} characters"));
            }
            let format_ok = match schema.format {
                Some(StringFormat::Email) => line.contains('@'),
                Some(StringFormat::Uri) => line.contains(':'),
                Some(StringFormat::Date) => is_date(line),
                Some(StringFormat::DateTime) => {
                    line.len() > 10 && is_date(&line[..10]) && line[10..].starts_with(['T', 't'])
                }
                None => true,
            };
            if !format_ok {
                let name = match schema.format {
                    Some(StringFormat::Email) => "email address",
                    Some(StringFormat::Uri) => "URI",
                    Some(StringFormat::Date) => "date (YYYY-MM-DD)",
                    _ => "date-time (YYYY-MM-DDTHH:MM:SSZ)",
                };
                return Err(format!("not a valid {name}"));
            }
            Ok(ElicitValue::String(line.to_owned()))
        }
        _ => Err("unsupported field".to_owned()),
    }
}

/// `YYYY-MM-DD` (RFC 3339 `full-date` shape).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use mcp_jsonrpc::schema::elicitation::ElicitAction;
    use serde_json::json;

    use super::*;

    fn run(request: serde_json::Value, answers: &str) -> (ElicitResult, String) {
        let request: ElicitRequestParams = serde_json::from_value(request).unwrap();
        let mut out = Vec::new();
        let result = ask(&request, &mut answers.as_bytes(), &mut out).unwrap();
        (result, String::from_utf8(out).unwrap())
    }

    fn form() -> serde_json::Value {
        json!({
            "message": "Who are you?",
            "requestedSchema": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "title": "Name", "minLength": 2},
                    "age": {"type": "integer", "minimum": 0, "default": 30},
                    "ok": {"type": "boolean"},
                    "hero": {"type": "string", "oneOf": [{"const": "h1", "title": "Superman"}, {"const": "h2", "title": "Batman"}]},
                    "tools": {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c"]}, "maxItems": 2},
                    "email": {"type": "string", "format": "email"}
                },
                "required": ["name"]
            }
        })
    }

    #[test]
    fn a_form_is_filled_line_by_line() {
        let (result, shown) = run(form(), "y\nx\nAlice\n\nyes\n2\n1, c\nalice@example.com\n");
        assert_eq!(result.action, ElicitAction::Accept);
        assert_eq!(
            serde_json::to_value(result.content.unwrap()).unwrap(),
            json!({"name": "Alice", "age": 30, "ok": true, "hero": "h2", "tools": ["a", "c"], "email": "alice@example.com"})
        );
        assert!(shown.contains("The server asks: Who are you?"), "{shown}");
        assert!(shown.contains("needs at least 2 characters"), "{shown}");
        assert!(shown.contains("2) Batman [h2]"), "{shown}");
    }

    #[test]
    fn invalid_answers_are_asked_again_and_optional_fields_can_be_skipped() {
        let (result, shown) = run(form(), "yes\nBob\n-1\nabc\n7\n\nSuperman\n1,2,3\n\nnope\n\n");
        assert!(shown.contains("must be at least 0") && shown.contains("not an integer"), "{shown}");
        assert!(shown.contains("choose between 0 and 2") && shown.contains("not a valid"), "{shown}");
        assert_eq!(
            serde_json::to_value(result.content.unwrap()).unwrap(),
            json!({"name": "Bob", "age": 7, "hero": "h1"})
        );
    }

    #[test]
    fn decline_cancel_and_end_of_input() {
        assert_eq!(run(form(), "n\n").0.action, ElicitAction::Decline);
        assert_eq!(run(form(), "c\n").0.action, ElicitAction::Cancel);
        assert_eq!(run(form(), "y\nAlice\n").0.action, ElicitAction::Cancel);
        assert_eq!(run(form(), "").0.action, ElicitAction::Cancel);
    }

    #[test]
    fn url_mode_shows_the_url() {
        let request = json!({"mode": "url", "message": "Sign in", "url": "https://example.com/x", "elicitationId": "e1"});
        let (result, shown) = run(request, "y\n");
        assert_eq!(result.action, ElicitAction::Accept);
        assert!(result.content.is_none());
        assert!(shown.contains("https://example.com/x"), "{shown}");
    }
}
