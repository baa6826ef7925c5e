// ledger, checkEvent and monthlyReport (四德积分银行): the events enter the engine packed, a
// chunk at a time — every text field of every event one after the other as UTF-16 code units
// with each one's length, one bit mask per event saying which fields it has, and the numbers
// in a Float64Array — so a million events cross without a JSON text of them all and without the
// engine holding more than a chunk of them (see `src/points/event.rs`, `Packed`). The field
// order comes from the engine (`pointsLayout`), never spelt here. An event that is not plain
// text and numbers (members, fields the ledger does not read, null) goes as its own JSON text;
// one that cannot be read at all (a getter that throws) is rejected by index with its reason.

import { checkOptions, loneSurrogatePath, replaceMethods, shequError } from './guard.js';

/** Most events one call takes. */
const MAX_EVENTS = 10_000_000;
/** A chunk holds at most this many events / UTF-16 units of text. */
const CHUNK_EVENTS = 8192;
const CHUNK_UNITS = 1 << 20;
const JSON_EVENT = 0x80000000;
const UNREADABLE = 0x40000000;

const layouts = new WeakMap();

function layoutOf(raw, engine) {
  let layout = layouts.get(engine);
  if (layout === undefined) {
    const { fields, numeric, seal } = raw.pointsLayout.call(engine);
    const index = new Map(fields.map((f, i) => [f, i]));
    for (const s of seal) index.set(s, -1);
    layout = { numeric, index, n: fields.length };
    layouts.set(engine, layout);
  }
  return layout;
}

const describe = (e) => (e instanceof Error ? e.message : String(e));

/**
 * Packs `events` chunk by chunk into `run`: texts as UTF-16 code units (a lone surrogate
 * crosses as it is, for the engine to reject with its path), lengths, masks, numbers.
 */
function feed(layout, run, events) {
  let length;
  try {
    if (!Array.isArray(events)) throw shequError('WRONG_TYPE', '', '事件应为数组');
    length = events.length;
  } catch (e) {
    throw e?.name === 'ShequRulesError' ? e : shequError('WRONG_TYPE', '', `无法读取事件数组：${describe(e)}`);
  }
  if (!(length <= MAX_EVENTS)) throw shequError('OUT_OF_RANGE', '', `一次最多 ${MAX_EVENTS} 个事件，收到 ${length} 个`);
  run.reserve(length);
  const { index, numeric, n } = layout;
  const slots = new Array(n);
  let units = new Uint16Array(CHUNK_UNITS + 4096);
  let used = 0;
  let lens = new Uint32Array(CHUNK_EVENTS * 8);
  let texts = 0;
  let nums = new Float64Array(CHUNK_EVENTS * 3);
  let numbers = 0;
  const masks = new Uint32Array(CHUNK_EVENTS);
  let count = 0;
  const put = (s) => {
    const len = s.length;
    if (used + len > units.length) {
      const grown = new Uint16Array(Math.max(units.length * 2, used + len));
      grown.set(units.subarray(0, used));
      units = grown;
    }
    for (let j = 0; j < len; j++) units[used + j] = s.charCodeAt(j);
    used += len;
    if (texts === lens.length) {
      const grown = new Uint32Array(lens.length * 2);
      grown.set(lens);
      lens = grown;
    }
    lens[texts++] = len;
  };
  const num = (x) => {
    if (numbers === nums.length) {
      const grown = new Float64Array(nums.length * 2);
      grown.set(nums);
      nums = grown;
    }
    nums[numbers++] = x;
  };
  const flush = () => {
    if (count === 0) return;
    run.push(units.subarray(0, used), lens.subarray(0, texts), masks.subarray(0, count), nums.subarray(0, numbers));
    used = texts = numbers = count = 0;
  };
  const unreadable = (code, path, message) => {
    masks[count++] = UNREADABLE;
    put(code);
    put(path);
    put(message);
  };
  const asJson = (v, i) => {
    let json;
    try {
      // Both walk the value: a getter or a Proxy trap may throw in either.
      const bad = loneSurrogatePath(v);
      if (bad !== null) return unreadable('INVALID_VALUE', `/${i}${bad}`, '含有不成对的 UTF-16 代理项（无效字符），无法作为文本读取');
      json = JSON.stringify(v);
    } catch (e) {
      return unreadable('WRONG_TYPE', `/${i}`, `无法作为 JSON 读取：${describe(e)}`);
    }
    masks[count++] = JSON_EVENT;
    put(json ?? 'null');
  };
  for (let i = 0; i < length; i++) {
    if (count === CHUNK_EVENTS || used > CHUNK_UNITS) flush();
    let v;
    try {
      v = events[i];
    } catch (e) {
      unreadable('WRONG_TYPE', `/${i}`, `无法读取第 ${i} 个事件：${describe(e)}`);
      continue;
    }
    let plain = false;
    let mask = 0;
    try {
      // Inside the try: Array.isArray throws on a revoked Proxy, a getter may throw.
      plain = v !== null && typeof v === 'object' && !Array.isArray(v);
      if (plain) {
        for (const k in v) {
          if (!Object.hasOwn(v, k)) continue;
          const f = index.get(k);
          const x = v[k];
          if (f === -1 || x === undefined) continue;
          if (f === undefined) {
            plain = false;
            break;
          }
          if ((numeric >>> f) & 1 ? typeof x === 'number' && Number.isFinite(x) : typeof x === 'string') {
            slots[f] = x;
            mask |= 1 << f;
          } else {
            plain = false;
            break;
          }
        }
      }
    } catch (e) {
      unreadable('WRONG_TYPE', `/${i}`, `无法读取第 ${i} 个事件：${describe(e)}`);
      continue;
    }
    if (plain) {
      masks[count++] = mask >>> 0;
      for (let f = 0; f < n; f++) {
        if (((mask >>> f) & 1) === 0) continue;
        if ((numeric >>> f) & 1) num(slots[f]);
        else put(slots[f]);
      }
    } else {
      asJson(v, i);
    }
  }
  flush();
  if (events.length !== length) throw shequError('WRONG_TYPE', '', '事件数组在读取过程中被改变了长度');
}

/** Runs `body(run)` on a fresh run, freeing it whatever happens. */
function withRun(run, body) {
  try {
    return body(run);
  } finally {
    run.free();
  }
}

function installPoints(Engine) {
  if (typeof Engine.prototype.startLedger !== 'function') return;
  replaceMethods(Engine, ['startLedger', 'startReport', 'pointsLayout'], (raw) => ({
    ledger: function ledger(events, options) {
      checkOptions(options);
      const layout = layoutOf(raw, this);
      return withRun(raw.startLedger.call(this, options), (run) => {
        feed(layout, run, events);
        return run.finish();
      });
    },
    checkEvent: function checkEvent(events, event) {
      const layout = layoutOf(raw, this);
      return withRun(raw.startLedger.call(this, undefined), (run) => {
        feed(layout, run, events);
        return run.check(event);
      });
    },
    monthlyReport: function monthlyReport(events, month) {
      const layout = layoutOf(raw, this);
      return withRun(raw.startReport.call(this, month), (run) => {
        feed(layout, run, events);
        return run.report();
      });
    },
  }));
}

export { installPoints };
