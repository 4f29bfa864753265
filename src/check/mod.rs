//! The verdict (issue 5): `check(parties, scenario, cutoff)` against a snapshot and the measure
//! catalogue. Each party is screened ([`crate::matching::screen`]); each hit is judged in force
//! or not at the cut-off ([`crate::lists::validity::in_force`]); the catalogue says which measures its
//! list type triggers in the scenario for the party's role; the strongest effect decides.
//!
//! Rules kept here, in one place:
//! - Closed world: only catalogued measures fire. A listed entity with no measure in the
//!   scenario is shown, and passes.
//! - An entry before its listing, after its term, repaired or removed neither fires nor shows.
//!   One whose term cannot be told (a ban list without its ban period) asks for review.
//! - Only a definite match (identifiers agree) fires a measure. A possible match (names only)
//!   asks for review and lists what would apply.
//! - A block outranks everything; incentives never override it (they are listed as not applied).
//!   One blocked consortium member blocks the consortium.
//! - A condition naming a case fact (`government_invested_project`, …) fires only when the
//!   request says the fact holds; when it says nothing, the measure is listed as open and the
//!   party goes to review.
//! - A stale snapshot, or one that does not cover a black or warning list the scenario uses,
//!   gives its own outcome, never "pass". Staleness is judged at the time the check ran, so a
//!   re-run of the record later gives the same answer.
//!
//! [`record`] turns the verdict into the canonical check record and its SHA-256.

pub mod checker;
pub mod input;
pub mod record;

pub use checker::{CatalogueInfo, CheckAnswer, Checker, Unavailable, UNAVAILABLE_CODES};
pub use input::{CheckError, CheckInput, CheckParty, MAX_PARTIES};
pub use record::{check_record, verify_record, CheckRecord, Verification};

use crate::lists::catalogue::{Applicability, Catalogue, Effect, Measure, Scenario};
use crate::lists::record::{CreditClass, ListColour, ListRecord, ListType};
use crate::lists::validity::{ban_at, in_force, Ban, InForce};
use crate::matching::{screen, Band, MatchKind, MatchOptions, NameIndex};
use crate::snapshot::Snapshot;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;

/// The outcome, strongest first in precedence: `block` > `invalidInput` > `stale` >
/// `notCovered` > `review` > `pass`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// No measure stops it (incentives and warnings may apply).
    Pass,
    /// A person must decide: a possible match, a review measure, an open condition, a term
    /// that cannot be told.
    Review,
    /// The snapshot does not cover a black or warning list the scenario uses: the check is
    /// incomplete.
    NotCovered,
    /// The snapshot was past its expiry when the check ran.
    Stale,
    /// A party's input could not be checked (an invalid code, nothing given).
    InvalidInput,
    /// Rejected under a catalogued measure.
    Block,
}

impl Decision {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Decision::Pass => "通过",
            Decision::Review => "需人工复核",
            Decision::NotCovered => "快照未覆盖，核查不完整",
            Decision::Stale => "快照已过期，核查不可靠",
            Decision::InvalidInput => "输入有误，未能核查",
            Decision::Block => "不予通过",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Review => "manual review required",
            Decision::NotCovered => "snapshot does not cover the scenario's lists: incomplete",
            Decision::Stale => "snapshot stale: the check cannot be relied on",
            Decision::InvalidInput => "invalid input: not checked",
            Decision::Block => "rejected",
        }
    }
}

/// A Chinese and an English text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}

/// A measure as it bears on one hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeasureOutcome {
    /// Measure id.
    pub id: String,
    /// Its effect.
    pub effect: Effect,
    /// `applied`; `notApplied` (an incentive under a block); `open` (a case fact not given);
    /// `wouldApply` (the match or the term still has to be confirmed).
    pub state: &'static str,
    /// Measure text.
    pub text: Text,
    /// Legal basis as catalogued.
    pub legal_basis: String,
    /// Edition (national basic list, provincial supplement or document), document numbers
    /// spelled out.
    pub edition: String,
    /// The research source tag and whether the seed text verifies the row.
    pub source_tag: String,
    /// `yes`, `partly`, `no`.
    pub verified: String,
    /// The catalogued condition (empty: none).
    pub condition: String,
    /// Why it has this state.
    pub why: Text,
}

/// How the party matched the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchSummary {
    /// Identifier, derived identifier, name, former name, legal representative, branch.
    pub kind: MatchKind,
    /// Definite or possible.
    pub band: Band,
    /// Similarity in thousandths (1000 for identifiers): integers keep the record exact.
    pub score_permille: u32,
    /// The party field that matched.
    pub field: &'static str,
    /// The explanation.
    pub note: Text,
}

/// Where to object (异议): the authority that listed the entry and its decision number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Objection {
    /// The listing authority.
    pub authority: String,
    /// The decision document number.
    pub decision_number: String,
    /// What to do.
    pub route: Text,
}

/// One list entry that bears on a party.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HitOutcome {
    /// The record as shown (ID numbers masked).
    pub record: serde_json::Value,
    /// List type id.
    pub list_type: ListType,
    /// Black, red or warning.
    pub colour: ListColour,
    /// How it matched.
    #[serde(rename = "match")]
    pub matched: MatchSummary,
    /// Published and in force at the cut-off (or undetermined), with the reason.
    pub validity: InForce,
    /// The ban the decision imposed, on its own clock (record model v2): it can outlive
    /// publication, and a fine alone is none.
    pub ban: Ban,
    /// The catalogued measures and what became of each.
    pub measures: Vec<MeasureOutcome>,
    /// Where to object.
    pub objection: Objection,
}

/// Acceptance on commitment (告知承诺 / 容缺受理), in approval scenarios.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Commitment {
    /// Whether the application may be accepted on a commitment (审批替代型).
    pub allowed: bool,
    /// The commitment types this party may use (ids and names).
    pub types: Vec<CommitmentChoice>,
    /// Why.
    pub why: Text,
}

/// One usable commitment type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentChoice {
    /// Id, e.g. `CT-SPTD`.
    pub id: String,
    /// Name.
    pub name: Text,
}

/// Graded supervision, in the inspection scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Supervision {
    /// The credit class used (the worst of the request's and the records').
    pub credit_class: Option<CreditClass>,
    /// Sampling ratio from the catalogue's local data.
    pub ratio: Option<String>,
    /// `lower`, `normal`, `higher`.
    pub direction: Option<String>,
    /// 重点关注.
    pub focus: bool,
    /// The ratio is an example from the default data, not a local rule.
    pub is_example: bool,
    /// Explanation.
    pub why: Text,
}

