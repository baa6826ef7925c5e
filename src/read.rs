//! Reading typed values out of JSON while collecting *every* problem with its path.
//!
//! Rulebooks and rule inputs are both read through [`Reader`]: each getter either returns a
//! value or records a [`Diagnostic`] and returns `None`, so one pass reports all problems
//! at once. [`Fields`] tracks which keys of an object were read and reports the rest as
//! unknown, so a misspelt key is never silently ignored.

use crate::error::{Code, Diagnostic, Error};
use crate::json_value::{Map, Value};

/// The largest integer JavaScript represents exactly (2^53 − 1); counts above it are refused
/// because the same number could not round-trip through a JS caller.
pub(crate) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A typed input read from JSON as JavaScript passes it: the first problem comes back as an
/// input error with its code and the JSON pointer of the offending value.
pub trait FromJson: Sized {
    /// Reads the input.
    ///
    /// # Errors
    /// An [`Error::InvalidInput`] naming the first problem and where it is.
    fn from_json(value: &Value) -> Result<Self, Error>;
}

/// Collects diagnostics while values are read.
#[derive(Debug, Default)]
pub(crate) struct Reader {
    diagnostics: Vec<Diagnostic>,
}

/// Appends one key to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn child(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 1);
    out.push_str(path);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a JSON pointer.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}/{i}")
}

/// Formats a number for messages: whole numbers without a fraction, others in their shortest
/// round-trip form (the same text natively and in wasm, without core's float formatter).
pub(crate) fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < MAX_SAFE_INTEGER as f64 {
        (x as i64).to_string()
    } else if x.is_finite() {
        zmij::Buffer::new().format_finite(x).to_string()
    } else {
        "NaN".to_string()
    }
}

/// Formats a number rounded to at most two decimals, without trailing zeros.
pub(crate) fn fmt_2dp(x: f64) -> String {
    fmt_num((x * 100.0).round() / 100.0)
}

/// A short Chinese description of what a JSON value is, for messages.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null（NaN、Infinity 也是 null）".to_string(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(24).collect();
            if shown.len() < s.len() {
                format!("字符串 \"{shown}…\"")
            } else {
                format!("字符串 \"{shown}\"")
            }
        }
        Value::Array(a) => format!("数组（{} 项）", a.len()),
        Value::Object(_) => "对象".to_string(),
    }
}

