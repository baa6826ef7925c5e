//! 三色预警 (`shared/DOMAIN.md` §3, seed 003), the rulebook section `disputes`: a dispute
//! (矛盾纠纷) reported by a grid worker (网格员日报告) or a resident is graded by nature, scale
//! and urgency into colours — by default 绿 (网格员现场调解), 黄 (社区调解工作室), 红 (社区联合
//! 派出所、司法所) —, each with its handler, response and resolution deadlines and a warning
//! point; unresolved past its deadline, a case moves up one colour.
//!
//! Everything is data: the facts a report carries (typed, with units and Chinese labels; see
//! [`crate::condition`]), the criteria in the shared condition language, each giving a colour
//! and a reason, the colours in order, and the escalation rule. Hit policy: every criterion
//! is evaluated, every one that fired is listed, the highest colour wins; none fired, the
//! `otherwise` colour applies with its reason.
//!
//! Deadlines are counted on the working-day calendar ([`crate::calendar`]) in calendar hours,
//! working hours or working days.
//!
//! Rules: `gradeDispute(facts, { reportedAt? })`, `gradeDisputes(list, { reportedAt? })`,
//! `gradeDisputesCompact(values)`, `disputeStatus(case, now)`, `disputeTables()`.

mod grade;
mod status;

pub use grade::{
    Colour, ColourCount, CompactGrades, Deadlines, Fired, Grade, GradeBatch, GradeItem, ItemError,
    MAX_BATCH,
};
pub use status::{DisputeStatus, Escalation};

use crate::condition::{CondId, FactInfo, FactSet, Program};
use crate::engine::{to_json, Engine, Output};
use crate::error::{Code, Error};
use crate::families::Section;
use crate::json_value::Value;
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{index, read_list, Fields, Reader};
use crate::Stamped;

/// How long a stage may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Span {
    /// Calendar hours.
    Hours(f64),
    /// Hours within the working periods of working days.
    WorkingHours(f64),
    /// Until the close of the n-th working day after the start day.
    WorkingDays(u32),
}

impl Span {
    fn read(r: &mut Reader, v: &Value, path: &str) -> Option<Span> {
        let mut f = r.object(v, path)?;
        let hours = f.optional("hours");
        let working_hours = f.optional("workingHours");
        let working_days = f.optional("workingDays");
        f.finish(r);
        match (hours, working_hours, working_days) {
            (Some((v, p)), None, None) => r.number(v, &p, 0.0, 10_000.0).map(Span::Hours),
            (None, Some((v, p)), None) => r.number(v, &p, 0.0, 10_000.0).map(Span::WorkingHours),
            (None, None, Some((v, p))) => r
                .integer(v, &p, 0, 366)
                .map(|n| Span::WorkingDays(n as u32)),
            _ => {
                r.report(
                    Code::InvalidValue,
                    path,
                    "期限应写作 { hours }、{ workingHours } 或 { workingDays } 其中之一",
                );
                None
            }
        }
    }

    /// The span in words (24 小时, 4 个工作小时, 3 个工作日).
    pub(crate) fn text(self) -> String {
        match self {
            Span::Hours(h) => format!("{} 小时", crate::read::fmt_2dp(h)),
            Span::WorkingHours(h) => format!("{} 个工作小时", crate::read::fmt_2dp(h)),
            Span::WorkingDays(n) => format!("{n} 个工作日"),
        }
    }

    fn needs_calendar(self) -> bool {
        !matches!(self, Span::Hours(_))
    }
}

/// A colour as the rulebook declares it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColourRule {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) level: String,
    pub(crate) handler: Handler,
    pub(crate) respond: Span,
    pub(crate) resolve: Span,
    /// The share of a stage's time after which it warns (0.7 = at 70 %).
    pub(crate) warn_at: f64,
}

/// Who handles a colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handler {
    /// Stable code.
    pub code: String,
    /// Who (网格员, 社区调解工作室…).
    pub name: String,
    /// What they do (现场调解…).
    pub action: String,
}
crate::json_out::json_object!(Handler {
    "code" => code,
    "name" => name,
    "action" => action,
});

/// A criterion: a condition giving a colour and a reason.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Criterion {
    pub(crate) code: String,
    pub(crate) colour: u8,
    pub(crate) reason: String,
    pub(crate) when: CondId,
}

