// Local data that survives reloads, in IndexedDB through `idb`: the requests a resident
// submitted, the batches a worker imported, the chosen rulebook and drafts. Used by the page
// and by the triage Worker (both open the same database).
import { openDB } from 'idb';

export const DB_NAME = 'shequ-rules-h5';
const VERSION = 4;

let dbPromise;
/** The database, opened once per context. */
export function db() {
  dbPromise ??= openDB(DB_NAME, VERSION, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) version1(d);
      // 四德积分银行: the ledger's events, sealed and chained (prev/hash), in the order they
      // were recorded (auto-increment keys keep it; the ledger is append-only).
      if (oldVersion < 2) d.createObjectStore('pointsEvents', { autoIncrement: true });
      // 三色预警: the disputes reported on this phone, { id, facts, reportedAt, respondedAt?,
      // resolvedAt?, createdAt, graded: { colour, rulebook } } — the colour and deadlines are
      // recomputed from the facts by the engine whenever the board shows them.
      if (oldVersion < 3) d.createObjectStore('disputes', { keyPath: 'id' });
      // 满意度测评: responses as given { survey, respondent?, answers, importance?, source,
      // createdAt } (auto-increment keys keep the order); every figure is the engine's.
      if (oldVersion < 4) d.createObjectStore('surveyResponses', { keyPath: 'id', autoIncrement: true });
    },
  });
  return dbPromise;
}

function version1(d) {
  // 诉求 a resident submitted: { id, text, createdAt, status, result }.
  d.createObjectStore('requests', { keyPath: 'id' });
  // Imported batches: { id, name, createdAt, count, columns, textColumn, subjectColumn, … }
  // and their rows apart, so the list of batches stays light.
  d.createObjectStore('batches', { keyPath: 'id' });
  d.createObjectStore('batchRows', { keyPath: 'id' });
  // Small settings: 'rulebook' (a community's rulebook JSON), 'draft' (诉求上报 text).
  d.createObjectStore('settings');
}

export const getSetting = async (key) => (await db()).get('settings', key);
export const setSetting = async (key, value) => (await db()).put('settings', value, key);
export const deleteSetting = async (key) => (await db()).delete('settings', key);

