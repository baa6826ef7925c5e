#!/usr/bin/env python3
"""Writes tests/vectors/satisfaction.json: 满意度测评 cases with their expected results
computed here, independently of the engine (intervals by statsmodels, α by pingouin), on the
default rulebook and on patched ones.

  /tmp/statsenv/bin/python scripts/gen-satisfaction-vectors.py   (venv: see gen-satisfaction-fixture.py)
"""
import copy
import json
import math
import os
import random

import pandas as pd
import pingouin as pg
from statsmodels.stats.proportion import proportion_confint

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RB = json.load(open(os.path.join(repo, 'src', 'rulebook', 'default.json'), encoding='utf8'))
rng = random.Random(4)


def pointer(doc, path):
    for part in path.strip('/').split('/'):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def patched(ops):
    rb = copy.deepcopy(RB)
    for op in ops:
        parent, last = op['path'].rsplit('/', 1)
        target = pointer(rb, parent) if parent else rb
        if isinstance(target, list):
            last = int(last)
            if op['op'] == 'set':
                if last == len(target):
                    target.append(op['value'])
                else:
                    target[last] = op['value']
            else:
                target.pop(last)
        elif op['op'] == 'set':
            target[last] = op['value']
        else:
            target.pop(last, None)
    return rb


def oracle(rb, responses, survey_code=None):
    """The expected result's figures, from the rules as the rulebook states them."""
    sec = rb['satisfaction']
    survey = sec['surveys'][0] if survey_code is None else next(s for s in sec['surveys'] if s['code'] == survey_code)
    scale = next(s for s in sec['scales'] if s['code'] == survey['scale'])
    levels = scale['levels']
    by_text = {}
    for lv in levels:
        by_text[lv['code']] = lv
        by_text[lv['name']] = lv
    sat = set(scale['satisfied'])
    basic = scale.get('basic')
    overall = survey.get('overall')
    dims = survey['dimensions']
    qcodes = ([overall['code']] if overall else []) + [q['code'] for d in dims for q in d['questions']]
    rec = survey.get('recommend')
    imp = survey.get('importance')
    invalid = []
    parsed = []
    for i, r in enumerate(responses):
        probs = []
        if not isinstance(r, dict):
            invalid.append((i, 'WRONG_TYPE', f'/{i}'))
            parsed.append(None)
            continue
        ans = r.get('answers')
        got = {}
        recv = None
        if not isinstance(ans, dict):
            probs.append(('MISSING_FIELD' if ans is None else 'WRONG_TYPE', f'/{i}/answers'))
            ans = {}
        for k, v in ans.items():
            p = f'/{i}/answers/{k}'
            if k in qcodes:
                if v is None:
                    continue
                if not isinstance(v, str):
                    probs.append(('WRONG_TYPE', p))
                elif v not in by_text:
                    probs.append(('INVALID_VALUE', p))
                else:
                    got[k] = by_text[v]
            elif rec and k == rec['code']:
                if v is None:
                    continue
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    probs.append(('WRONG_TYPE', p))
                elif v != int(v):
                    probs.append(('NOT_INTEGER', p))
                elif v < 0:
                    probs.append(('NEGATIVE', p))
                elif v > 10:
                    probs.append(('OUT_OF_RANGE', p))
                else:
                    recv = int(v)
            else:
                probs.append(('UNKNOWN_FIELD', p))
        impv = {}
        if 'importance' in r:
            if not imp:
                probs.append(('UNKNOWN_FIELD', f'/{i}/importance'))
            else:
                for k, v in r['importance'].items():
                    p = f'/{i}/importance/{k}'
                    if k not in [d['code'] for d in dims]:
                        probs.append(('UNKNOWN_FIELD', p))
                    elif v is None:
                        pass
                    elif v < imp['min'] or v > imp['max']:
                        probs.append(('OUT_OF_RANGE', p))
                    else:
                        impv[k] = v
        for k in r:
            if k not in ('respondent', 'answers', 'importance'):
                probs.append(('UNKNOWN_FIELD', f'/{i}/{k}'))
        missing = sum(1 for q in qcodes if q not in got)
        if not probs and missing > survey['invalid']['maxMissing']:
            probs.append(('MISSING_FIELD', f'/{i}/answers'))
        # The engine lists an object's problems in key order (its JSON objects are sorted).
        for c, p in sorted(probs, key=lambda x: x[1]):
            invalid.append((i, c, p))
        parsed.append(None if probs else (r.get('respondent'), got, recv, impv))
    order = range(len(parsed)) if survey['invalid']['duplicate'] == 'keepFirst' else reversed(range(len(parsed)))
    seen = set()
    dropped = set()
    for i in order:
        if parsed[i] is None or parsed[i][0] is None:
            continue
        if parsed[i][0] in seen:
            invalid.append((i, 'DUPLICATE', f'/{i}/respondent'))
            dropped.add(i)
        else:
            seen.add(parsed[i][0])
    invalid.sort(key=lambda x: x[0])
    valid = [p for i, p in enumerate(parsed) if p is not None and i not in dropped]
    conf = sec['confidence']

    def rate(answers, with_basic):
        n = len(answers)
        x = sum(1 for a in answers if a['code'] in sat or (with_basic and a['code'] == basic))
        out = {'satisfied': x, 'n': n, 'rate': x / n if n else None}
        if n:
            lo, hi = proportion_confint(x, n, alpha=1 - conf, method='wilson')
            out['low'], out['high'] = float(lo), float(hi)
        else:
            out['low'] = out['high'] = None
        return out

    def both(answers):
        return {'strict': rate(answers, False), 'withBasic': rate(answers, True)}

    dim_answers = [[v[1][q['code']] for v in valid for q in d['questions'] if q['code'] in v[1]] for d in dims]
    means = [sum(a['score'] for a in xs) / len(xs) if xs else None for xs in dim_answers]
    wsum = sum(d['weight'] for d, m in zip(dims, means) if m is not None)
    index = sum(d['weight'] / wsum * m for d, m in zip(dims, means) if m is not None) if wsum > 0 else None
    if overall:
        headline = both([v[1][overall['code']] for v in valid if overall['code'] in v[1]])
    else:
        headline = both([a for xs in dim_answers for a in xs])

    def alpha(codes):
        rows = [[v[1][c]['score'] for c in codes] for v in valid if all(c in v[1] for c in codes)]
        if len(codes) < 2 or len(rows) < 2:
            return {'value': None, 'items': len(codes), 'n': len(rows)}
        totals = [sum(r) for r in rows]
        if max(totals) == min(totals):
            return {'value': None, 'items': len(codes), 'n': len(rows)}
        a = float(pg.cronbach_alpha(data=pd.DataFrame(rows))[0])
        return {'value': a, 'items': len(codes), 'n': len(rows)}

    expect = {
        'n': len(responses),
        'valid': len(valid),
        'invalid': [{'index': i, 'code': c, 'path': p} for i, c, p in invalid],
        'rate': {**headline, 'counted': 'withBasic' if survey['countBasic'] else 'strict',
                 'basis': 'overall' if overall else 'answers', 'confidence': conf},
        'index': index,
        'dimensions': [{'code': d['code'], 'n': len(xs), 'mean': m, **({} if m is None else {'rate': both(xs)}),
                        'alpha': alpha([q['code'] for q in d['questions']])}
                       for d, xs, m in zip(dims, dim_answers, means)],
        'alpha': alpha([q['code'] for d in dims for q in d['questions']]),
    }
    if rec:
        got = [v[2] for v in valid if v[2] is not None]
        pro = sum(1 for x in got if x >= rec['promoters'])
        det = sum(1 for x in got if x <= rec['detractors'])
        expect['recommendation'] = {'n': len(got), 'promoters': pro, 'detractors': det, 'passives': len(got) - pro - det,
                                    'score': (pro - det) / len(got) * 100 if got else None}
    t = survey.get('target')
    if t:
        counted = headline['withBasic' if survey['countBasic'] else 'strict']
        expect['target'] = {}
        if 'rate' in t:
            v = counted['rate']
            expect['target']['rate'] = {'target': t['rate'], 'value': v, 'met': v is not None and v >= t['rate'],
                                        'by': None if v is None else v - t['rate'],
                                        'lowerBoundMet': counted['low'] is not None and counted['low'] >= t['rate']}
        if 'index' in t:
            expect['target']['index'] = {'target': t['index'], 'value': index, 'met': index is not None and index >= t['index'],
                                         'by': None if index is None else index - t['index']}
    return expect


