//! Transport cells: the columns of the matrix.
//!
//! A cell is one transport and one protocol revision. Every client-role scenario runs in each
//! cell it applies to, with our client on one side and our server on the other:
//!
//! | cell | transport | client |
//! |---|---|---|
//! | `memory/2026-07-28` | in-memory pair, stdio line framing | era detection (`server/discover`) |
//! | `memory/<legacy>` | same | forced to the legacy revision (`initialize`) |
//! | `stdio/2026-07-28` | spawns `mcp-conformance serve --stdio` | era detection |
//! | `stdio/2025-11-25` | same | forced to 2025-11-25 |
//!
//! Adding a transport is one [`TransportKind`] variant (how to connect: [`super::env`]) and
//! one [`Cell`] entry per revision in [`CELLS`]; the scenarios need no change.

use mcp_jsonrpc::ProtocolVersion;

/// How a cell moves messages between our client and our server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// [`mcp_transport::memory`] pair in the stdio wire form (each message encoded as one
    /// newline-terminated line and decoded again), the server running in this process.
    Memory,
    /// The real binary `mcp-conformance serve --stdio` spawned as a child process
    /// (2026-07-28 `basic/transports/stdio.mdx`); it serves only the fixture.
    Stdio,
}

impl TransportKind {
    /// The short name used in cell names (`memory`, `stdio`).
    pub const fn name(self) -> &'static str {
        match self {
            TransportKind::Memory => "memory",
            TransportKind::Stdio => "stdio",
        }
    }

    /// Whether the server runs in this process, so a scenario may bring its own
    /// [`mcp_server::Server`] (a spawned binary serves only the fixture).
    pub const fn hosts_in_process_server(self) -> bool {
        match self {
            TransportKind::Memory => true,
            TransportKind::Stdio => false,
        }
    }
}

/// One column of the matrix: a transport and the revision the client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cell {
    /// `<transport>/<revision>`, e.g. `memory/2026-07-28` (matched by `--filter`).
    pub name: &'static str,
    /// The transport.
    pub transport: TransportKind,
    /// The revision the connection must settle on: modern cells let the client detect the era
    /// (and check it found 2026-07-28); legacy cells force the client to this revision.
    pub version: ProtocolVersion,
}

impl Cell {
    /// Whether the cell speaks the 2026-07-28 (stateless) era.
    pub const fn is_modern(&self) -> bool {
        self.version.is_modern()
    }
}

const fn cell(name: &'static str, transport: TransportKind, version: ProtocolVersion) -> Cell {
    Cell { name, transport, version }
}

/// Every cell, in column order.
pub const CELLS: &[Cell] = &[
    cell("memory/2026-07-28", TransportKind::Memory, ProtocolVersion::V2026_07_28),
    cell("memory/2025-11-25", TransportKind::Memory, ProtocolVersion::V2025_11_25),
    cell("memory/2025-06-18", TransportKind::Memory, ProtocolVersion::V2025_06_18),
    cell("memory/2025-03-26", TransportKind::Memory, ProtocolVersion::V2025_03_26),
    cell("memory/2024-11-05", TransportKind::Memory, ProtocolVersion::V2024_11_05),
    cell("stdio/2026-07-28", TransportKind::Stdio, ProtocolVersion::V2026_07_28),
    cell("stdio/2025-11-25", TransportKind::Stdio, ProtocolVersion::V2025_11_25),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_transport_and_revision() {
        for c in CELLS {
            assert_eq!(c.name, format!("{}/{}", c.transport.name(), c.version), "{c:?}");
        }
        for v in ProtocolVersion::ALL {
            assert!(CELLS.iter().any(|c| c.version == v && c.transport == TransportKind::Memory), "{v}");
        }
    }
}
