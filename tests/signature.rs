//! Snapshot signatures (`src/snapshot/signature.rs`): the RFC 8032 and GM/T 0003 vectors, key
//! parsing, signing and verification, through the public API. Moved out of the source file
//! (issue 14); signing needs the `publish` feature (default on).
#![cfg(all(feature = "publish", not(target_arch = "wasm32")))]

use chrono::Utc;
use credit_check::error::Message;
use credit_check::lists::record::ListType;
use credit_check::snapshot::signature::*;
use proptest::prelude::*;

fn hex(s: &str) -> Vec<u8> {
    hex_decode(s).expect("test hex")
}

// RFC 8032, section 7.1, TEST 1 (the empty message).
const RFC8032_SECRET: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const RFC8032_SIG: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

// GM/T 0003.5-2012 (GB/T 32918.5) example: SM2 with the default ID over "message digest".
const GMT_SECRET: &str = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
const GMT_PUBLIC: &str = "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
const GMT_SIG: &str = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";

// Generated once with this crate (secret = SM3("credit-check fixed SM2 test key")) and
// committed: signing is deterministic (RFC 6979 with SM3), so any change in hashing, Z_A,
// nonce derivation or encoding shows here.
const FIXED_SM2_SECRET: &str = "de2a60a38674c8e3b6af377aa0f6ae1838c6c6fcc25cfbb63396cff70ec376d5";
const FIXED_SM2_PUBLIC: &str = "0474f168a4e6669b818460cd3ce809dc86a5e61f675a71a6862c0484a24ed8ed21cb5fbaf7f87d9f6a356842d47c2cf2d3b0213231970ae79e3ddea59e0096b89f";
const FIXED_SM2_MESSAGE: &[u8] = b"credit-check fixed SM2 test message";
const FIXED_SM2_SIG: &str = "11f654946a19542bbeac1520932fe59a052dca9fde927ee652833f78ddd60088eb349464234ce330200264da2f4dc5e46f52c39034ebd4583e7fa94971309f32";

// SM2 curve order n and field prime p.
const SM2_N: &str = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
const SM2_N_MINUS_1: &str = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122";
const SM2_P: &str = "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff";

#[test]
fn algorithm_ids_are_stable() {
    assert_eq!(Algorithm::Ed25519.as_str(), "ed25519");
    assert_eq!(Algorithm::Sm2Sm3.as_str(), "sm2-sm3");
    for a in Algorithm::ALL {
        assert_eq!(a.as_str().parse::<Algorithm>(), Ok(a));
        assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
    }
    for bad in ["", "sm2", "ED25519", "ed25519 ", "sm3"] {
        assert_eq!(
            Algorithm::parse(bad).unwrap_err().code(),
            "UNSUPPORTED_ALGORITHM"
        );
    }
    assert_eq!(Algorithm::Ed25519.hash_name(), "SHA-256");
    assert_eq!(Algorithm::Sm2Sm3.hash_name(), "SM3");
}

