//! Snapshot signing keys end to end: a pinned keyring of two keys, rotation by the publisher's
//! CLI code (`src/publish/keygen.rs`, compiled in here), and what clients accept.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]

#[path = "../src/publish/keygen.rs"]
mod keygen;

use chrono::{DateTime, TimeZone, Utc};
use credit_check::lists::record::ListType;
use credit_check::snapshot::keyring::{KeyEntry, KeyScope, Keyring};
use credit_check::snapshot::signature::{verify, Algorithm, KeyError, SigningKey};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// A scratch directory removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "credit-check-keys-{name}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Two publisher keys made with the CLI's code, and the client's pinned keyring of both.
struct Setup {
    dir: Scratch,
    ring: Keyring,
}

fn setup(name: &str) -> Setup {
    let dir = Scratch::new(name);
    let ed = keygen::generate_files(
        "ed25519",
        "ed-2025",
        dir.path(),
        Some("2025-01-01"),
        Some("2028-01-01T00:00:00Z"),
        None,
    )
    .unwrap();
    let sm = keygen::generate_files("sm2", "sm-2025", dir.path(), Some("2025-01-01"), None, None)
        .unwrap();
    let ring_json = format!(
        "{{\"version\": 1, \"keys\": [{}, {}]}}",
        ed.public_entry, sm.public_entry
    );
    Setup {
        ring: Keyring::from_json(&ring_json).unwrap(),
        dir,
    }
}

fn load_key(dir: &Path, id: &str) -> SigningKey {
    let json = std::fs::read_to_string(dir.join(format!("{id}.key.json"))).unwrap();
    let (file_id, key) = SigningKey::from_key_file_json(&json).unwrap();
    assert_eq!(file_id, id);
    key
}

