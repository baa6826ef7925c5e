//! 满意度测评 on the default rulebook: whole surveys against the figures statsmodels and
//! pingouin give on the same answers (tests/fixtures/satisfaction-stats.json, made by
//! scripts/gen-satisfaction-fixture.py), and hostile responses, each reported, none lost.
// Native tests: the wasm module reads JSON into its own value type, not serde_json's.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use shequ_rules::satisfaction::SurveyScore;
use shequ_rules::{Code, Engine, ToJson};

/// The questions of the default rulebook's 物业服务满意度测评.
const PROPERTY_QUESTIONS: [&str; 9] = [
    "overall",
    "cleaningCommon",
    "cleaningGarbage",
    "securityGate",
    "securityParking",
    "repairsSpeed",
    "repairsQuality",
    "serviceAttitude",
    "serviceInfo",
];

/// A small deterministic generator: `next(m)` is in `0..m`.
fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn score(responses: Value, survey: Option<&str>) -> SurveyScore {
    Engine::default()
        .score_survey(&responses, survey)
        .unwrap()
        .result
}

#[test]
fn whole_surveys_match_statsmodels_and_pingouin() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/satisfaction-stats.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let surveys = doc["surveys"].as_array().unwrap();
    assert!(surveys.len() >= 5);
    for (k, s) in surveys.iter().enumerate() {
        let got = score(s["responses"].clone(), None);
        assert_eq!(
            got.valid as u64,
            s["valid"].as_u64().unwrap(),
            "survey {k}: valid"
        );
        assert_eq!(got.n, s["responses"].as_array().unwrap().len());
        for (name, rate) in [
            ("strict", &got.rate.strict),
            ("withBasic", &got.rate.with_basic),
        ] {
            let want = &s[name];
            assert_eq!(
                rate.satisfied,
                want["x"].as_u64().unwrap(),
                "survey {k} {name}"
            );
            assert_eq!(rate.n, want["n"].as_u64().unwrap(), "survey {k} {name}");
            if let Some(ci) = want["ci"].as_array() {
                assert!(
                    close(rate.low.unwrap(), ci[0].as_f64().unwrap()),
                    "survey {k} {name} low"
                );
                assert!(
                    close(rate.high.unwrap(), ci[1].as_f64().unwrap()),
                    "survey {k} {name} high"
                );
            }
        }
        assert!(
            close(got.index.unwrap(), s["index"].as_f64().unwrap()),
            "survey {k}: index"
        );
        for (d, want) in got
            .dimensions
            .iter()
            .zip(s["dimensionMeans"].as_array().unwrap())
        {
            assert!(
                close(d.mean.unwrap(), want.as_f64().unwrap()),
                "survey {k}: {} mean",
                d.code
            );
        }
        assert_eq!(got.alpha.n as u64, s["alphaRows"].as_u64().unwrap());
        match s["alpha"].as_f64() {
            Some(a) => assert!(close(got.alpha.value.unwrap(), a), "survey {k}: α"),
            None => assert_eq!(got.alpha.value, None),
        }
    }
}

#[test]
fn no_responses() {
    let got = score(json!([]), None);
    assert_eq!((got.n, got.valid), (0, 0));
    assert_eq!(got.rate.strict.rate, None);
    assert_eq!(got.rate.strict.low, None);
    assert_eq!(got.index, None);
    assert_eq!(got.alpha.value, None);
    assert!(got.alpha.reason.is_some());
    let t = got.target.unwrap();
    assert!(!t.rate.as_ref().unwrap().met);
    assert_eq!(t.rate.unwrap().by, None);
}

