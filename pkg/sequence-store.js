// Where the highest accepted snapshot sequence is kept between loads (rollback protection), for
// the main-thread loader (index.js), the worker client and the worker. No WebAssembly here, so the
// worker client can use it without pulling in the wasm glue.

import { creditCheckError } from './errors.js';

/** The key the sequence is stored under unless a caller names another. */
export const SEQUENCE_KEY = 'credit-check:lastSequence';

const memory = new Map();

/**
 * Browsers: localStorage (synchronous, enough for one number). Elsewhere, or where storage throws
 * (disabled storage, opaque origins): this realm's memory, unless the caller passes a store.
 */
export function defaultStore() {
  try {
    const ls = globalThis.localStorage;
    if (ls) {
      return {
        get: (k) => {
          const v = ls.getItem(k);
          return v == null ? undefined : Number(v);
        },
        set: (k, v) => ls.setItem(k, String(v)),
      };
    }
  } catch {
    // Fall back to memory.
  }
  return { get: (k) => memory.get(k), set: (k, v) => void memory.set(k, v) };
}

/**
 * A stored high-water mark as a number, strictly: `undefined`/`null` (nothing stored yet) is
 * `undefined`; a non-negative safe integer, or its decimal text (`'43'`, as a store that keeps
 * strings hands it back), is that number. Anything else — `NaN`, `'abc'`, `-1`, `4.5`, an object —
 * is not "no previous sequence" (that would switch rollback protection off): it throws an Error
 * with `code: 'BAD_STORED_SEQUENCE'` and `messageZh`.
 */
export function parseStoredSequence(value) {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,16}\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= 0) return n;
  let shown;
  try {
    shown = typeof value === 'string' || typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  throw creditCheckError(
    'BAD_STORED_SEQUENCE',
    `credit-check: the stored snapshot sequence ${String(shown).slice(0, 40)} is not a sequence number: rollback protection cannot be applied (reset the store key to start over)`,
    '本机保存的快照期号记录已损坏，无法进行回滚检查（请清除该记录后重试）',
  );
}

/** The high-water mark kept under `key` in `store`, read strictly ({@link parseStoredSequence}). */
export async function readMark(store, key) {
  return parseStoredSequence(await store.get(key));
}

/** Raises the mark under `key` to `sequence` unless `last` (as read) is already as high. */
export async function raiseMark(store, key, last, sequence) {
  if (!(last !== undefined && last >= sequence)) await store.set(key, sequence);
}
