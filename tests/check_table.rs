//! Verdicts, table-driven (issue 5): every scenario × list type × validity edge against a snapshot
//! built for it, then the hand-written cases the issue names — a term's last day and the day
//! after, repaired the day before the cut-off, a consortium with one listed member, an entity
//! both red- and black-listed, a legal representative listed while the company is clean, a stale
//! snapshot — and the check record (byte-identical re-runs, tampering, another snapshot).
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::NaiveDate;
use credit_check::check::{
    check_record, verify_record, CheckInput, CheckParty, Decision, PartyVerdict, Verdict,
};
use credit_check::lists::catalogue::{Bundle, Catalogue, Effect};
use credit_check::lists::record::{
    CreditClass, EntityKind, ListColour, ListRecord, ListType, ListingStatus, Sanction, Term,
};
use credit_check::lists::validity::{ban_at, in_force, Ban, InForce};
use credit_check::matching::NameIndex;
use credit_check::snapshot::build::Meta;
use credit_check::snapshot::{LoadOptions, Snapshot};
use support::*;

/// The cut-off every table row is judged at.
fn cutoff() -> NaiveDate {
    day(2026, 6, 15)
}

fn at() -> String {
    "2026-06-15T02:00:00.000Z".into()
}

/// Validity edges around the cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    InForce,
    ListedOnCutoff,
    DayBeforeListing,
    LastDayOfTerm,
    DayAfterTerm,
    RepairedDayBefore,
    RepairedOnCutoff,
    RepairedDayAfter,
    RemovedBefore,
    NoTerm,
}

const EDGES: [Edge; 10] = [
    Edge::InForce,
    Edge::ListedOnCutoff,
    Edge::DayBeforeListing,
    Edge::LastDayOfTerm,
    Edge::DayAfterTerm,
    Edge::RepairedDayBefore,
    Edge::RepairedOnCutoff,
    Edge::RepairedDayAfter,
    Edge::RemovedBefore,
    Edge::NoTerm,
];

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    d + chrono::Duration::days(days)
}

fn record_for(list: ListType, edge: Edge, n: u32) -> ListRecord {
    let c = cutoff();
    let listed = match edge {
        Edge::ListedOnCutoff => c,
        Edge::DayBeforeListing => shift(c, 1),
        _ => day(2025, 6, 15),
    };
    let mut r = ListRecord::new(EntityKind::LegalEntity, list, listed);
    r.uscc = Some(uscc_with("91350100", valid_org(&format!("{n:08}"))));
    r.org_code = r.uscc.map(|u| u.org_code());
    r.name = format!("表驱动测试{n}号有限公司");
    r.listing_authority = "福建省测试机关".into();
    r.decision_number = format!("闽测〔2025〕{n}号");
    r.credit_class = list.credit_classes().first().copied();
    r.term = Term {
        min_end: None,
        max_end: Some(match edge {
            Edge::LastDayOfTerm => c,
            Edge::DayAfterTerm => shift(c, -1),
            _ => day(2028, 6, 15),
        }),
    };
    // Both clocks end together in this table: the publication term and, on the lists whose
    // measures hang on a ban, the ban of every kind that list restricts (a running ban outlives
    // a repair or a removal). No term: neither is published, so the ban is unknown.
    if edge == Edge::NoTerm {
        r.term = Term::default();
    }
    if let Some(end) = r.term.max_end {
        r.sanctions = list
            .ban_kinds()
            .iter()
            .map(|&k| {
                let mut s = Sanction::new(k);
                s.start = Some(listed);
                s.end = Some(end);
                s
            })
            .collect();
    }
    if edge == Edge::NoTerm {
        r.term = Term::default();
    }
    let (status, on) = match edge {
        Edge::RepairedDayBefore => (ListingStatus::Repaired, Some(shift(c, -1))),
        Edge::RepairedOnCutoff => (ListingStatus::Repaired, Some(c)),
        Edge::RepairedDayAfter => (ListingStatus::Repaired, Some(shift(c, 1))),
        Edge::RemovedBefore => (ListingStatus::Removed, Some(shift(c, -10))),
        _ => (ListingStatus::Active, None),
    };
    r.status = status;
    r.status_date = on;
    r
}

fn meta_all(expires: chrono::DateTime<chrono::Utc>, lists: Vec<ListType>) -> Meta {
    Meta {
        publisher: "表驱动测试".into(),
        sequence: 1,
        issued_at: t(2026, 6, 1),
        expires_at: expires,
        region: credit_check::snapshot::format::Region {
            code: "350000".into(),
            name: "福建省".into(),
        },
        list_types: lists,
        catalogue: None,
    }
}

