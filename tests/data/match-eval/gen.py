#!/usr/bin/env python3
"""Generate the entity-matching evaluation set: records.jsonl and cases.jsonl.

    python3 tests/data/match-eval/gen.py           # rewrite both files (byte-identical every run)
    python3 tests/data/match-eval/gen.py --check   # exit 1 when the committed files are stale

Python 3.11, standard library only, fixed seed. Every label is correct by construction and
then re-derived by the independent checks at the end of this file (`self_check`): identifier
agreement is recomputed from the codes, name labels from a conservative reference normaliser.
See README.md in this directory for the schema, the labelling rules and how the regression
test uses the set.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261127

# ---------------------------------------------------------------------------------------------
# Check characters (GB 32100, GB 11714, ISO 7064 MOD 11-2, ISO 7064 MOD 11,10)
# ---------------------------------------------------------------------------------------------

USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check(body17: str) -> str:
    s = sum(USCC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    c = 31 - s % 31
    return USCC_ALPHA[0 if c == 31 else c]


def org_check(body8: str) -> str:
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    val = lambda c: int(c) if c.isdigit() else ord(c) - ord("A") + 10  # noqa: E731
    c = 11 - sum(val(ch) * x for ch, x in zip(body8, w)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def id_check(body17: str) -> str:
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * x for c, x in zip(body17, w)) % 11]


def reg_check(body14: str) -> str:
    p = 10
    for ch in body14:
        s = (p + int(ch)) % 10 or 10
        p = s * 2 % 11
    return str((11 - p) % 10)


assert uscc_check("91110108551385082") == "Q"
assert org_check("55138508") == "2"
assert id_check("11010519491231002") == "X"
assert reg_check("11010801266042") == "2"

# ---------------------------------------------------------------------------------------------
# Regions (current GB/T 2260 county-level codes) and their authorities
# ---------------------------------------------------------------------------------------------


def region(code, prov, prov_full, city, city_full, county, county_full, abbr, court, finance,
           tax_prov, tax_city, customs):
    return dict(code=code, prov=prov, provFull=prov_full, city=city, cityFull=city_full,
                county=county, countyFull=county_full, abbr=abbr, court=court, finance=finance,
                taxProv=tax_prov, taxCity=tax_city, customs=customs)


REGIONS = [
    region("350102", "福建", "福建省", "福州", "福州市", "鼓楼区", "福州市鼓楼区", "闽", "福州市鼓楼区人民法院",
           "福建省财政厅", "国家税务总局福建省税务局", "国家税务总局福州市税务局", "福州海关"),
    region("350203", "福建", "福建省", "厦门", "厦门市", "思明区", "厦门市思明区", "闽", "厦门市思明区人民法院",
           "厦门市财政局", "国家税务总局厦门市税务局", "国家税务总局厦门市税务局", "厦门海关"),
    region("350206", "福建", "福建省", "厦门", "厦门市", "湖里区", "厦门市湖里区", "闽", "厦门市湖里区人民法院",
           "厦门市财政局", "国家税务总局厦门市税务局", "国家税务总局厦门市税务局", "厦门海关"),
    region("350503", "福建", "福建省", "泉州", "泉州市", "丰泽区", "泉州市丰泽区", "闽", "泉州市丰泽区人民法院",
           "福建省财政厅", "国家税务总局福建省税务局", "国家税务总局泉州市税务局", "泉州海关"),
    region("350582", "福建", "福建省", "泉州", "泉州市", "晋江市", "晋江市", "闽", "晋江市人民法院",
           "福建省财政厅", "国家税务总局福建省税务局", "国家税务总局泉州市税务局", "泉州海关"),
    region("110108", "北京", "北京市", "北京", "北京市", "海淀区", "北京市海淀区", "京", "北京市海淀区人民法院",
           "北京市财政局", "国家税务总局北京市税务局", "国家税务总局北京市税务局", "北京海关"),
    region("110105", "北京", "北京市", "北京", "北京市", "朝阳区", "北京市朝阳区", "京", "北京市朝阳区人民法院",
           "北京市财政局", "国家税务总局北京市税务局", "国家税务总局北京市税务局", "北京海关"),
    region("440305", "广东", "广东省", "深圳", "深圳市", "南山区", "深圳市南山区", "粤", "深圳市南山区人民法院",
           "深圳市财政局", "国家税务总局深圳市税务局", "国家税务总局深圳市税务局", "深圳海关"),
    region("440106", "广东", "广东省", "广州", "广州市", "天河区", "广州市天河区", "粤", "广州市天河区人民法院",
           "广东省财政厅", "国家税务总局广东省税务局", "国家税务总局广州市税务局", "广州海关"),
    region("310115", "上海", "上海市", "上海", "上海市", "浦东新区", "上海市浦东新区", "沪", "上海市浦东新区人民法院",
           "上海市财政局", "国家税务总局上海市税务局", "国家税务总局上海市税务局", "上海海关"),
    region("330106", "浙江", "浙江省", "杭州", "杭州市", "西湖区", "杭州市西湖区", "浙", "杭州市西湖区人民法院",
           "浙江省财政厅", "国家税务总局浙江省税务局", "国家税务总局杭州市税务局", "杭州海关"),
]
REG = {r["code"]: r for r in REGIONS}
# Fujian carries most of the weight, as the project's users do.
REGION_WEIGHTS = [16, 10, 8, 7, 8, 6, 5, 6, 4, 4, 4]

# Region words the reference normaliser strips from the front of a name (longest first).
REGION_WORDS = sorted({w for r in REGIONS for w in (r["prov"], r["provFull"], r["city"], r["cityFull"],
                                                     r["county"])}, key=lambda w: (-len(w), w))

# Extra address codes for ID numbers (current divisions).
ID_ADDRESS = [r["code"] for r in REGIONS] + ["350103", "350104", "350121", "350181", "350521", "350583",
                                              "350211", "110101", "110102", "440304", "330102", "310104"]

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

TRADES = ["贸易", "商贸", "科技", "网络科技", "电子科技", "信息技术", "建设工程", "建筑工程", "装饰工程", "实业",
          "投资", "机械设备", "物流", "供应链管理", "食品", "医药", "房地产开发", "新能源科技", "环保科技",
          "文化传媒", "劳务服务", "汽车销售服务", "纺织服装", "进出口"]
TRADE_WEIGHTS = [12, 6, 12, 6, 5, 4, 8, 3, 4, 6, 3, 4, 4, 3, 3, 2, 3, 3, 2, 3, 2, 2, 2, 3]
BIZ_TYPES = ["五金店", "百货商行", "建材经营部", "服装店", "茶叶店", "汽车维修部", "水果店", "餐饮店", "便利店",
             "电器商行"]

# Words that say nothing about which company it is: region words (above), trade words and forms.
GENERIC_TOKENS = sorted({
    "贸易", "商贸", "科技", "网络", "电子", "信息", "技术", "建设", "建筑", "工程", "装饰", "实业", "投资", "机械",
    "设备", "物流", "供应链", "管理", "食品", "医药", "房地产", "开发", "新能源", "环保", "文化", "传媒", "劳务",
    "服务", "汽车", "销售", "纺织", "服装", "进出口", "国际", "集团", "发展", "五金", "百货", "建材", "茶叶",
    "水果", "餐饮", "便利", "电器", "维修", "店", "商行", "经营部", "部", "控股",
}, key=lambda w: (-len(w), w))

FORMS = ["股份有限公司", "有限责任公司", "有限公司", "公司"]

FIRST = "华鑫恒博瑞宏永金天德嘉众凯盛锦鸿新联佳远星腾飞乐万荣辉鹏泰康翔骏晟隆昌盈源浩优协宝顺丽龙凤汇创润亿富兆伟明东银铭硕绿圣亚赛冠扬标"
SECOND = "兴达通远丰图盛桥宇纳润禾程运创辉泰源腾昌隆发祥瑞鑫华诚信益利成和美佳航锋汇顺荣晟鹏宏旺辰邦力捷拓"
BRANDS = {"联通", "宏发", "华联", "万通", "国泰", "永达", "万达", "恒大", "华润", "美的", "中信", "万科", "宝龙", "华发", "鸿图", "华为", "联发", "恒通", "博睿",
          "安捷", "云帆", "新华", "东华", "永辉", "盈信", "金桥", "明华", "东方"}

# Look-alike or sound-alike characters: the near misses of a 字号 (one character different).
CONFUSE = {
    "兴": "星新", "达": "大答", "通": "同桐", "远": "源元", "丰": "峰风", "图": "途", "盛": "胜", "桥": "乔",
    "宇": "雨禹", "纳": "娜那", "润": "闰", "禾": "和", "程": "成", "运": "韵", "创": "闯", "辉": "晖挥",
    "泰": "太", "源": "元", "腾": "藤", "昌": "常倡", "隆": "龙", "发": "法", "祥": "翔", "瑞": "锐", "鑫": "新欣",
    "华": "化桦", "诚": "成城", "信": "欣", "益": "逸奕", "利": "立力", "成": "城", "和": "合", "美": "梅",
    "佳": "家", "航": "行", "锋": "峰", "汇": "惠慧", "顺": "舜", "荣": "容蓉", "晟": "胜", "鹏": "朋",
    "宏": "弘洪", "旺": "望", "辰": "晨宸", "邦": "帮", "力": "立", "捷": "杰", "拓": "托", "恒": "衡",
    "博": "搏铂", "永": "咏", "金": "今", "天": "添", "德": "得", "嘉": "佳", "众": "忠", "凯": "楷铠",
    "锦": "金", "鸿": "洪", "新": "欣", "联": "连", "星": "新", "飞": "菲", "乐": "力", "万": "旺", "康": "慷",
    "翔": "祥", "骏": "俊", "亿": "艺", "富": "福", "兆": "照", "伟": "玮", "明": "铭", "东": "冬", "银": "寅",
    "铭": "明", "硕": "朔", "绿": "律", "圣": "胜", "亚": "雅", "赛": "塞", "冠": "贯", "扬": "阳杨", "标": "彪",
    "宝": "保", "丽": "立", "龙": "隆", "凤": "峰", "优": "友", "协": "谐", "浩": "皓", "盈": "赢", "安": "岸",
}

SURNAMES = "陈林黄张王李刘吴郑杨许谢蔡何罗卢苏叶邓梁冯赵周孙马胡郭高徐朱"
GIVEN = "建华国伟丽芳敏静强军杰涛明辉玲燕红霞平志勇斌俊鹏秀英兰凤梅娟丹雪峰磊超婷龙海清文荣春东"

# Simplified -> traditional, one character each, only characters whose traditional form is
# unambiguous (no 发/髮, 里/裡, 台/臺 pitfalls in the words used here). Folding back is OpenCC's
# TSCharacters first candidate for every pair (checked against src/names/t2s_table.rs).
S2T_PAIRS = (
    "华華兴興贸貿达達东東广廣门門厦廈电電气氣机機设設网網络絡业業实實饰飾装裝汇匯丰豐龙龍"
    "凤鳳宝寶顺順丽麗长長远遠运運输輸产產农農医醫药藥务務询詢环環资資进進纺紡织織饮飲车車"
    "维維闽閩楼樓区區县縣晋晉湾灣云雲数數据據软軟发發责責鸿鴻图圖锦錦联聯创創凯凱众眾纳納"
    "润潤桥橋腾騰飞飛讯訊乐樂园園庆慶万萬荣榮辉輝鹏鵬阳陽骏駿驰馳泽澤为為优優质質选選协協"
    "会會团團际際专專线線销銷货貨仓倉储儲链鏈厂廠苏蘇陈陳黄黃张張刘劉吴吳郑鄭杨楊许許谢謝"
    "罗羅卢盧叶葉邓鄧冯馮赵趙孙孫马馬国國伟偉静靜强強军軍杰傑涛濤红紅兰蘭筑築传傳劳勞应應"
    "备備术術开開经經营營亿億诚誠绿綠圣聖亚亞赛賽扬揚标標银銀铭銘硕碩门門"
)
S2T = {}
for _i in range(0, len(S2T_PAIRS), 2):
    _s, _t = S2T_PAIRS[_i], S2T_PAIRS[_i + 1]
    if _s != _t:
        S2T[_s] = _t
T2S = {t: s for s, t in S2T.items()}
assert len(T2S) == len(S2T), "traditional forms must be distinct"


def to_trad(s: str) -> str:
    return "".join(S2T.get(c, c) for c in s)


def trad2(s: str, least: int = 2) -> str | None:
    """`s` in traditional characters, or None when fewer than `least` characters change."""
    t = to_trad(s)
    return t if sum(a != b for a, b in zip(s, t)) >= least else None


FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def to_fullwidth(s: str) -> str:
    return "".join(FW.get(c, c) for c in s).replace(" ", "\u3000")


# ---------------------------------------------------------------------------------------------
# The reference normaliser used by the self-check (conservative, not the matcher's)
# ---------------------------------------------------------------------------------------------


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = "".join(T2S.get(c, c) for c in s)
    return s.upper()


_BRACKET_REGION = re.compile(r"\((?:" + "|".join(REGION_WORDS) + r")\)")
_KEEP = re.compile(r"[^0-9A-Z\u4e00-\u9fff]")


def core(name: str) -> str:
    """Region words, company form, brackets, spaces and punctuation removed."""
    s = fold(name)
    s = _BRACKET_REGION.sub("", s)
    s = _KEEP.sub("", s)
    for f in FORMS:
        if s.endswith(f):
            s = s[: -len(f)]
            break
    changed = True
    while changed:
        changed = False
        for w in REGION_WORDS:
            if s.startswith(w) and len(s) > len(w):
                s = s[len(w):]
                changed = True
                break
    return s


def branch_parent(name: str) -> str | None:
    """The parent company's name of a branch name (…公司厦门分公司), else None."""
    s = _KEEP.sub("", fold(name))
    if not s.endswith("分公司"):
        return None
    s = s[: -len("分公司")]
    for w in REGION_WORDS:
        if s.endswith(w):
            return s[: -len(w)]
    return None


