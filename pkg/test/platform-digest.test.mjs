// The payload digest through the platform's SHA-256 (issue 14, "speed at the boundary"): Node's
// `node:crypto` by default, WebCrypto as a browser has it, and the wasm hash as the fallback.
// A tampered payload is refused on every path; every path gives the same snapshot.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, loadSnapshot, setPayloadSha256 } from '../node.js';

const CLI = fileURLToPath(new URL('../../target/release/credit-check', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cc-js-digest-'));
const cli = (...args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const store = () => ({ get: () => undefined, set: () => {} });
const NODE_SHA256 = (bytes) => createHash('sha256').update(bytes).digest();
// What the Node entry sets: node:crypto's incremental hash, fed each chunk as it arrives.
const NODE_INCREMENTAL = { begin: () => createHash('sha256') };
const SUBTLE_SHA256 = async (bytes) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', bytes));

let ed;
let edKeys;
let sm;
let smKeys;
let codes;

before(async () => {
  await init();
  cli('keygen', '--alg', 'ed25519', '--id', 'pd-ed', '--out', dir);
  cli('keygen', '--alg', 'sm2', '--id', 'pd-sm2', '--out', dir);
  edKeys = `{"version":1,"keys":[${readFileSync(join(dir, 'pd-ed.pub.json'), 'utf8')}]}`;
  smKeys = `{"version":1,"keys":[${readFileSync(join(dir, 'pd-sm2.pub.json'), 'utf8')}]}`;
  cli('synth', '200', '--seed', '9', '--out', join(dir, 'in.jsonl'));
  for (const [file, key] of [['ed.ccs', 'pd-ed.key.json'], ['sm.ccs', 'pd-sm2.key.json']]) {
    cli('build', join(dir, 'in.jsonl'), '--out', join(dir, file), '--publisher', 'digest test', '--sequence', '1',
      '--key', join(dir, key), '--valid-days', '30');
  }
  ed = readFileSync(join(dir, 'ed.ccs'));
  sm = readFileSync(join(dir, 'sm.ccs'));
  codes = readFileSync(join(dir, 'in.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .map((r) => r.uscc ?? r.orgCode ?? r.registrationNumber ?? r.idNumber).filter(Boolean);
});

after(() => {
  setPayloadSha256(NODE_INCREMENTAL);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs `f` with `fn` as the platform SHA-256, counting its calls: the bytes a one-shot hash is
 * handed, or for an incremental one (`{ begin }`) the bytes of all its updates (one entry per
 * hash begun).
 */
async function withSha256(fn, f) {
  const calls = [];
  const counted = typeof fn === 'function'
    ? (bytes) => {
        calls.push(bytes.length);
        return fn(bytes);
      }
    : fn && {
        begin() {
          const h = fn.begin();
          const at = calls.push(0) - 1;
          return {
            update(bytes) {
              calls[at] += bytes.length;
              return h.update(bytes);
            },
            digest: () => h.digest(),
          };
        },
      };
  setPayloadSha256(counted);
  try {
    return await f(calls);
  } finally {
    setPayloadSha256(NODE_INCREMENTAL);
  }
}

/** A Response whose body arrives in chunks of `size` bytes (a download, as a browser streams it). */
function streamed(bytes, size) {
  let at = 0;
  return new Response(new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(Uint8Array.from(bytes.subarray(at, at + size)));
      at += size;
    },
  }));
}

/** Everything a client sees of a loaded snapshot. */
function observe(s) {
  const records = [];
  for (let i = 0; i < s.length; i++) records.push(s.record(i));
  return JSON.stringify({
    status: s.status(0),
    header: s.headerJson(),
    length: s.length,
    records,
    lookups: codes.map((c) => s.lookup(c)),
    batch: Array.from(s.lookupAll(codes)),
  });
}

function tampered(bytes) {
  const bad = Uint8Array.from(bytes);
  bad[bad.length - 10] ^= 0x01;
  return bad;
}

const PATHS = [
  ['node:crypto', NODE_SHA256],
  ['node:crypto, incremental (the Node default)', NODE_INCREMENTAL],
  ['an incremental hash whose update throws (wasm fallback)', { begin: () => ({ update() { throw new Error('no'); }, digest: () => new Uint8Array(32) }) }],
  ['an incremental hash that cannot begin (wasm fallback)', { begin() { throw new Error('no'); } }],
  ['an incremental hash giving a wrong-sized digest (wasm fallback)', { begin: () => ({ update() {}, digest: () => new Uint8Array(20) }) }],
  ['WebCrypto subtle.digest', SUBTLE_SHA256],
  ['the wasm hash (no platform hash)', null],
  ['a platform hash that throws (wasm fallback)', () => { throw new Error('no digest here'); }],
  ['a platform hash that rejects (wasm fallback)', async () => { throw new Error('no digest here'); }],
  ['a platform hash giving a wrong-sized digest (wasm fallback)', () => new Uint8Array(20)],
];

describe('payload digest by the platform', () => {
  test('the Node entry hashes with node:crypto: the platform is asked once, for the payload', async () => {
    await withSha256(NODE_SHA256, async (calls) => {
      const s = await loadSnapshot(ed, { keys: edKeys, store: store() });
      const payloadLength = Number(JSON.parse(s.headerJson()).payloadLength);
      assert.deepEqual(calls, [payloadLength]);
      s.close();
    });
  });

  for (const [name, fn] of PATHS) {
    test(`${name}: a tampered payload is DIGEST_MISMATCH`, async () => {
      await withSha256(fn, async (calls) => {
        await assert.rejects(loadSnapshot(tampered(ed), { keys: edKeys, store: store() }), (e) => {
          assert.equal(e.code, 'DIGEST_MISMATCH');
          assert.match(e.messageZh, /摘要/);
          return true;
        });
        // One call (or hash begun) per load, none without a platform hash; an incremental hash
        // that cannot begin is asked once and never fed.
        assert.equal(calls.length, fn && !/cannot begin/.test(name) ? 1 : 0);
      });
    });
  }

  test('an incremental hash sees the payload once, chunk by chunk, however the download is cut', async () => {
    for (const size of [1, 97, 4096, ed.length]) {
      const seen = [];
      await withSha256({
        begin: () => {
          const h = createHash('sha256');
          return {
            update(bytes) {
              seen.push(Buffer.from(bytes)); // a copy: the view is of WebAssembly memory
              h.update(bytes);
            },
            digest: () => h.digest(),
          };
        },
      }, async (calls) => {
        const s = await loadSnapshot(streamed(ed, size), { keys: edKeys, store: store() });
        const length = Number(JSON.parse(s.headerJson()).payloadLength);
        assert.deepEqual(calls, [length], `chunks of ${size}`);
        assert.ok(Buffer.concat(seen).equals(ed.subarray(ed.length - length)), `chunks of ${size}`);
        s.close();
        await assert.rejects(loadSnapshot(streamed(tampered(ed), size), { keys: edKeys, store: store() }), { code: 'DIGEST_MISMATCH' });
      });
    }
  });

  test('the platform is handed exactly the payload the loader holds (the bytes it parses)', async () => {
    const seen = [];
    await withSha256((bytes) => {
      seen.push(Buffer.from(bytes)); // a copy: the view is of WebAssembly memory
      return NODE_SHA256(bytes);
    }, async () => {
      const s = await loadSnapshot(ed, { keys: edKeys, store: store() });
      const length = Number(JSON.parse(s.headerJson()).payloadLength);
      assert.equal(seen.length, 1);
      assert.ok(seen[0].equals(ed.subarray(ed.length - length)));
      assert.equal(createHash('sha256').update(seen[0]).digest('hex'), s.status(0).payloadDigest);
      s.close();
    });
  });

  test('every path gives the same snapshot', async () => {
    const seen = [];
    for (const [name, fn] of PATHS) {
      seen.push([name, await withSha256(fn, async () => {
        const s = await loadSnapshot(ed, { keys: edKeys, store: store() });
        try {
          return observe(s);
        } finally {
          s.close();
        }
      })]);
    }
    for (const [name, o] of seen.slice(1)) assert.equal(o, seen[0][1], `${name} differs from ${seen[0][0]}`);
  });

  test('an SM3 snapshot (sm2-sm3) is hashed in wasm: the platform SHA-256 is not asked, tampering still refused', async () => {
    await withSha256(NODE_SHA256, async (calls) => {
      const s = await loadSnapshot(sm, { keys: smKeys, store: store() });
      assert.equal(s.status(0).algorithm, 'sm2-sm3');
      s.close();
      await assert.rejects(loadSnapshot(tampered(sm), { keys: smKeys, store: store() }), { code: 'DIGEST_MISMATCH' });
      assert.equal(calls.length, 0);
    });
    // The incremental form is begun (the algorithm is not known yet) but never fed.
    await withSha256(NODE_INCREMENTAL, async (calls) => {
      const s = await loadSnapshot(sm, { keys: smKeys, store: store() });
      s.close();
      await assert.rejects(loadSnapshot(tampered(sm), { keys: smKeys, store: store() }), { code: 'DIGEST_MISMATCH' });
      assert.deepEqual(calls, [0, 0]);
    });
  });

  test('setPayloadSha256 takes a function, { begin() } or null only', () => {
    assert.throws(() => setPayloadSha256('sha256'), { code: 'NOT_A_FUNCTION' });
    assert.throws(() => setPayloadSha256({ update() {} }), { code: 'NOT_A_FUNCTION' });
  });
});