fn snapshot(records: Vec<ListRecord>, meta: &Meta) -> Snapshot {
    let bytes = signed(records, meta, "t-ed", &ed());
    Snapshot::load(
        bytes,
        &ring(),
        LoadOptions {
            now: t(2026, 6, 15),
            last_accepted_sequence: None,
            allow_stale: true,
        },
    )
    .unwrap()
}

struct World {
    s: Snapshot,
    index: NameIndex,
    c: Catalogue,
}

impl World {
    fn new(records: Vec<ListRecord>) -> World {
        World::with_meta(records, &meta_all(t(2026, 7, 1), ListType::ALL.to_vec()))
    }

    fn with_meta(records: Vec<ListRecord>, meta: &Meta) -> World {
        let s = snapshot(records, meta);
        let index = NameIndex::build(&s);
        let (c, _) = credit_check::check::catalogue_for(&s).unwrap();
        World { s, index, c }
    }

    fn run(&self, input: &CheckInput) -> Verdict {
        self.record(input).verdict
    }

    fn record(&self, input: &CheckInput) -> credit_check::check::CheckRecord {
        let source = if self.s.catalogue_bundle().is_some() {
            "snapshot"
        } else {
            "embedded"
        };
        check_record(
            &self.s,
            &self.index,
            &self.c,
            source,
            input,
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn party(role: &str, code: &str) -> CheckParty {
    CheckParty {
        role: role.into(),
        code: Some(code.into()),
        ..CheckParty::default()
    }
}

fn request(scenario: &str, parties: Vec<CheckParty>) -> CheckInput {
    CheckInput {
        scenario: scenario.into(),
        cutoff: Some(cutoff().to_string()),
        checked_at: Some(at()),
        parties,
        ..CheckInput::default()
    }
}

/// What one condition token says of a table record, as the rules say it (the oracle's own
/// reading, not the engine's): `Some(true)` holds, `Some(false)` fails, `None` unknown or a case
/// fact. Table records carry no decision date and, on the ban lists, only bans.
fn token(tok: &str, r: &ListRecord, ban: Ban) -> Option<bool> {
    match tok {
        "within_ban_period" | "ban_term_active" => match ban {
            Ban::Running { .. } => Some(true),
            Ban::NoBan | Ban::Ended { .. } => Some(false),
            Ban::Unknown { .. } | Ban::NotApplicable => None,
        },
        "equal_conditions" => Some(true),
        // 政府采购法第二十二条第一款第（五）项: three years from the decision; without a decision date
        // only a listing before the window rules it out.
        "lookback=3y" => (r.listed_at < day(2023, 6, 15)).then_some(false),
        // 实施条例第十九条: bans alone are no 重大违法记录; no sanction published is unknown.
        "major_violation" if r.sanctions.is_empty() => None,
        "major_violation" => Some(false),
        // 实施条例第十九条第二款: a procurement ban already served does not bar again.
        "ban_not_served" => Some(!r.sanctions.iter().any(|s| {
            s.kind == credit_check::lists::record::SanctionKind::ProcurementBan
                && s.end.is_some_and(|e| e < cutoff())
        })),
        t if t.starts_with("class=") => Some(r.credit_class.map(|c| c.as_str()) == Some(&t[6..])),
        _ => None,
    }
}

/// Whether a catalogue row still bears on an entry past its publication: it runs on a clock of
/// its own (a ban, a look-back) and none of its tokens fails.
fn bears_past_publication(cond: &str, r: &ListRecord, ban: Ban) -> bool {
    let toks = || cond.split(';').filter(|t| !t.is_empty());
    toks().any(|t| {
        matches!(t, "within_ban_period" | "ban_term_active") && ban.may_run() || t == "lookback=3y"
    }) && !toks().any(|t| token(t, r, ban) == Some(false))
}

/// Whether the entry shows at all: published, or past publication with a row that still bears.
fn shows(c: &Catalogue, r: &ListRecord, scenario: &str, role: &str) -> bool {
    let v = in_force(r, cutoff());
    let ban = ban_at(r, role, cutoff());
    let ended = matches!(
        v,
        InForce::TermEnded { .. } | InForce::Repaired { .. } | InForce::Removed { .. }
    );
    v.fires()
        || matches!(v, InForce::Undetermined { .. })
        || ended
            && c.applicable(r.list_type, scenario, role)
                .iter()
                .any(|(a, _)| bears_past_publication(&a.condition, r, ban))
}

/// The oracle for one shown entry: the strongest catalogued effect whose condition needs no
/// case fact; an open fact or an unknown term means review unless a block applies; a serious
/// black list in force with no measure in the scenario is review (rule 9).
fn expected(c: &Catalogue, r: &ListRecord, scenario: &str, role: &str) -> Decision {
    let mut block = false;
    let mut review = false;
    let v = in_force(r, cutoff());
    let ban = ban_at(r, role, cutoff());
    let rows = c.applicable(r.list_type, scenario, role);
    if v.fires()
        && rows.is_empty()
        && r.list_type.colour() == ListColour::Black
        && r.list_type != ListType::HighConsumptionRestricted
    {
        return Decision::Review;
    }
    for (a, m) in rows {
        let mut fact = false;
        let mut unknown = !v.fires();
        let mut fails = false;
        // Past publication only the rows on their own clock bear on the entry.
        if !v.fires() && !matches!(v, InForce::Undetermined { .. }) {
            if !bears_past_publication(&a.condition, r, ban) {
                continue;
            }
            unknown = false;
        }
        for tok in a.condition.split(';').filter(|t| !t.is_empty()) {
            match token(tok, r, ban) {
                Some(true) => {}
                Some(false) => fails = true,
                None if matches!(
                    tok,
                    "within_ban_period" | "ban_term_active" | "lookback=3y" | "major_violation"
                ) =>
                {
                    unknown = true
                }
                None => fact = true,
            }
        }
        if fails || m.effect.is_incentive() {
            continue;
        }
        if fact || unknown {
            review = true;
        } else if m.effect == Effect::Block {
            block = true;
        } else if m.effect == Effect::Review {
            review = true;
        }
    }
    if block {
        Decision::Block
    } else if review {
        Decision::Review
    } else {
        Decision::Pass
    }
}

#[test]
fn every_scenario_list_type_and_validity_edge() {
    let mut records = Vec::new();
    let mut n = 1000;
    for list in ListType::ALL {
        for edge in EDGES {
            n += 1;
            records.push((list, edge, record_for(list, edge, n)));
        }
    }
    let w = World::new(records.iter().map(|r| r.2.clone()).collect());
    let mut rows = 0;
    let mut seen = std::collections::BTreeMap::<Decision, usize>::new();
    for sc in &w.c.scenarios {
        for role in sc.roles.iter().filter(|r| *r != "legal_representative") {
            for (list, edge, r) in &records {
                let code = r.uscc.unwrap().to_string();
                let v = w.run(&request(&sc.id, vec![party(role, &code)]));
                let p = &v.parties[0];
                let why = format!("{} {role} {list} {edge:?}", sc.id);
                let state = in_force(r, cutoff());
                let ban = ban_at(r, role, cutoff());
                let shows = shows(&w.c, r, &sc.id, role);
                // A ban outlives repair and removal (its own clock) where a ban measure bears;
                // publication does not.
                let ban_runs = !list.ban_kinds().is_empty()
                    && matches!(
                        edge,
                        Edge::RepairedDayBefore | Edge::RepairedOnCutoff | Edge::RemovedBefore
                    )
                    && w.c.applicable(*list, &sc.id, role).iter().any(|(a, _)| {
                        a.condition.contains("within_ban_period")
                            || a.condition.contains("ban_term_active")
                    });
                let published_edge = matches!(
                    edge,
                    Edge::InForce
                        | Edge::ListedOnCutoff
                        | Edge::LastDayOfTerm
                        | Edge::RepairedDayAfter
                        | Edge::NoTerm
                );
                // A look-back (M-PROC-3Y) outlives publication too, on lists without a ban.
                let lookback = list.ban_kinds().is_empty()
                    && w.c
                        .applicable(*list, &sc.id, role)
                        .iter()
                        .any(|(a, _)| a.condition.contains("lookback="));
                if !lookback {
                    assert_eq!(
                        shows,
                        ban_runs || published_edge,
                        "{why}: validity {state:?}, ban {ban:?}"
                    );
                }
                let _ = ban;
                if !shows {
                    // Neither fires nor shows.
                    assert!(p.hits.is_empty(), "{why}: {:?}", p.hits);
                    assert_eq!(p.decision, Decision::Pass, "{why}");
                } else {
                    assert_eq!(p.hits.len(), 1, "{why}");
                    assert_eq!(p.decision, expected(&w.c, r, &sc.id, role), "{why}");
                    for m in &p.hits[0].measures {
                        assert!(
                            w.c.applicable(*list, &sc.id, role)
                                .iter()
                                .any(|(_, cm)| cm.id == m.id),
                            "{why}: {} is not catalogued here",
                            m.id
                        );
                    }
                }
                assert_eq!(v.decision, p.decision, "{why}");
                *seen.entry(p.decision).or_default() += 1;
                rows += 1;
            }
        }
    }
    assert!(rows > 2500, "{rows}");
    for d in [Decision::Pass, Decision::Review, Decision::Block] {
        assert!(seen.get(&d).copied().unwrap_or(0) > 20, "{seen:?}");
    }
}

fn one(list: ListType, edge: Edge, n: u32) -> (World, String) {
    let r = record_for(list, edge, n);
    let code = r.uscc.unwrap().to_string();
    (World::new(vec![r]), code)
}

fn only(v: &Verdict) -> &PartyVerdict {
    &v.parties[0]
}

#[test]
fn a_term_fires_on_its_last_day_and_not_the_day_after() {
    let (w, code) = one(ListType::JudgmentDefaulters, Edge::LastDayOfTerm, 1);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Block);
    assert_eq!(only(&v).hits[0].measures[0].id, "M-PROC-REJ");
    assert_eq!(only(&v).hits[0].objection.authority, "福建省测试机关");
    assert!(only(&v).hits[0]
        .objection
        .route
        .zh
        .contains("闽测〔2025〕1号"));
    let (w, code) = one(ListType::JudgmentDefaulters, Edge::DayAfterTerm, 2);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Pass);
    assert!(only(&v).hits.is_empty());
}

#[test]
fn repaired_the_day_before_the_cutoff_neither_fires_nor_shows() {
    let (w, code) = one(ListType::MajorTaxViolators, Edge::RepairedDayBefore, 3);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!((v.decision, only(&v).hits.len()), (Decision::Pass, 0));
    // Repaired the day after: it still stood at the cut-off.
    let (w, code) = one(ListType::MajorTaxViolators, Edge::RepairedDayAfter, 4);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Block);
}

