//! The JavaScript skin: the only module that knows about wasm-bindgen, one file per family
//! (`community.rs`, `needs.rs`) beside the platform calls here.
//!
//! Every export converts its arguments, calls the core, and maps the result or the error —
//! nothing else. Values cross the boundary as JSON text (`JSON.stringify` in, `JSON.parse`
//! out), so the one JSON reader (`src/json_text`) and writer (`src/json_out.rs`) serve native
//! and wasm callers alike; this also keeps the module small (a serde-wasm-bindgen boundary
//! cost 14–21 KB gzipped more, as measured). A rule that takes and gives JSON has no export of
//! its own: the package's `guard.js` makes it an `Engine` method over [`JsEngine::call_rule`].
//! Errors are real `Error` objects with `code`, `path` and `diagnostics`.

#[cfg(feature = "calendar")]
mod calendar;
#[cfg(feature = "community")]
mod community;
#[cfg(feature = "disputes")]
mod disputes;
#[cfg(feature = "needs")]
mod needs;
#[cfg(feature = "points")]
mod points;
#[cfg(feature = "satisfaction")]
mod satisfaction;

use crate::error::{Code, Diagnostic, Error};
use crate::json_out::ToJson;
use crate::json_value::Value;
use crate::rulebook::{Rulebook, DEFAULT_RULEBOOK_JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The largest JSON text (a rulebook, an input after `JSON.stringify`) the engine reads, in
/// UTF-16 code units: a whole community rulebook is far smaller, and a bigger one would only
/// grow the instance's memory, which never shrinks.
const MAX_JSON_CHARS: usize = 32 << 20;

/// TLSF (two-level segregated fit) instead of the default dlmalloc: constant-time
/// allocation, freed blocks coalesced, and about 6 KB less code.
#[global_allocator]
static ALLOCATOR: rlsf::GlobalTlsf = rlsf::GlobalTlsf::new();

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// Results cross as JSON text and become plain objects through `JSON.parse`: one
/// serializer for every result type (serde_json, shared with the native API), and faster
/// than building objects field by field across the boundary.
fn to_js(value: &dyn ToJson) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&crate::json_out::text(value))
}

/// Builds a real `Error` carrying `code`, `path` and `diagnostics`.
fn js_error(code: &str, path: &str, message: &str, diagnostics: &[Diagnostic]) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("ShequRulesError");
    let obj: &JsValue = err.as_ref();
    let list = js_sys::JSON::parse(&crate::json_out::text(&diagnostics))
        .ok()
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
    too_long(&text)?;
    match text.as_string() {
        // JSON.stringify never repeats a key.
        Some(text) => {
            reserve_for(text.len());
            crate::json_text::parse(&text)
                .map(|(value, _)| value)
                .map_err(|e| wrong(e.to_string()))
        }
        None => Ok(Value::Null),
    }
}

/// Grows the allocator's pool once, before a document of `bytes` is read, to about what
/// reading it takes (six times the text: 100,000 survey responses of 29 M characters peak at
/// 340 MiB without it, 362 MiB with it): the pool otherwise grows one 64 KiB page at a time,
/// a `memory.grow` each, which was more than half the time of reading a large batch
/// (`tests/bench-satisfaction.mjs`: 5.0 s → 2.0 s).
fn reserve_for(bytes: usize) {
    drop(Vec::<u8>::with_capacity(bytes.saturating_mul(6)));
}

/// `OUT_OF_RANGE` for a string longer than [`MAX_JSON_CHARS`], checked before it is copied
/// into wasm memory.
fn too_long(text: &JsValue) -> Result<(), Error> {
    let units = text.dyn_ref::<js_sys::JsString>().map_or(0, |s| s.length());
    if units as usize > MAX_JSON_CHARS {
        return Err(Error::input(
            Code::OutOfRange,
            "",
            format!("输入过大：{units} 个 UTF-16 单元，最多 {MAX_JSON_CHARS} 个"),
        ));
    }
    Ok(())
}

