//! The entity lookup table: each organisation code (the nine characters every entity key begins
//! with) hashed to the first key that has it.
//!
//! Entity keys are sorted, so the keys sharing an organisation code are one run; a lookup reads
//! one slot and, when the slot's fingerprint agrees, that run's first key, whatever the codes
//! look like. It replaced a table over the keys' first characters, which had to keep their
//! order and so put every code with a capital early on in one bucket: every organisation code
//! issued since 2015 begins "MA" (62% of the USCCs in the benchmark's million records), and
//! those lookups fell back to a binary search over hundreds of thousands of keys.

/// Characters of a key the table reads: the organisation code.
pub(crate) const PREFIX_LEN: usize = 9;

/// An organisation code as the table reads it.
pub(crate) type Code = [u8; PREFIX_LEN];

/// The organisation code a key (or a longer prefix) begins with; `None` for a shorter one.
pub(crate) fn code_of(key: &[u8]) -> Option<&Code> {
    key.get(..PREFIX_LEN)?.try_into().ok()
}

/// Below this many keys a binary search is as fast as the table.
const MIN_KEYS: usize = 4096;

/// Open addressing with linear probing over `u32` slots: 0 is empty; otherwise the slot holds
/// the run's first key index plus one in its low `index_bits` bits and a fingerprint (more bits
/// of the hash) above them, so that a slot of another code rarely costs a key read.
pub(crate) struct PrefixIndex {
    slots: Vec<u32>,
    index_bits: u32,
    /// Keys covered: an index stored in a slot is below it.
    count: usize,
    /// Codes noted and not yet in (slot value, home slot): inserted a group at a time, their
    /// slots read first in one loop so that the cache misses overlap (the table is built over
    /// a million keys at once).
    pending: [(u32, u32); PENDING],
    pending_len: usize,
}

const PENDING: usize = 16;

impl PrefixIndex {
    /// An empty table for up to `count` keys; `None` for small tables.
    pub(crate) fn for_count(count: usize) -> Option<PrefixIndex> {
        // Bits for indices 1..=count; counts come from a u32 field, so at most 32.
        let index_bits = (usize::BITS - count.leading_zeros()).clamp(1, 32);
        (count >= MIN_KEYS).then(|| PrefixIndex::with(count, count + count / 2, index_bits))
    }