#[test]
fn a_procurement_ban_fires_only_within_its_period_and_a_missing_period_asks_for_review() {
    for (edge, want) in [
        (Edge::InForce, Decision::Block),
        (Edge::DayAfterTerm, Decision::Pass),
        (Edge::NoTerm, Decision::Review),
    ] {
        let (w, code) = one(ListType::ProcurementViolations, edge, 5);
        let v = w.run(&request(
            "SC-ZFCG-SUPPLIER",
            vec![party("applicant", &code)],
        ));
        assert_eq!(v.decision, want, "{edge:?}");
        if edge == Edge::NoTerm {
            let m = &only(&v).hits[0].measures;
            assert!(m.iter().all(|m| m.state == "wouldApply"), "{m:?}");
            assert!(only(&v)
                .next_steps
                .iter()
                .any(|s| s.zh.contains("禁止期限")));
        }
    }
}

#[test]
fn a_consortium_with_one_listed_member_is_blocked_as_a_whole() {
    let (w, code) = one(ListType::JudgmentDefaulters, Edge::InForce, 6);
    let mut lead = party("applicant", "91110108551385082Q");
    lead.label = Some("牵头人".into());
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![
            lead,
            party("consortium_member", "91440300708461136T"),
            party("consortium_member", &code),
        ],
    ));
    assert_eq!(v.decision, Decision::Block);
    assert_eq!(v.parties[0].decision, Decision::Pass);
    assert_eq!(v.parties[2].decision, Decision::Block);
    assert_eq!(v.parties[2].hits[0].measures[0].id, "M-PROC-JV");
    let c = v.consortium.as_ref().unwrap();
    assert_eq!(
        (c.members.clone(), c.blocked_by.clone()),
        (vec![0, 1, 2], vec![2])
    );
    assert!(c.why.zh.contains("整个联合体不予通过"));
    // The same bidder alone, without members: no consortium section.
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082Q")],
    ));
    assert!(v.consortium.is_none());
    assert_eq!(v.decision, Decision::Pass);
}

