// Runs inside a fresh project that installed the packed tarball (see scripts/test.sh), so it
// exercises exactly what `npm install shequ-rules` gives a user: ESM import, CommonJS require,
// the shared vectors, and identical answers to the native Rust run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esm from 'shequ-rules';
import * as lite from 'shequ-rules/needs';
import { createHash } from 'node:crypto';
import { runVectors } from './vectors.mjs';

const require = createRequire(import.meta.url);
const cjs = require('shequ-rules');
const repo = process.env.SHEQU_REPO;
assert.ok(repo, 'SHEQU_REPO must point at the repository');

const vectorDir = join(repo, 'tests', 'vectors');
const suites = Object.fromEntries(
  readdirSync(vectorDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(vectorDir, f), 'utf8'))]),
);
const native = JSON.parse(readFileSync(join(repo, 'tests', 'out', 'vectors-native.json'), 'utf8'));
// The suites the native run of the package's families wrote (a family left out of the build
// has no rules to run).
for (const name of Object.keys(suites)) if (!(name in native)) delete suites[name];

for (const [flavour, api] of [['ESM import', esm], ['CommonJS require', cjs]]) {
  test(`${flavour}: every shared vector holds`, () => {
    const { count, failures } = runVectors(api, suites);
    assert.ok(count > 0);
    assert.deepEqual(failures, []);
  });

  test(`${flavour}: full outputs equal the native run`, () => {
    const { records } = runVectors(api, suites);
    assert.deepEqual(records, native);
  });
}

test('ESM and CommonJS expose the same API', () => {
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  for (const name of ['Engine', 'validateRulebook', 'defaultRulebook']) {
    assert.equal(typeof esm[name], 'function', name);
  }
});

test('errors are real Errors with code, path and diagnostics', () => {
  const engine = esm.Engine.withDefaults();
  assert.throws(() => engine.staffing({ households: undefined, residents: 1 }), (e) => e.code === 'MISSING_FIELD' && e.path === '/households');
  for (const bad of [{ households: NaN, residents: 1 }, { households: Infinity, residents: 1 }, { households: null, residents: 1 }]) {
    assert.throws(() => engine.staffing(bad), (e) => e instanceof Error && e.name === 'ShequRulesError'
      && e.code === 'WRONG_TYPE' && e.path === '/households' && e.diagnostics.length === 1);
  }
  assert.throws(() => engine.staffing(), (e) => e.code === 'WRONG_TYPE' && e.path === '');
  // Inputs cross as JSON: what JSON cannot hold is reported, never crashes.
  assert.throws(() => engine.staffing(() => 1), (e) => e instanceof Error && e.code === 'WRONG_TYPE' && e.path === '');
  assert.throws(() => engine.staffing(Symbol('x')), (e) => e instanceof Error && e.code === 'WRONG_TYPE');
  assert.throws(() => engine.staffing({ households: 10n, residents: 1 }), (e) => e.code === 'WRONG_TYPE' && /BigInt/.test(e.message));
  assert.throws(() => engine.staffing({ households: () => 1, residents: 1 }), (e) => e.code === 'MISSING_FIELD' && e.path === '/households');
  assert.throws(() => engine.staffing({ toJSON() { throw 'boom'; } }), (e) => e.code === 'WRONG_TYPE' && /boom/.test(e.message));
  assert.throws(() => engine.staffing({ toJSON() { throw null; } }), (e) => e.code === 'WRONG_TYPE' && e.path === '');
  assert.throws(() => engine.classifyNeed('电梯坏了', { toJSON() { throw new RangeError('no'); } }), (e) => e.code === 'WRONG_TYPE' && /no/.test(e.message));
  const cyclic = { households: 1, residents: 1 };
  cyclic.self = cyclic;
  assert.throws(() => engine.staffing(cyclic), (e) => e.code === 'WRONG_TYPE');
  assert.throws(() => engine.meetingDates({ from: new Date('2026-01-01'), to: '2026-02-01' }), (e) => e.code === 'INVALID_DATE' && e.path === '/from');
});

test('an invalid rulebook throws INVALID_RULEBOOK with every diagnostic', () => {
  const rb = esm.defaultRulebook();
  delete rb.name;
  rb.community.staffing.standard.workers = -1;
  rb.extra = true;
  assert.throws(() => new esm.Engine(rb), (e) => {
    assert.equal(e.code, 'INVALID_RULEBOOK');
    assert.deepEqual(e.diagnostics.map((d) => [d.code, d.path]), [
      ['MISSING_FIELD', '/name'],
      ['NEGATIVE', '/community/staffing/standard/workers'],
      ['UNKNOWN_FIELD', '/extra'],
    ]);
    assert.equal(e.path, '/name');
    assert.match(e.message, /规则库无效，共 3 处问题/);
    return true;
  });
  assert.deepEqual(esm.validateRulebook(rb).length, 3);
  assert.deepEqual(esm.validateRulebook(42).map((d) => d.code), ['WRONG_TYPE']);
  assert.deepEqual(esm.validateRulebook('{ nope').map((d) => d.code), ['SYNTAX']);
});

