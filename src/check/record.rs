//! The check record (核查记录): the evidence 财库〔2016〕125号 requires keeping with the
//! procurement file. Canonical JSON — object keys sorted, no white space, UTF-8, integers only —
//! holding the request as run (with the time it ran), the snapshot's and the catalogue's
//! versions and digests, and the verdict; and the SHA-256 of exactly those bytes.
//!
//! The same request against the same snapshot gives the same bytes natively and in WebAssembly,
//! so a portal's server can re-run a browser's check ([`verify_record`]) and compare.

use super::{check, CheckError, CheckErrorCode, CheckInput, Verdict};
use crate::error::Message;
use crate::json::Json;
use crate::lists::catalogue::Catalogue;
use crate::matching::NameIndex;
use crate::snapshot::Snapshot;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The record's format name.
pub const RECORD_FORMAT: &str = "credit-check-record";
/// The record's format version.
pub const RECORD_VERSION: u32 = 1;

/// A check's record.
#[derive(Debug, Clone)]
pub struct CheckRecord {
    /// The canonical JSON text.
    pub json: String,
    /// SHA-256 of `json` (hex).
    pub sha256: String,
    /// The verdict in it.
    pub verdict: Verdict,
    /// The request as run (with the time it ran), as in it.
    pub input: CheckInput,
}

/// The engine that made a record: records from different engine versions may differ.
pub fn engine() -> String {
    format!("credit-check {}", env!("CARGO_PKG_VERSION"))
}

/// The canonical text of a JSON value: keys sorted (serde_json's map is ordered by key),
/// compact. Floats never appear in records.
pub fn canonical(v: &Value) -> String {
    // The same text as `v.to_string()` (compact), without the `Display` path, which writes
    // through `std::io::Write` and brings `io::Error`'s texts into the wasm. Writing a `Value`
    // into a `Vec` cannot fail: its keys are strings.
    serde_json::to_string(v).unwrap_or_default()
}