#[test]
fn an_incentive_never_overrides_a_block() {
    let black = record_for(ListType::JudgmentDefaulters, Edge::InForce, 7);
    let mut red = black.clone();
    red.list_type = ListType::TaxCreditA;
    red.credit_class = Some(CreditClass::A);
    let code = black.uscc.unwrap().to_string();
    let w = World::new(vec![black, red]);
    let v = w.run(&request(
        "SC-XZXK-COMMITMENT",
        vec![party("applicant", &code)],
    ));
    let p = only(&v);
    assert_eq!(p.decision, Decision::Block);
    assert_eq!(p.effects, vec![Effect::Block]);
    let incentives: Vec<_> = p
        .hits
        .iter()
        .flat_map(|h| &h.measures)
        .chain(&p.measures)
        .filter(|m| m.effect.is_incentive())
        .collect();
    assert!(!incentives.is_empty());
    assert!(
        incentives.iter().all(|m| m.state == "notApplied"),
        "{incentives:?}"
    );
    let cm = p.commitment.as_ref().unwrap();
    assert!(!cm.allowed);
    assert!(cm.types.iter().all(|t| t.id != "CT-SPTD"));
    assert!(
        cm.types.iter().any(|t| t.id == "CT-XYXF"),
        "repair commitments stay open"
    );

    // Red only: the green channel and acceptance on commitment apply.
    let mut red = record_for(ListType::TaxCreditA, Edge::InForce, 8);
    red.credit_class = Some(CreditClass::A);
    let code = red.uscc.unwrap().to_string();
    let w = World::new(vec![red]);
    let v = w.run(&request(
        "SC-XZXK-APPROVAL",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Pass);
    assert!(
        only(&v).effects.contains(&Effect::GreenChannel),
        "{:?}",
        only(&v).effects
    );
    let v = w.run(&request(
        "SC-XZXK-COMMITMENT",
        vec![party("applicant", &code)],
    ));
    let cm = only(&v).commitment.as_ref().unwrap();
    // 国办发〔2020〕42号: whether the applicant made a false commitment before is the approving
    // authority's to confirm; until it does, no acceptance on commitment.
    assert!(!cm.allowed, "{cm:?}");
    assert!(cm.why.zh.contains("虚假承诺"), "{cm:?}");
    let mut r = request("SC-XZXK-COMMITMENT", vec![party("applicant", &code)]);
    r.facts.insert("prior_false_commitment".into(), false);
    let v = w.run(&r);
    let cm = only(&v).commitment.as_ref().unwrap();
    assert!(cm.allowed && cm.types.iter().any(|t| t.id == "CT-SPTD"));
    assert!(only(&v).effects.contains(&Effect::AllowCommitment));
}

#[test]
fn acceptance_on_commitment_waits_for_a_review() {
    // A wrong check character sends the applicant to review: no commitment until it is done.
    let w = World::new(vec![]);
    let v = w.run(&request(
        "SC-XZXK-COMMITMENT",
        vec![party("applicant", "91110108551385082A")],
    ));
    let p = only(&v);
    assert_eq!(p.decision, Decision::Review);
    assert!(
        !p.effects.contains(&Effect::AllowCommitment),
        "{:?}",
        p.effects
    );
    assert!(p
        .measures
        .iter()
        .any(|m| m.effect == Effect::AllowCommitment && m.state == "wouldApply"));
    assert!(!p.commitment.as_ref().unwrap().allowed);
    // The clean code, no prior false commitment: allowed, and the effect says so too.
    let mut r = request(
        "SC-XZXK-COMMITMENT",
        vec![party("applicant", "91110108551385082Q")],
    );
    r.facts.insert("prior_false_commitment".into(), false);
    let v = w.run(&r);
    assert!(only(&v).effects.contains(&Effect::AllowCommitment));
    assert!(only(&v).commitment.as_ref().unwrap().allowed);
}

#[test]
fn a_listed_legal_representative_of_a_clean_company() {
    let mut person = ListRecord::new(
        EntityKind::NaturalPerson,
        ListType::FoodDrug,
        day(2025, 1, 1),
    );
    let id = valid_id("35010219800101123");
    person.id_number = Some(id);
    person.name = "王五".into();
    person.listing_authority = "福建省药品监督管理局".into();
    person.decision_number = "闽药监罚〔2025〕9号".into();
    person.term.max_end = Some(day(2030, 1, 1));
    person.sanctions = Sanction::parse_list("marketBan 2025-01-01..2030-01-01").unwrap();
    let w = World::new(vec![person.clone()]);
    let mut p = party("applicant", "91110108551385082Q");
    p.legal_rep_name = Some("王五".into());
    p.legal_rep_id = Some(id.to_string());
    // Approval: the food and drug ban reaches the legal representative.
    let v = w.run(&request("SC-XZXK-APPROVAL", vec![p.clone()]));
    assert_eq!(v.decision, Decision::Block);
    let h = &only(&v).hits[0];
    assert_eq!(h.matched.field, "legalRepresentative");
    assert!(h
        .measures
        .iter()
        .any(|m| m.id == "M-FOOD-BAN" && m.state == "applied"));
    // The ID number is masked in what is shown.
    assert!(!serde_json::to_string(&h.record)
        .unwrap()
        .contains(&id.to_string()));
    // Procurement: no catalogued measure for a legal representative; shown, passes.
    let v = w.run(&request("SC-ZFCG-SUPPLIER", vec![p]));
    assert_eq!(v.decision, Decision::Pass);
    assert_eq!(only(&v).hits.len(), 1);
    assert!(only(&v).hits[0].measures.is_empty());
}

#[test]
fn a_stale_or_incomplete_snapshot_is_never_a_pass() {
    let r = record_for(ListType::JudgmentDefaulters, Edge::InForce, 9);
    let code = r.uscc.unwrap().to_string();
    let w = World::with_meta(vec![r], &meta_all(t(2026, 6, 10), ListType::ALL.to_vec()));
    let clean = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082Q")],
    ));
    assert_eq!(clean.decision, Decision::Stale);
    assert!(clean.snapshot.stale);
    assert!(clean.next_steps[0].zh.contains("过期"));
    // A block found in a stale snapshot still blocks.
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Block);
    // A re-run of the same request later judges staleness as it was.
    let mut fresh_at = request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082Q")],
    );
    fresh_at.checked_at = Some("2026-06-05T00:00:00.000Z".into());
    assert_eq!(w.run(&fresh_at).decision, Decision::Pass);

    // Covering only the judgment defaulters: procurement also uses tax and procurement lists.
    let w = World::with_meta(
        vec![record_for(ListType::JudgmentDefaulters, Edge::InForce, 10)],
        &meta_all(t(2026, 7, 1), vec![]),
    );
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082Q")],
    ));
    assert_eq!(v.decision, Decision::NotCovered);
    assert!(v.snapshot.uncovered.contains(&ListType::MajorTaxViolators));
}

