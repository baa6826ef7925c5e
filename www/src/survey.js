// 满意度测评 on this phone: the responses (answered here by residents or imported from a
// CSV/XLSX by a worker) live in IndexedDB as they were given; every figure — the rate both
// ways with its interval, the index, the dimensions, α, the quadrants, the target and which
// responses are invalid — is engine.scoreSurvey over them, recomputed whenever the page shows
// them, so a community's own rulebook decides. The forms come from engine.surveyForms().
import { reactive, markRaw } from 'vue';
import { state } from './engine.js';
import { listSurveyResponses, addSurveyResponses, clearSurveyResponses } from './store.js';
import { parseNumber } from './numbers.js';
import { readTable as readFromFile } from './table.js';

export const responses = reactive({
  /** 'loading' | 'ready' */
  status: 'loading',
  /** Every stored response, in the order recorded (markRaw: plain objects for the engine). */
  list: markRaw([]),
});

let loading;
/** Loads the stored responses once per page life. */
export function loadResponses() {
  loading ??= listSurveyResponses()
    .catch(() => [])
    .then((list) => {
      responses.list = markRaw(list);
      responses.status = 'ready';
    });
  return loading;
}

const formsOf = new WeakMap();
/** The chosen rulebook's surveys as forms (an empty list when it has no 满意度测评). */
export function forms() {
  const engine = state.engine;
  if (!engine || !state.rulebook?.satisfaction) return [];
  if (!formsOf.has(engine)) formsOf.set(engine, engine.surveyForms().surveys);
  return formsOf.get(engine);
}

/** What the engine reads of a stored response. */
const input = (r) => {
  const out = { answers: r.answers };
  if (r.respondent) out.respondent = r.respondent;
  if (r.importance) out.importance = r.importance;
  return out;
};

/** The stored responses of survey `code`, oldest first. */
export const responsesOf = (code) => responses.list.filter((r) => r.survey === code);

/** engine.scoreSurvey over `list` (stored responses), or `{ error }` with the engine's words. */
export function score(code, list = responsesOf(code)) {
  try {
    return state.engine.scoreSurvey(list.map(input), { survey: code });
  } catch (e) {
    return { error: { code: e?.code, path: e?.path, message: e?.message ?? String(e) } };
  }
}

/**
 * What is wrong with one response before it is saved: the engine's own reading of it
 * (`invalid` of a one-response score), or null when it counts.
 */
export function check(code, response) {
  const s = score(code, [response]);
  if (s.error) return [s.error];
  return s.invalid.length ? s.invalid : null;
}

/** Saves responses (one answered on this phone, or an imported file's). */
export async function save(code, list, source) {
  const createdAt = new Date().toISOString();
  const records = list.map((r) => ({ survey: code, ...input(r), source, createdAt }));
  const stored = await addSurveyResponses(records);
  responses.list = markRaw([...responses.list, ...stored]);
  return stored;
}

/** Removes the responses of survey `code` (the others stay). */
export async function clear(code) {
  const keep = responses.list.filter((r) => r.survey !== code);
  await clearSurveyResponses(code);
  responses.list = markRaw(keep);
}

// ---- Import: a table whose header names the questions. ----

/** Reads a CSV or XLSX file into { name, header, rows } of text cells. */
export const readTable = (file) => readFromFile(file, () => import('read-excel-file/browser'));

const norm = (s) => String(s ?? '').trim();

/**
 * The columns of `header` for survey form `f`: each question by its code or its text, the
 * respondent (受访者 / 房号 / respondent), the recommendation, and importance as
 * `重要性:<dimension code or name>`. Unknown columns are listed, not guessed.
 */
