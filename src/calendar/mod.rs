//! The working-day calendar (DOMAIN, "Working-day calendar"), the rulebook section
//! `calendar`: weekends, the year's statutory holidays and 调休 working weekends as the State
//! Council's notice sets them (国务院办公厅关于2026年部分节假日安排的通知), a community's
//! local days, the working hours of a day and the time zone (+08:00, China time).
//!
//! Deadlines of the disputes family (and of the work orders to come) are counted here, in
//! three units: calendar hours, working hours (the working periods of working days), and
//! working days (the deadline is the end of the last working period of the n-th working day
//! after the start day). A day outside the years the calendar covers is an
//! `OUT_OF_CALENDAR` error: its holidays are not known, and none is guessed.
//!
//! Rules: `isWorkingDay(date)`, `addWorkingDays(date, days)`, `workingDaysBetween(from, to)`,
//! `addWorkingHours(at, hours)`.

mod rules;

pub(crate) use rules::moment_arg;
pub use rules::{DateResult, DayInfo, DaysResult, MomentResult};

use crate::dates::WEEKDAY_CODES;
use crate::engine::{to_json, Engine, Output};
use crate::error::{Code, Error};
use crate::families::Section;
use crate::json_value::Value;
use crate::label::MAX_NAME_CHARS;
use crate::moment::Moment;
use crate::read::{index, Fields, Reader};
use chrono::{Datelike, NaiveDate};

/// The most years one calendar covers.
const MAX_YEARS: usize = 50;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// What a day is, in the calendar's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Workday,
    Weekend,
    Holiday,
    WorkingWeekend,
    LocalOff,
    LocalWorking,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Workday => "workday",
            Kind::Weekend => "weekend",
            Kind::Holiday => "holiday",
            Kind::WorkingWeekend => "workingWeekend",
            Kind::LocalOff => "localOff",
            Kind::LocalWorking => "localWorking",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::Workday => "工作日",
            Kind::Weekend => "周末",
            Kind::Holiday => "法定节假日",
            Kind::WorkingWeekend => "调休上班",
            Kind::LocalOff => "本地休息日",
            Kind::LocalWorking => "本地工作日",
        }
    }

    fn working(self) -> bool {
        matches!(
            self,
            Kind::Workday | Kind::WorkingWeekend | Kind::LocalWorking
        )
    }
}

/// The rulebook section `calendar`.
#[derive(Debug, Clone)]
pub struct CalendarRules {
    /// Minutes east of UTC.
    offset: i32,
    first_year: i32,
    last_year: i32,
    /// Day number (days since 0001-01-01, as chrono counts them) of 1 January of the first
    /// year.
    first_day: i32,
    /// Per covered day: its kind and the index of its name in `names` (0 for none).
    days: Vec<(Kind, u16)>,
    names: Vec<String>,
    /// Working periods of a working day, in seconds after midnight, ascending.
    periods: Vec<(i64, i64)>,
}

/// Reads `HH:MM` as seconds after midnight (`24:00` allowed, as the end of a day).
fn clock(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 5
        || b[2] != b':'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return None;
    }
    let h = i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0');
    let m = i64::from(b[3] - b'0') * 10 + i64::from(b[4] - b'0');
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 3600 + m * 60)
}

/// Reads a time zone `+HH:MM` / `-HH:MM` as minutes east of UTC.
fn zone(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, s.get(1..)?),
        b'-' => (-1, s.get(1..)?),
        _ => return None,
    };
    let secs = clock(rest)?;
    (secs <= 14 * 3600).then(|| sign * i32::try_from(secs / 60).unwrap_or(0))
}

fn date_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn weekday_of(day: i32) -> &'static str {
    NaiveDate::from_num_days_from_ce_opt(day)
        .map_or("", |d| crate::dates::weekday_name(d.weekday()))
}

