// One error shape everywhere: errors from the core (through the bindings) and from the JS wrapper
// are `Error`s with `code`, `message` (English), `messageZh` (Chinese) and the location fields.
// (tests/error_codes.rs ties every code to index.d.ts; here the shape is checked at run time.)
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, loadSnapshot, validate, validateAll } from '../node.js';
import { creditCheckError, LOCATION_FIELDS, WRAPPER_ERROR_CODES } from '../errors.js';
import { parseStoredSequence } from '../sequence-store.js';

const data = (f) => fileURLToPath(new URL(`../../tests/data/${f}`, import.meta.url));
const FIXTURE = readFileSync(data('fixture.ccs'));
const KEYS = readFileSync(data('fixture-keys.json'), 'utf8');
const store = { get() {}, set() {} };

function assertShape(err, code) {
  assert.ok(err instanceof Error, 'an Error');
  assert.equal(err.code, code);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  assert.equal(typeof err.messageZh, 'string', `${code} has messageZh`);
  assert.match(err.messageZh, /[\u4e00-\u9fff]/, `${code}: Chinese in messageZh`);
  return true;
}

let snapshot;
before(async () => {
  await init();
  snapshot = await loadSnapshot(FIXTURE, { keys: KEYS, store });
});

describe('one error shape', () => {
  test('the helper sets code, message, messageZh and only the location fields', () => {
    const e = creditCheckError('SHARD_MISSING', 'missing', '缺少', { offset: 3, field: 'x', other: 1 });
    assertShape(e, 'SHARD_MISSING');
    assert.equal(e.offset, 3);
    assert.equal(e.field, 'x');
    assert.equal(e.other, undefined);
    assert.ok(LOCATION_FIELDS.includes('position') && LOCATION_FIELDS.includes('line'));
    assert.equal(new Set(WRAPPER_ERROR_CODES).size, WRAPPER_ERROR_CODES.length);
  });

  test('wrapper errors carry messageZh', () => {
    assert.throws(() => validateAll('x'), (e) => assertShape(e, 'NOT_AN_ARRAY'));
    assert.throws(() => parseStoredSequence('abc'), (e) => assertShape(e, 'BAD_STORED_SEQUENCE'));
    assert.throws(() => snapshot.screen([{ nom: 'x' }]), (e) => assertShape(e, 'INVALID_PARTY') && e.field === 'parties[0].nom');
  });

  test('core errors through the bindings: an option, a snapshot, a check', async () => {
    assert.throws(
      () => validate('x', { profile: 'strcit' }),
      (e) => assertShape(e, 'INVALID_OPTION') && e.found === 'strcit' && typeof e.expected === 'string',
    );
    await assert.rejects(
      loadSnapshot(new Uint8Array(FIXTURE.subarray(0, 40)), { keys: KEYS, store }),
      (e) => assertShape(e, e.code) && typeof e.code === 'string',
    );
    assert.throws(
      () => snapshot.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'judge', code: 'x' }] }),
      (e) => assertShape(e, 'UNKNOWN_ROLE') && e.field === 'parties[0].role',
    );
  });
});
