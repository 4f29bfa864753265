#!/usr/bin/env bash
# The demo portal's default snapshot (issue 6): synthetic records plus hand-written ones that
# cover every list type and validity edge (scripts/gen-demo-records.mjs, dates relative to today
# in China), signed by a demo key. Writes www/demo-data/ (git-ignored):
#
#   lists.ccs           the snapshot: 20,000 synthetic + the hand records, all 18 list types
#                       covered, Fujian, valid 30 days, signed with .demo-keys/demo-ed-2026;
#                       issue number YYYYMMDDNN (China date, run of the day), always rising
#   keys.json           the keyring that pins the demo key
#   lists-tampered.ccs  lists.ccs with one payload byte flipped (loading fails: DIGEST_MISMATCH)
#   lists-stale.ccs     issued 40 days ago, expired 10 days ago, sequence 1 (checks say stale)
#   personas.json       the personas: codes, lists and the decision each scenario must give
#   national/           a sharded national list (issue 16, the portal's ?list=national):
#                       manifest.ccs (signed, small), pages/ and shards/ (content-addressed);
#                       NATIONAL=200000 synthetic records (the regional ones among them: the same
#                       seed) plus the hand records, all 18 list types, 全国, valid 30 days, same
#                       key, its own issue number of the same form; NATIONAL=0 skips it
#
# The key is created once in .demo-keys/ (git-ignored) and reused. Idempotent; re-run it to
# move the validity edges to a new day. CLI=path/to/credit-check to use another binary.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CLI=${CLI:-target/release/credit-check}
case $CLI in /*) ;; *) CLI=$ROOT/$CLI ;; esac
if [ ! -x "$CLI" ]; then
  echo "demo-data.sh: $CLI not found; run bash scripts/build.sh first (or set CLI)" >&2
  exit 1
fi

OUT=www/demo-data
KEYS=.demo-keys
KEY_ID=demo-ed-2026
SEED=2026
SYNTH=20000
NATIONAL=${NATIONAL:-200000}
case $NATIONAL in '' | *[!0-9]*) echo "demo-data.sh: NATIONAL must be a number of records, got '$NATIONAL'" >&2; exit 2 ;; esac
PUBLISHER='演示数据发布方（非真实名单）'
# Every list type, from the core's vocabulary (in its order).
mapfile -t LIST_TYPES < <("$CLI" vocabulary --json | node -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => console.log(JSON.parse(t).listTypes.map((l) => l.id).join("\n")))')
[ "${#LIST_TYPES[@]}" -eq 18 ] || { echo "demo-data.sh: the vocabulary has ${#LIST_TYPES[@]} list types, not 18" >&2; exit 1; }

mkdir -p "$OUT"
if [ ! -f "$KEYS/$KEY_ID.key.json" ]; then
  if ! msg=$("$CLI" keygen --alg ed25519 --id "$KEY_ID" --out "$KEYS" 2>&1 >/dev/null); then
    echo "demo-data.sh: keygen failed: $msg" >&2
    exit 1
  fi
fi

# Everything is made in a scratch directory and moved into place at the end, so a page or a
# test reading www/demo-data/ never sees half-written files.
TMP=$(mktemp -d "$ROOT/$OUT/.tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Dates relative to today in China (the generator's UTC+8 clock: no tz database needed); the
# personas' expectations hold at that cut-off, written to personas.json as cutoffToday.
node scripts/gen-demo-records.mjs --out "$TMP/hand.jsonl" --personas "$TMP/personas.json"
TODAY=$(node -p 'require(process.argv[1]).cutoffToday' "$TMP/personas.json")
HAND=$(wc -l <"$TMP/hand.jsonl")
"$CLI" synth "$SYNTH" --seed "$SEED" --format jsonl --out "$TMP/synth.jsonl"
cat "$TMP/hand.jsonl" "$TMP/synth.jsonl" >"$TMP/records.jsonl"

lt_args=()
for lt in "${LIST_TYPES[@]}"; do lt_args+=(--list-type "$lt"); done
common=(--key "$KEYS/$KEY_ID.key.json" --publisher "$PUBLISHER" --region-code 350000
  --region-name 福建省 --catalogue embedded "${lt_args[@]}")

# The issue number a person reads: the China date and that day's run, 2026120601, 2026120602, …
# It stays above every number issued before (the browser refuses a lower one as a rollback):
# above an earlier run today, and above the Unix-time numbers this script used to issue.
DAY=$(date -u -d '+8 hours' +%Y%m%d)
next_sequence() { # FILE: the next issue number after the one FILE carries (a snapshot or a manifest)
  local prev=0 seq
  if [ -f "$1" ]; then
    prev=$("$CLI" inspect "$1" 2>/dev/null |
      node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{try{process.stdout.write(String(JSON.parse(s).header.sequence??0))}catch{process.stdout.write("0")}})')
  fi
  seq=$((DAY * 100 + 1))
  if [ "$prev" -ge "$seq" ] 2>/dev/null; then seq=$((prev + 1)); fi
  if [ $((seq / 100)) -ne "$DAY" ]; then
    echo "demo-data.sh: sequence $seq for $1 is past today's 99 runs (last issued: $prev)" >&2
    return 1
  fi
  echo "$seq"
}
SEQUENCE=$(next_sequence "$OUT/lists.ccs")
"$CLI" build "$TMP/records.jsonl" --out "$TMP/lists.ccs" "${common[@]}" \
  --sequence "$SEQUENCE" --valid-days 30 >/dev/null

# Stale: issued 40 days ago, expired 10 days ago. Sequence 1: a page that remembers the highest
# sequence it accepted would refuse it as a rollback after loading lists.ccs.
"$CLI" build "$TMP/records.jsonl" --out "$TMP/lists-stale.ccs" "${common[@]}" \
  --sequence 1 --issued-at "$(date -u -d '-40 days' +%Y-%m-%dT%H:%M:%SZ)" \
  --expires-at "$(date -u -d '-10 days' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null

# Tampered: the payload's third-last byte flipped (the signed header still names the old digest).
cp "$TMP/lists.ccs" "$TMP/lists-tampered.ccs"
SIZE=$(stat -c %s "$TMP/lists.ccs")
node -e '
  const fs = require("fs");
  const [file, size] = [process.argv[1], Number(process.argv[2])];
  const fd = fs.openSync(file, "r+");
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, size - 3);
  b[0] ^= 0xff;
  fs.writeSync(fd, b, 0, 1, size - 3);
  fs.closeSync(fd);
' "$TMP/lists-tampered.ccs" "$SIZE"

# The national list, sharded: the same synthetic stream at national size (its first $SYNTH records
# are the regional ones) and the hand records, so that every persona is on it as in the region.
# Its own issue number: the portal keeps its high-water mark under its own key.
NSEQ=
if [ "$NATIONAL" -gt 0 ]; then
  NSEQ=$(next_sequence "$OUT/national/manifest.ccs")
  "$CLI" synth "$NATIONAL" --seed "$SEED" --format jsonl --out "$TMP/national-synth.jsonl"
  cat "$TMP/hand.jsonl" "$TMP/national-synth.jsonl" >"$TMP/national.jsonl"
  rm -f "$TMP/national-synth.jsonl"
  national_lt=(--key "$KEYS/$KEY_ID.key.json" --publisher "$PUBLISHER" --region-code 000000
    --region-name 全国 --catalogue embedded "${lt_args[@]}")
  "$CLI" build "$TMP/national.jsonl" --sharded --out "$TMP/national" "${national_lt[@]}" \
    --sequence "$NSEQ" --valid-days 30 >"$TMP/national-build.json"
  rm -f "$TMP/national.jsonl"
fi

# The keyring: {"version":1,"keys":[<the key's entry>]}.
node -e '
  const fs = require("fs");
  const entry = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  fs.writeFileSync(process.argv[2], JSON.stringify({ version: 1, keys: [entry] }, null, 2) + "\n");
' "$KEYS/$KEY_ID.pub.json" "$TMP/keys.json"

# Sanity: the demo key verifies the snapshot, and refuses the tampered copy.
"$CLI" verify --keys "$TMP/keys.json" "$TMP/lists.ccs" >/dev/null
if "$CLI" verify --keys "$TMP/keys.json" "$TMP/lists-tampered.ccs" >/dev/null 2>&1; then
  echo "demo-data.sh: the tampered snapshot verified" >&2
  exit 1
fi

for f in lists.ccs lists-tampered.ccs lists-stale.ccs keys.json personas.json; do
  mv -f "$TMP/$f" "$OUT/$f"
done
NATIONAL_NOTE=
if [ -n "$NSEQ" ]; then
  # The directory whole: the old one (with shards the new manifest no longer names) goes.
  rm -rf "$OUT/national.old"
  [ ! -d "$OUT/national" ] || mv "$OUT/national" "$OUT/national.old"
  mv "$TMP/national" "$OUT/national"
  rm -rf "$OUT/national.old"
  NATIONAL_NOTE=$(node -e '
    const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.stdout.write(`; ${b.manifest.replace(/.*\/(national\/)/, "$1")}: ${b.records} records in ${b.shards} shards, ${(b.shardBytes / 1048576).toFixed(0)} MiB, sequence ${process.argv[2]}`);
  ' "$TMP/national-build.json" "$NSEQ")
fi
PERSONAS=$(node -e 'console.log(Object.keys(require(process.argv[1]).personas).length)' "$ROOT/$OUT/personas.json")
echo "demo-data: $OUT/lists.ccs ($((SIZE / 1024)) KiB, $((HAND + SYNTH)) records: $HAND hand + $SYNTH synth, 18 list types, sequence $SEQUENCE, cut-off $TODAY, key $KEY_ID), $PERSONAS personas$NATIONAL_NOTE"
