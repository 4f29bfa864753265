// credit-check: the JavaScript API over the WebAssembly core. Every function forwards to the
// core; this file only loads the module, checks that it is loaded, and moves arrays across.
import initWasm, * as core from './wasm/credit_check.js';

let loading = null;
let loaded = false;

function fail(code, message) {
  const err = new Error(message);
  err.code = code;
  return err;
}

function ensureLoaded() {
  if (!loaded) {
    throw fail('NOT_INITIALIZED', 'credit-check: call `await init()` before using the API (请先调用 init())');
  }
}

function opt(value) {
  return value == null ? undefined : String(value);
}

// `options` may be omitted or null; its fields as the core takes them.
function kindOf(options) {
  return opt(options?.kind);
}

function profileOf(options) {
  return opt(options?.profile);
}

/**
 * Loads and compiles the WebAssembly module (streaming where the host allows). Safe to call
 * more than once: later calls return the same promise. `source` may be a URL, a Response, bytes,
 * or a compiled WebAssembly.Module; by default the .wasm file beside this script is fetched.
 */
export function init(source) {
  if (!loading) {
    const module_or_path = source ?? new URL('./wasm/credit_check_bg.wasm', import.meta.url);
    loading = initWasm({ module_or_path }).then(
      () => {
        loaded = true;
      },
      (err) => {
        loading = null; // a failed load may be retried
        throw err;
      },
    );
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
  if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: validateAll expects an array');
  return core.validateAll(inputs, kindOf(options), profileOf(options));
}

/**
 * The status of each input as one byte (see `Status`), the fast path for large batches: the
 * inputs cross into WebAssembly as one string and come back as a Uint8Array.
 */
export function statusAll(inputs, options) {
  ensureLoaded();
  if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: statusAll expects an array');
  const kind = kindOf(options);
  const profile = profileOf(options);
  const n = inputs.length;
  let strings = inputs;
  for (let i = 0; i < n; i++) {
    if (typeof inputs[i] !== 'string') {
      // Non-strings are invalid; an empty piece keeps the positions aligned.
      strings = inputs.map((v) => (typeof v === 'string' ? v : ''));
      break;
    }
  }
  const out = core.statusBatch(strings.join('\n'), n, kind, profile);
  if (out.length === n) return out;
  // An input contained a newline: ask one by one so that no answer shifts.
  return Uint8Array.from(inputs, (input) => core.status(input, kind, profile));
}

/**
 * The status of each line of `text` (see `Status`): for a pasted list or a file's column, with
 * no array to build. Lines end with `\n` (a `\r` before it is ignored); a final newline does not
 * start an empty line.
 */
export function statusLines(text, options) {
  ensureLoaded();
  if (typeof text !== 'string') throw fail('NOT_A_STRING', 'credit-check: statusLines expects a string');
  return core.statusLines(text, kindOf(options), profileOf(options));
}

/** The identifier kinds `input` can be, in preference order, e.g. `['uscc', 'taxpayerId']`. */
export function detect(input) {
  ensureLoaded();
  return core.detect(input);
}

/** Audits records `[{ code, name }]`: invalid codes, warnings, one code under two names, one name under two codes. */
export function audit(records, options) {
  ensureLoaded();
  if (!Array.isArray(records)) throw fail('NOT_AN_ARRAY', 'credit-check: audit expects an array of { code, name }');
  return core.audit(records, kindOf(options), profileOf(options));
}

/** The core's version. */
export function version() {
  ensureLoaded();
  return core.version();
}
