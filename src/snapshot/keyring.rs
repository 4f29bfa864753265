//! The keyring: the publishers' public keys a client pins, with ids, algorithms and validity
//! windows, and rotation to a new key introduced (signed) by a currently valid old one.
//!
//! The JSON format, the canonical bytes a rotation signs and the rotation procedure are in
//! `docs/snapshot-keys.md`. In short:
//!
//! ```json
//! { "version": 1,
//!   "keys": [
//!     { "id": "mof-2025", "algorithm": "ed25519", "publicKey": "<64 hex digits>",
//!       "validFrom": "2025-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
//!       "scope": { "publisher": "财政部", "listTypes": ["LT-ZFCG"], "regions": ["000000"] } } ] }
//! ```
//!
//! A key is valid at time `t` when `validFrom ≤ t < validUntil` (a missing bound is open). An
//! entry with a [`scope`](KeyScope) may only sign snapshots of that publisher, those list types
//! and regions ([`KeyEntry::check_scope`]); an entry without one (legacy) may sign anything.
//!
//! ```
//! use credit_check::snapshot::keyring::Keyring;
//! use credit_check::snapshot::signature::Algorithm;
//! use chrono::{TimeZone, Utc};
//!
//! let ring = Keyring::from_json(r#"{"version": 1, "keys": [{"id": "rfc8032-1",
//!     "algorithm": "ed25519",
//!     "publicKey": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
//!     "validUntil": "2030-01-01T00:00:00Z"}]}"#)?;
//! let sig = credit_check::snapshot::signature::hex_decode("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b").unwrap();
//! let at = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
//! assert_eq!(ring.verify("rfc8032-1", Algorithm::Ed25519, b"", &sig, at)?.id(), "rfc8032-1");
//! let err = ring.verify("rfc8032-1", Algorithm::Sm2Sm3, b"", &sig, at).unwrap_err();
//! assert_eq!(err.code(), "WRONG_ALGORITHM");
//! let later = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
//! assert_eq!(ring.verify("rfc8032-1", Algorithm::Ed25519, b"", &sig, later).unwrap_err().code(), "KEY_EXPIRED");
//! # Ok::<(), credit_check::snapshot::signature::KeyError>(())
//! ```

use super::signature::{
    hex_decode, hex_encode, rfc3339, shorten, verify, Algorithm, KeyError, PublicKey,
    ScopeViolation, DEFAULT_SM2_DIST_ID, SIGNATURE_LEN,
};
use crate::error::Message;
use crate::json::Json;
use crate::lists::record::ListType;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// The keyring JSON `version` this code reads and writes.
pub const KEYRING_VERSION: u32 = 1;

/// The longest keyring JSON accepted, in bytes; checked before parsing.
pub const MAX_KEYRING_JSON_LEN: usize = 1 << 20;

/// The longest single key entry JSON accepted (a rotation), in bytes; checked before parsing.
pub const MAX_ENTRY_JSON_LEN: usize = 64 * 1024;

/// The most keys a keyring may hold.
pub const MAX_KEYS: usize = 256;

/// The longest key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 64;

/// The domain-separation tag that starts an entry's canonical bytes.
pub const ENTRY_DOMAIN_TAG: &[u8] = b"credit-check key entry v1";

/// The marker that starts a scoped entry's scope fields in its canonical bytes.
pub const SCOPE_TAG: &[u8] = b"scope";

/// The region code that covers every region (the whole country).
pub const NATIONAL_REGION: &str = "000000";

/// Checks a key id: 1 to 64 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or
/// digit (so an id is also a safe file name).
pub fn check_key_id(id: &str) -> Result<(), KeyError> {
    let b = id.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= MAX_KEY_ID_LEN
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(KeyError::MalformedKeyring(Message::new(
            format!(
                "密钥标识“{}”无效（应为1至{MAX_KEY_ID_LEN}个字母、数字、.、_或-，以字母或数字开头）",
                shorten(id)
            ),
            format!(
                "invalid key id '{}' (1 to {MAX_KEY_ID_LEN} letters, digits, '.', '_' or '-', starting with a letter or digit)",
                shorten(id)
            ),
        )))
    }
}

/// What a key may sign, as a TUF delegation names it: one publisher, some list types, some
/// regions. Each member is optional (absent: any). An entry without a scope is a legacy,
/// unscoped key and may sign anything. See `docs/snapshot-keys.md`, "Scope".
///
/// ```
/// use credit_check::snapshot::keyring::KeyScope;
/// use credit_check::lists::record::ListType;
///
/// let scope = KeyScope::new(
///     Some("福建省高级人民法院".into()),
///     Some(vec![ListType::JudgmentDefaulters]),
///     Some(vec!["350000".into()]),
/// )?;
/// assert!(scope.covers_region("350102"));
/// assert!(!scope.covers_region("440000"));
/// assert_eq!(KeyScope::new(None, None, Some(vec!["35".into()])).unwrap_err().code(), "MALFORMED_KEYRING");
/// # Ok::<(), credit_check::snapshot::signature::KeyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyScope {
    publisher: Option<String>,
    /// In catalogue order, no duplicates, not empty.
    list_types: Option<Vec<ListType>>,
    /// Six digits each, sorted, no duplicates, not empty.
    regions: Option<Vec<String>>,
}

