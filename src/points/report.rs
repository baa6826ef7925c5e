//! 一月一评比's report (DOMAIN §2): the month's ranking of households with the rulebook's
//! tie-breaks applied and shown, star grades (星级文明户), per-dimension totals, and whether the
//! month is closed. A closed month's report is taken at the moment it closed — its entries are
//! locked then, and so is its ranking.

use super::ledger::{DimensionPoints, HouseState, Replay};
use super::{PointsRules, TieBreak};
use crate::label::Named;
use crate::moment::month_text;
use std::cmp::Ordering;

/// One household's place in the month.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedHousehold {
    /// 1, 2, 3… — unique, the tie-breaks decide equal points.
    pub rank: usize,
    /// The household.
    pub household: String,
    /// Its account holder.
    pub holder: String,
    /// The month's points: earned less deducted (evaluations included; redemptions are not
    /// conduct and do not count).
    pub points: i64,
    /// Earned in the month.
    pub earned: i64,
    /// Deducted in the month.
    pub deducted: i64,
    /// Balance when the month closed (or now, while it is open).
    pub balance: i64,
    /// The star grade, if any.
    pub grade: Option<Named>,
    /// With the same points as the household above it: the tie-break (code) that put it
    /// below; `null` when the points decided.
    pub decided_by: Option<String>,
}
crate::json_out::json_object!(RankedHousehold {
    "rank" => rank,
    "household" => household,
    "holder" => holder,
    "points" => points,
    "earned" => earned,
    "deducted" => deducted,
    "balance" => balance,
    "grade" => grade,
    "decidedBy" => decided_by,
});

/// How many households got a grade.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeCount {
    /// Grade code.
    pub code: String,
    /// Grade name.
    pub name: String,
    /// Households with it.
    pub households: usize,
}
crate::json_out::json_object!(GradeCount {
    "code" => code,
    "name" => name,
    "households" => households,
});

/// The report of one month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyReport {
    /// `YYYY-MM`.
    pub month: String,
    /// The month is closed: the report is the one of its closing, and cannot change.
    pub closed: bool,
    /// The order applied after the month's points, with names.
    pub tie_break: Vec<Named>,
    /// Every household with an account opened by the month's end, best first.
    pub ranking: Vec<RankedHousehold>,
    /// The month's points per dimension, all households together.
    pub by_dimension: Vec<DimensionPoints>,
    /// Households per grade, best first.
    pub grades: Vec<GradeCount>,
    /// The month's points earned, deducted and redeemed, all households together.
    pub earned: i64,
    /// See `earned`.
    pub deducted: i64,
    /// See `earned`.
    pub redeemed: i64,
}
crate::json_out::json_object!(MonthlyReport {
    "month" => month,
    "closed" => closed,
    "tieBreak" => tie_break,
    "ranking" => ranking,
    "byDimension" => by_dimension,
    "grades" => grades,
    "earned" => earned,
    "deducted" => deducted,
    "redeemed" => redeemed,
});

/// The month's figures of a household: earned, deducted, redeemed.
fn figures(h: &HouseState, month: i32) -> (i64, i64, i64) {
    h.month(month)
        .map_or((0, 0, 0), |m| (m.earned, m.deducted, m.redeemed))
}

/// How `a` and `b` (indexes of houses) compare under `t`: `Less` when `a` comes first.
fn compare(t: TieBreak, houses: &[HouseState], month: i32, a: usize, b: usize) -> Ordering {
    let (x, y) = (&houses[a], &houses[b]);
    let (fx, fy) = (figures(x, month), figures(y, month));
    match t {
        TieBreak::FewerDeducted => fx.1.cmp(&fy.1),
        TieBreak::MoreEarned => fy.0.cmp(&fx.0),
        TieBreak::HigherBalance => y.balance.cmp(&x.balance),
        TieBreak::EarlierOpened => a.cmp(&b),
        TieBreak::Household => x.id.cmp(&y.id),
    }
}

