// 三色预警 on this phone: the disputes a worker reported live in IndexedDB with their facts and
// moments only; the colour, the reasons, the handler, the deadlines and every escalation are
// the engine's answer (engine.gradeDispute, engine.disputeStatus) over them, recomputed each
// time the board shows them, so a community's own rulebook decides them. The form is built from
// engine.disputeTables(): the facts the rulebook declares, with their types, units and labels.
import { reactive, markRaw } from 'vue';
import { state } from './engine.js';
import { listDisputes, putDispute } from './store.js';
import { parseNumber } from './numbers.js';

export const cases = reactive({
  /** 'loading' | 'ready' */
  status: 'loading',
  /** The stored cases, newest first (markRaw: plain objects for the engine). */
  list: markRaw([]),
});

let loading;
/** Loads the stored cases once per page life. */
export function loadCases() {
  loading ??= listDisputes()
    .catch(() => [])
    .then((list) => {
      cases.list = markRaw(list);
      cases.status = 'ready';
    });
  return loading;
}

const tablesOf = new WeakMap();
/** The declared facts, colours and criteria of the chosen rulebook (null when it has none). */
export function tables() {
  const engine = state.engine;
  if (!engine || !state.rulebook?.disputes) return null;
  if (!tablesOf.has(engine)) tablesOf.set(engine, engine.disputeTables());
  return tablesOf.get(engine);
}

/**
 * The facts of the form's `values` as the engine reads them: blanks left out, numbers parsed
 * (３６５０, 3,650), 是/否 as booleans. What cannot be read is passed on as typed, so the
 * engine names what is wrong with it.
 */
export function factsOf(declared, values) {
  const facts = {};
  for (const f of declared) {
    const v = values[f.code];
    if (v === '' || v === undefined || v === null) continue;
    if (f.type === 'integer' || f.type === 'number') facts[f.code] = parseNumber(v);
    else if (f.type === 'text') {
      const t = String(v).trim();
      if (t) facts[f.code] = t;
    } else facts[f.code] = v;
  }
  return facts;
}

/** What the engine needs of a stored case (the record also keeps when it was made and how it was graded). */
export const caseInput = (c) => {
  const out = { id: c.id, facts: c.facts, reportedAt: c.reportedAt };
  if (c.respondedAt) out.respondedAt = c.respondedAt;
  if (c.resolvedAt) out.resolvedAt = c.resolvedAt;
  return out;
};

/** Where `c` stands at `now`, or `{ error }` with the engine's message (e.g. a date the calendar does not cover). */
export function statusOf(c, now) {
  try {
    return state.engine.disputeStatus(caseInput(c), now);
  } catch (e) {
    return { error: { code: e?.code, path: e?.path, message: e?.message ?? String(e) } };
  }
}

/** A new case number: 矛盾纠纷 + the report's date + a short random part. */
export function newCaseId(reportedAt) {
  const day = String(reportedAt).slice(0, 10).replaceAll('-', '');
  return `MD${day}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

/** Records a new case (graded by the engine again as it is saved; throws the engine's error). */
export async function report(facts, reportedAt) {
  const grade = state.engine.gradeDispute(facts, { reportedAt });
  const record = {
    id: newCaseId(reportedAt),
    facts,
    reportedAt,
    createdAt: new Date().toISOString(),
    graded: { colour: grade.colour.code, rulebook: grade.rulebook },
  };
  await putDispute(record);
  cases.list = markRaw([record, ...cases.list]);
  return record;
}

/**
 * Marks a case responded to (`respondedAt`) or resolved (`resolvedAt`) at `at`, if the engine
 * accepts the case with it; returns the engine's status or throws its error. Nothing is
 * stored when the engine refuses.
 */
export async function mark(c, field, at) {
  const next = { ...c, [field]: at };
  if (field === 'resolvedAt' && !next.respondedAt) next.respondedAt = at;
  const status = state.engine.disputeStatus(caseInput(next), at);
  await putDispute(next);
  cases.list = markRaw(cases.list.map((x) => (x.id === c.id ? next : x)));
  return status;
}

/** A CSS class for a colour: the default rulebook's codes, else by its place in the order. */
export function colourClass(code) {
  if (['green', 'yellow', 'red'].includes(code)) return `c-${code}`;
  const t = tables();
  const i = t ? t.colours.findIndex((c) => c.code === code) : -1;
  return i < 0 ? 'c-other' : `c-${['green', 'yellow', 'red'][Math.min(i, 2)]}`;
}
