//! Publisher → verifier round trips for both algorithms, identifier lookups (including the
//! organisation code inside a USCC both ways), streaming loads, and the CLI's build / sign /
//! verify / inspect / diff / lookup as a user runs them.
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))] // publisher side (signing, the CLI): native only

mod support;

use credit_check::lists::record::ListType;
use credit_check::snapshot::build;
use credit_check::snapshot::signature::Algorithm;
use credit_check::snapshot::{
    IdHit, Identifier, LoadOptions, Lookup, MatchedBy, Snapshot, SnapshotReader,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

#[test]
fn round_trip_with_both_algorithms_reads_back_every_record() {
    let mut records = hand_records();
    records.extend(synth_records(1500, 3));
    for (id, k) in [("t-ed", ed()), ("t-sm2", sm2())] {
        let bytes = signed(records.clone(), &meta(5), id, &k);
        let s = load(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(s.len(), records.len());
        assert_eq!(s.header().key_id, id);
        assert_eq!(s.header().sequence, 5);
        assert_eq!(s.header().algorithm, Some(k.algorithm()));
        assert!(!s.is_stale());
        let back: Vec<_> = s.records().map(|r| r.unwrap()).collect();
        assert_eq!(sorted_json(back), sorted_json(records.clone()), "{id}");
        // The payload digest uses the algorithm's own hash.
        let (_, _, payload) = split(&bytes);
        let d = credit_check::snapshot::signature::digest(k.algorithm(), &payload);
        assert_eq!(s.header().payload_digest, d);
    }
}

#[test]
fn building_is_deterministic_whatever_the_input_order() {
    let mut records = synth_records(300, 4);
    let a = signed(records.clone(), &meta(1), "t-ed", &ed());
    records.reverse();
    let b = signed(records, &meta(1), "t-ed", &ed());
    assert_eq!(a, b);
}

fn rows_of(s: &Snapshot, code: &str) -> Vec<(String, MatchedBy)> {
    match s.lookup_input(code, None).unwrap().lookup {
        Lookup::Listed(hits) => hits
            .iter()
            .map(|h: &IdHit| (s.record(h.row as usize).unwrap().name, h.matched_by))
            .collect(),
        Lookup::NotListed => Vec::new(),
        other => panic!("{code}: {other:?}"),
    }
}

#[test]
fn every_identifier_finds_its_records_and_legacy_codes_match_both_ways() {
    let records = hand_records();
    let s = load(&signed(records.clone(), &meta(1), "t-ed", &ed())).unwrap();
    let [a, b, c, d, e, _f] = &records[..] else {
        unreachable!()
    };
    let u = a.uscc.unwrap().to_string();
    assert_eq!(rows_of(&s, &u), vec![(a.name.clone(), MatchedBy::Uscc)]);
    // Record b is known by its legacy organisation code only; c's USCC contains that code.
    let org = b.org_code.unwrap().to_string();
    let mut by_org = rows_of(&s, &org);
    by_org.sort();
    let mut want = vec![
        (b.name.clone(), MatchedBy::OrgCode),
        (c.name.clone(), MatchedBy::UsccContainsOrgCode),
    ];
    want.sort();
    assert_eq!(by_org, want);
    let mut by_uscc = rows_of(&s, c.uscc.unwrap().as_ref());
    by_uscc.sort();
    let mut want = vec![
        (b.name.clone(), MatchedBy::OrgCodeInUscc),
        (c.name.clone(), MatchedBy::Uscc),
    ];
    want.sort();
    assert_eq!(by_uscc, want);
    // Formatting and full-width input are cleaned first, as in the form.
    assert_eq!(rows_of(&s, &u.replace('9', "９")).len(), 1);
    assert_eq!(
        rows_of(&s, &d.registration_number.unwrap().to_string()),
        vec![(d.name.clone(), MatchedBy::RegistrationNumber)]
    );
    assert_eq!(
        rows_of(&s, &e.id_number.unwrap().to_string()),
        vec![(e.name.clone(), MatchedBy::IdNumber)]
    );
    // A legal representative's ID finds the company.
    let rep = a
        .legal_representative()
        .unwrap()
        .id_number
        .unwrap()
        .full()
        .unwrap();
    assert_eq!(
        rows_of(&s, &rep.to_string()),
        vec![(a.name.clone(), MatchedBy::LegalRepresentativeId)]
    );
    // Valid codes that are on no list.
    assert!(rows_of(&s, valid_uscc("91110108551385082").as_ref()).is_empty());
    assert!(rows_of(&s, "91110108551385082Q").is_empty());
    assert!(rows_of(&s, &valid_id("11010519491231002").to_string()).is_empty());
}

#[test]
fn lookups_on_the_synthetic_million_shape_find_every_record() {
    // Over 4,096 entity keys, so the load builds its bucket table (during the sortedness check)
    // and lookups go through it.
    let records = synth_records(6000, 11);
    let s = load(&signed(records.clone(), &meta(1), "t-ed", &ed())).unwrap();
    for r in &records {
        let id = r
            .uscc
            .map(Identifier::Uscc)
            .or(r.org_code.map(Identifier::OrgCode))
            .or(r.registration_number.map(Identifier::RegistrationNumber))
            .or(r.id_number.map(Identifier::IdNumber));
        let Some(id) = id else { continue };
        let code = format!("{id:?}");
        let Lookup::Listed(hits) = s.lookup(&id, None).lookup else {
            panic!("{code} not found");
        };
        let want = serde_json::to_string(&normalised(r.clone())).unwrap();
        assert!(
            hits.iter().any(|h| serde_json::to_string(&normalised(
                s.record(h.row as usize).unwrap()
            ))
            .unwrap()
                == want),
            "{code}"
        );
    }
}

#[test]
fn not_covered_is_not_not_listed() {
    let records = hand_records();
    let s = load(&signed(records, &meta(1), "t-ed", &ed())).unwrap();
    let covered = s.header().list_types.clone();
    let uncovered: Vec<ListType> = ListType::ALL
        .iter()
        .copied()
        .filter(|l| !covered.contains(l))
        .collect();
    assert!(!uncovered.is_empty());
    let clean = Identifier::parse("91110108551385082Q").unwrap();
    assert_eq!(s.lookup(&clean, None).lookup, Lookup::NotListed);
    assert_eq!(s.lookup(&clean, Some(&covered)).lookup, Lookup::NotListed);
    let a = s.lookup(&clean, Some(&uncovered[..1]));
    assert_eq!(a.lookup, Lookup::NotCovered(uncovered[..1].to_vec()));
    assert_eq!(a.uncovered, uncovered[..1].to_vec());
    // A hit on a covered list is reported even when another asked list is not covered.
    let listed = Identifier::parse(hand_records()[0].uscc.unwrap().as_ref()).unwrap();
    let ask = [covered[0], uncovered[0]];
    let a = s.lookup(&listed, Some(&ask));
    assert!(matches!(a.lookup, Lookup::Listed(_)));
    assert_eq!(a.uncovered, vec![uncovered[0]]);
    // Filtering to a covered list without the record: not listed there.
    let other: Vec<ListType> = covered
        .iter()
        .copied()
        .filter(|l| *l != hand_records()[0].list_type)
        .collect();
    assert_eq!(s.lookup(&listed, Some(&other)).lookup, Lookup::NotListed);
}

#[test]
fn streaming_in_any_chunk_size_gives_the_same_snapshot() {
    let bytes = signed(synth_records(400, 2), &meta(3), "t-sm2", &sm2());
    let whole = load(&bytes).unwrap();
    for chunk in [1, 7, 64, 1000, 65536, bytes.len()] {
        let mut r = SnapshotReader::new(ring(), opts());
        let mut last = None;
        for c in bytes.chunks(chunk) {
            let p = r.push(c).unwrap();
            assert!(p.received <= bytes.len() as u64);
            last = Some(p);
        }
        let last = last.unwrap();
        assert_eq!(last.total, Some(bytes.len() as u64));
        assert_eq!(last.received, bytes.len() as u64);
        let s = r.finish().unwrap();
        assert_eq!(s.digest_hex(), whole.digest_hex());
        assert_eq!(s.len(), whole.len());
    }
    // The header is verified as soon as it is complete: a bad key fails before the payload.
    let mut r = SnapshotReader::new(
        keyring(&[entry("t-sm2", &key(Algorithm::Sm2Sm3, 3))]),
        opts(),
    );
    let e = r.push(&bytes[..bytes.len() / 2]).unwrap_err();
    assert_eq!(e.code(), "BAD_SIGNATURE");
    assert_eq!(
        r.push(&bytes[bytes.len() / 2..]).unwrap_err().code(),
        "INVALID_STATE"
    );
}

#[test]
fn memory_is_the_file_plus_little() {
    let bytes = signed(synth_records(5000, 5), &meta(1), "t-ed", &ed());
    let s = load(&bytes).unwrap();
    assert!(s.memory_bytes() as f64 <= 1.1 * bytes.len() as f64 + 300_000.0);
}

// ---------------------------------------------------------------------------------------------
// The CLI, as a publisher and a client run it.
// ---------------------------------------------------------------------------------------------

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credit-check"))
}

fn run(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = bin().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let v = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).to_string() + &stdout,
    )
}

