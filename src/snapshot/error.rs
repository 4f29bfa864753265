//! Why a snapshot was refused: one variant per cause, each with a stable code and Chinese and
//! English messages (see `docs/snapshot-format.md`, "Errors").

use super::signature::{rfc3339, KeyError, KeyErrorCode};
use crate::error::{CodedError, Location, Message};
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use std::fmt;

crate::error::error_codes! {
    /// What a [`SnapshotError`] is, as a stable code: the snapshot layer's own codes, then the
    /// key codes it passes on (the same strings as [`KeyErrorCode`]).
    pub enum SnapshotErrorCode {
        /// Not a snapshot file.
        NotASnapshot => "NOT_A_SNAPSHOT",
        /// A format version this build does not read.
        UnsupportedVersion => "UNSUPPORTED_VERSION",
        /// A version-1 snapshot: the publisher must rebuild it.
        RebuildRequired => "REBUILD_REQUIRED",
        /// Built but never signed.
        NotSigned => "NOT_SIGNED",
        /// The payload does not hash to the signed digest.
        DigestMismatch => "DIGEST_MISMATCH",
        /// The bytes end too early.
        Truncated => "TRUNCATED",
        /// A structure is not what the format says.
        Malformed => "MALFORMED",
        /// A count or length above this build's limit.
        LimitExceeded => "LIMIT_EXCEEDED",
        /// Issued after the time of checking.
        NotYetValid => "NOT_YET_VALID",
        /// A sequence lower than one already accepted.
        Rollback => "ROLLBACK",
        /// Past its expiry.
        Stale => "STALE",
        /// The streaming loader used out of order.
        InvalidState => "INVALID_STATE",
        /// A sharded snapshot's manifest opened as a snapshot.
        ShardedManifest => "SHARDED_MANIFEST",
        /// A single-file snapshot opened as a manifest.
        NotAManifest => "NOT_A_MANIFEST",
        /// A shard whose bytes do not hash to its digest.
        ShardDigestMismatch => "SHARD_DIGEST_MISMATCH",
        /// A shard the manifest in use does not name.
        ShardNotInManifest => "SHARD_NOT_IN_MANIFEST",
        /// Shards a question needs are missing.
        ShardMissing => "SHARD_MISSING",
        /// [`KeyErrorCode::BadSignature`].
        BadSignature => "BAD_SIGNATURE",
        /// [`KeyErrorCode::UnknownKey`].
        UnknownKey => "UNKNOWN_KEY",
        /// [`KeyErrorCode::WrongAlgorithm`].
        WrongAlgorithm => "WRONG_ALGORITHM",
        /// [`KeyErrorCode::UnsupportedAlgorithm`].
        UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
        /// [`KeyErrorCode::KeyExpired`].
        KeyExpired => "KEY_EXPIRED",
        /// [`KeyErrorCode::KeyNotYetValid`].
        KeyNotYetValid => "KEY_NOT_YET_VALID",
        /// [`KeyErrorCode::MalformedKey`].
        MalformedKey => "MALFORMED_KEY",
        /// [`KeyErrorCode::MalformedSignature`].
        MalformedSignature => "MALFORMED_SIGNATURE",
        /// [`KeyErrorCode::MalformedKeyring`].
        MalformedKeyring => "MALFORMED_KEYRING",
        /// [`KeyErrorCode::RotationNotAuthorised`].
        RotationNotAuthorised => "ROTATION_NOT_AUTHORISED",
        /// [`KeyErrorCode::RandomnessUnavailable`].
        RandomnessUnavailable => "RANDOMNESS_UNAVAILABLE",
        /// [`KeyErrorCode::OutOfScope`].
        OutOfScope => "KEY_OUT_OF_SCOPE",
        /// [`KeyErrorCode::AlgorithmNotBuilt`].
        AlgorithmNotBuilt => "ALGORITHM_NOT_BUILT",
    }
}

