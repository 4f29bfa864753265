//! 重大税收违法失信主体 (the 2018 field set): list `LT-ZDSS`, several persons per entry.
//!
//! - 纳税人识别号: 18 characters that are a USCC → `uscc`; 15 characters (division + organisation
//!   code) → `orgCode`; anything else is reported and left out (the name still matches).
//! - The legal representative and the finance officer come with 性别 and 证件名称及号码 columns
//!   that repeat the same names: they are told apart by position. ID numbers are kept as
//!   published, masked or not. Staff of an intermediary named in
//!   负有直接责任的中介机构信息及其从业人员信息 (after `从业人员`) become `intermediaryStaff`.
//! - No term is published here and none is invented (publication ends are unknown); the
//!   sanctions are not itemised either (the handling text is kept as the penalty).
//! - The export names no authority: a `公布机关`/`税务机关` column, else `--authority`.

use super::text::{join_parts, parse_date, parse_month};
use super::{apply_code, classify, person_id, related, Code, Col, Cx, Row};
use credit_check::lists::record::{EntityKind, ListRecord, ListType, PersonRole};
use credit_check::taxpayer_id::{self, TaxpayerForm};
use credit_check::Profile;

const NAME: usize = 0;
const TAXID: usize = 1;
const ORG: usize = 2;
const LR_NAME: usize = 4;
const LR_ID: usize = 6;
const FO_NAME: usize = 7;
const FO_ID: usize = 9;
const AGENCY: usize = 10;
const NATURE: usize = 11;
const FACTS: usize = 12;
const HANDLING: usize = 13;
const PERIOD: usize = 14;
const PUBLISHED: usize = 15;
const AUTHORITY: usize = 16;

const SEX: (&str, &str) = ("记录模型不含性别", "the record model carries no sex");

/// The columns (性别 and 证件名称及号码 twice: by position).
pub(crate) const COLUMNS: &[Col] = &[
    Col::req(&["纳税人名称"]),
    Col::opt(&["纳税人识别号", "纳税人识别码"]),
    Col::opt(&["组织机构代码"]),
    Col::lost(
        &["注册地址"],
        "记录模型不含地址",
        "the record model has no address",
    ),
    Col::opt(&[
        "法定代表人或者负责人姓名",
        "法定代表人或负责人姓名",
        "法定代表人姓名",
    ]),
    Col::lost(&["性别", "法定代表人或者负责人性别"], SEX.0, SEX.1),
    Col::opt(&["证件名称及号码", "法定代表人或者负责人证件名称及号码"]),
    Col::opt(&["负有直接责任的财务负责人姓名", "财务负责人姓名"]),
    Col::lost(&["性别", "负有直接责任的财务负责人性别"], SEX.0, SEX.1),
    Col::opt(&["证件名称及号码", "负有直接责任的财务负责人证件名称及号码"]),
    Col::opt(&["负有直接责任的中介机构信息及其从业人员信息", "中介机构信息"]),
    Col::req(&["案件性质"]),
    Col::opt(&["主要违法事实"]),
    Col::opt(&[
        "相关法律依据及税务处理处罚情况",
        "法律依据及税务处理处罚情况",
    ]),
    Col::any(2, &["案件上报期"]),
    Col::any(2, &["公布日期", "发布日期"]),
    Col::opt(&["公布机关", "税务机关", "检查机关", "公布单位"]),
];

/// One row → one record.
pub(crate) fn record(row: &Row, cx: &mut Cx) -> Option<ListRecord> {
    let name = cx.required(row, NAME)?.to_string();
    let nature = cx.required(row, NATURE)?.to_string();
    let listed_at = listed_at(row, cx)?;
    let mut r = ListRecord::new(
        EntityKind::LegalEntity,
        ListType::MajorTaxViolators,
        listed_at,
    );
    r.name = name;
    r.listing_authority = row.text(AUTHORITY);
    codes(row, cx, &mut r);
    if r.uscc.is_some_and(|u| u.to_string().starts_with("92")) {
        r.entity_kind = EntityKind::IndividualBusiness;
    }
    for (role, n, id) in [
        (PersonRole::LegalRepresentative, LR_NAME, LR_ID),
        (PersonRole::FinanceOfficer, FO_NAME, FO_ID),
    ] {
        let id_cell = row.get(id).map(|v| (id, v));
        if let Some(p) = related(cx, role, row.get(n), id_cell) {
            r.related_persons.push(p);
        }
    }
    staff(row, cx, &mut r);
    r.reason = join_parts([nature.as_str(), row.get(FACTS).unwrap_or("")]);
    r.penalty = row.text(HANDLING);
    Some(r)
}