#[test]
fn hostile_responses_are_listed_not_dropped() {
    let all = |level: &str| -> Value {
        let mut a = serde_json::Map::new();
        for q in PROPERTY_QUESTIONS {
            a.insert(q.into(), json!(level));
        }
        Value::Object(a)
    };
    let mut unknown = all("满意");
    unknown["q99"] = json!("满意");
    let mut outside = all("满意");
    outside["repairsSpeed"] = json!("还行吧");
    let mut typed = all("满意");
    typed["repairsSpeed"] = json!(4);
    let mut blank = all("满意");
    for q in ["cleaningCommon", "cleaningGarbage", "securityGate"] {
        blank[q] = Value::Null;
    }
    let mut recommend = all("满意");
    recommend["recommend"] = json!(11);
    let responses = json!([
        { "respondent": "A", "answers": all("非常满意") },
        { "respondent": "A", "answers": all("不满意") },
        { "answers": unknown },
        { "answers": outside },
        { "answers": typed },
        { "answers": blank },
        { "answers": recommend },
        "满意",
        { "answers": all("满意"), "extra": 1 },
        { "answers": all("basic"), "importance": { "cleaning": 9 } },
        { "answers": all("satisfied") },
    ]);
    let got = score(responses, None);
    assert_eq!(got.n, 11);
    assert_eq!(got.valid, 2, "{:?}", got.invalid);
    let seen: Vec<(usize, Code, &str)> = got
        .invalid
        .iter()
        .map(|x| (x.index, x.code, x.path.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (1, Code::Duplicate, "/1/respondent"),
            (2, Code::UnknownField, "/2/answers/q99"),
            (3, Code::InvalidValue, "/3/answers/repairsSpeed"),
            (4, Code::WrongType, "/4/answers/repairsSpeed"),
            (5, Code::MissingField, "/5/answers"),
            (6, Code::OutOfRange, "/6/answers/recommend"),
            (7, Code::WrongType, "/7"),
            (8, Code::UnknownField, "/8/extra"),
            (9, Code::OutOfRange, "/9/importance/cleaning"),
        ]
    );
    assert!(got.invalid[0].message.contains("只计第 1 份"));
    assert!(got.invalid[2]
        .message
        .contains("非常满意 / 满意 / 基本满意"));
    // The two valid ones: 非常满意 and 满意 throughout.
    assert_eq!(got.rate.strict.rate, Some(1.0));
    assert!(close(got.index.unwrap(), 90.0));
}

#[test]
fn basic_both_ways_and_the_target() {
    let answers = |overall: &str| json!({ "answers": { "volunteerAttitude": overall, "volunteerResult": overall } });
    // 19 满意 and 1 基本满意 of 20: strict 95 %, with basic 100 %; the target (95 %) is met,
    // but the interval's lower bound is below it.
    let mut list: Vec<Value> = (0..19).map(|_| answers("满意")).collect();
    list.push(answers("基本满意"));
    let got = score(Value::Array(list), Some("volunteer"));
    assert_eq!(got.rate.basis, "answers");
    assert_eq!(got.rate.strict.n, 40);
    assert!(close(got.rate.strict.rate.unwrap(), 0.95));
    assert_eq!(got.rate.with_basic.rate, Some(1.0));
    assert_eq!(got.rate.counted, "strict");
    let t = got.target.unwrap().rate.unwrap();
    assert!(t.met);
    assert_eq!(t.lower_bound_met, Some(false));
    assert!(got.rules.iter().any(|r| r.contains("Wilson 95% 置信区间")));
    // α: both items identical for every response → α = 1.
    assert!(close(got.dimensions[0].alpha.value.unwrap(), 1.0));
}

