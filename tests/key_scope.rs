//! Keys scoped to their publisher (issue 16): a keyring entry's `scope` names the publisher,
//! list types and regions the key may sign for, and a snapshot whose signed header is outside
//! it is refused (`KEY_OUT_OF_SCOPE`) by `Snapshot::load` and the streaming reader alike.
//! Unscoped (legacy) entries keep working, with their old canonical bytes and signatures.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))] // signing: native only

mod support;

use credit_check::lists::record::{ListRecord, ListType};
use credit_check::snapshot::build::Meta;
use credit_check::snapshot::format::Region;
use credit_check::snapshot::keyring::{KeyEntry, KeyScope, Keyring};
use credit_check::snapshot::signature::{KeyError, ScopeViolation};
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError, SnapshotReader};
use support::*;

const PUBLISHER: &str = "测试发布方";
const COURT_LISTS: [ListType; 2] = [
    ListType::JudgmentDefaulters,
    ListType::HighConsumptionRestricted,
];

/// The court's key `court-ed`: `ed()` limited to `PUBLISHER`, the two court lists, Fujian.
fn court_ring() -> Keyring {
    let scope = KeyScope::new(
        Some(PUBLISHER.into()),
        Some(COURT_LISTS.to_vec()),
        Some(vec!["350000".into()]),
    )
    .unwrap();
    keyring(&[entry("court-ed", &ed()).with_scope(Some(scope))])
}

/// The hand-made records on a court list (失信被执行人).
fn court_records() -> Vec<ListRecord> {
    hand_records()
        .into_iter()
        .filter(|r| r.list_type == ListType::JudgmentDefaulters)
        .collect()
}

/// `meta(1)` (publisher `PUBLISHER`, region 350000, list LT-SXBZXR) changed by `f`.
fn meta_with(f: impl FnOnce(&mut Meta)) -> Meta {
    let mut m = meta(1);
    f(&mut m);
    m
}

fn region(code: &str) -> Region {
    Region {
        code: code.into(),
        name: "某地".into(),
    }
}

/// Signs the court records under `m` with the court key and loads them both ways; the two
/// results must agree.
fn load_both(m: &Meta, ring: &Keyring) -> Result<Snapshot, SnapshotError> {
    let bytes = signed(court_records(), m, "court-ed", &ed());
    let whole = Snapshot::load(bytes.clone(), ring, opts());
    let mut r = SnapshotReader::new(ring.clone(), opts());
    let streamed = bytes
        .chunks(97)
        .try_for_each(|c| r.push(c).map(drop))
        .and_then(|()| r.finish());
    assert_eq!(
        whole.as_ref().err(),
        streamed.as_ref().err(),
        "Snapshot::load and SnapshotReader agree"
    );
    whole
}

fn out_of_scope(r: Result<Snapshot, SnapshotError>) -> (ScopeViolation, String, String) {
    match r {
        Err(SnapshotError::Key(KeyError::OutOfScope { key_id, violation })) => {
            assert_eq!(key_id, "court-ed");
            let e = SnapshotError::Key(KeyError::OutOfScope {
                key_id,
                violation: violation.clone(),
            });
            assert_eq!(e.code(), "KEY_OUT_OF_SCOPE");
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["code"], "KEY_OUT_OF_SCOPE");
            (violation, e.message(), e.message_en())
        }
        Err(e) => panic!("expected KEY_OUT_OF_SCOPE, got {e}"),
        Ok(_) => panic!("expected KEY_OUT_OF_SCOPE, the snapshot loaded"),
    }
}

#[test]
fn a_scoped_key_signing_its_own_publisher_lists_and_region_loads() {
    let s = load_both(&meta(1), &court_ring()).unwrap();
    assert_eq!(s.header().publisher, PUBLISHER);
    assert_eq!(s.header().list_types, vec![ListType::JudgmentDefaulters]);
    assert_eq!(s.len(), court_records().len());
    // Both of its lists.
    let both = meta_with(|m| m.list_types = COURT_LISTS.to_vec());
    let s = load_both(&both, &court_ring()).unwrap();
    assert_eq!(s.header().list_types, COURT_LISTS.to_vec());
}

