//! The keyring (`src/snapshot/keyring.rs`): canonical bytes, JSON, verification order, rotation
//! and key scopes, through the public API. Moved out of the source file (issue 14); the signing
//! keys need the `publish` feature (default on).
#![cfg(all(feature = "publish", not(target_arch = "wasm32")))]

use chrono::TimeZone;
use chrono::{DateTime, Utc};
use credit_check::lists::record::ListType;
use credit_check::snapshot::keyring::*;
use credit_check::snapshot::signature::{hex_decode, SigningKey};
use credit_check::snapshot::signature::{Algorithm, KeyError, ScopeViolation};
use proptest::prelude::*;

const RFC8032_SECRET: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const GMT_PUBLIC: &str = "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
const FIXED_SM2_SECRET: &str = "de2a60a38674c8e3b6af377aa0f6ae1838c6c6fcc25cfbb63396cff70ec376d5";

fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn ed_key() -> SigningKey {
    SigningKey::from_secret_bytes(
        Algorithm::Ed25519,
        &hex_decode(RFC8032_SECRET).unwrap(),
        None,
    )
    .unwrap()
}

fn sm2_key() -> SigningKey {
    SigningKey::from_secret_bytes(
        Algorithm::Sm2Sm3,
        &hex_decode(FIXED_SM2_SECRET).unwrap(),
        None,
    )
    .unwrap()
}

/// A keyring of the RFC 8032 key ("ed-2025", 2025–2028) and the fixed SM2 key ("sm-2025").
fn ring_json() -> String {
    format!(
        r#"{{"version": 1, "keys": [
              {{"id": "ed-2025", "algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}",
                "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2028-01-01T00:00:00Z"}},
              {{"id": "sm-2025", "algorithm": "sm2-sm3", "publicKey": "{}",
                "validFrom": "2025-01-01T08:00:00+08:00"}}
            ]}}"#,
        sm2_key().public_key().to_hex()
    )
}

