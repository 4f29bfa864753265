//! List records: what a snapshot carries about one listed entity or person (issue 3).
//!
//! A [`ListRecord`] is one entry of one list: who is listed (an [`EntityKind`] with typed
//! identifiers and names), on which list ([`ListType`], with its colour), by whom and on what
//! decision, since when, for how long ([`Term`]), and whether the entry still stands
//! ([`ListingStatus`]). [`ListRecord::check`] applies the rules a record must meet on its own,
//! each broken rule a [`FieldProblem`] with the field, a stable code and Chinese and English
//! messages. `docs/snapshot-records.md` documents the schema and the publisher's input format.
//!
//! **Identifiers are typed** and are parsed with the *lenient* profile: a snapshot must be able to
//! carry every real listed entity, and real codes include early pilot USCCs that fail the position
//! 18 check, retired and development-zone divisions. Rejecting those (the strict profile) would let
//! a listed company pass the screen unseen, which is worse than publishing a suspicious but
//! well-formed code. The publisher's `check-input` reports the warnings so a human can look.
//!
//! **Privacy**: a natural person's ID number (and a legal representative's) is kept in full, for
//! exact matching, and serialised in full (the publisher's input and the snapshot need it), but
//! `Debug` and `Display` of a record only ever show it masked ([`ResidentId::masked`]).
//!
//! ```
//! use credit_check::lists::record::{EntityKind, ListRecord, ListType, ListingStatus, Sanction};
//! use chrono::NaiveDate;
//!
//! let mut r = ListRecord::new(
//!     EntityKind::LegalEntity,
//!     ListType::ProcurementViolations,
//!     NaiveDate::from_ymd_opt(2023, 3, 1).unwrap(),
//! );
//! r.uscc = Some("91110108551385082Q".parse().unwrap());
//! r.name = "小米科技有限责任公司".into();
//! r.listing_authority = "北京市财政局".into();
//! r.decision_number = "京财采〔2023〕12号".into();
//! // Two clocks: the ban (a sanction with its own period) and the publication term.
//! r.sanctions = Sanction::parse_list("fine 30000; procurementBan 2023-03-01..2024-02-29").unwrap();
//! r.term.max_end = NaiveDate::from_ymd_opt(2026, 3, 1);
//! assert!(r.check().is_empty());
//! assert_eq!(r.status, ListingStatus::Active);
//! assert_eq!(serde_json::to_value(&r).unwrap()["listType"], "LT-ZFCG");
//! ```

pub use super::person::{MaskedId, PersonId, PersonRole, RelatedPerson, RepairTier, SubjectRole};
pub use super::sanction::{Sanction, SanctionKind};
use crate::{OrgCode, RegistrationNumber, ResidentId, Uscc};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Who is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntityKind {
    /// 法人和非法人组织: companies, public institutions, social organisations, cooperatives…
    LegalEntity,
    /// 个体工商户: an individual business (USCC category 9-2, or a registration number).
    IndividualBusiness,
    /// 自然人: a person, keyed by a resident ID number and name.
    NaturalPerson,
}

impl EntityKind {
    /// Every kind.
    pub const ALL: [EntityKind; 3] = [
        EntityKind::LegalEntity,
        EntityKind::IndividualBusiness,
        EntityKind::NaturalPerson,
    ];

    /// The JSON name: `legalEntity`, `individualBusiness`, `naturalPerson`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::LegalEntity => "legalEntity",
            EntityKind::IndividualBusiness => "individualBusiness",
            EntityKind::NaturalPerson => "naturalPerson",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            EntityKind::LegalEntity => "法人和非法人组织",
            EntityKind::IndividualBusiness => "个体工商户",
            EntityKind::NaturalPerson => "自然人",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            EntityKind::LegalEntity => "legal entity",
            EntityKind::IndividualBusiness => "individual business",
            EntityKind::NaturalPerson => "natural person",
        }
    }
}

impl FromStr for EntityKind {
    type Err = FieldProblem;

    /// Accepts the JSON name, its snake_case form and the Chinese name (also `法人`).
    fn from_str(s: &str) -> Result<Self, FieldProblem> {
        let t = s.trim();
        let found = EntityKind::ALL.into_iter().find(|k| {
            eq_name(t, k.as_str())
                || t == k.name_zh()
                || (*k == EntityKind::LegalEntity && t == "法人")
        });
        found.ok_or_else(|| {
            FieldProblem::invalid_value(
                "entityKind",
                "legalEntity, individualBusiness, naturalPerson",
                s,
            )
        })
    }
}

/// Whether `input` is `camel` written in camelCase or snake_case (ASCII case ignored).
pub(crate) fn eq_name(input: &str, camel: &str) -> bool {
    let mut a = input.bytes().filter(|&b| b != b'_' && b != b'-');
    let mut b = camel.bytes();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// The colour of a list: what a hit means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ListColour {
    /// 黑名单 (失信): joint punishment.
    Black,
    /// 红名单 (守信): joint reward; never overrides a black-list block.
    Red,
    /// 警示/重点关注: shown and weighed, not a serious dishonesty list.
    Warning,
}

impl ListColour {
    /// `black`, `red`, `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListColour::Black => "black",
            ListColour::Red => "red",
            ListColour::Warning => "warning",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ListColour::Black => "黑名单",
            ListColour::Red => "红名单",
            ListColour::Warning => "警示名单",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            ListColour::Black => "black list",
            ListColour::Red => "red list",
            ListColour::Warning => "warning list",
        }
    }
}

