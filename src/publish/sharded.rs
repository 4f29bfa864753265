//! The publisher's side of sharded snapshots (native only): records in, a directory of static
//! files out — `manifest.ccs` (signed), `pages/<sha256>.bin`, `shards/<sha256>.ccs`.
//!
//! Two passes, so that ten million records need memory for their placements, not the records:
//! [`Publisher::add`] writes each record once to a spill file and notes the buckets of its keys
//! (at the finest bucket count, which any smaller power of two divides); [`Publisher::finish`]
//! picks each space's bucket count from its size, then builds every bucket's shard from the
//! spill on all cores, writes pages, and signs and writes the manifest last — so a client never
//! sees a manifest naming a file not yet written. The output depends only on the records and
//! the meta: the same input gives the same files.

use crate::lists::record::{ListRecord, ListType};
use crate::matching::COMMON;
use crate::shards::directory::{
    CommonKey, Digest32, Directory, DirectoryInfo, SpaceSize, DIRECTORY_VERSION,
};
use crate::shards::route::{record_keys, Space};
use crate::snapshot::build::{build_manifest_unsigned, build_unsigned, sign, Meta};
use crate::snapshot::signature::{hex_encode, SigningKey};
use chrono::DateTime;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Records per shard the bucket counts aim at (before the anonymity caps).
pub const TARGET_PER_SHARD: u64 = 128;
/// Shard digests per page.
pub const PAGE_SIZE: u32 = 128;

/// What a publish run wrote.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Records in.
    pub records: u64,
    /// Buckets per space (org, person, name).
    pub buckets: [u32; 3],
    /// Placements (record × bucket) per space.
    pub placements: [u64; 3],
    /// Distinct shard files.
    pub shards: u64,
    /// Their bytes.
    pub shard_bytes: u64,
    /// Page files.
    pub pages: u64,
    /// The manifest's bytes.
    pub manifest_bytes: u64,
    /// The manifest's payload digest (hex): what check records name.
    pub manifest_digest: String,
    /// The largest shard (records).
    pub largest_shard: u64,
}

crate::error::error_codes! {
    /// Why publishing a sharded snapshot failed (the publish layer's code enum).
    pub enum PublishErrorCode {
        /// A file could not be read or written.
        Io => "PUBLISH_IO",
        /// More records than a snapshot may hold.
        TooManyRecords => "PUBLISH_TOO_MANY_RECORDS",
        /// A record, shard or manifest could not be built or signed.
        Build => "PUBLISH_BUILD",
        /// A shard builder thread failed.
        Internal => "PUBLISH_INTERNAL",
    }
}

/// Why publishing failed: a code, and what failed in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishError {
    /// What kind of failure.
    pub code: PublishErrorCode,
    /// What failed.
    pub message: crate::error::Message,
}

impl PublishError {
    fn new(code: PublishErrorCode, zh: impl Into<String>, en: impl Into<String>) -> PublishError {
        PublishError {
            code,
            message: crate::error::Message::new(zh.into(), en.into()),
        }
    }

