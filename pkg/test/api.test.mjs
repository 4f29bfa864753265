// The public API through the Node entry (../node.js): loading, result shapes, every problem
// code, junk from JS, batches, detect, audit and options. Run with `node --test pkg/test/`.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as api from '../node.js';
import { init, isReady, Status, validate, validateAll, statusAll, statusLines, detect, audit, version } from '../node.js';

const NODE_ENTRY = new URL('../node.js', import.meta.url).href;
const BROWSER_ENTRY = new URL('../index.js', import.meta.url).href;
const WASM_FILE = fileURLToPath(new URL('../wasm/credit_check_bg.wasm', import.meta.url));
const XIAOMI = '91110108551385082Q';
// Positions 17 and 18 both wrong: no pilot-code exception, an error under every profile.
const BAD_CHECK = '91110108551385083A';

// ---- Check characters, computed independently of the core -------------------------------------

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** USCC position 18 for 17 characters: weights 3^(i-1) mod 31, c18 = (31 - sum % 31) % 31. */
function usccCheck(first17) {
  let sum = 0;
  let w = 1;
  for (const c of first17) {
    const v = USCC_ALPHABET.indexOf(c);
    assert.ok(v >= 0, `not in the USCC alphabet: ${c}`);
    sum += v * w;
    w = (w * 3) % 31;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Organisation code check for 8 characters: base-36 values, weights 3,7,9,10,5,8,4,2, 11 - sum % 11. */
function orgCheck(first8) {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  [...first8].forEach((c, i) => (sum += parseInt(c, 36) * weights[i]));
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Resident ID check for 17 digits. */
function idCheck(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  [...first17].forEach((c, i) => (sum += Number(c) * weights[i]));
  return '10X98765432'[sum % 11];
}

/** A USCC from authority+category, division and org-code body, with correct check characters unless overridden. */
function uscc(pair, division, org8, orgCheckChar = orgCheck(org8)) {
  const body = pair + division + org8 + orgCheckChar;
  return body + usccCheck(body);
}

/** An 18-digit ID number with the right check character. */
function residentId(first17) {
  return first17 + idCheck(first17);
}

/** A different character of the same alphabet, for typos. */
function other(c, alphabet = USCC_ALPHABET) {
  return alphabet[(alphabet.indexOf(c) + 1) % alphabet.length];
}

/** Runs an ES module snippet in a fresh Node process (fresh module state) and returns its JSON output. */
function runFresh(source) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const codesOf = (problems) => problems.map((p) => p.code);

function assertThrowsCode(fn, code) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Error, `expected an Error with code ${code}, got ${thrown}`);
  assert.equal(thrown.code, code, thrown.message);
  return thrown;
}

// The helpers themselves, against published codes.
test('the test helpers compute the published check characters', () => {
  assert.equal(usccCheck('91110108551385082'), 'Q');
  assert.equal(orgCheck('55138508'), '2');
  assert.equal(idCheck('11010519491231002'), 'X');
  assert.equal(uscc('91', '110108', '55138508'), XIAOMI);
});

// ---- Loading --------------------------------------------------------------------------------

describe('init', () => {
  test('every API but isReady throws NOT_INITIALIZED before init (fresh process)', () => {
    const r = runFresh(`
      const m = await import(${JSON.stringify(NODE_ENTRY)});
      const calls = {
        validate: () => m.validate('${XIAOMI}'),
        validateAll: () => m.validateAll(['${XIAOMI}']),
        statusAll: () => m.statusAll(['${XIAOMI}']),
        detect: () => m.detect('${XIAOMI}'),
        audit: () => m.audit([]),
        version: () => m.version(),
      };
      const out = { ready: m.isReady(), status: m.Status, errors: {} };
      for (const [name, f] of Object.entries(calls)) {
        try { f(); out.errors[name] = 'no throw'; }
        catch (e) { out.errors[name] = { isError: e instanceof Error, code: e.code, message: e.message }; }
      }
      console.log(JSON.stringify(out));
    `);
    assert.equal(r.ready, false);
    assert.deepEqual(r.status, { VALID: 0, VALID_WITH_WARNINGS: 1, INVALID: 2 });
    assert.deepEqual(Object.keys(r.errors), ['validate', 'validateAll', 'statusAll', 'detect', 'audit', 'version']);
    for (const [name, e] of Object.entries(r.errors)) {
      assert.equal(e.isError, true, name);
      assert.equal(e.code, 'NOT_INITIALIZED', name);
      assert.match(e.message, /init\(\)/, name);
    }
  });

  test('init() twice resolves both times and the API works (fresh process)', () => {
    const r = runFresh(`
      const m = await import(${JSON.stringify(NODE_ENTRY)});
      const a = m.init();
      const b = m.init();
      const [ra, rb] = await Promise.all([a, b]);
      const afterBoth = m.isReady();
      await m.init();
      console.log(JSON.stringify({ same: a === b, ra: ra ?? null, rb: rb ?? null, afterBoth, ok: m.validate('${XIAOMI}').ok }));
    `);
    assert.deepEqual(r, { same: true, ra: null, rb: null, afterBoth: true, ok: true });
  });

  test('a failed init rejects; a later init with good bytes succeeds (fresh process)', () => {
    const r = runFresh(`
      import { readFile } from 'node:fs/promises';
      const m = await import(${JSON.stringify(NODE_ENTRY)});
      const out = {};
      try { await m.init(new Uint8Array([0, 1, 2, 3])); out.bad = 'resolved'; }
      catch (e) { out.bad = { name: e.name, isError: e instanceof Error }; }
      out.readyAfterBad = m.isReady();
      try { m.validate('x'); out.useAfterBad = 'no throw'; } catch (e) { out.useAfterBad = e.code; }
      await m.init(await readFile(${JSON.stringify(WASM_FILE)}));
      out.readyAfterGood = m.isReady();
      out.ok = m.validate('${XIAOMI}').ok;
      console.log(JSON.stringify(out));
    `);
    assert.deepEqual(r, {
      bad: { name: 'CompileError', isError: true },
      readyAfterBad: false,
      useAfterBad: 'NOT_INITIALIZED',
      readyAfterGood: true,
      ok: true,
    });
  });

  test('init() recovers after a concurrent init(source) failed (fresh process)', () => {
    // Regression: the Node entry used to keep the rejected promise of a default init() whose
    // load failed, so every later init() failed too.
    const r = runFresh(`
      const m = await import(${JSON.stringify(NODE_ENTRY)});
      // Fails after the default init() has read its bytes and joined the load in flight.
      const slowFailure = new Promise((_, reject) => setTimeout(() => reject(new Error('network down')), 300));
      const first = await Promise.allSettled([m.init(slowFailure), m.init()]);
      let retry;
      try { await m.init(); retry = m.validate('${XIAOMI}').ok; } catch (e) { retry = 'rejected: ' + e.message; }
      console.log(JSON.stringify({ first: first.map((s) => s.status), retry }));
    `);
    assert.deepEqual(r, { first: ['rejected', 'rejected'], retry: true });
  });

  test('init accepts an ArrayBuffer and a compiled WebAssembly.Module (fresh processes)', () => {
    for (const make of [
      `(await readFile(${JSON.stringify(WASM_FILE)})).buffer.slice(0)`,
      `await WebAssembly.compile(await readFile(${JSON.stringify(WASM_FILE)}))`,
    ]) {
      const r = runFresh(`
        import { readFile } from 'node:fs/promises';
        const m = await import(${JSON.stringify(NODE_ENTRY)});
        await m.init(${make});
        console.log(JSON.stringify({ ready: m.isReady(), kind: m.validate('55138508-2').kind }));
      `);
      assert.deepEqual(r, { ready: true, kind: 'orgCode' }, make);
    }
  });
});

before(async () => {
  await init();
});

// ---- Exports --------------------------------------------------------------------------------

describe('exports', () => {
  test('both entries export the same names, and index.d.ts declares each of them', async () => {
    const browser = await import('../index.js');
    const names = Object.keys(api).sort();
    assert.deepEqual(names, [
      'Lookup', 'ShardedSnapshot', 'Snapshot', 'SnapshotHolder', 'Status', 'audit', 'checkCharacter', 'compileWasm', 'detect', 'digest', 'init', 'isReady', 'keyring',
      'loadSnapshot', 'memoryBytes', 'openSharded', 'setPayloadSha256', 'statusAll', 'statusLines', 'validate', 'validateAll', 'version', 'vocabulary',
    ]);
    assert.deepEqual(Object.keys(browser).sort(), names);
    const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
    const declared = new Set([...dts.matchAll(/^export (?:declare )?(?:function|const|class) (\w+)/gm)].map((m) => m[1]));
    // Values re-exported from another declaration file (`export { A, b } from './sharded.js'`).
    for (const m of dts.matchAll(/^export \{([^}]*)\} from/gm)) for (const n of m[1].split(',')) declared.add(n.trim());
    assert.deepEqual([...declared].sort(), names);
  });

  test('compileWasm compiles once and init accepts the module', async () => {
    const a = api.compileWasm();
    assert.equal(api.compileWasm(), a, 'memoised');
    const module = await a;
    assert.ok(module instanceof WebAssembly.Module);
    assert.ok(WebAssembly.Module.exports(module).some((e) => e.name === 'validate'));
  });

  test('isReady, version and Status', () => {
    assert.equal(isReady(), true);
    assert.match(version(), /^\d+\.\d+\.\d+/);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(version(), pkg.version);
    assert.deepEqual({ ...Status }, { VALID: 0, VALID_WITH_WARNINGS: 1, INVALID: 2 });
    assert.ok(Object.isFrozen(Status));
  });
});

