//! An open case over time: escalations past its deadlines, the time left, warnings.

use super::grade::{stage, Colour, Deadlines, Fired};
use super::{DisputeRules, EscalateWhen, Handler};
use crate::calendar::moment_arg;
use crate::engine::Engine;
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::label::MAX_NAME_CHARS;
use crate::moment::Moment;
use crate::read::Reader;
use crate::Stamped;

/// One move up a colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// The colour before.
    pub from: String,
    /// The colour after.
    pub to: String,
    /// When (the deadline that passed).
    pub at: String,
    /// Why, in Chinese.
    pub reason: String,
}
crate::json_out::json_object!(Escalation {
    "from" => from,
    "to" => to,
    "at" => at,
    "reason" => reason,
});

/// Where an open case stands ([`Engine::dispute_status`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DisputeStatus {
    /// The case's own id, when given.
    pub id: Option<String>,
    /// The colour the report was graded.
    pub graded: Colour,
    /// The colour now, after escalations.
    pub colour: Colour,
    /// Who handles it now.
    pub handler: Handler,
    /// The grading's deciding reason.
    pub reason: String,
    /// Every criterion that fired at grading.
    pub fired: Vec<Fired>,
    /// Each escalation with its moment, in order.
    pub escalations: Vec<Escalation>,
    /// When the current colour's stage began (the report, or the last escalation).
    pub since: String,
    /// The current stage's deadlines.
    pub deadlines: Deadlines,
    /// `onTrack`, `warning`, `overdue` or `resolved`.
    pub state: &'static str,
    /// 正常, 预警, 超期, 已化解.
    pub state_name: &'static str,
    /// The current handler's response: `responded`, `pending`, `warning` or `overdue`.
    pub response: &'static str,
    /// Calendar hours from `now` to the current resolution deadline (negative past it); absent
    /// once resolved.
    pub remaining_hours: Option<f64>,
    /// Working hours from `now` to the deadline (negative past it), when the rulebook has a
    /// calendar; absent once resolved.
    pub remaining_working_hours: Option<f64>,
    /// Whether it was resolved by its (last) deadline, once resolved.
    pub resolved_on_time: Option<bool>,
    /// The moment the status is for.
    pub now: String,
}
crate::json_out::json_object!(DisputeStatus {
    "id" => id if some,
    "graded" => graded,
    "colour" => colour,
    "handler" => handler,
    "reason" => reason,
    "fired" => fired,
    "escalations" => escalations,
    "since" => since,
    "deadlines" => deadlines,
    "state" => state,
    "stateName" => state_name,
    "response" => response,
    "remainingHours" => remaining_hours if some,
    "remainingWorkingHours" => remaining_working_hours if some,
    "resolvedOnTime" => resolved_on_time if some,
    "now" => now,
});

struct Case {
    id: Option<String>,
    values: Vec<f64>,
    reported: Moment,
    responded: Option<Moment>,
    resolved: Option<Moment>,
}

fn read_case(d: &DisputeRules, v: &Value, now: Moment) -> Result<Case, Error> {
    let mut r = Reader::new();
    let Some(mut f) = r.object(v, "") else {
        return r.finish_input(None);
    };
    let id = f
        .optional("id")
        .and_then(|(v, p)| r.text(v, &p, MAX_NAME_CHARS).map(str::to_string));
    let facts = f.required(&mut r, "facts");
    let reported = f.required(&mut r, "reportedAt");
    let responded = f.optional("respondedAt");
    let resolved = f.optional("resolvedAt");
    f.finish(&mut r);
    let (facts, reported) = r.finish_input(facts.zip(reported))?;
    let moment = |got: Option<(&Value, String)>| match got {
        Some((v, p)) if !v.is_null() => moment_arg(v, &p).map(Some),
        _ => Ok(None),
    };
    let reported = moment_arg(reported.0, &reported.1)?;
    let (responded, resolved) = (moment(responded)?, moment(resolved)?);
    let mut values = Vec::new();
    d.facts.read_values(facts.0, "/facts", &mut values)?;
    if now < reported {
        return Err(Error::input(
            Code::Inconsistent,
            "/now",
            "当前时间早于上报时间",
        ));
    }
    for (m, path, what) in [
        (responded, "/respondedAt", "响应"),
        (resolved, "/resolvedAt", "化解"),
    ] {
        if let Some(m) = m {
            if m < reported {
                return Err(Error::input(
                    Code::Inconsistent,
                    path,
                    format!("{what}时间早于上报时间"),
                ));
            }
            if m > now {
                return Err(Error::input(
                    Code::Inconsistent,
                    path,
                    format!("{what}时间晚于当前时间"),
                ));
            }
        }
    }
    Ok(Case {
        id,
        values,
        reported,
        responded,
        resolved,
    })
}

