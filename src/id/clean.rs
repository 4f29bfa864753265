//! The one cleaning step every identifier shares: trim, full-width → ASCII, lowercase →
//! uppercase, drop spaces and hyphens. After it, every check works on ASCII characters
//! (anything else left is an illegal character with its position).
//!
//! Cleaning never allocates: the compact form lives in a fixed array, which keeps batch
//! validation fast and bounds the work any input can cause.

use crate::id::problem::{Problem, ProblemCode, Text};
use serde::Serialize;

/// Raw inputs longer than this many characters are rejected uncleaned: the longest identifier is
/// 20 characters, and even full-width with a space between every character stays far below.
/// Counted in characters (Unicode scalar values), as a person counts them, not in UTF-8 bytes.
pub const MAX_INPUT_CHARS: usize = 256;

/// Characters kept after cleaning; longer inputs are still counted, for the length message.
const KEEP: usize = 32;

/// What cleaning changed. Reported so that a form can say "we read ９１… as 91…".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Normalizations(u8);

impl Normalizations {
    const TRIM: u8 = 1;
    const FULL_WIDTH: u8 = 2;
    const UPPERCASE: u8 = 4;
    const SEPARATORS: u8 = 8;
    const NAMES: [(u8, &'static str); 4] = [
        (Self::TRIM, "trim"),
        (Self::FULL_WIDTH, "fullWidth"),
        (Self::UPPERCASE, "uppercase"),
        (Self::SEPARATORS, "separators"),
    ];

    /// Nothing was changed.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Leading or trailing white space was removed.
    pub fn trimmed(self) -> bool {
        self.0 & Self::TRIM != 0
    }

    /// Full-width characters (Ａ, ９) were read as ASCII.
    pub fn full_width(self) -> bool {
        self.0 & Self::FULL_WIDTH != 0
    }

    /// Lowercase letters were read as uppercase.
    pub fn uppercased(self) -> bool {
        self.0 & Self::UPPERCASE != 0
    }

    /// Inner spaces or hyphens were dropped.
    pub fn separators_removed(self) -> bool {
        self.0 & Self::SEPARATORS != 0
    }

    /// The names of the changes made: `trim`, `fullWidth`, `uppercase`, `separators`.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(bit, _)| self.0 & bit != 0)
            .map(|&(_, n)| n)
            .collect()
    }
}

impl Serialize for Normalizations {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

/// Non-ASCII characters kept with their identity, for messages; later ones show as U+FFFD.
const WIDE: usize = 8;

/// A cleaned input: up to 32 characters kept, the full count, and what was changed.
///
/// Stored as bytes: checks run on ASCII, and anything else is an illegal character whatever the
/// identifier, so a non-ASCII character is kept only for its message (`0x80 + i` → `wide[i]`).
/// Small and copy-cheap, because every batch item goes through one.
#[derive(Debug, Clone, Copy)]
pub struct Compact {
    bytes: [u8; KEEP],
    wide: [char; WIDE],
    wide_len: u8,
    len: usize,
    changes: Normalizations,
}

impl Compact {
    fn empty() -> Compact {
        Compact {
            bytes: [0; KEEP],
            wide: ['\0'; WIDE],
            wide_len: 0,
            len: 0,
            changes: Normalizations(0),
        }
    }

    fn push(&mut self, c: char) {
        if self.len < KEEP {
            self.bytes[self.len] = match u8::try_from(c) {
                Ok(b) if b.is_ascii() => b,
                _ => {
                    let i = self.wide_len;
                    if usize::from(i) < WIDE {
                        self.wide[usize::from(i)] = c;
                        self.wide_len += 1;
                    }
                    0x80 | i.min(0x7F)
                }
            };
        }
        self.len += 1;
    }