/// A string argument, or `WRONG_TYPE` at the root.
fn text_from_js(value: &JsValue) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| throw(Error::wrong_type("", "字符串")))
}

/// A rulebook argument: a JSON string is parsed, anything else is read as a value.
fn rulebook_from_js(value: JsValue) -> Result<Rulebook, Error> {
    let rulebook_error = |e: Error| Error::InvalidRulebook(e.diagnostics().to_vec());
    if value.is_string() {
        too_long(&value).map_err(rulebook_error)?;
    }
    match value.as_string() {
        Some(text) => Rulebook::from_json(&text),
        None => {
            let doc = from_js(value).map_err(rulebook_error)?;
            Rulebook::from_value(&doc)
        }
    }
}

/// Runs the rules of one rulebook.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

impl JsEngine {
    /// Runs a rule by its JavaScript name on JS values read as JSON: the input, and the
    /// options (`undefined` or `null` for none).
    fn call_with(
        &self,
        method: &str,
        input: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let input = from_js(input).map_err(throw)?;
        let options = if options.is_undefined() || options.is_null() {
            Value::Null
        } else {
            from_js(options).map_err(throw)?
        };
        let text = self
            .inner
            .call_json_text(method, &input, &options)
            .map_err(throw)?;
        js_sys::JSON::parse(&text)
    }
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

    /// Runs a rule by its JavaScript name (`input`, then the rule's options or second
    /// argument). Internal: the package's `guard.js` installs every rule of [`rule_names`]
    /// that has no export of its own as an `Engine` method over this one entry — an export
    /// per rule costs the module about 100 bytes gzipped each, for the same call.
    #[wasm_bindgen(js_name = callRule, skip_typescript)]
    pub fn call_rule(
        &self,
        method: JsValue,
        input: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.call_with(&text_from_js(&method)?, input, options)
    }

    /// The rulebook's id, version, name, hash and sections.
    #[wasm_bindgen(js_name = rulebookInfo, unchecked_return_type = "RulebookInfo")]
    pub fn rulebook_info(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rulebook_info())
    }
}

/// Masks mobile numbers, ID numbers, bank cards and e-mail addresses.
#[wasm_bindgen(unchecked_return_type = "Redacted")]
pub fn redact(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    // Far longer than allowed: refused before it is copied into wasm memory.
    let units = text.dyn_ref::<js_sys::JsString>().map_or(0, |s| s.length());
    if units as usize > 2 * crate::mask::MAX_CHARS {
        return Err(throw(Error::input(
            Code::OutOfRange,
            "",
            format!(
                "文本过长：{units} 个 UTF-16 单元，最多 {} 个字",
                crate::mask::MAX_CHARS
            ),
        )));
    }
    to_js(&crate::mask::redact(&text_from_js(&text)?).map_err(throw)?)
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

/// The JavaScript names of the rules of the families this module was built with, for the
/// package's `guard.js` (see [`JsEngine::call_rule`]).
#[wasm_bindgen(js_name = ruleNames, skip_typescript)]
pub fn rule_names() -> Result<JsValue, JsValue> {
    let names: Vec<&str> = crate::FAMILIES
        .iter()
        .filter(|f| f.compiled)
        .flat_map(|f| f.methods.iter().copied())
        .collect();
    to_js(&names)
}

/// The largest JSON text the engine reads ([`MAX_JSON_CHARS`]), for the package's JavaScript,
/// which bounds inputs before `JSON.stringify` runs on them.
#[wasm_bindgen(js_name = maxJsonChars, skip_typescript)]
pub fn max_json_chars() -> f64 {
    MAX_JSON_CHARS as f64
}

/// Bytes of WebAssembly memory this module's instance holds now. Memory grows on demand and
/// is never given back, so this is also the peak so far (what the memory benchmark prints).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// A fresh plain-object copy of the embedded default rulebook.
#[wasm_bindgen(js_name = defaultRulebook, unchecked_return_type = "Rulebook")]
pub fn default_rulebook() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(DEFAULT_RULEBOOK_JSON)
}