// ---- validate --------------------------------------------------------------------------------

describe('validate', () => {
  test('Xiaomi 91110108551385082Q: the full result shape', () => {
    assert.deepEqual(validate(XIAOMI), {
      ok: true,
      kind: 'uscc',
      normalized: XIAOMI,
      normalizations: [],
      parts: {
        authority: { code: '9', name: '工商', nameEn: 'industry and commerce (market regulation)' },
        category: { code: '1', name: '企业', nameEn: 'enterprise' },
        division: { code: '110108', name: '北京市海淀区', status: 'current' },
        orgCode: '55138508-2',
        checkCharacter: 'Q',
      },
      errors: [],
      warnings: [],
    });
  });

  test('full-width, lowercase, spaces and hyphens are normalised and reported', () => {
    const v = validate(' ９１１１０１０８ ５５１３８５０８２ｑ ');
    assert.equal(v.ok, true);
    assert.equal(v.normalized, XIAOMI);
    assert.deepEqual(v.normalizations, ['trim', 'fullWidth', 'uppercase', 'separators']);
    assert.deepEqual(validate('9111-0108-5513-8508-2q').normalizations, ['uppercase', 'separators']);
    assert.deepEqual(validate('\t91110108551385082Q\n').normalizations, ['trim']);
    assert.deepEqual(validate('55138508-2').normalizations, ['separators']);
  });

  test('the pilot code 91350100M000100Y44: lenient accepts with a warning, strict rejects', () => {
    const pilot = '91350100M000100Y44';
    assert.equal(usccCheck(pilot.slice(0, 17)), '3');
    const lenient = validate(pilot);
    assert.equal(lenient.ok, true);
    assert.deepEqual(lenient.errors, []);
    assert.deepEqual(codesOf(lenient.warnings), ['CHECK_CHARACTER']);
    assert.equal(lenient.warnings[0].expected, '3');
    assert.equal(lenient.warnings[0].found, '4');
    assert.equal(lenient.warnings[0].position, 18);
    assert.equal(lenient.parts.division.name, '福建省福州市');

    const strict = validate(pilot, { profile: 'strict' });
    assert.equal(strict.ok, false);
    assert.deepEqual(strict.warnings, []);
    assert.deepEqual(codesOf(strict.errors), ['CHECK_CHARACTER']);
    assert.equal(strict.errors[0].expected, '3');
    assert.equal(strict.parts.orgCode, 'M000100Y-4', 'parts are shown even when rejected');
    // Profile names are case-insensitive.
    assert.equal(validate(pilot, { profile: 'STRICT' }).ok, false);
  });

  test('position 18 alone wrong is the pilot-code exception; with another doubt it is an error', () => {
    // Only position 18 wrong, everything else sound: lenient warns (it may be an early pilot code).
    const only18 = XIAOMI.slice(0, 17) + 'A';
    const lenient = validate(only18);
    assert.equal(lenient.ok, true);
    assert.deepEqual(codesOf(lenient.warnings), ['CHECK_CHARACTER']);
    assert.equal(validate(only18, { profile: 'strict' }).ok, false);
    // Position 17 (the embedded org code's check) wrong as well: an error under both profiles.
    for (const profile of ['lenient', 'strict']) {
      const v = validate(BAD_CHECK, { profile });
      assert.equal(v.ok, false, profile);
      assert.deepEqual(codesOf(v.errors), ['CHECK_CHARACTER'], profile);
      assert.equal(v.errors[0].expected, usccCheck(BAD_CHECK.slice(0, 17)));
      assert.equal(v.errors[0].found, 'A');
      assert.equal(v.parts.orgCode, '55138508-3', 'parts shown despite the error');
    }
    // So is a wrong position 18 in a code with an unknown division.
    const unknownDiv = uscc('91', '320594', '55138508');
    assert.equal(validate(unknownDiv.slice(0, 17) + other(unknownDiv[17])).ok, false);
  });

  test('each kind: auto-detected, with its own parts shape', () => {
    const cases = [
      [
        '551385082',
        'orgCode',
        '55138508-2',
        { formatted: '55138508-2', checkCharacter: '2' },
      ],
      [
        '110108012660422',
        'registrationNumber',
        '110108012660422',
        { division: { code: '110108', name: '北京市海淀区', status: 'current' }, checkCharacter: '2' },
      ],
      [
        '11010519491231002x',
        'residentId',
        '11010519491231002X',
        {
          address: { code: '110105', name: '北京市朝阳区', status: 'current' },
          birthDate: '1949-12-31',
          sex: 'female',
          masked: '110105********002X',
          legacy: false,
        },
      ],
      [
        '110105491231001',
        'residentId',
        '110105491231001',
        {
          address: { code: '110105', name: '北京市朝阳区', status: 'current' },
          birthDate: '1949-12-31',
          sex: 'male',
          masked: '110105******001',
          legacy: true,
        },
      ],
      [
        '110108551385082',
        'taxpayerId',
        '110108551385082',
        { form: 'divisionOrgCode', division: { code: '110108', name: '北京市海淀区', status: 'current' }, orgCode: '55138508-2' },
      ],
      [
        '11010519491231002X01',
        'taxpayerId',
        '11010519491231002X01',
        { form: 'residentIdSuffix', division: { code: '110105', name: '北京市朝阳区', status: 'current' }, orgCode: null },
      ],
    ];
    for (const [input, kind, normalized, parts] of cases) {
      const v = validate(input);
      assert.equal(v.ok, true, input);
      assert.equal(v.kind, kind, input);
      assert.equal(v.normalized, normalized, input);
      assert.deepEqual(v.parts, parts, input);
    }
  });

  test('an explicit kind is honoured, including taxpayer forms', () => {
    const asTax = validate(XIAOMI, { kind: 'taxpayerId' });
    assert.equal(asTax.kind, 'taxpayerId');
    assert.deepEqual(asTax.parts, {
      form: 'uscc',
      division: { code: '110108', name: '北京市海淀区', status: 'current' },
      orgCode: '55138508-2',
    });
    const idTax = validate('11010519491231002X', { kind: 'taxpayerId' });
    assert.equal(idTax.parts.form, 'residentId');
    assert.equal(idTax.parts.orgCode, null);
    const asId = validate(XIAOMI, { kind: 'residentId' });
    assert.equal(asId.ok, false);
    assert.equal(asId.kind, 'residentId');
    assert.deepEqual(codesOf(asId.errors), ['ILLEGAL_CHARACTER']);
    assert.equal(asId.errors[0].position, 18);
    assert.equal(validate(XIAOMI, { kind: 'auto' }).kind, 'uscc');
    assert.equal(validate(XIAOMI, { kind: 'resident-id' }).kind, 'residentId', 'kebab-case accepted');
    assert.equal(validate(XIAOMI, { kind: null, profile: null }).ok, true);
    assert.equal(validate(XIAOMI, null).ok, true, 'null options are no options');
    // A non-string under an explicit kind keeps that kind.
    const junk = validate(42, { kind: 'orgCode' });
    assert.equal(junk.kind, 'orgCode');
    assert.deepEqual(codesOf(junk.errors), ['NOT_A_STRING']);
  });

  test('nulls and optional fields: what is null and what is left out', () => {
    // authority/category null for an undefined authority character.
    const b1 = validate(uscc('B1', '110108', '55138508'));
    assert.equal(b1.ok, true);
    assert.equal(b1.parts.authority, null);
    assert.equal(b1.parts.category, null);
    // An unknown division has no name key at all; a retired one has retiredIn.
    const unknown = validate(uscc('91', '320594', '55138508'));
    assert.deepEqual(unknown.parts.division, { code: '320594', status: 'unknown' });
    assert.equal('name' in unknown.parts.division, false);
    const retired = validate(uscc('91', '110228', '55138508'));
    assert.deepEqual(retired.parts.division, { code: '110228', name: '北京市密云县', status: 'retired', retiredIn: 2015 });
    // A bad birth date leaves birthDate null.
    const badDate = validate(residentId('11010519490230002'), { kind: 'residentId' });
    assert.equal(badDate.parts.birthDate, null);
    // Problems leave out position/expected/found when not applicable.
    const [empty] = validate('').errors;
    assert.deepEqual(Object.keys(empty), ['code', 'message', 'messageEn']);
    // No kind at all: kind, parts null; normalized is the cleaned input.
    const hello = validate('hello');
    assert.equal(hello.kind, null);
    assert.equal(hello.parts, null);
    assert.equal(hello.normalized, 'HELLO');
    // Not a string, empty, too long: normalized null.
    for (const x of [null, '   ', '9'.repeat(300)]) assert.equal(validate(x).normalized, null, String(x).slice(0, 9));
  });
});

