// Compiled with `tsc --noEmit --strict` in the consumer project (scripts/test.sh): the public
// API type-checks precisely, and misuse is a type error.
import { Engine, validateRulebook, defaultRulebook, redact } from 'shequ-rules';
import type {
  StaffingResult, Diagnostic, Rulebook, ShequRulesError, MeetingDatesResult,
  NeedResult, NeedBatch, CompactNeeds, Redacted,
} from 'shequ-rules';

const engine: Engine = Engine.withDefaults();
const norm: StaffingResult = engine.staffing({ households: 3650, residents: 11500 });
const workers: number = norm.workers;
const band: 'above' | 'standard' | 'below' = norm.band;
const hash: string = norm.rulebook.hash;
const rb: Rulebook = defaultRulebook();
const custom = new Engine(rb);
const diags: Diagnostic[] = validateRulebook({ id: 1 });
const meetings: MeetingDatesResult = custom.meetingDates({ from: '2026-01-01', to: '2026-01-31' });
const first: string | undefined = meetings.meetings[0]?.date;
try {
  engine.districtStaffing({ urbanResidents: 0, workers: 1 });
} catch (e) {
  const err = e as ShequRulesError;
  const code: string = err.code;
  void code;
}
// @ts-expect-error residents is required
engine.staffing({ households: 1 });
// @ts-expect-error scores must be numbers
engine.communityClass({ scores: { team: 'high' } });
const need: NeedResult = engine.classifyNeed('楼道灯坏了', { evidence: true, alternatives: 2 });
const itemName: string | undefined = need.item?.name;
const start: number | undefined = need.evidence[0]?.start;
const batch: NeedBatch = engine.classifyNeeds(['电梯坏了', '']);
const first2 = batch.results[0];
const compact: CompactNeeds = engine.classifyNeedsCompact(['电梯坏了']);
const column: Uint8Array = compact.category;
const masked: Redacted = redact('13812345678');
// @ts-expect-error alternatives is a number
engine.classifyNeed('x', { alternatives: 'all' });
void [workers, band, hash, diags, first, itemName, start, first2, column, masked];
