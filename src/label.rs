//! Labels of rulebook entries: a stable English code and a Chinese display name.

use crate::read::{Fields, Reader};

/// The longest code or name of a rulebook entry, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 100;

/// A rulebook entry's stable code and its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Stable code (English, e.g. `infrastructure`).
    pub code: String,
    /// Display name (Chinese, e.g. 基础设施).
    pub name: String,
}
crate::json_out::json_object!(Named {
    "code" => code,
    "name" => name,
});

/// Reads the `code` and `name` of a rulebook entry.
pub(crate) fn read_named(r: &mut Reader, f: &mut Fields<'_>) -> Option<Named> {
    let code = f.text(r, "code", MAX_NAME_CHARS);
    let name = f.text(r, "name", MAX_NAME_CHARS);
    Some(Named {
        code: code?.to_string(),
        name: name?.to_string(),
    })
}