def is_generic(c: str) -> bool:
    """Whether a core is made only of trade words (region words and form already gone)."""
    if not c:
        return True
    ok = [True] + [False] * len(c)
    for i in range(len(c)):
        if ok[i]:
            for t in GENERIC_TOKENS:
                if c.startswith(t, i):
                    ok[i + len(t)] = True
    return ok[len(c)]


# ---------------------------------------------------------------------------------------------
# Generation state
# ---------------------------------------------------------------------------------------------

rng = random.Random(SEED)
used_org: set[str] = set()
used_reg: set[str] = set()
used_id: set[str] = set()
used_zh: set[str] = set()
used_person: set[str] = set()


def pick_region(fujian_only: bool = False) -> dict:
    regs = REGIONS[:5] if fujian_only else REGIONS
    w = REGION_WEIGHTS[:5] if fujian_only else REGION_WEIGHTS
    return rng.choices(regs, weights=w)[0]


def new_org_body(legacy: bool) -> str:
    while True:
        if legacy:
            b = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(7))
        else:
            b = "MA" + "".join(rng.choice(USCC_ALPHA) for _ in range(6))
        if b not in used_org:
            used_org.add(b)
            return b


def make_uscc(div: str, cat: str = "91", legacy: bool = False, body: str | None = None) -> str:
    b = body or new_org_body(legacy)
    s = cat + div + b + org_check(b)
    return s + uscc_check(s)


def new_reg(div: str) -> str:
    while True:
        b = div + "".join(rng.choice("0123456789") for _ in range(8))
        r = b + reg_check(b)
        if r not in used_reg:
            used_reg.add(r)
            return r


def new_id(want_x: bool | None = None) -> str:
    while True:
        addr = rng.choice(ID_ADDRESS)
        d = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
        b = addr + d.strftime("%Y%m%d") + f"{rng.randrange(1, 1000):03d}"
        i = b + id_check(b)
        if want_x is not None and (i.endswith("X") != want_x):
            continue
        if i not in used_id:
            used_id.add(i)
            return i


def new_person_name() -> str:
    while True:
        n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2, 2))))
        if n not in used_person and len(set(n)) == len(n):
            used_person.add(n)
            return n


def zh_ok(z: str) -> bool:
    return (z not in used_zh and z not in BRANDS and len(set(z)) == len(z)
            and not any(z.startswith(w) or w in z for w in REGION_WORDS)
            and not is_generic(z) and not any(t in z for t in GENERIC_TOKENS if len(t) > 1))


def new_zh(length: int = 2) -> str:
    while True:
        z = rng.choice(FIRST) + rng.choice(SECOND)
        if length == 3:
            z += rng.choice(SECOND)
        if zh_ok(z):
            used_zh.add(z)
            return z


def company_name(r: dict, zh: str, trade: str, form: str, style: str) -> str:
    if style == "city":
        return r["city"] + zh + trade + form
    if style == "cityFull":
        return r["cityFull"] + zh + trade + form
    if style == "prov":
        return r["prov"] + zh + trade + form
    if style == "bracket":
        return zh + trade + "（" + r["prov"] + "）" + form
    if style == "none":
        return zh + trade + form
    if style == "group":
        return r["city"] + zh + "（集团）有限公司"
    raise ValueError(style)


ENTITIES: list[dict] = []


def entity(**kw) -> dict:
    e = dict(former=[], uscc=None, org=None, orgField=False, reg=None, idn=None, masked=None, rep=None,
             persons=[], trade=None, form=None, style=None, zh=None, tags=set())
    e.update(kw)
    ENTITIES.append(e)
    return e


def pick_form() -> str:
    return rng.choices(["有限公司", "有限责任公司", "股份有限公司"], weights=[70, 22, 8])[0]


def pick_trade() -> str:
    return rng.choices(TRADES, weights=TRADE_WEIGHTS)[0]


def rep_for(kind: str) -> dict | None:
    x = rng.random()
    if x < 0.65:
        return {"name": new_person_name(), "idNumber": new_id()}
    if x < 0.85:
        return {"name": new_person_name()}
    return None


def legal_entity(style: str, *, r: dict | None = None, zh: str | None = None, trade: str | None = None,
                 form: str | None = None, ids: str = "uscc", legacy: bool | None = None, tags=()) -> dict:
    r = r or pick_region()
    zh = zh or new_zh(3 if rng.random() < 0.12 else 2)
    trade = trade or pick_trade()
    form = form or pick_form()
    if style == "group":
        form = "有限公司"
    if style == "bracket" and form == "股份有限公司":
        form = "有限公司"
    name = company_name(r, zh, trade if style != "group" else "", form, style)
    e = entity(kind="legalEntity", region=r, zh=zh, trade=None if style == "group" else trade,
               form="（集团）有限公司" if style == "group" else form, style=style, name=name,
               rep=rep_for("legalEntity"), tags=set(tags))
    if legacy is None:
        legacy = rng.random() < 0.45
    if "uscc" in ids:
        e["uscc"] = make_uscc(r["code"], "91", legacy)
        e["org"] = e["uscc"][8:17]
    if ids == "org":
        b = new_org_body(True)
        e["org"] = b + org_check(b)
        e["orgField"] = True
    if "reg" in ids:
        e["reg"] = new_reg(r["code"])
    return e


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

# Pool A: ordinary legal entities with a USCC.
STYLE_PLAN = (["city"] * 38 + ["cityFull"] * 20 + ["prov"] * 14 + ["bracket"] * 10 + ["none"] * 8
              + ["group"] * 6)
POOL_A = []
for i, st in enumerate(STYLE_PLAN):
    r = pick_region()
    if st in ("prov", "bracket") and r["prov"] == r["city"]:
        r = pick_region(fujian_only=True)
    with_org = i % 7 == 3  # a USCC and the legacy organisation code inside it
    with_reg = i % 19 == 5  # a USCC and the legacy registration number
    e = legal_entity(st, r=r, ids="uscc+reg" if with_reg else "uscc", legacy=True if with_org else None,
                     tags={"A"})
    if with_org:
        e["orgField"] = True
    POOL_A.append(e)

# Former names (曾用名): renamed companies. Half changed the 字号, half the trade words or region.
for i, e in enumerate([e for e in POOL_A if e["style"] in ("city", "cityFull", "prov")][::5][:14]):
    r = e["region"]
    if i % 2 == 0:
        old_zh = new_zh()
        old = company_name(r, old_zh, e["trade"], e["form"], "city")
    else:
        old_trade = next(t for t in TRADES[i:] + TRADES if t != e["trade"] and not t.endswith(e["trade"])
                         and not e["trade"].endswith(t))
        old = company_name(r, e["zh"], old_trade, "有限公司", "cityFull")
    assert core(old) != core(e["name"])
    e["former"] = [old]
    e["formerStyle"] = "city" if i % 2 == 0 else "cityFull"
    e["tags"].add("former")

