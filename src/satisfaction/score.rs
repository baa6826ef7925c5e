//! `scoreSurvey`: responses → the satisfaction rate both ways with Wilson intervals, the
//! weighted index, per-dimension and per-question results, Cronbach's α, the recommendation
//! score, importance × satisfaction quadrants and the target check (`shared/DOMAIN.md` §4).
//! Invalid responses are listed with code and path, never dropped in silence; the rules of
//! the computation are stated in the result.

use super::result::{
    Alpha, DimensionResult, Headline, Quadrant, QuestionResult, Rate, RateBothWays, Recommendation,
    SurveyScore, TargetCheck, Targets,
};
use super::stats::{normal_quantile, wilson, AlphaSums, AlphaUndefined};
use super::{KeepDuplicate, SatisfactionRules, Scale, Survey};
use crate::digest::{text_digest, FastMap};
use crate::engine::Engine;
use crate::error::{Code, Error, ItemError};
use crate::json_value::Value;
use crate::read::{fmt_num, index, Reader};
use crate::Stamped;

/// The most responses one call scores.
pub const MAX_RESPONSES: usize = 1_000_000;

/// One valid response: the level index per question (overall first when declared, then the
/// dimensions' questions in order), the recommendation and importance per dimension.
pub(super) struct Answers {
    pub(super) levels: Vec<Option<u8>>,
    pub(super) recommend: Option<u8>,
    pub(super) importance: Vec<Option<u8>>,
}

/// The questions of a survey in result order: (code, text, dimension index).
pub(super) fn questions(s: &Survey) -> Vec<(&str, &str, Option<usize>)> {
    let mut out: Vec<(&str, &str, Option<usize>)> = Vec::new();
    if let Some(q) = &s.overall {
        out.push((&q.code, &q.text, None));
    }
    for (d, dim) in s.dimensions.iter().enumerate() {
        for q in &dim.questions {
            out.push((&q.code, &q.text, Some(d)));
        }
    }
    out
}

/// The longest respondent text, in characters.
pub(super) const MAX_RESPONDENT_CHARS: usize = 200;

pub(super) fn too_many_missing(missing: usize, s: &Survey) -> String {
    format!("缺答 {missing} 题，每份最多允许 {} 题", s.max_missing)
}

