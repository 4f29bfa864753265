//! Signatures over snapshot headers and key entries: Ed25519 and SM2 with SM3.
//!
//! - **Ed25519** (RFC 8032, pure EdDSA) through `ed25519-dalek`; verification is
//!   [`verify_strict`](ed25519_dalek::VerifyingKey::verify_strict), which rejects non-canonical
//!   signatures and small-order keys and `R` values. Payload digests: SHA-256.
//! - **SM2 with SM3** (GB/T 32918.2, GM/T 0003.2) through RustCrypto's `sm2`: the message is
//!   hashed as `SM3(Z_A ‖ M)` with the signer's distinguishing ID in `Z_A`, by default the
//!   standard `"1234567812345678"` (GM/T 0009). Payload digests: SM3.
//!
//! Encodings are fixed and strict (see `docs/snapshot-keys.md`): an Ed25519 public key is its 32
//! bytes, an SM2 public key the 65-byte uncompressed SEC1 point `04 ‖ x ‖ y`, and both algorithms'
//! signatures are 64 bytes (`R ‖ S` for Ed25519, `r ‖ s` big-endian for SM2, not DER).
//!
//! Verification works everywhere, in wasm too. Key generation and signing ([`SigningKey`]) are
//! native only, so the wasm build never needs an OS random number source.
//!
//! No byte string makes anything here panic: every bad length or encoding is a [`KeyError`].
//!
//! ```
//! use credit_check::snapshot::signature::{verify, Algorithm, PublicKey};
//! // RFC 8032, section 7.1, test 1: the empty message.
//! let key = PublicKey::from_hex(
//!     Algorithm::Ed25519,
//!     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
//! )?;
//! let sig = credit_check::snapshot::signature::hex_decode(
//!     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
//! )
//! .unwrap();
//! verify(&key, b"", &sig)?;
//! assert_eq!(verify(&key, b"x", &sig).unwrap_err().code(), "BAD_SIGNATURE");
//! # Ok::<(), credit_check::snapshot::signature::KeyError>(())
//! ```

use crate::error::Message;
use crate::lists::record::ListType;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The distinguishing ID an SM2 key uses unless its keyring entry names another
/// (GM/T 0009-2012, the ID every Chinese CA and library defaults to).
pub const DEFAULT_SM2_DIST_ID: &str = "1234567812345678";

/// The longest SM2 distinguishing ID accepted, in bytes (the standard allows up to 8191).
pub const MAX_DIST_ID_LEN: usize = 1024;

/// Length of a signature in bytes, for both algorithms.
pub const SIGNATURE_LEN: usize = 64;

/// Length of an Ed25519 public key in bytes.
pub const ED25519_PUBLIC_KEY_LEN: usize = 32;

/// Length of an SM2 public key in bytes: the uncompressed SEC1 point `04 ‖ x ‖ y`.
pub const SM2_PUBLIC_KEY_LEN: usize = 65;

/// Length of a secret key in bytes: an Ed25519 seed or an SM2 secret scalar (big-endian).
pub const SECRET_KEY_LEN: usize = 32;

/// Length of a payload digest in bytes (SHA-256 and SM3 alike).
pub const DIGEST_LEN: usize = 32;

/// A payload digest: SHA-256 for Ed25519 deployments, SM3 for SM2 ones.
pub type Digest = [u8; DIGEST_LEN];

// ---------------------------------------------------------------------------------------------
// Algorithm
// ---------------------------------------------------------------------------------------------

/// A signature algorithm, and with it the hash used for payload digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// Ed25519 (RFC 8032); digests with SHA-256. Id `"ed25519"`.
    Ed25519,
    /// SM2 signatures with SM3 (GB/T 32918.2); digests with SM3. Id `"sm2-sm3"`.
    Sm2Sm3,
}

impl Algorithm {
    /// Every algorithm, for documentation and exhaustive tests.
    pub const ALL: [Algorithm; 2] = [Algorithm::Ed25519, Algorithm::Sm2Sm3];

