// Typings of 满意度测评 in the installed package, type-checked by scripts/test.sh with strict
// TypeScript in the fresh project: what a caller writes compiles, what it must not write
// does not.
import type { Engine, SurveyForm, SurveyForms, SurveyResponse, SurveyScore } from 'shequ-rules';

declare const engine: Engine;
const forms: SurveyForms = engine.surveyForms();
const form: SurveyForm = forms.surveys[0];
const columns: string[] = form.columns;
const levelNames: string[] = form.scale.levels.filter((l) => l.satisfied || l.basic).map((l) => l.name);
const importance: { min: number; max: number } | null = form.importance;
const responses: SurveyResponse[] = [
  { respondent: 'R1', answers: { overall: '满意', recommend: 9, serviceInfo: null }, importance: { cleaning: 5 } },
  { answers: {} },
];
const score: SurveyScore = engine.scoreSurvey(responses, { survey: form.code });
const byDefault: SurveyScore = engine.scoreSurvey(responses, undefined);
const strict: number | null = score.rate.strict.rate;
const low: number | null = byDefault.rate.withBasic.low;
const quadrant: 'strength' | 'improve' | 'maintain' | 'opportunity' | undefined = score.dimensions[0]?.quadrant?.code;
const invalidPaths: string[] = score.invalid.map((x) => x.path);
const stamp: string = score.rulebook.hash;
// @ts-expect-error the survey is named by its code (a string)
engine.scoreSurvey(responses, { survey: 5 });
// @ts-expect-error answers are required
engine.scoreSurvey([{ respondent: 'R2' }], undefined);
// @ts-expect-error the compact entry is internal to the package's JavaScript
engine.scoreSurveyCompact(new Uint8Array(0), {});
export { columns, levelNames, importance, strict, low, quadrant, invalidPaths, stamp };
