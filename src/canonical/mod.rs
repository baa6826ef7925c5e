//! Canonical JSON and content hashes, so any language can recompute a stamp.
//!
//! The canonical form is the JSON Canonicalization Scheme (JCS, RFC 8785): object keys
//! sorted by their UTF-16 code units, no whitespace, strings escaped as ECMAScript's
//! `JSON.stringify` escapes them, and every number written as ECMAScript writes a double
//! (`1`, `0.5`, `1e+21`). In JavaScript the same text is
//! `JSON.stringify` over a copy whose keys were sorted with the default `sort()`; the hash
//! is the lower-case hex SHA-256 of its UTF-8 bytes.
//!
//! Used by the rulebook stamp (the rulebook's optional `$schema` key left out) and meant for
//! every hash a later family chains (a points ledger, say).

use crate::json_value::Value;

mod sha256;

/// The JCS (RFC 8785) text of a JSON value.
///
/// # Examples
/// ```
/// use serde_json::json;
/// use shequ_rules::canonical::canonical_json;
///
/// let v = json!({ "b": [1.0, 1e21, 0.000001], "a": "字\n", "é": null, "z": -0.0 });
/// assert_eq!(canonical_json(&v), r#"{"a":"字\n","b":[1,1e+21,0.000001],"z":0,"é":null}"#);
/// ```
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out, None);
    out
}

/// Lower-case hex SHA-256 of the JCS text of `value`, leaving out the top-level key `skip`
/// if given (a rulebook's `$schema`, which says where its schema is, not what it rules).
pub fn canonical_hash(value: &Value, skip: Option<&str>) -> String {
    let mut text = String::new();
    write_value(value, &mut text, skip);
    sha256_hex(text.as_bytes())
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(data: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in sha256::sha256(data) {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 15)]));
    }
    hex
}

fn write_value(value: &Value, out: &mut String, skip: Option<&str>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n.as_f64().unwrap_or(0.0), out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out, None);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, _)| Some(k.as_str()) != skip)
                .collect();
            sort_utf16(&mut keys);
            out.push('{');
            for (i, (key, value)) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(value, out, None);
            }
            out.push('}');
        }
    }
}

/// Sorts keys by UTF-16 code units. An insertion sort: the keys arrive in code-point order
/// (serde_json's map), which differs from UTF-16 order only where a key has a character
/// above U+FFFF against one in U+E000–U+FFFF at the same place, so the sort is linear in
/// practice and the module carries no general-purpose sort.
fn sort_utf16(keys: &mut [(&String, &Value)]) {
    for i in 1..keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1].0.encode_utf16().gt(keys[j].0.encode_utf16()) {
            keys.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// RFC 8785 §3.2.2.2: only `"`, `\` and control characters are escaped.
fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a double as ECMAScript's `Number.prototype.toString` does (RFC 8785 §3.2.2.3):
/// the shortest digits that round-trip, laid out in plain or exponent notation by the
/// position of the decimal point.
fn write_number(x: f64, out: &mut String) {
    if x == 0.0 || !x.is_finite() {
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // The shortest round-trip digits, from the float formatter serde_json already carries.
    let mut buffer = zmij::Buffer::new();
    let shortest = buffer.format_finite(x.abs());
    let (mantissa, exp) = match shortest.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (shortest, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{int_part}{frac_part}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    // value = 0.d1d2…dk × 10^n
    let k = digits.len() as i32;
    let n = int_part.len() as i32 - lead as i32 + exp;
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at_checked(n as usize).unwrap_or((digits, ""));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, ""));
        out.push_str(first);
        if k > 1 {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.unsigned_abs().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn num(x: f64) -> String {
        let mut s = String::new();
        write_number(x, &mut s);
        s
    }

    /// RFC 8785 Appendix B and ECMAScript's layout rules.
    #[test]
    fn numbers_as_ecmascript_writes_them() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (100.0, "100"),
            (0.1, "0.1"),
            (4.5, "4.5"),
            (0.002, "0.002"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e23, "1e+23"),
            (9007199254740992.0, "9007199254740992"),
            (9007199254740994.0, "9007199254740994"),
            (295147905179352830000.0, "295147905179352830000"),
            (333333333.3333333, "333333333.3333333"),
            (5e-324, "5e-324"),
            (-5e-324, "-5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (-1.7976931348623157e308, "-1.7976931348623157e+308"),
            (4.50, "4.5"),
            (1.2345e-10, "1.2345e-10"),
            (12345.678, "12345.678"),
        ];
        for &(x, want) in cases {
            assert_eq!(num(x), want, "{x:e}");
        }
    }

    #[test]
    fn keys_sort_by_utf16_code_units() {
        // U+1F600 (a surrogate pair, D83D…) sorts before U+FB01 in UTF-16, after it by code point.
        let v: Value = serde_json::from_str(r#"{"\ufb01":1,"😀":2,"a":3,"\r":4,"1":5}"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            "{\"\\r\":4,\"1\":5,\"a\":3,\"😀\":2,\"\u{fb01}\":1}"
        );
    }

    #[test]
    fn strings_escape_only_what_json_requires() {
        let v = json!("\u{0}\u{1f}\u{7f}\"\\/\u{2028}é");
        assert_eq!(
            canonical_json(&v),
            "\"\\u0000\\u001f\u{7f}\\\"\\\\/\u{2028}é\""
        );
    }

    #[test]
    fn integers_are_doubles() {
        assert_eq!(canonical_json(&json!(u64::MAX)), "18446744073709552000");
        assert_eq!(canonical_json(&json!([1, 1.0, -0.0])), "[1,1,0]");
    }

    #[test]
    fn hash_skips_the_named_top_level_key_only() {
        let a = json!({"a": 1, "b": {"$schema": 1}});
        let b = json!({"$schema": "x", "a": 1.0, "b": {"$schema": 1}});
        assert_eq!(
            canonical_hash(&a, Some("$schema")),
            canonical_hash(&b, Some("$schema"))
        );
        assert_ne!(canonical_hash(&a, None), canonical_hash(&b, None));
        // SHA-256 of "abc" (FIPS 180-4 example).
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
