//! One entry point for forms: validate any input as a given identifier kind or as whatever it
//! is, and get `{ok, kind, normalized, normalizations, parts, errors, warnings}` — the shape the
//! JS API, the CLI and the demo page share.

use crate::id::authority::Named;
use crate::id::clean::{self, Compact, Normalizations};
use crate::id::division::{Division, DivisionStatus};
use crate::id::findings::Findings;
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Problem, ProblemCode};
use crate::id::resident_id::Sex;
use crate::id::taxpayer_id::TaxpayerForm;
use crate::{org_code, registration_number, resident_id, taxpayer_id, uscc};
use crate::{OrgCode, RegistrationNumber, ResidentId, Uscc};
use chrono::NaiveDate;
use serde::Serialize;

/// How to validate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The kind the field expects; `None` accepts any kind (see [`detect`]).
    pub kind: Option<IdentifierKind>,
    /// Strict or lenient (the default).
    pub profile: Profile,
    /// Latest possible birth date for ID numbers; `None` means today in China.
    pub today: Option<NaiveDate>,
}

impl Options {
    /// Options for one kind under one profile.
    pub fn new(kind: Option<IdentifierKind>, profile: Profile) -> Options {
        Options {
            kind,
            profile,
            today: None,
        }
    }
}

/// The verdict on one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Accepted under the profile (there may still be warnings).
    pub ok: bool,
    /// The kind it was judged as; `None` when no kind fits at all.
    pub kind: Option<IdentifierKind>,
    /// The canonical form when `ok`, else the cleaned input; `None` when nothing was left.
    pub normalized: Option<String>,
    /// What cleaning changed (`trim`, `fullWidth`, `uppercase`, `separators`).
    pub normalizations: Normalizations,
    /// The parts, whenever the length and characters are right (even with a wrong check).
    pub parts: Option<Parts>,
    /// Problems that reject it under the profile.
    pub errors: Vec<Problem>,
    /// Problems worth a look that do not reject it.
    pub warnings: Vec<Problem>,
}

/// A division code as shown in parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DivisionPart {
    /// Six digits.
    pub code: String,
    /// Full name, e.g. 北京市海淀区; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `current`, `retired` or `unknown`.
    pub status: &'static str,
    /// The year a retired code was retired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired_in: Option<u16>,
}

impl From<Division> for DivisionPart {
    fn from(d: Division) -> DivisionPart {
        let (status, retired_in) = match d.status {
            DivisionStatus::Current => ("current", None),
            DivisionStatus::Retired { year } => ("retired", Some(year)),
            DivisionStatus::Unknown => ("unknown", None),
        };
        DivisionPart {
            code: format!("{:06}", d.code),
            name: d.full_name(),
            status,
            retired_in,
        }
    }
}

/// The parts of an identifier, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Parts {
    /// Parts of a USCC.
    #[serde(rename_all = "camelCase")]
    Uscc {
        /// Registration authority (position 1), absent if the standard does not define it.
        authority: Option<Named>,
        /// Organisation category (position 2), absent if the pair is not in the table.
        category: Option<Named>,
        /// Division (positions 3–8).
        division: DivisionPart,
        /// Organisation code (positions 9–17) as `XXXXXXXX-X`.
        org_code: String,
        /// Position 18.
        check_character: char,
    },
    /// Parts of an organisation code.
    #[serde(rename_all = "camelCase")]
    OrgCode {
        /// `XXXXXXXX-X`.
        formatted: String,
        /// The check character.
        check_character: char,
    },
    /// Parts of a registration number.
    #[serde(rename_all = "camelCase")]
    RegistrationNumber {
        /// Registering authority's division.
        division: DivisionPart,
        /// The check digit.
        check_character: char,
    },
    /// Parts of a resident ID number.
    #[serde(rename_all = "camelCase")]
    ResidentId {
        /// Address code's division.
        address: DivisionPart,
        /// `YYYY-MM-DD`, absent when not a date.
        birth_date: Option<String>,
        /// `male` or `female`.
        sex: Sex,
        /// The masked form safe to display.
        masked: String,
        /// Given in the legacy 15-digit form.
        legacy: bool,
    },
    /// Parts of a taxpayer number.
    #[serde(rename_all = "camelCase")]
    TaxpayerId {
        /// Which form it takes.
        form: TaxpayerForm,
        /// The division, where the form has one.
        division: Option<DivisionPart>,
        /// The organisation code, where the form has one.
        org_code: Option<String>,
    },
}

