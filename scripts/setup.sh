#!/usr/bin/env bash
# Installs everything the build and the tests need, and skips what is present.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again.
#
#   wasm32 std      rustup target add, else Debian's rustc-web with a std built once from
#                   rust-web-src (setup_debian_toolchain below); WASM_TOOLCHAIN=auto|rustup|debian
#   std sources     Debian's rustc-web + rust-web-src: the wasm modules are built with their own
#                   std (scripts/wasm-module.sh); WASM_BUILD_STD=0 skips it
#   wasm-bindgen    cargo install at the exact version Cargo.lock pins, into $CC_TOOLS
#   wasm-opt        npm package binaryen (Debian's 108 breaks wasm-bindgen output)
#   node modules    tests/ (playwright-core for browser tests)
#   chromium        Debian's chromium + chromium-driver (WITH_BROWSER=0 skips it)
#
# After sourcing: $WASM_CARGO runs cargo with a toolchain that has the wasm32 std;
# $BUILD_STD_CARGO (empty without std sources) the cargo that builds the modules with their own std;
# PATH has wasm-bindgen, wasm-bindgen-test-runner and wasm-opt.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CC_TOOLS=${CC_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/credit-check-tools}
WASM_TOOLCHAIN=${WASM_TOOLCHAIN:-auto}
WITH_BROWSER=${WITH_BROWSER:-1}
BINARYEN_NPM_VERSION=${BINARYEN_NPM_VERSION:-132.0.0}
TARGET=wasm32-unknown-unknown
export DEBIAN_FRONTEND=noninteractive
export PATH="$CC_TOOLS/bin:$CC_TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CC_TOOLS"

say() { printf '\n=== setup: %s\n' "$*" >&2; }