/// 公布日期, else 案件上报期 as a date, else as a month (its first day, reported).
fn listed_at(row: &Row, cx: &mut Cx) -> Option<chrono::NaiveDate> {
    if row.get(PUBLISHED).is_some() {
        return cx.date(row, PUBLISHED, true);
    }
    let Some(p) = row.get(PERIOD) else {
        let (a, b) = (cx.col(PUBLISHED), cx.col(PERIOD));
        cx.skip(
            a,
            "REQUIRED",
            format!("{a}和{b}都为空，无法确定列入日期"),
            format!("{a} and {b} are both empty: no listing date"),
        );
        return None;
    };
    if let Some(d) = parse_date(p) {
        return Some(d);
    }
    let c = cx.col(PERIOD);
    match parse_month(p) {
        Some(d) => {
            cx.review(
                c,
                "LISTED_AT_FROM_PERIOD",
                format!("{c}“{p}”只有月份，列入日期取该月1日"),
                format!("{c} '{p}' gives a month only: the listing date is its first day"),
            );
            Some(d)
        }
        None => {
            cx.skip(
                c,
                "INVALID_DATE",
                format!("{c}“{p}”不是可识别的日期或月份"),
                format!("{c} '{p}' is neither a date nor a month"),
            );
            None
        }
    }
}

/// 纳税人识别号 and 组织机构代码.
fn codes(row: &Row, cx: &mut Cx, r: &mut ListRecord) {
    if let Some(raw) = row.get(TAXID) {
        let t = taxpayer_id::validate(raw, Profile::Lenient).ok();
        match t.map(|t| (t.form(), t)) {
            Some((TaxpayerForm::Uscc, t)) => r.uscc = t.uscc(),
            Some((TaxpayerForm::DivisionOrgCode, t)) => r.org_code = t.org_code(),
            _ => {
                let c = cx.col(TAXID);
                cx.review(
                    c,
                    "TAXPAYER_ID_NOT_CARRIED",
                    format!("{c}“{raw}”既不是统一社会信用代码，也不是“行政区划码+组织机构代码”的15位识别号，未导入（按名称匹配）"),
                    format!("{c} '{raw}' is neither a USCC nor a 15-character division + organisation code number; not imported (name matching only)"),
                );
            }
        }
    }
    if let Some(raw) = row.get(ORG) {
        let ok = match classify(raw) {
            Some(Code::Org(o)) => match (r.uscc.map(|u| u.org_code()).or(r.org_code), o) {
                (Some(have), o) if have != o => false,
                _ => apply_code(r, Code::Org(o)),
            },
            _ => false,
        };
        if !ok {
            let c = cx.col(ORG);
            cx.review(
                c,
                "CODE_NOT_READ",
                format!("{c}“{raw}”不是有效的组织机构代码（或与纳税人识别号不一致），未导入"),
                format!("{c} '{raw}' is not a valid organisation code (or disagrees with the taxpayer number); not imported"),
            );
        }
    }
}

/// The persons after `从业人员` in the intermediary cell, separated by `；` or `、`.
fn staff(row: &Row, cx: &mut Cx, r: &mut ListRecord) {
    let Some(cell) = row.get(AGENCY) else { return };
    let Some((_, after)) = cell.split_once("从业人员") else {
        let c = cx.col(AGENCY);
        cx.review(
            c,
            "PERSONS_NOT_READ",
            format!("{c}中未找到“从业人员”，未导入相关人员（原文：{cell}）"),
            format!("no '从业人员' in {c}: no related persons imported (text: {cell})"),
        );
        return;
    };
    let after = after.trim_start_matches(['信', '息', '：', ':', ' ']);
    for seg in after.split(['；', ';', '、']).map(str::trim) {
        let name: String = seg
            .trim_start_matches("姓名")
            .trim_start_matches(['：', ':'])
            .split("身份证")
            .next()
            .unwrap_or("")
            .chars()
            .take_while(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '·')
            .collect();
        let id = person_id(seg).is_some().then_some((AGENCY, seg));
        if name.is_empty() && id.is_none() {
            continue;
        }
        if let Some(p) = related(cx, PersonRole::IntermediaryStaff, Some(&name), id) {
            r.related_persons.push(p);
        }
    }
}
