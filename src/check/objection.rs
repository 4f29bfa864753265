//! Where to object (异议) and how to repair (信用修复), per list type: what every hit carries so
//! the party knows its way out (`objection_routes.tsv`, `repair_rules.tsv`).

use super::{text, Objection};
use crate::lists::catalogue::Catalogue;
use crate::lists::record::{ListRecord, ListType};
use chrono::NaiveDate;

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
pub(super) fn objection(c: &Catalogue, r: &ListRecord, cutoff: NaiveDate) -> Objection {
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