impl Section for CalendarRules {
    fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<CalendarRules> {
        let timezone = f.optional("timeZone");
        let zone_given = timezone.is_some();
        let offset = timezone.and_then(|(v, p)| {
            let z = v.as_str().and_then(zone);
            if z.is_none() {
                r.report(Code::InvalidValue, &p, "时区应写作 +08:00");
            }
            z
        });
        let years = f.array(r, "years").and_then(|(items, path)| {
            let mut out = Vec::new();
            for (i, v) in items.iter().enumerate() {
                let y = r.integer(v, &index(&path, i), 1900, 2200)?;
                out.push(i32::try_from(y).ok()?);
            }
            if out.is_empty() || out.len() > MAX_YEARS {
                r.report(
                    Code::OutOfRange,
                    &path,
                    format!("应列出 1–{MAX_YEARS} 个年份"),
                );
                return None;
            }
            if out.windows(2).any(|w| w[1] != w[0] + 1) {
                r.report(
                    Code::Inconsistent,
                    &path,
                    "年份应从小到大连续排列，如 [2026, 2027]",
                );
                return None;
            }
            Some((out[0], out[out.len() - 1]))
        });
        let weekend = f.array(r, "weekend").and_then(|(items, path)| {
            let mut days = [false; 7];
            for (i, v) in items.iter().enumerate() {
                let p = index(&path, i);
                let d = r.choice(v, &p, &WEEKDAY_CODES)?;
                if days[d] {
                    r.report(Code::Duplicate, &p, "周末日重复");
                    return None;
                }
                days[d] = true;
            }
            Some(days)
        });
        let periods = f.array(r, "workingHours").and_then(|(items, path)| {
            let mut out: Vec<(i64, i64)> = Vec::new();
            let mut ok = !items.is_empty();
            if items.is_empty() {
                r.report(Code::OutOfRange, &path, "至少需要一个工作时段");
            }
            for (i, v) in items.iter().enumerate() {
                let p = index(&path, i);
                let Some(mut pf) = r.object(v, &p) else {
                    ok = false;
                    continue;
                };
                let mut time = |pf: &mut Fields<'_>, key: &'static str| {
                    let (v, p) = pf.required(r, key)?;
                    let t = v.as_str().and_then(clock);
                    if t.is_none() {
                        r.report(Code::InvalidValue, &p, "时刻应写作 HH:MM，如 08:30");
                    }
                    t
                };
                let from = time(&mut pf, "from");
                let to = time(&mut pf, "to");
                pf.finish(r);
                match (from, to) {
                    (Some(a), Some(b)) if a < b && out.last().is_none_or(|&(_, end)| end <= a) => {
                        out.push((a, b));
                    }
                    (Some(_), Some(_)) => {
                        r.report(
                            Code::Inconsistent,
                            &p,
                            "工作时段应 from 早于 to，且各时段按时间先后、互不重叠",
                        );
                        ok = false;
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        });
        let (first_year, last_year) = years?;
        let zone_ok = offset.is_some() || !zone_given;
        let weekend_ok = weekend.is_some();
        let mut cal = CalendarRules {
            offset: offset.unwrap_or(480),
            first_year,
            last_year,
            first_day: NaiveDate::from_ymd_opt(first_year, 1, 1)?.num_days_from_ce(),
            days: Vec::new(),
            names: vec![String::new()],
            periods: periods.unwrap_or_default(),
        };
        let last_day = NaiveDate::from_ymd_opt(last_year, 12, 31)?.num_days_from_ce();
        let weekend = weekend.unwrap_or_default();
        cal.days = (cal.first_day..=last_day)
            .map(|d| {
                let wd = NaiveDate::from_num_days_from_ce_opt(d)
                    .map_or(0, |d| d.weekday().num_days_from_monday());
                (
                    if weekend[wd as usize] {
                        Kind::Weekend
                    } else {
                        Kind::Workday
                    },
                    0,
                )
            })
            .collect();
        let mut ok = true;
        // Holidays: named ranges of days off.
        if let Some((items, path)) = f.array(r, "holidays") {
            for (i, v) in items.iter().enumerate() {
                let p = index(&path, i);
                let Some(mut hf) = r.object(v, &p) else {
                    ok = false;
                    continue;
                };
                let name = hf.text(r, "name", MAX_NAME_CHARS);
                let from = hf.date(r, "from");
                let to = hf.date(r, "to");
                hf.finish(r);
                let (Some(name), Some(from), Some(to)) = (name, from, to) else {
                    ok = false;
                    continue;
                };
                if to < from || to.num_days_from_ce() - from.num_days_from_ce() > 31 {
                    r.report(
                        Code::Inconsistent,
                        &format!("{p}/to"),
                        "假期应 from ≤ to，且不超过 31 天",
                    );
                    ok = false;
                    continue;
                }
                let n = cal.name(name);
                for d in from.num_days_from_ce()..=to.num_days_from_ce() {
                    ok &= cal.mark(r, d, Kind::Holiday, n, &p);
                }
            }
        } else {
            ok = false;
        }
        // 调休: weekend days worked instead.
        if let Some((items, path)) = f.array(r, "workingWeekends") {
            for (i, v) in items.iter().enumerate() {
                let p = index(&path, i);
                let Some(mut wf) = r.object(v, &p) else {
                    ok = false;
                    continue;
                };
                let date = wf.date(r, "date");
                let name = wf.text(r, "name", MAX_NAME_CHARS);
                wf.finish(r);
                let (Some(date), Some(name)) = (date, name) else {
                    ok = false;
                    continue;
                };
                let d = date.num_days_from_ce();
                if cal.kind(d) == Some(Kind::Workday) {
                    r.report(
                        Code::Inconsistent,
                        &format!("{p}/date"),
                        format!("{} 本是工作日，不是需要调休上班的周末", date_text(date)),
                    );
                    ok = false;
                    continue;
                }
                let n = cal.name(name);
                ok &= cal.mark(r, d, Kind::WorkingWeekend, n, &p);
            }
        } else {
            ok = false;
        }
        // A community's own days, which override the national calendar.
        if let Some((v, path)) = f.optional("localDays") {
            if let Some(items) = r.array(v, &path) {
                let mut seen = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    let p = index(&path, i);
                    let Some(mut lf) = r.object(v, &p) else {
                        ok = false;
                        continue;
                    };
                    let date = lf.date(r, "date");
                    let working = lf
                        .required(r, "working")
                        .and_then(|(v, p)| r.boolean(v, &p));
                    let name = lf.text(r, "name", MAX_NAME_CHARS);
                    lf.finish(r);
                    let (Some(date), Some(working), Some(name)) = (date, working, name) else {
                        ok = false;
                        continue;
                    };
                    let d = date.num_days_from_ce();
                    if seen.contains(&d) {
                        r.report(Code::Duplicate, &format!("{p}/date"), "本地日期重复");
                        ok = false;
                        continue;
                    }
                    seen.push(d);
                    let n = cal.name(name);
                    let kind = if working {
                        Kind::LocalWorking
                    } else {
                        Kind::LocalOff
                    };
                    match cal.slot(d) {
                        Some(slot) => *slot = (kind, n),
                        None => {
                            cal.outside(r, &format!("{p}/date"), d);
                            ok = false;
                        }
                    }
                }
            } else {
                ok = false;
            }
        }
        let _ = f.optional("source");
        f.finish(r);
        (ok && zone_ok && weekend_ok && !cal.periods.is_empty()).then_some(cal)
    }

    fn call(
        e: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>> {
        Some(match method {
            "isWorkingDay" => to_json(e.is_working_day_json(input)),
            "addWorkingDays" => to_json(e.add_working_days_json(input, options)),
            "workingDaysBetween" => to_json(e.working_days_between_json(input, options)),
            "addWorkingHours" => to_json(e.add_working_hours_json(input, options)),
            _ => return None,
        })
    }
}

impl CalendarRules {
    fn name(&mut self, name: &str) -> u16 {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return i as u16;
        }
        self.names.push(name.to_string());
        u16::try_from(self.names.len() - 1).unwrap_or(0)
    }

    fn slot(&mut self, day: i32) -> Option<&mut (Kind, u16)> {
        let i = usize::try_from(day - self.first_day).ok()?;
        self.days.get_mut(i)
    }

    /// Marks a national day (a holiday or a 调休 working weekend), which may not be marked
    /// twice.
    fn mark(&mut self, r: &mut Reader, day: i32, kind: Kind, name: u16, path: &str) -> bool {
        match self.slot(day) {
            Some(slot) if matches!(slot.0, Kind::Workday | Kind::Weekend) => {
                *slot = (kind, name);
                true
            }
            Some(_) => {
                r.report(
                    Code::Duplicate,
                    path,
                    format!("{} 已被另一条安排占用", day_text(day)),
                );
                false
            }
            None => {
                self.outside(r, path, day);
                false
            }
        }
    }

    fn years_text(&self) -> String {
        if self.first_year == self.last_year {
            self.first_year.to_string()
        } else {
            format!("{}–{}", self.first_year, self.last_year)
        }
    }

    /// Why `day` has no answer: it is outside the covered years.
    fn outside_message(&self, day: i32) -> String {
        format!(
            "{} 超出规则库日历覆盖的年份（{}）：该年的节假日安排未知，请在规则库 calendar 中加入",
            day_text(day),
            self.years_text()
        )
    }

    /// A rulebook day outside the covered years.
    fn outside(&self, r: &mut Reader, path: &str, day: i32) {
        r.report(Code::OutOfCalendar, path, self.outside_message(day));
    }

    fn out_of_calendar(&self, path: &str, day: i32) -> Error {
        Error::input(Code::OutOfCalendar, path, self.outside_message(day))
    }

    fn kind(&self, day: i32) -> Option<Kind> {
        let i = usize::try_from(day - self.first_day).ok()?;
        self.days.get(i).map(|d| d.0)
    }

    /// Whether `day` is a working day; `OUT_OF_CALENDAR` at `path` outside the covered years.
    pub(crate) fn working(&self, day: i32, path: &str) -> Result<bool, Error> {
        self.kind(day)
            .map(Kind::working)
            .ok_or_else(|| self.out_of_calendar(path, day))
    }

    /// The calendar's time zone, in minutes east of UTC.
    pub(crate) fn offset(&self) -> i32 {
        self.offset
    }

    /// What `day` is.
    fn day_info(&self, day: i32, path: &str) -> Result<DayInfo, Error> {
        let i = usize::try_from(day - self.first_day).ok();
        let Some(&(kind, name)) = i.and_then(|i| self.days.get(i)) else {
            return Err(self.out_of_calendar(path, day));
        };
        Ok(DayInfo {
            date: day_text(day),
            working: kind.working(),
            kind: kind.code(),
            kind_name: kind.title(),
            name: (name != 0).then(|| self.names[usize::from(name)].clone()),
            weekday: weekday_of(day),
        })
    }

    /// The `n`-th working day after `day` (before it for negative `n`; `day` itself for 0).
    pub(crate) fn add_working_days(&self, day: i32, n: i64, path: &str) -> Result<i32, Error> {
        let step = if n < 0 { -1 } else { 1 };
        let mut left = n.unsigned_abs();
        let mut d = day;
        self.working(day, path)?;
        while left > 0 {
            d += step;
            if self.working(d, path)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// Working days after `from` up to and including `to` (negative when `to` is earlier).
    pub(crate) fn working_days_between(&self, from: i32, to: i32) -> Result<i64, Error> {
        self.working(from, "/from")?;
        self.working(to, "/to")?;
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = (a + 1..=b)
            .filter(|&d| self.kind(d).is_some_and(Kind::working))
            .count();
        Ok(sign * count as i64)
    }

    /// Local seconds (since 0001-01-01 in the calendar's zone) of a moment, and back.
    fn local(&self, m: Moment) -> i64 {
        m.millis().div_euclid(1000) + i64::from(self.offset) * 60
    }

    fn moment(&self, local: i64, millis: i64) -> Moment {
        Moment::from_millis((local - i64::from(self.offset) * 60) * 1000 + millis)
    }

    /// The moment `seconds` of working time after `at` (working periods of working days
    /// only; a deadline that uses up a period ends at its close, not at the next opening).
    pub(crate) fn add_working_seconds(
        &self,
        at: Moment,
        seconds: i64,
        path: &str,
    ) -> Result<Moment, Error> {
        let ms = at.millis().rem_euclid(1000);
        let mut t = self.local(at);
        let mut left = seconds.max(0);
        if left == 0 {
            return Ok(at);
        }
        loop {
            let day = i32::try_from(t.div_euclid(DAY)).unwrap_or(i32::MAX);
            let mut sod = t.rem_euclid(DAY);
            if self.working(day, path)? {
                for &(a, b) in &self.periods {
                    if sod < b {
                        let start = sod.max(a);
                        let avail = b - start;
                        if left <= avail {
                            let ms = if start == sod { ms } else { 0 };
                            return Ok(self.moment(i64::from(day) * DAY + start + left, ms));
                        }
                        left -= avail;
                        sod = b;
                    }
                }
            }
            t = (i64::from(day) + 1) * DAY;
        }
    }

    /// Working seconds from `a` to `b` (negative when `b` is earlier).
    pub(crate) fn working_seconds_between(
        &self,
        a: Moment,
        b: Moment,
        path: &str,
    ) -> Result<i64, Error> {
        let (lo, hi, sign) = if b >= a { (a, b, 1) } else { (b, a, -1) };
        let (lo, hi) = (self.local(lo), self.local(hi));
        let mut total = 0;
        let (d0, d1) = (lo.div_euclid(DAY), hi.div_euclid(DAY));
        for d in d0..=d1 {
            let day = i32::try_from(d).unwrap_or(i32::MAX);
            if !self.working(day, path)? {
                continue;
            }
            for &(p, q) in &self.periods {
                let (s, e) = ((d * DAY + p).max(lo), (d * DAY + q).min(hi));
                if e > s {
                    total += e - s;
                }
            }
        }
        Ok(sign * total)
    }

    /// The close of the last working period of `day`, as a moment.
    pub(crate) fn close_of(&self, day: i32) -> Moment {
        let end = self.periods.last().map_or(DAY, |p| p.1);
        self.moment(i64::from(day) * DAY + end, 0)
    }

    /// The calendar day (in the calendar's zone) a moment falls on.
    pub(crate) fn day_of(&self, m: Moment) -> i32 {
        i32::try_from(self.local(m).div_euclid(DAY)).unwrap_or(i32::MAX)
    }
}

/// `YYYY-MM-DD` of a day number.
fn day_text(day: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(day).map_or_else(String::new, date_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::default()
    }

    #[test]
    fn national_days_2026() {
        let e = engine();
        let kind = |d: &str| e.is_working_day(d).unwrap().result;
        assert_eq!(kind("2026-10-01").kind, "holiday");
        assert_eq!(kind("2026-10-07").name.as_deref(), Some("国庆节"));
        assert!(kind("2026-10-10").working);
        assert!(kind("2026-02-14").working && kind("2026-02-28").working);
        assert!(!kind("2026-02-23").working);
        assert_eq!(kind("2026-12-05").kind, "weekend");
        assert_eq!(kind("2026-12-02").kind, "workday");
        let err = e.is_working_day("2027-01-04").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::OutOfCalendar, "/date"));
    }

    #[test]
    fn working_days_add_and_count_agree() {
        let e = engine();
        for (from, n) in [
            ("2026-09-30", 3),
            ("2026-02-13", 2),
            ("2026-06-18", 1),
            ("2026-05-08", -1),
        ] {
            let to = e.add_working_days(from, n).unwrap().result.date;
            assert_eq!(
                e.working_days_between(from, &to).unwrap().result.days,
                n,
                "{from} {n}"
            );
        }
        assert_eq!(
            e.add_working_days("2026-02-13", 1).unwrap().result.date,
            "2026-02-14"
        );
        assert_eq!(
            e.add_working_days("2026-10-08", 0).unwrap().result.date,
            "2026-10-08"
        );
        let err = e.add_working_days("2026-12-30", 5).unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::OutOfCalendar, "/days"));
    }

