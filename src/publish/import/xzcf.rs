//! 信用中国 行政处罚, 双公示 data standard: list `LT-XZCF`.
//!
//! 处罚类别 (several, separated by `；` `,` `、`) gives the sanction kinds; 罚款金额（万元） and
//! 没收…金额（万元） their amounts (yuan = round(万元 × 10000)); 处罚有效期 the end of a
//! suspension or ban; 公示截止期 the publication end. Records past 公示截止期 are kept: a
//! procurement 重大违法记录 looks back three years from the decision date
//! (政府采购法第二十二条第一款第五项, 实施条例第十九条), whatever publication does.

use super::text::{half_width, split_list, wan_to_yuan};
use super::{apply_code, classify, person_id, related, Code, Col, Cx, Row};
use chrono::NaiveDate;
use credit_check::lists::record::{
    EntityKind, ListRecord, ListType, PersonId, PersonRole, Sanction, SanctionKind,
};

const NAME: usize = 0;
const CATEGORY: usize = 1;
const CODE1: usize = 2;
const CODE2: usize = 3;
const CODE3: usize = 4;
const REP: usize = 8;
const REP_ID_TYPE: usize = 9;
const REP_ID: usize = 10;
const ID_TYPE: usize = 11;
const ID: usize = 12;
const DECISION: usize = 13;
const VIOLATION: usize = 14;
const FACTS: usize = 15;
const KINDS: usize = 17;
const CONTENT: usize = 18;
const FINE: usize = 19;
const CONFISCATED: usize = 20;
const DECIDED: usize = 22;
const VALID_UNTIL: usize = 23;
const PUBLIC_UNTIL: usize = 24;
const AUTHORITY: usize = 25;

/// The columns of the 双公示 standard, in its order.
pub(crate) const COLUMNS: &[Col] = &[
    Col::req(&["行政相对人名称"]),
    Col::opt(&["行政相对人类别"]),
    Col::opt(&["行政相对人代码_1(统一社会信用代码)", "行政相对人代码_1", "统一社会信用代码"]),
    Col::opt(&["行政相对人代码_2(工商注册号)", "行政相对人代码_2", "工商注册号"]),
    Col::opt(&["行政相对人代码_3(组织机构代码)", "行政相对人代码_3", "组织机构代码"]),
    Col::lost(&["行政相对人代码_4(税务登记号)", "行政相对人代码_4", "税务登记号"], "记录模型不含税务登记号（统一社会信用代码、注册号、组织机构代码已导入）", "the record model has no tax registration number (USCC, registration number and organisation code are kept)"),
    Col::lost(&["行政相对人代码_5(事业单位证书号)", "行政相对人代码_5", "事业单位证书号"], "记录模型不含事业单位证书号", "the record model has no public-institution certificate number"),
    Col::lost(&["行政相对人代码_6(社会组织登记证号)", "行政相对人代码_6", "社会组织登记证号"], "记录模型不含社会组织登记证号", "the record model has no social-organisation registration number"),
    Col::opt(&["法定代表人"]),
    Col::opt(&["法定代表人证件类型"]),
    Col::opt(&["法定代表人证件号码"]),
    Col::opt(&["证件类型"]),
    Col::opt(&["证件号码"]),
    Col::req(&["行政处罚决定书文号"]),
    Col::opt(&["违法行为类型"]),
    Col::opt(&["违法事实"]),
    Col::lost(&["处罚依据"], "记录模型不含处罚依据", "the record model has no legal-basis field"),
    Col::req(&["处罚类别"]),
    Col::opt(&["处罚内容"]),
    Col::opt(&["罚款金额（万元）", "罚款金额"]),
    Col::opt(&["没收违法所得、没收非法财物的金额（万元）", "没收违法所得、没收非法财物的金额", "没收金额（万元）"]),
    Col::lost(&["暂扣或吊销证照名称及编号"], "记录模型不含证照名称及编号（处罚种类已导入）", "the record model has no licence name or number (the sanction kind is kept)"),
    Col::req(&["处罚决定日期"]),
    Col::opt(&["处罚有效期"]),
    Col::opt(&["公示截止期"]),
    Col::req(&["处罚机关"]),
    Col::lost(&["处罚机关统一社会信用代码"], "记录模型只保存处罚机关名称", "the record model keeps the authority's name only"),
    Col::lost(&["数据来源单位"], "记录模型不含数据来源单位", "the record model has no data-source field"),
    Col::lost(&["数据来源单位统一社会信用代码"], "记录模型不含数据来源单位", "the record model has no data-source field"),
    Col::lost(&["备注"], "记录模型不含备注", "the record model has no remarks field"),
];