/// A short status for batches: what a list view or a data-quality count needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[repr(u8)]
pub enum Status {
    /// Accepted, nothing unusual.
    Valid = 0,
    /// Accepted with warnings.
    ValidWithWarnings = 1,
    /// Rejected.
    Invalid = 2,
}

pub(crate) fn findings_as(kind: IdentifierKind, c: &Compact, today: NaiveDate) -> Findings {
    match kind {
        IdentifierKind::Uscc => uscc::findings(c),
        IdentifierKind::ResidentId => resident_id::findings(c, today),
        IdentifierKind::OrgCode => org_code::findings(c),
        IdentifierKind::RegistrationNumber => registration_number::findings(c),
        IdentifierKind::TaxpayerId => taxpayer_id::findings(c, today).0,
    }
}

/// When no kind fits, the kind whose errors explain the input best, by its length and
/// characters; `None` when the length fits none.
fn likely_kind(c: &Compact, today: NaiveDate) -> Option<IdentifierKind> {
    let digits = |n: usize| c.chars().take(n).all(|ch| ch.is_ascii_digit());
    // A length that fits no kind is judged by its letters and digits, so that a stray
    // character (an invisible mark, a comma) is reported with its position.
    let n = match c.len() {
        9 | 15 | 18 | 20 => c.len(),
        _ => c.chars().filter(|ch| ch.is_ascii_alphanumeric()).count(),
    };
    match n {
        18 => {
            let as_uscc = findings_as(IdentifierKind::Uscc, c, today);
            let as_id = findings_as(IdentifierKind::ResidentId, c, today);
            Some(if taxpayer_id::uscc_explains_better(c, &as_uscc, &as_id) {
                IdentifierKind::Uscc
            } else {
                IdentifierKind::ResidentId
            })
        }
        15 if digits(15) => {
            let reg = findings_as(IdentifierKind::RegistrationNumber, c, today)
                .errors
                .len();
            let id = findings_as(IdentifierKind::ResidentId, c, today)
                .errors
                .len();
            Some(if id < reg {
                IdentifierKind::ResidentId
            } else {
                IdentifierKind::RegistrationNumber
            })
        }
        15 | 20 => Some(IdentifierKind::TaxpayerId),
        9 => Some(IdentifierKind::OrgCode),
        _ => None,
    }
}

/// Findings under the requested kind, or under the first kind that fits.
fn judge(c: &Compact, opts: &Options, today: NaiveDate) -> (Option<IdentifierKind>, Findings) {
    if let Some(kind) = opts.kind {
        return (Some(kind), findings_as(kind, c, today));
    }
    // Only kinds of this length can pass; skipping the others spares building their errors.
    for kind in IdentifierKind::ALL
        .into_iter()
        .filter(|k| k.lengths().contains(&c.len()))
    {
        let f = findings_as(kind, c, today);
        if f.is_ok() {
            return (Some(kind), f);
        }
    }
    match likely_kind(c, today) {
        Some(kind) => (Some(kind), findings_as(kind, c, today)),
        None => (
            None,
            Findings::error(
                Problem::new(ProblemCode::Unrecognized)
                    .with_expected("9/15/18/20")
                    .with_found(c.len()),
            ),
        ),
    }
}

/// Validates one input.
///
/// ```
/// use credit_check::validation::{validate, Options};
/// let v = validate("９１１１０１０８５５１３８５０８２ｑ", &Options::default());
/// assert!(v.ok);
/// assert_eq!(v.kind.map(|k| k.as_str()), Some("uscc"));
/// assert_eq!(v.normalized.as_deref(), Some("91110108551385082Q"));
/// assert_eq!(v.normalizations.names(), ["fullWidth", "uppercase"]);
/// ```
pub fn validate(input: &str, opts: &Options) -> Validation {
    let today = opts.today.unwrap_or_else(resident_id::today_in_china);
    let c = match clean::clean(input) {
        Ok(c) => c,
        Err(p) => {
            let p = match opts.kind {
                Some(k) => p.about(k),
                None => p,
            };
            return Validation {
                ok: false,
                kind: opts.kind,
                normalized: None,
                normalizations: Normalizations::default(),
                parts: None,
                errors: vec![p],
                warnings: Vec::new(),
            };
        }
    };
    let (kind, findings) = judge(&c, opts, today);
    let shape_ok = !findings.errors.iter().any(|p| {
        matches!(
            p.code(),
            ProblemCode::Length | ProblemCode::IllegalCharacter | ProblemCode::Unrecognized
        )
    });
    let findings = findings.judge(opts.profile);
    let parts = kind
        .filter(|_| shape_ok)
        .and_then(|k| parts_of(k, &c, today));
    let normalized = match (findings.is_ok(), kind) {
        (true, Some(IdentifierKind::OrgCode)) => {
            c.ascii::<9>().map(|b| OrgCode::from_checked(b).to_string())
        }
        _ => Some(c.to_string_lossy()),
    };
    Validation {
        ok: findings.is_ok(),
        kind,
        normalized,
        normalizations: c.changes(),
        parts,
        errors: findings.errors,
        warnings: findings.warnings,
    }
}

