// credit-check: the JavaScript API over the WebAssembly core. Every function forwards to the
// core; this file loads the module, checks that it is loaded, moves arrays across, and dresses
// the few numbers a lookup answers with (`lookupNumbers`) as the answer object.
import initWasm, * as core from './wasm/credit_check.js';
import { checkAnswer, requestForCore } from './answer.js';
import { creditCheckError as fail } from './errors.js';
import { identifierApi, wasmLoader } from './identifiers.js';
import { defaultStore, raiseMark, readMark, SEQUENCE_KEY } from './sequence-store.js';
import { ShardedSnapshot, openSharded } from './sharded.js';

// National lists (sharded snapshots): also `credit-check/sharded`.
export { ShardedSnapshot, openSharded } from './sharded.js';

const loader = wasmLoader(initWasm, () => new URL('./wasm/credit_check_bg.wasm', import.meta.url), 'credit-check');
const { ensureLoaded } = loader;

/**
 * Compiles the WebAssembly module once, streaming (`WebAssembly.compileStreaming`) where the
 * server sends `application/wasm`, and returns the `WebAssembly.Module`. `init()` uses it; pass
 * it on to a worker (`CheckerWorker.load(url, { wasm: module })`) so the page compiles the code
 * once, not once per thread. `url` defaults to the .wasm file beside this script.
 */
export const compileWasm = loader.compileWasm;

/**
 * Loads and compiles the WebAssembly module (streaming, once: `compileWasm`). Safe to call more
 * than once: later calls return the same promise. `source` may be a URL, a Response, bytes, or a
 * compiled WebAssembly.Module; by default the .wasm file beside this script is compiled.
 */
export const init = loader.init;

/** Whether `init()` has finished. */
export const isReady = loader.isReady;

// The identifier functions: the same code as credit-check/validate's (identifiers.js).
export { Status } from './identifiers.js';
export const { validate, validateAll, statusAll, statusLines, detect, audit, checkCharacter, memoryBytes, version } =
  identifierApi(core, ensureLoaded);

/** The payload digest a snapshot header carries, hex: SHA-256 (`ed25519`) or SM3 (`sm2-sm3`). */
export function digest(bytes, algorithm = 'ed25519') {
  ensureLoaded();
  return core.digestHex(bytes, algorithm);
}

let vocab = null;

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every id the core gives — list types, decisions, lookups, scenarios, roles, effects, measure,
 * listing, validity and ban states, entity kinds, person roles, identifier kinds — with its
 * Chinese and English names, from the core (one table, in Rust). Read once, then cached (frozen).
 */
export function vocabulary() {
  ensureLoaded();
  if (!vocab) vocab = deepFreeze(core.vocabulary());
  return vocab;
}

// ---------------------------------------------------------------------------------------------
// Signed list snapshots
// ---------------------------------------------------------------------------------------------

/** Outcome bytes of `Snapshot.lookupAll` / `lookupLines`. */
export const Lookup = Object.freeze({ NOT_LISTED: 0, LISTED: 1, NOT_COVERED: 2, INVALID_INPUT: 3, STALE: 4 });

/** A keyring of pinned public keys: from its JSON text or object. */
export function keyring(json) {
  ensureLoaded();
  if (json instanceof core.Keyring) return json;
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return new core.Keyring(text);
}

const SLICE = 1 << 20;


