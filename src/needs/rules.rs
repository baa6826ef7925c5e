//! The `needs` rulebook section and the categoriser that runs it.

use super::matcher::{Hit, Trie, CLAUSE_END, SENTENCE_END};
use crate::error::{Code, Diagnostic, Error};
use crate::read::{child, index, read_list, read_named, Fields, Named, Reader, MAX_NAME_CHARS};
use serde::Serialize;
use serde_json::Value;

/// Longest phrase, in characters.
const MAX_PHRASE_CHARS: usize = 32;
/// Most phrases a rulebook may hold (keeps engine construction bounded).
const MAX_PHRASES: usize = 50_000;
/// Most alternatives a result lists.
const MAX_ALTERNATIVES: usize = 3;

/// What a phrase does when it is found.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    /// Counts for an item (index into `items`).
    Item(u16),
    /// Counts for a category but none of its items (index into `categories`).
    Category(u16),
    /// Counts for 其他 (outside community governance).
    OutOfScope,
    /// Counts for nothing and hides shorter phrases inside it.
    Ignore,
    /// A salutation that opens a clause (尊敬的…): the rest of its clause names the addressee
    /// and counts for nothing.
    GreetingLeading,
    /// A salutation that closes its part of a clause (…您好): what precedes it in the clause
    /// names the addressee and counts for nothing.
    GreetingTrailing,
    /// A negation cue: the next phrase of each family within the window, in the same clause,
    /// is not counted.
    Negation,
    /// An urgency cue (index into `urgencies`).
    Urgency(u8),
}

impl Target {
    /// Category-family phrases compete for the same span; urgency cues are read separately.
    fn is_urgency(self) -> bool {
        matches!(self, Target::Urgency(_))
    }
}

#[derive(Debug, Clone)]
struct Role {
    target: Target,
    weight: f64,
    /// JSON pointer of the rule in the rulebook, e.g. `/needs/categories/4/items/3/phrases/楼道灯`.
    rule: String,
}

#[derive(Debug, Clone)]
struct Phrase {
    text: String,
    /// At most one category-family role and one urgency role.
    roles: Vec<Role>,
}

