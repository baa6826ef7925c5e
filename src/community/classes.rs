//! Community classes (DOMAIN §6, seed 001), the rulebook part `community.classes`: a
//! community is assessed on six dimensions and filed as 示范类, 创优类 or 强基类 — the first
//! grade, in rulebook order, whose `minMean` (mean of all dimensions) and `minEach` (lowest
//! dimension) both hold; the last grade has no thresholds and takes the rest.

use crate::error::{Code, Error};
use crate::json_out::SortedMap;
use crate::json_value::Value;
use crate::label::{read_named, Named};
use crate::read::{fmt_2dp as num, fmt_num, read_list, Fields, FromJson, Reader};

#[derive(Debug, Clone)]
pub(super) struct ClassRules {
    score_min: f64,
    score_max: f64,
    dimensions: Vec<Named>,
    grades: Vec<Grade>,
}

#[derive(Debug, Clone)]
struct Grade {
    class: Named,
    min_mean: Option<f64>,
    min_each: Option<f64>,
}

impl ClassRules {
    pub(super) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<ClassRules> {
        let range = f.object(r, "scoreRange").and_then(|mut g| {
            let min = g.number(r, "min", -1e6, 1e6);
            let max = g.number(r, "max", -1e6, 1e6);
            let path = g.path_of("max");
            g.finish(r);
            let (min, max) = (min?, max?);
            if min >= max {
                r.report(
                    Code::Inconsistent,
                    &path,
                    format!("max {} 应大于 min {}", fmt_num(max), fmt_num(min)),
                );
                return None;
            }
            Some((min, max))
        });
        let dimensions = read_list(r, &mut f, "dimensions", |r, mut g| {
            let d = read_named(r, &mut g);
            g.finish(r);
            d
        });
        let dimensions_path = f.path_of("dimensions");
        let grades_path = f.path_of("grades");
        let grades = read_list(r, &mut f, "grades", |r, mut g| {
            let class = read_named(r, &mut g);
            let (lo, hi) = range.unwrap_or((f64::MIN, f64::MAX));
            let min_mean = g
                .optional("minMean")
                .and_then(|(v, p)| r.number(v, &p, lo, hi));
            let min_each = g
                .optional("minEach")
                .and_then(|(v, p)| r.number(v, &p, lo, hi));
            g.finish(r);
            Some(Grade {
                class: class?,
                min_mean,
                min_each,
            })
        });
        f.finish(r);
        if let Some(ds) = &dimensions {
            r.unique_at(
                &dimensions_path,
                "code",
                &mut ds.iter().map(|d| d.code.as_str()),
                "维度代码",
            );
        }
        if let Some(gs) = &grades {
            r.unique_at(
                &grades_path,
                "code",
                &mut gs.iter().map(|g| g.class.code.as_str()),
                "类别代码",
            );
            if let Some((i, last)) = gs.iter().enumerate().next_back() {
                if last.min_mean.is_some() || last.min_each.is_some() {
                    r.report(
                        Code::Inconsistent,
                        &format!("{grades_path}/{i}"),
                        "最后一个类别是兜底类别，不能设 minMean 或 minEach",
                    );
                }
            }
        }
        let (score_min, score_max) = range?;
        Some(ClassRules {
            score_min,
            score_max,
            dimensions: dimensions?,
            grades: grades?,
        })
    }
}

/// Input of [`Engine::community_class`](crate::Engine::community_class).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassInput {
    /// Score per assessment dimension code; every dimension of the rulebook, and no other.
    pub scores: SortedMap<f64>,
}

impl FromJson for ClassInput {
    /// Reads `{ scores: { <dimension code>: number, … } }`.
    fn from_json(v: &Value) -> Result<Self, Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let scores = f.object(&mut r, "scores").and_then(|mut g| {
                let path = g.path().to_string();
                let mut out = SortedMap::new();
                let mut ok = true;
                for (k, v) in g.entries() {
                    match r.number(v, &crate::read::child(&path, k), f64::MIN, f64::MAX) {
                        Some(x) => {
                            out.insert(k.clone(), x);
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            });
            f.finish(&mut r);
            scores.map(|scores| ClassInput { scores })
        });
        r.finish_input(input)
    }
}

/// The class a community is assessed into, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassResult {
    /// Code of the class (e.g. `demonstration`).
    pub code: String,
    /// Name of the class (e.g. 示范类).
    pub name: String,
    /// Mean of the dimension scores, two decimals.
    pub mean: f64,
    /// The lowest-scoring dimension.
    pub lowest: DimensionScore,
    /// Why this class and not a higher one, in Chinese.
    pub reasons: Vec<String>,
}
crate::json_out::json_object!(ClassResult {
    "code" => code,
    "name" => name,
    "mean" => mean,
    "lowest" => lowest,
    "reasons" => reasons,
});

/// One dimension's score.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    /// Dimension code.
    pub code: String,
    /// Dimension name.
    pub name: String,
    /// Its score.
    pub score: f64,
}
crate::json_out::json_object!(DimensionScore {
    "code" => code,
    "name" => name,
    "score" => score,
});

