// The vocabulary (issue 14): one table of names, in Rust, reaching JS through `vocabulary()`.
// These tests fail when a copy reappears: a name of the vocabulary written as a string of its own
// in the package, the demo pages or the scripts, or a check-digit weight table outside the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { checkCharacter, init, vocabulary } from 'credit-check';
import { listName, scenarioName, term, termName } from 'credit-check/names';

await init();
const v = vocabulary();
const ROOT = new URL('../../', import.meta.url);

/** The hand-written JS of the package, the demo pages and the scripts (not the generated pkg/wasm/). */
function sources() {
  const out = [];
  for (const [dir, ext] of [
    ['pkg/', /\.js$/],
    ['www/', /\.js$/],
    ['scripts/', /\.m?js$/],
  ]) {
    for (const f of readdirSync(new URL(dir, ROOT))) {
      if (ext.test(f)) out.push([`${dir}${f}`, readFileSync(new URL(`${dir}${f}`, ROOT), 'utf8')]);
    }
  }
  return out;
}

/** Every string literal of a source ('…', "…", or a `…` without substitutions). */
function literals(src) {
  const out = [];
  const re = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`([^`$\\]*)`/g;
  for (let m; (m = re.exec(src)); ) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

test('vocabulary() has every table, frozen and cached', () => {
  for (const k of ['listTypes', 'colours', 'decisions', 'lookups', 'scenarios', 'roles', 'effects', 'measureStates', 'listingStatuses', 'validityStates', 'banStates', 'inspectionDirections', 'conditions', 'entityKinds', 'personRoles', 'identifierKinds', 'matchedBy']) {
    assert.ok(Array.isArray(v[k]) && v[k].length > 0, k);
    for (const e of v[k]) assert.ok(e.id && e.zh && e.en, `${k} ${e.id}`);
  }
  assert.equal(vocabulary(), v, 'cached');
  assert.ok(Object.isFrozen(v) && Object.isFrozen(v.listTypes[0]));
  assert.equal(v.listTypes.length, 18);
  assert.deepEqual(
    v.decisions.map((d) => d.id),
    ['block', 'review', 'pass', 'stale', 'notCovered', 'invalidInput', 'unavailable', 'error'],
  );
  assert.equal(term('decisions', 'block').zh, '不予通过');
  assert.equal(term('decisions', 'unavailable').record, null);
});

test('the list types are the catalogue table (data/catalogue/v2/list_types.tsv)', () => {
  const [head, ...rows] = readFileSync(new URL('data/catalogue/v2/list_types.tsv', ROOT), 'utf8').trim().split('\n');
  const cols = head.split('\t');
  const table = rows.map((r) => Object.fromEntries(r.split('\t').map((x, i) => [cols[i], x])));
  assert.deepEqual(
    v.listTypes.map((l) => [l.id, l.zh, l.en, l.colour]),
    table.map((r) => [r.id, r.name_zh, r.name_en, r.colour]),
  );
});

test('names.js reads its names from the vocabulary', () => {
  assert.equal(listName('LT-SXBZXR'), '失信被执行人名单');
  assert.equal(listName('LT-SXBZXR', 'en'), v.listTypes[0].en);
  assert.equal(listName('LT-NEW'), 'LT-NEW');
  const s = v.scenarios[0];
  assert.equal(scenarioName(s.id, 'en'), s.en);
  assert.equal(termName('effects', 'greenChannel'), '绿色通道');
  assert.equal(termName('identifierKinds', 'uscc', 'en'), 'Unified social credit code');
});

test('index.d.ts: the literal unions are the vocabulary', () => {
  const dts = readFileSync(new URL('pkg/index.d.ts', ROOT), 'utf8');
  const union = (name) => {
    const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
    assert.ok(m, name);
    return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  };
  assert.deepEqual(union('ListTypeId'), v.listTypes.map((l) => l.id));
  assert.deepEqual(union('IdentifierKind').sort(), v.identifierKinds.map((k) => k.id).sort());
  assert.deepEqual(union('MatchedBy'), v.matchedBy.map((k) => k.id));
  assert.deepEqual(union('Effect').sort(), v.effects.map((e) => e.id).sort());
  assert.deepEqual(union('Role').sort(), v.roles.map((e) => e.id).sort());
  assert.deepEqual(
    [...union('Decision'), 'unavailable', 'error'].sort(),
    v.decisions.map((d) => d.id).sort(),
  );
});

test('checkCharacter computes the check characters (the core, not a copy)', () => {
  assert.equal(checkCharacter('uscc', '91110108551385082'), 'Q');
  assert.equal(checkCharacter('orgCode', '55138508'), '2');
  assert.equal(checkCharacter('residentId', '11010519491231002'), 'X');
  assert.throws(() => checkCharacter('uscc', '91'), (e) => e.code === 'LENGTH');
  assert.throws(() => checkCharacter('nope', '1'), (e) => e.code === 'INVALID_OPTION');
});

/**
 * Strings that equal a name of the vocabulary but mean something else, each with its reason.
 * Adding to this list needs a reason that is not "the page wants the name".
 */
const NOT_COPIES = new Map([
  ['pkg/form.js: 相关人员', 'the heading of a record’s related persons, not the scenario role'],
  ['pkg/sharded.js: not listed', 'quoted inside an error sentence'],
  ['www/app.js: 有效', 'a validation verdict (valid), not a listing status'],
  ['www/app.js: 已撤销', 'a division code’s status (retired), not a validity state'],
  ['www/app.js: 组织机构代码', 'the organisation-code segment of a USCC or registration number in the code diagram'],
  ['www/approval.js: 申请人', 'the party label the page writes into the record (the user may change it)'],
]);

test('no copy of the vocabulary in the package, the demo pages or the scripts', () => {
  // Every name of the vocabulary, except those that are also an id (English effect names such
  // as 'block' are ids too) and one-character ones.
  const ids = new Set(Object.values(v).flatMap((rows) => rows.map((r) => r.id)));
  const names = new Map();
  for (const [table, rows] of Object.entries(v)) {
    for (const r of rows) {
      const texts = [r.zh, r.en];
      if (table === 'decisions') texts.push(r.explanation.zh, r.explanation.en, ...r.steps.zh, ...r.steps.en);
      for (const t of texts) if (t && t.length > 1 && !ids.has(t)) names.set(t, `${table}.${r.id}`);
    }
  }
  const found = [];
  for (const [file, src] of sources()) {
    for (const lit of literals(src)) {
      if (names.has(lit) && !NOT_COPIES.has(`${file}: ${lit}`)) found.push(`${file}: '${lit}' (${names.get(lit)})`);
    }
  }
  assert.deepEqual(found, [], 'names the vocabulary holds are written again here; read them from vocabulary() / credit-check/names');
});

test('no table of names keyed by list type, decision, effect or kind outside the core', () => {
  // `'LT-SXBZXR': { zh: …` / `'LT-SXBZXR': ['…', …]`, `invalidInput: '…'`, `greenChannel: ['…'`:
  // names keyed by an id, whatever their wording.
  const keyed = [
    /['"](?:LT|RL)-[A-Z0-9-]+['"]\s*:\s*(?:\{[^}]*\b(?:zh|en|name)\b|\[\s*['"])/,
    /\b(?:invalidInput|notCovered|greenChannel|allowCommitment|reducedInspection|objectionPending|legalEntity|individualBusiness)\s*:\s*(?:\[\s*)?['"][^'"]*[\u4e00-\u9fff]/,
  ];
  const found = [];
  for (const [file, src] of sources()) {
    for (const re of keyed) {
      const m = re.exec(src);
      if (m) found.push(`${file}: ${m[0].slice(0, 60)}`);
    }
  }
  assert.deepEqual(found, [], 'names keyed by a vocabulary id: read them from vocabulary() / credit-check/names');
});

test('no check-digit tables outside the core', () => {
  const tables = [
    /\b1,\s*3,\s*9,\s*27,\s*19,\s*26\b/, // GB 32100 weights
    /\b3,\s*7,\s*9,\s*10,\s*5,\s*8,\s*4,\s*2\b/, // GB 11714 weights
    /\b7,\s*9,\s*10,\s*5,\s*8,\s*4,\s*2,\s*1,\s*6,\s*3\b/, // GB 11643 weights
    /10X98765432/, // GB 11643 check characters
    /0123456789ABCDEFGHJKLMNPQRTUWXY/, // GB 32100 alphabet
  ];
  const found = [];
  for (const [file, src] of sources()) for (const re of tables) if (re.test(src)) found.push(`${file}: ${re}`);
  assert.deepEqual(found, [], 'check characters are computed by the core: checkCharacter(kind, body)');
});