/// The list types, with the stable ids of `research/list_types.tsv` (column `list_id`). The
/// source tag of each row is kept in the variant's documentation: *sourced*, *partly sourced*,
/// *inferred* as the research table says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListType {
    /// `LT-SXBZXR` 失信被执行人名单 — courts; 法释2013 (rev. 2017), 法〔2016〕285号.
    /// Sourced (2013 text) / inferred (term: 2 years, +1–3 for aggravated cases, not verified).
    JudgmentDefaulters,
    /// `LT-XGXF` 限制高消费被执行人 — courts; 法释2010 (rev. 2015). Black (a measure-type list).
    /// Sourced (measures) / inferred (lifted on performance).
    HighConsumptionRestricted,
    /// `LT-ZDSS` 重大税收违法失信主体 — tax authorities; 国家税务总局令第54号.
    /// Partly sourced (publication 3 years not verified; early stop sourced).
    MajorTaxViolators,
    /// `LT-ZFCG` 政府采购严重违法失信行为记录名单 — finance departments; 政府采购法第77条,
    /// 财库〔2016〕125号. Ban of 1–3 years fixed in the penalty decision. Sourced.
    ProcurementViolations,
    /// `LT-SCJG-YZ` 市场监督管理严重违法失信名单 — SAMR; 市场监管总局令第44号.
    /// Sourced (measures) / inferred (term 3 years, early removal after 1).
    SamrSeriousViolations,
    /// `LT-JYYC` 经营异常名录 — SAMR; 企业信息公示暂行条例. Warning, not a serious list.
    /// Sourced (local).
    AbnormalOperations,
    /// `LT-AQSC` 安全生产严重失信主体名单 — emergency management; 应急管理部令第11号.
    /// Sourced (local) / inferred (national term 3 years, early removal after 12 months).
    WorkSafety,
    /// `LT-NMG` 拖欠农民工工资失信联合惩戒对象名单 — human resources and social security;
    /// 保障农民工工资支付条例第48条. Partly sourced.
    WageArrears,
    /// `LT-ZTB-QX` 取消投标资格 — administrative supervisors; 招标投标法第53/54/60条. Ban of
    /// 1–5 years. Sourced.
    BiddingDisqualification,
    /// `LT-GGZY` 公共资源交易领域严重失信主体 — 发改法规〔2018〕457号. Sourced (existence).
    PublicResourceTrading,
    /// `LT-JZSC` 建筑市场主体“黑名单” / 福建建设工程责任主体黑名单 — housing and construction;
    /// 建市〔2017〕241号, 闽建〔2016〕5号. Partly sourced.
    ConstructionMarket,
    /// `LT-HB` 环境保护领域失信生产经营单位 — ecology and environment; 发改财金〔2016〕1580号.
    /// Sourced (existence).
    Environmental,
    /// `LT-SY` 食品药品生产经营严重失信者 — market and drug regulators; 发改财金〔2016〕1962号.
    /// Sourced (existence).
    FoodDrug,
    /// `LT-XZCF` 行政处罚信息 — every penalising authority; NDRC Order 58 → Order 36. Negative
    /// information, not a list: colour *warning*. Sourced.
    AdministrativePenalties,
    /// `RL-NSA` 纳税信用A级纳税人 — tax authorities; 发改财金〔2016〕1467号. Red; credit class A.
    /// Sourced.
    TaxCreditA,
    /// `RL-AEO` 海关高级认证企业 — customs; 发改财金〔2016〕2190号, 署稽发〔2024〕36号. Red. Sourced.
    CustomsAeo,
    /// `RL-SAMR-A` 企业信用风险分类 A类 — SAMR; 国市监信发〔2022〕6号. A classification, not a
    /// public red list: colour *red* (it lowers inspection), credit class A. Sourced.
    SamrClassA,
    /// `RL-LOCAL` 诚信典型 / local “红名单” — 国发〔2016〕33号 and local schemes. Red.
    /// Sourced (local).
    LocalRedList,
}

impl ListType {
    /// Every list type, in the order of `research/list_types.tsv`.
    pub const ALL: [ListType; 18] = [
        ListType::JudgmentDefaulters,
        ListType::HighConsumptionRestricted,
        ListType::MajorTaxViolators,
        ListType::ProcurementViolations,
        ListType::SamrSeriousViolations,
        ListType::AbnormalOperations,
        ListType::WorkSafety,
        ListType::WageArrears,
        ListType::BiddingDisqualification,
        ListType::PublicResourceTrading,
        ListType::ConstructionMarket,
        ListType::Environmental,
        ListType::FoodDrug,
        ListType::AdministrativePenalties,
        ListType::TaxCreditA,
        ListType::CustomsAeo,
        ListType::SamrClassA,
        ListType::LocalRedList,
    ];

