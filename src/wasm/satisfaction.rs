//! 满意度测评 for JavaScript: the compact entry (`scoreSurvey` and `surveyForms` take and
//! give JSON, so they run through `callRule`).

use super::JsEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Scores responses in the compact form: one row per respondent of
    /// `surveyForms().columns`, then the recommendation, then one importance per dimension
    /// (255: no answer); `rest` is `{ respondents, survey? }`. Internal: the package's
    /// `scoreSurvey` sends plain responses this way (pkg-template/satisfaction.js).
    #[wasm_bindgen(js_name = scoreSurveyCompact, skip_typescript)]
    pub fn score_survey_compact(&self, grid: &[u8], rest: JsValue) -> Result<JsValue, JsValue> {
        let rest = super::from_js(rest).map_err(super::throw)?;
        let text = crate::json_out::text(
            &self
                .inner
                .score_survey_compact_json(grid, &rest)
                .map_err(super::throw)?,
        );
        js_sys::JSON::parse(&text)
    }
}
