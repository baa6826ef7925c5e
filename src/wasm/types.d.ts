/** Stable error and diagnostic codes. */
export type Code =
  | "SYNTAX" | "MISSING_FIELD" | "UNKNOWN_FIELD" | "WRONG_TYPE" | "NOT_INTEGER" | "NEGATIVE"
  | "OUT_OF_RANGE" | "INVALID_DATE" | "INVALID_VALUE" | "DUPLICATE" | "INCONSISTENT"
  | "RANGE_TOO_LONG" | "OUT_OF_CALENDAR" | "INVALID_RULEBOOK" | "SECTION_MISSING" | "INTERNAL"
  /** Thrown by the package's JavaScript: a method called on a freed engine, or not on an engine. */
  | "ENGINE_FREED" | "NOT_AN_ENGINE";

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

/** The rule families, each a rulebook section (checked against the Rust family table). */
export type SectionName = "community" | "needs" | "points" | "calendar" | "disputes" | "satisfaction";

export interface RulebookInfo {
  id: string; version: string; name: string; hash: string;
  /** The rule-family sections this rulebook defines. */
  sections: SectionName[];
}

export interface NamedCode { code: string; name: string }
export type WeekdayName = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** Phrases residents use, each with its weight. */
export type WeightedPhrases = Record<string, number>;

/** The rulebook section `needs`. */
export interface NeedsRules {
  maxTextChars: number;
  text: { sentenceEnds: string; clauseEnds: string };
  subject: { maxChars: number; weight: number };
  /**
   * `autoRouteConfidence`: the confidence from which a result is routed without a look (`autoRoute`);
   * `repeatFactor`: each further occurrence of a phrase weighs this much of the one before (default 1).
   */
  decision: { minScore: number; minConfidence: number; prior: number; autoRouteConfidence?: number; repeatFactor?: number };
  negation: { window: number; cues: string[] };
  /** `leading` (尊敬的…) voids the rest of its clause; `trailing` (…您好) what precedes it in its clause. */
  greetings: { leading: string[]; trailing: string[] };
  ignore: string[];
  /** `yieldsToDefault`: the level's cues decide only where no item or category gives a default. */
  urgency: Array<NamedCode & { residentText?: string; minScore: number; yieldsToDefault?: boolean; phrases: WeightedPhrases }>;
  /** Emergencies, read apart from the category. Absent: no message is an emergency. */
  emergency?: {
    /** Weight a kind's phrases must reach. */
    minScore: number;
    /** Cues that it is not happening now — the past (上次), a worry (万一), its absence (没有): the next emergency phrase within `window` characters, in the same clause, does not count. */
    notNow: { window: number; cues: string[] };
    /** Near misses (容易摔倒, 防火) that hide the emergency phrases inside them. */
    ignore: string[];
    kinds: Array<NamedCode & { call: string[]; instruction: string; phrases: WeightedPhrases }>;
  };
  outOfScope: NamedCode & { handler: string; phrases: WeightedPhrases };
  categories: Array<NamedCode & {
    residentName?: string;
    handler: string;
    /** Urgency of a message filed under the category but none of its items. */
    urgency?: string;
    phrases?: WeightedPhrases;
    /** `residentName`: the wording residents read in place of the policy name (no rule reads it). */
    items: Array<NamedCode & { residentName?: string; urgency: string; handler?: string; phrases: WeightedPhrases }>;
  }>;
}