fn field(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

#[test]
fn canonical_bytes_are_as_documented() {
    let ring = Keyring::from_json(&ring_json()).unwrap();
    let e = ring.get("ed-2025").unwrap();
    let mut want = Vec::new();
    field(&mut want, b"credit-check key entry v1");
    field(&mut want, b"ed-2025");
    field(&mut want, b"ed25519");
    field(&mut want, &hex_decode(RFC8032_PUBLIC).unwrap());
    field(&mut want, b"");
    field(&mut want, &1_735_689_600i64.to_be_bytes()); // 2025-01-01T00:00:00Z
    field(&mut want, &1_830_297_600i64.to_be_bytes()); // 2028-01-01T00:00:00Z
    field(&mut want, b"");
    field(&mut want, b"");
    assert_eq!(e.canonical_bytes(), want);

    let s = ring.get("sm-2025").unwrap();
    assert_eq!(s.valid_from(), Some(t(2025, 1, 1)));
    let mut want = Vec::new();
    field(&mut want, b"credit-check key entry v1");
    field(&mut want, b"sm-2025");
    field(&mut want, b"sm2-sm3");
    field(&mut want, &sm2_key().public_key().to_bytes());
    field(&mut want, b"1234567812345678");
    field(&mut want, &1_735_689_600i64.to_be_bytes());
    field(&mut want, b"");
    field(&mut want, b"");
    field(&mut want, b"");
    assert_eq!(s.canonical_bytes(), want);

    // With an introduction: its key id and signerValidUntil are covered, not the signature.
    let n = KeyEntry::new("new", ed_key().public_key(), None, None).unwrap();
    let n = n
        .introduce("sm-2025", &sm2_key(), Some(t(2026, 1, 1)))
        .unwrap();
    let mut want = Vec::new();
    field(&mut want, b"credit-check key entry v1");
    field(&mut want, b"new");
    field(&mut want, b"ed25519");
    field(&mut want, &hex_decode(RFC8032_PUBLIC).unwrap());
    field(&mut want, b"");
    field(&mut want, b"");
    field(&mut want, b"");
    field(&mut want, b"sm-2025");
    field(&mut want, &1_767_225_600i64.to_be_bytes()); // 2026-01-01T00:00:00Z
    assert_eq!(n.canonical_bytes(), want);
}

#[test]
fn json_round_trip() {
    let ring = Keyring::from_json(&ring_json()).unwrap();
    assert_eq!(ring.entries().len(), 2);
    let json = ring.to_json();
    assert!(
        json.contains("\"validFrom\": \"2025-01-01T00:00:00Z\""),
        "{json}"
    );
    assert!(
        !json.contains("distId"),
        "default dist id is not written: {json}"
    );
    assert_eq!(Keyring::from_json(&json).unwrap(), ring);
    for e in ring.entries() {
        assert_eq!(&KeyEntry::from_json(&e.to_json()).unwrap(), e);
    }
    // A custom SM2 distinguishing ID is kept and written.
    let custom = format!(
        r#"{{"id": "x", "algorithm": "sm2-sm3", "publicKey": "{GMT_PUBLIC}", "distId": "ALICE"}}"#
    );
    let e = KeyEntry::from_json(&custom).unwrap();
    assert_eq!(e.public_key().dist_id(), Some("ALICE"));
    assert!(e.to_json().contains("\"distId\": \"ALICE\""));
    // null is the same as absent.
    let e = KeyEntry::from_json(&format!(
        r#"{{"id": "x", "algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}", "validFrom": null}}"#
    ))
    .unwrap();
    assert_eq!(e.valid_from(), None);
}

#[test]
fn from_any_deserializer() {
    let v: serde_json::Value = serde_json::from_str(&ring_json()).unwrap();
    let ring = Keyring::from_deserializer(&v).unwrap();
    assert_eq!(ring, Keyring::from_json(&ring_json()).unwrap());
    let e = KeyEntry::from_deserializer(&v["keys"][0]).unwrap();
    assert_eq!(ring.get("ed-2025"), Some(&e));
    let bad = serde_json::json!({"version": 1, "keys": "no"});
    assert_eq!(
        Keyring::from_deserializer(&bad).unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
    let bad = serde_json::json!({"id": 1});
    assert_eq!(
        KeyEntry::from_deserializer(&bad).unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
}

#[test]
fn malformed_keyrings() {
    let good: serde_json::Value = serde_json::from_str(&ring_json()).unwrap();
    let code = |v: &serde_json::Value| Keyring::from_json(&v.to_string()).unwrap_err().code();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    assert_eq!(
        Keyring::from_json("").unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
    assert_eq!(
        Keyring::from_json("[]").unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
    assert_eq!(
        Keyring::from_json("{}").unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
    let huge = " ".repeat(MAX_KEYRING_JSON_LEN + 1);
    let e = Keyring::from_json(&huge).unwrap_err();
    assert!(e.message_en().contains("too long"), "{e}");
    assert_eq!(
        code(&with(&|v| v["version"] = 2.into())),
        "MALFORMED_KEYRING"
    );
    assert_eq!(code(&with(&|v| v["extra"] = 1.into())), "MALFORMED_KEYRING");
    assert_eq!(
        code(&with(&|v| v["keys"] = serde_json::json!([]))),
        "MALFORMED_KEYRING"
    );
    assert_eq!(
        code(&with(
            &|v| v["keys"][0]["validUntill"] = "2030-01-01T00:00:00Z".into()
        )),
        "MALFORMED_KEYRING",
        "a misspelt field is an error, not ignored"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][1]["id"] = "ed-2025".into())),
        "MALFORMED_KEYRING"
    );
    for bad_id in [
        "",
        "-x",
        "a/b",
        "a b",
        "键",
        &"k".repeat(MAX_KEY_ID_LEN + 1),
    ] {
        assert_eq!(
            code(&with(&|v| v["keys"][0]["id"] = bad_id.into())),
            "MALFORMED_KEYRING",
            "{bad_id}"
        );
    }
    for bad_time in [
        "2025-01-01",
        "2025-01-01T00:00:00",
        "2025-01-01T00:00:00.5Z",
        "x",
    ] {
        assert_eq!(
            code(&with(&|v| v["keys"][0]["validFrom"] = bad_time.into())),
            "MALFORMED_KEYRING",
            "{bad_time}"
        );
    }
    assert_eq!(
        code(&with(
            &|v| v["keys"][0]["validFrom"] = "2028-01-01T00:00:00Z".into()
        )),
        "MALFORMED_KEYRING",
        "validFrom must be before validUntil"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][0]["algorithm"] = "rsa".into())),
        "UNSUPPORTED_ALGORITHM"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][0]["algorithm"] = "sm2-sm3".into())),
        "MALFORMED_KEY"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][0]["publicKey"] = "xy".into())),
        "MALFORMED_KEY"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][0]["publicKey"] = "00".into())),
        "MALFORMED_KEY"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][0]["distId"] = "a".into())),
        "MALFORMED_KEY"
    );
    assert_eq!(
        code(&with(&|v| v["keys"][1]["distId"] = "".into())),
        "MALFORMED_KEY"
    );
    let intro = |sig: &str| {
        with(&|v| {
            v["keys"][0]["introducedBy"] = serde_json::json!({"keyId": "sm-2025", "signature": sig})
        })
    };
    assert_eq!(code(&intro("00")), "MALFORMED_SIGNATURE");
    let e = Keyring::from_json(&intro(&"ab".repeat(64)).to_string()).unwrap_err();
    assert_eq!(e.code(), "MALFORMED_KEYRING");
    assert!(e.message_en().contains("does not verify"), "{e}");
    let self_intro = with(&|v| {
        v["keys"][0]["introducedBy"] =
            serde_json::json!({"keyId": "ed-2025", "signature": "ab".repeat(64)})
    });
    assert_eq!(code(&self_intro), "MALFORMED_KEYRING");
    // Too many keys.
    let many: Vec<serde_json::Value> = (0..=MAX_KEYS)
        .map(|i| {
            serde_json::json!({"id": format!("k{i}"), "algorithm": "ed25519",
                "publicKey": RFC8032_PUBLIC})
        })
        .collect();
    let e = code(&serde_json::json!({"version": 1, "keys": many}));
    assert_eq!(e, "MALFORMED_KEYRING");
    assert_eq!(
        KeyEntry::from_json(&" ".repeat(MAX_ENTRY_JSON_LEN + 1))
            .unwrap_err()
            .code(),
        "MALFORMED_KEYRING"
    );
    assert_eq!(
        KeyEntry::new(
            "k",
            ed_key().public_key(),
            Some(t(2026, 1, 1)),
            Some(t(2026, 1, 1))
        )
        .unwrap_err()
        .code(),
        "MALFORMED_KEYRING"
    );
}

