//! Staffing norms (DOMAIN §6, seed 001), the rulebook part `community.staffing`: how many
//! community workers (社区工作者) a community of a given size is allotted, the district-level
//! density norm (每万名城镇常住人口不少于18人) and the 两委 range.
//!
//! A community above the standard size in households or residents adds `increment.workers`
//! per full step beyond it, whichever measure gives more; a smaller one is reduced in
//! proportion (rounded up). Integer arithmetic throughout, shown step by step.

use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::read::{fmt_2dp as num, Fields, FromJson, Reader, MAX_SAFE_INTEGER};

/// Largest count a staffing rule may hold.
const MAX_COUNT: u64 = 1_000_000_000;

#[derive(Debug, Clone)]
pub(super) struct StaffingRules {
    standard_households: u64,
    standard_residents: u64,
    standard_workers: u64,
    step_households: u64,
    step_residents: u64,
    step_workers: u64,
    district_residents: u64,
    district_workers: u64,
    committee_min: u64,
    committee_max: u64,
}

impl StaffingRules {
    pub(super) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<StaffingRules> {
        let mut triple = |r: &mut Reader, key: &'static str| -> Option<(u64, u64, u64)> {
            let mut g = f.object(r, key)?;
            let h = g.integer(r, "households", 1, MAX_COUNT);
            let p = g.integer(r, "residents", 1, MAX_COUNT);
            let w = g.integer(r, "workers", 1, MAX_COUNT);
            g.finish(r);
            Some((h?, p?, w?))
        };
        let standard = triple(r, "standard");
        let step = triple(r, "increment");
        let district = f.object(r, "district").and_then(|mut g| {
            let p = g.integer(r, "residents", 1, MAX_COUNT);
            let w = g.integer(r, "workers", 1, MAX_COUNT);
            g.finish(r);
            Some((p?, w?))
        });
        let committee = f.object(r, "committee").and_then(|mut g| {
            let min = g.integer(r, "min", 1, 1000);
            let max = g.integer(r, "max", 1, 1000);
            let path = g.path_of("max");
            g.finish(r);
            let (min, max) = (min?, max?);
            if min > max {
                r.report(
                    Code::Inconsistent,
                    &path,
                    format!("max {max} 小于 min {min}"),
                );
                return None;
            }
            Some((min, max))
        });
        f.finish(r);
        let (standard, step, district, committee) = (standard?, step?, district?, committee?);
        Some(StaffingRules {
            standard_households: standard.0,
            standard_residents: standard.1,
            standard_workers: standard.2,
            step_households: step.0,
            step_residents: step.1,
            step_workers: step.2,
            district_residents: district.0,
            district_workers: district.1,
            committee_min: committee.0,
            committee_max: committee.1,
        })
    }
}

/// One line of worked arithmetic, so a result can show how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What this step decides, e.g. 按户数增配.
    pub label: String,
    /// The arithmetic with the actual numbers, e.g. `⌊(3650 − 3000) ÷ 300⌋ × 1 = 2`.
    pub formula: String,
    /// The step's outcome.
    pub value: f64,
}
crate::json_out::json_object!(Step {
    "label" => label,
    "formula" => formula,
    "value" => value,
});

fn step(label: &str, formula: String, value: f64) -> Step {
    Step {
        label: label.to_string(),
        formula,
        value,
    }
}

/// `⌈a × b ÷ c⌉` without overflow (saturating at `u64::MAX`); `c` is never 0 (rulebook ≥ 1).
/// The 128-bit product is divided by shift and subtract: `u128` arithmetic would bring
/// compiler-builtins' general 128-bit division into the module (2 KB for one formula).
fn mul_div_ceil(a: u64, b: u64, c: u64) -> u64 {
    let c = c.max(1);
    let (mut rest, lo) = wide_mul(a, b);
    if rest >= c {
        return u64::MAX;
    }
    let mut q = 0u64;
    for i in (0..64).rev() {
        let top = rest >> 63;
        rest = (rest << 1) | ((lo >> i) & 1);
        q <<= 1;
        if top == 1 || rest >= c {
            rest = rest.wrapping_sub(c);
            q |= 1;
        }
    }
    if rest != 0 {
        q.saturating_add(1)
    } else {
        q
    }
}

