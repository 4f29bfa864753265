//! The snapshot file format, version 1: envelope, signed header, payload sections, limits and
//! the small encodings both ends share. The prose specification is `docs/snapshot-format.md`;
//! the writer is `build.rs`, the reader `load.rs`.

use super::error::SnapshotError;
use super::signature::{Algorithm, DIGEST_LEN, SIGNATURE_LEN};
use crate::error::Message;
use crate::json::Json;
use crate::lists::record::ListType;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// First 8 bytes of every snapshot file (PNG-style: a high byte, a name, CR LF, ^Z, LF).
pub const MAGIC: [u8; 8] = *b"\x89CCS\r\n\x1a\n";
/// Envelope format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Header `version`: the payload layout and record model (2: record model v2, issue 11 —
/// sanctions with their own periods, publication term, related persons, masked IDs, five
/// statuses). A version-1 file is refused with `REBUILD_REQUIRED`.
pub const HEADER_VERSION: u32 = 2;
/// The header's `format` field.
pub const FORMAT_NAME: &str = "credit-check-snapshot";
/// What a snapshot signature covers: this tag, then the header bytes.
pub const SIGNATURE_DOMAIN: &[u8] = b"credit-check snapshot v1\0";

/// Algorithm byte in the envelope.
pub const ALG_NONE: u8 = 0;
/// Algorithm byte for Ed25519.
pub const ALG_ED25519: u8 = 1;
/// Algorithm byte for SM2 with SM3.
pub const ALG_SM2_SM3: u8 = 2;

// Limits, checked before anything is allocated.
/// Largest header (JSON) in bytes.
pub const MAX_HEADER_LEN: u32 = 64 * 1024;
/// Longest key id in bytes (as in the keyring).
pub const MAX_KEY_ID_LEN: usize = 64;
/// Most records in one snapshot.
pub const MAX_RECORDS: u64 = 20_000_000;
/// Largest payload in bytes (wasm32 has 4 GiB of address space in all).
pub const MAX_PAYLOAD_LEN: u64 = 1536 * 1024 * 1024;
/// The largest sequence number: 2^53 − 1, the largest integer JavaScript holds exactly, so that a
/// sequence means the same in Rust and in JS (refused at build and at load, the same rule).
pub const MAX_SEQUENCE: u64 = (1 << 53) - 1;
/// Most sections in a payload.
pub const MAX_SECTIONS: usize = 64;
/// Longest single string (a name, a reason) in bytes.
pub const MAX_STRING_LEN: u64 = 64 * 1024;
/// At most this many bytes of catalogue bundle (the v1 catalogue is about 65 KB).
pub const MAX_CATALOGUE_LEN: u64 = 4 * 1024 * 1024;

/// Bytes before the key id: magic, envelope version (u32), algorithm (u8), key id length (u8).
pub const PREFIX_LEN: usize = 8 + 4 + 1 + 1;

/// The envelope's algorithm byte for `alg`.
pub fn algorithm_byte(alg: Option<Algorithm>) -> u8 {
    match alg {
        None => ALG_NONE,
        Some(Algorithm::Ed25519) => ALG_ED25519,
        Some(Algorithm::Sm2Sm3) => ALG_SM2_SM3,
    }
}

