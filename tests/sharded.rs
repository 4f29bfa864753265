//! Sharded snapshots (docs/sharded-snapshots.md): built from the same records, a sharded
//! snapshot answers every check, screening and lookup as the single file does — apart from the
//! source's identity (the manifest's digest and the shards read) — and every way of tampering
//! with its files is refused with a typed error, never answered "not listed".
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))] // publisher side (signing, files): native only

mod support;

use credit_check::check::{
    catalogue_for, check, check_record, verify_record, CheckInput, CheckParty,
};
use credit_check::lists::person::PersonId;
use credit_check::lists::record::{EntityKind, ListRecord};
use credit_check::matching::{screen, MatchOptions, NameIndex, Party};
use credit_check::publish::sharded::{Publisher, Report};
use credit_check::shards::{party_keys, request_keys, text_keys, FileKind, Key, ShardedSource};
use credit_check::snapshot::build::Meta;
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError};
use std::path::{Path, PathBuf};
use support::*;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cc-sharded-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn publish(records: &[ListRecord], meta: &Meta, dir: &Path) -> Report {
    let mut p = Publisher::new(dir).unwrap();
    for r in records {
        p.add(r).unwrap();
    }
    p.finish(meta, "t-ed", &ed()).unwrap()
}

fn manifest(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join("manifest.ccs")).unwrap()
}

/// What a client does: fetch what is missing until the view can be built.
fn view(src: &mut ShardedSource, dir: &Path, keys: &[Key]) -> Result<Snapshot, SnapshotError> {
    for _ in 0..3 {
        for f in src.missing(keys) {
            src.add(&f.digest, std::fs::read(dir.join(&f.path)).unwrap())?;
        }
    }
    src.view(keys)
}

fn records() -> Vec<ListRecord> {
    let mut r = synth_records(4000, 21);
    r.extend(hand_records());
    // A record repeated in the input stays repeated.
    r.push(r[5].clone());
    r
}

/// Parties as forms fill them in: each record's own identifiers and names, its persons, and
/// names a little off (a branch, a dropped character).
fn parties(records: &[ListRecord]) -> Vec<Party> {
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate().step_by(13) {
        let code = r
            .uscc
            .map(|u| u.to_string())
            .or(r.org_code.map(|o| o.to_string()))
            .or(r.registration_number.map(|n| n.to_string()));
        let rep = r.related_persons.first();
        if r.entity_kind == EntityKind::NaturalPerson {
            out.push(Party {
                person_name: Some(r.name.clone()),
                person_id: r.id_number.map(|p| p.to_string()),
                ..Party::default()
            });
            out.push(Party {
                person_name: Some(r.name.clone()),
                ..Party::default()
            });
            continue;
        }
        out.push(Party {
            name: Some(r.name.clone()),
            code: code.clone(),
            legal_rep_name: rep.map(|p| p.name.clone()),
            legal_rep_id: rep.and_then(|p| match &p.id_number {
                Some(PersonId::Full(id)) => Some(id.to_string()),
                _ => None,
            }),
            ..Party::default()
        });
        let chars: Vec<char> = r.name.chars().collect();
        let off = match i % 3 {
            0 => format!("{}分公司", r.name),
            1 => chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != 2)
                .map(|(_, c)| c)
                .collect(),
            _ => r.name.replace("有限公司", "股份有限公司"),
        };
        out.push(Party {
            name: Some(off),
            ..Party::default()
        });
        if let Some(c) = code {
            out.push(Party {
                code: Some(c),
                ..Party::default()
            });
        }
    }
    out
}

/// The check record a view gives for `input`, with the catalogue it carries.
fn record_of(v: &Snapshot, input: &CheckInput) -> credit_check::check::CheckRecord {
    let (cat, source) = catalogue_for(v).unwrap();
    check_record(
        v,
        &NameIndex::build(v),
        &cat,
        source,
        input,
        t(2026, 11, 15),
    )
    .unwrap()
}

