//! Community profile rules (`shared/DOMAIN.md` §6), the rulebook section `community`:
//!
//! - [`staffing`] (seed 001): 每万名城镇常住人口不少于18人; a community above 3,000 households
//!   or 10,000 residents adds one worker per further 300 households or 1,000 residents; a
//!   smaller one is reduced in proportion; a community usually has 5–9 两委 members.
//! - [`classes`] (seed 001): 示范类 / 创优类 / 强基类 from six assessment dimensions.
//! - [`meetings`] (seed 004): 周议事 every week, 月联席 on the Friday of the last week of the
//!   month.
//!
//! All numbers come from the rulebook; none is written here.

pub mod classes;
pub mod meetings;
pub mod staffing;

pub use classes::{ClassInput, ClassResult, DimensionScore};
pub use meetings::{Meeting, MeetingInput, MeetingsResult};
pub use staffing::{
    Basis, CommitteeCheck, DistrictInput, DistrictResult, SizeBand, StaffingInput, StaffingResult,
    Step,
};

use crate::engine::{to_json, Engine, Output};
use crate::error::Error;
use crate::families::Section;
use crate::json_value::Value;
use crate::read::{Fields, FromJson, Reader};
use crate::Stamped;

/// The rulebook section `community`.
#[derive(Debug, Clone)]
pub struct CommunityRules {
    staffing: staffing::StaffingRules,
    classes: classes::ClassRules,
    meetings: meetings::MeetingRules,
}

impl Section for CommunityRules {
    fn read(r: &mut Reader, mut f: Fields<'_>) -> Option<CommunityRules> {
        let staffing = f
            .object(r, "staffing")
            .and_then(|f| staffing::StaffingRules::read(r, f));
        let classes = f
            .object(r, "classes")
            .and_then(|f| classes::ClassRules::read(r, f));
        let meetings = f
            .object(r, "meetings")
            .and_then(|f| meetings::MeetingRules::read(r, f));
        f.finish(r);
        Some(CommunityRules {
            staffing: staffing?,
            classes: classes?,
            meetings: meetings?,
        })
    }

    fn call(e: &Engine, method: &str, input: &Value, _: &Value) -> Option<Result<Output, Error>> {
        Some(match method {
            "staffing" => to_json(StaffingInput::from_json(input).and_then(|i| e.staffing(&i))),
            "districtStaffing" => {
                to_json(DistrictInput::from_json(input).and_then(|i| e.district_staffing(&i)))
            }
            "communityClass" => {
                to_json(ClassInput::from_json(input).and_then(|i| e.community_class(&i)))
            }
            "meetingDates" => {
                to_json(MeetingInput::from_json(input).and_then(|i| e.meeting_dates(&i)))
            }
            _ => return None,
        })
    }
}

impl Engine {
    fn community(&self, call: &str) -> Result<&CommunityRules, Error> {
        self.section::<CommunityRules>(call)
    }

    /// Staffing norm for one community (DOMAIN §6, seed 001), with the arithmetic step by
    /// step.
    ///
    /// # Errors
    /// `SECTION_MISSING` when the rulebook has no `community` section; `OUT_OF_RANGE` at
    /// `/households` when both counts are 0.
    ///
    /// # Examples
    /// ```
    /// use shequ_rules::{community::StaffingInput, Engine};
    ///
    /// let input = StaffingInput { households: 1500, residents: 5000, committee_members: Some(7) };
    /// let norm = Engine::default().staffing(&input).unwrap().result;
    /// assert_eq!(norm.workers, 9);
    /// assert_eq!(norm.committee.within_range, Some(true));
    /// ```
    pub fn staffing(&self, input: &StaffingInput) -> Result<Stamped<StaffingResult>, Error> {
        let rules = &self.community("staffing")?.staffing;
        Ok(self.stamp(rules.staffing(input)?))
    }

    /// District-level check of community workers per urban residents (DOMAIN §6, seed 001).
    ///
    /// # Errors
    /// `SECTION_MISSING`; `OUT_OF_RANGE` at `/urbanResidents` for 0.
    pub fn district_staffing(
        &self,
        input: &DistrictInput,
    ) -> Result<Stamped<DistrictResult>, Error> {
        let rules = &self.community("districtStaffing")?.staffing;
        Ok(self.stamp(rules.district(input)?))
    }

    /// Community class (示范/创优/强基; DOMAIN §6, seed 001), with the reasons.
    ///
    /// # Errors
    /// `SECTION_MISSING`; an input error at `/scores/<code>` for a missing, unknown or
    /// out-of-range dimension score.
    pub fn community_class(&self, input: &ClassInput) -> Result<Stamped<ClassResult>, Error> {
        let rules = &self.community("communityClass")?.classes;
        Ok(self.stamp(rules.class(input)?))
    }

    /// Meeting dates (周议事, 月联席; DOMAIN §6, seed 004) from `from` to `to`, both inclusive.
    ///
    /// # Errors
    /// `SECTION_MISSING`; at `/to`, `INCONSISTENT` when `to` is before `from` and
    /// `RANGE_TOO_LONG` beyond the rulebook's `maxRangeDays`.
    pub fn meeting_dates(&self, input: &MeetingInput) -> Result<Stamped<MeetingsResult>, Error> {
        let rules = &self.community("meetingDates")?.meetings;
        Ok(self.stamp(rules.meetings(input)?))
    }
}