# Names with Latin letters or digits (their full-width forms are typed too).
POOL_LAT = []
for code, zh_cn, latin, trade, style in [("440305", "博睿", "AI", "科技", "cityFull"),
                                         ("350102", "安捷", "e购", "商贸", "city"),
                                         ("350203", "云帆", "IT", "服务", "cityFull"),
                                         ("310115", "恒通", "3D", "打印科技", "city")]:
    used_zh.add(zh_cn)
    e = legal_entity(style, r=REG[code], zh=zh_cn + latin, trade=trade, form="有限公司", tags={"latin"})
    POOL_LAT.append(e)

# Namesakes: the same name registered twice, in different places (different USCCs).
POOL_NS = []
for (c1, c2), style in [(("350102", "350203"), "prov"), (("110108", "440305"), "none"),
                        (("350582", "350503"), "bracket"), (("310115", "330106"), "none"),
                        (("350206", "350102"), "prov"), (("440106", "350203"), "none")]:
    zh, trade, form = new_zh(), pick_trade(), rng.choice(["有限公司", "有限责任公司"])
    a = legal_entity(style, r=REG[c1], zh=zh, trade=trade, form=form, tags={"namesake"})
    b = legal_entity(style, r=REG[c2], zh=zh, trade=trade, form=form, tags={"namesake"})
    if style in ("prov", "bracket"):
        b["name"] = a["name"]  # the same name (province prefix) registered again elsewhere
    assert a["name"] == b["name"]
    a["twin"], b["twin"] = b, a
    POOL_NS += [a, b]

# Listed branches (分公司) with their own USCC; the parent is not listed.
POOL_BR = []
for _ in range(10):
    pr = pick_region()
    pstyle = rng.choice(["prov", "city", "cityFull", "none"]) if pr["prov"] != pr["city"] else rng.choice(
        ["city", "cityFull", "none"])
    zh, trade, form = new_zh(), rng.choice(["建设工程", "建筑工程", "物流", "医药", "贸易", "装饰工程", "劳务服务"]), pick_form()
    parent = company_name(pr, zh, trade, form, pstyle)
    br = rng.choice([x for x in REGIONS if x["city"] != pr["city"]])
    e = entity(kind="legalEntity", region=br, zh=zh, trade=trade, form=form, style="branch",
               name=parent + br["city"] + "分公司", parent=parent, parentRegion=pr, rep=rep_for("legalEntity"),
               tags={"branch"})
    e["uscc"] = make_uscc(br["code"], "91", False)
    e["org"] = e["uscc"][8:17]
    POOL_BR.append(e)

# Keyed only by a legacy organisation code.
POOL_OC = [legal_entity(rng.choice(["city", "cityFull", "prov"]), r=pick_region(fujian_only=True), ids="org",
                        tags={"orgOnly"}) for _ in range(14)]

# Keyed only by a registration number (legal entities and individual businesses).
POOL_RN = [legal_entity(rng.choice(["city", "cityFull"]), ids="reg", tags={"regOnly"}) for _ in range(10)]


def individual_business(ids: str, tags) -> dict:
    r = pick_region(fujian_only=rng.random() < 0.8)
    if rng.random() < 0.3:
        zh = rng.choice(SURNAMES) + "记"
        while zh in used_zh:
            zh = rng.choice(SURNAMES) + "记"
        used_zh.add(zh)
    else:
        zh = new_zh()
    biz = rng.choice(BIZ_TYPES)
    name = r["countyFull"] + zh + biz
    e = entity(kind="individualBusiness", region=r, zh=zh, trade=biz, form="", style="ib", name=name,
               rep={"name": new_person_name(), "idNumber": new_id()}, tags=set(tags))
    if ids == "uscc":
        e["uscc"] = make_uscc(r["code"], "92", False)
        e["org"] = e["uscc"][8:17]
    elif ids == "reg":
        e["reg"] = new_reg(r["code"])
    return e


POOL_RN += [individual_business("reg", {"regOnly"}) for _ in range(4)]
POOL_IB = [individual_business("uscc", {"ib"}) for _ in range(14)]

# Name only (old entries without a code).
POOL_NO = [legal_entity(rng.choice(["city", "cityFull", "prov"]), r=pick_region(fujian_only=True), ids="",
                        tags={"nameOnly"}) for _ in range(6)]
POOL_NO += [individual_business("", {"nameOnly"}) for _ in range(2)]

# Natural persons.
POOL_P = []
for i in range(44):
    e = entity(kind="naturalPerson", region=None, name=new_person_name(), idn=new_id(want_x=(i % 6 == 0)),
               tags={"person"})
    POOL_P.append(e)

# ---------------------------------------------------------------------------------------------
# List entries
# ---------------------------------------------------------------------------------------------

LE_LISTS = [("LT-SXBZXR", 28), ("LT-JYYC", 16), ("LT-ZFCG", 8), ("LT-ZDSS", 8), ("RL-NSA", 12), ("LT-XGXF", 4),
            ("LT-SCJG-YZ", 4), ("LT-NMG", 4), ("LT-HB", 3), ("RL-SAMR-A", 4), ("RL-AEO", 3)]
IB_LISTS = [("LT-SXBZXR", 45), ("LT-JYYC", 45), ("RL-NSA", 10)]
NP_LISTS = [("LT-SXBZXR", 75), ("LT-XGXF", 25)]
REASONS = {
    "LT-SXBZXR": ["有履行能力而拒不履行生效法律文书确定义务", "违反财产报告制度", "违反限制消费令",
                  "以伪造证据、暴力、威胁等方法妨碍、抗拒执行"],
    "LT-XGXF": ["未按执行通知书指定的期间履行生效法律文书确定的给付义务"],
    "LT-ZFCG": ["提供虚假材料谋取中标、成交", "与采购人、其他供应商或者采购代理机构恶意串通"],
    "LT-ZDSS": ["虚开增值税专用发票", "偷税", "逃避追缴欠税"],
    "LT-JYYC": ["未按照规定的期限公示年度报告", "通过登记的住所或者经营场所无法联系",
                "公示企业信息隐瞒真实情况、弄虚作假"],
    "LT-SCJG-YZ": ["提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得市场主体登记"],
    "LT-NMG": ["克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准"],
    "LT-HB": ["超标排放污染物被按日连续处罚"],
    "RL-NSA": ["纳税信用评价为A级"],
    "RL-SAMR-A": ["企业信用风险分类为A类（信用风险低）"],
    "RL-AEO": ["经海关认证为高级认证企业"],
}


def rand_date(lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange(0, (hi - lo).days + 1))


def add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def list_entry(e: dict) -> dict:
    kind = e["kind"]
    table = NP_LISTS if kind == "naturalPerson" else IB_LISTS if kind == "individualBusiness" else LE_LISTS
    lt = rng.choices([t for t, _ in table], weights=[w for _, w in table])[0]
    r = e["region"] or REG[rng.choice(["350102", "350203", "350582", "110108", "440305"])]
    if lt == "LT-ZFCG":
        listed = rand_date(dt.date(2024, 12, 1), dt.date(2025, 10, 31))
    else:
        listed = rand_date(dt.date(2016, 1, 1), dt.date(2025, 10, 31))
    y, n = listed.year, rng.randrange(10, 9999)
    out = {"listType": lt}
    court_no = f"（{y}）{r['abbr']}{r['code'][2:]}执{n}号"
    if lt in ("LT-SXBZXR", "LT-XGXF"):
        out.update(listingAuthority=r["court"], decisionNumber=court_no)
    elif lt == "LT-ZFCG":
        out.update(listingAuthority=r["finance"], decisionNumber=f"{r['abbr']}财采〔{y}〕{n % 200 + 1}号",
                   term={"maxEnd": add_years(listed, 3).isoformat()})
    elif lt == "LT-ZDSS":
        out.update(listingAuthority=r["taxCity"] + "稽查局", decisionNumber=f"{r['abbr']}税稽罚〔{y}〕{n % 500 + 1}号")
        if rng.random() < 0.5:
            out["creditClass"] = "D"
    elif lt == "LT-JYYC":
        out.update(listingAuthority=r["countyFull"] + "市场监督管理局",
                   decisionNumber=f"{r['abbr']}市监异〔{y}〕{n % 900 + 1}号")
    elif lt == "LT-SCJG-YZ":
        out.update(listingAuthority=r["provFull"] + "市场监督管理局",
                   decisionNumber=f"{r['abbr']}市监严〔{y}〕{n % 90 + 1}号", creditClass="D")
    elif lt == "LT-NMG":
        out.update(listingAuthority=r["cityFull"] + "人力资源和社会保障局",
                   decisionNumber=f"{r['abbr']}人社惩〔{y}〕{n % 60 + 1}号")
    elif lt == "LT-HB":
        out.update(listingAuthority=r["cityFull"] + "生态环境局", decisionNumber=f"{r['abbr']}环罚〔{y}〕{n % 300 + 1}号")
    elif lt == "RL-NSA":
        out.update(listingAuthority=r["taxProv"], creditClass="A")
    elif lt == "RL-SAMR-A":
        out.update(listingAuthority=r["countyFull"] + "市场监督管理局", creditClass="A")
    elif lt == "RL-AEO":
        out.update(listingAuthority=r["customs"], decisionNumber=f"AEOCN{r['code'][:4]}{rng.randrange(10**6, 10**7)}")
    out["listedAt"] = listed.isoformat()
    out["reason"] = rng.choice(REASONS[lt])
    return out


def persons_of(e: dict) -> list[dict]:
    """The persons named in an entity's entry: its legal representative, then the others."""
    out = [{"role": "legalRepresentative", **e["rep"]}] if e["rep"] else []
    return out + e["persons"]


def record_json(e: dict) -> dict:
    entry = list_entry(e)
    rec = {"entityKind": e["kind"]}
    if e["uscc"]:
        rec["uscc"] = e["uscc"]
    if e["orgField"]:
        rec["orgCode"] = e["org"][:8] + "-" + e["org"][8]
    if e["reg"]:
        rec["registrationNumber"] = e["reg"]
    if e["idn"]:
        rec["idNumber"] = e["idn"]
    if e["masked"]:
        rec["maskedIdNumber"] = e["masked"]
    rec["name"] = e["name"]
    if e["former"]:
        rec["formerNames"] = list(e["former"])
    rec["listType"] = entry["listType"]
    rec["listingAuthority"] = entry["listingAuthority"]
    if "decisionNumber" in entry:
        rec["decisionNumber"] = entry["decisionNumber"]
    rec["listedAt"] = entry["listedAt"]
    if "term" in entry:
        rec["term"] = entry["term"]
    rec["status"] = "active"
    rec["reason"] = entry["reason"]
    if "creditClass" in entry:
        rec["creditClass"] = entry["creditClass"]
    if e["kind"] != "naturalPerson" and (e["rep"] or e["persons"]):
        rec["relatedPersons"] = persons_of(e)
    return rec


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

