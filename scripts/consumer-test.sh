#!/usr/bin/env bash
# The npm package as a consumer gets it: `npm pack` pkg/, check the tarball holds exactly the
# package.json `files` whitelist, install it with TypeScript into a scratch project, then run an
# ES module against it and type-check a strict TypeScript consumer (nodenext and bundler
# resolution). Needs only node and npm (and the registry, for TypeScript). Build first:
#   bash scripts/build.sh && bash scripts/consumer-test.sh
# TS_VERSION picks the TypeScript under test (default: latest); TS5_VERSION the 5.x line that is
# checked as well (set it empty to skip).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG="$ROOT/pkg"
TS_VERSION=${TS_VERSION-latest}
TS5_VERSION=${TS5_VERSION-^5.9}
START=$(date +%s)
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $1"; }
step() { echo "== $1 ($(($(date +%s) - START)) s)"; }
finish() {
  echo "consumer: $PASSED passed, $FAILED failed ($(($(date +%s) - START)) s)"
  [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
  exit $?
}

command -v node >/dev/null && command -v npm >/dev/null || { echo "consumer-test: needs node and npm" >&2; exit 2; }
if [ ! -f "$PKG/wasm/credit_check_bg.wasm" ] || [ ! -f "$PKG/wasm/credit_check.js" ]; then
  echo "consumer-test: $PKG/wasm/ is missing; run bash scripts/build.sh first" >&2
  exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/credit-check-consumer.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

# ---- 1. Pack ------------------------------------------------------------------------------------
step "npm pack"
if ! (cd "$PKG" && npm pack --json --pack-destination "$TMP") >"$TMP/pack.json" 2>"$TMP/pack.err"; then
  cat "$TMP/pack.err"
  fail "npm pack"
  finish
fi
pass "npm pack"

# The tarball's file list against package.json `files` (+ package.json, which npm always adds).
if node - "$TMP/pack.json" "$PKG/package.json" <<'EOF'
const fs = require('node:fs');
const [packJson, pkgJson] = process.argv.slice(2);
const [pack] = JSON.parse(fs.readFileSync(packJson, 'utf8'));
fs.writeFileSync(packJson + '.name', pack.filename);
const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
const got = pack.files.map((f) => f.path).sort();
const want = [...pkg.files, 'package.json'].sort();
const bad = got.filter((p) => /(^|\/)(src|test|tests|target|node_modules)\/|\.map$|\.(pem|key|p12|pfx)$|(^|\/)\.env|\.npmrc$|\.rs$/.test(p));
console.log(`  tarball ${pack.filename}: ${pack.entryCount} files, ${pack.size} bytes packed, ${pack.unpackedSize} bytes unpacked`);
for (const f of pack.files) console.log(`    ${String(f.size).padStart(8)}  ${f.path}`);
const missing = want.filter((p) => !got.includes(p));
const extra = got.filter((p) => !want.includes(p));
if (missing.length || extra.length || bad.length) {
  console.log(`  missing: ${JSON.stringify(missing)} extra: ${JSON.stringify(extra)} forbidden: ${JSON.stringify(bad)}`);
  process.exit(1);
}
EOF
then pass "tarball file list equals the files whitelist (no src, tests, keys or source maps)"; else fail "tarball file list"; fi
TARBALL="$TMP/$(cat "$TMP/pack.json.name" 2>/dev/null || echo missing.tgz)"
[ -f "$TARBALL" ] || { fail "tarball not found: $TARBALL"; finish; }
echo "  packed tarball: $(stat -c %s "$TARBALL") bytes; wasm unpacked: $(stat -c %s "$PKG/wasm/credit_check_bg.wasm") bytes"

# ---- 2. Scratch consumer project ----------------------------------------------------------------
step "npm install (tarball + typescript)"
APP="$TMP/app"
mkdir -p "$APP"
TS5_DEP=""
[ -n "$TS5_VERSION" ] && TS5_DEP=", \"typescript5\": \"npm:typescript@$TS5_VERSION\""
cat >"$APP/package.json" <<EOF
{
  "name": "credit-check-consumer",
  "private": true,
  "type": "module",
  "dependencies": { "credit-check": "file:$TARBALL" },
  "devDependencies": { "typescript": "$TS_VERSION"$TS5_DEP }
}
EOF
if (cd "$APP" && npm install --no-package-lock) >"$TMP/install.log" 2>&1; then
  pass "npm install"
else
  tail -30 "$TMP/install.log"
  fail "npm install"
  finish
fi
INSTALLED_WASM="$APP/node_modules/credit-check/wasm/credit_check_bg.wasm"
echo "  installed wasm: $(stat -c %s "$INSTALLED_WASM" 2>/dev/null || echo missing) bytes; typescript $(node -p "require('$APP/node_modules/typescript/package.json').version")${TS5_VERSION:+, typescript5 $(node -p "require('$APP/node_modules/typescript5/package.json').version" 2>/dev/null)}"

# ---- 3. Run an ES module consumer ---------------------------------------------------------------
step "node consumer.mjs"
cat >"$APP/consumer.mjs" <<'EOF'
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, isReady, validate, validateAll, statusAll, detect, audit, version, Status } from 'credit-check';

