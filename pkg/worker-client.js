// credit-check's snapshot checker in a Web Worker, driven from the page: loading, verifying and
// indexing a large snapshot happens in the worker, so the page never freezes; every answer comes
// back as a promise. The worker script is worker.js (see its protocol there).
//
//   import { CheckerWorker } from 'credit-check/worker-client';
//   const checker = new CheckerWorker();
//   const status = await checker.load('/lists/latest.ccs', { keys, onProgress });
//   const answer = await checker.lookup('91350100MA2XY8016H');
//
// Bundlers (Vite, webpack 5) see `new Worker(new URL('./worker.js', import.meta.url), …)` below and
// emit the worker, with the .wasm it fetches, as their own files.

import { creditCheckError as fail } from './errors.js';
import { defaultStore, raiseMark, readMark, SEQUENCE_KEY } from './sequence-store.js';

/** A worker's `{ code, message, messageZh, … }` as an Error with those fields. */
function errorFrom(data) {
  const code = typeof data?.code === 'string' ? data.code : 'INTERNAL_ERROR';
  const err = fail(code, String(data?.message ?? 'credit-check worker: failed'), data?.messageZh, data);
  for (const [k, v] of Object.entries(data ?? {})) if (!(k in err) && k !== 'message') err[k] = v;
  return err;
}


/** A relative URL means relative to the page, not to the worker script: resolve it here. */
function absolute(url) {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return base ? new URL(url, base).href : new URL(url).href;
  } catch {
    return String(url);
  }
}

/** The source as it can cross to the worker, and what to transfer rather than copy. */
async function portable(source, transfer) {
  if (typeof source === 'string') return { value: absolute(source), transfer: [] };
  if (typeof URL !== 'undefined' && source instanceof URL) return { value: source.href, transfer: [] };
  if (typeof Request !== 'undefined' && source instanceof Request) {
    if (source.method !== 'GET') throw fail('BAD_SOURCE', 'credit-check: only a GET Request can be loaded in the worker', '仅支持 GET 请求');
    return { value: source.url, transfer: [] };
  }
  if (source && typeof source.then === 'function') source = await source;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw fail('FETCH_FAILED', `credit-check: snapshot download failed: HTTP ${source.status} (快照下载失败)`, '快照下载失败');
    return { value: await source.blob(), transfer: [] };
  }
  if (source instanceof ArrayBuffer) return { value: source, transfer: transfer ? [source] : [] };
  if (ArrayBuffer.isView(source)) {
    const buf = source.buffer;
    // Transfer only a view of a whole buffer: handing over a shared one would detach more than asked.
    const whole = buf instanceof ArrayBuffer && source.byteOffset === 0 && source.byteLength === buf.byteLength;
    return { value: source, transfer: transfer && whole ? [buf] : [] };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { value: source, transfer: [] };
  throw fail('BAD_SOURCE', 'credit-check: a snapshot source is a URL, GET Request, Response, ArrayBuffer, typed array or Blob', '快照来源格式错误');
}

/** Keys as they can cross: JSON text, a plain object, or a `Keyring`'s JSON. */
function portableKeys(keys) {
  if (keys == null) throw fail('NO_KEYS', 'credit-check: load needs options.keys (a pinned keyring; 需要密钥环)', '需要密钥环');
  if (typeof keys === 'string') return keys;
  if (typeof keys.toJSON === 'function' && typeof keys.keyIds === 'function') return keys.toJSON();
  return keys;
}

/**
 * A snapshot checker running in a dedicated module worker. `load()` verifies and indexes a
 * snapshot there; the query methods return promises of what the same `Snapshot` methods return.
 * A failed load leaves the snapshot in use answering.
 */
export class CheckerWorker {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #broken = null;
  #store;
  #storeKey;