// ---- Every problem code ---------------------------------------------------------------------

describe('problem codes', () => {
  const ALL_CODES = [
    'NOT_A_STRING',
    'EMPTY',
    'TOO_LONG',
    'LENGTH',
    'ILLEGAL_CHARACTER',
    'CHECK_CHARACTER',
    'ORG_CODE_CHECK',
    'AUTHORITY_CATEGORY',
    'DIVISION_UNKNOWN',
    'DIVISION_RETIRED',
    'BIRTH_DATE_INVALID',
    'BIRTH_DATE_FUTURE',
    'UNRECOGNIZED',
    'INVALID_OPTION',
  ];

  test('the list matches index.d.ts (and src/id/problem.rs when the source is present)', () => {
    const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
    const union = dts.match(/export type ProblemCode =([^;]+);/)[1];
    assert.deepEqual([...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]), ALL_CODES);
    const rs = new URL('../../src/id/problem.rs', import.meta.url);
    if (existsSync(rs)) {
      const src = readFileSync(rs, 'utf8');
      const asStr = src.slice(src.indexOf('pub fn as_str'), src.indexOf('impl fmt::Display for ProblemCode'));
      assert.deepEqual([...asStr.matchAll(/=> "([A-Z_]+)"/g)].map((m) => m[1]), ALL_CODES);
    }
  });

  // [code, input, options, 'errors' | 'warnings', fields the problem must have]
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const cases = [
    ['NOT_A_STRING', 42, {}, 'errors', {}],
    ['EMPTY', ' \u3000 - ', {}, 'errors', {}],
    ['TOO_LONG', '9'.repeat(257), {}, 'errors', { expected: '256', found: '257' }],
    // Counted in characters: 300 CJK characters are 900 UTF-8 bytes, reported as 300.
    ['TOO_LONG', '中'.repeat(300), {}, 'errors', { expected: '256', found: '300' }],
    ['LENGTH', '5513850', { kind: 'orgCode' }, 'errors', { expected: '9', found: '7' }],
    ['ILLEGAL_CHARACTER', '9111010855138508!Q', {}, 'errors', { position: 17, found: '!' }],
    ['CHECK_CHARACTER', BAD_CHECK, {}, 'errors', { position: 18, expected: 'U', found: 'A' }],
    ['CHECK_CHARACTER', XIAOMI.slice(0, 17) + 'A', {}, 'warnings', { position: 18, expected: 'Q', found: 'A' }],
    ['CHECK_CHARACTER', residentId('11010519491231002').slice(0, 17) + '0', { kind: 'residentId' }, 'errors', { position: 18, expected: 'X', found: '0' }],
    ['ORG_CODE_CHECK', uscc('91', '110108', '55138508', '3'), {}, 'warnings', { position: 17, expected: '2', found: '3' }],
    ['AUTHORITY_CATEGORY', uscc('B1', '110108', '55138508'), {}, 'warnings', { position: 1, found: 'B1' }],
    ['DIVISION_UNKNOWN', uscc('91', '320594', '55138508'), {}, 'warnings', { position: 3, found: '320594' }],
    ['DIVISION_UNKNOWN', residentId('99999919800101001'), {}, 'warnings', { position: 1, found: '999999' }],
    ['DIVISION_RETIRED', uscc('91', '110228', '55138508'), {}, 'warnings', { position: 3, expected: '2015', found: '110228' }],
    ['BIRTH_DATE_INVALID', residentId('11010519490230002'), { kind: 'residentId' }, 'errors', { position: 7, found: '19490230' }],
    ['BIRTH_DATE_FUTURE', residentId('11010520990101001'), { kind: 'residentId' }, 'errors', { position: 7, expected: today, found: '20990101' }],
    ['UNRECOGNIZED', 'hello', {}, 'errors', { expected: '9/15/18/20', found: '5' }],
  ];

  for (const [code, input, options, list, fields] of cases) {
    test(`${code} from ${typeof input === 'string' ? JSON.stringify(input.length > 30 ? input.slice(0, 10) + '…' : input) : input}`, () => {
      const v = validate(input, options);
      assert.equal(v.ok, list === 'warnings', `ok for a problem in ${list}`);
      const p = v[list].find((x) => x.code === code);
      assert.ok(p, `${code} in ${list}: ${JSON.stringify(v)}`);
      for (const [k, want] of Object.entries(fields)) assert.equal(p[k], want, `${code}.${k}`);
      assert.equal(typeof p.message, 'string');
      assert.ok(/[\u4e00-\u9fff]/.test(p.message), `Chinese message: ${p.message}`);
      assert.equal(typeof p.messageEn, 'string');
      assert.ok(p.messageEn.length > 10 && /^[\x20-\x7e]+$/.test(p.messageEn), `English message: ${p.messageEn}`);
      if (list === 'warnings') {
        // Strict turns the same warning into an error.
        const strict = validate(input, { ...options, profile: 'strict' });
        assert.equal(strict.ok, false);
        assert.ok(codesOf(strict.errors).includes(code), JSON.stringify(strict.errors));
      }
    });
  }

  test('BIRTH_DATE_INVALID is auto-detected as a resident ID', () => {
    const v = validate(residentId('11010519490230002'));
    assert.equal(v.kind, 'residentId');
    assert.deepEqual(codesOf(v.errors), ['BIRTH_DATE_INVALID']);
  });

  test('INVALID_OPTION is thrown with code, messages, expected and found', () => {
    const kindErr = assertThrowsCode(() => validate(XIAOMI, { kind: 'passport' }), 'INVALID_OPTION');
    assert.equal(kindErr.found, 'passport');
    assert.equal(kindErr.expected, 'uscc, residentId, orgCode, registrationNumber, taxpayerId');
    assert.match(kindErr.message, /Invalid option 'passport'/);
    assert.match(kindErr.messageZh, /选项无效/);
    const profileErr = assertThrowsCode(() => validate(XIAOMI, { profile: 'loose' }), 'INVALID_OPTION');
    assert.equal(profileErr.expected, 'strict, lenient');
    assert.equal(profileErr.found, 'loose');
  });

  test('every code is produced, by a case above or as a throw', () => {
    const produced = new Set(cases.map((c) => c[0]));
    produced.add('INVALID_OPTION');
    assert.deepEqual([...produced].sort(), [...ALL_CODES].sort());
  });
});