/// Reads one response; its problems go to `r`.
fn read_response(
    r: &mut Reader,
    v: &Value,
    path: &str,
    s: &Survey,
    scale: &Scale,
    qs: &[(&str, &str, Option<usize>)],
) -> Option<(Option<String>, Answers)> {
    let mut f = r.object(v, path)?;
    let respondent = f
        .optional("respondent")
        .and_then(|(v, p)| r.text(v, &p, MAX_RESPONDENT_CHARS).map(str::to_string));
    let mut levels = vec![None; qs.len()];
    let mut recommend = None;
    if let Some(mut a) = f.object(r, "answers") {
        let apath = a.path().to_string();
        for (key, value) in a.entries() {
            // The pointer is made only for a problem (a survey has millions of answers).
            let p = || crate::read::child(&apath, key);
            if let Some(i) = qs.iter().position(|q| q.0 == key) {
                match value {
                    Value::Null => {}
                    Value::String(t) => {
                        match scale
                            .levels
                            .iter()
                            .position(|l| l.code == *t || l.name == *t)
                        {
                            Some(l) => levels[i] = Some(l as u8),
                            None => r.report(
                                Code::InvalidValue,
                                &p(),
                                format!(
                                    "\"{t}\" 不在量表「{}」之内（{}）",
                                    scale.label.name,
                                    scale
                                        .levels
                                        .iter()
                                        .map(|l| l.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(" / ")
                                ),
                            ),
                        }
                    }
                    other => r.report(
                        Code::WrongType,
                        &p(),
                        format!("应为量表等级（文字），收到{}", crate::read::describe(other)),
                    ),
                }
            } else if s
                .recommend
                .as_ref()
                .is_some_and(|x| x.question.code == *key)
            {
                if !value.is_null() {
                    recommend = r.integer(value, &p(), 0, 10).map(|x| x as u8);
                }
            } else {
                r.report(Code::UnknownField, &p(), format!("问卷没有题目 {key}"));
            }
        }
    }
    let mut importance = vec![None; s.dimensions.len()];
    match (&s.importance, f.optional("importance")) {
        (Some(imp), Some((v, p))) => {
            if let Some(mut g) = r.object(v, &p) {
                let gpath = g.path().to_string();
                for (key, value) in g.entries() {
                    let p = crate::read::child(&gpath, key);
                    match s.dimensions.iter().position(|d| d.label.code == *key) {
                        Some(d) if !value.is_null() => {
                            importance[d] = r
                                .integer(value, &p, u64::from(imp.min), u64::from(imp.max))
                                .map(|x| x as u8);
                        }
                        Some(_) => {}
                        None => r.report(Code::UnknownField, &p, format!("问卷没有维度 {key}")),
                    }
                }
            }
        }
        (None, Some((_, p))) => r.report(Code::UnknownField, &p, "这份问卷不问重要性"),
        _ => {}
    }
    f.finish(r);
    let missing = levels.iter().filter(|l| l.is_none()).count();
    if missing > s.max_missing && !r.has_problems() {
        r.report(
            Code::MissingField,
            &crate::read::child(path, "answers"),
            too_many_missing(missing, s),
        );
    }
    Some((
        respondent,
        Answers {
            levels,
            recommend,
            importance,
        },
    ))
}

/// Counts of answers: per level.
fn rate_of(counts: &[u64], scale: &Scale, with_basic: bool, z: f64) -> Rate {
    let n: u64 = counts.iter().sum();
    let satisfied: u64 = counts
        .iter()
        .zip(&scale.levels)
        .filter(|(_, l)| l.satisfied || (with_basic && l.basic))
        .map(|(c, _)| c)
        .sum();
    let interval = wilson(satisfied, n, z);
    Rate {
        satisfied,
        n,
        rate: (n > 0).then(|| satisfied as f64 / n as f64),
        low: interval.map(|i| i.0),
        high: interval.map(|i| i.1),
    }
}

fn both(counts: &[u64], scale: &Scale, z: f64) -> RateBothWays {
    RateBothWays {
        strict: rate_of(counts, scale, false, z),
        with_basic: rate_of(counts, scale, true, z),
    }
}

fn mean_of(counts: &[u64], scale: &Scale) -> Option<f64> {
    let n: u64 = counts.iter().sum();
    (n > 0).then(|| {
        counts
            .iter()
            .zip(&scale.levels)
            .map(|(c, l)| *c as f64 * l.score)
            .sum::<f64>()
            / n as f64
    })
}

/// Cronbach's α over the questions `which` (indexes into each response's levels).
fn alpha_of(valid: &[&Answers], which: &[usize], scale: &Scale) -> Alpha {
    let mut sums = AlphaSums::new(which.len());
    let mut row = vec![0.0; which.len()];
    for a in valid {
        let complete = which.iter().zip(&mut row).all(|(&q, x)| match a.levels[q] {
            Some(l) => {
                *x = scale.levels[usize::from(l)].score;
                true
            }
            None => false,
        });
        if complete {
            sums.add(&row);
        }
    }
    let (value, reason) = match sums.alpha() {
        Ok(a) => (Some(a), None),
        Err(AlphaUndefined::FewItems) => (None, Some("题目少于 2 道，α 无定义")),
        Err(AlphaUndefined::FewRows) => (None, Some("各题都作答的问卷少于 2 份，α 无定义")),
        Err(AlphaUndefined::NoVariance) => (None, Some("总分没有差异（方差为 0），α 无定义")),
    };
    Alpha {
        value,
        items: which.len(),
        n: sums.rows(),
        reason,
    }
}

impl SatisfactionRules {
    pub(super) fn survey(&self, code: Option<&str>) -> Result<&Survey, Error> {
        match code {
            None => Ok(&self.surveys[0]),
            Some(c) => self
                .surveys
                .iter()
                .find(|s| s.label.code == c)
                .ok_or_else(|| {
                    let known: Vec<&str> =
                        self.surveys.iter().map(|s| s.label.code.as_str()).collect();
                    Error::input(
                        Code::InvalidValue,
                        "/survey",
                        format!("没有测评 \"{c}\"；规则库中有：{}", known.join(" / ")),
                    )
                }),
        }
    }

    /// Scores `responses` (a JSON array) by survey `code` (the first survey by default).
    pub(crate) fn score(
        &self,
        responses: &Value,
        code: Option<&str>,
    ) -> Result<SurveyScore, Error> {
        let s = self.survey(code)?;
        let scale = &self.scales[s.scale];
        let Some(items) = responses.as_array() else {
            return Err(Error::input(
                Code::WrongType,
                "",
                format!("应为答卷数组，收到{}", crate::read::describe(responses)),
            ));
        };
        if items.len() > MAX_RESPONSES {
            return Err(Error::input(
                Code::OutOfRange,
                "",
                format!("一次最多 {MAX_RESPONSES} 份答卷，收到 {} 份", items.len()),
            ));
        }
        let qs = questions(s);
        let z = normal_quantile(1.0 - (1.0 - self.confidence) / 2.0);
        let mut problems: Vec<Vec<ItemError>> = Vec::with_capacity(items.len());
        let mut read: Vec<Option<(Option<String>, Answers)>> = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            let mut r = Reader::new();
            let got = read_response(&mut r, v, &index("", i), s, scale, &qs);
            if r.has_problems() {
                let list = r.into_diagnostics().into_iter().map(|d| ItemError {
                    index: i,
                    code: d.code,
                    path: d.path,
                    message: d.message,
                });
                problems.push(list.collect());
                read.push(None);
            } else {
                problems.push(Vec::new());
                read.push(got);
            }
        }
        Ok(self.tally(s, scale, &qs, z, problems, read))
    }

    /// Everything after reading: repeats, counts, rates, the index, α, the target.
    pub(super) fn tally(
        &self,
        s: &Survey,
        scale: &Scale,
        qs: &[(&str, &str, Option<usize>)],
        z: f64,
        problems: Vec<Vec<ItemError>>,
        read: Vec<Option<(Option<String>, Answers)>>,
    ) -> SurveyScore {
        // The same respondent twice: one counts (the rulebook says which), the others not.
        let mut kept_as: Vec<Option<usize>> = vec![None; read.len()];
        // Respondents are told apart by their 128-bit digests, as the ledger tells keys apart.
        let mut seen: FastMap<u128, u32> = FastMap::default();
        let mut visit = |i: usize| {
            if let Some((Some(who), _)) = &read[i] {
                let digest = text_digest(who);
                match seen.get(&digest) {
                    Some(&kept) => kept_as[i] = Some(kept as usize),
                    None => {
                        seen.insert(digest, i as u32);
                    }
                }
            }
        };
        match s.keep {
            KeepDuplicate::First => (0..read.len()).for_each(&mut visit),
            KeepDuplicate::Last => (0..read.len()).rev().for_each(&mut visit),
        }
        let mut invalid = Vec::new();
        for (i, list) in problems.into_iter().enumerate() {
            invalid.extend(list);
            if let (Some(kept), Some((Some(who), _))) = (kept_as[i], &read[i]) {
                invalid.push(ItemError {
                    index: i,
                    code: Code::Duplicate,
                    path: format!("/{i}/respondent"),
                    message: format!("受访者 \"{who}\" 重复作答：只计第 {} 份", kept + 1),
                });
            }
        }
        let valid: Vec<&Answers> = read
            .iter()
            .zip(&kept_as)
            .filter(|(_, dup)| dup.is_none())
            .filter_map(|(a, _)| a.as_ref().map(|(_, a)| a))
            .collect();

        // Counts per question and level.
        let levels = scale.levels.len();
        let mut counts = vec![vec![0u64; levels]; qs.len()];
        for a in &valid {
            for (q, l) in a.levels.iter().enumerate() {
                if let Some(l) = l {
                    counts[q][usize::from(*l)] += 1;
                }
            }
        }
        let question_results: Vec<QuestionResult> = qs
            .iter()
            .enumerate()
            .map(|(q, (code, text, d))| {
                let n: u64 = counts[q].iter().sum();
                QuestionResult {
                    code: code.to_string(),
                    text: text.to_string(),
                    dimension: d.map(|d| s.dimensions[d].label.code.clone()),
                    n,
                    missing: valid.len() as u64 - n,
                    mean: mean_of(&counts[q], scale),
                    rate: both(&counts[q], scale, z),
                    levels: counts[q].clone(),
                }
            })
            .collect();

        // Dimensions: their answers pooled.
        let dim_questions: Vec<Vec<usize>> = (0..s.dimensions.len())
            .map(|d| (0..qs.len()).filter(|&q| qs[q].2 == Some(d)).collect())
            .collect();
        let pooled = |which: &[usize]| -> Vec<u64> {
            let mut c = vec![0u64; levels];
            for &q in which {
                for (l, n) in counts[q].iter().enumerate() {
                    c[l] += n;
                }
            }
            c
        };
        let dim_counts: Vec<Vec<u64>> = dim_questions.iter().map(|w| pooled(w)).collect();
        let weight_total: f64 = s
            .dimensions
            .iter()
            .zip(&dim_counts)
            .filter(|(_, c)| c.iter().sum::<u64>() > 0)
            .map(|(d, _)| d.weight)
            .sum();
        let importance: Vec<Option<f64>> = (0..s.dimensions.len())
            .map(|d| {
                s.importance.as_ref()?;
                let got: Vec<f64> = valid
                    .iter()
                    .filter_map(|a| a.importance[d].map(f64::from))
                    .collect();
                (!got.is_empty()).then(|| got.iter().sum::<f64>() / got.len() as f64)
            })
            .collect();
        let means: Vec<Option<f64>> = dim_counts.iter().map(|c| mean_of(c, scale)).collect();
        // Quadrants split at the average importance and satisfaction of the dimensions that
        // have both (ties count as high).
        let both_known: Vec<(f64, f64)> = importance
            .iter()
            .zip(&means)
            .filter_map(|(i, m)| Some(((*i)?, (*m)?)))
            .collect();
        let split = (!both_known.is_empty()).then(|| {
            let k = both_known.len() as f64;
            (
                both_known.iter().map(|x| x.0).sum::<f64>() / k,
                both_known.iter().map(|x| x.1).sum::<f64>() / k,
            )
        });
        let dimensions: Vec<DimensionResult> = s
            .dimensions
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                let n: u64 = dim_counts[d].iter().sum();
                let quadrant = match (importance[d], means[d], split) {
                    (Some(i), Some(m), Some((si, sm))) => {
                        let q = match (i >= si, m >= sm) {
                            (true, true) => 0,
                            (true, false) => 1,
                            (false, true) => 2,
                            (false, false) => 3,
                        };
                        Some(Quadrant {
                            code: super::QUADRANTS[q],
                            name: self.quadrants[q].clone(),
                        })
                    }
                    _ => None,
                };
                DimensionResult {
                    code: dim.label.code.clone(),
                    name: dim.label.name.clone(),
                    weight: dim.weight,
                    index_weight: if n > 0 && weight_total > 0.0 {
                        dim.weight / weight_total
                    } else {
                        0.0
                    },
                    n,
                    mean: means[d],
                    rate: both(&dim_counts[d], scale, z),
                    alpha: alpha_of(&valid, &dim_questions[d], scale),
                    importance: importance[d],
                    quadrant,
                }
            })
            .collect();
        let index = (weight_total > 0.0).then(|| {
            dimensions
                .iter()
                .filter_map(|d| d.mean.map(|m| m * d.index_weight))
                .sum::<f64>()
        });

        // The headline rate: the overall question when declared, else every answer.
        let all: Vec<usize> = dim_questions.iter().flatten().copied().collect();
        let (basis, headline) = if s.overall.is_some() {
            ("overall", both(&counts[0], scale, z))
        } else {
            ("answers", both(&pooled(&all), scale, z))
        };
        let rate = Headline {
            strict: headline.strict,
            with_basic: headline.with_basic,
            counted: if s.count_basic { "withBasic" } else { "strict" },
            basis,
            confidence: self.confidence,
        };
        let recommendation = s.recommend.as_ref().map(|rec| {
            let got: Vec<u8> = valid.iter().filter_map(|a| a.recommend).collect();
            let promoters = got.iter().filter(|&&x| x >= rec.promoters).count() as u64;
            let detractors = got.iter().filter(|&&x| x <= rec.detractors).count() as u64;
            let n = got.len() as u64;
            Recommendation {
                n,
                promoters,
                passives: n - promoters - detractors,
                detractors,
                score: (n > 0).then(|| (promoters as f64 - detractors as f64) / n as f64 * 100.0),
            }
        });
        let counted = if s.count_basic {
            &rate.with_basic
        } else {
            &rate.strict
        };
        let target = (s.target_rate.is_some() || s.target_index.is_some()).then(|| Targets {
            rate: s.target_rate.map(|t| TargetCheck {
                target: t,
                value: counted.rate,
                met: counted.rate.is_some_and(|v| v >= t),
                by: counted.rate.map(|v| v - t),
                lower_bound_met: Some(counted.low.is_some_and(|v| v >= t)),
            }),
            index: s.target_index.map(|t| TargetCheck {
                target: t,
                value: index,
                met: index.is_some_and(|v| v >= t),
                by: index.map(|v| v - t),
                lower_bound_met: None,
            }),
        });
        let rules = self.rules_text(s, scale, weight_total);
        SurveyScore {
            survey: s.label.clone(),
            n: read.len(),
            valid: valid.len(),
            invalid,
            rate,
            index,
            dimensions,
            questions: question_results,
            alpha: alpha_of(&valid, &all, scale),
            recommendation,
            target,
            rules,
        }
    }

    /// The rules of the computation, as the result states them.
    fn rules_text(&self, s: &Survey, scale: &Scale, weight_total: f64) -> Vec<String> {
        let names = |f: &dyn Fn(&super::Level) -> bool| -> String {
            scale
                .levels
                .iter()
                .filter(|l| f(l))
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        let basic = names(&|l| l.basic);
        let mut out = vec![
            match &s.overall {
                Some(q) => format!("满意率按总体满意度题「{}」计，每份有效答卷一次", q.text),
                None => "满意率按各维度题目的全部有效答案计，每题一次".to_string(),
            },
            format!(
                "满意：{}{}；两种口径（不含/含基本满意）都给出，目标按{}判定",
                names(&|l| l.satisfied),
                if basic.is_empty() {
                    String::new()
                } else {
                    format!("；基本满意：{basic}")
                },
                if s.count_basic {
                    "含基本满意"
                } else {
                    "不含基本满意"
                }
            ),
            format!(
                "区间：Wilson {}% 置信区间",
                fmt_num(self.confidence * 100.0)
            ),
            format!(
                "满意度指数 0–100：等级分值（{}）按维度平均，再按维度权重加权{}",
                scale
                    .levels
                    .iter()
                    .map(|l| format!("{} {}", l.name, fmt_num(l.score)))
                    .collect::<Vec<_>>()
                    .join("，"),
                if (weight_total - 1.0).abs() > 1e-9 {
                    format!(
                        "（有答案的维度权重之和为 {}，已按比例归一）",
                        fmt_num(weight_total)
                    )
                } else {
                    String::new()
                }
            ),
            format!(
                "缺答：每份最多 {} 题缺答，缺答的题不计入该题；超过即整份无效并列出",
                s.max_missing
            ),
            format!(
                "同一受访者（respondent）多次作答：只计{}一份，其余列为无效",
                match s.keep {
                    KeepDuplicate::First => "第",
                    KeepDuplicate::Last => "最后",
                }
            ),
            "答案不在量表内、未知题目：整份无效并列出".to_string(),
            "克隆巴赫 α：只用各题都作答的有效答卷（成列删除），按等级分值、样本方差计算"
                .to_string(),
        ];
        if let Some(rec) = &s.recommend {
            out.push(format!(
                "推荐度（0–10）：{} 分及以上为推荐者，{} 分及以下为贬损者，得分 = 推荐者% − 贬损者%",
                u32::from(rec.promoters),
                u32::from(rec.detractors)
            ));
        }
        if s.importance.is_some() {
            out.push(
                "重要性 × 满意度：以各维度重要性均值和满意度均值的平均数为界分四区（等于平均数算高）"
                    .to_string(),
            );
        }
        out
    }
}

