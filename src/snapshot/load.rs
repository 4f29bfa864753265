//! The client's side: verify a snapshot, make it ready, and answer identifier lookups. Runs
//! natively and in wasm; never panics on any byte string (see `tests/snapshot_attacks.rs` and
//! `fuzz/`).
//!
//! Order of checks (cheap and trust-establishing first; nothing is read from the header before
//! its signature verifies): envelope → key (pinned, algorithm, valid now) → signature over the
//! header → header → issue time, key valid at issue → rollback → staleness → payload length →
//! payload digest → payload structure. After that the snapshot is ready: the identifier tables
//! are used in place (they are sorted at publish time), and only a hash table over the entity
//! keys' organisation codes (`prefix_index`) and string checkpoints are built.

use super::error::SnapshotError;
use super::format::{
    self, date_from_u16, detail, get_varint32, signed_message, tag, Envelope, Header,
    ENTITY_KEY_LEN, MAX_CATALOGUE_LEN, MAX_SECTIONS, MAX_STRING_LEN, OPTIONAL_SECTION,
    PERSON_KEY_LEN, REGNO_KEY_LEN,
};
use super::keyring::Keyring;
use super::prefix_index::{code_of, PrefixIndex};
use super::signature::{hex_encode, Hasher};
use crate::lists::record::{
    CreditClass, EntityKind, ListRecord, ListType, ListingStatus, MaskedId, PersonId, PersonRole,
    RelatedPerson, RepairTier, Sanction, SanctionKind, SubjectRole, Term,
};
use crate::{OrgCode, RegistrationNumber, ResidentId, Uscc};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// Clock skew tolerated on `issuedAt`.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// How to load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// The time of checking (keys' validity, staleness, issue time).
    pub now: DateTime<Utc>,
    /// The highest sequence accepted before (persisted by the caller); lower ones are
    /// [`SnapshotError::Rollback`].
    pub last_accepted_sequence: Option<u64>,
    /// Load a snapshot past its `expiresAt`; every answer then says `stale`.
    pub allow_stale: bool,
}

impl LoadOptions {
    /// Now, no sequence yet, stale refused.
    pub fn now() -> LoadOptions {
        LoadOptions {
            now: Utc::now(),
            last_accepted_sequence: None,
            allow_stale: false,
        }
    }
}

/// Which identifier a lookup is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// 统一社会信用代码.
    Uscc(Uscc),
    /// Legacy organisation code.
    OrgCode(OrgCode),
    /// Legacy 15-digit registration number.
    RegistrationNumber(RegistrationNumber),
    /// Resident ID number.
    IdNumber(ResidentId),
}

/// How a record was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchedBy {
    /// The same USCC.
    Uscc,
    /// The query's USCC contains the record's legacy organisation code.
    OrgCodeInUscc,
    /// The same legacy organisation code.
    OrgCode,
    /// The query's organisation code is inside the record's USCC.
    UsccContainsOrgCode,
    /// The same registration number.
    RegistrationNumber,
    /// The same ID number.
    IdNumber,
    /// The ID number is the record's legal representative's.
    LegalRepresentativeId,
}

impl MatchedBy {
    /// Every way, in declaration order (the index `Snapshot.lookup` carries across the wasm
    /// boundary, and the order of `vocabulary().matchedBy`).
    pub const ALL: [MatchedBy; 7] = [
        MatchedBy::Uscc,
        MatchedBy::OrgCodeInUscc,
        MatchedBy::OrgCode,
        MatchedBy::UsccContainsOrgCode,
        MatchedBy::RegistrationNumber,
        MatchedBy::IdNumber,
        MatchedBy::LegalRepresentativeId,
    ];

    /// The id as JSON carries it (`uscc`, `orgCodeInUscc`, …).
    pub fn as_str(self) -> &'static str {
        self.names().0
    }

    /// What a person reads: how the record was found, in Chinese.
    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    /// The same in English.
    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            MatchedBy::Uscc => (
                "uscc",
                "统一社会信用代码相同",
                "same unified social credit code",
            ),
            MatchedBy::OrgCodeInUscc => (
                "orgCodeInUscc",
                "所查代码中含名单记录的组织机构代码",
                "the code asked contains the record's organisation code",
            ),
            MatchedBy::OrgCode => ("orgCode", "组织机构代码相同", "same organisation code"),
            MatchedBy::UsccContainsOrgCode => (
                "usccContainsOrgCode",
                "名单记录的统一社会信用代码含所查组织机构代码",
                "the record's unified social credit code contains the organisation code asked",
            ),
            MatchedBy::RegistrationNumber => (
                "registrationNumber",
                "注册号相同",
                "same registration number",
            ),
            MatchedBy::IdNumber => ("idNumber", "身份证号码相同", "same ID number"),
            MatchedBy::LegalRepresentativeId => (
                "legalRepresentativeId",
                "所查身份证号码为名单记录中法定代表人的号码",
                "the ID number asked is the record's legal representative's",
            ),
        }
    }

    /// Whether the identifier was derived (organisation code inside a USCC) rather than equal.
    pub fn is_derived(self) -> bool {
        matches!(
            self,
            MatchedBy::OrgCodeInUscc | MatchedBy::UsccContainsOrgCode
        )
    }
}

/// One record an identifier lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdHit {
    /// The record's row in this snapshot.
    pub row: u32,
    /// How.
    pub matched_by: MatchedBy,
}

/// What a lookup found: never a bare bool, so "not covered" cannot pass for "not listed".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Records on the covered lists concern this identifier.
    Listed(Vec<IdHit>),
    /// No record on any of the lists asked about, and the snapshot covers them all.
    NotListed,
    /// No record found, and the snapshot does not cover these lists (so nothing can be said).
    NotCovered(Vec<ListType>),
}

/// A lookup's answer: the outcome, and whether the snapshot it came from is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// What was found.
    pub lookup: Lookup,
    /// Asked lists this snapshot does not cover (also when something was found elsewhere).
    pub uncovered: Vec<ListType>,
    /// The snapshot is past its `expiresAt` (loaded with `allow_stale`).
    pub stale: bool,
}

/// A verified, ready snapshot.
pub struct Snapshot {
    bytes: Vec<u8>,
    header: Header,
    header_json: Range<usize>,
    stale: bool,
    // The checking time given at load, and the real time then: answers use the checking time
    // moved on by the real time elapsed, so a page kept open sees the snapshot go stale.
    checked_at: DateTime<Utc>,
    loaded_at: DateTime<Utc>,
    n: usize,
    fixed: Fixed,
    names: StrCol,
    former_names: StrCol,
    authorities: DictCol,
    decisions: StrCol,
    reasons: DictCol,
    persons: StrCol,
    sanctions: StrCol,
    penalties: StrCol,
    masked_ids: StrCol,
    entity: Table,
    regno: Table,
    person: Table,
    rep: Table,
    // The entity keys' organisation codes hashed (large tables only), built by the first batch
    // lookup or with a checker's name index (`entity_table`), not by the load: single lookups
    // before then search the keys.
    entity_index: OnceLock<Option<PrefixIndex>>,
    catalogue: Option<Range<usize>>,
    // A sharded snapshot's manifest: its shard directory section.
    directory: Option<Range<usize>>,
    // A view built from a sharded snapshot's shards: what it stands for.
    view: Option<View>,
}

/// What a view (a snapshot built from some shards of a sharded one) stands for.
#[derive(Debug, Clone)]
struct View {
    manifest_header_json: String,
    shards: Vec<String>,
    common: Vec<(u64, u64)>,
    // A view over several publishers' manifests: each one, and each row's.
    sources: Vec<ViewSource>,
    row_sources: Vec<u16>,
}

/// One publisher's manifest behind a combined view: whose a record is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewSource {
    /// Publisher.
    pub publisher: String,
    /// Signing key id.
    pub key_id: String,
    /// Sequence.
    pub sequence: u64,
    /// Issue time (RFC 3339).
    pub issued_at: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
    /// The manifest's payload digest (hex).
    pub payload_digest: String,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("publisher", &self.header.publisher)
            .field("sequence", &self.header.sequence)
            .field("records", &self.n)
            .field("stale", &self.stale)
            .finish()
    }
}

#[derive(Default)]
struct Fixed {
    flags: usize,
    flags2: usize,
    list_type: usize,
    dates: [usize; 5],
}

/// A string column: varint lengths and a blob, with a checkpoint every [`CHECKPOINT`] rows.
#[derive(Default)]
struct StrCol {
    lens: Range<usize>,
    blob: Range<usize>,
    checkpoints: Vec<(u32, u32)>,
}

const CHECKPOINT: usize = 32;

#[derive(Default)]
struct DictCol {
    offsets: Vec<u32>,
    blob: Range<usize>,
    width: usize,
    indices: usize,
}

#[derive(Default)]
struct Table {
    width: usize,
    primary: Option<(usize, usize, usize)>, // (base row, count, keys offset)
    extra: Option<(usize, usize, usize)>,   // (count, keys offset, rows offset)
    // Extra entries ordered by row, built on first use (decoding records), not at load.
    by_row: std::sync::OnceLock<Vec<u32>>,
}

/// Streaming load: feed chunks as they arrive, then [`finish`](SnapshotReader::finish). The
/// header is verified as soon as it is complete; the payload is hashed as it arrives and its
/// buffer allocated once, at the size the signed header states.
pub struct SnapshotReader {
    keyring: Keyring,
    options: LoadOptions,
    buf: Vec<u8>,
    state: ReaderState,
    // Reading a sharded snapshot's manifest rather than a snapshot.
    manifest: bool,
    // A SHA-256 payload digest is left to the caller's platform (see `leave_sha256`).
    platform_sha256: bool,
    // Where the last push's bytes begin in `buf` (see `last_payload_chunk`).
    last_push_start: usize,
}

enum ReaderState {
    Head,
    Payload {
        header: Box<Header>,
        header_json: Range<usize>,
        payload_start: usize,
        total: usize,
        algorithm: super::signature::Algorithm,
        // None: the payload is hashed at the end, by the caller's platform or by `finish`.
        hasher: Option<Box<Hasher>>,
    },
    Failed,
}

/// What a streaming load has seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes received.
    pub received: u64,
    /// Bytes the file has in all, once the header is verified.
    pub total: Option<u64>,
}

impl SnapshotReader {
    /// A reader that will verify with `keyring` under `options`.
    pub fn new(keyring: Keyring, options: LoadOptions) -> SnapshotReader {
        SnapshotReader {
            keyring,
            options,
            buf: Vec::new(),
            state: ReaderState::Head,
            manifest: false,
            platform_sha256: false,
            last_push_start: 0,
        }
    }

    /// Leaves a SHA-256 payload digest (algorithm `ed25519`) to the caller, whose platform may
    /// hash faster than this code (WebCrypto, `node:crypto`): the payload is not hashed as it
    /// arrives; once complete, the caller hashes [`payload`](Self::payload) — the very bytes
    /// that will be parsed — and hands the result to
    /// [`finish_with_digest`](Self::finish_with_digest). [`finish`](Self::finish) still works
    /// (it then hashes here), so a caller whose platform hash fails falls back, never skips.
    /// An SM3 payload (`sm2-sm3`) is always hashed here. Call before the first `push`.
    pub fn leave_sha256(&mut self) {
        if matches!(self.state, ReaderState::Head) && self.buf.is_empty() {
            self.platform_sha256 = true;
        }
    }

    /// The whole payload, once it has arrived, when the caller owes its digest (after
    /// [`leave_sha256`](Self::leave_sha256), a SHA-256 snapshot); `None` otherwise.
    pub fn payload(&self) -> Option<&[u8]> {
        match &self.state {
            ReaderState::Payload {
                payload_start,
                total,
                hasher: None,
                ..
            } if self.buf.len() == *total => Some(&self.buf[*payload_start..]),
            _ => None,
        }
    }

    /// The payload bytes the last push added, when the caller owes the digest (after
    /// [`leave_sha256`](Self::leave_sha256), a SHA-256 snapshot); `None` otherwise. A platform
    /// with an incremental SHA-256 hashes each chunk as it arrives, while it is still in cache,
    /// instead of the whole payload at the end: over every push these are exactly the bytes of
    /// [`payload`](Self::payload), each once, in order.
    pub fn last_payload_chunk(&self) -> Option<&[u8]> {
        match &self.state {
            ReaderState::Payload {
                payload_start,
                hasher: None,
                ..
            } => self.buf.get(self.last_push_start.max(*payload_start)..),
            _ => None,
        }
    }

