//! The rulebook section `needs` (DOMAIN §1), read, validated and compiled for matching:
//! categories and items with their phrases and weights, 其他, urgency levels and cues,
//! negation cues, salutations, ignored phrases, text delimiters, subject and decision
//! thresholds. Every phrase goes into one table (one entry per text, with up to one
//! category-family role and one urgency role), from which the matcher's trie is built.

use super::emergency::{read_emergency, EmergencyKind};
use super::matcher::Trie;
use crate::error::Code;
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{child, index, read_list, Fields, Reader};

/// Longest phrase, in characters.
pub(super) const MAX_PHRASE_CHARS: usize = 32;
/// Most phrases a rulebook may hold (keeps engine construction bounded).
pub(super) const MAX_PHRASES: usize = 50_000;
/// Most alternatives a result lists.
pub(super) const MAX_ALTERNATIVES: usize = 3;

/// What a phrase does when it is found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
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
    /// A sign of an emergency (index into `emergencies`).
    Emergency(u8),
    /// A near miss of an emergency (容易摔倒, 防火): hides emergency phrases inside it.
    EmergencyIgnore,
    /// A cue that an emergency is not happening now — the past (上次, 以前), a worry or a
    /// precaution (万一, 防止), its absence (没有): the next emergency phrase within the
    /// window, in the same clause, is not counted.
    NotNow,
}

/// Phrases of one family compete for the same span (the longest at the leftmost free position
/// counts); the families are read independently of one another.
pub(super) const FAMILIES: usize = 3;

