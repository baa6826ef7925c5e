//! Need results as numeric records: the form a result crosses into JavaScript in (the npm
//! package's `needs.js` dresses records with the label tables, cached per engine), and the
//! form every batch is computed in. The layout is defined once, in [`LAYOUT`]: Rust writes
//! and reads records through it, and JavaScript receives it with the tables
//! (`needTables().layout`), so neither side spells an offset.
//!
//! A record is `f64`s: a header of [`HeaderLayout::size`] numbers, then
//! `header[alternatives]` alternatives of [`AlternativeLayout::size`] numbers, then
//! `header[evidence]` evidence entries of [`EvidenceLayout::size`] numbers. Indices point into the tables; −1 means none (the
//! category index `categories.len()` is 其他).

use super::classify::{
    ClassifyOptions, EmergencyResult, Evidence, EvidenceKind, NeedAlternative, NeedResult, Scratch,
    UrgencyResult,
};
use super::section::Target;
use super::NeedsRules;
use crate::label::Named;

/// Offsets of a record's header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderLayout {
    /// Category index (−1: a person should look).
    pub category: usize,
    /// Item index (−1: none).
    pub item: usize,
    /// Urgency level index (−1: none).
    pub urgency: usize,
    /// 1 when urgency cues in the text decided the urgency, 0 for the item's default.
    pub urgency_from_cue: usize,
    /// 1 when a person should look.
    pub needs_human: usize,
    /// Confidence 0–1.
    pub confidence: usize,
    /// The winning score.
    pub score: usize,
    /// How many alternatives follow the header.
    pub alternatives: usize,
    /// How many evidence entries follow the alternatives.
    pub evidence: usize,
    /// Emergency kind index (−1: none).
    pub emergency: usize,
    /// 1 when confident enough to route without a look.
    pub auto_route: usize,
    /// Numbers in the header.
    pub size: usize,
}
crate::json_out::json_object!(HeaderLayout {
    "category" => category,
    "item" => item,
    "urgency" => urgency,
    "urgencyFromCue" => urgency_from_cue,
    "needsHuman" => needs_human,
    "confidence" => confidence,
    "score" => score,
    "alternatives" => alternatives,
    "evidence" => evidence,
    "emergency" => emergency,
    "autoRoute" => auto_route,
    "size" => size,
});

/// Offsets within one alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlternativeLayout {
    /// Category index.
    pub category: usize,
    /// Its best item index (−1: none).
    pub item: usize,
    /// Its score.
    pub score: usize,
    /// Numbers per alternative.
    pub size: usize,
}
crate::json_out::json_object!(AlternativeLayout {
    "category" => category,
    "item" => item,
    "score" => score,
    "size" => size,
});

/// Offsets within one evidence entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceLayout {
    /// Phrase index into the tables' phrases.
    pub phrase: usize,
    /// Role index within the phrase.
    pub role: usize,
    /// Start, as a JavaScript string index.
    pub start: usize,
    /// End (exclusive), as a JavaScript string index.
    pub end: usize,
    /// Weight it added (0 when it did not count).
    pub weight: usize,
    /// 1 when it stood in the subject line.
    pub in_subject: usize,
    /// 1 when it was not counted (negation, salutation).
    pub discounted: usize,
    /// Numbers per evidence entry.
    pub size: usize,
}
crate::json_out::json_object!(EvidenceLayout {
    "phrase" => phrase,
    "role" => role,
    "start" => start,
    "end" => end,
    "weight" => weight,
    "inSubject" => in_subject,
    "discounted" => discounted,
    "size" => size,
});

/// Where everything sits in a need record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLayout {
    /// The header.
    pub header: HeaderLayout,
    /// Each alternative.
    pub alternative: AlternativeLayout,
    /// Each evidence entry.
    pub evidence: EvidenceLayout,
}
crate::json_out::json_object!(RecordLayout {
    "header" => header,
    "alternative" => alternative,
    "evidence" => evidence,
});

