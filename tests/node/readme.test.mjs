// Every ```js and ```cjs example in the package README runs, as written, against the
// installed package (the examples assert their own results). The ```html example is saved
// for the browser test (tests/browser/vectors.test.mjs) to open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const readme = readFileSync(join(dirname(require.resolve('shequ-rules/package.json')), 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```(js|cjs|html)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1], code: m[2] }));

test('the README has runnable examples', () => {
  assert.ok(blocks.filter((b) => b.lang === 'js').length >= 3);
  assert.ok(blocks.some((b) => b.lang === 'cjs'));
  assert.ok(blocks.some((b) => b.lang === 'html'));
});

blocks.forEach((block, i) => {
  if (block.lang === 'html') {
    writeFileSync(`readme-example-${i}.html`, block.code);
    return;
  }
  test(`README example ${i + 1} (${block.lang}) runs`, () => {
    const file = `readme-example-${i}.${block.lang === 'cjs' ? 'cjs' : 'mjs'}`;
    writeFileSync(file, block.code);
    execFileSync(process.execPath, [file], { stdio: 'pipe' });
  });
});
