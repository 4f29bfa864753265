//! The shard directory: the section of a manifest that binds, by digest, the page files, each of
//! which lists the digests of up to `pageSize` shards of one space (bucket `i` of a space is
//! entry `i % pageSize` of its page `i / pageSize`). Two levels keep the manifest small (a few
//! tens of kilobytes at ten million records) while a query fetches only the pages of its
//! buckets. Layout (`docs/sharded-snapshots.md`):
//!
//! ```text
//! u32 LE  length of the JSON that follows
//! JSON    {"version":1,"pageSize":P,"records":N,"byListType":{…},
//!          "spaces":[{"space":"org","buckets":B},{"space":"person",…},{"space":"name",…}],
//!          "shards":S,"shardBytes":T}
//! 32 × K  the pages' SHA-256 digests, space by space (K = Σ ⌈B / P⌉)
//! ```

use super::route::Space;
use crate::snapshot::SnapshotError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A SHA-256 digest.
pub type Digest32 = [u8; 32];

/// Directory format version.
pub const DIRECTORY_VERSION: u32 = 1;
/// Largest page size accepted.
pub const MAX_PAGE_SIZE: u32 = 4096;
/// Largest JSON part accepted (bytes).
pub const MAX_DIRECTORY_JSON: usize = 1 << 16;

/// One space's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaceSize {
    /// `org`, `person` or `name`.
    pub space: String,
    /// Buckets (a power of two).
    pub buckets: u32,
}

/// A name-index key the list holds more than [`crate::matching::COMMON`] records under: kept
/// in a shard of its own, outside the name buckets, and fetched only when the matcher would use
/// it (when a name has no rarer key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonKey {
    /// The key (16 hex digits).
    pub key: String,
    /// Records under it.
    pub records: u64,
    /// Its shard's SHA-256 (hex).
    pub shard: String,
}

/// Most common keys a directory may list.
pub const MAX_COMMON_KEYS: usize = 4096;

/// What the directory's JSON says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectoryInfo {
    /// Format version.
    pub version: u32,
    /// Shard digests per page.
    pub page_size: u32,
    /// Records in the whole list.
    pub records: u64,
    /// Records per list type id.
    pub by_list_type: BTreeMap<String, u64>,
    /// The spaces, in the order of [`Space::ALL`].
    pub spaces: Vec<SpaceSize>,
    /// Distinct shard files.
    pub shards: u64,
    /// Their total size in bytes.
    pub shard_bytes: u64,
    /// Common name keys, sorted by key.
    #[serde(default)]
    pub common: Vec<CommonKey>,
}

// Read by the strict reader of `src/json/`, as the snapshot header is: the rules of the derived
// readers (kept for other serde formats), a repeated member refused, and no second copy of
// serde's generated code in the checker.
impl DirectoryInfo {
    const FIELDS: [&'static str; 8] = [
        "version",
        "pageSize",
        "records",
        "byListType",
        "spaces",
        "shards",
        "shardBytes",
        "common",
    ];

    fn read(v: &crate::json::Json) -> Result<DirectoryInfo, String> {
        let o = v.object(&DirectoryInfo::FIELDS)?;
        let spaces = o.items("spaces")?.iter().map(|s| {
            let s = s.object(&["space", "buckets"])?;
            Ok(SpaceSize {
                space: s.string("space")?,
                buckets: s.u32("buckets")?,
            })
        });
        // Absent is none (serde's `default`); null is not a list.
        let common = o.get("common").map_or(Ok(&[][..]), |c| c.items())?;
        let common = common.iter().map(|c| {
            let c = c.object(&["key", "records", "shard"])?;
            Ok(CommonKey {
                key: c.string("key")?,
                records: c.u64("records")?,
                shard: c.string("shard")?,
            })
        });
        Ok(DirectoryInfo {
            version: o.u32("version")?,
            page_size: o.u32("pageSize")?,
            records: o.u64("records")?,
            by_list_type: o.counts("byListType")?,
            spaces: spaces.collect::<Result<_, String>>()?,
            shards: o.u64("shards")?,
            shard_bytes: o.u64("shardBytes")?,
            common: common.collect::<Result<_, String>>()?,
        })
    }
}

