//! The CLI's synthetic record generator (`src/publish/synth.rs`, compiled in here with
//! the record reader it writes for, as `tests/snapshot_keys.rs` does with `keygen.rs`):
//! determinism, every record passing its checks, round trips, shares, codes and names. Moved out
//! of the source file (issue 14); regions_are_current_and_named, which reads the private region
//! table, stays there (and so runs here too, the module being compiled in).
// Needs the publisher's tools or the CLI: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "publish")]
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/publish/input.rs"]
mod input;
#[allow(dead_code)]
#[path = "../src/publish/synth.rs"]
mod synth;

use credit_check::lists::record::{EntityKind, ListRecord, ListType, ListingStatus};
use input::{check_input, read_records, Format};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use synth::*;

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("credit-check-synth-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn bytes(n: usize, seed: u64, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    synth(n, seed, &mut out, format).unwrap();
    out
}

fn records(n: usize, seed: u64) -> Vec<ListRecord> {
    let world = World::new(seed);
    (0..n as u64).map(|i| world.record(i)).collect()
}

#[test]
fn deterministic_for_a_seed_and_prefix_stable() {
    for format in [Format::Csv, Format::Jsonl] {
        let a = bytes(300, 7, format);
        assert_eq!(a, bytes(300, 7, format));
        assert_ne!(a, bytes(300, 8, format));
        // Record i does not depend on N.
        let short = bytes(100, 7, format);
        assert!(a.starts_with(&short));
    }
}

#[test]
fn every_record_passes_check() {
    for seed in [0, 1, 42, u64::MAX] {
        for r in records(3000, seed) {
            assert_eq!(r.check(), [], "{r:?}");
        }
    }
}

#[test]
fn round_trips_through_the_input_reader_as_csv_and_jsonl() {
    let dir = temp_dir("roundtrip");
    let want = records(2000, 3);
    for (format, file) in [
        (Format::Csv, "records.csv"),
        (Format::Jsonl, "records.jsonl"),
    ] {
        let path = dir.join(file);
        run(2000, 3, Some(&path), format).unwrap();
        let got = read_records(&path).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w);
        }
        let report = check_input(&path).unwrap();
        assert!(
            report.ok() && report.warning_count == 0,
            "{:?}",
            report.errors
        );
        assert_eq!(report.valid, 2000);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_list_type_status_and_kind_appears_with_plausible_shares() {
    let recs = records(5000, 11);
    let mut lists = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut kinds = BTreeMap::new();
    let (mut legacy_only, mut former, mut classes, mut reps) = (0, 0, 0, 0);
    for r in &recs {
        *lists.entry(r.list_type).or_insert(0) += 1;
        *statuses.entry(r.status).or_insert(0) += 1;
        *kinds.entry(r.entity_kind).or_insert(0) += 1;
        if r.uscc.is_none() && (r.org_code.is_some() || r.registration_number.is_some()) {
            legacy_only += 1;
        }
        former += usize::from(!r.former_names.is_empty());
        classes += usize::from(r.credit_class.is_some());
        reps += usize::from(r.legal_representative().is_some());
    }
    for l in ListType::ALL {
        assert!(lists.get(&l).copied().unwrap_or(0) >= 10, "{l}: {lists:?}");
    }
    for s in ListingStatus::ALL {
        // Objections and revocations are rare (a few per cent of black-list entries).
        let least = match s {
            ListingStatus::ObjectionPending | ListingStatus::Revoked => 20,
            _ => 100,
        };
        assert!(statuses.get(&s).copied().unwrap_or(0) >= least, "{s:?}");
    }
    let share = |n: usize| n as f64 / recs.len() as f64;
    let persons = share(kinds[&EntityKind::NaturalPerson]);
    assert!(
        (0.12..=0.18).contains(&persons),
        "natural persons {persons}"
    );
    let legacy = share(legacy_only);
    assert!((0.07..=0.14).contains(&legacy), "legacy-only {legacy}");
    assert!(share(kinds[&EntityKind::IndividualBusiness]) > 0.08);
    assert!(share(former) > 0.03 && share(classes) > 0.03 && share(reps) > 0.5);
}

#[test]
fn codes_are_unique_and_names_look_real() {
    let recs = records(20_000, 5);
    let mut orgs = HashSet::new();
    let mut seen_entities = HashSet::new();
    for r in &recs {
        let org = r.uscc.map(|u| u.org_code()).or(r.org_code);
        // An organisation code belongs to one entity (records may repeat an entity).
        if let Some(o) = org {
            let key = (o, r.name.clone());
            if seen_entities.insert(key) {
                assert!(orgs.insert(o), "{o} reused by {}", r.name);
            }
        }
        if let Some(u) = r.uscc {
            assert!(u.warnings().is_empty(), "{u}");
            assert!(u.category().is_some());
        }
    }
    let names: Vec<&str> = recs.iter().map(|r| r.name.as_str()).collect();
    assert!(names
        .iter()
        .any(|n| n.starts_with("福州") && n.ends_with("有限公司")));
    assert!(names.iter().any(|n| n.contains("（福建）")));
    assert!(names.iter().any(|n| n.ends_with("分公司")));
    assert!(names.iter().any(|n| n.contains("（集团）有限公司")));
    assert!(recs
        .iter()
        .any(|r| r.decision_number.starts_with("闽财采〔")));
    let fujian = recs
        .iter()
        .filter(|r| {
            r.listing_authority.contains("福建")
                || r.listing_authority.contains("福州")
                || r.listing_authority.contains("厦门")
        })
        .count();
    assert!(fujian > recs.len() / 10, "{fujian}");
}
