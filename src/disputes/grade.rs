//! Grading: the hit policy (every criterion evaluated, the highest colour wins, every one
//! that fired listed) and the deadlines of a stage on the working-day calendar.

use super::{ColourRule, DisputeRules, Handler, Span};
use crate::calendar::{moment_arg, CalendarRules};
use crate::engine::Engine;
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::moment::Moment;
use crate::read::{index, Reader};
use crate::Stamped;

/// The most reports one JSON batch takes (the compact path takes any number, in chunks).
pub const MAX_BATCH: usize = 200_000;

/// A colour as results show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour {
    /// Stable code (`green`, `yellow`, `red`).
    pub code: String,
    /// 绿色, 黄色, 红色.
    pub name: String,
    /// 一般矛盾, 较大矛盾, 重大矛盾.
    pub level: String,
}
crate::json_out::json_object!(Colour {
    "code" => code,
    "name" => name,
    "level" => level,
});

/// A criterion that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The criterion's code.
    pub criterion: String,
    /// The colour it gives.
    pub colour: String,
    /// Why, in Chinese.
    pub reason: String,
}
crate::json_out::json_object!(Fired {
    "criterion" => criterion,
    "colour" => colour,
    "reason" => reason,
});

/// The deadlines of a stage that starts at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    /// The handler must respond by then.
    pub respond_by: String,
    /// The response warning.
    pub respond_warn_at: String,
    /// The case must be resolved by then, or it moves up one colour.
    pub resolve_by: String,
    /// The resolution warning.
    pub resolve_warn_at: String,
}
crate::json_out::json_object!(Deadlines {
    "respondBy" => respond_by,
    "respondWarnAt" => respond_warn_at,
    "resolveBy" => resolve_by,
    "resolveWarnAt" => resolve_warn_at,
});

/// A graded dispute ([`Engine::grade_dispute`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    /// The colour.
    pub colour: Colour,
    /// Who handles it and how.
    pub handler: Handler,
    /// The deciding reason: the first criterion of the winning colour that fired, or the
    /// rulebook's `otherwise` reason.
    pub reason: String,
    /// Every criterion that fired, in rulebook order.
    pub fired: Vec<Fired>,
    /// The response deadline in words (2 小时, 4 个工作小时…).
    pub respond_within: String,
    /// The resolution deadline in words (3 个工作日…).
    pub resolve_within: String,
    /// The report's moment, when given.
    pub reported_at: Option<String>,
    /// The deadlines from `reportedAt`, when given.
    pub deadlines: Option<Deadlines>,
}
crate::json_out::json_object!(Grade {
    "colour" => colour,
    "handler" => handler,
    "reason" => reason,
    "fired" => fired,
    "respondWithin" => respond_within,
    "resolveWithin" => resolve_within,
    "reportedAt" => reported_at if some,
    "deadlines" => deadlines if some,
});

/// One report of a batch: its grade, or its error in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeItem {
    /// Graded.
    Graded(Box<Grade>),
    /// Could not be read.
    Invalid {
        /// What was wrong, with the path inside the batch (`/3/households`).
        error: ItemError,
    },
}

impl crate::json_out::ToJson for GradeItem {
    fn write_json(&self, out: &mut crate::json_out::JsonOut) {
        match self {
            GradeItem::Graded(g) => g.write_json(out),
            GradeItem::Invalid { error } => out.wrapped("\"error\":", error),
        }
    }
}

/// A problem with one item of a batch.
pub use crate::error::ItemError;

/// How many reports got a colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourCount {
    /// The colour's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Reports graded so.
    pub count: usize,
}
crate::json_out::json_object!(ColourCount {
    "code" => code,
    "name" => name,
    "count" => count,
});

/// A graded batch ([`Engine::grade_disputes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeBatch {
    /// One entry per report, in order.
    pub items: Vec<GradeItem>,
    /// Reports per colour, lowest colour first.
    pub counts: Vec<ColourCount>,
    /// Reports that could not be read.
    pub invalid: usize,
}
crate::json_out::json_object!(GradeBatch {
    "items" => items,
    "counts" => counts,
    "invalid" => invalid,
});

/// A batch graded through the compact path ([`Engine::grade_disputes_compact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactGrades {
    /// Per case the index of its colour in `disputeTables().colours`; 255 for a case that
    /// could not be read.
    pub colours: Vec<u8>,
    /// Per case `words` words: bit `i` set when criterion `i` fired.
    pub fired: Vec<u32>,
    /// Words per case in `fired`.
    pub words: usize,
    /// The cases that could not be read, with the path `/<case>/<fact>`.
    pub errors: Vec<ItemError>,
}
crate::json_out::json_object!(CompactGrades {
    "colours" => colours,
    "fired" => fired,
    "words" => words,
    "errors" => errors,
});

