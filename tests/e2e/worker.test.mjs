// The snapshot checker in a real module Web Worker, in headless Chromium, under the demo server's
// Content-Security-Policy: www/bench/worker-load.html loads a snapshot in a worker
// (pkg/worker-client.js → pkg/worker.js) and then on the main thread, recording long tasks and
// animation-frame gaps for each. Asserts that the worker path works under the CSP and answers as
// the main thread does; with a big snapshot, that it blocks the page less.
//
//   cd tests && npm ci && cd .. && node --test tests/e2e/worker.test.mjs
//
// By default the snapshot is the committed fixture (tests/data/fixture.ccs), which loads in a
// few milliseconds either way, so only correctness and finite figures are asserted. To measure a
// big one (scripts/bench-worker.sh does, with 1M records):
//
//   WORKER_SNAPSHOT=/path/to.ccs WORKER_KEYS=/path/keys.json node --test tests/e2e/worker.test.mjs
//
// WORKER_KEYS may be a keyring or a single public key (`credit-check keygen`'s *.pub.json).
// WORKER_NOW (ms or ISO) sets the time of checking (default: the fixture's tests use a fixed one);
// WORKER_CODE the code looked up in both (default: a listed one, from the snapshot itself);
// WORKER_MAX_BLOCKING_MS, with WORKER_SNAPSHOT, also bounds the worker run's longest main-thread task;
// WORKER_REPORT=/path.json also writes the figures there (always to tests/e2e/artifacts/).
//
// scripts/serve.mjs serves only www/ and pkg/; the snapshot and keys are added by a small proxy
// in front of it (same origin, same CSP), so serve.mjs stays as it is.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { CSP, start } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const BIG = Boolean(process.env.WORKER_SNAPSHOT);
const SNAPSHOT = path.resolve(process.env.WORKER_SNAPSHOT || path.join(ROOT, 'tests/data/fixture.ccs'));
const KEYS = path.resolve(process.env.WORKER_KEYS || path.join(ROOT, 'tests/data/fixture-keys.json'));
// The fixture's figures are fixed at a time inside its validity; a given snapshot is checked now.
const NOW = process.env.WORKER_NOW || (BIG ? '' : '2027-06-01T00:00:00Z');
// A code the fixture lists (tests/data/fixture-lookups.txt); a big snapshot picks one of its own.
const CODE = process.env.WORKER_CODE || (BIG ? '' : '91350100MA2XY8016H');
const TIMEOUT = BIG ? 600_000 : 60_000;

/** Files the proxy adds: URL path → file. */
const DATA = { '/__data/snapshot.ccs': SNAPSHOT, '/__data/keys.json': KEYS };

/** The keyring as served: a single public key file (`credit-check keygen`'s *.pub.json) is wrapped. */
function keyringBody() {
  const text = readFileSync(KEYS, 'utf8');
  const json = JSON.parse(text);
  return Buffer.from(json.keys ? text : JSON.stringify({ version: 1, keys: [json] }));
}

let backend;
let proxy;
let base;
let browser;

