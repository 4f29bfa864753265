// credit-check/validate: identifier validation only, over the small WebAssembly module
// (wasm/credit_check_validate_bg.wasm, feature `validate`: no lists, snapshots or signatures).
// For the identifier page and a form's fields as the user types; the same results as the full
// module's `validate`, `validateAll`, `statusAll`, `statusLines`, `detect` and `audit` (both are
// built from the same Rust code). Snapshots and checks are in `credit-check` (index.js), which a
// worker loads.
//
//   import { init, validate } from 'credit-check/validate';
//   await init();
//   validate('91110108551385082Q').ok; // true
import initWasm, * as core from './wasm/credit_check_validate.js';
import { creditCheckError as fail } from './errors.js';

let loading = null;
let loaded = false;
let compiling = null;

function ensureLoaded() {
  if (!loaded) {
    throw fail('NOT_INITIALIZED', 'credit-check/validate: call `await init()` before using the API', '请先调用 init()');
  }
}

function opt(value) {
  return value == null ? undefined : String(value);
}

const kindOf = (options) => opt(options?.kind);
const profileOf = (options) => opt(options?.profile);

/** The URL of the small module: beside this script. */
export const wasmUrl = () => new URL('./wasm/credit_check_validate_bg.wasm', import.meta.url);

/** Compiles the small module once (streaming where the server sends `application/wasm`). */
export function compileWasm(url) {
  if (!compiling) {
    const href = url ?? wasmUrl();
    compiling = (async () => {
      const response = fetch(href);
      if (typeof WebAssembly.compileStreaming === 'function') {
        try {
          return await WebAssembly.compileStreaming(response);
        } catch (err) {
          if (!(err instanceof TypeError)) throw err; // a wrong MIME type still compiles below
        }
      }
      const r = await response;
      if (!r.ok) throw fail('WASM_FETCH', `credit-check: ${href} answered ${r.status}`, `WebAssembly 模块下载失败（HTTP ${r.status}）`);
      return WebAssembly.compile(await r.arrayBuffer());
    })().catch((err) => {
      compiling = null;
      throw err;
    });
  }
  return compiling;
}

/**
 * Loads the small module; safe to call more than once (later calls return the same promise).
 * `source`: a URL, a Response, bytes or a compiled module; by default the file beside this script.
 */
export function init(source) {
  if (!loading) {
    loading = (async () => {
      const module_or_path = source ?? (await compileWasm());
      await initWasm({ module_or_path });
      loaded = true;
    })().catch((err) => {
      loading = null;
      throw err;
    });
  }
  return loading;
}

/** Whether `init()` has finished. */
export function isReady() {
  return loaded;
}

/** Batch status values returned by `statusAll`. */
export const Status = Object.freeze({ VALID: 0, VALID_WITH_WARNINGS: 1, INVALID: 2 });

/** Validates one input: `{ ok, kind, normalized, normalizations, parts, errors, warnings }`. */
export function validate(input, options) {
  ensureLoaded();
  return core.validate(input, kindOf(options), profileOf(options));
}

/** Validates an array of inputs in one call; one result per input, in order. */
export function validateAll(inputs, options) {
  ensureLoaded();
  if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: validateAll expects an array', '输入须为数组');
  return core.validateAll(inputs, kindOf(options), profileOf(options));
}

/** The status of each input as one byte (see `Status`). */
export function statusAll(inputs, options) {
  ensureLoaded();
  if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: statusAll expects an array', '输入须为数组');
  const kind = kindOf(options);
  const profile = profileOf(options);
  const strings = inputs.every((v) => typeof v === 'string') ? inputs : inputs.map((v) => (typeof v === 'string' ? v : ''));
  const out = core.statusBatch(strings.join('\n'), inputs.length, kind, profile);
  if (out.length === inputs.length) return out;
  return Uint8Array.from(inputs, (input) => core.status(input, kind, profile)); // an input held a newline
}

/** The status of each line of `text` (see `Status`). */
export function statusLines(text, options) {
  ensureLoaded();
  if (typeof text !== 'string') throw fail('NOT_A_STRING', 'credit-check: statusLines expects a string', '须为文本');
  return core.statusLines(text, kindOf(options), profileOf(options));
}

/** The identifier kinds `input` can be, in preference order. */
export function detect(input) {
  ensureLoaded();
  return core.detect(input);
}

/** Audits records `[{ code, name }]`. */
export function audit(records, options) {
  ensureLoaded();
  if (!Array.isArray(records)) throw fail('NOT_AN_ARRAY', 'credit-check: audit expects an array of { code, name }', '输入须为 { code, name } 数组');
  return core.audit(records, kindOf(options), profileOf(options));
}

/**
 * The check character a code's body needs (`checkCharacter('uscc', '91110108551385082')` →
 * `'Q'`), as the full module's.
 */
export function checkCharacter(kind, body) {
  ensureLoaded();
  return core.checkCharacter(String(kind), String(body));
}

let vocab = null;
/**
 * The identifier layer's part of the core's vocabulary: `{ identifierKinds: [{ id, zh, en }] }`
 * (the full module's `vocabulary()` has every table; this module has no lists).
 */
export function vocabulary() {
  ensureLoaded();
  vocab ??= Object.freeze(core.vocabulary());
  return vocab;
}

/** Bytes of WebAssembly memory in use. */
export function memoryBytes() {
  ensureLoaded();
  return core.memoryBytes();
}

/** The core's version. */
export function version() {
  ensureLoaded();
  return core.version();
}
