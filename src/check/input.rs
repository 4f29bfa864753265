//! What a check is asked: the scenario, the parties with their roles, the cut-off (截止时点),
//! the time the check ran and any case facts; and every way that input can be wrong.

use crate::error::Message;
use crate::lists::record::CreditClass;
use crate::matching::Party;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// At most this many parties in one check (a bid opening with its consortia fits easily).
pub const MAX_PARTIES: usize = 500;

/// An optional text field of a request, read by one out-of-line function: serde's derived reader
/// inlined a copy of this for each of the nine such fields (1.9 KB of the gzipped checker).
#[inline(never)]
fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

/// One party to a check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckParty {
    /// Its role in the scenario: `applicant`, `consortium_member`, `legal_representative`,
    /// `agency`, `expert` (the scenario's `roles`).
    pub role: String,
    /// A label the host page uses for it (a bidder number, a form field); kept in the record.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub label: Option<String>,
    /// Organisation name.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// USCC, legacy organisation code or registration number.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// Legal representative's name.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_rep_name: Option<String>,
    /// Legal representative's ID number.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_rep_id: Option<String>,
    /// A natural person's name.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub person_name: Option<String>,
    /// A natural person's ID number.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
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
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub cutoff: Option<String>,
    /// When the check ran (RFC 3339). Filled in by `check` when absent; a re-run passes the
    /// recorded one so staleness is judged as it was.
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
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
        serde_json::from_slice(text.as_bytes()).map_err(|e| {
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
        })
    }
}

impl CheckInput {
    /// The request a stored check record was made for (its `input`), or `None` when the text is
    /// not a record or its input cannot be read: what a re-run must load (a sharded snapshot's
    /// files for its parties, the time it ran).
    pub fn of_record(record: &str) -> Option<CheckInput> {
        let v: serde_json::Value = serde_json::from_slice(record.as_bytes()).ok()?;
        CheckInput::read_value(v.get("input")?).ok()
    }

    /// Reads a request given as a value (a JS object across the wasm boundary) by the same rules
    /// as [`CheckInput::from_json`]: an unknown or misspelt field is refused, never dropped; a
    /// member that is null counts as absent ([`without_null_members`]).
    pub fn from_value(mut value: serde_json::Value) -> Result<CheckInput, CheckError> {
        without_null_members(&mut value);
        CheckInput::read_value(&value).map_err(|e| {
            CheckError::new(
                CheckErrorCode::InvalidInput,
                format!("核查请求格式错误：{e}"),
                format!("the check request is not valid: {e}"),
                None,
            )
        })
    }

    /// A value read as its JSON text is: one compiled reader for requests, whether they come as
    /// text, as objects or inside records (serde_json's value reader was a second copy, with the
    /// parties' about 5.8 KB of gzipped wasm). The error says what is wrong without the position
    /// in that text, which the caller never wrote.
    pub(crate) fn read_value(value: &serde_json::Value) -> Result<CheckInput, String> {
        let text = value.to_string();
        serde_json::from_slice(text.as_bytes()).map_err(|e| {
            let at = format!(" at line {} column {}", e.line(), e.column());
            let e = e.to_string();
            e.strip_suffix(&at)
                .map_or_else(|| e.clone(), str::to_string)
        })
    }
}

/// Object members that are null (a JS `null` or `undefined`) removed, at every depth: absent, as
/// `JSON.stringify` leaves an `undefined` one out, so that a strict read afterwards refuses only
/// fields that carry something.
pub fn without_null_members(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(without_null_members);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(without_null_members),
        _ => {}
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
        // In text the position is the writer's, and stays.
        let e = CheckInput::from_json("{\n\"scenario\":\"S\",\"uscc\":1}").unwrap_err();
        assert!(e.message.en.contains("line 2"), "{}", e.message.en);
    }

    #[test]
    fn times_are_written_in_one_form() {
        let t = parse_time("2026-11-27T08:00:00+08:00", "checkedAt").unwrap();
        assert_eq!(format_time(t), "2026-11-27T00:00:00.000Z");
    }
}