fn sha256_hex(text: &str) -> String {
    crate::snapshot::signature::hex_encode(&Sha256::digest(text.as_bytes()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordDoc<'a> {
    format: &'static str,
    version: u32,
    engine: String,
    input: &'a CheckInput,
    verdict: &'a Verdict,
}

/// Runs a check and writes its record.
pub fn check_record(
    s: &Snapshot,
    index: &NameIndex,
    c: &Catalogue,
    catalogue_source: &'static str,
    input: &CheckInput,
    now: DateTime<Utc>,
) -> Result<CheckRecord, CheckError> {
    record_and_value(s, index, c, catalogue_source, input, now, None).map(|(r, _)| r)
}

/// [`check_record`], with the record as a JSON value too (what a re-run is compared by).
/// `known`: a text and its digest already worked out (a re-run's given record): when the new
/// record is that text, its digest is not computed again.
fn record_and_value(
    s: &Snapshot,
    index: &NameIndex,
    c: &Catalogue,
    catalogue_source: &'static str,
    input: &CheckInput,
    now: DateTime<Utc>,
    known: Option<(&str, &str)>,
) -> Result<(CheckRecord, Value), CheckError> {
    let (normalized, verdict) = check(s, index, c, catalogue_source, input, now)?;
    let doc = RecordDoc {
        format: RECORD_FORMAT,
        version: RECORD_VERSION,
        engine: engine(),
        input: &normalized,
        verdict: &verdict,
    };
    // serde_json's error is not quoted: its text would bring `io::Error`'s into the wasm, for
    // a failure the record's types cannot produce (every map key is a string).
    let value = serde_json::to_value(&doc).map_err(|_| {
        CheckError::new(
            CheckErrorCode::BadRecord,
            "核查记录无法生成".to_string(),
            "the record cannot be written as JSON".to_string(),
            None,
        )
    })?;
    let json = canonical(&value);
    let sha256 = match known {
        Some((text, sha)) if text == json => sha.to_string(),
        _ => sha256_hex(&json),
    };
    let record = CheckRecord {
        sha256,
        json,
        verdict,
        input: normalized,
    };
    Ok((record, value))
}

crate::error::error_codes! {
    /// What re-running a record found, as a stable code ([`Verification::code`]).
    pub enum VerificationCode {
        /// The re-run gave the same bytes.
        Match => "MATCH",
        /// The record was made with another snapshot.
        SnapshotDiffers => "SNAPSHOT_DIFFERS",
        /// The record was made with another catalogue.
        CatalogueDiffers => "CATALOGUE_DIFFERS",
        /// The record was made by another engine version.
        EngineDiffers => "ENGINE_DIFFERS",
        /// Same content, other bytes.
        NotCanonical => "NOT_CANONICAL",
        /// The verdict differs.
        VerdictDiffers => "VERDICT_DIFFERS",
        /// The text is not the one the given digest names.
        Sha256Mismatch => "SHA256_MISMATCH",
    }
}

/// What re-running a record found. Serialises as `{matches, code, sha256Given, sha256Rerun,
/// firstDifference?, messageZh, message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// The re-run gave the same bytes.
    pub matches: bool,
    /// `MATCH`, `SNAPSHOT_DIFFERS`, `CATALOGUE_DIFFERS`, `ENGINE_DIFFERS`, `NOT_CANONICAL`
    /// (same content, other bytes), `VERDICT_DIFFERS`, `SHA256_MISMATCH` (the text is not the one
    /// the given digest names).
    pub code: VerificationCode,
    /// SHA-256 of the text given.
    pub sha256_given: String,
    /// SHA-256 of the re-run.
    pub sha256_rerun: String,
    /// The first JSON path where they differ.
    pub first_difference: Option<String>,
    /// What was found, said (`messageZh` and `message` in JSON).
    pub message: Message,
}

impl Serialize for Verification {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The fields and their order as when the message was two strings: records' re-runs are
        // compared byte for byte across the builds.
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Doc<'a> {
            matches: bool,
            code: VerificationCode,
            sha256_given: &'a str,
            sha256_rerun: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            first_difference: Option<&'a str>,
            message_zh: &'a str,
            message: &'a str,
        }
        Doc {
            matches: self.matches,
            code: self.code,
            sha256_given: &self.sha256_given,
            sha256_rerun: &self.sha256_rerun,
            first_difference: self.first_difference.as_deref(),
            message_zh: self.message.zh(),
            message: self.message.en(),
        }
        .serialize(s)
    }
}

fn bad_record(
    zh: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> CheckError {
    CheckError::new(CheckErrorCode::BadRecord, zh, en, None)
}

/// The first path where two JSON values differ, objects walked in key order (as a record
/// writes them).
fn first_difference(a: &Json, b: &Json, path: &str) -> Option<String> {
    fn keys(m: &[(String, Json)]) -> Vec<&str> {
        let mut k = crate::json::sorted_names(m);
        k.dedup();
        k
    }
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for k in keys(x) {
                let p = format!("{path}.{k}");
                match (a.get(k), b.get(k)) {
                    (Some(va), Some(vb)) => {
                        if let Some(d) = first_difference(va, vb, &p) {
                            return Some(d);
                        }
                    }
                    _ => return Some(p),
                }
            }
            keys(y)
                .into_iter()
                .find(|k| a.get(k).is_none())
                .map(|k| format!("{path}.{k}"))
        }
        (Json::Array(x), Json::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(va, vb, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}.length"))
        }
        _ => (a != b).then(|| path.to_string()),
    }
}

/// Re-runs a record against a snapshot and says whether the re-run gives the same bytes.
/// `expected_sha256`, when given, must name the text (a record altered after it was stored).
pub fn verify_record(
    s: &Snapshot,
    index: &NameIndex,
    c: &Catalogue,
    catalogue_source: &'static str,
    text: &str,
    expected_sha256: Option<&str>,
) -> Result<Verification, CheckError> {
    let given_text = text.trim_end_matches(['\n', '\r']);
    let sha_given = sha256_hex(given_text);
    let (given, input) = read_record(given_text)?;
    // Cheapest first: the stored digest, then what the record was made with, then the re-run.
    if let Some(v) = digest_mismatch(&sha_given, expected_sha256) {
        return Ok(v);
    }
    if let Some(v) = made_elsewhere(s, c, &given, &sha_given) {
        return Ok(v);
    }
    // `now` is unused: the record carries the time it ran.
    let known = Some((given_text, sha_given.as_str()));
    let (rerun, rerun_value) =
        record_and_value(s, index, c, catalogue_source, &input, Utc::now(), known)?;
    Ok(compare_rerun(
        &given,
        given_text,
        &rerun,
        &rerun_value,
        &sha_given,
    ))
}

