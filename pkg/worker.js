// credit-check in a dedicated Web Worker: loads, verifies and indexes a snapshot off the main
// thread and answers lookups there. Start it as a module worker (the `CheckerWorker` class in
// worker-client.js does, and speaks this protocol for you):
//
//   new Worker(new URL('credit-check/worker.js', import.meta.url), { type: 'module' })
//
// Protocol (every request carries an `id` the replies repeat):
//   → { id, op: 'load', source, keys, options }   source: URL string, ArrayBuffer, typed array or Blob;
//                                                 keys: keyring JSON text or object; options:
//                                                 { now, allowStale, storeKey, lastSequence,
//                                                   storedSequence, wasm, sharded, cache, cacheDir,
//                                                   cacheBudget, memoryBudget }
//   ← { id, progress: { received, total } }       while downloading / verifying (throttled)
//   ← { id, ok: true, result: status }            verified, name index built, now in use
//   → { id, op: 'call', method, args }            a Snapshot method (see METHODS) on the one in use
//   ← { id, ok: true, result }
//   → { id, op: 'mirror' }                        a sharded snapshot: every file into the cache
//   ← { id, progress: { done, total, bytes } }    after each file
//   ← { id, ok: true, result: { files, fetched, fromCache, bytes } }
//   → { id, op: 'abort', target }                 cancels the load or mirror with id `target`
//   ← { id, ok: false, error: { code, message, messageZh } }   any failure
//
// A failed load leaves the snapshot in use untouched (as `SnapshotHolder.update` does). Loads run
// one after another; calls are answered meanwhile by the snapshot in use. The rollback guard (the
// highest sequence accepted) is kept in this worker's memory, seeded by `options.lastSequence`,
// because workers have no localStorage: the client persists it on the page's side.
//
// Calls answer as `SnapshotHolder` does: before any load, `check` resolves to the core's
// `unavailable` outcome (reason NO_SNAPSHOT, no record) and `lookup` and `screen` to its
// `notCovered` answers — never a pass; the module is loaded for them if no load has yet — while
// the other methods fail NO_SNAPSHOT. A sharded check whose files could not be had resolves to
// `unavailable` with the reason (SHARD_MISSING, …); input errors still fail.
//
// A URL naming the manifest of a sharded snapshot (a national list) is opened as one
// (`openSharded`): with `options.sharded`, or when the loader finds a manifest there
// (SHARDED_MANIFEST). Its answers fetch the pages and shards they need first (cached with the
// Cache API, which workers have); `status` has a `sharded` part, `fetchLog` lists the files
// fetched, `lookupAll`/`lookupLines` answer `{ bytes, stale, sequence }`, and `record` is not
// available. `CheckerWorker` reads its store strictly before it sends `lastSequence`; a caller
// posting messages itself may pass the raw stored value as `options.storedSequence`, which must
// be a sequence number or nothing (BAD_STORED_SEQUENCE).
//
// The protocol itself is `handle(message, post)`, exported so that it can run (and be tested)
// outside a worker; this module listens for messages only inside a DedicatedWorkerGlobalScope.
import { init, isReady, loadSnapshot, openSharded, ShardedSnapshot, SnapshotHolder, vocabulary } from './index.js';
import { creditCheckError as fail, LOCATION_FIELDS } from './errors.js';
import { parseStoredSequence, SEQUENCE_KEY } from './sequence-store.js';

/**
 * Snapshot methods a `call` may name. `check` is forwarded once the core has it; `fetchLog` is a
 * sharded snapshot's (METHOD_NOT_AVAILABLE on a single file), `record` a single file's.
 */
export const METHODS = Object.freeze(['status', 'lookup', 'lookupAll', 'lookupLines', 'screen', 'record', 'headerJson', 'check', 'verifyRecord', 'catalogue', 'fetchLog']);
const ALLOWED = new Set(METHODS);
/**
 * Methods answered before any load as `SnapshotHolder` answers them with no snapshot — the core's
 * answers: `check` → `{decision: 'unavailable', reason: 'NO_SNAPSHOT', verdict: null, record:
 * null, sha256: null, …}`, `lookup` → `{outcome: 'notCovered', reason: 'NO_SNAPSHOT', …}`,
 * `screen` → one `{band: 'none', notCovered: true, reason: 'NO_SNAPSHOT', …}` per party. Never a
 * pass. The others reject NO_SNAPSHOT before a load.
 */
const WITHOUT_SNAPSHOT = new Set(['check', 'lookup', 'screen']);
const PROGRESS_EVERY_MS = 50;

let current = null; // the Snapshot in use
const empty = new SnapshotHolder(); // answers as a holder with no snapshot
let wasmSource; // the module the latest load named (`options.wasm`), for answers before a load
let queue = Promise.resolve(); // loads, one at a time
const loads = new Map(); // load or mirror id → AbortController
const highest = new Map(); // storeKey → highest sequence accepted by this worker

