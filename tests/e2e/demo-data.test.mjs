// The demo portal's default data (issue 6): every persona's expected decision in every scenario
// it names, checked for real with the release CLI against www/demo-data/lists.ccs, plus the
// tampered and stale copies, list-type coverage of the hand records, and one verdict through the
// npm package in Node giving the CLI's bytes. No browser needed.
//
//   node --test tests/e2e/demo-data.test.mjs
//
// Builds the data (scripts/demo-data.sh) when it is missing, made for another day, or older than
// the personas in scripts/gen-demo-records.mjs, or older than the CLI. CLI overrides the binary
// (default target/release/credit-check, built by scripts/build.sh).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chinaToday, handRecords, LIST_TYPES, personas as personasFor } from '../../scripts/gen-demo-records.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.join(ROOT, 'www/demo-data');
const SNAPSHOT = path.join(DATA, 'lists.ccs');
const KEYS = path.join(DATA, 'keys.json');
const CLI = path.resolve(ROOT, process.env.CLI || 'target/release/credit-check');

function dataIsCurrent() {
  if (!existsSync(SNAPSHOT) || !existsSync(KEYS) || !existsSync(path.join(DATA, 'personas.json'))) return false;
  try {
    const doc = JSON.parse(readFileSync(path.join(DATA, 'personas.json'), 'utf8'));
    return (
      doc.cutoffToday === chinaToday() &&
      // Signed by an older CLI (another catalogue or record model): make it again.
      statSync(path.join(DATA, 'lists.ccs')).mtimeMs >= statSync(CLI).mtimeMs &&
      JSON.stringify(doc.personas) === JSON.stringify(personasFor(doc.cutoffToday)) &&
      ['lists-tampered.ccs', 'lists-stale.ccs'].every((f) => existsSync(path.join(DATA, f)))
    );
  } catch {
    return false;
  }
}

let doc;
let tmp;

