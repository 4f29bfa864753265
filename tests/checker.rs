//! The core `Checker`: one snapshot with its lazily built name index and catalogue, answering
//! checks, screens and re-runs exactly as the free functions do (the records the CLI and the
//! wasm build make come from it), and the `unavailable` outcome when no snapshot can be used.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

use chrono::DateTime;
use credit_check::check::{
    catalogue_for, check_record, CheckInput, Checker, Decision, Unavailable, UNAVAILABLE_CODES,
};
use credit_check::matching::{MatchOptions, NameIndex, Party};
use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::{LoadOptions, Snapshot};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn fixture(options: LoadOptions) -> Result<Snapshot, credit_check::snapshot::SnapshotError> {
    let keys = std::fs::read_to_string(format!("{DIR}/fixture-keys.json")).unwrap();
    let ring = Keyring::from_json(&keys).unwrap();
    Snapshot::load(
        std::fs::read(format!("{DIR}/fixture.ccs")).unwrap(),
        &ring,
        options,
    )
}

fn checker() -> Checker {
    Checker::new(fixture(LoadOptions::now()).unwrap())
}

fn requests() -> Vec<String> {
    std::fs::read_to_string(format!("{DIR}/fixture-checks.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn checks_give_the_committed_records_byte_for_byte() {
    let c = checker();
    let committed = std::fs::read_to_string(format!("{DIR}/fixture-records.txt")).unwrap();
    let mut out = String::new();
    for line in requests() {
        let r = CheckInput::from_json(&line).and_then(|i| c.check(&i, DateTime::UNIX_EPOCH));
        match r {
            Ok(r) => out.push_str(&format!("{} {}\n", r.sha256, r.json)),
            Err(e) => out.push_str(&format!("error {}\n", e.code)),
        }
    }
    assert_eq!(
        out, committed,
        "the Checker answers as the committed transcript"
    );
}

#[test]
fn a_check_agrees_with_the_free_function_and_its_answer_with_its_record() {
    let c = checker();
    let s = fixture(LoadOptions::now()).unwrap();
    let index = NameIndex::build(&s);
    let (cat, source) = catalogue_for(&s).unwrap();
    for line in requests().iter().take(30) {
        let Ok(input) = CheckInput::from_json(line) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (
            c.check(&input, DateTime::UNIX_EPOCH),
            check_record(&s, &index, &cat, source, &input, DateTime::UNIX_EPOCH),
        ) else {
            continue;
        };
        assert_eq!(a.json, b.json);
        // The answer a caller reads holds what the record holds: no need to parse it back.
        let answer = serde_json::to_value(a.answer()).unwrap();
        let record: serde_json::Value = serde_json::from_str(&a.json).unwrap();
        assert_eq!(answer["verdict"], record["verdict"]);
        assert_eq!(answer["input"], record["input"]);
        assert_eq!(answer["decision"], record["verdict"]["decision"]);
        assert_eq!(answer["record"], a.json.as_str());
        assert_eq!(answer["sha256"], a.sha256.as_str());
    }
}

#[test]
fn the_index_and_catalogue_are_built_once_and_on_demand() {
    let c = checker();
    let bytes = c.build_name_index();
    assert!(bytes > 0);
    assert_eq!(c.build_name_index(), bytes, "built once");
    let info = c.catalogue_info().unwrap();
    assert_eq!(info.source, "embedded");
    assert_eq!(info.digest.len(), 64);
    assert!(info.scenarios.iter().any(|s| s.id == "SC-ZFCG-SUPPLIER"));
    assert!(info
        .facts
        .iter()
        .any(|f| f == "government_invested_project"));
    let v = serde_json::to_value(&info).unwrap();
    for k in ["version", "digest", "source", "scenarios", "facts"] {
        assert!(v.get(k).is_some(), "{k}");
    }
}

#[test]
fn screening_and_re_running_records() {
    let c = checker();
    let parties: Vec<Party> = std::fs::read_to_string(format!("{DIR}/fixture-parties.jsonl"))
        .unwrap()
        .lines()
        .take(20)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports = c.screen_reports(&parties, &MatchOptions::default());
    assert_eq!(reports.len(), parties.len());
    assert!(reports.iter().any(|r| r["band"] == "definite"));
    let line = &requests()[0];
    let r = c
        .check(&CheckInput::from_json(line).unwrap(), DateTime::UNIX_EPOCH)
        .unwrap();
    let v = c.verify_record(&r.json, Some(&r.sha256)).unwrap();
    assert!(v.matches, "{v:?}");
    // What a re-run loads: the request the record was made for.
    assert_eq!(CheckInput::of_record(&r.json), Some(r.input.clone()));
    assert_eq!(CheckInput::of_record("{"), None);
    assert_eq!(CheckInput::of_record(r#"{"input":{"nope":1}}"#), None);
    assert_eq!(v.code, "MATCH");
    // The checker derefs to its snapshot for the snapshot's own questions.
    assert_eq!(c.len(), c.snapshot().len());
}

#[test]
fn an_unknown_field_in_a_request_value_is_refused_never_dropped() {
    let good = serde_json::json!({
        "scenario": "SC-ZFCG-SUPPLIER",
        "parties": [{"role": "applicant", "code": "91110108551385082Q"}],
    });
    assert!(CheckInput::from_value(good).is_ok());
    let typo = serde_json::json!({
        "scenario": "SC-ZFCG-SUPPLIER",
        "parties": [{"role": "applicant", "cdoe": "91110108551385082Q"}],
    });
    assert_eq!(
        CheckInput::from_value(typo).unwrap_err().code,
        "INVALID_INPUT"
    );
}

#[test]
fn parties_and_options_given_as_values_are_read_strictly() {
    let ok = serde_json::json!([{"name": "北京贸易有限公司", "code": null}, {"code": "91110108551385082Q"}]);
    let parties = Party::list_from_value(ok).unwrap();
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0].code, None);
    // Every field a party has reads from a value as from its JSON text.
    let full = serde_json::json!({
        "name": "北京贸易有限公司", "code": "91110108551385082Q", "legalRepName": "张三",
        "legalRepId": "11010519491231002X", "personName": "李四", "personId": "110105194912310037",
    });
    assert_eq!(full.as_object().unwrap().len(), Party::FIELDS.len());
    let from_text: Party = serde_json::from_str(&full.to_string()).unwrap();
    assert_eq!(
        Party::list_from_value(serde_json::json!([full])).unwrap(),
        vec![from_text]
    );
    let typo = serde_json::json!([{"name": "x"}, {"nmae": "typo"}]);
    assert_eq!(Party::list_from_value(typo).unwrap_err().0, Some(1));
    let not_string = serde_json::json!([{"code": 91110108}]);
    assert_eq!(Party::list_from_value(not_string).unwrap_err().0, Some(0));
    assert_eq!(
        Party::list_from_value(serde_json::json!([1]))
            .unwrap_err()
            .0,
        Some(0)
    );
    assert_eq!(
        Party::list_from_value(serde_json::json!("x"))
            .unwrap_err()
            .0,
        None
    );
    assert_eq!(
        MatchOptions::from_value(serde_json::Value::Null).unwrap(),
        MatchOptions::default()
    );
    assert_eq!(
        MatchOptions::from_value(serde_json::json!({"listTypes": null})).unwrap(),
        MatchOptions::default()
    );
    assert!(MatchOptions::from_value(serde_json::json!({"listTypes": ["LT-NOPE"]})).is_err());
    assert!(MatchOptions::from_value(serde_json::json!({"listtypes": []})).is_err());
}

/// Screen options read from a value: every field as given, the rest the defaults; a wrong
/// type or an unknown field refused with the field named.
#[test]
fn screen_options_are_read_strictly_field_by_field() {
    use serde_json::json;
    let o = MatchOptions::from_value(json!({
        "listTypes": ["LT-SXBZXR"],
        "thresholds": {"possible": 0.9, "candidates": 50, "core": null},
    }))
    .unwrap();
    assert_eq!(o.list_types.len(), 1);
    assert_eq!(o.list_types[0].id(), "LT-SXBZXR");
    assert_eq!(o.thresholds.possible, 0.9f32);
    assert_eq!(o.thresholds.candidates, 50);
    let d = MatchOptions::default().thresholds;
    assert_eq!(
        (o.thresholds.core, o.thresholds.max_possible),
        (d.core, d.max_possible)
    );
    let refused = |v: serde_json::Value, says: &str| {
        let e = MatchOptions::from_value(v).unwrap_err();
        assert!(e.contains(says), "{e}");
    };
    refused(
        json!({"thresholds": {"possible": "high"}}),
        "thresholds.possible",
    );
    refused(
        json!({"thresholds": {"candidates": 2.5}}),
        "thresholds.candidates",
    );
    refused(
        json!({"thresholds": {"candidates": -1}}),
        "thresholds.candidates",
    );
    refused(json!({"thresholds": {"best": 1}}), "thresholds.best");
    refused(json!({"thresholds": [1]}), "thresholds");
    refused(json!({"listTypes": "LT-SXBZXR"}), "listTypes");
    refused(json!({"listTypes": [1]}), "listTypes");
    refused(json!({"listTypes": ["LT-NOPE"]}), "listTypes");
    refused(json!({"other": 1}), "other");
    refused(json!([]), "object");
}

#[test]
fn no_usable_snapshot_is_unavailable_never_a_pass() {
    let u = Unavailable::no_snapshot();
    let v = serde_json::to_value(&u).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "decision": "unavailable",
            "reason": "NO_SNAPSHOT",
            "verdict": null,
            "record": null,
            "sha256": null,
            "message": "no list snapshot is loaded: nothing was checked",
            "messageZh": "未加载名单快照，未进行核查",
        })
    );
    // A refused snapshot: its refusal is the reason.
    let refused = fixture(LoadOptions {
        last_accepted_sequence: Some(4),
        ..LoadOptions::now()
    })
    .unwrap_err();
    let u = Unavailable::from_snapshot_error(&refused);
    assert_eq!(u.reason, "ROLLBACK");
    assert!(u.message.contains("lower than the accepted 4"), "{u}");
    assert!(!u.message_zh.is_empty());
    assert_eq!(u.decision(), "unavailable");
    // Codes that mean "the lists could not be had" give the outcome; input errors do not.
    for code in UNAVAILABLE_CODES {
        let u = Unavailable::for_code(code, None, Some("given")).unwrap();
        assert_eq!((u.reason.as_str(), u.message.as_str()), (code, "given"));
        assert!(!u.message_zh.is_empty());
    }
    assert_eq!(Unavailable::for_code("UNKNOWN_SCENARIO", None, None), None);
    // Never confused with a decision a check can give.
    let decisions = [
        Decision::Pass,
        Decision::Review,
        Decision::NotCovered,
        Decision::Stale,
        Decision::InvalidInput,
        Decision::Block,
    ];
    for d in decisions {
        assert_ne!(serde_json::to_value(d).unwrap(), "unavailable");
    }
}