/// Payload section tags, in the order they must appear. Tags with [`OPTIONAL_SECTION`] set may
/// be skipped by readers that do not know them; any other unknown tag is refused.
pub mod tag {
    /// Per-record fixed columns: flags, list type, four dates.
    pub const RECORDS: u16 = 1;
    /// Names.
    pub const NAMES: u16 = 2;
    /// Former names, joined by U+001F.
    pub const FORMER_NAMES: u16 = 3;
    /// Listing authorities (dictionary).
    pub const AUTHORITIES: u16 = 4;
    /// Decision document numbers.
    pub const DECISIONS: u16 = 5;
    /// Reasons (dictionary).
    pub const REASONS: u16 = 6;
    /// Related persons (binary column, see [`super::PERSON_ID_FULL`]).
    pub const PERSONS: u16 = 7;
    /// Sanctions (binary column, see [`super::SANCTION_START`]).
    pub const SANCTIONS: u16 = 8;
    /// The penalty as published (string column).
    pub const PENALTIES: u16 = 9;
    /// A natural person's masked ID number (string column: 18 ASCII bytes or empty).
    pub const MASKED_IDS: u16 = 10;
    /// Entity keys (USCC or organisation code), one per record of group 1, in record order.
    pub const ENTITY_PRIMARY: u16 = 16;
    /// Further entity keys (a legacy organisation code that differs from the USCC's).
    pub const ENTITY_EXTRA: u16 = 17;
    /// Registration numbers of group-2 records, in record order.
    pub const REGNO_PRIMARY: u16 = 18;
    /// Registration numbers of group-1 records.
    pub const REGNO_EXTRA: u16 = 19;
    /// ID numbers of natural persons (group 3), in record order.
    pub const PERSON_PRIMARY: u16 = 20;
    /// ID numbers on records of other groups.
    pub const PERSON_EXTRA: u16 = 21;
    /// Legal representatives' ID numbers.
    pub const REP_ID: u16 = 22;
    /// The measure catalogue bundle (JSON, [`crate::lists::catalogue::Bundle`]) the publisher signs
    /// with the lists. Optional: written with [`super::OPTIONAL_SECTION`].
    pub const CATALOGUE: u16 = 32;
    /// A sharded snapshot's manifest: the shard directory (`crate::shards::directory`). Not
    /// optional, so readers that do not know it refuse the file instead of reading an empty list.
    pub const SHARD_DIRECTORY: u16 = 40;
}

/// Set in a tag's flags: readers that do not know the section skip it.
pub const OPTIONAL_SECTION: u16 = 1;

/// Width in bytes of an entity key: organisation code (9) then the rest of a USCC (9, or nine
/// zero bytes for a record keyed by organisation code alone).
pub const ENTITY_KEY_LEN: usize = 18;
/// Width of a registration-number key.
pub const REGNO_KEY_LEN: usize = 15;
/// Width of an ID-number key (always the 18-character form).
pub const PERSON_KEY_LEN: usize = 18;

/// The entity key of a USCC: positions 9–17 (organisation code), then 1–8 and 18, so that one
/// sorted table answers both "this USCC" and "any record with this organisation code".
pub fn entity_key_of_uscc(uscc: &[u8; 18]) -> [u8; ENTITY_KEY_LEN] {
    let mut k = [0u8; ENTITY_KEY_LEN];
    k[..9].copy_from_slice(&uscc[8..17]);
    k[9..17].copy_from_slice(&uscc[..8]);
    k[17] = uscc[17];
    k
}

/// The entity key of a record keyed by organisation code alone.
pub fn entity_key_of_org(org: &[u8; 9]) -> [u8; ENTITY_KEY_LEN] {
    let mut k = [0u8; ENTITY_KEY_LEN];
    k[..9].copy_from_slice(org);
    k
}

/// The USCC an entity key stands for, `None` for an organisation-code-only key.
pub fn uscc_of_entity_key(k: &[u8]) -> Option<[u8; 18]> {
    if k.len() != ENTITY_KEY_LEN || k[9] == 0 {
        return None;
    }
    let mut u = [0u8; 18];
    u[..8].copy_from_slice(&k[9..17]);
    u[8..17].copy_from_slice(&k[..9]);
    u[17] = k[17];
    Some(u)
}

/// Dates are stored as days since 1970-01-01 in a `u16`; 0 means none. This covers
/// 1970-01-02 to 2149-06-06.
pub fn date_to_u16(d: NaiveDate) -> Option<u16> {
    let days = d.signed_duration_since(epoch()).num_days();
    u16::try_from(days).ok().filter(|&v| v != 0)
}

