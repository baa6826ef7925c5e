//! 四德积分银行 (DOMAIN §2, seeds 004 and 003): the household points ledger — the rulebook
//! section `points` and the replay of an append-only list of events into balances.
//!
//! Rules: `ledger(events, { asOf? })`, `checkEvent(events, event)`,
//! `monthlyReport(events, 'YYYY-MM')`, `sealEvent(event, previous?)`, `verifyLedger(events)`.

mod check;
mod counters;
pub(crate) mod event;
pub mod ledger;
pub mod report;
pub mod seal;

pub use check::{check_event, Change, EventCheck};
pub use event::Packed;

/// The fields of a [`Packed`] event, by mask bit.
pub const PACKED_FIELDS: [&str; 20] = event::FIELDS;
/// The mask bits of the fields a [`Packed`] event carries as numbers.
pub const PACKED_NUMERIC: u32 = event::NUMERIC;
pub use crate::moment::Moment;
use ledger::Tally;
pub use ledger::{
    ledger, Account, DimensionPoints, Duplicate, Ledger, MonthPoints, Rejected, Stock,
};
pub use report::{GradeCount, MonthlyReport, RankedHousehold};
pub use seal::{seal, verify, Broken, Sealed, Verification};

use crate::engine::{to_json, Engine, Output};
use crate::error::{Code, Error};
use crate::families::Section;
use crate::json_value::Value;
use crate::label::{read_named, Named};
use crate::read::{read_list, Fields, Reader};
use crate::Stamped;

/// The options of [`Engine::ledger`].
#[derive(Debug, Clone, Default)]
pub struct LedgerOptions {
    /// Events after this moment do not apply (they are listed as rejected).
    pub as_of: Option<Moment>,
}

impl LedgerOptions {
    /// Reads `{ asOf? }` (ISO date-time with its offset), `null` or absent for none.
    pub fn from_json(v: &Value) -> Result<LedgerOptions, Error> {
        if v.is_null() {
            return Ok(LedgerOptions::default());
        }
        let mut r = Reader::new();
        let out = r.object(v, "").and_then(|mut f| {
            let as_of = match f.optional("asOf") {
                None => Some(None),
                Some((Value::Null, _)) => Some(None),
                Some((v, p)) => match v.as_str().and_then(Moment::parse) {
                    Some(t) => Some(Some(t)),
                    _ => {
                        r.report(
                            Code::InvalidDate,
                            &p,
                            "asOf 应为带时区的 ISO 时间，如 2026-11-30T23:59:59+08:00",
                        );
                        None
                    }
                },
            };
            f.finish(&mut r);
            Some(LedgerOptions { as_of: as_of? })
        });
        r.finish_input(out)
    }
}

/// The largest number of events one replay takes.
pub const MAX_EVENTS: usize = 10_000_000;

impl Section for PointsRules {
    fn read(r: &mut Reader, f: Fields<'_>) -> Option<PointsRules> {
        PointsRules::read(r, f)
    }

    fn call(
        e: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>> {
        // In wasm the package's JavaScript runs ledger, checkEvent and monthlyReport through a
        // [`LedgerRun`] (events packed into typed arrays), never through this JSON dispatch:
        // leaving these three out of it there keeps the module smaller.
        Some(match method {
            "sealEvent" => to_json(e.seal_event(input, Some(options).filter(|p| !p.is_null()))),
            "verifyLedger" => to_json(match input.as_array() {
                Some(events) => e.verify_ledger(events),
                None => Err(Error::input(Code::WrongType, "", "事件应为数组")),
            }),
            #[cfg(not(target_arch = "wasm32"))]
            "ledger" => to_json(LedgerOptions::from_json(options).and_then(|o| {
                let Some(events) = input.as_array() else {
                    return Err(Error::input(Code::WrongType, "", "事件应为数组"));
                };
                e.ledger(events, &o)
            })),
            #[cfg(not(target_arch = "wasm32"))]
            "monthlyReport" => to_json(match (input.as_array(), options.as_str()) {
                (Some(events), Some(month)) => e.monthly_report(events, month),
                (None, _) => Err(Error::input(Code::WrongType, "", "事件应为数组")),
                (_, None) => Err(Error::input(
                    Code::WrongType,
                    "/month",
                    "月份应为 YYYY-MM 文本",
                )),
            }),
            #[cfg(not(target_arch = "wasm32"))]
            "checkEvent" => to_json(match input.as_array() {
                Some(events) => e.check_event(events, options),
                None => Err(Error::input(Code::WrongType, "", "事件应为数组")),
            }),
            _ => return None,
        })
    }
}

impl Engine {
    /// The section for `call` on `events`, which may number at most [`MAX_EVENTS`].
    fn points_for(&self, call: &str, events: &[Value]) -> Result<&PointsRules, Error> {
        let rules = self.section::<PointsRules>(call)?;
        if events.len() > MAX_EVENTS {
            return Err(Error::input(
                Code::OutOfRange,
                "",
                format!("一次最多 {MAX_EVENTS} 个事件"),
            ));
        }
        Ok(rules)
    }