    /// The stable id, e.g. `"LT-SXBZXR"` (also the JSON form).
    pub fn id(self) -> &'static str {
        self.info().0
    }

    /// Black, red or warning.
    pub fn colour(self) -> ListColour {
        self.info().1
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        self.info().2
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        self.info().3
    }

    // One line per list type: the table the vocabulary and the catalogue's list_types.tsv agree
    // with (tests/vocabulary.rs).
    #[rustfmt::skip]
    fn info(self) -> (&'static str, ListColour, &'static str, &'static str) {
        use ListColour::*;
        match self {
            ListType::JudgmentDefaulters => ("LT-SXBZXR", Black, "失信被执行人名单", "judgment defaulters"),
            ListType::HighConsumptionRestricted => ("LT-XGXF", Black, "限制高消费被执行人", "persons restricted from high consumption"),
            ListType::MajorTaxViolators => ("LT-ZDSS", Black, "重大税收违法失信主体", "major tax-violation dishonest entities"),
            ListType::ProcurementViolations => ("LT-ZFCG", Black, "政府采购严重违法失信行为记录名单", "government-procurement serious violation record list"),
            ListType::SamrSeriousViolations => ("LT-SCJG-YZ", Black, "市场监督管理严重违法失信名单", "SAMR serious violation and dishonesty list"),
            ListType::AbnormalOperations => ("LT-JYYC", Warning, "经营异常名录", "abnormal-operations directory"),
            ListType::WorkSafety => ("LT-AQSC", Black, "安全生产严重失信主体名单", "work-safety serious dishonesty list"),
            ListType::WageArrears => ("LT-NMG", Black, "拖欠农民工工资失信联合惩戒对象名单", "serious wage-arrears (migrant workers) list"),
            ListType::BiddingDisqualification => ("LT-ZTB-QX", Black, "取消投标资格", "bidding disqualification"),
            ListType::PublicResourceTrading => ("LT-GGZY", Black, "公共资源交易领域严重失信主体", "public-resource-trading serious dishonesty"),
            ListType::ConstructionMarket => ("LT-JZSC", Black, "建筑市场主体黑名单", "construction-market blacklist"),
            ListType::Environmental => ("LT-HB", Black, "环境保护领域失信生产经营单位", "environmental dishonesty"),
            ListType::FoodDrug => ("LT-SY", Black, "食品药品生产经营严重失信者", "food and drug serious dishonesty"),
            ListType::AdministrativePenalties => ("LT-XZCF", Warning, "行政处罚信息", "administrative-penalty records"),
            ListType::TaxCreditA => ("RL-NSA", Red, "纳税信用A级纳税人", "A-grade taxpayers"),
            ListType::CustomsAeo => ("RL-AEO", Red, "海关高级认证企业", "customs AEO advanced certified enterprises"),
            ListType::SamrClassA => ("RL-SAMR-A", Red, "企业信用风险分类A类", "SAMR credit-risk class A"),
            ListType::LocalRedList => ("RL-LOCAL", Red, "诚信典型（地方红名单）", "local red lists"),
        }
    }

    /// The credit classes a record of this list may carry; empty when the list has none.
    ///
    /// - `RL-NSA`: `A` (the list *is* the tax credit grade A; 纳税信用 grades are A/B/M/C/D, only A
    ///   is listed here).
    /// - `RL-SAMR-A`: `A` (the SAMR risk classes are A–D, 国市监信发〔2022〕6号; this list holds
    ///   class A).
    /// - `LT-ZDSS`: `D` (inferred: a taxpayer with a major tax violation case is rated tax credit
    ///   D directly).
    /// - `LT-SCJG-YZ`: `D` (inferred: an enterprise on the SAMR serious list is SAMR risk class D).
    ///
    /// Class D is what graded supervision flags as 重点关注.
    pub fn credit_classes(self) -> &'static [CreditClass] {
        match self {
            ListType::TaxCreditA | ListType::SamrClassA => &[CreditClass::A],
            ListType::MajorTaxViolators | ListType::SamrSeriousViolations => &[CreditClass::D],
            _ => &[],
        }
    }

    /// The sanctions whose period decides a ban measure on this list: `LT-ZFCG` restricts
    /// suppliers and agencies within the ban its decision fixes (tender templates reject only
    /// "在处罚决定规定的时间内"), `LT-ZTB-QX` bidders within their disqualification. Empty for
    /// lists whose measures do not hang on a ban period.
    pub fn ban_kinds(self) -> &'static [SanctionKind] {
        match self {
            ListType::ProcurementViolations => &[
                SanctionKind::ProcurementBan,
                SanctionKind::AgencyBan,
                SanctionKind::ExpertBan,
            ],
            ListType::BiddingDisqualification => &[SanctionKind::BiddingBan],
            ListType::FoodDrug => &[SanctionKind::MarketBan],
            _ => &[],
        }
    }
}

impl fmt::Display for ListType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for ListType {
    type Err = FieldProblem;

    /// Accepts the id (ASCII case ignored, surrounding white space trimmed).
    fn from_str(s: &str) -> Result<Self, FieldProblem> {
        let t = s.trim();
        ListType::ALL
            .into_iter()
            .find(|l| l.id().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                FieldProblem::invalid_value("listType", "LT-SXBZXR, LT-ZFCG, RL-NSA, …", s)
            })
    }
}

impl Serialize for ListType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for ListType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|p: FieldProblem| serde::de::Error::custom(p.message_en()))
    }
}

/// Graded supervision class: A (low risk) to D (high risk, 重点关注).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CreditClass {
    /// Low risk.
    A,
    /// Ordinary.
    B,
    /// Higher risk.
    C,
    /// High risk: 重点关注.
    D,
}

impl CreditClass {
    /// Every class.
    pub const ALL: [CreditClass; 4] = [
        CreditClass::A,
        CreditClass::B,
        CreditClass::C,
        CreditClass::D,
    ];

    /// `"A"` … `"D"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditClass::A => "A",
            CreditClass::B => "B",
            CreditClass::C => "C",
            CreditClass::D => "D",
        }
    }
}

impl FromStr for CreditClass {
    type Err = FieldProblem;

    /// `A`–`D`, either case.
    fn from_str(s: &str) -> Result<Self, FieldProblem> {
        let t = s.trim();
        CreditClass::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| FieldProblem::invalid_value("creditClass", "A, B, C, D", s))
    }
}

/// Whether an entry stands. Only an active entry is shown or used (item 11: a repaired entry
/// must stop being shown or used); whether its term has run out is decided at the query's
/// cut-off time, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ListingStatus {
    /// 有效: in force.
    Active,
    /// 已信用修复: repaired (信用修复); no longer shown or used.
    Repaired,
    /// 已移出: removed (移出: the term ended or the duty was performed). Publication ends; a
    /// sanction with its own period still runs (record model v2).
    Removed,
    /// 异议处理中: an objection is pending. The entry still stands until it is decided.
    ObjectionPending,
    /// 已撤销: revoked as listed in error. The entry never applied, before or after its date.
    Revoked,
}

impl ListingStatus {
    /// Every status.
    pub const ALL: [ListingStatus; 5] = [
        ListingStatus::Active,
        ListingStatus::Repaired,
        ListingStatus::Removed,
        ListingStatus::ObjectionPending,
        ListingStatus::Revoked,
    ];

    /// `active`, `repaired`, `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Active => "active",
            ListingStatus::Repaired => "repaired",
            ListingStatus::Removed => "removed",
            ListingStatus::ObjectionPending => "objectionPending",
            ListingStatus::Revoked => "revoked",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ListingStatus::Active => "有效",
            ListingStatus::Repaired => "已信用修复",
            ListingStatus::Removed => "已移出",
            ListingStatus::ObjectionPending => "异议处理中",
            ListingStatus::Revoked => "已撤销",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            ListingStatus::Active => "active",
            ListingStatus::Repaired => "repaired",
            ListingStatus::Removed => "removed",
            ListingStatus::ObjectionPending => "objection pending",
            ListingStatus::Revoked => "revoked",
        }
    }
}

impl FromStr for ListingStatus {
    type Err = FieldProblem;

