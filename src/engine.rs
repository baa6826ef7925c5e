//! The engine: one validated rulebook and the rules that read it.

use crate::community::{
    ClassResult, DistrictInput, DistrictResult, MeetingsResult, StaffingInput, StaffingResult,
};
use crate::error::Error;
use crate::needs::{
    BatchError, ClassifyOptions, CompactNeeds, NeedOutcome, NeedResult, NeedTables,
};
use crate::rulebook::{Rulebook, Stamp};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// A rule's answer together with the stamp of the rulebook that decided it.
///
/// Serialises as the result's own fields plus `rulebook: { id, version, hash }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stamped<T> {
    /// The answer.
    #[serde(flatten)]
    pub result: T,
    /// Which rulebook decided it.
    pub rulebook: Stamp,
}

/// The answer of [`Engine::classify_needs`]: one entry per text, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedBatch {
    /// A result, or `{ error }` for a text that could not be read.
    pub results: Vec<NeedOutcome>,
}

/// What [`Engine::rulebook_info`] reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Runs the rules of one rulebook.
///
/// Cheap to clone (the rulebook is shared). Every method takes its input as JSON, exactly
/// as JavaScript callers pass it, so native, Node and browser callers get the same answers
/// and the same errors.
///
/// # Examples
/// ```
/// use shequ_rules::Engine;
/// use serde_json::json;
///
/// let engine = Engine::default();
/// let norm = engine.staffing(&json!({ "households": 3650, "residents": 11500 })).unwrap();
/// assert_eq!(norm.result.workers, 20);
/// assert_eq!(norm.rulebook.id, "shequ-default");
///
/// let err = engine.staffing(&json!({ "households": -1, "residents": 10 })).unwrap_err();
/// assert_eq!((err.code().as_str(), err.path()), ("NEGATIVE", "/households"));
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
            sections: rb.sections(),
        }
    }

    fn community(&self) -> Result<&crate::community::CommunityRules, Error> {
        self.rulebook.section(&self.rulebook.community, "community")
    }

    fn needs(&self) -> Result<&crate::needs::NeedsRules, Error> {
        self.rulebook.section(&self.rulebook.needs, "needs")
    }

    /// Categorises what a resident wrote (DOMAIN §1): category and item, or `needsHuman`;
    /// urgency 急/难/愁/盼; confidence; up to three alternatives; the evidence with JS string
    /// offsets; the handler. `options` is `null` or `{ evidence?: bool, alternatives?: 0..3 }`.
    ///
    /// # Errors
    /// `INVALID_VALUE` for an empty text, `OUT_OF_RANGE` for one longer than the rulebook's
    /// `maxTextChars`, input errors for bad options.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// use serde_json::Value;
    ///
    /// let engine = Engine::default();
    /// let need = engine.classify_need("楼道灯坏了好几天了", &Value::Null).unwrap().result;
    /// assert_eq!(need.category.unwrap().name, "基础设施");
    /// assert_eq!(need.item.unwrap().name, "修复公共区域照明设施");
    /// ```
    pub fn classify_need(&self, text: &str, options: &Value) -> Result<Stamped<NeedResult>, Error> {
        let needs = self.needs()?;
        let options = ClassifyOptions::from_value(options)?;
        needs.check_text(text, "").map_err(Error::InvalidInput)?;
        Ok(self.stamp(crate::needs::with_scratch(|s| {
            needs.classify(text, options, s)
        })))
    }

    /// Categorises many texts in one call; `None` stands for an entry that is not a string.
    /// A bad entry gets an error in its place and does not stop the batch.
    ///
    /// # Errors
    /// Only when the rulebook has no `needs` section.
    pub fn classify_needs<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<Stamped<NeedBatch>, Error> {
        let needs = self.needs()?;
        Ok(self.stamp(NeedBatch {
            results: needs.classify_batch(texts),
        }))
    }

    /// Categorises many texts into columns of small numbers (category, item, urgency,
    /// confidence, needs-human) for tens of thousands of texts at a time.
    ///
    /// # Errors
    /// Only when the rulebook has no `needs` section.
    pub fn classify_needs_compact<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<Stamped<CompactNeeds>, Error> {
        Ok(self.stamp(self.needs()?.classify_compact(texts)))
    }

    /// The labels that numeric need records index into (categories then 其他, items,
    /// urgency levels, phrases with their rules), for callers that decode records
    /// themselves — the JavaScript package does, to keep a call cheap.
    ///
    /// # Errors
    /// Only when the rulebook has no `needs` section.
    pub fn need_tables(&self) -> Result<Stamped<NeedTables>, Error> {
        Ok(self.stamp(self.needs()?.tables()))
    }

    /// [`Engine::classify_need`] as a numeric record appended to `out` (layout in the
    /// `needs` module docs of `NeedsRules::record`; labels in [`Engine::need_tables`]).
    ///
    /// # Errors
    /// As [`Engine::classify_need`].
    pub fn classify_need_record(
        &self,
        text: &str,
        options: &Value,
        out: &mut Vec<f64>,
    ) -> Result<(), Error> {
        let needs = self.needs()?;
        let options = ClassifyOptions::from_value(options)?;
        needs.check_text(text, "").map_err(Error::InvalidInput)?;
        crate::needs::with_scratch(|s| needs.record(text, options, s, out));
        Ok(())
    }

    /// [`Engine::classify_needs`] as numeric records appended to `out`, one per readable
    /// text, with default options; returns the texts that could not be read.
    ///
    /// # Errors
    /// Only when the rulebook has no `needs` section.
    pub fn classify_needs_records<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
        out: &mut Vec<f64>,
    ) -> Result<Vec<BatchError>, Error> {
        Ok(self
            .needs()?
            .records(texts, ClassifyOptions::default(), out))
    }

    fn stamp<T>(&self, result: T) -> Stamped<T> {
        Stamped {
            result,
            rulebook: self.rulebook.stamp().clone(),
        }
    }

    /// Staffing norm for one community from `{ households, residents, committeeMembers? }`
    /// (DOMAIN §6, seed 001), with the arithmetic step by step.
    ///
    /// # Errors
    /// An input error (code and path) for a missing, mistyped, negative or fractional count.
    pub fn staffing(&self, input: &Value) -> Result<Stamped<StaffingResult>, Error> {
        let community = self.community()?;
        let input = StaffingInput::from_value(input)?;
        Ok(self.stamp(community.staffing(&input)))
    }

    /// District-level check of community workers per urban residents from
    /// `{ urbanResidents, workers }` (DOMAIN §6, seed 001).
    ///
    /// # Errors
    /// An input error (code and path) for a bad count; `urbanResidents` must be ≥ 1.
    pub fn district_staffing(&self, input: &Value) -> Result<Stamped<DistrictResult>, Error> {
        let community = self.community()?;
        let input = DistrictInput::from_value(input)?;
        Ok(self.stamp(community.district(&input)))
    }

    /// Community class (示范/创优/强基) from `{ scores: { <dimension>: number } }`
    /// (DOMAIN §6, seed 001), with the reasons.
    ///
    /// # Errors
    /// An input error for a missing, unknown or out-of-range dimension score.
    pub fn community_class(&self, input: &Value) -> Result<Stamped<ClassResult>, Error> {
        let community = self.community()?;
        let input = community.class_input(input)?;
        Ok(self.stamp(community.class(&input)))
    }

    /// Meeting dates (周议事, 月联席; DOMAIN §6, seed 004) in `{ from, to }`, both inclusive
    /// `YYYY-MM-DD`.
    ///
    /// # Errors
    /// An input error for a bad date, `to` before `from`, or a range longer than the
    /// rulebook's `maxRangeDays`.
    pub fn meeting_dates(&self, input: &Value) -> Result<Stamped<MeetingsResult>, Error> {
        let community = self.community()?;
        let input = community.meeting_input(input)?;
        Ok(self.stamp(community.meetings(&input)))
    }
}
