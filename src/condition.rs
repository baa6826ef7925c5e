//! The small JSON condition language every family shares: declared, typed facts and
//! conditions over them.
//!
//! **Facts** are declared in a rulebook section with a code, a Chinese name, a type —
//! `boolean`, `integer`, `number`, `choice` (one of a list of options, each with code and
//! name) or `text` —, an optional unit, a range for numbers, and whether a report must
//! carry it. An input's facts are read against the declaration: an unknown fact, a wrong
//! type, a missing required fact are errors with code and path.
//!
//! **Conditions** are JSON:
//!
//! - `{ "all": [c, …] }`, `{ "any": [c, …] }`, `{ "not": c }`;
//! - a test of one fact with exactly one operator: `{ "fact": "households", "gte": 5 }` —
//!   `eq`, `ne` (a boolean, a number or an option code, as the fact's type), `gt`, `gte`,
//!   `lt`, `lte` (numbers, for `integer` and `number` facts), `in` (a list of such values),
//!   `exists` (`true` or `false`; the only test a `text` fact takes).
//!
//! A comparison with a fact the input does not carry is false (`ne` too); `exists` tests
//! presence, and `not` inverts. Conditions are checked when the rulebook is read — an
//! unknown fact, an operator a fact's type does not take, a value of the wrong type, an
//! unknown option are each reported with their path — and compiled into one flat program,
//! which evaluates a case given as one number per fact (`NaN` absent; booleans 0/1, options
//! by their index, text 1 when present): the same form the compact batch paths send.

use crate::error::{Code, Error};
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{child, describe, fmt_num, index, Fields, Reader};
use serde::Serialize;
use serde_json::{Map, Value};

/// The deepest nesting of `all` / `any` / `not` a condition may have.
const MAX_DEPTH: usize = 16;
/// The most values an `in` list may hold.
const MAX_IN: usize = 256;
/// The most facts a section may declare.
pub(crate) const MAX_FACTS: usize = 64;

/// The type of a declared fact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FactType {
    /// `true` / `false`.
    Boolean,
    /// A whole number in the declared range.
    Integer,
    /// A finite number in the declared range.
    Number,
    /// One of the declared options, by code.
    Choice(Vec<Named>),
    /// Free text of at most this many characters.
    Text(usize),
}

impl FactType {
    fn code(&self) -> &'static str {
        match self {
            FactType::Boolean => "boolean",
            FactType::Integer => "integer",
            FactType::Number => "number",
            FactType::Choice(_) => "choice",
            FactType::Text(_) => "text",
        }
    }
}

/// A declared fact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: FactType,
    pub(crate) unit: Option<String>,
    pub(crate) required: bool,
    pub(crate) min: f64,
    pub(crate) max: f64,
}

/// A fact as the tables for a form or a compact batch describe it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactInfo {
    /// The fact's code (the key in a report's facts).
    pub code: String,
    /// Its Chinese label.
    pub name: String,
    /// `boolean`, `integer`, `number`, `choice` or `text`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The unit (户, 人, 元…), when declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether a report must carry it.
    pub required: bool,
    /// The smallest value (numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The largest value (numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The options (choices), by index as the compact form numbers them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Named>>,
    /// The longest text (text).
    #[serde(rename = "maxChars", skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
}

/// The facts a section declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FactSet {
    pub(crate) facts: Vec<Fact>,
}

