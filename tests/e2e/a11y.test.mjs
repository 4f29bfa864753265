// Accessibility and plain reading of every page in every state the browser tests reach (issue 15):
// axe-core (WCAG 2.1 A/AA and best practice) must find no critical and no serious violation, and
// the page as a reader sees it must be in one language, without internal codes, raw times or
// repeated messages, without horizontal scrolling, and never show "通过"/pass while the snapshot
// does not count. On a 390 px phone the first form field is on the first screen.
//
//   node --test tests/e2e/a11y.test.mjs
//
// Writes tests/e2e/artifacts/axe-summary.json (counts per page and state), which
// scripts/axe-report.mjs prints as a table and gates in the test command.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { AXE_VERSION, describeViolations, readPage, readerProblems, runAxe } from './axe.mjs';
import { start } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const DATA = path.join(ROOT, 'www/demo-data');
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };
const XIAOMI = '91110108551385082Q';
const BAD = '91110108551385O82Q';

let server;
let browser;
let personas;
const results = []; // { page, state, viewport, lang, counts }
const contexts = [];

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  if (!['lists.ccs', 'personas.json', 'national/manifest.ccs'].every((f) => existsSync(path.join(DATA, f)))) {
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
  await writeFile(
    path.join(ARTIFACTS, 'axe-summary.json'),
    `${JSON.stringify({ axe: AXE_VERSION, measuredAt: new Date().toISOString(), results }, null, 2)}\n`,
  );
});

function persona(id) {
  assert.ok(personas[id], `personas.json has ${id}`);
  return personas[id];
}

/** The first persona whose expectation in `scenario` is `decision`. */
function personaWith(scenario, decision) {
  const id = Object.keys(personas).find((k) => personas[k].expect?.[scenario] === decision);
  assert.ok(id, `a persona with ${decision} in ${scenario}`);
  return personas[id];
}

