//! Community profile rules for JavaScript: each export runs the rule by its name.

use super::JsEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Staffing norm for one community.
    #[wasm_bindgen(unchecked_return_type = "StaffingResult")]
    pub fn staffing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StaffingInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("staffing", input)
    }

    /// District-level worker density check.
    #[wasm_bindgen(js_name = districtStaffing, unchecked_return_type = "DistrictStaffingResult")]
    pub fn district_staffing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DistrictStaffingInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("districtStaffing", input)
    }

    /// Community class 示范/创优/强基.
    #[wasm_bindgen(js_name = communityClass, unchecked_return_type = "CommunityClassResult")]
    pub fn community_class(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommunityClassInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("communityClass", input)
    }

    /// Meeting dates in a range.
    #[wasm_bindgen(js_name = meetingDates, unchecked_return_type = "MeetingDatesResult")]
    pub fn meeting_dates(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeetingDatesInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("meetingDates", input)
    }
}
