import { Engine, defaultRulebook, redact } from 'shequ-rules';
import './style.css';

const engine = Engine.withDefaults();
const info = engine.rulebookInfo();
document.querySelector('#stamp').textContent =
  `规则库：${info.name} · ${info.id}@${info.version} · ${info.hash.slice(0, 12)}`;

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Tabs
for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll('[role="tab"]')) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      $(`#tab-${t.dataset.tab}`).hidden = !on;
    }
  });
}

/** Form text → rule input: blank fields are left out, numbers become numbers, anything else
 * is passed as typed so the engine itself explains what is wrong with it. */
function readFields(form, names) {
  const input = {};
  for (const name of names) {
    const raw = form.elements[name].value.trim();
    if (raw === '') continue;
    input[name] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return input;
}

function showError(form, out, e) {
  const field = e.path ? e.path.split('/').pop() : '';
  const input = field && form.elements[field];
  if (input instanceof HTMLInputElement) input.setAttribute('aria-invalid', 'true');
  out.innerHTML = `<p class="error" role="alert">${esc(e.message)}<br><code>${esc(e.code)} ${esc(e.path || '/')}</code></p>`;
}

function run(form, out, compute) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  try {
    out.innerHTML = compute();
  } catch (e) {
    showError(form, out, e);
  }
}

const stepsList = (steps) =>
  `<ol class="steps">${steps.map((s) => `<li>${esc(s.label)}：${esc(s.formula)}</li>`).join('')}</ol>`;

const BAND = { above: '超出标准规模', standard: '标准规模', below: '低于标准规模（等比核减）' };

const staffingForm = $('#staffing-form');
staffingForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  run(staffingForm, $('#staffing-result'), () => {
    const r = engine.staffing(readFields(staffingForm, ['households', 'residents', 'committeeMembers']));
    const c = r.committee;
    const committee = c.withinRange === undefined
      ? `<span class="tag">两委一般 ${c.min}–${c.max} 人</span>`
      : `<span class="tag ${c.withinRange ? 'ok' : 'warn'}">两委 ${c.actual} 人，${c.withinRange ? '在' : '不在'} ${c.min}–${c.max} 人范围内</span>`;
    return `<p>应配社区工作者 <span class="big" data-testid="workers">${r.workers}</span> 名</p>
      <p><span class="tag">${BAND[r.band]}</span>${committee}</p>${stepsList(r.steps)}`;
  });
});

const districtForm = $('#district-form');
districtForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  run(districtForm, $('#district-result'), () => {
    const r = engine.districtStaffing(readFields(districtForm, ['urbanResidents', 'workers']));
    const verdict = r.meetsNorm
      ? '<span class="tag ok">达到配备标准</span>'
      : `<span class="tag warn">缺口 ${r.shortfall} 名</span>`;
    return `<p>应配不少于 <span class="big">${r.required}</span> 名 ${verdict}</p>
      <p>现有每${r.unitResidents}人 ${r.perUnit} 名</p>${stepsList(r.steps)}`;
  });
});

// Community class: one field per assessment dimension of the rulebook.
const rulebook = defaultRulebook();
const classForm = $('#class-form');
$('#class-fields').innerHTML = rulebook.community.classes.dimensions
  .map((d) => `<label>${esc(d.name)}<input name="${esc(d.code)}" inputmode="decimal" value="85" /></label>`)
  .join('');
classForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  run(classForm, $('#class-result'), () => {
    const codes = rulebook.community.classes.dimensions.map((d) => d.code);
    const scores = readFields(classForm, codes);
    const r = engine.communityClass({ scores });
    return `<p>评定为 <span class="big" data-testid="class">${esc(r.name)}</span></p>
      <p><span class="tag">平均 ${r.mean}</span><span class="tag">最低 ${esc(r.lowest.name)} ${r.lowest.score}</span></p>
      <ol class="steps">${r.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ol>`;
  });
});