/// A verification's answer; it matches only with `MATCH`.
fn verification(
    code: VerificationCode,
    sha_given: &str,
    sha_rerun: &str,
    first_difference: Option<String>,
    message: Message,
) -> Verification {
    Verification {
        matches: code == VerificationCode::Match,
        code,
        sha256_given: sha_given.to_string(),
        sha256_rerun: sha_rerun.to_string(),
        first_difference,
        message,
    }
}

/// The record's text read: JSON, a credit-check record, with an input that ran at a known time.
fn read_record(given_text: &str) -> Result<(Json, CheckInput), CheckError> {
    let given = Json::parse(given_text.as_bytes()).map_err(|e| {
        bad_record(
            format!(
                "核查记录不是JSON（第{}行第{}列）：{e}",
                e.line(),
                e.column()
            ),
            format!(
                "the record is not JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    if given.get("format").and_then(Json::as_str) != Some(RECORD_FORMAT) {
        return Err(bad_record(
            "不是credit-check核查记录",
            "not a credit-check record (format)",
        ));
    }
    let input: CheckInput = given
        .get("input")
        .ok_or_else(|| bad_record("记录缺少input", "the record has no input"))
        .and_then(|v| {
            CheckInput::read(v).map_err(|(field, e)| {
                // The field within the record's input, in the words.
                let e = match field {
                    Some(f) => format!("input.{f}: {e}"),
                    None => e,
                };
                bad_record(
                    format!("记录的input无效：{e}"),
                    format!("the record's input is not valid: {e}"),
                )
            })
        })?;
    // Staleness is judged at the time the check ran: without it a re-run cannot say the same.
    if input.checked_at.is_none() {
        return Err(bad_record(
            "记录缺少核查时间checkedAt",
            "the record has no checkedAt",
        ));
    }
    Ok((given, input))
}

/// The text is not the one the stored digest names: it was altered after it was stored.
fn digest_mismatch(sha_given: &str, expected: Option<&str>) -> Option<Verification> {
    let want = expected?;
    if want.trim().eq_ignore_ascii_case(sha_given) {
        return None;
    }
    Some(verification(
        VerificationCode::Sha256Mismatch,
        sha_given,
        "",
        None,
        Message::new(
            format!("记录内容的SHA-256为{sha_given}，与留存的摘要{want}不符：记录已被改动"),
            format!("the record's SHA-256 is {sha_given}, not the stored {want}: it was altered"),
        ),
    ))
}

/// The record was made with another snapshot, catalogue or engine: a re-run here could not
/// give the same bytes, so say which differs instead.
fn made_elsewhere(
    s: &Snapshot,
    c: &Catalogue,
    given: &Json,
    sha_given: &str,
) -> Option<Verification> {
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(given, |v, k| v.get(k))
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string()
    };
    let differs = |code, path: &str, zh: String, en: String| {
        Some(verification(
            code,
            sha_given,
            "",
            Some(path.into()),
            Message::new(zh, en),
        ))
    };
    let snap_given = at(&["verdict", "snapshot", "payloadDigest"]);
    if snap_given != s.digest_hex() {
        return differs(
            VerificationCode::SnapshotDiffers,
            ".verdict.snapshot.payloadDigest",
            format!(
                "记录使用的快照（摘要{snap_given}）不是本快照（{}）",
                s.digest_hex()
            ),
            format!(
                "the record was made with another snapshot (digest {snap_given}, this one is {})",
                s.digest_hex()
            ),
        );
    }
    let cat_given = at(&["verdict", "catalogue", "digest"]);
    if cat_given != c.digest {
        return differs(
            VerificationCode::CatalogueDiffers,
            ".verdict.catalogue.digest",
            format!(
                "记录使用的措施清单（摘要{cat_given}）与本清单（{}）不同",
                c.digest
            ),
            format!(
                "the record was made with another catalogue (digest {cat_given}, this one is {})",
                c.digest
            ),
        );
    }
    let engine_given = at(&["engine"]);
    if engine_given != engine() {
        return differs(
            VerificationCode::EngineDiffers,
            ".engine",
            format!("记录由{engine_given}生成，本程序为{}", engine()),
            format!(
                "the record was made by {engine_given}, this is {}",
                engine()
            ),
        );
    }
    None
}

/// The re-run against the record: the same bytes, the same content in other bytes, or the
/// first path where the verdicts part.
fn compare_rerun(
    given: &Json,
    given_text: &str,
    rerun: &CheckRecord,
    rerun_value: &Value,
    sha_given: &str,
) -> Verification {
    let sha = &rerun.sha256;
    if rerun.json == given_text {
        return verification(
            VerificationCode::Match,
            sha_given,
            sha,
            None,
            Message::new(
                format!("重新核查结果与记录逐字节一致（SHA-256 {sha}）"),
                format!("the re-run gives the same bytes (SHA-256 {sha})"),
            ),
        );
    }
    match first_difference(given, &Json::from(rerun_value), "") {
        None => verification(
            VerificationCode::NotCanonical,
            sha_given,
            sha,
            None,
            Message::new(
                "内容一致，但记录文本不是规范形式（键序或空白被改动）",
                "same content, but the text is not canonical (key order or white space changed)",
            ),
        ),
        Some(path) => verification(
            VerificationCode::VerdictDiffers,
            sha_given,
            sha,
            Some(path.clone()),
            Message::new(
                format!("重新核查结果与记录不一致，首个差异位于{path}"),
                format!("the re-run differs from the record, first at {path}"),
            ),
        ),
    }
}

/// Requests (one JSON object per line) checked with the snapshot's catalogue, as one line each:
/// `SHA256 RECORD`, or `error CODE` — what `tests/data/fixture-records.txt` holds, so native and
/// wasm builds can be compared byte for byte. Every request must carry `checkedAt`.
#[doc(hidden)]
pub fn transcript(s: &Snapshot, index: &NameIndex, requests_jsonl: &str) -> String {
    let mut out = String::new();
    let catalogue = super::catalogue_for(s);
    for line in requests_jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let r = catalogue
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|(c, source)| {
                let input = CheckInput::from_json(line)?;
                // The epoch: a request without checkedAt would make the transcript depend on the day.
                check_record(s, index, c, source, &input, DateTime::UNIX_EPOCH)
            });
        match r {
            Ok(r) => out.push_str(&format!("{} {}\n", r.sha256, r.json)),
            Err(e) => out.push_str(&format!("error {}\n", e.code)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[{"z":1,"y":2}],"c":"中"}}"#).unwrap();
        assert_eq!(
            canonical(&v),
            r#"{"a":{"c":"中","d":[{"y":2,"z":1}]},"b":1}"#
        );
    }

    #[test]
    fn differences_are_found_by_path() {
        let a = Json::parse(br#"{"v":{"p":[{"d":"block"}]}}"#).unwrap();
        let b = Json::parse(br#"{"v":{"p":[{"d":"pass"}]}}"#).unwrap();
        assert_eq!(first_difference(&a, &b, "").as_deref(), Some(".v.p[0].d"));
        assert_eq!(first_difference(&a, &a, ""), None);
        // Members in another order are the same content; a missing or extra one is named,
        // the first in key order.
        let c = Json::parse(br#"{"z":1,"v":{"p":[{"d":"block"}]}}"#).unwrap();
        let d = Json::parse(br#"{"v":{"p":[{"d":"block"}]},"z":1}"#).unwrap();
        assert_eq!(first_difference(&c, &d, ""), None);
        assert_eq!(first_difference(&a, &c, "").as_deref(), Some(".z"));
        assert_eq!(first_difference(&c, &a, "").as_deref(), Some(".z"));
        let e = Json::parse(br#"{"v":{"p":[]}}"#).unwrap();
        assert_eq!(first_difference(&a, &e, "").as_deref(), Some(".v.p.length"));
    }
}
