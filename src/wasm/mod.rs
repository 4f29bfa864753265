//! The WebAssembly bindings: each export converts its arguments, calls the core, and converts
//! the result. No logic lives here. Compiled only for wasm32.

use crate::audit::{self, Record};
use crate::kind::{IdentifierKind, Profile};
use crate::problem::{Problem, ProblemCode};
use crate::validation::{self, Options, Validation};
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod sharded;
pub use sharded::ShardedSourceJs;

/// The one conversion of a problem into a thrown JS `Error` with `code` and the fields.
fn js_error(p: &Problem) -> JsValue {
    let err = js_sys::Error::new(&p.message_en());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", p.code().as_str().into());
    set("messageZh", p.message().into());
    if let Some(e) = p.expected() {
        set("expected", e.into());
    }
    if let Some(f) = p.found() {
        set("found", f.into());
    }
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&ser)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

fn options(kind: Option<String>, profile: Option<String>) -> Result<Options, JsValue> {
    let kind = match kind.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(k) => Some(k.parse::<IdentifierKind>().map_err(|p| js_error(&p))?),
    };
    let profile = match profile.as_deref() {
        None | Some("") => Profile::default(),
        Some(p) => p.parse::<Profile>().map_err(|p| js_error(&p))?,
    };
    Ok(Options::new(kind, profile))
}

/// The result for something that is not a string: a typed error, never a throw.
fn not_a_string(opts: &Options) -> Validation {
    Validation {
        ok: false,
        kind: opts.kind,
        normalized: None,
        normalizations: Default::default(),
        parts: None,
        errors: vec![Problem::new(ProblemCode::NotAString)],
        warnings: Vec::new(),
    }
}

fn validate_value(input: &JsValue, opts: &Options) -> Validation {
    match input.as_string() {
        Some(s) => validation::validate(&s, opts),
        None => not_a_string(opts),
    }
}

/// `validate(input, kind?, profile?)` → `{ok, kind, normalized, normalizations, parts, errors, warnings}`.
#[wasm_bindgen(js_name = validate)]
pub fn validate_js(
    input: JsValue,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let opts = options(kind, profile)?;
    to_js(&validate_value(&input, &opts))
}

/// `validateAll(inputs, kind?, profile?)` → an array of results, one per input.
#[wasm_bindgen(js_name = validateAll)]
pub fn validate_all_js(
    inputs: Array,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let mut opts = options(kind, profile)?;
    opts.today = Some(crate::resident_id::today_in_china());
    let results: Vec<Validation> = inputs.iter().map(|v| validate_value(&v, &opts)).collect();
    to_js(&results)
}

/// `statusBatch(joined, count, kind?, profile?)` → one status byte per input (0 valid,
/// 1 valid with warnings, 2 invalid) for `count` inputs joined by `"\n"`. Returns an empty array
/// when the pieces do not number `count` (an input contained a newline): the caller then asks
/// one by one.
#[wasm_bindgen(js_name = statusBatch)]
pub fn status_batch_js(
    joined: &str,
    count: u32,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let opts = options(kind, profile)?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let out: Vec<u8> = validation::status_pieces(joined, &opts)
        .map(|s| s as u8)
        .collect();
    Ok(if out.len() == count as usize {
        out
    } else {
        Vec::new()
    })
}

/// `statusLines(text, kind?, profile?)` → one status byte per line of `text` (see
/// `validation::status_lines`).
#[wasm_bindgen(js_name = statusLines)]
pub fn status_lines_js(
    text: &str,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let opts = options(kind, profile)?;
    Ok(validation::status_lines(text, &opts)
        .into_iter()
        .map(|s| s as u8)
        .collect())
}

