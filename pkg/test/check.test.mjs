// Verdicts and check records through the Node entry: every committed fixture request gives the
// byte-identical record the native build committed (tests/data/fixture-records.txt), the CLI's
// `check` and `verify-record` agree with the package in the same run (a portal's server
// re-checking a browser's record), tampering is caught, and bad requests throw typed errors.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, keyring, loadSnapshot, SnapshotHolder } from '../node.js';
import * as core from '../wasm/credit_check.js';

const data = (f) => fileURLToPath(new URL(`../../tests/data/${f}`, import.meta.url));
const CLI = fileURLToPath(new URL('../../target/release/credit-check', import.meta.url));
const FIXTURE = readFileSync(data('fixture.ccs'));
const KEYS = readFileSync(data('fixture-keys.json'), 'utf8');
const REQUESTS = readFileSync(data('fixture-checks.jsonl'), 'utf8').trim().split('\n');
const RECORDS = readFileSync(data('fixture-records.txt'), 'utf8').trim().split('\n');
const dir = mkdtempSync(join(tmpdir(), 'cc-js-check-'));

let snapshot;
before(async () => {
  await init();
  snapshot = await loadSnapshot(FIXTURE, { keys: KEYS, store: { get() {}, set() {} } });
});

describe('check', () => {
  test('every fixture request gives the native record byte for byte', () => {
    assert.equal(REQUESTS.length, RECORDS.length);
    let records = 0;
    for (let i = 0; i < REQUESTS.length; i++) {
      const want = RECORDS[i];
      if (want.startsWith('error ')) {
        assert.throws(() => snapshot.check(REQUESTS[i]), (e) => e.code === want.slice(6), `request ${i + 1}`);
        continue;
      }
      const r = snapshot.check(REQUESTS[i]);
      assert.equal(`${r.sha256} ${r.record}`, want, `request ${i + 1}`);
      assert.equal(r.decision, r.verdict.decision);
      records++;
    }
    assert.ok(records > 150, `${records}`);
  });

  test('what JSON would change rather than carry reaches the core as it is: the same typed error as before', () => {
    // The raw core, given the object itself: the reference (the wrapper sends plain data as text).
    const loader = new core.SnapshotLoader(keyring(KEYS));
    loader.pushArray(FIXTURE);
    const raw = loader.finish();
    const req = JSON.parse(REQUESTS[0]);
    const p0 = req.parties[0];
    const odd = [
      { ...req, checkedAt: new Date('2026-11-27T02:00:00Z') },
      { ...req, parties: [{ ...p0, name: () => 'x' }] },
      { ...req, parties: [{ ...p0, code: 91110108551385082n }] },
      { ...req, parties: [{ ...p0, name: Symbol('x') }] },
      { ...req, facts: { prior_false_commitment: NaN } },
      { ...req, parties: [new Map(Object.entries(p0))] },
      { ...req, parties: [{ ...p0, toJSON: () => ({ role: p0.role }) }] },
    ];
    try {
      const outcome = (f) => {
        try {
          return `record ${f().record}`;
        } catch (e) {
          return `error ${e.code}`;
        }
      };
      let refused = 0;
      for (const [i, r] of odd.entries()) {
        const want = outcome(() => raw.check(r));
        refused += want.startsWith('error ');
        assert.equal(outcome(() => snapshot.check(r)), want, `odd request ${i}`);
      }
      assert.ok(refused >= 5, `${refused}`);
    } finally {
      raw.free();
    }
  });

  test('a request object and its JSON text give the same record', () => {
    const req = JSON.parse(REQUESTS[0]);
    assert.equal(snapshot.check(req).record, snapshot.check(REQUESTS[0]).record);
  });

  test('every request as an object: the same record, and the decision, verdict and input the core returns equal what the record holds', () => {
    for (let i = 0; i < REQUESTS.length; i++) {
      if (RECORDS[i].startsWith('error ')) {
        assert.throws(() => snapshot.check(JSON.parse(REQUESTS[i])), (e) => e.code === RECORDS[i].slice(6), `request ${i + 1}`);
        continue;
      }
      const r = snapshot.check(JSON.parse(REQUESTS[i]));
      assert.equal(`${r.sha256} ${r.record}`, RECORDS[i], `request ${i + 1}`);
      const parsed = JSON.parse(r.record);
      assert.deepEqual(r.verdict, parsed.verdict, `request ${i + 1}`);
      assert.deepEqual(r.input, parsed.input, `request ${i + 1}`);
      assert.equal(r.decision, parsed.verdict.decision);
    }
  });

  test('a misspelt field in a request object is refused, never dropped; null or undefined fields are absent', () => {
    const req = JSON.parse(REQUESTS[0]);
    const typo = { ...req, parties: [{ role: 'applicant', cdoe: '91110108551385082Q' }] };
    assert.throws(() => snapshot.check(typo), (e) => e.code === 'INVALID_INPUT' && typeof e.messageZh === 'string');
    assert.throws(() => snapshot.check({ ...req, extra: 1 }), (e) => e.code === 'INVALID_INPUT');
    const loose = { ...req, facts: null, nothing: undefined, parties: req.parties.map((p) => ({ ...p, label: undefined, name: p.name ?? null })) };
    assert.equal(snapshot.check(loose).record, snapshot.check(REQUESTS[0]).record);
    assert.throws(() => snapshot.check(null), (e) => e.code === 'INVALID_INPUT');
  });

  test('the CLI re-checks a record the package made, and the package one the CLI made', () => {
    const listed = JSON.parse(REQUESTS.find((l) => l.includes('consortium_member')));
    delete listed.checkedAt;
    const js = snapshot.check(listed);
    assert.equal(js.decision, 'block');
    assert.equal(js.verdict.consortium.blockedBy.length, 1);
    const file = join(dir, 'record.json');
    writeFileSync(file, js.record);
    const run = spawnSync(CLI, ['verify-record', '--snapshot', data('fixture.ccs'), '--keys', data('fixture-keys.json'), '--sha256', js.sha256, file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(JSON.parse(run.stdout).code, 'MATCH');

    const reqFile = join(dir, 'request.json');
    writeFileSync(reqFile, JSON.stringify(listed));
    const out = join(dir, 'cli-record.json');
    const cli = spawnSync(CLI, ['check', '--snapshot', data('fixture.ccs'), '--keys', data('fixture-keys.json'), '--record-out', out, '--json', reqFile], { encoding: 'utf8' });
    assert.equal(cli.status, 1, 'exit 1: block');
    const cliRecord = readFileSync(out, 'utf8').trimEnd();
    assert.equal(JSON.parse(cli.stdout).sha256, snapshot.verifyRecord(cliRecord).sha256Rerun);
    assert.equal(snapshot.verifyRecord(cliRecord).code, 'MATCH');
  });

  test('tampering and another time are caught', () => {
    const r = snapshot.check(REQUESTS.find((l) => l.includes('consortium_member')));
    const tampered = r.record.replace('"decision":"block","effects"', '"decision":"pass","effects"');
    assert.notEqual(tampered, r.record);
    const v = snapshot.verifyRecord(tampered);
    assert.equal(v.matches, false);
    assert.equal(v.code, 'VERDICT_DIFFERS');
    assert.equal(v.firstDifference, '.verdict.decision');
    assert.equal(snapshot.verifyRecord(r.record, r.sha256).code, 'MATCH');
    assert.equal(snapshot.verifyRecord(r.record, '0'.repeat(64)).code, 'SHA256_MISMATCH');
    assert.throws(() => snapshot.verifyRecord(42), (e) => e.code === 'NOT_A_STRING');
  });

  test('bad requests throw typed, bilingual errors; nothing panics', () => {
    const cases = [
      ['{', 'INVALID_INPUT'],
      [{ scenario: 'SC-ZFCG-SUPPLIER', parties: [] }, 'NO_PARTIES'],
      [{ scenario: 'SC-NOPE', parties: [{ role: 'applicant', code: 'x' }] }, 'UNKNOWN_SCENARIO'],
      [{ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'judge', code: 'x' }] }, 'UNKNOWN_ROLE'],
      [{ scenario: 'SC-ZFCG-SUPPLIER', cutoff: 'tomorrow', parties: [{ role: 'applicant', code: 'x' }] }, 'BAD_CUTOFF'],
      [{ scenario: 'SC-ZFCG-SUPPLIER', facts: { nope: true }, parties: [{ role: 'applicant', code: 'x' }] }, 'UNKNOWN_FACT'],
      [{ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', uscc: 'x' }] }, 'INVALID_INPUT'],
      [null, 'INVALID_INPUT'],
    ];
    for (const [req, code] of cases) {
      assert.throws(() => snapshot.check(req), (e) => e instanceof Error && e.code === code && typeof e.messageZh === 'string', code);
    }
    // The instance still works after every refusal.
    assert.equal(snapshot.check(REQUESTS[0]).record.length > 100, true);
  });

  test('the catalogue lists scenarios, roles and facts', () => {
    const c = snapshot.catalogue();
    assert.equal(c.source, 'embedded');
    assert.match(c.digest, /^[0-9a-f]{64}$/);
    const sup = c.scenarios.find((s) => s.id === 'SC-ZFCG-SUPPLIER');
    assert.deepEqual(sup.roles, ['applicant', 'consortium_member', 'legal_representative']);
    assert.ok(c.facts.includes('government_invested_project'));
    assert.ok(c.scenarios.length >= 15);
  });

  test('a holder with no snapshot says unavailable, never pass', () => {
    const h = new SnapshotHolder({ keys: KEYS });
    const r = h.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: [{ role: 'applicant', code: '91110108551385082Q' }] });
    assert.equal(r.decision, 'unavailable');
    assert.equal(r.record, null);
    // Built by the core: the same answer `credit-check check --json` prints with no usable snapshot.
    assert.deepEqual(r, {
      decision: 'unavailable',
      reason: 'NO_SNAPSHOT',
      verdict: null,
      record: null,
      sha256: null,
      message: 'no list snapshot is loaded: nothing was checked',
      messageZh: '未加载名单快照，未进行核查',
    });
  });

  test('the CLI gives the unavailable outcome when it can use no snapshot', () => {
    const reqFile = join(dir, 'unavailable.json');
    writeFileSync(reqFile, REQUESTS[0]);
    const cli = spawnSync(CLI, ['check', '--snapshot', data('fixture.ccs'), '--keys', data('fixture-keys.json'), '--last-sequence', '4', '--json', reqFile], { encoding: 'utf8' });
    assert.equal(cli.status, 2, cli.stderr);
    const r = JSON.parse(cli.stdout);
    assert.deepEqual(Object.keys(r).sort(), ['decision', 'message', 'messageZh', 'reason', 'record', 'sha256', 'verdict']);
    assert.deepEqual([r.decision, r.reason, r.record], ['unavailable', 'ROLLBACK', null]);
  });
});

test('a stale snapshot gives the stale outcome, never pass', () => {
  const clean = { scenario: 'SC-ZFCG-SUPPLIER', checkedAt: '2100-01-01T00:00:00.000Z', parties: [{ role: 'applicant', code: '91110108551385082Q' }] };
  const r = snapshot.check(clean);
  assert.equal(r.decision, 'stale');
  assert.equal(r.verdict.snapshot.stale, true);
  // CLI exit status 3 for anything but pass and block.
  const reqFile = join(dir, 'stale.json');
  writeFileSync(reqFile, JSON.stringify(clean));
  const cli = spawnSync(CLI, ['check', '--snapshot', data('fixture.ccs'), '--keys', data('fixture-keys.json'), reqFile], { encoding: 'utf8' });
  assert.equal(cli.status, 3, cli.stderr);
  assert.match(cli.stdout, /快照已过期/);
  assert.ok(execFileSync(CLI, ['--help'], { encoding: 'utf8' }).includes('verify-record'));
});
