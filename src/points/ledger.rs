//! Replays the append-only events of the points ledger (DOMAIN §2): balances per household in
//! total, by dimension, by member and by month; the 爱心超市 stock; what was rejected and why.
//!
//! A rejected event changes nothing and the events after it still apply. The same key with the
//! same content again is a harmless duplicate (listed, counted once); the same key with other
//! content is rejected. Invariants: no balance below 0, no stock below 0, caps per rule, an
//! approver from outside the household, only the roles a rule names record it, nothing after
//! `asOf`, nothing into a closed month, a key reversed at most once, `closeMonth` only after
//! its month has ended.
//!
//! The replay keeps, per event, only what a later reversal or repeat needs: a 128-bit digest of
//! its key and of its content (`event.rs`) and what it did — never the event itself — so
//! events may stream through in chunks ([`super::LedgerRun::push_packed`]).

use super::counters::Counters;
use super::event::{text_digest, Event, FastMap, Field, Packed, Texts, Unpacked, Unpacker, F};
use super::report::{monthly_report, MonthlyReport};
use super::{PointsRules, MAX_POINTS};
use crate::error::{Code, Error};
use crate::json_out::SortedMap;
use crate::json_value::Value;
use crate::moment::{day_number_text, month_number, month_text, Moment};

/// Points of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionPoints {
    /// Dimension code.
    pub code: String,
    /// Dimension name.
    pub name: String,
    /// Points earned less points deducted, in this dimension.
    pub points: i64,
}
crate::json_out::json_object!(DimensionPoints {
    "code" => code,
    "name" => name,
    "points" => points,
});

/// One month of a household.
#[derive(Debug, Clone, Default, PartialEq)]
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
crate::json_out::json_object!(MonthPoints {
    "month" => month,
    "earned" => earned,
    "deducted" => deducted,
    "redeemed" => redeemed,
});

/// One household's account.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The household's id.
    pub household: String,
    /// The account holder (a member id).
    pub holder: String,
    /// Balance: all points earned less deducted less redeemed.
    pub balance: i64,
    /// Earned less deducted, per dimension.
    pub by_dimension: Vec<DimensionPoints>,
    /// Earned less deducted, per member who did it (evaluations and redemptions are the
    /// household's).
    pub by_member: SortedMap<i64>,
    /// Per month, in order.
    pub by_month: Vec<MonthPoints>,
}
crate::json_out::json_object!(Account {
    "household" => household,
    "holder" => holder,
    "balance" => balance,
    "byDimension" => by_dimension,
    "byMember" => by_member,
    "byMonth" => by_month,
});

/// Stock of an item of the 爱心超市.
#[derive(Debug, Clone, PartialEq)]
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
crate::json_out::json_object!(Stock {
    "code" => code,
    "name" => name,
    "stock" => stock,
    "redeemed" => redeemed,
});

/// An event that did not apply.
#[derive(Debug, Clone, PartialEq)]
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
crate::json_out::json_object!(Rejected {
    "index" => index,
    "key" => key,
    "code" => code,
    "path" => path,
    "message" => message,
});

/// A repeated event (same key, same content): counted once.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Its index in the events.
    pub index: usize,
    /// The key.
    pub key: String,
    /// Index of the event it repeats.
    pub first: usize,
}
crate::json_out::json_object!(Duplicate {
    "index" => index,
    "key" => key,
    "first" => first,
});

/// The replayed ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// Accounts in the order they were opened.
    pub households: Vec<Account>,
    /// The 爱心超市 stock, in catalogue order.
    pub market: Vec<Stock>,
    /// Closed months, in order.
    pub closed_months: Vec<String>,
    /// Events that applied.
    pub accepted: usize,
    /// Repeats of an applied event.
    pub duplicates: Vec<Duplicate>,
    /// Events that did not apply.
    pub rejected: Vec<Rejected>,
}
crate::json_out::json_object!(Ledger {
    "households" => households,
    "market" => market,
    "closedMonths" => closed_months,
    "accepted" => accepted,
    "duplicates" => duplicates,
    "rejected" => rejected,
});

/// An event's problem: code, path, message.
pub(crate) type Problem = (Code, String, String);

/// The event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OpenAccount,
    Earn,
    Deduct,
    Evaluate,
    Redeem,
    Restock,
    Reverse,
    CloseMonth,
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

/// The kinds, in the order of [`TYPES`].
const KINDS: [Kind; 8] = [
    Kind::OpenAccount,
    Kind::Earn,
    Kind::Deduct,
    Kind::Evaluate,
    Kind::Redeem,
    Kind::Restock,
    Kind::Reverse,
    Kind::CloseMonth,
];

/// What an applied event did, kept so that a `reverse` can undo it.
#[derive(Debug, Clone)]
enum Effect {
    Points {
        household: u32,
        /// Index into the household's members.
        member: Option<u32>,
        rule: Option<u32>,
        dimension: u32,
        points: i64,
        /// Day, month and year of the entry (China time), for the caps.
        when: [u32; 3],
        evaluation: bool,
    },
    Redeem {
        household: u32,
        item: u32,
        qty: u64,
        cost: i64,
        month: u32,
    },
    Restock {
        item: u32,
        qty: u64,
    },
    Open,
    Close(i32),
    Reverse(u32),
}

