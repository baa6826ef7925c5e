// The package's outer wall: what must hold before a call enters WebAssembly, so that no JS
// value — a getter that throws, a Proxy, a revoked Proxy, a freed or detached engine, a lone
// surrogate — can leave the module in a broken state or reach the caller as an uncoded error.
//
// A JS exception thrown while wasm code is running unwinds through the wasm frames without
// running Rust's cleanup: memory copied in leaks and an engine stays borrowed, and after
// enough of them the instance dies. So every argument that could run user code when read is
// read here, on the JS side, and only plain strings and plain arrays of primitives go in.
// Every error that leaves the package is a ShequRulesError with a stable `code`.

/** Codes that are not about a bad input value. */
const NOT_INPUT = new Set(['ENGINE_FREED', 'NOT_AN_ENGINE', 'INTERNAL']);

/** A ShequRulesError as the engine makes them: a real Error with code, path, diagnostics. */
export function shequError(code, path, message, cause) {
  const input = !NOT_INPUT.has(code);
  const text = !input ? message : path ? `输入有误 ${path}：${message}` : `输入有误：${message}`;
  const err = new Error(text, cause === undefined ? undefined : { cause });
  err.name = 'ShequRulesError';
  err.code = code;
  err.path = path;
  err.diagnostics = [{ code, path, message }];
  return err;
}

const isShequError = (e) => e instanceof Error && e.name === 'ShequRulesError' && typeof e.code === 'string';

/** Any error that is not already coded becomes INTERNAL (the original is its `cause`). */
function coded(e) {
  if (isShequError(e)) return e;
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return shequError('INTERNAL', '', `内部错误（请报告）：${message}`, e);
}

