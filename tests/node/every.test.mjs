// The shared vectors on the build with every family (target/wasm-out/every, from
// scripts/build.sh), also 满意度测评, which the npm package leaves out until it fits the size
// budget: the package's JavaScript (pkg-template) around that module, every vector holding and
// every full output equal to the native run of the same families
// (tests/out/vectors-native-every.json, written by `cargo test --features satisfaction`).
//
//   node --test tests/node/every.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(repo, 'target', 'wasm-out', 'every');
const wasm = await import(pathToFileURL(join(dir, 'shequ_rules.js')).href);
wasm.initSync({ module: readFileSync(join(dir, 'shequ_rules_bg.wasm')) });
const template = (name) => import(pathToFileURL(join(repo, 'pkg-template', name)).href);
const [{ installNeeds }, { installPoints }, { installDisputes }, { guard }] = await Promise.all(
  ['needs.js', 'points.js', 'disputes.js', 'guard.js'].map(template),
);
installNeeds(wasm.Engine);
installPoints(wasm.Engine);
installDisputes(wasm.Engine, wasm.maxJsonChars());
const api = guard(wasm);
const { runVectors } = await import(pathToFileURL(join(repo, 'tests', 'js', 'vectors.mjs')).href);

const vectorDir = join(repo, 'tests', 'vectors');
const suites = Object.fromEntries(
  readdirSync(vectorDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(vectorDir, f), 'utf8'))]),
);
const native = JSON.parse(readFileSync(join(repo, 'tests', 'out', 'vectors-native-every.json'), 'utf8'));

test('every family: the native run covered every vectors file', () => {
  assert.deepEqual(Object.keys(native).sort(), Object.keys(suites).sort());
  assert.ok(native.satisfaction.length >= 60);
});

test('every family: every shared vector holds in Node, with outputs equal to the native run', () => {
  const { count, failures, records } = runVectors(api, suites);
  assert.deepEqual(failures, []);
  assert.equal(count, Object.values(native).reduce((n, s) => n + s.length, 0));
  assert.deepEqual(records.satisfaction, native.satisfaction);
  assert.deepEqual(records, native);
  console.log(`# node ran ${count} vectors on the build with every family`);
});

test('every family: scoreSurvey is an engine method with coded errors', () => {
  const engine = api.Engine.withDefaults();
  const out = engine.scoreSurvey([{ answers: { overall: 'satisfied' } }]);
  assert.equal(out.n, 1);
  assert.equal(out.rulebook.id, 'shequ-default');
  assert.throws(() => engine.scoreSurvey('not a list'), (e) => e instanceof Error && e.name === 'ShequRulesError' && typeof e.code === 'string');
  assert.throws(() => engine.scoreSurvey([], { survey: 'nope' }), (e) => e instanceof Error && typeof e.code === 'string');
});
