// A form over one rule: values as typed, an error under the field it concerns (named by its
// label, in Chinese, cleared as the user edits), focus on the first bad field.
import { reactive, ref, nextTick, watch } from 'vue';
import { parseNumber } from './numbers.js';

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
        errors[field.name] = `${field.label}：${e.message}`;
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
