#!/usr/bin/env node
// Measures need categorisation on labelled resident messages with the packaged library.
//
//   node tests/eval-needs.mjs FILE.jsonl [FILE.jsonl …] [--folds K] [--errors]
//        [--urgency LABELS.jsonl] [--rulebook RULEBOOK.json] [--holdout K]
//
// Each FILE.jsonl has one {"id","text","label"} per line; label is the Chinese category
// name, or 其他 for "no community category". A message the engine sends to a person
// (needsHuman) counts as 其他, as does one it files as 其他 (outside community governance).
//
// Prints, per file and for all files together: per-category precision / recall / F1, the
// most frequent confusions; then, over K folds (default 5; a message's fold is fixed by a
// hash of its id), the accuracy of every fold and the calibration of `confidence`: for each
// decile of confidence, how often the engine is right on messages it was not measured on,
// and the auto-routing threshold chosen on K − 1 folds (the lowest confidence at which the
// routed part is ≥ 95 % right) with what it routes, and how accurately, on the held-out fold.
// The last line is
//   accuracy=0.xxx macro_f1=0.xxx coverage=0.xxx
// over all files (coverage = share not sent to a person; macro-F1 over the classes with ≥ 10
// messages).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const folds = Number(option('--folds', 5));
const urgencyFile = option('--urgency', null);
const rulebookFile = option('--rulebook', null);
// --holdout K: fold K (1-based) was never looked at while the vocabulary was tuned; it gets
// its own report, the honest estimate.
const holdout = option('--holdout', null);
const valued = new Set(['--folds', '--urgency', '--rulebook', '--holdout']);
const files = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
if (files.length === 0 || !(folds >= 2)) {
  console.error('usage: node tests/eval-needs.mjs FILE.jsonl [FILE.jsonl …] [--folds K] [--errors]');
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
// --rulebook FILE measures a rulebook being worked on without rebuilding the package.
const engine = rulebookFile ? new Engine(JSON.parse(readFileSync(rulebookFile, 'utf8'))) : Engine.withDefaults();
const OTHER = '其他';

/** FNV-1a of the id: a message's fold does not depend on file order. */
function foldOf(id) {
  let h = 0x811c9dc5;
  for (const c of String(id)) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
  return h % folds;
}

const rows = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      let row;
      try {
        row = JSON.parse(line);
      } catch (e) {
        console.error(`${file}:${i + 1}: not JSON: ${e.message}`);
        process.exit(2);
      }
      const result = engine.classifyNeed(row.text, { alternatives: 0 });
      const predicted = result.category ? result.category.name : OTHER;
      return { ...row, file: basename(file), fold: foldOf(row.id ?? `${file}:${i}`), result, predicted, right: predicted === row.label };
    }),
);

const pct = (x) => (Number.isFinite(x) ? x.toFixed(3) : '  –  ');
const f1 = ({ tp, fp, fn }) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