#[test]
fn case_facts_open_apply_or_rule_out_a_measure() {
    let (w, code) = one(ListType::ProcurementViolations, Edge::InForce, 11);
    let mut r = request("SC-ZTB-BID", vec![party("applicant", &code)]);
    let v = w.run(&r);
    assert_eq!(v.decision, Decision::Review);
    assert!(only(&v).hits[0]
        .measures
        .iter()
        .any(|m| m.id == "M-1614-BID" && m.state == "open"));
    r.facts.insert("government_invested_project".into(), true);
    let v = w.run(&r);
    assert!(only(&v).hits[0]
        .measures
        .iter()
        .any(|m| m.id == "M-1614-BID" && m.state == "applied"));
    assert_eq!(v.decision, Decision::Review);
    r.facts.insert("government_invested_project".into(), false);
    let v = w.run(&r);
    assert_eq!(v.decision, Decision::Pass);
    r.facts.insert("no_such_fact".into(), true);
    let e = check_record(&w.s, &w.index, &w.c, "embedded", &r, chrono::Utc::now()).unwrap_err();
    assert_eq!(e.code, "UNKNOWN_FACT");
}

#[test]
fn graded_supervision_follows_the_credit_class() {
    let w = World::new(vec![]);
    let mut p = party("applicant", "91110108551385082Q");
    p.credit_class = Some(CreditClass::A);
    let v = w.run(&request("SC-JG-INSPECTION", vec![p.clone()]));
    let s = only(&v).supervision.as_ref().unwrap();
    assert_eq!(
        (s.ratio.as_deref(), s.focus, s.is_example),
        (Some("2%"), false, true)
    );
    assert!(only(&v).effects.contains(&Effect::ReducedInspection));
    p.credit_class = Some(CreditClass::D);
    let v = w.run(&request("SC-JG-INSPECTION", vec![p.clone()]));
    let s = only(&v).supervision.as_ref().unwrap();
    assert!(s.focus);
    assert_eq!(s.ratio.as_deref(), Some("100%"));
    assert!(only(&v).effects.contains(&Effect::Warn));
    assert_eq!(v.decision, Decision::Pass);
    p.credit_class = None;
    let v = w.run(&request("SC-JG-INSPECTION", vec![p]));
    assert_eq!(only(&v).supervision.as_ref().unwrap().ratio, None);
}

