//! Native throughput of the points ledger (四德积分银行).
//!
//!   cargo bench --bench ledger [-- EVENTS]
//!
//! Builds 1,000,000 events (10,000 households over the 12 months of 2026: openings, entries
//! of four rules, deductions that need a role, redemptions — the recipe of
//! `tests/bench-ledger.mjs`, so both benchmarks replay the same events) and times, in the same
//! run: `Engine::ledger` on parsed events, the whole way from JSON text (parse + replay), and
//! a baseline that only sums each event's catalogue points per household in a hash map — the
//! floor any implementation pays. Prints events/s and the ratios.

// Native only: in wasm32 the library reads JSON into its own value type, not serde_json's.
#[cfg(not(target_arch = "wasm32"))]
mod native {

    use serde_json::{json, Value};
    use shequ_rules::points::{LedgerOptions, Packed, PACKED_FIELDS, PACKED_NUMERIC};
    use shequ_rules::Engine;
    use std::collections::HashMap;
    use std::hint::black_box;
    use std::time::Instant;

    /// The events of the benchmark (see `tests/bench-ledger.mjs`, which builds the same).
    fn events(n: usize) -> Vec<Value> {
        let households = 10_000.min(n / 10).max(1);
        let mut out = Vec::with_capacity(n);
        for h in 0..households {
            out.push(json!({
                "key": format!("o{h}"), "type": "openAccount", "at": "2026-01-01T08:00:00+08:00",
                "household": format!("H{h}"), "member": format!("H{h}-1"), "gender": "female",
                "members": [{"member": format!("H{h}-2"), "role": "member"}]
            }));
        }
        let mut i = 0;
        while out.len() < n {
            let h = i % households;
            let k = i / households;
            let month = k % 12 + 1;
            let day = (k / 12) % 28 + 1;
            let at = format!("2026-{month:02}-{day:02}T09:00:00+08:00");
            let key = format!("e{i}");
            let house = format!("H{h}");
            let member = format!("H{h}-{}", 1 + i % 2);
            out.push(match k % 5 {
            0 => json!({"key": key, "type": "earn", "at": at, "household": house, "member": member, "rule": "volunteerService", "evidence": "照片", "actor": "志愿者队长"}),
            1 => json!({"key": key, "type": "earn", "at": at, "household": house, "member": member, "rule": "meetingAttendance", "actor": "社区工作者张"}),
            2 => json!({"key": key, "type": "earn", "at": at, "household": house, "member": member, "rule": "garbageSorting", "actor": "网格员王"}),
            3 => json!({"key": key, "type": "deduct", "at": at, "household": house, "member": member, "rule": "corridorClutter", "evidence": "照片", "actor": "网格员王", "actorRole": "gridWorker"}),
            // Household 0's turn restocks the 爱心超市 for the round; every other one redeems.
            _ if h == 0 => json!({"key": key, "type": "restock", "at": at, "item": "haircut", "qty": households, "actor": "社区工作者张", "actorRole": "worker"}),
            _ => json!({"key": key, "type": "redeem", "at": at, "household": house, "item": "haircut", "qty": 1, "actor": "社区工作者张", "actorRole": "worker"}),
        });
            i += 1;
        }
        out
    }

    /// The events packed as the JavaScript package packs them (see `pkg-template/points.js`):
    /// chunks of UTF-16 texts, lengths, masks and numbers. Plain events only (openings, with
    /// their members, are replayed from JSON first).
    struct Chunk {
        units: Vec<u16>,
        lens: Vec<u32>,
        masks: Vec<u32>,
        nums: Vec<f64>,
    }