// ---- Junk from JS ----------------------------------------------------------------------------

describe('junk input', () => {
  const junk = [
    ['null', null, 'NOT_A_STRING'],
    ['undefined', undefined, 'NOT_A_STRING'],
    ['a number', 91110108551385082, 'NOT_A_STRING'],
    ['NaN', NaN, 'NOT_A_STRING'],
    ['Infinity', Infinity, 'NOT_A_STRING'],
    ['a bigint', 10n, 'NOT_A_STRING'],
    ['true', true, 'NOT_A_STRING'],
    ['an object', { code: XIAOMI }, 'NOT_A_STRING'],
    ['an object with toString', { toString: () => XIAOMI }, 'NOT_A_STRING'],
    ['a String object', new String(XIAOMI), 'NOT_A_STRING'],
    ['an array', [XIAOMI], 'NOT_A_STRING'],
    ['a function', () => XIAOMI, 'NOT_A_STRING'],
    ['a Symbol', Symbol(XIAOMI), 'NOT_A_STRING'],
    ['a Date', new Date(0), 'NOT_A_STRING'],
    ['a 10 MB string', '9'.repeat(10_000_000), 'TOO_LONG'],
    ['257 CJK characters', '中'.repeat(257), 'TOO_LONG'],
    ['an emoji', '😀', 'UNRECOGNIZED'],
    ['a code ending in an emoji', XIAOMI.slice(0, 17) + '😀', 'ILLEGAL_CHARACTER'],
    // A stray mark in a code is judged as the code it spoils: LENGTH, then ILLEGAL_CHARACTER with its position.
    ['an RTL mark before a code', '\u200F' + XIAOMI, 'LENGTH'],
    ['an RTL override inside a code', '911101085513\u202E85082Q', 'LENGTH'],
    ['an unpaired surrogate', '\uD800', 'UNRECOGNIZED'],
    ['an unpaired surrogate inside a code', '9111010855138508\uDC00Q', 'ILLEGAL_CHARACTER'],
    ['a NUL character', '\0', 'UNRECOGNIZED'],
    ['only separators', '- - -', 'EMPTY'],
  ];

  test('each junk value gives ok:false with a typed error, and the instance keeps working', () => {
    const started = performance.now();
    for (const [label, value, code] of junk) {
      let v;
      try {
        v = validate(value);
      } catch (e) {
        assert.fail(`${label}: threw ${e}`);
      }
      assert.equal(v.ok, false, label);
      assert.equal(v.errors[0].code, code, `${label}: ${JSON.stringify(v.errors)}`);
      assert.ok(v.errors[0].message && v.errors[0].messageEn, label);
      assert.deepEqual(detect(value), [], `detect(${label})`);
      assert.equal(statusAll([value])[0], Status.INVALID, `statusAll(${label})`);
      assert.equal(validateAll([value])[0].errors[0].code, code, `validateAll(${label})`);
      // The instance survived.
      const after = validate(XIAOMI);
      assert.equal(after.ok, true, `after ${label}`);
      assert.equal(after.parts.orgCode, '55138508-2', `after ${label}`);
    }
    const ms = performance.now() - started;
    assert.ok(ms < 2000, `junk loop took ${ms.toFixed(0)} ms`);
  });

  test('details of the odd strings', () => {
    const tooLong = validate('9'.repeat(10_000_000)).errors[0];
    assert.equal(tooLong.found, '10000000');
    const illegal = validate(XIAOMI.slice(0, 17) + '😀').errors[0];
    assert.equal(illegal.position, 18);
    assert.equal(illegal.found, '😀');
    // Invisible marks are not stripped: they count as characters.
    const rtl = validate('\u200F' + XIAOMI).errors[0];
    assert.equal(rtl.found, '19');
    // An unpaired surrogate crosses into WebAssembly as U+FFFD.
    const surrogate = validate('9111010855138508\uDC00Q');
    assert.equal(surrogate.kind, 'uscc');
    assert.equal(surrogate.errors[0].position, 17);
    assert.equal(surrogate.errors[0].found, '\uFFFD');
    // Non-breaking and ideographic spaces are white space.
    assert.equal(validate('\u00A0' + XIAOMI + '\u3000').ok, true);
  });

  test('junk options are stringified and rejected, never crash', () => {
    for (const kind of [42, {}, Symbol('k'), 'uscc ']) {
      assertThrowsCode(() => validate(XIAOMI, { kind }), 'INVALID_OPTION');
    }
    assertThrowsCode(() => validate(XIAOMI, { profile: 'x'.repeat(100) }), 'INVALID_OPTION');
    assert.equal(
      assertThrowsCode(() => validate(XIAOMI, { profile: 'x'.repeat(100) }), 'INVALID_OPTION').found.length,
      40,
      'echoed option truncated',
    );
    assert.equal(validate(XIAOMI).ok, true);
  });
});