CASES: list[dict] = []
PREFIX = {"identifier": "id", "derivedOrgCode": "oc", "registrationNumber": "rn", "idNumber": "pid",
          "legalRepId": "lri", "legalRepName": "lrn", "nameVariant": "v", "namesake": "ns", "branch": "br",
          "generic": "gn", "unrelated": "un", "relatedPerson": "rp", "branchOwnCode": "bc", "region": "rg",
          "maskedId": "mk", "extraTradeWord": "tw"}
# The categories of issue 13; the others are the original set.
NEW_CATEGORIES = ("relatedPerson", "branchOwnCode", "region", "maskedId", "extraTradeWord")


def case(category: str, query: dict, e: dict, expect: str, kind: str | None, note: str,
         words: list[str] | None = None) -> None:
    q = {k: query[k] for k in ("name", "code", "legalRepName", "legalRepId", "personName", "personId")
         if query.get(k) is not None}
    CASES.append(dict(category=category, query=q, entity=e, expect=expect, kind=kind, note=note, words=words))


class Picker:
    """Cycles through a shuffled pool so that cases spread over the records."""

    def __init__(self, pool, pred=lambda e: True):
        self.pool = [e for e in pool if pred(e)]
        assert self.pool, "empty pool"
        rng.shuffle(self.pool)
        self.i = 0

    def __call__(self):
        e = self.pool[self.i % len(self.pool)]
        self.i += 1
        return e


def fmt_uscc(u: str, style: str) -> str:
    if style == "canonical":
        return u
    if style == "spaced":
        return " ".join(u[i:i + 4] for i in range(0, 18, 4))
    if style == "spaced2":
        return f"{u[:8]} {u[8:17]} {u[17]}"
    if style == "hyphen":
        return f"{u[:8]}-{u[8:16]}-{u[16:]}"
    if style == "fullwidth":
        return to_fullwidth(u)
    if style == "fwspaced":
        return to_fullwidth(" ".join(u[i:i + 6] for i in range(0, 18, 6)))
    if style == "lower":
        return u.lower()
    if style == "padded":
        return "  " + u + " "
    if style == "lowerspaced":
        return " ".join(u[i:i + 4] for i in range(0, 18, 4)).lower()
    raise ValueError(style)


def fmt_org(o: str, style: str) -> str:
    h = o[:8] + "-" + o[8]
    return {"hyphen": h, "plain": o, "space": o[:8] + " " + o[8], "lower": h.lower(),
            "fullwidth": to_fullwidth(h), "padded": " " + h + " "}[style]


def fmt_reg(n: str, style: str) -> str:
    return {"canonical": n, "spaced": f"{n[:6]} {n[6:10]} {n[10:]}", "fullwidth": to_fullwidth(n),
            "padded": " " + n + "  ", "hyphen": f"{n[:6]}-{n[6:]}"}[style]


def fmt_id(i: str, style: str) -> str:
    return {"canonical": i, "lower": i.lower(), "spaced": f"{i[:6]} {i[6:14]} {i[14:]}",
            "fullwidth": to_fullwidth(i), "padded": " " + i + " "}[style]


def fresh_company(r: dict | None = None) -> tuple[str, str]:
    r = r or pick_region()
    name = company_name(r, new_zh(), pick_trade(), pick_form(), rng.choice(["city", "cityFull"]))
    return name, make_uscc(r["code"], "91", rng.random() < 0.4)


USCC_HOLDERS = POOL_A + POOL_LAT + POOL_IB + POOL_BR

# --- identifier exact (USCC) -------------------------------------------------------------------
pick = Picker(USCC_HOLDERS)
styles = ["canonical"] * 8 + ["spaced"] * 5 + ["spaced2"] * 2 + ["fullwidth"] * 4 + ["fwspaced"] * 2 + \
         ["lower"] * 5 + ["lowerspaced"] * 1 + ["hyphen"] * 3 + ["padded"] * 2
for i, st in enumerate(styles):
    e = pick()
    if st.startswith("lower"):
        while not re.search("[A-Z]", e["uscc"][:17]):
            e = pick()
    nm, note_name = e["name"], "name as listed"
    if i % 8 == 1:
        nm, note_name = None, "code only"
    elif i % 8 == 4 and trad2(e["name"]):
        nm, note_name = trad2(e["name"]), "name in traditional characters"
    elif i % 11 == 7 and e["former"]:
        nm, note_name = e["former"][0], "former name"
    elif i in (9, 22):
        nm, note_name = fresh_company(e["region"])[0], "a different name typed: the identifier decides"
    case("identifier", {"name": nm, "code": fmt_uscc(e["uscc"], st)}, e, "definite", "uscc",
         f"USCC typed {st}; {note_name}")
# Namesake counterparts: the query's own code is listed (the twin's case is in `namesake`).
for e in POOL_NS:
    case("identifier", {"name": e["name"], "code": e["uscc"]}, e,
         "definite", "uscc", "namesake pair: the query's own USCC is listed")

# --- derived organisation codes -----------------------------------------------------------------
pick = Picker(POOL_A + POOL_LAT + POOL_BR, lambda e: not e["orgField"])
for st in ["hyphen"] * 7 + ["plain"] * 3 + ["space", "lower", "lower", "fullwidth", "padded", "hyphen"]:
    e = pick()
    if st == "lower":
        while not re.search("[A-Z]", e["org"][:8]):
            e = pick()
    case("derivedOrgCode", {"name": e["name"] if rng.random() < 0.7 else None, "code": fmt_org(e["org"], st)}, e,
         "definite", "derivedOrgCode", f"legacy organisation code (typed {st}) = positions 9-17 of the record's USCC")
pick = Picker(POOL_OC)
for st in ["canonical"] * 5 + ["spaced", "lower", "fullwidth", "canonical", "hyphen"]:
    e = pick()
    u = make_uscc(e["region"]["code"], "91", body=e["org"][:8])
    if st == "lower":
        st = "canonical"  # legacy codes are digits only
    case("derivedOrgCode", {"name": e["name"] if rng.random() < 0.7 else None, "code": fmt_uscc(u, st)}, e,
         "definite", "derivedOrgCode", f"USCC (typed {st}) whose positions 9-17 are the record's legacy organisation code")
for st in ["hyphen", "plain", "space", "padded"]:
    e = pick()
    case("derivedOrgCode", {"name": e["name"], "code": fmt_org(e["org"], st)}, e, "definite", "orgCode",
         f"the same legacy organisation code (typed {st}); kind orgCode = matcher's plain identifier")

# --- registration numbers --------------------------------------------------------------------
pick = Picker(POOL_RN)
for st in ["canonical"] * 6 + ["spaced", "spaced", "fullwidth", "padded", "hyphen"]:
    e = pick()
    case("registrationNumber", {"name": e["name"] if rng.random() < 0.6 else None, "code": fmt_reg(e["reg"], st)}, e,
         "definite", "registrationNumber", f"registration number typed {st}")
for e in [x for x in POOL_A if x["reg"]][:4]:
    case("registrationNumber", {"name": e["name"], "code": fmt_reg(e["reg"], "canonical")}, e, "definite",
         "registrationNumber", "old registration number of a company that now has a USCC")

# --- ID numbers of natural persons ------------------------------------------------------------
persons = POOL_P[:]
rng.shuffle(persons)
P_ID, P_REP, P_REPNAME, P_NS, P_NAME = persons[:20], persons[20:35], persons[35:44], persons[0:4], persons[10:15]
for i, e in enumerate(P_ID):
    st = ["canonical", "canonical", "spaced", "fullwidth", "padded"][i % 5]
    if e["idn"].endswith("X") and i % 2 == 0:
        st = "lower"
    nm, nn = e["name"], "name as listed"
    if i in (3, 11, 17):
        nm, nn = None, "ID number only"
    elif i == 7 and to_trad(e["name"]) != e["name"]:
        nm, nn = to_trad(e["name"]), "name in traditional characters"
    elif i in (7, 14):
        nm, nn = e["name"][0] + "某某", "name written differently: the ID decides"
    case("idNumber", {"personName": nm, "personId": fmt_id(e["idn"], st)}, e, "definite", "idNumber",
         f"ID number typed {st}; {nn}")

# --- legal representatives --------------------------------------------------------------------
for i, e in enumerate(P_REP):
    name, code = fresh_company()
    st = "lower" if e["idn"].endswith("X") else ["canonical", "canonical", "spaced", "fullwidth"][i % 4]
    case("legalRepId", {"name": name, "code": code if i % 3 else None,
                        "legalRepName": e["name"] if i % 5 != 2 else None, "legalRepId": fmt_id(e["idn"], st)}, e,
         "definite", "legalRepresentative",
         f"the company's legal representative ID (typed {st}) is the listed person's; the company itself is not listed")
for i, e in enumerate(P_REPNAME + P_ID[:1]):
    name, code = fresh_company()
    rep = e["name"] if i not in (3, 8) else " ".join(e["name"])
    case("legalRepName", {"name": name, "code": code if i % 2 else None, "legalRepName": rep}, e, "possible",
         "legalRepresentative", "legal representative's name only (no ID) equals the listed person's name")

# --- name variants ------------------------------------------------------------------------------


def v_exact(e):
    return e["name"], "name exactly as listed, no code"


def v_halfwidth_brackets(e):
    if "（" not in e["name"]:
        return None
    return e["name"].replace("（", "(").replace("）", ")"), "half-width brackets"


def v_no_brackets(e):
    if "（集团）" not in e["name"]:
        return None
    return e["name"].replace("（", "").replace("）", ""), "brackets dropped"


def v_fullwidth_latin(e):
    if not re.search("[A-Za-z0-9]", e["name"]):
        return None
    return "".join(FW.get(c, c) for c in e["name"]), "Latin letters and digits in full width"


def v_spaces(e):
    r, zh = e["region"], e["zh"]
    n = e["name"]
    for w in (r["cityFull"], r["city"], r["prov"], r["countyFull"]):
        if n.startswith(w):
            n = w + " " + n[len(w):]
            break
    n = n.replace(zh, zh + " ", 1)
    return n, "spaces between the parts"


def v_ideographic_space(e):
    n = e["name"]
    if not e["trade"] or e["trade"] not in n:
        return None
    i = n.index(e["trade"]) + len(e["trade"])
    return "\u3000" + n[:i] + "\u3000" + n[i:] + " ", "ideographic (full-width) spaces, leading and trailing"


