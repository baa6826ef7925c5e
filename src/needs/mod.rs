//! Needs (诉求/需求): categorise what residents write into the 11 categories and their items
//! (`shared/DOMAIN.md` §1, seed 000), with urgency 急/难/愁/盼 (seed 003), evidence and
//! routing.
//!
//! Everything the categoriser knows is the rulebook section `needs`: the categories and
//! items with the phrases residents use and their weights, the handler of each, phrases
//! that point outside community governance (其他), phrases that must not count (greetings,
//! negation cues, ignored phrases), urgency cues, and the thresholds for handing a message to
//! a person. The traps of DOMAIN §1 are data too: `楼道灯` is a longer phrase of the lighting
//! item, and the longest phrase at a position wins, so 楼道 (clutter) does not fire inside it;
//! `养老保险` is a phrase of the rights category, so 养老 (elderly care) does not fire in it.
//!
//! Scoring: each counted phrase adds its weight to its item (and so to its category),
//! multiplied by the subject weight when it stands in the subject line (the
//! first sentence that says something — the labelling guide files a message by its subject).
//! A phrase is not counted when it is the next one after a negation cue (不是, 并非…) within the
//! negation window in the same clause, or when it names the addressee of a salutation (the
//! rest of the clause after 尊敬的, the part of the clause before 您好). The category
//! with the highest score wins when its score reaches `minScore` and its confidence
//! `top / (top + second + prior)` reaches `minConfidence`; otherwise the message goes to a
//! person (`needsHuman`) with the best guesses as alternatives.
//!
//! Files: `section` reads the rulebook section (`emergency` its emergency rules), `matcher`
//! finds phrases, `classify` scores and decides, [`record`] lays results out as numbers,
//! `batch` runs many texts.

mod batch;
mod classify;
mod emergency;
mod matcher;
pub mod record;
mod section;

pub use batch::{BatchError, CompactNeeds, NeedBatch, NeedOutcome};
pub use classify::{
    ClassifyOptions, EmergencyResult, Evidence, EvidenceKind, NeedAlternative, NeedResult,
    UrgencyResult,
};
pub use record::{NeedTables, PhraseEntry, RoleEntry, TableEntry};
pub use section::NeedsRules;

use crate::engine::{Engine, Output};
use crate::error::Error;
use crate::families::Section;
use crate::json_value::Value;
use crate::read::{Fields, Reader};
use crate::Stamped;
use classify::Scratch;

thread_local! {
    /// Buffers reused across single-text calls (one set per thread), so a short request
    /// allocates nothing for matching.
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers: taken out of the cell for the call and put
/// back after it, so a nested call finds the cell empty and uses fresh ones. `try_with`, not
/// `with`: `with` panics when the thread's storage is gone, and its panic message brings
/// `Debug` formatting into the module.
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    let mut scratch = SCRATCH.try_with(std::cell::Cell::take).unwrap_or_default();
    let out = f(&mut scratch);
    let _ = SCRATCH.try_with(|cell| cell.set(scratch));
    out
}

/// The texts of a JSON batch: strings as `Some`, any other entry `None`.
#[cfg(not(target_arch = "wasm32"))]
fn batch_texts(input: &Value) -> Result<Vec<Option<&str>>, Error> {
    match input {
        Value::Array(items) => Ok(items.iter().map(Value::as_str).collect()),
        _ => Err(Error::wrong_type("", "字符串数组")),
    }
}

impl Section for NeedsRules {
    fn read(r: &mut Reader, f: Fields<'_>) -> Option<NeedsRules> {
        NeedsRules::read(r, f)
    }

