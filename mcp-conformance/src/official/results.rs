//! Reading the suite's results: the `checks.json` of each scenario (written with `-o DIR`
//! as `DIR/server-<scenario>-<ISO time>/checks.json`) and the `Total:` line it prints.

use std::path::Path;

use serde::Deserialize;

use super::OfficialError;

/// The counted checks of one scenario (`INFO` and `SKIPPED` entries are not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioResult {
    /// The scenario name, e.g. `tools-call-simple-text`.
    pub name: String,
    /// Checks with status `SUCCESS`.
    pub passed: usize,
    /// Checks with status `FAILURE`.
    pub failed: usize,
    /// Checks with status `WARNING` (the suite counts them as failures under
    /// `--expected-failures`, and so do we).
    pub warnings: usize,
    /// `id: errorMessage` of every `FAILURE` and `WARNING`.
    pub problems: Vec<String>,
}

impl ScenarioResult {
    /// No failure and no warning.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.warnings == 0
    }
}

#[derive(Deserialize)]
struct Check {
    id: String,
    status: String,
    #[serde(default, rename = "errorMessage")]
    error_message: Option<String>,
}

/// The scenario of a results folder `server-<scenario>-<YYYY-MM-DDTHH-MM-SS-mmmZ>`.
pub fn scenario_name(folder: &str) -> &str {
    let name = folder.strip_prefix("server-").unwrap_or(folder);
    // The time stamp is 24 characters, after a `-`.
    const STAMP: usize = 24;
    if name.len() > STAMP + 1 && name.ends_with('Z') && name.as_bytes()[name.len() - STAMP - 1] == b'-' {
        &name[..name.len() - STAMP - 1]
    } else {
        name
    }
}

/// The results of every scenario under `dir`, sorted by name.
///
/// # Errors
/// [`OfficialError::Results`] when `dir` cannot be read or a `checks.json` does not parse.
pub fn read_results(dir: &Path) -> Result<Vec<ScenarioResult>, OfficialError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| OfficialError::Results(format!("cannot read {}: {e}", dir.display())))?;
    let mut results = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path().join("checks.json");
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| OfficialError::Results(format!("cannot read {}: {e}", path.display())))?;
        let checks: Vec<Check> = serde_json::from_str(&text)
            .map_err(|e| OfficialError::Results(format!("{}: {e}", path.display())))?;
        let folder = entry.file_name().to_string_lossy().into_owned();
        results.push(tally(scenario_name(&folder), &checks));
    }
    results.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(results)
}

fn tally(name: &str, checks: &[Check]) -> ScenarioResult {
    let count = |status: &str| checks.iter().filter(|c| c.status == status).count();
    let problems = checks
        .iter()
        .filter(|c| c.status == "FAILURE" || c.status == "WARNING")
        .map(|c| format!("{} {}: {}", c.status, c.id, c.error_message.as_deref().unwrap_or("")))
        .collect();
    ScenarioResult {
        name: name.to_owned(),
        passed: count("SUCCESS"),
        failed: count("FAILURE"),
        warnings: count("WARNING"),
        problems,
    }
}

/// `text` without ANSI escape sequences (the suite always colours its output).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (0x40..=0x7e).
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The suite's closing `Total: N passed, M failed` line, if printed.
pub fn total_line(output: &str) -> Option<String> {
    strip_ansi(output)
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("Total:"))
        .map(|l| l.trim().to_owned())
}

/// The scenarios `conformance list --server` tags `[extension]` (e.g. `tasks-*`): the alpha
/// runs them with `--requirements` but leaves them out of a revision's conformance score.
/// Lines look like `  - tasks-lifecycle [extension]`.
pub fn extension_scenarios(list_output: &str) -> Vec<String> {
    strip_ansi(list_output)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter_map(|l| {
            let (name, tags) = l.split_once(' ')?;
            tags.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .any(|t| t.trim() == "extension")
                .then(|| name.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_give_scenarios() {
        assert_eq!(scenario_name("server-tools-list-2026-11-22T03-42-22-894Z"), "tools-list");
        assert_eq!(scenario_name("server-server-stateless-2026-11-22T03-45-25-014Z"), "server-stateless");
        assert_eq!(scenario_name("server-ping"), "ping");
    }

    #[test]
    fn checks_are_tallied_without_info() {
        let checks: Vec<Check> = serde_json::from_str(
            r#"[{"id":"a","status":"SUCCESS"},{"id":"b","status":"INFO"},
                {"id":"c","status":"WARNING","errorMessage":"late"},{"id":"d","status":"FAILURE"}]"#,
        )
        .unwrap();
        let r = tally("x", &checks);
        assert_eq!((r.passed, r.failed, r.warnings), (1, 1, 1));
        assert_eq!(r.problems, ["WARNING c: late", "FAILURE d: "]);
        assert!(!r.ok());
    }

    #[test]
    fn totals_are_found_in_coloured_output() {
        let out = "\u{1b}[32m✓ ping: 1 passed, 0 failed\u{1b}[0m\n\nTotal: \u{1b}[32m46 passed\u{1b}[0m, 0 failed\n";
        assert_eq!(total_line(out).as_deref(), Some("Total: 46 passed, 0 failed"));
        assert_eq!(total_line("nothing"), None);
    }

    #[test]
    fn extension_scenarios_are_found_by_tag() {
        let out = "Server scenarios (test against a server):\n  - ping [2025-06-18,2025-11-25]\n  - tasks-lifecycle [extension]\n  - sep-2640-skills-directory [extension]\n";
        assert_eq!(extension_scenarios(out), ["tasks-lifecycle", "sep-2640-skills-directory"]);
    }
}