assert.equal(isReady(), false);
assert.throws(() => validate('x'), { code: 'NOT_INITIALIZED' });
await init();
const v = validate('９１１１０１０８５５１３８５０８２ｑ');
assert.equal(v.ok, true);
assert.equal(v.kind, 'uscc');
assert.equal(v.normalized, '91110108551385082Q');
assert.equal(v.parts.division.name, '北京市海淀区');
assert.equal(v.parts.orgCode, '55138508-2');
const bad = validate('91110108551385083A', { profile: 'strict' });
assert.equal(bad.errors[0].code, 'CHECK_CHARACTER');
assert.equal(bad.errors[0].expected, 'U');
assert.deepEqual(Array.from(statusAll(['91110108551385082Q', '91350100M000100Y44', null])), [Status.VALID, Status.VALID_WITH_WARNINGS, Status.INVALID]);
assert.equal(validateAll(['551385082'])[0].normalized, '55138508-2');
assert.deepEqual(detect('55138508-2'), ['orgCode']);
assert.equal(audit([{ code: '91110108551385082Q', name: 'a' }, { code: '91110108551385082Q', name: 'b' }]).codeConflicts.length, 1);
assert.equal(version(), (await import('credit-check/package.json', { with: { type: 'json' } })).default.version);
// The wasm file is exported for bundlers that want its URL.
assert.ok(existsSync(fileURLToPath(import.meta.resolve('credit-check/credit_check_bg.wasm'))));
console.log('  consumer.mjs: validate, statusAll, validateAll, detect, audit, version all as expected');
EOF
if (cd "$APP" && node consumer.mjs) 2>&1; then pass "node consumer.mjs (import { init, validate } from 'credit-check')"; else fail "node consumer.mjs"; fi

# ---- 4. Type-check a strict TypeScript consumer -------------------------------------------------
cat >"$APP/consumer.mts" <<'EOF'
import {
  init, isReady, validate, validateAll, statusAll, detect, audit, version, Status,
  type Validation, type Problem, type ProblemCode, type Parts, type IdentifierKind, type AuditReport,
  type CreditCheckError, type ValidateOptions, type DivisionPart,
} from 'credit-check';

await init();
const ready: boolean = isReady();
const v: Validation = validate('91110108551385082Q');

// Narrowing parts by kind.
if (v.kind === 'uscc' && v.parts) {
  const division: string | undefined = v.parts.division.name;
  const org: string = v.parts.orgCode;
  const authority: string | null = v.parts.authority?.name ?? null;
  console.log(division, org, authority);
} else if (v.kind === 'residentId' && v.parts) {
  const birth: string | null = v.parts.birthDate;
  const sex: 'male' | 'female' = v.parts.sex;
  console.log(birth, sex, v.parts.masked);
} else if (v.kind === 'taxpayerId' && v.parts) {
  const org: string | null = v.parts.orgCode;
  console.log(v.parts.form, org);
} else if (v.kind === null) {
  const none: null = v.parts;
  console.log(none);
}

// A literal kind option gives that kind's result directly.
const org = validate('551385082', { kind: 'orgCode' });
const formatted: string | undefined = org.parts?.formatted;
const orgKind: 'orgCode' = org.kind;