#[test]
fn a_name_only_match_asks_for_review_and_never_fires() {
    let (w, _) = one(ListType::JudgmentDefaulters, Edge::InForce, 12);
    let p = CheckParty {
        role: "applicant".into(),
        name: Some("表驱动测试12号有限责任公司".into()),
        ..CheckParty::default()
    };
    let v = w.run(&request("SC-ZFCG-SUPPLIER", vec![p]));
    assert_eq!(v.decision, Decision::Review);
    assert!(only(&v).hits[0]
        .measures
        .iter()
        .all(|m| m.state == "wouldApply"));
    assert!(only(&v).effects.is_empty());
}

#[test]
fn bad_requests_get_typed_errors() {
    let w = World::new(vec![]);
    let run = |r: &CheckInput| {
        check_record(&w.s, &w.index, &w.c, "embedded", r, chrono::Utc::now())
            .err()
            .map(|e| (e.code.as_str(), e.field))
    };
    let ok = request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082Q")],
    );
    assert_eq!(run(&ok), None);
    let mut r = ok.clone();
    r.scenario = "SC-X".into();
    assert_eq!(run(&r).unwrap().0, "UNKNOWN_SCENARIO");
    let mut r = ok.clone();
    r.parties[0].role = "expert".into();
    assert_eq!(
        run(&r),
        Some(("UNKNOWN_ROLE", Some("parties[0].role".into())))
    );
    let mut r = ok.clone();
    r.cutoff = Some("2026-13-01".into());
    assert_eq!(run(&r).unwrap().0, "BAD_CUTOFF");
    let mut r = ok.clone();
    r.checked_at = Some("yesterday".into());
    assert_eq!(run(&r).unwrap().0, "BAD_CHECKED_AT");
    let mut r = ok.clone();
    r.parties.clear();
    assert_eq!(run(&r).unwrap().0, "NO_PARTIES");
    let mut r = ok.clone();
    r.parties = vec![ok.parties[0].clone(); credit_check::check::MAX_PARTIES + 1];
    assert_eq!(run(&r).unwrap().0, "TOO_MANY_PARTIES");
    // An invalid code is reported, never passed; a wrong check character goes to review.
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "not a code")],
    ));
    assert_eq!(v.decision, Decision::InvalidInput);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", "91110108551385082A")],
    ));
    assert_eq!(v.decision, Decision::Review);
    assert_eq!(only(&v).input_warnings[0].field, "code");
}