/// The date a stored `u16` stands for (`None` for 0).
pub fn date_from_u16(v: u16) -> Option<NaiveDate> {
    if v == 0 {
        return None;
    }
    epoch().checked_add_days(chrono::Days::new(u64::from(v)))
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Appends `v` as LEB128.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 value of at most 5 bytes (a `u32`) at `*pos`, advancing it. `None` if the
/// bytes end or the value does not fit.
#[inline]
pub fn get_varint32(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in [0u32, 7, 14, 21, 28] {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        let part = u32::from(b & 0x7f);
        if shift == 28 && part > 0x0f {
            return None;
        }
        v |= part << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Second flags byte, bit 0: the record gave its legacy organisation code, equal to its USCC's
/// (kept so the record reads back as it was published).
pub const FLAG_ORG_CODE_GIVEN: u8 = 0x01;

/// Flags byte of a record: entity kind (bits 0–1), status (2–4), credit class (5–7, 0 none).
pub fn flags_byte(kind: u8, status: u8, class: u8) -> u8 {
    kind | (status << 2) | (class << 5)
}

/// Second flags byte: [`FLAG_ORG_CODE_GIVEN`] (bit 0), subject role (bits 1–3, 0 none, else 1 +
/// index), repair tier (bits 4–5, 0 none, else 1 + index).
pub fn flags2_byte(org_code_given: bool, role: u8, tier: u8) -> u8 {
    u8::from(org_code_given) | (role << 1) | (tier << 4)
}

/// Related persons of one record (`PERSONS` column), per person: role byte (index in
/// `PersonRole::ALL`), ID kind (0 none, 1 full, 2 masked), 18 ID bytes unless none, LEB128 name
/// length, name bytes.
pub const PERSON_ID_NONE: u8 = 0;
/// A full ID number follows (also indexed in `REP_ID`).
pub const PERSON_ID_FULL: u8 = 1;
/// A masked ID number follows (`*` hidden).
pub const PERSON_ID_MASKED: u8 = 2;

/// Sanctions of one record (`SANCTIONS` column), per sanction: kind byte (index in
/// `SanctionKind::ALL`), presence bits ([`SANCTION_START`] …), then the start and end dates as
/// `u16` and the amount as LEB128 `u64`, each only when its bit is set.
pub const SANCTION_START: u8 = 1;
/// The end date follows.
pub const SANCTION_END: u8 = 2;
/// Without time limit.
pub const SANCTION_INDEFINITE: u8 = 4;
/// An amount in yuan follows.
pub const SANCTION_AMOUNT: u8 = 8;

/// Appends an unsigned LEB128 `u64`.
pub fn put_varint64(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Reads an unsigned LEB128 `u64` (at most 10 bytes) at `*pos`.
pub fn get_varint64(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..70).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        let part = u64::from(byte & 0x7f);
        if shift == 63 && part > 1 {
            return None;
        }
        v |= part << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// What the signed header says. Times are RFC 3339 strings in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Who publishes the lists (e.g. an authority's name or domain).
    pub publisher: String,
    /// The signing key's id in the keyring (empty until signed).
    pub key_id: String,
    /// The signing algorithm (`None` until signed).
    pub algorithm: Option<Algorithm>,
    /// Monotonic sequence number: clients refuse anything lower than what they accepted.
    pub sequence: u64,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Past this time the snapshot is stale.
    pub expires_at: DateTime<Utc>,
    /// The region it covers.
    pub region: Region,
    /// The lists it covers, complete: an entity absent from these lists is not listed on them.
    pub list_types: Vec<ListType>,
    /// Record counts.
    pub counts: Counts,
    /// Payload length in bytes.
    pub payload_length: u64,
    /// Payload digest with the algorithm's hash (all zero until signed).
    pub payload_digest: [u8; DIGEST_LEN],
}

/// A snapshot's region: a GB/T 2260 code (`000000` for the whole country) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Six digits.
    pub code: String,
    /// Its name, e.g. `全国`, `福建省`.
    pub name: String,
}

/// Record counts in a header.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Counts {
    /// All records.
    pub records: u64,
    /// By list type id.
    pub by_list_type: BTreeMap<String, u64>,
    /// By entity kind id.
    pub by_entity_kind: BTreeMap<String, u64>,
    /// By status id.
    pub by_status: BTreeMap<String, u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HeaderJson {
    format: String,
    version: u32,
    publisher: String,
    key_id: String,
    algorithm: String,
    sequence: u64,
    issued_at: String,
    expires_at: String,
    region: Region,
    list_types: Vec<String>,
    counts: Counts,
    payload_length: u64,
    payload_digest: String,
}

impl HeaderJson {
    const FIELDS: [&'static str; 13] = [
        "format",
        "version",
        "publisher",
        "keyId",
        "algorithm",
        "sequence",
        "issuedAt",
        "expiresAt",
        "region",
        "listTypes",
        "counts",
        "payloadLength",
        "payloadDigest",
    ];

    /// Read strictly (crate::json): every field there, no other, each once.
    fn read(v: &Json) -> Result<HeaderJson, String> {
        let o = v.object(&HeaderJson::FIELDS)?;
        let region = o.required("region")?.object(&["code", "name"])?;
        let counts =
            o.required("counts")?
                .object(&["records", "byListType", "byEntityKind", "byStatus"])?;
        Ok(HeaderJson {
            format: o.string("format")?,
            version: o.u32("version")?,
            publisher: o.string("publisher")?,
            key_id: o.string("keyId")?,
            algorithm: o.string("algorithm")?,
            sequence: o.u64("sequence")?,
            issued_at: o.string("issuedAt")?,
            expires_at: o.string("expiresAt")?,
            region: Region {
                code: region.string("code")?,
                name: region.string("name")?,
            },
            list_types: o.strings("listTypes")?,
            counts: Counts {
                records: counts.u64("records")?,
                by_list_type: counts.counts("byListType")?,
                by_entity_kind: counts.counts("byEntityKind")?,
                by_status: counts.counts("byStatus")?,
            },
            payload_length: o.u64("payloadLength")?,
            payload_digest: o.string("payloadDigest")?,
        })
    }
}

impl Header {
    /// The header's JSON bytes (what is signed).
    pub fn to_json(&self) -> String {
        let h = HeaderJson {
            format: FORMAT_NAME.to_string(),
            version: HEADER_VERSION,
            publisher: self.publisher.clone(),
            key_id: self.key_id.clone(),
            algorithm: self.algorithm.map_or("none", |a| a.as_str()).to_string(),
            sequence: self.sequence,
            issued_at: super::signature::rfc3339(&self.issued_at),
            expires_at: super::signature::rfc3339(&self.expires_at),
            region: self.region.clone(),
            list_types: self.list_types.iter().map(|l| l.id().to_string()).collect(),
            counts: self.counts.clone(),
            payload_length: self.payload_length,
            payload_digest: super::signature::hex_encode(&self.payload_digest),
        };
        serde_json::to_string(&h).unwrap_or_default()
    }

    /// Parses header JSON found at byte `at` of a file.
    pub fn from_json(bytes: &[u8], at: u64) -> Result<Header, SnapshotError> {
        let bad = |zh: String, en: String| SnapshotError::malformed(zh, en, at);
        let json = check_version(bytes, at)?;
        let h = HeaderJson::read(&json).map_err(|e| {
            bad(
                format!("签名头字段错误：{e}"),
                format!("bad header field: {e}"),
            )
        })?;
        let time = |field: &str, s: &str| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    bad(
                        format!("签名头{field}不是RFC 3339时间"),
                        format!("header {field} is not an RFC 3339 time"),
                    )
                })
        };
        let algorithm = match h.algorithm.as_str() {
            "none" => None,
            other => Some(Algorithm::parse(other).map_err(SnapshotError::Key)?),
        };
        let list_types = list_types_of(&h.list_types, at)?;
        let digest = super::signature::hex_decode(&h.payload_digest)
            .and_then(|d| <[u8; DIGEST_LEN]>::try_from(d).ok())
            .ok_or_else(|| {
                bad(
                    "签名头payloadDigest应为64位十六进制".into(),
                    "header payloadDigest must be 64 hex digits".into(),
                )
            })?;
        check_limits(&h)?;
        Ok(Header {
            publisher: h.publisher,
            key_id: h.key_id,
            algorithm,
            sequence: h.sequence,
            issued_at: time("issuedAt", &h.issued_at)?,
            expires_at: time("expiresAt", &h.expires_at)?,
            region: h.region,
            list_types,
            counts: h.counts,
            payload_length: h.payload_length,
            payload_digest: digest,
        })
    }

    /// Whether the snapshot is stale at `now`.
    pub fn is_stale_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }

    /// Whether it covers `list_type`.
    pub fn covers(&self, list_type: ListType) -> bool {
        self.list_types.contains(&list_type)
    }
}

