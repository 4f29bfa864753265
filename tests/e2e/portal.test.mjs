// Browser end-to-end tests of the demo portal (www/register.html, bid-opening.html,
// approval.html, inspector.html) against the signed demo snapshot in www/demo-data/, served by
// scripts/serve.mjs in-process and driven in headless Chromium through playwright-core.
//
//   cd tests && npm ci && cd .. && node --test tests/e2e/portal.test.mjs
//
// The demo data is made by scripts/demo-data.sh (run here first when www/demo-data/lists.ccs is
// missing; it needs the CLI from scripts/build.sh). Codes come from www/demo-data/personas.json,
// never from this file: the personas' expectations hold at today's cut-off, which is what the
// pages use by default.
//
// Artefacts in tests/e2e/artifacts/ (git-ignored): portal-*.png screenshots and
// portal-timing.json ({ portalFirstVerdictMs, snapshotReadyMs, … }: navigation start to the
// first verdict on register.html?demo=black-sxbzxr, which scripts/budgets.sh holds to its budget).
// CHROMIUM overrides the browser binary (default /usr/bin/chromium).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { CSP, start } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const DATA = path.join(ROOT, 'www/demo-data');
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };
const CHECK_TIMEOUT = 20_000;

let server;
let browser;
let personas;
const contexts = [];
/** What the good paths said: console errors, page errors, dialogs, CSP violations. */
const trouble = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [] };
const timing = {};

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  if (!existsSync(path.join(DATA, 'lists.ccs')) || !existsSync(path.join(DATA, 'personas.json'))) {
    const run = spawnSync('bash', ['scripts/demo-data.sh'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scripts/demo-data.sh failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  personas = JSON.parse(readFileSync(path.join(DATA, 'personas.json'), 'utf8')).personas;
  server = await start({ port: 0, host: '127.0.0.1' });
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

function persona(id) {
  const p = personas[id];
  assert.ok(p, `personas.json has ${id}`);
  return p;
}

/** A fresh page (its own context: localStorage, sequence store) whose trouble goes to `log`. */
async function openPage({ viewport = DESKTOP, log = trouble } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(CHECK_TIMEOUT);
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => log.pageErrors.push(`${page.url()}: ${err}`));
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await page.exposeFunction('__reportCsp', (v) => log.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    );
    // Every credit-check event the form dispatches, in order, for the assertions.
    window.__events = [];
    for (const type of ['credit-check:verdict', 'credit-check:blocked']) {
      document.addEventListener(type, (e) => window.__events.push({ type, decision: e.detail?.decision, reason: e.detail?.reason }), true);
    }
  });
  return page;
}

/** Opens a portal page and waits until its snapshot has loaded (or been refused). */
async function openPortal(pagePath, options = {}) {
  const page = await openPage(options);
  const response = await page.goto(`${server.url}${pagePath.replace(/^\//, '')}`);
  assert.equal(response.status(), 200, pagePath);
  assert.equal(response.headers()['content-security-policy'], CSP, 'served under the CSP');
  await page.waitForSelector(`html[data-snapshot]:not([data-snapshot="loading"])`, { state: 'attached', timeout: 30_000 });
  await page.waitForSelector('#persona-list .persona[data-persona], #insp-status', { state: 'attached' });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `portal-${name}.png`), fullPage: true });
}

/** Waits for the verdict panel to show `decision` (and the check to have settled). */
async function panelDecision(page, decision, root = '') {
  const sel = `${root} .cc-panel[data-decision="${decision}"]:not(.cc-panel--pending)`.trim();
  try {
    await page.waitForSelector(sel, { timeout: CHECK_TIMEOUT });
  } catch {
    const actual = await page.locator('.cc-panel').first().getAttribute('data-decision');
    assert.equal(actual, decision, 'verdict panel decision');
  }
  return page.locator('.cc-panel').first();
}

