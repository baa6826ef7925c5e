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
