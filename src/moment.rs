//! Moments: ISO 8601 with its offset. The points ledger counts its days and months in China
//! time (UTC+8); the working-day calendar counts in its rulebook's time zone. Read by hand rather than with chrono's
//! RFC 3339 parser, whose formatting machinery costs the wasm several kilobytes.

use chrono::{Datelike, NaiveDate};

/// A moment of the ledger, read from ISO 8601 with its offset
/// (`2026-11-05T09:30:00+08:00`, `…Z`, optional fraction of a second): the instant, and the
/// day, month and year it falls in China time (UTC+8), where the ledger counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    /// Milliseconds since 0001-01-01T00:00:00Z.
    millis: i64,
    /// Days since 0001-01-01 of the China-time date.
    pub(crate) day: i32,
    /// The China-time month as `year * 12 + month − 1` (the ledger asks for it several
    /// times per event: worked out once, here).
    month: i32,
}

impl Moment {
    /// Reads `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`; `None` for anything else or an invalid date.
    pub fn parse(s: &str) -> Option<Moment> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(r)?;
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(mo).ok()?,
            u32::try_from(d).ok()?,
        )?;
        let mut i = 19;
        let mut millis = 0i64;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            let digits = &b[start..i.min(start + 3)];
            millis = digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
                * 10i64.pow(3 - digits.len() as u32);
        }
        let offset_minutes = match b.get(i..)? {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digit = |c: &u8| c.is_ascii_digit().then(|| i64::from(c - b'0'));
                let (oh, om) = (digit(h1)? * 10 + digit(h2)?, digit(m1)? * 10 + digit(m2)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                (oh * 60 + om) * if *sign == b'-' { -1 } else { 1 }
            }
            _ => return None,
        };
        let seconds = i64::from(date.num_days_from_ce()) * 86_400 + h * 3600 + mi * 60 + sec
            - offset_minutes * 60;
        let day = i32::try_from((seconds + 8 * 3600).div_euclid(86_400)).ok()?;
        // Written in China time, the date is the China-time date: no conversion.
        let month = if offset_minutes == 480 {
            (y * 12 + mo - 1) as i32
        } else {
            month_of_day(day)
        };
        Some(Moment {
            millis: seconds * 1000 + millis,
            day,
            month,
        })
    }

    /// The moment `millis` milliseconds after 0001-01-01T00:00:00Z.
    pub(crate) fn from_millis(millis: i64) -> Moment {
        let day = i32::try_from((millis.div_euclid(1000) + 8 * 3600).div_euclid(86_400))
            .unwrap_or(i32::MAX);
        Moment {
            millis,
            day,
            month: month_of_day(day),
        }
    }

    /// Milliseconds since 0001-01-01T00:00:00Z.
    pub(crate) fn millis(self) -> i64 {
        self.millis
    }

    /// ISO 8601 in the time zone `offset_minutes` east of UTC, to the second
    /// (`2026-10-10T17:30:00+08:00`; milliseconds only when there are some).
    pub(crate) fn iso(self, offset_minutes: i32) -> String {
        let local = self.millis + i64::from(offset_minutes) * 60_000;
        let (secs, ms) = (local.div_euclid(1000), local.rem_euclid(1000));
        let day = i32::try_from(secs.div_euclid(86_400)).unwrap_or(0);
        let sod = secs.rem_euclid(86_400);
        let Some(d) = NaiveDate::from_num_days_from_ce_opt(day) else {
            return String::new();
        };
        let frac = if ms == 0 {
            String::new()
        } else {
            format!(".{ms:03}")
        };
        let (sign, off) = if offset_minutes < 0 {
            ('-', -offset_minutes)
        } else {
            ('+', offset_minutes)
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{frac}{sign}{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            sod / 3600,
            sod / 60 % 60,
            sod % 60,
            off / 60,
            off % 60
        )
    }

    /// The China-time month as `year * 12 + month − 1`.
    pub(crate) fn month(self) -> i32 {
        self.month
    }

    /// The China-time year.
    pub(crate) fn year(self) -> i32 {
        self.month.div_euclid(12)
    }
}

/// The month number (`year * 12 + month − 1`) of a day number (days since 0001-01-01).
fn month_of_day(day: i32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day).map_or(0, |d| d.year() * 12 + d.month0() as i32)
}

/// `YYYY-MM` of a month number (`year * 12 + month − 1`).
pub(crate) fn month_text(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// The month number of `YYYY-MM`.
pub(crate) fn month_number(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = s.get(..4)?.parse().ok()?;
    let m: i32 = s.get(5..)?.parse().ok()?;
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// `YYYY-MM-DD` of a day number (days since 0001-01-01).
pub(crate) fn day_number_text(day: u32) -> String {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map_or_else(String::new, |d| {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_count_in_china_time() {
        let m =
            |s| Moment::parse(s).map(|m| (day_number_text(m.day as u32), month_text(m.month())));
        for (input, day, month) in [
            ("2026-10-02T15:30:00Z", "2026-10-02", "2026-10"),
            ("2026-10-31T16:00:00Z", "2026-11-01", "2026-11"),
            ("2026-12-31T23:59:59.999+08:00", "2026-12-31", "2026-12"),
            ("2027-01-01T00:00:00-05:00", "2027-01-01", "2027-01"),
        ] {
            assert_eq!(m(input), Some((day.into(), month.into())), "{input}");
        }
        for bad in [
            "2026-02-30T09:00:00+08:00",
            "2026-10-02 09:00:00+08:00",
            "2026-10-02T09:00:00",
            "2026-10-02T24:00:00Z",
            "2026-10-02T09:00:00+8:00",
            "2026-10-02T09:00:00.Z",
            "２０２６-10-02T09:00:00Z",
            "",
            "2026-10-02T09:00:00+08:00x",
        ] {
            assert_eq!(Moment::parse(bad), None, "{bad}");
        }
        let a = Moment::parse("2026-10-02T09:00:00.5+08:00").unwrap();
        let b = Moment::parse("2026-10-02T01:00:00.400Z").unwrap();
        assert!(b < a && Moment::parse("2026-10-02T01:00:00.500Z") == Some(a));
        assert_eq!(a.iso(480), "2026-10-02T09:00:00.500+08:00");
        assert_eq!(b.iso(0), "2026-10-02T01:00:00.400+00:00");
        assert_eq!(Moment::from_millis(a.millis()), a);
        let c = Moment::parse("2026-12-31T23:59:59-05:30").unwrap();
        assert_eq!(c.iso(-330), "2026-12-31T23:59:59-05:30");
        assert_eq!(c.iso(480), "2027-01-01T13:29:59+08:00");
        assert_eq!(month_number("2026-13"), None);
        assert_eq!(
            month_number("2026-01").map(month_text),
            Some("2026-01".into())
        );
    }
}
