// Sharded snapshots (national lists) through the package: openSharded, ShardedSnapshot, the
// SnapshotHolder and the worker protocol. The fixture is made by the real CLI (keygen, build
// --sharded --synth 3000 --persons 70, and the same records as one file) and served over HTTP by
// a small static server that counts requests and can serve a shard tampered with or not at all.
// Parties come from `credit-check synth 3000 --format jsonl`: names, codes, legal
// representatives, persons. Run with `node --test pkg/test/sharded.test.mjs`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, loadSnapshot, openSharded, ShardedSnapshot, SnapshotHolder } from '../node.js';

const CLI = fileURLToPath(new URL('../../target/release/credit-check', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cc-js-sharded-'));
const cli = (...args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// Inside the fixture's validity whatever the clock says; the same for both forms of the list.
const NOW = Date.parse('2027-06-01T00:00:00Z');
const ISSUED = '2026-01-01T00:00:00Z';
const EXPIRES = '2030-01-01T00:00:00Z';
const SEQUENCE = 5;
const SCENARIO = 'SC-ZFCG-SUPPLIER';

let keys;
let otherKeys;
let single; // the same records as one file, loaded on this thread
let parties;
let server;
let base;
let manifestUrl;
let manifestDigest;
/** What the server does: requests per path, and paths it tampers with or answers 404 for. */
const served = { counts: new Map(), tamper: new Set(), missing: new Set() };

/** A store as a portal's server might pass: async, in memory; `value` seeds it. */
function memoryStore(value) {
  const m = new Map(value === undefined ? [] : [['credit-check:lastSequence', value]]);
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v), m };
}

/** Opens the fixture's manifest; no file cache unless `cacheDir` is given. */
const open = (options = {}) => openSharded(manifestUrl, { keys, store: memoryStore(), now: NOW, cache: options.cacheDir !== undefined, ...options });
const request = (party) => ({ scenario: SCENARIO, parties: [{ role: 'applicant', ...party }] });
const requestsFor = (kind) => [...served.counts.entries()].filter(([p]) => p.includes(`/${kind}/`)).reduce((n, [, c]) => n + c, 0);
const filesRequested = () => requestsFor('shards') + requestsFor('pages');

/** Screen results without `row`: a record's row is its place in the file (or view) it came from. */
function withoutRows(results) {
  return JSON.stringify(results, (k, v) => (k === 'row' ? undefined : v));
}

/** The verdict without `snapshot`, the one part that names the file(s) it came from. */
function withoutSnapshot(verdict) {
  const { snapshot, ...rest } = verdict;
  return JSON.stringify(rest);
}

/** ~30 parties of every kind from synthetic records: codes, names, legal representatives, persons. */
function partiesFrom(records) {
  const orgs = records.filter((r) => r.entityKind !== 'naturalPerson' && r.uscc);
  const reps = records.filter((r) => r.relatedPersons?.some((p) => p.idNumber && !p.idNumber.includes('*')));
  const persons = records.filter((r) => r.entityKind === 'naturalPerson' && r.idNumber);
  const out = [];
  for (const r of orgs.slice(0, 8)) out.push({ code: r.uscc });
  for (const r of orgs.slice(8, 15)) out.push({ name: r.name, code: r.uscc });
  for (const r of orgs.slice(15, 20)) out.push({ name: r.name });
  for (const r of reps.slice(0, 5)) {
    const rep = r.relatedPersons.find((p) => p.idNumber && !p.idNumber.includes('*'));
    out.push({ name: r.name, legalRepName: rep.name, legalRepId: rep.idNumber });
  }
  for (const r of persons.slice(0, 5)) out.push({ personName: r.name, personId: r.idNumber });
  out.push({ name: '福州华兴建设工程有限责任公司', code: '91350100MA2XY8016H' }); // on no list
  return out;
}

function flip(bytes) {
  const bad = Buffer.from(bytes);
  bad[bad.length >> 1] ^= 0xff;
  return bad;
}

before(async () => {
  await init();
  cli('keygen', '--alg', 'ed25519', '--id', 'nat-ed', '--out', dir);
  cli('keygen', '--alg', 'ed25519', '--id', 'other-ed', '--out', dir);
  keys = `{"version":1,"keys":[${readFileSync(join(dir, 'nat-ed.pub.json'), 'utf8')}]}`;
  otherKeys = `{"version":1,"keys":[${readFileSync(join(dir, 'other-ed.pub.json'), 'utf8')}]}`;
  const common = ['--synth', '3000', '--persons', '70', '--publisher', '国家公共信用信息中心（测试）', '--issued-at', ISSUED, '--expires-at', EXPIRES, '--key', join(dir, 'nat-ed.key.json')];
  cli('build', '--sharded', ...common, '--sequence', String(SEQUENCE), '--out', join(dir, 'national'));
  cli('build', ...common, '--sequence', String(SEQUENCE), '--out', join(dir, 'single.ccs'));
  // The next issue: the same records, so the same shards under the same names.
  cli('build', '--sharded', ...common, '--sequence', String(SEQUENCE + 1), '--out', join(dir, 'national-next'));
  // An expired issue, for staleness.
  cli('build', '--sharded', '--synth', '300', '--publisher', 'P', '--issued-at', '2020-01-01T00:00:00Z', '--expires-at', '2020-02-01T00:00:00Z',
    '--key', join(dir, 'nat-ed.key.json'), '--sequence', '1', '--out', join(dir, 'expired'));
  cli('synth', '3000', '--format', 'jsonl', '--out', join(dir, 'synth.jsonl'));
  const records = readFileSync(join(dir, 'synth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  parties = partiesFrom(records);
  single = await loadSnapshot(readFileSync(join(dir, 'single.ccs')), { keys, now: NOW, store: memoryStore() });

  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    served.counts.set(path, (served.counts.get(path) ?? 0) + 1);
    const file = join(dir, path);
    if (served.missing.has(path) || path.includes('..') || !existsSync(file) || !path.match(/\.(ccs|bin)$/)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let body = readFileSync(file);
    if (served.tamper.has(path)) body = flip(body);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  manifestUrl = `${base}/national/manifest.ccs`;
  manifestDigest = JSON.parse(cli('inspect', join(dir, 'national', 'manifest.ccs'))).header.payloadDigest;
});

after(() => {
  single?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  test('the manifest is verified; status has the list and its shards; the high-water mark is kept', async () => {
    const store = memoryStore();
    const lists = await open({ store });
    try {
      assert.ok(lists instanceof ShardedSnapshot);
      const st = lists.status(NOW);
      assert.equal(st.sequence, SEQUENCE);
      assert.equal(st.publisher, '国家公共信用信息中心（测试）');
      assert.equal(st.payloadDigest, manifestDigest);
      assert.equal(st.stale, false);
      assert.equal(st.sharded.records, 3000);
      assert.equal(st.sharded.records, single.length);
      assert.deepEqual(st.sharded.byListType, single.status(NOW).counts.byListType);
      assert.equal(st.sharded.shards, readdirSync(join(dir, 'national', 'shards')).length);
      assert.ok(st.sharded.shardBytes > 0 && st.sharded.buckets.org > 0 && st.sharded.buckets.person > 0 && st.sharded.buckets.name > 0);
      assert.equal(st.sharded.heldShards, 0);
      assert.equal(store.m.get('credit-check:lastSequence'), SEQUENCE);
      assert.equal(JSON.parse(lists.headerJson()).sequence, SEQUENCE);
      const log = lists.fetchLog();
      assert.equal(log.length, 1);
      assert.deepEqual({ ...log[0], ms: 0 }, { path: 'manifest.ccs', digest: manifestDigest, kind: 'manifest', bytes: readFileSync(join(dir, 'national', 'manifest.ccs')).length, fromCache: false, ms: 0 });
      assert.ok((await lists.catalogue()).scenarios.some((s) => s.id === SCENARIO));
    } finally {
      lists.close();
    }
  });

  test('the normal loader refuses a manifest (SHARDED_MANIFEST); openSharded refuses a single file (NOT_A_MANIFEST)', async () => {
    await assert.rejects(loadSnapshot(manifestUrl, { keys, now: NOW, store: memoryStore() }), (e) => e.code === 'SHARDED_MANIFEST');
    await assert.rejects(openSharded(`${base}/single.ccs`, { keys, now: NOW, store: memoryStore(), cache: false }), (e) => e.code === 'NOT_A_MANIFEST' && !!e.messageZh);
  });

  test('wrong keys, no keys, a missing manifest and bytes instead of a URL are refused with codes', async () => {
    await assert.rejects(open({ keys: otherKeys }), (e) => e.code === 'UNKNOWN_KEY' && typeof e.messageZh === 'string');
    await assert.rejects(openSharded(manifestUrl, { now: NOW }), (e) => e.code === 'NO_KEYS');
    await assert.rejects(openSharded(`${base}/nowhere/manifest.ccs`, { keys, now: NOW, store: memoryStore(), cache: false }), (e) => e.code === 'FETCH_FAILED' && /404/.test(e.message) && !!e.messageZh);
    await assert.rejects(openSharded(readFileSync(join(dir, 'national', 'manifest.ccs')), { keys }), (e) => e.code === 'BAD_SOURCE');
  });

  test('the manifest is always asked of the network (cache: no-cache)', async () => {
    const inits = [];
    const lists = await open({ fetch: (url, init) => (inits.push({ url, init }), fetch(url, init)) });
    lists.close();
    assert.equal(inits.length, 1);
    assert.equal(inits[0].url, manifestUrl);
    assert.equal(inits[0].init.cache, 'no-cache');
  });
});

describe('rollback and staleness', () => {
  test('a stored higher sequence refuses the manifest: ROLLBACK — as a number and as text', async () => {
    for (const stored of [99, '99', ' 6 ']) {
      const store = memoryStore(stored);
      await assert.rejects(open({ store }), (e) => e.code === 'ROLLBACK' && /回滚/.test(e.messageZh), `stored ${JSON.stringify(stored)}`);
      assert.equal(store.m.get('credit-check:lastSequence'), stored, 'the mark is left as it was');
    }
  });

  test('a stored lower or equal sequence (text too) is accepted, and the mark only rises', async () => {
    for (const [stored, after] of [['3', SEQUENCE], [SEQUENCE, SEQUENCE], [String(SEQUENCE), String(SEQUENCE)]]) {
      const store = memoryStore(stored);
      (await open({ store })).close();
      assert.equal(store.m.get('credit-check:lastSequence'), after);
    }
  });

  test('a stored value that is not a sequence is an error with a code, not "no previous sequence"', async () => {
    for (const stored of ['abc', NaN, -1, 4.5, { sequence: 9 }]) {
      await assert.rejects(open({ store: memoryStore(stored) }), (e) => e.code === 'BAD_STORED_SEQUENCE' && !!e.messageZh, `stored ${String(stored)}`);
    }
  });

  test('an expired manifest is refused (STALE) unless allowed; then every answer says stale', async () => {
    const url = `${base}/expired/manifest.ccs`;
    await assert.rejects(openSharded(url, { keys, now: NOW, store: memoryStore(), cache: false }), (e) => e.code === 'STALE');
    const lists = await openSharded(url, { keys, now: NOW, store: memoryStore(), cache: false, allowStale: true });
    try {
      assert.equal(lists.status(NOW).stale, true);
      const batch = await lists.lookupAll(['91350100MA2XY8016H', 'junk']);
      assert.equal(batch.stale, true);
      assert.ok(batch.bytes instanceof Uint8Array && batch.bytes.length === 2);
      assert.equal((await lists.lookup('91350100MA2XY8016H')).stale, true);
      const r = await lists.check(request({ code: '91350100MA2XY8016H' }), NOW);
      assert.equal(r.decision, 'stale');
    } finally {
      lists.close();
    }
  });
});

describe('answers', () => {
  test('check gives the single file’s verdict for every party; the record names the manifest and its shards', async () => {
    const lists = await open();
    try {
      const decisions = new Set();
      for (const party of parties) {
        const want = single.check(request(party), NOW);
        const got = await lists.check(request(party), NOW);
        assert.equal(got.decision, want.decision, JSON.stringify(party));
        assert.equal(withoutSnapshot(got.verdict), withoutSnapshot(want.verdict), JSON.stringify(party));
        assert.deepEqual(got.input, want.input);
        assert.equal(got.verdict.snapshot.payloadDigest, manifestDigest);
        assert.equal(got.verdict.snapshot.sequence, SEQUENCE);
        assert.ok(Array.isArray(got.verdict.snapshot.shards) && got.verdict.snapshot.shards.length > 0);
        assert.ok(got.verdict.snapshot.shards.every((d) => /^[0-9a-f]{64}$/.test(d) && existsSync(join(dir, 'national', 'shards', `${d}.ccs`))));
        assert.equal(JSON.parse(got.record).verdict.snapshot.payloadDigest, manifestDigest);
        assert.match(got.sha256, /^[0-9a-f]{64}$/);
        decisions.add(got.decision);
      }
      assert.ok(parties.length >= 30, `${parties.length} parties`);
      assert.ok(decisions.has('block') && decisions.has('pass'), `a mix of decisions: ${[...decisions]}`);
    } finally {
      lists.close();
    }
  });

  test('screen, lookup and lookupAll answer as the single file', async () => {
    const lists = await open();
    try {
      assert.equal(withoutRows(await lists.screen(parties)), withoutRows(single.screen(parties)));
      const codes = parties.map((p) => p.code ?? p.legalRepId ?? p.personId ?? '');
      const batch = await lists.lookupAll([...codes, 'junk', null]);
      assert.deepEqual(Array.from(batch.bytes), Array.from(single.lookupAll([...codes, 'junk', null])));
      assert.equal(batch.stale, false);
      assert.equal(batch.sequence, SEQUENCE);
      for (const c of codes.slice(0, 10)) assert.equal(withoutRows(await lists.lookup(c)), withoutRows(single.lookup(c)));
      const lines = await lists.lookupLines(`${codes.slice(0, 5).join('\r\n')}\n`);
      assert.deepEqual(Array.from(lines.bytes), Array.from(single.lookupLines(codes.slice(0, 5).join('\n'))));
      await assert.rejects(lists.screen([{ nmae: 'typo' }]), (e) => e.code === 'INVALID_PARTY');
      await assert.rejects(lists.check({ scenario: 'SC-NOPE', parties: [{ role: 'applicant', code: codes[0] }] }), (e) => e.code === 'UNKNOWN_SCENARIO');
    } finally {
      lists.close();
    }
  });

  test('concurrent checks with no memory budget: all answered, each file fetched at most once per question round', async () => {
    served.counts.clear();
    const lists = await open({ memoryBudget: 0 });
    try {
      const results = await Promise.all(parties.map((p) => lists.check(request(p), NOW)));
      for (const [i, r] of results.entries()) assert.equal(r.decision, single.check(request(parties[i]), NOW).decision);
      const repeated = [...served.counts.entries()].filter(([p, n]) => /\/(shards|pages)\//.test(p) && n > 1);
      assert.deepEqual(repeated, [], 'no file asked twice while the questions ran together');
      assert.equal(lists.status().sharded.heldShards, 0, 'evicted down to the budget afterwards');
    } finally {
      lists.close();
    }
  });

  test('a stored record re-verifies on a fresh snapshot (the shards its input needs are fetched): MATCH', async () => {
    const party = parties.find((p) => single.check(request(p), NOW).decision === 'block');
    const first = await open();
    const r = await first.check(request(party), NOW);
    first.close();
    const lists = await open();
    try {
      const v = await lists.verifyRecord(r.record, r.sha256);
      assert.equal(v.matches, true, JSON.stringify(v));
      assert.equal(v.code, 'MATCH');
      assert.ok(lists.fetchLog().some((e) => e.kind === 'shard'), 'the record’s shards were fetched');
      const altered = r.record.replace('"decision":"block"', '"decision":"pass"');
      assert.equal((await lists.verifyRecord(altered)).matches, false);
      assert.equal((await lists.verifyRecord(r.record, '0'.repeat(64))).code, 'SHA256_MISMATCH');
      // Not a record: no files to fetch, and the core says why.
      await assert.rejects(lists.verifyRecord('{'), (e) => e.code === 'BAD_RECORD');
      // The single file is another snapshot: its re-run differs in the snapshot it names.
      assert.equal(single.verifyRecord(r.record, r.sha256).matches, false);
    } finally {
      lists.close();
    }
  });
});

describe('fetching and the cache', () => {
  test('a second check of the same parties fetches no page or shard (in memory, and from the cache after a restart)', async () => {
    const cacheDir = join(dir, 'cache-b');
    served.counts.clear();
    const lists = await open({ cache: true, cacheDir });
    try {
      for (const p of parties) await lists.check(request(p), NOW);
      const fetched = filesRequested();
      assert.ok(fetched > 0);
      const logged = lists.fetchLog().filter((e) => e.kind !== 'manifest');
      assert.equal(logged.length, fetched, 'the log has every file fetched');
      assert.ok(logged.every((e) => !e.fromCache && e.bytes > 0 && (e.kind === 'page' || e.kind === 'shard')));
      for (const p of parties) await lists.check(request(p), NOW);
      assert.equal(filesRequested(), fetched, 'nothing fetched the second time');
      assert.equal(lists.fetchLog().length, logged.length + 1);
    } finally {
      lists.close();
    }
    // A new session (a reload), nothing in memory: every file comes from the cache directory.
    served.counts.clear();
    const again = await open({ cacheDir, memoryBudget: 0 });
    try {
      for (const p of parties) await again.check(request(p), NOW);
      assert.equal(filesRequested(), 0);
      assert.equal(served.counts.get('/national/manifest.ccs'), 1, 'only the manifest');
      const log = again.fetchLog().filter((e) => e.kind !== 'manifest');
      assert.ok(log.length > 0 && log.every((e) => e.fromCache));
    } finally {
      again.close();
    }
    const index = JSON.parse(readFileSync(join(cacheDir, 'index.json'), 'utf8'));
    assert.equal(index.version, 1);
    for (const [digest, e] of Object.entries(index.entries)) {
      assert.equal(readFileSync(join(cacheDir, digest)).length, e.bytes);
      assert.ok(e.used > 0);
    }
  });

  test('a cache budget evicts the least recently used files', async () => {
    const cacheDir = join(dir, 'cache-budget');
    const lists = await open({ cacheDir, cacheBudget: 40_000 });
    try {
      for (const p of parties) await lists.check(request(p), NOW);
    } finally {
      lists.close();
    }
    const index = JSON.parse(readFileSync(join(cacheDir, 'index.json'), 'utf8'));
    const total = Object.values(index.entries).reduce((n, e) => n + e.bytes, 0);
    assert.ok(total <= 40_000, `${total} bytes kept`);
    const files = readdirSync(cacheDir).filter((f) => /^[0-9a-f]{64}$/.test(f));
    assert.deepEqual(files.sort(), Object.keys(index.entries).sort(), 'the files are the index’s');
  });

  test('a tampered shard: the check rejects SHARD_DIGEST_MISMATCH, the holder says unavailable — never a pass', async () => {
    const party = parties.find((p) => single.check(request(p), NOW).decision === 'pass' && p.code);
    const probe = await open();
    await probe.check(request(party), NOW);
    const shard = probe.fetchLog().find((e) => e.kind === 'shard');
    probe.close();
    const path = `/national/${shard.path}`;
    served.tamper.add(path);
    try {
      const lists = await open({ cacheDir: join(dir, 'cache-tamper') });
      await assert.rejects(lists.check(request(party), NOW), (e) => e.code === 'SHARD_DIGEST_MISMATCH' && /篡改/.test(e.messageZh));
      await assert.rejects(lists.screen([party]), (e) => e.code === 'SHARD_DIGEST_MISMATCH');
      await assert.rejects(lists.lookupAll([party.code]), (e) => e.code === 'SHARD_DIGEST_MISMATCH');
      assert.equal(existsSync(join(dir, 'cache-tamper', shard.digest)), false, 'nothing unverified is cached');
      lists.close();

      const holder = new SnapshotHolder({ keys, now: NOW, store: memoryStore(), cache: false });
      await holder.update(manifestUrl);
      assert.equal(holder.sharded, true);
      const r = await holder.check(request(party), NOW);
      assert.equal(r.decision, 'unavailable');
      assert.equal(r.reason, 'SHARD_DIGEST_MISMATCH');
      assert.equal(r.record, null);
      assert.ok(r.messageZh);
      holder.current.close();
    } finally {
      served.tamper.delete(path);
    }
  });

  test('the unavailable answers come from the core, for exactly UNAVAILABLE_CODES', async () => {
    const { UNAVAILABLE_CODES, unavailable } = await import('../sharded.js');
    for (const code of UNAVAILABLE_CODES) {
      const r = unavailable({ code, message: 'why', messageZh: '原因' });
      assert.deepEqual(r, { decision: 'unavailable', reason: code, verdict: null, record: null, sha256: null, message: 'why', messageZh: '原因' });
    }
    // Not a code of unavailability: answered as SHARD_MISSING, with the core's default message when none is given.
    const other = unavailable({});
    assert.deepEqual([other.decision, other.reason], ['unavailable', 'SHARD_MISSING']);
    assert.match(other.messageZh, /未进行核查/);
  });

  test('a missing shard (404): SHARD_MISSING, and unavailable in the holder', async () => {
    const party = parties.find((p) => p.code);
    const probe = await open();
    await probe.check(request(party), NOW);
    const paths = probe.fetchLog().filter((e) => e.kind === 'shard').map((e) => `/national/${e.path}`);
    probe.close();
    for (const p of paths) served.missing.add(p);
    try {
      const lists = await open();
      await assert.rejects(lists.check(request(party), NOW), (e) => e.code === 'SHARD_MISSING' && /404/.test(e.message) && /不能视为未列入/.test(e.messageZh));
      await assert.rejects(lists.lookup(party.code), (e) => e.code === 'SHARD_MISSING');
      lists.close();
      const holder = new SnapshotHolder({ keys, now: NOW, store: memoryStore(), cache: false, sharded: true });
      await holder.update(manifestUrl);
      const r = await holder.check(request(party), NOW);
      assert.deepEqual([r.decision, r.reason], ['unavailable', 'SHARD_MISSING']);
      await assert.rejects(holder.lookup(party.code), (e) => e.code === 'SHARD_MISSING');
      // Input errors are not "unavailable": they still reject.
      await assert.rejects(holder.check({ scenario: 'SC-NOPE', parties: [{ role: 'applicant', code: party.code }] }), (e) => e.code === 'UNKNOWN_SCENARIO');
      holder.current.close();
    } finally {
      served.missing.clear();
    }
  });

  test('a wrong request, party or option is refused as such before any file is fetched, even offline', async () => {
    let asked = 0;
    const lists = await open({
      fetch: (url, init) => (url.endsWith('manifest.ccs') ? fetch(url, init) : (asked++, Promise.reject(new TypeError('offline')))),
    });
    try {
      const wrong = (changes) => ({ ...request(parties[0]), ...changes });
      await assert.rejects(lists.check(wrong({ scenario: 'SC-NOPE' }), NOW), (e) => e.code === 'UNKNOWN_SCENARIO');
      await assert.rejects(lists.check(wrong({ parties: [{ ...parties[0], role: 'nobody' }] }), NOW), (e) => e.code === 'UNKNOWN_ROLE');
      await assert.rejects(lists.check(wrong({ cutoff: 'yesterday' }), NOW), (e) => e.code === 'BAD_CUTOFF');
      await assert.rejects(lists.check(wrong({ facts: { no_such_fact: true } }), NOW), (e) => e.code === 'UNKNOWN_FACT');
      await assert.rejects(lists.checkOrUnavailable(wrong({ scenario: 'SC-NOPE' }), NOW), (e) => e.code === 'UNKNOWN_SCENARIO');
      await assert.rejects(lists.screen([{ nmae: 'typo' }]), (e) => e.code === 'INVALID_PARTY');
      await assert.rejects(lists.screen([parties[0]], { thresholds: { possible: 'high' } }), (e) => e.code === 'INVALID_OPTION');
      assert.equal(asked, 0, 'nothing fetched for a wrong question');
      // The same questions put right need the files: offline, they could not be answered.
      assert.equal((await lists.checkOrUnavailable(request(parties[0]), NOW)).decision, 'unavailable');
      await assert.rejects(lists.screen([parties[0]]), (e) => e.code === 'SHARD_MISSING');
      assert.ok(asked > 0);
    } finally {
      lists.close();
    }
  });

  test('a network error: SHARD_MISSING', async () => {
    const lists = await open({
      fetch: (url, init) => (url.endsWith('manifest.ccs') ? fetch(url, init) : Promise.reject(new TypeError('fetch failed'))),
    });
    try {
      await assert.rejects(lists.check(request(parties[0]), NOW), (e) => e.code === 'SHARD_MISSING' && /fetch failed/.test(e.message));
    } finally {
      lists.close();
    }
  });

  test('a cached file that fails verification is dropped and fetched again', async () => {
    const cacheDir = join(dir, 'cache-corrupt');
    const party = parties.find((p) => p.code);
    const first = await open({ cacheDir });
    const want = await first.check(request(party), NOW);
    first.close();
    const digests = readdirSync(cacheDir).filter((f) => /^[0-9a-f]{64}$/.test(f));
    for (const d of digests) writeFileSync(join(cacheDir, d), flip(readFileSync(join(cacheDir, d))));
    served.counts.clear();
    const lists = await open({ cacheDir });
    try {
      const r = await lists.check(request(party), NOW);
      assert.equal(r.sha256, want.sha256);
      assert.equal(filesRequested(), digests.length, 'each corrupt file fetched once more');
      assert.ok(lists.fetchLog().filter((e) => e.kind !== 'manifest').every((e) => !e.fromCache));
    } finally {
      lists.close();
    }
    const again = await open({ cacheDir });
    await again.check(request(party), NOW);
    assert.ok(again.fetchLog().filter((e) => e.kind !== 'manifest').every((e) => e.fromCache), 'the cache was repaired');
    again.close();
  });

  test('mirror() fetches every file, with progress; afterwards checks need no network; the next issue fetches only what changed', async () => {
    const cacheDir = join(dir, 'cache-mirror');
    served.counts.clear();
    const lists = await open({ cacheDir });
    const progress = [];
    const result = await lists.mirror({ onProgress: (p) => progress.push(p) });
    const pages = readdirSync(join(dir, 'national', 'pages')).length;
    const shards = readdirSync(join(dir, 'national', 'shards')).length;
    assert.equal(result.files, pages + shards);
    assert.equal(result.fetched, pages + shards);
    assert.equal(result.fromCache, 0);
    assert.equal(filesRequested(), pages + shards);
    assert.equal(progress.length, pages + shards);
    assert.ok(progress.every((p) => p.total === pages + shards));
    assert.deepEqual(progress.at(-1), { done: pages + shards, total: pages + shards, bytes: result.bytes });
    assert.ok(lists.status().sharded.heldShards === 0, 'shards were verified, not held');
    lists.close();

    served.counts.clear();
    const offline = await open({ cacheDir, memoryBudget: 0, fetch: (url, init) => (url.endsWith('manifest.ccs') ? fetch(url, init) : Promise.reject(new TypeError('offline'))) });
    try {
      for (const p of parties) assert.equal((await offline.check(request(p), NOW)).decision, single.check(request(p), NOW).decision);
      assert.ok(offline.fetchLog().filter((e) => e.kind !== 'manifest').every((e) => e.fromCache));
    } finally {
      offline.close();
    }

    served.counts.clear();
    const next = await openSharded(`${base}/national-next/manifest.ccs`, { keys, now: NOW, store: memoryStore(SEQUENCE), cacheDir });
    try {
      assert.equal(next.status().sequence, SEQUENCE + 1);
      const changedPages = readdirSync(join(dir, 'national-next', 'pages')).filter((f) => !existsSync(join(dir, 'national', 'pages', f))).length;
      const changedShards = readdirSync(join(dir, 'national-next', 'shards')).filter((f) => !existsSync(join(dir, 'national', 'shards', f))).length;
      const again = await next.mirror();
      assert.equal(again.fetched, changedPages + changedShards);
      assert.equal(filesRequested(), changedPages + changedShards);
    } finally {
      next.close();
    }
  });

  test('mirror() without a cache: NO_CACHE; over the cache budget: CACHE_BUDGET', async () => {
    const lists = await open();
    await assert.rejects(lists.mirror(), (e) => e.code === 'NO_CACHE' && !!e.messageZh);
    lists.close();
    const small = await open({ cacheDir: join(dir, 'cache-small'), cacheBudget: 1000 });
    await assert.rejects(small.mirror(), (e) => e.code === 'CACHE_BUDGET');
    small.close();
  });

  test('close(): later questions reject CLOSED; a question running finishes first', async () => {
    const lists = await open();
    const running = lists.check(request(parties[0]), NOW);
    lists.close();
    assert.equal((await running).decision, single.check(request(parties[0]), NOW).decision, 'the running question is answered');
    await assert.rejects(lists.check(request(parties[0]), NOW), (e) => e.code === 'CLOSED');
    assert.throws(() => lists.status(), (e) => e.code === 'CLOSED');
  });
});

describe('SnapshotHolder', () => {
  test('a manifest URL is found out by trying: answers become promises; a single file stays synchronous', async () => {
    const holder = new SnapshotHolder({ keys, now: NOW, store: memoryStore(), cache: false });
    await holder.update(`${base}/single.ccs`);
    assert.equal(holder.sharded, false);
    const party = parties[0];
    const sync = holder.check(request(party), NOW);
    assert.equal(typeof sync.then, 'undefined');
    assert.equal(typeof holder.lookup(party.code ?? '').outcome, 'string');
    assert.ok(Array.isArray(holder.screen([party])));

    await holder.update(manifestUrl);
    assert.equal(holder.sharded, true);
    assert.ok(holder.current instanceof ShardedSnapshot);
    const pending = holder.check(request(party), NOW);
    assert.equal(typeof pending.then, 'function');
    assert.equal(withoutSnapshot((await pending).verdict), withoutSnapshot(sync.verdict));
    assert.equal(withoutRows(await holder.lookup(party.code ?? '')), withoutRows(single.lookup(party.code ?? '')));
    assert.equal(withoutRows(await holder.screen([party])), withoutRows(single.screen([party])));
    assert.equal(holder.status(NOW).sharded.records, 3000);
    holder.current.close();
  });

  test('a failed update leaves the snapshot in use answering', async () => {
    const holder = new SnapshotHolder({ keys, now: NOW, store: memoryStore(), cache: false });
    await holder.update(manifestUrl);
    await assert.rejects(holder.update(`${base}/national/manifest.ccs`, { keys: otherKeys }), (e) => e.code === 'UNKNOWN_KEY');
    assert.equal((await holder.check(request(parties[0]), NOW)).decision, single.check(request(parties[0]), NOW).decision);
    holder.current.close();
  });
});

describe('in the worker', () => {
  let worker;
  let client;

  /** Runs one request through `handle`; resolves to { final, progress }. */
  async function ask(message) {
    const replies = [];
    await worker.handle(message, (msg, transfer) => replies.push(structuredClone(msg, { transfer: transfer ?? [] })));
    const finals = replies.filter((r) => !r.progress);
    assert.equal(finals.length, 1);
    return { final: finals[0], progress: replies.filter((r) => r.progress).map((r) => r.progress) };
  }

  class FakeWorker extends EventTarget {
    postMessage(message, transfer = []) {
      const data = structuredClone(message, { transfer });
      queueMicrotask(() =>
        worker.handle(data, (reply, t) => {
          const cloned = structuredClone(reply, { transfer: t ?? [] });
          setImmediate(() => this.dispatchEvent(new MessageEvent('message', { data: cloned })));
        }),
      );
    }
    terminate() {}
  }

  before(async () => {
    worker = await import('../worker.js');
    client = await import('../worker-client.js');
  });

  test('load finds the manifest; check, screen, lookupAll, catalogue, status and fetchLog answer', async () => {
    const { final } = await ask({ id: 1, op: 'load', source: manifestUrl, keys, options: { now: NOW, cache: false } });
    assert.equal(final.ok, true, JSON.stringify(final.error));
    assert.equal(final.result.sharded.records, 3000);
    const party = parties.find((p) => single.check(request(p), NOW).decision === 'block');
    const check = await ask({ id: 2, op: 'call', method: 'check', args: [request(party), NOW] });
    assert.equal(check.final.result.decision, 'block');
    assert.equal(check.final.result.verdict.snapshot.payloadDigest, manifestDigest);
    const screen = await ask({ id: 3, op: 'call', method: 'screen', args: [[party]] });
    assert.equal(withoutRows(screen.final.result), withoutRows(single.screen([party])));
    const batch = await ask({ id: 4, op: 'call', method: 'lookupAll', args: [[party.code ?? '']] });
    assert.equal(batch.final.result.stale, false);
    assert.ok(batch.final.result.bytes instanceof Uint8Array);
    const log = await ask({ id: 5, op: 'call', method: 'fetchLog', args: [] });
    assert.equal(log.final.result[0].kind, 'manifest');
    assert.ok(log.final.result.some((e) => e.kind === 'shard'));
    const cat = await ask({ id: 6, op: 'call', method: 'catalogue', args: [] });
    assert.ok(cat.final.result.scenarios.length > 0);
    const record = await ask({ id: 7, op: 'call', method: 'record', args: [0] });
    assert.equal(record.final.error.code, 'METHOD_NOT_AVAILABLE');
  });

  test('a failed fetch: check resolves unavailable with its code (as the holder), lookup rejects with it', async () => {
    const party = parties.find((p) => p.code);
    const probe = await open();
    await probe.check(request(party), NOW);
    const shard = probe.fetchLog().find((e) => e.kind === 'shard');
    probe.close();
    await ask({ id: 10, op: 'load', source: manifestUrl, keys, options: { now: NOW, cache: false } });
    served.missing.add(`/national/${shard.path}`);
    try {
      // check: the core's unavailable outcome (it used to reject SHARD_MISSING) — never a pass.
      const { final } = await ask({ id: 11, op: 'call', method: 'check', args: [request(party), NOW] });
      assert.equal(final.ok, true, JSON.stringify(final.error));
      assert.deepEqual([final.result.decision, final.result.reason, final.result.record, final.result.verdict], ['unavailable', 'SHARD_MISSING', null, null]);
      assert.ok(final.result.messageZh);
      assert.match(final.result.message, /404/, "the fetch's own reason");
      // Other questions still reject with the code, as the holder's do.
      const lookup = await ask({ id: 12, op: 'call', method: 'lookup', args: [party.code] });
      assert.equal(lookup.final.ok, false);
      assert.equal(lookup.final.error.code, 'SHARD_MISSING');
      assert.ok(lookup.final.error.messageZh);
      // Input errors are not "unavailable": they still reject.
      const bad = await ask({ id: 13, op: 'call', method: 'check', args: [{ scenario: 'SC-NOPE', parties: [{ role: 'applicant', code: party.code }] }, NOW] });
      assert.equal(bad.final.error.code, 'UNKNOWN_SCENARIO');
    } finally {
      served.missing.delete(`/national/${shard.path}`);
    }
  });

  test('mirror with progress; a rollback and a bad stored sequence are refused', async () => {
    await ask({ id: 20, op: 'load', source: manifestUrl, keys, options: { now: NOW, cacheDir: join(dir, 'cache-worker') } });
    const { final, progress } = await ask({ id: 21, op: 'mirror' });
    assert.equal(final.ok, true, JSON.stringify(final.error));
    assert.ok(final.result.files > 0 && progress.length === final.result.files);
    const rollback = await ask({ id: 22, op: 'load', source: manifestUrl, keys, options: { now: NOW, cache: false, lastSequence: 99, storedSequence: 99 } });
    assert.equal(rollback.final.error.code, 'ROLLBACK');
    const bad = await ask({ id: 23, op: 'load', source: manifestUrl, keys, options: { now: NOW, cache: false, storedSequence: 'abc', storeKey: 'other' } });
    assert.equal(bad.final.error.code, 'BAD_STORED_SEQUENCE');
  });

  test('CheckerWorker: load (detected or sharded: true), check, fetchLog, mirror, and the stored mark', async () => {
    const store = memoryStore();
    const checker = new client.CheckerWorker({ worker: new FakeWorker(), store });
    const status = await checker.load(manifestUrl, { keys, now: NOW, cache: false, storeKey: 'cw' });
    assert.equal(status.sharded.records, 3000);
    assert.equal(store.m.get('cw'), SEQUENCE);
    const party = parties[0];
    const r = await checker.check(request(party), NOW);
    assert.equal(withoutSnapshot(r.verdict), withoutSnapshot(single.check(request(party), NOW).verdict));
    const log = await checker.fetchLog();
    assert.ok(log.length > 1 && log[0].kind === 'manifest');
    assert.equal((await checker.status()).sharded.heldPages > 0, true);
    await assert.rejects(checker.mirror(), (e) => e.code === 'NO_CACHE');
    await checker.load(manifestUrl, { keys, now: NOW, sharded: true, cacheDir: join(dir, 'cache-client'), storeKey: 'cw' });
    const seen = [];
    const m = await checker.mirror({ onProgress: (p) => seen.push(p) });
    assert.ok(m.files > 0 && seen.length === m.files);
    await assert.rejects(checker.load(manifestUrl, { keys, now: NOW, cache: false, store: memoryStore('99') }), (e) => e.code === 'ROLLBACK');
    await assert.rejects(checker.load(manifestUrl, { keys, now: NOW, cache: false, store: memoryStore('junk') }), (e) => e.code === 'BAD_STORED_SEQUENCE');
    checker.terminate();
  });
});