/** Accuracy, macro-F1 (classes with ≥ minClass messages), coverage and per-class figures. */
function score(set, minClass = 10) {
  const stats = new Map();
  const stat = (label) => {
    if (!stats.has(label)) stats.set(label, { tp: 0, fp: 0, fn: 0, n: 0 });
    return stats.get(label);
  };
  const confusion = new Map();
  for (const r of set) {
    stat(r.label).n += 1;
    if (r.right) stat(r.label).tp += 1;
    else {
      stat(r.label).fn += 1;
      stat(r.predicted).fp += 1;
      const key = `${r.label} → ${r.predicted}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
  }
  const big = [...stats].filter(([, s]) => s.n >= minClass);
  return {
    n: set.length,
    accuracy: set.filter((r) => r.right).length / set.length,
    macroF1: big.reduce((sum, [, s]) => sum + f1(s), 0) / big.length,
    coverage: set.filter((r) => !r.result.needsHuman).length / set.length,
    stats,
    confusion,
  };
}

function report(title, set) {
  const s = score(set);
  console.log(`\n== ${title}: ${s.n} messages   rulebook ${engine.rulebookInfo().id}@${engine.rulebookInfo().version}`);
  console.log('label        n   precision  recall   F1');
  for (const [label, st] of [...s.stats].filter(([, st]) => st.n > 0).sort((a, b) => b[1].n - a[1].n)) {
    const precision = st.tp + st.fp ? st.tp / (st.tp + st.fp) : 0;
    console.log(`${label.padEnd(6, '　')} ${String(st.n).padStart(4)}   ${pct(precision)}     ${pct(st.tp / st.n)}   ${pct(f1(st))}`);
  }
  console.log('confusions (label → predicted):');
  for (const [pair, n] of [...s.confusion].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pair}: ${n}`);
  console.log(`${title}: accuracy=${pct(s.accuracy)} macro_f1(≥10)=${pct(s.macroF1)} coverage=${pct(s.coverage)}`);
  return s;
}

if (files.length > 1) for (const file of files) report(basename(file), rows.filter((r) => r.file === basename(file)));
const all = report(files.length > 1 ? 'all files' : basename(files[0]), rows);

// Cross-fold: accuracy per fold; calibration and the routing threshold, each learnt on K − 1
// folds and measured on the fold left out.
console.log(`\n== ${folds} folds (by id hash)`);
console.log('fold     n   accuracy  macro_f1  coverage');
for (let k = 0; k < folds; k++) {
  const s = score(rows.filter((r) => r.fold === k));
  console.log(`${String(k + 1).padStart(4)} ${String(s.n).padStart(5)}   ${pct(s.accuracy)}     ${pct(s.macroF1)}     ${pct(s.coverage)}`);
}

const routable = (r) => !r.result.needsHuman;
/** The lowest confidence whose routed part (confidence ≥ t) is at least `target` right. */
function chooseThreshold(set, target = 0.95) {
  const candidates = [...new Set(set.filter(routable).map((r) => r.result.confidence))].sort((a, b) => a - b);
  for (const t of candidates) {
    const routed = set.filter((r) => routable(r) && r.result.confidence >= t);
    if (routed.length && routed.filter((r) => r.right).length / routed.length >= target) return t;
  }
  return Infinity;
}

const deciles = Array.from({ length: 10 }, () => ({ n: 0, right: 0, conf: 0 }));
let routedN = 0;
let routedRight = 0;
const thresholds = [];
for (let k = 0; k < folds; k++) {
  const train = rows.filter((r) => r.fold !== k);
  const test = rows.filter((r) => r.fold === k);
  const t = chooseThreshold(train);
  thresholds.push(t);
  for (const r of test) {
    const d = deciles[Math.min(9, Math.floor(r.result.confidence * 10))];
    d.n += 1;
    d.conf += r.result.confidence;
    if (r.right) d.right += 1;
    if (routable(r) && r.result.confidence >= t) {
      routedN += 1;
      if (r.right) routedRight += 1;
    }
  }
}
console.log('\ncalibration (every message measured on the fold it was held out of):');
console.log('confidence      n   mean conf   accuracy');
deciles.forEach((d, i) => {
  if (d.n) console.log(`${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}   ${String(d.n).padStart(5)}     ${pct(d.conf / d.n)}      ${pct(d.right / d.n)}`);
});
console.log(`auto-routing threshold chosen on ${folds - 1} folds for ≥ 0.95: ${thresholds.map(pct).join(' ')}`);
console.log(`held out: routes ${pct(routedN / rows.length)} of messages, ${pct(routedRight / Math.max(1, routedN))} of them right`);
for (const file of files.length > 1 ? [...files.map((f) => basename(f)), null] : [null]) {
  const set = file ? rows.filter((r) => r.file === file) : rows;
  const routed = set.filter((r) => r.result.autoRoute);
  console.log(`rulebook's autoRouteConfidence, ${file ?? 'all files'}: routes ${pct(routed.length / set.length)} of messages, ${pct(routed.filter((r) => r.right).length / Math.max(1, routed.length))} of them right`);
}

if (holdout) {
  const k = Number(holdout) - 1;
  const set = rows.filter((r) => r.fold === k);
  report(`held-out fold ${holdout} (never tuned on)`, set);
  for (const file of files.length > 1 ? files.map((f) => basename(f)) : []) {
    const part = set.filter((r) => r.file === file);
    console.log(`  of it ${file}: ${part.length} messages, accuracy=${pct(part.filter((r) => r.right).length / part.length)}`);
  }
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0 }));
  for (const r of set) {
    const b = bins[Math.min(9, Math.floor(r.result.confidence * 10))];
    b.n += 1;
    if (r.right) b.right += 1;
  }
  console.log(`calibration on fold ${holdout}:`);
  bins.forEach((b, i) => b.n && console.log(`  ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}   ${String(b.n).padStart(4)}   ${pct(b.right / b.n)}`));
  const routed = set.filter((r) => r.result.autoRoute);
  console.log(`fold ${holdout} at the rulebook's autoRouteConfidence: routes ${pct(routed.length / set.length)} of messages, ${pct(routed.filter((r) => r.right).length / Math.max(1, routed.length))} of them right`);
}