/// The sanction kind a 处罚类别 item names; `None` when it names none the model has.
pub(crate) fn kind_of(item: &str) -> Option<SanctionKind> {
    use SanctionKind::*;
    let rules: [(&[&str], SanctionKind); 8] = [
        (&["警告", "通报批评"], Warning),
        (&["罚款"], Fine),
        (&["没收"], Confiscation),
        (&["暂扣", "降低资质等级"], LicenceSuspension),
        (&["吊销"], LicenceRevocation),
        (
            &[
                "责令停产停业",
                "责令关闭",
                "限制开展生产经营活动",
                "停产停业",
            ],
            ProductionSuspension,
        ),
        (&["限制从业", "禁止从业"], MarketBan),
        (&["刑事"], CriminalPenalty),
    ];
    rules
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| item.contains(k)))
        .map(|&(_, k)| k)
}

fn entity_kind(row: &Row, cx: &mut Cx) -> EntityKind {
    let has_code = [CODE1, CODE2, CODE3].iter().any(|&c| row.get(c).is_some());
    let inferred = if row.get(ID).is_some() && !has_code {
        EntityKind::NaturalPerson
    } else {
        EntityKind::LegalEntity
    };
    let Some(cat) = row.get(CATEGORY) else {
        return inferred;
    };
    if cat.contains("个体") {
        EntityKind::IndividualBusiness
    } else if cat.contains("自然人") {
        EntityKind::NaturalPerson
    } else if cat.contains("法人") || cat.contains("组织") {
        EntityKind::LegalEntity
    } else {
        let c = cx.col(CATEGORY);
        cx.review(
            c,
            "UNKNOWN_CATEGORY",
            format!(
                "{c}“{cat}”不是法人及非法人组织、个体工商户或自然人，按代码推定为{}",
                inferred.name_zh()
            ),
            format!(
                "{c} '{cat}' is not one of the standard's categories: taken as {} from the codes",
                inferred.name_en()
            ),
        );
        inferred
    }
}

/// One row → one record.
pub(crate) fn record(row: &Row, cx: &mut Cx) -> Option<ListRecord> {
    let name = cx.required(row, NAME)?.to_string();
    let decision = cx.required(row, DECISION)?;
    let categories = cx.required(row, KINDS)?.to_string();
    let authority = cx.required(row, AUTHORITY)?.to_string();
    let decided = cx.date(row, DECIDED, true)?;
    let kind = entity_kind(row, cx);
    let mut r = ListRecord::new(kind, ListType::AdministrativePenalties, decided);
    r.name = name;
    r.decision_number = half_width(decision).into_owned();
    r.listing_authority = authority;
    r.decided_at = Some(decided);
    codes(row, cx, &mut r);
    persons(row, cx, &mut r);
    r.sanctions = sanctions(row, cx, &categories, decided);
    if let Some(end) = cx.date(row, PUBLIC_UNTIL, false) {
        if end > decided {
            r.term.max_end = Some(end);
        } else {
            let c = cx.col(PUBLIC_UNTIL);
            cx.review(
                c,
                "END_NOT_AFTER_LISTING",
                format!("{c}{end}不晚于处罚决定日期{decided}，未导入"),
                format!("{c} {end} is not after the decision date {decided}; not imported"),
            );
        }
    }
    r.reason = super::text::join_parts([
        row.get(VIOLATION).unwrap_or(""),
        row.get(FACTS).unwrap_or(""),
    ]);
    r.penalty = row.text(CONTENT);
    Some(r)
}

