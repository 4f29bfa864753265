// The small module (credit-check/validate, wasm/credit_check_validate_bg.wasm, cargo feature
// `validate`): the same answers as the full module on a sample of inputs, none of the checker's
// exports, within issue 14's size target, and what the form and the identifier page import.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as full from '../node.js';
import * as small from '../validate-node.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const SMALL_WASM = new URL('../wasm/credit_check_validate_bg.wasm', import.meta.url);
const FULL_WASM = new URL('../wasm/credit_check_bg.wasm', import.meta.url);

// Valid, wrong check characters, every kind, separators, full width, junk and non-strings.
const SAMPLE = [
  '91110108551385082Q', '91110108551385082A', '9111 0108 5513 8508 2Q', '９１１１０１０８５５１３８５０８２Ｑ',
  '91350100M000100Y43', '91350100M000100Y44', '55138508-2', '551385082', '110108000000016',
  '11010519491231002X', '110105194912310021', '110108551385082', '110108198001010011', '',
  '   ', 'hello', '统一社会信用代码', '9111010855138508', '91110108551385082Q9', null, 42, undefined,
  {}, '0000000000000000000', 'A1110108551385082Q', '11010819800101001x', '91110000100000000J',
];

before(async () => {
  await Promise.all([full.init(), small.init()]);
});

test('the small module answers as the full one: validate, validateAll, statusAll, statusLines, detect, audit', () => {
  for (const options of [undefined, { profile: 'strict' }, { profile: 'lenient' }, { kind: 'uscc' }, { kind: 'residentId', profile: 'strict' }]) {
    for (const input of SAMPLE) {
      assert.deepEqual(small.validate(input, options), full.validate(input, options), `${JSON.stringify(input)} ${JSON.stringify(options)}`);
      assert.deepEqual(small.detect(input), full.detect(input));
    }
    assert.deepEqual(small.validateAll(SAMPLE, options), full.validateAll(SAMPLE, options));
    assert.deepEqual(small.statusAll(SAMPLE, options), full.statusAll(SAMPLE, options));
    const text = SAMPLE.filter((s) => typeof s === 'string').join('\n');
    assert.deepEqual(small.statusLines(text, options), full.statusLines(text, options));
  }
  const records = [
    { code: '91110108551385082Q', name: '小米科技有限责任公司' },
    { code: '9111 0108 5513 8508 2Q', name: '小米科技' },
    { code: '91110108551385082A', name: '某公司' },
    { code: '55138508-2', name: '小米科技有限责任公司' },
  ];
  assert.deepEqual(small.audit(records), full.audit(records));
  assert.equal(small.version(), full.version());
});

test('errors are the same typed errors', () => {
  for (const [f, args] of [['validate', ['x', { kind: 'nope' }]], ['validateAll', ['x']], ['statusLines', [1]], ['audit', [{}]]]) {
    let a, b;
    try { small[f](...args); } catch (e) { a = { code: e.code, message: e.message, messageZh: e.messageZh }; }
    try { full[f](...args); } catch (e) { b = { code: e.code, message: e.message, messageZh: e.messageZh }; }
    assert.ok(a?.code, `${f} throws a coded error`);
    assert.deepEqual(a, b, f);
  }
});

test('the small module has no checker exports and is within issue 14\'s target (100 KB gzipped)', async () => {
  const bytes = readFileSync(SMALL_WASM);
  const exports = WebAssembly.Module.exports(await WebAssembly.compile(bytes)).map((e) => e.name);
  assert.ok(exports.includes('validate') && exports.includes('audit'), exports.join());
  for (const name of exports) assert.doesNotMatch(name, /keyring|snapshot|sharded|digest/i, name);
  const gz = gzipSync(bytes, { level: 9 }).length;
  assert.ok(gz <= 102_400, `credit_check_validate_bg.wasm is ${gz} bytes gzipped (target 102,400)`);
  assert.ok(gz < gzipSync(readFileSync(FULL_WASM), { level: 9 }).length / 2);
});

test('the package exports and ships credit-check/validate; form.js and the identifier page import it, not the checker', async () => {
  assert.deepEqual(pkg.exports['./validate'], { types: './validate.d.ts', node: './validate-node.js', default: './validate.js' });
  for (const f of ['validate.js', 'validate-node.js', 'validate.d.ts', 'wasm/credit_check_validate.js', 'wasm/credit_check_validate_bg.wasm']) {
    assert.ok(pkg.files.includes(f), f);
  }
  const self = await import('credit-check/validate');
  assert.equal(typeof self.validate, 'function');
  const imports = (file) => [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  // errors.js: the one error shape (validate.js's graph has it already, through identifiers.js).
  assert.deepEqual(imports('../form.js').filter((s) => s.startsWith('.')).sort(), ['./errors.js', './names.js', './validate.js']);
  // identifiers.js: the identifier functions both entries share (no module of its own).
  assert.deepEqual(imports('../validate.js'), ['./wasm/credit_check_validate.js', './identifiers.js']);
  const app = readFileSync(new URL('../../www/app.js', import.meta.url), 'utf8');
  assert.ok(app.includes("import('/pkg/validate.js')") && !app.includes('/pkg/index.js'));
});
