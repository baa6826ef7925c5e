#!/usr/bin/env node
// Speed of 三色预警 grading in Node, against the JS rules engines people reach for, in the same
// run and on the same cases: the default rulebook's eight criteria (DOMAIN §3) written once
// for shequ-rules (data in the rulebook), once for json-rules-engine and once as a
// @gorules/zen-engine decision table with the `collect` hit policy. Every engine must find the
// same colour for every case (checked); the figures are cases/s and the ratios.
//
//   node tests/bench-disputes.mjs [CASES]        (default 1,000,000 for shequ-rules)
//
// The peers are run on a slice of the cases (they are asynchronous, one promise per case),
// and their rate is taken on that slice. The module is the npm package as built by
// scripts/build.sh (pkg/, its Node ES-module entry, with every default family).
//
// A benchmark, not a test: it prints figures and never fails.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const entry = join(repo, 'pkg', 'node.mjs');
if (!existsSync(entry)) {
  console.error('bench-disputes: build first (scripts/build.sh builds the package in pkg/)');
  process.exit(2);
}
const wasm = await import(pathToFileURL(entry).href);
const require = createRequire(import.meta.url);

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const peerN = Math.min(n, 20_000);

// Cases: a mix in which every criterion fires now and then, some facts absent.
let seed = 2026;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const cases = [];
for (let i = 0; i < n; i++) {
  const c = { households: pick([1, 1, 1, 2, 3, 4, 5, 8]), violence: rand() < 0.05 };
  if (rand() < 0.5) c.people = pick([1, 2, 4, 9, 10, 30]);
  if (rand() < 0.4) c.amount = pick([0, 500, 10000, 10001, 80000]);
  if (rand() < 0.3) c.petitions = pick([0, 1, 2, 3, 5]);
  if (rand() < 0.3) c.againstPropertyOrDeveloper = rand() < 0.5;
  if (rand() < 0.2) c.vulnerable = rand() < 0.3;
  if (rand() < 0.3) c.repeatReport = rand() < 0.5;
  cases.push(c);
}

const engine = wasm.Engine.withDefaults();
const tables = engine.disputeTables();
const colours = tables.colours.map((c) => c.code);
const facts = tables.facts;

function time(label, count, fn) {
  const t0 = process.hrtime.bigint();
  const out = fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { label, count, s, rate: count / s, out };
}
async function timeAsync(label, count, fn) {
  const t0 = process.hrtime.bigint();
  const out = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { label, count, s, rate: count / s, out };
}

// 1. shequ-rules, compact path: the caller's objects encoded into one Float64Array per chunk
//    (NaN absent, booleans 0/1), graded into colour indexes and fired masks.
const CHUNK = 65_536;
const compact = time('shequ-rules gradeDisputesCompact (encoding included)', n, () => {
  const out = new Uint8Array(n);
  const values = new Float64Array(CHUNK * facts.length);
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let k = 0;
    for (let i = start; i < end; i++) {
      const c = cases[i];
      for (const f of facts) {
        const v = c[f.code];
        values[k++] = v === undefined ? NaN : v === true ? 1 : v === false ? 0 : v;
      }
    }
    const graded = engine.gradeDisputesCompact(values.subarray(0, k));
    out.set(graded.colours, start);
  }
  return out;
});

// 2. shequ-rules, one object at a time (the full answer with reasons).
const single = time('shequ-rules gradeDispute, one call per case', peerN, () => cases.slice(0, peerN).map((c) => colours.indexOf(engine.gradeDispute(c).colour.code)));

// 3. json-rules-engine: one rule per criterion, the event names the colour.
const { Engine: JreEngine } = require('json-rules-engine');
const jre = new JreEngine([], { allowUndefinedFacts: true });
const fact = (name, operator, value) => ({ fact: name, operator, value });
const rules = [
  ['violence', 'red', { all: [fact('violence', 'equal', true)] }],
  ['group', 'red', { any: [fact('households', 'greaterThanInclusive', 5), fact('people', 'greaterThanInclusive', 10)] }],
  ['petitions', 'red', { all: [fact('petitions', 'greaterThanInclusive', 3)] }],
  ['vulnerable', 'red', { all: [fact('vulnerable', 'equal', true)] }],
  ['severalHouseholds', 'yellow', { all: [fact('households', 'greaterThanInclusive', 2)] }],
  ['amount', 'yellow', { all: [fact('amount', 'greaterThan', 10000)] }],
  ['propertyOrDeveloper', 'yellow', { all: [fact('againstPropertyOrDeveloper', 'equal', true)] }],
  ['repeatReport', 'yellow', { all: [fact('repeatReport', 'equal', true)] }],
];
for (const [name, colour, conditions] of rules) jre.addRule({ name, conditions, event: { type: colour, params: { criterion: name } } });
const jreRun = await timeAsync('json-rules-engine', peerN, async () => {
  const out = [];
  for (const c of cases.slice(0, peerN)) {
    const { events } = await jre.run(c);
    out.push(Math.max(0, ...events.map((e) => colours.indexOf(e.type))));
  }
  return out;
});