    /// The JSON name (ASCII case ignored) or the Chinese name (also `已修复`).
    fn from_str(s: &str) -> Result<Self, FieldProblem> {
        let t = s.trim();
        ListingStatus::ALL
            .into_iter()
            .find(|st| {
                eq_name(t, st.as_str())
                    || st.name_zh() == t
                    || (*st == ListingStatus::Repaired && t == "已修复")
                    || (*st == ListingStatus::Active && t == "在列")
            })
            .ok_or_else(|| {
                FieldProblem::invalid_value(
                    "status",
                    "active, repaired, removed, objectionPending, revoked",
                    s,
                )
            })
    }
}

/// The publication term (公示期): the entry may not end before `min_end` (最短公示期, repair
/// possible from then) and is published at the latest until `max_end` (公示截止期). Both lie after
/// the listing date. A sanction's own period (a ban) is not here: see [`Sanction`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    /// Earliest end of publication (repair or early removal possible from then on).
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub min_end: Option<NaiveDate>,
    /// Latest end of publication (公示截止期): past it the entry is no longer published.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub max_end: Option<NaiveDate>,
}

impl Term {
    /// Neither end known.
    pub fn is_empty(&self) -> bool {
        self.min_end.is_none() && self.max_end.is_none()
    }
}

/// An ID number shown masked in `Debug`.
struct Masked<'a>(&'a ResidentId);

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.masked())
    }
}

/// An identifier in `Debug` by its canonical string rather than its bytes.
struct Shown<'a, T>(&'a T);

impl<T: fmt::Display> fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

/// One entry of one list.
///
/// Serialised as camelCase JSON (`entityKind`, `listType`, `term.minEnd`, …; dates as
/// `YYYY-MM-DD`; identifiers in canonical form; absent optional fields left out). `Debug` and
/// `Display` mask ID numbers.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListRecord {
    /// Who is listed.
    pub entity_kind: EntityKind,
    /// Unified social credit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uscc: Option<Uscc>,
    /// Legacy organisation code (equals USCC positions 9–17 when both are known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_code: Option<OrgCode>,
    /// Legacy 15-digit business registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<RegistrationNumber>,
    /// A natural person's resident ID number: matched in full, only ever shown masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<ResidentId>,
    /// A natural person's ID number as published masked (`3423011964****3224`): never a
    /// definite match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_id_number: Option<MaskedId>,
    /// Name (company name, or a person's name).
    #[serde(default)]
    pub name: String,
    /// Former names, still matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    /// The list.
    pub list_type: ListType,
    /// The authority that listed the entry (objections are filed with it).
    #[serde(default)]
    pub listing_authority: String,
    /// The decision document number (决定文书号, or a court's case number).
    #[serde(default)]
    pub decision_number: String,
    /// Date of listing.
    #[serde(with = "date")]
    pub listed_at: NaiveDate,
    /// Date of the decision (处罚决定日期, or a court's 立案 date), apart from the listing date.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<NaiveDate>,
    /// Publication term (公示期).
    #[serde(default, skip_serializing_if = "Term::is_empty")]
    pub term: Term,
    /// What the decision imposed, each with its own period; empty when the source does not say
    /// (unknown, never "nothing").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanctions: Vec<Sanction>,
    /// The penalty as published (处罚结果 / 处罚内容), kept verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub penalty: String,
    /// The subject's role where the list says it (supplier, procurement agency, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_role: Option<SubjectRole>,
    /// Whether the entry stands.
    pub status: ListingStatus,
    /// When the status last changed (required for every status but active).
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub status_date: Option<NaiveDate>,
    /// Repair tier (轻微/一般/严重), on repaired entries, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_tier: Option<RepairTier>,
    /// Why it was listed.
    #[serde(default)]
    pub reason: String,
    /// Credit class, only on lists that have classes ([`ListType::credit_classes`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_class: Option<CreditClass>,
    /// Persons named in an entity's entry, with their roles (法定代表人, 财务负责人, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_persons: Vec<RelatedPerson>,
}

