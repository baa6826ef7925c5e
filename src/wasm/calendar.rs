//! The working-day calendar for JavaScript: each export runs the rule by its name (the
//! second argument crosses as the rule's options).

use super::JsEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// What a day is: working or not, and why.
    #[wasm_bindgen(js_name = isWorkingDay, unchecked_return_type = "WorkingDay")]
    pub fn is_working_day(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("isWorkingDay", date)
    }

    /// The `days`-th working day after `date`.
    #[wasm_bindgen(js_name = addWorkingDays, unchecked_return_type = "WorkingDate")]
    pub fn add_working_days(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] days: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with("addWorkingDays", date, days)
    }

    /// Working days after `from` up to and including `to`.
    #[wasm_bindgen(js_name = workingDaysBetween, unchecked_return_type = "WorkingDays")]
    pub fn working_days_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with("workingDaysBetween", from, to)
    }

    /// The moment `hours` working hours after `at`.
    #[wasm_bindgen(js_name = addWorkingHours, unchecked_return_type = "WorkingMoment")]
    pub fn add_working_hours(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] hours: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with("addWorkingHours", at, hours)
    }
}
