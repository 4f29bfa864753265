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
//! The steps live by file: `party` (one party: the entries that bear, each hit judged, the
//! decision), `measures` (each condition token), `commitment` (告知承诺 and graded
//! supervision), `next_steps`, `objection` (异议 and 信用修复); this module screens the
//! parties and joins their verdicts. [`record`] turns the verdict into the canonical check
//! record and its SHA-256.

pub mod checker;
mod commitment;
pub mod input;
mod measures;
mod next_steps;
mod objection;
mod party;
pub mod record;
pub mod vocabulary;

pub use checker::{
    CatalogueInfo, CheckAnswer, Checker, LookupUnavailable, ScreenUnavailable, Unavailable,
    UNAVAILABLE_CODES,
};
pub use input::{CheckError, CheckErrorCode, CheckInput, CheckParty, MAX_PARTIES};
pub use record::{check_record, verify_record, CheckRecord, Verification, VerificationCode};

use crate::lists::catalogue::{Catalogue, Effect, Scenario};
use crate::lists::record::{CreditClass, ListColour, ListType};
use crate::lists::validity::{Ban, InForce};
use crate::matching::{screen_decoding, Band, MatchKind, MatchOptions, NameIndex};
use crate::snapshot::Snapshot;
use chrono::{DateTime, NaiveDate, Utc};
use party::{party_verdict, PartyContext};
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
            CheckErrorCode::BadCatalogue,
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
    crate::sort::sort(&mut f);
    f.dedup();
    f
}