fn without_identity(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().unwrap().remove("snapshot");
    v
}

fn setup(name: &str) -> (Vec<ListRecord>, Snapshot, PathBuf, Report) {
    let recs = records();
    let mut m = meta(1);
    m.list_types = Vec::new();
    let single = Snapshot::load(signed(recs.clone(), &m, "t-ed", &ed()), &ring(), opts()).unwrap();
    let dir = temp(name);
    let report = publish(&recs, &m, &dir);
    (recs, single, dir, report)
}

#[test]
fn checks_on_a_sharded_snapshot_equal_the_single_file_apart_from_its_identity() {
    let (recs, single, dir, report) = setup("check");
    let mut src = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let (cat, source) = catalogue_for(&single).unwrap();
    let index = NameIndex::build(&single);
    let ps = parties(&recs);
    assert!(ps.len() > 600, "{}", ps.len());
    let mut blocked = 0;
    // Five parties per request, as at a bid opening.
    for chunk in ps.chunks(5) {
        let input = CheckInput {
            scenario: "SC-ZFCG-SUPPLIER".into(),
            cutoff: Some("2026-11-10".into()),
            parties: chunk
                .iter()
                .enumerate()
                .map(|(i, p)| CheckParty {
                    role: if i == 0 {
                        "applicant"
                    } else {
                        "consortium_member"
                    }
                    .into(),
                    name: p.name.clone(),
                    code: p.code.clone(),
                    legal_rep_name: p.legal_rep_name.clone(),
                    legal_rep_id: p.legal_rep_id.clone(),
                    person_name: p.person_name.clone(),
                    person_id: p.person_id.clone(),
                    ..CheckParty::default()
                })
                .collect(),
            ..CheckInput::default()
        };
        let v = view(&mut src, &dir, &request_keys(&input)).unwrap();
        let (vcat, vsource) = catalogue_for(&v).unwrap();
        let want = check(&single, &index, &cat, source, &input, t(2026, 11, 15))
            .unwrap()
            .1;
        let got = check(
            &v,
            &NameIndex::build(&v),
            &vcat,
            vsource,
            &input,
            t(2026, 11, 15),
        )
        .unwrap()
        .1;
        if want.decision == credit_check::check::Decision::Block {
            blocked += 1;
        }
        assert_eq!(
            without_identity(serde_json::to_value(&got).unwrap()),
            without_identity(serde_json::to_value(&want).unwrap()),
            "{input:?}"
        );
        // The record names the manifest and the shards read.
        assert_eq!(got.snapshot.payload_digest, report.manifest_digest);
        assert!(!got.snapshot.shards.as_ref().unwrap().is_empty());
        assert!(want.snapshot.shards.is_none());
    }
    assert!(
        blocked > 20,
        "the parties must include listed ones: {blocked}"
    );
}