/// The fixed prefix of a snapshot file, read before anything is verified: it names the key and
/// carries the signature and the header's length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// `None`: not signed.
    pub algorithm: Option<Algorithm>,
    /// Key id (empty when unsigned).
    pub key_id: String,
    /// The signature over [`SIGNATURE_DOMAIN`] ‖ header.
    pub signature: [u8; SIGNATURE_LEN],
    /// Header length in bytes.
    pub header_len: u32,
}

impl Envelope {
    /// Its encoded length.
    pub fn len(&self) -> usize {
        PREFIX_LEN + self.key_id.len() + SIGNATURE_LEN + 4
    }

    /// Always false (an envelope has a fixed prefix).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Appends the encoding.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.push(algorithm_byte(self.algorithm));
        out.push(self.key_id.len() as u8);
        out.extend_from_slice(self.key_id.as_bytes());
        out.extend_from_slice(&self.signature);
        out.extend_from_slice(&self.header_len.to_le_bytes());
    }

    /// Reads the envelope at the start of `bytes`. `Ok(None)`: not enough bytes yet (a
    /// streaming caller waits for more); a complete file gives `Truncated` instead via
    /// [`Envelope::read_complete`].
    pub fn read(bytes: &[u8]) -> Result<Option<Envelope>, SnapshotError> {
        let magic_seen = bytes.len().min(MAGIC.len());
        if bytes[..magic_seen] != MAGIC[..magic_seen] {
            return Err(SnapshotError::NotASnapshot);
        }
        if bytes.len() < PREFIX_LEN {
            return Ok(None);
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(SnapshotError::UnsupportedVersion { found: version });
        }
        let algorithm = match bytes[12] {
            ALG_NONE => None,
            ALG_ED25519 => Some(Algorithm::Ed25519),
            ALG_SM2_SM3 => Some(Algorithm::Sm2Sm3),
            other => {
                return Err(SnapshotError::malformed(
                    format!("未知签名算法编号{other}"),
                    format!("unknown signature algorithm byte {other}"),
                    12,
                ))
            }
        };
        let key_len = usize::from(bytes[13]);
        if key_len > MAX_KEY_ID_LEN {
            return Err(SnapshotError::LimitExceeded {
                what: "key id bytes",
                limit: MAX_KEY_ID_LEN as u64,
                found: key_len as u64,
            });
        }
        if (algorithm.is_none()) != (key_len == 0) {
            return Err(SnapshotError::malformed(
                "签名算法与密钥标识不一致",
                "algorithm and key id disagree about whether the file is signed",
                12,
            ));
        }
        let end = PREFIX_LEN + key_len + SIGNATURE_LEN + 4;
        if bytes.len() < end {
            return Ok(None);
        }
        let key_id = std::str::from_utf8(&bytes[PREFIX_LEN..PREFIX_LEN + key_len])
            .map_err(|_| {
                SnapshotError::malformed(
                    "密钥标识不是UTF-8",
                    "key id is not UTF-8",
                    PREFIX_LEN as u64,
                )
            })?
            .to_string();
        let mut signature = [0u8; SIGNATURE_LEN];
        let s = PREFIX_LEN + key_len;
        signature.copy_from_slice(&bytes[s..s + SIGNATURE_LEN]);
        let h = s + SIGNATURE_LEN;
        let header_len = u32::from_le_bytes([bytes[h], bytes[h + 1], bytes[h + 2], bytes[h + 3]]);
        if header_len > MAX_HEADER_LEN {
            return Err(SnapshotError::LimitExceeded {
                what: "header bytes",
                limit: u64::from(MAX_HEADER_LEN),
                found: u64::from(header_len),
            });
        }
        Ok(Some(Envelope {
            algorithm,
            key_id,
            signature,
            header_len,
        }))
    }

    /// [`Envelope::read`] on a complete file: too few bytes is [`SnapshotError::Truncated`].
    pub fn read_complete(bytes: &[u8]) -> Result<Envelope, SnapshotError> {
        match Envelope::read(bytes)? {
            Some(e) => Ok(e),
            None => {
                let needed = if bytes.len() < PREFIX_LEN {
                    PREFIX_LEN
                } else {
                    PREFIX_LEN + usize::from(bytes[13]) + SIGNATURE_LEN + 4
                };
                Err(SnapshotError::Truncated {
                    needed: needed as u64,
                    found: bytes.len() as u64,
                })
            }
        }
    }
}

