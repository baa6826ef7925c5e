//! JSON text (RFC 8259) into a [`Value`], refusing what a lenient reader lets pass silently:
//! a key written twice in one object (`"version":"evil","version":"2026.11.0"` would
//! otherwise keep the last and validate). Every repeated key is reported as `DUPLICATE` with
//! its JSON pointer (an object's repeats when it closes, in key order), and its last value
//! kept. An object's entries are sorted once when it closes, so a hostile object of a
//! million keys in reverse order costs n log n.
//!
//! One parser for every JSON text the library reads — rulebooks given as text and, in wasm,
//! every input after `JSON.stringify` — written here rather than taken from serde_json's
//! deserializer, which with its visitor and error formatting cost the wasm module about
//! 10 KB; this one is a single pass over the bytes that builds no path unless a key repeats.
//!
//! Numbers read as serde_json reads them: a whole number without fraction or exponent is an
//! integer (`u64`, or `i64` when negative) when it fits, anything else a float. A float is
//! its first 19–20 significant digits (what fits a `u64`) times a power of ten in 128-bit
//! arithmetic, rounded once to nearest even: exact where the product is, and otherwise
//! within 2^-115 of the true value, so correctly rounded unless the number lies closer
//! than that to a halfway point, or has more than 20 digits with the halfway point among
//! the dropped ones (a dropped nonzero digit still breaks an exact tie). `JSON.stringify`
//! writes at most 17 significant digits; a test reads 20,000 of its shortest forms back. A
//! float that overflows is an error, never `Infinity`.

mod float;

use crate::error::{Code, Diagnostic};
use crate::json_value::{Map, Number, Value};
use crate::read::{child, index};
use float::to_f64;
use std::fmt;

/// Deepest nesting of arrays and objects read (as serde_json's limit), so that a hostile
/// text cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    what: &'static str,
    line: usize,
    column: usize,
}

impl SyntaxError {
    /// The line of the problem, from 1.
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// The column of the problem (characters from the start of its line), from 1.
    pub(crate) fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}（第 {} 行第 {} 列）",
            self.what, self.line, self.column
        )
    }
}

/// Parses JSON text: the value (where a key repeats, its last value) and a `DUPLICATE`
/// diagnostic for every repeated key; the [`SyntaxError`] when the text is not JSON.
pub(crate) fn parse(text: &str) -> Result<(Value, Vec<Diagnostic>), SyntaxError> {
    let mut p = Parser {
        text: text.as_bytes(),
        at: 0,
        duplicates: Vec::new(),
    };
    let value = p.value(None, 0).map_err(|what| p.error(what))?;
    p.space();
    if p.at < p.text.len() {
        return Err(p.error("JSON 值之后还有多余的字符"));
    }
    Ok((value, p.duplicates))
}

/// Where a value lies, as a chain up to the root: built into a JSON pointer only for a
/// repeated key.
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    key: Step<'p>,
}

enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

fn pointer(path: Option<&Path<'_>>) -> String {
    let mut steps = Vec::new();
    let mut at = path;
    while let Some(p) = at {
        steps.push(&p.key);
        at = p.parent;
    }
    let mut out = String::new();
    for s in steps.iter().rev() {
        out = match s {
            Step::Key(k) => child(&out, k),
            Step::Index(i) => index(&out, *i),
        };
    }
    out
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
    duplicates: Vec<Diagnostic>,
}

/// A problem, described; its place is where the parser stopped.
type Parsed<T> = Result<T, &'static str>;

const EOF: &str = "JSON 文本不完整";

