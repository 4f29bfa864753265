//! The `SnapshotLoader` and `Snapshot` classes: a signed snapshot streamed in and verified, then
//! lookups, screening and checks on it.

use super::convert::{self, check_input, js_error, match_options};
use super::convert::{load_options, not_representable, time_of, to_js};
use super::keyring::KeyringJs;
use super::sharded::{Asked, ShardQuestionJs};
use crate::check::{Checker, Unavailable};
use crate::error::{ArgumentError, ArgumentErrorCode, Message};
use crate::id::problem::{Problem, ProblemCode};
use crate::snapshot::{Lookup, MatchedBy, Snapshot as CoreSnapshot, SnapshotError, SnapshotReader};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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
            return Err(js_error(&used_up()));
        };
        let p = r.push(chunk).map_err(|e| js_error(&e))?;
        Ok(progress(p))
    }

    /// `push` for a Uint8Array, copied once, straight into the loader's buffer (`push` takes a
    /// temporary copy in WebAssembly memory first).
    #[wasm_bindgen(js_name = pushArray)]
    pub fn push_array(&mut self, chunk: &js_sys::Uint8Array) -> Result<JsValue, JsValue> {
        let Some(r) = self.reader.as_mut() else {
            return Err(js_error(&used_up()));
        };
        let p = r
            .push_from(chunk.length() as usize, |dst| chunk.copy_to(dst))
            .map_err(|e| js_error(&e))?;
        Ok(progress(p))
    }

    /// Leaves a SHA-256 payload digest to the platform (WebCrypto, `node:crypto`): call before
    /// the first `push`; then hash `payloadView()` and pass the result to `finishWithDigest`
    /// (or call `finish`, which hashes here). SM3 payloads are hashed here regardless.
    #[wasm_bindgen(js_name = leaveSha256)]
    pub fn leave_sha256(&mut self) {
        if let Some(r) = self.reader.as_mut() {
            r.leave_sha256();
        }
    }

    /// The complete payload the platform must hash — a view of the very bytes `finish` will
    /// parse, in WebAssembly memory: hash (or copy) it at once, before any other call into the
    /// module (memory growth detaches it). `undefined` when the digest is not left to the
    /// platform or the payload is incomplete.
    #[wasm_bindgen(js_name = payloadView)]
    pub fn payload_view(&self) -> Option<js_sys::Uint8Array> {
        memory_view(self.reader.as_ref()?.payload()?)
    }

    /// The payload bytes the last `push` added, for a platform that hashes as they arrive
    /// (`node:crypto`'s incremental hash): hash them at once, before any other call into the
    /// module. Over every push, exactly `payloadView()`'s bytes, each once, in order.
    /// `undefined` when the digest is not left to the platform or no payload has arrived.
    #[wasm_bindgen(js_name = lastPayloadView)]
    pub fn last_payload_view(&self) -> Option<js_sys::Uint8Array> {
        memory_view(self.reader.as_ref()?.last_payload_chunk()?)
    }

    /// `finish` with the platform's SHA-256 of `payloadView()` (32 bytes), compared with the
    /// signed header's digest: DIGEST_MISMATCH when they differ.
    #[wasm_bindgen(js_name = finishWithDigest)]
    pub fn finish_with_digest(&mut self, sha256: &[u8]) -> Result<SnapshotJs, JsValue> {
        let r = self.reader.take().ok_or_else(|| js_error(&used_up()))?;
        Self::ready(r.finish_with_digest(sha256))
    }

    /// Checks the digest and returns the ready snapshot.
    pub fn finish(&mut self) -> Result<SnapshotJs, JsValue> {
        let r = self.reader.take().ok_or_else(|| js_error(&used_up()))?;
        Self::ready(r.finish())
    }
}

impl SnapshotLoaderJs {
    fn ready(r: Result<CoreSnapshot, SnapshotError>) -> Result<SnapshotJs, JsValue> {
        r.map(SnapshotJs::from_core).map_err(|e| js_error(&e))
    }
}

/// A view of bytes in the module's memory, made without `unsafe`: the memory's buffer at their
/// address. The reader keeps them alive and unchanged until `finish*`.
fn memory_view(bytes: &[u8]) -> Option<js_sys::Uint8Array> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().ok()?;
    Some(js_sys::Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        bytes.as_ptr() as usize as u32,
        bytes.len() as u32,
    ))
}

fn progress(p: crate::snapshot::load::Progress) -> JsValue {
    let o = js_sys::Object::new();
    let _ = Reflect::set(&o, &"received".into(), &(p.received as f64).into());
    let total = p.total.map_or(JsValue::NULL, |t| (t as f64).into());
    let _ = Reflect::set(&o, &"total".into(), &total);
    o.into()
}

