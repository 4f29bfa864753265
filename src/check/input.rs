//! What a check is asked: the scenario, the parties with their roles, the cut-off (截止时点),
//! the time the check ran and any case facts; and every way that input can be wrong.

use crate::error::Message;
use crate::json::Json;
use crate::lists::record::CreditClass;
use crate::matching::Party;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// At most this many parties in one check (a bid opening with its consortia fits easily).
pub const MAX_PARTIES: usize = 500;

/// One party to a check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckParty {
    /// Its role in the scenario: `applicant`, `consortium_member`, `legal_representative`,
    /// `agency`, `expert` (the scenario's `roles`).
    pub role: String,
    /// A label the host page uses for it (a bidder number, a form field); kept in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Organisation name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// USCC, legacy organisation code or registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Legal representative's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rep_name: Option<String>,
    /// Legal representative's ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rep_id: Option<String>,
    /// A natural person's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_name: Option<String>,
    /// A natural person's ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Credit class (A–D) from the local graded-supervision system, when the host knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_class: Option<CreditClass>,
}

impl CheckParty {
    /// The fields the screen uses.
    pub fn party(&self) -> Party {
        Party {
            name: self.name.clone(),
            code: self.code.clone(),
            legal_rep_name: self.legal_rep_name.clone(),
            legal_rep_id: self.legal_rep_id.clone(),
            person_name: self.person_name.clone(),
            person_id: self.person_id.clone(),
        }
    }
}

/// A check request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckInput {
    /// Scenario id, e.g. `SC-ZFCG-SUPPLIER`.
    pub scenario: String,
    /// The cut-off (截止时点): RFC 3339, or a `YYYY-MM-DD` date in China. When absent, the time
    /// the check runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<String>,
    /// When the check ran (RFC 3339). Filled in by `check` when absent; a re-run passes the
    /// recorded one so staleness is judged as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<String>,
    /// The parties.
    pub parties: Vec<CheckParty>,
    /// Case facts a measure's condition names (`government_invested_project`, …): `true` or
    /// `false`. A condition whose fact is not given is reported as open, never assumed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, bool>,
}

crate::error::error_codes! {
    /// Why a check could not run, as a stable code (the check layer's code enum).
    pub enum CheckErrorCode {
        /// The request is not valid JSON or has unknown fields.
        InvalidInput => "INVALID_INPUT",
        /// The scenario is not in the catalogue.
        UnknownScenario => "UNKNOWN_SCENARIO",
        /// A party's role is not one of the scenario's.
        UnknownRole => "UNKNOWN_ROLE",
        /// No parties.
        NoParties => "NO_PARTIES",
        /// More parties than the limit.
        TooManyParties => "TOO_MANY_PARTIES",
        /// The cut-off is neither a time nor a date.
        BadCutoff => "BAD_CUTOFF",
        /// `checkedAt` is not an RFC 3339 time.
        BadCheckedAt => "BAD_CHECKED_AT",
        /// A case fact the catalogue does not know.
        UnknownFact => "UNKNOWN_FACT",
        /// The measure catalogue cannot be read.
        BadCatalogue => "BAD_CATALOGUE",
        /// A check record cannot be written or read back.
        BadRecord => "BAD_RECORD",
    }
}

/// Why a check could not run: a stable code, the message in Chinese and English, and the input
/// field. Serialises as `{code, messageZh, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    /// Stable code (serialised as its string, e.g. `"UNKNOWN_ROLE"`).
    pub code: CheckErrorCode,
    /// The message (`messageZh` and `message` in JSON).
    pub message: Message,
    /// The input field at fault (`parties[2].role`, `cutoff`, …).
    pub field: Option<String>,
}

impl CheckError {
    pub(crate) fn new(
        code: CheckErrorCode,
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
        field: Option<String>,
    ) -> CheckError {
        CheckError {
            code,
            message: Message::new(zh, en),
            field,
        }
    }
}

impl Serialize for CheckError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The fields and their order as when the message was two strings.
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Doc<'a> {
            code: CheckErrorCode,
            message_zh: &'a str,
            message: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<&'a str>,
        }
        Doc {
            code: self.code,
            message_zh: self.message.zh(),
            message: self.message.en(),
            field: self.field.as_deref(),
        }
        .serialize(s)
    }
}

