// The Web Worker protocol (../worker.js `handle`) and its client (../worker-client.js), run in
// Node: the handler is driven directly, and the client through a stand-in worker that passes every
// message through structuredClone (with the transfer list) as postMessage would. The committed
// fixture (tests/data/fixture.ccs, fixture-keys.json, fixture-lookups.txt) is the snapshot.
// The browser side (a real module worker, CSP, bundlers) is tests/e2e/worker.test.mjs.
//
// node --test pkg/test/   (state is per process: the tests below run in order)
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { init, loadSnapshot, Snapshot, SnapshotHolder } from '../node.js';

const DATA = new URL('../../tests/data/', import.meta.url);
const FIXTURE = readFileSync(new URL('fixture.ccs', DATA));
const KEYS = readFileSync(new URL('fixture-keys.json', DATA), 'utf8');
// The time of checking, fixed: inside the fixture's validity whatever the clock says.
const NOW = Date.parse('2027-06-01T00:00:00Z');
const FIXTURE_SEQUENCE = 3;

// Codes the committed transcript says are listed / not listed.
const transcript = readFileSync(new URL('fixture-lookups.txt', DATA), 'utf8').split('\n');
const LISTED = transcript.filter((l) => / listed /.test(l)).map((l) => l.split(' ')[0]);
const NOT_LISTED = transcript.filter((l) => / notListed$/.test(l)).map((l) => l.split(' ')[0]);

let worker; // the module under test, imported after init (as a worker would be)
let client;
let direct; // the same snapshot loaded on this thread, for comparison

/** Runs one request through `handle`; resolves to { replies, final, progress }. */
async function ask(message) {
  const replies = [];
  await worker.handle(message, (msg, transfer) => {
    // As postMessage: the reply must clone, and transferred buffers must be the reply's own.
    const cloned = structuredClone(msg, { transfer: transfer ?? [] });
    replies.push({ msg: cloned, transfer: transfer ?? [] });
  });
  const finals = replies.filter((r) => !r.msg.progress);
  assert.equal(finals.length, 1, `exactly one final reply to ${JSON.stringify(message?.op)}`);
  assert.equal(finals[0].msg.id, message?.id ?? null);
  return { final: finals[0].msg, transfer: finals[0].transfer, progress: replies.filter((r) => r.msg.progress).map((r) => r.msg.progress) };
}

function tampered() {
  const bad = Uint8Array.from(FIXTURE);
  bad[bad.length - 10] ^= 0x01;
  return bad;
}

/** A stand-in for `Worker`: messages go through structuredClone into `handle` and back. */
class FakeWorker extends EventTarget {
  terminated = false;
  sent = [];
  postMessage(message, transfer = []) {
    if (this.terminated) return;
    const data = structuredClone(message, { transfer });
    this.sent.push({ data, transfer });
    queueMicrotask(() =>
      worker.handle(data, (reply, t) => {
        if (this.terminated) return;
        const cloned = structuredClone(reply, { transfer: t ?? [] });
        setImmediate(() => this.dispatchEvent(new MessageEvent('message', { data: cloned })));
      }),
    );
  }
  terminate() {
    this.terminated = true;
  }
}

before(async () => {
  await init();
  worker = await import('../worker.js');
  client = await import('../worker-client.js');
  direct = await loadSnapshot(FIXTURE, { keys: KEYS, now: NOW, store: { get: () => undefined, set: () => {} } });
  assert.ok(LISTED.length > 5 && NOT_LISTED.length > 0, 'the transcript has listed and unlisted codes');
});

describe('importing', () => {
  test('worker-client.js and worker.js import in Node without a Worker or a worker scope', () => {
    assert.equal(typeof client.CheckerWorker, 'function');
    assert.equal(typeof worker.handle, 'function');
    assert.deepEqual([...worker.METHODS].sort(), ['catalogue', 'check', 'fetchLog', 'headerJson', 'lookup', 'lookupAll', 'lookupLines', 'record', 'screen', 'status', 'verifyRecord']);
    // Outside a worker, worker.js does not listen for messages on the global scope.
    assert.equal(typeof globalThis.onmessage, 'undefined');
  });
});