/// 代码_1…_3 on an organisation; a natural person's 证件号码.
fn codes(row: &Row, cx: &mut Cx, r: &mut ListRecord) {
    if r.entity_kind == EntityKind::NaturalPerson {
        if let Some(id) = row.get(ID) {
            id_number(row, cx, r, id);
        }
        return;
    }
    if let Some(id) = row.get(ID) {
        let col = cx.col(ID);
        cx.review(
            col,
            "ID_NOT_CARRIED",
            format!("{}的{col}“{id}”未导入（组织以代码标识；法定代表人证件号码请填在法定代表人证件号码列）", r.entity_kind.name_zh()),
            format!("{col} '{id}' on a {} was not imported (organisations are keyed by their codes; a representative's ID goes in 法定代表人证件号码)", r.entity_kind.name_en()),
        );
    }
    for c in [CODE1, CODE2, CODE3] {
        let Some(raw) = row.get(c) else { continue };
        let ok = match classify(raw) {
            Some(Code::Org(o)) if r.uscc.is_some_and(|u| u.org_code() != o) => false,
            Some(code @ (Code::Uscc(_) | Code::Org(_) | Code::Reg(_))) => apply_code(r, code),
            _ => false,
        };
        if !ok {
            let col = cx.col(c);
            cx.review(
                col,
                "CODE_NOT_READ",
                format!("{col}“{raw}”不是有效的代码（或与统一社会信用代码不一致），未导入"),
                format!(
                    "{col} '{raw}' is not a valid code (or disagrees with the USCC); not imported"
                ),
            );
        }
    }
}

fn is_resident_id_type(t: Option<&str>) -> bool {
    match t {
        None => true,
        Some(t) => t.contains("身份证"),
    }
}

fn id_number(row: &Row, cx: &mut Cx, r: &mut ListRecord, id: &str) {
    let col = cx.col(ID);
    if !is_resident_id_type(row.get(ID_TYPE)) {
        let t = row.get(ID_TYPE).unwrap_or("");
        cx.review(
            col,
            "ID_NOT_CARRIED",
            format!("证件类型“{t}”不是居民身份证，{col}未导入（按姓名匹配）"),
            format!(
                "ID type '{t}' is not a resident ID card: {col} not imported (name matching only)"
            ),
        );
        return;
    }
    match person_id(id) {
        Some(Ok(PersonId::Full(f))) => r.id_number = Some(f),
        Some(Ok(PersonId::Masked(m))) => r.masked_id_number = Some(m),
        _ => cx.review(
            col,
            "ID_NOT_READ",
            format!("{col}“{id}”不是可识别的身份证号码，未导入"),
            format!("{col} '{id}' is not a readable ID number; not imported"),
        ),
    }
}

/// 法定代表人 (经营者 of an individual business) with the ID number when it is a resident ID.
fn persons(row: &Row, cx: &mut Cx, r: &mut ListRecord) {
    if r.entity_kind == EntityKind::NaturalPerson {
        return;
    }
    let role = if r.entity_kind == EntityKind::IndividualBusiness {
        PersonRole::Operator
    } else {
        PersonRole::LegalRepresentative
    };
    let id = row
        .get(REP_ID)
        .filter(|_| is_resident_id_type(row.get(REP_ID_TYPE)))
        .map(|v| (REP_ID, v));
    if let Some(p) = related(cx, role, row.get(REP), id) {
        r.related_persons.push(p);
    }
}

