#!/usr/bin/env bash
# Where the wasm bytes go (issue 14). Builds the module with the given cargo features (default:
# the checker with both algorithms) as scripts/build.sh does, but keeps the function names
# (wasm-opt -g), prints the gzipped size of the real (nameless) module, then the code per crate
# or module (functions inlined into an export count for the export's shim) and the largest data
# segments (scripts/wasm-size.py); `twiggy top` too when twiggy is installed
# (cargo install --root ~/.cache/credit-check-tools twiggy).
#   bash scripts/wasm-size.sh                     # checker,ed25519,sm2
#   bash scripts/wasm-size.sh validate            # the small module
#   OPT_LEVEL=3 bash scripts/wasm-size.sh         # rustc opt-level for the experiment (default: the
#                                                 # checker's profile `wasm-checker`, "s"; the
#                                                 # identifier module's `release`, 3)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -n "${WASM_CARGO:-}" ] || source scripts/setup.sh >/dev/null
FEATURES=${1:-checker,ed25519,sm2}
OUT=${WASM_SIZE_OUT:-/tmp/credit-check-wasm-size}/$(echo "$FEATURES${OPT_LEVEL:+-O$OPT_LEVEL}" | tr ',' '-')
mkdir -p "$OUT"
case ",$FEATURES," in *,checker,*) PROFILE=wasm-checker ;; *) PROFILE=release ;; esac
PV=$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')
source scripts/wasm-module.sh
${OPT_LEVEL:+export CARGO_PROFILE_${PV}_OPT_LEVEL=$OPT_LEVEL}
cargo_wasm "$FEATURES" $PROFILE
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name m "$WASM_BUILT"
flags="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals"
wasm-opt -O3 --converge --low-memory-unused $flags "$OUT/m_bg.wasm" -o "$OUT/opt.wasm"
wasm-opt -O3 --converge --low-memory-unused -g $flags "$OUT/m_bg.wasm" -o "$OUT/named.wasm"
echo "features $FEATURES${OPT_LEVEL:+, opt-level $OPT_LEVEL}: $(stat -c %s "$OUT/opt.wasm") bytes raw, $(gzip -9 -c "$OUT/opt.wasm" | wc -c) bytes gzipped ($OUT/opt.wasm)"
python3 scripts/wasm-size.py "$OUT/named.wasm" "${TOP:-30}"
if command -v twiggy >/dev/null; then twiggy top -n "${TOP:-30}" "$OUT/named.wasm"; fi
