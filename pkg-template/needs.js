// classifyNeed and classifyNeeds: the engine returns each result as a numeric record (see
// `NeedsRules::record` in the Rust source), and this module dresses it with the engine's
// label tables, fetched once per engine. Building the objects here costs far less than
// serialising JSON in wasm and parsing it again for every text; the shared test vectors hold
// these objects to the Rust serialisation field by field.

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
  const category = rec[p];
  const item = rec[p + 1];
  const urgency = rec[p + 2];
  let handler = null;
  if (item >= 0) handler = tables.items[item].handler;
  else if (category >= 0) handler = tables.categories[category].handler;
  let q = p + 8;
  const alternatives = [];
  for (let k = rec[p + 7]; k > 0; k--, q += 3) {
    alternatives.push({
      category: named(tables.categories[rec[q]]),
      item: rec[q + 1] >= 0 ? named(tables.items[rec[q + 1]]) : null,
      score: rec[q + 2],
    });
  }
  const evidence = [];
  for (let k = rec[q++]; k > 0; k--, q += 7) {
    const phrase = tables.phrases[rec[q]];
    const role = phrase.roles[rec[q + 1]];
    const e = { phrase: phrase.text, start: rec[q + 2], end: rec[q + 3], kind: role.kind };
    if (role.target !== undefined) e.target = role.target;
    e.rule = role.rule;
    e.weight = rec[q + 4];
    e.inSubject = rec[q + 5] !== 0;
    if (rec[q + 6] !== 0) e.discounted = true;
    evidence.push(e);
  }
  const result = {
    category: category >= 0 ? named(tables.categories[category]) : null,
    item: item >= 0 ? named(tables.items[item]) : null,
    needsHuman: rec[p + 4] !== 0,
    urgency:
      urgency >= 0
        ? { code: tables.urgencies[urgency].code, name: tables.urgencies[urgency].name, source: rec[p + 3] !== 0 ? 'cue' : 'default' }
        : null,
    confidence: rec[p + 5],
    score: rec[p + 6],
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
        const { records, errors } = this.classifyNeedsRecords(texts);
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