impl Parser<'_> {
    /// The error at the current position.
    fn error(&self, what: &'static str) -> SyntaxError {
        let end = self.at.min(self.text.len());
        let before = &self.text[..end];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Characters, not bytes: count the bytes that start one.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        SyntaxError {
            what,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: column + 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `word` (after its first byte, already seen).
    fn word(&mut self, word: &[u8], value: Value) -> Parsed<Value> {
        let end = self.at + word.len();
        if self.text.get(self.at..end) == Some(word) {
            self.at = end;
            Ok(value)
        } else {
            Err("无法识别的值（应为字符串、数字、对象、数组、true、false 或 null）")
        }
    }

    fn value(&mut self, path: Option<&Path<'_>>, depth: usize) -> Parsed<Value> {
        self.space();
        match self.peek() {
            None => Err(EOF),
            Some(b'"') => self.string().map(Value::String),
            Some(b'{') => self.object(path, depth + 1),
            Some(b'[') => self.array(path, depth + 1),
            Some(b't') => self.word(b"true", Value::Bool(true)),
            Some(b'f') => self.word(b"false", Value::Bool(false)),
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            Some(_) => Err("无法识别的值（应为字符串、数字、对象、数组、true、false 或 null）"),
        }
    }

    /// Past the opening bracket of an array or object at `depth`; whether it closes at once
    /// (with `close`).
    fn open(&mut self, depth: usize, close: u8) -> Parsed<bool> {
        if depth > MAX_DEPTH {
            return Err("嵌套过深（最多 128 层）");
        }
        self.at += 1;
        self.space();
        let empty = self.peek() == Some(close);
        self.at += usize::from(empty);
        Ok(empty)
    }

    /// After an item: `Ok(true)` at the closing bracket `close` (consumed), `Ok(false)` after a
    /// comma.
    fn next_or_close(&mut self, close: u8, what: &'static str) -> Parsed<bool> {
        self.space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(true)
            }
            None => Err(EOF),
            Some(_) => Err(what),
        }
    }

    fn array(&mut self, path: Option<&Path<'_>>, depth: usize) -> Parsed<Value> {
        let mut items = Vec::new();
        if self.open(depth, b']')? {
            return Ok(Value::Array(items));
        }
        loop {
            let here = Path {
                parent: path,
                key: Step::Index(items.len()),
            };
            items.push(self.value(Some(&here), depth)?);
            if self.next_or_close(b']', "数组中应为 , 或 ]")? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self, path: Option<&Path<'_>>, depth: usize) -> Parsed<Value> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        // Whether the keys so far came in strictly increasing byte order (then none repeats).
        let mut ordered = true;
        if !self.open(depth, b'}')? {
            loop {
                self.space();
                match self.peek() {
                    Some(b'"') => {}
                    None => return Err(EOF),
                    Some(_) => return Err("对象的键应为带双引号的字符串"),
                }
                let key = self.string()?;
                self.space();
                match self.peek() {
                    Some(b':') => self.at += 1,
                    None => return Err(EOF),
                    Some(_) => return Err("键之后应为 :"),
                }
                let here = Path {
                    parent: path,
                    key: Step::Key(&key),
                };
                let value = self.value(Some(&here), depth)?;
                ordered &= entries.last().is_none_or(|(last, _)| *last < key);
                entries.push((key, value));
                if self.next_or_close(b'}', "对象中应为 , 或 }")? {
                    break;
                }
            }
        }
        if !ordered {
            entries = self.sorted(path, entries);
        }
        Ok(Value::Object(object(entries)))
    }

    /// An object's entries in key order, each key once: a repeated key is reported
    /// (`DUPLICATE`, once per repeat) and its last value kept, as a map keeps it. A heap
    /// sort by (key, place) — small code, and n log n even for a hostile object of a
    /// million keys in reverse order.
    fn sorted(
        &mut self,
        path: Option<&Path<'_>>,
        mut entries: Vec<(String, Value)>,
    ) -> Vec<(String, Value)> {
        let n = entries.len();
        let mut place: Vec<u32> = (0..n as u32).collect();
        let sift = |entries: &mut [(String, Value)],
                    place: &mut [u32],
                    mut root: usize,
                    end: usize| loop {
            let before = |a: usize, b: usize| (&entries[a].0, place[a]) < (&entries[b].0, place[b]);
            let mut child = 2 * root + 1;
            if child >= end {
                break;
            }
            if child + 1 < end && before(child, child + 1) {
                child += 1;
            }
            if !before(root, child) {
                break;
            }
            entries.swap(root, child);
            place.swap(root, child);
            root = child;
        };
        for i in (0..n / 2).rev() {
            sift(&mut entries, &mut place, i, n);
        }
        for end in (1..n).rev() {
            entries.swap(0, end);
            place.swap(0, end);
            sift(&mut entries, &mut place, 0, end);
        }
        let mut out: Vec<(String, Value)> = Vec::with_capacity(n);
        for entry in entries {
            match out.last_mut() {
                Some(last) if last.0 == entry.0 => {
                    let here = Path {
                        parent: path,
                        key: Step::Key(&entry.0),
                    };
                    self.duplicates.push(Diagnostic {
                        code: Code::Duplicate,
                        path: pointer(Some(&here)),
                        message: format!("键 {} 在同一对象中出现了不止一次", entry.0),
                    });
                    *last = entry;
                }
                _ => out.push(entry),
            }
        }
        out
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Parsed<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err(EOF),
                Some(_) => return Err("\\u 之后应为 4 位十六进制数"),
            };
            n = n * 16 + u32::from(d);
            self.at += 1;
        }
        Ok(n)
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Parsed<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // The run up to the next quote, backslash or control character, copied whole.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The run ends at an ASCII byte or the end, so it is whole UTF-8 of the text.
            out.push_str(std::str::from_utf8(&self.text[start..self.at]).map_err(|_| EOF)?);
            match self.peek() {
                None => return Err(EOF),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        None => return Err(EOF),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.escaped()?;
                            out.push(c);
                            continue;
                        }
                        Some(_) => return Err("无效的转义序列"),
                    };
                    self.at += 1;
                    out.push(c);
                }
                Some(_) => return Err("字符串中不能有未转义的控制字符"),
            }
        }
    }

    /// The character of a `\u` escape (after `\u`), with the low half of a surrogate pair.
    fn escaped(&mut self) -> Parsed<char> {
        let high = self.hex4()?;
        if (0xDC00..0xE000).contains(&high) {
            return Err("\\u 转义中有不成对的低位代理项");
        }
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).ok_or("无效的转义序列");
        }
        if self.text.get(self.at..self.at + 2) != Some(b"\\u") {
            return Err("\\u 转义中有不成对的高位代理项");
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err("\\u 转义中有不成对的高位代理项");
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).ok_or("无效的转义序列")
    }

    /// Digits from the current position, appended to `m` while it fits a `u64`: the value,
    /// how many digits were read, how many past those were dropped, and whether a dropped
    /// one was nonzero.
    fn digits(&mut self, mut m: u64) -> (u64, usize, usize, bool) {
        let (mut read, mut dropped, mut inexact) = (0, 0, false);
        while let Some(c @ b'0'..=b'9') = self.peek() {
            self.at += 1;
            read += 1;
            let d = u64::from(c - b'0');
            match m.checked_mul(10).and_then(|x| x.checked_add(d)) {
                Some(x) if dropped == 0 => m = x,
                _ => {
                    dropped += 1;
                    inexact |= d != 0;
                }
            }
        }
        (m, read, dropped, inexact)
    }

    fn number(&mut self) -> Parsed<Number> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        let (mut m, int_digits, int_dropped, mut inexact) = self.digits(0);
        if int_digits == 0 {
            return Err(if self.peek().is_none() {
                EOF
            } else {
                "无效的数字"
            });
        }
        if int_digits > 1 && self.text[int_start] == b'0' {
            self.at = int_start + 1;
            return Err("数字不能以 0 开头");
        }
        let mut exp10 = int_dropped as i64;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            let (m2, read, dropped, inexact2) = self.digits(m);
            if read == 0 {
                return Err(if self.peek().is_none() {
                    EOF
                } else {
                    "小数点之后应为数字"
                });
            }
            m = m2;
            inexact |= inexact2;
            exp10 -= (read - dropped) as i64;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            float = true;
            let minus = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    true
                }
                Some(b'+') => {
                    self.at += 1;
                    false
                }
                _ => false,
            };
            let mut e: i64 = 0;
            let mut any = false;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                self.at += 1;
                any = true;
                e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            }
            if !any {
                return Err(if self.peek().is_none() {
                    EOF
                } else {
                    "指数之后应为数字"
                });
            }
            exp10 += if minus { -e } else { e };
        }
        if !float && int_dropped == 0 {
            // A whole number as serde_json keeps it; `-0` is the float −0.
            if !negative {
                return Ok(Number::from(m));
            }
            if m != 0 && m <= 1 << 63 {
                return Ok(Number::from((m as i64).wrapping_neg()));
            }
        }
        let x = to_f64(m, exp10, inexact);
        if x.is_infinite() {
            return Err("数字超出范围");
        }
        Number::from_f64(if negative { -x } else { x }).ok_or("数字超出范围")
    }
}

