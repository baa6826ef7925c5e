// The one engine of the page: the package is imported (and its wasm compiled) once, after the
// first paint, and every page reads this state. A resident's 诉求 pages need only
// `shequ-rules/needs`; the first other page brings in the whole package, which then serves
// every page. The Worker has its own (triage.worker.js).
import { reactive, markRaw, toRaw } from 'vue';
import { getSetting, setSetting, deleteSetting } from './store.js';

export const state = reactive({
  /** 'loading' | 'ready' | 'failed': whether the rules the current page needs are loaded. */
  status: 'loading',
  error: '',
  /** The engine of the chosen rulebook (markRaw: Vue must not wrap a wasm object). */
  engine: null,
  /** The package's exports (Engine, validateRulebook, redact, …). */
  lib: null,
  /** Which module is loaded: 'needs' (platform + needs, the resident's page) or 'full'. */
  kind: null,
  /** The chosen rulebook's JSON (the default one unless a community loaded its own). */
  rulebook: null,
  /** `{ id, version, hash, name }` of the chosen rulebook. */
  info: null,
  custom: false,
});

/**
 * Pages that need only the platform and the needs family: a resident's 诉求上报 and 我的诉求
 * load `shequ-rules/needs` (the ≤ 90 KiB module); every other page loads the whole package,
 * once, when it is first opened.
 */
const NEEDS_ONLY = /^\/(report|mine)(\/|$)/;
const kindFor = (path) => (NEEDS_ONLY.test(path) ? 'needs' : 'full');

let started = false;
const loads = {};

/** Loads what the page at `path` needs (after the first paint, from main.js). */
export function start(path = '/report') {
  started = true;
  return need(path);
}

/** Called on every navigation: a page that needs the whole package waits for it. */
export function need(path) {
  if (!started) return Promise.resolve();
  const kind = kindFor(path);
  if (state.kind === 'full' || state.kind === kind) {
    // Back on a page the loaded module serves (the whole package may still be on its way).
    if (state.status === 'loading') state.status = 'ready';
    return Promise.resolve();
  }
  if (state.status !== 'failed') state.status = 'loading';
  loads[kind] ??= load(kind);
  return loads[kind];
}

/** Imports a module; on failure the page offers 重试 (a reload: a failed module import is cached). */
async function load(kind) {
  try {
    const lib = kind === 'full' ? await import('shequ-rules') : await import('shequ-rules/needs');
    if (state.kind === 'full') return; // the whole package came first: it answers needs too
    const saved = await getSetting('rulebook').catch(() => undefined);
    state.lib = markRaw(lib);
    state.kind = kind;
    if (saved) {
      try {
        choose(saved);
      } catch {
        // A stored rulebook this version no longer accepts: back to the default, keep the file.
        choose(null);
      }
    } else choose(null);
    state.status = 'ready';
    performance.mark(`shequ-ready-${kind}`);
    if (kind === 'needs' || !performance.getEntriesByName('shequ-ready').length) performance.mark('shequ-ready');
  } catch (e) {
    delete loads[kind];
    state.status = 'failed';
    state.error = e && e.message ? e.message : String(e);
  }
}

function choose(rulebook) {
  const { Engine, defaultRulebook } = state.lib;
  const engine = rulebook ? new Engine(rulebook) : Engine.withDefaults();
  state.engine?.free?.();
  state.engine = markRaw(engine);
  state.rulebook = markRaw(rulebook ?? defaultRulebook());
  state.info = engine.rulebookInfo();
  state.custom = Boolean(rulebook);
}

/** Switches the whole app to a community's rulebook (throws the engine's error if invalid). */
export async function useRulebook(rulebook) {
  // A plain copy (not a Vue proxy): IndexedDB stores it, the engine reads it.
  const plain = JSON.parse(JSON.stringify(toRaw(rulebook)));
  const previous = state.custom ? state.rulebook : null;
  choose(plain);
  try {
    await setSetting('rulebook', plain);
  } catch (e) {
    choose(previous);
    throw e;
  }
}

export async function useDefaultRulebook() {
  choose(null);
  await deleteSetting('rulebook');
}

/** `id@version · hash` as shown wherever a result shows. */
export const stamp = (info) => (info ? `${info.id}@${info.version} · ${info.hash.slice(0, 12)}` : '');

// ---- Wording for residents, read from the rulebook (data, not code). ----

/** The item's resident wording (`residentName`), else its policy name. */
export function itemWording(itemCode) {
  for (const c of state.rulebook?.needs?.categories ?? []) {
    for (const it of c.items) if (it.code === itemCode) return it.residentName ?? it.name;
  }
  return '';
}

export function categoryWording(categoryCode) {
  const c = (state.rulebook?.needs?.categories ?? []).find((x) => x.code === categoryCode);
  return c ? c.residentName ?? c.name : '';
}

/** The urgency level's resident wording (`residentText`), else its name. */
export function urgencyWording(code) {
  const u = (state.rulebook?.needs?.urgency ?? []).find((x) => x.code === code);
  return u ? u.residentText ?? u.name : '';
}