/** An error as it crosses postMessage: a plain object (Error's own fields would be lost). */
export function serializeError(err) {
  let code = typeof err?.code === 'string' ? err.code : 'INTERNAL_ERROR';
  if (err?.name === 'AbortError') code = 'ABORTED';
  const out = {
    code,
    message: String(err?.message ?? err),
    messageZh: typeof err?.messageZh === 'string' ? err.messageZh : code === 'ABORTED' ? '已取消' : '内部错误',
  };
  for (const k of LOCATION_FIELDS) if (err?.[k] !== undefined) out[k] = err[k];
  return out;
}

/** ArrayBuffers the reply can hand over instead of copying (only whole, unshared ones). */
function transferablesOf(value) {
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    if (buf instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buf.byteLength) return [buf];
  } else if (value instanceof ArrayBuffer) {
    return [value];
  }
  return [];
}

function reply(post, id, result) {
  const transfer = transferablesOf(result);
  try {
    post({ id, ok: true, result }, transfer);
  } catch (err) {
    // A buffer that cannot be transferred (WebAssembly memory) is copied instead; anything else
    // that does not clone is reported, never left unanswered.
    if (transfer.length) {
      try {
        post({ id, ok: true, result });
        return;
      } catch {
        // fall through
      }
    }
    post({ id, ok: false, error: serializeError(fail('DATA_CLONE', `credit-check worker: the result cannot be sent: ${err?.message ?? err}`, '结果无法传回主线程')) });
  }
}

