//! One party's verdict (steps 2–6 of `docs/verdicts.md`), step by step: the entries that bear
//! on it (two clocks), each hit judged in its role, the party-level rows, black over red, the
//! decision, then the commitment and supervision answers and what to do next.

use super::commitment::{commitment_answer, commitment_refused, supervision};
use super::measures::{clock_bears, judge, Ctx};
use super::next_steps::party_next_steps;
use super::objection::objection;
use super::{text, CheckParty, Decision, HitOutcome, MatchSummary, MeasureOutcome, PartyVerdict};
use crate::lists::catalogue::{Catalogue, Effect};
use crate::lists::record::{CreditClass, ListColour, ListRecord, ListType};
use crate::lists::validity::{ban_at, in_force, Ban, InForce};
use crate::matching::{Band, Decoded, Hit, MatchKind, PartyResult};
use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What every party of one check is judged against.
pub(super) struct PartyContext<'a> {
    pub(super) snapshot: &'a Snapshot,
    pub(super) catalogue: &'a Catalogue,
    /// The scenario id.
    pub(super) scenario: &'a str,
    /// The cut-off date in China.
    pub(super) cutoff: NaiveDate,
    /// The request's case facts.
    pub(super) facts: &'a BTreeMap<String, bool>,
}

impl PartyContext<'_> {
    /// The context a condition is judged in: a hit's ban (`NotApplicable` for party-level rows),
    /// the party's class, whether a block applied.
    fn ctx(&self, ban: Ban, class: Option<CreditClass>, blocked: bool) -> Ctx<'_> {
        Ctx {
            cutoff: self.cutoff,
            catalogue: self.catalogue,
            ban,
            facts: self.facts,
            class,
            blocked,
        }
    }
}

/// A hit whose entry bears on the party: its record (decoded once, while screening), its two
/// clocks at the cut-off and the role it is judged in.
pub(super) struct Judged<'a> {
    pub(super) hit: &'a Hit,
    pub(super) record: &'a ListRecord,
    pub(super) validity: InForce,
    pub(super) ban: Ban,
    pub(super) role: &'a str,
}

/// What sends a party to review or marks its input, beside the measures' effects (step 6).
pub(super) struct Findings {
    /// An identifier could not be used, or a hit's record could not be read.
    pub(super) bad_input: bool,
    /// A sanction is open or unconfirmed (an open incentive is simply not applied).
    pub(super) pending: bool,
    /// A possible (names-only) match on a black or warning list.
    pub(super) possible_black: bool,
    /// A code the check used carries a warning.
    pub(super) warned: bool,
    /// Rule 9: the party's serious black-list entries in force with no measure in the scenario.
    pub(super) unmeasured_serious: Vec<ListType>,
    /// A hit through a person named in a listed entity's entry (a note, not a block).
    pub(super) related_person: bool,
}

/// One party's verdict.
pub(super) fn party_verdict(
    pc: &PartyContext,
    index: usize,
    p: &CheckParty,
    pr: &PartyResult,
    decoded: &Decoded,
) -> PartyVerdict {
    let (judged, unreadable) = bearing_entries(pc, p, pr, decoded);
    let black = black_in_force(&judged);
    let class = effective_class(&judged, p.credit_class, black);
    let mut hits: Vec<HitOutcome> = judged.iter().map(|j| hit_outcome(pc, class, j)).collect();
    let applied_block = hits
        .iter()
        .flat_map(|h| &h.measures)
        .any(|m| m.state == "applied" && m.effect == Effect::Block);
    let mut measures = party_measures(pc, &p.role, class, applied_block);
    if applied_block || black {
        incentives_yield(&mut hits, &mut measures, applied_block);
    }
    crate::sort::sort_by(&mut measures, |a, b| {
        b.effect.cmp(&a.effect).then(a.id.cmp(&b.id))
    });
    let mut effects = applied_effects(&hits, &measures);
    let findings = findings(pc, p, pr, &judged, &hits, &measures, unreadable);
    let decision = decide(&effects, &findings);
    if matches!(decision, Decision::Review | Decision::InvalidInput) {
        commitment_waits(&mut hits, &mut measures, &mut effects);
    }
    let commitment = commitment_answer(pc, black, class, decision);
    if commitment.as_ref().is_some_and(|cm| !cm.allowed) {
        commitment_refused(pc, black, class, &mut hits, &mut measures);
        effects.retain(|e| *e != Effect::AllowCommitment);
    }
    let supervision = supervision(pc, class, &effects);
    let next_steps = party_next_steps(pc.scenario, decision, &effects, &findings, &hits, &measures);
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
        input_warnings: pr.input_warnings.clone(),
        next_steps,
    }
}