impl DisputeRules {
    /// Words of 32 bits per case in a fired mask.
    pub(crate) fn words(&self) -> usize {
        self.criteria.len().div_ceil(32).max(1)
    }

    pub(crate) fn colour(&self, i: u8) -> Colour {
        let c = &self.colours[usize::from(i)];
        Colour {
            code: c.code.clone(),
            name: c.name.clone(),
            level: c.level.clone(),
        }
    }

    /// The colour of a case given as one number per fact; sets the fired bits in `mask`.
    pub(crate) fn grade_values(&self, values: &[f64], mask: &mut [u32]) -> u8 {
        let mut best: Option<u8> = None;
        for (i, c) in self.criteria.iter().enumerate() {
            if self.program.eval(c.when, values) {
                mask[i / 32] |= 1 << (i % 32);
                best = Some(best.map_or(c.colour, |b| b.max(c.colour)));
            }
        }
        best.unwrap_or(self.otherwise.0)
    }

    /// The full grade of a case from its colour and fired mask.
    pub(crate) fn describe(&self, colour: u8, mask: &[u32]) -> Grade {
        let fired: Vec<&super::Criterion> = self
            .criteria
            .iter()
            .enumerate()
            .filter(|(i, _)| mask[i / 32] & (1 << (i % 32)) != 0)
            .map(|(_, c)| c)
            .collect();
        let rule = &self.colours[usize::from(colour)];
        let reason = fired
            .iter()
            .find(|c| c.colour == colour)
            .map_or_else(|| self.otherwise.1.clone(), |c| c.reason.clone());
        Grade {
            colour: self.colour(colour),
            handler: rule.handler.clone(),
            reason,
            fired: fired
                .iter()
                .map(|c| Fired {
                    criterion: c.code.clone(),
                    colour: self.colours[usize::from(c.colour)].code.clone(),
                    reason: c.reason.clone(),
                })
                .collect(),
            respond_within: rule.respond.text(),
            resolve_within: rule.resolve.text(),
            reported_at: None,
            deadlines: None,
        }
    }
}

/// The end of a span from `start`, and its warning moment.
pub(crate) fn span_end(
    cal: Option<&CalendarRules>,
    start: Moment,
    span: Span,
    warn_at: f64,
    path: &str,
) -> Result<(Moment, Moment), Error> {
    let need = || cal.ok_or_else(|| Error::Internal("工作日历缺失".to_string()));
    let after = |ms: f64| Moment::from_millis(start.millis() + ms.round() as i64);
    Ok(match span {
        Span::Hours(h) => (after(h * 3_600_000.0), after(warn_at * h * 3_600_000.0)),
        Span::WorkingHours(h) => {
            let cal = need()?;
            let end = cal.add_working_seconds(start, (h * 3600.0).round() as i64, path)?;
            let warn =
                cal.add_working_seconds(start, (warn_at * h * 3600.0).round() as i64, path)?;
            (end, warn)
        }
        Span::WorkingDays(n) => {
            let cal = need()?;
            let day = cal.add_working_days(cal.day_of(start), i64::from(n), path)?;
            let end = cal.close_of(day).max(start);
            let total = cal.working_seconds_between(start, end, path)?;
            let warn =
                cal.add_working_seconds(start, (warn_at * total as f64).round() as i64, path)?;
            (end, warn.min(end))
        }
    })
}

/// The four moments of a stage of `colour` starting at `start`.
pub(crate) struct Stage {
    pub(crate) respond_by: Moment,
    pub(crate) respond_warn: Moment,
    pub(crate) resolve_by: Moment,
    pub(crate) resolve_warn: Moment,
}

pub(crate) fn stage(
    cal: Option<&CalendarRules>,
    colour: &ColourRule,
    start: Moment,
    path: &str,
) -> Result<Stage, Error> {
    let (respond_by, respond_warn) = span_end(cal, start, colour.respond, colour.warn_at, path)?;
    let (resolve_by, resolve_warn) = span_end(cal, start, colour.resolve, colour.warn_at, path)?;
    Ok(Stage {
        respond_by,
        respond_warn,
        resolve_by,
        resolve_warn,
    })
}

impl Stage {
    pub(crate) fn deadlines(&self, zone: i32) -> Deadlines {
        Deadlines {
            respond_by: self.respond_by.iso(zone),
            respond_warn_at: self.respond_warn.iso(zone),
            resolve_by: self.resolve_by.iso(zone),
            resolve_warn_at: self.resolve_warn.iso(zone),
        }
    }
}

