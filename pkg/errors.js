// credit-check: the one shape of every error the JS wrapper raises itself — the same as the
// core's errors thrown through the WebAssembly bindings: an `Error` whose `message` is English,
// with `code` (a stable SCREAMING_SNAKE string), `messageZh` (Chinese) and, where the error is
// at one place, the location fields (`position`, `offset`, `field`, `file`/`line`/`column`,
// `record`) and `expected`/`found`.

/**
 * Every code the wrapper raises itself (beside the core's, listed per layer in index.d.ts).
 * `index.d.ts` lists the same codes as `WrapperErrorCode`; `pkg/test/errors.test.mjs` and
 * `tests/error_codes.rs` fail when a code is used, listed or typed on one side only.
 */
export const WRAPPER_ERROR_CODES = Object.freeze([
  'ABORTED',
  'BAD_REQUEST',
  'BAD_RESULT',
  'BAD_SOURCE',
  'BAD_STORED_SEQUENCE',
  'CACHE_BUDGET',
  'CACHE_WRITE_FAILED',
  'CHECK_FAILED',
  'CLOSED',
  'DATA_CLONE',
  'FETCH_FAILED',
  'INIT_FAILED',
  'INTERNAL_ERROR',
  'INVALID_PARTY',
  'METHOD_NOT_ALLOWED',
  'METHOD_NOT_AVAILABLE',
  'NOT_AN_ARRAY',
  'NOT_A_FUNCTION',
  'NOT_A_STRING',
  'NOT_INITIALIZED',
  'NO_CACHE',
  'NO_KEYS',
  'NO_SNAPSHOT',
  'ROLLBACK',
  'SHARD_DIGEST_MISMATCH',
  'SHARD_MISSING',
  'SHARD_NOT_IN_MANIFEST',
  'TERMINATED',
  'WASM_FETCH',
  'WORKER_ERROR',
]);

/** The fields that say where an error is, as the core's errors carry them. */
export const LOCATION_FIELDS = Object.freeze(['position', 'offset', 'field', 'file', 'line', 'column', 'record', 'expected', 'found']);

/**
 * An `Error` with `code`, `message` (English), `messageZh` (Chinese) and the location fields
 * given (`{ offset }`, `{ field }`, …; others are ignored).
 */
export function creditCheckError(code, message, messageZh, location) {
  return shaped(new Error(message), code, messageZh, location);
}

/**
 * A set-up mistake of the embedding code (a missing form, checker or scenario; an option out of
 * its values): a `TypeError`, as the form has always thrown, in the one shape: `code`
 * `INVALID_OPTION`, `message`, `messageZh` and `field` (with `expected` and `found` where the
 * option has a set of values).
 */
export function setupError(message, messageZh, location) {
  return shaped(new TypeError(message), 'INVALID_OPTION', messageZh, location);
}

/** `err` given its code, Chinese message and location fields: the one shape. */
function shaped(err, code, messageZh, location) {
  err.code = code;
  if (messageZh !== undefined) err.messageZh = messageZh;
  if (location) {
    for (const k of LOCATION_FIELDS) if (location[k] !== undefined) err[k] = location[k];
  }
  return err;
}
