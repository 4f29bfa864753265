//! One cheap hasher for the checker's hash maps.
//!
//! The standard library's `RandomState` (SipHash-1-3) resists keys an attacker chooses in bulk,
//! and its code is compiled into every lookup and insert of every map type (a few hundred bytes
//! of wasm each). The checker's keys are small integers (the name trie's edges, the name index's
//! row counts), SHA-256 digests (shards, pages) and the JSON of records whose shard matched its
//! signed digest: none chosen by whoever could flood a map, so FxHash's multiply-and-rotate does.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (the Rust compiler's hasher): one rotate, xor and multiply per word.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in words.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set with [`FxHasher`].
pub(crate) type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(v: impl Hash) -> u64 {
        let mut h = FxHasher::default();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_keys_hash_equal_and_every_byte_counts() {
        assert_eq!(hash("abcdefghij"), hash(String::from("abcdefghij")));
        // A change in a whole word and in the remainder after the last word both show.
        assert_ne!(hash("abcdefghij"), hash("abcdefgXij"));
        assert_ne!(hash("abcdefghij"), hash("abcdefghiX"));
        assert_ne!(hash([1u8; 32]), hash([2u8; 32]));
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        m.insert("x".into(), 1);
        assert_eq!(m.get("x"), Some(&1));
    }
}
