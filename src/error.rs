//! One error design for every layer.
//!
//! Each layer has its own error type (a [`Problem`](crate::Problem) in an identifier, a
//! [`FieldProblem`](crate::lists::record::FieldProblem) in a list record, a
//! [`SnapshotError`](crate::snapshot::SnapshotError), a
//! [`KeyError`](crate::snapshot::signature::KeyError), a
//! [`CheckError`](crate::check::CheckError), a
//! [`CatalogueError`](crate::lists::catalogue::CatalogueError), a
//! [`BuildError`](crate::snapshot::build::BuildError)) and each has:
//!
//! - a `#[non_exhaustive]` code enum implementing [`ErrorCode`]: `as_str()` gives the stable
//!   `SCREAMING_SNAKE` string used in JSON, JS and the docs, `ALL` lists every code;
//! - one bilingual [`Message`] (Chinese and English);
//! - a [`Location`] where there is one (a character position, a byte offset, a field, a line).
//!
//! [`CodedError`] ties the three together, so the wasm bindings convert every error the same way
//! into a JS `Error` with `code`, `message` (English), `messageZh` and the location fields.
//!
//! ```
//! use credit_check::error::{CodedError, Location};
//! use credit_check::{uscc, Profile};
//! let err = uscc::validate("91110108551385082A", Profile::Strict).unwrap_err();
//! let p = &err.problems()[0];
//! assert_eq!(p.code_str(), "CHECK_CHARACTER");
//! assert_eq!(p.location(), Some(Location::Position(18)));
//! assert!(p.text().zh.contains("校验码"));
//! ```

use std::borrow::Cow;
use std::fmt;

/// A text in Chinese and English: the one bilingual text type of the crate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Message {
    /// The Chinese text.
    pub zh: Cow<'static, str>,
    /// The English text.
    pub en: Cow<'static, str>,
}

impl Message {
    /// A message from its Chinese and English text.
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Message {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The Chinese text.
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The English text.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// "X must be N bytes, found M" (keys, signatures: the checker build).
    #[cfg_attr(not(feature = "checker"), allow(dead_code))]
    pub(crate) fn length(what_zh: &str, what_en: &str, expected: usize, found: usize) -> Message {
        Message::new(
            format!("{what_zh}应为{expected}字节，实为{found}字节"),
            format!("{what_en} must be {expected} bytes, found {found}"),
        )
    }
}

/// Where an error is, when it is at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A 1-based character position in a (normalised) identifier. JS: `position`.
    Position(u32),
    /// A byte offset from the start of a file. JS: `offset`.
    Offset(u64),
    /// A field, as a JSON path (`parties[2].role`, `term.maxEnd`). JS: `field`.
    Field(Cow<'static, str>),
    /// A line (1-based) of a text file, with the file's name and a column where known. JS:
    /// `file`, `line`, `column`.
    Line {
        /// The file, where known.
        file: Option<Cow<'static, str>>,
        /// 1-based line.
        line: usize,
        /// 1-based column, where known.
        column: Option<usize>,
    },
    /// A record of an input (0-based, input order), and its field where known. JS: `record`,
    /// `field`.
    Record {
        /// The record's index.
        index: usize,
        /// The field, where known.
        field: Option<Cow<'static, str>>,
    },
}

/// A layer's code enum: stable strings, and the list of every code.
pub trait ErrorCode: Copy + Eq + fmt::Debug + 'static {
    /// Every code of the layer.
    const ALL: &'static [Self];
    /// The stable `SCREAMING_SNAKE` string, e.g. `"CHECK_CHARACTER"`.
    fn as_str(self) -> &'static str;
}

/// What every layer's error has: a code, a bilingual message and a location where there is one.
pub trait CodedError: std::error::Error {
    /// The layer's code enum.
    type Code: ErrorCode;
    /// The code, to match on.
    fn kind(&self) -> Self::Code;
    /// The code's stable string.
    fn code_str(&self) -> &'static str {
        self.kind().as_str()
    }
    /// The message in Chinese and English.
    fn text(&self) -> Message;
    /// Where, when the error is at one place.
    fn location(&self) -> Option<Location> {
        None
    }
    /// What was expected and what was found instead, where the error says so.
    fn expected_found(&self) -> (Option<&str>, Option<&str>) {
        (None, None)
    }
}

