//! Problems found in an input: a stable machine code, a Chinese and an English message,
//! and where it helps the position, the expected and the found value.
//!
//! The same [`Problem`] type carries both severities; whether a problem rejects the input
//! depends on the [`Profile`](crate::Profile) (see [`crate::id::validation`]).

use crate::id::kind::IdentifierKind;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::fmt;

/// What is wrong, as a stable machine code. `code()` gives the string form used in JSON and JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProblemCode {
    /// A JS caller passed something that is not a string (null, a number, an object).
    NotAString,
    /// Nothing left after trimming.
    Empty,
    /// The raw input is far longer than any identifier; rejected before it is read.
    TooLong,
    /// Wrong number of characters for the identifier.
    Length,
    /// A character that may not stand at that position.
    IllegalCharacter,
    /// The check character does not match the one computed from the other characters.
    CheckCharacter,
    /// The embedded organisation code's own check character (USCC position 17) is wrong.
    OrgCodeCheck,
    /// The registration authority / organisation category pair is not in GB 32100's table.
    AuthorityCategory,
    /// The division code is in no edition of GB/T 2260.
    DivisionUnknown,
    /// The division code was valid once but is no longer in the newest edition.
    DivisionRetired,
    /// The birth date in an ID number is not a calendar date.
    BirthDateInvalid,
    /// The birth date in an ID number lies after today.
    BirthDateFuture,
    /// No identifier kind fits the input.
    Unrecognized,
    /// An option passed by the caller (profile, kind) has no meaning.
    InvalidOption,
}

impl ProblemCode {
    /// Every code, for documentation and exhaustive tests.
    pub const ALL: [ProblemCode; 14] = [
        ProblemCode::NotAString,
        ProblemCode::Empty,
        ProblemCode::TooLong,
        ProblemCode::Length,
        ProblemCode::IllegalCharacter,
        ProblemCode::CheckCharacter,
        ProblemCode::OrgCodeCheck,
        ProblemCode::AuthorityCategory,
        ProblemCode::DivisionUnknown,
        ProblemCode::DivisionRetired,
        ProblemCode::BirthDateInvalid,
        ProblemCode::BirthDateFuture,
        ProblemCode::Unrecognized,
        ProblemCode::InvalidOption,
    ];

    /// The stable string form, e.g. `"CHECK_CHARACTER"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::NotAString => "NOT_A_STRING",
            ProblemCode::Empty => "EMPTY",
            ProblemCode::TooLong => "TOO_LONG",
            ProblemCode::Length => "LENGTH",
            ProblemCode::IllegalCharacter => "ILLEGAL_CHARACTER",
            ProblemCode::CheckCharacter => "CHECK_CHARACTER",
            ProblemCode::OrgCodeCheck => "ORG_CODE_CHECK",
            ProblemCode::AuthorityCategory => "AUTHORITY_CATEGORY",
            ProblemCode::DivisionUnknown => "DIVISION_UNKNOWN",
            ProblemCode::DivisionRetired => "DIVISION_RETIRED",
            ProblemCode::BirthDateInvalid => "BIRTH_DATE_INVALID",
            ProblemCode::BirthDateFuture => "BIRTH_DATE_FUTURE",
            ProblemCode::Unrecognized => "UNRECOGNIZED",
            ProblemCode::InvalidOption => "INVALID_OPTION",
        }
    }
}

impl crate::error::ErrorCode for ProblemCode {
    const ALL: &'static [ProblemCode] = &ProblemCode::ALL;
    fn as_str(self) -> &'static str {
        ProblemCode::as_str(self)
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about an input.
///
/// ```
/// use credit_check::{uscc, Profile, ProblemCode};
/// let err = uscc::validate("91110108551385082A", Profile::Strict).unwrap_err();
/// let p = &err.problems()[0];
/// assert_eq!(p.code(), ProblemCode::CheckCharacter);
/// assert_eq!(p.position(), Some(18));
/// assert_eq!(p.expected(), Some("Q"));
/// assert_eq!(p.message_en(), "Unified social credit code: check character at position 18 should be Q, found A");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    code: ProblemCode,
    subject: Option<IdentifierKind>,
    position: Option<u32>,
    expected: Option<Text>,
    found: Option<Text>,
}