async function* chunksOf(source, signal) {
  let response = source;
  if (typeof source === 'string' || source instanceof URL || (globalThis.Request && source instanceof Request)) {
    response = await fetch(source, { signal });
  } else if (source && typeof source.then === 'function') {
    response = await source;
  }
  if (response instanceof ArrayBuffer || ArrayBuffer.isView(response)) {
    const bytes = ArrayBuffer.isView(response)
      ? new Uint8Array(response.buffer, response.byteOffset, response.byteLength)
      : new Uint8Array(response);
    // In slices: each crosses into WebAssembly memory through a temporary copy, so slices keep
    // the peak near the snapshot's own size.
    for (let i = 0; i < bytes.length || i === 0; i += SLICE) {
      yield { chunk: bytes.subarray(i, i + SLICE), total: bytes.length };
    }
    return;
  }
  if (response && typeof response.arrayBuffer === 'function' && 'ok' in response) {
    if (!response.ok) {
      throw fail('FETCH_FAILED', `credit-check: snapshot download failed: HTTP ${response.status} (快照下载失败)`, '快照下载失败');
    }
    const length = Number(response.headers.get('content-length'));
    // A compressed transfer reports the compressed length: only a hint until the header says.
    const total = Number.isFinite(length) && length > 0 && !response.headers.get('content-encoding') ? length : null;
    if (!response.body) {
      const buf = new Uint8Array(await response.arrayBuffer());
      yield { chunk: buf, total: buf.length };
      return;
    }
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield { chunk: value, total };
      }
    } finally {
      reader.releaseLock();
    }
  }
  throw fail('BAD_SOURCE', 'credit-check: a snapshot source is a URL, Request, Response, ArrayBuffer or Uint8Array', '快照来源格式错误');
}

// Codes per `lookupLines` call in `lookupAll`.
const BATCH_BLOCK = 8192;
const UNREAD_LIMIT = 1024;

// The ids `lookupNumbers` indexes, from the core's vocabulary (read once).
let ids = null;
function lookupIds() {
  if (!ids) {
    const v = core.vocabulary();
    const outcomes = [];
    for (const l of v.lookups) outcomes[l.code] = l.id;
    ids = { outcomes, listTypes: v.listTypes.map((t) => t.id), matchedBy: v.matchedBy.map((t) => t.id) };
  }
  return ids;
}

// The codes as newline-terminated lines of ASCII bytes, or null when one has another character.
function asciiLines(codes) {
  let length = codes.length;
  for (let i = 0; i < codes.length; i++) length += codes[i].length;
  const bytes = new Uint8Array(length);
  let p = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    for (let j = 0; j < c.length; j++) {
      const x = c.charCodeAt(j);
      if (x > 0x7f) return null;
      bytes[p++] = x;
    }
    bytes[p++] = 10;
  }
  return bytes;
}

