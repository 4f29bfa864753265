//! 纳税人识别号 — taxpayer identification numbers. Since 2015 an entity's is its USCC; older ones
//! remain on records:
//!
//! | length | form |
//! |---|---|
//! | 15 | division code (6) + organisation code (9) |
//! | 18 | the USCC, or a resident ID number (individual businesses) |
//! | 20 | a resident ID number + 2 digits |
//!
//! Surface (the same in every identifier module): [`compact`], [`validate`], [`is_valid`],
//! [`format`], and the [`TaxpayerId`] type. There is no check character of its own:
//! [`calc_check_char`] gives the check character of the embedded identifier.

use crate::id::clean::Compact;
use crate::id::division::{Division, DivisionStatus};
use crate::id::findings::{check_shape, clean_as, mismatch, Findings};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::org_code::{self, OrgCode};
use crate::id::problem::{Invalid, Problem, ProblemCode, Text};
use crate::id::resident_id::{self, ResidentId};
use crate::id::uscc::{self, Uscc};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

const KIND: IdentifierKind = IdentifierKind::TaxpayerId;

/// Which form a taxpayer number takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TaxpayerForm {
    /// 15 characters: division code + organisation code.
    DivisionOrgCode,
    /// 18 characters: a USCC.
    Uscc,
    /// 18 characters: a resident ID number.
    ResidentId,
    /// 20 characters: a resident ID number and two digits.
    ResidentIdSuffix,
}

/// A valid taxpayer identification number.
///
/// ```
/// use credit_check::{TaxpayerId, taxpayer_id::TaxpayerForm};
/// assert_eq!(TaxpayerId::parse("110108551385082").unwrap().form(), TaxpayerForm::DivisionOrgCode);
/// assert_eq!(TaxpayerId::parse("91110108551385082Q").unwrap().form(), TaxpayerForm::Uscc);
/// assert_eq!(TaxpayerId::parse("11010519491231002X01").unwrap().form(), TaxpayerForm::ResidentIdSuffix);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaxpayerId {
    text: [u8; 20],
    len: u8,
    form: TaxpayerForm,
}

/// Removes separators and normalises case and width.
pub fn compact(input: &str) -> Result<String, Invalid> {
    clean_as(KIND, input).map(|c| c.to_string_lossy())
}

/// The check character of the embedded identifier: for 14 characters (division + organisation
/// code body) the organisation code's, for 17 the USCC's or, if all digits, the ID number's.
pub fn calc_check_char(body: &str) -> Result<char, Invalid> {
    let c = clean_as(KIND, body)?;
    match c.len() {
        14 => org_code::calc_check_char(&c.chars().skip(6).collect::<String>()),
        17 if c.chars().all(|ch| ch.is_ascii_digit()) => resident_id::calc_check_char(body),
        17 => uscc::calc_check_char(body),
        n => Err(Problem::new(ProblemCode::Length)
            .about(KIND)
            .with_expected("14/17")
            .with_found(n)
            .into()),
    }
}

/// Which form the findings are for, when the input has a taxpayer length.
pub(crate) fn findings(c: &Compact, today: NaiveDate) -> (Findings, Option<TaxpayerForm>) {
    match c.len() {
        15 => (fifteen(c), Some(TaxpayerForm::DivisionOrgCode)),
        18 => {
            let as_uscc = uscc::findings(c);
            if as_uscc.is_ok() {
                return (as_uscc, Some(TaxpayerForm::Uscc));
            }
            let as_id = resident_id::findings(c, today);
            if uscc_explains_better(c, &as_uscc, &as_id) {
                (as_uscc, Some(TaxpayerForm::Uscc))
            } else {
                (as_id, Some(TaxpayerForm::ResidentId))
            }
        }
        20 => {
            let mut f = resident_id::findings(&c.prefix(18), today);
            f.errors.extend(check_shape(
                KIND,
                c.chars(),
                20,
                &[20],
                |i, ch| i < 18 || ch.is_ascii_digit(),
                |_| "0-9",
            ));
            (f, Some(TaxpayerForm::ResidentIdSuffix))
        }
        n => (
            Findings::error(
                Problem::new(ProblemCode::Length)
                    .about(KIND)
                    .with_expected("15/18/20")
                    .with_found(n),
            ),
            None,
        ),
    }
}

/// For an 18-character input that is neither a USCC nor an ID number: which one its errors
/// explain better. Fewer errors wins; on a tie, ID numbers never start with 9 or a letter.
pub(crate) fn uscc_explains_better(c: &Compact, as_uscc: &Findings, as_id: &Findings) -> bool {
    if as_id.is_ok() {
        return false;
    }
    match as_uscc.errors.len().cmp(&as_id.errors.len()) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => c
            .chars()
            .next()
            .is_some_and(|ch| ch == '9' || !ch.is_ascii_digit()),
    }
}