impl crate::error::CodedError for CheckError {
    type Code = CheckErrorCode;
    fn kind(&self) -> CheckErrorCode {
        self.code
    }
    fn text(&self) -> Message {
        self.message.clone()
    }
    fn location(&self) -> Option<crate::error::Location> {
        let f = self.field.clone()?;
        Some(crate::error::Location::Field(f.into()))
    }
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} / {}",
            self.code,
            self.message.en(),
            self.message.zh()
        )?;
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckError {}

impl CheckInput {
    /// Reads a request from JSON text.
    pub fn from_json(text: &str) -> Result<CheckInput, CheckError> {
        let json = Json::parse(text.as_bytes()).map_err(|e| {
            CheckError::new(
                CheckErrorCode::InvalidInput,
                format!(
                    "核查请求格式错误（第{}行第{}列）：{e}",
                    e.line(),
                    e.column()
                ),
                format!(
                    "the check request is not valid (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
                None,
            )
        })?;
        CheckInput::read(&json).map_err(invalid_request)
    }

    const FIELDS: [&'static str; 5] = ["scenario", "cutoff", "checkedAt", "parties", "facts"];

    /// Read by the strict reader of `src/json/`: the rules of the derived reader (kept for
    /// other serde formats), a repeated member refused, and the field at fault named (where a
    /// position in the text would otherwise have pointed). The derived reader, compiled for
    /// JSON text, was 5.6 KB of the gzipped checker.
    pub(crate) fn read(v: &Json) -> Result<CheckInput, ReadError> {
        let o = v.object(&CheckInput::FIELDS).map_err(|e| (None, e))?;
        let parties = o.items("parties").map_err(at(None, "parties"))?;
        let parties = parties
            .iter()
            .enumerate()
            .map(|(i, p)| CheckParty::read(p, i));
        Ok(CheckInput {
            scenario: o.string("scenario").map_err(at(None, "scenario"))?,
            cutoff: o.opt_string("cutoff").map_err(at(None, "cutoff"))?,
            checked_at: o.opt_string("checkedAt").map_err(at(None, "checkedAt"))?,
            parties: parties.collect::<Result<_, _>>()?,
            facts: o.flags("facts").map_err(at(None, "facts"))?,
        })
    }
}

/// What is wrong with a request that is JSON, and the field at fault (`parties[0].code`).
pub(crate) type ReadError = (Option<String>, String);

/// The error of field `k`: of the request itself (`party` none) or of party `party`. The path
/// is written only when there is an error.
fn at(party: Option<usize>, k: &'static str) -> impl FnOnce(String) -> ReadError {
    move |e| match party {
        None => (Some(k.to_string()), e),
        Some(i) => (Some(format!("parties[{i}].{k}")), e),
    }
}

impl CheckParty {
    /// A screened party's fields (`Party::FIELDS`) with the role, label and credit class.
    const FIELDS: [&'static str; 9] = {
        let [name, code, legal_rep_name, legal_rep_id, person_name, person_id] = Party::FIELDS;
        [
            "role",
            "label",
            name,
            code,
            legal_rep_name,
            legal_rep_id,
            person_name,
            person_id,
            "creditClass",
        ]
    };

    fn read(v: &Json, i: usize) -> Result<CheckParty, ReadError> {
        let o = v
            .object(&CheckParty::FIELDS)
            .map_err(|e| (Some(format!("parties[{i}]")), e))?;
        let text = |k| o.opt_string(k).map_err(at(Some(i), k));
        let credit_class = match text("creditClass")? {
            None => None,
            Some(c) => Some(
                CreditClass::ALL
                    .into_iter()
                    .find(|k| k.as_str() == c)
                    .ok_or_else(|| {
                        let e =
                            format!("unknown variant `{c}`, expected one of `A`, `B`, `C`, `D`");
                        at(Some(i), "creditClass")(e)
                    })?,
            ),
        };
        Ok(CheckParty {
            role: o.string("role").map_err(at(Some(i), "role"))?,
            label: text("label")?,
            name: text("name")?,
            code: text("code")?,
            legal_rep_name: text("legalRepName")?,
            legal_rep_id: text("legalRepId")?,
            person_name: text("personName")?,
            person_id: text("personId")?,
            credit_class,
        })
    }
}

/// A request that is JSON but not a request: what is wrong and the field at fault, without a
/// position in text the caller may never have written.
fn invalid_request((field, e): ReadError) -> CheckError {
    CheckError::new(
        CheckErrorCode::InvalidInput,
        format!("核查请求格式错误：{e}"),
        format!("the check request is not valid: {e}"),
        field,
    )
}

impl CheckInput {
    /// The request a stored check record was made for (its `input`), or `None` when the text is
    /// not a record or its input cannot be read: what a re-run must load (a sharded snapshot's
    /// files for its parties, the time it ran).
    pub fn of_record(record: &str) -> Option<CheckInput> {
        let v = Json::parse(record.as_bytes()).ok()?;
        CheckInput::read(v.get("input")?).ok()
    }

    /// Reads a request given as a value by the same rules as [`CheckInput::from_json`]: an
    /// unknown or misspelt field is refused, never dropped; a member that is null counts as
    /// absent.
    pub fn from_value(value: serde_json::Value) -> Result<CheckInput, CheckError> {
        CheckInput::from_data(Json::from(&value))
    }

    /// [`CheckInput::from_value`] for JSON data as the bindings walk it from a JS object (or
    /// read from the text of one): one compiled reader for requests, whether they come as text,
    /// as objects or inside records.
    pub(crate) fn from_data(mut value: Json) -> Result<CheckInput, CheckError> {
        value.without_null_members();
        CheckInput::read(&value).map_err(invalid_request)
    }
}

/// A time as the record writes it: UTC, milliseconds, `Z`.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads an RFC 3339 time.
pub fn parse_time(s: &str, field: &str) -> Result<DateTime<Utc>, CheckError> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CheckError::new(
                if field == "cutoff" {
                    CheckErrorCode::BadCutoff
                } else {
                    CheckErrorCode::BadCheckedAt
                },
                format!("“{s}”不是RFC 3339时间"),
                format!("'{s}' is not an RFC 3339 time"),
                Some(field.into()),
            )
        })
}