/// A household's figures of one month (its points per dimension are in
/// [`HouseState::month_dims`], so that a month costs no allocation of its own).
#[derive(Debug, Clone)]
pub(crate) struct MonthState {
    pub(crate) month: i32,
    pub(crate) earned: i64,
    pub(crate) deducted: i64,
    pub(crate) redeemed: i64,
}

pub(crate) struct HouseState {
    pub(crate) id: String,
    pub(crate) holder: String,
    pub(crate) members: Vec<String>,
    /// Points per member, parallel to `members` (`None`: no entry yet).
    member_points: Vec<Option<i64>>,
    /// Month number of the opening.
    pub(crate) opened: i32,
    /// The moment of the opening: nothing is recorded for the household before it.
    opened_at: Moment,
    pub(crate) balance: i64,
    pub(crate) by_dimension: Vec<i64>,
    /// Per month, in order.
    pub(crate) by_month: Vec<MonthState>,
    /// Earned less deducted per month and dimension: `by_month[i]`'s are at
    /// `i * dimensions..(i + 1) * dimensions`.
    month_dims: Vec<i64>,
}

impl HouseState {
    /// Where a month is (or would go) in `by_month`.
    fn month_index(&self, month: i32) -> Result<usize, usize> {
        self.by_month.binary_search_by_key(&month, |m| m.month)
    }

    /// This household's figures of a month, if it has any.
    pub(crate) fn month(&self, month: i32) -> Option<&MonthState> {
        self.month_index(month).ok().map(|i| &self.by_month[i])
    }

    /// This household's points per dimension in a month (empty when it has none).
    pub(crate) fn month_dimensions(&self, month: i32, dimensions: usize) -> &[i64] {
        self.month_index(month).map_or(&[], |i| {
            self.month_dims
                .get(i * dimensions..(i + 1) * dimensions)
                .unwrap_or_default()
        })
    }

    /// The index of a month in `by_month`, added in order when missing.
    fn month_slot(&mut self, month: i32, dimensions: usize) -> usize {
        match self.month_index(month) {
            Ok(i) => i,
            Err(i) => {
                self.by_month.insert(
                    i,
                    MonthState {
                        month,
                        earned: 0,
                        deducted: 0,
                        redeemed: 0,
                    },
                );
                // Room for the month's points: the later months' move up.
                let (at, old) = (i * dimensions, self.month_dims.len());
                self.month_dims.resize(old + dimensions, 0);
                self.month_dims.copy_within(at..old, at + dimensions);
                self.month_dims[at..at + dimensions].fill(0);
                i
            }
        }
    }
}

struct Entry {
    index: u32,
    /// The content digest as two halves (a `u128` would align the entry to 16 bytes).
    digest: [u64; 2],
    effect: Effect,
    reversed: bool,
}

/// The state of a replay.
pub(crate) struct Replay {
    pub(crate) houses: Vec<HouseState>,
    /// Household id digest → house (one map type for keys and households keeps the module
    /// small).
    house_index: FastMap<u128, u32>,
    stock: Vec<u64>,
    redeemed_units: Vec<u64>,
    /// Closed months (month numbers), in order.
    pub(crate) closed: Vec<i32>,
    /// Key digest → entry.
    keys: FastMap<u128, u32>,
    /// The caps' and limits' counters.
    counters: Counters,
    entries: Vec<Entry>,
}

/// A digest as two halves.
fn halves(d: u128) -> [u64; 2] {
    [d as u64, (d >> 64) as u64]
}

/// A whole number of `f` within `min..=max`.
fn whole(e: &Event<'_>, f: F, min: i64, max: i64) -> Result<i64, Problem> {
    let name = super::event::FIELDS[f as usize];
    match e.get(f) {
        Field::Absent | Field::Null => {
            Err(e.problem(f, Code::MissingField, format!("缺少必填字段 {name}")))
        }
        Field::Num(x) if x.fract() != 0.0 => Err(e.problem(
            f,
            Code::NotInteger,
            format!("{name} 应为整数，收到 {}", crate::read::fmt_num(x)),
        )),
        Field::Num(x) if x < 0.0 && min >= 0 => Err(e.problem(
            f,
            Code::Negative,
            format!("{name} 不能为负数，收到 {}", crate::read::fmt_num(x)),
        )),
        Field::Num(x) if x < min as f64 || x > max as f64 => {
            Err(e.problem(f, Code::OutOfRange, format!("{name} 应在 {min}–{max} 之间")))
        }
        Field::Num(x) => Ok(x as i64),
        _ => Err(e.problem(f, Code::WrongType, format!("{name} 应为整数"))),
    }
}

/// The China-time day, month and year numbers of a moment.
fn periods(at: Moment) -> [u32; 3] {
    [
        at.day.max(0) as u32,
        at.month().max(0) as u32,
        at.year().max(0) as u32,
    ]
}