    /// A reader for the manifest of a sharded snapshot ([`Snapshot::load_manifest`]'s rules).
    pub fn for_manifest(keyring: Keyring, options: LoadOptions) -> SnapshotReader {
        SnapshotReader {
            manifest: true,
            ..SnapshotReader::new(keyring, options)
        }
    }

    /// Adds a chunk. Errors are final: the reader refuses everything after one.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Progress, SnapshotError> {
        self.last_push_start = self.buf.len();
        let r = self.push_inner(chunk);
        if r.is_err() {
            self.state = ReaderState::Failed;
            self.buf = Vec::new();
        }
        r
    }

    /// Like [`push`](Self::push) for a chunk of `len` bytes that `fill` writes in place: once
    /// the header is verified, straight into the payload buffer (no copy in between, e.g. from
    /// JS memory into WebAssembly memory).
    pub fn push_from(
        &mut self,
        len: usize,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<Progress, SnapshotError> {
        self.last_push_start = self.buf.len();
        if let ReaderState::Payload { total, hasher, .. } = &mut self.state {
            let total = *total;
            if self.buf.len() + len > total {
                self.state = ReaderState::Failed;
                self.buf = Vec::new();
                return Err(trailing(total));
            }
            let start = self.buf.len();
            self.buf.resize(start + len, 0);
            fill(&mut self.buf[start..]);
            if let Some(h) = hasher {
                h.update(&self.buf[start..]);
            }
            return Ok(Progress {
                received: self.buf.len() as u64,
                total: Some(total as u64),
            });
        }
        let mut chunk = vec![0; len];
        fill(&mut chunk);
        self.push(&chunk)
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<Progress, SnapshotError> {
        match &mut self.state {
            ReaderState::Failed => Err(SnapshotError::state(
                "加载已失败，请重新开始",
                "the load already failed; start again",
            )),
            ReaderState::Head => {
                self.buf.extend_from_slice(chunk);
                let Some(v) = verify_head(&self.buf, &self.keyring, &self.options, false)? else {
                    if self.buf.len() >= head_limit() {
                        return Err(SnapshotError::LimitExceeded {
                            what: "header bytes",
                            limit: u64::from(format::MAX_HEADER_LEN),
                            found: self.buf.len() as u64,
                        });
                    }
                    return Ok(Progress {
                        received: self.buf.len() as u64,
                        total: None,
                    });
                };
                let total = v.payload_start + v.header.payload_length as usize;
                if self.buf.len() > total {
                    return Err(trailing(total));
                }
                // One allocation, of the size the signed header states.
                let more = total - self.buf.len();
                self.buf
                    .try_reserve_exact(more)
                    .map_err(|_| SnapshotError::LimitExceeded {
                        what: "payload bytes",
                        limit: format::MAX_PAYLOAD_LEN,
                        found: total as u64,
                    })?;
                let left =
                    self.platform_sha256 && v.algorithm == super::signature::Algorithm::Ed25519;
                let hasher = (!left).then(|| {
                    let mut h = Box::new(Hasher::new(v.algorithm));
                    h.update(&self.buf[v.payload_start..]);
                    h
                });
                self.state = ReaderState::Payload {
                    header: Box::new(v.header),
                    header_json: v.header_json,
                    payload_start: v.payload_start,
                    total,
                    algorithm: v.algorithm,
                    hasher,
                };
                Ok(Progress {
                    received: self.buf.len() as u64,
                    total: Some(total as u64),
                })
            }
            ReaderState::Payload { total, hasher, .. } => {
                if self.buf.len() + chunk.len() > *total {
                    return Err(trailing(*total));
                }
                if let Some(h) = hasher {
                    h.update(chunk);
                }
                self.buf.extend_from_slice(chunk);
                Ok(Progress {
                    received: self.buf.len() as u64,
                    total: Some(*total as u64),
                })
            }
        }
    }

    /// Checks the digest and makes the snapshot ready.
    pub fn finish(self) -> Result<Snapshot, SnapshotError> {
        self.finish_inner(None)
    }

    /// Like [`finish`](Self::finish), with the SHA-256 of [`payload`](Self::payload) computed
    /// by the caller (after [`leave_sha256`](Self::leave_sha256)); compared with the signed
    /// header's digest in constant time. When this reader hashed the payload itself (SM3, or
    /// not left to the caller) `sha256` is not used: its own digest decides.
    pub fn finish_with_digest(self, sha256: &[u8]) -> Result<Snapshot, SnapshotError> {
        self.finish_inner(Some(sha256))
    }

    fn finish_inner(self, given: Option<&[u8]>) -> Result<Snapshot, SnapshotError> {
        match self.state {
            ReaderState::Failed => Err(SnapshotError::state(
                "加载已失败，请重新开始",
                "the load already failed; start again",
            )),
            ReaderState::Head => {
                // Not even the header: say what is missing.
                verify_head(&self.buf, &self.keyring, &self.options, true)?;
                Err(SnapshotError::Truncated {
                    needed: self.buf.len() as u64 + 1,
                    found: self.buf.len() as u64,
                })
            }
            ReaderState::Payload {
                header,
                header_json,
                payload_start,
                total,
                algorithm,
                hasher,
            } => {
                if self.buf.len() < total {
                    return Err(SnapshotError::Truncated {
                        needed: total as u64,
                        found: self.buf.len() as u64,
                    });
                }
                let ok = match (hasher, given) {
                    (Some(h), _) => h.finalize() == header.payload_digest,
                    (None, Some(d)) => same_digest(d, &header.payload_digest),
                    // The caller's platform could not hash: this code does, now.
                    (None, None) => {
                        super::signature::digest(algorithm, &self.buf[payload_start..])
                            == header.payload_digest
                    }
                };
                if !ok {
                    return Err(SnapshotError::DigestMismatch);
                }
                let stale = header.is_stale_at(self.options.now);
                let s = Snapshot::ready(self.buf, *header, header_json, stale, self.options.now)?;
                match (s.directory.is_some(), self.manifest) {
                    (true, false) => Err(SnapshotError::ShardedManifest),
                    (false, true) => Err(SnapshotError::NotAManifest),
                    _ => Ok(s),
                }
            }
        }
    }
}

/// Digest equality in time independent of where they differ.
fn same_digest(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn head_limit() -> usize {
    format::PREFIX_LEN + format::MAX_KEY_ID_LEN + 64 + 4 + format::MAX_HEADER_LEN as usize
}

fn trailing(total: usize) -> SnapshotError {
    SnapshotError::malformed(
        "快照数据之后还有多余字节",
        "bytes after the end of the snapshot",
        total as u64,
    )
}

struct VerifiedHead {
    header: Header,
    header_json: Range<usize>,
    payload_start: usize,
    algorithm: super::signature::Algorithm,
}

/// Verifies envelope, key, signature and header. `Ok(None)`: more bytes needed (only when
/// `complete` is false).
fn verify_head(
    bytes: &[u8],
    keyring: &Keyring,
    o: &LoadOptions,
    complete: bool,
) -> Result<Option<VerifiedHead>, SnapshotError> {
    let env = if complete {
        Envelope::read_complete(bytes)?
    } else {
        match Envelope::read(bytes)? {
            Some(e) => e,
            None => return Ok(None),
        }
    };
    let Some(alg) = env.algorithm else {
        return Err(SnapshotError::NotSigned);
    };
    let start = env.len();
    let end = start + env.header_len as usize;
    if bytes.len() < end {
        if complete {
            return Err(SnapshotError::Truncated {
                needed: end as u64,
                found: bytes.len() as u64,
            });
        }
        return Ok(None);
    }
    let header_bytes = &bytes[start..end];
    let entry = keyring.verify(
        &env.key_id,
        alg,
        &signed_message(header_bytes),
        &env.signature,
        o.now,
    )?;
    let header = Header::from_json(header_bytes, start as u64)?;
    if header.key_id != env.key_id || header.algorithm != Some(alg) {
        return Err(SnapshotError::malformed(
            "签名头中的密钥或算法与信封不一致",
            "the header's key or algorithm differs from the envelope's",
            start as u64,
        ));
    }
    entry.check_scope(&header.publisher, &header.list_types, &header.region.code)?;
    if header.issued_at > o.now + Duration::seconds(MAX_CLOCK_SKEW_SECONDS) {
        return Err(SnapshotError::NotYetValid {
            issued_at: header.issued_at,
        });
    }
    entry.check_valid_at(header.issued_at)?;
    if let Some(last) = o.last_accepted_sequence {
        if header.sequence < last {
            return Err(SnapshotError::Rollback {
                sequence: header.sequence,
                last_accepted: last,
            });
        }
    }
    if header.is_stale_at(o.now) && !o.allow_stale {
        return Err(SnapshotError::Stale {
            expires_at: header.expires_at,
        });
    }
    Ok(Some(VerifiedHead {
        header,
        header_json: start..end,
        payload_start: end,
        algorithm: alg,
    }))
}

/// A bounds-checked cursor over the payload; every read names its offset on failure.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Cursor<'a> {
    fn need(&self, n: usize) -> Result<usize, SnapshotError> {
        match self.pos.checked_add(n) {
            Some(e) if e <= self.end => Ok(e),
            _ => Err(SnapshotError::malformed(
                format!("数据段越界：需要{n}字节"),
                format!("section overrun: {n} bytes needed"),
                self.pos as u64,
            )),
        }
    }
    fn take(&mut self, n: usize) -> Result<Range<usize>, SnapshotError> {
        let e = self.need(n)?;
        let r = self.pos..e;
        self.pos = e;
        Ok(r)
    }
    fn u32(&mut self) -> Result<u32, SnapshotError> {
        let r = self.take(4)?;
        let s = &self.b[r];
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u16(&mut self) -> Result<u16, SnapshotError> {
        let r = self.take(2)?;
        let s = &self.b[r];
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u8(&mut self) -> Result<u8, SnapshotError> {
        let r = self.take(1)?;
        Ok(self.b[r.start])
    }
    /// `count × width` bytes, the product checked.
    fn array(&mut self, count: usize, width: usize) -> Result<Range<usize>, SnapshotError> {
        let n = count.checked_mul(width).ok_or_else(|| {
            SnapshotError::malformed("数组长度溢出", "array length overflows", self.pos as u64)
        })?;
        self.take(n)
    }
    fn bad(&self, zh: impl Into<String>, en: impl Into<String>) -> SnapshotError {
        SnapshotError::malformed(zh, en, self.pos as u64)
    }
}

impl Snapshot {
    /// Verifies and loads a complete snapshot file. The manifest of a sharded snapshot is
    /// refused ([`SnapshotError::ShardedManifest`]): it has no records of its own.
    pub fn load(
        bytes: Vec<u8>,
        keyring: &Keyring,
        options: LoadOptions,
    ) -> Result<Snapshot, SnapshotError> {
        Snapshot::load_any(bytes, keyring, options)?.not_a_manifest()
    }

    /// Verifies and loads the manifest of a sharded snapshot (a signed file with a shard
    /// directory and no records) as [`load`](Self::load) does a snapshot: the same signature,
    /// key, rollback and expiry rules. A single-file snapshot is refused
    /// ([`SnapshotError::NotAManifest`]).
    pub fn load_manifest(
        bytes: Vec<u8>,
        keyring: &Keyring,
        options: LoadOptions,
    ) -> Result<Snapshot, SnapshotError> {
        let s = Snapshot::load_any(bytes, keyring, options)?;
        if s.directory.is_none() {
            return Err(SnapshotError::NotAManifest);
        }
        Ok(s)
    }

    fn load_any(
        bytes: Vec<u8>,
        keyring: &Keyring,
        options: LoadOptions,
    ) -> Result<Snapshot, SnapshotError> {
        let Some(v) = verify_head(&bytes, keyring, &options, true)? else {
            return Err(SnapshotError::Truncated {
                needed: bytes.len() as u64 + 1,
                found: bytes.len() as u64,
            });
        };
        let total = v.payload_start as u64 + v.header.payload_length;
        if (bytes.len() as u64) < total {
            return Err(SnapshotError::Truncated {
                needed: total,
                found: bytes.len() as u64,
            });
        }
        if bytes.len() as u64 > total {
            return Err(trailing(total as usize));
        }
        let digest = super::signature::digest(v.algorithm, &bytes[v.payload_start..]);
        if digest != v.header.payload_digest {
            return Err(SnapshotError::DigestMismatch);
        }
        let stale = v.header.is_stale_at(options.now);
        Snapshot::ready(bytes, v.header, v.header_json, stale, options.now)
    }

    /// Reads a snapshot **without verifying its signature** (the payload digest is still checked
    /// when the file is signed). For publisher tooling (`diff`, `inspect` without a keyring);
    /// never for answering a form's question. Native only.
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    pub fn load_unverified(bytes: Vec<u8>) -> Result<Snapshot, SnapshotError> {
        let (env, header, payload) = super::build::split_unverified(&bytes)?;
        if let Some(alg) = env.algorithm {
            if super::signature::digest(alg, payload) != header.payload_digest {
                return Err(SnapshotError::DigestMismatch);
            }
        }
        Snapshot::from_built(bytes, false, Utc::now())
    }

    /// Reads a shard of a sharded snapshot, whose bytes the caller has checked against the
    /// digest its verified manifest names (shards are not signed themselves).
    pub(crate) fn load_shard(bytes: Vec<u8>) -> Result<Snapshot, SnapshotError> {
        Snapshot::from_built(bytes, false, Utc::now())?.not_a_manifest()
    }

    /// Reads bytes whose integrity the caller vouches for (a verified shard, a view just built):
    /// envelope and header parsed, the signature not looked at.
    fn from_built(
        bytes: Vec<u8>,
        stale: bool,
        checked_at: DateTime<Utc>,
    ) -> Result<Snapshot, SnapshotError> {
        let (env, header, _) = super::build::split_unverified(&bytes)?;
        let start = env.len();
        let json = start..start + env.header_len as usize;
        Snapshot::ready(bytes, header, json, stale, checked_at)
    }

    /// Parses the verified payload: section bounds, counts, column consistency, sortedness.
    // One copy for every way in (load, stream, shard, view): it is large.
    #[inline(never)]
    fn ready(
        bytes: Vec<u8>,
        header: Header,
        header_json: Range<usize>,
        stale: bool,
        checked_at: DateTime<Utc>,
    ) -> Result<Snapshot, SnapshotError> {
        let mut s = Snapshot::empty(header, header_json.clone(), stale, checked_at);
        let n = usize::try_from(s.header.counts.records).unwrap_or(usize::MAX);
        s.n = n;
        {
            let b = &bytes[..];
            let mut c = Cursor {
                b,
                pos: header_json.end,
                end: b.len(),
            };
            let mut seen: Vec<u16> = Vec::new();
            while c.pos < c.end {
                if seen.len() >= MAX_SECTIONS {
                    return Err(SnapshotError::LimitExceeded {
                        what: "sections",
                        limit: MAX_SECTIONS as u64,
                        found: seen.len() as u64 + 1,
                    });
                }
                let t = c.u16()?;
                let flags = c.u16()?;
                let len = c.u32()? as usize;
                let body = c.take(len)?;
                // Sections come in ascending tag order, each once.
                if seen.last().is_some_and(|&last| t <= last) {
                    return Err(SnapshotError::malformed(
                        format!("数据段{t}重复或顺序错误"),
                        format!("section {t} repeated or out of order"),
                        body.start as u64 - 8,
                    ));
                }
                seen.push(t);
                s.read_section(b, t, flags, body)?;
            }
            required_sections(&seen, c.pos)?;
            check_groups(&s, c.pos)?;
            check_fixed(b, &s.fixed, n)?;
        }
        s.bytes = bytes;
        Ok(s)
    }

    /// A snapshot with its header and no sections read yet.
    fn empty(
        header: Header,
        header_json: Range<usize>,
        stale: bool,
        checked_at: DateTime<Utc>,
    ) -> Snapshot {
        Snapshot {
            n: 0,
            header,
            stale,
            checked_at,
            loaded_at: Utc::now(),
            fixed: Fixed::default(),
            names: StrCol::default(),
            former_names: StrCol::default(),
            authorities: DictCol::default(),
            decisions: StrCol::default(),
            reasons: DictCol::default(),
            persons: StrCol::default(),
            sanctions: StrCol::default(),
            penalties: StrCol::default(),
            masked_ids: StrCol::default(),
            entity: Table::default(),
            regno: Table::default(),
            person: Table::default(),
            rep: Table::default(),
            entity_index: OnceLock::new(),
            catalogue: None,
            directory: None,
            view: None,
            bytes: Vec::new(),
            header_json,
        }
    }

    /// Reads one section's body into its column or table; it must be read to its end. An
    /// unknown section is skipped only when it is flagged optional.
    fn read_section(
        &mut self,
        b: &[u8],
        t: u16,
        flags: u16,
        body: Range<usize>,
    ) -> Result<(), SnapshotError> {
        let n = self.n;
        let len = body.len();
        let mut sc = Cursor {
            b,
            pos: body.start,
            end: body.end,
        };
        match t {
            tag::RECORDS => self.fixed = read_fixed(&mut sc, n)?,
            tag::NAMES => self.names = read_str(&mut sc, n)?,
            tag::FORMER_NAMES => self.former_names = read_str(&mut sc, n)?,
            tag::AUTHORITIES => self.authorities = read_dict(&mut sc, n)?,
            tag::DECISIONS => self.decisions = read_str(&mut sc, n)?,
            tag::REASONS => self.reasons = read_dict(&mut sc, n)?,
            tag::PERSONS => self.persons = read_str(&mut sc, n)?,
            tag::SANCTIONS => self.sanctions = read_str(&mut sc, n)?,
            tag::PENALTIES => self.penalties = read_str(&mut sc, n)?,
            tag::MASKED_IDS => self.masked_ids = read_str(&mut sc, n)?,
            tag::ENTITY_PRIMARY => read_primary::<ENTITY_KEY_LEN>(&mut sc, n, &mut self.entity)?,
            tag::ENTITY_EXTRA => read_extra::<ENTITY_KEY_LEN>(&mut sc, n, &mut self.entity)?,
            tag::REGNO_PRIMARY => read_primary::<REGNO_KEY_LEN>(&mut sc, n, &mut self.regno)?,
            tag::REGNO_EXTRA => read_extra::<REGNO_KEY_LEN>(&mut sc, n, &mut self.regno)?,
            tag::PERSON_PRIMARY => read_primary::<PERSON_KEY_LEN>(&mut sc, n, &mut self.person)?,
            tag::PERSON_EXTRA => read_extra::<PERSON_KEY_LEN>(&mut sc, n, &mut self.person)?,
            tag::REP_ID => read_extra::<PERSON_KEY_LEN>(&mut sc, n, &mut self.rep)?,
            tag::CATALOGUE => {
                if len as u64 > MAX_CATALOGUE_LEN {
                    return Err(SnapshotError::LimitExceeded {
                        what: "catalogue bytes",
                        limit: MAX_CATALOGUE_LEN,
                        found: len as u64,
                    });
                }
                if std::str::from_utf8(&b[body.clone()]).is_err() {
                    return Err(sc.bad("措施清单不是UTF-8文本", "the catalogue is not UTF-8"));
                }
                self.catalogue = Some(body.clone());
                sc.pos = sc.end;
            }
            tag::SHARD_DIRECTORY => {
                self.directory = Some(body.clone());
                sc.pos = sc.end;
            }
            _ if flags & OPTIONAL_SECTION != 0 => return Ok(()),
            other => {
                return Err(SnapshotError::malformed(
                    format!("未知数据段{other}"),
                    format!("unknown section {other}"),
                    body.start as u64 - 8,
                ))
            }
        }
        if sc.pos != sc.end {
            return Err(sc.bad(
                format!("数据段{t}末尾有多余字节"),
                format!("section {t} has bytes left over"),
            ));
        }
        Ok(())
    }

    fn not_a_manifest(self) -> Result<Snapshot, SnapshotError> {
        if self.directory.is_some() {
            return Err(SnapshotError::ShardedManifest);
        }
        Ok(self)
    }

    /// A manifest's shard directory section (verified with the manifest), `None` for a snapshot.
    pub fn directory_bytes(&self) -> Option<(&[u8], u64)> {
        self.directory
            .as_ref()
            .map(|r| (&self.bytes[r.clone()], r.start as u64))
    }

    /// A view: the snapshot built (`build_unsigned`) from the records of some shards of a
    /// sharded snapshot, standing for its `manifest` — the manifest's publisher, key, sequence,
    /// times and payload digest, so that a check on it names the manifest, plus the digests of
    /// the shards it was built from.
    pub fn view_of(
        built: Vec<u8>,
        manifest: &Snapshot,
        shards: Vec<String>,
        common: Vec<(u64, u64)>,
    ) -> Result<Snapshot, SnapshotError> {
        let mut s = Snapshot::from_built(built, manifest.stale, manifest.now())?;
        let m = &manifest.header;
        s.header.publisher = m.publisher.clone();
        s.header.key_id = m.key_id.clone();
        s.header.algorithm = m.algorithm;
        s.header.sequence = m.sequence;
        s.header.issued_at = m.issued_at;
        s.header.expires_at = m.expires_at;
        s.header.region = m.region.clone();
        s.header.list_types = m.list_types.clone();
        s.header.payload_digest = m.payload_digest;
        s.view = Some(View {
            manifest_header_json: manifest.header_json().to_string(),
            shards,
            common,
            sources: Vec::new(),
            row_sources: Vec::new(),
        });
        Ok(s)
    }

    /// A view over several publishers' manifests (`crate::shards::source::CombinedSource`):
    /// publisher and key name them all, the expiry is the earliest, the digest is the SHA-256 of
    /// their digests in order, and every row says which manifest its record came from
    /// (`owner`: the manifests, by index, of each record's copies, keyed by its JSON).
    pub(crate) fn combined_view(
        built: Vec<u8>,
        manifests: &[&Snapshot],
        shards: Vec<String>,
        common: Vec<(u64, u64)>,
        mut owner: crate::hash::FxHashMap<String, Vec<u16>>,
    ) -> Result<Snapshot, SnapshotError> {
        use sha2::Digest as _;
        let Some(first) = manifests.first() else {
            return Err(SnapshotError::NotAManifest);
        };
        let stale = manifests.iter().any(|m| m.stale);
        let mut s = Snapshot::from_built(built, stale, first.now())?;
        let heads: Vec<&Header> = manifests.iter().map(|m| &m.header).collect();
        let join = |f: &dyn Fn(&Header) -> String, sep: &str| {
            heads.iter().map(|h| f(h)).collect::<Vec<_>>().join(sep)
        };
        s.header.publisher = join(&|h| h.publisher.clone(), "、");
        s.header.key_id = join(&|h| h.key_id.clone(), ",");
        s.header.algorithm = first.header.algorithm;
        s.header.sequence = 0;
        s.header.issued_at = heads.iter().map(|h| h.issued_at).max().unwrap_or_default();
        s.header.expires_at = heads.iter().map(|h| h.expires_at).min().unwrap_or_default();
        if heads.iter().any(|h| h.region != first.header.region) {
            s.header.region = super::format::Region {
                code: "000000".into(),
                name: "全国".into(),
            };
        }
        let mut d = sha2::Sha256::new();
        for h in &heads {
            d.update(h.payload_digest);
        }
        s.header.payload_digest = d.finalize().into();
        let mut row_sources = Vec::with_capacity(s.n);
        for row in 0..s.n {
            let key = serde_json::to_string(&s.record(row)?).unwrap_or_default();
            let src = owner.get_mut(&key).and_then(|v| v.pop()).unwrap_or(0);
            row_sources.push(src);
        }
        let sources = manifests
            .iter()
            .map(|m| ViewSource {
                publisher: m.header.publisher.clone(),
                key_id: m.header.key_id.clone(),
                sequence: m.header.sequence,
                issued_at: super::signature::rfc3339(&m.header.issued_at),
                expires_at: super::signature::rfc3339(&m.header.expires_at),
                payload_digest: m.digest_hex(),
            })
            .collect();
        let headers = manifests
            .iter()
            .map(|m| m.header_json())
            .collect::<Vec<_>>()
            .join(",");
        s.view = Some(View {
            manifest_header_json: format!("[{headers}]"),
            shards,
            common,
            sources,
            row_sources,
        });
        Ok(s)
    }

    /// For a view over several publishers' manifests, each of them; `None` otherwise.
    pub fn view_sources(&self) -> Option<&[ViewSource]> {
        self.view
            .as_ref()
            .filter(|v| !v.sources.is_empty())
            .map(|v| v.sources.as_slice())
    }

    /// For a view over several publishers' manifests, whose record `row` is.
    pub fn row_source(&self, row: usize) -> Option<&ViewSource> {
        let v = self.view.as_ref()?;
        v.sources.get(*v.row_sources.get(row)? as usize)
    }

    /// For a view, the name-index keys the whole list holds more than
    /// [`crate::matching::COMMON`] records under, with their counts (sorted by key): the view
    /// may hold only some of those records, and the name index must judge the keys by the
    /// whole list. Empty otherwise.
    pub fn common_name_keys(&self) -> &[(u64, u64)] {
        self.view.as_ref().map_or(&[], |v| v.common.as_slice())
    }

    /// For a view, the digests of the shards it was built from (sorted); `None` otherwise.
    pub fn view_shards(&self) -> Option<&[String]> {
        self.view.as_ref().map(|v| v.shards.as_slice())
    }

    /// The verified header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header exactly as signed (JSON).
    pub fn header_json(&self) -> &str {
        if let Some(v) = &self.view {
            return &v.manifest_header_json;
        }
        std::str::from_utf8(&self.bytes[self.header_json.clone()]).unwrap_or("")
    }

    /// Whether it is past `expiresAt` now (the checking time given at load, moved on by the
    /// time since).
    pub fn is_stale(&self) -> bool {
        self.stale || self.header.is_stale_at(self.now())
    }

    /// The checking time given at load plus the real time elapsed since.
    pub fn now(&self) -> DateTime<Utc> {
        self.checked_at + (Utc::now() - self.loaded_at)
    }

    /// Whether it is stale at `now` (a long-lived page may outlive the snapshot).
    pub fn is_stale_at(&self, now: DateTime<Utc>) -> bool {
        self.stale || self.header.is_stale_at(now)
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The file's size in bytes.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Heap bytes this snapshot holds (the file plus the reader's small tables).
    pub fn memory_bytes(&self) -> usize {
        self.bytes.capacity()
            + self
                .entity_table_if_built()
                .map_or(0, PrefixIndex::memory_bytes)
            + [
                &self.names,
                &self.former_names,
                &self.decisions,
                &self.persons,
                &self.sanctions,
                &self.penalties,
                &self.masked_ids,
            ]
            .iter()
            .map(|c| c.checkpoints.capacity() * 8)
            .sum::<usize>()
            + (self.authorities.offsets.capacity() + self.reasons.offsets.capacity()) * 4
    }

    /// The entity table, built on first use (by a batch lookup, or a checker's name index):
    /// reading a million keys and hashing their organisation codes takes about a tenth of the
    /// load, and a page that only looks up a code or two does not need it.
    fn entity_table(&self) -> Option<&PrefixIndex> {
        self.entity_index
            .get_or_init(|| table_over(&self.bytes, &self.entity))
            .as_ref()
    }

    /// Builds the entity table now, if the snapshot is large enough to have one and it is not
    /// built yet; returns whether it is there. A checker does this with its name index.
    pub fn build_entity_table(&self) -> bool {
        self.entity_table().is_some()
    }

    /// The entity table if a batch or a checker has built it; otherwise lookups search the keys.
    fn entity_table_if_built(&self) -> Option<&PrefixIndex> {
        self.entity_index.get().and_then(Option::as_ref)
    }

    /// The payload digest, hex.
    pub fn digest_hex(&self) -> String {
        hex_encode(&self.header.payload_digest)
    }

    /// Looks an identifier up on every list the snapshot covers (`lists: None`) or on some.
    pub fn lookup(&self, id: &Identifier, lists: Option<&[ListType]>) -> Answer {
        let lists = lists.filter(|l| !l.is_empty());
        let mut hits = Vec::new();
        self.find(id, &mut hits);
        let uncovered: Vec<ListType> = lists
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|l| !self.header.covers(*l))
            .collect();
        if let Some(lists) = lists {
            hits.retain(|h| lists.contains(&self.list_type(h.row as usize)));
        }
        let lookup = if !hits.is_empty() {
            Lookup::Listed(hits)
        } else if !uncovered.is_empty() || self.header.list_types.is_empty() {
            Lookup::NotCovered(uncovered.clone())
        } else {
            Lookup::NotListed
        };
        Answer {
            lookup,
            uncovered,
            stale: self.is_stale(),
        }
    }

    /// Calls `f` for every record an identifier finds, with how.
    pub fn for_each_hit(&self, id: &Identifier, mut f: impl FnMut(IdHit)) {
        let b = &self.bytes[..];
        match id {
            Identifier::Uscc(u) => {
                let key = format::entity_key_of_uscc(u.as_bytes());
                self.entity
                    .for_each(b, self.entity_table_if_built(), &key[..9], |row, k| {
                        let by = if k == key {
                            MatchedBy::Uscc
                        } else if k[9] == 0 {
                            MatchedBy::OrgCodeInUscc
                        } else {
                            return;
                        };
                        f(IdHit {
                            row,
                            matched_by: by,
                        });
                    });
            }
            Identifier::OrgCode(o) => {
                self.entity
                    .for_each(b, self.entity_table_if_built(), o.as_bytes(), |row, k| {
                        let by = if k[9] == 0 {
                            MatchedBy::OrgCode
                        } else {
                            MatchedBy::UsccContainsOrgCode
                        };
                        f(IdHit {
                            row,
                            matched_by: by,
                        });
                    });
            }
            Identifier::RegistrationNumber(r) => {
                self.regno
                    .for_each(b, None, r.as_str().as_bytes(), |row, _| {
                        f(IdHit {
                            row,
                            matched_by: MatchedBy::RegistrationNumber,
                        })
                    });
            }
            Identifier::IdNumber(p) => {
                let key = p.eighteen().as_bytes();
                self.person.for_each(b, None, key, |row, _| {
                    f(IdHit {
                        row,
                        matched_by: MatchedBy::IdNumber,
                    })
                });
                self.rep.for_each(b, None, key, |row, _| {
                    f(IdHit {
                        row,
                        matched_by: MatchedBy::LegalRepresentativeId,
                    })
                });
            }
        }
    }

    /// Appends the rows an identifier finds, with how (in row order per way).
    pub fn find(&self, id: &Identifier, out: &mut Vec<IdHit>) {
        self.for_each_hit(id, |h| out.push(h));
    }

    /// Counts the records an identifier finds, without collecting them.
    pub fn count(&self, id: &Identifier) -> usize {
        let mut n = 0;
        self.for_each_hit(id, |_| n += 1);
        n
    }

    fn flags(&self, row: usize) -> u8 {
        self.bytes.get(self.fixed.flags + row).copied().unwrap_or(0)
    }

    /// The record's list (rows out of range give the first list type; callers use rows from
    /// lookups).
    pub fn list_type(&self, row: usize) -> ListType {
        let i = self
            .bytes
            .get(self.fixed.list_type + row)
            .copied()
            .unwrap_or(0);
        ListType::ALL
            .get(usize::from(i))
            .copied()
            .unwrap_or(ListType::ALL[0])
    }

    /// The record's entity kind.
    pub fn entity_kind(&self, row: usize) -> EntityKind {
        EntityKind::ALL[usize::from(self.flags(row) & 3).min(2)]
    }

    /// The record's status.
    pub fn status(&self, row: usize) -> ListingStatus {
        let i = usize::from((self.flags(row) >> 2) & 7);
        ListingStatus::ALL[i.min(ListingStatus::ALL.len() - 1)]
    }

    fn flags2(&self, row: usize) -> u8 {
        self.bytes
            .get(self.fixed.flags2 + row)
            .copied()
            .unwrap_or(0)
    }

    fn date(&self, col: usize, row: usize) -> Option<NaiveDate> {
        let at = self.fixed.dates[col] + row * 2;
        let s = self.bytes.get(at..at + 2)?;
        date_from_u16(u16::from_le_bytes([s[0], s[1]]))
    }

    /// The record's name.
    pub fn name(&self, row: usize) -> Cow<'_, str> {
        utf8(self.names.get(&self.bytes, row))
    }

    /// The record's former names.
    pub fn former_names(&self, row: usize) -> Vec<String> {
        former_names_of(self.former_names.get(&self.bytes, row))
    }

    /// Every record's name and former names in row order, as [`name`](Self::name) and
    /// [`former_names`](Self::former_names) give them: one pass over each column's lengths
    /// (the name index's build reads them all; row by row each read decodes up to 32 lengths).
    pub(crate) fn names_in_order(&self) -> impl Iterator<Item = (Cow<'_, str>, Vec<String>)> {
        let names = self.names.cells(&self.bytes, self.n);
        let former = self.former_names.cells(&self.bytes, self.n);
        names
            .zip(former)
            .map(|(name, former)| (utf8(name), former_names_of(former)))
    }

    /// The persons named in the record's entry (empty when none, or when the cell does not
    /// decode: [`record`](Self::record) reports that).
    pub fn related_persons(&self, row: usize) -> Vec<RelatedPerson> {
        decode_persons(self.persons.get(&self.bytes, row)).unwrap_or_default()
    }

    /// Whether any person named in the record's entry is published with a masked ID number,
    /// without decoding the names.
    pub fn has_masked_person(&self, row: usize) -> bool {
        let cell = self.persons.get(&self.bytes, row);
        let mut pos = 0;
        while let (Some(_), Some(&kind)) = (cell.get(pos), cell.get(pos + 1)) {
            pos += 2;
            match kind {
                format::PERSON_ID_MASKED => return true,
                format::PERSON_ID_FULL => pos += 18,
                format::PERSON_ID_NONE => {}
                _ => return false,
            }
            let Some(len) = format::get_varint64(cell, &mut pos) else {
                return false;
            };
            pos = pos.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        }
        false
    }

    /// A natural person's ID number as published masked, if so.
    pub fn masked_id(&self, row: usize) -> Option<MaskedId> {
        MaskedId::from_bytes(self.masked_ids.get(&self.bytes, row))
    }

    /// Decodes a whole record (identifiers re-parsed; an ID number is the 18-character form).
    pub fn record(&self, row: usize) -> Result<ListRecord, SnapshotError> {
        if row >= self.n {
            return Err(SnapshotError::Malformed {
                detail: detail(format!("记录{row}不存在"), format!("no record {row}")),
                offset: None,
            });
        }
        let b = &self.bytes[..];
        let text = |c: &StrCol| utf8(c.get(b, row)).into_owned();
        let flags = self.flags(row);
        let listed_at = self.date(0, row).unwrap_or_default();
        let mut r = ListRecord::new(self.entity_kind(row), self.list_type(row), listed_at);
        r.status = self.status(row);
        r.credit_class = match flags >> 5 {
            0 => None,
            c => CreditClass::ALL.get(usize::from(c) - 1).copied(),
        };
        let flags2 = self.flags2(row);
        r.subject_role = match (flags2 >> 1) & 7 {
            0 => None,
            x => SubjectRole::ALL.get(usize::from(x) - 1).copied(),
        };
        r.repair_tier = match (flags2 >> 4) & 3 {
            0 => None,
            x => RepairTier::ALL.get(usize::from(x) - 1).copied(),
        };
        r.decided_at = self.date(4, row);
        r.penalty = text(&self.penalties);
        r.term = Term {
            min_end: self.date(1, row),
            max_end: self.date(2, row),
        };
        r.status_date = self.date(3, row);
        r.name = text(&self.names);
        let former = text(&self.former_names);
        r.former_names = if former.is_empty() {
            Vec::new()
        } else {
            former.split('\u{1f}').map(str::to_string).collect()
        };
        r.listing_authority = self.authorities.get(b, row).into_owned();
        r.decision_number = text(&self.decisions);
        r.reason = self.reasons.get(b, row).into_owned();
        let bad_id = |what: &str| SnapshotError::Malformed {
            detail: detail(
                format!("记录{row}的{what}无效"),
                format!("record {row} has an invalid {what}"),
            ),
            offset: None,
        };
        let ascii = |k: &[u8]| String::from_utf8_lossy(k).into_owned();
        for (key, extra) in self.entity.keys_of(b, row) {
            match format::uscc_of_entity_key(key) {
                Some(u) if !extra => {
                    let u: Uscc = ascii(&u).parse().map_err(|_| bad_id("uscc"))?;
                    r.uscc = Some(u);
                }
                _ => {
                    let o: OrgCode = ascii(&key[..9]).parse().map_err(|_| bad_id("org_code"))?;
                    r.org_code = Some(o);
                }
            }
        }
        if flags2 & format::FLAG_ORG_CODE_GIVEN != 0 && r.org_code.is_none() {
            r.org_code = r.uscc.map(|u| u.org_code());
        }
        for (key, _) in self.regno.keys_of(b, row) {
            r.registration_number = Some(
                ascii(key)
                    .parse()
                    .map_err(|_| bad_id("registration_number"))?,
            );
        }
        for (key, _) in self.person.keys_of(b, row) {
            r.id_number = Some(ascii(key).parse().map_err(|_| bad_id("id_number"))?);
        }
        let masked = self.masked_ids.get(b, row);
        if !masked.is_empty() {
            r.masked_id_number =
                Some(MaskedId::from_bytes(masked).ok_or_else(|| bad_id("masked_id_number"))?);
        }
        r.related_persons =
            decode_persons(self.persons.get(b, row)).ok_or_else(|| bad_id("related_persons"))?;
        r.sanctions =
            decode_sanctions(self.sanctions.get(b, row)).ok_or_else(|| bad_id("sanctions"))?;
        Ok(r)
    }

    /// Every record, in row order.
    pub fn records(&self) -> impl Iterator<Item = Result<ListRecord, SnapshotError>> + '_ {
        (0..self.n).map(|i| self.record(i))
    }
}

