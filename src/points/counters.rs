//! The counters the caps and limits of the points ledger are checked against (DOMAIN §2):
//! points per rule, household and day / month / year, 一月一评比 adjustments per household and
//! month, 爱心超市 units per item, household and month.
//!
//! Every household has a slot per counter kind (a rule's period, the evaluation, an item);
//! the slot holds the latest period's count inline, in one flat table for all households, so
//! the usual event — recorded in the period of the household's latest — reads and bumps it
//! without a search. Counts of earlier periods (an event dated back, a reversal of an older
//! entry) move to a map beside it, so nothing is forgotten.

use super::event::FastMap;

/// The counters of a replay.
pub(crate) struct Counters {
    /// Rules in the catalogue (their slots come first, three each).
    rules: usize,
    /// Slots per household.
    stride: usize,
    /// Per household and slot: the latest period's number and its count.
    latest: Vec<(u32, u32)>,
    /// Earlier periods: (household, slot, number) → count.
    earlier: FastMap<u128, u32>,
}

impl Counters {
    /// Counters for a catalogue of `rules` rules and a 爱心超市 of `items` items.
    pub(crate) fn new(rules: usize, items: usize) -> Counters {
        Counters {
            rules,
            stride: rules * 3 + 1 + items,
            latest: Vec::new(),
            earlier: FastMap::default(),
        }
    }

    /// Room for one more household (the next house number).
    pub(crate) fn add_house(&mut self) {
        self.latest.extend(std::iter::repeat_n((0, 0), self.stride));
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

    fn earlier_key(house: u32, slot: usize, number: u32) -> u128 {
        (u128::from(house) << 64) | ((slot as u128) << 32) | u128::from(number)
    }

    /// The count of `house` in `slot` for period `number`.
    pub(crate) fn get(&self, house: u32, slot: usize, number: u32) -> u64 {
        let Some(&(latest, count)) = self.latest.get(house as usize * self.stride + slot) else {
            return 0;
        };
        if number == latest {
            u64::from(count)
        } else if number > latest {
            0
        } else {
            self.earlier
                .get(&Self::earlier_key(house, slot, number))
                .map_or(0, |&c| u64::from(c))
        }
    }

    /// Adds (`sign` 1) or takes away `by` from the count of `house` in `slot` for `number`.
    pub(crate) fn bump(&mut self, house: u32, slot: usize, number: u32, sign: i64, by: u64) {
        let by = u32::try_from(by).unwrap_or(u32::MAX);
        let apply = |n: &mut u32| {
            *n = if sign > 0 {
                n.saturating_add(by)
            } else {
                n.saturating_sub(by)
            }
        };
        let Some(cell) = self.latest.get_mut(house as usize * self.stride + slot) else {
            return;
        };
        if number > cell.0 {
            // A new period: the latest one's count moves to the earlier ones.
            if cell.1 != 0 {
                self.earlier
                    .insert(Self::earlier_key(house, slot, cell.0), cell.1);
            }
            *cell = (number, 0);
        }
        if number == cell.0 {
            apply(&mut cell.1);
        } else {
            apply(
                self.earlier
                    .entry(Self::earlier_key(house, slot, number))
                    .or_insert(0),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_every_period_are_kept_whatever_the_order() {
        let mut c = Counters::new(2, 1);
        c.add_house();
        c.add_house();
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
