//! List records (`credit_check::lists::record`): the schema through the public API, and the
//! publisher's `synth` and `check-input` subcommands run as a user would.
//!
//! The synth and input-reader internals are unit-tested inside the binary
//! (`cargo test --bin credit-check`).
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use credit_check::lists::record::{
    CreditClass, EntityKind, FieldProblem, ListColour, ListRecord, ListType, ListingStatus,
    PersonId, PersonRole, RecordProblemCode, RelatedPerson, Sanction, Term,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const ID: &str = "11010519491231002X";

fn full_record() -> ListRecord {
    let mut r = ListRecord::new(
        EntityKind::LegalEntity,
        ListType::MajorTaxViolators,
        day(2022, 5, 6),
    );
    r.uscc = Some("91110108551385082Q".parse().unwrap());
    r.org_code = Some("55138508-2".parse().unwrap());
    r.registration_number = Some("110108012660422".parse().unwrap());
    r.name = "小米科技有限责任公司".into();
    r.former_names = vec!["北京小米科技有限公司".into()];
    r.listing_authority = "国家税务总局北京市税务局稽查局".into();
    r.decision_number = "京税稽罚〔2022〕12号".into();
    r.term = Term {
        min_end: Some(day(2023, 5, 6)),
        max_end: Some(day(2025, 5, 6)),
    };
    r.status = ListingStatus::Repaired;
    r.status_date = Some(day(2023, 6, 1));
    r.reason = "偷税".into();
    r.credit_class = Some(CreditClass::D);
    r.decided_at = Some(day(2022, 4, 1));
    r.sanctions = Sanction::parse_list("fine 1200000").unwrap();
    r.penalty = "处少缴税款一倍罚款120万元".into();
    r.related_persons = vec![
        RelatedPerson {
            role: PersonRole::LegalRepresentative,
            name: "雷军".into(),
            id_number: Some(PersonId::Full(ID.parse().unwrap())),
        },
        RelatedPerson {
            role: PersonRole::FinanceOfficer,
            name: "李四".into(),
            id_number: Some(PersonId::Masked("1101**********002X".parse().unwrap())),
        },
    ];
    r
}

#[test]
fn json_shape_is_camel_case_and_round_trips() {
    let r = full_record();
    assert!(r.check().is_empty(), "{:?}", r.check());
    let v = serde_json::to_value(&r).unwrap();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let want: BTreeSet<&str> = [
        "entityKind",
        "uscc",
        "orgCode",
        "registrationNumber",
        "name",
        "formerNames",
        "listType",
        "listingAuthority",
        "decisionNumber",
        "listedAt",
        "term",
        "status",
        "statusDate",
        "reason",
        "creditClass",
        "decidedAt",
        "sanctions",
        "penalty",
        "relatedPersons",
    ]
    .into();
    assert_eq!(keys, want);
    assert_eq!(v["orgCode"], "55138508-2");
    assert_eq!(v["term"]["minEnd"], "2023-05-06");
    assert_eq!(v["creditClass"], "D");
    assert_eq!(v["relatedPersons"][0]["idNumber"], ID);
    assert_eq!(v["relatedPersons"][1]["idNumber"], "1101**********002X");
    assert_eq!(v["sanctions"][0]["amountYuan"], 1_200_000);
    let back: ListRecord = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
    // Identifiers are parsed leniently when read: a pilot code failing position 18 loads.
    let mut v = serde_json::to_value(&r).unwrap();
    v["uscc"] = "91350100M000100Y44".into();
    v["orgCode"] = Value::Null;
    let pilot: ListRecord = serde_json::from_value(v).unwrap();
    assert!(!pilot.uscc.unwrap().warnings().is_empty());
}

#[test]
fn problem_codes_are_the_documented_strings() {
    let codes: Vec<&str> = RecordProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "REQUIRED",
            "INVALID_VALUE",
            "INVALID_DATE",
            "NO_IDENTIFIER",
            "PERSON_WITH_ENTITY_CODE",
            "PERSON_UNIDENTIFIED",
            "ENTITY_WITH_ID_NUMBER",
            "PERSON_WITH_RELATED_PERSONS",
            "RELATED_PERSON_UNIDENTIFIED",
            "ORG_CODE_MISMATCH",
            "LISTING_AUTHORITY_MISSING",
            "STATUS_DATE_MISSING",
            "STATUS_BEFORE_LISTING",
            "TERM_NOT_AFTER_LISTING",
            "TERM_ORDER",
            "CREDIT_CLASS_NOT_APPLICABLE",
            "CREDIT_CLASS_NOT_IN_LIST",
            "INVALID_MASKED_ID",
            "TWO_ID_NUMBERS",
            "DECISION_AFTER_LISTING",
            "SANCTION_PERIOD_ORDER",
            "SANCTION_PERIOD_NOT_APPLICABLE",
            "SANCTION_AMOUNT_NOT_APPLICABLE",
            "REPAIR_TIER_WITHOUT_REPAIR",
        ]
    );
    let mut r = full_record();
    r.status_date = Some(day(2022, 1, 1));
    let p: Vec<FieldProblem> = r.check();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v[0]["field"], "statusDate");
    assert_eq!(v[0]["code"], "STATUS_BEFORE_LISTING");
    assert_eq!(v[0]["message"], "状态日期2022-01-01早于列入日期2022-05-06");
    assert_eq!(
        v[0]["messageEn"],
        "status date 2022-01-01 is before the listing date 2022-05-06"
    );
}