/// `a × b` as its high and low 64 bits.
fn wide_mul(a: u64, b: u64) -> (u64, u64) {
    const LOW: u64 = 0xFFFF_FFFF;
    let (a1, a0) = (a >> 32, a & LOW);
    let (b1, b0) = (b >> 32, b & LOW);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 32) + (p01 & LOW) + (p10 & LOW);
    let lo = (p00 & LOW) | (mid << 32);
    let hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    (hi, lo)
}

/// A count the arithmetic reached, if JavaScript can hold it exactly; a rulebook with huge
/// steps could otherwise produce a figure (and a formula) that is silently wrong.
fn exact(n: u64) -> Result<u64, Error> {
    if n > MAX_SAFE_INTEGER {
        return Err(Error::input(
            Code::OutOfRange,
            "",
            format!(
                "计算结果 {n} 超出可精确表示的范围（最大 {MAX_SAFE_INTEGER}），请检查规则库与输入"
            ),
        ));
    }
    Ok(n)
}

/// Input of [`Engine::staffing`](crate::Engine::staffing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffingInput {
    /// Households (户) in the community.
    pub households: u64,
    /// Residents (常住人口) in the community.
    pub residents: u64,
    /// Members of the 两委 now serving, if the range should be checked.
    pub committee_members: Option<u64>,
}

impl FromJson for StaffingInput {
    /// Reads `{ households, residents, committeeMembers? }`: whole non-negative counts.
    fn from_json(v: &Value) -> Result<Self, Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let households = f.integer(&mut r, "households", 0, MAX_SAFE_INTEGER);
            let residents = f.integer(&mut r, "residents", 0, MAX_SAFE_INTEGER);
            let committee_members = f
                .optional("committeeMembers")
                .and_then(|(v, p)| r.integer(v, &p, 0, MAX_SAFE_INTEGER));
            f.finish(&mut r);
            Some(StaffingInput {
                households: households?,
                residents: residents?,
                committee_members,
            })
        });
        r.finish_input(input)
    }
}

/// Whether the community is above, at or below the standard size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeBand {
    /// Larger than the standard in households or residents: workers are added.
    Above,
    /// Exactly the standard in the larger of the two measures.
    Standard,
    /// Smaller than the standard in both: reduced in proportion.
    Below,
}
crate::json_out::json_enum!(SizeBand {
    Above => "above",
    Standard => "standard",
    Below => "below",
});

/// Which measure decided the staffing norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The household count gave more workers.
    Households,
    /// The resident count gave more workers.
    Residents,
    /// Both gave the same number.
    Both,
}
crate::json_out::json_enum!(Basis {
    Households => "households",
    Residents => "residents",
    Both => "both",
});

/// The 两委 range check.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitteeCheck {
    /// Fewest members the rulebook expects.
    pub min: u64,
    /// Most members the rulebook expects.
    pub max: u64,
    /// Members now serving, when given.
    pub actual: Option<u64>,
    /// Whether `actual` lies in `min..=max`, when given.
    pub within_range: Option<bool>,
}
crate::json_out::json_object!(CommitteeCheck {
    "min" => min,
    "max" => max,
    "actual" => actual if some,
    "withinRange" => within_range if some,
});

/// The staffing norm for one community.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingResult {
    /// Community workers (社区工作者) the norm allows.
    pub workers: u64,
    /// Above, at or below the standard size.
    pub band: SizeBand,
    /// Which measure decided.
    pub basis: Basis,
    /// The arithmetic, step by step.
    pub steps: Vec<Step>,
    /// The 两委 range, checked against `committeeMembers` when given.
    pub committee: CommitteeCheck,
}
crate::json_out::json_object!(StaffingResult {
    "workers" => workers,
    "band" => band,
    "basis" => basis,
    "steps" => steps,
    "committee" => committee,
});

/// Input of [`Engine::district_staffing`](crate::Engine::district_staffing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistrictInput {
    /// Urban resident population (城镇常住人口) of the district or county.
    pub urban_residents: u64,
    /// Community workers actually employed.
    pub workers: u64,
}

