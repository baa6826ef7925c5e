//! 四德积分银行 for JavaScript. `ledger`, `checkEvent` and `monthlyReport` are the package's
//! JavaScript (`pkg-template/points.js`): it packs the events into chunks of texts and typed
//! arrays ([`crate::points::Packed`]) and feeds them to a [`JsLedgerRun`] begun here, so a
//! million events cross without a JSON text of them all.

use super::{from_js, throw, to_js, JsEngine};
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::points::{LedgerOptions, LedgerRun, Packed};
use wasm_bindgen::prelude::*;

/// A replay in progress, fed by the package's JavaScript chunk by chunk.
#[wasm_bindgen(js_name = LedgerRun)]
pub struct JsLedgerRun {
    inner: Option<LedgerRun>,
}

fn finished() -> JsValue {
    throw(Error::Internal("这次重放已经结束".into()))
}

#[wasm_bindgen(js_class = LedgerRun)]
impl JsLedgerRun {
    /// The next chunk of packed events.
    pub fn push(
        &mut self,
        units: &[u16],
        lens: &[u32],
        masks: &[u32],
        nums: &[f64],
    ) -> Result<(), JsValue> {
        let run = self.inner.as_mut().ok_or_else(finished)?;
        run.push_packed(Packed {
            units,
            lens,
            masks,
            nums,
        })
        .map_err(throw)
    }

    /// Makes room for `events` more events at once.
    pub fn reserve(&mut self, events: u32) {
        if let Some(run) = self.inner.as_mut() {
            run.reserve(events as usize);
        }
    }

    /// The ledger of the events pushed.
    #[wasm_bindgen(unchecked_return_type = "Ledger")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        to_js(&run.finish())
    }

    /// What one more event would do.
    #[wasm_bindgen(unchecked_return_type = "EventCheck")]
    pub fn check(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PointsEvent")] event: JsValue,
    ) -> Result<JsValue, JsValue> {
        let event = from_js(event).map_err(throw)?;
        let run = self.inner.take().ok_or_else(finished)?;
        to_js(&run.check(&event))
    }

    /// The month's report.
    #[wasm_bindgen(unchecked_return_type = "MonthlyReport")]
    pub fn report(&mut self) -> Result<JsValue, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        to_js(&run.report().map_err(throw)?)
    }
}

/// The packed layout: field names in mask-bit order, and which are numbers.
struct Layout {
    fields: &'static [&'static str],
    numeric: u32,
    seal: &'static [&'static str],
}
crate::json_out::json_object!(Layout {
    "fields" => fields,
    "numeric" => numeric,
    "seal" => seal,
});

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Begins a replay for `ledger` or `checkEvent`.
    #[wasm_bindgen(js_name = startLedger)]
    pub fn start_ledger(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LedgerOptions")] options: JsValue,
    ) -> Result<JsLedgerRun, JsValue> {
        let options = if options.is_undefined() || options.is_null() {
            Value::Null
        } else {
            from_js(options).map_err(throw)?
        };
        let options = LedgerOptions::from_json(&options).map_err(throw)?;
        let run = self.inner.ledger_run(&options).map_err(throw)?;
        Ok(JsLedgerRun { inner: Some(run) })
    }

    /// Begins a replay for `monthlyReport(events, month)`.
    #[wasm_bindgen(js_name = startReport)]
    pub fn start_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    ) -> Result<JsLedgerRun, JsValue> {
        let Some(month) = month.as_string() else {
            return Err(throw(Error::input(
                Code::WrongType,
                "/month",
                "月份应为 YYYY-MM 文本",
            )));
        };
        let run = self.inner.report_run(&month).map_err(throw)?;
        Ok(JsLedgerRun { inner: Some(run) })
    }

    /// The packed layout of events (for the package's JavaScript).
    #[wasm_bindgen(
        js_name = pointsLayout,
        unchecked_return_type = "{ fields: string[]; numeric: number; seal: string[] }"
    )]
    pub fn points_layout(&self) -> Result<JsValue, JsValue> {
        to_js(&Layout {
            fields: &crate::points::event::FIELDS,
            numeric: crate::points::event::NUMERIC,
            seal: &crate::points::event::SEAL_FIELDS,
        })
    }
}
