#!/usr/bin/env node
// Speed of need categorisation in Node, on real resident messages, against baselines in the
// same run: a plain JavaScript categoriser that loops over the *same* default-rulebook
// phrases with indexOf, and the same phrase scoring with modern-ahocorasick (the JS
// multi-pattern matcher most used on the registry). Prints MB/s and the ratios; the targets
// are compact batch ≥ 10× the plain loop, object batch ≥ 4×, a 20-character request ≤ 5 µs.
//
//   node tests/bench-needs.mjs [FILE.jsonl] [--texts N]
//
// A benchmark, not a test: it prints figures and never fails on a slow, shared machine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.jsonl')) ?? join(here, '..', '..', 'shared', 'eval', 'needs-dev.jsonl');
const n = Number(args[args.indexOf('--texts') + 1]) || 100_000;

const entry = [join(here, '..', 'pkg', 'node.mjs'), join(here, '..', 'target', 'consumer', 'node_modules', 'shequ-rules', 'node.mjs')].find(existsSync);
if (!entry) {
  console.error('bench-needs: build the package first (scripts/build.sh)');
  process.exit(2);
}
const { Engine, defaultRulebook, wasmMemoryBytes } = await import(pathToFileURL(entry).href);

const messages = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
const texts = Array.from({ length: n }, (_, i) => messages[i % messages.length]);
const megabytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / 1e6;
console.log(`corpus: ${texts.length} texts (${messages.length} real messages repeated), ${megabytes.toFixed(1)} MB UTF-8`);

// The plain JavaScript categoriser: the same phrases and weights, indexOf for each.
const rulebook = defaultRulebook();
const categories = rulebook.needs.categories;
const keywords = [];
categories.forEach((c, ci) => {
  for (const [p, w] of Object.entries(c.phrases ?? {})) keywords.push([p, w, ci]);
  for (const item of c.items) for (const [p, w] of Object.entries(item.phrases)) keywords.push([p, w, ci]);
});
function plainCategorise(text) {
  const scores = new Float64Array(categories.length);
  for (const [p, w, ci] of keywords) if (text.indexOf(p) !== -1) scores[ci] += w;
  let best = -1;
  for (let i = 0; i < scores.length; i++) if (scores[i] > 0 && (best < 0 || scores[i] > scores[best])) best = i;
  return best;
}

function time(fn, runs = 3) {
  let best = Infinity;
  let out;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    out = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { secs: best, out };
}

// The same phrases and weights through Aho–Corasick: every match adds its weight once per
// phrase, the top category wins.
const AhoCorasick = (await import(pathToFileURL(join(here, '..', 'node_modules', 'modern-ahocorasick', 'dist', 'index.js')).href)).default;
const automaton = new AhoCorasick(keywords.map(([p]) => p));
function ahoCategorise(text) {
  const scores = new Float64Array(categories.length);
  const seen = new Set();
  for (const m of automaton.search(text)) {
    if (seen.has(m.patternIndex)) continue;
    seen.add(m.patternIndex);
    scores[keywords[m.patternIndex][2]] += keywords[m.patternIndex][1];
  }
  let best = -1;
  for (let i = 0; i < scores.length; i++) if (scores[i] > 0 && (best < 0 || scores[i] > scores[best])) best = i;
  return best;
}

const engine = Engine.withDefaults();
engine.classifyNeedsCompact(texts.slice(0, 2000));
engine.classifyNeeds(texts.slice(0, 2000));

const compact = time(() => engine.classifyNeedsCompact(texts));
const objects = time(() => engine.classifyNeeds(texts));
// The plain loop is slow: time a tenth of the corpus and scale.
const tenth = texts.slice(0, Math.ceil(texts.length / 10));
const plainTenth = time(() => tenth.map(plainCategorise), 2);
const plain = { secs: (plainTenth.secs * texts.length) / tenth.length };
tenth.slice(0, 1000).map(ahoCategorise);
const ahoTenth = time(() => tenth.map(ahoCategorise), 2);
const aho = { secs: (ahoTenth.secs * texts.length) / tenth.length };

const short = '楼道灯坏了好几天了，晚上出门一片漆黑很危险';
const shortText = short.slice(0, 20);
const calls = 100_000;
for (let i = 0; i < 2000; i++) engine.classifyNeed(shortText);
const single = time(() => {
  for (let i = 0; i < calls; i++) engine.classifyNeed(shortText);
});
const singleLean = time(() => {
  for (let i = 0; i < calls; i++) engine.classifyNeed(shortText, { evidence: false, alternatives: 0 });
});

const row = (name, secs) =>
  console.log(
    `${name.padEnd(40)} ${(secs * 1e3).toFixed(1).padStart(9)} ms ${(megabytes / secs).toFixed(1).padStart(8)} MB/s ${((secs * 1e6) / texts.length).toFixed(2).padStart(8)} µs/text ${(plain.secs / secs).toFixed(1).padStart(7)}× plain JS`,
  );
row('classifyNeedsCompact (typed arrays)', compact.secs);
row('classifyNeeds (objects with evidence)', objects.secs);
row(`plain JS: ${keywords.length} phrases × indexOf`, plain.secs);
row('modern-ahocorasick, same phrases', aho.secs);
console.log(`classifyNeed, ${shortText.length}-character request: ${((single.secs * 1e6) / calls).toFixed(2)} µs/call (with evidence and alternatives), ${((singleLean.secs * 1e6) / calls).toFixed(2)} µs/call (evidence off)`);
const agree = compact.out.category.reduce((k, c, i) => k + (i < tenth.length && (c === 255 ? -1 : c === categories.length ? -1 : c) === plainTenth.out[i] ? 1 : 0), 0);
console.log(`against modern-ahocorasick: compact ${(aho.secs / compact.secs).toFixed(1)}×, objects ${(aho.secs / objects.secs).toFixed(1)}×`);
console.log(`ratios: compact ${(plain.secs / compact.secs).toFixed(1)}× (target ≥ 10×), objects ${(plain.secs / objects.secs).toFixed(1)}× (target ≥ 4×); the plain loop agrees with the engine on ${((100 * agree) / tenth.length).toFixed(0)} % of texts`);
console.log(`peak wasm memory: ${(wasmMemoryBytes() / 1e6).toFixed(1)} MB (it never shrinks; tests/bench-memory.mjs measures each case apart)`);
