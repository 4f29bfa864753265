// Type declarations for credit-check/worker-client: the snapshot checker in a Web Worker.
// Answers are what the same `Snapshot` methods return (index.d.ts), as promises.

import type {
  Vocabulary,
  CatalogueInfo,
  CheckUnavailable,
  InitSource,
  RecordVerification,
  ListRecordView,
  ListTypeId,
  LookupResult,
  Party,
  ScreenOptions,
  ScreenResult,
  SequenceStore,
  Snapshot,
  SnapshotErrorCode,
  SnapshotStatus,
} from './index.js';
import type { FetchLogEntry, LookupBatch, MirrorProgress, MirrorResult, ShardedErrorCode } from './sharded.js';

/** The instance type of a global class, or `never` where the project's libs do not declare it. */
type GlobalInstance<Name extends string> = typeof globalThis extends {
  [K in Name]: abstract new (...args: any[]) => infer Instance;
}
  ? Instance
  : never;

/** `Snapshot.check`'s signature where index.d.ts declares it; otherwise `(...args: unknown[]) => unknown`. */
type CheckMethod = Snapshot extends { check: infer F extends (...args: any[]) => any } ? F : (...args: unknown[]) => unknown;

/** A batch lookup's answer: the bytes for a single-file snapshot, `{ bytes, stale, sequence }` for a sharded one. */
type BatchOf<Sharded extends boolean> = Sharded extends true ? LookupBatch : Uint8Array;

/**
 * What the worker answers for each method it may be asked (and nothing else). `Sharded`: whether
 * the snapshot in use is a sharded one (`boolean` when it may be either).
 *
 * Before any load, `check`, `lookup` and `screen` answer as a `SnapshotHolder` with no snapshot
 * (the core's answers, reason `NO_SNAPSHOT`: `unavailable`, `notCovered`, one `notCovered`
 * result per party — never a pass); the other methods reject `NO_SNAPSHOT`.
 */
export interface WorkerMethods<Sharded extends boolean = false> {
  /** A sharded snapshot's status has `sharded` (the list's counts, shards, buckets, what is held). Rejects `NO_SNAPSHOT` before a load. */
  status(now?: Date | number): SnapshotStatus;
  /** Before a load: `{ outcome: 'notCovered', reason: 'NO_SNAPSHOT', … }`. */
  lookup(code: unknown, options?: { listTypes?: readonly ListTypeId[] }): LookupResult;
  lookupAll(codes: readonly unknown[]): BatchOf<Sharded>;
  lookupLines(text: string): BatchOf<Sharded>;
  /** Before a load: one `{ band: 'none', notCovered: true, reason: 'NO_SNAPSHOT', … }` per party. */
  screen(parties: readonly Party[], options?: ScreenOptions): ScreenResult[];
  record(row: number): ListRecordView | null;
  headerJson(): string;
  /**
   * `Snapshot.check`; before a load, or with a sharded snapshot whose files could not be had
   * (SHARD_MISSING, …), the `unavailable` outcome — never a pass. Input errors reject.
   */
  check(...args: Parameters<CheckMethod>): CheckResult;
  verifyRecord(record: string, sha256?: string): RecordVerification;
  catalogue(): CatalogueInfo;
  /** A sharded snapshot's files fetched so far (METHOD_NOT_AVAILABLE for a single file). */
  fetchLog(): FetchLogEntry[];
}

/** A method name `call` accepts. */
export type WorkerMethod = keyof WorkerMethods;

/**
 * What `check` resolves to: the verdict, or `{ decision: 'unavailable', reason, verdict: null,
 * record: null, sha256: null, … }` when nothing could be checked (narrow on `decision`).
 */
export type CheckResult = Awaited<ReturnType<CheckMethod>> | CheckUnavailable;

/** Codes the worker adds to those of `SnapshotErrorCode` (and of the methods themselves, e.g. `INVALID_PARTY`). */
export type WorkerErrorCode =
  | 'NO_SNAPSHOT'
  | 'METHOD_NOT_ALLOWED'
  | 'METHOD_NOT_AVAILABLE'
  | 'BAD_REQUEST'
  | 'BAD_SOURCE'
  | 'INIT_FAILED'
  | 'ABORTED'
  | 'DATA_CLONE'
  | 'WORKER_ERROR'
  | 'TERMINATED'
  | 'INTERNAL_ERROR';

/** What every promise of a `CheckerWorker` rejects with. */
export interface CheckerWorkerError extends Error {
  code: SnapshotErrorCode | ShardedErrorCode | WorkerErrorCode | (string & {});
  /** The message in Chinese. */
  messageZh?: string;
  /** Offset into the snapshot file, where known. */
  offset?: number;
}

/** A snapshot source the worker can take: a URL (relative to the page), a GET Request, a Response, or the bytes. */
export type WorkerSnapshotSource =
  | string
  | GlobalInstance<'URL'>
  | GlobalInstance<'Request'>
  | GlobalInstance<'Response'>
  | PromiseLike<GlobalInstance<'Response'>>
  | GlobalInstance<'Blob'>
  | ArrayBuffer
  | ArrayBufferView;