APT_UPDATED=0
apt_install() { # installs only the missing packages
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "need these packages: ${missing[*]}" >&2; return 1; }
  if [ $APT_UPDATED = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  say "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

has_wasm_std() { # $1: rustup toolchain name or empty for the default
  local d
  d=$(RUSTUP_TOOLCHAIN=${1:-${RUSTUP_TOOLCHAIN:-}} rustc --print target-libdir --target $TARGET 2>/dev/null) || return 1
  compgen -G "$d/libstd-*.rlib" >/dev/null
}

# Debian's rustc-web (a stable rustc), its std sources and the wasm linker.
debian_rustc() {
  apt_install rustc-web cargo-web rust-web-src lld-19 || return 1
  local hostbin
  # Rust's default linker for wasm32 is rust-lld; Debian ships it as lld-19.
  hostbin=$(/usr/bin/rustc --print sysroot)/lib/rustlib/$(/usr/bin/rustc -vV | sed -n 's/^host: //p')/bin
  mkdir -p "$hostbin"
  [ -e "$hostbin/rust-lld" ] || ln -s /usr/lib/llvm-19/bin/lld "$hostbin/rust-lld"
  [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]
}

setup_debian_toolchain() {
  debian_rustc
  local rv libdir stamp b
  rv=$(/usr/bin/rustc -V)
  libdir=$(/usr/bin/rustc --print target-libdir --target $TARGET)
  stamp=$libdir/.wasm-sysroot-built-by
  if [ "$(cat "$stamp" 2>/dev/null)" != "$rv" ]; then
    say "building the wasm32 std once with $rv (-Zbuild-std)"
    b=$CC_TOOLS/sysroot-build
    rm -rf "$b"; mkdir -p "$b/src"; echo '#![no_std]' >"$b/src/lib.rs"
    printf '[package]\nname = "wasm-sysroot-dummy"\nversion = "0.0.0"\nedition = "2021"\n[profile.release]\nopt-level = 3\ncodegen-units = 1\n' >"$b/Cargo.toml"
    # embed-bitcode keeps the rlibs usable by crates built with lto = true.
    (cd "$b" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cembed-bitcode=yes" \
      /usr/bin/cargo build -q --release --target $TARGET -Zbuild-std=std,panic_abort,test)
    mkdir -p "$libdir"
    rm -f "$libdir"/lib*.rlib "$libdir"/lib*.rmeta
    find "$b/target/$TARGET/release/deps" \( -name '*.rlib' -o -name '*.rmeta' \) \
      ! -name 'libwasm_sysroot_dummy-*' -exec cp {} "$libdir/" \;
    echo "$rv" >"$stamp"
  fi
  rustup toolchain list | grep -q '^wasm-debian' || rustup toolchain link wasm-debian /usr
  WASM_RUSTUP_TOOLCHAIN=wasm-debian
}

# ---- lints for the native toolchain ------------------------------------------
if command -v rustup >/dev/null; then
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || timeout 120 rustup component add $c >&2 || true
  done
fi

# ---- wasm32 standard library --------------------------------------------------
WASM_RUSTUP_TOOLCHAIN=""
if [ "$WASM_TOOLCHAIN" != debian ] && command -v rustup >/dev/null; then
  if has_wasm_std || { timeout 120 rustup target add $TARGET >&2 && has_wasm_std; }; then
    WASM_RUSTUP_TOOLCHAIN=$(rustup show active-toolchain | awk '{print $1}')
  elif [ "$WASM_TOOLCHAIN" = rustup ]; then
    echo "rustup could not add $TARGET" >&2; exit 1
  fi
fi
[ -n "$WASM_RUSTUP_TOOLCHAIN" ] || { say "rustup has no $TARGET std; using the Debian route"; setup_debian_toolchain; }
has_wasm_std "$WASM_RUSTUP_TOOLCHAIN" || { echo "no wasm32 std for $WASM_RUSTUP_TOOLCHAIN" >&2; exit 1; }
export WASM_RUSTUP_TOOLCHAIN
WASM_CARGO="env RUSTUP_TOOLCHAIN=$WASM_RUSTUP_TOOLCHAIN cargo"
export WASM_CARGO

# ---- std sources for the wasm modules ----------------------------------------
# scripts/wasm-module.sh builds both modules with their own std, with panics that abort at once,
# the checker's optimised for size (-Zbuild-std): 24.6 KB gzipped off the checker, 5.1 KB off
# the identifier module. rustup's stable has no std sources here (rust-src cannot be
# downloaded), Debian's rustc-web has them; its unstable build options need RUSTC_BOOTSTRAP.
# WASM_BUILD_STD=0 builds with the prebuilt std.
BUILD_STD_CARGO=""
if [ "${WASM_BUILD_STD:-1}" = 1 ]; then
  if debian_rustc; then
    BUILD_STD_CARGO="env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo"
  else
    say "no std sources (Debian's rustc-web, rust-web-src): the wasm modules are built with the prebuilt std, ~30 KB gzipped larger"
  fi
fi
export BUILD_STD_CARGO

# ---- wasm-bindgen-cli at the version Cargo.lock pins ------------------------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' "$ROOT/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "cargo install wasm-bindgen-cli $WB_VERSION (about 3 minutes on 2 cores)"
  # Not --locked: that failed here on a lock entry the registry lacked.
  cargo install -q --root "$CC_TOOLS" wasm-bindgen-cli --version "=$WB_VERSION"
fi

# ---- wasm-opt from npm's binaryen ---------------------------------------------
if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_NPM_VERSION%%.*}"; then
  say "npm install binaryen@$BINARYEN_NPM_VERSION"
  npm install -s --no-audit --no-fund --prefix "$CC_TOOLS/npm" "binaryen@$BINARYEN_NPM_VERSION" >&2
fi

# ---- Node dependencies of the tests -------------------------------------------
if [ -f "$ROOT/tests/package-lock.json" ] &&
  ! cmp -s "$ROOT/tests/package-lock.json" "$ROOT/tests/node_modules/.credit-check-stamp" 2>/dev/null; then
  say "npm ci in tests/"
  (cd "$ROOT/tests" && npm ci -s --no-audit --no-fund >&2 && cp package-lock.json node_modules/.credit-check-stamp)
fi

# ---- Chromium for browser tests -----------------------------------------------
if [ "$WITH_BROWSER" = 1 ]; then
  apt_install chromium chromium-driver fonts-noto-cjk # CJK font: readable screenshots
  cat >"$CC_TOOLS/webdriver.json" <<'JSON'
{ "goog:chromeOptions": { "binary": "/usr/bin/chromium",
    "args": ["--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-quic"] } }
JSON
  export CHROMEDRIVER=/usr/bin/chromedriver
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON=$CC_TOOLS/webdriver.json
  export CHROMIUM=/usr/bin/chromium
fi