const meetingsForm = $('#meetings-form');
const today = new Date();
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
meetingsForm.elements.from.value = iso(new Date(today.getFullYear(), today.getMonth(), 1));
meetingsForm.elements.to.value = iso(new Date(today.getFullYear(), today.getMonth() + 1, 0));
meetingsForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  run(meetingsForm, $('#meetings-result'), () => {
    const input = { from: meetingsForm.elements.from.value, to: meetingsForm.elements.to.value };
    const r = engine.meetingDates(input);
    if (r.meetings.length === 0) return '<p>该时间段内没有例会。</p>';
    return `<p>共 <b data-testid="meeting-count">${r.meetings.length}</b> 次例会</p><ul class="meetings">${r.meetings
      .map((m) => `<li><span class="date">${m.date} ${m.weekday}</span><span class="${esc(m.code)}">${esc(m.name)}</span></li>`)
      .join('')}</ul>`;
  });
});

// 诉求上报: categorise as the resident types, on the masked text (offsets are unchanged by
// masking), and highlight the evidence in it.
const KIND_LABEL = {
  item: '条目', category: '类别', outOfScope: '其他', urgency: '紧急', negation: '否定', greeting: '问候', ignore: '忽略',
  emergency: '紧急情况',
};

/** An emergency comes first, before any category: whom to call, as tappable numbers. */
function emergencyBanner(em) {
  if (!em) return '';
  const calls = em.call
    .map((n) => (/^\d+$/.test(n) ? `<a class="call" href="tel:${esc(n)}">拨打 ${esc(n)}</a>` : `<span class="call">${esc(n)}</span>`))
    .join('');
  return `<div class="emergency" role="alert" data-testid="emergency"><p><b>紧急情况：${esc(em.name)}</b></p>
    <p>${esc(em.instruction)}</p><p>${calls}</p><p class="hint">请先打电话求助，再提交诉求。</p></div>`;
}

function highlighted(text, evidence) {
  const spans = [...evidence].sort((a, b) => a.start - b.start || b.end - a.end);
  let html = '';
  let at = 0;
  for (const e of spans) {
    if (e.start < at) continue; // overlaps a span already marked
    html += esc(text.slice(at, e.start));
    const cls = `${e.kind}${e.discounted ? ' discounted' : ''}`;
    html += `<mark class="${cls}" title="${esc(KIND_LABEL[e.kind])} · ${esc(e.rule)} · 权重 ${e.weight}">${esc(text.slice(e.start, e.end))}</mark>`;
    at = e.end;
  }
  return html + esc(text.slice(at));
}

const needText = $('#need-text');
const needOut = $('#need-result');
function updateNeed() {
  const raw = needText.value;
  if (raw.trim() === '') {
    needOut.innerHTML = '<p class="hint">输入后即时显示分类、紧急程度和处理部门。</p>';
    return;
  }
  try {
    const masked = redact(raw);
    const r = engine.classifyNeed(masked.text);
    const urgency = r.urgency
      ? `<span class="urgency ${esc(r.urgency.code)}" data-testid="urgency">${esc(r.urgency.name)}</span>`
      : '';
    const head = r.category
      ? `<div class="need-head"><span class="big" data-testid="need-category">${esc(r.category.name)}</span>
           ${r.item ? `<span data-testid="need-item">${esc(r.item.name)}</span>` : ''}${urgency}</div>
         <div class="meter" title="置信度 ${r.confidence}"><span style="width:${Math.round(r.confidence * 100)}%"></span></div>
         <p>处理：<b data-testid="need-handler">${esc(r.handler)}</b></p>`
      : `<p class="human" data-testid="need-human">没有把握自动分类，将转工作人员查看。${urgency}</p>`;
    const alts = r.alternatives.length
      ? `<p class="hint">${r.category ? '其他可能' : '可能是'}：</p><ol class="alts">${r.alternatives
          .map((a) => `<li>${esc(a.category.name)}${a.item ? ` · ${esc(a.item.name)}` : ''}（${a.score}）</li>`)
          .join('')}</ol>`
      : '';
    const maskedNote = masked.masked.length ? `<p class="hint" data-testid="masked-note">已打码 ${masked.masked.length} 处个人信息。</p>` : '';
    needOut.innerHTML = `${emergencyBanner(r.emergency)}${head}<div class="preview" data-testid="need-preview">${highlighted(masked.text, r.evidence)}</div>${maskedNote}${alts}`;
  } catch (e) {
    needOut.innerHTML = `<p class="error" role="alert">${esc(e.message)}<br><code>${esc(e.code)} ${esc(e.path || '/')}</code></p>`;
  }
}
needText.addEventListener('input', updateNeed);