#[test]
fn another_publisher_is_out_of_scope() {
    let m = meta_with(|m| m.publisher = "某某市税务局".into());
    let (v, zh, en) = out_of_scope(load_both(&m, &court_ring()));
    assert_eq!(
        v,
        ScopeViolation::Publisher {
            allowed: PUBLISHER.into(),
            found: "某某市税务局".into()
        }
    );
    assert_eq!(v.part(), "publisher");
    assert_eq!(
        zh,
        "密钥“court-ed”只可签发“测试发布方”的名单，此快照的发布者为“某某市税务局”"
    );
    assert_eq!(
        en,
        "Key 'court-ed' may only sign for publisher '测试发布方'; this snapshot's publisher is '某某市税务局'"
    );
    // Equal means equal: no trimming, no case folding.
    let m = meta_with(|m| m.publisher = format!("{PUBLISHER} "));
    out_of_scope(load_both(&m, &court_ring()));
}

#[test]
fn a_list_type_outside_the_scope_is_out_of_scope() {
    // The header covers 重大税收违法失信主体 too (no records on it: coverage alone counts).
    let m = meta_with(|m| m.list_types = vec![ListType::MajorTaxViolators]);
    let (v, zh, en) = out_of_scope(load_both(&m, &court_ring()));
    assert_eq!(
        v,
        ScopeViolation::ListType {
            allowed: COURT_LISTS.to_vec(),
            found: ListType::MajorTaxViolators
        }
    );
    assert_eq!(v.part(), "listTypes");
    assert!(zh.contains("不可签发LT-ZDSS"), "{zh}");
    assert!(
        en.contains("may not sign list type LT-ZDSS") && en.contains("LT-SXBZXR, LT-XGXF"),
        "{en}"
    );
}

#[test]
fn a_region_outside_the_scope_is_out_of_scope() {
    for code in ["440000", "440305", "000000", "360100"] {
        let m = meta_with(|m| m.region = region(code));
        let (v, zh, en) = out_of_scope(load_both(&m, &court_ring()));
        assert_eq!(
            v,
            ScopeViolation::Region {
                allowed: vec!["350000".into()],
                found: code.into()
            },
            "{code}"
        );
        assert_eq!(v.part(), "regions");
        assert!(zh.contains(&format!("此快照的地区为{code}")), "{zh}");
        assert!(en.contains("may only sign for region 350000"), "{en}");
    }
}

#[test]
fn a_subdivision_of_a_scoped_region_loads() {
    for code in ["350000", "350100", "350102", "350582"] {
        let m = meta_with(|m| m.region = region(code));
        let s = load_both(&m, &court_ring()).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(s.header().region.code, code);
    }
    // A prefecture's scope covers its counties but not its province or neighbours.
    let fuzhou = KeyScope::new(None, None, Some(vec!["350100".into()])).unwrap();
    let ring = keyring(&[entry("court-ed", &ed()).with_scope(Some(fuzhou))]);
    load_both(&meta_with(|m| m.region = region("350102")), &ring).unwrap();
    for code in ["350000", "350200"] {
        out_of_scope(load_both(&meta_with(|m| m.region = region(code)), &ring));
    }
    // 000000 covers everything, the whole country included.
    let national = KeyScope::new(None, None, Some(vec!["000000".into()])).unwrap();
    let ring = keyring(&[entry("court-ed", &ed()).with_scope(Some(national))]);
    for code in ["000000", "110108", "350102"] {
        load_both(&meta_with(|m| m.region = region(code)), &ring).unwrap();
    }
}

#[test]
fn scope_is_checked_before_the_payload_arrives() {
    let m = meta_with(|m| m.publisher = "别人".into());
    let bytes = signed(court_records(), &m, "court-ed", &ed());
    let (_, header, payload) = split(&bytes);
    let head_len = bytes.len() - payload.len();
    assert_eq!(header.publisher, "别人");
    let mut r = SnapshotReader::new(court_ring(), opts());
    let e = r.push(&bytes[..head_len]).map(drop).unwrap_err();
    assert_eq!(e.code(), "KEY_OUT_OF_SCOPE");
}

