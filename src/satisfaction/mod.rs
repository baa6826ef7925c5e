//! 满意度测评 (`shared/DOMAIN.md` §4; seeds 000, 004, 003), the rulebook section
//! `satisfaction`: surveys of residents' satisfaction with the property company
//! (物业常态化评价), with services and with volunteers, scored the way a statistician would.
//!
//! Everything is data: the answer scales (by default 非常满意 / 满意 / 基本满意 / 不满意 /
//! 非常不满意 with their scores), which levels count as satisfied and which level is 基本满意 —
//! whether it counts is not settled anywhere (DOMAIN §4), so every result gives the rate both
//! ways and the survey's `countBasic` switch says which one its target is judged on —, the
//! dimensions with their weights and questions, optional importance and 0–10 recommendation
//! questions, the target, the confidence level of the intervals and the rules for an invalid
//! response (answers outside the scale, how many answers may be missing, the same respondent
//! twice).
//!
//! Rules: `scoreSurvey(responses, { survey? })`, `surveyForms()`; the package's JavaScript
//! sends plain responses in the compact form (`scoreSurveyCompact`).

mod compact;
mod form;
mod result;
mod score;
mod stats;

pub use compact::{Compact, NONE};
pub use form::{SurveyForm, SurveyForms};
pub use result::{
    Alpha, DimensionResult, Headline, Quadrant, QuestionResult, Rate, RateBothWays, Recommendation,
    SurveyScore, TargetCheck, Targets,
};
pub use score::MAX_RESPONSES;

use crate::engine::{to_json, Engine, Output};
use crate::error::{Code, Error};
use crate::families::Section;
use crate::json_value::Value;
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{index, read_list, Fields, Reader};

/// The codes of the importance × satisfaction quadrants: high importance and high satisfaction,
/// high and low, low and high, low and low (their names are the rulebook's `quadrants`).
pub const QUADRANTS: [&str; 4] = ["strength", "improve", "maintain", "opportunity"];

/// The most questions a survey may have (all dimensions together).
pub const MAX_QUESTIONS: usize = 200;

/// One level of an answer scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Level {
    pub(crate) code: String,
    pub(crate) name: String,
    /// 0–100.
    pub(crate) score: f64,
    pub(crate) satisfied: bool,
    pub(crate) basic: bool,
}

/// An answer scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scale {
    pub(crate) label: Named,
    pub(crate) levels: Vec<Level>,
}

/// A question of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Question {
    pub(crate) code: String,
    pub(crate) text: String,
}

/// A dimension: its weight, questions and optional importance question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dimension {
    pub(crate) label: Named,
    pub(crate) weight: f64,
    pub(crate) questions: Vec<Question>,
}

/// The 0–10 recommendation question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recommend {
    pub(crate) question: Question,
    /// Scores at or above are promoters (e.g. 9).
    pub(crate) promoters: u8,
    /// Scores at or below are detractors (e.g. 6).
    pub(crate) detractors: u8,
}

/// How much residents care about each dimension, on a scale `min..=max`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Importance {
    pub(crate) text: String,
    pub(crate) min: u8,
    pub(crate) max: u8,
}

/// Which of two answers of the same respondent counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeepDuplicate {
    First,
    Last,
}

/// One survey.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Survey {
    pub(crate) label: Named,
    pub(crate) scale: usize,
    pub(crate) count_basic: bool,
    pub(crate) overall: Option<Question>,
    pub(crate) dimensions: Vec<Dimension>,
    pub(crate) importance: Option<Importance>,
    pub(crate) recommend: Option<Recommend>,
    pub(crate) target_rate: Option<f64>,
    pub(crate) target_index: Option<f64>,
    pub(crate) max_missing: usize,
    pub(crate) keep: KeepDuplicate,
}

/// The rulebook section `satisfaction`.
#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionRules {
    pub(crate) confidence: f64,
    /// The quadrants' names, in [`QUADRANTS`] order.
    pub(crate) quadrants: [String; 4],
    pub(crate) scales: Vec<Scale>,
    pub(crate) surveys: Vec<Survey>,
}

impl Section for SatisfactionRules {
    fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<SatisfactionRules> {
        let confidence = f.number(r, "confidence", 0.5, 0.999);
        let quadrants = f.object(r, "quadrants").and_then(|mut g| {
            let mut names: [String; 4] = Default::default();
            let mut ok = true;
            for (name, code) in names.iter_mut().zip(QUADRANTS) {
                match g.text(r, code, MAX_NAME_CHARS) {
                    Some(t) => *name = t.to_string(),
                    None => ok = false,
                }
            }
            g.finish(r);
            ok.then_some(names)
        });
        let scales = read_list(r, &mut f, "scales", read_scale).filter(|s| {
            unique_codes(
                r,
                &f.path_of("scales"),
                s.iter().map(|s| &s.label),
                "量表代码",
            )
        });
        let surveys = match &scales {
            Some(scales) => read_list(r, &mut f, "surveys", |r, g| read_survey(r, g, scales)),
            None => {
                let _ = f.optional("surveys");
                None
            }
        };
        let surveys = surveys.filter(|s| {
            unique_codes(
                r,
                &f.path_of("surveys"),
                s.iter().map(|s| &s.label),
                "测评代码",
            )
        });
        let _ = f.optional("source");
        f.finish(r);
        Some(SatisfactionRules {
            confidence: confidence?,
            quadrants: quadrants?,
            scales: scales?,
            surveys: surveys?,
        })
    }

