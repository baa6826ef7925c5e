// Runs the shared vectors in headless Chromium against the packed package (as installed from
// its tarball) and compares every output with the native run.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, watchErrors } from './harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const consumer = join(repo, 'target', 'consumer');
const installed = join(consumer, 'node_modules', 'shequ-rules');
const vectorDir = join(repo, 'tests', 'vectors');
const suites = Object.fromEntries(
  readdirSync(vectorDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(vectorDir, f), 'utf8'))]),
);
const native = JSON.parse(readFileSync(join(repo, 'tests', 'out', 'vectors-native.json'), 'utf8'));
// The suites of the families the package has: those the native run wrote.
for (const name of Object.keys(suites)) if (!(name in native)) delete suites[name];

const page = `<!doctype html><meta charset="utf-8"><title>vectors</title>
<script type="module">
  import * as api from '/pkg/browser.js';
  import { runVectors } from '/js/vectors.mjs';
  const suites = await (await fetch('/suites.json')).json();
  window.__outcome = runVectors(api, suites);
  window.__wasmFetches = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length;
</script>`;

let server, browser;
before(async () => {
  server = await serve({
    '/pkg/': installed,
    '/consumer/': consumer,
    '/js/': join(repo, 'tests', 'js'),
    '/suites.json': async () => ({ type: 'application/json', body: JSON.stringify(suites) }),
    '/': async () => ({ type: 'text/html; charset=utf-8', body: page }),
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('Chromium: every shared vector holds and equals the native output', async () => {
  const tab = await browser.newPage();
  const errors = watchErrors(tab);
  await tab.goto(`${server.url}/`);
  await tab.waitForFunction(() => window.__outcome !== undefined, null, { timeout: 30000 });
  const outcome = await tab.evaluate(() => window.__outcome);
  assert.deepEqual(errors, []);
  assert.ok(outcome.count > 0);
  assert.deepEqual(outcome.failures, []);
  assert.ok(outcome.records.satisfaction.length >= 60, 'the 满意度测评 vectors ran');
  assert.deepEqual(outcome.records, native);
  assert.equal(await tab.evaluate(() => window.__wasmFetches), 1, 'the wasm module is fetched once');
  console.log(`# chromium ran ${outcome.count} vectors`);
});

test('Chromium: the README example page works without a bundler', async () => {
  const examples = readdirSync(consumer).filter((f) => /^readme-example-\d+\.html$/.test(f));
  assert.equal(examples.length, 1, 'the Node README test saves the html example first');
  const tab = await browser.newPage();
  const errors = watchErrors(tab);
  await tab.goto(`${server.url}/consumer/${examples[0]}`);
  await tab.waitForFunction(() => document.querySelector('#out').textContent !== '…');
  assert.equal(await tab.textContent('#out'), '应配 20 名（shequ-default）');
  assert.deepEqual(errors, []);
});

test('Chromium: thrown errors are real Error objects with code and path', async () => {
  const tab = await browser.newPage();
  await tab.goto(`${server.url}/`);
  await tab.waitForFunction(() => window.__outcome !== undefined);
  const seen = await tab.evaluate(async () => {
    const { Engine } = await import('/pkg/browser.js');
    try {
      Engine.withDefaults().meetingDates({ from: '2026-02-30', to: '2026-03-01' });
      return null;
    } catch (e) {
      return { isError: e instanceof Error, name: e.name, code: e.code, path: e.path, stack: typeof e.stack };
    }
  });
  assert.deepEqual(seen, { isError: true, name: 'ShequRulesError', code: 'INVALID_DATE', path: '/from', stack: 'string' });
});