impl Reader {
    /// A fresh reader with no diagnostics.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub(crate) fn report(&mut self, code: Code, path: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            code,
            path: path.to_string(),
            message: message.into(),
        });
    }

    /// Whether any problem has been recorded.
    pub(crate) fn has_problems(&self) -> bool {
        !self.diagnostics.is_empty()
    }

    /// Everything recorded so far.
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Turns the reading of an input into a result: the value when nothing was reported,
    /// otherwise the first problem as an input error.
    pub(crate) fn finish_input<T>(self, value: Option<T>) -> Result<T, Error> {
        match value {
            Some(v) if self.diagnostics.is_empty() => Ok(v),
            _ => Err(self.into_input_error()),
        }
    }

    /// The first problem as an input error (not generic: [`Reader::finish_input`] is
    /// compiled once per input type).
    fn into_input_error(self) -> Error {
        Error::InvalidInput(
            self.diagnostics
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic {
                    code: Code::InvalidValue,
                    path: String::new(),
                    message: "输入无法读取".to_string(),
                }),
        )
    }

    /// The value as an object, or a `WRONG_TYPE` diagnostic.
    pub(crate) fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<Fields<'v>> {
        match v {
            Value::Object(map) => Some(Fields {
                map,
                path: path.to_string(),
                used: Vec::new(),
                all_used: false,
            }),
            other => {
                self.report(
                    Code::WrongType,
                    path,
                    format!("应为对象，收到{}", describe(other)),
                );
                None
            }
        }
    }

    /// The value as an array, or a `WRONG_TYPE` diagnostic.
    pub(crate) fn array<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(items) => Some(items),
            other => {
                self.report(
                    Code::WrongType,
                    path,
                    format!("应为数组，收到{}", describe(other)),
                );
                None
            }
        }
    }

    /// A non-empty string of at most `max_chars` characters.
    pub(crate) fn text<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        max_chars: usize,
    ) -> Option<&'v str> {
        let Value::String(s) = v else {
            self.report(
                Code::WrongType,
                path,
                format!("应为字符串，收到{}", describe(v)),
            );
            return None;
        };
        if s.trim().is_empty() {
            self.report(Code::InvalidValue, path, "不能为空字符串");
            return None;
        }
        let n = s.chars().count();
        if n > max_chars {
            self.report(
                Code::OutOfRange,
                path,
                format!("过长：{n} 个字符，最多 {max_chars} 个"),
            );
            return None;
        }
        Some(s)
    }

    /// A whole number in `min..=max` (a float with no fraction, such as `3.0`, counts as whole,
    /// because JavaScript cannot tell the two apart).
    pub(crate) fn integer(&mut self, v: &Value, path: &str, min: u64, max: u64) -> Option<u64> {
        let Value::Number(n) = v else {
            self.report(
                Code::WrongType,
                path,
                format!("应为整数，收到{}", describe(v)),
            );
            return None;
        };
        let whole = if let Some(u) = n.as_u64() {
            Some(u)
        } else if n.as_i64().is_some() {
            None
        } else {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() != 0.0 {
                self.report(Code::NotInteger, path, format!("应为整数，收到 {n}"));
                return None;
            }
            if f >= 0.0 && f <= MAX_SAFE_INTEGER as f64 {
                Some(f as u64)
            } else if f < 0.0 {
                None
            } else {
                self.report(Code::OutOfRange, path, format!("{n} 超出范围 {min}–{max}"));
                return None;
            }
        };
        match whole {
            None => {
                self.report(Code::Negative, path, format!("不能为负数，收到 {n}"));
                None
            }
            Some(u) if u < min || u > max => {
                self.report(Code::OutOfRange, path, format!("{u} 超出范围 {min}–{max}"));
                None
            }
            Some(u) => Some(u),
        }
    }

    /// A finite number in `min..=max`.
    pub(crate) fn number(&mut self, v: &Value, path: &str, min: f64, max: f64) -> Option<f64> {
        let Some(f) = v.as_f64() else {
            self.report(
                Code::WrongType,
                path,
                format!("应为数字，收到{}", describe(v)),
            );
            return None;
        };
        self.in_range(f, path, min, max)
    }

    /// `f` if it lies in `min..=max`, or an `OUT_OF_RANGE` (`NEGATIVE` below a minimum of
    /// 0 or more) diagnostic.
    pub(crate) fn in_range(&mut self, f: f64, path: &str, min: f64, max: f64) -> Option<f64> {
        if f.is_nan() || f < min || f > max {
            let code = if f < 0.0 && min >= 0.0 {
                Code::Negative
            } else {
                Code::OutOfRange
            };
            self.report(
                code,
                path,
                format!("{} 超出范围 {}–{}", fmt_num(f), fmt_num(min), fmt_num(max)),
            );
            return None;
        }
        Some(f)
    }

    /// A boolean, or a `WRONG_TYPE` diagnostic.
    pub(crate) fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.report(
                    Code::WrongType,
                    path,
                    format!("应为布尔值，收到{}", describe(other)),
                );
                None
            }
        }
    }

    /// One of a fixed set of string choices; returns its index in `choices`.
    pub(crate) fn choice(&mut self, v: &Value, path: &str, choices: &[&str]) -> Option<usize> {
        let Value::String(s) = v else {
            self.report(
                Code::WrongType,
                path,
                format!("应为字符串（{}），收到{}", choices.join(" / "), describe(v)),
            );
            return None;
        };
        let found = choices.iter().position(|c| c == s);
        if found.is_none() {
            self.report(
                Code::InvalidValue,
                path,
                format!("\"{s}\" 不是可选值之一：{}", choices.join(" / ")),
            );
        }
        found
    }

    /// Records a `DUPLICATE` diagnostic for every repeated key in `keys` (path, key); returns
    /// whether the keys were all distinct.
    pub(crate) fn unique(&mut self, keys: Vec<(String, &str)>, what: &str) -> bool {
        let mut seen: Vec<&str> = Vec::new();
        let mut distinct = true;
        for (path, key) in keys {
            if seen.contains(&key) {
                self.report(Code::Duplicate, &path, format!("{what} \"{key}\" 重复"));
                distinct = false;
            } else {
                seen.push(key);
            }
        }
        distinct
    }

    /// [`Reader::unique`] for the entries of the list at `path`, each keyed by its `field`:
    /// a repeat is reported at `path/i/field`, and a pointer is made only for a repeat.
    pub(crate) fn unique_at(
        &mut self,
        path: &str,
        field: &str,
        keys: &mut dyn Iterator<Item = &str>,
        what: &str,
    ) -> bool {
        let mut seen: Vec<&str> = Vec::new();
        let mut distinct = true;
        for (i, key) in keys.enumerate() {
            if seen.contains(&key) {
                self.report(
                    Code::Duplicate,
                    &child(&index(path, i), field),
                    format!("{what} \"{key}\" 重复"),
                );
                distinct = false;
            } else {
                seen.push(key);
            }
        }
        distinct
    }
}

