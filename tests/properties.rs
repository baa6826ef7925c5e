//! Property tests (proptest, with shrinking) on the native core: every rule of the family
//! table, by its JavaScript name, on generated JSON shaped like real inputs; and rulebooks
//! with one value replaced. Each rule family joins by being in the table. Cases per property:
//! PROPTEST_CASES (proptest's default, 256, in the test command). Native only.
// Native tests: the wasm module reads JSON into its own value type, not serde_json's.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{Map, Value};
use shequ_rules::{Code, Engine, Rulebook, DEFAULT_RULEBOOK_JSON, FAMILIES};

/// Field names the rules read, so generated objects reach past the first missing field.
const KEYS: &[&str] = &[
    "households",
    "residents",
    "committeeMembers",
    "urbanResidents",
    "workers",
    "scores",
    "compound",
    "service",
    "from",
    "to",
    "evidence",
    "alternatives",
    "x",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u32..3_000).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::String),
        "(电梯|楼道灯|煤气味|停水|您好|不是|上次|着火|13812345678|，|。){0,6}"
            .prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn methods() -> Vec<&'static str> {
    FAMILIES
        .iter()
        .flat_map(|f| f.methods.iter().copied())
        .collect()
}

proptest! {
    /// An answer, or a coded input error — never a panic, never `INTERNAL`.
    #[test]
    fn every_rule_answers_or_reports(method in prop::sample::select(methods()), input in json(), options in json()) {
        let engine = Engine::default();
        if let Err(e) = engine.call(method, &input, &options) {
            prop_assert_ne!(e.code(), Code::Internal, "{}: {}", method, e);
            prop_assert!(!e.diagnostics().is_empty());
        }
    }

    /// A rulebook with one value replaced: `validate` and `new` agree, and a valid one runs
    /// every rule without a defect.
    #[test]
    fn one_changed_value_in_a_rulebook(pick in any::<prop::sample::Index>(), value in json()) {
        let mut doc: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON).unwrap();
        let mut paths = Vec::new();
        collect(&doc, String::new(), &mut paths);
        let path = pick.get(&paths).clone();
        *doc.pointer_mut(&path).unwrap() = value;
        let diagnostics = Rulebook::validate(&doc);
        match Engine::from_value(&doc) {
            Ok(engine) => {
                prop_assert!(diagnostics.is_empty());
                for m in methods() {
                    if let Err(e) = engine.call(m, &Value::from("楼道灯坏了"), &Value::Null) {
                        prop_assert_ne!(e.code(), Code::Internal, "{}", e);
                    }
                }
            }
            Err(e) => prop_assert_eq!(e.diagnostics(), diagnostics.as_slice()),
        }
    }
}

/// Every JSON pointer of a document (objects' members and arrays' items, at every depth).
fn collect(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                collect(
                    c,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                collect(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