    /// The stable string id used in JSON, headers and the CLI: `"ed25519"` or `"sm2-sm3"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::Sm2Sm3 => "sm2-sm3",
        }
    }

    /// Parses a stable string id (exactly `"ed25519"` or `"sm2-sm3"`).
    pub fn parse(s: &str) -> Result<Algorithm, KeyError> {
        match s {
            "ed25519" => Ok(Algorithm::Ed25519),
            "sm2-sm3" => Ok(Algorithm::Sm2Sm3),
            _ => Err(KeyError::UnsupportedAlgorithm { found: shorten(s) }),
        }
    }

    /// Length of this algorithm's public key encoding in bytes.
    pub fn public_key_len(self) -> usize {
        match self {
            Algorithm::Ed25519 => ED25519_PUBLIC_KEY_LEN,
            Algorithm::Sm2Sm3 => SM2_PUBLIC_KEY_LEN,
        }
    }

    /// The name of the payload hash: `"SHA-256"` or `"SM3"`.
    pub fn hash_name(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "SHA-256",
            Algorithm::Sm2Sm3 => "SM3",
        }
    }

    /// Whether this build verifies this algorithm (cargo features `ed25519`, `sm2`: a
    /// deployment may build one of them only). Keys and snapshots of an algorithm not built are
    /// refused as [`KeyError::AlgorithmNotBuilt`].
    pub fn is_built(self) -> bool {
        match self {
            Algorithm::Ed25519 => cfg!(feature = "ed25519"),
            Algorithm::Sm2Sm3 => cfg!(feature = "sm2"),
        }
    }

    /// `Ok` when this build verifies the algorithm, else [`KeyError::AlgorithmNotBuilt`].
    pub fn ensure_built(self) -> Result<Algorithm, KeyError> {
        if self.is_built() {
            Ok(self)
        } else {
            Err(KeyError::AlgorithmNotBuilt { algorithm: self })
        }
    }

    /// The payload digest of `bytes` with this algorithm's hash. Same as [`digest`].
    pub fn digest(self, bytes: &[u8]) -> Digest {
        digest(self, bytes)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Algorithm, KeyError> {
        Algorithm::parse(s)
    }
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Digests
// ---------------------------------------------------------------------------------------------

/// The payload digest of `bytes`: SHA-256 for [`Algorithm::Ed25519`], SM3 for
/// [`Algorithm::Sm2Sm3`].
///
/// ```
/// use credit_check::snapshot::signature::{digest, hex_encode, Algorithm};
/// assert_eq!(
///     hex_encode(&digest(Algorithm::Sm2Sm3, b"abc")),
///     "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
/// );
/// ```
pub fn digest(alg: Algorithm, bytes: &[u8]) -> Digest {
    let mut h = Hasher::new(alg);
    h.update(bytes);
    h.finalize()
}

/// An incremental payload digest, for payloads read in pieces (e.g. while streaming).
#[derive(Clone)]
pub struct Hasher(HasherInner);

#[derive(Clone)]
enum HasherInner {
    Sha256(sha2::Sha256),
    Sm3(sm3::Sm3),
}

impl Hasher {
    /// A hasher for `alg`'s payload digest.
    pub fn new(alg: Algorithm) -> Hasher {
        use sha2::Digest as _;
        Hasher(match alg {
            Algorithm::Ed25519 => HasherInner::Sha256(sha2::Sha256::new()),
            Algorithm::Sm2Sm3 => HasherInner::Sm3(sm3::Sm3::new()),
        })
    }

    /// Feeds more bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest as _;
        match &mut self.0 {
            HasherInner::Sha256(h) => h.update(bytes),
            HasherInner::Sm3(h) => h.update(bytes),
        }
    }

    /// The digest of everything fed.
    pub fn finalize(self) -> Digest {
        use sha2::Digest as _;
        match self.0 {
            HasherInner::Sha256(h) => h.finalize().into(),
            HasherInner::Sm3(h) => h.finalize().into(),
        }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            HasherInner::Sha256(_) => "SHA-256",
            HasherInner::Sm3(_) => "SM3",
        };
        write!(f, "Hasher({name})")
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

crate::error::error_codes! {
    /// What a [`KeyError`] is, as a stable code (the keys layer's code enum).
    pub enum KeyErrorCode {
        /// The signature does not verify.
        BadSignature => "BAD_SIGNATURE",
        /// No pinned key has the id.
        UnknownKey => "UNKNOWN_KEY",
        /// The signature claims another algorithm than the key's.
        WrongAlgorithm => "WRONG_ALGORITHM",
        /// An algorithm id this build does not know.
        UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
        /// The key has expired.
        KeyExpired => "KEY_EXPIRED",
        /// The key is not valid yet.
        KeyNotYetValid => "KEY_NOT_YET_VALID",
        /// A malformed public or secret key.
        MalformedKey => "MALFORMED_KEY",
        /// A malformed signature.
        MalformedSignature => "MALFORMED_SIGNATURE",
        /// A malformed keyring or key file.
        MalformedKeyring => "MALFORMED_KEYRING",
        /// A rotation not introduced by a valid pinned key.
        RotationNotAuthorised => "ROTATION_NOT_AUTHORISED",
        /// The OS random number generator failed.
        RandomnessUnavailable => "RANDOMNESS_UNAVAILABLE",
        /// The header is outside the signing key's scope.
        OutOfScope => "KEY_OUT_OF_SCOPE",
        /// A key or snapshot of an algorithm this build leaves out.
        AlgorithmNotBuilt => "ALGORITHM_NOT_BUILT",
    }
}

/// Why a key, signature or keyring was refused. Each variant has a stable machine [`code`](Self::code)
/// and messages in Chinese ([`message`](Self::message)) and English ([`message_en`](Self::message_en)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The signature is well formed but does not verify under the key. `BAD_SIGNATURE`.
    BadSignature {
        /// The key it was checked against, when it came from a keyring.
        key_id: Option<String>,
    },
    /// No pinned key has this id. `UNKNOWN_KEY`.
    UnknownKey {
        /// The id asked for (shortened to 80 characters).
        key_id: String,
    },
    /// The signature claims another algorithm than the pinned key has. `WRONG_ALGORITHM`.
    WrongAlgorithm {
        /// The key.
        key_id: String,
        /// The algorithm the signed object claims.
        claimed: Algorithm,
        /// The key's algorithm.
        actual: Algorithm,
    },
    /// An algorithm id that is neither `"ed25519"` nor `"sm2-sm3"`. `UNSUPPORTED_ALGORITHM`.
    UnsupportedAlgorithm {
        /// The id found (shortened to 80 characters).
        found: String,
    },
    /// The time checked is at or after the key's `validUntil`. `KEY_EXPIRED`.
    KeyExpired {
        /// The key.
        key_id: String,
        /// When it stopped being valid.
        valid_until: DateTime<Utc>,
    },
    /// The time checked is before the key's `validFrom`. `KEY_NOT_YET_VALID`.
    KeyNotYetValid {
        /// The key.
        key_id: String,
        /// When it becomes valid.
        valid_from: DateTime<Utc>,
    },
    /// A public or secret key of the wrong length, encoding, or not a valid point. `MALFORMED_KEY`.
    MalformedKey(Message),
    /// A signature of the wrong length or encoding, or with out-of-range scalars.
    /// `MALFORMED_SIGNATURE`.
    MalformedSignature(Message),
    /// A keyring, key entry or key file that is not the documented JSON. `MALFORMED_KEYRING`.
    MalformedKeyring(Message),
    /// A rotation whose new key is not properly introduced by a currently valid pinned key.
    /// `ROTATION_NOT_AUTHORISED`.
    RotationNotAuthorised {
        /// What was wrong.
        detail: Message,
        /// The underlying refusal (unknown or expired signer, bad signature), if any.
        cause: Option<Box<KeyError>>,
    },
    /// A key or snapshot of an algorithm this build leaves out (a deployment built with only
    /// one of the cargo features `ed25519`, `sm2`). `ALGORITHM_NOT_BUILT`.
    AlgorithmNotBuilt {
        /// The algorithm asked for.
        algorithm: Algorithm,
    },
    /// The operating system's random number generator failed during key generation.
    /// `RANDOMNESS_UNAVAILABLE`.
    RandomnessUnavailable,
    /// A snapshot header outside the scope of the key that signed it: another publisher, a list
    /// type or a region the key may not sign for (`docs/snapshot-keys.md`, "Scope").
    /// `KEY_OUT_OF_SCOPE`.
    OutOfScope {
        /// The key.
        key_id: String,
        /// Which part of the header is outside the key's scope.
        violation: ScopeViolation,
    },
}

