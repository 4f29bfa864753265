//! The identifier kinds the crate knows and the two validation profiles.

use crate::id::problem::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An identifier kind found in credit lists and web forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IdentifierKind {
    /// 统一社会信用代码, GB 32100-2015, 18 characters.
    Uscc,
    /// 居民身份证号码, GB 11643, 18 digits (or the legacy 15).
    ResidentId,
    /// 组织机构代码, GB 11714, 8 + check character.
    OrgCode,
    /// 工商注册号, 15 digits, ISO 7064 MOD 11,10.
    RegistrationNumber,
    /// 纳税人识别号, 15, 18 or 20 characters.
    TaxpayerId,
}

impl IdentifierKind {
    /// Every kind, in the order `detect` and auto-validation prefer them.
    pub const ALL: [IdentifierKind; 5] = [
        IdentifierKind::Uscc,
        IdentifierKind::ResidentId,
        IdentifierKind::OrgCode,
        IdentifierKind::RegistrationNumber,
        IdentifierKind::TaxpayerId,
    ];

    /// The lengths (after cleaning) an identifier of this kind can have.
    pub fn lengths(self) -> &'static [usize] {
        match self {
            IdentifierKind::Uscc => &[18],
            IdentifierKind::ResidentId => &[18, 15],
            IdentifierKind::OrgCode => &[9],
            IdentifierKind::RegistrationNumber => &[15],
            IdentifierKind::TaxpayerId => &[15, 18, 20],
        }
    }

    /// The name used in JSON and JS, e.g. `"uscc"`, `"orgCode"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Uscc => "uscc",
            IdentifierKind::ResidentId => "residentId",
            IdentifierKind::OrgCode => "orgCode",
            IdentifierKind::RegistrationNumber => "registrationNumber",
            IdentifierKind::TaxpayerId => "taxpayerId",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            IdentifierKind::Uscc => "统一社会信用代码",
            IdentifierKind::ResidentId => "居民身份证号码",
            IdentifierKind::OrgCode => "组织机构代码",
            IdentifierKind::RegistrationNumber => "工商注册号",
            IdentifierKind::TaxpayerId => "纳税人识别号",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            IdentifierKind::Uscc => "Unified social credit code",
            IdentifierKind::ResidentId => "Resident ID number",
            IdentifierKind::OrgCode => "Organisation code",
            IdentifierKind::RegistrationNumber => "Business registration number",
            IdentifierKind::TaxpayerId => "Taxpayer identification number",
        }
    }
}

impl IdentifierKind {
    /// The check character for the body of an identifier of this kind (everything before the
    /// check character: 17 characters for a USCC or an ID number, 8 for an organisation code, 14
    /// for a registration number, 14 or 17 for a taxpayer number): each kind's own
    /// `calc_check_char`.
    ///
    /// ```
    /// use credit_check::IdentifierKind;
    /// assert_eq!(IdentifierKind::Uscc.calc_check_char("91110108551385082"), Ok('Q'));
    /// assert_eq!(IdentifierKind::OrgCode.calc_check_char("55138508"), Ok('2'));
    /// ```
    pub fn calc_check_char(self, body: &str) -> Result<char, crate::id::problem::Invalid> {
        match self {
            IdentifierKind::Uscc => crate::id::uscc::calc_check_char(body),
            IdentifierKind::ResidentId => crate::id::resident_id::calc_check_char(body),
            IdentifierKind::OrgCode => crate::id::org_code::calc_check_char(body),
            IdentifierKind::RegistrationNumber => {
                crate::id::registration_number::calc_check_char(body)
            }
            IdentifierKind::TaxpayerId => crate::id::taxpayer_id::calc_check_char(body),
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IdentifierKind {
    type Err = Problem;

    /// Accepts the JSON names (`uscc`, `residentId`, …) and their kebab-case forms.
    fn from_str(s: &str) -> Result<Self, Problem> {
        IdentifierKind::ALL
            .into_iter()
            .find(|k| {
                k.as_str().eq_ignore_ascii_case(s)
                    || k.as_str().eq_ignore_ascii_case(&s.replace(['-', '_'], ""))
            })
            .ok_or_else(|| {
                Problem::new(ProblemCode::InvalidOption)
                    .with_expected("uscc, residentId, orgCode, registrationNumber, taxpayerId")
                    .with_found(truncate(s))
            })
    }
}

/// How strictly to judge a code. See `docs/identifiers.md`.
///
/// - [`Profile::Lenient`] (the default, for forms): rejects only what cannot be the identifier;
///   real-world oddities (early pilot codes failing position 18, retired or development-zone
///   division codes, unusual authority/category pairs) are accepted with warnings.
/// - [`Profile::Strict`] (for data that must follow the standard to the letter): every rule
///   rejects, and the problem names the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Reject on any rule.
    Strict,
    /// Reject only what cannot be the identifier; warn about the rest.
    #[default]
    Lenient,
}

impl Profile {
    /// `"strict"` or `"lenient"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Strict => "strict",
            Profile::Lenient => "lenient",
        }
    }
}

impl FromStr for Profile {
    type Err = Problem;

    fn from_str(s: &str) -> Result<Self, Problem> {
        match s.to_ascii_lowercase().as_str() {
            "strict" => Ok(Profile::Strict),
            "lenient" => Ok(Profile::Lenient),
            _ => Err(Problem::new(ProblemCode::InvalidOption)
                .with_expected("strict, lenient")
                .with_found(truncate(s))),
        }
    }
}

/// Keeps echoed option values short: an option is never worth more than 40 characters.
fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in IdentifierKind::ALL {
            assert_eq!(k.as_str().parse::<IdentifierKind>(), Ok(k));
        }
        assert_eq!(
            "resident-id".parse::<IdentifierKind>(),
            Ok(IdentifierKind::ResidentId)
        );
        let err = "passport".parse::<IdentifierKind>().unwrap_err();
        assert_eq!(err.code(), ProblemCode::InvalidOption);
        assert_eq!(err.found(), Some("passport"));
    }

    #[test]
    fn profiles_parse_and_default_to_lenient() {
        assert_eq!("STRICT".parse::<Profile>(), Ok(Profile::Strict));
        assert_eq!(Profile::default(), Profile::Lenient);
        assert_eq!(
            "x".repeat(100)
                .parse::<Profile>()
                .unwrap_err()
                .found()
                .map(str::len),
            Some(40)
        );
    }
}

/// One identifier kind with its names, as the vocabulary lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KindTerm {
    /// The id JSON and JS carry (`uscc`, `orgCode`, …).
    pub id: &'static str,
    /// Chinese name.
    pub zh: &'static str,
    /// English name.
    pub en: &'static str,
}

/// The identifier layer's part of the vocabulary (`check::vocabulary` has every table, these
/// included): what the small validation module gives a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdVocabulary {
    /// The identifier kinds.
    pub identifier_kinds: Vec<KindTerm>,
}

/// The identifier kinds with their names.
pub fn vocabulary() -> IdVocabulary {
    IdVocabulary {
        identifier_kinds: IdentifierKind::ALL
            .iter()
            .map(|k| KindTerm {
                id: k.as_str(),
                zh: k.name_zh(),
                en: k.name_en(),
            })
            .collect(),
    }
}
