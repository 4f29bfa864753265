#!/usr/bin/env bash
# Benchmark (not a test): 1,000,000 mixed USCC inputs through credit-check's JS API in Node
# (one call per code, and batched), the npm packages stdnum and util-helpers, and python-stdnum,
# on the same file; then a rules table and the wasm size. See benches/README.md.
#
#   bash scripts/bench.sh          # RUNS=5 timed runs after a warm-up; FORCE_BUILD=1 rebuilds
#
# Builds the wasm only when pkg/wasm is missing or older than src/, Cargo.toml, Cargo.lock or
# scripts/build.sh. Installs the bench-only dependencies once (benches/.py-deps/,
# benches/js/node_modules/) and writes the inputs once (benches/.data/).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
START=$(date +%s)
note() { printf '=== bench: %s\n' "$*" >&2; }

# ---- build ------------------------------------------------------------------------------
WASM=pkg/wasm/credit_check_bg.wasm
stale() {
  [ "${FORCE_BUILD:-0}" = 1 ] && return 0
  [ -f "$WASM" ] && [ -f pkg/wasm/credit_check.js ] || return 0
  [ -n "$(find src Cargo.toml Cargo.lock scripts/build.sh -newer "$WASM" -print -quit)" ]
}
if stale; then
  note "building the wasm"
  export WITH_BROWSER=${WITH_BROWSER:-0} # the bench needs no browser
  source scripts/setup.sh
  bash scripts/build.sh
else
  note "pkg/wasm is newer than src/: not rebuilding (FORCE_BUILD=1 to force)"
fi

# ---- bench-only dependencies ----------------------------------------------------------------
PY_DEPS=benches/.py-deps
PY_REQ=benches/python/requirements.txt
if ! cmp -s "$PY_REQ" "$PY_DEPS/.credit-check-stamp" 2>/dev/null; then
  note "pip install python-stdnum into $PY_DEPS"
  rm -rf "$PY_DEPS"
  python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore \
    --no-deps --require-hashes --target "$PY_DEPS" -r "$PY_REQ"
  cp "$PY_REQ" "$PY_DEPS/.credit-check-stamp"
fi
if ! cmp -s benches/js/package-lock.json benches/js/node_modules/.credit-check-stamp 2>/dev/null; then
  note "npm ci in benches/js"
  (cd benches/js && npm ci -s --no-audit --no-fund && cp package-lock.json node_modules/.credit-check-stamp)
fi

# ---- inputs (made once), then the runs on the same file -------------------------------------
DATA=benches/.data
node benches/js/gen_inputs.mjs "$DATA" 1000000 20150101 >&2
note "python-stdnum"
PYTHONPATH="$PY_DEPS" python3 benches/python/bench_stdnum.py "$DATA" "$DATA/python.json" "${RUNS:-5}"
note "node"
node --expose-gc --max-old-space-size=6144 benches/js/bench.mjs "$DATA" "$DATA/python.json" | tee "$DATA/report.txt"
echo
echo "whole script: $(($(date +%s) - START)) s (report kept in $DATA/report.txt)"