    /// Replays the points ledger (DOMAIN §2): balances per household in total, by dimension,
    /// by member and by month, the 爱心超市 stock, duplicates and rejected events.
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `points` section; `OUT_OF_RANGE` for more than
    /// [`MAX_EVENTS`] events. Problems of single events are in `rejected`, not errors.
    pub fn ledger(
        &self,
        events: &[Value],
        options: &LedgerOptions,
    ) -> Result<Stamped<Ledger>, Error> {
        self.points_for("ledger", events)?;
        let mut run = self.ledger_run(options)?;
        run.reserve(events.len());
        for v in events {
            run.push(v);
        }
        Ok(run.finish())
    }

    /// A replay to feed event by event (or chunk by chunk), for events that stream in rather
    /// than sit in one array.
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `points` section.
    pub fn ledger_run(&self, options: &LedgerOptions) -> Result<LedgerRun, Error> {
        let rules = self.shared_section::<PointsRules>("ledger")?.clone();
        Ok(LedgerRun {
            engine: self.clone(),
            tally: Tally::new(&rules, options.as_of),
            rules,
        })
    }

    /// A replay whose [`LedgerRun::report`] is 一月一评比's report of `month` (`YYYY-MM`).
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `points` section; `INVALID_DATE` for a month that is not
    /// `YYYY-MM`.
    pub fn report_run(&self, month: &str) -> Result<LedgerRun, Error> {
        let rules = self.shared_section::<PointsRules>("monthlyReport")?.clone();
        let Some(number) = crate::moment::month_number(month) else {
            return Err(Error::input(
                Code::InvalidDate,
                "/month",
                format!("月份应为 YYYY-MM，收到 {month}"),
            ));
        };
        let mut tally = Tally::new(&rules, None);
        tally.watch(number);
        Ok(LedgerRun {
            engine: self.clone(),
            rules,
            tally,
        })
    }

    /// 一月一评比's report of `month` (`YYYY-MM`): the ranking with the tie-breaks applied
    /// and shown, star grades, per-dimension totals, whether the month is closed (then the
    /// report is the one of the moment it closed).
    ///
    /// # Errors
    /// As [`Engine::ledger`] and [`Engine::report_run`].
    pub fn monthly_report(
        &self,
        events: &[Value],
        month: &str,
    ) -> Result<Stamped<MonthlyReport>, Error> {
        self.points_for("monthlyReport", events)?;
        let mut run = self.report_run(month)?;
        for v in events {
            run.push(v);
        }
        run.report()
    }

    /// What appending `event` after `events` would do — the balance and stock before and
    /// after, or why it would be rejected — changing nothing.
    ///
    /// # Errors
    /// As [`Engine::ledger`].
    pub fn check_event(
        &self,
        events: &[Value],
        event: &Value,
    ) -> Result<Stamped<EventCheck>, Error> {
        let rules = self.points_for("checkEvent", events)?;
        Ok(self.stamp(check_event(rules, events, event, None)))
    }

    /// Seals `event` after `previous` (the last sealed event, or none): adds `prev`,
    /// `rulebook` (this engine's stamp) and `hash`, SHA-256 of the JCS form of the rest.
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `points` section; see [`seal()`].
    pub fn seal_event(
        &self,
        event: &Value,
        previous: Option<&Value>,
    ) -> Result<Stamped<Sealed>, Error> {
        self.section::<PointsRules>("sealEvent")?;
        Ok(self.stamp(seal(event, previous, self.rulebook().stamp())?))
    }

