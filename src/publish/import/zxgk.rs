//! 中国执行信息公开网 失信被执行人: JSON records as published, list `LT-SXBZXR`.
//!
//! - `cardNum`: a natural person's ID number is published masked (`3423011964****3224`) and kept
//!   so (never completed: it supports a possible match with the name, never a definite one); a
//!   company entry's is its organisation code or USCC. `businessEntity` (a company's legal
//!   representative) becomes a related person, name only.
//! - The term follows the 失信情形 (`disruptTypeName`) under 法释〔2017〕7号第二条: （一）有履行能力
//!   而拒不履行生效法律文书确定义务 has no fixed term; （二）–（六） are published for two years from
//!   publication (the last day is the day before the same date two years later). Several 情形:
//!   the longer rule, none. A 情形 that is not recognised leaves the term empty, reported.

use super::text::{half_width, period_end};
use super::{apply_code, classify, Code, Col, Cx, Row};
use credit_check::lists::record::{EntityKind, ListRecord, ListType, PersonRole, RelatedPerson};

const NAME: usize = 0;
const CASE: usize = 1;
const CARD: usize = 4;
const ENTITY: usize = 5;
const COURT: usize = 6;
const PARTY_TYPE: usize = 8;
const DUTY: usize = 11;
const PERFORMANCE: usize = 12;
const DISRUPT: usize = 15;
const REG_DATE: usize = 16;
const PUBLISH_DATE: usize = 17;

const LOST_PERSON: (&str, &str) = (
    "记录模型不含被执行人的年龄、性别等个人信息",
    "the record model carries no age, sex or other personal details",
);

/// The fields, as the site's JSON names them.
pub(crate) const COLUMNS: &[Col] = &[
    Col::req(&["iname", "被执行人姓名/名称"]),
    Col::req(&["caseCode", "案号"]),
    Col::lost(&["age", "年龄"], LOST_PERSON.0, LOST_PERSON.1),
    Col::lost(&["sexy", "sexName", "性别"], LOST_PERSON.0, LOST_PERSON.1),
    Col::opt(&["cardNum", "身份证号码/组织机构代码"]),
    Col::opt(&["businessEntity", "法定代表人或者负责人姓名"]),
    Col::req(&["courtName", "执行法院"]),
    Col::lost(&["areaName", "省份"], "记录模型不含省份（执行法院已载明）", "the record model has no province (the court is kept)"),
    Col::opt(&["partyTypeName"]),
    Col::lost(&["gistId", "执行依据文号"], "记录模型不含执行依据文号（案号保留为决定文书号）", "the record model has no field for the enforcement basis number (the case number is the decision number)"),
    Col::lost(&["gistUnit", "做出执行依据单位"], "记录模型不含做出执行依据单位（执行法院保留为列入机关）", "the record model has no field for the body that made the enforcement basis (the court is the listing authority)"),
    Col::opt(&["duty", "生效法律文书确定的义务"]),
    Col::opt(&["performance", "被执行人的履行情况"]),
    Col::lost(&["performedPart", "已履行"], "履行金额未单独保存（履行情况文字保留在处罚内容中）", "amounts performed are not kept apart (the performance text is in the penalty text)"),
    Col::lost(&["unperformPart", "未履行"], "履行金额未单独保存（履行情况文字保留在处罚内容中）", "amounts not performed are not kept apart (the performance text is in the penalty text)"),
    Col::req(&["disruptTypeName", "失信被执行人行为具体情形"]),
    Col::opt(&["regDate", "立案时间"]),
    Col::req(&["publishDate", "发布时间"]),
    Col::lost(&["id"], "站内记录编号，不是记录内容", "the site's row id, not part of the entry"),
    Col::lost(&["focusNumber"], "站内关注数，不是记录内容", "the site's follower count, not part of the entry"),
];

/// Which term rule a 失信情形 text falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// （一）: no fixed term.
    NoTerm,
    /// （二）–（六）: two years.
    TwoYears,
    /// Not recognised.
    Unknown,
}

/// The rule for one 情形 text.
fn rule_of(s: &str) -> Rule {
    if s.contains("有履行能力") && s.contains("拒不履行") {
        return Rule::NoTerm;
    }
    let two = [
        "伪造证据",
        "暴力",
        "威胁",
        "妨碍",
        "抗拒执行",
        "虚假诉讼",
        "虚假仲裁",
        "隐匿",
        "转移财产",
        "规避执行",
        "财产报告",
        "限制消费",
        "执行和解协议",
    ];
    if two.iter().any(|k| s.contains(k)) {
        Rule::TwoYears
    } else {
        Rule::Unknown
    }
}

