//! 组织机构代码 — organisation code, GB 11714: eight characters (digits and capital letters)
//! and a check character, usually written `XXXXXXXX-X`. Since 2015 it lives on as positions
//! 9–17 of the USCC, so a list record keyed by an old organisation code still finds the entity.
//!
//! Surface (the same in every identifier module): [`compact`], [`calc_check_char`],
//! [`validate`], [`is_valid`], [`format`], and the [`OrgCode`] type.

use crate::id::clean::Compact;
use crate::id::findings::{check_body, check_shape, clean_as, mismatch, Findings};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Invalid, Problem, ProblemCode};
use std::fmt;

const KIND: IdentifierKind = IdentifierKind::OrgCode;
const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid organisation code (eight characters and a correct check character).
///
/// ```
/// use credit_check::OrgCode;
/// let code: OrgCode = "55138508-2".parse().unwrap();
/// assert_eq!(code.to_string(), "55138508-2");
/// assert_eq!(code.compact(), "551385082");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgCode([u8; 9]);

/// Value of a body character: digits 0–9, letters A–Z as 10–35.
fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// Check character for an eight-character body, as ASCII; `None` if a character is not 0-9/A-Z.
#[inline]
pub(crate) fn check_char_of(body: &[u8]) -> Option<u8> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in body.iter().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    })
}

/// Removes separators and normalises case and width.
pub fn compact(input: &str) -> Result<String, Invalid> {
    clean_as(KIND, input).map(|c| c.to_string_lossy())
}

/// The check character for the first eight characters.
///
/// ```
/// assert_eq!(credit_check::org_code::calc_check_char("55138508"), Ok('2'));
/// ```
pub fn calc_check_char(body: &str) -> Result<char, Invalid> {
    let body = check_body::<8>(
        KIND,
        body,
        |_, ch| ch.is_ascii_digit() || ch.is_ascii_uppercase(),
        |_| "0-9, A-Z",
    )?;
    check_char_of(&body).map(char::from).ok_or_else(|| {
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
        |i, ch| {
            if i == 8 {
                ch.is_ascii_digit() || ch == 'X'
            } else {
                ch.is_ascii_digit() || ch.is_ascii_uppercase()
            }
        },
        |i| if i == 8 { "0-9, X" } else { "0-9, A-Z" },
    );
    if !errors.is_empty() {
        return Findings {
            errors,
            warnings: Vec::new(),
        };
    }
    let Some(b) = c.ascii::<9>() else {
        return Findings::error(Problem::new(ProblemCode::Length).about(KIND));
    };
    match check_char_of(&b[..8]) {
        Some(want) if want == b[8] => Findings::default(),
        want => Findings::error(mismatch(ProblemCode::CheckCharacter, KIND, 9, want, b[8])),
    }
}

/// Parses and checks an organisation code. Organisation codes have no suspicious-but-valid
/// state, so both profiles judge alike.
pub fn validate(input: &str, profile: Profile) -> Result<OrgCode, Invalid> {
    let c = clean_as(KIND, input)?;
    findings(&c).into_result(profile)?;
    c.ascii::<9>()
        .map(OrgCode)
        .ok_or_else(|| Problem::new(ProblemCode::Length).about(KIND).into())
}

/// Whether `input` is a valid organisation code.
pub fn is_valid(input: &str) -> bool {
    validate(input, Profile::Lenient).is_ok()
}

/// The standard form `XXXXXXXX-X`.
pub fn format(input: &str) -> Result<String, Invalid> {
    validate(input, Profile::Lenient).map(|c| c.to_string())
}

impl OrgCode {
    /// Parses leniently; see [`validate`].
    pub fn parse(input: &str) -> Result<OrgCode, Invalid> {
        validate(input, Profile::Lenient)
    }

    /// Wraps nine ASCII characters already known to be valid (from a USCC).
    pub(crate) fn from_checked(bytes: [u8; 9]) -> OrgCode {
        OrgCode(bytes)
    }

    /// The nine characters without the hyphen.
    pub fn compact(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The check character.
    pub fn check_character(&self) -> char {
        char::from(self.0[8])
    }

    /// The nine bytes, for index keys.
    pub fn as_bytes(&self) -> &[u8; 9] {
        &self.0
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.compact();
        write!(f, "{}-{}", &s[..8], &s[8..])
    }
}

string_form!(OrgCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples() {
        // Xiaomi's organisation code inside 91110108551385082Q; Alibaba (China) 79965531-X? —
        // only codes verified by their USCC are used here.
        assert_eq!(calc_check_char("55138508"), Ok('2'));
        assert!(is_valid("551385082"));
        assert!(is_valid("55138508-2"));
        assert_eq!(format("５５１３８５０８２"), Ok("55138508-2".to_string()));
        // Remainder 1 → check X; remainder 0 → check 0.
        for body in ["00000001", "12345678", "ABCDEFGH", "MA2YXY00"] {
            let c = calc_check_char(body).unwrap();
            assert!(is_valid(&format!("{body}{c}")), "{body}{c}");
        }
    }

    #[test]
    fn check_char_x_and_zero_mapping() {
        // Search the bodies 0000000n for remainders giving X and 0 and assert the mapping.
        let mut saw_x = false;
        let mut saw_0 = false;
        for n in 0..100u32 {
            let body = format!("{n:08}");
            let sum: u32 = body
                .bytes()
                .zip(WEIGHTS)
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            let c = calc_check_char(&body).unwrap();
            match 11 - sum % 11 {
                10 => {
                    assert_eq!(c, 'X');
                    saw_x = true
                }
                11 => {
                    assert_eq!(c, '0');
                    saw_0 = true
                }
                d => assert_eq!(c.to_digit(10), Some(d)),
            }
        }
        assert!(saw_x && saw_0);
    }

    #[test]
    fn errors_name_the_rule() {
        let e = validate("55138508-3", Profile::Strict).unwrap_err();
        assert_eq!(e.problems()[0].code(), ProblemCode::CheckCharacter);
        assert_eq!(e.problems()[0].expected(), Some("2"));
        let e = validate("5513850", Profile::Lenient).unwrap_err();
        assert_eq!(e.problems()[0].code(), ProblemCode::Length);
        let e = validate("5513850!2", Profile::Lenient).unwrap_err();
        assert_eq!(
            (e.problems()[0].code(), e.problems()[0].position()),
            (ProblemCode::IllegalCharacter, Some(8))
        );
        let e = validate("55138508A", Profile::Lenient).unwrap_err();
        assert_eq!(e.problems()[0].position(), Some(9));
        assert!(calc_check_char("5513850").is_err());
    }
}
