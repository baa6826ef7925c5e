// Drives the built H5 app (www/dist: Vue 3 + Vant 4, bundled by Vite from the package) in
// headless Chromium at a phone's size, as a resident and as a community worker would use it:
// reports and submits a need, reloads, triages a real file of resident messages in the Worker,
// switches rulebooks, backs up. Screenshots of every page land in tests/out/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, launch, watchErrors } from './harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(repo, 'tests', 'out');
const work = join(repo, 'target', 'www-test');
mkdirSync(out, { recursive: true });
mkdirSync(work, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(out, `www-${name}.png`), fullPage: true });

let server, browser, context, page, errors;
before(async () => {
  server = await serve({ '/': join(repo, 'www', 'dist') });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, acceptDownloads: true });
  page = await context.newPage();
  errors = watchErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="need-text"] textarea');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const text = async (sel) => (await page.textContent(sel)).replace(/\s+/g, ' ').trim();
const go = async (hash) => {
  await page.goto(`${server.url}/#${hash}`);
  await page.waitForLoadState('domcontentloaded');
};
async function report(value) {
  await page.fill('[data-testid="need-text"] textarea', value);
}
const ready = () => page.waitForFunction(() => !document.querySelector('[data-testid=submit]')?.disabled || document.querySelector('[data-testid=need-text] textarea')?.value === '');

/** Messages of ../shared/eval as a CSV a 12345 export would be (id, subject-less text, label). */
function evalCsv(name, times = 1) {
  const rows = readFileSync(join(repo, '..', 'shared', 'eval', 'needs-dev2.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const q = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const lines = ['编号,留言详情,人工标注'];
  for (let k = 0; k < times; k++) for (const r of rows) lines.push([`${r.id}-${k}`, r.text, r.label].map(q).join(','));
  const file = join(work, name);
  writeFileSync(file, lines.join('\r\n'));
  return { file, count: rows.length * times };
}

test('H5: the resident page answers before the wasm and shows a skeleton, not a blank page', async () => {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
  const p = await ctx.newPage();
  let release;
  const gate = new Promise((ok) => (release = ok));
  await p.route('**/*.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  await p.goto(`${server.url}/#/report`);
  await p.waitForSelector('[data-testid="need-text"] textarea');
  await p.fill('[data-testid="need-text"] textarea', '电梯坏了');
  assert.equal(await p.isDisabled('[data-testid="submit"]'), true, '提交 waits for the rules');
  await p.click('text=我的诉求'); // the tab bar answers while the wasm is held back
  await p.waitForURL(/#\/mine/);
  release();
  await ctx.close();
});

test('H5: a wasm that fails to load says so and offers 重试', async () => {
  // Its own context: requests a service worker answers are not routed.
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
  const p = await ctx.newPage();
  await p.route('**/*.wasm', (route) => route.abort());
  await p.goto(`${server.url}/#/report`);
  await p.waitForSelector('[data-testid="load-failed"]');
  assert.match(await p.textContent('[data-testid="load-failed"]'), /没有加载成功[\s\S]*重试/);
  await p.screenshot({ path: join(out, 'www-load-failed.png') });
  await p.click('text=工作台');
  await p.waitForURL(/#\/work/);
  await ctx.close();
});

test('H5: 诉求上报 speaks to the resident: item in resident words, who takes it, urgency in words', async () => {
  await report('楼上卫生间漏水，天花板一直滴水，我的电话13812345678');
  await page.waitForSelector('[data-testid="need-result"]');
  assert.equal(await text('[data-testid="need-category"]'), '邻里关系');
  assert.equal(await text('[data-testid="need-item"]'), '· 邻里纠纷（漏水、噪音、占用等）');
  assert.equal(await text('[data-testid="need-handler"]'), '社区人民调解委员会');
  assert.equal(await text('[data-testid="urgency"]'), '较难，需要多方协调');
  assert.match(await text('[data-testid="masked-note"]'), /已自动打码 1 处/);
  const body = await text('body');
  assert.doesNotMatch(body, /建立矛盾纠纷调解机制|置信度|得分|\/needs\/|[0-9a-f]{12}/, 'policy wording, scores, rule paths and the hash stay on the worker face');
  await shot(page, 'report');
});

test('H5: the result is announced once, not on every keystroke', async () => {
  await report('');
  await page.type('[data-testid="need-text"] textarea', '小区门口的路灯不亮了', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('[data-testid=live]').textContent.includes('路灯'));
  assert.match(await text('[data-testid="live"]'), /问题类型基础设施，路灯、楼道灯不亮，将转交物业服务企业/);
});

test('H5: no verdict flashes while a pinyin IME is composing', async () => {
  await report('');
  const ta = '[data-testid="need-text"] textarea';
  await page.dispatchEvent(ta, 'compositionstart');
  await page.$eval(ta, (el) => {
    el.value = 'dian ti';
    el.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true }));
  });
  await page.waitForTimeout(400);
  assert.equal(await page.$('[data-testid="need-result"]'), null, 'nothing shown while composing');
  await page.$eval(ta, (el) => {
    el.value = '电梯坏了';
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '电梯坏了' }));
    el.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  await page.waitForSelector('[data-testid="need-result"]');
  assert.equal(await text('[data-testid="need-item"]'), '· 电梯故障与安全');
});

test('H5: an emergency comes first, with tap-to-call numbers', async () => {
  await report('楼道里有很大的煤气味，邻居家好像没人');
  await page.waitForSelector('[data-testid="emergency"]');
  assert.match(await text('[data-testid="emergency"]'), /紧急情况：燃气泄漏/);
  assert.equal(await page.getAttribute('[data-testid="emergency"] a.call', 'href'), 'tel:119');
  const order = await page.$eval('[data-testid="need-result"]', (el) => el.firstElementChild.dataset.testid);
  assert.equal(order, 'emergency');
  await shot(page, 'report-emergency');
  await report('上次着火的地方现在又堆满了杂物');
  await page.waitForFunction(() => !document.querySelector('[data-testid=emergency]'));
  assert.equal(await text('[data-testid="need-category"]'), '环境卫生');
});

test('H5: 提交 reports: a toast with the 诉求编号, then 我的诉求 lists it, and reload keeps it', async () => {
  await report('小区垃圾站三天没人清运，臭味很大');
  await ready();
  await page.click('[data-testid="submit"]');
  await page.waitForSelector('.van-toast');
  assert.match(await text('.van-toast'), /已提交 诉求编号 SQ\d{8}-\d{4}/);
  const id = await text('[data-testid="request-id"]');
  assert.match(id, /^SQ\d{8}-\d{4}$/);
  assert.equal(await page.inputValue('[data-testid="need-text"] textarea'), '', 'the form is cleared');
  await shot(page, 'report-submitted');
  await go('/mine');
  await page.reload();
  await page.waitForSelector('[data-testid="my-request"]');
  const list = await text('[data-testid="my-requests"]');
  assert.match(list, new RegExp(`${id}\\s*已提交\\s*小区垃圾站三天没人清运`));
  await page.click('[data-testid="my-request"] .van-collapse-item__title');
  await page.waitForSelector('text=将转交：网格员（现场查看）');
  await shot(page, 'mine');
});

test('H5: a draft survives a reload', async () => {
  await go('/report');
  await report('草稿：单元门禁坏了');
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector('[data-testid="need-text"] textarea');
  await page.waitForFunction(() => document.querySelector('[data-testid=need-text] textarea').value === '草稿：单元门禁坏了');
  await report('');
  await page.waitForTimeout(500);
});

test('H5: the worker face shows what decided a submitted request', async () => {
  await go('/work/received');
  await page.waitForSelector('[data-testid="received"]');
  await page.click('[data-testid="received"] .van-collapse-item__title');
  const body = await text('[data-testid="received"]');
  assert.match(body, /置信度 0\.\d+/);
  assert.match(body, /\/needs\/categories\/\d+\/items\/\d+\/phrases\//);
  assert.match(body, /shequ-default@[\d.]+ · [0-9a-f]{12}/);
  await shot(page, 'received');
});

test('H5: 人员配置 reads 3,650 and full-width digits; errors sit under their field, named by its label', async () => {
  await go('/work/profile/staffing');
  await page.waitForSelector('[data-testid="staffing-form"]');
  await page.fill('[data-testid="field-households"] input', '3,650');
  await page.fill('[data-testid="field-residents"] input', '１１５００');
  await page.fill('[data-testid="field-committeeMembers"] input', '7');
  await page.click('[data-testid="staffing-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="workers"]');
  assert.equal(await text('[data-testid="workers"]'), '20');
  assert.match(await text('[data-testid="staffing-result"]'), /按户数增配：⌊max\(3650 − 3000, 0\) ÷ 300⌋ × 1 = 2/);
  assert.match(await text('[data-testid="staffing-result"]'), /两委 7 人，在 5–9 人范围内/);
  await shot(page, 'staffing');

  await page.fill('[data-testid="field-households"] input', '-3');
  await page.click('[data-testid="staffing-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="field-households"] .van-field__error-message');
  assert.equal(await text('[data-testid="field-households"] .van-field__error-message'), '户数不能为负数');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid]')?.dataset.testid), 'field-households', 'focus on the bad field');
  await shot(page, 'staffing-error');
  await page.fill('[data-testid="field-households"] input', '三千');
  await page.click('[data-testid="staffing-form"] button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=field-households] .van-field__error-message')?.textContent === '户数请填写数字');
  await page.fill('[data-testid="field-households"] input', '100000000000000000000');
  await page.click('[data-testid="staffing-form"] button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=field-households] .van-field__error-message')?.textContent === '户数数值过大');
  await page.fill('[data-testid="field-households"] input', '');
  await page.click('[data-testid="staffing-form"] button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=field-households] .van-field__error-message')?.textContent === '请填写户数');
  await page.type('[data-testid="field-households"] input', '3');
  assert.equal(await page.$('[data-testid="field-households"] .van-field__error-message'), null, 'cleared as the user edits');

  await page.fill('[data-testid="field-urbanResidents"] input', '123,456');
  await page.fill('[data-testid="field-workers"] input', '200');
  await page.click('[data-testid="district-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="district-result"]');
  assert.match(await text('[data-testid="district-result"]'), /应配不少于 223 名 缺口 23 名/);
});

