//! The calendar's rules as the engine offers them: their inputs read from JSON (a date, a
//! moment, a count with its path) and their results.

use super::{day_text, weekday_of, CalendarRules};
use crate::engine::Engine;
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::moment::Moment;
use crate::read::Reader;
use crate::Stamped;
use chrono::Datelike;

/// A day as the calendar sees it ([`Engine::is_working_day`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Whether work is done that day.
    pub working: bool,
    /// `workday`, `weekend`, `holiday`, `workingWeekend` (调休上班), `localOff`,
    /// `localWorking`.
    pub kind: &'static str,
    /// The kind in Chinese (工作日, 周末, 法定节假日, 调休上班, 本地休息日, 本地工作日).
    pub kind_name: &'static str,
    /// The holiday's or local day's name (国庆节, 国庆节调休上班…), when it has one.
    pub name: Option<String>,
    /// 周一…周日.
    pub weekday: &'static str,
}
crate::json_out::json_object!(DayInfo {
    "date" => date,
    "working" => working,
    "kind" => kind,
    "kindName" => kind_name,
    "name" => name if some,
    "weekday" => weekday,
});

/// A date ([`Engine::add_working_days`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateResult {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 周一…周日.
    pub weekday: &'static str,
}
crate::json_out::json_object!(DateResult {
    "date" => date,
    "weekday" => weekday,
});

/// A count of working days ([`Engine::working_days_between`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaysResult {
    /// Working days after `from` up to and including `to` (negative when `to` is earlier).
    pub days: i64,
}
crate::json_out::json_object!(DaysResult {
    "days" => days,
});

/// A moment ([`Engine::add_working_hours`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MomentResult {
    /// ISO 8601 in the calendar's time zone.
    pub at: String,
}
crate::json_out::json_object!(MomentResult {
    "at" => at,
});

/// Reads a date argument.
fn date_arg(v: &Value, path: &str) -> Result<i32, Error> {
    let mut r = Reader::new();
    let d = r.date(v, path);
    r.finish_input(d).map(|d| d.num_days_from_ce())
}

/// Reads a moment argument (ISO 8601 with its offset).
pub(crate) fn moment_arg(v: &Value, path: &str) -> Result<Moment, Error> {
    v.as_str().and_then(Moment::parse).ok_or_else(|| {
        Error::input(
            if v.is_string() {
                Code::InvalidDate
            } else {
                Code::WrongType
            },
            path,
            "应为带时区的 ISO 时间，如 2026-09-30T23:59:00+08:00",
        )
    })
}

impl Engine {
    /// The calendar section, or `SECTION_MISSING` naming `call`.
    pub(crate) fn calendar(&self, call: &str) -> Result<&CalendarRules, Error> {
        self.section::<CalendarRules>(call)
    }

    /// What a day is: working or not, and why (DOMAIN, working-day calendar).
    ///
    /// # Errors
    /// `SECTION_MISSING`; at `/date`, `INVALID_DATE` and `OUT_OF_CALENDAR`.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// let e = Engine::default();
    /// let day = e.is_working_day("2026-10-10").unwrap().result;
    /// assert!(day.working);
    /// assert_eq!(day.name.as_deref(), Some("国庆节调休上班"));
    /// ```
    pub fn is_working_day(&self, date: &str) -> Result<Stamped<DayInfo>, Error> {
        self.is_working_day_json(&Value::from(date))
    }

    pub(super) fn is_working_day_json(&self, date: &Value) -> Result<Stamped<DayInfo>, Error> {
        let cal = self.calendar("isWorkingDay")?;
        let day = date_arg(date, "/date")?;
        Ok(self.stamp(cal.day_info(day, "/date")?))
    }

