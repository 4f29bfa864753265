//! 居民身份证号码 — the resident ID number, GB 11643: six digits of address code, the birth date
//! `YYYYMMDD`, a three-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character
//! (`0`–`9` or `X`). The legacy 15-digit form has `YYMMDD` (19xx) and no check character.
//!
//! ID numbers identify legal representatives and natural persons on lists. They are matched in
//! full but only ever shown masked ([`ResidentId::masked`]).
//!
//! Surface (the same in every identifier module): [`compact`], [`calc_check_char`],
//! [`validate`], [`is_valid`], [`format`], and the [`ResidentId`] type.

use crate::id::clean::Compact;
use crate::id::division::{Division, DivisionStatus};
use crate::id::findings::{check_body, check_shape, clean_as, mismatch, Findings};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Invalid, Problem, ProblemCode, Text};
use chrono::NaiveDate;
use std::fmt;

const KIND: IdentifierKind = IdentifierKind::ResidentId;
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// Today's date in China (Asia/Shanghai is UTC+8 all year).
pub fn today_in_china() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Sex, from the parity of the sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Odd sequence.
    Male,
    /// Even sequence.
    Female,
}

/// A valid resident ID number (18 digits, or the legacy 15).
///
/// ```
/// use credit_check::ResidentId;
/// let id: ResidentId = "11010519491231002X".parse().unwrap();
/// assert_eq!(id.birth_date().to_string(), "1949-12-31");
/// assert_eq!(id.masked(), "110105********002X");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId {
    digits: [u8; 18],
    legacy: bool,
}

#[inline]
pub(crate) fn check_char_of(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in first17.iter().zip(WEIGHTS) {
        sum += u32::from(c.checked_sub(b'0').filter(|d| *d < 10)?) * w;
    }
    CHECK.get((sum % 11) as usize).copied()
}

/// Removes separators and normalises case and width.
pub fn compact(input: &str) -> Result<String, Invalid> {
    clean_as(KIND, input).map(|c| c.to_string_lossy())
}

/// The check character for the first seventeen digits.
///
/// ```
/// assert_eq!(credit_check::resident_id::calc_check_char("11010519491231002"), Ok('X'));
/// ```
pub fn calc_check_char(first17: &str) -> Result<char, Invalid> {
    let body = check_body::<17>(KIND, first17, |_, ch| ch.is_ascii_digit(), |_| "0-9")?;
    check_char_of(&body).map(char::from).ok_or_else(|| {
        Problem::new(ProblemCode::IllegalCharacter)
            .about(KIND)
            .into()
    })
}

fn number(b: &[u8]) -> u32 {
    b.iter()
        .fold(0, |n, &d| n * 10 + u32::from(d.wrapping_sub(b'0')))
}

pub(crate) fn findings(c: &Compact, today: NaiveDate) -> Findings {
    let errors = check_shape(
        KIND,
        c.chars(),
        c.len(),
        KIND.lengths(),
        |i, ch| ch.is_ascii_digit() || (i == 17 && ch == 'X'),
        |i| if i == 17 { "0-9, X" } else { "0-9" },
    );
    if !errors.is_empty() {
        return Findings {
            errors,
            warnings: Vec::new(),
        };
    }
    match ResidentId::from_shape(c) {
        Some(id) => id.findings(today),
        None => Findings::error(Problem::new(ProblemCode::Length).about(KIND)),
    }
}

/// Parses and checks an ID number against today's date in China.
pub fn validate(input: &str, profile: Profile) -> Result<ResidentId, Invalid> {
    validate_at(input, profile, today_in_china())
}

/// Parses and checks an ID number, with `today` as the latest possible birth date.
pub fn validate_at(input: &str, profile: Profile, today: NaiveDate) -> Result<ResidentId, Invalid> {
    let c = clean_as(KIND, input)?;
    findings(&c, today).into_result(profile)?;
    ResidentId::from_shape(&c).ok_or_else(|| Problem::new(ProblemCode::Length).about(KIND).into())
}

/// Whether `input` is an ID number under the lenient profile.
pub fn is_valid(input: &str) -> bool {
    validate(input, Profile::Lenient).is_ok()
}

/// The canonical form (as issued: 18 characters, or 15 digits for a legacy number).
pub fn format(input: &str) -> Result<String, Invalid> {
    validate(input, Profile::Lenient).map(|c| c.to_string())
}