/** The rulebook document (see rulebook.schema.json in this package). At least one section. */
export interface Rulebook {
  $schema?: string;
  id: string;
  version: string;
  name: string;
  needs?: NeedsRules;
  points?: PointsRules;
  calendar?: CalendarRules;
  disputes?: DisputeRules;
  satisfaction?: SatisfactionRules;
  community?: {
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

/** Options of `classifyNeed`. */
export interface ClassifyNeedOptions {
  /** List the evidence (default true). */
  evidence?: boolean;
  /** How many alternatives to list, 0–3 (default 3). */
  alternatives?: number;
}

export type EvidenceKind = "item" | "category" | "outOfScope" | "urgency" | "negation" | "greeting" | "ignore" | "emergency";

/** One phrase found in the text: `text.slice(start, end) === phrase` (letters may differ in case). */
export interface NeedEvidence {
  phrase: string;
  start: number;
  end: number;
  kind: EvidenceKind;
  /** The item, category, `other` or urgency code it counts for. */
  target?: string;
  /** JSON pointer of the rule in the rulebook. */
  rule: string;
  /** Weight added (after the subject multiplier); 0 when it did not count. */
  weight: number;
  inSubject: boolean;
  /** Not counted: a negation cue precedes it, or it names a salutation's addressee. */
  discounted?: true;
}

/** Whom to call now and what to do first. */
export interface NeedEmergency { code: string; name: string; call: string[]; instruction: string }

export interface NeedAlternative { category: NamedCode; item: NamedCode | null; score: number }

export interface NeedResult {
  /** The category; `{ code: "other", name: "其他" }` when clearly outside community governance; null when a person should look. */
  category: NamedCode | null;
  item: NamedCode | null;
  needsHuman: boolean;
  /** Confident enough to route without a look (the rulebook's `decision.autoRouteConfidence`). */
  autoRoute: boolean;
  urgency: { code: string; name: string; source: "cue" | "default" } | null;
  /** An emergency to act on now (gas, fire, a fall…), read apart from the category; null when none. */
  emergency: NeedEmergency | null;
  /** 0–1. */
  confidence: number;
  score: number;
  alternatives: NeedAlternative[];
  evidence: NeedEvidence[];
  handler: string | null;
  rulebook: Stamp;
}

/** A text of a batch that could not be categorised (`path` is `/<index>`). */
export interface BatchError { index: number; code: Code; path: string; message: string }

export interface NeedBatch {
  results: Array<Omit<NeedResult, "rulebook"> | { error: BatchError }>;
  rulebook: Stamp;
}

/** Columns, one entry per text. 255 / 65535 mean "none". */
export interface CompactNeeds {
  /** Index into `categories` (its last entry is 其他); 255 when a person should look. */
  category: Uint8Array;
  /** Index into `items`; 65535 for none. */
  item: Uint16Array;
  /** Index into `urgencies`; 255 for none. */
  urgency: Uint8Array;
  confidence: Float32Array;
  /** 1 when a person should look. */
  needsHuman: Uint8Array;
  categories: NamedCode[];
  items: NamedCode[];
  urgencies: NamedCode[];
  errors: BatchError[];
  rulebook: Stamp;
}

export type MaskKind = "mobile" | "idCard" | "bankCard" | "landline" | "email";
/** The text with personal data masked by `*` (same length, so offsets still hold). */
export interface Redacted { text: string; masked: Array<{ kind: MaskKind; start: number; end: number }> }

/** Methods of `Engine` defined by the package's needs.js (declaration merging with the class). */
export interface Engine {
  /** Categorises what a resident wrote: category and item (or `needsHuman`), urgency, confidence, alternatives, evidence, handler. */
  classifyNeed(text: string, options?: ClassifyNeedOptions): NeedResult;
  /** Categorises many texts in one call; a text that cannot be read gets `{ error }` in its place. */
  classifyNeeds(texts: readonly string[]): NeedBatch;
  /** Categorises many texts into typed-array columns, for tens of thousands at a time. */
  classifyNeedsCompact(texts: readonly string[]): CompactNeeds;
  /** Replays the points ledger: balances, stock, duplicates and rejected events (events enter packed, a chunk at a time). */
  ledger(events: readonly PointsEvent[], options?: LedgerOptions | null): Ledger;
  /** What appending one event would do, changing nothing. */
  checkEvent(events: readonly PointsEvent[], event: PointsEvent): EventCheck;
  /** 一月一评比's report of a month (`YYYY-MM`): ranking with tie-breaks, star grades, per-dimension totals. */
  monthlyReport(events: readonly PointsEvent[], month: string): MonthlyReport;
  /** Seals an event after the previous sealed one: `prev`, `rulebook` and `hash`. */
  sealEvent(event: PointsEvent, previous?: PointsEvent | null): SealedEvent;
  /** Names the first sealed event whose hash or link does not hold. */
  verifyLedger(events: readonly PointsEvent[]): LedgerVerification;
  /** Staffing norm for one community. */
  staffing(input: StaffingInput): StaffingResult;
  /** District-level worker density check. */
  districtStaffing(input: DistrictStaffingInput): DistrictStaffingResult;
  /** Community class 示范/创优/强基. */
  communityClass(input: CommunityClassInput): CommunityClassResult;
  /** Meeting dates in a range. */
  meetingDates(input: MeetingDatesInput): MeetingDatesResult;
  /** What a day is: working or not, and why. */
  isWorkingDay(date: string): WorkingDay;
  /** The `days`-th working day after `date`. */
  addWorkingDays(date: string, days: number): WorkingDate;
  /** Working days after `from` up to and including `to`. */
  workingDaysBetween(from: string, to: string): WorkingDays;
  /** The moment `hours` working hours after `at`. */
  addWorkingHours(at: string, hours: number): WorkingMoment;
  /** Grades one report. */
  gradeDispute(facts: DisputeFacts, options?: DisputeOptions): DisputeGrade;
  /** Grades a batch of reports, errors in place. */
  gradeDisputes(list: readonly DisputeFacts[], options?: DisputeOptions): DisputeGradeBatch;
  /** Where an open case stands at `now`. */
  disputeStatus(dispute: DisputeCase, now: string): DisputeStatus;
  /** The declared facts, colours and criteria. */
  disputeTables(): DisputeTables;
  /** Every survey of the rulebook as a form (scale, questions, compact columns). */
  surveyForms(): SurveyForms;
  /** Scores survey responses: the rate both ways with intervals, the index, per dimension and question, α, the recommendation score, quadrants, the target and the invalid ones. */
  scoreSurvey(responses: readonly SurveyResponse[], options?: SurveyOptions | null): SurveyScore;
}

/** The rulebook section `points` (四德积分银行, DOMAIN §2). */
export interface PointsRules {
  /** Who records events (社区书记, 社区工作者, 网格员…); `roles` lists below name their codes. */
  actorRoles?: NamedCode[];
  /** The four virtues. */
  dimensions: NamedCode[];
  /** The catalogue: points ± per entry, caps per household per day / month / year (absolute points), who may record it (absent: anyone). */
  rules: Array<NamedCode & { dimension: string; points: number; caps?: { day?: number; month?: number; year?: number }; evidence?: boolean; approver?: boolean; roles?: string[] }>;
  households: { holderMustBeWoman: boolean; memberRoles: NamedCode[] };
  /** 一月一评比: the largest total adjustment per household per month, whether a reason is required, who may evaluate and close a month. */
  evaluation: { maxAdjustment: number; reasonRequired: boolean; roles?: string[] };
  /** 爱心超市: the smallest balance that may redeem, who records redemptions and restocking, and the items. */
  market: { minBalance: number; roles?: string[]; items: Array<NamedCode & { kind: "goods" | "service"; price: number; stock: number; perHouseholdMonth?: number }> };
  /** The monthly ranking: tie-breaks after the month's points (the last is `household`), star grades best first. */
  ranking: {
    tieBreak: Array<{ code: TieBreakCode; name: string }>;
    grades: Array<NamedCode & { minPoints?: number; maxRank?: number }>;
  };
  /** A resident's 1–5 rating of a volunteer's service → points of one earn rule (an earn on it carries `rating`). */
  ratings?: { rule: string; points: { "1": number; "2": number; "3": number; "4": number; "5": number } };
}

export type TieBreakCode = "fewerDeducted" | "moreEarned" | "higherBalance" | "earlierOpened" | "household";

export type PointsEventType = "openAccount" | "earn" | "deduct" | "evaluate" | "redeem" | "restock" | "reverse" | "closeMonth";

/** One event of the append-only ledger; which fields count depends on `type`. */
export interface PointsEvent {
  /** Idempotency key: the same key with the same content again is counted once. */
  key: string;
  type: PointsEventType;
  /** ISO date-time with its offset, e.g. 2026-11-05T09:30:00+08:00 (days and months count in China time). */
  at: string;
  household?: string;
  /** The member who did it; for openAccount, the account holder. */
  member?: string;
  /** openAccount: the holder's gender (the default rulebook requires a woman). */
  gender?: "female" | "male";
  /** openAccount: the other members. */
  members?: Array<{ member: string; role: string }>;
  /** earn / deduct: the catalogue rule. */
  rule?: string;
  /** evaluate: the adjustment (±) and its dimension. */
  points?: number;
  dimension?: string;
  /** redeem / restock. */
  item?: string;
  qty?: number;
  /** reverse: the key of the event it undoes. */
  reverses?: string;
  /** closeMonth: YYYY-MM. */
  month?: string;
  reason?: string;
  /** Who recorded it, and in which of the rulebook's actorRoles (required where a rule names roles). */
  actor?: string;
  actorRole?: string;
  /** earn on the rulebook's ratings rule: the resident's 1–5 rating. */
  rating?: number;
  approver?: string;
  evidence?: string;
  /** Added by sealEvent: the previous sealed event's hash (null for the first). */
  prev?: string | null;
  /** Added by sealEvent: the stamp of the rulebook that sealed it. */
  rulebook?: Stamp;
  /** Added by sealEvent: SHA-256 (hex) of the JCS form of every other field. */
  hash?: string;
}

export interface LedgerOptions { asOf?: string | null }

export interface LedgerAccount {
  household: string;
  holder: string;
  balance: number;
  byDimension: Array<NamedCode & { points: number }>;
  byMember: Record<string, number>;
  byMonth: Array<{ month: string; earned: number; deducted: number; redeemed: number }>;
}

export interface Ledger {
  households: LedgerAccount[];
  market: Array<NamedCode & { stock: number; redeemed: number }>;
  closedMonths: string[];
  accepted: number;
  duplicates: Array<{ index: number; key: string; first: number }>;
  rejected: Array<{ index: number; key: string | null; code: Code; path: string; message: string }>;
  rulebook: Stamp;
}

/** What appending one event would do (`engine.checkEvent(events, event)`), changing nothing. */
export interface EventCheck {
  ok: boolean;
  /** The same key with the same content is already recorded: nothing would change. */
  duplicate: boolean;
  /** The household's balance before and after, when the event names an existing account. */
  balance: { before: number; after: number } | null;
  /** The item's stock before and after, for redeem and restock. */
  stock: { before: number; after: number } | null;
  /** Why it would be rejected; `index` is the position it would take. */
  rejected: { index: number; key: string | null; code: Code; path: string; message: string } | null;
  rulebook: Stamp;
}

/** `engine.monthlyReport(events, month)`: 一月一评比's report; a closed month's is the one of its closing. */
export interface MonthlyReport {
  month: string;
  closed: boolean;
  /** The tie-breaks applied after the month's points, in order. */
  tieBreak: NamedCode[];
  ranking: Array<{
    rank: number;
    household: string;
    holder: string;
    /** The month's points: earned less deducted (redemptions do not count). */
    points: number;
    earned: number;
    deducted: number;
    /** When the month closed, or now while it is open. */
    balance: number;
    grade: NamedCode | null;
    /** Same points as the household above: the tie-break that put it below. */
    decidedBy: TieBreakCode | null;
  }>;
  byDimension: Array<NamedCode & { points: number }>;
  grades: Array<NamedCode & { households: number }>;
  earned: number;
  deducted: number;
  redeemed: number;
  rulebook: Stamp;
}

/** `engine.sealEvent(event, previous?)`. */
export interface SealedEvent { event: PointsEvent & { prev: string | null; rulebook: Stamp; hash: string }; rulebook: Stamp }

/** `engine.verifyLedger(events)`: the first event whose hash or link does not hold. */
export interface LedgerVerification {
  ok: boolean;
  checked: number;
  firstBroken: { index: number; code: Code; path: string; message: string } | null;
  rulebook: Stamp;
}

// ---- The working-day calendar (section `calendar`) ----

/** The rulebook section `calendar`: the covered years, weekends, holidays, 调休 and local days. */
export interface CalendarRules {
  source?: string;
  /** `+08:00` (China time) by default. */
  timeZone?: string;
  /** Consecutive years; a date outside is `OUT_OF_CALENDAR`. */
  years: number[];
  weekend: WeekdayName[];
  workingHours: Array<{ from: string; to: string }>;
  holidays: Array<{ name: string; from: string; to: string }>;
  workingWeekends: Array<{ date: string; name: string }>;
  localDays?: Array<{ date: string; working: boolean; name: string }>;
}
export interface WorkingDay {
  date: string;
  working: boolean;
  kind: "workday" | "weekend" | "holiday" | "workingWeekend" | "localOff" | "localWorking";
  kindName: string;
  name?: string;
  weekday: string;
  rulebook: Stamp;
}
export interface WorkingDate { date: string; weekday: string; rulebook: Stamp }
export interface WorkingDays { days: number; rulebook: Stamp }
export interface WorkingMoment { at: string; rulebook: Stamp }

// ---- 三色预警 (section `disputes`) ----

/** A condition of the shared condition language. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ fact: string } & (
      | { eq: boolean | number | string } | { ne: boolean | number | string }
      | { gt: number } | { gte: number } | { lt: number } | { lte: number }
      | { in: Array<boolean | number | string> } | { exists: boolean }));
export type FactType = "boolean" | "integer" | "number" | "choice" | "text";
export interface FactDeclaration {
  code: string; name: string; type: FactType; unit?: string; required?: boolean;
  min?: number; max?: number; options?: NamedCode[]; maxChars?: number;
}
export type Span = { hours: number } | { workingHours: number } | { workingDays: number };
export interface DisputeRules {
  source?: string;
  facts: FactDeclaration[];
  colours: Array<NamedCode & { level: string; handler: DisputeHandler; respond: Span; resolve: Span; warnAt: number; source?: string }>;
  criteria: Array<{ code: string; colour: string; reason: string; when: Condition; source?: string }>;
  otherwise: { colour: string; reason: string };
  escalation: { when: "resolveOverdue" | "respondOverdue" | "never" };
}
/** A report's facts, keyed by the declared fact codes. */
export type DisputeFacts = Record<string, boolean | number | string | null | undefined>;
export interface DisputeOptions { reportedAt?: string | null }
export interface DisputeHandler { code: string; name: string; action: string }
export interface DisputeColour { code: string; name: string; level: string }
export interface DisputeFired { criterion: string; colour: string; reason: string }
export interface DisputeDeadlines { respondBy: string; respondWarnAt: string; resolveBy: string; resolveWarnAt: string }
export interface DisputeGradeBody {
  colour: DisputeColour;
  handler: DisputeHandler;
  reason: string;
  fired: DisputeFired[];
  respondWithin: string;
  resolveWithin: string;
  reportedAt?: string;
  deadlines?: DisputeDeadlines;
}
export interface DisputeGrade extends DisputeGradeBody { rulebook: Stamp }
export interface DisputeGradeBatch {
  items: Array<DisputeGradeBody | { error: BatchError }>;
  counts: Array<{ code: string; name: string; count: number }>;
  invalid: number;
  rulebook: Stamp;
}
export interface CompactDisputeGrades {
  /** Per case the index of its colour in `disputeTables().colours`; 255 for a case in `errors`. */
  colours: Uint8Array;
  /** Per case `words` words; bit i set when criterion i fired. */
  fired: Uint32Array;
  words: number;
  errors: BatchError[];
  rulebook: Stamp;
}
export interface DisputeCase {
  id?: string;
  facts: DisputeFacts;
  reportedAt: string;
  respondedAt?: string | null;
  resolvedAt?: string | null;
}
export interface DisputeStatus {
  id?: string;
  graded: DisputeColour;
  colour: DisputeColour;
  handler: DisputeHandler;
  reason: string;
  fired: DisputeFired[];
  escalations: Array<{ from: string; to: string; at: string; reason: string }>;
  since: string;
  deadlines: DisputeDeadlines;
  state: "onTrack" | "warning" | "overdue" | "resolved";
  stateName: string;
  response: "responded" | "pending" | "warning" | "overdue";
  remainingHours?: number;
  remainingWorkingHours?: number;
  resolvedOnTime?: boolean;
  now: string;
  rulebook: Stamp;
}
export interface DisputeTables {
  facts: Array<{ code: string; name: string; type: FactType; unit?: string; required: boolean; min?: number; max?: number; options?: NamedCode[]; maxChars?: number }>;
  colours: DisputeColour[];
  criteria: Array<{ code: string; colour: string; reason: string }>;
  words: number;
  escalation: "resolveOverdue" | "respondOverdue" | "never";
  rulebook: Stamp;
}

// ---- 满意度测评 (section `satisfaction`) ----

export interface SurveyQuestion { code: string; text: string }
/** The rulebook section `satisfaction`. */
export interface SatisfactionRules {
  source?: string;
  /** Confidence level of the Wilson intervals, 0.5–0.999 (e.g. 0.95). */
  confidence: number;
  /** Names of the importance × satisfaction quadrants. */
  quadrants: { strength: string; improve: string; maintain: string; opportunity: string };
  scales: Array<NamedCode & { levels: Array<NamedCode & { score: number }>; satisfied: string[]; basic?: string }>;
  surveys: Array<NamedCode & {
    source?: string;
    scale: string;
    /** Whether the target is judged on the rate with 基本满意. */
    countBasic: boolean;
    overall?: SurveyQuestion;
    dimensions: Array<NamedCode & { weight: number; questions: SurveyQuestion[] }>;
    importance?: { text: string; min: number; max: number };
    recommend?: SurveyQuestion & { promoters: number; detractors: number };
    target?: { rate?: number; index?: number };
    invalid: { maxMissing: number; duplicate: "keepFirst" | "keepLast" };
  }>;
}
/** One response: answers by question code (a level's code or name; null or absent: not answered). */
export interface SurveyResponse {
  respondent?: string;
  answers: Record<string, string | number | null | undefined>;
  /** Importance per dimension code, within the survey's importance scale. */
  importance?: Record<string, number | null | undefined>;
}
export interface SurveyOptions { survey?: string }
/** One survey as a form (`surveyForms()`): what a page shows a resident, and the compact columns. */
export interface SurveyForm {
  code: string; name: string;
  scale: NamedCode & { levels: Array<NamedCode & { score: number; satisfied: boolean; basic: boolean }> };
  countBasic: boolean;
  overall: SurveyQuestion | null;
  dimensions: Array<NamedCode & { weight: number; questions: SurveyQuestion[] }>;
  importance: { text: string; min: number; max: number } | null;
  recommend: (SurveyQuestion & { promoters: number; detractors: number }) | null;
  targetRate: number | null;
  targetIndex: number | null;
  maxMissing: number;
  duplicate: "keepFirst" | "keepLast";
  /** Question codes in the order of the compact form's columns (then the recommendation, then one importance per dimension). */
  columns: string[];
}
export interface SurveyForms { surveys: SurveyForm[]; rulebook: Stamp }
export interface SurveyRate { satisfied: number; n: number; rate: number | null; low: number | null; high: number | null }
export interface SurveyRateBothWays { strict: SurveyRate; withBasic: SurveyRate }
export interface SurveyAlpha { value: number | null; items: number; n: number; reason?: string }
export interface SurveyQuestionResult {
  code: string; text: string; dimension?: string; n: number; missing: number; mean: number | null;
  rate: SurveyRateBothWays;
  /** Answers per level, in scale order. */
  levels: number[];
}
export interface SurveyDimensionResult {
  code: string; name: string; weight: number; indexWeight: number; n: number; mean: number | null;
  rate: SurveyRateBothWays; alpha: SurveyAlpha; importance?: number;
  quadrant?: { code: "strength" | "improve" | "maintain" | "opportunity"; name: string };
}
export interface SurveyTargetCheck { target: number; value: number | null; met: boolean; by: number | null; lowerBoundMet?: boolean }
export interface SurveyScore {
  survey: NamedCode;
  n: number;
  valid: number;
  /** One entry per problem of a response that does not count. */
  invalid: BatchError[];
  rate: SurveyRateBothWays & { counted: "strict" | "withBasic"; basis: "overall" | "answers"; confidence: number };
  index: number | null;
  dimensions: SurveyDimensionResult[];
  questions: SurveyQuestionResult[];
  alpha: SurveyAlpha;
  recommendation?: { n: number; promoters: number; passives: number; detractors: number; score: number | null };
  target?: { rate?: SurveyTargetCheck; index?: SurveyTargetCheck };
  /** The rules of the computation, in Chinese. */
  rules: string[];
  rulebook: Stamp;
}
