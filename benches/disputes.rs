//! Native throughput of 三色预警 grading.
//!
//!   cargo bench --bench disputes --features disputes [-- CASES]
//!
//! Grades 1,000,000 cases (the mix of `tests/bench-disputes.mjs`) through the compact path
//! (one number per declared fact, colours and fired masks back), and, in the same run, a plain
//! loop with the eight default criteria written as Rust `if`s — the floor, with no rulebook.
//! Both must agree on every colour. Prints cases/s and the ratio.

use shequ_rules::Engine;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let engine = Engine::default();
    let facts = engine
        .dispute_tables()
        .expect("disputes section")
        .result
        .facts
        .len();
    // households, people, amount, violence, petitions, againstPropertyOrDeveloper,
    // vulnerable, repeatReport, kind, source, summary (the default rulebook's order).
    let mut seed: u64 = 2026;
    let mut rand = move || {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        seed as f64 / 2_147_483_648.0
    };
    let mut values = Vec::with_capacity(n * facts);
    for _ in 0..n {
        let mut pick = |xs: &[f64]| xs[(rand() * xs.len() as f64) as usize];
        let households = pick(&[1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0]);
        let people = pick(&[f64::NAN, f64::NAN, 1.0, 4.0, 9.0, 10.0, 30.0]);
        let amount = pick(&[f64::NAN, f64::NAN, 0.0, 10_000.0, 10_001.0, 80_000.0]);
        let violence = pick(&[0.0; 19].iter().chain(&[1.0]).copied().collect::<Vec<_>>());
        let petitions = pick(&[f64::NAN, f64::NAN, 0.0, 2.0, 3.0]);
        let property = pick(&[f64::NAN, f64::NAN, 0.0, 1.0]);
        let vulnerable = pick(&[f64::NAN, f64::NAN, f64::NAN, 0.0, 1.0]);
        let repeat = pick(&[f64::NAN, f64::NAN, 0.0, 1.0]);
        values.extend([
            households,
            people,
            amount,
            violence,
            petitions,
            property,
            vulnerable,
            repeat,
            f64::NAN,
            f64::NAN,
            f64::NAN,
        ]);
    }
    let t = Instant::now();
    let graded = engine
        .grade_disputes_compact(&values)
        .expect("graded")
        .result;
    let engine_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let plain: Vec<u8> = values
        .chunks_exact(facts)
        .map(|c| {
            let red = c[3] == 1.0 || c[0] >= 5.0 || c[1] >= 10.0 || c[4] >= 3.0 || c[6] == 1.0;
            let yellow = c[0] >= 2.0 || c[2] > 10_000.0 || c[5] == 1.0 || c[7] == 1.0;
            if red {
                2
            } else {
                u8::from(yellow)
            }
        })
        .collect();
    let plain_s = t.elapsed().as_secs_f64();
    black_box(&plain);
    let same = graded.colours == plain;
    println!("cases: {n}; the engine and the plain loop agree on every colour: {same}");
    println!(
        "plain Rust ifs (the floor)      {:>8.3} s {:>14.0} cases/s",
        plain_s,
        n as f64 / plain_s
    );
    println!(
        "Engine::grade_disputes_compact  {:>8.3} s {:>14.0} cases/s  ({:.1}× the floor's time)",
        engine_s,
        n as f64 / engine_s,
        engine_s / plain_s
    );
}
