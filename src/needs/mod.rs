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

mod matcher;
pub mod redact;
mod rules;

pub use rules::{
    BatchError, CompactNeeds, Evidence, EvidenceKind, NeedAlternative, NeedOutcome, NeedResult,
    NeedTables, PhraseEntry, RoleEntry, TableEntry, UrgencyResult,
};
pub(crate) use rules::{ClassifyOptions, NeedsRules, Scratch};

thread_local! {
    /// Buffers reused across single-text calls (one set per thread), so a short request
    /// allocates nothing for matching.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are already in use).
pub(crate) fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}
