//! Property tests of the points ledger over random event streams (proptest shrinks a failure
//! to a minimal stream): balances agree with the accepted events and never go below zero, the
//! replay of any prefix agrees with the full replay, and repeating accepted events (same key,
//! same content) anywhere later changes nothing. `PROPTEST_CASES` sets the number of streams.
// Native tests: the wasm module reads JSON into its own value type, not serde_json's.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(all(feature = "points", not(target_arch = "wasm32")))]

use proptest::prelude::*;
use serde_json::{json, Value};
use shequ_rules::points::{Ledger, LedgerOptions};
use shequ_rules::Engine;

const HOUSES: [&str; 3] = ["H1", "H2", "H3"];
const RULES: [&str; 6] = [
    "volunteerService",
    "meetingAttendance",
    "garbageSorting",
    "mediateNeighbours",
    "corridorClutter",
    "fireLaneParking",
];
const ITEMS: [&str; 3] = ["haircut", "detergent", "applianceRepair"];

/// One random event; `k` makes its key unique, `prior` lets `reverse` name an earlier key.
fn event(kind: u8, h: usize, pick: usize, day: u32, k: usize, prior: usize) -> Value {
    let mut e = plain_event(kind, h, pick, day, k, prior);
    // Recorded by a community worker, whose role the rulebook lets record every kind of event.
    if kind % 9 != 0 {
        e["actor"] = json!("社区工作者张");
        e["actorRole"] = json!("worker");
    }
    e
}

fn plain_event(kind: u8, h: usize, pick: usize, day: u32, k: usize, prior: usize) -> Value {
    let house = HOUSES[h % HOUSES.len()];
    let month = 10 + (day / 28).min(2);
    let at = format!(
        "2026-{month:02}-{:02}T{:02}:00:00+08:00",
        day % 28 + 1,
        8 + (k % 12)
    );
    match kind % 9 {
        0 => {
            json!({"key": format!("k{k}"), "type": "openAccount", "at": at, "household": house, "member": format!("{house}-妈妈"), "gender": "female",
                    "members": [{"member": format!("{house}-爸爸"), "role": "member"}]})
        }
        1 | 2 => {
            let rule = RULES[pick % RULES.len()];
            let kind = if rule.ends_with("Clutter") || rule.ends_with("Parking") {
                "deduct"
            } else {
                "earn"
            };
            json!({"key": format!("k{k}"), "type": kind, "at": at, "household": house, "member": format!("{house}-爸爸"), "rule": rule,
                   "evidence": "照片", "approver": "社区书记"})
        }
        3 => {
            json!({"key": format!("k{k}"), "type": "evaluate", "at": at, "household": house, "dimension": "familyVirtue",
                    "points": (pick % 13) as i64 - 6, "reason": "评比"})
        }
        4 => {
            json!({"key": format!("k{k}"), "type": "redeem", "at": at, "household": house, "item": ITEMS[pick % ITEMS.len()], "qty": 1 + pick % 2})
        }
        5 => {
            json!({"key": format!("k{k}"), "type": "restock", "at": at, "item": ITEMS[pick % ITEMS.len()], "qty": 1 + pick % 3})
        }
        7 => {
            // A resident's 1–5 rating of a volunteer's service (0 and 6 are refused).
            json!({"key": format!("k{k}"), "type": "earn", "at": at, "household": house, "member": format!("{house}-爸爸"),
                   "rule": "serviceRated", "rating": pick % 7})
        }
        6 => {
            json!({"key": format!("k{k}"), "type": "reverse", "at": at, "reverses": format!("k{}", prior), "reason": "更正"})
        }
        _ => {
            json!({"key": format!("k{k}"), "type": "closeMonth", "at": at, "month": format!("2026-{:02}", month - 1)})
        }
    }
}

fn stream() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        (0u8..9, 0usize..3, 0usize..100, 0u32..84, 0usize..1000),
        0..120,
    )
    .prop_map(|raw| {
        let mut out: Vec<Value> = HOUSES
            .iter()
            .enumerate()
            .map(|(i, _)| event(0, i, 0, 0, i, 0))
            .collect();
        for (j, (kind, h, pick, day, prior)) in raw.into_iter().enumerate() {
            let k = out.len() + j * 7;
            let prior = if out.is_empty() { 0 } else { prior % out.len() };
            let prior_key = out[prior]["key"]
                .as_str()
                .unwrap_or("k0")
                .trim_start_matches('k')
                .parse()
                .unwrap_or(0);
            out.push(event(kind, h, pick, day, k, prior_key));
        }
        out
    })
}