#[test]
fn weights_that_do_not_sum_to_one_are_scaled_and_said() {
    let mut rb: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    let dims = rb["satisfaction"]["surveys"][0]["dimensions"]
        .as_array_mut()
        .unwrap();
    for d in dims.iter_mut() {
        d["weight"] = json!(3);
    }
    rb["satisfaction"]["surveys"][0]["invalid"]["maxMissing"] = json!(8);
    let engine = Engine::new(shequ_rules::Rulebook::from_value(&rb).unwrap());
    let got = engine
        .score_survey(&json!([{ "answers": { "cleaningCommon": "满意", "repairsSpeed": "不满意" } }, {"answers": {}}]), None)
        .unwrap()
        .result;
    // Only the dimensions with answers weigh: cleaning 80 and repairs 40, equally.
    assert!(close(got.index.unwrap(), 60.0));
    assert!(close(got.dimensions[0].index_weight, 0.5));
    assert_eq!(got.dimensions[1].index_weight, 0.0);
    assert!(got.rules.iter().any(|r| r.contains("已按比例归一")));
    // More blanks than allowed (9 of 9, 8 allowed): the second is invalid.
    assert_eq!(got.valid, 1);
    assert_eq!(got.invalid[0].code, Code::MissingField);
}

#[test]
fn bad_calls() {
    let e = Engine::default();
    assert_eq!(
        e.score_survey(&json!({}), None).unwrap_err().code(),
        Code::WrongType
    );
    let err = e.score_survey(&json!([]), Some("nope")).unwrap_err();
    assert_eq!((err.code(), err.path()), (Code::InvalidValue, "/survey"));
}

#[test]
fn a_bad_section_names_every_problem_with_its_path() {
    let mut rb: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    let sat = &mut rb["satisfaction"];
    sat["confidence"] = json!(1.5);
    sat["scales"][0]["satisfied"] = json!(["verySatisfied", "great"]);
    sat["surveys"][0]["scale"] = json!("tenLevel");
    sat["surveys"][0]["dimensions"][1]["questions"][0]["code"] = json!("cleaningCommon");
    sat["surveys"][0]["recommend"]["detractors"] = json!(9);
    sat["surveys"][1]["invalid"]["duplicate"] = json!("keepBoth");
    sat["surveys"][1]["dimensions"][0]["weight"] = json!(0);
    sat["surveys"][1]["colour"] = json!("red");
    let got = problems(&rb);
    for want in [
        "OUT_OF_RANGE /satisfaction/confidence",
        "INVALID_VALUE /satisfaction/scales/0/satisfied/1",
    ] {
        assert!(got.iter().any(|g| g == want), "{want} not in {got:?}");
    }
    // With the scale fixed, the surveys' own problems show.
    sat_fix(&mut rb);
    let got = problems(&rb);
    for want in [
        "INVALID_VALUE /satisfaction/surveys/0/scale",
        "DUPLICATE /satisfaction/surveys/0/dimensions/1/questions/0/code",
        "INCONSISTENT /satisfaction/surveys/0/recommend/detractors",
        "INVALID_VALUE /satisfaction/surveys/1/invalid/duplicate",
        "UNKNOWN_FIELD /satisfaction/surveys/1/colour",
        "OUT_OF_RANGE /satisfaction/surveys/1/dimensions",
    ] {
        assert!(got.iter().any(|g| g == want), "{want} not in {got:?}");
    }
}

/// `CODE /path` of every problem the rulebook has.
fn problems(rb: &Value) -> Vec<String> {
    shequ_rules::Rulebook::from_value(rb)
        .unwrap_err()
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.path))
        .collect()
}

fn sat_fix(rb: &mut Value) {
    rb["satisfaction"]["confidence"] = json!(0.95);
    rb["satisfaction"]["scales"][0]["satisfied"] = json!(["verySatisfied"]);
}

#[test]
fn basic_cannot_be_satisfied_and_count_basic_needs_it() {
    let mut rb: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    rb["satisfaction"]["scales"][0]["satisfied"] = json!(["verySatisfied", "basic"]);
    let err = shequ_rules::Rulebook::from_value(&rb).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| d.path == "/satisfaction/scales/0/basic" && d.code == Code::Inconsistent));
    let mut rb: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    rb["satisfaction"]["scales"][0]
        .as_object_mut()
        .unwrap()
        .remove("basic");
    rb["satisfaction"]["surveys"][0]["countBasic"] = json!(true);
    let err = shequ_rules::Rulebook::from_value(&rb).unwrap_err();
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| d.path == "/satisfaction/surveys/0/countBasic" && d.code == Code::Inconsistent));
}

