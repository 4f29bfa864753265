//! The vocabulary (issue 14, "one vocabulary, owned by Rust"): every id a verdict, a lookup or
//! a record carries, with the names a person reads for it, in one serialisable structure. The
//! JS package gets it through one export (`vocabulary()`), the CLI prints it
//! (`credit-check vocabulary --json`); the form, the demo pages and the scripts read names from
//! here and keep no table of their own (`pkg/test/vocabulary.test.mjs` fails if one reappears).
//!
//! Where a name already lives beside its type it is taken from there: list types
//! ([`ListType::name_zh`], the same names as `data/catalogue/v2/list_types.tsv`), entity kinds,
//! listing statuses, person roles, identifier kinds ([`IdentifierKind::name_zh`]) and the
//! scenarios of the embedded catalogue. The display wording the pages show and the core had no
//! place for — a decision's short label, what it means for the party and what to do next, the
//! names of effects, measure states, validity and ban states, condition tokens — is kept here,
//! in tables that `tests/vocabulary.rs` ties to the core's enums and the catalogue.
//!
//! ```
//! let v = credit_check::check::vocabulary::vocabulary();
//! assert_eq!(v.list_types.len(), 18);
//! assert_eq!(v.decisions[0].id, "block");
//! assert_eq!(v.decisions[0].zh, "不予通过");
//! ```

use super::Decision;
use crate::id::kind::IdentifierKind;
use crate::lists::catalogue::{Catalogue, Effect};
use crate::lists::record::{EntityKind, ListColour, ListType, ListingStatus, PersonRole};
use crate::snapshot::MatchedBy;
use serde::Serialize;

/// An id with its Chinese and English names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The id as JSON and JS carry it.
    pub id: String,
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

fn term(id: &str, zh: &str, en: &str) -> Term {
    Term {
        id: id.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

/// A Chinese and an English text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bilingual<T> {
    /// Chinese.
    pub zh: T,
    /// English.
    pub en: T,
}

/// A list type: id, names, colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListTypeTerm {
    /// `LT-SXBZXR`, …
    pub id: &'static str,
    /// Chinese name.
    pub zh: &'static str,
    /// English name.
    pub en: &'static str,
    /// `black`, `red` or `warning`.
    pub colour: ListColour,
}

/// A decision: the short label every page shows (`zh`, `en`), the name the check record
/// carries (`record`; none for the outcomes a check record never has), what it means for the
/// party (`explanation`) and what the party does next (`steps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionTerm {
    /// `block`, `review`, `pass`, `stale`, `notCovered`, `invalidInput`, `unavailable`, `error`.
    pub id: &'static str,
    /// Short label, Chinese.
    pub zh: &'static str,
    /// Short label, English.
    pub en: &'static str,
    /// The name in check records (`Decision::name_zh` / `name_en`); `None` for `unavailable`
    /// and `error`, which no check record carries.
    pub record: Option<Bilingual<&'static str>>,
    /// What it means, addressed to the party.
    pub explanation: Bilingual<&'static str>,
    /// What the party does next.
    pub steps: Bilingual<Vec<&'static str>>,
}

/// A lookup outcome: the id the single lookup gives and the byte the batch lookups give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupTerm {
    /// `listed`, `notListed`, `notCovered`, `invalidInput`, `stale`.
    pub id: &'static str,
    /// The batch byte (`Lookup` in JS).
    pub code: u8,
    /// Chinese.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

/// A scenario of the embedded catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioTerm {
    /// `SC-ZFCG-SUPPLIER`, …
    pub id: String,
    /// Chinese name.
    pub zh: String,
    /// English name.
    pub en: String,
    /// The roles a party may have in it.
    pub roles: Vec<String>,
}