/// A short piece of text in a problem (a character, a length, a code). Kept inline or static,
/// because a batch check builds a problem for every bad input and most are a few bytes long.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Text {
    Static(&'static str),
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(String),
}

const INLINE: usize = 22;

impl Text {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Inline { len, buf } => {
                std::str::from_utf8(buf.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Text::Heap(s) => s,
        }
    }

    /// A copy of `s`: inline when it fits.
    pub(crate) fn copy(s: &str) -> Text {
        if s.len() > INLINE {
            return Text::Heap(s.to_string());
        }
        let mut buf = [0u8; INLINE];
        buf[..s.len()].copy_from_slice(s.as_bytes());
        Text::Inline {
            len: s.len() as u8,
            buf,
        }
    }

    /// Formats into the inline buffer, or onto the heap when it does not fit.
    pub(crate) fn format(args: fmt::Arguments<'_>) -> Text {
        struct Buf {
            len: usize,
            buf: [u8; INLINE],
        }
        impl fmt::Write for Buf {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                let end = self.len + s.len();
                self.buf
                    .get_mut(self.len..end)
                    .ok_or(fmt::Error)?
                    .copy_from_slice(s.as_bytes());
                self.len = end;
                Ok(())
            }
        }
        let mut b = Buf {
            len: 0,
            buf: [0; INLINE],
        };
        match fmt::write(&mut b, args) {
            Ok(()) => Text::Inline {
                len: b.len as u8,
                buf: b.buf,
            },
            Err(_) => Text::Heap(fmt::format(args)),
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text::Static(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Heap(s)
    }
}

impl From<char> for Text {
    fn from(c: char) -> Text {
        Text::copy(c.encode_utf8(&mut [0; 4]))
    }
}

impl From<usize> for Text {
    fn from(n: usize) -> Text {
        Text::format(format_args!("{n}"))
    }
}

impl From<u16> for Text {
    fn from(n: u16) -> Text {
        Text::format(format_args!("{n}"))
    }
}

impl Problem {
    /// A problem with just a code; add details with the `with_*` builders.
    pub fn new(code: ProblemCode) -> Problem {
        Problem {
            code,
            subject: None,
            position: None,
            expected: None,
            found: None,
        }
    }

    pub(crate) fn about(mut self, kind: IdentifierKind) -> Problem {
        self.subject = Some(kind);
        self
    }

    pub(crate) fn at(mut self, position: usize) -> Problem {
        self.position = u32::try_from(position).ok();
        self
    }

    pub(crate) fn with_expected(mut self, value: impl Into<Text>) -> Problem {
        self.expected = Some(value.into());
        self
    }

    pub(crate) fn with_found(mut self, value: impl Into<Text>) -> Problem {
        self.found = Some(value.into());
        self
    }

    /// The machine code.
    pub fn code(&self) -> ProblemCode {
        self.code
    }

    /// Which identifier the problem is about, when one was being checked.
    pub fn subject(&self) -> Option<IdentifierKind> {
        self.subject
    }

    /// 1-based position in the compact (normalised) code, where the problem is at one character.
    pub fn position(&self) -> Option<u32> {
        self.position
    }

    /// What should have been there (a character, a length, a set of characters).
    pub fn expected(&self) -> Option<&str> {
        self.expected.as_ref().map(Text::as_str)
    }

    /// What was found instead.
    pub fn found(&self) -> Option<&str> {
        self.found.as_ref().map(Text::as_str)
    }

    fn subject_zh(&self) -> &'static str {
        self.subject.map(IdentifierKind::name_zh).unwrap_or("输入")
    }