impl ResidentId {
    /// Parses leniently; see [`validate`].
    pub fn parse(input: &str) -> Result<ResidentId, Invalid> {
        validate(input, Profile::Lenient)
    }

    pub(crate) fn from_shape(c: &Compact) -> Option<ResidentId> {
        if let Some(digits) = c.ascii::<18>() {
            return Some(ResidentId {
                digits,
                legacy: false,
            });
        }
        let b = c.ascii::<15>()?;
        let mut d = [b'0'; 18];
        d[..6].copy_from_slice(&b[..6]);
        d[6..8].copy_from_slice(b"19");
        d[8..17].copy_from_slice(&b[6..]);
        d[17] = check_char_of(&d[..17])?;
        Some(ResidentId {
            digits: d,
            legacy: true,
        })
    }

    /// Whether it was given in the legacy 15-digit form.
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }

    /// The 18-character form (a legacy number upgraded: `19` inserted, check computed). Lists
    /// are matched on this form.
    pub fn eighteen(&self) -> &str {
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }

    /// The address code's division (may be retired: ID numbers keep the code of their issue).
    pub fn address(&self) -> Division {
        Division::lookup(number(&self.digits[..6]))
    }

    /// The birth date.
    pub fn birth_date(&self) -> NaiveDate {
        self.checked_birth_date().unwrap_or_default()
    }

    /// The birth date, `None` when the digits are not a date (only for inputs that failed).
    pub(crate) fn checked_birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(
            number(&self.digits[6..10]) as i32,
            number(&self.digits[10..12]),
            number(&self.digits[12..14]),
        )
    }

    /// Sex from the sequence number's parity.
    pub fn sex(&self) -> Sex {
        if self.digits[16].wrapping_sub(b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The form safe to show: address code and the last four characters, birth date hidden
    /// (`110105********002X`; legacy `110105******002`).
    pub fn masked(&self) -> String {
        let s = self.to_string();
        let keep_tail = if self.legacy { 3 } else { 4 };
        let hidden = s.len() - 6 - keep_tail;
        format!(
            "{}{}{}",
            &s[..6],
            "*".repeat(hidden),
            &s[s.len() - keep_tail..]
        )
    }

    /// Every rule beyond the shape: check character (18-digit form), birth date, address code.
    fn findings(&self, today: NaiveDate) -> Findings {
        let (digits, legacy) = (&self.digits, self.legacy);
        let mut f = Findings::default();
        let want = check_char_of(&digits[..17]);
        if !legacy && want != Some(digits[17]) {
            f.errors.push(mismatch(
                ProblemCode::CheckCharacter,
                KIND,
                18,
                want,
                digits[17],
            ));
        }
        let shown = if legacy {
            &digits[8..14]
        } else {
            &digits[6..14]
        };
        let shown = Text::copy(std::str::from_utf8(shown).unwrap_or_default());
        let birth_pos = 7;
        match NaiveDate::from_ymd_opt(
            number(&digits[6..10]) as i32,
            number(&digits[10..12]),
            number(&digits[12..14]),
        ) {
            None => f.errors.push(
                Problem::new(ProblemCode::BirthDateInvalid)
                    .about(KIND)
                    .at(birth_pos)
                    .with_found(shown),
            ),
            Some(d) if d > today => f.errors.push(
                Problem::new(ProblemCode::BirthDateFuture)
                    .about(KIND)
                    .at(birth_pos)
                    .with_expected(Text::format(format_args!("{today}")))
                    .with_found(shown),
            ),
            Some(_) => {}
        }
        // Address codes never change on an ID card, so a retired one is normal; only a code in no
        // edition at all is doubtful.
        if self.address().status == DivisionStatus::Unknown {
            f.warnings.push(
                Problem::new(ProblemCode::DivisionUnknown)
                    .about(KIND)
                    .at(1)
                    .with_found(Text::copy(
                        std::str::from_utf8(&digits[..6]).unwrap_or_default(),
                    )),
            );
        }
        f
    }

    /// What is unusual about this number.
    pub fn warnings(&self) -> Vec<Problem> {
        self.findings(NaiveDate::MAX).warnings
    }
}

impl fmt::Display for ResidentId {
    /// The number as issued (15 digits for a legacy number).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.legacy {
            let d = self.eighteen();
            write!(f, "{}{}", &d[..6], &d[8..17])
        } else {
            f.write_str(self.eighteen())
        }
    }
}

string_form!(ResidentId);