/// Steps 2 and 3: the entries that bear on the party — in force, undetermined (which asks for
/// review), or past publication with a clock of their own that may still run (a ban, a
/// look-back: 两个时钟). Also how many hits' records could not be read.
fn bearing_entries<'a>(
    pc: &PartyContext,
    p: &'a CheckParty,
    pr: &'a PartyResult,
    decoded: &'a Decoded,
) -> (Vec<Judged<'a>>, usize) {
    let mut judged = Vec::new();
    let mut unreadable = 0usize;
    for h in &pr.hits {
        let Some(r) = decoded.get(h.row) else {
            unreadable += 1;
            continue;
        };
        let v = in_force(r, pc.cutoff);
        let role = hit_role(h, p, r);
        let ban = ban_at(r, role, pc.cutoff);
        let published = v.fires() || matches!(v, InForce::Undetermined { .. });
        let ctx = pc.ctx(ban, None, false);
        let outlives = matches!(
            v,
            InForce::TermEnded { .. } | InForce::Repaired { .. } | InForce::Removed { .. }
        ) && pc
            .catalogue
            .applicable(r.list_type, pc.scenario, role)
            .iter()
            .any(|(a, _)| clock_bears(&a.condition, r, &ctx));
        if published || outlives {
            judged.push(Judged {
                hit: h,
                record: r,
                validity: v,
                ban,
                role,
            });
        }
    }
    (judged, unreadable)
}

/// The role a hit is judged in. A hit through a person: when the listed record *is* that person
/// (the party's legal representative is a listed natural person), the measures aimed at persons
/// in `legal_representative`; when the person is only named in a listed entity's entry (kind
/// `relatedPerson`: its legal representative, finance officer …), `related_person` — the entry
/// concerns the entity, not the party (法释〔2017〕7号第六条: the representative is an attribute of
/// the entity's entry), so no measure for the entity reaches the party by itself.
fn hit_role<'p>(h: &Hit, p: &'p CheckParty, r: &ListRecord) -> &'p str {
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

/// The party's own entry (not a person's hit, not a name-only match): what black outranks red
/// by (rule 6), what caps the class (rule 7) and excludes 告知承诺 (rule 2).
fn own(h: &Hit) -> bool {
    h.band == Band::Definite
        && !matches!(
            h.kind,
            MatchKind::LegalRepresentative | MatchKind::RelatedPerson
        )
}

/// Rule 6: a black-list entry of the party's own in force (or its ban running).
fn black_in_force(judged: &[Judged]) -> bool {
    judged.iter().any(|j| {
        own(j.hit)
            && j.record.list_type.colour() == ListColour::Black
            && (j.validity.fires() || matches!(j.ban, Ban::Running { .. }))
    })
}

