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
//! | `http/2026-07-28` | Streamable HTTP, our server on `127.0.0.1:0` in this process | era and transport detection |
//! | `http/<2025-…>` | legacy Streamable HTTP (sessions), same server | Streamable HTTP forced, revision forced |
//! | `sse/2024-11-05` | HTTP+SSE (`/sse` + `/messages`), same server | HTTP+SSE forced, 2024-11-05 forced |
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
    /// Streamable HTTP (2026-07-28 `basic/transports/streamable-http.mdx`; 2025-03-26 …
    /// 2025-11-25 `basic/transports.mdx`): our server's `McpHttpService` served with hyper on
    /// `127.0.0.1:0` in this process, our client's `HttpClientTransport` against `/mcp`.
    Http,
    /// HTTP+SSE (2024-11-05 `basic/transports.mdx`): the same server, our client forced to
    /// the HTTP+SSE transport against `/sse` (messages POSTed to the announced endpoint).
    Sse,
}

impl TransportKind {
    /// The short name used in cell names (`memory`, `stdio`, `http`, `sse`).
    pub const fn name(self) -> &'static str {
        match self {
            TransportKind::Memory => "memory",
            TransportKind::Stdio => "stdio",
            TransportKind::Http => "http",
            TransportKind::Sse => "sse",
        }
    }

    /// Whether the server runs in this process, so a scenario may bring its own
    /// [`mcp_server::Server`] (a spawned binary serves only the fixture).
    pub const fn hosts_in_process_server(self) -> bool {
        match self {
            TransportKind::Memory | TransportKind::Http | TransportKind::Sse => true,
            TransportKind::Stdio => false,
        }
    }

    /// Whether the transport is one of the HTTP transports (Streamable HTTP or HTTP+SSE).
    pub const fn is_http(self) -> bool {
        matches!(self, TransportKind::Http | TransportKind::Sse)
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
    cell("http/2026-07-28", TransportKind::Http, ProtocolVersion::V2026_07_28),
    cell("http/2025-11-25", TransportKind::Http, ProtocolVersion::V2025_11_25),
    cell("http/2025-06-18", TransportKind::Http, ProtocolVersion::V2025_06_18),
    cell("http/2025-03-26", TransportKind::Http, ProtocolVersion::V2025_03_26),
    cell("sse/2024-11-05", TransportKind::Sse, ProtocolVersion::V2024_11_05),
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
            // Every revision has an HTTP cell: Streamable HTTP from 2025-03-26 on, HTTP+SSE
            // for 2024-11-05 (the transport of that revision).
            let http =
                if v == ProtocolVersion::V2024_11_05 { TransportKind::Sse } else { TransportKind::Http };
            assert!(CELLS.iter().any(|c| c.version == v && c.transport == http), "{v} over {http:?}");
        }
    }
}