/// The verdict for one party.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyVerdict {
    /// Position in the request.
    pub index: usize,
    /// Role.
    pub role: String,
    /// The request's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// This party's decision (`block`, `invalidInput`, `review` or `pass`).
    pub decision: Decision,
    /// Effects applied, strongest first.
    pub effects: Vec<Effect>,
    /// Entries that bear on it (in force or undetermined at the cut-off).
    pub hits: Vec<HitOutcome>,
    /// Possible matches beyond those shown.
    pub omitted: usize,
    /// Party-level measures (by credit class, acceptance on commitment).
    pub measures: Vec<MeasureOutcome>,
    /// Acceptance on commitment, in approval scenarios.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    /// Graded supervision, in the inspection scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervision: Option<Supervision>,
    /// Problems with the party's identifiers (the check could not use them).
    pub input_problems: Vec<crate::matching::InputProblem>,
    /// Warnings on identifiers the check did use (a wrong check character: perhaps a typo that
    /// hides a listed entity), which send the party to review.
    pub input_warnings: Vec<crate::matching::InputProblem>,
    /// What to do next.
    pub next_steps: Vec<Text>,
}

/// Consortium (联合体) outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consortium {
    /// Parties in it (applicant and members).
    pub members: Vec<usize>,
    /// Members that are blocked.
    pub blocked_by: Vec<usize>,
    /// Explanation.
    pub why: Text,
}

/// The snapshot as the check saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotState {
    /// Publisher.
    pub publisher: String,
    /// Signing key id.
    pub key_id: String,
    /// Sequence.
    pub sequence: u64,
    /// Issue time.
    pub issued_at: String,
    /// Expiry.
    pub expires_at: String,
    /// Payload digest (hex).
    pub payload_digest: String,
    /// Past its expiry when the check ran.
    pub stale: bool,
    /// Lists the scenario uses that it does not cover.
    pub uncovered: Vec<ListType>,
    /// A sharded snapshot's shards the check read (SHA-256, hex, sorted) — with the manifest's
    /// digest above, the immutable files a server re-runs the record from. Absent for a
    /// single-file snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shards: Option<Vec<String>>,
    /// Several publishers' manifests checked together: each one (publisher, key, sequence,
    /// times, digest); every hit's record then names its own in `source`. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<crate::snapshot::load::ViewSource>>,
}

/// The catalogue the check used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueState {
    /// Version.
    pub version: String,
    /// SHA-256 of its canonical bundle.
    pub digest: String,
    /// `snapshot` (signed inside it) or `embedded` (the build's default).
    pub source: &'static str,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Overall decision.
    pub decision: Decision,
    /// One line.
    pub summary: Text,
    /// Scenario id and name.
    pub scenario: String,
    /// Scenario name.
    pub scenario_name: Text,
    /// The cut-off date in China.
    pub cutoff_date: String,
    /// Effects applied to any party, strongest first.
    pub effects: Vec<Effect>,
    /// Per party.
    pub parties: Vec<PartyVerdict>,
    /// When there are consortium members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consortium: Option<Consortium>,
    /// Snapshot state.
    pub snapshot: SnapshotState,
    /// Catalogue state.
    pub catalogue: CatalogueState,
    /// What to do next, overall.
    pub next_steps: Vec<Text>,
}

/// Which catalogue a snapshot's checks use: the one signed into it, else the embedded default.
pub fn catalogue_for(s: &Snapshot) -> Result<(Catalogue, &'static str), CheckError> {
    let bad = |e: crate::lists::catalogue::CatalogueError| {
        CheckError::new(
            "BAD_CATALOGUE",
            format!("措施清单无法读取：{e}"),
            format!("the measure catalogue cannot be read: {e}"),
            None,
        )
    };
    match s.catalogue_bundle() {
        Some(text) => {
            let b = crate::lists::catalogue::Bundle::from_json(text).map_err(bad)?;
            Ok((Catalogue::from_bundle(&b).map_err(bad)?, "snapshot"))
        }
        None => Ok((Catalogue::embedded().map_err(bad)?, "embedded")),
    }
}

/// Condition tokens the check decides itself; every other token is a case fact.
fn automatic(token: &str) -> bool {
    matches!(
        token,
        "within_ban_period"
            | "ban_term_active"
            | "equal_conditions"
            | "no_block_in_scenario"
            | "ban_not_served"
    ) || token.starts_with("class=")
        || token.starts_with("lookback=")
}

/// Case facts the engine itself asks, beside those of the catalogue's conditions:
/// `prior_false_commitment` (国办发〔2020〕42号: an applicant that made a false commitment before
/// may not use 告知承诺).
pub const ENGINE_FACTS: [&str; 1] = ["prior_false_commitment"];

/// The case facts the catalogue's conditions name, sorted.
pub fn known_facts(c: &Catalogue) -> Vec<String> {
    let mut f: Vec<String> = c
        .applicability
        .iter()
        .flat_map(|a| a.condition.split(';'))
        .map(str::trim)
        .filter(|t| !t.is_empty() && !automatic(t))
        .map(str::to_string)
        .chain(ENGINE_FACTS.iter().map(|f| f.to_string()))
        .collect();
    f.sort();
    f.dedup();
    f
}

/// The request checked for what the catalogue knows: scenario, roles, facts, sizes, times.
/// Returns the scenario, the cut-off date and the time the check ran.
fn validate_input<'c>(
    c: &'c Catalogue,
    input: &CheckInput,
    now: DateTime<Utc>,
) -> Result<(&'c Scenario, NaiveDate, DateTime<Utc>), CheckError> {
    let Some(sc) = c.scenario(&input.scenario) else {
        let ids: Vec<&str> = c.scenarios.iter().map(|s| s.id.as_str()).collect();
        return Err(CheckError::new(
            "UNKNOWN_SCENARIO",
            format!("未知场景“{}”，可用：{}", input.scenario, ids.join("、")),
            format!(
                "unknown scenario '{}'; known: {}",
                input.scenario,
                ids.join(", ")
            ),
            Some("scenario".into()),
        ));
    };
    if input.parties.is_empty() {
        return Err(CheckError::new(
            "NO_PARTIES",
            "未提供当事人",
            "no parties given",
            Some("parties".into()),
        ));
    }
    if input.parties.len() > MAX_PARTIES {
        return Err(CheckError::new(
            "TOO_MANY_PARTIES",
            format!("当事人{}个，超过上限{MAX_PARTIES}", input.parties.len()),
            format!("{} parties, at most {MAX_PARTIES}", input.parties.len()),
            Some("parties".into()),
        ));
    }
    for (i, p) in input.parties.iter().enumerate() {
        if !sc.roles.contains(&p.role) {
            return Err(CheckError::new(
                "UNKNOWN_ROLE",
                format!(
                    "场景{}中没有角色“{}”，可用：{}",
                    sc.id,
                    p.role,
                    sc.roles.join("、")
                ),
                format!(
                    "role '{}' is not one of scenario {}'s: {}",
                    p.role,
                    sc.id,
                    sc.roles.join(", ")
                ),
                Some(format!("parties[{i}].role")),
            ));
        }
    }
    let known = known_facts(c);
    for f in input.facts.keys() {
        if !known.contains(f) {
            return Err(CheckError::new(
                "UNKNOWN_FACT",
                format!("未知案件事实“{f}”，可用：{}", known.join("、")),
                format!("unknown fact '{f}'; known: {}", known.join(", ")),
                Some(format!("facts.{f}")),
            ));
        }
    }
    let checked_at = match &input.checked_at {
        Some(t) => input::parse_time(t, "checkedAt")?,
        None => now,
    };
    let cutoff = match &input.cutoff {
        Some(t) => input::cutoff_date(t)?,
        None => crate::lists::validity::china_date(checked_at),
    };
    Ok((sc, cutoff, checked_at))
}