describe('protocol (handle)', () => {
  test('a call before any load: check is unavailable, lookup and screen notCovered (as SnapshotHolder), the rest NO_SNAPSHOT', async () => {
    // check: the core's unavailable outcome (it used to reject NO_SNAPSHOT) — never a pass.
    const request = { scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code: LISTED[0] }] };
    const check = (await ask({ id: 1, op: 'call', method: 'check', args: [request, NOW] })).final;
    assert.equal(check.ok, true, JSON.stringify(check.error));
    assert.equal(check.result.decision, 'unavailable');
    assert.equal(check.result.reason, 'NO_SNAPSHOT');
    assert.equal(check.result.verdict, null);
    assert.equal(check.result.record, null);
    assert.equal(check.result.sha256, null);
    assert.match(check.result.messageZh, /快照/);
    const empty = new SnapshotHolder();
    assert.deepEqual(check.result, empty.check(request, NOW));
    // lookup and screen: the same answers as a holder with no snapshot (the core's).
    const lookup = (await ask({ id: 1, op: 'call', method: 'lookup', args: [LISTED[0]] })).final;
    assert.deepEqual(lookup, { id: 1, ok: true, result: empty.lookup(LISTED[0]) });
    assert.deepEqual([lookup.result.outcome, lookup.result.reason], ['notCovered', 'NO_SNAPSHOT']);
    const party = { name: '某某公司', code: LISTED[0] };
    const screen = (await ask({ id: 1, op: 'call', method: 'screen', args: [[party]] })).final;
    assert.deepEqual(screen.result, empty.screen([party]));
    assert.deepEqual([screen.result[0].band, screen.result[0].notCovered, screen.result[0].reason], ['none', true, 'NO_SNAPSHOT']);
    assert.equal((await ask({ id: 1, op: 'call', method: 'screen', args: ['x'] })).final.error.code, 'NOT_AN_ARRAY');
    // The other methods have nothing to answer with: NO_SNAPSHOT.
    for (const method of ['status', 'lookupAll', 'record', 'verifyRecord', 'catalogue']) {
      const { final } = await ask({ id: 1, op: 'call', method, args: method === 'lookupAll' ? [[LISTED[0]]] : [] });
      assert.equal(final.ok, false, method);
      assert.equal(final.error.code, 'NO_SNAPSHOT', method);
      assert.match(final.error.messageZh, /快照/);
      assert.equal(typeof final.error.message, 'string');
    }
  });

  test('CheckerWorker before any load: check resolves to unavailable, never a pass; status rejects NO_SNAPSHOT', async () => {
    const c = new client.CheckerWorker({ worker: new FakeWorker(), store: { get: () => undefined, set: () => {} } });
    const r = await c.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code: NOT_LISTED[0] }] });
    assert.equal(r.decision, 'unavailable');
    assert.notEqual(r.decision, 'pass');
    assert.deepEqual([r.reason, r.verdict, r.record, r.sha256], ['NO_SNAPSHOT', null, null, null]);
    assert.equal((await c.lookup(NOT_LISTED[0])).outcome, 'notCovered', 'not covered, never notListed');
    assert.equal((await c.screen([{ code: NOT_LISTED[0] }]))[0].notCovered, true);
    await assert.rejects(c.status(), (e) => e.code === 'NO_SNAPSHOT');
    c.terminate();
  });

  test('methods outside the allow-list are refused: METHOD_NOT_ALLOWED', async () => {
    for (const method of ['close', 'buildNameIndex', 'constructor', '__proto__', 'toString', 'length', '', null, 42]) {
      const { final } = await ask({ id: `m-${String(method)}`, op: 'call', method, args: [] });
      assert.equal(final.ok, false, String(method));
      assert.equal(final.error.code, 'METHOD_NOT_ALLOWED', String(method));
    }
  });

  test('malformed requests: BAD_REQUEST, answered all the same', async () => {
    assert.equal((await ask({ id: 2, op: 'fly' })).final.error.code, 'BAD_REQUEST');
    assert.equal((await ask({ op: 'call', method: 'status' })).final.error.code, 'BAD_REQUEST');
    assert.equal((await ask(null)).final.error.code, 'BAD_REQUEST');
    assert.equal((await ask({ id: 3, op: 'call', method: 'status', args: 'x' })).final.error.code, 'BAD_REQUEST');
  });

  test('load: progress, then the status; the name index is built', async () => {
    const { final, progress } = await ask({ id: 10, op: 'load', source: FIXTURE.buffer.slice(FIXTURE.byteOffset, FIXTURE.byteOffset + FIXTURE.length), keys: KEYS, options: { now: NOW } });
    assert.equal(final.ok, true, JSON.stringify(final.error));
    assert.deepEqual(final.result, direct.status(NOW));
    assert.equal(final.result.sequence, FIXTURE_SEQUENCE);
    assert.equal(final.result.counts.records, direct.length);
    assert.ok(progress.length >= 1, 'at least one progress message');
    assert.equal(progress.at(-1).received, FIXTURE.length);
  });

  test('call lookup: listed codes from the transcript answer as on this thread', async () => {
    for (const code of LISTED.slice(0, 10)) {
      const { final } = await ask({ id: `l-${code}`, op: 'call', method: 'lookup', args: [code] });
      assert.equal(final.ok, true);
      assert.equal(final.result.outcome, 'listed', code);
      assert.deepEqual(final.result, direct.lookup(code));
    }
    const { final } = await ask({ id: 11, op: 'call', method: 'lookup', args: [NOT_LISTED[0]] });
    assert.equal(final.result.outcome, 'notListed');
  });

  test('call lookupAll: the Uint8Array is transferred, not copied', async () => {
    const codes = [...LISTED.slice(0, 3), ...NOT_LISTED.slice(0, 2), 'junk'];
    const { final, transfer } = await ask({ id: 12, op: 'call', method: 'lookupAll', args: [codes] });
    assert.ok(final.result instanceof Uint8Array);
    assert.deepEqual(Array.from(final.result), Array.from(direct.lookupAll(codes)));
    assert.deepEqual(Array.from(final.result), [1, 1, 1, 0, 0, 3]);
    assert.equal(transfer.length, 1);
    assert.equal(transfer[0].byteLength, 0, 'the worker-side buffer was detached by the transfer');
  });

  test('call status, record, headerJson, screen, lookupLines', async () => {
    assert.deepEqual((await ask({ id: 13, op: 'call', method: 'status', args: [NOW] })).final.result, direct.status(NOW));
    assert.deepEqual((await ask({ id: 14, op: 'call', method: 'record', args: [0] })).final.result, direct.record(0));
    assert.equal((await ask({ id: 15, op: 'call', method: 'headerJson' })).final.result, direct.headerJson());
    const party = { name: direct.record(0).name };
    const screened = (await ask({ id: 16, op: 'call', method: 'screen', args: [[party]] })).final;
    assert.equal(screened.ok, true);
    assert.deepEqual(screened.result, direct.screen([party]));
    assert.deepEqual(Array.from((await ask({ id: 17, op: 'call', method: 'lookupLines', args: [`${LISTED[0]}\nx`] })).final.result), [1, 3]);
    // An error thrown by the method itself comes back with its code.
    const bad = (await ask({ id: 18, op: 'call', method: 'screen', args: [[{ nmae: 'x' }]] })).final;
    assert.equal(bad.error.code, 'INVALID_PARTY');
  });

  test('call check: forwarded with all its arguments when the core has it, else METHOD_NOT_AVAILABLE', async () => {
    // A request as docs/verdicts.md describes it, the clock given as the second argument (it fills
    // in checkedAt, so a dropped argument shows); and one the core refuses.
    const request = { scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code: LISTED[0] }] };
    for (const [i, args] of [[request, NOW], [LISTED[0]]].entries()) {
      const { final } = await ask({ id: `check-${i}`, op: 'call', method: 'check', args });
      if (typeof Snapshot.prototype.check !== 'function') {
        assert.equal(final.error.code, 'METHOD_NOT_AVAILABLE');
        continue;
      }
      // Whatever check makes of these arguments, the worker answers the same: the result, or the error code.
      let expected;
      try {
        expected = { ok: true, result: await direct.check(...args) };
      } catch (e) {
        expected = { ok: false, code: e.code };
      }
      assert.equal(final.ok, expected.ok, JSON.stringify(final.error));
      if (expected.ok) assert.deepEqual(final.result, expected.result);
      else assert.equal(final.error.code, expected.code);
    }
  });

  test('a tampered snapshot is refused with its code, and the snapshot in use keeps answering', async () => {
    const { final } = await ask({ id: 20, op: 'load', source: tampered(), keys: KEYS, options: { now: NOW } });
    assert.equal(final.ok, false);
    assert.ok(['BAD_SIGNATURE', 'DIGEST_MISMATCH'].includes(final.error.code), final.error.code);
    assert.match(final.error.messageZh, /摘要|签名/);
    const after = (await ask({ id: 21, op: 'call', method: 'lookup', args: [LISTED[0]] })).final;
    assert.equal(after.ok, true);
    assert.equal(after.result.outcome, 'listed');
    assert.equal((await ask({ id: 22, op: 'call', method: 'status', args: [NOW] })).final.result.payloadDigest, direct.status(NOW).payloadDigest);
  });

  test('rollback: a lastSequence above the snapshot refuses it (ROLLBACK); the old one answers', async () => {
    const { final } = await ask({ id: 23, op: 'load', source: FIXTURE, keys: KEYS, options: { now: NOW, lastSequence: FIXTURE_SEQUENCE + 1 } });
    assert.equal(final.error.code, 'ROLLBACK');
    assert.equal((await ask({ id: 24, op: 'call', method: 'lookup', args: [LISTED[1]] })).final.result.outcome, 'listed');
  });

  test('wrong keys, a bad source and missing keys are refused with codes', async () => {
    const otherKeys = KEYS.replace(/"publicKey":\s*"[0-9a-f]+"/, `"publicKey": "${'11'.repeat(32)}"`);
    assert.notEqual(otherKeys, KEYS);
    const wrong = (await ask({ id: 25, op: 'load', source: FIXTURE, keys: otherKeys, options: { now: NOW } })).final;
    assert.ok(['BAD_SIGNATURE', 'MALFORMED_KEY'].includes(wrong.error.code), wrong.error.code);
    assert.equal((await ask({ id: 26, op: 'load', source: { not: 'bytes' }, keys: KEYS })).final.error.code, 'BAD_SOURCE');
    assert.equal((await ask({ id: 27, op: 'load', source: FIXTURE })).final.error.code, 'NO_KEYS');
    assert.equal((await ask({ id: 28, op: 'call', method: 'lookup', args: [LISTED[0]] })).final.result.outcome, 'listed');
  });

  test('abort: a load cancelled before it ran answers ABORTED and changes nothing', async () => {
    const replies = [];
    const post = (m) => replies.push(m);
    const loading = worker.handle({ id: 30, op: 'load', source: FIXTURE, keys: KEYS, options: { now: NOW } }, post);
    const { final } = await ask({ id: 31, op: 'abort', target: 30 });
    assert.equal(final.result, true);
    await loading;
    assert.equal(replies.at(-1).error?.code, 'ABORTED');
    assert.equal((await ask({ id: 32, op: 'abort', target: 999 })).final.result, false);
  });
});