test('H5: 社区分类 and 例会日历 (folded by month)', async () => {
  await go('/work/profile/class');
  await page.waitForSelector('[data-testid="class-form"]');
  for (const [k, v] of Object.entries({ compound: '95', venues: '95', team: '95', safetyLaw: '95', civility: '80', service: '65' })) {
    await page.fill(`[data-testid="field-${k}"] input`, v);
  }
  await page.click('[data-testid="class-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="class"]');
  assert.equal(await text('[data-testid="class"]'), '创优类');
  assert.match(await text('[data-testid="class-result"]'), /未评为示范类：最低分 65（服务水平建设）< 70/);
  await shot(page, 'class');
  await page.fill('[data-testid="field-service"] input', '120');
  await page.click('[data-testid="class-form"] button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=field-service] .van-field__error-message')?.textContent === '服务水平建设应在 0–100 之间');

  await go('/work/profile/meetings');
  await page.waitForSelector('[data-testid="meetings-form"]');
  await page.fill('[data-testid="field-from"] input', '2026-01-01');
  await page.fill('[data-testid="field-to"] input', '2030-12-31');
  await page.click('[data-testid="meetings-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="meeting-count"]');
  const count = Number(await text('[data-testid="meeting-count"]'));
  assert.ok(count > 250, `five years of meetings: ${count}`);
  const visible = await page.$$eval('[data-testid="meetings-result"] .meetings li', (li) => li.filter((x) => x.offsetParent !== null).length);
  assert.ok(visible <= 6, `folded: ${visible} meetings shown of ${count}`);
  await shot(page, 'meetings');
  await page.fill('[data-testid="field-from"] input', '2026-03-01');
  await page.fill('[data-testid="field-to"] input', '2026-02-01');
  await page.click('[data-testid="meetings-form"] button[type="submit"]');
  await page.waitForFunction(() => /早于开始日期/.test(document.querySelector('[data-testid=field-to] .van-field__error-message')?.textContent ?? ''));
});

let exported;
test('H5: 诉求分拣 of a real file in the Worker: progress to 100 %, charts, export, re-import with the same labels', async () => {
  const { file, count } = evalCsv('dev2.csv');
  await go('/work/triage');
  await page.setInputFiles('[data-testid="triage-file"]', file);
  await page.waitForSelector('[data-testid="columns"]');
  assert.match(await text('[data-testid="columns"]'), new RegExp(`dev2.csv：${count} 条`));
  await shot(page, 'triage-columns');
  await page.click('[data-testid="triage-run"]');
  await page.waitForSelector('[data-testid="triage-summary"]', { timeout: 60000 });
  assert.match(await text('[data-testid="triage-summary"]'), new RegExp(`共 ${count} 条`));
  await page.waitForSelector('[data-testid="chart-categories"] canvas');
  assert.match(await page.getAttribute('[data-testid="chart-categories"]', 'aria-label'), /环境卫生 \d+ 条/);
  await page.waitForTimeout(800);
  await shot(page, 'triage-done');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
  exported = join(work, 'dev2-labelled.csv');
  await download.saveAs(exported);
  const csv = readFileSync(exported, 'utf8');
  assert.doesNotMatch(csv, /1[3-9]\d{9}/, 'no mobile number unmasked in the export');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines[0].replace('\ufeff', ''), '序号,留言,类别,条目,紧急程度,置信度,需人工');

  // Re-import the export (its 留言 column) and export again: the same labels.
  await page.setInputFiles('[data-testid="triage-file"]', exported);
  await page.waitForSelector('[data-testid="columns"]');
  await page.click('[data-testid="columns"] .van-cell:has-text("留言")');
  await page.click('[data-testid="triage-run"]');
  await page.waitForFunction(() => /dev2-labelled\.csv：共/.test(document.querySelector('[data-testid=triage-summary]')?.textContent ?? ''), null, { timeout: 60000 });
  const [again] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
  const second = join(work, 'dev2-relabelled.csv');
  await again.saveAs(second);
  const cols = (f) => readFileSync(f, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',').slice(-5, -2).join(','));
  assert.deepEqual(cols(second), cols(exported));
});

