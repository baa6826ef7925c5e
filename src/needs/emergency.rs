//! Emergencies (燃气泄漏, 火情, 有人摔倒起不来, 电梯困人…), the part `needs.emergency` of the
//! rulebook: read apart from the category — their phrases are a family of their own in the
//! matcher — so a gas smell says "call 119" whatever the message is filed as. Negation cues,
//! the not-now cues (上次, 万一, 没有…) and near misses (火灾隐患, 消防通道…) keep what is
//! not happening now from raising an alarm.

use super::section::{read_plain, read_weighted, PhraseTable, Target};
use crate::error::Code;
use crate::label::{read_named, Named, MAX_NAME_CHARS};
use crate::read::{index, read_list, Fields, Reader};

/// A kind of emergency (燃气泄漏, 火情, 摔倒…): whom to call and what to do first.
#[derive(Debug, Clone)]
pub(super) struct EmergencyKind {
    pub(super) label: Named,
    pub(super) call: Vec<String>,
    pub(super) instruction: String,
}

/// Reads `emergency`: the kinds (each with its phrases, numbers to call and a first
/// instruction), the not-now cues and their window, the near misses and the score a kind
/// needs. Absent, no message is an emergency.
pub(super) fn read_emergency(
    r: &mut Reader,
    f: &mut Fields<'_>,
    table: &mut PhraseTable,
    delimiters: &str,
) -> Option<(Vec<EmergencyKind>, f64, usize)> {
    let Some((v, p)) = f.optional("emergency") else {
        return Some((Vec::new(), 1.0, 0));
    };
    let mut g = r.object(v, &p)?;
    let min_score = g.number(r, "minScore", 0.0, 1e6);
    let window = g.object(r, "notNow").and_then(|mut h| {
        let window = h.integer(r, "window", 0, 100);
        read_plain(r, &mut h, "cues", Target::NotNow, table, delimiters);
        h.finish(r);
        window
    });
    read_plain(
        r,
        &mut g,
        "ignore",
        Target::EmergencyIgnore,
        table,
        delimiters,
    );
    let kinds_path = g.path_of("kinds");
    let mut kind_index = 0usize;
    let kinds = read_list(r, &mut g, "kinds", |r, mut h| {
        let label = read_named(r, &mut h);
        let call = h.array(r, "call").and_then(|(items, path)| {
            if items.is_empty() {
                r.report(Code::OutOfRange, &path, "至少需要一个电话");
                return None;
            }
            let numbers: Vec<Option<String>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    r.text(v, &index(&path, i), MAX_NAME_CHARS)
                        .map(str::to_string)
                })
                .collect();
            numbers.into_iter().collect::<Option<Vec<_>>>()
        });
        let instruction = h.text(r, "instruction", 500).map(str::to_string);
        let target = Target::Emergency(u8::try_from(kind_index).unwrap_or(u8::MAX));
        kind_index += 1;
        read_weighted(r, &mut h, "phrases", target, table, delimiters);
        h.finish(r);
        Some(EmergencyKind {
            label: label?,
            call: call?,
            instruction: instruction?,
        })
    });
    g.finish(r);
    let kinds = kinds?;
    if kinds.len() > 250 {
        r.report(Code::OutOfRange, &kinds_path, "紧急情况最多 250 种");
        return None;
    }
    r.unique_at(
        &kinds_path,
        "code",
        &mut kinds.iter().map(|k| k.label.code.as_str()),
        "紧急情况代码",
    );
    Some((kinds, min_score?, window? as usize))
}