PROPERTY_Q = ['overall', 'cleaningCommon', 'cleaningGarbage', 'securityGate', 'securityParking',
              'repairsSpeed', 'repairsQuality', 'serviceAttitude', 'serviceInfo']
NAMES = ['非常满意', '满意', '基本满意', '不满意', '非常不满意']


def full(level, **extra):
    a = {q: level for q in PROPERTY_Q}
    a.update(extra)
    return a


def random_response(i, blank=0.03):
    mood = rng.random()
    a = {}
    for q in PROPERTY_Q:
        if rng.random() < blank:
            continue
        a[q] = rng.choices(NAMES, weights=[mood, 0.6, 0.4, 0.3 * (1 - mood), 0.2 * (1 - mood)])[0]
    if rng.random() < 0.7:
        a['recommend'] = rng.randint(0, 10)
    r = {'respondent': f'R{i}', 'answers': a}
    if rng.random() < 0.6:
        r['importance'] = {d: rng.randint(1, 5) for d in ['cleaning', 'security', 'repairs', 'service']}
    return r


cases = []


def case(name, responses, options=None, patch=None, error=None):
    c = {'name': name, 'method': 'scoreSurvey', 'input': responses}
    if options is not None:
        c['options'] = options
    if patch:
        c['rulebookPatch'] = patch
    if error:
        c['error'] = error
    else:
        c['expect'] = oracle(patched(patch or []), responses, (options or {}).get('survey'))
    cases.append(c)


