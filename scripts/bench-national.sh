#!/usr/bin/env bash
# National-list benchmark (issue 16; not a test, never run by scripts/test.sh): a sharded snapshot
# vs the single file, at 100k, 1M and 10M synthetic records (70 % natural persons, as national
# lists are). Prints one table and writes its JSON; docs/bench-national.md explains the figures.
#
#   bash scripts/bench-national.sh                              # SIZES="100000 1000000 10000000"
#   SIZES="100000 1000000" bash scripts/bench-national.sh       # without the 10M build (minutes, ~4 GB)
#
# 1. Publisher: `credit-check build --sharded --synth N --persons 70` (and the single file at
#    100k and 1M) under /usr/bin/time -v: wall time, peak RSS, bytes on disk, shards; issue 16's
#    10M targets ≤ 10 min and ≤ 8 GB are printed beside the figures.
# 2. First verdict in a dedicated Web Worker in headless Chromium over a link throttled through
#    the DevTools protocol (40 ms, 10 Mbit/s, on the page's and the worker's targets), cold cache,
#    1 party and 5 parties: bytes transferred (gzip) and decoded, time to verdict, worker memory.
# 3. The same 5 parties again in the same browser context (warm: Cache API by digest).
# 4. The single file at 100k and 1M, same parties, same worker.
# Steps 2-4 are scripts/bench-national.mjs with www/bench/national.{html,js} and national-worker.js.
#
# Environment:
#   SIZES="100000 1000000 10000000"   list sizes
#   SINGLE_SIZES="100000 1000000"     sizes also built and measured as one file (those in SIZES)
#   RUNS=3                            cold runs per size (medians); SINGLE_RUNS (default 3, 1 at ≥ 1M)
#   SCRATCH=/tmp/cc-national          where the lists go; a build of the same size, seed and key is
#                                     reused (its publisher figures too) unless REBUILD=1
#   PROTOCOL=h2|http1                 the local server: HTTP/2 over TLS (self-signed; a CDN's
#                                     protocol, the default) or plain HTTP/1.1
#   OUT=benches/.data/bench-national.json
#   CHROMIUM=/usr/bin/chromium
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZES=${SIZES:-"100000 1000000 10000000"}
SINGLE_SIZES=${SINGLE_SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
SCRATCH=${SCRATCH:-/tmp/cc-national}
OUT=${OUT:-benches/.data/bench-national.json}
SEED=1
PERSONS=70
# Fixed dates, so that a rebuild gives the same files and a reused build stays valid.
ISSUED=2025-01-01T00:00:00Z
EXPIRES=2035-01-01T00:00:00Z
note() { printf '=== bench-national: %s\n' "$*" >&2; }

CLI=target/release/credit-check
if [ ! -f pkg/wasm/credit_check_bg.wasm ] || [ ! -x "$CLI" ]; then
  note "building the wasm package and CLI"
  WITH_BROWSER=0 bash -c 'source scripts/setup.sh && bash scripts/build.sh'
fi
if [ ! -d tests/node_modules/playwright-core ]; then
  note "installing the tests' npm packages (tests/)"
  npm ci --prefix tests --no-audit --no-fund
fi
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench-national: needs Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-national: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ "${PROTOCOL:-h2}" = h2 ] && ! command -v openssl >/dev/null; then
  note "no openssl for the local HTTPS certificate: serving HTTP/1.1"
  export PROTOCOL=http1
fi

mkdir -p "$SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)
KEYDIR="$SCRATCH/keys"
if [ ! -f "$KEYDIR/bench-national.key.json" ] || [ ! -f "$KEYDIR/bench-national.pub.json" ]; then
  note "new signing key in $KEYDIR (earlier builds are dropped: signed by a key that is gone)"
  rm -rf "$KEYDIR" "$SCRATCH"/sharded-* "$SCRATCH"/single-* "$SCRATCH"/sample.ccs
  $CLI keygen --alg ed25519 --id bench-national --out "$KEYDIR" >/dev/null 2>&1
fi
KEY="$KEYDIR/bench-national.key.json"
printf '{"version":1,"keys":[%s]}\n' "$(cat "$KEYDIR/bench-national.pub.json")" > "$SCRATCH/keyring.json"
KEYSUM=$(sha256sum "$KEYDIR/bench-national.pub.json" | cut -c1-16)
COMMON=(--persons "$PERSONS" --seed "$SEED" --publisher bench-national --sequence 1 --issued-at "$ISSUED" --expires-at "$EXPIRES" --key "$KEY")

# What a build was made from: reused only when it matches.
stamp() { echo "n=$1 seed=$SEED persons=$PERSONS issued=$ISSUED expires=$EXPIRES key=$KEYSUM cli=$(sha256sum "$CLI" | cut -c1-16)"; }

build_sharded() {
  local n=$1 dir="$SCRATCH/sharded-$1"
  if [ "${REBUILD:-0}" != 1 ] && [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$(stamp "$n")" ] && [ -f "$dir/manifest.ccs" ]; then
    note "reusing $dir (built $(date -r "$dir.stamp" '+%F %T'); REBUILD=1 to build again)"
    return
  fi
  rm -rf "$dir" "$dir".*
  note "publishing $n records, sharded, into $dir"
  /usr/bin/time -v -o "$dir.time" "$CLI" build --sharded --synth "$n" "${COMMON[@]}" --out "$dir" > "$dir.report.json"
  du -sb "$dir" | cut -f1 > "$dir.du"
  stamp "$n" > "$dir.stamp"
}

build_single() {
  local n=$1 f="$SCRATCH/single-$1"
  if [ "${REBUILD:-0}" != 1 ] && [ -f "$f.stamp" ] && [ "$(cat "$f.stamp")" = "$(stamp "$n")" ] && [ -f "$f.ccs" ]; then
    note "reusing $f.ccs"
    return
  fi
  rm -f "$f".*
  note "publishing $n records as one file: $f.ccs"
  /usr/bin/time -v -o "$f.time" "$CLI" build --synth "$n" "${COMMON[@]}" --out "$f.ccs" > "$f.header.json"
  stat -c %s "$f.ccs" > "$f.du"
  stamp "$n" > "$f.stamp"
}

# The parties: one listed company from the first records every list shares (synth record i is
# the same whatever N is), and bidders from another seed, who are not on the list.
if [ ! -f "$SCRATCH/sample.ccs" ] || [ "$(cat "$SCRATCH/sample.stamp" 2>/dev/null)" != "$(stamp 200)" ]; then
  $CLI build --synth 200 "${COMMON[@]}" --out "$SCRATCH/sample.ccs" >/dev/null
  stamp 200 > "$SCRATCH/sample.stamp"
fi
$CLI synth 200 --seed 99 --format jsonl > "$SCRATCH/bidders.jsonl"

SINGLES=()
for n in $SIZES; do
  build_sharded "$n"
  for s in $SINGLE_SIZES; do
    if [ "$s" = "$n" ]; then build_single "$n"; SINGLES+=("$n"); fi
  done
done

note "browser runs (headless Chromium, 40 ms + 10 Mbit/s)"
node scripts/bench-national.mjs --scratch "$SCRATCH" --sizes "$SIZES" --single "${SINGLES[*]:-}" --runs "$RUNS" --out "$OUT" --protocol "${PROTOCOL:-h2}"