impl FactSet {
    /// Reads the declaration list at `key` of `parent`.
    pub(crate) fn read(
        r: &mut Reader,
        parent: &mut Fields<'_>,
        key: &'static str,
    ) -> Option<FactSet> {
        let (items, path) = parent.array(r, key)?;
        if items.is_empty() || items.len() > MAX_FACTS {
            r.report(
                Code::OutOfRange,
                &path,
                format!("应声明 1–{MAX_FACTS} 个事实"),
            );
            return None;
        }
        let mut facts = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, v) in items.iter().enumerate() {
            match r.object(v, &index(&path, i)).and_then(|f| read_fact(r, f)) {
                Some(f) => facts.push(f),
                None => ok = false,
            }
        }
        r.unique(
            facts
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("{}/code", index(&path, i)), f.code.as_str())),
            "事实代码",
        );
        (ok && !has_duplicate(facts.iter().map(|f| f.code.as_str()))).then_some(FactSet { facts })
    }

    /// The position of a fact by code.
    pub(crate) fn position(&self, code: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.code == code)
    }

    /// The facts as a form or a compact batch sees them.
    pub(crate) fn info(&self) -> Vec<FactInfo> {
        self.facts
            .iter()
            .map(|f| {
                let numeric = matches!(f.kind, FactType::Integer | FactType::Number);
                FactInfo {
                    code: f.code.clone(),
                    name: f.name.clone(),
                    kind: f.kind.code(),
                    unit: f.unit.clone(),
                    required: f.required,
                    min: numeric.then_some(f.min),
                    max: numeric.then_some(f.max),
                    options: match &f.kind {
                        FactType::Choice(o) => Some(o.clone()),
                        _ => None,
                    },
                    max_chars: match f.kind {
                        FactType::Text(n) => Some(n),
                        _ => None,
                    },
                }
            })
            .collect()
    }

    /// Reads a case's facts (a JSON object keyed by fact code) into one number per fact;
    /// paths are `prefix/<code>`.
    ///
    /// # Errors
    /// The first problem: `WRONG_TYPE` for a value that is not an object or not of the
    /// fact's type, `UNKNOWN_FIELD` for an undeclared fact, `MISSING_FIELD` for a required
    /// one that is absent, `NOT_INTEGER`, `NEGATIVE`, `OUT_OF_RANGE`, `INVALID_VALUE`.
    pub(crate) fn read_values(
        &self,
        v: &Value,
        prefix: &str,
        out: &mut Vec<f64>,
    ) -> Result<(), Error> {
        let Value::Object(map) = v else {
            return Err(Error::input(
                Code::WrongType,
                prefix,
                format!("事实应为对象，收到{}", describe(v)),
            ));
        };
        if let Some(k) = map.keys().find(|k| self.position(k).is_none()) {
            return Err(Error::input(
                Code::UnknownField,
                &child(prefix, k),
                format!("未声明的事实 {k}（规则库未声明此事实）"),
            ));
        }
        out.clear();
        for f in &self.facts {
            let path = child(prefix, &f.code);
            out.push(read_value(f, map, &path)?);
        }
        Ok(())
    }

    /// Checks one fact's value in the numeric form (a compact batch); `None` when it holds.
    pub(crate) fn check_number(&self, i: usize, x: f64) -> Option<(Code, String)> {
        let f = &self.facts[i];
        if x.is_nan() {
            return f.required.then(|| {
                (
                    Code::MissingField,
                    format!("缺少必填事实 {}（{}）", f.code, f.name),
                )
            });
        }
        let whole = x.fract() == 0.0;
        match &f.kind {
            FactType::Boolean | FactType::Text(_) if x == 0.0 || x == 1.0 => None,
            FactType::Boolean => Some((
                Code::WrongType,
                format!("{} 应为 0 或 1（布尔值），收到 {}", f.name, fmt_num(x)),
            )),
            FactType::Text(_) => Some((
                Code::WrongType,
                format!("{} 应为 1（有文字）或 NaN", f.name),
            )),
            FactType::Choice(o) => (!(whole && x >= 0.0 && x < o.len() as f64)).then(|| {
                (
                    Code::InvalidValue,
                    format!("{} 的选项序号 {} 不存在", f.name, fmt_num(x)),
                )
            }),
            FactType::Integer if !whole => Some((
                Code::NotInteger,
                format!("{} 应为整数，收到 {}", f.name, fmt_num(x)),
            )),
            FactType::Integer | FactType::Number => range_problem(f, x),
        }
    }
}

