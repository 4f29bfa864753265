// credit-check/sharded: national lists as sharded snapshots. A publisher too big to be downloaded
// whole writes a directory — a small signed manifest, pages naming shard digests, and immutable
// content-addressed shards — and this module answers from it as the whole list would, fetching
// only the pages and shards the parties asked about need:
//
//   import { init } from 'credit-check';
//   import { openSharded } from 'credit-check/sharded';
//   await init();
//   const lists = await openSharded('/lists/national/manifest.ccs', { keys });
//   const r = await lists.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code }] });
//
// Every byte is verified in the core (`ShardedSource`, src/wasm/sharded.rs): the manifest against
// the pinned keys and the rollback mark, each page and shard against the digest a verified file
// names. Files are cached by digest (they never change under their name): the Cache API in
// browsers and workers, a directory in Node (`cacheDir`), or not at all (`cache: false`). A file
// that cannot be had makes the question fail with a code — never an answer that says "not
// listed" or "pass".
import * as core from './wasm/credit_check.js';
import { Snapshot, isReady, keyring } from './index.js';
import { checkAnswer, requestForCore } from './answer.js';
import { creditCheckError as fail } from './errors.js';
import { SEQUENCE_KEY, defaultStore, raiseMark, readMark } from './sequence-store.js';

/** Files fetched at once, per sharded snapshot. */
const PARALLEL = 6;
/** Default bytes of shards kept in WebAssembly memory between questions. */
const MEMORY_BUDGET = 32 * 1024 * 1024;
/** Default bytes the file cache may hold. */
const CACHE_BUDGET = 256 * 1024 * 1024;
/** The Cache API cache the files go to, and the key its LRU index is kept under. */
const CACHE_NAME = 'credit-check-shards';
const CACHE_INDEX_URL = 'https://credit-check.invalid/shard-cache-index.json';
/** Rounds of missing → fetch before a question gives up (pages, then shards: 2 suffice). */
const MAX_ROUNDS = 4;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Codes that mean the files a question needs could not be had (or the snapshot was closed):
 * nothing was checked. `checkOrUnavailable`, `SnapshotHolder.check` and the worker's `check`
 * answer these with `{ decision: 'unavailable' }`; input errors (UNKNOWN_SCENARIO, …) still reject.
 */
export const UNAVAILABLE_CODES = Object.freeze(['SHARD_MISSING', 'SHARD_DIGEST_MISMATCH', 'SHARD_NOT_IN_MANIFEST', 'ABORTED', 'CLOSED']);

function ensureLoaded() {
  if (!isReady()) {
    throw fail('NOT_INITIALIZED', 'credit-check: call `await init()` before using the API', '请先调用 init()');
  }
}

function aborted() {
  return fail('ABORTED', 'credit-check: the operation was cancelled', '已取消');
}

function clock() {
  return globalThis.performance?.now?.() ?? Date.now();
}

/** A manifest URL as an absolute href: a relative one is resolved against the page. */
function manifestHref(url) {
  if (typeof url !== 'string' && !(typeof URL !== 'undefined' && url instanceof URL)) {
    throw fail('BAD_SOURCE', 'credit-check: a sharded snapshot is opened from the URL of its manifest (a string or URL)', '分片名单须以清单文件的网址打开');
  }
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return base ? new URL(url, base).href : new URL(url).href;
  } catch {
    throw fail('BAD_SOURCE', `credit-check: ${String(url)} is not an absolute URL (no page to resolve it against)`, '清单网址无效');
  }
}

/**
 * Fetches `url` whole. A network error or an HTTP error status becomes `failure(reason)`; an
 * abort becomes ABORTED.
 */
async function download(fetchFn, url, init, failure) {
  const broken = (err) => (init.signal?.aborted || err?.name === 'AbortError' ? aborted() : failure(String(err?.message ?? err)));
  let response;
  try {
    response = await fetchFn(url, init);
  } catch (err) {
    throw broken(err);
  }
  if (!response?.ok) throw failure(`HTTP ${response?.status ?? '?'}`);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw broken(err); // the connection broke off mid-body
  }
}

// ---------------------------------------------------------------------------------------------
// The file cache: digest-keyed, least recently used out past a byte budget
// ---------------------------------------------------------------------------------------------