#[test]
fn verify_checks_in_order() {
    let ring = Keyring::from_json(&ring_json()).unwrap();
    let at = t(2026, 6, 1);
    let msg = b"header";
    let sig = ed_key().sign(msg);
    let e = ring
        .verify("ed-2025", Algorithm::Ed25519, msg, &sig, at)
        .unwrap();
    assert_eq!(e.id(), "ed-2025");
    let code =
        |id: &str, alg, m: &[u8], s: &[u8], at| ring.verify(id, alg, m, s, at).unwrap_err().code();
    assert_eq!(
        code("nope", Algorithm::Ed25519, msg, &sig, at),
        "UNKNOWN_KEY"
    );
    assert_eq!(
        code("ed-2025", Algorithm::Sm2Sm3, msg, &sig, at),
        "WRONG_ALGORITHM"
    );
    assert_eq!(
        code("ed-2025", Algorithm::Ed25519, msg, &sig, t(2024, 12, 31)),
        "KEY_NOT_YET_VALID"
    );
    assert_eq!(
        code("ed-2025", Algorithm::Ed25519, msg, &sig, t(2028, 1, 1)),
        "KEY_EXPIRED"
    );
    assert_eq!(
        code("ed-2025", Algorithm::Ed25519, msg, &sig[..63], at),
        "MALFORMED_SIGNATURE"
    );
    let e = ring
        .verify("ed-2025", Algorithm::Ed25519, b"other", &sig, at)
        .unwrap_err();
    assert_eq!(e.key_id(), Some("ed-2025"));
    assert_eq!(e.code(), "BAD_SIGNATURE");
    // Boundaries: valid from validFrom inclusive, until validUntil exclusive.
    ring.verify("ed-2025", Algorithm::Ed25519, msg, &sig, t(2025, 1, 1))
        .unwrap();
    let last = t(2028, 1, 1) - chrono::Duration::seconds(1);
    ring.verify("ed-2025", Algorithm::Ed25519, msg, &sig, last)
        .unwrap();
    // SM2.
    let sig = sm2_key().sign(msg);
    ring.verify("sm-2025", Algorithm::Sm2Sm3, msg, &sig, at)
        .unwrap();
    assert_eq!(
        code("sm-2025", Algorithm::Ed25519, msg, &sig, at),
        "WRONG_ALGORITHM"
    );
    assert_eq!(
        code("sm-2025", Algorithm::Sm2Sm3, b"x", &sig, at),
        "BAD_SIGNATURE"
    );
    // A very long unknown id is shortened in the error.
    let e = ring
        .verify(&"z".repeat(5000), Algorithm::Sm2Sm3, msg, &sig, at)
        .unwrap_err();
    assert!(e.key_id().unwrap().chars().count() <= 81);
}

