//! 统一社会信用代码 — the Unified Social Credit Code, GB 32100-2015.
//!
//! | positions | meaning |
//! |---|---|
//! | 1 | registration authority ([`crate::id::authority`]) |
//! | 2 | organisation category |
//! | 3–8 | division code of the registering authority (GB/T 2260; `100000` national) |
//! | 9–17 | organisation code (GB 11714), position 17 its own check character |
//! | 18 | check character, MOD 31 over positions 1–17 |
//!
//! What cannot be a code is an error: wrong length, an illegal character. Four *doubts* are each
//! found in real codes — an authority/category pair not in the standard's table, a division in no
//! GB/T 2260 edition (development zones), a wrong position 17, a wrong position 18 (the early
//! pilot codes) — so one alone is a warning, which the [`Profile::Strict`] profile turns into an
//! error. Two or more together reject in every profile. A retired division is a warning, never a
//! doubt: codes issued before keep it.
//!
//! Surface (the same in every identifier module): [`compact`], [`calc_check_char`],
//! [`validate`], [`is_valid`], [`format`], and the [`Uscc`] type.

use crate::id::authority::{self, Named};
use crate::id::clean::Compact;
use crate::id::division::{Division, DivisionStatus};
use crate::id::findings::{check_body, check_shape, clean_as, mismatch, Findings};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::org_code::{self, OrgCode};
use crate::id::problem::{Invalid, Problem, ProblemCode, Text};
use std::fmt;

const KIND: IdentifierKind = IdentifierKind::Uscc;