// 4. @gorules/zen-engine: a decision table, hit policy `collect`, one row per criterion (two
//    for the group criterion's either-or).
let zen = null;
try {
  const { ZenEngine } = require('@gorules/zen-engine');
  const cols = ['households', 'people', 'amount', 'violence', 'petitions', 'againstPropertyOrDeveloper', 'vulnerable', 'repeatReport'];
  const row = (id, colour, cells) => ({ _id: id, colour: `"${colour}"`, ...Object.fromEntries(cols.map((c) => [c, cells[c] ?? ''])) });
  const content = {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'request', position: { x: 0, y: 0 } },
      {
        id: 'table', type: 'decisionTableNode', name: 'grade', position: { x: 200, y: 0 },
        content: {
          hitPolicy: 'collect',
          inputs: cols.map((c) => ({ id: c, name: c, field: c })),
          outputs: [{ id: 'colour', name: 'colour', field: 'colour' }],
          rules: [
            row('violence', 'red', { violence: 'true' }),
            row('group-h', 'red', { households: '>= 5' }),
            row('group-p', 'red', { people: '>= 10' }),
            row('petitions', 'red', { petitions: '>= 3' }),
            row('vulnerable', 'red', { vulnerable: 'true' }),
            row('several', 'yellow', { households: '>= 2' }),
            row('amount', 'yellow', { amount: '> 10000' }),
            row('property', 'yellow', { againstPropertyOrDeveloper: 'true' }),
            row('repeat', 'yellow', { repeatReport: 'true' }),
          ],
        },
      },
      { id: 'out', type: 'outputNode', name: 'response', position: { x: 400, y: 0 } },
    ],
    edges: [{ id: 'e1', sourceId: 'in', targetId: 'table', type: 'edge' }, { id: 'e2', sourceId: 'table', targetId: 'out', type: 'edge' }],
  };
  const z = new ZenEngine();
  const decision = z.createDecision(content);
  zen = await timeAsync('@gorules/zen-engine (decision table, collect)', peerN, async () => {
    const out = [];
    for (const c of cases.slice(0, peerN)) {
      const { result } = await decision.evaluate(c);
      const hits = Array.isArray(result) ? result : [];
      out.push(Math.max(0, ...hits.map((h) => colours.indexOf(h.colour))));
    }
    return out;
  });
  z.dispose();
} catch (e) {
  console.log(`@gorules/zen-engine: not run (${e.message})`);
}

// Same colours everywhere, or the figures mean nothing.
const agree = (a, b) => a.every((x, i) => x === b[i]);
const reference = Array.from(compact.out.subarray(0, peerN));
const checks = [['gradeDispute', single.out], ['json-rules-engine', jreRun.out], ...(zen ? [['zen-engine', zen.out]] : [])];
for (const [name, out] of checks) {
  console.log(`${name}: ${agree(reference, out) ? 'same colour for every case' : 'COLOURS DIFFER'}`);
}
const counts = colours.map((c, i) => `${c} ${compact.out.filter((x) => x === i).length}`);
console.log(`cases: ${n.toLocaleString('en')} (${counts.join(', ')}); peers on the first ${peerN.toLocaleString('en')}`);
console.log(`${'run'.padEnd(56)} ${'cases'.padStart(10)} ${'time'.padStart(9)} ${'cases/s'.padStart(12)}  vs json-rules-engine`);
for (const r of [compact, single, jreRun, ...(zen ? [zen] : [])]) {
  const ratio = r.rate / jreRun.rate;
  console.log(`${r.label.padEnd(56)} ${r.count.toLocaleString('en').padStart(10)} ${(r.s.toFixed(3) + ' s').padStart(9)} ${Math.round(r.rate).toLocaleString('en').padStart(12)}  ${ratio.toFixed(1)}×`);
}