/// Every name, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// The 18 list types, in [`ListType::ALL`] order.
    pub list_types: Vec<ListTypeTerm>,
    /// `black`, `red`, `warning`.
    pub colours: Vec<Term>,
    /// The decisions, strongest first, then the two outcomes of a check that was not done.
    pub decisions: Vec<DecisionTerm>,
    /// Lookup outcomes.
    pub lookups: Vec<LookupTerm>,
    /// The scenarios of the embedded catalogue.
    pub scenarios: Vec<ScenarioTerm>,
    /// The roles a party has in a scenario (`applicant`, `consortium_member`, …).
    pub roles: Vec<Term>,
    /// Measure effects.
    pub effects: Vec<Term>,
    /// What became of a measure: `applied`, `notApplied`, `open`, `wouldApply`.
    pub measure_states: Vec<Term>,
    /// Listing statuses of a record.
    pub listing_statuses: Vec<Term>,
    /// Whether an entry is in force at the cut-off (`validity.state`).
    pub validity_states: Vec<Term>,
    /// Whether a ban runs at the cut-off (`ban.state`).
    pub ban_states: Vec<Term>,
    /// Inspection directions of graded supervision.
    pub inspection_directions: Vec<Term>,
    /// The condition tokens and case facts the catalogue's measures name (`within_ban_period`,
    /// `class=A`, …) and the engine's own facts (`prior_false_commitment`), as a person reads them.
    pub conditions: Vec<Term>,
    /// Who is listed.
    pub entity_kinds: Vec<Term>,
    /// Roles of persons named in an entity's entry.
    pub person_roles: Vec<Term>,
    /// Identifier kinds.
    pub identifier_kinds: Vec<Term>,
    /// How a lookup found a record (`hits[].matchedBy`), in [`MatchedBy::ALL`] order.
    pub matched_by: Vec<Term>,
}

/// The decisions in the order the vocabulary lists them.
pub const DECISION_IDS: [&str; 8] = [
    "block",
    "review",
    "pass",
    "stale",
    "notCovered",
    "invalidInput",
    "unavailable",
    "error",
];

const CHECK_AGAIN_ZH: &str = "请稍后重新核查；如仍无法完成，请联系经办人员。";
const CHECK_AGAIN_EN: &str =
    "Check again later; if it still cannot be done, contact the officer handling your case.";

/// A decision's core variant (none for `unavailable` and `error`).
fn core_decision(id: &str) -> Option<Decision> {
    Some(match id {
        "block" => Decision::Block,
        "review" => Decision::Review,
        "pass" => Decision::Pass,
        "stale" => Decision::Stale,
        "notCovered" => Decision::NotCovered,
        "invalidInput" => Decision::InvalidInput,
        _ => return None,
    })
}

/// The short labels: (zh, en).
fn decision_label(id: &str) -> (&'static str, &'static str) {
    match id {
        "block" => ("不予通过", "Rejected"),
        "review" => ("需人工复核", "Review required"),
        "pass" => ("通过", "Pass"),
        "stale" => ("名单已过期，无法核查", "Lists out of date: not checked"),
        "notCovered" => ("名单不全，无法核查", "Lists incomplete: not checked"),
        "invalidInput" => ("填写有误", "Invalid input"),
        "unavailable" => ("无法核查", "Check unavailable"),
        _ => ("核查出错", "Check failed"),
    }
}

/// What it means for the party: (zh, en).
fn decision_explanation(id: &str) -> (&'static str, &'static str) {
    match id {
        "block" => (
            "根据名单记录，您暂不能参加本事项。原因、依据和异议途径见下方。",
            "A list record means you cannot take part in this matter for now. The reasons, the rules and where to object are below.",
        ),
        "review" => (
            "您填写的信息与名单中的一条记录相近，需要工作人员人工复核是否为同一主体。",
            "What you entered is close to a list record: staff will check by hand whether it is you.",
        ),
        "pass" => ("未发现影响本事项的名单记录。", "No list record affects this matter."),
        "stale" => (
            "名单已过期，本次核查结果无效。",
            "The lists are out of date: this check does not count.",
        ),
        "notCovered" => (
            "名单不完整，本次核查结果无效。",
            "The lists are incomplete: this check does not count.",
        ),
        "invalidInput" => (
            "填写的证照号码有误，请按提示改正。",
            "The code entered is not valid: please correct it as shown.",
        ),
        "unavailable" => (
            "暂时无法核查信用记录。",
            "Your credit record cannot be checked right now.",
        ),
        _ => ("核查时出错，请稍后重试。", "The check failed; please try again later."),
    }
}

/// What the party does next: (zh, en), one step each.
fn decision_steps(id: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    match id {
        "block" => (
            vec![
                "如对名单记录有异议，可按上面的“异议途径”向列入机关提出。",
                "符合条件的，可依法申请信用修复；修复或移出名单后，可重新核查。",
            ],
            vec![
                "If you disagree with the list record, object to the listing authority as shown under “Where to object”.",
                "Where the conditions are met you may apply for credit repair; once repaired or removed, check again.",
            ],
        ),
        "review" => (
            vec!["您可以提交；工作人员会核对您与名单记录是否为同一主体，需要补充材料时会另行通知。"],
            vec!["You may submit; staff will check whether the list record is you and ask for documents if needed."],
        ),
        "pass" => (
            vec!["核查记录会随您的材料一并留存，无需另行提交信用查询截图。"],
            vec!["The check record is kept with your application: no screenshots of credit searches are needed."],
        ),
        "notCovered" => (
            vec!["请联系经办人员，由其另行查询。"],
            vec!["Contact the officer handling your case, who will search the lists separately."],
        ),
        "invalidInput" => (
            vec!["请按输入框下的提示改正证照号码后重新核查。"],
            vec!["Correct the code as the message under the field says, then check again."],
        ),
        _ => (vec![CHECK_AGAIN_ZH], vec![CHECK_AGAIN_EN]),
    }
}

