//! The versioned rulebook: every number, name and threshold the rules use.
//!
//! A rulebook is one JSON document with `id`, `version`, `name` and one section per rule
//! family. The default rulebook, distilled from the seed documents (see `shared/DOMAIN.md`),
//! is embedded in the library; a community loads its own with [`Rulebook::from_json`] or
//! [`Rulebook::from_value`].
//!
//! Validation reads the whole document and reports *all* problems at once as
//! [`Diagnostic`]s, each with a stable code and a JSON pointer; keys the format does not
//! know are reported, not ignored.
//!
//! Every result carries the rulebook's [`Stamp`]: its id, version and a SHA-256 hash of a
//! canonical form (keys sorted, whole numbers written without a fraction, the optional
//! `$schema` key left out), so re-ordering keys or re-indenting does not change the hash.

use crate::community::CommunityRules;
use crate::error::{Code, Diagnostic, Error};
use crate::needs::NeedsRules;
use crate::read::Reader;
use serde::Serialize;
use serde_json::Value;
use std::sync::{Arc, OnceLock};

mod sha256;

/// The default rulebook (`src/rulebook/default.json`), as JSON text, embedded in the
/// library without its indentation.
pub const DEFAULT_RULEBOOK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.min.json"));

/// The longest id, version or name a rulebook may have, in characters.
const MAX_LABEL_CHARS: usize = 200;

/// Which rulebook decided a result: its id, version and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// The rulebook's `id`.
    pub id: String,
    /// The rulebook's `version`.
    pub version: String,
    /// Lower-case hex SHA-256 of the rulebook's canonical form.
    pub hash: String,
}

/// A validated rulebook, ready for an [`Engine`](crate::Engine).
#[derive(Debug, Clone)]
pub struct Rulebook {
    name: String,
    stamp: Stamp,
    pub(crate) community: Option<CommunityRules>,
    pub(crate) needs: Option<NeedsRules>,
    document: Value,
}

impl Rulebook {
    /// The embedded default rulebook (parsed once, then shared).
    pub fn default_rulebook() -> Arc<Rulebook> {
        static DEFAULT: OnceLock<Arc<Rulebook>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| match Rulebook::from_json(DEFAULT_RULEBOOK_JSON) {
                Ok(rb) => Arc::new(rb),
                // The embedded rulebook is checked by the test suite; reaching this is a
                // build defect, reported loudly rather than answered with made-up rules.
                Err(e) => unreachable!("embedded default rulebook is invalid: {e}"),
            })
            .clone()
    }

    /// Reads a rulebook from JSON text.
    ///
    /// # Errors
    /// [`Error::InvalidRulebook`] with a `SYNTAX` diagnostic when the text is not JSON, or
    /// with every validation problem found.
    pub fn from_json(text: &str) -> Result<Rulebook, Error> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::InvalidRulebook(vec![Diagnostic {
                code: Code::Syntax,
                path: String::new(),
                message: format!(
                    "不是有效的 JSON：第 {} 行第 {} 列：{e}",
                    e.line(),
                    e.column()
                ),
            }])
        })?;
        Rulebook::from_value(&value)
    }

    /// Reads a rulebook from a parsed JSON value.
    ///
    /// # Errors
    /// [`Error::InvalidRulebook`] listing every problem found.
    pub fn from_value(value: &Value) -> Result<Rulebook, Error> {
        let mut r = Reader::new();
        let parsed = read_rulebook(&mut r, value);
        match parsed {
            Some(rb) if !r.has_problems() => Ok(rb),
            _ => Err(Error::InvalidRulebook(r.into_diagnostics())),
        }
    }

    /// Every problem in a candidate rulebook; empty when it is valid.
    pub fn validate(value: &Value) -> Vec<Diagnostic> {
        let mut r = Reader::new();
        read_rulebook(&mut r, value);
        r.into_diagnostics()
    }

    /// The rulebook's id, version and hash.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }

    /// The rulebook's human name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The rulebook document as it was given.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The sections this rulebook defines, in format order.
    pub fn sections(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.community.is_some() {
            out.push("community");
        }
        if self.needs.is_some() {
            out.push("needs");
        }
        out
    }

    /// A section a rule needs, or an `INVALID_RULEBOOK` error naming it.
    pub(crate) fn section<'a, T>(
        &self,
        section: &'a Option<T>,
        name: &str,
    ) -> Result<&'a T, Error> {
        section.as_ref().ok_or_else(|| {
            Error::InvalidRulebook(vec![Diagnostic {
                code: Code::MissingField,
                path: format!("/{name}"),
                message: format!(
                    "规则库 {} 没有 {name} 部分，无法运行这条规则",
                    self.stamp.id
                ),
            }])
        })
    }
}

