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
}