test('H5: 诉求分拣 filters the list and exports XLSX that reads back', async () => {
  await page.$eval('.filters', (el) => el.scrollIntoView({ block: 'start' }));
  await page.click('.van-dropdown-menu__item >> nth=0');
  await page.click('.van-dropdown-item__option:visible:has-text("需人工")');
  await page.waitForFunction(() => /符合条件 \d+ 条/.test(document.querySelector('[data-testid=match-count]').textContent));
  const n = Number((await text('[data-testid="match-count"]')).match(/\d+/)[0]);
  assert.equal(await page.$$eval('[data-testid="triage-row"]', (r) => r.length), Math.min(n, 50));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-xlsx"]')]);
  const file = join(work, 'filtered.xlsx');
  await download.saveAs(file);
  const { readSheet } = await import(join(repo, 'www', 'node_modules', 'read-excel-file', 'node', 'index.js'));
  const sheet = await readSheet(file);
  assert.equal(sheet.length, n + 1);
  assert.ok(sheet.slice(1).every((r) => r[6] === '是'));
});

test('H5: 诉求分拣 filters by category and item; the batch names its rulebook', async () => {
  await page.$eval('.filters', (el) => el.scrollIntoView({ block: 'start' }));
  await page.click('.van-dropdown-menu__item >> nth=0');
  await page.click('.van-dropdown-item__option:visible:has-text("环境卫生")');
  await page.waitForSelector('.van-dropdown-menu__item >> nth=3');
  await page.waitForTimeout(500); // the category popup closes
  await page.$eval('.filters', (el) => el.scrollIntoView({ block: 'start' }));
  await page.click('.van-dropdown-menu__item >> nth=1');
  await page.waitForTimeout(500);
  const option = page.locator('.van-dropdown-item__option:visible').nth(1);
  const item = (await option.textContent()).trim();
  await option.click();
  await page.waitForTimeout(500);
  const labels = await page.$$eval('[data-testid="triage-row"] .row-label', (r) => r.map((x) => x.textContent));
  assert.ok(labels.length > 0 && labels.every((l) => l === `环境卫生 · ${item}`), labels.slice(0, 3).join(' | '));
  assert.match(await text('[data-testid="batch-stamp"]'), /规则库 shequ-default@[\d.]+ · [0-9a-f]{12}/);
});

test('H5: an XLSX import, and 取消 during a long batch is answered', async () => {
  const { default: writeXlsxFile } = await import(join(repo, 'www', 'node_modules', 'write-excel-file', 'node', 'index.js'));
  const xlsx = join(work, 'hotline.xlsx');
  await writeXlsxFile([[{ value: '标题' }, { value: '内容' }], [{ value: '电梯故障' }, { value: '3 号楼电梯又坏了，老人上不了楼' }], [{ value: '噪音' }, { value: '楼上每天半夜跺脚，吵得睡不着' }]]).toFile(xlsx);
  await page.setInputFiles('[data-testid="triage-file"]', xlsx);
  await page.waitForSelector('[data-testid="columns"]');
  assert.match(await text('[data-testid="columns"]'), /hotline\.xlsx：2 条/);
  await page.click('[data-testid="triage-run"]');
  await page.waitForFunction(() => /hotline\.xlsx：共 2 条/.test(document.querySelector('[data-testid=triage-summary]')?.textContent ?? ''));

  const { file } = evalCsv('long.csv', 60);
  await page.setInputFiles('[data-testid="triage-file"]', file);
  await page.waitForSelector('[data-testid="triage-run"]');
  await page.click('[data-testid="triage-run"]');
  await page.waitForSelector('[data-testid="triage-cancel"]');
  await page.waitForFunction(() => /正在分拣 [1-9]\d* \//.test(document.querySelector('[data-testid=triage-progress]')?.textContent ?? ''));
  await shot(page, 'triage-running');
  await page.click('[data-testid="triage-cancel"]');
  await page.waitForSelector('.van-toast:has-text("已取消")', { timeout: 10000 });
  assert.equal(await page.$('[data-testid="triage-progress"]'), null);
});

test('H5: saved batches survive a reload', async () => {
  await page.reload();
  await page.waitForSelector('[data-testid="saved-batch"]');
  const names = await page.$$eval('[data-testid="saved-batch"]', (c) => c.map((x) => x.textContent));
  assert.ok(names.some((x) => x.includes('dev2.csv')), names.join(' | '));
});

test('H5: 规则库: a bad rulebook shows every problem with its path and value; a good one switches the app', async () => {
  await go('/work/rulebook');
  await page.waitForSelector('[data-testid="current-rulebook"]');
  const rb = JSON.parse(readFileSync(join(repo, 'src', 'rulebook', 'default.json'), 'utf8'));
  const bad = structuredClone(rb);
  bad.needs.decision.minScore = -1;
  delete bad.name;
  bad.extra = true;
  writeFileSync(join(work, 'bad-rulebook.json'), JSON.stringify(bad));
  await page.setInputFiles('[data-testid="rulebook-file"]', join(work, 'bad-rulebook.json'));
  await page.waitForSelector('[data-testid="rulebook-problems"]');
  const problems = await page.$$eval('[data-testid="rulebook-problem"]', (c) => c.map((x) => x.textContent.replace(/\s+/g, ' ')));
  assert.ok(problems.some((p) => /\/needs\/decision\/minScore = -1.*NEGATIVE/.test(p)), problems.join(' | '));
  assert.ok(problems.some((p) => /\/name = （缺少）/.test(p)), problems.join(' | '));
  assert.ok(problems.some((p) => /\/extra = true/.test(p)), problems.join(' | '));
  await shot(page, 'rulebook-problems');

  writeFileSync(join(work, 'syntax.json'), '{"id": ');
  await page.setInputFiles('[data-testid="rulebook-file"]', join(work, 'syntax.json'));
  await page.waitForSelector('[data-testid="rulebook-syntax"]');

  const good = structuredClone(rb);
  good.id = 'xiangyang-community';
  good.version = '2026.12.1';
  good.name = '向阳社区规则库';
  good.needs.categories.find((c) => c.code === 'infrastructure').items.find((i) => i.code === 'elevator').phrases['直梯'] = 4;
  writeFileSync(join(work, 'good-rulebook.json'), JSON.stringify(good));
  await page.setInputFiles('[data-testid="rulebook-file"]', join(work, 'good-rulebook.json'));
  await page.click('[data-testid="use-rulebook"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=stamp]')?.textContent.includes('xiangyang-community@2026.12.1'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid=stamp]')?.textContent.includes('xiangyang-community@2026.12.1'));
  await go('/report');
  await report('直梯罢工了');
  await page.waitForSelector('[data-testid="need-item"]');
  assert.equal(await text('[data-testid="need-item"]'), '· 电梯故障与安全', 'the whole app uses the community rulebook');
  await go('/work/rulebook');
  await page.click('[data-testid="use-default"]');
  await page.click('.van-dialog__confirm');
  await page.waitForFunction(() => document.querySelector('[data-testid=stamp]')?.textContent.includes('shequ-default@'));
});

/** Fills the 积分记账 form's fields (data-testid f-*: input or textarea) and waits for the verdict. */
async function pointsForm(fields) {
  for (const [k, v] of Object.entries(fields)) await page.fill(`[data-testid="f-${k}"] input, [data-testid="f-${k}"] textarea`, v);
}
const verdict = () => text('[data-testid="points-verdict"]');
const waitVerdict = (re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid=points-verdict]')?.textContent ?? ''), re.source);
async function saveAndWait(after) {
  await page.click('[data-testid="points-save"]');
  await waitVerdict(after);
}

// Pages that count "this month" and "now" run in contexts of their own, the clock fixed at a
// moment of the rulebook's year, so the figures hold whenever the tests run. `clocks[name]`
// is the context; `body` runs with `page` set to its page.
const clocks = {};
async function onClock(name, moment, body) {
  if (!clocks[name]) {
    const c = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, acceptDownloads: true });
    await c.clock.setFixedTime(new Date(moment));
    const p = await c.newPage();
    c.errors = watchErrors(p);
    c.page = p;
    clocks[name] = c;
  }
  const main = page;
  page = clocks[name].page;
  try {
    await body();
  } finally {
    page = main;
  }
}
// 积分: 2026-12-02 10:00 China time.
const onPointsClock = (body) => onClock('points', '2026-12-02T10:00:00+08:00', body);

