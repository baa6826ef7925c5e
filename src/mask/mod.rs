//! Masking (脱敏) personal numbers and addresses in what residents write, before it is shown or
//! stored: mainland mobile numbers, resident ID numbers, bank-card numbers, landlines with an
//! area code and e-mail addresses.
//!
//! A false positive is cheap, a leak is not: numbers are matched by their shape only (no
//! check digit, no Luhn check decides whether something is masked), written in any width
//! (`１３８…`, `Ｘ`) and grouped by any run of separators (spaces of every kind, tabs, line
//! breaks, zero-width characters, `-` `－` `—` `–` `.` `·` `_`, brackets). Letters next to a
//! number never protect it (`tel13812345678`); only further digits do (a 20-digit order
//! number is not a phone number). Where a run of grouped digits can be read several ways
//! (`138 1234 5678 139 1234 5678`: two mobiles, or a 19-digit card in the middle?), the
//! reading that explains the most digits and hides the most wins, so a card is never shown
//! for a mobile inside it; the price is that a date written against a grouped mobile may be
//! masked with it as one card-shaped number.
//!
//! Masking is length-preserving — each hidden UTF-16 code unit becomes one `*` (every hidden
//! digit, `X` or Chinese character in use is one unit; a character outside the BMP becomes
//! `**`) — so every offset into the original text is also an offset into the masked text.
//! Digits and e-mail characters are no phrase of a rulebook, so the categoriser gives the
//! same answer on either text, unless Chinese words run into a Chinese e-mail local part.
//!
//! The work is linear in the length of the text: every character is looked at a bounded
//! number of times.

/// What kind of personal data was masked, and which part of it stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskKind {
    /// A mainland mobile number: 11 digits `1[3-9]…`, maybe after `+86`, `86` or `0086`.
    /// The first 3 and the last 4 digits stay (`138****5678`), and so does the prefix
    /// (`86138****5678`); the span takes the prefix in unless the 11 digits after it are
    /// written in one piece (`+86 13812345678`).
    Mobile,
    /// A resident ID number, whatever its check digit: 17 digits and a digit or `X`
    /// (first 3 and last 4 stay: `110***********002X`), or an old 15-digit one starting
    /// 1–8 (first 3 and last 3 stay). The birth date is always hidden.
    IdCard,
    /// A bank-card-shaped number of 16–19 digits, whatever its Luhn check (an 18-digit
    /// number is a bank card when it passes Luhn but not the ID check, or starts 0 or 9).
    /// Only the last 4 digits stay.
    BankCard,
    /// A landline with its area code: `0` + 2–3 digits, then 7–8 digits, 10–12 in all
    /// (`0755-86013388`, `(010)65520000`), or the same after `+86` / `0086` with or without
    /// the `0` (`+86 755 8601 3388`). The prefix, the area code and the last 2 digits stay
    /// (`0755-******88`); an extension after it (`-123`, `转123`) stays as it is.
    Landline,
    /// An e-mail address, ASCII or not (`张三@例子.中国`, `＠` and `﹫` too). The local part
    /// is hidden but its first character (all of it when it is one character); the domain
    /// stays, except digits of a number found in it.
    Email,
}
crate::json_out::json_enum!(MaskKind {
    Mobile => "mobile",
    IdCard => "idCard",
    BankCard => "bankCard",
    Landline => "landline",
    Email => "email",
});

/// One masked span, as JavaScript string indices (UTF-16 code units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// What was masked.
    pub kind: MaskKind,
    /// Start (inclusive).
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
}
crate::json_out::json_object!(Masked {
    "kind" => kind,
    "start" => start,
    "end" => end,
});

/// A text with personal data masked, and what was masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The text with masked characters replaced by `*`.
    pub text: String,
    /// The masked spans, in order; none overlap and each hides at least one character.
    pub masked: Vec<Masked>,
}
crate::json_out::json_object!(Redacted {
    "text" => text,
    "masked" => masked,
});

/// A found span: kind, first character, end character (indices into the `char`s).
type Found = (MaskKind, usize, usize);

