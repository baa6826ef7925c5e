//! Community profile rules (`shared/DOMAIN.md` §6): staffing norms, community classes and
//! the meeting calendar.
//!
//! - Staffing (seed 001): 每万名城镇常住人口不少于18人; a community above 3,000 households
//!   or 10,000 residents adds one worker per further 300 households or 1,000 residents; a
//!   smaller one is reduced in proportion; a community usually has 5–9 两委 members.
//! - Classes (seed 001): 示范类 / 创优类 / 强基类 from six assessment dimensions.
//! - Meetings (seed 004): 周议事 every week, 月联席 on the Friday of the last week of the month.
//!
//! All numbers come from the rulebook section `community`; none is written here.

use crate::read::index;
use crate::read::{fmt_num, read_list, read_named, Fields, Named, Reader, MAX_SAFE_INTEGER};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use serde_json::Value;

/// The rulebook section `community`.
#[derive(Debug, Clone)]
pub(crate) struct CommunityRules {
    staffing: StaffingRules,
    classes: ClassRules,
    meetings: MeetingRules,
}

#[derive(Debug, Clone)]
struct StaffingRules {
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

#[derive(Debug, Clone)]
struct ClassRules {
    score_min: f64,
    score_max: f64,
    dimensions: Vec<Named>,
    grades: Vec<Grade>,
}

#[derive(Debug, Clone)]
struct Grade {
    class: Named,
    min_mean: Option<f64>,
    min_each: Option<f64>,
}

#[derive(Debug, Clone)]
struct MeetingRules {
    max_range_days: u64,
    series: Vec<MeetingSeries>,
}

#[derive(Debug, Clone)]
struct MeetingSeries {
    meeting: Named,
    cadence: Cadence,
    weekday: Weekday,
    parties: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cadence {
    Weekly,
    /// Monthly on the n-th (1–4) or, with `None`, the last given weekday.
    Monthly(Option<u32>),
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const WEEKDAY_NAMES: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const OCCURRENCES: [&str; 5] = ["first", "second", "third", "fourth", "last"];
const MAX_COUNT: u64 = 1_000_000_000;

impl CommunityRules {
    pub(crate) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<CommunityRules> {
        let staffing = f.object(r, "staffing").and_then(|f| read_staffing(r, f));
        let classes = f.object(r, "classes").and_then(|f| read_classes(r, f));
        let meetings = f.object(r, "meetings").and_then(|f| read_meetings(r, f));
        f.finish(r);
        Some(CommunityRules {
            staffing: staffing?,
            classes: classes?,
            meetings: meetings?,
        })
    }
}

fn read_staffing(r: &mut Reader, mut f: Fields<'_>) -> Option<StaffingRules> {
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
                crate::Code::Inconsistent,
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

fn read_classes(r: &mut Reader, mut f: Fields<'_>) -> Option<ClassRules> {
    let range = f.object(r, "scoreRange").and_then(|mut g| {
        let min = g.number(r, "min", -1e6, 1e6);
        let max = g.number(r, "max", -1e6, 1e6);
        let path = g.path_of("max");
        g.finish(r);
        let (min, max) = (min?, max?);
        if min >= max {
            r.report(
                crate::Code::Inconsistent,
                &path,
                format!("max {} 应大于 min {}", fmt_num(max), fmt_num(min)),
            );
            return None;
        }
        Some((min, max))
    });
    let dimensions = read_list(r, &mut f, "dimensions", |r, mut g| {
        let d = read_named(r, &mut g);
        g.finish(r);
        d
    });
    let dimensions_path = f.path_of("dimensions");
    let grades_path = f.path_of("grades");
    let grades = read_list(r, &mut f, "grades", |r, mut g| {
        let class = read_named(r, &mut g);
        let (lo, hi) = range.unwrap_or((f64::MIN, f64::MAX));
        let min_mean = g
            .optional("minMean")
            .and_then(|(v, p)| r.number(v, &p, lo, hi));
        let min_each = g
            .optional("minEach")
            .and_then(|(v, p)| r.number(v, &p, lo, hi));
        g.finish(r);
        Some(Grade {
            class: class?,
            min_mean,
            min_each,
        })
    });
    f.finish(r);
    if let Some(ds) = &dimensions {
        r.unique(
            ds.iter()
                .enumerate()
                .map(|(i, d)| (format!("{dimensions_path}/{i}/code"), d.code.as_str())),
            "维度代码",
        );
    }
    if let Some(gs) = &grades {
        r.unique(
            gs.iter()
                .enumerate()
                .map(|(i, g)| (format!("{grades_path}/{i}/code"), g.class.code.as_str())),
            "类别代码",
        );
        if let Some((i, last)) = gs.iter().enumerate().next_back() {
            if last.min_mean.is_some() || last.min_each.is_some() {
                r.report(
                    crate::Code::Inconsistent,
                    &format!("{grades_path}/{i}"),
                    "最后一个类别是兜底类别，不能设 minMean 或 minEach",
                );
            }
        }
    }
    let (score_min, score_max) = range?;
    Some(ClassRules {
        score_min,
        score_max,
        dimensions: dimensions?,
        grades: grades?,
    })
}

fn read_meetings(r: &mut Reader, mut f: Fields<'_>) -> Option<MeetingRules> {
    let max_range_days = f.integer(r, "maxRangeDays", 1, 36_600);
    let series_path = f.path_of("series");
    let series = read_list(r, &mut f, "series", |r, mut g| {
        let meeting = read_named(r, &mut g);
        let cadence = g
            .required(r, "every")
            .and_then(|(v, p)| r.choice(v, &p, &["week", "month"]));
        let weekday = g
            .required(r, "weekday")
            .and_then(|(v, p)| r.choice(v, &p, &WEEKDAYS))
            .and_then(|i| Weekday::try_from(i as u8).ok());
        let occurrence = g
            .optional("week")
            .map(|(v, p)| (r.choice(v, &p, &OCCURRENCES), p));
        let parties = g.optional("parties").and_then(|(v, p)| {
            let items = r.array(v, &p)?;
            let names: Vec<Option<&str>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| r.text(v, &index(&p, i), crate::read::MAX_NAME_CHARS))
                .collect();
            names
                .into_iter()
                .map(|n| n.map(str::to_string))
                .collect::<Option<Vec<_>>>()
        });
        let week_path = g.path_of("week");
        g.finish(r);
        let cadence = match (cadence?, occurrence) {
            (0, None) => Cadence::Weekly,
            (0, Some((_, p))) => {
                r.report(crate::Code::Inconsistent, &p, "每周例会不需要 week 字段");
                return None;
            }
            (_, None) => {
                r.report(
                    crate::Code::MissingField,
                    &week_path,
                    "每月例会需要 week 字段（first…fourth / last）",
                );
                return None;
            }
            (_, Some((occ, _))) => match occ? {
                4 => Cadence::Monthly(None),
                n => Cadence::Monthly(Some(n as u32 + 1)),
            },
        };
        Some(MeetingSeries {
            meeting: meeting?,
            cadence,
            weekday: weekday?,
            parties: parties.unwrap_or_default(),
        })
    });
    f.finish(r);
    if let Some(ss) = &series {
        r.unique(
            ss.iter()
                .enumerate()
                .map(|(i, s)| (format!("{series_path}/{i}/code"), s.meeting.code.as_str())),
            "例会代码",
        );
    }
    Some(MeetingRules {
        max_range_days: max_range_days?,
        series: series?,
    })
}

/// One line of worked arithmetic, so a result can show how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What this step decides, e.g. 按户数增配.
    pub label: String,
    /// The arithmetic with the actual numbers, e.g. `⌊(3650 − 3000) ÷ 300⌋ × 1 = 2`.
    pub formula: String,
    /// The step's outcome.
    pub value: f64,
}

fn step(label: &str, formula: String, value: f64) -> Step {
    Step {
        label: label.to_string(),
        formula,
        value,
    }
}

/// Formats a number with at most two decimals and no trailing zeros.
fn num(x: f64) -> String {
    fmt_num((x * 100.0).round() / 100.0)
}

/// `⌈a × b ÷ c⌉` without overflow (saturating at `u64::MAX`); `c` is never 0 (rulebook ≥ 1).
fn mul_div_ceil(a: u64, b: u64, c: u64) -> u64 {
    let exact = (u128::from(a) * u128::from(b)).div_ceil(u128::from(c.max(1)));
    u64::try_from(exact).unwrap_or(u64::MAX)
}

/// Input of [`Engine::staffing`](crate::Engine::staffing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StaffingInput {
    /// Households (户) in the community.
    pub households: u64,
    /// Residents (常住人口) in the community.
    pub residents: u64,
    /// Members of the 两委 now serving, if the range should be checked.
    pub committee_members: Option<u64>,
}

impl StaffingInput {
    /// Reads `{ households, residents, committeeMembers? }`.
    ///
    /// # Errors
    /// An input error with code and path for a missing, mistyped, negative, fractional or
    /// unknown field, or when both counts are zero.
    pub fn from_value(v: &Value) -> Result<Self, crate::Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let households = f.integer(&mut r, "households", 0, MAX_SAFE_INTEGER);
            let residents = f.integer(&mut r, "residents", 0, MAX_SAFE_INTEGER);
            let committee_members = f
                .optional("committeeMembers")
                .and_then(|(v, p)| r.integer(v, &p, 0, MAX_SAFE_INTEGER));
            let path = f.path_of("households");
            f.finish(&mut r);
            let (households, residents) = (households?, residents?);
            if households == 0 && residents == 0 && !r.has_problems() {
                r.report(crate::Code::OutOfRange, &path, "户数和人口不能都为 0");
            }
            Some(StaffingInput {
                households,
                residents,
                committee_members,
            })
        });
        r.finish_input(input)
    }
}

