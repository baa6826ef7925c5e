//! Results as JSON text: what `JSON.parse` reads in JavaScript and [`ToJson::to_json`]
//! gives a native caller. Every result type lists its fields once, with their JSON names,
//! in a `json_object!` line beside its definition; the writer is one
//! small piece of code that every type calls into, rather than a serializer compiled out in
//! full for each type (serde's derive and serde_json's writer cost the wasm module about
//! 6 KB gzipped more, as measured).
//!
//! The text is what serde_json writes for the same value: keys in the listed order, no
//! spaces, only `"`, `\` and control characters escaped (`\n` and friends, else `\u00XX`),
//! floats in their shortest round-trip form (`3.0` stays a float), and a float that is not
//! finite as `null`.

use crate::error::Code;
use crate::json_value::Value;
use std::collections::BTreeMap;

/// JSON text being written.
#[derive(Debug, Default)]
pub struct JsonOut {
    text: String,
    /// Nothing written yet in the innermost open object or array.
    first: bool,
}

/// A value that writes itself as JSON.
pub trait ToJson {
    /// Writes the value.
    fn write_json(&self, out: &mut JsonOut);

    /// The value as JSON text.
    // `Self: Sized` keeps both out of every `dyn ToJson` table, where they would be
    // compiled once per type.
    fn to_json_text(&self) -> String
    where
        Self: Sized,
    {
        text(self)
    }

    /// The value as a [`Value`] (its JSON text, read back).
    fn to_json(&self) -> Value
    where
        Self: Sized,
    {
        crate::json_text::parse(&text(self)).map_or(Value::Null, |(v, _)| v)
    }
}

/// The JSON text of a value.
pub(crate) fn text(value: &dyn ToJson) -> String {
    let mut out = JsonOut::default();
    value.write_json(&mut out);
    out.text
}

/// An object's fields without its braces, so that a wrapper can add its own
/// ([`Stamped`](crate::Stamped) adds `rulebook`).
pub trait JsonFields {
    /// Writes the fields, each after a comma when it is not the first.
    fn write_fields(&self, out: &mut JsonOut);
}

impl JsonOut {
    fn comma(&mut self) {
        if !self.first {
            self.text.push(',');
        }
        self.first = false;
    }

    /// Opens an object.
    pub fn open(&mut self) {
        self.text.push('{');
        self.first = true;
    }

    /// Closes an object.
    pub fn close(&mut self) {
        self.text.push('}');
        self.first = false;
    }

    /// One field: `key` is the key already quoted with its colon (`"name":`), as
    /// `json_object!` writes it.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) {
        self.comma();
        self.text.push_str(key);
        value.write_json(self);
    }

    /// An object of entries whose keys are data (member ids), escaped.
    fn map<'a, V: ToJson + 'a>(&mut self, entries: impl IntoIterator<Item = (&'a String, &'a V)>) {
        self.open();
        for (key, value) in entries {
            self.comma();
            self.string(key);
            self.text.push(':');
            value.write_json(self);
        }
        self.close();
    }

    /// An object of one field (`key` quoted, with its colon): a batch item's `{ error }`.
    pub fn wrapped(&mut self, key: &str, value: &dyn ToJson) {
        self.open();
        self.field(key, value);
        self.close();
    }

    /// An array of `items`.
    fn array<T: ToJson>(&mut self, items: &[T]) {
        self.text.push('[');
        self.first = true;
        for item in items {
            self.item(item);
        }
        self.text.push(']');
        self.first = false;
    }

    /// One entry of an array (not generic: each element type adds only its loop).
    fn item(&mut self, item: &dyn ToJson) {
        self.comma();
        item.write_json(self);
    }

    /// A string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.text.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                0..=0x1F => "",
                _ => continue,
            };
            // Cut at an ASCII byte, so both sides are whole characters.
            self.text.push_str(s.get(start..i).unwrap_or_default());
            start = i + 1;
            if escape.is_empty() {
                self.text.push_str("\\u00");
                self.text.push(HEX[usize::from(b >> 4)] as char);
                self.text.push(HEX[usize::from(b & 15)] as char);
            } else {
                self.text.push_str(escape);
            }
        }
        self.text.push_str(s.get(start..).unwrap_or_default());
        self.text.push('"');
    }

    /// A whole number.
    fn integer(&mut self, negative: bool, mut n: u64) {
        if negative {
            self.text.push('-');
        }
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.text.push(d as char);
        }
    }
}