/// Every section a snapshot must have was read.
fn required_sections(seen: &[u16], pos: usize) -> Result<(), SnapshotError> {
    for required in [
        tag::RECORDS,
        tag::NAMES,
        tag::FORMER_NAMES,
        tag::AUTHORITIES,
        tag::DECISIONS,
        tag::REASONS,
        tag::PERSONS,
        tag::SANCTIONS,
        tag::PENALTIES,
        tag::MASKED_IDS,
        tag::ENTITY_PRIMARY,
        tag::REGNO_PRIMARY,
        tag::PERSON_PRIMARY,
    ] {
        if !seen.contains(&required) {
            return Err(SnapshotError::malformed(
                format!("缺少数据段{required}"),
                format!("section {required} is missing"),
                pos as u64,
            ));
        }
    }
    Ok(())
}

/// A walk along a string column: the next length's offset, and the current cell's start in the
/// blob and length.
#[derive(Clone, Copy)]
struct CellWalk {
    pos: usize,
    bp: u32,
    len: usize,
}

impl StrCol {
    fn lens<'a>(&self, b: &'a [u8]) -> &'a [u8] {
        &b[self.lens.start..self.lens.end]
    }

    /// A walk from checkpoint group `group`'s first row (before it), if the column has it.
    fn walk_from(&self, group: usize) -> Option<CellWalk> {
        self.checkpoints.get(group).map(|&(lp, bp)| CellWalk {
            pos: lp as usize,
            bp,
            len: 0,
        })
    }

    /// Moves `w` to the next row's cell.
    #[inline]
    fn advance(lens: &[u8], w: &mut CellWalk) {
        w.bp += w.len as u32;
        w.len = get_varint32(lens, &mut w.pos).unwrap_or(0) as usize;
    }

    /// The cell `w` is on (empty when it does not lie in the blob).
    fn cell<'a>(&self, b: &'a [u8], w: &CellWalk) -> &'a [u8] {
        let start = self.blob.start + w.bp as usize;
        b.get(start..start + w.len)
            .filter(|_| start + w.len <= self.blob.end)
            .unwrap_or(&[])
    }

    fn get<'a>(&self, b: &'a [u8], row: usize) -> &'a [u8] {
        let Some(mut w) = self.walk_from(row / CHECKPOINT) else {
            return &[];
        };
        let lens = self.lens(b);
        for _ in 0..=(row % CHECKPOINT) {
            StrCol::advance(lens, &mut w);
        }
        self.cell(b, &w)
    }

    /// The cells of rows `0..rows` in order, each as [`get`](Self::get) reads it: the same walk
    /// from each group's checkpoint, without starting over for every row.
    fn cells<'a>(&'a self, b: &'a [u8], rows: usize) -> Cells<'a> {
        Cells {
            col: self,
            b,
            row: 0,
            rows,
            walk: None,
        }
    }
}

