//! Needs for JavaScript. `classifyNeed` and `classifyNeeds` are defined in the package's
//! `needs.js`: they call the record exports below and dress the numbers with the label
//! tables and record layout fetched once per engine, which is several times cheaper than
//! building and parsing JSON for every text.

use super::{from_js, text_from_js, throw, to_js, JsEngine};
use crate::error::Error;
use crate::json_value::Value;
use crate::needs::ClassifyOptions;
use crate::FromJson;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Reads a JS array whose entries should be strings; other entries become `None`.
fn texts_from_js(texts: &JsValue) -> Result<Vec<Option<String>>, Error> {
    if !js_sys::Array::is_array(texts) {
        return Err(Error::wrong_type("", "字符串数组"));
    }
    let array: &js_sys::Array = texts.unchecked_ref();
    Ok(array.iter().map(|v| v.as_string()).collect())
}

/// Options given as `undefined`, `null`, or — by the package's needs.js, which has already
/// read and bounded them — as their JSON text or, for the common ones, as the number
/// `e + 3 × a` (evidence 0 false, 1 true, 2 not given; alternatives 0–3, 4 not given): the
/// fields are read back into an object and checked like any other options. A caller's own
/// number reaches here as JSON text.
fn options_from_js(options: JsValue) -> Result<ClassifyOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(ClassifyOptions::default());
    }
    let value = if let Some(code) = options
        .as_f64()
        .filter(|c| c.fract() == 0.0 && (0.0..15.0).contains(c))
    {
        let code = code as u64;
        let mut fields = crate::json_value::Map::new();
        if code % 3 < 2 {
            fields.insert("evidence".into(), Value::Bool(code % 3 == 1));
        }
        if code / 3 < 4 {
            fields.insert("alternatives".into(), Value::from(code / 3));
        }
        Value::Object(fields)
    } else {
        match options.as_string() {
            Some(text) => crate::json_text::parse(&text)
                .map(|(value, _)| value)
                .map_err(|e| throw(Error::wrong_type("", &format!("JSON（{e}）"))))?,
            None => from_js(options).map_err(throw)?,
        }
    };
    ClassifyOptions::from_json(&value).map_err(throw)
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// The label tables numeric need records index into, and the record layout; `call`
    /// names the rule that asks, for the error when the rulebook has no needs section.
    #[wasm_bindgen(js_name = needTables, skip_typescript)]
    pub fn need_tables(&self, call: JsValue) -> Result<JsValue, JsValue> {
        let call = call.as_string().unwrap_or_else(|| "needTables".to_string());
        to_js(&self.inner.need_tables_for(&call).map_err(throw)?)
    }

    /// One text as a numeric record.
    #[wasm_bindgen(js_name = classifyNeedRecord, skip_typescript)]
    pub fn classify_need_record(
        &self,
        text: JsValue,
        options: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let text = text_from_js(&text)?;
        let options = options_from_js(options)?;
        let mut out = Vec::with_capacity(64);
        self.inner
            .classify_need_record(&text, options, &mut out)
            .map_err(throw)?;
        Ok(out)
    }

    /// A batch as numeric records, and the texts that could not be read.
    #[wasm_bindgen(js_name = classifyNeedsRecords, skip_typescript)]
    pub fn classify_needs_records(
        &self,
        texts: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let texts = texts_from_js(&texts).map_err(throw)?;
        let options = options_from_js(options)?;
        let mut out = Vec::new();
        let errors = self
            .inner
            .classify_needs_records(texts.iter().map(Option::as_deref), options, &mut out)
            .map_err(throw)?;
        /// What crosses as JSON beside the records.
        struct Rest {
            errors: Vec<crate::needs::BatchError>,
        }
        crate::json_out::json_object!(Rest { "errors" => errors });
        let obj = to_js(&Rest { errors })?;
        js_sys::Reflect::set(
            &obj,
            &"records".into(),
            &js_sys::Float64Array::from(&out[..]),
        )?;
        Ok(obj)
    }
}