/// The record layout (see the module docs).
pub const LAYOUT: RecordLayout = RecordLayout {
    header: HeaderLayout {
        category: 0,
        item: 1,
        urgency: 2,
        urgency_from_cue: 3,
        needs_human: 4,
        confidence: 5,
        score: 6,
        alternatives: 7,
        evidence: 8,
        emergency: 9,
        auto_route: 10,
        size: 11,
    },
    alternative: AlternativeLayout {
        category: 0,
        item: 1,
        score: 2,
        size: 3,
    },
    evidence: EvidenceLayout {
        phrase: 0,
        role: 1,
        start: 2,
        end: 3,
        weight: 4,
        in_subject: 5,
        discounted: 6,
        size: 7,
    },
};

/// Appends `size` numbers to `out` (set to −1) and returns them for filling in.
/// The lengths of the three kinds of record, as constants: each part is filled in an array
/// of its own length, so the layout's constant indices need no bounds check at run time.
const HEADER: usize = LAYOUT.header.size;
const ALTERNATIVE: usize = LAYOUT.alternative.size;
const EVIDENCE: usize = LAYOUT.evidence.size;

/// One label of the tables that numeric records index into.
#[derive(Debug, Clone, PartialEq)]
pub struct TableEntry {
    /// Stable code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Who handles it (categories, items and 其他).
    pub handler: Option<String>,
}
crate::json_out::json_object!(TableEntry {
    "code" => code,
    "name" => name,
    "handler" => handler if some,
});

/// A phrase of the rulebook and what each of its roles does.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseEntry {
    /// The phrase.
    pub text: String,
    /// Its roles (a category-family role and/or an urgency cue).
    pub roles: Vec<RoleEntry>,
}
crate::json_out::json_object!(PhraseEntry {
    "text" => text,
    "roles" => roles,
});

/// One role of a phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleEntry {
    /// What kind of rule it is.
    pub kind: EvidenceKind,
    /// The code it counts for, if any.
    pub target: Option<String>,
    /// JSON pointer of the rule.
    pub rule: String,
}
crate::json_out::json_object!(RoleEntry {
    "kind" => kind,
    "target" => target if some,
    "rule" => rule,
});

/// The labels numeric need records refer to, and where the numbers sit.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedTables {
    /// Categories, then 其他.
    pub categories: Vec<TableEntry>,
    /// Items in rulebook order.
    pub items: Vec<TableEntry>,
    /// Urgency levels in rulebook order.
    pub urgencies: Vec<TableEntry>,
    /// Phrases by id.
    pub phrases: Vec<PhraseEntry>,
    /// Emergency kinds in rulebook order.
    pub emergencies: Vec<EmergencyResult>,
    /// The record layout.
    pub layout: RecordLayout,
    /// The longest text the rulebook accepts, in characters (`needs.maxTextChars`), so a
    /// caller can refuse a far longer one before copying it into the engine.
    pub max_text_chars: usize,
}
crate::json_out::json_object!(NeedTables {
    "categories" => categories,
    "items" => items,
    "urgencies" => urgencies,
    "phrases" => phrases,
    "emergencies" => emergencies,
    "layout" => layout,
    "maxTextChars" => max_text_chars,
});