impl Engine {
    /// Where an open case stands at `now` (DOMAIN §3): its colour after every escalation
    /// (each with its moment), the current stage's deadlines, the time left in hours and
    /// working hours, and whether it warns or is overdue.
    ///
    /// `case` is `{ id?, facts, reportedAt, respondedAt?, resolvedAt? }`; the colour is
    /// graded again from the facts, by the same rules.
    ///
    /// # Errors
    /// `SECTION_MISSING`; the facts' errors at `/facts/<fact>`; `INVALID_DATE` at a moment's
    /// field or `/now`; `INCONSISTENT` for a moment before the report or after `now`;
    /// `OUT_OF_CALENDAR` when a deadline runs past the calendar.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// use serde_json::json;
    /// let e = Engine::default();
    /// let case = json!({ "facts": { "households": 1, "violence": false },
    ///                    "reportedAt": "2026-12-01T09:00:00+08:00" });
    /// let s = e.dispute_status(&case, "2026-12-02T10:00:00+08:00").unwrap().result;
    /// // Green for 24 hours, then yellow from 2 December 09:00.
    /// assert_eq!((s.graded.code.as_str(), s.colour.code.as_str()), ("green", "yellow"));
    /// assert_eq!(s.escalations[0].at, "2026-12-02T09:00:00+08:00");
    /// ```
    pub fn dispute_status(&self, case: &Value, now: &str) -> Result<Stamped<DisputeStatus>, Error> {
        self.dispute_status_json(case, &Value::from(now))
    }

    pub(crate) fn dispute_status_json(
        &self,
        case: &Value,
        now: &Value,
    ) -> Result<Stamped<DisputeStatus>, Error> {
        let d = self.disputes("disputeStatus")?;
        let now = moment_arg(now, "/now")?;
        let case = read_case(d, case, now)?;
        let (cal, zone) = self.deadline_calendar(d, "disputeStatus")?;
        let mut mask = vec![0u32; d.words()];
        let graded = d.grade_values(&case.values, &mut mask);
        let grade = d.describe(graded, &mask);
        let until = case.resolved.unwrap_or(now);
        let top = u8::try_from(d.colours.len() - 1).unwrap_or(0);
        let mut colour = graded;
        let mut start = case.reported;
        let mut escalations = Vec::new();
        let path = "/reportedAt";
        let current = loop {
            let s = stage(cal, &d.colours[usize::from(colour)], start, path)?;
            let responded_in_time = case
                .responded
                .is_some_and(|r| r >= start && r <= s.respond_by);
            let trigger = match d.escalate {
                EscalateWhen::Never => None,
                EscalateWhen::ResolveOverdue => Some((s.resolve_by, "超过化解期限仍未化解")),
                EscalateWhen::RespondOverdue
                    if !responded_in_time && s.respond_by < s.resolve_by =>
                {
                    Some((s.respond_by, "超过响应期限仍未响应"))
                }
                EscalateWhen::RespondOverdue => Some((s.resolve_by, "超过化解期限仍未化解")),
            };
            match trigger {
                Some((at, why)) if colour < top && until > at => {
                    let next = colour + 1;
                    escalations.push(Escalation {
                        from: d.colours[usize::from(colour)].code.clone(),
                        to: d.colours[usize::from(next)].code.clone(),
                        at: at.iso(zone),
                        reason: format!(
                            "{why}，由{}升为{}",
                            d.colours[usize::from(colour)].name,
                            d.colours[usize::from(next)].name
                        ),
                    });
                    colour = next;
                    start = at;
                }
                _ => break s,
            }
        };
        let responded = case.responded.is_some_and(|r| r >= start);
        let response = if responded {
            "responded"
        } else if now > current.respond_by {
            "overdue"
        } else if now >= current.respond_warn {
            "warning"
        } else {
            "pending"
        };
        let (state, state_name) = if case.resolved.is_some() {
            ("resolved", "已化解")
        } else if now > current.resolve_by {
            ("overdue", "超期")
        } else if now >= current.resolve_warn || matches!(response, "warning" | "overdue") {
            ("warning", "预警")
        } else {
            ("onTrack", "正常")
        };
        let open = case.resolved.is_none();
        // Hours to two decimals.
        let hours = |secs: f64| (secs / 36.0).round() / 100.0;
        let remaining_hours =
            open.then(|| hours((current.resolve_by.millis() - now.millis()) as f64 / 1000.0));
        let remaining_working_hours = match (open, cal) {
            (true, Some(cal)) => {
                Some(hours(
                    cal.working_seconds_between(now, current.resolve_by, "/now")? as f64,
                ))
            }
            _ => None,
        };
        let rule = &d.colours[usize::from(colour)];
        Ok(self.stamp(DisputeStatus {
            id: case.id,
            graded: grade.colour,
            colour: d.colour(colour),
            handler: rule.handler.clone(),
            reason: grade.reason,
            fired: grade.fired,
            escalations,
            since: start.iso(zone),
            deadlines: current.deadlines(zone),
            state,
            state_name,
            response,
            remaining_hours,
            remaining_working_hours,
            resolved_on_time: case.resolved.map(|r| r <= current.resolve_by),
            now: now.iso(zone),
        }))
    }
}