// A question of another kind (the wrapper asks what it read; never the user's input).
fn not_asked(zh: &'static str, en: &'static str) -> JsValue {
    js_error(&SnapshotError::InvalidState {
        detail: crate::error::Message::new(zh, en),
    })
}

fn used_up() -> SnapshotError {
    SnapshotError::InvalidState {
        detail: crate::error::Message::new("加载器已使用完毕", "the loader has already finished"),
    }
}

/// A verified, ready snapshot.
#[wasm_bindgen(js_name = Snapshot)]
pub struct SnapshotJs {
    // The snapshot with its name index and catalogue (`Checker` derefs to the snapshot).
    pub(crate) inner: Checker,
}

/// A record as shown to users: ID numbers masked.
fn shown_record(s: &CoreSnapshot, row: usize) -> serde_json::Value {
    s.record(row)
        .map(|r| r.to_shown_json())
        .unwrap_or(serde_json::Value::Null)
}

// `lookup`'s answers, typed: serialized once to JSON text and parsed once by the JS engine —
// one crossing, where a JS object built field by field from Rust costs one per field. Fields
// in alphabetical order, the order the former `serde_json::Value` gave them.
#[derive(serde::Serialize)]
struct Answer {
    hits: Vec<Hit>,
    outcome: &'static str,
    stale: bool,
    uncovered: Vec<&'static str>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Hit {
    matched_by: crate::snapshot::MatchedBy,
    record: serde_json::Value,
    row: u32,
}

#[derive(serde::Serialize)]
struct Invalid<'a> {
    errors: &'a [Problem],
    outcome: &'static str,
}

fn typed_json<T: serde::Serialize>(v: &T) -> Result<String, JsValue> {
    // Not quoting serde_json's error keeps `io::Error`'s texts out of the wasm; the answers'
    // types cannot fail to serialise (every map key is a string).
    serde_json::to_string(v).map_err(|_| not_representable("JSON"))
}

/// `lookup`'s answer for a code that cannot be read: its problems.
fn invalid_answer(errors: &[Problem]) -> Result<JsValue, JsValue> {
    from_json(&typed_json(&Invalid {
        errors,
        outcome: "invalidInput",
    })?)
}

fn from_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text)
}

