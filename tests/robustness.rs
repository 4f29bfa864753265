//! Junk thrown at every validator: a typed problem every time, never a panic, never a hang.

use credit_check::{
    detect, org_code, registration_number, resident_id, taxpayer_id, uscc, validate,
    IdentifierKind, Options, ProblemCode, Profile,
};
use std::time::{Duration, Instant};

fn junk() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\u{3000}",
        "-",
        "0",
        "X",
        "\u{0}",
        "\u{FEFF}91110108551385082Q",
        "9111010855138508\u{200F}2Q",
        "\u{202E}Q28058315580101119",
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        "९१११०१०८५५१३८५०८२Q",
        "\u{FFFD}",
        "ｑｑｑｑｑｑｑｑｑｑｑｑｑｑｑｑｑｑ",
        "null",
        "undefined",
        "NaN",
        "[object Object]",
        "𝟗𝟏𝟏𝟏𝟎𝟏𝟎𝟖𝟓𝟓𝟏𝟑𝟖𝟓𝟎𝟖𝟐𝐐",
        "91110108551385082Q91110108551385082Q",
        "'; DROP TABLE codes; --",
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        "１１０１０８😀😀😀😀😀😀😀😀",
        "9😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        "<script>alert(1)</script>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("9".repeat(10 * 1024 * 1024));
    v.push("\u{3000}".repeat(1000));
    v.push("-".repeat(255));
    v.push("a".repeat(256));
    v
}

#[test]
fn every_validator_returns_a_typed_problem_quickly() {
    for input in junk() {
        let start = Instant::now();
        let short: String = input.chars().take(24).collect();
        for profile in [Profile::Lenient, Profile::Strict] {
            for r in [
                uscc::validate(&input, profile).map(|_| ()),
                org_code::validate(&input, profile).map(|_| ()),
                registration_number::validate(&input, profile).map(|_| ()),
                resident_id::validate(&input, profile).map(|_| ()),
                taxpayer_id::validate(&input, profile).map(|_| ()),
            ] {
                let e = r.expect_err(&short);
                assert!(!e.problems().is_empty());
                for p in e.problems() {
                    assert!(!p.message().is_empty() && !p.message_en().is_empty());
                }
            }
            let v = validate(&input, &Options::new(None, profile));
            assert!(!v.ok, "{short}");
            assert!(!v.errors.is_empty());
            for kind in IdentifierKind::ALL {
                assert!(!validate(&input, &Options::new(Some(kind), profile)).ok);
            }
        }
        assert!(detect(&input).is_empty(), "{short}");
        for f in [
            uscc::calc_check_char,
            org_code::calc_check_char,
            resident_id::calc_check_char,
        ] {
            let _ = f(&input);
        }
        let _ = registration_number::calc_check_char(&input);
        let _ = taxpayer_id::calc_check_char(&input);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{short} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn ten_megabytes_is_rejected_unread() {
    let v = validate(&"9".repeat(10 * 1024 * 1024), &Options::default());
    assert_eq!(v.errors[0].code(), ProblemCode::TooLong);
}

#[test]
fn problems_with_positions_point_at_the_character() {
    let v = validate(
        "9111010855138😀082Q",
        &Options::new(Some(IdentifierKind::Uscc), Profile::Lenient),
    );
    let p = &v.errors[0];
    assert_eq!(p.code(), ProblemCode::IllegalCharacter);
    assert_eq!(p.position(), Some(14));
    assert_eq!(p.found(), Some("😀"));
    let v = validate(
        "9111010855138\u{200F}082Q",
        &Options::new(Some(IdentifierKind::Uscc), Profile::Lenient),
    );
    assert_eq!(
        v.errors[0].found(),
        Some("U+200F"),
        "invisible characters are shown by code point"
    );
}

#[test]
fn a_stray_character_in_auto_mode_is_found_at_its_position() {
    for (input, position, shown) in [
        ("\u{200B}91110108551385082Q", 1, "U+200B"),
        ("91110108551385082Q\u{200F}", 19, "U+200F"),
        ("9111010855138508,2Q", 17, ","),
        ("9111010855138508e\u{301}", 18, "U+0301"),
    ] {
        let v = validate(input, &Options::default());
        assert!(!v.ok, "{input:?}");
        assert_eq!(v.kind, Some(IdentifierKind::Uscc), "{input:?}");
        let p = v
            .errors
            .iter()
            .find(|p| p.code() == ProblemCode::IllegalCharacter)
            .expect("illegal character");
        assert_eq!(
            (p.position(), p.found()),
            (Some(position), Some(shown)),
            "{input:?}"
        );
    }
}
