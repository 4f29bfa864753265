#!/usr/bin/env bash
# Snapshot benchmark (not a test): synthetic snapshots of 10k, 100k and 1M records (full records,
# and "minimal" ones with a name and one identifier), then for each: bytes per record (raw, gzip,
# brotli), load+verify+ready natively and in Node (wasm) against the hashing floor, memory, and
# exact lookups (native, and from JS in a batch). See benches/README.md.
#
#   bash scripts/bench-snapshot.sh            # SIZES="10000 100000 1000000" RUNS=5
#   PKG_OLD=/path/to/old/pkg bash scripts/bench-snapshot.sh   # an older build's figures beside
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-5}
DATA=benches/.data/snapshots
mkdir -p "$DATA"
note() { printf '=== bench-snapshot: %s\n' "$*" >&2; }

if [ ! -f pkg/wasm/credit_check_bg.wasm ] || [ -n "$(find src Cargo.toml -newer pkg/wasm/credit_check_bg.wasm -print -quit)" ]; then
  note "building"
  export WITH_BROWSER=0
  source scripts/setup.sh
  bash scripts/build.sh
fi
CLI=target/release/credit-check
# Its own target directory: a bench build in target/release would overwrite the library the tests
# link against (the crate is both cdylib and rlib).
CARGO_TARGET_DIR=target/bench cargo bench --quiet --no-run --bench snapshot
BENCH=$(ls -t target/bench/release/deps/snapshot-* | grep -v '\.d$' | head -1)

[ -f "$DATA/bench-ed.key.json" ] || $CLI keygen --alg ed25519 --id bench-ed --out "$DATA" >/dev/null 2>&1
KEYS="$DATA/bench-ed.pub.json"
for n in $SIZES; do
  for shape in full minimal; do
    f="$DATA/$shape-$n.ccs"
    if [ ! -f "$f" ]; then
      note "building $f"
      if [ $shape = full ]; then
        $CLI build --synth "$n" --seed 1 --out "$f" --publisher bench --sequence 1 --valid-days 3650 --key "$DATA/bench-ed.key.json" >/dev/null
      else
        # A name, one identifier, the list and its dates, authority and decision number.
        $CLI synth "$n" --seed 1 --format jsonl | node -e '
          const rl = require("readline").createInterface({ input: process.stdin });
          rl.on("line", (l) => { const r = JSON.parse(l);
            const id = r.uscc ? { uscc: r.uscc } : r.orgCode ? { orgCode: r.orgCode } : r.registrationNumber ? { registrationNumber: r.registrationNumber } : r.idNumber ? { idNumber: r.idNumber } : { maskedIdNumber: r.maskedIdNumber };
            const o = { entityKind: r.entityKind, ...id, name: r.name, listType: r.listType, listingAuthority: r.listingAuthority,
              decisionNumber: r.decisionNumber, listedAt: r.listedAt, term: r.term, status: r.status, statusDate: r.statusDate, creditClass: r.creditClass };
            console.log(JSON.stringify(o)); });' > "$DATA/minimal-$n.jsonl"
        $CLI build "$DATA/minimal-$n.jsonl" --out "$f" --publisher bench --sequence 1 --valid-days 3650 --key "$DATA/bench-ed.key.json" >/dev/null
      fi
    fi
    note "$shape $n: native"
    native=$("$BENCH" "$f" "$KEYS" "$RUNS")
    note "$shape $n: node (wasm)"
    node --max-old-space-size=8192 benches/js/snapshot-bench.mjs "$f" "$KEYS" "$RUNS" > "$DATA/node-$shape-$n.json"
    old_json=
    if [ -n "${PKG_OLD:-}" ]; then
      note "$shape $n: node (wasm), old build $PKG_OLD"
      PKG="$PKG_OLD" node --max-old-space-size=8192 benches/js/snapshot-bench.mjs "$f" "$KEYS" "$RUNS" > "$DATA/node-old-$shape-$n.json"
      old_json="$DATA/node-old-$shape-$n.json"
    fi
    printf '%s\n' "$native" > "$DATA/native-$shape-$n.json"
    python3 - "$shape" "$n" "$DATA/native-$shape-$n.json" "$DATA/node-$shape-$n.json" $old_json <<'PY'
import json, sys
shape, n, a, b = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
old = json.load(open(sys.argv[5])) if len(sys.argv) > 5 else None
bpr = b["bytesPerRecord"]
print(f"{shape:7} {int(n):>9,} records: {bpr['raw']:.1f} B/rec raw, {bpr['gzip']:.1f} gzip, {bpr['brotli']:.1f} brotli")
print(f"  native: ready {a['loadMs']} ms = {a['loadOverHash']}x hash floor ({a['hashMs']} ms {a['algorithm']}); memory {a['memoryOverFile']}x file; "
      f"{a['lookupsPerSecond']/1e6:.2f} M lookups/s, single median {a['lookupMedianNs']} ns p99 {a['lookupP99Ns']} ns")
def node_line(label, b):
    # Readiness against the fastest SHA-256 on the platform (node:crypto or WebCrypto), not the
    # wasm one: a fast wasm load would otherwise hide behind a slow hash.
    ratio = b['loadOverFastestHash']
    print(f"  {label}ready {b['loadMs']} ms = {ratio}x the fastest platform SHA-256 ({b['fastestSha256']} {b['fastestSha256Ms']} ms) "
          f"[target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT MET'}]; {b['loadOverWasmHash']}x the wasm SHA-256 ({b['wasmHashMs']} ms); "
          f"node:crypto {b['nodeCryptoSha256Ms']} ms, WebCrypto {b['subtleSha256Ms']} ms")
    print(f"  {' ' * len(label)}wasm memory +{b['wasmMemoryOverFile']}x file; batch {b['lookupsPerSecond']/1e6:.2f} M lookups/s from JS "
          f"[target >= 2: {'met' if b['lookupsPerSecond'] >= 2e6 else 'NOT MET'}]; single median {b['singleLookupMedianUs']} us "
          f"[target <= 5: {'met' if b['singleLookupMedianUs'] <= 5 else 'NOT MET'}] p99 {b['singleLookupP99Us']} us")
node_line("node:     ", b)
if old:
    node_line("node old: ", old)
PY
  done
done
