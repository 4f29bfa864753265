//! Every rule of each profile, through the public `validate` entry point: what each profile
//! accepts, what it rejects, and that the problem names the rule.

use credit_check::{uscc, validate, IdentifierKind, Options, ProblemCode, Profile};

fn with_check(first17: &str) -> String {
    format!("{first17}{}", uscc::calc_check_char(first17).unwrap())
}

fn flip_check(code: &str) -> String {
    let last = if code.ends_with('1') { '2' } else { '1' };
    format!("{}{last}", &code[..17])
}

fn judge(input: &str, profile: Profile) -> (bool, Vec<ProblemCode>, Vec<ProblemCode>) {
    let v = validate(input, &Options::new(Some(IdentifierKind::Uscc), profile));
    let codes = |ps: &[credit_check::Problem]| ps.iter().map(|p| p.code()).collect::<Vec<_>>();
    (v.ok, codes(&v.errors), codes(&v.warnings))
}

#[test]
fn invalid_rules_reject_in_both_profiles() {
    use ProblemCode::*;
    let cases: &[(&str, ProblemCode)] = &[
        ("9111010855138508", Length),
        ("91110108551385082QQ", Length),
        ("I1110108551385082Q", IllegalCharacter),
        ("91110108551385082O", IllegalCharacter),
        ("9111010S551385082Q", IllegalCharacter), // letter in the division digits
        ("91110108551385082A", CheckCharacter),   // well formed otherwise? no: see below
        ("   ", Empty),
    ];
    for &(input, code) in cases {
        for profile in [Profile::Lenient, Profile::Strict] {
            let (ok, errors, _) = judge(input, profile);
            if code == CheckCharacter && profile == Profile::Lenient {
                // A wrong position 18 in an otherwise well-formed code is the pilot exception.
                assert!(ok, "{input}");
                continue;
            }
            assert!(!ok, "{input} {profile:?}");
            assert_eq!(errors[0], code, "{input} {profile:?}");
        }
    }
}

#[test]
fn lenient_accepts_real_world_codes_with_warnings_strict_rejects_naming_the_rule() {
    use ProblemCode::*;
    let cases = [
        (
            flip_check(&with_check("91350100M000100Y4")),
            vec![CheckCharacter],
        ), // pilot code
        (with_check("91110228551385082"), vec![DivisionRetired]), // 密云县
        (with_check("91330185551385082"), vec![DivisionRetired]), // 临安市
        (with_check("91320594551385082"), vec![DivisionUnknown]), // development zone
        (with_check("59110108551385082"), vec![AuthorityCategory]), // 5-9? no: 5→{1,2,3,9}
        (with_check("99110108551385082"), vec![AuthorityCategory]),
        (with_check("91110108551385083"), vec![OrgCodeCheck]),
    ];
    for (code, rules) in cases {
        let (ok, errors, warnings) = judge(&code, Profile::Lenient);
        if code.starts_with("59") {
            // 5-9 is in the table: nothing to warn about.
            assert!(ok && warnings.is_empty(), "{code}");
            continue;
        }
        assert!(ok, "{code}: {errors:?}");
        assert_eq!(warnings, rules, "{code}");
        let (ok, errors, warnings) = judge(&code, Profile::Strict);
        assert!(!ok && warnings.is_empty(), "{code}");
        assert_eq!(errors, rules, "{code}");
    }
}

#[test]
fn wrong_check_with_another_doubt_is_invalid_even_lenient() {
    use ProblemCode::*;
    for first17 in [
        "99110108551385082",
        "91320594551385082",
        "91110108551385083",
    ] {
        let code = flip_check(&with_check(first17));
        let (ok, errors, _) = judge(&code, Profile::Lenient);
        assert!(!ok, "{code}");
        assert!(errors.contains(&CheckCharacter), "{code}: {errors:?}");
    }
}

#[test]
fn national_level_100000_is_valid_in_strict() {
    let (ok, errors, _) = judge("11100000000013127D", Profile::Strict);
    assert!(ok, "{errors:?}");
}
