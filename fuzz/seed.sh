#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with small snapshots built by the real CLI:
#   snapshot_parse:  unsigned and signed files (load_unverified reads both);
#   snapshot_stream: signed files, each behind a chunk-size byte (the target's first byte).
# Signed with the tests' deterministic Ed25519 key (seed byte 7, id t-ed), which the
# stream target pins; issued 2026-11-01 and valid 30 days, around the targets' clock.
# Usage: fuzz/seed.sh   (uses target/release/credit-check, building it if missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bin="$root/target/release/credit-check"
if [ ! -x "$bin" ]; then
  (cd "$root" && nice cargo build --release --bin credit-check)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A well-known test key (never a real one): the secret is 32 bytes of 0x07.
secret="$(printf '07%.0s' $(seq 32))"
public=ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c
cat >"$tmp/t-ed.key.json" <<JSON
{"format":"credit-check-secret-key/1","id":"t-ed","algorithm":"ed25519","secretKey":"$secret","publicKey":"$public"}
JSON
cat >"$tmp/t-ed.pub.json" <<JSON
{"id":"t-ed","algorithm":"ed25519","publicKey":"$public","validFrom":"2020-01-01T00:00:00Z"}
JSON

parse="$here/corpus/snapshot_parse"
stream="$here/corpus/snapshot_stream"
mkdir -p "$parse" "$stream"
common=(--publisher fuzz --issued-at 2026-11-01 --valid-days 30 --region-code 350000 --region-name 福建省)
for n in 0 1 3 12 40; do
  for seed in 1 2; do
    name="synth$n-seed$seed"
    "$bin" build --synth "$n" --seed "$seed" --sequence "$((n + 1))" "${common[@]}" \
      --out "$parse/$name-unsigned.ccs" >/dev/null
    "$bin" build --synth "$n" --seed "$seed" --sequence "$((n + 1))" "${common[@]}" \
      --key "$tmp/t-ed.key.json" --out "$tmp/s.ccs" >/dev/null
    # The stream target's keyring must accept it.
    "$bin" verify "$tmp/s.ccs" --keys "$tmp/t-ed.pub.json" --at 2026-11-15 >/dev/null
    cp "$tmp/s.ccs" "$parse/$name-signed.ccs"
    for c in 00 01 07 40 ff; do
      { printf "\\x$c"; cat "$tmp/s.ccs"; } >"$stream/$name-chunk$c.ccs"
    done
  done
done
# Covering more lists than the records are on (a list with no entries today).
"$bin" build --synth 5 --sequence 9 "${common[@]}" --list-type LT-SXBZXR --list-type LT-XGXF \
  --out "$parse/extra-lists-unsigned.ccs" >/dev/null
# Sharded snapshots' manifests (without a catalogue, to keep inputs small), and a page.
manifest="$here/corpus/manifest_parse"
mkdir -p "$manifest"
for n in 0 3 40 400; do
  "$bin" build --sharded --synth "$n" --sequence "$((n + 1))" "${common[@]}" --catalogue none \
    --key "$tmp/t-ed.key.json" --out "$tmp/sharded$n" >/dev/null
  # First byte even: a whole manifest; odd: its directory section alone (the last section).
  { printf '\x00'; cat "$tmp/sharded$n/manifest.ccs"; } >"$manifest/sharded$n-manifest.ccs"
  python3 - "$tmp/sharded$n/manifest.ccs" "$manifest/sharded$n-directory.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
for i in range(len(b) - 8, 0, -1):
    tag, flags, n = struct.unpack_from('<HHI', b, i)
    if tag == 40 and flags == 0 and i + 8 + n == len(b):
        open(sys.argv[2], 'wb').write(b'\x01' + b[i + 8:])
        break
else:
    sys.exit('no directory section in ' + sys.argv[1])
PY
done
echo "seeded: $(ls "$parse" | wc -l) files in $parse, $(ls "$stream" | wc -l) in $stream, $(ls "$manifest" | wc -l) in $manifest"
