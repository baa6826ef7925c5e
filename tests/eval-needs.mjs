#!/usr/bin/env node
// Measures need categorisation on labelled resident messages with the packaged library.
//
//   node tests/eval-needs.mjs FILE.jsonl [--errors]
//
// FILE.jsonl has one {"id","text","label"} per line; label is the Chinese category name, or
// 其他 for "no community category". A message the engine sends to a person (needsHuman)
// counts as 其他, as does one it files as 其他 (outside community governance). Prints
// per-category precision / recall / F1, the most frequent confusions, and as its last line
//   accuracy=0.xxx macro_f1=0.xxx coverage=0.xxx
// (coverage = share of messages not sent to a person; macro-F1 over the labels present).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node tests/eval-needs.mjs FILE.jsonl [--errors]');
  process.exit(2);
}

// The packaged library: the npm package assembled in pkg/ by scripts/build.sh (or, failing
// that, the copy scripts/test.sh installed from the packed tarball).
async function loadLibrary() {
  for (const dir of [join(here, '..', 'pkg'), join(here, '..', 'target', 'consumer', 'node_modules', 'shequ-rules')]) {
    if (existsSync(join(dir, 'node.mjs'))) return import(pathToFileURL(join(dir, 'node.mjs')).href);
  }
  console.error('eval-needs: build the package first (scripts/build.sh)');
  process.exit(2);
}

const { Engine } = await loadLibrary();
const engine = Engine.withDefaults();
const OTHER = '其他';

const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line, i) => {
    try {
      return JSON.parse(line);
    } catch (e) {
      console.error(`${file}:${i + 1}: not JSON: ${e.message}`);
      process.exit(2);
    }
  });

const labels = new Set();
const confusion = new Map();
const stats = new Map();
const stat = (label) => {
  if (!stats.has(label)) stats.set(label, { tp: 0, fp: 0, fn: 0, n: 0 });
  return stats.get(label);
};
let correct = 0;
let covered = 0;
const mistakes = [];
for (const row of rows) {
  const result = engine.classifyNeed(row.text, { alternatives: 0 });
  const predicted = result.category ? result.category.name : OTHER;
  if (!result.needsHuman) covered += 1;
  labels.add(row.label);
  labels.add(predicted);
  stat(row.label).n += 1;
  if (predicted === row.label) {
    correct += 1;
    stat(row.label).tp += 1;
  } else {
    stat(row.label).fn += 1;
    stat(predicted).fp += 1;
    const key = `${row.label} → ${predicted}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
    mistakes.push({ row, predicted, result });
  }
}

const f1 = ({ tp, fp, fn }) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
const pct = (x) => x.toFixed(3);
console.log(`messages: ${rows.length}   rulebook: ${engine.rulebookInfo().id}@${engine.rulebookInfo().version}\n`);
console.log('label        n   precision  recall   F1');
const present = [...labels].filter((l) => stat(l).n > 0).sort((a, b) => stat(b).n - stat(a).n);
for (const label of present) {
  const s = stat(label);
  const precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 0;
  const recall = s.n ? s.tp / s.n : 0;
  console.log(`${label.padEnd(6, '　')} ${String(s.n).padStart(4)}   ${pct(precision)}     ${pct(recall)}   ${pct(f1(s))}`);
}
console.log('\nconfusions (label → predicted):');
for (const [pair, n] of [...confusion].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pair}: ${n}`);
if (args.includes('--errors')) {
  console.log('\nmistakes:');
  for (const { row, predicted, result } of mistakes) {
    const ev = result.evidence.filter((e) => e.weight > 0).map((e) => `${e.phrase}:${e.weight}`).join(' ');
    console.log(`  [${row.label} → ${predicted}${result.needsHuman ? '?' : ''}] ${row.text.slice(0, 60)} | ${ev}`);
  }
}
const macroF1 = present.reduce((sum, l) => sum + f1(stat(l)), 0) / present.length;
console.log(`accuracy=${pct(correct / rows.length)} macro_f1=${pct(macroF1)} coverage=${pct(covered / rows.length)}`);
