//! RFC 6570 URI templates, levels 1 and 2: expansion and matching.
//!
//! Resource templates (`server/resources.mdx` "Resource Templates") name their URIs with RFC
//! 6570 templates. This module supports the expressions of levels 1 and 2 (RFC 6570 §1.2):
//!
//! - `{var}` simple string expansion (§3.2.2): the value with every character outside
//!   `unreserved` (§1.5) percent-encoded;
//! - `{+var}` reserved expansion (§3.2.3): `reserved` characters and existing `%XX` triplets
//!   are kept;
//! - `{#var}` fragment expansion (§3.2.4): as `+`, prefixed by `#` when defined.
//!
//! Matching is the inverse used to route `resources/read`: a URI matches when some split of it
//! into literal parts and variable values reproduces it, each value drawn from the characters
//! its operator may emit; values are returned percent-decoded. Level 3 and 4 features
//! (variable lists, `:` prefixes, `*` explode, other operators) are rejected when parsing.

use std::collections::HashMap;
use std::fmt;

/// A template that is not RFC 6570 level 1 or 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid URI template {template:?}: {reason}")]
pub struct TemplateError {
    /// The template text.
    pub template: String,
    /// What is wrong with it.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Simple,
    Reserved,
    Fragment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Expression(Operator, String),
}

/// A parsed RFC 6570 level-1/2 URI template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    text: String,
    parts: Vec<Part>,
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_reserved(b: u8) -> bool {
    matches!(b, b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@')
        || matches!(b, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

fn is_var_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.contains("..")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

impl UriTemplate {
    /// Parses `template`.
    ///
    /// # Errors
    /// [`TemplateError`] for unbalanced braces, an empty or malformed variable name, or a
    /// level 3/4 feature (`,` lists, `:n` prefixes, `*` explode, operators other than `+`/`#`).
    pub fn parse(template: &str) -> Result<Self, TemplateError> {
        let err = |reason: &str| TemplateError { template: template.to_owned(), reason: reason.to_owned() };
        let mut parts = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                Some(i) if rest.as_bytes()[i] == b'}' => return Err(err("unmatched '}'")),
                Some(i) => {
                    if i > 0 {
                        parts.push(Part::Literal(rest[..i].to_owned()));
                    }
                    let close = rest[i..].find('}').ok_or_else(|| err("unclosed '{'"))? + i;
                    let body = &rest[i + 1..close];
                    let (op, name) = match body.as_bytes().first() {
                        Some(b'+') => (Operator::Reserved, &body[1..]),
                        Some(b'#') => (Operator::Fragment, &body[1..]),
                        Some(c) if !c.is_ascii_alphanumeric() && *c != b'_' => {
                            return Err(err("only the '+' and '#' operators (level 2) are supported"));
                        }
                        _ => (Operator::Simple, body),
                    };
                    if name.contains([',', ':', '*']) {
                        return Err(err("variable lists, prefixes and explode are level 3/4 features"));
                    }
                    if !is_var_name(name) {
                        return Err(err("invalid variable name"));
                    }
                    parts.push(Part::Expression(op, name.to_owned()));
                    rest = &rest[close + 1..];
                }
                None => {
                    parts.push(Part::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        }
        Ok(UriTemplate { text: template.to_owned(), parts })
    }

    /// The template text as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The variable names, in order of appearance.
    pub fn variables(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Expression(_, n) => Some(n.as_str()),
                Part::Literal(_) => None,
            })
            .collect()
    }

    /// Expands the template (RFC 6570 §3.2); an undefined variable expands to nothing.
    pub fn expand(&self, vars: &HashMap<String, String>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Expression(op, name) => {
                    let Some(value) = vars.get(name) else { continue };
                    if *op == Operator::Fragment {
                        out.push('#');
                    }
                    encode_into(&mut out, value, *op != Operator::Simple);
                }
            }
        }
        out
    }

    /// Matches `uri` against the template, returning each variable's percent-decoded value, or
    /// `None` when the URI is not an expansion of this template. Variables match at least one
    /// character (a `{#var}` may be absent altogether).
    pub fn match_uri(&self, uri: &str) -> Option<HashMap<String, String>> {
        let mut vars = HashMap::new();
        match_parts(&self.parts, uri.as_bytes(), &mut vars).then_some(vars)
    }
}