impl NeedsRules {
    /// Categorises one text (already checked with [`NeedsRules::check_text`]) into a
    /// numeric record (see the module docs) appended to `out`.
    pub(super) fn record(
        &self,
        text: &str,
        options: ClassifyOptions,
        s: &mut Scratch,
        out: &mut Vec<f64>,
    ) {
        let v = self.verdict(text, s, options.evidence);
        let index = |x: Option<usize>| x.map_or(-1.0, |i| i as f64);
        let chosen = (!v.needs_human).then(|| v.ranked[0].0);
        let skip = usize::from(chosen.is_some());
        let alternatives = &v.ranked[skip..v.ranked_len];
        let alternatives = &alternatives[..alternatives.len().min(options.alternatives)];
        let (h, a, e) = (LAYOUT.header, LAYOUT.alternative, LAYOUT.evidence);
        let mut header = [-1.0; HEADER];
        header[h.category] = index(chosen);
        header[h.item] = index(v.item);
        header[h.urgency] = index(v.urgency.map(|u| u.0));
        header[h.urgency_from_cue] = f64::from(u8::from(v.urgency.is_some_and(|u| u.1)));
        header[h.needs_human] = f64::from(u8::from(v.needs_human));
        header[h.confidence] = v.confidence;
        header[h.score] = if v.ranked_len > 0 { v.ranked[0].1 } else { 0.0 };
        header[h.alternatives] = alternatives.len() as f64;
        header[h.emergency] = index(v.emergency);
        header[h.auto_route] = f64::from(u8::from(
            !v.needs_human && v.confidence >= self.auto_route_confidence,
        ));
        header[h.evidence] = if options.evidence {
            s.counted.len() as f64
        } else {
            0.0
        };
        out.extend_from_slice(&header);
        for &(c, score) in alternatives {
            let mut alt = [-1.0; ALTERNATIVE];
            alt[a.category] = c as f64;
            alt[a.item] = index(self.best_item(c, &s.item_scores));
            alt[a.score] = score;
            out.extend_from_slice(&alt);
        }
        if !options.evidence {
            return;
        }
        for c in &s.counted {
            let role = &self.phrases[c.hit.phrase as usize].roles[usize::from(c.role)];
            let counts = !c.discounted
                && !matches!(
                    role.target,
                    Target::Negation
                        | Target::GreetingLeading
                        | Target::GreetingTrailing
                        | Target::Ignore
                        | Target::EmergencyIgnore
                        | Target::NotNow
                );
            let mut ev = [-1.0; EVIDENCE];
            ev[e.phrase] = f64::from(c.hit.phrase);
            ev[e.role] = f64::from(c.role);
            ev[e.start] = f64::from(s.offsets[c.hit.start as usize]);
            ev[e.end] = f64::from(s.offsets[c.hit.end as usize]);
            ev[e.weight] = if counts { c.weight } else { 0.0 };
            ev[e.in_subject] = f64::from(u8::from(c.in_subject));
            ev[e.discounted] = f64::from(u8::from(c.discounted));
            out.extend_from_slice(&ev);
        }
    }

