//! # shequ-rules
//!
//! A rules engine for Chinese urban community governance (社区治理). One pure-Rust core,
//! compiled natively and to WebAssembly, so an H5 page, a web dashboard and a Node script
//! get the same answers from the same rules.
//!
//! Rules are data: every number, name and threshold lives in a versioned JSON
//! [`Rulebook`]. The default rulebook, distilled from the seed documents summarised in
//! `shared/DOMAIN.md`, is embedded; a community loads its own. Every result carries the
//! [`Stamp`] (id, version, hash) of the rulebook that decided it.
//!
//! ```
//! use shequ_rules::{community::ClassInput, needs::ClassifyOptions, Engine, Rulebook};
//! use serde_json::json;
//!
//! let engine = Engine::default();
//! // Typed input…
//! let scores = [("compound", 90.0), ("venues", 88.0), ("team", 86.0),
//!               ("safetyLaw", 92.0), ("civility", 80.0), ("service", 75.0)];
//! let input = ClassInput { scores: scores.iter().map(|(k, v)| (k.to_string(), *v)).collect() };
//! assert_eq!(engine.community_class(&input).unwrap().result.name, "示范类");
//! // …or JSON, as JavaScript passes it, through the rule's JavaScript name.
//! let class = engine.call("communityClass", &json!({ "scores": {
//!     "compound": 90, "venues": 88, "team": 86,
//!     "safetyLaw": 92, "civility": 80, "service": 75 } }), &json!(null)).unwrap();
//! assert_eq!(class["name"], "示范类");
//!
//! // What residents write: category, item, urgency, evidence, handler.
//! let need = engine.classify_need("楼道灯坏了，晚上一片漆黑", ClassifyOptions::default()).unwrap().result;
//! assert_eq!(need.item.unwrap().name, "修复公共区域照明设施");
//! assert_eq!(need.evidence[0].phrase, "楼道灯");
//!
//! // A broken rulebook reports every problem at once, each with a code and a path
//! // ("" is the document itself: it has no rule section at all).
//! let problems = Rulebook::validate(&json!({ "id": "x", "version": 1 }));
//! let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
//! assert_eq!(paths, ["/version", "/name", ""]);
//! ```
//!
//! Rule families, one module each, listed once in [`families`]: [`needs`] (categorising
//! residents' needs), [`points`] (四德积分银行), [`disputes`] (三色预警, on the working-day
//! [`calendar`]), [`satisfaction`] (满意度测评) and [`community`] (staffing, classes,
//! meetings); each is a cargo feature of the same name (all on by default). Shared pieces: [`rulebook`] (the document
//! and its stamp), [`canonical`] (JCS canonical JSON and SHA-256), [`mask`] (脱敏 of phone,
//! ID and card numbers and e-mail addresses), [`error`], and the JSON reader behind
//! [`FromJson`]. The JavaScript binding lives in one module compiled only for `wasm32`.
//! `ARCHITECTURE.md` in the repository says how a call flows and where a new family goes.

#![deny(unsafe_code)]
#![warn(missing_docs)]
// A build with only some families leaves parts of the shared pieces unused.
#![cfg_attr(
    not(all(
        feature = "community",
        feature = "needs",
        feature = "points",
        feature = "disputes"
    )),
    allow(dead_code, unused_imports)
)]

#[cfg(feature = "calendar")]
pub mod calendar;
pub mod canonical;
#[cfg(feature = "community")]
pub mod community;
pub mod condition;
mod dates;
#[cfg(any(feature = "points", feature = "satisfaction", feature = "needs"))]
mod digest;
#[cfg(feature = "disputes")]
pub mod disputes;
mod engine;
pub mod error;
pub mod families;
pub mod json_out;
mod json_text;
mod json_value;
mod label;
pub mod mask;
mod moment;
#[cfg(feature = "needs")]
pub mod needs;
#[cfg(feature = "points")]
pub mod points;
mod read;
pub mod rulebook;
#[cfg(feature = "satisfaction")]
pub mod satisfaction;
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)] // wasm-bindgen's generated glue
mod wasm;

pub use engine::{Engine, RulebookInfo, Stamped};
pub use error::{Code, Diagnostic, Error};
pub use families::{Family, FAMILIES};
pub use json_out::{SortedMap, ToJson};
pub use label::Named;
pub use read::FromJson;
pub use rulebook::{Rulebook, Stamp, DEFAULT_RULEBOOK_JSON};
