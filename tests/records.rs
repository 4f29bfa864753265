//! List records (`src/lists/record.rs`): list types, identifiers, the record rules and their
//! problems, through the public API. Moved out of the source file (issue 14).
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]

use chrono::NaiveDate;
use credit_check::lists::record::*;
use std::collections::BTreeSet;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const ID: &str = "11010519491231002X";

/// A sound legal-entity record on a black list.
fn company() -> ListRecord {
    let mut r = ListRecord::new(
        EntityKind::LegalEntity,
        ListType::JudgmentDefaulters,
        day(2023, 3, 1),
    );
    r.uscc = Some("91110108551385082Q".parse().unwrap());
    r.name = "小米科技有限责任公司".into();
    r.listing_authority = "北京市海淀区人民法院".into();
    r.decision_number = "（2023）京0108执1234号".into();
    r.related_persons = vec![RelatedPerson {
        role: PersonRole::LegalRepresentative,
        name: "张三".into(),
        id_number: Some(PersonId::Full(ID.parse().unwrap())),
    }];
    r
}

fn person() -> ListRecord {
    let mut r = company();
    r.entity_kind = EntityKind::NaturalPerson;
    r.uscc = None;
    r.related_persons.clear();
    r.name = "张三".into();
    r.id_number = Some(ID.parse().unwrap());
    r
}

fn codes(r: &ListRecord) -> Vec<(&'static str, &'static str)> {
    r.check()
        .iter()
        .map(|p| (p.field(), p.code().as_str()))
        .collect()
}

#[test]
fn sound_records_have_no_problems() {
    assert_eq!(codes(&company()), []);
    assert_eq!(codes(&person()), []);
    let mut r = company();
    r.list_type = ListType::TaxCreditA;
    r.credit_class = Some(CreditClass::A);
    r.decision_number.clear(); // optional on red lists
    assert_eq!(codes(&r), []);
}

