#!/usr/bin/env node
// The browser half of scripts/bench-national.sh (run that; it builds the lists first): a first
// verdict from a national list in headless Chromium over a throttled link, sharded snapshot vs
// single file, then the table (publisher + browser) and its JSON.
//
//   node scripts/bench-national.mjs --scratch DIR --sizes "100000 1000000" [--single "100000 1000000"]
//        [--runs 3] [--out benches/.data/bench-national.json] [--protocol h2|http1]
//
// What it reads from DIR (written by bench-national.sh): keyring.json; sharded-N/ (manifest.ccs,
// pages/, shards/) with sharded-N.report.json, .time (GNU time -v) and .du; single-N.ccs with
// single-N.time and .du; sample.ccs (the first records of every list: one listed party is taken
// from it) and bidders.jsonl (synth records of another seed: the bidders who are not listed).
//
// How it measures:
// - a static server, in this process, serves www/ and pkg/ (as scripts/serve.mjs maps them, same
//   CSP) and DIR at /data/, gzip-encoded as a CDN would (.ccs .bin .json, and .js .wasm), over
//   HTTP/2 with a self-signed certificate (default; Chromium is told to accept it) or HTTP/1.1.
//   Content-addressed pages and shards are sent `immutable`, the manifest `no-cache`. It keeps an
//   access log, as a CDN would.
// - Chromium is Debian's (CHROMIUM overrides), started with tests/e2e/chromium.mjs's flags and
//   driven over the DevTools protocol on a pipe. Each cold run gets a new browser context (empty
//   HTTP cache and Cache API). Network.emulateNetworkConditions (latency 40 ms, 1,250,000 B/s
//   down and up) is set on the page's target, and tried on every dedicated worker's target
//   (Target.setAutoAttach {flatten, waitForDebuggerOnStart}: before its first line runs), where
//   Chromium 156 answers "Not supported": the page's conditions apply to its workers' requests.
//   A probe (a 512 KiB incompressible file fetched by the worker, throttled and not) checks that
//   they do, and the run stops if not.
// - bytes: the sum of Network.loadingFinished.encodedDataLength (body + headers as received) of
//   the requests under /data/ made during the run, from the page's and the worker's sessions;
//   decoded: the bytes the worker got. The wasm, scripts and page are not counted.
// - time: in the worker, from just before the manifest (or snapshot) request to the verdict.
// - memory: the worker's wasm linear memory (grows, never shrinks: the run's peak) plus its JS
//   heap (Runtime.getHeapUsage on the worker's session, usedSize) after the verdict.
import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { CSP, resolveRequestPath } from './serve.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium.mjs';
import * as core from '../pkg/wasm/credit_check.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Options and targets

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const SCRATCH = path.resolve(arg('scratch', '/tmp/cc-national'));
const SIZES = arg('sizes', '100000 1000000 10000000').split(/[\s,]+/).filter(Boolean).map(Number);
const SINGLE = arg('single', '100000 1000000').split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => SIZES.includes(n));
const RUNS = Math.max(1, Number(arg('runs', '3')));
// The whole file at 1M takes half a minute per run at 10 Mbit/s: once is enough there.
const SINGLE_RUNS = (n) => Number(process.env.SINGLE_RUNS ?? (n >= 1_000_000 ? 1 : RUNS));
const OUT = path.resolve(ROOT, arg('out', 'benches/.data/bench-national.json'));
const PROTOCOL = arg('protocol', process.env.PROTOCOL || 'h2');
const LATENCY_MS = 40;
const THROUGHPUT = 1_250_000; // bytes/s: 10 Mbit/s
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 600_000);

/** Issue 16's targets. Decimal units: 1 KB = 1,000 B, 1 MB = 10^6 B, 1 GB = 10^9 B. */
const TARGET = {
  publishSeconds: 600, // 10M records: ≤ 10 minutes
  publishPeakBytes: 8e9, // ≤ 8 GB
  bytes5: 600e3, // 5 parties at 10M: ≤ 600 KB transferred
  verdictMs: 1500, // ≤ 1.5 s to the first verdict
  workerMemory: 64e6, // ≤ 64 MB in the worker, flat from 100k to 10M
  flatRatio: 1.25, // "flat": the largest size within 25 % of the smallest
};

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtInt = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en'));
function fmtBytes(n) {
  if (n == null) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}
