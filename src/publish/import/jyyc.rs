//! 国家企业信用信息公示系统 经营异常名录 (an export with the entity's name and code added as
//! columns): list `LT-JYYC`. Individual businesses publish 标记经营异常状态原因 /
//! 恢复正常记载状态原因 instead of 列入/移出 …原因.
//!
//! A removal (移出日期) makes the record `removed` on that date, the removal reason and authority
//! appended to the reason so that they are not lost. A removal reason without its date cannot be
//! dated: the record stays active and is reported.

use super::text::join_parts;
use super::{apply_code, classify, Code, Col, Cx, Row};
use credit_check::lists::record::{EntityKind, ListRecord, ListType, ListingStatus};

const NAME: usize = 0;
const USCC: usize = 1;
const REG: usize = 2;
const REASON: usize = 3;
const MARK_REASON: usize = 4;
const LISTED: usize = 5;
const LIST_AUTHORITY: usize = 6;
const REMOVAL_REASON: usize = 7;
const RESTORE_REASON: usize = 8;
const REMOVED: usize = 9;
const REMOVAL_AUTHORITY: usize = 10;

/// The columns.
pub(crate) const COLUMNS: &[Col] = &[
    Col::req(&["企业名称", "名称", "市场主体名称"]),
    Col::opt(&["统一社会信用代码", "统一社会信用代码/注册号"]),
    Col::opt(&["注册号"]),
    Col::any(2, &["列入经营异常名录原因", "列入原因"]),
    Col::any(2, &["标记经营异常状态原因"]),
    Col::req(&["列入日期", "标记日期"]),
    Col::req(&[
        "作出决定机关（列入）",
        "列入作出决定机关",
        "作出决定机关（标记）",
    ]),
    Col::opt(&["移出经营异常名录原因", "移出原因"]),
    Col::opt(&["恢复正常记载状态原因"]),
    Col::opt(&["移出日期", "恢复日期"]),
    Col::opt(&[
        "作出决定机关（移出）",
        "移出作出决定机关",
        "作出决定机关（恢复）",
    ]),
];

/// One row → one record.
pub(crate) fn record(row: &Row, cx: &mut Cx) -> Option<ListRecord> {
    let name = cx.required(row, NAME)?.to_string();
    let authority = cx.required(row, LIST_AUTHORITY)?.to_string();
    let listed_at = cx.date(row, LISTED, true)?;
    let marked = row.get(MARK_REASON).is_some();
    let mut codes = Vec::new();
    for c in [USCC, REG] {
        if let Some(raw) = row.get(c) {
            match classify(raw) {
                Some(code @ (Code::Uscc(_) | Code::Reg(_) | Code::Org(_))) => codes.push(code),
                _ => {
                    let col = cx.col(c);
                    cx.review(
                        col,
                        "CODE_NOT_READ",
                        format!("{col}“{raw}”不是有效的统一社会信用代码或注册号，未导入"),
                        format!("{col} '{raw}' is not a valid USCC or registration number; not imported"),
                    );
                }
            }
        }
    }
    // USCC category 9-2 (个体工商户), or the individual-business columns.
    let individual = marked
        || codes
            .iter()
            .any(|c| matches!(c, Code::Uscc(u) if u.to_string().starts_with("92")));
    let kind = if individual {
        EntityKind::IndividualBusiness
    } else {
        EntityKind::LegalEntity
    };
    let mut r = ListRecord::new(kind, ListType::AbnormalOperations, listed_at);
    r.name = name;
    r.listing_authority = authority;
    for code in codes {
        apply_code(&mut r, code);
    }
    let reason = row.get(REASON).or(row.get(MARK_REASON)).unwrap_or("");
    r.reason = reason.to_string();
    removal(row, cx, &mut r);
    Some(r)
}

/// 移出: status removed on its date, with the reason and authority appended to the reason.
fn removal(row: &Row, cx: &mut Cx, r: &mut ListRecord) {
    let why = row.get(REMOVAL_REASON).or(row.get(RESTORE_REASON));
    let by = row.get(REMOVAL_AUTHORITY);
    let date = cx.date(row, REMOVED, false);
    if why.is_none() && date.is_none() {
        return;
    }
    let mut note = String::new();
    if let Some(w) = why {
        note.push_str("移出原因：");
        note.push_str(w);
    }
    if let Some(b) = by {
        note.push_str(if note.is_empty() {
            "移出机关："
        } else {
            "（移出机关："
        });
        note.push_str(b);
        if why.is_some() {
            note.push('）');
        }
    }
    r.reason = join_parts([r.reason.as_str(), note.as_str()]);
    match date {
        Some(d) => {
            r.status = ListingStatus::Removed;
            r.status_date = Some(d);
        }
        None => {
            let c = cx.col(REMOVED);
            cx.review(
                c,
                "REMOVAL_DATE_MISSING",
                format!("有移出原因但{c}为空或无法识别：记录保持有效（请核实是否已移出）"),
                format!("a removal reason without a usable {c}: the record stays active (check whether it was removed)"),
            );
        }
    }
}