    /// A record, shard or manifest that could not be built or signed.
    fn build(detail: impl std::fmt::Display) -> PublishError {
        PublishError::new(
            PublishErrorCode::Build,
            format!("分片快照无法生成：{detail}"),
            detail.to_string(),
        )
    }
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for PublishError {}

impl crate::error::CodedError for PublishError {
    type Code = PublishErrorCode;
    fn kind(&self) -> PublishErrorCode {
        self.code
    }
    fn text(&self) -> crate::error::Message {
        self.message.clone()
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> PublishError + '_ {
    move |e| {
        PublishError::new(
            PublishErrorCode::Io,
            format!("文件读写失败：{}：{e}", path.display()),
            format!("{}: {e}", path.display()),
        )
    }
}

/// A publish in progress.
pub struct Publisher {
    out: PathBuf,
    spill_path: PathBuf,
    spill: BufWriter<File>,
    spill_len: u64,
    // Each record's (offset, length) in the spill.
    at: Vec<(u64, u32)>,
    // (space, finest bucket, record) for every identifier key of every record.
    placements: Vec<(u8, u32, u32)>,
    // (key, finest bucket, record) for every name key of every record.
    names: Vec<(u64, u32, u32)>,
    by_list: BTreeMap<ListType, u64>,
}

impl Publisher {
    /// Starts a publish into `out` (created; existing shard files with the same digest are
    /// reused, since a name is its content).
    pub fn new(out: &Path) -> Result<Publisher, PublishError> {
        for d in [out.to_path_buf(), out.join("shards"), out.join("pages")] {
            fs::create_dir_all(&d).map_err(io(&d))?;
        }
        let spill_path = out.join(".records.spill");
        let f = File::create(&spill_path).map_err(io(&spill_path))?;
        Ok(Publisher {
            out: out.to_path_buf(),
            spill: BufWriter::with_capacity(1 << 20, f),
            spill_path,
            spill_len: 0,
            at: Vec::new(),
            placements: Vec::new(),
            names: Vec::new(),
            by_list: BTreeMap::new(),
        })
    }

    /// Adds a record (already checked, as `build` checks its input).
    pub fn add(&mut self, r: &ListRecord) -> Result<(), PublishError> {
        let n = u32::try_from(self.at.len()).map_err(|_| {
            PublishError::new(
                PublishErrorCode::TooManyRecords,
                "记录超过4,294,967,295条",
                "more than 4,294,967,295 records",
            )
        })?;
        let line = serde_json::to_vec(r).map_err(PublishError::build)?;
        self.spill.write_all(&line).map_err(io(&self.spill_path))?;
        self.at.push((self.spill_len, line.len() as u32));
        self.spill_len += line.len() as u64;
        *self.by_list.entry(r.list_type).or_default() += 1;
        for k in record_keys(r) {
            let fine = k.bucket(k.space.max_buckets());
            match k.name_key() {
                Some(name) => self.names.push((name, fine, n)),
                None => self.placements.push((k.space as u8, fine, n)),
            }
        }
        Ok(())
    }

    /// Writes shards, pages and the signed manifest. `meta.list_types` adds lists covered with
    /// no entries; the lists the records are on are always covered.
    pub fn finish(
        mut self,
        meta: &Meta,
        key_id: &str,
        key: &SigningKey,
    ) -> Result<Report, PublishError> {
        self.spill.flush().map_err(io(&self.spill_path))?;
        let records = self.at.len() as u64;
        let common = self.split_common_keys();
        let (count, buckets, placements) = self.bucketed_placements();
        let spill = File::open(&self.spill_path).map_err(io(&self.spill_path))?;
        let shard_meta = Meta {
            publisher: meta.publisher.clone(),
            sequence: 0,
            issued_at: DateTime::UNIX_EPOCH,
            expires_at: DateTime::UNIX_EPOCH,
            region: meta.region.clone(),
            list_types: Vec::new(),
            catalogue: None,
        };
        let mut digests: [Vec<Digest32>; 3] = Default::default();
        let mut largest = 0u64;
        let mut written: BTreeMap<Digest32, u64> = BTreeMap::new();
        for space in Space::ALL {
            let groups = groups_of(&placements, space, buckets[space as usize] as usize);
            largest = largest.max(groups.iter().map(Vec::len).max().unwrap_or(0) as u64);
            let results = self.build_shards(&groups, &spill, &shard_meta)?;
            for (d, size) in &results {
                written.insert(*d, *size);
            }
            digests[space as usize] = results.into_iter().map(|(d, _)| d).collect();
        }
        let common_shards = self.build_shards(
            &common.iter().map(|c| c.1.clone()).collect::<Vec<_>>(),
            &spill,
            &shard_meta,
        )?;
        let mut common_keys = Vec::new();
        for ((key, recs), (d, size)) in common.iter().zip(common_shards) {
            written.insert(d, size);
            common_keys.push(CommonKey {
                key: format!("{key:016x}"),
                records: recs.len() as u64,
                shard: hex_encode(&d),
            });
        }
        let (pages, page_files) = self.write_pages(&digests)?;
        let mut list_types: BTreeSet<ListType> = meta.list_types.iter().copied().collect();
        list_types.extend(self.by_list.keys().copied());
        let dir = Directory {
            info: DirectoryInfo {
                version: DIRECTORY_VERSION,
                page_size: PAGE_SIZE,
                records,
                by_list_type: self
                    .by_list
                    .iter()
                    .map(|(l, n)| (l.id().to_string(), *n))
                    .collect(),
                spaces: Space::ALL
                    .iter()
                    .map(|s| SpaceSize {
                        space: s.id().into(),
                        buckets: buckets[*s as usize],
                    })
                    .collect(),
                shards: written.len() as u64,
                shard_bytes: written.values().sum(),
                common: common_keys,
            },
            pages,
        };
        let manifest_meta = Meta {
            list_types: list_types.into_iter().collect(),
            ..meta.clone()
        };
        let (signed, payload_digest) = self.write_manifest(&manifest_meta, &dir, key_id, key)?;
        drop(spill);
        let _ = fs::remove_file(&self.spill_path);
        Ok(Report {
            records,
            buckets,
            placements: count,
            shards: written.len() as u64,
            shard_bytes: written.values().sum(),
            pages: page_files.len() as u64,
            manifest_bytes: signed.len() as u64,
            manifest_digest: hex_encode(&payload_digest),
            largest_shard: largest,
        })
    }