impl ListRecord {
    /// The record as JSON for display: the same shape as its serde form, with ID numbers (its
    /// own and its legal representative's) masked. What every output shows users.
    pub fn to_shown_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let (Some(id), Some(o)) = (self.id_number, v.as_object_mut()) {
            o.insert("idNumber".into(), id.masked().into());
        }
        if let Some(o) = v.as_object_mut() {
            if !self.related_persons.is_empty() {
                let shown = self.related_persons.iter().map(|p| p.to_shown_json());
                o.insert("relatedPersons".into(), shown.collect());
            }
        }
        v
    }

    /// A record with only the kind, the list and the listing date; active, everything else
    /// empty.
    pub fn new(entity_kind: EntityKind, list_type: ListType, listed_at: NaiveDate) -> ListRecord {
        ListRecord {
            entity_kind,
            uscc: None,
            org_code: None,
            registration_number: None,
            id_number: None,
            masked_id_number: None,
            name: String::new(),
            former_names: Vec::new(),
            list_type,
            listing_authority: String::new(),
            decision_number: String::new(),
            listed_at,
            decided_at: None,
            term: Term::default(),
            sanctions: Vec::new(),
            penalty: String::new(),
            subject_role: None,
            status: ListingStatus::Active,
            status_date: None,
            repair_tier: None,
            reason: String::new(),
            credit_class: None,
            related_persons: Vec::new(),
        }
    }

    /// The first legal representative (or operator) named, if any.
    pub fn legal_representative(&self) -> Option<&RelatedPerson> {
        self.related_persons
            .iter()
            .find(|p| p.role == PersonRole::LegalRepresentative)
            .or_else(|| {
                self.related_persons
                    .iter()
                    .find(|p| p.role == PersonRole::Operator)
            })
    }

    /// Whether any identifier is present.
    pub fn has_identifier(&self) -> bool {
        self.uscc.is_some()
            || self.org_code.is_some()
            || self.registration_number.is_some()
            || self.id_number.is_some()
    }

    /// The record-level rules (each identifier was already checked when it was parsed). Empty
    /// when the record is sound. See `docs/snapshot-records.md` for the rules and their codes.
    pub fn check(&self) -> Vec<FieldProblem> {
        use RecordProblemCode as C;
        let mut out = Vec::new();
        self.check_identity(&mut out);
        if self
            .related_persons
            .iter()
            .any(|p| p.name.trim().is_empty() && p.id_number.is_none())
        {
            out.push(FieldProblem::new(
                "relatedPersons",
                C::RelatedPersonUnidentified,
            ));
        }
        if let (Some(u), Some(o)) = (&self.uscc, &self.org_code) {
            if u.org_code() != *o {
                out.push(
                    FieldProblem::new("orgCode", C::OrgCodeMismatch)
                        .expected(u.org_code().to_string())
                        .found(o.to_string()),
                );
            }
        }
        if self.listing_authority.trim().is_empty() {
            out.push(FieldProblem::new(
                "listingAuthority",
                C::ListingAuthorityMissing,
            ));
        }
        if let Some(d) = self.decided_at.filter(|&d| d > self.listed_at) {
            out.push(
                FieldProblem::new("decidedAt", C::DecisionAfterListing)
                    .expected(self.listed_at.to_string())
                    .found(d.to_string()),
            );
        }
        for s in &self.sanctions {
            s.check(&mut out);
        }
        if self.repair_tier.is_some() && self.status != ListingStatus::Repaired {
            out.push(
                FieldProblem::new("repairTier", C::RepairTierWithoutRepair)
                    .found(self.status.as_str()),
            );
        }
        match self.status_date {
            None if self.status != ListingStatus::Active => out.push(
                FieldProblem::new("statusDate", C::StatusDateMissing).found(self.status.as_str()),
            ),
            Some(d) if d < self.listed_at => out.push(
                FieldProblem::new("statusDate", C::StatusBeforeListing)
                    .expected(self.listed_at.to_string())
                    .found(d.to_string()),
            ),
            _ => {}
        }
        self.check_term(&mut out);
        self.check_credit_class(&mut out);
        out
    }

    /// Who the record is about: an identifier or a name; a person without an organisation's
    /// codes or related persons, an organisation without a person's ID number.
    fn check_identity(&self, out: &mut Vec<FieldProblem>) {
        use RecordProblemCode as C;
        let has_name = !self.name.trim().is_empty();
        let no_identity = !self.has_identifier() && !has_name;
        if no_identity {
            out.push(FieldProblem::new("name", C::NoIdentifier));
        }
        if self.entity_kind == EntityKind::NaturalPerson {
            let codes = [
                ("uscc", self.uscc.is_some()),
                ("orgCode", self.org_code.is_some()),
                ("registrationNumber", self.registration_number.is_some()),
            ];
            for (field, present) in codes {
                if present {
                    out.push(FieldProblem::new(field, C::PersonWithEntityCode));
                }
            }
            if !no_identity && self.id_number.is_none() && !has_name {
                out.push(FieldProblem::new("idNumber", C::PersonUnidentified));
            }
            if !self.related_persons.is_empty() {
                out.push(FieldProblem::new(
                    "relatedPersons",
                    C::PersonWithRelatedPersons,
                ));
            }
            if self.id_number.is_some() && self.masked_id_number.is_some() {
                out.push(FieldProblem::new("maskedIdNumber", C::TwoIdNumbers));
            }
        } else {
            if self.id_number.is_some() {
                out.push(
                    FieldProblem::new("idNumber", C::EntityWithIdNumber)
                        .found(self.entity_kind.as_str()),
                );
            }
            if self.masked_id_number.is_some() {
                out.push(
                    FieldProblem::new("maskedIdNumber", C::EntityWithIdNumber)
                        .found(self.entity_kind.as_str()),
                );
            }
        }
    }

    fn check_term(&self, out: &mut Vec<FieldProblem>) {
        use RecordProblemCode as C;
        let Term { min_end, max_end } = self.term;
        for (field, end) in [("term.minEnd", min_end), ("term.maxEnd", max_end)] {
            if let Some(end) = end.filter(|&e| e <= self.listed_at) {
                out.push(
                    FieldProblem::new(field, C::TermNotAfterListing)
                        .expected(self.listed_at.to_string())
                        .found(end.to_string()),
                );
            }
        }
        if let (Some(min), Some(max)) = (min_end, max_end) {
            if min > max {
                out.push(
                    FieldProblem::new("term.maxEnd", C::TermOrder)
                        .expected(min.to_string())
                        .found(max.to_string()),
                );
            }
        }
    }

    fn check_credit_class(&self, out: &mut Vec<FieldProblem>) {
        use RecordProblemCode as C;
        let Some(class) = self.credit_class else {
            return;
        };
        let allowed = self.list_type.credit_classes();
        if allowed.is_empty() {
            out.push(
                FieldProblem::new("creditClass", C::CreditClassNotApplicable)
                    .expected(self.list_type.id())
                    .found(class.as_str()),
            );
        } else if !allowed.contains(&class) {
            let want: Vec<&str> = allowed.iter().map(|c| c.as_str()).collect();
            out.push(
                FieldProblem::new("creditClass", C::CreditClassNotInList)
                    .expected(want.join(", "))
                    .found(class.as_str()),
            );
        }
    }

    /// The identifier a record is best known by, safe to show: USCC, else organisation code,
    /// else registration number, else the masked ID number.
    pub fn display_identifier(&self) -> Option<String> {
        if let Some(u) = &self.uscc {
            Some(u.to_string())
        } else if let Some(o) = &self.org_code {
            Some(o.to_string())
        } else if let Some(r) = &self.registration_number {
            Some(r.to_string())
        } else {
            self.id_number
                .as_ref()
                .map(ResidentId::masked)
                .or_else(|| self.masked_id_number.map(|m| m.to_string()))
        }
    }
}