export async function listRequests() {
  const all = await (await db()).getAll('requests');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
export const putRequest = async (request) => (await db()).put('requests', request);

export async function listBatches() {
  const all = await (await db()).getAll('batches');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
export const getBatchRows = async (id) => (await db()).get('batchRows', id);
export async function deleteBatch(id) {
  const tx = (await db()).transaction(['batches', 'batchRows'], 'readwrite');
  await Promise.all([tx.objectStore('batches').delete(id), tx.objectStore('batchRows').delete(id), tx.done]);
}
/** A batch and its rows in one transaction: both are there, or neither. */
export async function putBatch(batch, rows) {
  const tx = (await db()).transaction(['batches', 'batchRows'], 'readwrite');
  await Promise.all([tx.objectStore('batches').put(batch), tx.objectStore('batchRows').put({ id: batch.id, ...rows }), tx.done]);
}

/** The points ledger's events in the order they were recorded. */
export const listPointsEvents = async () => (await db()).getAll('pointsEvents');
/** Appends one (sealed) event: the ledger is append-only, corrections are reverse events. */
export const appendPointsEvent = async (event) => (await db()).add('pointsEvents', event);

/** The reported disputes, newest first. */
export async function listDisputes() {
  const all = await (await db()).getAll('disputes');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
export const putDispute = async (dispute) => (await db()).put('disputes', dispute);

/** The survey responses in the order recorded. */
export const listSurveyResponses = async () => (await db()).getAll('surveyResponses');
/** Stores responses in one transaction (all or none); returns them with their ids. */
export async function addSurveyResponses(records) {
  const tx = (await db()).transaction('surveyResponses', 'readwrite');
  const ids = await Promise.all(records.map((r) => tx.store.add(r)));
  await tx.done;
  return records.map((r, i) => ({ ...r, id: ids[i] }));
}
/** Removes the responses of one survey. */
export async function clearSurveyResponses(survey) {
  const tx = (await db()).transaction('surveyResponses', 'readwrite');
  for (const r of await tx.store.getAll()) if (r.survey === survey) await tx.store.delete(r.id);
  await tx.done;
}

// ---- Backup: everything as one JSON document, and back. ----

export const BACKUP_FORMAT = 'shequ-rules-h5-backup';

export async function exportBackup() {
  const d = await db();
  const [requests, batches, batchRows, rulebook, pointsEvents, disputes, surveyResponses] = await Promise.all([
    d.getAll('requests'), d.getAll('batches'), d.getAll('batchRows'), d.get('settings', 'rulebook'), d.getAll('pointsEvents'), d.getAll('disputes'),
    d.getAll('surveyResponses'),
  ]);
  return { format: BACKUP_FORMAT, version: 1, exportedAt: new Date().toISOString(), requests, batches, batchRows, rulebook: rulebook ?? null, pointsEvents, disputes, surveyResponses };
}

/** Problems of a backup document, each { path, message }; empty when it can be imported. */
export function checkBackup(doc) {
  const problems = [];
  const bad = (path, message) => problems.push({ path, message });
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [{ path: '/', message: '不是备份文件（应为 JSON 对象）' }];
  if (doc.format !== BACKUP_FORMAT) bad('/format', `不是本应用的备份（format 应为 ${BACKUP_FORMAT}）`);
  if (doc.version !== 1) bad('/version', '不支持的备份版本');
  for (const key of ['requests', 'batches', 'batchRows']) if (!Array.isArray(doc[key])) bad(`/${key}`, '应为数组');
  const str = (v) => typeof v === 'string' && v.length > 0;
  (Array.isArray(doc.requests) ? doc.requests : []).forEach((r, i) => {
    if (!r || typeof r !== 'object') return bad(`/requests/${i}`, '应为对象');
    if (!str(r.id)) bad(`/requests/${i}/id`, '缺少诉求编号');
    if (typeof r.text !== 'string') bad(`/requests/${i}/text`, '缺少诉求内容');
    if (!str(r.createdAt) || Number.isNaN(Date.parse(r.createdAt))) bad(`/requests/${i}/createdAt`, '提交时间无效');
    if (!str(r.status)) bad(`/requests/${i}/status`, '缺少状态');
  });
  const batchIds = new Set();
  (Array.isArray(doc.batches) ? doc.batches : []).forEach((b, i) => {
    if (!b || typeof b !== 'object') return bad(`/batches/${i}`, '应为对象');
    if (!str(b.id)) bad(`/batches/${i}/id`, '缺少批次编号');
    else batchIds.add(b.id);
    if (!Number.isInteger(b.count) || b.count < 0) bad(`/batches/${i}/count`, '条数无效');
  });
  (Array.isArray(doc.batchRows) ? doc.batchRows : []).forEach((r, i) => {
    if (!r || typeof r !== 'object') return bad(`/batchRows/${i}`, '应为对象');
    if (!batchIds.has(r.id)) bad(`/batchRows/${i}/id`, '没有对应的批次');
    if (!Array.isArray(r.texts)) bad(`/batchRows/${i}/texts`, '应为数组');
  });
  // Backups made before the points ledger have no pointsEvents: then the ledger is kept as is.
  if (doc.pointsEvents !== undefined && !Array.isArray(doc.pointsEvents)) bad('/pointsEvents', '应为数组');
  (Array.isArray(doc.pointsEvents) ? doc.pointsEvents : []).forEach((e, i) => {
    if (!e || typeof e !== 'object' || Array.isArray(e)) bad(`/pointsEvents/${i}`, '应为对象');
  });
  // Backups made before 三色预警 have no disputes: then the disputes are kept as they are.
  if (doc.disputes !== undefined && !Array.isArray(doc.disputes)) bad('/disputes', '应为数组');
  const disputeIds = new Set();
  (Array.isArray(doc.disputes) ? doc.disputes : []).forEach((c, i) => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return bad(`/disputes/${i}`, '应为对象');
    if (!str(c.id)) bad(`/disputes/${i}/id`, '缺少纠纷编号');
    else if (disputeIds.has(c.id)) bad(`/disputes/${i}/id`, `编号 ${c.id} 重复`);
    else disputeIds.add(c.id);
    if (!c.facts || typeof c.facts !== 'object' || Array.isArray(c.facts)) bad(`/disputes/${i}/facts`, '应为对象');
    for (const k of ['reportedAt', 'createdAt']) if (!str(c[k]) || Number.isNaN(Date.parse(c[k]))) bad(`/disputes/${i}/${k}`, '时间无效');
  });
  // Backups made before 满意度测评 have no surveyResponses: then the responses are kept.
  if (doc.surveyResponses !== undefined && !Array.isArray(doc.surveyResponses)) bad('/surveyResponses', '应为数组');
  (Array.isArray(doc.surveyResponses) ? doc.surveyResponses : []).forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) return bad(`/surveyResponses/${i}`, '应为对象');
    if (!str(r.survey)) bad(`/surveyResponses/${i}/survey`, '缺少测评代码');
    if (!r.answers || typeof r.answers !== 'object' || Array.isArray(r.answers)) bad(`/surveyResponses/${i}/answers`, '应为对象');
  });
  if (doc.rulebook !== null && doc.rulebook !== undefined && (typeof doc.rulebook !== 'object' || Array.isArray(doc.rulebook))) {
    bad('/rulebook', '规则库应为 JSON 对象');
  }
  return problems;
}

/** Replaces everything with the backup, in one transaction: all of it lands, or nothing. */
export async function importBackup(doc) {
  const tx = (await db()).transaction(['requests', 'batches', 'batchRows', 'settings', 'pointsEvents', 'disputes', 'surveyResponses'], 'readwrite');
  const s = (name) => tx.objectStore(name);
  const work = [s('requests').clear(), s('batches').clear(), s('batchRows').clear()];
  if (Array.isArray(doc.pointsEvents)) {
    work.push(s('pointsEvents').clear());
    for (const e of doc.pointsEvents) work.push(s('pointsEvents').add(e));
  }
  if (Array.isArray(doc.disputes)) {
    work.push(s('disputes').clear());
    for (const c of doc.disputes) work.push(s('disputes').put(c));
  }
  if (Array.isArray(doc.surveyResponses)) {
    work.push(s('surveyResponses').clear());
    for (const r of doc.surveyResponses) work.push(s('surveyResponses').put(r));
  }
  for (const r of doc.requests) work.push(s('requests').put(r));
  for (const b of doc.batches) work.push(s('batches').put(b));
  for (const r of doc.batchRows) work.push(s('batchRows').put(r));
  work.push(doc.rulebook ? s('settings').put(doc.rulebook, 'rulebook') : s('settings').delete('rulebook'));
  work.push(tx.done);
  await Promise.all(work);
}