/// Whether the community is above, at or below the standard size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SizeBand {
    /// Larger than the standard in households or residents: workers are added.
    Above,
    /// Exactly the standard in the larger of the two measures.
    Standard,
    /// Smaller than the standard in both: reduced in proportion.
    Below,
}

/// Which measure decided the staffing norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Basis {
    /// The household count gave more workers.
    Households,
    /// The resident count gave more workers.
    Residents,
    /// Both gave the same number.
    Both,
}

/// The 两委 range check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitteeCheck {
    /// Fewest members the rulebook expects.
    pub min: u64,
    /// Most members the rulebook expects.
    pub max: u64,
    /// Members now serving, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<u64>,
    /// Whether `actual` lies in `min..=max`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_range: Option<bool>,
}

/// The staffing norm for one community.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// Input of [`Engine::district_staffing`](crate::Engine::district_staffing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DistrictInput {
    /// Urban resident population (城镇常住人口) of the district or county.
    pub urban_residents: u64,
    /// Community workers actually employed.
    pub workers: u64,
}

impl DistrictInput {
    /// Reads `{ urbanResidents, workers }`.
    ///
    /// # Errors
    /// An input error with code and path; `urbanResidents` must be at least 1.
    pub fn from_value(v: &Value) -> Result<Self, crate::Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let urban_residents = f.integer(&mut r, "urbanResidents", 1, MAX_SAFE_INTEGER);
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// Input of [`Engine::community_class`](crate::Engine::community_class).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassInput {
    /// Score per assessment dimension, in the rulebook's dimension order.
    pub scores: Vec<f64>,
}