#[test]
fn records_rerun_byte_for_byte_and_tampering_is_caught() {
    let (w, code) = one(ListType::JudgmentDefaulters, Edge::InForce, 13);
    let r = request("SC-ZFCG-SUPPLIER", vec![party("applicant", &code)]);
    let a = w.record(&r);
    let b = w.record(&r);
    assert_eq!(a.json, b.json);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.sha256.len(), 64);
    let reparsed: serde_json::Value = serde_json::from_str(&a.json).unwrap();
    assert_eq!(
        reparsed.to_string(),
        a.json,
        "canonical: sorted keys, compact"
    );
    let v = verify_record(&w.s, &w.index, &w.c, "embedded", &a.json, Some(&a.sha256)).unwrap();
    assert_eq!((v.matches, v.code.as_str()), (true, "MATCH"));
    let tampered = a
        .json
        .replace("\"decision\":\"block\"", "\"decision\":\"pass\"");
    let v = verify_record(&w.s, &w.index, &w.c, "embedded", &tampered, None).unwrap();
    assert_eq!(v.code, "VERDICT_DIFFERS");
    assert_eq!(v.first_difference.as_deref(), Some(".verdict.decision"));
    let v = verify_record(&w.s, &w.index, &w.c, "embedded", &tampered, Some(&a.sha256)).unwrap();
    assert_eq!(v.code, "SHA256_MISMATCH");
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&a.json).unwrap())
            .unwrap();
    let v = verify_record(&w.s, &w.index, &w.c, "embedded", &pretty, None).unwrap();
    assert_eq!(v.code, "NOT_CANONICAL");
    // Another snapshot (one more record): the record names the one it was made with.
    let (other, _) = one(ListType::JudgmentDefaulters, Edge::InForce, 14);
    let v = verify_record(&other.s, &other.index, &other.c, "embedded", &a.json, None).unwrap();
    assert_eq!(v.code, "SNAPSHOT_DIFFERS");
    assert!(verify_record(&w.s, &w.index, &w.c, "embedded", "{", None).is_err());
}