    fn pack(events: &[Value]) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        for part in events.chunks(8192) {
            let mut c = Chunk {
                units: Vec::new(),
                lens: Vec::new(),
                masks: Vec::new(),
                nums: Vec::new(),
            };
            for e in part {
                let mut mask = 0u32;
                for (i, f) in PACKED_FIELDS.iter().enumerate() {
                    match e.get(*f) {
                        Some(Value::String(s)) => {
                            mask |= 1 << i;
                            c.units.extend(s.encode_utf16());
                            c.lens.push(s.encode_utf16().count() as u32);
                        }
                        Some(Value::Number(n)) if PACKED_NUMERIC & (1 << i) != 0 => {
                            mask |= 1 << i;
                            c.nums.push(n.as_f64().unwrap_or(0.0));
                        }
                        _ => {}
                    }
                }
                c.masks.push(mask);
            }
            chunks.push(c);
        }
        chunks
    }

    /// Catalogue points per rule of the default rulebook, for the baseline.
    fn catalogue() -> HashMap<String, i64> {
        let rb: Value =
            serde_json::from_str(shequ_rules::DEFAULT_RULEBOOK_JSON).unwrap_or_default();
        rb["points"]["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| Some((r["code"].as_str()?.to_string(), r["points"].as_i64()?)))
            .collect()
    }

    pub fn main() {
        let n = std::env::args()
            .skip(1)
            .find_map(|a| a.parse::<usize>().ok())
            .unwrap_or(1_000_000);
        let events = events(n);
        let text = serde_json::to_string(&events).unwrap_or_default();
        println!(
            "events: {} ({} households, 12 months), JSON {:.1} MB",
            events.len(),
            10_000.min(n / 10).max(1),
            text.len() as f64 / 1e6
        );
        let engine = Engine::default();
        let options = LedgerOptions::default();
        let points = catalogue();
        let time = |label: &str, f: &mut dyn FnMut() -> usize| {
            let mut best = f64::MAX;
            let mut out = 0;
            for _ in 0..3 {
                let t = Instant::now();
                out = black_box(f());
                best = best.min(t.elapsed().as_secs_f64());
            }
            let rate = events.len() as f64 / best;
            println!(
                "{label:<44} {:>8.1} ms  {:>6.2} M events/s  ({out})",
                best * 1e3,
                rate / 1e6
            );
            rate
        };
        let openings = events
            .iter()
            .take_while(|e| e["type"] == "openAccount")
            .count();
        let chunks = pack(&events[openings..]);
        let mut from_packed = || {
            let Ok(mut run) = engine.ledger_run(&options) else {
                return 0;
            };
            run.reserve(events.len());
            for e in &events[..openings] {
                run.push(e);
            }
            for c in &chunks {
                let _ = run.push_packed(Packed {
                    units: &c.units,
                    lens: &c.lens,
                    masks: &c.masks,
                    nums: &c.nums,
                });
            }
            run.finish().result.accepted
        };
        if std::env::var_os("LEDGER_PROFILE").is_some() {
            // For a profiler: the replay from packed chunks alone.
            for _ in 0..4 {
                time("ledger from packed chunks", &mut from_packed);
            }
            return;
        }
        let baseline = time("baseline: sum catalogue points per household", &mut || {
            let mut sums: HashMap<&str, i64> = HashMap::new();
            for e in &events {
                if let (Some(h), Some(r)) = (e["household"].as_str(), e["rule"].as_str()) {
                    *sums.entry(h).or_insert(0) += points.get(r).copied().unwrap_or(0);
                }
            }
            sums.len()
        });
        let parsed = time("ledger(events) on parsed events", &mut || {
            engine
                .ledger(&events, &options)
                .map(|l| l.result.accepted)
                .unwrap_or(0)
        });
        let packed = time("ledger from packed chunks (as from JS)", &mut from_packed);
        let whole = time("ledger from JSON text (parse + replay)", &mut || {
            let evs: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
            engine
                .ledger(&evs, &options)
                .map(|l| l.result.accepted)
                .unwrap_or(0)
        });
        println!(
        "ratios to the baseline: parsed {:.2}×, packed {:.2}×, from text {:.2}× (1.00× = as fast as the plain loop)",
        parsed / baseline,
        packed / baseline,
        whole / baseline
    );
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