def v_punct(e):
    n = e["name"]
    k = rng.randrange(3)
    if k == 0:
        return n + "。", "trailing full stop"
    if k == 1:
        return "“" + n + "”", "in quotation marks"
    return n.replace(e["zh"], e["zh"] + "·", 1), "middle dot after the 字号"


def v_form_shorter(e):
    if not e["name"].endswith("有限责任公司"):
        return None
    return e["name"][: -len("有限责任公司")] + "有限公司", "有限责任公司 typed as 有限公司"


def v_form_longer(e):
    if not e["name"].endswith("有限公司") or e["name"].endswith("责任公司") or e["name"].endswith("股份有限公司") \
            or "集团" in e["name"] or e["kind"] != "legalEntity":
        return None
    return e["name"][: -len("有限公司")] + "有限责任公司", "有限公司 typed as 有限责任公司"


def v_region_dropped(e):
    r, n = e["region"], e["name"]
    for w in sorted({r["countyFull"], r["cityFull"], r["city"], r["provFull"], r["prov"]}, key=lambda w: (-len(w), w)):
        if n.startswith(w):
            return n[len(w):], f"region prefix {w} dropped"
    return None


def v_region_added(e):
    r, n = e["region"], e["name"]
    if e["style"] != "none":
        return None
    w = r["city"] if rng.random() < 0.6 else r["cityFull"]
    return w + n, f"region prefix {w} added"


def v_shi_toggle(e):
    r, n = e["region"], e["name"]
    if e["style"] == "city" and r["city"] != r["prov"]:
        return r["cityFull"] + n[len(r["city"]):], "市 added to the city prefix"
    if e["style"] == "cityFull":
        return r["city"] + n[len(r["cityFull"]):], "市 dropped from the city prefix"
    return None


def v_province_city(e):
    r, n = e["region"], e["name"]
    if e["style"] not in ("city", "cityFull") or r["prov"] == r["city"]:
        return None
    rest = n[len(r["city"]):] if e["style"] == "city" else n[len(r["cityFull"]):]
    return r["provFull"] + r["cityFull"] + rest, "province and city prefix"


def v_to_bracket(e):
    r = e["region"]
    if e["style"] != "prov":
        return None
    rest = e["name"][len(r["prov"]):]
    form = next(f for f in FORMS if rest.endswith(f))
    return (rest[: -len(form)] + "（" + r["prov"] + "）" + form,
            f"某某（{r['prov']}）有限公司 form of the {r['prov']}-prefixed name")


def v_from_bracket(e):
    r = e["region"]
    if e["style"] != "bracket":
        return None
    return (r["prov"] + e["name"].replace("（" + r["prov"] + "）", ""),
            f"（{r['prov']}） moved to the front of the name")


def v_bracket_half(e):
    if e["style"] != "bracket":
        return None
    return e["name"].replace("（", "(").replace("）", ")"), f"（{e['region']['prov']}） typed with half-width brackets"


def v_no_form(e):
    n = e["name"]
    for f in ("（集团）有限公司", "股份有限公司", "有限责任公司", "有限公司"):
        if n.endswith(f) and e["kind"] == "legalEntity":
            if f == "（集团）有限公司":
                return n[: -len("有限公司")], "company form dropped"
            return n[: -len(f)], "company form dropped"
    return None


def v_trad(e):
    t = to_trad(e["name"])
    if sum(a != b for a, b in zip(t, e["name"])) < 2:
        return None
    return t, "traditional characters"


def v_trad_spaces(e):
    x = v_spaces(e)
    t = to_trad(x[0])
    if sum(a != b for a, b in zip(t, x[0])) < 2:
        return None
    return t, "traditional characters and spaces"


def v_fullwidth_brackets_trad(e):
    if "（" not in e["name"]:
        return None
    t = trad2(e["name"])
    if not t:
        return None
    return t.replace("（", "(").replace("）", ")"), "traditional characters and half-width brackets"


def v_region_dropped_no_form(e):
    x = v_region_dropped(e)
    if not x:
        return None
    y = v_no_form({**e, "name": x[0]})
    if not y:
        return None
    return y[0], "region prefix and company form dropped"


def v_region_dropped_trad(e):
    x = v_region_dropped(e)
    if not x:
        return None
    t = to_trad(x[0])
    if sum(a != b for a, b in zip(t, x[0])) < 2:
        return None
    return t, "region prefix dropped, traditional characters"


def v_fullwidth_longer(e):
    x = v_form_shorter(e)
    if not x:
        return None
    return x[0].replace(e["zh"], e["zh"] + "\u3000", 1), "有限责任公司 typed as 有限公司, with a full-width space"


VARIANT_SEEN: set = set()


def gen_variants(category, fns, count, pool, kind="name", exact_codes=None):
    """`count` cases spread over `pool`, cycling through the variant functions."""
    p = Picker(pool)
    made, tries, fi = 0, 0, 0
    while made < count:
        tries += 1
        assert tries < 5000, f"cannot make {category} {fns}"
        f = fns[fi % len(fns)]
        e = p()
        x = f(e)
        if not x or x[0] == e["name"] and f is not v_exact or (x[0], id(e)) in VARIANT_SEEN:
            continue
        VARIANT_SEEN.add((x[0], id(e)))
        fi += 1
        made += 1
        case(category, {"name": x[0]}, e, "possible", kind, x[1])


ORGS = POOL_A + POOL_LAT + POOL_OC + POOL_RN[:10] + POOL_NO[:6]
gen_variants("nameVariant", [v_exact], 12, ORGS)
gen_variants("nameVariant", [v_halfwidth_brackets, v_no_brackets], 8,
             [e for e in POOL_A if "（集团）" in e["name"]])
gen_variants("nameVariant", [v_fullwidth_latin], 4, POOL_LAT)
gen_variants("nameVariant", [v_spaces, v_ideographic_space], 12, ORGS)
gen_variants("nameVariant", [v_punct], 6, ORGS)
gen_variants("nameVariant", [v_form_shorter], 10, [e for e in ORGS if e["name"].endswith("有限责任公司")])
gen_variants("nameVariant", [v_form_longer], 10, ORGS)
gen_variants("nameVariant", [v_region_dropped], 12, ORGS)
gen_variants("nameVariant", [v_region_added], 6, [e for e in POOL_A if e["style"] == "none"])
gen_variants("nameVariant", [v_shi_toggle], 8, ORGS)
gen_variants("nameVariant", [v_province_city], 4, ORGS)
gen_variants("nameVariant", [v_to_bracket], 6, [e for e in ORGS if e["style"] == "prov"])
gen_variants("nameVariant", [v_from_bracket, v_bracket_half], 8, [e for e in ORGS if e["style"] == "bracket"])
gen_variants("nameVariant", [v_no_form], 8, ORGS)
gen_variants("nameVariant", [v_trad], 18, ORGS)
gen_variants("nameVariant", [v_trad_spaces, v_fullwidth_brackets_trad, v_region_dropped_no_form,
                             v_region_dropped_trad, v_fullwidth_longer], 8, ORGS)
# Individual businesses.
gen_variants("nameVariant", [v_exact, v_region_dropped, v_trad, v_spaces], 8, POOL_IB + POOL_RN[10:] + POOL_NO[6:])
# Former names.
FORMER = [e for e in ORGS if e["former"]]
for i, e in enumerate(FORMER):
    case("nameVariant", {"name": e["former"][0]}, e, "possible", "formerName", "former name (曾用名) as listed")
FORMER_FNS = [v_trad, v_form_longer, v_spaces, v_region_dropped, v_shi_toggle, v_no_form]
for i, e in enumerate(FORMER[:6]):
    fake = {**e, "name": e["former"][0], "style": e["formerStyle"], "form": None}
    x = next(x for f in FORMER_FNS[i:] + FORMER_FNS[:i] if (x := f(fake)))
    case("nameVariant", {"name": x[0]}, e, "possible", "formerName", "former name: " + x[1])
# Natural persons by name only.
for i, e in enumerate(P_NAME):
    if i == 0 and to_trad(e["name"]) != e["name"]:
        nm, note = to_trad(e["name"]), "person's name in traditional characters, no ID"
    elif i == 1:
        nm, note = " ".join(e["name"]), "person's name with spaces, no ID"
    else:
        nm, note = e["name"], "person's name only, no ID"
    case("nameVariant", {"personName": nm}, e, "possible", "name", note)
# A code on the query side that cannot be compared with the record's (or the record has none).
for e in POOL_NO[:6]:
    case("nameVariant", {"name": e["name"], "code": fresh_company(e["region"])[1]}, e, "possible", "name",
         "query has a USCC, the record has no identifier: the name decides")
for e in POOL_RN[:3]:
    case("nameVariant", {"name": e["name"], "code": fresh_company(e["region"])[1]}, e, "possible", "name",
         "query has a USCC, the record only a registration number: not comparable, the name decides")
for e in [x for x in POOL_A if not x["reg"]][:2]:
    case("nameVariant", {"name": e["name"], "code": new_reg(e["region"]["code"])}, e, "possible", "name",
         "query has a registration number, the record only a USCC: not comparable, the name decides")

# --- namesakes: the identifiers differ --------------------------------------------------------
for e in POOL_NS:
    t = e["twin"]
    case("namesake", {"name": t["name"], "code": fmt_uscc(t["uscc"], "canonical")}, e, "none", None,
         "the same name registered elsewhere: the query's USCC is the other record's")
pick = Picker(POOL_A + POOL_IB)
for i in range(14):
    e = pick()
    u = make_uscc(e["region"]["code"], e["uscc"][:2], rng.random() < 0.5)
    case("namesake", {"name": e["name"], "code": fmt_uscc(u, ["canonical", "spaced", "lower"][i % 3])}, e, "none",
         None, "name as listed, a different (unlisted) USCC")
for i, f in enumerate([v_trad, v_form_longer, v_region_dropped, v_spaces, v_no_form, v_shi_toggle]):
    e = pick()
    while not f(e) or e["kind"] != "legalEntity":
        e = pick()
    u = make_uscc(e["region"]["code"], "91", rng.random() < 0.5)
    case("namesake", {"name": f(e)[0], "code": u}, e, "none", None,
         f"name variant ({f(e)[1]}), a different USCC")
for e in POOL_OC[:4]:
    u = make_uscc(e["region"]["code"], "91", True)
    case("namesake", {"name": e["name"], "code": u}, e, "none", None,
         "record keyed by a legacy organisation code; the query's USCC holds a different one")
for e in [x for x in POOL_A if not x["orgField"]][5:7]:
    b = new_org_body(True)
    case("namesake", {"name": e["name"], "code": fmt_org(b + org_check(b), "hyphen")}, e, "none", None,
         "a different legacy organisation code from the one inside the record's USCC")
