//! Native throughput of need categorisation on real resident messages.
//!
//!   cargo bench --bench needs [-- FILE.jsonl]
//!
//! Reads the messages (default `../shared/eval/needs-dev.jsonl`), repeats them to ~100,000
//! texts, and times in the same run: the compact batch path, the object batch path with
//! evidence, and a baseline that tests every default-rulebook phrase with `str::contains` —
//! what a plain keyword loop does. Prints MB/s of UTF-8 text and the ratios.

use serde_json::Value;
use shequ_rules::Engine;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let file = std::env::args()
        .skip(1)
        .find(|a| a.ends_with(".jsonl"))
        .unwrap_or_else(|| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/eval/needs-dev.jsonl"
            )
            .to_string()
        });
    let texts: Vec<String> = match std::fs::read_to_string(&file) {
        Ok(data) => data
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect(),
        Err(e) => {
            eprintln!("bench needs: cannot read {file}: {e}");
            return;
        }
    };
    let repeat = 100_000usize.div_ceil(texts.len().max(1));
    let corpus: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .cycle()
        .take(texts.len() * repeat)
        .collect();
    let bytes: usize = corpus.iter().map(|t| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} texts, {:.1} MB UTF-8 (real messages from {file})",
        corpus.len(),
        mb
    );

    let engine = Engine::default();
    // Warm up once.
    black_box(
        engine
            .classify_needs_compact(corpus.iter().take(1000).map(|t| Some(*t)))
            .unwrap(),
    );

    let best_of = |runs: usize, f: &mut dyn FnMut()| {
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let compact = best_of(5, &mut || {
        black_box(
            engine
                .classify_needs_compact(corpus.iter().map(|t| Some(*t)))
                .unwrap(),
        );
    });
    let objects = best_of(3, &mut || {
        black_box(
            engine
                .classify_needs(corpus.iter().map(|t| Some(*t)))
                .unwrap(),
        );
    });

    // Baseline: every phrase of the default rulebook tested with str::contains.
    let rulebook: Value = serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap();
    let mut phrases: Vec<(String, usize)> = Vec::new();
    for (ci, c) in rulebook["needs"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let mut add = |p: &Value| {
            for k in p.as_object().into_iter().flat_map(|o| o.keys()) {
                phrases.push((k.clone(), ci));
            }
        };
        add(&c["phrases"]);
        for item in c["items"].as_array().unwrap() {
            add(&item["phrases"]);
        }
    }
    let sample = &corpus[..corpus.len() / 10];
    let baseline_tenth = best_of(2, &mut || {
        for t in sample {
            let mut scores = [0u32; 16];
            for (p, c) in &phrases {
                if t.contains(p.as_str()) {
                    scores[*c] += 1;
                }
            }
            black_box(scores);
        }
    });
    let baseline = baseline_tenth * corpus.len() as f64 / sample.len() as f64;

    let row = |name: &str, secs: f64| {
        println!(
            "{name:<34} {:>9.1} ms {:>9.1} MB/s {:>8.2} µs/text {:>7.1}× baseline",
            secs * 1e3,
            mb / secs,
            secs * 1e6 / corpus.len() as f64,
            baseline / secs
        );
    };
    row("compact batch (no evidence)", compact);
    row("object batch (evidence, 3 alts)", objects);
    row(
        &format!("baseline: {} phrases × contains", phrases.len()),
        baseline,
    );
}