/// What one condition token says for one hit (or for the party, on party-level rows).
enum Cond {
    Holds,
    /// The measure does not bear on it.
    Fails,
    /// A case fact not given.
    Open(String),
    /// The record lacks what the condition needs.
    Unknown(Text),
}

struct Ctx<'a> {
    cutoff: NaiveDate,
    catalogue: &'a Catalogue,
    /// The ban of the hit being judged (`NotApplicable` for party-level rows).
    ban: Ban,
    facts: &'a std::collections::BTreeMap<String, bool>,
    class: Option<CreditClass>,
    blocked: bool,
}

fn condition_of(token: &str, rec: Option<&ListRecord>, ctx: &Ctx) -> Cond {
    match token {
        "" | "equal_conditions" => Cond::Holds,
        "within_ban_period" | "ban_term_active" => match ctx.ban {
            Ban::Running { .. } => Cond::Holds,
            Ban::NoBan | Ban::Ended { .. } => Cond::Fails,
            // A ban measure on a list without ban kinds, or an unpublished end: a person decides.
            b @ (Ban::Unknown { .. } | Ban::NotApplicable) => {
                Cond::Unknown(text(b.reason_zh(), b.reason_en()))
            }
        },
        "no_block_in_scenario" => {
            if ctx.blocked {
                Cond::Fails
            } else {
                Cond::Holds
            }
        }
        t if t.starts_with("class=") => {
            let want = &t["class=".len()..];
            let class = rec.and_then(|r| r.credit_class).or(ctx.class);
            if class.is_some_and(|c| c.as_str() == want) {
                Cond::Holds
            } else {
                Cond::Fails
            }
        }
        t if t.starts_with("lookback=") => match rec {
            Some(r) => lookback(r, t, ctx.cutoff),
            None => Cond::Fails,
        },
        "major_violation" if !ctx.facts.contains_key("major_violation") => match rec {
            Some(r) => major_violation(r, ctx),
            None => Cond::Open("major_violation".into()),
        },
        // 实施条例第十九条第二款: a procurement ban already served does not bar again.
        "ban_not_served" => match rec {
            Some(r) if served_procurement_ban(r, ctx.cutoff) => Cond::Fails,
            _ => Cond::Holds,
        },
        fact => match ctx.facts.get(fact) {
            Some(true) => Cond::Holds,
            Some(false) => Cond::Fails,
            None => Cond::Open(fact.to_string()),
        },
    }
}

/// `lookback=Ny`: the decision lies within N years before the cut-off (政府采购法第二十二条第一款
/// 第（五）项: "参加政府采购活动前三年内"), counted from the decision date — not the listing, not
/// the end of publication, and a repair does not move it.
fn lookback(r: &ListRecord, token: &str, cutoff: NaiveDate) -> Cond {
    let years: u32 = token["lookback=".len()..]
        .trim_end_matches('y')
        .parse()
        .unwrap_or(0);
    let since = cutoff
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MIN);
    match r.decided_at {
        Some(d) if d >= since && d <= cutoff => Cond::Holds,
        Some(_) => Cond::Fails,
        // Listed before the window: the decision, which precedes the listing, is too.
        None if r.listed_at < since => Cond::Fails,
        None => Cond::Unknown(text(
            "记录未载明处罚决定日期，无法判断是否在三年内",
            "the decision date is not published: whether it falls within the three years cannot be told",
        )),
    }
}

/// Whether the entry's sanctions are a 重大违法记录 (实施条例第十九条第一款: 刑事处罚、责令停产停业、
/// 吊销许可证或者执照、较大数额罚款), with the fine threshold in force at the cut-off
/// (`T-MAJOR-FINE`, 财库〔2022〕3号 from 2022-02-08). What the record does not say is unknown.
fn major_violation(r: &ListRecord, ctx: &Ctx) -> Cond {
    use crate::lists::record::SanctionKind as K;
    let unknown = |zh: &str, en: &str| Cond::Unknown(text(zh, en));
    if r.sanctions.is_empty() {
        return unknown(
            "记录未载明处罚种类，无法判断是否属于重大违法记录",
            "the entry does not say what was imposed: whether it is a major violation record cannot be told",
        );
    }
    let threshold = ctx.catalogue.threshold("T-MAJOR-FINE", ctx.cutoff);
    let mut open = None;
    for s in &r.sanctions {
        match (s.kind, s.amount_yuan, threshold) {
            (K::CriminalPenalty | K::ProductionSuspension | K::LicenceRevocation, _, _) => {
                return Cond::Holds
            }
            (K::Fine, Some(a), Some(t)) if a >= t.value => return Cond::Holds,
            (K::Fine, Some(_), Some(_)) => {}
            (K::Fine, None, _) => {
                open = Some(unknown(
                    "罚款金额未载明，无法判断是否属于较大数额罚款",
                    "the fine's amount is not published: whether it is a large fine cannot be told",
                ))
            }
            (K::Fine, Some(_), None) => {
                open = Some(unknown(
                    "截止时点无全国统一的较大数额罚款标准（财库〔2022〕3号自2022年2月8日起为200万元），由采购人认定",
                    "no national large-fine figure at the cut-off (200万元 from 2022-02-08 under 财库〔2022〕3号): the purchaser decides",
                ))
            }
            _ => {}
        }
    }
    open.unwrap_or(Cond::Fails)
}

/// A procurement ban that had ended by the cut-off (实施条例第十九条第二款).
fn served_procurement_ban(r: &ListRecord, cutoff: NaiveDate) -> bool {
    r.sanctions.iter().any(|s| {
        s.kind == crate::lists::record::SanctionKind::ProcurementBan
            && s.end.is_some_and(|e| e < cutoff)
    })
}