const fmtMs = (ms) => (ms == null ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const fmtSize = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const met = (ok) => (ok ? 'met' : 'NOT MET');
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i < 3 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

const note = (msg) => process.stderr.write(`=== bench-national: ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Publisher figures (from the files bench-national.sh wrote)

function gnuTime(file) {
  const t = readFileSync(file, 'utf8');
  const wall = t.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/)?.[1];
  let seconds = null;
  if (wall) seconds = wall.split(':').reduce((s, p) => s * 60 + Number(p), 0);
  const kb = Number(t.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1]);
  const user = Number(t.match(/User time \(seconds\): ([\d.]+)/)?.[1]);
  const sys = Number(t.match(/System time \(seconds\): ([\d.]+)/)?.[1]);
  return { seconds, peakBytes: kb * 1024, cpuSeconds: user + sys };
}

function publisher(n) {
  const out = {};
  const base = path.join(SCRATCH, `sharded-${n}`);
  if (existsSync(`${base}.report.json`)) {
    const report = JSON.parse(readFileSync(`${base}.report.json`, 'utf8'));
    out.sharded = {
      ...gnuTime(`${base}.time`),
      diskBytes: Number(readFileSync(`${base}.du`, 'utf8').trim()),
      shards: report.shards,
      pages: report.pages,
      buckets: report.buckets,
      shardBytes: report.shardBytes,
      manifestBytes: report.manifestBytes,
      largestShard: report.largestShard,
      reportSeconds: report.seconds,
      builtAt: statSync(`${base}.report.json`).mtime.toISOString(),
    };
  }
  const single = path.join(SCRATCH, `single-${n}`);
  if (SINGLE.includes(n) && existsSync(`${single}.ccs`)) {
    out.single = { ...gnuTime(`${single}.time`), diskBytes: statSync(`${single}.ccs`).size, builtAt: statSync(`${single}.ccs`).mtime.toISOString() };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parties: four bidders who are (almost surely) not listed, from synth records of another seed,
// and one listed company from the first records every list shares (synth record i is the same
// whatever N is).

function chooseParties(keys) {
  core.initSync({ module: readFileSync(path.join(ROOT, 'pkg/wasm/credit_check_bg.wasm')) });
  const keyring = new core.Keyring(keys);
  const loader = new core.SnapshotLoader(keyring, undefined, undefined, true);
  loader.push(readFileSync(path.join(SCRATCH, 'sample.ccs')));
  const sample = loader.finish();
  const party = (role, r, withId = true) => {
    const rep = (r.relatedPersons ?? []).find((p) => p.role === 'legalRepresentative');
    const p = { role, name: r.name, code: r.uscc };
    if (rep?.name) p.legalRepName = rep.name;
    if (withId && rep?.idNumber) p.legalRepId = rep.idNumber;
    return p;
  };
  const bidders = readFileSync(path.join(SCRATCH, 'bidders.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.entityKind === 'legalEntity' && /^91/.test(r.uscc ?? '') && r.relatedPersons?.some((p) => p.role === 'legalRepresentative' && p.idNumber))
    .slice(0, 4);
  if (bidders.length < 4) throw new Error('bidders.jsonl: fewer than 4 companies with a legal representative');
  let listed = null;
  for (let row = 0; row < sample.length && !listed; row++) {
    const r = sample.record(row);
    if (r?.entityKind !== 'legalEntity' || !/^91/.test(r.uscc ?? '') || r.status !== 'active') continue;
    // ID numbers come back masked: the listed company is given by name, code and representative's name.
    const p = party('applicant', r, false);
    const req = JSON.stringify({ scenario: 'SC-ZFCG-SUPPLIER', parties: [p] });
    if (JSON.parse(sample.check(req).record).verdict.decision === 'block') listed = { party: p, row, listType: r.listType };
  }
  if (!listed) throw new Error('sample.ccs: no active listed company that blocks in SC-ZFCG-SUPPLIER');
  sample.free();
  keyring.free();
  const one = [party('applicant', bidders[0])];
  const five = [...bidders.map((r, i) => party(i ? 'consortium_member' : 'applicant', r)), { ...listed.party, role: 'consortium_member' }];
  return {
    one: { scenario: 'SC-ZFCG-SUPPLIER', parties: one },
    five: { scenario: 'SC-ZFCG-SUPPLIER', parties: five },
    listed: { row: listed.row, listType: listed.listType, name: listed.party.name },
  };
}

/**
 * Which files each party of a request needs, on its own (read from the local copy): so that the
 * CDN log of a check can be read party by party. `{ path → [party numbers, 1-based] }`.
 */
function filesByParty(dir, request, keys) {
  const owners = {};
  request.parties.forEach((party, i) => {
    const keyring = new core.Keyring(keys);
    const source = new core.ShardedSource(keyring, readFileSync(path.join(dir, 'manifest.ccs')), undefined, undefined, true);
    keyring.free();
    const one = JSON.stringify({ scenario: request.scenario, parties: [{ ...party, role: 'applicant' }] });
    const question = source.questionForRequest(one);
    for (;;) {
      const missing = source.missing(question);
      if (!missing.length) break;
      for (const f of missing) {
        source.add(f.digest, readFileSync(path.join(dir, f.path)));
        (owners[f.path] ??= []).push(i + 1);
      }
    }
    question.free();
    source.free();
  });
  return owners;
}

// ---------------------------------------------------------------------------------------------
// The static server: www/ and pkg/ as serve.mjs maps them, SCRATCH at /data/; gzip as a CDN.

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};
const GZIP = new Set(['.ccs', '.bin', '.json', '.js', '.wasm', '.html']);

function dataFile(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname.slice('/data/'.length));
  } catch {
    return null;
  }
  const segs = decoded.split('/');
  if (!decoded || segs.some((s) => s === '' || s === '..' || s.startsWith('.')) || decoded.includes('\0') || decoded.includes('\\')) return null;
  return path.join(SCRATCH, ...segs);
}

function startServer(tls) {
  const gz = new Map(); // file → { mtimeMs, body }
  const log = [];
  const handler = (req, res) => {
    const pathname = req.url.split(/[?#]/, 1)[0];
    let file = null;
    if (pathname.startsWith('/data/')) file = dataFile(pathname);
    else if (pathname === '/favicon.svg' || pathname === '/favicon.ico') file = null;
    else file = resolveRequestPath(req.url)?.file ?? null;
    let info = null;
    try {
      info = file && statSync(file);
    } catch {}
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
    if (!info || !info.isFile()) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('Not Found\n');
      log.push({ t: Date.now(), path: pathname, status: 404, bytes: 10 });
      return;
    }
    const ext = path.extname(file).toLowerCase();
    headers['Content-Type'] = MIME[ext] ?? 'application/octet-stream';
    // Content-addressed files never change; everything else is revalidated.
    headers['Cache-Control'] = /\/(pages|shards)\/[0-9a-f]{64}\.(bin|ccs)$/.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const acceptsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    if (GZIP.has(ext) && acceptsGzip) {
      let entry = gz.get(file);
      if (!entry || entry.mtimeMs !== info.mtimeMs) {
        entry = { mtimeMs: info.mtimeMs, body: gzipSync(readFileSync(file), { level: 6 }) };
        gz.set(file, entry);
      }
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': entry.body.length });
      res.end(req.method === 'HEAD' ? undefined : entry.body);
      log.push({ t: Date.now(), path: pathname, status: 200, bytes: entry.body.length });
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': info.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
    log.push({ t: Date.now(), path: pathname, status: 200, bytes: info.size });
  };
  const server = tls ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handler) : http.createServer(handler);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}/`;
      resolve({
        url,
        log,
        /** Compresses a file ahead of the runs (as a CDN's stored gzip), so no run pays for it. */
        warm(file) {
          const info = statSync(file);
          if (!gz.has(file)) gz.set(file, { mtimeMs: info.mtimeMs, body: gzipSync(readFileSync(file), { level: 6 }) });
        },
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function selfSignedCert() {
  const dir = path.join(SCRATCH, 'tls');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// ---------------------------------------------------------------------------------------------
// Chromium over the DevTools protocol, on a pipe (--remote-debugging-pipe: fd 3 in, fd 4 out,
// messages ended by NUL), with flattened sessions.

class Chromium {
  static async launch(extraArgs = []) {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-national-chromium-'));
    const proc = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [...CHROMIUM_ARGS, ...extraArgs, '--remote-debugging-pipe', `--user-data-dir=${userDataDir}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    const c = new Chromium(proc, userDataDir);
    const version = await c.send('Browser.getVersion');
    c.version = version.product;
    return c;
  }

  constructor(proc, userDataDir) {
    this.proc = proc;
    this.userDataDir = userDataDir;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.stderr = '';
    proc.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    let buf = '';
    proc.stdio[4].on('data', (d) => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (msg.id != null && this.pending.has(msg.id)) {
          const { resolve, reject, method } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result);
        } else if (msg.method) {
          if (process.env.CDP_DEBUG) process.stderr.write(`cdp ${msg.sessionId?.slice(0, 6) ?? '-'} ${msg.method} ${JSON.stringify(msg.params).slice(0, 160)}\n`);
          for (const l of this.listeners) l(msg);
        }
      }
    });
    proc.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`Chromium exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(`${JSON.stringify(msg)}\0`);
    });
  }

  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch {}
    if (this.proc.exitCode == null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGKILL');
      await exited;
    }
    try {
      rmSync(this.userDataDir, { recursive: true, force: true, maxRetries: 5 });
    } catch {}
  }
}

const CONDITIONS = { offline: false, latency: LATENCY_MS, downloadThroughput: THROUGHPUT, uploadThroughput: THROUGHPUT };

/** A fresh browser context (cold: its own HTTP cache and Cache API) with the bench page open. */
async function openContext(browser, pageUrl, { throttle = true } = {}) {
  const { browserContextId } = await browser.send('Target.createBrowserContext');
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const ctx = { browserContextId, page: sessionId, worker: null, workers: [], requests: new Map(), tag: null, errors: [], throttle, workerEmulation: null };
  const sessions = new Set([sessionId]);
  ctx.off = browser.on((msg) => {
    if (!sessions.has(msg.sessionId)) return;
    const p = msg.params;
    switch (msg.method) {
      case 'Target.attachedToTarget': {
        const child = p.sessionId;
        sessions.add(child);
        // Sent together: a session's messages are handled in order, so the worker's requests are
        // seen (and throttled, where the target supports it) from its first line: it waits for the
        // debugger until the last one. Chromium answers "Not supported" to
        // Network.emulateNetworkConditions on a dedicated worker's target: the page's conditions
        // apply to its workers' requests (the probe shows it), so that answer is only noted.
        const steps = [];
        if (p.targetInfo.type === 'worker') {
          steps.push(browser.send('Network.enable', {}, child));
          if (ctx.throttle) {
            steps.push(
              browser.send('Network.emulateNetworkConditions', CONDITIONS, child).then(
                () => (ctx.workerEmulation = 'set on the worker target'),
                (e) => (ctx.workerEmulation = `worker target: ${e.message.replace(/^[^:]*: /, '')}`),
              ),
            );
          }
          ctx.worker = child;
          ctx.workers.push(child);
        }
        steps.push(browser.send('Runtime.runIfWaitingForDebugger', {}, child));
        Promise.all(steps).catch((e) => ctx.errors.push(String(e)));
        break;
      }
      case 'Network.requestWillBeSent': {
        const q = ctx.requests.get(p.requestId) ?? { url: p.request.url, tag: ctx.tag, encoded: 0, decoded: 0, done: false, session: msg.sessionId === sessionId ? 'page' : 'worker' };
        ctx.requests.set(p.requestId, q);
        break;
      }
      case 'Network.responseReceived': {
        const q = ctx.requests.get(p.requestId);
        if (q) {
          q.status = p.response.status;
          q.protocol = p.response.protocol;
          q.encoding = p.response.headers['content-encoding'] ?? p.response.headers['Content-Encoding'] ?? null;
        }
        break;
      }
      case 'Network.dataReceived': {
        const q = ctx.requests.get(p.requestId);
        if (q) q.decoded += p.dataLength;
        break;
      }
      case 'Network.loadingFinished': {
        const q = ctx.requests.get(p.requestId);
        if (q && !q.done) {
          q.encoded = p.encodedDataLength;
          q.done = true;
        }
        break;
      }
      case 'Network.loadingFailed': {
        const q = ctx.requests.get(p.requestId);
        if (q) q.failed = p.errorText;
        break;
      }
      default:
    }
  });
  await browser.send('Network.enable', {}, sessionId);
  if (throttle) await browser.send('Network.emulateNetworkConditions', CONDITIONS, sessionId);
  await browser.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);
  await browser.send('Page.enable', {}, sessionId);
  await browser.send('Page.navigate', { url: pageUrl }, sessionId);
  const t0 = Date.now();
  for (;;) {
    const state = await evaluate(browser, ctx, 'document.documentElement.dataset.ready ?? null').catch(() => null);
    if (state === 'true') break;
    if (state === 'error') throw new Error('bench page: the wasm did not compile');
    if (Date.now() - t0 > 60_000) throw new Error('bench page: not ready after 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return ctx;
}

async function closeContext(browser, ctx) {
  ctx.off();
  await browser.send('Target.disposeBrowserContext', { browserContextId: ctx.browserContextId }).catch(() => {});
}

async function evaluate(browser, ctx, expression, timeout = TIMEOUT_MS) {
  let timer;
  const r = await Promise.race([
    browser.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, ctx.page),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${expression.slice(0, 80)}; ${ctx.errors.join('; ')}`)), timeout);
    }),
  ]).finally(() => clearTimeout(timer));
  if (r.exceptionDetails) {
    throw new Error(`${expression.slice(0, 60)}…: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  }
  return r.result.value;
}

/** One run in a fresh worker: the worker's result plus what CDP saw on the wire. */
async function runInWorker(browser, ctx, msg, tag) {
  await evaluate(browser, ctx, 'bench.start()');
  ctx.tag = tag;
  const result = await evaluate(browser, ctx, `bench.run(${JSON.stringify(msg)})`);
  // Let the last loadingFinished events arrive.
  await new Promise((r) => setTimeout(r, 250));
  ctx.tag = null;
  const heap = ctx.worker ? await browser.send('Runtime.getHeapUsage', {}, ctx.worker) : null;
  await evaluate(browser, ctx, 'bench.close()');
  const reqs = [...ctx.requests.values()].filter((q) => q.tag === tag);
  const data = reqs.filter((q) => new URL(q.url).pathname.startsWith('/data/'));
  const unfinished = data.filter((q) => !q.done);
  if (unfinished.length) throw new Error(`${unfinished.length} requests did not finish: ${unfinished.map((q) => q.url).join(' ')}`);
  const failed = data.filter((q) => q.failed || q.status >= 400);
  if (failed.length) throw new Error(`failed requests: ${failed.map((q) => `${q.url} ${q.failed ?? q.status}`).join(' ')}`);
  const network = (result.files ?? []).filter((f) => f.from === 'network');
  return {
    ...result,
    encodedBytes: data.reduce((s, q) => s + q.encoded, 0),
    decodedBytes: network.reduce((s, f) => s + f.bytes, 0),
    cdpDecodedBytes: data.reduce((s, q) => s + q.decoded, 0),
    requests: data.length,
    requestsBySession: { page: data.filter((q) => q.session === 'page').length, worker: data.filter((q) => q.session === 'worker').length },
    protocols: [...new Set(data.map((q) => q.protocol))],
    encodings: [...new Set(data.map((q) => q.encoding))],
    otherRequests: reqs.filter((q) => !new URL(q.url).pathname.startsWith('/data/')).map((q) => new URL(q.url).pathname),
    jsHeapUsed: heap?.usedSize ?? null,
    jsHeapTotal: heap?.totalSize ?? null,
    workerMemory: result.wasmMemory + (heap?.usedSize ?? 0),
    fetched: network.map((f) => f.path),
    fromCache: (result.files ?? []).filter((f) => f.from === 'cache').length,
  };
}

// ---------------------------------------------------------------------------------------------

function summarise(runs) {
  const pick = (k) => median(runs.map((r) => r[k]));
  return {
    runs: runs.length,
    decision: [...new Set(runs.map((r) => r.decision))].join('/'),
    partyDecisions: runs[0].parties,
    ms: pick('ms'),
    msAll: runs.map((r) => Math.round(r.ms)),
    encodedBytes: pick('encodedBytes'),
    decodedBytes: pick('decodedBytes'),
    requests: pick('requests'),
    workerMemory: pick('workerMemory'),
    wasmMemory: pick('wasmMemory'),
    jsHeapUsed: pick('jsHeapUsed'),
    heldBytes: pick('heldBytes'),
    files: runs[0].files?.length,
    pages: runs[0].files?.filter((f) => f.kind === 'page').length,
    shards: runs[0].files?.filter((f) => f.kind === 'shard').length,
    rounds: runs[0].rounds?.length,
    fromCache: pick('fromCache'),
    fetched: runs[0].fetched,
    protocols: runs[0].protocols,
    encodings: runs[0].encodings,
    requestsBySession: runs[0].requestsBySession,
    phases: {
      manifestMs: pick('manifestMs'),
      verifyMs: pick('verifyMs'),
      fetchMs: pick('fetchMs'),
      downloadMs: pick('downloadMs'),
      finishMs: pick('finishMs'),
      viewCheckMs: pick('viewCheckMs'),
    },
    sha256: [...new Set(runs.map((r) => r.sha256))].length === 1 ? runs[0].sha256 : 'differs between runs',
  };
}

async function main() {
  const keys = readFileSync(path.join(SCRATCH, 'keyring.json'), 'utf8');
  const requests = chooseParties(keys);
  note(`parties: 1 = ${requests.one.parties[0].name}; 5 = ${requests.five.parties.map((p) => p.name).join(', ')} (the last is listed: record ${requests.listed.row}, ${requests.listed.listType})`);

  // The throttle probe: 512 KiB that gzip cannot shrink.
  const probeFile = path.join(SCRATCH, 'probe-512k.bin');
  if (!existsSync(probeFile)) writeFileSync(probeFile, randomBytes(512 * 1024));

  const server = await startServer(PROTOCOL === 'h2' ? selfSignedCert() : null);
  const browser = await Chromium.launch(PROTOCOL === 'h2' ? ['--ignore-certificate-errors'] : []);
  const cleanup = async () => {
    await browser.close();
    await server.close();
  };
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => cleanup().then(() => process.exit(143)));
  const pageUrl = `${server.url}bench/national.html`;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryBytes: os.totalmem(), node: process.version, chromium: browser.version },
    link: { latencyMs: LATENCY_MS, downloadBytesPerSecond: THROUGHPUT, uploadBytesPerSecond: THROUGHPUT, protocol: PROTOCOL, encoding: 'gzip (level 6)' },
    targets: TARGET,
    parties: requests,
    sizes: {},
  };
  try {
    // Is the worker's link throttled? 40 ms + 524,288 B at 1,250,000 B/s ≈ 460 ms at least; the
    // same fetch unthrottled, for contrast.
    {
      const probeUrl = `${server.url}data/probe-512k.bin`;
      let ctx = await openContext(browser, pageUrl, { throttle: false });
      const free = await runInWorker(browser, ctx, { op: 'probe', url: probeUrl }, 'probe-free');
      await closeContext(browser, ctx);
      ctx = await openContext(browser, pageUrl);
      const r = await runInWorker(browser, ctx, { op: 'probe', url: probeUrl }, 'probe');
      await closeContext(browser, ctx);
      const expected = LATENCY_MS + (r.encodedBytes / THROUGHPUT) * 1000;
      result.throttle = {
        bytes: r.encodedBytes,
        ms: Math.round(r.ms),
        expectedMinMs: Math.round(expected),
        unthrottledMs: Math.round(free.ms),
        effectiveBytesPerSecond: Math.round(r.encodedBytes / ((r.ms - LATENCY_MS) / 1000)),
        requestSession: Object.entries(r.requestsBySession).find(([, v]) => v)?.[0],
        workerEmulation: ctx.workerEmulation,
        protocol: r.protocols[0],
      };
      // Applied: no faster than the link allows (a loaded machine may make it slower), and far slower
      // than the same fetch unthrottled.
      result.throttle.applied = r.ms >= expected * 0.9 && free.ms < expected / 2;
      note(`throttle check: ${fmtInt(r.encodedBytes)} B fetched by the worker in ${Math.round(r.ms)} ms (${Math.round(free.ms)} ms unthrottled; ≥ ${Math.round(expected)} ms expected at ${LATENCY_MS} ms + 10 Mbit/s; ${fmtInt(result.throttle.effectiveBytesPerSecond)} B/s after the latency, ${r.protocols[0]}; ${ctx.workerEmulation}): ${result.throttle.applied ? 'applied' : 'NOT APPLIED'}`);
      if (!result.throttle.applied) throw new Error('the throttle does not apply to the worker as set: the figures would mean nothing');
    }

    for (const n of SIZES) {
      const sz = (result.sizes[n] = { publisher: publisher(n) });
      const dir = `data/sharded-${n}/`;
      if (!sz.publisher.sharded) throw new Error(`no sharded build for ${n} in ${SCRATCH}`);
      const sharded = { one: [], five: [], warm: [] };
      for (let i = 0; i < RUNS; i++) {
        note(`${fmtSize(n)} sharded, cold run ${i + 1}/${RUNS}: 1 party, then 5 parties, then 5 again (warm)`);
        let ctx = await openContext(browser, pageUrl);
        sharded.one.push(await runInWorker(browser, ctx, { op: 'sharded', manifest: `${server.url}${dir}manifest.ccs`, keys, request: requests.one }, `one-${n}-${i}`));
        await closeContext(browser, ctx);
        ctx = await openContext(browser, pageUrl);
        const logFrom = server.log.length;
        sharded.five.push(await runInWorker(browser, ctx, { op: 'sharded', manifest: `${server.url}${dir}manifest.ccs`, keys, request: requests.five }, `five-${n}-${i}`));
        if (i === 0) {
          const owners = filesByParty(path.join(SCRATCH, `sharded-${n}`), requests.five, keys);
          sz.cdnLog = server.log
            .slice(logFrom)
            .filter((l) => l.path.startsWith('/data/'))
            .map((l) => {
              const rel = l.path.replace(`/data/sharded-${n}/`, '');
              const who = owners[rel] ? `party ${owners[rel].join(', ')}` : '';
              return `${l.status} ${String(l.bytes).padStart(6)} ${rel}  ${who}`.trimEnd();
            });
          sz.filesPerParty = requests.five.parties.map((_, p) => {
            const mine = Object.entries(owners).filter(([, o]) => o.includes(p + 1));
            return { pages: mine.filter(([f]) => f.startsWith('pages/')).length, shards: mine.filter(([f]) => f.startsWith('shards/')).length, ownShards: mine.filter(([f, o]) => f.startsWith('shards/') && o.length === 1).length };
          });
        }
        sharded.warm.push(await runInWorker(browser, ctx, { op: 'sharded', manifest: `${server.url}${dir}manifest.ccs`, keys, request: requests.five }, `warm-${n}-${i}`));
        await closeContext(browser, ctx);
      }
      sz.sharded = { one: summarise(sharded.one), five: summarise(sharded.five), warm: summarise(sharded.warm) };
      if (SINGLE.includes(n)) {
        const file = path.join(SCRATCH, `single-${n}.ccs`);
        server.warm(file);
        const runs = SINGLE_RUNS(n);
        const single = { one: [], five: [] };
        for (let i = 0; i < runs; i++) {
          note(`${fmtSize(n)} single file, run ${i + 1}/${runs}: 1 party, 5 parties (each a new context)`);
          for (const [k, req] of [['one', requests.one], ['five', requests.five]]) {
            const ctx = await openContext(browser, pageUrl);
            single[k].push(await runInWorker(browser, ctx, { op: 'single', snapshot: `${server.url}data/single-${n}.ccs`, keys, request: req }, `single-${k}-${n}-${i}`));
            await closeContext(browser, ctx);
          }
        }
        sz.single = { one: summarise(single.one), five: summarise(single.five) };
      }
    }
  } finally {
    await cleanup();
  }
  report(result);
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  note(`figures: ${path.relative(process.cwd(), OUT) || OUT}`);
}

// ---------------------------------------------------------------------------------------------
// The table

function report(result) {
  const sizes = Object.keys(result.sizes).map(Number).sort((a, b) => a - b);
  const lines = [];
  const say = (s = '') => lines.push(s);
  say(`credit-check national-list benchmark, ${result.date.slice(0, 10)}: ${result.machine.cpus} × ${result.machine.cpuModel}, ${fmtBytes(result.machine.memoryBytes)} RAM; ${result.machine.chromium}; Node ${result.machine.node}`);
  say('');
  say('1. Publisher: credit-check build [--sharded] --synth N --persons 70 (seed 1), /usr/bin/time -v');
  const pub = [['size', 'snapshot', 'files', 'wall time', 'CPU time', 'peak RSS', 'on disk', 'shards', 'pages', 'manifest', 'time ≤ 10 min', 'peak ≤ 8 GB']];
  for (const n of sizes) {
    const p = result.sizes[n].publisher;
    if (p.sharded) {
      const s = p.sharded;
      pub.push([fmtSize(n), 'sharded', 'dir', fmtMs(s.seconds * 1000), fmtMs(s.cpuSeconds * 1000), fmtBytes(s.peakBytes), fmtBytes(s.diskBytes), fmtInt(s.shards), fmtInt(s.pages), fmtBytes(s.manifestBytes), met(s.seconds <= TARGET.publishSeconds), met(s.peakBytes <= TARGET.publishPeakBytes)]);
    }
    if (p.single) {
      const s = p.single;
      pub.push([fmtSize(n), 'single file', '1', fmtMs(s.seconds * 1000), fmtMs(s.cpuSeconds * 1000), fmtBytes(s.peakBytes), fmtBytes(s.diskBytes), '–', '–', '–', '', '']);
    }
  }
  say(table(pub));
  say('   (targets are issue 16\'s for 10M records, shown at every size; 1 KB = 1,000 B, 1 MB = 10^6 B, 1 GB = 10^9 B)');
  say('');
  const t = result.throttle;
  say(`2. First verdict in a dedicated Worker, headless Chromium, cold cache (new browser context per run), link ${LATENCY_MS} ms + 10 Mbit/s`);
  say(`   (CDP Network.emulateNetworkConditions on the page, which Chromium applies to its worker's requests; probe from the worker:`);
  say(`   ${fmtInt(t.bytes)} B in ${t.ms} ms, ≥ ${t.expectedMinMs} ms expected, ${t.unthrottledMs} ms unthrottled: ${t.applied ? 'applied' : 'NOT APPLIED'}), ${result.link.protocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1'}, gzip; medians`);
  say('   transferred = encoded bytes of the list files (CDP loadingFinished); the wasm, page and scripts are not counted');
  const br = [['size', 'snapshot', 'parties', 'runs', 'decision', 'transferred', 'decoded', 'files', 'time to verdict', 'worker memory', '(wasm + JS)', 'bytes ≤ 600 KB', 'time ≤ 1.5 s', 'memory ≤ 64 MB']];
  const row = (n, kind, k, s) => [
    fmtSize(n),
    kind,
    k === 'one' ? '1' : '5',
    String(s.runs),
    s.decision,
    fmtBytes(s.encodedBytes),
    fmtBytes(s.decodedBytes),
    kind === 'sharded' ? `${s.files} (${s.pages}p+${s.shards}s+m)` : '1',
    fmtMs(s.ms),
    fmtBytes(s.workerMemory),
    `${fmtBytes(s.wasmMemory)} + ${fmtBytes(s.jsHeapUsed)}`,
    k === 'five' ? met(s.encodedBytes <= TARGET.bytes5) : '',
    met(s.ms <= TARGET.verdictMs),
    met(s.workerMemory <= TARGET.workerMemory),
  ];
  for (const n of sizes) {
    const z = result.sizes[n];
    for (const k of ['one', 'five']) {
      if (z.sharded) br.push(row(n, 'sharded', k, z.sharded[k]));
      if (z.single) br.push(row(n, 'single file', k, z.single[k]));
    }
  }
  say(table(br));
  say('   (the 600 KB target is for 5 parties at 10M, shown at every size)');
  const mems = sizes.map((n) => result.sizes[n].sharded?.five.workerMemory).filter((x) => x != null);
  if (mems.length > 1) {
    const ratio = Math.max(...mems) / Math.min(...mems);
    const flat = ratio <= TARGET.flatRatio && Math.max(...mems) <= TARGET.workerMemory;
    result.flat = { ratio, met: flat };
    say(`   worker memory, 5 parties, sharded: ${sizes.map((n) => `${fmtSize(n)} ${fmtBytes(result.sizes[n].sharded.five.workerMemory)}`).join(' → ')}; largest/smallest ${ratio.toFixed(2)} (flat: ≤ ${TARGET.flatRatio} and ≤ 64 MB): ${met(flat)}`);
  }
  say('');
  say('3. Warm cache: the same 5 parties again in the same context, new worker (files from the Cache API by digest)');
  const warm = [['size', 'decision', 'transferred', 'requests', 'fetched from the network', 'from Cache API', 'time to verdict', 'only the manifest']];
  for (const n of sizes) {
    const w = result.sizes[n].sharded.warm;
    const only = w.fetched.length === 1 && w.fetched[0] === 'manifest.ccs' && w.requests === 1;
    warm.push([fmtSize(n), w.decision, fmtBytes(w.encodedBytes), String(w.requests), w.fetched.join(', '), String(w.fromCache), fmtMs(w.ms), met(only)]);
  }
  say(table(warm));
  say('');
  const largest = sizes.at(-1);
  const log = result.sizes[largest].cdnLog ?? [];
  say(`4. What the CDN log shows for one cold 5-party check at ${fmtSize(largest)} (status, gzip bytes, path, and whose keys led there; ${log.length} requests):`);
  for (const l of log) say(`   ${l}`);
  const per = result.sizes[largest].filesPerParty ?? [];
  say(`   shards per party: ${per.map((p, i) => `${i + 1}: ${p.shards} (${p.ownShards} its own)`).join('; ')}`);
  say('   Pages and shards are named by content hash, and the public manifest and pages map each name back to its bucket:');
  say('   the log shows, for every party checked, the bucket of each of its keys (organisation code, ID numbers, name keys),');
  say('   with the time and the client\'s address. It does not contain the codes or names themselves.');
  const text = lines.join('\n');
  console.log(text);
  result.table = text;
}

main().catch((err) => {
  console.error(`bench-national: ${err?.stack ?? err}`);
  process.exit(1);
});