impl Replay {
    pub(crate) fn new(rules: &PointsRules) -> Replay {
        Replay {
            houses: Vec::new(),
            house_index: FastMap::default(),
            stock: rules.market.iter().map(|i| i.opening_stock).collect(),
            redeemed_units: vec![0; rules.market.len()],
            closed: Vec::new(),
            keys: FastMap::default(),
            entries: Vec::new(),
            counters: Counters::new(rules.rules.len()),
        }
    }

    /// The balance of a household's account, if it is open.
    pub(crate) fn balance_of(&self, household: &str) -> Option<i64> {
        self.house_index
            .get(&text_digest(household))
            .map(|&h| self.houses[h as usize].balance)
    }

    /// What reversing the entry recorded under `key` would touch: its household (id) and
    /// its 爱心超市 item, where it has them.
    pub(crate) fn target_of(&self, key: &str) -> (Option<&str>, Option<usize>) {
        let Some(&entry) = self.keys.get(&text_digest(key)) else {
            return (None, None);
        };
        let house = |h: u32| Some(self.houses[h as usize].id.as_str());
        match &self.entries[entry as usize].effect {
            Effect::Points { household, .. } => (house(*household), None),
            Effect::Redeem {
                household, item, ..
            } => (house(*household), Some(*item as usize)),
            Effect::Restock { item, .. } => (None, Some(*item as usize)),
            _ => (None, None),
        }
    }

    /// Units of an item in stock.
    pub(crate) fn stock_of(&self, item: usize) -> u64 {
        self.stock[item]
    }

    /// The household an event at `at` is for: it must have an account opened by then.
    fn house(&self, e: &Event<'_>, at: Moment) -> Result<u32, Problem> {
        let id = e.text(F::Household)?;
        let h = self
            .house_index
            .get(&text_digest(id))
            .copied()
            .ok_or_else(|| {
                e.problem(
                    F::Household,
                    Code::InvalidValue,
                    format!("没有户 {id} 的积分账户（先 openAccount）"),
                )
            })?;
        if at < self.houses[h as usize].opened_at {
            return Err(e.problem(F::At, Code::Inconsistent, format!("早于户 {id} 开户的时间")));
        }
        Ok(h)
    }

    fn open_month(&self, e: &Event<'_>, month: i32) -> Result<(), Problem> {
        if self.closed.binary_search(&month).is_ok() {
            return Err(e.problem(
                F::At,
                Code::Inconsistent,
                format!("{} 已结月，不能再记入", month_text(month)),
            ));
        }
        Ok(())
    }

