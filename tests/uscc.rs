//! The USCC module (`src/id/uscc.rs`): check characters, shape and lenient rules, problems and
//! parsing, through the public API. Moved out of the source file (issue 14); the three tests that
//! read private items (weights, character values, the batch fast path) stay there.

use credit_check::kind::Profile;
use credit_check::org_code;
use credit_check::problem::{Invalid, Problem, ProblemCode};
use credit_check::uscc::*;

fn codes(e: &Invalid) -> Vec<ProblemCode> {
    e.problems().iter().map(Problem::code).collect()
}

fn with_check(first17: &str) -> String {
    format!("{first17}{}", calc_check_char(first17).unwrap())
}

#[test]
fn check_character_zero_is_valid() {
    // Some validators reject every code whose check character is 0.
    let first = (0..10_000u32)
        .map(|n| format!("911101085513{n:04}"))
        .map(|s| {
            let c = org_code::calc_check_char(&s[8..16]).unwrap();
            format!("{s}{c}")
        })
        .find(|s| calc_check_char(s) == Ok('0'))
        .unwrap();
    assert!(validate(&format!("{first}0"), Profile::Strict).is_ok());
}

#[test]
fn authorities_a_n_y_are_accepted() {
    // A popular validator rejects all codes starting A, N or Y.
    for prefix in ["A1", "N2", "Y1"] {
        let code = with_check(&format!("{prefix}110108551385082"));
        assert!(validate(&code, Profile::Strict).is_ok(), "{code}");
    }
}

#[test]
fn national_level_division_is_valid() {
    let code = with_check("11100000000013127"); // 国务院办公厅-style central organ
    let parsed = validate(&code, Profile::Strict);
    assert!(parsed.is_ok(), "{parsed:?}");
}

#[test]
fn shape_errors_are_invalid_in_both_profiles() {
    for profile in [Profile::Lenient, Profile::Strict] {
        assert_eq!(
            codes(&validate("9111010855138508", profile).unwrap_err()),
            [ProblemCode::Length]
        );
        let e = validate("91110108551385O82Q", profile).unwrap_err();
        assert_eq!(codes(&e), [ProblemCode::IllegalCharacter]);
        assert_eq!(e.problems()[0].position(), Some(15));
        assert_eq!(e.problems()[0].found(), Some("O"));
        let e = validate("911A0108551385082Q", profile).unwrap_err();
        assert_eq!(e.problems()[0].expected(), Some("0-9"));
        assert_eq!(
            codes(&validate("", profile).unwrap_err()),
            [ProblemCode::Empty]
        );
    }
}

#[test]
fn two_doubts_are_invalid_even_lenient_and_both_are_named() {
    use ProblemCode::*;
    // Authority 9 with category 9 is not in the table, and position 18 is wrong.
    let mut bad = with_check("99110108551385082");
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    let e = validate(&bad, Profile::Lenient).unwrap_err();
    assert_eq!(codes(&e), [AuthorityCategory, CheckCharacter]);
    // A single-digit typo in the division: unknown division plus wrong check.
    let e = validate("91110198551385082Q", Profile::Lenient).unwrap_err();
    assert_eq!(codes(&e), [DivisionUnknown, CheckCharacter]);
    // A placeholder of zeros: both checks happen to hold, but authority 0 and division
    // 000000 exist nowhere.
    let e = validate("000000000000000000", Profile::Lenient).unwrap_err();
    assert_eq!(codes(&e), [AuthorityCategory, DivisionUnknown]);
    // Development zone and a wrong position 17 (position 18 right).
    let e = validate(&with_check("91320594551385083"), Profile::Lenient).unwrap_err();
    assert_eq!(codes(&e), [DivisionUnknown, OrgCodeCheck]);
    // Positions 17 and 18 both wrong: two doubts, reported as the position-18 error.
    let e = validate("91110108551385083A", Profile::Lenient).unwrap_err();
    assert_eq!(codes(&e), [CheckCharacter]);
}

#[test]
fn a_retired_division_is_no_doubt() {
    // A pilot code (wrong position 18) in a retired division is still accepted leniently.
    let good = with_check("91110228551385082");
    let pilot = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('1') { '2' } else { '1' }
    );
    let parsed = validate(&pilot, Profile::Lenient).unwrap();
    let w: Vec<_> = parsed.warnings().iter().map(Problem::code).collect();
    assert_eq!(
        w,
        [ProblemCode::DivisionRetired, ProblemCode::CheckCharacter]
    );
}

#[test]
fn pilot_code_is_a_warning_in_lenient_and_an_error_in_strict() {
    let good = with_check("91350100M000100Y4");
    let mut pilot = good.clone();
    pilot.replace_range(17.., if good.ends_with('3') { "4" } else { "3" });
    let code = validate(&pilot, Profile::Lenient).unwrap();
    let w = code.warnings();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code(), ProblemCode::CheckCharacter);
    assert_eq!(w[0].expected(), Some(&good[17..]));
    assert_eq!(
        codes(&validate(&pilot, Profile::Strict).unwrap_err()),
        [ProblemCode::CheckCharacter]
    );
}

#[test]
fn each_warning_rule_alone() {
    let cases = [
        ("99110108551385082", ProblemCode::AuthorityCategory), // 9-9 not in the table
        ("91320594551385082", ProblemCode::DivisionUnknown),   // development zone
        ("91110228551385082", ProblemCode::DivisionRetired),   // 密云县, now 密云区
        ("91110108551385083", ProblemCode::OrgCodeCheck),      // position 17 wrong
    ];
    for (first17, code) in cases {
        let full = with_check(first17);
        let parsed = validate(&full, Profile::Lenient).unwrap();
        assert_eq!(
            parsed
                .warnings()
                .iter()
                .map(Problem::code)
                .collect::<Vec<_>>(),
            [code],
            "{full}"
        );
        assert_eq!(
            codes(&validate(&full, Profile::Strict).unwrap_err()),
            [code],
            "{full}"
        );
    }
}

#[test]
fn normalised_input_parses_to_the_canonical_form() {
    let code: Uscc = " 9111-0108-5513-8508-2q ".parse().unwrap();
    assert_eq!(code.to_string(), "91110108551385082Q");
    let json = serde_json::to_string(&code).unwrap();
    assert_eq!(json, "\"91110108551385082Q\"");
    let back: Uscc = serde_json::from_str("\"９１１１０１０８５５１３８５０８２Ｑ\"").unwrap();
    assert_eq!(back, code);
    assert!(serde_json::from_str::<Uscc>("\"91110108551385083A\"").is_err());
}