impl fmt::Display for UriTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn encode_into(out: &mut String, value: &str, allow_reserved: bool) {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let triplet = allow_reserved
            && b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_unreserved(b) || (allow_reserved && is_reserved(b)) || triplet {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
}

/// Length of the longest prefix of `s` a value of this operator can produce.
fn value_extent(s: &[u8], allow_reserved: bool) -> usize {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b == b'%'
            && s.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && s.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            i += 3;
        } else if is_unreserved(b) || (allow_reserved && is_reserved(b)) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn decode(s: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            let hex = std::str::from_utf8(&s[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn match_parts(parts: &[Part], s: &[u8], vars: &mut HashMap<String, String>) -> bool {
    let Some((first, rest)) = parts.split_first() else { return s.is_empty() };
    match first {
        Part::Literal(l) => s.starts_with(l.as_bytes()) && match_parts(rest, &s[l.len()..], vars),
        Part::Expression(op, name) => {
            let mut s = s;
            if *op == Operator::Fragment {
                match s.first() {
                    Some(b'#') => s = &s[1..],
                    _ => return match_parts(rest, s, vars),
                }
            }
            let extent = value_extent(s, *op != Operator::Simple);
            // Longest value first, then shorter ones: `{+path}` takes as much as it can while
            // the rest of the template still matches.
            for end in (1..=extent).rev() {
                if !is_boundary(s, end) {
                    continue;
                }
                let mut attempt = vars.clone();
                if match_parts(rest, &s[end..], &mut attempt)
                    && let Some(value) = decode(&s[..end])
                {
                    attempt.insert(name.clone(), value);
                    *vars = attempt;
                    return true;
                }
            }
            false
        }
    }
}

/// Whether `end` does not split a `%XX` triplet.
fn is_boundary(s: &[u8], end: usize) -> bool {
    !((end >= 1 && s[end - 1] == b'%') || (end >= 2 && s[end - 2] == b'%'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn rfc6570_level1_and_level2_expansion() {
        // RFC 6570 §1.2 examples for levels 1 and 2.
        let v = vars(&[("var", "value"), ("hello", "Hello World!"), ("path", "/foo/bar")]);
        let cases = [
            ("{var}", "value"),
            ("{hello}", "Hello%20World%21"),
            ("{+var}", "value"),
            ("{+hello}", "Hello%20World!"),
            ("{+path}/here", "/foo/bar/here"),
            ("here?ref={+path}", "here?ref=/foo/bar"),
            ("X{#var}", "X#value"),
            ("X{#hello}", "X#Hello%20World!"),
            ("X{#missing}", "X"),
        ];
        for (t, expected) in cases {
            assert_eq!(UriTemplate::parse(t).unwrap().expand(&v), expected, "{t}");
        }
    }

    #[test]
    fn matching_inverts_expansion() {
        let t = UriTemplate::parse("file:///{+path}").unwrap();
        assert_eq!(t.match_uri("file:///a/b%20c.txt"), Some(vars(&[("path", "a/b c.txt")])));
        let t = UriTemplate::parse("users://{id}/profile").unwrap();
        assert_eq!(t.match_uri("users://42/profile"), Some(vars(&[("id", "42")])));
        assert_eq!(t.match_uri("users://4/2/profile"), None, "simple values exclude '/'");
        assert_eq!(t.match_uri("users:///profile"), None, "values are not empty");
        assert_eq!(t.match_uri("users://42/profile/x"), None);
        let t = UriTemplate::parse("db://{table}/{row}{#frag}").unwrap();
        assert_eq!(t.match_uri("db://t/7"), Some(vars(&[("table", "t"), ("row", "7")])));
        assert_eq!(t.match_uri("db://t/7#top"), Some(vars(&[("table", "t"), ("row", "7"), ("frag", "top")])));
        let round = UriTemplate::parse("x://{a}/{+b}").unwrap();
        let v = vars(&[("a", "hé llo"), ("b", "p/q r")]);
        assert_eq!(round.match_uri(&round.expand(&v)), Some(v));
    }

    #[test]
    fn rejects_other_levels_and_bad_syntax() {
        for bad in ["{a,b}", "{a:3}", "{a*}", "{?q}", "{/p}", "{}", "{a", "a}", "{.a}", "{a..b}"] {
            assert!(UriTemplate::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(UriTemplate::parse("a{b}c{+d}").unwrap().variables(), ["b", "d"]);
    }
}