impl Target {
    /// 0: category phrases and what qualifies them; 1: urgency cues; 2: emergencies.
    pub(super) fn family(self) -> usize {
        match self {
            Target::Urgency(_) => 1,
            Target::Emergency(_) | Target::EmergencyIgnore | Target::NotNow => 2,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Role {
    pub(super) target: Target,
    pub(super) weight: f64,
    /// JSON pointer of the rule in the rulebook, e.g. `/needs/categories/4/items/3/phrases/楼道灯`.
    pub(super) rule: String,
}

#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub(super) text: String,
    /// At most one role of each family.
    pub(super) roles: Box<[Role]>,
}

#[derive(Debug, Clone)]
pub(super) struct Category {
    pub(super) label: Named,
    pub(super) handler: String,
    pub(super) items: std::ops::Range<usize>,
    /// The urgency of a message filed under the category but none of its items.
    pub(super) urgency: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) label: Named,
    pub(super) handler: String,
    pub(super) urgency: usize,
}

#[derive(Debug, Clone)]
pub(super) struct UrgencyLevel {
    pub(super) label: Named,
    pub(super) min_score: f64,
    /// Its cues decide only where no item or category gives a default: 希望尽快解决 at the end
    /// of a complaint does not make the complaint a 盼.
    pub(super) yields_to_default: bool,
}

/// The rulebook section `needs`, compiled for matching.
#[derive(Debug, Clone)]
pub struct NeedsRules {
    pub(super) max_text_chars: usize,
    pub(super) subject_max_chars: usize,
    pub(super) subject_weight: f64,
    pub(super) negation_window: usize,
    pub(super) min_score: f64,
    pub(super) min_confidence: f64,
    pub(super) auto_route_confidence: f64,
    pub(super) prior: f64,
    /// Each further occurrence of a category phrase weighs this much of the one before
    /// (`decision.repeatFactor`): a word the writer repeats is one piece of evidence, not ten.
    pub(super) repeat_factor: f64,
    pub(super) categories: Box<[Category]>,
    pub(super) items: Box<[Item]>,
    pub(super) out_of_scope: Named,
    pub(super) out_of_scope_handler: String,
    pub(super) urgencies: Box<[UrgencyLevel]>,
    pub(super) emergencies: Box<[EmergencyKind]>,
    pub(super) emergency_min_score: f64,
    pub(super) not_now_window: usize,
    pub(super) phrases: Box<[Phrase]>,
    pub(super) trie: Trie,
}

/// Collects phrases while the section is read, refusing duplicates within a family.
pub(super) struct PhraseTable {
    phrases: Vec<Phrase>,
    /// Digest of the lower-cased text → phrase (the hash map the ledger uses: no tree code of
    /// its own in the module).
    index: crate::digest::FastMap<u128, u32>,
}

impl PhraseTable {
    fn add(&mut self, r: &mut Reader, text: &str, path: &str, target: Target, weight: f64) {
        // Matching folds ASCII letters to lower case, so duplicates are found the same way.
        let key = text.to_ascii_lowercase();
        let digest = crate::digest::text_digest(&key);
        let id = match self.index.get(&digest) {
            Some(&id) => id as usize,
            None => {
                if self.phrases.len() >= MAX_PHRASES {
                    r.report(
                        Code::OutOfRange,
                        path,
                        format!("短语过多，最多 {MAX_PHRASES} 个"),
                    );
                    return;
                }
                self.index.insert(digest, self.phrases.len() as u32);
                self.phrases.push(Phrase {
                    text: text.to_string(),
                    roles: Box::default(),
                });
                self.phrases.len() - 1
            }
        };
        let roles = &mut self.phrases[id].roles;
        if let Some(other) = roles.iter().find(|o| o.target.family() == target.family()) {
            r.report(
                Code::Duplicate,
                path,
                format!("短语 \"{text}\" 已在 {} 定义", other.rule),
            );
            return;
        }
        // Kept as a boxed slice: the matcher indexes it per hit.
        let mut list = std::mem::take(roles).into_vec();
        list.push(Role {
            target,
            weight,
            rule: path.to_string(),
        });
        *roles = list.into_boxed_slice();
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
pub(super) fn read_weighted(
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
pub(super) fn read_plain(
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

/// Checks an optional wording for residents (`residentName` of a category or item, such as
/// 楼上漏水、邻里纠纷 for 建立矛盾纠纷调解机制; `residentText` of an urgency level, such as
/// 紧急，请尽快处理). Front ends show it to residents in place of the policy wording; no rule
/// reads it, so it is checked and not kept.
fn read_resident_wording(r: &mut Reader, f: &mut Fields<'_>, key: &'static str) {
    if let Some((v, p)) = f.optional(key) {
        r.text(v, &p, MAX_NAME_CHARS);
    }
}

/// Reads the urgency levels 急/难/愁/盼 in priority order, each with its cue phrases.
fn read_urgency(
    r: &mut Reader,
    f: &mut Fields<'_>,
    table: &mut PhraseTable,
    delimiters: &str,
) -> Option<Vec<UrgencyLevel>> {
    let urgency_path = f.path_of("urgency");
    let mut level_index = 0usize;
    let urgencies = read_list(r, f, "urgency", |r, mut g| {
        let label = read_named(r, &mut g);
        read_resident_wording(r, &mut g, "residentText");
        let min_score = g.number(r, "minScore", 0.0, 1e6);
        let target = Target::Urgency(u8::try_from(level_index).unwrap_or(u8::MAX));
        level_index += 1;
        read_weighted(r, &mut g, "phrases", target, table, delimiters);
        let yields_to_default = g.optional("yieldsToDefault").map(|(v, p)| r.boolean(v, &p));
        g.finish(r);
        Some(UrgencyLevel {
            label: label?,
            min_score: min_score?,
            yields_to_default: yields_to_default.unwrap_or(Some(false))?,
        })
    });
    if let Some(levels) = &urgencies {
        r.unique_at(
            &urgency_path,
            "code",
            &mut levels.iter().map(|l| l.label.code.as_str()),
            "紧急程度代码",
        );
    }
    if urgencies.as_ref().is_some_and(|u| u.len() > 250) {
        r.report(Code::OutOfRange, &urgency_path, "紧急程度最多 250 级");
    }
    urgencies
}

/// Reads the categories and their items (each with its phrases, default urgency and
/// handler); an item without a handler takes its category's.
fn read_categories(
    r: &mut Reader,
    f: &mut Fields<'_>,
    table: &mut PhraseTable,
    delimiters: &str,
    urgencies: Option<&[UrgencyLevel]>,
) -> Option<(Vec<Category>, Vec<Item>)> {
    let categories_path = f.path_of("categories");
    let mut items: Vec<Item> = Vec::new();
    let mut category_count = 0usize;
    let level_codes: Vec<String> = urgencies
        .iter()
        .flat_map(|levels| levels.iter())
        .map(|u| u.label.code.clone())
        .collect();
    let categories = read_list(r, f, "categories", |r, mut g| {
        let label = read_named(r, &mut g);
        let handler = read_text_to_handler(r, &mut g, "handler");
        read_resident_wording(r, &mut g, "residentName");
        let category_urgency = g.optional("urgency").map(|(v, p)| {
            let codes: Vec<&str> = level_codes.iter().map(String::as_str).collect();
            r.choice(v, &p, &codes)
        });
        let category_index = category_count;
        category_count += 1;
        if let Some((v, p)) = g.optional("phrases") {
            if let Some(mut h) = r.object(v, &p) {
                let target = Target::Category(u16::try_from(category_index).unwrap_or(u16::MAX));
                read_weighted_fields(r, &mut h, target, table, delimiters);
                h.finish(r);
            }
        }
        let first = items.len();
        let items_ok = read_list(r, &mut g, "items", |r, mut h| {
            let item_label = read_named(r, &mut h);
            let item_handler = h
                .optional("handler")
                .and_then(|(v, p)| r.text(v, &p, MAX_NAME_CHARS).map(str::to_string));
            read_resident_wording(r, &mut h, "residentName");
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
                table,
                delimiters,
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
            urgency: category_urgency.map_or(Some(None), |u| u.map(Some))?,
        })
    });
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
    r.unique_at(
        &categories_path,
        "code",
        &mut categories.iter().map(|c| c.label.code.as_str()),
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
    Some((categories, items))
}

impl NeedsRules {
    pub(super) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<NeedsRules> {
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
            // Optional: without it nothing is marked for routing without a look.
            let auto_route = g
                .optional("autoRouteConfidence")
                .map_or(Some(f64::INFINITY), |(v, p)| r.number(v, &p, 0.0, 1.0));
            let prior = g.number(r, "prior", 0.0, 1e6);
            // Optional: without it every occurrence of a phrase weighs the same.
            let repeat = g
                .optional("repeatFactor")
                .map_or(Some(1.0), |(v, p)| r.number(v, &p, 0.0, 1.0));
            g.finish(r);
            Some((min_score?, min_confidence?, prior?, auto_route?, repeat?))
        });

        let mut table = PhraseTable {
            phrases: Vec::new(),
            index: crate::digest::FastMap::default(),
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

        let urgencies = read_urgency(r, &mut f, &mut table, &delimiters);
        let emergency = read_emergency(r, &mut f, &mut table, &delimiters);

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

        let categories = read_categories(r, &mut f, &mut table, &delimiters, urgencies.as_deref());
        f.finish(r);
        let (categories, items) = categories?;
        let emergency = emergency?;

        let (out_of_scope, out_of_scope_handler) = out_of_scope?;
        let (subject_max_chars, subject_weight) = subject?;
        let (min_score, min_confidence, prior, auto_route_confidence, repeat_factor) = decision?;
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
            auto_route_confidence,
            prior,
            repeat_factor,
            categories: categories.into(),
            items: items.into(),
            out_of_scope,
            out_of_scope_handler,
            urgencies: urgencies?.into(),
            emergencies: emergency.0.into(),
            emergency_min_score: emergency.1,
            not_now_window: emergency.2,
            phrases: phrases.into(),
            trie,
        })
    }
}
