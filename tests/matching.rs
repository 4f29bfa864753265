//! The matching rules on a small hand-made snapshot: related persons across entities, branches
//! with their own codes, regions as divisions, masked ID numbers, the words that differ. Moved
//! from `src/matching/tests.rs` (issue 14), through the public API; the one test of the private
//! clause builder (`words_differ`) stays in `src/matching/by_name.rs`.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, TimeZone, Utc};
use credit_check::lists::person::PersonRole;
use credit_check::lists::person::{PersonId, RelatedPerson};
use credit_check::lists::record::ListRecord;
use credit_check::lists::record::{EntityKind, ListType};
use credit_check::matching::*;
use credit_check::snapshot::build::{build_unsigned, Meta};
use credit_check::snapshot::format::Region;
use credit_check::snapshot::Snapshot;

const A_USCC: &str = "91350100MA2XY8016H";
const BRANCH_USCC: &str = "91350200MA31BQ7K23";
const REP_A: &str = "350102198001011233"; // 张三, legal representative of A
const FIN_A: &str = "350521197505052211"; // 李四, finance officer of A
const PRINCIPAL_A: &str = "110105196003033319"; // 王五, principal of A, published masked
const ZHAO: &str = "350203199009094412"; // 赵六, listed person published masked
const CHEN: &str = "350102198001019999"; // 陈七, listed person in full

fn person(role: PersonRole, name: &str, id: &str) -> RelatedPerson {
    RelatedPerson {
        role,
        name: name.into(),
        id_number: id.parse::<PersonId>().ok(),
    }
}

fn records() -> Vec<ListRecord> {
    let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
    let entry = |kind, name: &str| {
        let mut r = ListRecord::new(kind, ListType::JudgmentDefaulters, day);
        r.name = name.into();
        r.listing_authority = "福州市鼓楼区人民法院".into();
        r
    };
    let mut a = entry(EntityKind::LegalEntity, "福州华兴建设工程有限公司");
    a.uscc = A_USCC.parse().ok();
    a.related_persons = vec![
        person(PersonRole::LegalRepresentative, "张三", REP_A),
        person(PersonRole::FinanceOfficer, "李四", FIN_A),
        person(PersonRole::Principal, "王五", "110105********3319"),
    ];
    let mut zhao = entry(EntityKind::NaturalPerson, "赵六");
    zhao.masked_id_number = "3502031990****4412".parse().ok();
    let mut chen = entry(EntityKind::NaturalPerson, "陈七");
    chen.id_number = CHEN.parse().ok();
    let mut b = entry(EntityKind::LegalEntity, "泉州市瑞顺供应链管理有限公司");
    b.uscc = "91350500MA8X2P3T7W".parse().ok();
    let mut branch = entry(EntityKind::LegalEntity, "福建宏图物流有限公司福州分公司");
    branch.uscc = "91350582MA4KLM9R5T".parse().ok();
    vec![a, zhao, chen, b, branch]
}

fn snapshot() -> (Snapshot, NameIndex) {
    let at = |y, m, d| {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .unwrap_or_default()
    };
    let meta = Meta {
        publisher: "test".into(),
        sequence: 1,
        issued_at: at(2026, 1, 1),
        expires_at: at(2099, 1, 1),
        region: Region {
            code: "350000".into(),
            name: "福建省".into(),
        },
        list_types: Vec::new(),
        catalogue: None,
    };
    let bytes = build_unsigned(records(), &meta).unwrap();
    let s = Snapshot::load_unverified(bytes).unwrap();
    let index = NameIndex::build(&s);
    (s, index)
}

/// Screens and returns the hits on the record named `name`.
fn hits_on(party: Party, name: &str) -> (PartyResult, Vec<Hit>) {
    let (s, index) = snapshot();
    let r = screen(&s, &index, &party, &MatchOptions::default());
    let on: Vec<Hit> = r
        .hits
        .iter()
        .filter(|h| s.name(h.row as usize) == name)
        .cloned()
        .collect();
    (r, on)
}

