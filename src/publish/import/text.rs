//! Text cleaning shared by every importer: the file's encoding, full-width characters, dates in
//! the styles government exports use, amounts in 万元 or 元, Chinese numerals, and periods counted
//! in years or months.
//!
//! Nothing here panics on input: every parser returns `None` (or an error value) for text it
//! cannot read, and the importer reports it.

use chrono::{Datelike, Months, NaiveDate};
use std::borrow::Cow;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is dropped).
    Utf8,
    /// GB18030 (and so GBK and GB2312, its subsets).
    Gb18030,
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    Utf16,
}

impl Encoding {
    /// `utf-8`, `gb18030`, `utf-16`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// Why bytes could not be decoded: the offset of the first byte that is not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecodable {
    /// Byte offset in the file.
    pub offset: usize,
}

/// Decodes a file: valid UTF-8 is UTF-8 (a BOM dropped); a UTF-16 BOM means UTF-16; anything
/// else must decode as GB18030 without a single malformed sequence, or the file is refused.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), Undecodable> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, rest) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, &bytes[2..])
        } else {
            (encoding_rs::UTF_16BE, &bytes[2..])
        };
        return enc
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|s| (s.into_owned(), Encoding::Utf16))
            .ok_or(Undecodable { offset: 0 });
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{FEFF}') {
                s.drain(..'\u{FEFF}'.len_utf8());
            }
            Ok((s, Encoding::Utf8))
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // GB18030's own BOM (84 31 95 33) is dropped too.
            let body = bytes
                .strip_prefix(&[0x84, 0x31, 0x95, 0x33])
                .unwrap_or(&bytes);
            gb18030(body)
                .map(|s| (s, Encoding::Gb18030))
                .ok_or(Undecodable { offset })
        }
    }
}

/// GB18030 to a string grown as needed (not sized for the worst case up front: a 300 MB export
/// would otherwise ask for a gigabyte); `None` at the first malformed sequence.
fn gb18030(mut src: &[u8]) -> Option<String> {
    use encoding_rs::DecoderResult;
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(src.len() + src.len() / 2 + 16);
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut out, true);
        src = src.get(read..).unwrap_or(&[]);
        match result {
            DecoderResult::InputEmpty => return Some(out),
            DecoderResult::OutputFull => out.reserve(src.len() + 1024),
            DecoderResult::Malformed(..) => return None,
        }
    }
}

/// Full-width ASCII (`９`, `Ａ`, `（`, `／`) as ASCII and the ideographic space as a space;
/// borrowed when there is nothing to change.
pub fn half_width(s: &str) -> Cow<'_, str> {
    let wide = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
    if !s.chars().any(wide) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{3000}' => ' ',
                c if wide(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect(),
    )
}

/// A cell that says "nothing": empty, or one of the fillers exports put in blank cells.
pub fn is_blank(s: &str) -> bool {
    matches!(
        s.trim(),
        "" | "-"
            | "－"
            | "—"
            | "——"
            | "/"
            | "／"
            | "无"
            | "暂无"
            | "null"
            | "NULL"
            | "None"
            | "N/A"
    )
}

/// A date as exports write it: `2019-07-13`, `2019-7-13`, `2019/7/13`, `2019.7.13`,
/// `20190713`, `2019年07月13日`, full-width digits, with or without a time after it
/// (`2019-07-13 00:00:00`, `2019-07-13T08:00:00`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = half_width(s.trim());
    let t = t.trim();
    // Drop a time of day.
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let t = t.strip_suffix('日').unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<u32>().ok());
        return NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?);
    }
    let mut parts = t.split(['-', '/', '.', '年', '月']);
    let y: i32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    let d: u32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1900..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A month as a reporting period writes it: `2019-09`, `2019/9`, `201909`, `2019年9月`,