/// A parsed directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    /// Its JSON part.
    pub info: DirectoryInfo,
    /// Page digests per space (in the order of [`Space::ALL`]).
    pub pages: [Vec<Digest32>; 3],
}

fn bad(zh: impl Into<String>, en: impl Into<String>, at: u64) -> SnapshotError {
    SnapshotError::malformed(
        format!("分片目录：{}", zh.into()),
        format!("shard directory: {}", en.into()),
        at,
    )
}

impl Directory {
    /// Buckets in `space`.
    pub fn buckets(&self, space: Space) -> u32 {
        self.info.spaces[space as usize].buckets
    }

    /// Pages of a space with `buckets` buckets.
    pub fn page_count(buckets: u32, page_size: u32) -> usize {
        buckets.div_ceil(page_size.max(1)) as usize
    }

    /// How many shard digests page `page` of `space` lists.
    pub fn page_len(&self, space: Space, page: usize) -> usize {
        let b = self.buckets(space) as usize;
        let p = self.info.page_size as usize;
        b.saturating_sub(page * p).min(p)
    }

    /// The page holding `bucket` of `space`, and the entry in it.
    pub fn locate(&self, bucket: u32) -> (usize, usize) {
        let p = self.info.page_size as usize;
        (bucket as usize / p, bucket as usize % p)
    }

    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let json = serde_json::to_string(&self.info).unwrap_or_default();
        let mut out = Vec::with_capacity(
            4 + json.len() + 32 * self.pages.iter().map(Vec::len).sum::<usize>(),
        );
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(json.as_bytes());
        for space in &self.pages {
            for d in space {
                out.extend_from_slice(d);
            }
        }
        out
    }

    /// Parses the section's bytes (`base`: the section's offset in the file, for errors). Every
    /// count is checked against the bytes present before anything is allocated.
    pub fn decode(bytes: &[u8], base: u64) -> Result<Directory, SnapshotError> {
        let len = bytes
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| bad("太短", "too short", base))?;
        if len > MAX_DIRECTORY_JSON || bytes.len() < 4 + len {
            return Err(bad("说明部分长度错误", "bad JSON length", base));
        }
        let info =
            crate::json::Json::read_text(&bytes[4..4 + len], DirectoryInfo::read).map_err(|e| {
                bad(
                    format!("说明部分无法读取：{e}"),
                    format!("unreadable JSON: {e}"),
                    base + 4,
                )
            })?;
        if info.version != DIRECTORY_VERSION {
            return Err(SnapshotError::UnsupportedVersion {
                found: info.version,
            });
        }
        if info.page_size == 0 || info.page_size > MAX_PAGE_SIZE {
            return Err(bad("每页分片数不合法", "bad page size", base + 4));
        }
        if info.spaces.len() != Space::ALL.len()
            || info.spaces.iter().zip(Space::ALL).any(|(s, want)| {
                s.space != want.id()
                    || !s.buckets.is_power_of_two()
                    || s.buckets > want.max_buckets()
            })
        {
            return Err(bad(
                "键空间须依次为org、person、name，桶数为不超过上限的2的幂",
                "spaces must be org, person, name, each with a power-of-two bucket count within its limit",
                base + 4,
            ));
        }
        let hex = |t: &str, n: usize| {
            t.len() == n
                && t.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        };
        if info.common.len() > MAX_COMMON_KEYS
            || info.common.iter().any(|c| {
                !hex(&c.key, 16)
                    || !hex(&c.shard, 64)
                    || c.records <= crate::matching::COMMON as u64
            })
            || info.common.windows(2).any(|w| w[0].key >= w[1].key)
        {
            return Err(bad(
                "常见键列表不合法",
                "the common-key list is malformed",
                base + 4,
            ));
        }
        let mut at = 4 + len;
        let mut pages: [Vec<Digest32>; 3] = Default::default();
        for (i, s) in info.spaces.iter().enumerate() {
            let k = Directory::page_count(s.buckets, info.page_size);
            let need = k * 32;
            let Some(body) = bytes.get(at..at + need) else {
                return Err(bad(
                    "页摘要不完整",
                    "page digests truncated",
                    base + at as u64,
                ));
            };
            pages[i] = digests(body);
            at += need;
        }
        if at != bytes.len() {
            return Err(bad("末尾有多余字节", "bytes left over", base + at as u64));
        }
        Ok(Directory { info, pages })
    }

    /// Parses a page file already verified against its digest: `expected` digests.
    pub fn decode_page(bytes: &[u8], expected: usize) -> Result<Vec<Digest32>, SnapshotError> {
        if bytes.len() != expected * 32 {
            return Err(bad(
                format!("页文件应有{expected}个摘要"),
                format!("a page file must hold {expected} digests"),
                0,
            ));
        }
        Ok(digests(bytes))
    }
}