fn decision_term(id: &'static str) -> DecisionTerm {
    let (zh, en) = decision_label(id);
    let (ezh, een) = decision_explanation(id);
    let (szh, sen) = decision_steps(id);
    DecisionTerm {
        id,
        zh,
        en,
        record: core_decision(id).map(|d| Bilingual {
            zh: d.name_zh(),
            en: d.name_en(),
        }),
        explanation: Bilingual { zh: ezh, en: een },
        steps: Bilingual { zh: szh, en: sen },
    }
}

/// Every effect, strongest first.
pub const EFFECTS: [Effect; 7] = [
    Effect::Block,
    Effect::Review,
    Effect::Warn,
    Effect::Priority,
    Effect::GreenChannel,
    Effect::AllowCommitment,
    Effect::ReducedInspection,
];

fn effect_term(e: Effect) -> Term {
    let (id, zh, en) = match e {
        Effect::Block => ("block", "禁止", "block"),
        Effect::Review => ("review", "复核", "review"),
        Effect::Warn => ("warn", "提示", "warning"),
        Effect::Priority => ("priority", "优先", "priority"),
        Effect::GreenChannel => ("greenChannel", "绿色通道", "green channel"),
        Effect::AllowCommitment => ("allowCommitment", "可承诺受理", "commitment allowed"),
        Effect::ReducedInspection => ("reducedInspection", "减少抽查", "reduced inspection"),
    };
    term(id, zh, en)
}

const ROLES: [(&str, &str, &str); 6] = [
    ("applicant", "申请人", "applicant"),
    ("consortium_member", "联合体成员", "consortium member"),
    ("legal_representative", "法定代表人", "legal representative"),
    ("agency", "代理机构", "agency"),
    ("expert", "评审专家", "expert"),
    ("related_person", "相关人员", "related person"),
];

const MEASURE_STATES: [(&str, &str, &str); 4] = [
    ("applied", "适用", "applies"),
    ("notApplied", "不适用", "does not apply"),
    (
        "open",
        "待定（缺少案件事实）",
        "open (a case fact is missing)",
    ),
    ("wouldApply", "待确认", "to confirm"),
];

const VALIDITY_STATES: [(&str, &str, &str); 7] = [
    ("inForce", "公示中", "published"),
    ("notYetListed", "尚未列入", "not yet listed"),
    ("termEnded", "公示期已满", "publication ended"),
    ("repaired", "已信用修复", "repaired"),
    ("removed", "已移出", "removed"),
    ("revoked", "已撤销", "revoked"),
    ("undetermined", "期限不明", "term undetermined"),
];

const BAN_STATES: [(&str, &str, &str); 5] = [
    ("notApplicable", "不涉及禁止期", "no ban period"),
    ("noBan", "无禁止", "no ban"),
    ("running", "禁止期内", "ban running"),
    ("ended", "禁止期已满", "ban ended"),
    ("unknown", "禁止期不明", "ban period unknown"),
];

const INSPECTION_DIRECTIONS: [(&str, &str, &str); 3] = [
    ("lower", "降低抽查比例和频次", "fewer inspections"),
    ("normal", "按常规比例和频次抽查", "normal inspections"),
    ("higher", "提高抽查比例和频次", "more inspections"),
];

