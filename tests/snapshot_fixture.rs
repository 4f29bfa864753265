//! The committed fixture snapshot (`tests/data/fixture.ccs`, signed by a test key whose secret is
//! derived from a fixed seed and never stored) is what the current builder makes, and the
//! lookups it answers natively are the committed transcript — the same transcript the wasm tests
//! (Node and Chromium, `tests/wasm_shared.rs.inc`) must produce: one verdict everywhere.
//!
//! After a deliberate format change: `UPDATE_FIXTURES=1 cargo test --test snapshot_fixture`.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))] // publisher side (signing, the CLI): native only

mod support;

use credit_check::snapshot::format::Region;
use credit_check::snapshot::load::lookup_transcript;
use credit_check::snapshot::{LoadOptions, Snapshot};
use support::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn fixture_meta() -> credit_check::snapshot::build::Meta {
    credit_check::snapshot::build::Meta {
        publisher: "credit-check test fixture".into(),
        sequence: 3,
        issued_at: t(2026, 11, 1),
        // Far off, so the fixture never goes stale under the tests.
        expires_at: t(2099, 1, 1),
        region: Region {
            code: "350000".into(),
            name: "福建省".into(),
        },
        list_types: Vec::new(),
        catalogue: None,
    }
}

fn check_or_update(name: &str, fresh: &[u8]) {
    let path = format!("{DIR}/{name}");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is out of date: UPDATE_FIXTURES=1 cargo test --test snapshot_fixture"
    );
}