# Sizes and extremes.
case('没有答卷（n = 0）：率与区间为 null，α 无定义', [])
case('一份答卷（n = 1）', [{'answers': full('满意')}])
case('全部非常满意', [{'answers': full('非常满意')} for _ in range(12)])
case('全部满意（等级代码）', [{'answers': full('satisfied')} for _ in range(7)])
case('无一满意', [{'answers': full('不满意')} for _ in range(9)])
case('全部基本满意：不含为 0，含为 100%', [{'answers': full('基本满意')} for _ in range(10)])
case('全部非常不满意', [{'answers': full('veryDissatisfied')} for _ in range(3)])
for k, n in enumerate([5, 20, 60, 150, 200]):
    case(f'随机答卷 {n} 份（第 {k + 1} 组）', [random_response(i) for i in range(n)])
for k in range(4):
    case(f'随机答卷含缺答（第 {k + 1} 组）', [random_response(i, blank=0.15) for i in range(80)])
# Missing answers.
case('缺 2 题：允许，缺答的题不计', [{'answers': {q: '满意' for q in PROPERTY_Q[2:]}}])
case('缺 3 题：超过允许，整份无效', [{'answers': {q: '满意' for q in PROPERTY_Q[3:]}}])
case('答案为 null 算缺答', [{'answers': full('满意', overall=None, serviceInfo=None)}])
case('缺总体题：不计入总体满意率，仍计维度', [{'answers': full('满意', overall=None)}, {'answers': full('不满意')}])
case('answers 缺失', [{'respondent': 'X'}])
case('answers 不是对象', [{'answers': ['满意']}])
# Out of scale and wrong types.
case('答案不在量表内', [{'answers': full('满意', repairsSpeed='还行')}, {'answers': full('满意')}])
case('答案为数字', [{'answers': full('满意', repairsSpeed=4)}])
case('答案为布尔值', [{'answers': full('满意', securityGate=True)}])
case('未知题目', [{'answers': full('满意', q99='满意')}])
case('答卷不是对象', ['满意', 3, None, {'answers': full('满意')}])
case('答卷多出字段', [{'answers': full('满意'), 'score': 5}])
case('一份答卷有多个问题：逐个列出', [{'answers': full('满意', q1='满意', repairsSpeed='好', serviceInfo=5)}])
case('推荐度超出 0–10', [{'answers': full('满意', recommend=11)}])
case('推荐度为负', [{'answers': full('满意', recommend=-1)}])
case('推荐度不是整数', [{'answers': full('满意', recommend=7.5)}])
case('推荐度为文字', [{'answers': full('满意', recommend='十')}])
case('推荐度 null 算未答', [{'answers': full('满意', recommend=None)}])
case('重要性超出 1–5', [{'answers': full('满意'), 'importance': {'cleaning': 6}}])
case('重要性未知维度', [{'answers': full('满意'), 'importance': {'parking': 3}}])
# Duplicates.
case('同一受访者两次：保留第一份', [{'respondent': 'A', 'answers': full('非常满意')}, {'respondent': 'A', 'answers': full('不满意')}, {'respondent': 'B', 'answers': full('满意')}])
case('同一受访者三次', [{'respondent': 'A', 'answers': full('满意')} for _ in range(3)])
case('无效答卷不占受访者', [{'respondent': 'A', 'answers': full('好')}, {'respondent': 'A', 'answers': full('满意')}])
case('志愿服务：同一受访者两次保留最后一份', [{'respondent': 'A', 'answers': {'volunteerAttitude': '不满意', 'volunteerResult': '不满意'}},
                                         {'respondent': 'A', 'answers': {'volunteerAttitude': '满意', 'volunteerResult': '满意'}}], {'survey': 'volunteer'})
