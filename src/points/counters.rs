//! The counters the caps and limits of the points ledger are checked against (DOMAIN §2):
//! points per rule, household and day / month / year, 一月一评比 adjustments per household and
//! month, 爱心超市 units per item, household and month.
//!
//! Every household has a slot per counter kind (a rule's period, the evaluation, an item)
//! and a count per slot and period number, in one map keyed by digests' hasher, so an event
//! dated back or a reversal of an older entry finds its period's count like any other.

use super::event::FastMap;

/// The counters of a replay.
pub(crate) struct Counters {
    /// Rules in the catalogue (their slots come first, three each).
    rules: usize,
    /// (household, slot, period number) → count.
    counts: FastMap<u128, u32>,
}

impl Counters {
    /// Counters for a catalogue of `rules` rules and a 爱心超市 of `items` items.
    pub(crate) fn new(rules: usize) -> Counters {
        Counters {
            rules,
            counts: FastMap::default(),
        }
    }

    /// The slot of a rule's cap over `period` (0 day, 1 month, 2 year).
    pub(crate) fn cap(&self, rule: u32, period: usize) -> usize {
        rule as usize * 3 + period
    }

    /// The slot of the monthly evaluation.
    pub(crate) fn evaluation(&self) -> usize {
        self.rules * 3
    }

    /// The slot of a 爱心超市 item's monthly limit.
    pub(crate) fn item(&self, item: u32) -> usize {
        self.rules * 3 + 1 + item as usize
    }

    fn key(house: u32, slot: usize, number: u32) -> u128 {
        (u128::from(house) << 64) | ((slot as u128) << 32) | u128::from(number)
    }

    /// The count of `house` in `slot` for period `number`.
    pub(crate) fn get(&self, house: u32, slot: usize, number: u32) -> u64 {
        self.counts
            .get(&Self::key(house, slot, number))
            .map_or(0, |&c| u64::from(c))
    }

    /// Adds (`sign` 1) or takes away `by` from the count of `house` in `slot` for `number`.
    pub(crate) fn bump(&mut self, house: u32, slot: usize, number: u32, sign: i64, by: u64) {
        let by = u32::try_from(by).unwrap_or(u32::MAX);
        let key = Self::key(house, slot, number);
        let n = self.counts.get(&key).copied().unwrap_or(0);
        let n = if sign > 0 {
            n.saturating_add(by)
        } else {
            n.saturating_sub(by)
        };
        self.counts.insert(key, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_every_period_are_kept_whatever_the_order() {
        let mut c = Counters::new(2);
        let slot = c.cap(1, 0);
        c.bump(1, slot, 10, 1, 5);
        c.bump(1, slot, 12, 1, 3);
        // Dated back, and a reversal of the older period.
        c.bump(1, slot, 11, 1, 2);
        c.bump(1, slot, 10, -1, 1);
        assert_eq!(
            [9, 10, 11, 12, 13].map(|n| c.get(1, slot, n)),
            [0, 4, 2, 3, 0]
        );
        // Another household and another slot are apart.
        assert_eq!(c.get(0, slot, 12), 0);
        assert_eq!(c.get(1, c.item(0), 12), 0);
        c.bump(1, slot, 12, -1, 9);
        assert_eq!(c.get(1, slot, 12), 0);
        assert_eq!(c.get(7, slot, 12), 0);
    }
}
