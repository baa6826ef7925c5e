//! Typed errors and diagnostics.
//!
//! Every problem the library reports has a stable [`Code`] (what callers match on), a JSON
//! pointer `path` into the rulebook or the input that caused it, and a human message in
//! Chinese. Messages may be reworded between versions; codes and paths do not change.

use std::fmt;

/// The stable, machine-readable kind of a problem.
///
/// Serialised (and exposed to JavaScript) in `SCREAMING_SNAKE_CASE`, e.g. `MISSING_FIELD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// Text that should be JSON is not (a rulebook given as a string).
    Syntax,
    /// A required field is absent.
    MissingField,
    /// A field that the format does not know; reported rather than ignored so typos surface.
    UnknownField,
    /// A value of the wrong JSON type (a string where a number belongs, `null`, `NaN`…).
    WrongType,
    /// A number that must be whole is not.
    NotInteger,
    /// A number that must not be negative is.
    Negative,
    /// A number or length outside its allowed range.
    OutOfRange,
    /// A string that is not a valid calendar date `YYYY-MM-DD`.
    InvalidDate,
    /// A value that is not one of the allowed choices, or an empty/ill-formed string.
    InvalidValue,
    /// Two entries that must be distinct share a code or name.
    Duplicate,
    /// Values that are each valid but contradict one another (e.g. `from` after `to`).
    Inconsistent,
    /// A date range longer than the rulebook allows.
    RangeTooLong,
    /// A date outside the years the rulebook's working-day calendar covers: its holidays
    /// are not known, so no working day is guessed.
    OutOfCalendar,
    /// The rulebook given to an engine has problems; see the diagnostics.
    InvalidRulebook,
    /// The rulebook is valid but has no section for the rule family that was called.
    SectionMissing,
    /// A defect in the library itself (a result that could not be converted); please report.
    Internal,
}

impl Code {
    /// The stable string form, as JavaScript sees it in `error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "SYNTAX",
            Code::MissingField => "MISSING_FIELD",
            Code::UnknownField => "UNKNOWN_FIELD",
            Code::WrongType => "WRONG_TYPE",
            Code::NotInteger => "NOT_INTEGER",
            Code::Negative => "NEGATIVE",
            Code::OutOfRange => "OUT_OF_RANGE",
            Code::InvalidDate => "INVALID_DATE",
            Code::InvalidValue => "INVALID_VALUE",
            Code::Duplicate => "DUPLICATE",
            Code::Inconsistent => "INCONSISTENT",
            Code::RangeTooLong => "RANGE_TOO_LONG",
            Code::OutOfCalendar => "OUT_OF_CALENDAR",
            Code::InvalidRulebook => "INVALID_RULEBOOK",
            Code::SectionMissing => "SECTION_MISSING",
            Code::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a rulebook or an input, located by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub code: Code,
    /// JSON pointer (RFC 6901) to the offending value; `""` is the whole document.
    pub path: String,
    /// A human explanation in Chinese.
    pub message: String,
}
crate::json_out::json_object!(Diagnostic {
    "code" => code,
    "path" => path,
    "message" => message,
});

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{} {}: {}", self.code, path, self.message)
    }
}

/// An error returned by the engine.
///
/// Match on [`Error::code`] rather than on the variants: new kinds of problem may be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input to a rule was malformed; the diagnostic says where and why.
    InvalidInput(Diagnostic),
    /// The rulebook is not valid; every problem found is listed (never empty).
    InvalidRulebook(Vec<Diagnostic>),
    /// A rule was called whose rule-family section the (valid) rulebook does not have; the
    /// diagnostic's code is [`Code::SectionMissing`] and its path `/<section>`.
    SectionMissing(Diagnostic),
    /// A defect in the library itself (a result that could not be converted).
    Internal(String),
}

impl Error {
    /// The stable code: the input problem's own code, [`Code::InvalidRulebook`],
    /// [`Code::SectionMissing`] or [`Code::Internal`].
    pub fn code(&self) -> Code {
        match self {
            Error::InvalidInput(d) | Error::SectionMissing(d) => d.code,
            Error::InvalidRulebook(_) => Code::InvalidRulebook,
            Error::Internal(_) => Code::Internal,
        }
    }

    /// JSON pointer to the first offending value.
    pub fn path(&self) -> &str {
        match self {
            Error::InvalidInput(d) | Error::SectionMissing(d) => &d.path,
            Error::InvalidRulebook(ds) => ds.first().map_or("", |d| d.path.as_str()),
            Error::Internal(_) => "",
        }
    }

    /// A `WRONG_TYPE` input error at `path`: the value should have been `expected`
    /// (e.g. 字符串, 数组).
    pub fn wrong_type(path: &str, expected: &str) -> Error {
        Error::InvalidInput(Diagnostic {
            code: Code::WrongType,
            path: path.to_string(),
            message: format!("应为{expected}"),
        })
    }

    /// Every diagnostic behind this error (one for an input error or a missing section,
    /// none for an internal defect).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::InvalidInput(d) | Error::SectionMissing(d) => std::slice::from_ref(d),
            Error::InvalidRulebook(ds) => ds,
            Error::Internal(_) => &[],
        }
    }

    /// An input error with `code` at `path`.
    pub(crate) fn input(code: Code, path: &str, message: impl Into<String>) -> Error {
        Error::InvalidInput(Diagnostic {
            code,
            path: path.to_string(),
            message: message.into(),
        })
    }

    /// A `SECTION_MISSING` error: rulebook `id` has no `section`, which `call` needs.
    pub(crate) fn section_missing(id: &str, section: &str, call: &str) -> Error {
        Error::SectionMissing(Diagnostic {
            code: Code::SectionMissing,
            path: format!("/{section}"),
            message: format!("规则库 {id} 没有 {section} 部分，无法运行 {call}"),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(d) if d.path.is_empty() => write!(f, "输入有误：{}", d.message),
            Error::InvalidInput(d) => write!(f, "输入有误 {}：{}", d.path, d.message),
            Error::SectionMissing(d) => f.write_str(&d.message),
            Error::Internal(m) => write!(f, "内部错误（请报告）：{m}"),
            Error::InvalidRulebook(ds) => {
                write!(f, "规则库无效，共 {} 处问题", ds.len())?;
                if let Some(first) = ds.first() {
                    write!(f, "；第一处：{first}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// A problem with one item of a batch or one response of a survey: the item stays out, the
/// others still count (needs batches, 三色预警 batches, 满意度测评 responses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// The item's index in the batch.
    pub index: usize,
    /// The stable code.
    pub code: Code,
    /// JSON pointer inside the batch (`/<index>/…`).
    pub path: String,
    /// In Chinese.
    pub message: String,
}
crate::json_out::json_object!(ItemError {
    "index" => index,
    "code" => code,
    "path" => path,
    "message" => message,
});
