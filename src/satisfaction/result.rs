//! What `scoreSurvey` returns (`shared/DOMAIN.md` §4): the rates both ways with their
//! intervals, the index, per dimension and question, α, the recommendation score, quadrants,
//! the target check, the invalid responses and the rules of the computation.

use crate::error::ItemError;
use crate::label::Named;

/// A proportion with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Answers counted as satisfied.
    pub satisfied: u64,
    /// Answers counted.
    pub n: u64,
    /// `satisfied / n`; absent when `n` is 0.
    pub rate: Option<f64>,
    /// The interval's lower bound (Wilson).
    pub low: Option<f64>,
    /// The interval's upper bound.
    pub high: Option<f64>,
}
crate::json_out::json_object!(Rate {
    "satisfied" => satisfied,
    "n" => n,
    "rate" => rate,
    "low" => low,
    "high" => high,
});

/// The rate with 基本满意 out (`strict`) and in (`withBasic`).
#[derive(Debug, Clone, PartialEq)]
pub struct RateBothWays {
    /// Only the satisfied levels.
    pub strict: Rate,
    /// The satisfied levels and 基本满意.
    pub with_basic: Rate,
}
crate::json_out::json_object!(RateBothWays {
    "strict" => strict,
    "withBasic" => with_basic,
});

/// Cronbach's α of a set of questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Alpha {
    /// α; absent when not defined.
    pub value: Option<f64>,
    /// Questions in the set.
    pub items: usize,
    /// Responses that answered every question of the set (the rows used).
    pub n: usize,
    /// Why α is not defined, in Chinese.
    pub reason: Option<&'static str>,
}
crate::json_out::json_object!(Alpha {
    "value" => value,
    "items" => items,
    "n" => n,
    "reason" => reason if some,
});

/// Where a dimension falls in the importance × satisfaction chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quadrant {
    /// `strength`, `improve`, `maintain` or `opportunity`.
    pub code: &'static str,
    /// Its name in the rulebook (by default 优势区, 优先改进区, 维持区, 机会区).
    pub name: String,
}
crate::json_out::json_object!(Quadrant {
    "code" => code,
    "name" => name,
});

/// One question's results.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResult {
    /// The question's code.
    pub code: String,
    /// Its text.
    pub text: String,
    /// Its dimension's code (absent for the overall question).
    pub dimension: Option<String>,
    /// Valid responses that answered it.
    pub n: u64,
    /// Valid responses that left it blank.
    pub missing: u64,
    /// Mean score 0–100.
    pub mean: Option<f64>,
    /// The rate both ways.
    pub rate: RateBothWays,
    /// Answers per level, in scale order.
    pub levels: Vec<u64>,
}
crate::json_out::json_object!(QuestionResult {
    "code" => code,
    "text" => text,
    "dimension" => dimension if some,
    "n" => n,
    "missing" => missing,
    "mean" => mean,
    "rate" => rate,
    "levels" => levels,
});

/// One dimension's results.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionResult {
    /// The dimension's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The weight as declared.
    pub weight: f64,
    /// The weight in the index (declared weights scaled to sum to 1 over the dimensions
    /// with answers); 0 when it has none.
    pub index_weight: f64,
    /// Answers to its questions.
    pub n: u64,
    /// Mean score 0–100 over its answers.
    pub mean: Option<f64>,
    /// The rate both ways over its answers.
    pub rate: RateBothWays,
    /// Cronbach's α over its questions.
    pub alpha: Alpha,
    /// Mean importance, when the survey asks for it.
    pub importance: Option<f64>,
    /// Its quadrant, when importance is asked.
    pub quadrant: Option<Quadrant>,
}
crate::json_out::json_object!(DimensionResult {
    "code" => code,
    "name" => name,
    "weight" => weight,
    "indexWeight" => index_weight,
    "n" => n,
    "mean" => mean,
    "rate" => rate,
    "alpha" => alpha,
    "importance" => importance if some,
    "quadrant" => quadrant if some,
});

/// The 0–10 recommendation score (promoters − detractors, in % of answers).
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Answers.
    pub n: u64,
    /// Answers at or above the promoter threshold.
    pub promoters: u64,
    /// Answers between the thresholds.
    pub passives: u64,
    /// Answers at or below the detractor threshold.
    pub detractors: u64,
    /// −100…100; absent without answers.
    pub score: Option<f64>,
}
crate::json_out::json_object!(Recommendation {
    "n" => n,
    "promoters" => promoters,
    "passives" => passives,
    "detractors" => detractors,
    "score" => score,
});

/// A figure against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// The target.
    pub target: f64,
    /// The figure (absent without answers).
    pub value: Option<f64>,
    /// Whether the figure reaches the target.
    pub met: bool,
    /// The figure minus the target.
    pub by: Option<f64>,
    /// For a rate: whether the interval's lower bound reaches the target too.
    pub lower_bound_met: Option<bool>,
}
crate::json_out::json_object!(TargetCheck {
    "target" => target,
    "value" => value,
    "met" => met,
    "by" => by,
    "lowerBoundMet" => lower_bound_met if some,
});

/// The survey's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// The rate as the survey counts it (`countBasic`).
    pub rate: Option<TargetCheck>,
    /// The index.
    pub index: Option<TargetCheck>,
}
crate::json_out::json_object!(Targets {
    "rate" => rate if some,
    "index" => index if some,
});

/// The headline rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Both ways.
    pub strict: Rate,
    /// With 基本满意.
    pub with_basic: Rate,
    /// `strict` or `withBasic`: the one the target is judged on (the survey's `countBasic`).
    pub counted: &'static str,
    /// `overall` (the overall question, once per response) or `answers` (every answer to
    /// the dimensions' questions).
    pub basis: &'static str,
    /// The intervals' confidence level.
    pub confidence: f64,
}
crate::json_out::json_object!(Headline {
    "strict" => strict,
    "withBasic" => with_basic,
    "counted" => counted,
    "basis" => basis,
    "confidence" => confidence,
});

/// What `scoreSurvey` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyScore {
    /// The survey scored.
    pub survey: Named,
    /// Responses given.
    pub n: usize,
    /// Responses that count.
    pub valid: usize,
    /// Every problem of the responses that do not count (one entry per problem).
    pub invalid: Vec<ItemError>,
    /// The satisfaction rate.
    pub rate: Headline,
    /// The weighted index 0–100 (absent without answers).
    pub index: Option<f64>,
    /// Per dimension.
    pub dimensions: Vec<DimensionResult>,
    /// Per question (the overall question first, when declared).
    pub questions: Vec<QuestionResult>,
    /// Cronbach's α over all the dimensions' questions.
    pub alpha: Alpha,
    /// The recommendation score, when declared.
    pub recommendation: Option<Recommendation>,
    /// The targets, when declared.
    pub target: Option<Targets>,
    /// The rules of the computation, in Chinese.
    pub rules: Vec<String>,
}
crate::json_out::json_object!(SurveyScore {
    "survey" => survey,
    "n" => n,
    "valid" => valid,
    "invalid" => invalid,
    "rate" => rate,
    "index" => index,
    "dimensions" => dimensions,
    "questions" => questions,
    "alpha" => alpha,
    "recommendation" => recommendation if some,
    "target" => target if some,
    "rules" => rules,
});