/** The JSON pointer of the first string (or key) holding a lone surrogate, or null. */
export function loneSurrogatePath(value, path = '', seen = new WeakSet(), depth = 0) {
  if (typeof value === 'string') return value.isWellFormed() ? null : path;
  if (value === null || typeof value !== 'object' || depth > 200 || seen.has(value)) return null;
  seen.add(value);
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return null;
  }
  for (const key of keys) {
    const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!key.isWellFormed()) return at;
    let v;
    try {
      v = value[key];
    } catch {
      return null;
    }
    const found = loneSurrogatePath(v, at, seen, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

const SURROGATE_MESSAGE = '含有不成对的 UTF-16 代理项（无效字符），无法作为文本读取';

/** The engine's JSON reader's complaint about a `\ud800` escape (src/json_text.rs), which is how JSON.stringify writes a lone surrogate. */
const isSurrogateComplaint = (d) => d.code === 'WRONG_TYPE' && d.path === '' && /代理项/.test(d.message);

/** Re-states a JSON-level surrogate complaint about `input` as INVALID_VALUE at the string's path. */
function surrogateError(e, input) {
  if (!isShequError(e) || !e.diagnostics?.some(isSurrogateComplaint)) return e;
  const path = loneSurrogatePath(input);
  return path === null ? e : shequError('INVALID_VALUE', path, SURROGATE_MESSAGE);
}

/** A text argument: a well-formed string, or a coded error. */
export function checkText(text, path = '') {
  if (typeof text !== 'string') throw shequError('WRONG_TYPE', path, '应为字符串');
  if (!text.isWellFormed()) throw shequError('INVALID_VALUE', path, SURROGATE_MESSAGE);
  return text;
}

/**
 * Options: what JSON would silently turn into "no options" (NaN, Infinity, a function, a
 * symbol) is refused here; everything else the engine reads and reports itself.
 */
export function checkOptions(options) {
  const t = typeof options;
  if (t === 'function' || t === 'symbol' || t === 'bigint' || (t === 'number' && !Number.isFinite(options))) {
    throw shequError('WRONG_TYPE', '/options', `应为对象，收到${t === 'number' ? ` ${options}` : ` ${t}`}`);
  }
  return options;
}


/**
 * Reads `texts` — which may be any value, a Proxy, an array with throwing getters — into a
 * plain array, once: its entries are the strings, or `null` where an entry is not a usable
 * string, whose error is returned by index in `rejected`. Throws a coded error when `texts`
 * itself cannot be read as an array or holds more than `max` entries.
 */
export function readTexts(texts, max, maxUnits) {
  let length;
  try {
    if (!Array.isArray(texts)) throw shequError('WRONG_TYPE', '', '应为字符串数组');
    length = texts.length;
  } catch (e) {
    throw isShequError(e) ? e : shequError('WRONG_TYPE', '', `无法读取数组：${e?.message ?? String(e)}`);
  }
  if (!(length <= max)) throw shequError('OUT_OF_RANGE', '', `一次最多 ${max} 条文本，收到 ${length} 条`);
  const out = new Array(length);
  const rejected = new Map();
  for (let i = 0; i < length; i++) {
    let v;
    try {
      v = texts[i];
    } catch (e) {
      throw shequError('WRONG_TYPE', `/${i}`, `无法读取第 ${i} 项：${e?.message ?? String(e)}`);
    }
    if (typeof v === 'string' && !v.isWellFormed()) {
      rejected.set(i, { index: i, code: 'INVALID_VALUE', path: `/${i}`, message: SURROGATE_MESSAGE });
      v = null;
    } else if (typeof v === 'string' && v.length > maxUnits) {
      rejected.set(i, { index: i, code: 'OUT_OF_RANGE', path: `/${i}`, message: `诉求文本过长：${v.length} 个 UTF-16 单元，远超上限` });
      v = null;
    }
    out[i] = v;
  }
  if (texts.length !== length) throw shequError('WRONG_TYPE', '', '数组在读取过程中被改变了长度');
  return { texts: out, rejected };
}

/**
 * A plain, bounded copy of an object argument, made before the engine runs JSON.stringify
 * on it: `JSON.stringify` with a replacer that counts what it is about to write and stops
 * past `max` UTF-16 units — before V8 builds the text, so a sparse `new Array(2 ** 28)`
 * (which makes Node 20's own JSON.stringify abort the process) never gets that far — then
 * `JSON.parse`, so getters, `toJSON` and Proxies run once, here, and the engine sees plain
 * data. Returns `undefined` when the value cannot be copied (a getter throws, a BigInt…):
 * the engine then reads the original and reports that with its usual error.
 */
function plainCopy(value, max) {
  const text = jsonText(value, max);
  return text === null ? undefined : { value: text === undefined ? undefined : JSON.parse(text) };
}

/**
 * The JSON text of `value`, bounded as for plainCopy: `null` when it cannot be written (a
 * getter throws, a BigInt…), an OUT_OF_RANGE error past `max` units.
 */
export function jsonText(value, max) {
  let budget = max;
  const replacer = function (key, v) {
    budget -= key.length + 4;
    if (typeof v === 'string') budget -= v.length;
    else if (Array.isArray(v)) budget -= v.length;
    if (budget < 0) throw TOO_BIG;
    return v;
  };
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    if (e === TOO_BIG) throw shequError('OUT_OF_RANGE', '', `输入过大：超过 ${max} 个 UTF-16 单元`);
    return null;
  }
}

const TOO_BIG = new RangeError('too big');

/** An argument as a guarded call passes it on: an object as a plain bounded copy. */
export function plainArg(a, max) {
  if (a === null || typeof a !== 'object') return a;
  const copy = plainCopy(a, max);
  return copy === undefined ? a : copy.value;
}

/** The arguments of a call, each through plainArg. */
function plainArgs(args, max) {
  return args.map((a) => plainArg(a, max));
}

/** INVALID_RULEBOOK as the engine words it, for problems found before the engine runs. */
function invalidRulebook(diagnostics) {
  const [first] = diagnostics;
  const err = new Error(`规则库无效，共 ${diagnostics.length} 处问题；第一处：${first.code} ${first.path || '/'}: ${first.message}`);
  err.name = 'ShequRulesError';
  err.code = 'INVALID_RULEBOOK';
  err.path = first.path;
  err.diagnostics = diagnostics;
  return err;
}

/** Arguments that needs.js, points.js, disputes.js and satisfaction.js read themselves: texts, batches of texts, options, events, fact values, survey responses. */
const OWN_ARGS = { classifyNeed: [0, 1], classifyNeeds: [0], classifyNeedsCompact: [0], ledger: [0], checkEvent: [0], monthlyReport: [0], gradeDisputesCompact: [0], scoreSurvey: [0] };

/**
 * Takes the engine's internal exports `internal` off `Engine.prototype` (only the package's
 * own modules call them, with arguments already read on the JS side) and installs in their
 * place the methods `make(raw)` returns, `raw` holding the internal ones. One set per Engine
 * class: the main entry and `shequ-rules/needs` are two wasm instances sharing the modules.
 */