export interface WorkerLoadOptions {
  /** The pinned keyring: JSON text, the parsed object, or a `Keyring` (sent as its JSON). */
  keys: string | object;
  /** Progress of download and verification (throttled to about every 50 ms). */
  onProgress?: (p: { received: number; total: number | null }) => void;
  /** Load a snapshot past its expiry; every answer then says `stale`. */
  allowStale?: boolean;
  /** The time of checking (default now). */
  now?: Date | number;
  /** Cancels the load (rejects `ABORTED`); the snapshot in use stays. */
  signal?: GlobalInstance<'AbortSignal'>;
  /** Where the highest accepted sequence is kept (default: the client's store). */
  store?: SequenceStore;
  storeKey?: string;
  /**
   * Hand an ArrayBuffer source (or a typed array spanning its whole buffer) over to the worker
   * instead of copying it: it is then detached (length 0) on this side. Default true.
   */
  transfer?: boolean;
  /** Where the worker loads the WebAssembly from (default: beside its copy of index.js). Only the first load uses it. */
  wasm?: Exclude<InitSource, GlobalInstance<'Request'> | GlobalInstance<'Response'> | PromiseLike<unknown>>;
  /**
   * The source is a sharded snapshot's manifest (a URL): `true` opens it as one at once, `false`
   * never; by default the worker finds out (the loader says SHARDED_MANIFEST).
   */
  sharded?: boolean;
  /** Sharded: `false` for no file cache (default: the Cache API in the worker). */
  cache?: boolean;
  /** Sharded, in Node: a directory for the file cache. */
  cacheDir?: string;
  /** Sharded: bytes the file cache may hold (default 256 MB). */
  cacheBudget?: number;
  /** Sharded: bytes of shards kept in the worker's memory between questions (default 32 MB). */
  memoryBudget?: number;
}

/** A `Worker`, or anything that speaks worker.js's protocol the same way. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: object[]): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: any) => void): void;
  terminate?(): void;
}

export interface CheckerWorkerOptions {
  /** Where worker.js is served; default `new URL('./worker.js', import.meta.url)` (bundlers emit it). */
  workerUrl?: string | GlobalInstance<'URL'>;
  /** An existing worker running worker.js (then `workerUrl` is ignored). */
  worker?: WorkerLike;
  /** Where the highest accepted sequence is kept between page loads (default localStorage, else memory). */
  store?: SequenceStore;
  /** Default `'credit-check:lastSequence'`. */
  storeKey?: string;
}

/**
 * The snapshot checker in a dedicated module worker: `load` downloads, verifies and indexes the
 * snapshot there, so the page never blocks; queries resolve to what `Snapshot`'s do. A failed
 * load leaves the snapshot in use answering. Every promise rejects with a `CheckerWorkerError`.
 *
 * `Sharded` types the batch lookups: `new CheckerWorker<true>()` for a worker that loads a sharded
 * snapshot (a national list), `CheckerWorker<boolean>` when it may be either.
 */
export declare class CheckerWorker<Sharded extends boolean = false> {
  constructor(options?: CheckerWorkerOptions);
  /** The underlying worker. */
  readonly worker: WorkerLike;
  /** Loads, verifies and indexes `source` in the worker, then puts it in use; resolves to its status. */
  load(source: WorkerSnapshotSource, options: WorkerLoadOptions): Promise<SnapshotStatus>;
  /** Calls an allowed `Snapshot` method in the worker. */
  call<M extends WorkerMethod>(method: M, ...args: Parameters<WorkerMethods<Sharded>[M]>): Promise<Awaited<ReturnType<WorkerMethods<Sharded>[M]>>>;
  /** The status of the snapshot in use; rejects `NO_SNAPSHOT` before a load. */
  status(now?: Date | number): Promise<SnapshotStatus>;
  /** `Snapshot.lookup` in the worker; before a load `{ outcome: 'notCovered', reason: 'NO_SNAPSHOT', … }`. */
  lookup(code: unknown, options?: { listTypes?: readonly ListTypeId[] }): Promise<LookupResult>;
  lookupAll(codes: readonly unknown[]): Promise<BatchOf<Sharded>>;
  lookupLines(text: string): Promise<BatchOf<Sharded>>;
  /** `Snapshot.screen` in the worker; before a load one `notCovered` result (reason `NO_SNAPSHOT`) per party. */
  screen(parties: readonly Party[], options?: ScreenOptions): Promise<ScreenResult[]>;
  record(row: number): Promise<ListRecordView | null>;
  headerJson(): Promise<string>;
  /**
   * `Snapshot.check` in the worker, same arguments. Resolves to `{ decision: 'unavailable' }`
   * (never a pass) before a load (reason `NO_SNAPSHOT`) and when a sharded snapshot's files could
   * not be had (`SHARD_MISSING`, …), as `SnapshotHolder.check`; input errors reject.
   */
  check(...args: Parameters<CheckMethod>): Promise<CheckResult>;
  /** `Snapshot.verifyRecord` in the worker: re-runs a stored check record. */
  verifyRecord(record: string, sha256?: string): Promise<RecordVerification>;
  /** `Snapshot.catalogue` in the worker: scenarios, roles, facts, version and digest. */
  catalogue(): Promise<CatalogueInfo>;
  /** The core's vocabulary from the worker's module (for `useVocabulary` of names.js). */
  vocabulary(): Promise<Vocabulary>;
  /** A sharded snapshot's files fetched so far, the manifest first (METHOD_NOT_AVAILABLE for a single file). */
  fetchLog(): Promise<FetchLogEntry[]>;
  /** A sharded snapshot: every page and shard into the worker's cache for use offline, with progress after each file. */
  mirror(options?: { onProgress?: (p: MirrorProgress) => void; signal?: GlobalInstance<'AbortSignal'> }): Promise<MirrorResult>;
  /** Stops the worker; pending and later calls reject with `TERMINATED`. */
  terminate(): void;
}

export {};
