//! The engine: one validated rulebook and the rules that read it.

use crate::community::{
    ClassResult, DistrictInput, DistrictResult, MeetingsResult, StaffingInput, StaffingResult,
};
use crate::error::Error;
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
        let input = StaffingInput::from_value(input)?;
        Ok(self.stamp(self.rulebook.community.staffing(&input)))
    }

    /// District-level check of community workers per urban residents from
    /// `{ urbanResidents, workers }` (DOMAIN §6, seed 001).
    ///
    /// # Errors
    /// An input error (code and path) for a bad count; `urbanResidents` must be ≥ 1.
    pub fn district_staffing(&self, input: &Value) -> Result<Stamped<DistrictResult>, Error> {
        let input = DistrictInput::from_value(input)?;
        Ok(self.stamp(self.rulebook.community.district(&input)))
    }

    /// Community class (示范/创优/强基) from `{ scores: { <dimension>: number } }`
    /// (DOMAIN §6, seed 001), with the reasons.
    ///
    /// # Errors
    /// An input error for a missing, unknown or out-of-range dimension score.
    pub fn community_class(&self, input: &Value) -> Result<Stamped<ClassResult>, Error> {
        let community = &self.rulebook.community;
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
        let community = &self.rulebook.community;
        let input = community.meeting_input(input)?;
        Ok(self.stamp(community.meetings(&input)))
    }
}