# Recommendation.
case('推荐度：推荐者、中立者、贬损者', [{'answers': full('满意', recommend=x)} for x in [10, 9, 8, 7, 6, 0, 5, 9]])
# Targets and 基本满意.
case('志愿服务：19 满意 1 基本满意，目标 95% 达到但下限未达', [{'answers': {'volunteerAttitude': '满意', 'volunteerResult': '满意'}} for _ in range(19)]
     + [{'answers': {'volunteerAttitude': '基本满意', 'volunteerResult': '基本满意'}}], {'survey': 'volunteer'})
case('志愿服务：没有缺答余量', [{'answers': {'volunteerAttitude': '满意'}}], {'survey': 'volunteer'})
case('countBasic：目标按含基本满意判定', [{'answers': full('基本满意')} for _ in range(5)] + [{'answers': full('满意')} for _ in range(5)],
     patch=[{'op': 'set', 'path': '/satisfaction/surveys/0/countBasic', 'value': True}])
case('不含基本满意等级的量表', [{'answers': full('满意')}, {'answers': full('不满意')}],
     patch=[{'op': 'remove', 'path': '/satisfaction/scales/0/basic'}])
case('较多样本：300 份', [random_response(i) for i in range(300)])
# Weights.
case('权重之和不为 1：按比例归一', [random_response(i) for i in range(30)],
     patch=[{'op': 'set', 'path': f'/satisfaction/surveys/0/dimensions/{d}/weight', 'value': w} for d, w in enumerate([2, 3, 1, 4])])
case('一个维度没有答案：其权重不计', [{'answers': {'overall': '满意', 'cleaningCommon': '满意', 'cleaningGarbage': '不满意', 'securityGate': '满意', 'securityParking': '满意',
                                                'repairsSpeed': '满意', 'repairsQuality': '满意'}}],
     patch=[{'op': 'set', 'path': '/satisfaction/surveys/0/invalid/maxMissing', 'value': 3}])
case('权重为 0 的维度', [random_response(i) for i in range(20)],
     patch=[{'op': 'set', 'path': '/satisfaction/surveys/0/dimensions/0/weight', 'value': 0}])
# One question; α undefined.
one_q = [{'op': 'set', 'path': '/satisfaction/surveys/1/dimensions/0/questions', 'value': [{'code': 'only', 'text': '总体评价'}]}]
case('只有一道题：α 无定义', [{'answers': {'only': x}} for x in ['满意', '不满意', '非常满意']], {'survey': 'volunteer'}, one_q)
case('各题都作答的少于 2 份：α 无定义', [{'answers': full('满意')}, {'answers': full('满意', overall=None, repairsSpeed=None)}])
case('总分没有差异：α 无定义', [{'answers': full('满意')}, {'answers': full('满意')}])
case('两道题完全一致：α = 1', [{'answers': {'volunteerAttitude': x, 'volunteerResult': x}} for x in NAMES], {'survey': 'volunteer'})
case('两道题完全相反', [{'answers': {'volunteerAttitude': x, 'volunteerResult': y}} for x, y in zip(NAMES, reversed(NAMES))], {'survey': 'volunteer'})
# Other scales and confidence.
case('置信水平 0.9', [random_response(i) for i in range(50)], patch=[{'op': 'set', 'path': '/satisfaction/confidence', 'value': 0.9}])
case('置信水平 0.99', [random_response(i) for i in range(50)], patch=[{'op': 'set', 'path': '/satisfaction/confidence', 'value': 0.99}])
three = {'code': 'threeLevel', 'name': '三级', 'levels': [{'code': 'good', 'name': '好', 'score': 100}, {'code': 'ok', 'name': '一般', 'score': 50},
                                                           {'code': 'bad', 'name': '差', 'score': 0}], 'satisfied': ['good'], 'basic': 'ok'}