    /// The role recording `e` is one of `roles` (when the rulebook names any); `what` is
    /// the subject of the message in pieces, joined only when there is a problem.
    fn role(
        e: &Event<'_>,
        rules: &PointsRules,
        roles: &[usize],
        what: &[&str],
    ) -> Result<(), Problem> {
        if roles.is_empty() {
            return Ok(());
        }
        let names = || {
            roles
                .iter()
                .map(|&r| rules.actor_roles[r].name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        e.text(F::Actor)
            .map_err(|(c, p, _)| (c, p, format!("{}须写明记录人 actor", what.concat())))?;
        let role = e.text(F::ActorRole).map_err(|(c, p, _)| {
            (
                c,
                p,
                format!(
                    "{}须写明记录人的角色 actorRole（{}）",
                    what.concat(),
                    names()
                ),
            )
        })?;
        if roles.iter().any(|&r| rules.actor_roles[r].code == role) {
            return Ok(());
        }
        // The role's name when the rulebook knows it (志愿服务队长), else the code as written.
        let shown = rules
            .actor_roles
            .iter()
            .find(|r| r.code == role)
            .map_or(role, |r| r.name.as_str());
        Err(e.problem(
            F::ActorRole,
            Code::InvalidValue,
            format!("{}只能由{}记录，不能由{shown}记录", what.concat(), names()),
        ))
    }

    /// Checks one event and says what it would do, changing nothing.
    fn check(
        &self,
        rules: &PointsRules,
        e: &Event<'_>,
        kind: Kind,
        at: Moment,
    ) -> Result<Effect, Problem> {
        match kind {
            Kind::OpenAccount => self.check_open(rules, e).map(|()| Effect::Open),
            Kind::Earn | Kind::Deduct => self.check_entry(rules, e, kind, at),
            Kind::Evaluate => self.check_evaluation(rules, e, at),
            Kind::Redeem | Kind::Restock => self.check_market(rules, e, kind, at),
            Kind::Reverse => self.check_reverse(e, at),
            Kind::CloseMonth => self.check_close(rules, e, at),
        }
    }

    fn check_open(&self, rules: &PointsRules, e: &Event<'_>) -> Result<(), Problem> {
        let id = e.text(F::Household)?;
        if self.house_index.contains_key(&text_digest(id)) {
            return Err(e.problem(
                F::Household,
                Code::Duplicate,
                format!("户 {id} 已有积分账户"),
            ));
        }
        e.text(F::Member)?;
        if rules.holder_must_be_woman {
            match e.get(F::Gender) {
                Field::Str("female") => {}
                Field::Str("male") => {
                    return Err(e.problem(
                        F::Gender,
                        Code::InvalidValue,
                        "积分账户的户主应为女性（规则库 households.holderMustBeWoman）",
                    ))
                }
                _ => {
                    return Err(e.problem(
                        F::Gender,
                        Code::MissingField,
                        "缺少户主性别 gender（female 或 male）",
                    ))
                }
            }
        }
        let list = match e.get(F::Members) {
            Field::Absent => return Ok(()),
            Field::Other(Value::Array(list)) => list,
            _ => {
                return Err(e.problem(F::Members, Code::WrongType, "members 应为数组"));
            }
        };
        for (i, m) in list.iter().enumerate() {
            let p = format!("{}/{i}", e.path(F::Members));
            let Some(m) = m.as_object() else {
                return Err((Code::WrongType, p, "成员应为对象 { member, role }".into()));
            };
            for key in ["member", "role"] {
                match m.get(key) {
                    Some(Value::String(s)) if !s.trim().is_empty() => {}
                    None | Some(Value::Null) => {
                        return Err((
                            Code::MissingField,
                            format!("{p}/{key}"),
                            format!("缺少必填字段 {key}"),
                        ))
                    }
                    Some(_) => {
                        return Err((
                            Code::WrongType,
                            format!("{p}/{key}"),
                            format!("{key} 应为文本"),
                        ))
                    }
                }
            }
            let role = m.get("role").and_then(Value::as_str).unwrap_or_default();
            if !rules.member_roles.iter().any(|r| r.code == role) {
                return Err((
                    Code::InvalidValue,
                    format!("{p}/role"),
                    format!("未知的成员角色 {role}"),
                ));
            }
        }
        Ok(())
    }

    /// The household and member of an entry or evaluation, in an open month.
    fn beneficiary(&self, e: &Event<'_>, at: Moment) -> Result<(u32, Option<u32>), Problem> {
        let h = self.house(e, at)?;
        self.open_month(e, at.month())?;
        let house = &self.houses[h as usize];
        let member = match e.optional_text(F::Member)? {
            None => None,
            Some(m) => Some(house.members.iter().position(|x| x == m).ok_or_else(|| {
                e.problem(
                    F::Member,
                    Code::InvalidValue,
                    format!("{m} 不是户 {} 的成员", house.id),
                )
            })? as u32),
        };
        Ok((h, member))
    }

    fn check_evaluation(
        &self,
        rules: &PointsRules,
        e: &Event<'_>,
        at: Moment,
    ) -> Result<Effect, Problem> {
        let (h, member) = self.beneficiary(e, at)?;
        let house = &self.houses[h as usize];
        Self::role(e, rules, &rules.evaluation_roles, &["一月一评比的加减分"])?;
        let dim = e.text(F::Dimension)?;
        let dimension = rules
            .dimensions
            .iter()
            .position(|d| d.code == dim)
            .ok_or_else(|| {
                e.problem(
                    F::Dimension,
                    Code::InvalidValue,
                    format!("未知的维度 {dim}"),
                )
            })?;
        let max = MAX_POINTS as i64;
        let points = whole(e, F::Points, -max, max)?;
        if points == 0 {
            return Err(e.problem(F::Points, Code::OutOfRange, "调整分值不能为 0"));
        }
        if rules.evaluation_reason {
            e.text(F::Reason)
                .map_err(|(c, p, _)| (c, p, "一月一评比的加减分须写明理由 reason".to_string()))?;
        }
        let [day, month, year] = periods(at);
        let so_far = self.counters.get(h, self.counters.evaluation(), month);
        if so_far + points.unsigned_abs() > rules.evaluation_max {
            return Err(e.problem(
                F::Points,
                Code::OutOfRange,
                format!(
                    "{} 一月一评比对每户的调整合计不超过 {} 分（已调整 {so_far}）",
                    month_text(at.month()),
                    rules.evaluation_max
                ),
            ));
        }
        affordable(e, F::Points, house.balance, points)?;
        Ok(Effect::Points {
            household: h,
            member,
            rule: None,
            dimension: dimension as u32,
            points,
            when: [day, month, year],
            evaluation: true,
        })
    }

    fn check_entry(
        &self,
        rules: &PointsRules,
        e: &Event<'_>,
        kind: Kind,
        at: Moment,
    ) -> Result<Effect, Problem> {
        let (h, member) = self.beneficiary(e, at)?;
        let house = &self.houses[h as usize];
        let code = e.text(F::Rule)?;
        let (ri, rule) = rules
            .rule_index
            .get(&text_digest(code))
            .map(|&i| (i as usize, &rules.rules[i as usize]))
            .ok_or_else(|| {
                e.problem(
                    F::Rule,
                    Code::InvalidValue,
                    format!("积分规则中没有 {code}"),
                )
            })?;
        if (kind == Kind::Earn) != (rule.points > 0) {
            return Err(e.problem(
                F::Type,
                Code::Inconsistent,
                format!(
                    "规则 {}（{:+} 分）应记为 {}",
                    rule.label.name,
                    rule.points,
                    if rule.points > 0 { "earn" } else { "deduct" }
                ),
            ));
        }
        Self::role(e, rules, &rule.roles, &["规则 ", &rule.label.name, " "])?;
        if rule.evidence {
            e.text(F::Evidence).map_err(|(c, p, _)| {
                (c, p, format!("规则 {} 须附证明 evidence", rule.label.name))
            })?;
        }
        if rule.approver {
            let approver = e.text(F::Approver).map_err(|(c, p, _)| {
                (
                    c,
                    p,
                    format!("规则 {} 须有审核人 approver", rule.label.name),
                )
            })?;
            if house.members.iter().any(|m| m == approver) {
                return Err(e.problem(
                    F::Approver,
                    Code::Inconsistent,
                    format!("审核人 {approver} 是受益户 {} 的成员", house.id),
                ));
            }
        }
        let points = match &rules.ratings {
            Some(table) if table.rule == ri => {
                let rating = whole(e, F::Rating, 1, 5).map_err(|(c, p, m)| {
                    (
                        c,
                        p,
                        format!("{m}（规则 {} 按居民评分 1–5 记分）", rule.label.name),
                    )
                })?;
                table.points[rating as usize - 1]
            }
            _ => rule.points,
        };
        let when = periods(at);
        for (i, cap) in rule.caps.iter().enumerate() {
            let Some(cap) = cap else { continue };
            let so_far = self
                .counters
                .get(h, self.counters.cap(ri as u32, i), when[i]);
            if so_far + points.unsigned_abs() > *cap {
                let name = ["每日", "每月", "每年"][i];
                let period = match i {
                    0 => day_number_text(when[0]),
                    1 => month_text(at.month()),
                    _ => at.year().to_string(),
                };
                return Err(e.problem(
                    F::Rule,
                    Code::OutOfRange,
                    format!(
                        "规则 {} 每户{name}上限 {cap} 分（{period}，已记 {so_far}）",
                        rule.label.name
                    ),
                ));
            }
        }
        affordable(e, F::Rule, house.balance, points)?;
        Ok(Effect::Points {
            household: h,
            member,
            rule: Some(ri as u32),
            dimension: rule.dimension as u32,
            points,
            when,
            evaluation: false,
        })
    }

    fn check_market(
        &self,
        rules: &PointsRules,
        e: &Event<'_>,
        kind: Kind,
        at: Moment,
    ) -> Result<Effect, Problem> {
        let code = e.text(F::Item)?;
        let item = rules
            .market
            .iter()
            .position(|i| i.label.code == code)
            .ok_or_else(|| {
                e.problem(F::Item, Code::InvalidValue, format!("爱心超市没有 {code}"))
            })?;
        let it = &rules.market[item];
        Self::role(e, rules, &rules.market_roles, &["爱心超市的兑换和补货"])?;
        let qty = whole(e, F::Qty, 1, MAX_POINTS as i64)? as u64;
        if kind == Kind::Restock {
            return Ok(Effect::Restock {
                item: item as u32,
                qty,
            });
        }
        let h = self.house(e, at)?;
        self.open_month(e, at.month())?;
        let house = &self.houses[h as usize];
        if self.stock[item] < qty {
            return Err(e.problem(
                F::Qty,
                Code::OutOfRange,
                format!("{} 库存只剩 {}", it.label.name, self.stock[item]),
            ));
        }
        let month = periods(at)[1];
        if let Some(limit) = it.per_household_month {
            let so_far = self.counters.get(h, self.counters.item(item as u32), month);
            if so_far + qty > limit {
                return Err(e.problem(
                    F::Qty,
                    Code::OutOfRange,
                    format!(
                        "{} 每户每月限兑 {limit}（{} 已兑 {so_far}）",
                        it.label.name,
                        month_text(at.month())
                    ),
                ));
            }
        }
        let cost = (it.price * qty) as i64;
        if house.balance < rules.min_balance as i64 {
            return Err(e.problem(
                F::Household,
                Code::OutOfRange,
                format!(
                    "余额 {} 未达到兑换门槛 {}",
                    house.balance, rules.min_balance
                ),
            ));
        }
        if house.balance < cost {
            return Err(e.problem(
                F::Qty,
                Code::OutOfRange,
                format!(
                    "余额 {} 不够兑换 {} × {}（需 {cost}）",
                    house.balance, it.label.name, qty
                ),
            ));
        }
        Ok(Effect::Redeem {
            household: h,
            item: item as u32,
            qty,
            cost,
            month,
        })
    }

    fn check_reverse(&self, e: &Event<'_>, at: Moment) -> Result<Effect, Problem> {
        let key = e.text(F::Reverses)?;
        let Some(&entry) = self.keys.get(&text_digest(key)) else {
            return Err(e.problem(
                F::Reverses,
                Code::InvalidValue,
                format!("没有已记入的事件 {key}"),
            ));
        };
        let Entry {
            effect, reversed, ..
        } = &self.entries[entry as usize];
        if *reversed {
            return Err(e.problem(
                F::Reverses,
                Code::Inconsistent,
                format!("事件 {key} 已冲正过"),
            ));
        }
        e.text(F::Reason)
            .map_err(|(c, p, _)| (c, p, "冲正须写明理由 reason".to_string()))?;
        self.open_month(e, at.month())?;
        match effect {
            Effect::Points {
                household, points, ..
            } if self.houses[*household as usize].balance - points < 0 => Err(e.problem(
                F::Reverses,
                Code::OutOfRange,
                format!(
                    "冲正后余额会低于 0（余额 {}）",
                    self.houses[*household as usize].balance
                ),
            )),
            Effect::Restock { item, qty } if self.stock[*item as usize] < *qty => Err(e.problem(
                F::Reverses,
                Code::OutOfRange,
                format!("冲正后库存会低于 0（库存 {}）", self.stock[*item as usize]),
            )),
            Effect::Points { .. } | Effect::Redeem { .. } | Effect::Restock { .. } => {
                Ok(Effect::Reverse(entry))
            }
            _ => Err(e.problem(
                F::Reverses,
                Code::InvalidValue,
                format!("事件 {key} 不能冲正"),
            )),
        }
    }

    fn check_close(
        &self,
        rules: &PointsRules,
        e: &Event<'_>,
        at: Moment,
    ) -> Result<Effect, Problem> {
        Self::role(e, rules, &rules.evaluation_roles, &["结月"])?;
        let m = e.text(F::Month)?;
        let Some(number) = month_number(m) else {
            return Err(e.problem(
                F::Month,
                Code::InvalidDate,
                format!("月份应为 YYYY-MM，收到 {m}"),
            ));
        };
        if self.closed.binary_search(&number).is_ok() {
            return Err(e.problem(F::Month, Code::Inconsistent, format!("{m} 已结月")));
        }
        if at.month() <= number {
            return Err(e.problem(
                F::At,
                Code::Inconsistent,
                format!(
                    "{m} 还没过完，{} 起才能结月（北京时间）",
                    month_text(number + 1)
                ),
            ));
        }
        Ok(Effect::Close(number))
    }

    fn apply(&mut self, rules: &PointsRules, e: &Event<'_>, effect: &Effect, at: Moment) {
        match effect {
            Effect::Open => {
                let id = e.text_or_empty(F::Household).to_string();
                let holder = e.text_or_empty(F::Member).to_string();
                let mut members = vec![holder.clone()];
                if let Field::Other(Value::Array(list)) = e.get(F::Members) {
                    for m in list {
                        if let Some(id) = m.get("member").and_then(Value::as_str) {
                            if !members.iter().any(|x| x == id) {
                                members.push(id.to_string());
                            }
                        }
                    }
                }
                self.house_index
                    .insert(text_digest(&id), self.houses.len() as u32);
                self.counters.add_house();
                self.houses.push(HouseState {
                    id,
                    holder,
                    member_points: vec![None; members.len()],
                    members,
                    opened: at.month(),
                    opened_at: at,
                    balance: 0,
                    by_dimension: vec![0; rules.dimensions.len()],
                    by_month: Vec::new(),
                    month_dims: Vec::new(),
                });
            }
            Effect::Close(m) => {
                let at = self.closed.partition_point(|c| c < m);
                self.closed.insert(at, *m);
            }
            Effect::Reverse(entry) => {
                let entry = *entry as usize;
                self.entries[entry].reversed = true;
                let original = self.entries[entry].effect.clone();
                self.effect(rules, &original, -1, at.month());
            }
            _ => self.effect(rules, effect, 1, at.month()),
        }
    }

    /// Applies an effect (`sign` 1) or undoes it (`sign` −1, booked in `month`).
    fn effect(&mut self, rules: &PointsRules, effect: &Effect, sign: i64, month: i32) {
        let dims = rules.dimensions.len();
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
                let h = &mut self.houses[*household as usize];
                let p = points * sign;
                let d = *dimension as usize;
                h.balance += p;
                h.by_dimension[d] += p;
                if let Some(m) = member {
                    *h.member_points[*m as usize].get_or_insert(0) += p;
                }
                let booked = if sign > 0 { when[1] as i32 } else { month };
                let i = h.month_slot(booked, dims);
                h.month_dims[i * dims + d] += p;
                let ms = &mut h.by_month[i];
                if p > 0 {
                    ms.earned += p;
                } else {
                    ms.deducted -= p;
                }
                let abs = points.unsigned_abs();
                if let Some(ri) = rule {
                    for (i, &period) in when.iter().enumerate() {
                        if rules.rules[*ri as usize].caps[i].is_some() {
                            let slot = self.counters.cap(*ri, i);
                            self.counters.bump(*household, slot, period, sign, abs);
                        }
                    }
                }
                if *evaluation {
                    let slot = self.counters.evaluation();
                    self.counters.bump(*household, slot, when[1], sign, abs);
                }
            }
            Effect::Redeem {
                household,
                item,
                qty,
                cost,
                month: m,
            } => {
                let h = &mut self.houses[*household as usize];
                let i = *item as usize;
                h.balance -= cost * sign;
                let booked = if sign > 0 { *m as i32 } else { month };
                let slot = h.month_slot(booked, dims);
                h.by_month[slot].redeemed += cost * sign;
                if rules.market[i].per_household_month.is_some() {
                    let slot = self.counters.item(*item);
                    self.counters.bump(*household, slot, *m, sign, *qty);
                }
                if sign > 0 {
                    self.stock[i] -= qty;
                    self.redeemed_units[i] += qty;
                } else {
                    self.stock[i] += qty;
                    self.redeemed_units[i] = self.redeemed_units[i].saturating_sub(*qty);
                }
            }
            Effect::Restock { item, qty } => {
                let i = *item as usize;
                if sign > 0 {
                    self.stock[i] += qty;
                } else {
                    self.stock[i] -= qty;
                }
            }
            Effect::Open | Effect::Close(_) | Effect::Reverse(_) => {}
        }
    }

