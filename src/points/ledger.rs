//! Replays the append-only events of the points ledger (DOMAIN §2): balances per household in
//! total, by dimension, by member and by month; the 爱心超市 stock; what was rejected and why.
//!
//! A rejected event changes nothing and the events after it still apply. The same key with the
//! same content again is a harmless duplicate (listed, counted once); the same key with other
//! content is rejected. Invariants: no balance below 0, no stock below 0, caps per rule, an
//! approver from outside the household, nothing after `asOf`, nothing into a closed month, a
//! key reversed at most once, `closeMonth` only after its month has ended.

use super::moment::{day_number_text, month_number, month_text, Moment};
use super::{read_signed, PointsRules, MAX_POINTS};
use crate::error::Code;
use crate::label::MAX_NAME_CHARS;
use crate::read::{index, Reader};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Points of one dimension.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DimensionPoints {
    /// Dimension code.
    pub code: String,
    /// Dimension name.
    pub name: String,
    /// Points earned less points deducted, in this dimension.
    pub points: i64,
}

/// One month of a household.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct MonthPoints {
    /// `YYYY-MM`.
    pub month: String,
    /// Points earned (entries and positive evaluations).
    pub earned: i64,
    /// Points deducted (entries and negative evaluations), as a positive number.
    pub deducted: i64,
    /// Points redeemed at the 爱心超市.
    pub redeemed: i64,
}

/// One household's account.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Account {
    /// The household's id.
    pub household: String,
    /// The account holder (a member id).
    pub holder: String,
    /// Balance: all points earned less deducted less redeemed.
    pub balance: i64,
    /// Earned less deducted, per dimension.
    #[serde(rename = "byDimension")]
    pub by_dimension: Vec<DimensionPoints>,
    /// Earned less deducted, per member who did it (evaluations and redemptions are the
    /// household's).
    #[serde(rename = "byMember")]
    pub by_member: BTreeMap<String, i64>,
    /// Per month, in order.
    #[serde(rename = "byMonth")]
    pub by_month: Vec<MonthPoints>,
}

/// Stock of an item of the 爱心超市.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stock {
    /// Item code.
    pub code: String,
    /// Item name.
    pub name: String,
    /// Units left.
    pub stock: u64,
    /// Units redeemed.
    pub redeemed: u64,
}

/// An event that did not apply.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rejected {
    /// Its index in the events.
    pub index: usize,
    /// Its key, when it has one.
    pub key: Option<String>,
    /// Stable code.
    pub code: Code,
    /// JSON pointer into the events.
    pub path: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// A repeated event (same key, same content): counted once.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Duplicate {
    /// Its index in the events.
    pub index: usize,
    /// The key.
    pub key: String,
    /// Index of the event it repeats.
    pub first: usize,
}

/// The replayed ledger.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ledger {
    /// Accounts in the order they were opened.
    pub households: Vec<Account>,
    /// The 爱心超市 stock, in catalogue order.
    pub market: Vec<Stock>,
    /// Closed months, in order.
    #[serde(rename = "closedMonths")]
    pub closed_months: Vec<String>,
    /// Events that applied.
    pub accepted: usize,
    /// Repeats of an applied event.
    pub duplicates: Vec<Duplicate>,
    /// Events that did not apply.
    pub rejected: Vec<Rejected>,
}

/// What an applied event did, kept so that a `reverse` can undo it.
#[derive(Debug, Clone)]
enum Effect {
    Points {
        household: usize,
        member: Option<String>,
        rule: Option<usize>,
        dimension: usize,
        points: i64,
        /// Day, month and year of the entry (China time), for the caps.
        when: [u32; 3],
        evaluation: bool,
    },
    Redeem {
        household: usize,
        item: usize,
        qty: u64,
        cost: i64,
        month: u32,
    },
    Restock {
        item: usize,
        qty: u64,
    },
    Other,
}

struct HouseState {
    id: String,
    holder: String,
    members: Vec<String>,
    balance: i64,
    by_dimension: Vec<i64>,
    by_member: BTreeMap<String, i64>,
    /// Per month number, in order.
    by_month: Vec<(u32, MonthPoints)>,
    /// Per (rule, period key): absolute points so far.
    /// Counters under packed keys (see [`cap_key`], [`evaluated_key`], [`redeemed_key`]):
    /// points per rule and period, evaluation per month, units per item and month.
    counters: BTreeMap<u64, u64>,
}