impl FromJson for DistrictInput {
    /// Reads `{ urbanResidents, workers }`: whole non-negative counts.
    fn from_json(v: &Value) -> Result<Self, Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let urban_residents = f.integer(&mut r, "urbanResidents", 0, MAX_SAFE_INTEGER);
            let workers = f.integer(&mut r, "workers", 0, MAX_SAFE_INTEGER);
            f.finish(&mut r);
            Some(DistrictInput {
                urban_residents: urban_residents?,
                workers: workers?,
            })
        });
        r.finish_input(input)
    }
}

/// The district-level check of worker density.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictResult {
    /// Fewest workers the norm requires for this population.
    pub required: u64,
    /// Workers actually employed.
    pub workers: u64,
    /// Whether `workers ≥ required`.
    pub meets_norm: bool,
    /// Workers missing to meet the norm (0 when it is met).
    pub shortfall: u64,
    /// Workers per norm unit of residents (per 10,000 by default), two decimals.
    pub per_unit: f64,
    /// The norm unit of residents (10,000 by default).
    pub unit_residents: u64,
    /// The arithmetic, step by step.
    pub steps: Vec<Step>,
}
crate::json_out::json_object!(DistrictResult {
    "required" => required,
    "workers" => workers,
    "meetsNorm" => meets_norm,
    "shortfall" => shortfall,
    "perUnit" => per_unit,
    "unitResidents" => unit_residents,
    "steps" => steps,
});

impl StaffingRules {
    /// Staffing norm (seed 001), with its arithmetic.
    pub(super) fn staffing(&self, input: &StaffingInput) -> Result<StaffingResult, Error> {
        let s = self;
        let (h, p) = (input.households, input.residents);
        if h == 0 && p == 0 {
            return Err(Error::input(
                Code::OutOfRange,
                "/households",
                "户数和人口不能都为 0",
            ));
        }
        for (n, key) in [(h, "households"), (p, "residents")] {
            if n > MAX_SAFE_INTEGER {
                return Err(Error::input(
                    Code::OutOfRange,
                    &format!("/{key}"),
                    format!("{n} 超出范围 0–{MAX_SAFE_INTEGER}"),
                ));
            }
        }
        let (h0, p0, w0) = (
            s.standard_households,
            s.standard_residents,
            s.standard_workers,
        );
        let mut steps = vec![step(
            "标准配置",
            format!("{h0} 户或 {p0} 人配 {w0} 名社区工作者"),
            w0 as f64,
        )];
        let (band, by_h, by_p, workers);
        if h > h0 || p > p0 {
            band = SizeBand::Above;
            let (hs, ps, ws) = (s.step_households, s.step_residents, s.step_workers);
            by_h = (h.saturating_sub(h0) / hs).saturating_mul(ws);
            by_p = (p.saturating_sub(p0) / ps).saturating_mul(ws);
            steps.push(step(
                "按户数增配",
                format!("⌊max({h} − {h0}, 0) ÷ {hs}⌋ × {ws} = {by_h}"),
                by_h as f64,
            ));
            steps.push(step(
                "按人口增配",
                format!("⌊max({p} − {p0}, 0) ÷ {ps}⌋ × {ws} = {by_p}"),
                by_p as f64,
            ));
            let extra = by_h.max(by_p);
            steps.push(step(
                "取较多者",
                format!("max({by_h}, {by_p}) = {extra}"),
                extra as f64,
            ));
            workers = w0.saturating_add(extra);
            steps.push(step(
                "核定人数",
                format!("{w0} + {extra} = {workers}"),
                workers as f64,
            ));
        } else {
            band = if h == h0 || p == p0 {
                SizeBand::Standard
            } else {
                SizeBand::Below
            };
            by_h = mul_div_ceil(w0, h, h0);
            by_p = mul_div_ceil(w0, p, p0);
            steps.push(step(
                "按户数等比核减",
                format!(
                    "⌈{w0} × {h} ÷ {h0}⌉ = ⌈{}⌉ = {by_h}",
                    num(w0 as f64 * h as f64 / h0 as f64)
                ),
                by_h as f64,
            ));
            steps.push(step(
                "按人口等比核减",
                format!(
                    "⌈{w0} × {p} ÷ {p0}⌉ = ⌈{}⌉ = {by_p}",
                    num(w0 as f64 * p as f64 / p0 as f64)
                ),
                by_p as f64,
            ));
            workers = by_h.max(by_p);
            steps.push(step(
                "取较多者",
                format!("max({by_h}, {by_p}) = {workers}"),
                workers as f64,
            ));
        }
        exact(workers.max(by_h).max(by_p))?;
        let basis = match by_h.cmp(&by_p) {
            std::cmp::Ordering::Greater => Basis::Households,
            std::cmp::Ordering::Less => Basis::Residents,
            std::cmp::Ordering::Equal => Basis::Both,
        };
        Ok(StaffingResult {
            workers,
            band,
            basis,
            steps,
            committee: CommitteeCheck {
                min: s.committee_min,
                max: s.committee_max,
                actual: input.committee_members,
                within_range: input
                    .committee_members
                    .map(|n| (s.committee_min..=s.committee_max).contains(&n)),
            },
        })
    }

