// classifyNeed and classifyNeeds: the engine returns each result as a numeric record (see
// `src/needs/record.rs`), and this module dresses it with the engine's label tables, fetched
// once per engine together with the record layout — so no offset is spelt here. Building the
// objects here costs far less than serialising JSON in wasm and parsing it again for every
// text; the shared test vectors hold these objects to the Rust serialisation field by field.

import { checkOptions, checkText, jsonText, readTexts, replaceMethods, shequError } from './guard.js';

const tablesByEngine = new WeakMap();

/** The engine's label tables, fetched once through `raw`; `method` names the rule asking, for errors. */
function tablesOf(raw, engine, method) {
  let tables = tablesByEngine.get(engine);
  if (tables === undefined) {
    tables = raw.needTables.call(engine, method);
    tablesByEngine.set(engine, tables);
  }
  return tables;
}

const named = (entry) => ({ code: entry.code, name: entry.name });

/** Decodes the record starting at `rec[p]`; returns [result, position after it]. */
function decode(tables, rec, p) {
  const { header: H, alternative: A, evidence: E } = tables.layout;
  const category = rec[p + H.category];
  const item = rec[p + H.item];
  const urgency = rec[p + H.urgency];
  let handler = null;
  if (item >= 0) handler = tables.items[item].handler;
  else if (category >= 0) handler = tables.categories[category].handler;
  let q = p + H.size;
  const alternatives = [];
  for (let k = rec[p + H.alternatives]; k > 0; k--, q += A.size) {
    const altItem = rec[q + A.item];
    alternatives.push({
      category: named(tables.categories[rec[q + A.category]]),
      item: altItem >= 0 ? named(tables.items[altItem]) : null,
      score: rec[q + A.score],
    });
  }
  const evidence = [];
  for (let k = rec[p + H.evidence]; k > 0; k--, q += E.size) {
    const phrase = tables.phrases[rec[q + E.phrase]];
    const role = phrase.roles[rec[q + E.role]];
    const e = { phrase: phrase.text, start: rec[q + E.start], end: rec[q + E.end], kind: role.kind };
    if (role.target !== undefined) e.target = role.target;
    e.rule = role.rule;
    e.weight = rec[q + E.weight];
    e.inSubject = rec[q + E.inSubject] !== 0;
    if (rec[q + E.discounted] !== 0) e.discounted = true;
    evidence.push(e);
  }
  const result = {
    category: category >= 0 ? named(tables.categories[category]) : null,
    item: item >= 0 ? named(tables.items[item]) : null,
    needsHuman: rec[p + H.needsHuman] !== 0,
    autoRoute: rec[p + H.autoRoute] === 1,
    urgency:
      urgency >= 0
        ? { code: tables.urgencies[urgency].code, name: tables.urgencies[urgency].name, source: rec[p + H.urgencyFromCue] !== 0 ? 'cue' : 'default' }
        : null,
    emergency: rec[p + H.emergency] >= 0 ? tables.emergencies[rec[p + H.emergency]] : null,
    confidence: rec[p + H.confidence],
    score: rec[p + H.score],
    alternatives,
    evidence,
    handler,
  };
  return [result, q];
}

const stampOf = (tables) => ({ id: tables.rulebook.id, version: tables.rulebook.version, hash: tables.rulebook.hash });

/** Most texts one batch call takes (the caller's memory; the engine's is bounded by chunks). */
const MAX_BATCH = 10_000_000;
/** A batch enters the engine in chunks of at most this many texts / UTF-16 units, so the
 *  engine's memory (which never shrinks) stays bounded whatever the batch size. */
const CHUNK_TEXTS = 4096;
const CHUNK_UNITS = 1 << 20;

/** The texts of a batch in chunks: [start, end) index ranges. */
function* chunks(texts) {
  let start = 0;
  while (start < texts.length) {
    let end = start;
    let units = 0;
    // Only a string's length counts: reading `.length` of anything else could run user code
    // (a getter, a revoked Proxy), and a non-string is refused in place anyway.
    const size = (t) => (typeof t === 'string' ? t.length : 0);
    while (end < texts.length && end - start < CHUNK_TEXTS && (end === start || units + size(texts[end]) <= CHUNK_UNITS)) {
      units += size(texts[end]);
      end++;
    }
    yield [start, end];
    start = end;
  }
}

/** Reads a batch argument on the JS side (see guard.js) against the rulebook's text limit. */
function batchOf(tables, texts) {
  return readTexts(texts, MAX_BATCH, 2 * tables.maxTextChars);
}

/** A batch error of the engine, moved to its place in the whole batch. */
function shifted(error, offset, rejected) {
  const index = error.index + offset;
  return rejected.get(index) ?? { ...error, index, path: `/${index}` };
}