/// The class a community is assessed into, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassResult {
    /// Code of the class (e.g. `demonstration`).
    pub code: String,
    /// Name of the class (e.g. 示范类).
    pub name: String,
    /// Mean of the dimension scores, two decimals.
    pub mean: f64,
    /// The lowest-scoring dimension.
    pub lowest: DimensionScore,
    /// Why this class and not a higher one, in Chinese.
    pub reasons: Vec<String>,
}

/// One dimension's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DimensionScore {
    /// Dimension code.
    pub code: String,
    /// Dimension name.
    pub name: String,
    /// Its score.
    pub score: f64,
}

/// Input of [`Engine::meeting_dates`](crate::Engine::meeting_dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MeetingInput {
    /// First day of the range (inclusive).
    pub from: NaiveDate,
    /// Last day of the range (inclusive).
    pub to: NaiveDate,
}

/// One scheduled meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The series code (e.g. `weekly`).
    pub code: String,
    /// The series name (e.g. 周议事).
    pub name: String,
    /// The weekday in Chinese (e.g. 周五).
    pub weekday: String,
    /// Who takes part.
    pub parties: Vec<String>,
}

/// The meetings in a date range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingsResult {
    /// Meetings in date order (series order within a day).
    pub meetings: Vec<Meeting>,
}