/// The state of one measure on one hit (or party): every token of its condition judged.
fn judge(
    a: &Applicability,
    m: &Measure,
    rec: Option<&ListRecord>,
    ctx: &Ctx,
    confirmed: Option<Text>,
) -> Option<MeasureOutcome> {
    let mut open = Vec::new();
    let mut unknown: Option<Text> = None;
    for token in a.condition.split(';').map(str::trim) {
        match condition_of(token, rec, ctx) {
            Cond::Holds => {}
            // A failed condition: the measure does not bear on this hit at all.
            Cond::Fails => return None,
            Cond::Open(f) => open.push(f),
            Cond::Unknown(t) => unknown = Some(t),
        }
    }
    let (state, why) = if let Some(t) = confirmed {
        ("wouldApply", t)
    } else if let Some(t) = unknown {
        ("wouldApply", t)
    } else if !open.is_empty() {
        (
            "open",
            text(
                format!("适用与否取决于案件事实：{}（请求未说明）", open.join("、")),
                format!(
                    "applies only if the case fact(s) {} hold; the request does not say",
                    open.join(", ")
                ),
            ),
        )
    } else {
        let (zh, en) = if a.condition.is_empty() {
            (
                "名单记录在截止时点有效，本场景适用此措施".to_string(),
                "the entry is in force at the cut-off and the measure applies in this scenario"
                    .to_string(),
            )
        } else {
            (
                format!("名单记录在截止时点有效，且满足条件：{}", a.condition),
                format!(
                    "the entry is in force at the cut-off and the condition holds: {}",
                    a.condition
                ),
            )
        };
        ("applied", text(zh, en))
    };
    Some(MeasureOutcome {
        id: m.id.clone(),
        effect: m.effect,
        state,
        text: text(&m.text_zh, &m.text_en),
        legal_basis: m.legal_basis.clone(),
        edition: m.edition.clone(),
        source_tag: m.source_tag.clone(),
        verified: m.verified.clone(),
        condition: a.condition.clone(),
        why,
    })
}

/// Credit repair of an administrative-penalty entry under the rules in force at the cut-off
/// (`repair_rules.tsv`: 国家发展改革委令第58号 until 2026-03-31, 令第36号 from 2026-04-01): the
/// tier's shortest publication before repair; every tier when the record does not give its own.
fn repair_text(c: &Catalogue, r: &ListRecord, cutoff: NaiveDate) -> (String, String) {
    if r.list_type != ListType::AdministrativePenalties {
        return (String::new(), String::new());
    }
    use crate::lists::record::RepairTier;
    let tiers: Vec<&str> = match r.repair_tier {
        Some(t) => vec![t.as_str()],
        None => RepairTier::ALL.iter().map(|t| t.as_str()).collect(),
    };
    let rules: Vec<&crate::lists::catalogue::RepairRule> = tiers
        .iter()
        .filter_map(|t| c.repair_rule(t, cutoff))
        .collect();
    let Some(first) = rules.first() else {
        return (String::new(), String::new());
    };
    let tier_zh = |t: &str| t.parse::<RepairTier>().map_or("", RepairTier::name_zh);
    let zh: Vec<String> = rules
        .iter()
        .map(|x| {
            format!(
                "{}失信信息最短公示{}",
                tier_zh(&x.tier),
                period_zh(&x.min_publication)
            )
        })
        .collect();
    let en: Vec<String> = rules
        .iter()
        .map(|x| format!("{} tier: at least {}", x.tier, x.min_publication))
        .collect();
    (
        format!(
            "。信用修复（{}，{}起施行）：{}，期满后可向{}申请",
            first.edition,
            crate::lists::validity::zh_date(first.from),
            zh.join("；"),
            first.who_zh
        ),
        format!(
            ". Credit repair ({} in force from {}): {} of publication before repair",
            first.edition,
            first.from,
            en.join("; ")
        ),
    )
}

fn period_zh(p: &str) -> String {
    match p.strip_suffix('m') {
        Some(n) => format!("{n}个月"),
        None => match p.strip_suffix('y') {
            Some(n) => format!("{n}年"),
            None if p == "0" => "无最短期限".to_string(),
            None => p.to_string(),
        },
    }
}

/// Where to object, per list type (`objection_routes.tsv`): a court's list to the executing
/// court, a penalty to reconsideration or litigation and the publication to Credit China.
fn objection(c: &Catalogue, r: &ListRecord, cutoff: NaiveDate) -> Objection {
    let authority = if r.listing_authority.is_empty() {
        "（记录未载明列入机关）".to_string()
    } else {
        r.listing_authority.clone()
    };
    let decision = if r.decision_number.is_empty() {
        (
            "记录未载明决定文书号".to_string(),
            "no decision number published".to_string(),
        )
    } else {
        (
            format!("决定文书号：{}", r.decision_number),
            format!("decision {}", r.decision_number),
        )
    };
    let (zh, en) = match c.objection_route(r.list_type) {
        Some(route) => (
            format!(
                "{}。列入机关：{authority}（{}）",
                route.route_zh, decision.0
            ),
            format!(
                "{}. Listing authority: {authority} ({})",
                route.route_en, decision.1
            ),
        ),
        None => (
            format!("对列入有异议的，可向{authority}提出异议（{}）", decision.0),
            format!("objections go to {authority} ({})", decision.1),
        ),
    };
    let (repair_zh, repair_en) = repair_text(c, r, cutoff);
    Objection {
        route: text(zh + &repair_zh, en + &repair_en),
        authority: r.listing_authority.clone(),
        decision_number: r.decision_number.clone(),
    }
}

fn field_name(kind: MatchKind, band: Band) -> &'static str {
    match (kind, band) {
        (MatchKind::LegalRepresentative, _) => "legalRepresentative",
        (MatchKind::RelatedPerson, _) => "relatedPerson",
        (MatchKind::MaskedIdNumber, _) => "maskedIdNumber",
        (_, Band::Definite) => "identifier",
        (MatchKind::FormerName, _) => "formerName",
        _ => "name",
    }
}