/**
 * Clicks a submit button once the form has settled: the inline validation of every filled code
 * field is shown (it appears after a debounce and moves the button down: a click aimed before
 * that lands elsewhere) and no check is pending.
 */
async function clickSubmit(page, selector) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('form [data-cc="code"]')]
      .filter((i) => i.value.trim() && i.closest('[hidden]') == null)
      .every((i) => i.nextElementSibling?.matches('.cc-field-msg:not([hidden])')),
  );
  await page.waitForSelector('.cc-panel:not(.cc-panel--pending)');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.locator(selector).click();
}

async function fillApplicant(page, prefix, p, { code = p.code } = {}) {
  await page.locator(`#${prefix}-name`).fill(p.name);
  await page.locator(`#${prefix}-code`).fill(code);
}

describe('demo portal', () => {
  test('register: a black-listed supplier is rejected with the measure and where to object; submit is blocked', async () => {
    const p = persona('black-sxbzxr');
    assert.equal(p.expect['SC-ZFCG-SUPPLIER'], 'block');
    const page = await openPortal('/register.html');
    assert.equal(await page.evaluate(() => window.__ccReady), true);
    await fillApplicant(page, 'reg', p);
    const panel = await panelDecision(page, 'block');
    const text = await panel.textContent();
    assert.match(text, /不予通过/);
    // The measure that rejects, with its text, and the listing authority to object to.
    const measure = panel.locator('[data-measure="M-PROC-REJ"]').first();
    assert.equal(await measure.count(), 1, 'M-PROC-REJ is shown');
    assert.match(await measure.textContent(), /拒绝其参与政府采购活动/);
    const objection = await page.evaluate(() => window.__ccControl.result.verdict.parties[0].hits[0].objection);
    assert.ok(objection.authority, 'the verdict names the authority');
    assert.ok(text.includes(objection.authority), `the panel shows the authority ${objection.authority}`);
    assert.ok(text.includes(objection.decisionNumber), 'and the decision number');
    assert.ok(await panel.locator('.cc-objection').first().isVisible(), 'the objection route is shown');
    // Spoken to the supplier, and the badge and the panel agree on the lists and their times.
    assert.match(await panel.locator('.cc-panel__heading').textContent(), /^您的信用核查结果：不予通过$/);
    const lists = await panel.locator('.cc-snapshot__meta .cc-dl__value').textContent();
    const [, issue, published, until] = lists.match(/第(\d+)期，(\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d)发布，有效至(\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d)/) ?? [];
    assert.ok(issue, `the panel names the lists in words and China time: ${lists}`);
    assert.match(issue, /^\d{10}$/, 'a readable issue number: date and run of the day');
    assert.equal(issue.slice(0, 8), new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', ''));
    const badge = await page.locator('#snap-badge').innerText();
    for (const part of [`第${issue}期`, `${published}发布`, `有效至${until}`]) assert.ok(badge.includes(part), `the badge says ${part}: ${badge}`);

    await clickSubmit(page, '#reg-submit');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'credit-check:blocked'));
    assert.equal(await page.locator('#reg-submitted').isVisible(), false, 'no confirmation');
    const focused = await page.evaluate(() => ({
      cls: document.activeElement?.className,
      inPanel: !!document.activeElement?.closest('.cc-panel'),
      tag: document.activeElement?.tagName,
    }));
    assert.ok(focused.inPanel && /cc-panel__heading/.test(focused.cls), `focus on the panel heading: ${JSON.stringify(focused)}`);
    assert.match(await panel.locator('.cc-panel__notice').textContent(), /已阻止提交/);
    assert.equal(new URL(page.url()).pathname, '/register.html', 'still on the page');
    await shot(page, 'register-blocked');

    const mobile = await openPortal('/register.html', { viewport: MOBILE });
    await fillApplicant(mobile, 'reg', p);
    await panelDecision(mobile, 'block');
    await shot(mobile, 'register-blocked-mobile');
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow}px too wide)`);
  });

  test('register: two clocks — a ban past its publication rejects; a fine without a ban passes; the panel shows both', async () => {
    const banned = persona('zfcg-ban-past-publication');
    assert.equal(banned.expect['SC-ZFCG-SUPPLIER'], 'block');
    const page = await openPortal('/register.html');
    await fillApplicant(page, 'reg', banned);
    const panel = await panelDecision(page, 'block');
    // The sanction as published, the ban on its own clock and the publication end, apart.
    assert.match(await panel.locator('.cc-hit__penalty').first().textContent(), /三年内禁止参加政府采购活动/);
    assert.match(await panel.locator('.cc-hit__ban').first().textContent(), /禁止期内/);
    assert.ok(await panel.locator('.cc-hit__publication-end').count(), 'the publication end is shown');
    assert.match(await panel.locator('.cc-hit__validity').first().textContent(), /公示期已满/);
    const hit = await page.evaluate(() => window.__ccControl.result.verdict.parties[0].hits[0]);
    assert.equal(hit.ban.state, 'running');
    assert.equal(hit.validity.state, 'termEnded');

    const fined = persona('zfcg-fine-only');
    assert.equal(fined.expect['SC-ZFCG-SUPPLIER'], 'pass');
    const page2 = await openPortal('/register.html');
    await fillApplicant(page2, 'reg', fined);
    const panel2 = await panelDecision(page2, 'pass');
    assert.match(await panel2.locator('.cc-hit__penalty').first().textContent(), /罚款人民币3万元/);
    assert.match(await panel2.locator('.cc-hit__ban').first().textContent(), /无禁止/);
    const hit2 = await page2.evaluate(() => window.__ccControl.result.verdict.parties[0].hits[0]);
    assert.equal(hit2.ban.state, 'noBan');
    assert.deepEqual(hit2.measures, [], 'no ban measure bears on a fine');
  });

  test('register: a clean supplier submits, and the confirmation shows the record SHA-256', async () => {
    const p = persona('clean-a');
    const page = await openPortal('/register.html');
    await fillApplicant(page, 'reg', p);
    await page.locator('#reg-rep-name').fill(p.legalRepName);
    await page.locator('#reg-rep-id').fill(p.legalRepId);
    await panelDecision(page, p.expect['SC-ZFCG-SUPPLIER']);
    // Issue 14: the page validates its fields with the small module (pkg/test/validate.test.mjs:
    // form.js imports nothing else); the checker's .wasm is fetched by the worker only, never by
    // the page (the worker's fetches are not in the page's resource timing).
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
    assert.ok(!wasm.includes('/pkg/wasm/credit_check_bg.wasm'), `the page fetched the checker: ${wasm}`);
    await clickSubmit(page, '#reg-submit');
    const box = page.locator('#reg-submitted');
    await box.waitFor({ state: 'visible' });
    const sha = (await box.locator('[data-sha256]').textContent()).trim();
    assert.match(sha, /^[0-9a-f]{64}$/);
    assert.equal(sha, await page.locator('input[name="credit_check_sha256"]').inputValue(), 'the SHA-256 of the record the form holds');
    assert.match(await box.textContent(), /已提交/);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('#reg-submitted') != null), true, 'focus moves to the confirmation');
    // The record downloads byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), box.locator('a[download]').click()]);
    const file = await download.path();
    assert.equal(readFileSync(file, 'utf8'), await page.locator('input[name="credit_check_record"]').inputValue());
    assert.equal(new URL(page.url()).pathname, '/register.html');
    await shot(page, 'register-submitted');
  });

  test('register: a consortium with one listed member is rejected, with the consortium note', async () => {
    const lead = persona('clean-a');
    const member = persona('consortium-listed');
    const page = await openPortal('/register.html');
    await fillApplicant(page, 'reg', lead);
    await panelDecision(page, 'pass');
    await page.locator('label[for="reg-jv"]').click();
    assert.equal(await page.locator('#members').isVisible(), true, 'the member rows appear');
    await page.locator('#member-1-name').fill(member.name);
    await page.locator('#member-1-code').fill(member.code);
    const panel = await panelDecision(page, 'block');
    const consortium = panel.locator('.cc-panel__consortium');
    assert.ok(await consortium.isVisible(), 'the consortium note is shown');
    assert.match(await consortium.textContent(), /联合体/);
    assert.equal(await panel.locator('.cc-party[data-index="0"]').getAttribute('data-decision'), 'pass', 'the lead is clean');
    assert.equal(await panel.locator('.cc-party[data-index="1"]').getAttribute('data-decision'), 'block', 'the member is listed');
    const request = await page.evaluate(() => window.__ccControl.result.request);
    assert.deepEqual(request.parties.map((x) => x.role), ['applicant', 'consortium_member']);
    await clickSubmit(page, '#reg-submit');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'credit-check:blocked'));
    assert.equal(await page.locator('#reg-submitted').isVisible(), false);
    await shot(page, 'register-consortium');

    // Another member row, then removing the listed one: the consortium passes again.
    await page.locator('#add-member').click();
    await page.locator('#member-2-name').fill(persona('clean-b').name);
    await page.locator('#member-2-code').fill(persona('clean-b').code);
    await page.locator('.member').first().locator('.member__remove').click();
    await page.locator('#reg-check').click();
    await panelDecision(page, 'pass');
  });

  test('register: a legacy organisation code matches the USCC entry', async () => {
    const p = persona('legacy-org');
    assert.ok(p.legacyCode, 'legacy-org has a legacy code');
    const page = await openPortal('/register.html');
    await page.locator('#reg-code').fill(p.legacyCode);
    const panel = await panelDecision(page, p.expect['SC-ZFCG-SUPPLIER']);
    const record = JSON.parse(await page.locator('input[name="credit_check_record"]').inputValue());
    const hit = record.verdict.parties[0].hits[0];
    assert.equal(hit.record.uscc, p.code, 'the entry found is the USCC one');
    assert.equal(record.input.parties[0].code, p.legacyCode, 'asked with the legacy code');
    assert.ok((await panel.textContent()).includes(p.name), 'the listed entity is shown');
    await shot(page, 'register-legacy-code');
  });

  test('approval: a red-listed applicant gets the green channel; a black-listed one no commitment', async () => {
    const red = persona('red-nsa');
    const page = await openPortal('/approval.html');
    await page.locator('label[for="mode-approval"]').click();
    await page.locator(`button[data-persona="red-nsa"][data-action="applicant"]`).click();
    assert.equal(await page.locator('#appr-code').inputValue(), red.code);
    const panel = await panelDecision(page, red.expect['SC-XZXK-APPROVAL']);
    const green = page.locator('.green-channel[data-effect="greenChannel"]');
    await green.waitFor({ state: 'visible' });
    assert.match(await green.textContent(), /绿色通道/);
    assert.ok((await panel.locator('.cc-effect--greenChannel').count()) > 0, 'the panel lists the green-channel measures');
    assert.equal(await page.evaluate(() => window.__ccControl.result.verdict.scenario), 'SC-XZXK-APPROVAL');
    await shot(page, 'approval-green-channel');

    // By commitment: the black-listed applicant may not use an approval-substitute commitment.
    const black = persona('black-sxbzxr');
    await page.locator('label[for="mode-commitment"]').click();
    await page.locator(`button[data-persona="black-sxbzxr"][data-action="applicant"]`).click();
    await panelDecision(page, black.expect['SC-XZXK-COMMITMENT']);
    await page.waitForSelector('#appr-commitment[data-state="denied"] .commitment__allowed[data-allowed="false"]');
    assert.equal(await page.evaluate(() => window.__ccControl.result.verdict.scenario), 'SC-XZXK-COMMITMENT');
    await shot(page, 'approval-commitment-denied');
  });

  test('bid opening: all five bidders checked, each decision as the personas expect', async () => {
    const page = await openPortal('/bid-opening.html');
    const rows = page.locator('#bidders tr.bidder');
    await page.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
    assert.equal(await rows.count(), 5);
    const scenario = await page.locator('#bid-scenario').inputValue();
    assert.equal(scenario, 'SC-ZTB-BID');
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.persona));
    for (const id of ids) assert.ok(persona(id).expect[scenario], `${id} has an expectation in ${scenario}`);
    await page.locator('#bid-run').click();
    await page.waitForSelector('#bid-results[data-done="true"]');
    const got = await page.locator('#bid-result-rows tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.persona, tr.dataset.decision]));
    assert.deepEqual(
      got,
      ids.map((id) => [id, personas[id].expect[scenario]]),
    );
    const summary = await page.locator('#bid-summary').innerText();
    assert.match(summary, /2家不予通过，不得进入评审；1家需评标委员会人工复核。/);
    assert.doesNotMatch(summary, /ms\b|用时/, 'the time taken is for support staff, not the summary');
    // The time taken and each record's digest are under 技术信息.
    const elapsed = page.locator('#bid-tech [data-key="elapsed"]');
    assert.equal(await elapsed.getAttribute('data-count'), '5');
    timing.bidOpening5Ms = Number(await elapsed.getAttribute('data-ms'));
    assert.equal(await page.locator('#bid-tech').getAttribute('open'), null);
    // Measures as the officer reads them: the text and its basis in full, never the measure id.
    const measures = await page.locator('#bid-result-rows [data-measure]').allInnerTexts();
    assert.ok(measures.length > 0);
    for (const m of measures) {
      assert.doesNotMatch(m, /\bM-[A-Z]/, m);
      assert.match(m, /依据《/, m);
    }
    // Each bidder has its own record; the download has all of them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#bid-download a[download]').click()]);
    const records = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(records.length, 5);
    for (const r of records) assert.match(r.sha256, /^[0-9a-f]{64}$/);
    assert.equal(new Set(records.map((r) => r.sha256)).size, 5);
    await shot(page, 'bid-opening');
  });

  test('inspector: status, sequence, the 18 list types, and a refused local file', async () => {
    const page = await openPortal('/inspector.html');
    await page.waitForSelector('#insp-status [data-key="sequence"]');
    const seq = (await page.locator('#insp-status [data-key="sequence"]').textContent()).trim();
    // The same file read in Node by the package: the page shows its status.
    const { init, loadSnapshot } = await import('../../pkg/node.js');
    await init();
    const snap = await loadSnapshot(readFileSync(path.join(DATA, 'lists.ccs')), {
      keys: readFileSync(path.join(DATA, 'keys.json'), 'utf8'),
    });
    const expected = snap.status();
    snap.close();
    assert.equal(seq, String(expected.sequence));
    assert.equal((await page.locator('#insp-status [data-key="keyId"]').textContent()).trim(), expected.keyId);
    assert.equal((await page.locator('#insp-status [data-key="payloadDigest"]').textContent()).trim(), expected.payloadDigest);
    for (const [id, n] of Object.entries(expected.counts.byListType)) {
      assert.equal(
        (await page.locator(`#insp-lists tr[data-list="${id}"] td.num`).textContent()).replace(/,/g, ''),
        String(n),
        id,
      );
    }
    assert.ok((await page.locator('#snap-badge').textContent()).includes(seq), 'the badge shows the same sequence');
    assert.equal(await page.locator('#insp-lists tr').count(), 18);
    assert.equal(await page.locator('#insp-lists tr[data-covered="true"]').count(), 18, 'all 18 covered');
    for (const key of ['publisher', 'keyId', 'algorithm', 'issuedAt', 'expiresAt', 'stale', 'region', 'size', 'payloadDigest']) {
      assert.notEqual((await page.locator(`#insp-status [data-key="${key}"]`).textContent()).trim(), '', key);
    }
    assert.match(await page.locator('#insp-status [data-key="payloadDigest"]').textContent(), /^[0-9a-f]{64}$/);
    assert.match(await page.locator('#insp-catalogue [data-key="catalogueVersion"]').textContent(), /\S/);
    await shot(page, 'inspector');

    await page.locator('#insp-file').setInputFiles(path.join(DATA, 'lists-tampered.ccs'));
    const error = page.locator('#insp-error');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.getAttribute('data-code'), 'DIGEST_MISMATCH');
    assert.match(await error.textContent(), /快照摘要不符/);
    assert.equal((await page.locator('#insp-status [data-key="sequence"]').textContent()).trim(), seq, 'the snapshot in use is unchanged');
    await shot(page, 'inspector-refused-file');
  });

  test('time to first verdict on the demo page (register.html?demo=black-sxbzxr)', async (t) => {
    const page = await openPage();
    await page.goto(`${server.url}register.html?demo=black-sxbzxr`);
    await page.waitForFunction(() => window.__ccTiming?.navToFirstVerdictMs > 0, null, { timeout: 30_000 });
    await panelDecision(page, persona('black-sxbzxr').expect['SC-ZFCG-SUPPLIER']);
    const marks = await page.evaluate(() => ({
      ...window.__ccTiming,
      domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd,
    }));
    Object.assign(timing, {
      portalFirstVerdictMs: Math.round(marks.navToFirstVerdictMs * 10) / 10,
      snapshotReadyMs: Math.round(marks.snapshotReadyMs * 10) / 10,
      snapshotLoadMs: Math.round(marks.snapshotLoadMs * 10) / 10,
      domContentLoadedMs: Math.round(marks.domContentLoaded * 10) / 10,
      snapshotBytes: statSync(path.join(DATA, 'lists.ccs')).size,
      page: 'register.html?demo=black-sxbzxr',
      measuredAt: new Date().toISOString(),
    });
    assert.ok(timing.portalFirstVerdictMs >= timing.snapshotReadyMs, 'the verdict follows the snapshot');
    await writeFile(path.join(ARTIFACTS, 'portal-timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
    const line =
      `portal time to first verdict: ${timing.portalFirstVerdictMs} ms from navigation start ` +
      `(DOMContentLoaded ${timing.domContentLoadedMs} ms, snapshot of ${timing.snapshotBytes} bytes downloaded, verified and indexed ` +
      `in the worker at ${timing.snapshotReadyMs} ms)`;
    t.diagnostic(line);
    console.log(JSON.stringify({ portalFirstVerdictMs: timing.portalFirstVerdictMs, snapshotReadyMs: timing.snapshotReadyMs }));
    assert.ok(timing.portalFirstVerdictMs < 10_000, line);
  });

  test('every page: labelled controls, navigation, lang attributes, the demo ribbon', async () => {
    for (const name of ['register', 'bid-opening', 'approval', 'inspector']) {
      const page = await openPortal(`/${name}.html`);
      const report = await page.evaluate(() => {
        const visible = (e) => e.getClientRects().length > 0 && e.closest('[hidden]') == null;
        const unlabelled = [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
          .filter(visible)
          .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.localName === 'button' && e.textContent.trim())))
          .map((e) => e.outerHTML.slice(0, 80));
        const current = [...document.querySelectorAll('.sitenav a[aria-current="page"]')].map((a) => a.getAttribute('href'));
        const englishWithoutLang = [...document.querySelectorAll('.en')].filter((e) => !e.closest('[lang="en"]')).length;
        return {
          lang: document.documentElement.lang,
          unlabelled,
          current,
          navLinks: document.querySelectorAll('.sitenav a').length,
          englishWithoutLang,
          ribbon: document.querySelector('.demo-ribbon')?.innerText.replace(/\s+/g, ' ').trim(),
          landmarks: ['.demo-ribbon', '.topbar__note', '#snap-badge'].map((s) => !!document.querySelector(s)?.closest('header:not(main header)')),
          h1: document.querySelectorAll('h1').length,
          main: document.querySelectorAll('main').length,
        };
      });
      assert.equal(report.lang, 'zh-CN', name);
      assert.deepEqual(report.unlabelled, [], `${name}: every control has a label`);
      assert.deepEqual(report.current, [`/${name}.html`], `${name}: the nav marks the page`);
      assert.equal(report.navLinks, 5);
      assert.equal(report.englishWithoutLang, 0, `${name}: English text carries lang="en"`);
      assert.match(report.ribbon, /演示环境.*合成数据/);
      assert.ok(report.landmarks.every(Boolean), `${name}: the ribbon, the top-bar note and the badge are in the banner landmark`);
      assert.equal(report.h1, 1);
      assert.equal(report.main, 1);
    }
  });

  test('the language toggle switches to English, re-renders the verdict and is remembered', async () => {
    const page = await openPortal('/approval.html');
    await page.locator('button[data-persona="black-sxbzxr"][data-action="applicant"]').click();
    await panelDecision(page, persona('black-sxbzxr').expect['SC-XZXK-COMMITMENT']);
    // The button says the language it switches to, in that language: its name is its text.
    assert.equal(await page.locator('#lang-toggle').textContent(), 'English');
    assert.equal(await page.locator('#lang-toggle').getAttribute('aria-label'), null);
    assert.equal(await page.locator('#lang-toggle').getAttribute('lang'), 'en');
    // One language at a time: no English under the Chinese.
    assert.equal(await page.locator('h1 .en').isVisible(), false, 'no grey English copy under the Chinese title');
    assert.equal(await page.locator('.field__hint .en').first().isVisible(), false);
    await page.locator('#lang-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('#lang-toggle').textContent(), '中文');
    assert.equal(await page.locator('#lang-toggle').getAttribute('lang'), 'zh-CN');
    await page.waitForSelector('.cc-panel[lang="en"][data-decision="block"]');
    assert.match(await page.locator('.cc-panel__heading').textContent(), /Rejected/);
    assert.equal(await page.locator('h1 .zh').isVisible(), false, 'the Chinese title is hidden');
    assert.equal(await page.locator('h1 .en').isVisible(), true);
    assert.equal(await page.title(), 'Approval by commitment · Credit Check');
    assert.equal(await page.locator('nav.sitenav').getAttribute('aria-label'), 'Site');
    assert.equal(await page.locator('#appr-matter option').first().textContent(), 'Food business licence (new)');
    await shot(page, 'approval-english');
    await page.reload();
    await page.waitForSelector('html[lang="en"][data-snapshot="ready"]');
    await page.locator('#lang-toggle').click();
    assert.equal(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('credit-check:portal-lang')]).then((x) => x.join()), 'zh-CN,zh-CN');
  });

  test('no console errors, page errors, dialogs or CSP violations on the good paths', () => {
    assert.deepEqual(trouble.consoleErrors, []);
    assert.deepEqual(trouble.pageErrors, []);
    assert.deepEqual(trouble.dialogs, []);
    assert.deepEqual(trouble.cspViolations, []);
  });
});