/// Random responses, hostile values among them: every response is either counted or listed,
/// and every figure stays in its range.
#[test]
fn random_hostile_responses_keep_every_invariant() {
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15u64);
    let mut keys = PROPERTY_QUESTIONS.to_vec();
    keys.extend(["recommend", "q?", ""]);
    let values = [
        json!("满意"),
        json!("非常满意"),
        json!("basic"),
        json!("不满意"),
        json!("veryDissatisfied"),
        json!("还行"),
        json!(""),
        json!(3),
        json!(10),
        json!(-1),
        json!(7.5),
        json!(null),
        json!(true),
        json!([]),
        json!({}),
        json!(1e300),
        json!("满意 "),
    ];
    let engine = Engine::default();
    for round in 0..200 {
        let n = next(40) as usize;
        let mut list = Vec::new();
        for _ in 0..n {
            if next(20) == 0 {
                list.push(values[next(values.len() as u64) as usize].clone());
                continue;
            }
            let mut answers = serde_json::Map::new();
            for _ in 0..next(12) {
                answers.insert(
                    keys[next(keys.len() as u64) as usize].to_string(),
                    values[next(values.len() as u64) as usize].clone(),
                );
            }
            let mut r = json!({ "answers": answers });
            if next(3) == 0 {
                r["respondent"] = json!(format!("R{}", next(5)));
            }
            if next(4) == 0 {
                r["importance"] = json!({ "cleaning": next(8), "repairs": values[next(values.len() as u64) as usize] });
            }
            list.push(r);
        }
        for survey in [None, Some("volunteer")] {
            let got = engine
                .score_survey(&Value::Array(list.clone()), survey)
                .unwrap()
                .result;
            let mut bad: Vec<usize> = got.invalid.iter().map(|x| x.index).collect();
            bad.dedup();
            assert_eq!(
                got.valid + bad.len(),
                n,
                "round {round}: every response counted or listed"
            );
            for x in &got.invalid {
                assert!(x.path.starts_with(&format!("/{}", x.index)), "{x:?}");
            }
            for rate in [&got.rate.strict, &got.rate.with_basic] {
                if let (Some(r), Some(lo), Some(hi)) = (rate.rate, rate.low, rate.high) {
                    assert!(
                        (0.0..=1.0).contains(&r) && lo <= r && r <= hi && hi <= 1.0 && lo >= 0.0
                    );
                }
                assert!(rate.satisfied <= rate.n);
            }
            assert!(got.rate.strict.satisfied <= got.rate.with_basic.satisfied);
            if let Some(i) = got.index {
                assert!((0.0..=100.0).contains(&i), "index {i}");
            }
            if let Some(a) = got.alpha.value {
                assert!(a.is_finite() && a <= 1.0 + 1e-12, "α {a}");
            }
        }
    }
}

