//! `credit-check import` end to end, per published format: the fixtures in
//! `tests/data/import/<format>/` (synthetic names and codes in the real column layouts) →
//! `import` → `build` (signed with a key made by `keygen`) → `check` at a fixed cut-off, asserting
//! the decision and the measure states the law gives. Also: GB18030 copies made here from the
//! UTF-8 fixtures give the same records, the CSV output reads back, and refusals (wrong format,
//! unknown header, undecodable bytes) exit 2 and write nothing.
//!
//! Each format's test prints one `IMPORT-FIGURE|…` line (rows read, records made, rows reported,
//! decisions): `bash scripts/import-report.sh` collects them into a table.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import");
const CUTOFF: &str = "2026-06-01";
const AT: &str = "2026-06-01T02:00:00Z";
const LISTS: [&str; 18] = [
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
];

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_credit-check"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch directory with a signing key.
struct Env {
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Env {
        let dir = std::env::temp_dir().join(format!("cc-import-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.to_string_lossy().into_owned();
        let (code, _, err) = cli(&["keygen", "--alg", "ed25519", "--id", "imp", "--out", &d]);
        assert_eq!(code, 0, "{err}");
        Env { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }

    /// `import --format F FILES --out OUT`: exit code and report.
    fn import(&self, format: &str, files: &[String], out: &str, extra: &[&str]) -> (i32, Value) {
        let out = self.path(out);
        let mut args = vec!["import", "--format", format, "--out", &out];
        args.extend(files.iter().map(String::as_str));
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = cli(&args);
        let report =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
        (code, report)
    }

    /// `build` over a records file (or published files with `--format`).
    fn build(&self, inputs: &[String], format: Option<&str>, snap: &str) -> (i32, String) {
        let (snap, key) = (self.path(snap), self.path("imp.key.json"));
        let mut args = vec![
            "build",
            "--out",
            &snap,
            "--publisher",
            "import-test",
            "--sequence",
            "1",
            "--key",
            &key,
            "--issued-at",
            "2026-05-01",
            "--expires-at",
            "2027-06-01",
        ];
        for l in LISTS {
            args.extend(["--list-type", l]);
        }
        if let Some(f) = format {
            args.extend([
                "--format",
                f,
                "--authority",
                "国家税务总局福建省税务局稽查局",
            ]);
        }
        args.extend(inputs.iter().map(String::as_str));
        let (code, _, err) = cli(&args);
        (code, err)
    }

    /// `check` one party at the fixed cut-off: exit code and the verdict.
    fn check(&self, snap: &str, scenario: &str, party: Value) -> (i32, Value) {
        let parties = self.path("party.json");
        std::fs::write(&parties, json!([party]).to_string()).unwrap();
        let (snap, keys) = (self.path(snap), self.path("imp.pub.json"));
        let (code, out, err) = cli(&[
            "check",
            "--snapshot",
            &snap,
            "--keys",
            &keys,
            "--scenario",
            scenario,
            "--cutoff",
            CUTOFF,
            "--at",
            AT,
            "--json",
            &parties,
        ]);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        (code, v["verdict"].clone())
    }
}

fn fixtures(format: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(Path::new(DATA).join(format))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn records(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn by_name<'a>(records: &'a [Value], name: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no record for {name}"))
}

/// The decision and every measure `id:state` of the party's hits.
fn outcome(v: &Value) -> (String, Vec<String>) {
    let party = &v["parties"][0];
    let measures = party["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|h| h["measures"].as_array().cloned().unwrap_or_default())
        .map(|m| {
            format!(
                "{}:{}",
                m["id"].as_str().unwrap(),
                m["state"].as_str().unwrap()
            )
        })
        .collect();
    (v["decision"].as_str().unwrap().to_string(), measures)
}

fn problem_codes(report: &Value) -> Vec<(String, u64, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["problems"].as_array().cloned().unwrap_or_default())
        .map(|p| {
            let file = p["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            (
                name,
                p["line"].as_u64().unwrap(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn counts(report: &Value) -> (u64, u64, u64) {
    let n = |k: &str| report[k].as_u64().unwrap();
    (n("rowsRead"), n("recordsMade"), n("rowsReported"))
}

fn figure(format: &str, report: &Value, decisions: &[String]) {
    let (read, made, reported) = counts(report);
    println!(
        "IMPORT-FIGURE|{format}|{read}|{made}|{reported}|{}",
        decisions.join("; ")
    );
}

/// Encodes each fixture as GB18030 into the scratch directory.
fn gb18030_copies(env: &Env, files: &[String]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
            assert!(!unmappable);
            assert!(std::str::from_utf8(&bytes).is_err(), "{f} has Chinese text");
            let name = Path::new(f).file_name().unwrap().to_string_lossy();
            let out = env.path(&format!("gb-{name}"));
            std::fs::write(&out, &bytes).unwrap();
            out
        })
        .collect()
}

/// Imports the fixtures in UTF-8 and as GB18030 and asserts the same records.
fn import_both(env: &Env, format: &str, extra: &[&str]) -> (i32, Value, Vec<Value>) {
    let files = fixtures(format);
    let (code, report) = env.import(format, &files, "records.jsonl", extra);
    let gb = gb18030_copies(env, &files);
    let (gb_code, gb_report) = env.import(format, &gb, "records-gb.jsonl", extra);
    assert_eq!(code, gb_code);
    assert_eq!(counts(&report), counts(&gb_report));
    assert!(gb_report["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["encoding"] == "gb18030"));
    let utf8 = std::fs::read(env.path("records.jsonl")).unwrap();
    assert_eq!(utf8, std::fs::read(env.path("records-gb.jsonl")).unwrap());
    (code, report, records(&env.path("records.jsonl")))
}

fn has_measure(measures: &[String], id: &str) -> bool {
    measures.iter().any(|m| m.starts_with(&format!("{id}:")))
}

#[test]
fn ccgp_bans_follow_their_own_clock() {
    let env = Env::new("ccgp");
    let (code, report, recs) = import_both(&env, "ccgp", &[]);
    assert_eq!(code, 1, "rows reported: {report}");
    assert_eq!(counts(&report), (19, 17, 5));
    let problems = problem_codes(&report);
    for want in [
        ("zfcg-list.csv", 5, "BAN_LENGTH_UNKNOWN"),
        ("zfcg-list.csv", 11, "PENALTY_NOT_PARSED"),
        ("zfcg-list.csv", 12, "REQUIRED"),
        ("creditchina-copy.csv", 4, "BAN_END_DIFFERS"),
    ] {
        let want = (want.0.to_string(), want.1, want.2.to_string());
        assert!(problems.contains(&want), "{want:?} in {problems:?}");
    }
    let not_carried = &report["files"][1]["fieldsNotCarried"];
    assert!(
        not_carried.to_string().contains("企业地址"),
        "{not_carried}"
    );
    // What the penalty text became.
    let r = by_name(&recs, "厦门鹭岛建设工程有限公司");
    assert_eq!(
        r["sanctions"],
        json!([{"kind": "fine", "amountYuan": 20000},
        {"kind": "procurementBan", "start": "2025-11-03", "end": "2026-11-02"}])
    );
    assert!(r.get("uscc").is_none() && r["decisionNumber"] == "");
    let r = by_name(&recs, "漳州九龙江贸易有限公司");
    assert_eq!(
        r["sanctions"][1],
        json!({"kind": "procurementBan", "start": "2025-08-01"})
    );
    assert_eq!(
        by_name(&recs, "福建海峡招标代理有限公司")["subjectRole"],
        "procurementAgency"
    );
    let expert = by_name(&recs, "张伟明");
    assert_eq!(
        (&expert["entityKind"], &expert["sanctions"][0]["indefinite"]),
        (&json!("naturalPerson"), &json!(true))
    );
    assert_eq!(
        by_name(&recs, "福州闽侯建材有限公司")["term"]["maxEnd"],
        "2028-09-14"
    );
    assert_eq!(
        by_name(&recs, "厦门同安物流有限公司")["sanctions"][1]["end"],
        "2027-04-30"
    );
    assert_eq!(
        by_name(&recs, "三明沙溪电子有限公司")["sanctions"][1]["end"],
        "2026-09-09"
    );
    assert_eq!(
        by_name(&recs, "龙岩汀江环保科技有限公司")["sanctions"][0]["amountYuan"],
        30000
    );

    let (code, err) = env.build(&[env.path("records.jsonl")], None, "ccgp.ccs");
    assert_eq!(code, 0, "{err}");
    let supplier = |name: &str| json!({"role": "applicant", "name": name});
    let mut decisions = Vec::new();
    let mut run = |label: &str, scenario: &str, party: Value| {
        let (_, v) = env.check("ccgp.ccs", scenario, party);
        let (d, m) = outcome(&v);
        decisions.push(format!("{label}: {d} [{}]", m.join(" ")));
        (d, m, v)
    };
    // A fine without a ban does not block: the ban measures do not bear on it.
    let (d, m, _) = run(
        "fine only",
        "SC-ZFCG-SUPPLIER",
        supplier("福州闽江智能科技有限公司"),
    );
    assert_ne!(d, "block");
    assert!(!has_measure(&m, "M-PROC-REJ"), "{m:?}");
    // A running ban: by name only (the list has no code), never definite — review, with the
    // rejection waiting for confirmation.
    let (d, m, v) = run(
        "running ban",
        "SC-ZFCG-SUPPLIER",
        supplier("厦门鹭岛建设工程有限公司"),
    );
    assert_eq!(d, "review");
    assert!(m.contains(&"M-PROC-REJ:wouldApply".to_string()), "{m:?}");
    assert_eq!(v["parties"][0]["hits"][0]["match"]["band"], "possible");
    // Past publication, the ban still bites.
    let (d, m, v) = run(
        "ban past publication",
        "SC-ZFCG-SUPPLIER",
        supplier("泉州刺桐印务有限公司"),
    );
    let hit = &v["parties"][0]["hits"][0];
    assert_eq!(
        (
            hit["validity"]["state"].as_str(),
            hit["ban"]["state"].as_str()
        ),
        (Some("termEnded"), Some("running"))
    );
    assert_eq!(d, "review");
    assert!(m.contains(&"M-PROC-REJ:wouldApply".to_string()), "{m:?}");
    // A ban whose length could not be read: review.
    let (d, m, v) = run(
        "ban length unknown",
        "SC-ZFCG-SUPPLIER",
        supplier("漳州九龙江贸易有限公司"),
    );
    assert_eq!(
        (
            d.as_str(),
            v["parties"][0]["hits"][0]["ban"]["state"].as_str()
        ),
        ("review", Some("unknown"))
    );
    assert!(m.contains(&"M-PROC-REJ:wouldApply".to_string()), "{m:?}");
    // A ban that has ended no longer rejects.
    let (d, m, _) = run(
        "ban ended",
        "SC-ZFCG-SUPPLIER",
        supplier("莆田木兰溪家具制造有限公司"),
    );
    assert_ne!(d, "block");
    assert!(!has_measure(&m, "M-PROC-REJ"), "{m:?}");
    // A range in the text, the end published in 处罚结束时间: running.
    let (_, m, _) = run(
        "range + published end",
        "SC-ZFCG-SUPPLIER",
        supplier("厦门同安物流有限公司"),
    );
    assert!(m.contains(&"M-PROC-REJ:wouldApply".to_string()), "{m:?}");
    // An agency's ban bears on agency work; an expert's has no time limit.
    let (_, m, _) = run(
        "agency ban",
        "SC-ZFCG-AGENCY",
        json!({"role": "agency", "name": "福建海峡招标代理有限公司"}),
    );
    assert!(
        m.contains(&"M-PROC-AGT-BLOCK:wouldApply".to_string()),
        "{m:?}"
    );
    let (_, m, _) = run(
        "expert ban",
        "SC-ZFCG-EXPERT",
        json!({"role": "expert", "personName": "张伟明"}),
    );
    assert!(m.contains(&"M-PROC-EXP:wouldApply".to_string()), "{m:?}");
    // build --format reads the published files directly, to the same decision.
    let (code, err) = env.build(&fixtures("ccgp"), Some("ccgp"), "direct.ccs");
    assert_eq!(code, 1, "rows reported → exit 1, snapshot written: {err}");
    assert!(err.contains("\"rowsReported\": 5"), "{err}");
    let (_, v) = env.check(
        "direct.ccs",
        "SC-ZFCG-SUPPLIER",
        supplier("厦门鹭岛建设工程有限公司"),
    );
    assert!(outcome(&v).1.contains(&"M-PROC-REJ:wouldApply".to_string()));
    figure("ccgp", &report, &decisions);
}

#[test]
fn zxgk_codes_decide_and_masked_ids_never_do() {
    let env = Env::new("zxgk");
    let (code, report, recs) = import_both(&env, "zxgk", &[]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report), (13, 10, 5));
    // The same records as JSON lines, and wrapped as {"result": […]}.
    let array: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&fixtures("zxgk")[0]).unwrap()).unwrap();
    let lines: Vec<String> = array.iter().map(Value::to_string).collect();
    std::fs::write(env.path("zxgk.jsonl"), lines.join("\n")).unwrap();
    std::fs::write(
        env.path("zxgk-wrapped.json"),
        json!({"result": array}).to_string(),
    )
    .unwrap();
    for (input, out) in [
        ("zxgk.jsonl", "from-lines.jsonl"),
        ("zxgk-wrapped.json", "from-wrapped.jsonl"),
    ] {
        let (c, r) = env.import("zxgk", &[env.path(input)], out, &[]);
        assert_eq!((c, counts(&r)), (1, (13, 10, 5)), "{input}");
        assert_eq!(
            std::fs::read(env.path(out)).unwrap(),
            std::fs::read(env.path("records.jsonl")).unwrap()
        );
    }
    let codes: Vec<String> = problem_codes(&report).into_iter().map(|p| p.2).collect();
    assert_eq!(
        codes,
        [
            "TERM_RULE_UNKNOWN",
            "REQUIRED",
            "CODE_NOT_READ",
            "DECISION_AFTER_LISTING",
            "DECISION_AFTER_LISTING"
        ]
    );
    // Terms under 法释〔2017〕7号: （一） none; （二）–（六） two years from publication.
    let company = by_name(&recs, "福州榕兴贸易有限公司");
    assert!(company.get("term").is_none());
    assert_eq!(
        company["relatedPersons"],
        json!([{"role": "legalRepresentative", "name": "林国强"}])
    );
    assert_eq!(company["decidedAt"], "2025-01-10");
    assert_eq!(company["listedAt"], "2025-03-12");
    assert_eq!(
        by_name(&recs, "泉州鑫源五金有限公司")["term"]["maxEnd"],
        "2026-10-19"
    );
    assert_eq!(by_name(&recs, "王建平")["term"]["maxEnd"], "2025-01-04");
    assert!(by_name(&recs, "漳州恒达建材有限公司").get("term").is_none());
    let person = by_name(&recs, "陈志强");
    assert_eq!(person["maskedIdNumber"], "3501021975****2414");
    assert!(person.get("idNumber").is_none());
    assert_eq!(by_name(&recs, "林秀英")["listedAt"], "2025-02-18");

    let (code, err) = env.build(&[env.path("records.jsonl")], None, "zxgk.ccs");
    assert_eq!(code, 0, "{err}");
    let mut decisions = Vec::new();
    // A company entry checked by its code: definite, blocks in procurement.
    let (code, v) = env.check(
        "zxgk.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "code": "91350102MA2Y0001X6"}),
    );
    let (d, m) = outcome(&v);
    decisions.push(format!("company by USCC: {d} [{}]", m.join(" ")));
    assert_eq!((code, d.as_str()), (1, "block"));
    assert!(m.contains(&"M-PROC-REJ:applied".to_string()), "{m:?}");
    let (_, v) = env.check(
        "zxgk.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "code": "MA5R2T11-5"}),
    );
    let (d, _) = outcome(&v);
    decisions.push(format!("company by organisation code: {d}"));
    assert_eq!(d, "block");
    // A natural person published with a masked ID: a possible match by name, never definite.
    let party = json!({"role": "applicant", "personName": "陈志强"});
    let (_, v) = env.check("zxgk.ccs", "SC-ZFCG-SUPPLIER", party);
    let (d, m) = outcome(&v);
    decisions.push(format!(
        "person with masked ID, by name: {d} [{}]",
        m.join(" ")
    ));
    assert_eq!(d, "review");
    assert!(m.contains(&"M-PROC-REJ:wouldApply".to_string()), "{m:?}");
    let hits = v["parties"][0]["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h["match"]["band"] == "possible"));
    // With the full ID that agrees with the mask: still never definite (see the ignored test
    // below for what is missing).
    let party =
        json!({"role": "applicant", "personName": "陈志强", "personId": "350102197503122414"});
    let (_, v) = env.check("zxgk.ccs", "SC-ZFCG-SUPPLIER", party);
    let (d, m) = outcome(&v);
    decisions.push(format!(
        "person with masked ID, by name + full ID: {d} [{}]",
        m.join(" ")
    ));
    assert_ne!(d, "block");
    let hits = v["parties"][0]["hits"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["match"]["band"] != "definite"));
    // The two-year term over: not in force.
    let (_, v) = env.check(
        "zxgk.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "personName": "王建平"}),
    );
    let (d, m) = outcome(&v);
    decisions.push(format!("two-year term ended: {d} [{}]", m.join(" ")));
    assert!(!m.iter().any(|m| m.starts_with("M-PROC-REJ")), "{m:?}");
    figure("zxgk", &report, &decisions);
}

/// What the law wants for a party that gives a name and a full ID number agreeing with a listed
/// person's masked one: a possible match (review). Today the screen does not search person
/// names once a `personId` is given (`src/matching/mod.rs`), so the masked entry is not found
/// and the party passes. Ignored until the matching layer compares masked IDs.
#[test]
fn zxgk_masked_id_with_agreeing_full_id_asks_for_review() {
    let env = Env::new("zxgk-masked");
    let (_, _) = env.import("zxgk", &fixtures("zxgk"), "records.jsonl", &[]);
    let (code, err) = env.build(&[env.path("records.jsonl")], None, "zxgk.ccs");
    assert_eq!(code, 0, "{err}");
    let party =
        json!({"role": "applicant", "personName": "陈志强", "personId": "350102197503122414"});
    let (_, v) = env.check("zxgk.ccs", "SC-ZFCG-SUPPLIER", party);
    assert_eq!(outcome(&v).0, "review", "{v}");
}

#[test]
fn xzcf_keeps_records_past_publication() {
    let env = Env::new("xzcf");
    let (code, report, recs) = import_both(&env, "xzcf", &[]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report), (14, 13, 5));
    // Lines where the rows start: the quoted 违法事实 of line 3 spans two lines.
    let lines: Vec<(u64, String)> = problem_codes(&report)
        .into_iter()
        .map(|p| (p.1, p.2))
        .collect();
    let want = [
        (10, "UNKNOWN_PENALTY_KIND"),
        (11, "REQUIRED"),
        (12, "CODE_NOT_READ"),
        (14, "BAN_END_UNKNOWN"),
        (15, "INVALID_AMOUNT"),
    ];
    assert_eq!(lines, want.map(|(l, c)| (l, c.to_string())));
    assert!(by_name(&recs, "厦门鹭江化工有限公司")["reason"]
        .as_str()
        .unwrap()
        .contains("\n经责令改正"));
    let r = by_name(&recs, "福州安泰食品有限公司");
    assert_eq!(
        (r["decidedAt"].as_str(), r["term"]["maxEnd"].as_str()),
        (Some("2024-06-20"), Some("2025-06-30"))
    );
    assert_eq!(
        r["sanctions"],
        json!([{"kind": "fine", "amountYuan": 35000}])
    );
    assert_eq!(r["relatedPersons"][0]["role"], "legalRepresentative");
    assert_eq!(
        by_name(&recs, "厦门鹭江化工有限公司")["sanctions"],
        json!([{"kind": "fine", "amountYuan": 30000}, {"kind": "licenceRevocation"}])
    );
    let shop = by_name(&recs, "福州仓山区老陈小吃店");
    assert_eq!(shop["entityKind"], "individualBusiness");
    assert_eq!(shop["relatedPersons"][0]["role"], "operator");
    assert_eq!(
        shop["sanctions"][0],
        json!({"kind": "productionSuspension", "start": "2025-05-06", "end": "2026-12-31"})
    );
    assert_eq!(by_name(&recs, "王海涛")["idNumber"], "350203197211204567");
    assert_eq!(
        by_name(&recs, "林美华")["maskedIdNumber"],
        "3501021990****1246"
    );
    assert_eq!(
        by_name(&recs, "石狮永兴纺织有限公司")["sanctions"],
        json!([{"kind": "fine", "amountYuan": 20000}, {"kind": "confiscation", "amountYuan": 5000}])
    );
    assert_eq!(
        by_name(&recs, "南平建阳建工集团有限公司")["sanctions"][0]["amountYuan"],
        2_000_000
    );
    let pharma = by_name(&recs, "漳州芗城医药有限公司");
    assert_eq!(
        pharma["sanctions"][2],
        json!({"kind": "marketBan", "start": "2025-07-03", "indefinite": true})
    );
    assert_eq!(
        by_name(&recs, "龙岩新罗矿业有限公司")["sanctions"][1]["amountYuan"],
        12000
    );

    let (code, err) = env.build(&[env.path("records.jsonl")], None, "xzcf.ccs");
    assert_eq!(code, 0, "{err}");
    // Past 公示截止期, still in the snapshot (a procurement look-back counts from the decision).
    let (snap, keys) = (env.path("xzcf.ccs"), env.path("imp.pub.json"));
    let x1 = r["uscc"].as_str().unwrap();
    let (_, out, err) = cli(&[
        "lookup",
        "--snapshot",
        &snap,
        "--keys",
        &keys,
        "--allow-stale",
        x1,
    ]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(v["outcome"], "listed", "{v}");
    assert_eq!(v["hits"][0]["record"]["term"]["maxEnd"], "2025-06-30");
    let mut decisions = vec![format!(
        "record past 公示截止期: in the snapshot ({})",
        v["outcome"]
    )];
    // A 200万元 fine decided within three years: a 重大违法记录 (政府采购法第二十二条第一款第（五）项,
    // 实施条例第十九条, 财库〔2022〕3号), established from the sanction itself: rejected.
    let code = by_name(&recs, "南平建阳建工集团有限公司")["uscc"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, v) = env.check(
        "xzcf.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "code": code}),
    );
    let (d, m) = outcome(&v);
    decisions.push(format!("200万元 fine: {d} [{}]", m.join(" ")));
    assert_eq!(d, "block");
    assert!(m.contains(&"M-PROC-3Y:applied".to_string()), "{m:?}");
    figure("xzcf", &report, &decisions);
}

#[test]
fn jyyc_removed_entries_do_not_fire() {
    let env = Env::new("jyyc");
    let (code, report, recs) = import_both(&env, "jyyc", &[]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report), (14, 11, 5));
    let removed = by_name(&recs, "福州华盛装饰工程有限公司");
    assert_eq!(
        (removed["status"].as_str(), removed["statusDate"].as_str()),
        (Some("removed"), Some("2025-03-10"))
    );
    assert!(
        removed["reason"]
            .as_str()
            .unwrap()
            .contains("移出原因：依法补报"),
        "{removed}"
    );
    assert_eq!(
        by_name(&recs, "福州鼓楼阿明水果店")["entityKind"],
        "individualBusiness"
    );
    assert_eq!(
        by_name(&recs, "福州屏山建材有限公司")["registrationNumber"],
        "350102100012348"
    );
    assert_eq!(
        by_name(&recs, "福州三坊七巷文化传播有限公司")["status"],
        "active"
    );

    let (code, err) = env.build(&[env.path("records.jsonl")], None, "jyyc.ccs");
    assert_eq!(code, 0, "{err}");
    let mut decisions = Vec::new();
    for (name, fires) in [
        ("福州天成电子商务有限公司", true),
        ("福州华盛装饰工程有限公司", false),
        ("福州南门兜贸易有限公司", true), // removed after the cut-off: still stood then
        ("福州鼓楼小林理发店", false),
        ("福州鼓楼阿明水果店", true),
    ] {
        let code = by_name(&recs, name)["uscc"].as_str().unwrap().to_string();
        let (_, v) = env.check(
            "jyyc.ccs",
            "SC-JG-INSPECTION",
            json!({"role": "applicant", "code": code}),
        );
        let (d, m) = outcome(&v);
        decisions.push(format!("{name}: {d} [{}]", m.join(" ")));
        assert_eq!(
            m.contains(&"M-INSP-UP:applied".to_string()),
            fires,
            "{name}: {m:?}"
        );
    }
    figure("jyyc", &report, &decisions);
}

#[test]
fn zdss_keeps_every_person_with_their_role() {
    let env = Env::new("zdss");
    // The export names no authority: without --authority no row can be a record.
    let (code, report) = env.import("zdss", &fixtures("zdss"), "none.jsonl", &[]);
    assert_eq!((code, report["recordsMade"].as_u64()), (1, Some(0)));
    assert!(report.to_string().contains("LISTING_AUTHORITY_MISSING"));
    let (code, report, recs) = import_both(
        &env,
        "zdss",
        &["--authority", "国家税务总局福建省税务局稽查局"],
    );
    assert_eq!(code, 1);
    assert_eq!(counts(&report), (12, 10, 8));
    let r = by_name(&recs, "福州恒泰商贸有限公司");
    let roles: Vec<&str> = r["relatedPersons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["legalRepresentative", "financeOfficer", "intermediaryStaff"]
    );
    assert_eq!(r["relatedPersons"][0]["idNumber"], "3501021970****1234");
    assert_eq!(r["relatedPersons"][2]["name"], "王立新");
    assert!(r.get("term").is_none() && r.get("sanctions").is_none());
    let three = by_name(&recs, "三明绿源农业开发有限公司")["relatedPersons"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        three, 4,
        "legal representative, finance officer and two staff"
    );
    assert_eq!(
        by_name(&recs, "泉州鑫达鞋业有限公司")["orgCode"],
        "M2TW0155-5"
    );
    assert!(by_name(&recs, "漳州永安建材有限公司").get("uscc").is_none());

    let (code, err) = env.build(&[env.path("records.jsonl")], None, "zdss.ccs");
    assert_eq!(code, 0, "{err}");
    let (code, v) = env.check(
        "zdss.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "code": r["uscc"]}),
    );
    let (d, m) = outcome(&v);
    assert_eq!((code, d.as_str()), (1, "block"));
    assert!(m.contains(&"M-PROC-REJ:applied".to_string()), "{m:?}");
    let shown = &v["parties"][0]["hits"][0]["record"]["relatedPersons"];
    assert_eq!(shown.as_array().map(Vec::len), Some(3), "{shown}");
    assert_eq!(
        shown[1]["idNumber"], "350102********3312",
        "a full ID is shown masked"
    );
    let mut decisions = vec![format!(
        "entity with 3 persons by USCC: {d} [{}]",
        m.join(" ")
    )];
    let (_, v) = env.check(
        "zdss.ccs",
        "SC-ZFCG-SUPPLIER",
        json!({"role": "applicant", "code": "M2TW0155-5"}),
    );
    let (d, _) = outcome(&v);
    decisions.push(format!(
        "15-character taxpayer number by organisation code: {d}"
    ));
    assert_eq!(d, "block");
    figure("zdss", &report, &decisions);
}

/// An XLSX sheet saved as CSV: a title row above the header, trailing empty cells, CRLF, GBK.
#[test]
fn a_spreadsheet_export_with_a_title_row_reads_the_same() {
    let env = Env::new("title");
    let file = &fixtures("zdss")[0];
    let text = std::fs::read_to_string(file).unwrap();
    let titled: String = std::iter::once("2025年重大税收违法失信主体名单,,,,,,".to_string())
        .chain(text.lines().map(|l| format!("{l},,")))
        .map(|l| l + "\r\n")
        .collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(&titled);
    std::fs::write(env.path("titled.csv"), &gbk).unwrap();
    let authority = ["--authority", "国家税务总局福建省税务局稽查局"];
    let (_, plain) = env.import(
        "zdss",
        std::slice::from_ref(file),
        "plain.jsonl",
        &authority,
    );
    let (code, report) = env.import(
        "zdss",
        &[env.path("titled.csv")],
        "titled.jsonl",
        &authority,
    );
    assert_eq!((code, counts(&report)), (1, counts(&plain)));
    assert_eq!(report["files"][0]["encoding"], "gb18030");
    let lines = |r: &Value| {
        problem_codes(r)
            .into_iter()
            .map(|p| p.1)
            .collect::<Vec<_>>()
    };
    let shifted: Vec<u64> = lines(&plain).iter().map(|l| l + 1).collect();
    assert_eq!(lines(&report), shifted, "line numbers count the title row");
    assert_eq!(
        std::fs::read(env.path("plain.jsonl")).unwrap(),
        std::fs::read(env.path("titled.jsonl")).unwrap()
    );
}

#[test]
fn csv_output_reads_back_as_publisher_input() {
    let env = Env::new("csv");
    let (code, _) = env.import("xzcf", &fixtures("xzcf"), "records.csv", &[]);
    assert_eq!(code, 1);
    let (code, out, err) = cli(&["check-input", &env.path("records.csv")]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["rows"].as_u64(), v["valid"].as_u64()),
        (Some(13), Some(13))
    );
}

#[test]
fn refusals_write_nothing() {
    let env = Env::new("refuse");
    let out = env.path("out.jsonl");
    let refused = |format: &str, file: &str, code_want: &str| {
        std::fs::write(&out, "old\n").unwrap();
        let (code, report) = env.import(format, &[file.to_string()], "out.jsonl", &[]);
        assert_eq!(code, 2, "{report}");
        assert_eq!(report["error"]["code"], code_want, "{report}");
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "old\n",
            "left as it was"
        );
        let leftovers = std::fs::read_dir(&env.dir).unwrap().filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".part")
        });
        assert_eq!(leftovers.count(), 0);
        report
    };
    // The court's JSON given as the procurement list: the wrong format, named.
    let zxgk = fixtures("zxgk").remove(0);
    let r = refused("ccgp", &zxgk, "WRONG_FORMAT");
    assert!(
        r["error"]["messageEn"]
            .as_str()
            .unwrap()
            .contains("--format zxgk"),
        "{r}"
    );
    // A header that matches no format: the expected columns are listed.
    let unknown = env.path("unknown.csv");
    std::fs::write(&unknown, "名称,代码,日期\n某公司,123,2025-01-01\n").unwrap();
    let r = refused("xzcf", &unknown, "UNKNOWN_HEADER");
    assert!(
        r["error"]["expected"]
            .as_str()
            .unwrap()
            .contains("行政处罚决定书文号"),
        "{r}"
    );
    // Bytes that are neither UTF-8 nor GB18030.
    let bad = env.path("bad.csv");
    let mut bytes = std::fs::read(&fixtures("jyyc")[0]).unwrap();
    bytes.extend_from_slice(b"\x80\xff\xfe,\xff\n");
    std::fs::write(&bad, bytes).unwrap();
    refused("jyyc", &bad, "UNDECODABLE");
    // An Excel workbook not saved as CSV.
    let xlsx = env.path("list.xlsx");
    std::fs::write(&xlsx, b"PK\x03\x04\x14\x00\x06\x00rest of a zip").unwrap();
    refused("ccgp", &xlsx, "WRONG_FORMAT");
    // One bad file among good ones: nothing is written.
    std::fs::write(&out, "old\n").unwrap();
    let mut files = fixtures("jyyc");
    files.push(bad.clone());
    let (code, report) = env.import("jyyc", &files, "out.jsonl", &[]);
    assert_eq!(
        (code, report["error"]["code"].as_str()),
        (2, Some("UNDECODABLE"))
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    // build --format refuses the same way, exit 2.
    let (code, err) = env.build(&[unknown], Some("xzcf"), "never.ccs");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("UNKNOWN_HEADER") && !Path::new(&env.path("never.ccs")).exists());
    let (code, report) = env.import("jyyc", &fixtures("jyyc"), "out.txt", &[]);
    assert_eq!(
        (code, report["error"]["code"].as_str()),
        (2, Some("BAD_OUTPUT"))
    );
}
