//! The JavaScript skin: the only module that knows about wasm-bindgen.
//!
//! Every export converts its arguments, calls the core, and maps the result or the error —
//! nothing else. Values cross the boundary as JSON text (`JSON.stringify` in, `JSON.parse`
//! out), so the one serde_json reader and writer serve native and wasm callers alike; this
//! also keeps the module small (a serde-wasm-bindgen boundary cost 14 KiB gzipped more).
//! Errors are real `Error` objects with `code`, `path` and `diagnostics`.

use crate::error::{Code, Diagnostic, Error};
use crate::rulebook::{Rulebook, DEFAULT_RULEBOOK_JSON};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("wasm.d.ts");

/// Results cross as JSON text and become plain objects through `JSON.parse`: one
/// serializer for every result type (serde_json, shared with the native API), and faster
/// than building objects field by field across the boundary.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| {
        js_error(
            Code::Internal.as_str(),
            "",
            &format!("结果无法转换为 JavaScript 值：{e}"),
            &[],
        )
    })?;
    js_sys::JSON::parse(&text)
}

/// Builds a real `Error` carrying `code`, `path` and `diagnostics`.
fn js_error(code: &str, path: &str, message: &str, diagnostics: &[Diagnostic]) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("ShequRulesError");
    let obj: &JsValue = err.as_ref();
    let list = serde_json::to_string(diagnostics)
        .ok()
        .and_then(|t| js_sys::JSON::parse(&t).ok())
        .unwrap_or_else(|| js_sys::Array::new().into());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(obj, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(obj, &"path".into(), &path.into());
    let _ = js_sys::Reflect::set(obj, &"diagnostics".into(), &list);
    err.into()
}

fn throw(e: Error) -> JsValue {
    js_error(e.code().as_str(), e.path(), &e.to_string(), e.diagnostics())
}

/// Reads any JS value as JSON through `JSON.stringify`, so inputs are parsed by the same
/// serde_json reader natively and in wasm. `NaN` and `Infinity` become `null`, fields set to
/// `undefined` disappear (so they count as missing), and a top-level `undefined` is `null`;
/// values JSON cannot hold (BigInt, cycles) are a `WRONG_TYPE` error at the root.
fn from_js(value: JsValue) -> Result<Value, Error> {
    let wrong = |why: String| {
        Error::InvalidInput(Diagnostic {
            code: Code::WrongType,
            path: String::new(),
            message: format!("无法作为 JSON 读取：{why}"),
        })
    };
    // Whatever `toJSON` throws (an Error or not) becomes a message, never a second failure.
    let text = js_sys::JSON::stringify(&value).map_err(|e| {
        let message = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "JSON.stringify 失败".to_string());
        wrong(message)
    })?;
    match text.as_string() {
        Some(text) => serde_json::from_str(&text).map_err(|e| wrong(e.to_string())),
        None => Ok(Value::Null),
    }
}

/// A rulebook argument: a JSON string is parsed, anything else is read as a value.
fn rulebook_from_js(value: JsValue) -> Result<Rulebook, Error> {
    match value.as_string() {
        Some(text) => Rulebook::from_json(&text),
        None => {
            let doc =
                from_js(value).map_err(|e| Error::InvalidRulebook(e.diagnostics().to_vec()))?;
            Rulebook::from_value(&doc)
        }
    }
}

/// Runs the rules of one rulebook.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// An engine on a community's rulebook (an object or JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Rulebook | string")] rulebook: JsValue,
    ) -> Result<JsEngine, JsValue> {
        rulebook_from_js(rulebook)
            .map(|rb| JsEngine {
                inner: crate::Engine::new(rb),
            })
            .map_err(throw)
    }

    /// An engine on the embedded default rulebook.
    #[wasm_bindgen(js_name = withDefaults)]
    pub fn with_defaults() -> JsEngine {
        JsEngine {
            inner: crate::Engine::default(),
        }
    }

    /// The rulebook's id, version, name, hash and sections.
    #[wasm_bindgen(js_name = rulebookInfo, unchecked_return_type = "RulebookInfo")]
    pub fn rulebook_info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rulebook_info())
    }

    /// Staffing norm for one community.
    #[wasm_bindgen(unchecked_return_type = "StaffingResult")]
    pub fn staffing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StaffingInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = from_js(input).map_err(throw)?;
        to_js(&self.inner.staffing(&input).map_err(throw)?)
    }

    /// District-level worker density check.
    #[wasm_bindgen(js_name = districtStaffing, unchecked_return_type = "DistrictStaffingResult")]
    pub fn district_staffing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DistrictStaffingInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = from_js(input).map_err(throw)?;
        to_js(&self.inner.district_staffing(&input).map_err(throw)?)
    }

    /// Community class 示范/创优/强基.
    #[wasm_bindgen(js_name = communityClass, unchecked_return_type = "CommunityClassResult")]
    pub fn community_class(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommunityClassInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = from_js(input).map_err(throw)?;
        to_js(&self.inner.community_class(&input).map_err(throw)?)
    }

    /// Meeting dates in a range.
    #[wasm_bindgen(js_name = meetingDates, unchecked_return_type = "MeetingDatesResult")]
    pub fn meeting_dates(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeetingDatesInput")] input: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = from_js(input).map_err(throw)?;
        to_js(&self.inner.meeting_dates(&input).map_err(throw)?)
    }
}