    /// Applies one event: `Ok(None)` when it applied, `Ok(Some(first))` for a harmless repeat
    /// of event `first`, the problem when it was rejected (and changed nothing).
    pub(crate) fn step(
        &mut self,
        rules: &PointsRules,
        e: &Event<'_>,
        as_of: Option<Moment>,
    ) -> Result<Option<usize>, Problem> {
        let key = e.text(F::Key)?;
        let key_digest = text_digest(key);
        if let Some(&entry) = self.keys.get(&key_digest) {
            let first = &self.entries[entry as usize];
            if first.digest == halves(e.digest()) {
                return Ok(Some(first.index as usize));
            }
            return Err(e.problem(
                F::Key,
                Code::Duplicate,
                format!("键 {key} 已用于第 {} 个事件，内容不同", first.index),
            ));
        }
        let kind_text = e.text(F::Type)?;
        let kind = TYPES.iter().position(|t| *t == kind_text).map(|i| KINDS[i]);
        let Some(kind) = kind else {
            return Err(e.problem(
                F::Type,
                Code::InvalidValue,
                format!("未知的事件类型 {kind_text}（应为 {}）", TYPES.join("、")),
            ));
        };
        let at_text = e.text(F::At)?;
        let at = Moment::parse(at_text).ok_or_else(|| {
            e.problem(
                F::At,
                Code::InvalidDate,
                format!("时间应为 ISO 格式并带时区，如 2026-11-05T09:30:00+08:00，收到 {at_text}"),
            )
        })?;
        if as_of.is_some_and(|limit| at > limit) {
            return Err(e.problem(
                F::At,
                Code::Inconsistent,
                format!("{at_text} 晚于 asOf，不计入"),
            ));
        }
        let effect = self.check(rules, e, kind, at)?;
        self.apply(rules, e, &effect, at);
        self.keys.insert(key_digest, self.entries.len() as u32);
        self.entries.push(Entry {
            index: e.index as u32,
            digest: halves(e.digest()),
            effect,
            reversed: false,
        });
        Ok(None)
    }
}