async function open(pagePath, { viewport = DESKTOP, english = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  if (english) await page.addInitScript(() => localStorage.setItem('credit-check:portal-lang', 'en'));
  await page.goto(`${server.url}${pagePath.replace(/^\//, '')}`);
  if (pagePath.startsWith('/index') || pagePath === '/') {
    await page.waitForSelector('html[data-ready]');
  } else {
    await page.waitForSelector('html[data-snapshot]:not([data-snapshot="loading"])', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('#persona-list .persona[data-persona], #insp-status .kv__row', { state: 'attached' });
  }
  return page;
}

async function settled(page, decision) {
  await page.waitForSelector(`.cc-panel[data-decision="${decision}"]:not(.cc-panel--pending):not(.cc-panel--outdated)`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function fill(page, prefix, p) {
  await page.locator(`#${prefix}-name`).fill(p.name);
  await page.locator(`#${prefix}-code`).fill(p.code);
}

/** Runs axe and the reader's checks on the page as it is; records the counts; asserts. */
async function audit(page, name, state, { noPass = false } = {}) {
  const { counts, violations } = await runAxe(page);
  const view = await readPage(page);
  const viewport = page.viewportSize();
  results.push({ page: name, state, viewport: `${viewport.width}px`, lang: view.uiLang === 'en' ? 'en' : 'zh-CN', counts });
  assert.equal(counts.critical + counts.serious, 0, `${name} / ${state}: axe\n${describeViolations(violations)}`);
  const problems = readerProblems(view, { personaIds: Object.keys(personas), noPass });
  assert.deepEqual(problems, [], `${name} / ${state}`);
}

describe('accessibility and reading, every page and state', () => {
  test('identifier checker: empty, valid, invalid, English, phone', async () => {
    const page = await open('/index.html');
    await audit(page, 'index', 'empty');
    await page.locator('#code').fill(XIAOMI);
    await page.waitForSelector('#result[data-state="ok"]');
    await audit(page, 'index', 'identifier result: valid');
    await page.locator('#code').fill(BAD);
    await page.waitForSelector('#result[data-state="bad"]');
    await audit(page, 'index', 'identifier result: invalid');
    await page.locator('#lang-toggle').click();
    await page.waitForSelector('html[lang="en"]');
    await audit(page, 'index', 'English, invalid');
    const phone = await open('/index.html', { viewport: MOBILE });
    await phone.locator('#code').fill(XIAOMI);
    await phone.waitForSelector('#result[data-state="ok"]');
    await audit(phone, 'index', 'phone, valid');
  });

  test('supplier registration: blocked, passed, review, consortium, submitted, English, phone', async () => {
    const page = await open('/register.html');
    await audit(page, 'register', 'ready, empty');
    await fill(page, 'reg', persona('black-sxbzxr'));
    await settled(page, 'block');
    await page.locator('#reg-submit').click();
    await page.waitForSelector('.cc-panel__notice--blocked:not([hidden])');
    await audit(page, 'register', 'blocked (submit refused)');

    await fill(page, 'reg', persona('clean-a'));
    await settled(page, 'pass');
    await audit(page, 'register', 'passed');
    await page.locator('#reg-submit').click();
    await page.waitForSelector('#reg-submitted:not([hidden])');
    await audit(page, 'register', 'submitted');

    const review = await open('/register.html');
    await fill(review, 'reg', personaWith('SC-ZFCG-SUPPLIER', 'review'));
    await settled(review, 'review');
    await audit(review, 'register', 'review');

    const jv = await open('/register.html');
    await fill(jv, 'reg', persona('clean-a'));
    await jv.locator('label[for="reg-jv"]').click();
    await jv.locator('#member-1-name').fill(persona('consortium-listed').name);
    await jv.locator('#member-1-code').fill(persona('consortium-listed').code);
    await settled(jv, 'block');
    await audit(jv, 'register', 'consortium blocked');

    const english = await open('/register.html', { english: true });
    await fill(english, 'reg', persona('black-sxbzxr'));
    await settled(english, 'block');
    await audit(english, 'register', 'English, blocked');

    const phone = await open('/register.html', { viewport: MOBILE });
    await fill(phone, 'reg', persona('black-sxbzxr'));
    await settled(phone, 'block');
    await audit(phone, 'register', 'phone, blocked');
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.locator('#sitenav-toggle').click();
    assert.equal(await phone.locator('#sitenav-list').isVisible(), true, 'the menu opens');
    await audit(phone, 'register', 'phone, menu open');
  });

  test('bid opening: results, English, phone', async () => {
    for (const [state, options] of [
      ['results', {}],
      ['English, results', { english: true }],
      ['phone, results', { viewport: MOBILE }],
    ]) {
      const page = await open('/bid-opening.html', options);
      await page.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
      if (state === 'results') await audit(page, 'bid-opening', 'ready, bidders listed');
      await page.locator('#bid-run').click();
      await page.waitForSelector('#bid-results[data-done="true"]');
      await audit(page, 'bid-opening', state);
    }
  });

  test('approval: green channel (pass), commitment denied (blocked), review, English, phone', async () => {
    const page = await open('/approval.html');
    await page.locator('label[for="mode-approval"]').click();
    await page.locator('button[data-persona="red-nsa"][data-action="applicant"]').click();
    await settled(page, 'pass');
    await page.waitForSelector('.green-channel');
    await audit(page, 'approval', 'passed, green channel');
    await page.locator('button[data-persona="black-sxbzxr"][data-action="applicant"]').click();
    await settled(page, 'review');
    await audit(page, 'approval', 'review');
    await page.locator('label[for="mode-commitment"]').click();
    await page.locator('button[data-persona="black-sxbzxr"][data-action="applicant"]').click();
    await settled(page, 'block');
    await page.locator('#appr-submit').click();
    await page.waitForSelector('.cc-panel__notice--blocked:not([hidden])');
    await audit(page, 'approval', 'blocked (commitment denied)');

    const english = await open('/approval.html', { english: true });
    await english.locator('button[data-persona="black-sxbzxr"][data-action="applicant"]').click();
    await settled(english, 'block');
    await audit(english, 'approval', 'English, blocked');

    const phone = await open('/approval.html', { viewport: MOBILE });
    await phone.locator('button[data-persona="red-nsa"][data-action="applicant"]').click();
    await settled(phone, 'pass');
    await audit(phone, 'approval', 'phone, passed');
  });

  test('snapshot inspector: status, a refused file, English, phone', async () => {
    const page = await open('/inspector.html');
    await page.waitForSelector('#insp-status [data-key="sequence"]');
    await audit(page, 'inspector', 'status');
    await page.locator('#insp-file').setInputFiles(path.join(DATA, 'lists-tampered.ccs'));
    await page.waitForSelector('#insp-error:not([hidden])');
    await audit(page, 'inspector', 'refused local file');
    const english = await open('/inspector.html', { english: true });
    await english.waitForSelector('#insp-status [data-key="sequence"]');
    await audit(english, 'inspector', 'English');
    const phone = await open('/inspector.html', { viewport: MOBILE });
    await phone.waitForSelector('#insp-status [data-key="sequence"]');
    await audit(phone, 'inspector', 'phone');
  });

  test('the national list (?list=national): inspector with the files downloaded, bid opening, English, phone', async () => {
    const insp = await open('/inspector.html?list=national');
    await insp.waitForSelector('#insp-status [data-key="shards"]');
    await insp.waitForSelector('#insp-files tr');
    await audit(insp, 'inspector', 'national, manifest only');
    await insp.locator('#insp-try-code').fill(persona('black-sxbzxr').code);
    await insp.locator('#insp-try-run').click();
    await insp.waitForSelector('#insp-try-result[data-decision="block"]');
    await insp.waitForSelector('#insp-files tr[data-kind="shard"]');
    await audit(insp, 'inspector', 'national, files downloaded');
    const english = await open('/inspector.html?list=national', { english: true });
    await english.waitForSelector('#insp-files tr');
    await english.locator('#insp-try-code').fill(persona('clean-a').code);
    await english.locator('#insp-try-run').click();
    await english.waitForSelector('#insp-try-result[data-decision]');
    await english.waitForSelector('#insp-files tr[data-kind="shard"]');
    await audit(english, 'inspector', 'national, English, files downloaded');
    const phone = await open('/inspector.html?list=national', { viewport: MOBILE });
    await phone.waitForSelector('#insp-files tr');
    await phone.locator('#insp-try-code').fill(persona('black-sxbzxr').code);
    await phone.locator('#insp-try-run').click();
    await phone.waitForSelector('#insp-files tr[data-kind="shard"]');
    await audit(phone, 'inspector', 'national, phone');
    const bid = await open('/bid-opening.html?list=national');
    await bid.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
    await bid.locator('#bid-run').click();
    await bid.waitForSelector('#bid-results[data-done="true"]');
    await audit(bid, 'bid-opening', 'national, results');
  });

  test('a stale snapshot: every page, and never a pass', async () => {
    const reg = await open('/register.html?snapshot=stale');
    await fill(reg, 'reg', persona('clean-a'));
    await settled(reg, 'stale');
    await audit(reg, 'register', 'stale', { noPass: true });
    const english = await open('/register.html?snapshot=stale', { english: true });
    await fill(english, 'reg', persona('clean-a'));
    await settled(english, 'stale');
    await audit(english, 'register', 'English, stale', { noPass: true });
    const bid = await open('/bid-opening.html?snapshot=stale');
    await bid.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
    await bid.locator('#bid-run').click();
    await bid.waitForSelector('#bid-results[data-done="true"]');
    await audit(bid, 'bid-opening', 'stale, results', { noPass: true });
    const appr = await open('/approval.html?snapshot=stale', { viewport: MOBILE });
    await appr.locator('button[data-persona="red-nsa"][data-action="applicant"]').click();
    await settled(appr, 'stale');
    await audit(appr, 'approval', 'phone, stale', { noPass: true });
    const insp = await open('/inspector.html?snapshot=stale');
    await insp.waitForSelector('#insp-status [data-key="sequence"]');
    await audit(insp, 'inspector', 'stale', { noPass: true });
  });

  test('a tampered (refused) snapshot: every page, and never a pass', async () => {
    const reg = await open('/register.html?snapshot=tampered');
    await fill(reg, 'reg', persona('clean-a'));
    await settled(reg, 'unavailable');
    await reg.locator('#reg-submit').click();
    await reg.waitForSelector('.cc-panel__notice--blocked:not([hidden])');
    await audit(reg, 'register', 'tampered, blocked', { noPass: true });
    const phone = await open('/register.html?snapshot=tampered', { viewport: MOBILE });
    await fill(phone, 'reg', persona('clean-a'));
    await settled(phone, 'unavailable');
    await audit(phone, 'register', 'phone, tampered', { noPass: true });
    const bid = await open('/bid-opening.html?snapshot=tampered');
    await bid.waitForFunction(() => document.querySelectorAll('#bidders tr.bidder').length >= 5);
    await bid.locator('#bid-run').click();
    await bid.waitForSelector('#bid-results[data-done="true"]');
    await audit(bid, 'bid-opening', 'tampered, results', { noPass: true });
    const appr = await open('/approval.html?snapshot=tampered', { english: true });
    await appr.locator('button[data-persona="clean-a"][data-action="applicant"]').click();
    await settled(appr, 'unavailable');
    await audit(appr, 'approval', 'English, tampered', { noPass: true });
    const insp = await open('/inspector.html?snapshot=tampered');
    await insp.waitForSelector('#insp-error, #snapshot-error:not([hidden])');
    await audit(insp, 'inspector', 'tampered', { noPass: true });
  });
});

describe('on a 390 px phone', () => {
  test('the first form field is on the first screen; the header, menu and intro are collapsed', async () => {
    for (const [pagePath, field] of [
      ['/index.html', '#code'],
      ['/register.html', '#reg-name'],
      ['/bid-opening.html', '#bid-scenario'],
      ['/approval.html', '#appr-name'],
      ['/register.html?snapshot=stale', '#reg-name'],
      ['/register.html?snapshot=tampered', '#reg-name'],
    ]) {
      const page = await open(pagePath, { viewport: MOBILE });
      const box = await page.locator(field).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= MOBILE.height, `${pagePath}: ${field} at ${box?.y}–${box && box.y + box.height}px, screen ${MOBILE.height}px`);
      assert.equal(await page.locator('#sitenav-list').isVisible(), false, `${pagePath}: the menu is collapsed`);
      assert.equal(await page.locator('details.page-intro').getAttribute('open'), null, `${pagePath}: the intro is collapsed`);
      assert.equal(await page.locator('.page-lead').isVisible(), false, `${pagePath}: the intro text waits behind its summary`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${pagePath}: ${overflow}px of horizontal scroll`);
    }
    // A long value wraps: an unbroken 100-character name and the verdict on it stay on the screen.
    const long = await open('/register.html', { viewport: MOBILE });
    await long.locator('#reg-name').fill(`FUZHOU${'MINSHUNDA'.repeat(10)}有限公司`);
    await long.locator('#reg-code').fill(persona('black-sxbzxr').code);
    await settled(long, 'block');
    const wide = await long.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `a long name: ${wide}px of horizontal scroll`);
    const nameBox = await long.locator('.cc-party__ids .cc-dl__value').nth(1).boundingBox();
    assert.ok(nameBox.x + nameBox.width <= MOBILE.width, 'the name wraps inside the screen');

    // On a desktop the intro is open and the menu button is not there.
    const desktop = await open('/register.html');
    assert.notEqual(await desktop.locator('details.page-intro').getAttribute('open'), null);
    assert.equal(await desktop.locator('#sitenav-toggle').isVisible(), false);
    assert.equal(await desktop.locator('#sitenav-list').isVisible(), true);
  });
});
