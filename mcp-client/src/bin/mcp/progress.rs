//! Showing `notifications/progress` (2026-07-28 `basic/patterns/progress.mdx`) and server
//! log lines on stderr.
//!
//! On a terminal, progress is an indicatif bar (a spinner when the server gives no `total`)
//! that lives while the tool call runs; otherwise every notification is one plain line,
//! `progress: 50/100 (50%) message`, so logs of non-interactive runs still show it. Other
//! stderr output goes through [`Progress::println`] so it is printed above the bar.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mcp_jsonrpc::schema::notifications::ProgressNotificationParams;

/// Bar resolution: positions per bar (progress values are arbitrary non-negative numbers).
const BAR_STEPS: u64 = 1000;

/// The progress display, shared by the request's progress callback, the notification
/// handler and the elicitation prompt. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Progress {
    state: Arc<Mutex<State>>,
}

struct State {
    /// Whether stderr is a terminal (bar) or not (plain lines).
    terminal: bool,
    /// The bar of the running call, created by its first notification.
    bar: Option<ProgressBar>,
    /// While an interactive prompt owns the terminal, nothing is drawn.
    suspended: bool,
}

impl Progress {
    /// A display for this process's stderr.
    pub(crate) fn new() -> Progress {
        Progress {
            state: Arc::new(Mutex::new(State {
                terminal: std::io::stderr().is_terminal(),
                bar: None,
                suspended: false,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Shows one progress notification.
    pub(crate) fn update(&self, params: &ProgressNotificationParams) {
        let mut state = self.lock();
        let text = describe(params);
        if !state.terminal {
            if !state.suspended {
                eprintln!("progress: {text}");
            }
            return;
        }
        let suspended = state.suspended;
        let bar = state.bar.get_or_insert_with(|| {
            let bar = match params.total {
                Some(total) if total > 0.0 => {
                    ProgressBar::with_draw_target(Some(BAR_STEPS), ProgressDrawTarget::stderr()).with_style(
                        ProgressStyle::with_template("{spinner} [{elapsed_precise}] [{wide_bar}] {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    )
                }
                _ => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                    ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            if suspended {
                bar.set_draw_target(ProgressDrawTarget::hidden());
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if let Some(total) = params.total.filter(|t| *t > 0.0) {
            let fraction = (params.progress / total).clamp(0.0, 1.0);
            bar.set_position((fraction * BAR_STEPS as f64).round() as u64);
        }
        bar.set_message(text);
    }

    /// Removes the bar (the call is over).
    pub(crate) fn finish(&self) {
        if let Some(bar) = self.lock().bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Prints a line on stderr, above the bar when there is one.
    pub(crate) fn println(&self, line: &str) {
        let state = self.lock();
        match &state.bar {
            Some(bar) if !state.suspended => bar.suspend(|| eprintln!("{line}")),
            _ => eprintln!("{line}"),
        }
    }

    /// Runs `f` (an interactive prompt) with the bar hidden; progress that arrives meanwhile
    /// updates the bar silently. The lock is not held while `f` runs.
    pub(crate) fn suspended<R>(&self, f: impl FnOnce() -> R) -> R {
        {
            let mut state = self.lock();
            state.suspended = true;
            if let Some(bar) = &state.bar {
                bar.set_draw_target(ProgressDrawTarget::hidden());
            }
        }
        let result = f();
        let mut state = self.lock();
        state.suspended = false;
        if let Some(bar) = &state.bar {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        result
    }
}

/// `50/100 (50%) message`, `3 message` without a total.
pub(crate) fn describe(params: &ProgressNotificationParams) -> String {
    let mut text = match params.total {
        Some(total) if total > 0.0 => {
            format!("{}/{} ({:.0}%)", params.progress, total, params.progress / total * 100.0)
        }
        Some(total) => format!("{}/{}", params.progress, total),
        None => format!("{}", params.progress),
    };
    if let Some(message) = params.message.as_deref().filter(|m| !m.is_empty()) {
        text.push(' ');
        text.push_str(message);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(progress: f64, total: Option<f64>, message: Option<&str>) -> ProgressNotificationParams {
        serde_json::from_value(serde_json::json!({
            "progressToken": 1, "progress": progress, "total": total, "message": message
        }))
        .unwrap()
    }

    #[test]
    fn progress_reads_as_a_fraction() {
        assert_eq!(describe(&params(50.0, Some(100.0), None)), "50/100 (50%)");
        assert_eq!(describe(&params(1.0, Some(3.0), Some("step"))), "1/3 (33%) step");
        assert_eq!(describe(&params(2.5, None, Some(""))), "2.5");
    }
}