    /// Keys with more records than the matcher uses when a name has rarer keys get shards of
    /// their own (returned, with their records); the rest go to the name buckets.
    fn split_common_keys(&mut self) -> Vec<(u64, Vec<u32>)> {
        let mut names = std::mem::take(&mut self.names);
        names.sort_unstable();
        let mut common: Vec<(u64, Vec<u32>)> = Vec::new();
        let mut i = 0;
        while i < names.len() {
            let key = names[i].0;
            let j = i + names[i..].partition_point(|x| x.0 == key);
            if j - i > COMMON {
                common.push((key, names[i..j].iter().map(|x| x.2).collect()));
            } else {
                self.placements
                    .extend(names[i..j].iter().map(|x| (Space::Name as u8, x.1, x.2)));
            }
            i = j;
        }
        common
    }

    /// How many placements each space has, its bucket count (a power of two near the target
    /// shard size) and the placements reduced to their buckets, sorted and without repeats.
    fn bucketed_placements(&mut self) -> ([u64; 3], [u32; 3], Vec<Placement>) {
        let mut count = [0u64; 3];
        for p in &self.placements {
            count[p.0 as usize] += 1;
        }
        let buckets: [u32; 3] = Space::ALL.map(|s| {
            let want = count[s as usize].div_ceil(TARGET_PER_SHARD).max(1);
            (want.next_power_of_two().min(u64::from(s.max_buckets()))) as u32
        });
        let mut placements = std::mem::take(&mut self.placements);
        for p in &mut placements {
            p.1 %= buckets[p.0 as usize];
        }
        placements.sort_unstable();
        placements.dedup();
        (count, buckets, placements)
    }

    /// Writes the pages of shard digests, each space's in order; their digests per space and
    /// the set of page files.
    fn write_pages(
        &self,
        digests: &[Vec<Digest32>; 3],
    ) -> Result<([Vec<Digest32>; 3], BTreeSet<Digest32>), PublishError> {
        let mut pages: [Vec<Digest32>; 3] = Default::default();
        let mut page_files = BTreeSet::new();
        for space in Space::ALL {
            for chunk in digests[space as usize].chunks(PAGE_SIZE as usize) {
                let bytes: Vec<u8> = chunk.iter().flatten().copied().collect();
                let d: Digest32 = Sha256::digest(&bytes).into();
                write_once(
                    &self.out.join(format!("pages/{}.bin", hex_encode(&d))),
                    &bytes,
                )?;
                pages[space as usize].push(d);
                page_files.insert(d);
            }
        }
        Ok((pages, page_files))
    }