/** Node's fs/promises, found at run time so that bundlers for the web never see it. */
async function nodeFs() {
  const builtin = globalThis.process?.getBuiltinModule?.('node:fs/promises');
  if (builtin) return builtin;
  const name = 'node:fs/promises';
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name);
}

/** Files in a directory, named by digest, with the LRU index beside them (`index.json`). */
function directoryBackend(dir) {
  let fs = null;
  const io = async () => (fs ??= await nodeFs());
  const file = (name) => `${dir}/${name}`;
  const atomicWrite = async (name, data) => {
    const f = await io();
    await f.mkdir(dir, { recursive: true });
    const tmp = file(`.${name}.${globalThis.process?.pid ?? 0}.${Math.random().toString(36).slice(2)}.tmp`);
    await f.writeFile(tmp, data);
    await f.rename(tmp, file(name));
  };
  return {
    key: (digest) => digest,
    async read(key) {
      try {
        return new Uint8Array(await (await io()).readFile(file(key)));
      } catch (err) {
        if (err?.code === 'ENOENT') return null;
        throw err;
      }
    },
    async has(key) {
      try {
        return (await (await io()).stat(file(key))).isFile();
      } catch {
        return false;
      }
    },
    write: (key, bytes) => atomicWrite(key, bytes),
    async remove(key) {
      await (await io()).rm(file(key), { force: true });
    },
    async readIndex() {
      try {
        return JSON.parse(await (await io()).readFile(file('index.json'), 'utf8'));
      } catch {
        return null;
      }
    },
    writeIndex: (index) => atomicWrite('index.json', JSON.stringify(index)),
  };
}

/** The Cache API (browsers, workers): entries keyed by the file's absolute URL. */
function cacheStorageBackend(name) {
  let opened = null;
  const open = () => (opened ??= globalThis.caches.open(name));
  return {
    key: (digest, url) => url,
    async read(key) {
      const r = await (await open()).match(key);
      return r ? new Uint8Array(await r.arrayBuffer()) : null;
    },
    async has(key) {
      return !!(await (await open()).match(key));
    },
    async write(key, bytes) {
      const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) };
      await (await open()).put(key, new Response(bytes, { headers }));
    },
    async remove(key) {
      await (await open()).delete(key);
    },
    async readIndex() {
      const r = await (await open()).match(CACHE_INDEX_URL);
      return r ? r.json() : null;
    },
    async writeIndex(index) {
      const body = JSON.stringify(index);
      await (await open()).put(CACHE_INDEX_URL, new Response(body, { headers: { 'content-type': 'application/json' } }));
    },
  };
}

/**
 * A byte-budgeted cache over a backend. Its index `{ version: 1, entries: { key: { bytes, used } } }`
 * is read once, merged with what other instances wrote when it is saved (`flush`), and the
 * least recently used entries go until the budget holds. Reading is best effort (a broken entry
 * is a miss); writing fails loudly only where the caller asks (`mirror`).
 */
class FileCache {
  #backend;
  #budget;
  #index = null;
  #touched = new Map(); // key → entry, changed since the last flush
  #removed = new Set();

  constructor(backend, budget) {
    this.#backend = backend;
    this.#budget = budget;
  }

