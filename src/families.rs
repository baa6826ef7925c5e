//! The one list of rule families.
//!
//! Each family is declared once, in the `families!` table below: its name — which is at once its
//! rulebook section, its module under `src/`, its cargo feature, its file of shared vectors
//! (`tests/vectors/<name>.json`) and its entry in the TypeScript union `SectionName` —, its
//! Chinese title, where DOMAIN.md describes it, and the JavaScript names of its rules.
//! Reading a rulebook's sections, the "at least one section" rule, the list of sections in
//! `rulebookInfo()`, the JSON dispatch of [`Engine::call`] and the drift tests of the
//! typings and vectors all derive from this table.
//!
//! A family module implements `Section` (read its section; run its rules on JSON input);
//! the table stores the section and finds it again for the family's rules.

use crate::engine::{Engine, Output};
use crate::error::{Code, Error};
use crate::json_value::Value;
use crate::read::{Fields, Reader};

/// A rule family, as the table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// Section, module, cargo feature and vectors file name.
    pub name: &'static str,
    /// The Chinese title.
    pub title: &'static str,
    /// Where `shared/DOMAIN.md` describes the rules.
    pub domain: &'static str,
    /// The JavaScript names of the family's rules, which [`Engine::call`] also takes.
    pub methods: &'static [&'static str],
    /// Whether this build includes the family (its cargo feature is on).
    pub compiled: bool,
}