impl KeyScope {
    /// A scope; list types and regions are put in canonical order (list types in catalogue
    /// order, [`ListType::ALL`]; regions ascending; duplicates dropped). Refused
    /// ([`KeyError::MalformedKeyring`]): no member at all, an empty publisher or one with
    /// surrounding white space, an empty list of list types or regions, a region that is not
    /// six digits (`000000`, or a code not starting `00`).
    pub fn new(
        publisher: Option<String>,
        list_types: Option<Vec<ListType>>,
        regions: Option<Vec<String>>,
    ) -> Result<KeyScope, KeyError> {
        KeyScope::checked(None, publisher, list_types, regions)
    }

    /// [`new`](Self::new), naming the key `id` in errors.
    fn checked(
        id: Option<&str>,
        publisher: Option<String>,
        list_types: Option<Vec<ListType>>,
        regions: Option<Vec<String>>,
    ) -> Result<KeyScope, KeyError> {
        let bad = |zh: &str, en: &str| match id {
            Some(id) => KeyError::malformed_keyring(
                format!("密钥“{id}”：{zh}"),
                format!("key '{id}': {en}"),
            ),
            None => KeyError::malformed_keyring(zh.to_string(), en.to_string()),
        };
        if publisher.is_none() && list_types.is_none() && regions.is_none() {
            return Err(bad(
                "scope须至少指定publisher、listTypes、regions之一（不限范围则省略scope）",
                "a scope must name at least one of publisher, listTypes, regions (leave scope out for an unscoped key)",
            ));
        }
        if publisher
            .as_deref()
            .is_some_and(|p| p.is_empty() || p.trim() != p)
        {
            return Err(bad(
                "scope.publisher为空或首尾有空白",
                "scope.publisher is empty or has surrounding white space",
            ));
        }
        if list_types.as_ref().is_some_and(Vec::is_empty) {
            return Err(bad(
                "scope.listTypes为空（不限名单类型则省略它）",
                "scope.listTypes is empty (leave it out for any list type)",
            ));
        }
        let list_types = list_types.map(|given| {
            ListType::ALL
                .into_iter()
                .filter(|t| given.contains(t))
                .collect()
        });
        let regions = match regions {
            None => None,
            Some(given) => {
                let mut sorted: Vec<String> = Vec::with_capacity(given.len());
                for code in given {
                    if !is_region_code(&code) {
                        let code = shorten(&code);
                        return Err(bad(
                            &format!("scope.regions中的“{code}”不是GB/T 2260六位地区代码"),
                            &format!("'{code}' in scope.regions is not a six-digit GB/T 2260 code"),
                        ));
                    }
                    if let Err(i) = sorted.binary_search(&code) {
                        sorted.insert(i, code);
                    }
                }
                if sorted.is_empty() {
                    return Err(bad(
                        "scope.regions为空（不限地区则省略它）",
                        "scope.regions is empty (leave it out for any region)",
                    ));
                }
                Some(sorted)
            }
        };
        Ok(KeyScope {
            publisher,
            list_types,
            regions,
        })
    }

    /// The only publisher the key may sign for; `None`: any.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }

    /// The only list types the key may sign (in catalogue order); `None`: any.
    pub fn list_types(&self) -> Option<&[ListType]> {
        self.list_types.as_deref()
    }

    /// The regions the key may sign for, each with its subdivisions (ascending); `None`: any.
    pub fn regions(&self) -> Option<&[String]> {
        self.regions.as_deref()
    }

    /// Whether the scope allows region `code` (a region covers itself and its subdivisions,
    /// `000000` covers every code; see [`region_covers`]).
    pub fn covers_region(&self, code: &str) -> bool {
        match &self.regions {
            None => true,
            Some(r) => r.iter().any(|outer| region_covers(outer, code)),
        }
    }

    /// What `new` may sign that this scope does not allow, in Chinese and English (`None`:
    /// nothing, `new` is within this scope). `new: None` is an unscoped key.
    fn wider(&self, new: Option<&KeyScope>) -> Option<(String, String)> {
        let Some(n) = new else {
            return Some((
                "任何名单（没有scope）".into(),
                "anything (it has no scope)".into(),
            ));
        };
        let any = |zh: &str, en: &str| Some((format!("任何{zh}"), format!("any {en}")));
        if let Some(p) = &self.publisher {
            match &n.publisher {
                None => return any("发布者的名单", "publisher's lists"),
                Some(q) if q != p => {
                    return Some((format!("发布者“{q}”的名单"), format!("for publisher '{q}'")))
                }
                Some(_) => {}
            }
        }
        if let Some(allowed) = &self.list_types {
            let Some(l) = &n.list_types else {
                return any("名单类型", "list type");
            };
            if let Some(x) = l.iter().find(|t| !allowed.contains(t)) {
                return Some((
                    format!("名单类型{}", x.id()),
                    format!("list type {}", x.id()),
                ));
            }
        }
        if self.regions.is_some() {
            let Some(r) = &n.regions else {
                return any("地区的名单", "region's lists");
            };
            if let Some(x) = r.iter().find(|c| !self.covers_region(c)) {
                return Some((format!("地区{x}的名单"), format!("for region {x}")));
            }
        }
        None
    }