#[derive(Debug, Clone)]
struct Category {
    label: Named,
    handler: String,
    items: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
struct Item {
    label: Named,
    handler: String,
    urgency: usize,
}

#[derive(Debug, Clone)]
struct UrgencyLevel {
    label: Named,
    min_score: f64,
}

/// The rulebook section `needs`, compiled for matching.
#[derive(Debug, Clone)]
pub(crate) struct NeedsRules {
    max_text_chars: usize,
    subject_max_chars: usize,
    subject_weight: f64,
    negation_window: usize,
    min_score: f64,
    min_confidence: f64,
    prior: f64,
    categories: Vec<Category>,
    items: Vec<Item>,
    out_of_scope: Named,
    out_of_scope_handler: String,
    urgencies: Vec<UrgencyLevel>,
    phrases: Vec<Phrase>,
    trie: Trie,
}

/// Options of [`Engine::classify_need`](crate::Engine::classify_need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClassifyOptions {
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

impl ClassifyOptions {
    /// Reads `{ evidence?: boolean, alternatives?: 0..3 }`; `null` means the defaults.
    pub(crate) fn from_value(v: &Value) -> Result<Self, Error> {
        let mut out = ClassifyOptions::default();
        if v.is_null() {
            return Ok(out);
        }
        let mut r = Reader::new();
        if let Some(mut f) = r.object(v, "/options") {
            if let Some((v, p)) = f.optional("evidence") {
                match v {
                    Value::Bool(b) => out.evidence = *b,
                    other => r.report(
                        Code::WrongType,
                        &p,
                        format!("应为布尔值，收到{}", crate::read::describe(other)),
                    ),
                }
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

// ---------------------------------------------------------------------------------------
// Reading the section

/// Collects phrases while the section is read, refusing duplicates within a family.
struct PhraseTable {
    phrases: Vec<Phrase>,
    index: std::collections::BTreeMap<String, usize>,
}

impl PhraseTable {
    fn add(&mut self, r: &mut Reader, text: &str, path: &str, target: Target, weight: f64) {
        // Matching folds ASCII letters to lower case, so duplicates are found the same way.
        let key = text.to_ascii_lowercase();
        let id = match self.index.get(&key) {
            Some(&id) => id,
            None => {
                if self.phrases.len() >= MAX_PHRASES {
                    r.report(
                        Code::OutOfRange,
                        path,
                        format!("短语过多，最多 {MAX_PHRASES} 个"),
                    );
                    return;
                }
                self.index.insert(key, self.phrases.len());
                self.phrases.push(Phrase {
                    text: text.to_string(),
                    roles: Vec::new(),
                });
                self.phrases.len() - 1
            }
        };
        let roles = &mut self.phrases[id].roles;
        if let Some(other) = roles
            .iter()
            .find(|o| o.target.is_urgency() == target.is_urgency())
        {
            r.report(
                Code::Duplicate,
                path,
                format!("短语 \"{text}\" 已在 {} 定义", other.rule),
            );
            return;
        }
        roles.push(Role {
            target,
            weight,
            rule: path.to_string(),
        });
    }
}

/// Checks a phrase's text: non-empty, short, in the BMP, no delimiters.
fn check_phrase(r: &mut Reader, text: &str, path: &str, delimiters: &str) -> bool {
    let n = text.chars().count();
    let problem = if text.trim().is_empty() {
        Some((Code::InvalidValue, "短语不能为空".to_string()))
    } else if n > MAX_PHRASE_CHARS {
        Some((
            Code::OutOfRange,
            format!("短语过长：{n} 个字，最多 {MAX_PHRASE_CHARS} 个"),
        ))
    } else if text.chars().any(|c| (c as u32) > 0xFFFF) {
        Some((
            Code::InvalidValue,
            "短语不能包含表情等辅助平面字符".to_string(),
        ))
    } else if text
        .chars()
        .any(|c| delimiters.chars().any(|d| d.eq_ignore_ascii_case(&c)))
    {
        Some((Code::InvalidValue, "短语不能包含分句符号".to_string()))
    } else {
        None
    };
    match problem {
        Some((code, message)) => {
            r.report(code, path, message);
            false
        }
        None => true,
    }
}

/// Reads `{ "<phrase>": weight, … }` into the table.
fn read_weighted(
    r: &mut Reader,
    parent: &mut Fields<'_>,
    key: &'static str,
    target: Target,
    table: &mut PhraseTable,
    delimiters: &str,
) {
    let Some(mut f) = parent.object(r, key) else {
        return;
    };
    read_weighted_fields(r, &mut f, target, table, delimiters);
    f.finish(r);
}

fn read_weighted_fields(
    r: &mut Reader,
    f: &mut Fields<'_>,
    target: Target,
    table: &mut PhraseTable,
    delimiters: &str,
) {
    let path = f.path().to_string();
    for (phrase, w) in f.entries() {
        let p = child(&path, phrase);
        let weight = r.number(w, &p, 0.0, 1000.0);
        if let (Some(weight), true) = (weight, check_phrase(r, phrase, &p, delimiters)) {
            table.add(r, phrase, &p, target, weight);
        }
    }
}

/// Reads `[ "<phrase>", … ]` into the table (weight 0).
fn read_plain(
    r: &mut Reader,
    parent: &mut Fields<'_>,
    key: &'static str,
    target: Target,
    table: &mut PhraseTable,
    delimiters: &str,
) {
    let Some((items, path)) = parent.array(r, key) else {
        return;
    };
    for (i, v) in items.iter().enumerate() {
        let p = index(&path, i);
        if let Some(text) = r.text(v, &p, MAX_PHRASE_CHARS) {
            if check_phrase(r, text, &p, delimiters) {
                table.add(r, text, &p, target, 0.0);
            }
        }
    }
}

fn read_text_to_handler(r: &mut Reader, f: &mut Fields<'_>, key: &'static str) -> Option<String> {
    f.text(r, key, MAX_NAME_CHARS).map(str::to_string)
}

impl NeedsRules {
    pub(crate) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<NeedsRules> {
        let max_text_chars = f.integer(r, "maxTextChars", 1, 10_000_000);
        let text = f.object(r, "text").and_then(|mut g| {
            let sentence = g.text(r, "sentenceEnds", 100).map(str::to_string);
            let clause = g.text(r, "clauseEnds", 100).map(str::to_string);
            g.finish(r);
            Some((sentence?, clause?))
        });
        let (sentence_ends, clause_ends) = text.clone().unwrap_or_default();
        let delimiters = format!("{sentence_ends}{clause_ends}");
        let subject = f.object(r, "subject").and_then(|mut g| {
            let max = g.integer(r, "maxChars", 0, 10_000);
            let weight = g.number(r, "weight", 0.0, 100.0);
            g.finish(r);
            Some((max?, weight?))
        });
        let decision = f.object(r, "decision").and_then(|mut g| {
            let min_score = g.number(r, "minScore", 0.0, 1e6);
            let min_confidence = g.number(r, "minConfidence", 0.0, 1.0);
            let prior = g.number(r, "prior", 0.0, 1e6);
            g.finish(r);
            Some((min_score?, min_confidence?, prior?))
        });

        let mut table = PhraseTable {
            phrases: Vec::new(),
            index: std::collections::BTreeMap::new(),
        };

        let negation_window = f.object(r, "negation").and_then(|mut g| {
            let window = g.integer(r, "window", 0, 100);
            read_plain(r, &mut g, "cues", Target::Negation, &mut table, &delimiters);
            g.finish(r);
            window
        });
        if let Some(mut g) = f.object(r, "greetings") {
            read_plain(
                r,
                &mut g,
                "leading",
                Target::GreetingLeading,
                &mut table,
                &delimiters,
            );
            read_plain(
                r,
                &mut g,
                "trailing",
                Target::GreetingTrailing,
                &mut table,
                &delimiters,
            );
            g.finish(r);
        }
        read_plain(r, &mut f, "ignore", Target::Ignore, &mut table, &delimiters);

        let urgency_path = f.path_of("urgency");
        let mut level_index = 0usize;
        let urgencies = read_list(r, &mut f, "urgency", |r, mut g| {
            let label = read_named(r, &mut g);
            let min_score = g.number(r, "minScore", 0.0, 1e6);
            let target = Target::Urgency(u8::try_from(level_index).unwrap_or(u8::MAX));
            level_index += 1;
            read_weighted(r, &mut g, "phrases", target, &mut table, &delimiters);
            g.finish(r);
            Some(UrgencyLevel {
                label: label?,
                min_score: min_score?,
            })
        });
        if let Some(levels) = &urgencies {
            r.unique(
                levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (format!("{urgency_path}/{i}/code"), l.label.code.as_str())),
                "紧急程度代码",
            );
        }
        if urgencies.as_ref().is_some_and(|u| u.len() > 250) {
            r.report(Code::OutOfRange, &urgency_path, "紧急程度最多 250 级");
        }

        let out_of_scope = f.object(r, "outOfScope").and_then(|mut g| {
            let label = read_named(r, &mut g);
            let handler = read_text_to_handler(r, &mut g, "handler");
            read_weighted(
                r,
                &mut g,
                "phrases",
                Target::OutOfScope,
                &mut table,
                &delimiters,
            );
            g.finish(r);
            Some((label?, handler?))
        });

        let categories_path = f.path_of("categories");
        let mut items: Vec<Item> = Vec::new();
        let mut category_count = 0usize;
        let level_codes: Vec<String> = urgencies
            .iter()
            .flatten()
            .map(|u| u.label.code.clone())
            .collect();
        let categories = read_list(r, &mut f, "categories", |r, mut g| {
            let label = read_named(r, &mut g);
            let handler = read_text_to_handler(r, &mut g, "handler");
            let category_index = category_count;
            category_count += 1;
            if let Some((v, p)) = g.optional("phrases") {
                if let Some(mut h) = r.object(v, &p) {
                    let target =
                        Target::Category(u16::try_from(category_index).unwrap_or(u16::MAX));
                    read_weighted_fields(r, &mut h, target, &mut table, &delimiters);
                    h.finish(r);
                }
            }
            let first = items.len();
            let items_ok = read_list(r, &mut g, "items", |r, mut h| {
                let item_label = read_named(r, &mut h);
                let item_handler = h
                    .optional("handler")
                    .and_then(|(v, p)| r.text(v, &p, MAX_NAME_CHARS).map(str::to_string));
                let urgency = h.required(r, "urgency").and_then(|(v, p)| {
                    let codes: Vec<&str> = level_codes.iter().map(String::as_str).collect();
                    if codes.is_empty() {
                        return None;
                    }
                    r.choice(v, &p, &codes)
                });
                let item_index = items.len();
                if item_index >= usize::from(u16::MAX) {
                    r.report(Code::OutOfRange, h.path_of("code").as_str(), "条目过多");
                    return None;
                }
                read_weighted(
                    r,
                    &mut h,
                    "phrases",
                    Target::Item(item_index as u16),
                    &mut table,
                    &delimiters,
                );
                h.finish(r);
                let item = Item {
                    label: item_label?,
                    handler: item_handler.unwrap_or_default(),
                    urgency: urgency?,
                };
                items.push(item);
                Some(())
            });
            g.finish(r);
            items_ok?;
            Some(Category {
                label: label?,
                handler: handler?,
                items: first..items.len(),
            })
        });
        f.finish(r);

        let mut categories = categories?;
        // The compact batch path stores a category in a byte (255 = none, the last index 其他).
        if categories.len() > 250 {
            r.report(Code::OutOfRange, &categories_path, "类别最多 250 个");
            return None;
        }
        // Items without their own handler take the category's.
        for c in &categories {
            for item in &mut items[c.items.clone()] {
                if item.handler.is_empty() {
                    item.handler = c.handler.clone();
                }
            }
        }
        r.unique(
            categories
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{categories_path}/{i}/code"), c.label.code.as_str())),
            "类别代码",
        );
        let mut item_paths: Vec<(String, &str)> = Vec::new();
        for (ci, c) in categories.iter().enumerate() {
            for (ii, it) in items[c.items.clone()].iter().enumerate() {
                item_paths.push((
                    format!("{categories_path}/{ci}/items/{ii}/code"),
                    it.label.code.as_str(),
                ));
            }
        }
        r.unique(item_paths, "条目代码");
        categories.shrink_to_fit();

        let (out_of_scope, out_of_scope_handler) = out_of_scope?;
        let (subject_max_chars, subject_weight) = subject?;
        let (min_score, min_confidence, prior) = decision?;
        let (sentence_ends, clause_ends) = text?;
        let phrases = table.phrases;
        let trie = Trie::build(
            phrases.iter().map(|p| p.text.as_str()),
            &sentence_ends,
            &clause_ends,
        );
        Some(NeedsRules {
            max_text_chars: max_text_chars? as usize,
            subject_max_chars: subject_max_chars as usize,
            subject_weight,
            negation_window: negation_window? as usize,
            min_score,
            min_confidence,
            prior,
            categories,
            items,
            out_of_scope,
            out_of_scope_handler,
            urgencies: urgencies?,
            phrases,
            trie,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Results

/// Why a phrase is in the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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
    /// A salutation; the addressee it marks was not counted.
    Greeting,
    /// A phrase the rulebook says to ignore.
    Ignore,
}

/// One phrase found in the text and what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// JSON pointer of the rule in the rulebook.
    pub rule: String,
    /// Weight it added (after the subject multiplier); 0 when not counted.
    pub weight: f64,
    /// Stood in the subject line.
    pub in_subject: bool,
    /// Not counted: a negation cue precedes it, or it names a salutation's addressee.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub discounted: bool,
}

/// A runner-up category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedAlternative {
    /// The category (or 其他).
    pub category: Named,
    /// Its best item, if any.
    pub item: Option<Named>,
    /// Its score.
    pub score: f64,
}

/// The urgency 急/难/愁/盼 of a need.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UrgencyResult {
    /// Level code (e.g. `ji`).
    pub code: String,
    /// Level name (e.g. 急).
    pub name: String,
    /// `cue` when urgency cues in the text decided it, `default` when it is the item's default.
    pub source: &'static str,
}

/// How one text was categorised.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedResult {
    /// The category, 其他 (`other`) when clearly outside community governance, or `null`
    /// when a person should look.
    pub category: Option<Named>,
    /// The item within the category.
    pub item: Option<Named>,
    /// Nothing convincing: a person should look (see `alternatives`).
    pub needs_human: bool,
    /// 急/难/愁/盼.
    pub urgency: Option<UrgencyResult>,
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

/// One text of a batch: its result, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NeedOutcome {
    /// Categorised.
    Ok(Box<NeedResult>),
    /// Not a usable text.
    Failed {
        /// The problem.
        error: BatchError,
    },
}

/// A text of a batch that could not be categorised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchError {
    /// Its position in the batch.
    pub index: usize,
    /// The stable code.
    pub code: crate::Code,
    /// JSON pointer (`/<index>`).
    pub path: String,
    /// The explanation.
    pub message: String,
}

/// A batch in columns: one entry per text, indices into the label tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompactNeeds {
    /// Index into `categories` (the last entry is 其他), or 255 when a person should look.
    pub category: Vec<u8>,
    /// Index into `items`, or 65535 for none.
    pub item: Vec<u16>,
    /// Index into `urgencies`, or 255 for none.
    pub urgency: Vec<u8>,
    /// Confidence 0–1.
    pub confidence: Vec<f32>,
    /// 1 when a person should look.
    pub needs_human: Vec<u8>,
    /// Category labels (the rulebook's, then 其他).
    pub categories: Vec<Named>,
    /// Item labels, in rulebook order.
    pub items: Vec<Named>,
    /// Urgency labels, in rulebook order.
    pub urgencies: Vec<Named>,
    /// Texts that could not be read (their columns say "none").
    pub errors: Vec<BatchError>,
}

/// One label of the tables that numeric records index into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableEntry {
    /// Stable code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Who handles it (categories, items and 其他).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
}