fn read_rulebook(r: &mut Reader, value: &Value) -> Option<Rulebook> {
    let mut top = r.object(value, "")?;
    if let Some((v, p)) = top.optional("$schema") {
        r.text(v, &p, 2000);
    }
    let id = top.text(r, "id", MAX_LABEL_CHARS);
    if let Some(id) = id {
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            r.report(
                Code::InvalidValue,
                &top.path_of("id"),
                "id 只能包含英文字母、数字和 - _ .",
            );
        }
    }
    let version = top.text(r, "version", MAX_LABEL_CHARS);
    let name = top.text(r, "name", MAX_LABEL_CHARS);
    let community = top
        .optional("community")
        .map(|(v, p)| r.object(v, &p).and_then(|f| CommunityRules::read(r, f)));
    let needs = top
        .optional("needs")
        .map(|(v, p)| r.object(v, &p).and_then(|f| NeedsRules::read(r, f)));
    if community.is_none() && needs.is_none() {
        r.report(
            Code::MissingField,
            "",
            "规则库至少需要一个规则部分（community、needs）",
        );
    }
    top.finish(r);
    let stamp = Stamp {
        id: id?.to_string(),
        version: version?.to_string(),
        hash: canonical_hash(value),
    };
    Some(Rulebook {
        name: name?.to_string(),
        stamp,
        community: community.map(|c| c.ok_or(())).transpose().ok()?,
        needs: needs.map(|n| n.ok_or(())).transpose().ok()?,
        document: value.clone(),
    })
}

/// SHA-256 (lower-case hex) of the canonical form of a rulebook document.
pub fn canonical_hash(value: &Value) -> String {
    let mut text = String::new();
    match value {
        Value::Object(map) if map.contains_key("$schema") => {
            let mut without_schema = map.clone();
            without_schema.remove("$schema");
            write_canonical(&Value::Object(without_schema), &mut text);
        }
        other => write_canonical(other, &mut text),
    }
    let digest = sha256::sha256(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    hex
}

/// Writes JSON with object keys sorted by code point and whole numbers without a fraction.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        // serde_json's map (without its `preserve_order` feature) iterates keys sorted.
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
                out.push_str(&format!("{}", f as i64));
            }
            _ => out.push_str(&n.to_string()),
        },
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_rulebook_is_valid() {
        let v: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON).unwrap();
        assert_eq!(Rulebook::validate(&v), vec![]);
    }

    #[test]
    fn hash_ignores_key_order_and_number_spelling() {
        let a = json!({"a": 1, "b": {"x": [1, 2.0], "y": "字"}});
        let b: Value = serde_json::from_str(r#"{"b":{"y":"字","x":[1.0,2]},"a":1.0}"#).unwrap();
        assert_eq!(canonical_hash(&a), canonical_hash(&b));
        assert_ne!(canonical_hash(&a), canonical_hash(&json!({"a": 2})));
    }

    #[test]
    fn syntax_error_is_a_diagnostic() {
        let e = Rulebook::from_json("{ not json").unwrap_err();
        assert_eq!(e.code(), Code::InvalidRulebook);
        assert_eq!(e.diagnostics()[0].code, Code::Syntax);
    }
}