for e in POOL_RN[3:6]:
    case("namesake", {"name": e["name"], "code": new_reg(e["region"]["code"])}, e, "none", None,
         "a different registration number")
for e in P_NS:
    case("namesake", {"personName": e["name"], "personId": new_id()}, e, "none", None,
         "a person of the same name with a different ID number")
for e in P_REPNAME[:2]:
    name, code = fresh_company()
    case("namesake", {"name": name, "code": code, "legalRepName": e["name"], "legalRepId": new_id()}, e, "none",
         None, "legal representative of the same name with a different ID number")

# --- branches -------------------------------------------------------------------------------
pick = Picker(POOL_A, lambda e: e["style"] in ("city", "cityFull", "prov", "none"))
for i in range(13):
    e = pick()
    while i == 4 and not trad2(e["name"]):
        e = pick()
    br = rng.choice([x for x in REGIONS if x["city"] != e["region"]["city"]])
    nm = e["name"] + br["city"] + "分公司"
    note = f"a {br['city']} branch of the listed company"
    if i == 4:
        nm, note = trad2(nm), note + ", traditional characters"
    elif i == 9:
        nm, note = e["name"] + " " + br["cityFull"] + "分公司", note + " (a space, the branch city with 市)"
    case("branch", {"name": nm}, e, "possible", "branch", note)
for i, e in enumerate(POOL_BR + [x for x in POOL_BR if trad2(x["parent"])][:2]):
    nm, note = e["parent"], "the parent company of a listed branch"
    if i >= 10:
        nm, note = trad2(e["parent"]), note + ", traditional characters"
    case("branch", {"name": nm}, e, "possible", "branch", note)

# --- generic names: only region, trade words and form --------------------------------------
pick = Picker([e for e in POOL_A + POOL_OC + POOL_RN[:10] + POOL_NO[:6] if e["trade"]
               and e["style"] != "group"])
made = 0
while made < 34:
    e = pick()
    r, t = e["region"], e["trade"]
    opts = [r["city"] + t + "有限公司", r["cityFull"] + t + "有限公司", t + "有限公司", r["city"] + t + "有限责任公司",
            r["countyFull"] + t + "有限公司"]
    if r["prov"] != r["city"]:
        opts.append(r["prov"] + t + "有限公司")
    if t in ("贸易", "进出口", "物流"):
        opts.append(r["city"] + "国际" + t + "有限公司")
    q = opts[made % len(opts)]
    made += 1
    case("generic", {"name": q}, e, "none", None, "generic name: region, trade words and form only")
pick = Picker(POOL_IB + POOL_RN[10:])
for i in range(6):
    e = pick()
    case("generic", {"name": (e["region"]["countyFull"] if i % 2 else "") + e["trade"]}, e, "none", None,
         "generic name of an individual business: region and trade only")

# --- unrelated names: a different 字号, same region and trade -------------------------------


def confuse(zh: str):
    cands = []
    for i, c in enumerate(zh):
        for a in CONFUSE.get(c, ""):
            z = zh[:i] + a + zh[i + 1:]
            if z != zh and z not in used_zh and not any(z.startswith(w) for w in REGION_WORDS):
                cands.append(z)
    return rng.choice(cands) if cands else None


def renamed(e, new_zh_: str) -> str:
    return e["name"].replace(e["zh"], new_zh_, 1)


