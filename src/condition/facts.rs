//! Declared, typed facts: their declaration in a rulebook section, a case's facts read
//! against it (JSON object or the compact numeric form), and the tables a form is built from.

use crate::error::{Code, Error};
use crate::json_value::{Map, Value};
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{child, describe, fmt_num, index, Fields, Reader};

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
#[derive(Debug, Clone, PartialEq)]
pub struct FactInfo {
    /// The fact's code (the key in a report's facts).
    pub code: String,
    /// Its Chinese label.
    pub name: String,
    /// `boolean`, `integer`, `number`, `choice` or `text`.
    pub kind: &'static str,
    /// The unit (户, 人, 元…), when declared.
    pub unit: Option<String>,
    /// Whether a report must carry it.
    pub required: bool,
    /// The smallest value (numbers).
    pub min: Option<f64>,
    /// The largest value (numbers).
    pub max: Option<f64>,
    /// The options (choices), by index as the compact form numbers them.
    pub options: Option<Vec<Named>>,
    /// The longest text (text).
    pub max_chars: Option<usize>,
}
crate::json_out::json_object!(FactInfo {
    "code" => code,
    "name" => name,
    "type" => kind,
    "unit" => unit if some,
    "required" => required,
    "min" => min if some,
    "max" => max if some,
    "options" => options if some,
    "maxChars" => max_chars if some,
});

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
        let distinct = r.unique_at(
            &path,
            "code",
            &mut facts.iter().map(|f| f.code.as_str()),
            "事实代码",
        );
        (ok && distinct).then_some(FactSet { facts })
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
        self.facts[i].problem(x)
    }
}

impl Fact {
    /// What is wrong with a value in the numeric form (`NaN` absent, booleans 0/1, options by
    /// index, text 1 when present); `None` when it holds.
    fn problem(&self, x: f64) -> Option<(Code, String)> {
        let f = self;
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
    // The same checks as the compact form's: whole numbers, ranges, a blank required text.
    match f.problem(x) {
        Some((code, message)) => Err(Error::input(code, path, message)),
        None => Ok(x),
    }
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
    r.unique_at(
        &path,
        "code",
        &mut out.iter().map(|o| o.code.as_str()),
        "选项代码",
    )
    .then_some(out)
}
