// The dedicated Web Worker of www/bench/national.html (scripts/bench-national.sh): a first verdict
// from a national list, as a portal's worker would get it.
//
//   → { op: 'init', wasm: WebAssembly.Module }          instantiates the core (not timed)
//   ← { ok: true, result: { wasmMs } }
//   → { op: 'sharded', manifest: URL, keys, request, now? }
//       fetches the manifest (always from the network), verifies it (ShardedSource), then loops:
//       questionForRequest, then missing → fetch each file (from the Cache API when this browser context has it,
//       else the network, then stored there by its digest) → add — until nothing is missing;
//       builds the view for the request and checks it.
//   → { op: 'single', snapshot: URL, keys, request, now? }
//       the whole single-file snapshot, streamed into SnapshotLoader, then the same check.
//   → { op: 'probe', url }                               one timed fetch (the throttle check)
//   ← { ok: true, result } | { ok: false, error: { code, message } }
//
// Times are performance.now() in this worker; t0 is taken just before the manifest (or the
// snapshot) is requested, after the wasm is ready. Memory: the wasm linear memory (it grows and
// never shrinks, so its size after the verdict is the run's peak); the JS heap is read by the
// harness over CDP (Runtime.getHeapUsage on this worker's session).
import initWasm, { Keyring, ShardedSource, SnapshotLoader, memoryBytes } from '/pkg/wasm/credit_check.js';

const CACHE = 'credit-check-national-bench';
let exports = null;

function fail(code, message) {
  return Object.assign(new Error(message), { code });
}

function wasmMemory() {
  return exports?.memory?.buffer?.byteLength ?? memoryBytes();
}

async function fetchBytes(url, init) {
  const r = await fetch(url, init);
  if (!r.ok) throw fail('FETCH_FAILED', `${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function runSharded({ manifest, keys, request, now }) {
  const requestJson = typeof request === 'string' ? request : JSON.stringify(request);
  const base = new URL('./', manifest);
  const cache = await caches.open(CACHE);
  const writes = [];
  const files = [];
  const rounds = [];
  const t0 = performance.now();
  const manifestBytes = await fetchBytes(manifest, { cache: 'no-store' });
  const tManifest = performance.now();
  files.push({ path: 'manifest.ccs', kind: 'manifest', bytes: manifestBytes.length, from: 'network' });
  const keyring = new Keyring(keys);
  const source = new ShardedSource(keyring, manifestBytes, now, undefined, false);
  keyring.free();
  const tVerified = performance.now();
  const question = source.questionForRequest(requestJson, now);
  for (;;) {
    const missing = source.missing(question);
    if (!missing.length) break;
    const tr = performance.now();
    let fromNetwork = 0;
    await Promise.all(
      missing.map(async (f) => {
        const url = new URL(f.path, base).href;
        let bytes;
        let from = 'cache';
        const hit = await cache.match(url);
        if (hit) {
          bytes = new Uint8Array(await hit.arrayBuffer());
        } else {
          from = 'network';
          fromNetwork++;
          bytes = await fetchBytes(url);
          // Content-addressed: stored by the digest in its name, written after the verdict.
          writes.push(bytes.slice());
          writes.push(url);
        }
        source.add(f.digest, bytes);
        files.push({ path: f.path, kind: f.kind, bytes: bytes.length, from });
      }),
    );
    rounds.push({ files: missing.length, fromNetwork, ms: Math.round(performance.now() - tr) });
  }
  const tFetched = performance.now();
  const view = source.view(question);
  const checked = view.checkQuestion(question, now);
  question.free();
  const t1 = performance.now();
  const record = JSON.parse(checked.record);
  const status = source.status(now);
  const result = {
    mode: 'sharded',
    decision: record.verdict.decision,
    parties: (record.verdict.parties ?? []).map((p) => p.decision ?? p.outcome ?? null),
    sha256: checked.sha256,
    ms: t1 - t0,
    manifestMs: tManifest - t0,
    verifyMs: tVerified - tManifest,
    fetchMs: tFetched - tVerified,
    viewCheckMs: t1 - tFetched,
    rounds,
    files,
    heldBytes: source.heldBytes(),
    held: status.sharded ? { shards: status.sharded.heldShards, pages: status.sharded.heldPages } : null,
    wasmMemory: wasmMemory(),
  };
  view.free();
  source.free();
  // Into the Cache API (after the verdict, so not timed), done before the harness reads memory.
  for (let i = 0; i < writes.length; i += 2) {
    await cache.put(writes[i + 1], new Response(writes[i], { headers: { 'Content-Type': 'application/octet-stream' } }));
  }
  return result;
}

async function runSingle({ snapshot, keys, request, now }) {
  const requestJson = typeof request === 'string' ? request : JSON.stringify(request);
  const t0 = performance.now();
  const r = await fetch(snapshot, { cache: 'no-store' });
  if (!r.ok) throw fail('FETCH_FAILED', `${snapshot}: HTTP ${r.status}`);
  const keyring = new Keyring(keys);
  const loader = new SnapshotLoader(keyring, now, undefined, false);
  keyring.free();
  let bytes = 0;
  const reader = r.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    loader.push(value);
  }
  const tLoaded = performance.now();
  const snap = loader.finish();
  const tVerified = performance.now();
  const checked = snap.check(requestJson, now);
  const t1 = performance.now();
  const record = JSON.parse(checked.record);
  const result = {
    mode: 'single',
    decision: record.verdict.decision,
    parties: (record.verdict.parties ?? []).map((p) => p.decision ?? p.outcome ?? null),
    sha256: checked.sha256,
    ms: t1 - t0,
    downloadMs: tLoaded - t0,
    finishMs: tVerified - tLoaded,
    viewCheckMs: t1 - tVerified,
    files: [{ path: new URL(snapshot).pathname.split('/').pop(), kind: 'snapshot', bytes, from: 'network' }],
    records: snap.length,
    wasmMemory: wasmMemory(),
  };
  snap.free();
  loader.free?.();
  return result;
}

async function probe({ url }) {
  const t0 = performance.now();
  const bytes = await fetchBytes(url, { cache: 'no-store' });
  return { bytes: bytes.length, ms: performance.now() - t0 };
}

async function handle(msg) {
  switch (msg.op) {
    case 'init': {
      const t = performance.now();
      exports = await initWasm({ module_or_path: msg.wasm });
      return { wasmMs: performance.now() - t, wasmMemory: wasmMemory() };
    }
    case 'sharded':
      return runSharded(msg);
    case 'single':
      return runSingle(msg);
    case 'probe':
      return probe(msg);
    default:
      throw fail('BAD_OP', `unknown op ${msg.op}`);
  }
}

self.onmessage = (e) => {
  handle(e.data).then(
    (result) => self.postMessage({ ok: true, result }),
    (err) => self.postMessage({ ok: false, error: { code: err?.code ?? 'ERROR', message: String(err?.message ?? err) } }),
  );
};
