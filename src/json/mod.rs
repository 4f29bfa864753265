//! Strict reading of JSON documents: the snapshot header, the catalogue bundle, the keyring, a
//! shard directory, a check request and a check record (re-run).
//!
//! The text is parsed by [`parse`] (serde_json's rules and error positions, without its
//! deserialiser) into one form ([`Json`], members kept in order and repeats kept) and read field
//! by field ([`Object`]). As strict as serde's derived reader, which it replaces, and stricter
//! where that one was loose: an unknown, missing or mistyped member is refused, and a repeated
//! name is refused everywhere, in the counts too (a map there took the last of two values), and
//! an array is not read as an object. The messages are serde's. (In WebAssembly one struct read
//! here is about as large as its derived reader; with every derived reader of the checker gone,
//! 13 KB gzipped came off: docs/wasm-size.md, session 22.)

pub(crate) mod parse;

pub(crate) use parse::ParseError;
use std::collections::BTreeMap;

/// A JSON value as written: an object's members in order, a repeated name kept (so that a
/// reader can refuse it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// A number in JSON text with a fraction or an exponent, an integer beyond 64 bits, or
    /// `-0`: the text as written (no reader of the core takes one).
    Float(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses JSON text (serde_json's rules, nesting limit and errors with positions).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Json, ParseError> {
        parse::parse(bytes)
    }

    /// Parses JSON text and reads it with `read`; either error as its words (a parse error with
    /// its line and column).
    pub(crate) fn read_text<T>(
        bytes: &[u8],
        read: impl FnOnce(&Json) -> Result<T, String>,
    ) -> Result<T, String> {
        read(&Json::parse(bytes).map_err(|e| e.to_string())?)
    }

    /// What kind of value it is, as an error names it.
    fn kind(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("boolean `{b}`"),
            Json::Number(n) => format!("number `{n}`"),
            Json::Float(n) => format!("number `{n}`"),
            Json::String(s) => format!("string {:?}", crate::snapshot::signature::shorten(s)),
            Json::Array(_) => "sequence".into(),
            Json::Object(_) => "map".into(),
        }
    }

    fn invalid(&self, expected: &str) -> String {
        format!("invalid type: {}, expected {expected}", self.kind())
    }

    /// An object whose members are all among `fields`, each once.
    pub(crate) fn object(&self, fields: &[&'static str]) -> Result<Object<'_>, String> {
        let o = self.members()?;
        if let Some((k, _)) = o.0.iter().find(|(k, _)| !fields.contains(&k.as_str())) {
            let expected: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
            return Err(format!(
                "unknown field `{k}`, expected one of {}",
                expected.join(", ")
            ));
        }
        Ok(o)
    }

    /// An object with any members, each once.
    pub(crate) fn members(&self) -> Result<Object<'_>, String> {
        let Json::Object(m) = self else {
            return Err(self.invalid("a map"));
        };
        // Sorted names side by side: a document with many members costs n log n, not n².
        let names = sorted_names(m);
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("duplicate field `{}`", w[0]));
        }
        Ok(Object(m))
    }

    /// The member named `k` of an object, the last one if the name repeats (as a map would keep
    /// it); `None` for anything but an object.
    pub(crate) fn get(&self, k: &str) -> Option<&Json> {
        let Json::Object(m) = self else {
            return None;
        };
        m.iter().rev().find(|(name, _)| name == k).map(|(_, v)| v)
    }

    /// The text, if it is a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array.
    pub(crate) fn items(&self) -> Result<&[Json], String> {
        match self {
            Json::Array(items) => Ok(items),
            other => Err(other.invalid("a sequence")),
        }
    }

    fn str(&self) -> Result<&str, String> {
        self.as_str().ok_or_else(|| self.invalid("a string"))
    }

    fn u64(&self) -> Result<u64, String> {
        match self {
            Json::Number(n) => n
                .as_u64()
                .ok_or_else(|| format!("invalid value: number `{n}`, expected u64")),
            Json::Float(n) => Err(format!("invalid value: number `{n}`, expected u64")),
            other => Err(other.invalid("u64")),
        }
    }

    fn u32(&self) -> Result<u32, String> {
        let n = self.u64().map_err(|_| self.invalid("u32"))?;
        u32::try_from(n).map_err(|_| format!("invalid value: number `{n}`, expected u32"))
    }

    /// A number as an `f64` (the nearest one), if it is a number given as one (a JS value);
    /// a number in JSON text with a fraction is not read (no float parser in the checker).
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// A whole number that fits a `u64`, if it is one.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// Object members that are null (a JS `null` or `undefined`) removed, at every depth:
    /// absent, as `JSON.stringify` leaves an `undefined` one out, so that a strict read
    /// afterwards refuses only fields that carry something.
    pub(crate) fn without_null_members(&mut self) {
        match self {
            Json::Object(m) => {
                m.retain(|(_, x)| *x != Json::Null);
                m.iter_mut().for_each(|(_, x)| x.without_null_members());
            }
            Json::Array(a) => a.iter_mut().for_each(Json::without_null_members),
            _ => {}
        }
    }

    fn strings(&self) -> Result<Vec<String>, String> {
        match self {
            Json::Array(items) => items.iter().map(|s| s.str().map(str::to_string)).collect(),
            other => Err(other.invalid("a sequence")),
        }
    }
}