/// [`StrCol::cells`]: the cells in row order.
struct Cells<'a> {
    col: &'a StrCol,
    b: &'a [u8],
    row: usize,
    rows: usize,
    // None in a group without a checkpoint, whose cells `get` reads as empty.
    walk: Option<CellWalk>,
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.row >= self.rows {
            return None;
        }
        if self.row % CHECKPOINT == 0 {
            self.walk = self.col.walk_from(self.row / CHECKPOINT);
        }
        self.row += 1;
        let Some(w) = self.walk.as_mut() else {
            return Some(&[]);
        };
        StrCol::advance(self.col.lens(self.b), w);
        Some(self.col.cell(self.b, w))
    }
}

impl DictCol {
    fn get<'a>(&self, b: &'a [u8], row: usize) -> Cow<'a, str> {
        let at = self.indices + row * self.width;
        let Some(s) = b.get(at..at + self.width) else {
            return Cow::Borrowed("");
        };
        let mut v = [0u8; 4];
        v[..self.width].copy_from_slice(s);
        let i = u32::from_le_bytes(v) as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&e)) => b
                .get(self.blob.start + a as usize..self.blob.start + e as usize)
                .map_or(Cow::Borrowed(""), utf8),
            _ => Cow::Borrowed(""),
        }
    }
}

