// Browser end-to-end tests of the identifier checker page (www/), served by scripts/serve.mjs
// in-process on a free port and driven in headless Chromium through playwright-core.
//
//   cd tests && npm ci && cd .. && node --test tests/e2e/
//
// CHROMIUM overrides the browser binary (default /usr/bin/chromium). Full-page screenshots go to
// tests/e2e/artifacts/ (git-ignored), with timing.json holding the time-to-first-verdict figures.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { CSP, start } from '../../scripts/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };

const XIAOMI = '91110108551385082Q';
const XIAOMI_BAD_CHECK = '91110108551385082A';
const PILOT = '91350100M000100Y44';
const ID_NUMBER = '11010519491231002X';
const ID_MASKED = '110105********002X';
const XSS = '<img src=x onerror=alert(1)>';

let server;
let browser;
const contexts = [];
// Everything the pages that should be clean said: console errors, page errors, dialogs, CSP
// violations. The test that breaks the wasm on purpose keeps its own list.
const trouble = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [], wasmMimeWarnings: [] };
const timing = {};

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await start({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

after(async () => {
  try {
    await writeFile(path.join(ARTIFACTS, 'timing.json'), `${JSON.stringify(timing, null, 2)}\n`).catch(() => {});
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
  } finally {
    if (server) await server.close();
  }
});

/** A fresh page whose console errors, page errors, dialogs and CSP violations go to `log`. */
async function openPage({ viewport = DESKTOP, log = trouble } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error') log.consoleErrors.push(text);
    if (/instantiateStreaming|application\/wasm/i.test(text)) log.wasmMimeWarnings.push(text);
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

async function openReady(options) {
  const page = await openPage(options);
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const problem = (page, code) => page.locator(`#problems li[data-code="${code}"]`);

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Sends a raw request: `path` goes on the wire exactly as given (no client-side normalising). */
function rawRequest(rawPath, method = 'GET') {
  const { port } = server;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('server', () => {
  test('serves the page, the package and the wasm with the right types, CSP and no-cache', async () => {
    const cases = [
      ['/', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/pkg/index.js', 'text/javascript; charset=utf-8'],
      ['/pkg/wasm/credit_check_bg.wasm', 'application/wasm'],
      ['/pkg/package.json', 'application/json; charset=utf-8'],
    ];
    for (const [p, type] of cases) {
      const res = await rawRequest(p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers['content-type'], type, p);
      assert.equal(res.headers['content-security-policy'], CSP, p);
      assert.equal(res.headers['cache-control'], 'no-cache', p);
    }
    assert.equal(CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
    const head = await rawRequest('/pkg/wasm/credit_check_bg.wasm', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 1000);
    assert.equal((await rawRequest('/', 'POST')).status, 405);
  });

  test('directory traversal and hidden files get 404', async () => {
    for (const p of [
      '/pkg/../Cargo.toml',
      '/%2e%2e/Cargo.toml',
      '/pkg/%2e%2e/Cargo.toml',
      '/pkg/..%2fCargo.toml',
      '/pkg/%2E%2E%2FCargo.toml',
      '/..%5cCargo.toml',
      '/pkg/..\\..\\Cargo.toml',
      '/../../etc/passwd',
      '/pkg/../../../etc/passwd',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/.git/HEAD',
      '/pkg/%00index.js',
      '/%E0%A4%A',
      '/Cargo.toml',
      '/pkg/',
      '/nope.html',
    ]) {
      const res = await rawRequest(p);
      assert.equal(res.status, 404, `${p} → ${res.status}`);
      assert.ok(!res.body.includes('[package]') && !res.body.includes('root:'), p);
      assert.equal(res.headers['content-security-policy'], CSP, `404 for ${p} carries the CSP`);
    }
  });
});

describe('identifier checker page', () => {
  test('time to first verdict (an example filled on load, and after typing)', async (t) => {
    const page = await openPage();
    const response = await page.goto(`${server.url}#code=${XIAOMI}`);
    assert.equal(response.headers()['content-security-policy'], CSP, 'the page is served under the CSP');
    await page.waitForSelector('#result[data-state="ok"]');
    await page.waitForFunction(() => performance.getEntriesByName('cc:first-verdict').length > 0);
    const marks = await page.evaluate(() => ({
      ready: performance.getEntriesByName('cc:ready')[0]?.startTime,
      firstVerdict: performance.getEntriesByName('cc:first-verdict')[0]?.startTime,
      domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd,
    }));
    assert.ok(marks.firstVerdict > 0 && marks.firstVerdict < 5000, JSON.stringify(marks));
    timing.onLoad = marks;

    // After typing: a fresh page, the user types the code; the verdict follows the last key.
    const typed = await openReady();
    await typed.locator('#code').pressSequentially(XIAOMI);
    await typed.waitForSelector('#result[data-state="ok"]');
    await typed.waitForFunction(() => performance.getEntriesByName('cc:first-verdict').length > 0);
    timing.afterTyping = await typed.evaluate(() => ({
      firstVerdict: performance.getEntriesByName('cc:first-verdict')[0].startTime,
    }));
    // Keystroke to painted verdict, averaged over 20 edits.
    timing.inputToVerdictMs = await typed.evaluate(async () => {
      const input = document.getElementById('code');
      const codes = ['91110108551385082A', '91110108551385082Q'];
      let painted = 0;
      let rendered = 0;
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        input.value = codes[i % 2];
        input.dispatchEvent(new Event('input', { bubbles: true })); // validates and renders synchronously
        rendered += performance.now() - t0;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        painted += performance.now() - t0;
      }
      return { rendered: rendered / 20, painted: painted / 20 };
    });
    const line =
      `time to first verdict: ${marks.firstVerdict.toFixed(1)} ms from navigation start ` +
      `(example filled on load, cold: DOMContentLoaded ${marks.domContentLoaded.toFixed(1)} ms, ` +
      `wasm ready ${marks.ready.toFixed(1)} ms); typing on a second load: ` +
      `${timing.afterTyping.firstVerdict.toFixed(1)} ms to the verdict on the first keystroke; ` +
      `each edit: validated and rendered in ${timing.inputToVerdictMs.rendered.toFixed(2)} ms, ` +
      `painted after ${timing.inputToVerdictMs.painted.toFixed(1)} ms (next frame)`;
    t.diagnostic(line);
    await shot(page, 'desktop-xiaomi-on-load');
  });

  test('typing the Xiaomi code shows 有效, the kind and the division', async () => {
    const page = await openReady();
    await page.locator('#code').pressSequentially(XIAOMI);
    await expectVerdict(page, '有效');
    assert.equal(await page.locator('#result').getAttribute('data-state'), 'ok');
    const kind = await page.locator('#kind-out').textContent();
    assert.match(kind, /统一社会信用代码/);
    assert.match(kind, /Unified social credit code/);
    const division = page.locator('#parts [data-part="division"]');
    assert.match(await division.textContent(), /110108\s*北京市海淀区/);
    assert.equal(await division.locator('.badge').getAttribute('data-status'), 'current');
    assert.match(await page.locator('#parts [data-part="authority"]').textContent(), /工商/);
    assert.match(await page.locator('#parts [data-part="category"]').textContent(), /企业/);
    assert.match(await page.locator('#parts [data-part="orgCode"]').textContent(), /55138508-2/);
    assert.match(await page.locator('#parts [data-part="checkCharacter"]').textContent(), /Q/);
    assert.equal(await page.locator('#normalized .cell').count(), 18);
    assert.equal(await page.locator('#problems li').count(), 0);
    assert.equal(await page.locator('#problems-section').isVisible(), false);
    await shot(page, 'desktop-xiaomi-typed');
  });

  test('the page loads the small module only (identifiers), not the checker', async () => {
    const page = await openPage();
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.locator('#code').fill(XIAOMI);
    await expectVerdict(page, '有效');
    const modules = requested.filter((p) => p.startsWith('/pkg/')).sort();
    // errors.js and identifiers.js: the package's one error shape and the identifier functions
    // both entries share (no checker in either).
    assert.deepEqual(modules, ['/pkg/errors.js', '/pkg/identifiers.js', '/pkg/validate.js', '/pkg/wasm/credit_check_validate.js', '/pkg/wasm/credit_check_validate_bg.wasm']);
  });

  test('a wrong check character under strict shows CHECK_CHARACTER 应为Q at position 18', async () => {
    const page = await openReady();
    await page.locator('label[for="profile-strict"]').click();
    await page.locator('#code').pressSequentially(XIAOMI_BAD_CHECK);
    await expectVerdict(page, '无效');
    const p = problem(page, 'CHECK_CHARACTER');
    assert.equal(await p.count(), 1);
    assert.equal(await p.getAttribute('data-severity'), 'error');
    assert.equal(await p.getAttribute('data-position'), '18');
    const text = await p.textContent();
    assert.match(text, /应为Q/);
    assert.match(text, /should be Q, found A/);
    assert.match(text, /第18位/);
    const flagged = await page.locator('#normalized .cell.is-error').evaluateAll((cells) =>
      cells.map((c) => [c.dataset.pos, c.querySelector('.cell__char').textContent]),
    );
    assert.deepEqual(flagged, [['18', 'A']], 'exactly position 18 is highlighted');
    await shot(page, 'desktop-check-character-strict');

    const mobile = await openReady({ viewport: MOBILE });
    await mobile.locator('label[for="profile-strict"]').click();
    await mobile.locator('#code').fill(XIAOMI_BAD_CHECK);
    await expectVerdict(mobile, '无效');
    await shot(mobile, 'mobile-check-character-strict');
  });

  test('the pilot code is accepted with a warning in lenient and rejected in strict', async () => {
    const page = await openReady();
    await page.locator(`[data-example="${PILOT}"]`).click();
    assert.equal(await page.locator('#code').inputValue(), PILOT);
    await expectVerdict(page, '有效但有提示');
    assert.equal(await problem(page, 'CHECK_CHARACTER').getAttribute('data-severity'), 'warning');
    assert.equal(await page.locator('#normalized .cell.is-warning').getAttribute('data-pos'), '18');
    await shot(page, 'desktop-pilot-lenient');

    await page.locator('label[for="profile-strict"]').click();
    await expectVerdict(page, '无效');
    assert.equal(await problem(page, 'CHECK_CHARACTER').getAttribute('data-severity'), 'error');
    assert.equal(await page.locator('#normalized .cell.is-error').getAttribute('data-pos'), '18');
    await shot(page, 'desktop-pilot-strict');
  });

  test('an ID number shows only the masked form in the parts', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop-resident-id'],
      [MOBILE, 'mobile-resident-id'],
    ]) {
      const page = await openReady({ viewport });
      await page.locator(`[data-example="${ID_NUMBER}"]`).click();
      await expectVerdict(page, '有效');
      assert.match(await page.locator('#kind-out').textContent(), /居民身份证号码/);
      const parts = await page.locator('#parts').textContent();
      assert.ok(parts.includes(ID_MASKED), parts);
      assert.ok(!parts.includes(ID_NUMBER), 'the full ID number is not in the parts');
      assert.ok(!parts.includes('19491231'), 'the birth date digits of the number are not echoed as such');
      assert.match(parts, /1949-12-31/);
      assert.match(parts, /女/);
      assert.match(parts, /北京市朝阳区/);
      // Nor anywhere in the result region (the code cells mask positions 7–14 too).
      const result = await page.locator('#result').evaluate((r) => r.textContent + r.querySelector('#normalized').getAttribute('aria-label'));
      assert.ok(!result.includes(ID_NUMBER), 'the full ID number is nowhere in the result');
      await shot(page, name);
    }
  });

  test('every example button fills in and validates', async () => {
    const page = await openReady();
    const expected = [
      [XIAOMI, '有效', []],
      ['　９１１１０１０８５５１３８５０８２ｑ', '有效', ['trim', 'fullWidth', 'uppercase']],
      [PILOT, '有效但有提示', []],
      ['91110103551385082G', '有效但有提示', []],
      ['55138508-2', '有效', ['separators']],
      [ID_NUMBER, '有效', []],
      ['91110108551385O82Q', '无效', []],
    ];
    const buttons = page.locator('[data-example]');
    assert.equal(await buttons.count(), expected.length);
    for (const [i, [code, zh, normalizations]] of expected.entries()) {
      await buttons.nth(i).click();
      assert.equal(await page.locator('#code').inputValue(), code);
      await expectVerdict(page, zh);
      const shown = await page.locator('#normalizations [data-normalization]').evaluateAll((n) =>
        n.map((x) => x.dataset.normalization),
      );
      assert.deepEqual(shown, normalizations, code);
    }
    // The last one: a letter O where a zero belongs, flagged at its position.
    assert.equal(await problem(page, 'ILLEGAL_CHARACTER').getAttribute('data-position'), '15');
    assert.equal(await page.locator('#normalized .cell.is-error').getAttribute('data-pos'), '15');
    await shot(page, 'desktop-invalid-example');

    // The retired division: name, status and year, and the division's six cells flagged.
    await buttons.nth(3).click();
    const division = page.locator('#parts [data-part="division"]');
    assert.match(await division.textContent(), /北京市崇文区/);
    assert.equal(await division.locator('.badge').getAttribute('data-status'), 'retired');
    assert.match(await division.textContent(), /2010/);
    assert.equal(await problem(page, 'DIVISION_RETIRED').getAttribute('data-severity'), 'warning');
    assert.deepEqual(
      await page.locator('#normalized .cell.is-warning').evaluateAll((c) => c.map((x) => x.dataset.pos)),
      ['3', '4', '5', '6', '7', '8'],
    );
    await shot(page, 'desktop-retired-division');

    // The organisation code keeps its hyphen in the canonical form.
    await buttons.nth(4).click();
    assert.match(await page.locator('#kind-out').textContent(), /组织机构代码/);
    const orgCells = await page.locator('#normalized .cell').evaluateAll((c) =>
      c.map((x) => (x.classList.contains('cell--sep') ? '-' : x.querySelector('.cell__char').textContent)).join(''),
    );
    assert.equal(orgCells, '55138508-2');
    assert.equal(await page.locator('#normalized .cell[data-pos]').count(), 9);
    assert.match(await page.locator('#parts').textContent(), /55138508-2/);

    const mobile = await openReady({ viewport: MOBILE });
    await mobile.locator(`[data-example="${XIAOMI}"]`).click();
    await expectVerdict(mobile, '有效');
    await shot(mobile, 'mobile-xiaomi');
  });

  test('the XSS payload renders as text and runs nothing', async () => {
    const page = await openReady();
    await page.evaluate(() => {
      window.__xss = 0;
      window.alert = () => {
        window.__xss += 1;
      };
    });
    await page.locator('#code').pressSequentially(XSS);
    await expectVerdict(page, '无效');
    const chars = await page.locator('#normalized .cell__char').evaluateAll((c) => c.map((x) => x.textContent).join(''));
    assert.equal(chars, '<IMGSRC=XONERROR=ALERT(1)>', 'the cleaned payload is shown character by character');
    assert.equal(await page.locator('img').count(), 0, 'no element was created from the input');
    assert.equal(await page.locator('#result [onerror]').count(), 0);

    // Cleaning drops the spaces, which defuses that payload on its own; these survive cleaning
    // (as <IMG/SRC/ONERROR=…>, <SVG/ONLOAD=…>), so a page that used innerHTML would grow elements.
    for (const payload of ['<img/src/onerror=alert(1)>', '<svg/onload=alert(1)>', '"><b>x</b>']) {
      await page.locator('#code').fill(payload);
      await expectVerdict(page, '无效');
      const shown = await page.locator('#normalized .cell__char').evaluateAll((c) => c.map((x) => x.textContent).join(''));
      assert.equal(shown, payload.toUpperCase(), payload);
      assert.equal(await page.locator('#result img, #result svg, #result b').count(), 0, payload);
    }

    // Asked as a USCC the payload's characters are echoed in the messages: still text.
    await page.locator('#code').fill(XSS);
    await page.locator('#kind').selectOption('uscc');
    await expectVerdict(page, '无效');
    const illegal = problem(page, 'ILLEGAL_CHARACTER').first();
    assert.match(await illegal.textContent(), /“<”/);
    // Fifteen problems: six shown, the rest behind a button.
    assert.equal(await page.locator('#problems li').count(), 15);
    assert.equal(await page.locator('#problems li:visible').count(), 6);
    const more = page.locator('#more-problems');
    assert.match(await more.textContent(), /展开其余9项/);
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#problems li:visible').count(), 15);
    await more.click();
    assert.equal(await page.locator('#problems li:visible').count(), 6);
    assert.equal(await page.locator('img').count(), 0);
    await page.waitForTimeout(200); // an onerror would have fired by now
    assert.equal(await page.evaluate(() => window.__xss), 0);
    assert.deepEqual(trouble.dialogs, []);
    await shot(page, 'desktop-xss');
  });

  test('an invisible character is shown by its code point', async () => {
    const page = await openReady();
    await page.locator('#code').fill(`\u200b${XIAOMI}`); // a zero-width space pasted along
    await expectVerdict(page, '无效');
    assert.equal(await page.locator('#normalized .cell[data-pos="1"] .cell__char').textContent(), 'U+200B');
    await page.locator('#kind').selectOption('uscc');
    assert.equal(await problem(page, 'ILLEGAL_CHARACTER').getAttribute('data-position'), '1');
    assert.equal(await page.locator('#normalized .cell.is-error').getAttribute('data-pos'), '1');
    await shot(page, 'desktop-invisible-character');
  });

  test('keyboard only: Tab reaches the field, arrows switch the profile, Enter runs an example', async () => {
    const page = await openReady();
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'code');
    }
    assert.ok(reached, 'Tab reaches the code field');
    await page.keyboard.type(PILOT);
    await expectVerdict(page, '有效但有提示');
    await page.keyboard.press('Tab'); // the profile radios (lenient is checked)
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-lenient');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-strict');
    await expectVerdict(page, '无效');
    await page.keyboard.press('Tab'); // the kind select
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'kind');
    await page.keyboard.press('Tab'); // the first example
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.example), XIAOMI);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#code').inputValue(), XIAOMI);
    await expectVerdict(page, '有效');
  });

  test('the form is labelled and the results are announced politely', async () => {
    const page = await openReady();
    assert.equal(await page.getByLabel('证照号码').getAttribute('id'), 'code');
    const describedBy = (await page.locator('#code').getAttribute('aria-describedby')).split(/\s+/);
    assert.ok(describedBy.length >= 2);
    for (const id of describedBy) assert.equal(await page.locator(`#${id}`).count(), 1, id);
    assert.equal(await page.locator('#result').getAttribute('aria-live'), 'polite');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.locator('#code').fill(XIAOMI_BAD_CHECK);
    await page.locator('label[for="profile-strict"]').click();
    assert.match(await page.locator('#code-status').textContent(), /无效.*应为Q/);
    // Clearing the field goes back to the prompt.
    await page.locator('#code').fill('');
    await expectVerdict(page, '请输入证照号码');
    assert.equal(await page.locator('#details').isVisible(), false);
  });

  test('a failed wasm load shows an error banner', async () => {
    const own = { consoleErrors: [], pageErrors: [], dialogs: [], cspViolations: [], wasmMimeWarnings: [] };
    const page = await openPage({ log: own });
    await page.route('**/credit_check_validate_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="failed"]');
    const banner = page.locator('#load-error');
    assert.ok(await banner.isVisible());
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.match(await banner.textContent(), /校验组件加载失败/);
    await expectVerdict(page, '校验组件不可用');
    await page.locator('#code').fill(XIAOMI); // typing does not throw
    assert.deepEqual(own.pageErrors, []);
    await shot(page, 'desktop-load-error');
  });

  test('no console errors, page errors, dialogs or CSP violations on any page', () => {
    assert.deepEqual(trouble.consoleErrors, []);
    assert.deepEqual(trouble.pageErrors, []);
    assert.deepEqual(trouble.dialogs, []);
    assert.deepEqual(trouble.cspViolations, []);
    assert.deepEqual(trouble.wasmMimeWarnings, [], 'the wasm compiles by streaming');
  });
});

/** Waits until the verdict reads exactly `expected` (the page renders synchronously on input). */
async function expectVerdict(page, expected) {
  try {
    await page.waitForFunction((text) => document.getElementById('verdict-zh')?.textContent === text, expected, {
      timeout: 5000,
    });
  } catch {
    assert.equal(await page.locator('#verdict-zh').textContent(), expected);
  }
}
