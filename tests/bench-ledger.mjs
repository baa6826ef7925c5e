#!/usr/bin/env node
// Speed and memory of the points ledger in Node, end to end (the events cross into wasm
// packed, a chunk at a time, see pkg-template/points.js): `engine.ledger(events)` on
// 1,000,000 events — 10,000 households over the 12 months of 2026, the recipe of
// benches/ledger.rs — beside a plain JS loop that only sums each event's catalogue points per
// household (the floor any implementation pays), in the same run. Memory: the growth of the
// wasm instance's memory during the replay, against the events' JSON size (target ≤ 2×).
// The replay runs in a fresh process so that the memory figure is its own.
//
//   node tests/bench-ledger.mjs [EVENTS]
//
// A benchmark, not a test: it prints figures and never fails.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = [join(here, '..', 'pkg', 'node.mjs'), join(here, '..', 'target', 'consumer', 'node_modules', 'shequ-rules', 'node.mjs')].find(existsSync);
if (!entry) {
  console.error('bench-ledger: build the package first (scripts/build.sh)');
  process.exit(2);
}
const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);

/** The events of the benchmark (the same recipe as benches/ledger.rs). */
function events(n) {
  const households = Math.max(1, Math.min(10_000, Math.floor(n / 10)));
  const out = [];
  for (let h = 0; h < households; h++) {
    out.push({ key: `o${h}`, type: 'openAccount', at: '2026-01-01T08:00:00+08:00', household: `H${h}`, member: `H${h}-1`, gender: 'female', members: [{ member: `H${h}-2`, role: 'member' }] });
  }
  for (let i = 0; out.length < n; i++) {
    const h = i % households;
    const k = Math.floor(i / households);
    const month = String((k % 12) + 1).padStart(2, '0');
    const day = String((Math.floor(k / 12) % 28) + 1).padStart(2, '0');
    const at = `2026-${month}-${day}T09:00:00+08:00`;
    const key = `e${i}`;
    const household = `H${h}`;
    const member = `H${h}-${1 + (i % 2)}`;
    switch (k % 5) {
      case 0: out.push({ key, type: 'earn', at, household, member, rule: 'volunteerService', evidence: '照片', actor: '志愿者队长' }); break;
      case 1: out.push({ key, type: 'earn', at, household, member, rule: 'meetingAttendance', actor: '社区工作者张' }); break;
      case 2: out.push({ key, type: 'earn', at, household, member, rule: 'garbageSorting', actor: '网格员王' }); break;
      case 3: out.push({ key, type: 'deduct', at, household, member, rule: 'corridorClutter', evidence: '照片', actor: '网格员王', actorRole: 'gridWorker' }); break;
      default:
        // Household 0's turn restocks the 爱心超市 for the round; every other household redeems.
        if (h === 0) out.push({ key, type: 'restock', at, item: 'haircut', qty: households, actor: '社区工作者张', actorRole: 'worker' });
        else out.push({ key, type: 'redeem', at, household, item: 'haircut', qty: 1, actor: '社区工作者张', actorRole: 'worker' });
    }
  }
  return out;
}

if (process.env.BENCH_LEDGER) {
  const api = await import(pathToFileURL(entry).href);
  const engine = api.Engine.withDefaults();
  const evs = events(n);
  const points = new Map(api.defaultRulebook().points.rules.map((r) => [r.code, r.points]));
  const jsonBytes = Buffer.byteLength(JSON.stringify(evs));
  engine.ledger(evs.slice(0, 1000));
  const start = api.wasmMemoryBytes();
  const best = (f) => {
    let t = Infinity;
    let out;
    for (let r = 0; r < 3; r++) {
      const s = process.hrtime.bigint();
      out = f();
      t = Math.min(t, Number(process.hrtime.bigint() - s) / 1e9);
    }
    return [t, out];
  };
  const [plain] = best(() => {
    const sums = new Map();
    for (const e of evs) if (e.rule !== undefined) sums.set(e.household, (sums.get(e.household) ?? 0) + (points.get(e.rule) ?? 0));
    return sums.size;
  });
  const [secs, ledger] = best(() => engine.ledger(evs));
  console.log(JSON.stringify({ n: evs.length, jsonBytes, plain, secs, accepted: ledger.accepted, rejected: ledger.rejected.length, start, peak: api.wasmMemoryBytes() }));
} else {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), String(n)], { env: { ...process.env, BENCH_LEDGER: '1' }, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  const rate = (s) => (r.n / s / 1e6).toFixed(2);
  console.log(`events: ${r.n} (10,000 households, 12 months), JSON ${(r.jsonBytes / 1e6).toFixed(1)} MB; ${r.accepted} accepted, ${r.rejected} rejected`);
  console.log(`plain JS loop (sum points per household)  ${(r.plain * 1e3).toFixed(0).padStart(6)} ms  ${rate(r.plain)} M events/s`);
  console.log(`engine.ledger(events), end to end         ${(r.secs * 1e3).toFixed(0).padStart(6)} ms  ${rate(r.secs)} M events/s  (${(r.plain / r.secs).toFixed(2)}× the plain loop's speed)`);
  const grown = r.peak - r.start;
  console.log(`wasm memory: ${(r.start / 1e6).toFixed(1)} MB before, ${(r.peak / 1e6).toFixed(1)} MB after; grown ${(grown / 1e6).toFixed(1)} MB = ${(grown / r.jsonBytes).toFixed(2)}× the events' JSON (target ≤ 2×)`);
}
