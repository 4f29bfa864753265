#!/usr/bin/env bash
# Verdict benchmark (not a test): 1,000 procurement checks (single bidders and consortia, half
# listed) against the 1M-record synthetic snapshot in Node (wasm), each record re-checked.
#   bash scripts/bench-check.sh            # N=1000000 CHECKS=1000
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${N:-1000000}
CHECKS=${CHECKS:-1000}
DATA=benches/.data/snapshots
F="$DATA/full-$N.ccs"
[ -f "$F" ] || SIZES="$N" RUNS=3 bash scripts/bench-snapshot.sh >&2
[ -f pkg/wasm/credit_check_bg.wasm ] || { export WITH_BROWSER=0; source scripts/setup.sh; bash scripts/build.sh; }
echo "node: $(node --max-old-space-size=8192 benches/js/check-bench.mjs "$F" "$DATA/bench-ed.pub.json" "$CHECKS")"