/// The report of `month` (a month number) from the replay's state.
pub(crate) fn monthly_report(
    rules: &PointsRules,
    replay: &Replay,
    month: i32,
    closed: bool,
) -> MonthlyReport {
    let houses = &replay.houses;
    let mut order: Vec<usize> = (0..houses.len())
        .filter(|&i| houses[i].opened <= month)
        .collect();
    let points = |i: usize| {
        let (e, d, _) = figures(&houses[i], month);
        e - d
    };
    let before = |a: usize, b: usize| {
        points(b).cmp(&points(a)).then_with(|| {
            rules
                .tie_break
                .iter()
                .map(|(t, _)| compare(*t, houses, month, a, b))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        }) == Ordering::Less
    };
    merge_sort(&mut order, &before);
    let mut grades: Vec<GradeCount> = rules
        .grades
        .iter()
        .map(|g| GradeCount {
            code: g.label.code.clone(),
            name: g.label.name.clone(),
            households: 0,
        })
        .collect();
    let mut by_dimension = vec![0i64; rules.dimensions.len()];
    let (mut earned, mut deducted, mut redeemed) = (0, 0, 0);
    let mut ranking = Vec::with_capacity(order.len());
    for (place, &i) in order.iter().enumerate() {
        let h = &houses[i];
        let (e, d, r) = figures(h, month);
        earned += e;
        deducted += d;
        redeemed += r;
        let dims = h.month_dimensions(month, by_dimension.len());
        for (t, x) in by_dimension.iter_mut().zip(dims) {
            *t += x;
        }
        let rank = place + 1;
        let grade = rules.grades.iter().position(|g| {
            g.min_points.is_none_or(|min| e - d >= min)
                && g.max_rank.is_none_or(|max| rank as u64 <= max)
        });
        if let Some(g) = grade {
            grades[g].households += 1;
        }
        let decided_by = (place > 0 && points(order[place - 1]) == e - d)
            .then(|| {
                rules
                    .tie_break
                    .iter()
                    .find(|(t, _)| compare(*t, houses, month, order[place - 1], i).is_ne())
                    .map(|(_, n)| n.code.clone())
            })
            .flatten();
        ranking.push(RankedHousehold {
            rank,
            household: h.id.clone(),
            holder: h.holder.clone(),
            points: e - d,
            earned: e,
            deducted: d,
            balance: h.balance,
            grade: grade.map(|g| rules.grades[g].label.clone()),
            decided_by,
        });
    }
    MonthlyReport {
        month: month_text(month),
        closed,
        tie_break: rules.tie_break.iter().map(|(_, n)| n.clone()).collect(),
        ranking,
        by_dimension: rules
            .dimensions
            .iter()
            .zip(by_dimension)
            .map(|(d, points)| DimensionPoints {
                code: d.code.clone(),
                name: d.name.clone(),
                points,
            })
            .collect(),
        grades,
        earned,
        deducted,
        redeemed,
    }
}

/// Sorts `v` so that `before(a, b)` holds of every pair in order: a plain bottom-up merge
/// sort, which costs the module a few hundred bytes where the library's sorts cost kilobytes
/// per comparator. The last tie-break (household id) makes the order total.
fn merge_sort(v: &mut Vec<usize>, before: &dyn Fn(usize, usize) -> bool) {
    let n = v.len();
    let mut from = std::mem::take(v);
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                if j >= end || (i < mid && !before(from[j], from[i])) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *v = from;
}

#[cfg(test)]
mod tests {
    #[test]
    fn merge_sort_sorts() {
        for n in 0..40usize {
            let mut v: Vec<usize> = (0..n).map(|i| (i * 7919) % 31).collect();
            let mut want = v.clone();
            want.sort();
            super::merge_sort(&mut v, &|a, b| a < b);
            assert_eq!(v, want);
        }
    }
}