impl Table {
    /// Calls `f(row, key)` for every entry whose key starts with `prefix`.
    fn for_each(
        &self,
        b: &[u8],
        index: Option<&PrefixIndex>,
        prefix: &[u8],
        mut f: impl FnMut(u32, &[u8]),
    ) {
        let w = self.width;
        if prefix.len() > w || w == 0 {
            return;
        }
        if let Some((base, count, keys)) = self.primary {
            let key_at = |i: usize| &b[keys + i * w..keys + (i + 1) * w];
            let first = match (index, code_of(prefix)) {
                // The keys with the prefix's organisation code are one run, from the key the
                // table names; a longer prefix is looked for along the run (a search over the
                // rest of the table would read keys far away).
                (Some(ix), Some(code)) => ix.first(code, key_at).map(|mut i| {
                    while i < count
                        && key_at(i).starts_with(code)
                        && prefix_cmp(key_at(i), prefix).is_lt()
                    {
                        i += 1;
                    }
                    i
                }),
                _ => Some(partition(count, |i| prefix_cmp(key_at(i), prefix).is_lt())),
            };
            // A code the table does not have reads no key at all, which spares a cache miss for
            // most codes that are not listed.
            let mut i = first.unwrap_or(count);
            while i < count && prefix_cmp(key_at(i), prefix).is_eq() {
                f((base + i) as u32, key_at(i));
                i += 1;
            }
        }
        if let Some((count, keys, rows)) = self.extra {
            let key_at = |i: usize| &b[keys + i * w..keys + (i + 1) * w];
            let first = partition(count, |i| prefix_cmp(key_at(i), prefix).is_lt());
            let mut i = first;
            while i < count && prefix_cmp(key_at(i), prefix).is_eq() {
                let r = &b[rows + i * 4..rows + i * 4 + 4];
                f(u32::from_le_bytes([r[0], r[1], r[2], r[3]]), key_at(i));
                i += 1;
            }
        }
    }

    /// The keys of `row`: its primary key (extra = false) and extra entries (true).
    fn keys_of<'a>(&self, b: &'a [u8], row: usize) -> Vec<(&'a [u8], bool)> {
        let w = self.width;
        let mut out = Vec::new();
        if let Some((base, count, keys)) = self.primary {
            if row >= base && row < base + count {
                let i = row - base;
                out.push((&b[keys + i * w..keys + (i + 1) * w], false));
            }
        }
        if let Some((count, keys, rows)) = self.extra {
            let row_at = |i: usize| {
                let r = &b[rows + i * 4..rows + i * 4 + 4];
                u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize
            };
            let by_row = self.by_row.get_or_init(|| {
                let mut v: Vec<u32> = (0..count as u32).collect();
                // The standard sort: an extra table runs to as many entries as records.
                v.sort_by_key(|&i| row_at(i as usize));
                v
            });
            let first = partition(by_row.len(), |j| row_at(by_row[j] as usize) < row);
            for &i in by_row[first..]
                .iter()
                .take_while(|&&i| row_at(i as usize) == row)
            {
                let i = i as usize;
                out.push((&b[keys + i * w..keys + (i + 1) * w], true));
            }
        }
        out
    }
}

/// Compares the first `p.len()` bytes of `key` (at least that long) with `p`, eight bytes at a
/// time: byte-wise slice comparison is a `memcmp` call per step, slow in wasm.
#[inline]
fn prefix_cmp(key: &[u8], p: &[u8]) -> std::cmp::Ordering {
    let n = p.len().min(key.len());
    let word = |s: &[u8], i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        u64::from_be_bytes(w)
    };
    let mut i = 0;
    while i + 8 <= n {
        let (a, b) = (word(key, i), word(p, i));
        if a != b {
            return a.cmp(&b);
        }
        i += 8;
    }
    // The last 0–7 bytes as one word too, zero-padded alike on both sides.
    let tail = |s: &[u8]| {
        let mut w = [0u8; 8];
        w[..n - i].copy_from_slice(&s[i..n]);
        u64::from_be_bytes(w)
    };
    tail(key).cmp(&tail(p)).then(n.cmp(&p.len()))
}

/// Byte order of two keys `W` bytes long (`W` ≥ 8), as big-endian words: whole words from the
/// start, then the last eight bytes, which overlap the words before them. Where all earlier
/// words are equal the overlapped bytes are too, so only the bytes after them decide.
#[inline]
fn key_cmp<const W: usize>(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let word = |s: &[u8], i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        u64::from_be_bytes(w)
    };
    let mut i = 0;
    while i + 8 < W {
        let (x, y) = (word(a, i), word(b, i));
        if x != y {
            return x.cmp(&y);
        }
        i += 8;
    }
    word(a, W - 8).cmp(&word(b, W - 8))
}

/// The first index in `0..n` for which `below` is false (`below` true then false).
fn partition(n: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn count_is(c: &mut Cursor, n: usize, what: &str) -> Result<(), SnapshotError> {
    let found = c.u32()? as usize;
    if found != n {
        return Err(c.bad(
            format!("{what}的记录数{found}与签名头的{n}不符"),
            format!("{what} has {found} records, the header says {n}"),
        ));
    }
    Ok(())
}

/// A `PERSONS` cell; `None` when it is not well formed.
fn decode_persons(cell: &[u8]) -> Option<Vec<RelatedPerson>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < cell.len() {
        let role = *PersonRole::ALL.get(usize::from(*cell.get(pos)?))?;
        let kind = *cell.get(pos + 1)?;
        pos += 2;
        let id_number = match kind {
            format::PERSON_ID_NONE => None,
            format::PERSON_ID_FULL | format::PERSON_ID_MASKED => {
                let raw = cell.get(pos..pos + 18)?;
                pos += 18;
                Some(if kind == format::PERSON_ID_FULL {
                    PersonId::Full(std::str::from_utf8(raw).ok()?.parse::<ResidentId>().ok()?)
                } else {
                    PersonId::Masked(MaskedId::from_bytes(raw)?)
                })
            }
            _ => return None,
        };
        let len = usize::try_from(format::get_varint64(cell, &mut pos)?).ok()?;
        let name = cell.get(pos..pos.checked_add(len)?)?;
        pos += len;
        out.push(RelatedPerson {
            role,
            name: String::from_utf8_lossy(name).into_owned(),
            id_number,
        });
    }
    Some(out)
}

