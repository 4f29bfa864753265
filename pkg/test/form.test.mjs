// credit-check/form outside a browser: the module loads without a DOM (so SSR and test runners can
// import it), refuses to attach without a form, and the package exports and ships it. The
// behaviour in a page is tested in Chromium: tests/e2e/form.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

test('credit-check/form resolves through the package exports and loads without a DOM', async () => {
  const form = await import('credit-check/form');
  assert.equal(typeof form.attachCheck, 'function');
  assert.equal(typeof form.defineCreditCheckElements, 'function');
  assert.deepEqual({ ...form.EVENTS }, {
    validation: 'credit-check:validation',
    verdict: 'credit-check:verdict',
    blocked: 'credit-check:blocked',
  });
  assert.equal(form.defineCreditCheckElements(), undefined, 'no custom elements here: a no-op');
  assert.throws(() => form.attachCheck(null, { checker: { check() {} }, scenario: 'SC-ZFCG-SUPPLIER' }), TypeError);
  assert.throws(() => form.attachCheck({}, { checker: { check() {} }, scenario: 'SC-ZFCG-SUPPLIER' }), TypeError);
  // The one error shape: a TypeError still, with the code, both languages and the field.
  assert.throws(() => form.attachCheck(null, { checker: { check() {} }, scenario: 'SC-ZFCG-SUPPLIER' }), (e) => {
    assert.ok(e instanceof TypeError);
    assert.equal(e.code, 'INVALID_OPTION');
    assert.equal(e.field, 'form');
    assert.match(e.message, /attachCheck needs a <form> element/);
    assert.match(e.messageZh, /表单元素/);
    return true;
  });
});

test('the package ships form.js, form.css and form.d.ts', () => {
  for (const f of ['form.js', 'form.css', 'form.d.ts']) assert.ok(pkg.files.includes(f), f);
  assert.deepEqual(pkg.exports['./form'], { types: './form.d.ts', default: './form.js' });
  assert.equal(pkg.exports['./form.css'], './form.css');
});

test('form.js builds no markup from strings and sets no inline styles (CSP, XSS)', () => {
  const src = readFileSync(new URL('../form.js', import.meta.url), 'utf8');
  const code = src.replace(/^\s*\/\/.*$/gm, '');
  for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', '.style.', 'setAttribute(\'style\'', 'eval(', 'new Function']) {
    assert.ok(!code.includes(banned), `form.js uses ${banned}`);
  }
});
