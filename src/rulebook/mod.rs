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
//! Every result carries the rulebook's [`Stamp`]: its id, version and the SHA-256 hash of
//! its canonical form — JCS, RFC 8785 (see [`crate::canonical`]), with the optional
//! `$schema` key left out —, so re-ordering keys or re-indenting does not change the hash,
//! and JavaScript or a server can recompute it.
//!
//! Which sections a rulebook may have is the family table's business
//! ([`crate::families`]); this module reads the document around them.

use crate::canonical::canonical_hash;
use crate::error::{Code, Diagnostic, Error};
use crate::families::{Sections, Slot};
use crate::json_value::Value;
use crate::read::Reader;
use std::sync::{Arc, OnceLock};

/// The default rulebook (`src/rulebook/default.json`), as JSON text, embedded in the
/// library without its indentation and without the sections of families this build leaves
/// out.
pub const DEFAULT_RULEBOOK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default.min.json"));

/// The longest id, version or name a rulebook may have, in characters.
const MAX_LABEL_CHARS: usize = 200;

/// Which rulebook decided a result: its id, version and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The rulebook's `id`.
    pub id: String,
    /// The rulebook's `version`.
    pub version: String,
    /// Lower-case hex SHA-256 of the rulebook's canonical form.
    pub hash: String,
}
crate::json_out::json_object!(Stamp {
    "id" => id,
    "version" => version,
    "hash" => hash,
});

/// A validated rulebook, ready for an [`Engine`](crate::Engine).
#[derive(Debug, Clone)]
pub struct Rulebook {
    name: String,
    stamp: Stamp,
    sections: Sections,
    section_names: Vec<&'static str>,
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
        let (value, duplicates) = crate::json_text::parse(text).map_err(|e| {
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
        if duplicates.is_empty() {
            return Rulebook::from_value(&value);
        }
        // A key written twice is a problem of its own; the rest is still checked.
        let mut all = duplicates;
        all.extend(Rulebook::validate(&value));
        Err(Error::InvalidRulebook(all))
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

    /// The rule-family sections this rulebook defines (of the families this build
    /// includes), in table order.
    pub fn sections(&self) -> &[&'static str] {
        &self.section_names
    }

    /// The section of family `T`, if the rulebook has one.
    pub(crate) fn get<T: Slot>(&self) -> Option<&T> {
        T::get(&self.sections).map(|a| &**a)
    }

    /// The section of family `T`, shared.
    pub(crate) fn get_shared<T: Slot>(&self) -> Option<&std::sync::Arc<T>> {
        T::get(&self.sections)
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
    let sections = Sections::read(r, &mut top);
    top.finish(r);
    let stamp = Stamp {
        id: id?.to_string(),
        version: version?.to_string(),
        hash: canonical_hash(value, Some("$schema")),
    };
    let (sections, section_names) = sections?;
    Some(Rulebook {
        name: name?.to_string(),
        stamp,
        sections,
        section_names,
    })
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
        let hash = |v: &Value| canonical_hash(v, Some("$schema"));
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(hash(&a), hash(&json!({"a": 2})));
    }

    #[test]
    fn syntax_error_is_a_diagnostic() {
        let e = Rulebook::from_json("{ not json").unwrap_err();
        assert_eq!(e.code(), Code::InvalidRulebook);
        assert_eq!(e.diagnostics()[0].code, Code::Syntax);
    }
}
