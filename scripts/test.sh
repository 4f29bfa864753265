#!/usr/bin/env bash
# Runs every test: formatting and lints, the generated division table against its sources,
# native unit/integration/doc tests, the wasm bindings in Node and headless Chromium, the npm
# package's node --test suite, the browser end-to-end tests (with axe-core on every page and
# state, gated and printed as a table), and the packed-package consumer test. Installs what is missing first (scripts/setup.sh). Prints the size budget at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
T0=$(date +%s)
source scripts/setup.sh
export RUST_BACKTRACE=0

PASSED=0
FAILED=0
FAILURES=()
step() { # step NAME COMMAND...: runs one suite, keeps going on failure, counts it
  local name=$1
  shift
  printf '\n=== %s\n' "$name"
  local t=$(date +%s)
  if "$@"; then
    PASSED=$((PASSED + 1))
    printf -- '--- %s: ok (%ss)\n' "$name" $(($(date +%s) - t))
  else
    FAILED=$((FAILED + 1))
    FAILURES+=("$name")
    printf -- '--- %s: FAILED (%ss)\n' "$name" $(($(date +%s) - t))
  fi
}

step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy -D warnings" cargo clippy --quiet --all-targets -- -D warnings
if [ "$WASM_RUSTUP_TOOLCHAIN" != wasm-debian ]; then # Debian's toolchain has no clippy
  step "cargo clippy (wasm32 bindings)" $WASM_CARGO clippy --quiet --target wasm32-unknown-unknown --lib --tests -- -D warnings
  step "cargo clippy (wasm32, identifier module only)" $WASM_CARGO clippy --quiet --target wasm32-unknown-unknown --lib \
    --no-default-features --features validate -- -D warnings
fi
# The identifier layer as the identifier module is built (feature `validate` alone): its unit,
# integration and doc tests compile and pass without the list, snapshot or publisher layers (the
# tests that need those say so with #![cfg(feature = ...)]).
step "identifier layer alone: clippy and tests (feature validate)" bash -c \
  'cargo clippy --quiet --all-targets --no-default-features --features validate -- -D warnings &&
   cargo test --quiet --no-default-features --features validate'
step "division table matches its sources" python3 scripts/gen_divisions.py --check
step "traditional→simplified table matches OpenCC" python3 scripts/gen_t2s.py --check
step "native tests (unit, integration, doc)" cargo test --quiet
# A deployment's one-algorithm builds (SIGNATURES=ed25519|sm2): the other algorithm's keys and
# snapshots are refused as ALGORITHM_NOT_BUILT (issue 14).
step "one-algorithm builds refuse the other (ed25519 only, sm2 only)" bash -c \
  'cargo test --quiet --lib --no-default-features --features checker,ed25519 not_built &&
   cargo test --quiet --lib --no-default-features --features checker,sm2 not_built'
step "build wasm package and CLI" bash scripts/build.sh
step "wasm-bindgen tests (Node + headless Chromium)" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  $WASM_CARGO test --target wasm32-unknown-unknown --test wasm_node --test wasm_browser
step "npm package (node --test)" node --test pkg/test/
step "browser end-to-end (Chromium)" node --test tests/e2e/
step "accessibility (axe-core, every page and state: no critical or serious)" node scripts/axe-report.mjs
step "packed package in a scratch consumer" bash scripts/consumer-test.sh
step "packed package through Vite and webpack" bash scripts/consumer-bundlers.sh

step "budgets (wasm size, first verdict, worker blocking)" bash scripts/budgets.sh
echo "total time: $(($(date +%s) - T0))s"
[ $FAILED -eq 0 ] || printf 'failed: %s\n' "${FAILURES[*]}"
echo "suites: $PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
