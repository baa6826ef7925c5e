//! JSON text into a [`Value`], refusing what serde_json lets pass silently: a key written
//! twice in one object (`"version":"evil","version":"2026.11.0"` would otherwise keep the
//! last and validate). Every repeated key is reported as `DUPLICATE` with its JSON pointer.
//!
//! One parser for every JSON text the library reads — rulebooks given as text and, in wasm,
//! every input after `JSON.stringify` — so only one `Value` builder is compiled in.

use crate::error::{Code, Diagnostic};
use crate::read::{child, index};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Parses JSON text: the value (where a key repeats, its last value) and a `DUPLICATE`
/// diagnostic for every repeated key; serde_json's error (with line and column) when the
/// text is not JSON.
pub(crate) fn parse(text: &str) -> Result<(Value, Vec<Diagnostic>), serde_json::Error> {
    let duplicates = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Node {
        path: String::new(),
        duplicates: &duplicates,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))?;
    Ok((value, duplicates.into_inner()))
}

/// One value being read, with its pointer.
struct Node<'a> {
    path: String,
    duplicates: &'a RefCell<Vec<Diagnostic>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(Number::from_f64(x).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Node {
            path: index(&self.path, items.len()),
            duplicates: self.duplicates,
        })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = child(&self.path, &key);
            let value = map.next_value_seed(Node {
                path: path.clone(),
                duplicates: self.duplicates,
            })?;
            if out.contains_key(&key) {
                self.duplicates.borrow_mut().push(Diagnostic {
                    code: Code::Duplicate,
                    path,
                    message: format!("键 {key} 在同一对象中出现了不止一次"),
                });
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_reported_with_their_paths() {
        let text = r#"{"version":"evil","version":"2026.11.0","a":{"p":{"电梯":1,"电梯":9}},"b":[{"x":1,"x":1}]}"#;
        let (value, d) = parse(text).unwrap();
        assert_eq!(value["version"], "2026.11.0");
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/version", "/a/p/电梯", "/b/0/x"]);
        assert!(d.iter().all(|d| d.code == Code::Duplicate));
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"{"a":[1,-2,3.5,1e300,true,null,"字\u00e9"],"b":{},"c":18446744073709551615}"#;
        let (ours, duplicates) = parse(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!((ours, duplicates), (theirs, vec![]));
        assert!(parse("{\"a\":1} x").is_err());
        assert!(parse("[1,").is_err());
    }
}