fn has_duplicate<'a>(codes: impl Iterator<Item = &'a str>) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    for c in codes {
        if seen.contains(&c) {
            return true;
        }
        seen.push(c);
    }
    false
}

fn range_problem(f: &Fact, x: f64) -> Option<(Code, String)> {
    if !x.is_finite() || x < f.min || x > f.max {
        let code = if x < 0.0 && f.min >= 0.0 {
            Code::Negative
        } else {
            Code::OutOfRange
        };
        let unit = f.unit.as_deref().unwrap_or("");
        return Some((
            code,
            format!(
                "{} {}{unit} 超出范围 {}–{}{unit}",
                f.name,
                fmt_num(x),
                fmt_num(f.min),
                fmt_num(f.max)
            ),
        ));
    }
    None
}

fn read_value(f: &Fact, map: &Map<String, Value>, path: &str) -> Result<f64, Error> {
    let wrong = |what: &str, v: &Value| {
        Error::input(
            Code::WrongType,
            path,
            format!("{} 应为{what}，收到{}", f.name, describe(v)),
        )
    };
    let v = match map.get(&f.code) {
        None | Some(Value::Null) if f.required => {
            return Err(Error::input(
                Code::MissingField,
                path,
                format!("缺少必填事实 {}（{}）", f.code, f.name),
            ));
        }
        None | Some(Value::Null) => return Ok(f64::NAN),
        Some(v) => v,
    };
    let x = match (&f.kind, v) {
        (FactType::Boolean, Value::Bool(b)) => f64::from(u8::from(*b)),
        (FactType::Boolean, v) => return Err(wrong("布尔值 true / false", v)),
        (FactType::Integer | FactType::Number, Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        (FactType::Integer, v) => return Err(wrong("整数", v)),
        (FactType::Number, v) => return Err(wrong("数字", v)),
        (FactType::Choice(options), Value::String(s)) => {
            match options.iter().position(|o| o.code == *s) {
                Some(i) => i as f64,
                None => {
                    let codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
                    return Err(Error::input(
                        Code::InvalidValue,
                        path,
                        format!("\"{s}\" 不是 {} 的选项之一：{}", f.name, codes.join(" / ")),
                    ));
                }
            }
        }
        (FactType::Choice(_), v) => return Err(wrong("选项代码字符串", v)),
        (FactType::Text(max), Value::String(s)) => {
            let n = s.chars().count();
            if n > *max {
                return Err(Error::input(
                    Code::OutOfRange,
                    path,
                    format!("{} 过长：{n} 个字符，最多 {max} 个", f.name),
                ));
            }
            if s.trim().is_empty() {
                return Ok(f64::NAN);
            }
            1.0
        }
        (FactType::Text(_), v) => return Err(wrong("字符串", v)),
    };
    if let FactType::Integer | FactType::Number = f.kind {
        if matches!(f.kind, FactType::Integer) && x.fract() != 0.0 {
            return Err(Error::input(
                Code::NotInteger,
                path,
                format!("{} 应为整数，收到 {}", f.name, fmt_num(x)),
            ));
        }
        if let Some((code, message)) = range_problem(f, x) {
            return Err(Error::input(code, path, message));
        }
    }
    Ok(x)
}

fn read_fact(r: &mut Reader, mut f: Fields<'_>) -> Option<Fact> {
    let code = f.text(r, "code", MAX_NAME_CHARS);
    let name = f.text(r, "name", MAX_NAME_CHARS);
    let kind = f
        .required(r, "type")
        .and_then(|(v, p)| r.choice(v, &p, &["boolean", "integer", "number", "choice", "text"]));
    let unit = f
        .optional("unit")
        .and_then(|(v, p)| r.text(v, &p, MAX_NAME_CHARS).map(str::to_string));
    let required = match f.optional("required") {
        Some((v, p)) => r.boolean(v, &p),
        None => Some(false),
    };
    let mut bound = |f: &mut Fields<'_>, key: &'static str, default: f64| match f.optional(key) {
        Some((v, p)) => r.number(v, &p, -1e15, 1e15),
        None => Some(default),
    };
    let numeric = matches!(kind, Some(1 | 2));
    let (min, max) = if numeric {
        (bound(&mut f, "min", 0.0), bound(&mut f, "max", 1e15))
    } else {
        (Some(0.0), Some(0.0))
    };
    let kind = match kind? {
        0 => FactType::Boolean,
        1 => FactType::Integer,
        2 => FactType::Number,
        3 => FactType::Choice(read_options(r, &mut f)?),
        _ => FactType::Text(match f.optional("maxChars") {
            Some((v, p)) => r.integer(v, &p, 1, 100_000)? as usize,
            None => 1000,
        }),
    };
    let max_path = f.path_of("max");
    f.finish(r);
    let (min, max) = (min?, max?);
    if min > max {
        r.report(Code::Inconsistent, &max_path, "max 应不小于 min");
        return None;
    }
    Some(Fact {
        code: code?.to_string(),
        name: name?.to_string(),
        kind,
        unit,
        required: required?,
        min,
        max,
    })
}

fn read_options(r: &mut Reader, f: &mut Fields<'_>) -> Option<Vec<Named>> {
    let (items, path) = f.array(r, "options")?;
    if items.is_empty() || items.len() > 255 {
        r.report(Code::OutOfRange, &path, "选项应有 1–255 个");
        return None;
    }
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let mut of = r.object(v, &index(&path, i))?;
        let named = read_named(r, &mut of);
        of.finish(r);
        out.push(named?);
    }
    r.unique(
        out.iter()
            .enumerate()
            .map(|(i, o)| (format!("{}/code", index(&path, i)), o.code.as_str())),
        "选项代码",
    );
    (!has_duplicate(out.iter().map(|o| o.code.as_str()))).then_some(out)
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// One node of the compiled program.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    /// Children `kids[start..end]`, all true.
    All(u32, u32),
    /// Children `kids[start..end]`, any true.
    Any(u32, u32),
    Not(u32),
    Test {
        fact: u16,
        op: Op,
        value: f64,
    },
    /// The fact's value is one of `set[start..end]`.
    In {
        fact: u16,
        start: u32,
        end: u32,
    },
    Exists {
        fact: u16,
        present: bool,
    },
}