    fn subject_en(&self) -> &'static str {
        self.subject.map(IdentifierKind::name_en).unwrap_or("Input")
    }

    /// The message in Chinese.
    pub fn message(&self) -> String {
        let s = self.subject_zh();
        let pos = self
            .position
            .map(|p| format!("第{p}位"))
            .unwrap_or_default();
        let exp = self.expected.as_ref().map(Text::as_str).unwrap_or("");
        let found = self.found.as_ref().map(Text::as_str).unwrap_or("");
        match self.code {
            ProblemCode::NotAString => "输入不是字符串".to_string(),
            ProblemCode::Empty => format!("{s}为空"),
            ProblemCode::TooLong => {
                format!("{s}过长（最多{exp}个字符，实为{found}个字符），未予处理")
            }
            ProblemCode::Length => format!("{s}应为{exp}位，实为{found}位"),
            ProblemCode::IllegalCharacter => {
                format!("{s}{pos}不允许出现字符“{found}”（应为{exp}）")
            }
            ProblemCode::CheckCharacter => format!("{s}校验码错误：{pos}应为{exp}，实为{found}"),
            ProblemCode::OrgCodeCheck => {
                format!("{s}中组织机构代码的校验码错误：{pos}应为{exp}，实为{found}")
            }
            ProblemCode::AuthorityCategory => {
                format!("{s}的登记管理部门代码与机构类别代码组合“{found}”不在国家标准表中")
            }
            ProblemCode::DivisionUnknown => {
                format!("{s}中的行政区划代码{found}不在任何一版GB/T 2260中")
            }
            ProblemCode::DivisionRetired => {
                format!("{s}中的行政区划代码{found}已于{exp}年撤销（旧代码仍可能有效）")
            }
            ProblemCode::BirthDateInvalid => format!("{s}中的出生日期{found}不是有效日期"),
            ProblemCode::BirthDateFuture => format!("{s}中的出生日期{found}晚于今天"),
            ProblemCode::Unrecognized => {
                format!("无法识别为任何证照号码（长度{found}，应为{exp}位）")
            }
            ProblemCode::InvalidOption => format!("选项无效：“{found}”（应为{exp}）"),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        let s = self.subject_en();
        let pos = self
            .position
            .map(|p| format!(" at position {p}"))
            .unwrap_or_default();
        let exp = self.expected.as_ref().map(Text::as_str).unwrap_or("");
        let found = self.found.as_ref().map(Text::as_str).unwrap_or("");
        match self.code {
            ProblemCode::NotAString => "Input is not a string".to_string(),
            ProblemCode::Empty => format!("{s} is empty"),
            ProblemCode::TooLong => format!("{s} is too long (at most {exp} characters, found {found}); not read"),
            ProblemCode::Length => format!("{s}: must be {exp} characters long, found {found}"),
            ProblemCode::IllegalCharacter => {
                format!("{s}: character '{found}'{pos} is not allowed (expected {exp})")
            }
            ProblemCode::CheckCharacter => {
                format!("{s}: check character{pos} should be {exp}, found {found}")
            }
            ProblemCode::OrgCodeCheck => format!(
                "{s}: the embedded organisation code's check character{pos} should be {exp}, found {found}"
            ),
            ProblemCode::AuthorityCategory => format!(
                "{s}: registration authority / organisation category pair '{found}' is not in the standard's table"
            ),
            ProblemCode::DivisionUnknown => {
                format!("{s}: division code {found} is in no edition of GB/T 2260")
            }
            ProblemCode::DivisionRetired => format!(
                "{s}: division code {found} was retired in {exp} (codes issued before may still be valid)"
            ),
            ProblemCode::BirthDateInvalid => format!("{s}: birth date {found} is not a calendar date"),
            ProblemCode::BirthDateFuture => format!("{s}: birth date {found} is in the future"),
            ProblemCode::Unrecognized => format!(
                "Not recognised as any identifier (length {found}, expected {exp})"
            ),
            ProblemCode::InvalidOption => format!("Invalid option '{found}' (expected {exp})"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message_en())
    }
}

impl std::error::Error for Problem {}

impl crate::error::CodedError for Problem {
    type Code = ProblemCode;
    fn kind(&self) -> ProblemCode {
        self.code
    }
    fn text(&self) -> crate::error::Message {
        crate::error::Message::new(self.message(), self.message_en())
    }
    fn location(&self) -> Option<crate::error::Location> {
        self.position.map(crate::error::Location::Position)
    }
    fn expected_found(&self) -> (Option<&str>, Option<&str>) {
        (self.expected(), self.found())
    }
}

/// The JSON/JS shape: `{code, message, messageEn, position?, expected?, found?}`.
impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = 3
            + usize::from(self.position.is_some())
            + usize::from(self.expected.is_some())
            + usize::from(self.found.is_some());
        let mut st = serializer.serialize_struct("Problem", n)?;
        st.serialize_field("code", self.code.as_str())?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("messageEn", &self.message_en())?;
        if let Some(p) = self.position {
            st.serialize_field("position", &p)?;
        }
        if let Some(e) = &self.expected {
            st.serialize_field("expected", e.as_str())?;
        }
        if let Some(f) = &self.found {
            st.serialize_field("found", f.as_str())?;
        }
        st.end()
    }
}