impl From<KeyErrorCode> for SnapshotErrorCode {
    fn from(k: KeyErrorCode) -> SnapshotErrorCode {
        use SnapshotErrorCode as C;
        match k {
            KeyErrorCode::BadSignature => C::BadSignature,
            KeyErrorCode::UnknownKey => C::UnknownKey,
            KeyErrorCode::WrongAlgorithm => C::WrongAlgorithm,
            KeyErrorCode::UnsupportedAlgorithm => C::UnsupportedAlgorithm,
            KeyErrorCode::KeyExpired => C::KeyExpired,
            KeyErrorCode::KeyNotYetValid => C::KeyNotYetValid,
            KeyErrorCode::MalformedKey => C::MalformedKey,
            KeyErrorCode::MalformedSignature => C::MalformedSignature,
            KeyErrorCode::MalformedKeyring => C::MalformedKeyring,
            KeyErrorCode::RotationNotAuthorised => C::RotationNotAuthorised,
            KeyErrorCode::RandomnessUnavailable => C::RandomnessUnavailable,
            KeyErrorCode::OutOfScope => C::OutOfScope,
            KeyErrorCode::AlgorithmNotBuilt => C::AlgorithmNotBuilt,
        }
    }
}

/// Why a snapshot (or a chunk of one) was refused. Loading never panics: every byte string ends
/// in a snapshot or one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The bytes do not start with the snapshot magic (an HTML error page, a CSV file…).
    /// `NOT_A_SNAPSHOT`.
    NotASnapshot,
    /// The envelope or header names a format version this build does not read.
    /// `UNSUPPORTED_VERSION`.
    UnsupportedVersion {
        /// The version found.
        found: u32,
    },
    /// A version-1 snapshot (record model v1): its records cannot say what a verdict now needs
    /// (sanctions apart from publication), so the publisher must rebuild it. `REBUILD_REQUIRED`.
    RebuildRequired {
        /// The header version found.
        found: u32,
    },
    /// The file was built but never signed (`credit-check build` without `--key`). `NOT_SIGNED`.
    NotSigned,
    /// A refusal by the keyring: `UNKNOWN_KEY`, `WRONG_ALGORITHM`, `KEY_EXPIRED`,
    /// `KEY_NOT_YET_VALID`, `BAD_SIGNATURE`, `MALFORMED_SIGNATURE`, `UNSUPPORTED_ALGORITHM`, or
    /// `KEY_OUT_OF_SCOPE` (the header is outside the signing key's scope). The code is the key
    /// error's own.
    Key(KeyError),
    /// The payload does not hash to the digest in the signed header. `DIGEST_MISMATCH`.
    DigestMismatch,
    /// The bytes end before the structure they announce does. `TRUNCATED`.
    Truncated {
        /// Bytes the structure needs (from the start of the file).
        needed: u64,
        /// Bytes there are.
        found: u64,
    },
    /// A structure is not what the format says (`offset`: from the start of the file, where
    /// known). `MALFORMED`.
    Malformed {
        /// What is wrong.
        detail: Message,
        /// Where, in bytes from the start of the file.
        offset: Option<u64>,
    },
    /// A count or length is above this build's limit; refused before allocating.
    /// `LIMIT_EXCEEDED`.
    LimitExceeded {
        /// What was counted (English, e.g. `"records"`).
        what: &'static str,
        /// The limit.
        limit: u64,
        /// The claimed value.
        found: u64,
    },
    /// Issued after the time of checking (allowing a 5-minute clock skew). `NOT_YET_VALID`.
    NotYetValid {
        /// The header's `issuedAt`.
        issued_at: DateTime<Utc>,
    },
    /// A sequence number lower than the highest one already accepted. `ROLLBACK`.
    Rollback {
        /// This snapshot's sequence.
        sequence: u64,
        /// The highest accepted so far (the caller's).
        last_accepted: u64,
    },
    /// Past its `expiresAt`, and the caller did not opt in to stale snapshots. `STALE`.
    Stale {
        /// The header's `expiresAt`.
        expires_at: DateTime<Utc>,
    },
    /// The streaming loader was used out of order (a chunk after finishing, say).
    /// `INVALID_STATE`.
    InvalidState {
        /// What happened.
        detail: Message,
    },
    /// The manifest of a sharded snapshot opened as a snapshot: it holds no records itself, so
    /// answers from it would say "not listed" for everyone. Open it as a sharded source.
    /// `SHARDED_MANIFEST`.
    ShardedManifest,
    /// A single-file snapshot opened as the manifest of a sharded one. `NOT_A_MANIFEST`.
    NotAManifest,
    /// A shard or page whose bytes do not hash to the digest it was fetched for (tampered,
    /// truncated, or another file under its name). `SHARD_DIGEST_MISMATCH`.
    ShardDigestMismatch {
        /// The digest asked for (hex).
        expected: String,
        /// The bytes' digest (hex).
        found: String,
    },
    /// A file the manifest in use does not name (from another manifest, or none).
    /// `SHARD_NOT_IN_MANIFEST`.
    ShardNotInManifest {
        /// Its digest (hex).
        digest: String,
    },
    /// Shards a question needs have not been loaded: it cannot be answered (never "not
    /// listed"). `SHARD_MISSING`.
    ShardMissing {
        /// How many files are missing.
        count: usize,
    },
}

