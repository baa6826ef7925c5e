//! One event of the points ledger as the replay reads it: its fields by name, borrowed from
//! wherever the event came from — a JSON value (the Rust API, the shared vectors) or a packed
//! chunk (the JavaScript package, which packs plain events into one string and a few typed
//! arrays instead of JSON, see [`Packed`]) — so both give the same answers through the same
//! code. Paths for errors are built only when an event is rejected.

use super::ledger::Problem;
use crate::canonical::canonical_json;
use crate::digest::Digest;
pub(crate) use crate::digest::{text_digest, FastMap};
use crate::error::Code;
use crate::json_value::{Map, Value};
use crate::label::MAX_NAME_CHARS;

/// The fields the ledger reads, in the order of their bit in a packed mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum F {
    Key,
    Type,
    At,
    Household,
    Member,
    Gender,
    Rule,
    Dimension,
    Points,
    Item,
    Qty,
    Reverses,
    Month,
    Reason,
    Actor,
    ActorRole,
    Approver,
    Evidence,
    Rating,
    Members,
}

/// Field names by [`F`].
pub(crate) const FIELDS: [&str; 20] = [
    "key",
    "type",
    "at",
    "household",
    "member",
    "gender",
    "rule",
    "dimension",
    "points",
    "item",
    "qty",
    "reverses",
    "month",
    "reason",
    "actor",
    "actorRole",
    "approver",
    "evidence",
    "rating",
    "members",
];

/// The index of a field name in [`FIELDS`].
fn field_index(name: &str) -> Option<usize> {
    // Most names differ in length or first letter: one comparison each, usually.
    let b = name.as_bytes();
    let first = *b.first()?;
    FIELDS
        .iter()
        .position(|f| f.len() == b.len() && f.as_bytes()[0] == first && *f == name)
}

/// Fields a packed event carries as numbers; every other packed field is text.
pub(crate) const NUMERIC: u32 =
    (1 << F::Points as u32) | (1 << F::Qty as u32) | (1 << F::Rating as u32);

/// The fields a seal adds: not content, so a retried event sealed again is the same event.
pub(crate) const SEAL_FIELDS: [&str; 3] = ["prev", "rulebook", "hash"];

