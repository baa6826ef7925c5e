// Drives the built H5 page (www/dist, bundled by Vite from the package) in headless Chromium
// at a phone's size: types into the forms, checks what the page shows, saves screenshots in
// tests/out/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, watchErrors } from './harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(repo, 'tests', 'out');
mkdirSync(out, { recursive: true });

let server, browser, page, errors;
before(async () => {
  server = await serve({ '/': join(repo, 'www', 'dist') });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  errors = watchErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => document.querySelector('#stamp').textContent.includes('shequ-default'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function fill(form, values) {
  for (const [name, value] of Object.entries(values)) {
    await page.fill(`${form} [name="${name}"]`, value);
  }
  await page.click(`${form} button[type="submit"]`);
}

test('H5: the rulebook stamp is shown', async () => {
  const stamp = await page.textContent('#stamp');
  const { version } = JSON.parse(readFileSync(join(repo, 'src', 'rulebook', 'default.json'), 'utf8'));
  assert.match(stamp, new RegExp(`shequ-default@${version.replaceAll('.', '\\.')} · [0-9a-f]{12}`));
});

test('H5: 诉求上报 categorises as the resident types, with evidence and masking', async () => {
  await page.fill('#need-text', '');
  await page.type('#need-text', '楼道灯坏了好几天，晚上一片漆黑，我的电话13812345678', { delay: 5 });
  assert.equal(await page.textContent('[data-testid="need-category"]'), '基础设施');
  assert.equal(await page.textContent('[data-testid="need-item"]'), '修复公共区域照明设施');
  assert.equal(await page.textContent('[data-testid="need-handler"]'), '物业服务企业');
  const marks = await page.$$eval('[data-testid="need-preview"] mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('楼道灯'), `marks: ${marks}`);
  assert.ok(!marks.includes('楼道'), 'the lighting phrase wins over 楼道');
  const preview = await page.textContent('[data-testid="need-preview"]');
  assert.match(preview, /138\*\*\*\*5678/);
  assert.doesNotMatch(preview, /13812345678/);
  assert.match(await page.textContent('[data-testid="masked-note"]'), /已打码 1 处/);
  await page.screenshot({ path: join(out, 'www-need.png'), fullPage: true });
});

test('H5: 诉求上报 shows urgency, a hand-over to a person, and clears', async () => {
  await page.fill('#need-text', '有老人被困在电梯里了，快来人');
  assert.equal(await page.textContent('[data-testid="urgency"]'), '急');
  assert.equal(await page.textContent('[data-testid="need-item"]'), '保障电梯安全稳定运行');
  await page.fill('#need-text', '你好');
  assert.match(await page.textContent('[data-testid="need-human"]'), /转工作人员查看/);
  await page.fill('#need-text', '不是物业的问题，是垃圾没人清运');
  assert.equal(await page.textContent('[data-testid="need-category"]'), '环境卫生');
  assert.equal(await page.getAttribute('[data-testid="need-preview"] mark.discounted', 'class'), 'category discounted');
  await page.screenshot({ path: join(out, 'www-need-negation.png'), fullPage: true });
  await page.fill('#need-text', '   ');
  assert.match(await page.textContent('#need-result'), /输入后即时显示/);
});

test('H5: 诉求上报 puts an emergency first, with the numbers to call', async () => {
  await page.fill('#need-text', '楼道里有很大的煤气味，邻居家好像没人');
  assert.match(await page.textContent('[data-testid="emergency"]'), /紧急情况：燃气泄漏/);
  assert.equal(await page.getAttribute('[data-testid="emergency"] a.call', 'href'), 'tel:119');
  await page.screenshot({ path: join(out, 'www-need-emergency.png'), fullPage: true });
  await page.fill('#need-text', '上次着火的地方现在又堆满了杂物');
  assert.equal(await page.$('[data-testid="emergency"]'), null);
  assert.equal(await page.textContent('[data-testid="need-category"]'), '环境卫生');
});

test('H5: staffing norm with its steps', async () => {
  await page.click('[data-tab="staffing"]');
  await fill('#staffing-form', { households: '3650', residents: '11500', committeeMembers: '7' });
  assert.equal(await page.textContent('[data-testid="workers"]'), '20');
  const text = await page.textContent('#staffing-result');
  assert.match(text, /按户数增配：⌊max\(3650 − 3000, 0\) ÷ 300⌋ × 1 = 2/);
  assert.match(text, /两委 7 人，在 5–9 人范围内/);
  await page.screenshot({ path: join(out, 'www-staffing.png'), fullPage: true });
});

test('H5: bad input gives a clear error at the field', async () => {
  await fill('#staffing-form', { households: '-3', residents: '100', committeeMembers: '' });
  const text = await page.textContent('#staffing-result .error');
  assert.match(text, /不能为负数/);
  assert.match(text, /NEGATIVE \/households/);
  assert.equal(await page.getAttribute('#staffing-form [name="households"]', 'aria-invalid'), 'true');
  await page.screenshot({ path: join(out, 'www-error.png'), fullPage: true });

  await fill('#staffing-form', { households: '三千', residents: '100' });
  assert.match(await page.textContent('#staffing-result .error'), /应为整数，收到字符串 "三千"/);

  await fill('#staffing-form', { households: '', residents: '100' });
  assert.match(await page.textContent('#staffing-result .error'), /缺少必填字段 households/);

  await fill('#staffing-form', { households: '3000', residents: '10000' });
  assert.equal(await page.textContent('[data-testid="workers"]'), '18');
  assert.equal(await page.getAttribute('#staffing-form [name="households"]', 'aria-invalid'), null);
});

test('H5: district check', async () => {
  await fill('#district-form', { urbanResidents: '123456', workers: '200' });
  assert.match(await page.textContent('#district-result'), /应配不少于 223 名\s*缺口 23 名/);
});

test('H5: community class', async () => {
  await page.click('[data-tab="class"]');
  await fill('#class-form', { compound: '95', venues: '95', team: '95', safetyLaw: '95', civility: '80', service: '65' });
  assert.equal(await page.textContent('[data-testid="class"]'), '创优类');
  assert.match(await page.textContent('#class-result'), /未评为示范类：最低分 65（服务水平建设）< 70/);
  await page.screenshot({ path: join(out, 'www-class.png'), fullPage: true });
  await fill('#class-form', { service: '120' });
  assert.match(await page.textContent('#class-result .error'), /OUT_OF_RANGE \/scores\/service/);
});

test('H5: meeting calendar', async () => {
  await page.click('[data-tab="meetings"]');
  await fill('#meetings-form', { from: '2026-11-01', to: '2026-11-30' });
  assert.equal(await page.textContent('[data-testid="meeting-count"]'), '6');
  assert.match(await page.textContent('#meetings-result'), /2026-11-27 周五月联席/);
  await page.screenshot({ path: join(out, 'www-meetings.png'), fullPage: true });
  await fill('#meetings-form', { from: '2026-03-01', to: '2026-02-01' });
  assert.match(await page.textContent('#meetings-result .error'), /结束日期 2026-02-01 早于开始日期 2026-03-01/);
});

test('H5: no console errors', () => {
  assert.deepEqual(errors, []);
});
