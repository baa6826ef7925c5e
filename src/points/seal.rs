//! Tamper evidence for the points ledger (issue: 四德积分银行, pt 6): each sealed event
//! carries `prev` (the previous sealed event's hash, `null` for the first), `rulebook` (the
//! stamp of the rulebook that sealed it) and `hash`: lower-case hex SHA-256 of the JCS text
//! (RFC 8785, [`crate::canonical`]) of the event with every field but `hash`. Points are whole
//! numbers, so no fractional number is ever hashed; a server in any language recomputes the
//! hash with a JCS library and SHA-256.

use crate::canonical::canonical_hash;
use crate::error::{Code, Error};
use crate::json_value::{Map, Value};
use crate::read::child;
use crate::rulebook::Stamp;

/// A sealed event.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    /// The event with `prev`, `rulebook` and `hash`.
    pub event: Value,
}
crate::json_out::json_object!(Sealed {
    "event" => event,
});

/// The first event of a chain that does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    /// Its index.
    pub index: usize,
    /// `INVALID_VALUE` (hash or link wrong), `MISSING_FIELD` or `WRONG_TYPE`.
    pub code: Code,
    /// JSON pointer to the field that does not hold.
    pub path: String,
    /// What is wrong, in Chinese.
    pub message: String,
}
crate::json_out::json_object!(Broken {
    "index" => index,
    "code" => code,
    "path" => path,
    "message" => message,
});

/// The verdict of [`verify`].
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// Every hash and link holds.
    pub ok: bool,
    /// Events checked.
    pub checked: usize,
    /// The first event that does not hold.
    pub first_broken: Option<Broken>,
}
crate::json_out::json_object!(Verification {
    "ok" => ok,
    "checked" => checked,
    "firstBroken" => first_broken,
});

use super::event::SEAL_FIELDS;

/// The first fractional or out-of-range number in `v`, by path.
fn first_fraction(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => Some(path.to_string()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| first_fraction(x, &crate::read::index(path, i))),
        Value::Object(m) => m
            .iter()
            .find_map(|(k, x)| first_fraction(x, &child(path, k))),
        _ => None,
    }
}

/// Seals `event` after `previous` (a sealed event, or none for the first) with `stamp`.
///
/// # Errors
/// `WRONG_TYPE` unless the event is an object with a text `key`; `NOT_INTEGER` for a
/// fractional number anywhere in it; `MISSING_FIELD` when `previous` has no hash.
pub fn seal(event: &Value, previous: Option<&Value>, stamp: &Stamp) -> Result<Sealed, Error> {
    let Some(fields) = event.as_object() else {
        return Err(Error::input(Code::WrongType, "", "事件应为对象"));
    };
    if !fields.get("key").is_some_and(Value::is_string) {
        return Err(Error::input(
            Code::MissingField,
            "/key",
            "要封存的事件须有文本键 key",
        ));
    }
    if let Some(path) = first_fraction(event, "") {
        return Err(Error::input(
            Code::NotInteger,
            &path,
            "封存的事件只能含整数（积分都是整数）",
        ));
    }
    let prev = match previous {
        None | Some(Value::Null) => Value::Null,
        Some(p) => match p.get("hash") {
            Some(Value::String(h)) if h.len() == 64 => Value::String(h.clone()),
            _ => {
                return Err(Error::input(
                    Code::MissingField,
                    "/previous/hash",
                    "上一个事件没有封存（缺少 64 位 hash）",
                ))
            }
        },
    };
    // Inserted one by one: collecting into the map would sort, and cost the module a sort.
    let mut sealed = Map::new();
    for (k, v) in fields {
        if !SEAL_FIELDS.contains(&k.as_str()) {
            sealed.insert(k.clone(), v.clone());
        }
    }
    sealed.insert("prev".into(), prev);
    let mut rulebook = Map::new();
    for (k, v) in [
        ("id", &stamp.id),
        ("version", &stamp.version),
        ("hash", &stamp.hash),
    ] {
        rulebook.insert(k.to_string(), Value::String(v.clone()));
    }
    sealed.insert("rulebook".into(), Value::Object(rulebook));
    let sealed = Value::Object(sealed);
    let hash = canonical_hash(&sealed, None);
    let mut out = sealed;
    if let Value::Object(m) = &mut out {
        m.insert("hash".into(), Value::String(hash));
    }
    Ok(Sealed { event: out })
}

/// Checks the chain: every event's hash over its other fields, and its `prev` against the
/// hash before it (`null` for the first).
pub fn verify(events: &[Value]) -> Verification {
    let mut previous: Option<String> = None;
    for (i, e) in events.iter().enumerate() {
        let at = crate::read::index("", i);
        let broken = |code, path: String, message: String| Verification {
            ok: false,
            checked: i,
            first_broken: Some(Broken {
                index: i,
                code,
                path,
                message,
            }),
        };
        let Some(fields) = e.as_object() else {
            return broken(Code::WrongType, at, "事件应为对象".into());
        };
        let Some(Value::String(hash)) = fields.get("hash") else {
            return broken(
                Code::MissingField,
                format!("{at}/hash"),
                "事件没有封存（缺少 hash）".into(),
            );
        };
        let linked = match (fields.get("prev"), &previous) {
            (None | Some(Value::Null), None) => true,
            (Some(Value::String(p)), Some(h)) => p == h,
            _ => false,
        };
        if !linked {
            return broken(
                Code::InvalidValue,
                format!("{at}/prev"),
                "链接断开：prev 不是上一个事件的 hash（中间被删改或插入）".into(),
            );
        }
        if canonical_hash(e, Some("hash")) != *hash {
            return broken(
                Code::InvalidValue,
                format!("{at}/hash"),
                "hash 与事件内容不符（内容被改动）".into(),
            );
        }
        previous = Some(hash.clone());
    }
    Verification {
        ok: true,
        checked: events.len(),
        first_broken: None,
    }
}
