// Browser end-to-end tests of the portal's national mode (?list=national, issue 16): the sharded
// national list in www/demo-data/national/, opened in each page's worker, which fetches only the
// pages and shards a check needs. Served by scripts/serve.mjs in-process, driven in headless
// Chromium through playwright-core (as portal.test.mjs).
//
//   node --test tests/e2e/national.test.mjs
//
// The demo data is made by scripts/demo-data.sh when the national list (or the rest) is missing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { CSP, start } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const DATA = path.join(ROOT, 'www/demo-data');
const DESKTOP = { width: 1280, height: 900 };

let server;
let browser;
let personas;
const contexts = [];
/** Console errors, page errors and CSP violations of the pages opened. */
const trouble = { consoleErrors: [], pageErrors: [], cspViolations: [] };
/** Requests for the national list's files, by kind, as the server saw them. */
const requested = { manifest: 0, page: 0, shard: 0 };

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  if (!['lists.ccs', 'personas.json', 'national/manifest.ccs'].every((f) => existsSync(path.join(DATA, f)))) {
    const run = spawnSync('bash', ['scripts/demo-data.sh'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scripts/demo-data.sh failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  personas = JSON.parse(readFileSync(path.join(DATA, 'personas.json'), 'utf8')).personas;
  server = await start({ port: 0, host: '127.0.0.1' });
  server.server.on('request', (req) => {
    const m = /^\/demo-data\/national\/(?:(manifest)\.ccs|(pages)\/|(shards)\/)/.exec(req.url);
    if (m) requested[m[1] ? 'manifest' : m[2] ? 'page' : 'shard'] += 1;
  });
  browser = await launchChromium();
});

after(async () => {
  try {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
  } finally {
    if (server) await server.close();
  }
});

async function newContext() {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', deviceScaleFactor: 1 });
  contexts.push(context);
  return context;
}

/** Opens a portal page in `context` and waits until its list is in use (or refused). */
async function openPortal(context, pagePath) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') trouble.consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => trouble.pageErrors.push(`${page.url()}: ${err}`));
  await page.exposeFunction('__reportCsp', (v) => trouble.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  const response = await page.goto(`${server.url}${pagePath.replace(/^\//, '')}`);
  assert.equal(response.status(), 200, pagePath);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForSelector('html[data-snapshot]:not([data-snapshot="loading"])', { state: 'attached', timeout: 60_000 });
  return page;
}

/** Runs the bid-opening check and returns [persona, decision] per bidder. */
async function bidDecisions(page) {
  await page.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
  await page.locator('#bid-run').click();
  await page.waitForSelector('#bid-results[data-done="true"]');
  return page.locator('#bid-result-rows tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.persona, tr.dataset.decision]));
}

describe('national mode (?list=national)', () => {
  test('bid opening: the same decisions as with the provincial snapshot; the blocked persona is blocked', async () => {
    const regional = await openPortal(await newContext(), '/bid-opening.html');
    assert.equal(await regional.evaluate(() => document.documentElement.dataset.snapshot), 'ready');
    const want = await bidDecisions(regional);
    assert.ok(want.some(([id, d]) => id === 'black-sxbzxr' && d === 'block'), `black-sxbzxr is blocked regionally: ${JSON.stringify(want)}`);

    const before = { ...requested };
    const page = await openPortal(await newContext(), '/bid-opening.html?list=national');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.snapshot), 'ready');
    // The badge and the load line say which list: the national one, with all its records.
    assert.match(await page.locator('#snap-badge').innerText(), /全国名单/);
    assert.match(await page.locator('#snap-load-text').innerText(), /全国名单已验证.*200,0\d\d条记录/);
    assert.equal(requested.manifest - before.manifest, 1, 'the manifest only, at load');
    assert.equal(requested.shard - before.shard, 0, 'no shard before a check');
    const got = await bidDecisions(page);
    assert.deepEqual(got, want);
    for (const [id, d] of got) assert.equal(d, personas[id].expect['SC-ZTB-BID'], id);
    assert.ok(requested.shard - before.shard > 0, 'the check fetched shards');
    // The aside says which list is in use and links to the other; the site's links keep the mode.
    assert.equal(await page.locator('.variant-scope').getAttribute('data-list'), 'national');
    assert.match(await page.locator('#list-toggle').getAttribute('href'), /^\/bid-opening\.html$/);
    assert.match(await page.locator('.sitenav a[href^="/inspector.html"]').getAttribute('href'), /list=national/);
    assert.match(await regional.locator('#list-toggle').getAttribute('href'), /list=national/);
  });

  test('register: the blocked persona is blocked on the national list too', async () => {
    const page = await openPortal(await newContext(), '/register.html?list=national');
    const black = personas['black-sxbzxr'];
    await page.locator('#reg-name').fill(black.name);
    await page.locator('#reg-code').fill(black.code);
    await page.waitForSelector(`.cc-panel[data-decision="${black.expect['SC-ZFCG-SUPPLIER']}"]:not(.cc-panel--pending)`);
  });

  test('inspector: the manifest, and the files fetched table, redrawn after each check', async () => {
    const context = await newContext();
    const page = await openPortal(context, '/inspector.html?list=national');
    await page.waitForSelector('#insp-status [data-key="shards"]');
    assert.equal(await page.locator('#insp-files-card').isVisible(), true);
    assert.equal(await page.locator('#insp-split').isVisible(), false, 'no per-kind counts: the manifest has none');
    const status = await page.locator('#insp-status').innerText();
    assert.match(status, /发布方/);
    assert.match(status, /有效期至\s*\d{4}年\d{1,2}月\d{1,2}日/);
    assert.match(status, /200,0\d\d/);
    assert.match(await page.locator('#insp-status [data-key="shards"]').innerText(), /^[\d,]+个，共[\d.]+ MB$/);
    assert.match(await page.locator('#insp-status [data-key="buckets"]').innerText(), /按机构代码分[\d,]+组/);
    const lists = await page.locator('#insp-lists tr[data-covered="true"]').count();
    assert.equal(lists, 18);
    // Before any check: the manifest alone.
    await page.waitForSelector('#insp-files tr');
    assert.deepEqual(await page.locator('#insp-files tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.kind)), ['manifest']);

    const black = personas['black-sxbzxr'];
    await page.locator('#insp-try-code').fill(black.code);
    await page.locator('#insp-try-run').click();
    await page.waitForSelector('#insp-try-result[data-decision="block"]');
    const rows = await page.locator('#insp-files tr').evaluateAll((trs) => trs.map((tr) => ({ kind: tr.dataset.kind, from: tr.dataset.from, bytes: Number(tr.dataset.bytes) })));
    assert.ok(rows.some((r) => r.kind === 'page') && rows.some((r) => r.kind === 'shard'), JSON.stringify(rows));
    assert.ok(rows.every((r) => r.bytes > 0));
    assert.match(await page.locator('#insp-files-summary').innerText(), /本页已取得\d+个文件：从网络下载\d+个/);
    const shown = await page.locator('#insp-files-card').innerText();
    assert.doesNotMatch(shown, /\.ccs|\.bin|[0-9a-f]{16}/, 'paths and digests stay under 技术信息');

    // Another party: the table grows. Then a reload in the same browser: from this device's cache.
    const clean = personas['clean-a'];
    await page.locator('#insp-try-code').fill(clean.code);
    await page.locator('#insp-try-run').click();
    await page.waitForFunction((n) => document.querySelectorAll('#insp-files tr').length > n, rows.length);
    const again = await openPortal(context, '/inspector.html?list=national');
    await again.waitForSelector('#insp-files tr');
    await again.locator('#insp-try-code').fill(black.code);
    await again.locator('#insp-try-run').click();
    await again.waitForSelector('#insp-try-result[data-decision="block"]');
    const cached = await again.locator('#insp-files tr').evaluateAll((trs) => trs.filter((tr) => tr.dataset.kind !== 'manifest').map((tr) => tr.dataset.from));
    assert.ok(cached.length > 0 && cached.every((f) => f === 'cache'), `from the cache after a reload: ${cached}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'national-inspector.png'), fullPage: true });
  });

  test('register: a part of the list that cannot be downloaded says "not checked" — never pass, never a verdict', async () => {
    // Its own page (not openPortal): the refused downloads are expected console errors here.
    const context = await newContext();
    let refused = 0;
    await context.route(/\/demo-data\/national\/shards\//, (route) => {
      refused += 1;
      return route.fulfill({ status: 404, body: 'gone' });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto(`${server.url}register.html?list=national`);
    await page.waitForSelector('html[data-snapshot="ready"]', { state: 'attached', timeout: 60_000 });
    const black = personas['black-sxbzxr'];
    await page.locator('#reg-name').fill(black.name);
    await page.locator('#reg-code').fill(black.code);
    // The worker answers `unavailable` (SHARD_MISSING); the portal shows it in its own words.
    const panel = page.locator('.cc-panel[data-decision="unavailable"]:not(.cc-panel--pending)');
    await panel.waitFor();
    assert.ok(refused > 0, 'a shard was asked for and refused');
    assert.equal(await page.locator('.cc-panel[data-decision="pass"], .cc-panel[data-decision="block"]').count(), 0);
    assert.equal(await panel.locator('.cc-panel__error-code .cc-dl__value').textContent(), 'SHARD_MISSING');
    assert.match(await panel.locator('.cc-panel__status').textContent(), /暂时无法核查/);
    // The portal's words for the reason (LOAD_ERRORS), as when the check used to reject.
    assert.match(await panel.textContent(), /A part of the lists this check needs could not be downloaded: nothing was checked/);
    assert.deepEqual(pageErrors, []);
  });

  test('no console errors, page errors or CSP violations', () => {
    assert.deepEqual(trouble, { consoleErrors: [], pageErrors: [], cspViolations: [] });
  });
});