impl fmt::Debug for ListRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListRecord")
            .field("entity_kind", &self.entity_kind)
            .field("uscc", &self.uscc.as_ref().map(Shown))
            .field("org_code", &self.org_code.as_ref().map(Shown))
            .field(
                "registration_number",
                &self.registration_number.as_ref().map(Shown),
            )
            .field("id_number", &self.id_number.as_ref().map(Masked))
            .field("name", &self.name)
            .field("former_names", &self.former_names)
            .field("list_type", &self.list_type)
            .field("listing_authority", &self.listing_authority)
            .field("decision_number", &self.decision_number)
            .field("listed_at", &self.listed_at)
            .field("term", &self.term)
            .field("status", &self.status)
            .field("status_date", &self.status_date)
            .field("reason", &self.reason)
            .field("credit_class", &self.credit_class)
            .field("masked_id_number", &self.masked_id_number)
            .field("decided_at", &self.decided_at)
            .field("sanctions", &self.sanctions)
            .field("penalty", &self.penalty)
            .field("subject_role", &self.subject_role)
            .field("repair_tier", &self.repair_tier)
            .field("related_persons", &self.related_persons)
            .finish()
    }
}

/// One line: `LT-SXBZXR 张三 110105********002X 2023-03-01 active`.
impl fmt::Display for ListRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.list_type.id(), self.name)?;
        if let Some(id) = self.display_identifier() {
            write!(f, " {id}")?;
        }
        write!(f, " {} {}", self.listed_at, self.status.as_str())
    }
}

/// A record-level problem's stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordProblemCode {
    /// A required field is empty (reading input).
    Required,
    /// A value is not one of the allowed values (reading input).
    InvalidValue,
    /// A date is not `YYYY-MM-DD` or not a calendar date (reading input).
    InvalidDate,
    /// No identifier and no name: nothing could ever match the record.
    NoIdentifier,
    /// A natural person with a USCC, organisation code or registration number.
    PersonWithEntityCode,
    /// A natural person with neither an ID number nor a name.
    PersonUnidentified,
    /// A legal entity or individual business keyed by an ID number.
    EntityWithIdNumber,
    /// A natural person with related persons.
    PersonWithRelatedPersons,
    /// A related person with neither a name nor an ID number.
    RelatedPersonUnidentified,
    /// The organisation code differs from the one inside the USCC.
    OrgCodeMismatch,
    /// No listing authority.
    ListingAuthorityMissing,
    /// A repaired or removed record without a status date.
    StatusDateMissing,
    /// The status date lies before the listing date.
    StatusBeforeListing,
    /// A term end on or before the listing date.
    TermNotAfterListing,
    /// The minimum term end lies after the maximum.
    TermOrder,
    /// A credit class on a list that has none.
    CreditClassNotApplicable,
    /// A credit class the list does not have.
    CreditClassNotInList,
    /// Not a masked ID number (18 positions, `*` hidden, at least 4 visible).
    InvalidMaskedId,
    /// A natural person with both a full and a masked ID number.
    TwoIdNumbers,
    /// The decision date lies after the listing date.
    DecisionAfterListing,
    /// A sanction ends before it starts (or has both an end and no time limit).
    SanctionPeriodOrder,
    /// A period on a sanction that has none (a fine).
    SanctionPeriodNotApplicable,
    /// An amount on a sanction that is not money.
    SanctionAmountNotApplicable,
    /// A repair tier on an entry that is not repaired.
    RepairTierWithoutRepair,
}

impl RecordProblemCode {
    /// Every code.
    pub const ALL: [RecordProblemCode; 24] = [
        RecordProblemCode::Required,
        RecordProblemCode::InvalidValue,
        RecordProblemCode::InvalidDate,
        RecordProblemCode::NoIdentifier,
        RecordProblemCode::PersonWithEntityCode,
        RecordProblemCode::PersonUnidentified,
        RecordProblemCode::EntityWithIdNumber,
        RecordProblemCode::PersonWithRelatedPersons,
        RecordProblemCode::RelatedPersonUnidentified,
        RecordProblemCode::OrgCodeMismatch,
        RecordProblemCode::ListingAuthorityMissing,
        RecordProblemCode::StatusDateMissing,
        RecordProblemCode::StatusBeforeListing,
        RecordProblemCode::TermNotAfterListing,
        RecordProblemCode::TermOrder,
        RecordProblemCode::CreditClassNotApplicable,
        RecordProblemCode::CreditClassNotInList,
        RecordProblemCode::InvalidMaskedId,
        RecordProblemCode::TwoIdNumbers,
        RecordProblemCode::DecisionAfterListing,
        RecordProblemCode::SanctionPeriodOrder,
        RecordProblemCode::SanctionPeriodNotApplicable,
        RecordProblemCode::SanctionAmountNotApplicable,
        RecordProblemCode::RepairTierWithoutRepair,
    ];

    /// The stable string form, e.g. `"TERM_ORDER"`.
    pub fn as_str(self) -> &'static str {
        use RecordProblemCode::*;
        match self {
            Required => "REQUIRED",
            InvalidValue => "INVALID_VALUE",
            InvalidDate => "INVALID_DATE",
            NoIdentifier => "NO_IDENTIFIER",
            PersonWithEntityCode => "PERSON_WITH_ENTITY_CODE",
            PersonUnidentified => "PERSON_UNIDENTIFIED",
            EntityWithIdNumber => "ENTITY_WITH_ID_NUMBER",
            PersonWithRelatedPersons => "PERSON_WITH_RELATED_PERSONS",
            RelatedPersonUnidentified => "RELATED_PERSON_UNIDENTIFIED",
            OrgCodeMismatch => "ORG_CODE_MISMATCH",
            ListingAuthorityMissing => "LISTING_AUTHORITY_MISSING",
            StatusDateMissing => "STATUS_DATE_MISSING",
            StatusBeforeListing => "STATUS_BEFORE_LISTING",
            TermNotAfterListing => "TERM_NOT_AFTER_LISTING",
            TermOrder => "TERM_ORDER",
            CreditClassNotApplicable => "CREDIT_CLASS_NOT_APPLICABLE",
            CreditClassNotInList => "CREDIT_CLASS_NOT_IN_LIST",
            InvalidMaskedId => "INVALID_MASKED_ID",
            TwoIdNumbers => "TWO_ID_NUMBERS",
            DecisionAfterListing => "DECISION_AFTER_LISTING",
            SanctionPeriodOrder => "SANCTION_PERIOD_ORDER",
            SanctionPeriodNotApplicable => "SANCTION_PERIOD_NOT_APPLICABLE",
            SanctionAmountNotApplicable => "SANCTION_AMOUNT_NOT_APPLICABLE",
            RepairTierWithoutRepair => "REPAIR_TIER_WITHOUT_REPAIR",
        }
    }
}

