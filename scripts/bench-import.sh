#!/usr/bin/env bash
# Import speed for the 信用中国 行政处罚 (双公示) format: N rows (default 1,000,000) written by the
# hidden generator `credit-check synth N --as xzcf` (deterministic for a seed: valid USCCs,
# mixed date styles, full-width amounts, several penalty categories, one row in 200 without its
# decision date), then `credit-check import --format xzcf` timed three times (median wall time,
# rows/s, peak RSS from /usr/bin/time -v). A GB18030 copy (iconv) is timed once as well.
#
#   bash scripts/bench-import.sh            # 1,000,000 rows
#   N=100000 bash scripts/bench-import.sh   # smaller
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
SEED=${SEED:-7}
cargo build --release --bin credit-check >&2
BIN=target/release/credit-check
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

"$BIN" synth "$N" --as xzcf --seed "$SEED" --out "$DIR/xzcf.csv"
BYTES=$(stat -c %s "$DIR/xzcf.csv")

# One timed import: prints "seconds kilobytes"; exit 1 (rows reported) is expected.
run() {
    local file=$1 out=$2
    set +e
    /usr/bin/time -v "$BIN" import --format xzcf "$file" --out "$out" >"$DIR/report.json" 2>"$DIR/time.txt"
    local code=$?
    set -e
    if [ "$code" -gt 1 ]; then
        cat "$DIR/time.txt" "$DIR/report.json" >&2
        exit 1
    fi
    python3 - "$DIR/time.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{secs:.3f} {rss}")
PY
}

TIMES=()
RSS=0
for i in 1 2 3; do
    read -r secs kb < <(run "$DIR/xzcf.csv" "$DIR/out.jsonl")
    TIMES+=("$secs")
    [ "$kb" -gt "$RSS" ] && RSS=$kb
    echo "run $i: ${secs}s, peak RSS ${kb} KB" >&2
done
REPORT=$(python3 -c "
import json; r = json.load(open('$DIR/report.json'))
print(r['rowsRead'], r['recordsMade'], r['rowsReported'])")
OUT_BYTES=$(stat -c %s "$DIR/out.jsonl")
GB=""
if command -v iconv >/dev/null; then
    iconv -f UTF-8 -t GB18030 "$DIR/xzcf.csv" >"$DIR/xzcf-gb.csv"
    read -r gsecs gkb < <(run "$DIR/xzcf-gb.csv" "$DIR/out-gb.jsonl")
    cmp -s "$DIR/out.jsonl" "$DIR/out-gb.jsonl" || { echo "GB18030 output differs" >&2; exit 1; }
    GB="$gsecs $gkb"
fi
python3 - "$N" "$BYTES" "$OUT_BYTES" "$RSS" "$REPORT" "$GB" "${TIMES[@]}" <<'PY'
import statistics, sys
n, size, out, rss, report, gb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
times = [float(t) for t in sys.argv[7:]]
med = statistics.median(times)
read, made, reported = report.split()
print(f"rows generated        {n:,} ({size / 1e6:.1f} MB CSV, UTF-8)")
print(f"rows read / records / reported  {int(read):,} / {int(made):,} / {int(reported):,}")
print(f"import (median of 3)  {med:.2f} s  ({', '.join(f'{t:.2f}' for t in times)})")
print(f"rows/s                {n / med:,.0f}")
print(f"peak RSS              {rss / 1024:.0f} MiB")
print(f"output                {out / 1e6:.1f} MB JSONL")
if gb:
    s, k = gb.split()
    print(f"GB18030 copy (1 run)  {float(s):.2f} s, {n / float(s):,.0f} rows/s, peak RSS {int(k) / 1024:.0f} MiB, same output")
PY
