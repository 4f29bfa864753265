//! What to do next, for one party: the decision's consequence, then what a person must confirm
//! (a code's warning, an unmeasured serious entry, a related person, a similar name, a missing
//! date or sanction, a pending objection, an open fact), then what may be applied.

use super::party::Findings;
use super::{text, Decision, HitOutcome, MeasureOutcome, Text};
use crate::lists::catalogue::Effect;
use crate::lists::validity::{Ban, InForce};

/// The party's next steps, in a fixed order.
pub(super) fn party_next_steps(
    scenario: &str,
    decision: Decision,
    effects: &[Effect],
    f: &Findings,
    hits: &[HitOutcome],
    measures: &[MeasureOutcome],
) -> Vec<Text> {
    let mut next_steps = decision_steps(scenario, decision);
    next_steps.extend(confirm_steps(f, hits, measures));
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
    next_steps
}

/// What a block or an invalid input means for the party.
fn decision_steps(scenario: &str, decision: Decision) -> Vec<Text> {
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
    next_steps
}

/// What a person must confirm or find out before the verdict can be relied on.
fn confirm_steps(f: &Findings, hits: &[HitOutcome], measures: &[MeasureOutcome]) -> Vec<Text> {
    let mut next_steps = Vec::new();
    if f.warned {
        next_steps.push(text(
            "代码存在校验问题（如校验码不符），可能输入有误：核对原件后重新核查",
            "a code has a warning (such as a wrong check character) and may be mistyped: compare it with the original and check again",
        ));
    }
    if !f.unmeasured_serious.is_empty() {
        let names: Vec<&str> = f.unmeasured_serious.iter().map(|l| l.name_zh()).collect();
        let ids: Vec<&str> = f.unmeasured_serious.iter().map(|l| l.id()).collect();
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
    if f.related_person {
        next_steps.push(text(
            "当事人的身份证号码与名单主体登记的相关人员（如法定代表人）相同：该名单记录针对的是该主体，不是当事人本人（法释〔2017〕7号第六条），仅作提示",
            "the party's ID number is that of a person named in a listed entity's entry (its legal representative, say): the entry concerns that entity, not the party (法释〔2017〕7号 art. 6); shown for information",
        ));
    }
    if f.possible_black {
        next_steps.push(text(
            "存在名称相近的名单记录：核对统一社会信用代码或身份证号码，确认是否同一主体",
            "a listed record has a similar name: compare the credit code or ID number to confirm whether it is the same entity",
        ));
    }
    next_steps.extend(record_steps(hits));
    if hits
        .iter()
        .flat_map(|h| &h.measures)
        .chain(measures)
        .any(|m| m.state == "open")
    {
        next_steps.push(text(
            "部分措施取决于案件事实：确认后在请求中注明（facts）并重新核查",
            "some measures depend on case facts: confirm them, give them in the request (facts) and check again",
        ));
    }
    next_steps
}

/// What the hits' records leave to ask the listing authority.
fn record_steps(hits: &[HitOutcome]) -> Vec<Text> {
    let mut next_steps = Vec::new();
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
    next_steps
}