/// The message a snapshot signature covers.
pub fn signed_message(header: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(SIGNATURE_DOMAIN.len() + header.len());
    m.extend_from_slice(SIGNATURE_DOMAIN);
    m.extend_from_slice(header);
    m
}

/// A `Message` for "expected X".
pub(crate) fn detail(zh: impl Into<String>, en: impl Into<String>) -> Message {
    Message::new(zh.into(), en.into())
}

/// The header as JSON, once it names this format in the version this code reads: read first, so
/// that another version is named as such rather than as a field error (a version 1 snapshot must
/// be rebuilt; another is not supported).
fn check_version(bytes: &[u8], at: u64) -> Result<Json, SnapshotError> {
    let bad = |zh: String, en: String| SnapshotError::malformed(zh, en, at);
    let not_json = |e: &dyn std::fmt::Display| {
        bad(
            format!("签名头不是JSON：{e}"),
            format!("header is not JSON: {e}"),
        )
    };
    let json = Json::parse(bytes).map_err(|e| not_json(&e))?;
    let o = json.members().map_err(|e| not_json(&e))?;
    let format = o.opt_string("format").map_err(|e| not_json(&e))?;
    let version = o.opt_u32("version").map_err(|e| not_json(&e))?;
    if format.as_deref() != Some(FORMAT_NAME) {
        return Err(bad(
            format!("签名头format应为{FORMAT_NAME}"),
            format!("header format must be {FORMAT_NAME}"),
        ));
    }
    match version {
        Some(HEADER_VERSION) => {}
        Some(1) => return Err(SnapshotError::RebuildRequired { found: 1 }),
        Some(v) => return Err(SnapshotError::UnsupportedVersion { found: v }),
        None => {
            return Err(bad(
                "签名头缺少version".into(),
                "header has no version".into(),
            ))
        }
    }
    Ok(json)
}