    fn from_raw(id: &str, raw: ScopeJson) -> Result<KeyScope, KeyError> {
        let mut list_types = None;
        if let Some(ids) = raw.list_types {
            let mut parsed = Vec::with_capacity(ids.len().min(ListType::ALL.len()));
            for x in &ids {
                let Ok(t) = x.parse::<ListType>() else {
                    let x = shorten(x);
                    return Err(KeyError::malformed_keyring(
                        format!("密钥“{id}”：scope.listTypes含未知名单类型“{x}”"),
                        format!("key '{id}': scope.listTypes names an unknown list type '{x}'"),
                    ));
                };
                parsed.push(t);
            }
            list_types = Some(parsed);
        }
        KeyScope::checked(Some(id), raw.publisher, list_types, raw.regions)
    }

    fn to_raw(&self) -> ScopeJson {
        ScopeJson {
            publisher: self.publisher.clone(),
            list_types: self
                .list_types
                .as_ref()
                .map(|l| l.iter().map(|t| t.id().to_string()).collect()),
            regions: self.regions.clone(),
        }
    }
}

/// Six ASCII digits: `000000` (national) or a code whose first two digits are not `00`.
fn is_region_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6
        && b.iter().all(u8::is_ascii_digit)
        && (code == NATIONAL_REGION || &b[..2] != b"00")
}

/// Whether GB/T 2260 region `outer` covers region `inner`: the same code, a province
/// (`XX0000`) covers every code starting `XX`, a prefecture (`XXYY00`) every code starting
/// `XXYY`, and `000000` every region. Both must be six digits.
///
/// ```
/// use credit_check::snapshot::keyring::region_covers;
///
/// assert!(region_covers("350000", "350100") && region_covers("350000", "350102"));
/// assert!(region_covers("350100", "350102") && region_covers("350102", "350102"));
/// assert!(!region_covers("350100", "350000") && !region_covers("350100", "350200"));
/// assert!(region_covers("000000", "440305") && !region_covers("350000", "000000"));
/// ```
pub fn region_covers(outer: &str, inner: &str) -> bool {
    if !is_region_code(outer) || !is_region_code(inner) {
        return false;
    }
    let (o, i) = (outer.as_bytes(), inner.as_bytes());
    if outer == NATIONAL_REGION || o == i {
        true
    } else if &o[2..] == b"0000" {
        o[..2] == i[..2]
    } else if &o[4..] == b"00" {
        o[..4] == i[..4]
    } else {
        false
    }
}

/// How an entry came into the keyring: signed by an older key (a rotation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    key_id: String,
    signature: Vec<u8>,
    signer_valid_until: Option<DateTime<Utc>>,
}

impl Introduction {
    /// The id of the key that signed the entry.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The signer's signature over the entry's [canonical bytes](KeyEntry::canonical_bytes).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// When accepted, the signer's own validity ends here (never later than it already did):
    /// how a rotation retires the old key.
    pub fn signer_valid_until(&self) -> Option<DateTime<Utc>> {
        self.signer_valid_until
    }
}

/// One pinned public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    id: String,
    public_key: PublicKey,
    valid_from: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
    scope: Option<KeyScope>,
    introduced_by: Option<Introduction>,
}

impl KeyEntry {
    /// An entry with no introduction. Refused: an invalid id, or `valid_from ≥ valid_until`.
    pub fn new(
        id: &str,
        public_key: PublicKey,
        valid_from: Option<DateTime<Utc>>,
        valid_until: Option<DateTime<Utc>>,
    ) -> Result<KeyEntry, KeyError> {
        check_key_id(id)?;
        check_window(id, valid_from, valid_until)?;
        Ok(KeyEntry {
            id: id.to_string(),
            public_key,
            valid_from,
            valid_until,
            scope: None,
            introduced_by: None,
        })
    }

    /// This entry with `scope` (`None`: unscoped). Set it before [`introduce`](Self::introduce):
    /// the scope is covered by the introduction's signature.
    pub fn with_scope(mut self, scope: Option<KeyScope>) -> KeyEntry {
        self.scope = scope;
        self
    }

    /// What the key may sign; `None` for a legacy, unscoped key (anything).
    pub fn scope(&self) -> Option<&KeyScope> {
        self.scope.as_ref()
    }

    /// `Ok` when a snapshot header with this publisher, these list types and this region is
    /// within the key's scope (always, for an unscoped key); else [`KeyError::OutOfScope`]
    /// naming the first part outside it, checked in this order: the publisher must equal
    /// `scope.publisher`; every list type must be in `scope.listTypes`; the region must be
    /// within one of `scope.regions`.
    pub fn check_scope(
        &self,
        publisher: &str,
        list_types: &[ListType],
        region_code: &str,
    ) -> Result<(), KeyError> {
        let Some(scope) = &self.scope else {
            return Ok(());
        };
        let out = |violation| {
            Err(KeyError::OutOfScope {
                key_id: self.id.clone(),
                violation,
            })
        };
        if let Some(p) = &scope.publisher {
            if p != publisher {
                return out(ScopeViolation::Publisher {
                    allowed: p.clone(),
                    found: shorten(publisher),
                });
            }
        }
        if let Some(allowed) = &scope.list_types {
            if let Some(&found) = list_types.iter().find(|t| !allowed.contains(t)) {
                return out(ScopeViolation::ListType {
                    allowed: allowed.clone(),
                    found,
                });
            }
        }
        if !scope.covers_region(region_code) {
            return out(ScopeViolation::Region {
                allowed: scope.regions.clone().unwrap_or_default(),
                found: shorten(region_code),
            });
        }
        Ok(())
    }