#[test]
fn no_usable_snapshot_lookup_and_screen_say_not_covered() {
    // The answers `SnapshotHolder` and the worker give with no snapshot loaded (JS takes them from
    // the core's `lookupUnavailable` / `screenUnavailable`): the shapes, field order included, of
    // the JS objects they replaced.
    let u = Unavailable::no_snapshot();
    assert_eq!(
        serde_json::to_string(&u.lookup()).unwrap(),
        r#"{"outcome":"notCovered","reason":"NO_SNAPSHOT","stale":false,"uncovered":[],"hits":[]}"#
    );
    let party = serde_json::json!({"name": "某某公司", "legalRepId": "110101199003074514"});
    assert_eq!(
        serde_json::to_string(&u.screen(&party)).unwrap(),
        concat!(
            r#"{"party":{"legalRepId":"110101199003074514","name":"某某公司"},"band":"none","#,
            r#""notCovered":true,"reason":"NO_SNAPSHOT","hits":[],"namesakes":[],"inputProblems":[],"#,
            r#""inputWarnings":[],"stale":false,"uncovered":[]}"#
        )
    );
    // The party is echoed as given (it is the caller's own input), not masked or read.
    assert_eq!(
        serde_json::to_value(u.screen(&party)).unwrap()["party"],
        party
    );
    // The reason follows the outcome's: a shard that could not be had says so.
    let shard = Unavailable::for_code("SHARD_MISSING", None, None).unwrap();
    let v = serde_json::to_value(shard.lookup()).unwrap();
    assert_eq!(
        (v["outcome"].as_str(), v["reason"].as_str()),
        (Some("notCovered"), Some("SHARD_MISSING"))
    );
    let v = serde_json::to_value(shard.screen(serde_json::Value::Null)).unwrap();
    assert_eq!(
        (v["band"].as_str(), v["notCovered"].as_bool()),
        (Some("none"), Some(true))
    );
    assert_eq!(v["reason"], "SHARD_MISSING");
    // Never "not listed", never a hit.
    assert_ne!(
        serde_json::to_value(u.lookup()).unwrap()["outcome"],
        "notListed"
    );
}

