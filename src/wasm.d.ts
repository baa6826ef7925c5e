/** Stable error and diagnostic codes. */
export type Code =
  | "SYNTAX" | "MISSING_FIELD" | "UNKNOWN_FIELD" | "WRONG_TYPE" | "NOT_INTEGER" | "NEGATIVE"
  | "OUT_OF_RANGE" | "INVALID_DATE" | "INVALID_VALUE" | "DUPLICATE" | "INCONSISTENT"
  | "RANGE_TOO_LONG" | "INVALID_RULEBOOK" | "INTERNAL";

/** One problem in a rulebook or an input. `path` is a JSON pointer ("" = the whole document). */
export interface Diagnostic { code: Code; path: string; message: string }

/** What every method throws: a real `Error` with a stable `code` and the offending `path`. */
export interface ShequRulesError extends Error {
  name: "ShequRulesError";
  code: Code;
  path: string;
  /** Every problem found (all of them for an invalid rulebook; one for bad input). */
  diagnostics: Diagnostic[];
}

/** Which rulebook decided a result. `hash` is SHA-256 of the canonical form. */
export interface Stamp { id: string; version: string; hash: string }

export interface RulebookInfo {
  id: string; version: string; name: string; hash: string;
  sections: Array<"community">;
}

export interface NamedCode { code: string; name: string }
export type WeekdayName = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** The rulebook document (see rulebook.schema.json in this package). */
export interface Rulebook {
  $schema?: string;
  id: string;
  version: string;
  name: string;
  community: {
    staffing: {
      standard: { households: number; residents: number; workers: number };
      increment: { households: number; residents: number; workers: number };
      district: { residents: number; workers: number };
      committee: { min: number; max: number };
    };
    classes: {
      scoreRange: { min: number; max: number };
      dimensions: NamedCode[];
      grades: Array<NamedCode & { minMean?: number; minEach?: number }>;
    };
    meetings: {
      maxRangeDays: number;
      series: Array<NamedCode & {
        every: "week" | "month";
        weekday: WeekdayName;
        week?: "first" | "second" | "third" | "fourth" | "last";
        parties?: string[];
      }>;
    };
  };
}

/** One line of worked arithmetic. */
export interface Step { label: string; formula: string; value: number }

export interface StaffingInput { households: number; residents: number; committeeMembers?: number }
export interface StaffingResult {
  workers: number;
  band: "above" | "standard" | "below";
  basis: "households" | "residents" | "both";
  steps: Step[];
  committee: { min: number; max: number; actual?: number; withinRange?: boolean };
  rulebook: Stamp;
}

export interface DistrictStaffingInput { urbanResidents: number; workers: number }
export interface DistrictStaffingResult {
  required: number; workers: number; meetsNorm: boolean; shortfall: number;
  perUnit: number; unitResidents: number; steps: Step[]; rulebook: Stamp;
}

export interface CommunityClassInput { scores: Record<string, number> }
export interface CommunityClassResult {
  code: string; name: string; mean: number;
  lowest: { code: string; name: string; score: number };
  reasons: string[];
  rulebook: Stamp;
}

/** Dates are `YYYY-MM-DD`, both ends inclusive. */
export interface MeetingDatesInput { from: string; to: string }
export interface Meeting { date: string; code: string; name: string; weekday: string; parties: string[] }
export interface MeetingDatesResult { meetings: Meeting[]; rulebook: Stamp }