    /// Names the first sealed event whose hash or link to the one before does not hold.
    ///
    /// # Errors
    /// `SECTION_MISSING` without a `points` section.
    pub fn verify_ledger(&self, events: &[Value]) -> Result<Stamped<Verification>, Error> {
        self.section::<PointsRules>("verifyLedger")?;
        Ok(self.stamp(verify(events)))
    }
}

/// A replay in progress ([`Engine::ledger_run`], [`Engine::report_run`]): events go in one
/// at a time or a packed chunk at a time, in order, and the ledger, the check of one more
/// event or the month's report comes out at the end.
pub struct LedgerRun {
    engine: Engine,
    /// The engine's own section, shared rather than copied per run.
    rules: std::sync::Arc<PointsRules>,
    tally: Tally,
}

impl LedgerRun {
    /// Events pushed so far.
    pub fn events(&self) -> usize {
        self.tally.next
    }

    /// The next event.
    pub fn push(&mut self, event: &Value) {
        self.tally.push_value(&self.rules, event);
    }

    /// Makes room for `events` more events at once (a hint: the tables then grow once).
    pub fn reserve(&mut self, events: usize) {
        self.tally.reserve(events.min(MAX_EVENTS));
    }

    /// The next events, as the JavaScript package packs them ([`Packed`]).
    ///
    /// # Errors
    /// `OUT_OF_RANGE` past [`MAX_EVENTS`] events in all; `INTERNAL` when the chunk does not
    /// hold together. Either way none of the chunk applied.
    pub fn push_packed(&mut self, chunk: Packed<'_>) -> Result<(), Error> {
        if self.tally.next + chunk.masks.len() > MAX_EVENTS {
            return Err(Error::input(
                Code::OutOfRange,
                "",
                format!("一次最多 {MAX_EVENTS} 个事件"),
            ));
        }
        self.tally.push_packed(&self.rules, chunk)
    }

    /// The ledger of the events pushed.
    pub fn finish(self) -> Stamped<Ledger> {
        let ledger = self.tally.finish(&self.rules);
        self.engine.stamp(ledger)
    }

    /// What appending `event` after the events pushed would do, changing nothing.
    pub fn check(self, event: &Value) -> Stamped<EventCheck> {
        let check = check::check_next(&self.rules, self.tally, event);
        self.engine.stamp(check)
    }

    /// The report of the month this run was made for ([`Engine::report_run`]).
    ///
    /// # Errors
    /// `INVALID_VALUE` for a run made by [`Engine::ledger_run`].
    pub fn report(mut self) -> Result<Stamped<MonthlyReport>, Error> {
        let Some(month) = self.tally.watched() else {
            return Err(Error::input(
                Code::InvalidValue,
                "",
                "这次重放不是为月报开始的（用 report_run）",
            ));
        };
        let report = match self.tally.locked_report() {
            Some(r) => r,
            None => report::monthly_report(&self.rules, &self.tally.replay, month, false),
        };
        Ok(self.engine.stamp(report))
    }
}

/// The largest number of points one entry, cap or price may carry.
pub(crate) const MAX_POINTS: u64 = 1_000_000;

/// One rule of the catalogue: what a household earns or loses points for.
#[derive(Debug, Clone)]
pub struct PointsRule {
    /// Code and name (e.g. `volunteer`, 参加志愿服务).
    pub label: Named,
    /// Index into the dimensions.
    pub dimension: usize,
    /// Points per entry: positive to earn, negative to deduct.
    pub points: i64,
    /// Most points (in absolute value) per household per day, month and year.
    pub caps: [Option<u64>; 3],
    /// An entry must name its evidence.
    pub evidence: bool,
    /// An entry must name an approver who is not of the household.
    pub approver: bool,
    /// Indexes into the actor roles that may record an entry (empty: anyone).
    pub roles: Vec<usize>,
}

/// A tie-break of the monthly ranking, after the month's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// Fewer points deducted in the month first.
    FewerDeducted,
    /// More points earned in the month first.
    MoreEarned,
    /// The higher balance first (when the month closed, or now while it is open).
    HigherBalance,
    /// The account opened earlier first.
    EarlierOpened,
    /// Household id in code-point order: always last, so that every rank is unique.
    Household,
}

/// The tie-break codes, by [`TieBreak`].
pub(crate) const TIE_BREAKS: [&str; 5] = [
    "fewerDeducted",
    "moreEarned",
    "higherBalance",
    "earlierOpened",
    "household",
];