    /// The `days`-th working day after `date` (before it for a negative count).
    ///
    /// # Errors
    /// `SECTION_MISSING`; `INVALID_DATE` / `OUT_OF_CALENDAR` at `/date`; `WRONG_TYPE`,
    /// `NOT_INTEGER` or `OUT_OF_RANGE` at `/days`, and `OUT_OF_CALENDAR` there when the count
    /// runs past the covered years.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// // 国庆: 1–7 October off, 8 and 9 worked, Saturday 10 October a 调休 working day.
    /// let d = Engine::default().add_working_days("2026-09-30", 3).unwrap().result;
    /// assert_eq!((d.date.as_str(), d.weekday), ("2026-10-10", "周六"));
    /// ```
    pub fn add_working_days(&self, date: &str, days: i64) -> Result<Stamped<DateResult>, Error> {
        self.add_working_days_json(&Value::from(date), &Value::from(days))
    }

    pub(super) fn add_working_days_json(
        &self,
        date: &Value,
        days: &Value,
    ) -> Result<Stamped<DateResult>, Error> {
        let cal = self.calendar("addWorkingDays")?;
        let day = date_arg(date, "/date")?;
        let n = signed_days(days)?;
        let d = cal.add_working_days(day, n, "/days")?;
        Ok(self.stamp(DateResult {
            date: day_text(d),
            weekday: weekday_of(d),
        }))
    }

    /// Working days after `from` up to and including `to`.
    ///
    /// # Errors
    /// `SECTION_MISSING`; `INVALID_DATE` / `OUT_OF_CALENDAR` at `/from` or `/to`.
    pub fn working_days_between(&self, from: &str, to: &str) -> Result<Stamped<DaysResult>, Error> {
        self.working_days_between_json(&Value::from(from), &Value::from(to))
    }

    pub(super) fn working_days_between_json(
        &self,
        from: &Value,
        to: &Value,
    ) -> Result<Stamped<DaysResult>, Error> {
        let cal = self.calendar("workingDaysBetween")?;
        let (a, b) = (date_arg(from, "/from")?, date_arg(to, "/to")?);
        Ok(self.stamp(DaysResult {
            days: cal.working_days_between(a, b)?,
        }))
    }

    /// The moment `hours` working hours after `at` (to the second).
    ///
    /// # Errors
    /// `SECTION_MISSING`; `INVALID_DATE` at `/at`; at `/hours` `WRONG_TYPE`, `NEGATIVE` or
    /// `OUT_OF_RANGE` (at most 10,000), and `OUT_OF_CALENDAR` past the covered years.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// // 8 working hours from a holiday eve's last minute: all of 8 October (7 h), then 1 h.
    /// let at = Engine::default().add_working_hours("2026-09-30T23:59:00+08:00", 8.0).unwrap();
    /// assert_eq!(at.result.at, "2026-10-09T09:30:00+08:00");
    /// ```
    pub fn add_working_hours(&self, at: &str, hours: f64) -> Result<Stamped<MomentResult>, Error> {
        let hours = crate::json_value::Number::from_f64(hours).map_or(Value::Null, Value::Number);
        self.add_working_hours_json(&Value::from(at), &hours)
    }

    pub(super) fn add_working_hours_json(
        &self,
        at: &Value,
        hours: &Value,
    ) -> Result<Stamped<MomentResult>, Error> {
        let cal = self.calendar("addWorkingHours")?;
        let at = moment_arg(at, "/at")?;
        let mut r = Reader::new();
        let h = r.number(hours, "/hours", 0.0, 10_000.0);
        let h = r.finish_input(h)?;
        let m = cal.add_working_seconds(at, (h * 3600.0).round() as i64, "/hours")?;
        Ok(self.stamp(MomentResult {
            at: m.iso(cal.offset),
        }))
    }
}

/// A whole count of days, positive or negative, at `/days`.
fn signed_days(v: &Value) -> Result<i64, Error> {
    let bad = |code, m: &str| Err(Error::input(code, "/days", m));
    let Some(f) = v.as_f64() else {
        return bad(Code::WrongType, "天数应为整数");
    };
    if f.fract() != 0.0 {
        return bad(Code::NotInteger, "天数应为整数");
    }
    if f.abs() > 3660.0 {
        return bad(Code::OutOfRange, "天数应在 −3660 到 3660 之间");
    }
    Ok(f as i64)
}