/// One field as it came.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field<'a> {
    Absent,
    Null,
    Str(&'a str),
    Num(f64),
    /// Anything else (a boolean, an array, an object), from a JSON value.
    Other(&'a Value),
}

/// An event, read.
#[derive(Debug)]
pub(crate) struct Event<'a> {
    /// Its index in the events.
    pub(crate) index: usize,
    fields: [Field<'a>; 20],
    /// Fields the ledger does not read (an app's own notes): part of the content.
    extras: Vec<(&'a str, &'a Value)>,
}

impl<'a> Event<'a> {
    /// The event of a JSON value; the problem when it is not an object.
    pub(crate) fn from_value(index: usize, v: &'a Value) -> Result<Event<'a>, Problem> {
        let Some(m) = v.as_object() else {
            return Err((Code::WrongType, format!("/{index}"), "事件应为对象".into()));
        };
        Ok(Event::from_map(index, m))
    }

    fn from_map(index: usize, m: &'a Map<String, Value>) -> Event<'a> {
        let mut e = Event {
            index,
            ..Event::blank()
        };
        for (k, v) in m {
            match field_index(k) {
                Some(i) => {
                    e.fields[i] = match v {
                        Value::Null => Field::Null,
                        Value::String(s) => Field::Str(s),
                        Value::Number(n) => n.as_f64().map_or(Field::Other(v), Field::Num),
                        _ => Field::Other(v),
                    }
                }
                None if SEAL_FIELDS.contains(&k.as_str()) => {}
                None => e.extras.push((k, v)),
            }
        }
        e
    }

    /// An empty event to unpack into.
    pub(crate) fn blank() -> Event<'a> {
        Event {
            index: 0,
            fields: [Field::Absent; 20],
            extras: Vec::new(),
        }
    }

    /// A field.
    pub(crate) fn get(&self, f: F) -> Field<'a> {
        self.fields[f as usize]
    }

    /// The JSON pointer of a field of this event.
    pub(crate) fn path(&self, f: F) -> String {
        format!("/{}/{}", self.index, FIELDS[f as usize])
    }

    /// A problem with a field.
    pub(crate) fn problem(&self, f: F, code: Code, message: impl Into<String>) -> Problem {
        (code, self.path(f), message.into())
    }

    /// A required text field of 1–200 characters.
    pub(crate) fn text(&self, f: F) -> Result<&'a str, Problem> {
        let name = FIELDS[f as usize];
        match self.get(f) {
            Field::Str(s) if !s.trim().is_empty() && s.chars().count() <= MAX_NAME_CHARS * 2 => {
                Ok(s)
            }
            Field::Absent | Field::Null => {
                Err(self.problem(f, Code::MissingField, format!("缺少必填字段 {name}")))
            }
            Field::Str(_) => Err(self.problem(
                f,
                Code::InvalidValue,
                format!("{name} 应为 1–{} 个字符的文本", MAX_NAME_CHARS * 2),
            )),
            _ => Err(self.problem(f, Code::WrongType, format!("{name} 应为文本"))),
        }
    }

    /// An optional text field: absent or `null` for none.
    pub(crate) fn optional_text(&self, f: F) -> Result<Option<&'a str>, Problem> {
        match self.get(f) {
            Field::Absent | Field::Null => Ok(None),
            _ => self.text(f).map(Some),
        }
    }

    /// A text field, or `""` (for fields already checked).
    pub(crate) fn text_or_empty(&self, f: F) -> &'a str {
        match self.get(f) {
            Field::Str(s) => s,
            _ => "",
        }
    }

    /// The key, when it is text.
    pub(crate) fn key(&self) -> Option<&'a str> {
        match self.get(F::Key) {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A 128-bit digest of the content — every field but the seal's — so that a repeat of an
    /// event is recognised without keeping the event: equal for equal content whichever way
    /// the events came (a number is its value, so `5` and `5.0` are the same).
    pub(crate) fn digest(&self) -> u128 {
        let mut d = Digest::new();
        for (i, f) in self.fields.iter().enumerate() {
            match f {
                Field::Absent => continue,
                Field::Null => d.tagged(i as u8, 0, &[]),
                Field::Str(s) => d.tagged(i as u8, 1, s.as_bytes()),
                Field::Num(x) => {
                    let x = if *x == 0.0 { 0.0f64 } else { *x };
                    d.tagged(i as u8, 2, &x.to_bits().to_le_bytes());
                }
                Field::Other(v) => d.tagged(i as u8, 3, canonical_json(v).as_bytes()),
            }
        }
        // Fields in key order (an insertion sort: an app adds a field or two, and it keeps
        // the module smaller than a library sort).
        let mut extras = self.extras.clone();
        for i in 1..extras.len() {
            let mut j = i;
            while j > 0 && extras[j - 1].0 > extras[j].0 {
                extras.swap(j - 1, j);
                j -= 1;
            }
        }
        for (k, v) in extras {
            d.tagged(255, 4, k.as_bytes());
            d.tagged(255, 5, canonical_json(v).as_bytes());
        }
        d.finish()
    }
}

/// What a packed mask says besides its fields.
const JSON_EVENT: u32 = 1 << 31;
const UNREADABLE: u32 = 1 << 30;

/// A chunk of events packed by the JavaScript package: every text field of every event one
/// after the other as UTF-16 code units in `units`, with each text's length in `lens`; one
/// mask per event in `masks`, bit `i` set when field `i` of [`PACKED_FIELDS`](super::PACKED_FIELDS) is present (`points`,
/// `qty` and `rating` taken in order from `nums`, the rest from the texts). An event that is
/// not plain text and numbers (nested values, fields the ledger does not read, `null`) comes
/// as its JSON text (mask bit 31, one text); one the package could not read at all comes as
/// code, path and message (bit 30, three texts). Code units cross as they are, so a text
/// with a lone surrogate is found here and its event rejected with the field's path.
#[derive(Debug, Clone, Copy)]
pub struct Packed<'a> {
    /// The texts, in UTF-16 code units.
    pub units: &'a [u16],
    /// Length of each text in code units.
    pub lens: &'a [u32],
    /// One mask per event.
    pub masks: &'a [u32],
    /// The numbers.
    pub nums: &'a [f64],
}