/// Conditions compiled into one flat program.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Program {
    nodes: Vec<Node>,
    kids: Vec<u32>,
    set: Vec<f64>,
}

/// A compiled condition: its root in the [`Program`].
pub(crate) type CondId = u32;

const OPS: [(&str, Option<Op>); 8] = [
    ("eq", Some(Op::Eq)),
    ("ne", Some(Op::Ne)),
    ("gt", Some(Op::Gt)),
    ("gte", Some(Op::Gte)),
    ("lt", Some(Op::Lt)),
    ("lte", Some(Op::Lte)),
    ("in", None),
    ("exists", None),
];

impl Program {
    /// Reads and compiles one condition; every problem is reported with its path.
    pub(crate) fn read(
        &mut self,
        r: &mut Reader,
        v: &Value,
        path: &str,
        facts: &FactSet,
    ) -> Option<CondId> {
        self.read_at(r, v, path, facts, 0)
    }

    fn push(&mut self, n: Node) -> Option<CondId> {
        self.nodes.push(n);
        u32::try_from(self.nodes.len() - 1).ok()
    }

    fn read_at(
        &mut self,
        r: &mut Reader,
        v: &Value,
        path: &str,
        facts: &FactSet,
        depth: usize,
    ) -> Option<CondId> {
        if depth > MAX_DEPTH {
            r.report(
                Code::OutOfRange,
                path,
                format!("条件嵌套超过 {MAX_DEPTH} 层"),
            );
            return None;
        }
        let Value::Object(map) = v else {
            r.report(
                Code::WrongType,
                path,
                format!("条件应为对象，收到{}", describe(v)),
            );
            return None;
        };
        for group in ["all", "any"] {
            if let Some(list) = map.get(group) {
                let p = child(path, group);
                if map.len() != 1 {
                    r.report(
                        Code::InvalidValue,
                        path,
                        format!("{group} 条件只能有 {group} 一个键"),
                    );
                    return None;
                }
                let items = r.array(list, &p)?;
                if items.is_empty() {
                    r.report(Code::OutOfRange, &p, "至少需要一个子条件");
                    return None;
                }
                let mut ids = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, c) in items.iter().enumerate() {
                    match self.read_at(r, c, &index(&p, i), facts, depth + 1) {
                        Some(id) => ids.push(id),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                let start = u32::try_from(self.kids.len()).ok()?;
                self.kids.extend(ids);
                let end = u32::try_from(self.kids.len()).ok()?;
                return self.push(if group == "all" {
                    Node::All(start, end)
                } else {
                    Node::Any(start, end)
                });
            }
        }
        if let Some(inner) = map.get("not") {
            if map.len() != 1 {
                r.report(Code::InvalidValue, path, "not 条件只能有 not 一个键");
                return None;
            }
            let id = self.read_at(r, inner, &child(path, "not"), facts, depth + 1)?;
            return self.push(Node::Not(id));
        }
        self.read_test(r, map, path, facts)
    }

    fn read_test(
        &mut self,
        r: &mut Reader,
        map: &Map<String, Value>,
        path: &str,
        facts: &FactSet,
    ) -> Option<CondId> {
        let Some(fact_value) = map.get("fact") else {
            r.report(
                Code::MissingField,
                &child(path, "fact"),
                "条件应为 all / any / not，或带 fact 与一个比较（eq ne gt gte lt lte in exists）",
            );
            return None;
        };
        let fact_path = child(path, "fact");
        let code = r.text(fact_value, &fact_path, MAX_NAME_CHARS)?;
        let Some(fi) = facts.position(code) else {
            let known: Vec<&str> = facts.facts.iter().map(|f| f.code.as_str()).collect();
            r.report(
                Code::InvalidValue,
                &fact_path,
                format!("未声明的事实 \"{code}\"；已声明：{}", known.join(" / ")),
            );
            return None;
        };
        let fact = &facts.facts[fi];
        let mut found: Option<(&str, Option<Op>, &Value)> = None;
        for (k, v) in map {
            if k == "fact" {
                continue;
            }
            let Some(&(name, op)) = OPS.iter().find(|(n, _)| n == k) else {
                r.report(
                    Code::UnknownField,
                    &child(path, k),
                    format!("未知的比较 {k}（可用 eq ne gt gte lt lte in exists）"),
                );
                return None;
            };
            if found.is_some() {
                r.report(
                    Code::InvalidValue,
                    &child(path, k),
                    "一个条件只能有一个比较",
                );
                return None;
            }
            found = Some((name, op, v));
        }
        let Some((name, op, value)) = found else {
            r.report(
                Code::MissingField,
                path,
                "条件缺少比较（eq ne gt gte lt lte in exists）",
            );
            return None;
        };
        let vpath = child(path, name);
        let fact_id = u16::try_from(fi).ok()?;
        if name == "exists" {
            let present = r.boolean(value, &vpath)?;
            return self.push(Node::Exists {
                fact: fact_id,
                present,
            });
        }
        if let FactType::Text(_) = fact.kind {
            r.report(
                Code::WrongType,
                &vpath,
                format!("文字事实 {} 只能用 exists 判断", fact.code),
            );
            return None;
        }
        if let Some(op) = op {
            let ordered = !matches!(op, Op::Eq | Op::Ne);
            if ordered && !matches!(fact.kind, FactType::Integer | FactType::Number) {
                r.report(
                    Code::WrongType,
                    &vpath,
                    format!(
                        "{name} 只能比较数字事实；{} 是{}事实",
                        fact.code,
                        type_name(&fact.kind)
                    ),
                );
                return None;
            }
            let x = operand(r, fact, value, &vpath)?;
            return self.push(Node::Test {
                fact: fact_id,
                op,
                value: x,
            });
        }
        let items = r.array(value, &vpath)?;
        if items.is_empty() || items.len() > MAX_IN {
            r.report(
                Code::OutOfRange,
                &vpath,
                format!("in 应列出 1–{MAX_IN} 个值"),
            );
            return None;
        }
        let start = u32::try_from(self.set.len()).ok()?;
        for (i, item) in items.iter().enumerate() {
            let x = operand(r, fact, item, &index(&vpath, i))?;
            self.set.push(x);
        }
        let end = u32::try_from(self.set.len()).ok()?;
        self.push(Node::In {
            fact: fact_id,
            start,
            end,
        })
    }

    /// Evaluates condition `id` on a case given as one number per fact.
    pub(crate) fn eval(&self, id: CondId, values: &[f64]) -> bool {
        let Some(&node) = self.nodes.get(id as usize) else {
            return false;
        };
        let value = |fact: u16| values.get(usize::from(fact)).copied().unwrap_or(f64::NAN);
        match node {
            Node::All(a, b) => self.kids[a as usize..b as usize]
                .iter()
                .all(|&k| self.eval(k, values)),
            Node::Any(a, b) => self.kids[a as usize..b as usize]
                .iter()
                .any(|&k| self.eval(k, values)),
            Node::Not(k) => !self.eval(k, values),
            Node::Test { fact, op, value: y } => {
                let x = value(fact);
                // Every comparison with NaN (an absent fact) is false; `ne` is not `!eq`.
                match op {
                    Op::Eq => x == y,
                    Op::Ne => !x.is_nan() && x != y,
                    Op::Gt => x > y,
                    Op::Gte => x >= y,
                    Op::Lt => x < y,
                    Op::Lte => x <= y,
                }
            }
            Node::In { fact, start, end } => {
                let x = value(fact);
                self.set[start as usize..end as usize].contains(&x)
            }
            Node::Exists { fact, present } => value(fact).is_nan() != present,
        }
    }
}

fn type_name(t: &FactType) -> &'static str {
    match t {
        FactType::Boolean => "布尔",
        FactType::Integer => "整数",
        FactType::Number => "数字",
        FactType::Choice(_) => "选项",
        FactType::Text(_) => "文字",
    }
}