/// An input that cannot be the identifier asked for: one or more problems, never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    problems: Vec<Problem>,
}

impl Invalid {
    pub(crate) fn new(problems: Vec<Problem>) -> Invalid {
        debug_assert!(!problems.is_empty());
        Invalid { problems }
    }

    /// The problems, most fundamental first.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the problems out.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

impl From<Problem> for Invalid {
    fn from(p: Problem) -> Invalid {
        Invalid { problems: vec![p] }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.first() {
            Some(p) => p.fmt(f),
            None => f.write_str("invalid"),
        }
    }
}

impl std::error::Error for Invalid {}

/// An invalid input is reported by its first (most fundamental) problem; all of them are in
/// [`Invalid::problems`].
impl crate::error::CodedError for Invalid {
    type Code = ProblemCode;
    fn kind(&self) -> ProblemCode {
        self.first().map_or(ProblemCode::Unrecognized, |p| p.code)
    }
    fn text(&self) -> crate::error::Message {
        self.first().map_or_else(
            || Problem::new(ProblemCode::Unrecognized).text(),
            |p| p.text(),
        )
    }
    fn location(&self) -> Option<crate::error::Location> {
        self.first().and_then(|p| p.location())
    }
    fn expected_found(&self) -> (Option<&str>, Option<&str>) {
        self.first().map_or((None, None), |p| p.expected_found())
    }
}

impl Invalid {
    // Never empty by construction; `first` keeps the trait total all the same.
    fn first(&self) -> Option<&Problem> {
        self.problems.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_distinct_string_and_both_messages() {
        let mut seen = std::collections::HashSet::new();
        for code in ProblemCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            let p = Problem::new(code)
                .about(IdentifierKind::Uscc)
                .at(3)
                .with_expected("X")
                .with_found("Y");
            assert!(!p.message().is_empty());
            assert!(p.message_en().is_ascii(), "{}", p.message_en());
            assert!(
                p.message().chars().any(|c| c > '\u{2E80}'),
                "zh message for {code}"
            );
        }
    }

    #[test]
    fn serializes_to_the_js_shape() {
        let p = Problem::new(ProblemCode::IllegalCharacter)
            .about(IdentifierKind::OrgCode)
            .at(2)
            .with_expected("0-9, A-Z")
            .with_found("!");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["code"], "ILLEGAL_CHARACTER");
        assert_eq!(v["position"], 2);
        assert_eq!(v["found"], "!");
        assert!(v["message"].as_str().unwrap().contains("第2位"));
        let bare = serde_json::to_value(Problem::new(ProblemCode::Empty)).unwrap();
        assert!(bare.get("position").is_none() && bare.get("expected").is_none());
    }
}