/// The longest text [`redact`] takes, in characters (five times the default rulebook's
/// longest need text; masking a text this long needs about 16 MB).
pub const MAX_CHARS: usize = 1_000_000;

/// Masks mobile numbers, ID numbers, bank cards, landlines and e-mail addresses in `text`.
///
/// # Errors
/// `OUT_OF_RANGE` for a text longer than [`MAX_CHARS`].
///
/// ```
/// use shequ_rules::mask::redact;
///
/// let r = redact("电话13812345678，邮箱 zhang.san@example.com").unwrap();
/// assert_eq!(r.text, "电话138****5678，邮箱 z********@example.com");
/// assert_eq!(r.masked.len(), 2);
/// ```
pub fn redact(text: &str) -> Result<Redacted, crate::Error> {
    // Byte length bounds the character count from above: only count when needed.
    if text.len() > MAX_CHARS {
        let n = text.chars().count();
        if n > MAX_CHARS {
            return Err(crate::Error::input(
                crate::Code::OutOfRange,
                "",
                format!("文本过长：{n} 个字，最多 {MAX_CHARS} 个"),
            ));
        }
    }
    Ok(mask(text))
}

/// [`redact`] without the length check.
fn mask(text: &str) -> Redacted {
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
    let mut numbers: Vec<Found> = Vec::new();
    find_numbers(&chars, &mut hide, &mut numbers);
    let mut absorbed = vec![false; numbers.len()];
    let mut emails: Vec<Found> = Vec::new();
    find_emails(&chars, &mut hide, &numbers, &mut absorbed, &mut emails);
    // Both lists are in text order and no kept number overlaps an address; merge them.
    let mut found = Vec::with_capacity(numbers.len() + emails.len());
    let mut a = numbers
        .into_iter()
        .zip(absorbed)
        .filter(|(_, gone)| !gone)
        .map(|(n, _)| n)
        .peekable();
    let mut b = emails.into_iter().peekable();
    while let Some(next) = match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.1 < x.1 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    } {
        found.push(next);
    }

    let mut masked_text = String::with_capacity(text.len());
    for (&c, &h) in chars.iter().zip(&hide) {
        if h {
            for _ in 0..c.len_utf16() {
                masked_text.push('*');
            }
        } else {
            masked_text.push(c);
        }
    }
    let masked = found
        .into_iter()
        .map(|(kind, a, b)| Masked {
            kind,
            start: offsets[a],
            end: offsets[b],
        })
        .collect();
    Redacted {
        text: masked_text,
        masked,
    }
}

/// A character as the number finder sees it, width and separators normalised.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit(u8),
    /// `X`, `x`, `Ｘ`, `ｘ`: the last character of an ID number.
    X,
    /// May stand between the digit groups of one number.
    Sep,
    Other,
}

fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit(c as u8 - b'0'),
        '０'..='９' => Class::Digit((c as u32 - '０' as u32) as u8),
        'X' | 'x' | 'Ｘ' | 'ｘ' => Class::X,
        '-'
        | '.'
        | '_'
        | '('
        | ')'
        | '·'
        | '\u{ad}'
        | '\u{180e}'
        | '\u{2010}'..='\u{2015}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{2212}'
        | '\u{30fb}'
        | '\u{fe58}'
        | '\u{fe63}'
        | '\u{feff}'
        | '（'
        | '）'
        | '－'
        | '．'
        | '＿'
        | '･' => Class::Sep,
        c if c.is_whitespace() => Class::Sep,
        _ => Class::Other,
    }
}

/// The longest number that is masked (a bank card); longer readings are never tried.
const MAX_DIGITS: usize = 19;
/// The longest extension after a landline (`0755-86013388-1234`), which stays visible.
const MAX_EXTENSION: usize = 4;
/// Extra score of a reading that is surely what it looks like (a mobile or landline, an ID
/// whose check digit holds, a card that passes Luhn) over a mere 15–19-digit shape: two
/// grouped mobiles in a row stay two mobiles rather than one 19-digit "card" across them.
const SURE: u32 = 8;