impl SnapshotError {
    /// The codes this type adds to the key errors it passes on.
    pub const CODES: [&'static str; 17] = [
        "NOT_A_SNAPSHOT",
        "UNSUPPORTED_VERSION",
        "REBUILD_REQUIRED",
        "NOT_SIGNED",
        "DIGEST_MISMATCH",
        "TRUNCATED",
        "MALFORMED",
        "LIMIT_EXCEEDED",
        "NOT_YET_VALID",
        "ROLLBACK",
        "STALE",
        "INVALID_STATE",
        "SHARDED_MANIFEST",
        "NOT_A_MANIFEST",
        "SHARD_DIGEST_MISMATCH",
        "SHARD_NOT_IN_MANIFEST",
        "SHARD_MISSING",
    ];

    /// The stable machine code, e.g. `"DIGEST_MISMATCH"`.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The code, to match on (a key refusal's code is the key error's own).
    pub fn kind(&self) -> SnapshotErrorCode {
        use SnapshotErrorCode as C;
        match self {
            SnapshotError::NotASnapshot => C::NotASnapshot,
            SnapshotError::UnsupportedVersion { .. } => C::UnsupportedVersion,
            SnapshotError::RebuildRequired { .. } => C::RebuildRequired,
            SnapshotError::NotSigned => C::NotSigned,
            SnapshotError::Key(e) => e.kind().into(),
            SnapshotError::DigestMismatch => C::DigestMismatch,
            SnapshotError::Truncated { .. } => C::Truncated,
            SnapshotError::Malformed { .. } => C::Malformed,
            SnapshotError::LimitExceeded { .. } => C::LimitExceeded,
            SnapshotError::NotYetValid { .. } => C::NotYetValid,
            SnapshotError::Rollback { .. } => C::Rollback,
            SnapshotError::Stale { .. } => C::Stale,
            SnapshotError::InvalidState { .. } => C::InvalidState,
            SnapshotError::ShardedManifest => C::ShardedManifest,
            SnapshotError::NotAManifest => C::NotAManifest,
            SnapshotError::ShardDigestMismatch { .. } => C::ShardDigestMismatch,
            SnapshotError::ShardNotInManifest { .. } => C::ShardNotInManifest,
            SnapshotError::ShardMissing { .. } => C::ShardMissing,
        }
    }

