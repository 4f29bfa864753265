//! The native `credit-check` binary, run as a user would.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credit-check"))
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn validate_arguments_prints_one_json_object_each_with_input() {
    let out = bin()
        .args(["validate", "91110108551385082Q", "55138508-2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let objs = lines(&out.stdout);
    assert_eq!(objs.len(), 2);
    assert_eq!(objs[0]["input"], "91110108551385082Q");
    assert_eq!(objs[0]["kind"], "uscc");
    assert_eq!(objs[1]["kind"], "orgCode");
    assert_eq!(objs[1]["normalized"], "55138508-2");
}

#[test]
fn validate_stdin_and_profiles_and_exit_status() {
    let pilot = "91350100M000100Y44"; // position 18 should be 3
    let mut child = bin()
        .args(["validate", "--profile", "strict"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "91110108551385082Q\n{pilot}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an invalid input exits 1");
    let objs = lines(&out.stdout);
    assert_eq!(objs[1]["ok"], false);
    assert_eq!(objs[1]["errors"][0]["code"], "CHECK_CHARACTER");
    let out = bin()
        .args(["validate", "--profile", "lenient", pilot])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        lines(&out.stdout)[0]["warnings"][0]["code"],
        "CHECK_CHARACTER"
    );
}

#[test]
fn bad_options_exit_2_with_a_message() {
    let out = bin()
        .args(["validate", "--profile", "loose", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("strict, lenient"));
}

#[test]
fn audit_csv_reports_lines_and_conflicts() {
    let out = bin()
        .args([
            "audit",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/records.csv"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 6);
    assert_eq!(r["invalid"], 1);
    assert_eq!(r["invalidRecords"][0]["row"], 6, "the line in the file");
    assert_eq!(r["withWarnings"], 1);
    assert_eq!(r["codeConflicts"].as_array().unwrap().len(), 1);
    assert!(
        r["nameConflicts"].as_array().unwrap().is_empty(),
        "legacy code is the same entity"
    );
}

#[test]
fn audit_jsonl_and_missing_file() {
    let out = bin()
        .args([
            "audit",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/records.jsonl"),
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 3);
    assert_eq!(r["invalidRecords"][0]["row"], 4);
    let out = bin().args(["audit", "/nonexistent.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `lookup`, `match` and `check` refuse a snapshot older than `--last-sequence` (`ROLLBACK`, exit
/// 2, as `verify` refuses it with exit 1) and accept one at or above it. The fixture is sequence 3.
#[test]
fn last_sequence_refuses_a_rollback_in_lookup_match_and_check() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let snapshot = format!("{data}/fixture.ccs");
    let keys = format!("{data}/fixture-keys.json");
    let dir = std::env::temp_dir().join(format!("cc-cli-last-seq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let parties = dir.join("parties.json");
    std::fs::write(
        &parties,
        r#"[{"role":"applicant","code":"91110108551385082Q"}]"#,
    )
    .unwrap();
    let parties = parties.to_string_lossy().into_owned();
    let common = ["--snapshot", snapshot.as_str(), "--keys", keys.as_str()];
    let run = |cmd: &str, last: &str| {
        let mut args = vec![cmd];
        args.extend_from_slice(&common);
        args.extend_from_slice(&["--last-sequence", last]);
        match cmd {
            "lookup" => args.push("91110108551385082Q"),
            "match" => args.extend_from_slice(&["--code", "91110108551385082Q"]),
            _ => args.extend_from_slice(&["--scenario", "SC-ZFCG-SUPPLIER", parties.as_str()]),
        }
        bin().args(&args).output().unwrap()
    };
    for cmd in ["lookup", "match", "check"] {
        let out = run(cmd, "4");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.contains("ROLLBACK"), "{cmd}: {err}");
        assert!(
            err.contains("sequence 3 is lower than the accepted 4"),
            "{cmd}: {err}"
        );
        assert!(out.stdout.is_empty(), "{cmd}: nothing answered");
        for last in ["3", "2"] {
            let out = run(cmd, last);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{cmd} --last-sequence {last}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // As `verify` does.
    let out = bin()
        .args(["verify", &snapshot, "--keys", &keys, "--last-sequence", "4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "ROLLBACK");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `keygen --publisher --list-type… --region…` writes the scope into ID.pub.json.
#[test]
fn keygen_writes_a_scope_from_its_options() {
    let dir = std::env::temp_dir().join(format!("cc-cli-keygen-scope-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out_dir = dir.to_string_lossy().into_owned();
    let keygen = |id: &str, extra: &[&str]| {
        let mut args = vec!["keygen", "--alg", "ed25519", "--id", id, "--out", &out_dir];
        args.extend_from_slice(extra);
        bin().args(&args).output().unwrap()
    };
    let out = keygen(
        "court",
        &[
            "--publisher",
            "最高人民法院",
            "--list-type",
            "LT-XGXF",
            "--list-type",
            "LT-SXBZXR",
            "--region",
            "350000",
            "--region",
            "360100",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("court.pub.json")).unwrap())
            .unwrap();
    assert_eq!(printed, file);
    assert_eq!(
        file["scope"],
        serde_json::json!({"publisher": "最高人民法院", "listTypes": ["LT-SXBZXR", "LT-XGXF"],
            "regions": ["350000", "360100"]})
    );
    // Without the options: no scope.
    let out = keygen("any", &[]);
    assert!(out.status.success());
    assert!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["scope"].is_null());
    // A bad option: exit 2, nothing written.
    let out = keygen("bad", &["--region", "35"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'35' in scope.regions"));
    assert!(!dir.join("bad.key.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
