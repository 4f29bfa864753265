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
#   WASM_OPT_LEVEL=3 bash scripts/build.sh     # the checker's rustc opt-level: s (default, the profile
#                                              # `wasm-checker` in Cargo.toml) or 3 (111 KB gzipped larger;
#                                              # re-checks ~40%, the name index ~14% faster:
#                                              # docs/wasm-size.md); the identifier module is always 3
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -n "${WASM_CARGO:-}" ] || source scripts/setup.sh
OUT=pkg/wasm
SIGNATURES=${SIGNATURES:-both}
case "$SIGNATURES" in
  both) algs=ed25519,sm2 ;;
  ed25519 | sm2) algs=$SIGNATURES ;;
  *) echo "SIGNATURES must be ed25519, sm2 or both (found '$SIGNATURES')" >&2; exit 2 ;;
esac
TD=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"

WASM_OPT_FEATURES="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals"
source scripts/wasm-module.sh
# build_module FEATURES OUT_NAME PROFILE: one cargo build, wasm-bindgen, wasm-opt.
build_module() {
  cargo_wasm "$1" "$3"
  # The web target works in browsers, workers, bundlers and (given the bytes) Node.
  wasm-bindgen --target web --no-typescript --out-dir "$OUT.tmp" --out-name "$2" "$WASM_BUILT"
  # --low-memory-unused: Rust's data starts at 1 MiB with the stack below it, so no address under
  # 1 KiB is used and constant offsets fold into loads; --converge repeats the passes until the
  # module stops shrinking. Together 3.1 KB gzipped off the checker (docs/wasm-size.md), ~30 s.
  wasm-opt -O3 --converge --low-memory-unused $WASM_OPT_FEATURES \
    "$OUT.tmp/$2_bg.wasm" -o "$OUT.tmp/$2_bg.opt.wasm"
  mv "$OUT.tmp/$2_bg.opt.wasm" "$OUT.tmp/$2_bg.wasm"
}
build_module validate credit_check_validate release
build_module "checker,$algs" credit_check wasm-checker
echo "$SIGNATURES" >"$OUT.tmp/SIGNATURES"
# The modules' std (scripts/wasm-module.sh): scripts/budgets.sh picks the checker's guard by it.
if [ -n "${BUILD_STD_CARGO:-}" ]; then echo own >"$OUT.tmp/STD"; else echo prebuilt >"$OUT.tmp/STD"; fi
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
cargo build --quiet --release --bin credit-check
for m in credit_check_validate credit_check; do
  raw=$(stat -c %s "$OUT/${m}_bg.wasm")
  gz=$(gzip -9 -c "$OUT/${m}_bg.wasm" | wc -c)
  echo "built $OUT/${m}_bg.wasm: $raw bytes raw, $gz bytes gzipped"
done
echo "signatures: $SIGNATURES; CLI: $TD/release/credit-check"
[ -n "${BUILD_STD_CARGO:-}" ] || echo "the modules were built with the prebuilt std (WASM_BUILD_STD=0, or no std sources): the checker about 25 KB gzipped larger, the identifier module 5 KB (scripts/wasm-module.sh)"