describe('loading the WebAssembly in the worker', () => {
  test('a module that cannot be loaded: INIT_FAILED with the reason (fresh process)', () => {
    // Node's fetch cannot read the file: URL index.js defaults to, as a browser refuses a .wasm
    // under a worker CSP without 'wasm-unsafe-eval': the load says why, and nothing is in use.
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const w = await import(${JSON.stringify(new URL('../worker.js', import.meta.url).href)});
         const replies = [];
         await w.handle({ id: 1, op: 'load', source: new Uint8Array(8), keys: '{}' }, (m) => replies.push(m));
         await w.handle({ id: 2, op: 'call', method: 'status' }, (m) => replies.push(m));
         console.log(JSON.stringify(replies));`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    const [load, status] = JSON.parse(out);
    assert.equal(load.ok, false);
    assert.equal(load.error.code, 'INIT_FAILED');
    assert.match(load.error.message, /WebAssembly module could not be loaded: .+/);
    assert.match(load.error.messageZh, /WebAssembly/);
    assert.equal(status.error.code, 'NO_SNAPSHOT');
  });

  test('a check before any load loads the module for its answer: unavailable, or INIT_FAILED — never a pass (fresh process)', () => {
    const wasm = new URL('../wasm/credit_check_bg.wasm', import.meta.url);
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs';
         const w = await import(${JSON.stringify(new URL('../worker.js', import.meta.url).href)});
         const replies = [];
         const request = { scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code: '91110108551385082Q' }] };
         // No module can be had (Node cannot fetch the default file: URL): the check fails.
         await w.handle({ id: 1, op: 'call', method: 'check', args: [request] }, (m) => replies.push(m));
         // A load naming the module's bytes: the snapshot is refused, the module is in.
         await w.handle({ id: 2, op: 'load', source: new Uint8Array(8), keys: '{}', options: { wasm: readFileSync(new URL(${JSON.stringify(wasm.href)})) } }, (m) => replies.push(m));
         await w.handle({ id: 3, op: 'call', method: 'check', args: [request] }, (m) => replies.push(m));
         console.log(JSON.stringify(replies));`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    const [before, load, after] = JSON.parse(out);
    assert.equal(before.ok, false);
    assert.equal(before.error.code, 'INIT_FAILED');
    assert.equal(load.ok, false);
    assert.notEqual(load.error.code, 'INIT_FAILED');
    assert.equal(after.ok, true, JSON.stringify(after.error));
    assert.deepEqual([after.result.decision, after.result.reason, after.result.record], ['unavailable', 'NO_SNAPSHOT', null]);
  });
});

