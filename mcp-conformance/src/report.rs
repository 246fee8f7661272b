//! Rendering outcomes: a compact matrix (scenarios × cells) ending with the summary line
//! `N passed, N failed`, a JSON document, or JUnit XML.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::json;

use crate::scenario::{Cell, Outcome, Scenario};

/// The column label of scenarios that run once (codec checks).
pub const ONCE_COLUMN: &str = "once";

/// Counts `(passed, failed)`.
pub fn counts(outcomes: &[Outcome]) -> (usize, usize) {
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    (passed, outcomes.len() - passed)
}

/// The summary line, `N passed, N failed` (read by CI tooling; keep the format).
pub fn summary(outcomes: &[Outcome]) -> String {
    let (passed, failed) = counts(outcomes);
    format!("{passed} passed, {failed} failed")
}

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.1}ms") } else { format!("{ms:.0}ms") }
}

const COLUMN: usize = 12;

/// The matrix: one row a scenario (in run order), one column per cell (`once` first, for the
/// codec checks), each entry `pass <time>`, `FAIL <time>` or `-` (not applicable or filtered
/// out); then every failure with its reason and spec reference; then the total time; then
/// the summary line `N passed, N failed`.
pub fn matrix(outcomes: &[Outcome], cells: &[Cell]) -> String {
    matrix_with_skipped(outcomes, cells, &[])
}

/// [`matrix`] with rows for `skipped` scenarios (a run against an external server,
/// [`crate::scenario::skipped`]): after the rows that ran, each skipped scenario has `-` in
/// every column and then `skipped: <reason>`. The summary line counts runs only.
pub fn matrix_with_skipped(outcomes: &[Outcome], cells: &[Cell], skipped: &[(Scenario, &str)]) -> String {
    let mut rows: Vec<&Scenario> = Vec::new();
    for o in outcomes {
        if !rows.iter().any(|s| s.name == o.scenario.name) {
            rows.push(&o.scenario);
        }
    }
    let has_once = outcomes.iter().any(|o| o.cell.is_none());
    let mut columns: Vec<Option<&Cell>> = Vec::new();
    if has_once {
        columns.push(None);
    }
    columns.extend(cells.iter().filter(|c| outcomes.iter().any(|o| o.cell.as_ref() == Some(*c))).map(Some));
    let width = rows
        .iter()
        .map(|s| s.name.len())
        .chain(skipped.iter().map(|(s, _)| s.name.len()))
        .max()
        .unwrap_or(0)
        .max("scenario".len());

    let mut out = String::new();
    let (mut top, mut bottom) = (format!("{:<width$}", ""), format!("{:<width$}", "scenario"));
    for column in &columns {
        let (transport, revision) = match column {
            None => (ONCE_COLUMN, ""),
            Some(c) => (c.transport.name(), c.version.as_str()),
        };
        let _ = write!(top, " {transport:<COLUMN$}");
        let _ = write!(bottom, " {revision:<COLUMN$}");
    }
    let _ = writeln!(out, "{}", top.trim_end());
    let _ = writeln!(out, "{}", bottom.trim_end());
    for scenario in &rows {
        let mut line = format!("{:<width$}", scenario.name);
        for column in &columns {
            let hit =
                outcomes.iter().find(|o| o.scenario.name == scenario.name && o.cell.as_ref() == *column);
            let entry = match hit {
                None => "-".to_owned(),
                Some(o) if o.result.is_ok() => format!("pass {}", millis(o.elapsed)),
                Some(o) => format!("FAIL {}", millis(o.elapsed)),
            };
            let _ = write!(line, " {entry:<COLUMN$}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    for (scenario, reason) in skipped {
        let mut line = format!("{:<width$}", scenario.name);
        for _ in &columns {
            let _ = write!(line, " {:<COLUMN$}", "-");
        }
        let _ = writeln!(out, "{line} skipped: {reason}");
    }
    let failures: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "\nfailures:");
        for o in failures {
            let cell = o.cell.as_ref().map_or(ONCE_COLUMN, |c| c.name);
            let reason = o.result.as_ref().err().map_or("", String::as_str);
            let _ =
                writeln!(out, "FAIL {} @ {cell}: {reason}\n     spec: {}", o.scenario.name, o.scenario.spec);
        }
    }
    let total: Duration = outcomes.iter().map(|o| o.elapsed).sum();
    let _ = writeln!(
        out,
        "\n{} scenarios, {} runs over {} cells in {:.2} s",
        rows.len(),
        outcomes.len(),
        columns.iter().filter(|c| c.is_some()).count(),
        total.as_secs_f64()
    );
    let _ = writeln!(out, "{}", summary(outcomes));
    out
}

