//! `credit-check match` as a user runs it: one party from flags, a batch from JSON lines, exit
//! codes, masked IDs, and the explanation of each hit.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credit-check"))
}

fn temp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cc-match-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn match_screens_parties_and_explains_hits() {
    let d = temp("cli");
    let records = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/match-eval/records.jsonl"
    );
    assert!(bin()
        .args(["keygen", "--alg", "ed25519", "--id", "m-ed", "--out", s(&d)])
        .output()
        .unwrap()
        .status
        .success());
    let snap = d.join("s.ccs");
    let out = bin()
        .args([
            "build",
            records,
            "--out",
            s(&snap),
            "--publisher",
            "p",
            "--sequence",
            "1",
            "--key",
            s(&d.join("m-ed.key.json")),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keys = d.join("m-ed.pub.json");
    let first: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(records)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let name = first["name"].as_str().unwrap();

    // A name variant only: possible, exit 0, with the similarity explained.
    let variant = name.replace("有限公司", "有限责任公司");
    let out = bin()
        .args([
            "match",
            "--snapshot",
            s(&snap),
            "--keys",
            s(&keys),
            "--name",
            &variant,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &lines(&out)[0];
    assert_eq!(r["band"], "possible");
    let h = &r["hits"][0];
    assert_eq!(h["band"], "possible");
    assert_eq!(h["record"]["name"], name);
    assert!(h["explanation"]["similarity"]["score"].as_f64().unwrap() >= 0.8);
    assert!(h["explanation"]["noteZh"]
        .as_str()
        .unwrap()
        .contains("名称"));

    // With its code: definite, exit 1.
    if let Some(code) = first["uscc"].as_str() {
        let out = bin()
            .args([
                "match",
                "--snapshot",
                s(&snap),
                "--keys",
                s(&keys),
                "--name",
                name,
                "--code",
                code,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let r = &lines(&out)[0];
        assert_eq!(r["band"], "definite");
        assert_eq!(r["hits"][0]["kind"], "identifier");
        // A namesake: the same name with another (valid) code is set aside, not a hit.
        let out = bin()
            .args([
                "match",
                "--snapshot",
                s(&snap),
                "--keys",
                s(&keys),
                "--name",
                name,
                "--code",
                "91110108551385082Q",
            ])
            .output()
            .unwrap();
        let r = &lines(&out)[0];
        assert_eq!(r["band"], "none", "{r}");
        assert!(r["namesakes"][0]["noteZh"]
            .as_str()
            .unwrap()
            .contains("代码不同"));
    }

    // A bad code is reported, never silently ignored.
    let out = bin()
        .args([
            "match",
            "--snapshot",
            s(&snap),
            "--keys",
            s(&keys),
            "--code",
            "91110108551385082",
        ])
        .output()
        .unwrap();
    let r = &lines(&out)[0];
    assert_eq!(r["inputProblems"][0]["field"], "code");

    // A batch of parties from JSON lines: one result each, in order; IDs masked in the output.
    let parties = d.join("parties.jsonl");
    std::fs::write(
        &parties,
        format!(
            "{{\"name\":\"{variant}\"}}\n{{\"personName\":\"无此人\",\"personId\":\"11010519491231002X\"}}\n{{\"name\":\"北京贸易有限公司\"}}\n"
        ),
    )
    .unwrap();
    let out = bin()
        .args([
            "match",
            "--snapshot",
            s(&snap),
            "--keys",
            s(&keys),
            "--parties",
            s(&parties),
        ])
        .output()
        .unwrap();
    let rs = lines(&out);
    assert_eq!(rs.len(), 3);
    assert_eq!(rs[0]["band"], "possible");
    assert_eq!(rs[1]["party"]["personId"], "110105********002X");
    assert_eq!(rs[2]["band"], "none");
    let _ = std::fs::remove_dir_all(&d);
}