    /// The key id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.public_key.algorithm()
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The first instant the key is valid, if bounded.
    pub fn valid_from(&self) -> Option<DateTime<Utc>> {
        self.valid_from
    }

    /// The first instant the key is no longer valid, if bounded.
    pub fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.valid_until
    }

    /// The older key that introduced this one, if it came by rotation.
    pub fn introduced_by(&self) -> Option<&Introduction> {
        self.introduced_by.as_ref()
    }

    /// `Ok` when `valid_from ≤ at < valid_until`; else [`KeyError::KeyNotYetValid`] or
    /// [`KeyError::KeyExpired`].
    pub fn check_valid_at(&self, at: DateTime<Utc>) -> Result<(), KeyError> {
        if let Some(from) = self.valid_from {
            if at < from {
                return Err(KeyError::KeyNotYetValid {
                    key_id: self.id.clone(),
                    valid_from: from,
                });
            }
        }
        if let Some(until) = self.valid_until {
            if at >= until {
                return Err(KeyError::KeyExpired {
                    key_id: self.id.clone(),
                    valid_until: until,
                });
            }
        }
        Ok(())
    }

    /// Why `new` (introduced by this key) may sign more than this key may; `None` when its
    /// scope is within this one's (an unscoped introducer may introduce any scope).
    fn scope_widened_by(&self, new: &KeyEntry) -> Option<Message> {
        let (zh, en) = self.scope.as_ref()?.wider(new.scope.as_ref())?;
        Some(Message::new(
            format!(
                "新密钥“{}”可签发{zh}，超出其引入者“{}”的scope",
                new.id, self.id
            ),
            format!(
                "new key '{}' may sign {en}, outside the scope of its introducer '{}'",
                new.id, self.id
            ),
        ))
    }

    /// The bytes a rotation signature covers. Each field is a 4-byte big-endian length and
    /// then its bytes, in this order:
    ///
    /// 1. the tag [`ENTRY_DOMAIN_TAG`] (`credit-check key entry v1`),
    /// 2. the key id (UTF-8),
    /// 3. the algorithm id (`ed25519` or `sm2-sm3`),
    /// 4. the public key (32 or 65 bytes),
    /// 5. the SM2 distinguishing ID in effect (UTF-8; the default one when the JSON has none;
    ///    empty for Ed25519),
    /// 6. `validFrom`, 7. `validUntil`: empty when absent, else the Unix time in seconds as an
    ///    8-byte big-endian signed integer,
    /// 8. the introducer's key id (empty when none),
    /// 9. `signerValidUntil` (as 6),
    ///
    /// and only for a scoped entry (so an unscoped entry's bytes are what they were before
    /// scopes existed):
    ///
    /// 10. the marker [`SCOPE_TAG`] (`scope`),
    /// 11. `scope.publisher` (UTF-8; empty when absent),
    /// 12. `scope.listTypes`: empty when absent, else each id (in catalogue order,
    ///     [`ListType::ALL`]) as a field of its own, all inside this one,
    /// 13. `scope.regions`: as 12, the six-digit codes ascending.
    ///
    /// The introduction's signature itself is not covered.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        fn field(out: &mut Vec<u8>, bytes: &[u8]) {
            // Every field is bounded far below 4 GiB (ids 64 bytes, keys 65, dist ids 1 KiB).
            out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
            out.extend_from_slice(bytes);
        }
        fn time(out: &mut Vec<u8>, t: Option<DateTime<Utc>>) {
            match t {
                Some(t) => field(out, &t.timestamp().to_be_bytes()),
                None => field(out, &[]),
            }
        }
        let mut out = Vec::with_capacity(256);
        field(&mut out, ENTRY_DOMAIN_TAG);
        field(&mut out, self.id.as_bytes());
        field(&mut out, self.algorithm().as_str().as_bytes());
        field(&mut out, &self.public_key.to_bytes());
        field(&mut out, self.public_key.dist_id().unwrap_or("").as_bytes());
        time(&mut out, self.valid_from);
        time(&mut out, self.valid_until);
        let intro = self.introduced_by.as_ref();
        field(&mut out, intro.map_or("", |i| i.key_id.as_str()).as_bytes());
        time(&mut out, intro.and_then(|i| i.signer_valid_until));
        if let Some(scope) = &self.scope {
            // One field holding each item as a field of its own (empty when absent).
            fn list(out: &mut Vec<u8>, items: &mut dyn Iterator<Item = &str>) {
                let mut inner = Vec::new();
                for x in items {
                    field(&mut inner, x.as_bytes());
                }
                field(out, &inner);
            }
            field(&mut out, SCOPE_TAG);
            field(
                &mut out,
                scope.publisher.as_deref().unwrap_or("").as_bytes(),
            );
            let lists = scope.list_types.as_deref().unwrap_or(&[]);
            list(&mut out, &mut lists.iter().map(|t| t.id()));
            let regions = scope.regions.as_deref().unwrap_or(&[]);
            list(&mut out, &mut regions.iter().map(String::as_str));
        }
        out
    }

    /// Parses one entry, as it appears in a keyring's `keys` (e.g. a rotation's new entry).
    pub fn from_json(json: &str) -> Result<KeyEntry, KeyError> {
        if json.len() > MAX_ENTRY_JSON_LEN {
            return Err(too_long(
                "key entry",
                "密钥条目",
                MAX_ENTRY_JSON_LEN,
                json.len(),
            ));
        }
        let raw = Json::read_text(json.as_bytes(), EntryJson::read)
            .map_err(|e| not_json("密钥条目", "key entry", &e))?;
        KeyEntry::from_raw(raw)
    }

    /// Reads one entry from any serde deserializer of the same shape as the JSON (e.g.
    /// `serde_wasm_bindgen::Deserializer` over a JS object, which spares the wasm build a
    /// JSON parser). The caller bounds the input's size.
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<KeyEntry, KeyError> {
        let raw = EntryJson::deserialize(d).map_err(|e| not_json("密钥条目", "key entry", &e))?;
        KeyEntry::from_raw(raw)
    }

    /// The entry as JSON (pretty-printed, one entry of a keyring's `keys`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_raw()).unwrap_or_default()
    }

    /// This entry, introduced by `signer` (key id `signer_id`): signs the canonical bytes,
    /// which include `signer_id` and `signer_valid_until` (the end the rotation sets for the
    /// signer's own validity). Native only.
    #[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
    pub fn introduce(
        mut self,
        signer_id: &str,
        signer: &super::signature::SigningKey,
        signer_valid_until: Option<DateTime<Utc>>,
    ) -> Result<KeyEntry, KeyError> {
        check_key_id(signer_id)?;
        if signer_id == self.id {
            return Err(KeyError::RotationNotAuthorised {
                detail: Message::new("密钥不能引入自身", "a key cannot introduce itself"),
                cause: None,
            });
        }
        self.introduced_by = Some(Introduction {
            key_id: signer_id.to_string(),
            signature: Vec::new(),
            signer_valid_until,
        });
        let sig = signer.sign(&self.canonical_bytes());
        if let Some(i) = self.introduced_by.as_mut() {
            i.signature = sig;
        }
        Ok(self)
    }

    fn from_raw(raw: EntryJson) -> Result<KeyEntry, KeyError> {
        check_key_id(&raw.id)?;
        let alg = Algorithm::parse(&raw.algorithm)?;
        let key_bytes = hex_decode(&raw.public_key).ok_or_else(|| {
            KeyError::MalformedKey(Message::new(
                format!("密钥“{}”的publicKey不是十六进制", raw.id),
                format!("publicKey of key '{}' is not hexadecimal", raw.id),
            ))
        })?;
        let public_key = match (alg, raw.dist_id.as_deref()) {
            (Algorithm::Sm2Sm3, Some(d)) => PublicKey::sm2_with_dist_id(&key_bytes, d)?,
            (Algorithm::Ed25519, Some(_)) => {
                return Err(KeyError::MalformedKey(Message::new(
                    format!("密钥“{}”：distId只用于sm2-sm3密钥", raw.id),
                    format!("key '{}': distId applies to sm2-sm3 keys only", raw.id),
                )))
            }
            (_, None) => PublicKey::from_bytes(alg, &key_bytes)?,
        };
        let valid_from = parse_time(&raw.id, "validFrom", raw.valid_from.as_deref())?;
        let valid_until = parse_time(&raw.id, "validUntil", raw.valid_until.as_deref())?;
        check_window(&raw.id, valid_from, valid_until)?;
        let scope = match raw.scope {
            None => None,
            Some(sc) => Some(KeyScope::from_raw(&raw.id, sc)?),
        };
        let introduced_by = match raw.introduced_by {
            None => None,
            Some(i) => {
                check_key_id(&i.key_id)?;
                if i.key_id == raw.id {
                    return Err(KeyError::MalformedKeyring(Message::new(
                        format!("密钥“{}”不能由自身引入", raw.id),
                        format!("key '{}' cannot be introduced by itself", raw.id),
                    )));
                }
                let signature = hex_decode(&i.signature)
                    .filter(|s| s.len() == SIGNATURE_LEN)
                    .ok_or_else(|| {
                        KeyError::MalformedSignature(Message::new(
                            format!(
                                "密钥“{}”的introducedBy.signature应为{}个十六进制字符",
                                raw.id,
                                SIGNATURE_LEN * 2
                            ),
                            format!(
                                "introducedBy.signature of key '{}' must be {} hex digits",
                                raw.id,
                                SIGNATURE_LEN * 2
                            ),
                        ))
                    })?;
                let signer_valid_until = parse_time(
                    &raw.id,
                    "introducedBy.signerValidUntil",
                    i.signer_valid_until.as_deref(),
                )?;
                Some(Introduction {
                    key_id: i.key_id,
                    signature,
                    signer_valid_until,
                })
            }
        };
        Ok(KeyEntry {
            id: raw.id,
            public_key,
            valid_from,
            valid_until,
            scope,
            introduced_by,
        })
    }

    fn to_raw(&self) -> EntryJson {
        EntryJson {
            id: self.id.clone(),
            algorithm: self.algorithm().as_str().to_string(),
            public_key: self.public_key.to_hex(),
            dist_id: self
                .public_key
                .dist_id()
                .filter(|d| *d != DEFAULT_SM2_DIST_ID)
                .map(str::to_string),
            valid_from: self.valid_from.as_ref().map(rfc3339),
            valid_until: self.valid_until.as_ref().map(rfc3339),
            scope: self.scope.as_ref().map(KeyScope::to_raw),
            introduced_by: self.introduced_by.as_ref().map(|i| IntroJson {
                key_id: i.key_id.clone(),
                signature: hex_encode(&i.signature),
                signer_valid_until: i.signer_valid_until.as_ref().map(rfc3339),
            }),
        }
    }
}