/// Reads `{ reportedAt? }`.
fn reported_at(options: &Value) -> Result<Option<Moment>, Error> {
    if options.is_null() {
        return Ok(None);
    }
    let mut r = Reader::new();
    let Some(mut f) = r.object(options, "") else {
        return r.finish_input(None);
    };
    let at = f.optional("reportedAt");
    f.finish(&mut r);
    r.finish_input(Some(()))?;
    match at {
        Some((v, p)) if !v.is_null() => moment_arg(v, &p).map(Some),
        _ => Ok(None),
    }
}

/// `{ "reportedAt": … }`, or `null` without a moment.
fn reported_at_options(reported_at: Option<&str>) -> Value {
    reported_at.map_or(Value::Null, |t| {
        let mut map = crate::json_value::Map::new();
        map.insert("reportedAt".to_string(), Value::String(t.to_string()));
        Value::Object(map)
    })
}

impl Engine {
    /// The calendar a section's deadlines need (when they count working time) and the zone
    /// moments are written in.
    pub(crate) fn deadline_calendar(
        &self,
        d: &DisputeRules,
        call: &str,
    ) -> Result<(Option<&CalendarRules>, i32), Error> {
        if d.needs_calendar() {
            let cal = self.calendar(call)?;
            Ok((Some(cal), cal.offset()))
        } else {
            let cal = self.rulebook().get::<CalendarRules>();
            Ok((cal, cal.map_or(480, CalendarRules::offset)))
        }
    }

    /// Grades one report (DOMAIN §3): the colour, its handler, every criterion that fired
    /// and, from `reported_at`, the response and resolution deadlines and their warnings.
    ///
    /// `facts` is an object keyed by the declared fact codes.
    ///
    /// # Errors
    /// `SECTION_MISSING`; at `/<fact>` `UNKNOWN_FIELD`, `MISSING_FIELD`, `WRONG_TYPE`,
    /// `NOT_INTEGER`, `NEGATIVE`, `OUT_OF_RANGE`, `INVALID_VALUE`; at `/reportedAt`
    /// `INVALID_DATE`, and `OUT_OF_CALENDAR` when a deadline runs past the calendar.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::Engine;
    /// use serde_json::json;
    /// let e = Engine::default();
    /// let facts = json!({ "households": 5, "violence": false });
    /// let g = e.grade_dispute(&facts, Some("2026-09-30T23:59:00+08:00")).unwrap().result;
    /// assert_eq!(g.colour.code, "red");
    /// assert_eq!(g.fired[0].criterion, "group");
    /// assert_eq!(g.deadlines.unwrap().resolve_by, "2026-10-13T17:30:00+08:00");
    /// ```
    pub fn grade_dispute(
        &self,
        facts: &Value,
        reported_at: Option<&str>,
    ) -> Result<Stamped<Grade>, Error> {
        let options = reported_at_options(reported_at);
        self.grade_dispute_json(facts, &options)
    }

    pub(crate) fn grade_dispute_json(
        &self,
        facts: &Value,
        options: &Value,
    ) -> Result<Stamped<Grade>, Error> {
        let d = self.disputes("gradeDispute")?;
        let at = reported_at(options)?;
        let mut values = Vec::with_capacity(d.facts.facts.len());
        d.facts.read_values(facts, "", &mut values)?;
        let (_, grade) = self.grade_one(d, &values, at, "gradeDispute")?;
        Ok(self.stamp(grade))
    }

    fn grade_one(
        &self,
        d: &DisputeRules,
        values: &[f64],
        at: Option<Moment>,
        call: &str,
    ) -> Result<(u8, Grade), Error> {
        let mut mask = vec![0u32; d.words()];
        let colour = d.grade_values(values, &mut mask);
        let mut grade = d.describe(colour, &mask);
        if let Some(at) = at {
            let (cal, zone) = self.deadline_calendar(d, call)?;
            let s = stage(cal, &d.colours[usize::from(colour)], at, "/reportedAt")?;
            grade.reported_at = Some(at.iso(zone));
            grade.deadlines = Some(s.deadlines(zone));
        }
        Ok((colour, grade))
    }

    /// Grades a batch of reports; a report that cannot be read gets its error in place
    /// (path `/<index>/<fact>`), and the others are graded.
    ///
    /// # Errors
    /// `SECTION_MISSING`; `WRONG_TYPE` at `""` for a list that is not an array,
    /// `OUT_OF_RANGE` there above [`MAX_BATCH`]; `/reportedAt` as for one report.
    pub fn grade_disputes(
        &self,
        list: &Value,
        reported_at: Option<&str>,
    ) -> Result<Stamped<GradeBatch>, Error> {
        let options = reported_at_options(reported_at);
        self.grade_disputes_json(list, &options)
    }