/// Writes the `ToJson` of a result type from its fields: `"jsonName" => field` for each, in
/// order; `if some` after a field of type `Option` leaves it out when it is `None`, and
/// `if set` after a `bool` leaves it out when it is `false`.
macro_rules! json_object {
    ($ty:ident { $($json:literal => $field:ident $(if $cond:ident)?),* $(,)? }) => {
        impl $crate::json_out::JsonFields for $ty {
            fn write_fields(&self, out: &mut $crate::json_out::JsonOut) {
                $( $crate::json_out::json_object!(@field out, self, $json, $field $($cond)?); )*
            }
        }
        impl $crate::json_out::ToJson for $ty {
            fn write_json(&self, out: &mut $crate::json_out::JsonOut) {
                out.open();
                $crate::json_out::JsonFields::write_fields(self, out);
                out.close();
            }
        }
    };
    (@field $out:ident, $s:ident, $json:literal, $field:ident) => {
        $out.field(concat!("\"", $json, "\":"), &$s.$field)
    };
    (@field $out:ident, $s:ident, $json:literal, $field:ident some) => {
        if let Some(v) = &$s.$field {
            $out.field(concat!("\"", $json, "\":"), v)
        }
    };
    (@field $out:ident, $s:ident, $json:literal, $field:ident set) => {
        if $s.$field {
            $out.field(concat!("\"", $json, "\":"), &true)
        }
    };
}

/// Writes the `ToJson` of a field-less enum as a string per variant.
macro_rules! json_enum {
    ($ty:ident { $($variant:ident => $json:literal),* $(,)? }) => {
        impl $crate::json_out::ToJson for $ty {
            fn write_json(&self, out: &mut $crate::json_out::JsonOut) {
                let s: &str = match self {
                    $( $ty::$variant => $json, )*
                };
                s.write_json(out)
            }
        }
    };
}

pub(crate) use {json_enum, json_object};

impl ToJson for str {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonOut) {
        out.text.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut JsonOut) {
        out.integer(false, *self);
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut JsonOut) {
        out.integer(*self < 0, self.unsigned_abs());
    }
}

/// Smaller integers as the two above.
macro_rules! via {
    ($($t:ty => $wide:ty),*) => {
        $(impl ToJson for $t {
            fn write_json(&self, out: &mut JsonOut) {
                <$wide>::from(*self).write_json(out);
            }
        })*
    };
}
via!(u8 => u64, u16 => u64, u32 => u64, i32 => i64);

impl ToJson for usize {
    fn write_json(&self, out: &mut JsonOut) {
        out.integer(false, *self as u64);
    }
}

/// Floats in their shortest round-trip form, by the code serde_json uses (zmij), so an
/// `f32` is written as the `f32` it is (`0.85`, not `0.8500000238418579`).
macro_rules! float {
    ($($t:ty),*) => {
        $(impl ToJson for $t {
            fn write_json(&self, out: &mut JsonOut) {
                if self.is_finite() {
                    out.text.push_str(zmij::Buffer::new().format_finite(*self));
                } else {
                    out.text.push_str("null");
                }
            }
        })*
    };
}
float!(f32, f64);

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut JsonOut) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonOut) {
        match self {
            Some(v) => v.write_json(out),
            None => out.text.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonOut) {
        out.array(self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonOut) {
        out.array(self);
    }
}

/// Values by text key, in key order, written as a JSON object. A sorted list rather than a
/// `BTreeMap`: each `BTreeMap` value type compiles its own tree code into the module (about
/// 1.5 KB gzipped each), and these maps are small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<V> SortedMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V> FromIterator<(String, V)> for SortedMap<V> {
    /// A later value of the same key replaces an earlier one, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(items: I) -> Self {
        let mut map = SortedMap::new();
        for (k, v) in items {
            map.insert(k, v);
        }
        map
    }
}

impl<V: ToJson> ToJson for SortedMap<V> {
    fn write_json(&self, out: &mut JsonOut) {
        out.map(self.entries.iter().map(|(k, v)| (k, v)));
    }
}