test('a rulebook as JSON text with keys re-ordered has the same hash', () => {
  const rb = esm.defaultRulebook();
  const reordered = Object.fromEntries(Object.entries(rb).reverse());
  const a = esm.Engine.withDefaults().rulebookInfo();
  const b = new esm.Engine(JSON.stringify(reordered, null, 4)).rulebookInfo();
  assert.equal(b.hash, a.hash);
  assert.match(a.hash, /^[0-9a-f]{64}$/);
  const changed = esm.defaultRulebook();
  changed.version = '2026.11.1-local';
  assert.notEqual(new esm.Engine(changed).rulebookInfo().hash, a.hash);
});

test('defaultRulebook returns a fresh copy each time', () => {
  const a = esm.defaultRulebook();
  a.id = 'changed';
  assert.equal(esm.defaultRulebook().id, 'shequ-default');
  assert.equal(esm.Engine.withDefaults().rulebookInfo().id, 'shequ-default');
});

test('the packaged JSON Schema accepts the default rulebook and rejects broken ones', async () => {
  const Ajv = (await import(join(repo, 'node_modules', 'ajv', 'dist', 'ajv.js'))).default;
  const schema = JSON.parse(readFileSync(require.resolve('shequ-rules/rulebook.schema.json'), 'utf8'));
  const validate = new (Ajv.default ?? Ajv)({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  assert.ok(validate(esm.defaultRulebook()), JSON.stringify(validate.errors));
  // Every rulebook of every vectors file: the schema and the engine agree on valid /
  // invalid, except for cross-field rules a schema cannot express (listed by code).
  const crossField = new Set(['DUPLICATE', 'INCONSISTENT', 'SYNTAX']);
  const { patch } = await import('./vectors.mjs');
  let compared = 0;
  const disagreements = [];
  for (const [suite, doc] of Object.entries(suites)) {
    for (const c of doc.cases) {
      if (c.crossField || !('rulebook' in c || 'rulebookPatch' in c)) continue;
      const rb = 'rulebook' in c ? c.rulebook : patch(esm.defaultRulebook(), c.rulebookPatch);
      if (typeof rb === 'string') continue;
      const engineSays = esm.validateRulebook(rb);
      if (engineSays.some((d) => crossField.has(d.code))) continue;
      compared += 1;
      if (validate(rb) !== (engineSays.length === 0)) {
        disagreements.push(`${suite} / ${c.name}: schema ${JSON.stringify(validate.errors)} vs engine ${JSON.stringify(engineSays)}`);
      }
    }
  }
  assert.deepEqual(disagreements, []);
  assert.ok(compared >= 45, `only ${compared} rulebooks compared`);
});

test('shequ-rules/needs: the resident-page module (platform + needs) gives the same answers', () => {
  assert.deepEqual(lite.Engine.withDefaults().rulebookInfo().sections, ['needs']);
  assert.equal(typeof lite.Engine.prototype.staffing, 'undefined');
  assert.equal(typeof lite.Engine.prototype.classifyNeed, 'function');
  // Without its needs section the module's default rulebook has no section at all: a case of its own.
  const needs = { ...suites.needs, cases: suites.needs.cases.filter((c) => c.name !== '自定义规则库：没有 needs 部分') };
  const { count, failures, records } = runVectors(lite, { mask: suites.mask, needs });
  assert.ok(count > 100);
  assert.deepEqual(failures, []);
  // Same outputs as the native run, but for the stamp: its default rulebook has no community section.
  const unstamped = (x) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'hash' ? undefined : v)));
  const nativeNeeds = native.needs.filter((r) => r.name !== '自定义规则库：没有 needs 部分');
  assert.deepEqual(unstamped(records), unstamped({ mask: native.mask, needs: nativeNeeds }));
  assert.throws(() => patchless(lite), (e) => e.code === 'INVALID_RULEBOOK' && e.diagnostics[0].code === 'MISSING_FIELD' && e.diagnostics[0].path === '');
});

/** The lite module's default rulebook without its needs section: no section left. */
function patchless(api) {
  const rb = api.defaultRulebook();
  delete rb.needs;
  return new api.Engine(rb);
}

/** RFC 8785 (JCS) in a few lines: JSON.stringify already writes strings and numbers as JCS does. */
function jcs(value) {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('the stamp hash is SHA-256 of the JCS form, recomputable in JavaScript', () => {
  const sha = (doc) => {
    const { $schema, ...rest } = doc;
    void $schema;
    return createHash('sha256').update(jcs(rest), 'utf8').digest('hex');
  };
  for (const api of [esm, lite]) {
    assert.equal(api.Engine.withDefaults().rulebookInfo().hash, sha(api.defaultRulebook()));
  }
  const rb = esm.defaultRulebook();
  rb.$schema = './rulebook.schema.json';
  rb.needs.categories[0].phrases = { ...rb.needs.categories[0].phrases, '\ufb01': 0.5, 'ab\u0001"\\': 1e-7 };
  rb.needs.maxTextChars = 1e6;
  rb.community.classes.scoreRange.max = 100.25;
  const info = new esm.Engine(rb).rulebookInfo();
  assert.equal(info.hash, sha(rb));
});
