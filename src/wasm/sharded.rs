//! `ShardedSource`: a sharded snapshot in JS. The wrapper fetches what `missing*` names (from its
//! cache or the network), hands the bytes to `add`, and asks `view*` for a `Snapshot` that
//! answers as the whole list would. Every byte is verified here before use.

use super::convert::{check_input, js_error, load_options, parties, time_of, to_js};
use super::{KeyringJs, SnapshotJs};
use crate::check::Checker;
use crate::shards::{text_keys, FileRef, Key, ShardedSource};
use wasm_bindgen::prelude::*;

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

    fn view(&mut self, keys: &[Key]) -> Result<SnapshotJs, JsValue> {
        Checker::view(&mut self.inner, keys)
            .map(|inner| SnapshotJs { inner })
            .map_err(|e| js_error(&e))
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

    /// Files a check request (an object, or its JSON text) needs that are not held: `[{path, digest, kind}]` (pages first;
    /// call again after adding them).
    #[wasm_bindgen(js_name = missingForRequest)]
    pub fn missing_for_request(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let input = check_input(request)?;
        files(self.inner.missing(&self.inner.request_keys(&input)))
    }

    /// Files re-running a stored check record needs that are not held (none when its input
    /// cannot be read: the re-run then reports it).
    #[wasm_bindgen(js_name = missingForRecord)]
    pub fn missing_for_record(&self, record: &str) -> Result<JsValue, JsValue> {
        files(self.inner.missing(&self.record_keys(record)))
    }

    /// Files screening these parties needs that are not held.
    #[wasm_bindgen(js_name = missingForParties)]
    pub fn missing_for_parties(&self, list: JsValue) -> Result<JsValue, JsValue> {
        let p = parties(list)?;
        files(self.inner.missing(&self.inner.parties_keys(&p)))
    }

    /// Files looking these codes up needs that are not held.
    #[wasm_bindgen(js_name = missingForCodes)]
    pub fn missing_for_codes(&self, codes: Vec<String>) -> Result<JsValue, JsValue> {
        let texts: Vec<&str> = codes.iter().map(String::as_str).collect();
        files(self.inner.missing(&text_keys(&texts)))
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

    /// A `Snapshot` answering this check request as the whole list would (throws
    /// `SHARD_MISSING` until every file it needs is added).
    #[wasm_bindgen(js_name = viewForRequest)]
    pub fn view_for_request(&mut self, request: JsValue) -> Result<SnapshotJs, JsValue> {
        let input = check_input(request)?;
        let keys = self.inner.request_keys(&input);
        self.view(&keys)
    }

    /// A `Snapshot` for re-running a stored check record (`verifyRecord`).
    #[wasm_bindgen(js_name = viewForRecord)]
    pub fn view_for_record(&mut self, record: &str) -> Result<SnapshotJs, JsValue> {
        let keys = self.record_keys(record);
        self.view(&keys)
    }

    /// A `Snapshot` for screening these parties.
    #[wasm_bindgen(js_name = viewForParties)]
    pub fn view_for_parties(&mut self, list: JsValue) -> Result<SnapshotJs, JsValue> {
        let p = parties(list)?;
        let keys = self.inner.parties_keys(&p);
        self.view(&keys)
    }

    /// A `Snapshot` for looking these codes up.
    #[wasm_bindgen(js_name = viewForCodes)]
    pub fn view_for_codes(&mut self, codes: Vec<String>) -> Result<SnapshotJs, JsValue> {
        let texts: Vec<&str> = codes.iter().map(String::as_str).collect();
        self.view(&text_keys(&texts))
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
