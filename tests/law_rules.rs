//! Verdicts that follow current law (issue 12): one test per rule, each naming the article it
//! implements. The table test (`check_table.rs`) covers every scenario × list × validity edge;
//! these are the cases a careful procurement officer would bring, on records shaped as the real
//! lists publish them (record model v2: sanctions on their own clock, decision dates, persons).
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

mod support;

use credit_check::check::{CheckInput, CheckParty, Checker, Decision, PartyVerdict, Verdict};
use credit_check::lists::catalogue::Effect;
use credit_check::lists::record::{
    CreditClass, EntityKind, ListRecord, ListType, ListingStatus, PersonId, PersonRole,
    RelatedPerson, Sanction,
};
use credit_check::snapshot::build::Meta;
use credit_check::snapshot::format::Region;
use credit_check::snapshot::{LoadOptions, Snapshot};
use support::*;

const CUTOFF: &str = "2026-06-15";
const AT: &str = "2026-06-15T02:00:00.000Z";

/// The lists of a case, checked by the core's own `Checker` (its name index and catalogue), as
/// the CLI, the bindings and the worker check.
struct World {
    checker: Checker,
}

impl World {
    fn new(records: Vec<ListRecord>) -> World {
        World::expiring(records, t(2026, 7, 1))
    }

    fn expiring(records: Vec<ListRecord>, expires: chrono::DateTime<chrono::Utc>) -> World {
        let meta = Meta {
            publisher: "法律规则测试".into(),
            sequence: 1,
            issued_at: t(2026, 6, 1),
            expires_at: expires,
            region: Region {
                code: "350000".into(),
                name: "福建省".into(),
            },
            list_types: ListType::ALL.to_vec(),
            catalogue: None,
        };
        let bytes = signed(records, &meta, "t-ed", &ed());
        let options = LoadOptions {
            now: t(2026, 6, 10),
            last_accepted_sequence: None,
            allow_stale: true,
        };
        let checker = Checker::new(Snapshot::load(bytes, &ring(), options).unwrap());
        // No catalogue in the snapshot: the checks use the embedded one.
        assert_eq!(checker.catalogue().unwrap().1, "embedded");
        World { checker }
    }

    fn run(&self, scenario: &str, parties: Vec<CheckParty>, facts: &[(&str, bool)]) -> Verdict {
        self.run_at(CUTOFF, scenario, parties, facts)
    }

    fn run_at(
        &self,
        cutoff: &str,
        scenario: &str,
        parties: Vec<CheckParty>,
        facts: &[(&str, bool)],
    ) -> Verdict {
        let input = CheckInput {
            scenario: scenario.into(),
            cutoff: Some(cutoff.into()),
            checked_at: Some(AT.into()),
            parties,
            facts: facts.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        };
        self.checker
            .check(&input, chrono::Utc::now())
            .unwrap_or_else(|e| panic!("{e}"))
            .verdict
    }

    fn one(&self, scenario: &str, party: CheckParty) -> PartyVerdict {
        self.run(scenario, vec![party], &[]).parties.remove(0)
    }
}

fn company(n: u32, list: ListType, listed: chrono::NaiveDate) -> ListRecord {
    let mut r = ListRecord::new(EntityKind::LegalEntity, list, listed);
    r.uscc = Some(uscc_with("91350100", valid_org(&format!("{n:08}"))));
    r.name = format!("法律规则测试{n}号有限公司");
    r.listing_authority = "福建省测试机关".into();
    r.decision_number = format!("闽测〔2025〕{n}号");
    r
}

fn applicant(r: &ListRecord) -> CheckParty {
    CheckParty {
        role: "applicant".into(),
        code: r.uscc.map(|u| u.to_string()),
        ..CheckParty::default()
    }
}

fn sanctions(cell: &str) -> Vec<Sanction> {
    Sanction::parse_list(cell).unwrap()
}

fn measure<'a>(p: &'a PartyVerdict, id: &str) -> Option<&'a str> {
    p.hits
        .iter()
        .flat_map(|h| &h.measures)
        .chain(&p.measures)
        .find(|m| m.id == id)
        .map(|m| m.state)
}

