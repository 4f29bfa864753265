// The identifier API over a wasm-bindgen module, once for both entries: `credit-check`
// (index.js, the checker module) and `credit-check/validate` (validate.js, the small module) are
// built from the same Rust code and answer the same; only the module they load differs.
import { creditCheckError as fail } from './errors.js';

// `options` may be omitted or null; its fields as the core takes them.
const opt = (value) => (value == null ? undefined : String(value));
const kindOf = (options) => opt(options?.kind);
const profileOf = (options) => opt(options?.profile);

/** Batch status values returned by `statusAll`. */
export const Status = Object.freeze({ VALID: 0, VALID_WITH_WARNINGS: 1, INVALID: 2 });

/**
 * Loading one module: `compileWasm(url?)` compiles it once, streaming where the server sends
 * `application/wasm`; `init(source?)` instantiates it once (a failed load may be retried);
 * `ensureLoaded()` throws NOT_INITIALIZED before that. `defaultUrl()`: the .wasm beside the entry.
 */
export function wasmLoader(initWasm, defaultUrl, label) {
  let compiling = null;
  let loading = null;
  let loaded = false;
  function compileWasm(url) {
    if (!compiling) {
      const href = url ?? defaultUrl();
      compiling = (async () => {
        const response = fetch(href);
        if (typeof WebAssembly.compileStreaming === 'function') {
          try {
            return await WebAssembly.compileStreaming(response);
          } catch (err) {
            // A wrong MIME type (a misconfigured host) still compiles, from the bytes.
            if (!(err instanceof TypeError)) throw err;
          }
        }
        const r = await response;
        if (!r.ok) throw fail('WASM_FETCH', `credit-check: ${href} answered ${r.status}`, `WebAssembly 模块下载失败（HTTP ${r.status}）`);
        return WebAssembly.compile(await r.arrayBuffer());
      })().catch((err) => {
        compiling = null; // may be retried
        throw err;
      });
    }
    return compiling;
  }
  function init(source) {
    if (!loading) {
      loading = (async () => {
        const module_or_path = source ?? (await compileWasm());
        await initWasm({ module_or_path });
        loaded = true;
      })().catch((err) => {
        loading = null; // a failed load may be retried
        throw err;
      });
    }
    return loading;
  }
  function ensureLoaded() {
    if (!loaded) {
      throw fail('NOT_INITIALIZED', `${label}: call \`await init()\` before using the API (请先调用 init())`, '请先调用 init()');
    }
  }
  return { compileWasm, init, isReady: () => loaded, ensureLoaded };
}

/** The identifier functions over `core` (a wasm-bindgen module), checked loaded by `ensureLoaded`. */
export function identifierApi(core, ensureLoaded) {
  return {
    /** Validates one input: `{ ok, kind, normalized, normalizations, parts, errors, warnings }`. */
    validate(input, options) {
      ensureLoaded();
      return core.validate(input, kindOf(options), profileOf(options));
    },
    /** Validates an array of inputs in one call; one result per input, in order. */
    validateAll(inputs, options) {
      ensureLoaded();
      if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: validateAll expects an array', '输入须为数组');
      return core.validateAll(inputs, kindOf(options), profileOf(options));
    },
    /**
     * The status of each input as one byte (see `Status`), the fast path for large batches: the
     * inputs cross into WebAssembly as one string and come back as a Uint8Array.
     */
    statusAll(inputs, options) {
      ensureLoaded();
      if (!Array.isArray(inputs)) throw fail('NOT_AN_ARRAY', 'credit-check: statusAll expects an array', '输入须为数组');
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
    },
    /**
     * The status of each line of `text` (see `Status`): for a pasted list or a file's column.
     * Lines end with `\n` (a `\r` before it is ignored); a final newline starts no empty line.
     */
    statusLines(text, options) {
      ensureLoaded();
      if (typeof text !== 'string') throw fail('NOT_A_STRING', 'credit-check: statusLines expects a string', '须为文本');
      return core.statusLines(text, kindOf(options), profileOf(options));
    },
    /** The identifier kinds `input` can be, in preference order, e.g. `['uscc', 'taxpayerId']`. */
    detect(input) {
      ensureLoaded();
      return core.detect(input);
    },
    /** Audits records `[{ code, name }]`: invalid codes, warnings, one code under two names, one name under two codes. */
    audit(records, options) {
      ensureLoaded();
      if (!Array.isArray(records)) throw fail('NOT_AN_ARRAY', 'credit-check: audit expects an array of { code, name }', '输入须为 { code, name } 数组');
      return core.audit(records, kindOf(options), profileOf(options));
    },
    /**
     * The check character for the body of an identifier of `kind`: `checkCharacter('uscc',
     * '91110108551385082')` → `'Q'`. A bad kind or body throws the typed problem (`code`).
     */
    checkCharacter(kind, body) {
      ensureLoaded();
      return core.checkCharacter(String(kind), String(body));
    },
    /** Bytes of WebAssembly memory in use (it grows, never shrinks): for budgets and benchmarks. */
    memoryBytes() {
      ensureLoaded();
      return core.memoryBytes();
    },
    /** The core's version. */
    version() {
      ensureLoaded();
      return core.version();
    },
  };
}
