//! What each catalogued measure's condition says for one hit (step 4 of `docs/verdicts.md`):
//! every token judged — the ban's clock, the three-year look-back, a major violation, a ban
//! already served, the credit class, the case facts — and the measure's state from them
//! (`applied`, `open`, `wouldApply`, or dropped when a condition fails).

use super::{text, MeasureOutcome, Text};
use crate::lists::catalogue::{Applicability, Catalogue, Measure};
use crate::lists::record::{CreditClass, ListRecord};
use crate::lists::validity::Ban;
use chrono::{Months, NaiveDate};

/// What one condition token says for one hit (or for the party, on party-level rows).
pub(super) enum Cond {
    Holds,
    /// The measure does not bear on it.
    Fails,
    /// A case fact not given.
    Open(String),
    /// The record lacks what the condition needs.
    Unknown(Text),
}

/// What a condition is judged against, beside the record.
pub(super) struct Ctx<'a> {
    pub(super) cutoff: NaiveDate,
    pub(super) catalogue: &'a Catalogue,
    /// The ban of the hit being judged (`NotApplicable` for party-level rows).
    pub(super) ban: Ban,
    pub(super) facts: &'a std::collections::BTreeMap<String, bool>,
    /// The party's credit class (rule 7), for `class=` rows.
    pub(super) class: Option<CreditClass>,
    /// A block applied to the party (`no_block_in_scenario`).
    pub(super) blocked: bool,
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
pub(super) fn judge(
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

/// Whether a condition runs on a clock that outlives publication (a ban, a look-back) and may
/// still hold for `r` past publication: it names such a clock and none of its tokens fails.
pub(super) fn clock_bears(condition: &str, r: &ListRecord, ctx: &Ctx) -> bool {
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
