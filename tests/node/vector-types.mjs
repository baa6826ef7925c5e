// Writes vector-types.test.mts: every output and error of the native vectors run
// (tests/out/vectors-native.json) assigned to the package's declared type, and every input of
// a successful case passed to the typed method. `tsc --strict` then fails when the hand-kept
// typings and the Rust results drift apart — a field the types lack is an excess property
// of an object literal, a field they require and the result lacks is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [repo, out] = process.argv.slice(2);
const native = JSON.parse(readFileSync(join(repo, 'tests', 'out', 'vectors-native.json'), 'utf8'));
const resultType = {
  staffing: 'StaffingResult',
  districtStaffing: 'DistrictStaffingResult',
  communityClass: 'CommunityClassResult',
  meetingDates: 'MeetingDatesResult',
  classifyNeed: 'NeedResult',
  classifyNeeds: 'NeedBatch',
  ledger: 'Ledger',
  monthlyReport: 'MonthlyReport',
  checkEvent: 'EventCheck',
  sealEvent: 'SealedEvent',
  verifyLedger: 'LedgerVerification',
  redact: 'Redacted',
  validateRulebook: 'Diagnostic[]',
  newEngine: 'RulebookInfo',
  rulebookInfo: 'RulebookInfo',
  isWorkingDay: 'WorkingDay',
  addWorkingDays: 'WorkingDate',
  workingDaysBetween: 'WorkingDays',
  addWorkingHours: 'WorkingMoment',
  gradeDispute: 'DisputeGrade',
  gradeDisputes: 'DisputeGradeBatch',
  disputeStatus: 'DisputeStatus',
  disputeTables: 'DisputeTables',
  scoreSurvey: 'SurveyScore',
  surveyForms: 'SurveyForms',
  // Typed arrays travel through JSON as plain arrays: CompactNeeds is checked by types.test.mts.
  classifyNeedsCompact: null,
  gradeDisputesCompact: null,
};
const lines = [
  "import { Engine } from 'shequ-rules';",
  "import type { ShequRulesError, " + [...new Set(Object.values(resultType).filter(Boolean).map((t) => t.replace('[]', '')))].join(', ') + " } from 'shequ-rules';",
  'const engine = Engine.withDefaults();',
  "type ErrorRecord = Pick<ShequRulesError, 'code' | 'path' | 'message' | 'diagnostics'>;",
];
// Rules called with their input as a typed argument (the rest take text or arrays of text,
// or are not Engine methods).
const typedInputs = { staffing: 1, districtStaffing: 1, communityClass: 1, meetingDates: 1, classifyNeed: 1, classifyNeeds: 1 };
let n = 0;
for (const file of Object.keys(native)) {
  const cases = JSON.parse(readFileSync(join(repo, 'tests', 'vectors', `${file}.json`), 'utf8')).cases;
  native[file].forEach((record, i) => {
    const c = cases[i];
    if (!Object.hasOwn(resultType, c.method)) throw new Error(`vector-types: no result type for ${c.method} (${file} / ${c.name}); add it to resultType`);
    const type = resultType[c.method];
    if (record.error) {
      lines.push(`export const e${n++}: ErrorRecord = ${JSON.stringify(record.error)};`);
    } else if (type) {
      lines.push(`export const r${n++}: ${type} = ${JSON.stringify(record.output)};`);
      // A batch may hold non-strings on purpose (their errors are the point of the case).
      const wellTyped = !Array.isArray(c.input) || c.input.every((t) => typeof t === 'string');
      const typedCall = wellTyped && !('rulebook' in c || 'rulebookPatch' in c || 'inputRepeat' in c) && Object.hasOwn(typedInputs, c.method);
      if (typedCall) {
        const args = [JSON.stringify(c.input)];
        if (c.options !== undefined) args.push(JSON.stringify(c.options));
        lines.push(`engine.${c.method}(${args.join(', ')});`);
      }
    }
  });
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(`vector-types: ${n} outputs and errors checked against the typings`);
