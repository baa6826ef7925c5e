//! Runs the shared vectors in `tests/vectors/*.json` natively.
//!
//! The same files are run by the Node tests (ESM and CommonJS, against the packed npm
//! package) and in headless Chromium by `tests/js/vectors.mjs`. This runner also writes
//! every full output to `tests/out/vectors-native.json` (the suites of the families compiled
//! in); the JS runners compare their own outputs with it, so all runtimes are held to the
//! same answers, not just to the parts a vector spells out.
// Native tests: the wasm module reads JSON into its own value type, not serde_json's.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Map, Value};
use shequ_rules::mask::redact;
use shequ_rules::{Engine, Error, Rulebook, ToJson, DEFAULT_RULEBOOK_JSON};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Applies `[{ "op": "set" | "remove", "path": "/a/b", "value": … }]` to a document.
fn patch(doc: &mut Value, ops: &[Value]) {
    for op in ops {
        let path = op["path"].as_str().expect("patch path");
        let (parent, last) = path.rsplit_once('/').expect("patch path starts with /");
        let target = doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("patch parent {parent}"));
        let last = last.replace("~1", "/").replace("~0", "~");
        match (op["op"].as_str(), target) {
            (Some("set"), Value::Object(m)) => {
                m.insert(last, op["value"].clone());
            }
            (Some("set"), Value::Array(a)) => {
                let i: usize = last.parse().expect("array index");
                if i == a.len() {
                    a.push(op["value"].clone());
                } else {
                    a[i] = op["value"].clone();
                }
            }
            (Some("remove"), Value::Object(m)) => {
                m.remove(&last);
            }
            (Some("remove"), Value::Array(a)) => {
                a.remove(last.parse::<usize>().expect("array index"));
            }
            (op, _) => panic!("bad patch op {op:?} at {path}"),
        }
    }
}

/// The rulebook a case runs on: `rulebook` as given, or the default with `rulebookPatch`.
fn case_rulebook(case: &Map<String, Value>) -> Option<Value> {
    if let Some(rb) = case.get("rulebook") {
        return Some(rb.clone());
    }
    let ops = case.get("rulebookPatch")?.as_array()?;
    let mut doc: Value = serde_json::from_str(DEFAULT_RULEBOOK_JSON).unwrap();
    patch(&mut doc, ops);
    Some(doc)
}

fn engine_for(rulebook: &Value) -> Result<Engine, Error> {
    match rulebook {
        Value::String(text) => Engine::from_json(text),
        other => Engine::from_value(other),
    }
}

fn error_json(e: &Error) -> Value {
    json!({
        "code": e.code().as_str(),
        "path": e.path(),
        "message": e.to_string(),
        "diagnostics": e.diagnostics().to_vec().to_json(),
    })
}

/// The case's input: `input`, or `inputRepeat: [text, times]` for very long texts.
fn case_input(case: &Map<String, Value>) -> Value {
    if let Some(rep) = case.get("inputRepeat") {
        let text = rep[0].as_str().expect("inputRepeat text");
        let times = rep[1].as_u64().expect("inputRepeat times") as usize;
        return Value::String(text.repeat(times));
    }
    case.get("input").cloned().unwrap_or(Value::Null)
}

fn run_case(case: &Map<String, Value>) -> Result<Value, Error> {
    let method = case["method"].as_str().expect("method");
    let input = case_input(case);
    let options = case.get("options").cloned().unwrap_or(Value::Null);
    if method == "redact" {
        let text = input
            .as_str()
            .ok_or_else(|| Error::wrong_type("", "字符串"))?;
        return Ok(redact(text)?.to_json());
    }
    let rulebook = case_rulebook(case);
    if method == "validateRulebook" {
        let rb = rulebook.expect("validateRulebook needs rulebook or rulebookPatch");
        let diags = match &rb {
            Value::String(text) => match Rulebook::from_json(text) {
                Ok(_) => vec![],
                Err(e) => e.diagnostics().to_vec(),
            },
            other => Rulebook::validate(other),
        };
        return Ok(diags.to_json());
    }
    let engine = match &rulebook {
        Some(rb) => engine_for(rb)?,
        None => Engine::default(),
    };
    Ok(match method {
        "newEngine" | "rulebookInfo" => engine.rulebook_info().to_json(),
        "classifyNeedsCompact" => {
            let mut out = engine.call(method, &input, &options)?;
            // JS reads the confidences out of a Float32Array as doubles: compare those.
            if let Some(Value::Array(c)) = out.get_mut("confidence") {
                for x in c.iter_mut() {
                    *x = json!(f64::from(x.as_f64().unwrap() as f32));
                }
            }
            out
        }
        // Every other rule, by its JavaScript name, through the family table.
        _ => engine.call(method, &input, &options)?,
    })
}

/// `expected` holds in `actual`: objects by their listed keys, arrays element by element
/// with equal length, numbers by value.
fn matches(expected: &Value, actual: &Value, at: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{at}/{k}"), problems),
                    None => problems.push(format!("{at}/{k}: missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                problems.push(format!("{at}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{at}/{i}"), problems);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            if (e - a).abs() > 1e-9 {
                problems.push(format!("{at}: expected {e}, got {a}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => problems.push(format!("{at}: expected {e}, got {a}")),
    }
}

fn vector_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn shared_vectors() {
    let mut outputs = Map::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in vector_files() {
        let suite = file.file_stem().unwrap().to_string_lossy().to_string();
        // A family this build leaves out (its cargo feature off) has no rules to run; the
        // JavaScript runners run the suites this run wrote, so they skip it too.
        if shequ_rules::families::family(&suite).is_some_and(|f| !f.compiled) {
            println!("{suite}: skipped, the family is not in this build");
            continue;
        }
        let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut suite_out = Vec::new();
        for case in doc["cases"].as_array().expect("cases") {
            let case = case.as_object().expect("case object");
            let name = case["name"].as_str().expect("name");
            count += 1;
            let outcome = run_case(case);
            let record = match &outcome {
                Ok(out) => json!({ "name": name, "output": out }),
                Err(e) => json!({ "name": name, "error": error_json(e) }),
            };
            let mut problems = Vec::new();
            match (case.get("expect"), case.get("error"), &outcome) {
                (Some(exp), None, Ok(out)) => matches(exp, out, "", &mut problems),
                (None, Some(exp), Err(e)) => matches(exp, &error_json(e), "", &mut problems),
                (Some(_), None, Err(e)) => problems.push(format!("unexpected error {e}")),
                (None, Some(_), Ok(out)) => problems.push(format!("expected an error, got {out}")),
                _ => problems.push("a case needs exactly one of expect / error".into()),
            }
            if !problems.is_empty() {
                failures.push(format!("{suite} / {name}: {}", problems.join("; ")));
            }
            suite_out.push(record);
        }
        outputs.insert(suite, Value::Array(suite_out));
    }
    let out_dir = root().join("tests/out");
    fs::create_dir_all(&out_dir).unwrap();
    fs::write(
        out_dir.join("vectors-native.json"),
        serde_json::to_string_pretty(&Value::Object(outputs)).unwrap(),
    )
    .unwrap();
    assert!(count > 0, "no vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{count} vectors passed");
}

#[test]
fn every_vector_file_is_listed_in_a_suite_with_cases() {
    for file in vector_files() {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        assert!(
            doc["cases"].as_array().is_some_and(|c| !c.is_empty()),
            "{} has no cases",
            Path::new(&file).display()
        );
    }
}
