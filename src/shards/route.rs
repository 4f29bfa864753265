//! Routing: which shard holds the records a key can find. Three spaces, each split into a
//! power-of-two number of buckets by a plain SHA-256 of the normalised key:
//!
//! - `org`: an organisation's entity key — the organisation code, whether typed alone or read
//!   from positions 9–17 of a USCC, so that a USCC and the legacy code inside it meet in one
//!   bucket (the rule the single-file lookup applies) — and registration numbers;
//! - `person`: resident ID numbers (a listed person's, and every person named in an entry with
//!   a full ID number);
//! - `name`: the name index's keys (`crate::matching::record_keys`).
//!
//! A record lies in the bucket of every key it has, so the shards of a query's keys hold every
//! record the query can find, and a snapshot built from them answers it as the whole list would.

use crate::lists::person::PersonId;
use crate::lists::record::ListRecord;
use crate::matching::Party;
use crate::snapshot::load::Identifier;
use sha2::{Digest, Sha256};

/// A key space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Space {
    /// Entity keys and registration numbers.
    Org = 0,
    /// Resident ID numbers.
    Person = 1,
    /// Name-index keys.
    Name = 2,
}

impl Space {
    /// All spaces, in manifest order.
    pub const ALL: [Space; 3] = [Space::Org, Space::Person, Space::Name];

    /// Its id in manifests: `org`, `person`, `name`.
    pub fn id(self) -> &'static str {
        match self {
            Space::Org => "org",
            Space::Person => "person",
            Space::Name => "name",
        }
    }

    /// The most buckets the space may have: each bucket of an identifier space must stand for
    /// at least ten thousand registered entities nationally (about 180 million market entities,
    /// 1.4 billion residents), so that a CDN log of the bucket fetched says little (see
    /// `docs/sharded-snapshots.md`). Names have no register to count against; their cap bounds
    /// the directory.
    pub fn max_buckets(self) -> u32 {
        match self {
            Space::Org => 1 << 14,    // 180M / 16,384 ≈ 11,000 entities per bucket
            Space::Person => 1 << 17, // 1.4G / 131,072 ≈ 10,700 residents per bucket
            Space::Name => 1 << 16,
        }
    }
}

/// One key, in its space.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The space.
    pub space: Space,
    /// The normalised key's bytes.
    pub bytes: Vec<u8>,
}

impl Key {
    fn org_code(code: &[u8]) -> Key {
        let mut bytes = Vec::with_capacity(10);
        bytes.push(b'E');
        bytes.extend_from_slice(code);
        Key {
            space: Space::Org,
            bytes,
        }
    }

    fn registration_number(n: &str) -> Key {
        let mut bytes = Vec::with_capacity(16);
        bytes.push(b'R');
        bytes.extend_from_slice(n.as_bytes());
        Key {
            space: Space::Org,
            bytes,
        }
    }

    fn person(eighteen: &str) -> Key {
        Key {
            space: Space::Person,
            bytes: eighteen.as_bytes().to_vec(),
        }
    }

    /// A name-index key.
    pub fn name(k: u64) -> Key {
        Key {
            space: Space::Name,
            bytes: k.to_be_bytes().to_vec(),
        }
    }

    /// A name key's value (`None` in the identifier spaces).
    pub fn name_key(&self) -> Option<u64> {
        match (self.space, <[u8; 8]>::try_from(self.bytes.as_slice())) {
            (Space::Name, Ok(b)) => Some(u64::from_be_bytes(b)),
            _ => None,
        }
    }

    /// Its bucket among `buckets` (a power of two).
    pub fn bucket(&self, buckets: u32) -> u32 {
        let mut h = Sha256::new();
        h.update(b"credit-check route v1\0");
        h.update([self.space as u8]);
        h.update(&self.bytes);
        let d = h.finalize();
        let v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
        (v % u64::from(buckets.max(1))) as u32
    }
}

/// The keys an identifier is looked up by.
pub fn identifier_key(id: &Identifier) -> Key {
    match id {
        Identifier::Uscc(u) => Key::org_code(&u.as_bytes()[8..17]),
        Identifier::OrgCode(o) => Key::org_code(o.as_bytes()),
        Identifier::RegistrationNumber(r) => Key::registration_number(r.as_str()),
        Identifier::IdNumber(p) => Key::person(p.eighteen()),
    }
}

/// Every key a record can be found by.
pub fn record_keys(r: &ListRecord) -> Vec<Key> {
    let mut out = Vec::new();
    if let Some(u) = &r.uscc {
        out.push(Key::org_code(&u.as_bytes()[8..17]));
    }
    if let Some(o) = &r.org_code {
        out.push(Key::org_code(o.as_bytes()));
    }
    if let Some(n) = &r.registration_number {
        out.push(Key::registration_number(n.as_str()));
    }
    if let Some(p) = &r.id_number {
        out.push(Key::person(p.eighteen()));
    }
    for p in &r.related_persons {
        if let Some(PersonId::Full(id)) = &p.id_number {
            out.push(Key::person(id.eighteen()));
        }
    }
    out.extend(crate::matching::record_keys(r).into_iter().map(Key::name));
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// Every key a party's fields can be looked up by (every reading of each identifier, every
/// name key): a superset of what screening asks.
pub fn party_keys(p: &Party) -> Vec<Key> {
    let mut out: Vec<Key> = [
        p.code.as_deref(),
        p.person_id.as_deref(),
        p.legal_rep_id.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|v| !v.trim().is_empty())
    .flat_map(|v| Identifier::parse_all(v).unwrap_or_default())
    .map(|id| identifier_key(&id))
    .collect();
    out.extend(crate::matching::party_keys(p).into_iter().map(Key::name));
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// Every key a check request's parties can be looked up by.
pub fn request_keys(input: &crate::check::CheckInput) -> Vec<Key> {
    let mut out: Vec<Key> = input
        .parties
        .iter()
        .flat_map(|p| party_keys(&p.party()))
        .collect();
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// The keys of identifiers typed as text (a lookup), every reading of each.
pub fn text_keys(inputs: &[&str]) -> Vec<Key> {
    let mut out: Vec<Key> = inputs
        .iter()
        .filter(|v| !v.trim().is_empty())
        .flat_map(|v| Identifier::parse_all(v).unwrap_or_default())
        .map(|id| identifier_key(&id))
        .collect();
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uscc_and_the_organisation_code_inside_it_meet_in_one_bucket() {
        let u = Identifier::parse("91350100M000100Y43").unwrap();
        let o = Identifier::parse("M000100Y4").unwrap();
        assert_eq!(identifier_key(&u), identifier_key(&o));
        assert_eq!(
            identifier_key(&u).bucket(1024),
            identifier_key(&o).bucket(1024)
        );
    }

    #[test]
    fn buckets_spread_and_stay_in_range() {
        let mut seen = [0u32; 16];
        for i in 0..16_000u32 {
            let b = Key::name(u64::from(i)).bucket(16);
            seen[b as usize] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
    }
}
