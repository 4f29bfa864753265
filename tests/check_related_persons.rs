//! Verdicts on related-person hits (issue 13): a party whose legal representative is a person
//! named in a listed entity's entry is judged in the `legal_representative` role — shown, never
//! the party's block by itself, blocked only where a catalogued measure for that role says so.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

mod support;

use credit_check::check::{check_record, CheckInput, CheckParty, Decision, Verdict};
use credit_check::lists::person::{PersonId, PersonRole, RelatedPerson};
use credit_check::lists::record::{EntityKind, ListRecord, ListType, Sanction, Term};
use credit_check::matching::{MatchKind, NameIndex};
use credit_check::snapshot::{LoadOptions, Snapshot};
use support::*;

const CLEAN: &str = "91110108551385082Q";

fn listed(list: ListType, n: u32, persons: Vec<RelatedPerson>) -> ListRecord {
    let mut r = ListRecord::new(EntityKind::LegalEntity, list, day(2025, 6, 15));
    r.uscc = Some(uscc_with("91350100", valid_org(&format!("{n:08}"))));
    r.name = format!("关联人员测试{n}号有限公司");
    r.listing_authority = "福建省测试机关".into();
    r.decision_number = format!("闽测〔2025〕{n}号");
    r.term = Term {
        min_end: None,
        max_end: Some(day(2028, 6, 15)),
    };
    r.sanctions = list
        .ban_kinds()
        .iter()
        .map(|&k| {
            let mut s = Sanction::new(k);
            s.start = Some(day(2025, 6, 15));
            s.end = Some(day(2030, 6, 15));
            s
        })
        .collect();
    r.related_persons = persons;
    r
}

fn person(role: PersonRole, name: &str, id: &str) -> RelatedPerson {
    RelatedPerson {
        role,
        name: name.into(),
        id_number: Some(PersonId::Full(valid_id(id))),
    }
}

fn run(records: Vec<ListRecord>, scenario: &str, party: CheckParty) -> Verdict {
    let mut meta = meta(1);
    meta.list_types = ListType::ALL.to_vec();
    meta.issued_at = t(2026, 6, 1);
    meta.expires_at = t(2026, 7, 1);
    let opts = LoadOptions {
        now: t(2026, 6, 15),
        last_accepted_sequence: None,
        allow_stale: false,
    };
    let s = Snapshot::load(signed(records, &meta, "t-ed", &ed()), &ring(), opts).unwrap();
    let index = NameIndex::build(&s);
    let (c, _) = credit_check::check::catalogue_for(&s).unwrap();
    let input = CheckInput {
        scenario: scenario.into(),
        cutoff: Some("2026-06-15".into()),
        checked_at: Some("2026-06-15T02:00:00.000Z".into()),
        parties: vec![party],
        ..CheckInput::default()
    };
    check_record(&s, &index, &c, "embedded", &input, chrono::Utc::now())
        .unwrap_or_else(|e| panic!("{e}"))
        .verdict
}

fn bidder(legal_rep_id: String) -> CheckParty {
    CheckParty {
        role: "applicant".into(),
        code: Some(CLEAN.into()),
        legal_rep_name: Some("周八".into()),
        legal_rep_id: Some(legal_rep_id),
        ..CheckParty::default()
    }
}

#[test]
fn a_bidder_whose_legal_representative_is_a_listed_companys_finance_officer_is_not_blocked() {
    let fin = valid_id("35010219800101123");
    let company = listed(
        ListType::JudgmentDefaulters,
        7,
        vec![person(
            PersonRole::FinanceOfficer,
            "周八",
            "35010219800101123",
        )],
    );
    let code = company.uscc.map(|u| u.to_string()).unwrap_or_default();
    // The listed company itself is blocked from procurement …
    let own = CheckParty {
        role: "applicant".into(),
        code: Some(code),
        ..CheckParty::default()
    };
    let v = run(vec![company.clone()], "SC-ZFCG-SUPPLIER", own);
    assert_eq!(v.decision, Decision::Block);
    // … a bidder whose legal representative is that company's finance officer is not: the hit
    // is shown, judged as a legal representative's, with no catalogued measure for that role.
    let v = run(vec![company], "SC-ZFCG-SUPPLIER", bidder(fin.to_string()));
    assert_ne!(v.decision, Decision::Block);
    let hits = &v.parties[0].hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].matched.kind, MatchKind::RelatedPerson);
    assert_eq!(hits[0].matched.field, "relatedPerson");
    assert!(
        hits[0].matched.note.zh.contains("财务负责人"),
        "{:?}",
        hits[0].matched.note
    );
    assert!(hits[0].measures.is_empty(), "{:?}", hits[0].measures);
    assert!(!serde_json::to_string(&v)
        .unwrap()
        .contains(&fin.to_string()));
}

#[test]
fn a_catalogued_measure_for_legal_representatives_reaches_a_related_person() {
    // 食品药品: the legal representative of a company under a market ban is banned too
    // (M-FOOD-BAN, role legal_representative, in approvals).
    let rep = valid_id("35010219800101124");
    let company = listed(
        ListType::FoodDrug,
        8,
        vec![person(
            PersonRole::LegalRepresentative,
            "周八",
            "35010219800101124",
        )],
    );
    let v = run(vec![company], "SC-XZXK-APPROVAL", bidder(rep.to_string()));
    assert_eq!(v.decision, Decision::Block);
    let h = &v.parties[0].hits[0];
    assert_eq!(h.matched.kind, MatchKind::RelatedPerson);
    assert!(h
        .measures
        .iter()
        .any(|m| m.id == "M-FOOD-BAN" && m.state == "applied"));
}