impl ClassRules {
    /// Every rulebook dimension must be scored, within the rulebook's score range, and no
    /// other key may appear; returns the scores in dimension order.
    fn scores(&self, input: &ClassInput) -> Result<Vec<f64>, Error> {
        let c = self;
        let mut r = Reader::new();
        let mut out = Vec::with_capacity(c.dimensions.len());
        for d in &c.dimensions {
            let path = crate::read::child("/scores", &d.code);
            match input.scores.get(&d.code) {
                Some(&x) => out.push(r.in_range(x, &path, c.score_min, c.score_max)),
                None => {
                    r.report(
                        Code::MissingField,
                        &path,
                        format!("缺少维度 {}（{}）的得分", d.code, d.name),
                    );
                    out.push(None);
                }
            }
        }
        for k in input.scores.keys() {
            if !c.dimensions.iter().any(|d| d.code == *k) {
                let known: Vec<&str> = c.dimensions.iter().map(|d| d.code.as_str()).collect();
                r.report(
                    Code::UnknownField,
                    &crate::read::child("/scores", k),
                    format!("未知维度 {k}；应为：{}", known.join(", ")),
                );
            }
        }
        let scores = out.into_iter().collect::<Option<Vec<f64>>>();
        r.finish_input(scores)
    }

    /// Community class (seed 001): the first grade whose thresholds all hold.
    pub(super) fn class(&self, input: &ClassInput) -> Result<ClassResult, Error> {
        let c = self;
        let scores = self.scores(input)?;
        let n = scores.len().max(1) as f64;
        let sum: f64 = scores.iter().sum();
        let mean = sum / n;
        let (low_i, low) =
            scores
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |acc, (i, s)| if s < acc.1 { (i, s) } else { acc },
                );
        let low_dim = &c.dimensions[low_i.min(c.dimensions.len() - 1)];
        let mut reasons = Vec::new();
        let mut chosen = c.grades.last().map(|g| &g.class);
        for g in &c.grades {
            let mut failed = Vec::new();
            let mut held = Vec::new();
            if let Some(m) = g.min_mean {
                let text = format!(
                    "平均分 {} {} {}",
                    num(mean),
                    if sum >= m * n { "≥" } else { "<" },
                    num(m)
                );
                if sum >= m * n {
                    held.push(text)
                } else {
                    failed.push(text)
                }
            }
            if let Some(m) = g.min_each {
                let text = format!(
                    "最低分 {}（{}）{} {}",
                    num(low),
                    low_dim.name,
                    if low >= m { "≥" } else { "<" },
                    num(m)
                );
                if low >= m {
                    held.push(text)
                } else {
                    failed.push(text)
                }
            }
            if failed.is_empty() {
                if held.is_empty() {
                    reasons.push(format!("未达到更高类别的条件，归为{}", g.class.name));
                } else {
                    reasons.push(format!("{}：{}", g.class.name, held.join("，")));
                }
                chosen = Some(&g.class);
                break;
            }
            reasons.push(format!("未评为{}：{}", g.class.name, failed.join("，")));
        }
        let chosen = chosen.cloned().unwrap_or(Named {
            code: String::new(),
            name: String::new(),
        });
        Ok(ClassResult {
            code: chosen.code,
            name: chosen.name,
            mean: (mean * 100.0).round() / 100.0,
            lowest: DimensionScore {
                code: low_dim.code.clone(),
                name: low_dim.name.clone(),
                score: low,
            },
            reasons,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ClassInput;
    use crate::{Code, Engine};

    fn class(scores: [f64; 6]) -> Result<String, Code> {
        let codes = [
            "compound",
            "venues",
            "team",
            "safetyLaw",
            "civility",
            "service",
        ];
        let input = ClassInput {
            scores: codes.iter().map(|c| c.to_string()).zip(scores).collect(),
        };
        Engine::default()
            .community_class(&input)
            .map(|r| r.result.code)
            .map_err(|e| e.code())
    }

    /// The first grade whose thresholds hold (示范 85 mean / 70 each, 创优 70 mean, 强基).
    #[test]
    fn grades_in_order() {
        let cases: &[([f64; 6], Result<&str, Code>)] = &[
            ([85.0; 6], Ok("demonstration")),
            ([100.0, 100.0, 100.0, 100.0, 100.0, 69.9], Ok("excellence")),
            ([70.0; 6], Ok("excellence")),
            ([69.99; 6], Ok("foundation")),
            ([0.0; 6], Ok("foundation")),
            ([101.0, 90.0, 90.0, 90.0, 90.0, 90.0], Err(Code::OutOfRange)),
            ([-1.0, 90.0, 90.0, 90.0, 90.0, 90.0], Err(Code::Negative)),
        ];
        for (scores, want) in cases {
            let want = want.map(str::to_string);
            assert_eq!(class(*scores), want, "{scores:?}");
        }
    }
}
