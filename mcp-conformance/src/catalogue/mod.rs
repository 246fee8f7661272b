//! The scenario catalogue.

mod wire;

use crate::scenario::Scenario;

/// Every scenario, in the order they run.
pub fn all() -> Vec<Scenario> {
    let mut scenarios = Vec::new();
    scenarios.extend_from_slice(wire::SCENARIOS);
    scenarios
}
