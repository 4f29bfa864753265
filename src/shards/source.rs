//! A sharded snapshot as a client holds it: the verified manifest, the pages and shards fetched
//! so far (each checked against the digest a verified file names before it is kept), and views —
//! snapshots built from the shards a question needs, which answer it as the whole list would.
//!
//! The caller does the fetching (the browser's `fetch` and Cache API, files in Node, a directory
//! natively): [`ShardedSource::missing`] says which files a question needs that are not held,
//! [`ShardedSource::add`] takes them, and [`ShardedSource::view`] refuses with
//! [`SnapshotError::ShardMissing`] until all are there — never an empty answer.

use super::directory::{Digest32, Directory, DirectoryInfo};
use super::route::{Key, Space};
use crate::lists::record::ListRecord;
use crate::snapshot::build::{build_unsigned, Meta};
use crate::snapshot::keyring::Keyring;
use crate::snapshot::signature::hex_encode;
use crate::snapshot::{LoadOptions, Snapshot, SnapshotError};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use crate::hash::{FxHashMap, FxHashSet};

/// What kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    /// A page of shard digests.
    Page,
    /// A shard of records.
    Shard,
}

/// A file of a sharded snapshot, by its path under the manifest's directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileRef {
    /// `pages/<sha256>.bin` or `shards/<sha256>.ccs`.
    pub path: String,
    /// Its SHA-256, hex.
    pub digest: String,
    /// Page or shard.
    pub kind: FileKind,
}

impl FileRef {
    fn page(d: &Digest32) -> FileRef {
        let digest = hex_encode(d);
        FileRef {
            path: format!("pages/{digest}.bin"),
            digest,
            kind: FileKind::Page,
        }
    }

    fn shard(d: &Digest32) -> FileRef {
        let digest = hex_encode(d);
        FileRef {
            path: format!("shards/{digest}.ccs"),
            digest,
            kind: FileKind::Shard,
        }
    }
}

fn build_view(records: Vec<ListRecord>, meta: &Meta) -> Result<Vec<u8>, SnapshotError> {
    build_unsigned(records, meta).map_err(|e| {
        SnapshotError::malformed(
            format!("分片中的记录无法组成视图：{e}"),
            format!("the shards' records do not build a view: {e}"),
            0,
        )
    })
}

/// A sharded snapshot's status: the manifest's, with the whole list's counts and what is held.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShardedStatus {
    /// The manifest's status (its `counts` are the manifest's own: no records).
    #[serde(flatten)]
    pub manifest: crate::snapshot::load::Status,
    /// The list behind it.
    pub sharded: SourceInfo,
}

/// What a sharded snapshot holds and what this client holds of it.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// Records in the whole list.
    pub records: u64,
    /// By list type id.
    pub by_list_type: BTreeMap<String, u64>,
    /// Shard files.
    pub shards: u64,
    /// Their bytes.
    pub shard_bytes: u64,
    /// Buckets per space.
    pub buckets: BTreeMap<&'static str, u32>,
    /// Common name keys (shards of their own).
    pub common_keys: usize,
    /// Shards held here.
    pub held_shards: usize,
    /// Pages held here.
    pub held_pages: usize,
    /// Bytes of shards held here.
    pub held_bytes: usize,
}

struct Held {
    shard: Snapshot,
    used: u64,
}

/// A verified manifest and the files held so far.
pub struct ShardedSource {
    manifest: Snapshot,
    dir: Directory,
    // Page digest → (space, page number), for every page the manifest names.
    page_of: FxHashMap<Digest32, (Space, usize)>,
    pages: FxHashMap<Digest32, Vec<Digest32>>,
    // Every shard digest a held page names.
    known: FxHashSet<Digest32>,
    shards: FxHashMap<Digest32, Held>,
    tick: u64,
    // Common name keys: records under each in the whole list, and their own shard.
    common: BTreeMap<u64, (u64, Digest32)>,
}