/// A replay in progress, with what it has counted: events go in one at a time (or a packed
/// chunk at a time) and the ledger comes out at the end.
pub(crate) struct Tally {
    pub(crate) replay: Replay,
    as_of: Option<Moment>,
    accepted: usize,
    duplicates: Vec<Duplicate>,
    rejected: Vec<Rejected>,
    /// Index of the next event.
    pub(crate) next: usize,
    /// A month whose report is taken when it closes (its ranking is locked then).
    watch: Option<(i32, Option<MonthlyReport>)>,
}

impl Tally {
    pub(crate) fn new(rules: &PointsRules, as_of: Option<Moment>) -> Tally {
        Tally {
            replay: Replay::new(rules),
            as_of,
            accepted: 0,
            duplicates: Vec::new(),
            rejected: Vec::new(),
            next: 0,
            watch: None,
        }
    }

    /// Takes the report of `month` at the moment it closes.
    pub(crate) fn watch(&mut self, month: i32) {
        self.watch = Some((month, None));
    }

    /// The watched month.
    pub(crate) fn watched(&self) -> Option<i32> {
        self.watch.as_ref().map(|w| w.0)
    }

    /// The report of the watched month, if it closed.
    pub(crate) fn locked_report(&mut self) -> Option<MonthlyReport> {
        self.watch.as_mut().and_then(|w| w.1.take())
    }

