#!/usr/bin/env bash
# The npm package through bundlers, as a web app gets it: `npm pack` pkg/, install the tarball with
# Vite, webpack 5 and TypeScript into a scratch project, then
#   (a) `vite build` and (b) a webpack 5 production build of one app (index.html + src/main.js
#       importing 'credit-check' and 'credit-check/worker-client'), with no bundler-specific config;
#   (c) check that both outputs hold the .wasm (byte for byte the package's) and a separate worker chunk;
#   (d) serve each output under the demo CSP (scripts/serve.mjs's) in headless Chromium and check
#       validate('91110108551385082Q') is valid and a worker loads the fixture snapshot and looks a
#       listed code up; the same through Vite's dev server;
#   (e) type-check a strict TypeScript consumer of credit-check/worker-client (bundler and nodenext
#       resolution, TypeScript latest and 5.x), and that a wrongly typed one is rejected.
# Needs node, npm (and the registry), Chromium and tests/node_modules (cd tests && npm ci).
#   bash scripts/build.sh && bash scripts/consumer-bundlers.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG="$ROOT/pkg"
START=$(date +%s)
PASSED=0
FAILED=0
VITE_VERSION=${VITE_VERSION:-^8.0.0}
WEBPACK_VERSION=${WEBPACK_VERSION:-^5.100.0}
WEBPACK_CLI_VERSION=${WEBPACK_CLI_VERSION:-^7.0.0}
TS_VERSION=${TS_VERSION:-^7.0.0}
TS5_VERSION=${TS5_VERSION-^5.9.0}