test('H5: 积分记账: every event checked before it is saved; 爱心超市 with stock; 一月一评比 and 结月; a sealed chain', () => onPointsClock(async () => {
  await go('/work/points');
  await page.waitForSelector('[data-testid="type-openAccount"]');
  // 开户 in November, then the worker's role.
  await page.click('[data-testid="type-openAccount"]');
  await pointsForm({ household: '3-2-501', member: '王秀英', members: '李建国,成员\n李小明,儿童', at: '2026-11-02T09:00', actor: '张敏' });
  await page.click('[data-testid="role-worker"]');
  await waitVerdict(/可以记入/);
  await page.click('[data-testid="points-save"]');
  // Saved: the form's next key would open the same household again.
  await waitVerdict(/已有积分账户/);

  // 加分 for 志愿服务, needs evidence: the refusal names the field, then the form clears it.
  await page.click('[data-testid="type-earn"]');
  await page.click('[data-testid="rule-volunteerService"]');
  await pointsForm({ household: '3-2-501', member: '李建国', at: '2026-11-05T10:00' });
  await waitVerdict(/不能记入/);
  assert.match(await text('[data-testid="f-evidence"]'), /须附证明/, 'the error sits under its field');
  assert.equal(await page.isDisabled('[data-testid="points-save"]'), true);
  await pointsForm({ evidence: '签到表' });
  await waitVerdict(/余额 0 → 5/);
  // Saved: a new key, and the proof is asked for again (each entry has its own).
  await saveAndWait(/须附证明/);
  await pointsForm({ evidence: '活动照片', at: '2026-12-01T09:00' });
  await waitVerdict(/余额 5 → 10/);
  await saveAndWait(/须附证明/);
  // 调解邻里纠纷 needs an approver who is not of the household.
  await page.click('[data-testid="rule-mediateNeighbours"]');
  await pointsForm({ approver: '李建国', at: '2026-12-01T11:00' });
  await waitVerdict(/受益户/);
  await pointsForm({ approver: '居委会刘' });
  await waitVerdict(/余额 10 → 20/);
  await page.click('[data-testid="points-save"]');

  // A deduction by a role that may not record it.
  await page.click('[data-testid="type-deduct"]');
  await page.click('[data-testid="rule-corridorClutter"]');
  await pointsForm({ household: '3-2-501', evidence: '现场照片', at: '2026-12-01T12:00' });
  await page.click('[data-testid="role-volunteerLead"]');
  await waitVerdict(/只能由/);
  assert.equal(await page.isDisabled('[data-testid="points-save"]'), true);
  await shot(page, 'points-refused');

  // 爱心超市: 理发 from the list, stock shown before → after.
  await page.click('[role=tab]:has-text("超市")');
  await page.click('[data-testid="redeem-haircut"]');
  await pointsForm({ household: '3-2-501', at: '2026-12-01T15:00' });
  await page.click('[data-testid="role-worker"]');
  await waitVerdict(/余额 20 → 10.*库存 100 → 99/);
  await saveAndWait(/余额 10 → 0.*库存 99 → 98/);
  await page.click('[role=tab]:has-text("超市")');
  assert.match(await text('[data-testid="market-list"]'), /理发一次.*已兑 1.*库存 99/);

  // 一月一评比 of November: the ranking as a list and a chart, then 结月 locks it.
  await page.click('[role=tab]:has-text("评比")');
  await page.fill('[data-testid="report-month"] input', '2026-11');
  await page.waitForFunction(() => /3-2-501/.test(document.querySelector('[data-testid=report-ranking]')?.textContent ?? ''));
  assert.match(await text('[data-testid="report-ranking"]'), /1\. 3-2-501 · 王秀英.*5 分/);
  await page.waitForSelector('[data-testid="chart-ranking"] canvas');
  assert.match(await text('[data-testid="report-summary"]'), /未结月/);
  await page.click('[data-testid="close-month"]');
  await page.waitForFunction(() => /已结月/.test(document.querySelector('[data-testid=report-summary]')?.textContent ?? ''));
  await shot(page, 'points-month');
  // The current month has not ended: 结月 says why.
  await page.fill('[data-testid="report-month"] input', '2026-12');
  await page.waitForSelector('[data-testid="close-why"]');

  // 流水: six events, the chain holds; after a reload too.
  await page.reload();
  await page.waitForSelector('[data-testid="points-tabs"]');
  await page.click('[role=tab]:has-text("流水")');
  await page.waitForFunction(() => /共 6 条，封存链完整/.test(document.querySelector('[data-testid=chain]')?.textContent ?? ''));
  await shot(page, 'points-history');
  // 冲正 from the history: the form is filled in; a reason is required; November is closed,
  // so the reversal lands in December.
  const reversals = await page.$$('[data-testid^="reverse-earn-"]');
  await reversals[reversals.length - 1].click(); // the oldest entry: 志愿服务 on 2026-11-05, +5
  await waitVerdict(/理由|reason/);
  await pointsForm({ reason: '重复登记', at: '2026-12-02T09:00' });
  await waitVerdict(/余额 10 → 5/);
  await page.click('[data-testid="points-save"]');
  await waitVerdict(/已冲正过/); // the same entry cannot be reversed twice
  await page.click('[role=tab]:has-text("流水")');
  await page.waitForFunction(() => /共 7 条，封存链完整/.test(document.querySelector('[data-testid=chain]')?.textContent ?? ''));
}));

