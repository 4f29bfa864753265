#![allow(dead_code)]
//! What both targets do with a snapshot that loaded, and the fixed keyring and clock.

use chrono::{DateTime, TimeZone, Utc};
use credit_check::snapshot::keyring::{KeyEntry, Keyring};
use credit_check::lists::record::ListType;
use credit_check::snapshot::signature::{Algorithm, SigningKey};
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError};
use std::sync::OnceLock;

/// The checking time: inside the window `seed.sh` builds for (issued 2026-11-01, 30 days).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 0, 0, 0).unwrap()
}

pub fn options() -> LoadOptions {
    LoadOptions {
        now: now(),
        last_accepted_sequence: Some(1),
        allow_stale: false,
    }
}

/// The tests' deterministic Ed25519 key (`tests/support`: `ed()`, seed byte 7) pinned as
/// `t-ed`, valid from 2020.
pub fn keyring() -> &'static Keyring {
    static RING: OnceLock<Keyring> = OnceLock::new();
    RING.get_or_init(|| {
        let key = SigningKey::from_secret_bytes(Algorithm::Ed25519, &[7; 32], None).unwrap();
        let from = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        let entry = KeyEntry::new("t-ed", key.public_key(), Some(from), None).unwrap();
        Keyring::from_json(&format!("{{\"version\":1,\"keys\":[{}]}}", entry.to_json())).unwrap()
    })
}

/// Codes to look up in any snapshot: valid and invalid, every kind, full-width, junk.
const CODES: &[&str] = &[
    "91350100MA2XY8010X",
    "91110108551385082Q",
    "551385082",
    "MA2XY801-0",
    "350203600123451",
    "350203197505050011",
    "350203750505001",
    "９１１１０１０８５５１３８５０８２Ｑ",
    "",
    "x",
];


/// Everything a client does with a loaded snapshot.
pub fn exercise(s: &Snapshot) {
    let st = s.status_at(now());
    let _ = serde_json::to_string(&st);
    let _ = (
        s.header_json().len(),
        s.memory_bytes(),
        s.size(),
        s.is_stale_at(now()),
    );
    let lists = [ListType::ALL[0], ListType::ALL[5]];
    for (row, r) in s.records().take(2000).enumerate() {
        let _ = (
            s.name(row),
            s.list_type(row),
            s.entity_kind(row),
            s.status(row),
        );
        match r {
            Ok(r) => {
                for id in r.identifiers() {
                    let a = s.lookup(&id, None);
                    let _ = s.lookup(&id, Some(&lists));
                    let _ = s.count(&id);
                    if let credit_check::snapshot::Lookup::Listed(hits) = a.lookup {
                        for h in hits.iter().take(8) {
                            let _ = s.record(h.row as usize);
                        }
                    }
                }
            }
            Err(e) => describe(&e),
        }
    }
    for code in CODES {
        let _ = s.lookup_input(code, None);
        let _ = s.lookup_input(code, Some(&lists));
    }
    let _ = s.record(s.len());
}

/// An error as the CLI and the JS bindings show it.
pub fn describe(e: &SnapshotError) {
    let _ = (e.code(), e.message(), e.message_en(), e.offset());
    let _ = serde_json::to_string(e);
}
