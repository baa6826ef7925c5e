//! Calendar dates as the rules see them: strict ISO `YYYY-MM-DD` text, weekdays by their
//! rulebook codes (`monday`…`sunday`) and their Chinese names (周一…周日).
//!
//! One place for dates, so every family reads and writes them alike. The working-day
//! calendar (weekends, the holidays and 调休 working weekends of DOMAIN's calendar) is to
//! join this module when the disputes family arrives.

use crate::error::Code;
use crate::json_value::Value;
use crate::read::{describe, Fields, Reader};
use chrono::{NaiveDate, Weekday};

/// Weekday codes as rulebooks write them, Monday first.
pub(crate) const WEEKDAY_CODES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The Chinese name of a weekday (周一…周日).
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    const NAMES: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    NAMES[day.num_days_from_monday() as usize]
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
pub(crate) fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    };
    let y = digits(0..4)?;
    let m = digits(5..7)?;
    let d = digits(8..10)?;
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

impl Reader {
    /// A calendar date written strictly as `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, v: &Value, path: &str) -> Option<NaiveDate> {
        let Value::String(s) = v else {
            self.report(
                Code::WrongType,
                path,
                format!("应为日期字符串 YYYY-MM-DD，收到{}", describe(v)),
            );
            return None;
        };
        let parsed = parse_iso_date(s);
        if parsed.is_none() {
            let shown: String = s.chars().take(32).collect();
            self.report(
                Code::InvalidDate,
                path,
                format!("不是有效日期（应为 YYYY-MM-DD）：\"{shown}\""),
            );
        }
        parsed
    }

    /// A weekday given by its code (`monday`…`sunday`).
    pub(crate) fn weekday(&mut self, v: &Value, path: &str) -> Option<Weekday> {
        self.choice(v, path, &WEEKDAY_CODES)
            .and_then(|i| Weekday::try_from(i as u8).ok())
    }
}

impl Fields<'_> {
    /// A required date `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, r: &mut Reader, key: &'static str) -> Option<NaiveDate> {
        let (v, p) = self.required(r, key)?;
        r.date(v, &p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        for bad in [
            "2026-2-1",
            "2026-02-30",
            "26-02-01",
            "2026/02/01",
            "２０２６-01-01",
            "",
        ] {
            assert!(parse_iso_date(bad).is_none(), "{bad}");
        }
        assert_eq!(
            parse_iso_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_name(Weekday::Mon), "周一");
        assert_eq!(weekday_name(Weekday::Sun), "周日");
        let mut r = Reader::new();
        assert_eq!(r.weekday(&Value::from("friday"), "/w"), Some(Weekday::Fri));
        assert_eq!(r.weekday(&Value::from("Friday"), "/w"), None);
    }
}
