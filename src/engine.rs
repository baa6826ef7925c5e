//! The engine: one validated rulebook and the rules that read it.
//!
//! Each family adds its rules to [`Engine`] in its own module (`src/<family>/mod.rs`), with
//! typed inputs; [`Engine::call`] runs any of them on JSON input, as JavaScript passes it.

use crate::error::{Code, Diagnostic, Error};
use crate::families::{Sections, Slot};
use crate::json_out::{JsonFields, JsonOut, ToJson};
use crate::json_value::Value;
use crate::rulebook::{Rulebook, Stamp};
use std::sync::Arc;

/// A rule's answer together with the stamp of the rulebook that decided it.
///
/// Written as JSON ([`ToJson`]) as the result's own fields plus
/// `rulebook: { id, version, hash }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped<T> {
    /// The answer.
    pub result: T,
    /// Which rulebook decided it.
    pub rulebook: Stamp,
}

impl<T: JsonFields> ToJson for Stamped<T> {
    fn write_json(&self, out: &mut JsonOut) {
        out.open();
        self.result.write_fields(out);
        out.field("\"rulebook\":", &self.rulebook);
        out.close();
    }
}

/// What [`Engine::rulebook_info`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulebookInfo {
    /// The rulebook's `id`.
    pub id: String,
    /// The rulebook's `version`.
    pub version: String,
    /// The rulebook's `name`.
    pub name: String,
    /// SHA-256 of the canonical form.
    pub hash: String,
    /// The rule-family sections the rulebook defines.
    pub sections: Vec<&'static str>,
}
crate::json_out::json_object!(RulebookInfo {
    "id" => id,
    "version" => version,
    "name" => name,
    "hash" => hash,
    "sections" => sections,
});

/// Runs the rules of one rulebook.
///
/// Cheap to clone (the rulebook is shared). Each rule takes a typed input; the JSON
/// readers of those inputs (`FromJson`) and [`Engine::call`] give native, Node and browser
/// callers the same answers and the same errors.
///
/// # Examples
/// ```
/// use shequ_rules::community::StaffingInput;
/// use shequ_rules::{Engine, FromJson};
/// use serde_json::json;
///
/// let engine = Engine::default();
/// let input = StaffingInput { households: 3650, residents: 11500, committee_members: None };
/// let norm = engine.staffing(&input).unwrap();
/// assert_eq!(norm.result.workers, 20);
/// assert_eq!(norm.rulebook.id, "shequ-default");
///
/// // The same rule on JSON input, with the error a JavaScript caller gets.
/// let err = StaffingInput::from_json(&json!({ "households": -1, "residents": 10 })).unwrap_err();
/// assert_eq!((err.code().as_str(), err.path()), ("NEGATIVE", "/households"));
/// let out = engine.call("staffing", &json!({ "households": 3650, "residents": 11500 }), &json!(null));
/// assert_eq!(out.unwrap()["workers"], 20);
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    rulebook: Arc<Rulebook>,
}

impl Default for Engine {
    /// An engine on the embedded default rulebook.
    fn default() -> Self {
        Engine {
            rulebook: Rulebook::default_rulebook(),
        }
    }
}

impl Engine {
    /// An engine on a validated rulebook.
    pub fn new(rulebook: Rulebook) -> Engine {
        Engine {
            rulebook: Arc::new(rulebook),
        }
    }

    /// An engine on a rulebook given as JSON text.
    ///
    /// # Errors
    /// [`Error::InvalidRulebook`] with every problem found.
    pub fn from_json(text: &str) -> Result<Engine, Error> {
        Rulebook::from_json(text).map(Engine::new)
    }

    /// An engine on a rulebook given as a JSON value.
    ///
    /// # Errors
    /// [`Error::InvalidRulebook`] with every problem found.
    pub fn from_value(value: &Value) -> Result<Engine, Error> {
        Rulebook::from_value(value).map(Engine::new)
    }

    /// The rulebook this engine runs.
    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    /// The rulebook's id, version, name, hash and sections.
    pub fn rulebook_info(&self) -> RulebookInfo {
        let rb = &self.rulebook;
        RulebookInfo {
            id: rb.stamp().id.clone(),
            version: rb.stamp().version.clone(),
            name: rb.name().to_string(),
            hash: rb.stamp().hash.clone(),
            sections: rb.sections().to_vec(),
        }
    }

    /// Runs the rule named `method` (its JavaScript name, e.g. `staffing`) on JSON input and
    /// returns its result as JSON — what a Node server or a test runner uses to call any rule
    /// by name. `options` is `null` unless the rule takes options (`classifyNeed`).
    ///
    /// # Errors
    /// `INVALID_VALUE` at `""` for a name no compiled family has; otherwise what the rule
    /// itself reports.
    pub fn call(&self, method: &str, input: &Value, options: &Value) -> Result<Value, Error> {
        let text = self.call_json_text(method, input, options)?;
        crate::json_text::parse(&text)
            .map(|(value, _)| value)
            .map_err(|e| Error::Internal(e.to_string()))
    }

    /// [`Engine::call`] with the result as JSON text (what the wasm skin hands to
    /// `JSON.parse`).
    ///
    /// # Errors
    /// As [`Engine::call`].
    pub fn call_json_text(
        &self,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Result<String, Error> {
        match Sections::call(self, method, input, options) {
            Some(out) => Ok(crate::json_out::text(&*out?)),
            None => Err(Error::InvalidInput(Diagnostic {
                code: Code::InvalidValue,
                path: String::new(),
                message: format!("没有名为 {method} 的规则"),
            })),
        }
    }

    /// The section of family `T` that rule `call` needs, or `SECTION_MISSING`.
    pub(crate) fn section<T: Slot>(&self, call: &str) -> Result<&T, Error> {
        self.shared_section(call).map(|a| &**a)
    }

    /// [`Engine::section`] as the rulebook shares it, for a replay that outlives the call
    /// and keeps it (an `Arc` clone, not a copy).
    pub(crate) fn shared_section<T: Slot>(&self, call: &str) -> Result<&Arc<T>, Error> {
        self.rulebook
            .get_shared::<T>()
            .ok_or_else(|| Error::section_missing(&self.rulebook.stamp().id, T::NAME, call))
    }

    /// Stamps a result with this engine's rulebook.
    pub(crate) fn stamp<T>(&self, result: T) -> Stamped<T> {
        Stamped {
            result,
            rulebook: self.rulebook.stamp().clone(),
        }
    }
}

/// A rule's result on its way to JSON text, written straight to text (no `Value` in
/// between).
pub(crate) type Output = Box<dyn ToJson>;

/// A rule's result for [`Engine::call`].
pub(crate) fn to_json<T: ToJson + 'static>(result: Result<T, Error>) -> Result<Output, Error> {
    Ok(Box::new(result?))
}
