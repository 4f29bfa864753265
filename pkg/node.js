// Node entry: the same API, with init() reading the .wasm file from disk (Node's fetch cannot
// read file: URLs).
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { init as initWith, setPayloadSha256 } from './index.js';

// Node's own SHA-256 for snapshot payloads: synchronous, no copy (WebCrypto copies the bytes),
// and incremental, so each chunk is hashed as it arrives, while still in cache.
setPayloadSha256({ begin: () => createHash('sha256') });

export {
  isReady,
  Status,
  validate,
  validateAll,
  statusAll,
  statusLines,
  detect,
  audit,
  version,
  vocabulary,
  checkCharacter,
  Lookup,
  keyring,
  loadSnapshot,
  Snapshot,
  SnapshotHolder,
  ShardedSnapshot,
  openSharded,
  digest,
  memoryBytes,
  setPayloadSha256,
} from './index.js';

let pending = null;

/** Loads the module; safe to call more than once. `source` as in the browser entry. */
export function init(source) {
  if (source !== undefined) return initWith(source);
  if (!pending) {
    pending = readFile(new URL('./wasm/credit_check_bg.wasm', import.meta.url))
      .then((bytes) => initWith(bytes))
      .catch((err) => {
        pending = null; // a failed read or load may be retried
        throw err;
      });
  }
  return pending;
}

let compiled = null;

/** Compiles the module once from the file beside this script (Node: no streaming from disk). */
export function compileWasm(url) {
  if (!compiled) {
    compiled = readFile(url ?? new URL('./wasm/credit_check_bg.wasm', import.meta.url))
      .then((bytes) => WebAssembly.compile(bytes))
      .catch((err) => {
        compiled = null;
        throw err;
      });
  }
  return compiled;
}