#[test]
fn an_unscoped_legacy_entry_still_signs_anything() {
    // `support::ring()` pins `ed()` as `t-ed` with no scope.
    assert!(ring().get("t-ed").unwrap().scope().is_none());
    for m in [
        meta_with(|m| m.publisher = "任何发布方".into()),
        meta_with(|m| m.list_types = ListType::ALL.to_vec()),
        meta_with(|m| m.region = region("000000")),
    ] {
        let bytes = signed(court_records(), &m, "t-ed", &ed());
        Snapshot::load(bytes, &ring(), opts()).unwrap();
    }
    // A keyring mixing both: each key is held to its own entry.
    let both = keyring(&[
        entry("t-ed", &ed()),
        entry("court-sm2", &sm2()).with_scope(Some(
            KeyScope::new(Some(PUBLISHER.into()), None, None).unwrap(),
        )),
    ]);
    let other = meta_with(|m| m.publisher = "别人".into());
    Snapshot::load(
        signed(court_records(), &other, "t-ed", &ed()),
        &both,
        opts(),
    )
    .unwrap();
    let e = Snapshot::load(
        signed(court_records(), &other, "court-sm2", &sm2()),
        &both,
        opts(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "KEY_OUT_OF_SCOPE");
}

#[test]
fn a_keyring_with_a_bad_scope_is_malformed() {
    let good = court_ring().to_json();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    assert_eq!(
        v["keys"][0]["scope"],
        serde_json::json!({"publisher": PUBLISHER, "listTypes": ["LT-SXBZXR", "LT-XGXF"],
            "regions": ["350000"]})
    );
    assert_eq!(Keyring::from_json(&good).unwrap(), court_ring());
    for (bad, why) in [
        (
            serde_json::json!({"listTypes": ["LT-SXBZXR", "LT-NOPE"]}),
            "unknown list type 'LT-NOPE'",
        ),
        (
            serde_json::json!({"regions": ["3500"]}),
            "'3500' in scope.regions",
        ),
        (
            serde_json::json!({"regions": ["35000x"]}),
            "'35000x' in scope.regions",
        ),
        (serde_json::json!({"regions": []}), "scope.regions is empty"),
        (
            serde_json::json!({"listTypes": []}),
            "scope.listTypes is empty",
        ),
        (serde_json::json!({"publisher": ""}), "scope.publisher"),
        (
            serde_json::json!({}),
            "at least one of publisher, listTypes, regions",
        ),
        (
            serde_json::json!({"publishers": ["x"]}),
            "not the documented JSON",
        ),
        (
            serde_json::json!({"regions": "350000"}),
            "not the documented JSON",
        ),
    ] {
        let mut v = v.clone();
        v["keys"][0]["scope"] = bad.clone();
        let e = Keyring::from_json(&v.to_string()).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_KEYRING", "{bad}");
        assert!(e.message_en().contains(why), "{bad}: {e}");
        assert!(
            e.message().starts_with("密钥环格式错误"),
            "{bad}: {}",
            e.message()
        );
        // The same entry alone (a rotation's), and through any deserializer (wasm's path).
        let entry = v["keys"][0].to_string();
        assert_eq!(
            KeyEntry::from_json(&entry).unwrap_err().code(),
            "MALFORMED_KEYRING"
        );
        assert_eq!(
            Keyring::from_deserializer(&v).unwrap_err().code(),
            "MALFORMED_KEYRING"
        );
    }
}

/// A keyring with a rotation made before scopes existed: `ed-2025` (the RFC 8032 test key)
/// introduced `ed-2026` with this signature over the pre-scope canonical bytes. It must still
/// verify, in a keyring and as a rotation.
const LEGACY_ED_2025: &str = r#"{"id": "ed-2025", "algorithm": "ed25519",
  "publicKey": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
  "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2028-01-01T00:00:00Z"}"#;
const LEGACY_ED_2026: &str = r#"{"id": "ed-2026", "algorithm": "ed25519",
  "publicKey": "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c",
  "validFrom": "2026-06-01T00:00:00Z",
  "introducedBy": {"keyId": "ed-2025",
    "signature": "4cc9e7bd5732b80a26af3b1157ebcac6118c1b31f9e9269f2f77c316c408d6e76fe55e1ea33a598e9611da3525aa03d2c7c49f94b7e67f4b96033643eb85220b",
    "signerValidUntil": "2026-09-01T00:00:00Z"}}"#;

