// Snapshot benchmark in Node (wasm), run by scripts/bench-snapshot.sh: sizes on the wire (raw,
// gzip, brotli), load+verify+ready from bytes, the hashing floor in the same wasm, memory, and
// exact lookups from JS (batch throughput through lookupAll, and single lookups).
//   node benches/js/snapshot-bench.mjs SNAPSHOT.ccs KEYRING.json [RUNS]
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createHash, webcrypto } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { lookupCodes } from './lookup-codes.mjs';

// PKG=/path/to/pkg measures another build of the package (e.g. an older one, side by side).
const pkg = process.env.PKG ? pathToFileURL(`${process.env.PKG}/node.js`).href : '../../pkg/node.js';
const { init, loadSnapshot, digest, memoryBytes, Lookup, checkCharacter } = await import(pkg);

const [file, keysFile, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
const bytes = readFileSync(file);
let keys = readFileSync(keysFile, 'utf8');
if (!/"keys"/.test(keys)) keys = `{"version":1,"keys":[${keys}]}`;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const store = () => ({ get: () => undefined, set: () => {} });

await init();
const before = memoryBytes();
const t0 = performance.now();
let s = await loadSnapshot(bytes, { keys, store: store() });
const firstLoadMs = performance.now() - t0;
const afterFirst = memoryBytes();
const st = s.status();
const n = st.counts.records;

const loadMs = [];
for (let i = 0; i < RUNS; i++) {
  s.close();
  const t = performance.now();
  s = await loadSnapshot(bytes, { keys, store: store() });
  loadMs.push(performance.now() - t);
}
const hashMs = [];
const nativeHashMs = [];
const subtleHashMs = [];
const payload = bytes.subarray(bytes.length - Number(JSON.parse(s.headerJson()).payloadLength));
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  digest(payload, st.algorithm);
  hashMs.push(performance.now() - t);
  t = performance.now();
  createHash('sha256').update(payload).digest();
  nativeHashMs.push(performance.now() - t);
  t = performance.now();
  await webcrypto.subtle.digest('SHA-256', payload);
  subtleHashMs.push(performance.now() - t);
}
// Readiness is judged against the fastest SHA-256 this platform has (not the wasm one).
const fastest = [['node:crypto', median(nativeHashMs)], ['WebCrypto', median(subtleHashMs)]].sort((a, b) => a[1] - b[1])[0];

// Lookup inputs: the records' own codes (hits) and as many valid codes on no list, shuffled.
// An older package has no checkCharacter: this repository's package computes the same codes.
async function currentCheckCharacter() {
  const current = await import('../../pkg/node.js');
  await current.init();
  return current.checkCharacter;
}
const { codes } = lookupCodes(s, checkCharacter ?? (await currentCheckCharacter()));
const batch = [];
for (let i = 0; batch.length < 1_000_000; i++) batch.push(codes[i % codes.length]);
const batchPerS = [];
let listed = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const out = s.lookupAll(batch);
  batchPerS.push(batch.length / ((performance.now() - t) / 1e3));
  listed = out.reduce((a, v) => a + (v === Lookup.LISTED), 0);
}
// The same codes as one text (a pasted list or a file's column): no array to join.
const text = batch.join('\n') + '\n';
const linesPerS = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  s.lookupLines(text);
  linesPerS.push(batch.length / ((performance.now() - t) / 1e3));
}
const singleUs = [];
for (let i = 0; i < 20_000; i++) {
  const t = performance.now();
  s.lookup(codes[i % codes.length]);
  singleUs.push((performance.now() - t) * 1e3);
}
// Sizes as a static host would serve them, pre-compressed at the highest levels (slow: a minute
// or two at 1M records). SKIP_SIZES=1 skips them on reruns.
const skipSizes = process.env.SKIP_SIZES === '1';
const gz = skipSizes ? NaN : gzipSync(bytes, { level: 9 }).length;
const br = skipSizes
  ? NaN
  : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length, [constants.BROTLI_PARAM_LGWIN]: 24 } }).length;
const r2 = (v) => Math.round(v * 100) / 100;
console.log(JSON.stringify({
  records: n,
  fileBytes: bytes.length,
  bytesPerRecord: { raw: r2(bytes.length / n), gzip: r2(gz / n), brotli: r2(br / n) },
  firstLoadMs: r2(firstLoadMs),
  loadMs: r2(median(loadMs)),
  wasmHashMs: r2(median(hashMs)),
  loadOverWasmHash: r2(median(loadMs) / median(hashMs)),
  nodeCryptoSha256Ms: r2(median(nativeHashMs)),
  subtleSha256Ms: r2(median(subtleHashMs)),
  fastestSha256: fastest[0],
  fastestSha256Ms: r2(fastest[1]),
  loadOverFastestHash: r2(median(loadMs) / fastest[1]),
  wasmMemoryGrowthBytes: afterFirst - before,
  wasmMemoryOverFile: r2((afterFirst - before) / bytes.length),
  batchLookups: batch.length,
  batchListed: listed,
  lookupsPerSecond: Math.round(median(batchPerS)),
  lookupLinesPerSecond: Math.round(median(linesPerS)),
  singleLookupMedianUs: r2(median(singleUs)),
  singleLookupP99Us: r2([...singleUs].sort((a, b) => a - b)[Math.floor(singleUs.length * 0.99)]),
  runs: RUNS,
}));
