# Sourced by scripts/build.sh and scripts/wasm-size.sh: one cargo build of a wasm module.
#   cargo_wasm FEATURES PROFILE   builds credit_check as a cdylib for wasm32 with those features
#                                 and sets WASM_BUILT to the .wasm it wrote.
# Where scripts/setup.sh found the std sources ($BUILD_STD_CARGO), both modules are built with
# their own standard library, with panics that abort at once, keeping no message or location
# (`-Cpanic=immediate-abort`; the core returns errors on input, it does not panic); the checker
# (profile wasm-checker) also with the std feature `optimize_for_size` (small sorts and
# formatting; the identifier module keeps the fast ones for its batches). Off the checker 24.6
# KB gzipped, off the identifier module 5.1 KB (docs/wasm-size.md). Both are unstable
# cargo/rustc options: Debian's stable rustc-web with RUSTC_BOOTSTRAP, as the wasm32 std itself
# is built on machines where rustup cannot download it (scripts/setup.sh). Without the sources
# (WASM_BUILD_STD=0, or no Debian packages) the modules are built with the prebuilt std and
# are that much larger.
cargo_wasm() {
  local td
  td=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  local opt=${WASM_OPT_LEVEL:+env CARGO_PROFILE_WASM_CHECKER_OPT_LEVEL=$WASM_OPT_LEVEL}
  if [ -n "${BUILD_STD_CARGO:-}" ]; then
    local std_features=""
    [ "$2" = wasm-checker ] && std_features=-Zbuild-std-features=optimize_for_size
    # Its own target folder: another compiler's artifacts would be rebuilt each time.
    CARGO_TARGET_DIR="$td/build-std" RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort" \
      $opt $BUILD_STD_CARGO rustc --quiet --profile "$2" --lib --target wasm32-unknown-unknown \
      --crate-type cdylib --no-default-features --features "$1" \
      -Zbuild-std=std,panic_abort $std_features
    WASM_BUILT="$td/build-std/wasm32-unknown-unknown/$2/credit_check.wasm"
  else
    $opt $WASM_CARGO rustc --quiet --profile "$2" --lib --target wasm32-unknown-unknown \
      --crate-type cdylib --no-default-features --features "$1"
    WASM_BUILT="$td/wasm32-unknown-unknown/$2/credit_check.wasm"
  fi
}
