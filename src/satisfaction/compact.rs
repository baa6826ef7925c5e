//! The compact form of survey responses: what the package's JavaScript sends for plain
//! responses (pkg-template/satisfaction.js), scored as the JSON path scores the responses it
//! encodes.

use super::score::{questions, too_many_missing, Answers, MAX_RESPONDENT_CHARS};
use super::stats::normal_quantile;
use super::{SatisfactionRules, SurveyScore, MAX_RESPONSES};
use crate::engine::Engine;
use crate::error::{Code, Error, ItemError};
use crate::json_value::Value;
use crate::read::{index, Reader};
use crate::Stamped;

/// "No answer" in the compact form.
pub const NONE: u8 = 255;

/// Responses in the compact form the package's JavaScript sends for plain responses (no JSON
/// text of millions of answers to cross and read): one row of `grid` per response, each of
/// [`survey_form`](crate::Engine::survey_forms)'s `columns` values — the level index of each
/// question in order, then the 0–10 recommendation, then the importance of each dimension —,
/// [`NONE`] where there is no answer; and each response's respondent (`null` for none), read
/// as the JSON path reads it.
#[derive(Debug, Clone, Copy)]
pub struct Compact<'a> {
    /// `respondents.len()` rows of `questions + 1 + dimensions` values.
    pub grid: &'a [u8],
    /// One respondent (text) or `null` per response.
    pub respondents: &'a [Value],
}

impl SatisfactionRules {
    /// Scores responses in the compact form (see [`Compact`]) by survey `code`: the same
    /// result as [`SatisfactionRules::score`] on the responses they encode.
    pub(crate) fn score_compact(
        &self,
        compact: &Compact<'_>,
        code: Option<&str>,
    ) -> Result<SurveyScore, Error> {
        let s = self.survey(code)?;
        let scale = &self.scales[s.scale];
        let qs = questions(s);
        let dims = s.dimensions.len();
        let width = qs.len() + 1 + dims;
        let n = compact.respondents.len();
        let levels = scale.levels.len();
        let bad = |message: String| Error::input(Code::InvalidValue, "", message);
        if n > MAX_RESPONSES {
            return Err(Error::input(
                Code::OutOfRange,
                "",
                format!("一次最多 {MAX_RESPONSES} 份答卷，收到 {n} 份"),
            ));
        }
        if compact.grid.len() != n * width {
            return Err(bad(format!(
                "紧凑答卷应有 {n} × {width} 个值，收到 {} 个",
                compact.grid.len()
            )));
        }
        let (lo, hi) = s.importance.as_ref().map_or((0, 0), |x| (x.min, x.max));
        let z = normal_quantile(1.0 - (1.0 - self.confidence) / 2.0);
        let mut problems: Vec<Vec<ItemError>> = Vec::with_capacity(n);
        let mut read: Vec<Option<(Option<String>, Answers)>> = Vec::with_capacity(n);
        for (i, (row, who)) in compact
            .grid
            .chunks_exact(width)
            .zip(compact.respondents)
            .enumerate()
        {
            let opt = |x: u8| (x != NONE).then_some(x);
            let answer = &row[..qs.len()];
            let (recommend, importance) = (row[qs.len()], &row[qs.len() + 1..]);
            let out_of_range = answer
                .iter()
                .any(|&l| l != NONE && usize::from(l) >= levels)
                || (recommend != NONE && (s.recommend.is_none() || recommend > 10))
                || importance
                    .iter()
                    .any(|&x| x != NONE && (s.importance.is_none() || x < lo || x > hi));
            if out_of_range {
                return Err(bad(format!("紧凑答卷第 {} 份有超出范围的值", i + 1)));
            }
            // The pointers are made only when needed (a batch has a million responses).
            let path = || index("", i);
            let mut r = Reader::new();
            let respondent = match who {
                Value::Null => None,
                v => r
                    .text(
                        v,
                        &crate::read::child(&path(), "respondent"),
                        MAX_RESPONDENT_CHARS,
                    )
                    .map(str::to_string),
            };
            let missing = answer.iter().filter(|&&l| l == NONE).count();
            if missing > s.max_missing && !r.has_problems() {
                r.report(
                    Code::MissingField,
                    &crate::read::child(&path(), "answers"),
                    too_many_missing(missing, s),
                );
            }
            if r.has_problems() {
                problems.push(
                    r.into_diagnostics()
                        .into_iter()
                        .map(|d| ItemError {
                            index: i,
                            code: d.code,
                            path: d.path,
                            message: d.message,
                        })
                        .collect(),
                );
                read.push(None);
            } else {
                problems.push(Vec::new());
                read.push(Some((
                    respondent,
                    Answers {
                        levels: answer.iter().map(|&l| opt(l)).collect(),
                        recommend: opt(recommend),
                        importance: importance.iter().map(|&x| opt(x)).collect(),
                    },
                )));
            }
        }
        Ok(self.tally(s, scale, &qs, z, problems, read))
    }
}

impl Engine {
    /// Scores responses in the compact form ([`Compact`]; its columns are in
    /// [`Engine::survey_forms`]): the same result as [`Engine::score_survey`] on the
    /// responses the rows encode.
    ///
    /// # Errors
    /// As [`Engine::score_survey`]; `INVALID_VALUE` when the grid does not have one row of
    /// the survey's columns per respondent or holds a value outside its column's range.
    pub fn score_survey_compact(
        &self,
        compact: &Compact<'_>,
        survey: Option<&str>,
    ) -> Result<Stamped<SurveyScore>, Error> {
        let rules = self.satisfaction("scoreSurveyCompact")?;
        Ok(self.stamp(rules.score_compact(compact, survey)?))
    }

    /// [`Engine::score_survey_compact`] on `{ respondents, survey? }` beside the grid.
    ///
    /// # Errors
    /// As [`Engine::score_survey_compact`]; `WRONG_TYPE` or `MISSING_FIELD` when `rest` is
    /// not an object with a `respondents` array.
    pub fn score_survey_compact_json(
        &self,
        grid: &[u8],
        rest: &Value,
    ) -> Result<Stamped<SurveyScore>, Error> {
        let mut r = Reader::new();
        let mut read = None;
        if let Some(mut f) = r.object(rest, "") {
            let respondents = f.array(&mut r, "respondents");
            let survey = f
                .optional("survey")
                .and_then(|(v, p)| r.text(v, &p, crate::label::MAX_NAME_CHARS));
            f.finish(&mut r);
            read = respondents.map(|(list, _)| (list, survey));
        }
        let (respondents, survey) = r.finish_input(read)?;
        self.score_survey_compact(&Compact { grid, respondents }, survey)
    }
}
