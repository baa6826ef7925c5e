//! 三色预警 for JavaScript. `gradeDisputesCompact` crosses as typed arrays: the fact values
//! in one `Float64Array` (the package's disputes.js copies a plain array into one), the
//! colours and fired masks back as a `Uint8Array` and a `Uint32Array`; only the errors and
//! the stamp cross as JSON.

use super::{throw, to_js, JsEngine};
use crate::disputes::CompactGrades;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Grades cases in the compact numeric form (one number per declared fact).
    #[wasm_bindgen(js_name = gradeDisputesCompact, unchecked_return_type = "CompactDisputeGrades")]
    pub fn grade_disputes_compact(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | readonly (number | null)[]")]
        values: &[f64],
    ) -> Result<JsValue, JsValue> {
        let graded = self.inner.grade_disputes_compact(values).map_err(throw)?;
        let CompactGrades {
            colours,
            fired,
            words,
            errors,
        } = graded.result;
        /// What crosses as JSON beside the typed arrays.
        struct Rest {
            words: usize,
            errors: Vec<crate::disputes::ItemError>,
            rulebook: crate::Stamp,
        }
        crate::json_out::json_object!(Rest {
            "words" => words,
            "errors" => errors,
            "rulebook" => rulebook,
        });
        let obj = to_js(&Rest {
            words,
            errors,
            rulebook: graded.rulebook,
        })?;
        js_sys::Reflect::set(
            &obj,
            &"colours".into(),
            &js_sys::Uint8Array::from(&colours[..]),
        )?;
        js_sys::Reflect::set(
            &obj,
            &"fired".into(),
            &js_sys::Uint32Array::from(&fired[..]),
        )?;
        Ok(obj)
    }
}