impl<V: ToJson> ToJson for BTreeMap<String, V> {
    fn write_json(&self, out: &mut JsonOut) {
        out.map(self);
    }
}

/// A JSON value as it was read, for either value type (serde_json's natively, the wasm
/// module's own in [`crate::json_value`]).
macro_rules! value_to_json {
    ($($t:ty),*) => {
        $(impl ToJson for $t {
            fn write_json(&self, out: &mut JsonOut) {
                match self {
                    Self::Null => out.text.push_str("null"),
                    Self::Bool(b) => b.write_json(out),
                    Self::Number(n) => n.write_json(out),
                    Self::String(s) => out.string(s),
                    Self::Array(items) => out.array(items),
                    Self::Object(map) => out.map(map),
                }
            }
        })*
    };
}
value_to_json!(crate::json_value::own::Value);
#[cfg(any(not(target_arch = "wasm32"), test))]
value_to_json!(serde_json::Value);

#[cfg(any(not(target_arch = "wasm32"), test))]
impl ToJson for serde_json::Number {
    fn write_json(&self, out: &mut JsonOut) {
        use std::fmt::Write;
        let _ = write!(out.text, "{self}");
    }
}

impl ToJson for crate::json_value::own::Number {
    fn write_json(&self, out: &mut JsonOut) {
        match self.parts() {
            Ok((negative, n)) => out.integer(negative, n),
            Err(x) => x.write_json(out),
        }
    }
}

impl ToJson for Code {
    fn write_json(&self, out: &mut JsonOut) {
        out.string(self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostic;
    use serde_json::json;

    /// A `SortedMap` keeps its keys in order whatever the order of insertion, replaces a
    /// repeated key, and is written as the same object a `BTreeMap` is.
    #[test]
    fn sorted_map_is_a_map_in_key_order() {
        let mut m = SortedMap::new();
        for (k, v) in [("乙", 2), ("b", 1), ("a\"x", 0), ("乙", 3), ("", 4)] {
            m.insert(k.to_string(), v);
        }
        assert_eq!(m.len(), 4);
        assert_eq!(m.get("乙"), Some(&3));
        assert_eq!(m.get("c"), None);
        let tree: BTreeMap<String, i64> = m.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(text(&m), text(&tree));
        assert_eq!(m.keys().collect::<Vec<_>>(), vec!["", "a\"x", "b", "乙"]);
        let from: SortedMap<i64> = [("z".to_string(), 1), ("z".to_string(), 2)]
            .into_iter()
            .collect();
        assert_eq!(text(&from), r#"{"z":2}"#);
        assert!(SortedMap::<i64>::new().is_empty());
    }

    #[test]
    fn text_is_what_serde_json_writes() {
        let values = [
            json!({"a": [1, -2, 3.5, 3.0, 1e300, -0.0, true, null, "字\u{1}\u{7f}\n\"\\/\u{8}\u{c}\r\t😀"], "b": {}, "c": u64::MAX, "d": i64::MIN}),
            json!([
                [],
                {},
                "",
                0,
                0.1,
                1e-7,
                123456789.125,
                f64::MAX,
                f64::MIN_POSITIVE
            ]),
        ];
        for v in values {
            assert_eq!(v.to_json_text(), serde_json::to_string(&v).unwrap());
            assert_eq!(v.to_json(), v);
        }
        assert_eq!(f64::NAN.to_json_text(), "null");
        assert_eq!(f64::INFINITY.to_json_text(), "null");
        let map: BTreeMap<String, i64> = [("a\"b".to_string(), -3), ("c".to_string(), 0)].into();
        assert_eq!(map.to_json_text(), r#"{"a\"b":-3,"c":0}"#);
        assert_eq!(Some(vec![1u8, 2]).to_json_text(), "[1,2]");
        assert_eq!(None::<u8>.to_json_text(), "null");
        let d = Diagnostic {
            code: Code::Duplicate,
            path: "/a".into(),
            message: "x".into(),
        };
        assert_eq!(
            vec![d.clone(), d].to_json_text(),
            r#"[{"code":"DUPLICATE","path":"/a","message":"x"},{"code":"DUPLICATE","path":"/a","message":"x"}]"#
        );
    }
}
