//! A scenario: one checked rule of the specification.

use std::time::{Duration, Instant};

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// A stable name, `area/rule` (used by `--filter`).
    pub name: &'static str,
    /// Where the rule is written: revision and page (and section), e.g.
    /// `2026-07-28 basic/index.mdx#requests`.
    pub spec: &'static str,
    /// The layer or transport the scenario runs on (a column of the matrix).
    pub transport: &'static str,
    /// The check: `Err` explains what differed from the rule.
    pub check: fn() -> Result<(), String>,
}

/// The result of running one scenario.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario that ran.
    pub scenario: Scenario,
    /// `Ok` or the failure's explanation.
    pub result: Result<(), String>,
    /// Wall time of the check.
    pub elapsed: Duration,
}

impl Scenario {
    /// Runs the check, timing it; a panic inside the check counts as a failure.
    pub fn run(&self) -> Outcome {
        let start = Instant::now();
        let result = std::panic::catch_unwind(self.check)
            .unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic))));
        Outcome { scenario: *self, result, elapsed: start.elapsed() }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}