// Urgency against labels of our own (tests/eval/URGENCY-GUIDE.md): the engine's urgency rules
// were not tuned on them, so the figure is an estimate.
if (urgencyFile) {
  const labels = new Map(readFileSync(urgencyFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((u) => [u.id, u.urgency]));
  const judged = rows.filter((r) => labels.has(r.id));
  const codes = ['ji', 'nan', 'chou', 'pan', 'none'];
  const table = new Map(codes.map((c) => [c, new Map(codes.map((d) => [d, 0]))]));
  let agree = 0;
  for (const r of judged) {
    const got = r.result.urgency?.code ?? 'none';
    table.get(labels.get(r.id)).set(got, table.get(labels.get(r.id)).get(got) + 1);
    if (got === labels.get(r.id)) agree += 1;
  }
  const bySource = (source) => judged.filter((r) => r.result.urgency?.source === source);
  const agreeOf = (set) => set.filter((r) => r.result.urgency?.code === labels.get(r.id)).length / Math.max(1, set.length);
  console.log(`\nurgency on ${judged.length} labelled messages (${basename(urgencyFile)}): agreement ${pct(agree / judged.length)}`);
  if (holdout) {
    const held = judged.filter((r) => r.fold === Number(holdout) - 1);
    console.log(`  on held-out fold ${holdout}: ${held.length} messages, agreement ${pct(agreeOf(held))}; on the other folds: ${pct(agreeOf(judged.filter((r) => r.fold !== Number(holdout) - 1)))}`);
  }
  console.log(`  from a cue: ${bySource('cue').length} messages, ${pct(agreeOf(bySource('cue')))} agree; item default: ${bySource('default').length}, ${pct(agreeOf(bySource('default')))}; none: ${judged.filter((r) => !r.result.urgency).length}`);
  console.log('  label \\ engine   ' + codes.map((c) => c.padStart(5)).join(''));
  for (const c of codes.slice(0, 4)) console.log(`  ${c.padEnd(16)}${codes.map((d) => String(table.get(c).get(d)).padStart(5)).join('')}`);
}

if (args.includes('--errors')) {
  console.log('\nmistakes:');
  for (const r of rows.filter((x) => !x.right)) {
    const ev = r.result.evidence.filter((e) => e.weight > 0).map((e) => `${e.phrase}:${e.weight}`).join(' ');
    console.log(`  [${r.file} ${r.label} → ${r.predicted}${r.result.needsHuman ? '?' : ''}] ${r.text.slice(0, 60)} | ${ev}`);
  }
}
console.log(`accuracy=${pct(all.accuracy)} macro_f1=${pct(all.macroF1)} coverage=${pct(all.coverage)}`);