fn fifteen(c: &Compact) -> Findings {
    let errors = check_shape(
        KIND,
        c.chars(),
        c.len(),
        &[15],
        |i, ch| match i {
            0..=5 => ch.is_ascii_digit(),
            14 => ch.is_ascii_digit() || ch == 'X',
            _ => ch.is_ascii_digit() || ch.is_ascii_uppercase(),
        },
        |i| match i {
            0..=5 => "0-9",
            14 => "0-9, X",
            _ => "0-9, A-Z",
        },
    );
    if !errors.is_empty() {
        return Findings {
            errors,
            warnings: Vec::new(),
        };
    }
    let Some(b) = c.ascii::<15>() else {
        return Findings::error(Problem::new(ProblemCode::Length).about(KIND));
    };
    let mut f = Findings::default();
    let want = org_code::check_char_of(&b[6..14]);
    if want != Some(b[14]) {
        f.errors
            .push(mismatch(ProblemCode::CheckCharacter, KIND, 15, want, b[14]));
    }
    let div = b[..6].iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    if Division::lookup(div).status == DivisionStatus::Unknown {
        f.warnings.push(
            Problem::new(ProblemCode::DivisionUnknown)
                .about(KIND)
                .at(1)
                .with_found(Text::format(format_args!("{div:06}"))),
        );
    }
    f
}

/// Parses and checks a taxpayer number.
pub fn validate(input: &str, profile: Profile) -> Result<TaxpayerId, Invalid> {
    validate_at(input, profile, resident_id::today_in_china())
}

/// Parses and checks a taxpayer number, with `today` as the latest possible birth date.
pub fn validate_at(input: &str, profile: Profile, today: NaiveDate) -> Result<TaxpayerId, Invalid> {
    let c = clean_as(KIND, input)?;
    let (f, form) = findings(&c, today);
    f.into_result(profile)?;
    let form = form.ok_or_else(|| Problem::new(ProblemCode::Length).about(KIND))?;
    let mut text = [0u8; 20];
    for (t, ch) in text.iter_mut().zip(c.chars()) {
        *t = u8::try_from(ch).unwrap_or(b'?');
    }
    Ok(TaxpayerId {
        text,
        len: c.len() as u8,
        form,
    })
}

/// Whether `input` is a taxpayer number under the lenient profile.
pub fn is_valid(input: &str) -> bool {
    validate(input, Profile::Lenient).is_ok()
}

/// The canonical form (no separators).
pub fn format(input: &str) -> Result<String, Invalid> {
    validate(input, Profile::Lenient).map(|c| c.to_string())
}

impl TaxpayerId {
    /// Parses leniently; see [`validate`].
    pub fn parse(input: &str) -> Result<TaxpayerId, Invalid> {
        validate(input, Profile::Lenient)
    }

    /// The characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Which form it takes.
    pub fn form(&self) -> TaxpayerForm {
        self.form
    }

    /// The USCC, for the 18-character entity form.
    pub fn uscc(&self) -> Option<Uscc> {
        (self.form == TaxpayerForm::Uscc)
            .then(|| Uscc::parse(self.as_str()).ok())
            .flatten()
    }

    /// The resident ID number, for the 18- and 20-character personal forms.
    pub fn resident_id(&self) -> Option<ResidentId> {
        match self.form {
            TaxpayerForm::ResidentId | TaxpayerForm::ResidentIdSuffix => {
                ResidentId::parse(&self.as_str()[..18]).ok()
            }
            _ => None,
        }
    }

    /// The organisation code, for the 15-character and USCC forms.
    pub fn org_code(&self) -> Option<OrgCode> {
        match self.form {
            TaxpayerForm::DivisionOrgCode => OrgCode::parse(&self.as_str()[6..]).ok(),
            TaxpayerForm::Uscc => self.uscc().map(|u| u.org_code()),
            _ => None,
        }
    }

    /// The division: positions 1–6 for the 15-character form, else that of the embedded code.
    pub fn division(&self) -> Option<Division> {
        match self.form {
            TaxpayerForm::DivisionOrgCode => Division::from_digits(&self.as_str()[..6]),
            TaxpayerForm::Uscc => self.uscc().map(|u| u.division()),
            _ => self.resident_id().map(|r| r.address()),
        }
    }
}

impl fmt::Display for TaxpayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_form!(TaxpayerId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_lengths_three_forms() {
        let t = TaxpayerId::parse("110108 55138508-2").unwrap();
        assert_eq!(
            t.org_code().map(|o| o.to_string()).as_deref(),
            Some("55138508-2")
        );
        assert_eq!(t.division().map(|d| d.code), Some(110108));
        let t = TaxpayerId::parse("11010519491231002X").unwrap();
        assert_eq!(t.form(), TaxpayerForm::ResidentId);
        assert_eq!(calc_check_char("11010855138508"), Ok('2'));
        assert_eq!(calc_check_char("91350100M000100Y4"), Ok('3'));
        assert_eq!(
            calc_check_char("91110108551385082"),
            Ok('1'),
            "all digits: an ID number"
        );
        assert_eq!(calc_check_char("11010519491231002"), Ok('X'));
    }

    #[test]
    fn errors_come_from_the_embedded_identifier() {
        let e = TaxpayerId::parse("110108551385083").unwrap_err();
        assert_eq!(e.problems()[0].code(), ProblemCode::CheckCharacter);
        let e = TaxpayerId::parse("91110108551385083A").unwrap_err();
        assert_eq!(e.problems()[0].subject(), Some(IdentifierKind::Uscc));
        let e = TaxpayerId::parse("11010519491231002X0A").unwrap_err();
        assert_eq!(
            (e.problems()[0].code(), e.problems()[0].position()),
            (ProblemCode::IllegalCharacter, Some(20))
        );
        let e = TaxpayerId::parse("1234").unwrap_err();
        assert_eq!(e.problems()[0].expected(), Some("15/18/20"));
    }
}