/// Runs a check. `now` is used when the request has no `checkedAt`.
pub fn check(
    s: &Snapshot,
    index: &NameIndex,
    c: &Catalogue,
    catalogue_source: &'static str,
    input: &CheckInput,
    now: DateTime<Utc>,
) -> Result<(CheckInput, Verdict), CheckError> {
    let (sc, cutoff, checked_at) = validate_input(c, input, now)?;
    let mut normalized = input.clone();
    normalized.checked_at = Some(input::format_time(checked_at));
    let options = MatchOptions::default();
    let mut parties = Vec::with_capacity(input.parties.len());
    for (i, p) in input.parties.iter().enumerate() {
        let pr = screen(s, index, &p.party(), &options);
        parties.push(party_verdict(
            s,
            c,
            &input.scenario,
            i,
            p,
            &pr,
            cutoff,
            &input.facts,
        ));
    }

    // Consortium: the applicant and its members stand or fall together.
    let members: Vec<usize> = parties
        .iter()
        .filter(|p| p.role == "applicant" || p.role == "consortium_member")
        .map(|p| p.index)
        .collect();
    let consortium = parties
        .iter()
        .any(|p| p.role == "consortium_member")
        .then(|| {
            let blocked_by: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| parties[i].decision == Decision::Block)
                .collect();
            let why = if blocked_by.is_empty() {
                text(
                    "已对联合体全体成员逐一核查，均无禁止性措施",
                    "every consortium member was checked; none is blocked",
                )
            } else {
                let names: Vec<String> = blocked_by.iter().map(|&i| party_name(&input.parties[i], i)).collect();
                text(
                    format!(
                        "联合体成员{}存在禁止性措施，视同联合体存在不良信用记录，整个联合体不予通过",
                        names.join("、")
                    ),
                    format!(
                        "consortium member(s) {} are blocked: the consortium is treated as having the record and is rejected as a whole",
                        names.join(", ")
                    ),
                )
            };
            Consortium {
                members: members.clone(),
                blocked_by,
                why,
            }
        });

    let header = s.header();
    let uncovered: Vec<ListType> = c
        .list_types_in(&input.scenario)
        .into_iter()
        .filter(|l| !header.covers(*l))
        .collect();
    // From the header alone: the record must not depend on when the snapshot was loaded.
    let stale = header.is_stale_at(checked_at);
    // A red list not covered only means an incentive went unchecked; a black or warning list
    // not covered means a block or a review may have been missed.
    let incomplete = uncovered.iter().any(|l| l.colour() != ListColour::Red);

    // Rule 10: from an incomplete check no party passes (a block still blocks).
    for p in parties.iter_mut() {
        if !matches!(p.decision, Decision::Block | Decision::InvalidInput) {
            if stale {
                p.decision = Decision::Stale;
            } else if incomplete {
                p.decision = Decision::NotCovered;
            }
        }
    }
    let party_max = parties
        .iter()
        .map(|p| p.decision)
        .max()
        .unwrap_or(Decision::Pass);
    let decision = match party_max {
        Decision::Block | Decision::InvalidInput => party_max,
        _ if stale => Decision::Stale,
        _ if incomplete => Decision::NotCovered,
        d => d,
    };
    let mut effects: Vec<Effect> = parties
        .iter()
        .flat_map(|p| p.effects.iter().copied())
        .collect();
    effects.sort_by(|a, b| b.cmp(a));
    effects.dedup();

    let mut next_steps = Vec::new();
    if stale {
        next_steps.push(text(
            format!(
                "名单快照已于{}过期：请更新快照后重新核查，本次结果不能作为通过依据",
                crate::snapshot::signature::rfc3339(&header.expires_at)
            ),
            format!(
                "the snapshot expired at {}: update it and check again; this result cannot count as a pass",
                crate::snapshot::signature::rfc3339(&header.expires_at)
            ),
        ));
    }
    if !uncovered.is_empty() {
        let ids: Vec<&str> = uncovered.iter().map(|l| l.id()).collect();
        let names: Vec<&str> = uncovered.iter().map(|l| l.name_zh()).collect();
        next_steps.push(text(
            format!(
                "快照未覆盖本场景使用的名单：{}；请使用覆盖这些名单的快照，或通过“信用中国”等渠道另行查询",
                names.join("、")
            ),
            format!(
                "the snapshot does not cover lists this scenario uses: {}; use a snapshot that does, or query them elsewhere (Credit China)",
                ids.join(", ")
            ),
        ));
    }
    next_steps.push(text(
        "将本核查记录（含SHA-256摘要）与采购文件一并留存（财库〔2016〕125号）",
        "keep this check record (with its SHA-256) with the procurement file (财库〔2016〕125号)",
    ));

    let blocked = parties
        .iter()
        .filter(|p| p.decision == Decision::Block)
        .count();
    let review = parties
        .iter()
        .filter(|p| p.decision == Decision::Review)
        .count();
    let summary = text(
        format!(
            "{}：共{}个当事人，{}个不予通过，{}个需复核（{}，截止时点{}）",
            decision.name_zh(),
            parties.len(),
            blocked,
            review,
            sc.name_zh,
            cutoff
        ),
        format!(
            "{}: {} parties, {} rejected, {} for review ({}, cut-off {})",
            decision.name_en(),
            parties.len(),
            blocked,
            review,
            sc.name_en,
            cutoff
        ),
    );
    let verdict = Verdict {
        decision,
        summary,
        scenario: sc.id.clone(),
        scenario_name: text(&sc.name_zh, &sc.name_en),
        cutoff_date: cutoff.to_string(),
        effects,
        parties,
        consortium,
        snapshot: SnapshotState {
            publisher: header.publisher.clone(),
            key_id: header.key_id.clone(),
            sequence: header.sequence,
            issued_at: crate::snapshot::signature::rfc3339(&header.issued_at),
            expires_at: crate::snapshot::signature::rfc3339(&header.expires_at),
            payload_digest: s.digest_hex(),
            stale,
            uncovered,
            shards: s.view_shards().map(<[String]>::to_vec),
            sources: s.view_sources().map(<[_]>::to_vec),
        },
        catalogue: CatalogueState {
            version: c.version.clone(),
            digest: c.digest.clone(),
            source: catalogue_source,
        },
        next_steps,
    };
    Ok((normalized, verdict))
}

/// The role a hit is judged in. A hit through a person: when the listed record *is* that person
/// (the party's legal representative is a listed natural person), the measures aimed at persons
/// in `legal_representative`; when the person is only named in a listed entity's entry (kind
/// `relatedPerson`: its legal representative, finance officer …), `related_person` — the entry
/// concerns the entity, not the party (法释〔2017〕7号第六条: the representative is an attribute of
/// the entity's entry), so no measure for the entity reaches the party by itself.
fn hit_role<'p>(h: &crate::matching::Hit, p: &'p CheckParty, r: &ListRecord) -> &'p str {
    match h.kind {
        MatchKind::LegalRepresentative
            if r.entity_kind == crate::lists::record::EntityKind::NaturalPerson =>
        {
            "legal_representative"
        }
        MatchKind::LegalRepresentative | MatchKind::RelatedPerson => "related_person",
        _ => p.role.as_str(),
    }
}