#[test]
fn rotation() {
    let mut ring = Keyring::from_json(&ring_json()).unwrap();
    let now = t(2026, 6, 1);
    let new = SigningKey::generate(Algorithm::Ed25519).unwrap();
    let entry = KeyEntry::new("ed-2026", new.public_key(), Some(t(2026, 6, 1)), None).unwrap();
    let signed = entry
        .clone()
        .introduce("ed-2025", &ed_key(), Some(t(2026, 9, 1)))
        .unwrap();
    let json = signed.to_json();

    // Refusals first: the keyring is unchanged by each.
    let refuse = |ring: &mut Keyring, json: &str, by: &str, at| {
        let before = ring.clone();
        let e = ring.accept_rotation_at(json, by, at).unwrap_err();
        assert_eq!(*ring, before);
        e
    };
    let e = refuse(&mut ring, &entry.to_json(), "ed-2025", now);
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
    assert!(e.message_en().contains("no introducedBy"), "{e}");
    let e = refuse(&mut ring, &json, "sm-2025", now);
    assert!(e.message_en().contains("not 'sm-2025'"), "{e}");
    let e = refuse(&mut ring, &json, "ed-2025", t(2028, 2, 1));
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
    assert!(
        matches!(e.clone(), KeyError::RotationNotAuthorised { cause: Some(c), .. } if c.code() == "KEY_EXPIRED"),
        "{e}"
    );
    let e = refuse(&mut ring, &json, "ed-2025", t(2024, 2, 1));
    assert!(e.message_en().contains("not valid before"), "{e}");
    // Signed by a key that is not pinned.
    let rogue = SigningKey::generate(Algorithm::Ed25519).unwrap();
    let forged = entry
        .clone()
        .introduce("ed-rogue", &rogue, None)
        .unwrap()
        .to_json();
    let e = refuse(&mut ring, &forged, "ed-rogue", now);
    assert!(
        matches!(e, KeyError::RotationNotAuthorised { cause: Some(ref c), .. } if c.code() == "UNKNOWN_KEY"),
        "{e}"
    );
    // Claims the pinned key but signed by another: bad signature.
    let forged = entry
        .clone()
        .introduce("ed-2025", &rogue, None)
        .unwrap()
        .to_json();
    let e = refuse(&mut ring, &forged, "ed-2025", now);
    assert!(
        matches!(e, KeyError::RotationNotAuthorised { cause: Some(ref c), .. } if c.code() == "BAD_SIGNATURE"),
        "{e}"
    );
    // Tampered after signing: the validity window is covered by the signature.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["validUntil"] = "2099-01-01T00:00:00Z".into();
    let e = refuse(&mut ring, &v.to_string(), "ed-2025", now);
    assert!(e.message_en().contains("does not verify"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["introducedBy"]["signerValidUntil"] = "2099-01-01T00:00:00Z".into();
    refuse(&mut ring, &v.to_string(), "ed-2025", now);
    // Malformed entries.
    assert_eq!(
        refuse(&mut ring, "{", "ed-2025", now).code(),
        "MALFORMED_KEYRING"
    );

    // Accepted: the new key is pinned and the old one now ends 2026-09-01.
    let added = ring.accept_rotation_at(&json, "ed-2025", now).unwrap();
    assert_eq!(added.id(), "ed-2026");
    assert_eq!(
        ring.get("ed-2025").unwrap().valid_until(),
        Some(t(2026, 9, 1))
    );
    // Again: a no-op.
    let before = ring.clone();
    ring.accept_rotation_at(&json, "ed-2025", now).unwrap();
    assert_eq!(ring, before);
    // Another key under the same id: refused.
    let other = KeyEntry::new("ed-2026", rogue.public_key(), None, None)
        .unwrap()
        .introduce("ed-2025", &ed_key(), None)
        .unwrap();
    let e = refuse(&mut ring, &other.to_json(), "ed-2025", now);
    assert!(e.message_en().contains("already pinned"), "{e}");
    // A later rotation cannot lengthen the old key's life again.
    let third = KeyEntry::new("sm-2026", sm2_key().public_key(), None, None)
        .unwrap()
        .introduce("ed-2025", &ed_key(), Some(t(2027, 1, 1)))
        .unwrap();
    ring.accept_rotation_at(&third.to_json(), "ed-2025", now)
        .unwrap();
    assert_eq!(
        ring.get("ed-2025").unwrap().valid_until(),
        Some(t(2026, 9, 1))
    );

    // The persisted keyring reloads with its introductions checked and retirements applied.
    let reloaded = Keyring::from_json(&ring.to_json()).unwrap();
    assert_eq!(reloaded, ring);
    let mut v: serde_json::Value = serde_json::from_str(&ring.to_json()).unwrap();
    v["keys"][0]["validUntil"] = "2028-01-01T00:00:00Z".into();
    let reloaded = Keyring::from_json(&v.to_string()).unwrap();
    assert_eq!(
        reloaded.get("ed-2025").unwrap().valid_until(),
        Some(t(2026, 9, 1))
    );
    v["keys"][2]["validUntil"] = "2099-01-01T00:00:00Z".into();
    assert_eq!(
        Keyring::from_json(&v.to_string()).unwrap_err().code(),
        "MALFORMED_KEYRING"
    );

    // A key cannot introduce itself.
    let e = KeyEntry::new("ed-2025", ed_key().public_key(), None, None)
        .unwrap()
        .introduce("ed-2025", &ed_key(), None)
        .unwrap_err();
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
}

fn scoped(
    publisher: Option<&str>,
    lists: Option<&[ListType]>,
    regions: Option<&[&str]>,
) -> KeyScope {
    KeyScope::new(
        publisher.map(str::to_string),
        lists.map(<[ListType]>::to_vec),
        regions.map(|r| r.iter().map(|c| c.to_string()).collect()),
    )
    .unwrap()
}

#[test]
fn scope_json_is_parsed_normalised_and_written() {
    let json = format!(
        r#"{{"id": "k1", "algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}",
                "scope": {{"publisher": "最高人民法院", "listTypes": ["LT-XGXF", "lt-sxbzxr", "LT-XGXF"],
                           "regions": ["360000", "350000"]}}}}"#
    );
    let e = KeyEntry::from_json(&json).unwrap();
    let sc = e.scope().unwrap();
    assert_eq!(sc.publisher(), Some("最高人民法院"));
    assert_eq!(
        sc.list_types(),
        Some(
            &[
                ListType::JudgmentDefaulters,
                ListType::HighConsumptionRestricted
            ][..]
        )
    );
    assert_eq!(
        sc.regions(),
        Some(&["350000".to_string(), "360000".to_string()][..])
    );
    let out = e.to_json();
    assert!(
        out.contains("\"listTypes\": [\n      \"LT-SXBZXR\",\n      \"LT-XGXF\"\n    ]"),
        "{out}"
    );
    assert_eq!(KeyEntry::from_json(&out).unwrap(), e);
    // Members are optional; null is absent.
    let e = KeyEntry::from_json(&format!(
        r#"{{"id": "k1", "algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}",
                "scope": {{"regions": ["000000"], "publisher": null}}}}"#
    ))
    .unwrap();
    assert_eq!(e.scope().unwrap().publisher(), None);
    assert_eq!(e.scope().unwrap().list_types(), None);
    // An unscoped entry writes no scope.
    let ring = Keyring::from_json(&ring_json()).unwrap();
    assert!(!ring.to_json().contains("scope"));
    assert_eq!(ring.get("ed-2025").unwrap().scope(), None);
}