/// A star grade of the month (星级文明户): the first grade, best first, whose every stated
/// condition holds.
#[derive(Debug, Clone)]
pub struct Grade {
    /// Code and name (e.g. `fiveStar`, 五星级文明户).
    pub label: Named,
    /// The month's points must reach this.
    pub min_points: Option<i64>,
    /// The rank must be this or better.
    pub max_rank: Option<u64>,
}

/// A resident's 1–5 rating of a volunteer's service, turned into points of one rule.
#[derive(Debug, Clone)]
pub struct RatingPoints {
    /// Index of the catalogue rule an `earn` with a `rating` books.
    pub rule: usize,
    /// Points for ratings 1 to 5.
    pub points: [i64; 5],
}

/// An item of the 爱心超市.
#[derive(Debug, Clone)]
pub struct MarketItem {
    /// Code and name.
    pub label: Named,
    /// 生活用品类 (`goods`) or 生活服务类 (`service`).
    pub kind: &'static str,
    /// Price in points.
    pub price: u64,
    /// Stock when the ledger starts.
    pub opening_stock: u64,
    /// Most units one household may redeem per month.
    pub per_household_month: Option<u64>,
}

/// The rulebook section `points`, read and checked.
#[derive(Debug, Clone)]
pub struct PointsRules {
    /// The four virtues (社会公德, 职业道德, 家庭美德, 个人品德).
    pub dimensions: Vec<Named>,
    /// The catalogue.
    pub rules: Vec<PointsRule>,
    /// The account holder must be a woman (积分"户主"为女性); a community may turn it off.
    pub holder_must_be_woman: bool,
    /// Roles of the members of a household (户主, 成员, 老人, 儿童).
    pub member_roles: Vec<Named>,
    /// Largest total adjustment (in absolute value) per household per month at 一月一评比.
    pub evaluation_max: u64,
    /// An evaluation must give its reason.
    pub evaluation_reason: bool,
    /// Smallest balance that may redeem.
    pub min_balance: u64,
    /// The 爱心超市.
    pub market: Vec<MarketItem>,
    /// Who records events (社区书记, 社区工作者, 网格员…).
    pub actor_roles: Vec<Named>,
    /// Roles that may record evaluations and close a month (empty: anyone).
    pub evaluation_roles: Vec<usize>,
    /// Roles that may record redemptions and restocking (empty: anyone).
    pub market_roles: Vec<usize>,
    /// The monthly ranking's tie-breaks after the month's points, with their names.
    pub tie_break: Vec<(TieBreak, Named)>,
    /// Star grades, best first.
    pub grades: Vec<Grade>,
    /// The rating-to-points table.
    pub ratings: Option<RatingPoints>,
    /// Rule code digest → index into `rules`, for the replay's lookups.
    pub(crate) rule_index: event::FastMap<u128, u32>,
}

impl PointsRules {
    /// Points a 1–5 rating of a volunteer's service earns (the table `ratings`), if the
    /// rulebook has one and the rating is in range.
    pub fn rating_points(&self, rating: u8) -> Option<i64> {
        let table = self.ratings.as_ref()?;
        (1..=5)
            .contains(&rating)
            .then(|| table.points[usize::from(rating) - 1])
    }
}

/// A list of role codes (`key`), each one of `roles`; empty when absent.
fn read_roles(
    r: &mut Reader,
    f: &mut Fields<'_>,
    key: &'static str,
    roles: &[String],
) -> Option<Vec<usize>> {
    let Some((v, p)) = f.optional(key) else {
        return Some(Vec::new());
    };
    let list = r.array(v, &p)?;
    let codes: Vec<&str> = roles.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in list.iter().enumerate() {
        match r.choice(v, &crate::read::index(&p, i), &codes) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => ok = false,
        }
    }
    if ok && out.is_empty() {
        r.report(
            Code::OutOfRange,
            &p,
            "至少需要一个角色（不限角色时省略此项）",
        );
        return None;
    }
    ok.then_some(out)
}

fn signed_points(r: &mut Reader, f: &mut Fields<'_>, key: &'static str) -> Option<i64> {
    let (v, p) = f.required(r, key)?;
    read_signed(r, v, &p)
}