/// A `SANCTIONS` cell; `None` when it is not well formed.
fn decode_sanctions(cell: &[u8]) -> Option<Vec<Sanction>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < cell.len() {
        let kind = *SanctionKind::ALL.get(usize::from(*cell.get(pos)?))?;
        let bits = *cell.get(pos + 1)?;
        pos += 2;
        if bits & !0x0F != 0 {
            return None;
        }
        let mut date = |bit: u8| -> Option<Option<NaiveDate>> {
            if bits & bit == 0 {
                return Some(None);
            }
            let raw = cell.get(pos..pos + 2)?;
            pos += 2;
            Some(Some(date_from_u16(u16::from_le_bytes([raw[0], raw[1]]))?))
        };
        let start = date(format::SANCTION_START)?;
        let end = date(format::SANCTION_END)?;
        let amount_yuan = if bits & format::SANCTION_AMOUNT != 0 {
            Some(format::get_varint64(cell, &mut pos)?)
        } else {
            None
        };
        out.push(Sanction {
            kind,
            start,
            end,
            indefinite: bits & format::SANCTION_INDEFINITE != 0,
            amount_yuan,
        });
    }
    Some(out)
}

fn read_fixed(c: &mut Cursor, n: usize) -> Result<Fixed, SnapshotError> {
    count_is(c, n, "records")?;
    let flags = c.array(n, 1)?.start;
    let flags2 = c.array(n, 1)?.start;
    let list_type = c.array(n, 1)?.start;
    let mut dates = [0; 5];
    for d in &mut dates {
        *d = c.array(n, 2)?.start;
    }
    Ok(Fixed {
        flags,
        flags2,
        list_type,
        dates,
    })
}

fn check_fixed(b: &[u8], f: &Fixed, n: usize) -> Result<(), SnapshotError> {
    let nlists = ListType::ALL.len() as u8;
    if let Some(i) = b[f.list_type..f.list_type + n]
        .iter()
        .position(|&t| t >= nlists)
    {
        return Err(SnapshotError::malformed(
            "名单类型编号越界",
            "list type index out of range",
            (f.list_type + i) as u64,
        ));
    }
    let ok = |x: u8| {
        (x & 3) < 3
            && usize::from((x >> 2) & 7) < ListingStatus::ALL.len()
            && usize::from(x >> 5) <= CreditClass::ALL.len()
    };
    let ok2 = |x: u8| {
        usize::from((x >> 1) & 7) <= SubjectRole::ALL.len()
            && usize::from((x >> 4) & 3) <= RepairTier::ALL.len()
            && x & 0xC0 == 0
    };
    let bad_flags = b[f.flags..f.flags + n]
        .iter()
        .position(|&x| !ok(x))
        .map(|i| f.flags + i)
        .or_else(|| {
            b[f.flags2..f.flags2 + n]
                .iter()
                .position(|&x| !ok2(x))
                .map(|i| f.flags2 + i)
        });
    if let Some(at) = bad_flags {
        return Err(SnapshotError::malformed(
            "记录标志位无效",
            "record flags out of range",
            at as u64,
        ));
    }
    if let Some(i) =
        (0..n).position(|i| b[f.dates[0] + 2 * i] == 0 && b[f.dates[0] + 2 * i + 1] == 0)
    {
        return Err(SnapshotError::malformed(
            "记录缺少列入日期",
            "record has no listing date",
            (f.dates[0] + 2 * i) as u64,
        ));
    }
    Ok(())
}

fn read_str(c: &mut Cursor, n: usize) -> Result<StrCol, SnapshotError> {
    count_is(c, n, "string column")?;
    let lens_len = c.u32()? as usize;
    let lens = c.take(lens_len)?;
    let blob = c.pos..c.end;
    c.pos = c.end;
    // Each length takes at least one byte: a count the data cannot hold is refused before the
    // checkpoints are allocated.
    if n > lens_len {
        return Err(SnapshotError::malformed(
            "字符串数多于长度数据",
            "more strings than lengths",
            lens.start as u64,
        ));
    }
    let mut checkpoints = Vec::with_capacity(n.div_ceil(CHECKPOINT));
    let l = &c.b[lens.clone()];
    let (mut pos, mut total) = (0usize, 0u64);
    let mut i = 0;
    while i < n {
        if i % CHECKPOINT == 0 {
            checkpoints.push((pos as u32, total as u32));
            // Most strings are under 128 bytes: a run of one-byte lengths is summed a word at a
            // time instead of decoded one by one.
            if i + CHECKPOINT <= n {
                if let Some(sum) = l.get(pos..pos + CHECKPOINT).and_then(short_lengths_sum) {
                    pos += CHECKPOINT;
                    total += sum;
                    i += CHECKPOINT;
                    continue;
                }
            }
        }
        i += 1;
        let at = pos;
        let len = get_varint32(l, &mut pos).ok_or_else(|| {
            SnapshotError::malformed(
                "字符串长度编码错误",
                "bad string length",
                (lens.start + at) as u64,
            )
        })?;
        if u64::from(len) > MAX_STRING_LEN {
            return Err(SnapshotError::LimitExceeded {
                what: "string bytes",
                limit: MAX_STRING_LEN,
                found: u64::from(len),
            });
        }
        total += u64::from(len);
    }
    if pos != l.len() || total != blob.len() as u64 {
        return Err(SnapshotError::malformed(
            "字符串长度之和与数据不符",
            "string lengths do not add up to the data",
            lens.start as u64,
        ));
    }
    Ok(StrCol {
        lens,
        blob,
        checkpoints,
    })
}

fn read_dict(c: &mut Cursor, n: usize) -> Result<DictCol, SnapshotError> {
    count_is(c, n, "dictionary column")?;
    let count = c.u32()? as usize;
    if count > n.max(1) {
        return Err(SnapshotError::LimitExceeded {
            what: "dictionary entries",
            limit: n as u64,
            found: count as u64,
        });
    }
    let width = usize::from(c.u8()?);
    c.take(3)?;
    if !matches!(width, 1 | 2 | 4) {
        return Err(c.bad(
            "字典索引宽度应为1、2或4",
            "dictionary index width must be 1, 2 or 4",
        ));
    }
    let lens_len = c.u32()? as usize;
    let lens = c.take(lens_len)?;
    let blob_len = c.u32()? as usize;
    let blob = c.take(blob_len)?;
    // Each length takes at least one byte, so `count` is bounded by data already present.
    if count > lens_len {
        return Err(c.bad(
            "字典条目数超过长度数据",
            "more dictionary entries than lengths",
        ));
    }
    let mut offsets = Vec::with_capacity(count + 1);
    offsets.push(0u32);
    let (l, mut pos, mut total) = (&c.b[lens.clone()], 0usize, 0u64);
    for _ in 0..count {
        let len = get_varint32(l, &mut pos).ok_or_else(|| {
            SnapshotError::malformed(
                "字典长度编码错误",
                "bad dictionary length",
                lens.start as u64,
            )
        })?;
        if u64::from(len) > MAX_STRING_LEN {
            return Err(SnapshotError::LimitExceeded {
                what: "string bytes",
                limit: MAX_STRING_LEN,
                found: u64::from(len),
            });
        }
        total += u64::from(len);
        if total > blob_len as u64 {
            return Err(SnapshotError::malformed(
                "字典长度超出数据",
                "dictionary lengths overrun the data",
                lens.start as u64,
            ));
        }
        offsets.push(total as u32);
    }
    if pos != l.len() || total != blob_len as u64 {
        return Err(SnapshotError::malformed(
            "字典长度之和与数据不符",
            "dictionary lengths do not add up",
            lens.start as u64,
        ));
    }
    let idx = c.array(n, width)?;
    let s = &c.b[idx.clone()];
    let bad = match width {
        1 => s.iter().position(|&v| usize::from(v) >= count),
        2 => s
            .chunks_exact(2)
            .position(|v| usize::from(u16::from_le_bytes([v[0], v[1]])) >= count),
        _ => s
            .chunks_exact(4)
            .position(|v| u32::from_le_bytes([v[0], v[1], v[2], v[3]]) as usize >= count),
    };
    if let Some(i) = bad {
        return Err(SnapshotError::malformed(
            "字典索引越界",
            "dictionary index out of range",
            (idx.start + i * width) as u64,
        ));
    }
    Ok(DictCol {
        offsets,
        blob,
        width,
        indices: idx.start,
    })
}

fn width_is(c: &mut Cursor, width: usize, explicit: u8) -> Result<(), SnapshotError> {
    let w = usize::from(c.u8()?);
    let kind = c.u8()?;
    c.take(2)?;
    if w != width || kind != explicit {
        return Err(c.bad(
            format!("索引宽度{w}或类型{kind}错误"),
            format!("index width {w} or kind {kind} is wrong"),
        ));
    }
    Ok(())
}

/// Former names as stored: one cell, the names separated by U+001F.
fn former_names_of(raw: &[u8]) -> Vec<String> {
    if raw.is_empty() {
        return Vec::new();
    }
    utf8(raw).split('\u{1f}').map(str::to_string).collect()
}

/// Text of a column: `str::from_utf8`'s fast check first (the lossy decoder walks the text in
/// chunks, several times slower), replacement characters only for bytes that are not UTF-8.
fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The sum of `CHECKPOINT` one-byte varints (each under 128), or `None` when any is longer.
fn short_lengths_sum(run: &[u8]) -> Option<u64> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const PAIRS: u64 = 0x00FF_00FF_00FF_00FF;
    let mut sum = 0u64;
    for w in run.chunks_exact(8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        if w & HIGH != 0 {
            return None;
        }
        // Bytes added in pairs, then the four pair sums by one multiplication.
        let pairs = (w & PAIRS) + ((w >> 8) & PAIRS);
        sum += pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48;
    }
    Some(sum)
}

/// Keys `W` bytes wide, in order (`rows`: an extra table, whose equal keys are ordered by row).
/// `W` is a constant so that each comparison compiles to a few word compares: this runs over
/// every key of the snapshot on each load.
fn check_sorted<const W: usize>(
    b: &[u8],
    keys: usize,
    count: usize,
    rows: Option<usize>,
) -> Result<(), SnapshotError> {
    let ks = &b[keys..keys + count * W];
    let rs = rows.map(|r| &b[r..r + 4 * count]);
    let row = |r: &[u8], j: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&r[4 * j..4 * j + 4]);
        u32::from_le_bytes(w)
    };
    let pairs = ks.chunks_exact(W).zip(ks.chunks_exact(W).skip(1));
    for (i, (a, k)) in pairs.enumerate() {
        let order = key_cmp::<W>(a, k);
        let ordered = match rs {
            None => order.is_le(),
            Some(r) => order.then_with(|| row(r, i).cmp(&row(r, i + 1))).is_lt(),
        };
        if !ordered {
            return Err(SnapshotError::malformed(
                "索引未排序",
                "index is not sorted",
                (keys + (i + 1) * W) as u64,
            ));
        }
    }
    Ok(())
}

/// The hash table over the entity keys' organisation codes (`None` for small tables).
fn table_over(b: &[u8], t: &Table) -> Option<PrefixIndex> {
    let (_, count, keys) = t.primary.filter(|_| t.width == ENTITY_KEY_LEN)?;
    PrefixIndex::over_keys::<ENTITY_KEY_LEN>(&b[keys..keys + count * ENTITY_KEY_LEN])
}

/// A primary index.
fn read_primary<const W: usize>(
    c: &mut Cursor,
    n: usize,
    t: &mut Table,
) -> Result<(), SnapshotError> {
    width_is(c, W, 0)?;
    let base = c.u32()? as usize;
    let count = c.u32()? as usize;
    if base.checked_add(count).map_or(true, |e| e > n) {
        return Err(c.bad("索引行号越界", "index rows out of range"));
    }
    let keys = c.array(count, W)?.start;
    check_sorted::<W>(c.b, keys, count, None)?;
    t.width = W;
    t.primary = Some((base, count, keys));
    Ok(())
}

fn read_extra<const W: usize>(
    c: &mut Cursor,
    n: usize,
    t: &mut Table,
) -> Result<(), SnapshotError> {
    width_is(c, W, 1)?;
    let count = c.u32()? as usize;
    let keys = c.array(count, W)?.start;
    let rows = c.array(count, 4)?;
    if let Some(i) = c.b[rows.clone()]
        .chunks_exact(4)
        .position(|r| u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as usize >= n)
    {
        return Err(SnapshotError::malformed(
            "索引行号越界",
            "index row out of range",
            (rows.start + 4 * i) as u64,
        ));
    }
    check_sorted::<W>(c.b, keys, count, Some(rows.start))?;
    t.width = W;
    t.extra = Some((count, keys, rows.start));
    Ok(())
}