/// A run: digit groups joined by separator runs. `digits` and `pos` (each digit's character
/// index) are shared by the groups, each a range of them.
#[derive(Default)]
struct Run {
    digits: Vec<u8>,
    pos: Vec<usize>,
    groups: Vec<(usize, usize)>,
    /// The last group is followed directly by an X.
    x_last: bool,
}

/// Finds runs of digits grouped by separators (an ID may end in X) and masks the best
/// reading of each run as numbers.
fn find_numbers(chars: &[char], hide: &mut [bool], found: &mut Vec<Found>) {
    let mut run = Run::default();
    let mut i = 0;
    while i < chars.len() {
        if !matches!(class(chars[i]), Class::Digit(_)) {
            i += 1;
            continue;
        }
        run.digits.clear();
        run.pos.clear();
        run.groups.clear();
        run.x_last = false;
        // Groups of digits; separators between them; an X ends the run.
        loop {
            let first = run.digits.len();
            while let Some(Class::Digit(d)) = chars.get(i).map(|&c| class(c)) {
                run.digits.push(d);
                run.pos.push(i);
                i += 1;
            }
            run.groups.push((first, run.digits.len()));
            if chars.get(i).is_some_and(|&c| class(c) == Class::X) {
                run.x_last = true;
                i += 1;
                break;
            }
            let mut j = i;
            while chars.get(j).is_some_and(|&c| class(c) == Class::Sep) {
                j += 1;
            }
            // Separators not followed by a digit are not part of the run (nor a number).
            let more = chars
                .get(j)
                .is_some_and(|&c| matches!(class(c), Class::Digit(_)));
            i = j;
            if !more {
                break;
            }
        }
        read_run(&run, hide, found);
    }
}

/// One way to read some consecutive groups as a number.
#[derive(Clone, Copy)]
struct Reading {
    kind: MaskKind,
    /// Hidden digits, as indices into the reading's digits (`X` is index 17).
    hide: (usize, usize),
    /// The reading ends with the X after its digits.
    with_x: bool,
    /// Its last group is a landline's extension, outside the span.
    extension: bool,
    score: u32,
}

/// Chooses the readings of a run's groups as numbers that explain the most digits and hide
/// the most: a reading scores its digits, plus those it hides, plus [`SURE`] if it is sure;
/// digits read as nothing score nothing (so a card `6222-0200-0000-0000` is not read as a
/// landline `0200-0000-0000` after an unexplained `6222`, which would show the card). A
/// group that is a number on its own is never read together with its neighbours. Each group
/// ends at most [`MAX_DIGITS`] readings, so this is linear.
fn read_run(run: &Run, hide: &mut [bool], found: &mut Vec<Found>) {
    let groups = &run.groups;
    let n = groups.len();
    let len = |g: usize| groups[g].1 - groups[g].0;
    let read = |k: usize, m: usize| {
        let digits = &run.digits[groups[k].0..groups[m].1];
        let whole = classify(digits, len(k), m == n - 1 && run.x_last);
        // A landline and its extension.
        let ext = len(m);
        let landline = (k < m && ext <= MAX_EXTENSION && (10..=12).contains(&(digits.len() - ext)))
            .then(|| classify(&digits[..digits.len() - ext], len(k), false))
            .flatten()
            .filter(|r| r.kind == MaskKind::Landline)
            .map(|r| Reading {
                extension: true,
                ..r
            });
        let r = match (whole, landline) {
            (Some(w), Some(l)) => Some(if l.score > w.score { l } else { w }),
            (w, l) => w.or(l),
        }?;
        Some(Reading {
            score: r.score + digits.len() as u32,
            ..r
        })
    };
    let alone: Vec<Option<Reading>> = (0..n).map(|g| read(g, g)).collect();
    // best[m]: the best score of groups 0..m; choice[m]: the reading ending group m - 1.
    let mut best = vec![0u32; n + 1];
    let mut choice: Vec<Option<(usize, Reading)>> = vec![None; n + 1];
    for m in 0..n {
        best[m + 1] = best[m];
        let mut digits = 0;
        for k in (0..=m).rev() {
            digits += len(k);
            // A landline with its extension is at most 16 digits long.
            if digits > MAX_DIGITS || (k < m && (alone[k].is_some() || alone[m].is_some())) {
                break;
            }
            let reading = if k == m { alone[m] } else { read(k, m) };
            // On a tie the longer reading (a prefix with its number) wins.
            if let Some(r) = reading.filter(|r| best[k] + r.score >= best[m + 1]) {
                best[m + 1] = best[k] + r.score;
                choice[m + 1] = Some((k, r));
            }
        }
    }
    let mut chosen = Vec::new();
    let mut m = n;
    while m > 0 {
        match choice[m] {
            Some((k, r)) => {
                chosen.push((k, m - 1, r));
                m = k;
            }
            None => m -= 1,
        }
    }
    for &(k, m, r) in chosen.iter().rev() {
        let m = if r.extension { m - 1 } else { m };
        let (d0, d1) = (groups[k].0, groups[m].1);
        for d in d0 + r.hide.0..d0 + r.hide.1 {
            // Only the X could be past the digits, and it is never hidden.
            if d < d1 {
                hide[run.pos[d]] = true;
            }
        }
        let end = run.pos[d1 - 1] + if r.with_x { 2 } else { 1 };
        found.push((r.kind, run.pos[d0], end));
    }
}

