//! Resident ID numbers (`src/id/resident_id.rs`): check character, birth date, division and the
//! 15-digit form, through the public API. Moved out of the source file (issue 14).

use chrono::NaiveDate;
use credit_check::kind::Profile;
use credit_check::problem::{Invalid, Problem, ProblemCode};
use credit_check::resident_id::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn codes(r: Result<ResidentId, Invalid>) -> Vec<ProblemCode> {
    r.unwrap_err()
        .problems()
        .iter()
        .map(Problem::code)
        .collect()
}

#[test]
fn gb_11643_worked_example() {
    // The standard's own example: 11010519491231002X, a woman born 1949-12-31.
    let id = ResidentId::parse("11010519491231002x").unwrap();
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(id.to_string(), "11010519491231002X");
    assert_eq!(id.address().full_name().as_deref(), Some("北京市朝阳区"));
}

#[test]
fn legacy_fifteen_digits_upgrade() {
    let id = ResidentId::parse("110105491231002").unwrap();
    assert!(id.is_legacy());
    assert_eq!(id.eighteen(), "11010519491231002X");
    assert_eq!(id.to_string(), "110105491231002");
    assert_eq!(id.masked(), "110105******002");
}

#[test]
fn birth_date_must_be_real_and_not_in_the_future() {
    let today = day(2026, 11, 27);
    let mk = |first17: &str| format!("{first17}{}", calc_check_char(first17).unwrap());
    assert_eq!(
        codes(validate_at(
            &mk("11010519490230002"),
            Profile::Lenient,
            today
        )),
        [ProblemCode::BirthDateInvalid]
    );
    assert_eq!(
        codes(validate_at(
            &mk("11010520261128001"),
            Profile::Lenient,
            today
        )),
        [ProblemCode::BirthDateFuture]
    );
    assert!(validate_at(&mk("11010520261127001"), Profile::Strict, today).is_ok());
    // People born in the 1880s exist; leap day 2000 is real, 1900 is not.
    assert!(validate_at(&mk("11010518850101001"), Profile::Strict, today).is_ok());
    assert!(validate_at(&mk("11010520000229001"), Profile::Strict, today).is_ok());
    assert_eq!(
        codes(validate_at(
            &mk("11010519000229001"),
            Profile::Strict,
            today
        )),
        [ProblemCode::BirthDateInvalid]
    );
}

#[test]
fn check_character_and_shape() {
    assert_eq!(
        codes(ResidentId::parse("110105194912310021")),
        [ProblemCode::CheckCharacter]
    );
    let e = ResidentId::parse("1101051949123100X2").unwrap_err();
    assert_eq!(e.problems()[0].position(), Some(17));
    assert_eq!(
        codes(ResidentId::parse("1101051949123")),
        [ProblemCode::Length]
    );
}

#[test]
fn address_codes_retired_are_fine_unknown_warns() {
    // 110228 密云县 (retired 2015) on an old card: no warning.
    let first17 = "11022819700101001";
    let id = format!("{first17}{}", calc_check_char(first17).unwrap());
    assert!(validate(&id, Profile::Strict).is_ok());
    let first17 = "99000019700101001";
    let id = format!("{first17}{}", calc_check_char(first17).unwrap());
    assert_eq!(
        ResidentId::parse(&id).unwrap().warnings()[0].code(),
        ProblemCode::DivisionUnknown
    );
    assert_eq!(
        codes(validate(&id, Profile::Strict)),
        [ProblemCode::DivisionUnknown]
    );
}