describe('client (CheckerWorker over a stand-in worker)', () => {
  test('load with progress, then lookups, lookupAll and status', async () => {
    const fake = new FakeWorker();
    const stored = new Map();
    const c = new client.CheckerWorker({ worker: fake, store: { get: (k) => stored.get(k), set: (k, v) => void stored.set(k, v) } });
    assert.equal(c.worker, fake);
    const seen = [];
    const bytes = Uint8Array.from(FIXTURE);
    const status = await c.load(bytes, { keys: JSON.parse(KEYS), now: NOW, onProgress: (p) => seen.push(p) });
    assert.equal(status.sequence, FIXTURE_SEQUENCE);
    assert.ok(seen.length >= 1);
    assert.equal(bytes.byteLength, 0, 'the bytes were transferred to the worker (transfer defaults to true)');
    assert.deepEqual(stored.get('credit-check:lastSequence'), FIXTURE_SEQUENCE, 'the accepted sequence is persisted on the page side');
    assert.deepEqual(await c.lookup(LISTED[0]), direct.lookup(LISTED[0]));
    assert.deepEqual(Array.from(await c.lookupAll([LISTED[0], NOT_LISTED[0]])), [1, 0]);
    assert.deepEqual(await c.status(NOW), direct.status(NOW));
    assert.deepEqual(await c.record(1), direct.record(1));
    assert.equal(await c.headerJson(), direct.headerJson());
    assert.deepEqual(await c.call('lookupLines', LISTED[0]), direct.lookupLines(LISTED[0]));
    // transfer: false copies instead.
    const kept = Uint8Array.from(FIXTURE);
    await c.load(kept, { keys: KEYS, now: NOW, transfer: false });
    assert.equal(kept.byteLength, FIXTURE.length);
  });

  test('a Blob, a Response and a promise of one are loaded too; a failed Response is FETCH_FAILED', async () => {
    const c = new client.CheckerWorker({ worker: new FakeWorker(), store: { get: () => undefined, set: () => {} } });
    assert.equal((await c.load(new Blob([FIXTURE]), { keys: KEYS, now: NOW })).size, FIXTURE.length);
    assert.equal((await c.load(new Response(FIXTURE), { keys: KEYS, now: NOW })).size, FIXTURE.length);
    assert.equal((await c.load(Promise.resolve(new Response(FIXTURE)), { keys: KEYS, now: NOW })).sequence, FIXTURE_SEQUENCE);
    await assert.rejects(c.load(new Response('gone', { status: 404 }), { keys: KEYS }), { code: 'FETCH_FAILED' });
    assert.equal((await c.lookup(LISTED[0])).outcome, 'listed');
  });

  test('failures reject with an Error carrying code and messageZh; the old snapshot keeps answering', async () => {
    const c = new client.CheckerWorker({ worker: new FakeWorker(), store: { get: () => undefined, set: () => {} } });
    await c.load(FIXTURE, { keys: KEYS, now: NOW, transfer: false });
    await assert.rejects(c.load(tampered(), { keys: KEYS, now: NOW }), (e) => {
      assert.ok(e instanceof Error);
      assert.ok(['BAD_SIGNATURE', 'DIGEST_MISMATCH'].includes(e.code), e.code);
      assert.equal(typeof e.messageZh, 'string');
      return true;
    });
    assert.equal((await c.lookup(LISTED[0])).outcome, 'listed');
    await assert.rejects(c.call('close'), { code: 'METHOD_NOT_ALLOWED' });
    await assert.rejects(c.load(FIXTURE, {}), { code: 'NO_KEYS' });
    await assert.rejects(c.load(42, { keys: KEYS }), { code: 'BAD_SOURCE' });
  });

  test('rollback across loads: the client passes the stored sequence to the worker', async () => {
    const c = new client.CheckerWorker({ worker: new FakeWorker(), store: { get: () => FIXTURE_SEQUENCE + 5, set: () => assert.fail('must not store') } });
    await assert.rejects(c.load(FIXTURE, { keys: KEYS, now: NOW, transfer: false }), { code: 'ROLLBACK' });
  });

  test('an aborted load rejects ABORTED', async () => {
    const c = new client.CheckerWorker({ worker: new FakeWorker(), store: { get: () => undefined, set: () => {} } });
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(c.load(FIXTURE, { keys: KEYS, signal: ctrl.signal }), { code: 'ABORTED' });
    const ctrl2 = new AbortController();
    const p = c.load(FIXTURE, { keys: KEYS, now: NOW, signal: ctrl2.signal, transfer: false });
    await new Promise((r) => setImmediate(r));
    ctrl2.abort();
    await assert.rejects(p, { code: 'ABORTED' });
  });

  test('a worker that fails to start rejects what is pending and later calls with WORKER_ERROR', async () => {
    const fake = new FakeWorker();
    fake.postMessage = () => {}; // never answers
    const c = new client.CheckerWorker({ worker: fake });
    const pending = c.status();
    fake.dispatchEvent(Object.assign(new Event('error'), { message: 'Failed to load worker script' }));
    await assert.rejects(pending, (e) => e.code === 'WORKER_ERROR' && /Failed to load/.test(e.message));
    await assert.rejects(c.lookup('x'), { code: 'WORKER_ERROR' });
  });

  test('terminate rejects what is pending and every later call with TERMINATED', async () => {
    const fake = new FakeWorker();
    const c = new client.CheckerWorker({ worker: fake });
    const pending = c.status();
    c.terminate();
    assert.equal(fake.terminated, true);
    await assert.rejects(pending, { code: 'TERMINATED' });
    await assert.rejects(c.lookup('x'), { code: 'TERMINATED' });
  });

  test('with no Worker in this realm, constructing the default client throws (importing did not)', () => {
    if (typeof globalThis.Worker === 'function') return;
    assert.throws(() => new client.CheckerWorker(), ReferenceError);
  });
});