#[test]
fn keygen_writes_a_secret_and_a_public_file() {
    let s = setup("files");
    for (id, alg) in [
        ("ed-2025", Algorithm::Ed25519),
        ("sm-2025", Algorithm::Sm2Sm3),
    ] {
        let secret = s.dir.path().join(format!("{id}.key.json"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{id}");
        }
        let key = load_key(s.dir.path(), id);
        let public = std::fs::read_to_string(s.dir.path().join(format!("{id}.pub.json"))).unwrap();
        assert!(!public.contains("secretKey"));
        let entry = KeyEntry::from_json(&public).unwrap();
        assert_eq!(entry.algorithm(), alg);
        assert_eq!(entry.public_key(), &key.public_key());
        assert_eq!(s.ring.get(id), Some(&entry));
        assert_eq!(entry.valid_from(), Some(t(2025, 1, 1)));
    }
    let none = keygen::ScopeArgs::default();
    // Never overwrites.
    let e = keygen::run("ed25519", "ed-2025", s.dir.path(), None, None, &none).unwrap_err();
    assert!(e.contains("not overwriting"), "{e}");
    // Bad arguments.
    assert!(keygen::run("rsa", "x", s.dir.path(), None, None, &none)
        .unwrap_err()
        .contains("unknown algorithm"));
    assert!(
        keygen::run("ed25519", "../x", s.dir.path(), None, None, &none)
            .unwrap_err()
            .contains("MALFORMED_KEYRING")
    );
    assert!(keygen::run("ed25519", "x", s.dir.path(), Some("soon"), None, &none).is_err());
    assert!(keygen::run(
        "ed25519",
        "x",
        s.dir.path(),
        Some("2026-01-01T00:00:00.5Z"),
        None,
        &none
    )
    .is_err());
    assert!(keygen::run(
        "ed25519",
        "x",
        s.dir.path(),
        Some("2026-01-01"),
        Some("2025-01-01"),
        &none
    )
    .unwrap_err()
    .contains("MALFORMED_KEYRING"));
    assert!(!s.dir.path().join("x.key.json").exists());
    // run() itself, into a new directory.
    let sub = s.dir.path().join("sub");
    keygen::run("sm2-sm3", "sm-x", &sub, None, Some("2030-01-01"), &none).unwrap();
    assert!(sub.join("sm-x.key.json").exists() && sub.join("sm-x.pub.json").exists());
    assert_eq!(keygen::parse_algorithm("sm2"), Ok(Algorithm::Sm2Sm3));
    assert_eq!(keygen::parse_time("2026-01-01"), Ok(t(2026, 1, 1)));
    assert_eq!(
        keygen::parse_time("2026-01-01T08:00:00+08:00"),
        Ok(t(2026, 1, 1))
    );
}

#[test]
fn snapshots_verify_under_the_pinned_keys() {
    let s = setup("verify");
    let at = t(2026, 3, 1);
    for (id, alg) in [
        ("ed-2025", Algorithm::Ed25519),
        ("sm-2025", Algorithm::Sm2Sm3),
    ] {
        let key = load_key(s.dir.path(), id);
        let header = format!("snapshot header signed by {id}");
        let sig = key.sign(header.as_bytes());
        let entry = s.ring.verify(id, alg, header.as_bytes(), &sig, at).unwrap();
        assert_eq!(entry.id(), id);
        // Tampered header.
        let e = s
            .ring
            .verify(id, alg, b"snapshot header", &sig, at)
            .unwrap_err();
        assert_eq!(e.code(), "BAD_SIGNATURE");
    }
}

#[test]
fn wrong_algorithm_claim_is_rejected() {
    let s = setup("wrongalg");
    let ed = load_key(s.dir.path(), "ed-2025");
    let sig = ed.sign(b"h");
    let e = s
        .ring
        .verify("ed-2025", Algorithm::Sm2Sm3, b"h", &sig, t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(
        e,
        KeyError::WrongAlgorithm {
            key_id: "ed-2025".into(),
            claimed: Algorithm::Sm2Sm3,
            actual: Algorithm::Ed25519
        }
    );
    // An SM2 signature presented under the Ed25519 key id with the SM2 claim: refused too.
    let sm = load_key(s.dir.path(), "sm-2025");
    let sig = sm.sign(b"h");
    let e = s
        .ring
        .verify("ed-2025", Algorithm::Sm2Sm3, b"h", &sig, t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(e.code(), "WRONG_ALGORITHM");
    // ... and with the Ed25519 claim it simply does not verify.
    let e = s
        .ring
        .verify("ed-2025", Algorithm::Ed25519, b"h", &sig, t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(e.code(), "BAD_SIGNATURE");
}

#[test]
fn rotation_signed_by_a_valid_key_is_accepted_and_retires_the_old_key() {
    let s = setup("rotate");
    let mut ring = s.ring.clone();
    let dir = s.dir.path();
    keygen::generate_files("ed25519", "ed-2026", dir, Some("2026-06-01"), None, None).unwrap();
    let old_key = dir.join("ed-2025.key.json");
    let new_pub = dir.join("ed-2026.pub.json");
    let rotation = keygen::sign_rotation_with(&old_key, &new_pub, Some("2026-09-01")).unwrap();

    // A snapshot the old key signed before the rotation.
    let old = load_key(dir, "ed-2025");
    let old_header = b"sequence 41, issued 2026-05-01";
    let old_sig = old.sign(old_header);
    ring.verify(
        "ed-2025",
        Algorithm::Ed25519,
        old_header,
        &old_sig,
        t(2026, 10, 1),
    )
    .unwrap();

    let added = ring
        .accept_rotation_at(&rotation, "ed-2025", t(2026, 6, 15))
        .unwrap();
    assert_eq!(added.id(), "ed-2026");
    assert_eq!(added.introduced_by().unwrap().key_id(), "ed-2025");

    // New snapshots verify under the new key.
    let new = load_key(dir, "ed-2026");
    let header = b"sequence 42";
    let sig = new.sign(header);
    ring.verify("ed-2026", Algorithm::Ed25519, header, &sig, t(2026, 10, 1))
        .unwrap();

    // The rotated-out key: still good before its new end, rejected from then on.
    ring.verify(
        "ed-2025",
        Algorithm::Ed25519,
        old_header,
        &old_sig,
        t(2026, 8, 31),
    )
    .unwrap();
    let e = ring
        .verify(
            "ed-2025",
            Algorithm::Ed25519,
            old_header,
            &old_sig,
            t(2026, 9, 1),
        )
        .unwrap_err();
    assert_eq!(
        e,
        KeyError::KeyExpired {
            key_id: "ed-2025".into(),
            valid_until: t(2026, 9, 1)
        }
    );
    assert_eq!(e.message(), "密钥“ed-2025”已于2026-09-01T00:00:00Z失效");

    // The client persists the keyring; reloaded, it still refuses the old key.
    let reloaded = Keyring::from_json(&ring.to_json()).unwrap();
    let e = reloaded
        .verify(
            "ed-2025",
            Algorithm::Ed25519,
            old_header,
            &old_sig,
            t(2026, 12, 1),
        )
        .unwrap_err();
    assert_eq!(e.code(), "KEY_EXPIRED");

    // Rotation across algorithms: the SM2 key introduces another SM2 key.
    keygen::generate_files("sm2", "sm-2026", dir, None, None, None).unwrap();
    let json = keygen::sign_rotation(&dir.join("sm-2025.key.json"), &dir.join("sm-2026.pub.json"))
        .unwrap();
    ring.accept_rotation_at(&json, "sm-2025", t(2026, 7, 1))
        .unwrap();
    assert_eq!(ring.get("sm-2025").unwrap().valid_until(), None);
    keygen::rotate_key(
        &dir.join("sm-2025.key.json"),
        &dir.join("sm-2026.pub.json"),
        None,
    )
    .unwrap();
    keygen::rotate_key(&old_key, &new_pub, Some("2026-09-01")).unwrap();
}

#[test]
fn rotation_signed_by_an_unknown_or_expired_key_is_refused() {
    let s = setup("refuse");
    let dir = s.dir.path();
    keygen::generate_files("ed25519", "ed-new", dir, None, None, None).unwrap();
    let new_pub = dir.join("ed-new.pub.json");

    // Signed by a key the client never pinned.
    let rogue_dir = Scratch::new("rogue");
    keygen::generate_files("ed25519", "rogue", rogue_dir.path(), None, None, None).unwrap();
    let forged = keygen::sign_rotation(&rogue_dir.path().join("rogue.key.json"), &new_pub).unwrap();
    let mut ring = s.ring.clone();
    let e = ring
        .accept_rotation_at(&forged, "rogue", t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
    assert!(
        matches!(&e, KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "UNKNOWN_KEY")
    );
    // Claiming to be signed by a pinned key does not help: the signature does not verify.
    let relabelled = forged.replace("\"rogue\"", "\"ed-2025\"");
    let e = ring
        .accept_rotation_at(&relabelled, "ed-2025", t(2026, 1, 1))
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "BAD_SIGNATURE"),
        "{e}"
    );
    // Signed by the pinned key after it expired (2028-01-01).
    let late = keygen::sign_rotation(&dir.join("ed-2025.key.json"), &new_pub).unwrap();
    let e = ring
        .accept_rotation_at(&late, "ed-2025", t(2028, 1, 1))
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "KEY_EXPIRED"),
        "{e}"
    );
    assert_eq!(ring, s.ring, "nothing was added");
    // Signed by a key that a previous rotation retired.
    keygen::generate_files("ed25519", "ed-2026", dir, None, None, None).unwrap();
    let r = keygen::sign_rotation_with(
        &dir.join("ed-2025.key.json"),
        &dir.join("ed-2026.pub.json"),
        Some("2026-02-01"),
    )
    .unwrap();
    ring.accept_rotation_at(&r, "ed-2025", t(2026, 1, 15))
        .unwrap();
    let e = ring
        .accept_rotation_at(&late, "ed-2025", t(2026, 3, 1))
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "KEY_EXPIRED"),
        "{e}"
    );
    // The same entry is accepted by the still valid key in time.
    ring.accept_rotation_at(&late, "ed-2025", t(2026, 1, 20))
        .unwrap();
    // sign_rotation refuses an entry that is already introduced, and junk files.
    let done = dir.join("done.json");
    std::fs::write(&done, &late).unwrap();
    let e = keygen::sign_rotation(&dir.join("sm-2025.key.json"), &done).unwrap_err();
    assert!(e.contains("already introduced"), "{e}");
    let e = keygen::sign_rotation(&new_pub, &new_pub).unwrap_err();
    assert!(e.contains("MALFORMED_KEYRING"), "{e}");
    assert!(keygen::sign_rotation(&dir.join("missing"), &new_pub).is_err());
}