/// Keyring text is read strictly, as the snapshot header is: an unknown, missing, repeated or
/// mistyped member is refused with serde's words, never dropped or taken twice.
#[test]
fn keyring_text_is_read_strictly() {
    let entry = |body: &str| KeyEntry::from_json(&format!("{{{body}}}"));
    let key = format!(r#""algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}""#);
    assert!(entry(&format!(r#""id": "k1", {key}"#)).is_ok());
    for (body, why) in [
        (
            format!(r#""id": "k1", {key}, "colour": "red""#),
            "unknown field `colour`",
        ),
        (key.clone(), "missing field `id`"),
        (
            format!(r#""id": "k1", "id": "k2", {key}"#),
            "duplicate field `id`",
        ),
        (format!(r#""id": 7, {key}"#), "expected a string"),
        (
            format!(r#""id": "k1", {key}, "scope": []"#),
            "expected a map",
        ),
        (
            format!(r#""id": "k1", {key}, "scope": {{"regions": "350000"}}"#),
            "expected a sequence",
        ),
        (
            format!(r#""id": "k1", {key}, "introducedBy": {{"keyId": "k0"}}"#),
            "missing field `signature`",
        ),
    ] {
        let e = entry(&body).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_KEYRING", "{body}");
        assert!(
            e.message_en().contains("not the documented JSON"),
            "{body}: {e}"
        );
        assert!(e.message_en().contains(why), "{body}: {e}");
    }
    // A whole keyring: the same reader, and its own members checked too.
    let mut v: serde_json::Value = serde_json::from_str(&ring_json()).unwrap();
    assert!(Keyring::from_json(&v.to_string()).is_ok());
    v["extra"] = serde_json::json!(1);
    assert!(Keyring::from_json(&v.to_string())
        .unwrap_err()
        .message_en()
        .contains("unknown field `extra`"));
    let text = ring_json().replacen('{', r#"{"version": 1,"#, 1);
    assert!(Keyring::from_json(&text)
        .unwrap_err()
        .message_en()
        .contains("duplicate field `version`"));
    let e = Keyring::from_json(r#"{"version": 1, "keys": {}}"#).unwrap_err();
    assert!(e.message_en().contains("expected a sequence"), "{e}");
}

#[test]
fn malformed_scopes() {
    let entry = |scope: &str| {
        KeyEntry::from_json(&format!(
            r#"{{"id": "k1", "algorithm": "ed25519", "publicKey": "{RFC8032_PUBLIC}", "scope": {scope}}}"#
        ))
    };
    for (scope, why) in [
        (r#"{}"#, "at least one"),
        (r#"{"publisher": ""}"#, "empty"),
        (r#"{"publisher": " 某某 "}"#, "white space"),
        (r#"{"listTypes": []}"#, "listTypes is empty"),
        (
            r#"{"listTypes": ["LT-NOPE"]}"#,
            "unknown list type 'LT-NOPE'",
        ),
        (r#"{"regions": []}"#, "regions is empty"),
        (r#"{"regions": ["35000"]}"#, "'35000'"),
        (r#"{"regions": ["35000a"]}"#, "'35000a'"),
        (r#"{"regions": ["３５００００"]}"#, "six-digit"),
        (r#"{"regions": ["001234"]}"#, "'001234'"),
        (r#"{"regions": [350000]}"#, "not the documented JSON"),
        (r#"{"region": ["350000"]}"#, "not the documented JSON"),
        (r#""LT-SXBZXR""#, "not the documented JSON"),
    ] {
        let e = entry(scope).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_KEYRING", "{scope}");
        assert!(e.message_en().contains(why), "{scope}: {e}");
        assert!(!e.message().is_ascii(), "{scope}");
    }
    let e = entry(r#"{"listTypes": ["LT-NOPE"]}"#).unwrap_err();
    assert_eq!(
        e.message(),
        "密钥环格式错误：密钥“k1”：scope.listTypes含未知名单类型“LT-NOPE”"
    );
    assert_eq!(
        e.message_en(),
        "Malformed keyring: key 'k1': scope.listTypes names an unknown list type 'LT-NOPE'"
    );
    // In a keyring, the same.
    let mut v: serde_json::Value = serde_json::from_str(&ring_json()).unwrap();
    v["keys"][0]["scope"] = serde_json::json!({"regions": ["3500"]});
    assert_eq!(
        Keyring::from_json(&v.to_string()).unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
}

#[test]
fn region_coverage() {
    for (outer, inner, want) in [
        ("350000", "350000", true),
        ("350000", "350100", true),
        ("350000", "350102", true),
        ("350100", "350102", true),
        ("350102", "350102", true),
        ("000000", "350102", true),
        ("000000", "000000", true),
        ("350100", "350000", false),
        ("350100", "350200", false),
        ("350102", "350103", false),
        ("350000", "360000", false),
        ("350000", "000000", false),
        ("350000", "35010", false),
        ("350000", "3501020", false),
        ("35000", "350000", false),
    ] {
        assert_eq!(region_covers(outer, inner), want, "{outer} ⊇ {inner}");
    }
}

#[test]
fn check_scope_names_the_part_outside() {
    let lists = [
        ListType::JudgmentDefaulters,
        ListType::HighConsumptionRestricted,
    ];
    let e = KeyEntry::new("k1", ed_key().public_key(), None, None)
        .unwrap()
        .with_scope(Some(scoped(
            Some("最高人民法院"),
            Some(&lists),
            Some(&["350000"]),
        )));
    e.check_scope("最高人民法院", &lists, "350000").unwrap();
    e.check_scope("最高人民法院", &lists[..1], "350102")
        .unwrap();
    e.check_scope("最高人民法院", &[], "350100").unwrap();
    let err = |p: &str, l: &[ListType], r: &str| e.check_scope(p, l, r).unwrap_err();
    let x = err("某某", &lists, "350000");
    assert_eq!(x.code(), "KEY_OUT_OF_SCOPE");
    assert_eq!(x.key_id(), Some("k1"));
    assert_eq!(
        x.message(),
        "密钥“k1”只可签发“最高人民法院”的名单，此快照的发布者为“某某”"
    );
    assert!(matches!(
        x,
        KeyError::OutOfScope {
            violation: ScopeViolation::Publisher { .. },
            ..
        }
    ));
    let x = err(
        "最高人民法院",
        &[ListType::JudgmentDefaulters, ListType::MajorTaxViolators],
        "350000",
    );
    match &x {
        KeyError::OutOfScope { violation, .. } => {
            assert_eq!(violation.part(), "listTypes");
            assert_eq!(
                *violation,
                ScopeViolation::ListType {
                    allowed: lists.to_vec(),
                    found: ListType::MajorTaxViolators
                }
            );
        }
        other => panic!("{other}"),
    }
    assert!(
        x.message_en().contains("may not sign list type LT-ZDSS"),
        "{x}"
    );
    let x = err("最高人民法院", &lists, "440000");
    assert!(matches!(
        &x,
        KeyError::OutOfScope { violation: ScopeViolation::Region { found, .. }, .. } if found == "440000"
    ));
    assert!(
        x.message_en().contains("only sign for region 350000"),
        "{x}"
    );
    // The whole country is not within a province.
    assert_eq!(
        err("最高人民法院", &lists, "000000").code(),
        "KEY_OUT_OF_SCOPE"
    );
    // Only the members given restrict.
    let by_region = KeyEntry::new("k2", ed_key().public_key(), None, None)
        .unwrap()
        .with_scope(Some(scoped(None, None, Some(&["000000"]))));
    by_region
        .check_scope("任何人", &ListType::ALL, "110108")
        .unwrap();
    // Unscoped: anything.
    let legacy = KeyEntry::new("k3", ed_key().public_key(), None, None).unwrap();
    legacy.check_scope("", &ListType::ALL, "x").unwrap();
}

#[test]
fn canonical_bytes_of_a_scope() {
    let base = KeyEntry::new("k1", ed_key().public_key(), None, None).unwrap();
    let unscoped = base.canonical_bytes();
    let sc = scoped(
        Some("最高人民法院"),
        Some(&[
            ListType::HighConsumptionRestricted,
            ListType::JudgmentDefaulters,
        ]),
        Some(&["350000"]),
    );
    let e = base.clone().with_scope(Some(sc));
    let mut want = unscoped.clone();
    field(&mut want, b"scope");
    field(&mut want, "最高人民法院".as_bytes());
    let mut lists = Vec::new();
    field(&mut lists, b"LT-SXBZXR");
    field(&mut lists, b"LT-XGXF");
    field(&mut want, &lists);
    let mut regions = Vec::new();
    field(&mut regions, b"350000");
    field(&mut want, &regions);
    assert_eq!(e.canonical_bytes(), want);
    // Absent members are empty fields.
    let e = base.with_scope(Some(scoped(None, None, Some(&["350000"]))));
    let mut want = unscoped;
    field(&mut want, b"scope");
    field(&mut want, b"");
    field(&mut want, b"");
    field(&mut want, &regions);
    assert_eq!(e.canonical_bytes(), want);
}

#[test]
fn rotation_may_narrow_a_scope_but_not_widen_it() {
    let lists = [
        ListType::JudgmentDefaulters,
        ListType::HighConsumptionRestricted,
    ];
    let court = scoped(Some("最高人民法院"), Some(&lists), Some(&["350000"]));
    let signer = KeyEntry::new("court", ed_key().public_key(), None, None)
        .unwrap()
        .with_scope(Some(court.clone()));
    let court_ring = format!(r#"{{"version": 1, "keys": [{}]}}"#, signer.to_json());
    let ring = Keyring::from_json(&court_ring).unwrap();
    let now = t(2026, 6, 1);
    let new_key = SigningKey::generate(Algorithm::Ed25519).unwrap();
    let rotation = |scope: Option<KeyScope>| {
        KeyEntry::new("court-2", new_key.public_key(), None, None)
            .unwrap()
            .with_scope(scope)
            .introduce("court", &ed_key(), None)
            .unwrap()
    };
    let accept = |scope: Option<KeyScope>| {
        let mut r = ring.clone();
        let res = r
            .accept_rotation_at(&rotation(scope).to_json(), "court", now)
            .cloned();
        (r, res)
    };
    // Narrower or equal: accepted.
    for sc in [
        court.clone(),
        scoped(
            Some("最高人民法院"),
            Some(&lists[..1]),
            Some(&["350100", "350200"]),
        ),
    ] {
        let (r, res) = accept(Some(sc.clone()));
        assert_eq!(res.unwrap().scope(), Some(&sc));
        assert_eq!(Keyring::from_json(&r.to_json()).unwrap(), r);
    }
    // Wider: refused, with the reason.
    for (sc, why) in [
        (None, "no scope"),
        (
            scoped(None, Some(&lists), Some(&["350000"])).into(),
            "any publisher",
        ),
        (
            scoped(Some("某某"), Some(&lists), Some(&["350000"])).into(),
            "publisher '某某'",
        ),
        (
            scoped(Some("最高人民法院"), None, Some(&["350000"])).into(),
            "any list type",
        ),
        (
            scoped(
                Some("最高人民法院"),
                Some(&[ListType::MajorTaxViolators]),
                Some(&["350000"]),
            )
            .into(),
            "list type LT-ZDSS",
        ),
        (
            scoped(Some("最高人民法院"), Some(&lists), None).into(),
            "any region",
        ),
        (
            scoped(Some("最高人民法院"), Some(&lists), Some(&["000000"])).into(),
            "region 000000",
        ),
        (
            scoped(
                Some("最高人民法院"),
                Some(&lists),
                Some(&["350100", "360000"]),
            )
            .into(),
            "region 360000",
        ),
    ] {
        let (r, res) = accept(sc);
        let e = res.unwrap_err();
        assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
        assert!(e.message_en().contains(why), "{why}: {e}");
        assert!(e.message_en().contains("introducer 'court'"), "{e}");
        assert!(e.message().contains("引入者"), "{e}");
        assert_eq!(r, ring, "unchanged");
    }
    let (_, res) = accept(Some(scoped(
        Some("最高人民法院"),
        Some(&[ListType::MajorTaxViolators]),
        Some(&["350000"]),
    )));
    let e = res.unwrap_err();
    assert_eq!(
        e.message(),
        "密钥轮换未获授权：新密钥“court-2”可签发名单类型LT-ZDSS，超出其引入者“court”的scope"
    );
    assert_eq!(
        e.message_en(),
        "Key rotation not authorised: new key 'court-2' may sign list type LT-ZDSS, outside the scope of its introducer 'court'"
    );
    // The same inside a keyring: a pinned introduction that widens the scope is refused.
    let wide = rotation(None);
    let both = format!(
        r#"{{"version": 1, "keys": [{}, {}]}}"#,
        signer.to_json(),
        wide.to_json()
    );
    let e = Keyring::from_json(&both).unwrap_err();
    assert_eq!(e.code(), "ROTATION_NOT_AUTHORISED");
    assert!(e.message_en().contains("no scope"), "{e}");
    // The scope is signed: narrowing it after signing breaks the signature.
    let mut v: serde_json::Value =
        serde_json::from_str(&rotation(Some(court.clone())).to_json()).unwrap();
    v["scope"]["regions"] = serde_json::json!(["350100"]);
    let e = ring
        .clone()
        .accept_rotation_at(&v.to_string(), "court", now)
        .unwrap_err();
    assert!(
        matches!(e, KeyError::RotationNotAuthorised { cause: Some(ref c), .. } if c.code() == "BAD_SIGNATURE"),
        "{e}"
    );
    // An unscoped introducer may introduce any scope, or none.
    let mut legacy = Keyring::from_json(&ring_json()).unwrap();
    let e = KeyEntry::new("any", new_key.public_key(), None, None)
        .unwrap()
        .with_scope(Some(scoped(Some("某某"), None, None)))
        .introduce("ed-2025", &ed_key(), None)
        .unwrap();
    legacy
        .accept_rotation_at(&e.to_json(), "ed-2025", now)
        .unwrap();
}

#[test]
fn full_keyring_refuses_rotation() {
    let keys: Vec<serde_json::Value> = (0..MAX_KEYS)
        .map(|i| {
            serde_json::json!({"id": format!("k{i}"), "algorithm": "ed25519",
                "publicKey": RFC8032_PUBLIC})
        })
        .collect();
    let mut ring =
        Keyring::from_json(&serde_json::json!({"version": 1, "keys": keys}).to_string()).unwrap();
    let e = KeyEntry::new("new", sm2_key().public_key(), None, None)
        .unwrap()
        .introduce("k0", &ed_key(), None)
        .unwrap();
    let err = ring
        .accept_rotation_at(&e.to_json(), "k0", t(2026, 1, 1))
        .unwrap_err();
    assert_eq!(err.code(), "MALFORMED_KEYRING");
    assert!(err.message_en().contains("full"));
}

#[test]
fn accept_rotation_uses_now() {
    let mut ring = Keyring::from_json(&ring_json()).unwrap();
    let e = KeyEntry::new("new", sm2_key().public_key(), None, None)
        .unwrap()
        .introduce("sm-2025", &sm2_key(), None)
        .unwrap();
    ring.accept_rotation(&e.to_json(), "sm-2025").unwrap();
    assert!(ring.get("new").is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_panics_on_arbitrary_json(s in "\\PC{0,300}") {
        let _ = Keyring::from_json(&s);
        let _ = KeyEntry::from_json(&s);
        let mut ring = Keyring::from_json(&ring_json()).unwrap();
        let _ = ring.accept_rotation_at(&s, "ed-2025", t(2026, 1, 1));
        let _ = ring.verify(&s, Algorithm::Ed25519, s.as_bytes(), s.as_bytes(), t(2026, 1, 1));
    }

    #[test]
    fn no_panics_on_mutated_keyrings(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = ring_json().into_bytes();
        let i = pos.index(bytes.len());
        bytes[i] = byte;
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let _ = Keyring::from_json(s);
        }
    }
}