/// A set of pinned public keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyring {
    entries: Vec<KeyEntry>,
}

impl Keyring {
    /// Parses a keyring (see the module docs and `docs/snapshot-keys.md`).
    ///
    /// Refused as [`KeyError::MalformedKeyring`]: more than [`MAX_KEYRING_JSON_LEN`] bytes, not
    /// the documented JSON (unknown fields included), another `version`, no keys or more than
    /// [`MAX_KEYS`], a duplicate id, bad times; an entry introduced by a key also in the
    /// keyring whose signature does not verify. Bad key material is
    /// [`KeyError::MalformedKey`]. Introductions by keys in the keyring apply their
    /// `signerValidUntil`, as [`accept_rotation`](Self::accept_rotation) did.
    pub fn from_json(json: &str) -> Result<Keyring, KeyError> {
        if json.len() > MAX_KEYRING_JSON_LEN {
            return Err(too_long(
                "keyring",
                "密钥环",
                MAX_KEYRING_JSON_LEN,
                json.len(),
            ));
        }
        let raw = Json::read_text(json.as_bytes(), KeyringJson::read)
            .map_err(|e| not_json("密钥环", "keyring", &e))?;
        Keyring::from_raw(raw)
    }

    /// Reads a keyring from any serde deserializer of the same shape as the JSON (e.g.
    /// `serde_wasm_bindgen::Deserializer` over a JS object, which spares the wasm build a
    /// JSON parser), with the checks of [`from_json`](Self::from_json). The caller bounds
    /// the input's size.
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Keyring, KeyError> {
        let raw = KeyringJson::deserialize(d).map_err(|e| not_json("密钥环", "keyring", &e))?;
        Keyring::from_raw(raw)
    }