    /// The wasm skin passes need results as numeric records (`src/wasm/needs.rs`), so the
    /// JSON forms are compiled for native callers only and cost the wasm module nothing.
    #[cfg(target_arch = "wasm32")]
    fn call(_: &Engine, _: &str, _: &Value, _: &Value) -> Option<Result<Output, Error>> {
        None
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn call(
        e: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>> {
        use crate::engine::to_json;
        use crate::read::FromJson;
        Some(match method {
            "classifyNeed" => {
                let text = input
                    .as_str()
                    .ok_or_else(|| Error::wrong_type("", "字符串"));
                to_json(text.and_then(|t| {
                    let options = ClassifyOptions::from_json(options)?;
                    e.classify_need(t, options)
                }))
            }
            "classifyNeeds" => to_json(batch_texts(input).and_then(|t| e.classify_needs(t))),
            "classifyNeedsCompact" => {
                to_json(batch_texts(input).and_then(|t| e.classify_needs_compact(t)))
            }
            _ => return None,
        })
    }
}

impl Engine {
    fn needs(&self, call: &str) -> Result<&NeedsRules, Error> {
        self.section::<NeedsRules>(call)
    }

    /// Categorises what a resident wrote (DOMAIN §1): category and item, or `needsHuman`;
    /// urgency 急/难/愁/盼; confidence; up to three alternatives; the evidence with JS string
    /// offsets; the handler.
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `needs` section; `INVALID_VALUE` for an empty text,
    /// `OUT_OF_RANGE` for one longer than the rulebook's `maxTextChars`.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::{needs::ClassifyOptions, Engine};
    ///
    /// let engine = Engine::default();
    /// let need = engine.classify_need("楼道灯坏了好几天了", ClassifyOptions::default()).unwrap().result;
    /// assert_eq!(need.category.unwrap().name, "基础设施");
    /// assert_eq!(need.item.unwrap().name, "修复公共区域照明设施");
    /// ```
    pub fn classify_need(
        &self,
        text: &str,
        options: ClassifyOptions,
    ) -> Result<Stamped<NeedResult>, Error> {
        let needs = self.needs("classifyNeed")?;
        needs.check_text(text, "").map_err(Error::InvalidInput)?;
        Ok(self.stamp(with_scratch(|s| needs.classify(text, options, s))))
    }

    /// Categorises many texts in one call; `None` stands for an entry that is not a string.
    /// A bad entry gets an error in its place and does not stop the batch.
    ///
    /// # Errors
    /// Only `SECTION_MISSING`.
    pub fn classify_needs<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<Stamped<NeedBatch>, Error> {
        let needs = self.needs("classifyNeeds")?;
        Ok(self.stamp(needs.classify_batch(texts, ClassifyOptions::default())))
    }

    /// Categorises many texts into columns of small numbers (category, item, urgency,
    /// confidence, needs-human) for tens of thousands of texts at a time.
    ///
    /// # Errors
    /// Only `SECTION_MISSING`.
    pub fn classify_needs_compact<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<Stamped<CompactNeeds>, Error> {
        let needs = self.needs("classifyNeedsCompact")?;
        Ok(self.stamp(needs.classify_compact(texts)))
    }

    /// The labels that numeric need records index into (categories then 其他, items,
    /// urgency levels, phrases with their rules) and the record layout, for callers that
    /// decode records themselves — the JavaScript package does, to keep a call cheap.
    ///
    /// # Errors
    /// Only `SECTION_MISSING`.
    pub fn need_tables(&self) -> Result<Stamped<NeedTables>, Error> {
        self.need_tables_for("needTables")
    }

    /// [`Engine::need_tables`] on behalf of rule `call` (named in a `SECTION_MISSING` error).
    ///
    /// # Errors
    /// Only `SECTION_MISSING`.
    pub fn need_tables_for(&self, call: &str) -> Result<Stamped<NeedTables>, Error> {
        Ok(self.stamp(self.needs(call)?.tables()))
    }

    /// [`Engine::classify_need`] as a numeric record appended to `out` (see [`record`]).
    ///
    /// # Errors
    /// As [`Engine::classify_need`].
    pub fn classify_need_record(
        &self,
        text: &str,
        options: ClassifyOptions,
        out: &mut Vec<f64>,
    ) -> Result<(), Error> {
        let needs = self.needs("classifyNeed")?;
        needs.check_text(text, "").map_err(Error::InvalidInput)?;
        with_scratch(|s| needs.record(text, options, s, out));
        Ok(())
    }

    /// Many texts as numeric records appended to `out`, one per readable text; returns the
    /// texts that could not be read, by index.
    ///
    /// # Errors
    /// Only `SECTION_MISSING`.
    pub fn classify_needs_records<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
        options: ClassifyOptions,
        out: &mut Vec<f64>,
    ) -> Result<Vec<BatchError>, Error> {
        Ok(self.needs("classifyNeeds")?.records(texts, options, out))
    }
}