/// The compact form gives what the JSON path gives for the responses it encodes: random plain
/// responses (levels by code and by name, blanks, recommendation, importance, respondents that
/// repeat, are blank or too long), both surveys; and a grid that does not fit is an error.
#[test]
fn the_compact_form_scores_as_the_json_path() {
    use shequ_rules::satisfaction::{Compact, NONE};
    let engine = Engine::default();
    let forms = engine.survey_forms().unwrap().result;
    let mut next = xorshift(0x2545_f491_4f6c_dd1du64);
    let long = "长".repeat(201);
    let respondents = ["R1", "R2", "R3", "  ", long.as_str(), "张三"];
    for round in 0..150 {
        let form = &forms.surveys[round % 2];
        let survey = form.to_json();
        let levels = survey["scale"]["levels"].as_array().unwrap().clone();
        let columns = form.columns.clone();
        let dims: Vec<String> = survey["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        let has_recommend = !survey["recommend"].is_null();
        let has_importance = !survey["importance"].is_null();
        let width = columns.len() + 1 + dims.len();
        let n = next(30) as usize;
        let mut grid = vec![NONE; n * width];
        let mut list = Vec::new();
        let mut who = Vec::new();
        for i in 0..n {
            let mut answers = serde_json::Map::new();
            for (c, code) in columns.iter().enumerate() {
                if next(6) == 0 {
                    continue;
                }
                let l = next(levels.len() as u64) as usize;
                grid[i * width + c] = l as u8;
                let key = if next(2) == 0 { "code" } else { "name" };
                answers.insert(code.clone(), levels[l][key].clone());
            }
            if has_recommend && next(2) == 0 {
                let x = next(11);
                grid[i * width + columns.len()] = x as u8;
                answers.insert("recommend".into(), json!(x));
            }
            let mut r = json!({ "answers": answers });
            if has_importance && next(3) == 0 {
                let mut imp = serde_json::Map::new();
                for (d, code) in dims.iter().enumerate() {
                    if next(2) == 0 {
                        let x = 1 + next(5);
                        grid[i * width + columns.len() + 1 + d] = x as u8;
                        imp.insert(code.clone(), json!(x));
                    }
                }
                r["importance"] = Value::Object(imp);
            }
            if next(2) == 0 {
                let w = respondents[next(respondents.len() as u64) as usize];
                r["respondent"] = json!(w);
                who.push(json!(w));
            } else {
                who.push(Value::Null);
            }
            list.push(r);
        }
        let code = Some(form.code());
        let by_json = engine.score_survey(&Value::Array(list), code).unwrap();
        let compact = Compact {
            grid: &grid,
            respondents: &who,
        };
        let by_grid = engine.score_survey_compact(&compact, code).unwrap();
        assert_eq!(by_grid.to_json(), by_json.to_json(), "round {round}");
    }
    // A grid that does not fit the survey, or holds a value outside its column's range.
    let who = [Value::Null];
    for grid in [vec![0u8; 3], vec![9u8; 13], {
        let mut g = vec![NONE; 14];
        g[9] = 11;
        g
    }] {
        let e = engine
            .score_survey_compact(
                &Compact {
                    grid: &grid,
                    respondents: &who,
                },
                None,
            )
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidValue, "{e}");
    }
}

/// The quadrants' names are the rulebook's: a community renames them and the results say so.
#[test]
fn quadrant_names_come_from_the_rulebook() {
    let mut rb: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    rb["satisfaction"]["quadrants"] = json!({ "strength": "保持", "improve": "马上改", "maintain": "守住", "opportunity": "以后再说" });
    let engine = Engine::new(shequ_rules::Rulebook::from_value(&rb).unwrap());
    let mut responses = Vec::new();
    for i in 0..20u64 {
        let level = ["非常满意", "满意", "不满意"][(i % 3) as usize];
        let mut answers = serde_json::Map::new();
        for q in &PROPERTY_QUESTIONS {
            answers.insert((*q).to_string(), json!(level));
        }
        // Repairs matter most and satisfy least; cleaning the other way round.
        answers.insert("repairsSpeed".into(), json!("非常不满意"));
        answers.insert("cleaningCommon".into(), json!("非常满意"));
        responses.push(json!({
            "answers": answers,
            "importance": { "cleaning": 2, "security": 3, "repairs": 5, "service": 3 }
        }));
    }
    let got = engine
        .score_survey(&Value::Array(responses), None)
        .unwrap()
        .result;
    let by_code: Vec<(String, String)> = got
        .dimensions
        .iter()
        .map(|d| {
            let q = d
                .quadrant
                .as_ref()
                .expect("every dimension has both figures");
            (d.code.clone(), format!("{}={}", q.code, q.name))
        })
        .collect();
    assert!(
        by_code.contains(&("repairs".into(), "improve=马上改".into())),
        "{by_code:?}"
    );
    assert!(
        by_code.contains(&("cleaning".into(), "maintain=守住".into())),
        "{by_code:?}"
    );
}