fn parse_lists(
    lists: Option<Vec<String>>,
) -> Result<Option<Vec<crate::lists::record::ListType>>, JsValue> {
    let Some(ids) = lists else {
        return Ok(None);
    };
    let unknown = |i: usize, id: &str| {
        js_error(&ArgumentError {
            code: ArgumentErrorCode::UnknownListType,
            message: Message::new(
                format!("未知名单类型“{id}”"),
                format!("unknown list type '{id}'"),
            ),
            field: Some(format!("listTypes[{i}]")),
        })
    };
    ids.iter()
        .enumerate()
        .map(|(i, id)| id.parse().map_err(|_| unknown(i, id)))
        .collect::<Result<_, _>>()
        .map(Some)
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
        let json = match input.as_string() {
            None => return invalid_answer(&[Problem::new(ProblemCode::NotAString)]),
            Some(text) => match self.inner.lookup_input(&text, lists.as_deref()) {
                Err(e) => return invalid_answer(e.problems()),
                Ok(a) => {
                    let (outcome, hits): (_, &[_]) = match &a.lookup {
                        Lookup::Listed(h) => ("listed", h),
                        Lookup::NotListed => ("notListed", &[]),
                        Lookup::NotCovered(_) => ("notCovered", &[]),
                    };
                    typed_json(&Answer {
                        hits: hits
                            .iter()
                            .map(|h| Hit {
                                matched_by: h.matched_by,
                                record: shown_record(&self.inner, h.row as usize),
                                row: h.row,
                            })
                            .collect(),
                        outcome,
                        stale: a.stale,
                        uncovered: a.uncovered.iter().map(|l| l.id()).collect(),
                    })
                }
            },
        }?;
        from_json(&json)
    }

    /// `lookup`'s answer as numbers, for the JS wrapper to dress (one crossing, no JSON):
    /// `[outcome, stale, u, …u list-type indices, h, …h × (matchedBy index, row)]` — outcome 0
    /// not listed, 1 listed, 2 not covered (the batch bytes), indices into `ListType::ALL` and
    /// `MatchedBy::ALL` (`vocabulary().listTypes`, `.matchedBy`), as a `Uint32Array`. An
    /// unreadable code gives `lookup`'s own answer instead (`{outcome: "invalidInput",
    /// errors}`), read once.
    #[wasm_bindgen(js_name = lookupNumbers)]
    pub fn lookup_numbers(
        &self,
        input: &str,
        list_types: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        let lists = parse_lists(list_types)?;
        let a = match self.inner.lookup_input(input, lists.as_deref()) {
            Ok(a) => a,
            Err(e) => return invalid_answer(e.problems()),
        };
        let (outcome, hits): (u32, &[_]) = match &a.lookup {
            Lookup::Listed(h) => (1, h),
            Lookup::NotListed => (0, &[]),
            Lookup::NotCovered(_) => (2, &[]),
        };
        let mut out = Vec::with_capacity(4 + a.uncovered.len() + 2 * hits.len());
        out.extend([outcome, u32::from(a.stale), a.uncovered.len() as u32]);
        out.extend(a.uncovered.iter().map(|l| {
            crate::lists::record::ListType::ALL
                .iter()
                .position(|x| x == l)
                .unwrap_or(0) as u32
        }));
        out.push(hits.len() as u32);
        for h in hits {
            let by = MatchedBy::ALL.iter().position(|&m| m == h.matched_by);
            out.extend([by.unwrap_or(0) as u32, h.row]);
        }
        Ok(js_sys::Uint32Array::from(&out[..]).into())
    }

    /// The batch fast path: one byte per line of `text` — 0 not listed, 1 listed, 2 not
    /// covered, 3 not a readable code.
    #[wasm_bindgen(js_name = lookupLines)]
    pub fn lookup_lines(&self, text: &str) -> Vec<u8> {
        self.inner.lookup_lines(text)
    }

    /// `lookupLines` for the lines as UTF-8 bytes (what `lookupAll` has the platform encode,
    /// copied across as they are). Bytes that are not UTF-8 read as U+FFFD, as in a string.
    #[wasm_bindgen(js_name = lookupLineBytes)]
    pub fn lookup_line_bytes(&self, text: &[u8]) -> Vec<u8> {
        match std::str::from_utf8(text) {
            Ok(t) => self.inner.lookup_lines(t),
            Err(_) => self.inner.lookup_lines(&String::from_utf8_lossy(text)),
        }
    }

    /// One record (ID numbers masked), or null.
    pub fn record(&self, row: u32) -> Result<JsValue, JsValue> {
        from_json(&typed_json(&shown_record(&self.inner, row as usize))?)
    }

    /// The signed header's JSON text.
    #[wasm_bindgen(js_name = headerJson)]
    pub fn header_json(&self) -> String {
        self.inner.header_json().to_string()
    }
}

#[wasm_bindgen(js_class = Snapshot)]
impl SnapshotJs {
    /// `screen(parties, options?)`: each party `{name?, code?, legalRepName?, legalRepId?,
    /// personName?, personId?}` against the snapshot → one result per party `{party, band, hits,
    /// namesakes, inputProblems, stale, uncovered}`. The name index is built on the first call.
    /// `options`: `{listTypes?, thresholds?: {possible, core, candidates}}`. A party that is not
    /// an object, has an unknown field or a value that is not a string throws `INVALID_PARTY`.
    pub fn screen(&self, parties: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let parties = convert::parties(parties)?;
        to_js(
            &self
                .inner
                .screen_reports(&parties, &match_options(options)?),
        )
    }

    /// Builds the name index now (e.g. in a worker right after loading) instead of on the first
    /// `screen`; returns its size in bytes.
    #[wasm_bindgen(js_name = buildNameIndex)]
    pub fn build_name_index(&self) -> f64 {
        self.inner.build_name_index() as f64
    }

    /// `check(request, nowMs?)`: the verdict for a request `{scenario, cutoff?, checkedAt?,
    /// parties: [{role, name?, code?, legalRepName?, legalRepId?, personName?, personId?,
    /// creditClass?, label?}], facts?}` (an object, or its JSON text) → `{decision, record,
    /// sha256}`: the decision, the canonical check record (a string, byte-identical to the
    /// native CLI's for the same request and snapshot) and its SHA-256; the JS wrapper adds the
    /// verdict and request as run, read from the record when asked for. Throws an `Error` with
    /// `code`, `messageZh` and `field` when the request is wrong. `objectText`: the request is
    /// the JSON text of a plain object, read as that object would be.
    pub fn check(
        &self,
        request: JsValue,
        now_ms: Option<f64>,
        object_text: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        self.summary(&check_input(request, object_text.unwrap_or(false))?, now_ms)
    }

    /// `check` for a sharded snapshot's question, as read when it was asked
    /// (`ShardedSource.questionForRequest`): the request is not read again.
    #[wasm_bindgen(js_name = checkQuestion)]
    pub fn check_question(
        &self,
        question: &ShardQuestionJs,
        now_ms: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let Asked::Check(input) = &question.asked else {
            return Err(not_asked(
                "该问题不是核查请求",
                "the question is not a check",
            ));
        };
        self.summary(input, now_ms)
    }