/// Reads `d` (the digits of some consecutive groups, the first group `first_len` long;
/// `x`: an X follows them) as a number, if it is shaped like one.
fn classify(d: &[u8], first_len: usize, x: bool) -> Option<Reading> {
    let n = d.len();
    let reading = |kind, front: usize, back: usize, with_x: bool, sure: bool| {
        let total = n + usize::from(with_x);
        Some(Reading {
            kind,
            hide: (front, total - back),
            with_x,
            extension: false,
            score: (total - back - front) as u32 + if sure { SURE } else { 0 },
        })
    };
    let mobile = |d: &[u8]| d.len() == 11 && d[0] == 1 && d[1] >= 3;
    if x && n == 17 {
        return reading(MaskKind::IdCard, 3, 4, true, id_check_ok(d, 10));
    }
    if mobile(d) {
        return reading(MaskKind::Mobile, 3, 4, false, true);
    }
    for prefix in [&[8, 6][..], &[0, 0, 8, 6]] {
        if d.starts_with(prefix) && mobile(&d[prefix.len()..]) {
            return reading(MaskKind::Mobile, prefix.len() + 3, 4, false, true);
        }
    }
    if let Some(front) = landline_front(d, first_len) {
        return reading(MaskKind::Landline, front, 2, false, true);
    }
    match n {
        15 if (1..=8).contains(&d[0]) => reading(MaskKind::IdCard, 3, 3, false, false),
        18 if id_check_ok(&d[..17], d[17]) => reading(MaskKind::IdCard, 3, 4, false, true),
        18 if !luhn_ok(d) && (1..=8).contains(&d[0]) => {
            reading(MaskKind::IdCard, 3, 4, false, false)
        }
        16..=19 => reading(MaskKind::BankCard, 0, 4, false, luhn_ok(d)),
        _ => None,
    }
}

/// If `d` is a landline — `0`, or `86` / `0086` (maybe with the `0` too), then an area code
/// and a 7–8 digit number, 9–11 digits after the `0` or prefix — how many of its leading
/// digits (the prefix and area code) stay visible.
fn landline_front(d: &[u8], first_len: usize) -> Option<usize> {
    let mut prefix = if d.starts_with(&[0, 0, 8, 6]) {
        4
    } else if d.starts_with(&[8, 6]) {
        2
    } else {
        0
    };
    let national = prefix == 0;
    if d.get(prefix) == Some(&0) {
        prefix += 1;
    } else if national {
        return None;
    }
    let rest = &d[prefix..];
    if !(9..=11).contains(&rest.len()) || rest[0] == 0 {
        return None;
    }
    // 010 and 02x are three long, other area codes four; in `0755-…` the first group is
    // the area code.
    let by_rule = if rest[0] <= 2 { 2 } else { 3 };
    let hint = if national { first_len - 1 } else { by_rule };
    let area = [hint, by_rule, 5 - by_rule]
        .into_iter()
        .find(|&a| (2..=3).contains(&a) && (7..=8).contains(&(rest.len() - a)))?;
    Some(prefix + area)
}