fn replay(events: &[Value]) -> Ledger {
    Engine::default()
        .ledger(events, &LedgerOptions::default())
        .expect("the default rulebook has points")
        .result
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128), ..ProptestConfig::default() })]

    #[test]
    fn balances_agree_with_the_accepted_events(events in stream()) {
        let l = replay(&events);
        prop_assert_eq!(l.accepted + l.duplicates.len() + l.rejected.len(), events.len());
        prop_assert!(l.accepted >= HOUSES.len(), "the accounts open: {:?}", l.rejected.first());
        for a in &l.households {
            prop_assert!(a.balance >= 0, "{} below zero: {}", a.household, a.balance);
            let by_month: i64 = a.by_month.iter().map(|m| m.earned - m.deducted - m.redeemed).sum();
            prop_assert_eq!(by_month, a.balance);
            let redeemed: i64 = a.by_month.iter().map(|m| m.redeemed).sum();
            let by_dimension: i64 = a.by_dimension.iter().map(|d| d.points).sum();
            prop_assert_eq!(by_dimension - redeemed, a.balance);
        }
    }

    #[test]
    fn a_prefix_replays_the_same(events in stream(), cut in 0usize..200) {
        let cut = cut.min(events.len());
        let full = replay(&events);
        let part = replay(&events[..cut]);
        let before = |l: &Ledger| l.rejected.iter().filter(|r| r.index < cut).map(|r| (r.index, r.code)).collect::<Vec<_>>();
        prop_assert_eq!(before(&part), before(&full));
        prop_assert_eq!(part.duplicates.len(), full.duplicates.iter().filter(|d| d.index < cut).count());
    }

    #[test]
    fn repeated_events_change_nothing(events in stream(), picks in prop::collection::vec(0usize..1000, 1..10)) {
        let first = replay(&events);
        let accepted: Vec<usize> = (0..events.len()).filter(|i| !first.rejected.iter().any(|r| r.index == *i) && !first.duplicates.iter().any(|d| d.index == *i)).collect();
        prop_assume!(!accepted.is_empty());
        let mut more = events.clone();
        for p in &picks {
            more.push(events[accepted[p % accepted.len()]].clone());
        }
        let second = replay(&more);
        prop_assert_eq!(&second.households, &first.households);
        prop_assert_eq!(&second.market, &first.market);
        prop_assert_eq!(second.accepted, first.accepted);
        prop_assert_eq!(second.duplicates.len(), first.duplicates.len() + picks.len());
    }

    #[test]
    fn shuffled_duplicates_change_nothing(events in stream(), picks in prop::collection::vec((0usize..1000, 0usize..1000), 1..10)) {
        let first = replay(&events);
        let accepted: Vec<usize> = (0..events.len()).filter(|i| !first.rejected.iter().any(|r| r.index == *i) && !first.duplicates.iter().any(|d| d.index == *i)).collect();
        prop_assume!(!accepted.is_empty());
        // Each copy goes anywhere after its original, as a phone that resends late would put it.
        let mut more = events.clone();
        for (p, at) in &picks {
            let original = accepted[p % accepted.len()];
            let copy = more.iter().position(|e| e["key"] == events[original]["key"]).unwrap_or(original);
            let place = copy + 1 + at % (more.len() - copy);
            more.insert(place, events[original].clone());
        }
        let second = replay(&more);
        prop_assert_eq!(&second.households, &first.households);
        prop_assert_eq!(&second.market, &first.market);
        prop_assert_eq!(&second.closed_months, &first.closed_months);
        prop_assert_eq!(second.accepted, first.accepted);
        prop_assert_eq!(second.duplicates.len(), first.duplicates.len() + picks.len());
        prop_assert_eq!(second.rejected.len(), first.rejected.len());
    }

    #[test]
    fn kinds_beyond_openings_are_accepted_often(events in stream()) {
        // Guards the strength of the properties above: a stream where the worker's events were
        // all refused (a role missing, say) would make them hold trivially.
        let l = replay(&events);
        prop_assume!(events.len() >= 60);
        prop_assert!(l.accepted > HOUSES.len() + 5, "only {} accepted of {}; first refusal {:?}", l.accepted, events.len(), l.rejected.first());
    }
}