    /// Number of characters after cleaning (may exceed what was kept).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is left.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The kept characters (all of them when `len() <= 32`).
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.bytes[..self.len.min(KEEP)].iter().map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                self.wide
                    .get(usize::from(b & 0x7F))
                    .copied()
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            }
        })
    }

    /// What cleaning changed.
    pub fn changes(&self) -> Normalizations {
        self.changes
    }

    /// The compact form as a string (the kept characters).
    pub fn to_string_lossy(&self) -> String {
        self.chars().collect()
    }

    /// The first `n` characters as a compact input of their own.
    pub(crate) fn prefix(&self, n: usize) -> Compact {
        Compact {
            len: self.len.min(n),
            ..*self
        }
    }

    /// The kept characters as ASCII bytes, or `None` if there are not exactly `N` or any is not
    /// ASCII.
    pub fn ascii<const N: usize>(&self) -> Option<[u8; N]> {
        if self.len != N {
            return None;
        }
        let out: [u8; N] = self.bytes.get(..N)?.try_into().ok()?;
        out.iter().all(u8::is_ascii).then_some(out)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// Whether `bytes` are already compact — digits and capitals only — which [`clean`] leaves as
/// they are (the fast paths of batch status and lookup read such bytes directly).
#[inline]
pub(crate) fn is_compact(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Cleans one raw input.
///
/// ```
/// use credit_check::clean::clean;
/// let c = clean(" ９１１１０１０８-５５１３８５０８２q ").unwrap();
/// assert_eq!(c.to_string_lossy(), "91110108551385082Q");
/// assert_eq!(c.changes().names(), ["trim", "fullWidth", "uppercase", "separators"]);
/// ```
pub fn clean(raw: &str) -> Result<Compact, Problem> {
    // At most 4 bytes a character: no more bytes than the limit means no more characters.
    if raw.len() > MAX_INPUT_CHARS {
        let chars = raw.chars().count();
        if chars > MAX_INPUT_CHARS {
            return Err(Problem::new(ProblemCode::TooLong)
                .with_expected(MAX_INPUT_CHARS)
                .with_found(chars));
        }
    }
    // Fast path: already compact (digits and capitals only), as most stored codes are.
    if !raw.is_empty() && raw.len() <= KEEP && is_compact(raw.as_bytes()) {
        let mut out = Compact::empty();
        out.bytes[..raw.len()].copy_from_slice(raw.as_bytes());
        out.len = raw.len();
        return Ok(out);
    }
    // One pass: white space before the first and after the last other character is trimmed,
    // white space between is a separator, like hyphens.
    let mut changes = 0;
    let mut seen = false;
    let mut pending_space = false;
    let mut out = Compact::empty();
    for mut c in raw.chars() {
        if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
            // Full-width forms sit at a fixed offset from ASCII.
            c = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            changes |= Normalizations::FULL_WIDTH;
        }
        if c.is_whitespace() {
            if seen {
                pending_space = true;
            } else {
                changes |= Normalizations::TRIM;
            }
            continue;
        }
        seen = true;
        if pending_space {
            changes |= Normalizations::SEPARATORS;
            pending_space = false;
        }
        if is_hyphen(c) {
            changes |= Normalizations::SEPARATORS;
            continue;
        }
        if c.is_ascii_lowercase() {
            c = c.to_ascii_uppercase();
            changes |= Normalizations::UPPERCASE;
        }
        out.push(c);
    }
    if pending_space {
        changes |= Normalizations::TRIM;
    }
    if !seen {
        return Err(Problem::new(ProblemCode::Empty));
    }
    out.changes = Normalizations(changes);
    if out.len == 0 {
        return Err(Problem::new(ProblemCode::Empty));
    }
    Ok(out)
}

/// How a character may be shown in a message: printable as itself, otherwise as `U+XXXX`.
pub(crate) fn show_char(c: char) -> Text {
    // Combining marks would join the quote before them: show them by code point too.
    let combining = matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}');
    if combining
        || c.is_control()
        || c.is_whitespace()
        || ('\u{200B}'..='\u{206F}').contains(&c)
        || c == '\u{FEFF}'
    {
        Text::format(format_args!("U+{:04X}", c as u32))
    } else {
        Text::from(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_input_reports_no_changes() {
        let c = clean("91110108551385082Q").unwrap();
        assert!(c.changes().is_empty());
        assert_eq!(c.ascii::<18>().map(|a| a[17]), Some(b'Q'));
    }

    #[test]
    fn each_normalisation_is_reported_alone() {
        assert!(clean(" 1").unwrap().changes().trimmed());
        assert!(clean("１").unwrap().changes().full_width());
        assert!(clean("a").unwrap().changes().uppercased());
        assert!(clean("1-2").unwrap().changes().separators_removed());
        assert!(clean("1\u{3000}2").unwrap().changes().separators_removed());
        assert!(clean("1\u{2014}2").unwrap().changes().separators_removed());
    }

    #[test]
    fn empty_and_blank_inputs_are_empty() {
        for s in ["", "   ", "\u{3000}", "- -", "－"] {
            assert_eq!(clean(s).unwrap_err().code(), ProblemCode::Empty, "{s:?}");
        }
    }

    #[test]
    fn long_input_is_rejected_unread_but_moderate_length_is_counted() {
        assert_eq!(
            clean(&"9".repeat(10_000_000)).unwrap_err().code(),
            ProblemCode::TooLong
        );
        let c = clean(&"9".repeat(200)).unwrap();
        assert_eq!(c.len(), 200);
        assert_eq!(c.chars().count(), 32);
        assert_eq!(c.ascii::<18>(), None);
    }

    #[test]
    fn the_length_limit_counts_characters_not_bytes() {
        // 256 full-width characters are 768 UTF-8 bytes: within the limit.
        assert_ne!(
            clean(&"９".repeat(256)).err().map(|p| p.code()),
            Some(ProblemCode::TooLong)
        );
        let p = clean(&"中".repeat(257)).unwrap_err();
        assert_eq!(p.code(), ProblemCode::TooLong);
        assert_eq!((p.expected(), p.found()), (Some("256"), Some("257")));
        assert!(p.message().contains("257个字符"), "{}", p.message());
        assert!(!p.message().contains("字节"), "{}", p.message());
        assert!(p.message_en().contains("found 257"), "{}", p.message_en());
    }

    #[test]
    fn non_ascii_is_kept_for_the_illegal_character_report() {
        let c = clean("9１😀").unwrap();
        assert_eq!(c.chars().collect::<Vec<_>>(), ['9', '1', '😀']);
        assert_eq!(c.ascii::<3>(), None);
        assert_eq!(show_char('\u{200F}').as_str(), "U+200F");
    }
}
