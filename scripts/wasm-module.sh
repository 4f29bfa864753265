# Sourced by scripts/build.sh and scripts/wasm-size.sh: one cargo build of a wasm module.
#   cargo_wasm FEATURES PROFILE   builds credit_check as a cdylib for wasm32 with those features
#                                 and sets WASM_BUILT to the .wasm it wrote.
# The checker (profile wasm-checker) is built with its own standard library when
# scripts/setup.sh found the std sources ($CHECKER_CARGO): std optimised for size
# (`optimize_for_size`: small sorts and formatting) and panics that abort at once, with no
# message or location kept (`-Cpanic=immediate-abort`; the core returns errors, it does not
# panic on input). 24.6 KB gzipped off the checker (docs/wasm-size.md). Both are unstable
# cargo/rustc options: Debian's stable rustc-web with RUSTC_BOOTSTRAP, as the wasm32 std itself
# is built on machines where rustup cannot download it (scripts/setup.sh). Without the
# sources (CHECKER_BUILD_STD=0, or no Debian packages) the checker is built as the identifier
# module is, with the prebuilt std, and is that much larger.
cargo_wasm() {
  local td
  td=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  local opt=${WASM_OPT_LEVEL:+env CARGO_PROFILE_WASM_CHECKER_OPT_LEVEL=$WASM_OPT_LEVEL}
  if [ "$2" = wasm-checker ] && [ -n "${CHECKER_CARGO:-}" ]; then
    # Its own target folder: another compiler's artifacts would be rebuilt each time.
    CARGO_TARGET_DIR="$td/build-std" RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort" \
      $opt $CHECKER_CARGO rustc --quiet --profile "$2" --lib --target wasm32-unknown-unknown \
      --crate-type cdylib --no-default-features --features "$1" \
      -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
    WASM_BUILT="$td/build-std/wasm32-unknown-unknown/$2/credit_check.wasm"
  else
    $opt $WASM_CARGO rustc --quiet --profile "$2" --lib --target wasm32-unknown-unknown \
      --crate-type cdylib --no-default-features --features "$1"
    WASM_BUILT="$td/wasm32-unknown-unknown/$2/credit_check.wasm"
  fi
}
