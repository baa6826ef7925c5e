//! `checkEvent`: what appending one event to the ledger would do, changing nothing.

use super::ledger::{Rejected, Replay};
use super::moment::Moment;
use super::PointsRules;
use serde::Serialize;
use serde_json::Value;

/// A balance or stock before and after one event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// Before the event.
    pub before: i64,
    /// After it.
    pub after: i64,
}

/// What appending one event would do ([`check_event`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventCheck {
    /// It would apply (or is a harmless repeat).
    pub ok: bool,
    /// The same key with the same content is already recorded: nothing would change.
    pub duplicate: bool,
    /// The household's balance, when the event names an account that exists.
    pub balance: Option<Change>,
    /// The stock of the item, for `redeem` and `restock`.
    pub stock: Option<Change>,
    /// Why it would be rejected (its `index` is the position it would take).
    pub rejected: Option<Rejected>,
}

/// What appending `event` after `events` would do, changing nothing: the form of a page
/// calls it before it saves.
pub fn check_event(
    rules: &PointsRules,
    events: &[Value],
    event: &Value,
    as_of: Option<Moment>,
) -> EventCheck {
    let mut s = Replay::new(rules);
    for (i, v) in events.iter().enumerate() {
        let _ = s.step(i, v, events, as_of);
    }
    let house = |s: &Replay<'_>| {
        event
            .get("household")
            .and_then(Value::as_str)
            .and_then(|h| s.balance_of(h))
    };
    let item = rules
        .market
        .iter()
        .position(|i| Some(i.label.code.as_str()) == event.get("item").and_then(Value::as_str));
    let stock = |s: &Replay<'_>| item.map(|i| s.stock_of(i) as i64);
    let (balance_before, stock_before) = (house(&s), stock(&s));
    let outcome = s.step(events.len(), event, events, as_of);
    let (balance_after, stock_after) = (house(&s), stock(&s));
    let pair = |b: Option<i64>, a: Option<i64>| match (b, a) {
        (Some(before), Some(after)) => Some(Change { before, after }),
        (None, Some(after)) => Some(Change { before: 0, after }),
        _ => None,
    };
    match outcome {
        Ok(first) => EventCheck {
            ok: true,
            duplicate: first.is_some(),
            balance: pair(balance_before, balance_after),
            stock: pair(stock_before, stock_after).filter(|_| item.is_some()),
            rejected: None,
        },
        Err((code, path, message)) => EventCheck {
            ok: false,
            duplicate: false,
            balance: pair(balance_before, balance_before),
            stock: pair(stock_before, stock_before),
            rejected: Some(Rejected {
                index: events.len(),
                key: event.get("key").and_then(Value::as_str).map(str::to_string),
                code,
                path,
                message,
            }),
        },
    }
}