pass() { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL $1"; }
step() { echo "== $1 ($(($(date +%s) - START)) s)"; }
finish() {
  echo "bundlers: $PASSED passed, $FAILED failed ($(($(date +%s) - START)) s)"
  [ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
  exit $?
}

command -v node >/dev/null && command -v npm >/dev/null || { echo "consumer-bundlers: needs node and npm" >&2; exit 2; }
if [ ! -f "$PKG/wasm/credit_check_bg.wasm" ] || [ ! -f "$PKG/wasm/credit_check.js" ]; then
  echo "consumer-bundlers: $PKG/wasm/ is missing; run bash scripts/build.sh first" >&2
  exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/credit-check-bundlers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

# ---- 1. Pack and install ------------------------------------------------------------------------
step "npm pack"
if ! (cd "$PKG" && npm pack --json --pack-destination "$TMP") >"$TMP/pack.json" 2>"$TMP/pack.err"; then
  cat "$TMP/pack.err"
  fail "npm pack"
  finish
fi
TARBALL="$TMP/$(node -p "require('$TMP/pack.json')[0].filename")"
LISTING=$(tar -tzf "$TARBALL")
if grep -qx 'package/worker.js' <<<"$LISTING" && grep -qx 'package/worker-client.js' <<<"$LISTING" && grep -qx 'package/worker-client.d.ts' <<<"$LISTING"; then
  pass "npm pack ($(stat -c %s "$TARBALL") bytes; worker.js, worker-client.js and worker-client.d.ts included)"
else
  echo "$LISTING"
  fail "npm pack: the worker files are missing from the tarball"
fi

step "npm install (tarball + vite $VITE_VERSION, webpack $WEBPACK_VERSION, webpack-cli $WEBPACK_CLI_VERSION, typescript $TS_VERSION${TS5_VERSION:+ and $TS5_VERSION})"
APP="$TMP/app"
mkdir -p "$APP/src"
TS5_DEP=""
[ -n "$TS5_VERSION" ] && TS5_DEP=", \"typescript5\": \"npm:typescript@$TS5_VERSION\""
cat >"$APP/package.json" <<EOF
{
  "name": "credit-check-bundlers",
  "private": true,
  "type": "module",
  "dependencies": { "credit-check": "file:$TARBALL" },
  "devDependencies": {
    "vite": "$VITE_VERSION",
    "webpack": "$WEBPACK_VERSION",
    "webpack-cli": "$WEBPACK_CLI_VERSION",
    "typescript": "$TS_VERSION"$TS5_DEP
  }
}
EOF
if (cd "$APP" && npm install --no-package-lock) >"$TMP/install.log" 2>&1; then
  pass "npm install ($(cd "$APP" && node -p "['vite', 'webpack', 'webpack-cli', 'typescript'].map((p) => p + ' ' + require('./node_modules/' + p + '/package.json').version).join(', ')"))"
else
  tail -30 "$TMP/install.log"
  fail "npm install"
  finish
fi

# ---- 2. One app, two bundlers -------------------------------------------------------------------
# The app: validate() on the main thread; with ?snapshot=…&keys=…&code=… a CheckerWorker loads the
# snapshot and looks the code up. Results in window.__result, <html data-done>.
cat >"$APP/src/main.js" <<'EOF'
import { init, validate } from 'credit-check';
import { CheckerWorker } from 'credit-check/worker-client';

async function run() {
  await init();
  const v = validate('91110108551385082Q');
  const result = { validate: { ok: v.ok, kind: v.kind, normalized: v.normalized } };
  const params = new URLSearchParams(location.search);
  if (params.get('snapshot')) {
    const checker = new CheckerWorker();
    const keys = await (await fetch(params.get('keys'))).text();
    const now = params.get('now') ? Number(params.get('now')) : undefined;
    result.status = await checker.load(params.get('snapshot'), { keys, now });
    result.lookup = await checker.lookup(params.get('code'));
    checker.terminate();
  }
  return result;
}
run()
  .then(
    (r) => {
      window.__result = r;
    },
    (e) => {
      window.__result = { error: { code: e?.code, message: String(e?.message ?? e) } };
    },
  )
  .finally(() => {
    document.getElementById('out').textContent = JSON.stringify(window.__result);
    document.documentElement.dataset.done = 'true';
  });
EOF
cat >"$APP/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>credit-check through Vite</title>
    <script type="module" src="./src/main.js"></script>
  </head>
  <body><pre id="out">running</pre></body>
</html>
EOF
# webpack 5: no rule or experiment is needed. `new URL('./wasm/credit_check_bg.wasm',
# import.meta.url)` in index.js becomes an asset/resource, and `new Worker(new URL('./worker.js',
# import.meta.url), …)` in worker-client.js a worker chunk. (Size hints off: the .wasm is ~0.8 MB.)
cat >"$APP/webpack.config.mjs" <<'EOF'
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
export default {
  mode: 'production',
  entry: './src/main.js',
  output: { path: path.join(here, 'dist-webpack'), filename: 'main.js', clean: true },
  performance: { hints: false },
};
EOF

step "vite build"
if (cd "$APP" && ./node_modules/.bin/vite build --outDir dist-vite) >"$TMP/vite.log" 2>&1; then
  pass "vite build"
  sed -n '/dist-vite/p' "$TMP/vite.log" | sed 's/^/    /'
else
  tail -30 "$TMP/vite.log"
  fail "vite build"
fi

step "webpack (production)"
if (cd "$APP" && ./node_modules/.bin/webpack --config webpack.config.mjs) >"$TMP/webpack.log" 2>&1 && ! grep -q "WARNING\|ERROR" "$TMP/webpack.log"; then
  pass "webpack 5 production build (no warnings)"
  grep '^asset' "$TMP/webpack.log" | sed 's/^/    /'
  cat >"$APP/dist-webpack/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>credit-check through webpack</title>
    <script defer src="main.js"></script>
  </head>
  <body><pre id="out">running</pre></body>
</html>
EOF
else
  tail -40 "$TMP/webpack.log"
  fail "webpack 5 production build"
fi

# ---- 3. What the outputs hold -------------------------------------------------------------------
step "outputs: the .wasm asset and the worker chunk"
check_output() { # name, dir, entry glob
  local name=$1 dir=$2 entry_glob=$3
  [ -d "$dir" ] || { fail "$name: no output directory"; return; }
  local wasm
  wasm=$(find "$dir" -name '*.wasm' | head -1)
  if [ -n "$wasm" ] && cmp -s "$wasm" "$APP/node_modules/credit-check/wasm/credit_check_bg.wasm" && [ "$(find "$dir" -name '*.wasm' | wc -l)" -eq 1 ]; then
    pass "$name: one .wasm asset, identical to the package's (${wasm#"$dir"/})"
  else
    find "$dir" -type f | sed 's/^/    /'
    fail "$name: the .wasm asset (exactly one, identical to the installed package's)"
  fi
  # The worker chunk: its own file, holding worker.js's listener; the entry does not.
  local workers entry
  workers=$(grep -l 'DedicatedWorkerGlobalScope' $(find "$dir" -name '*.js') 2>/dev/null)
  entry=$(find "$dir" -path "$entry_glob" | head -1)
  if [ -n "$workers" ] && [ "$(echo "$workers" | wc -l)" -eq 1 ] && [ -n "$entry" ] && [ "$workers" != "$entry" ] && ! grep -q 'DedicatedWorkerGlobalScope' "$entry"; then
    pass "$name: a separate worker chunk (${workers#"$dir"/}) beside the entry (${entry#"$dir"/})"
  else
    echo "    worker chunks: ${workers:-none}; entry: ${entry:-none}"
    fail "$name: a separate worker chunk"
  fi
}
check_output vite "$APP/dist-vite" "*/assets/index-*.js"
check_output webpack "$APP/dist-webpack" "*/main.js"

# ---- 4. In the browser --------------------------------------------------------------------------
step "headless Chromium, under the demo CSP"
PLAYWRIGHT="$ROOT/tests/node_modules/playwright-core/index.mjs"
if [ ! -f "$PLAYWRIGHT" ]; then
  echo "    tests/node_modules is missing: installing playwright-core (cd tests && npm ci)"
  (cd "$ROOT/tests" && npm ci) >"$TMP/tests-ci.log" 2>&1 || tail -20 "$TMP/tests-ci.log"
fi
cat >"$APP/browser-check.mjs" <<'EOF'
// node browser-check.mjs NAME=DIR ...: serves each DIR at / on its own port with the demo server's
// CSP, plus the fixture snapshot and keys at /__data/, opens index.html in headless Chromium and
// checks validate() and a worker lookup. Prints one line per NAME: "BROWSER OK|FAIL name: …".
// The name `vite-dev` starts Vite's dev server on DIR instead (no CSP there; the fixture comes from
// public/__data/).
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = process.env.REPO;
const { chromium } = await import(pathToFileURL(path.join(REPO, 'tests/node_modules/playwright-core/index.mjs')).href);
const { CSP } = await import(pathToFileURL(path.join(REPO, 'scripts/serve.mjs')).href);
const targets = process.argv.slice(2).map((a) => a.split('='));
const DATA = {
  '/__data/fixture.ccs': path.join(REPO, 'tests/data/fixture.ccs'),
  '/__data/keys.json': path.join(REPO, 'tests/data/fixture-keys.json'),
};
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve(root) {
  return http.createServer((req, res) => {
    const pathname = decodeURIComponent(req.url.split('?')[0]);
    if (pathname === '/favicon.ico') {
      res.writeHead(204, { 'Content-Security-Policy': CSP });
      res.end();
      return;
    }
    let file = DATA[pathname] ?? path.join(root, path.posix.normalize(pathname));
    if (!DATA[pathname] && !file.startsWith(root + path.sep)) file = null;
    let size = null;
    try {
      if (file && statSync(file).isFile()) size = statSync(file).size;
    } catch {
      size = null;
    }
    if (size == null) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Security-Policy': CSP });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0;
try {
  for (const [name, dir] of targets) {
    let server;
    let base;
    if (name === 'vite-dev') {
      const { createServer } = await import('vite');
      server = await createServer({ root: path.resolve(dir), logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
      await server.listen();
      base = server.resolvedUrls.local[0].replace(/\/$/, '');
    } else {
      server = serve(path.resolve(dir));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${server.address().port}`;
    }
    const trouble = [];
    const page = await browser.newPage();
    const favicon = (url) => /\/favicon\.ico$/.test(url ?? '');
    page.on('console', (m) => m.type() === 'error' && !favicon(m.location()?.url) && trouble.push(`console: ${m.text()} ${m.location()?.url ?? ''}`));
    page.on('pageerror', (e) => trouble.push(`pageerror: ${e}`));
    page.on('requestfailed', (q) => trouble.push(`request failed: ${q.url()}`));
    page.on('response', (q) => q.status() >= 400 && !favicon(q.url()) && trouble.push(`HTTP ${q.status()}: ${q.url()}`));
    const query = new URLSearchParams({
      snapshot: '/__data/fixture.ccs',
      keys: '/__data/keys.json',
      code: '91350100MA2XY8016H',
      now: String(Date.parse('2027-06-01T00:00:00Z')),
    });
    let r;
    try {
      await page.goto(`${base}/index.html?${query}`);
      await page.waitForSelector('html[data-done]', { timeout: 20_000, state: 'attached' });
      r = await page.evaluate(() => window.__result);
    } catch (e) {
      r = { error: { message: String(e).split('\n')[0] } };
    }
    await page.close();
    await server.close();
    const problems = [...trouble];
    if (r?.error) problems.push(`error: ${JSON.stringify(r.error)}`);
    const v = r?.validate;
    if (!(v?.ok === true && v.kind === 'uscc' && v.normalized === '91110108551385082Q')) problems.push(`validate: ${JSON.stringify(v)}`);
    if (r?.status?.sequence !== 3) problems.push(`worker load: sequence ${JSON.stringify(r?.status?.sequence)}`);
    if (r?.lookup?.outcome !== 'listed' || r.lookup.hits?.[0]?.record?.name !== '福州市某某建设工程有限公司') {
      problems.push(`worker lookup: ${JSON.stringify(r?.lookup)?.slice(0, 200)}`);
    }
    if (problems.length) {
      failed++;
      console.log(`BROWSER FAIL ${name}: ${problems.join('; ')}`);
    } else {
      const where = name === 'vite-dev' ? 'in the dev server' : 'under the demo CSP';
      console.log(`BROWSER OK ${name}: validate('91110108551385082Q') valid; a worker loaded the fixture (sequence 3) and looked up a listed code ${where}; no console errors`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
EOF
if [ ! -f "$PLAYWRIGHT" ] || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  fail "browser checks: need tests/node_modules/playwright-core and Chromium at ${CHROMIUM:-/usr/bin/chromium}"
else
  targets=()
  [ -f "$APP/dist-vite/index.html" ] && targets+=("vite=$APP/dist-vite")
  [ -f "$APP/dist-webpack/index.html" ] && targets+=("webpack=$APP/dist-webpack")
  # Vite's dev server too (it pre-bundles dependencies, which can break `new URL(…, import.meta.url)`).
  mkdir -p "$APP/public/__data"
  cp "$ROOT/tests/data/fixture.ccs" "$APP/public/__data/fixture.ccs"
  cp "$ROOT/tests/data/fixture-keys.json" "$APP/public/__data/keys.json"
  targets+=("vite-dev=$APP")
  if [ ${#targets[@]} -gt 0 ]; then
    (cd "$APP" && REPO="$ROOT" timeout 120 node browser-check.mjs "${targets[@]}") >"$TMP/browser.log" 2>&1
    while IFS= read -r line; do
      case "$line" in
        "BROWSER OK "*) pass "${line#BROWSER OK }" ;;
        "BROWSER FAIL "*) fail "${line#BROWSER FAIL }" ;;
      esac
    done <"$TMP/browser.log"
    [ "$(grep -c '^BROWSER ' "$TMP/browser.log")" -eq ${#targets[@]} ] || { cat "$TMP/browser.log"; fail "browser checks did not finish"; }
  fi
  [ ${#targets[@]} -eq 3 ] || fail "browser checks: only ${#targets[@]} of 3 to run (vite, webpack, vite-dev)"
fi

# ---- 5. Types ----------------------------------------------------------------------------------
cat >"$APP/worker-consumer.mts" <<'EOF'
import { init, validate, type SnapshotStatus, type LookupResult, type ScreenResult } from 'credit-check';
import { CheckerWorker, type CheckerWorkerError, type WorkerMethod, type CheckResult, type WorkerLike } from 'credit-check/worker-client';

await init();
const ok: boolean = validate('91110108551385082Q').ok;
const checker = new CheckerWorker();
const byUrl = new CheckerWorker({ workerUrl: new URL('./worker.js', import.meta.url) });
const own = new CheckerWorker({ worker: new Worker(new URL('credit-check/worker.js', import.meta.url), { type: 'module' }) });
const like: WorkerLike = own.worker;
const status: SnapshotStatus = await checker.load('/lists/latest.ccs', {
  keys: { version: 1, keys: [] },
  now: new Date(),
  onProgress: ({ received, total }) => console.log(received, total ?? '?'),
  signal: new AbortController().signal,
});
const seq: number = status.sequence;
const answer: LookupResult = await checker.lookup('91350100MA2XY8016H', { listTypes: ['LT-SXBZXR'] });
if (answer.outcome === 'invalidInput') console.log(answer.errors[0]?.code);
const bytes: Uint8Array = await checker.lookupAll(['a', 'b']);
const viaCall: Uint8Array = await checker.call('lookupLines', 'a\nb');
const screened: ScreenResult[] = await checker.screen([{ name: '某某公司' }], { listTypes: ['LT-SXBZXR'] });
const header: string = await checker.call('headerJson');
// check() takes what Snapshot.check takes, and resolves to what it returns.
const checkIt: (...args: Parameters<CheckerWorker['check']>) => Promise<CheckResult> = (...args) => checker.check(...args);
const method: WorkerMethod = 'status';
try {
  await checker.load(new Uint8Array(8), { keys: '{}', transfer: false });
} catch (e) {
  const err = e as CheckerWorkerError;
  console.log(err.code, err.messageZh);
}
checker.terminate();
byUrl.terminate();

// What must not compile: the types are not `any`.
// @ts-expect-error not an allowed method
checker.call('close');
// @ts-expect-error record takes a row number
checker.call('record', 'x');
// @ts-expect-error keys are required
checker.load('/x.ccs', {});
// @ts-expect-error a lookup resolves to a LookupResult, not a string
const wrong: string = await checker.lookup('x');

console.log(ok, seq, bytes, viaCall, screened, header, checkIt, method, like, wrong);
EOF
# Without DOM or @types/node: the declarations must still compile.
cat >"$APP/worker-nodom.mts" <<'EOF'
import { CheckerWorker, type WorkerLike } from 'credit-check/worker-client';
declare const w: WorkerLike;
export const s = new CheckerWorker({ worker: w }).status();
EOF
cat >"$APP/tsconfig.nodom.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "module": "nodenext", "moduleResolution": "nodenext",
    "target": "es2022", "lib": ["es2022"], "types": []
  },
  "files": ["worker-nodom.mts"]
}
EOF
cat >"$APP/worker-broken.mts" <<'EOF'
import { CheckerWorker } from 'credit-check/worker-client';
export const n: number = await new CheckerWorker().headerJson();
EOF
run_tsc() { # name, tsc, flags...
  local name=$1 bin=$2
  shift 2
  if (cd "$APP" && "$bin" "$@") >"$TMP/tsc.log" 2>&1; then pass "$name"; else cat "$TMP/tsc.log"; fail "$name"; fi
}
for t in typescript typescript5; do
  [ -d "$APP/node_modules/$t" ] || continue
  TSC="$APP/node_modules/$t/bin/tsc"
  v=$(node -p "require('$APP/node_modules/$t/package.json').version")
  step "tsc $v"
  run_tsc "tsc $v --strict, bundler resolution: worker-client types" "$TSC" --strict --noEmit --module esnext --moduleResolution bundler --target es2022 --lib es2022,dom worker-consumer.mts
  run_tsc "tsc $v --strict, nodenext resolution: worker-client types" "$TSC" --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,dom worker-consumer.mts
  run_tsc "tsc $v --strict, lib es2022 only (no DOM, no @types/node)" "$TSC" -p tsconfig.nodom.json
  (cd "$APP" && "$TSC" --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,dom worker-broken.mts) >"$TMP/broken.log" 2>&1
  if grep -q "TS2322" "$TMP/broken.log" && [ "$(grep -c "error TS" "$TMP/broken.log")" -eq 1 ]; then
    pass "tsc $v rejects a wrongly typed worker-client consumer (and only for that)"
  else
    cat "$TMP/broken.log"
    fail "tsc $v rejects a wrongly typed worker-client consumer"
  fi
done

finish