#[test]
fn screening_and_lookups_equal_the_single_file() {
    let (recs, single, dir, _) = setup("screen");
    let mut src = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let index = NameIndex::build(&single);
    let o = MatchOptions::default();
    let shown = |s: &Snapshot, r: &credit_check::matching::PartyResult| {
        let hits: Vec<String> = r
            .hits
            .iter()
            .map(|h| {
                format!(
                    "{:?} {:?} {:.3} {:?} {}",
                    h.kind,
                    h.band,
                    h.score,
                    h.explanation,
                    serde_json::to_string(&s.record(h.row as usize).unwrap()).unwrap()
                )
            })
            .collect();
        let names: Vec<String> = r
            .namesakes
            .iter()
            .map(|n| serde_json::to_string(&s.record(n.row as usize).unwrap()).unwrap())
            .collect();
        (r.band, hits, r.omitted, names)
    };
    let mut hits = 0;
    for p in parties(&recs) {
        let v = view(&mut src, &dir, &party_keys(&p)).unwrap();
        let want = screen(&single, &index, &p, &o);
        let got = screen(&v, &NameIndex::build(&v), &p, &o);
        hits += want.hits.len();
        assert_eq!(shown(&v, &got), shown(&single, &want), "{p:?}");
    }
    assert!(hits > 500, "{hits}");
    for r in recs.iter().take(300) {
        for id in r.identifiers() {
            let text = match id {
                credit_check::snapshot::Identifier::Uscc(u) => u.to_string(),
                credit_check::snapshot::Identifier::OrgCode(o) => o.to_string(),
                credit_check::snapshot::Identifier::RegistrationNumber(n) => n.to_string(),
                credit_check::snapshot::Identifier::IdNumber(p) => p.to_string(),
            };
            let v = view(&mut src, &dir, &text_keys(&[&text])).unwrap();
            let a = |s: &Snapshot| {
                let mut found: Vec<String> = Vec::new();
                s.for_each_hit(&id, |h| {
                    found.push(format!(
                        "{:?} {}",
                        h.matched_by,
                        serde_json::to_string(&s.record(h.row as usize).unwrap()).unwrap()
                    ))
                });
                found.sort();
                found
            };
            assert_eq!(a(&v), a(&single), "{text}");
        }
    }
}

#[test]
fn a_check_record_from_a_sharded_snapshot_re_runs_to_match_from_the_same_files() {
    let (recs, _, dir, _) = setup("record");
    let mut src = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let r = recs.iter().find(|r| r.uscc.is_some()).unwrap();
    let input = CheckInput {
        scenario: "SC-ZFCG-SUPPLIER".into(),
        parties: vec![CheckParty {
            role: "applicant".into(),
            name: Some(r.name.clone()),
            code: r.uscc.map(|u| u.to_string()),
            ..CheckParty::default()
        }],
        ..CheckInput::default()
    };
    let v = view(&mut src, &dir, &request_keys(&input)).unwrap();
    let rec = record_of(&v, &input);
    assert!(rec.json.contains("\"shards\":["), "{}", rec.json);
    // A server with a fresh copy of the same files.
    let mut server = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let back: CheckInput = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(&rec.json).unwrap()["input"].clone(),
    )
    .unwrap();
    let sv = view(&mut server, &dir, &request_keys(&back)).unwrap();
    let (scat, ssource) = catalogue_for(&sv).unwrap();
    let out = verify_record(
        &sv,
        &NameIndex::build(&sv),
        &scat,
        ssource,
        &rec.json,
        Some(&rec.sha256),
    )
    .unwrap();
    assert!(out.matches, "{out:?}");
}

