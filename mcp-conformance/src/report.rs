//! Rendering outcomes: a readable table with a `N passed, N failed` summary line, or JSON.

use std::fmt::Write as _;

use serde_json::json;

use crate::scenario::Outcome;

/// Counts `(passed, failed)`.
pub fn counts(outcomes: &[Outcome]) -> (usize, usize) {
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    (passed, outcomes.len() - passed)
}

/// A table, one row a scenario (status, transport, time, name, spec reference, failure
/// reason), then the summary line `N passed, N failed`.
pub fn table(outcomes: &[Outcome]) -> String {
    let width = outcomes.iter().map(|o| o.scenario.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for o in outcomes {
        let status = if o.result.is_ok() { "pass" } else { "FAIL" };
        let _ = writeln!(
            out,
            "{status}  {:<10} {:>7.2} ms  {:<width$}  {}",
            o.scenario.transport,
            o.elapsed.as_secs_f64() * 1000.0,
            o.scenario.name,
            o.scenario.spec,
        );
        if let Err(reason) = &o.result {
            let _ = writeln!(out, "      -> {reason}");
        }
    }
    let (passed, failed) = counts(outcomes);
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

/// The outcomes as a JSON document: `{"passed": N, "failed": N, "scenarios": [...]}`.
pub fn json(outcomes: &[Outcome]) -> serde_json::Value {
    let (passed, failed) = counts(outcomes);
    let scenarios: Vec<_> = outcomes
        .iter()
        .map(|o| {
            json!({
                "name": o.scenario.name,
                "spec": o.scenario.spec,
                "transport": o.scenario.transport,
                "passed": o.result.is_ok(),
                "error": o.result.as_ref().err(),
                "elapsedMs": o.elapsed.as_secs_f64() * 1000.0,
            })
        })
        .collect();
    json!({ "passed": passed, "failed": failed, "scenarios": scenarios })
}
