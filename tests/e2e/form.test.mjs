// Browser end-to-end tests of the form integration (pkg/form.js, issue 6) in headless Chromium
// through playwright-core, under the demo's Content-Security-Policy.
//
//   cd tests && npm ci && cd .. && node --test tests/e2e/form.test.mjs
//
// The test pages live in tests/e2e/pages/. scripts/serve.mjs serves only www/ and pkg/, so a small
// server in front of it (same origin, same CSP) adds the pages, the committed fixture snapshot and
// its keys, and a POST endpoint (/__submit) that records what a plain form submission carries —
// the server side re-checks the posted record against the same snapshot (verifyRecord → MATCH).
// Screenshots go to tests/e2e/artifacts/form-*.png. CHROMIUM overrides the browser binary.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { describeViolations, runAxe } from './axe.mjs';
import { CSP, start } from '../../scripts/serve.mjs';
import { init as initNode, loadSnapshot } from '../../pkg/node.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const PAGES_DIR = path.join(HERE, 'pages');
const DESKTOP = { width: 1100, height: 1000 };
const MOBILE = { width: 390, height: 844 };

// tests/data/fixture-lookups.txt: a 失信被执行人 record (福州市中级人民法院, （2025）闽01执123号).
const LISTED = '91350100MA2XY8016H';
const LISTED_NAME = '福州市某某建设工程有限公司';
const CLEAN = '91110108551385082Q';
const BAD = '91110108551385O82Q'; // a letter O at position 15
const XSS = '<img src=x onerror=alert(1)>';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ccs': 'application/octet-stream',
};
/** URL path → file: the test pages and the two fixture files, nothing else. */
const FILES = Object.fromEntries([
  ...readdirSync(PAGES_DIR).map((f) => [`/tests/e2e/pages/${f}`, path.join(PAGES_DIR, f)]),
  ['/tests/data/fixture.ccs', path.join(ROOT, 'tests/data/fixture.ccs')],
  ['/tests/data/fixture-keys.json', path.join(ROOT, 'tests/data/fixture-keys.json')],
]);

let backend;
let front;
let base;
let browser;
let snapshot; // the fixture, in Node: the "server" re-checks posted records with it
const contexts = [];
/** Every form POST the pages made: `{ fields }`. */
const submissions = [];
const trouble = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [] };

function headers(extra) {
  return { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...extra };
}