    /// Where in the file, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            SnapshotError::Malformed { offset, .. } => *offset,
            SnapshotError::Truncated { found, .. } => Some(*found),
            _ => None,
        }
    }

    pub(crate) fn malformed(zh: impl Into<String>, en: impl Into<String>, at: u64) -> Self {
        SnapshotError::Malformed {
            detail: Message::new(zh.into(), en.into()),
            offset: Some(at),
        }
    }

    pub(crate) fn state(zh: &'static str, en: &'static str) -> Self {
        SnapshotError::InvalidState {
            detail: Message::new(zh, en),
        }
    }

    /// The Chinese message.
    pub fn message(&self) -> String {
        match self {
            SnapshotError::NotASnapshot => "不是信用名单快照文件（文件头标识不符）".to_string(),
            SnapshotError::UnsupportedVersion { found } => {
                format!("不支持的快照格式版本{found}")
            }
            SnapshotError::RebuildRequired { found } => format!(
                "快照为旧版记录格式（版本{found}），无法区分处罚期限与公示期限：请发布方用当前版本的credit-check build重新生成"
            ),
            SnapshotError::NotSigned => "快照未签名".to_string(),
            SnapshotError::Key(e) => e.message(),
            SnapshotError::DigestMismatch => {
                "快照数据摘要与签名头不符（数据被篡改或损坏）".to_string()
            }
            SnapshotError::Truncated { needed, found } => {
                format!("快照不完整：需要{needed}字节，只有{found}字节")
            }
            SnapshotError::Malformed { detail, offset } => match offset {
                Some(o) => format!("快照格式错误（第{o}字节）：{}", detail.zh()),
                None => format!("快照格式错误：{}", detail.zh()),
            },
            SnapshotError::LimitExceeded { what, limit, found } => {
                format!("快照超出限制：{}为{found}，上限{limit}", what_zh(what))
            }
            SnapshotError::NotYetValid { issued_at } => {
                format!("快照签发时间{}晚于当前时间", rfc3339(issued_at))
            }
            SnapshotError::Rollback {
                sequence,
                last_accepted,
            } => format!("快照序号{sequence}低于已接受的序号{last_accepted}（回滚攻击或旧快照）"),
            SnapshotError::Stale { expires_at } => {
                format!("快照已于{}过期", rfc3339(expires_at))
            }
            SnapshotError::InvalidState { detail } => {
                format!("快照加载顺序错误：{}", detail.zh())
            }
            SnapshotError::ShardedManifest => {
                "这是分片名单的清单文件，本身不含记录：请按分片名单打开".to_string()
            }
            SnapshotError::NotAManifest => "这是单文件名单快照，不是分片名单的清单".to_string(),
            SnapshotError::ShardDigestMismatch { expected, found } => format!(
                "名单分片的摘要不符（应为{}…，实为{}…）：文件被篡改、不完整或被替换",
                short(expected),
                short(found)
            ),
            SnapshotError::ShardNotInManifest { digest } => format!(
                "名单分片{}…不属于当前清单（来自其他清单或伪造）",
                short(digest)
            ),
            SnapshotError::ShardMissing { count } => format!(
                "还有{count}个名单分片未取得，无法核查（结果不能视为未列入）"
            ),
        }
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        match self {
            SnapshotError::NotASnapshot => {
                "not a credit list snapshot (wrong magic bytes)".to_string()
            }
            SnapshotError::UnsupportedVersion { found } => {
                format!("unsupported snapshot format version {found}")
            }
            SnapshotError::RebuildRequired { found } => format!(
                "the snapshot uses the old record format (version {found}), which cannot tell a sanction's period from publication: the publisher must rebuild it with the current credit-check build"
            ),
            SnapshotError::NotSigned => "the snapshot is not signed".to_string(),
            SnapshotError::Key(e) => e.message_en(),
            SnapshotError::DigestMismatch => {
                "the payload does not match the digest in the signed header (tampered or corrupt)"
                    .to_string()
            }
            SnapshotError::Truncated { needed, found } => {
                format!("truncated snapshot: {needed} bytes needed, {found} present")
            }
            SnapshotError::Malformed { detail, offset } => match offset {
                Some(o) => format!("malformed snapshot at byte {o}: {}", detail.en()),
                None => format!("malformed snapshot: {}", detail.en()),
            },
            SnapshotError::LimitExceeded { what, limit, found } => {
                format!("snapshot exceeds a limit: {found} {what}, at most {limit}")
            }
            SnapshotError::NotYetValid { issued_at } => format!(
                "the snapshot is issued at {}, later than now",
                rfc3339(issued_at)
            ),
            SnapshotError::Rollback {
                sequence,
                last_accepted,
            } => format!(
                "snapshot sequence {sequence} is lower than the accepted {last_accepted} (rollback or an old snapshot)"
            ),
            SnapshotError::Stale { expires_at } => {
                format!("the snapshot expired at {}", rfc3339(expires_at))
            }
            SnapshotError::InvalidState { detail } => {
                format!("snapshot loader used out of order: {}", detail.en())
            }
            SnapshotError::ShardedManifest => {
                "this is the manifest of a sharded snapshot and holds no records itself: open it as a sharded source".to_string()
            }
            SnapshotError::NotAManifest => {
                "this is a single-file snapshot, not the manifest of a sharded one".to_string()
            }
            SnapshotError::ShardDigestMismatch { expected, found } => format!(
                "a shard's digest does not match (expected {}..., found {}...): tampered, truncated or replaced",
                short(expected),
                short(found)
            ),
            SnapshotError::ShardNotInManifest { digest } => format!(
                "shard {}... is not named by the manifest in use (from another manifest, or forged)",
                short(digest)
            ),
            SnapshotError::ShardMissing { count } => format!(
                "{count} shard file(s) needed have not been loaded: the check cannot be done (this is not \"not listed\")"
            ),
        }
    }
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

