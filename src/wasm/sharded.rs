//! `ShardedSource`: a sharded snapshot in JS. The wrapper fetches what `missing*` names (from its
//! cache or the network), hands the bytes to `add`, and asks `view*` for a `Snapshot` that
//! answers as the whole list would. Every byte is verified here before use.

use super::convert::{check_input, js_error, load_options, match_options, parties, time_of, to_js};
use super::{KeyringJs, SnapshotJs};
use crate::check::{CheckInput, Checker};
use crate::matching::{MatchOptions, Party};
use crate::shards::{text_keys, FileRef, Key, ShardedSource};
use wasm_bindgen::prelude::*;

/// A question put to a sharded snapshot, read once: the keys naming the pages and shards it
/// needs and, for a check or a screening, the request as read, which the view then answers
/// (`Snapshot.checkQuestion`, `screenQuestion`) without reading it again.
#[wasm_bindgen(js_name = ShardQuestion)]
pub struct ShardQuestionJs {
    pub(crate) asked: Asked,
    keys: Vec<Key>,
}

pub(crate) enum Asked {
    Check(CheckInput),
    Screen(Vec<Party>, MatchOptions),
    Other,
}

/// A verified manifest and the pages and shards added so far.
#[wasm_bindgen(js_name = ShardedSource)]
pub struct ShardedSourceJs {
    inner: ShardedSource,
}

fn files(f: Vec<FileRef>) -> Result<JsValue, JsValue> {
    to_js(&f)
}

impl ShardedSourceJs {
    fn record_keys(&self, record: &str) -> Vec<Key> {
        crate::check::CheckInput::of_record(record)
            .map(|input| self.inner.request_keys(&input))
            .unwrap_or_default()
    }
}

#[wasm_bindgen(js_class = ShardedSource)]
impl ShardedSourceJs {
    /// Verifies a manifest with `keyring` as of `nowMs` (default now), refusing sequences below
    /// `lastSequence` and stale manifests unless `allowStale` — the rules of `SnapshotLoader`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        keyring: &KeyringJs,
        manifest: Vec<u8>,
        now_ms: Option<f64>,
        last_sequence: Option<f64>,
        allow_stale: Option<bool>,
    ) -> Result<ShardedSourceJs, JsValue> {
        let options = load_options(now_ms, last_sequence, allow_stale);
        ShardedSource::open(manifest, &keyring.inner, options)
            .map(|inner| ShardedSourceJs { inner })
            .map_err(|e| js_error(&e))
    }

    /// The manifest's status with the list's counts (`sharded: {records, byListType, shards,
    /// shardBytes, buckets, commonKeys, heldShards, heldPages, heldBytes}`).
    pub fn status(&self, now_ms: Option<f64>) -> Result<JsValue, JsValue> {
        to_js(&self.inner.status_at(time_of(now_ms)))
    }

    /// The manifest's signed header (JSON text).
    #[wasm_bindgen(js_name = headerJson)]
    pub fn header_json(&self) -> String {
        self.inner.manifest().header_json().to_string()
    }

    /// A check request (an object, or its JSON text; `objectText` as in `Snapshot.check`) as of
    /// `nowMs`, read once and checked against the manifest's catalogue: its errors are thrown
    /// here, before anything is fetched.
    #[wasm_bindgen(js_name = questionForRequest)]
    pub fn question_for_request(
        &mut self,
        request: JsValue,
        now_ms: Option<f64>,
        object_text: Option<bool>,
    ) -> Result<ShardQuestionJs, JsValue> {
        let input = check_input(request, object_text.unwrap_or(false))?;
        let empty = Checker::view(&mut self.inner, &[]).map_err(|e| js_error(&e))?;
        empty
            .validate(&input, time_of(now_ms))
            .map_err(|e| js_error(&e))?;
        let keys = self.inner.request_keys(&input);
        Ok(ShardQuestionJs {
            asked: Asked::Check(input),
            keys,
        })
    }

    /// Re-running a stored check record (no keys when its input cannot be read: the re-run
    /// then reports it).
    #[wasm_bindgen(js_name = questionForRecord)]
    pub fn question_for_record(&self, record: &str) -> ShardQuestionJs {
        ShardQuestionJs {
            asked: Asked::Other,
            keys: self.record_keys(record),
        }
    }

    /// Parties to screen with their options, read once (`INVALID_PARTY`, `NOT_AN_ARRAY`,
    /// `INVALID_OPTION` thrown here, before anything is fetched).
    #[wasm_bindgen(js_name = questionForParties)]
    pub fn question_for_parties(
        &self,
        list: JsValue,
        options: JsValue,
    ) -> Result<ShardQuestionJs, JsValue> {
        let p = parties(list)?;
        let options = match_options(options)?;
        let keys = self.inner.parties_keys(&p);
        Ok(ShardQuestionJs {
            asked: Asked::Screen(p, options),
            keys,
        })
    }

    /// Codes to look up (one per string).
    #[wasm_bindgen(js_name = questionForCodes)]
    pub fn question_for_codes(&self, codes: Vec<String>) -> ShardQuestionJs {
        let texts: Vec<&str> = codes.iter().map(String::as_str).collect();
        ShardQuestionJs {
            asked: Asked::Other,
            keys: text_keys(&texts),
        }
    }

    /// Files the question needs that are not held: `[{path, digest, kind}]` (pages first; ask
    /// again after adding them).
    pub fn missing(&self, question: &ShardQuestionJs) -> Result<JsValue, JsValue> {
        files(self.inner.missing(&question.keys))
    }

    /// Every file not held (an offline mirror): pages, then the shards the held pages name.
    #[wasm_bindgen(js_name = missingAll)]
    pub fn missing_all(&self) -> Result<JsValue, JsValue> {
        files(self.inner.missing_all())
    }

    /// Adds a file fetched for `digest`: `"page"` or `"shard"`, or throws
    /// `SHARD_DIGEST_MISMATCH` / `SHARD_NOT_IN_MANIFEST`.
    pub fn add(&mut self, digest: &str, bytes: Vec<u8>) -> Result<String, JsValue> {
        match self.inner.add(digest, bytes) {
            Ok(crate::shards::FileKind::Page) => Ok("page".into()),
            Ok(crate::shards::FileKind::Shard) => Ok("shard".into()),
            Err(e) => Err(js_error(&e)),
        }
    }

    /// A `Snapshot` answering the question as the whole list would (throws `SHARD_MISSING`
    /// until every file it needs is added).
    pub fn view(&mut self, question: &ShardQuestionJs) -> Result<SnapshotJs, JsValue> {
        Checker::view(&mut self.inner, &question.keys)
            .map(|inner| SnapshotJs { inner })
            .map_err(|e| js_error(&e))
    }

    /// Bytes of the shards held.
    #[wasm_bindgen(js_name = heldBytes)]
    pub fn held_bytes(&self) -> f64 {
        self.inner.held_bytes() as f64
    }

    /// Drops the least recently used shards until at most `budget` bytes are held; returns how
    /// many were dropped.
    #[wasm_bindgen(js_name = evictTo)]
    pub fn evict_to(&mut self, budget: f64) -> u32 {
        self.inner.evict_to(budget.max(0.0) as usize) as u32
    }
}