/// `2019年09月`. The first day of that month.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let t = half_width(s.trim());
    let t = t.trim().trim_end_matches('份').trim_end_matches('月');
    let (y, m) = if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        (t.get(0..4)?.parse().ok()?, t.get(4..6)?.parse().ok()?)
    } else {
        let (y, m) = t.split_once(['-', '/', '.', '年'])?;
        (y.trim().parse().ok()?, m.trim().parse().ok()?)
    };
    if !(1900..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The day `n` years after `d`; 29 February goes to 1 March when the year has none (so that
/// the day before it is the last day of February).
pub fn add_years(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    let y = d.year().checked_add(i32::try_from(n).ok()?)?;
    NaiveDate::from_ymd_opt(y, d.month(), d.day()).or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
}

/// The last day of a period of `years` years and `months` months that starts on `start` (both
/// ends inclusive): the day before the same date that much later.
pub fn period_end(start: NaiveDate, years: u32, months: u32) -> Option<NaiveDate> {
    let after = add_years(start, years)?;
    let after = if months > 0 {
        // A month without that day: the first of the next month, as for years.
        let same = after.checked_add_months(Months::new(months))?;
        if same.day() == after.day() {
            same
        } else {
            same.succ_opt()?
        }
    } else {
        after
    };
    after.pred_opt()
}

/// Value of a Chinese or Arabic numeral: `3`, `３`, `三`, `叁`, `两`, `十二`, `一百五十`,
/// `三万五千`, `壹拾`. `None` for anything else.
pub fn numeral(s: &str) -> Option<u64> {
    let t = half_width(s.trim());
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    let mut total: u64 = 0; // completed 万 / 亿 sections
    let mut section: u64 = 0; // within the current 万 section
    let mut digit: Option<u64> = None;
    for c in t.chars() {
        if let Some(v) = cn_digit(c) {
            digit = Some(v);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' | '萬' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            section += digit.take().unwrap_or(0);
            total = total.checked_add(section.max(1).checked_mul(unit)?)?;
            section = 0;
        } else {
            section += digit.take().unwrap_or(1) * unit;
        }
    }
    total.checked_add(section + digit.unwrap_or(0))
}

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        c if c.is_ascii_digit() => u64::from(c as u8 - b'0'),
        _ => return None,
    })
}

/// A decimal number with up to four places as an integer count of 1/10000 (`3.5` → 35000,
/// `0.0005` → 5); thousands separators allowed; more places are rounded half up.
fn ten_thousandths(s: &str) -> Option<u64> {
    let t: String = s.chars().filter(|&c| c != ',' && c != '，').collect();
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut places = 0u64;
    let mut scale = 1000u64;
    for b in frac.bytes().take(4) {
        places += u64::from(b - b'0') * scale;
        scale /= 10;
    }
    let round_up = frac.as_bytes().get(4).is_some_and(|&b| b >= b'5');
    whole
        .checked_mul(10_000)?
        .checked_add(places + u64::from(round_up))
}

/// An amount in a 万元 column, in yuan: `3.5`, `３`, `3万元`, `3万`, `1,200.5`; a value that
/// says `元` without `万` is taken as yuan (`30000元`). `None` when it is not a number.
pub fn wan_to_yuan(s: &str) -> Option<u64> {
    let t = half_width(s.trim());
    let t = t.trim().trim_start_matches("人民币").trim();
    if let Some(n) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        return ten_thousandths(n.trim());
    }
    if let Some(n) = t.strip_suffix('元') {
        return ten_thousandths(n.trim()).map(|x| x.saturating_add(5_000) / 10_000);
    }
    ten_thousandths(t)
}

/// An amount written in a sentence, in yuan: `人民币3万元`, `30000元`, `30,000.00元`,
/// `3.5万元`, `3万`, `叁万元整`, `五千元`. `None` when it is not an amount (a bare number says
/// no unit).
pub fn text_to_yuan(s: &str) -> Option<u64> {
    let t = half_width(s.trim());
    let t = t
        .trim()
        .trim_start_matches("人民币")
        .trim_start_matches('：')
        .trim_start_matches(':')
        .trim()
        .trim_end_matches('整')
        .trim_end_matches('的');
    let (t, yuan) = match t.strip_suffix('元') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    if let Some(n) = t.strip_suffix('万') {
        let n = n.trim();
        return ten_thousandths(n).or_else(|| numeral(n).and_then(|v| v.checked_mul(10_000)));
    }
    if !yuan {
        return None;
    }
    ten_thousandths(t)
        .map(|x| x.saturating_add(5_000) / 10_000)
        .or_else(|| numeral(t))
}

/// Splits a cell that lists several values: `；` `;` `,` `，` `、` `|` and line breaks.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；', ',', '，', '、', '|', '\n', '/'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Joins non-empty parts with `；`.
pub fn join_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('；');
        }
        out.push_str(p);
    }
    out
}