/// The sanctions 处罚类别 names, with amounts and periods.
fn sanctions(row: &Row, cx: &mut Cx, categories: &str, decided: NaiveDate) -> Vec<Sanction> {
    let mut out: Vec<Sanction> = Vec::new();
    let fine = amount(row, cx, FINE);
    let confiscated = amount(row, cx, CONFISCATED);
    let until = valid_until(row, cx, decided);
    for item in split_list(categories) {
        let Some(kind) = kind_of(item) else {
            if item != "其他" {
                let c = cx.col(KINDS);
                cx.review(
                    c,
                    "UNKNOWN_PENALTY_KIND",
                    format!("{c}“{item}”不是记录模型中的处罚种类，未作为处罚导入（处罚内容原文保留）"),
                    format!("{c} '{item}' is no sanction kind of the record model: not imported as a sanction (the penalty text is kept)"),
                );
            }
            continue;
        };
        if out.iter().any(|s| s.kind == kind) {
            continue;
        }
        let mut s = Sanction::new(kind);
        match kind {
            SanctionKind::Fine => s.amount_yuan = fine,
            SanctionKind::Confiscation => s.amount_yuan = confiscated,
            k if k.has_period() => {
                s.start = Some(decided);
                s.end = until.and_then(|u| u);
                s.indefinite = until == Some(None);
            }
            _ => {}
        }
        out.push(s);
    }
    for (kind, a) in [
        (SanctionKind::Fine, fine),
        (SanctionKind::Confiscation, confiscated),
    ] {
        if a.is_some() && !out.iter().any(|s| s.kind == kind) {
            let mut s = Sanction::new(kind);
            s.amount_yuan = a;
            out.push(s);
        }
    }
    out
}

/// An amount in 万元 as yuan; zero is no amount; unreadable → reported.
fn amount(row: &Row, cx: &mut Cx, c: usize) -> Option<u64> {
    let raw = row.get(c)?;
    match wan_to_yuan(raw) {
        Some(0) => None,
        Some(y) => Some(y),
        None => {
            let col = cx.col(c);
            cx.review(
                col,
                "INVALID_AMOUNT",
                format!("{col}“{raw}”不是以万元计的金额，未导入金额"),
                format!("{col} '{raw}' is not an amount in 万元; the amount was not imported"),
            );
            None
        }
    }
}

/// 处罚有效期: `Some(Some(day))`, `Some(None)` for 长期/永久, `None` when blank or unusable.
fn valid_until(row: &Row, cx: &mut Cx, decided: NaiveDate) -> Option<Option<NaiveDate>> {
    let raw = row.get(VALID_UNTIL)?;
    if raw.contains("长期") || raw.contains("永久") {
        return Some(None);
    }
    let d = cx.date(row, VALID_UNTIL, false)?;
    if d < decided {
        let c = cx.col(VALID_UNTIL);
        cx.review(
            c,
            "END_BEFORE_DECISION",
            format!("{c}{d}早于处罚决定日期{decided}，未导入"),
            format!("{c} {d} is before the decision date {decided}; not imported"),
        );
        return None;
    }
    Some(Some(d))
}

/// A deterministic generator (SplitMix64) for the import benchmark.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// A valid USCC for a generated organisation (`None` never happens for these inputs).
fn synth_uscc(m: &mut Mix, division: &str) -> String {
    const CH: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let body: String = (0..8)
        .map(|_| char::from(CH[(m.next() % 10) as usize]))
        .collect();
    let org = credit_check::org_code::calc_check_char(&body).unwrap_or('0');
    let first = format!("91{division}{body}{org}");
    let check = credit_check::uscc::calc_check_char(&first).unwrap_or('0');
    format!("{first}{check}")
}

