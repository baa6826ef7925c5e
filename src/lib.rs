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
//! use shequ_rules::{Engine, Rulebook};
//! use serde_json::json;
//!
//! let engine = Engine::default();
//! let class = engine
//!     .community_class(&json!({ "scores": {
//!         "compound": 90, "venues": 88, "team": 86,
//!         "safetyLaw": 92, "civility": 80, "service": 75 } }))
//!     .unwrap();
//! assert_eq!(class.result.name, "示范类");
//!
//! // What residents write: category, item, urgency, evidence, handler.
//! let need = engine.classify_need("楼道灯坏了，晚上一片漆黑", &json!(null)).unwrap().result;
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
//! Modules: [`needs`] (categorising residents' needs, redaction); [`community`] (staffing,
//! classes, meetings); [`rulebook`]; [`error`].
//! The JavaScript binding lives in one module compiled only for `wasm32`.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod community;
mod engine;
pub mod error;
pub mod needs;
mod read;
pub mod rulebook;
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)] // wasm-bindgen's generated glue
mod wasm;

pub use engine::{Engine, NeedBatch, RulebookInfo, Stamped};
pub use error::{Code, Diagnostic, Error};
pub use read::Named;
pub use rulebook::{Rulebook, Stamp, DEFAULT_RULEBOOK_JSON};