  /**
   * options: `worker` (a Worker, or anything with postMessage/addEventListener speaking worker.js's
   * protocol), or `workerUrl` (where worker.js is served); by default worker.js beside this file.
   * `store` / `storeKey`: where the highest accepted sequence is kept (default localStorage).
   */
  constructor(options = {}) {
    if (options.worker) {
      this.#worker = options.worker;
    } else if (options.workerUrl != null) {
      this.#worker = new Worker(options.workerUrl, { type: 'module' });
    } else {
      this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    }
    this.#store = options.store ?? defaultStore();
    this.#storeKey = options.storeKey ?? SEQUENCE_KEY;
    this.#worker.addEventListener('message', (event) => this.#receive(event.data));
    this.#worker.addEventListener('messageerror', () => {
      this.#failAll(fail('DATA_CLONE', 'credit-check worker: a reply could not be received', '无法接收工作线程的答复'));
    });
    this.#worker.addEventListener('error', (event) => {
      // The script failed to load (404, CSP, no module workers) or threw outside a request:
      // nothing pending will be answered, and nothing later would be.
      const message = event?.message || 'the worker script failed to load or crashed';
      this.#broken = fail('WORKER_ERROR', `credit-check worker: ${message}`, '工作线程加载失败或已崩溃');
      this.#failAll(this.#broken);
      event?.preventDefault?.();
    });
  }

  /** The underlying Worker (or what was passed as `worker`). */
  get worker() {
    return this.#worker;
  }

  #receive(data) {
    const entry = data && this.#pending.get(data.id);
    if (!entry) return;
    if (data.progress) {
      try {
        entry.onProgress?.(data.progress);
      } catch {
        // A throwing progress callback must not lose the answer.
      }
      return;
    }
    this.#pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(errorFrom(data.error));
  }

  #failAll(err) {
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    for (const e of entries) e.reject(err);
  }

  #request(message, transfer = [], onProgress) {
    if (this.#broken) return Promise.reject(this.#broken);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      try {
        this.#worker.postMessage({ id, ...message }, transfer);
      } catch (err) {
        this.#pending.delete(id);
        reject(err?.code ? err : Object.assign(fail('DATA_CLONE', `credit-check worker: cannot send the request: ${err?.message ?? err}`, '请求无法发送到工作线程'), { cause: err }));
      }
    });
  }

  /**
   * Loads `source` (URL, GET Request, Response, ArrayBuffer, typed array, Blob) in the worker,
   * verifies it, builds its name index and puts it in use. Resolves to its status.
   *
   * options: `keys` (required), `onProgress({received, total})`, `allowStale`, `now`, `signal`,
   * `storeKey`, `wasm` (where the worker loads the .wasm from, default beside worker.js), and
   * `transfer` (default true: an ArrayBuffer source, or a typed array over a whole buffer, is
   * handed over to the worker and becomes detached here; false copies it).
   *
   * A URL naming a sharded snapshot's manifest (a national list) is opened as one — `sharded:
   * true` says so up front, otherwise the worker finds out — with `cache` (false: none),
   * `cacheBudget` and `memoryBudget` as `openSharded` takes them (not `fetch`: a function cannot
   * cross to the worker). Its status then has a `sharded` part; `fetchLog()` and `mirror()` work.
   */
  async load(source, options = {}) {
    const { keys, onProgress, signal, transfer = true, store, storeKey, ...rest } = options;
    if (this.#broken) throw this.#broken;
    if (signal?.aborted) throw fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消');
    const keysValue = portableKeys(keys);
    if (typeof URL !== 'undefined' && rest.wasm instanceof URL) rest.wasm = rest.wasm.href;
    else if (typeof rest.wasm === 'string') rest.wasm = absolute(rest.wasm);
    const sequenceStore = store ?? this.#store;
    const key = storeKey ?? this.#storeKey;
    // Read strictly: a store that hands back '43' still protects, a broken value is an error.
    const last = await readMark(sequenceStore, key);
    const { value, transfer: handOver } = await portable(source, transfer);
    const id = this.#nextId; // the id #request is about to use, for abort
    const message = {
      op: 'load',
      source: value,
      keys: keysValue,
      options: { ...rest, storeKey: key, lastSequence: last },
    };
    let onAbort;
    const result = this.#request(message, handOver, onProgress);
    if (signal) {
      onAbort = () => {
        this.#request({ op: 'abort', target: id }).catch(() => {});
        const entry = this.#pending.get(id);
        if (entry) {
          this.#pending.delete(id);
          entry.reject(fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消'));
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      const status = await result;
      await raiseMark(sequenceStore, key, last, status.sequence);
      return status;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Calls a Snapshot method in the worker (status, lookup, lookupAll, lookupLines, screen, record, headerJson, check, verifyRecord, catalogue, fetchLog). */
  call(method, ...args) {
    return this.#request({ op: 'call', method, args });
  }

  /** `Snapshot.status` of the snapshot in use; rejects `NO_SNAPSHOT` before a load. */
  status(now) {
    return now === undefined ? this.call('status') : this.call('status', now);
  }

  /** `Snapshot.lookup` in the worker; before a load `{ outcome: 'notCovered', reason: 'NO_SNAPSHOT', … }` (the core's). */
  lookup(code, options) {
    return options === undefined ? this.call('lookup', code) : this.call('lookup', code, options);
  }

  lookupAll(codes) {
    return this.call('lookupAll', codes);
  }

  lookupLines(text) {
    return this.call('lookupLines', text);
  }

  /** `Snapshot.screen` in the worker; before a load one `notCovered` result (reason `NO_SNAPSHOT`) per party. */
  screen(parties, options) {
    return options === undefined ? this.call('screen', parties) : this.call('screen', parties, options);
  }

  record(row) {
    return this.call('record', row);
  }

  headerJson() {
    return this.call('headerJson');
  }

  /**
   * `Snapshot.check`, with its arguments as given. Before a load it resolves to the core's
   * `{ decision: 'unavailable', reason: 'NO_SNAPSHOT', verdict: null, record: null, sha256: null,
   * message, messageZh }`, and with a sharded snapshot whose files could not be had to
   * `unavailable` with the reason (SHARD_MISSING, …) — as `SnapshotHolder.check`, never a pass.
   * Input errors reject (METHOD_NOT_AVAILABLE with a core that has no check).
   */
  check(...args) {
    return this.call('check', ...args);
  }

  /** `Snapshot.verifyRecord` in the worker. */
  verifyRecord(record, sha256) {
    return this.call('verifyRecord', record, sha256);
  }

  /** `Snapshot.catalogue` in the worker. */
  catalogue() {
    return this.call('catalogue');
  }

  /**
   * The core's vocabulary (`vocabulary()` of the package) from the worker's module: a page whose
   * checker runs here needs no module of its own for the names (`useVocabulary` of names.js).
   */
  vocabulary() {
    if (this.#broken) return Promise.reject(this.#broken);
    return this.#request({ op: 'vocabulary' });
  }

  /**
   * A sharded snapshot's files fetched so far: `[{ path, digest, kind, bytes, fromCache, ms }]`
   * (METHOD_NOT_AVAILABLE for a single-file snapshot).
   */
  fetchLog() {
    return this.call('fetchLog');
  }

  /**
   * A sharded snapshot: fetches every file into the worker's cache for use offline, calling
   * `onProgress({ done, total, bytes })` after each; resolves to `{ files, fetched, fromCache,
   * bytes }`. `signal` cancels it (ABORTED).
   */
  async mirror({ onProgress, signal } = {}) {
    if (this.#broken) throw this.#broken;
    if (signal?.aborted) throw fail('ABORTED', 'credit-check worker: the mirror was cancelled', '已取消');
    const id = this.#nextId;
    const result = this.#request({ op: 'mirror' }, [], onProgress);
    let onAbort;
    if (signal) {
      onAbort = () => {
        this.#request({ op: 'abort', target: id }).catch(() => {});
        const entry = this.#pending.get(id);
        if (entry) {
          this.#pending.delete(id);
          entry.reject(fail('ABORTED', 'credit-check worker: the mirror was cancelled', '已取消'));
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      return await result;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Stops the worker; whatever is pending, and every later call, rejects with `TERMINATED`. */
  terminate() {
    this.#worker.terminate?.();
    this.#broken = fail('TERMINATED', 'credit-check worker: terminated', '工作线程已终止');
    this.#failAll(this.#broken);
  }
}