/// Primary groups must follow each other: entity keys, registration numbers, ID numbers, then
/// records with no identifier.
fn check_groups(s: &Snapshot, at: usize) -> Result<(), SnapshotError> {
    let mut next = 0;
    for t in [&s.entity, &s.regno, &s.person] {
        if let Some((base, count, _)) = t.primary {
            if base != next {
                return Err(SnapshotError::Malformed {
                    detail: detail(
                        "主索引分组不连续",
                        "primary index groups are not contiguous",
                    ),
                    offset: Some(at as u64),
                });
            }
            next = base + count;
        }
    }
    Ok(())
}

/// What a loaded snapshot is, for status displays (`inspect`, `verify`, the JS status object).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Publisher.
    pub publisher: String,
    /// Signing key id.
    pub key_id: String,
    /// `ed25519` or `sm2-sm3`.
    pub algorithm: &'static str,
    /// Sequence number.
    pub sequence: u64,
    /// Issue time (RFC 3339).
    pub issued_at: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
    /// Past its expiry at the time asked.
    pub stale: bool,
    /// Region code and name.
    pub region: super::format::Region,
    /// Lists covered.
    pub list_types: Vec<&'static str>,
    /// Counts from the header.
    pub counts: super::format::Counts,
    /// File size in bytes.
    pub size: usize,
    /// Payload digest (hex) with the algorithm's hash.
    pub payload_digest: String,
}

impl Snapshot {
    /// The measure catalogue bundle signed into the snapshot (JSON), if the publisher put one in.
    pub fn catalogue_bundle(&self) -> Option<&str> {
        self.catalogue
            .clone()
            .and_then(|r| std::str::from_utf8(&self.bytes[r]).ok())
    }

    /// Its status as of `now`.
    pub fn status_at(&self, now: DateTime<Utc>) -> Status {
        let h = &self.header;
        Status {
            publisher: h.publisher.clone(),
            key_id: h.key_id.clone(),
            algorithm: h.algorithm.map_or("none", |a| a.as_str()),
            sequence: h.sequence,
            issued_at: super::signature::rfc3339(&h.issued_at),
            expires_at: super::signature::rfc3339(&h.expires_at),
            stale: self.is_stale_at(now),
            region: h.region.clone(),
            list_types: h.list_types.iter().map(|l| l.id()).collect(),
            counts: h.counts.clone(),
            size: self.bytes.len(),
            payload_digest: self.digest_hex(),
        }
    }
}

impl Identifier {
    /// Every reading of `input` a lookup can use (lenient profile, as the form accepts): a
    /// 15-digit number may be both a registration number and a legacy ID number, so both are
    /// returned. `Err` with the problems of the likeliest kind when none fits.
    pub fn parse_all(input: &str) -> Result<Vec<Identifier>, crate::Invalid> {
        let today = crate::id::resident_id::today_in_china();
        let ids: Vec<Identifier> = crate::id::clean::clean(input)
            .map(|c| readings(&c, today).into_iter().flatten().collect())
            .unwrap_or_default();
        if ids.is_empty() {
            let v = crate::validate(input, &crate::Options::default());
            let problems = if v.errors.is_empty() {
                vec![crate::Problem::new(crate::ProblemCode::Unrecognized)]
            } else {
                v.errors
            };
            return Err(crate::Invalid::new(problems));
        }
        Ok(ids)
    }

    /// The one reading of `input`: [`parse_all`](Self::parse_all)'s first (USCC, then
    /// organisation code, registration number, ID number).
    pub fn parse(input: &str) -> Result<Identifier, crate::Invalid> {
        Identifier::parse_all(input).map(|mut v| v.swap_remove(0))
    }
}

impl ListRecord {
    /// Every identifier the record can be looked up by: its own, and its legal
    /// representative's ID number.
    pub fn identifiers(&self) -> Vec<Identifier> {
        let mut v = Vec::new();
        v.extend(self.uscc.map(Identifier::Uscc));
        v.extend(self.org_code.map(Identifier::OrgCode));
        v.extend(self.registration_number.map(Identifier::RegistrationNumber));
        v.extend(self.id_number.map(Identifier::IdNumber));
        v.extend(
            self.related_persons
                .iter()
                .filter_map(|p| p.id_number.and_then(|i| i.full()))
                .map(Identifier::IdNumber),
        );
        v
    }
}

impl Snapshot {
    /// Looks up every reading of a typed-in code ([`Identifier::parse_all`]), hits merged.
    pub fn lookup_input(
        &self,
        input: &str,
        lists: Option<&[ListType]>,
    ) -> Result<Answer, crate::Invalid> {
        let ids = Identifier::parse_all(input)?;
        let mut answer = self.lookup(&ids[0], lists);
        for id in &ids[1..] {
            let more = self.lookup(id, lists);
            answer.lookup = match (answer.lookup, more.lookup) {
                (Lookup::Listed(mut a), Lookup::Listed(b)) => {
                    a.extend(b);
                    Lookup::Listed(a)
                }
                (Lookup::Listed(a), _) | (_, Lookup::Listed(a)) => Lookup::Listed(a),
                (a, _) => a,
            };
        }
        Ok(answer)
    }
}

/// Lines of a batch lookup handled together (see `warm_entity_keys`).
const LINE_GROUP: usize = 16;

impl Snapshot {
    /// The batch fast path: one byte per line of `text` (lines split as `statusLines` does:
    /// `\n`, a `\r` before it ignored, no empty last line) — 0 not listed, 1 listed, 2 not
    /// covered (the snapshot covers no list), 3 not a readable code, 4 not found in a snapshot
    /// that is stale now (which cannot count as "not listed": the answer carries its staleness
    /// per item, so a batch cannot drop it). Every list covered is asked; use
    /// [`lookup`](Self::lookup) for a subset and for the records.
    pub fn lookup_lines(&self, text: &str) -> Vec<u8> {
        let mut out = self.lookup_lines_fresh(text);
        if self.is_stale() {
            for b in &mut out {
                if *b == 0 {
                    *b = 4;
                }
            }
        }
        out
    }

    fn lookup_lines_fresh(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() / 19 + 1);
        if text.is_empty() {
            return out;
        }
        let today = crate::id::resident_id::today_in_china();
        // The batch builds the entity table (once per snapshot) and hands it to every line.
        let table = self.entity_table();
        let body = text.strip_suffix('\n').unwrap_or(text);
        let mut group: Vec<&str> = Vec::with_capacity(LINE_GROUP);
        for line in body.split('\n') {
            group.push(line.strip_suffix('\r').unwrap_or(line));
            if group.len() == LINE_GROUP {
                self.warm_entity_keys(&group, table);
                out.extend(group.drain(..).map(|l| self.line_status(l, today, table)));
            }
        }
        self.warm_entity_keys(&group, table);
        out.extend(group.drain(..).map(|l| self.line_status(l, today, table)));
        out
    }

    /// Reads, for each eighteen-byte line of a group, its slot in the entity table and then the
    /// key the slot names, in two tight loops of independent loads: the cache misses of a group
    /// overlap instead of coming one line after another (the tables are tens of MB; a random
    /// lookup in them waits on memory far longer than it computes). Only reads: the answers
    /// are [`line_status`](Self::line_status)'s.
    fn warm_entity_keys(&self, group: &[&str], table: Option<&PrefixIndex>) {
        let (Some((_, count, keys)), Some(ix)) = (self.entity.primary, table) else {
            return;
        };
        let w = self.entity.width;
        let mut firsts = [usize::MAX; LINE_GROUP];
        for (first, line) in firsts.iter_mut().zip(group) {
            // The entity key begins with the USCC's organisation code. An empty slot has no key
            // to read.
            if let Some(code) = line
                .as_bytes()
                .get(8..)
                .filter(|_| line.len() == 18)
                .and_then(code_of)
            {
                *first = ix.probe(code).unwrap_or(usize::MAX);
            }
        }
        let mut touched = 0u8;
        for &first in &firsts {
            if first < count {
                touched ^= self.bytes.get(keys + first * w).copied().unwrap_or(0);
            }
        }
        std::hint::black_box(touched);
    }

    #[inline]
    fn line_status(&self, line: &str, today: NaiveDate, table: Option<&PrefixIndex>) -> u8 {
        match self.uscc_line_status(line.as_bytes(), table) {
            Some(status) => status,
            None => self.line_status_general(line, today),
        }
    }

    fn line_status_general(&self, line: &str, today: NaiveDate) -> u8 {
        let Ok(c) = crate::id::clean::clean(line) else {
            return 3;
        };
        let (mut readable, mut listed) = (false, false);
        for id in readings(&c, today).into_iter().flatten() {
            readable = true;
            self.for_each_hit(&id, |_| listed = true);
        }
        if !readable {
            3
        } else if listed {
            1
        } else if self.header.list_types.is_empty() {
            2
        } else {
            0
        }
    }
}

impl Snapshot {
    /// The common batch line, eighteen digits and capitals already compact, answered from its
    /// bytes: the same answer as [`line_status`](Self::line_status)'s general path, which cleans
    /// it unchanged and reads it as a USCC only — unless its first seventeen characters are
    /// digits with a matching ID check character (then `None`: the general path also tries it as
    /// an ID number). `None` for any other line. `table`: the entity table, when built.
    #[inline]
    fn uscc_line_status(&self, line: &[u8], table: Option<&PrefixIndex>) -> Option<u8> {
        let b: &[u8; 18] = line.try_into().ok()?;
        if !crate::id::clean::is_compact(b) {
            return None;
        }
        if b[..17].iter().all(u8::is_ascii_digit)
            && crate::id::resident_id::check_char_of(&b[..17]) == Some(b[17])
        {
            return None;
        }
        if !Uscc::lenient_ok(b) {
            return Some(3);
        }
        let key = format::entity_key_of_uscc(b);
        let mut listed = false;
        self.entity
            .for_each(&self.bytes[..], table, &key[..9], |_, k| {
                // As `for_each_hit`: the same USCC, or a record keyed by its organisation code.
                listed |= k == key || k[9] == 0;
            });
        Some(if listed {
            1
        } else if self.header.list_types.is_empty() {
            2
        } else {
            0
        })
    }
}