  async #entries() {
    if (!this.#index) {
      const stored = await this.#backend.readIndex().catch(() => null);
      this.#index = new Map(Object.entries(stored?.version === 1 && stored.entries ? stored.entries : {}));
    }
    return this.#index;
  }

  #note(key, entry) {
    this.#index?.set(key, entry);
    this.#touched.set(key, entry);
    this.#removed.delete(key);
  }

  /** The bytes cached for a file, or null. */
  async get(digest, url) {
    const key = this.#backend.key(digest, url);
    let bytes = null;
    try {
      bytes = await this.#backend.read(key);
    } catch {
      bytes = null;
    }
    await this.#entries();
    if (bytes) this.#note(key, { bytes: bytes.length, used: Date.now() });
    return bytes;
  }

  /** Whether a file is cached (without reading it). */
  async has(digest, url) {
    try {
      return await this.#backend.has(this.#backend.key(digest, url));
    } catch {
      return false;
    }
  }

  /** Caches verified bytes. */
  async put(digest, url, bytes) {
    const key = this.#backend.key(digest, url);
    await this.#backend.write(key, bytes);
    await this.#entries();
    this.#note(key, { bytes: bytes.length, used: Date.now() });
  }

  /** Drops a file (it failed verification). */
  async delete(digest, url) {
    const key = this.#backend.key(digest, url);
    await this.#backend.remove(key).catch(() => {});
    (await this.#entries()).delete(key);
    this.#touched.delete(key);
    this.#removed.add(key);
  }

  /** Saves the index (merged with the stored one) after evicting down to the budget. */
  async flush() {
    if (!this.#touched.size && !this.#removed.size) return;
    const stored = await this.#backend.readIndex().catch(() => null);
    const merged = new Map(Object.entries(stored?.version === 1 && stored.entries ? stored.entries : {}));
    for (const key of this.#removed) merged.delete(key);
    for (const [key, entry] of this.#touched) {
      const other = merged.get(key);
      merged.set(key, other && other.used > entry.used ? other : entry);
    }
    let total = 0;
    for (const e of merged.values()) total += e.bytes;
    if (total > this.#budget) {
      const oldest = [...merged.entries()].sort((a, b) => a[1].used - b[1].used);
      for (const [key, e] of oldest) {
        if (total <= this.#budget) break;
        await this.#backend.remove(key).catch(() => {});
        merged.delete(key);
        total -= e.bytes;
      }
    }
    this.#touched.clear();
    this.#removed.clear();
    this.#index = merged;
    await this.#backend.writeIndex({ version: 1, entries: Object.fromEntries(merged) });
  }
}

function budget(value, fallback) {
  return Number.isFinite(value) ? Math.max(0, value) : fallback;
}

/** The cache `options` ask for: none, a directory (`cacheDir`), or the Cache API where there is one. */
function cacheFor(options) {
  if (options.cache === false) return null;
  const bytes = budget(options.cacheBudget, CACHE_BUDGET);
  if (options.cacheDir != null) return new FileCache(directoryBackend(String(options.cacheDir)), bytes);
  if (typeof globalThis.caches?.open === 'function') return new FileCache(cacheStorageBackend(CACHE_NAME), bytes);
  return null;
}

// ---------------------------------------------------------------------------------------------
// ShardedSnapshot
// ---------------------------------------------------------------------------------------------

/**
 * A sharded snapshot opened from its manifest: the same questions as a `Snapshot`, as promises,
 * each fetching (or taking from the cache) the pages and shards it needs first. Open one with
 * `openSharded`; free it with `close()`.
 */
export class ShardedSnapshot {
  #source;
  #base;
  #fetch;
  #cache;
  #memoryBudget;
  #cacheBudget;
  #log = [];
  #inflight = new Map(); // digest → Promise of the file being added
  #slots = PARALLEL;
  #queue = []; // callers waiting for a fetch slot
  #active = 0; // questions running: shards are evicted only when none is
  #closed = false;

  /** @internal Made by `openSharded`. */
  constructor(source, { url, fetch, cache, cacheBudget, memoryBudget, manifestEntry }) {
    this.#source = source;
    this.#base = url;
    this.#fetch = fetch;
    this.#cache = cache;
    this.#cacheBudget = cacheBudget;
    this.#memoryBudget = memoryBudget;
    if (manifestEntry) this.#log.push(manifestEntry);
  }

  /** The manifest's absolute URL; files are fetched relative to it. */
  get url() {
    return this.#base;
  }

  /**
   * The manifest's status — publisher, keyId, sequence, issuedAt, expiresAt, stale, region,
   * listTypes, payloadDigest (the manifest's digest, which check records name) — with
   * `sharded: { records, byListType, shards, shardBytes, buckets: { org, person, name },
   * commonKeys, heldShards, heldPages, heldBytes }`. `counts` describes the manifest file itself
   * (it holds no records): the list's counts are in `sharded`.
   */
  status(now) {
    this.#live();
    return this.#source.status(now == null ? undefined : +now);
  }

  /** The manifest's signed header, as JSON text. */
  headerJson() {
    this.#live();
    return this.#source.headerJson();
  }

  /**
   * The verdict for parties in a scenario, as `Snapshot.check` gives it: `{ decision, verdict,
   * input, record, sha256 }`. The record names the manifest (`verdict.snapshot.payloadDigest`) and
   * the shards read (`verdict.snapshot.shards`). Rejects with `code` SHARD_MISSING (a file could
   * not be fetched), SHARD_DIGEST_MISMATCH (one did not verify), or the check's own codes.
   */
  async check(request, now) {
    this.#live();
    const at = now == null ? undefined : +now;
    // Read once, here, and checked against the catalogue: a wrong request is refused before
    // anything is fetched.
    const [text, objectText] = requestForCore(request);
    const question = this.#source.questionForRequest(text, at, objectText);
    return this.#ask(question, (snapshot, core) => checkAnswer(core.checkQuestion(question, at)));
  }

  /**
   * `check`, except that a question the files could not be had for (UNAVAILABLE_CODES) resolves
   * to `{ decision: 'unavailable', reason: CODE, verdict: null, record: null, sha256: null,
   * message, messageZh }` — never a pass — as `SnapshotHolder.check` answers with no snapshot.
   * Input errors still reject. The core decides which codes are unavailable and builds the answer.
   */
  async checkOrUnavailable(request, now) {
    try {
      return await this.check(request, now);
    } catch (err) {
      const answer = typeof err?.code === 'string' ? core.checkUnavailable(err.code, err.message, err.messageZh) : null;
      if (answer) return answer;
      throw err;
    }
  }

  /** `Snapshot.screen` over the records the parties' identifiers and names lead to. */
  async screen(parties, options) {
    this.#live();
    const question = this.#source.questionForParties(parties, options);
    return this.#ask(question, (snapshot, core) => core.screenQuestion(question));
  }

  /** `Snapshot.lookup` of one typed-in code (its answer carries `stale`). */
  async lookup(code, options) {
    this.#live();
    const codes = typeof code === 'string' ? [code] : [];
    return this.#ask(this.#source.questionForCodes(codes), (snapshot) => snapshot.lookup(code, options));
  }

  /**
   * Batch lookup: `{ bytes, stale, sequence }` — `bytes` one `Lookup` value per code (as
   * `Snapshot.lookupAll`), `stale` whether the list is past its expiry (then no byte can be
   * relied on), `sequence` the manifest's issue number. An object, not the bare bytes, so that the
   * staleness cannot be dropped on the way.
   */
  async lookupAll(codes) {
    if (!Array.isArray(codes)) throw fail('NOT_AN_ARRAY', 'credit-check: lookupAll expects an array', '代码须为数组');
    this.#live();
    const strings = codes.map((c) => (typeof c === 'string' ? c : ''));
    return this.#ask(this.#source.questionForCodes(strings), (snapshot) => stamped(snapshot, snapshot.lookupAll(codes)));
  }

  /** `lookupAll` for the lines of a text (as `Snapshot.lookupLines`): `{ bytes, stale, sequence }`. */
  async lookupLines(text) {
    if (typeof text !== 'string') throw fail('NOT_A_STRING', 'credit-check: lookupLines expects a string', '须为文本');
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    this.#live();
    return this.#ask(this.#source.questionForCodes(lines), (snapshot) => stamped(snapshot, snapshot.lookupLines(text)));
  }

  /**
   * Re-runs a stored check record (`Snapshot.verifyRecord`): fetches the shards its `input`
   * needs and answers `{ matches, code: 'MATCH' | …, … }`. A record made from this manifest
   * matches byte for byte.
   */
  async verifyRecord(record, sha256) {
    if (typeof record !== 'string') throw fail('NOT_A_STRING', 'credit-check: verifyRecord expects the record text', '核查记录须为文本');
    this.#live();
    return this.#ask(this.#source.questionForRecord(record), (snapshot) => snapshot.verifyRecord(record, sha256 == null ? undefined : String(sha256)));
  }

  /** The measure catalogue the manifest carries (`Snapshot.catalogue`); needs no file. */
  async catalogue() {
    this.#live();
    return this.#ask(this.#source.questionForCodes([]), (snapshot) => snapshot.catalogue());
  }

  /**
   * Fetches every page and shard into the cache, for use offline: resolves to `{ files, fetched,
   * fromCache, bytes }`. `onProgress({ done, total, bytes })` after each file (`bytes`: bytes
   * downloaded so far). Files already cached are not downloaded again, so mirroring the next
   * manifest fetches only the files whose digest changed. Rejects NO_CACHE without a cache,
   * CACHE_BUDGET when the list does not fit the cache budget, CACHE_WRITE_FAILED when the cache
   * refuses a file (quota), and as the questions do for a file that cannot be had.
   */
  async mirror({ onProgress, signal } = {}) {
    this.#live();
    if (!this.#cache) {
      throw fail('NO_CACHE', 'credit-check: mirror() needs a cache (the Cache API in browsers, cacheDir in Node; not cache: false)', '没有可用的本机缓存，无法离线保存名单');
    }
    const first = this.#source.status();
    if (first.sharded.shardBytes > this.#cacheBudget) {
      throw fail('CACHE_BUDGET', `credit-check: the list's ${first.sharded.shardBytes} bytes of shards exceed the cache budget`, '名单分片总大小超过本机缓存上限');
    }
    this.#active++;
    try {
      const seen = new Set();
      const progress = { done: first.sharded.heldPages + first.sharded.heldShards, total: 0, bytes: 0 };
      let fetched = 0;
      let cached = 0;
      for (let round = 0; ; round++) {
        if (signal?.aborted) throw aborted();
        const todo = this.#source.missingAll().filter((f) => !seen.has(f.digest));
        if (round === 0) progress.total = first.sharded.heldPages + todo.filter((f) => f.kind === 'page').length + first.sharded.shards;
        if (!todo.length) break;
        if (round >= MAX_ROUNDS) throw fail('SHARD_MISSING', 'credit-check: mirror() did not converge', '名单分片未能全部取得');
        for (const f of todo) seen.add(f.digest);
        await Promise.all(
          todo.map((f) =>
            this.#slot(async () => {
              if (signal?.aborted) throw aborted();
              const fromNetwork = await this.#mirrorFile(f, signal);
              if (fromNetwork) {
                fetched++;
                progress.bytes += fromNetwork;
              } else {
                cached++;
              }
              progress.done++;
              onProgress?.({ ...progress });
            }),
          ),
        );
      }
      return { files: progress.done, fetched, fromCache: cached, bytes: progress.bytes };
    } finally {
      await this.#cache.flush().catch(() => {});
      this.#leave();
    }
  }

  /** Every file fetched so far, in order: `{ path, digest, kind: 'manifest' | 'page' | 'shard', bytes, fromCache, ms }`. */
  fetchLog() {
    return this.#log.map((e) => ({ ...e }));
  }

  /**
   * Frees the WebAssembly memory once the questions running have finished (they are answered);
   * questions asked afterwards reject with CLOSED.
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#active === 0) this.#free();
  }

  // ---- internals ---------------------------------------------------------------------------

  #live() {
    if (this.#closed) throw fail('CLOSED', 'credit-check: this sharded snapshot has been closed', '名单已关闭');
  }

  #free() {
    this.#source?.free();
    this.#source = null;
  }

  #leave() {
    this.#active--;
    if (this.#active > 0) return;
    if (this.#closed) this.#free();
    else this.#source.evictTo(this.#memoryBudget);
  }

  /**
   * One question, read once by the core (`questionFor*`: a request or party it refuses —
   * UNKNOWN_SCENARIO, BAD_CUTOFF, INVALID_PARTY, … — is refused there, before anything is
   * fetched, so that it is never mistaken for a list that could not be read): fetch what
   * `missing` names until nothing is (pages first, then the shards they name), then build the
   * view, run `use(snapshot, core view)` on it and free both. Between the last `missing` and the
   * view there is no `await`, and shards are evicted only when no question runs, so the view
   * always finds what it needs.
   */
  async #ask(question, use) {
    this.#active++;
    try {
      for (let round = 0; ; round++) {
        const files = this.#source.missing(question);
        if (!files.length) {
          const core = this.#source.view(question);
          const snapshot = new Snapshot(core);
          try {
            return use(snapshot, core);
          } finally {
            snapshot.close();
          }
        }
        if (round >= MAX_ROUNDS) {
          throw fail('SHARD_MISSING', `credit-check: ${files.length} file(s) still missing after ${round} rounds`, `还有${files.length}个名单分片未取得，无法核查（结果不能视为未列入）`);
        }
        await this.#obtainAll(files);
      }
    } finally {
      question.free();
      if (this.#cache) await this.#cache.flush().catch(() => {});
      this.#leave();
    }
  }

  /** Adds `files`, at most PARALLEL fetched at once; the first failure rejects (the rest stop). */
  async #obtainAll(files) {
    const state = { failed: false };
    await Promise.all(
      files.map((f) =>
        this.#obtain(f, state).catch((err) => {
          state.failed = true;
          throw err;
        }),
      ),
    );
  }

  /** One file, fetched once however many questions wait for it. */
  #obtain(file, state) {
    let pending = this.#inflight.get(file.digest);
    if (!pending) {
      pending = this.#slot(() => (state.failed ? undefined : this.#load(file))).finally(() => this.#inflight.delete(file.digest));
      this.#inflight.set(file.digest, pending);
    }
    return pending;
  }

  /** Runs `task` when one of the PARALLEL fetch slots is free. */
  async #slot(task) {
    if (this.#slots === 0) await new Promise((resolve) => this.#queue.push(resolve));
    else this.#slots--;
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#slots++;
    }
  }

  #href(file) {
    return new URL(file.path, this.#base).href;
  }

  /** From the cache if it verifies (else the entry is dropped), otherwise from the network. */
  async #load(file) {
    const url = this.#href(file);
    if (this.#cache) {
      const t0 = clock();
      const bytes = await this.#cache.get(file.digest, url);
      if (bytes) {
        try {
          this.#add(file, bytes);
          this.#logFile(file, bytes.length, true, clock() - t0);
          return;
        } catch (err) {
          if (err?.code !== 'SHARD_DIGEST_MISMATCH') throw err;
          await this.#cache.delete(file.digest, url);
        }
      }
    }
    const t0 = clock();
    const bytes = await this.#download(file, url);
    this.#add(file, bytes); // SHARD_DIGEST_MISMATCH: the question fails, nothing is cached
    this.#logFile(file, bytes.length, false, clock() - t0);
    await this.#cache?.put(file.digest, url, bytes).catch(() => {});
  }

  /** For `mirror`: the bytes downloaded, or 0 when the file was cached already. */
  async #mirrorFile(file, signal) {
    const url = this.#href(file);
    if (await this.#cache.has(file.digest, url)) {
      // Pages are needed to learn the shards: they are read (and verified) from the cache.
      if (file.kind === 'page') {
        const bytes = await this.#cache.get(file.digest, url);
        if (bytes) {
          try {
            this.#add(file, bytes);
            return 0;
          } catch (err) {
            if (err?.code !== 'SHARD_DIGEST_MISMATCH') throw err;
            await this.#cache.delete(file.digest, url);
          }
        }
      } else {
        return 0;
      }
    }
    const t0 = clock();
    const bytes = await this.#download(file, url, signal);
    if (file.kind === 'page') {
      this.#add(file, bytes);
    } else if (core.digestHex(bytes, 'ed25519') !== file.digest) {
      // Shards are verified without being held, so that mirroring stays within the memory budget.
      throw fail('SHARD_DIGEST_MISMATCH', `credit-check: ${file.path} does not hash to its digest: tampered, truncated or replaced`, '名单分片的摘要不符：文件被篡改、不完整或被替换');
    }
    this.#logFile(file, bytes.length, false, clock() - t0);
    try {
      await this.#cache.put(file.digest, url, bytes);
    } catch (err) {
      throw fail('CACHE_WRITE_FAILED', `credit-check: the cache refused ${file.path}: ${err?.message ?? err}`, '本机缓存写入失败（空间不足？）');
    }
    return bytes.length;
  }

  #download(file, url, signal) {
    return download(this.#fetch, url, signal ? { signal } : {}, (reason) =>
      fail('SHARD_MISSING', `credit-check: ${file.kind} ${file.path} could not be fetched (${reason}): the question cannot be answered (this is not "not listed")`, `名单分片下载失败（${reason}），无法核查（结果不能视为未列入）`),
    );
  }

  #add(file, bytes) {
    if (!this.#source) throw fail('CLOSED', 'credit-check: this sharded snapshot has been closed', '名单已关闭');
    if (!HEX64.test(file.digest)) throw fail('SHARD_NOT_IN_MANIFEST', `credit-check: ${file.digest} is not a digest`, '名单分片摘要格式错误');
    this.#source.add(file.digest, bytes);
  }

  #logFile(file, bytes, fromCache, ms) {
    this.#log.push({ path: file.path, digest: file.digest, kind: file.kind, bytes, fromCache, ms: Math.round(ms) });
  }
}