/// The credit class graded supervision uses (rule 7). SAMR risk classes (国市监信发〔2022〕6号)
/// and tax credit grades are different scales: only the SAMR lists' classes count. A black-list
/// entry in force caps it: on the SAMR serious list the entity is a 重点监管对象 (市场监管总局令第
/// 44号), class D; on another black list no better than C (seed item 6: lower inspection only
/// for 信用较好、风险较低).
fn effective_class(
    judged: &[Judged],
    stated: Option<CreditClass>,
    black_in_force: bool,
) -> Option<CreditClass> {
    let samr = |l: ListType| matches!(l, ListType::SamrClassA | ListType::SamrSeriousViolations);
    let in_force = judged
        .iter()
        .filter(|j| own(j.hit) && j.validity.fires() && samr(j.record.list_type));
    let mut class = in_force.clone().filter_map(|j| j.record.credit_class).max();
    class = class.max(stated);
    if in_force
        .clone()
        .any(|j| j.record.list_type == ListType::SamrSeriousViolations)
    {
        return Some(CreditClass::D);
    }
    if black_in_force {
        class = Some(class.unwrap_or(CreditClass::C).max(CreditClass::C));
    }
    class
}

/// Step 4: one hit as the record shows it, with the measures its list type triggers in the
/// scenario for its role, each judged.
fn hit_outcome(pc: &PartyContext, class: Option<CreditClass>, j: &Judged) -> HitOutcome {
    let (h, r) = (j.hit, j.record);
    let ctx = pc.ctx(j.ban, class, false);
    // Past publication only the ban measures still bear on the entry.
    let ban_only = !j.validity.fires() && !matches!(j.validity, InForce::Undetermined { .. });
    let confirm = to_confirm(j);
    let measures: Vec<MeasureOutcome> = pc
        .catalogue
        .applicable(r.list_type, pc.scenario, j.role)
        .into_iter()
        .filter(|(a, _)| !ban_only || clock_bears(&a.condition, r, &ctx))
        .filter_map(|(a, m)| judge(a, m, Some(r), &ctx, confirm.clone()))
        .collect();
    HitOutcome {
        record: shown_record(pc.snapshot, h, r),
        list_type: r.list_type,
        colour: r.list_type.colour(),
        matched: MatchSummary {
            kind: h.kind,
            band: h.band,
            score_permille: (h.score.clamp(0.0, 1.0) * 1000.0).round() as u32,
            field: field_name(h.kind, h.band),
            note: text(&h.explanation.note_zh, &h.explanation.note),
        },
        validity: j.validity,
        ban: j.ban,
        measures,
        objection: objection(pc.catalogue, r, pc.cutoff),
    }
}

/// What must be confirmed before a hit's measures apply: a possible match, or a term that
/// cannot be told (`None`: nothing).
fn to_confirm(j: &Judged) -> Option<super::Text> {
    if j.hit.band != Band::Definite {
        Some(text(
            "仅名称相近（疑似匹配）：核实为同一主体后适用",
            "names only (possible match): applies once confirmed to be the same entity",
        ))
    } else if let InForce::Undetermined { .. } = j.validity {
        Some(text(j.validity.reason_zh(), j.validity.reason_en()))
    } else {
        None
    }
}

/// The record as shown (ID numbers masked); over several publishers' lists, it says whose it is.
fn shown_record(s: &Snapshot, h: &Hit, r: &ListRecord) -> serde_json::Value {
    let mut record = r.to_shown_json();
    if let (Some(src), Some(o)) = (s.row_source(h.row as usize), record.as_object_mut()) {
        o.insert(
            "source".into(),
            serde_json::to_value(src).unwrap_or(serde_json::Value::Null),
        );
    }
    record
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

/// Step 5: the party-level rows (list `*`: credit class, acceptance on commitment), judged once.
fn party_measures(
    pc: &PartyContext,
    role: &str,
    class: Option<CreditClass>,
    blocked: bool,
) -> Vec<MeasureOutcome> {
    let ctx = pc.ctx(Ban::NotApplicable, class, blocked);
    pc.catalogue
        .party_level(pc.scenario, role)
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
        .collect()
}

/// Every measure of the party: its hits' and its party-level rows.
pub(super) fn every_measure<'m>(
    hits: &'m mut [HitOutcome],
    measures: &'m mut [MeasureOutcome],
) -> impl Iterator<Item = &'m mut MeasureOutcome> {
    hits.iter_mut()
        .flat_map(|h| h.measures.iter_mut())
        .chain(measures.iter_mut())
}