// Replaces a hit's lazy `record` by the value (same place among the keys, same attributes as a
// plain property).
function settle(hit, value) {
  Object.defineProperty(hit, 'record', { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function isUnread(hit) {
  return hit !== undefined && typeof Object.getOwnPropertyDescriptor(hit, 'record').get === 'function';
}

/** A verified, ready snapshot. Free it with `close()` when replaced (a `SnapshotHolder` does). */
export class Snapshot {
  #core;
  #unread = [];
  #unreadLimit = UNREAD_LIMIT;
  constructor(coreSnapshot) {
    this.#core = coreSnapshot;
  }
  /** Publisher, sequence, issued/expires, stale, counts, key id, region, lists, size, digest. */
  status(now) {
    return this.#core.status(now == null ? undefined : +now);
  }
  /** Number of records. */
  get length() {
    return this.#core.length;
  }
  /**
   * Looks up a typed-in code (USCC, organisation code, registration number, ID number):
   * `{ outcome: 'listed' | 'notListed' | 'notCovered' | 'invalidInput', stale, uncovered, hits }`.
   * `listTypes` limits the lists asked (e.g. `['LT-SXBZXR']`); a list the snapshot does not
   * cover makes the answer `notCovered` unless something was found.
   */
  lookup(code, options) {
    const given = options?.listTypes;
    const lists = given == null ? undefined : Array.from(given, String);
    // The answer crosses as numbers (`lookupNumbers`) and is dressed here with the core's ids;
    // for an unreadable code the core answers with its problems (an object, not numbers).
    if (typeof code !== 'string') return this.#core.lookup(code, lists);
    const n = this.#core.lookupNumbers(code, lists);
    if (!(n instanceof Uint32Array)) return n;
    const ids = lookupIds();
    let i = 3 + n[2];
    const uncovered = [];
    for (let j = 3; j < i; j++) uncovered.push(ids.listTypes[n[j]]);
    const hits = [];
    for (let k = n[i++]; k > 0; k--, i += 2) hits.push(this.#hit(ids.matchedBy[n[i]], n[i + 1]));
    return { hits, outcome: ids.outcomes[n[0]], stale: n[1] === 1, uncovered };
  }
  // A hit whose `record` is read from the snapshot when first asked for: decoding a record costs
  // more than the lookup itself, and many callers only need the outcome. It is an own,
  // enumerable property (JSON.stringify, structuredClone and postMessage read it), and `close()`
  // reads every record still unread first, so an answer outlives its snapshot.
  #hit(matchedBy, row) {
    const snapshot = this;
    const hit = {
      matchedBy,
      get record() {
        return settle(hit, snapshot.record(row));
      },
      set record(value) {
        settle(hit, value);
      },
      row,
    };
    this.#unread.push(new WeakRef(hit));
    if (this.#unread.length > this.#unreadLimit) this.#pruneUnread();
    return hit;
  }
  // Drops the hits already read or collected; the limit doubles while many stay unread, so the
  // list costs O(1) per hit.
  #pruneUnread() {
    this.#unread = this.#unread.filter((w) => isUnread(w.deref()));
    this.#unreadLimit = Math.max(UNREAD_LIMIT, 2 * this.#unread.length);
  }
  /** Batch: one `Lookup` byte per code (Uint8Array), all covered lists asked. */
  lookupAll(codes) {
    if (!Array.isArray(codes)) throw fail('NOT_AN_ARRAY', 'credit-check: lookupAll expects an array', '代码须为数组');
    const n = codes.length;
    let strings = codes;
    for (let i = 0; i < n; i++) {
      if (typeof codes[i] !== 'string') {
        strings = codes.map((c) => (typeof c === 'string' ? c : ''));
        break;
      }
    }
    // The codes cross as lines of bytes, a block at a time, one byte per line back; a final
    // newline keeps an empty last code a line of its own. ASCII codes are written straight into
    // the bytes (cheaper than joining them into a string and encoding it); a block with any
    // other character is joined and encoded. A code containing a line break shifts the lines:
    // then each code of its block is asked on its own.
    const out = new Uint8Array(n);
    for (let start = 0; start < n; start += BATCH_BLOCK) {
      const block = strings.slice(start, start + BATCH_BLOCK);
      const lines = asciiLines(block);
      let bytes = lines ? this.#core.lookupLineBytes(lines) : this.#core.lookupLines(block.join('\n') + '\n');
      if (bytes.length !== block.length) {
        bytes = Uint8Array.from(block, (c) => this.#core.lookupLines(c.replace(/[\r\n]/g, ' '))[0] ?? Lookup.INVALID_INPUT);
      }
      out.set(bytes, start);
    }
    if (strings !== codes) {
      for (let i = 0; i < n; i++) if (typeof codes[i] !== 'string') out[i] = Lookup.INVALID_INPUT;
    }
    return out;
  }
  /** One `Lookup` byte per line of `text`. */
  lookupLines(text) {
    if (typeof text !== 'string') throw fail('NOT_A_STRING', 'credit-check: lookupLines expects a string', '须为文本');
    return this.#core.lookupLines(text);
  }
  /**
   * Screens parties — `{ name?, code?, legalRepName?, legalRepId?, personName?, personId? }` —
   * against the snapshot: identifiers decide (definite), names rank (possible, for review),
   * every hit explained. One result per party: `{ party, band, hits, namesakes, inputProblems,
   * stale, uncovered }`. The name index is built on the first call (`buildNameIndex()` builds it
   * ahead, e.g. in a worker). `options`: `{ listTypes?, thresholds?: { possible, core, candidates } }`.
   * Throws NOT_AN_ARRAY, INVALID_PARTY (not an object, an unknown field, a value not a string:
   * never dropped) or INVALID_OPTION — the core checks.
   */
  screen(parties, options) {
    return this.#core.screen(parties, options);
  }
  /**
   * The verdict for parties in a scenario (`docs/verdicts.md`). `request`: `{ scenario, cutoff?,
   * checkedAt?, parties: [{ role, name?, code?, legalRepName?, legalRepId?, personName?,
   * personId?, creditClass?, label? }], facts? }` (an object or its JSON text; an unknown field
   * is refused, a null or undefined one is absent). Returns `{ decision, verdict, input, record,
   * sha256 }`, built by the core (the decision is not read back from the text): `record` is the canonical check record (a string:
   * store it as is with the procurement file) and `sha256` its digest — the same bytes the
   * server-side re-check (`verifyRecord`, or `credit-check verify-record`) produces. Throws an
   * `Error` with `code` (UNKNOWN_SCENARIO, UNKNOWN_ROLE, BAD_CUTOFF, …), `messageZh`, `field`.
   * `now` (Date or ms) stands in for the clock when the request has no `checkedAt`.
   */
  check(request, now) {
    const [text, objectText] = requestForCore(request);
    return checkAnswer(this.#core.check(text, now == null ? undefined : +now, objectText));
  }
  /**
   * Re-runs a stored check record against this snapshot: `{ matches, code: 'MATCH' |
   * 'SNAPSHOT_DIFFERS' | 'CATALOGUE_DIFFERS' | 'ENGINE_DIFFERS' | 'NOT_CANONICAL' |
   * 'VERDICT_DIFFERS' | 'SHA256_MISMATCH', firstDifference?, sha256Given, sha256Rerun, message,
   * messageZh }`. Pass the stored `sha256` to catch a record altered after it was kept.
   */
  verifyRecord(record, sha256) {
    if (typeof record !== 'string') throw fail('NOT_A_STRING', 'credit-check: verifyRecord expects the record text', '核查记录须为文本');
    return this.#core.verifyRecord(record, sha256 == null ? undefined : String(sha256));
  }
  /** The measure catalogue checks use: `{ version, digest, source, scenarios, facts }`. */
  catalogue() {
    return this.#core.catalogue();
  }
  /** Builds the name index now; returns its size in bytes. */
  buildNameIndex() {
    return this.#core.buildNameIndex();
  }
  /** One record by row (ID numbers masked). */
  record(row) {
    return this.#core.record(row >>> 0);
  }
  /** The signed header, as JSON text. */
  headerJson() {
    return this.#core.headerJson();
  }
  /** Frees the WebAssembly memory it holds. */
  close() {
    if (this.#core) {
      for (const w of this.#unread) {
        const hit = w.deref();
        if (isUnread(hit)) void hit.record;
      }
    }
    this.#unread = [];
    this.#core?.free();
    this.#core = null;
  }
}

// The platform's SHA-256 for payload digests (ed25519 snapshots): WebCrypto where it exists
// (browsers, workers, Node ≥ 18); the Node entry puts `node:crypto` in. null: hashed in wasm.
let platformSha256 = globalThis.crypto?.subtle?.digest
  ? async (bytes) => new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes))
  : null;

/**
 * Sets the SHA-256 `loadSnapshot` uses for a snapshot's payload digest: either `fn(bytes)`,
 * returning the 32-byte digest of the whole payload (Uint8Array/ArrayBuffer, or a promise of
 * one), or an incremental hash `{ begin() }` whose `begin()` returns `{ update(bytes), digest() }`
 * (synchronous; the payload is hashed chunk by chunk as it arrives, while still in cache); null
 * for the hash compiled into the WebAssembly module. By default WebCrypto (`crypto.subtle`), in
 * Node `node:crypto`'s incremental hash. If it throws, rejects or returns something else, the
 * payload is hashed in wasm: a digest is never skipped. SM3 snapshots are always hashed in wasm.
 * `bytes` is a view of WebAssembly memory: read (or copy) it before awaiting anything.
 */
export function setPayloadSha256(fn) {
  const ok = fn == null || typeof fn === 'function' || typeof fn?.begin === 'function';
  if (!ok) throw fail('NOT_A_FUNCTION', 'credit-check: setPayloadSha256 expects a function, { begin() } or null', 'setPayloadSha256 的参数须为函数、{ begin() } 或 null');
  platformSha256 = fn ?? null;
}

// An incremental platform hash, begun for one load; null if it cannot begin.
function beginSha256(sha256) {
  if (typeof sha256?.begin !== 'function') return null;
  try {
    const h = sha256.begin();
    return typeof h?.update === 'function' && typeof h?.digest === 'function' ? h : null;
  } catch {
    return null;
  }
}

// Hashes the payload bytes the last push added (a view of WebAssembly memory, read at once);
// null from the first failure on, so the load falls back to the wasm hash.
function feedSha256(running, loader) {
  if (!running) return null;
  try {
    const bytes = loader.lastPayloadView();
    if (bytes) running.update(bytes);
    return running;
  } catch {
    return null;
  }
}

function asDigest(d) {
  d = d instanceof ArrayBuffer ? new Uint8Array(d) : d;
  return d instanceof Uint8Array && d.length === 32 ? d : null;
}

// The digest check and parse at the end of a load: the platform hashes the very bytes the
// loader will parse (a view of its buffer, read before any other call into wasm), the loader
// compares with the signed digest; without a platform hash, or if it fails, wasm hashes.
// An incremental hash (`running`) has seen every payload byte by now, each as it arrived.
async function finishLoad(loader, sha256, running) {
  let d = null;
  try {
    if (running) {
      d = running.digest();
    } else if (typeof sha256 === 'function') {
      const payload = loader.payloadView();
      if (payload) d = sha256(payload);
    }
    if (d && typeof d.then === 'function') d = await d;
    d = asDigest(d);
  } catch {
    d = null;
  }
  return d ? loader.finishWithDigest(d) : loader.finish();
}

/**
 * Downloads (streaming) or reads a snapshot and verifies it: signature under a pinned key,
 * digest, rollback against the highest sequence accepted before, staleness. Resolves to a
 * `Snapshot`; rejects with an `Error` whose `code` says why (BAD_SIGNATURE, DIGEST_MISMATCH,
 * ROLLBACK, STALE, TRUNCATED, …; `messageZh` in Chinese).
 *
 * options: `keys` (keyring JSON text/object or `keyring()`), `onProgress({received, total})`,
 * `store` ({get(key), set(key, value)}, may be async; default localStorage in browsers, memory
 * elsewhere), `storeKey`, `allowStale`, `now` (Date or ms), `signal` (AbortSignal).
 */
export async function loadSnapshot(source, options = {}) {
  ensureLoaded();
  if (options.keys == null) throw fail('NO_KEYS', 'credit-check: loadSnapshot needs options.keys (a pinned keyring; 需要密钥环)', '需要密钥环');
  const store = options.store ?? defaultStore();
  const storeKey = options.storeKey ?? SEQUENCE_KEY;
  // A store may hand the sequence back as text ('43'): read it strictly; a value that is not a
  // sequence is an error, never "no previous sequence" (which would switch rollback off).
  const last = await readMark(store, storeKey);
  const keys = keyring(options.keys);
  const now = options.now == null ? undefined : +options.now;
  const loader = new core.SnapshotLoader(keys, now, last, !!options.allowStale);
  const sha256 = platformSha256;
  if (sha256) loader.leaveSha256();
  let running = beginSha256(sha256);
  let snapshot;
  try {
    for await (const { chunk, total: hint } of chunksOf(source, options.signal)) {
      // Copied once, straight into the loader's buffer, and hashed there at once.
      const p = loader.pushArray(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      running = feedSha256(running, loader);
      options.onProgress?.({ received: p.received, total: p.total ?? hint ?? null });
    }
    snapshot = new Snapshot(await finishLoad(loader, sha256, running));
  } finally {
    loader.free();
    if (keys !== options.keys) keys.free();
  }
  const seq = snapshot.status(now).sequence;
  await raiseMark(store, storeKey, last, seq);
  return snapshot;
}

/** A source `openSharded` can take: a URL, not bytes (its shards are fetched beside it). */
function isUrl(source) {
  return typeof source === 'string' || (typeof URL !== 'undefined' && source instanceof URL);
}

/**
 * Loads a single-file snapshot, or opens a sharded one: with `options.sharded`, or when `source`
 * is a URL and the loader finds a manifest there (SHARDED_MANIFEST).
 */
async function loadAny(source, options) {
  if (options.sharded) return openSharded(source, options);
  try {
    return await loadSnapshot(source, options);
  } catch (err) {
    if (err?.code === 'SHARDED_MANIFEST' && isUrl(source) && options.sharded !== false) return openSharded(source, options);
    throw err;
  }
}

/**
 * Holds the snapshot in use and replaces it atomically: while a new one loads, or if it fails,
 * the old one keeps answering. `lookup` before any snapshot is loaded says `notCovered`.
 *
 * A URL naming the manifest of a sharded snapshot (a national list) opens it as a
 * `ShardedSnapshot` (`options.sharded: true` says so up front; otherwise it is found out by
 * trying). While the holder holds one, `lookup`, `screen` and `check` return promises (the files
 * they need are fetched first); with a single-file snapshot or none they answer at once, as
 * before.
 */
export class SnapshotHolder {
  #current = null;
  #options;
  constructor(options = {}) {
    this.#options = options;
  }
  /** The snapshot in use (a `Snapshot` or a `ShardedSnapshot`), or null. */
  get current() {
    return this.#current;
  }
  /** Whether the snapshot in use is sharded (its answers are promises). */
  get sharded() {
    return this.#current instanceof ShardedSnapshot;
  }
  /** Loads `source`; on success it replaces the current snapshot (which is freed). */
  async update(source, options) {
    const next = await loadAny(source, { ...this.#options, ...options });
    const old = this.#current;
    // Two updates may overlap and finish out of order: the snapshot in use decides, not only
    // the stored sequence (both loads read it before either finished). An older one arriving
    // last is refused; the very same snapshot again keeps the one in use.
    if (old) {
      const [had, got] = [old.status(), next.status()];
      if (got.sequence < had.sequence) {
        next.close();
        throw fail('ROLLBACK', `credit-check: snapshot sequence ${got.sequence} is lower than the one in use (${had.sequence}); kept the one in use (快照期号${got.sequence}低于正在使用的${had.sequence}，仍用原快照)`, `快照期号${got.sequence}低于正在使用的${had.sequence}，仍用原快照`);
      }
      if (got.sequence === had.sequence && got.payloadDigest === had.payloadDigest) {
        next.close();
        return old;
      }
    }
    this.#current = next;
    old?.close();
    return next;
  }
  /**
   * `Snapshot.lookup`, or with none loaded `{outcome: 'notCovered', reason: 'NO_SNAPSHOT', stale:
   * false, uncovered: [], hits: []}` (the core's answer) — never `notListed`.
   */
  lookup(code, options) {
    if (!this.#current) {
      ensureLoaded();
      return core.lookupUnavailable('NO_SNAPSHOT');
    }
    return this.#current.lookup(code, options);
  }
  /**
   * `Snapshot.screen`, or with no snapshot loaded one result per party saying nothing could be
   * checked (`{party, band: 'none', notCovered: true, reason: 'NO_SNAPSHOT', hits: [], …}`, the
   * core's answer; `party` is the object given) — never a silent pass. NOT_AN_ARRAY as `screen`.
   */
  screen(parties, options) {
    if (!this.#current) {
      ensureLoaded();
      return core.screenUnavailable(parties, 'NO_SNAPSHOT');
    }
    return this.#current.screen(parties, options);
  }
  /**
   * `Snapshot.check`, or with no snapshot loaded the outcome `unavailable` (no record: nothing
   * was checked) — never a pass. A form applies its fail policy to it. With a sharded snapshot,
   * a promise; a check whose files could not be fetched or verified resolves to `unavailable`
   * too, with the reason (SHARD_MISSING, SHARD_DIGEST_MISMATCH, …).
   *
   * The no-snapshot answers of `lookup`, `screen` and `check` come from the core (the module
   * must be initialised: NOT_INITIALIZED otherwise); `CheckerWorker` gives the same ones.
   */
  check(request, now) {
    if (!this.#current) {
      ensureLoaded();
      return core.checkUnavailable('NO_SNAPSHOT');
    }
    if (this.#current instanceof ShardedSnapshot) return this.#current.checkOrUnavailable(request, now);
    return this.#current.check(request, now);
  }
  /** `Snapshot.status`, or null. */
  status(now) {
    return this.#current?.status(now) ?? null;
  }
}
