//! JSON text into [`Json`]: RFC 8259, as strict as serde_json's reader and with its error
//! messages and positions (line, and column in bytes), which check records and tests quote.
//! Written here because serde_json's deserialiser, its float parser and the two value visitors
//! over it were 18 KB of the gzipped checker for the few documents the core reads.
//!
//! One difference in what it builds: a number with a fraction or an exponent (or an integer
//! beyond 64 bits, or `-0`) is kept as the text written ([`Json::Float`]): no reader of the core
//! takes one, and an error that names it quotes it as given.

use super::Json;

/// What is wrong with a JSON text, and where: serde_json's message, line (from 1) and column
/// (bytes into the line; 0 before the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    message: &'static str,
    line: usize,
    column: usize,
}

impl ParseError {
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    pub(crate) fn column(&self) -> usize {
        self.column
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_NOT_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";
const INVALID_UNICODE: &str = "invalid unicode code point";

/// Arrays and objects nested at most this deep, as serde_json's reader allows (its 128th open
/// bracket is refused); the bindings hold JS values to the same limit.
pub(crate) const MAX_NESTING: usize = 127;

/// The parser's count down: at 0 an open bracket is refused.
const DEPTH: usize = MAX_NESTING + 1;

/// Parses one JSON document (white space around it allowed).
pub(crate) fn parse(bytes: &[u8]) -> Result<Json, ParseError> {
    let mut p = Parser {
        bytes,
        index: 0,
        depth: DEPTH,
    };
    let value = p.value()?;
    match p.skip_space() {
        Some(_) => Err(p.peek_error(TRAILING_CHARACTERS)),
        None => Ok(value),
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    index: usize,
    depth: usize,
}

impl Parser<'_> {
    /// The error at byte `i` (serde_json's `position_of_index`).
    fn error_at(&self, message: &'static str, i: usize) -> ParseError {
        let before = self.bytes.get(..i).unwrap_or(self.bytes);
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before.iter().take(start).filter(|&&b| b == b'\n').count();
        ParseError {
            message,
            line,
            column: i - start,
        }
    }

    /// At the last byte read.
    fn error(&self, message: &'static str) -> ParseError {
        self.error_at(message, self.index)
    }

    /// At the byte about to be read.
    fn peek_error(&self, message: &'static str) -> ParseError {
        self.error_at(message, (self.index + 1).min(self.bytes.len()))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.index += 1;
        Some(b)
    }

    /// Skips white space; the next byte, not read.
    fn skip_space(&mut self) -> Option<u8> {
        while let Some(b) = self.peek() {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.index += 1;
        }
        None
    }

    fn value(&mut self) -> Result<Json, ParseError> {
        let Some(b) = self.skip_space() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        match b {
            b'n' => self.ident(b"null", Json::Null),
            b't' => self.ident(b"true", Json::Bool(true)),
            b'f' => self.ident(b"false", Json::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.index += 1;
                self.string().map(Json::String)
            }
            b'[' => self.nested(Parser::array),
            b'{' => self.nested(Parser::object),
            _ => Err(self.peek_error(EXPECTED_VALUE)),
        }
    }

    fn ident(&mut self, word: &[u8], value: Json) -> Result<Json, ParseError> {
        self.index += 1;
        for &want in word.iter().skip(1) {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b) if b != want => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, ParseError>,
    ) -> Result<Json, ParseError> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.peek_error(RECURSION_LIMIT));
        }
        self.index += 1;
        let value = read(self);
        self.depth += 1;
        value
    }

    fn array(&mut self) -> Result<Json, ParseError> {
        let mut items = Vec::new();
        loop {
            match self.skip_space() {
                Some(b']') => break,
                Some(b',') if !items.is_empty() => {
                    self.index += 1;
                    match self.skip_space() {
                        Some(b']') => return Err(self.peek_error(TRAILING_COMMA)),
                        Some(_) => {}
                        None => return Err(self.peek_error(EOF_VALUE)),
                    }
                }
                Some(_) if items.is_empty() => {}
                Some(_) => return Err(self.peek_error(EXPECTED_LIST_END)),
                None => return Err(self.peek_error(EOF_LIST)),
            }
            items.push(self.value()?);
        }
        self.index += 1;
        Ok(Json::Array(items))
    }

    fn object(&mut self) -> Result<Json, ParseError> {
        let mut members = Vec::new();
        loop {
            let next = match self.skip_space() {
                Some(b'}') => break,
                Some(b',') if !members.is_empty() => {
                    self.index += 1;
                    self.skip_space()
                }
                Some(b) if members.is_empty() => Some(b),
                Some(_) => return Err(self.peek_error(EXPECTED_OBJECT_END)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            };
            match next {
                Some(b'"') => self.index += 1,
                Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                Some(_) => return Err(self.peek_error(KEY_NOT_STRING)),
                None => return Err(self.peek_error(EOF_VALUE)),
            }
            let key = self.string()?;
            match self.skip_space() {
                Some(b':') => self.index += 1,
                Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            members.push((key, self.value()?));
        }
        self.index += 1;
        Ok(Json::Object(members))
    }

    /// A string's contents, its opening quote read.
    fn string(&mut self) -> Result<String, ParseError> {
        let mut out: Vec<u8> = Vec::new();
        loop {
            let start = self.index;
            // The run of bytes that need no care, copied at once.
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.index += 1;
            }
            out.extend_from_slice(self.bytes.get(start..self.index).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error(EOF_STRING)),
                Some(b'"') => {
                    self.index += 1;
                    // At the first byte that is not UTF-8, counted back from the closing quote
                    // (as serde_json does; approximate after escapes).
                    return String::from_utf8(out).map_err(|e| {
                        let bad = e.as_bytes().len() - e.utf8_error().valid_up_to();
                        let mut at = self.error(INVALID_UNICODE);
                        at.column = at.column.saturating_sub(bad);
                        at
                    });
                }
                Some(b'\\') => {
                    self.index += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => {
                    self.index += 1;
                    return Err(self.error(CONTROL_CHARACTER));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), ParseError> {
        let Some(b) = self.next() else {
            return Err(self.error(EOF_STRING));
        };
        let plain = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error(INVALID_ESCAPE)),
        };
        out.push(plain);
        Ok(())
    }

    /// `\uXXXX`, its `\u` read; a leading surrogate must be followed by a trailing one.
    fn unicode_escape(&mut self, out: &mut Vec<u8>) -> Result<(), ParseError> {
        let n = self.hex4()?;
        let code = match n {
            0xDC00..=0xDFFF => return Err(self.error(LONE_SURROGATE)),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    match self.next() {
                        None => return Err(self.error(EOF_STRING)),
                        Some(b) if b != want => return Err(self.error(END_OF_HEX_ESCAPE)),
                        Some(_) => {}
                    }
                }
                let n2 = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&n2) {
                    return Err(self.error(LONE_SURROGATE));
                }
                0x1_0000 + ((u32::from(n) - 0xD800) << 10) + (u32::from(n2) - 0xDC00)
            }
            _ => u32::from(n),
        };
        let ch = char::from_u32(code).ok_or_else(|| self.error(INVALID_UNICODE))?;
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, ParseError> {
        let Some(digits) = self.bytes.get(self.index..self.index + 4) else {
            self.index = self.bytes.len();
            return Err(self.error(EOF_STRING));
        };
        self.index += 4;
        let mut n: u16 = 0;
        for &d in digits {
            let Some(v) = (d as char).to_digit(16) else {
                return Err(self.error(INVALID_ESCAPE));
            };
            n = n * 16 + v as u16;
        }
        Ok(n)
    }

    /// A number: an integer that fits 64 bits as one, any other as its text (checked).
    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.index;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.index += 1;
        }
        match self.next() {
            Some(b'0') => {
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            Some(_) => return Err(self.error(INVALID_NUMBER)),
            None => return Err(self.error(EOF_VALUE)),
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.index += 1;
            match self.peek() {
                Some(b'0'..=b'9') => self.skip_digits(),
                Some(_) => return Err(self.peek_error(INVALID_NUMBER)),
                None => return Err(self.peek_error(EOF_VALUE)),
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            whole = false;
            self.index += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.index += 1;
            }
            match self.next() {
                Some(b'0'..=b'9') => self.skip_digits(),
                Some(_) => return Err(self.error(INVALID_NUMBER)),
                None => return Err(self.error(EOF_VALUE)),
            }
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.index).unwrap_or_default())
            .unwrap_or_default();
        let number = match (whole, negative) {
            (true, false) => text.parse::<u64>().ok().map(serde_json::Number::from),
            (true, true) if text != "-0" => text.parse::<i64>().ok().map(serde_json::Number::from),
            _ => None,
        };
        Ok(number.map_or_else(|| Json::Float(text.to_string()), Json::Number))
    }

    fn skip_digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.index += 1;
        }
    }
}