    fn call(
        e: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>> {
        Some(match method {
            "scoreSurvey" => to_json(e.score_survey_json(input, options)),
            "surveyForms" => to_json(e.survey_forms()),
            _ => return None,
        })
    }
}

/// Whether the entries of the list at `path` have distinct codes (`DUPLICATE` at each repeat).
fn unique_codes<'a>(
    r: &mut Reader,
    path: &str,
    labels: impl Iterator<Item = &'a Named>,
    what: &str,
) -> bool {
    r.unique_at(path, "code", &mut labels.map(|l| l.code.as_str()), what)
}

/// Reads the codes of a list of levels (`satisfied`), each one of `codes`.
fn level_codes(r: &mut Reader, v: &Value, path: &str, codes: &[&str]) -> Option<Vec<usize>> {
    let items = r.array(v, path)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match r.choice(item, &index(path, i), codes) {
            Some(c) if out.contains(&c) => {
                r.report(Code::Duplicate, &index(path, i), "等级重复");
                ok = false;
            }
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_scale(r: &mut Reader, mut f: Fields<'_>) -> Option<Scale> {
    let label = read_named(r, &mut f);
    let levels = read_list(r, &mut f, "levels", |r, mut g| {
        let named = read_named(r, &mut g);
        let score = g.number(r, "score", 0.0, 100.0);
        g.finish(r);
        Some((named?, score?))
    });
    let levels = levels.filter(|l| {
        let path = f.path_of("levels");
        let ok = l.len() >= 2 && l.len() <= 20;
        if !ok {
            r.report(Code::OutOfRange, &path, "量表应有 2–20 个等级");
        }
        ok && unique_codes(r, &path, l.iter().map(|(n, _)| n), "等级代码")
            && r.unique_at(
                &path,
                "name",
                &mut l.iter().map(|(n, _)| n.name.as_str()),
                "等级名称",
            )
    });
    let codes: Vec<&str> = levels
        .iter()
        .flatten()
        .map(|(n, _)| n.code.as_str())
        .collect();
    let satisfied = match (&levels, f.required(r, "satisfied")) {
        (Some(_), Some((v, p))) => level_codes(r, v, &p, &codes).filter(|s| {
            if s.is_empty() {
                r.report(Code::OutOfRange, &p, "至少需要一个满意等级");
            }
            !s.is_empty()
        }),
        _ => None,
    };
    let basic = match (&levels, f.optional("basic")) {
        (Some(_), Some((v, p))) => Some(r.choice(v, &p, &codes).filter(|b| {
            let clash = satisfied.as_ref().is_some_and(|s| s.contains(b));
            if clash {
                r.report(Code::Inconsistent, &p, "基本满意等级不能同时列为满意等级");
            }
            !clash
        })),
        _ => None,
    };
    f.finish(r);
    let satisfied = satisfied?;
    let basic = basic.map_or(Some(None), |b| b.map(Some))?;
    Some(Scale {
        label: label?,
        levels: levels?
            .into_iter()
            .enumerate()
            .map(|(i, (n, score))| Level {
                code: n.code,
                name: n.name,
                score,
                satisfied: satisfied.contains(&i),
                basic: basic == Some(i),
            })
            .collect(),
    })
}

fn read_question(r: &mut Reader, mut f: Fields<'_>) -> Option<Question> {
    let code = f.text(r, "code", MAX_NAME_CHARS);
    let text = f.text(r, "text", 300);
    f.finish(r);
    Some(Question {
        code: code?.to_string(),
        text: text?.to_string(),
    })
}

fn read_survey(r: &mut Reader, mut f: Fields<'_>, scales: &[Scale]) -> Option<Survey> {
    let label = read_named(r, &mut f);
    let scale_codes: Vec<&str> = scales.iter().map(|s| s.label.code.as_str()).collect();
    let scale = f
        .required(r, "scale")
        .and_then(|(v, p)| r.choice(v, &p, &scale_codes));
    let count_basic = f
        .required(r, "countBasic")
        .and_then(|(v, p)| r.boolean(v, &p));
    if let (Some(s), Some(true)) = (scale, count_basic) {
        if !scales[s].levels.iter().any(|l| l.basic) {
            r.report(
                Code::Inconsistent,
                &f.path_of("countBasic"),
                "量表没有基本满意等级（basic），无法计入",
            );
        }
    }
    let overall = f
        .optional("overall")
        .map(|(v, p)| r.object(v, &p).and_then(|g| read_question(r, g)));
    let dimensions = read_list(r, &mut f, "dimensions", |r, mut g| {
        let label = read_named(r, &mut g);
        let weight = g.number(r, "weight", 0.0, 1e6);
        let questions = read_list(r, &mut g, "questions", read_question);
        g.finish(r);
        Some(Dimension {
            label: label?,
            weight: weight?,
            questions: questions?,
        })
    });
    let importance = f.optional("importance").map(|(v, p)| {
        let mut g = r.object(v, &p)?;
        let text = g.text(r, "text", 300);
        let min = g.integer(r, "min", 0, 100);
        let max = g.integer(r, "max", 1, 100);
        if let (Some(a), Some(b)) = (min, max) {
            if a >= b {
                r.report(Code::Inconsistent, &g.path_of("max"), "max 应大于 min");
            }
        }
        g.finish(r);
        let (min, max) = (min? as u8, max? as u8);
        (min < max).then(|| Importance {
            text: text.unwrap_or_default().to_string(),
            min,
            max,
        })
    });
    let recommend = f.optional("recommend").map(|(v, p)| {
        let mut g = r.object(v, &p)?;
        let code = g.text(r, "code", MAX_NAME_CHARS);
        let text = g.text(r, "text", 300);
        let promoters = g.integer(r, "promoters", 1, 10);
        let detractors = g.integer(r, "detractors", 0, 9);
        if let (Some(pr), Some(de)) = (promoters, detractors) {
            if de >= pr {
                r.report(
                    Code::Inconsistent,
                    &g.path_of("detractors"),
                    "贬损者上限应低于推荐者下限",
                );
            }
        }
        g.finish(r);
        let (promoters, detractors) = (promoters? as u8, detractors? as u8);
        (detractors < promoters).then(|| Recommend {
            question: Question {
                code: code.unwrap_or_default().to_string(),
                text: text.unwrap_or_default().to_string(),
            },
            promoters,
            detractors,
        })
    });
    let target = f.optional("target").map(|(v, p)| {
        let mut g = r.object(v, &p)?;
        let rate = g.optional("rate").map(|(v, p)| r.number(v, &p, 0.0, 1.0));
        let index = g
            .optional("index")
            .map(|(v, p)| r.number(v, &p, 0.0, 100.0));
        g.finish(r);
        Some((
            rate.map_or(Some(None), |x| x.map(Some))?,
            index.map_or(Some(None), |x| x.map(Some))?,
        ))
    });
    let invalid = f.object(r, "invalid").and_then(|mut g| {
        let max_missing = g.integer(r, "maxMissing", 0, MAX_QUESTIONS as u64);
        let keep = g
            .required(r, "duplicate")
            .and_then(|(v, p)| r.choice(v, &p, &["keepFirst", "keepLast"]));
        g.finish(r);
        Some((
            max_missing? as usize,
            [KeepDuplicate::First, KeepDuplicate::Last][keep?],
        ))
    });
    let _ = f.optional("source");
    // Question codes are unique across the survey (answers are keyed by them).
    let path = f.path().to_string();
    f.finish(r);
    let dimensions = dimensions?;
    let mut codes: Vec<(String, &str)> = Vec::new();
    if let Some(Some(q)) = &overall {
        codes.push((format!("{path}/overall/code"), q.code.as_str()));
    }
    for (i, d) in dimensions.iter().enumerate() {
        for (j, q) in d.questions.iter().enumerate() {
            codes.push((
                format!("{path}/dimensions/{i}/questions/{j}/code"),
                q.code.as_str(),
            ));
        }
    }
    if let Some(Some(rec)) = &recommend {
        codes.push((format!("{path}/recommend/code"), rec.question.code.as_str()));
    }
    if codes.len() > MAX_QUESTIONS {
        r.report(
            Code::OutOfRange,
            &format!("{path}/dimensions"),
            format!("题目最多 {MAX_QUESTIONS} 道"),
        );
        return None;
    }
    let distinct = r.unique(codes, "题目代码")
        & unique_codes(
            r,
            &format!("{path}/dimensions"),
            dimensions.iter().map(|d| &d.label),
            "维度代码",
        );
    if dimensions.iter().all(|d| d.weight == 0.0) {
        r.report(
            Code::OutOfRange,
            &format!("{path}/dimensions"),
            "各维度权重不能全为 0",
        );
        return None;
    }
    let (target_rate, target_index) = match target {
        None => (None, None),
        Some(t) => t?,
    };
    let (max_missing, keep) = invalid?;
    if !distinct {
        return None;
    }
    Some(Survey {
        label: label?,
        scale: scale?,
        count_basic: count_basic?,
        overall: overall.map_or(Some(None), |q| q.map(Some))?,
        dimensions,
        importance: importance.map_or(Some(None), |x| x.map(Some))?,
        recommend: recommend.map_or(Some(None), |x| x.map(Some))?,
        target_rate,
        target_index,
        max_missing,
        keep,
    })
}

impl Engine {
    pub(crate) fn satisfaction(&self, call: &str) -> Result<&SatisfactionRules, Error> {
        self.section::<SatisfactionRules>(call)
    }
}