/// Rule 1 — 法释〔2017〕7号第六条 (the legal representative is recorded as an attribute of the
/// listed entity's entry): a natural person applying in their own name is not blocked because
/// their ID equals a listed company's representative. The hit informs; no entity measure.
#[test]
fn rule01_a_companys_legal_representative_is_not_the_listed_party() {
    let rep = valid_id("35010219800101123");
    let mut listed = company(1, ListType::JudgmentDefaulters, day(2025, 3, 1));
    listed.related_persons = vec![RelatedPerson {
        role: PersonRole::LegalRepresentative,
        name: "张三".into(),
        id_number: Some(PersonId::Full(rep)),
    }];
    let w = World::new(vec![listed]);
    let p = w.one(
        "SC-ZFCG-SUPPLIER",
        CheckParty {
            role: "applicant".into(),
            person_name: Some("张三".into()),
            person_id: Some(rep.to_string()),
            ..CheckParty::default()
        },
    );
    assert_eq!(p.decision, Decision::Pass, "{p:?}");
    assert_eq!(p.hits.len(), 1, "the hit is shown");
    assert!(p.hits[0].measures.is_empty(), "{:?}", p.hits[0].measures);
    assert!(p
        .next_steps
        .iter()
        .any(|s| s.zh.contains("法释〔2017〕7号第六条")));
}

