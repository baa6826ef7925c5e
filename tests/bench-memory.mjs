#!/usr/bin/env node
// Peak WebAssembly memory of the engine's instance for large inputs, against its size right
// after start in the same run: a 1,000,000-text batch (compact columns and result objects),
// long texts, and masking a 1,000,000-character text. The target: ≤ 64 MB for a
// 1,000,000-text batch. Each case runs in a fresh process, because wasm memory never shrinks.
//
//   node tests/bench-memory.mjs [FILE.jsonl]
//
// A benchmark, not a test: it prints figures and never fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv.find((a) => a.endsWith('.jsonl')) ?? join(here, '..', '..', 'shared', 'eval', 'needs-dev.jsonl');
const entry = [join(here, '..', 'pkg', 'node.mjs'), join(here, '..', 'target', 'consumer', 'node_modules', 'shequ-rules', 'node.mjs')].find(existsSync);
if (!entry) {
  console.error('bench-memory: build the package first (scripts/build.sh)');
  process.exit(2);
}

if (process.env.BENCH_CASE) {
  const api = await import(pathToFileURL(entry).href);
  const messages = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
  const engine = api.Engine.withDefaults();
  engine.classifyNeed('电梯坏了');
  const start = api.wasmMemoryBytes();
  const many = (n) => Array.from({ length: n }, (_, i) => messages[i % messages.length]);
  const t = process.hrtime.bigint();
  let what;
  switch (process.env.BENCH_CASE) {
    case 'compact': what = `classifyNeedsCompact, 1,000,000 real messages`; engine.classifyNeedsCompact(many(1_000_000)); break;
    case 'objects': what = `classifyNeeds, 200,000 real messages (objects with evidence)`; engine.classifyNeeds(many(200_000)); break;
    case 'long': what = `classifyNeeds, 2,000 texts of 100,000 characters`; engine.classifyNeeds(Array.from({ length: 2000 }, (_, i) => messages[i % messages.length].repeat(100_000 / messages[i % messages.length].length | 0).slice(0, 100_000))); break;
    case 'empty': what = 'classifyNeeds, new Array(1,000,000) (every slot empty)'; engine.classifyNeeds(new Array(1_000_000)); break;
    case 'redact': what = 'redact, a 1,000,000-character text of phone numbers'; api.redact('电话13812345678，'.repeat(62_500)); break;
  }
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(JSON.stringify({ what, start: start / 1e6, peak: api.wasmMemoryBytes() / 1e6, secs }));
} else {
  console.log(`${'case'.padEnd(62)} ${'start MB'.padStart(9)} ${'peak MB'.padStart(9)} ${'time s'.padStart(8)}`);
  for (const c of ['compact', 'objects', 'long', 'empty', 'redact']) {
    const out = JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), file], { env: { ...process.env, BENCH_CASE: c } }).toString());
    console.log(`${out.what.padEnd(62)} ${out.start.toFixed(1).padStart(9)} ${out.peak.toFixed(1).padStart(9)} ${out.secs.toFixed(2).padStart(8)}`);
  }
}
