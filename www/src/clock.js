// Moments as the rules write them: ISO 8601 in China time (+08:00), whatever the phone's zone.

/** Now (or `date`) as `YYYY-MM-DDTHH:MM:SS+08:00`. */
export function chinaNow(date = new Date()) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}
/** The month (YYYY-MM) of a moment in China time. */
export const chinaMonth = (date = new Date()) => chinaNow(date).slice(0, 7);

const WEEKDAYS = '日一二三四五六';
/** `2026-10-08T17:30:00+08:00` → `10月8日（周四）17:30`, with the year when it is not `thisYear`. */
export function shortMoment(iso, thisYear = chinaNow().slice(0, 4)) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso ?? '');
  if (!m) return iso ?? '';
  const [, y, mo, d, h, mi] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay();
  return `${y === thisYear ? '' : `${y}年`}${Number(mo)}月${Number(d)}日（周${WEEKDAYS[day]}）${h}:${mi}`;
}

/** A length of time in hours as people say it: `2 小时 30 分`, `3 天 4 小时`. */
export function spoken(hours) {
  const minutes = Math.round(Math.abs(hours) * 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const mi = minutes % 60;
  if (d) return h ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h) return mi ? `${h} 小时 ${mi} 分` : `${h} 小时`;
  return `${mi} 分钟`;
}
