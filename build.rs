//! Embeds the default rulebook without the indentation that makes it readable in the
//! repository, and without the sections of rule families this build leaves out: a top-level
//! key other than `id`, `version`, `name` and `$schema` is a family section, and its family
//! is the cargo feature of the same name (see src/families.rs).

use serde_json::Value;
use std::{env, fs, path::Path};

fn main() {
    let source = "src/rulebook/default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("read src/rulebook/default.json");
    let mut doc: Value = serde_json::from_str(&text).expect("src/rulebook/default.json is JSON");
    let map = doc
        .as_object_mut()
        .expect("the default rulebook is an object");
    map.retain(|key, _| {
        matches!(key.as_str(), "id" | "version" | "name" | "$schema")
            || env::var_os(format!("CARGO_FEATURE_{}", key.to_ascii_uppercase())).is_some()
    });
    let out = serde_json::to_string(&doc).expect("write the default rulebook");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("default.min.json");
    fs::write(dest, out).expect("write the minified default rulebook");
}
