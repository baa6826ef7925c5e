//! Categorising one text: find the phrases, count them (longest phrase at the leftmost
//! free position per family; negation, salutations and the subject line applied), score the
//! items and categories, and decide — a category and item, 其他, or a person should look —
//! with the urgency 急/难/愁/盼 from cues or the item's default.

use super::matcher::{Hit, CLAUSE_END, SENTENCE_END};
use super::section::{Target, FAMILIES, MAX_ALTERNATIVES};
use super::NeedsRules;
use crate::error::{Code, Diagnostic, Error};
use crate::json_value::Value;
use crate::label::Named;
use crate::read::{FromJson, Reader};

/// Options of [`Engine::classify_need`](crate::Engine::classify_need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassifyOptions {
    /// List the evidence (default true).
    pub evidence: bool,
    /// How many alternatives to list, 0–3 (default 3).
    pub alternatives: usize,
}

impl Default for ClassifyOptions {
    fn default() -> Self {
        ClassifyOptions {
            evidence: true,
            alternatives: MAX_ALTERNATIVES,
        }
    }
}

impl FromJson for ClassifyOptions {
    /// Reads `{ evidence?: boolean, alternatives?: 0..3 }` (paths under `/options`); `null`
    /// means the defaults.
    fn from_json(v: &Value) -> Result<Self, Error> {
        let mut out = ClassifyOptions::default();
        if v.is_null() {
            return Ok(out);
        }
        let mut r = Reader::new();
        if let Some(mut f) = r.object(v, "/options") {
            if let Some(b) = f.optional("evidence").and_then(|(v, p)| r.boolean(v, &p)) {
                out.evidence = b;
            }
            if let Some((v, p)) = f.optional("alternatives") {
                if let Some(n) = r.integer(v, &p, 0, MAX_ALTERNATIVES as u64) {
                    out.alternatives = n as usize;
                }
            }
            f.finish(&mut r);
        }
        r.finish_input(Some(out))
    }
}

/// Why a phrase is in the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    /// A phrase of a category item.
    Item,
    /// A phrase of a category as a whole (no listed item fits it).
    Category,
    /// A phrase pointing outside community governance (其他).
    OutOfScope,
    /// An urgency cue.
    Urgency,
    /// A negation cue; the next phrase in its window was not counted.
    Negation,
    /// A sign of an emergency.
    Emergency,
    /// A salutation; the addressee it marks was not counted.
    Greeting,
    /// A phrase the rulebook says to ignore.
    Ignore,
}
crate::json_out::json_enum!(EvidenceKind {
    Item => "item",
    Category => "category",
    OutOfScope => "outOfScope",
    Urgency => "urgency",
    Negation => "negation",
    Emergency => "emergency",
    Greeting => "greeting",
    Ignore => "ignore",
});

/// One phrase found in the text and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The phrase as written in the rulebook.
    pub phrase: String,
    /// Start as a JavaScript string index (UTF-16 code units): `text.slice(start, end)`.
    pub start: u32,
    /// End (exclusive), as a JavaScript string index.
    pub end: u32,
    /// What kind of rule fired.
    pub kind: EvidenceKind,
    /// The item or urgency code it counts for, if any.
    pub target: Option<String>,
    /// JSON pointer of the rule in the rulebook.
    pub rule: String,
    /// Weight it added (after the subject multiplier); 0 when not counted.
    pub weight: f64,
    /// Stood in the subject line.
    pub in_subject: bool,
    /// Not counted: a negation cue precedes it, or it names a salutation's addressee.
    pub discounted: bool,
}
crate::json_out::json_object!(Evidence {
    "phrase" => phrase,
    "start" => start,
    "end" => end,
    "kind" => kind,
    "target" => target if some,
    "rule" => rule,
    "weight" => weight,
    "inSubject" => in_subject,
    "discounted" => discounted if set,
});

/// A runner-up category.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedAlternative {
    /// The category (or 其他).
    pub category: Named,
    /// Its best item, if any.
    pub item: Option<Named>,
    /// Its score.
    pub score: f64,
}
crate::json_out::json_object!(NeedAlternative {
    "category" => category,
    "item" => item,
    "score" => score,
});

