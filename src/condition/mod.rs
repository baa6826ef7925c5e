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

mod facts;

pub use facts::FactInfo;
pub(crate) use facts::{Fact, FactSet, FactType};

use crate::error::Code;
use crate::json_value::{Map, Value};
use crate::label::MAX_NAME_CHARS;
use crate::read::{child, describe, index, Reader};

/// The deepest nesting of `all` / `any` / `not` a condition may have.
const MAX_DEPTH: usize = 16;
/// The most values an `in` list may hold.
const MAX_IN: usize = 256;
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
    use crate::error::Error;
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