#[test]
fn a_catalogue_signed_into_the_snapshot_is_the_one_used() {
    let r = record_for(ListType::JudgmentDefaulters, Edge::InForce, 15);
    let code = r.uscc.unwrap().to_string();
    // A local catalogue: judgment defaulters only need review in procurement.
    let mut b = Bundle::embedded().unwrap();
    b.version = "v1-local".into();
    let m = b.tables.get_mut("measures.tsv").unwrap();
    *m = m
        .lines()
        .map(|l| {
            if l.starts_with("M-PROC-REJ\t") {
                l.replacen("\tblock\t", "\treview\t", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let a = b.tables.get_mut("applicability.tsv").unwrap();
    *a = a.replace("\tM-PROC-REJ\tblock\t", "\tM-PROC-REJ\treview\t");
    let mut meta = meta_all(t(2026, 7, 1), ListType::ALL.to_vec());
    meta.catalogue = Some(b.to_json());
    let w = World::with_meta(vec![r.clone()], &meta);
    assert_eq!(w.c.version, "v1-local");
    assert_eq!(w.c.digest, b.digest());
    assert_ne!(w.c.digest, Bundle::embedded().unwrap().digest());
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(v.decision, Decision::Review);
    assert_eq!(v.catalogue.source, "snapshot");
    assert_eq!(v.catalogue.version, "v1-local");
    // The embedded default blocks the same entry.
    let w = World::new(vec![r]);
    let v = w.run(&request(
        "SC-ZFCG-SUPPLIER",
        vec![party("applicant", &code)],
    ));
    assert_eq!(
        (v.decision, v.catalogue.source),
        (Decision::Block, "embedded")
    );
    assert_eq!(
        Catalogue::embedded().unwrap().digest,
        Bundle::embedded().unwrap().digest()
    );
}

#[test]
fn a_broken_catalogue_in_a_snapshot_is_refused_not_ignored() {
    let mut meta = meta_all(t(2026, 7, 1), ListType::ALL.to_vec());
    let mut b = Bundle::embedded().unwrap();
    b.tables.remove("measures.tsv");
    meta.catalogue = Some(b.to_json());
    let s = snapshot(vec![], &meta);
    let e = credit_check::check::catalogue_for(&s).unwrap_err();
    assert_eq!(e.code, "BAD_CATALOGUE");
    meta.catalogue = Some("not json".into());
    let s = snapshot(vec![], &meta);
    assert_eq!(
        credit_check::check::catalogue_for(&s).unwrap_err().code,
        "BAD_CATALOGUE"
    );
}

#[test]
fn legal_representative_records_in_the_table_keep_their_role() {
    // A legal_representative party (a person) in market access: the officer ban reaches them
    // only on the fact officer_registration.
    let mut person = ListRecord::new(
        EntityKind::NaturalPerson,
        ListType::JudgmentDefaulters,
        day(2025, 1, 1),
    );
    let id = valid_id("35010219900101123");
    person.id_number = Some(id);
    person.name = "赵六".into();
    person.related_persons.clear();
    let w = World::new(vec![person]);
    let p = CheckParty {
        role: "legal_representative".into(),
        person_name: Some("赵六".into()),
        person_id: Some(id.to_string()),
        ..CheckParty::default()
    };
    let mut r = request("SC-SCZR-ACCESS", vec![p]);
    assert_eq!(w.run(&r).decision, Decision::Review);
    r.facts.insert("officer_registration".into(), true);
    // 公司法第一百七十八条第一款第（五）项: only a large debt not paid when due bars an officer.
    assert_eq!(w.run(&r).decision, Decision::Review);
    r.facts.insert("large_debt_unpaid".into(), false);
    assert_eq!(w.run(&r).decision, Decision::Pass);
    r.facts.insert("large_debt_unpaid".into(), true);
    assert_eq!(w.run(&r).decision, Decision::Block);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn world() -> &'static World {
        static W: std::sync::OnceLock<World> = std::sync::OnceLock::new();
        W.get_or_init(|| {
            let mut n = 5000;
            World::new(
                ListType::ALL
                    .iter()
                    .flat_map(|l| EDGES.iter().map(move |e| (*l, *e)))
                    .map(|(l, e)| {
                        n += 1;
                        record_for(l, e, n)
                    })
                    .collect(),
            )
        })
    }

    fn pick(v: &[&'static str]) -> impl Strategy<Value = String> {
        proptest::sample::select(v.to_vec()).prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any text as a request: a verdict or a typed error, never a panic.
        #[test]
        fn arbitrary_request_text_never_panics(text in ".{0,300}") {
            let w = world();
            if let Ok(input) = CheckInput::from_json(&text) {
                let _ = check_record(&w.s, &w.index, &w.c, "embedded", &input, chrono::Utc::now());
            }
        }

        /// Well-formed requests with arbitrary values: the same, and a verdict re-runs to the
        /// same bytes.
        #[test]
        fn arbitrary_requests_are_judged_or_refused(
            scenario in pick(&["SC-ZFCG-SUPPLIER", "SC-ZTB-BID", "SC-XZXK-COMMITMENT", "SC-JG-INSPECTION", "SC-ZFCG-EXPERT", "", "SC-?"]),
            roles in proptest::collection::vec(pick(&["applicant", "consortium_member", "legal_representative", "expert", "agency", "x"]), 1..5),
            codes in proptest::collection::vec(".{0,24}", 1..5),
            cutoff in proptest::option::of(pick(&["2026-06-15", "1900-01-01", "2999-12-31", "2026-02-30", "2026-06-15T00:00:00+08:00", "x"])),
            class in proptest::option::of(0usize..4),
            fact in proptest::option::of(any::<bool>()),
        ) {
            let w = world();
            let parties = roles.iter().zip(codes.iter().cycle()).map(|(r, c)| CheckParty {
                role: r.clone(),
                code: Some(c.clone()),
                name: Some(c.clone()),
                credit_class: class.map(|i| CreditClass::ALL[i]),
                ..CheckParty::default()
            }).collect();
            let mut input = CheckInput { scenario, cutoff, checked_at: Some(at()), parties, ..CheckInput::default() };
            if let Some(f) = fact {
                input.facts.insert("government_invested_project".into(), f);
            }
            if let Ok(r) = check_record(&w.s, &w.index, &w.c, "embedded", &input, chrono::Utc::now()) {
                let v = verify_record(&w.s, &w.index, &w.c, "embedded", &r.json, Some(&r.sha256)).unwrap();
                prop_assert_eq!(v.code, "MATCH");
            }
        }
    }
}
