// Verdict benchmark in Node (wasm), run by scripts/bench-check.sh: per-check latency (median,
// p99) of a procurement check — one bidder (code, name, legal representative) and a consortium of
// three — against a snapshot, half of them listed; the record's size; and a server-side re-check
// (verifyRecord) of each record.
//   node benches/js/check-bench.mjs SNAPSHOT.ccs KEYRING.json [CHECKS]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
// PKG=/path/to/pkg measures another build of the package (e.g. to compare two side by side).
const { init, loadSnapshot } = await import(process.env.PKG ? pathToFileURL(`${process.env.PKG}/node.js`).href : '../../pkg/node.js');

const [file, keysFile, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 1000);
let keys = readFileSync(keysFile, 'utf8');
if (!/"keys"/.test(keys)) keys = `{"version":1,"keys":[${keys}]}`;
await init();
const s = await loadSnapshot(readFileSync(file), { keys, store: { get() {}, set() {} }, allowStale: true });
let t = performance.now();
s.buildNameIndex();
const indexMs = performance.now() - t;

let x = 0x9e3779b9n;
const rand = (n) => {
  x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
  return Number((x >> 33n) % BigInt(n));
};
const clean = ['91110108551385082Q', '91440300708461136T', '91350100M000100Y44'];
const party = (role, listed) => {
  if (!listed) return { role, code: clean[rand(3)], name: '福州市演示科技有限公司' };
  for (;;) {
    const r = s.record(rand(s.length));
    const code = r.uscc ?? r.orgCode ?? r.registrationNumber;
    if (code) return { role, code, name: r.name, ...(r.legalRepresentative ? { legalRepName: r.legalRepresentative.name } : {}) };
  }
};
const requests = [];
for (let i = 0; i < N; i++) {
  const listed = i % 2 === 0;
  const parties = i % 4 < 2 ? [party('applicant', listed)] : [party('applicant', false), party('consortium_member', false), party('consortium_member', listed)];
  requests.push({ scenario: 'SC-ZFCG-SUPPLIER', cutoff: '2026-11-27', checkedAt: '2026-11-27T02:00:00.000Z', parties });
}
const per = [];
const verify = [];
const decisions = {};
let bytes = 0;
for (const req of requests) {
  t = performance.now();
  const r = s.check(req);
  per.push(performance.now() - t);
  decisions[r.decision] = (decisions[r.decision] ?? 0) + 1;
  bytes += r.record.length;
  t = performance.now();
  const v = s.verifyRecord(r.record, r.sha256);
  verify.push(performance.now() - t);
  if (v.code !== 'MATCH') throw new Error(`re-check gave ${v.code}`);
}
const q = (a, p) => a.slice().sort((m, n) => m - n)[Math.floor(a.length * p)];
const r3 = (v) => Math.round(v * 1000) / 1000;
console.log(JSON.stringify({
  records: s.length,
  indexBuildMs: Math.round(indexMs),
  checks: N,
  decisions,
  medianMs: r3(q(per, 0.5)),
  p99Ms: r3(q(per, 0.99)),
  checksPerSecond: Math.round(N / (per.reduce((a, b) => a + b, 0) / 1000)),
  verifyMedianMs: r3(q(verify, 0.5)),
  // Half the requests are listed, so the median falls between the cheap clean re-checks and the
  // name-matching ones and swings with either; the mean and p90 say more.
  verifyMeanMs: r3(verify.reduce((a, b) => a + b, 0) / N),
  verifyP90Ms: r3(q(verify, 0.9)),
  meanRecordBytes: Math.round(bytes / N),
}));