/// A comparison's value, typed as its fact.
fn operand(r: &mut Reader, fact: &Fact, v: &Value, path: &str) -> Option<f64> {
    match (&fact.kind, v) {
        (FactType::Boolean, Value::Bool(b)) => Some(f64::from(u8::from(*b))),
        (FactType::Integer | FactType::Number, Value::Number(n)) => n.as_f64(),
        (FactType::Choice(options), Value::String(s)) => {
            let i = options.iter().position(|o| o.code == *s);
            if i.is_none() {
                let codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
                r.report(
                    Code::InvalidValue,
                    path,
                    format!(
                        "\"{s}\" 不是事实 {} 的选项：{}",
                        fact.code,
                        codes.join(" / ")
                    ),
                );
            }
            i.map(|i| i as f64)
        }
        (kind, v) => {
            r.report(
                Code::WrongType,
                path,
                format!(
                    "事实 {} 是{}事实，不能与{}比较",
                    fact.code,
                    type_name(kind),
                    describe(v)
                ),
            );
            None
        }
    }
}

/// Reads facts and one condition in a test: the diagnostics, or the program and its root.
#[cfg(test)]
fn compile(
    facts: Value,
    cond: Value,
) -> Result<(FactSet, Program, CondId), Vec<crate::error::Diagnostic>> {
    let mut r = Reader::new();
    let wrapper = serde_json::json!({ "facts": facts });
    let mut f = r.object(&wrapper, "").unwrap();
    let set = FactSet::read(&mut r, &mut f, "facts");
    let mut p = Program::default();
    let id = set.as_ref().and_then(|s| p.read(&mut r, &cond, "/when", s));
    if r.has_problems() {
        return Err(r.into_diagnostics());
    }
    Ok((set.unwrap(), p, id.unwrap()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts() -> Value {
        json!([
            { "code": "households", "name": "涉及户数", "type": "integer", "unit": "户", "min": 1, "max": 1000, "required": true },
            { "code": "amount", "name": "涉及金额", "type": "number", "unit": "元" },
            { "code": "violence", "name": "暴力", "type": "boolean" },
            { "code": "kind", "name": "类型", "type": "choice", "options": [
                { "code": "neighbour", "name": "邻里" }, { "code": "property", "name": "物业" } ] },
            { "code": "summary", "name": "情况", "type": "text", "maxChars": 10 }
        ])
    }

    fn eval(cond: Value, case: Value) -> Result<bool, Error> {
        let (set, p, id) = compile(facts(), cond).expect("compiles");
        let mut values = Vec::new();
        set.read_values(&case, "", &mut values)?;
        Ok(p.eval(id, &values))
    }

    #[test]
    fn operators() {
        let case =
            json!({ "households": 5, "amount": 12000.5, "violence": false, "kind": "property" });
        let t = |c: Value| eval(c, case.clone()).unwrap();
        assert!(t(json!({ "fact": "households", "gte": 5 })));
        assert!(!t(json!({ "fact": "households", "gt": 5 })));
        assert!(t(json!({ "fact": "households", "lte": 5 })));
        assert!(!t(json!({ "fact": "households", "lt": 5 })));
        assert!(t(json!({ "fact": "households", "eq": 5 })));
        assert!(t(json!({ "fact": "amount", "ne": 12000 })));
        assert!(t(json!({ "fact": "violence", "eq": false })));
        assert!(t(
            json!({ "fact": "kind", "in": ["neighbour", "property"] })
        ));
        assert!(!t(json!({ "fact": "kind", "eq": "neighbour" })));
        assert!(t(json!({ "fact": "summary", "exists": false })));
        assert!(t(
            json!({ "all": [{ "fact": "households", "gte": 2 }, { "not": { "fact": "violence", "eq": true } }] })
        ));
        assert!(t(
            json!({ "any": [{ "fact": "households", "gte": 50 }, { "fact": "amount", "gt": 10000 }] })
        ));
        assert!(!t(
            json!({ "any": [{ "fact": "households", "gte": 50 }, { "fact": "amount", "gt": 20000 }] })
        ));
    }

    #[test]
    fn absent_facts_compare_false() {
        let case = json!({ "households": 1 });
        let t = |c: Value| eval(c, case.clone()).unwrap();
        assert!(!t(json!({ "fact": "amount", "gt": 0 })));
        assert!(!t(json!({ "fact": "amount", "ne": 0 })));
        assert!(!t(json!({ "fact": "violence", "eq": false })));
        assert!(t(json!({ "not": { "fact": "violence", "eq": true } })));
        assert!(!t(json!({ "fact": "kind", "in": ["neighbour"] })));
        assert!(t(json!({ "fact": "amount", "exists": false })));
    }

    #[test]
    fn rulebook_problems_have_paths() {
        let problem = |cond: Value| {
            let d = compile(facts(), cond).unwrap_err();
            (d[0].code, d[0].path.clone())
        };
        assert_eq!(
            problem(json!({ "fact": "rooms", "gt": 1 })),
            (Code::InvalidValue, "/when/fact".into())
        );
        assert_eq!(
            problem(json!({ "fact": "violence", "gt": 1 })),
            (Code::WrongType, "/when/gt".into())
        );
        assert_eq!(
            problem(json!({ "fact": "households", "eq": "5" })),
            (Code::WrongType, "/when/eq".into())
        );
        assert_eq!(
            problem(json!({ "fact": "kind", "eq": "family" })),
            (Code::InvalidValue, "/when/eq".into())
        );
        assert_eq!(
            problem(json!({ "fact": "summary", "eq": "x" })),
            (Code::WrongType, "/when/eq".into())
        );
        assert_eq!(
            problem(json!({ "fact": "households", "between": [1, 2] })),
            (Code::UnknownField, "/when/between".into())
        );
        assert_eq!(
            problem(json!({ "fact": "households", "gt": 1, "lt": 9 })).0,
            Code::InvalidValue
        );
        assert_eq!(
            problem(json!({ "fact": "households" })),
            (Code::MissingField, "/when".into())
        );
        assert_eq!(
            problem(json!({ "all": [] })),
            (Code::OutOfRange, "/when/all".into())
        );
        assert_eq!(
            problem(json!({ "any": [{ "fact": "x", "eq": 1 }] })),
            (Code::InvalidValue, "/when/any/0/fact".into())
        );
        assert_eq!(
            problem(json!({ "fact": "kind", "in": ["neighbour", 3] })),
            (Code::WrongType, "/when/in/1".into())
        );
        assert_eq!(problem(json!([1])), (Code::WrongType, "/when".into()));
        let mut deep = json!({ "fact": "households", "gt": 1 });
        for _ in 0..20 {
            deep = json!({ "not": deep });
        }
        assert_eq!(problem(deep).0, Code::OutOfRange);
    }

    #[test]
    fn input_problems_have_paths() {
        let cond = json!({ "fact": "households", "gt": 1 });
        let err = |case: Value| {
            let e = eval(cond.clone(), case).unwrap_err();
            (e.code(), e.path().to_string())
        };
        assert_eq!(err(json!({})), (Code::MissingField, "/households".into()));
        assert_eq!(
            err(json!({ "households": "5" })),
            (Code::WrongType, "/households".into())
        );
        assert_eq!(
            err(json!({ "households": 2.5 })),
            (Code::NotInteger, "/households".into())
        );
        assert_eq!(
            err(json!({ "households": 0 })),
            (Code::OutOfRange, "/households".into())
        );
        assert_eq!(
            err(json!({ "households": 2, "amount": -1 })),
            (Code::Negative, "/amount".into())
        );
        assert_eq!(
            err(json!({ "households": 2, "rooms": 1 })),
            (Code::UnknownField, "/rooms".into())
        );
        assert_eq!(
            err(json!({ "households": 2, "kind": "family" })),
            (Code::InvalidValue, "/kind".into())
        );
        assert_eq!(
            err(json!({ "households": 2, "summary": "一二三四五六七八九十十一" })),
            (Code::OutOfRange, "/summary".into())
        );
        assert_eq!(err(json!([])), (Code::WrongType, "".into()));
    }

    #[test]
    fn numeric_form_checks() {
        let (set, _, _) = compile(facts(), json!({ "fact": "households", "gt": 1 })).unwrap();
        assert_eq!(
            set.check_number(0, f64::NAN).map(|p| p.0),
            Some(Code::MissingField)
        );
        assert_eq!(set.check_number(0, 3.0), None);
        assert_eq!(
            set.check_number(0, 3.5).map(|p| p.0),
            Some(Code::NotInteger)
        );
        assert_eq!(
            set.check_number(1, f64::INFINITY).map(|p| p.0),
            Some(Code::OutOfRange)
        );
        assert_eq!(set.check_number(2, 2.0).map(|p| p.0), Some(Code::WrongType));
        assert_eq!(
            set.check_number(3, 2.0).map(|p| p.0),
            Some(Code::InvalidValue)
        );
        assert_eq!(set.check_number(3, 1.0), None);
    }
}