/// Reads a non-empty array of objects, each with `item`; `None` if any entry failed.
///
/// A thin generic shell over [`each_object`], so that each list type adds only its push,
/// not another copy of the loop and its diagnostics.
pub(crate) fn read_list<'v, T>(
    r: &mut Reader,
    parent: &mut Fields<'v>,
    key: &'static str,
    item: impl FnMut(&mut Reader, Fields<'v>) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::new();
    let ok = each_object(
        r,
        parent,
        key,
        &mut Push {
            out: &mut out,
            item,
        },
    );
    ok.then_some(out)
}

/// What [`each_object`] does with each entry: a trait of one method rather than
/// `dyn FnMut`, whose table would also hold a `call_once` compiled for every list type.
trait EachItem<'v> {
    /// Reads one entry; whether it was accepted.
    fn item(&mut self, r: &mut Reader, f: Fields<'v>) -> bool;
}

/// Pushes what `item` reads onto `out`.
struct Push<'o, T, F> {
    out: &'o mut Vec<T>,
    item: F,
}

impl<'v, T, F: FnMut(&mut Reader, Fields<'v>) -> Option<T>> EachItem<'v> for Push<'_, T, F> {
    fn item(&mut self, r: &mut Reader, f: Fields<'v>) -> bool {
        match (self.item)(r, f) {
            Some(t) => {
                self.out.push(t);
                true
            }
            None => false,
        }
    }
}

/// Calls `item` on every entry of the non-empty array of objects `key`; whether the array
/// was there, not empty, and every entry was an object that `item` accepted.
fn each_object<'v>(
    r: &mut Reader,
    parent: &mut Fields<'v>,
    key: &'static str,
    item: &mut dyn EachItem<'v>,
) -> bool {
    let Some((items, path)) = parent.array(r, key) else {
        return false;
    };
    if items.is_empty() {
        r.report(Code::OutOfRange, &path, "至少需要一项");
        return false;
    }
    let mut ok = true;
    for (i, v) in items.iter().enumerate() {
        ok &= r
            .object(v, &index(&path, i))
            .is_some_and(|f| item.item(r, f));
    }
    ok
}

/// An object being read: remembers which keys were asked for, so the rest can be reported.
pub(crate) struct Fields<'v> {
    map: &'v Map<String, Value>,
    path: String,
    used: Vec<&'static str>,
    all_used: bool,
}

