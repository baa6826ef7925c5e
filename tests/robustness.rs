//! No input may panic: a panic in wasm kills the instance. Throws many generated malformed
//! inputs and rulebooks at every entry point and requires a result or a typed error.
// Native tests: the wasm module reads JSON into its own value type, not serde_json's.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Map, Value};
#[cfg(feature = "needs")]
use shequ_rules::needs::ClassifyOptions;
use shequ_rules::{Engine, Rulebook, DEFAULT_RULEBOOK_JSON, FAMILIES};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
    fn value(&mut self, depth: u32) -> Value {
        let numbers = [
            json!(0),
            json!(-1),
            json!(1),
            json!(3000),
            json!(1e300),
            json!(-1e300),
            json!(0.5),
            json!(9007199254740993u64),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(2.0),
            json!(-0.0),
        ];
        let strings = [
            "",
            " ",
            "2026-01-01",
            "2026-02-29",
            "9999-12-31",
            "0000-01-01",
            "abc",
            "монday",
            "friday",
            "last",
            "week",
            "month",
            "社区",
            "\u{0}",
            "2026-13-01",
            "１２",
        ];
        match self.next() % if depth > 3 { 4 } else { 6 } {
            0 => Value::Null,
            1 => Value::Bool(self.next() % 2 == 0),
            2 => self.pick(&numbers),
            3 => Value::String(self.pick(&strings).to_string()),
            4 => Value::Array(
                (0..self.next() % 4)
                    .map(|_| self.value(depth + 1))
                    .collect(),
            ),
            _ => {
                let keys = [
                    "households",
                    "residents",
                    "committeeMembers",
                    "urbanResidents",
                    "workers",
                    "scores",
                    "from",
                    "to",
                    "compound",
                    "team",
                    "x",
                ];
                let mut m = Map::new();
                for _ in 0..self.next() % 5 {
                    m.insert(self.pick(&keys).to_string(), self.value(depth + 1));
                }
                Value::Object(m)
            }
        }
    }
}

/// Every leaf path of a document, as JSON pointers.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, c)| leaves(c, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| leaves(c, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

#[test]
fn generated_inputs_never_panic() {
    let engine = Engine::default();
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    // Every rule of every family, by its JavaScript name.
    let methods: Vec<&str> = FAMILIES
        .iter()
        .flat_map(|f| f.methods.iter().copied())
        .collect();
    // ROBUSTNESS_RUNS=1000000 for the long run (README, Reliability).
    let runs: usize = std::env::var("ROBUSTNESS_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    for _ in 0..runs {
        let v = g.value(0);
        let options = g.value(1);
        for m in &methods {
            // An answer or a coded input error; never a defect.
            if let Err(e) = engine.call(m, &v, &options) {
                assert_ne!(e.code(), shequ_rules::Code::Internal, "{m}: {e}");
            }
        }
        let _ = engine.call("communityClass", &json!({ "scores": v }), &Value::Null);
    }
}

#[test]
fn edge_inputs_are_errors_or_answers() {
    let engine = Engine::default();
    let big = "9".repeat(1_000_000);
    let null = Value::Null;
    let _ = engine.call(
        "meetingDates",
        &json!({ "from": big, "to": "2026-01-01" }),
        &null,
    );
    let max = 9007199254740991u64;
    assert!(engine
        .call(
            "staffing",
            &json!({ "households": max, "residents": max }),
            &null
        )
        .is_ok());
    assert!(engine
        .call(
            "districtStaffing",
            &json!({ "urbanResidents": 1, "workers": max }),
            &null
        )
        .is_ok());
    assert!(engine
        .call(
            "meetingDates",
            &json!({ "from": "9999-12-01", "to": "9999-12-31" }),
            &null
        )
        .is_ok());
    assert!(engine
        .call(
            "meetingDates",
            &json!({ "from": "0000-01-01", "to": "0000-12-31" }),
            &null
        )
        .is_ok());
}