    fn from_raw(raw: KeyringJson) -> Result<Keyring, KeyError> {
        if raw.version != KEYRING_VERSION {
            return Err(KeyError::MalformedKeyring(Message::new(
                format!("不支持的密钥环版本{}（应为{KEYRING_VERSION}）", raw.version),
                format!(
                    "unsupported keyring version {} (expected {KEYRING_VERSION})",
                    raw.version
                ),
            )));
        }
        if raw.keys.is_empty() || raw.keys.len() > MAX_KEYS {
            return Err(KeyError::MalformedKeyring(Message::new(
                format!("密钥环须有1至{MAX_KEYS}个密钥，实有{}个", raw.keys.len()),
                format!(
                    "a keyring must hold 1 to {MAX_KEYS} keys, found {}",
                    raw.keys.len()
                ),
            )));
        }
        let mut entries: Vec<KeyEntry> = Vec::with_capacity(raw.keys.len());
        for r in raw.keys {
            let e = KeyEntry::from_raw(r)?;
            if entries.iter().any(|x| x.id == e.id) {
                return Err(KeyError::MalformedKeyring(Message::new(
                    format!("密钥标识“{}”重复", e.id),
                    format!("duplicate key id '{}'", e.id),
                )));
            }
            entries.push(e);
        }
        let mut ring = Keyring { entries };
        for i in 0..ring.entries.len() {
            let Some(intro) = ring.entries[i].introduced_by.clone() else {
                continue;
            };
            let Some(s) = ring.index(&intro.key_id) else {
                continue; // the introducer has been dropped from the keyring: nothing to check
            };
            let msg = ring.entries[i].canonical_bytes();
            if verify(&ring.entries[s].public_key, &msg, &intro.signature).is_err() {
                return Err(KeyError::MalformedKeyring(Message::new(
                    format!(
                        "密钥“{}”的引入签名不能由“{}”验证",
                        ring.entries[i].id, intro.key_id
                    ),
                    format!(
                        "the introduction of key '{}' does not verify under '{}'",
                        ring.entries[i].id, intro.key_id
                    ),
                )));
            }
            if let Some(why) = ring.entries[s].scope_widened_by(&ring.entries[i]) {
                return Err(KeyError::RotationNotAuthorised {
                    detail: why,
                    cause: None,
                });
            }
            ring.retire(s, intro.signer_valid_until);
        }
        Ok(ring)
    }

    /// The keyring as JSON (pretty-printed), e.g. to persist it after a rotation.
    pub fn to_json(&self) -> String {
        let raw = KeyringJson {
            version: KEYRING_VERSION,
            keys: self.entries.iter().map(KeyEntry::to_raw).collect(),
        };
        serde_json::to_string_pretty(&raw).unwrap_or_default()
    }