/// The status alone, without building messages or parts for valid input: the batch fast path.
pub fn status(input: &str, opts: &Options, today: NaiveDate) -> Status {
    // The common batch input: a USCC, already compact (eighteen digits and capitals, which
    // cleaning leaves as they are), judged without building its problems. Asked for as any
    // kind, a USCC that passes is read as one (the first kind tried); one that fails may still
    // be another kind, which the full path decides.
    let uscc_asked = opts.kind == Some(IdentifierKind::Uscc);
    if uscc_asked || opts.kind.is_none() {
        if let Ok(b) = <&[u8; 18]>::try_from(input.as_bytes()) {
            if clean::is_compact(b) {
                match (Uscc::quick_verdict(b), opts.profile) {
                    (Some(false), _) => return Status::Valid,
                    (Some(true), Profile::Lenient) => return Status::ValidWithWarnings,
                    (Some(true), Profile::Strict) => return Status::Invalid,
                    (None, _) if uscc_asked => return Status::Invalid,
                    (None, _) => {}
                }
            }
        }
    }
    status_in_full(input, opts, today)
}

// `status` reads a USCC that passes as a USCC when any kind is asked for, as `judge` does
// because it tries the USCC first.
const _: () = assert!(matches!(IdentifierKind::ALL[0], IdentifierKind::Uscc));

/// [`status`] from the findings with their problems: any input, any kind.
fn status_in_full(input: &str, opts: &Options, today: NaiveDate) -> Status {
    let Ok(c) = clean::clean(input) else {
        return Status::Invalid;
    };
    let (_, findings) = judge(&c, opts, today);
    let findings = findings.judge(opts.profile);
    match (findings.is_ok(), findings.warnings.is_empty()) {
        (false, _) => Status::Invalid,
        (true, true) => Status::Valid,
        (true, false) => Status::ValidWithWarnings,
    }
}

/// The status of each line of `text` — a pasted list, a file's column — for `\n`-separated lines
/// (a `\r` before it is trimmed like any white space); a final newline ends the last line rather
/// than starting an empty one. The fastest way through many inputs: one string in, one status per
/// line out.
///
/// ```
/// use credit_check::validation::{status_lines, Options, Status};
/// let s = status_lines("91110108551385082Q\r\n55138508-2\r\nnope\n", &Options::default());
/// assert_eq!(s, [Status::Valid, Status::Valid, Status::Invalid]);
/// ```
pub fn status_lines(text: &str, opts: &Options) -> Vec<Status> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    status_pieces(text, opts).collect()
}

/// The status of every `\n`-separated piece of `text`, an empty last piece included (so that
/// `n` inputs joined by `\n` give `n` statuses).
pub fn status_pieces<'a>(text: &'a str, opts: &'a Options) -> impl Iterator<Item = Status> + 'a {
    let today = opts.today.unwrap_or_else(resident_id::today_in_china);
    text.split('\n')
        .map(move |piece| status(piece, opts, today))
}

/// Validates many inputs.
pub fn validate_all<'a>(
    inputs: impl IntoIterator<Item = &'a str>,
    opts: &Options,
) -> Vec<Validation> {
    let today = opts.today.unwrap_or_else(resident_id::today_in_china);
    let opts = Options {
        today: Some(today),
        ..*opts
    };
    inputs.into_iter().map(|s| validate(s, &opts)).collect()
}

