"""What each group of the checker's exports costs, gzipped (issue 14; not a test).

For each group: the built module without those exports (removed from the export section), then
`wasm-opt -O3`, which drops the code and tables only they reached; the group costs the
difference from the module with everything, run through the same `wasm-opt`. Data segments stay
(wasm-opt cannot tell which static data a function reads), so what is left is code-exact and
data-conservative.

    python3 scripts/wasm-export-cost.py [pkg/wasm/credit_check_bg.wasm]

The last line is the module a deployment that only checks and looks up would need (the groups
in CHECK_ONLY_LEAVES_OUT left out), beside the checker's target: what is left when every other
feature goes.

Needs wasm-opt on PATH (`source scripts/setup.sh`).
"""
import os
import re
import subprocess
import sys
import tempfile

GROUPS = [
    ("the sharded source", r"^shardedsource_|^__wbg_shardedsource|^__wbg_shardquestion"),
    ("checks and re-checks", r"^snapshot_(check|checkQuestion|verifyRecord|catalogue)$"
     r"|^shardedsource_questionFor(Record|Request)$|^checkUnavailable$"),
    ("the identifier API", r"^(audit|checkCharacter|detect|status|statusBatch|statusLines|validate|validateAll)$"),
    ("screening", r"^snapshot_(screen|screenQuestion|buildNameIndex)$|^screenUnavailable$"
     r"|^shardedsource_questionForParties$"),
    ("lookups", r"^snapshot_(lookup|lookupLineBytes|lookupLines|lookupNumbers)$|^lookupUnavailable$"
     r"|^shardedsource_questionForCodes$"),
    ("key rotation and keyring JSON", r"^keyring_(acceptRotation|toJSON)$"),
    ("vocabulary", r"^vocabulary$"),
    ("a record shown", r"^snapshot_record$"),
]
CHECK_ONLY_LEAVES_OUT = ("the sharded source", "the identifier API", "screening",
                         "key rotation and keyring JSON", "a record shown")
FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
            "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"]


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def enc(n):
    out = bytearray()
    while True:
        x, n = n & 0x7F, n >> 7
        out.append(x | 0x80 if n else x)
        if not n:
            return bytes(out)


def without(module, pattern):
    """The module with the exports whose names match `pattern` removed."""
    pat = re.compile(pattern)
    out, i = bytearray(module[:8]), 8
    while i < len(module):
        sid = module[i]
        n, j = leb(module, i + 1)
        body = module[j:j + n]
        if sid == 7:  # the export section
            count, k = leb(body, 0)
            keep = []
            for _ in range(count):
                ln, k2 = leb(body, k)
                name = body[k2:k2 + ln].decode()
                _, k4 = leb(body, k2 + ln + 1)
                if not pat.search(name):
                    keep.append(body[k:k4])
                k = k4
            body = enc(len(keep)) + b"".join(keep)
        out += bytes([sid]) + enc(len(body)) + body
        i = j + n
    return bytes(out)


def gz(path):
    """`gzip -9` as scripts/budgets.sh measures (Python's zlib gives other figures)."""
    return len(subprocess.run(["gzip", "-9", "-c", path], check=True, capture_output=True).stdout)


def optimised_gz(module, tmp):
    src, dst = os.path.join(tmp, "in.wasm"), os.path.join(tmp, "out.wasm")
    open(src, "wb").write(module)
    subprocess.run(["wasm-opt", "-O3", *FEATURES, src, "-o", dst], check=True)
    return gz(dst)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "pkg/wasm/credit_check_bg.wasm"
    module = open(path, "rb").read()
    with tempfile.TemporaryDirectory() as tmp:
        whole = optimised_gz(module, tmp)
        print(f"{path}: {gz(path):,} B gzipped as built; {whole:,} through wasm-opt again")
        print(f"{'left out':<34} {'without':>10} {'costs':>9}")
        for name, pattern in GROUPS:
            left = optimised_gz(without(module, pattern), tmp)
            print(f"{name:<34} {left:>10,} {whole - left:>9,}")
        every = "|".join(p for _, p in GROUPS)
        left = optimised_gz(without(module, every), tmp)
        print(f"{'all of the above':<34} {left:>10,} {whole - left:>9,}")
        # The smallest checker a portal that only checks suppliers could use: loading,
        # verifying, status, checks with their re-runs, lookups and the vocabulary kept.
        only = "|".join(p for name, p in GROUPS if name in CHECK_ONLY_LEAVES_OUT)
        left = optimised_gz(without(module, only), tmp)
        print(f"{'kept: checks, lookups, vocabulary':<34} {left:>10,}   (target 256,000: {'met' if left <= 256_000 else 'NOT MET'})")


if __name__ == "__main__":
    main()