/// What `CheckError` and `Verification` serialise to, one JSON text per line: the CLI prints
/// them, JS receives them, and re-runs are compared byte for byte across browser, Node and native.
fn errors_and_re_runs_as_json(c: &Checker) -> Vec<String> {
    fn json<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }
    let mut out = Vec::new();
    // Check errors: without a field, then with one.
    out.push(json(&CheckInput::from_json("{").unwrap_err()));
    let bad_role = r#"{"scenario":"SC-ZFCG-SUPPLIER","checkedAt":"2026-11-20T01:02:03.000Z","parties":[{"role":"judge","code":"91350100MA2XY8016H"}]}"#;
    let e = CheckInput::from_json(bad_role)
        .and_then(|i| c.check(&i, DateTime::UNIX_EPOCH))
        .unwrap_err();
    out.push(json(&e));
    out.push(json(&c.verify_record("{", None).unwrap_err()));
    // Re-runs: the same bytes, a stored digest that does not name the text, other bytes with
    // the same content, a verdict that differs (firstDifference), another snapshot.
    let r = c
        .check(
            &CheckInput::from_json(&requests()[0]).unwrap(),
            DateTime::UNIX_EPOCH,
        )
        .unwrap();
    out.push(json(&c.verify_record(&r.json, Some(&r.sha256)).unwrap()));
    out.push(json(
        &c.verify_record(&r.json, Some(&"0".repeat(64))).unwrap(),
    ));
    let value: serde_json::Value = serde_json::from_str(&r.json).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    out.push(json(&c.verify_record(&pretty, None).unwrap()));
    let tampered = r
        .json
        .replacen(r#""decision":"block""#, r#""decision":"review""#, 1);
    assert!(tampered != r.json, "the first request is blocked");
    out.push(json(&c.verify_record(&tampered, None).unwrap()));
    let elsewhere = r.json.replacen(&c.digest_hex(), &"a".repeat(64), 1);
    out.push(json(&c.verify_record(&elsewhere, None).unwrap()));
    out
}

