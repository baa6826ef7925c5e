//! The counters the caps and limits of the points ledger are checked against (DOMAIN §2):
//! points per rule, household and day / month / year, 一月一评比 adjustments per household and
//! month, 爱心超市 units per item, household and month.
//!
//! Every household has a slot per counter kind (a rule's period, the evaluation, an item)
//! and a count per slot and period number, kept with the household in one sorted list (its
//! events find them together, and a list costs less memory than a map), so an event dated
//! back or a reversal of an older entry finds its period's count like any other.

/// The counters of a replay.
pub(crate) struct Counters {
    /// Rules in the catalogue (their slots come first, three each).
    rules: usize,
    /// Per household: (slot, period number) packed → count, in key order.
    houses: Vec<Vec<(u64, u32)>>,
}

impl Counters {
    /// Counters for a catalogue of `rules` rules.
    pub(crate) fn new(rules: usize) -> Counters {
        Counters {
            rules,
            houses: Vec::new(),
        }
    }

    /// Counters for one more household (the next house number).
    pub(crate) fn add_house(&mut self) {
        self.houses.push(Vec::new());
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

    fn key(slot: usize, number: u32) -> u64 {
        ((slot as u64) << 32) | u64::from(number)
    }

    /// The count of `house` in `slot` for period `number`.
    pub(crate) fn get(&self, house: u32, slot: usize, number: u32) -> u64 {
        let Some(c) = self.houses.get(house as usize) else {
            return 0;
        };
        c.binary_search_by_key(&Self::key(slot, number), |&(k, _)| k)
            .map_or(0, |i| u64::from(c[i].1))
    }

    /// Adds (`sign` 1) or takes away `by` from the count of `house` in `slot` for `number`.
    pub(crate) fn bump(&mut self, house: u32, slot: usize, number: u32, sign: i64, by: u64) {
        let Some(c) = self.houses.get_mut(house as usize) else {
            return;
        };
        let key = Self::key(slot, number);
        let i = match c.binary_search_by_key(&key, |&(k, _)| k) {
            Ok(i) => i,
            Err(i) => {
                c.insert(i, (key, 0));
                i
            }
        };
        let by = u32::try_from(by).unwrap_or(u32::MAX);
        let n = &mut c[i].1;
        *n = if sign > 0 {
            n.saturating_add(by)
        } else {
            n.saturating_sub(by)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_every_period_are_kept_whatever_the_order() {
        let mut c = Counters::new(2);
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