/// Rule 6: an incentive never overrides a block, and black outranks red whatever the decision:
/// incentives are for 守信主体 (国发〔2016〕33号), not for an entity with a black-list entry in
/// force.
fn incentives_yield(hits: &mut [HitOutcome], measures: &mut [MeasureOutcome], applied_block: bool) {
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
    for m in every_measure(hits, measures) {
        if m.state == "applied" && m.effect.is_incentive() {
            m.state = "notApplied";
            m.why = why.clone();
        }
    }
}

/// The effects applied, strongest first.
fn applied_effects(hits: &[HitOutcome], measures: &[MeasureOutcome]) -> Vec<Effect> {
    let mut effects: Vec<Effect> = hits
        .iter()
        .flat_map(|h| &h.measures)
        .chain(measures)
        .filter(|m| m.state == "applied")
        .map(|m| m.effect)
        .collect();
    crate::sort::sort_by(&mut effects, |a, b| b.cmp(a));
    effects.dedup();
    effects
}

/// What besides the effects bears on the decision and the next steps.
fn findings(
    pc: &PartyContext,
    p: &CheckParty,
    pr: &PartyResult,
    judged: &[Judged],
    hits: &[HitOutcome],
    measures: &[MeasureOutcome],
    unreadable: usize,
) -> Findings {
    let all = || hits.iter().flat_map(|h| &h.measures).chain(measures);
    Findings {
        bad_input: !pr.input_problems.is_empty() || unreadable > 0,
        // An open or unconfirmed incentive is simply not applied; a sanction must be decided.
        pending: all()
            .any(|m| (m.state == "open" || m.state == "wouldApply") && !m.effect.is_incentive()),
        possible_black: hits
            .iter()
            .any(|h| h.matched.band != Band::Definite && h.colour != ListColour::Red),
        warned: !pr.input_warnings.is_empty(),
        unmeasured_serious: unmeasured_serious(pc, p, judged),
        related_person: judged.iter().any(|j| j.role == "related_person"),
    }
}

/// Rule 9: a serious black-list entry of the party in force, in a scenario whose catalogue has
/// no measure for that list, is not a clean pass (国办发〔2020〕49号 closes the measures, it
/// does not make a listed entity clean): a person decides.
fn unmeasured_serious(pc: &PartyContext, p: &CheckParty, judged: &[Judged]) -> Vec<ListType> {
    judged
        .iter()
        .filter(|j| {
            let l = j.record.list_type;
            own(j.hit)
                && j.validity.fires()
                && l.colour() == ListColour::Black
                && l != ListType::HighConsumptionRestricted
                && pc.catalogue.applicable(l, pc.scenario, &p.role).is_empty()
        })
        .map(|j| j.record.list_type)
        .collect()
}

/// Step 6, the party's decision: `block` if a block applied; else `invalidInput`; else `review`
/// when a review applied or something asks a person; else `pass`.
fn decide(effects: &[Effect], f: &Findings) -> Decision {
    if effects.first() == Some(&Effect::Block) {
        Decision::Block
    } else if f.bad_input {
        Decision::InvalidInput
    } else if effects.first() == Some(&Effect::Review)
        || f.pending
        || f.possible_black
        || f.warned
        || !f.unmeasured_serious.is_empty()
    {
        Decision::Review
    } else {
        Decision::Pass
    }
}

/// Acceptance on commitment waits for the review or the corrected input (as `commitment` says).
fn commitment_waits(
    hits: &mut [HitOutcome],
    measures: &mut [MeasureOutcome],
    effects: &mut Vec<Effect>,
) {
    for m in every_measure(hits, measures) {
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