fn sha256(bytes: &[u8]) -> Digest32 {
    Sha256::digest(bytes).into()
}

fn parse_hex(hex: &str) -> Option<Digest32> {
    crate::snapshot::signature::hex_decode(hex)?.try_into().ok()
}

impl ShardedSource {
    /// Verifies a manifest (signature, key, rollback, expiry as for a snapshot) and opens it.
    pub fn open(
        bytes: Vec<u8>,
        keyring: &Keyring,
        options: LoadOptions,
    ) -> Result<ShardedSource, SnapshotError> {
        ShardedSource::from_manifest(Snapshot::load_manifest(bytes, keyring, options)?)
    }

    /// Opens a manifest already verified ([`Snapshot::load_manifest`], or the streaming reader
    /// made with `SnapshotReader::for_manifest`).
    pub fn from_manifest(manifest: Snapshot) -> Result<ShardedSource, SnapshotError> {
        let (bytes, at) = manifest
            .directory_bytes()
            .ok_or(SnapshotError::NotAManifest)?;
        let dir = Directory::decode(bytes, at)?;
        let mut common = BTreeMap::new();
        for c in &dir.info.common {
            if let (Ok(k), Some(d)) = (u64::from_str_radix(&c.key, 16), parse_hex(&c.shard)) {
                common.insert(k, (c.records, d));
            }
        }
        let mut page_of = FxHashMap::default();
        for space in Space::ALL {
            for (i, d) in dir.pages[space as usize].iter().enumerate() {
                page_of.entry(*d).or_insert((space, i));
            }
        }
        Ok(ShardedSource {
            manifest,
            dir,
            page_of,
            pages: FxHashMap::default(),
            known: common.values().map(|c| c.1).collect(),
            common,
            shards: FxHashMap::default(),
            tick: 0,
        })
    }

    /// The verified manifest (no records of its own).
    pub fn manifest(&self) -> &Snapshot {
        &self.manifest
    }

    /// What the directory says: record counts, spaces and their buckets, shard count and bytes.
    pub fn info(&self) -> &DirectoryInfo {
        &self.dir.info
    }

    /// The digest of the shard holding `key`'s bucket, when its page is held.
    fn shard_of(&self, key: &Key) -> Result<Digest32, FileRef> {
        if let Some((_, d)) = key.name_key().and_then(|k| self.common.get(&k)) {
            return Ok(*d);
        }
        let bucket = key.bucket(self.dir.buckets(key.space));
        let (page, entry) = self.dir.locate(bucket);
        let pd = self.dir.pages[key.space as usize][page];
        match self.pages.get(&pd).and_then(|p| p.get(entry)) {
            Some(d) => Ok(*d),
            None => Err(FileRef::page(&pd)),
        }
    }

    /// The manifest's status as of `now`, with the list's counts and what is held.
    pub fn status_at(&self, now: chrono::DateTime<chrono::Utc>) -> ShardedStatus {
        let i = &self.dir.info;
        ShardedStatus {
            manifest: self.manifest.status_at(now),
            sharded: SourceInfo {
                records: i.records,
                by_list_type: i.by_list_type.clone(),
                shards: i.shards,
                shard_bytes: i.shard_bytes,
                buckets: Space::ALL
                    .iter()
                    .map(|s| (s.id(), self.dir.buckets(*s)))
                    .collect(),
                common_keys: self.common.len(),
                held_shards: self.shards.len(),
                held_pages: self.pages.len(),
                held_bytes: self.held_bytes(),
            },
        }
    }

