//! 工商注册号 — the 15-digit business registration number used before the USCC: six digits of
//! the registering authority's division, eight of sequence, and an ISO 7064 MOD 11,10 check
//! digit. There is no arithmetic link to the USCC (a crosswalk is data, not arithmetic).
//!
//! Surface (the same in every identifier module): [`compact`], [`calc_check_char`],
//! [`validate`], [`is_valid`], [`format`], and the [`RegistrationNumber`] type.

use crate::id::clean::Compact;
use crate::id::division::{Division, DivisionStatus};
use crate::id::findings::{check_body, check_shape, clean_as, mismatch, Findings};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Invalid, Problem, ProblemCode, Text};
use std::fmt;

const KIND: IdentifierKind = IdentifierKind::RegistrationNumber;

/// A valid registration number.
///
/// ```
/// use credit_check::RegistrationNumber;
/// let n: RegistrationNumber = "110108012660422".parse().unwrap();
/// assert_eq!(n.division().code, 110108);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationNumber([u8; 15]);

/// ISO 7064 MOD 11,10 check digit of the first fourteen digits.
pub(crate) fn check_digit_of(digits: &[u8]) -> Option<u8> {
    let mut p = 10u32;
    for &d in digits {
        let d = u32::from(d.checked_sub(b'0').filter(|d| *d < 10)?);
        let s = match (p + d) % 10 {
            0 => 10,
            s => s,
        };
        p = s * 2 % 11;
    }
    Some(b'0' + ((11 - p) % 10) as u8)
}

/// Removes separators and normalises width.
pub fn compact(input: &str) -> Result<String, Invalid> {
    clean_as(KIND, input).map(|c| c.to_string_lossy())
}

/// The check digit for the first fourteen digits.
///
/// ```
/// assert_eq!(credit_check::registration_number::calc_check_char("11010801266042"), Ok('2'));
/// ```
pub fn calc_check_char(first14: &str) -> Result<char, Invalid> {
    let body = check_body::<14>(KIND, first14, |_, ch| ch.is_ascii_digit(), |_| "0-9")?;
    check_digit_of(&body).map(char::from).ok_or_else(|| {
        Problem::new(ProblemCode::IllegalCharacter)
            .about(KIND)
            .into()
    })
}

pub(crate) fn findings(c: &Compact) -> Findings {
    let errors = check_shape(
        KIND,
        c.chars(),
        c.len(),
        KIND.lengths(),
        |_, ch| ch.is_ascii_digit(),
        |_| "0-9",
    );
    if !errors.is_empty() {
        return Findings {
            errors,
            warnings: Vec::new(),
        };
    }
    match c.ascii::<15>() {
        Some(b) => RegistrationNumber(b).findings(),
        None => Findings::error(Problem::new(ProblemCode::Length).about(KIND)),
    }
}

/// Parses and checks a registration number. A division in no GB/T 2260 edition is a warning
/// (the strict profile rejects it); a retired one is normal for a number issued before 2015.
pub fn validate(input: &str, profile: Profile) -> Result<RegistrationNumber, Invalid> {
    let c = clean_as(KIND, input)?;
    findings(&c).into_result(profile)?;
    c.ascii::<15>()
        .map(RegistrationNumber)
        .ok_or_else(|| Problem::new(ProblemCode::Length).about(KIND).into())
}

/// Whether `input` is a registration number under the lenient profile.
pub fn is_valid(input: &str) -> bool {
    validate(input, Profile::Lenient).is_ok()
}

/// The canonical form (fifteen digits).
pub fn format(input: &str) -> Result<String, Invalid> {
    validate(input, Profile::Lenient).map(|c| c.to_string())
}

impl RegistrationNumber {
    /// Parses leniently; see [`validate`].
    pub fn parse(input: &str) -> Result<RegistrationNumber, Invalid> {
        validate(input, Profile::Lenient)
    }

    /// Fifteen ASCII characters of any content, for parts of an input that failed a check.
    pub(crate) fn from_shape(c: &Compact) -> Option<RegistrationNumber> {
        c.ascii::<15>().map(RegistrationNumber)
    }

    /// The fifteen digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The registering authority's division (digits 1–6).
    pub fn division(&self) -> Division {
        Division::lookup(
            self.0[..6]
                .iter()
                .fold(0, |n, &d| n * 10 + u32::from(d.wrapping_sub(b'0'))),
        )
    }

    /// The check digit.
    pub fn check_character(&self) -> char {
        char::from(self.0[14])
    }

    /// What is unusual about this number.
    pub fn warnings(&self) -> Vec<Problem> {
        self.findings().warnings
    }

    /// The rules beyond the shape: check digit, and a division in some GB/T 2260 edition.
    fn findings(&self) -> Findings {
        let b = &self.0;
        let mut f = Findings::default();
        let want = check_digit_of(&b[..14]);
        if want != Some(b[14]) {
            f.errors
                .push(mismatch(ProblemCode::CheckCharacter, KIND, 15, want, b[14]));
        }
        if self.division().status == DivisionStatus::Unknown {
            f.warnings.push(
                Problem::new(ProblemCode::DivisionUnknown)
                    .about(KIND)
                    .at(1)
                    .with_found(Text::copy(&self.as_str()[..6])),
            );
        }
        f
    }
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_form!(RegistrationNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_11_10_worked_example() {
        // ISO 7064 MOD 11,10 by hand for 11010801266042: the running product ends at 9, so the
        // check digit is (11 − 9) mod 10 = 2.
        assert_eq!(calc_check_char("11010801266042"), Ok('2'));
        assert!(is_valid("110108012660422"));
        assert!(is_valid("1101 0801 2660 422"));
    }

    #[test]
    fn every_single_digit_error_is_detected() {
        let good = b"110108012660422";
        for i in 0..15 {
            for d in b'0'..=b'9' {
                if d == good[i] {
                    continue;
                }
                let mut bad = *good;
                bad[i] = d;
                let s = std::str::from_utf8(&bad).unwrap();
                assert!(!is_valid(s), "{s}");
            }
        }
    }

    #[test]
    fn errors_and_warnings() {
        let e = validate("110108012660423", Profile::Lenient).unwrap_err();
        assert_eq!(e.problems()[0].code(), ProblemCode::CheckCharacter);
        assert_eq!(e.problems()[0].expected(), Some("2"));
        let e = validate("11010801266042A", Profile::Lenient).unwrap_err();
        assert_eq!(e.problems()[0].code(), ProblemCode::IllegalCharacter);
        // Division 990000 is in no edition: a warning, rejected only by the strict profile.
        let body = "99000001266042";
        let n = format!("{body}{}", calc_check_char(body).unwrap());
        let parsed = validate(&n, Profile::Lenient).unwrap();
        assert_eq!(parsed.warnings()[0].code(), ProblemCode::DivisionUnknown);
        assert!(validate(&n, Profile::Strict).is_err());
    }
}