/// The texts of a chunk, decoded once: where each lies in `text`, or `None` for a text with
/// a lone surrogate.
pub(crate) struct Texts {
    text: String,
    spans: Vec<Option<(u32, u32)>>,
}

impl Texts {
    /// Decodes the texts of `chunk`; `None` when the lengths run past the units.
    pub(crate) fn decode(chunk: &Packed<'_>) -> Option<Texts> {
        let mut text = String::with_capacity(chunk.units.len());
        let mut spans = Vec::with_capacity(chunk.lens.len());
        let mut at = 0usize;
        for &len in chunk.lens {
            let end = at.checked_add(len as usize)?;
            let units = chunk.units.get(at..end)?;
            at = end;
            let start = text.len();
            if units.iter().all(|&u| u < 0x80) {
                text.extend(units.iter().map(|&u| u as u8 as char));
            } else {
                let mut ok = true;
                for c in char::decode_utf16(units.iter().copied()) {
                    match c {
                        Ok(c) => text.push(c),
                        Err(_) => ok = false,
                    }
                }
                if !ok {
                    text.truncate(start);
                    spans.push(None);
                    continue;
                }
            }
            spans.push(Some((start as u32, text.len() as u32)));
        }
        (at == chunk.units.len()).then_some(Texts { text, spans })
    }
}

/// One event of a packed chunk.
pub(crate) enum Unpacked<'a> {
    /// Plain fields, written into the event passed in (one event is reused for a whole
    /// chunk: building and moving a fresh one cost the replay a copy of its 20 fields).
    Event,
    /// JSON text to read as a value.
    Json(&'a str),
    /// The package could not read it: code, path, message.
    Unreadable(&'a str, &'a str, &'a str),
    /// A text field with a lone surrogate.
    Surrogate(F),
}

/// Walks a packed chunk; `None` when the chunk does not hold together (too few texts or
/// numbers), which only a broken package produces.
pub(crate) struct Unpacker<'a> {
    texts: &'a Texts,
    nums: &'a [f64],
    next_text: usize,
    next_num: usize,
}

impl<'a> Unpacker<'a> {
    pub(crate) fn new(texts: &'a Texts, chunk: &Packed<'a>) -> Unpacker<'a> {
        Unpacker {
            texts,
            nums: chunk.nums,
            next_text: 0,
            next_num: 0,
        }
    }

    /// The next text: `Some(None)` when it holds a lone surrogate.
    fn text(&mut self) -> Option<Option<&'a str>> {
        let span = *self.texts.spans.get(self.next_text)?;
        self.next_text += 1;
        Some(span.map(|(a, b)| {
            self.texts
                .text
                .get(a as usize..b as usize)
                .unwrap_or_default()
        }))
    }

    /// Event `index` (whose mask is `mask`): plain fields are written into `e`.
    pub(crate) fn next(
        &mut self,
        e: &mut Event<'a>,
        index: usize,
        mask: u32,
    ) -> Option<Unpacked<'a>> {
        if mask & JSON_EVENT != 0 {
            return Some(
                self.text()?
                    .map_or(Unpacked::Surrogate(F::Key), Unpacked::Json),
            );
        }
        if mask & UNREADABLE != 0 {
            let (code, path, message) = (self.text()?, self.text()?, self.text()?);
            return Some(Unpacked::Unreadable(
                code.unwrap_or_default(),
                path.unwrap_or_default(),
                message.unwrap_or_default(),
            ));
        }
        e.index = index;
        let mut surrogate = None;
        for (i, field) in e.fields.iter_mut().enumerate() {
            if mask & (1 << i) == 0 {
                *field = Field::Absent;
                continue;
            }
            *field = if NUMERIC & (1 << i) != 0 {
                let x = *self.nums.get(self.next_num)?;
                self.next_num += 1;
                Field::Num(x)
            } else {
                match self.text()? {
                    Some(s) => Field::Str(s),
                    None => {
                        surrogate = surrogate.or(Some(i));
                        Field::Absent
                    }
                }
            };
        }
        if let Some(i) = surrogate {
            return Some(Unpacked::Surrogate(FIELD_IDS[i]));
        }
        Some(Unpacked::Event)
    }

    /// Whether every text and number was used.
    /// Whether `chunk`'s masks ask for exactly the texts and numbers it holds (counted from
    /// the masks alone, without reading an event), so unpacking it cannot run short.
    pub(crate) fn fits(chunk: &Packed<'_>) -> bool {
        let fields = (1u32 << FIELDS.len()) - 1;
        let (mut texts, mut nums) = (0usize, 0usize);
        for &mask in chunk.masks {
            if mask & JSON_EVENT != 0 {
                texts += 1;
            } else if mask & UNREADABLE != 0 {
                texts += 3;
            } else {
                texts += (mask & fields & !NUMERIC).count_ones() as usize;
                nums += (mask & fields & NUMERIC).count_ones() as usize;
            }
        }
        texts == chunk.lens.len() && nums == chunk.nums.len()
    }

    #[cfg(test)]
    fn finished(&self) -> bool {
        self.next_text == self.texts.spans.len() && self.next_num == self.nums.len()
    }
}