fn temp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cc-snapfmt-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn cli_build_sign_verify_inspect_diff_lookup() {
    let d = temp("cli");
    for (alg, id) in [("ed25519", "pub-ed"), ("sm2", "pub-sm2")] {
        let (code, _, out) = run(&["keygen", "--alg", alg, "--id", id, "--out", s(&d)]);
        assert_eq!(code, 0, "{out}");
    }
    let input = d.join("in.jsonl");
    let (code, _, out) = run(&["synth", "200", "--seed", "8", "--out", s(&input)]);
    assert_eq!(code, 0, "{out}");
    let unsigned = d.join("u.ccs");
    let (code, header, out) = run(&[
        "build",
        s(&input),
        "--out",
        s(&unsigned),
        "--publisher",
        "省信用中心",
        "--sequence",
        "7",
        "--issued-at",
        "2026-11-01",
        "--valid-days",
        "30",
        "--region-code",
        "350000",
        "--region-name",
        "福建省",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(header["counts"]["records"], 200);
    assert_eq!(header["algorithm"], "none");
    let keys = d.join("pub-ed.pub.json");
    // An unsigned snapshot is refused.
    let (code, v, _) = run(&[
        "verify",
        s(&unsigned),
        "--keys",
        s(&keys),
        "--at",
        "2026-11-10",
    ]);
    assert_eq!((code, v["error"]["code"].as_str()), (1, Some("NOT_SIGNED")));
    // Sign, then verify: accepted, with the status.
    let signed = d.join("s.ccs");
    let key = d.join("pub-ed.key.json");
    let (code, _, out) = run(&["sign", s(&unsigned), "--key", s(&key), "--out", s(&signed)]);
    assert_eq!(code, 0, "{out}");
    let (code, v, out) = run(&[
        "verify",
        s(&signed),
        "--keys",
        s(&keys),
        "--at",
        "2026-11-10",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(v["status"]["sequence"], 7);
    assert_eq!(v["status"]["keyId"], "pub-ed");
    assert_eq!(v["status"]["region"]["name"], "福建省");
    // Rollback and staleness.
    let (code, v, _) = run(&[
        "verify",
        s(&signed),
        "--keys",
        s(&keys),
        "--at",
        "2026-11-10",
        "--last-sequence",
        "8",
    ]);
    assert_eq!((code, v["error"]["code"].as_str()), (1, Some("ROLLBACK")));
    let (code, v, _) = run(&[
        "verify",
        s(&signed),
        "--keys",
        s(&keys),
        "--at",
        "2027-01-01",
    ]);
    assert_eq!((code, v["error"]["code"].as_str()), (1, Some("STALE")));
    let (code, v, _) = run(&[
        "verify",
        s(&signed),
        "--keys",
        s(&keys),
        "--at",
        "2027-01-01",
        "--allow-stale",
    ]);
    assert_eq!((code, v["status"]["stale"].as_bool()), (0, Some(true)));
    // The wrong key.
    let (code, v, _) = run(&[
        "verify",
        s(&signed),
        "--keys",
        s(&d.join("pub-sm2.pub.json")),
        "--at",
        "2026-11-10",
    ]);
    assert_eq!(
        (code, v["error"]["code"].as_str()),
        (1, Some("UNKNOWN_KEY"))
    );
    // Inspect.
    let (code, v, _) = run(&["inspect", s(&signed), "--keys", s(&keys)]);
    assert_eq!(code, 0);
    assert_eq!(v["signed"], true);
    assert_eq!(v["header"]["sequence"], 7);
    assert_eq!(v["verification"]["verified"], true);
    let (_, v, _) = run(&["inspect", s(&signed)]);
    assert_eq!(v["verification"]["verified"], false);
    // Diff against a newer snapshot with 20 records more and one removed.
    let input2 = d.join("in2.jsonl");
    run(&["synth", "220", "--seed", "8", "--out", s(&input2)]);
    let text = std::fs::read_to_string(&input2).unwrap();
    let kept: Vec<&str> = text.lines().skip(1).collect();
    std::fs::write(&input2, kept.join("\n")).unwrap();
    let signed2 = d.join("s2.ccs");
    let (code, _, out) = run(&[
        "build",
        s(&input2),
        "--out",
        s(&signed2),
        "--publisher",
        "省信用中心",
        "--sequence",
        "8",
        "--issued-at",
        "2026-11-02",
        "--key",
        s(&key),
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, v, out) = run(&["diff", s(&signed), s(&signed2), "--keys", s(&keys)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(v["verified"], true);
    let added = v["summary"]["added"].as_u64().unwrap();
    let removed = v["summary"]["removed"].as_u64().unwrap();
    assert!(added >= 20 && removed >= 1, "{}", v["summary"]);
    assert_eq!(v["new"]["sequence"], 8);
    // ID numbers are only shown masked.
    assert!(!out.contains("idNumber\": \"3") || out.contains('*'));
    // Lookup: the first record of the input is listed; a clean code is not.
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let code_of = first["uscc"]
        .as_str()
        .or(first["orgCode"].as_str())
        .or(first["registrationNumber"].as_str())
        .or(first["idNumber"].as_str())
        .unwrap()
        .to_string();
    let out = bin()
        .args([
            "lookup",
            "--snapshot",
            s(&signed),
            "--keys",
            s(&keys),
            "--allow-stale",
            &code_of,
            "91110108551385082Q",
            "not-a-code",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["outcome"], "listed");
    assert_eq!(lines[1]["outcome"], "notListed");
    assert!(lines[2]["error"].is_array());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn build_refuses_bad_input_naming_file_line_and_field() {
    let d = temp("bad");
    let input = d.join("bad.csv");
    std::fs::write(
        &input,
        "entity_kind,uscc,name,list_type,listed_at,status\nlegalEntity,9111010855138508,某公司,LT-SXBZXR,2025-01-01,active\n",
    )
    .unwrap();
    let (code, _, out) = run(&[
        "build",
        s(&input),
        "--out",
        s(&d.join("x.ccs")),
        "--publisher",
        "p",
        "--sequence",
        "1",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("bad.csv:2: uscc"), "{out}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn unverified_loading_is_only_for_tools() {
    let bytes = signed(hand_records(), &meta(1), "t-ed", &ed());
    let s = Snapshot::load_unverified(bytes.clone()).unwrap();
    assert_eq!(s.len(), 6);
    let mut tampered = bytes;
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert_eq!(
        Snapshot::load_unverified(tampered).unwrap_err().code(),
        "DIGEST_MISMATCH"
    );
    let _ = build::split_unverified;
    let _ = LoadOptions::now();
}

/// A sequence means the same in Rust and JS: above 2^53 − 1 (the largest integer a JS number
/// holds exactly) it is refused when building and, signed by a dishonest or buggy publisher,
/// when loading — a typed error, never a verified snapshot JS cannot read.
#[test]
fn sequences_above_two_to_the_53_are_refused_at_build_and_at_load() {
    use credit_check::snapshot::format::MAX_SEQUENCE;
    let big = meta(MAX_SEQUENCE + 1);
    let e = credit_check::snapshot::build::build_unsigned(hand_records(), &big).unwrap_err();
    assert_eq!(e.field, Some("sequence"));
    let ok = signed(hand_records(), &meta(MAX_SEQUENCE), "t-ed", &ed());
    assert_eq!(load(&ok).unwrap().header().sequence, MAX_SEQUENCE);
    // Signed by hand: the signing tools refuse such a header themselves.
    let (env, mut header, payload) = split(&ok);
    header.sequence = MAX_SEQUENCE + 1;
    let json = header.to_json();
    let sig = ed().sign(&credit_check::snapshot::format::signed_message(
        json.as_bytes(),
    ));
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&sig);
    let env = credit_check::snapshot::format::Envelope {
        header_len: json.len() as u32,
        signature,
        ..env
    };
    let mut forged = Vec::new();
    env.write(&mut forged);
    forged.extend_from_slice(json.as_bytes());
    forged.extend_from_slice(&payload);
    let err = load(&forged).unwrap_err();
    assert_eq!(err.code(), "LIMIT_EXCEEDED");
    assert!(err.message().contains("快照序号"), "{}", err.message());
}

/// A batch lookup on a snapshot that is stale carries it per item: a code not found is 4 (not
/// found, stale), never 0 (not listed); a listed code stays 1.
#[test]
fn batch_lookups_on_a_stale_snapshot_say_stale_per_item() {
    let records = hand_records();
    let listed = records.iter().find_map(|r| r.uscc).unwrap().to_string();
    let bytes = signed(records, &meta(1), "t-ed", &ed());
    let lines = format!("{listed}\n91110108551385082Q\nnot a code\n");
    let fresh = load(&bytes).unwrap();
    assert_eq!(fresh.lookup_lines(&lines), vec![1, 0, 3]);
    let stale = Snapshot::load(
        bytes,
        &ring(),
        LoadOptions {
            now: t(2026, 12, 5),
            allow_stale: true,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(stale.lookup_lines(&lines), vec![1, 4, 3]);
}
