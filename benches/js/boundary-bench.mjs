// Speed at the boundary (issue 14), old build against new in one process, interleaved:
// readiness (loadSnapshot from bytes) against the fastest SHA-256 the platform has, single
// lookups from JS (median µs) and batch lookups from JS (M/s), each with its target.
//   node benches/js/boundary-bench.mjs SNAPSHOT.ccs KEYRING.json [RUNS]
//   PKG_OLD=/path/to/old/pkg (optional; without it only this build is measured)
import { readFileSync } from 'node:fs';
import { createHash, webcrypto } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lookupCodes } from './lookup-codes.mjs';

const [file, keysFile, runsArg] = process.argv.slice(2);
if (!file || !keysFile) {
  console.error('usage: node benches/js/boundary-bench.mjs SNAPSHOT.ccs KEYRING.json [RUNS]');
  process.exit(2);
}
const RUNS = Number(runsArg ?? 5);
const bytes = readFileSync(file);
let keys = readFileSync(keysFile, 'utf8');
if (!/"keys"/.test(keys)) keys = `{"version":1,"keys":[${keys}]}`;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const r2 = (v) => Math.round(v * 100) / 100;
const store = () => ({ get: () => undefined, set: () => {} });

const here = fileURLToPath(new URL('../../pkg', import.meta.url));
const builds = [];
if (process.env.PKG_OLD) builds.push({ name: 'old', dir: process.env.PKG_OLD });
builds.push({ name: 'new', dir: process.env.PKG_NEW ?? here });
for (const b of builds) {
  b.api = await import(pathToFileURL(`${b.dir}/node.js`).href);
  await b.api.init();
  b.snap = await b.api.loadSnapshot(bytes, { keys, store: store() });
  b.load = [];
  b.single = [];
  b.singleFirst = [];
  b.withRecord = [];
  b.batch = [];
  b.lines = [];
}
const ref = builds[builds.length - 1];
const n = ref.snap.length;
const payload = bytes.subarray(bytes.length - Number(JSON.parse(ref.snap.headerJson()).payloadLength));

// The hashes on this platform — node:crypto, WebCrypto (subtle) and the wasm one — timed in
// every run beside the loads (below), so that both see the same load on the machine.
const hash = { nodeCrypto: [], subtle: [], wasm: [] };
async function timeHashes() {
  let t = performance.now();
  createHash('sha256').update(payload).digest();
  hash.nodeCrypto.push(performance.now() - t);
  t = performance.now();
  await webcrypto.subtle.digest('SHA-256', payload);
  hash.subtle.push(performance.now() - t);
  t = performance.now();
  ref.api.digest(payload, 'ed25519');
  hash.wasm.push(performance.now() - t);
}

// Lookup inputs: the records' own codes (hits) and as many valid codes on no list, shuffled.
const { codes } = lookupCodes(ref.snap, ref.api.checkCharacter);
const batch = [];
for (let i = 0; batch.length < 1_000_000; i++) batch.push(codes[i % codes.length]);
const text = batch.join('\n') + '\n';

// Same answers from both builds first (a benchmark of different work would mean nothing).
const answers = builds.map((b) => Buffer.from(b.snap.lookupAll(batch)).toString('base64'));
const singles = builds.map((b) => JSON.stringify(codes.slice(0, 2000).map((c) => b.snap.lookup(c))));
const same = answers.every((a) => a === answers[0]) && singles.every((s) => s === singles[0]);

// Where the newest build's ready time goes: the steps `loadSnapshot` takes in Node, driven one
// by one (1 MiB slices as index.js pushes them): copying into WebAssembly memory, node:crypto
// hashing each slice there, then `finishWithDigest` (the digest compared, every section read
// and checked).
const refCore = await import(pathToFileURL(`${ref.dir}/wasm/credit_check.js`).href);
const steps = { copy: [], hash: [], finish: [] };
function timeSteps() {
  const kr = ref.api.keyring(keys);
  const loader = new refCore.SnapshotLoader(kr, undefined, undefined, false);
  loader.leaveSha256();
  const h = createHash('sha256');
  let copy = 0;
  let hashing = 0;
  for (let i = 0; i < bytes.length; i += 1 << 20) {
    let t = performance.now();
    loader.pushArray(bytes.subarray(i, i + (1 << 20)));
    copy += performance.now() - t;
    t = performance.now();
    const view = loader.lastPayloadView();
    if (view) h.update(view);
    hashing += performance.now() - t;
  }
  let t = performance.now();
  const d = h.digest();
  hashing += performance.now() - t;
  t = performance.now();
  const s = loader.finishWithDigest(d);
  steps.finish.push(performance.now() - t);
  steps.copy.push(copy);
  steps.hash.push(hashing);
  s.free();
  loader.free();
  kr.free();
}

// The median µs of 20,000 single lookups (a different stride of the codes each run).
function singleLookupsUs(snap, run) {
  const us = [];
  for (let i = 0; i < 20_000; i++) {
    const c = codes[(i * 7 + run) % codes.length];
    const t1 = performance.now();
    snap.lookup(c);
    us.push((performance.now() - t1) * 1e3);
  }
  return median(us);
}

