//! Embeds the default rulebook without the indentation that makes it readable in the
//! repository: whitespace outside strings is dropped, key order is kept.

use std::{env, fs, path::Path};

fn main() {
    let source = "src/rulebook/default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).expect("read src/rulebook/default.json");
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("default.min.json");
    fs::write(dest, out).expect("write the minified default rulebook");
}