impl crate::error::ErrorCode for RecordProblemCode {
    const ALL: &'static [RecordProblemCode] = &RecordProblemCode::ALL;
    fn as_str(self) -> &'static str {
        RecordProblemCode::as_str(self)
    }
}

impl fmt::Display for RecordProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fields of a record by their JSON path, with Chinese names for messages.
pub const FIELDS: [(&str, &str); 26] = [
    ("entityKind", "主体类型"),
    ("uscc", "统一社会信用代码"),
    ("orgCode", "组织机构代码"),
    ("registrationNumber", "工商注册号"),
    ("idNumber", "身份证号码"),
    ("name", "名称"),
    ("formerNames", "曾用名"),
    ("listType", "名单类型"),
    ("listingAuthority", "列入机关"),
    ("decisionNumber", "决定文书号"),
    ("listedAt", "列入日期"),
    ("term.minEnd", "最短公示期满日"),
    ("term.maxEnd", "最长公示期满日"),
    ("status", "状态"),
    ("statusDate", "状态日期"),
    ("reason", "列入原因"),
    ("creditClass", "信用等级"),
    ("maskedIdNumber", "部分隐藏的身份证号码"),
    ("decidedAt", "决定日期"),
    ("sanctions", "处罚"),
    ("penalty", "处罚结果"),
    ("subjectRole", "主体角色"),
    ("repairTier", "修复等级"),
    ("relatedPersons", "相关人员"),
    ("legalRepresentative.name", "法定代表人姓名"),
    ("legalRepresentative.idNumber", "法定代表人身份证号码"),
];

fn field_zh(field: &str) -> &str {
    FIELDS
        .iter()
        .find(|(p, _)| *p == field)
        .map(|(_, zh)| *zh)
        .unwrap_or(field)
}

/// A problem with one field of a record: the field's JSON path (`uscc`, `term.maxEnd`,
/// `legalRepresentative.name`), a stable code, and Chinese and English messages.
///
/// Serialised as `{field, code, message, messageEn, expected?, found?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    field: &'static str,
    code: RecordProblemCode,
    expected: Option<String>,
    found: Option<String>,
}

/// Values echoed in messages are cut to this many characters.
const ECHO_CHARS: usize = 40;

impl FieldProblem {
    /// A problem with `field` (a JSON path, see [`FIELDS`]).
    pub fn new(field: &'static str, code: RecordProblemCode) -> FieldProblem {
        FieldProblem {
            field,
            code,
            expected: None,
            found: None,
        }
    }

    /// An `INVALID_VALUE` problem: `found` is not one of `expected`.
    pub fn invalid_value(field: &'static str, expected: &str, found: &str) -> FieldProblem {
        FieldProblem::new(field, RecordProblemCode::InvalidValue)
            .expected(expected)
            .found(found)
    }

    /// Sets what was expected.
    pub fn expected(mut self, s: impl Into<String>) -> FieldProblem {
        self.expected = Some(s.into());
        self
    }

    /// Sets what was found (cut to 40 characters).
    pub fn found(mut self, s: impl Into<String>) -> FieldProblem {
        let s: String = s.into();
        self.found = Some(if s.chars().count() > ECHO_CHARS {
            s.chars().take(ECHO_CHARS).chain(['…']).collect()
        } else {
            s
        });
        self
    }

    /// The field's JSON path.
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// The stable code.
    pub fn code(&self) -> RecordProblemCode {
        self.code
    }

    /// What was expected, if it says.
    pub fn expected_value(&self) -> Option<&str> {
        self.expected.as_deref()
    }

    /// What was found, if it says.
    pub fn found_value(&self) -> Option<&str> {
        self.found.as_deref()
    }

    fn list_names(&self) -> (&'static str, &'static str) {
        let id = self.expected.as_deref().or(self.found.as_deref());
        id.and_then(|id| id.parse::<ListType>().ok())
            .map(|l| (l.name_zh(), l.name_en()))
            .unwrap_or(("该名单", "this list"))
    }