export function mapColumns(f, header) {
  const questions = [...(f.overall ? [f.overall] : []), ...f.dimensions.flatMap((d) => d.questions)];
  const out = { answers: [], importance: [], respondent: -1, recommend: -1, unknown: [] };
  header.forEach((h, i) => {
    const t = norm(h);
    if (!t) return;
    const q = questions.find((x) => x.code === t || x.text === t);
    if (q) return out.answers.push([i, q.code]);
    if (/^(受访者|房号|respondent)$/i.test(t)) return (out.respondent = i);
    if (f.recommend && (t === f.recommend.code || t === f.recommend.text || t === '推荐度')) return (out.recommend = i);
    const m = t.match(/^重要性[:：]\s*(.+)$/);
    const d = m && f.dimensions.find((x) => x.code === m[1].trim() || x.name === m[1].trim());
    if (d && f.importance) return out.importance.push([i, d.code]);
    out.unknown.push(t);
  });
  return out;
}

/** The responses of `rows` by the column map (blank cells are unanswered; numbers read as 3 or ３). */
export function responsesFrom(f, rows, map) {
  return rows.map((row) => {
    const answers = {};
    for (const [i, code] of map.answers) {
      const v = norm(row[i]);
      answers[code] = v === '' ? null : v;
    }
    const r = { answers };
    if (map.recommend >= 0) {
      const v = norm(row[map.recommend]);
      answers[f.recommend.code] = v === '' ? null : parseNumber(v);
    }
    if (map.importance.length) {
      r.importance = {};
      for (const [i, code] of map.importance) {
        const v = norm(row[i]);
        r.importance[code] = v === '' ? null : parseNumber(v);
      }
    }
    if (map.respondent >= 0 && norm(row[map.respondent])) r.respondent = norm(row[map.respondent]);
    return r;
  });
}

// ---- The report, as a table to export. ----

const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
/** A rate with its interval, as a worker reads it: 85.0%（95% 区间 72.4%–92.6%，n = 40）. */
export const rateText = (r, confidence = 0.95) =>
  r && r.n > 0 ? `${pct(r.rate)}（${Math.round(confidence * 100)}% 区间 ${pct(r.low)}–${pct(r.high)}，n = ${r.n}）` : '无有效答卷';

/** The report's rows for XLSX/CSV: headline, target, dimensions, questions, invalid responses. */
export function reportRows(f, s) {
  const rows = [['满意度测评报告', f.name], ['规则库', `${s.rulebook.id}@${s.rulebook.version} · ${s.rulebook.hash.slice(0, 12)}`],
    ['答卷', `${s.n} 份，有效 ${s.valid} 份，无效 ${s.invalid.length} 份`],
    ['满意率（不含基本满意）', rateText(s.rate.strict, s.rate.confidence)],
    ['满意率（含基本满意）', rateText(s.rate.withBasic, s.rate.confidence)],
    ['满意度指数', s.index === null ? '—' : s.index.toFixed(1)]];
  if (s.target?.rate) rows.push(['目标满意率', `${pct(s.target.rate.target)}：${s.target.rate.met ? '达到' : '未达到'}${s.target.rate.lowerBoundMet ? '，区间下限也达到' : '，区间下限未达到'}`]);
  if (s.target?.index) rows.push(['目标指数', `${s.target.index.target}：${s.target.index.met ? '达到' : '未达到'}`]);
  rows.push([], ['维度', '权重', '满意率（不含基本满意）', '满意率（含基本满意）', '均分', '重要性', '象限']);
  for (const d of s.dimensions) {
    rows.push([d.name, String(d.weight), rateText(d.rate.strict), rateText(d.rate.withBasic), d.mean === null ? '—' : d.mean.toFixed(1),
      typeof d.importance === 'number' ? d.importance.toFixed(2) : '—', d.quadrant?.name ?? '—']);
  }
  rows.push([], ['题目', '满意率（不含基本满意）', '均分', '作答']);
  for (const q of s.questions) rows.push([q.text, rateText(q.rate.strict), q.mean === null ? '—' : q.mean.toFixed(1), String(q.n)]);
  rows.push([], ['计算规则']);
  for (const r of s.rules) rows.push([r]);
  if (s.invalid.length) {
    rows.push([], ['无效答卷', '位置', '原因']);
    for (const x of s.invalid) rows.push([`第 ${x.index + 1} 份`, x.path, x.message]);
  }
  return rows;
}
