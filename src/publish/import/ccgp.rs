//! 中国政府采购网 政府采购严重违法失信行为记录名单 (and the 信用中国 copy with 处罚结束时间):
//! list `LT-ZFCG`. The table has no credit code and no decision number; 处罚结果 is free text
//! mixing sanctions, parsed by [`parse_penalty`]:
//!
//! - fines (`罚款人民币3万元`, `罚款30000元`, `处以采购金额千分之五的罚款` → a fine of unknown amount);
//! - bans (`一年内禁止参加政府采购活动` → procurement ban from 处罚日期 to the day before the same
//!   date a year later; `禁止代理政府采购业务` → agency ban; `禁止参加政府采购评审活动` → expert ban
//!   without time limit, 实施条例第七十五条), explicit periods (`自2023年3月1日起至2024年2月29日止`);
//! - `列入不良行为记录名单` (no sanction by itself), `没收违法所得`, `警告`.
//!
//! A ban whose length cannot be read (`在一至三年内` quotes the statute's range, not the
//! decision) becomes a ban without an end and a report line: checks ask for review.

use super::text::{self, numeral, parse_date, period_end, text_to_yuan};
use super::{Col, Cx, Row};
use chrono::NaiveDate;
use credit_check::lists::record::SubjectRole;
use credit_check::lists::record::{EntityKind, ListRecord, ListType, Sanction, SanctionKind};

const NAME: usize = 0;
const FACTS: usize = 2;
const RESULT: usize = 3;
const DECIDED: usize = 5;
const PUBLISHED: usize = 6;
const END: usize = 7;
const AUTHORITY: usize = 8;
const PUBLIC_UNTIL: usize = 9;

/// The columns, in the published order.
pub(crate) const COLUMNS: &[Col] = &[
    Col::req(&["企业名称", "供应商或代理机构名称", "供应商名称", "当事人名称"]),
    Col::lost(
        &["企业地址", "地址"],
        "记录模型不含地址：该名单无代码，按名称匹配（仅为疑似），地址请在复核时对照原名单",
        "the record model has no address: this list has no code, so it matches by name (possible only); compare the address with the published list on review",
    ),
    Col::opt(&["严重违法失信行为的具体情形", "具体情形", "严重违法失信行为"]),
    Col::req(&["处罚结果"]),
    Col::lost(
        &["处罚依据"],
        "记录模型不含处罚依据（处罚结果原文保留在penalty中）",
        "the record model has no legal-basis field (the penalty text is kept verbatim)",
    ),
    Col::any(2, &["处罚日期", "处罚决定日期"]),
    Col::any(2, &["公布日期", "发布日期", "公示日期"]),
    Col::opt(&["处罚结束时间", "处罚结束日期", "处罚截止日期"]),
    Col::req(&["执法单位", "执法机关", "处罚机关"]),
    // Not in the national table; carried where a local export adds it.
    Col::opt(&["公示截止期", "公示截止日期", "公布截止日期"]),
];

/// How long a ban runs, as the text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Length {
    /// Years and months from the decision date.
    For(u32, u32),
    /// Explicit first and/or last day.
    Dates(Option<NaiveDate>, Option<NaiveDate>),
    /// Without time limit (an expert ban).
    Indefinite,
    /// Not readable; why.
    Unknown(&'static str),
}

/// One sanction read from 处罚结果.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Fine(Option<u64>),
    Confiscation(Option<u64>),
    Ban(SanctionKind, Length),
    Other(SanctionKind),
    /// 列入不良行为记录名单: recorded, no sanction by itself.
    BadRecord,
}