/// Consecutive 32-byte digests (a trailing partial one is ignored: callers check the length).
fn digests(bytes: &[u8]) -> Vec<Digest32> {
    bytes
        .chunks_exact(32)
        .filter_map(|c| Digest32::try_from(c).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Directory {
        Directory {
            info: DirectoryInfo {
                version: 1,
                page_size: 4,
                records: 10,
                by_list_type: BTreeMap::new(),
                spaces: vec![
                    SpaceSize {
                        space: "org".into(),
                        buckets: 8,
                    },
                    SpaceSize {
                        space: "person".into(),
                        buckets: 2,
                    },
                    SpaceSize {
                        space: "name".into(),
                        buckets: 16,
                    },
                ],
                shards: 3,
                shard_bytes: 100,
                common: Vec::new(),
            },
            pages: [vec![[1; 32]; 2], vec![[2; 32]; 1], vec![[3; 32]; 4]],
        }
    }

    #[test]
    fn round_trips_and_locates() {
        let d = sample();
        let back = Directory::decode(&d.encode(), 0).unwrap();
        assert_eq!(back, d);
        assert_eq!(d.locate(9), (2, 1));
        assert_eq!(d.page_len(Space::Person, 0), 2);
    }

    #[test]
    fn every_truncation_and_extension_is_refused_without_panicking() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert!(Directory::decode(&bytes[..n], 0).is_err(), "prefix {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            Directory::decode(&longer, 0).unwrap_err().code(),
            "MALFORMED"
        );
    }

    /// The directory's JSON is read strictly (`src/json/`): an unknown, missing, repeated or
    /// mistyped member is refused, `common` may be absent but not null.
    #[test]
    fn the_json_part_is_read_strictly() {
        let d = sample();
        let pages_at = 4 + serde_json::to_string(&d.info).unwrap().len();
        let with = |json: &str| {
            let mut out = (json.len() as u32).to_le_bytes().to_vec();
            out.extend_from_slice(json.as_bytes());
            out.extend_from_slice(&d.encode()[pages_at..]);
            Directory::decode(&out, 0)
        };
        let json = serde_json::to_string(&d.info).unwrap();
        assert_eq!(with(&json).unwrap(), d);
        let without_common = json.replace(r#","common":[]"#, "");
        assert_ne!(without_common, json);
        assert_eq!(with(&without_common).unwrap(), d);
        for (changed, why) in [
            (
                json.replace(r#""common":[]"#, r#""common":null"#),
                "expected a sequence",
            ),
            (
                json.replace(r#""shards":3"#, r#""shards":3,"shards":3"#),
                "duplicate field `shards`",
            ),
            (
                json.replace(r#""shards":3"#, r#""shards":"3""#),
                "expected u64",
            ),
            (json.replace(r#""shards":3,"#, ""), "missing field `shards`"),
            (
                json.replace(r#""shards":3"#, r#""shards":3,"colour":1"#),
                "unknown field `colour`",
            ),
            (
                json.replace(r#""buckets":8"#, r#""buckets":8,"x":1"#),
                "unknown field `x`",
            ),
        ] {
            assert_ne!(changed, json, "{why}");
            let e = with(&changed).unwrap_err();
            assert_eq!(e.code(), "MALFORMED", "{changed}");
            assert!(e.to_string().contains(why), "{changed}: {e}");
        }
    }

    #[test]
    fn a_bucket_count_over_the_anonymity_limit_is_refused() {
        let mut d = sample();
        d.info.spaces[0].buckets = Space::Org.max_buckets() * 2;
        d.pages[0] = vec![[1; 32]; Directory::page_count(d.info.spaces[0].buckets, 4)];
        assert_eq!(
            Directory::decode(&d.encode(), 0).unwrap_err().code(),
            "MALFORMED"
        );
    }
}