// Native only: proptest is not built for wasm32 (the wasm tests run the readers through the
// bindings instead).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The parser against serde_json's, which it replaces: the same documents accepted, the same
    //! values, and every refusal with the same message at the same line and column.
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Ours and serde_json's answers for `text` agree (`Err` text equal; values equal, a
    /// [`Json::Float`] standing for serde's `f64` of the same text, a repeated member for its
    /// last value).
    fn agrees(text: &[u8]) -> Result<(), String> {
        let ours = parse(text);
        let theirs = serde_json::from_slice::<Value>(text);
        match (&ours, &theirs) {
            // serde refuses a float beyond f64; no reader of ours takes floats at all.
            (_, Err(e)) if e.to_string().starts_with("number out of range") => Ok(()),
            (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
            (Ok(a), Ok(b)) if same(a, b) => Ok(()),
            _ => Err(format!(
                "{:?}: ours {ours:?}, serde_json {theirs:?}",
                String::from_utf8_lossy(text)
            )),
        }
    }

    fn same(a: &Json, b: &Value) -> bool {
        match (a, b) {
            (Json::Null, Value::Null) => true,
            (Json::Bool(x), Value::Bool(y)) => x == y,
            (Json::Number(x), Value::Number(y)) => x == y,
            // serde_json's float parser (without `float_roundtrip`) may be an ulp off.
            (Json::Float(x), Value::Number(y)) => match (x.parse::<f64>(), y.as_f64()) {
                (Ok(x), Some(f)) if y.is_f64() => x == f || (x - f).abs() <= x.abs() * 1e-15,
                _ => false,
            },
            (Json::String(x), Value::String(y)) => x == y,
            (Json::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
            }
            (Json::Object(x), Value::Object(y)) => {
                let mut names: Vec<&String> = x.iter().map(|(k, _)| k).collect();
                names.sort();
                names.dedup();
                names.len() == y.len()
                    && names
                        .iter()
                        .all(|k| matches!((a.get(k), y.get(*k)), (Some(a), Some(b)) if same(a, b)))
            }
            _ => false,
        }
    }

    const PIECES: [&str; 48] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"a\"",
        "\"k\":",
        "\\",
        "\\\"",
        "\\n",
        "\\u",
        "\\x",
        "\\u00e9",
        "\\uD83D",
        "\\uDE00",
        "\\uD83D\\uDE00",
        "\\uD83Dx",
        "00g0",
        "n",
        "null",
        "nul",
        "true",
        "tru",
        "false",
        "0",
        "1",
        "-",
        "12",
        "0.5",
        ".",
        "e",
        "E",
        "+",
        "1e5",
        "-0",
        "18446744073709551616",
        "-9223372036854775809",
        " ",
        "\n",
        "\t",
        "x",
        "\u{1}",
        "é",
        "中",
        "\"中\"",
        "1e400",
    ];

    fn pieces() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(&PIECES[..]), 0..24).prop_map(|p| p.concat())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e9f64..1e9).prop_map(Value::from),
            "[a-z\u{4e00}-\u{4e10}\"\\\\\n\u{1}-\u{1f}\u{1F600}]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{0,3}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn pieces_of_json_are_read_as_serde_json_reads_them(text in pieces()) {
            agrees(text.as_bytes()).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn documents_and_every_cut_of_them_are_read_as_serde_json_reads_them(
            v in value(), pretty in any::<bool>(), cut in any::<prop::sample::Index>()
        ) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            agrees(text.as_bytes()).map_err(TestCaseError::fail)?;
            let at = cut.index(text.len() + 1);
            agrees(&text.as_bytes()[..at]).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn any_bytes_are_read_as_serde_json_reads_them(bytes in prop::collection::vec(any::<u8>(), 0..16)) {
            agrees(&bytes).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(nested(MAX_NESTING).as_bytes()).is_ok());
        let e = parse(nested(MAX_NESTING + 1).as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("recursion limit exceeded at line 1 column {DEPTH}")
        );
        for depth in [126, 127, 128, 129] {
            for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
                let mut text = open.repeat(depth);
                text.push('1');
                text.push_str(&close.repeat(depth));
                agrees(text.as_bytes()).unwrap();
            }
        }
    }

    #[test]
    fn refusals_are_serde_json_s_words_at_its_places() {
        for text in [
            "",
            "{",
            "{\n\"a\" 1}",
            "[1,]",
            "{\"a\":1,}",
            "[1 2]",
            "tru",
            "nulx",
            "01",
            "-",
            "1.",
            "1.x",
            "1e",
            "1e+",
            "1ex",
            "\"\\uD83D\"",
            "\"\\uDE00\"",
            "\"\\uD83D\\u0041\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "\"a\u{1}\"",
            "{1:2}",
            "[1] x",
            "\"\\q\"",
        ] {
            agrees(text.as_bytes()).unwrap();
            assert!(parse(text.as_bytes()).is_err(), "{text:?}");
        }
        // Not UTF-8 inside a string: at the first bad byte, counted back from the quote.
        agrees(b"[\"ab\x80c\"]").unwrap();
        assert_eq!(parse(b"\"\x80\"").unwrap_err().column(), 2);
        // A float beyond f64 is its text here; serde_json refuses it.
        assert_eq!(parse(b"1e400").unwrap(), Json::Float("1e400".into()));
        let e = parse(b"{\n  \"a\": x}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 8));
        assert_eq!(e.to_string(), "expected value at line 2 column 8");
    }

    #[test]
    fn numbers_are_integers_or_their_text() {
        let v =
            parse(b"[0, -5, 18446744073709551615, 18446744073709551616, -0, 1.50, 2e3]").unwrap();
        let Json::Array(items) = v else { panic!() };
        assert_eq!(items[0], Json::Number(0u64.into()));
        assert_eq!(items[1], Json::Number((-5i64).into()));
        assert_eq!(items[2], Json::Number(u64::MAX.into()));
        assert_eq!(items[3], Json::Float("18446744073709551616".into()));
        assert_eq!(items[4], Json::Float("-0".into()));
        assert_eq!(items[5], Json::Float("1.50".into()));
        assert_eq!(items[6], Json::Float("2e3".into()));
    }
}