// ---- Batches ---------------------------------------------------------------------------------

describe('validateAll and statusAll', () => {
  function statusOf(v) {
    return !v.ok ? Status.INVALID : v.warnings.length ? Status.VALID_WITH_WARNINGS : Status.VALID;
  }

  /** ~1000 mixed inputs from a fixed seed: valid, typos, warnings, junk, odd strings. */
  function mixedInputs(withNewline) {
    let seed = 12345;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const orgBody = () => Array.from({ length: 8 }, () => '0123456789ABCDEFGHJKLMNPQRTUWXY'[rand(31)]).join('');
    const divisions = ['110108', '110105', '350100', '110228', '320594', '440300'];
    const pairs = ['91', '92', '11', '51', 'B1', '9Y'];
    const out = [];
    for (let i = 0; i < 1000; i++) {
      const code = uscc(pairs[rand(pairs.length)], divisions[rand(divisions.length)], orgBody());
      switch (rand(12)) {
        case 0: out.push(code.slice(0, 17) + other(code[17])); break; // typo in 18
        case 1: out.push(code.slice(0, 16) + other(code[16], '0123456789') + code[17]); break;
        case 2: out.push(code.toLowerCase()); break;
        case 3: out.push(residentId(`110105${1950 + rand(60)}0${1 + rand(9)}1${rand(9)}00${rand(10)}`)); break;
        case 4: out.push([null, undefined, 42, {}, [], NaN][rand(6)]); break;
        case 5: out.push(['', ' ', 'hello', '😀', '\uD800', '9'.repeat(300)][rand(6)]); break;
        case 6: out.push(code.slice(0, 8) + code.slice(8, 17).replace(/./, 'O') + code[17]); break; // illegal O
        case 7: out.push(`${code.slice(0, 9)}-${code.slice(9)}`); break;
        default: out.push(code);
      }
    }
    out.push('91350100M000100Y44', XIAOMI, '551385082', '110108012660422');
    if (withNewline) out.splice(500, 0, `${XIAOMI}\n`, 'a\nb', '\n');
    return out;
  }

  for (const withNewline of [false, true]) {
    test(`agree element by element on ~1000 mixed inputs${withNewline ? ' with newlines (one-by-one fallback)' : ''}`, () => {
      const inputs = mixedInputs(withNewline);
      for (const profile of ['lenient', 'strict']) {
        const full = validateAll(inputs, { profile });
        const fast = statusAll(inputs, { profile });
        assert.ok(fast instanceof Uint8Array);
        assert.equal(full.length, inputs.length);
        assert.equal(fast.length, inputs.length);
        const expected = Uint8Array.from(full, statusOf);
        for (let i = 0; i < inputs.length; i++) {
          assert.equal(fast[i], expected[i], `${profile} #${i} ${String(inputs[i])}`);
        }
        // validateAll is validate on each.
        for (const i of [0, 1, 2, 3, 500, 501, inputs.length - 4]) {
          assert.deepEqual(full[i], validate(inputs[i], { profile }), `#${i}`);
        }
        // A real mixture, not a degenerate one.
        const counts = [0, 0, 0];
        for (const s of fast) counts[s]++;
        assert.ok(counts[Status.VALID] > 100, `${profile} valid ${counts}`);
        assert.ok(counts[Status.INVALID] > 100, `${profile} invalid ${counts}`);
        if (profile === 'lenient') assert.ok(counts[Status.VALID_WITH_WARNINGS] > 50, `warnings ${counts}`);
        else assert.equal(counts[Status.VALID_WITH_WARNINGS], 0, 'strict has no warnings');
        const tail = Array.from(fast.slice(-4));
        assert.deepEqual(tail, profile === 'lenient' ? [1, 0, 0, 0] : [2, 0, 0, 0]);
        if (withNewline) {
          assert.deepEqual(Array.from(fast.slice(500, 503)), [Status.VALID, Status.INVALID, Status.INVALID]);
        }
      }
    });
  }

  test('statusLines agrees with statusAll on the same inputs as lines', () => {
    const strings = mixedInputs(false).filter((s) => typeof s === 'string' && !s.includes('\n'));
    for (const profile of ['lenient', 'strict']) {
      const want = Array.from(statusAll(strings, { profile }));
      assert.deepEqual(Array.from(statusLines(strings.join('\n'), { profile })), want, profile);
      // CRLF line ends and a final newline, as files have them.
      assert.deepEqual(Array.from(statusLines(strings.join('\r\n') + '\r\n', { profile })), want, `${profile} CRLF`);
    }
    assert.deepEqual(Array.from(statusLines(`${XIAOMI}\n\n${BAD_CHECK}`)), [0, 2, 2], 'an empty line is an invalid input');
    assert.deepEqual(Array.from(statusLines('')), [2], 'one empty line');
    assertThrowsCode(() => statusLines([XIAOMI]), 'NOT_A_STRING');
    assertThrowsCode(() => statusLines(XIAOMI, { kind: 'vat' }), 'INVALID_OPTION');
  });

  test('known statuses', () => {
    const s = statusAll([XIAOMI, '91350100M000100Y44', BAD_CHECK, null, '']);
    assert.deepEqual(Array.from(s), [0, 1, 2, 2, 2]);
    assert.deepEqual(Array.from(statusAll([XIAOMI, '91350100M000100Y44'], { profile: 'strict' })), [0, 2]);
    assert.deepEqual(Array.from(statusAll([XIAOMI], { kind: 'orgCode' })), [2]);
  });

  test('empty arrays give empty results; sparse arrays count holes as non-strings', () => {
    const none = statusAll([]);
    assert.ok(none instanceof Uint8Array);
    assert.equal(none.length, 0);
    assert.deepEqual(validateAll([]), []);
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [, XIAOMI];
    assert.deepEqual(Array.from(statusAll(sparse)), [2, 0]);
    assert.deepEqual(validateAll(sparse).map((r) => codesOf(r.errors)), [['NOT_A_STRING'], []]);
  });

  test('non-arrays throw NOT_AN_ARRAY', () => {
    for (const notArray of [XIAOMI, null, undefined, 42, { length: 1, 0: XIAOMI }, new Set([XIAOMI])]) {
      assertThrowsCode(() => validateAll(notArray), 'NOT_AN_ARRAY');
      assertThrowsCode(() => statusAll(notArray), 'NOT_AN_ARRAY');
      assertThrowsCode(() => audit(notArray), 'NOT_AN_ARRAY');
    }
  });

  test('bad options throw INVALID_OPTION, even for an empty batch', () => {
    for (const fn of [validateAll, statusAll, audit]) {
      for (const inputs of [[], [XIAOMI]]) {
        const e = assertThrowsCode(() => fn(inputs, { profile: 'strickt' }), 'INVALID_OPTION');
        assert.equal(e.found, 'strickt');
        assertThrowsCode(() => fn(inputs, { kind: 'vat' }), 'INVALID_OPTION');
      }
    }
  });
});

