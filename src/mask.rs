//! Masking (脱敏) personal numbers and addresses in what residents write, before it is shown or
//! stored: mainland mobile numbers, 18-digit resident ID numbers (only with a valid check
//! digit), bank-card numbers (only when the Luhn check holds) and e-mail addresses.
//!
//! Masking is length-preserving — each hidden character becomes `*` — so every offset into
//! the original text is also an offset into the masked text, and the categoriser gives the
//! same answer on either (no phrase of a rulebook is made of digits or e-mail characters).

use serde::Serialize;

/// What kind of personal data was masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MaskKind {
    /// A mainland mobile number (11 digits starting 13–19, optionally after +86).
    Mobile,
    /// An 18-digit resident ID number whose check digit is valid.
    IdCard,
    /// A 16–19 digit bank-card number that passes the Luhn check.
    BankCard,
    /// An e-mail address.
    Email,
}

/// One masked span, as JavaScript string indices (UTF-16 code units).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Masked {
    /// What was masked.
    pub kind: MaskKind,
    /// Start (inclusive).
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
}

/// A text with personal data masked, and what was masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    /// The text with masked characters replaced by `*`.
    pub text: String,
    /// The masked spans, in order.
    pub masked: Vec<Masked>,
}

/// Masks mobile numbers, ID numbers, bank cards and e-mail addresses in `text`.
///
/// ```
/// use shequ_rules::mask::redact;
///
/// let r = redact("电话13812345678，邮箱 zhang.san@example.com");
/// assert_eq!(r.text, "电话138****5678，邮箱 z********@example.com");
/// assert_eq!(r.masked.len(), 2);
/// ```
pub fn redact(text: &str) -> Redacted {
    let chars: Vec<char> = text.chars().collect();
    // UTF-16 offset of every character, plus the end.
    let mut offsets = Vec::with_capacity(chars.len() + 1);
    let mut o = 0u32;
    for c in &chars {
        offsets.push(o);
        o += c.len_utf16() as u32;
    }
    offsets.push(o);

    let mut hide = vec![false; chars.len()];
    let mut numbers: Vec<(MaskKind, usize, usize)> = Vec::new();
    find_numbers(&chars, &mut hide, &mut numbers);
    let mut emails: Vec<(MaskKind, usize, usize)> = Vec::new();
    find_emails(&chars, &mut hide, &numbers, &mut emails);
    // Both lists are in text order; merge them.
    let mut found = Vec::with_capacity(numbers.len() + emails.len());
    let (mut a, mut b) = (
        numbers.into_iter().peekable(),
        emails.into_iter().peekable(),
    );
    while let Some(next) = match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.1 < x.1 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    } {
        found.push(next);
    }

    let text = chars
        .iter()
        .zip(&hide)
        .map(|(&c, &h)| if h { '*' } else { c })
        .collect();
    let masked = found
        .into_iter()
        .map(|(kind, a, b)| Masked {
            kind,
            start: offsets[a],
            end: offsets[b],
        })
        .collect();
    Redacted { text, masked }
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '-'
}

/// Finds runs of ASCII digits (single spaces or hyphens may group them; an ID may end in X),
/// and classifies the whole run, or else each ungrouped piece of it.
fn find_numbers(chars: &[char], hide: &mut [bool], found: &mut Vec<(MaskKind, usize, usize)>) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        // Extend over digits and single separators between digits.
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                j += 1;
                end = j;
            } else if is_separator(chars[j]) && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
                j += 1;
            } else {
                break;
            }
        }
        if chars.get(end).is_some_and(|c| *c == 'X' || *c == 'x') {
            end += 1;
        }
        let followed_by_alnum = chars.get(end).is_some_and(char::is_ascii_alphanumeric);
        let mut matched = !followed_by_alnum && classify_run(chars, start, end, hide, found);
        if !matched {
            // Try each separator-free piece on its own.
            let mut a = start;
            while a < end {
                let mut b = a;
                while b < end && !is_separator(chars[b]) {
                    b += 1;
                }
                let piece_followed =
                    chars.get(b).is_some_and(char::is_ascii_alphanumeric) && b == end;
                if !piece_followed {
                    matched |= classify_run(chars, a, b, hide, found);
                }
                a = b + 1;
            }
        }
        i = end.max(i + 1);
    }
}

