//! The answers beside the decision: acceptance on commitment (告知承诺 / 容缺受理, rule 2, the
//! `SC-XZXK-*` scenarios) and graded supervision (rule 7, `SC-JG-INSPECTION`).

use super::party::PartyContext;
use super::{text, Commitment, CommitmentChoice, Decision, HitOutcome, MeasureOutcome};
use super::{Supervision, Text};
use crate::lists::catalogue::{Effect, InspectionRatio};
use crate::lists::record::CreditClass;

/// Rule 2: 告知承诺 is refused for the applicant's own serious record (国办发〔2020〕42号), not for
/// a hit on its representative; also for a prior false commitment, and it is granted only to an
/// applicant whose credit is good (seed item 1: 信用状况较好 — class D is not). `None` outside
/// the approval scenarios.
pub(super) fn commitment_answer(
    pc: &PartyContext,
    serious: bool,
    class: Option<CreditClass>,
    decision: Decision,
) -> Option<Commitment> {
    if !pc.scenario.starts_with("SC-XZXK-") {
        return None;
    }
    let false_commitment = pc.facts.get("prior_false_commitment").copied();
    let poor_credit = class == Some(CreditClass::D);
    let allowed = !serious
        && !poor_credit
        && false_commitment == Some(false)
        && decision != Decision::Block
        && decision != Decision::Review;
    let types = pc
        .catalogue
        .commitment_types
        .iter()
        .filter(|t| !serious || t.serious_black_list_may_use)
        .filter(|t| allowed || t.id != "CT-SPTD")
        .map(|t| CommitmentChoice {
            id: t.id.clone(),
            name: text(&t.name_zh, &t.name_en),
        })
        .collect();
    Some(Commitment {
        allowed,
        types,
        why: commitment_why(serious, false_commitment, poor_credit, decision),
    })
}

/// Why the commitment answer is what it is, the first reason that holds.
fn commitment_why(
    serious: bool,
    false_commitment: Option<bool>,
    poor_credit: bool,
    decision: Decision,
) -> Text {
    if serious {
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
    }
}

/// A refused commitment: the commitment effect says what the commitment answer says
/// (国办发〔2020〕42号). The party-level row waits for the fact; the red lists' commitment
/// incentives wait with it. (The caller drops the effect.)
pub(super) fn commitment_refused(
    pc: &PartyContext,
    serious: bool,
    class: Option<CreditClass>,
    hits: &mut [HitOutcome],
    measures: &mut [MeasureOutcome],
) {
    let open = pc.facts.get("prior_false_commitment").is_none()
        && !serious
        && class != Some(CreditClass::D);
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
}

/// Rule 7, graded supervision: the sampling ratio for the party's class (local example data),
/// raised while a list entry is in force. `None` outside the inspection scenario.
pub(super) fn supervision(
    pc: &PartyContext,
    class: Option<CreditClass>,
    effects: &[Effect],
) -> Option<Supervision> {
    if pc.scenario != "SC-JG-INSPECTION" {
        return None;
    }
    let row = class.and_then(|k| {
        pc.catalogue
            .inspection_ratios
            .iter()
            .find(|r| r.credit_class == k)
    });
    let listed = effects.contains(&Effect::Warn);
    let why = match (class, row) {
        (Some(k), Some(r)) => ratio_why(k, r, listed),
        _ => text(
            "未提供信用风险分类，无法确定抽查比例",
            "no credit class given: the sampling ratio cannot be set",
        ),
    };
    Some(Supervision {
        credit_class: class,
        ratio: row.map(|r| r.ratio.clone()),
        direction: row.map(|r| r.direction.clone()),
        focus: row.is_some_and(|r| r.focus) || listed,
        is_example: row.is_some_and(|r| r.is_example),
        why,
    })
}

/// The sampling ratio in words: example data says so, a list entry in force raises it.
fn ratio_why(k: CreditClass, r: &InspectionRatio, listed: bool) -> Text {
    text(
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
    )
}
