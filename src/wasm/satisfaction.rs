//! 满意度测评 for JavaScript: the export runs the rule by its name (the second argument
//! crosses as the rule's options).

use super::JsEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Scores survey responses: the rate both ways with intervals, the index, per dimension
    /// and question, α, the recommendation score, quadrants, the target and the invalid ones.
    #[wasm_bindgen(js_name = scoreSurvey, unchecked_return_type = "SurveyScore")]
    pub fn score_survey(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly SurveyResponse[]")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SurveyOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with("scoreSurvey", responses, options)
    }
}

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