/// Reads a JS array whose entries should be strings; other entries become `None`.
fn texts_from_js(texts: &JsValue) -> Result<Vec<Option<String>>, Error> {
    if !js_sys::Array::is_array(texts) {
        return Err(Error::wrong_type("", "字符串数组"));
    }
    let array: &js_sys::Array = texts.unchecked_ref();
    Ok(array.iter().map(|v| v.as_string()).collect())
}

// `classifyNeed` and `classifyNeeds` are defined in the package's `needs.js`: they call the
// record methods below and dress the numbers with the cached label tables, which is several
// times cheaper than building and parsing JSON for every text.
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// The label tables numeric need records index into (JSON-compatible object).
    #[wasm_bindgen(js_name = needTables, skip_typescript)]
    pub fn need_tables(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.need_tables().map_err(throw)?)
    }

    /// One text as a numeric record.
    #[wasm_bindgen(js_name = classifyNeedRecord, skip_typescript)]
    pub fn classify_need_record(
        &self,
        text: JsValue,
        options: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let text = text
            .as_string()
            .ok_or_else(|| throw(Error::wrong_type("", "字符串")))?;
        let options = if options.is_undefined() || options.is_null() {
            Value::Null
        } else {
            from_js(options).map_err(throw)?
        };
        let mut out = Vec::with_capacity(64);
        self.inner
            .classify_need_record(&text, &options, &mut out)
            .map_err(throw)?;
        Ok(out)
    }

    /// A batch as numeric records, and the texts that could not be read.
    #[wasm_bindgen(js_name = classifyNeedsRecords, skip_typescript)]
    pub fn classify_needs_records(&self, texts: JsValue) -> Result<JsValue, JsValue> {
        let texts = texts_from_js(&texts).map_err(throw)?;
        let mut out = Vec::new();
        let errors = self
            .inner
            .classify_needs_records(texts.iter().map(Option::as_deref), &mut out)
            .map_err(throw)?;
        let obj = to_js(&serde_json::json!({ "errors": errors }))?;
        js_sys::Reflect::set(
            &obj,
            &"records".into(),
            &js_sys::Float64Array::from(&out[..]),
        )?;
        Ok(obj)
    }

    /// Categorises many texts into typed-array columns.
    #[wasm_bindgen(js_name = classifyNeedsCompact, unchecked_return_type = "CompactNeeds")]
    pub fn classify_needs_compact(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] texts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let texts = texts_from_js(&texts).map_err(throw)?;
        let out = self
            .inner
            .classify_needs_compact(texts.iter().map(Option::as_deref))
            .map_err(throw)?;
        let c = &out.result;
        // The small tables travel as JSON, the columns as typed arrays.
        let obj = to_js(&serde_json::json!({
            "categories": c.categories,
            "items": c.items,
            "urgencies": c.urgencies,
            "errors": c.errors,
            "rulebook": out.rulebook,
        }))?;
        for (key, value) in [
            (
                "category",
                JsValue::from(js_sys::Uint8Array::from(&c.category[..])),
            ),
            ("item", js_sys::Uint16Array::from(&c.item[..]).into()),
            ("urgency", js_sys::Uint8Array::from(&c.urgency[..]).into()),
            (
                "confidence",
                js_sys::Float32Array::from(&c.confidence[..]).into(),
            ),
            (
                "needsHuman",
                js_sys::Uint8Array::from(&c.needs_human[..]).into(),
            ),
        ] {
            js_sys::Reflect::set(&obj, &key.into(), &value)?;
        }
        Ok(obj)
    }
}

/// Masks mobile numbers, ID numbers, bank cards and e-mail addresses.
#[wasm_bindgen(unchecked_return_type = "Redacted")]
pub fn redact(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let text = text
        .as_string()
        .ok_or_else(|| throw(Error::wrong_type("", "字符串")))?;
    to_js(&crate::needs::redact::redact(&text))
}

/// Every problem in a candidate rulebook (object or JSON text); `[]` when valid. Never
/// throws for a bad rulebook.
#[wasm_bindgen(js_name = validateRulebook, unchecked_return_type = "Diagnostic[]")]
pub fn validate_rulebook(
    #[wasm_bindgen(unchecked_param_type = "unknown")] rulebook: JsValue,
) -> Result<JsValue, JsValue> {
    let diagnostics = match rulebook_from_js(rulebook) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().to_vec(),
    };
    to_js(&diagnostics)
}

/// A fresh plain-object copy of the embedded default rulebook.
#[wasm_bindgen(js_name = defaultRulebook, unchecked_return_type = "Rulebook")]
pub fn default_rulebook() -> Result<JsValue, JsValue> {
    let doc: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON)
        .map_err(|e| js_error(Code::Internal.as_str(), "", &e.to_string(), &[]))?;
    to_js(&doc)
}
