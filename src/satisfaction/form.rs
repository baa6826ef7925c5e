//! `surveyForms()`: what a page needs to put a survey before a resident and what the compact
//! path needs to encode answers — every survey of the rulebook with its scale, questions,
//! importance and recommendation questions and rules, and the columns of the compact form.

use super::{Dimension, Importance, KeepDuplicate, Level, Question, Recommend, Scale, Survey};
use crate::engine::{Engine, Stamped};
use crate::error::Error;
use crate::json_out::{json_object, JsonOut, ToJson};

/// Every survey of the rulebook, as a form ([`Engine::survey_forms`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyForms {
    /// The surveys in rulebook order (the first is the default).
    pub surveys: Vec<SurveyForm>,
}
json_object!(SurveyForms {
    "surveys" => surveys,
});

/// One survey as a form.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyForm {
    pub(crate) survey: Survey,
    pub(crate) scale: Scale,
    /// The question codes in the order of the compact form's columns (the overall question
    /// first when declared, then each dimension's); then come the recommendation and one
    /// importance per dimension.
    pub columns: Vec<String>,
}

impl SurveyForm {
    /// The survey's code (what `scoreSurvey`'s `survey` option names).
    pub fn code(&self) -> &str {
        &self.survey.label.code
    }
}

impl ToJson for SurveyForm {
    fn write_json(&self, out: &mut JsonOut) {
        let s = &self.survey;
        out.open();
        out.field("\"code\":", &s.label.code);
        out.field("\"name\":", &s.label.name);
        out.field("\"scale\":", &self.scale);
        out.field("\"countBasic\":", &s.count_basic);
        out.field("\"overall\":", &s.overall);
        out.field("\"dimensions\":", &s.dimensions);
        out.field("\"importance\":", &s.importance);
        out.field("\"recommend\":", &s.recommend);
        out.field("\"targetRate\":", &s.target_rate);
        out.field("\"targetIndex\":", &s.target_index);
        out.field("\"maxMissing\":", &s.max_missing);
        let keep = match s.keep {
            KeepDuplicate::First => "keepFirst",
            KeepDuplicate::Last => "keepLast",
        };
        out.field("\"duplicate\":", &keep);
        out.field("\"columns\":", &self.columns);
        out.close();
    }
}

impl ToJson for Scale {
    fn write_json(&self, out: &mut JsonOut) {
        out.open();
        out.field("\"code\":", &self.label.code);
        out.field("\"name\":", &self.label.name);
        out.field("\"levels\":", &self.levels);
        out.close();
    }
}

json_object!(Level {
    "code" => code,
    "name" => name,
    "score" => score,
    "satisfied" => satisfied,
    "basic" => basic,
});

json_object!(Question {
    "code" => code,
    "text" => text,
});

impl ToJson for Dimension {
    fn write_json(&self, out: &mut JsonOut) {
        out.open();
        out.field("\"code\":", &self.label.code);
        out.field("\"name\":", &self.label.name);
        out.field("\"weight\":", &self.weight);
        out.field("\"questions\":", &self.questions);
        out.close();
    }
}

json_object!(Importance {
    "text" => text,
    "min" => min,
    "max" => max,
});

impl ToJson for Recommend {
    fn write_json(&self, out: &mut JsonOut) {
        out.open();
        out.field("\"code\":", &self.question.code);
        out.field("\"text\":", &self.question.text);
        out.field("\"promoters\":", &self.promoters);
        out.field("\"detractors\":", &self.detractors);
        out.close();
    }
}

impl Engine {
    /// Every survey of the rulebook as a form: its scale with the levels' scores and which
    /// count as satisfied, the overall question, the dimensions with weights and questions, the
    /// importance and recommendation questions, the target, the rules for invalid responses,
    /// and the columns of the compact form ([`crate::satisfaction::Compact`]).
    ///
    /// # Errors
    /// `SECTION_MISSING` when the rulebook has no `satisfaction` section.
    pub fn survey_forms(&self) -> Result<Stamped<SurveyForms>, Error> {
        let rules = self.satisfaction("surveyForms")?;
        Ok(self.stamp(SurveyForms {
            surveys: rules
                .surveys
                .iter()
                .map(|s| SurveyForm {
                    survey: s.clone(),
                    scale: rules.scales[s.scale].clone(),
                    columns: super::score::questions(s)
                        .iter()
                        .map(|q| q.0.to_string())
                        .collect(),
                })
                .collect(),
        }))
    }
}