/// `status(input, kind?, profile?)` → one status byte, as `statusBatch` gives for each input.
#[wasm_bindgen(js_name = status)]
pub fn status_js(
    input: JsValue,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<u8, JsValue> {
    let opts = options(kind, profile)?;
    let today = crate::resident_id::today_in_china();
    Ok(input.as_string().map_or(validation::Status::Invalid, |s| {
        validation::status(&s, &opts, today)
    }) as u8)
}

/// `detect(input)` → the kinds the input can be, e.g. `["uscc", "taxpayerId"]`.
#[wasm_bindgen(js_name = detect)]
pub fn detect_js(input: JsValue) -> Result<JsValue, JsValue> {
    let kinds = input
        .as_string()
        .map(|s| validation::detect(&s))
        .unwrap_or_default();
    to_js(&kinds)
}

/// `audit(records, kind?, profile?)` with records `[{code, name}]` → the audit report.
#[wasm_bindgen(js_name = audit)]
pub fn audit_js(
    records: Array,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let opts = options(kind, profile)?;
    let field = |r: &JsValue, k: &str| {
        Reflect::get(r, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    let records: Vec<Record> = records
        .iter()
        .map(|r| Record {
            code: field(&r, "code").unwrap_or_default(),
            name: field(&r, "name").unwrap_or_default(),
        })
        .collect();
    to_js(&audit::audit(&records, None, &opts))
}

/// `digestHex(bytes, algorithm)`: the payload digest a snapshot header carries (SHA-256 for
/// `ed25519`, SM3 for `sm2-sm3`), hex.
#[wasm_bindgen(js_name = digestHex)]
pub fn digest_hex_js(bytes: &[u8], algorithm: &str) -> Result<String, JsValue> {
    let alg = crate::snapshot::signature::Algorithm::parse(algorithm).map_err(key_error)?;
    Ok(crate::snapshot::signature::hex_encode(
        &crate::snapshot::signature::digest(alg, bytes),
    ))
}

/// Bytes of linear memory (it grows, never shrinks).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes_js() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The crate version, for diagnostics.
#[wasm_bindgen(js_name = version)]
pub fn version_js() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

// ---------------------------------------------------------------------------------------------
// Signed list snapshots
// ---------------------------------------------------------------------------------------------

use crate::snapshot::keyring::Keyring;
use crate::snapshot::signature::KeyError;
use crate::snapshot::{
    LoadOptions, Lookup, Snapshot as CoreSnapshot, SnapshotError, SnapshotReader,
};
use chrono::{DateTime, Utc};

/// A snapshot or key refusal as a thrown JS `Error` with `code`, `messageZh` and `offset`.
fn snapshot_error(e: &SnapshotError) -> JsValue {
    let err = js_sys::Error::new(&e.message_en());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", e.code().into());
    set("messageZh", e.message().into());
    if let Some(o) = e.offset() {
        set("offset", (o as f64).into());
    }
    err.into()
}

fn key_error(e: KeyError) -> JsValue {
    snapshot_error(&SnapshotError::Key(e))
}

fn time_of(ms: Option<f64>) -> DateTime<Utc> {
    ms.filter(|m| m.is_finite())
        .and_then(|m| DateTime::from_timestamp_millis(m as i64))
        .unwrap_or_else(Utc::now)
}

/// The load options a JS caller gives: time of checking, the highest sequence accepted before,
/// whether a stale snapshot may load.
fn load_options(
    now_ms: Option<f64>,
    last_sequence: Option<f64>,
    allow_stale: Option<bool>,
) -> LoadOptions {
    LoadOptions {
        now: time_of(now_ms),
        last_accepted_sequence: last_sequence
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| s as u64),
        allow_stale: allow_stale.unwrap_or(false),
    }
}

/// A keyring of pinned public keys (`docs/snapshot-keys.md`).
#[wasm_bindgen(js_name = Keyring)]
pub struct KeyringJs {
    pub(crate) inner: Keyring,
}

#[wasm_bindgen(js_class = Keyring)]
impl KeyringJs {
    /// Parses keyring JSON; throws `MALFORMED_KEYRING`, `MALFORMED_KEY`, … on bad input.
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> Result<KeyringJs, JsValue> {
        Keyring::from_json(json)
            .map(|inner| KeyringJs { inner })
            .map_err(key_error)
    }

    /// Adds a key by rotation (an entry introduced by `signerId`), as of `nowMs` (default now).
    #[wasm_bindgen(js_name = acceptRotation)]
    pub fn accept_rotation(
        &mut self,
        entry_json: &str,
        signer_id: &str,
        now_ms: Option<f64>,
    ) -> Result<(), JsValue> {
        self.inner
            .accept_rotation_at(entry_json, signer_id, time_of(now_ms))
            .map(|_| ())
            .map_err(key_error)
    }

    /// The keyring as JSON (to persist an accepted rotation).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Key ids.
    #[wasm_bindgen(js_name = keyIds)]
    pub fn key_ids(&self) -> Vec<String> {
        self.inner
            .entries()
            .iter()
            .map(|e| e.id().to_string())
            .collect()
    }
}

/// Streams a snapshot in: `push` chunks, then `finish`. The header is verified as soon as it
/// has arrived; the payload is hashed as it comes.
#[wasm_bindgen(js_name = SnapshotLoader)]
pub struct SnapshotLoaderJs {
    reader: Option<SnapshotReader>,
}

#[wasm_bindgen(js_class = SnapshotLoader)]
impl SnapshotLoaderJs {
    /// A loader verifying with `keyring` as of `nowMs` (default now), refusing sequences below
    /// `lastSequence`, and stale snapshots unless `allowStale`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        keyring: &KeyringJs,
        now_ms: Option<f64>,
        last_sequence: Option<f64>,
        allow_stale: Option<bool>,
    ) -> SnapshotLoaderJs {
        let options = load_options(now_ms, last_sequence, allow_stale);
        SnapshotLoaderJs {
            reader: Some(SnapshotReader::new(keyring.inner.clone(), options)),
        }
    }

    /// Adds a chunk; returns `{received, total}` (`total` null until the header is verified).
    pub fn push(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        let Some(r) = self.reader.as_mut() else {
            return Err(snapshot_error(&used_up()));
        };
        let p = r.push(chunk).map_err(|e| snapshot_error(&e))?;
        let o = js_sys::Object::new();
        let _ = Reflect::set(&o, &"received".into(), &(p.received as f64).into());
        let total = p.total.map_or(JsValue::NULL, |t| (t as f64).into());
        let _ = Reflect::set(&o, &"total".into(), &total);
        Ok(o.into())
    }

    /// Checks the digest and returns the ready snapshot.
    pub fn finish(&mut self) -> Result<SnapshotJs, JsValue> {
        let r = self
            .reader
            .take()
            .ok_or_else(|| snapshot_error(&used_up()))?;
        r.finish()
            .map(|inner| SnapshotJs {
                inner,
                names: std::sync::OnceLock::new(),
                catalogue: std::sync::OnceLock::new(),
            })
            .map_err(|e| snapshot_error(&e))
    }
}

fn used_up() -> SnapshotError {
    SnapshotError::InvalidState {
        detail: crate::snapshot::signature::Detail::new(
            "加载器已使用完毕",
            "the loader has already finished",
        ),
    }
}

/// A verified, ready snapshot.
#[wasm_bindgen(js_name = Snapshot)]
pub struct SnapshotJs {
    inner: CoreSnapshot,
    // The name index, built on the first `screen` or `check`.
    names: std::sync::OnceLock<crate::matching::NameIndex>,
    // The catalogue its checks use (signed in, or the embedded default), read on first use.
    catalogue: std::sync::OnceLock<
        Result<(crate::catalogue::Catalogue, &'static str), crate::check::CheckError>,
    >,
}

/// A record as shown to users: ID numbers masked.
fn shown_record(s: &CoreSnapshot, row: usize) -> serde_json::Value {
    s.record(row)
        .map(|r| r.to_shown_json())
        .unwrap_or(serde_json::Value::Null)
}

fn parse_lists(
    lists: Option<Vec<String>>,
) -> Result<Option<Vec<crate::snapshot::record::ListType>>, JsValue> {
    lists
        .map(|v| {
            v.iter()
                .map(|id| {
                    id.parse().map_err(|_| {
                        let e = js_sys::Error::new(&format!("unknown list type '{id}'"));
                        let _ = Reflect::set(&e, &"code".into(), &"UNKNOWN_LIST_TYPE".into());
                        let _ = Reflect::set(
                            &e,
                            &"messageZh".into(),
                            &format!("未知名单类型“{id}”").into(),
                        );
                        JsValue::from(e)
                    })
                })
                .collect()
        })
        .transpose()
}

#[wasm_bindgen(js_class = Snapshot)]
impl SnapshotJs {
    /// `{publisher, keyId, algorithm, sequence, issuedAt, expiresAt, stale, region, listTypes,
    /// counts, size, payloadDigest}` as of `nowMs` (default now).
    pub fn status(&self, now_ms: Option<f64>) -> Result<JsValue, JsValue> {
        to_js(&self.inner.status_at(time_of(now_ms)))
    }

    /// Number of records.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Looks up a typed-in code (any identifier kind). `{outcome: "listed" | "notListed" |
    /// "notCovered", stale, uncovered, hits: [{matchedBy, row, record}]}`; an unreadable code
    /// gives `{outcome: "invalidInput", errors}`, never "notListed".
    pub fn lookup(
        &self,
        input: JsValue,
        list_types: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        let lists = parse_lists(list_types)?;
        let Some(text) = input.as_string() else {
            return to_js(&serde_json::json!({
                "outcome": "invalidInput",
                "errors": [Problem::new(ProblemCode::NotAString)],
            }));
        };
        let out = match self.inner.lookup_input(&text, lists.as_deref()) {
            Err(e) => serde_json::json!({"outcome": "invalidInput", "errors": e.problems()}),
            Ok(a) => {
                let (outcome, hits) = match &a.lookup {
                    Lookup::Listed(h) => ("listed", h.clone()),
                    Lookup::NotListed => ("notListed", Vec::new()),
                    Lookup::NotCovered(_) => ("notCovered", Vec::new()),
                };
                let hits: Vec<serde_json::Value> = hits
                    .iter()
                    .map(|h| {
                        serde_json::json!({
                            "matchedBy": h.matched_by,
                            "row": h.row,
                            "record": shown_record(&self.inner, h.row as usize),
                        })
                    })
                    .collect();
                let uncovered: Vec<&str> = a.uncovered.iter().map(|l| l.id()).collect();
                serde_json::json!({
                    "outcome": outcome,
                    "stale": a.stale,
                    "uncovered": uncovered,
                    "hits": hits,
                })
            }
        };
        to_js(&out)
    }

    /// The batch fast path: one byte per line of `text` — 0 not listed, 1 listed, 2 not
    /// covered, 3 not a readable code.
    #[wasm_bindgen(js_name = lookupLines)]
    pub fn lookup_lines(&self, text: &str) -> Vec<u8> {
        self.inner.lookup_lines(text)
    }

    /// One record (ID numbers masked), or null.
    pub fn record(&self, row: u32) -> Result<JsValue, JsValue> {
        to_js(&shown_record(&self.inner, row as usize))
    }

    /// The signed header's JSON text.
    #[wasm_bindgen(js_name = headerJson)]
    pub fn header_json(&self) -> String {
        self.inner.header_json().to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Entity matching
// ---------------------------------------------------------------------------------------------

fn input_error(code: &str, en: &str, zh: &str) -> JsValue {
    let e = js_sys::Error::new(en);
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"messageZh".into(), &zh.into());
    e.into()
}

#[wasm_bindgen(js_class = Snapshot)]
impl SnapshotJs {
    /// `screen(parties, options?)`: each party `{name?, code?, legalRepName?, legalRepId?,
    /// personName?, personId?}` against the snapshot → one result per party `{party, band, hits,
    /// namesakes, inputProblems, stale, uncovered}`. The name index is built on the first call.
    /// `options`: `{listTypes?, thresholds?: {possible, core, candidates}}`.
    pub fn screen(&self, parties: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let parties: Vec<crate::matching::Party> = serde_wasm_bindgen::from_value(parties).map_err(|e| {
            input_error(
                "INVALID_PARTY",
                &format!("parties must be an array of {{name, code, legalRepName, legalRepId, personName, personId}} strings: {e}"),
                "当事人格式错误",
            )
        })?;
        let options: crate::matching::MatchOptions = if options.is_undefined() || options.is_null()
        {
            Default::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| {
                input_error(
                    "INVALID_OPTION",
                    &format!("bad screen options: {e}"),
                    "筛查选项错误",
                )
            })?
        };
        let index = self
            .names
            .get_or_init(|| crate::matching::NameIndex::build(&self.inner));
        let out: Vec<serde_json::Value> = parties
            .iter()
            .map(|p| {
                let r = crate::matching::screen(&self.inner, index, p, &options);
                crate::matching::report(&self.inner, p, &r)
            })
            .collect();
        to_js(&out)
    }

    /// Builds the name index now (e.g. in a worker right after loading) instead of on the first
    /// `screen`; returns its size in bytes.
    #[wasm_bindgen(js_name = buildNameIndex)]
    pub fn build_name_index(&self) -> f64 {
        self.names
            .get_or_init(|| crate::matching::NameIndex::build(&self.inner))
            .memory_bytes() as f64
    }

    /// `check(requestJson, nowMs?)`: the verdict for a request `{scenario, cutoff?, checkedAt?,
    /// parties: [{role, name?, code?, legalRepName?, legalRepId?, personName?, personId?,
    /// creditClass?, label?}], facts?}` → `{record, sha256}`: the canonical check record (a
    /// string, byte-identical to the native CLI's for the same request and snapshot) and its
    /// SHA-256. Throws an `Error` with `code`, `messageZh` and `field` when the request is wrong.
    pub fn check(&self, request: &str, now_ms: Option<f64>) -> Result<JsValue, JsValue> {
        let input = crate::check::CheckInput::from_json(request).map_err(|e| check_error(&e))?;
        let (c, source) = self.catalogue_ref()?;
        let index = self
            .names
            .get_or_init(|| crate::matching::NameIndex::build(&self.inner));
        let r = crate::check::check_record(&self.inner, index, c, source, &input, time_of(now_ms))
            .map_err(|e| check_error(&e))?;
        let out = js_sys::Object::new();
        let _ = Reflect::set(&out, &"record".into(), &r.json.into());
        let _ = Reflect::set(&out, &"sha256".into(), &r.sha256.into());
        Ok(out.into())
    }

    /// `verifyRecord(recordText, sha256?)`: re-runs a record → `{matches, code, sha256Given,
    /// sha256Rerun, firstDifference?, messageZh, message}`.
    #[wasm_bindgen(js_name = verifyRecord)]
    pub fn verify_record(&self, record: &str, sha256: Option<String>) -> Result<JsValue, JsValue> {
        let (c, source) = self.catalogue_ref()?;
        let index = self
            .names
            .get_or_init(|| crate::matching::NameIndex::build(&self.inner));
        let v =
            crate::check::verify_record(&self.inner, index, c, source, record, sha256.as_deref())
                .map_err(|e| check_error(&e))?;
        to_js(&v)
    }

    /// `catalogue()`: `{version, digest, source, scenarios: [{id, nameZh, nameEn, roles}],
    /// facts}` — what a form needs to offer scenarios and roles.
    pub fn catalogue(&self) -> Result<JsValue, JsValue> {
        let (c, source) = self.catalogue_ref()?;
        to_js(&serde_json::json!({
            "version": c.version,
            "digest": c.digest,
            "source": source,
            "scenarios": c.scenarios,
            "facts": crate::check::known_facts(c),
        }))
    }
}

impl SnapshotJs {
    fn catalogue_ref(&self) -> Result<(&crate::catalogue::Catalogue, &'static str), JsValue> {
        match self
            .catalogue
            .get_or_init(|| crate::check::catalogue_for(&self.inner))
        {
            Ok((c, s)) => Ok((c, s)),
            Err(e) => Err(check_error(e)),
        }
    }
}

/// A check refusal as a thrown JS `Error` with `code`, `messageZh` and `field`.
fn check_error(e: &crate::check::CheckError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = Reflect::set(&err, &"code".into(), &e.code.into());
    let _ = Reflect::set(&err, &"messageZh".into(), &e.message_zh.clone().into());
    if let Some(f) = &e.field {
        let _ = Reflect::set(&err, &"field".into(), &f.clone().into());
    }
    err.into()
}