/// The sanctions 处罚结果 names; empty when nothing is recognised.
pub(crate) fn parse_penalty(s: &str) -> Vec<Item> {
    let t = text::half_width(s);
    let mut out = Vec::new();
    for clause in t
        .split([',', '，', ';', '；', '。', '、', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        clause_items(clause, &mut out);
    }
    out
}

fn clause_items(c: &str, out: &mut Vec<Item>) {
    if c.contains("禁止") || c.contains("不得参加") {
        let kind = if c.contains("评审") {
            Some(SanctionKind::ExpertBan)
        } else if c.contains("代理") {
            Some(SanctionKind::AgencyBan)
        } else if c.contains("采购") {
            Some(SanctionKind::ProcurementBan)
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(Item::Ban(kind, ban_length(c, kind)));
            return;
        }
    }
    if c.contains("罚款") {
        out.push(Item::Fine(amount(c)));
    }
    if c.contains("没收") {
        out.push(Item::Confiscation(amount(c)));
    }
    if c.contains("警告") || c.contains("通报批评") {
        out.push(Item::Other(SanctionKind::Warning));
    }
    if c.contains("吊销") {
        out.push(Item::Other(SanctionKind::LicenceRevocation));
    }
    if c.contains("责令停业") || c.contains("责令停产停业") {
        out.push(Item::Other(SanctionKind::ProductionSuspension));
    }
    if c.contains("不良行为记录") {
        out.push(Item::BadRecord);
    }
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '.' | ',')
        || "零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
}

/// The amount in a clause: the numeral before `元` (or before `万` when there is no `元`).
fn amount(c: &str) -> Option<u64> {
    let chars: Vec<char> = c.chars().collect();
    let at = chars
        .iter()
        .position(|&x| x == '元')
        .or_else(|| chars.iter().rposition(|&x| x == '万').map(|i| i + 1))?;
    let mut start = at;
    while start > 0 && is_numeral_char(chars[start - 1]) {
        start -= 1;
    }
    let run: String = chars[start..at].iter().collect();
    let run = run.trim_start_matches([',', '.']);
    if run.is_empty() {
        return None;
    }
    text_to_yuan(&format!("{run}元"))
}