/// The kinds `input` can be: those it passes under the lenient profile, in preference order.
///
/// ```
/// use credit_check::{detect, IdentifierKind};
/// assert_eq!(detect("91110108551385082Q"), [IdentifierKind::Uscc, IdentifierKind::TaxpayerId]);
/// assert_eq!(detect("55138508-2"), [IdentifierKind::OrgCode]);
/// assert!(detect("hello").is_empty());
/// ```
pub fn detect(input: &str) -> Vec<IdentifierKind> {
    let today = resident_id::today_in_china();
    let Ok(c) = clean::clean(input) else {
        return Vec::new();
    };
    IdentifierKind::ALL
        .into_iter()
        .filter(|&k| findings_as(k, &c, today).is_ok())
        .collect()
}

fn parts_of(kind: IdentifierKind, c: &Compact, today: NaiveDate) -> Option<Parts> {
    Some(match kind {
        IdentifierKind::Uscc => {
            let u = Uscc::from_shape(c)?;
            Parts::Uscc {
                authority: u.authority(),
                category: u.category(),
                division: u.division().into(),
                org_code: u.org_code().to_string(),
                check_character: u.check_character(),
            }
        }
        IdentifierKind::OrgCode => {
            let o = OrgCode::from_checked(c.ascii::<9>()?);
            Parts::OrgCode {
                formatted: o.to_string(),
                check_character: o.check_character(),
            }
        }
        IdentifierKind::RegistrationNumber => {
            let r = RegistrationNumber::from_shape(c)?;
            Parts::RegistrationNumber {
                division: r.division().into(),
                check_character: r.check_character(),
            }
        }
        IdentifierKind::ResidentId => {
            let r = ResidentId::from_shape(c)?;
            Parts::ResidentId {
                address: r.address().into(),
                birth_date: r.checked_birth_date().map(|d| d.to_string()),
                sex: r.sex(),
                masked: r.masked(),
                legacy: r.is_legacy(),
            }
        }
        IdentifierKind::TaxpayerId => {
            let (_, form) = taxpayer_id::findings(c, today);
            let form = form?;
            let text = c.to_string_lossy();
            let (division, org_code) = match form {
                TaxpayerForm::DivisionOrgCode => (
                    Division::from_digits(text.get(..6)?),
                    c.ascii::<15>().map(|b| {
                        let mut o = [0u8; 9];
                        o.copy_from_slice(&b[6..]);
                        OrgCode::from_checked(o).to_string()
                    }),
                ),
                TaxpayerForm::Uscc => {
                    let u = Uscc::from_shape(c)?;
                    (Some(u.division()), Some(u.org_code().to_string()))
                }
                TaxpayerForm::ResidentId | TaxpayerForm::ResidentIdSuffix => (
                    ResidentId::from_shape(&c.prefix(18)).map(|r| r.address()),
                    None,
                ),
            };
            Parts::TaxpayerId {
                form,
                division: division.map(Into::into),
                org_code,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uscc_fast_status_is_the_full_one() {
        // Real, pilot and retired-division codes and an ID number (which the USCC path must
        // leave to the full one when any kind is asked for), with one or two characters changed
        // (lower case and full width included, which take the full path), asked for as a USCC
        // and as any kind, under both profiles.
        const CHARS: &[char] = &[
            '0', '5', '9', 'A', 'H', 'I', 'O', 'Q', 'Y', 'Z', 'a', '-', '９',
        ];
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let mut seen = [0usize; 3];
        for (kind, profile) in [
            (Some(IdentifierKind::Uscc), Profile::Lenient),
            (Some(IdentifierKind::Uscc), Profile::Strict),
            (None, Profile::Lenient),
            (None, Profile::Strict),
        ] {
            let opts = Options::new(kind, profile);
            for base in [
                "91110108551385082Q",
                "91350100M000100Y44",
                "12100000400000624D",
                "91110228551385082W",
                "991101085513850077",
                "11010519491231002X",
            ] {
                let chars: Vec<char> = base.chars().collect();
                for i in 0..chars.len() {
                    for &c in CHARS {
                        let mut m = chars.clone();
                        m[i] = c;
                        let mut m2 = m.clone();
                        m2[(i + 7) % 18] = CHARS[(i * 3) % CHARS.len()];
                        for x in [chars.clone(), m, m2] {
                            let s: String = x.into_iter().collect();
                            let fast = status(&s, &opts, today);
                            assert_eq!(
                                fast,
                                status_in_full(&s, &opts, today),
                                "{s} {kind:?} {profile:?}"
                            );
                            seen[fast as usize] += 1;
                        }
                    }
                }
            }
        }
        assert!(seen.iter().all(|&n| n > 50), "{seen:?}");
    }
}