/// An object's member names in order, a repeated one as often as it is written.
pub(crate) fn sorted_names(members: &[(String, Json)]) -> Vec<&str> {
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    crate::sort::sort(&mut names);
    names
}

/// A value already parsed (a JS value walked into JSON data, a record's member): its objects'
/// members are their map's, so none is repeated.
impl From<&serde_json::Value> for Json {
    fn from(v: &serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(m) => {
                Json::Object(m.iter().map(|(k, v)| (k.clone(), v.into())).collect())
            }
        }
    }
}

/// An object's members (see [`Json::object`]), read by name.
#[derive(Debug)]
pub(crate) struct Object<'a>(&'a [(String, Json)]);

impl<'a> Object<'a> {
    /// The member named `k`, if there is one.
    pub(crate) fn get(&self, k: &str) -> Option<&'a Json> {
        self.0.iter().find(|(name, _)| name == k).map(|(_, v)| v)
    }

    /// The member named `k`, which must be there.
    pub(crate) fn required(&self, k: &'static str) -> Result<&'a Json, String> {
        self.get(k).ok_or_else(|| format!("missing field `{k}`"))
    }

    /// A member that may be absent or null (`None`), as serde reads an `Option` with a default.
    pub(crate) fn optional(&self, k: &str) -> Option<&'a Json> {
        self.get(k).filter(|v| **v != Json::Null)
    }

    pub(crate) fn string(&self, k: &'static str) -> Result<String, String> {
        self.required(k)?.str().map(str::to_string)
    }

    pub(crate) fn opt_string(&self, k: &str) -> Result<Option<String>, String> {
        self.optional(k)
            .map(|v| v.str().map(str::to_string))
            .transpose()
    }

    pub(crate) fn u64(&self, k: &'static str) -> Result<u64, String> {
        self.required(k)?.u64()
    }

    pub(crate) fn u32(&self, k: &'static str) -> Result<u32, String> {
        self.required(k)?.u32()
    }

    pub(crate) fn opt_u32(&self, k: &str) -> Result<Option<u32>, String> {
        self.optional(k).map(Json::u32).transpose()
    }

    pub(crate) fn strings(&self, k: &'static str) -> Result<Vec<String>, String> {
        self.required(k)?.strings()
    }

    /// A list of texts that may be absent or null.
    pub(crate) fn opt_strings(&self, k: &str) -> Result<Option<Vec<String>>, String> {
        self.optional(k).map(Json::strings).transpose()
    }

    /// The items of the array named `k`, which must be there.
    pub(crate) fn items(&self, k: &'static str) -> Result<&'a [Json], String> {
        self.required(k)?.items()
    }

    /// An object of booleans by name; absent is empty (as serde's `default`), null is not.
    pub(crate) fn flags(&self, k: &str) -> Result<BTreeMap<String, bool>, String> {
        let mut flags = BTreeMap::new();
        let Some(v) = self.get(k) else {
            return Ok(flags);
        };
        for (name, v) in v.members()?.0 {
            let Json::Bool(b) = v else {
                return Err(v.invalid("a boolean"));
            };
            flags.insert(name.clone(), *b);
        }
        Ok(flags)
    }

    /// An object of texts by name.
    pub(crate) fn texts(&self, k: &'static str) -> Result<BTreeMap<String, String>, String> {
        let o = self.required(k)?.members()?;
        let mut texts = BTreeMap::new();
        for (name, v) in o.0 {
            texts.insert(name.clone(), v.str()?.to_string());
        }
        Ok(texts)
    }

    /// An object of whole numbers by name.
    pub(crate) fn counts(&self, k: &'static str) -> Result<BTreeMap<String, u64>, String> {
        let o = self.required(k)?.members()?;
        // Inserted one by one: a map collected from an iterator is sorted first, with a copy of
        // the standard library's stable sort (4 KB of wasm) for this one call.
        let mut counts = BTreeMap::new();
        for (name, v) in o.0 {
            counts.insert(name.clone(), v.u64()?);
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Json {
        Json::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn members_are_kept_in_order_with_repeats() {
        let v = parse(r#"{"b":1,"a":[true,null,"x",-2,1.5],"b":{}}"#);
        let Json::Object(m) = &v else { panic!() };
        let names: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["b", "a", "b"]);
        assert_eq!(v.members().unwrap_err(), "duplicate field `b`");
    }

    #[test]
    fn objects_refuse_unknown_missing_and_mistyped_members_as_serde_did() {
        let v = parse(r#"{"name":"x","n":5,"list":["a"]}"#);
        let o = v.object(&["name", "n", "list", "extra"]).unwrap();
        assert_eq!(o.string("name").unwrap(), "x");
        assert_eq!(o.u64("n").unwrap(), 5);
        assert_eq!(o.u32("n").unwrap(), 5);
        assert_eq!(o.strings("list").unwrap(), ["a"]);
        assert_eq!(o.opt_string("extra").unwrap(), None);
        assert_eq!(o.string("extra").unwrap_err(), "missing field `extra`");
        assert_eq!(
            o.string("n").unwrap_err(),
            "invalid type: number `5`, expected a string"
        );
        assert_eq!(
            v.object(&["name", "n"]).err().unwrap(),
            "unknown field `list`, expected one of `name`, `n`"
        );
        assert!(parse("[]").object(&[]).is_err());
    }

    #[test]
    fn numbers_are_whole_and_in_range() {
        let v = parse(r#"{"big":18446744073709551615,"neg":-1,"frac":1.5,"u32":4294967296}"#);
        let o = v.members().unwrap();
        assert_eq!(o.u64("big").unwrap(), u64::MAX);
        assert!(o.u64("neg").is_err());
        assert!(o.u64("frac").is_err());
        assert_eq!(
            o.u32("u32").unwrap_err(),
            "invalid value: number `4294967296`, expected u32"
        );
    }

    #[test]
    fn null_is_absent_only_where_absent_is_allowed() {
        let v = parse(r#"{"a":null}"#);
        let o = v.members().unwrap();
        assert_eq!(o.opt_string("a").unwrap(), None);
        assert_eq!(
            o.string("a").unwrap_err(),
            "invalid type: null, expected a string"
        );
    }

    #[test]
    fn counts_are_named_whole_numbers_each_once() {
        let v = parse(r#"{"c":{"x":1,"y":2},"d":{"x":1,"x":2},"e":{"x":"1"}}"#);
        let o = v.members().unwrap();
        assert_eq!(o.counts("c").unwrap().get("y"), Some(&2));
        assert_eq!(o.counts("d").unwrap_err(), "duplicate field `x`");
        assert!(o.counts("e").is_err());
    }
}
