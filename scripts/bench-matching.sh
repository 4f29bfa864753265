#!/usr/bin/env bash
# Name-matching benchmark (not a test): screens 1,000 parties by name against the 1M-record
# synthetic snapshot natively and in Node (wasm), and compares with Jaro-Winkler over every name.
# Needs the snapshots scripts/bench-snapshot.sh builds (it is run first when they are missing).
#   bash scripts/bench-matching.sh            # N=1000000 QUERIES=1000
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${N:-1000000}
QUERIES=${QUERIES:-1000}
DATA=benches/.data/snapshots
F="$DATA/full-$N.ccs"
[ -f "$F" ] || SIZES="$N" RUNS=3 bash scripts/bench-snapshot.sh >&2
[ -f pkg/wasm/credit_check_bg.wasm ] || { export WITH_BROWSER=0; source scripts/setup.sh; bash scripts/build.sh; }
CARGO_TARGET_DIR=target/bench cargo bench --quiet --no-run --bench matching
BENCH=$(ls -t target/bench/release/deps/matching-* | grep -v '\.d$' | head -1)
echo "native: $("$BENCH" "$F" "$DATA/bench-ed.pub.json" "$QUERIES")"
echo "node:   $(node --max-old-space-size=8192 benches/js/match-bench.mjs "$F" "$DATA/bench-ed.pub.json" "$QUERIES")"