    /// District-level density check (seed 001: 每万名城镇常住人口不少于18人).
    pub(super) fn district(&self, input: &DistrictInput) -> Result<DistrictResult, Error> {
        let s = self;
        let (n, w) = (input.urban_residents, input.workers);
        if n == 0 || n > MAX_SAFE_INTEGER {
            return Err(Error::input(
                Code::OutOfRange,
                "/urbanResidents",
                format!("{n} 超出范围 1–{MAX_SAFE_INTEGER}"),
            ));
        }
        let (unit, per) = (s.district_residents, s.district_workers);
        let required = exact(mul_div_ceil(per, n, unit))?;
        let per_unit = (w as f64 * unit as f64 / n as f64 * 100.0).round() / 100.0;
        let shortfall = required.saturating_sub(w);
        let steps = vec![
            step(
                "应配人数",
                format!(
                    "⌈{per} × {n} ÷ {unit}⌉ = ⌈{}⌉ = {required}",
                    num(per as f64 * n as f64 / unit as f64)
                ),
                required as f64,
            ),
            step(
                "实际密度",
                format!("{w} × {unit} ÷ {n} = {} 人/{unit}人", num(per_unit)),
                per_unit,
            ),
            step(
                "缺口",
                format!("max({required} − {w}, 0) = {shortfall}"),
                shortfall as f64,
            ),
        ];
        Ok(DistrictResult {
            required,
            workers: input.workers,
            meets_norm: w >= required,
            shortfall,
            per_unit,
            unit_residents: s.district_residents,
            steps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{mul_div_ceil, StaffingInput, MAX_SAFE_INTEGER};
    use crate::{Engine, FromJson};
    use serde_json::json;

    /// The shift-and-subtract division agrees with 128-bit arithmetic at the edges and on a
    /// million random triples of every magnitude.
    #[test]
    fn mul_div_ceil_is_exact() {
        let exact = |a: u64, b: u64, c: u64| {
            let q = (u128::from(a) * u128::from(b)).div_ceil(u128::from(c.max(1)));
            u64::try_from(q).unwrap_or(u64::MAX)
        };
        let edges = [
            0,
            1,
            2,
            3,
            299,
            300,
            1000,
            u64::from(u32::MAX),
            MAX_SAFE_INTEGER,
            1 << 53,
            u64::MAX - 1,
            u64::MAX,
        ];
        for a in edges {
            for b in edges {
                for c in edges {
                    assert_eq!(mul_div_ceil(a, b, c), exact(a, b, c), "{a} × {b} ÷ {c}");
                }
            }
        }
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..1_000_000 {
            let shift = [0, 32, 50, 58][(next() % 4) as usize];
            let (a, b, c) = (next() >> shift, next() >> shift, next() >> shift);
            assert_eq!(mul_div_ceil(a, b, c), exact(a, b, c), "{a} × {b} ÷ {c}");
        }
    }

    fn workers(h: u64, p: u64) -> u64 {
        Engine::default()
            .staffing(&StaffingInput::from_json(&json!({"households": h, "residents": p})).unwrap())
            .unwrap()
            .result
            .workers
    }

    #[test]
    fn staffing_norm() {
        let cases = [
            (3000, 10000, 18),
            (3299, 10999, 18),
            (3300, 9000, 19),
            (3650, 11500, 20),
            (2000, 12500, 20),
            (1500, 5000, 9),
            (1600, 4000, 10),
            (1, 0, 1),
            (0, 1, 1),
        ];
        for (h, p, w) in cases {
            assert_eq!(workers(h, p), w, "{h} 户 {p} 人");
        }
    }
}