// ---- detect and audit ------------------------------------------------------------------------

describe('detect', () => {
  test('lists the kinds an input passes, in preference order', () => {
    assert.deepEqual(detect(XIAOMI), ['uscc', 'taxpayerId']);
    assert.deepEqual(detect('55138508-2'), ['orgCode']);
    assert.deepEqual(detect('110108012660422'), ['registrationNumber']);
    assert.deepEqual(detect('11010519491231002X'), ['residentId', 'taxpayerId']);
    assert.deepEqual(detect('11010519491231002X01'), ['taxpayerId']);
    assert.deepEqual(detect('91350100M000100Y44'), ['uscc', 'taxpayerId'], 'lenient: the pilot code passes');
    assert.deepEqual(detect(BAD_CHECK), []);
    assert.deepEqual(detect('hello'), []);
    assert.deepEqual(detect(''), []);
  });
});

describe('audit', () => {
  const records = [
    { code: XIAOMI, name: '小米科技有限责任公司' },
    { code: XIAOMI, name: '小米科技有限责任公司' }, // exact duplicate
    { code: XIAOMI.toLowerCase(), name: '小米通讯技术有限公司' }, // same code, another name
    { code: '55138508-2', name: '小米科技有限责任公司' }, // the embedded org code: same entity
    { code: '110108012660422', name: '小米科技有限责任公司' }, // same name, another entity
    { code: BAD_CHECK, name: '坏代码公司' },
    { code: '91350100M000100Y44', name: '试点公司' },
    { code: 12345, name: '数字公司' }, // a non-string code counts as ''
  ];

  test('counts, findings and conflicts', () => {
    const r = audit(records);
    assert.equal(r.total, 8);
    assert.equal(r.valid, 5);
    assert.equal(r.withWarnings, 1);
    assert.equal(r.invalid, 2);
    assert.equal(r.duplicates, 1);
    assert.deepEqual(
      r.invalidRecords.map((f) => [f.row, f.kind, codesOf(f.problems)]),
      [
        [6, 'uscc', ['CHECK_CHARACTER']],
        [8, null, ['EMPTY']],
      ],
    );
    assert.equal(r.invalidRecords[0].code, BAD_CHECK);
    assert.equal(r.invalidRecords[0].name, '坏代码公司');
    assert.deepEqual(
      r.warningRecords.map((f) => [f.row, f.code, codesOf(f.problems)]),
      [[7, '91350100M000100Y44', ['CHECK_CHARACTER']]],
    );
    assert.deepEqual(r.codeConflicts, [
      {
        key: XIAOMI,
        variants: [
          { value: '小米科技有限责任公司', rows: [1, 2, 4] },
          { value: '小米通讯技术有限公司', rows: [3] },
        ],
      },
    ]);
    assert.equal(r.nameConflicts.length, 1);
    assert.equal(r.nameConflicts[0].key, '小米科技有限责任公司');
    assert.deepEqual(
      r.nameConflicts[0].variants.map((v) => [v.value, v.rows]).sort(),
      [
        ['110108012660422', [5]],
        [XIAOMI, [1, 2, 4]],
      ],
    );
    // invalid 2 + duplicate 1 + one minority row in each of the two conflicts, over 8.
    assert.equal(r.errorRate, 5 / 8);
  });

  test('strict profile moves warnings into invalid; an empty audit has rate 0', () => {
    const strict = audit(records, { profile: 'strict' });
    assert.equal(strict.invalid, 3);
    assert.equal(strict.withWarnings, 0);
    assert.deepEqual(audit([]), {
      total: 0,
      valid: 0,
      withWarnings: 0,
      invalid: 0,
      duplicates: 0,
      errorRate: 0,
      invalidRecords: [],
      warningRecords: [],
      codeConflicts: [],
      nameConflicts: [],
    });
  });

  test('junk records are invalid records, not crashes', () => {
    const r = audit([null, 5, 'x', {}, { code: XIAOMI }]);
    assert.equal(r.total, 5);
    assert.equal(r.invalid, 4);
    assert.equal(r.valid, 1);
    assert.ok(r.invalidRecords.every((f) => f.problems[0].code === 'EMPTY'));
    assert.equal(validate(XIAOMI).ok, true);
  });
});