/// A whole number of points, positive or negative, within ±[`MAX_POINTS`].
pub(crate) fn read_signed(r: &mut Reader, v: &Value, path: &str) -> Option<i64> {
    let Some(x) = v.as_f64().filter(|_| v.is_number()) else {
        r.report(Code::WrongType, path, "应为整数");
        return None;
    };
    if x.fract() != 0.0 {
        r.report(
            Code::NotInteger,
            path,
            format!("应为整数，收到 {}", crate::read::fmt_num(x)),
        );
        return None;
    }
    if x.abs() > MAX_POINTS as f64 {
        r.report(Code::OutOfRange, path, format!("超出范围 ±{MAX_POINTS}"));
        return None;
    }
    Some(x as i64)
}

impl PointsRules {
    /// Reads the section (every problem reported with its path).
    pub(crate) fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<PointsRules> {
        let base = f.path().to_string();
        let dimensions = read_list(r, &mut f, "dimensions", |r, mut g| {
            let n = read_named(r, &mut g);
            g.finish(r);
            n
        });
        let actor_roles = match f.optional("actorRoles") {
            None => Some(Vec::new()),
            Some(_) => read_list(r, &mut f, "actorRoles", |r, mut g| {
                let n = read_named(r, &mut g);
                g.finish(r);
                n
            }),
        };
        let role_codes: Vec<String> = actor_roles
            .iter()
            .flatten()
            .map(|d| d.code.clone())
            .collect();
        let dim_codes: Vec<String> = dimensions
            .iter()
            .flatten()
            .map(|d| d.code.clone())
            .collect();
        let rules = read_list(r, &mut f, "rules", |r, mut g| {
            let label = read_named(r, &mut g);
            let dimension = g.required(r, "dimension").and_then(|(v, p)| {
                let codes: Vec<&str> = dim_codes.iter().map(String::as_str).collect();
                r.choice(v, &p, &codes)
            });
            let points = signed_points(r, &mut g, "points");
            if points == Some(0) {
                r.report(Code::OutOfRange, &g.path_of("points"), "积分不能为 0");
            }
            let mut caps = [None; 3];
            if let Some((v, p)) = g.optional("caps") {
                if let Some(mut c) = r.object(v, &p) {
                    for (i, key) in ["day", "month", "year"].into_iter().enumerate() {
                        if let Some((v, p)) = c.optional(key) {
                            caps[i] = r.integer(v, &p, 1, MAX_POINTS);
                        }
                    }
                    c.finish(r);
                }
            }
            let evidence = g.optional("evidence").map(|(v, p)| r.boolean(v, &p));
            let approver = g.optional("approver").map(|(v, p)| r.boolean(v, &p));
            let roles = read_roles(r, &mut g, "roles", &role_codes);
            g.finish(r);
            Some(PointsRule {
                label: label?,
                dimension: dimension?,
                points: points.filter(|&p| p != 0)?,
                caps,
                evidence: evidence.unwrap_or(Some(false))?,
                approver: approver.unwrap_or(Some(false))?,
                roles: roles?,
            })
        });
        let households = f.object(r, "households").and_then(|mut g| {
            let woman = g
                .required(r, "holderMustBeWoman")
                .and_then(|(v, p)| r.boolean(v, &p));
            let roles = read_list(r, &mut g, "memberRoles", |r, mut h| {
                let n = read_named(r, &mut h);
                h.finish(r);
                n
            });
            g.finish(r);
            Some((woman?, roles?))
        });
        let evaluation = f.object(r, "evaluation").and_then(|mut g| {
            let max = g.integer(r, "maxAdjustment", 1, MAX_POINTS);
            let reason = g
                .required(r, "reasonRequired")
                .and_then(|(v, p)| r.boolean(v, &p));
            let roles = read_roles(r, &mut g, "roles", &role_codes);
            g.finish(r);
            Some((max?, reason?, roles?))
        });
        let market = f.object(r, "market").and_then(|mut g| {
            let min = g.integer(r, "minBalance", 0, MAX_POINTS);
            let items = read_list(r, &mut g, "items", |r, mut h| {
                let label = read_named(r, &mut h);
                let kind = h
                    .required(r, "kind")
                    .and_then(|(v, p)| r.choice(v, &p, &["goods", "service"]))
                    .map(|i| ["goods", "service"][i]);
                let price = h.integer(r, "price", 1, MAX_POINTS);
                let stock = h.integer(r, "stock", 0, MAX_POINTS);
                let per = h
                    .optional("perHouseholdMonth")
                    .map(|(v, p)| r.integer(v, &p, 1, MAX_POINTS));
                h.finish(r);
                Some(MarketItem {
                    label: label?,
                    kind: kind?,
                    price: price?,
                    opening_stock: stock?,
                    per_household_month: per.map_or(Some(None), |x| x.map(Some))?,
                })
            });
            let roles = read_roles(r, &mut g, "roles", &role_codes);
            g.finish(r);
            Some((min?, items?, roles?))
        });
        let ranking = f.object(r, "ranking").and_then(|mut g| {
            let tie_break = read_list(r, &mut g, "tieBreak", |r, mut h| {
                let n = read_named(r, &mut h);
                let code_path = h.path_of("code");
                h.finish(r);
                let n = n?;
                let Some(i) = TIE_BREAKS.iter().position(|t| *t == n.code) else {
                    r.report(
                        Code::InvalidValue,
                        &code_path,
                        format!("\"{}\" 不是可选值之一：{}", n.code, TIE_BREAKS.join(" / ")),
                    );
                    return None;
                };
                let kind = [
                    TieBreak::FewerDeducted,
                    TieBreak::MoreEarned,
                    TieBreak::HigherBalance,
                    TieBreak::EarlierOpened,
                    TieBreak::Household,
                ][i];
                Some((kind, n))
            });
            let path = g.path_of("tieBreak");
            if let Some(list) = &tie_break {
                if list.last().map(|t| t.0) != Some(TieBreak::Household) {
                    r.report(
                        Code::InvalidValue,
                        &path,
                        "最后一条须为 household（按户号），名次才唯一",
                    );
                }
            }
            let grades = read_list(r, &mut g, "grades", |r, mut h| {
                let label = read_named(r, &mut h);
                let min_points = h.optional("minPoints").map(|(v, p)| read_signed(r, v, &p));
                let max_rank = h
                    .optional("maxRank")
                    .map(|(v, p)| r.integer(v, &p, 1, MAX_POINTS));
                if min_points.is_none() && max_rank.is_none() {
                    r.report(
                        Code::MissingField,
                        h.path(),
                        "星级须有 minPoints 或 maxRank 至少一项条件",
                    );
                }
                h.finish(r);
                Some(Grade {
                    label: label?,
                    min_points: min_points.map_or(Some(None), |x| x.map(Some))?,
                    max_rank: max_rank.map_or(Some(None), |x| x.map(Some))?,
                })
            });
            g.finish(r);
            Some((tie_break?, grades?))
        });
        let ratings = f.optional("ratings").and_then(|(v, p)| {
            let mut g = r.object(v, &p)?;
            let rule = g.required(r, "rule").and_then(|(v, p)| {
                // With the catalogue broken (already reported) the code cannot be checked.
                let catalogue = rules.as_ref()?;
                let codes: Vec<&str> = catalogue.iter().map(|x| x.label.code.as_str()).collect();
                let i = r.choice(v, &p, &codes)?;
                let positive = catalogue.get(i)?.points > 0;
                if !positive {
                    r.report(Code::InvalidValue, &p, "评分记分的规则须是加分规则（earn）");
                }
                positive.then_some(i)
            });
            let points = g.object(r, "points").and_then(|mut h| {
                let mut out = [0i64; 5];
                let mut ok = true;
                for (i, key) in ["1", "2", "3", "4", "5"].into_iter().enumerate() {
                    match h.integer(r, key, 0, MAX_POINTS) {
                        Some(x) => out[i] = x as i64,
                        None => ok = false,
                    }
                }
                h.finish(r);
                ok.then_some(out)
            });
            g.finish(r);
            Some(RatingPoints {
                rule: rule?,
                points: points?,
            })
        });
        f.finish(r);
        let (dimensions, rules) = (dimensions?, rules?);
        for (what, codes, path) in [
            (
                "维度代码",
                dimensions
                    .iter()
                    .map(|d| d.code.as_str())
                    .collect::<Vec<_>>(),
                "dimensions",
            ),
            (
                "规则代码",
                rules.iter().map(|d| d.label.code.as_str()).collect(),
                "rules",
            ),
            (
                "角色代码",
                actor_roles
                    .iter()
                    .flatten()
                    .map(|d| d.code.as_str())
                    .collect(),
                "actorRoles",
            ),
        ] {
            r.unique_at(
                &format!("{base}/{path}"),
                "code",
                &mut codes.iter().copied(),
                what,
            );
        }
        let (holder_must_be_woman, member_roles) = households?;
        let (evaluation_max, evaluation_reason, evaluation_roles) = evaluation?;
        let (min_balance, market, market_roles) = market?;
        let (tie_break, grades) = ranking?;
        let mut rule_index = event::FastMap::default();
        for (i, rule) in rules.iter().enumerate() {
            rule_index.insert(event::text_digest(&rule.label.code), i as u32);
        }
        Some(PointsRules {
            dimensions,
            rules,
            holder_must_be_woman,
            member_roles,
            evaluation_max,
            evaluation_reason,
            min_balance,
            market,
            actor_roles: actor_roles?,
            evaluation_roles,
            market_roles,
            tie_break,
            grades,
            ratings,
            rule_index,
        })
    }