/// Rule 2 — 国办发〔2020〕42号: 告知承诺 is refused for the applicant's own serious record and
/// for a prior false commitment, not for a hit on its representative; and granted only to an
/// applicant whose credit is good (闽信用〔2019〕7号第1项: 信用状况较好 — class D is not).
#[test]
fn rule02_commitment_follows_the_applicants_own_record() {
    let rep = valid_id("35010219750505123");
    let mut person = ListRecord::new(
        EntityKind::NaturalPerson,
        ListType::JudgmentDefaulters,
        day(2025, 3, 1),
    );
    person.id_number = Some(rep);
    person.name = "李四".into();
    person.listing_authority = "福州市中级人民法院".into();
    let own = company(2, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let w = World::new(vec![person, own.clone()]);
    let clean = CheckParty {
        role: "applicant".into(),
        code: Some("91110108551385082Q".into()),
        legal_rep_name: Some("李四".into()),
        legal_rep_id: Some(rep.to_string()),
        ..CheckParty::default()
    };
    let no_false = [("prior_false_commitment", false)];
    // The representative is listed, the applicant is not: commitment allowed.
    let v = w.run("SC-XZXK-COMMITMENT", vec![clean.clone()], &no_false);
    let cm = v.parties[0].commitment.as_ref().unwrap();
    assert!(cm.allowed, "{cm:?}");
    // A prior false commitment: refused.
    let v = w.run(
        "SC-XZXK-COMMITMENT",
        vec![clean.clone()],
        &[("prior_false_commitment", true)],
    );
    assert!(!v.parties[0].commitment.as_ref().unwrap().allowed);
    assert_eq!(measure(&v.parties[0], "I-CMT-RQ"), Some("notApplied"));
    // Not said: the approving authority confirms first; the effect waits too.
    let v = w.run("SC-XZXK-COMMITMENT", vec![clean.clone()], &[]);
    assert!(!v.parties[0].commitment.as_ref().unwrap().allowed);
    assert_eq!(measure(&v.parties[0], "I-CMT-RQ"), Some("open"));
    assert!(!v.parties[0].effects.contains(&Effect::AllowCommitment));
    // Poor credit (class D): refused.
    let mut d = clean.clone();
    d.credit_class = Some(CreditClass::D);
    let v = w.run("SC-XZXK-COMMITMENT", vec![d], &no_false);
    assert!(!v.parties[0].commitment.as_ref().unwrap().allowed);
    // The applicant's own entry: refused (M-CMT-EXCL).
    let v = w.run("SC-XZXK-COMMITMENT", vec![applicant(&own)], &no_false);
    assert_eq!(v.parties[0].decision, Decision::Block);
    assert!(!v.parties[0].commitment.as_ref().unwrap().allowed);
}

/// Rule 3 — 财库〔2016〕125号 ("在处罚决定规定的时间内"); 《中华人民共和国政府采购法》第七十七条:
/// a procurement list entry blocks only within its ban. A fine without a ban, or a ban that has
/// ended while the entry is still published, does not.
#[test]
fn rule03_procurement_entries_block_only_within_a_ban() {
    let mut fined = company(3, ListType::ProcurementViolations, day(2025, 6, 1));
    fined.decided_at = Some(day(2025, 5, 20));
    fined.sanctions = sanctions("fine 30000");
    fined.term.max_end = Some(day(2028, 5, 19));
    let mut served = company(4, ListType::ProcurementViolations, day(2024, 6, 1));
    served.decided_at = Some(day(2024, 5, 20));
    served.sanctions = sanctions("fine 50000; procurementBan 2024-05-20..2025-05-19");
    served.term.max_end = Some(day(2027, 5, 19));
    let mut banned = company(5, ListType::ProcurementViolations, day(2025, 6, 1));
    banned.decided_at = Some(day(2025, 5, 20));
    banned.sanctions = sanctions("fine 50000; procurementBan 2025-05-20..2027-05-19");
    let w = World::new(vec![fined.clone(), served.clone(), banned.clone()]);
    for r in [&fined, &served] {
        let p = w.one("SC-ZFCG-SUPPLIER", applicant(r));
        assert_eq!(p.decision, Decision::Pass, "{}: {p:?}", r.name);
        assert_eq!(measure(&p, "M-PROC-REJ"), None);
    }
    let p = w.one("SC-ZFCG-SUPPLIER", applicant(&banned));
    assert_eq!(p.decision, Decision::Block);
    assert_eq!(measure(&p, "M-PROC-REJ"), Some("applied"));
}

/// Rule 4 — 《中华人民共和国政府采购法》第二十二条第一款第（五）项; 《中华人民共和国政府采购法实施
/// 条例》第十九条; 财库〔2022〕3号: a 重大违法记录 within three years of the decision date fails a
/// statutory condition (block), after publication ended and after repair; while it cannot be
/// established, review; a ban already served does not count again (第十九条第二款).
#[test]
fn rule04_the_three_year_look_back_counts_from_the_decision() {
    let penalty = |n: u32, decided: chrono::NaiveDate, cell: &str| {
        let mut r = company(n, ListType::AdministrativePenalties, decided);
        r.decided_at = Some(decided);
        r.sanctions = sanctions(cell);
        // Published for a year, then repaired: neither ends the look-back.
        r.term.max_end = Some(decided + chrono::Days::new(365));
        r.status = ListingStatus::Repaired;
        r.status_date = Some(decided + chrono::Days::new(400));
        r
    };
    let large = penalty(10, day(2024, 1, 10), "fine 2500000");
    let old = penalty(11, day(2023, 6, 1), "fine 2500000");
    let small = penalty(12, day(2024, 1, 10), "fine 50000");
    let unknown = penalty(13, day(2024, 1, 10), "fine");
    let suspended = penalty(
        14,
        day(2024, 1, 10),
        "productionSuspension 2024-01-10..2024-03-10",
    );
    let mut served = company(15, ListType::ProcurementViolations, day(2024, 1, 20));
    served.decided_at = Some(day(2024, 1, 10));
    served.sanctions = sanctions("fine 3000000; procurementBan 2024-01-10..2025-01-09");
    let w = World::new(vec![
        large.clone(),
        old.clone(),
        small.clone(),
        unknown.clone(),
        suspended.clone(),
        served.clone(),
    ]);
    let cases = [
        (&large, Decision::Block, Some("applied")),
        (&old, Decision::Pass, None),
        (&small, Decision::Pass, None),
        (&unknown, Decision::Review, Some("wouldApply")),
        (&suspended, Decision::Block, Some("applied")),
        (&served, Decision::Pass, None),
    ];
    for (r, want, state) in cases {
        let p = w.one("SC-ZFCG-SUPPLIER", applicant(r));
        assert_eq!(p.decision, want, "{}: {:?}", r.name, p.hits);
        assert_eq!(measure(&p, "M-PROC-3Y"), state, "{}", r.name);
    }
    // A consortium member carries it too (政府采购法第二十四条).
    let mut member = applicant(&large);
    member.role = "consortium_member".into();
    let v = w.run("SC-ZFCG-SUPPLIER", vec![member], &[]);
    assert_eq!(v.decision, Decision::Block);
}

/// Rule 4, the threshold as versioned data: before 2022-02-08 there is no national figure for a
/// 较大数额罚款 (财库〔2022〕3号), so the purchaser decides (review).
#[test]
fn rule04_the_large_fine_threshold_is_versioned() {
    let w = World::new(vec![]);
    let (c, _) = w.checker.catalogue().unwrap();
    assert!(c.threshold("T-MAJOR-FINE", day(2022, 2, 7)).is_none());
    let t = c.threshold("T-MAJOR-FINE", day(2022, 2, 8)).unwrap();
    assert_eq!(
        (t.value, t.legal_basis.as_str()),
        (2_000_000, "财库〔2022〕3号")
    );
}

/// Rule 5 — 《中华人民共和国政府采购法》第七十七条; 《中华人民共和国招标投标法》第五十三、五十四条;
/// 国家发展改革委令第36号第三条: a ban or a bidding disqualification is an administrative penalty;
/// repair ends publication and 失信惩戒, not the penalty, which runs to its own end.
#[test]
fn rule05_credit_repair_does_not_shorten_a_ban() {
    let mut zfcg = company(20, ListType::ProcurementViolations, day(2025, 3, 1));
    zfcg.sanctions = sanctions("procurementBan 2025-03-01..2028-02-29");
    zfcg.status = ListingStatus::Repaired;
    zfcg.status_date = Some(day(2026, 1, 5));
    let mut ztb = company(21, ListType::BiddingDisqualification, day(2025, 3, 1));
    ztb.sanctions = sanctions("biddingBan 2025-03-01..2027-02-28");
    ztb.status = ListingStatus::Repaired;
    ztb.status_date = Some(day(2026, 1, 5));
    let w = World::new(vec![zfcg.clone(), ztb.clone()]);
    let p = w.one("SC-ZFCG-SUPPLIER", applicant(&zfcg));
    assert_eq!(p.decision, Decision::Block);
    assert!(
        !p.hits[0].validity.fires(),
        "publication ended by the repair"
    );
    let p = w.one("SC-ZTB-BID", applicant(&ztb));
    assert_eq!(p.decision, Decision::Block);
}

/// Rule 6 — 国发〔2016〕33号 (incentives are for 守信主体); seed item 8: with a black-list entry in
/// force and matched by identifier, incentives are not applied, whatever the final decision.
#[test]
fn rule06_black_outranks_red_everywhere() {
    let black = company(30, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let mut red = black.clone();
    red.list_type = ListType::TaxCreditA;
    red.credit_class = Some(CreditClass::A);
    let w = World::new(vec![black.clone(), red]);
    let p = w.one("SC-XZXK-APPROVAL", applicant(&black));
    assert_eq!(
        p.decision,
        Decision::Review,
        "M-FJ-BLACK-LIMIT asks for review"
    );
    assert!(
        !p.effects.contains(&Effect::GreenChannel),
        "{:?}",
        p.effects
    );
    assert_eq!(measure(&p, "I-FJ-RED-GC"), Some("notApplied"));
}

/// Rule 7 — 市场监管总局令第44号 (an entity on the SAMR serious list is a 重点监管对象);
/// 国市监信发〔2022〕6号 (SAMR risk classes) apart from tax credit grades; seed item 6 (reduced
/// inspection only for 信用较好、风险较低).
#[test]
fn rule07_graded_supervision_keeps_scales_apart_and_black_caps_the_class() {
    let mut tax_a = company(40, ListType::TaxCreditA, day(2025, 3, 1));
    tax_a.credit_class = Some(CreditClass::A);
    let samr = company(41, ListType::SamrSeriousViolations, day(2025, 3, 1));
    let defaulter = company(42, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let w = World::new(vec![tax_a.clone(), samr.clone(), defaulter.clone()]);
    // A tax grade A is not SAMR class A: no reduced inspection from it.
    let p = w.one("SC-JG-INSPECTION", applicant(&tax_a));
    assert_ne!(measure(&p, "I-FJ-LOWRISK"), Some("applied"));
    // The SAMR serious list: class D, 重点关注, whatever was stated.
    let mut stated = applicant(&samr);
    stated.credit_class = Some(CreditClass::A);
    let p = w.one("SC-JG-INSPECTION", stated);
    let sup = p.supervision.as_ref().unwrap();
    assert_eq!(sup.credit_class, Some(CreditClass::D), "{sup:?}");
    // Another black list in force: no better than C.
    let mut stated = applicant(&defaulter);
    stated.credit_class = Some(CreditClass::A);
    let p = w.one("SC-JG-INSPECTION", stated);
    assert_eq!(
        p.supervision.as_ref().unwrap().credit_class,
        Some(CreditClass::C)
    );
    assert_ne!(measure(&p, "I-FJ-LOWRISK"), Some("applied"));
}

/// Rule 8 — 《保障农民工工资支付条例》第四十八条 ("依法依规予以限制"): in procurement only when the
/// documents adopt it; 《中华人民共和国政府采购法实施条例》第七十五条: an evaluation expert's ban has
/// no time limit.
#[test]
fn rule08_wage_arrears_experts_and_officers() {
    let wage = company(50, ListType::WageArrears, day(2025, 3, 1));
    let mut expert = ListRecord::new(
        EntityKind::NaturalPerson,
        ListType::ProcurementViolations,
        day(2018, 3, 1),
    );
    let id = valid_id("35010219700707123");
    expert.id_number = Some(id);
    expert.name = "王评审".into();
    expert.listing_authority = "福建省财政厅".into();
    expert.sanctions = sanctions("expertBan 2018-03-01..indefinite");
    let w = World::new(vec![wage.clone(), expert]);
    let p = w.one("SC-ZFCG-SUPPLIER", applicant(&wage));
    assert_eq!(
        p.decision,
        Decision::Review,
        "open: do the documents adopt it?"
    );
    let v = w.run(
        "SC-ZFCG-SUPPLIER",
        vec![applicant(&wage)],
        &[("procurement_documents_adopt", true)],
    );
    assert_eq!(v.decision, Decision::Block);
    let p = w.one("SC-ZTB-BID", applicant(&wage));
    assert_eq!(
        p.decision,
        Decision::Block,
        "bidding follows the basic list"
    );
    let p = w.one(
        "SC-ZFCG-EXPERT",
        CheckParty {
            role: "expert".into(),
            person_name: Some("王评审".into()),
            person_id: Some(id.to_string()),
            ..CheckParty::default()
        },
    );
    assert_eq!(p.decision, Decision::Block, "eight years on, still banned");
    assert_eq!(measure(&p, "M-PROC-EXP"), Some("applied"));
}

/// Rule 9 — 国办发〔2020〕49号 closes the measures but does not clean the entity; 中办发〔2016〕
/// 64号 (荣誉和授信限制): a serious black-list entry in force in a scenario without a catalogued
/// measure is at least review.
#[test]
fn rule09_no_catalogued_measure_is_not_a_clean_pass() {
    let r = company(60, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let w = World::new(vec![r.clone()]);
    let p = w.one("SC-RY-HONOUR", applicant(&r));
    assert_eq!(p.decision, Decision::Review);
    assert!(p
        .next_steps
        .iter()
        .any(|s| s.zh.contains("不能视为核查通过")));
}

/// Rule 10 — 财库〔2016〕125号 (query at the cut-off and keep the record): a stale snapshot is no
/// basis for a pass, for the verdict or for any party.
#[test]
fn rule10_no_party_passes_from_a_stale_snapshot() {
    let listed = company(70, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let w = World::expiring(vec![listed.clone()], t(2026, 6, 12));
    let clean = CheckParty {
        role: "applicant".into(),
        code: Some("91110108551385082Q".into()),
        ..CheckParty::default()
    };
    let v = w.run("SC-ZFCG-SUPPLIER", vec![clean, applicant(&listed)], &[]);
    assert_eq!(v.decision, Decision::Block, "a block still blocks");
    assert_eq!(v.parties[0].decision, Decision::Stale);
    assert_eq!(v.parties[1].decision, Decision::Block);
}

/// Rule 11 — 《中华人民共和国政府采购法实施条例》第二十条; 《中华人民共和国招标投标法实施条例》第三十二条:
/// no preference for A-grade taxpayers or other ratings in supplier review or bidding.
#[test]
fn rule11_no_credit_preference_in_procurement_or_bidding() {
    let mut a = company(80, ListType::TaxCreditA, day(2025, 3, 1));
    a.credit_class = Some(CreditClass::A);
    let w = World::new(vec![a.clone()]);
    for sc in ["SC-ZFCG-SUPPLIER", "SC-ZTB-BID"] {
        let p = w.one(sc, applicant(&a));
        assert!(
            !p.effects.contains(&Effect::Priority),
            "{sc}: {:?}",
            p.effects
        );
        let (c, _) = w.checker.catalogue().unwrap();
        assert!(c
            .applicability
            .iter()
            .filter(|r| r.scenario == sc)
            .all(|r| !c
                .measure(&r.measure)
                .is_some_and(|m| m.effect == Effect::Priority)));
    }
}

/// Rule 12 — 《中华人民共和国民法典》第二百零三条 (a period ends at 24:00 of its last day): the
/// ban's last day counts, the next does not; the catalogue's validity rule says the same.
#[test]
fn rule12_term_ends_are_inclusive() {
    let mut r = company(90, ListType::ProcurementViolations, day(2024, 6, 16));
    r.sanctions = sanctions("procurementBan 2024-06-16..2026-06-15");
    let mut next = company(91, ListType::ProcurementViolations, day(2024, 6, 15));
    next.sanctions = sanctions("procurementBan 2024-06-15..2026-06-14");
    let w = World::new(vec![r.clone(), next.clone()]);
    assert_eq!(
        w.one("SC-ZFCG-SUPPLIER", applicant(&r)).decision,
        Decision::Block
    );
    assert_eq!(
        w.one("SC-ZFCG-SUPPLIER", applicant(&next)).decision,
        Decision::Pass
    );
    let rules = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/catalogue/v2/validity_rules.tsv"
    ))
    .unwrap();
    let active = rules.lines().find(|l| l.starts_with("V-ACTIVE\t")).unwrap();
    assert!(active.contains("the last day counts") && active.contains("民法典第二百零三条"));
}

/// Objection routes per list type and repair rules by edition — 法释〔2017〕7号第十二条 (a court's
/// list: correction request to the executing court); 《中华人民共和国行政复议法》第二十条 (60 days),
/// 《中华人民共和国行政诉讼法》第四十六条 (six months); 国家发展改革委令第36号 from 2026-04-01, 令第58号
/// before: a cut-off before 2026-04-01 uses the older rules.
#[test]
fn objection_routes_and_repair_rules_follow_the_list_and_the_cutoff() {
    let court = company(100, ListType::JudgmentDefaulters, day(2025, 3, 1));
    let mut penalty = company(101, ListType::AdministrativePenalties, day(2025, 3, 1));
    penalty.sanctions = sanctions("fine 5000");
    let w = World::new(vec![court.clone(), penalty.clone()]);
    let p = w.one("SC-ZFCG-SUPPLIER", applicant(&court));
    let route = &p.hits[0].objection.route.zh;
    assert!(
        route.contains("执行法院") && route.contains("第十二条"),
        "{route}"
    );
    let route = |cutoff: &str| {
        let v = w.run_at(cutoff, "SC-XZXK-APPROVAL", vec![applicant(&penalty)], &[]);
        v.parties[0].hits[0].objection.route.zh.clone()
    };
    let now = route("2026-06-15");
    assert!(
        now.contains("行政复议法》第二十条") && now.contains("第四十六条"),
        "{now}"
    );
    assert!(now.contains("国家发展改革委令第36号"), "{now}");
    assert!(route("2026-03-01").contains("国家发展改革委令第58号"));
}

/// Catalogue v2: every measure names its primary text and basis kind; no memorandum blocks on
/// its own (国办发〔2020〕49号); block rows say which text was read.
#[test]
fn catalogue_v2_rows_name_their_primary_text() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/catalogue/v2/measures.tsv"
    ))
    .unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (effect, kind, basis, verified) = (
        col("effect"),
        col("basis_kind"),
        col("legal_basis"),
        col("verified"),
    );
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        assert!(!f[kind].is_empty() && !f[basis].is_empty(), "{l}");
        if f[kind] == "memorandum" {
            assert_ne!(f[effect], "block", "{l}");
        }
        if f[effect] == "block" {
            assert!(matches!(f[verified], "yes" | "partly"), "{l}");
        }
    }
}
