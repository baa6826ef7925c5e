// 四德积分银行 on this phone: the ledger's events live in IndexedDB (sealed and chained with
// engine.sealEvent, so engine.verifyLedger can prove the history was not rewritten); every
// figure on the pages is engine.ledger / engine.monthlyReport over them, and a form asks
// engine.checkEvent before it saves. Names of rules, dimensions, items and roles come from the
// rulebook (data, not code).
import { reactive, markRaw } from 'vue';
import { state } from './engine.js';
import { listPointsEvents, appendPointsEvent, getSetting, setSetting } from './store.js';

export { chinaNow, chinaMonth } from './clock.js';

export const book = reactive({
  /** 'loading' | 'ready' */
  status: 'loading',
  /** The sealed events in the order recorded (markRaw: plain objects for the engine). */
  events: markRaw([]),
  /** Bumped on every append, so pages recompute. */
  version: 0,
});

let loading;
/** Loads the events once per page life. */
export function loadBook() {
  loading ??= listPointsEvents()
    .catch(() => [])
    .then((events) => {
      book.events = markRaw(events);
      book.status = 'ready';
    });
  return loading;
}

/** The points section of the chosen rulebook (or null when it has none). */
export const rules = () => state.rulebook?.points ?? null;

export const TYPES = [
  { code: 'earn', name: '加分' },
  { code: 'deduct', name: '扣分' },
  { code: 'evaluate', name: '评比调整' },
  { code: 'redeem', name: '兑换' },
  { code: 'restock', name: '补货' },
  { code: 'openAccount', name: '开户' },
  { code: 'reverse', name: '冲正' },
  { code: 'closeMonth', name: '结月' },
];
export const typeName = (code) => TYPES.find((t) => t.code === code)?.name ?? code;

const named = (list, code) => (list ?? []).find((x) => x.code === code)?.name ?? code;
export const ruleName = (code) => named(rules()?.rules, code);
export const dimensionName = (code) => named(rules()?.dimensions, code);
export const itemName = (code) => named(rules()?.market?.items, code);
export const roleName = (code) => named(rules()?.actorRoles, code);
export const memberRoleName = (code) => named(rules()?.households?.memberRoles, code);

/** The ledger of every recorded event (engine.ledger). */
export function currentLedger() {
  return state.engine.ledger(book.events);
}

/** 一月一评比's report of `month` (YYYY-MM). */
export function report(month) {
  return state.engine.monthlyReport(book.events, month);
}

/** What saving `event` would do, changing nothing (engine.checkEvent). */
export function check(event) {
  return state.engine.checkEvent(book.events, event);
}

/** Whether the recorded chain holds (engine.verifyLedger). */
export function verify() {
  return state.engine.verifyLedger(book.events);
}

/**
 * Saves `event` if the engine accepts it: checked again against the events as they are now,
 * sealed after the last one, appended to IndexedDB, then to the page's list. Returns the check.
 */
export async function save(event) {
  const c = check(event);
  if (!c.ok || c.duplicate) return c;
  const last = book.events.length ? book.events[book.events.length - 1] : null;
  const sealed = state.engine.sealEvent(event, last).event;
  await appendPointsEvent(sealed);
  book.events = markRaw([...book.events, sealed]);
  book.version++;
  return c;
}

/** A fresh idempotency key: a resend of the same form keeps it, so it counts once. */
export const newKey = (type) => `${type}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** The points an accepted event moved for its household, as the rulebook counts them. */
export function eventPoints(e) {
  const r = rules();
  if (!r) return 0;
  if (e.type === 'earn' || e.type === 'deduct') {
    const rule = r.rules.find((x) => x.code === e.rule);
    if (!rule) return 0;
    if (r.ratings && r.ratings.rule === rule.code) return r.ratings.points[String(e.rating)] ?? 0;
    return rule.points;
  }
  if (e.type === 'evaluate') return e.points;
  if (e.type === 'redeem') {
    const it = r.market.items.find((x) => x.code === e.item);
    return it ? -it.price * e.qty : 0;
  }
  return 0;
}

/** Indexes of events the ledger refused or counted as repeats. */
export function skipped(ledger) {
  const out = new Map();
  for (const r of ledger.rejected) out.set(r.index, r.message);
  for (const d of ledger.duplicates) out.set(d.index, `重复提交（与第 ${d.first + 1} 条相同）`);
  return out;
}

export const getMyHousehold = () => getSetting('pointsHousehold').catch(() => undefined);
export const setMyHousehold = (id) => setSetting('pointsHousehold', id);