/** A snapshot source as it arrived: URLs and bytes as they are, a Blob as a Response. */
function sourceOf(source) {
  if (typeof source === 'string' || source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source;
  if (typeof Blob !== 'undefined' && source instanceof Blob && typeof Response !== 'undefined') return new Response(source);
  if (typeof SharedArrayBuffer !== 'undefined' && source instanceof SharedArrayBuffer) return new Uint8Array(source);
  throw fail('BAD_SOURCE', 'credit-check worker: a snapshot source is a URL string, an ArrayBuffer, a typed array or a Blob', '快照来源须为网址、字节或 Blob');
}

async function load(message, post) {
  const { id, keys } = message;
  const options = message.options ?? {};
  if (options.wasm !== undefined) wasmSource = options.wasm;
  const ctrl = new AbortController();
  loads.set(id, ctrl);
  let run;
  try {
    run = queue.then(async () => {
      if (ctrl.signal.aborted) throw fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消');
      const source = sourceOf(message.source);
      await initCore(options.wasm);
      const storeKey = options.storeKey ?? SEQUENCE_KEY;
      const seed = Number.isFinite(options.lastSequence) ? options.lastSequence : undefined;
      const store = {
        get: (k) => {
          const mine = highest.get(k);
          return mine === undefined ? seed : seed === undefined ? mine : Math.max(mine, seed);
        },
        set: (k, v) => void highest.set(k, v),
      };
      let lastPost = 0;
      let pending = null;
      const common = { keys, storeKey, allowStale: !!options.allowStale, now: options.now, signal: ctrl.signal };
      const sharded = () => openSharded(source, { ...common, ...shardedOptions(options), store: strictStore(store, options.storedSequence) });
      let snapshot;
      if (options.sharded && typeof source === 'string') {
        snapshot = await sharded();
      } else {
        try {
          snapshot = await loadSnapshot(source, {
            ...common,
            store,
            onProgress: (p) => {
              const t = Date.now();
              if (t - lastPost >= PROGRESS_EVERY_MS || (p.total != null && p.received >= p.total)) {
                lastPost = t;
                pending = null;
                post({ id, progress: { received: p.received, total: p.total } });
              } else {
                pending = p;
              }
            },
          });
        } catch (err) {
          if (err?.code !== 'SHARDED_MANIFEST' || typeof source !== 'string' || options.sharded === false) throw err;
          snapshot = await sharded();
        }
      }
      if (pending) post({ id, progress: { received: pending.received, total: pending.total } });
      try {
        if (ctrl.signal.aborted) throw fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消');
        // The index `screen` needs, built now rather than on the first query (a sharded
        // snapshot builds one per question, over the shards it fetched).
        if (!(snapshot instanceof ShardedSnapshot)) snapshot.buildNameIndex();
      } catch (err) {
        snapshot.close();
        throw err;
      }
      const old = current;
      current = snapshot;
      old?.close();
      return snapshot.status(options.now);
    });
    queue = run.catch(() => {});
    reply(post, id, await run);
  } finally {
    loads.delete(id);
  }
}

/** Loads the WebAssembly module (once; a failure may be retried), or fails INIT_FAILED. */
async function initCore(source) {
  try {
    await init(source);
  } catch (err) {
    // Not found, not application/wasm, or refused by the CSP of this worker's script response
    // (no 'wasm-unsafe-eval'): say so, with the browser's reason.
    throw fail('INIT_FAILED', `credit-check worker: the WebAssembly module could not be loaded: ${err?.message ?? err}`, 'WebAssembly 模块加载失败');
  }
}

/** What `openSharded` takes from the load options (all of them clone across postMessage). */
function shardedOptions(options) {
  const out = {};
  for (const k of ['cache', 'cacheDir', 'cacheBudget', 'memoryBudget']) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

/**
 * The worker's store, read strictly for a sharded snapshot: the value the client's store holds
 * must be a sequence (or nothing), and the highest of it and this worker's own mark counts.
 */
function strictStore(store, stored) {
  return {
    get: (k) => {
      const theirs = parseStoredSequence(stored);
      const mine = store.get(k);
      return theirs === undefined ? mine : mine === undefined ? theirs : Math.max(mine, theirs);
    },
    set: store.set,
  };
}

/** Fetches every file of the sharded snapshot in use into the cache, with progress. */
async function mirror(message, post) {
  const { id } = message;
  if (!current) throw fail('NO_SNAPSHOT', 'credit-check worker: no snapshot is loaded yet (call load first)', '尚未加载名单快照');
  if (!(current instanceof ShardedSnapshot)) {
    throw fail('METHOD_NOT_AVAILABLE', 'credit-check worker: mirror needs a sharded snapshot', '仅分片名单可离线保存');
  }
  const ctrl = new AbortController();
  loads.set(id, ctrl);
  try {
    // One message per file (a few thousand for a national list): the page decides how often to draw.
    const result = await current.mirror({ signal: ctrl.signal, onProgress: (p) => post({ id, progress: p }) });
    reply(post, id, result);
  } finally {
    loads.delete(id);
  }
}

async function call(message) {
  const { method } = message;
  const args = message.args ?? [];
  if (typeof method !== 'string' || !ALLOWED.has(method)) {
    throw fail('METHOD_NOT_ALLOWED', `credit-check worker: '${String(method)}' is not one of ${METHODS.join(', ')}`, '不允许调用该方法');
  }
  if (!Array.isArray(args)) throw fail('BAD_REQUEST', 'credit-check worker: args must be an array', '参数须为数组');
  if (!current) {
    if (!WITHOUT_SNAPSHOT.has(method)) throw fail('NO_SNAPSHOT', 'credit-check worker: no snapshot is loaded yet (call load first)', '尚未加载名单快照');
    // The answer comes from the core: the module a load named (or is loading), else the one
    // beside this script.
    if (!isReady()) await initCore(wasmSource);
    // A load may have finished meanwhile: then its snapshot answers.
    if (!current) return empty[method](...args);
  }
  // A sharded check whose files could not be had (UNAVAILABLE_CODES) is `unavailable`, as
  // `SnapshotHolder.check` says; input errors still reject.
  if (method === 'check' && current instanceof ShardedSnapshot) return current.checkOrUnavailable(...args);
  const fn = current[method];
  if (typeof fn !== 'function') {
    throw fail('METHOD_NOT_AVAILABLE', `credit-check worker: this version of credit-check has no Snapshot.${method}`, '当前版本不支持该方法');
  }
  return fn.apply(current, args);
}

/**
 * Handles one request and posts its replies through `post(message, transfer?)`. Resolves once
 * the final reply is posted; never rejects (failures are replies).
 */
export async function handle(message, post) {
  const id = message != null && typeof message === 'object' ? message.id : undefined;
  try {
    if (id === undefined) throw fail('BAD_REQUEST', 'credit-check worker: a request is an object with an id', '请求格式错误');
    switch (message.op) {
      case 'load':
        await load(message, post);
        return;
      case 'call':
        reply(post, id, await call(message));
        return;
      case 'mirror':
        await mirror(message, post);
        return;
      case 'vocabulary':
        // After any load in progress (which may name the module to use), the core's names.
        await queue.catch(() => {});
        await init(message.wasm);
        reply(post, id, vocabulary());
        return;
      case 'abort': {
        const ctrl = loads.get(message.target);
        ctrl?.abort();
        reply(post, id, !!ctrl);
        return;
      }
      default:
        throw fail('BAD_REQUEST', `credit-check worker: unknown op '${String(message.op)}'`, '未知操作');
    }
  } catch (err) {
    post({ id: id ?? null, ok: false, error: serializeError(err) });
  }
}

// Inside a dedicated worker: answer the page.
const scope = globalThis;
if (typeof scope.DedicatedWorkerGlobalScope === 'function' && scope instanceof scope.DedicatedWorkerGlobalScope) {
  scope.addEventListener('message', (event) => {
    handle(event.data, (msg, transfer) => scope.postMessage(msg, transfer ?? []));
  });
}