test('H5: 积分银行: a resident sees the family account, its place this month and what the 爱心超市 offers', () => onPointsClock(async () => {
  await go('/points');
  await page.waitForSelector('[data-testid="pick-household"]');
  // One account on this phone: it is chosen by itself.
  await page.waitForSelector('[data-testid="points-balance"]');
  assert.match(await text('[data-testid="points-balance"]'), /3-2-501 · 户主 王秀英\s*5 分/);
  // December: +5, +10 and the reversal of November's +5 (November is closed) → +10, 三星级文明户.
  assert.match(await text('[data-testid="points-place"]'), /2026-12 第 1 名 \/ 共 1 户 · 本月 \+10 分 三星级文明户/);
  // 5 分 is under the 爱心超市's threshold of 10: nothing can be redeemed, and it says why.
  assert.match(await text('[data-testid="points-market"]'), /洗衣液.*15 分余额满 10 分才可兑换/);
  assert.match(await text('[data-testid="points-market"]'), /理发一次.*库存 99.*余额满 10 分才可兑换/);
  const history = await text('[data-testid="points-history"]');
  assert.match(history, /冲正「参加志愿服务（2026-11-05）」：重复登记.*-5/);
  assert.match(history, /爱心超市兑换 理发一次 × 1.*-10/);
  assert.match(history, /参加志愿服务.*2026-11-05.*\+5/);
  await shot(page, 'points-resident');
}));

// 三色预警 counts working hours from "now": 2026-09-30 22:00 China time (the eve of 国庆), then
// moved on, so deadlines and escalations hold whenever the tests run.
const onDisputesClock = (body) => onClock('disputes', '2026-09-30T22:00:00+08:00', body);
/** Fills the 矛盾预警 form: numbers and text by fact code, booleans and choices by tapping. */
async function disputeForm(fields) {
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'boolean') await page.click(`[data-testid="fact-${k}-${v ? 'yes' : 'no'}"]`);
    else if (k === 'reportedAt') await page.fill('[data-testid="fact-reportedAt"] input', v);
    else if (k.startsWith('choice:')) await page.click(`[data-testid="fact-${k.slice(7)}-${v}"]`);
    else await page.fill(`[data-testid="fact-${k}"] input, [data-testid="fact-${k}"] textarea`, v);
  }
}
const waitText = (sel, re) => page.waitForFunction(([s, src]) => new RegExp(src).test((document.querySelector(s)?.textContent ?? '').replace(/\s+/g, ' ')), [sel, re.source]);
const caseIds = () => page.$$eval('[data-testid^="case-MD"]', (els) => els.map((e) => e.dataset.testid.slice(5)));