// Narrowing the Parts union with `in`.
function describe(p: Parts): string {
  if ('authority' in p) return p.orgCode;
  if ('formatted' in p) return p.formatted;
  if ('address' in p) return p.masked;
  if ('form' in p) return p.form;
  return p.division.code + p.checkCharacter;
}
if (v.parts) describe(v.parts);

function divisionLabel(d: DivisionPart): string {
  return d.status === 'retired' ? `${d.name ?? d.code} (${d.retiredIn})` : d.name ?? d.code;
}

// Exhaustive switch over ProblemCode: fails to compile if the union gains or loses a member.
function label(p: Problem): string {
  const at = p.position === undefined ? '' : ` @${p.position}`;
  switch (p.code) {
    case 'NOT_A_STRING': case 'EMPTY': case 'TOO_LONG': case 'LENGTH': return 'shape' + at;
    case 'ILLEGAL_CHARACTER': return `char ${p.found ?? ''}${at}`;
    case 'CHECK_CHARACTER': case 'ORG_CODE_CHECK': return `check want ${p.expected ?? ''}`;
    case 'AUTHORITY_CATEGORY': case 'DIVISION_UNKNOWN': case 'DIVISION_RETIRED': return 'table';
    case 'BIRTH_DATE_INVALID': case 'BIRTH_DATE_FUTURE': return 'date';
    case 'UNRECOGNIZED': case 'INVALID_OPTION': return p.messageEn;
    default: {
      const never: never = p.code;
      return never;
    }
  }
}
[...v.errors, ...v.warnings].map(label);

const many: Validation[] = validateAll(['a', null, 1]);
const statuses: Uint8Array = statusAll(many.map((r) => r.normalized));
const invalid = statuses.filter((s) => s === Status.INVALID).length;
const kinds: IdentifierKind[] = detect('55138508-2');
const report: AuditReport = audit([{ code: '91110108551385082Q', name: '小米' }, { code: 'x' }], { profile: 'strict' });
const rate: number = report.errorRate;
const opts: ValidateOptions = { kind: 'auto', profile: 'lenient' };
const ver: string = version();

try {
  validate('x', { profile: 'strict' });
} catch (e) {
  const err = e as CreditCheckError;
  if (err.code === 'INVALID_OPTION') console.log(err.messageZh, err.expected, err.found);
}

// What must not compile: the types are not `any`.
// @ts-expect-error parts may be null
validate('x').parts.division;
// @ts-expect-error an unknown kind
validate('x', { kind: 'passport' });
// @ts-expect-error an unknown profile
validate('x', { profile: 'loose' });
// @ts-expect-error no such problem code
const wrong: ProblemCode = 'CHECKSUM';
// @ts-expect-error an orgCode result has no USCC parts
org.parts?.authority;
// @ts-expect-error Status is read-only
Status.VALID = 3;

console.log(ready, formatted, orgKind, invalid, kinds, rate, opts, ver, wrong, divisionLabel);
EOF
run_tsc() { # name, tsc binary, flags...
  local name=$1 bin=$2
  shift 2
  if (cd "$APP" && "$bin" "$@") >"$TMP/tsc.log" 2>&1; then
    pass "$name"
  else
    cat "$TMP/tsc.log"
    fail "$name"
  fi
}
NODENEXT=(--strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 consumer.mts)
BUNDLER=(--strict --noEmit --module esnext --moduleResolution bundler --target es2022 consumer.mts)
TSC="$APP/node_modules/typescript/bin/tsc"
step "tsc $(node -p "require('$APP/node_modules/typescript/package.json').version")"
run_tsc "tsc --strict nodenext (typescript $TS_VERSION)" "$TSC" "${NODENEXT[@]}"
run_tsc "tsc --strict bundler resolution (typescript $TS_VERSION)" "$TSC" "${BUNDLER[@]}"
if [ -n "$TS5_VERSION" ]; then
  TSC5="$APP/node_modules/typescript5/bin/tsc"
  step "tsc $(node -p "require('$APP/node_modules/typescript5/package.json').version")"
  run_tsc "tsc --strict nodenext (typescript $TS5_VERSION)" "$TSC5" "${NODENEXT[@]}"
  run_tsc "tsc --strict bundler resolution (typescript $TS5_VERSION)" "$TSC5" "${BUNDLER[@]}"
fi