/// When an open case moves up one colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EscalateWhen {
    /// Unresolved past its resolution deadline.
    ResolveOverdue,
    /// Without a response past its response deadline, or unresolved past its resolution
    /// deadline.
    RespondOverdue,
    /// Never.
    Never,
}

/// The rulebook section `disputes`.
#[derive(Debug, Clone)]
pub struct DisputeRules {
    pub(crate) facts: FactSet,
    pub(crate) program: Program,
    pub(crate) colours: Vec<ColourRule>,
    pub(crate) criteria: Vec<Criterion>,
    pub(crate) otherwise: (u8, String),
    pub(crate) escalate: EscalateWhen,
}

/// The tables a form or the compact path reads ([`Engine::dispute_tables`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DisputeTables {
    /// The declared facts, in the order the compact form numbers them.
    pub facts: Vec<FactInfo>,
    /// The colours, lowest first, as the compact form numbers them.
    pub colours: Vec<Colour>,
    /// The criteria in order (bit `i` of a compact `fired` mask is criterion `i`).
    pub criteria: Vec<CriterionInfo>,
    /// Words of 32 bits per case in a compact `fired` mask.
    pub words: usize,
    /// The escalation rule: `resolveOverdue`, `respondOverdue` or `never`.
    pub escalation: &'static str,
}
crate::json_out::json_object!(DisputeTables {
    "facts" => facts,
    "colours" => colours,
    "criteria" => criteria,
    "words" => words,
    "escalation" => escalation,
});

/// A criterion as the tables list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionInfo {
    /// Its code.
    pub code: String,
    /// The colour it gives.
    pub colour: String,
    /// Why, in Chinese.
    pub reason: String,
}
crate::json_out::json_object!(CriterionInfo {
    "code" => code,
    "colour" => colour,
    "reason" => reason,
});

impl Section for DisputeRules {
    fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<DisputeRules> {
        let facts = FactSet::read(r, &mut f, "facts");
        let colours = read_list(r, &mut f, "colours", read_colour).filter(|c| {
            let path = f.path_of("colours");
            let distinct = r.unique_at(
                &path,
                "code",
                &mut c.iter().map(|c| c.code.as_str()),
                "颜色代码",
            );
            if c.len() > 250 {
                r.report(Code::OutOfRange, &path, "颜色最多 250 种");
            }
            distinct && c.len() <= 250
        });
        let colour_of = |r: &mut Reader, v: &Value, p: &str| -> Option<u8> {
            let list = colours.as_ref()?;
            let code = r.text(v, p, MAX_NAME_CHARS)?;
            let i = list.iter().position(|c| c.code == code);
            if i.is_none() {
                let known: Vec<&str> = list.iter().map(|c| c.code.as_str()).collect();
                r.report(
                    Code::InvalidValue,
                    p,
                    format!("未知颜色 \"{code}\"；已声明：{}", known.join(" / ")),
                );
            }
            i.and_then(|i| u8::try_from(i).ok())
        };
        let mut program = Program::default();
        let criteria = match (&facts, f.array(r, "criteria")) {
            (Some(set), Some((items, path))) => {
                let mut out = Vec::new();
                let mut ok = true;
                for (i, v) in items.iter().enumerate() {
                    let p = index(&path, i);
                    let Some(mut cf) = r.object(v, &p) else {
                        ok = false;
                        continue;
                    };
                    let code = cf.text(r, "code", MAX_NAME_CHARS);
                    let colour = cf
                        .required(r, "colour")
                        .and_then(|(v, p)| colour_of(r, v, &p));
                    let reason = cf.text(r, "reason", 200);
                    let when = cf
                        .required(r, "when")
                        .and_then(|(v, p)| program.read(r, v, &p, set));
                    let _ = cf.optional("source");
                    cf.finish(r);
                    match (code, colour, reason, when) {
                        (Some(code), Some(colour), Some(reason), Some(when)) => {
                            out.push(Criterion {
                                code: code.to_string(),
                                colour,
                                reason: reason.to_string(),
                                when,
                            })
                        }
                        _ => ok = false,
                    }
                }
                if out.len() > 256 {
                    r.report(Code::OutOfRange, &path, "条件最多 256 条");
                    ok = false;
                }
                let distinct = r.unique_at(
                    &path,
                    "code",
                    &mut out.iter().map(|c| c.code.as_str()),
                    "条件代码",
                );
                (ok && distinct).then_some(out)
            }
            _ => None,
        };
        let otherwise = f.object(r, "otherwise").and_then(|mut of| {
            let colour = of
                .required(r, "colour")
                .and_then(|(v, p)| colour_of(r, v, &p));
            let reason = of.text(r, "reason", 200);
            of.finish(r);
            Some((colour?, reason?.to_string()))
        });
        let escalate = f.object(r, "escalation").and_then(|mut ef| {
            let when = ef
                .required(r, "when")
                .and_then(|(v, p)| r.choice(v, &p, &["resolveOverdue", "respondOverdue", "never"]));
            ef.finish(r);
            Some(
                [
                    EscalateWhen::ResolveOverdue,
                    EscalateWhen::RespondOverdue,
                    EscalateWhen::Never,
                ][when?],
            )
        });
        let _ = f.optional("source");
        f.finish(r);
        Some(DisputeRules {
            facts: facts?,
            program,
            colours: colours?,
            criteria: criteria?,
            otherwise: otherwise?,
            escalate: escalate?,
        })
    }

