//! 四德积分银行 for JavaScript.

use super::JsEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Replays the points ledger: balances, stock, duplicates and rejected events.
    #[wasm_bindgen(unchecked_return_type = "Ledger")]
    pub fn ledger(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly PointsEvent[]")] events: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LedgerOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.call_with("ledger", events, options.unwrap_or(JsValue::UNDEFINED))
    }

    /// What appending one event would do, changing nothing.
    #[wasm_bindgen(js_name = checkEvent, unchecked_return_type = "EventCheck")]
    pub fn check_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly PointsEvent[]")] events: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PointsEvent")] event: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with("checkEvent", events, event)
    }

    /// Seals an event after the previous sealed one: `prev`, `rulebook` and `hash`.
    #[wasm_bindgen(js_name = sealEvent, unchecked_return_type = "SealedEvent")]
    pub fn seal_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PointsEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PointsEvent | null")] previous: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.call_with("sealEvent", event, previous.unwrap_or(JsValue::UNDEFINED))
    }

    /// Names the first sealed event whose hash or link does not hold.
    #[wasm_bindgen(js_name = verifyLedger, unchecked_return_type = "LedgerVerification")]
    pub fn verify_ledger(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly PointsEvent[]")] events: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call("verifyLedger", events)
    }
}