/// The lookups of `codes` (one per line) as canonical JSON lines: `code outcome
/// matchedBy:row,…` — what `tests/data/fixture-lookups.txt` holds, so native and wasm builds can
/// be compared byte for byte.
#[doc(hidden)]
pub fn lookup_transcript(s: &Snapshot, codes: &str) -> String {
    let mut out = String::new();
    for code in codes.lines() {
        let line = match s.lookup_input(code, None) {
            Err(e) => format!(
                "{code} invalid {}",
                e.problems().first().map_or("", |p| p.code().as_str())
            ),
            Ok(a) => match a.lookup {
                Lookup::NotListed => format!("{code} notListed"),
                Lookup::NotCovered(_) => format!("{code} notCovered"),
                Lookup::Listed(mut hits) => {
                    crate::sort::sort(&mut hits);
                    let parts: Vec<String> = hits
                        .iter()
                        .map(|h| {
                            let name = s.name(h.row as usize);
                            format!("{:?}:{}:{}", h.matched_by, h.row, name)
                        })
                        .collect();
                    format!("{code} listed {}", parts.join(","))
                }
            },
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The readings of a cleaned input as each identifier a lookup can use, judged as the lenient
/// profile judges them (the same rules as `validate` with that kind), cleaned once.
fn readings(c: &crate::id::clean::Compact, today: NaiveDate) -> [Option<Identifier>; 4] {
    use crate::IdentifierKind as K;
    // A cheap look at the characters first: the full checks build problems for every failure.
    let n = c.len();
    let digits = |k: usize| c.chars().take(k).all(|ch| ch.is_ascii_digit());
    let plausible = |kind: K| match kind {
        // An 18-digit number with a wrong check character is never an ID number.
        K::ResidentId if n == 18 => c.ascii::<18>().is_some_and(|b| {
            b[..17].iter().all(u8::is_ascii_digit)
                && crate::id::resident_id::check_char_of(&b[..17]) == Some(b[17])
        }),
        K::ResidentId => digits(n),
        K::RegistrationNumber => digits(n),
        _ => true,
    };
    let ok = |kind: K| {
        kind.lengths().contains(&n)
            && plausible(kind)
            && crate::id::validation::findings_as(kind, c, today)
                .judge(crate::Profile::Lenient)
                .is_ok()
    };
    // The common case, a USCC, is judged without building problems.
    let uscc_ok = match c.ascii::<18>() {
        Some(b) if n == 18 => Uscc::lenient_ok(&b),
        _ => false,
    };
    [
        uscc_ok
            .then(|| Uscc::from_shape(c).map(Identifier::Uscc))
            .flatten(),
        ok(K::OrgCode)
            .then(|| {
                c.ascii::<9>()
                    .map(|b| Identifier::OrgCode(OrgCode::from_checked(b)))
            })
            .flatten(),
        ok(K::RegistrationNumber)
            .then(|| RegistrationNumber::from_shape(c).map(Identifier::RegistrationNumber))
            .flatten(),
        ok(K::ResidentId)
            .then(|| ResidentId::from_shape(c).map(Identifier::IdNumber))
            .flatten(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A primary table of `n` sorted pseudo-random entity keys of characters from `alpha`
    /// (digits only: organisation codes as most are).
    fn table_of(n: usize, alpha: &[u8]) -> (Vec<u8>, Table) {
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        let mut keys: Vec<[u8; ENTITY_KEY_LEN]> = (0..n)
            .map(|_| {
                let mut k = [0u8; ENTITY_KEY_LEN];
                for c in k.iter_mut() {
                    *c = alpha[(next() % alpha.len() as u64) as usize];
                }
                k
            })
            .collect();
        keys.sort();
        let b: Vec<u8> = keys.concat();
        let t = Table {
            width: ENTITY_KEY_LEN,
            primary: Some((0, n, 0)),
            ..Table::default()
        };
        (b, t)
    }

    fn rows(b: &[u8], t: &Table, ix: Option<&PrefixIndex>, prefix: &[u8]) -> Vec<u32> {
        let mut v = Vec::new();
        t.for_each(b, ix, prefix, |row, _| v.push(row));
        v
    }

    /// The entity table over `t`'s keys, as a snapshot builds it.
    fn index_of(b: &[u8], t: &Table) -> PrefixIndex {
        table_over(b, t).expect("over the threshold")
    }

    #[test]
    fn the_entity_table_finds_exactly_what_binary_search_finds() {
        for (n, alpha) in [
            (5000, &b"0123456789ABCDEFGHJKLMNPQRTUWXY"[..]),
            (40_000, b"0123456789A"),
            (300_000, b"0123456789ABCDEFGHJKLMNPQRTUWXY"),
            (300_000, b"0123456789"),
            // Codes of few characters: long runs of keys sharing their organisation code.
            (20_000, b"MA01"),
            (10_000, b"MA"),
        ] {
            let (b, t) = table_of(n, alpha);
            let ix = index_of(&b, &t);
            let bk = Some(&ix);
            for i in (0..n).step_by(97) {
                let k = &b[i * ENTITY_KEY_LEN..(i + 1) * ENTITY_KEY_LEN];
                for len in [9, 18] {
                    let with = rows(&b, &t, bk, &k[..len]);
                    assert!(
                        with.contains(&(i as u32)),
                        "{n} {len} {i} {:?}",
                        std::str::from_utf8(k)
                    );
                    assert_eq!(with, rows(&b, &t, None, &k[..len]));
                }
            }
            // Keys that are not there, including bytes outside the alphabet.
            for p in [
                &b"000000000"[..],
                b"ZZZZZZZZZ",
                b"\x00\x00\x00\x00",
                b"\xff\xff\xff\xff9",
                b"5",
            ] {
                assert_eq!(rows(&b, &t, bk, p), rows(&b, &t, None, p));
            }
        }
    }

    /// What a test snapshot says of itself, covering `list_types`.
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    fn meta_for(list_types: Vec<crate::lists::record::ListType>) -> super::super::build::Meta {
        super::super::build::Meta {
            publisher: "t".into(),
            sequence: 1,
            issued_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            expires_at: DateTime::from_timestamp(1_900_000_000, 0).unwrap(),
            region: format::Region {
                code: "350000".into(),
                name: "福建省".into(),
            },
            list_types,
            catalogue: None,
        }
    }

    /// The test fixture's snapshot, read without its keyring.
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    fn fixture() -> Snapshot {
        let dir = env!("CARGO_MANIFEST_DIR");
        Snapshot::load_unverified(std::fs::read(format!("{dir}/tests/data/fixture.ccs")).unwrap())
            .unwrap()
    }

    /// `names_in_order` reads every row's name and former names as `name` and `former_names`
    /// do: the fixture, and records whose names cross several checkpoints, run past 127 bytes
    /// (two-byte lengths) and are empty.
    #[test]
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    fn names_in_order_are_the_rows_names() {
        use crate::lists::record::{EntityKind, ListRecord, ListType};
        let fixture = fixture();
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let records: Vec<ListRecord> = (0..150)
            .map(|i| {
                let mut r = ListRecord::new(EntityKind::LegalEntity, ListType::ALL[0], day);
                r.name = match i % 7 {
                    0 => String::new(),
                    1 => "长".repeat(50 + i),
                    _ => format!("福州市某某{i}科技有限公司"),
                };
                if i % 3 == 0 {
                    r.former_names = (0..i % 4 + 1).map(|j| format!("旧名{i}-{j}")).collect();
                }
                r
            })
            .collect();
        let meta = meta_for(vec![ListType::ALL[0]]);
        let built = super::super::build::build_unsigned(records, &meta).unwrap();
        let built = Snapshot::load_unverified(built).unwrap();
        for s in [&fixture, &built] {
            let all: Vec<_> = s.names_in_order().collect();
            assert_eq!(all.len(), s.len());
            for (row, (name, former)) in all.iter().enumerate() {
                assert_eq!(*name, s.name(row), "{row}");
                assert_eq!(*former, s.former_names(row), "{row}");
            }
        }
        assert!(built.len() > 4 * CHECKPOINT);
        assert!((0..built.len()).any(|r| built.name(r).len() > 127));
        assert!((0..built.len()).any(|r| built.former_names(r).len() > 1));
    }

    /// The entity table is built by the first batch lookup, not by the load, and single
    /// lookups find the same records before and after (a binary search, then the table); the
    /// batch answers agree with them.
    #[test]
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    fn the_entity_table_waits_for_a_batch_and_changes_no_answer() {
        use crate::lists::record::ListType;
        let records = crate::publish::synth::records_with(12_000, 7, 10);
        let codes: Vec<Identifier> = records
            .iter()
            .flat_map(|r| {
                [
                    r.uscc.map(Identifier::Uscc),
                    r.org_code.map(Identifier::OrgCode),
                ]
            })
            .flatten()
            .collect();
        let meta = meta_for(ListType::ALL.to_vec());
        let built = super::super::build::build_unsigned(records, &meta).unwrap();
        let s = Snapshot::load_unverified(built).unwrap();
        assert!(s.entity.primary.is_some_and(|(_, count, _)| count > 4096));
        assert!(s.entity_index.get().is_none(), "built by the load");
        let singles =
            |s: &Snapshot| -> Vec<Answer> { codes.iter().map(|c| s.lookup(c, None)).collect() };
        let before = singles(&s);
        assert!(s.entity_index.get().is_none(), "built by a single lookup");
        let usccs: Vec<&str> = codes
            .iter()
            .filter_map(|c| match c {
                Identifier::Uscc(u) => Some(u.as_str()),
                _ => None,
            })
            .collect();
        let batch = s.lookup_lines(&usccs.join("\n"));
        assert!(
            s.entity_table_if_built().is_some(),
            "a batch builds the table"
        );
        assert_eq!(singles(&s), before);
        let listed = |a: &Answer| u8::from(matches!(a.lookup, Lookup::Listed(_)));
        let uscc_answers = codes
            .iter()
            .zip(&before)
            .filter(|(c, _)| matches!(c, Identifier::Uscc(_)));
        assert_eq!(
            batch,
            uscc_answers.map(|(_, a)| listed(a)).collect::<Vec<u8>>()
        );
        assert!(
            batch.iter().all(|&b| b == 1),
            "every record's own USCC is listed"
        );
    }

    /// The byte-level USCC path of the batch lookup gives the general path's answer on every
    /// line it takes: the fixture's codes, every record's USCC (and its organisation code in a
    /// USCC of its own), each with every position changed to every character, and 18-digit ID
    /// numbers (left to the general path).
    #[test]
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    fn the_uscc_line_fast_path_answers_as_the_general_path() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let s = fixture();
        let today = crate::id::resident_id::today_in_china();
        let codes = std::fs::read_to_string(format!("{dir}/tests/data/fixture-codes.txt")).unwrap();
        let mut lines: Vec<Vec<u8>> = codes.lines().map(|l| l.as_bytes().to_vec()).collect();
        for r in s.records() {
            let r = r.unwrap();
            let mut bases = Vec::new();
            if let Some(u) = r.uscc {
                bases.push(*u.as_bytes());
            }
            if let Some(o) = r.org_code {
                let first17 = format!("91110108{}", o.compact());
                if let Ok(c) = crate::id::uscc::calc_check_char(&first17) {
                    bases.push(format!("{first17}{c}").as_bytes().try_into().unwrap());
                }
            }
            for b in bases {
                lines.push(b.to_vec());
                for i in 0..18 {
                    for c in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa-" {
                        let mut m = b;
                        m[i] = *c;
                        lines.push(m.to_vec());
                    }
                }
            }
        }
        for i in 0..2000u64 {
            let first17 = format!(
                "{:017}",
                i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % 10u64.pow(17)
            );
            let c = crate::id::resident_id::check_char_of(first17.as_bytes()).unwrap();
            let mut l = first17.into_bytes();
            l.push(c);
            lines.push(l);
        }
        let (mut fast, mut seen) = (0, [0usize; 4]);
        for l in &lines {
            let Ok(text) = std::str::from_utf8(l) else {
                continue;
            };
            let general = s.line_status_general(text, today);
            if let Some(f) = s.uscc_line_status(l, s.entity_table()) {
                assert_eq!(f, general, "{text}");
                fast += 1;
                seen[usize::from(f.min(3))] += 1;
            }
        }
        assert!(fast > 10_000, "{fast}");
        assert!(seen[0] > 0 && seen[1] > 0 && seen[3] > 0, "{seen:?}");
    }

    #[test]
    fn fixed_width_key_order_is_byte_order() {
        // Keys that differ in one byte at every position, and random keys: key_cmp agrees
        // with slice order for both widths the indexes use.
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let mut a = [0u8; 18];
            a.iter_mut().for_each(|x| *x = b'0' + (next() % 4) as u8);
            let mut b = a;
            let at = (next() % 18) as usize;
            b[at] = b'0' + (next() % 4) as u8;
            if next() % 4 == 0 {
                b.iter_mut().for_each(|x| *x = b'0' + (next() % 4) as u8);
            }
            assert_eq!(key_cmp::<18>(&a, &b), a.cmp(&b), "{a:?} {b:?}");
            assert_eq!(key_cmp::<15>(&a[..15], &b[..15]), a[..15].cmp(&b[..15]));
        }
    }

    #[test]
    fn prefix_compare_agrees_with_slices() {
        let keys: [&[u8]; 6] = [
            b"",
            b"1",
            b"12345678",
            b"123456789",
            b"12345678A",
            b"99999999999999999Z",
        ];
        for a in keys {
            for p in keys {
                if a.len() >= p.len() {
                    assert_eq!(prefix_cmp(a, p), a[..p.len()].cmp(p), "{a:?} {p:?}");
                }
            }
        }
        // Pseudo-random keys of every length up to 20 from a few bytes (zeros included: the
        // last word is zero-padded), prefixes of every length.
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = (next() % 21) as usize;
            let pick = |r: u64| [0u8, 1, b'0', b'9', b'A', 0xff][(r % 6) as usize];
            let a: Vec<u8> = (0..len).map(|_| pick(next())).collect();
            let plen = (next() % (len as u64 + 1)) as usize;
            // Mostly the key's own prefix, often with one byte changed: equal words and tails.
            let mut p: Vec<u8> = match next() % 3 {
                0 => (0..plen).map(|_| pick(next())).collect(),
                _ => a[..plen].to_vec(),
            };
            if plen > 0 && next() % 2 == 0 {
                let at = (next() % plen as u64) as usize;
                p[at] = pick(next());
            }
            assert_eq!(prefix_cmp(&a, &p), a[..plen].cmp(&p), "{a:?} {p:?}");
        }
    }
}