/// The cut-off as a date in China: a `YYYY-MM-DD` date is taken as it is, a time is converted.
pub fn cutoff_date(s: &str) -> Result<NaiveDate, CheckError> {
    let t = s.trim();
    if t.len() == 10 {
        // The records' own date reader: chrono's format parser would add 14 KB to the wasm.
        if let Ok(d) = crate::lists::record::parse_date("cutoff", t) {
            return Ok(d);
        }
    }
    parse_time(t, "cutoff")
        .map(crate::lists::validity::china_date)
        .map_err(|_| {
            CheckError::new(
                CheckErrorCode::BadCutoff,
                format!("截止时点“{s}”应为RFC 3339时间或YYYY-MM-DD日期"),
                format!("cut-off '{s}' is neither an RFC 3339 time nor a YYYY-MM-DD date"),
                Some("cutoff".into()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_are_china_dates() {
        assert_eq!(cutoff_date("2026-03-01").unwrap().to_string(), "2026-03-01");
        // 16:30 UTC is half past midnight in Beijing: the next day.
        assert_eq!(
            cutoff_date("2026-02-28T16:30:00Z").unwrap().to_string(),
            "2026-03-01"
        );
        assert_eq!(
            cutoff_date("2026-03-01T09:00:00+08:00")
                .unwrap()
                .to_string(),
            "2026-03-01"
        );
        for bad in ["", "2026-02-30", "yesterday", "2026-03-01 09:00"] {
            assert_eq!(cutoff_date(bad).unwrap_err().code, "BAD_CUTOFF", "{bad}");
        }
    }

    #[test]
    fn unknown_fields_are_refused_not_ignored() {
        let e = CheckInput::from_json(
            r#"{"scenario":"S","parties":[{"role":"applicant","uscc":"x"}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, "INVALID_INPUT");
        assert!(e.message.en.contains("uscc"), "{}", e.message.en);
    }

    #[test]
    fn a_request_as_a_value_reads_as_its_text_and_its_errors_name_no_position() {
        let text = r#"{"scenario":"S","cutoff":null,"parties":[{"role":"applicant","code":"x","name":null}]}"#;
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let from_value = CheckInput::from_value(v).unwrap();
        let without_nulls = r#"{"scenario":"S","parties":[{"role":"applicant","code":"x"}]}"#;
        assert_eq!(from_value, CheckInput::from_json(without_nulls).unwrap());
        let bad: serde_json::Value =
            serde_json::from_str(r#"{"scenario":"S","parties":[{"role":"applicant","uscc":"x"}]}"#)
                .unwrap();
        let e = CheckInput::from_value(bad).unwrap_err();
        assert_eq!(e.code, "INVALID_INPUT");
        assert!(
            e.message.en.contains("unknown field `uscc`"),
            "{}",
            e.message.en
        );
        assert!(!e.message.en.contains("line"), "{}", e.message.en);
        assert_eq!(e.field.as_deref(), Some("parties[0]"));
        // Text that is not JSON: the position is the writer's, and stays.
        let e = CheckInput::from_json("{\n\"scenario\":\"S\",").unwrap_err();
        assert!(e.message.en.contains("line 2"), "{}", e.message.en);
        // JSON that is not a request: the field at fault is named, in text as in a value.
        for (text, field, says) in [
            (
                r#"{"scenario":"S","uscc":1,"parties":[]}"#,
                None,
                "unknown field `uscc`",
            ),
            (
                r#"{"scenario":5,"parties":[]}"#,
                Some("scenario"),
                "expected a string",
            ),
            (
                r#"{"scenario":"S"}"#,
                Some("parties"),
                "missing field `parties`",
            ),
            (
                r#"{"scenario":"S","parties":{}}"#,
                Some("parties"),
                "expected a sequence",
            ),
            (
                r#"{"scenario":"S","scenario":"T","parties":[]}"#,
                None,
                "duplicate field `scenario`",
            ),
            (
                r#"{"scenario":"S","parties":[],"facts":null}"#,
                Some("facts"),
                "expected a map",
            ),
            (
                r#"{"scenario":"S","parties":[],"facts":{"x":1}}"#,
                Some("facts"),
                "expected a boolean",
            ),
            (
                r#"{"scenario":"S","parties":[{"role":"a"},{"code":"x"}]}"#,
                Some("parties[1].role"),
                "missing field `role`",
            ),
            (
                r#"{"scenario":"S","parties":[{"role":"a","code":7}]}"#,
                Some("parties[0].code"),
                "expected a string",
            ),
            (
                r#"{"scenario":"S","parties":[{"role":"a","creditClass":"E"}]}"#,
                Some("parties[0].creditClass"),
                "unknown variant `E`",
            ),
            (
                r#"{"scenario":"S","parties":[{"role":"a","role":"b"}]}"#,
                Some("parties[0]"),
                "duplicate field `role`",
            ),
        ] {
            let e = CheckInput::from_json(text).unwrap_err();
            assert_eq!(e.code, "INVALID_INPUT", "{text}");
            assert_eq!(e.field.as_deref(), field, "{text}");
            assert!(e.message.en.contains(says), "{text}: {}", e.message.en);
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            if !text.contains("null")
                && !text.contains(r#""scenario":"T""#)
                && !text.contains(r#""role":"b""#)
            {
                assert_eq!(CheckInput::from_value(v).unwrap_err(), e, "{text}");
            }
        }
        // Nulls mean absent; every field as given.
        let full = r#"{"scenario":"S","cutoff":"2026-01-01","checkedAt":null,"facts":{"a":true},
            "parties":[{"role":"a","label":"L","name":"N","code":"C","legalRepName":"R",
            "legalRepId":"I","personName":"P","personId":"Q","creditClass":"D"}]}"#;
        let r = CheckInput::from_json(full).unwrap();
        assert_eq!(
            (r.cutoff.as_deref(), r.checked_at.as_deref()),
            (Some("2026-01-01"), None)
        );
        assert_eq!(r.facts.get("a"), Some(&true));
        let p = &r.parties[0];
        assert_eq!(p.credit_class, Some(CreditClass::D));
        let texts = [
            &p.label,
            &p.name,
            &p.code,
            &p.legal_rep_name,
            &p.legal_rep_id,
        ];
        assert_eq!(
            texts.map(|t| t.as_deref()),
            [Some("L"), Some("N"), Some("C"), Some("R"), Some("I")]
        );
        assert_eq!(
            (p.person_name.as_deref(), p.person_id.as_deref()),
            (Some("P"), Some("Q"))
        );
    }

    #[test]
    fn times_are_written_in_one_form() {
        let t = parse_time("2026-11-27T08:00:00+08:00", "checkedAt").unwrap();
        assert_eq!(format_time(t), "2026-11-27T00:00:00.000Z");
    }
}
