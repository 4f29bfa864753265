#!/usr/bin/env python3
"""Design figures for issue 14 (not a test): how much logic the bindings and the JS wrapper
carry, how many copies of the vocabulary exist outside the Rust core, how many error schemes
the core has, and the longest functions under src/ (generated tables aside).

    python3 scripts/design-figures.py [--root DIR] [--top N]

Definitions (heuristics, the same for before and after):
- logic line: a non-blank, non-comment line of src/wasm/*.rs or pkg/*.js with a branch or a loop
  (if/else/match arm/for/while/loop/switch/case/ternary/try/catch) — forwarding code has none.
- vocabulary copy: a table entry outside src/, data/ and generated pkg/wasm/ — a line mapping a
  list type's id to its name, a decision id to a display text, or a check-digit weight table.
- error scheme: a public error type (one that implements std::error::Error) under src/ that does not implement the one
  `CodedError` design (src/error.rs), counted with that design itself as one.
"""
import argparse, os, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
ap.add_argument("--top", type=int, default=8)
a = ap.parse_args()
R = os.path.abspath(a.root)

def files(d, exts, skip=()):
    out = []
    for dp, dn, fn in os.walk(os.path.join(R, d)):
        dn[:] = [x for x in dn if x not in ("node_modules", "wasm", "target") and not any(s in os.path.join(dp, x) for s in skip)]
        for f in fn:
            if f.endswith(exts):
                out.append(os.path.join(dp, f))
    return sorted(out)

def code_lines(path):
    """Non-blank lines with comments and string contents blanked (rough, language-agnostic)."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    out = []
    for line in text.split("\n"):
        s = re.sub(r"//.*$", "", line)
        s = re.sub(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`(?:\\.|[^`\\])*`", '""', s)
        out.append(s)
    return out

LOGIC = re.compile(r"\b(if|else|match|for|while|loop|switch|case|try|catch)\b|=>|\?\s*[^.:;?]+\s:\s|\|\||&&")
def logic(paths):
    tot = lg = 0
    for p in paths:
        for s in code_lines(p):
            if not s.strip():
                continue
            tot += 1
            if LOGIC.search(s) and not re.search(r"=>\s*\{?\s*$", s) or re.search(r"\b(if|for|while|switch|match)\b", s):
                lg += 1
    return tot, lg

wasm = files("src/wasm", (".rs",))
js = [p for p in files("pkg", (".js", ".mjs")) if "/test/" not in p]
wt, wl = logic(wasm)
jt, jl = logic(js)
print(f"bindings src/wasm/*.rs: {wt} code lines, {wl} logic lines ({len(wasm)} files)")
print(f"wrapper pkg/*.js: {jt} code lines, {jl} logic lines ({len(js)} files)")

# ---- vocabulary copies -------------------------------------------------------------------
# A copy is a table: a line that maps a list type's id to its name (Chinese or English), a
# decision id to a display text (`block: '不予通过'`, `invalidInput: [...]`), or a check-digit
# weight table. Prose that mentions a list by name (page text, demo notes, law titles) is not.
list_types = []
lt = os.path.join(R, "data/catalogue/v2/list_types.tsv")
if os.path.exists(lt):
    rows = [l.rstrip("\n").split("\t") for l in open(lt, encoding="utf-8") if l.strip()]
    list_types = [(r[0], r[1], r[2]) for r in rows[1:] if len(r) > 2]
DECISIONS = ["block", "review", "pass", "stale", "notCovered", "invalidInput", "unavailable", "error"]
decision_entry = re.compile(r"(?:^|[{,\s])['\"]?(%s)['\"]?\s*:\s*[\['\"`]" % "|".join(DECISIONS))
weights = ["1, 3, 9, 27, 19", "3, 7, 9, 10, 5, 8, 4, 2", "7, 9, 10, 5, 8, 4, 2, 1, 6, 3"]
cands = files("pkg", (".js", ".mjs")) + files("www", (".js", ".html")) + files("scripts", (".js", ".mjs", ".sh"))
cands = [p for p in cands if "/test/" not in p and "/demo-data/" not in p and "/bench/" not in p]
copies = []
for p in cands:
    n = 0
    for line in open(p, encoding="utf-8"):
        if any(i in line and (zh in line or en.lower() in line.lower()) for i, zh, en in list_types):
            n += 1
        elif decision_entry.search(line) and re.search(r"[\u4e00-\u9fff]|[A-Z][a-z]+ [a-z]", line):
            n += 1
        elif any(w in line for w in weights):
            n += 1
    if n:
        copies.append((os.path.relpath(p, R), n))
print(f"vocabulary copies outside the core: {sum(n for _, n in copies)} table entries in {len(copies)} files"
      + "".join(f"\n  {f} ({n})" for f, n in copies))

# ---- error schemes -----------------------------------------------------------------------
src = files("src", (".rs",), skip=("/bin",))
types, coded, errors = [], set(), set()
for p in src:
    t = open(p, encoding="utf-8").read()
    errors.update(re.findall(r"impl\s+(?:std::error::)?Error\s+for\s+(\w+)", t))
for p in src:
    t = open(p, encoding="utf-8").read()
    for m in re.finditer(r"pub (?:struct|enum) (\w*(?:Error|Problem|Invalid))\b", t):
        if m.group(1) in errors:  # an error type, not a result entry that lists problems
            types.append((m.group(1), os.path.relpath(p, R)))
    for m in re.finditer(r"impl\s+(?:crate::error::)?CodedError\s+for\s+(\w+)", t):
        coded.add(m.group(1))
design = os.path.exists(os.path.join(R, "src/error.rs"))
outside = [(n, f) for n, f in types if n not in coded]
print(f"error types: {len(types)}; on the one design (CodedError): {len(coded)}; outside it: {len(outside)}"
      + "".join(f"\n  {n} ({f})" for n, f in outside))
print(f"error schemes: {(1 if design and coded else 0) + len(outside)}")

# ---- function lengths --------------------------------------------------------------------
fns = []
for p in files("src", (".rs",)):
    if p.endswith("_table.rs"):
        continue
    lines = code_lines(p)
    i = 0
    while i < len(lines):
        m = re.search(r"\bfn\s+(\w+)", lines[i])
        if m:
            # find the opening brace of the body (or a `;` for a declaration)
            j, depth, start = i, 0, None
            while j < len(lines):
                s = lines[j]
                if start is None:
                    k = s.find("{", m.end() if j == i else 0)
                    semi = s.find(";", m.end() if j == i else 0)
                    if semi != -1 and (k == -1 or semi < k):
                        break
                    if k == -1:
                        j += 1
                        continue
                    start = j
                    s = s[k:]
                depth += s.count("{") - s.count("}")
                if depth <= 0:
                    fns.append((j - i + 1, m.group(1), os.path.relpath(p, R), i + 1))
                    break
                j += 1
        i += 1
fns.sort(reverse=True)
over = [f for f in fns if f[0] > 100]
print(f"functions under src/ (generated tables aside): {len(fns)}; longer than 100 lines: {len(over)}")
for n, name, f, l in fns[: a.top]:
    print(f"  {n:4d} lines  {name}  {f}:{l}")