    /// Signs the manifest and writes it, after the shards and pages, through a temporary file
    /// and a rename. The signed bytes and the payload digest.
    fn write_manifest(
        &self,
        meta: &Meta,
        dir: &Directory,
        key_id: &str,
        key: &SigningKey,
    ) -> Result<(Vec<u8>, Digest32), PublishError> {
        let unsigned = build_manifest_unsigned(meta, &dir.encode()).map_err(PublishError::build)?;
        let signed =
            sign(&unsigned, key_id, key).map_err(|e| PublishError::build(e.message_en()))?;
        let (_, header, _) = crate::snapshot::build::split_unverified(&signed)
            .map_err(|e| PublishError::build(e.message_en()))?;
        let manifest = self.out.join("manifest.ccs");
        let tmp = self.out.join(".manifest.ccs.tmp");
        fs::write(&tmp, &signed).map_err(io(&tmp))?;
        fs::rename(&tmp, &manifest).map_err(io(&manifest))?;
        Ok((signed, header.payload_digest))
    }

    /// Builds and writes one shard per group of records, on all cores; (digest, bytes) per
    /// group, in order.
    fn build_shards(
        &self,
        groups: &[Vec<u32>],
        spill: &File,
        meta: &Meta,
    ) -> Result<Vec<(Digest32, u64)>, PublishError> {
        let n = groups.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8);
        let per = n.div_ceil(threads).max(1);
        let results: Vec<Result<Vec<(Digest32, u64)>, PublishError>> = std::thread::scope(|sc| {
            let handles: Vec<_> = groups
                .chunks(per)
                .map(|chunk| sc.spawn(move || self.build_chunk(chunk, spill, meta)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(PublishError::new(
                            PublishErrorCode::Internal,
                            "分片生成线程异常退出",
                            "a shard builder panicked",
                        ))
                    })
                })
                .collect()
        });
        let mut all = Vec::with_capacity(n);
        for r in results {
            all.extend(r?);
        }
        Ok(all)
    }

    fn build_chunk(
        &self,
        groups: &[Vec<u32>],
        spill: &File,
        meta: &Meta,
    ) -> Result<Vec<(Digest32, u64)>, PublishError> {
        let mut out = Vec::with_capacity(groups.len());
        let mut buf = Vec::new();
        for g in groups {
            let mut recs = Vec::with_capacity(g.len());
            for &rec in g {
                let (off, len) = self.at[rec as usize];
                buf.resize(len as usize, 0);
                spill
                    .read_exact_at(&mut buf, off)
                    .map_err(io(&self.spill_path))?;
                let r: ListRecord = serde_json::from_slice(&buf)
                    .map_err(|e| PublishError::build(format!("spill: {e}")))?;
                recs.push(r);
            }
            let bytes = build_unsigned(recs, meta).map_err(PublishError::build)?;
            let d: Digest32 = Sha256::digest(&bytes).into();
            write_once(
                &self.out.join(format!("shards/{}.ccs", hex_encode(&d))),
                &bytes,
            )?;
            out.push((d, bytes.len() as u64));
        }
        Ok(out)
    }
}

/// Writes a content-addressed file unless it is there (same name, same bytes), through a
/// temporary name so that a reader never sees half a file.
fn write_once(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    if path.exists() {
        return Ok(());
    }
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    fs::write(&tmp, bytes).map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(io(path))
}
/// A record's place: (space, bucket — a key's hash until reduced —, record).
type Placement = (u8, u32, u32);

/// One space's placements grouped by bucket: each bucket's records, in order.
fn groups_of(placements: &[Placement], space: Space, n: usize) -> Vec<Vec<u32>> {
    let s = space as u8;
    let lo = placements.partition_point(|p| p.0 < s);
    let hi = placements.partition_point(|p| p.0 <= s);
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); n];
    for p in &placements[lo..hi] {
        groups[p.1 as usize].push(p.2);
    }
    groups
}