/// The credit class graded supervision uses (rule 7). SAMR risk classes (国市监信发〔2022〕6号)
/// and tax credit grades are different scales: only the SAMR lists' classes count. A black-list
/// entry in force caps it: on the SAMR serious list the entity is a 重点监管对象 (市场监管总局令第
/// 44号), class D; on another black list no better than C (seed item 6: lower inspection only
/// for 信用较好、风险较低).
fn effective_class(
    judged: &[(&crate::matching::Hit, ListRecord, InForce, Ban)],
    stated: Option<CreditClass>,
    black_in_force: bool,
    own: impl Fn(&crate::matching::Hit) -> bool,
) -> Option<CreditClass> {
    let samr = |l: ListType| matches!(l, ListType::SamrClassA | ListType::SamrSeriousViolations);
    let in_force = judged
        .iter()
        .filter(|(h, r, v, _)| own(h) && v.fires() && samr(r.list_type));
    let mut class = in_force
        .clone()
        .filter_map(|(_, r, _, _)| r.credit_class)
        .max();
    class = class.max(stated);
    if in_force
        .clone()
        .any(|(_, r, _, _)| r.list_type == ListType::SamrSeriousViolations)
    {
        return Some(CreditClass::D);
    }
    if black_in_force {
        class = Some(class.unwrap_or(CreditClass::C).max(CreditClass::C));
    }
    class
}