impl CommunityRules {
    /// Staffing norm (seed 001), with its arithmetic.
    pub(crate) fn staffing(&self, input: &StaffingInput) -> StaffingResult {
        let s = &self.staffing;
        let (h, p) = (input.households, input.residents);
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
        let basis = match by_h.cmp(&by_p) {
            std::cmp::Ordering::Greater => Basis::Households,
            std::cmp::Ordering::Less => Basis::Residents,
            std::cmp::Ordering::Equal => Basis::Both,
        };
        StaffingResult {
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
        }
    }

    /// District-level density check (seed 001: 每万名城镇常住人口不少于18人).
    pub(crate) fn district(&self, input: &DistrictInput) -> DistrictResult {
        let s = &self.staffing;
        let (n, w) = (input.urban_residents, input.workers);
        let (unit, per) = (s.district_residents, s.district_workers);
        let required = mul_div_ceil(per, n, unit);
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
        DistrictResult {
            required,
            workers: input.workers,
            meets_norm: w >= required,
            shortfall,
            per_unit,
            unit_residents: s.district_residents,
            steps,
        }
    }

    /// Reads `{ scores: { <dimension code>: number, … } }`: every rulebook dimension must be
    /// scored, within the rulebook's score range, and no other key may appear.
    pub(crate) fn class_input(&self, v: &Value) -> Result<ClassInput, crate::Error> {
        let c = &self.classes;
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let scores = f.object(&mut r, "scores").and_then(|mut g| {
                let mut out = Vec::with_capacity(c.dimensions.len());
                for d in &c.dimensions {
                    let path = g.path_of(&d.code);
                    match g.entries().find(|(k, _)| **k == d.code) {
                        Some((_, v)) => out.push(r.number(v, &path, c.score_min, c.score_max)),
                        None => {
                            r.report(
                                crate::Code::MissingField,
                                &path,
                                format!("缺少维度 {}（{}）的得分", d.code, d.name),
                            );
                            out.push(None);
                        }
                    }
                }
                for (k, _) in g.entries() {
                    if !c.dimensions.iter().any(|d| d.code == *k) {
                        let known: Vec<&str> =
                            c.dimensions.iter().map(|d| d.code.as_str()).collect();
                        r.report(
                            crate::Code::UnknownField,
                            &g.path_of(k),
                            format!("未知维度 {k}；应为：{}", known.join(", ")),
                        );
                    }
                }
                out.into_iter().collect::<Option<Vec<f64>>>()
            });
            f.finish(&mut r);
            scores.map(|scores| ClassInput { scores })
        });
        r.finish_input(input)
    }

    /// Community class (seed 001): the first grade whose thresholds all hold.
    pub(crate) fn class(&self, input: &ClassInput) -> ClassResult {
        let c = &self.classes;
        let n = input.scores.len().max(1) as f64;
        let sum: f64 = input.scores.iter().sum();
        let mean = sum / n;
        let (low_i, low) =
            input
                .scores
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |acc, (i, s)| if s < acc.1 { (i, s) } else { acc },
                );
        let low_dim = &c.dimensions[low_i.min(c.dimensions.len() - 1)];
        let mut reasons = Vec::new();
        let mut chosen = c.grades.last().map(|g| &g.class);
        for g in &c.grades {
            let mut failed = Vec::new();
            let mut held = Vec::new();
            if let Some(m) = g.min_mean {
                let text = format!(
                    "平均分 {} {} {}",
                    num(mean),
                    if sum >= m * n { "≥" } else { "<" },
                    num(m)
                );
                if sum >= m * n {
                    held.push(text)
                } else {
                    failed.push(text)
                }
            }
            if let Some(m) = g.min_each {
                let text = format!(
                    "最低分 {}（{}）{} {}",
                    num(low),
                    low_dim.name,
                    if low >= m { "≥" } else { "<" },
                    num(m)
                );
                if low >= m {
                    held.push(text)
                } else {
                    failed.push(text)
                }
            }
            if failed.is_empty() {
                if held.is_empty() {
                    reasons.push(format!("未达到更高类别的条件，归为{}", g.class.name));
                } else {
                    reasons.push(format!("{}：{}", g.class.name, held.join("，")));
                }
                chosen = Some(&g.class);
                break;
            }
            reasons.push(format!("未评为{}：{}", g.class.name, failed.join("，")));
        }
        let chosen = chosen.cloned().unwrap_or(Named {
            code: String::new(),
            name: String::new(),
        });
        ClassResult {
            code: chosen.code,
            name: chosen.name,
            mean: (mean * 100.0).round() / 100.0,
            lowest: DimensionScore {
                code: low_dim.code.clone(),
                name: low_dim.name.clone(),
                score: low,
            },
            reasons,
        }
    }

    /// Reads `{ from, to }` and checks the range against the rulebook's limit.
    pub(crate) fn meeting_input(&self, v: &Value) -> Result<MeetingInput, crate::Error> {
        let mut r = Reader::new();
        let input = r.object(v, "").and_then(|mut f| {
            let from = f.date(&mut r, "from");
            let to = f.date(&mut r, "to");
            let to_path = f.path_of("to");
            f.finish(&mut r);
            let (from, to) = (from?, to?);
            let days = (to - from).num_days();
            if days < 0 {
                r.report(
                    crate::Code::Inconsistent,
                    &to_path,
                    format!("结束日期 {to} 早于开始日期 {from}"),
                );
            } else if days as u64 >= self.meetings.max_range_days {
                r.report(
                    crate::Code::RangeTooLong,
                    &to_path,
                    format!(
                        "日期范围 {} 天，最多 {} 天",
                        days + 1,
                        self.meetings.max_range_days
                    ),
                );
            }
            Some(MeetingInput { from, to })
        });
        r.finish_input(input)
    }

    /// Meeting calendar (seed 004: 周议事、月联席) for an inclusive date range.
    pub(crate) fn meetings(&self, input: &MeetingInput) -> MeetingsResult {
        let mut meetings = Vec::new();
        let mut day = input.from;
        while day <= input.to {
            for s in &self.meetings.series {
                if s.weekday == day.weekday() && s.cadence.falls_on(day) {
                    meetings.push(Meeting {
                        date: day.to_string(),
                        code: s.meeting.code.clone(),
                        name: s.meeting.name.clone(),
                        weekday: WEEKDAY_NAMES[day.weekday().num_days_from_monday() as usize]
                            .to_string(),
                        parties: s.parties.clone(),
                    });
                }
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        MeetingsResult { meetings }
    }
}

impl Cadence {
    /// Whether a day (already known to be the series' weekday) is a meeting day.
    fn falls_on(self, day: NaiveDate) -> bool {
        match self {
            Cadence::Weekly => true,
            Cadence::Monthly(Some(n)) => (day.day() - 1) / 7 + 1 == n,
            Cadence::Monthly(None) => day
                .checked_add_days(Days::new(7))
                .is_none_or(|later| later.month() != day.month()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Engine;
    use serde_json::json;

    fn workers(h: u64, p: u64) -> u64 {
        Engine::default()
            .staffing(&json!({"households": h, "residents": p}))
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

    #[test]
    fn last_friday() {
        let e = Engine::default();
        let out = e
            .meeting_dates(&json!({"from": "2026-01-01", "to": "2026-12-31"}))
            .unwrap();
        let fridays: Vec<&str> = out
            .result
            .meetings
            .iter()
            .filter(|m| m.code == "monthly")
            .map(|m| m.date.as_str())
            .collect();
        assert_eq!(fridays.len(), 12);
        assert_eq!(fridays[0], "2026-01-30");
        assert_eq!(fridays[1], "2026-02-27");
        assert_eq!(fridays[11], "2026-12-25");
    }
}
