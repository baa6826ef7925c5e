//! Native speed of 满意度测评 scoring.
//!
//!   cargo bench --bench satisfaction --features satisfaction [-- RESPONSES]
//!
//! 100,000 responses (by default) to a survey of 20 questions (the default rulebook's
//! 物业服务满意度测评 with five questions in each of its four dimensions), some answers blank,
//! scored by `Engine::score_survey`, beside a plain loop that computes only the strict rate
//! over the same parsed answers — the floor. Prints responses/s and the ratio.

// Native only: in wasm32 the library reads JSON into its own value type, not serde_json's.
#[cfg(not(target_arch = "wasm32"))]
mod native {

    use serde_json::{json, Value};
    use shequ_rules::{Engine, Rulebook, DEFAULT_RULEBOOK_JSON};
    use std::hint::black_box;
    use std::time::Instant;

    const LEVELS: [&str; 5] = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"];

    pub fn main() {
        let n: usize = std::env::args()
            .skip(1)
            .find_map(|a| a.parse().ok())
            .unwrap_or(100_000);
        let mut rb: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON).unwrap();
        let survey = &mut rb["satisfaction"]["surveys"][0];
        survey.as_object_mut().unwrap().remove("overall");
        let mut codes = Vec::new();
        for (d, dim) in survey["dimensions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            let qs: Vec<Value> = (0..5)
                .map(|q| {
                    codes.push(format!("q{d}{q}"));
                    json!({ "code": format!("q{d}{q}"), "text": format!("第 {d} 维第 {q} 题") })
                })
                .collect();
            dim["questions"] = Value::Array(qs);
        }
        let engine = Engine::new(Rulebook::from_value(&rb).unwrap());
        // A reproducible mix: mostly satisfied, some blanks (within the two allowed).
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let responses: Vec<Value> = (0..n)
            .map(|i| {
                let mut answers = serde_json::Map::new();
                let mut blanks = 0;
                for c in &codes {
                    let r = next();
                    if r % 50 == 0 && blanks < 2 {
                        blanks += 1;
                        continue;
                    }
                    answers.insert(c.clone(), json!(LEVELS[((r >> 8) % 5) as usize]));
                }
                answers.insert("recommend".into(), json!(next() % 11));
                json!({ "respondent": format!("R{i}"), "answers": answers })
            })
            .collect();
        let doc = Value::Array(responses);

        // The floor: the strict rate alone, by the level names, over the same parsed answers.
        let start = Instant::now();
        let (mut sat, mut all) = (0u64, 0u64);
        for r in doc.as_array().unwrap() {
            for v in r["answers"].as_object().unwrap().values() {
                if let Some(t) = v.as_str() {
                    all += 1;
                    sat += u64::from(t == "非常满意" || t == "满意");
                }
            }
        }
        black_box((sat, all));
        let floor = start.elapsed().as_secs_f64();

        let start = Instant::now();
        let score = engine.score_survey(&doc, None).unwrap().result;
        let took = start.elapsed().as_secs_f64();
        black_box(&score);
        assert_eq!(score.valid, n);
        assert_eq!(
            score.rate.strict.satisfied, sat,
            "the floor and the engine count alike"
        );

        println!(
            "responses: {n} of 20 questions; valid {}; strict rate {:.4}",
            score.valid,
            score.rate.strict.rate.unwrap()
        );
        println!(
            "plain loop: strict rate only          {:8.1} ms  {:10.0} responses/s",
            floor * 1e3,
            n as f64 / floor
        );
        println!("Engine::score_survey (everything)     {:8.1} ms  {:10.0} responses/s  ({:.1}× the floor's time)", took * 1e3, n as f64 / took, took / floor);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
