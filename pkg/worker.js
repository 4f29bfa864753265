// credit-check in a dedicated Web Worker: loads, verifies and indexes a snapshot off the main
// thread and answers lookups there. Start it as a module worker (the `CheckerWorker` class in
// worker-client.js does, and speaks this protocol for you):
//
//   new Worker(new URL('credit-check/worker.js', import.meta.url), { type: 'module' })
//
// Protocol (every request carries an `id` the replies repeat):
//   → { id, op: 'load', source, keys, options }   source: URL string, ArrayBuffer, typed array or Blob;
//                                                 keys: keyring JSON text or object; options:
//                                                 { now, allowStale, storeKey, lastSequence, wasm }
//   ← { id, progress: { received, total } }       while downloading / verifying (throttled)
//   ← { id, ok: true, result: status }            verified, name index built, now in use
//   → { id, op: 'call', method, args }            a Snapshot method (see METHODS) on the one in use
//   ← { id, ok: true, result }
//   → { id, op: 'abort', target }                 cancels the load with id `target`
//   ← { id, ok: false, error: { code, message, messageZh } }   any failure
//
// A failed load leaves the snapshot in use untouched (as `SnapshotHolder.update` does). Loads run
// one after another; calls are answered meanwhile by the snapshot in use. The rollback guard (the
// highest sequence accepted) is kept in this worker's memory, seeded by `options.lastSequence`,
// because workers have no localStorage: the client persists it on the page's side.
//
// The protocol itself is `handle(message, post)`, exported so that it can run (and be tested)
// outside a worker; this module listens for messages only inside a DedicatedWorkerGlobalScope.
import { init, loadSnapshot } from './index.js';
import { SEQUENCE_KEY } from './sequence-store.js';

/** Snapshot methods a `call` may name. `check` is forwarded once the core has it. */
export const METHODS = Object.freeze(['status', 'lookup', 'lookupAll', 'lookupLines', 'screen', 'record', 'headerJson', 'check', 'verifyRecord', 'catalogue']);
const ALLOWED = new Set(METHODS);
const PROGRESS_EVERY_MS = 50;

let current = null; // the Snapshot in use
let queue = Promise.resolve(); // loads, one at a time
const loads = new Map(); // load id → AbortController
const highest = new Map(); // storeKey → highest sequence accepted by this worker

function fail(code, message, messageZh) {
  const err = new Error(message);
  err.code = code;
  err.messageZh = messageZh;
  return err;
}

/** An error as it crosses postMessage: a plain object (Error's own fields would be lost). */
export function serializeError(err) {
  let code = typeof err?.code === 'string' ? err.code : 'INTERNAL_ERROR';
  if (err?.name === 'AbortError') code = 'ABORTED';
  const out = {
    code,
    message: String(err?.message ?? err),
    messageZh: typeof err?.messageZh === 'string' ? err.messageZh : code === 'ABORTED' ? '已取消' : '内部错误',
  };
  for (const k of ['offset', 'expected', 'found']) if (err?.[k] !== undefined) out[k] = err[k];
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
  const ctrl = new AbortController();
  loads.set(id, ctrl);
  let run;
  try {
    run = queue.then(async () => {
      if (ctrl.signal.aborted) throw fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消');
      const source = sourceOf(message.source);
      try {
        await init(options.wasm);
      } catch (err) {
        // Not found, not application/wasm, or refused by the CSP of this worker's script response
        // (no 'wasm-unsafe-eval'): say so, with the browser's reason.
        throw fail('INIT_FAILED', `credit-check worker: the WebAssembly module could not be loaded: ${err?.message ?? err}`, 'WebAssembly 模块加载失败');
      }
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
      const snapshot = await loadSnapshot(source, {
        keys,
        store,
        storeKey,
        allowStale: !!options.allowStale,
        now: options.now,
        signal: ctrl.signal,
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
      if (pending) post({ id, progress: { received: pending.received, total: pending.total } });
      try {
        if (ctrl.signal.aborted) throw fail('ABORTED', 'credit-check worker: the load was cancelled', '已取消');
        // The index `screen` needs, built now rather than on the first query.
        snapshot.buildNameIndex();
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

function call(message) {
  const { id, method } = message;
  const args = message.args ?? [];
  if (typeof method !== 'string' || !ALLOWED.has(method)) {
    throw fail('METHOD_NOT_ALLOWED', `credit-check worker: '${String(method)}' is not one of ${METHODS.join(', ')}`, '不允许调用该方法');
  }
  if (!Array.isArray(args)) throw fail('BAD_REQUEST', 'credit-check worker: args must be an array', '参数须为数组');
  if (!current) throw fail('NO_SNAPSHOT', 'credit-check worker: no snapshot is loaded yet (call load first)', '尚未加载名单快照');
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