/// Whether a condition runs on a clock that outlives publication (a ban, a look-back) and may
/// still hold for `r` past publication: it names such a clock and none of its tokens fails.
fn clock_bears(condition: &str, r: &ListRecord, ctx: &Ctx) -> bool {
    let tokens = || {
        condition
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    // A ban clock only where the entry's sanctions can run one (a list without ban kinds knows
    // only its publication).
    let clock = tokens().any(|t| {
        matches!(t, "within_ban_period" | "ban_term_active") && ctx.ban.may_run()
            || t.starts_with("lookback=")
    });
    clock && !tokens().any(|t| matches!(condition_of(t, Some(r), ctx), Cond::Fails))
}

fn party_name(p: &CheckParty, i: usize) -> String {
    p.label
        .clone()
        .or_else(|| p.name.clone())
        .or_else(|| p.person_name.clone())
        .unwrap_or_else(|| format!("#{}", i + 1))
}

#[allow(clippy::too_many_arguments)]
fn party_verdict(
    s: &Snapshot,
    c: &Catalogue,
    scenario: &str,
    index: usize,
    p: &CheckParty,
    pr: &crate::matching::PartyResult,
    cutoff: NaiveDate,
    facts: &std::collections::BTreeMap<String, bool>,
) -> PartyVerdict {
    // The entries that bear on the party: in force, undetermined (which asks for review), or
    // past publication with a ban that runs or may run (the ban's own clock).
    let mut judged: Vec<(&crate::matching::Hit, ListRecord, InForce, Ban)> = Vec::new();
    let mut unreadable = 0usize;
    let mut ctx = Ctx {
        cutoff,
        catalogue: c,
        ban: Ban::NotApplicable,
        facts,
        class: None,
        blocked: false,
    };
    for h in &pr.hits {
        match s.record(h.row as usize) {
            Ok(r) => {
                let v = in_force(&r, cutoff);
                let role = hit_role(h, p, &r);
                let ban = ban_at(&r, role, cutoff);
                ctx.ban = ban;
                let published = v.fires() || matches!(v, InForce::Undetermined { .. });
                // Past publication a ban still runs and a look-back still looks (两个时钟).
                let outlives = matches!(
                    v,
                    InForce::TermEnded { .. } | InForce::Repaired { .. } | InForce::Removed { .. }
                ) && c
                    .applicable(r.list_type, scenario, role)
                    .iter()
                    .any(|(a, _)| clock_bears(&a.condition, &r, &ctx));
                if published || outlives {
                    judged.push((h, r, v, ban));
                }
            }
            Err(_) => unreadable += 1,
        }
    }
    // The party's own entries in force (not a person's hit, not a name-only match): what
    // black outranks red by (rule 6), what caps the class (rule 7) and excludes 告知承诺 (rule 2).
    let own = |h: &crate::matching::Hit| {
        h.band == Band::Definite
            && !matches!(
                h.kind,
                MatchKind::LegalRepresentative | MatchKind::RelatedPerson
            )
    };
    let black_in_force = judged.iter().any(|(h, r, v, ban)| {
        own(h)
            && r.list_type.colour() == ListColour::Black
            && (v.fires() || matches!(ban, Ban::Running { .. }))
    });
    let class = effective_class(&judged, p.credit_class, black_in_force, own);
    ctx.class = class;

    let mut hits: Vec<HitOutcome> = Vec::new();
    for (h, r, v, ban) in &judged {
        let role = hit_role(h, p, r);
        ctx.ban = *ban;
        // Past publication only the ban measures still bear on the entry.
        let ban_only = !v.fires() && !matches!(v, InForce::Undetermined { .. });
        let confirm = if h.band != Band::Definite {
            Some(text(
                "仅名称相近（疑似匹配）：核实为同一主体后适用",
                "names only (possible match): applies once confirmed to be the same entity",
            ))
        } else if let InForce::Undetermined { .. } = v {
            Some(text(v.reason_zh(), v.reason_en()))
        } else {
            None
        };
        let measures: Vec<MeasureOutcome> = c
            .applicable(r.list_type, scenario, role)
            .into_iter()
            .filter(|(a, _)| !ban_only || clock_bears(&a.condition, r, &ctx))
            .filter_map(|(a, m)| judge(a, m, Some(r), &ctx, confirm.clone()))
            .collect();
        let mut record = r.to_shown_json();
        // Over several publishers' lists, each record says whose it is.
        if let (Some(src), Some(o)) = (s.row_source(h.row as usize), record.as_object_mut()) {
            o.insert(
                "source".into(),
                serde_json::to_value(src).unwrap_or(serde_json::Value::Null),
            );
        }
        hits.push(HitOutcome {
            record,
            list_type: r.list_type,
            colour: r.list_type.colour(),
            matched: MatchSummary {
                kind: h.kind,
                band: h.band,
                score_permille: (h.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
                field: field_name(h.kind, h.band),
                note: text(&h.explanation.note_zh, &h.explanation.note),
            },
            validity: *v,
            ban: *ban,
            measures,
            objection: objection(c, r, cutoff),
        });
    }
    ctx.ban = Ban::NotApplicable;
    let applied_block = hits
        .iter()
        .flat_map(|h| &h.measures)
        .any(|m| m.state == "applied" && m.effect == Effect::Block);
    ctx.blocked = applied_block;
    let mut measures: Vec<MeasureOutcome> = c
        .party_level(scenario, &p.role)
        .into_iter()
        .filter_map(|(a, m)| judge(a, m, None, &ctx, None))
        .map(|mut m| {
            if m.state == "applied" && m.condition.starts_with("class=") {
                m.why = text(
                    format!("信用等级为{}", class.map_or("-", |c| c.as_str())),
                    format!("credit class {}", class.map_or("-", |c| c.as_str())),
                );
            }
            m
        })
        .collect();
    // An incentive never overrides a block, and black outranks red whatever the decision:
    // incentives are for 守信主体 (国发〔2016〕33号), not for an entity with a black-list entry in
    // force.
    if applied_block || black_in_force {
        let why = if applied_block {
            text(
                "存在禁止性措施，激励措施不予适用",
                "a block applies: incentives are not applied",
            )
        } else {
            text(
                "黑名单记录在效，守信激励措施不予适用（国发〔2016〕33号）",
                "a black-list entry is in force: incentives for trustworthy entities are not applied (国发〔2016〕33号)",
            )
        };
        for m in hits
            .iter_mut()
            .flat_map(|h| h.measures.iter_mut())
            .chain(measures.iter_mut())
        {
            if m.state == "applied" && m.effect.is_incentive() {
                m.state = "notApplied";
                m.why = why.clone();
            }
        }
    }
    measures.sort_by(|a, b| b.effect.cmp(&a.effect).then(a.id.cmp(&b.id)));

    let all = || hits.iter().flat_map(|h| &h.measures).chain(&measures);
    let mut effects: Vec<Effect> = all()
        .filter(|m| m.state == "applied")
        .map(|m| m.effect)
        .collect();
    effects.sort_by(|a, b| b.cmp(a));
    effects.dedup();
    // An open or unconfirmed incentive is simply not applied; a sanction must be decided.
    let pending =
        all().any(|m| (m.state == "open" || m.state == "wouldApply") && !m.effect.is_incentive());
    let possible_black = hits
        .iter()
        .any(|h| h.matched.band != Band::Definite && h.colour != ListColour::Red);
    // Rule 9: a serious black-list entry of the party in force, in a scenario whose catalogue has
    // no measure for that list, is not a clean pass (国办发〔2020〕49号 closes the measures, it
    // does not make a listed entity clean): a person decides.
    let unmeasured_serious: Vec<ListType> = judged
        .iter()
        .filter(|(h, r, v, _)| {
            own(h)
                && v.fires()
                && r.list_type.colour() == ListColour::Black
                && r.list_type != ListType::HighConsumptionRestricted
                && c.applicable(r.list_type, scenario, &p.role).is_empty()
        })
        .map(|(_, r, _, _)| r.list_type)
        .collect();
    let bad_input = !pr.input_problems.is_empty() || unreadable > 0;
    let input_warnings = pr.input_warnings.clone();
    let decision = if effects.first() == Some(&Effect::Block) {
        Decision::Block
    } else if bad_input {
        Decision::InvalidInput
    } else if effects.first() == Some(&Effect::Review)
        || pending
        || possible_black
        || !input_warnings.is_empty()
        || !unmeasured_serious.is_empty()
    {
        Decision::Review
    } else {
        Decision::Pass
    };
    // Acceptance on commitment waits for the review or the corrected input (as `commitment` says).
    if matches!(decision, Decision::Review | Decision::InvalidInput) {
        for m in hits
            .iter_mut()
            .flat_map(|h| h.measures.iter_mut())
            .chain(measures.iter_mut())
        {
            if m.state == "applied" && m.effect == Effect::AllowCommitment {
                m.state = "wouldApply";
                m.why = text(
                    "须先完成人工复核或更正输入，之后方可适用",
                    "applies only once the review is done or the input corrected",
                );
            }
        }
        effects.retain(|e| *e != Effect::AllowCommitment);
    }

    // 告知承诺 is refused for the applicant's own serious record (国办发〔2020〕42号), not for a
    // hit on its representative; also for a prior false commitment, and it is granted only to
    // an applicant whose credit is good (seed item 1: 信用状况较好 — class D is not).
    let serious = black_in_force;
    let false_commitment = facts.get("prior_false_commitment").copied();
    let poor_credit = class == Some(CreditClass::D);
    let commitment = scenario.starts_with("SC-XZXK-").then(|| {
        let allowed = !serious
            && !poor_credit
            && false_commitment == Some(false)
            && decision != Decision::Block
            && decision != Decision::Review;
        let types = c
            .commitment_types
            .iter()
            .filter(|t| !serious || t.serious_black_list_may_use)
            .filter(|t| allowed || t.id != "CT-SPTD")
            .map(|t| CommitmentChoice {
                id: t.id.clone(),
                name: text(&t.name_zh, &t.name_en),
            })
            .collect();
        let why = if serious {
            text(
                "列入严重失信主体名单，不适用告知承诺/容缺受理（审批替代型承诺）",
                "on a serious dishonesty list: acceptance on commitment (approval-substitute commitment) is not available",
            )
        } else if false_commitment == Some(true) {
            text(
                "申请人曾作出虚假承诺，不适用告知承诺（国办发〔2020〕42号）",
                "the applicant made a false commitment before: no acceptance on commitment (国办发〔2020〕42号)",
            )
        } else if poor_credit {
            text(
                "信用风险分类为D类，不属于信用状况较好，不适用告知承诺（闽信用〔2019〕7号第1项）",
                "credit class D is not good credit: no acceptance on commitment (闽信用〔2019〕7号 item 1)",
            )
        } else if decision == Decision::Block || decision == Decision::Review {
            text(
                "须先完成人工复核，复核前不适用容缺受理",
                "the review must be finished first; no acceptance on commitment before it",
            )
        } else if false_commitment.is_none() {
            text(
                "未发现严重失信记录；申请人是否曾作出虚假承诺须由审批机关核实（国办发〔2020〕42号），核实前不适用告知承诺",
                "no serious dishonesty record; whether the applicant made a false commitment before must be confirmed by the approving authority (国办发〔2020〕42号): no acceptance on commitment until then",
            )
        } else {
            text(
                "未发现严重失信记录，可按审批替代型信用承诺（告知承诺/容缺受理）受理",
                "no serious dishonesty record: the application may be accepted on an approval-substitute commitment",
            )
        };
        Commitment {
            allowed,
            types,
            why,
        }
    });
    // The commitment effect says what the commitment answer says (国办发〔2020〕42号).
    // The party-level row waits for the fact; the red lists' commitment incentives wait with it.
    if commitment.as_ref().is_some_and(|cm| !cm.allowed) {
        let open = false_commitment.is_none() && !serious && !poor_credit;
        let (state, why) = if open {
            (
                "open",
                text(
                    "待审批机关核实申请人未曾作出虚假承诺后适用（国办发〔2020〕42号）",
                    "applies once the approving authority confirms there was no false commitment before (国办发〔2020〕42号)",
                ),
            )
        } else {
            (
                "notApplied",
                text(
                    "不适用告知承诺，理由见告知承诺一栏",
                    "no acceptance on commitment: see the commitment answer for why",
                ),
            )
        };
        for m in measures.iter_mut() {
            if m.state == "applied" && m.effect == Effect::AllowCommitment {
                m.state = state;
                m.why = why.clone();
            }
        }
        for m in hits.iter_mut().flat_map(|h| h.measures.iter_mut()) {
            if m.state == "applied" && m.effect == Effect::AllowCommitment {
                m.state = "notApplied";
                m.why = text(
                    "告知承诺尚不能适用，本项激励暂不适用",
                    "acceptance on commitment is not available yet: this incentive waits",
                );
            }
        }
        effects.retain(|e| *e != Effect::AllowCommitment);
    }
    let all = || hits.iter().flat_map(|h| &h.measures).chain(&measures);
    let supervision = (scenario == "SC-JG-INSPECTION").then(|| {
        let row = class.and_then(|k| c.inspection_ratios.iter().find(|r| r.credit_class == k));
        let listed = effects.contains(&Effect::Warn);
        let why = match (class, row) {
            (Some(k), Some(r)) => text(
                format!(
                    "信用风险分类{}（{}）：抽查比例{}{}{}",
                    k.as_str(),
                    r.description_zh,
                    r.ratio,
                    if r.is_example {
                        "（示例数据，以本地规定为准）"
                    } else {
                        ""
                    },
                    if listed {
                        "；名单记录在效，提高抽查比例和频次"
                    } else {
                        ""
                    }
                ),
                format!(
                    "credit class {}: sampling ratio {}{}{}",
                    k.as_str(),
                    r.ratio,
                    if r.is_example {
                        " (example data; local rules decide)"
                    } else {
                        ""
                    },
                    if listed {
                        "; a list entry is in force: inspect more often"
                    } else {
                        ""
                    }
                ),
            ),
            _ => text(
                "未提供信用风险分类，无法确定抽查比例",
                "no credit class given: the sampling ratio cannot be set",
            ),
        };
        Supervision {
            credit_class: class,
            ratio: row.map(|r| r.ratio.clone()),
            direction: row.map(|r| r.direction.clone()),
            focus: row.is_some_and(|r| r.focus) || listed,
            is_example: row.is_some_and(|r| r.is_example),
            why,
        }
    });

    let mut next_steps = Vec::new();
    if decision == Decision::Block && scenario == "SC-XZXK-COMMITMENT" {
        next_steps.push(text(
            "不适用告知承诺/容缺受理：转为一般程序，按规定提交全部材料后全面审查",
            "no acceptance on commitment: the application follows the ordinary procedure with full review of all materials",
        ));
    }
    match decision {
        Decision::Block => next_steps.push(text(
            "依据上列措施不予通过，并书面告知当事人理由和异议途径",
            "reject under the measures listed and tell the party why and where to object",
        )),
        Decision::InvalidInput => next_steps.push(text(
            "更正代码后重新核查；输入有误时不能视为核查通过",
            "correct the code and check again; an invalid input is never a pass",
        )),
        _ => {}
    }
    if !input_warnings.is_empty() {
        next_steps.push(text(
            "代码存在校验问题（如校验码不符），可能输入有误：核对原件后重新核查",
            "a code has a warning (such as a wrong check character) and may be mistyped: compare it with the original and check again",
        ));
    }
    if !unmeasured_serious.is_empty() {
        let names: Vec<&str> = unmeasured_serious.iter().map(|l| l.name_zh()).collect();
        let ids: Vec<&str> = unmeasured_serious.iter().map(|l| l.id()).collect();
        next_steps.push(text(
            format!(
                "当事人列入{}且记录在效，本场景的措施目录中没有对应措施：不能视为核查通过，请人工复核是否适用相关限制（如评先评优中的荣誉限制）",
                names.join("、")
            ),
            format!(
                "the party is on {} with the entry in force and the catalogue has no measure for it in this scenario: not a clean pass, review whether a restriction applies (such as honours)",
                ids.join(", ")
            ),
        ));
    }
    if judged
        .iter()
        .any(|(h, r, _, _)| hit_role(h, p, r) == "related_person")
    {
        next_steps.push(text(
            "当事人的身份证号码与名单主体登记的相关人员（如法定代表人）相同：该名单记录针对的是该主体，不是当事人本人（法释〔2017〕7号第六条），仅作提示",
            "the party's ID number is that of a person named in a listed entity's entry (its legal representative, say): the entry concerns that entity, not the party (法释〔2017〕7号 art. 6); shown for information",
        ));
    }
    if possible_black {
        next_steps.push(text(
            "存在名称相近的名单记录：核对统一社会信用代码或身份证号码，确认是否同一主体",
            "a listed record has a similar name: compare the credit code or ID number to confirm whether it is the same entity",
        ));
    }
    if hits
        .iter()
        .any(|h| matches!(h.validity, InForce::Undetermined { .. }))
    {
        next_steps.push(text(
            "名单记录的状态日期无法判断：向列入机关核实",
            "a record's status date is missing: ask the listing authority",
        ));
    }
    if hits.iter().any(|h| {
        matches!(h.ban, Ban::Unknown { .. }) && h.measures.iter().any(|m| m.state == "wouldApply")
    }) {
        next_steps.push(text(
            "名单记录未载明处罚内容或禁止期限：向列入机关核实处罚决定书",
            "the entry does not give its sanction or the ban's end: ask the listing authority for the penalty decision",
        ));
    }
    if hits
        .iter()
        .any(|h| h.record.get("status").and_then(|s| s.as_str()) == Some("objectionPending"))
    {
        next_steps.push(text(
            "该名单记录的异议正在处理中，处理结果作出前记录仍然有效",
            "an objection to the entry is pending; the entry stands until it is decided",
        ));
    }
    if all().any(|m| m.state == "open") {
        next_steps.push(text(
            "部分措施取决于案件事实：确认后在请求中注明（facts）并重新核查",
            "some measures depend on case facts: confirm them, give them in the request (facts) and check again",
        ));
    }
    if decision == Decision::Review && effects.first() == Some(&Effect::Review) {
        next_steps.push(text(
            "依据上列措施进行人工复核（审慎审查）",
            "review by hand under the measures listed",
        ));
    }
    if decision == Decision::Pass && effects.iter().any(|e| e.is_incentive()) {
        next_steps.push(text(
            "可适用上列激励措施",
            "the incentives listed may be applied",
        ));
    }

    PartyVerdict {
        index,
        role: p.role.clone(),
        label: p.label.clone(),
        decision,
        effects,
        hits,
        omitted: pr.omitted,
        measures,
        commitment,
        supervision,
        input_problems: pr.input_problems.clone(),
        input_warnings,
        next_steps,
    }
}
