#!/usr/bin/env bash
# Speed at the boundary (not a test): readiness against the fastest SHA-256 on the platform,
# single lookups from JS (median µs) and batch lookups from JS (M/s), this build against an older
# one in one Node process, interleaved, each figure beside its target (met / NOT MET).
#
#   PKG_OLD=/path/to/old/pkg bash scripts/bench-boundary.sh     # RUNS=5, the 1M-record snapshot
#   SNAPSHOT=file.ccs KEYS=keys.json RUNS=3 bash scripts/bench-boundary.sh
# The 1M-record snapshot is made by `SIZES=1000000 bash scripts/bench-snapshot.sh` (slow, once).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DATA=benches/.data/snapshots
SNAPSHOT=${SNAPSHOT:-$DATA/full-1000000.ccs}
KEYS=${KEYS:-$DATA/bench-ed.pub.json}
RUNS=${RUNS:-5}
if [ ! -f "$SNAPSHOT" ]; then
  echo "bench-boundary: $SNAPSHOT is missing; make it with: SIZES=1000000 RUNS=1 bash scripts/bench-snapshot.sh" >&2
  exit 1
fi
if [ ! -f pkg/wasm/credit_check_bg.wasm ] || [ -n "$(find src Cargo.toml -newer pkg/wasm/credit_check_bg.wasm -print -quit)" ]; then
  export WITH_BROWSER=0
  source scripts/setup.sh
  bash scripts/build.sh
fi
JSON_OUT=$DATA/boundary.json node --max-old-space-size=8192 benches/js/boundary-bench.mjs "$SNAPSHOT" "$KEYS" "$RUNS"