    /// The next event, read (or the problem of reading it): counted as accepted, duplicate
    /// or rejected, and the outcome returned.
    pub(crate) fn push_event(
        &mut self,
        rules: &PointsRules,
        event: Result<&Event<'_>, Problem>,
    ) -> Result<Option<usize>, Problem> {
        let index = self.next;
        self.next += 1;
        let (key, outcome) = match event {
            Ok(e) => (e.key(), self.replay.step(rules, e, self.as_of)),
            Err(p) => (None, Err(p)),
        };
        match &outcome {
            Ok(None) => self.accepted += 1,
            Ok(Some(first)) => self.duplicates.push(Duplicate {
                index,
                key: key.unwrap_or_default().to_string(),
                first: *first,
            }),
            Err((code, path, message)) => self.rejected.push(Rejected {
                index,
                key: key.map(str::to_string),
                code: *code,
                path: path.clone(),
                message: message.clone(),
            }),
        }
        if let Some((month, report @ None)) = &mut self.watch {
            if matches!(outcome, Ok(None)) && self.replay.closed.binary_search(month).is_ok() {
                *report = Some(monthly_report(rules, &self.replay, *month, true));
            }
        }
        outcome
    }

    /// The next event, as JSON.
    pub(crate) fn push_value(&mut self, rules: &PointsRules, v: &Value) {
        let _ = match Event::from_value(self.next, v) {
            Ok(e) => self.push_event(rules, Ok(&e)),
            Err(p) => self.push_event(rules, Err(p)),
        };
    }