/// The part of a snapshot header that is outside its key's scope ([`KeyError::OutOfScope`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScopeViolation {
    /// The header names another publisher than the one the key may sign for.
    Publisher {
        /// The key's `scope.publisher`.
        allowed: String,
        /// The header's `publisher` (shortened to 80 characters).
        found: String,
    },
    /// The header covers a list type the key may not sign.
    ListType {
        /// The key's `scope.listTypes`.
        allowed: Vec<ListType>,
        /// The first of the header's `listTypes` not among them.
        found: ListType,
    },
    /// The header's region is not within any of the key's regions.
    Region {
        /// The key's `scope.regions`.
        allowed: Vec<String>,
        /// The header's `region.code` (shortened to 80 characters).
        found: String,
    },
}

impl ScopeViolation {
    /// The scope member the header is outside of, as named in the keyring JSON:
    /// `"publisher"`, `"listTypes"` or `"regions"`.
    pub fn part(&self) -> &'static str {
        match self {
            ScopeViolation::Publisher { .. } => "publisher",
            ScopeViolation::ListType { .. } => "listTypes",
            ScopeViolation::Region { .. } => "regions",
        }
    }

    fn message(&self, key_id: &str) -> String {
        match self {
            ScopeViolation::Publisher { allowed, found } => {
                format!("密钥“{key_id}”只可签发“{allowed}”的名单，此快照的发布者为“{found}”")
            }
            ScopeViolation::ListType { allowed, found } => format!(
                "密钥“{key_id}”不可签发{}（{}），只可签发{}",
                found.id(),
                found.name_zh(),
                join_ids(allowed.iter().map(|l| l.id()), "、")
            ),
            ScopeViolation::Region { allowed, found } => format!(
                "密钥“{key_id}”只可签发地区{}（含其下辖地区）的名单，此快照的地区为{found}",
                join_ids(allowed.iter().map(String::as_str), "、")
            ),
        }
    }

    fn message_en(&self, key_id: &str) -> String {
        match self {
            ScopeViolation::Publisher { allowed, found } => format!(
                "Key '{key_id}' may only sign for publisher '{allowed}'; this snapshot's publisher is '{found}'"
            ),
            ScopeViolation::ListType { allowed, found } => format!(
                "Key '{key_id}' may not sign list type {} ({}); it may sign only {}",
                found.id(),
                found.name_en(),
                join_ids(allowed.iter().map(|l| l.id()), ", ")
            ),
            ScopeViolation::Region { allowed, found } => {
                let (regions, their) = match allowed.len() {
                    1 => ("region", "its"),
                    _ => ("regions", "their"),
                };
                format!(
                    "Key '{key_id}' may only sign for {regions} {} (and {their} subdivisions); this snapshot's region is {found}",
                    join_ids(allowed.iter().map(String::as_str), ", ")
                )
            }
        }
    }
}

fn join_ids<'a>(ids: impl Iterator<Item = &'a str>, sep: &str) -> String {
    ids.collect::<Vec<_>>().join(sep)
}

impl KeyError {
    /// Every code, for documentation and exhaustive tests.
    pub const CODES: [&'static str; 13] = [
        "BAD_SIGNATURE",
        "UNKNOWN_KEY",
        "WRONG_ALGORITHM",
        "UNSUPPORTED_ALGORITHM",
        "KEY_EXPIRED",
        "KEY_NOT_YET_VALID",
        "MALFORMED_KEY",
        "MALFORMED_SIGNATURE",
        "MALFORMED_KEYRING",
        "ROTATION_NOT_AUTHORISED",
        "RANDOMNESS_UNAVAILABLE",
        "KEY_OUT_OF_SCOPE",
        "ALGORITHM_NOT_BUILT",
    ];

    /// The stable machine code, e.g. `"BAD_SIGNATURE"`.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The code, to match on.
    pub fn kind(&self) -> KeyErrorCode {
        match self {
            KeyError::BadSignature { .. } => KeyErrorCode::BadSignature,
            KeyError::UnknownKey { .. } => KeyErrorCode::UnknownKey,
            KeyError::WrongAlgorithm { .. } => KeyErrorCode::WrongAlgorithm,
            KeyError::UnsupportedAlgorithm { .. } => KeyErrorCode::UnsupportedAlgorithm,
            KeyError::KeyExpired { .. } => KeyErrorCode::KeyExpired,
            KeyError::KeyNotYetValid { .. } => KeyErrorCode::KeyNotYetValid,
            KeyError::MalformedKey(_) => KeyErrorCode::MalformedKey,
            KeyError::MalformedSignature(_) => KeyErrorCode::MalformedSignature,
            KeyError::MalformedKeyring(_) => KeyErrorCode::MalformedKeyring,
            KeyError::RotationNotAuthorised { .. } => KeyErrorCode::RotationNotAuthorised,
            KeyError::AlgorithmNotBuilt { .. } => KeyErrorCode::AlgorithmNotBuilt,
            KeyError::RandomnessUnavailable => KeyErrorCode::RandomnessUnavailable,
            KeyError::OutOfScope { .. } => KeyErrorCode::OutOfScope,
        }
    }

    /// The key the error is about, where there is one.
    pub fn key_id(&self) -> Option<&str> {
        match self {
            KeyError::BadSignature { key_id } => key_id.as_deref(),
            KeyError::UnknownKey { key_id }
            | KeyError::WrongAlgorithm { key_id, .. }
            | KeyError::KeyExpired { key_id, .. }
            | KeyError::KeyNotYetValid { key_id, .. }
            | KeyError::OutOfScope { key_id, .. } => Some(key_id),
            KeyError::RotationNotAuthorised { cause, .. } => cause.as_deref()?.key_id(),
            _ => None,
        }
    }