/// A phrase of the rulebook and what each of its roles does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhraseEntry {
    /// The phrase.
    pub text: String,
    /// Its roles (a category-family role and/or an urgency cue).
    pub roles: Vec<RoleEntry>,
}

/// One role of a phrase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleEntry {
    /// What kind of rule it is.
    pub kind: EvidenceKind,
    /// The code it counts for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// JSON pointer of the rule.
    pub rule: String,
}

/// The labels numeric need records refer to (see `Engine::need_records`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedTables {
    /// Categories, then 其他.
    pub categories: Vec<TableEntry>,
    /// Items in rulebook order.
    pub items: Vec<TableEntry>,
    /// Urgency levels in rulebook order.
    pub urgencies: Vec<TableEntry>,
    /// Phrases by id.
    pub phrases: Vec<PhraseEntry>,
}

/// Reusable buffers, so a batch allocates once.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    symbols: Vec<u16>,
    offsets: Vec<u32>,
    hits: Vec<Hit>,
    counted: Vec<Counted>,
    item_scores: Vec<f64>,
    category_scores: Vec<f64>,
    record: Vec<f64>,
    urgency_scores: Vec<f64>,
}

#[derive(Debug, Clone, Copy)]
struct Counted {
    hit: Hit,
    /// Index of the role within the phrase.
    role: u8,
    weight: f64,
    in_subject: bool,
    discounted: bool,
}

