// Speed of 满意度测评 scoring in Node: 100,000 responses of 20 questions (the default
// rulebook's 物业服务满意度测评 with five questions in each of its four dimensions) scored by
// engine.scoreSurvey, beside a plain JS loop that computes only the strict rate (same run, same
// responses), on the npm package as built by scripts/build.sh (pkg/, its Node ES-module entry).
//
//   node tests/bench-satisfaction.mjs [RESPONSES]
//
// A benchmark, not a test: it prints figures and never fails.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(repo, 'pkg', 'node.mjs');
if (!existsSync(entry)) {
  console.error('bench-satisfaction: build first (scripts/build.sh builds the package in pkg/)');
  process.exit(2);
}
// The package as users get it: plain responses cross in the compact form
// (pkg-template/satisfaction.js).
const api = await import(pathToFileURL(entry).href);

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000);
const LEVELS = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'];
const rulebook = api.defaultRulebook();
const survey = rulebook.satisfaction.surveys[0];
delete survey.overall;
const codes = [];
survey.dimensions.forEach((d, i) => {
  d.questions = [0, 1, 2, 3, 4].map((q) => {
    codes.push(`q${i}${q}`);
    return { code: `q${i}${q}`, text: `第 ${i} 维第 ${q} 题` };
  });
});
const engine = new api.Engine(rulebook);
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
const responses = [];
for (let i = 0; i < n; i++) {
  const answers = {};
  let blanks = 0;
  for (const c of codes) {
    // Some blanks, within the two the survey allows.
    if (rnd() % 50 === 0 && blanks < 2) blanks++;
    else answers[c] = LEVELS[rnd() % 5];
  }
  answers.recommend = rnd() % 11;
  responses.push({ respondent: `R${i}`, answers });
}

let t = performance.now();
let satisfied = 0;
let all = 0;
for (const r of responses) {
  for (const v of Object.values(r.answers)) {
    if (typeof v !== 'string') continue;
    all++;
    if (v === '非常满意' || v === '满意') satisfied++;
  }
}
const floor = performance.now() - t;
t = performance.now();
const text = JSON.stringify(responses);
const stringify = performance.now() - t;
t = performance.now();
const out = engine.scoreSurvey(responses);
const took = performance.now() - t;
// The same responses by the JSON path (objects whose prototype is not Object.prototype are
// not plain, so the package sends them as JSON text): what any response that is not plain costs.
const viaJson = responses.map((r) => Object.assign(Object.create({ inherited: 1 }), r));
t = performance.now();
const outJson = engine.scoreSurvey(viaJson);
const tookJson = performance.now() - t;

console.log(`responses: ${n.toLocaleString('en')} of 20 questions; valid ${out.valid.toLocaleString('en')}; the engine and the loop count alike: ${out.rate.strict.satisfied === satisfied && out.rate.strict.n === all}`);
console.log(`plain JS loop (strict rate only)   ${floor.toFixed(1).padStart(8)} ms`);
console.log(`JSON.stringify of the responses    ${stringify.toFixed(1).padStart(8)} ms  (${(text.length / 1e6).toFixed(1)} M characters: how they cross into wasm)`);
console.log(`engine.scoreSurvey (everything)    ${took.toFixed(1).padStart(8)} ms  (${(took / floor).toFixed(1)}× the loop; target: under 1 s; compact form)`);
console.log(`  the same by the JSON path          ${tookJson.toFixed(1).padStart(8)} ms  (${(tookJson / took).toFixed(1)}× the compact form; same result: ${JSON.stringify(outJson) === JSON.stringify(out)})`);
