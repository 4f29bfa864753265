//! What a check found, split by severity before a profile is applied.

use crate::id::clean::{self, Compact};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Invalid, Problem, ProblemCode, Text};

/// Problems that make an input impossible (`errors`) and problems that make it suspicious
/// (`warnings`). A profile decides what rejects: see [`Findings::judge`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Findings {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Findings {
    pub fn error(p: Problem) -> Findings {
        Findings {
            errors: vec![p],
            warnings: Vec::new(),
        }
    }

    /// Under `Strict` every warning rejects too; under `Lenient` only errors do.
    pub fn judge(mut self, profile: Profile) -> Findings {
        if profile == Profile::Strict {
            self.errors.append(&mut self.warnings);
        }
        self
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when nothing rejects under `profile`, else the rejecting problems.
    pub fn into_result(self, profile: Profile) -> Result<(), Invalid> {
        let judged = self.judge(profile);
        if judged.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid::new(judged.errors))
        }
    }
}

/// Length and character checks shared by every identifier: `allowed(i, c)` says whether
/// character `c` may stand at 0-based index `i`; `expected(i)` describes what may.
pub(crate) fn check_shape(
    kind: IdentifierKind,
    chars: impl Iterator<Item = char>,
    len: usize,
    lengths: &[usize],
    allowed: impl Fn(usize, char) -> bool,
    expected: impl Fn(usize) -> &'static str,
) -> Vec<Problem> {
    let mut errors = Vec::new();
    if !lengths.contains(&len) {
        let want = match lengths {
            [a] => Text::from(*a),
            [a, b] => Text::format(format_args!("{a}/{b}")),
            _ => Text::from(
                lengths
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join("/"),
            ),
        };
        errors.push(
            Problem::new(ProblemCode::Length)
                .about(kind)
                .with_expected(want)
                .with_found(len),
        );
    }
    for (i, c) in chars.enumerate() {
        if !allowed(i, c) {
            errors.push(
                Problem::new(ProblemCode::IllegalCharacter)
                    .about(kind)
                    .at(i + 1)
                    .with_expected(expected(i))
                    .with_found(crate::id::clean::show_char(c)),
            );
        }
    }
    errors
}

/// Cleans an input that is to be read as `kind`, so a cleaning problem names the kind.
pub(crate) fn clean_as(kind: IdentifierKind, input: &str) -> Result<Compact, Invalid> {
    clean::clean(input).map_err(|p| Invalid::from(p.about(kind)))
}

/// The body a check character is computed from, for the `calc_check_char` functions: cleaned,
/// exactly `N` characters, each allowed.
pub(crate) fn check_body<const N: usize>(
    kind: IdentifierKind,
    input: &str,
    allowed: impl Fn(usize, char) -> bool,
    expected: impl Fn(usize) -> &'static str,
) -> Result<[u8; N], Invalid> {
    let c = clean_as(kind, input)?;
    let errors = check_shape(kind, c.chars(), c.len(), &[N], allowed, expected);
    if !errors.is_empty() {
        return Err(Invalid::new(errors));
    }
    c.ascii::<N>()
        .ok_or_else(|| Problem::new(ProblemCode::Length).about(kind).into())
}

/// A check character that does not match the one computed (`want`; `None` when it could not be
/// computed) at 1-based `position`.
pub(crate) fn mismatch(
    code: ProblemCode,
    kind: IdentifierKind,
    position: usize,
    want: Option<u8>,
    found: u8,
) -> Problem {
    Problem::new(code)
        .about(kind)
        .at(position)
        .with_expected(want.map_or(Text::Static(""), |c| Text::from(char::from(c))))
        .with_found(char::from(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_turns_warnings_into_errors() {
        let f = Findings {
            errors: vec![],
            warnings: vec![Problem::new(ProblemCode::DivisionUnknown)],
        };
        assert!(f.clone().into_result(Profile::Lenient).is_ok());
        let err = f.into_result(Profile::Strict).unwrap_err();
        assert_eq!(err.problems()[0].code(), ProblemCode::DivisionUnknown);
    }

    #[test]
    fn shape_reports_length_and_each_bad_character() {
        let chars: Vec<char> = "1a2b".chars().collect();
        let errs = check_shape(
            IdentifierKind::OrgCode,
            chars.iter().copied(),
            4,
            &[9],
            |_, c| c.is_ascii_digit(),
            |_| "0-9",
        );
        let codes: Vec<_> = errs.iter().map(|p| (p.code(), p.position())).collect();
        assert_eq!(
            codes,
            [
                (ProblemCode::Length, None),
                (ProblemCode::IllegalCharacter, Some(2)),
                (ProblemCode::IllegalCharacter, Some(4))
            ]
        );
    }
}