/// Row `i` of the benchmark file: the 30 columns of the standard, messy where exports are
/// (date styles, full-width amounts, several categories, one row in 200 without its date).
pub(crate) fn synth_row(seed: u64, i: u64, row: &mut Vec<String>) {
    let mut m = Mix(seed.wrapping_mul(0x1000_0000_01B3) ^ i);
    row.clear();
    row.resize(COLUMNS.len(), String::new());
    let city = m.pick(&[
        "福州", "厦门", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德",
    ]);
    let word = m.pick(&[
        "恒泰", "华兴", "鑫源", "闽江", "海峡", "鹭岛", "刺桐", "武夷", "八闽", "榕城",
    ]);
    let trade = m.pick(&[
        "贸易",
        "建设工程",
        "食品",
        "科技",
        "物流",
        "医药",
        "环保",
        "机械",
        "印务",
    ]);
    let division = m.pick(&[
        "350102", "350203", "350502", "350602", "350302", "350402", "350702", "350802", "350902",
    ]);
    row[NAME] = format!("{city}{word}{trade}有限公司{i}");
    row[CATEGORY] = "法人及非法人组织".into();
    row[CODE1] = synth_uscc(&mut m, division);
    row[REP] = m
        .pick(&["张伟", "王芳", "李娜", "刘洋", "陈静", "林强"])
        .into();
    row[REP_ID_TYPE] = "身份证".into();
    row[DECISION] = format!("{city}市监罚〔{}〕{}号", 2020 + m.next() % 6, i % 100_000);
    row[VIOLATION] = m
        .pick(&[
            "食品安全",
            "产品质量",
            "价格",
            "广告",
            "环境污染",
            "安全生产",
        ])
        .into();
    row[FACTS] = "经查，当事人存在违法行为，事实清楚，证据确凿".into();
    row[16] = "《中华人民共和国行政处罚法》".into();
    let kinds = m.pick(&[
        "罚款",
        "警告；罚款",
        "罚款、没收违法所得",
        "责令停产停业,罚款",
        "暂扣许可证件",
        "吊销许可证件；罚款",
    ]);
    row[KINDS] = kinds.into();
    row[CONTENT] = format!("{kinds}（详见决定书）");
    let wan = m.next() % 500;
    row[FINE] = if i % 7 == 0 {
        // Full-width digits, as some exports have them.
        wan.to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
            .collect()
    } else {
        format!("{}.{}", wan / 10, wan % 10)
    };
    if kinds.contains("没收") {
        row[CONFISCATED] = format!("{}", m.next() % 50);
    }
    let (y, mo, d) = (2021 + m.next() % 5, 1 + m.next() % 12, 1 + m.next() % 28);
    row[DECIDED] = match i % 200 {
        0 => String::new(),
        r if r % 3 == 0 => format!("{y}/{mo}/{d}"),
        r if r % 3 == 1 => format!("{y}年{mo:02}月{d:02}日"),
        _ => format!("{y}{mo:02}{d:02}"),
    };
    row[VALID_UNTIL] = format!("{}-{mo:02}-{d:02}", y + 1);
    row[PUBLIC_UNTIL] = format!("{}-{mo:02}-{d:02}", y + 3);
    row[AUTHORITY] = format!("{city}市市场监督管理局");
    row[27] = row[AUTHORITY].clone();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_give_kinds() {
        use SanctionKind::*;
        for (item, kind) in [
            ("警告", Some(Warning)),
            ("通报批评", Some(Warning)),
            ("罚款", Some(Fine)),
            ("没收违法所得", Some(Confiscation)),
            ("没收非法财物", Some(Confiscation)),
            ("暂扣许可证件", Some(LicenceSuspension)),
            ("降低资质等级", Some(LicenceSuspension)),
            ("吊销许可证件", Some(LicenceRevocation)),
            ("吊销营业执照", Some(LicenceRevocation)),
            ("责令停产停业", Some(ProductionSuspension)),
            ("责令关闭", Some(ProductionSuspension)),
            ("限制开展生产经营活动", Some(ProductionSuspension)),
            ("限制从业", Some(MarketBan)),
            ("行政拘留", None),
            ("其他", None),
        ] {
            assert_eq!(kind_of(item), kind, "{item}");
        }
    }
}