/// An object of entries already in strictly increasing key order.
#[cfg(all(target_arch = "wasm32", not(test)))]
fn object(entries: Vec<(String, Value)>) -> Map<String, Value> {
    Map::from_sorted(entries)
}

/// An object of entries already in strictly increasing key order.
#[cfg(any(not(target_arch = "wasm32"), test))]
fn object(entries: Vec<(String, Value)>) -> Map<String, Value> {
    entries.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_object_in_reverse_order_is_sorted_once() {
        let n = 300_000;
        let mut text = String::from("{");
        for i in (0..n).rev() {
            text.push_str(&format!("\"k{i:06}\":{i},"));
        }
        text.push_str("\"k000007\":-1}");
        let (value, d) = parse(&text).unwrap();
        let map = value.as_object().unwrap();
        assert_eq!(map.len(), n);
        assert!(map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b));
        assert_eq!(value["k000007"], -1);
        assert_eq!(value["k299999"], 299_999);
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/k000007"]);
    }

    #[test]
    fn repeated_keys_are_reported_with_their_paths() {
        let text = r#"{"version":"evil","version":"2026.11.0","a":{"p":{"电梯":1,"电梯":9}},"b":[{"x":1,"x":1}],"c/~":{"d":0,"d":1}}"#;
        let (value, d) = parse(text).unwrap();
        assert_eq!(value["version"], "2026.11.0");
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        // Each object's repeats when it closes, in key order.
        assert_eq!(paths, ["/a/p/电梯", "/b/0/x", "/c~1~0/d", "/version"]);
        assert!(d.iter().all(|d| d.code == Code::Duplicate));
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let texts = [
            r#"{"a":[1,-2,3.5,1e300,true,null,"字\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t"],"b":{},"c":18446744073709551615}"#,
            r#"[0,-0,-0.0,0.5e1,1E2,1e-2,-9223372036854775808,-9223372036854775809,18446744073709551616]"#,
            r#" [ 0.1 , 0.2, 0.30000000000000004, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308 ] "#,
            r#"[123456789012345678901234567890, 0.000001, 1e21, 4.35, 95.5, 0.7, 3.14159265358979323846264]"#,
            "\"\u{7f}é字😀\"",
            "{\"a\" :\n 1\t,\r\"b\":[ ]}",
        ];
        for text in texts {
            let (ours, duplicates) = parse(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!((&ours, duplicates), (&theirs, vec![]), "{text}");
            // Same kind of number, too (integer or float).
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn floats_are_correctly_rounded_where_the_note_says() {
        // Every float Rust prints in its shortest form reads back to itself.
        let mut x = 1.0e-5f64;
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let y = f64::from_bits(seed >> 12 | 0x3FF0_0000_0000_0000) - 1.0;
            x = (x * 7.3 + y) % 1e15 + 1e-5;
            let text = format!("{x}");
            let Value::Number(n) = parse(&text).unwrap().0 else {
                panic!("{text}")
            };
            assert_eq!(n.as_f64(), Some(x), "{text}");
        }
        // And across the whole range, in exponent form.
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = f64::from_bits(seed & !(1 << 63));
            if !x.is_finite() {
                continue;
            }
            let text = format!("{x:e}");
            assert_eq!(parse(&text).unwrap().0.as_f64(), Some(x), "{text}");
        }
        // Exact halfway cases go to even (where serde_json's reader rounds up); the same as
        // Rust's own (correctly rounded) reader.
        for text in [
            "9007199254740993.0",
            "1.00000000000000011102230246251565404236316680908203125",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327e-324",
            "1.7976931348623158e308",
            "123456789012345678901234567890",
            "0.000000000000000000000000000000000000000000001",
        ] {
            let ours = parse(text).unwrap().0.as_f64();
            assert_eq!(ours, text.parse::<f64>().ok(), "{text}");
        }
        let (v, _) = parse("[9007199254740993.0000000000001, 9007199254740993]").unwrap();
        assert_eq!(v[0].as_f64(), Some(9007199254740994.0));
        assert_eq!(v[1].as_u64(), Some(9007199254740993));
    }

    #[test]
    fn bad_texts_are_errors_with_their_place() {
        for (text, line, column) in [
            ("", 1, 1),
            ("{\"a\":", 1, 6),
            ("[1,]", 1, 4),
            ("{\"a\":1} x", 1, 9),
            ("[1,\n  tru]", 2, 3),
            ("\"字\u{1}\"", 1, 3),
            ("01", 1, 2),
            ("1.", 1, 3),
            ("-", 1, 2),
            ("1e", 1, 3),
            ("1e400", 1, 6),
            ("\"\\ud800\"", 1, 8),
            ("\"\\udc00x\"", 1, 8),
            ("\"\\x\"", 1, 3),
            ("{1:2}", 1, 2),
            ("{\"a\" 1}", 1, 6),
            ("NaN", 1, 1),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!((e.line(), e.column()), (line, column), "{text:?}: {e}");
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(129) + &"]".repeat(129);
        assert!(parse(&deep).is_err());
        let ok = "[".repeat(128) + &"]".repeat(128);
        assert!(parse(&ok).is_ok());
    }
}