BASE = [e for e in POOL_A + POOL_OC + POOL_RN[:10] if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", e["zh"])]
pick = Picker(BASE)
made = 0
while made < 28:
    e = pick()
    z = confuse(e["zh"])
    if not z:
        continue
    made += 1
    case("unrelated", {"name": renamed(e, z)}, e, "none", None,
         f"near miss: 字号 {z} vs {e['zh']} (one character different)")
made = 0
while made < 8:
    e = pick()
    z = e["zh"][::-1]
    if z in used_zh or len(e["zh"]) != 2 or any(z.startswith(w) for w in REGION_WORDS) or z in BRANDS:
        continue
    made += 1
    case("unrelated", {"name": renamed(e, z)}, e, "none", None, f"字号 reversed: {z} vs {e['zh']}")
made = 0
while made < 6:
    e = pick()
    z = e["zh"] + rng.choice(SECOND)
    if len(e["zh"]) != 2 or z in used_zh or len(set(z)) != 3:
        continue
    made += 1
    case("unrelated", {"name": renamed(e, z)}, e, "none", None, f"one character added to the 字号: {z} vs {e['zh']}")
made = 0
while made < 12:
    e = pick()
    z = new_zh()
    made += 1
    case("unrelated", {"name": renamed(e, z)}, e, "none", None, f"a different 字号 ({z}), same region, trade and form")
made = 0
while made < 3:
    e = pick()
    z = confuse(e["zh"])
    if not z:
        continue
    q = trad2(renamed(e, z))
    if not q:
        continue
    made += 1
    case("unrelated", {"name": q}, e, "none", None, f"near miss in traditional characters: 字号 {z} vs {e['zh']}")
pick = Picker([e for e in POOL_IB if not e["zh"].endswith("记")])
made = 0
while made < 3:
    e = pick()
    z = confuse(e["zh"])
    if not z:
        continue
    made += 1
    case("unrelated", {"name": renamed(e, z)}, e, "none", None, f"individual business, near miss: {z} vs {e['zh']}")

# =============================================================================================
# Issue 13: related persons across entities, branches with their own codes, regions as
# divisions, masked ID numbers, one more trade word. Generated after the original set with the
# same generator state, so the original queries and records are unchanged (only line numbers
# move when the records are shuffled).
# =============================================================================================

ROLES = ["legalRepresentative", "principal", "financeOfficer", "actualController", "intermediaryStaff"]
ROLE_ZH = {"legalRepresentative": "法定代表人", "principal": "主要负责人", "financeOfficer": "财务负责人",
           "actualController": "实际控制人", "intermediaryStaff": "中介机构从业人员", "operator": "经营者"}


def mask_id(i: str, wide: bool) -> str:
    """As courts publish: the birth month and day hidden, or the whole birth date."""
    return i[:6] + "*" * 8 + i[14:] if wide else i[:10] + "*" * 4 + i[14:]


def masked_agrees(m: str, i: str) -> bool:
    return len(m) == len(i) == 18 and all(a == "*" or a == b for a, b in zip(m, i))


def sibling_id(i: str, m: str) -> str:
    """Another valid ID number that agrees with every visible digit of `m` (another person)."""
    start = dt.date(int(i[6:10]), 1, 1)
    for k in range(1, 4000):
        d = start + dt.timedelta(days=(k * 37) % 3650)
        b = i[:6] + d.strftime("%Y%m%d") + i[14:17]
        c = b + id_check(b)
        if c != i and masked_agrees(m, c) and c not in used_id:
            used_id.add(c)
            return c
    raise AssertionError(f"no sibling for {m}")


# --- 1. related persons across entities ------------------------------------------------------
# Listed entities naming several persons with full ID numbers, in every role.
POOL_RP = []
for i in range(14):
    e = legal_entity(rng.choice(["city", "cityFull", "prov"]), r=pick_region(fujian_only=i % 3 != 0),
                     tags={"relatedPersons"})
    e["rep"] = {"name": new_person_name(), "idNumber": new_id()}
    for role in rng.sample(ROLES[1:], rng.choice((1, 2, 2, 3))):
        e["persons"].append({"role": role, "name": new_person_name(), "idNumber": new_id()})
    POOL_RP.append(e)
for _ in range(4):
    e = individual_business("uscc", {"relatedPersons"})
    e["persons"].append({"role": "operator", "name": e["rep"]["name"], "idNumber": e["rep"]["idNumber"]})
    e["rep"] = None
    POOL_RP.append(e)
# Listed natural persons who are also named in a listed entity's entry.
POOL_DUAL = []
for i in range(3):
    p = entity(kind="naturalPerson", region=None, name=new_person_name(), idn=new_id(), tags={"dual"})
    host = POOL_RP[i]
    host["persons"].append({"role": ["principal", "actualController", "financeOfficer"][i], "name": p["name"],
                            "idNumber": p["idn"]})
    POOL_DUAL.append((p, host))
DUAL_IDS = {p["idn"] for p, _ in POOL_DUAL}
RP_PERSONS = [(e, p) for e in POOL_RP for p in persons_of(e) if p["idNumber"] not in DUAL_IDS]
rng.shuffle(RP_PERSONS)


def role_note(p: dict) -> str:
    return f"{p['role']} ({ROLE_ZH[p['role']]}) of the listed entity"


for i, (e, p) in enumerate(RP_PERSONS[:16]):
    name, code = fresh_company()
    st = "lower" if p["idNumber"].endswith("X") else ["canonical", "spaced", "canonical", "fullwidth"][i % 4]
    case("relatedPerson", {"name": name, "code": code if i % 2 else None,
                           "legalRepName": p["name"] if i % 3 else None, "legalRepId": fmt_id(p["idNumber"], st)},
         e, "definite", "relatedPerson", f"the bidder's legal representative (ID typed {st}) is the {role_note(p)}")
for i, (e, p) in enumerate(RP_PERSONS[16:26]):
    case("relatedPerson", {"personName": p["name"] if i % 4 else None, "personId": p["idNumber"]}, e, "definite",
         "relatedPerson", f"the party (a person) is the {role_note(p)}")
for p, host in POOL_DUAL:
    name, _ = fresh_company()
    q = {"name": name, "legalRepName": p["name"], "legalRepId": p["idn"]}
    case("relatedPerson", q, p, "definite", "legalRepresentative",
         "the legal representative is a listed natural person, and named in another listed entity's entry")
    case("relatedPerson", q, host, "definite", "relatedPerson",
         "the legal representative is a listed natural person, and named in this listed entity's entry")
for i, (e, p) in enumerate(RP_PERSONS[26:34]):
    name, _ = fresh_company()
    case("relatedPerson", {"name": name, "legalRepName": p["name"], "legalRepId": new_id()}, e, "none", None,
         f"the same name as the {role_note(p)}, another ID number: another person")
for i, (e, p) in enumerate(RP_PERSONS[34:40]):
    name, _ = fresh_company()
    case("relatedPerson", {"name": name, "legalRepName": p["name"]}, e, "none", None,
         f"only the name of the {role_note(p)}, no ID: persons named in entries are compared by ID")

# --- 2. branches with their own USCC ---------------------------------------------------------
pick = Picker(POOL_A, lambda e: e["style"] in ("city", "cityFull", "prov", "none"))
for i in range(18):
    e = pick()
    while i in (5, 11) and not trad2(e["name"]):
        e = pick()
    br = rng.choice([x for x in REGIONS if x["city"] != e["region"]["city"]])
    nm, note = e["name"] + br["city"] + "分公司", f"a {br['city']} branch with its own USCC, the listed company"
    if i in (5, 11):
        nm, note = trad2(nm), note + " (traditional characters)"
    elif i % 6 == 3:
        nm, note = e["name"] + br["cityFull"] + "分公司", note + " (branch city with 市)"
    code = make_uscc(br["code"], "91", rng.random() < 0.3)
    case("branchOwnCode", {"name": nm, "code": fmt_uscc(code, ["canonical", "spaced", "lower"][i % 3])}, e,
         "possible", "branch", note)
for i, e in enumerate(POOL_BR + POOL_BR[:4]):
    pr = e["parentRegion"]
    nm, note = e["parent"], "the parent company with its own USCC, a listed branch"
    if i >= 10:
        nm = trad2(e["parent"]) or e["parent"] + " "
        note += " (traditional characters)" if trad2(e["parent"]) else " (a trailing space)"
    case("branchOwnCode", {"name": nm, "code": make_uscc(pr["code"], "91", rng.random() < 0.3)}, e, "possible",
         "branch", note)
made = 0
while made < 10:
    e = pick()
    z = confuse(e["zh"])
    if not z:
        continue
    made += 1
    br = rng.choice([x for x in REGIONS if x["city"] != e["region"]["city"]])
    case("branchOwnCode", {"name": renamed(e, z) + br["city"] + "分公司", "code": make_uscc(br["code"])}, e, "none",
         None, f"a branch with its own USCC of another company (字号 {z} vs {e['zh']})")

# --- 3. regions as divisions -----------------------------------------------------------------
# Other places for the conflicts: a city of the same province, or of another one (no ambiguous
# county names such as 鼓楼区 or 朝阳区).
CITY_OF = {r["city"]: r for r in REGIONS}


def region_swap(e: dict, new: str) -> str:
    """The record's name with its leading region replaced by `new`."""
    r, n = e["region"], e["name"]
    for w in sorted({r["countyFull"], r["cityFull"], r["city"], r["provFull"], r["prov"]}, key=lambda w: (-len(w), w)):
        if n.startswith(w):
            return new + n[len(w):]
    raise AssertionError(n)


REG_POOL = [e for e in POOL_A if e["style"] in ("city", "cityFull") and e["region"]["prov"] != e["region"]["city"]]
REG_PROV = [e for e in POOL_A if e["style"] == "prov"]
pick = Picker(REG_POOL)
for i in range(8):
    e = pick()
    w = [e["region"]["prov"], e["region"]["provFull"]][i % 2]
    case("region", {"name": region_swap(e, w)}, e, "possible", "name",
         f"{w} for {e['region']['city']}: the city is in the province")
for i in range(8):
    e = pick()
    w = [e["region"]["county"], e["region"]["countyFull"]][i % 2]
    if w == e["region"]["city"] + "市":
        continue
    case("region", {"name": region_swap(e, w)}, e, "possible", "name",
         f"{w} for {e['region']['city']}: the county is in the city")
pick_p = Picker(REG_PROV)
for i in range(6):
    e = pick_p()
    inside = [x for x in REGIONS if x["prov"] == e["region"]["prov"] and x["city"] != x["prov"]]
    w = rng.choice(inside)[["city", "cityFull"][i % 2]]
    case("region", {"name": region_swap(e, w)}, e, "possible", "name",
         f"{w} for {e['region']['prov']}: the city is in the province")
for i in range(8):
    e = pick()
    others = [x for x in REGIONS if x["prov"] == e["region"]["prov"] and x["city"] != e["region"]["city"]]
    if not others:
        continue
    w = rng.choice(others)[["city", "cityFull"][i % 2]]
    case("region", {"name": region_swap(e, w)}, e, "none", None,
         f"{w} for {e['region']['city']}: another city of the same province")
for i in range(8):
    e = pick()
    others = [x for x in REGIONS if x["prov"] != e["region"]["prov"] and x["county"] not in ("鼓楼区", "朝阳区")]
    x = rng.choice(others)
    w = [x["city"], x["cityFull"], x["countyFull"]][i % 3]
    case("region", {"name": region_swap(e, w)}, e, "none", None,
         f"{w} for {e['region']['city']}: a place in another province")
for i in range(4):
    e = pick_p()
    x = rng.choice([x for x in REGIONS if x["prov"] != e["region"]["prov"] and x["prov"] != x["city"]])
    w = [x["prov"], x["provFull"]][i % 2]
    case("region", {"name": region_swap(e, w)}, e, "none", None, f"{w} for {e['region']['prov']}: another province")
for i in range(4):
    e = pick()
    x = rng.choice([x for x in REGIONS if x["city"] != e["region"]["city"]
                    and x["county"] not in ("鼓楼区", "朝阳区") and x["county"] != x["city"] + "市"])
    w = x["county"]
    case("region", {"name": region_swap(e, w)}, e, "none", None,
         f"{w} for {e['region']['city']}: a county of another city")

# --- 4. masked ID numbers --------------------------------------------------------------------
# Listed natural persons published with a masked ID number, and listed entities naming persons
# with one.
POOL_MK = []
for i in range(16):
    full = new_id()
    p = entity(kind="naturalPerson", region=None, name=new_person_name(), masked=mask_id(full, i % 3 == 2),
               tags={"masked"})
    p["full"] = full
    POOL_MK.append(p)
POOL_MKR = []
for i in range(8):
    e = legal_entity(rng.choice(["city", "cityFull"]), r=pick_region(fujian_only=True), tags={"maskedPersons"})
    full = new_id()
    role = ["legalRepresentative", "principal", "financeOfficer", "legalRepresentative"][i % 4]
    if role == "legalRepresentative":
        e["rep"] = None
    e["persons"].append({"role": role, "name": new_person_name(), "idNumber": mask_id(full, i % 2 == 1)})
    e["maskedFull"] = full
    POOL_MKR.append(e)

for i, p in enumerate(POOL_MK[:12]):
    st = ["canonical", "spaced", "fullwidth", "canonical"][i % 4]
    case("maskedId", {"personName": p["name"], "personId": fmt_id(p["full"], st)}, p, "possible", "maskedIdNumber",
         f"the name and an ID number (typed {st}) that agrees with the visible digits of {p['masked']}")
for p in POOL_MK[12:16]:
    case("maskedId", {"personName": p["name"], "personId": sibling_id(p["full"], p["masked"])}, p, "possible",
         "maskedIdNumber", "another ID number that also agrees with every visible digit: still only possible")
for p in POOL_MK[:6]:
    name, _ = fresh_company()
    case("maskedId", {"name": name, "legalRepName": p["name"], "legalRepId": p["full"]}, p, "possible",
         "legalRepresentative", "the legal representative's name and an ID number agreeing with the masked one")
for e in POOL_MKR:
    pm = e["persons"][-1]
    name, _ = fresh_company()
    case("maskedId", {"name": name, "legalRepName": pm["name"], "legalRepId": e["maskedFull"]}, e, "possible",
         "relatedPerson", f"the legal representative may be the {role_note(pm)}, published masked")
for p in POOL_MK[6:14]:
    other = new_id()
    assert not masked_agrees(p["masked"], other)
    case("maskedId", {"personName": p["name"], "personId": other}, p, "none", None,
         "the same name, an ID number whose visible digits differ: another person")
for p in POOL_MK[:4]:
    case("maskedId", {"personName": new_person_name(), "personId": p["full"]}, p, "none", None,
         "an ID number agreeing with the masked one, another name: not enough")
for p in POOL_MK[4:8]:
    case("maskedId", {"personId": p["full"]}, p, "none", None,
         "an ID number agreeing with the masked one, no name: not enough")
for e in POOL_MKR[:2]:
    pm = e["persons"][-1]
    name, _ = fresh_company()
    case("maskedId", {"name": name, "legalRepName": pm["name"], "legalRepId": new_id()}, e, "none", None,
         f"the name of the {role_note(pm)}, an ID number whose visible digits differ")

# --- also: one more trade word in the same city ----------------------------------------------
# The query adds a trade word after the listed trade words or before them, or leaves out the
# listed name's last one (trade words the matcher splits in two: 供应链|管理, 劳务|服务 …).
SPLIT_TRADES = {"供应链管理": "管理", "建设工程": "工程", "机械设备": "设备", "新能源科技": "科技",
                "环保科技": "科技", "劳务服务": "服务", "纺织服装": "服装"}
pick = Picker(POOL_A + POOL_RP[:14], lambda e: e["style"] in ("city", "cityFull", "prov", "none") and e["trade"]
              and e["form"] in ("有限公司", "有限责任公司"))
made, tries = 0, 0
while made < 40:
    tries += 1
    assert tries < 5000, "cannot make extraTradeWord cases"
    e = pick()
    t = e["trade"]
    i = e["name"].index(e["zh"]) + len(e["zh"])
    if made % 4 == 3:
        if t not in SPLIT_TRADES:
            continue
        w = SPLIT_TRADES[t]
        q, note = e["name"][:i] + t[: -len(w)] + e["name"][i + len(t):], f"the listed name has one more trade word: {w}"
    else:
        w = ["服务", "国际", "管理", "科技", "发展"][made % 5]
        if w in t or (w == "国际" and t in ("贸易", "进出口", "商贸")):
            continue
        new_t = w + t if w in ("国际", "科技") else t + w
        q, note = e["name"][:i] + new_t + e["name"][i + len(t):], f"one more trade word in the same city: {w}"
    if (q, id(e)) in VARIANT_SEEN:
        continue
    VARIANT_SEEN.add((q, id(e)))
    made += 1
    case("extraTradeWord", {"name": q}, e, "possible", "name", note, [w])

# ---------------------------------------------------------------------------------------------
# Self-check: re-derive every label independently
# ---------------------------------------------------------------------------------------------


def norm_code(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"[\s\-\u2010-\u2015\u2212]", "", s).upper()


def query_ids(q: dict) -> dict:
    out = {}
    if q.get("code"):
        c = norm_code(q["code"])
        if len(c) == 18:
            assert uscc_check(c[:17]) == c[17] and org_check(c[8:16]) == c[16], c
            out["uscc"], out["org"] = c, c[8:17]
        elif len(c) == 9:
            assert org_check(c[:8]) == c[8], c
            out["org"] = c
        elif len(c) == 15:
            assert reg_check(c[:14]) == c[14], c
            out["reg"] = c
        else:
            raise AssertionError(q)
    for f in ("personId", "legalRepId"):
        if q.get(f):
            c = norm_code(q[f])
            assert len(c) == 18 and id_check(c[:17]) == c[17], c
            out[f] = c
    return out


def full_person_ids(e: dict) -> set[str]:
    """The full ID numbers of the persons named in an entity's entry."""
    return {p["idNumber"] for p in persons_of(e) if p.get("idNumber") and "*" not in p["idNumber"]}


def identifier_relation(q: dict, e: dict) -> str:
    """'agree:<kind>', 'conflict' or 'none' (nothing comparable)."""
    qi = query_ids(q)
    comparable, kinds = False, []
    if "uscc" in qi and e["uscc"]:
        comparable = True
        if qi["uscc"] == e["uscc"]:
            kinds.append("uscc")
    if "org" in qi and e["org"]:
        comparable = True
        if qi["org"] == e["org"] and not kinds:
            if "uscc" in qi and e["uscc"]:
                pass
            elif e["orgField"] and "uscc" not in qi:
                kinds.append("orgCode")
            else:
                kinds.append("derivedOrgCode")
    if "reg" in qi and e["reg"]:
        comparable = True
        if qi["reg"] == e["reg"]:
            kinds.append("registrationNumber")
    if e["idn"]:
        for f, k in (("personId", "idNumber"), ("legalRepId", "legalRepresentative")):
            if f in qi:
                comparable = True
                if qi[f] == e["idn"]:
                    kinds.append(k)
    # A person of the party named in a listed entity's entry: identity, but not the entity's
    # own identifier (it neither conflicts nor agrees with the party's code).
    if e["kind"] != "naturalPerson":
        if any(qi.get(f) in full_person_ids(e) for f in ("personId", "legalRepId")):
            kinds.append("relatedPerson")
    if kinds:
        return "agree:" + kinds[0]
    return "conflict" if comparable else "none"


# GB/T 2260 codes of the region words (a municipality's city is its province).
REGION_CODE: dict[str, str] = {}
for _r in REGIONS:
    _prov = _r["code"][:2] + "0000"
    _city = _prov if _r["prov"] == _r["city"] else _r["code"][:4] + "00"
    for _w, _c in ((_r["prov"], _prov), (_r["provFull"], _prov), (_r["city"], _city), (_r["cityFull"], _city),
                   (_r["county"], _r["code"])):
        assert REGION_CODE.setdefault(_w, _c) == _c, _w


def regions(name: str) -> list[str]:
    """The division codes of a name's leading region words and bracketed region."""
    s = fold(name)
    out = [REGION_CODE[m[1:-1]] for m in _BRACKET_REGION.findall(s)]
    s = _KEEP.sub("", s)
    changed = True
    while changed:
        changed = False
        for w in REGION_WORDS:
            if s.startswith(w) and len(s) > len(w):
                out.append(REGION_CODE[w])
                s = s[len(w):]
                changed = True
                break
    return out


def within(inner: str, outer: str) -> bool:
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    if outer.endswith("00"):
        return inner[:4] == outer[:4]
    return inner == outer


def regions_conflict(a: str, b: str) -> bool:
    """Some region of one name is no division of, or inside, some region of the other."""
    return any(not (within(x, y) or within(y, x)) for x in regions(a) for y in regions(b))


def trade_split(c: str) -> tuple[str, list[str]] | None:
    """A core split into the 字号 and its trade words (the longest generic suffix, tokenised)."""
    for i in range(1, len(c)):
        if is_generic(c[i:]):
            rest, toks = c[i:], []
            while rest:
                t = next(t for t in GENERIC_TOKENS if rest.startswith(t) and is_generic(rest[len(t):]))
                toks.append(t)
                rest = rest[len(t):]
            return c[:i], toks
    return None


def one_more_word(a: str, b: str) -> bool:
    """The same 字号, and the trade words of one are the other's with one word more."""
    x, y = trade_split(core(a)), trade_split(core(b))
    if not x or not y or x[0] != y[0] or is_generic(x[0]):
        return False
    ta, tb = (x[1], y[1]) if len(x[1]) > len(y[1]) else (y[1], x[1])
    return len(ta) == len(tb) + 1 and any(ta[:i] + ta[i + 1:] == tb for i in range(len(ta)))


def person_relation(q: dict, e: dict) -> str | None:
    """A natural person's relation to the query's persons, or a masked person's in an entity."""
    pairs = (("personName", "personId"), ("legalRepName", "legalRepId"))
    if e["kind"] != "naturalPerson":
        for nm, f in pairs:
            if q.get(nm) and q.get(f):
                for p in persons_of(e):
                    if "*" in p.get("idNumber", "") and core(p["name"]) == core(q[nm]) \
                            and masked_agrees(p["idNumber"], norm_code(q[f])):
                        return "relatedPerson"
        return None
    for (nm, f), kind in zip(pairs, ("name", "legalRepresentative")):
        if not q.get(nm) or core(q[nm]) != core(e["name"]):
            continue
        if not q.get(f):
            return kind
        if e["masked"] and masked_agrees(e["masked"], norm_code(q[f])):
            return "maskedIdNumber" if f == "personId" else kind
    return None


def name_relation(q: dict, e: dict) -> str | None:
    """'name', 'formerName', 'branch', 'legalRepresentative', 'relatedPerson', 'maskedIdNumber' or None, by
    the reference normaliser."""
    rel = person_relation(q, e)
    if rel or e["kind"] == "naturalPerson":
        return rel
    n = q.get("name")
    if not n:
        return None
    if core(n) == core(e["name"]) and not regions_conflict(n, e["name"]):
        return "name"
    if any(core(n) == core(f) and not regions_conflict(n, f) for f in e["former"]):
        return "formerName"
    qp, rp = branch_parent(n), branch_parent(e["name"])
    if qp and core(qp) == core(e["name"]) and not regions_conflict(qp, e["name"]):
        return "branch"
    if rp and core(rp) == core(n) and not regions_conflict(n, rp):
        return "branch"
    if one_more_word(n, e["name"]) and not regions_conflict(n, e["name"]):
        return "name"
    return None


def self_check(records: list[dict]) -> None:
    # Identifiers are unique across records; a natural person's ID is nobody else's, except the
    # few listed persons also named in an entity's entry (POOL_DUAL).
    seen = {}
    for e in ENTITIES:
        for k in ("uscc", "org", "reg", "idn"):
            if e[k]:
                assert (k, e[k]) not in seen, (k, e[k])
                seen[(k, e[k])] = e
    all_ids = [e["idn"] for e in ENTITIES if e["idn"] and e["idn"] not in DUAL_IDS]
    all_ids += [i for e in ENTITIES for i in full_person_ids(e)]
    all_ids += [e["full"] for e in POOL_MK] + [e["maskedFull"] for e in POOL_MKR]
    assert len(all_ids) == len(set(all_ids)), "an ID number is used twice"
    rep_names = {p["name"] for e in ENTITIES for p in persons_of(e)}
    assert not rep_names & {e["name"] for e in POOL_P + POOL_MK if "dual" not in e["tags"]}
    by_query: dict[str, list] = {}
    for c in CASES:
        q, e, exp, kind = c["query"], c["entity"], c["expect"], c["kind"]
        rel = identifier_relation(q, e)
        nrel = name_relation(q, e)
        if exp == "definite":
            assert rel == "agree:" + kind, (c, rel)
        elif exp == "possible":
            assert rel == "none" or (rel == "conflict" and nrel == "branch"), (c, rel)
            assert nrel == kind, (c, nrel)
            if kind in ("name", "formerName") and e["kind"] != "naturalPerson":
                assert not is_generic(core(q.get("name", ""))), c
        else:
            assert not rel.startswith("agree"), (c, rel)
            if c["category"] == "namesake":
                assert rel == "conflict", c
            else:
                assert nrel is None, (c, nrel)
            if c["category"] == "generic":
                assert is_generic(core(q["name"])), c
        if c["category"] == "extraTradeWord":
            assert len(c["words"]) == 1 and c["words"][0] in (q["name"] + e["name"]), c
        by_query.setdefault(json.dumps(q, sort_keys=True, ensure_ascii=False), []).append(c)
    # Completeness. Every record that shares an identifier with a query is labelled definite for
    # that query, and every record whose name (former name, branch, person's name, masked ID)
    # matches it under the labelling rules, without a conflicting identifier (a branch's own code
    # does not conflict), is labelled for it: a hit on a record not labelled for the query is a
    # false hit, with no exception.
    for key, cs in by_query.items():
        q = cs[0]["query"]
        definite = {id(c["entity"]) for c in cs if c["expect"] == "definite"}
        labelled = {id(c["entity"]) for c in cs if c["expect"] != "none"}
        for e in ENTITIES:
            rel = identifier_relation(q, e)
            if rel.startswith("agree"):
                assert id(e) in definite, (key, e["name"])
                continue
            nrel = name_relation(q, e)
            if nrel and (rel == "none" or nrel == "branch"):
                assert id(e) in labelled, (key, e["name"], nrel)
    pairs = [(json.dumps(c["query"], sort_keys=True, ensure_ascii=False), id(c["entity"])) for c in CASES]
    assert len(pairs) == len(set(pairs)), "a query/record pair is labelled twice"
    assert len(records) == len(ENTITIES)


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def render() -> tuple[str, str]:
    order = ENTITIES[:]
    rng.shuffle(order)
    index = {id(e): i for i, e in enumerate(order)}
    records = [record_json(e) for e in order]
    self_check(records)
    counters: dict[str, int] = {}
    lines = []
    for c in CASES:
        p = PREFIX[c["category"]]
        counters[p] = counters.get(p, 0) + 1
        line = {"id": f"{p}-{counters[p]:03d}", "category": c["category"], "query": c["query"],
                "record": index[id(c["entity"])], "expect": c["expect"], "kind": c["kind"], "note": c["note"]}
        if c["words"]:
            line["words"] = c["words"]
        lines.append(line)
    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return ("".join(dump(r) + "\n" for r in records), "".join(dump(x) + "\n" for x in lines))


def main() -> int:
    records, cases = render()
    targets = {HERE / "records.jsonl": records, HERE / "cases.jsonl": cases}
    if "--check" in sys.argv[1:]:
        stale = [p.name for p, text in targets.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("stale: " + ", ".join(stale) + " (run python3 tests/data/match-eval/gen.py)", file=sys.stderr)
            return 1
        return 0
    for p, text in targets.items():
        p.write_text(text, encoding="utf-8", newline="\n")
    n_cases = cases.count("\n")
    print(f"{records.count(chr(10))} records, {n_cases} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