/// The 31 characters a USCC uses, in value order (no I, O, Z, S, V).
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// ASCII byte → value in the alphabet, 0xFF when not in it.
const VALUES: [u8; 128] = {
    let mut t = [0xFFu8; 128];
    let a = ALPHABET.as_bytes();
    let mut i = 0;
    while i < a.len() {
        t[a[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn value(c: u8) -> Option<u32> {
    VALUES
        .get(usize::from(c))
        .copied()
        .filter(|&v| v != 0xFF)
        .map(u32::from)
}

fn in_alphabet(c: char) -> bool {
    c.is_ascii() && value(c as u8).is_some()
}

const ALPHABET_DESC: &str = "0-9, A-H, J-N, P-R, T-U, W-Y";

/// Check character (position 18) of seventeen characters of the alphabet.
#[inline]
pub(crate) fn check_char_of(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    ALPHABET
        .as_bytes()
        .get(((31 - sum % 31) % 31) as usize)
        .copied()
}

/// A Unified Social Credit Code that is not invalid: eighteen characters of the alphabet, digits
/// in the division positions, and either a correct check character or only the pilot-code
/// exception (see the module docs). `warnings()` says what is unusual about it.
///
/// ```
/// use credit_check::Uscc;
/// let code: Uscc = "91110108551385082Q".parse().unwrap();
/// assert_eq!(code.authority().map(|a| a.name), Some("工商"));
/// assert_eq!(code.category().map(|c| c.name), Some("企业"));
/// assert_eq!(code.division().full_name().as_deref(), Some("北京市海淀区"));
/// assert_eq!(code.org_code().to_string(), "55138508-2");
/// assert_eq!(code.check_character(), 'Q');
/// assert!(code.warnings().is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc([u8; 18]);

/// Removes separators and normalises case and width.
///
/// ```
/// assert_eq!(credit_check::uscc::compact("９１１１ ０１０８ ５５１３ ８５０８ ２ｑ").unwrap(), "91110108551385082Q");
/// ```
pub fn compact(input: &str) -> Result<String, Invalid> {
    clean_as(KIND, input).map(|c| c.to_string_lossy())
}

/// The check character (position 18) for the first seventeen characters.
///
/// ```
/// assert_eq!(credit_check::uscc::calc_check_char("91110108551385082"), Ok('Q'));
/// ```
pub fn calc_check_char(first17: &str) -> Result<char, Invalid> {
    let body = check_body::<17>(KIND, first17, allowed, expected)?;
    check_char_of(&body).map(char::from).ok_or_else(|| {
        Problem::new(ProblemCode::IllegalCharacter)
            .about(KIND)
            .into()
    })
}

/// What may stand at 0-based index `i`: digits in the division, the alphabet elsewhere.
fn allowed(i: usize, ch: char) -> bool {
    if (2..8).contains(&i) {
        ch.is_ascii_digit()
    } else {
        in_alphabet(ch)
    }
}

fn expected(i: usize) -> &'static str {
    if (2..8).contains(&i) {
        "0-9"
    } else {
        ALPHABET_DESC
    }
}

pub(crate) fn findings(c: &Compact) -> Findings {
    let errors = check_shape(KIND, c.chars(), c.len(), KIND.lengths(), allowed, expected);
    if !errors.is_empty() {
        return Findings {
            errors,
            warnings: Vec::new(),
        };
    }
    match c.ascii::<18>() {
        Some(b) => Uscc(b).findings(),
        None => Findings::error(Problem::new(ProblemCode::Length).about(KIND)),
    }
}

/// Parses and checks a code under `profile`.
///
/// ```
/// use credit_check::{uscc, Profile, ProblemCode};
/// let pilot = "91350100M000100Y44"; // well formed, but position 18 should be 3
/// assert!(uscc::validate(pilot, Profile::Lenient).is_ok());
/// let err = uscc::validate(pilot, Profile::Strict).unwrap_err();
/// assert_eq!(err.problems()[0].code(), ProblemCode::CheckCharacter);
/// ```
pub fn validate(input: &str, profile: Profile) -> Result<Uscc, Invalid> {
    let c = clean_as(KIND, input)?;
    findings(&c).into_result(profile)?;
    c.ascii::<18>()
        .map(Uscc)
        .ok_or_else(|| Problem::new(ProblemCode::Length).about(KIND).into())
}

/// Whether `input` is a code under the lenient profile.
pub fn is_valid(input: &str) -> bool {
    validate(input, Profile::Lenient).is_ok()
}

/// The canonical form (eighteen characters, no separators).
pub fn format(input: &str) -> Result<String, Invalid> {
    validate(input, Profile::Lenient).map(|c| c.to_string())
}

impl Uscc {
    /// Parses leniently (the form default); see [`validate`] for the strict profile.
    pub fn parse(input: &str) -> Result<Uscc, Invalid> {
        validate(input, Profile::Lenient)
    }

    /// Eighteen ASCII characters of any content, for parts of an input that failed a check.
    pub(crate) fn from_shape(c: &Compact) -> Option<Uscc> {
        c.ascii::<18>().map(Uscc)
    }

    /// The eighteen characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The eighteen bytes, for index keys.
    pub fn as_bytes(&self) -> &[u8; 18] {
        &self.0
    }

    /// Position 1's registration authority, `None` if the standard does not define it.
    pub fn authority(&self) -> Option<Named> {
        authority::authority(char::from(self.0[0]))
    }

    /// Position 2's organisation category, `None` if the pair is not in the standard's table.
    pub fn category(&self) -> Option<Named> {
        authority::category(char::from(self.0[0]), char::from(self.0[1]))
    }

    /// Positions 3–8 looked up in GB/T 2260.
    #[inline]
    pub fn division(&self) -> Division {
        Division::lookup(self.division_code())
    }

    fn division_code(&self) -> u32 {
        self.0[2..8]
            .iter()
            .fold(0, |n, &d| n * 10 + u32::from(d.wrapping_sub(b'0')))
    }

    /// Positions 9–17: the organisation code. Its own check character may be wrong (a warning).
    pub fn org_code(&self) -> OrgCode {
        let mut b = [0u8; 9];
        b.copy_from_slice(&self.0[8..17]);
        OrgCode::from_checked(b)
    }

    /// Position 18.
    pub fn check_character(&self) -> char {
        char::from(self.0[17])
    }

    /// What is unusual about this code (empty for a code that meets every rule).
    pub fn warnings(&self) -> Vec<Problem> {
        self.findings().warnings
    }

    /// The four doubts, computed once for both [`findings`](Self::findings) (which names
    /// them) and [`lenient_ok`](Self::lenient_ok) (which only counts them).
    #[inline(always)] // the batch lookup's hot path, also at opt-level "s"
    fn doubts(&self) -> Doubts {
        let b = &self.0;
        let org_want = org_code::check_char_of(&b[8..16]);
        let want = check_char_of(&b[..17]);
        Doubts {
            pair_unknown: self.category().is_none(),
            division: self.division(),
            org_want,
            want,
            org_ok: org_want == Some(b[16]),
            check_ok: want == Some(b[17]),
        }
    }

    /// Whether eighteen bytes pass the lenient profile — the shape, then at most one doubt —
    /// without building problems (the batch lookup path).
    #[cfg_attr(not(feature = "checker"), allow(dead_code))] // used by the list layer
    #[inline]
    pub(crate) fn lenient_ok(b: &[u8; 18]) -> bool {
        Uscc::quick_verdict(b).is_some()
    }

    /// What [`findings`](Self::findings) decides for eighteen bytes, without building its
    /// problems (the batch paths): `None` when it rejects (a character out of place, or two
    /// doubts), else whether it warns (one doubt, or a retired division). The same rules from
    /// the same [`doubts`](Self::doubts); the tests below hold the two equal.
    #[inline]
    pub(crate) fn quick_verdict(b: &[u8; 18]) -> Option<bool> {
        if !b
            .iter()
            .enumerate()
            .all(|(i, &c)| allowed(i, char::from(c)))
        {
            return None;
        }
        let d = Uscc(*b).doubts();
        match d.count() {
            0 => Some(matches!(d.division.status, DivisionStatus::Retired { .. })),
            1 => Some(true),
            _ => None,
        }
    }

    /// Every rule beyond the shape, applied to eighteen characters of the right shape.
    fn findings(&self) -> Findings {
        let b = &self.0;
        let d = self.doubts();
        // Each doubt alone is a warning (real codes have each of them); two together are far
        // more likely a typo or a made-up code than a real one, so they reject.
        let mut doubts = Vec::new();
        let mut f = Findings::default();
        if d.pair_unknown {
            doubts.push(
                Problem::new(ProblemCode::AuthorityCategory)
                    .about(KIND)
                    .at(1)
                    .with_found(Text::format(format_args!(
                        "{}{}",
                        char::from(b[0]),
                        char::from(b[1])
                    ))),
            );
        }
        let division = &d.division;
        let code = || Text::format(format_args!("{:06}", division.code));
        match division.status {
            DivisionStatus::Current => {}
            // A retired division is no doubt: codes issued before keep it.
            DivisionStatus::Retired { year } => f.warnings.push(
                Problem::new(ProblemCode::DivisionRetired)
                    .about(KIND)
                    .at(3)
                    .with_expected(year)
                    .with_found(code()),
            ),
            DivisionStatus::Unknown => doubts.push(
                Problem::new(ProblemCode::DivisionUnknown)
                    .about(KIND)
                    .at(3)
                    .with_found(code()),
            ),
        }
        if !d.org_ok && d.check_ok {
            doubts.push(mismatch(
                ProblemCode::OrgCodeCheck,
                KIND,
                17,
                d.org_want,
                b[16],
            ));
        }
        if !d.check_ok {
            // Position 18 alone wrong is the pilot-code exception.
            doubts.push(mismatch(
                ProblemCode::CheckCharacter,
                KIND,
                18,
                d.want,
                b[17],
            ));
        }
        if d.count() >= 2 {
            f.errors = doubts;
        } else {
            f.warnings.append(&mut doubts);
        }
        f
    }
}

/// What [`Uscc::doubts`] found.
struct Doubts {
    pair_unknown: bool,
    division: Division,
    org_want: Option<u8>,
    want: Option<u8>,
    org_ok: bool,
    check_ok: bool,
}

impl Doubts {
    /// How many doubts: a wrong position 17 counts even when 18 is wrong too (then only 18 is
    /// reported: one typo in positions 9–16 breaks both).
    fn count(&self) -> usize {
        usize::from(self.pair_unknown)
            + usize::from(self.division.status == DivisionStatus::Unknown)
            + usize::from(!self.org_ok)
            + usize::from(!self.check_ok)
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_form!(Uscc);

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    //! The tests that read private items (the weights, character values, the batch fast path);
    //! the rest, through the public API, are in `tests/uscc.rs`.
    use super::*;

    #[test]
    fn lenient_ok_agrees_with_validate() {
        // Every single and many double substitutions of real and pilot codes.
        const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXYZIOSV";
        for base in [
            "91110108551385082Q",
            "91350100M000100Y44",
            "12100000400000624D",
            "91320594MA1MXXXX5X",
        ] {
            let b: [u8; 18] = base.as_bytes().try_into().unwrap();
            let mut seen = 0;
            for i in 0..18 {
                for &c in CHARS {
                    let mut m = b;
                    m[i] = c;
                    for j in [0, 5, 16, 17] {
                        let mut m2 = m;
                        m2[j] = CHARS[(i * 7 + j) % CHARS.len()];
                        for x in [m, m2] {
                            let s = std::str::from_utf8(&x).unwrap();
                            assert_eq!(
                                Uscc::lenient_ok(&x),
                                validate(s, Profile::Lenient).is_ok(),
                                "{s}"
                            );
                            seen += 1;
                        }
                    }
                }
            }
            assert!(seen > 1000);
        }
    }

    #[test]
    fn quick_verdict_agrees_with_findings() {
        // Single and double substitutions of real, pilot and retired-division codes: the
        // verdict without problems is the one `findings` gives with them.
        const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXYZIOSV";
        let (mut warned, mut rejected, mut clean) = (0, 0, 0);
        for base in [
            "91110108551385082Q",
            "91350100M000100Y44",
            "12100000400000624D",
            "91320594MA1MXXXX5X",
            "91110228551385082W",
        ] {
            let b: [u8; 18] = base.as_bytes().try_into().unwrap();
            for i in 0..18 {
                for &c in CHARS {
                    let mut m = b;
                    m[i] = c;
                    let mut m2 = m;
                    m2[(i * 5 + 3) % 18] = CHARS[(i * 7 + usize::from(c)) % CHARS.len()];
                    for x in [b, m, m2] {
                        let f = findings(
                            &crate::id::clean::clean(std::str::from_utf8(&x).unwrap()).unwrap(),
                        );
                        let want = f.is_ok().then_some(!f.warnings.is_empty());
                        assert_eq!(
                            Uscc::quick_verdict(&x),
                            want,
                            "{}",
                            String::from_utf8_lossy(&x)
                        );
                        match want {
                            None => rejected += 1,
                            Some(true) => warned += 1,
                            Some(false) => clean += 1,
                        }
                    }
                }
            }
        }
        assert!(
            warned > 100 && rejected > 100 && clean > 100,
            "{warned} {rejected} {clean}"
        );
    }

    #[test]
    fn worked_example_xiaomi() {
        // DOMAIN.md: Σ = 999, 999 mod 31 = 7, 31 − 7 = 24 → Q.
        let b = b"91110108551385082";
        let sum: u32 = b
            .iter()
            .zip(WEIGHTS)
            .map(|(&c, w)| value(c).unwrap() * w)
            .sum();
        assert_eq!(sum, 999);
        assert_eq!(calc_check_char("91110108551385082"), Ok('Q'));
        let code = Uscc::parse("91110108551385082Q").unwrap();
        assert_eq!(code.division().code, 110108);
        assert_eq!(code.to_string(), "91110108551385082Q");
    }

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }
}
