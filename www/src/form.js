// A form over one rule: values as typed, an error under the field it concerns (named by its
// label, in Chinese, cleared as the user edits), focus on the first bad field.
import { reactive, ref, nextTick, watch } from 'vue';
import { parseNumber } from './numbers.js';

/** The engine's error in the words of the form: named by the field's label, no codes or paths. */
export function fieldMessage(field, e) {
  const l = field.label;
  // The engine's message reads 输入有误 /path：detail; the form names the field itself.
  const m = String(e.message ?? '').replace(/^输入有误\s*\S*：/, '');
  switch (e.code) {
    case 'MISSING_FIELD':
      return `请填写${l}`;
    case 'NEGATIVE':
      return `${l}不能为负数`;
    case 'NOT_INTEGER':
      return `${l}应为整数`;
    case 'WRONG_TYPE':
      return field.number ? `${l}请填写数字` : `${l}：${m}`;
    case 'INVALID_DATE':
      return `${l}不是有效的日期`;
    case 'OUT_OF_RANGE': {
      const r = /范围\s*(-?[\d.]+)\s*[–-]\s*(-?[\d.]+)/.exec(m);
      if (r && Number(r[2]) < 1e9) return `${l}应在 ${r[1]}–${r[2]} 之间`;
      return `${l}数值过大`;
    }
    default:
      return m.startsWith(l) ? m : `${l}：${m.replaceAll(field.name, l)}`;
  }
}

/**
 * `fields`: [{ name, label, number? }]. `pathToField(path)` maps an engine error path to a
 * field name (default: the last segment).
 */
export function useRuleForm(fields, { pathToField = (p) => p.split('/').pop() } = {}) {
  const values = reactive(Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])));
  const errors = reactive({});
  const general = ref('');
  const refs = {};
  const setRef = (name) => (el) => {
    if (el) refs[name] = el;
  };
  for (const f of fields) {
    watch(
      () => values[f.name],
      () => {
        delete errors[f.name];
        general.value = '';
      },
    );
  }

  /** The rule input: blank fields left out, number fields parsed (３６５０, 3,650). */
  function input() {
    const out = {};
    for (const f of fields) {
      const raw = String(values[f.name] ?? '').trim();
      if (raw === '') continue;
      out[f.name] = f.number ? parseNumber(raw) : raw;
    }
    return out;
  }

  /** Runs `compute(input)`; on an engine error puts it under its field and focuses it. */
  async function run(compute) {
    for (const k of Object.keys(errors)) delete errors[k];
    general.value = '';
    try {
      return compute(input());
    } catch (e) {
      const name = e && e.path ? pathToField(e.path) : '';
      const field = fields.find((f) => f.name === name);
      if (field) {
        errors[field.name] = fieldMessage(field, e);
        await nextTick();
        refs[field.name]?.focus?.();
      } else {
        general.value = e && e.message ? e.message : String(e);
      }
      return null;
    }
  }
  return { values, errors, general, run, setRef };
}

/** Brings a result into view (at 320×568 it lands below the fold otherwise). */
export async function reveal(el) {
  await nextTick();
  el?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
}