fn what_zh(what: &str) -> &str {
    match what {
        "records" => "记录数",
        "sequence" => "快照序号",
        "header bytes" => "签名头长度",
        "payload bytes" => "数据长度",
        "key id bytes" => "密钥标识长度",
        "sections" => "数据段数",
        "string bytes" => "字符串长度",
        "dictionary entries" => "字典条目数",
        _ => what,
    }
}

impl From<KeyError> for SnapshotError {
    fn from(e: KeyError) -> Self {
        SnapshotError::Key(e)
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message_en())
    }
}

impl std::error::Error for SnapshotError {}

impl CodedError for SnapshotError {
    type Code = SnapshotErrorCode;
    fn kind(&self) -> SnapshotErrorCode {
        SnapshotError::kind(self)
    }
    fn text(&self) -> Message {
        Message::new(self.message(), self.message_en())
    }
    fn location(&self) -> Option<Location> {
        self.offset().map(Location::Offset)
    }
}

/// `{code, message, messageEn, offset?}`, the shape every error has in JSON and in JS.
impl Serialize for SnapshotError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SnapshotError", 4)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("messageEn", &self.message_en())?;
        if let Some(o) = self.offset() {
            st.serialize_field("offset", &o)?;
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_and_messages_are_bilingual() {
        let t = chrono::DateTime::from_timestamp(0, 0).unwrap();
        let all = [
            SnapshotError::NotASnapshot,
            SnapshotError::UnsupportedVersion { found: 9 },
            SnapshotError::RebuildRequired { found: 1 },
            SnapshotError::NotSigned,
            SnapshotError::DigestMismatch,
            SnapshotError::Truncated {
                needed: 10,
                found: 3,
            },
            SnapshotError::malformed("坏", "bad", 7),
            SnapshotError::LimitExceeded {
                what: "records",
                limit: 1,
                found: 2,
            },
            SnapshotError::NotYetValid { issued_at: t },
            SnapshotError::Rollback {
                sequence: 1,
                last_accepted: 2,
            },
            SnapshotError::Stale { expires_at: t },
            SnapshotError::state("乙", "b"),
            SnapshotError::ShardedManifest,
            SnapshotError::NotAManifest,
            SnapshotError::ShardDigestMismatch {
                expected: "ab".repeat(32),
                found: "cd".repeat(32),
            },
            SnapshotError::ShardNotInManifest {
                digest: "ef".repeat(32),
            },
            SnapshotError::ShardMissing { count: 2 },
        ];
        for (e, code) in all.iter().zip(SnapshotError::CODES) {
            assert_eq!(e.code(), code);
            assert!(!e.message().is_ascii(), "{code}");
            assert!(e.message_en().is_ascii(), "{code}");
            let v = serde_json::to_value(e).unwrap();
            assert_eq!(v["code"], code);
        }
        assert_eq!(all.len(), SnapshotError::CODES.len());
        // The enum lists the own codes, then every key code.
        let own: Vec<&str> = SnapshotErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let keys = KeyErrorCode::ALL.iter().map(|c| c.as_str());
        let want: Vec<&str> = SnapshotError::CODES.into_iter().chain(keys).collect();
        assert_eq!(own, want);
        for k in KeyErrorCode::ALL {
            assert_eq!(SnapshotErrorCode::from(*k).as_str(), k.as_str());
        }
        assert!(SnapshotError::LimitExceeded {
            what: "records",
            limit: 1,
            found: 2
        }
        .message()
        .contains("记录数"));
    }
}