case('社区自己的三级量表', [{'answers': {'volunteerAttitude': x, 'volunteerResult': y}} for x, y in [('好', '好'), ('一般', '好'), ('差', '一般'), ('好', '差')]],
     {'survey': 'volunteer'}, [{'op': 'set', 'path': '/satisfaction/scales/1', 'value': three},
                               {'op': 'set', 'path': '/satisfaction/surveys/1/scale', 'value': 'threeLevel'}])
case('没有总体题：满意率按全部答案', [random_response(i) for i in range(40)], patch=[{'op': 'remove', 'path': '/satisfaction/surveys/0/overall'}])
case('没有目标', [{'answers': full('满意')}], patch=[{'op': 'remove', 'path': '/satisfaction/surveys/0/target'}])
case('不问重要性时答了重要性', [{'answers': {'volunteerAttitude': '满意', 'volunteerResult': '满意'}, 'importance': {'volunteerService': 5}}], {'survey': 'volunteer'})
# Errors of the call.
case('答卷不是数组', {'answers': {}}, error={'code': 'WRONG_TYPE', 'path': ''})
case('未知测评', [], {'survey': 'parking'}, error={'code': 'INVALID_VALUE', 'path': '/survey'})
case('选项多出字段', [], {'survey': 'property', 'month': '2026-12'}, error={'code': 'UNKNOWN_FIELD', 'path': '/month'})
case('测评代码不是文字', [], {'survey': 3}, error={'code': 'WRONG_TYPE', 'path': '/survey'})
# Rulebook problems.
for name, ops, path, code in [
    ('规则库：置信水平为 1', [{'op': 'set', 'path': '/satisfaction/confidence', 'value': 1}], '/satisfaction/confidence', 'OUT_OF_RANGE'),
    ('规则库：满意等级未知', [{'op': 'set', 'path': '/satisfaction/scales/0/satisfied/1', 'value': 'great'}], '/satisfaction/scales/0/satisfied/1', 'INVALID_VALUE'),
    ('规则库：基本满意也列为满意', [{'op': 'set', 'path': '/satisfaction/scales/0/satisfied/2', 'value': 'basic'}], '/satisfaction/scales/0/basic', 'INCONSISTENT'),
    ('规则库：测评引用未知量表', [{'op': 'set', 'path': '/satisfaction/surveys/0/scale', 'value': 'ten'}], '/satisfaction/surveys/0/scale', 'INVALID_VALUE'),
    ('规则库：题目代码重复', [{'op': 'set', 'path': '/satisfaction/surveys/0/dimensions/1/questions/0/code', 'value': 'cleaningCommon'}],
     '/satisfaction/surveys/0/dimensions/1/questions/0/code', 'DUPLICATE'),
    ('规则库：权重全为 0', [{'op': 'set', 'path': '/satisfaction/surveys/1/dimensions/0/weight', 'value': 0}], '/satisfaction/surveys/1/dimensions', 'OUT_OF_RANGE'),
    ('规则库：权重为负', [{'op': 'set', 'path': '/satisfaction/surveys/0/dimensions/0/weight', 'value': -1}], '/satisfaction/surveys/0/dimensions/0/weight', 'NEGATIVE'),
    ('规则库：等级分值超过 100', [{'op': 'set', 'path': '/satisfaction/scales/0/levels/0/score', 'value': 120}], '/satisfaction/scales/0/levels/0/score', 'OUT_OF_RANGE'),
    ('规则库：缺少 invalid', [{'op': 'remove', 'path': '/satisfaction/surveys/0/invalid'}], '/satisfaction/surveys/0/invalid', 'MISSING_FIELD'),
    ('规则库：贬损者上限不低于推荐者下限', [{'op': 'set', 'path': '/satisfaction/surveys/0/recommend/detractors', 'value': 9}],
     '/satisfaction/surveys/0/recommend/detractors', 'INCONSISTENT'),
    ('规则库：countBasic 但量表无基本满意', [{'op': 'remove', 'path': '/satisfaction/scales/0/basic'},
                                      {'op': 'set', 'path': '/satisfaction/surveys/0/countBasic', 'value': True}], '/satisfaction/surveys/0/countBasic', 'INCONSISTENT'),
    ('规则库：缺少象限名称', [{'op': 'remove', 'path': '/satisfaction/quadrants'}], '/satisfaction/quadrants', 'MISSING_FIELD'),
    ('规则库：象限名称为空', [{'op': 'set', 'path': '/satisfaction/quadrants/improve', 'value': '  '}], '/satisfaction/quadrants/improve', 'INVALID_VALUE'),
    ('规则库：象限多出一项', [{'op': 'set', 'path': '/satisfaction/quadrants/other', 'value': '其他'}], '/satisfaction/quadrants/other', 'UNKNOWN_FIELD'),
    ('规则库：测评多出字段', [{'op': 'set', 'path': '/satisfaction/surveys/0/colour', 'value': 'red'}], '/satisfaction/surveys/0/colour', 'UNKNOWN_FIELD'),
]:
    cases.append({'name': name, 'method': 'validateRulebook', 'rulebookPatch': ops, 'expect': [{'code': code, 'path': path}]})