for (let run = 0; run < RUNS; run++) {
  await timeHashes();
  timeSteps();
  for (const b of builds) {
    b.snap.close();
    let t = performance.now();
    b.snap = await b.api.loadSnapshot(bytes, { keys, store: store() });
    b.load.push(performance.now() - t);
    // Single lookups straight after the load, before any batch: the entity table is built by
    // the first batch (src/snapshot/load.rs, `entity_table`), so these search the keys.
    b.singleFirst.push(singleLookupsUs(b.snap, run));
    // The first batch after the load: it builds the entity table (in the old build the load
    // did).
    t = performance.now();
    b.snap.lookupAll(batch);
    b.batch.push(batch.length / ((performance.now() - t) / 1e3));
    t = performance.now();
    b.snap.lookupLines(text);
    b.lines.push(batch.length / ((performance.now() - t) / 1e3));
    b.single.push(singleLookupsUs(b.snap, run));
    // Listed codes with every hit's record read (decoded when first read in this build,
    // always decoded in the old one): what a page that shows the record pays.
    const usRecord = [];
    for (let i = 0; i < 20_000; i++) {
      const c = codes[(i * 7 + run) % codes.length];
      const t1 = performance.now();
      const a = b.snap.lookup(c);
      for (const h of a.hits) void h.record;
      const t2 = performance.now();
      if (a.hits.length) usRecord.push((t2 - t1) * 1e3);
    }
    b.withRecord.push(median(usRecord));
  }
}

await timeHashes();
const hashMs = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, median(v)]));
const [fastestName, fastestMs] = Object.entries(hashMs).filter(([k]) => k !== 'wasm').sort((a, b) => a[1] - b[1])[0];

const TARGET = { readiness: 1.5, singleUs: 5, batchMps: 2 };
const verdict = (ok) => (ok ? 'met' : 'NOT MET');
const out = {
  records: n,
  fileBytes: bytes.length,
  runs: RUNS,
  sameAnswers: same,
  hashMs: Object.fromEntries(Object.entries(hashMs).map(([k, v]) => [k, r2(v)])),
  fastestHash: fastestName,
  builds: {},
};
console.log(`${n.toLocaleString('en')} records, ${(bytes.length / 1e6).toFixed(1)} MB, ${RUNS} runs (medians; hashes ${RUNS + 1} times, between the runs), old and new interleaved in one process; answers identical: ${same}`);
console.log(`SHA-256 of the payload: node:crypto ${r2(hashMs.nodeCrypto)} ms, WebCrypto subtle ${r2(hashMs.subtle)} ms, wasm ${r2(hashMs.wasm)} ms; fastest on this platform: ${fastestName}`);
for (const b of builds) {
  const load = median(b.load);
  const single = median(b.single);
  const singleFirst = median(b.singleFirst);
  const withRecord = median(b.withRecord);
  const mps = median(b.batch) / 1e6;
  const lps = median(b.lines) / 1e6;
  const ratio = load / fastestMs;
  out.builds[b.name] = { readyMs: r2(load), readyOverFastestHash: r2(ratio), readyOverWasmHash: r2(load / hashMs.wasm), singleLookupMedianUs: r2(single), singleLookupBeforeBatchMedianUs: r2(singleFirst), lookupReadingRecordsMedianUs: r2(withRecord), batchLookupAllMps: r2(mps), batchLookupLinesMps: r2(lps) };
  console.log(`${b.name.padEnd(4)} (${b.dir})`);
  console.log(`  ready ${r2(load)} ms = ${r2(ratio)}× the fastest platform SHA-256 (${fastestName}) [target ≤ ${TARGET.readiness}×: ${verdict(ratio <= TARGET.readiness)}]; ${r2(load / hashMs.wasm)}× the wasm SHA-256`);
  console.log(`  single lookup median ${r2(single)} µs [target ≤ ${TARGET.singleUs} µs: ${verdict(single <= TARGET.singleUs)}]; before any batch (right after the load) ${r2(singleFirst)} µs [${verdict(singleFirst <= TARGET.singleUs)}]; a listed code with its records read: median ${r2(withRecord)} µs`);
  console.log(`  batch lookupAll (the first batch after the load) ${r2(mps)} M/s [target ≥ ${TARGET.batchMps} M/s: ${verdict(mps >= TARGET.batchMps)}]; lookupLines (text) ${r2(lps)} M/s`);
}
const step = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, r2(median(v))]));
out.readySteps = step;
console.log(`where ${ref.name}'s ready time goes (its steps driven one by one, medians): copy into wasm memory ${step.copy} ms, node:crypto over the copied slices ${step.hash} ms, finishWithDigest (the digest compared, every section read and checked) ${step.finish} ms; at ${TARGET.readiness}× the hash the other two would have ${r2(TARGET.readiness * fastestMs - step.hash)} ms`);
if (builds.length === 2) {
  const [o, nw] = builds.map((b) => out.builds[b.name]);
  console.log(`new/old: ready ${r2(nw.readyMs / o.readyMs)}×, single lookup ${r2(nw.singleLookupMedianUs / o.singleLookupMedianUs)}× (before any batch ${r2(nw.singleLookupBeforeBatchMedianUs / o.singleLookupBeforeBatchMedianUs)}×), batch ${r2(nw.batchLookupAllMps / o.batchLookupAllMps)}×`);
}
if (process.env.JSON_OUT) (await import('node:fs')).writeFileSync(process.env.JSON_OUT, JSON.stringify(out) + '\n');
