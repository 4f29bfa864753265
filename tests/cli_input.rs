//! The CLI's record reader (`src/publish/input.rs`, compiled in here as
//! `tests/snapshot_keys.rs` does with `keygen.rs`): CSV and JSONL, both header styles, errors
//! with line and column. Moved out of the source file (issue 14); column_names, which reads the
//! private column map, stays there (and so runs here too, the module being compiled in).
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/publish/input.rs"]
mod input;

use credit_check::lists::record::{ListingStatus, PersonRole};
use input::*;
use std::path::{Path, PathBuf};

/// A fresh directory under the system temp dir.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "credit-check-{tag}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HEADER: &str = "entity_kind,uscc,org_code,name,former_names,list_type,listing_authority,decision_number,listed_at,term_max_end,status,status_date,legal_representative_name,legal_representative_id_number";

#[test]
fn good_csv_with_both_header_styles() {
    let dir = temp_dir("input-good");
    let csv = format!(
        "{HEADER}\n\
             legalEntity,91110108551385082Q,55138508-2,小米科技有限责任公司,小米公司|小米科技,LT-ZFCG,北京市财政局,京财采〔2023〕12号,2023-03-01,2026-03-01,active,,雷军,11010519491231002X\n"
    );
    let recs = read_records(&write(&dir, "records.csv", &csv)).unwrap();
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r.former_names, ["小米公司", "小米科技"]);
    assert_eq!(r.term.max_end.unwrap().to_string(), "2026-03-01");
    // v1 columns become a related person with the role legalRepresentative.
    let rep = r.legal_representative().unwrap();
    assert_eq!(rep.role, PersonRole::LegalRepresentative);
    assert_eq!(
        rep.id_number.and_then(|i| i.full()).unwrap().to_string(),
        "11010519491231002X"
    );
    // camelCase headers, a BOM, and an extension-less file sniffed as CSV.
    let camel = "\u{FEFF}entityKind,idNumber,name,listType,listingAuthority,decisionNumber,listedAt,status,statusDate\n\
             naturalPerson,11010519491231002X,张三,LT-SXBZXR,北京市海淀区人民法院,（2023）京0108执1号,2023-03-01,repaired,2024-01-02\n";
    let recs = read_records(&write(&dir, "people", camel)).unwrap();
    assert_eq!(recs[0].status, ListingStatus::Repaired);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_csv_names_file_line_and_field_and_collects_all() {
    let dir = temp_dir("input-bad");
    let csv = format!(
        "{HEADER}\n\
             legalEntity,91110198551385082Q,,甲公司,,LT-SXBZXR,某法院,（2023）京0108执1号,2023-03-01,,active,,,\n\
             legalEntity,91110108551385082Q,,乙公司,,LT-NOPE,某法院,（2023）京0108执2号,2023-3-1,,active,,,\n\
             naturalPerson,91110108551385082Q,,丙,,LT-SXBZXR,某法院,,2023-03-01,,removed,,,\n\
             legalEntity,91110108551385082Q,,丁公司,,LT-ZFCG,某财政局,某号,2023-03-01,2022-01-01,active,,,1101051949123100\n\
             legalEntity,only,three\n"
    );
    let path = write(&dir, "records.csv", &csv);
    let errors = read_records(&path).unwrap_err();
    let p = path.display();
    let expect = [
        format!("{p}:2: uscc: 统一社会信用代码中的行政区划代码110198不在任何一版GB/T 2260中；统一社会信用代码校验码错误"),
        format!("{p}:3: list_type: 名单类型的值“LT-NOPE”无效"),
        format!("{p}:3: listed_at: 列入日期“2023-3-1”不是"),
        format!("{p}:4: uscc: 自然人记录不应有统一社会信用代码"),
        format!("{p}:4: status_date: 状态为“已移出”的记录须有状态日期"),
        format!("{p}:5: legal_representative_id_number: 居民身份证号码应为"),
        format!("{p}:5: term_max_end: 最长公示期满日2022-01-01不晚于列入日期2023-03-01"),
        format!("{p}:6: *: 该行有3列，表头有14列"),
    ];
    for e in &expect {
        assert!(
            errors.iter().any(|x| x.starts_with(e.as_str())),
            "{e}\n{errors:#?}"
        );
    }
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    // Both languages on each line.
    assert!(
        errors[0].contains("; Unified social credit code: check character"),
        "{}",
        errors[0]
    );
    let report = check_input(&path).unwrap();
    assert_eq!((report.rows, report.valid, report.invalid), (5, 0, 5));
    assert!(!report.ok());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_headers_stop_before_rows() {
    let dir = temp_dir("input-header");
    let path = write(
        &dir,
        "h.csv",
        "entity_kind,uscc,uscc,colour\nlegalEntity,x,y,z\n",
    );
    let errors = read_records(&path).unwrap_err();
    let p = path.display();
    for e in [
        format!("{p}:1: uscc: 列重复"),
        format!("{p}:1: colour: 未知列"),
        format!("{p}:1: list_type: 缺少必需的列"),
        format!("{p}:1: listed_at: 缺少必需的列"),
        format!("{p}:1: status: 缺少必需的列"),
    ] {
        assert!(
            errors.iter().any(|x| x.starts_with(e.as_str())),
            "{e}\n{errors:#?}"
        );
    }
    assert_eq!(errors.len(), 5);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn jsonl_errors_name_line_and_json_path() {
    let dir = temp_dir("input-jsonl");
    let good = r#"{"entityKind":"legalEntity","uscc":"91110108551385082Q","name":"小米","listType":"LT-JYYC","listingAuthority":"北京市海淀区市场监督管理局","listedAt":"2023-03-01","status":"active","term":{"maxEnd":"2026-03-01"},"legalRepresentative":{"name":"雷军","id_number":"11010519491231002X"},"formerNames":["小米公司"]}"#;
    let text = format!(
        "{good}\n\n\
             {{\"entityKind\":\"legalEntity\",\"listType\":\"LT-JYYC\",\"listedAt\":\"2023-03-01\",\"status\":\"active\",\"name\":\"x\",\"listingAuthority\":\"y\",\"term\":{{\"minEnd\":\"2023-02-01\"}}}}\n\
             not json\n\
             [1]\n\
             {{\"entity_kind\":\"legalEntity\",\"list_type\":\"LT-JYYC\",\"listed_at\":\"2023-03-01\",\"status\":\"active\",\"name\":\"x\",\"listing_authority\":\"y\",\"uscc\":91110108,\"colour\":\"red\"}}\n"
    );
    let path = write(&dir, "records.jsonl", &text);
    let errors = read_records(&path).unwrap_err();
    let p = path.display();
    for e in [
        format!("{p}:3: term.minEnd: 最短公示期满日2023-02-01不晚于列入日期"),
        format!("{p}:4: *: 不是有效的JSON"),
        format!("{p}:5: *: 每行须为一个JSON对象"),
        format!("{p}:6: uscc: 应为字符串"),
        format!("{p}:6: colour: 未知字段"),
    ] {
        assert!(
            errors.iter().any(|x| x.starts_with(e.as_str())),
            "{e}\n{errors:#?}"
        );
    }
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let report = check_input(&path).unwrap();
    assert_eq!((report.rows, report.valid), (5, 1));
    assert_eq!(report.by_list_type["LT-JYYC"], 1);
    assert_eq!(report.by_status["active"], 1);
    let recs = read_records(&write(&dir, "one.ndjson", good)).unwrap();
    assert_eq!(recs[0].former_names, ["小米公司"]);
    assert_eq!(recs[0].legal_representative().unwrap().name, "雷军");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn errors_are_capped_but_counted_and_warnings_reported() {
    let dir = temp_dir("input-cap");
    let mut csv = String::from("entity_kind,list_type,listed_at,status\n");
    for _ in 0..1500 {
        csv.push_str("robot,LT-SXBZXR,2023-03-01,active\n");
    }
    let path = write(&dir, "many.csv", &csv);
    let errors = read_records(&path).unwrap_err();
    // One error a row: a record whose kind cannot be read is not checked further.
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert!(
        errors[MAX_ERRORS].contains("500 more errors"),
        "{}",
        errors[MAX_ERRORS]
    );
    let report = check_input(&path).unwrap();
    assert_eq!(report.error_count, 1500);
    assert_eq!(report.errors.len(), MAX_ERRORS);

    // A pilot code failing position 18 is accepted with a warning (lenient profile).
    let path = write(
        &dir,
        "pilot.csv",
        "entity_kind,uscc,name,list_type,listing_authority,listed_at,status\nlegalEntity,91350100M000100Y44,某公司,LT-JYYC,福州市市场监督管理局,2023-03-01,active\n",
    );
    let report = check_input(&path).unwrap();
    assert!(report.ok(), "{:?}", report.errors);
    assert_eq!(report.warning_count, 1);
    assert!(
        report.warnings[0].contains(":2: uscc: "),
        "{}",
        report.warnings[0]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn missing_file_is_an_io_error() {
    let p = Path::new("/nonexistent/records.csv");
    assert!(check_input(p)
        .unwrap_err()
        .starts_with("/nonexistent/records.csv: "));
    assert_eq!(read_records(p).unwrap_err().len(), 1);
}
