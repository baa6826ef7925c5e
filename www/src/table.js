// An imported table (CSV through papaparse, or the first sheet of an XLSX) as text cells with
// its header apart: what 诉求分拣 (in its Worker) and 满意度统计 (on the page) import. The
// caller passes how to load the XLSX reader (`read-excel-file/web-worker` or `/browser`), so
// each context bundles the build it can run.
import Papa from 'papaparse';

/** Reads `file` into { name, header, rows } of text cells; an empty header cell is named 第 n 列. */
export async function readTable(file, loadSheetReader) {
  const name = file.name ?? '导入文件';
  const named = (header) => header.map((h, i) => h || `第 ${i + 1} 列`);
  if (/\.xlsx$/i.test(name)) {
    const { readSheet } = await loadSheetReader();
    const data = await readSheet(file);
    const cells = data.map((row) => row.map((c) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c))));
    return { name, header: named(cells[0] ?? []), rows: cells.slice(1) };
  }
  if (/\.(csv|txt)$/i.test(name) || file.type === 'text/csv') {
    let text = await file.text();
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const parsed = Papa.parse(text, { skipEmptyLines: 'greedy' });
    if (parsed.errors.length && parsed.data.length === 0) throw new Error(`CSV 无法读取：${parsed.errors[0].message}`);
    const [header = [], ...rows] = parsed.data;
    return { name, header: named(header), rows };
  }
  throw new Error('只能导入 CSV 或 XLSX 文件');
}
