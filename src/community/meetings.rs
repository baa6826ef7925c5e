//! The meeting calendar (DOMAIN §6, seed 004), the rulebook part `community.meetings`:
//! 周议事 every week and 月联席 on the Friday of the last week of the month by default; each
//! series is data — weekly, or monthly on the first…fourth or last given weekday.

use crate::dates::weekday_name;
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{index, read_list, Fields, FromJson, Reader};
use chrono::{Datelike, Days, NaiveDate, Weekday};

const OCCURRENCES: [&str; 5] = ["first", "second", "third", "fourth", "last"];

#[derive(Debug, Clone)]
pub(super) struct MeetingRules {
    max_range_days: u64,
    series: Vec<MeetingSeries>,
}

#[derive(Debug, Clone)]
struct MeetingSeries {
    meeting: Named,
    cadence: Cadence,
    weekday: Weekday,
    parties: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cadence {
    Weekly,
    /// Monthly on the n-th (1–4) or, with `None`, the last given weekday.
    Monthly(Option<u32>),
}

impl MeetingRules {
    pub(super) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<MeetingRules> {
        let max_range_days = f.integer(r, "maxRangeDays", 1, 36_600);
        let series_path = f.path_of("series");
        let series = read_list(r, &mut f, "series", |r, mut g| {
            let meeting = read_named(r, &mut g);
            let cadence = g
                .required(r, "every")
                .and_then(|(v, p)| r.choice(v, &p, &["week", "month"]));
            let weekday = g.required(r, "weekday").and_then(|(v, p)| r.weekday(v, &p));
            let occurrence = g
                .optional("week")
                .map(|(v, p)| (r.choice(v, &p, &OCCURRENCES), p));
            let parties = g.optional("parties").and_then(|(v, p)| {
                let items = r.array(v, &p)?;
                let names: Vec<Option<&str>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| r.text(v, &index(&p, i), MAX_NAME_CHARS))
                    .collect();
                names
                    .into_iter()
                    .map(|n| n.map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            });
            let week_path = g.path_of("week");
            g.finish(r);
            let cadence = match (cadence?, occurrence) {
                (0, None) => Cadence::Weekly,
                (0, Some((_, p))) => {
                    r.report(Code::Inconsistent, &p, "每周例会不需要 week 字段");
                    return None;
                }
                (_, None) => {
                    r.report(
                        Code::MissingField,
                        &week_path,
                        "每月例会需要 week 字段（first…fourth / last）",
                    );
                    return None;
                }
                (_, Some((occ, _))) => match occ? {
                    4 => Cadence::Monthly(None),
                    n => Cadence::Monthly(Some(n as u32 + 1)),
                },
            };
            Some(MeetingSeries {
                meeting: meeting?,
                cadence,
                weekday: weekday?,
                parties: parties.unwrap_or_default(),
            })
        });
        f.finish(r);
        if let Some(ss) = &series {
            r.unique_at(
                &series_path,
                "code",
                &mut ss.iter().map(|s| s.meeting.code.as_str()),
                "例会代码",
            );
        }
        Some(MeetingRules {
            max_range_days: max_range_days?,
            series: series?,
        })
    }
}

/// Input of [`Engine::meeting_dates`](crate::Engine::meeting_dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingInput {
    /// First day of the range (inclusive).
    pub from: NaiveDate,
    /// Last day of the range (inclusive).
    pub to: NaiveDate,
}

impl FromJson for MeetingInput {
    /// Reads `{ from, to }`, both `YYYY-MM-DD`.
    fn from_json(v: &Value) -> Result<Self, Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let from = f.date(&mut r, "from");
            let to = f.date(&mut r, "to");
            f.finish(&mut r);
            Some(MeetingInput {
                from: from?,
                to: to?,
            })
        });
        r.finish_input(input)
    }
}

/// One scheduled meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The series code (e.g. `weekly`).
    pub code: String,
    /// The series name (e.g. 周议事).
    pub name: String,
    /// The weekday in Chinese (e.g. 周五).
    pub weekday: String,
    /// Who takes part.
    pub parties: Vec<String>,
}
crate::json_out::json_object!(Meeting {
    "date" => date,
    "code" => code,
    "name" => name,
    "weekday" => weekday,
    "parties" => parties,
});

/// The meetings in a date range.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingsResult {
    /// Meetings in date order (series order within a day).
    pub meetings: Vec<Meeting>,
}
crate::json_out::json_object!(MeetingsResult {
    "meetings" => meetings,
});

impl MeetingRules {
    /// Checks the range against the rulebook's limit.
    fn check_range(&self, input: &MeetingInput) -> Result<(), Error> {
        let (from, to) = (input.from, input.to);
        let days = (to - from).num_days();
        if days < 0 {
            return Err(Error::input(
                Code::Inconsistent,
                "/to",
                format!("结束日期 {to} 早于开始日期 {from}"),
            ));
        }
        if days as u64 >= self.max_range_days {
            return Err(Error::input(
                Code::RangeTooLong,
                "/to",
                format!("日期范围 {} 天，最多 {} 天", days + 1, self.max_range_days),
            ));
        }
        Ok(())
    }

    /// Meeting calendar (seed 004: 周议事、月联席) for an inclusive date range.
    pub(super) fn meetings(&self, input: &MeetingInput) -> Result<MeetingsResult, Error> {
        self.check_range(input)?;
        let mut meetings = Vec::new();
        let mut day = input.from;
        while day <= input.to {
            for s in &self.series {
                if s.weekday == day.weekday() && s.cadence.falls_on(day) {
                    meetings.push(Meeting {
                        date: day.to_string(),
                        code: s.meeting.code.clone(),
                        name: s.meeting.name.clone(),
                        weekday: weekday_name(day.weekday()).to_string(),
                        parties: s.parties.clone(),
                    });
                }
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        Ok(MeetingsResult { meetings })
    }
}

impl Cadence {
    /// Whether a day (already known to be the series' weekday) is a meeting day.
    fn falls_on(self, day: NaiveDate) -> bool {
        match self {
            Cadence::Weekly => true,
            Cadence::Monthly(Some(n)) => (day.day() - 1) / 7 + 1 == n,
            Cadence::Monthly(None) => day
                .checked_add_days(Days::new(7))
                .is_none_or(|later| later.month() != day.month()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MeetingInput;
    use crate::{Engine, FromJson};
    use serde_json::json;

    #[test]
    fn last_friday() {
        let e = Engine::default();
        let out = e
            .meeting_dates(
                &MeetingInput::from_json(&json!({"from": "2026-01-01", "to": "2026-12-31"}))
                    .unwrap(),
            )
            .unwrap();
        let fridays: Vec<&str> = out
            .result
            .meetings
            .iter()
            .filter(|m| m.code == "monthly")
            .map(|m| m.date.as_str())
            .collect();
        assert_eq!(fridays.len(), 12);
        assert_eq!(fridays[0], "2026-01-30");
        assert_eq!(fridays[1], "2026-02-27");
        assert_eq!(fridays[11], "2026-12-25");
    }
}