impl Engine {
    /// Scores survey responses (`shared/DOMAIN.md` §4): `options.survey` names the survey
    /// (the first of the rulebook by default).
    ///
    /// # Errors
    /// `SECTION_MISSING`; `WRONG_TYPE` when `responses` is not an array; `INVALID_VALUE` at
    /// `/survey` for an unknown survey; `OUT_OF_RANGE` past [`crate::satisfaction::MAX_RESPONSES`]. A response
    /// that does not hold is listed in `invalid`, not an error.
    pub fn score_survey(
        &self,
        responses: &Value,
        survey: Option<&str>,
    ) -> Result<Stamped<SurveyScore>, Error> {
        let rules = self.satisfaction("scoreSurvey")?;
        Ok(self.stamp(rules.score(responses, survey)?))
    }

    pub(crate) fn score_survey_json(
        &self,
        responses: &Value,
        options: &Value,
    ) -> Result<Stamped<SurveyScore>, Error> {
        self.score_survey(responses, survey_option(options)?)
    }
}

/// The survey named in `scoreSurvey`'s options (`{ survey? }`), if any.
fn survey_option(options: &Value) -> Result<Option<&str>, Error> {
    let mut r = Reader::new();
    let mut survey = None;
    if !options.is_null() {
        if let Some(mut f) = r.object(options, "") {
            survey = f
                .optional("survey")
                .and_then(|(v, p)| r.text(v, &p, crate::label::MAX_NAME_CHARS));
            f.finish(&mut r);
        }
    }
    r.finish_input(Some(()))?;
    Ok(survey)
}
