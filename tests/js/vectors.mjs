// Runs the shared vectors (tests/vectors/*.json) against the npm package's API.
// Plain ES module with no Node imports: the same file runs in Node and in Chromium, and
// mirrors tests/vectors.rs, which runs the same files natively.

/** Applies `[{ op: "set" | "remove", path: "/a/b", value }]` to a document (in place). */
export function patch(doc, ops) {
  for (const op of ops) {
    const cut = op.path.lastIndexOf('/');
    const parentPath = op.path.slice(0, cut);
    const last = op.path.slice(cut + 1).replaceAll('~1', '/').replaceAll('~0', '~');
    let target = doc;
    for (const part of parentPath.split('/').slice(1)) {
      target = target[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    if (op.op === 'set') target[last] = op.value;
    else if (op.op === 'remove') Array.isArray(target) ? target.splice(Number(last), 1) : delete target[last];
    else throw new Error(`bad patch op ${op.op}`);
  }
  return doc;
}

function caseRulebook(api, c) {
  if ('rulebook' in c) return structuredClone(c.rulebook);
  if ('rulebookPatch' in c) return patch(api.defaultRulebook(), c.rulebookPatch);
  return undefined;
}

function errorRecord(e) {
  if (!(e instanceof Error)) return { notAnError: String(e) };
  return { code: e.code, path: e.path, message: e.message, diagnostics: e.diagnostics };
}

/** The case's input: `input`, or `inputRepeat: [text, times]` for very long texts. */
function caseInput(c) {
  if ('inputRepeat' in c) return c.inputRepeat[0].repeat(c.inputRepeat[1]);
  return c.input === undefined ? null : c.input;
}

/** Typed arrays become plain arrays, so records compare with the native JSON. */
function plain(out) {
  if (out === null || typeof out !== 'object') return out;
  if (ArrayBuffer.isView(out)) return Array.from(out);
  if (Array.isArray(out)) return out.map(plain);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, plain(v)]));
}

function call(api, c) {
  const input = caseInput(c);
  if (c.method === 'redact') return api.redact(input);
  const rulebook = caseRulebook(api, c);
  if (c.method === 'validateRulebook') return api.validateRulebook(rulebook);
  const engine = rulebook === undefined ? api.Engine.withDefaults() : new api.Engine(rulebook);
  if (c.method === 'newEngine' || c.method === 'rulebookInfo') return engine.rulebookInfo();
  if (typeof engine[c.method] !== 'function') throw new Error(`unknown method ${c.method}`);
  if (c.method === 'classifyNeed') return engine.classifyNeed(input, c.options);
  return plain(c.options === undefined ? engine[c.method](input) : engine[c.method](input, c.options));
}

/** Whether `expected` holds in `actual` (same rule as the native runner). */
export function matches(expected, actual, at = '', problems = []) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) problems.push(`${at}: expected an array, got ${JSON.stringify(actual)}`);
    else {
      if (expected.length !== actual.length) problems.push(`${at}: expected ${expected.length} items, got ${actual.length}`);
      expected.forEach((e, i) => i < actual.length && matches(e, actual[i], `${at}/${i}`, problems));
    }
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') problems.push(`${at}: expected an object, got ${JSON.stringify(actual)}`);
    else for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) problems.push(`${at}/${k}: missing`);
      else matches(v, actual[k], `${at}/${k}`, problems);
    }
  } else if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(expected - actual) > 1e-9) problems.push(`${at}: expected ${expected}, got ${actual}`);
  } else if (expected !== actual) {
    problems.push(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return problems;
}

/**
 * Runs every case of every suite. Returns `{ count, failures, records }` where `records`
 * has the same shape as tests/out/vectors-native.json.
 */
export function runVectors(api, suites) {
  const records = {};
  const failures = [];
  let count = 0;
  for (const [suite, doc] of Object.entries(suites)) {
    records[suite] = [];
    for (const c of doc.cases) {
      count += 1;
      let record;
      try {
        record = { name: c.name, output: call(api, c) };
      } catch (e) {
        record = { name: c.name, error: errorRecord(e) };
      }
      records[suite].push(record);
      let problems;
      if ('expect' in c) {
        problems = 'output' in record ? matches(c.expect, record.output) : [`unexpected error ${JSON.stringify(record.error)}`];
      } else {
        problems = 'error' in record ? matches(c.error, record.error) : [`expected an error, got ${JSON.stringify(record.output)}`];
      }
      if (problems.length) failures.push(`${suite} / ${c.name}: ${problems.join('; ')}`);
    }
  }
  return { count, failures, records };
}