# surveyForms: every survey with its scale, questions and the compact form's columns.
def form_of(rb, sv):
    scale = next(x for x in rb['satisfaction']['scales'] if x['code'] == sv['scale'])
    return {
        'code': sv['code'], 'name': sv['name'],
        'scale': {'code': scale['code'], 'name': scale['name'], 'levels': [
            {'code': l['code'], 'name': l['name'], 'score': l['score'], 'satisfied': l['code'] in scale['satisfied'],
             'basic': l['code'] == scale.get('basic')} for l in scale['levels']]},
        'countBasic': sv['countBasic'], 'overall': sv.get('overall'),
        'dimensions': sv['dimensions'], 'importance': sv.get('importance'), 'recommend': sv.get('recommend'),
        'targetRate': sv.get('target', {}).get('rate'), 'targetIndex': sv.get('target', {}).get('index'),
        'maxMissing': sv['invalid']['maxMissing'], 'duplicate': sv['invalid']['duplicate'],
        'columns': ([sv['overall']['code']] if 'overall' in sv else []) + [q['code'] for d in sv['dimensions'] for q in d['questions']],
    }

for name, ops in [
    ('surveyForms：默认规则库的两份测评', []),
    ('surveyForms：社区改了量表名称、去掉总体题和重要性', [
        {'op': 'set', 'path': '/satisfaction/scales/0/levels/2/name', 'value': '一般'},
        {'op': 'remove', 'path': '/satisfaction/surveys/0/overall'},
        {'op': 'remove', 'path': '/satisfaction/surveys/0/importance'}]),
]:
    rb = patched(ops)
    c = {'name': name, 'method': 'surveyForms',
         'expect': {'surveys': [form_of(rb, sv) for sv in rb['satisfaction']['surveys']]}}
    if ops:
        c['rulebookPatch'] = ops
    cases.append(c)
cases.append({'name': 'surveyForms：规则库没有 satisfaction 部分', 'method': 'surveyForms',
              'rulebookPatch': [{'op': 'remove', 'path': '/satisfaction'}], 'error': {'code': 'SECTION_MISSING'}})

doc = {
    'description': '满意度测评 (DOMAIN §4): scoreSurvey on the default rulebook and patched ones, and section validation. '
                   'Expected figures computed by scripts/gen-satisfaction-vectors.py from the rules, independently of the engine '
                   '(Wilson intervals by statsmodels, α by pingouin).',
    'cases': cases,
}
with open(os.path.join(repo, 'tests', 'vectors', 'satisfaction.json'), 'w', encoding='utf8') as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write('\n')
print(len(cases), 'cases')