/// The rule for a `disruptTypeName` that may list several 情形: any without a term → none; any
/// unknown → unknown; else two years.
pub(crate) fn term_rule(s: &str) -> Rule {
    let rules: Vec<Rule> = s
        .split([',', '，', ';', '；', '、', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(rule_of)
        .collect();
    if rules.is_empty() {
        Rule::Unknown
    } else if rules.contains(&Rule::NoTerm) {
        Rule::NoTerm
    } else if rules.contains(&Rule::Unknown) {
        Rule::Unknown
    } else {
        Rule::TwoYears
    }
}

/// A natural person or an organisation: `partyTypeName` when it says (`自然人`, the site's code
/// `580`; `法人`, `其他组织`), else the card number's shape, else `businessEntity`.
fn entity_kind(row: &Row, code: &Option<Code>) -> EntityKind {
    match row
        .get(PARTY_TYPE)
        .map(|s| half_width(s).trim().to_string())
    {
        Some(t) if t == "自然人" || t == "580" => return EntityKind::NaturalPerson,
        Some(t) if t.contains("法人") || t.contains("组织") || t.contains("企业") => {
            return EntityKind::LegalEntity
        }
        _ => {}
    }
    match code {
        Some(Code::Id(_) | Code::Masked(_)) => EntityKind::NaturalPerson,
        Some(_) => EntityKind::LegalEntity,
        None if row.get(ENTITY).is_some() => EntityKind::LegalEntity,
        None => {
            let name = row.get(NAME).unwrap_or("");
            if name.chars().count() > 5 || name.contains("公司") {
                EntityKind::LegalEntity
            } else {
                EntityKind::NaturalPerson
            }
        }
    }
}

/// One published record → one list record.
pub(crate) fn record(row: &Row, cx: &mut Cx) -> Option<ListRecord> {
    let name = cx.required(row, NAME)?.to_string();
    let case = cx.required(row, CASE)?;
    let court = cx.required(row, COURT)?.to_string();
    let disrupt = cx.required(row, DISRUPT)?.to_string();
    let listed_at = cx.date(row, PUBLISH_DATE, true)?;
    let decided_at = cx.date(row, REG_DATE, false);
    let code = row.get(CARD).map(|c| (c, classify(c)));
    if let Some((raw, None)) = code {
        let c = cx.col(CARD);
        cx.review(
            c,
            "CODE_NOT_READ",
            format!("{c}“{raw}”不是可识别的证件号码或代码，未导入（按名称匹配）"),
            format!("{c} '{raw}' is not a readable ID number or code; not imported (name matching only)"),
        );
    }
    let code = code.and_then(|(_, c)| c);
    let kind = entity_kind(row, &code);
    let mut r = ListRecord::new(kind, ListType::JudgmentDefaulters, listed_at);
    r.name = name;
    r.decision_number = half_width(case).into_owned();
    r.listing_authority = court;
    r.decided_at = decided_at;
    if let Some(code) = code {
        if !apply_code(&mut r, code) {
            let c = cx.col(CARD);
            cx.review(
                c,
                "CODE_KIND_MISMATCH",
                format!("{c}与被执行人类型（{}）不符，未导入", kind.name_zh()),
                format!(
                    "{c} does not fit the party's kind ({}); not imported",
                    kind.name_en()
                ),
            );
        }
    }
    if let Some(rep) = row.get(ENTITY) {
        if kind == EntityKind::NaturalPerson {
            let c = cx.col(ENTITY);
            cx.review(
                c,
                "REPRESENTATIVE_ON_PERSON",
                format!("自然人记录的{c}“{rep}”未导入"),
                format!("{c} '{rep}' on a natural person's entry was not imported"),
            );
        } else {
            r.related_persons.push(RelatedPerson {
                role: PersonRole::LegalRepresentative,
                name: rep.to_string(),
                id_number: None,
            });
        }
    }
    r.penalty = penalty_text(row);
    match term_rule(&disrupt) {
        Rule::NoTerm => {}
        Rule::TwoYears => r.term.max_end = period_end(listed_at, 2, 0),
        Rule::Unknown => {
            let c = cx.col(DISRUPT);
            cx.review(
                c,
                "TERM_RULE_UNKNOWN",
                format!("{c}“{disrupt}”不是法释〔2017〕7号第一条所列情形，公示期限未定（保持公示至移出）"),
                format!("{c} '{disrupt}' is none of the cases of 法释〔2017〕7号 art. 1: no term set (published until removed)"),
            );
        }
    }
    r.reason = disrupt;
    Some(r)
}

/// `duty`, and the performance after it.
fn penalty_text(row: &Row) -> String {
    match (row.get(DUTY), row.get(PERFORMANCE)) {
        (Some(d), Some(p)) => format!("{d}（履行情况：{p}）"),
        (Some(d), None) => d.to_string(),
        (None, Some(p)) => format!("履行情况：{p}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_decides_the_term() {
        assert_eq!(
            term_rule("其他有履行能力而拒不履行生效法律文书确定义务"),
            Rule::NoTerm
        );
        assert_eq!(term_rule("违反财产报告制度"), Rule::TwoYears);
        assert_eq!(term_rule("违反限制消费令"), Rule::TwoYears);
        assert_eq!(
            term_rule("以伪造证据、暴力、威胁等方法妨碍、抗拒执行"),
            Rule::TwoYears
        );
        assert_eq!(term_rule("无正当理由拒不履行执行和解协议"), Rule::TwoYears);
        assert_eq!(
            term_rule("违反财产报告制度,有履行能力而拒不履行生效法律文书确定义务"),
            Rule::NoTerm
        );
        assert_eq!(term_rule("违反财产报告制度,其他"), Rule::Unknown);
        assert_eq!(term_rule(""), Rule::Unknown);
    }
}