/// Where the scan stands in the text's clauses (see [`NeedsRules::count`]).
#[derive(Debug, Default)]
struct ClauseState {
    /// Characters before this have been checked for delimiters.
    cursor: usize,
    /// The last delimiter before `cursor`.
    last_delimiter: Option<usize>,
    /// End of the last negation cue still waiting for its phrase, per family.
    negation: [Option<u32>; 2],
    /// Category phrases starting before this are in a clause opened by a salutation.
    void_until: usize,
    /// Counted entries before this index were already handled by a trailing salutation.
    greeting_floor: usize,
}

/// The decision before it is dressed as a result.
#[derive(Debug, Clone, Copy)]
struct Verdict {
    /// Ranked candidates: category index, or `categories.len()` for 其他; with scores.
    ranked: [(usize, f64); 4],
    ranked_len: usize,
    needs_human: bool,
    confidence: f64,
    item: Option<usize>,
    urgency: Option<(usize, bool)>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl NeedsRules {
    /// Checks one text: not empty (after trimming), not longer than `maxTextChars`.
    pub(crate) fn check_text(&self, text: &str, path: &str) -> Result<(), Diagnostic> {
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

    fn verdict(&self, text: &str, s: &mut Scratch, evidence: bool) -> Verdict {
        self.trie
            .alphabet()
            .encode(text, &mut s.symbols, evidence.then_some(&mut s.offsets));
        s.counted.clear();
        s.hits.clear();
        let hits = &mut s.hits;
        self.trie.scan(&s.symbols, |h| hits.push(h));

        // Per family (category phrases; urgency cues), the longest phrase at the leftmost
        // free position counts. Hits come by start, shortest first.
        let mut free = [0u32; 2];
        let mut clauses = ClauseState::default();
        let mut i = 0;
        while i < s.hits.len() {
            let start = s.hits[i].start;
            let mut best: [Option<(Hit, u8)>; 2] = [None, None];
            while let Some(&hit) = s.hits.get(i).filter(|h| h.start == start) {
                for (ri, role) in self.phrases[hit.phrase as usize].roles.iter().enumerate() {
                    let family = usize::from(role.target.is_urgency());
                    if start >= free[family] {
                        best[family] = Some((hit, ri as u8));
                    }
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
        self.weigh_subject(s);

        // Scores.
        s.item_scores.clear();
        s.item_scores.resize(self.items.len(), 0.0);
        s.urgency_scores.clear();
        s.urgency_scores.resize(self.urgencies.len(), 0.0);
        let mut other_score = 0.0;
        s.category_scores.clear();
        s.category_scores.resize(self.categories.len(), 0.0);
        for c in s.counted.iter().filter(|c| !c.discounted) {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            match role.target {
                Target::Item(i) => s.item_scores[usize::from(i)] += c.weight,
                Target::Category(k) => s.category_scores[usize::from(k)] += c.weight,
                Target::OutOfScope => other_score += c.weight,
                Target::Urgency(u) => s.urgency_scores[usize::from(u)] += c.weight,
                _ => {}
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
        let cue = self
            .urgencies
            .iter()
            .zip(&s.urgency_scores)
            .position(|(level, &score)| score > 0.0 && score >= level.min_score);
        let urgency = match (cue, item) {
            (Some(level), _) => Some((level, true)),
            (None, Some(i)) => Some((self.items[i].urgency, false)),
            (None, None) => None,
        };
        Verdict {
            ranked: best,
            ranked_len,
            needs_human,
            confidence: round3(confidence),
            item,
            urgency,
        }
    }

    /// Records one phrase that counts for its family, applying negation and greetings.
    /// Clause boundaries are tracked with cursors that only move forward, so a text costs
    /// time linear in its length however many greetings or cues it holds.
    fn count(&self, hit: Hit, role_index: u8, st: &mut ClauseState, s: &mut Scratch) {
        let symbols = &s.symbols;
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
        let family = usize::from(role.target.is_urgency());
        let counts_for_something = matches!(
            role.target,
            Target::Item(_) | Target::Category(_) | Target::OutOfScope | Target::Urgency(_)
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
        }
        match role.target {
            Target::Negation => st.negation = [Some(hit.end); 2],
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
            if (start..end).contains(&(c.hit.start as usize)) && !role.target.is_urgency() {
                c.in_subject = true;
                c.weight *= self.subject_weight;
            }
        }
    }

    fn candidate_label(&self, idx: usize) -> Named {
        match self.categories.get(idx) {
            Some(c) => c.label.clone(),
            None => self.out_of_scope.clone(),
        }
    }

    /// The highest-scoring item of a category (the first on a tie), if any scored.
    fn best_item(&self, category: usize, scores: &[f64]) -> Option<usize> {
        let c = self.categories.get(category)?;
        let mut best: Option<usize> = None;
        for i in c.items.clone() {
            if scores[i] > 0.0 && best.is_none_or(|b| scores[i] > scores[b]) {
                best = Some(i);
            }
        }
        best
    }

    /// Categorises one text (already checked with [`NeedsRules::check_text`]) into a
    /// numeric record appended to `out` — the form that crosses into JavaScript, where
    /// `needs.js` of the npm package dresses it with the [`NeedsRules::tables`]; natively
    /// [`NeedsRules::decode`] does the same. Layout (all `f64`):
    ///
    /// `category item urgency urgencyFromCue needsHuman confidence score`
    /// `nAlternatives (category item score)…` `nEvidence (phrase role start end weight inSubject discounted)…`
    ///
    /// where indices are into the tables and −1 means none (category `categories.len()` is 其他).
    pub(crate) fn record(
        &self,
        text: &str,
        options: ClassifyOptions,
        s: &mut Scratch,
        out: &mut Vec<f64>,
    ) {
        let v = self.verdict(text, s, options.evidence);
        let index = |x: Option<usize>| x.map_or(-1.0, |i| i as f64);
        let chosen = (!v.needs_human).then(|| v.ranked[0].0);
        out.extend_from_slice(&[
            index(chosen),
            index(v.item),
            index(v.urgency.map(|u| u.0)),
            f64::from(u8::from(v.urgency.is_some_and(|u| u.1))),
            f64::from(u8::from(v.needs_human)),
            v.confidence,
            if v.ranked_len > 0 { v.ranked[0].1 } else { 0.0 },
        ]);
        let skip = usize::from(chosen.is_some());
        let alternatives = &v.ranked[skip..v.ranked_len];
        let alternatives = &alternatives[..alternatives.len().min(options.alternatives)];
        out.push(alternatives.len() as f64);
        for &(c, score) in alternatives {
            out.extend_from_slice(&[c as f64, index(self.best_item(c, &s.item_scores)), score]);
        }
        if !options.evidence {
            out.push(0.0);
            return;
        }
        out.push(s.counted.len() as f64);
        for c in &s.counted {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            let counts = !c.discounted
                && !matches!(
                    role.target,
                    Target::Negation
                        | Target::GreetingLeading
                        | Target::GreetingTrailing
                        | Target::Ignore
                );
            out.extend_from_slice(&[
                f64::from(c.hit.phrase),
                f64::from(c.role),
                f64::from(s.offsets[c.hit.start as usize]),
                f64::from(s.offsets[c.hit.end as usize]),
                if counts { c.weight } else { 0.0 },
                f64::from(u8::from(c.in_subject)),
                f64::from(u8::from(c.discounted)),
            ]);
        }
    }

    /// The labels a record's indices refer to.
    pub(crate) fn tables(&self) -> NeedTables {
        let entry = |label: &Named, handler: &str| TableEntry {
            code: label.code.clone(),
            name: label.name.clone(),
            handler: Some(handler.to_string()),
        };
        NeedTables {
            categories: self
                .categories
                .iter()
                .map(|c| entry(&c.label, &c.handler))
                .chain(std::iter::once(entry(
                    &self.out_of_scope,
                    &self.out_of_scope_handler,
                )))
                .collect(),
            items: self
                .items
                .iter()
                .map(|i| entry(&i.label, &i.handler))
                .collect(),
            urgencies: self
                .urgencies
                .iter()
                .map(|u| TableEntry {
                    code: u.label.code.clone(),
                    name: u.label.name.clone(),
                    handler: None,
                })
                .collect(),
            phrases: self
                .phrases
                .iter()
                .map(|p| PhraseEntry {
                    text: p.text.clone(),
                    roles: p
                        .roles
                        .iter()
                        .map(|r| {
                            let (kind, target) = self.describe_target(r.target);
                            RoleEntry {
                                kind,
                                target,
                                rule: r.rule.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn describe_target(&self, target: Target) -> (EvidenceKind, Option<String>) {
        match target {
            Target::Item(i) => (
                EvidenceKind::Item,
                Some(self.items[usize::from(i)].label.code.clone()),
            ),
            Target::Category(k) => (
                EvidenceKind::Category,
                Some(self.categories[usize::from(k)].label.code.clone()),
            ),
            Target::OutOfScope => (
                EvidenceKind::OutOfScope,
                Some(self.out_of_scope.code.clone()),
            ),
            Target::Urgency(u) => (
                EvidenceKind::Urgency,
                Some(self.urgencies[usize::from(u)].label.code.clone()),
            ),
            Target::Negation => (EvidenceKind::Negation, None),
            Target::GreetingLeading | Target::GreetingTrailing => (EvidenceKind::Greeting, None),
            Target::Ignore => (EvidenceKind::Ignore, None),
        }
    }

    /// Dresses a record (see [`NeedsRules::record`]) as a result.
    pub(crate) fn decode(&self, rec: &[f64]) -> NeedResult {
        let at = |i: usize| rec.get(i).copied().unwrap_or(-1.0);
        let index = |x: f64| (x >= 0.0).then_some(x as usize);
        let (category, item) = (index(at(0)), index(at(1)));
        let handler = match (category, item) {
            (_, Some(i)) => Some(self.items[i].handler.clone()),
            (Some(c), None) => Some(match self.categories.get(c) {
                Some(category) => category.handler.clone(),
                None => self.out_of_scope_handler.clone(),
            }),
            (None, None) => None,
        };
        let mut p = 8;
        let alternatives = (0..at(7) as usize)
            .map(|_| {
                let alt = NeedAlternative {
                    category: self.candidate_label(at(p) as usize),
                    item: index(at(p + 1)).map(|i| self.items[i].label.clone()),
                    score: at(p + 2),
                };
                p += 3;
                alt
            })
            .collect();
        let evidence_count = at(p) as usize;
        p += 1;
        let evidence = (0..evidence_count)
            .map(|_| {
                let phrase = &self.phrases[at(p) as usize];
                let role = &phrase.roles[at(p + 1) as usize];
                let (kind, target) = self.describe_target(role.target);
                let e = Evidence {
                    phrase: phrase.text.clone(),
                    start: at(p + 2) as u32,
                    end: at(p + 3) as u32,
                    kind,
                    target,
                    rule: role.rule.clone(),
                    weight: at(p + 4),
                    in_subject: at(p + 5) != 0.0,
                    discounted: at(p + 6) != 0.0,
                };
                p += 7;
                e
            })
            .collect();
        NeedResult {
            category: category.map(|c| self.candidate_label(c)),
            item: item.map(|i| self.items[i].label.clone()),
            needs_human: at(4) != 0.0,
            urgency: index(at(2)).map(|level| UrgencyResult {
                code: self.urgencies[level].label.code.clone(),
                name: self.urgencies[level].label.name.clone(),
                source: if at(3) != 0.0 { "cue" } else { "default" },
            }),
            confidence: at(5),
            score: at(6),
            alternatives,
            evidence,
            handler,
        }
    }

    /// Categorises one text (already checked with [`NeedsRules::check_text`]).
    pub(crate) fn classify(
        &self,
        text: &str,
        options: ClassifyOptions,
        s: &mut Scratch,
    ) -> NeedResult {
        let mut rec = std::mem::take(&mut s.record);
        rec.clear();
        self.record(text, options, s, &mut rec);
        let result = self.decode(&rec);
        s.record = rec;
        result
    }

    /// Numeric records for a batch (see [`NeedsRules::record`]), one after another; a text
    /// that cannot be read leaves no record and an entry in the returned errors, whose
    /// `index` says where it was.
    pub(crate) fn records<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
        options: ClassifyOptions,
        out: &mut Vec<f64>,
    ) -> Vec<BatchError> {
        let mut s = Scratch::default();
        let mut errors = Vec::new();
        for (i, t) in texts.into_iter().enumerate() {
            match self.check_batch_text(i, t) {
                Ok(text) => self.record(text, options, &mut s, out),
                Err(e) => errors.push(e),
            }
        }
        errors
    }

    /// Categorises a batch; unreadable texts (`None` = not a string) get an error entry.
    pub(crate) fn classify_batch<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Vec<NeedOutcome> {
        let mut s = Scratch::default();
        let options = ClassifyOptions::default();
        texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| match self.check_batch_text(i, t) {
                Ok(text) => NeedOutcome::Ok(Box::new(self.classify(text, options, &mut s))),
                Err(error) => NeedOutcome::Failed { error },
            })
            .collect()
    }

    fn check_batch_text<'a>(&self, i: usize, text: Option<&'a str>) -> Result<&'a str, BatchError> {
        let d = match text {
            None => Diagnostic {
                code: Code::WrongType,
                path: format!("/{i}"),
                message: "应为字符串".to_string(),
            },
            Some(t) => match self.check_text(t, "") {
                Ok(()) => return Ok(t),
                Err(d) => d,
            },
        };
        Err(BatchError {
            index: i,
            code: d.code,
            path: format!("/{i}"),
            message: d.message,
        })
    }

    /// Categorises a batch into columns.
    pub(crate) fn classify_compact<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> CompactNeeds {
        let texts = texts.into_iter();
        let cap = texts.size_hint().0;
        let mut out = CompactNeeds {
            category: Vec::with_capacity(cap),
            item: Vec::with_capacity(cap),
            urgency: Vec::with_capacity(cap),
            confidence: Vec::with_capacity(cap),
            needs_human: Vec::with_capacity(cap),
            categories: self
                .categories
                .iter()
                .map(|c| c.label.clone())
                .chain(std::iter::once(self.out_of_scope.clone()))
                .collect(),
            items: self.items.iter().map(|i| i.label.clone()).collect(),
            urgencies: self.urgencies.iter().map(|u| u.label.clone()).collect(),
            errors: Vec::new(),
        };
        let mut s = Scratch::default();
        for (i, t) in texts.enumerate() {
            match self.check_batch_text(i, t) {
                Ok(text) => {
                    let v = self.verdict(text, &mut s, false);
                    let none = v.needs_human;
                    out.category.push(if none {
                        u8::MAX
                    } else {
                        u8::try_from(v.ranked[0].0).unwrap_or(u8::MAX)
                    });
                    out.item.push(
                        v.item
                            .and_then(|i| u16::try_from(i).ok())
                            .unwrap_or(u16::MAX),
                    );
                    out.urgency.push(
                        v.urgency
                            .and_then(|(u, _)| u8::try_from(u).ok())
                            .unwrap_or(u8::MAX),
                    );
                    out.confidence.push(v.confidence as f32);
                    out.needs_human.push(u8::from(none));
                }
                Err(e) => {
                    out.category.push(u8::MAX);
                    out.item.push(u16::MAX);
                    out.urgency.push(u8::MAX);
                    out.confidence.push(0.0);
                    out.needs_human.push(1);
                    out.errors.push(e);
                }
            }
        }
        out
    }
}