/// The header's list types, each known, repeats dropped, in order.
fn list_types_of(ids: &[String], at: u64) -> Result<Vec<ListType>, SnapshotError> {
    let bad = |zh: String, en: String| SnapshotError::malformed(zh, en, at);
    let mut list_types = Vec::with_capacity(ids.len().min(ListType::ALL.len()));
    for id in ids {
        let lt: ListType = id.parse().map_err(|_| {
            bad(
                format!("签名头含未知名单类型“{}”", super::signature::shorten(id)),
                format!(
                    "header names an unknown list type '{}'",
                    super::signature::shorten(id)
                ),
            )
        })?;
        if !list_types.contains(&lt) {
            list_types.push(lt);
        }
    }
    Ok(list_types)
}

/// The header's sequence, record count and payload length within the reader's limits.
fn check_limits(h: &HeaderJson) -> Result<(), SnapshotError> {
    if h.sequence > MAX_SEQUENCE {
        return Err(SnapshotError::LimitExceeded {
            what: "sequence",
            limit: MAX_SEQUENCE,
            found: h.sequence,
        });
    }
    if h.counts.records > MAX_RECORDS {
        return Err(SnapshotError::LimitExceeded {
            what: "records",
            limit: MAX_RECORDS,
            found: h.counts.records,
        });
    }
    if h.payload_length > MAX_PAYLOAD_LEN {
        return Err(SnapshotError::LimitExceeded {
            what: "payload bytes",
            limit: MAX_PAYLOAD_LEN,
            found: h.payload_length,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        let mut counts = Counts {
            records: 3,
            ..Counts::default()
        };
        counts.by_list_type.insert("LT-SXBZXR".into(), 3);
        Header {
            publisher: "信用中国（测试）".into(),
            key_id: "k1".into(),
            algorithm: Some(Algorithm::Ed25519),
            sequence: 42,
            issued_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            expires_at: DateTime::from_timestamp(1_800_086_400, 0).unwrap(),
            region: Region {
                code: "000000".into(),
                name: "全国".into(),
            },
            list_types: vec![ListType::ALL[0]],
            counts,
            payload_length: 1234,
            payload_digest: [7; DIGEST_LEN],
        }
    }

    #[test]
    fn the_header_reads_back_what_it_writes_and_nothing_looser() {
        let h = header();
        let json = h.to_json();
        assert_eq!(Header::from_json(json.as_bytes(), 0).unwrap(), h);
        let message = |text: &str| match Header::from_json(text.as_bytes(), 0) {
            Err(SnapshotError::Malformed { detail, .. }) => detail.en().to_string(),
            other => panic!("{text}: {other:?}"),
        };
        // A member repeated (the reader would otherwise take one of two values), at the top
        // and inside; an unknown one; a missing one; a wrong type; a number out of range.
        let repeated = json.replacen("{\"format\"", "{\"sequence\":1,\"format\"", 1);
        assert!(message(&repeated).contains("duplicate field `sequence`"));
        let inner = json.replacen(
            "\"code\":\"000000\"",
            "\"code\":\"000000\",\"code\":\"110000\"",
            1,
        );
        assert!(
            message(&inner).contains("duplicate field `code`"),
            "{}",
            message(&inner)
        );
        let counted = json.replacen("\"LT-SXBZXR\":3", "\"LT-SXBZXR\":3,\"LT-SXBZXR\":4", 1);
        assert!(message(&counted).contains("duplicate field `LT-SXBZXR`"));
        let unknown = json.replacen("{\"format\"", "{\"extra\":1,\"format\"", 1);
        assert!(message(&unknown).contains("unknown field `extra`"));
        let missing = json.replacen("\"publisher\":", "\"publisher_\":", 1);
        assert!(message(&missing).contains("unknown field `publisher_`"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut without = v.clone();
        without.as_object_mut().unwrap().remove("payloadLength");
        assert!(message(&without.to_string()).contains("missing field `payloadLength`"));
        let mut typed = v.clone();
        typed["sequence"] = "42".into();
        assert!(message(&typed.to_string()).contains("invalid type"));
        let mut negative = v.clone();
        negative["payloadLength"] = (-1).into();
        assert!(message(&negative.to_string()).contains("expected u64"));
        // Not an object at all (serde's derived readers took a struct as an array too).
        assert!(message("[\"credit-check-snapshot\",2]").contains("invalid type"));
    }

    #[test]
    fn varints_round_trip_and_refuse_overlong() {
        for v in [0u32, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, u64::from(v));
            let mut pos = 0;
            assert_eq!(get_varint32(&b, &mut pos), Some(v));
            assert_eq!(pos, b.len());
        }
        let mut pos = 0;
        assert_eq!(
            get_varint32(&[0xff, 0xff, 0xff, 0xff, 0x1f], &mut pos),
            None
        );
        let mut pos = 0;
        assert_eq!(get_varint32(&[0x80], &mut pos), None);
        let mut pos = 0;
        assert_eq!(get_varint32(&[], &mut pos), None);
        // One after another, one-byte and longer mixed: each read starts where the last ended.
        let vs = [5u32, 300, 0, 127, 128, 70_000, 1];
        let mut b = Vec::new();
        for v in vs {
            put_varint(&mut b, u64::from(v));
        }
        let mut pos = 0;
        for v in vs {
            assert_eq!(get_varint32(&b, &mut pos), Some(v));
        }
        assert_eq!(pos, b.len());
    }

    #[test]
    fn dates_round_trip_within_range() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(date_from_u16(date_to_u16(d).unwrap()), Some(d));
        assert_eq!(
            date_to_u16(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()),
            None
        );
        assert_eq!(
            date_to_u16(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()),
            None
        );
        assert_eq!(date_from_u16(0), None);
    }

    #[test]
    fn entity_keys_put_the_org_code_first() {
        let u = *b"91110108551385082Q";
        let k = entity_key_of_uscc(&u);
        assert_eq!(&k[..9], b"551385082");
        assert_eq!(uscc_of_entity_key(&k), Some(u));
        assert_eq!(uscc_of_entity_key(&entity_key_of_org(b"551385082")), None);
    }

    #[test]
    fn envelope_round_trips_and_partial_reads_wait() {
        let e = Envelope {
            algorithm: Some(Algorithm::Ed25519),
            key_id: "demo-1".into(),
            signature: [7; 64],
            header_len: 123,
        };
        let mut b = Vec::new();
        e.write(&mut b);
        assert_eq!(b.len(), e.len());
        assert_eq!(Envelope::read(&b).unwrap(), Some(e));
        for n in 0..b.len() {
            assert_eq!(Envelope::read(&b[..n]).unwrap(), None, "{n}");
            assert_eq!(
                Envelope::read_complete(&b[..n]).unwrap_err().code(),
                "TRUNCATED"
            );
        }
        assert_eq!(
            Envelope::read(b"<!DOCTYPE html>").unwrap_err().code(),
            "NOT_A_SNAPSHOT"
        );
    }
}