#[test]
fn every_error_code_comes_from_some_input() {
    let s = setup("codes");
    let dir = s.dir.path();
    let mut ring = s.ring.clone();
    let ed = load_key(dir, "ed-2025");
    let sig = ed.sign(b"m");
    let at = t(2026, 1, 1);
    let mut seen = BTreeSet::new();
    let mut see = |r: Result<(), KeyError>| seen.insert(r.unwrap_err().code());
    see(ring
        .verify("ed-2025", Algorithm::Ed25519, b"x", &sig, at)
        .map(drop));
    see(ring
        .verify("nope", Algorithm::Ed25519, b"m", &sig, at)
        .map(drop));
    see(ring
        .verify("ed-2025", Algorithm::Sm2Sm3, b"m", &sig, at)
        .map(drop));
    see("rsa".parse::<Algorithm>().map(drop));
    see(ring
        .verify("ed-2025", Algorithm::Ed25519, b"m", &sig, t(2030, 1, 1))
        .map(drop));
    see(ring
        .verify("ed-2025", Algorithm::Ed25519, b"m", &sig, t(2020, 1, 1))
        .map(drop));
    see(
        credit_check::snapshot::signature::PublicKey::from_bytes(Algorithm::Sm2Sm3, &[4; 65])
            .map(drop),
    );
    see(ring
        .verify("ed-2025", Algorithm::Ed25519, b"m", &sig[1..], at)
        .map(drop));
    see(Keyring::from_json("{").map(drop));
    let entry = KeyEntry::new("x", ed.public_key(), None, None)
        .unwrap()
        .to_json();
    see(ring.accept_rotation_at(&entry, "ed-2025", at).map(drop));
    struct Broken;
    impl rand_core::RngCore for Broken {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, _: &mut [u8]) {}
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), rand_core::Error> {
            Err(rand_core::Error::from(
                std::num::NonZeroU32::new(rand_core::Error::CUSTOM_START).unwrap(),
            ))
        }
    }
    impl rand_core::CryptoRng for Broken {}
    see(SigningKey::generate_with_rng(Algorithm::Ed25519, None, &mut Broken).map(drop));
    let scoped = KeyEntry::new("court", ed.public_key(), None, None)
        .unwrap()
        .with_scope(Some(
            KeyScope::new(Some("最高人民法院".into()), None, None).unwrap(),
        ));
    see(scoped.check_scope("某某", &[], "350000"));
    // ALGORITHM_NOT_BUILT needs a build without one algorithm (feature `ed25519` or `sm2` off);
    // the default build has both (tests: src/snapshot/signature.rs, scripts/build.sh variants).
    let want: BTreeSet<&str> = KeyError::CODES
        .into_iter()
        .filter(|c| *c != "ALGORITHM_NOT_BUILT")
        .collect();
    assert_eq!(seen, want);
    // The free function agrees with the keyring.
    verify(ring.get("ed-2025").unwrap().public_key(), b"m", &sig).unwrap();
}