    /// The message in Chinese.
    pub fn message(&self) -> String {
        match self {
            KeyError::BadSignature { key_id: Some(id) } => format!("签名验证失败（密钥“{id}”）"),
            KeyError::BadSignature { key_id: None } => "签名验证失败".to_string(),
            KeyError::UnknownKey { key_id } => {
                format!("未知的密钥“{key_id}”（不在固定的密钥环中）")
            }
            KeyError::WrongAlgorithm {
                key_id,
                claimed,
                actual,
            } => format!("密钥“{key_id}”的算法是{actual}，但签名声称使用{claimed}"),
            KeyError::UnsupportedAlgorithm { found } => {
                format!("不支持的签名算法“{found}”（应为ed25519或sm2-sm3）")
            }
            KeyError::KeyExpired {
                key_id,
                valid_until,
            } => format!("密钥“{key_id}”已于{}失效", rfc3339(valid_until)),
            KeyError::KeyNotYetValid { key_id, valid_from } => {
                format!("密钥“{key_id}”自{}起才生效", rfc3339(valid_from))
            }
            KeyError::MalformedKey(d) => format!("密钥格式错误：{}", d.zh),
            KeyError::MalformedSignature(d) => format!("签名格式错误：{}", d.zh),
            KeyError::MalformedKeyring(d) => format!("密钥环格式错误：{}", d.zh),
            KeyError::RotationNotAuthorised { detail, cause } => match cause {
                Some(c) => format!("密钥轮换未获授权：{}（{}）", detail.zh, c.message()),
                None => format!("密钥轮换未获授权：{}", detail.zh),
            },
            KeyError::AlgorithmNotBuilt { algorithm } => {
                format!("此版本未编译签名算法{algorithm}（部署时只选择了其他算法）")
            }
            KeyError::RandomnessUnavailable => "无法获取操作系统随机数，未能生成密钥".to_string(),
            KeyError::OutOfScope { key_id, violation } => violation.message(key_id),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            KeyError::BadSignature { key_id: Some(id) } => {
                format!("Signature does not verify (key '{id}')")
            }
            KeyError::BadSignature { key_id: None } => "Signature does not verify".to_string(),
            KeyError::UnknownKey { key_id } => {
                format!("Unknown key '{key_id}' (not in the pinned keyring)")
            }
            KeyError::WrongAlgorithm {
                key_id,
                claimed,
                actual,
            } => format!("Key '{key_id}' is {actual}, but the signature claims {claimed}"),
            KeyError::UnsupportedAlgorithm { found } => {
                format!("Unsupported signature algorithm '{found}' (expected ed25519 or sm2-sm3)")
            }
            KeyError::KeyExpired {
                key_id,
                valid_until,
            } => format!("Key '{key_id}' expired at {}", rfc3339(valid_until)),
            KeyError::KeyNotYetValid { key_id, valid_from } => {
                format!("Key '{key_id}' is not valid before {}", rfc3339(valid_from))
            }
            KeyError::MalformedKey(d) => format!("Malformed key: {}", d.en),
            KeyError::MalformedSignature(d) => format!("Malformed signature: {}", d.en),
            KeyError::MalformedKeyring(d) => format!("Malformed keyring: {}", d.en),
            KeyError::RotationNotAuthorised { detail, cause } => match cause {
                Some(c) => format!(
                    "Key rotation not authorised: {} ({})",
                    detail.en,
                    c.message_en()
                ),
                None => format!("Key rotation not authorised: {}", detail.en),
            },
            KeyError::AlgorithmNotBuilt { algorithm } => format!(
                "Signature algorithm {algorithm} is not built into this module (the deployment chose other algorithms)"
            ),
            KeyError::RandomnessUnavailable => {
                "The operating system's random number generator failed; no key was generated"
                    .to_string()
            }
            KeyError::OutOfScope { key_id, violation } => violation.message_en(key_id),
        }
    }

    pub(crate) fn malformed_key(
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> KeyError {
        KeyError::MalformedKey(Message::new(zh, en))
    }

    #[cfg_attr(not(feature = "sm2"), allow(dead_code))]
    pub(crate) fn malformed_signature(
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> KeyError {
        KeyError::MalformedSignature(Message::new(zh, en))
    }

    pub(crate) fn malformed_keyring(
        zh: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> KeyError {
        KeyError::MalformedKeyring(Message::new(zh, en))
    }
}

impl crate::error::CodedError for KeyError {
    type Code = KeyErrorCode;
    fn kind(&self) -> KeyErrorCode {
        KeyError::kind(self)
    }
    fn text(&self) -> Message {
        Message::new(self.message(), self.message_en())
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message_en())
    }
}

impl std::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyError::RotationNotAuthorised { cause: Some(c), .. } => Some(c.as_ref()),
            _ => None,
        }
    }
}

/// The JSON/JS shape: `{code, message, messageEn, keyId?}`, like [`Problem`](crate::Problem).
impl Serialize for KeyError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key_id = self.key_id();
        let mut st = serializer.serialize_struct("KeyError", 3 + usize::from(key_id.is_some()))?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("messageEn", &self.message_en())?;
        if let Some(id) = key_id {
            st.serialize_field("keyId", id)?;
        }
        st.end()
    }
}

/// RFC 3339 in UTC with whole seconds, the form used in keyring JSON and messages.
pub(crate) fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// At most 80 characters of an untrusted string, for error messages.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Hex
// ---------------------------------------------------------------------------------------------