#[test]
fn every_check_code_is_produced() {
    let mut seen = BTreeSet::new();
    let mut note = |r: &ListRecord, expect: &[(&str, &str)]| {
        let got = codes(r);
        assert_eq!(got, expect, "{r:?}");
        seen.extend(got.into_iter().map(|(_, c)| c));
    };

    let mut r = company();
    r.uscc = None;
    r.name = " ".into();
    note(&r, &[("name", "NO_IDENTIFIER")]);

    let mut r = person();
    r.uscc = Some("91110108551385082Q".parse().unwrap());
    r.org_code = Some("55138508-2".parse().unwrap());
    r.registration_number = Some("110108012660422".parse().unwrap());
    note(
        &r,
        &[
            ("uscc", "PERSON_WITH_ENTITY_CODE"),
            ("orgCode", "PERSON_WITH_ENTITY_CODE"),
            ("registrationNumber", "PERSON_WITH_ENTITY_CODE"),
        ],
    );

    let mut r = person();
    r.id_number = None;
    r.name.clear();
    r.org_code = Some("55138508-2".parse().unwrap());
    note(
        &r,
        &[
            ("orgCode", "PERSON_WITH_ENTITY_CODE"),
            ("idNumber", "PERSON_UNIDENTIFIED"),
        ],
    );

    let mut r = person();
    r.related_persons = company().related_persons;
    note(&r, &[("relatedPersons", "PERSON_WITH_RELATED_PERSONS")]);

    let mut r = person();
    r.masked_id_number = Some("1101**********002X".parse().unwrap());
    note(&r, &[("maskedIdNumber", "TWO_ID_NUMBERS")]);
    r.id_number = None;
    note(&r, &[]);
    let mut r = company();
    r.masked_id_number = Some("1101**********002X".parse().unwrap());
    note(&r, &[("maskedIdNumber", "ENTITY_WITH_ID_NUMBER")]);

    for kind in [EntityKind::LegalEntity, EntityKind::IndividualBusiness] {
        let mut r = company();
        r.entity_kind = kind;
        r.id_number = Some(ID.parse().unwrap());
        note(&r, &[("idNumber", "ENTITY_WITH_ID_NUMBER")]);
    }

    let mut r = company();
    r.related_persons[0].name.clear();
    note(&r, &[]); // the ID number identifies the person
    r.related_persons[0].id_number = None;
    note(&r, &[("relatedPersons", "RELATED_PERSON_UNIDENTIFIED")]);

    let mut r = company();
    r.org_code = Some("55138508-2".parse().unwrap());
    assert_eq!(codes(&r), []); // the matching legacy code is fine
    r.org_code = Some(
        format!(
            "12345678{}",
            credit_check::id::org_code::calc_check_char("12345678").unwrap()
        )
        .parse()
        .unwrap(),
    );
    note(&r, &[("orgCode", "ORG_CODE_MISMATCH")]);

    let mut r = company();
    r.listing_authority.clear();
    note(&r, &[("listingAuthority", "LISTING_AUTHORITY_MISSING")]);

    // Published lists without a decision number (the procurement list) are not refused.
    let mut r = company();
    r.decision_number = "  ".into();
    note(&r, &[]);

    let mut r = company();
    r.decided_at = Some(day(2023, 3, 2));
    note(&r, &[("decidedAt", "DECISION_AFTER_LISTING")]);
    r.decided_at = Some(day(2023, 3, 1));
    note(&r, &[]);

    let mut r = company();
    r.sanctions = Sanction::parse_list("procurementBan 2024-02-01..2024-01-01").unwrap();
    note(&r, &[("sanctions", "SANCTION_PERIOD_ORDER")]);
    r.sanctions = Sanction::parse_list("fine 100 ..2024-01-01").unwrap();
    note(&r, &[("sanctions", "SANCTION_PERIOD_NOT_APPLICABLE")]);
    r.sanctions = Sanction::parse_list("warning 100").unwrap();
    note(&r, &[("sanctions", "SANCTION_AMOUNT_NOT_APPLICABLE")]);

    let mut r = company();
    r.repair_tier = Some(RepairTier::General);
    note(&r, &[("repairTier", "REPAIR_TIER_WITHOUT_REPAIR")]);
    r.status = ListingStatus::Repaired;
    r.status_date = Some(day(2024, 1, 1));
    note(&r, &[]);

    for status in [
        ListingStatus::Repaired,
        ListingStatus::Removed,
        ListingStatus::ObjectionPending,
        ListingStatus::Revoked,
    ] {
        let mut r = company();
        r.status = status;
        note(&r, &[("statusDate", "STATUS_DATE_MISSING")]);
        r.status_date = Some(day(2023, 2, 28));
        note(&r, &[("statusDate", "STATUS_BEFORE_LISTING")]);
        r.status_date = Some(r.listed_at);
        note(&r, &[]);
    }

    let mut r = company();
    r.term.min_end = Some(day(2023, 3, 1));
    r.term.max_end = Some(day(2022, 1, 1));
    note(
        &r,
        &[
            ("term.minEnd", "TERM_NOT_AFTER_LISTING"),
            ("term.maxEnd", "TERM_NOT_AFTER_LISTING"),
            ("term.maxEnd", "TERM_ORDER"),
        ],
    );
    r.term = Term {
        min_end: Some(day(2025, 3, 1)),
        max_end: Some(day(2024, 3, 1)),
    };
    note(&r, &[("term.maxEnd", "TERM_ORDER")]);
    r.term.max_end = r.term.min_end;
    note(&r, &[]);

    // A ban list's record without a publication end or a ban is not refused: unknown.
    for list in [
        ListType::ProcurementViolations,
        ListType::BiddingDisqualification,
    ] {
        let mut r = company();
        r.list_type = list;
        r.term.min_end = Some(day(2024, 3, 1));
        note(&r, &[]);
    }

    let mut r = company();
    r.credit_class = Some(CreditClass::A);
    note(&r, &[("creditClass", "CREDIT_CLASS_NOT_APPLICABLE")]);
    r.list_type = ListType::MajorTaxViolators;
    note(&r, &[("creditClass", "CREDIT_CLASS_NOT_IN_LIST")]);
    r.credit_class = Some(CreditClass::D);
    note(&r, &[]);

    // The three input codes come from the parsers.
    for p in [
        "x".parse::<EntityKind>().unwrap_err(),
        "3501*1234".parse::<MaskedId>().unwrap_err(),
        parse_date("listedAt", "2023/03/01").unwrap_err(),
        FieldProblem::new("listType", RecordProblemCode::Required),
    ] {
        seen.insert(p.code().as_str());
    }
    let all: BTreeSet<_> = RecordProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(seen, all);
}

#[test]
fn no_list_requires_a_term_and_classes_are_per_list() {
    for list in ListType::ALL {
        let mut r = company();
        r.list_type = list;
        r.credit_class = list.credit_classes().first().copied();
        r.decision_number.clear();
        assert_eq!(codes(&r), [], "{list}");
        if list.colour() == ListColour::Red {
            assert!(list.ban_kinds().is_empty());
        }
    }
}

