//! `checkEvent`: what appending one event to the ledger would do, changing nothing.

use super::event::Event;
use super::ledger::{Rejected, Tally};
use super::PointsRules;
use crate::json_value::Value;
use crate::moment::Moment;

/// A balance or stock before and after one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Before the event.
    pub before: i64,
    /// After it.
    pub after: i64,
}
crate::json_out::json_object!(Change {
    "before" => before,
    "after" => after,
});

/// What appending one event would do ([`check_event`]).
#[derive(Debug, Clone, PartialEq)]
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
crate::json_out::json_object!(EventCheck {
    "ok" => ok,
    "duplicate" => duplicate,
    "balance" => balance,
    "stock" => stock,
    "rejected" => rejected,
});

/// What appending `event` after `events` would do, changing nothing: the form of a page
/// calls it before it saves.
pub fn check_event(
    rules: &PointsRules,
    events: &[Value],
    event: &Value,
    as_of: Option<Moment>,
) -> EventCheck {
    let mut t = Tally::new(rules, as_of);
    for v in events {
        t.push_value(rules, v);
    }
    check_next(rules, t, event)
}

/// What `event` would do after the events already in `t`.
pub(crate) fn check_next(rules: &PointsRules, mut t: Tally, event: &Value) -> EventCheck {
    let text = |k: &str| event.get(k).and_then(Value::as_str);
    // A reversal touches the household and the item of the entry it undoes.
    let (household, item) = match (text("type"), text("reverses")) {
        (Some("reverse"), Some(key)) => {
            let (h, i) = t.replay.target_of(key);
            (h.map(str::to_string), i)
        }
        _ => (
            text("household").map(str::to_string),
            rules
                .market
                .iter()
                .position(|i| Some(i.label.code.as_str()) == text("item")),
        ),
    };
    let house = |t: &Tally| household.as_deref().and_then(|h| t.replay.balance_of(h));
    let stock = |t: &Tally| item.map(|i| t.replay.stock_of(i) as i64);
    let (balance_before, stock_before) = (house(&t), stock(&t));
    let index = t.next;
    let outcome = match Event::from_value(index, event) {
        Ok(e) => t.push_event(rules, Ok(&e)),
        Err(p) => t.push_event(rules, Err(p)),
    };
    let (balance_after, stock_after) = (house(&t), stock(&t));
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
                index,
                key: event.get("key").and_then(Value::as_str).map(str::to_string),
                code,
                path,
                message,
            }),
        },
    }
}