/// Dates written in a clause, in order, with whether `至`/`到` stands right before each.
fn dates_in(c: &str) -> Vec<(NaiveDate, bool)> {
    let chars: Vec<char> = c.chars().collect();
    let date_char = |x: char| x.is_ascii_digit() || "年月日-/.".contains(x);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && date_char(chars[j]) {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            let run = run.trim_end_matches(['-', '/', '.']);
            if run.chars().take_while(char::is_ascii_digit).count() >= 4 {
                if let Some(d) = parse_date(run) {
                    let until = i > 0 && matches!(chars[i - 1], '至' | '到' | '~');
                    out.push((d, until));
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// How long a ban clause says: explicit dates, else one duration (`一年内`, `3年`, `6个月`,
/// `半年`); a range (`一至三年`), several durations or none → unknown; an expert ban without a
/// duration has no time limit.
fn ban_length(c: &str, kind: SanctionKind) -> Length {
    let dates = dates_in(c);
    match dates.as_slice() {
        [(a, _), (b, _), ..] => return Length::Dates(Some(*a.min(b)), Some(*a.max(b))),
        [(d, true)] => return Length::Dates(None, Some(*d)),
        [(d, false)] => return Length::Dates(Some(*d), None),
        [] => {}
    }
    let chars: Vec<char> = c.chars().collect();
    let mut found: Vec<(u32, u32)> = Vec::new();
    let mut range = false;
    for (i, &ch) in chars.iter().enumerate() {
        let (unit_end, years) = match ch {
            '年' => (i, true),
            '月' if i > 0 && chars[i - 1] == '个' => (i - 1, false),
            '月' => (i, false),
            _ => continue,
        };
        if unit_end > 0 && chars[unit_end - 1] == '半' {
            found.push(if years { (0, 6) } else { (0, 0) });
            continue;
        }
        let mut start = unit_end;
        while start > 0 && is_numeral_char(chars[start - 1]) && chars[start - 1] != '.' {
            start -= 1;
        }
        let run: String = chars[start..unit_end].iter().collect();
        let Some(n) = numeral(&run).and_then(|n| u32::try_from(n).ok()) else {
            continue;
        };
        if start > 1 && matches!(chars[start - 1], '至' | '到' | '-' | '~' | '—') {
            range = true;
        }
        found.push(if years { (n, 0) } else { (n / 12, n % 12) });
    }
    found.retain(|&(y, m)| (y, m) != (0, 0) && y <= 10);
    found.dedup();
    match (range, found.as_slice()) {
        (true, _) => Length::Unknown("range"),
        (false, [(y, m)]) => Length::For(*y, *m),
        (false, []) if kind == SanctionKind::ExpertBan => Length::Indefinite,
        (false, []) => Length::Unknown("none"),
        (false, _) => Length::Unknown("several"),
    }
}

/// Whether a name is a tendering or procurement agency's.
fn agency_name(name: &str) -> bool {
    ["招标", "采购代理", "招投标"]
        .iter()
        .any(|k| name.contains(k))
}

/// One row → one record.
pub(crate) fn record(row: &Row, cx: &mut Cx) -> Option<ListRecord> {
    let name = cx.required(row, NAME)?.to_string();
    let result = cx.required(row, RESULT)?.to_string();
    let authority = cx.required(row, AUTHORITY)?.to_string();
    let decided = cx.date(row, DECIDED, false);
    let published = cx.date(row, PUBLISHED, false);
    let end_col = cx.date(row, END, false);
    let listed_at = match (published, decided) {
        (Some(p), _) => p,
        (None, Some(d)) => {
            let (p, dc) = (cx.col(PUBLISHED), cx.col(DECIDED));
            cx.review(
                p,
                "LISTED_AT_FROM_DECISION",
                format!("{p}为空，列入日期取{dc}"),
                format!("{p} is empty: the listing date is {dc}"),
            );
            d
        }
        (None, None) => {
            let (p, dc) = (cx.col(PUBLISHED), cx.col(DECIDED));
            cx.skip(
                p,
                "REQUIRED",
                format!("{p}和{dc}都为空，无法确定列入日期"),
                format!("{p} and {dc} are both empty: no listing date"),
            );
            return None;
        }
    };
    let items = parse_penalty(&result);
    let expert = items
        .iter()
        .any(|i| matches!(i, Item::Ban(SanctionKind::ExpertBan, _)));
    let agency = items
        .iter()
        .any(|i| matches!(i, Item::Ban(SanctionKind::AgencyBan, _)))
        || agency_name(&name);
    let kind = if expert && !looks_like_organisation(&name) {
        EntityKind::NaturalPerson
    } else {
        EntityKind::LegalEntity
    };
    let mut r = ListRecord::new(kind, ListType::ProcurementViolations, listed_at);
    r.name = name;
    r.listing_authority = authority;
    r.decided_at = decided;
    r.reason = row.text(FACTS);
    r.subject_role = Some(if expert {
        SubjectRole::EvaluationExpert
    } else if agency {
        SubjectRole::ProcurementAgency
    } else {
        SubjectRole::Supplier
    });
    r.sanctions = sanctions(&items, decided, end_col, cx);
    let public_until = cx.date(row, PUBLIC_UNTIL, false);
    let has_ban = r.sanctions.iter().any(|s| s.kind.has_period());
    match (public_until, end_col) {
        (Some(end), _) => set_term_end(&mut r, end, PUBLIC_UNTIL, cx),
        (None, Some(end)) if !has_ban => set_term_end(&mut r, end, END, cx),
        _ => {}
    }
    if r.sanctions.is_empty() {
        let c = cx.col(RESULT);
        cx.review(
            c,
            "PENALTY_NOT_PARSED",
            format!("{c}“{result}”中未识别出处罚种类（罚款、禁止参加政府采购活动等），已导入为处罚内容未知（核查时需人工复核）"),
            format!("no sanction recognised in {c} '{result}': imported with its sanctions unknown (checks ask for review)"),
        );
    }
    r.penalty = result;
    Some(r)
}

fn looks_like_organisation(name: &str) -> bool {
    name.chars().count() > 4
        || ["公司", "厂", "中心", "院", "所", "店", "部", "社", "行"]
            .iter()
            .any(|k| name.contains(k))
}

/// The publication end: 公示截止期 where an export has it, else 处罚结束时间 without a ban.
fn set_term_end(r: &mut ListRecord, end: NaiveDate, col: usize, cx: &mut Cx) {
    if end > r.listed_at {
        r.term.max_end = Some(end);
    } else {
        let c = cx.col(col);
        cx.review(
            c,
            "END_NOT_AFTER_LISTING",
            format!("{c}{end}不晚于列入日期{}，未作为公示截止日期", r.listed_at),
            format!(
                "{c} {end} is not after the listing date {}: not used as the publication end",
                r.listed_at
            ),
        );
    }
}

/// The sanctions, each ban with its period; 处罚结束时间 is a ban's end when there is a ban.
fn sanctions(
    items: &[Item],
    decided: Option<NaiveDate>,
    end_col: Option<NaiveDate>,
    cx: &mut Cx,
) -> Vec<Sanction> {
    let mut out = Vec::new();
    for item in items {
        let s = match item {
            Item::Fine(a) => money(SanctionKind::Fine, *a),
            Item::Confiscation(a) => money(SanctionKind::Confiscation, *a),
            Item::Other(k) => Sanction::new(*k),
            Item::BadRecord => continue,
            Item::Ban(kind, len) => ban(*kind, len, decided, end_col, cx),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn money(kind: SanctionKind, amount: Option<u64>) -> Sanction {
    let mut s = Sanction::new(kind);
    s.amount_yuan = amount;
    s
}

fn ban(
    kind: SanctionKind,
    len: &Length,
    decided: Option<NaiveDate>,
    end_col: Option<NaiveDate>,
    cx: &mut Cx,
) -> Sanction {
    let mut s = Sanction::new(kind);
    s.start = decided;
    let derived = match len {
        Length::For(y, m) => decided.and_then(|d| period_end(d, *y, *m)),
        Length::Dates(a, b) => {
            s.start = a.or(decided);
            *b
        }
        Length::Indefinite => None,
        Length::Unknown(_) => None,
    };
    s.indefinite = matches!(len, Length::Indefinite) && end_col.is_none();
    s.end = end_col.filter(|_| !s.indefinite).or(derived);
    let col = cx.col(END);
    match (derived, end_col) {
        (Some(a), Some(b)) if a != b => cx.review(
            col,
            "BAN_END_DIFFERS",
            format!("处罚结果推算的禁止期限截止日{a}与{col}{b}不同，采用{col}"),
            format!("the ban end {a} derived from the penalty text differs from {col} {b}: {col} is used"),
        ),
        (None, None) if !s.indefinite => {
            let (zh, en) = match len {
                Length::Unknown("range") => ("处罚结果只写明法定幅度（如一至三年），未写明具体期限", "the penalty text gives only the statutory range (e.g. one to three years), not the decision's length"),
                Length::Unknown("several") => ("处罚结果中有多个期限，无法确定禁止期限", "the penalty text gives several lengths: the ban's cannot be told"),
                Length::For(..) => ("处罚日期为空，无法推算禁止期限的截止日期", "the decision date is empty: the ban's end cannot be derived"),
                _ => ("处罚结果未写明禁止期限", "the penalty text gives no length for the ban"),
            };
            cx.review(
                cx.col(RESULT),
                "BAN_LENGTH_UNKNOWN",
                format!("{zh}：已导入为{}，截止日期未知（核查时需人工复核）", kind.name_zh()),
                format!("{en}: imported as a {} with its end unknown (checks ask for review)", kind.name_en()),
            );
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use Item::*;
    use SanctionKind as K;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn penalty_texts_as_published() {
        let cases: &[(&str, Vec<Item>)] = &[
            (
                "罚款人民币3万元，列入不良行为记录名单，一年内禁止参加政府采购活动",
                vec![Fine(Some(30_000)), BadRecord, Ban(K::ProcurementBan, Length::For(1, 0))],
            ),
            (
                "罚款30000元，列入不良行为记录名单，1年内禁止参加政府采购活动",
                vec![Fine(Some(30_000)), BadRecord, Ban(K::ProcurementBan, Length::For(1, 0))],
            ),
            (
                "处以采购金额千分之五的罚款，列入不良行为记录名单，三年内禁止参加政府采购活动",
                vec![Fine(None), BadRecord, Ban(K::ProcurementBan, Length::For(3, 0))],
            ),
            (
                "处以采购金额千分之五的罚款，列入不良行为记录名单，在一至三年内禁止参加政府采购活动",
                vec![Fine(None), BadRecord, Ban(K::ProcurementBan, Length::Unknown("range"))],
            ),
            (
                "罚款人民币壹万元整、列入不良行为记录名单、在３年内禁止参加政府采购活动",
                vec![Fine(Some(10_000)), BadRecord, Ban(K::ProcurementBan, Length::For(3, 0))],
            ),
            ("罚款人民币3万元，列入不良行为记录名单", vec![Fine(Some(30_000)), BadRecord]),
            ("警告，罚款2.5万元", vec![Other(K::Warning), Fine(Some(25_000))]),
            (
                "罚款3万元，没收违法所得5000元",
                vec![Fine(Some(30_000)), Confiscation(Some(5_000))],
            ),
            (
                "一年内禁止其代理政府采购业务",
                vec![Ban(K::AgencyBan, Length::For(1, 0))],
            ),
            (
                "禁止其参加政府采购评审活动",
                vec![Ban(K::ExpertBan, Length::Indefinite)],
            ),
            (
                "列入不良行为记录名单，禁止参加政府采购活动",
                vec![BadRecord, Ban(K::ProcurementBan, Length::Unknown("none"))],
            ),
            (
                "列入不良行为记录名单，禁止参加政府采购活动6个月",
                vec![BadRecord, Ban(K::ProcurementBan, Length::For(0, 6))],
            ),
            (
                "两年内禁止参加政府采购活动",
                vec![Ban(K::ProcurementBan, Length::For(2, 0))],
            ),
            (
                "禁止在半年内参加本市政府采购活动",
                vec![Ban(K::ProcurementBan, Length::For(0, 6))],
            ),
            (
                "自2023年3月1日起至2024年2月29日止禁止参加政府采购活动",
                vec![Ban(
                    K::ProcurementBan,
                    Length::Dates(Some(d("2023-03-01")), Some(d("2024-02-29"))),
                )],
            ),
            (
                "禁止参加政府采购活动至2025-06-30",
                vec![Ban(K::ProcurementBan, Length::Dates(None, Some(d("2025-06-30"))))],
            ),
            (
                "罚款（人民币叁万元）；列入不良行为记录名单；二年内不得参加政府采购活动",
                vec![Fine(Some(30_000)), BadRecord, Ban(K::ProcurementBan, Length::For(2, 0))],
            ),
            (
                "一年内禁止参加政府采购活动，三年内禁止代理政府采购业务",
                vec![Ban(K::ProcurementBan, Length::For(1, 0)), Ban(K::AgencyBan, Length::For(3, 0))],
            ),
            ("吊销营业执照", vec![Other(K::LicenceRevocation)]),
            ("约谈", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(&parse_penalty(text), want, "{text}");
        }
    }

    #[test]
    fn amounts_in_clauses() {
        assert_eq!(amount("罚款人民币1.5万元"), Some(15_000));
        assert_eq!(amount("罚款3万"), Some(30_000));
        assert_eq!(amount("罚款人民币30,000元"), Some(30_000));
        assert_eq!(amount("处以采购金额千分之五的罚款"), None);
        assert_eq!(amount("处以中标金额5‰的罚款"), None);
    }

    #[test]
    fn agency_names() {
        assert!(agency_name("福建某某招标代理有限公司"));
        assert!(agency_name("某某政府采购代理有限公司"));
        assert!(!agency_name("某某科技有限公司"));
    }
}