/** Batch bytes with the staleness and issue number of the view they came from. */
function stamped(view, bytes) {
  const st = view.status();
  return { bytes, stale: st.stale, sequence: st.sequence };
}

/**
 * The outcome of a check that could not be done (built by the core): never a pass. An error whose
 * code is not one of UNAVAILABLE_CODES is answered as SHARD_MISSING.
 */
export function unavailable(err) {
  const text = (v) => (typeof v === 'string' ? v : undefined);
  const [message, messageZh] = [text(err?.message), text(err?.messageZh)];
  return core.checkUnavailable(String(err?.code), message, messageZh) ?? core.checkUnavailable('SHARD_MISSING', message, messageZh);
}

/**
 * Opens a sharded snapshot: fetches its manifest (always from the network: `cache: 'no-cache'`),
 * verifies it — signature under a pinned key, key scope, rollback against the highest sequence
 * accepted before, expiry — and keeps the new high-water mark as `loadSnapshot` does (same
 * `store`/`storeKey`). Resolves to a `ShardedSnapshot`; rejects with an `Error` whose `code` says
 * why (FETCH_FAILED, BAD_SIGNATURE, ROLLBACK, STALE, NOT_A_MANIFEST, KEY_OUT_OF_SCOPE,
 * BAD_STORED_SEQUENCE, …) and `messageZh`.
 *
 * options: `keys` (required), `store`, `storeKey`, `allowStale`, `now` (Date or ms), `fetch`
 * (default globalThis.fetch), `cache` (false: no file cache), `cacheDir` (Node: a directory for
 * the file cache), `cacheBudget` (bytes, default 256 MB), `memoryBudget` (bytes of shards kept in
 * memory between questions, default 32 MB), `signal` (cancels the manifest download).
 */