    pub(crate) fn grade_disputes_json(
        &self,
        list: &Value,
        options: &Value,
    ) -> Result<Stamped<GradeBatch>, Error> {
        let d = self.disputes("gradeDisputes")?;
        let at = reported_at(options)?;
        let Value::Array(items) = list else {
            return Err(Error::wrong_type("", "数组（每项一份纠纷事实）"));
        };
        if items.len() > MAX_BATCH {
            return Err(Error::input(
                Code::OutOfRange,
                "",
                format!("一批最多 {MAX_BATCH} 份，请分批或用紧凑接口"),
            ));
        }
        let mut counts = vec![0usize; d.colours.len()];
        let mut invalid = 0;
        let mut values = Vec::with_capacity(d.facts.facts.len());
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let graded = d
                .facts
                .read_values(item, &index("", i), &mut values)
                .and_then(|()| self.grade_one(d, &values, at, "gradeDisputes"));
            out.push(match graded {
                Ok((colour, g)) => {
                    counts[usize::from(colour)] += 1;
                    GradeItem::Graded(Box::new(g))
                }
                Err(e) => {
                    if e.path() == "/reportedAt" {
                        return Err(e);
                    }
                    invalid += 1;
                    GradeItem::Invalid {
                        error: ItemError {
                            index: i,
                            code: e.code(),
                            path: e.path().to_string(),
                            message: e.to_string(),
                        },
                    }
                }
            });
        }
        let counts = d
            .colours
            .iter()
            .zip(counts)
            .map(|(c, count)| ColourCount {
                code: c.code.clone(),
                name: c.name.clone(),
                count,
            })
            .collect();
        Ok(self.stamp(GradeBatch {
            items: out,
            counts,
            invalid,
        }))
    }

    /// Grades cases given in the compact numeric form, one number per declared fact in
    /// `disputeTables().facts` order (`NaN` absent, booleans 0/1, options by index, text 1
    /// when present), into colours and fired masks — the path for millions of cases.
    ///
    /// # Errors
    /// `SECTION_MISSING`; `INCONSISTENT` at `""` when the length is not a multiple of the
    /// number of facts. A case that does not hold gets colour 255 and an entry in `errors`.
    pub fn grade_disputes_compact(&self, values: &[f64]) -> Result<Stamped<CompactGrades>, Error> {
        let d = self.disputes("gradeDisputesCompact")?;
        let mut out = CompactGrades {
            colours: Vec::new(),
            fired: Vec::new(),
            words: d.words(),
            errors: Vec::new(),
        };
        d.grade_compact(values, 0, &mut out)?;
        Ok(self.stamp(out))
    }

    /// [`Engine::grade_disputes_compact`] on a JSON array of numbers and nulls (native
    /// callers' `Engine::call`; in wasm the values cross as a `Float64Array`).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn grade_disputes_compact_json(
        &self,
        input: &Value,
    ) -> Result<Stamped<CompactGrades>, Error> {
        let Value::Array(items) = input else {
            return Err(Error::wrong_type(
                "",
                "数字数组（每份纠纷依次列出各事实的数值）",
            ));
        };
        let mut values = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            values.push(match v {
                Value::Null => f64::NAN,
                Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                other => {
                    return Err(Error::input(
                        Code::WrongType,
                        &index("", i),
                        format!("应为数字或 null，收到{}", crate::read::describe(other)),
                    ));
                }
            });
        }
        self.grade_disputes_compact(&values)
    }
}

impl DisputeRules {
    /// Grades `values` (cases of one number per fact), appending to `out`; case indexes in
    /// errors start at `first`.
    pub(crate) fn grade_compact(
        &self,
        values: &[f64],
        first: usize,
        out: &mut CompactGrades,
    ) -> Result<(), Error> {
        let n_facts = self.facts.facts.len();
        if values.len() % n_facts != 0 {
            return Err(Error::input(
                Code::Inconsistent,
                "",
                format!("数值个数 {} 不是事实数 {n_facts} 的整数倍", values.len()),
            ));
        }
        let words = self.words();
        let cases = values.len() / n_facts;
        out.colours.reserve(cases);
        let start = out.fired.len();
        out.fired.resize(start + cases * words, 0);
        for (k, case) in values.chunks_exact(n_facts).enumerate() {
            let problem = case
                .iter()
                .enumerate()
                .find_map(|(i, &x)| self.facts.check_number(i, x).map(|p| (i, p)));
            if let Some((i, (code, message))) = problem {
                out.colours.push(u8::MAX);
                out.errors.push(ItemError {
                    index: first + k,
                    code,
                    path: format!("/{}/{}", first + k, self.facts.facts[i].code),
                    message,
                });
                continue;
            }
            let mask = &mut out.fired[start + k * words..start + (k + 1) * words];
            out.colours.push(self.grade_values(case, mask));
        }
        Ok(())
    }
}