/// What a family module provides to the table.
pub(crate) trait Section: Sized {
    /// Reads and validates the section, reporting every problem to `r`.
    fn read(r: &mut Reader, f: Fields<'_>) -> Option<Self>;

    /// Runs the family's rule `method` on JSON input; `None` when `method` is not one of
    /// the family's.
    fn call(
        engine: &Engine,
        method: &str,
        input: &Value,
        options: &Value,
    ) -> Option<Result<Output, Error>>;
}

/// Where the table keeps a family's section (implemented by [`families!`]).
pub(crate) trait Slot: Section {
    /// The section's name.
    const NAME: &'static str;
    /// The section in a rulebook's sections, if it has one (shared: a replay that outlives
    /// the call keeps it without a copy).
    fn get(sections: &Sections) -> Option<&std::sync::Arc<Self>>;
}

macro_rules! families {
    ($( $name:ident ($feature:literal): $ty:ty, $title:literal, $domain:literal, [$($method:literal),* $(,)?]; )*) => {
        // A family's cargo feature is spelt as its name.
        $( const _: () = assert!(same(stringify!($name), $feature)); )*

        /// Every rule family the library knows, in rulebook order (also those this build
        /// leaves out: see [`Family::compiled`]).
        pub const FAMILIES: &[Family] = &[$(
            Family {
                name: stringify!($name),
                title: $title,
                domain: $domain,
                methods: &[$($method),*],
                compiled: cfg!(feature = $feature),
            },
        )*];

        /// The sections of one rulebook, one slot per compiled family.
        #[derive(Debug, Clone, Default)]
        pub(crate) struct Sections {
            $( #[cfg(feature = $feature)] $name: Option<std::sync::Arc<$ty>>, )*
        }

        $(
            #[cfg(feature = $feature)]
            impl Slot for $ty {
                const NAME: &'static str = stringify!($name);
                fn get(sections: &Sections) -> Option<&std::sync::Arc<Self>> {
                    sections.$name.as_ref()
                }
            }
        )*

        impl Sections {
            /// Reads every family section of a rulebook's top-level object. A section of a
            /// family this build leaves out is kept in the document (and so in the hash)
            /// but not read. Returns the sections and the names of those read, or `None`
            /// when one of them is invalid.
            pub(crate) fn read(
                r: &mut Reader,
                top: &mut Fields<'_>,
            ) -> Option<(Sections, Vec<&'static str>)> {
                #[allow(unused_mut)]
                let mut sections = Sections::default();
                #[allow(unused_mut)]
                let mut names = Vec::new();
                let mut any = false;
                #[allow(unused_mut)]
                let mut ok = true;
                $(
                    if let Some((value, path)) = top.optional(stringify!($name)) {
                        any = true;
                        #[cfg(feature = $feature)]
                        match r.object(value, &path).and_then(|f| <$ty as Section>::read(r, f)) {
                            Some(section) => {
                                sections.$name = Some(std::sync::Arc::new(section));
                                names.push(stringify!($name));
                            }
                            None => ok = false,
                        }
                        #[cfg(not(feature = $feature))]
                        let _ = (value, path);
                    }
                )*
                if !any {
                    let all: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
                    r.report(
                        Code::MissingField,
                        "",
                        format!("规则库至少需要一个规则部分（{}）", all.join("、")),
                    );
                }
                ok.then_some((sections, names))
            }

            /// Runs a rule by its JavaScript name; `None` for a name no compiled family has.
            #[allow(unused_variables)]
            pub(crate) fn call(
                engine: &Engine,
                method: &str,
                input: &Value,
                options: &Value,
            ) -> Option<Result<Output, Error>> {
                $(
                    #[cfg(feature = $feature)]
                    if let Some(out) = <$ty as Section>::call(engine, method, input, options) {
                        return Some(out);
                    }
                )*
                None
            }
        }
    };
}

/// String equality in a constant (for the table's own checks).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

families! {
    community ("community"): crate::community::CommunityRules, "社区画像", "§6",
        ["staffing", "districtStaffing", "communityClass", "meetingDates"];
    needs ("needs"): crate::needs::NeedsRules, "居民诉求", "§1",
        ["classifyNeed", "classifyNeeds", "classifyNeedsCompact"];
    points ("points"): crate::points::PointsRules, "四德积分银行", "§2",
        ["ledger", "checkEvent", "monthlyReport", "sealEvent", "verifyLedger"];
    calendar ("calendar"): crate::calendar::CalendarRules, "工作日历", "Working-day calendar",
        ["isWorkingDay", "addWorkingDays", "workingDaysBetween", "addWorkingHours"];
    disputes ("disputes"): crate::disputes::DisputeRules, "三色预警", "§3",
        ["gradeDispute", "gradeDisputes", "gradeDisputesCompact", "disputeStatus", "disputeTables"];
    satisfaction ("satisfaction"): crate::satisfaction::SatisfactionRules, "满意度测评", "§4",
        ["scoreSurvey", "surveyForms"];
}

/// The family a rulebook section or rule belongs to.
pub fn family(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-kept TypeScript names the same sections as the table, and every rule of the
    /// table reaches JavaScript: exported by the family's file of the wasm skin, or declared
    /// in the typings (the methods the package's own JavaScript adds).
    #[test]
    fn typings_and_skin_name_every_section_and_rule() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let typings = std::fs::read_to_string(root.join("src/wasm/types.d.ts")).unwrap();
        let union: Vec<String> = FAMILIES.iter().map(|f| format!("\"{}\"", f.name)).collect();
        let line = format!("export type SectionName = {};", union.join(" | "));
        assert!(
            typings.contains(&line),
            "src/wasm/types.d.ts should say: {line}"
        );
        for f in FAMILIES {
            let skin = std::fs::read_to_string(root.join(format!("src/wasm/{}.rs", f.name)))
                .unwrap_or_else(|_| panic!("src/wasm/{}.rs is the family's skin", f.name));
            for m in f.methods {
                let exported = skin.contains(&format!("js_name = {m},"))
                    || skin.contains(&format!("js_name = {m})"))
                    || skin.contains(&format!("pub fn {m}("));
                // The methods the package's JavaScript adds are declared in `interface Engine`.
                let engine_block = typings
                    .split("export interface Engine {")
                    .nth(1)
                    .and_then(|rest| rest.split("\n}").next())
                    .unwrap_or("");
                assert!(
                    exported || engine_block.contains(&format!("  {m}(")),
                    "Engine.{m} is neither exported by src/wasm/{}.rs nor declared in the typings",
                    f.name
                );
            }
        }
    }

    /// The JSON Schema and the default rulebook know every family's section.
    #[test]
    fn schema_and_default_rulebook_have_every_section() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |p: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap()
        };
        let schema = read("src/rulebook/rulebook.schema.json");
        let default = read("src/rulebook/default.json");
        let any_of: Vec<&str> = schema["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["required"][0].as_str().unwrap())
            .collect();
        let names: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
        assert_eq!(
            any_of, names,
            "the schema's anyOf lists the sections in table order"
        );
        for f in FAMILIES {
            assert!(
                schema["properties"][f.name].is_object(),
                "schema: {}",
                f.name
            );
            assert!(default[f.name].is_object(), "default rulebook: {}", f.name);
        }
    }

    /// Every rule the table lists is one `Engine::call` runs (a misspelt name would make it
    /// an unknown rule, silently left out of the fuzzing that calls every listed rule).
    #[test]
    fn every_listed_rule_dispatches() {
        let engine = crate::Engine::default();
        for f in FAMILIES.iter().filter(|f| f.compiled) {
            for m in f.methods {
                assert!(
                    Sections::call(&engine, m, &Value::Null, &Value::Null).is_some(),
                    "{}: {m} is listed but not run by the family's call",
                    f.name
                );
            }
        }
        assert!(Sections::call(&engine, "noSuchRule", &Value::Null, &Value::Null).is_none());
    }

    /// Each family has its vectors file, and every vectors file is a family's or the
    /// platform's.
    #[test]
    fn every_family_has_its_vectors() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
        for f in FAMILIES {
            assert!(
                dir.join(format!("{}.json", f.name)).is_file(),
                "tests/vectors/{}.json",
                f.name
            );
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                family(&stem).is_some() || ["rulebook", "mask"].contains(&stem.as_str()),
                "{} belongs to no family",
                path.display()
            );
        }
    }
}