    fn call(
        e: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>> {
        Some(match method {
            "gradeDispute" => to_json(e.grade_dispute_json(input, options)),
            "gradeDisputes" => to_json(e.grade_disputes_json(input, options)),
            // In wasm the compact form crosses as typed arrays (src/wasm/disputes.rs), never
            // as JSON.
            #[cfg(not(target_arch = "wasm32"))]
            "gradeDisputesCompact" => to_json(e.grade_disputes_compact_json(input)),
            "disputeStatus" => to_json(e.dispute_status_json(input, options)),
            "disputeTables" => to_json(e.dispute_tables()),
            _ => return None,
        })
    }
}

fn read_colour(r: &mut Reader, mut f: Fields<'_>) -> Option<ColourRule> {
    let code = f.text(r, "code", MAX_NAME_CHARS);
    let name = f.text(r, "name", MAX_NAME_CHARS);
    let level = f.text(r, "level", MAX_NAME_CHARS);
    let handler = f.object(r, "handler").and_then(|mut hf| {
        let named: Option<Named> = read_named(r, &mut hf);
        let action = hf.text(r, "action", MAX_NAME_CHARS);
        hf.finish(r);
        let named = named?;
        Some(Handler {
            code: named.code,
            name: named.name,
            action: action?.to_string(),
        })
    });
    let respond = f
        .required(r, "respond")
        .and_then(|(v, p)| Span::read(r, v, &p));
    let resolve = f
        .required(r, "resolve")
        .and_then(|(v, p)| Span::read(r, v, &p));
    let warn_at = f.number(r, "warnAt", 0.0, 1.0);
    let _ = f.optional("source");
    f.finish(r);
    Some(ColourRule {
        code: code?.to_string(),
        name: name?.to_string(),
        level: level?.to_string(),
        handler: handler?,
        respond: respond?,
        resolve: resolve?,
        warn_at: warn_at?,
    })
}

impl DisputeRules {
    /// Whether any deadline of the section is counted on the working-day calendar.
    pub(crate) fn needs_calendar(&self) -> bool {
        self.colours
            .iter()
            .any(|c| c.respond.needs_calendar() || c.resolve.needs_calendar())
    }
}

impl Engine {
    pub(crate) fn disputes(&self, call: &str) -> Result<&DisputeRules, Error> {
        self.section::<DisputeRules>(call)
    }

    /// The declared facts, colours and criteria: what a form is generated from and what
    /// the compact path's numbers index.
    ///
    /// # Errors
    /// `SECTION_MISSING` when the rulebook has no `disputes` section.
    pub fn dispute_tables(&self) -> Result<Stamped<DisputeTables>, Error> {
        let d = self.disputes("disputeTables")?;
        Ok(self.stamp(DisputeTables {
            facts: d.facts.info(),
            colours: (0..d.colours.len()).map(|i| d.colour(i as u8)).collect(),
            criteria: d
                .criteria
                .iter()
                .map(|c| CriterionInfo {
                    code: c.code.clone(),
                    colour: d.colours[usize::from(c.colour)].code.clone(),
                    reason: c.reason.clone(),
                })
                .collect(),
            words: d.words(),
            escalation: match d.escalate {
                EscalateWhen::ResolveOverdue => "resolveOverdue",
                EscalateWhen::RespondOverdue => "respondOverdue",
                EscalateWhen::Never => "never",
            },
        }))
    }
}