    /// The keys a party's questions need: [`super::party_keys`], less the common keys of its
    /// organisation name that the matcher drops (those with rarer keys beside them), so that a
    /// name with a very common character pair does not fetch every record that has it.
    pub fn party_keys(&self, p: &crate::matching::Party) -> Vec<Key> {
        let mut keys = super::party_keys(p);
        if let Some(name) = p.name.as_deref() {
            let org = crate::matching::organisation_keys(name);
            let len = |k: &u64| self.common.get(k).map(|c| c.0);
            let least = org.iter().map(|k| len(k).unwrap_or(0)).min().unwrap_or(0);
            // The matcher keeps a key when it has at most COMMON records or is the rarest.
            let dropped: Vec<u64> = org
                .iter()
                .copied()
                .filter(|k| len(k).is_some_and(|n| n > least))
                .collect();
            keys.retain(|k| !k.name_key().is_some_and(|n| dropped.contains(&n)));
        }
        keys
    }

    /// [`party_keys`](Self::party_keys) of several parties, without repeats.
    pub fn parties_keys<'a>(
        &self,
        parties: impl IntoIterator<Item = &'a crate::matching::Party>,
    ) -> Vec<Key> {
        let mut keys: Vec<Key> = parties
            .into_iter()
            .flat_map(|p| self.party_keys(p))
            .collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        keys
    }

    /// [`party_keys`](Self::party_keys) of every party of a check request.
    pub fn request_keys(&self, input: &crate::check::CheckInput) -> Vec<Key> {
        let parties: Vec<crate::matching::Party> =
            input.parties.iter().map(|p| p.party()).collect();
        self.parties_keys(&parties)
    }

    /// The files `keys` need that are not held: pages first (a shard's digest is known only from
    /// its page), then shards. Empty when a [`view`](Self::view) can be built.
    pub fn missing(&self, keys: &[Key]) -> Vec<FileRef> {
        let mut pages = BTreeMap::new();
        let mut shards = BTreeMap::new();
        for k in keys {
            match self.shard_of(k) {
                Ok(d) if !self.shards.contains_key(&d) => {
                    shards.insert(d, FileRef::shard(&d));
                }
                Ok(_) => {}
                Err(page) => {
                    pages.insert(page.digest.clone(), page);
                }
            }
        }
        pages.into_values().chain(shards.into_values()).collect()
    }

    /// Every file of the manifest that is not held (for an offline mirror): pages not held,
    /// then the shards the held pages name. Call again after adding pages.
    pub fn missing_all(&self) -> Vec<FileRef> {
        let mut pages: Vec<FileRef> = self
            .page_of
            .keys()
            .filter(|d| !self.pages.contains_key(*d))
            .map(FileRef::page)
            .collect();
        crate::sort::sort_by(&mut pages, |a, b| a.digest.cmp(&b.digest));
        let mut shards: Vec<&Digest32> = self
            .known
            .iter()
            .filter(|d| !self.shards.contains_key(*d))
            .collect();
        crate::sort::sort(&mut shards);
        shards.dedup();
        pages.extend(shards.into_iter().map(FileRef::shard));
        pages
    }

    /// Adds a file fetched for `digest` (hex, from a [`FileRef`]): refused unless the manifest
    /// (or a held page) names that digest and the bytes hash to it.
    pub fn add(&mut self, digest: &str, bytes: Vec<u8>) -> Result<FileKind, SnapshotError> {
        let not_named = || SnapshotError::ShardNotInManifest {
            digest: digest.chars().take(64).collect(),
        };
        let want = parse_hex(digest).ok_or_else(not_named)?;
        let page = self.page_of.get(&want).copied();
        if page.is_none() && !self.known.contains(&want) {
            return Err(not_named());
        }
        let found = sha256(&bytes);
        if found != want {
            return Err(SnapshotError::ShardDigestMismatch {
                expected: hex_encode(&want),
                found: hex_encode(&found),
            });
        }
        if let Some((space, i)) = page {
            let digests = Directory::decode_page(&bytes, self.dir.page_len(space, i))?;
            self.known.extend(digests.iter().copied());
            self.pages.insert(want, digests);
            return Ok(FileKind::Page);
        }
        let shard = Snapshot::load_shard(bytes)?;
        self.tick += 1;
        self.shards.insert(
            want,
            Held {
                shard,
                used: self.tick,
            },
        );
        Ok(FileKind::Shard)
    }

    /// A snapshot built from the shards of `keys`, standing for the manifest: it answers every
    /// question about those keys as the whole list would, and its check records name the
    /// manifest and these shards. [`SnapshotError::ShardMissing`] when files are missing.
    pub fn view(&mut self, keys: &[Key]) -> Result<Snapshot, SnapshotError> {
        let (records, used) = self.records_for(keys)?;
        let all: Vec<ListRecord> = records
            .into_values()
            .flat_map(|(r, n)| std::iter::repeat(r).take(n))
            .collect();
        let built = build_view(all, &self.view_meta())?;
        Snapshot::view_of(
            built,
            &self.manifest,
            used.iter().map(|d| hex_encode(d)).collect(),
            self.common_lengths(),
        )
    }

    fn common_lengths(&self) -> Vec<(u64, u64)> {
        self.common.iter().map(|(k, c)| (*k, c.0)).collect()
    }

    /// The records of the shards of `keys` (by their JSON, with their number of copies), and
    /// those shards' digests.
    #[allow(clippy::type_complexity)]
    fn records_for(
        &mut self,
        keys: &[Key],
    ) -> Result<(BTreeMap<String, (ListRecord, usize)>, Vec<Digest32>), SnapshotError> {
        let missing = self.missing(keys).len();
        if missing > 0 {
            return Err(SnapshotError::ShardMissing { count: missing });
        }
        let mut used: Vec<Digest32> = keys.iter().filter_map(|k| self.shard_of(k).ok()).collect();
        crate::sort::sort(&mut used);
        used.dedup();
        self.tick += 1;
        // A record may lie in several shards (one per key); an input that repeats a record
        // repeats it in every shard it lies in, so the most copies in one shard is the count.
        let mut records: BTreeMap<String, (ListRecord, usize)> = BTreeMap::new();
        for d in &used {
            let Some(h) = self.shards.get_mut(d) else {
                return Err(SnapshotError::ShardMissing { count: 1 });
            };
            h.used = self.tick;
            let mut here: FxHashMap<String, (ListRecord, usize)> = FxHashMap::default();
            let covered = &self.manifest.header().list_types;
            for r in h.shard.records() {
                let r = r?;
                // The manifest's key vouches (and its scope is checked) for the lists the
                // manifest names; a shard cannot smuggle in another.
                if !covered.contains(&r.list_type) {
                    return Err(SnapshotError::malformed(
                        format!("分片含清单未列出的名单{}", r.list_type.id()),
                        format!(
                            "a shard holds a record on {}, a list the manifest does not name",
                            r.list_type.id()
                        ),
                        0,
                    ));
                }
                let key = serde_json::to_string(&r).unwrap_or_default();
                here.entry(key).or_insert((r, 0)).1 += 1;
            }
            for (key, (r, n)) in here {
                let e = records.entry(key).or_insert((r, 0));
                e.1 = e.1.max(n);
            }
        }
        Ok((records, used))
    }

    fn view_meta(&self) -> Meta {
        let h = self.manifest.header();
        Meta {
            publisher: h.publisher.clone(),
            sequence: h.sequence,
            issued_at: h.issued_at,
            expires_at: h.expires_at,
            region: h.region.clone(),
            list_types: h.list_types.clone(),
            catalogue: self.manifest.catalogue_bundle().map(str::to_string),
        }
    }

    /// Bytes of the shards held.
    pub fn held_bytes(&self) -> usize {
        self.shards.values().map(|h| h.shard.size()).sum()
    }

    /// Shards and pages held.
    pub fn held_files(&self) -> (usize, usize) {
        (self.shards.len(), self.pages.len())
    }

    /// Drops the least recently used shards until at most `budget` bytes are held (pages are
    /// small and stay).
    pub fn evict_to(&mut self, budget: usize) -> usize {
        let mut by_age: Vec<(u64, Digest32, usize)> = self
            .shards
            .iter()
            .map(|(d, h)| (h.used, *d, h.shard.size()))
            .collect();
        crate::sort::sort(&mut by_age);
        let mut held = self.held_bytes();
        let mut dropped = 0;
        for (_, d, size) in by_age {
            if held <= budget {
                break;
            }
            self.shards.remove(&d);
            held -= size;
            dropped += 1;
        }
        dropped
    }
}