    /// The entries, in keyring order.
    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, key_id: &str) -> Option<&KeyEntry> {
        self.entries.iter().find(|e| e.id == key_id)
    }

    fn index(&self, key_id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id == key_id)
    }

    /// Checks a signature made with pinned key `key_id`, as of time `at` (for a snapshot: its
    /// issue time, or now — see `docs/snapshot-keys.md`). Returns the key's entry.
    ///
    /// In this order: [`KeyError::AlgorithmNotBuilt`] when this build leaves the claimed
    /// algorithm out; [`KeyError::UnknownKey`]; [`KeyError::WrongAlgorithm`] when
    /// `algorithm_claimed` is not the key's; [`KeyError::KeyNotYetValid`] /
    /// [`KeyError::KeyExpired`]; [`KeyError::MalformedSignature`]; [`KeyError::BadSignature`].
    pub fn verify(
        &self,
        key_id: &str,
        algorithm_claimed: Algorithm,
        message: &[u8],
        sig: &[u8],
        at: DateTime<Utc>,
    ) -> Result<&KeyEntry, KeyError> {
        algorithm_claimed.ensure_built()?;
        let entry = self.get(key_id).ok_or_else(|| KeyError::UnknownKey {
            key_id: shorten(key_id),
        })?;
        if entry.algorithm() != algorithm_claimed {
            return Err(KeyError::WrongAlgorithm {
                key_id: entry.id.clone(),
                claimed: algorithm_claimed,
                actual: entry.algorithm(),
            });
        }
        entry.check_valid_at(at)?;
        verify(&entry.public_key, message, sig).map_err(|e| match e {
            KeyError::BadSignature { .. } => KeyError::BadSignature {
                key_id: Some(entry.id.clone()),
            },
            other => other,
        })?;
        Ok(entry)
    }

    /// Adds a key by rotation, as of now: see [`accept_rotation_at`](Self::accept_rotation_at).
    pub fn accept_rotation(
        &mut self,
        new_entry_json: &str,
        signed_by_key_id: &str,
    ) -> Result<&KeyEntry, KeyError> {
        self.accept_rotation_at(new_entry_json, signed_by_key_id, Utc::now())
    }

    /// Adds the key in `new_entry_json` (one entry, with `introducedBy`) when it is signed by
    /// `signed_by_key_id`, a pinned key valid at `at`. The signer's validity then ends at the
    /// entry's `introducedBy.signerValidUntil` if that is earlier, so snapshots signed by the
    /// old key are refused (`KEY_EXPIRED`) from then on. Accepting the same entry again is a
    /// no-op.
    ///
    /// Errors: a malformed entry (`MALFORMED_KEYRING`, `MALFORMED_KEY`,
    /// `MALFORMED_SIGNATURE`, `UNSUPPORTED_ALGORITHM`); [`KeyError::RotationNotAuthorised`]
    /// when the entry is not introduced by `signed_by_key_id`, the signer is unknown, not valid
    /// at `at`, or its signature does not verify (the cause is attached), or the id is already
    /// pinned with other contents; `MALFORMED_KEYRING` when the keyring is full.
    pub fn accept_rotation_at(
        &mut self,
        new_entry_json: &str,
        signed_by_key_id: &str,
        at: DateTime<Utc>,
    ) -> Result<&KeyEntry, KeyError> {
        let entry = KeyEntry::from_json(new_entry_json)?;
        let refuse =
            |zh: String, en: String, cause: Option<KeyError>| KeyError::RotationNotAuthorised {
                detail: Message::new(zh, en),
                cause: cause.map(Box::new),
            };
        let Some(intro) = entry.introduced_by.clone() else {
            return Err(refuse(
                format!("新密钥“{}”没有introducedBy", entry.id),
                format!("new key '{}' has no introducedBy", entry.id),
                None,
            ));
        };
        let signer_id = shorten(signed_by_key_id);
        if intro.key_id != signed_by_key_id {
            return Err(refuse(
                format!(
                    "新密钥“{}”由“{}”引入，而非“{signer_id}”",
                    entry.id, intro.key_id
                ),
                format!(
                    "new key '{}' is introduced by '{}', not '{signer_id}'",
                    entry.id, intro.key_id
                ),
                None,
            ));
        }
        let why_zh = format!("新密钥“{}”的签署密钥“{signer_id}”", entry.id);
        let why_en = format!("signer '{signer_id}' of new key '{}'", entry.id);
        let Some(s) = self.index(signed_by_key_id) else {
            return Err(refuse(
                format!("{why_zh}不在密钥环中"),
                format!("{why_en} is not pinned"),
                Some(KeyError::UnknownKey { key_id: signer_id }),
            ));
        };
        let signer = &self.entries[s];
        if let Err(e) = signer.check_valid_at(at) {
            return Err(refuse(
                format!("{why_zh}当前无效"),
                format!("{why_en} is not valid now"),
                Some(e),
            ));
        }
        if let Err(e) = verify(
            &signer.public_key,
            &entry.canonical_bytes(),
            &intro.signature,
        ) {
            let e = match e {
                KeyError::BadSignature { .. } => KeyError::BadSignature {
                    key_id: Some(signer.id.clone()),
                },
                other => other,
            };
            return Err(refuse(
                format!("{why_zh}的签名无效"),
                format!("{why_en}: the signature does not verify"),
                Some(e),
            ));
        }
        if let Some(why) = signer.scope_widened_by(&entry) {
            return Err(KeyError::RotationNotAuthorised {
                detail: why,
                cause: None,
            });
        }
        if let Some(i) = self.index(&entry.id) {
            if self.entries[i] == entry {
                return Ok(&self.entries[i]);
            }
            return Err(refuse(
                format!("密钥“{}”已在密钥环中，轮换不能替换它", entry.id),
                format!(
                    "key '{}' is already pinned; a rotation cannot replace it",
                    entry.id
                ),
                None,
            ));
        }
        if self.entries.len() >= MAX_KEYS {
            return Err(KeyError::MalformedKeyring(Message::new(
                format!("密钥环已满（{MAX_KEYS}个密钥）"),
                format!("the keyring is full ({MAX_KEYS} keys)"),
            )));
        }
        self.retire(s, intro.signer_valid_until);
        self.entries.push(entry);
        let last = self.entries.len() - 1;
        Ok(&self.entries[last])
    }

    /// Ends entry `i`'s validity at `until` if that is earlier than it already ends.
    fn retire(&mut self, i: usize, until: Option<DateTime<Utc>>) {
        if let (Some(e), Some(t)) = (self.entries.get_mut(i), until) {
            match e.valid_until {
                Some(u) if u <= t => {}
                _ => e.valid_until = Some(t),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON shapes
// ---------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KeyringJson {
    version: u32,
    keys: Vec<EntryJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EntryJson {
    id: String,
    algorithm: String,
    public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dist_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<ScopeJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    introduced_by: Option<IntroJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScopeJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    list_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    regions: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct IntroJson {
    key_id: String,
    signature: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signer_valid_until: Option<String>,
}

// Keyring text is read by the strict reader of `src/json/`, as the snapshot header is: the
// same rules as the derived readers (which stay for `from_deserializer`), a repeated member
// refused, and no second copy of serde's generated code in the checker.
impl KeyringJson {
    fn read(v: &Json) -> Result<KeyringJson, String> {
        let o = v.object(&["version", "keys"])?;
        let keys = o.items("keys")?.iter().map(EntryJson::read);
        Ok(KeyringJson {
            version: o.u32("version")?,
            keys: keys.collect::<Result<_, _>>()?,
        })
    }
}

impl EntryJson {
    const FIELDS: [&'static str; 8] = [
        "id",
        "algorithm",
        "publicKey",
        "distId",
        "validFrom",
        "validUntil",
        "scope",
        "introducedBy",
    ];

    fn read(v: &Json) -> Result<EntryJson, String> {
        let o = v.object(&EntryJson::FIELDS)?;
        Ok(EntryJson {
            id: o.string("id")?,
            algorithm: o.string("algorithm")?,
            public_key: o.string("publicKey")?,
            dist_id: o.opt_string("distId")?,
            valid_from: o.opt_string("validFrom")?,
            valid_until: o.opt_string("validUntil")?,
            scope: o.optional("scope").map(ScopeJson::read).transpose()?,
            introduced_by: o
                .optional("introducedBy")
                .map(IntroJson::read)
                .transpose()?,
        })
    }
}

impl ScopeJson {
    fn read(v: &Json) -> Result<ScopeJson, String> {
        let o = v.object(&["publisher", "listTypes", "regions"])?;
        Ok(ScopeJson {
            publisher: o.opt_string("publisher")?,
            list_types: o.opt_strings("listTypes")?,
            regions: o.opt_strings("regions")?,
        })
    }
}

impl IntroJson {
    fn read(v: &Json) -> Result<IntroJson, String> {
        let o = v.object(&["keyId", "signature", "signerValidUntil"])?;
        Ok(IntroJson {
            key_id: o.string("keyId")?,
            signature: o.string("signature")?,
            signer_valid_until: o.opt_string("signerValidUntil")?,
        })
    }
}

fn too_long(what_en: &str, what_zh: &str, max: usize, found: usize) -> KeyError {
    KeyError::malformed_keyring(
        format!("{what_zh}JSON过长（超过{max}字节，实为{found}字节），未予解析"),
        format!("{what_en} JSON is too long (over {max} bytes, found {found}); not parsed"),
    )
}

fn not_json(what_zh: &str, what_en: &str, e: &dyn std::fmt::Display) -> KeyError {
    KeyError::MalformedKeyring(Message::new(
        format!("{what_zh}不是规定的JSON：{e}"),
        format!("{what_en} is not the documented JSON: {e}"),
    ))
}

/// An RFC 3339 time with whole seconds, in any offset, as UTC.
fn parse_time(id: &str, field: &str, s: Option<&str>) -> Result<Option<DateTime<Utc>>, KeyError> {
    let Some(s) = s else { return Ok(None) };
    let bad = |why_zh: &str, why_en: &str| {
        KeyError::MalformedKeyring(Message::new(
            format!("密钥“{id}”的{field}“{}”{why_zh}", shorten(s)),
            format!("{field} '{}' of key '{id}' {why_en}", shorten(s)),
        ))
    };
    let t = DateTime::parse_from_rfc3339(s)
        .map_err(|_| bad("不是RFC 3339时间", "is not an RFC 3339 time"))?;
    if t.timestamp_subsec_nanos() != 0 {
        return Err(bad("须为整秒", "must be whole seconds"));
    }
    Ok(Some(t.with_timezone(&Utc)))
}

fn check_window(
    id: &str,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Result<(), KeyError> {
    if let (Some(f), Some(u)) = (from, until) {
        if f >= u {
            return Err(KeyError::MalformedKeyring(Message::new(
                format!("密钥“{id}”的validFrom不早于validUntil"),
                format!("validFrom of key '{id}' is not before its validUntil"),
            )));
        }
    }
    Ok(())
}