pub(crate) struct Replay<'a> {
    rules: &'a PointsRules,
    houses: Vec<HouseState>,
    house_index: BTreeMap<String, usize>,
    stock: Vec<u64>,
    redeemed_units: Vec<u64>,
    closed: Vec<String>,
    /// Key → (index, content, effect, reversed?).
    keys: BTreeMap<String, usize>,
    /// Applied events: index (into the events replayed), effect, reversed.
    entries: Vec<(usize, Effect, bool)>,
}

/// An event's problem: code, path below the event, message.
type Problem = (Code, String, String);

fn problem(code: Code, path: &str, message: impl Into<String>) -> Problem {
    (code, path.to_string(), message.into())
}

fn text_field<'v>(
    e: &'v serde_json::Map<String, Value>,
    key: &str,
    base: &str,
) -> Result<&'v str, Problem> {
    match e.get(key) {
        None | Some(Value::Null) => Err(problem(
            Code::MissingField,
            &format!("{base}/{key}"),
            format!("缺少必填字段 {key}"),
        )),
        Some(Value::String(s))
            if !s.trim().is_empty() && s.chars().count() <= MAX_NAME_CHARS * 2 =>
        {
            Ok(s)
        }
        Some(Value::String(_)) => Err(problem(
            Code::InvalidValue,
            &format!("{base}/{key}"),
            format!("{key} 应为 1–{} 个字符的文本", MAX_NAME_CHARS * 2),
        )),
        Some(_) => Err(problem(
            Code::WrongType,
            &format!("{base}/{key}"),
            format!("{key} 应为文本"),
        )),
    }
}

fn optional_text<'v>(
    e: &'v serde_json::Map<String, Value>,
    key: &str,
    base: &str,
) -> Result<Option<&'v str>, Problem> {
    match e.get(key) {
        None | Some(Value::Null) => Ok(None),
        _ => text_field(e, key, base).map(Some),
    }
}

fn cap_key(rule: usize, period: usize, number: u32) -> u64 {
    ((rule as u64) << 34) | ((period as u64) << 32) | u64::from(number)
}
fn evaluated_key(month: u32) -> u64 {
    (1 << 62) | u64::from(month)
}
fn redeemed_key(item: usize, month: u32) -> u64 {
    (2 << 62) | ((item as u64) << 32) | u64::from(month)
}

/// A household's figures of one month (by month number), added in order when missing.
fn month_points(months: &mut Vec<(u32, MonthPoints)>, month: u32) -> &mut MonthPoints {
    let i = match months.binary_search_by_key(&month, |m| m.0) {
        Ok(i) => i,
        Err(i) => {
            let text = month_text(month as i32);
            months.insert(
                i,
                (
                    month,
                    MonthPoints {
                        month: text,
                        ..MonthPoints::default()
                    },
                ),
            );
            i
        }
    };
    &mut months[i].1
}

const TYPES: [&str; 8] = [
    "openAccount",
    "earn",
    "deduct",
    "evaluate",
    "redeem",
    "restock",
    "reverse",
    "closeMonth",
];

impl<'a> Replay<'a> {
    fn house(&self, e: &serde_json::Map<String, Value>, base: &str) -> Result<usize, Problem> {
        let id = text_field(e, "household", base)?;
        self.house_index.get(id).copied().ok_or_else(|| {
            problem(
                Code::InvalidValue,
                &format!("{base}/household"),
                format!("没有户 {id} 的积分账户（先 openAccount）"),
            )
        })
    }

    fn open_month(&self, month: &str, base: &str) -> Result<(), Problem> {
        if self.closed.iter().any(|m| m == month) {
            return Err(problem(
                Code::Inconsistent,
                &format!("{base}/at"),
                format!("{month} 已结月，不能再记入"),
            ));
        }
        Ok(())
    }

