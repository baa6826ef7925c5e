// What a resident reads about a classified need, from a result of `classifyNeed` and the
// rulebook's resident wording. Scores, confidence, rule paths and the stamp are not here:
// they belong to the worker face.
import { itemWording, categoryWording, urgencyWording } from './engine.js';

export function residentView(result) {
  if (!result) return null;
  return {
    emergency: result.emergency,
    needsHuman: result.needsHuman,
    category: result.category ? categoryWording(result.category.code) : '',
    item: result.item ? itemWording(result.item.code) : '',
    handler: result.needsHuman ? '社区工作人员（先查看再转交）' : result.handler,
    urgency: result.urgency ? { code: result.urgency.code, text: urgencyWording(result.urgency.code) } : null,
    outOfScope: Boolean(result.category && result.category.code === 'other'),
  };
}

/** Numbers an emergency gives: the tappable ones (digits) and the ones to look up. */
export const callable = (n) => /^[0-9-]+$/.test(n);

export const URGENCY_CLASS = { ji: 'u-ji', nan: 'u-nan', chou: 'u-chou', pan: 'u-pan' };
