//! MCP protocol revisions and their eras.
//!
//! Revisions are date strings (`basic/versioning.mdx`). The 2026-07-28 revision is a
//! stateless redesign (no `initialize`, no sessions, per-request `_meta`); the four before it
//! share the `initialize` handshake. This crate calls the first group *modern* and the second
//! *legacy* ([`Era`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The two families of MCP revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// `2024-11-05` to `2025-11-25`: `initialize` handshake, sessions, server-to-client requests.
    Legacy,
    /// `2026-07-28` and later: stateless, `server/discover`, per-request `_meta`.
    Modern,
}

/// A protocol revision this implementation speaks.
///
/// Ordered by date, so `v >= ProtocolVersion::V2025_06_18` asks "has this revision's features".
/// Version strings that are not listed here stay strings in the schema types (a peer may send
/// any string) and are recognised with [`ProtocolVersion::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProtocolVersion {
    /// `2024-11-05`: the first revision; HTTP+SSE transport.
    V2024_11_05,
    /// `2025-03-26`: Streamable HTTP, OAuth 2.1, JSON-RPC batches, tool annotations.
    V2025_03_26,
    /// `2025-06-18`: no batches, structured tool output, elicitation, `MCP-Protocol-Version`.
    V2025_06_18,
    /// `2025-11-25`: icons, URL elicitation, tasks, sampling with tools, SSE polling.
    V2025_11_25,
    /// `2026-07-28`: stateless; `server/discover`, `subscriptions/listen`, `InputRequiredResult`.
    V2026_07_28,
}

impl ProtocolVersion {
    /// The newest revision.
    pub const LATEST: ProtocolVersion = ProtocolVersion::V2026_07_28;
    /// The newest legacy revision, offered in `initialize` by a client.
    pub const LATEST_LEGACY: ProtocolVersion = ProtocolVersion::V2025_11_25;
    /// Every revision, oldest first.
    pub const ALL: [ProtocolVersion; 5] = [
        ProtocolVersion::V2024_11_05,
        ProtocolVersion::V2025_03_26,
        ProtocolVersion::V2025_06_18,
        ProtocolVersion::V2025_11_25,
        ProtocolVersion::V2026_07_28,
    ];

    /// The revision's date string, as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProtocolVersion::V2024_11_05 => "2024-11-05",
            ProtocolVersion::V2025_03_26 => "2025-03-26",
            ProtocolVersion::V2025_06_18 => "2025-06-18",
            ProtocolVersion::V2025_11_25 => "2025-11-25",
            ProtocolVersion::V2026_07_28 => "2026-07-28",
        }
    }

    /// Recognises a revision string; `None` for one this implementation does not speak.
    pub fn parse(s: &str) -> Option<ProtocolVersion> {
        ProtocolVersion::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The era the revision belongs to.
    pub const fn era(self) -> Era {
        match self {
            ProtocolVersion::V2026_07_28 => Era::Modern,
            _ => Era::Legacy,
        }
    }

    /// Whether this is a modern (stateless) revision.
    pub const fn is_modern(self) -> bool {
        matches!(self.era(), Era::Modern)
    }

    /// Whether JSON-RPC batches are allowed (2025-03-26 only: added there, removed in
    /// 2025-06-18 `changelog.mdx`).
    pub const fn allows_batches(self) -> bool {
        matches!(self, ProtocolVersion::V2025_03_26)
    }

    /// The batch policy for decoding bodies in this revision.
    pub const fn batch_policy(self) -> crate::codec::BatchPolicy {
        if self.allows_batches() {
            crate::codec::BatchPolicy::Allow
        } else {
            crate::codec::BatchPolicy::Reject
        }
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no known revision.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported protocol version {0:?}")]
pub struct UnknownVersion(pub String);

impl FromStr for ProtocolVersion {
    type Err = UnknownVersion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProtocolVersion::parse(s).ok_or_else(|| UnknownVersion(s.to_owned()))
    }
}

impl Serialize for ProtocolVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ProtocolVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_and_order_by_date() {
        for v in ProtocolVersion::ALL {
            assert_eq!(ProtocolVersion::parse(v.as_str()), Some(v));
        }
        assert!(ProtocolVersion::ALL.windows(2).all(|w| w[0] < w[1] && w[0].as_str() < w[1].as_str()));
        assert_eq!(ProtocolVersion::parse("2025-01-01"), None);
    }

    #[test]
    fn eras_and_batches() {
        assert_eq!(ProtocolVersion::V2026_07_28.era(), Era::Modern);
        assert!(ProtocolVersion::ALL[..4].iter().all(|v| v.era() == Era::Legacy));
        let batching: Vec<_> = ProtocolVersion::ALL.into_iter().filter(|v| v.allows_batches()).collect();
        assert_eq!(batching, [ProtocolVersion::V2025_03_26]);
    }
}
