// 满意度测评 in the installed package (ESM and CommonJS, run inside the fresh project of
// scripts/test.sh): scoreSurvey is an engine method with coded errors, plain responses (the
// compact form) and the JSON path give the same answers, surveyForms, and hostile responses.
// The 满意度测评 vectors run with all the others in package.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from 'shequ-rules';

const cjs = createRequire(import.meta.url)('shequ-rules');

// The package's scoreSurvey sends plain responses in the compact form (pkg-template/
// satisfaction.js) and anything else as JSON: both must give the same answer. A response whose
// prototype is not Object.prototype is not plain (JSON.stringify still writes its own fields),
// so a copy made of such objects takes the JSON path.
const viaJson = (responses) => responses.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r)
  ? Object.assign(Object.create({ inherited: 1 }), r) : r));

function randomResponses(seed, n) {
  let s = seed;
  const rnd = (k) => ((s = (s * 1103515245 + 12345) % 2147483648) >>> 8) % k;
  const pick = (list) => list[rnd(list.length)];
  const questions = ['overall', 'cleaningCommon', 'cleaningGarbage', 'securityGate', 'securityParking',
    'repairsSpeed', 'repairsQuality', 'serviceAttitude', 'serviceInfo', 'volunteerAttitude', 'volunteerResult'];
  const answers = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied', '非常满意', '满意',
    '基本满意', '不满意', '非常不满意', null, undefined];
  const hostile = ['很好', '', 3, true, {}, [], '满意 ', NaN];
  const who = () => pick([undefined, `R${rnd(n)}`, `居民${rnd(5)}`, '  ', 'x'.repeat(201), '张三', '\u3000']);
  const out = [];
  for (let i = 0; i < n; i++) {
    const a = {};
    for (const q of questions) if (rnd(10) < 8) a[q] = pick(answers);
    if (rnd(3) === 0) a.recommend = pick([0, 6, 7, 9, 10, null, undefined]);
    const r = { answers: a };
    const w = who();
    if (w !== undefined) r.respondent = w;
    if (rnd(3) === 0) r.importance = { cleaning: pick([1, 3, 5, null]), repairs: pick([2, 4, undefined]) };
    out.push(r);
  }
  // Now and then one hostile answer, which sends the whole call by the JSON path.
  if (seed % 3 === 0) out[rnd(n)].answers.overall = pick(hostile);
  return out;
}

for (const [flavour, api] of [['ESM', esm], ['CommonJS', cjs]]) {
  test(`${flavour}: scoreSurvey is an engine method with coded errors`, () => {
    const engine = api.Engine.withDefaults();
    const out = engine.scoreSurvey([{ answers: { overall: 'satisfied' } }]);
    assert.equal(out.n, 1);
    assert.equal(out.rulebook.id, 'shequ-default');
    assert.throws(() => engine.scoreSurvey('not a list'), (e) => e instanceof Error && e.name === 'ShequRulesError' && typeof e.code === 'string');
    assert.throws(() => engine.scoreSurvey([], { survey: 'nope' }), (e) => e instanceof Error && typeof e.code === 'string');
    assert.equal(typeof engine.scoreSurveyCompact, 'undefined', 'the compact entry stays internal');
    assert.equal(typeof engine.callRule, 'undefined', 'the generic entry stays internal');
  });

  test(`${flavour}: scoreSurvey gives the same answer for plain responses (compact) and by the JSON path`, () => {
    const engine = api.Engine.withDefaults();
    for (let seed = 1; seed <= 60; seed++) {
      const responses = randomResponses(seed, 1 + (seed * 7) % 40);
      for (const options of [undefined, { survey: 'property' }, { survey: 'volunteer' }]) {
        const run = (list) => {
          try {
            return engine.scoreSurvey(list, options);
          } catch (e) {
            return { error: { code: e.code, path: e.path, message: e.message } };
          }
        };
        assert.deepEqual(run(responses), run(viaJson(responses)), `seed ${seed}, options ${JSON.stringify(options)}`);
      }
    }
    // Errors are the same too: an unknown survey, a wrong options value, not an array.
    for (const [list, options] of [[[], { survey: 'nope' }], [[], { survey: 5 }], [[], { other: 1 }], ['x', undefined], [null, undefined]]) {
      const error = (f) => { try { f(); return null; } catch (e) { return [e.code, e.path, e.message]; } };
      const got = error(() => engine.scoreSurvey(list, options));
      assert.ok(got !== null, JSON.stringify([list, options]));
      assert.deepEqual(got, error(() => engine.scoreSurvey(Array.isArray(list) ? viaJson(list) : list, options)));
    }
  });

  test(`${flavour}: surveyForms gives each survey with its scale, questions and compact columns`, () => {
    const forms = api.Engine.withDefaults().surveyForms();
    assert.deepEqual(forms.surveys.map((f) => f.code), ['property', 'volunteer']);
    const [property] = forms.surveys;
    assert.equal(property.columns[0], 'overall');
    assert.equal(property.columns.length, 9);
    assert.deepEqual(property.scale.levels.map((l) => [l.name, l.satisfied, l.basic]),
      [['非常满意', true, false], ['满意', true, false], ['基本满意', false, true], ['不满意', false, false], ['非常不满意', false, false]]);
    assert.deepEqual(property.importance, { text: property.importance.text, min: 1, max: 5 });
    assert.equal(forms.surveys[1].recommend, null);
    assert.equal(forms.rulebook.id, 'shequ-default');
  });

  test(`${flavour}: hostile responses never break scoreSurvey`, () => {
    const engine = api.Engine.withDefaults();
    const throwing = { get answers() { throw new Error('boom'); } };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const bad of [[throwing], [revoked.proxy], [{ answers: { overall: 'satisfied', toJSON() { return 1; } } }],
      [{ answers: { overall: '\ud800' } }], [{ respondent: '\udc00', answers: {} }], [Object.create(null)], new Array(3)]) {
      try {
        const out = engine.scoreSurvey(bad);
        assert.equal(typeof out.n, 'number');
      } catch (e) {
        assert.ok(e instanceof Error && e.name === 'ShequRulesError' && typeof e.code === 'string', String(e));
      }
    }
    // The engine still works.
    assert.equal(engine.scoreSurvey([{ answers: { volunteerAttitude: '满意', volunteerResult: '满意' } }], { survey: 'volunteer' }).valid, 1);
  });
}