/** Records without evidence or alternatives: what the columns of classifyNeedsCompact need. */
const HEADERS_ONLY = { evidence: false, alternatives: 0 };

/** The options texts a caller writes most, each as a number the engine reads without parsing
 *  JSON: `e + 3 × a`, where e is evidence (0 false, 1 true, 2 not given) and a the
 *  alternatives (0–3, 4 not given). The engine checks and defaults them as it does any
 *  options; any other text goes as it is. */
const OPTION_CODES = new Map();
for (const [e, evidence] of [[0, '"evidence":false'], [1, '"evidence":true'], [2, null]]) {
  for (const [a, alternatives] of [[0, '"alternatives":0'], [1, '"alternatives":1'], [2, '"alternatives":2'], [3, '"alternatives":3'], [4, null]]) {
    const fields = [evidence, alternatives].filter((f) => f !== null);
    OPTION_CODES.set(`{${fields.join(',')}}`, e + 3 * a);
    OPTION_CODES.set(`{${[...fields].reverse().join(',')}}`, e + 3 * a);
  }
}

function installNeeds(Engine) {
  // The engine's record exports give way to the methods that dress their records.
  replaceMethods(Engine, ['needTables', 'classifyNeedRecord', 'classifyNeedsRecords'], (raw) => ({
    classifyNeed: function classifyNeed(text, options) {
      const tables = tablesOf(raw, this, 'classifyNeed');
      checkText(text);
      checkOptions(options);
      // Far longer than the rulebook allows: refused before it is copied into the engine.
      if (text.length > 2 * tables.maxTextChars) {
        throw shequError('OUT_OF_RANGE', '', `诉求文本过长：${text.length} 个 UTF-16 单元，最多 ${tables.maxTextChars} 个字`);
      }
      // Options cross as their JSON text, read and bounded here (see guard.js); a value
      // that cannot be written as JSON goes as it is, for the engine to report.
      let opts = options;
      if (options !== undefined && options !== null) {
        const json = jsonText(options, 2 * tables.maxTextChars);
        if (json !== null) opts = OPTION_CODES.get(json) ?? json;
      }
      const rec = raw.classifyNeedRecord.call(this, text, opts);
      const [result] = decode(tables, rec, 0);
      result.rulebook = stampOf(tables);
      return result;
    },
    classifyNeeds: function classifyNeeds(input) {
      const tables = tablesOf(raw, this, 'classifyNeeds');
      const { texts, rejected } = batchOf(tables, input);
      const results = new Array(texts.length);
      for (const [start, end] of chunks(texts)) {
        const { records, errors } = raw.classifyNeedsRecords.call(this, texts.slice(start, end), undefined);
        let p = 0;
        let e = 0;
        for (let i = start; i < end; i++) {
          if (e < errors.length && errors[e].index === i - start) {
            results[i] = { error: shifted(errors[e++], start, rejected) };
          } else {
            [results[i], p] = decode(tables, records, p);
          }
        }
      }
      return { results, rulebook: stampOf(tables) };
    },
    classifyNeedsCompact: function classifyNeedsCompact(input) {
      const tables = tablesOf(raw, this, 'classifyNeedsCompact');
      const { texts, rejected } = batchOf(tables, input);
      const { header: H, alternative: A, evidence: E } = tables.layout;
      const n = texts.length;
      // The columns say "none" until a record fills them in.
      const out = {
        category: new Uint8Array(n).fill(255),
        item: new Uint16Array(n).fill(65535),
        urgency: new Uint8Array(n).fill(255),
        confidence: new Float32Array(n),
        needsHuman: new Uint8Array(n).fill(1),
        categories: tables.categories.map(named),
        items: tables.items.map(named),
        urgencies: tables.urgencies.map(named),
        errors: [],
        rulebook: stampOf(tables),
      };
      for (const [start, end] of chunks(texts)) {
        const { records: rec, errors } = raw.classifyNeedsRecords.call(this, texts.slice(start, end), HEADERS_ONLY);
        let p = 0;
        let e = 0;
        for (let i = start; i < end; i++) {
          if (e < errors.length && errors[e].index === i - start) {
            out.errors.push(shifted(errors[e++], start, rejected));
            continue;
          }
          if (rec[p + H.category] >= 0) out.category[i] = rec[p + H.category];
          if (rec[p + H.item] >= 0) out.item[i] = rec[p + H.item];
          if (rec[p + H.urgency] >= 0) out.urgency[i] = rec[p + H.urgency];
          out.confidence[i] = rec[p + H.confidence];
          out.needsHuman[i] = rec[p + H.needsHuman] !== 0 ? 1 : 0;
          p += H.size + rec[p + H.alternatives] * A.size + rec[p + H.evidence] * E.size;
        }
      }
      return out;
    },
  }));
}

export { installNeeds };