/// The urgency 急/难/愁/盼 of a need.
#[derive(Debug, Clone, PartialEq)]
pub struct UrgencyResult {
    /// Level code (e.g. `ji`).
    pub code: String,
    /// Level name (e.g. 急).
    pub name: String,
    /// `cue` when urgency cues in the text decided it, `default` when it is the item's default.
    pub source: &'static str,
}
crate::json_out::json_object!(UrgencyResult {
    "code" => code,
    "name" => name,
    "source" => source,
});

/// An emergency (燃气泄漏, 火情, 有人摔倒起不来…) read from the text apart from its category:
/// whom to call now and what to do first.
#[derive(Debug, Clone, PartialEq)]
pub struct EmergencyResult {
    /// Kind code (e.g. `gas`).
    pub code: String,
    /// Kind name (e.g. 燃气泄漏).
    pub name: String,
    /// Numbers to call, most urgent first (e.g. 119).
    pub call: Vec<String>,
    /// What to do first, for the resident and the worker who reads it.
    pub instruction: String,
}
crate::json_out::json_object!(EmergencyResult {
    "code" => code,
    "name" => name,
    "call" => call,
    "instruction" => instruction,
});

/// How one text was categorised.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedResult {
    /// The category, 其他 (`other`) when clearly outside community governance, or `null`
    /// when a person should look.
    pub category: Option<Named>,
    /// The item within the category.
    pub item: Option<Named>,
    /// Nothing convincing: a person should look (see `alternatives`).
    pub needs_human: bool,
    /// Confident enough to route without a look: not `needsHuman` and `confidence` at least
    /// the rulebook's `decision.autoRouteConfidence` (chosen on held-out folds for ≥ 95 %
    /// right; `tests/eval-needs.mjs` measures it).
    pub auto_route: bool,
    /// 急/难/愁/盼.
    pub urgency: Option<UrgencyResult>,
    /// An emergency to act on now, decided before and apart from the category; `null` when
    /// the text shows none.
    pub emergency: Option<EmergencyResult>,
    /// 0–1: `top / (top + second + prior)`, three decimals.
    pub confidence: f64,
    /// The winning score.
    pub score: f64,
    /// Runner-ups (and, when a person should look, the best guesses).
    pub alternatives: Vec<NeedAlternative>,
    /// Every phrase found and what it did.
    pub evidence: Vec<Evidence>,
    /// Who handles it.
    pub handler: Option<String>,
}
crate::json_out::json_object!(NeedResult {
    "category" => category,
    "item" => item,
    "needsHuman" => needs_human,
    "autoRoute" => auto_route,
    "urgency" => urgency,
    "emergency" => emergency,
    "confidence" => confidence,
    "score" => score,
    "alternatives" => alternatives,
    "evidence" => evidence,
    "handler" => handler,
});

/// One text of a batch: its result, or why it could not be read.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub(super) symbols: Vec<u16>,
    pub(super) offsets: Vec<u32>,
    pub(super) hits: Vec<Hit>,
    pub(super) counted: Vec<Counted>,
    pub(super) item_scores: Vec<f64>,
    pub(super) category_scores: Vec<f64>,
    pub(super) record: Vec<f64>,
    pub(super) urgency_scores: Vec<f64>,
    pub(super) emergency_scores: Vec<f64>,
    /// Occurrences so far of each phrase (see [`NeedsRules::weigh_repeats`]); all zero
    /// between texts.
    pub(super) occurrences: Vec<u16>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    pub(super) hit: Hit,
    /// Index of the role within the phrase.
    pub(super) role: u8,
    pub(super) weight: f64,
    pub(super) in_subject: bool,
    pub(super) discounted: bool,
}

/// Where the scan stands in the text's clauses (see [`NeedsRules::count`]).
#[derive(Debug, Default)]
pub(super) struct ClauseState {
    /// Characters before this have been checked for delimiters.
    cursor: usize,
    /// The last delimiter before `cursor`.
    last_delimiter: Option<usize>,
    /// End of the last negation cue still waiting for its phrase, per family.
    negation: [Option<u32>; FAMILIES],
    /// End of the last not-now cue still waiting for its emergency phrase.
    not_now: Option<u32>,
    /// Category phrases starting before this are in a clause opened by a salutation.
    void_until: usize,
    /// Counted entries before this index were already handled by a trailing salutation.
    greeting_floor: usize,
}