export function replaceMethods(Engine, internal, make) {
  const raw = {};
  for (const name of internal) {
    raw[name] = Engine.prototype[name];
    delete Engine.prototype[name];
  }
  for (const [name, value] of Object.entries(make(raw))) {
    Object.defineProperty(Engine.prototype, name, { configurable: true, writable: true, value });
  }
}

/**
 * Guards the wasm-bindgen exports: every Engine method checks its receiver (an engine, not
 * freed) and codes whatever goes wrong; the constructor, `validateRulebook` and `redact`
 * code lone surrogates with their path. Returns the exports to publish.
 */
export function guard(wasm) {
  const Raw = wasm.Engine;
  const max = wasm.maxJsonChars();
  const freed = new WeakSet();
  const proto = Raw.prototype;
  // The rules without an export of their own run through one generic entry (callRule): each
  // becomes a method here, before the methods are guarded below.
  if (typeof proto.callRule === 'function') {
    const callRule = proto.callRule;
    delete proto.callRule;
    for (const name of wasm.ruleNames()) {
      if (name in proto) continue;
      const method = { [name](a, b) { return callRule.call(this, name, a, b); } }[name];
      Object.defineProperty(proto, name, { configurable: true, writable: true, value: method });
    }
  }
  const receiver = (self, name) => {
    if (!(self instanceof Raw)) {
      throw shequError('NOT_AN_ENGINE', '', `Engine.${name} 须在引擎上调用（如 engine.${name}(…)），而不是取出后单独调用`);
    }
    if (freed.has(self)) throw shequError('ENGINE_FREED', '', `引擎已释放（free），不能再调用 ${name}`);
  };
  for (const name of Object.getOwnPropertyNames(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    // wasm-bindgen's own helpers (`__destroy_into_raw`) are called by its glue, not by users.
    if (name === 'constructor' || name.startsWith('__') || typeof desc.value !== 'function') continue;
    const original = desc.value;
    const own = OWN_ARGS[name] ?? [];
    // Every method takes at most two arguments: no rest array on the hot path.
    const wrapped = {
      [name](a, b) {
        receiver(this, name);
        if (name === 'free') freed.add(this);
        const pa = own.includes(0) ? a : plainArg(a, max);
        const pb = own.includes(1) ? b : plainArg(b, max);
        try {
          return original.call(this, pa, pb);
        } catch (e) {
          throw coded(surrogateError(e, pa));
        }
      },
    }[name];
    Object.defineProperty(proto, name, { ...desc, value: wrapped });
  }
  const dispose = Symbol.dispose && Object.getOwnPropertyDescriptor(proto, Symbol.dispose);
  if (dispose && typeof dispose.value === 'function') {
    Object.defineProperty(proto, Symbol.dispose, {
      ...dispose,
      value: function dispose() {
        if (this instanceof Raw && !freed.has(this)) this.free();
      },
    });
  }
  const Engine = new Proxy(Raw, {
    construct(target, args, newTarget) {
      let plain;
      try {
        plain = plainArgs(args, max);
      } catch (e) {
        throw invalidRulebook(e.diagnostics);
      }
      try {
        return Reflect.construct(target, plain, newTarget);
      } catch (e) {
        throw coded(surrogateError(e, plain[0]));
      }
    },
  });
  const validateRulebook = function validateRulebook(input) {
    let rulebook;
    try {
      [rulebook] = plainArgs([input], max);
    } catch (e) {
      return e.diagnostics;
    }
    let out;
    try {
      out = wasm.validateRulebook(rulebook);
    } catch (e) {
      throw coded(e);
    }
    if (out.length === 1 && isSurrogateComplaint(out[0])) {
      const path = loneSurrogatePath(rulebook);
      if (path !== null) return [{ code: 'INVALID_VALUE', path, message: SURROGATE_MESSAGE }];
    }
    return out;
  };
  const redact = function redact(text) {
    checkText(text);
    try {
      return wasm.redact(text);
    } catch (e) {
      throw coded(e);
    }
  };
  const defaultRulebook = function defaultRulebook() {
    return wasm.defaultRulebook();
  };
  // Exports this file does not know yet pass through as they are.
  return { ...wasm, Engine, validateRulebook, redact, defaultRulebook };
}
