// Assembles the npm package in pkg/ from pkg-template/ and wasm-pack's outputs
// (target/wasm-out/web: ES module for browsers, bundlers and Node ESM; target/wasm-out/node:
// CommonJS for require, sharing web's .wasm file; target/wasm-out/needs: the resident-page
// module, platform + needs, for the `shequ-rules/needs` entry). Export lists are read from
// the generated typings, so the entries never drift from the Rust skin.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'pkg');
const wasmOut = join(root, 'target', 'wasm-out');
const template = join(root, 'pkg-template');

const typings = readFileSync(join(wasmOut, 'web', 'shequ_rules.d.ts'), 'utf8');
const runtime = [...typings.matchAll(/^export (?:class|function) (\w+)/gm)]
  .map((m) => m[1])
  .filter((name) => name !== 'initSync');
const types = [...typings.matchAll(/^export (?:interface|type) (\w+)/gm)]
  .map((m) => m[1])
  .filter((name) => !['InitInput', 'InitOutput', 'SyncInitInput'].includes(name) && !runtime.includes(name));
if (runtime.length === 0) throw new Error('assemble-pkg: no exports found in the generated typings');

const fill = (text) =>
  text
    .replaceAll('__EXPORTS__', runtime.join(', '))
    .replaceAll('__TYPES__', types.join(', '))
    .replaceAll('__CJS_EXPORTS__', runtime.map((n) => `${n}: api.${n}`).join(', '));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const flavour of ['web', 'node', 'needs']) {
  mkdirSync(join(out, flavour));
  for (const ext of ['.js', '.d.ts']) {
    cpSync(join(wasmOut, flavour, `shequ_rules${ext}`), join(out, flavour, `shequ_rules${ext}`));
  }
}
for (const flavour of ['web', 'needs']) {
  cpSync(join(wasmOut, flavour, 'shequ_rules_bg.wasm'), join(out, flavour, 'shequ_rules_bg.wasm'));
}
// The CommonJS glue loads the same module as the ES glue: ship it once.
const bytes = (flavour) => readFileSync(join(wasmOut, flavour, 'shequ_rules_bg.wasm'));
if (!bytes('web').equals(bytes('node'))) throw new Error('assemble-pkg: the web and node builds differ; cannot share one .wasm');
const cjsGlue = join(out, 'node', 'shequ_rules.js');
const glue = readFileSync(cjsGlue, 'utf8');
const wasmPathLine = 'const wasmPath = `${__dirname}/shequ_rules_bg.wasm`;';
if (!glue.includes(wasmPathLine)) throw new Error('assemble-pkg: the CommonJS glue no longer names its .wasm as expected');
writeFileSync(cjsGlue, glue.replace(wasmPathLine, 'const wasmPath = `${__dirname}/../web/shequ_rules_bg.wasm`;'));
// The generated classes implement `Symbol.dispose` (so `using engine = …` frees the wasm
// memory); name the TypeScript library that declares it so strict consumers type-check
// without having to raise their own `lib`.
for (const flavour of ['web', 'node', 'needs']) {
  const file = join(out, flavour, 'shequ_rules.d.ts');
  const text = readFileSync(file, 'utf8');
  if (text.includes('Symbol.dispose')) {
    writeFileSync(file, `/// <reference lib="esnext.disposable" />\n${text}`);
  }
}
writeFileSync(join(out, 'node', 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');

for (const file of ['browser.js', 'node.mjs', 'node.cjs', 'index.d.ts', 'index.d.cts', 'README.md']) {
  writeFileSync(join(out, file), fill(readFileSync(join(template, file), 'utf8')));
}
// The resident-page entry: the same files, on the platform + needs module.
const needsTypings = readFileSync(join(wasmOut, 'needs', 'shequ_rules.d.ts'), 'utf8');
const needsRuntime = [...needsTypings.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]).filter((n) => n !== 'initSync');
const fillNeeds = (text) =>
  fill(text)
    .replaceAll(runtime.join(', '), needsRuntime.join(', '))
    .replaceAll('./web/shequ_rules', './needs/shequ_rules');
for (const [from, to] of [['browser.js', 'needs.browser.js'], ['node.mjs', 'needs.node.mjs'], ['index.d.ts', 'needs.d.ts']]) {
  writeFileSync(join(out, to), fillNeeds(readFileSync(join(template, from), 'utf8')));
}
cpSync(join(root, 'src', 'rulebook', 'rulebook.schema.json'), join(out, 'rulebook.schema.json'));
// needs.js, points.js, disputes.js, satisfaction.js and guard.js are ES modules; CommonJS gets the same code with require/exports.
function toCommonJs(text, file) {
  const names = [];
  let out = text
    .replace(/^import \{ ([\w, ]+) \} from '\.\/(\w+)\.js';$/gm, "const { $1 } = require('./$2.cjs');")
    .replace(/^export function (\w+)/gm, (_, name) => {
      names.push(name);
      return `function ${name}`;
    })
    .replace(/^export \{ ([\w, ]+) \};$/gm, (_, list) => {
      names.push(...list.split(', '));
      return '';
    });
  if (/^(import|export) /m.test(out)) throw new Error(`assemble-pkg: ${file} has an import or export this conversion does not know`);
  return `'use strict';\n${out.trimEnd()}\nmodule.exports = { ${names.join(', ')} };\n`;
}
for (const name of ['needs', 'points', 'disputes', 'satisfaction', 'guard']) {
  const esm = readFileSync(join(template, `${name}.js`), 'utf8');
  writeFileSync(join(out, `${name}.js`), esm);
  writeFileSync(join(out, `${name}.cjs`), toCommonJs(esm, `${name}.js`));
}

const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const pkg = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
pkg.version = version;
writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
console.log(`assemble-pkg: pkg/ shequ-rules@${version} exports ${runtime.join(', ')} and ${types.length} types`);