#[test]
fn errors_and_re_runs_serialise_as_committed() {
    // tests/data/fixture-check-errors.jsonl was written when `CheckError` and `Verification`
    // held their messages as two strings: holding a `Message` changed no byte.
    let committed = std::fs::read_to_string(format!("{DIR}/fixture-check-errors.jsonl")).unwrap();
    let got = errors_and_re_runs_as_json(&checker());
    assert_eq!(got.len(), committed.lines().count());
    for (got, want) in got.iter().zip(committed.lines()) {
        assert_eq!(got, want);
    }
}

/// `validate` (what a sharded snapshot asks before fetching anything) refuses exactly the
/// requests `check` refuses before reading a list, with the same error, and passes the rest.
#[test]
fn validate_refuses_what_check_refuses_before_reading_lists() {
    let c = checker();
    let mut refused = 0;
    let mut inputs: Vec<CheckInput> = requests()
        .iter()
        .filter_map(|l| CheckInput::from_json(l).ok())
        .collect();
    let base = inputs[0].clone();
    let mut wrong = |f: &dyn Fn(&mut CheckInput)| {
        let mut i = base.clone();
        f(&mut i);
        inputs.push(i);
    };
    wrong(&|i| i.scenario = "SC-NOPE".into());
    wrong(&|i| i.parties[0].role = "nobody".into());
    wrong(&|i| i.parties.clear());
    wrong(&|i| i.cutoff = Some("yesterday".into()));
    for input in &inputs {
        let checked = c.check(input, DateTime::UNIX_EPOCH);
        match c.validate(input, DateTime::UNIX_EPOCH) {
            Ok(()) => assert!(checked.is_ok(), "{input:?}"),
            Err(e) => {
                assert_eq!(checked.unwrap_err(), e, "{input:?}");
                refused += 1;
            }
        }
    }
    assert!(refused >= 4, "{refused}");
}