    /// The next events, packed by the JavaScript package.
    ///
    /// # Errors
    /// `INTERNAL` when the chunk does not hold together (then none of it applied).
    pub(crate) fn push_packed(
        &mut self,
        rules: &PointsRules,
        chunk: Packed<'_>,
    ) -> Result<(), Error> {
        let broken = || Error::Internal("积分事件的打包数据不完整（请报告）".into());
        let texts = Texts::decode(&chunk).ok_or_else(broken)?;
        // Check the whole chunk before anything applies.
        if !Unpacker::fits(&chunk) {
            return Err(broken());
        }
        let mut u = Unpacker::new(&texts, &chunk);
        let mut e = Event::blank();
        for &mask in chunk.masks {
            let index = self.next;
            match u.next(&mut e, index, mask).ok_or_else(broken)? {
                Unpacked::Event => {
                    let _ = self.push_event(rules, Ok(&e));
                }
                Unpacked::Json(text) => match crate::json_text::parse(text) {
                    Ok((v, _)) => self.push_value(rules, &v),
                    Err(err) => self.reject(
                        Code::WrongType,
                        format!("/{index}"),
                        format!("无法作为 JSON 读取：{err}"),
                    ),
                },
                Unpacked::Unreadable(code, path, message) => {
                    let code = match code {
                        "INVALID_VALUE" => Code::InvalidValue,
                        _ => Code::WrongType,
                    };
                    self.reject(code, path.to_string(), message.to_string());
                }
                Unpacked::Surrogate(f) => self.reject(
                    Code::InvalidValue,
                    format!("/{index}/{}", super::event::FIELDS[f as usize]),
                    "含有不成对的 UTF-16 代理项（无效字符），无法作为文本读取".into(),
                ),
            }
        }
        Ok(())
    }

    /// Room for `more` events, so that the tables grow once rather than step by step.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.replay.keys.reserve(more);
        self.replay.entries.reserve(more);
    }

    /// Rejects the next event before it could be read.
    fn reject(&mut self, code: Code, path: String, message: String) {
        let index = self.next;
        self.next += 1;
        self.rejected.push(Rejected {
            index,
            key: None,
            code,
            path,
            message,
        });
    }

    /// The ledger.
    pub(crate) fn finish(self, rules: &PointsRules) -> Ledger {
        let s = self.replay;
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
                by_member: {
                    // Inserted one by one: collecting would sort, and cost the module a sort.
                    let mut by_member = SortedMap::new();
                    for (m, p) in h.members.iter().zip(&h.member_points) {
                        if let Some(p) = p {
                            by_member.insert(m.clone(), *p);
                        }
                    }
                    by_member
                },
                by_month: h
                    .by_month
                    .iter()
                    .map(|m| MonthPoints {
                        month: month_text(m.month),
                        earned: m.earned,
                        deducted: m.deducted,
                        redeemed: m.redeemed,
                    })
                    .collect(),
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
            closed_months: s.closed.iter().map(|&m| month_text(m)).collect(),
            accepted: self.accepted,
            duplicates: self.duplicates,
            rejected: self.rejected,
        }
    }
}

/// Replays `events` (JSON records) under `rules`; events after `as_of` do not apply.
pub fn ledger(rules: &PointsRules, events: &[Value], as_of: Option<Moment>) -> Ledger {
    let mut t = Tally::new(rules, as_of);
    for v in events {
        t.push_value(rules, v);
    }
    t.finish(rules)
}
/// A deduction that would take the balance below zero is refused (DOMAIN §2: no negative balance).
fn affordable(e: &Event<'_>, field: F, balance: i64, points: i64) -> Result<(), Problem> {
    if balance + points < 0 {
        return Err(e.problem(
            field,
            Code::OutOfRange,
            format!("余额 {balance} 不够扣 {}", -points),
        ));
    }
    Ok(())
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