#[test]
fn fixture_and_transcript_are_current() {
    let mut records = hand_records();
    records.extend(synth_records(200, 21));
    let bytes = signed(records.clone(), &fixture_meta(), "t-ed", &ed());
    check_or_update("fixture.ccs", &bytes);
    let keys = keyring(&[entry("t-ed", &ed())]).to_json();
    check_or_update("fixture-keys.json", keys.as_bytes());

    // Codes to ask: every identifier in the fixture, derived ones, clean and junk inputs.
    let mut codes = vec![
        "91110108551385082Q".to_string(),
        "９１１１０１０８５５１３８５０８２ｑ".to_string(),
        "not a code".to_string(),
        String::new(),
    ];
    for r in &records {
        codes.extend(r.uscc.map(|u| u.to_string()));
        codes.extend(r.uscc.map(|u| u.org_code().to_string()));
        codes.extend(r.org_code.map(|o| o.to_string()));
        codes.extend(r.registration_number.map(|n| n.to_string()));
        codes.extend(r.id_number.map(|i| i.to_string()));
        codes.extend(
            r.related_persons
                .iter()
                .filter_map(|p| p.id_number.and_then(|i| i.full()))
                .map(|i| i.to_string()),
        );
    }
    let codes = codes.join("\n") + "\n";
    check_or_update("fixture-codes.txt", codes.as_bytes());
    let s = Snapshot::load(
        bytes,
        &credit_check::snapshot::keyring::Keyring::from_json(&keys).unwrap(),
        LoadOptions::now(),
    )
    .unwrap();
    let transcript = lookup_transcript(&s, &codes);
    assert!(transcript.contains(" listed "));
    assert!(transcript.contains("notListed"));
    assert!(transcript.contains("UsccContainsOrgCode"));
    assert!(transcript.contains("LegalRepresentativeId"));
    check_or_update("fixture-lookups.txt", transcript.as_bytes());

    // Screening: each record's name as typed differently, with and without its code, with a
    // namesake's code, and a generic name.
    let mut parties = Vec::new();
    for r in records.iter().take(60) {
        let variant = r.name.replace("有限公司", "有限责任公司");
        let mut p = serde_json::json!({ "name": variant });
        if r.entity_kind == credit_check::lists::record::EntityKind::NaturalPerson {
            p = serde_json::json!({ "personName": r.name });
        }
        parties.push(p.to_string());
        if let Some(u) = r.uscc {
            parties.push(serde_json::json!({ "name": r.name, "code": u.to_string() }).to_string());
            parties.push(
                serde_json::json!({ "name": r.name, "code": "91110108551385082Q" }).to_string(),
            );
        }
        if let Some(l) = r.legal_representative() {
            let id = l.id_number.and_then(|i| i.full()).map(|i| i.to_string());
            parties.push(
                serde_json::json!({ "name": r.name, "legalRepName": l.name, "legalRepId": id })
                    .to_string(),
            );
        }
    }
    parties.push(serde_json::json!({ "name": "北京贸易有限公司" }).to_string());
    let parties = parties.join("\n") + "\n";
    check_or_update("fixture-parties.jsonl", parties.as_bytes());
    let index = credit_check::matching::NameIndex::build(&s);
    let screened = credit_check::matching::transcript(&s, &index, &parties);
    assert!(screened.contains("Definite"));
    assert!(screened.contains("Possible"));
    check_or_update("fixture-screen.txt", screened.as_bytes());

    // Checks: each record's entity in a scenario (rotating through all of them) at two cut-offs,
    // a consortium, a legal representative, case facts, a stale run and refused requests.
    let catalogue = credit_check::lists::catalogue::Catalogue::embedded().unwrap();
    let at = "2026-11-20T01:02:03.000Z";
    let mut requests: Vec<String> = Vec::new();
    for (i, r) in records.iter().take(80).enumerate() {
        let sc = &catalogue.scenarios[i % catalogue.scenarios.len()];
        let role = &sc.roles[0];
        let mut party = serde_json::json!({ "role": role, "name": r.name });
        if let Some(u) = r.uscc {
            party["code"] = u.to_string().into();
        } else if let Some(o) = r.org_code {
            party["code"] = o.to_string().into();
        } else if let Some(n) = r.registration_number {
            party["code"] = n.to_string().into();
        }
        if r.entity_kind == credit_check::lists::record::EntityKind::NaturalPerson {
            party = serde_json::json!({ "role": role, "personName": r.name });
            if let Some(id) = r.id_number {
                party["personId"] = id.to_string().into();
            }
        }
        for cutoff in ["2026-11-20", "2016-01-01"] {
            requests.push(
                serde_json::json!({ "scenario": sc.id, "cutoff": cutoff, "checkedAt": at, "parties": [party] })
                    .to_string(),
            );
        }
    }
    let first = &records[0];
    let listed = first.uscc.unwrap().to_string();
    let rep = first.legal_representative().cloned().unwrap();
    requests.extend(
        [
            serde_json::json!({ "scenario": "SC-ZFCG-SUPPLIER", "checkedAt": at, "parties": [
                { "role": "applicant", "name": "小米科技有限责任公司", "code": "91110108551385082Q", "label": "牵头人" },
                { "role": "consortium_member", "name": first.name, "code": listed, "label": "成员" } ] }),
            serde_json::json!({ "scenario": "SC-XZXK-APPROVAL", "checkedAt": at, "parties": [
                { "role": "applicant", "name": "小米科技有限责任公司", "code": "91110108551385082Q",
                  "legalRepName": rep.name, "legalRepId": rep.id_number.and_then(|i| i.full()).map(|i| i.to_string()) } ] }),
            serde_json::json!({ "scenario": "SC-ZTB-BID", "checkedAt": at, "facts": { "government_invested_project": true },
                "parties": [ { "role": "applicant", "code": listed } ] }),
            serde_json::json!({ "scenario": "SC-JG-INSPECTION", "checkedAt": at,
                "parties": [ { "role": "applicant", "code": "91110108551385082Q", "creditClass": "D" } ] }),
            serde_json::json!({ "scenario": "SC-ZFCG-SUPPLIER", "checkedAt": "2100-01-01T00:00:00.000Z",
                "parties": [ { "role": "applicant", "code": "91110108551385082Q" } ] }),
            serde_json::json!({ "scenario": "SC-NOPE", "checkedAt": at, "parties": [ { "role": "applicant", "code": listed } ] }),
            serde_json::json!({ "scenario": "SC-ZFCG-SUPPLIER", "checkedAt": at, "parties": [ { "role": "expert", "code": listed } ] }),
            serde_json::json!({ "scenario": "SC-ZFCG-SUPPLIER", "checkedAt": at, "parties": [ { "role": "applicant", "code": "91110108551385082A" } ] }),
            serde_json::json!({ "scenario": "SC-ZFCG-SUPPLIER", "checkedAt": at, "parties": [ { "role": "applicant", "code": "not a code" } ] }),
        ]
        .iter()
        .map(|v| v.to_string()),
    );
    let requests = requests.join("\n") + "\n";
    check_or_update("fixture-checks.jsonl", requests.as_bytes());
    let records_out = credit_check::check::record::transcript(&s, &index, &requests);
    for want in [
        "\"decision\":\"block\"",
        "\"decision\":\"pass\"",
        "\"decision\":\"stale\"",
        "\"decision\":\"invalidInput\"",
        "\"decision\":\"review\"",
        "CHECK_CHARACTER",
        "error UNKNOWN_SCENARIO",
        "error UNKNOWN_ROLE",
    ] {
        assert!(records_out.contains(want), "{want}");
    }
    check_or_update("fixture-records.txt", records_out.as_bytes());
}

/// The fixture's records as a sharded snapshot (same key and meta), every file packed into one
/// committed bundle (`fixture-sharded.bin`: per file, u16 path length, path, u32 length, bytes),
/// which the wasm tests open to show a view checks as the single file does in Node and Chromium.
#[test]
fn sharded_fixture_is_current() {
    let mut records = hand_records();
    records.extend(synth_records(200, 21));
    let dir = std::env::temp_dir().join(format!("cc-fixture-sharded-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut p = credit_check::publish::sharded::Publisher::new(&dir).unwrap();
    for r in &records {
        p.add(r).unwrap();
    }
    p.finish(&fixture_meta(), "t-ed", &ed()).unwrap();
    let mut files = Vec::new();
    for sub in ["", "pages", "shards"] {
        let d = dir.join(sub);
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_file() {
                let name = path
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    let mut bundle = Vec::new();
    for (name, bytes) in &files {
        bundle.extend_from_slice(&(name.len() as u16).to_le_bytes());
        bundle.extend_from_slice(name.as_bytes());
        bundle.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        bundle.extend_from_slice(bytes);
    }
    assert!(files.iter().any(|f| f.0 == "manifest.ccs"));
    check_or_update("fixture-sharded.bin", &bundle);
    let _ = std::fs::remove_dir_all(&dir);
}
