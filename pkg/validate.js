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
import { identifierApi, wasmLoader } from './identifiers.js';

/** The URL of the small module: beside this script. */
export const wasmUrl = () => new URL('./wasm/credit_check_validate_bg.wasm', import.meta.url);

const loader = wasmLoader(initWasm, wasmUrl, 'credit-check/validate');
const { ensureLoaded } = loader;

/** Compiles the small module once (streaming where the server sends `application/wasm`). */
export const compileWasm = loader.compileWasm;

/**
 * Loads the small module; safe to call more than once (later calls return the same promise).
 * `source`: a URL, a Response, bytes or a compiled module; by default the file beside this script.
 */
export const init = loader.init;

/** Whether `init()` has finished. */
export const isReady = loader.isReady;

// The identifier functions: the same code as credit-check's (identifiers.js).
export { Status } from './identifiers.js';
export const { validate, validateAll, statusAll, statusLines, detect, audit, checkCharacter, memoryBytes, version } =
  identifierApi(core, ensureLoaded);

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
