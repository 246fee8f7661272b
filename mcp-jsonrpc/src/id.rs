//! Request identifiers.
//!
//! JSON-RPC 2.0 (§4) lets a request id be a string, a number or null; MCP narrows it to a
//! string or an integer and forbids null (`RequestId` in every revision's `schema.ts`;
//! 2026-07-28 `basic/index.mdx` "Requests"). Fractional numbers are rejected too.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON-RPC request id as MCP allows it: an integer or a string, never null.
///
/// Ids compare by JSON value: the integer `1` and the string `"1"` are different ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestId {
    /// An integer id (JSON number without fraction or exponent, within `i64`).
    Number(i64),
    /// A string id.
    String(String),
}

impl RequestId {
    /// Returns the integer, when this is an integer id.
    pub fn as_number(&self) -> Option<i64> {
        match self {
            RequestId::Number(n) => Some(*n),
            RequestId::String(_) => None,
        }
    }

    /// Returns the string, when this is a string id.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            RequestId::Number(_) => None,
            RequestId::String(s) => Some(s),
        }
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestId::Number(n) => write!(f, "{n}"),
            RequestId::String(s) => write!(f, "{s:?}"),
        }
    }
}

impl From<i64> for RequestId {
    fn from(n: i64) -> Self {
        RequestId::Number(n)
    }
}

impl From<String> for RequestId {
    fn from(s: String) -> Self {
        RequestId::String(s)
    }
}

impl From<&str> for RequestId {
    fn from(s: &str) -> Self {
        RequestId::String(s.to_owned())
    }
}

impl Serialize for RequestId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RequestId::Number(n) => serializer.serialize_i64(*n),
            RequestId::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for RequestId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = RequestId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer request id")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RequestId, E> {
                Ok(RequestId::Number(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RequestId, E> {
                i64::try_from(v)
                    .map(RequestId::Number)
                    .map_err(|_| E::custom("request id integer is out of range"))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RequestId, E> {
                Err(E::custom("request id must be an integer or a string, not a fraction"))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RequestId, E> {
                Ok(RequestId::String(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<RequestId, E> {
                Ok(RequestId::String(v))
            }

            fn visit_unit<E: de::Error>(self) -> Result<RequestId, E> {
                Err(E::custom("request id must not be null"))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_and_string_ids_round_trip() {
        for text in ["1", "-7", "\"abc\"", "\"1\"", "9223372036854775807"] {
            let id: RequestId = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), text);
        }
    }

    #[test]
    fn null_fraction_and_overflow_are_rejected() {
        for text in ["null", "1.5", "1e3", "18446744073709551615", "true", "[]", "{}"] {
            assert!(serde_json::from_str::<RequestId>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn number_and_string_differ() {
        assert_ne!(RequestId::from(1), RequestId::from("1"));
    }
}