/// Classifies `chars[a..b]` (digits, separators, maybe a final X) and masks it if it is one
/// of the known numbers. Returns whether it was.
fn classify_run(
    chars: &[char],
    a: usize,
    b: usize,
    hide: &mut [bool],
    found: &mut Vec<(MaskKind, usize, usize)>,
) -> bool {
    let digits: Vec<u8> = chars[a..b]
        .iter()
        .filter(|c| !is_separator(**c))
        .map(|&c| {
            if c.is_ascii_digit() {
                c as u8 - b'0'
            } else {
                10
            }
        })
        .collect();
    let x_at_end = digits.last() == Some(&10);
    let (kind, keep_front, keep_back) = if digits.len() == 18 && id_check_ok(&digits) {
        (MaskKind::IdCard, 3, 4)
    } else if x_at_end {
        return false;
    } else if is_mobile(&digits) {
        (MaskKind::Mobile, 3, 4)
    } else if digits.len() == 13 && digits[..2] == [8, 6] && is_mobile(&digits[2..]) {
        (MaskKind::Mobile, 5, 4)
    } else if (16..=19).contains(&digits.len()) && luhn_ok(&digits) {
        (MaskKind::BankCard, 0, 4)
    } else {
        return false;
    };
    let total = digits.len();
    let mut seen = 0;
    for (k, c) in chars[a..b].iter().enumerate() {
        if is_separator(*c) {
            continue;
        }
        if seen >= keep_front && seen < total - keep_back {
            hide[a + k] = true;
        }
        seen += 1;
    }
    found.push((kind, a, b));
    true
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == 1 && (3..=9).contains(&d[1])
}

/// GB 11643: weighted sum of the first 17 digits mod 11 names the check character.
fn id_check_ok(d: &[u8]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    if d[..17].iter().any(|&x| x > 9) {
        return false;
    }
    let sum: u32 = d[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(&x, w)| u32::from(x) * w)
        .sum();
    CHECK[(sum % 11) as usize] == d[17]
}

fn luhn_ok(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// `local@domain.tld`: masks the local part but its first character.
fn find_emails(
    chars: &[char],
    hide: &mut [bool],
    numbers: &[(MaskKind, usize, usize)],
    found: &mut Vec<(MaskKind, usize, usize)>,
) {
    let mut next_number = 0;
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut a = at;
        while a > 0 && is_local(chars[a - 1]) {
            a -= 1;
        }
        let mut b = at + 1;
        while b < chars.len() && is_domain(chars[b]) {
            b += 1;
        }
        // Trailing dots or hyphens belong to the sentence, not the address.
        while b > at + 1 && matches!(chars[b - 1], '.' | '-') {
            b -= 1;
        }
        let domain = &chars[at + 1..b];
        let tld_ok = domain.iter().rposition(|c| *c == '.').is_some_and(|dot| {
            dot > 0
                && domain.len() - dot > 2
                && domain[dot + 1..].iter().all(char::is_ascii_alphabetic)
        });
        // Both lists are in text order: skip numbers that end before this address; then
        // only the next number and the last address can overlap it.
        while numbers.get(next_number).is_some_and(|n| n.2 <= a) {
            next_number += 1;
        }
        let overlaps = |f: &(MaskKind, usize, usize)| f.1 < b && a < f.2;
        if a == at
            || !tld_ok
            || numbers.get(next_number).is_some_and(overlaps)
            || found.last().is_some_and(overlaps)
        {
            continue;
        }
        for h in &mut hide[a + 1..at] {
            *h = true;
        }
        found.push((MaskKind::Email, a, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> (String, Vec<MaskKind>) {
        let r = redact(text);
        (r.text, r.masked.into_iter().map(|m| m.kind).collect())
    }

    #[test]
    fn numbers() {
        use MaskKind::*;
        let cases: &[(&str, &str, &[MaskKind])] = &[
            ("手机13812345678", "手机138****5678", &[Mobile]),
            ("电话 138-1234-5678。", "电话 138-****-5678。", &[Mobile]),
            ("+86 13812345678", "+86 138****5678", &[Mobile]),
            ("8613812345678", "86138****5678", &[Mobile]),
            ("12345678901", "12345678901", &[]),
            ("138123456789", "138123456789", &[]),
            (
                "身份证11010519491231002X",
                "身份证110***********002X",
                &[IdCard],
            ),
            ("身份证110105194912310021", "身份证110105194912310021", &[]),
            (
                "卡号4111 1111 1111 1111",
                "卡号**** **** **** 1111",
                &[BankCard],
            ),
            // 19 digits that fail the Luhn check are left alone.
            (
                "编号6222 0200 0000 0000 006",
                "编号6222 0200 0000 0000 006",
                &[],
            ),
            ("卡号4111111111111111", "卡号************1111", &[BankCard]),
            ("2026-11-23 下午3点", "2026-11-23 下午3点", &[]),
            (
                "13812345678 13912345678",
                "138****5678 139****5678",
                &[Mobile, Mobile],
            ),
            ("房号1-2-301", "房号1-2-301", &[]),
        ];
        for (input, want, kinds) in cases {
            assert_eq!(masked(input), (want.to_string(), kinds.to_vec()), "{input}");
        }
    }

    #[test]
    fn emails_and_offsets() {
        let r = redact("😀a@bc.cn, x@y");
        assert_eq!(r.text, "😀a@bc.cn, x@y");
        assert_eq!((r.masked[0].start, r.masked[0].end), (2, 9));
        assert_eq!(
            redact("联系 wang_wu@mail.example.org。").text,
            "联系 w******@mail.example.org。"
        );
        assert_eq!(redact("@qq.com").masked, vec![]);
    }
}