    /// Checks one event and says what it would do, changing nothing.
    fn check(
        &self,
        e: &serde_json::Map<String, Value>,
        kind: &str,
        at: Moment,
        base: &str,
    ) -> Result<Effect, Problem> {
        let day = at.day.max(0) as u32;
        let month_n = at.month().max(0) as u32;
        let month = month_text(at.month());
        let year = at.year().max(0) as u32;
        match kind {
            "openAccount" => {
                let id = text_field(e, "household", base)?;
                if self.house_index.contains_key(id) {
                    return Err(problem(
                        Code::Duplicate,
                        &format!("{base}/household"),
                        format!("户 {id} 已有积分账户"),
                    ));
                }
                text_field(e, "member", base)?;
                if self.rules.holder_must_be_woman {
                    match e.get("gender").and_then(Value::as_str) {
                        Some("female") => {}
                        Some("male") => {
                            return Err(problem(
                                Code::InvalidValue,
                                &format!("{base}/gender"),
                                "积分账户的户主应为女性（规则库 households.holderMustBeWoman）",
                            ))
                        }
                        _ => {
                            return Err(problem(
                                Code::MissingField,
                                &format!("{base}/gender"),
                                "缺少户主性别 gender（female 或 male）",
                            ))
                        }
                    }
                }
                if let Some(members) = e.get("members") {
                    let Some(list) = members.as_array() else {
                        return Err(problem(
                            Code::WrongType,
                            &format!("{base}/members"),
                            "members 应为数组",
                        ));
                    };
                    for (i, m) in list.iter().enumerate() {
                        let p = format!("{base}/members/{i}");
                        let Some(m) = m.as_object() else {
                            return Err(problem(
                                Code::WrongType,
                                &p,
                                "成员应为对象 { member, role }",
                            ));
                        };
                        text_field(m, "member", &p)?;
                        let role = text_field(m, "role", &p)?;
                        if !self.rules.member_roles.iter().any(|r| r.code == role) {
                            return Err(problem(
                                Code::InvalidValue,
                                &format!("{p}/role"),
                                format!("未知的成员角色 {role}"),
                            ));
                        }
                    }
                }
                Ok(Effect::Other)
            }
            "earn" | "deduct" | "evaluate" => {
                let h = self.house(e, base)?;
                self.open_month(&month, base)?;
                let house = &self.houses[h];
                let member = optional_text(e, "member", base)?.map(str::to_string);
                if let Some(m) = &member {
                    if !house.members.contains(m) {
                        return Err(problem(
                            Code::InvalidValue,
                            &format!("{base}/member"),
                            format!("{m} 不是户 {} 的成员", house.id),
                        ));
                    }
                }
                if kind == "evaluate" {
                    let dim = text_field(e, "dimension", base)?;
                    let dimension = self
                        .rules
                        .dimensions
                        .iter()
                        .position(|d| d.code == dim)
                        .ok_or_else(|| {
                            problem(
                                Code::InvalidValue,
                                &format!("{base}/dimension"),
                                format!("未知的维度 {dim}"),
                            )
                        })?;
                    let mut r = Reader::new();
                    let points = match e.get("points") {
                        None => {
                            return Err(problem(
                                Code::MissingField,
                                &format!("{base}/points"),
                                "缺少调整分值 points",
                            ))
                        }
                        Some(v) => read_signed(&mut r, v, &format!("{base}/points")),
                    };
                    let Some(points) = points.filter(|&p| p != 0) else {
                        let d = r.into_diagnostics().into_iter().next();
                        return Err(d.map_or_else(
                            || {
                                problem(
                                    Code::OutOfRange,
                                    &format!("{base}/points"),
                                    "调整分值不能为 0",
                                )
                            },
                            |d| (d.code, d.path, d.message),
                        ));
                    };
                    if self.rules.evaluation_reason {
                        text_field(e, "reason", base).map_err(|(c, p, _)| {
                            (c, p, "一月一评比的加减分须写明理由 reason".to_string())
                        })?;
                    }
                    let so_far = house
                        .counters
                        .get(&evaluated_key(month_n))
                        .copied()
                        .unwrap_or(0);
                    if so_far + points.unsigned_abs() > self.rules.evaluation_max {
                        return Err(problem(
                            Code::OutOfRange,
                            &format!("{base}/points"),
                            format!(
                                "{month} 一月一评比对每户的调整合计不超过 {} 分（已调整 {so_far}）",
                                self.rules.evaluation_max
                            ),
                        ));
                    }
                    if house.balance + points < 0 {
                        return Err(problem(
                            Code::OutOfRange,
                            &format!("{base}/points"),
                            format!("余额 {} 不够扣 {}", house.balance, -points),
                        ));
                    }
                    return Ok(Effect::Points {
                        household: h,
                        member,
                        rule: None,
                        dimension,
                        points,
                        when: [day, month_n, year],
                        evaluation: true,
                    });
                }
                let code = text_field(e, "rule", base)?;
                let (ri, rule) = self
                    .rules
                    .rules
                    .iter()
                    .enumerate()
                    .find(|(_, r)| r.label.code == code)
                    .ok_or_else(|| {
                        problem(
                            Code::InvalidValue,
                            &format!("{base}/rule"),
                            format!("积分规则中没有 {code}"),
                        )
                    })?;
                if (kind == "earn") != (rule.points > 0) {
                    return Err(problem(
                        Code::Inconsistent,
                        &format!("{base}/type"),
                        format!(
                            "规则 {}（{:+} 分）应记为 {}",
                            rule.label.name,
                            rule.points,
                            if rule.points > 0 { "earn" } else { "deduct" }
                        ),
                    ));
                }
                if rule.evidence {
                    text_field(e, "evidence", base).map_err(|(c, p, _)| {
                        (c, p, format!("规则 {} 须附证明 evidence", rule.label.name))
                    })?;
                }
                if rule.approver {
                    let approver = text_field(e, "approver", base).map_err(|(c, p, _)| {
                        (
                            c,
                            p,
                            format!("规则 {} 须有审核人 approver", rule.label.name),
                        )
                    })?;
                    if house.members.iter().any(|m| m == approver) {
                        return Err(problem(
                            Code::Inconsistent,
                            &format!("{base}/approver"),
                            format!("审核人 {approver} 是受益户 {} 的成员", house.id),
                        ));
                    }
                }
                let periods = [day, month_n, year];
                for (i, cap) in rule.caps.iter().enumerate() {
                    if let Some(cap) = cap {
                        let so_far = house
                            .counters
                            .get(&cap_key(ri, i, periods[i]))
                            .copied()
                            .unwrap_or(0);
                        if so_far + rule.points.unsigned_abs() > *cap {
                            let name = ["每日", "每月", "每年"][i];
                            return Err(problem(
                                Code::OutOfRange,
                                &format!("{base}/rule"),
                                format!(
                                    "规则 {} 每户{name}上限 {cap} 分（{}，已记 {so_far}）",
                                    rule.label.name,
                                    [day_number_text(day), month.clone(), year.to_string()][i]
                                ),
                            ));
                        }
                    }
                }
                if house.balance + rule.points < 0 {
                    return Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/rule"),
                        format!("余额 {} 不够扣 {}", house.balance, -rule.points),
                    ));
                }
                Ok(Effect::Points {
                    household: h,
                    member,
                    rule: Some(ri),
                    dimension: rule.dimension,
                    points: rule.points,
                    when: [day, month_n, year],
                    evaluation: false,
                })
            }
            "redeem" | "restock" => {
                let code = text_field(e, "item", base)?;
                let item = self
                    .rules
                    .market
                    .iter()
                    .position(|i| i.label.code == code)
                    .ok_or_else(|| {
                        problem(
                            Code::InvalidValue,
                            &format!("{base}/item"),
                            format!("爱心超市没有 {code}"),
                        )
                    })?;
                let qty = match e.get("qty") {
                    Some(v) => {
                        let mut r = Reader::new();
                        r.integer(v, &format!("{base}/qty"), 1, MAX_POINTS)
                            .ok_or_else(|| {
                                let d = r.into_diagnostics().remove(0);
                                (d.code, d.path, d.message)
                            })?
                    }
                    None => {
                        return Err(problem(
                            Code::MissingField,
                            &format!("{base}/qty"),
                            "缺少数量 qty",
                        ))
                    }
                };
                if kind == "restock" {
                    return Ok(Effect::Restock { item, qty });
                }
                let h = self.house(e, base)?;
                self.open_month(&month, base)?;
                let house = &self.houses[h];
                let it = &self.rules.market[item];
                if self.stock[item] < qty {
                    return Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/qty"),
                        format!("{} 库存只剩 {}", it.label.name, self.stock[item]),
                    ));
                }
                if let Some(limit) = it.per_household_month {
                    let so_far = house
                        .counters
                        .get(&redeemed_key(item, month_n))
                        .copied()
                        .unwrap_or(0);
                    if so_far + qty > limit {
                        return Err(problem(
                            Code::OutOfRange,
                            &format!("{base}/qty"),
                            format!(
                                "{} 每户每月限兑 {limit}（{month} 已兑 {so_far}）",
                                it.label.name
                            ),
                        ));
                    }
                }
                let cost = (it.price * qty) as i64;
                if house.balance < self.rules.min_balance as i64 {
                    return Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/household"),
                        format!(
                            "余额 {} 未达到兑换门槛 {}",
                            house.balance, self.rules.min_balance
                        ),
                    ));
                }
                if house.balance < cost {
                    return Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/qty"),
                        format!(
                            "余额 {} 不够兑换 {} × {}（需 {cost}）",
                            house.balance, it.label.name, qty
                        ),
                    ));
                }
                Ok(Effect::Redeem {
                    household: h,
                    item,
                    qty,
                    cost,
                    month: month_n,
                })
            }
            "reverse" => {
                let key = text_field(e, "reverses", base)?;
                let Some((_, effect, reversed)) = self.keys.get(key).map(|&i| &self.entries[i])
                else {
                    return Err(problem(
                        Code::InvalidValue,
                        &format!("{base}/reverses"),
                        format!("没有已记入的事件 {key}"),
                    ));
                };
                if *reversed {
                    return Err(problem(
                        Code::Inconsistent,
                        &format!("{base}/reverses"),
                        format!("事件 {key} 已冲正过"),
                    ));
                }
                text_field(e, "reason", base)
                    .map_err(|(c, p, _)| (c, p, "冲正须写明理由 reason".to_string()))?;
                self.open_month(&month, base)?;
                match effect {
                    Effect::Points {
                        household, points, ..
                    } if self.houses[*household].balance - points < 0 => Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/reverses"),
                        format!(
                            "冲正后余额会低于 0（余额 {}）",
                            self.houses[*household].balance
                        ),
                    )),
                    Effect::Restock { item, qty } if self.stock[*item] < *qty => Err(problem(
                        Code::OutOfRange,
                        &format!("{base}/reverses"),
                        format!("冲正后库存会低于 0（库存 {}）", self.stock[*item]),
                    )),
                    Effect::Other => Err(problem(
                        Code::InvalidValue,
                        &format!("{base}/reverses"),
                        format!("事件 {key} 不能冲正"),
                    )),
                    _ => Ok(Effect::Other),
                }
            }
            "closeMonth" => {
                let m = text_field(e, "month", base)?;
                let Some(number) = month_number(m) else {
                    return Err(problem(
                        Code::InvalidDate,
                        &format!("{base}/month"),
                        format!("月份应为 YYYY-MM，收到 {m}"),
                    ));
                };
                if self.closed.iter().any(|c| c == m) {
                    return Err(problem(
                        Code::Inconsistent,
                        &format!("{base}/month"),
                        format!("{m} 已结月"),
                    ));
                }
                if at.month() <= number {
                    return Err(problem(
                        Code::Inconsistent,
                        &format!("{base}/at"),
                        format!(
                            "{m} 还没过完，{} 起才能结月（北京时间）",
                            month_text(number + 1)
                        ),
                    ));
                }
                Ok(Effect::Other)
            }
            other => Err(problem(
                Code::InvalidValue,
                &format!("{base}/type"),
                format!("未知的事件类型 {other}"),
            )),
        }
    }

    fn apply(
        &mut self,
        e: &serde_json::Map<String, Value>,
        kind: &str,
        effect: &Effect,
        at: Moment,
    ) {
        let month = at.month().max(0) as u32;
        match kind {
            "openAccount" => {
                let id = e["household"].as_str().unwrap_or_default().to_string();
                let holder = e["member"].as_str().unwrap_or_default().to_string();
                let mut members = vec![holder.clone()];
                for m in e
                    .get("members")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(id) = m.get("member").and_then(Value::as_str) {
                        if !members.iter().any(|x| x == id) {
                            members.push(id.to_string());
                        }
                    }
                }
                self.house_index.insert(id.clone(), self.houses.len());
                self.houses.push(HouseState {
                    id,
                    holder,
                    members,
                    balance: 0,
                    by_dimension: vec![0; self.rules.dimensions.len()],
                    by_member: BTreeMap::new(),
                    by_month: Vec::new(),
                    counters: BTreeMap::new(),
                });
            }
            "closeMonth" => {
                let m = e["month"].as_str().unwrap_or_default().to_string();
                let at = self.closed.partition_point(|c| *c < m);
                self.closed.insert(at, m);
            }
            "reverse" => {
                let key = e["reverses"].as_str().unwrap_or_default();
                let Some(&entry) = self.keys.get(key) else {
                    return;
                };
                self.entries[entry].2 = true;
                let original = self.entries[entry].1.clone();
                self.effect(&original, -1, month);
            }
            _ => self.effect(effect, 1, month),
        }
    }

    /// Applies an effect (`sign` 1) or undoes it (`sign` −1, booked in `month`).
    fn effect(&mut self, effect: &Effect, sign: i64, month: u32) {
        fn bump(c: &mut u64, sign: i64, by: u64) {
            *c = if sign > 0 {
                *c + by
            } else {
                c.saturating_sub(by)
            };
        }
        match effect {
            Effect::Points {
                household,
                member,
                rule,
                dimension,
                points,
                when,
                evaluation,
            } => {
                let h = &mut self.houses[*household];
                let p = points * sign;
                h.balance += p;
                h.by_dimension[*dimension] += p;
                if let Some(m) = member {
                    *h.by_member.entry(m.clone()).or_insert(0) += p;
                }
                let mp = month_points(&mut h.by_month, if sign > 0 { when[1] } else { month });
                if p > 0 {
                    mp.earned += p;
                } else {
                    mp.deducted -= p;
                }
                let abs = points.unsigned_abs();
                if let Some(ri) = rule {
                    for (i, &period) in when.iter().enumerate() {
                        bump(
                            h.counters.entry(cap_key(*ri, i, period)).or_insert(0),
                            sign,
                            abs,
                        );
                    }
                }
                if *evaluation {
                    bump(
                        h.counters.entry(evaluated_key(when[1])).or_insert(0),
                        sign,
                        abs,
                    );
                }
            }
            Effect::Redeem {
                household,
                item,
                qty,
                cost,
                month: m,
            } => {
                let h = &mut self.houses[*household];
                h.balance -= cost * sign;
                month_points(&mut h.by_month, if sign > 0 { *m } else { month }).redeemed +=
                    cost * sign;
                bump(
                    h.counters.entry(redeemed_key(*item, *m)).or_insert(0),
                    sign,
                    *qty,
                );
                if sign > 0 {
                    self.stock[*item] -= qty;
                    self.redeemed_units[*item] += qty;
                } else {
                    self.stock[*item] += qty;
                    self.redeemed_units[*item] = self.redeemed_units[*item].saturating_sub(*qty);
                }
            }
            Effect::Restock { item, qty } => {
                if sign > 0 {
                    self.stock[*item] += qty;
                } else {
                    self.stock[*item] -= qty;
                }
            }
            Effect::Other => {}
        }
    }
}