# Verdicts, the worker client and the form in a browser consumer (lib dom): the request and the
# verdict are typed, decisions narrow, wrong requests and options do not compile.
cat >"$APP/browser.mts" <<'EOF'
import { init, loadSnapshot, SnapshotHolder, type CheckRequest, type CheckResult, type Decision, type Verdict } from 'credit-check';
import { CheckerWorker } from 'credit-check/worker-client';
import { attachCheck, defineCreditCheckElements } from 'credit-check/form';

await init();
const holder = new SnapshotHolder({ keys: '{"version":1,"keys":[]}' });
const req: CheckRequest = {
  scenario: 'SC-ZFCG-SUPPLIER',
  cutoff: '2026-12-01',
  parties: [{ role: 'applicant', code: '91110108551385082Q', label: 'A' }, { role: 'consortium_member', name: '某公司' }],
  facts: { government_invested_project: true },
};
const r = holder.check(req);
if (r.decision !== 'unavailable') {
  const res: CheckResult = r;
  const v: Verdict = res.verdict;
  const d: Decision = v.decision;
  const sha: string = res.sha256;
  for (const p of v.parties) for (const h of p.hits) for (const m of h.measures) console.log(m.state, m.effect, h.objection.route.zh);
  console.log(d, sha, v.consortium?.blockedBy.length, v.parties[0]?.commitment?.allowed);
}
const snap = await loadSnapshot(new Uint8Array(0), { keys: '{}' });
const rec: string = snap.check(req).record;
console.log(snap.verifyRecord(rec).code === 'MATCH', snap.catalogue().scenarios.length);
const worker = new CheckerWorker();
// As the holder: the worker's check may be `unavailable` (no snapshot loaded, shards missing).
const wr = await worker.check(req);
if (wr.decision !== 'unavailable') {
  const res: CheckResult = wr;
  console.log(res.verdict.decision);
}
// @ts-expect-error the worker's answer may be `unavailable`: not a CheckResult until narrowed
const unnarrowed: CheckResult = await worker.check(req);
console.log(wr.decision, unnarrowed);
const form = document.createElement('form');
const control = attachCheck(form, { checker: holder, scenario: 'SC-ZFCG-SUPPLIER', failPolicy: 'warn', lang: 'en' });
await control.check();
defineCreditCheckElements();
// @ts-expect-error a party needs a role
const noRole: CheckRequest = { scenario: 'S', parties: [{ code: 'x' }] };
// @ts-expect-error no such fail policy
attachCheck(form, { checker: holder, scenario: 'S', failPolicy: 'ignore' });
console.log(noRole);
EOF
run_tsc "tsc --strict: verdicts, worker client and form in a DOM consumer (typescript $TS_VERSION)" "$TSC" --strict --noEmit --module esnext --moduleResolution bundler --target es2022 --lib es2022,dom browser.mts

# Without DOM or @types/node (a common Node tsconfig): the declarations must not need them.
cat >"$APP/nodom.mts" <<'EOF'
import { init, validate, type InitSource } from 'credit-check';
declare const bytes: Uint8Array;
const source: InitSource = bytes;
await init(source);
export const ok: boolean = validate('91110108551385082Q').ok;
EOF
cat >"$APP/tsconfig.nodom.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "module": "nodenext", "moduleResolution": "nodenext",
    "target": "es2022", "lib": ["es2022"], "types": []
  },
  "files": ["nodom.mts"]
}
EOF
run_tsc "tsc --strict with lib es2022 only, no DOM or @types/node (typescript $TS_VERSION)" "$TSC" -p tsconfig.nodom.json

# A broken consumer must be rejected, or the type-check above proves nothing.
cat >"$APP/broken.mts" <<'EOF'
import { validate } from 'credit-check';
const n: number = validate('x').normalized;
EOF
(cd "$APP" && "$TSC" --strict --noEmit --module nodenext --moduleResolution nodenext broken.mts) >"$TMP/broken.log" 2>&1
if grep -q "TS2322" "$TMP/broken.log" && [ "$(grep -c "error TS" "$TMP/broken.log")" -eq 1 ]; then
  pass "tsc rejects a wrongly typed consumer (and only for that)"
else
  cat "$TMP/broken.log"
  fail "tsc rejects a wrongly typed consumer"
fi

finish