#[test]
fn a_legal_representative_who_is_a_listed_entitys_finance_officer() {
    let party = Party {
        name: Some("厦门新禾贸易有限公司".into()),
        legal_rep_name: Some("李四".into()),
        legal_rep_id: Some(FIN_A.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let h = &hits[0];
    assert_eq!((h.kind, h.band), (MatchKind::RelatedPerson, Band::Definite));
    let e = &h.explanation;
    assert_eq!(e.query_field, "legalRepId");
    assert_eq!(e.record_field, "relatedPersons.idNumber");
    assert_eq!(e.record_role, Some(PersonRole::FinanceOfficer));
    assert_eq!(
        e.note_zh,
        "当事人的法定代表人是名单主体的负有直接责任的财务负责人（身份证号码相同）"
    );
    assert!(e
        .note
        .contains("legal representative is the finance officer"));
    assert_eq!(e.record_value, "350521********2211");
    assert!(!serde_json::to_string(h).unwrap_or_default().contains(FIN_A));
}

#[test]
fn a_person_id_finds_the_entities_the_person_represents_as_a_related_person() {
    let party = Party {
        person_name: Some("张三".into()),
        person_id: Some(REP_A.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind, MatchKind::RelatedPerson);
    assert_eq!(hits[0].band, Band::Definite);
    assert_eq!(
        hits[0].explanation.record_role,
        Some(PersonRole::LegalRepresentative)
    );
    assert_eq!(
        hits[0].explanation.note_zh,
        "当事人本人是名单主体的法定代表人（身份证号码相同）"
    );
}

#[test]
fn a_legal_representative_who_is_a_listed_person_keeps_its_kind() {
    let party = Party {
        name: Some("厦门新禾贸易有限公司".into()),
        legal_rep_id: Some(CHEN.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "陈七");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].kind, hits[0].band),
        (MatchKind::LegalRepresentative, Band::Definite)
    );
    assert_eq!(hits[0].explanation.record_role, None);
}

#[test]
fn an_organisation_code_never_finds_a_person() {
    let party = Party {
        code: Some(A_USCC.into()),
        ..Party::default()
    };
    let (r, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(hits[0].kind, MatchKind::Identifier);
}

#[test]
fn a_branch_with_its_own_code_is_a_branch_of_the_listed_parent() {
    let party = Party {
        name: Some("福州华兴建设工程有限公司厦门分公司".into()),
        code: Some(BRANCH_USCC.into()),
        ..Party::default()
    };
    let (r, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert_eq!(hits.len(), 1, "{r:?}");
    assert_eq!(
        (hits[0].kind, hits[0].band),
        (MatchKind::Branch, Band::Possible)
    );
    assert!(hits[0]
        .explanation
        .note_zh
        .contains("分支机构有自己的统一社会信用代码"));
    assert!(r.namesakes.is_empty());
    // The reverse: the parent, with its own code, against a listed branch.
    let party = Party {
        name: Some("福建宏图物流有限公司".into()),
        code: Some("91350100MA6HT2WQ3E".into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "福建宏图物流有限公司福州分公司");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].kind, hits[0].band),
        (MatchKind::Branch, Band::Possible)
    );
    // The same name with another code is still another entity.
    let party = Party {
        name: Some("福州华兴建设工程有限公司".into()),
        code: Some("91350100MA7NRP4E68".into()),
        ..Party::default()
    };
    let (r, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert!(hits.is_empty());
    assert_eq!(r.namesakes.len(), 1);
}

#[test]
fn regions_are_divisions() {
    let name = |n: &str| Party {
        name: Some(n.into()),
        ..Party::default()
    };
    // 晋江 is not in 福州; 厦门 is not 福州 (no shared character needed to conflict, and a
    // shared 市 does not make them one).
    for other in ["晋江市华兴建设工程有限公司", "泉州华兴建设工程有限公司"]
    {
        let (r, hits) = hits_on(name(other), "福州华兴建设工程有限公司");
        assert!(hits.is_empty(), "{other}: {r:?}");
    }
    // The same division, one inside the other, or no region: compatible.
    for same in [
        "福州市华兴建设工程有限责任公司",
        "福建华兴建设工程有限公司",
        "福建省福州市华兴建设工程有限公司",
        "华兴建设工程有限公司",
    ] {
        let (_, hits) = hits_on(name(same), "福州华兴建设工程有限公司");
        assert_eq!(hits.len(), 1, "{same}");
        assert_eq!(hits[0].band, Band::Possible);
    }
    let (_, hits) = hits_on(
        name("晋江瑞顺供应链管理有限公司"),
        "泉州市瑞顺供应链管理有限公司",
    );
    assert_eq!(hits.len(), 1, "晋江 is in 泉州");
}

#[test]
fn one_more_trade_word_is_possible_and_said() {
    let party = Party {
        name: Some("泉州市瑞顺供应链管理服务有限公司".into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "泉州市瑞顺供应链管理有限公司");
    assert_eq!(hits.len(), 1);
    let e = &hits[0].explanation;
    assert_eq!(hits[0].band, Band::Possible);
    assert!(
        e.note_zh.ends_with("；用语不同：查询名称多“服务”"),
        "{}",
        e.note_zh
    );
    assert!(
        e.note
            .ends_with("; words differ: the query name also has 服务"),
        "{}",
        e.note
    );
    // The same words: nothing added.
    let party = Party {
        name: Some("泉州瑞顺供应链管理有限责任公司".into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "泉州市瑞顺供应链管理有限公司");
    assert_eq!(hits[0].explanation.note_zh, "名称规范化后相符");
}

#[test]
fn a_masked_id_that_agrees_with_the_same_name_is_possible_never_definite() {
    let zhao = |name: &str, id: &str| Party {
        person_name: Some(name.into()),
        person_id: Some(id.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(zhao("赵六", ZHAO), "赵六");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].kind, hits[0].band),
        (MatchKind::MaskedIdNumber, Band::Possible)
    );
    assert_eq!(hits[0].explanation.record_value, "3502031990****4412");
    assert!(hits[0].explanation.note_zh.contains("14个可见位一致"));
    // A visible digit that disagrees rules it out (said as a namesake); another name too.
    for (name, id) in [
        ("赵六", "350203199001014414"),
        ("赵六", "350203199110094417"),
        ("赵七", ZHAO),
    ] {
        let (r, hits) = hits_on(zhao(name, id), "赵六");
        assert!(hits.is_empty(), "{name} {id}");
        assert_eq!(
            r.namesakes.len(),
            usize::from(name == "赵六"),
            "{name} {id}"
        );
    }
    // The ID alone, without the name: nothing.
    let party = Party {
        person_id: Some(ZHAO.into()),
        ..Party::default()
    };
    assert!(hits_on(party, "赵六").1.is_empty());
    // As a legal representative: possible, judged as the legal representative.
    let party = Party {
        name: Some("厦门新禾贸易有限公司".into()),
        legal_rep_name: Some("赵六".into()),
        legal_rep_id: Some(ZHAO.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party, "赵六");
    assert_eq!(
        (hits[0].kind, hits[0].band),
        (MatchKind::LegalRepresentative, Band::Possible)
    );
}

#[test]
fn a_related_person_published_masked_is_possible_with_the_role() {
    let party = |name: &str, id: &str| Party {
        name: Some("厦门新禾贸易有限公司".into()),
        legal_rep_name: Some(name.into()),
        legal_rep_id: Some(id.into()),
        ..Party::default()
    };
    let (_, hits) = hits_on(party("王五", PRINCIPAL_A), "福州华兴建设工程有限公司");
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!((h.kind, h.band), (MatchKind::RelatedPerson, Band::Possible));
    assert_eq!(h.explanation.record_role, Some(PersonRole::Principal));
    assert!(h
        .explanation
        .note_zh
        .starts_with("当事人的法定代表人可能是名单主体的主要负责人"));
    // Another ID number, or another name: nothing.
    assert!(hits_on(
        party("王五", "350203199001014414"),
        "福州华兴建设工程有限公司"
    )
    .1
    .is_empty());
    assert!(
        hits_on(party("王六", PRINCIPAL_A), "福州华兴建设工程有限公司")
            .1
            .is_empty()
    );
}

#[test]
fn the_partys_own_record_is_not_found_again_through_its_legal_representative() {
    let party = Party {
        name: Some("福州华兴建设工程有限公司".into()),
        code: Some(A_USCC.into()),
        legal_rep_name: Some("张三".into()),
        legal_rep_id: Some(REP_A.into()),
        ..Party::default()
    };
    let (r, hits) = hits_on(party.clone(), "福州华兴建设工程有限公司");
    assert_eq!(hits.len(), 1, "{r:?}");
    assert_eq!(hits[0].kind, MatchKind::Identifier);
    // Without the code, the legal representative finds it.
    let party = Party {
        code: None,
        ..party
    };
    let (_, hits) = hits_on(party, "福州华兴建设工程有限公司");
    assert_eq!(hits[0].kind, MatchKind::RelatedPerson);
}