#[test]
fn mutated_rulebooks_never_panic() {
    let base: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON).unwrap();
    let mut paths = Vec::new();
    leaves(&base, String::new(), &mut paths);
    // Every leaf is too many once the needs vocabulary is in; an even sample of them covers
    // every kind of field.
    let step = paths.len().div_ceil(120).max(1);
    let mut g = Gen(42);
    for path in paths.iter().step_by(step) {
        for _ in 0..8 {
            let mut doc = base.clone();
            *doc.pointer_mut(path).unwrap() = g.value(2);
            let diags = Rulebook::validate(&doc);
            match Engine::from_value(&doc) {
                Ok(engine) => {
                    assert!(diags.is_empty(), "{path}");
                    let null = Value::Null;
                    let inputs = [
                        (
                            "staffing",
                            json!({ "households": 3650, "residents": 11500 }),
                        ),
                        (
                            "districtStaffing",
                            json!({ "urbanResidents": 1, "workers": 0 }),
                        ),
                        (
                            "meetingDates",
                            json!({ "from": "2026-01-01", "to": "2026-12-31" }),
                        ),
                        ("communityClass", json!({ "scores": {} })),
                        ("classifyNeed", json!("楼道灯坏了，电梯也不动了")),
                        ("classifyNeeds", json!(["停水了", 3, ""])),
                        ("classifyNeedsCompact", json!(["停水了", null])),
                    ];
                    for (m, input) in &inputs {
                        let _ = engine.call(m, input, &null);
                    }
                }
                Err(e) => {
                    assert!(!diags.is_empty(), "{path}");
                    assert_eq!(e.diagnostics(), diags.as_slice());
                }
            }
        }
    }
}

#[cfg(feature = "needs")]
/// Random texts built from phrase characters, delimiters, digits, emoji and lone marks.
fn random_text(g: &mut Gen) -> String {
    let pieces = [
        "楼道", "灯", "电梯", "不是", "您好", "，", "。", "！", "\n", "😀", "138", "12345678",
        "养老", "保险", "@", "a", "x.com", " ", "-", "X", "停水", "急", "物业", "其他", "\u{feff}",
        "𠀀", "社区", "垃圾", "狗", "0",
    ];
    let n = g.next() % 40;
    (0..n).map(|_| g.pick(&pieces)).collect()
}

#[cfg(feature = "needs")]
#[test]
fn generated_texts_never_panic_and_offsets_hold() {
    use shequ_rules::mask::redact;
    let engine = Engine::default();
    let mut g = Gen(7);
    let mut batch = Vec::new();
    for _ in 0..20_000 {
        let text = random_text(&mut g);
        let masked = redact(&text).unwrap();
        assert_eq!(
            masked.text.encode_utf16().count(),
            text.encode_utf16().count()
        );
        if let Ok(out) = engine.classify_need(&text, ClassifyOptions::default()) {
            let units: Vec<u16> = text.encode_utf16().collect();
            for e in &out.result.evidence {
                let slice = String::from_utf16(&units[e.start as usize..e.end as usize]).unwrap();
                assert_eq!(slice.to_lowercase(), e.phrase.to_lowercase(), "{text}");
            }
            assert!((0.0..=1.0).contains(&out.result.confidence));
        }
        batch.push(text);
    }
    let texts = batch.iter().map(|t| Some(t.as_str()));
    let compact = engine.classify_needs_compact(texts).unwrap().result;
    assert_eq!(compact.category.len(), batch.len());
}

/// Pathological texts at the length limit: greetings, cues and addresses by the thousand
/// must still be handled in one pass (a quadratic path would stall here for minutes).
#[cfg(feature = "needs")]
#[test]
fn long_repetitive_texts_finish() {
    use shequ_rules::mask::redact;
    let engine = Engine::default();
    for piece in ["您好", "尊敬的", "不是", "楼道灯", "，", "电梯坏了谢谢"] {
        let text = piece.repeat(199_000 / piece.chars().count());
        let out = engine
            .classify_need(
                &text,
                ClassifyOptions {
                    evidence: false,
                    ..ClassifyOptions::default()
                },
            )
            .unwrap();
        assert!(out.result.confidence <= 1.0);
    }
    let addresses = "a@b.cn ".repeat(20_000);
    assert_eq!(redact(&addresses).unwrap().masked.len(), 20_000);
    let digits = "13812345678 ".repeat(20_000);
    assert_eq!(redact(&digits).unwrap().masked.len(), 20_000);
    let over = "1".repeat(shequ_rules::mask::MAX_CHARS + 1);
    assert_eq!(
        redact(&over).unwrap_err().code(),
        shequ_rules::Code::OutOfRange
    );
}