    /// The rule of a code.
    #[cfg(test)]
    pub(crate) fn rule(&self, code: &str) -> Option<&PointsRule> {
        self.rules.iter().find(|r| r.label.code == code)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A small section for the tests.
    pub(crate) fn section() -> Value {
        json!({
            "dimensions": [
                {"code": "public", "name": "社会公德"}, {"code": "work", "name": "职业道德"},
                {"code": "family", "name": "家庭美德"}, {"code": "personal", "name": "个人品德"}
            ],
            "rules": [
                {"code": "volunteer", "name": "参加志愿服务", "dimension": "public", "points": 5,
                 "caps": {"day": 10, "month": 30}, "evidence": true},
                {"code": "mediate", "name": "调解邻里纠纷", "dimension": "family", "points": 10, "approver": true},
                {"code": "clutter", "name": "楼道乱堆乱放", "dimension": "public", "points": -5}
            ],
            "households": {"holderMustBeWoman": true, "memberRoles": [
                {"code": "head", "name": "户主"}, {"code": "member", "name": "成员"},
                {"code": "elder", "name": "老人"}, {"code": "child", "name": "儿童"}]},
            "evaluation": {"maxAdjustment": 20, "reasonRequired": true},
            "market": {"minBalance": 10, "items": [
                {"code": "rice", "name": "大米 5 斤", "kind": "goods", "price": 30, "stock": 2, "perHouseholdMonth": 1},
                {"code": "haircut", "name": "理发一次", "kind": "service", "price": 10, "stock": 100}
            ]},
            "ranking": {
                "tieBreak": [{"code": "fewerDeducted", "name": "扣分少者在前"}, {"code": "household", "name": "按户号"}],
                "grades": [{"code": "star", "name": "星级文明户", "minPoints": 10}]
            }
        })
    }

    pub(crate) fn rules() -> PointsRules {
        let v = section();
        let mut r = Reader::new();
        let f = r.object(&v, "/points").unwrap();
        let rules = PointsRules::read(&mut r, f);
        assert!(!r.has_problems(), "{:?}", r.into_diagnostics());
        rules.unwrap()
    }

    #[test]
    fn reads_the_section() {
        let p = rules();
        assert_eq!(p.dimensions.len(), 4);
        assert_eq!(
            p.rule("volunteer").unwrap().caps,
            [Some(10), Some(30), None]
        );
        assert_eq!(p.rule("clutter").unwrap().points, -5);
        assert!(p.holder_must_be_woman);
    }

    #[test]
    fn reports_bad_sections_with_paths() {
        let mut v = section();
        v["rules"][0]["dimension"] = json!("nope");
        v["rules"][1]["points"] = json!(0);
        v["rules"][2]["points"] = json!(1.5);
        v["market"]["items"][0]["kind"] = json!("food");
        v["rules"][2]["code"] = json!("volunteer");
        let mut r = Reader::new();
        let f = r.object(&v, "/points").unwrap();
        assert!(PointsRules::read(&mut r, f).is_none());
        let paths: Vec<String> = r.into_diagnostics().into_iter().map(|d| d.path).collect();
        for p in [
            "/points/rules/0/dimension",
            "/points/rules/1/points",
            "/points/rules/2/points",
            "/points/market/items/0/kind",
        ] {
            assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
        }
    }
}