/// [`F`] by index.
const FIELD_IDS: [F; 20] = [
    F::Key,
    F::Type,
    F::At,
    F::Household,
    F::Member,
    F::Gender,
    F::Rule,
    F::Dimension,
    F::Points,
    F::Item,
    F::Qty,
    F::Reverses,
    F::Month,
    F::Reason,
    F::Actor,
    F::ActorRole,
    F::Approver,
    F::Evidence,
    F::Rating,
    F::Members,
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn digests_see_content_not_seals_or_order() {
        let a = json!({"key": "k", "type": "earn", "points": 5, "note": {"x": 1}});
        let b = json!({"note": {"x": 1}, "points": 5.0, "type": "earn", "key": "k", "hash": "ab", "prev": null});
        let c = json!({"key": "k", "type": "earn", "points": 6, "note": {"x": 1}});
        let d = |v: &Value| Event::from_value(0, v).unwrap().digest();
        assert_eq!(d(&a), d(&b));
        assert_ne!(d(&a), d(&c));
        assert_ne!(
            d(&json!({"key": "ab"})),
            d(&json!({"key": "a", "type": "b"}))
        );
        assert_ne!(text_digest("a"), text_digest("b"));
    }

    #[test]
    fn packed_chunks_unpack_and_check_their_lengths() {
        let text: Vec<u16> = "k1earnrice大米".encode_utf16().collect();
        let lens = [2, 4, 4, 2];
        let mask = 1 | 2 | 1 << F::Reason as u32 | 1 << F::Item as u32 | 1 << F::Qty as u32;
        let chunk = Packed {
            units: &text,
            lens: &lens,
            masks: &[mask],
            nums: &[2.0],
        };
        let texts = Texts::decode(&chunk).unwrap();
        let mut u = Unpacker::new(&texts, &chunk);
        let mut e = Event::blank();
        let Some(Unpacked::Event) = u.next(&mut e, 0, mask) else {
            panic!("an event")
        };
        assert_eq!(e.text(F::Item), Ok("rice"));
        assert_eq!(e.text(F::Reason), Ok("大米"));
        assert!(matches!(e.get(F::Qty), Field::Num(x) if x == 2.0));
        assert!(u.finished());
        // The masks ask for four texts and one number: a chunk with fewer or more does not fit.
        assert!(Unpacker::fits(&chunk));
        assert!(!Unpacker::fits(&Packed { nums: &[], ..chunk }));
        assert!(!Unpacker::fits(&Packed {
            lens: &[2, 4, 4],
            ..chunk
        }));
        assert!(!Unpacker::fits(&Packed {
            masks: &[mask, mask],
            ..chunk
        }));
        assert!(Unpacker::fits(&Packed {
            masks: &[1 << 31],
            lens: &[12],
            nums: &[],
            ..chunk
        }));
        assert!(Texts::decode(&Packed {
            lens: &[2, 4, 9],
            ..chunk
        })
        .is_none());
        let lone = [0x6b, 0xd800];
        let chunk = Packed {
            units: &lone,
            lens: &[1, 1],
            masks: &[3],
            nums: &[],
        };
        let texts = Texts::decode(&chunk).unwrap();
        assert!(matches!(
            Unpacker::new(&texts, &chunk).next(&mut Event::blank(), 0, 3),
            Some(Unpacked::Surrogate(F::Type))
        ));
    }
}