/// The outcomes as JSON: `{"passed": N, "failed": N, "cells": [...], "outcomes": [{"scenario",
/// "spec", "cell" (null for once), "transport", "revision", "passed", "error", "elapsedMs",
/// "sent": [methods our client sent, in order]}]}`.
pub fn json(outcomes: &[Outcome], cells: &[Cell]) -> serde_json::Value {
    let (passed, failed) = counts(outcomes);
    let rows: Vec<_> = outcomes
        .iter()
        .map(|o| {
            let sent: Vec<&str> = o
                .traffic
                .iter()
                .filter(|m| m.direction == crate::scenario::record::Direction::Sent)
                .map(|m| m.method.as_str())
                .collect();
            json!({
                "scenario": o.scenario.name,
                "spec": o.scenario.spec,
                "cell": o.cell.map(|c| c.name),
                "transport": o.cell.map(|c| c.transport.name()),
                "revision": o.cell.map(|c| c.version.as_str()),
                "passed": o.result.is_ok(),
                "error": o.result.as_ref().err(),
                "elapsedMs": o.elapsed.as_secs_f64() * 1000.0,
                "sent": sent,
            })
        })
        .collect();
    let cells: Vec<&str> = cells.iter().map(|c| c.name).collect();
    json!({ "passed": passed, "failed": failed, "cells": cells, "outcomes": rows })
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `<testsuite>` per column (`once`, then each cell), one `<testcase>` per run
/// (`classname` the cell, `name` the scenario, `time` in seconds), with a `<failure>` carrying
/// the reason and a `spec` property.
pub fn junit(outcomes: &[Outcome], cells: &[Cell]) -> String {
    let (_, failed) = counts(outcomes);
    let total: f64 = outcomes.iter().map(|o| o.elapsed.as_secs_f64()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"mcp-conformance\" tests=\"{}\" failures=\"{failed}\" time=\"{total:.3}\">",
        outcomes.len()
    );
    let columns: Vec<Option<&Cell>> = std::iter::once(None).chain(cells.iter().map(Some)).collect();
    for column in columns {
        let runs: Vec<&Outcome> = outcomes.iter().filter(|o| o.cell.as_ref() == column).collect();
        if runs.is_empty() {
            continue;
        }
        let suite = column.map_or(ONCE_COLUMN, |c| c.name);
        let failures = runs.iter().filter(|o| o.result.is_err()).count();
        let time: f64 = runs.iter().map(|o| o.elapsed.as_secs_f64()).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" time=\"{time:.3}\">",
            xml_escape(suite),
            runs.len()
        );
        for o in runs {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">",
                xml_escape(suite),
                xml_escape(o.scenario.name),
                o.elapsed.as_secs_f64()
            );
            let _ = writeln!(
                out,
                "      <properties><property name=\"spec\" value=\"{}\"/></properties>",
                xml_escape(o.scenario.spec)
            );
            if let Err(reason) = &o.result {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">{}</failure>",
                    xml_escape(reason),
                    xml_escape(reason)
                );
            }
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Applies, CELLS, Check, revisions};

    fn outcome(name: &'static str, cell: Option<Cell>, result: Result<(), String>) -> Outcome {
        let scenario = Scenario {
            name,
            spec: "spec <page>",
            applies: Applies::fixture(revisions::ALL),
            check: Check::Once(|| Ok(())),
        };
        Outcome { scenario, cell, result, elapsed: Duration::from_millis(3), traffic: Vec::new() }
    }

    fn sample() -> Vec<Outcome> {
        vec![
            outcome("codec/a", None, Ok(())),
            outcome("tools/b", Some(CELLS[0]), Ok(())),
            outcome("tools/b", Some(CELLS[1]), Err("bad & <worse>".into())),
        ]
    }

    #[test]
    fn matrix_marks_each_cell_and_ends_with_the_summary() {
        let text = matrix(&sample(), CELLS);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.last(), Some(&"2 passed, 1 failed"));
        assert!(lines[0].contains("once") && lines[0].contains("memory"), "{text}");
        assert!(lines[1].contains("2026-07-28") && lines[1].contains("2025-11-25"), "{text}");
        let row = lines.iter().find(|l| l.starts_with("tools/b")).unwrap();
        let entries: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(entries, ["tools/b", "-", "pass", "3.0ms", "FAIL", "3.0ms"]);
        assert!(text.contains("FAIL tools/b @ memory/2025-11-25: bad & <worse>"), "{text}");
        assert!(!lines[0].contains("stdio"), "columns without runs are left out: {text}");
    }

    #[test]
    fn skipped_rows_show_dashes_and_the_reason() {
        let skipped = outcome("utilities/local", None, Ok(())).scenario;
        let text = matrix_with_skipped(&sample(), CELLS, &[(skipped, "needs its own server")]);
        let row = text.lines().find(|l| l.starts_with("utilities/local")).unwrap();
        let (entries, reason) = row.split_once(" skipped: ").unwrap();
        assert_eq!(entries.split_whitespace().collect::<Vec<_>>(), ["utilities/local", "-", "-", "-"]);
        assert_eq!(reason, "needs its own server");
        assert_eq!(text.lines().last(), Some("2 passed, 1 failed"), "skips are not counted");
    }

    #[test]
    fn junit_escapes_and_counts() {
        let xml = junit(&sample(), CELLS);
        assert!(xml.contains("<testsuites name=\"mcp-conformance\" tests=\"3\" failures=\"1\""), "{xml}");
        assert!(xml.contains("<testsuite name=\"once\" tests=\"1\" failures=\"0\""), "{xml}");
        assert!(xml.contains("<failure message=\"bad &amp; &lt;worse&gt;\">"), "{xml}");
        assert!(xml.contains("value=\"spec &lt;page&gt;\""), "{xml}");
        assert_eq!(xml.matches("<testcase ").count(), 3);
    }

    #[test]
    fn json_lists_every_run() {
        let v = json(&sample(), CELLS);
        assert_eq!((v["passed"].as_u64(), v["failed"].as_u64()), (Some(2), Some(1)));
        assert_eq!(v["outcomes"][0]["cell"], serde_json::Value::Null);
        assert_eq!(v["outcomes"][2]["cell"], "memory/2025-11-25");
        assert_eq!(v["outcomes"][2]["error"], "bad & <worse>");
    }
}