    /// `screen` for a sharded snapshot's question, parties and options as read when it was
    /// asked (`ShardedSource.questionForParties`).
    #[wasm_bindgen(js_name = screenQuestion)]
    pub fn screen_question(&self, question: &ShardQuestionJs) -> Result<JsValue, JsValue> {
        let Asked::Screen(parties, options) = &question.asked else {
            return Err(not_asked("该问题不是筛查", "the question is not a screen"));
        };
        to_js(&self.inner.screen_reports(parties, options))
    }

    /// `verifyRecord(recordText, sha256?)`: re-runs a record → `{matches, code, sha256Given,
    /// sha256Rerun, firstDifference?, messageZh, message}`.
    #[wasm_bindgen(js_name = verifyRecord)]
    pub fn verify_record(&self, record: &str, sha256: Option<String>) -> Result<JsValue, JsValue> {
        let v = self
            .inner
            .verify_record(record, sha256.as_deref())
            .map_err(|e| js_error(&e))?;
        to_js(&v)
    }

    /// `catalogue()`: `{version, digest, source, scenarios: [{id, nameZh, nameEn, roles}],
    /// facts}` — what a form needs to offer scenarios and roles.
    pub fn catalogue(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.catalogue_info().map_err(|e| js_error(&e))?)
    }
}

impl SnapshotJs {
    /// Wraps a core snapshot (a whole file or a view) for JS.
    pub(crate) fn from_core(inner: CoreSnapshot) -> SnapshotJs {
        SnapshotJs {
            inner: Checker::new(inner),
        }
    }

    /// A check's summary for JS (`check`, `checkQuestion`).
    fn summary(
        &self,
        input: &crate::check::CheckInput,
        now_ms: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let r = self
            .inner
            .check(input, time_of(now_ms))
            .map_err(|e| js_error(&e))?;
        to_js(&r.summary())
    }
}

/// `checkUnavailable(reason, message?, messageZh?)`: the outcome of a check that could not be
/// done — `{decision: "unavailable", reason, verdict: null, record: null, sha256: null, message,
/// messageZh}`, never a pass — for `NO_SNAPSHOT` or a failure whose code means the lists could
/// not be had (`SHARD_MISSING`, `SHARD_DIGEST_MISMATCH`, `SHARD_NOT_IN_MANIFEST`, `ABORTED`,
/// `CLOSED`); null for any other code (an input error, which the caller rethrows).
#[wasm_bindgen(js_name = checkUnavailable)]
pub fn check_unavailable(
    reason: &str,
    message: Option<String>,
    message_zh: Option<String>,
) -> Result<JsValue, JsValue> {
    match Unavailable::for_code(reason, message_zh.as_deref(), message.as_deref()) {
        Some(u) => to_js(&u),
        None => Ok(JsValue::NULL),
    }
}

/// `lookupUnavailable(reason)`: what a lookup answers when it can use no snapshot —
/// `{outcome: "notCovered", reason, stale: false, uncovered: [], hits: []}`, never "notListed" —
/// for the codes `checkUnavailable` takes; null for any other.
#[wasm_bindgen(js_name = lookupUnavailable)]
pub fn lookup_unavailable(reason: &str) -> Result<JsValue, JsValue> {
    match Unavailable::for_code(reason, None, None) {
        Some(u) => to_js(&u.lookup()),
        None => Ok(JsValue::NULL),
    }
}

/// A JS value passed through as it is (the caller's own party object).
struct Given(JsValue);

impl serde::Serialize for Given {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&self.0, s)
    }
}

/// `screenUnavailable(parties, reason)`: what screening answers when it can use no snapshot —
/// one result per party, `{party, band: "none", notCovered: true, reason, hits: [], namesakes:
/// [], inputProblems: [], inputWarnings: [], stale: false, uncovered: []}`, with `party` the very
/// object given — for the codes `checkUnavailable` takes; null for any other. Parties that are
/// not an array throw `NOT_AN_ARRAY`, as `screen` does.
#[wasm_bindgen(js_name = screenUnavailable)]
pub fn screen_unavailable(parties: JsValue, reason: &str) -> Result<JsValue, JsValue> {
    let Some(list) = parties.dyn_ref::<js_sys::Array>() else {
        return Err(convert::not_an_array());
    };
    let Some(u) = Unavailable::for_code(reason, None, None) else {
        return Ok(JsValue::NULL);
    };
    let answers: Vec<_> = list.iter().map(|p| u.screen(Given(p))).collect();
    to_js(&answers)
}