    /// The labels a record's indices refer to.
    pub(super) fn tables(&self) -> NeedTables {
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
            emergencies: (0..self.emergencies.len())
                .map(|k| self.emergency(k))
                .collect(),
            layout: LAYOUT,
            max_text_chars: self.max_text_chars,
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
            Target::Emergency(k) => (
                EvidenceKind::Emergency,
                Some(self.emergencies[usize::from(k)].label.code.clone()),
            ),
            // Never in the evidence (see `count`); described for completeness.
            Target::NotNow | Target::EmergencyIgnore => (EvidenceKind::Ignore, None),
            Target::Negation => (EvidenceKind::Negation, None),
            Target::GreetingLeading | Target::GreetingTrailing => (EvidenceKind::Greeting, None),
            Target::Ignore => (EvidenceKind::Ignore, None),
        }
    }

    /// Emergency kind `k` as a result shows it.
    fn emergency(&self, k: usize) -> EmergencyResult {
        let kind = &self.emergencies[k];
        EmergencyResult {
            code: kind.label.code.clone(),
            name: kind.label.name.clone(),
            call: kind.call.clone(),
            instruction: kind.instruction.clone(),
        }
    }

    /// Dresses the record at the start of `rec` as a result; returns it and the record's
    /// length.
    pub(super) fn decode(&self, rec: &[f64]) -> (NeedResult, usize) {
        let (h, a, e) = (LAYOUT.header, LAYOUT.alternative, LAYOUT.evidence);
        let at = |i: usize| rec.get(i).copied().unwrap_or(-1.0);
        let index = |x: f64| (x >= 0.0).then_some(x as usize);
        let (category, item) = (index(at(h.category)), index(at(h.item)));
        let handler = match (category, item) {
            (_, Some(i)) => Some(self.items[i].handler.clone()),
            (Some(c), None) => Some(match self.categories.get(c) {
                Some(category) => category.handler.clone(),
                None => self.out_of_scope_handler.clone(),
            }),
            (None, None) => None,
        };
        let mut p = h.size;
        let alternatives = (0..at(h.alternatives).max(0.0) as usize)
            .map(|_| {
                let alt = NeedAlternative {
                    category: self.candidate_label(at(p + a.category) as usize),
                    item: index(at(p + a.item)).map(|i| self.items[i].label.clone()),
                    score: at(p + a.score),
                };
                p += a.size;
                alt
            })
            .collect();
        let evidence = (0..at(h.evidence).max(0.0) as usize)
            .map(|_| {
                let phrase = &self.phrases[at(p + e.phrase) as usize];
                let role = &phrase.roles[at(p + e.role) as usize];
                let (kind, target) = self.describe_target(role.target);
                let ev = Evidence {
                    phrase: phrase.text.clone(),
                    start: at(p + e.start) as u32,
                    end: at(p + e.end) as u32,
                    kind,
                    target,
                    rule: role.rule.clone(),
                    weight: at(p + e.weight),
                    in_subject: at(p + e.in_subject) != 0.0,
                    discounted: at(p + e.discounted) != 0.0,
                };
                p += e.size;
                ev
            })
            .collect();
        let result = NeedResult {
            category: category.map(|c| self.candidate_label(c)),
            item: item.map(|i| self.items[i].label.clone()),
            needs_human: at(h.needs_human) != 0.0,
            auto_route: at(h.auto_route) == 1.0,
            urgency: index(at(h.urgency)).map(|level| UrgencyResult {
                code: self.urgencies[level].label.code.clone(),
                name: self.urgencies[level].label.name.clone(),
                source: if at(h.urgency_from_cue) != 0.0 {
                    "cue"
                } else {
                    "default"
                },
            }),
            emergency: index(at(h.emergency)).map(|k| self.emergency(k)),
            confidence: at(h.confidence),
            score: at(h.score),
            alternatives,
            evidence,
            handler,
        };
        (result, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::needs::with_scratch;
    use crate::Engine;

    /// A record decodes to the result it encodes, and its length is what the layout says.
    #[test]
    fn records_round_trip_through_the_layout() {
        let engine = Engine::default();
        let needs = engine.section::<NeedsRules>("test").unwrap();
        let (h, a, e) = (LAYOUT.header, LAYOUT.alternative, LAYOUT.evidence);
        for text in [
            "楼道灯坏了，电梯也不动了",
            "不是电梯的问题，是楼道灯",
            "您好",
            "出租车乱收费",
        ] {
            for options in [
                ClassifyOptions::default(),
                ClassifyOptions {
                    evidence: false,
                    alternatives: 0,
                },
            ] {
                let mut rec = Vec::new();
                with_scratch(|s| needs.record(text, options, s, &mut rec));
                let len = h.size
                    + rec[h.alternatives] as usize * a.size
                    + rec[h.evidence] as usize * e.size;
                assert_eq!(rec.len(), len, "{text}");
                // Two records back to back decode one after the other.
                let mut two = rec.clone();
                two.extend_from_slice(&rec);
                let (decoded, used) = needs.decode(&two);
                assert_eq!(used, len);
                assert_eq!(needs.decode(&two[used..]).0, decoded);
                assert_eq!(decoded.evidence.len(), rec[h.evidence] as usize);
                assert_eq!(decoded.alternatives.len(), rec[h.alternatives] as usize);
                assert_eq!(decoded.needs_human, rec[h.needs_human] == 1.0);
                if text.starts_with("楼道灯") {
                    assert_eq!(decoded.item.unwrap().code, "lighting");
                    assert_eq!(rec.len() > h.size, options.evidence);
                }
            }
        }
    }
}
