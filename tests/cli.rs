//! The native `credit-check` binary, run as a user would.
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