/// Several publishers' sharded snapshots asked together — a court's, the tax authority's, a
/// procurement office's — each verified under its own key and scope. A view holds the records of
/// all of them and says, for every record, whose it is (publisher, key, sequence, manifest);
/// its check records list every source.
pub struct CombinedSource {
    parts: Vec<ShardedSource>,
}

impl CombinedSource {
    /// Combines opened sources (at least one). Their catalogues must agree: a check has one.
    pub fn new(parts: Vec<ShardedSource>) -> Result<CombinedSource, SnapshotError> {
        let first = parts.first().ok_or(SnapshotError::NotAManifest)?;
        let cat = first.manifest.catalogue_bundle();
        if parts.iter().any(|p| p.manifest.catalogue_bundle() != cat) {
            return Err(SnapshotError::malformed(
                "各发布方清单所附的措施清单不一致，不能合并核查",
                "the manifests carry different measure catalogues: they cannot be checked together",
                0,
            ));
        }
        Ok(CombinedSource { parts })
    }

    /// The sources.
    pub fn parts(&self) -> &[ShardedSource] {
        &self.parts
    }

    /// The files a check request needs from every source that are not held.
    pub fn missing(&self, input: &crate::check::CheckInput) -> Vec<FileRef> {
        self.parts
            .iter()
            .flat_map(|p| p.missing(&p.request_keys(input)))
            .collect()
    }