    #[test]
    fn working_hours() {
        let e = engine();
        let add = |at: &str, h: f64| e.add_working_hours(at, h).unwrap().result.at;
        assert_eq!(
            add("2026-12-02T10:00:00+08:00", 2.0),
            "2026-12-02T12:00:00+08:00"
        );
        assert_eq!(
            add("2026-12-02T11:00:00+08:00", 2.0),
            "2026-12-02T15:00:00+08:00"
        );
        assert_eq!(
            add("2026-12-04T17:00:00+08:00", 1.0),
            "2026-12-07T09:00:00+08:00"
        );
        assert_eq!(
            add("2026-12-02T02:00:00Z", 0.0),
            "2026-12-02T10:00:00+08:00"
        );
        let cal = e.calendar("t").unwrap();
        let a = Moment::parse("2026-09-30T23:59:00+08:00").unwrap();
        let b = cal.add_working_seconds(a, 8 * 3600, "").unwrap();
        assert_eq!(cal.working_seconds_between(a, b, "").unwrap(), 8 * 3600);
        assert_eq!(cal.working_seconds_between(b, a, "").unwrap(), -8 * 3600);
    }

    #[test]
    fn clocks_and_zones() {
        assert_eq!(clock("08:30"), Some(8 * 3600 + 1800));
        assert_eq!(clock("24:00"), Some(DAY));
        for bad in ["8:30", "24:01", "12:60", "ab:cd", "12-30"] {
            assert_eq!(clock(bad), None, "{bad}");
        }
        assert_eq!(zone("+08:00"), Some(480));
        assert_eq!(zone("-05:30"), Some(-330));
        assert_eq!(zone("08:00"), None);
        assert_eq!(zone("+15:00"), None);
    }
}