/** Serves DATA itself and passes everything else to scripts/serve.mjs unchanged. */
function startProxy(target) {
  const server = http.createServer((req, res) => {
    const pathname = req.url.split(/[?#]/, 1)[0];
    const file = DATA[pathname];
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      const body = file === KEYS ? keyringBody() : null;
      const size = body ? body.length : statSync(file).size;
      res.writeHead(200, {
        'Content-Type': file.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream',
        'Content-Length': size,
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD' || body) res.end(req.method === 'HEAD' ? undefined : body);
      else createReadStream(file).pipe(res);
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  backend = await start({ port: 0, host: '127.0.0.1' });
  proxy = await startProxy(backend);
  base = `http://127.0.0.1:${proxy.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    proxy?.closeAllConnections?.();
    await new Promise((r) => (proxy ? proxy.close(() => r()) : r()));
    if (backend) await backend.close();
  }
});

/** Opens the bench page and waits for its result; collects console errors and CSP violations. */
async function runPage(query) {
  const trouble = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') trouble.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => trouble.pageErrors.push(String(err)));
    await page.exposeFunction('__reportCsp', (v) => trouble.cspViolations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    const response = await page.goto(`${base}/bench/worker-load.html?${new URLSearchParams(query)}`);
    assert.equal(response.headers()['content-security-policy'], CSP, 'the page is served under the demo CSP');
    await page.waitForSelector('html[data-done]', { timeout: TIMEOUT, state: 'attached' });
    const result = await page.evaluate(() => window.__result);
    return { result, trouble };
  } finally {
    await context.close();
  }
}

function assertFigures(name, f) {
  for (const k of ['totalMs', 'longTasks', 'maxLongTaskMs', 'totalBlockingMs', 'maxFrameGapMs']) {
    assert.ok(Number.isFinite(f[k]) && f[k] >= 0, `${name}.${k} = ${f[k]}`);
  }
  assert.ok(f.frames > 0, `${name}: animation frames ran`);
  assert.ok(f.maxLongTaskMs <= f.totalMs + 100, `${name}: a long task within the window`);
  assert.equal(f.longTaskSupported, true, 'Chromium reports long tasks');
}

describe(`snapshot load in a Web Worker vs on the main thread (${path.relative(ROOT, SNAPSHOT)})`, () => {
  test('the worker loads under the CSP and answers as the main thread does', { timeout: TIMEOUT + 30_000 }, async () => {
    const query = { snapshot: '/__data/snapshot.ccs', keys: '/__data/keys.json' };
    if (NOW) query.now = NOW;
    if (CODE) query.code = CODE;
    const { result, trouble } = await runPage(query);
    assert.equal(result.error, undefined, `the page failed: ${JSON.stringify(result.error)}`);
    assert.deepEqual(trouble, { consoleErrors: [], pageErrors: [], cspViolations: [] });

    const { worker, main } = result;
    // The figures first, so that a failed assertion below still leaves them to look at.
    const report = {
      snapshot: path.relative(ROOT, SNAPSHOT),
      bytes: statSync(SNAPSHOT).size,
      records: worker.status.counts.records,
      date: new Date().toISOString(),
      userAgent: result.userAgent,
      worker: summary(worker),
      main: summary(main),
    };
    await writeFile(path.join(ARTIFACTS, 'worker-blocking.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (process.env.WORKER_REPORT) await writeFile(process.env.WORKER_REPORT, `${JSON.stringify(report, null, 2)}\n`);
    assertFigures('worker', worker);
    assertFigures('main', main);
    // The same snapshot, the same answer, in both.
    assert.deepEqual(worker.status, main.status);
    assert.equal(worker.status.size, statSync(SNAPSHOT).size);
    assert.equal(worker.code, main.code);
    assert.deepEqual(worker.lookup, main.lookup);
    assert.equal(worker.lookup.outcome, 'listed', `${worker.code} is listed`);
    assert.ok(worker.progressEvents >= 1 && worker.lastProgress.received === worker.status.size, 'progress reached the whole file');
    if (!BIG) {
      assert.equal(worker.status.sequence, 3);
      assert.equal(worker.lookup.hits[0].record.name, '福州市某某建设工程有限公司');
    } else {
      // What the worker is for: the page is blocked less than by loading on the main thread.
      assert.ok(
        worker.totalBlockingMs <= main.totalBlockingMs,
        `worker blocking ${worker.totalBlockingMs} ms should not exceed main-thread blocking ${main.totalBlockingMs} ms`,
      );
      if (process.env.WORKER_MAX_BLOCKING_MS) {
        assert.ok(worker.maxLongTaskMs <= Number(process.env.WORKER_MAX_BLOCKING_MS), `worker's longest task ${worker.maxLongTaskMs} ms`);
      }
    }

  });

  test('a tampered snapshot is refused in the worker with its code', { timeout: 60_000, skip: BIG && 'fixture only' }, async (t) => {
    const bytes = readFileSync(SNAPSHOT);
    bytes[bytes.length - 10] ^= 0x01;
    DATA['/__data/tampered.ccs'] = path.join(ARTIFACTS, 'tampered.ccs');
    await writeFile(DATA['/__data/tampered.ccs'], bytes);
    t.after(() => delete DATA['/__data/tampered.ccs']);
    const { result, trouble } = await runPage({ snapshot: '/__data/tampered.ccs', keys: '/__data/keys.json', now: NOW, modes: 'worker' });
    assert.ok(['DIGEST_MISMATCH', 'BAD_SIGNATURE'].includes(result.error?.code), JSON.stringify(result.error));
    assert.match(result.error.messageZh, /摘要|签名/);
    assert.deepEqual(trouble.cspViolations, []);
  });
});

function summary(f) {
  const { totalMs, longTasks, maxLongTaskMs, totalBlockingMs, maxFrameGapMs, frames, longTaskDurations, indexMs } = f;
  return { totalMs, longTasks, maxLongTaskMs, totalBlockingMs, maxFrameGapMs, frames, longTaskDurations, ...(indexMs === undefined ? {} : { indexMs }) };
}