/// Lower-case hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Bytes from hex (either case, no separators); `None` if the length is odd or a character is
/// not a hex digit.
pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Hex of exactly `len` bytes, or the error `make` builds from a detail.
fn hex_exact(
    s: &str,
    len: usize,
    what_zh: &str,
    what_en: &str,
    make: fn(Message) -> KeyError,
) -> Result<Vec<u8>, KeyError> {
    if s.len() != len * 2 {
        return Err(make(Message::new(
            format!(
                "{what_zh}应为{}个十六进制字符，实为{}个",
                len * 2,
                s.chars().count()
            ),
            format!(
                "{what_en} must be {} hex digits, found {}",
                len * 2,
                s.chars().count()
            ),
        )));
    }
    hex_decode(s).ok_or_else(|| {
        make(Message::new(
            format!("{what_zh}不是十六进制"),
            format!("{what_en} is not hexadecimal"),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Public keys
// ---------------------------------------------------------------------------------------------

/// A parsed, valid public key of either algorithm.
#[derive(Clone)]
pub struct PublicKey(KeyInner);

#[derive(Clone)]
enum KeyInner {
    #[cfg(feature = "ed25519")]
    Ed25519(ed25519_dalek::VerifyingKey),
    #[cfg(feature = "sm2")]
    Sm2(Box<Sm2Key>),
}

#[cfg(feature = "sm2")]
#[derive(Clone)]
struct Sm2Key {
    key: sm2::dsa::VerifyingKey,
    sec1: [u8; SM2_PUBLIC_KEY_LEN],
    dist_id: String,
}

impl PublicKey {
    /// Parses a public key: 32 bytes for Ed25519, the 65-byte uncompressed SEC1 point for SM2
    /// (with the default distinguishing ID).
    ///
    /// Refused as [`KeyError::MalformedKey`]: a wrong length; for Ed25519 a non-canonical
    /// encoding, a point not on the curve or of small order; for SM2 a compressed or other
    /// non-`04` encoding, coordinates not below the field prime, or a point not on the curve.
    pub fn from_bytes(alg: Algorithm, bytes: &[u8]) -> Result<PublicKey, KeyError> {
        match alg {
            Algorithm::Ed25519 => Self::ed25519(bytes),
            Algorithm::Sm2Sm3 => Self::sm2(bytes, DEFAULT_SM2_DIST_ID),
        }
    }

    /// Parses a public key from hex (see [`from_bytes`](Self::from_bytes)).
    pub fn from_hex(alg: Algorithm, hex: &str) -> Result<PublicKey, KeyError> {
        let bytes = hex_exact(
            hex,
            alg.public_key_len(),
            "公钥",
            "public key",
            KeyError::MalformedKey,
        )?;
        Self::from_bytes(alg, &bytes)
    }

    /// Parses an SM2 public key that signs with another distinguishing ID than the default
    /// (1 to [`MAX_DIST_ID_LEN`] bytes).
    pub fn sm2_with_dist_id(bytes: &[u8], dist_id: &str) -> Result<PublicKey, KeyError> {
        Self::sm2(bytes, dist_id)
    }

    #[cfg(not(feature = "ed25519"))]
    fn ed25519(_: &[u8]) -> Result<PublicKey, KeyError> {
        Err(KeyError::AlgorithmNotBuilt {
            algorithm: Algorithm::Ed25519,
        })
    }

    #[cfg(not(feature = "sm2"))]
    fn sm2(_: &[u8], dist_id: &str) -> Result<PublicKey, KeyError> {
        check_dist_id(dist_id)?;
        Err(KeyError::AlgorithmNotBuilt {
            algorithm: Algorithm::Sm2Sm3,
        })
    }

    #[cfg(feature = "ed25519")]
    fn ed25519(bytes: &[u8]) -> Result<PublicKey, KeyError> {
        let arr: &[u8; ED25519_PUBLIC_KEY_LEN] = bytes.try_into().map_err(|_| {
            KeyError::MalformedKey(Message::length(
                "Ed25519公钥",
                "Ed25519 public key",
                ED25519_PUBLIC_KEY_LEN,
                bytes.len(),
            ))
        })?;
        if !ed25519_y_is_canonical(arr) {
            return Err(KeyError::malformed_key(
                "Ed25519公钥编码不规范（y坐标不小于域的模数）",
                "Ed25519 public key is not canonically encoded (y is not below the field prime)",
            ));
        }
        let key = ed25519_dalek::VerifyingKey::from_bytes(arr).map_err(|_| {
            KeyError::malformed_key("不是Ed25519曲线上的点", "not a point on the Ed25519 curve")
        })?;
        if key.is_weak() {
            return Err(KeyError::malformed_key(
                "Ed25519公钥是小阶点（弱密钥）",
                "Ed25519 public key is a point of small order (a weak key)",
            ));
        }
        Ok(PublicKey(KeyInner::Ed25519(key)))
    }

    #[cfg(feature = "sm2")]
    fn sm2(bytes: &[u8], dist_id: &str) -> Result<PublicKey, KeyError> {
        check_dist_id(dist_id)?;
        let sec1: [u8; SM2_PUBLIC_KEY_LEN] = bytes.try_into().map_err(|_| {
            KeyError::MalformedKey(Message::length(
                "SM2公钥（未压缩SEC1编码）",
                "SM2 public key (uncompressed SEC1)",
                SM2_PUBLIC_KEY_LEN,
                bytes.len(),
            ))
        })?;
        if sec1[0] != 0x04 {
            return Err(KeyError::malformed_key(
                "SM2公钥须为以04开头的未压缩SEC1编码",
                "SM2 public key must be an uncompressed SEC1 point starting with 04",
            ));
        }
        let key = sm2::dsa::VerifyingKey::from_sec1_bytes(dist_id, &sec1).map_err(|_| {
            KeyError::malformed_key("不是SM2曲线上的点", "not a point on the SM2 curve")
        })?;
        Ok(PublicKey(KeyInner::Sm2(Box::new(Sm2Key {
            key,
            sec1,
            dist_id: dist_id.to_string(),
        }))))
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.0 {
            #[cfg(feature = "ed25519")]
            KeyInner::Ed25519(_) => Algorithm::Ed25519,
            #[cfg(feature = "sm2")]
            KeyInner::Sm2(_) => Algorithm::Sm2Sm3,
        }
    }

    /// The encoded key: 32 bytes (Ed25519) or 65 (SM2, uncompressed SEC1).
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.0 {
            #[cfg(feature = "ed25519")]
            KeyInner::Ed25519(k) => k.to_bytes().to_vec(),
            #[cfg(feature = "sm2")]
            KeyInner::Sm2(k) => k.sec1.to_vec(),
        }
    }

    /// The encoded key in lower-case hex.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.to_bytes())
    }

    /// The SM2 distinguishing ID (the default one unless the key names another); `None` for
    /// Ed25519.
    pub fn dist_id(&self) -> Option<&str> {
        match &self.0 {
            #[cfg(feature = "ed25519")]
            KeyInner::Ed25519(_) => None,
            #[cfg(feature = "sm2")]
            KeyInner::Sm2(k) => Some(&k.dist_id),
        }
    }

    /// Checks `sig` over `message` under this key. Same as the free [`verify`].
    pub fn verify(&self, message: &[u8], sig: &[u8]) -> Result<(), KeyError> {
        verify(self, message, sig)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.algorithm() == other.algorithm()
            && self.to_bytes() == other.to_bytes()
            && self.dist_id() == other.dist_id()
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("PublicKey");
        d.field("algorithm", &self.algorithm().as_str())
            .field("key", &self.to_hex());
        if let Some(id) = self.dist_id() {
            d.field("dist_id", &id);
        }
        d.finish()
    }
}

/// Is the y coordinate in an Ed25519 encoding below p = 2^255 − 19? (The top bit is x's sign.)
#[cfg(feature = "ed25519")]
fn ed25519_y_is_canonical(b: &[u8; 32]) -> bool {
    // y ≥ p exactly when the low 255 bits are 0x7fff…ffed or above.
    !(b[31] & 0x7f == 0x7f && b[1..31].iter().all(|&x| x == 0xff) && b[0] >= 0xed)
}

fn check_dist_id(dist_id: &str) -> Result<(), KeyError> {
    if dist_id.is_empty() || dist_id.len() > MAX_DIST_ID_LEN {
        return Err(KeyError::MalformedKey(Message::new(
            format!(
                "SM2区分标识须为1至{MAX_DIST_ID_LEN}字节，实为{}字节",
                dist_id.len()
            ),
            format!(
                "SM2 distinguishing ID must be 1 to {MAX_DIST_ID_LEN} bytes, found {}",
                dist_id.len()
            ),
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------------------------

/// A well-formed signature of a given algorithm: 64 bytes.
///
/// Parsing checks the length and, for SM2, that `r` and `s` lie in `[1, n−1]`; whether an
/// Ed25519 `S` is canonical is checked by verification (as `BAD_SIGNATURE`).
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    algorithm: Algorithm,
    bytes: [u8; SIGNATURE_LEN],
}

impl Signature {
    /// Parses a signature of `alg` from its 64 bytes.
    pub fn from_bytes(alg: Algorithm, bytes: &[u8]) -> Result<Signature, KeyError> {
        let arr: [u8; SIGNATURE_LEN] = bytes.try_into().map_err(|_| {
            KeyError::MalformedSignature(Message::length(
                "签名",
                "signature",
                SIGNATURE_LEN,
                bytes.len(),
            ))
        })?;
        #[cfg(feature = "sm2")]
        if alg == Algorithm::Sm2Sm3 && sm2::dsa::Signature::from_bytes(&arr).is_err() {
            return Err(KeyError::malformed_signature(
                "SM2签名的r或s不在[1, n−1]范围内",
                "SM2 signature's r or s is not in [1, n−1]",
            ));
        }
        Ok(Signature {
            algorithm: alg,
            bytes: arr,
        })
    }

    /// Parses a signature of `alg` from 128 hex digits.
    pub fn from_hex(alg: Algorithm, hex: &str) -> Result<Signature, KeyError> {
        let bytes = hex_exact(
            hex,
            SIGNATURE_LEN,
            "签名",
            "signature",
            KeyError::MalformedSignature,
        )?;
        Signature::from_bytes(alg, &bytes)
    }

    /// The algorithm the signature was parsed for.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The 64 bytes.
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.bytes
    }

    /// The 64 bytes in lower-case hex.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.bytes)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}, {})", self.algorithm, self.to_hex())
    }
}

/// Checks `sig` (64 bytes) over `message` under `key`.
///
/// Errors: [`KeyError::MalformedSignature`] when `sig` cannot be a signature of the key's
/// algorithm; [`KeyError::BadSignature`] when it does not verify (Ed25519 with
/// `verify_strict`; SM2 over `SM3(Z_A ‖ message)` with the key's distinguishing ID).
pub fn verify(key: &PublicKey, message: &[u8], sig: &[u8]) -> Result<(), KeyError> {
    let sig = Signature::from_bytes(key.algorithm(), sig)?;
    let ok = match &key.0 {
        #[cfg(feature = "ed25519")]
        KeyInner::Ed25519(k) => {
            let s = ed25519_dalek::Signature::from_bytes(&sig.bytes);
            k.verify_strict(message, &s).is_ok()
        }
        #[cfg(feature = "sm2")]
        KeyInner::Sm2(k) => {
            use sm2::dsa::signature::Verifier;
            match sm2::dsa::Signature::from_bytes(&sig.bytes) {
                Ok(s) => k.key.verify(message, &s).is_ok(),
                Err(_) => false,
            }
        }
    };
    if ok {
        Ok(())
    } else {
        Err(KeyError::BadSignature { key_id: None })
    }
}

// ---------------------------------------------------------------------------------------------
// Signing keys (native only)
// ---------------------------------------------------------------------------------------------

#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
pub use signing::{SigningKey, KEY_FILE_FORMAT};

#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
mod signing {
    use super::*;
    use serde::Deserialize;
    use zeroize::Zeroizing;

    /// The `format` value of a secret key file.
    pub const KEY_FILE_FORMAT: &str = "credit-check-secret-key/1";

    /// A secret key that signs (native only: the wasm build verifies and never signs).
    ///
    /// Ed25519 keys are 32-byte seeds (RFC 8032); SM2 keys 32-byte big-endian secret scalars
    /// `d` with `1 ≤ d ≤ n−2`. Signing is deterministic for both (RFC 8032; RFC 6979 with SM3
    /// for SM2), so the same key and message always give the same signature.
    pub struct SigningKey {
        inner: SigningInner,
        public: PublicKey,
    }

    enum SigningInner {
        Ed25519(Box<ed25519_dalek::SigningKey>),
        Sm2(Box<sm2::dsa::SigningKey>),
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct KeyFile {
        format: String,
        id: String,
        algorithm: String,
        secret_key: String,
        public_key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dist_id: Option<String>,
    }

    impl SigningKey {
        /// A new key from the operating system's random number generator (default SM2
        /// distinguishing ID).
        pub fn generate(alg: Algorithm) -> Result<SigningKey, KeyError> {
            Self::generate_with_dist_id(alg, None)
        }

        /// A new key; for SM2 with `dist_id` instead of the default distinguishing ID.
        pub fn generate_with_dist_id(
            alg: Algorithm,
            dist_id: Option<&str>,
        ) -> Result<SigningKey, KeyError> {
            Self::generate_with_rng(alg, dist_id, &mut rand_core::OsRng)
        }

        /// A new key from `rng` (which must be a cryptographically secure generator).
        /// [`KeyError::RandomnessUnavailable`] when it fails.
        pub fn generate_with_rng(
            alg: Algorithm,
            dist_id: Option<&str>,
            rng: &mut impl rand_core::CryptoRngCore,
        ) -> Result<SigningKey, KeyError> {
            check_dist_id_for(alg, dist_id)?;
            // Rejection sampling: an SM2 scalar must lie in [1, n−2]; an out-of-range draw
            // (probability about 2^-32) is drawn again, a few dozen times at most.
            for _ in 0..64 {
                let mut secret = Zeroizing::new([0u8; SECRET_KEY_LEN]);
                rng.try_fill_bytes(&mut secret[..])
                    .map_err(|_| KeyError::RandomnessUnavailable)?;
                match Self::from_secret_bytes(alg, &secret[..], dist_id) {
                    Ok(k) => return Ok(k),
                    Err(KeyError::MalformedKey(_)) if alg == Algorithm::Sm2Sm3 => continue,
                    Err(e) => return Err(e),
                }
            }
            Err(KeyError::RandomnessUnavailable)
        }

        /// A key from its 32 secret bytes: an Ed25519 seed, or an SM2 big-endian scalar in
        /// `[1, n−2]`. `dist_id` applies to SM2 only (`None`: the default).
        pub fn from_secret_bytes(
            alg: Algorithm,
            secret: &[u8],
            dist_id: Option<&str>,
        ) -> Result<SigningKey, KeyError> {
            let arr: &[u8; SECRET_KEY_LEN] = secret.try_into().map_err(|_| {
                KeyError::MalformedKey(Message::length(
                    "私钥",
                    "secret key",
                    SECRET_KEY_LEN,
                    secret.len(),
                ))
            })?;
            check_dist_id_for(alg, dist_id)?;
            match alg {
                Algorithm::Ed25519 => {
                    let sk = ed25519_dalek::SigningKey::from_bytes(arr);
                    let public = PublicKey(KeyInner::Ed25519(sk.verifying_key()));
                    Ok(SigningKey {
                        inner: SigningInner::Ed25519(Box::new(sk)),
                        public,
                    })
                }
                Algorithm::Sm2Sm3 => {
                    let dist_id = dist_id.unwrap_or(DEFAULT_SM2_DIST_ID);
                    let out_of_range = || {
                        KeyError::malformed_key(
                            "SM2私钥不在[1, n−2]范围内",
                            "SM2 secret scalar is not in [1, n−2]",
                        )
                    };
                    let sk = sm2::dsa::SigningKey::from_slice(dist_id, arr)
                        .map_err(|_| out_of_range())?;
                    // d = n−1 parses but cannot sign (1 + d has no inverse): refuse it here.
                    {
                        use sm2::dsa::signature::Signer;
                        let _: sm2::dsa::Signature =
                            sk.try_sign(b"credit-check").map_err(|_| out_of_range())?;
                    }
                    let sec1 = sm2_sec1(sk.verifying_key());
                    let public = PublicKey::sm2(&sec1, dist_id)?;
                    Ok(SigningKey {
                        inner: SigningInner::Sm2(Box::new(sk)),
                        public,
                    })
                }
            }
        }

        /// The algorithm.
        pub fn algorithm(&self) -> Algorithm {
            self.public.algorithm()
        }

        /// The public key that verifies this key's signatures.
        pub fn public_key(&self) -> PublicKey {
            self.public.clone()
        }

        /// The 32 secret bytes (wiped from memory when dropped).
        pub fn secret_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
            match &self.inner {
                SigningInner::Ed25519(k) => Zeroizing::new(k.to_bytes()),
                SigningInner::Sm2(k) => Zeroizing::new(k.to_bytes().into()),
            }
        }

        /// Signs `message`: 64 bytes that [`verify`] accepts under [`public_key`](Self::public_key).
        pub fn sign(&self, message: &[u8]) -> Vec<u8> {
            match &self.inner {
                SigningInner::Ed25519(k) => {
                    use ed25519_dalek::Signer;
                    k.sign(message).to_bytes().to_vec()
                }
                SigningInner::Sm2(k) => {
                    use sm2::dsa::signature::{RandomizedSigner, Signer};
                    // Deterministic signing fails only if r = 0 or r + k = n, with
                    // probability about 2^-256; then fall back to randomised nonces.
                    // (Construction refused the one key that can never sign, d = n−1.)
                    let mut sig = k.try_sign(message);
                    for _ in 0..16 {
                        if sig.is_ok() {
                            break;
                        }
                        sig = k.try_sign_with_rng(&mut rand_core::OsRng, message);
                    }
                    // Unreachable in practice; an empty signature fails verification.
                    sig.map(|s| s.to_bytes().to_vec()).unwrap_or_default()
                }
            }
        }

        /// The secret key file: JSON `{format, id, algorithm, secretKey, publicKey, distId?}`
        /// with the secret bytes in hex (see `docs/snapshot-keys.md`). Keep it secret.
        pub fn to_key_file_json(&self, id: &str) -> Result<Zeroizing<String>, KeyError> {
            crate::snapshot::keyring::check_key_id(id)?;
            let file = WipedKeyFile(KeyFile {
                format: KEY_FILE_FORMAT.to_string(),
                id: id.to_string(),
                algorithm: self.algorithm().as_str().to_string(),
                secret_key: hex_encode(&self.secret_bytes()[..]),
                public_key: self.public.to_hex(),
                dist_id: self
                    .public
                    .dist_id()
                    .filter(|d| *d != DEFAULT_SM2_DIST_ID)
                    .map(str::to_string),
            });
            let mut json = Zeroizing::new(serde_json::to_string_pretty(&file.0).map_err(|e| {
                KeyError::malformed_keyring(format!("无法写出：{e}"), format!("cannot write: {e}"))
            })?);
            json.push('\n');
            Ok(json)
        }

        /// Reads a secret key file written by [`to_key_file_json`](Self::to_key_file_json):
        /// the key id and the key. The stored public key must match the secret one.
        pub fn from_key_file_json(json: &str) -> Result<(String, SigningKey), KeyError> {
            if json.len() > 64 * 1024 {
                return Err(KeyError::malformed_keyring(
                    "私钥文件过大",
                    "secret key file is too large",
                ));
            }
            let file: KeyFile = serde_json::from_slice(json.as_bytes()).map_err(|e| {
                KeyError::malformed_keyring(
                    format!("私钥文件不是规定的JSON：{e}"),
                    format!("secret key file is not the documented JSON: {e}"),
                )
            })?;
            let file = WipedKeyFile(file);
            if file.format != KEY_FILE_FORMAT {
                return Err(KeyError::malformed_keyring(
                    format!("私钥文件格式应为{KEY_FILE_FORMAT}"),
                    format!("secret key file format must be {KEY_FILE_FORMAT}"),
                ));
            }
            crate::snapshot::keyring::check_key_id(&file.id)?;
            let alg = Algorithm::parse(&file.algorithm)?;
            let secret = Zeroizing::new(hex_exact(
                &file.secret_key,
                SECRET_KEY_LEN,
                "私钥",
                "secret key",
                KeyError::MalformedKey,
            )?);
            let key = SigningKey::from_secret_bytes(alg, &secret, file.dist_id.as_deref())?;
            let bytes = hex_exact(
                &file.public_key,
                alg.public_key_len(),
                "公钥",
                "public key",
                KeyError::MalformedKey,
            )?;
            let stored = match alg {
                Algorithm::Ed25519 => PublicKey::from_bytes(alg, &bytes)?,
                Algorithm::Sm2Sm3 => PublicKey::sm2_with_dist_id(
                    &bytes,
                    file.dist_id.as_deref().unwrap_or(DEFAULT_SM2_DIST_ID),
                )?,
            };
            if stored != key.public {
                return Err(KeyError::malformed_key(
                    "私钥文件中的公钥与私钥不符",
                    "the public key in the secret key file does not match the secret key",
                ));
            }
            Ok((file.id.clone(), key))
        }
    }

    /// An SM2 key's distinguishing ID must be 1 to 1024 bytes; an Ed25519 key has none.
    fn check_dist_id_for(alg: Algorithm, dist_id: Option<&str>) -> Result<(), KeyError> {
        match (alg, dist_id) {
            (Algorithm::Ed25519, Some(_)) => Err(KeyError::malformed_key(
                "区分标识只用于SM2密钥",
                "a distinguishing ID applies to SM2 keys only",
            )),
            (Algorithm::Sm2Sm3, Some(d)) => check_dist_id(d),
            (_, None) => Ok(()),
        }
    }

    /// A parsed key file whose secret hex is wiped when it goes out of scope.
    struct WipedKeyFile(KeyFile);

    impl std::ops::Deref for WipedKeyFile {
        type Target = KeyFile;
        fn deref(&self) -> &KeyFile {
            &self.0
        }
    }

    impl Drop for WipedKeyFile {
        fn drop(&mut self) {
            use zeroize::Zeroize;
            self.0.secret_key.zeroize();
        }
    }

    fn sm2_sec1(key: &sm2::dsa::VerifyingKey) -> [u8; SM2_PUBLIC_KEY_LEN] {
        use sm2::elliptic_curve::sec1::ToEncodedPoint;
        let point = key.to_encoded_point(false);
        let mut out = [0u8; SM2_PUBLIC_KEY_LEN];
        let bytes = point.as_bytes();
        if bytes.len() == SM2_PUBLIC_KEY_LEN {
            out.copy_from_slice(bytes);
        }
        out
    }

    impl fmt::Debug for SigningKey {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SigningKey")
                .field("public", &self.public)
                .finish_non_exhaustive()
        }
    }
}

// A build without one algorithm (a deployment's SIGNATURES=ed25519 or sm2):
//   cargo test --lib --no-default-features --features checker,ed25519 not_built
//   cargo test --lib --no-default-features --features checker,sm2 not_built
#[cfg(all(test, not(all(feature = "ed25519", feature = "sm2"))))]
mod not_built {
    use super::*;
    use crate::snapshot::keyring::Keyring;

    #[test]
    fn keys_keyrings_and_signatures_of_an_algorithm_left_out_are_refused_with_a_typed_error() {
        let (built, missing) = if cfg!(feature = "ed25519") {
            (Algorithm::Ed25519, Algorithm::Sm2Sm3)
        } else {
            (Algorithm::Sm2Sm3, Algorithm::Ed25519)
        };
        assert!(built.is_built() && !missing.is_built());
        assert_eq!(built.ensure_built(), Ok(built));
        let not_built = KeyError::AlgorithmNotBuilt { algorithm: missing };
        assert_eq!(missing.ensure_built(), Err(not_built.clone()));
        assert!(not_built.message().contains(missing.as_str()));
        assert!(not_built.message_en().contains("not built"));
        // A key of the algorithm, however well formed, is refused before any parsing.
        let mut key = vec![4u8; missing.public_key_len()];
        key[0] = 0x04;
        let e = PublicKey::from_bytes(missing, &key).unwrap_err();
        assert_eq!(e.code(), "ALGORITHM_NOT_BUILT");
        assert_eq!(
            PublicKey::from_hex(missing, &hex_encode(&key)).unwrap_err(),
            e
        );
        // A keyring entry of the algorithm: the keyring is refused with the same code.
        let ring = format!(
            r#"{{"version": 1, "keys": [{{"id": "k1", "algorithm": "{}", "publicKey": "{}"}}]}}"#,
            missing.as_str(),
            hex_encode(&key)
        );
        assert_eq!(
            Keyring::from_json(&ring).unwrap_err().code(),
            "ALGORITHM_NOT_BUILT"
        );
        // A snapshot (or anything signed) claiming the algorithm: refused, never accepted, even
        // by a keyring without a key of that id.
        // A valid key of the built algorithm: RFC 8032's first test key, or SM2's generator.
        let good = match built {
            Algorithm::Ed25519 => {
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
            }
            Algorithm::Sm2Sm3 => concat!(
                "04",
                "32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7",
                "bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0"
            ),
        };
        let ring = Keyring::from_json(&format!(
            r#"{{"version": 1, "keys": [{{"id": "k1", "algorithm": "{}", "publicKey": "{good}"}}]}}"#,
            built.as_str()
        ))
        .unwrap();
        for id in ["k1", "other"] {
            let e = ring
                .verify(id, missing, b"m", &[1u8; SIGNATURE_LEN], Utc::now())
                .unwrap_err();
            assert_eq!(e.code(), "ALGORITHM_NOT_BUILT");
        }
    }
}
