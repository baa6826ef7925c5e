//! Many texts in one call. A batch has one format: numeric records one after another (see
//! [`super::record`]), with the texts that could not be read listed apart by index. The
//! object batch of [`Engine::classify_needs`](crate::Engine::classify_needs) is those records
//! decoded, and the JavaScript package's `classifyNeeds` and `classifyNeedsCompact` build
//! their results from the same records.

use super::classify::{ClassifyOptions, NeedResult, Scratch};
use super::record::LAYOUT;
use super::NeedsRules;
use crate::error::{Code, Diagnostic};
use crate::label::Named;

/// One text of a batch: its result, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum NeedOutcome {
    /// Categorised.
    Ok(Box<NeedResult>),
    /// Not a usable text.
    Failed {
        /// The problem.
        error: BatchError,
    },
}

impl crate::json_out::ToJson for NeedOutcome {
    fn write_json(&self, out: &mut crate::json_out::JsonOut) {
        match self {
            NeedOutcome::Ok(r) => r.write_json(out),
            NeedOutcome::Failed { error } => out.wrapped("\"error\":", error),
        }
    }
}

/// A text of a batch that could not be categorised.
pub type BatchError = crate::error::ItemError;

/// A batch in columns: one entry per text, indices into the label tables.
#[derive(Debug, Clone, PartialEq)]
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
crate::json_out::json_object!(CompactNeeds {
    "category" => category,
    "item" => item,
    "urgency" => urgency,
    "confidence" => confidence,
    "needsHuman" => needs_human,
    "categories" => categories,
    "items" => items,
    "urgencies" => urgencies,
    "errors" => errors,
});

/// The answer of [`Engine::classify_needs`](crate::Engine::classify_needs): one entry per
/// text, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedBatch {
    /// A result, or `{ error }` for a text that could not be read.
    pub results: Vec<NeedOutcome>,
}
crate::json_out::json_object!(NeedBatch {
    "results" => results,
});

impl NeedsRules {
    /// Numeric records for a batch (see [`NeedsRules::record`]), one after another; a text
    /// that cannot be read leaves no record and an entry in the returned errors, whose
    /// `index` says where it was.
    pub(super) fn records<'a>(
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
    pub(super) fn classify_batch<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
        options: ClassifyOptions,
    ) -> NeedBatch {
        let mut records = Vec::new();
        let errors = self.records(texts, options, &mut records);
        let mut results = Vec::new();
        let (mut p, mut errors) = (0, errors.into_iter().peekable());
        loop {
            if errors.peek().is_some_and(|e| e.index == results.len()) {
                if let Some(error) = errors.next() {
                    results.push(NeedOutcome::Failed { error });
                }
            } else if p < records.len() {
                let (result, len): (NeedResult, usize) = self.decode(&records[p..]);
                p += len;
                results.push(NeedOutcome::Ok(Box::new(result)));
            } else {
                break;
            }
        }
        NeedBatch { results }
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

    /// Categorises a batch into columns: the records of [`NeedsRules::records`] without
    /// evidence or alternatives, one column per header field.
    pub(super) fn classify_compact<'a>(
        &self,
        texts: impl IntoIterator<Item = Option<&'a str>>,
    ) -> CompactNeeds {
        let options = ClassifyOptions {
            evidence: false,
            alternatives: 0,
        };
        let mut records = Vec::new();
        let errors = self.records(texts, options, &mut records);
        let h = LAYOUT.header;
        // Without alternatives and evidence a record is its header.
        let size = h.size;
        let n = records.len() / size + errors.len();
        let mut out = CompactNeeds {
            category: Vec::with_capacity(n),
            item: Vec::with_capacity(n),
            urgency: Vec::with_capacity(n),
            confidence: Vec::with_capacity(n),
            needs_human: Vec::with_capacity(n),
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
        let mut records = records.chunks_exact(size);
        let mut errors = errors.into_iter().peekable();
        for i in 0..n {
            let rec = match errors.next_if(|e| e.index == i) {
                Some(e) => {
                    out.errors.push(e);
                    None
                }
                None => records.next(),
            };
            // −1 (none) becomes the column's "none" value.
            let (c, it, u) = match rec {
                Some(r) => (r[h.category], r[h.item], r[h.urgency]),
                None => (-1.0, -1.0, -1.0),
            };
            out.category.push(if c < 0.0 { u8::MAX } else { c as u8 });
            out.item.push(if it < 0.0 { u16::MAX } else { it as u16 });
            out.urgency.push(if u < 0.0 { u8::MAX } else { u as u8 });
            out.confidence
                .push(rec.map_or(0.0, |r| r[h.confidence] as f32));
            out.needs_human
                .push(rec.map_or(1, |r| u8::from(r[h.needs_human] != 0.0)));
        }
        out
    }
}