    /// At least `min_slots` slots (a power of two), more than `count`: at most two thirds full
    /// from `for_count`, so a probe soon meets an empty slot.
    fn with(count: usize, min_slots: usize, index_bits: u32) -> PrefixIndex {
        let len = min_slots.max(count + 1).next_power_of_two();
        PrefixIndex {
            slots: vec![0; len],
            index_bits,
            count,
            pending: [(0, 0); PENDING],
            pending_len: 0,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot value for key `i` and fingerprint bits `h`.
    fn slot_value(&self, i: usize, h: u64) -> u32 {
        let index = i as u32 + 1;
        match self.index_bits {
            32 => index,
            bits => ((h >> 40) as u32) << bits | index,
        }
    }

    /// The key index a (non-empty) slot holds.
    fn index_in(&self, slot: u32) -> usize {
        (slot & (u32::MAX >> (32 - self.index_bits))) as usize - 1
    }

    fn fingerprint_agrees(&self, slot: u32, h: u64) -> bool {
        match self.index_bits {
            32 => true,
            bits => slot >> bits == ((h >> 40) as u32) & (u32::MAX >> bits),
        }
    }

    /// The table over `keys`: sorted keys `W` bytes long, end to end; `None` below
    /// [`MIN_KEYS`] keys. Built by a snapshot's first batch lookup (or with a checker's name
    /// index): one pass over a million keys.
    pub(crate) fn over_keys<const W: usize>(keys: &[u8]) -> Option<PrefixIndex> {
        const { assert!(W >= PREFIX_LEN) };
        let mut ix = PrefixIndex::for_count(keys.len() / W)?;
        let mut previous = None;
        for (i, k) in keys.chunks_exact(W).enumerate() {
            // The code as a word and a byte, compared without a call to compare bytes.
            let mut word = [0u8; 8];
            word.copy_from_slice(&k[..8]);
            let code = (u64::from_le_bytes(word), k[8]);
            if previous != Some(code) {
                previous = Some(code);
                ix.add_first(i, k);
            }
        }
        Some(ix.finish())
    }

    /// Notes key `i` as the first of its organisation code's run.
    #[inline]
    fn add_first(&mut self, i: usize, key: &[u8]) {
        let Some(code) = code_of(key) else {
            return;
        };
        if i >= self.count {
            return;
        }
        let h = hash(code);
        self.pending[self.pending_len] = (self.slot_value(i, h), (h as usize & self.mask()) as u32);
        self.pending_len += 1;
        if self.pending_len == PENDING {
            self.flush();
        }
    }

    /// The table, once every key has been noted.
    fn finish(mut self) -> PrefixIndex {
        self.flush();
        self
    }

    fn flush(&mut self) {
        let pending = &self.pending[..self.pending_len];
        let mut touched = 0u32;
        for &(_, home) in pending {
            touched ^= self.slots[home as usize];
        }
        std::hint::black_box(touched);
        let mask = self.mask();
        for &(value, home) in pending {
            let mut pos = home as usize;
            // More slots than keys: an empty one is always ahead.
            while self.slots[pos] != 0 {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = value;
        }
        self.pending_len = 0;
    }

    /// The first key with organisation code `code`, if any; `key_at(i)` reads key `i`.
    #[inline]
    pub(crate) fn first<'a>(
        &self,
        code: &Code,
        key_at: impl Fn(usize) -> &'a [u8],
    ) -> Option<usize> {
        let h = hash(code);
        let mask = self.mask();
        let mut pos = h as usize & mask;
        for _ in 0..self.slots.len() {
            let slot = self.slots[pos];
            if slot == 0 {
                return None;
            }
            if self.fingerprint_agrees(slot, h) {
                let i = self.index_in(slot);
                if code_of(key_at(i)) == Some(code) {
                    return Some(i);
                }
            }
            pos = (pos + 1) & mask;
        }
        None
    }

    /// The slot a lookup of `code` reads first, to touch ahead of a batch (see
    /// `Snapshot::warm_entity_keys`), and the key index it holds when its fingerprint agrees.
    #[inline]
    pub(crate) fn probe(&self, code: &Code) -> Option<usize> {
        let h = hash(code);
        let slot = self.slots[h as usize & self.mask()];
        (slot != 0 && self.fingerprint_agrees(slot, h)).then(|| self.index_in(slot))
    }

    /// Heap bytes held.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.slots.capacity() * 4
    }
}

/// A 64-bit mix of the nine bytes (the high bits make the fingerprint, the low ones the slot).
#[inline]
fn hash(code: &Code) -> u64 {
    let [a, b, c, d, e, f, g, h, last] = *code;
    let x = u64::from_le_bytes([a, b, c, d, e, f, g, h])
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(u64::from(last));
    // The finaliser of splitmix64.
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted keys of `width` bytes from `alpha`, many sharing their first nine bytes (as a
    /// USCC's key and its organisation code's do), a third beginning "MA".
    fn keys(n: usize, width: usize, alpha: &[u8], seed: u64) -> Vec<Vec<u8>> {
        let mut next = crate::test_rng(seed);
        let mut out: Vec<Vec<u8>> = Vec::with_capacity(n);
        while out.len() < n {
            let mut k: Vec<u8> = (0..width)
                .map(|_| alpha[(next() % alpha.len() as u64) as usize])
                .collect();
            if next() % 3 == 0 {
                k[..2].copy_from_slice(b"MA");
            }
            out.push(k.clone());
            if next() % 4 == 0 {
                k[PREFIX_LEN..].iter_mut().for_each(|c| *c = b'0');
                out.push(k);
            }
        }
        out.sort();
        out
    }

    /// The table over `keys` as a snapshot builds it, or with `min_slots` slots and `index_bits`.
    fn build(keys: &[Vec<u8>], shape: Option<(usize, u32)>) -> PrefixIndex {
        let mut ix = match shape {
            None => PrefixIndex::for_count(keys.len()).expect("over the threshold"),
            Some((min_slots, bits)) => PrefixIndex::with(keys.len(), min_slots, bits),
        };
        for (i, k) in keys.iter().enumerate() {
            if i == 0 || code_of(&keys[i - 1]) != code_of(k) {
                ix.add_first(i, k);
            }
        }
        ix.finish()
    }

    fn first_by_search(keys: &[Vec<u8>], code: &[u8]) -> Option<usize> {
        let i = keys.partition_point(|k| &k[..PREFIX_LEN] < code);
        (keys.get(i).map(|k| &k[..PREFIX_LEN]) == Some(code)).then_some(i)
    }

    #[test]
    fn every_code_finds_its_first_key_and_no_other_code_finds_one() {
        let alpha = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        // As loaded (fingerprints of 18 or more bits); no fingerprint at all (every candidate
        // key read); a nearly full table (long probe runs).
        for (n, shape) in [
            (20_000, None),
            (5_000, Some((0, 32))),
            (6_000, Some((8192, 13))),
        ] {
            let keys = keys(n, 18, alpha, 0x51ed_270b_2710_5a1d ^ n as u64);
            let ix = build(&keys, shape);
            let key_at = |i: usize| keys[i].as_slice();
            for k in &keys {
                let code = code_of(k).expect("an eighteen-byte key");
                assert_eq!(
                    ix.first(code, key_at),
                    first_by_search(&keys, code),
                    "{k:?}"
                );
            }
            let mut next = crate::test_rng(7);
            for _ in 0..20_000 {
                let mut code: Code = [0; PREFIX_LEN];
                for c in code.iter_mut() {
                    *c = alpha[(next() % alpha.len() as u64) as usize];
                }
                if next() % 2 == 0 {
                    code[..2].copy_from_slice(b"MA");
                }
                assert_eq!(ix.first(&code, key_at), first_by_search(&keys, &code));
            }
            for odd in [&[0u8; 9], &[0xff; 9], b"MAAAAAAAA", b"000000000"] {
                assert_eq!(ix.first(odd, key_at), first_by_search(&keys, odd));
            }
        }
    }

    #[test]
    fn a_probe_names_the_first_key_or_nothing() {
        let keys = keys(10_000, 18, b"0123456789MA", 3);
        let ix = build(&keys, None);
        let mut named = 0;
        for k in &keys {
            if let Some(i) = code_of(k).and_then(|c| ix.probe(c)) {
                // A fingerprint may agree by chance: the key then has another code.
                named += usize::from(keys[i][..PREFIX_LEN] == k[..PREFIX_LEN]);
            }
        }
        // Most codes sit in their home slot (a table at most two thirds full).
        assert!(named * 2 > keys.len(), "{named}");
    }

    #[test]
    fn small_tables_have_none_and_the_load_is_at_most_two_thirds() {
        assert!(PrefixIndex::for_count(MIN_KEYS - 1).is_none());
        for n in [MIN_KEYS, 100_000, 1 << 20, 1_000_000] {
            let ix = PrefixIndex::for_count(n).expect("over the threshold");
            assert!(
                ix.slots.len().is_power_of_two() && ix.slots.len() * 2 >= n * 3,
                "{n}"
            );
            assert!(n < 1 << ix.index_bits, "{n}");
        }
    }
}