/// The request checked for what the catalogue knows: scenario, roles, facts, sizes, times.
/// Returns the scenario, the cut-off date and the time the check ran.
pub(crate) fn validate_input<'c>(
    c: &'c Catalogue,
    input: &CheckInput,
    now: DateTime<Utc>,
) -> Result<(&'c Scenario, NaiveDate, DateTime<Utc>), CheckError> {
    let Some(sc) = c.scenario(&input.scenario) else {
        let ids: Vec<&str> = c.scenarios.iter().map(|s| s.id.as_str()).collect();
        return Err(CheckError::new(
            CheckErrorCode::UnknownScenario,
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
            CheckErrorCode::NoParties,
            "未提供当事人",
            "no parties given",
            Some("parties".into()),
        ));
    }
    if input.parties.len() > MAX_PARTIES {
        return Err(CheckError::new(
            CheckErrorCode::TooManyParties,
            format!("当事人{}个，超过上限{MAX_PARTIES}", input.parties.len()),
            format!("{} parties, at most {MAX_PARTIES}", input.parties.len()),
            Some("parties".into()),
        ));
    }
    for (i, p) in input.parties.iter().enumerate() {
        if !sc.roles.contains(&p.role) {
            return Err(CheckError::new(
                CheckErrorCode::UnknownRole,
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
                CheckErrorCode::UnknownFact,
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
    let pc = PartyContext {
        snapshot: s,
        catalogue: c,
        scenario: &input.scenario,
        cutoff,
        facts: &input.facts,
    };
    let mut parties = party_verdicts(&pc, index, input);
    let consortium = consortium(&parties, input);
    let snapshot = snapshot_state(s, c, &input.scenario, checked_at);
    // A red list not covered only means an incentive went unchecked; a black or warning list
    // not covered means a block or a review may have been missed.
    let incomplete = snapshot
        .uncovered
        .iter()
        .any(|l| l.colour() != ListColour::Red);
    let decision = overall_decision(&mut parties, snapshot.stale, incomplete);
    let mut effects: Vec<Effect> = parties
        .iter()
        .flat_map(|p| p.effects.iter().copied())
        .collect();
    crate::sort::sort_by(&mut effects, |a, b| b.cmp(a));
    effects.dedup();
    let verdict = Verdict {
        decision,
        summary: summary(decision, &parties, sc, cutoff),
        scenario: sc.id.clone(),
        scenario_name: text(&sc.name_zh, &sc.name_en),
        cutoff_date: cutoff.to_string(),
        effects,
        parties,
        consortium,
        next_steps: overall_next_steps(&snapshot),
        snapshot,
        catalogue: CatalogueState {
            version: c.version.clone(),
            digest: c.digest.clone(),
            source: catalogue_source,
        },
    };
    Ok((normalized, verdict))
}

/// Step 1: each party screened (its hits' records decoded once, there) and judged.
fn party_verdicts(pc: &PartyContext, index: &NameIndex, input: &CheckInput) -> Vec<PartyVerdict> {
    let options = MatchOptions::default();
    input
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (pr, mut decoded) = screen_decoding(pc.snapshot, index, &p.party(), &options);
            // A hit by a masked ID number is found without its record.
            decoded.complete(pc.snapshot, pr.hits.iter().map(|h| h.row));
            party_verdict(pc, i, p, &pr, &decoded)
        })
        .collect()
}

/// Step 7: the applicant and its consortium members stand or fall together (one blocked
/// member blocks the consortium). `None` without
/// consortium members.
fn consortium(parties: &[PartyVerdict], input: &CheckInput) -> Option<Consortium> {
    if !parties.iter().any(|p| p.role == "consortium_member") {
        return None;
    }
    let members: Vec<usize> = parties
        .iter()
        .filter(|p| p.role == "applicant" || p.role == "consortium_member")
        .map(|p| p.index)
        .collect();
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
        let names: Vec<String> = blocked_by
            .iter()
            .map(|&i| party_name(&input.parties[i], i))
            .collect();
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
    Some(Consortium {
        members,
        blocked_by,
        why,
    })
}

/// The snapshot as the check saw it: versions, digest, and (rule 10) whether it was stale when
/// the check ran and which of the scenario's lists it does not cover.
fn snapshot_state(
    s: &Snapshot,
    c: &Catalogue,
    scenario: &str,
    checked_at: DateTime<Utc>,
) -> SnapshotState {
    let header = s.header();
    let uncovered: Vec<ListType> = c
        .list_types_in(scenario)
        .into_iter()
        .filter(|l| !header.covers(*l))
        .collect();
    SnapshotState {
        publisher: header.publisher.clone(),
        key_id: header.key_id.clone(),
        sequence: header.sequence,
        issued_at: crate::snapshot::signature::rfc3339(&header.issued_at),
        expires_at: crate::snapshot::signature::rfc3339(&header.expires_at),
        payload_digest: s.digest_hex(),
        // From the header alone: the record must not depend on when the snapshot was loaded.
        stale: header.is_stale_at(checked_at),
        uncovered,
        shards: s.view_shards().map(<[String]>::to_vec),
        sources: s.view_sources().map(<[_]>::to_vec),
    }
}

/// Rule 10: from an incomplete check no party passes (a block still blocks); then step 7, the
/// overall decision by precedence.
fn overall_decision(parties: &mut [PartyVerdict], stale: bool, incomplete: bool) -> Decision {
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
    match party_max {
        Decision::Block | Decision::InvalidInput => party_max,
        _ if stale => Decision::Stale,
        _ if incomplete => Decision::NotCovered,
        d => d,
    }
}

/// What to do next overall: renew a stale snapshot, look up what it does not cover, keep the
/// record (财库〔2016〕125号).
fn overall_next_steps(snapshot: &SnapshotState) -> Vec<Text> {
    let mut next_steps = Vec::new();
    if snapshot.stale {
        next_steps.push(text(
            format!(
                "名单快照已于{}过期：请更新快照后重新核查，本次结果不能作为通过依据",
                snapshot.expires_at
            ),
            format!(
                "the snapshot expired at {}: update it and check again; this result cannot count as a pass",
                snapshot.expires_at
            ),
        ));
    }
    if !snapshot.uncovered.is_empty() {
        let ids: Vec<&str> = snapshot.uncovered.iter().map(|l| l.id()).collect();
        let names: Vec<&str> = snapshot.uncovered.iter().map(|l| l.name_zh()).collect();
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
    next_steps
}

/// The verdict in one line: the decision, how many parties were rejected or go to review.
fn summary(decision: Decision, parties: &[PartyVerdict], sc: &Scenario, cutoff: NaiveDate) -> Text {
    let count = |d: Decision| parties.iter().filter(|p| p.decision == d).count();
    let (blocked, review) = (count(Decision::Block), count(Decision::Review));
    text(
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
    )
}

fn party_name(p: &CheckParty, i: usize) -> String {
    p.label
        .clone()
        .or_else(|| p.name.clone())
        .or_else(|| p.person_name.clone())
        .unwrap_or_else(|| format!("#{}", i + 1))
}
