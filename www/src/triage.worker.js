// 诉求分拣 off the main thread: reads the imported file (CSV or XLSX), classifies every row with
// the package's compact batch path in chunks, masks personal data, stores the batch in
// IndexedDB and writes exports — so 100,000 messages never freeze the page. The page sends
// { type: 'read' | 'run' | 'cancel' | 'export' }; chunks come back as { type: 'chunk' }.
import Papa from 'papaparse';
import { putBatch, getBatchRows, db } from './store.js';
import { readTable } from './table.js';

const CHUNK = 500;
let lib;
let table = null; // { name, header: string[], rows: string[][] }
let cancelled = false;

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);
const pause = () => new Promise((ok) => setTimeout(ok, 0));

async function engineFor(rulebook) {
  lib ??= await import('shequ-rules');
  return rulebook ? new lib.Engine(rulebook) : lib.Engine.withDefaults();
}

/** The XLSX reader this Worker can run. */
const sheetReader = () => import('read-excel-file/web-worker');

/** The column most likely to hold the message text: the longest cells on average. */
function guessTextColumn(header, rows) {
  const named = header.findIndex((h) => /留言详情|留言内容|诉求内容|内容|详情|text/i.test(h));
  if (named >= 0) return named;
  let best = 0;
  let bestLen = -1;
  header.forEach((_, i) => {
    const sample = rows.slice(0, 200);
    const len = sample.reduce((s, r) => s + String(r[i] ?? '').length, 0) / Math.max(1, sample.length);
    if (len > bestLen) [best, bestLen] = [i, len];
  });
  return best;
}

async function run({ textColumn, subjectColumn, rulebook, batchId }) {
  const engine = await engineFor(rulebook);
  const { rows, header, name } = table;
  const n = rows.length;
  const category = new Uint8Array(n);
  const item = new Uint16Array(n);
  const urgency = new Uint8Array(n);
  const confidence = new Float32Array(n);
  const needsHuman = new Uint8Array(n);
  const texts = new Array(n);
  let labels = null;
  const errors = [];
  const started = performance.now();
  for (let from = 0; from < n; from += CHUNK) {
    if (cancelled) {
      post({ type: 'cancelled', done: from, total: n });
      return;
    }
    const to = Math.min(n, from + CHUNK);
    const chunk = [];
    for (let i = from; i < to; i++) {
      const body = String(rows[i][textColumn] ?? '');
      const subject = subjectColumn >= 0 ? String(rows[i][subjectColumn] ?? '').trim() : '';
      const joined = subject && !body.startsWith(subject) ? `${subject}。${body}` : body;
      const red = lib.redact(joined.length > 200000 ? joined.slice(0, 200000) : joined);
      texts[i] = red.text;
      chunk.push(red.text);
    }
    const r = engine.classifyNeedsCompact(chunk);
    labels ??= { categories: r.categories, items: r.items, urgencies: r.urgencies, rulebook: r.rulebook };
    category.set(r.category, from);
    item.set(r.item, from);
    urgency.set(r.urgency, from);
    confidence.set(r.confidence, from);
    needsHuman.set(r.needsHuman, from);
    for (const e of r.errors) errors.push({ ...e, index: e.index + from, path: `/${e.index + from}` });
    post({
      type: 'chunk', from, done: to, total: n, texts: texts.slice(from, to),
      category: r.category, item: r.item, urgency: r.urgency, confidence: r.confidence, needsHuman: r.needsHuman,
      labels: from === 0 ? labels : undefined,
    });
    await pause(); // lets a cancel in
  }
  const ms = performance.now() - started;
  const batch = {
    id: batchId, name, createdAt: new Date().toISOString(), count: n, header,
    textColumn, subjectColumn, rulebook: labels?.rulebook ?? null, labels, errors: errors.slice(0, 1000), ms,
  };
  await putBatch(batch, { texts, category, item, urgency, confidence, needsHuman });
  post({ type: 'done', total: n, ms, errors: errors.length, batch });
}

/** The labelled table as CSV or XLSX, masked texts (the masking happened on import). */
async function exportBatch({ batchId, format, indices }) {
  const [rows, batch] = await Promise.all([getBatchRows(batchId), (await db()).get('batches', batchId)]);
  if (!rows || !batch) throw new Error('找不到这一批数据');
  const L = batch.labels;
  const header = ['序号', '留言', '类别', '条目', '紧急程度', '置信度', '需人工'];
  const list = indices ?? [...rows.texts.keys()];
  const body = list.map((i) => [
    i + 1, rows.texts[i],
    rows.needsHuman[i] ? '' : L.categories[rows.category[i]]?.name ?? '',
    rows.item[i] === 65535 ? '' : L.items[rows.item[i]]?.name ?? '',
    rows.urgency[i] === 255 ? '' : L.urgencies[rows.urgency[i]]?.name ?? '',
    Math.round(rows.confidence[i] * 1000) / 1000,
    rows.needsHuman[i] ? '是' : '否',
  ]);
  if (format === 'csv') {
    const csv = '\ufeff' + Papa.unparse([header, ...body]);
    return new Blob([csv], { type: 'text/csv;charset=utf-8' });
  }
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const sheet = [header.map((value) => ({ value, fontWeight: 'bold' })), ...body.map((r) => r.map((value) => ({ value })))];
  return writeXlsxFile(sheet).toBlob();
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    if (msg.type === 'cancel') {
      cancelled = true;
    } else if (msg.type === 'read') {
      table = await readTable(msg.file, sheetReader);
      post({ type: 'table', name: table.name, header: table.header, count: table.rows.length, preview: table.rows.slice(0, 3), guess: guessTextColumn(table.header, table.rows) });
    } else if (msg.type === 'run') {
      cancelled = false;
      if (!table) throw new Error('请先选择文件');
      await run(msg);
    } else if (msg.type === 'export') {
      const blob = await exportBatch(msg);
      post({ type: 'exported', blob, format: msg.format });
    } else if (msg.type === 'ping') {
      post({ type: 'pong', id: msg.id });
    }
  } catch (e) {
    post({ type: 'error', message: e && e.message ? e.message : String(e), code: e?.code });
  }
};
