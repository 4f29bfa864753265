#!/usr/bin/env bash
# Main-thread blocking while a 1M-record snapshot loads in the browser: in a Web Worker
# (credit-check/worker-client) vs on the main thread (loadSnapshot), in headless Chromium under the
# demo server's CSP. Runs www/bench/worker-load.html through tests/e2e/worker.test.mjs with
# WORKER_SNAPSHOT set, prints a table and writes benches/.data/worker-blocking.json.
# Total blocking time = sum over long tasks (main-thread tasks over 50 ms) of (duration − 50 ms).
#
#   bash scripts/bench-worker.sh                  # SHAPE=full N=1000000 (benches/.data/snapshots/full-1000000.ccs)
#   SHAPE=minimal N=100000 bash scripts/bench-worker.sh
#
# The snapshot and key are bench-snapshot.sh's (same files, same commands): made here if absent.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHAPE=${SHAPE:-full}
N=${N:-1000000}
DATA=benches/.data/snapshots
OUT=benches/.data/worker-blocking.json
SNAP="$DATA/$SHAPE-$N.ccs"
KEYS="$DATA/bench-ed.pub.json"
mkdir -p "$DATA"
note() { printf '=== bench-worker: %s\n' "$*" >&2; }

if [ ! -f pkg/wasm/credit_check_bg.wasm ]; then
  note "building the wasm package and CLI"
  WITH_BROWSER=0 bash -c 'source scripts/setup.sh && bash scripts/build.sh'
fi
if [ ! -d tests/node_modules/playwright-core ]; then
  note "installing playwright-core (tests/)"
  (cd tests && npm ci --no-audit --no-fund)
fi
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench-worker: needs Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2; exit 2; }

CLI=target/release/credit-check
need_cli() {
  if [ ! -x "$CLI" ]; then
    note "building the CLI"
    WITH_BROWSER=0 bash -c 'source scripts/setup.sh && cargo build --quiet --release --bin credit-check'
  fi
}
if [ ! -f "$DATA/bench-ed.key.json" ] || [ ! -f "$KEYS" ]; then
  need_cli
  $CLI keygen --alg ed25519 --id bench-ed --out "$DATA" >/dev/null 2>&1
  rm -f "$SNAP" # signed by a key that is gone
fi
if [ ! -f "$SNAP" ]; then
  need_cli
  note "building $SNAP"
  if [ "$SHAPE" = full ]; then
    $CLI build --synth "$N" --seed 1 --out "$SNAP" --publisher bench --sequence 1 --valid-days 3650 --key "$DATA/bench-ed.key.json" >/dev/null
  else
    # As bench-snapshot.sh: a name, one identifier, the list and its dates, authority and decision number.
    $CLI synth "$N" --seed 1 --format jsonl | node -e '
      const rl = require("readline").createInterface({ input: process.stdin });
      rl.on("line", (l) => { const r = JSON.parse(l);
        const id = r.uscc ? { uscc: r.uscc } : r.orgCode ? { orgCode: r.orgCode } : r.registrationNumber ? { registrationNumber: r.registrationNumber } : { idNumber: r.idNumber };
        const o = { entityKind: r.entityKind, ...id, name: r.name, listType: r.listType, listingAuthority: r.listingAuthority,
          decisionNumber: r.decisionNumber, listedAt: r.listedAt, term: r.term, status: r.status, statusDate: r.statusDate, creditClass: r.creditClass };
        console.log(JSON.stringify(o)); });' > "$DATA/minimal-$N.jsonl"
    $CLI build "$DATA/minimal-$N.jsonl" --out "$SNAP" --publisher bench --sequence 1 --valid-days 3650 --key "$DATA/bench-ed.key.json" >/dev/null
  fi
fi

note "$SNAP ($(stat -c %s "$SNAP") bytes) in headless Chromium: worker, then main thread"
rm -f "$OUT"
LOG=$(mktemp "${TMPDIR:-/tmp}/bench-worker.XXXXXX")
trap 'rm -f "$LOG"' EXIT
status=0
WORKER_SNAPSHOT="$SNAP" WORKER_KEYS="$KEYS" WORKER_REPORT="$OUT" node --test tests/e2e/worker.test.mjs >"$LOG" 2>&1 || status=$?
if [ ! -f "$OUT" ]; then
  cat "$LOG"
  echo "bench-worker: the page produced no figures" >&2
  exit 1
fi
node - "$OUT" <<'EOF'
const r = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
console.log(`${r.snapshot}: ${r.records.toLocaleString('en')} records, ${(r.bytes / 1e6).toFixed(1)} MB; ${r.userAgent.match(/HeadlessChrome\/\S+/)?.[0] ?? ''}`);
const rows = [
  ['', 'load+verify+index ms', 'total blocking ms', 'long tasks', 'max long task ms', 'max frame gap ms'],
  ...['worker', 'main'].map((k) => [k === 'worker' ? 'Web Worker' : 'main thread', r[k].totalMs, r[k].totalBlockingMs, r[k].longTasks, r[k].maxLongTaskMs, r[k].maxFrameGapMs]),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
for (const row of rows) console.log(row.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  '));
if (r.main.indexMs !== undefined) console.log(`(main thread: building the name index alone took ${r.main.indexMs} ms of it)`);
EOF
echo "figures: $OUT"
if [ "$status" -ne 0 ]; then
  grep -E "not ok|error:|Error" "$LOG" | head -20
  echo "bench-worker: the test's assertions failed (see above)" >&2
fi
exit "$status"
