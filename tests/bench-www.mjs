#!/usr/bin/env node
// Figures of the H5 app in headless Chromium (after scripts/build.sh and the www build):
//   node tests/bench-www.mjs [--messages 20000]
// - bytes transferred (compressed, as the test server sends the build's .br copies) for the
//   resident face's first load, and whether ECharts is in it;
// - time to first paint and to wasm-ready (performance mark `shequ-ready`);
// - batch throughput of 诉求分拣 in the Worker against the same batch classified on the main
//   thread (same run, so the ratio holds on a busy machine);
// - the longest main-thread task (PerformanceObserver 'longtask') while the Worker batch runs.
// Figures, not assertions: timings on a shared machine vary.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch } from './browser/harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const messages = arg('--messages', 20000);
const work = join(repo, 'target', 'www-bench');
mkdirSync(work, { recursive: true });

const server = await serve({ '/': join(repo, 'www', 'dist') });
const browser = await launch();
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// 1. First load of the resident face, cold.
{
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sizes = new Map();
  cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { url: e.response.url, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => {
    const s = sizes.get(e.requestId);
    if (s) s.bytes = e.encodedDataLength;
  });
  const t0 = Date.now();
  await page.goto(`${server.url}/#/report`);
  await page.waitForFunction(() => performance.getEntriesByName('shequ-ready').length > 0, null, { timeout: 60000 });
  await page.waitForTimeout(500);
  const timing = await page.evaluate(() => ({
    firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime,
    firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    ready: performance.getEntriesByName('shequ-ready')[0]?.startTime,
  }));
  const list = [...sizes.values()];
  const total = list.reduce((s, x) => s + x.bytes, 0);
  const wasm = list.filter((x) => x.url.endsWith('.wasm')).reduce((s, x) => s + x.bytes, 0);
  const echarts = list.some((x) => /TriageCharts|echarts/i.test(x.url));
  console.log(`resident face, first load: ${kib(total)} transferred in ${list.length} responses (wasm ${kib(wasm)}); ECharts ${echarts ? 'IN IT' : 'not in it'} (target ≤ 250 KiB)`);
  console.log(`first paint ${timing.firstPaint?.toFixed(0)} ms, first contentful paint ${timing.firstContentfulPaint?.toFixed(0)} ms, wasm ready ${timing.ready?.toFixed(0)} ms after navigation start (wall ${Date.now() - t0} ms)`);
  for (const x of list.sort((a, b) => b.bytes - a.bytes).slice(0, 6)) console.log(`  ${String(x.bytes).padStart(8)}  ${x.url.replace(server.url, '').slice(0, 60)}`);
  await context.close();
}

// 2. A batch of real messages: Worker throughput, main-thread throughput, longest task.
{
  const rows = ['needs-dev.jsonl', 'needs-dev2.jsonl'].flatMap((f) => readFileSync(join(repo, '..', 'shared', 'eval', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const lines = ['编号,留言详情'];
  for (let i = 0; i < messages; i++) lines.push(`${i},${q(rows[i % rows.length].text)}`);
  const file = join(work, `batch-${messages}.csv`);
  writeFileSync(file, lines.join('\r\n'));

  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${server.url}/#/work/triage`);
  await page.waitForFunction(() => performance.getEntriesByName('shequ-ready').length > 0, null, { timeout: 60000 });
  await page.setInputFiles('[data-testid="triage-file"]', file);
  await page.waitForSelector('[data-testid="triage-run"]');
  await page.evaluate(() => {
    window.__longest = 0;
    window.__tasks = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__tasks += 1;
        window.__longest = Math.max(window.__longest, e.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  const t0 = Date.now();
  await page.click('[data-testid="triage-run"]');
  await page.waitForSelector('[data-testid="triage-summary"]', { timeout: 600000 });
  const wall = Date.now() - t0;
  const { longest, tasks } = await page.evaluate(() => ({ longest: window.__longest, tasks: window.__tasks }));
  // The same texts on the main thread, through the page's engine (the package's exports are
  // reached through a dynamic import of the same module the page loaded).
  const texts = rows.map((r) => r.text);
  const main = await page.evaluate(async ({ texts, n }) => {
    const url = [...performance.getEntriesByType('resource')].map((e) => e.name).find((u) => /\/assets\/browser-[^/]+\.js$/.test(u));
    const lib = await import(url);
    const engine = lib.Engine.withDefaults();
    const batch = Array.from({ length: n }, (_, i) => texts[i % texts.length]);
    const t = performance.now();
    for (let i = 0; i < n; i += 500) {
      const chunk = batch.slice(i, i + 500).map((x) => lib.redact(x).text);
      engine.classifyNeedsCompact(chunk);
    }
    return performance.now() - t;
  }, { texts, n: messages });
  console.log(`诉求分拣 of ${messages} messages: Worker ${(messages / (wall / 1000)).toFixed(0)} messages/s (${wall} ms from 开始分拣 to the summary, incl. storing the batch); main thread ${(messages / (main / 1000)).toFixed(0)} messages/s (${main.toFixed(0)} ms, classification and masking only, page frozen meanwhile)`);
  console.log(`longest main-thread task while the Worker batch ran: ${longest.toFixed(0)} ms (${tasks} tasks over 50 ms; target < 200 ms)`);
  await context.close();
}

await browser.close();
await server.close();