/// The decision before it is dressed as a result.
#[derive(Debug, Clone, Copy)]
pub(super) struct Verdict {
    /// Ranked candidates: category index, or `categories.len()` for 其他; with scores.
    pub(super) ranked: [(usize, f64); 4],
    pub(super) ranked_len: usize,
    pub(super) needs_human: bool,
    pub(super) confidence: f64,
    pub(super) item: Option<usize>,
    pub(super) urgency: Option<(usize, bool)>,
    /// The emergency kind, if any.
    pub(super) emergency: Option<usize>,
}

pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl NeedsRules {
    /// Checks one text: not empty (after trimming), not longer than `maxTextChars`.
    pub(super) fn check_text(&self, text: &str, path: &str) -> Result<(), Diagnostic> {
        let diagnostic = |code, message: String| Diagnostic {
            code,
            path: path.to_string(),
            message,
        };
        if text.trim().is_empty() {
            return Err(diagnostic(Code::InvalidValue, "诉求文本为空".to_string()));
        }
        // Byte length bounds the character count from above and below: only count when needed.
        if text.len() > self.max_text_chars {
            let n = text.chars().count();
            if n > self.max_text_chars {
                return Err(diagnostic(
                    Code::OutOfRange,
                    format!("诉求文本过长：{n} 个字，最多 {} 个", self.max_text_chars),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn verdict(&self, text: &str, s: &mut Scratch, evidence: bool) -> Verdict {
        self.trie
            .alphabet()
            .encode(text, &mut s.symbols, evidence.then_some(&mut s.offsets));
        s.counted.clear();
        s.hits.clear();
        let hits = &mut s.hits;
        self.trie.scan(&s.symbols, |h| hits.push(h));

        // Per family (category phrases; urgency cues; emergencies), the longest phrase at the
        // leftmost free position counts. Hits come by start, shortest first. (Tables are
        // read through slices, which index without a helper call.)
        let hit_list = std::mem::take(&mut s.hits);
        let hits: &[Hit] = &hit_list;
        let mut free = [0u32; FAMILIES];
        let mut clauses = ClauseState::default();
        let mut i = 0;
        while i < hits.len() {
            let start = hits[i].start;
            let mut best: [Option<(Hit, u8)>; FAMILIES] = [None; FAMILIES];
            while i < hits.len() && hits[i].start == start {
                let hit = hits[i];
                let roles: &[super::section::Role] = &self.phrases[hit.phrase as usize].roles;
                let mut ri = 0;
                while ri < roles.len() {
                    let family = roles[ri].target.family();
                    if start >= free[family] {
                        best[family] = Some((hit, ri as u8));
                    }
                    ri += 1;
                }
                i += 1;
            }
            for (family, slot) in best.into_iter().enumerate() {
                if let Some((hit, role)) = slot {
                    free[family] = hit.end;
                    self.count(hit, role, &mut clauses, s);
                }
            }
        }
        s.hits = hit_list;
        self.weigh_subject(s);
        self.weigh_repeats(s);

        // Scores.
        s.item_scores.clear();
        s.item_scores.resize(self.items.len(), 0.0);
        s.urgency_scores.clear();
        s.urgency_scores.resize(self.urgencies.len(), 0.0);
        s.emergency_scores.clear();
        s.emergency_scores.resize(self.emergencies.len(), 0.0);
        let mut other_score = 0.0;
        s.category_scores.clear();
        s.category_scores.resize(self.categories.len(), 0.0);
        let (item_scores, category_scores, urgency_scores, emergency_scores): (
            &mut [f64],
            &mut [f64],
            &mut [f64],
            &mut [f64],
        ) = (
            &mut s.item_scores,
            &mut s.category_scores,
            &mut s.urgency_scores,
            &mut s.emergency_scores,
        );
        let counted: &[Counted] = &s.counted;
        for c in counted.iter().filter(|c| !c.discounted) {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            match role.target {
                Target::Item(i) => item_scores[usize::from(i)] += c.weight,
                Target::Category(k) => category_scores[usize::from(k)] += c.weight,
                Target::OutOfScope => other_score += c.weight,
                Target::Urgency(u) => urgency_scores[usize::from(u)] += c.weight,
                Target::Emergency(k) => emergency_scores[usize::from(k)] += c.weight,
                _ => {}
            }
        }
        // The emergency is read apart from the category: the kind with the most weight (the
        // first on a tie) once it reaches the rulebook's score.
        let mut emergency: Option<usize> = None;
        for (k, &score) in s.emergency_scores.iter().enumerate() {
            if score > 0.0
                && score >= self.emergency_min_score
                && emergency.is_none_or(|e| score > s.emergency_scores[e])
            {
                emergency = Some(k);
            }
        }
        let mut best = [(usize::MAX, 0.0f64); 4];
        let mut consider = |idx: usize, score: f64| {
            if score <= 0.0 {
                return;
            }
            for k in 0..best.len() {
                if best[k].0 == usize::MAX || score > best[k].1 {
                    best[k..].rotate_right(1);
                    best[k] = (idx, score);
                    return;
                }
            }
        };
        for (ci, c) in self.categories.iter().enumerate() {
            consider(
                ci,
                s.category_scores[ci] + s.item_scores[c.items.clone()].iter().sum::<f64>(),
            );
        }
        consider(self.categories.len(), other_score);
        let ranked_len = best.iter().take_while(|b| b.0 != usize::MAX).count();
        let top = if ranked_len > 0 { best[0].1 } else { 0.0 };
        let second = if ranked_len > 1 { best[1].1 } else { 0.0 };
        let confidence = if top > 0.0 {
            top / (top + second + self.prior)
        } else {
            0.0
        };
        let needs_human =
            ranked_len == 0 || top < self.min_score || confidence < self.min_confidence;
        let item = if needs_human {
            None
        } else {
            self.best_item(best[0].0, &s.item_scores)
        };
        // The default: the item's, else (filed under a category but none of its items) the
        // category's.
        let default = match item {
            Some(i) => Some(self.items[i].urgency),
            None if !needs_human => self.categories.get(best[0].0).and_then(|c| c.urgency),
            None => None,
        };
        let cue = self
            .urgencies
            .iter()
            .zip(&s.urgency_scores)
            .position(|(level, &score)| {
                score > 0.0
                    && score >= level.min_score
                    && !(level.yields_to_default && default.is_some())
            });
        let urgency = match (cue, default) {
            (Some(level), _) => Some((level, true)),
            (None, Some(level)) => Some((level, false)),
            (None, None) => None,
        };
        Verdict {
            ranked: best,
            ranked_len,
            needs_human,
            confidence: round3(confidence),
            item,
            urgency,
            emergency,
        }
    }

    /// Records one phrase that counts for its family, applying negation and greetings.
    /// Clause boundaries are tracked with cursors that only move forward, so a text costs
    /// time linear in its length however many greetings or cues it holds.
    fn count(&self, hit: Hit, role_index: u8, st: &mut ClauseState, s: &mut Scratch) {
        let symbols: &[u16] = &s.symbols;
        let role = &self.phrases[hit.phrase as usize].roles[usize::from(role_index)];
        let is_delimiter = |x: u16| x == CLAUSE_END || x == SENTENCE_END;
        let start = hit.start as usize;
        // Last delimiter before this phrase.
        while st.cursor < start {
            if is_delimiter(symbols[st.cursor]) {
                st.last_delimiter = Some(st.cursor);
            }
            st.cursor += 1;
        }
        let clause_start = st.last_delimiter.map_or(0, |p| p + 1);
        let family = role.target.family();
        let counts_for_something = matches!(
            role.target,
            Target::Item(_)
                | Target::Category(_)
                | Target::OutOfScope
                | Target::Urgency(_)
                | Target::Emergency(_)
        );
        let mut discounted = false;
        if counts_for_something {
            // A negation cue reaches the next phrase of each family within the window, in
            // the same clause.
            if let Some(end) = st.negation[family].take() {
                discounted = end as usize >= clause_start
                    && end <= hit.start
                    && (hit.start - end) as usize <= self.negation_window;
            }
            // Inside the rest of a clause opened by a salutation.
            if family == 0 && start < st.void_until {
                discounted = true;
            }
            // A not-now cue reaches the next emergency phrase the same way.
            let not_now = match role.target {
                Target::Emergency(_) => st.not_now.take(),
                _ => None,
            };
            if let Some(end) = not_now {
                discounted |= end as usize >= clause_start
                    && end <= hit.start
                    && (hit.start - end) as usize <= self.not_now_window;
            }
        }
        match role.target {
            Target::Negation => st.negation = [Some(hit.end); FAMILIES],
            // Emergency cues and near misses stay out of the evidence: the emergency phrase
            // they discount shows as `discounted`, and 没 or 以前 alone explain nothing.
            Target::NotNow => {
                st.not_now = Some(hit.end);
                return;
            }
            Target::EmergencyIgnore => return,
            Target::GreetingTrailing => {
                // What precedes it in its clause (not yet discounted by an earlier one).
                let floor = st.greeting_floor;
                for c in s.counted[floor..].iter_mut().rev() {
                    if (c.hit.start as usize) < clause_start {
                        break;
                    }
                    c.discounted = true;
                }
                st.greeting_floor = s.counted.len() + 1;
            }
            Target::GreetingLeading => {
                let from = hit.end as usize;
                if from >= st.void_until {
                    st.void_until = symbols[from..]
                        .iter()
                        .position(|&x| is_delimiter(x))
                        .map_or(symbols.len(), |p| from + p);
                }
            }
            _ => {}
        }
        s.counted.push(Counted {
            hit,
            role: role_index,
            weight: role.weight,
            in_subject: false,
            discounted,
        });
    }

    /// A category phrase's second occurrence weighs `decision.repeatFactor` times its
    /// first, the third that again, and so on: a long letter that repeats 幼儿园 nine times
    /// is not nine times about a kindergarten. The first occurrence keeps its full weight (and
    /// the subject line's multiplier when it stands there).
    fn weigh_repeats(&self, s: &mut Scratch) {
        if self.repeat_factor >= 1.0 {
            return;
        }
        if s.occurrences.len() < self.phrases.len() {
            s.occurrences.resize(self.phrases.len(), 0);
        }
        for c in s.counted.iter_mut().filter(|c| !c.discounted) {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            if !matches!(
                role.target,
                Target::Item(_) | Target::Category(_) | Target::OutOfScope
            ) {
                continue;
            }
            let seen = &mut s.occurrences[c.hit.phrase as usize];
            if *seen > 0 {
                c.weight *= self.repeat_factor.powi(i32::from(*seen));
            }
            *seen = seen.saturating_add(1);
        }
        for c in &s.counted {
            s.occurrences[c.hit.phrase as usize] = 0;
        }
    }

    /// The subject line is the first sentence that says something — the first with a
    /// counted category phrase, so an opening salutation (尊敬的领导：您好！) is passed over —
    /// up to `subject.maxChars` characters. Its category phrases weigh `subject.weight` times.
    fn weigh_subject(&self, s: &mut Scratch) {
        let first = s.counted.iter().find(|c| {
            !c.discounted
                && matches!(
                    self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)].target,
                    Target::Item(_) | Target::Category(_) | Target::OutOfScope
                )
        });
        let Some(first) = first else { return };
        let at = first.hit.start as usize;
        let start = s.symbols[..at]
            .iter()
            .rposition(|&x| x == SENTENCE_END)
            .map_or(0, |p| p + 1);
        let end = s.symbols[at..]
            .iter()
            .position(|&x| x == SENTENCE_END)
            .map_or(s.symbols.len(), |p| at + p)
            .min(start.saturating_add(self.subject_max_chars));
        for c in &mut s.counted {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            if (start..end).contains(&(c.hit.start as usize)) && role.target.family() == 0 {
                c.in_subject = true;
                c.weight *= self.subject_weight;
            }
        }
    }

    pub(super) fn candidate_label(&self, idx: usize) -> Named {
        match self.categories.get(idx) {
            Some(c) => c.label.clone(),
            None => self.out_of_scope.clone(),
        }
    }

    /// The highest-scoring item of a category (the first on a tie), if any scored.
    pub(super) fn best_item(&self, category: usize, scores: &[f64]) -> Option<usize> {
        let c = self.categories.get(category)?;
        let mut best: Option<usize> = None;
        for i in c.items.clone() {
            if scores[i] > 0.0 && best.is_none_or(|b| scores[i] > scores[b]) {
                best = Some(i);
            }
        }
        best
    }

    /// Categorises one text (already checked with [`NeedsRules::check_text`]).
    pub(super) fn classify(
        &self,
        text: &str,
        options: ClassifyOptions,
        s: &mut Scratch,
    ) -> NeedResult {
        let mut rec = std::mem::take(&mut s.record);
        rec.clear();
        self.record(text, options, s, &mut rec);
        let (result, _) = self.decode(&rec);
        s.record = rec;
        result
    }
}