function startFront(target) {
  const server = http.createServer((req, res) => {
    const pathname = req.url.split(/[?#]/, 1)[0];
    if (pathname === '/__submit') {
      if (req.method !== 'POST') {
        res.writeHead(405, headers({ Allow: 'POST' }));
        res.end();
        return;
      }
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        submissions.push({ fields, type: req.headers['content-type'] });
        const body = Buffer.from(
          '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>已提交</title></head>' +
            '<body><h1 id="submitted">已提交 / Submitted</h1></body></html>',
        );
        res.writeHead(200, headers({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length }));
        res.end(body);
      });
      return;
    }
    const file = FILES[pathname];
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      const body = readFileSync(file);
      res.writeHead(200, headers({ 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length }));
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    // Everything else (/pkg/…, the icon) from scripts/serve.mjs, unchanged.
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
  await initNode();
  snapshot = await loadSnapshot(readFileSync(path.join(ROOT, 'tests/data/fixture.ccs')), {
    keys: readFileSync(path.join(ROOT, 'tests/data/fixture-keys.json'), 'utf8'),
    store: { get() {}, set() {} },
  });
  backend = await start({ port: 0, host: '127.0.0.1' });
  front = await startFront(backend);
  base = `http://127.0.0.1:${front.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  try {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
  } finally {
    front?.closeAllConnections?.();
    await new Promise((r) => (front ? front.close(() => r()) : r()));
    if (backend) await backend.close();
    snapshot?.close();
  }
});

/** A fresh page whose console errors, page errors, dialogs and CSP violations go to `log`. */
async function newPage({ viewport = DESKTOP, log = trouble } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => log.pageErrors.push(String(err)));
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.exposeFunction('__reportCsp', (v) => log.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
  return page;
}

async function openPage(file, query = '', options) {
  const page = await newPage(options);
  const response = await page.goto(`${base}/tests/e2e/pages/${file}${query ? `?${query}` : ''}`);
  assert.equal(response.headers()['content-security-policy'], CSP, 'the page is served under the demo CSP');
  await page.waitForSelector('html[data-ready]');
  const ready = await page.locator('html').getAttribute('data-ready');
  assert.equal(ready, 'true', await page.locator('html').getAttribute('data-error'));
  return page;
}

const openForm = (query, options) => openPage('form.html', query, options);

async function waitDecision(page, decision, scope = '') {
  try {
    await page.waitForSelector(`${scope} .cc-panel[data-decision="${decision}"]:not([aria-busy])`.trim(), { timeout: 10_000 });
  } catch {
    assert.equal(await page.locator(`${scope} .cc-panel`.trim()).getAttribute('data-decision'), decision, 'the panel shows the decision');
  }
}

async function events(page, type) {
  const all = await page.evaluate(() => window.__events);
  return type ? all.filter((e) => e.type === type) : all;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `form-${name}.png`), fullPage: true });
}

/** Submits with `action` and asserts that nothing was posted and the page stayed. */
async function expectBlocked(page, action) {
  const before = submissions.length;
  const url = page.url();
  const blocked = (await events(page, 'credit-check:blocked')).length;
  await action();
  await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'credit-check:blocked').length > n, blocked);
  await page.waitForTimeout(300); // a submission would have left by now
  assert.equal(submissions.length, before, 'nothing was posted');
  assert.equal(page.url(), url, 'no navigation');
  assert.equal(await page.locator('.cc-panel').count(), 1, 'the page is still there');
  const focused = await page.evaluate(() => ({
    heading: document.activeElement?.classList.contains('cc-panel__heading'),
    text: document.activeElement?.textContent,
  }));
  assert.ok(focused.heading, `focus is on the panel heading (it is on ${JSON.stringify(focused)})`);
  return (await events(page, 'credit-check:blocked')).at(-1);
}

/** Submits with `action`, waits for the POST and returns its fields. */
async function expectSubmitted(page, action) {
  const before = submissions.length;
  await Promise.all([page.waitForURL(/\/__submit$/), action()]);
  await page.waitForSelector('#submitted');
  assert.equal(submissions.length, before + 1, 'one submission');
  return submissions.at(-1).fields;
}

/** What a portal's server does with a posted record: the digest, then a re-run. */
function serverRecheck(fields) {
  const record = fields.credit_check_record;
  const sha256 = fields.credit_check_sha256;
  assert.match(sha256, /^[0-9a-f]{64}$/, 'the posted sha256 is 64 hex');
  assert.equal(createHash('sha256').update(record, 'utf8').digest('hex'), sha256, 'the digest is of the posted bytes');
  const v = snapshot.verifyRecord(record, sha256);
  assert.equal(v.code, 'MATCH', JSON.stringify(v));
  return JSON.parse(record);
}

describe('form integration (attachCheck)', () => {
  test('typing an invalid code shows the inline error with aria-invalid; a valid one its parts', async () => {
    const page = await openForm();
    const panel = page.locator('.cc-panel');
    assert.equal(await panel.getAttribute('role'), 'region');
    assert.equal(await panel.getAttribute('aria-label'), '信用核查结果');
    assert.equal(await panel.locator('.cc-panel__status').getAttribute('aria-live'), 'polite');
    // The panel goes before the first submit button, inside the form.
    const placed = await page.evaluate(() => {
      const p = document.querySelector('.cc-panel');
      const submit = document.getElementById('submit');
      return { parent: p.parentElement.id, next: p.nextElementSibling.className, holdsSubmit: p.nextElementSibling.contains(submit) };
    });
    // Before the submit button's row (a flex box on this page), as a child of the form.
    assert.deepEqual(placed, { parent: 'bid', next: 'actions', holdsSubmit: true }, 'the panel goes just before the first submit button');
    assert.equal(await page.locator('#bid > input[type=hidden][name=credit_check_record]').count(), 1);
    assert.equal(await page.locator('#bid > input[type=hidden][name=credit_check_sha256]').count(), 1);

    const code = page.locator('#code');
    await code.pressSequentially(BAD);
    await page.waitForFunction(() => document.getElementById('code').getAttribute('aria-invalid') === 'true');
    const msg = page.locator('#code + .cc-field-msg');
    assert.equal(await msg.getAttribute('data-state'), 'error');
    assert.equal(await msg.getAttribute('data-code'), 'ILLEGAL_CHARACTER');
    const text = await msg.textContent();
    assert.match(text, /^无效：/);
    assert.match(text, /第15位不允许出现字符“O”/);
    assert.equal(text.match(/第15位/g).length, 1, `the position is said once: ${text}`);
    const describedBy = (await code.getAttribute('aria-describedby')).split(/\s+/);
    assert.ok(describedBy.includes(await msg.getAttribute('id')), 'the input is described by its message');
    const validation = (await events(page, 'credit-check:validation')).at(-1).detail;
    assert.deepEqual({ field: validation.field, member: validation.member, value: validation.value, ok: validation.ok }, { field: 'code', member: null, value: BAD, ok: false });
    // Debounced: one validation for the whole typed value, not one per key.
    assert.ok((await events(page, 'credit-check:validation')).length <= 2, 'validation is debounced');
    await shot(page, 'invalid-code');

    await code.fill(CLEAN);
    await page.waitForSelector('#code + .cc-field-msg[data-state="ok"]');
    assert.equal(await code.getAttribute('aria-invalid'), null);
    const ok = await msg.textContent();
    assert.match(ok, /有效：统一社会信用代码 · 91110108551385082Q · 北京市海淀区 · 企业/);
    // Valid: the check runs on its own.
    await waitDecision(page, 'pass');
    assert.equal(await panel.locator('.cc-panel__heading').textContent(), '信用核查结论：通过');
    assert.equal(await panel.locator('.cc-panel__status').textContent(), '共1个当事人，均未发现影响本事项的名单记录。');

    await code.fill('');
    await page.waitForSelector('#code + .cc-field-msg[hidden]', { state: 'attached' });
    assert.equal(await code.getAttribute('aria-describedby'), null, 'an empty field is described by nothing');
  });

  test('a listed code in SC-ZFCG-SUPPLIER: block, the explanation and objection route, and submit is blocked', async () => {
    const page = await openForm();
    await page.locator('#label').fill('投标人A');
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    const panel = page.locator('.cc-panel');
    assert.ok(await panel.evaluate((p) => p.classList.contains('cc-decision--block')));
    assert.equal(await panel.locator('.cc-panel__heading').textContent(), '信用核查结论：不予通过');
    assert.equal(await panel.locator('.cc-panel__status').textContent(), '共1个当事人，其中1个不予通过。');
    // What was checked, when, against which lists: in words and China time, not ids.
    assert.match(await panel.locator('.cc-panel__scenario').textContent(), /^核查事项政府采购供应商资格审查（含联合体）$/);
    assert.match(await panel.locator('.cc-panel__cutoff').textContent(), /^截止时点\d{4}年\d{1,2}月\d{1,2}日( \d\d:\d\d)?$/);
    assert.match(await panel.locator('.cc-panel__checked-at').textContent(), /^核查时间\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    assert.match(await panel.locator('.cc-snapshot__meta').textContent(), /credit-check test fixture，第3期，2026年11月1日 08:00发布，有效至2099年1月1日 08:00/);
    const party = panel.locator('.cc-party');
    assert.equal(await party.count(), 1);
    assert.equal(await party.getAttribute('data-decision'), 'block');
    assert.match(await party.locator('.cc-party__title').textContent(), /投标人A\s*不予通过/);
    const hit = party.locator('.cc-hit');
    assert.equal(await hit.count(), 1);
    assert.match(await hit.locator('.cc-hit__list').textContent(), /^黑名单\s*失信被执行人名单$/);
    assert.match(await hit.locator('.cc-hit__name').textContent(), new RegExp(LISTED_NAME));
    assert.match(await hit.locator('.cc-hit__authority').textContent(), /福州市中级人民法院/);
    assert.match(await hit.locator('.cc-hit__decision-number').textContent(), /（2025）闽01执123号/);
    assert.match(await hit.locator('.cc-hit__validity').textContent(), /公示中：截止时点在公示期内/);
    assert.match(await hit.locator('.cc-dl__row').nth(3).textContent(), /^列入日期\d{4}年\d{1,2}月\d{1,2}日$/);
    const measure = party.locator('.cc-measure[data-measure="M-PROC-REJ"]');
    assert.equal(await measure.getAttribute('data-state'), 'applied');
    assert.match(await measure.locator('.cc-measure__head').textContent(), /^禁止\s*适用$/);
    assert.match(await measure.textContent(), /拒绝其参与政府采购活动/);
    assert.equal(await measure.locator('.cc-measure__lists .cc-dl__value').textContent(), '失信被执行人名单');
    // The legal basis as officers write it; the edition is the document's date, not the citation again.
    assert.equal(
      await measure.locator('.cc-measure__basis .cc-dl__value').textContent(),
      '《中华人民共和国政府采购法》第二十二条；《财政部关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）',
    );
    assert.equal(await measure.locator('.cc-measure__edition .cc-dl__value').textContent(), '2016年8月');
    const route = await hit.locator('.cc-objection__route').textContent();
    assert.match(route, /向执行法院提出书面纠正申请.*列入机关：福州市中级人民法院（决定文书号：（2025）闽01执123号）/);
    // One list of next steps for the officer: the core's, each once.
    assert.equal(await panel.locator('.cc-panel__next').count(), 1);
    const steps = await panel.locator('.cc-panel__next li').allTextContents();
    assert.deepEqual(steps, ['依据上列措施不予通过，并书面告知当事人理由和异议途径', '将本核查记录（含SHA-256摘要）与采购文件一并留存（财库〔2016〕125号）']);
    assert.equal(await panel.locator('.cc-panel__policy').textContent(), '本事项不能提交。');
    // The codes are for support staff: collapsed under 技术信息, not in the text a reader sees.
    const tech = panel.locator('details.cc-tech');
    assert.equal(await tech.getAttribute('open'), null);
    assert.match(await tech.textContent(), /SC-ZFCG-SUPPLIER.*LT-SXBZXR.*M-PROC-REJ/s);
    assert.equal(await panel.locator('.cc-record__hash').isVisible(), false, 'the digest waits under 技术信息');
    const seen = await panel.evaluate((p) => p.innerText);
    assert.doesNotMatch(seen, /SC-ZFCG|LT-SXBZXR|M-PROC|[0-9a-f]{64}|T\d\d:\d\d/, 'no ids, digests or raw times in what is shown');
    // The record of a block is evidence too.
    const sha = await page.locator('input[name=credit_check_sha256]').inputValue();
    assert.match(sha, /^[0-9a-f]{64}$/);
    assert.equal(await panel.locator('.cc-record__hash').textContent(), sha);
    const verdictEvent = (await events(page, 'credit-check:verdict')).at(-1);
    assert.equal(verdictEvent.detail.decision, 'block');
    assert.equal(verdictEvent.detail.sha256, sha);
    assert.deepEqual(verdictEvent.detail.request, {
      scenario: 'SC-ZFCG-SUPPLIER',
      parties: [{ role: 'applicant', code: LISTED, label: '投标人A' }],
    });
    assert.ok(verdictEvent.composed, 'composed');

    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.deepEqual({ decision: blocked.detail.decision, reason: blocked.detail.reason }, { decision: 'block', reason: 'decision' });
    assert.ok(blocked.cancelable, 'the host may let it through');
    const notice = panel.locator('.cc-panel__notice');
    assert.ok(await notice.isVisible());
    assert.match(await notice.textContent(), /已阻止提交：核查结果为“不予通过”/);
    assert.equal(await panel.locator('.cc-panel__policy').isVisible(), false, 'said once: the notice replaces the policy line');
    assert.equal((await panel.evaluate((p) => p.innerText)).match(/不能提交/g).length, 1, 'the panel says it once');
    const describedBy = (await panel.locator('.cc-panel__heading').getAttribute('aria-describedby')).split(' ');
    assert.ok(describedBy.includes(await notice.getAttribute('id')), 'the focused heading is described by the reason');
    await shot(page, 'listed-blocked');

    // The record downloads as the exact bytes kept in the hidden input.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('.cc-record__download').click()]);
    assert.match(download.suggestedFilename(), /^credit-check-record-[0-9a-f]{16}\.json$/);
    const saved = await readFile(await download.path(), 'utf8');
    assert.equal(saved, await page.locator('input[name=credit_check_record]').inputValue());
    assert.equal(createHash('sha256').update(saved).digest('hex'), sha);

    // Mobile layout.
    const mobile = await openForm('', { viewport: MOBILE });
    await mobile.locator('#code').fill(LISTED);
    await waitDecision(mobile, 'block');
    await shot(mobile, 'mobile-listed');
  });

  test("audience 'party': the same verdict worded for the supplier — what it means, what to do, where to object", async () => {
    const page = await openForm('audience=party');
    assert.equal(await page.locator('.cc-panel__status').textContent(), '填写名称和证照号码后，系统会自动核查信用记录。');
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    const panel = page.locator('.cc-panel');
    assert.equal(await panel.locator('.cc-panel__heading').textContent(), '您的信用核查结果：不予通过');
    assert.equal(await panel.locator('.cc-panel__status').textContent(), '根据名单记录，您暂不能参加本事项。原因、依据和异议途径见下方。');
    assert.equal(await panel.locator('.cc-panel__policy').textContent(), '因此暂不能提交。');
    assert.equal(await panel.locator('.cc-panel__next .cc-section-title').textContent(), '接下来怎么办');
    const steps = await panel.locator('.cc-panel__next li').allTextContents();
    assert.deepEqual(steps, ['如对名单记录有异议，可按上面的“异议途径”向列入机关提出。', '符合条件的，可依法申请信用修复；修复或移出名单后，可重新核查。']);
    const text = await panel.textContent();
    assert.ok(!text.includes('书面告知当事人'), 'no instruction meant for the officer');
    assert.ok(!text.includes('与采购文件一并留存'), 'no filing step meant for the officer');
    assert.match(await panel.locator('.cc-objection__route').textContent(), /向执行法院提出书面纠正申请.*列入机关：福州市中级人民法院/);
    await expectBlocked(page, () => page.locator('#submit').click());

    const clean = await openForm('audience=party&lang=en');
    await clean.locator('#code').fill(CLEAN);
    await waitDecision(clean, 'pass');
    assert.equal(await clean.locator('.cc-panel__heading').textContent(), 'Your credit check: Pass');
    assert.equal(await clean.locator('.cc-panel__status').textContent(), 'No list record affects this matter.');

    const wrong = await openForm();
    const error = await wrong.evaluate(async () => {
      const { attachCheck } = await import('/pkg/form.js');
      try {
        attachCheck(document.createElement('form'), { checker: { check() {} }, scenario: 'SC-ZFCG-SUPPLIER', audience: 'public' });
        return null;
      } catch (err) {
        return { text: `${err.name}: ${err.message}`, code: err.code, field: err.field, expected: err.expected, found: err.found, messageZh: err.messageZh };
      }
    });
    assert.match(error.text, /^TypeError: .*audience is 'party' or 'officer'/);
    // The one error shape, in the browser too: code, field, the values allowed and given, Chinese.
    assert.deepEqual(
      { code: error.code, field: error.field, expected: error.expected, found: error.found },
      { code: 'INVALID_OPTION', field: 'audience', expected: 'party, officer', found: 'public' },
    );
    assert.match(error.messageZh, /audience 须为/);
  });

  test('axe-core on the form: blocked for the officer, for the party, in English, unavailable', async () => {
    for (const query of ['', 'audience=party', 'lang=en', 'checker=unavailable']) {
      const page = await openForm(query);
      await page.locator('#code').fill(query.includes('unavailable') ? CLEAN : LISTED);
      await waitDecision(page, query.includes('unavailable') ? 'unavailable' : 'block');
      await expectBlocked(page, () => page.locator('#submit').click());
      const { counts, violations } = await runAxe(page);
      assert.equal(counts.critical + counts.serious, 0, `form.html?${query}\n${describeViolations(violations)}`);
    }
  });

  test('a clean code submits, carrying the record and its SHA-256 to the server', async () => {
    const page = await openForm();
    await page.locator('#code').fill(CLEAN);
    await page.locator('#name').fill('小米科技有限责任公司');
    await waitDecision(page, 'pass');
    await page.locator('#name').blur(); // change: checked again with the name
    await page.waitForFunction(() => window.__events.filter((e) => e.type === 'credit-check:verdict').at(-1)?.detail.request.parties[0].name);
    await waitDecision(page, 'pass');
    await shot(page, 'clean-pass');
    assert.match(await page.locator('input[name=credit_check_sha256]').inputValue(), /^[0-9a-f]{64}$/);

    // An edit after the check: the record held is for other values, so it is withdrawn at once;
    // submit checks the new values first, then goes.
    await page.locator('#name').focus();
    await page.keyboard.press('End');
    await page.keyboard.type('北京');
    assert.equal(await page.locator('input[name=credit_check_record]').inputValue(), '');
    assert.equal(await page.locator('input[name=credit_check_sha256]').inputValue(), '');
    assert.equal(await page.locator('.cc-panel').getAttribute('data-outdated'), 'true');
    assert.match(await page.locator('.cc-panel__notice').textContent(), /表单已修改/);
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    assert.equal(fields.code, CLEAN);
    assert.equal(fields.action, 'submit', 'the submitter is kept');
    const record = serverRecheck(fields);
    assert.equal(record.verdict.decision, 'pass');
    assert.deepEqual(record.input.parties, [{ role: 'applicant', code: CLEAN, name: '小米科技有限责任公司北京' }]);
  });

  test('type, then click Submit at once: the click is not lost to the message and verdict appearing', async () => {
    // The click blurs the field; validating and checking on blur grows the page above the button.
    const listed = await openForm();
    await listed.locator('#code').fill(LISTED);
    await expectBlocked(listed, () => listed.locator('#submit').click());
    assert.equal(await listed.locator('.cc-panel').getAttribute('data-decision'), 'block');
    assert.equal(await listed.locator('#code + .cc-field-msg').getAttribute('data-state'), 'ok');

    const clean = await openForm();
    await clean.locator('#code').fill(CLEAN);
    const fields = await expectSubmitted(clean, () => clean.locator('#submit').click());
    assert.equal(serverRecheck(fields).verdict.decision, 'pass');
  });

  test('autoCheck off: nothing is checked while typing; submit checks, then blocks or goes', async () => {
    const page = await openForm('autoCheck=0');
    assert.equal(await page.locator('.cc-panel__status').textContent(), '提交时将核查信用记录。');
    await page.locator('#code').fill(LISTED);
    await page.locator('#code').blur();
    await page.waitForSelector('#code + .cc-field-msg[data-state="ok"]'); // still validated inline
    await page.waitForTimeout(200);
    assert.equal((await events(page, 'credit-check:verdict')).length, 0, 'no check before submit');
    assert.equal(await page.locator('.cc-panel').getAttribute('data-decision'), 'idle');
    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.equal(blocked.detail.decision, 'block');
    assert.equal((await events(page, 'credit-check:verdict')).length, 1, 'checked once, on submit');

    const clean = await openForm('autoCheck=0');
    await clean.locator('#code').fill(CLEAN);
    await clean.evaluate(() => window.__control.check());
    // An edit undone: the record is withdrawn on the edit and belongs to the values again after.
    await clean.locator('#name').fill('x');
    assert.equal(await clean.locator('input[name=credit_check_record]').inputValue(), '');
    await clean.locator('#name').fill('');
    const fields = await expectSubmitted(clean, () => clean.locator('#submit').click());
    assert.equal(serverRecheck(fields).verdict.decision, 'pass');
  });

  test('a consortium row with the listed code blocks the whole form; rows added later count', async () => {
    const page = await openForm('members=1');
    await page.locator('#label').fill('投标人A（牵头）');
    await page.locator('#code').fill(CLEAN);
    await page.locator('#m0-label').fill('投标人A（成员）');
    await page.locator('#m0-code').fill(LISTED);
    await page.waitForSelector('#m0-code + .cc-field-msg[data-state="ok"]');
    await waitDecision(page, 'block');
    const panel = page.locator('.cc-panel');
    assert.deepEqual(await panel.locator('.cc-party').evaluateAll((a) => a.map((x) => x.dataset.decision)), ['pass', 'block']);
    assert.match(await panel.locator('.cc-panel__consortium').textContent(), /联合体：联合体成员投标人A（成员）存在禁止性措施.*整个联合体不予通过/);
    assert.match(await panel.locator('.cc-party').nth(1).textContent(), /投标人A（成员）\s*不予通过.*联合体成员/);
    const validation = (await events(page, 'credit-check:validation')).filter((e) => e.detail.member === 0).at(-1);
    assert.equal(validation.detail.ok, true);
    await shot(page, 'consortium-blocked');
    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.equal(blocked.detail.decision, 'block');

    // A second member, added after attaching, with a clean code; the listed one replaced.
    await page.locator('#add-member').click();
    await page.locator('#m1-code').fill(CLEAN);
    await page.locator('#m0-code').fill(BAD);
    await page.locator('#m0-code').blur();
    await waitDecision(page, 'invalidInput');
    assert.equal(await page.locator('#m0-code').getAttribute('aria-invalid'), 'true');
    assert.match(await panel.locator('.cc-party__problems').textContent(), /证照号码：/);
    await page.locator('#m0-code').fill('');
    await page.locator('#m0-label').fill('');
    await page.locator('#m0-label').blur();
    await waitDecision(page, 'pass');
    assert.equal(await panel.locator('.cc-party').count(), 2, 'the empty row is no party; the added one is');
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    const record = serverRecheck(fields);
    assert.deepEqual(record.input.parties.map((p) => p.role), ['applicant', 'consortium_member']);
  });

  test("failPolicy 'block': a checker that says 'unavailable' blocks submit", async () => {
    const page = await openForm('checker=unavailable');
    await page.locator('#code').fill(CLEAN);
    await waitDecision(page, 'unavailable');
    const panel = page.locator('.cc-panel');
    assert.ok(await panel.evaluate((p) => p.classList.contains('cc-decision--unavailable')));
    assert.equal(await panel.locator('.cc-panel__status').textContent(), '未能完成信用核查：未加载名单快照，未进行核查');
    assert.equal(await panel.locator('.cc-panel__policy').textContent(), '核查完成前不能提交。');
    assert.equal(await page.locator('input[name=credit_check_record]').inputValue(), '');
    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.deepEqual({ decision: blocked.detail.decision, reason: blocked.detail.reason }, { decision: 'unavailable', reason: 'failPolicy' });
    assert.match(await panel.locator('.cc-panel__notice').textContent(), /^已阻止提交：信用核查未完成（无法核查）/);
    assert.equal(await panel.locator('.cc-panel__policy').isVisible(), false, 'said once: the notice replaces the policy line');
    await shot(page, 'unavailable-block');
  });

  test("failPolicy 'warn': the same checker shows the warning and lets it submit", async () => {
    const page = await openForm('checker=unavailable&failPolicy=warn');
    await page.locator('#code').fill(CLEAN);
    await waitDecision(page, 'unavailable');
    assert.equal(await page.locator('.cc-panel__policy--warn').textContent(), '可以提交，但须人工核实信用记录。');
    await shot(page, 'unavailable-warn');
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    assert.equal(fields.code, CLEAN);
    assert.equal(fields.credit_check_record, '', 'nothing was checked: no record');
    assert.equal(fields.credit_check_sha256, '');
    assert.equal(await page.evaluate(() => window.__events?.length ?? 'gone'), 'gone', 'a new page');
  });

  test('a checker that throws: decision error, shown with its code, and blocked', async () => {
    const page = await openForm('checker=throw');
    await page.locator('#code').fill(CLEAN);
    await waitDecision(page, 'error');
    assert.equal(await page.locator('.cc-panel__status').textContent(), '核查出错：工作线程加载失败或已崩溃');
    // The code is there for support staff, under 技术信息, not in the text.
    assert.equal(await page.locator('.cc-panel__error-code .cc-dl__value').textContent(), 'WORKER_ERROR');
    assert.equal(await page.locator('.cc-panel__error-code .cc-dl__value').isVisible(), false);
    await page.locator('.cc-tech__summary').click();
    assert.equal(await page.locator('.cc-panel__error-code .cc-dl__value').isVisible(), true);
    const verdict = (await events(page, 'credit-check:verdict')).at(-1).detail;
    assert.equal(verdict.decision, 'error');
    assert.equal(verdict.error.code, 'WORKER_ERROR');
    assert.equal(verdict.error.messageZh, '工作线程加载失败或已崩溃');
    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.equal(blocked.detail.reason, 'failPolicy');
    await shot(page, 'error');
  });

  test('the host may cancel credit-check:blocked to let a blocked form through', async () => {
    const page = await openForm('allowBlocked=1');
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    const record = serverRecheck(fields);
    assert.equal(record.verdict.decision, 'block', 'the record says block: the server knows');
  });

  test('XSS: a record name, authority, route and label with markup render as text', async () => {
    const page = await openForm('checker=xss');
    await page.evaluate(() => {
      window.__xss = 0;
      window.alert = () => {
        window.__xss += 1;
      };
    });
    await page.locator('#label').fill(XSS);
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    const panel = page.locator('.cc-panel');
    assert.equal(await panel.locator('.cc-party__name').textContent(), XSS);
    assert.equal(await panel.locator('.cc-hit__name .cc-dl__value').textContent(), XSS);
    assert.equal(await panel.locator('.cc-hit__authority .cc-dl__value').textContent(), `${XSS}法院`);
    assert.equal(await panel.locator('.cc-objection__route').textContent(), `向${XSS}提出异议`);
    assert.match(await panel.locator('.cc-panel__consortium, .cc-panel__status').first().textContent(), /不予通过/);
    await page.waitForTimeout(200); // an onerror would have fired by now
    assert.equal(await page.locator('img').count(), 0, 'no element was created from the data');
    assert.equal(await page.locator('[onerror]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), 0);
    assert.deepEqual(trouble.dialogs, []);
    await shot(page, 'xss');
  });

  test("lang 'en' shows English", async () => {
    const page = await openForm('lang=en');
    const panel = page.locator('.cc-panel');
    assert.equal(await panel.getAttribute('lang'), 'en');
    assert.equal(await panel.getAttribute('aria-label'), 'Credit check result');
    await page.locator('#code').fill(BAD);
    await page.waitForSelector('#code + .cc-field-msg[data-state="error"]');
    const invalid = await page.locator('#code + .cc-field-msg').textContent();
    assert.match(invalid, /^Invalid: Unified social credit code: character 'O' at position 15 is not allowed/);
    assert.equal(invalid.match(/position 15/g).length, 1, `the position is said once: ${invalid}`);
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    assert.equal(await panel.locator('.cc-panel__heading').textContent(), 'Credit check: Rejected');
    assert.equal(await panel.locator('.cc-panel__status').textContent(), '1 party, 1 rejected.');
    assert.match(await panel.locator('.cc-hit__list').textContent(), /^black list\s*judgment defaulters$/);
    assert.match(await panel.locator('.cc-objection').textContent(), /Where to object\s*if the listing is wrong, file a written correction request with the executing court.*Listing authority: 福州市中级人民法院 \(decision （2025）闽01执123号\)/);
    assert.match(await panel.locator('.cc-measure').textContent(), /block\s*applies\s*reject supplier from procurement/);
    assert.equal(
      await panel.locator('.cc-measure__basis .cc-dl__value').textContent(),
      'Government Procurement Law, Article 22; 财库〔2016〕125号',
    );
    assert.equal(await panel.locator('.cc-measure__edition .cc-dl__value').textContent(), 'August 2016');
    assert.match(await panel.locator('.cc-panel__cutoff').textContent(), /^Cut-off\d{4}-\d\d-\d\d( \d\d:\d\d)?$/);
    assert.equal(await panel.locator('.cc-record__download').textContent(), 'Download check record');
    const blocked = await expectBlocked(page, () => page.locator('#submit').click());
    assert.equal(blocked.detail.message.en, 'Submission blocked: the check result is “Rejected”, which this scenario does not allow.');
    assert.match(await panel.locator('.cc-panel__notice').textContent(), /^Submission blocked/);
    const text = await panel.textContent();
    for (const zh of ['信用核查', '不予通过', '名单记录', '列入机关', '异议途径', '适用措施', '后续步骤', '下载核查记录', '已阻止提交', '截止时点', '技术信息', '失信被执行人名单', '《']) {
      assert.ok(!text.includes(zh), `no Chinese UI string '${zh}' in the English panel`);
    }
    await shot(page, 'en');
  });

  test('keyboard only: Tab to the fields, type, Enter submits (checked first)', async () => {
    const page = await openForm();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'label');
    await page.keyboard.type('A-01');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code');
    await page.keyboard.type(CLEAN);
    // Enter at once, before the debounced check: submit waits for the check, then goes.
    const fields = await expectSubmitted(page, () => page.keyboard.press('Enter'));
    const record = serverRecheck(fields);
    assert.deepEqual(record.input.parties, [{ role: 'applicant', code: CLEAN, label: 'A-01' }]);

    const listed = await openForm();
    await listed.keyboard.press('Tab');
    await listed.keyboard.press('Tab');
    assert.equal(await listed.evaluate(() => document.activeElement?.id), 'code');
    await listed.keyboard.type(LISTED);
    await expectBlocked(listed, () => listed.keyboard.press('Enter'));
    assert.equal(await listed.locator('.cc-panel').getAttribute('data-decision'), 'block');
    // From the heading, Tab reaches the download button; Enter downloads.
    await listed.keyboard.press('Tab');
    assert.ok(await listed.evaluate(() => document.activeElement?.classList.contains('cc-record__download')));
    const [download] = await Promise.all([listed.waitForEvent('download'), listed.keyboard.press('Enter')]);
    assert.ok(download.suggestedFilename().endsWith('.json'));
    await shot(listed, 'keyboard-blocked');
  });

  test('an async checker (CheckerWorker) set later with setChecker', async () => {
    const page = await openForm('checker=worker');
    await page.locator('#code').fill(LISTED);
    await waitDecision(page, 'block');
    assert.match(await page.locator('.cc-objection__route').textContent(), /福州市中级人民法院/);
    await expectBlocked(page, () => page.locator('#submit').click());
    await page.locator('#code').fill(CLEAN);
    await waitDecision(page, 'pass');
    await shot(page, 'worker');
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    assert.equal(serverRecheck(fields).verdict.decision, 'pass');
  });

  test('destroy() removes the panel, messages, hidden inputs and listeners', async () => {
    const page = await openForm();
    await page.locator('#code').fill(BAD);
    await page.waitForSelector('#code[aria-invalid="true"]');
    await page.evaluate(() => window.__control.destroy());
    assert.equal(await page.locator('.cc-panel, .cc-field-msg, input[name^=credit_check_]').count(), 0);
    assert.equal(await page.locator('#code').getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('#code').getAttribute('aria-describedby'), null);
    const fields = await expectSubmitted(page, () => page.locator('#submit').click());
    assert.equal(fields.code, BAD);
    assert.ok(!('credit_check_record' in fields));
  });

  test('attachCheck refuses a missing checker or scenario', async () => {
    const page = await openForm();
    const errors = await page.evaluate(async () => {
      const { attachCheck } = await import('/pkg/form.js');
      const form = document.getElementById('bid');
      const out = [];
      for (const opts of [{ scenario: 'SC-ZFCG-SUPPLIER' }, { checker: { check() {} } }, { checker: { check() {} }, scenario: 'X', failPolicy: 'maybe' }]) {
        try {
          attachCheck(form, opts);
          out.push('attached');
        } catch (e) {
          out.push(e.name);
        }
      }
      try {
        attachCheck(document.body, { checker: { check() {} }, scenario: 'X' });
      } catch (e) {
        out.push(e.name);
      }
      return out;
    });
    assert.deepEqual(errors, ['TypeError', 'TypeError', 'TypeError', 'TypeError']);
  });
});

describe('<credit-check-form>', () => {
  test('attributes map to options; the checker property attaches; a new scenario re-attaches', async () => {
    const page = await openPage('element.html');
    assert.equal(await page.evaluate(() => window.__defineIdempotent), true, 'defineCreditCheckElements is idempotent');
    assert.equal(await page.locator('#cc').getAttribute('data-attached'), 'true');
    const panel = page.locator('#cc .cc-panel');
    assert.equal(await panel.count(), 1);
    await page.locator('#e-code').fill(LISTED);
    await waitDecision(page, 'block', '#cc');
    assert.match(await panel.locator('.cc-objection__route').textContent(), /福州市中级人民法院/);
    await shot(page, 'element-block');
    const blocked = await expectBlocked(page, () => page.locator('#e-submit').click());
    assert.equal(blocked.decision, 'block');

    // Another scenario: re-attached, checked again with the values already there.
    await page.evaluate(() => document.getElementById('cc').setAttribute('scenario', 'SC-XZXK-COMMITMENT'));
    await page.waitForFunction(() => document.querySelector('#cc .cc-panel')?.textContent.includes('告知承诺/容缺受理办理'));
    await waitDecision(page, 'block', '#cc');
    assert.equal(await page.locator('#cc .cc-panel').count(), 1, 'one panel after re-attaching');
    assert.match(await page.locator('#cc .cc-commitment').textContent(), /不适用审批替代型承诺/);
    await page.locator('#e-code').fill(CLEAN);
    await waitDecision(page, 'pass', '#cc');
    // 国办发〔2020〕42号: without the officer's confirmation of no prior false commitment, not granted.
    assert.match(await page.locator('#cc .cc-commitment').textContent(), /申请人是否曾作出虚假承诺须由审批机关核实/);
    await shot(page, 'element-commitment');

    // lang attribute → English.
    await page.evaluate(() => document.getElementById('cc').setAttribute('lang', 'en'));
    await waitDecision(page, 'pass', '#cc');
    assert.equal(await page.locator('#cc .cc-panel__heading').textContent(), 'Credit check: Pass');
    const fields = await expectSubmitted(page, () => page.locator('#e-submit').click());
    const record = serverRecheck(fields);
    assert.equal(record.input.scenario, 'SC-XZXK-COMMITMENT');
  });

  test('a checker set before the element is defined is taken over on upgrade', async () => {
    const page = await openPage('element.html', 'early=1');
    assert.equal(await page.locator('#cc').getAttribute('data-attached'), 'true');
    await page.locator('#e-code').fill(CLEAN);
    await waitDecision(page, 'pass', '#cc');
    // Removing the element detaches: no panel left behind.
    await page.evaluate(() => {
      const el = document.getElementById('cc');
      window.__detached = el;
      el.remove();
    });
    assert.equal(await page.evaluate(() => window.__detached.querySelectorAll('.cc-panel').length), 0);
  });
});

describe('hygiene', () => {
  test('no console errors, page errors, dialogs or CSP violations on any page', () => {
    assert.deepEqual(trouble.consoleErrors, []);
    assert.deepEqual(trouble.pageErrors, []);
    assert.deepEqual(trouble.dialogs, []);
    assert.deepEqual(trouble.cspViolations, []);
  });
});
