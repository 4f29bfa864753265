// Type declarations for credit-check/sharded: national lists as sharded snapshots. Also
// re-exported by the main entry (`import { openSharded } from 'credit-check'`).

import type {
  CatalogueInfo,
  CheckRequest,
  CheckResult,
  CheckUnavailable,
  Keyring,
  ListTypeId,
  LookupResult,
  Party,
  RecordVerification,
  ScreenOptions,
  ScreenResult,
  SequenceStore,
  SnapshotStatus,
} from './index.js';

/** The instance type of a global class, or `never` where the project's libs do not declare it. */
type GlobalInstance<Name extends string> = typeof globalThis extends {
  [K in Name]: abstract new (...args: any[]) => infer Instance;
}
  ? Instance
  : never;

/** The whole list behind a manifest, and what of it is held in memory now. */
export interface ShardedInfo {
  /** Records on the whole list. */
  records: number;
  byListType: Record<ListTypeId, number>;
  /** Shard files, and their total size in bytes. */
  shards: number;
  shardBytes: number;
  /** Buckets per key space: organisations by identifier, persons by ID number, names. */
  buckets: { org: number; person: number; name: number };
  /** Name keys so common that they have shards of their own (fetched only when the matcher uses them). */
  commonKeys: number;
  heldShards: number;
  heldPages: number;
  heldBytes: number;
}

/**
 * A sharded snapshot's status: the manifest's header fields (`payloadDigest` is the manifest's
 * digest, which check records name) and the list in `sharded`. `counts` describes the manifest
 * file itself, which holds no records.
 */
export interface ShardedStatus extends SnapshotStatus {
  sharded: ShardedInfo;
}

/** One file fetched: from the network (`fromCache: false`) or the file cache. */
export interface FetchLogEntry {
  /** Relative to the manifest's URL (the manifest: its file name). */
  path: string;
  /** Hex SHA-256 of a page or shard; the manifest's payload digest. */
  digest: string;
  kind: 'manifest' | 'page' | 'shard';
  bytes: number;
  fromCache: boolean;
  /** Time to fetch (or read) it, in milliseconds. */
  ms: number;
}

/** A batch lookup with what it cannot be read without: whether the list is stale, and its issue number. */
export interface LookupBatch {
  /** One `Lookup` value per code. */
  bytes: Uint8Array;
  /** The list is past its expiry: no byte can be relied on. */
  stale: boolean;
  sequence: number;
}

export interface MirrorProgress {
  /** Files present (cached or held) so far, of `total` (pages and shards). */
  done: number;
  total: number;
  /** Bytes downloaded so far. */
  bytes: number;
}

export interface MirrorResult {
  /** Pages and shards now present. */
  files: number;
  /** Downloaded by this call. */
  fetched: number;
  /** Found in the cache already (a later issue re-fetches only files whose digest changed). */
  fromCache: number;
  /** Bytes downloaded. */
  bytes: number;
}

/** What `openSharded` needs of `fetch`. */
export type FetchLike = (
  url: string,
  init: { cache?: 'no-cache'; signal?: GlobalInstance<'AbortSignal'> },
) => PromiseLike<{ ok: boolean; status: number; arrayBuffer(): PromiseLike<ArrayBuffer> }>;

export interface OpenShardedOptions {
  /** The pinned keyring (required). */
  keys: string | object | Keyring;
  /** Where the highest accepted sequence is kept, as for `loadSnapshot` (default localStorage in browsers). */
  store?: SequenceStore;
  /** Default `'credit-check:lastSequence'`. */
  storeKey?: string;
  /** Open a manifest past its expiry; every answer then says `stale`. */
  allowStale?: boolean;
  /** The time of checking (default now). */
  now?: Date | number;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** `false`: no file cache. Default: the Cache API where there is one, else `cacheDir`, else none. */
  cache?: boolean;
  /** Node: a directory for the file cache (files named by digest, and `index.json`). */
  cacheDir?: string;
  /** Bytes the file cache may hold; least recently used files go first. Default 256 MB. */
  cacheBudget?: number;
  /** Bytes of shards kept in memory between questions. Default 32 MB. */
  memoryBudget?: number;
  /** Cancels the manifest download (ABORTED). */
  signal?: GlobalInstance<'AbortSignal'>;
}

