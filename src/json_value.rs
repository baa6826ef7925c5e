//! The JSON value every rule reads: `serde_json`'s [`Value`] natively (the type of the
//! public Rust API), and in the wasm module a value of the same shape and methods ([`own`])
//! whose objects are sorted lists rather than `BTreeMap`s — the tree code cost the module
//! about 2.5 KB gzipped, and an object in a rule's input holds a few dozen keys at most.
//!
//! Both iterate an object's keys in byte order and behave alike on every method the rules
//! call; the rules are written once against the names here. Tests compiled for wasm32 (which
//! clippy checks) keep serde_json's, as the native integration tests do. The Node and Chromium runs of
//! the shared vectors compare every full output with the native run, and the tests below
//! compare the two value types on the same texts.

#[cfg(any(not(target_arch = "wasm32"), test))]
pub(crate) use serde_json::{Map, Number, Value};

#[cfg(all(target_arch = "wasm32", not(test)))]
pub(crate) use own::{Map, Number, Value};

/// A JSON value with objects as sorted lists (the wasm module's [`Value`]).
#[cfg_attr(any(not(target_arch = "wasm32"), test), allow(dead_code))]
pub(crate) mod own {
    use std::fmt;

    /// A JSON value.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub enum Value {
        /// `null`.
        #[default]
        Null,
        /// `true` or `false`.
        Bool(bool),
        /// A number.
        Number(Number),
        /// A string.
        String(String),
        /// An array.
        Array(Vec<Value>),
        /// An object, its keys in byte order.
        Object(Map<String, Value>),
    }

    /// A JSON number as serde_json keeps it: a whole number that fits is an integer.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Number(N);

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum N {
        PosInt(u64),
        NegInt(i64),
        Float(f64),
    }

    impl Number {
        /// A finite float (`None` for NaN and the infinities, as JSON has no such numbers).
        pub fn from_f64(x: f64) -> Option<Number> {
            x.is_finite().then_some(Number(N::Float(x)))
        }

        /// The number as a float (always `Some`, as in serde_json without arbitrary precision).
        pub fn as_f64(&self) -> Option<f64> {
            Some(match self.0 {
                N::PosInt(u) => u as f64,
                N::NegInt(i) => i as f64,
                N::Float(f) => f,
            })
        }

        /// The number as an `i64`, if it is an integer that fits.
        pub fn as_i64(&self) -> Option<i64> {
            match self.0 {
                N::PosInt(u) => i64::try_from(u).ok(),
                N::NegInt(i) => Some(i),
                N::Float(_) => None,
            }
        }

        /// The number as a `u64`, if it is a non-negative integer.
        pub fn as_u64(&self) -> Option<u64> {
            match self.0 {
                N::PosInt(u) => Some(u),
                _ => None,
            }
        }

        /// Whether the number is held as a float.
        pub fn is_f64(&self) -> bool {
            matches!(self.0, N::Float(_))
        }

        /// Whether the number is an integer that fits an `i64`.
        pub fn is_i64(&self) -> bool {
            self.as_i64().is_some()
        }

        /// Whether the number is a non-negative integer.
        pub fn is_u64(&self) -> bool {
            matches!(self.0, N::PosInt(_))
        }

        /// The integer's sign and magnitude, or the float.
        pub(crate) fn parts(&self) -> Result<(bool, u64), f64> {
            match self.0 {
                N::PosInt(u) => Ok((false, u)),
                N::NegInt(i) => Ok((true, i.unsigned_abs())),
                N::Float(f) => Err(f),
            }
        }
    }

    impl From<u64> for Number {
        fn from(u: u64) -> Number {
            Number(N::PosInt(u))
        }
    }

    impl From<i64> for Number {
        fn from(i: i64) -> Number {
            Number(if i < 0 {
                N::NegInt(i)
            } else {
                N::PosInt(i as u64)
            })
        }
    }

    impl fmt::Display for Number {
        /// As serde_json writes it: integers in full, floats in their shortest round-trip form.
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&crate::json_out::text(self))
        }
    }

    impl Value {
        /// The value at `key` of an object (`None` for anything else).
        pub fn get(&self, key: &str) -> Option<&Value> {
            self.as_object().and_then(|m| m.get(key))
        }

        /// The string, if this is one.
        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        /// The number as a float, if this is a number.
        pub fn as_f64(&self) -> Option<f64> {
            match self {
                Value::Number(n) => n.as_f64(),
                _ => None,
            }
        }

        /// The number as an `i64`, if this is an integer that fits.
        pub fn as_i64(&self) -> Option<i64> {
            match self {
                Value::Number(n) => n.as_i64(),
                _ => None,
            }
        }

        /// The number as a `u64`, if this is a non-negative integer.
        pub fn as_u64(&self) -> Option<u64> {
            match self {
                Value::Number(n) => n.as_u64(),
                _ => None,
            }
        }

        /// The boolean, if this is one.
        pub fn as_bool(&self) -> Option<bool> {
            match self {
                Value::Bool(b) => Some(*b),
                _ => None,
            }
        }

        /// The items, if this is an array.
        pub fn as_array(&self) -> Option<&Vec<Value>> {
            match self {
                Value::Array(a) => Some(a),
                _ => None,
            }
        }

        /// The entries, if this is an object.
        pub fn as_object(&self) -> Option<&Map<String, Value>> {
            match self {
                Value::Object(m) => Some(m),
                _ => None,
            }
        }

        /// The entries, if this is an object, to change.
        pub fn as_object_mut(&mut self) -> Option<&mut Map<String, Value>> {
            match self {
                Value::Object(m) => Some(m),
                _ => None,
            }
        }

        /// Whether this is `null`.
        pub fn is_null(&self) -> bool {
            matches!(self, Value::Null)
        }

        /// Whether this is a string.
        pub fn is_string(&self) -> bool {
            matches!(self, Value::String(_))
        }

        /// Whether this is a number.
        pub fn is_number(&self) -> bool {
            matches!(self, Value::Number(_))
        }

        /// Whether this is an object.
        pub fn is_object(&self) -> bool {
            matches!(self, Value::Object(_))
        }

        /// Whether this is an array.
        pub fn is_array(&self) -> bool {
            matches!(self, Value::Array(_))
        }
    }

    impl From<String> for Value {
        fn from(s: String) -> Value {
            Value::String(s)
        }
    }

    impl From<&str> for Value {
        fn from(s: &str) -> Value {
            Value::String(s.to_string())
        }
    }

    impl From<bool> for Value {
        fn from(b: bool) -> Value {
            Value::Bool(b)
        }
    }

    impl From<u64> for Value {
        fn from(u: u64) -> Value {
            Value::Number(u.into())
        }
    }

    impl From<i64> for Value {
        fn from(i: i64) -> Value {
            Value::Number(i.into())
        }
    }

    /// An object's entries, sorted by key bytes (as a `BTreeMap<String, _>` orders them),
    /// each key once. Generic in name only, so that `Map<String, Value>` reads as in
    /// serde_json.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Map<K, V> {
        entries: Vec<(K, V)>,
    }

    impl Default for Map<String, Value> {
        fn default() -> Self {
            Map {
                entries: Vec::new(),
            }
        }
    }

    impl Map<String, Value> {
        /// An empty object.
        pub fn new() -> Self {
            Self::default()
        }

        /// The object of `entries`, which are in strictly increasing key order (what the
        /// JSON reader hands over).
        pub(crate) fn from_sorted(entries: Vec<(String, Value)>) -> Self {
            debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
            Map { entries }
        }

        fn find(&self, key: &str) -> Result<usize, usize> {
            // Appending in order (what a sorted source does) needs no search.
            match self.entries.last() {
                Some((last, _)) if last.as_str() < key => Err(self.entries.len()),
                _ => self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key)),
            }
        }

        /// The value of `key`.
        pub fn get(&self, key: &str) -> Option<&Value> {
            let i = self.find(key).ok()?;
            self.entries.get(i).map(|(_, v)| v)
        }

        /// Whether `key` is present.
        pub fn contains_key(&self, key: &str) -> bool {
            self.find(key).is_ok()
        }

        /// Sets `key` to `value`; returns the value it replaced.
        pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
            match self.find(&key) {
                Ok(i) => self
                    .entries
                    .get_mut(i)
                    .map(|(_, v)| std::mem::replace(v, value)),
                Err(i) => {
                    self.entries.insert(i, (key, value));
                    None
                }
            }
        }

        /// Takes `key` out.
        pub fn remove(&mut self, key: &str) -> Option<Value> {
            let i = self.find(key).ok()?;
            Some(self.entries.remove(i).1)
        }

        /// The entries in key order.
        pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
            self.entries.iter().map(|(k, v)| (k, v))
        }

        /// The keys in order.
        pub fn keys(&self) -> impl Iterator<Item = &String> {
            self.entries.iter().map(|(k, _)| k)
        }

        /// The values in key order.
        pub fn values(&self) -> impl Iterator<Item = &Value> {
            self.entries.iter().map(|(_, v)| v)
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

    impl<'a> IntoIterator for &'a Map<String, Value> {
        type Item = (&'a String, &'a Value);
        type IntoIter = std::iter::Map<
            std::slice::Iter<'a, (String, Value)>,
            fn(&'a (String, Value)) -> (&'a String, &'a Value),
        >;

        fn into_iter(self) -> Self::IntoIter {
            self.entries.iter().map(|(k, v)| (k, v))
        }
    }

    impl FromIterator<(String, Value)> for Map<String, Value> {
        /// Entries already in order (what the JSON reader hands over) are taken as they
        /// are; otherwise each is inserted, a later value of a key replacing an earlier one
        /// as in a `BTreeMap`.
        fn from_iter<I: IntoIterator<Item = (String, Value)>>(items: I) -> Self {
            let mut map = Map::new();
            for (k, v) in items {
                match map.entries.last() {
                    Some((last, _)) if *last >= k => {
                        map.insert(k, v);
                    }
                    _ => map.entries.push((k, v)),
                }
            }
            map
        }
    }
}

#[cfg(test)]
mod tests {
    use super::own;

    /// The same text read into both value types, written back: the same JSON text, and
    /// every method the rules call agrees.
    #[test]
    fn both_value_types_read_and_write_alike() {
        let texts = [
            r#"{"b":1,"a":[1,-2,3.5,3.0,1e300,-0.0,true,null,"字"],"c":{"z":{},"y":[]},"d":18446744073709551615,"e":-9223372036854775808}"#,
            r#"[{"x":0.1},{"x":-1},{"x":1.5e-7},{"x":123456789012345678}]"#,
            r#""\u0000\u00e9""#,
            "null",
            r#"{"中":1,"a":2,"Z":3,"😀":4,"":5}"#,
        ];
        for text in texts {
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            let ours = own_of(&theirs);
            assert_eq!(
                crate::json_out::text(&ours),
                serde_json::to_string(&theirs).unwrap(),
                "{text}"
            );
            check(&ours, &theirs);
        }
    }

    /// serde_json's value as the wasm module's: the same number kinds, the same entries.
    fn own_of(v: &serde_json::Value) -> own::Value {
        use serde_json::Value as J;
        match v {
            J::Null => own::Value::Null,
            J::Bool(b) => own::Value::Bool(*b),
            J::Number(n) => own::Value::Number(match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => u.into(),
                (None, Some(i), _) => i.into(),
                (_, _, x) => own::Number::from_f64(x.unwrap_or(f64::NAN)).unwrap(),
            }),
            J::String(s) => own::Value::String(s.clone()),
            J::Array(a) => own::Value::Array(a.iter().map(own_of).collect()),
            // Entries in reverse, so that the map sorts them itself.
            J::Object(m) => own::Value::Object(
                m.iter()
                    .rev()
                    .map(|(k, v)| (k.clone(), own_of(v)))
                    .collect(),
            ),
        }
    }

    fn check(ours: &own::Value, theirs: &serde_json::Value) {
        assert_eq!(ours.as_str(), theirs.as_str());
        assert_eq!(ours.as_f64(), theirs.as_f64());
        assert_eq!(ours.as_i64(), theirs.as_i64());
        assert_eq!(ours.as_u64(), theirs.as_u64());
        assert_eq!(ours.as_bool(), theirs.as_bool());
        assert_eq!(ours.is_null(), theirs.is_null());
        if let (own::Value::Number(a), serde_json::Value::Number(b)) = (ours, theirs) {
            assert_eq!(a.to_string(), b.to_string());
            assert_eq!(
                (a.is_f64(), a.is_i64(), a.is_u64()),
                (b.is_f64(), b.is_i64(), b.is_u64())
            );
        }
        match (ours, theirs) {
            (own::Value::Array(a), serde_json::Value::Array(b)) => {
                assert_eq!(a.len(), b.len());
                a.iter().zip(b).for_each(|(x, y)| check(x, y));
            }
            (own::Value::Object(a), serde_json::Value::Object(b)) => {
                assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
                for (k, v) in b {
                    check(a.get(k).unwrap(), v);
                }
                assert!(a.get("missing").is_none());
            }
            (a, b) => assert_eq!(
                (a.is_array(), a.is_object(), a.is_string(), a.is_number()),
                (b.is_array(), b.is_object(), b.is_string(), b.is_number())
            ),
        }
    }

    #[test]
    fn maps_keep_byte_order_and_the_last_value() {
        let mut m = own::Map::new();
        for (k, v) in [("b", 1u64), ("a", 2), ("c", 3), ("a", 4)] {
            m.insert(k.to_string(), v.into());
        }
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m.get("a").and_then(own::Value::as_u64), Some(4));
        let n: own::Map<String, own::Value> = [("y", 1u64), ("x", 2), ("y", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        assert_eq!(n.keys().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(n.get("y").and_then(own::Value::as_u64), Some(3));
        assert_eq!(n.len(), 2);
    }
}
