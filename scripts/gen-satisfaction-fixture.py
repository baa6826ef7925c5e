#!/usr/bin/env python3
"""Writes tests/fixtures/satisfaction-stats.json: figures of established statistics packages
on generated data, which the satisfaction family's tests match to 1e-9.

  python3 -m venv /tmp/statsenv && /tmp/statsenv/bin/pip install statsmodels pingouin
  /tmp/statsenv/bin/python scripts/gen-satisfaction-fixture.py

- Wilson intervals: statsmodels' proportion_confint(method='wilson');
- normal quantiles: SciPy's norm.ppf;
- Cronbach's α: pingouin's cronbach_alpha;
- whole surveys: responses to the default rulebook's 物业服务满意度测评, with their headline
  rates (Wilson, statsmodels), weighted index and α over the complete responses (pingouin,
  listwise), computed here from the raw answers, independently of the engine.
"""
import json
import os
import random

import numpy as np
import pandas as pd
import pingouin as pg
import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
rng = random.Random(20261203)

wilson = []
for _ in range(400):
    n = rng.choice([1, 2, 3, 5, 10, 30, 100, 1000, 12345]) if rng.random() < 0.5 else rng.randint(1, 5000)
    x = rng.choice([0, n, rng.randint(0, n)])
    conf = rng.choice([0.8, 0.9, 0.95, 0.95, 0.99, 0.999])
    lo, hi = proportion_confint(x, n, alpha=1 - conf, method='wilson')
    wilson.append({'x': x, 'n': n, 'confidence': conf, 'low': float(lo), 'high': float(hi)})

quantiles = []
for p in [1e-300, 1e-50, 1e-12, 1e-6, 0.0005, 0.005, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9,
          0.95, 0.975, 0.995, 0.9995, 0.999999] + [rng.random() for _ in range(80)]:
    quantiles.append({'p': p, 'z': float(norm.ppf(p))})

scores = [100, 80, 60, 40, 20]
alpha = []
for _ in range(60):
    rows = rng.randint(2, 80)
    k = rng.randint(2, 12)
    data = []
    for _ in range(rows):
        base = rng.randint(0, 4)
        data.append([scores[min(4, max(0, base + rng.choice([-1, 0, 0, 1])))] for _ in range(k)])
    df = pd.DataFrame(data)
    a = pg.cronbach_alpha(data=df)[0]
    if np.isnan(a):
        continue
    alpha.append({'rows': data, 'alpha': float(a)})

# Whole surveys on the default rulebook's property survey.
rulebook = json.load(open(os.path.join(repo, 'src', 'rulebook', 'default.json'), encoding='utf8'))
survey = rulebook['satisfaction']['surveys'][0]
scale = rulebook['satisfaction']['scales'][0]
levels = scale['levels']
satisfied = set(scale['satisfied'])
basic = scale['basic']
dims = survey['dimensions']
qcodes = [q['code'] for d in dims for q in d['questions']]
surveys = []
for s in range(8):
    n = rng.choice([5, 40, 120, 300])
    responses = []
    for i in range(n):
        mood = rng.random()
        answers = {}
        for q in ['overall'] + qcodes:
            if rng.random() < 0.04:
                continue  # a blank answer (at most 2 of 9 expected; more make the response invalid)
            w = [mood, 0.6, 0.4, 0.3 * (1 - mood), 0.2 * (1 - mood)]
            answers[q] = rng.choices([lv['code'] if rng.random() < 0.5 else lv['name'] for lv in levels], weights=w)[0]
        resp = {'respondent': f'R{i}', 'answers': answers}
        if rng.random() < 0.7:
            resp['importance'] = {d['code']: rng.randint(1, 5) for d in dims}
        if rng.random() < 0.8:
            answers['recommend'] = rng.randint(0, 10)
        responses.append(resp)
    # Independent computation.
    code_of = {lv['name']: lv['code'] for lv in levels} | {lv['code']: lv['code'] for lv in levels}
    score_of = {lv['code']: lv['score'] for lv in levels}
    valid = [r for r in responses if sum(1 for q in ['overall'] + qcodes if q not in r['answers']) <= survey['invalid']['maxMissing']]
    overall = [code_of[r['answers']['overall']] for r in valid if 'overall' in r['answers']]
    x_strict = sum(1 for a in overall if a in satisfied)
    x_basic = sum(1 for a in overall if a in satisfied or a == basic)
    conf = rulebook['satisfaction']['confidence']
    def ci(x, m):
        if m == 0:
            return None
        lo, hi = proportion_confint(x, m, alpha=1 - conf, method='wilson')
        return [float(lo), float(hi)]
    means = []
    for d in dims:
        got = [score_of[code_of[r['answers'][q['code']]]] for r in valid for q in d['questions'] if q['code'] in r['answers']]
        means.append(float(np.mean(got)) if got else None)
    wsum = sum(d['weight'] for d, m in zip(dims, means) if m is not None)
    index = sum(d['weight'] / wsum * m for d, m in zip(dims, means) if m is not None)
    complete = [[score_of[code_of[r['answers'][q]]] for q in qcodes] for r in valid if all(q in r['answers'] for q in qcodes)]
    a = float(pg.cronbach_alpha(data=pd.DataFrame(complete))[0]) if len(complete) >= 2 else None
    surveys.append({
        'responses': responses,
        'valid': len(valid),
        'strict': {'x': x_strict, 'n': len(overall), 'ci': ci(x_strict, len(overall))},
        'withBasic': {'x': x_basic, 'n': len(overall), 'ci': ci(x_basic, len(overall))},
        'index': index,
        'dimensionMeans': means,
        'alpha': a if a is None or not np.isnan(a) else None,
        'alphaRows': len(complete),
    })

out = {
    'made_by': 'scripts/gen-satisfaction-fixture.py',
    'packages': {'statsmodels': statsmodels.__version__, 'pingouin': pg.__version__, 'scipy': scipy.__version__},
    'wilson': wilson,
    'quantiles': quantiles,
    'alpha': alpha,
    'surveys': surveys,
}
with open(os.path.join(repo, 'tests', 'fixtures', 'satisfaction-stats.json'), 'w', encoding='utf8') as f:
    json.dump(out, f, ensure_ascii=False, separators=(',', ':'))
    f.write('\n')
print(f"wilson {len(wilson)}, quantiles {len(quantiles)}, alpha {len(alpha)}, surveys {len(surveys)}")