const CONDITIONS: [(&str, &str, &str); 20] = [
    (
        "ban_term_active",
        "禁止期限尚未届满",
        "the ban term is still running",
    ),
    (
        "within_ban_period",
        "在处罚决定规定的禁止期内",
        "within the ban period of the penalty decision",
    ),
    (
        "ban_not_served",
        "处罚规定的禁止期限尚未执行完毕",
        "the ban the penalty imposed has not been served",
    ),
    (
        "intermediary_agency",
        "属中介代理机构",
        "an intermediary agency",
    ),
    (
        "officer_registration",
        "办理高级管理人员任职登记",
        "registering a senior officer",
    ),
    (
        "large_debt_unpaid",
        "个人所负数额较大的债务到期未清偿",
        "a large personal debt due and unpaid",
    ),
    ("class=A", "信用风险分类为A类", "credit-risk class A"),
    ("class=D", "信用风险分类为D类", "credit-risk class D"),
    ("equal_conditions", "同等条件下", "other things being equal"),
    (
        "export_food_cosmetics",
        "出口食品、化妆品",
        "exporting food or cosmetics",
    ),
    ("lookback=3y", "近三年内", "within the last three years"),
    (
        "major_violation",
        "有重大违法记录",
        "a major violation on record",
    ),
    (
        "no_block_in_scenario",
        "本事项无禁止性措施",
        "nothing in this matter blocks",
    ),
    (
        "penalty_kind=licence_fraud",
        "因以欺骗等不正当手段取得许可受到处罚",
        "penalised for obtaining a licence by fraud",
    ),
    (
        "samr_honour",
        "属市场监管领域的评优评先",
        "an honour in market regulation",
    ),
    (
        "agency_ban",
        "代理机构被禁止代理",
        "the agency is banned from acting",
    ),
    (
        "financial_sector_approval",
        "金融行业准入审批",
        "a financial-sector approval",
    ),
    (
        "government_invested_project",
        "政府投资项目",
        "a government-invested project",
    ),
    (
        "procurement_documents_adopt",
        "采购文件规定拒绝此类供应商",
        "the procurement documents say so",
    ),
    (
        "prior_false_commitment",
        "曾作出虚假承诺",
        "a false commitment made before",
    ),
];

const LOOKUPS: [(&str, u8, &str, &str); 5] = [
    ("notListed", 0, "未列入名单", "not listed"),
    ("listed", 1, "在名单中", "listed"),
    ("notCovered", 2, "名单未覆盖", "lists not covered"),
    ("invalidInput", 3, "填写有误", "invalid input"),
    ("stale", 4, "名单已过期", "lists out of date"),
];

fn terms(rows: &[(&str, &str, &str)]) -> Vec<Term> {
    rows.iter().map(|(id, zh, en)| term(id, zh, en)).collect()
}

/// The vocabulary, with the scenarios of the embedded catalogue.
pub fn vocabulary() -> Vocabulary {
    let scenarios = Catalogue::embedded()
        .map(|c| scenario_terms(&c))
        .unwrap_or_default();
    vocabulary_with(scenarios)
}

/// The scenarios of a catalogue as vocabulary terms.
pub fn scenario_terms(c: &Catalogue) -> Vec<ScenarioTerm> {
    c.scenarios
        .iter()
        .map(|s| ScenarioTerm {
            id: s.id.clone(),
            zh: s.name_zh.clone(),
            en: s.name_en.clone(),
            roles: s.roles.clone(),
        })
        .collect()
}

fn vocabulary_with(scenarios: Vec<ScenarioTerm>) -> Vocabulary {
    Vocabulary {
        list_types: ListType::ALL
            .iter()
            .map(|l| ListTypeTerm {
                id: l.id(),
                zh: l.name_zh(),
                en: l.name_en(),
                colour: l.colour(),
            })
            .collect(),
        colours: [ListColour::Black, ListColour::Red, ListColour::Warning]
            .iter()
            .map(|c| term(c.as_str(), c.name_zh(), c.name_en()))
            .collect(),
        decisions: DECISION_IDS.into_iter().map(decision_term).collect(),
        lookups: LOOKUPS
            .iter()
            .map(|&(id, code, zh, en)| LookupTerm { id, code, zh, en })
            .collect(),
        scenarios,
        roles: terms(&ROLES),
        effects: EFFECTS.into_iter().map(effect_term).collect(),
        measure_states: terms(&MEASURE_STATES),
        listing_statuses: ListingStatus::ALL
            .iter()
            .map(|s| term(s.as_str(), s.name_zh(), s.name_en()))
            .collect(),
        validity_states: terms(&VALIDITY_STATES),
        ban_states: terms(&BAN_STATES),
        inspection_directions: terms(&INSPECTION_DIRECTIONS),
        conditions: terms(&CONDITIONS),
        entity_kinds: EntityKind::ALL
            .iter()
            .map(|k| term(k.as_str(), k.name_zh(), k.name_en()))
            .collect(),
        person_roles: PersonRole::ALL
            .iter()
            .map(|r| term(r.as_str(), r.name_zh(), r.name_en()))
            .collect(),
        identifier_kinds: IdentifierKind::ALL
            .iter()
            .map(|k| term(k.as_str(), k.name_zh(), k.name_en()))
            .collect(),
        matched_by: MatchedBy::ALL
            .iter()
            .map(|m| term(m.as_str(), m.name_zh(), m.name_en()))
            .collect(),
    }
}
