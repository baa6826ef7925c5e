// scoreSurvey (满意度测评): plain responses cross into the engine in the compact form — one
// byte per answer in a Uint8Array, the respondents beside it — instead of as the JSON text of
// millions of answers, which the engine would have to read back value by value.
//
// A response is plain when it is an ordinary object with `answers` (and, when the survey asks
// it, `importance`) whose every answer is a level of the survey's scale (its code or name), a
// whole 0–10 recommendation, a whole importance within the survey's range, or null/undefined
// (not answered), and whose respondent is absent or a well-formed text. If any response is not
// plain (an answer outside the scale, an unknown question, a wrong type, a getter that throws…),
// the whole call takes the JSON path, which lists every problem with its path: the answer is
// the same either way, only the time differs. The respondent texts, and how many answers may
// be missing, are still judged by the engine in the compact form.

import { plainArg, replaceMethods } from './guard.js';

/** "No answer" in the compact form (the engine's `satisfaction::NONE`). */
const NONE = 255;
/** The most responses one call scores (the engine's `MAX_RESPONSES`). */
const MAX_RESPONSES = 1_000_000;
/** Respondent texts longer than this go by the JSON path (the engine allows 200 characters). */
const MAX_RESPONDENT_UNITS = 400;

const isPlainObject = (o) => {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
  const proto = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null) && typeof o.toJSON !== 'function';
};

/** What the compact form needs of one survey form (surveyForms()), built once per form. */
function layout(form) {
  const levels = new Map();
  form.scale.levels.forEach((l, i) => {
    // The first level whose code or name is the answer, as the engine looks it up.
    if (!levels.has(l.code)) levels.set(l.code, i);
    if (!levels.has(l.name)) levels.set(l.name, i);
  });
  const columns = new Map(form.columns.map((c, i) => [c, i]));
  const dims = new Map(form.dimensions.map((d, i) => [d.code, i]));
  return { form, levels, columns, dims, width: form.columns.length + 1 + form.dimensions.length };
}

/** The compact form of `responses`, or null when one of them is not plain. */
function encode(responses, l) {
  if (!Array.isArray(responses) || responses.length > MAX_RESPONSES) return null;
  const { form, levels, columns, dims, width } = l;
  const q = form.columns.length;
  const rec = form.recommend?.code;
  const imp = form.importance;
  const n = responses.length;
  const grid = new Uint8Array(n * width).fill(NONE);
  const respondents = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = responses[i];
    if (!isPlainObject(r)) return null;
    const row = i * width;
    let answers;
    for (const key of Object.keys(r)) {
      const v = r[key];
      if (v === undefined) continue;
      if (key === 'answers') answers = v;
      else if (key === 'respondent') {
        if (typeof v !== 'string' || v.length > MAX_RESPONDENT_UNITS || !v.isWellFormed()) return null;
      } else if (key === 'importance') {
        if (imp === null || !isPlainObject(v)) return null;
        for (const d of Object.keys(v)) {
          const x = v[d];
          const at = dims.get(d);
          if (at === undefined) return null;
          if (x === undefined || x === null) continue;
          if (!Number.isInteger(x) || x < imp.min || x > imp.max) return null;
          grid[row + q + 1 + at] = x;
        }
      } else return null;
    }
    if (!isPlainObject(answers)) return null;
    for (const key of Object.keys(answers)) {
      const v = answers[key];
      const col = columns.get(key);
      if (col !== undefined) {
        if (v === undefined || v === null) continue;
        const level = levels.get(v);
        if (level === undefined) return null;
        grid[row + col] = level;
      } else if (key === rec) {
        if (v === undefined || v === null) continue;
        if (!Number.isInteger(v) || v < 0 || v > 10) return null;
        grid[row + q] = v;
      } else return null;
    }
    const who = r.respondent;
    respondents[i] = who === undefined ? null : who;
  }
  return { grid, respondents };
}

/**
 * Wraps `Engine`'s scoreSurvey (when the module has 满意度测评); `max` is the module's
 * `maxJsonChars()`. The compact entry stays internal.
 */
function installSatisfaction(Engine, max) {
  if (typeof Engine.prototype.scoreSurveyCompact !== 'function') return;
  // The layouts of an engine's surveys, read once (a rulebook never changes in an engine).
  const layouts = new WeakMap();
  // The JSON path is the generic entry, which guard.js later takes off the prototype.
  const callRule = Engine.prototype.callRule;
  replaceMethods(Engine, ['scoreSurveyCompact'], (raw) => ({
    scoreSurvey: function scoreSurvey(responses, options) {
      let compact = null;
      try {
        let forms = layouts.get(this);
        if (forms === undefined) {
          forms = new Map(this.surveyForms().surveys.map((f, i) => [i === 0 ? '' : f.code, layout(f)]));
          for (const l of [...forms.values()]) forms.set(l.form.code, l);
          layouts.set(this, forms);
        }
        const plainOptions = options === undefined || options === null
          || (isPlainObject(options) && Object.keys(options).every((k) => k === 'survey' && (options.survey === undefined || typeof options.survey === 'string')));
        const l = plainOptions ? forms.get(options?.survey ?? '') : undefined;
        compact = l === undefined ? null : encode(responses, l);
      } catch {
        // A getter that throws, a revoked Proxy, a section the rulebook lacks: the JSON path
        // gives the engine's own error.
        compact = null;
      }
      if (compact === null) return callRule.call(this, 'scoreSurvey', plainArg(responses, max), options);
      return raw.scoreSurveyCompact.call(this, compact.grid, { respondents: compact.respondents, survey: options?.survey });
    },
  }));
}

export { installSatisfaction };