impl<'v> Fields<'v> {
    /// The pointer to this object.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The pointer to one of this object's fields.
    pub(crate) fn path_of(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// A field that must be present; reports `MISSING_FIELD` otherwise.
    pub(crate) fn required(
        &mut self,
        r: &mut Reader,
        key: &'static str,
    ) -> Option<(&'v Value, String)> {
        self.used.push(key);
        match self.map.get(key) {
            Some(v) => Some((v, child(&self.path, key))),
            None => {
                r.report(
                    Code::MissingField,
                    &child(&self.path, key),
                    format!("缺少必填字段 {key}"),
                );
                None
            }
        }
    }

    /// A field that may be absent.
    pub(crate) fn optional(&mut self, key: &'static str) -> Option<(&'v Value, String)> {
        self.used.push(key);
        self.map.get(key).map(|v| (v, child(&self.path, key)))
    }

    /// Every key of the object with its value, for maps keyed by data (marks all as used).
    pub(crate) fn entries(&mut self) -> impl Iterator<Item = (&'v String, &'v Value)> {
        self.all_used = true;
        self.map.iter()
    }

    /// Reports `UNKNOWN_FIELD` for every key that was never asked for.
    pub(crate) fn finish(self, r: &mut Reader) {
        if self.all_used {
            return;
        }
        for key in self.map.keys() {
            if !self.used.contains(&key.as_str()) {
                r.report(
                    Code::UnknownField,
                    &child(&self.path, key),
                    format!("未知字段 {key}"),
                );
            }
        }
    }

    /// A required whole number in `min..=max`.
    pub(crate) fn integer(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        let (v, p) = self.required(r, key)?;
        r.integer(v, &p, min, max)
    }

    /// A required finite number in `min..=max`.
    pub(crate) fn number(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        min: f64,
        max: f64,
    ) -> Option<f64> {
        let (v, p) = self.required(r, key)?;
        r.number(v, &p, min, max)
    }

    /// A required non-empty string of at most `max_chars` characters.
    pub(crate) fn text(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        max_chars: usize,
    ) -> Option<&'v str> {
        let (v, p) = self.required(r, key)?;
        r.text(v, &p, max_chars)
    }

    /// A required object.
    pub(crate) fn object(&mut self, r: &mut Reader, key: &'static str) -> Option<Fields<'v>> {
        let (v, p) = self.required(r, key)?;
        r.object(v, &p)
    }

    /// A required array.
    pub(crate) fn array(
        &mut self,
        r: &mut Reader,
        key: &'static str,
    ) -> Option<(&'v [Value], String)> {
        let (v, p) = self.required(r, key)?;
        r.array(v, &p).map(|a| (a, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_escapes() {
        assert_eq!(child("", "a/b~c"), "/a~1b~0c");
        assert_eq!(index("/x", 3), "/x/3");
    }

    #[test]
    fn integers() {
        let cases: &[(Value, Option<u64>, Option<Code>)] = &[
            (json!(3), Some(3), None),
            (json!(3.0), Some(3), None),
            (json!(3.5), None, Some(Code::NotInteger)),
            (json!(-1), None, Some(Code::Negative)),
            (json!(-1.0), None, Some(Code::Negative)),
            (json!(1e300), None, Some(Code::OutOfRange)),
            (json!("3"), None, Some(Code::WrongType)),
            (json!(null), None, Some(Code::WrongType)),
            (json!(11), None, Some(Code::OutOfRange)),
        ];
        for (v, want, code) in cases {
            let mut r = Reader::new();
            assert_eq!(r.integer(v, "/n", 0, 10), *want, "{v}");
            assert_eq!(r.into_diagnostics().first().map(|d| d.code), *code, "{v}");
        }
    }

    #[test]
    fn unknown_fields_are_reported() {
        let v = json!({"a": 1, "b": 2});
        let mut r = Reader::new();
        let mut f = r.object(&v, "").unwrap();
        assert_eq!(f.integer(&mut r, "a", 0, 9), Some(1));
        f.finish(&mut r);
        let d = r.into_diagnostics();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code, d[0].path.as_str()), (Code::UnknownField, "/b"));
    }
}