test('H5: 矛盾预警: a form from the declared facts, the colour with reasons, handler and deadlines; a board that warns and escalates', () => onDisputesClock(async () => {
  await go('/work');
  await page.click('[data-testid="go-disputes"]');
  // The workbench opens the board; nothing is on it yet.
  await page.waitForSelector('[data-testid="board-summary"]');
  assert.match(await text('.disputes'), /没有进行中的矛盾纠纷/);
  await page.click('[role=tab]:has-text("上报")');
  await page.waitForSelector('[data-testid="dispute-form"]');
  // One field per fact the rulebook declares, with its Chinese label, in its order; required ones marked.
  const rb = JSON.parse(readFileSync(join(repo, 'src', 'rulebook', 'default.json'), 'utf8'));
  const labels = await page.$$eval('[data-testid="dispute-form"] [data-testid^="fact-"] .van-field__label', (els) => els.map((e) => e.textContent.trim()));
  assert.deepEqual(labels, [...rb.disputes.facts.map((f) => f.name), '上报时间']);
  const required = await page.$$eval('[data-testid="dispute-form"] .van-field__label--required', (els) => els.map((e) => e.closest('[data-testid^="fact-"]').dataset.testid));
  assert.deepEqual(required, [...rb.disputes.facts.filter((f) => f.required).map((f) => `fact-${f.code}`), 'fact-reportedAt']);
  assert.match(await text('[data-testid="dispute-grade"]'), /填写情况后/);

  // Hostile and half-filled input: said under the field, in the field's words; nothing saved.
  await disputeForm({ households: 'abc' });
  await waitText('[data-testid="fact-households"]', /涉及户数请填写数字/);
  await disputeForm({ households: '0' });
  await waitText('[data-testid="fact-households"]', /涉及户数应在 1–100000 之间/);
  await disputeForm({ households: '2.5' });
  await waitText('[data-testid="fact-households"]', /涉及户数应为整数/);
  await disputeForm({ households: '６', amount: '-5' });
  await waitText('[data-testid="fact-amount"]', /涉及金额不能为负数/);
  await disputeForm({ amount: '３0,000' });
  await waitText('[data-testid="grade-missing"]', /还需填写：是否有暴力或极端言行/);
  assert.equal(await text('[data-testid="fact-violence"] .van-field__error-message').catch(() => ''), '', 'a missing fact is not shouted before saving');
  await page.click('[data-testid="dispute-save"]');
  await waitText('[data-testid="fact-violence"]', /请填写是否有暴力或极端言行/);
  await disputeForm({ reportedAt: '2026-10-01T09:00' });
  await waitText('[data-testid="fact-reportedAt"]', /上报时间不能晚于现在/);
  await disputeForm({ reportedAt: '2026-09-30T22:00' });

  // 6 households over 30,000 元 on the eve of 国庆: red, with every reason, and the deadline
  // 5 working days later, after the holiday (10-01…10-07 off, the 调休 Saturday 10-10 worked).
  await disputeForm({ violence: false, summary: '3 号楼 6 户业主与物业就停车费争执', 'choice:kind': 'property' });
  await waitText('[data-testid="grade-colour"]', /红色预警/);
  assert.match(await text('[data-testid="grade-handler"]'), /社区联合派出所、司法所/);
  const fired = await text('[data-testid="grade-fired"]');
  assert.match(fired, /红色 · 群体性纠纷.*黄色 · 涉及多户.*黄色 · 涉及金额超过 1 万元/);
  const deadlines = await text('[data-testid="grade-deadlines"]');
  assert.match(deadlines, /响应期限 10月1日（周四）00:00/);
  assert.match(deadlines, /化解期限 10月13日（周二）17:30/);
  await shot(page, 'disputes-grade');
  await page.click('[data-testid="dispute-save"]');
  await waitText('[data-testid="board-summary"]', /红色 1 ?黄色 0 ?绿色 0/);
  const [red] = await caseIds();
  assert.match(red, /^MD20260930-/);

  // A yellow one reported on 9-28 and a green one now.
  await page.click('[role=tab]:has-text("上报")');
  assert.equal(await page.inputValue('[data-testid="fact-households"] input'), '', 'the form is cleared after saving');
  await disputeForm({ households: '2', violence: false, reportedAt: '2026-09-28T10:00' });
  await waitText('[data-testid="grade-colour"]', /黄色预警/);
  await page.click('[data-testid="dispute-save"]');
  await waitText('[data-testid="board-summary"]', /红色 1 ?黄色 1 ?绿色 0/);
  await page.click('[role=tab]:has-text("上报")');
  await disputeForm({ households: '1', violence: false, repeatReport: false });
  await waitText('[data-testid="grade-colour"]', /绿色预警/);
  assert.match(await text('[data-testid="grade-handler"]'), /网格员/);
  await page.click('[data-testid="dispute-save"]');
  await waitText('[data-testid="board-summary"]', /红色 1 ?黄色 1 ?绿色 1 ?进行中 3 件 · 预警 1/);
  // The yellow one is past its warning point (9-30 16:33) already.
  const ids = await caseIds();
  const yellow = ids.find((id) => id.startsWith('MD20260928'));
  const green = ids.find((id) => id !== red && id !== yellow);
  assert.match(await text(`[data-testid="case-${yellow}"] [data-testid="case-state"]`), /预警/);
  assert.match(await text(`[data-testid="case-${red}"] [data-testid="case-left"]`), /剩余 35 个工作小时（自然时间 12 天 19 小时）/);
  // Green counts calendar hours (24 h): no working hours are shown for it.
  assert.equal(await text(`[data-testid="case-${green}"] [data-testid="case-left"]`), '剩余 1 天');
  await page.click(`[data-testid="respond-${red}"]`);
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="respond-${id}"]`), red);
  assert.match(await text(`[data-testid="case-${red}"]`), /已响应/);
  await shot(page, 'disputes-board');

  // 12 days on: the green case passed 24 h and went up to yellow, then to red; the yellow one
  // went red on 10-08 17:30; the first red is past its warning point (10-12 12:00).
  await clocks.disputes.clock.setFixedTime(new Date('2026-10-12T13:00:00+08:00'));
  await page.reload(); // on the board: the tab is in the URL
  await waitText('[data-testid="board-summary"]', /红色 3 ?黄色 0 ?绿色 0 ?进行中 3 件/);
  assert.match(await text(`[data-testid="case-${yellow}"] [data-testid="case-escalations"]`), /10月8日（周四）17:30：.*由黄色升为红色/);
  assert.match(await text(`[data-testid="case-${green}"] [data-testid="case-escalations"]`), /10月1日（周四）22:00：.*由绿色升为黄色.*10月10日（周六）17:30：.*由黄色升为红色/);
  assert.match(await text(`[data-testid="case-${red}"] [data-testid="case-state"]`), /预警/);
  assert.match(await text('[data-testid="board-summary"]'), /已升级 2/);
  await shot(page, 'disputes-escalated');

  // 化解: off the board into 已化解, on time; a reload keeps it.
  await page.click(`[data-testid="resolve-${red}"]`);
  await waitText('[data-testid="board-done"]', new RegExp(`${red} · 红色.*按期化解`));
  await page.reload(); // on the board: the tab is in the URL
  await waitText('[data-testid="board-summary"]', /红色 2 ?黄色 0 ?绿色 0 ?进行中 2 件/);
  assert.match(await text('[data-testid="board-done"]'), /按期化解/);

  // The cases are in the backup; a backup with a broken case is refused whole.
  await go('/work/data');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup-export"]')]);
  const file = join(work, 'disputes-backup.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(doc.disputes.length, 3);
  assert.ok(doc.disputes.find((c) => c.id === red).resolvedAt);
  const broken = structuredClone(doc);
  broken.disputes[1].id = broken.disputes[0].id;
  broken.disputes[2].facts = null;
  writeFileSync(join(work, 'disputes-broken.json'), JSON.stringify(broken));
  await page.setInputFiles('[data-testid="backup-file"]', join(work, 'disputes-broken.json'));
  await page.waitForSelector('[data-testid="backup-problems"]');
  assert.match(await text('[data-testid="backup-problems"]'), /\/disputes\/1\/id 编号 .* 重复.*\/disputes\/2\/facts 应为对象/);

  // A community's rulebook with a fact of its own: the form grows the field, and it grades.
  const own = structuredClone(rb);
  own.id = 'xiangyang-disputes';
  own.name = '向阳社区规则库';
  own.disputes.facts.push({ code: 'elderly', name: '是否涉及独居高龄老人', type: 'boolean' });
  own.disputes.criteria.push({ code: 'elderly', colour: 'yellow', reason: '涉及独居高龄老人，社区调解工作室跟进', when: { fact: 'elderly', eq: true } });
  writeFileSync(join(work, 'disputes-rulebook.json'), JSON.stringify(own));
  await go('/work/rulebook');
  await page.setInputFiles('[data-testid="rulebook-file"]', join(work, 'disputes-rulebook.json'));
  await page.click('[data-testid="use-rulebook"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=stamp]')?.textContent.includes('xiangyang-disputes@'));
  await go('/work/disputes/report');
  await page.waitForSelector('[data-testid="fact-elderly"]');
  await disputeForm({ households: '1', violence: false, elderly: true });
  await waitText('[data-testid="grade-colour"]', /黄色预警/);
  assert.match(await text('[data-testid="grade-fired"]'), /涉及独居高龄老人/);
  await shot(page, 'disputes-own-rulebook');
  await go('/work/rulebook');
  await page.click('[data-testid="use-default"]');
  await page.click('.van-dialog__confirm');
  await page.waitForFunction(() => document.querySelector('[data-testid=stamp]')?.textContent.includes('shequ-default@'));
}));

test('H5: 满意度测评: a resident answers on the phone; a worker imports a CSV, reads both rates with intervals, the index, the target, the charts, exports; reload keeps them', async () => {
  await go('/survey');
  await page.waitForSelector('[data-testid="q-overall"] .van-rate__item');
  await shot(page, 'survey-form');
  // Nothing answered: the engine says why it would not count, and nothing is saved.
  await page.click('[data-testid="survey-submit"]');
  await page.waitForSelector('.survey .error');
  assert.match(await text('.survey .error'), /缺答/);
  // Four stars of five = 满意 (the scale's second level); one question left blank.
  const questions = await page.$$eval('[data-testid^="q-"]', (els) => els.map((e) => e.dataset.testid.slice(2)));
  assert.equal(questions.length, 9);
  for (const q of questions.slice(0, 8)) await page.click(`[data-testid="q-${q}"] .van-rate__item:nth-child(4)`);
  assert.equal(await text('[data-testid="level-overall"]'), '满意');
  assert.equal(await text(`[data-testid="level-${questions[8]}"]`), '未答');
  for (const d of ['cleaning', 'security', 'repairs', 'service']) await page.click(`[data-testid="imp-${d}"] .van-rate__item:nth-child(5)`);
  await page.click('[data-testid="recommend"] .van-radio:nth-child(10)');
  await page.fill('[data-testid="respondent"] input', '3 栋 502');
  await shot(page, 'survey-answered');
  await page.click('[data-testid="survey-submit"]');
  await page.waitForSelector('[data-testid="survey-done"]');

  // The worker face: one response so far, satisfied.
  await go('/work/survey');
  await page.waitForSelector('[data-testid="rate-strict"]');
  assert.match(await text('[data-testid="survey-headline"]'), /1 份，有效 1 份/);
  // A file of 40 responses as an export would be: codes, question texts, 重要性 columns, a
  // respondent column, a blank, a level name, one answer outside the scale and a repeat.
  const levels = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'];
  const header = ['受访者', 'overall', '楼道、电梯等公共区域保洁', 'cleaningGarbage', 'securityGate', 'securityParking', 'repairsSpeed', 'repairsQuality', 'serviceAttitude', 'serviceInfo', 'recommend', '重要性:环境卫生', '重要性:设施维修', '备注'];
  const lines = [header.join(',')];
  for (let i = 0; i < 40; i++) {
    const lv = (k) => levels[(i + k) % 5 === 4 && i % 2 ? 3 : (i + k) % 3];
    lines.push([`R${i}`, lv(0), lv(1), lv(2), '', lv(3), lv(4), lv(0), lv(1), lv(2), String(i % 11), String(1 + (i % 5)), String(5 - (i % 5)), '无'].join(','));
  }
  lines.push(['R1', '满意', '满意', '满意', '满意', '满意', '满意', '满意', '满意', '满意', '8', '3', '3', '重复'].join(','));
  lines.push(['R99', '很好', '满意', '满意', '满意', '满意', '满意', '满意', '满意', '满意', '8', '3', '3', '量表外'].join(','));
  const file = join(work, 'survey.csv');
  writeFileSync(file, '\ufeff' + lines.join('\r\n'));
  await page.setInputFiles('[data-testid="survey-file"]', file);
  await page.waitForSelector('[data-testid="survey-pending"]');
  assert.match(await text('[data-testid="survey-pending"]'), /42 份/);
  assert.match(await text('[data-testid="survey-pending"]'), /备注/);
  await page.click('[data-testid="survey-import"]');
  await page.waitForFunction(() => /43 份/.test(document.querySelector('[data-testid=survey-headline]')?.textContent ?? ''));
  // What the page shows is the engine's answer over the same responses, computed here in Node.
  const { Engine } = await import(pathToFileURL(join(repo, 'pkg', 'node.mjs')).href);
  const codes = ['overall', 'cleaningCommon', 'cleaningGarbage', 'securityGate', 'securityParking', 'repairsSpeed', 'repairsQuality', 'serviceAttitude', 'serviceInfo'];
  const phone = { respondent: '3 栋 502', answers: Object.fromEntries(codes.map((c, k) => [c, k < 8 ? 'satisfied' : null])), importance: { cleaning: 5, security: 5, repairs: 5, service: 5 } };
  phone.answers.recommend = 9;
  const imported = lines.slice(1).map((line) => {
    const cells = line.split(',');
    const answers = Object.fromEntries(codes.map((c, k) => [c, cells[k + 1] === '' ? null : cells[k + 1]]));
    answers.recommend = Number(cells[10]);
    return { respondent: cells[0], answers, importance: { cleaning: Number(cells[11]), repairs: Number(cells[12]) } };
  });
  const want = Engine.withDefaults().scoreSurvey([phone, ...imported], { survey: 'property' });
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  assert.equal(want.n, 43);
  assert.match(await text('[data-testid="rate-strict"]'), new RegExp(`${pct(want.rate.strict.rate)}（95% 区间 ${pct(want.rate.strict.low)}–${pct(want.rate.strict.high)}，n = ${want.rate.strict.n}）`.replace(/[()（）.]/g, '\\$&')));
  assert.match(await text('[data-testid="survey-index"]'), new RegExp(want.index.toFixed(1).replace('.', '\\.')));
  const headline = await text('[data-testid="survey-headline"]');
  assert.match(headline, new RegExp(`有效 ${want.valid} 份`));
  assert.match(await text('[data-testid="target-rate"]'), /未达到/);
  assert.match(await text('[data-testid="survey-invalid"]'), /第 42 份/);
  assert.match(await text('[data-testid="survey-invalid"]'), /第 43 份.*很好/);
  await page.waitForSelector('[data-testid="chart-dimensions"] canvas');
  await page.waitForSelector('[data-testid="chart-quadrants"] canvas');
  assert.match(await page.getAttribute('[data-testid="chart-quadrants"]', 'aria-label'), /环境卫生：(优势区|优先改进区|维持区|机会区)/);
  await shot(page, 'survey-report');
  // The report exports and reads back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="survey-export-csv"]')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /满意率（不含基本满意）/);
  assert.match(csv, /第 43 份/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="survey-export-xlsx"]')]);
  const { readSheet } = await import(join(repo, 'www', 'node_modules', 'read-excel-file', 'node', 'index.js'));
  const sheet = await readSheet(await xlsx.path());
  assert.deepEqual(sheet[0].slice(0, 2), ['满意度测评报告', '物业服务满意度测评']);
  assert.ok(sheet.some((row) => row[0] === '满意率（不含基本满意）' && row[1].startsWith(pct(want.rate.strict.rate))));
  // An XLSX for the other survey (志愿服务评价): its own responses, its own figures.
  const { default: writeXlsxFile } = await import(join(repo, 'www', 'node_modules', 'write-excel-file', 'node', 'index.js'));
  const vx = join(work, 'volunteer.xlsx');
  const cells = [['受访者', 'volunteerAttitude', 'volunteerResult'], ['张三', '非常满意', '满意'], ['李四', '不满意', '基本满意'], ['王五', '满意', '满意']];
  await writeXlsxFile(cells.map((r) => r.map((value) => ({ value })))).toFile(vx);
  await page.click('[data-testid="survey-work-tabs"] .van-tab:nth-child(2)');
  await page.waitForSelector('[data-testid="survey-none"]');
  // A file whose header names none of the questions is refused with the reason; nothing is added.
  const wrong = join(work, 'wrong.csv');
  writeFileSync(wrong, '姓名,意见\n张三,很好\n');
  await page.setInputFiles('[data-testid="survey-file"]', wrong);
  await page.waitForFunction(() => /表头里没有这份测评的题目/.test(document.querySelector('.van-toast')?.textContent ?? ''));
  assert.equal(await page.$('[data-testid="survey-pending"]'), null);
  await page.setInputFiles('[data-testid="survey-file"]', vx);
  await page.waitForSelector('[data-testid="survey-pending"]');
  assert.match(await text('[data-testid="survey-pending"]'), /3 份/);
  await page.click('[data-testid="survey-import"]');
  await page.waitForFunction(() => /3 份，有效 3 份/.test(document.querySelector('[data-testid=survey-headline]')?.textContent ?? ''));
  const volunteer = Engine.withDefaults().scoreSurvey(cells.slice(1).map(([respondent, a, b]) => ({ respondent, answers: { volunteerAttitude: a, volunteerResult: b } })), { survey: 'volunteer' });
  assert.match(await text('[data-testid="rate-strict"]'), new RegExp(pct(volunteer.rate.strict.rate).replace('.', '\\.')));
  assert.match(await text('[data-testid="survey-headline"]'), /按各题的作答计/);
  await shot(page, 'survey-volunteer');
  await page.click('[data-testid="survey-work-tabs"] .van-tab:nth-child(1)');
  await page.waitForFunction(() => /43 份/.test(document.querySelector('[data-testid=survey-headline]')?.textContent ?? ''));
  // Reload: the responses are still there.
  await page.reload();
  await page.waitForFunction(() => /43 份/.test(document.querySelector('[data-testid=survey-headline]')?.textContent ?? ''));
});

test('H5: backup exports everything; an invalid backup is refused whole; a valid one restores', async () => {
  await go('/work/data');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup-export"]')]);
  const file = join(work, 'backup.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(doc.format, 'shequ-rules-h5-backup');
  assert.ok(doc.requests.length >= 1 && doc.batches.length >= 1);
  assert.equal(doc.surveyResponses.filter((r) => r.survey === 'property').length, 43, 'the survey responses are in the backup');

  const broken = structuredClone(doc);
  broken.requests[0].createdAt = 'yesterday';
  broken.requests.push({ id: 'SQ-NEW', text: '新', createdAt: new Date().toISOString(), status: '已提交' });
  writeFileSync(join(work, 'broken.json'), JSON.stringify(broken));
  await page.setInputFiles('[data-testid="backup-file"]', join(work, 'broken.json'));
  await page.waitForSelector('[data-testid="backup-problems"]');
  assert.match(await text('[data-testid="backup-problems"]'), /\/requests\/0\/createdAt 提交时间无效/);
  await go('/mine');
  await page.waitForSelector('[data-testid="my-request"]');
  assert.doesNotMatch(await text('[data-testid="my-requests"]'), /SQ-NEW/, 'nothing of a refused backup lands');

  const smaller = structuredClone(doc);
  smaller.requests = smaller.requests.slice(0, 1);
  writeFileSync(join(work, 'smaller.json'), JSON.stringify(smaller));
  await go('/work/data');
  await page.setInputFiles('[data-testid="backup-file"]', join(work, 'smaller.json'));
  await page.click('.van-dialog__confirm');
  await page.waitForSelector('.van-toast:has-text("备份已导入")');
  await go('/mine');
  await page.waitForSelector('[data-testid="my-request"]');
  assert.equal(await page.$$eval('[data-testid="my-request"]', (r) => r.length), 1);
  await go('/work/data');
  await shot(page, 'data');
  await go('/work/survey');
  await page.waitForFunction(() => /43 份/.test(document.querySelector('[data-testid=survey-headline]')?.textContent ?? ''));
});

test('H5: every page at 375×812 and 320 wide: no horizontal scroll, tap targets ≥ 44 px, text contrast ≥ 4.5:1', async () => {
  const pages = ['/report', '/mine', '/points', '/survey', '/work', '/work/survey', '/work/points', '/work/triage', '/work/received', '/work/profile/staffing', '/work/profile/class', '/work/profile/meetings', '/work/rulebook', '/work/data', '/work/disputes/report', '/work/disputes/board'];
  for (const width of [375, 320]) {
    await page.setViewportSize({ width, height: width === 320 ? 568 : 812 });
    for (const p of pages) {
      await go(p);
      await page.waitForTimeout(300);
      if (width === 375) await shot(page, `page${p.replace(/\//g, '-')}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${p} at ${width}: scrollWidth ${wide}`);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, a[href], [role=tab], .van-tabbar-item, .file-button, .van-cell--clickable, .van-field, .van-dropdown-menu__item')]
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ el: el.outerHTML.slice(0, 80), h: Math.round(el.getBoundingClientRect().height) }))
          .filter((x) => x.h > 0 && x.h < 44),
      );
      assert.deepEqual(small, [], `${p} at ${width}: tap targets under 44 px`);
    }
  }
  await page.setViewportSize({ width: 375, height: 812 });
  // Contrast of the urgency badges and the hint text.
  await go('/report');
  const ratios = await page.evaluate(() => {
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const out = {};
    for (const c of ['u-ji', 'u-nan', 'u-chou', 'u-pan', 'c-green', 'c-yellow', 'c-red', 'c-other']) {
      const el = document.createElement('span');
      el.className = `badge ${c}`;
      el.textContent = '急';
      document.body.append(el);
      const s = getComputedStyle(el);
      out[c] = ratio(s.color, s.backgroundColor);
      el.remove();
    }
    const hint = getComputedStyle(document.querySelector('.hint'));
    out.hint = ratio(hint.color, 'rgb(245, 246, 248)');
    return out;
  });
  for (const [k, v] of Object.entries(ratios)) assert.ok(v >= 4.5, `${k}: contrast ${v.toFixed(2)}`);
});

