// Signed list snapshots through the Node entry: loading from bytes and from a URL (streamed, with
// progress), the status object, lookups and the batch path, persisted sequences (rollback),
// staleness, tampering, and atomic replacement. Snapshots and keys are made by the real CLI
// (target/release/credit-check, built by scripts/build.sh). Run with `node --test pkg/test/`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, keyring, loadSnapshot, Lookup, Snapshot, SnapshotHolder, vocabulary } from '../node.js';
import * as core from '../wasm/credit_check.js';

const CLI = fileURLToPath(new URL('../../target/release/credit-check', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cc-js-snap-'));
const cli = (...args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let keysJson;
let otherKeysJson;
let v1;
let v2;
let records;
let server;
let base;

/** A store as a portal's server might pass: async, in memory. */
function memoryStore() {
  const m = new Map();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v), m };
}

before(async () => {
  await init();
  cli('keygen', '--alg', 'ed25519', '--id', 'js-ed', '--out', dir);
  cli('keygen', '--alg', 'sm2', '--id', 'js-sm2', '--out', dir);
  keysJson = `{"version":1,"keys":[${readFileSync(join(dir, 'js-ed.pub.json'), 'utf8')}]}`;
  otherKeysJson = `{"version":1,"keys":[${readFileSync(join(dir, 'js-sm2.pub.json'), 'utf8')}]}`;
  cli('synth', '300', '--seed', '5', '--out', join(dir, 'in.jsonl'));
  // Records with an identifier to look up: a person published only with a masked ID number
  // (courts, tax) has none — it is matched by name, never by a completed number.
  const all = readFileSync(join(dir, 'in.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  records = all.filter((r) => codeOf(r));
  assert.ok(all.some((r) => r.maskedIdNumber && !codeOf(r)), 'synth writes masked-only persons');
  for (const [seq, file] of [[1, 'v1.ccs'], [2, 'v2.ccs']]) {
    cli('build', join(dir, 'in.jsonl'), '--out', join(dir, file), '--publisher', '测试信用中心', '--sequence', String(seq),
      '--key', join(dir, 'js-ed.key.json'), '--valid-days', '30');
  }
  v1 = readFileSync(join(dir, 'v1.ccs'));
  v2 = readFileSync(join(dir, 'v2.ccs'));
  server = createServer((req, res) => {
    const body = req.url === '/v2.ccs' ? v2 : req.url === '/v1.ccs' ? v1 : null;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><title>404</title>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    // In pieces, as a network delivers it.
    let i = 0;
    const step = () => {
      if (i >= body.length) return res.end();
      res.write(body.subarray(i, i + 4096));
      i += 4096;
      setImmediate(step);
    };
    step();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const codeOf = (r) => r.uscc ?? r.orgCode ?? r.registrationNumber ?? r.idNumber;

describe('loading', () => {
  test('from bytes: the status object', async () => {
    const s = await loadSnapshot(v1, { keys: keysJson, store: memoryStore() });
    assert.ok(s instanceof Snapshot);
    const st = s.status();
    assert.equal(st.publisher, '测试信用中心');
    assert.equal(st.sequence, 1);
    assert.equal(st.keyId, 'js-ed');
    assert.equal(st.algorithm, 'ed25519');
    assert.equal(st.stale, false);
    assert.equal(st.counts.records, 300);
    assert.equal(s.length, 300);
    assert.equal(st.size, v1.length);
    assert.match(st.payloadDigest, /^[0-9a-f]{64}$/);
    assert.ok(Date.parse(st.expiresAt) > Date.parse(st.issuedAt));
    s.close();
  });

  test('from a URL, streamed, with progress', async () => {
    const seen = [];
    const s = await loadSnapshot(`${base}/v2.ccs`, { keys: keysJson, store: memoryStore(), onProgress: (p) => seen.push(p) });
    assert.ok(seen.length > 3, `progress events: ${seen.length}`);
    assert.equal(seen.at(-1).received, v2.length);
    assert.equal(seen.at(-1).total, v2.length);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].received > seen[i - 1].received);
    assert.equal(s.status().sequence, 2);
    s.close();
  });

  test('an HTML error page is FETCH_FAILED; HTML bytes are NOT_A_SNAPSHOT', async () => {
    await assert.rejects(loadSnapshot(`${base}/missing.ccs`, { keys: keysJson, store: memoryStore() }), { code: 'FETCH_FAILED' });
    await assert.rejects(loadSnapshot(new TextEncoder().encode('<!DOCTYPE html>'), { keys: keysJson, store: memoryStore() }), {
      code: 'NOT_A_SNAPSHOT',
    });
  });

  test('tampering, truncation, the wrong key and no keys are refused with their codes', async () => {
    const bad = Uint8Array.from(v1);
    bad[bad.length - 10] ^= 0x01;
    await assert.rejects(loadSnapshot(bad, { keys: keysJson, store: memoryStore() }), (e) => {
      assert.equal(e.code, 'DIGEST_MISMATCH');
      assert.match(e.messageZh, /摘要/);
      return true;
    });
    await assert.rejects(loadSnapshot(v1.subarray(0, v1.length - 1), { keys: keysJson, store: memoryStore() }), { code: 'TRUNCATED' });
    await assert.rejects(loadSnapshot(v1, { keys: otherKeysJson, store: memoryStore() }), { code: 'UNKNOWN_KEY' });
    await assert.rejects(loadSnapshot(v1, { store: memoryStore() }), { code: 'NO_KEYS' });
    await assert.rejects(loadSnapshot(v1, { keys: '{"version":2}', store: memoryStore() }), { code: 'MALFORMED_KEYRING' });
  });

  test('the highest accepted sequence is persisted: an older snapshot is a rollback', async () => {
    const store = memoryStore();
    (await loadSnapshot(v2, { keys: keysJson, store })).close();
    assert.equal(store.m.get('credit-check:lastSequence'), 2);
    await assert.rejects(loadSnapshot(v1, { keys: keysJson, store }), (e) => e.code === 'ROLLBACK' && /回滚/.test(e.messageZh));
    // The same sequence again is fine (a page reload).
    (await loadSnapshot(v2, { keys: keysJson, store })).close();
    // Another store key is another deployment.
    (await loadSnapshot(v1, { keys: keysJson, store, storeKey: 'other' })).close();
  });

  test('a stored sequence read back as text still protects; a stored value that is not one is an error', async () => {
    // File, Redis and localStorage-style stores hand back strings.
    const textStore = (v) => ({ get: async () => v, set: async () => {} });
    await assert.rejects(loadSnapshot(v1, { keys: keysJson, store: textStore('2') }), { code: 'ROLLBACK' });
    (await loadSnapshot(v2, { keys: keysJson, store: textStore(' 2 ') })).close();
    for (const junk of ['two', '-1', '1e3', {}, true]) {
      await assert.rejects(loadSnapshot(v2, { keys: keysJson, store: textStore(junk) }), { code: 'BAD_STORED_SEQUENCE' }, String(junk));
    }
  });

  test('stale: refused by default, loaded on opt-in and every answer says so', async () => {
    const later = Date.now() + 40 * 86400e3;
    await assert.rejects(loadSnapshot(v1, { keys: keysJson, store: memoryStore(), now: later }), { code: 'STALE' });
    const s = await loadSnapshot(v1, { keys: keysJson, store: memoryStore(), now: later, allowStale: true });
    assert.equal(s.status(later).stale, true);
    const a = s.lookup(codeOf(records[0]));
    assert.equal(a.stale, true);
    // The batch path says it per item: a code not found is STALE, never NOT_LISTED.
    assert.deepEqual([...s.lookupAll([codeOf(records[0]), '91110108551385082Q', 'junk'])], [Lookup.LISTED, Lookup.STALE, Lookup.INVALID_INPUT]);
    assert.deepEqual([...s.lookupLines('91110108551385082Q\n')], [Lookup.STALE]);
    s.close();
  });
});

describe('lookups', () => {
  let s;
  before(async () => {
    s = await loadSnapshot(v1, { keys: keysJson, store: memoryStore() });
  });

  test('every record is found by its identifier, IDs masked in what comes back', () => {
    for (const r of records) {
      const a = s.lookup(codeOf(r));
      assert.equal(a.outcome, 'listed', codeOf(r));
      assert.ok(a.hits.length >= 1);
      for (const h of a.hits) {
        assert.ok(typeof h.matchedBy === 'string');
        if (h.record.idNumber) assert.match(h.record.idNumber, /\*{8}/);
      }
    }
  });

  test('a clean code is notListed; junk is invalidInput; an uncovered list is notCovered', () => {
    assert.equal(s.lookup('91110108551385082Q').outcome, 'notListed');
    assert.equal(s.lookup('not a code').outcome, 'invalidInput');
    assert.equal(s.lookup(42).outcome, 'invalidInput');
    const st = s.status();
    const all = ['LT-SXBZXR', 'LT-XGXF', 'LT-ZDSS', 'LT-ZFCG', 'LT-SCJG-YZ', 'LT-JYYC', 'LT-AQSC', 'LT-NMG', 'LT-ZTB-QX',
      'LT-GGZY', 'LT-JZSC', 'LT-HB', 'LT-SY', 'LT-XZCF', 'RL-NSA', 'RL-AEO', 'RL-SAMR-A', 'RL-LOCAL'];
    const missing = all.filter((l) => !st.listTypes.includes(l));
    if (missing.length) {
      const a = s.lookup('91110108551385082Q', { listTypes: [missing[0]] });
      assert.equal(a.outcome, 'notCovered');
      assert.deepEqual(a.uncovered, [missing[0]]);
    }
    assert.throws(() => s.lookup('91110108551385082Q', { listTypes: ['LT-NOPE'] }), { code: 'UNKNOWN_LIST_TYPE' });
    // The one error shape: the listed code, both languages and the list type's place.
    assert.throws(() => s.lookup('91110108551385082Q', { listTypes: ['LT-SXBZXR', 'LT-NOPE'] }), {
      code: 'UNKNOWN_LIST_TYPE',
      message: "unknown list type 'LT-NOPE'",
      messageZh: '未知名单类型“LT-NOPE”',
      field: 'listTypes[1]',
    });
  });

  test('lookupAll: one byte per code, same answers as lookup', () => {
    const codes = [...records.map(codeOf), '91110108551385082Q', 'junk', '', 7, 'a\nb'];
    const out = s.lookupAll(codes);
    assert.equal(out.length, codes.length);
    for (let i = 0; i < records.length; i++) assert.equal(out[i], Lookup.LISTED, codes[i]);
    assert.deepEqual([...out.slice(records.length)], [Lookup.NOT_LISTED, Lookup.INVALID_INPUT, Lookup.INVALID_INPUT, Lookup.INVALID_INPUT, Lookup.INVALID_INPUT]);
    assert.deepEqual([...s.lookupLines('91110108551385082Q\r\njunk\n')], [0, 3]);
  });
});

describe('lookup answers cross as numbers, records are read when asked for', () => {
  let s;
  const core2 = (bytes) => {
    // A file through the core's own JSON answer, the reference the numbers must match.
    const loader = new core.SnapshotLoader(keyring(keysJson));
    loader.pushArray(bytes);
    return loader.finish();
  };
  before(async () => {
    s = await loadSnapshot(v1, { keys: keysJson, store: memoryStore() });
  });

  test('the same answer, key for key, as the core JSON path: hits, misses, uncovered, problems', async () => {
    // A snapshot of two lists, so that asking for others leaves some uncovered.
    const all = readFileSync(join(dir, 'in.jsonl'), 'utf8').trim().split('\n');
    const two = [...new Set(all.map((l) => JSON.parse(l).listType))].slice(0, 2);
    const part = all.filter((l) => two.includes(JSON.parse(l).listType));
    writeFileSync(join(dir, 'two.jsonl'), part.join('\n') + '\n');
    cli('build', join(dir, 'two.jsonl'), '--out', join(dir, 'two.ccs'), '--publisher', '测试信用中心', '--sequence', '1',
      '--key', join(dir, 'js-ed.key.json'), '--valid-days', '30');
    const bytes = readFileSync(join(dir, 'two.ccs'));
    const t = await loadSnapshot(bytes, { keys: keysJson, store: memoryStore() });
    const raw = core2(bytes);
    const st = t.status();
    const others = vocabulary().listTypes.map((l) => l.id).filter((l) => !st.listTypes.includes(l));
    assert.ok(others.length >= 2);
    const codes = [...records.map(codeOf), '91110108551385082Q', 'not a code', '', '９１１１０１０８５５１３８５０８２Ｑ'];
    let uncoveredSeen = 0;
    for (const c of codes) {
      for (const lists of [undefined, [st.listTypes[0]], [others[3], st.listTypes[0], others[1]], [others[0]]]) {
        const a = t.lookup(c, { listTypes: lists });
        uncoveredSeen += a.uncovered?.length > 1;
        assert.equal(JSON.stringify(a), JSON.stringify(raw.lookup(c, lists)), `${c} ${lists}`);
      }
    }
    assert.ok(uncoveredSeen > 0);
    raw.free();
    t.close();
  });

  test('hit.record is read on first access, then an ordinary property', () => {
    const a = s.lookup(codeOf(records[0]));
    const hit = a.hits[0];
    assert.equal(typeof Object.getOwnPropertyDescriptor(hit, 'record').get, 'function', 'not read yet');
    assert.deepEqual(Object.keys(hit), ['matchedBy', 'record', 'row']);
    const r = hit.record;
    assert.deepEqual(r, s.record(hit.row));
    const d = Object.getOwnPropertyDescriptor(hit, 'record');
    assert.equal(d.get, undefined);
    assert.equal(d.value, r, 'read once, kept');
    assert.ok(d.enumerable && d.writable);
    // Assigning works as on a plain object (a module is strict: a getter alone would throw).
    const b = s.lookup(codeOf(records[1])).hits[0];
    b.record = 'mine';
    assert.equal(b.record, 'mine');
  });

  test('JSON.stringify and structuredClone carry the record unread', () => {
    const a = s.lookup(codeOf(records[2]));
    const expected = s.record(a.hits[0].row);
    assert.deepEqual(JSON.parse(JSON.stringify(a)).hits[0].record, expected);
    const b = s.lookup(codeOf(records[2]));
    assert.deepEqual(structuredClone(b).hits[0].record, expected);
  });

  test('close() reads every record still unread: an answer outlives its snapshot', async () => {
    const t = await loadSnapshot(v1, { keys: keysJson, store: memoryStore() });
    const answers = records.slice(0, 40).map((r) => t.lookup(codeOf(r)));
    const expected = answers.map((a) => a.hits.map((h) => s.record(h.row)));
    answers[0].hits[0].record; // one already read
    t.close();
    assert.deepEqual(answers.map((a) => a.hits.map((h) => h.record)), expected);
  });

  test('many unread hits stay bounded and still settle on close', async () => {
    const t = await loadSnapshot(v1, { keys: keysJson, store: memoryStore() });
    const code = codeOf(records[3]);
    let last;
    for (let i = 0; i < 5000; i++) last = t.lookup(code);
    t.close();
    assert.deepEqual(last.hits[0].record, s.record(last.hits[0].row));
  });

  test('lookupAll: blocks, non-ASCII codes and line breaks give the per-code answers', () => {
    const base = [...records.map(codeOf), '91110108551385082Q', 'junk', '', '９１１１０１０８５５１３８５０８２Ｑ', 'a\nb', ' 91110108551385082Q '];
    const codes = [];
    for (let i = 0; codes.length < 20000; i++) codes.push(base[i % base.length]);
    const one = (c) => s.lookupLines(c.replace(/[\r\n]/g, ' ') + '\n')[0];
    assert.deepEqual([...s.lookupAll(codes)], codes.map(one));
    const ascii = codes.filter((c) => !/[^\x00-\x7f]|\n/.test(c));
    assert.deepEqual([...s.lookupAll(ascii)], ascii.map(one));
  });
});

describe('SnapshotHolder', () => {
  test('replaces atomically: a failed update leaves the old snapshot answering', async () => {
    const h = new SnapshotHolder({ keys: keysJson, store: memoryStore() });
    assert.equal(h.lookup('91110108551385082Q').outcome, 'notCovered');
    assert.equal(h.lookup('91110108551385082Q').reason, 'NO_SNAPSHOT');
    await h.update(v1);
    assert.equal(h.status().sequence, 1);
    const bad = Uint8Array.from(v2);
    bad[200] ^= 0x80;
    await assert.rejects(h.update(bad));
    assert.equal(h.status().sequence, 1);
    assert.equal(h.lookup(codeOf(records[0])).outcome, 'listed');
    await h.update(`${base}/v2.ccs`);
    assert.equal(h.status().sequence, 2);
    await assert.rejects(h.update(v1), { code: 'ROLLBACK' });
    assert.equal(h.status().sequence, 2);
  });

  test('overlapping updates: an older snapshot arriving last does not replace the newer one in use', async () => {
    // Both loads read the store before either finished: a store that still says nothing.
    const h = new SnapshotHolder({ keys: keysJson, store: { get: async () => undefined, set: async () => {} } });
    const newer = h.update(v2);
    await newer;
    await assert.rejects(h.update(v1), (e) => e.code === 'ROLLBACK' && /正在使用/.test(e.message));
    assert.equal(h.status().sequence, 2);
    assert.equal((await h.update(v2)).status().sequence, 2, 'the same sequence keeps the one in use');
    assert.equal(h.lookup(codeOf(records[0])).outcome, 'listed');
  });

  test('keyring(): a rotation can be accepted and persisted', () => {
    const k = keyring(keysJson);
    assert.deepEqual(k.keyIds(), ['js-ed']);
    assert.match(k.toJSON(), /js-ed/);
    assert.throws(() => k.acceptRotation('{}', 'js-ed'), (e) => typeof e.code === 'string');
    k.free();
  });
});

describe('screen (entity matching)', () => {
  let s;
  let evalRecords;
  before(async () => {
    const file = fileURLToPath(new URL('../../tests/data/match-eval/records.jsonl', import.meta.url));
    evalRecords = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    cli('build', file, '--out', join(dir, 'eval.ccs'), '--publisher', 'eval', '--sequence', '1', '--key', join(dir, 'js-ed.key.json'));
    s = await loadSnapshot(readFileSync(join(dir, 'eval.ccs')), { keys: keysJson, store: memoryStore() });
  });

  test('identifiers decide, names rank, every hit explained', () => {
    const company = evalRecords.find((r) => r.uscc && r.entityKind === 'legalEntity');
    const [byCode, byName, namesake] = s.screen([
      { name: company.name, code: company.uscc.toLowerCase() },
      { name: ` ${company.name.replace('有限公司', '有限责任公司')} ` },
      { name: company.name, code: '91110108551385082Q' },
    ]);
    assert.equal(byCode.band, 'definite');
    assert.equal(byCode.hits[0].kind, 'identifier');
    assert.equal(byCode.hits[0].record.name, company.name);
    assert.match(byCode.hits[0].explanation.noteZh, /统一社会信用代码相同/);
    assert.equal(byName.band, 'possible');
    assert.ok(byName.hits[0].score >= 0.8);
    assert.ok(byName.hits[0].explanation.similarity.core >= 0.85);
    assert.equal(namesake.band, 'none');
    assert.equal(namesake.namesakes[0].record.name, company.name);
  });

  test('a legal representative listed as a natural person is found by ID, masked in the result', () => {
    const person = evalRecords.find((r) => r.entityKind === 'naturalPerson' && r.idNumber);
    const [r] = s.screen([{ name: '某某无关贸易有限公司', legalRepName: person.name, legalRepId: person.idNumber }]);
    assert.equal(r.band, 'definite');
    assert.equal(r.hits[0].kind, 'legalRepresentative');
    assert.match(r.party.legalRepId, /\*{8}/);
    assert.match(r.hits[0].record.idNumber, /\*{8}/);
  });

  test('a legal representative named in a listed entity\'s entry is a related person, with both roles', () => {
    const entity = evalRecords.find((r) => (r.relatedPersons ?? []).some((p) => p.role === 'financeOfficer' && !p.idNumber.includes('*')));
    const officer = entity.relatedPersons.find((p) => p.role === 'financeOfficer');
    const [r] = s.screen([{ name: '某某无关贸易有限公司', legalRepId: officer.idNumber }]);
    assert.equal(r.band, 'definite');
    const [h] = r.hits;
    assert.equal(h.kind, 'relatedPerson');
    assert.equal(h.record.name, entity.name);
    assert.equal(h.explanation.queryField, 'legalRepId');
    assert.equal(h.explanation.recordRole, 'financeOfficer');
    assert.match(h.explanation.noteZh, /^当事人的法定代表人是名单主体的负有直接责任的财务负责人/);
    assert.ok(!JSON.stringify(r).includes(officer.idNumber), 'the ID number is masked everywhere');
  });

  test('an ID number published masked is only a possible hit, with the same name', () => {
    const person = evalRecords.find((r) => r.maskedIdNumber);
    const m = person.maskedIdNumber;
    // A valid ID number behind the mask: a birth date that gives the published check character.
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const check = (b) => '10X98765432'[[...b].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
    let typed;
    for (let d = Date.UTC(1950, 0, 1); !typed && d < Date.UTC(2005, 0, 1); d += 86400000) {
      const ymd = new Date(d).toISOString().slice(0, 10).replaceAll('-', '');
      const body = m.slice(0, 6) + ymd + m.slice(14, 17);
      const id = body + check(body);
      if ([...m].every((c, i) => c === '*' || c === id[i])) typed = id;
    }
    const [r] = s.screen([{ personName: person.name, personId: typed }]);
    assert.equal(r.band, 'possible');
    assert.equal(r.hits[0].kind, 'maskedIdNumber');
    assert.equal(r.hits[0].explanation.recordValue, m);
    const [other] = s.screen([{ personName: `${person.name}某`, personId: typed }]);
    assert.equal(other.hits.length, 0);
  });

  test('bad input is reported, not passed', () => {
    const [r] = s.screen([{ code: '9111010855138508' }]);
    assert.equal(r.band, 'none');
    assert.equal(r.inputProblems[0].field, 'code');
    assert.throws(() => s.screen('x'), { code: 'NOT_AN_ARRAY' });
    assert.throws(() => s.screen([{ nmae: 'typo' }]), { code: 'INVALID_PARTY' });
    assert.throws(() => s.screen([{ name: 'x' }], { listTypes: ['LT-NOPE'] }), { code: 'INVALID_OPTION' });
  });

  test('a holder with no snapshot says nothing could be checked', () => {
    const h = new SnapshotHolder({ keys: keysJson, store: memoryStore() });
    const [r] = h.screen([{ name: '某某公司' }]);
    assert.equal(r.notCovered, true);
    assert.equal(r.reason, 'NO_SNAPSHOT');
  });

  test('the name index can be built ahead', () => {
    assert.ok(s.buildNameIndex() > 0);
  });
});

