// Node entry of credit-check/validate: the same API, with init() reading the small .wasm file
// from disk (Node's fetch cannot read file: URLs).
import { readFile } from 'node:fs/promises';
import { init as initWith, wasmUrl } from './validate.js';

export { isReady, Status, validate, validateAll, statusAll, statusLines, detect, audit, checkCharacter, vocabulary, memoryBytes, version, wasmUrl } from './validate.js';

let pending = null;

/** Loads the small module; safe to call more than once. `source` as in the browser entry. */
export function init(source) {
  if (source !== undefined) return initWith(source);
  if (!pending) {
    pending = readFile(wasmUrl())
      .then((bytes) => initWith(bytes))
      .catch((err) => {
        pending = null;
        throw err;
      });
  }
  return pending;
}

let compiled = null;

/** Compiles the small module once from the file beside this script. */
export function compileWasm(url) {
  if (!compiled) {
    compiled = readFile(url ?? wasmUrl())
      .then((bytes) => WebAssembly.compile(bytes))
      .catch((err) => {
        compiled = null;
        throw err;
      });
  }
  return compiled;
}