#[test]
fn keygen_writes_the_scope_and_rotation_may_only_narrow_it() {
    let dir = Scratch::new("scope");
    let d = dir.path();
    let lists = ["LT-XGXF".to_string(), "LT-SXBZXR".to_string()];
    let regions = ["350000".to_string()];
    let args = keygen::ScopeArgs {
        publisher: Some("最高人民法院"),
        list_types: &lists,
        regions: &regions,
    };
    keygen::run("ed25519", "court-2025", d, None, None, &args).unwrap();
    let public = std::fs::read_to_string(d.join("court-2025.pub.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(
        v["scope"],
        serde_json::json!({"publisher": "最高人民法院", "listTypes": ["LT-SXBZXR", "LT-XGXF"],
            "regions": ["350000"]}),
        "{public}"
    );
    let entry = KeyEntry::from_json(&public).unwrap();
    let scope = entry.scope().unwrap();
    assert_eq!(scope.publisher(), Some("最高人民法院"));
    assert_eq!(
        scope.list_types(),
        Some(
            &[
                ListType::JudgmentDefaulters,
                ListType::HighConsumptionRestricted
            ][..]
        )
    );
    // No scope option: an unscoped entry, as before.
    let none = keygen::ScopeArgs::default();
    assert_eq!(none.scope(), Ok(None));
    keygen::run("ed25519", "any-2025", d, None, None, &none).unwrap();
    let public = std::fs::read_to_string(d.join("any-2025.pub.json")).unwrap();
    assert!(!public.contains("scope"), "{public}");
    // Bad scope options: refused, nothing written.
    let bad_list = ["LT-NOPE".to_string()];
    let e = keygen::run(
        "ed25519",
        "x1",
        d,
        None,
        None,
        &keygen::ScopeArgs {
            list_types: &bad_list,
            ..none
        },
    )
    .unwrap_err();
    assert!(
        e.contains("--list-type: unknown list type 'LT-NOPE'"),
        "{e}"
    );
    let bad_region = ["3500".to_string()];
    let e = keygen::run(
        "ed25519",
        "x2",
        d,
        None,
        None,
        &keygen::ScopeArgs {
            regions: &bad_region,
            ..none
        },
    )
    .unwrap_err();
    assert!(
        e.contains("MALFORMED_KEYRING") && e.contains("'3500'"),
        "{e}"
    );
    let e = keygen::run(
        "ed25519",
        "x3",
        d,
        None,
        None,
        &keygen::ScopeArgs {
            publisher: Some(""),
            ..none
        },
    )
    .unwrap_err();
    assert!(e.contains("scope.publisher"), "{e}");
    for id in ["x1", "x2", "x3"] {
        assert!(!d.join(format!("{id}.key.json")).exists(), "{id}");
    }

    // Rotation with rotate-key's code: the court key may introduce a narrower key, not a wider one.
    let ring = Keyring::from_json(&format!(
        "{{\"version\": 1, \"keys\": [{}]}}",
        std::fs::read_to_string(d.join("court-2025.pub.json")).unwrap()
    ))
    .unwrap();
    let fuzhou = ["350100".to_string()];
    let one_list = ["LT-SXBZXR".to_string()];
    keygen::run(
        "sm2",
        "court-fz",
        d,
        None,
        None,
        &keygen::ScopeArgs {
            publisher: Some("最高人民法院"),
            list_types: &one_list,
            regions: &fuzhou,
        },
    )
    .unwrap();
    let old_key = d.join("court-2025.key.json");
    let narrower = keygen::sign_rotation(&old_key, &d.join("court-fz.pub.json")).unwrap();
    let mut r = ring.clone();
    let added = r
        .accept_rotation_at(&narrower, "court-2025", t(2026, 1, 1))
        .unwrap();
    assert_eq!(added.scope().unwrap().regions(), Some(&fuzhou[..]));
    let wider = keygen::sign_rotation(&old_key, &d.join("any-2025.pub.json")).unwrap();
    let mut r = ring.clone();
    let e = r
        .accept_rotation_at(&wider, "court-2025", t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
    assert!(e.message_en().contains("has no scope"), "{e}");
    assert_eq!(r, ring, "unchanged");
}

#[test]
fn the_typescript_error_codes_list_every_key_and_snapshot_code() {
    let dts =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/index.d.ts")).unwrap();
    // SnapshotErrorCode unites the snapshot layer's codes and the key codes (tests/error_codes.rs
    // ties each union to its enum).
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    for name in [
        "SnapshotErrorCode",
        "SnapshotLayerErrorCode",
        "KeyErrorCode",
    ] {
        let head = format!("export type {name} =");
        let start = dts.find(&head).unwrap();
        let union = &dts[start..start + dts[start..].find(';').unwrap()];
        listed.extend(union.split('\'').skip(1).step_by(2));
    }
    let native_only = ["RANDOMNESS_UNAVAILABLE"]; // key generation is not in the wasm build
    for code in KeyError::CODES
        .into_iter()
        .filter(|c| !native_only.contains(c))
        .chain(credit_check::snapshot::SnapshotError::CODES)
    {
        assert!(
            listed.contains(code),
            "{code} is missing from SnapshotErrorCode in pkg/index.d.ts"
        );
    }
}
