// Where the highest accepted snapshot sequence is kept between loads (rollback protection), for
// the main-thread loader (index.js), the worker client and the worker. No WebAssembly here, so the
// worker client can use it without pulling in the wasm glue.

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
