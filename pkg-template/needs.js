// classifyNeed and classifyNeeds: the engine returns each result as a numeric record (see
// `src/needs/record.rs`), and this module dresses it with the engine's label tables, fetched
// once per engine together with the record layout — so no offset is spelt here. Building the
// objects here costs far less than serialising JSON in wasm and parsing it again for every
// text; the shared test vectors hold these objects to the Rust serialisation field by field.

const tablesByEngine = new WeakMap();

function tablesOf(engine) {
  let tables = tablesByEngine.get(engine);
  if (tables === undefined) {
    tables = engine.needTables();
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
  for (let k = rec[q++]; k > 0; k--, q += E.size) {
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
    urgency:
      urgency >= 0
        ? { code: tables.urgencies[urgency].code, name: tables.urgencies[urgency].name, source: rec[p + H.urgencyFromCue] !== 0 ? 'cue' : 'default' }
        : null,
    confidence: rec[p + H.confidence],
    score: rec[p + H.score],
    alternatives,
    evidence,
    handler,
  };
  return [result, q];
}

const stampOf = (tables) => ({ id: tables.rulebook.id, version: tables.rulebook.version, hash: tables.rulebook.hash });

function installNeeds(Engine) {
  Object.defineProperties(Engine.prototype, {
    classifyNeed: {
      configurable: true,
      writable: true,
      value: function classifyNeed(text, options) {
        const rec = this.classifyNeedRecord(text, options);
        const tables = tablesOf(this);
        const [result] = decode(tables, rec, 0);
        result.rulebook = stampOf(tables);
        return result;
      },
    },
    classifyNeeds: {
      configurable: true,
      writable: true,
      value: function classifyNeeds(texts) {
        const { records, errors } = this.classifyNeedsRecords(texts, undefined);
        const tables = tablesOf(this);
        const results = new Array(texts.length);
        let p = 0;
        let e = 0;
        for (let i = 0; i < texts.length; i++) {
          if (e < errors.length && errors[e].index === i) {
            results[i] = { error: errors[e++] };
          } else {
            [results[i], p] = decode(tables, records, p);
          }
        }
        return { results, rulebook: stampOf(tables) };
      },
    },
  });
}

export { installNeeds };