test('H5: tabs have roles; the stamp shows on the worker face', async () => {
  await go('/work/profile/staffing');
  await page.waitForSelector('[role="tablist"] [role="tab"]');
  assert.equal(await page.getAttribute('[role="tab"][aria-selected="true"]', 'role'), 'tab');
  const { version } = JSON.parse(readFileSync(join(repo, 'src', 'rulebook', 'default.json'), 'utf8'));
  assert.match(await text('[data-testid="stamp"]'), new RegExp(`shequ-default@${version.replaceAll('.', '\\.')} · [0-9a-f]{12}`));
});

test('H5: works offline after the first visit', async () => {
  await go('/report');
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return Boolean(reg.active);
  });
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector('[data-testid="need-text"] textarea');
    await report('电梯坏了');
    await page.waitForSelector('[data-testid="need-item"]', { timeout: 15000 });
    assert.equal(await text('[data-testid="need-item"]'), '· 电梯故障与安全');
  } finally {
    await context.setOffline(false);
  }
});

test('H5: vite preview (scripts/dev.sh) sends the Brotli copies of the wasm and the page', async () => {
  const { preview } = await import(join(repo, 'www', 'node_modules', 'vite', 'dist', 'node', 'index.js'));
  const server = await preview({ root: join(repo, 'www'), configFile: join(repo, 'www', 'vite.config.js'), logLevel: 'silent', preview: { port: 0, host: '127.0.0.1' } });
  try {
    const base = server.resolvedUrls.local[0];
    const html = await fetch(base, { headers: { 'accept-encoding': 'br' } });
    assert.equal(html.headers.get('content-encoding'), 'br');
    const wasmName = (await html.text()).match(/assets\/[^"]+\.wasm/)[0];
    const wasm = await fetch(base + wasmName, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(wasm.headers.get('content-encoding'), 'br');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    // Brotli beats the gzip -9 the size budget counts (scripts/build.sh).
    const file = readdirSync(join(repo, 'www', 'dist', 'assets')).find((f) => f.endsWith('.wasm'));
    const gzipped = gzipSync(readFileSync(join(repo, 'www', 'dist', 'assets', file)), { level: 9 }).length;
    const br = Number(wasm.headers.get('content-length'));
    assert.ok(br < gzipped, `wasm over the wire: ${br} bytes (Brotli), gzip -9 would be ${gzipped}`);
  } finally {
    await server.close();
  }
});

test('H5: no console errors', () => {
  assert.deepEqual([...errors, ...Object.values(clocks).flatMap((c) => c.errors)], []);
});