before(() => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run bash scripts/build.sh`);
  if (!dataIsCurrent()) {
    const summary = execFileSync('bash', [path.join(ROOT, 'scripts/demo-data.sh')], {
      cwd: ROOT,
      env: { ...process.env, CLI },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    process.stderr.write(summary); // stdout is the test runner's
  }
  doc = JSON.parse(readFileSync(path.join(DATA, 'personas.json'), 'utf8'));
  tmp = mkdtempSync(path.join(tmpdir(), 'demo-data-test-'));
  process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
});

let fileNo = 0;
/** Runs `credit-check check --json` on a request; returns {status, out: {verdict, record, sha256}}. */
function cliCheck(request, extra = [], snapshot = SNAPSHOT) {
  const file = path.join(tmp, `request-${++fileNo}.json`);
  writeFileSync(file, JSON.stringify(request));
  const args = ['check', '--snapshot', snapshot, '--keys', KEYS, '--scenario', request.scenario, '--json'];
  const r = spawnSync(CLI, [...args, ...extra, file], {
    encoding: 'utf8',
  });
  assert.ok(r.stdout, `check printed nothing (exit ${r.status}): ${r.stderr}`);
  return { status: r.status, out: JSON.parse(r.stdout) };
}

/** The party a form would send for a persona (code may be replaced, e.g. by the legacy code). */
function partyOf(p, role = 'applicant', code = p.code) {
  const party = { role, name: p.queryName ?? p.name, code };
  if (p.legalRepName) party.legalRepName = p.legalRepName;
  if (p.legalRepId) party.legalRepId = p.legalRepId;
  return party;
}

/** The parties for persona `id` as its page uses them (a consortium member joins clean-b). */
function partiesOf(id, code) {
  const p = doc.personas[id];
  if (p.role === 'consortium_member') {
    return [partyOf(doc.personas['clean-b']), partyOf(p, 'consortium_member', code)];
  }
  return [partyOf(p, 'applicant', code)];
}

/** Checks persona `id` in `scenario` at the data's cut-off; returns the verdict. */
function verdictOf(id, scenario, code) {
  const request = { scenario, cutoff: doc.cutoffToday, parties: partiesOf(id, code) };
  const { out } = cliCheck(request);
  return out.verdict;
}

const describeVerdict = (v) =>
  JSON.stringify(
    v.parties.map((p) => ({
      decision: p.decision,
      hits: p.hits.map((h) => [
        h.listType,
        h.match.kind,
        h.match.band,
        h.validity.state,
        h.measures.map((m) => `${m.id}:${m.state}`),
      ]),
      problems: p.inputProblems,
    })),
  );

describe('personas', () => {
  test('the personas file names every required persona with its fields', () => {
    const required = [
      'clean-a',
      'clean-b',
      'clean-c',
      'black-sxbzxr',
      'black-zfcg-ban',
      'zfcg-ban-ended',
      'red-nsa',
      'red-and-black',
      'legacy-org',
      'consortium-listed',
      'legal-rep-listed',
      'repaired-yesterday',
      'abnormal-ops',
      'penalty-recent',
      'ban-no-term',
      'name-only-black',
    ];
    for (const id of required) assert.ok(doc.personas[id], `persona ${id} missing`);
    assert.match(doc.cutoffToday, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(doc.generatedAt)));
    for (const [id, p] of Object.entries(doc.personas)) {
      assert.match(p.code, /^[0-9A-HJ-NPQRTUWXY]{18}$/, id);
      assert.ok(p.name && p.note && p.noteEn && Array.isArray(p.lists), id);
      // The notes are read on the pages: no persona ids, fact ids or list ids in them.
      for (const note of [p.note, p.noteEn]) {
        assert.doesNotMatch(note, /\b[a-z]+_[a-z_]+\b|\b(?:LT|RL|SC|M)-[A-Z]/, `${id}: ${note}`);
        for (const other of Object.keys(doc.personas)) assert.ok(!note.includes(other), `${id} names ${other}: ${note}`);
      }
      assert.match(p.noteEn, /^[A-Z][\x20-\x7e–“”’]+/, `${id}: noteEn is English`);
      assert.ok(Object.keys(p.expect).length > 0, id);
      if (p.legalRepId) assert.match(p.legalRepId, /^\d{17}[\dX]$/, id);
    }
    const lo = doc.personas['legacy-org'];
    assert.equal(lo.legacyCode, `${lo.code.slice(8, 16)}-${lo.code[16]}`);
    assert.ok(doc.personas['name-only-black'].queryName);
    assert.notEqual(doc.personas['name-only-black'].queryName, doc.personas['name-only-black'].name);
    assert.equal(doc.personas['consortium-listed'].role, 'consortium_member');
  });

  test('every persona code and legal representative ID passes the strict profile', () => {
    const codes = [];
    for (const p of Object.values(doc.personas)) {
      codes.push(p.code);
      if (p.legacyCode) codes.push(p.legacyCode);
      if (p.legalRepId) codes.push(p.legalRepId);
    }
    const out = execFileSync(CLI, ['validate', '--profile', 'strict', ...codes], { encoding: 'utf8' });
    for (const line of out.trim().split('\n')) {
      const o = JSON.parse(line);
      assert.ok(o.ok && o.warnings.length === 0, `${o.input}: ${JSON.stringify([...o.errors, ...o.warnings])}`);
    }
  });

  test('the hand records cover all 18 list types and read back clean', () => {
    const records = handRecords(doc.cutoffToday);
    const seen = new Set(records.map((r) => r.listType));
    assert.equal(LIST_TYPES.length, 18);
    for (const lt of LIST_TYPES) assert.ok(seen.has(lt), `no hand record on ${lt}`);
    const file = path.join(tmp, 'hand.jsonl');
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const report = JSON.parse(execFileSync(CLI, ['check-input', file], { encoding: 'utf8' }));
    assert.equal(report.invalid, 0, JSON.stringify(report.errors));
    assert.equal(report.warningCount, 0, JSON.stringify(report.warnings));
    for (const lt of LIST_TYPES) assert.ok(report.byListType[lt] > 0, lt);
  });
});

describe('expected decisions (CLI, cut-off = the data day)', () => {
  // Tests are registered before `before` runs, so the list comes from the generator; the ids and
  // expectations do not depend on the day, and the file is the generator's (see dataIsCurrent).
  for (const [id, p] of Object.entries(personasFor(chinaToday()))) {
    for (const [scenario, decision] of Object.entries(p.expect)) {
      test(`${id} in ${scenario}: ${decision}`, () => {
        const v = verdictOf(id, scenario);
        assert.equal(v.decision, decision, describeVerdict(v));
        if (id === 'legacy-org') {
          const byLegacy = verdictOf(id, scenario, doc.personas[id].legacyCode);
          assert.equal(byLegacy.decision, decision, `by legacy code: ${describeVerdict(byLegacy)}`);
          const hit = byLegacy.parties[0].hits.find((h) => h.listType === 'LT-ZDSS');
          assert.ok(hit, 'the USCC entry is found by the legacy code');
          assert.equal(hit.match.kind, 'derivedIdentifier');
          assert.equal(hit.match.band, 'definite');
        }
      });
    }
  }
});

describe('what the verdicts show', () => {
  const hitsOf = (v, i = 0) => v.parties[i].hits;
  const measure = (v, id) =>
    v.parties.flatMap((p) => [...p.measures, ...p.hits.flatMap((h) => h.measures)]).filter((m) => m.id === id);

  test('clean companies have no hit', () => {
    for (const id of ['clean-a', 'clean-b', 'clean-c']) {
      const v = verdictOf(id, 'SC-ZFCG-SUPPLIER');
      assert.deepEqual(hitsOf(v), [], `${id}: ${describeVerdict(v)}`);
    }
  });

  test('black-sxbzxr: blocked by M-PROC-REJ, objection goes to the listing court', () => {
    const v = verdictOf('black-sxbzxr', 'SC-ZFCG-SUPPLIER');
    const [hit] = hitsOf(v);
    assert.equal(hit.match.band, 'definite');
    assert.ok(hit.measures.some((m) => m.id === 'M-PROC-REJ' && m.state === 'applied'));
    assert.equal(hit.objection.authority, '福州市台江区人民法院');
    assert.match(hit.objection.decisionNumber, /^（\d{4}）闽0103执1234号$/);
  });

  test('zfcg-ban-ended and the other past entries are not shown', () => {
    for (const id of ['zfcg-ban-ended', 'repaired-yesterday', 'edge-listed-tomorrow', 'edge-removed']) {
      const v = verdictOf(id, 'SC-ZFCG-SUPPLIER');
      assert.deepEqual(hitsOf(v), [], `${id}: ${describeVerdict(v)}`);
    }
  });

  test('red-nsa: green channel in licensing, commitment allowed once no prior false commitment is confirmed', () => {
    const a = verdictOf('red-nsa', 'SC-XZXK-APPROVAL');
    assert.ok(a.effects.includes('greenChannel'), JSON.stringify(a.effects));
    // 国办发〔2020〕42号: until the approving authority confirms, no acceptance on commitment.
    const c = verdictOf('red-nsa', 'SC-XZXK-COMMITMENT');
    assert.equal(c.parties[0].commitment.allowed, false);
    const request = { scenario: 'SC-XZXK-COMMITMENT', cutoff: doc.cutoffToday, parties: partiesOf('red-nsa'), facts: { prior_false_commitment: false } };
    assert.equal(cliCheck(request).out.verdict.parties[0].commitment.allowed, true);
    assert.deepEqual(hitsOf(a).map((h) => h.listType).sort(), ['RL-LOCAL', 'RL-NSA']);
  });

  test('red-and-black: black outranks red — its incentives are not applied, even under review', () => {
    const v = verdictOf('red-and-black', 'SC-XZXK-APPROVAL');
    const incentives = [...measure(v, 'I-FJ-RED-GC'), ...measure(v, 'I-NSA-GC')];
    assert.ok(incentives.length > 0, describeVerdict(v));
    for (const m of incentives) assert.equal(m.state, 'notApplied');
  });

  test('consortium-listed: the consortium is blocked by its member', () => {
    const v = verdictOf('consortium-listed', 'SC-ZFCG-SUPPLIER');
    assert.equal(v.parties[0].decision, 'pass');
    assert.equal(v.parties[1].decision, 'block');
    assert.deepEqual(v.consortium.blockedBy, [1]);
  });

  test('legal-rep-listed: M-FOOD-BAN in licensing; shown without a measure in procurement', () => {
    const a = verdictOf('legal-rep-listed', 'SC-XZXK-APPROVAL');
    assert.ok(measure(a, 'M-FOOD-BAN').some((m) => m.state === 'applied'), describeVerdict(a));
    const p = verdictOf('legal-rep-listed', 'SC-ZFCG-SUPPLIER');
    const hits = p.parties.flatMap((x) => x.hits);
    assert.equal(hits.length, 1, describeVerdict(p));
    assert.equal(hits[0].match.kind, 'legalRepresentative');
    assert.deepEqual(hits[0].measures, []);
    assert.match(hits[0].record.legalRepresentative?.idNumber ?? hits[0].record.idNumber ?? '', /\*{8}/);
  });

  test('penalty-recent: a 150,000 yuan fine is no major violation record; penalty-major: 2.5 million within three years is', () => {
    const v = verdictOf('penalty-recent', 'SC-ZFCG-SUPPLIER');
    assert.deepEqual(measure(v, 'M-PROC-3Y'), [], describeVerdict(v));
    const w = verdictOf('penalty-major', 'SC-ZFCG-SUPPLIER');
    assert.ok(measure(w, 'M-PROC-3Y').some((m) => m.state === 'applied'), describeVerdict(w));
  });

  test('ban-no-term: the ban cannot be told, so it would apply (review)', () => {
    const v = verdictOf('ban-no-term', 'SC-SCZR-ACCESS');
    assert.ok(measure(v, 'M-FOOD-BAN').some((m) => m.state === 'wouldApply'), describeVerdict(v));
  });

  test('name-only-black: a possible match by a variant of its name', () => {
    const v = verdictOf('name-only-black', 'SC-ZFCG-SUPPLIER');
    const hit = hitsOf(v).find((h) => h.listType === 'LT-NMG');
    assert.ok(hit, describeVerdict(v));
    assert.equal(hit.match.band, 'possible');
  });

  test('edges: listed today and repaired tomorrow fire; term ending today fires', () => {
    for (const id of ['edge-listed-today', 'edge-repaired-tomorrow', 'edge-term-ends-today']) {
      const v = verdictOf(id, 'SC-ZFCG-SUPPLIER');
      assert.equal(hitsOf(v)[0]?.validity.state, 'inForce', `${id}: ${describeVerdict(v)}`);
    }
  });
});

describe('the other snapshots', () => {
  test('the tampered copy is refused: DIGEST_MISMATCH', () => {
    const r = spawnSync(CLI, ['verify', '--keys', KEYS, path.join(DATA, 'lists-tampered.ccs')], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, /DIGEST_MISMATCH/);
    const ok = spawnSync(CLI, ['verify', '--keys', KEYS, SNAPSHOT], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  });

  test('the stale copy is refused by verify and checks as stale', () => {
    const stale = path.join(DATA, 'lists-stale.ccs');
    const r = spawnSync(CLI, ['verify', '--keys', KEYS, stale], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, /STALE/);
    const request = { scenario: 'SC-ZFCG-SUPPLIER', parties: partiesOf('clean-a') };
    const { status, out } = cliCheck(request, [], stale);
    assert.equal(out.verdict.decision, 'stale');
    assert.equal(out.verdict.snapshot.stale, true);
    assert.equal(status, 3);
    // A block found in a stale snapshot still blocks.
    const black = cliCheck({ scenario: 'SC-ZFCG-SUPPLIER', parties: partiesOf('black-sxbzxr') }, [], stale);
    assert.equal(black.out.verdict.decision, 'block');
  });

  test('lists.ccs has an issue number a person can read: the China date and the run of the day', () => {
    const info = JSON.parse(execFileSync(CLI, ['inspect', '--keys', KEYS, SNAPSHOT], { encoding: 'utf8' }));
    const seq = String(info.header.sequence);
    assert.match(seq, /^\d{10}$/, seq);
    assert.equal(seq.slice(0, 8), doc.cutoffToday.replaceAll('-', ''), `${seq} starts with today in China`);
    assert.ok(Number(seq.slice(8)) >= 1, seq);
  });

  test('lists.ccs covers all 18 list types, is signed by the demo key and expires in 30 days', () => {
    const info = JSON.parse(execFileSync(CLI, ['inspect', '--keys', KEYS, SNAPSHOT], { encoding: 'utf8' }));
    const text = JSON.stringify(info);
    assert.match(text, /demo-ed-2026/);
    assert.match(text, /演示数据发布方/);
    for (const lt of LIST_TYPES) assert.ok(text.includes(lt), lt);
    assert.deepEqual(
      verdictOf('clean-a', 'SC-ZFCG-SUPPLIER').snapshot.uncovered,
      [],
      'no list uncovered',
    );
  });
});

describe('the npm package in Node', () => {
  test('one persona through loadSnapshot + check gives the CLI record byte for byte', async () => {
    const { init, loadSnapshot } = await import('../../pkg/node.js');
    await init();
    const checkedAt = new Date().toISOString().replace(/\.\d+Z$/, '.000Z');
    const snapshot = await loadSnapshot(readFileSync(SNAPSHOT), {
      keys: readFileSync(KEYS, 'utf8'),
      store: { get: () => undefined, set: () => {} },
    });
    try {
      for (const [id, scenario] of [
        ['black-sxbzxr', 'SC-ZFCG-SUPPLIER'],
        ['legal-rep-listed', 'SC-XZXK-APPROVAL'],
        ['red-nsa', 'SC-XZXK-COMMITMENT'],
      ]) {
        const request = { scenario, cutoff: doc.cutoffToday, parties: partiesOf(id) };
        const js = snapshot.check({ ...request, checkedAt });
        const cli = cliCheck(request, ['--at', checkedAt]).out;
        assert.equal(js.decision, doc.personas[id].expect[scenario], id);
        assert.equal(js.record, cli.record, id);
        assert.equal(js.sha256, cli.sha256, id);
      }
    } finally {
      snapshot.close();
    }
  });

  test('the package refuses the tampered copy (DIGEST_MISMATCH) and loads the stale one as stale', async () => {
    const { init, loadSnapshot } = await import('../../pkg/node.js');
    await init();
    const keys = readFileSync(KEYS, 'utf8');
    const store = () => ({ get: () => undefined, set: () => {} });
    await assert.rejects(
      loadSnapshot(readFileSync(path.join(DATA, 'lists-tampered.ccs')), { keys, store: store() }),
      (err) => err.code === 'DIGEST_MISMATCH',
    );
    await assert.rejects(
      loadSnapshot(readFileSync(path.join(DATA, 'lists-stale.ccs')), { keys, store: store() }),
      (err) => err.code === 'STALE',
    );
    const stale = await loadSnapshot(readFileSync(path.join(DATA, 'lists-stale.ccs')), {
      keys,
      store: store(),
      allowStale: true,
    });
    try {
      const r = stale.check({ scenario: 'SC-ZFCG-SUPPLIER', parties: partiesOf('clean-a') });
      assert.equal(r.decision, 'stale');
    } finally {
      stale.close();
    }
  });
});
