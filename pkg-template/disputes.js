// gradeDisputesCompact (三色预警): the fact values cross into the engine as one Float64Array.
// A Float64Array goes as it is; a plain array of numbers and nulls is copied into one (null,
// undefined and non-finite numbers mean "not given", as JSON.stringify would write them);
// anything else is read as JSON first, and refused with the error the engine gives the same
// value through JSON (code, path and message), so every caller gets the same answer.

import { jsonText, replaceMethods, shequError } from './guard.js';

/** What the engine calls a value in a message (src/read.rs, `describe`). */
function describe(v) {
  if (typeof v === 'boolean') return `布尔值 ${v}`;
  if (typeof v === 'string') {
    const chars = Array.from(v);
    const shown = chars.slice(0, 24).join('');
    return chars.length > 24 ? `字符串 "${shown}…"` : `字符串 "${shown}"`;
  }
  if (Array.isArray(v)) return `数组（${v.length} 项）`;
  return '对象';
}

/** Why JSON.stringify failed, as the engine words it. */
function why(e) {
  if (e !== null && typeof e === 'object' && typeof e.message === 'string') return e.message;
  return typeof e === 'string' ? e : 'JSON.stringify 失败';
}

/**
 * The values of `input` as one Float64Array (NaN: not given), or the engine's error; `max` is
 * the longest JSON text the engine reads (its `maxJsonChars()`).
 */
function factValues(input, max) {
  if (input instanceof Float64Array) return input;
  // No more values than a JSON text the engine reads could hold (a longer array, even a
  // sparse one, gets the engine's OUT_OF_RANGE through the JSON path below).
  if (Array.isArray(input) && input.length <= max / 2) {
    const out = new Float64Array(input.length);
    let plain = true;
    for (let i = 0; i < input.length && plain; i++) {
      const v = input[i];
      if (typeof v === 'number') out[i] = Number.isFinite(v) ? v : NaN;
      else if (v === null || v === undefined) out[i] = NaN;
      else plain = false;
    }
    if (plain) return out;
  }
  // Bounded as every other input (guard.js): OUT_OF_RANGE past the engine's limit.
  const text = jsonText(input, max);
  if (text === null) {
    // It cannot be written: JSON.stringify's own error, as the engine reports it.
    try {
      JSON.stringify(input);
    } catch (e) {
      throw shequError('WRONG_TYPE', '', `无法作为 JSON 读取：${why(e)}`);
    }
  }
  const doc = text == null ? null : JSON.parse(text);
  if (!Array.isArray(doc)) throw shequError('WRONG_TYPE', '', '应为数字数组（每份纠纷依次列出各事实的数值）');
  const out = new Float64Array(doc.length);
  doc.forEach((v, i) => {
    if (v === null) out[i] = NaN;
    else if (typeof v === 'number') out[i] = v;
    else throw shequError('WRONG_TYPE', `/${i}`, `应为数字或 null，收到${describe(v)}`);
  });
  return out;
}

/** `factValues`, with whatever a hostile value throws (a revoked Proxy) coded as JSON.stringify's failure. */
function readValues(input, max) {
  try {
    return factValues(input, max);
  } catch (e) {
    if (e instanceof Error && e.name === 'ShequRulesError') throw e;
    throw shequError('WRONG_TYPE', '', `无法作为 JSON 读取：${why(e)}`);
  }
}

/** Wraps `Engine`'s gradeDisputesCompact; `maxJsonChars` is the module's `maxJsonChars()`. */
function installDisputes(Engine, maxJsonChars) {
  if (typeof Engine.prototype.gradeDisputesCompact !== 'function') return;
  replaceMethods(Engine, ['gradeDisputesCompact'], (raw) => ({
    gradeDisputesCompact: function gradeDisputesCompact(values) {
      return raw.gradeDisputesCompact.call(this, readValues(values, maxJsonChars));
    },
  }));
}

export { installDisputes };
