#!/usr/bin/env bash
# Builds the wasm core into the npm package (pkg/wasm/, git-ignored) and the native CLI. Two
# modules from the same crate (issue 14):
#   pkg/wasm/credit_check_bg.wasm           the checker (feature `checker` and the signature
#                                            algorithms): snapshots, lists, the verdict; the
#                                            worker and `credit-check` (index.js) load it
#   pkg/wasm/credit_check_validate_bg.wasm  identifiers only (feature `validate`): the identifier
#                                            page and form fields (`credit-check/validate`)
#
#   bash scripts/build.sh                      # after scripts/setup.sh has been sourced, or on its own
#   SIGNATURES=ed25519 bash scripts/build.sh   # a deployment's algorithms: ed25519 | sm2 | both (default)
#   WASM_OPT_LEVEL=s bash scripts/build.sh     # rustc opt-level of the modules: 3 (default, the speed the
#                                              # benchmarks measure) or s (about 108 KB gzipped smaller,
#                                              # speed not measured: docs/wasm-size.md)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -n "${WASM_CARGO:-}" ] || source scripts/setup.sh
TARGET=wasm32-unknown-unknown
OUT=pkg/wasm
SIGNATURES=${SIGNATURES:-both}
case "$SIGNATURES" in
  both) algs=ed25519,sm2 ;;
  ed25519 | sm2) algs=$SIGNATURES ;;
  *) echo "SIGNATURES must be ed25519, sm2 or both (found '$SIGNATURES')" >&2; exit 2 ;;
esac
TD=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"

# build_module FEATURES OUT_NAME: one cargo build, wasm-bindgen, wasm-opt.
build_module() {
  ${WASM_OPT_LEVEL:+env CARGO_PROFILE_RELEASE_OPT_LEVEL=$WASM_OPT_LEVEL} $WASM_CARGO rustc --quiet --release --lib --target $TARGET --crate-type cdylib --no-default-features --features "$1"
  # The web target works in browsers, workers, bundlers and (given the bytes) Node.
  wasm-bindgen --target web --no-typescript --out-dir "$OUT.tmp" --out-name "$2" "$TD/$TARGET/release/credit_check.wasm"
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$OUT.tmp/$2_bg.wasm" -o "$OUT.tmp/$2_bg.opt.wasm"
  mv "$OUT.tmp/$2_bg.opt.wasm" "$OUT.tmp/$2_bg.wasm"
}
build_module validate credit_check_validate
build_module "checker,$algs" credit_check
echo "$SIGNATURES" >"$OUT.tmp/SIGNATURES"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
cargo build --quiet --release --bin credit-check
for m in credit_check_validate credit_check; do
  raw=$(stat -c %s "$OUT/${m}_bg.wasm")
  gz=$(gzip -9 -c "$OUT/${m}_bg.wasm" | wc -c)
  echo "built $OUT/${m}_bg.wasm: $raw bytes raw, $gz bytes gzipped"
done
echo "signatures: $SIGNATURES; CLI: $TD/release/credit-check"