#[test]
fn messages_exist_in_both_languages() {
    for code in RecordProblemCode::ALL {
        let p = FieldProblem::new("term.maxEnd", code)
            .expected("LT-ZFCG")
            .found("2023-01-01");
        assert!(p.message().chars().any(|c| c > '\u{2E80}'), "{code}");
        assert!(p.message_en().is_ascii(), "{}", p.message_en());
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["field"], "term.maxEnd");
        assert_eq!(v["code"], code.as_str());
    }
    let p = FieldProblem::new("creditClass", RecordProblemCode::CreditClassNotApplicable)
        .expected("LT-ZFCG");
    assert!(p.message().contains("政府采购严重违法失信行为记录名单"));
    let long = FieldProblem::invalid_value("status", "active", &"x".repeat(1000));
    assert_eq!(long.found_value().map(|s| s.chars().count()), Some(41));
}

#[test]
fn list_types_have_stable_unique_ids() {
    let ids: BTreeSet<_> = ListType::ALL.iter().map(|l| l.id()).collect();
    assert_eq!(ids.len(), ListType::ALL.len());
    for l in ListType::ALL {
        assert_eq!(l.id().parse::<ListType>(), Ok(l));
        assert_eq!(l.id().to_lowercase().parse::<ListType>(), Ok(l));
        let colour = if l.id().starts_with("RL-") {
            ListColour::Red
        } else if matches!(l.id(), "LT-JYYC" | "LT-XZCF") {
            ListColour::Warning
        } else {
            ListColour::Black
        };
        assert_eq!(l.colour(), colour, "{l}");
    }
    assert_eq!(
        "LT-NOPE".parse::<ListType>().unwrap_err().code(),
        RecordProblemCode::InvalidValue
    );
}

#[test]
fn enums_parse_their_names() {
    assert_eq!("legal_entity".parse(), Ok(EntityKind::LegalEntity));
    assert_eq!("naturalPerson".parse(), Ok(EntityKind::NaturalPerson));
    assert_eq!("个体工商户".parse(), Ok(EntityKind::IndividualBusiness));
    assert_eq!("已修复".parse(), Ok(ListingStatus::Repaired));
    assert_eq!("REMOVED".parse(), Ok(ListingStatus::Removed));
    assert_eq!("d".parse(), Ok(CreditClass::D));
    assert!("E".parse::<CreditClass>().is_err());
    assert_eq!("x".parse::<ListingStatus>().unwrap_err().field(), "status");
}

#[test]
fn serde_round_trip_in_camel_case() {
    let mut r = company();
    r.former_names = vec!["小米科技有限公司".into()];
    r.term = Term {
        min_end: Some(day(2024, 3, 1)),
        max_end: Some(day(2026, 3, 1)),
    };
    r.status = ListingStatus::Repaired;
    r.status_date = Some(day(2024, 5, 6));
    r.reason = "有履行能力而拒不履行".into();
    r.repair_tier = Some(RepairTier::Minor);
    r.decided_at = Some(day(2023, 2, 1));
    r.sanctions = Sanction::parse_list("fine 30000").unwrap();
    r.penalty = "罚款3万元".into();
    r.subject_role = Some(SubjectRole::Supplier);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["sanctions"][0]["amountYuan"], 30000);
    assert_eq!(json["repairTier"], "minor");
    assert_eq!(json["entityKind"], "legalEntity");
    assert_eq!(json["listType"], "LT-SXBZXR");
    assert_eq!(json["listedAt"], "2023-03-01");
    assert_eq!(json["term"]["maxEnd"], "2026-03-01");
    assert_eq!(json["status"], "repaired");
    assert_eq!(json["relatedPersons"][0]["idNumber"], ID);
    assert_eq!(json["relatedPersons"][0]["role"], "legalRepresentative");
    assert!(json.get("idNumber").is_none() && json.get("creditClass").is_none());
    let back: ListRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);

    let p = person();
    let s = serde_json::to_string(&p).unwrap();
    assert!(s.contains(ID), "serialised in full for matching");
    assert_eq!(serde_json::from_str::<ListRecord>(&s).unwrap(), p);
    let bad = s.replace("2023-03-01", "2023-3-1");
    assert!(serde_json::from_str::<ListRecord>(&bad).is_err());
    let unknown = s.replace("\"name\"", "\"nmae\"");
    assert!(serde_json::from_str::<ListRecord>(&unknown).is_err());
}

#[test]
fn debug_and_display_mask_id_numbers() {
    for r in [person(), company()] {
        let dbg = format!("{r:?}");
        let alt = format!("{r:#?}");
        let shown = r.to_string();
        for s in [&dbg, &alt, &shown] {
            assert!(!s.contains(ID), "{s}");
            assert!(!s.contains("19491231"), "{s}");
        }
        assert!(dbg.contains("110105********002X"), "{dbg}");
    }
    assert_eq!(
        person().to_string(),
        "LT-SXBZXR 张三 110105********002X 2023-03-01 active"
    );
    assert_eq!(
        company().to_string(),
        "LT-SXBZXR 小米科技有限责任公司 91110108551385082Q 2023-03-01 active"
    );
}