/// GB 11643: the weighted sum of the first 17 digits mod 11 names the check character
/// (`check` 10 for X).
fn id_check_ok(d: &[u8], check: u8) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum();
    CHECK[(sum % 11) as usize] == check
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

fn is_at(c: char) -> bool {
    matches!(c, '@' | '＠' | '﹫')
}

fn is_dot(c: char) -> bool {
    matches!(c, '.' | '．' | '｡')
}

/// A character of a local part; `wide`: not only ASCII ones.
fn is_local(c: char, wide: bool) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '_' | '%' | '+' | '-')
        || (wide && (c.is_alphanumeric() || matches!(c, '．' | '＿' | '－')))
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || is_dot(c)
}

/// The longest local part (RFC 5321) and domain looked at.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;

/// `local@domain.tld`, with `@`, `＠` or `﹫`, ASCII or not: masks the local part but its
/// first character (a one-character local part entirely). The top-level label is two or
/// more letters of one script (`com`, `中国`) or `xn--…`; letters of another script after
/// it are the sentence's. The local part is ASCII unless the character before the `@` or
/// the domain is not (Chinese text has no spaces, so `邮箱zhang@163.com` is `zhang`, while
/// `请联系李@公司.cn` takes `请联系李`). A number ending inside the local part shortens it;
/// numbers within an address are taken into it (their digits stay hidden).
fn find_emails(
    chars: &[char],
    hide: &mut [bool],
    numbers: &[Found],
    absorbed: &mut [bool],
    found: &mut Vec<Found>,
) {
    let mut next_number = 0;
    let mut floor = 0;
    for at in 0..chars.len() {
        if !is_at(chars[at]) || at == 0 || at < floor {
            continue;
        }
        let mut b = at + 1;
        while b < chars.len() && b - at <= MAX_DOMAIN && is_domain(chars[b]) {
            b += 1;
        }
        // Trailing dots or hyphens belong to the sentence, not the address.
        while b > at + 1 && (is_dot(chars[b - 1]) || chars[b - 1] == '-') {
            b -= 1;
        }
        let domain = &chars[at + 1..b];
        let Some(dot) = domain.iter().rposition(|&c| is_dot(c)) else {
            continue;
        };
        let label = &domain[dot + 1..];
        let tld = if label.len() > 4
            && label[..4]
                .iter()
                .map(char::to_ascii_lowercase)
                .eq("xn--".chars())
        {
            label.len()
        } else {
            let ascii = label.first().is_some_and(char::is_ascii);
            label
                .iter()
                .take_while(|c| c.is_alphabetic() && c.is_ascii() == ascii)
                .count()
        };
        if dot == 0 || is_dot(domain[dot - 1]) || tld < 2 {
            continue;
        }
        let b = at + 1 + dot + 1 + tld;
        let wide = !chars[at - 1].is_ascii() || chars[at + 1..b].iter().any(|c| !c.is_ascii());
        let mut a = at;
        while a > floor && at - a < MAX_LOCAL && is_local(chars[a - 1], wide) {
            a -= 1;
        }
        while numbers.get(next_number).is_some_and(|n| n.2 <= a) {
            next_number += 1;
        }
        if let Some(n) = numbers.get(next_number).filter(|n| n.1 < a) {
            a = n.2;
            next_number += 1;
        }
        if a >= at || !chars[a..at].iter().any(|c| c.is_alphanumeric()) {
            continue;
        }
        if at - a == 1 {
            hide[a] = true;
        } else {
            for h in &mut hide[a + 1..at] {
                *h = true;
            }
        }
        while numbers.get(next_number).is_some_and(|n| n.1 < b) {
            absorbed[next_number] = true;
            next_number += 1;
        }
        found.push((MaskKind::Email, a, b));
        floor = b;
    }
}

#[cfg(test)]
mod tests;