#[test]
fn list_types_carry_the_research_ids_colours_and_classes() {
    let ids: Vec<&str> = ListType::ALL.iter().map(|l| l.id()).collect();
    // research/list_types.tsv, column list_id, in order.
    assert_eq!(
        ids,
        [
            "LT-SXBZXR",
            "LT-XGXF",
            "LT-ZDSS",
            "LT-ZFCG",
            "LT-SCJG-YZ",
            "LT-JYYC",
            "LT-AQSC",
            "LT-NMG",
            "LT-ZTB-QX",
            "LT-GGZY",
            "LT-JZSC",
            "LT-HB",
            "LT-SY",
            "LT-XZCF",
            "RL-NSA",
            "RL-AEO",
            "RL-SAMR-A",
            "RL-LOCAL",
        ]
    );
    let with_classes: BTreeMap<&str, Vec<&str>> = ListType::ALL
        .iter()
        .filter(|l| !l.credit_classes().is_empty())
        .map(|l| {
            (
                l.id(),
                l.credit_classes().iter().map(|c| c.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        with_classes,
        BTreeMap::from([
            ("LT-SCJG-YZ", vec!["D"]),
            ("LT-ZDSS", vec!["D"]),
            ("RL-NSA", vec!["A"]),
            ("RL-SAMR-A", vec!["A"]),
        ])
    );
    for l in ListType::ALL {
        assert_eq!(serde_json::to_value(l).unwrap(), l.id());
        assert!(!l.name_zh().is_empty() && l.name_en().is_ascii());
        if l.colour() == ListColour::Red {
            assert!(l.ban_kinds().is_empty(), "{l}");
        }
    }
}

#[test]
fn id_numbers_are_masked_in_debug_and_display() {
    let mut person = ListRecord::new(
        EntityKind::NaturalPerson,
        ListType::JudgmentDefaulters,
        day(2022, 5, 6),
    );
    person.name = "张三".into();
    person.id_number = Some(ID.parse().unwrap());
    for shown in [
        format!("{person:?}"),
        format!("{person:#?}"),
        person.to_string(),
        format!("{:?}", full_record()),
    ] {
        assert!(
            !shown.contains(ID) && !shown.contains("19491231"),
            "{shown}"
        );
        assert!(shown.contains("110105********002X"), "{shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// The binary: `credit-check synth` and `credit-check check-input`.

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credit-check"))
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("credit-check-records-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn synth(n: usize, seed: u64, out: &Path, format: &str) {
    let st = bin()
        .args(["synth", &n.to_string(), "--seed", &seed.to_string()])
        .args(["--format", format, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

fn check_input(path: &Path) -> (Option<i32>, Value) {
    let out = bin().arg("check-input").arg(path).output().unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

#[test]
fn synth_output_is_deterministic_and_passes_check_input_in_both_formats() {
    let dir = temp_dir("synth");
    let n = 5000;
    for (format, file) in [("csv", "a.csv"), ("jsonl", "a.jsonl")] {
        let a = dir.join(file);
        let b = dir.join(format!("b.{format}"));
        let c = dir.join(format!("c.{format}"));
        synth(n, 9, &a, format);
        synth(n, 9, &b, format);
        synth(n, 10, &c, format);
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(bytes, std::fs::read(&b).unwrap(), "same seed, same bytes");
        assert_ne!(
            bytes,
            std::fs::read(&c).unwrap(),
            "another seed, other records"
        );

        let (code, report) = check_input(&a);
        assert_eq!(code, Some(0), "{report}");
        assert_eq!(report["rows"], n);
        assert_eq!(report["valid"], n);
        assert_eq!(report["errorCount"], 0);
        for l in ListType::ALL {
            assert!(report["byListType"][l.id()].as_u64().unwrap() > 0, "{l}");
        }
        for s in ListingStatus::ALL {
            assert!(report["byStatus"][s.as_str()].as_u64().unwrap() > 0);
        }
        let persons = report["byEntityKind"]["naturalPerson"].as_u64().unwrap() as f64;
        assert!((0.12..=0.18).contains(&(persons / n as f64)), "{persons}");
    }
    // The JSONL lines are the library's serde shape and every record passes `check`.
    let text = std::fs::read_to_string(dir.join("a.jsonl")).unwrap();
    let mut legacy_only = 0;
    for line in text.lines() {
        let r: ListRecord = serde_json::from_str(line).unwrap();
        assert!(r.check().is_empty(), "{r}: {:?}", r.check());
        legacy_only += usize::from(r.uscc.is_none() && r.entity_kind != EntityKind::NaturalPerson);
        assert_eq!(serde_json::to_string(&r).unwrap(), line);
    }
    let share = legacy_only as f64 / n as f64;
    assert!((0.07..=0.14).contains(&share), "legacy-only {share}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn check_input_names_file_line_and_field() {
    let dir = temp_dir("bad");
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "entity_kind,uscc,name,list_type,listing_authority,decision_number,listed_at,status\n\
         legalEntity,91110108551385082Q,小米科技有限责任公司,LT-JYYC,北京市海淀区市场监督管理局,,2023-03-01,active\n\
         legalEntity,91110108551385O82Q,某公司,LT-JYYC,某局,,2023-03-01,active\n\
         legalEntity,,,LT-JYYC,某局,,2023-03-01,paused\n",
    )
    .unwrap();
    let (code, report) = check_input(&path);
    assert_eq!(code, Some(1));
    assert_eq!(
        (report["rows"].as_u64(), report["valid"].as_u64()),
        (Some(3), Some(1))
    );
    let errors: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let p = path.display();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "{p}:3: uscc: 统一社会信用代码第15位不允许出现字符“O”"
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains(" / Unified social credit code: character 'O' at position 15"));
    assert!(
        errors[1].starts_with(&format!("{p}:4: status: 状态的值“paused”无效")),
        "{}",
        errors[1]
    );
    // A missing file is a usage/I-O error: exit 2.
    let out = bin()
        .args(["check-input", "/nonexistent/records.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}
