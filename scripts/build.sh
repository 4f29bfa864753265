#!/usr/bin/env bash
# Builds the wasm core into the npm package (pkg/wasm/, git-ignored) and the native CLI.
#   bash scripts/build.sh          # after scripts/setup.sh has been sourced, or on its own
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -n "${WASM_CARGO:-}" ] || source scripts/setup.sh
TARGET=wasm32-unknown-unknown
OUT=pkg/wasm

$WASM_CARGO rustc --quiet --release --lib --target $TARGET --crate-type cdylib
TD=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
# The web target works in browsers, workers, bundlers and (given the bytes) Node.
wasm-bindgen --target web --no-typescript --out-dir "$OUT.tmp" "$TD/$TARGET/release/credit_check.wasm"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$OUT.tmp/credit_check_bg.wasm" -o "$OUT.tmp/credit_check_bg.opt.wasm"
mv "$OUT.tmp/credit_check_bg.opt.wasm" "$OUT.tmp/credit_check_bg.wasm"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
cargo build --quiet --release --bin credit-check
raw=$(stat -c %s "$OUT/credit_check_bg.wasm")
gz=$(gzip -9 -c "$OUT/credit_check_bg.wasm" | wc -c)
echo "built $OUT/credit_check_bg.wasm: $raw bytes raw, $gz bytes gzipped; CLI: $TD/release/credit-check"