    /// The message in Chinese.
    pub fn message(&self) -> String {
        use RecordProblemCode::*;
        let f = field_zh(self.field);
        let exp = self.expected.as_deref().unwrap_or("");
        let found = self.found.as_deref().unwrap_or("");
        match self.code {
            Required => format!("{f}为必填项"),
            InvalidValue => format!("{f}的值“{found}”无效（应为{exp}）"),
            InvalidDate => format!("{f}“{found}”不是YYYY-MM-DD格式的有效日期"),
            NoIdentifier => "记录既无证照号码也无名称，无法匹配".to_string(),
            PersonWithEntityCode => format!("自然人记录不应有{f}（该代码属于组织）"),
            PersonUnidentified => "自然人记录须有身份证号码或姓名".to_string(),
            EntityWithIdNumber => {
                let kind = found.parse::<EntityKind>().map(EntityKind::name_zh);
                format!(
                    "{}记录不以身份证号码为主体标识；法定代表人的身份证号码应填在法定代表人中",
                    kind.unwrap_or("组织")
                )
            }
            PersonWithRelatedPersons => "自然人记录没有法定代表人等相关人员".to_string(),
            RelatedPersonUnidentified => "相关人员既无姓名也无证件号码".to_string(),
            OrgCodeMismatch => {
                format!("组织机构代码{found}与统一社会信用代码中的组织机构代码{exp}不一致")
            }
            ListingAuthorityMissing => "列入机关为空（异议须向列入机关提出）".to_string(),
            StatusDateMissing => {
                let st = found.parse::<ListingStatus>().map(ListingStatus::name_zh);
                format!("状态为“{}”的记录须有状态日期", st.unwrap_or(found))
            }
            StatusBeforeListing => format!("状态日期{found}早于列入日期{exp}"),
            TermNotAfterListing => format!("{f}{found}不晚于列入日期{exp}"),
            TermOrder => format!("最短公示期满日{exp}晚于最长公示期满日{found}"),
            CreditClassNotApplicable => {
                format!(
                    "{}没有信用等级，不应填写（实为{found}）",
                    self.list_names().0
                )
            }
            CreditClassNotInList => format!("该名单的信用等级只能为{exp}，实为{found}"),
            InvalidMaskedId => format!(
                "“{found}”不是有效的身份证号码或部分隐藏的身份证号码（18位，隐藏位为*，至少4位可见）"
            ),
            TwoIdNumbers => "自然人记录只能有完整或部分隐藏的身份证号码之一".to_string(),
            DecisionAfterListing => format!("决定日期{found}晚于列入日期{exp}"),
            SanctionPeriodOrder => format!("处罚期限有误：起始{exp}，截止{found}"),
            SanctionPeriodNotApplicable => {
                format!("“{found}”类处罚没有期限，不应填写截止日期")
            }
            SanctionAmountNotApplicable => format!("“{found}”类处罚没有金额"),
            RepairTierWithoutRepair => {
                format!("只有已信用修复的记录才有修复等级（状态为{found}）")
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        use RecordProblemCode::*;
        let f = self.field;
        let exp = self.expected.as_deref().unwrap_or("");
        let found = self.found.as_deref().unwrap_or("");
        match self.code {
            Required => format!("{f} is required"),
            InvalidValue => format!("{f}: invalid value '{found}' (expected {exp})"),
            InvalidDate => format!("{f}: '{found}' is not a valid YYYY-MM-DD date"),
            NoIdentifier => {
                "the record has neither an identifier nor a name, so nothing can match it"
                    .to_string()
            }
            PersonWithEntityCode => {
                format!("a natural person has no {f} (that code belongs to organisations)")
            }
            PersonUnidentified => "a natural person needs an ID number or a name".to_string(),
            EntityWithIdNumber => {
                let kind = found.parse::<EntityKind>().map(EntityKind::name_en);
                format!(
                    "a {} record is not keyed by an ID number; put the legal representative's in legalRepresentative.idNumber",
                    kind.unwrap_or("organisation")
                )
            }
            PersonWithRelatedPersons => {
                "a natural person has no legal representative or other related persons".to_string()
            }
            RelatedPersonUnidentified => {
                "a related person has neither a name nor an ID number".to_string()
            }
            OrgCodeMismatch => {
                format!("organisation code {found} differs from {exp}, the one inside the USCC")
            }
            ListingAuthorityMissing => {
                "the listing authority is empty (objections are filed with it)".to_string()
            }
            StatusDateMissing => format!("a {found} record needs a status date"),
            StatusBeforeListing => {
                format!("status date {found} is before the listing date {exp}")
            }
            TermNotAfterListing => format!("{f} {found} is not after the listing date {exp}"),
            TermOrder => format!("minimum term end {exp} is after maximum term end {found}"),
            CreditClassNotApplicable => format!(
                "the {} has no credit classes (found {found})",
                self.list_names().1
            ),
            CreditClassNotInList => {
                format!("this list's credit class can only be {exp}, found {found}")
            }
            InvalidMaskedId => format!(
                "'{found}' is neither an ID number nor a masked one (18 positions, * hidden, at least 4 visible)"
            ),
            TwoIdNumbers => {
                "a natural person has either a full or a masked ID number, not both".to_string()
            }
            DecisionAfterListing => {
                format!("decision date {found} is after the listing date {exp}")
            }
            SanctionPeriodOrder => format!("sanction period: starts {exp}, ends {found}"),
            SanctionPeriodNotApplicable => {
                format!("a {found} sanction has no period: give no end")
            }
            SanctionAmountNotApplicable => format!("a {found} sanction has no amount"),
            RepairTierWithoutRepair => {
                format!("only a repaired entry has a repair tier (status {found})")
            }
        }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.field, self.code, self.message_en())
    }
}

impl std::error::Error for FieldProblem {}

impl crate::error::CodedError for FieldProblem {
    type Code = RecordProblemCode;
    fn kind(&self) -> RecordProblemCode {
        self.code
    }
    fn text(&self) -> crate::error::Message {
        crate::error::Message::new(self.message(), self.message_en())
    }
    fn location(&self) -> Option<crate::error::Location> {
        Some(crate::error::Location::Field(self.field.into()))
    }
    fn expected_found(&self) -> (Option<&str>, Option<&str>) {
        (self.expected_value(), self.found_value())
    }
}

impl Serialize for FieldProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let n = 4 + usize::from(self.expected.is_some()) + usize::from(self.found.is_some());
        let mut st = serializer.serialize_struct("FieldProblem", n)?;
        st.serialize_field("field", self.field)?;
        st.serialize_field("code", self.code.as_str())?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("messageEn", &self.message_en())?;
        if let Some(e) = &self.expected {
            st.serialize_field("expected", e)?;
        }
        if let Some(v) = &self.found {
            st.serialize_field("found", v)?;
        }
        st.end()
    }
}

/// Parses a `YYYY-MM-DD` date exactly (four-digit year, two-digit month and day, a real
/// calendar date); `field` names the field in the problem.
///
/// ```
/// use credit_check::lists::record::parse_date;
/// assert_eq!(parse_date("listedAt", "2023-03-01").unwrap().to_string(), "2023-03-01");
/// assert_eq!(parse_date("listedAt", "2023-3-1").unwrap_err().code().as_str(), "INVALID_DATE");
/// assert!(parse_date("listedAt", "2023-02-29").is_err());
/// ```
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, FieldProblem> {
    let t = s.trim();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().ok();
    let date = if shape {
        match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        }
    } else {
        None
    };
    date.ok_or_else(|| FieldProblem::new(field, RecordProblemCode::InvalidDate).found(s))
}

/// serde for a date as `YYYY-MM-DD` (chrono's serde feature is not enabled in this crate).
pub(crate) mod date {
    use super::parse_date;
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::borrow::Cow;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        parse_date("date", &s).map_err(|p| serde::de::Error::custom(p.message_en()))
    }
}

/// serde for an optional `YYYY-MM-DD` date (`null` or absent is `None`).
pub(crate) mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::borrow::Cow;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match <Option<Cow<'de, str>>>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::parse_date("date", &s)
                .map(Some)
                .map_err(|p| serde::de::Error::custom(p.message_en())),
        }
    }
}