/** Codes a sharded snapshot adds to `SnapshotErrorCode`. */
export type ShardedErrorCode =
  /** A page or shard could not be fetched (404, network): the question is not answered. */
  | 'SHARD_MISSING'
  /** A page or shard does not hash to the digest a verified file names (tampered, truncated, replaced). */
  | 'SHARD_DIGEST_MISMATCH'
  | 'SHARD_NOT_IN_MANIFEST'
  /** A single-file snapshot opened as a manifest. */
  | 'NOT_A_MANIFEST'
  /** The store holds something that is not a sequence number: rollback protection cannot be applied. */
  | 'BAD_STORED_SEQUENCE'
  | 'NO_CACHE'
  | 'CACHE_BUDGET'
  | 'CACHE_WRITE_FAILED'
  | 'CLOSED'
  | 'ABORTED';

/** The codes for which nothing could be checked: `checkOrUnavailable` answers them with `unavailable`. */
export type UnavailableCode = 'SHARD_MISSING' | 'SHARD_DIGEST_MISMATCH' | 'SHARD_NOT_IN_MANIFEST' | 'ABORTED' | 'CLOSED';

export const UNAVAILABLE_CODES: readonly UnavailableCode[];

/**
 * A sharded snapshot opened from its manifest: the questions of a `Snapshot`, as promises; each
 * fetches (or takes from the cache) the pages and shards it needs first, verified in the core.
 * A file that cannot be had rejects the question with `SHARD_MISSING` or
 * `SHARD_DIGEST_MISMATCH` — never an answer that says "not listed" or "pass".
 */
export declare class ShardedSnapshot {
  private constructor();
  /** The manifest's absolute URL. */
  readonly url: string;
  status(now?: Date | number): ShardedStatus;
  headerJson(): string;
  /** As `Snapshot.check`; the record names the manifest and the shards read (`verdict.snapshot.shards`). */
  check(request: CheckRequest | string, now?: Date | number): Promise<CheckResult>;
  /** `check`, with `{ decision: 'unavailable', reason }` where the files could not be had; input errors still reject. */
  checkOrUnavailable(request: CheckRequest | string, now?: Date | number): Promise<CheckResult | CheckUnavailable>;
  screen(parties: readonly Party[], options?: ScreenOptions): Promise<ScreenResult[]>;
  lookup(code: unknown, options?: { listTypes?: readonly ListTypeId[] }): Promise<LookupResult>;
  /** One `Lookup` value per code, with the list's staleness beside them. */
  lookupAll(codes: readonly unknown[]): Promise<LookupBatch>;
  lookupLines(text: string): Promise<LookupBatch>;
  /** Re-runs a stored check record, fetching the shards its input needs. */
  verifyRecord(record: string, sha256?: string): Promise<RecordVerification>;
  catalogue(): Promise<CatalogueInfo>;
  /** Every page and shard into the cache, for use offline. */
  mirror(options?: { onProgress?: (p: MirrorProgress) => void; signal?: GlobalInstance<'AbortSignal'> }): Promise<MirrorResult>;
  /** Every file fetched so far, the manifest first. */
  fetchLog(): FetchLogEntry[];
  /** Frees its memory once the questions running are answered; later ones reject `CLOSED`. */
  close(): void;
}

/** Fetches (never from a cache) and verifies a manifest; rejects with a `code` and `messageZh`. */
export function openSharded(manifestUrl: string | GlobalInstance<'URL'>, options: OpenShardedOptions): Promise<ShardedSnapshot>;

/**
 * The `unavailable` outcome for an error (built by the core): never a pass. An error whose code is
 * not one of `UNAVAILABLE_CODES` is answered with reason `SHARD_MISSING`.
 */
export function unavailable(err: unknown): CheckUnavailable;

export {};