#[test]
fn digests_known_answers() {
    assert_eq!(
        hex_encode(&digest(Algorithm::Ed25519, b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // GB/T 32905-2016, example 1.
    assert_eq!(
        hex_encode(&digest(Algorithm::Sm2Sm3, b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    // GB/T 32905-2016, example 2: "abcd" × 16.
    assert_eq!(
        hex_encode(&Algorithm::Sm2Sm3.digest("abcd".repeat(16).as_bytes())),
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    );
    for alg in Algorithm::ALL {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let mut h = Hasher::new(alg);
        for chunk in data.chunks(33) {
            h.update(chunk);
        }
        assert_eq!(h.finalize(), digest(alg, &data));
        assert!(format!("{:?}", Hasher::new(alg)).contains(alg.hash_name()));
    }
}

#[test]
fn hex_helpers() {
    assert_eq!(hex_encode(&[0, 0xab, 0xff]), "00abff");
    assert_eq!(hex_decode("00ABff"), Some(vec![0, 0xab, 0xff]));
    assert_eq!(hex_decode(""), Some(vec![]));
    for bad in ["0", "0g", "zz", "é0", " 00"] {
        assert_eq!(hex_decode(bad), None, "{bad}");
    }
}

#[test]
fn rfc8032_test_1() {
    let sk = SigningKey::from_secret_bytes(Algorithm::Ed25519, &hex(RFC8032_SECRET), None).unwrap();
    assert_eq!(sk.public_key().to_hex(), RFC8032_PUBLIC);
    assert_eq!(hex_encode(&sk.sign(b"")), RFC8032_SIG);
    let pk = PublicKey::from_hex(Algorithm::Ed25519, RFC8032_PUBLIC).unwrap();
    assert_eq!(pk, sk.public_key());
    assert_eq!(pk.dist_id(), None);
    verify(&pk, b"", &hex(RFC8032_SIG)).unwrap();
    let err = verify(&pk, b"\0", &hex(RFC8032_SIG)).unwrap_err();
    assert_eq!(err, KeyError::BadSignature { key_id: None });
}

#[test]
fn sm2_gmt_0003_5_example_verifies() {
    let pk = PublicKey::from_hex(Algorithm::Sm2Sm3, GMT_PUBLIC).unwrap();
    assert_eq!(pk.dist_id(), Some(DEFAULT_SM2_DIST_ID));
    verify(&pk, b"message digest", &hex(GMT_SIG)).unwrap();
    assert_eq!(
        verify(&pk, b"message digesT", &hex(GMT_SIG))
            .unwrap_err()
            .code(),
        "BAD_SIGNATURE"
    );
    // The same key under another distinguishing ID has another Z_A: the signature fails.
    let other = PublicKey::sm2_with_dist_id(&hex(GMT_PUBLIC), "ALICE123@YAHOO.COM").unwrap();
    assert_ne!(other, pk);
    assert!(verify(&other, b"message digest", &hex(GMT_SIG)).is_err());
    let sk = SigningKey::from_secret_bytes(Algorithm::Sm2Sm3, &hex(GMT_SECRET), None).unwrap();
    assert_eq!(sk.public_key(), pk);
}

#[test]
fn sm2_fixed_signature_is_stable() {
    let sk =
        SigningKey::from_secret_bytes(Algorithm::Sm2Sm3, &hex(FIXED_SM2_SECRET), None).unwrap();
    assert_eq!(
        hex_encode(&digest(
            Algorithm::Sm2Sm3,
            b"credit-check fixed SM2 test key"
        )),
        FIXED_SM2_SECRET
    );
    assert_eq!(sk.public_key().to_hex(), FIXED_SM2_PUBLIC);
    assert_eq!(hex_encode(&sk.sign(FIXED_SM2_MESSAGE)), FIXED_SM2_SIG);
    let pk = PublicKey::from_hex(Algorithm::Sm2Sm3, FIXED_SM2_PUBLIC).unwrap();
    verify(&pk, FIXED_SM2_MESSAGE, &hex(FIXED_SM2_SIG)).unwrap();
    let sig = Signature::from_hex(Algorithm::Sm2Sm3, FIXED_SM2_SIG).unwrap();
    assert_eq!(sig.to_hex(), FIXED_SM2_SIG);
    assert_eq!(sig.algorithm(), Algorithm::Sm2Sm3);
    pk.verify(FIXED_SM2_MESSAGE, sig.as_bytes()).unwrap();
}

#[test]
fn round_trips_for_both_algorithms() {
    for alg in Algorithm::ALL {
        let sk = SigningKey::generate(alg).unwrap();
        assert_eq!(sk.algorithm(), alg);
        let pk = sk.public_key();
        assert_eq!(pk.to_bytes().len(), alg.public_key_len());
        assert_eq!(PublicKey::from_bytes(alg, &pk.to_bytes()).unwrap(), pk);
        assert_eq!(PublicKey::from_hex(alg, &pk.to_hex()).unwrap(), pk);
        let msg = b"snapshot header";
        let sig = sk.sign(msg);
        assert_eq!(sig.len(), SIGNATURE_LEN);
        verify(&pk, msg, &sig).unwrap();
        assert!(verify(&pk, b"snapshot headeR", &sig).is_err());
        for i in 0..SIGNATURE_LEN {
            let mut bad = sig.clone();
            bad[i] ^= 0x01;
            assert!(verify(&pk, msg, &bad).is_err(), "{alg} byte {i}");
        }
        // Another key of the same algorithm does not verify it.
        let other = SigningKey::generate(alg).unwrap().public_key();
        assert_ne!(other, pk);
        assert_eq!(
            verify(&other, msg, &sig).unwrap_err().code(),
            "BAD_SIGNATURE"
        );
        // Secret bytes and the key file round-trip.
        let again = SigningKey::from_secret_bytes(alg, &sk.secret_bytes()[..], None).unwrap();
        assert_eq!(again.public_key(), pk);
        let file = sk.to_key_file_json("k-1").unwrap();
        let (id, back) = SigningKey::from_key_file_json(&file).unwrap();
        assert_eq!(id, "k-1");
        assert_eq!(back.public_key(), pk);
        assert!(!format!("{sk:?}").contains(&hex_encode(&sk.secret_bytes()[..])));
    }
}

#[test]
fn sm2_custom_dist_id_round_trip() {
    let sk = SigningKey::generate_with_dist_id(Algorithm::Sm2Sm3, Some("CN=Publisher")).unwrap();
    let pk = sk.public_key();
    assert_eq!(pk.dist_id(), Some("CN=Publisher"));
    let sig = sk.sign(b"m");
    verify(&pk, b"m", &sig).unwrap();
    let default_id = PublicKey::from_bytes(Algorithm::Sm2Sm3, &pk.to_bytes()).unwrap();
    assert!(verify(&default_id, b"m", &sig).is_err());
    let file = sk.to_key_file_json("k").unwrap();
    assert!(file.contains("\"distId\": \"CN=Publisher\""));
    assert_eq!(
        SigningKey::from_key_file_json(&file)
            .unwrap()
            .1
            .public_key(),
        pk
    );
    // A distinguishing ID is for SM2 only, and is 1 to 1024 bytes.
    let e = SigningKey::generate_with_dist_id(Algorithm::Ed25519, Some("x")).unwrap_err();
    assert_eq!(e.code(), "MALFORMED_KEY");
    for bad in [String::new(), "x".repeat(MAX_DIST_ID_LEN + 1)] {
        let e = PublicKey::sm2_with_dist_id(&pk.to_bytes(), &bad).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_KEY");
    }
    PublicKey::sm2_with_dist_id(&pk.to_bytes(), &"x".repeat(MAX_DIST_ID_LEN)).unwrap();
}

#[test]
fn malformed_public_keys() {
    let code = |alg, b: &[u8]| PublicKey::from_bytes(alg, b).unwrap_err().code();
    for alg in Algorithm::ALL {
        for len in [0, 1, 31, 33, 64, 66, 1000] {
            assert_eq!(code(alg, &vec![4u8; len]), "MALFORMED_KEY", "{alg} {len}");
        }
        assert_eq!(
            PublicKey::from_hex(alg, "zz").unwrap_err().code(),
            "MALFORMED_KEY"
        );
        let nonhex = "g".repeat(alg.public_key_len() * 2);
        let e = PublicKey::from_hex(alg, &nonhex).unwrap_err();
        assert!(e.message_en().contains("not hexadecimal"), "{e}");
    }
    // Ed25519: identity (small order), non-canonical y = p, y = 2^255 − 1.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let e = PublicKey::from_bytes(Algorithm::Ed25519, &identity).unwrap_err();
    assert!(e.message_en().contains("small order"), "{e}");
    let mut y_p = [0xffu8; 32];
    y_p[0] = 0xed;
    y_p[31] = 0x7f;
    let e = PublicKey::from_bytes(Algorithm::Ed25519, &y_p).unwrap_err();
    assert!(e.message_en().contains("canonical"), "{e}");
    assert_eq!(code(Algorithm::Ed25519, &[0xff; 32]), "MALFORMED_KEY");
    // y = 2 is not the y of any point on the curve.
    let mut y2 = [0u8; 32];
    y2[0] = 2;
    let e = PublicKey::from_bytes(Algorithm::Ed25519, &y2).unwrap_err();
    assert!(e.message_en().contains("not a point"), "{e}");
    // SM2: compressed, wrong prefix, not on the curve, coordinate = p, the all-zero point.
    let gm = hex(GMT_PUBLIC);
    let e = PublicKey::from_bytes(Algorithm::Sm2Sm3, &gm[..33]).unwrap_err();
    assert!(e.message_en().contains("65 bytes"), "{e}");
    for prefix in [0u8, 2, 3, 5, 6, 7] {
        let mut k = gm.clone();
        k[0] = prefix;
        let e = PublicKey::from_bytes(Algorithm::Sm2Sm3, &k).unwrap_err();
        assert!(e.message_en().contains("uncompressed"), "{e}");
    }
    let mut off = gm.clone();
    off[64] ^= 1;
    let e = PublicKey::from_bytes(Algorithm::Sm2Sm3, &off).unwrap_err();
    assert!(e.message_en().contains("not a point"), "{e}");
    let mut xp = vec![4u8];
    xp.extend(hex(SM2_P));
    xp.extend(&gm[33..]);
    assert_eq!(code(Algorithm::Sm2Sm3, &xp), "MALFORMED_KEY");
    let mut zero = vec![0u8; 65];
    zero[0] = 4;
    assert_eq!(code(Algorithm::Sm2Sm3, &zero), "MALFORMED_KEY");
}

#[test]
fn malformed_signatures() {
    for alg in Algorithm::ALL {
        for len in [0, 1, 63, 65, 128, 100_000] {
            let e = Signature::from_bytes(alg, &vec![1u8; len]).unwrap_err();
            assert_eq!(e.code(), "MALFORMED_SIGNATURE", "{alg} {len}");
        }
        assert_eq!(
            Signature::from_hex(alg, &"x".repeat(128))
                .unwrap_err()
                .code(),
            "MALFORMED_SIGNATURE"
        );
        assert_eq!(
            Signature::from_hex(alg, "00").unwrap_err().code(),
            "MALFORMED_SIGNATURE"
        );
    }
    // SM2: r = 0, s = 0, r = n, s = n are out of range.
    let n = hex(SM2_N);
    let one = {
        let mut v = vec![0u8; 32];
        v[31] = 1;
        v
    };
    for (r, s) in [
        (vec![0u8; 32], one.clone()),
        (one.clone(), vec![0u8; 32]),
        (n.clone(), one.clone()),
        (one.clone(), n.clone()),
        (vec![0xff; 32], one.clone()),
    ] {
        let sig = [r, s].concat();
        let e = Signature::from_bytes(Algorithm::Sm2Sm3, &sig).unwrap_err();
        assert_eq!(e.code(), "MALFORMED_SIGNATURE");
        let pk = PublicKey::from_hex(Algorithm::Sm2Sm3, GMT_PUBLIC).unwrap();
        assert_eq!(
            verify(&pk, b"m", &sig).unwrap_err().code(),
            "MALFORMED_SIGNATURE"
        );
    }
    // Ed25519 with S ≥ L (here S + L) is refused by verify_strict as BAD_SIGNATURE.
    let pk = PublicKey::from_hex(Algorithm::Ed25519, RFC8032_PUBLIC).unwrap();
    let mut sig = hex(RFC8032_SIG);
    let l: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
        sig[32 + i] = v as u8;
        carry = v >> 8;
    }
    assert_eq!(verify(&pk, b"", &sig).unwrap_err().code(), "BAD_SIGNATURE");
}

#[test]
fn malformed_secret_keys() {
    let code = |alg, b: &[u8]| {
        SigningKey::from_secret_bytes(alg, b, None)
            .unwrap_err()
            .code()
    };
    for alg in Algorithm::ALL {
        assert_eq!(code(alg, &[]), "MALFORMED_KEY");
        assert_eq!(code(alg, &[1; 31]), "MALFORMED_KEY");
        assert_eq!(code(alg, &[1; 33]), "MALFORMED_KEY");
    }
    // SM2: d = 0, d = n − 1 (1 + d not invertible), d = n, d = 2^256 − 1.
    for d in [
        vec![0u8; 32],
        hex(SM2_N_MINUS_1),
        hex(SM2_N),
        vec![0xff; 32],
    ] {
        assert_eq!(code(Algorithm::Sm2Sm3, &d), "MALFORMED_KEY");
    }
}

#[test]
fn key_files() {
    let sk = SigningKey::from_secret_bytes(Algorithm::Ed25519, &hex(RFC8032_SECRET), None).unwrap();
    let file = sk.to_key_file_json("rfc8032").unwrap();
    let v: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(v["format"], KEY_FILE_FORMAT);
    assert_eq!(v["algorithm"], "ed25519");
    assert_eq!(v["secretKey"], RFC8032_SECRET);
    assert_eq!(v["publicKey"], RFC8032_PUBLIC);
    assert!(v.get("distId").is_none());
    assert_eq!(
        sk.to_key_file_json("../x").unwrap_err().code(),
        "MALFORMED_KEYRING"
    );
    let code = |s: &str| SigningKey::from_key_file_json(s).unwrap_err().code();
    assert_eq!(code(""), "MALFORMED_KEYRING");
    assert_eq!(code("{}"), "MALFORMED_KEYRING");
    assert_eq!(code(&" ".repeat(100_000)), "MALFORMED_KEYRING");
    let edit = |k: &str, val: serde_json::Value| {
        let mut v = v.clone();
        v[k] = val;
        v.to_string()
    };
    assert_eq!(code(&edit("format", "x".into())), "MALFORMED_KEYRING");
    assert_eq!(code(&edit("extra", "x".into())), "MALFORMED_KEYRING");
    assert_eq!(code(&edit("id", "a b".into())), "MALFORMED_KEYRING");
    assert_eq!(
        code(&edit("algorithm", "rsa".into())),
        "UNSUPPORTED_ALGORITHM"
    );
    assert_eq!(code(&edit("secretKey", "00".into())), "MALFORMED_KEY");
    assert_eq!(code(&edit("publicKey", "00".into())), "MALFORMED_KEY");
    // A public key that is not the secret key's.
    let gm = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    let e = SigningKey::from_key_file_json(&edit("publicKey", gm.into())).unwrap_err();
    assert!(e.message_en().contains("does not match"), "{e}");
    assert_eq!(code(&edit("distId", "x".into())), "MALFORMED_KEY");
}

#[test]
fn randomness_failure_is_an_error() {
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
    // Always 0xff…: never a valid SM2 scalar, so rejection sampling gives up.
    struct AllOnes;
    impl rand_core::RngCore for AllOnes {
        fn next_u32(&mut self) -> u32 {
            u32::MAX
        }
        fn next_u64(&mut self) -> u64 {
            u64::MAX
        }
        fn fill_bytes(&mut self, b: &mut [u8]) {
            b.fill(0xff)
        }
        fn try_fill_bytes(&mut self, b: &mut [u8]) -> Result<(), rand_core::Error> {
            b.fill(0xff);
            Ok(())
        }
    }
    impl rand_core::CryptoRng for AllOnes {}
    for alg in Algorithm::ALL {
        let e = SigningKey::generate_with_rng(alg, None, &mut Broken).unwrap_err();
        assert_eq!(e, KeyError::RandomnessUnavailable);
    }
    let e = SigningKey::generate_with_rng(Algorithm::Sm2Sm3, None, &mut AllOnes).unwrap_err();
    assert_eq!(e.code(), "RANDOMNESS_UNAVAILABLE");
    // Any 32 bytes are an Ed25519 seed.
    SigningKey::generate_with_rng(Algorithm::Ed25519, None, &mut AllOnes).unwrap();
}

#[test]
fn error_codes_and_messages() {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let all = [
        KeyError::BadSignature { key_id: None },
        KeyError::UnknownKey { key_id: "k".into() },
        KeyError::WrongAlgorithm {
            key_id: "k".into(),
            claimed: Algorithm::Sm2Sm3,
            actual: Algorithm::Ed25519,
        },
        KeyError::UnsupportedAlgorithm {
            found: "rsa".into(),
        },
        KeyError::KeyExpired {
            key_id: "k".into(),
            valid_until: t,
        },
        KeyError::KeyNotYetValid {
            key_id: "k".into(),
            valid_from: t,
        },
        KeyError::MalformedKey(Message::new("甲", "a")),
        KeyError::MalformedSignature(Message::new("乙", "b")),
        KeyError::MalformedKeyring(Message::new("丙", "c")),
        KeyError::RotationNotAuthorised {
            detail: Message::new("丁", "d"),
            cause: Some(Box::new(KeyError::UnknownKey {
                key_id: "old".into(),
            })),
        },
        KeyError::RandomnessUnavailable,
        KeyError::OutOfScope {
            key_id: "k1".into(),
            violation: ScopeViolation::Publisher {
                allowed: "最高人民法院".into(),
                found: "某某".into(),
            },
        },
        KeyError::AlgorithmNotBuilt {
            algorithm: Algorithm::Sm2Sm3,
        },
    ];
    let codes: Vec<&str> = all.iter().map(KeyError::code).collect();
    assert_eq!(codes, KeyError::CODES);
    for e in &all {
        assert!(!e.message().is_empty() && !e.message_en().is_empty());
        assert!(e
            .message()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert_eq!(e.to_string(), format!("{}: {}", e.code(), e.message_en()));
        let v = serde_json::to_value(e).unwrap();
        assert_eq!(v["code"], e.code());
        assert_eq!(v["messageEn"], e.message_en());
    }
    assert_eq!(
        all[4].message_en(),
        "Key 'k' expired at 2026-01-01T00:00:00Z"
    );
    assert_eq!(all[4].message(), "密钥“k”已于2026-01-01T00:00:00Z失效");
    let rot = &all[9];
    assert_eq!(rot.key_id(), Some("old"));
    assert!(std::error::Error::source(rot).is_some());
    assert!(rot.message_en().contains("Unknown key 'old'"));
    assert_eq!(serde_json::to_value(rot).unwrap()["keyId"], "old");
    let scope = &all[11];
    assert_eq!(scope.key_id(), Some("k1"));
    assert_eq!(
        scope.message(),
        "密钥“k1”只可签发“最高人民法院”的名单，此快照的发布者为“某某”"
    );
    assert_eq!(
        scope.message_en(),
        "Key 'k1' may only sign for publisher '最高人民法院'; this snapshot's publisher is '某某'"
    );
    let lists = KeyError::OutOfScope {
        key_id: "k1".into(),
        violation: ScopeViolation::ListType {
            allowed: vec![
                ListType::JudgmentDefaulters,
                ListType::HighConsumptionRestricted,
            ],
            found: ListType::MajorTaxViolators,
        },
    };
    assert_eq!(
        lists.message(),
        "密钥“k1”不可签发LT-ZDSS（重大税收违法失信主体），只可签发LT-SXBZXR、LT-XGXF"
    );
    assert_eq!(
        lists.message_en(),
        "Key 'k1' may not sign list type LT-ZDSS (major tax-violation dishonest entities); it may sign only LT-SXBZXR, LT-XGXF"
    );
    let region = |allowed: &[&str]| KeyError::OutOfScope {
        key_id: "k1".into(),
        violation: ScopeViolation::Region {
            allowed: allowed.iter().map(|r| r.to_string()).collect(),
            found: "440000".into(),
        },
    };
    assert_eq!(
        region(&["350000"]).message(),
        "密钥“k1”只可签发地区350000（含其下辖地区）的名单，此快照的地区为440000"
    );
    assert_eq!(
        region(&["350000", "360100"]).message_en(),
        "Key 'k1' may only sign for regions 350000, 360100 (and their subdivisions); this snapshot's region is 440000"
    );
    // Untrusted ids are shortened in errors.
    let long = "x".repeat(10_000);
    let e = Algorithm::parse(&long).unwrap_err();
    assert!(e.message_en().len() < 200);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        msg in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        for alg in Algorithm::ALL {
            let _ = PublicKey::from_bytes(alg, &bytes);
            let _ = Signature::from_bytes(alg, &bytes);
            let _ = SigningKey::from_secret_bytes(alg, &bytes, None);
            if let Some(head) = bytes.get(..alg.public_key_len()) {
                let mut k = head.to_vec();
                if alg == Algorithm::Sm2Sm3 { k[0] = 4; }
                let _ = PublicKey::from_bytes(alg, &k);
            }
        }
        let ed = PublicKey::from_hex(Algorithm::Ed25519, RFC8032_PUBLIC).unwrap();
        let sm = PublicKey::from_hex(Algorithm::Sm2Sm3, GMT_PUBLIC).unwrap();
        prop_assert!(verify(&ed, &msg, &bytes).is_err());
        prop_assert!(verify(&sm, &msg, &bytes).is_err());
        if let Some(sig) = bytes.get(..SIGNATURE_LEN) {
            prop_assert!(verify(&ed, &msg, sig).is_err());
            prop_assert!(verify(&sm, &msg, sig).is_err());
        }
    }

    #[test]
    fn no_panics_on_arbitrary_text(s in "\\PC{0,200}", h in "[0-9a-fA-F]{0,140}") {
        for alg in Algorithm::ALL {
            let _ = PublicKey::from_hex(alg, &s);
            let _ = PublicKey::from_hex(alg, &h);
            let _ = Signature::from_hex(alg, &s);
            let _ = Signature::from_hex(alg, &h);
        }
        let _ = Algorithm::parse(&s);
        let _ = hex_decode(&s);
        let _ = SigningKey::from_key_file_json(&s);
        let _ = PublicKey::sm2_with_dist_id(&hex(GMT_PUBLIC), &s);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sign_verify_any_message(msg in proptest::collection::vec(any::<u8>(), 0..300)) {
        let ed = SigningKey::from_secret_bytes(Algorithm::Ed25519, &hex(RFC8032_SECRET), None).unwrap();
        let sm = SigningKey::from_secret_bytes(Algorithm::Sm2Sm3, &hex(FIXED_SM2_SECRET), None).unwrap();
        for sk in [ed, sm] {
            let sig = sk.sign(&msg);
            prop_assert!(verify(&sk.public_key(), &msg, &sig).is_ok());
            let mut other = msg.clone();
            other.push(0);
            prop_assert!(verify(&sk.public_key(), &other, &sig).is_err());
        }
    }
}