/// Defines a `#[non_exhaustive]` code enum with its stable strings, `ALL` and [`ErrorCode`].
macro_rules! error_codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $s:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $s, "`")] $variant, )+
        }

        impl $name {
            /// Every code.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable string form.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s,)+
                }
            }
        }

        impl $crate::error::ErrorCode for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }
    };
}
#[allow(unused_imports)] // the identifier-only build defines no code enum with it
pub(crate) use error_codes;

/// Every code of every layer, by layer name: what the `.d.ts` lists and the JS wrapper adds
/// to. (Layer names: `problem`, `record`, `snapshot`, `key`, `check`, `verification`,
/// `catalogue`, `build`, `argument`.)
pub fn all_codes() -> Vec<(&'static str, Vec<&'static str>)> {
    fn strs<C: ErrorCode>() -> Vec<&'static str> {
        C::ALL.iter().map(|c| c.as_str()).collect()
    }
    #[allow(unused_mut)] // the identifier-only build has one layer
    let mut all = vec![("problem", strs::<crate::ProblemCode>())];
    #[cfg(feature = "checker")]
    all.extend([
        ("record", strs::<crate::lists::record::RecordProblemCode>()),
        ("snapshot", strs::<crate::snapshot::SnapshotErrorCode>()),
        ("key", strs::<crate::snapshot::signature::KeyErrorCode>()),
        ("check", strs::<crate::check::CheckErrorCode>()),
        ("verification", strs::<crate::check::VerificationCode>()),
        (
            "catalogue",
            strs::<crate::lists::catalogue::CatalogueErrorCode>(),
        ),
        ("build", strs::<crate::snapshot::build::BuildErrorCode>()),
        ("argument", strs::<ArgumentErrorCode>()),
    ]);
    all
}

error_codes! {
    /// The bindings' own errors: an argument refused before any layer read it, or an answer
    /// they could not hand to JavaScript.
    pub enum ArgumentErrorCode {
        /// Parties that are not an array.
        NotAnArray => "NOT_AN_ARRAY",
        /// A party that is not an object of strings with the documented fields.
        InvalidParty => "INVALID_PARTY",
        /// Options that are not the documented object.
        InvalidOption => "INVALID_OPTION",
        /// A list type asked for that is not one of `vocabulary().listTypes`.
        UnknownListType => "UNKNOWN_LIST_TYPE",
        /// An answer JavaScript cannot hold as it is (a number beyond 2^53, a map key that is
        /// not text). No answer of the core's types is one; the code is there so that such a
        /// failure is never an error without a code.
        NotRepresentable => "NOT_REPRESENTABLE",
    }
}

/// The JS bindings' own error: an argument refused before any layer read it, or an answer
/// they could not hand back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentError {
    /// The code.
    pub code: ArgumentErrorCode,
    /// What is wrong.
    pub message: Message,
    /// The argument's part at fault (`parties[1].nmae`), when one is.
    pub field: Option<String>,
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message.en)
    }
}

impl std::error::Error for ArgumentError {}