#[test]
fn unscoped_entries_keep_their_canonical_bytes_and_old_signatures_verify() {
    // In a keyring: the introduction is checked on load.
    let ring = Keyring::from_json(&format!(
        r#"{{"version": 1, "keys": [{LEGACY_ED_2025}, {LEGACY_ED_2026}]}}"#
    ))
    .unwrap();
    let new = ring.get("ed-2026").unwrap();
    assert!(new.scope().is_none());
    assert_eq!(new.public_key(), &ed().public_key());
    assert_eq!(
        ring.get("ed-2025").unwrap().valid_until(),
        Some(t(2026, 9, 1)),
        "the old key retired as the rotation said"
    );
    // As a rotation.
    let mut ring =
        Keyring::from_json(&format!(r#"{{"version": 1, "keys": [{LEGACY_ED_2025}]}}"#)).unwrap();
    ring.accept_rotation_at(LEGACY_ED_2026, "ed-2025", t(2026, 7, 1))
        .unwrap();
    // Written back without a scope, and a snapshot signed by the new key loads.
    assert!(!ring.to_json().contains("scope"));
    let bytes = signed(court_records(), &meta(1), "ed-2026", &ed());
    Snapshot::load(bytes, &ring, opts()).unwrap();
    // Adding a scope to the signed entry breaks its signature: the scope is signed.
    let mut v: serde_json::Value = serde_json::from_str(LEGACY_ED_2026).unwrap();
    v["scope"] = serde_json::json!({"publisher": PUBLISHER});
    let mut ring =
        Keyring::from_json(&format!(r#"{{"version": 1, "keys": [{LEGACY_ED_2025}]}}"#)).unwrap();
    let e = ring
        .accept_rotation_at(&v.to_string(), "ed-2025", t(2026, 7, 1))
        .unwrap_err();
    assert!(
        matches!(&e, KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "BAD_SIGNATURE"),
        "{e}"
    );
}

#[test]
fn rotation_narrowing_a_scope_is_accepted_and_widening_it_refused() {
    let court = court_ring();
    let rotate = |scope: Option<KeyScope>| {
        let mut ring = court.clone();
        let json = entry("court-sm2", &sm2())
            .with_scope(scope)
            .introduce("court-ed", &ed(), None)
            .unwrap()
            .to_json();
        ring.accept_rotation_at(&json, "court-ed", t(2026, 6, 1))
            .map(|e| e.id().to_string())
            .map(|_| ring)
    };
    let narrower = KeyScope::new(
        Some(PUBLISHER.into()),
        Some(vec![ListType::JudgmentDefaulters]),
        Some(vec!["350100".into()]),
    )
    .unwrap();
    let ring = rotate(Some(narrower)).unwrap();
    // The new key is held to its narrower scope: Fuzhou only.
    let fuzhou = meta_with(|m| m.region = region("350102"));
    Snapshot::load(
        signed(court_records(), &fuzhou, "court-sm2", &sm2()),
        &ring,
        opts(),
    )
    .unwrap();
    let fujian = meta(1);
    let e = Snapshot::load(
        signed(court_records(), &fujian, "court-sm2", &sm2()),
        &ring,
        opts(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "KEY_OUT_OF_SCOPE");
    // Widening any part, or dropping the scope: refused, the keyring unchanged.
    for (scope, why) in [
        (None, "has no scope"),
        (
            KeyScope::new(
                Some("别人".into()),
                Some(COURT_LISTS.to_vec()),
                Some(vec!["350000".into()]),
            )
            .ok(),
            "for publisher '别人'",
        ),
        (
            KeyScope::new(
                None,
                Some(COURT_LISTS.to_vec()),
                Some(vec!["350000".into()]),
            )
            .ok(),
            "any publisher",
        ),
        (
            KeyScope::new(
                Some(PUBLISHER.into()),
                Some(vec![ListType::TaxCreditA]),
                Some(vec!["350000".into()]),
            )
            .ok(),
            "list type RL-NSA",
        ),
        (
            KeyScope::new(
                Some(PUBLISHER.into()),
                Some(COURT_LISTS.to_vec()),
                Some(vec!["000000".into()]),
            )
            .ok(),
            "region 000000",
        ),
        (
            KeyScope::new(Some(PUBLISHER.into()), Some(COURT_LISTS.to_vec()), None).ok(),
            "any region",
        ),
    ] {
        let e = match rotate(scope) {
            Err(e) => e,
            Ok(_) => panic!("{why}: accepted"),
        };
        assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED", "{why}");
        assert!(e.message_en().contains(why), "{why}: {e}");
        assert!(
            e.message().starts_with("密钥轮换未获授权"),
            "{}",
            e.message()
        );
    }
}

#[test]
fn scope_is_checked_after_the_signature_and_before_time_and_sequence() {
    let m = meta_with(|m| m.publisher = "别人".into());
    let bytes = signed(court_records(), &m, "court-ed", &ed());
    // Rollback and staleness come later: the scope refusal is what is reported.
    let late = LoadOptions {
        now: t(2027, 1, 1),
        last_accepted_sequence: Some(99),
        allow_stale: false,
    };
    let e = Snapshot::load(bytes.clone(), &court_ring(), late).unwrap_err();
    assert_eq!(e.code(), "KEY_OUT_OF_SCOPE");
    // A header that does not verify is never judged by its claims.
    let mut forged = bytes.clone();
    forged[credit_check::snapshot::format::PREFIX_LEN + "court-ed".len()] ^= 1;
    let e = Snapshot::load(forged, &court_ring(), opts()).unwrap_err();
    assert_eq!(e.code(), "BAD_SIGNATURE");
}
