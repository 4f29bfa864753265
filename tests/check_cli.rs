//! `credit-check check` and `verify-record` as a portal's server runs them: exit codes (0 pass,
//! 1 block, 3 other outcomes, 2 refused), the record written with `--record-out`, its re-run, and
//! a record altered after it was stored.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

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

fn listed_uscc() -> String {
    std::fs::read_to_string(format!("{DIR}/fixture-lookups.txt"))
        .unwrap()
        .lines()
        .find(|l| l.contains(" listed Uscc:") && l.starts_with("91350100MA2XY801"))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_string()
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("cc-check-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn check(parties: &str, extra: &[&str]) -> (i32, String, String) {
    let snap = format!("{DIR}/fixture.ccs");
    let keys = format!("{DIR}/fixture-keys.json");
    let mut args = vec!["check", "--snapshot", &snap, "--keys", &keys];
    args.extend_from_slice(extra);
    args.push(parties);
    cli(&args)
}

#[test]
fn exit_codes_follow_the_decision() {
    let listed = write(
        "listed.json",
        &format!(r#"[{{"role":"applicant","code":"{}"}}]"#, listed_uscc()),
    );
    let clean = write(
        "clean.json",
        r#"[{"role":"applicant","code":"91110108551385082Q"}]"#,
    );
    let (code, out, _) = check(&listed, &["--scenario", "SC-ZFCG-SUPPLIER"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("M-PROC-REJ") && out.contains("不予通过"));
    assert!(out.contains("sha256: "));
    let (code, out, _) = check(&clean, &["--scenario", "SC-ZFCG-SUPPLIER"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = check(
        &clean,
        &[
            "--scenario",
            "SC-ZFCG-SUPPLIER",
            "--at",
            "2100-01-01T00:00:00Z",
        ],
    );
    assert_eq!(code, 3, "stale: {out}");
    let (code, _, err) = check(&clean, &["--scenario", "SC-NOPE"]);
    assert_eq!(code, 2);
    assert!(err.contains("UNKNOWN_SCENARIO"), "{err}");
    let (code, _, err) = check(&clean, &["--scenario", "SC-ZFCG-SUPPLIER", "--fact", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("NAME=true"), "{err}");
}

#[test]
fn a_stored_record_reruns_and_an_altered_one_is_caught() {
    let listed = write(
        "listed2.json",
        &format!(
            r#"{{"scenario":"SC-ZTB-BID","cutoff":"2026-11-20","parties":[{{"role":"applicant","code":"{}"}}]}}"#,
            listed_uscc()
        ),
    );
    let record = listed.replace("listed2.json", "record.json");
    let (code, out, err) = check(&listed, &["--record-out", &record, "--json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sha = v["sha256"].as_str().unwrap().to_string();
    assert_eq!(
        std::fs::read_to_string(&record).unwrap().trim_end(),
        v["record"].as_str().unwrap()
    );
    let snap = format!("{DIR}/fixture.ccs");
    let keys = format!("{DIR}/fixture-keys.json");
    let (code, out, _) = cli(&[
        "verify-record",
        "--snapshot",
        &snap,
        "--keys",
        &keys,
        "--sha256",
        &sha,
        &record,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"MATCH\""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["sha256Record"],
        sha.as_str(),
        "the digest of the record file"
    );
    assert_eq!(
        v["sha256Expected"],
        sha.as_str(),
        "the digest given with --sha256"
    );
    assert_eq!(v["sha256Rerun"], sha.as_str());
    assert!(
        v.get("sha256Given").is_none(),
        "no field named for what it is not: {out}"
    );
    let altered = std::fs::read_to_string(&record).unwrap().replace(
        "\"cutoffDate\":\"2026-11-20\"",
        "\"cutoffDate\":\"2026-11-21\"",
    );
    let altered_path = write("altered.json", &altered);
    let (code, out, _) = cli(&[
        "verify-record",
        "--snapshot",
        &snap,
        "--keys",
        &keys,
        &altered_path,
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("VERDICT_DIFFERS") && out.contains(".verdict.cutoffDate"),
        "{out}"
    );
    let (code, out, _) = cli(&[
        "verify-record",
        "--snapshot",
        &snap,
        "--keys",
        &keys,
        "--sha256",
        &sha,
        &altered_path,
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("SHA256_MISMATCH"), "{out}");
    // The digest given is reported as given, the record's as computed: never one for the other.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let altered_sha = {
        use sha2::{Digest, Sha256};
        let text = std::fs::read_to_string(&altered_path).unwrap();
        let digest = Sha256::digest(text.trim_end_matches(['\n', '\r']).as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(v["sha256Expected"], sha.as_str(), "{out}");
    assert_eq!(v["sha256Record"], altered_sha.as_str(), "{out}");
    assert_ne!(v["sha256Record"], v["sha256Expected"]);
    // Without --sha256 there is nothing expected to report.
    let (_, out, _) = cli(&[
        "verify-record",
        "--snapshot",
        &snap,
        "--keys",
        &keys,
        &altered_path,
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("sha256Expected").is_none(), "{out}");
    assert_eq!(v["sha256Record"], altered_sha.as_str(), "{out}");
}

/// When no snapshot can be used (refused, unreadable) nothing was checked: the outcome is
/// `unavailable` with the refusal's code as the reason, exit 2 — never a pass, never a record.
/// With `--json` it is printed as the JS package answers it; without, only on stderr.
#[test]
fn a_snapshot_that_cannot_be_used_gives_the_unavailable_outcome() {
    let clean = write(
        "clean-unavailable.json",
        r#"[{"role":"applicant","code":"91110108551385082Q"}]"#,
    );
    let record = clean.replace("clean-unavailable.json", "unavailable-record.json");
    let (code, out, err) = check(
        &clean,
        &[
            "--scenario",
            "SC-ZFCG-SUPPLIER",
            "--last-sequence",
            "4",
            "--json",
            "--record-out",
            &record,
        ],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("ROLLBACK"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "unavailable");
    assert_eq!(v["reason"], "ROLLBACK");
    assert!(v["record"].is_null() && v["sha256"].is_null() && v["verdict"].is_null());
    assert!(v["messageZh"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(!std::path::Path::new(&record).exists(), "no record written");
    // Without --json: the outcome on stderr, nothing on stdout.
    let (code, out, err) = check(
        &clean,
        &["--scenario", "SC-ZFCG-SUPPLIER", "--last-sequence", "4"],
    );
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("check unavailable (ROLLBACK)"), "{err}");
    // A damaged snapshot: its refusal is the reason.
    let mut bytes = std::fs::read(format!("{DIR}/fixture.ccs")).unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 0xff;
    let damaged = write("damaged.ccs", "");
    std::fs::write(&damaged, &bytes).unwrap();
    let keys = format!("{DIR}/fixture-keys.json");
    let (code, out, err) = cli(&[
        "check",
        "--snapshot",
        &damaged,
        "--keys",
        &keys,
        "--scenario",
        "SC-ZFCG-SUPPLIER",
        "--json",
        &clean,
    ]);
    assert_eq!(code, 2, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "unavailable");
    assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "{out}");
}