impl CodedError for ArgumentError {
    type Code = ArgumentErrorCode;
    fn kind(&self) -> ArgumentErrorCode {
        self.code
    }
    fn text(&self) -> Message {
        self.message.clone()
    }
    fn location(&self) -> Option<Location> {
        self.field.clone().map(|f| Location::Field(f.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every code of a layer once, with distinct strings, and a sample error for each whose
    /// messages are non-empty in both languages (Chinese text in the Chinese one).
    fn check_layer<E: CodedError>(samples: Vec<E>) {
        let all: Vec<&str> = E::Code::ALL.iter().map(|c| c.as_str()).collect();
        let distinct: BTreeSet<&str> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "duplicate code in {all:?}");
        let sampled: Vec<&str> = samples.iter().map(|e| e.code_str()).collect();
        assert_eq!(sampled, all, "a sample per code, in ALL's order");
        for e in &samples {
            let t = e.text();
            assert!(!t.en.trim().is_empty(), "{}", e.code_str());
            assert!(
                t.zh.chars().any(|c| c > '\u{2E80}'),
                "{}: {}",
                e.code_str(),
                t.zh
            );
            assert!(
                e.code_str()
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                e.code_str()
            );
        }
    }

    /// The layers every build has (the identifier module's too).
    #[test]
    fn the_identifier_and_argument_layers_have_distinct_codes_and_bilingual_messages() {
        use crate::{Problem, ProblemCode};
        check_layer(ProblemCode::ALL.map(Problem::new).to_vec());
        check_layer(
            ArgumentErrorCode::ALL
                .iter()
                .map(|c| ArgumentError {
                    code: *c,
                    message: Message::new("参数错误", "bad argument"),
                    field: None,
                })
                .collect(),
        );
    }

    #[cfg(feature = "checker")]
    #[test]
    fn every_checker_layer_has_distinct_codes_and_bilingual_messages() {
        use crate::check::{CheckError, CheckErrorCode};
        use crate::lists::catalogue::{CatalogueError, CatalogueErrorCode};
        use crate::lists::record::{FieldProblem, RecordProblemCode};
        use crate::snapshot::build::{BuildError, BuildErrorCode};
        use crate::snapshot::signature::{KeyError, KeyErrorCode};
        use crate::snapshot::{SnapshotError, SnapshotErrorCode};

        check_layer(
            RecordProblemCode::ALL
                .map(|c| FieldProblem::new("name", c))
                .to_vec(),
        );
        check_layer(
            CheckErrorCode::ALL
                .iter()
                .map(|c| CheckError::new(*c, "无法核查", "cannot check", None))
                .collect(),
        );
        check_layer(
            CatalogueErrorCode::ALL
                .iter()
                .map(|c| CatalogueError {
                    code: *c,
                    file: "measures.tsv",
                    line: 2,
                    message: "bad".into(),
                })
                .collect(),
        );
        check_layer(
            BuildErrorCode::ALL
                .iter()
                .map(|c| BuildError {
                    code: *c,
                    record: Some(1),
                    field: Some("name"),
                    message: "bad".into(),
                })
                .collect(),
        );
        // Snapshot and key errors: every variant is built in their own modules' tests; here
        // the enums agree with the errors' codes.
        let key_codes: Vec<&str> = KeyErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(key_codes, KeyError::CODES);
        for k in KeyErrorCode::ALL {
            assert!(SnapshotErrorCode::ALL.contains(&SnapshotErrorCode::from(*k)));
        }
        let e = SnapshotError::Key(KeyError::RandomnessUnavailable);
        assert_eq!(CodedError::code_str(&e), "RANDOMNESS_UNAVAILABLE");
        assert_eq!(e.kind(), SnapshotErrorCode::RandomnessUnavailable);
    }

    #[cfg(feature = "checker")]
    #[test]
    fn locations_are_given_where_there_is_one() {
        use crate::check::{CheckError, CheckErrorCode};
        use crate::snapshot::SnapshotError;
        let e = CheckError::new(
            CheckErrorCode::UnknownRole,
            "甲",
            "a",
            Some("parties[0].role".into()),
        );
        assert_eq!(
            e.location(),
            Some(Location::Field("parties[0].role".into()))
        );
        let e = SnapshotError::malformed("坏", "bad", 7);
        assert_eq!(e.location(), Some(Location::Offset(7)));
        assert_eq!(SnapshotError::NotSigned.location(), None);
        // The code enums serialise as their strings: check records and JSON stay as they were.
        assert_eq!(
            serde_json::to_string(&CheckErrorCode::BadCutoff).unwrap(),
            "\"BAD_CUTOFF\""
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap()["code"],
            serde_json::json!("MALFORMED")
        );
    }
}
