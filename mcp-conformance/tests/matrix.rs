//! The whole catalogue, in process (our client against our server in every cell, the stdio
//! cells spawning this crate's binary), plus the coverage rule: every message a client may send
//! in a revision (the `mcp_jsonrpc::schema::methods::METHODS` table) is really sent — recorded
//! on the wire — by some scenario in a cell of that revision, except the documented
//! `catalogue::UNEXERCISED_CLIENT_MESSAGES`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use mcp_conformance::catalogue::{UNEXERCISED_CLIENT_MESSAGES, all};
use mcp_conformance::scenario::record::Direction;
use mcp_conformance::scenario::{CELLS, Outcome, RunConfig, TransportKind, run};
use mcp_jsonrpc::ProtocolVersion;
use mcp_jsonrpc::schema::methods::{METHODS, MessageKind};

/// Runs the catalogue once for all tests of this file.
fn outcomes() -> &'static [Outcome] {
    static OUTCOMES: OnceLock<Vec<Outcome>> = OnceLock::new();
    OUTCOMES.get_or_init(|| {
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_mcp-conformance"));
        let config = RunConfig::new(Some(binary));
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        runtime.block_on(run(&all(), &config))
    })
}

#[test]
fn every_applicable_cell_passes() {
    let outcomes = outcomes();
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            let cell = o.cell.map_or("once", |c| c.name);
            o.result.as_ref().err().map(|e| format!("{} @ {cell}: {e}", o.scenario.name))
        })
        .collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));

    // Every scenario ran somewhere, and per-cell ones ran in exactly the cells they apply to.
    for scenario in all() {
        let ran: BTreeSet<&str> = outcomes
            .iter()
            .filter(|o| o.scenario.name == scenario.name)
            .map(|o| o.cell.map_or("once", |c| c.name))
            .collect();
        assert!(!ran.is_empty(), "{} never ran", scenario.name);
        let expected: BTreeSet<&str> =
            CELLS.iter().filter(|c| scenario.applies_to(c)).map(|c| c.name).collect();
        if !expected.is_empty() {
            assert_eq!(ran, expected, "{}", scenario.name);
        }
    }
    // Both transports and every revision are exercised.
    for transport in [TransportKind::Memory, TransportKind::Stdio] {
        assert!(outcomes.iter().any(|o| o.cell.is_some_and(|c| c.transport == transport)), "{transport:?}");
    }
    for version in ProtocolVersion::ALL {
        let runs = outcomes.iter().filter(|o| o.cell.is_some_and(|c| c.version == version)).count();
        assert!(runs >= 20, "only {runs} runs in {version} cells");
    }
}

/// What a client may send in `version`: requests and notifications whose direction includes
/// client-to-server.
fn client_messages(version: ProtocolVersion) -> BTreeSet<&'static str> {
    METHODS
        .iter()
        .filter(|m| {
            m.kind != MessageKind::InputRequest && m.direction.from_client() && m.in_revision(version)
        })
        .map(|m| m.name)
        .collect()
}

#[test]
fn the_catalogue_sends_every_client_message_of_every_revision() {
    let mut sent: BTreeMap<ProtocolVersion, BTreeSet<String>> = BTreeMap::new();
    for o in outcomes() {
        let Some(cell) = o.cell else { continue };
        let methods = sent.entry(cell.version).or_default();
        for m in o.traffic.iter().filter(|m| m.direction == Direction::Sent) {
            methods.insert(m.method.clone());
        }
    }
    let excluded: BTreeSet<&str> = UNEXERCISED_CLIENT_MESSAGES.iter().map(|(m, _)| *m).collect();
    for version in ProtocolVersion::ALL {
        let defined = client_messages(version);
        let sent = sent.get(&version).cloned().unwrap_or_default();
        let missing: Vec<&str> =
            defined.iter().copied().filter(|m| !sent.contains(*m) && !excluded.contains(m)).collect();
        assert!(missing.is_empty(), "{version}: no scenario sends {missing:?}");
        // Nothing outside the revision's table is sent.
        let undefined: Vec<&String> = sent.iter().filter(|m| !defined.contains(m.as_str())).collect();
        assert!(undefined.is_empty(), "{version}: sent messages the revision does not define: {undefined:?}");
    }
    // The exclusions are real gaps: each is a client message of some revision and never sent.
    for (method, reason) in UNEXERCISED_CLIENT_MESSAGES {
        assert!(!reason.is_empty());
        assert!(ProtocolVersion::ALL.iter().any(|v| client_messages(*v).contains(method)), "{method}");
        assert!(sent.values().all(|s| !s.contains(*method)), "{method} is sent now: drop the exclusion");
    }
}

#[test]
fn legacy_server_requests_reach_the_client_and_modern_ones_never_do() {
    let mut received: BTreeMap<ProtocolVersion, BTreeSet<String>> = BTreeMap::new();
    for o in outcomes() {
        let Some(cell) = o.cell else { continue };
        for m in o.traffic.iter().filter(|m| m.direction == Direction::Received && m.request) {
            received.entry(cell.version).or_default().insert(m.method.clone());
        }
    }
    for version in ProtocolVersion::ALL {
        let got = received.get(&version).cloned().unwrap_or_default();
        if version.is_modern() {
            assert!(got.is_empty(), "2026-07-28 has no server-to-client requests: {got:?}");
            continue;
        }
        let mut want: BTreeSet<String> = ["sampling/createMessage", "roots/list"].map(String::from).into();
        if version >= ProtocolVersion::V2025_06_18 {
            want.insert("elicitation/create".into());
        }
        assert_eq!(got, want, "{version}");
    }
}