describe('demo portal, failure paths', () => {
  test('a tampered snapshot shows DIGEST_MISMATCH; the form blocks by default and submits under ?fail=warn', async () => {
    const log = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [] };
    const p = persona('clean-a');
    const page = await openPortal('/register.html?snapshot=tampered', { log });
    assert.equal(await page.evaluate(() => window.__ccFailed), 'DIGEST_MISMATCH');
    const banner = page.locator('#snapshot-error');
    assert.ok(await banner.isVisible());
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.equal(await banner.getAttribute('data-code'), 'DIGEST_MISMATCH');
    // Said in words; the code and the file are under 技术信息, collapsed.
    assert.match(await banner.innerText(), /名单快照未启用\s*快照摘要不符，可能已被篡改。请稍后刷新页面/);
    assert.doesNotMatch(await banner.innerText(), /DIGEST_MISMATCH|\.ccs/);
    assert.equal(await banner.locator('.banner__errcode', { hasText: 'DIGEST_MISMATCH' }).count(), 1);
    assert.match(await banner.locator('details.tech').textContent(), /lists-tampered\.ccs/);
    assert.equal(await page.locator('#snap-badge').getAttribute('data-state'), 'failed');
    assert.match(await page.locator('.variant-policy').textContent(), /核查无法完成时：不能提交/);
    assert.equal(await page.locator('.snapline').isVisible(), false, 'the banner says it: no second line saying it again');
    await fillApplicant(page, 'reg', p);
    const unavailable = await panelDecision(page, 'unavailable');
    assert.equal(await unavailable.locator('.cc-panel__status').textContent(), '暂时无法核查信用记录。');
    await clickSubmit(page, '#reg-submit');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'credit-check:blocked'));
    assert.equal((await page.locator('main').innerText()).match(/不能提交/g)?.length, 1, 'the block is said once on the page');
    const blocked = await page.evaluate(() => window.__events.find((e) => e.type === 'credit-check:blocked'));
    assert.deepEqual(blocked, { type: 'credit-check:blocked', decision: 'unavailable', reason: 'failPolicy' });
    assert.equal(await page.locator('#reg-submitted').isVisible(), false, 'not submitted');
    await shot(page, 'tampered-blocked');

    const warn = await openPortal('/register.html?snapshot=tampered&fail=warn', { log });
    assert.ok(await warn.locator('#snapshot-error').isVisible());
    assert.match(await warn.locator('.variant-policy').textContent(), /核查无法完成时：可以提交/);
    await fillApplicant(warn, 'reg', p);
    await panelDecision(warn, 'unavailable');
    await clickSubmit(warn, '#reg-submit');
    const box = warn.locator('#reg-submitted');
    await box.waitFor({ state: 'visible' });
    assert.match(await box.textContent(), /未完成信用核查/);
    assert.equal(await box.locator('[data-sha256]').count(), 0, 'no record: nothing was checked');
    await shot(warn, 'tampered-warn-submitted');
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.cspViolations, []);
  });

  test('a stale snapshot is loaded but every check says stale; the badge turns red', async () => {
    const log = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [] };
    const page = await openPortal('/register.html?snapshot=stale', { log });
    assert.equal(await page.locator('#snap-badge').getAttribute('data-state'), 'stale');
    assert.ok(await page.locator('#snapshot-stale').isVisible());
    // No persona is expected to pass under a stale snapshot (a block still blocks).
    const expected = await page.locator('#persona-list [data-role="expect"] [data-decision]').evaluateAll((b) => [...new Set(b.map((x) => x.dataset.decision))].sort());
    assert.deepEqual(expected, ['block', 'invalidInput', 'stale'].filter((d) => expected.includes(d)));
    assert.ok(!expected.includes('pass') && expected.includes('stale'), JSON.stringify(expected));
    assert.equal(await page.locator('#persona-list .persona__note:visible').count(), 0, 'the notes say what a valid snapshot gives: hidden');
    await fillApplicant(page, 'reg', persona('clean-a'));
    const panel = await panelDecision(page, 'stale');
    assert.deepEqual(await panel.locator('.cc-party').evaluateAll((a) => a.map((x) => x.dataset.decision)), ['stale'], 'the party is not shown as passed');
    assert.doesNotMatch((await page.locator('body').innerText()).replace(/不予通过/g, ''), /通过/);
    await clickSubmit(page, '#reg-submit');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'credit-check:blocked'));
    assert.equal(await page.locator('#reg-submitted').isVisible(), false);
    await shot(page, 'stale-blocked');
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.cspViolations, []);
  });
});