    /// Adds a file to the source whose manifest names it.
    pub fn add(&mut self, digest: &str, bytes: Vec<u8>) -> Result<FileKind, SnapshotError> {
        let want = parse_hex(digest);
        let owner = self
            .parts
            .iter()
            .position(|p| want.is_some_and(|d| p.page_of.contains_key(&d) || p.known.contains(&d)));
        match owner {
            Some(i) => self.parts[i].add(digest, bytes),
            None => Err(SnapshotError::ShardNotInManifest {
                digest: digest.chars().take(64).collect(),
            }),
        }
    }

    /// A view for a check request over every source, each record with its source.
    pub fn view(&mut self, input: &crate::check::CheckInput) -> Result<Snapshot, SnapshotError> {
        let mut all = Vec::new();
        let mut owner: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        let mut shards = Vec::new();
        for (i, p) in self.parts.iter_mut().enumerate() {
            let keys = p.request_keys(input);
            let (records, used) = p.records_for(&keys)?;
            shards.extend(used.iter().map(|d| hex_encode(d)));
            for (key, (r, n)) in records {
                owner
                    .entry(key)
                    .or_default()
                    .extend(std::iter::repeat(i as u16).take(n));
                all.extend(std::iter::repeat(r).take(n));
            }
        }
        crate::sort::sort(&mut shards);
        shards.dedup();
        let first = &self.parts[0];
        let mut meta = first.view_meta();
        meta.list_types = self
            .parts
            .iter()
            .flat_map(|p| p.manifest.header().list_types.iter().copied())
            .collect();
        crate::sort::sort(&mut meta.list_types);
        meta.list_types.dedup();
        let built = build_view(all, &meta)?;
        let manifests: Vec<&Snapshot> = self.parts.iter().map(|p| &p.manifest).collect();
        let mut common: Vec<(u64, u64)> = Vec::new();
        for p in &self.parts {
            for (k, c) in p.common_lengths() {
                match common.iter_mut().find(|x| x.0 == k) {
                    Some(x) => x.1 += c,
                    None => common.push((k, c)),
                }
            }
        }
        crate::sort::sort(&mut common);
        Snapshot::combined_view(built, &manifests, shards, common, owner)
    }
}
