//! The whole catalogue, in process (our client against our server in every cell: in-memory
//! pairs, the stdio cells spawning this crate's binary, Streamable HTTP in both eras and
//! HTTP+SSE on loopback), plus the coverage rule: every message a client may send in a
//! revision (the `mcp_jsonrpc::schema::methods::METHODS` table) is really sent — recorded on
//! the wire — by some scenario in a cell of that revision, on the in-memory transport and on
//! the HTTP transport of that revision alike, except the documented
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
    // Every transport and every revision are exercised.
    for transport in [TransportKind::Memory, TransportKind::Stdio, TransportKind::Http, TransportKind::Sse] {
        assert!(outcomes.iter().any(|o| o.cell.is_some_and(|c| c.transport == transport)), "{transport:?}");
    }
    // Every HTTP cell runs everything the in-memory cell of its revision runs (the fixture and
    // scenario-local servers alike), plus the HTTP rules.
    for cell in CELLS.iter().filter(|c| c.transport.is_http()) {
        let names = |transport: TransportKind| -> BTreeSet<&str> {
            outcomes
                .iter()
                .filter(|o| o.cell.is_some_and(|c| c.transport == transport && c.version == cell.version))
                .map(|o| o.scenario.name)
                .collect()
        };
        let (memory, http) = (names(TransportKind::Memory), names(cell.transport));
        let missing: Vec<&&str> = memory.difference(&http).collect();
        assert!(missing.is_empty(), "{}: not run over HTTP: {missing:?}", cell.name);
        let extra: Vec<&&str> = http.difference(&memory).collect();
        assert!(
            extra.iter().all(|n| n.starts_with("http/") || n.starts_with("sse/")),
            "{}: {extra:?}",
            cell.name
        );
        assert!(!extra.is_empty(), "{}: no HTTP-specific scenario ran", cell.name);
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

/// The HTTP transport of `version`'s cells: HTTP+SSE for 2024-11-05, Streamable HTTP after.
fn http_transport(version: ProtocolVersion) -> TransportKind {
    if version == ProtocolVersion::V2024_11_05 { TransportKind::Sse } else { TransportKind::Http }
}

#[test]
fn the_catalogue_sends_every_client_message_of_every_revision() {
    // Per revision, and per (revision, transport).
    let mut sent: BTreeMap<ProtocolVersion, BTreeSet<String>> = BTreeMap::new();
    let mut by_transport: BTreeMap<(ProtocolVersion, &str), BTreeSet<String>> = BTreeMap::new();
    for o in outcomes() {
        let Some(cell) = o.cell else { continue };
        for m in o.traffic.iter().filter(|m| m.direction == Direction::Sent) {
            sent.entry(cell.version).or_default().insert(m.method.clone());
            by_transport.entry((cell.version, cell.transport.name())).or_default().insert(m.method.clone());
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
        // The in-memory cell and the HTTP cell of the revision each send every one of them.
        for transport in [TransportKind::Memory, http_transport(version)] {
            let sent = by_transport.get(&(version, transport.name())).cloned().unwrap_or_default();
            let missing: Vec<&str> =
                defined.iter().copied().filter(|m| !sent.contains(*m) && !excluded.contains(m)).collect();
            assert!(missing.is_empty(), "{version} over {}: no scenario sends {missing:?}", transport.name());
        }
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
    // Per (revision, transport): legacy server requests ride the in-memory pair, the stdio
    // pipes, the Streamable HTTP POST streams and the HTTP+SSE stream alike.
    let mut received: BTreeMap<(ProtocolVersion, &str), BTreeSet<String>> = BTreeMap::new();
    for o in outcomes() {
        let Some(cell) = o.cell else { continue };
        let entry = received.entry((cell.version, cell.transport.name())).or_default();
        for m in o.traffic.iter().filter(|m| m.direction == Direction::Received && m.request) {
            entry.insert(m.method.clone());
        }
    }
    for version in ProtocolVersion::ALL {
        for transport in [TransportKind::Memory, http_transport(version)] {
            let got = received
                .get(&(version, transport.name()))
                .cloned()
                .unwrap_or_else(|| panic!("no {version} cell over {transport:?} ran"));
            if version.is_modern() {
                assert!(got.is_empty(), "2026-07-28 has no server-to-client requests: {got:?}");
                continue;
            }
            let mut want: BTreeSet<String> =
                ["sampling/createMessage", "roots/list"].map(String::from).into();
            if version >= ProtocolVersion::V2025_06_18 {
                want.insert("elicitation/create".into());
            }
            assert_eq!(got, want, "{version} over {transport:?}");
        }
    }
}