impl<'a> Replay<'a> {
    /// The balance of a household's account, if it is open.
    pub(crate) fn balance_of(&self, household: &str) -> Option<i64> {
        self.house_index
            .get(household)
            .map(|&h| self.houses[h].balance)
    }

    /// Units of an item in stock.
    pub(crate) fn stock_of(&self, item: usize) -> u64 {
        self.stock[item]
    }

    pub(crate) fn new(rules: &'a PointsRules) -> Replay<'a> {
        Replay {
            rules,
            houses: Vec::new(),
            house_index: BTreeMap::new(),
            stock: rules.market.iter().map(|i| i.opening_stock).collect(),
            redeemed_units: vec![0; rules.market.len()],
            closed: Vec::new(),
            keys: BTreeMap::new(),
            entries: Vec::new(),
        }
    }

    /// Applies event `i`: `Ok(None)` when it applied, `Ok(Some(first))` for a harmless repeat
    /// of event `first`, the problem when it was rejected (and changed nothing).
    pub(crate) fn step(
        &mut self,
        i: usize,
        v: &Value,
        earlier: &[Value],
        as_of: Option<Moment>,
    ) -> Result<Option<usize>, Problem> {
        let base = index("", i);
        let Some(e) = v.as_object() else {
            return Err(problem(Code::WrongType, &base, "事件应为对象"));
        };
        let key = text_field(e, "key", &base)?;
        if let Some(&entry) = self.keys.get(key) {
            let first = self.entries[entry].0;
            if earlier
                .get(first)
                .is_some_and(|content| super::seal::same_content(content, v))
            {
                return Ok(Some(first));
            }
            return Err(problem(
                Code::Duplicate,
                &format!("{base}/key"),
                format!("键 {key} 已用于第 {first} 个事件，内容不同"),
            ));
        }
        let kind = text_field(e, "type", &base)?;
        if !TYPES.contains(&kind) {
            return Err(problem(
                Code::InvalidValue,
                &format!("{base}/type"),
                format!("未知的事件类型 {kind}（应为 {}）", TYPES.join("、")),
            ));
        }
        let at_text = text_field(e, "at", &base)?;
        let at = Moment::parse(at_text).ok_or_else(|| {
            problem(
                Code::InvalidDate,
                &format!("{base}/at"),
                format!("时间应为 ISO 格式并带时区，如 2026-11-05T09:30:00+08:00，收到 {at_text}"),
            )
        })?;
        if let Some(limit) = as_of {
            if at > limit {
                return Err(problem(
                    Code::Inconsistent,
                    &format!("{base}/at"),
                    format!("{at_text} 晚于 asOf，不计入"),
                ));
            }
        }
        let effect = self.check(e, kind, at, &base)?;
        self.apply(e, kind, &effect, at);
        self.keys.insert(key.to_string(), self.entries.len());
        self.entries.push((i, effect, false));
        Ok(None)
    }
}

/// Replays `events` (JSON records) under `rules`; events after `as_of` do not apply.
pub fn ledger(rules: &PointsRules, events: &[Value], as_of: Option<Moment>) -> Ledger {
    let mut s = Replay::new(rules);
    let mut accepted = 0;
    let mut duplicates = Vec::new();
    let mut rejected = Vec::new();
    for (i, v) in events.iter().enumerate() {
        match s.step(i, v, events, as_of) {
            Ok(None) => accepted += 1,
            Ok(Some(first)) => duplicates.push(Duplicate {
                index: i,
                key: v
                    .get("key")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                first,
            }),
            Err((code, path, message)) => rejected.push(Rejected {
                index: i,
                key: v.get("key").and_then(Value::as_str).map(str::to_string),
                code,
                path,
                message,
            }),
        }
    }
    let households = s
        .houses
        .iter()
        .map(|h| Account {
            household: h.id.clone(),
            holder: h.holder.clone(),
            balance: h.balance,
            by_dimension: rules
                .dimensions
                .iter()
                .zip(&h.by_dimension)
                .map(|(d, &points)| DimensionPoints {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    points,
                })
                .collect(),
            by_member: h.by_member.clone(),
            by_month: h.by_month.iter().map(|m| m.1.clone()).collect(),
        })
        .collect();
    let market = rules
        .market
        .iter()
        .zip(s.stock.iter().zip(&s.redeemed_units))
        .map(|(i, (&stock, &redeemed))| Stock {
            code: i.label.code.clone(),
            name: i.label.name.clone(),
            stock,
            redeemed,
        })
        .collect();
    Ledger {
        households,
        market,
        closed_months: s.closed,
        accepted,
        duplicates,
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::rules;
    use super::*;
    use serde_json::json;

    fn open(key: &str, h: &str) -> Value {
        json!({"key": key, "type": "openAccount", "at": "2026-10-01T09:00:00+08:00", "household": h, "member": format!("{h}-mother"), "gender": "female",
               "members": [{"member": format!("{h}-father"), "role": "member"}, {"member": format!("{h}-grandpa"), "role": "elder"}]})
    }
    fn earn(key: &str, h: &str, at: &str) -> Value {
        json!({"key": key, "type": "earn", "at": at, "household": h, "member": format!("{h}-father"), "rule": "volunteer", "evidence": "照片", "actor": "网格员王"})
    }

    #[test]
    fn balances_caps_duplicates_and_rejections() {
        let p = rules();
        let events = vec![
            open("o1", "A"),
            earn("e1", "A", "2026-10-02T09:00:00+08:00"),
            earn("e1", "A", "2026-10-02T09:00:00+08:00"), // duplicate
            earn("e2", "A", "2026-10-02T10:00:00+08:00"),
            earn("e3", "A", "2026-10-02T11:00:00+08:00"), // over the daily cap of 10
            json!({"key": "e1", "type": "earn", "at": "2026-10-03T09:00:00+08:00", "household": "A", "rule": "volunteer", "evidence": "x"}), // key reused
            json!({"key": "d1", "type": "deduct", "at": "2026-10-03T09:00:00+08:00", "household": "A", "rule": "clutter"}),
            json!({"key": "m1", "type": "earn", "at": "2026-10-03T09:00:00+08:00", "household": "A", "rule": "mediate", "approver": "A-grandpa"}), // own household
            json!({"key": "m2", "type": "earn", "at": "2026-10-03T09:00:00+08:00", "household": "A", "rule": "mediate", "approver": "社区书记"}),
        ];
        let l = ledger(&p, &events, None);
        assert_eq!(l.accepted, 5, "{:#?}", l.rejected);
        assert_eq!(
            l.duplicates,
            vec![Duplicate {
                index: 2,
                key: "e1".into(),
                first: 1
            }]
        );
        let codes: Vec<(usize, &str)> = l
            .rejected
            .iter()
            .map(|r| (r.index, r.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![(4, "OUT_OF_RANGE"), (5, "DUPLICATE"), (7, "INCONSISTENT")]
        );
        assert!(
            l.rejected[0].message.contains("每日上限 10"),
            "{}",
            l.rejected[0].message
        );
        let a = &l.households[0];
        assert_eq!(a.balance, 5 + 5 - 5 + 10);
        assert_eq!(a.by_dimension[0].points, 5);
        assert_eq!(a.by_dimension[2].points, 10);
        assert_eq!(a.by_member.get("A-father"), Some(&10));
    }

    #[test]
    fn redemption_stock_closed_months_and_reversal() {
        let p = rules();
        let mut events = vec![open("o1", "A")];
        for (i, d) in ["02", "03", "04", "05", "06", "07"].iter().enumerate() {
            events.push(earn(
                &format!("e{i}"),
                "A",
                &format!("2026-10-{d}T09:00:00+08:00"),
            ));
        }
        events.extend([
            json!({"key": "r1", "type": "redeem", "at": "2026-10-20T09:00:00+08:00", "household": "A", "item": "rice", "qty": 1}),
            json!({"key": "r2", "type": "redeem", "at": "2026-10-21T09:00:00+08:00", "household": "A", "item": "rice", "qty": 1}), // monthly limit 1
            json!({"key": "c0", "type": "closeMonth", "at": "2026-10-31T20:00:00+08:00", "month": "2026-10"}), // not over yet
            json!({"key": "c1", "type": "closeMonth", "at": "2026-11-01T08:00:00+08:00", "month": "2026-10"}),
            earn("late", "A", "2026-10-30T09:00:00+08:00"), // into a closed month
            json!({"key": "x1", "type": "reverse", "at": "2026-11-02T09:00:00+08:00", "reverses": "r1", "reason": "误兑"}),
            json!({"key": "x2", "type": "reverse", "at": "2026-11-02T10:00:00+08:00", "reverses": "r1", "reason": "再冲"}),
            json!({"key": "r3", "type": "redeem", "at": "2026-11-03T09:00:00+08:00", "household": "A", "item": "haircut", "qty": 4}), // 40 > 30
        ]);
        let l = ledger(&p, &events, None);
        let codes: Vec<(usize, &str)> = l
            .rejected
            .iter()
            .map(|r| (r.index, r.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (8, "OUT_OF_RANGE"),
                (9, "INCONSISTENT"),
                (11, "INCONSISTENT"),
                (13, "INCONSISTENT"),
                (14, "OUT_OF_RANGE")
            ],
            "{:#?}",
            l.rejected
        );
        let a = &l.households[0];
        assert_eq!(a.balance, 30, "30 earned, 30 redeemed and given back");
        assert_eq!(l.market[0].stock, 2);
        assert_eq!(l.closed_months, vec!["2026-10"]);
        let nov = a.by_month.iter().find(|m| m.month == "2026-11").unwrap();
        assert_eq!(nov.redeemed, -30, "the reversal lands in the open month");
    }

    #[test]
    fn as_of_holder_and_bad_events() {
        let p = rules();
        let events = vec![
            json!({"key": "o1", "type": "openAccount", "at": "2026-10-01T09:00:00+08:00", "household": "B", "member": "B-father", "gender": "male"}),
            json!(5),
            json!({"key": "k", "type": "teleport", "at": "2026-10-01T09:00:00+08:00"}),
            json!({"key": "k2", "type": "earn", "at": "2026-02-30T09:00:00+08:00", "household": "B", "rule": "volunteer"}),
            open("o2", "C"),
            earn("future", "C", "2027-01-01T09:00:00+08:00"),
            json!({"key": "ev", "type": "evaluate", "at": "2026-10-05T09:00:00+08:00", "household": "C", "dimension": "family", "points": 25, "reason": "好"}),
        ];
        let as_of = Moment::parse("2026-12-31T23:59:59+08:00");
        let l = ledger(&p, &events, as_of);
        let got: Vec<(usize, &str, &str)> = l
            .rejected
            .iter()
            .map(|r| (r.index, r.code.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "INVALID_VALUE", "/0/gender"),
                (1, "WRONG_TYPE", "/1"),
                (2, "INVALID_VALUE", "/2/type"),
                (3, "INVALID_DATE", "/3/at"),
                (5, "INCONSISTENT", "/5/at"),
                (6, "OUT_OF_RANGE", "/6/points")
            ]
        );
        assert_eq!(l.accepted, 1);
    }
}