export async function openSharded(manifestUrl, options = {}) {
  ensureLoaded();
  if (options.keys == null) throw fail('NO_KEYS', 'credit-check: openSharded needs options.keys (a pinned keyring)', '需要密钥环');
  const url = manifestHref(manifestUrl);
  // Called as a plain function: a browser's fetch called as a method of another object throws.
  const fetchFn = options.fetch ?? (typeof globalThis.fetch === 'function' ? (...args) => globalThis.fetch(...args) : null);
  if (typeof fetchFn !== 'function') throw fail('BAD_SOURCE', 'credit-check: no fetch in this environment: pass options.fetch', '当前环境无法下载文件');
  const store = options.store ?? defaultStore();
  const storeKey = options.storeKey ?? SEQUENCE_KEY;
  const last = await readMark(store, storeKey);
  const now = options.now == null ? undefined : +options.now;
  if (options.signal?.aborted) throw aborted();
  const t0 = clock();
  const init = { cache: 'no-cache', ...(options.signal ? { signal: options.signal } : {}) };
  const bytes = await download(fetchFn, url, init, (reason) =>
    fail('FETCH_FAILED', `credit-check: the manifest ${url} could not be fetched (${reason})`, `名单清单下载失败（${reason}）`),
  );
  const ms = clock() - t0;
  const keys = keyring(options.keys);
  let source;
  try {
    source = new core.ShardedSource(keys, bytes, now, last, !!options.allowStale);
  } finally {
    if (keys !== options.keys) keys.free();
  }
  const status = source.status(now);
  const name = new URL(url).pathname.split('/').pop() || 'manifest.ccs';
  const snapshot = new ShardedSnapshot(source, {
    url,
    fetch: fetchFn,
    cache: cacheFor(options),
    cacheBudget: budget(options.cacheBudget, CACHE_BUDGET),
    memoryBudget: budget(options.memoryBudget, MEMORY_BUDGET),
    manifestEntry: { path: name, digest: status.payloadDigest, kind: 'manifest', bytes: bytes.length, fromCache: false, ms: Math.round(ms) },
  });
  try {
    await raiseMark(store, storeKey, last, status.sequence);
  } catch (err) {
    snapshot.close();
    throw err;
  }
  return snapshot;
}