#[test]
fn publishing_is_deterministic_and_a_new_sequence_changes_only_the_shards_whose_records_changed() {
    let recs = records();
    let (a, b, c) = (temp("det-a"), temp("det-b"), temp("det-c"));
    let m = meta(1);
    let ra = publish(&recs, &m, &a);
    let rb = publish(&recs, &m, &b);
    assert_eq!(ra.manifest_digest, rb.manifest_digest);
    let files = |d: &Path, sub: &str| {
        let mut v: Vec<String> = std::fs::read_dir(d.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(&a, "shards"), files(&b, "shards"));
    assert_eq!(manifest(&a), manifest(&b));
    // Sequence 2: one record removed.
    let mut next = recs.clone();
    next.remove(100);
    let mut m2 = meta(2);
    m2.issued_at = t(2026, 11, 2);
    publish(&next, &m2, &c);
    let old: std::collections::BTreeSet<String> = files(&a, "shards").into_iter().collect();
    let new: std::collections::BTreeSet<String> = files(&c, "shards").into_iter().collect();
    let changed = new.difference(&old).count();
    assert!(
        (1..=8).contains(&changed),
        "{changed} of {} shards changed",
        new.len()
    );
}

fn one_key(recs: &[ListRecord]) -> Vec<Key> {
    let r = recs.iter().find(|r| r.uscc.is_some()).unwrap();
    text_keys(&[r.uscc.unwrap().as_ref()])
}

#[test]
fn tampered_swapped_foreign_and_missing_files_are_refused_never_answered() {
    let (recs, _, dir, _) = setup("attacks");
    let keys = one_key(&recs);
    let fresh = || ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let code = |e: SnapshotError| e.code();

    // Nothing fetched: the view is refused, not empty.
    let mut src = fresh();
    assert_eq!(
        src.view(&keys).map(|_| ()).map_err(code),
        Err("SHARD_MISSING")
    );

    // Fetch the page, then flip a bit in the shard.
    let page = src.missing(&keys).remove(0);
    assert_eq!(page.kind, FileKind::Page);
    let page_bytes = std::fs::read(dir.join(&page.path)).unwrap();
    let mut bad_page = page_bytes.clone();
    bad_page[3] ^= 1;
    assert_eq!(
        src.add(&page.digest, bad_page).map_err(code),
        Err("SHARD_DIGEST_MISMATCH")
    );
    src.add(&page.digest, page_bytes).unwrap();
    let shard = src.missing(&keys).remove(0);
    assert_eq!(shard.kind, FileKind::Shard);
    let good = std::fs::read(dir.join(&shard.path)).unwrap();
    for i in [0, 9, good.len() / 2, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[i] ^= 0x40;
        assert_eq!(
            src.add(&shard.digest, flipped).map_err(code),
            Err("SHARD_DIGEST_MISMATCH")
        );
        assert_eq!(
            src.add(&shard.digest, good[..i].to_vec()).map_err(code),
            Err("SHARD_DIGEST_MISMATCH")
        );
    }
    // Another shard of the same manifest offered under this one's name (swapped).
    let other = std::fs::read_dir(dir.join("shards"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.ends_with(&shard.path))
        .unwrap();
    assert_eq!(
        src.add(&shard.digest, std::fs::read(&other).unwrap())
            .map_err(code),
        Err("SHARD_DIGEST_MISMATCH")
    );
    // A shard of another manifest, under its own (correct) digest: not named by this one.
    let foreign_dir = temp("attacks-foreign");
    let mut foreign = synth_records(300, 99);
    foreign.truncate(300);
    publish(&foreign, &meta(1), &foreign_dir);
    let (fname, fbytes) = std::fs::read_dir(foreign_dir.join("shards"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_stem().unwrap().to_str().unwrap().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .find(|(n, _)| !dir.join("shards").join(format!("{n}.ccs")).exists())
        .unwrap();
    assert_eq!(
        src.add(&fname, fbytes).map_err(code),
        Err("SHARD_NOT_IN_MANIFEST")
    );
    assert_eq!(
        src.add("not hex", vec![1, 2]).map_err(code),
        Err("SHARD_NOT_IN_MANIFEST")
    );
    // Still nothing answered; with the right bytes it is.
    assert_eq!(
        src.view(&keys).map(|_| ()).map_err(code),
        Err("SHARD_MISSING")
    );
    src.add(&shard.digest, good).unwrap();
    assert!(src.view(&keys).is_ok());
}

#[test]
fn manifests_keep_the_snapshot_rules_rollback_freeze_and_tampering() {
    let (_, single, dir, _) = setup("manifest");
    let bytes = manifest(&dir);
    let code = |r: Result<ShardedSource, SnapshotError>| r.map(|_| ()).map_err(|e| e.code());
    // Rollback: a lower sequence than the one accepted.
    let after = LoadOptions {
        last_accepted_sequence: Some(2),
        ..opts()
    };
    assert_eq!(
        code(ShardedSource::open(bytes.clone(), &ring(), after)),
        Err("ROLLBACK")
    );
    // Freeze: a manifest past its expiry is refused unless stale answers are asked for (then
    // every verdict says stale).
    let late = LoadOptions {
        now: t(2026, 12, 2),
        ..opts()
    };
    assert_eq!(
        code(ShardedSource::open(bytes.clone(), &ring(), late)),
        Err("STALE")
    );
    // A manifest is not a snapshot, and a snapshot is not a manifest.
    assert_eq!(
        Snapshot::load(bytes.clone(), &ring(), opts())
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("SHARDED_MANIFEST")
    );
    let single_bytes = signed(records(), &meta(1), "t-ed", &ed());
    assert_eq!(
        code(ShardedSource::open(single_bytes, &ring(), opts())),
        Err("NOT_A_MANIFEST")
    );
    drop(single);
    // Every bit flipped in the manifest is refused (signature or digest), never opened.
    let mut refused = 0;
    for i in (0..bytes.len()).step_by(97) {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        if ShardedSource::open(b, &ring(), opts()).is_err() {
            refused += 1;
        } else {
            panic!("a flipped bit at {i} was accepted");
        }
    }
    assert!(refused > 10);
    // Unknown key.
    let other = keyring(&[entry("t-ed", &sm2())]);
    assert!(ShardedSource::open(bytes, &other, opts()).is_err());
}

#[test]
fn the_offline_mirror_lists_every_file_and_eviction_keeps_the_budget() {
    let (recs, _, dir, report) = setup("mirror");
    let mut src = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    let mut fetched = 0;
    loop {
        let all = src.missing_all();
        if all.is_empty() {
            break;
        }
        for f in all {
            src.add(&f.digest, std::fs::read(dir.join(&f.path)).unwrap())
                .unwrap();
            fetched += 1;
        }
    }
    assert_eq!(src.held_files().0 as u64, report.shards);
    assert_eq!(fetched as u64, report.shards + report.pages);
    // With everything held, any question is answered without a fetch.
    assert!(src.missing(&one_key(&recs)).is_empty());
    src.evict_to(100_000);
    assert!(src.held_bytes() <= 100_000);
}

/// More than `COMMON` records share a character pair of their 字号: the pair gets a shard of its
/// own, fetched only when a name has no rarer key — and answers stay those of the single file.
#[test]
fn a_very_common_name_key_is_fetched_only_when_the_matcher_would_use_it() {
    let chars: Vec<char> = "安邦宝诚达德东方丰富福光广国海航和恒弘鸿华汇佳嘉建金锦晶景聚凯康科蓝利联林隆茂美明南宁鹏平普奇启强庆荣瑞润森晟盛世顺泰天通万伟文祥新信星兴旭亚扬耀益英永宇裕远源跃泽正志中众卓"
        .chars()
        .collect();
    let base = hand_records()[0].clone();
    let mut recs = Vec::new();
    'outer: for a in &chars {
        for b in &chars {
            for c in ["贸易", "科技", "商贸", "物流"] {
                let mut r = base.clone();
                r.uscc = None;
                r.org_code = None;
                r.registration_number = None;
                r.related_persons.clear();
                r.name = format!("福州华兴{a}{b}{c}有限公司");
                recs.push(r);
                if recs.len() > credit_check::matching::COMMON + 500 {
                    break 'outer;
                }
            }
        }
    }
    recs.extend(synth_records(500, 3));
    let dir = temp("common");
    let mut m = meta(1);
    m.list_types = Vec::new();
    publish(&recs, &m, &dir);
    let single = Snapshot::load(signed(recs.clone(), &m, "t-ed", &ed()), &ring(), opts()).unwrap();
    let index = NameIndex::build(&single);
    let mut src = ShardedSource::open(manifest(&dir), &ring(), opts()).unwrap();
    assert!(!src.info().common.is_empty(), "the pair must be common");
    let o = MatchOptions::default();
    for (name, big) in [
        ("福州华兴安邦贸易有限公司", false),
        ("华兴贸易有限公司", true),
        ("福建华兴科技有限公司", true),
        ("福州华兴德东科技有限公司", false),
    ] {
        let p = Party {
            name: Some(name.into()),
            ..Party::default()
        };
        let keys = src.party_keys(&p);
        let v = view(&mut src, &dir, &keys).unwrap();
        assert_eq!(
            v.len() > credit_check::matching::COMMON,
            big,
            "{name}: {} records",
            v.len()
        );
        let want = screen(&single, &index, &p, &o);
        let got = screen(&v, &NameIndex::build(&v), &p, &o);
        let rec = |s: &Snapshot, r: &credit_check::matching::PartyResult| {
            (
                r.band,
                r.omitted,
                r.hits
                    .iter()
                    .map(|h| {
                        (
                            format!("{:?}{:.3}", h.kind, h.score),
                            s.name(h.row as usize).into_owned(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(rec(&v, &got), rec(&single, &want), "{name}");
        assert!(big || !want.hits.is_empty(), "{name}");
        src.evict_to(0);
    }
}

/// Mix-and-match across sequences: the files of an older manifest are refused by a newer one
/// where they differ (TUF's rule: every file is named by the signed metadata in use).
#[test]
fn files_of_an_older_sequence_are_refused_where_they_changed() {
    let recs = records();
    let (a, b) = (temp("mix-1"), temp("mix-2"));
    publish(&recs, &meta(1), &a);
    let mut next = recs.clone();
    next.remove(100);
    let mut m2 = meta(2);
    m2.issued_at = t(2026, 11, 2);
    publish(&next, &m2, &b);
    let mut src = ShardedSource::open(manifest(&b), &ring(), opts()).unwrap();
    let names = |d: &Path, sub: &str| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(d.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect()
    };
    let old_only: Vec<String> = names(&a, "shards")
        .difference(&names(&b, "shards"))
        .cloned()
        .collect();
    assert!(!old_only.is_empty());
    // Hold every page of the new manifest, then offer the old shards under their own names.
    loop {
        let pages: Vec<_> = src
            .missing_all()
            .into_iter()
            .filter(|f| f.kind == FileKind::Page)
            .collect();
        if pages.is_empty() {
            break;
        }
        for f in pages {
            src.add(&f.digest, std::fs::read(b.join(&f.path)).unwrap())
                .unwrap();
        }
    }
    for f in &old_only {
        let digest = f.trim_end_matches(".ccs");
        let bytes = std::fs::read(a.join("shards").join(f)).unwrap();
        assert_eq!(
            src.add(digest, bytes.clone()).map_err(|e| e.code()),
            Err("SHARD_NOT_IN_MANIFEST")
        );
        // …and under the name of a shard the new manifest does list.
        let listed = src.missing_all().remove(0);
        assert_eq!(
            src.add(&listed.digest, bytes).map_err(|e| e.code()),
            Err("SHARD_DIGEST_MISMATCH")
        );
    }
    for p in names(&a, "pages").difference(&names(&b, "pages")) {
        let bytes = std::fs::read(a.join("pages").join(p)).unwrap();
        assert_eq!(
            src.add(p.trim_end_matches(".bin"), bytes)
                .map_err(|e| e.code()),
            Err("SHARD_NOT_IN_MANIFEST")
        );
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_credit-check"))
        .args(args)
        .output()
        .unwrap()
}

/// The CLI end to end: `build --sharded`, then `check` and `verify-record` on the manifest read
/// only the shards they need; a deleted shard makes the check fail with SHARD_MISSING.
#[test]
fn the_cli_publishes_checks_and_re_verifies_a_sharded_snapshot() {
    let dir = temp("cli");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let keys = dir.join("keys");
    assert!(cli(&[
        "keygen",
        "--alg",
        "ed25519",
        "--id",
        "nat-1",
        "--out",
        &s(&keys)
    ])
    .status
    .success());
    let out = dir.join("national");
    let built = cli(&[
        "build",
        "--sharded",
        "--synth",
        "3000",
        "--persons",
        "70",
        "--out",
        &s(&out),
        "--publisher",
        "国家公共信用信息中心",
        "--sequence",
        "3",
        "--valid-days",
        "30",
        "--key",
        &s(&keys.join("nat-1.key.json")),
    ]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&built.stdout).unwrap();
    assert_eq!(report["records"], 3000);
    let r = synth_records(1, 1).remove(0);
    let parties = dir.join("parties.json");
    std::fs::write(
        &parties,
        serde_json::json!({"scenario": "SC-ZFCG-SUPPLIER", "parties": [{"role": "applicant", "name": r.name, "code": r.uscc.map(|u| u.to_string())}]}).to_string(),
    )
    .unwrap();
    let manifest = out.join("manifest.ccs");
    let pubkey = keys.join("nat-1.pub.json");
    let record = dir.join("record.json");
    let checked = cli(&[
        "check",
        "--snapshot",
        &s(&manifest),
        "--keys",
        &s(&pubkey),
        &s(&parties),
        "--record-out",
        &s(&record),
    ]);
    assert!(
        [0, 1, 3].contains(&checked.status.code().unwrap()),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains(&format!(
        "\"payloadDigest\":\"{}\"",
        report["manifestDigest"].as_str().unwrap()
    )));
    assert!(text.contains("\"shards\":[\""));
    let verified = cli(&[
        "verify-record",
        "--snapshot",
        &s(&manifest),
        "--keys",
        &s(&pubkey),
        &s(&record),
    ]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    // A higher sequence accepted before: refused as a rollback.
    let rolled = cli(&[
        "check",
        "--snapshot",
        &s(&manifest),
        "--keys",
        &s(&pubkey),
        &s(&parties),
        "--last-sequence",
        "4",
    ]);
    assert!(!rolled.status.success());
    assert!(
        String::from_utf8_lossy(&rolled.stderr).contains("ROLLBACK"),
        "{}",
        String::from_utf8_lossy(&rolled.stderr)
    );
    // Delete every shard: the check cannot be done, and says so.
    std::fs::remove_dir_all(out.join("shards")).unwrap();
    let missing = cli(&[
        "check",
        "--snapshot",
        &s(&manifest),
        "--keys",
        &s(&pubkey),
        &s(&parties),
    ]);
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("SHARD_MISSING"), "{err}");
}

/// Several publishers' lists checked together: each manifest verified under its own scoped key,
/// every hit naming the publisher and key of its record, and a key signing outside its scope
/// refused.
#[test]
fn a_combined_view_keeps_each_records_publisher_and_key() {
    use credit_check::lists::record::ListType;
    use credit_check::shards::source::CombinedSource;
    use credit_check::snapshot::keyring::KeyScope;
    let all = records();
    let on = |l: ListType| -> Vec<ListRecord> {
        all.iter().filter(|r| r.list_type == l).cloned().collect()
    };
    let mut court = on(ListType::JudgmentDefaulters);
    let procurement = on(ListType::ProcurementViolations);
    // One supplier on both lists.
    let both = procurement
        .iter()
        .find(|r| r.uscc.is_some())
        .unwrap()
        .clone();
    let mut on_court = court.iter().find(|r| r.uscc.is_some()).unwrap().clone();
    on_court.uscc = both.uscc;
    on_court.org_code = both.org_code;
    on_court.name = both.name.clone();
    court.push(on_court);
    let meta_of = |publisher: &str, l: ListType| Meta {
        publisher: publisher.into(),
        list_types: vec![l],
        ..meta(1)
    };
    let (cd, pd) = (temp("combined-court"), temp("combined-zfcg"));
    let mut p = Publisher::new(&cd).unwrap();
    court.iter().for_each(|r| p.add(r).unwrap());
    p.finish(
        &meta_of("最高人民法院", ListType::JudgmentDefaulters),
        "court",
        &ed(),
    )
    .unwrap();
    let mut p = Publisher::new(&pd).unwrap();
    procurement.iter().for_each(|r| p.add(r).unwrap());
    p.finish(
        &meta_of("财政部", ListType::ProcurementViolations),
        "mof",
        &sm2(),
    )
    .unwrap();
    let scope = |who: &str, l: ListType| {
        Some(KeyScope::new(Some(who.into()), Some(vec![l]), None).unwrap())
    };
    let ring = keyring(&[
        entry("court", &ed()).with_scope(scope("最高人民法院", ListType::JudgmentDefaulters)),
        entry("mof", &sm2()).with_scope(scope("财政部", ListType::ProcurementViolations)),
    ]);
    let open = |d: &Path| ShardedSource::open(manifest(d), &ring, opts()).unwrap();
    let mut combined = CombinedSource::new(vec![open(&cd), open(&pd)]).unwrap();
    let input = CheckInput {
        scenario: "SC-ZFCG-SUPPLIER".into(),
        cutoff: Some("2026-11-10".into()),
        parties: vec![CheckParty {
            role: "applicant".into(),
            name: Some(both.name.clone()),
            code: both.uscc.map(|u| u.to_string()),
            ..CheckParty::default()
        }],
        ..CheckInput::default()
    };
    for _ in 0..3 {
        for f in combined.missing(&input) {
            let dir = if cd.join(&f.path).exists() { &cd } else { &pd };
            combined
                .add(&f.digest, std::fs::read(dir.join(&f.path)).unwrap())
                .unwrap();
        }
    }
    let v = combined.view(&input).unwrap();
    let rec = record_of(&v, &input);
    let json: serde_json::Value = serde_json::from_str(&rec.json).unwrap();
    let snap = &json["verdict"]["snapshot"];
    assert_eq!(snap["sources"].as_array().unwrap().len(), 2);
    assert_eq!(snap["sources"][0]["publisher"], "最高人民法院");
    assert_eq!(snap["sources"][1]["keyId"], "mof");
    // Every hit — by screening the same party — names the publisher and key of its record; the
    // check's hits carry the same in `record.source`.
    let party = input.parties[0].party();
    let r = screen(&v, &NameIndex::build(&v), &party, &MatchOptions::default());
    let whose: std::collections::BTreeSet<(String, String)> = r
        .hits
        .iter()
        .map(|h| {
            let src = v.row_source(h.row as usize).unwrap();
            (
                v.list_type(h.row as usize).id().to_string(),
                format!("{}/{}", src.publisher, src.key_id),
            )
        })
        .collect();
    assert!(
        whose.contains(&("LT-SXBZXR".into(), "最高人民法院/court".into())),
        "{whose:?}"
    );
    assert!(
        whose.contains(&("LT-ZFCG".into(), "财政部/mof".into())),
        "{whose:?}"
    );
    let checked = json["verdict"]["parties"][0]["hits"].as_array().unwrap();
    assert!(!checked.is_empty());
    for h in checked {
        let (list, src) = (&h["record"]["listType"], &h["record"]["source"]);
        let want = if list == "LT-ZFCG" { "mof" } else { "court" };
        assert_eq!(src["keyId"], want, "{h}");
    }
    // The court's key cannot sign the procurement office's list.
    let (xd, mut bad) = (
        temp("combined-out-of-scope"),
        Publisher::new(&temp("combined-out-of-scope")).unwrap(),
    );
    procurement.iter().for_each(|r| bad.add(r).unwrap());
    bad.finish(
        &meta_of("最高人民法院", ListType::ProcurementViolations),
        "court",
        &ed(),
    )
    .unwrap();
    assert_eq!(
        ShardedSource::open(manifest(&xd), &ring, opts())
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("KEY_OUT_OF_SCOPE")
    );
}
