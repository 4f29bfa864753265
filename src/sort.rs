//! One small stable sort for the checker's short lists (measures, hits, shards, keys).
//!
//! The standard library's sorts are fast and large: each element type and comparison gets its
//! own copy of driftsort or ipnsort (2–19 KB of WebAssembly each; 87 copies were 178 KB of the
//! checker's code). Here the sorting itself is one function over indices with a dynamic
//! comparison, compiled once; each call site adds only the reordering. Code size matters only in
//! WebAssembly, so a native build (the CLI, the publisher's writer over a million records) sorts
//! with the standard library here; both are stable sorts, so the order is the same. The hot,
//! large sorts of the client (the extra tables' rows at load, a name's candidates and hits on
//! every check) call the standard library's directly; the name index's keys, a few million at
//! load, go through [`sort_pairs`].

use std::cmp::Ordering;

/// Lists up to this long are sorted in place by insertion (no allocation: most of the checker's
/// lists are a handful of measures or hits, sorted on every check).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // WebAssembly only; tested natively
const INSERTION_MAX: usize = 24;

/// Sorts `v` by `cmp`, stable (equal elements keep their order), O(n log n).
pub(crate) fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    small_sort_by(v, cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// Sorts `v` in its own order, stable.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Buckets up to this long are left to the standard sort.
const PAIRS_SMALL: usize = 32;

/// Sorts `(key, row)` pairs in their own order (by key, then row), in place, as
/// `sort_unstable` would: a most-significant-byte-first radix sort over the key, the standard
/// sort for small buckets and for the rows of one key. The name index sorts a few million pairs
/// whose keys are hashes, so two passes split them into buckets of a few dozen. The checker's
/// standard library is built for size (`scripts/build.sh`), which makes its `sort_unstable` a
/// heapsort: on a million records the index build took 1.5 times as long with it.
pub(crate) fn sort_pairs(v: &mut [(u64, u32)]) {
    radix_pairs(v, 56);
}

fn radix_pairs(v: &mut [(u64, u32)], shift: u32) {
    if v.len() <= PAIRS_SMALL {
        v.sort_unstable();
        return;
    }
    let digit = |p: &(u64, u32)| ((p.0 >> shift) & 0xff) as usize;
    let mut bounds = [0usize; 257];
    for p in v.iter() {
        bounds[digit(p) + 1] += 1;
    }
    for b in 0..256 {
        bounds[b + 1] += bounds[b];
    }
    // In place: each bucket's unplaced part starts at next[b]; an element found there that
    // belongs elsewhere is swapped into its own bucket's next slot.
    let mut next = [0usize; 256];
    next.copy_from_slice(&bounds[..256]);
    for b in 0..256 {
        while next[b] < bounds[b + 1] {
            let d = digit(&v[next[b]]);
            if d != b {
                v.swap(next[b], next[d]);
            }
            next[d] += 1;
        }
    }
    for b in 0..256 {
        let bucket = &mut v[bounds[b]..bounds[b + 1]];
        if shift == 0 {
            // One key: its rows in order.
            bucket.sort_unstable_by_key(|p| p.1);
        } else {
            radix_pairs(bucket, shift - 8);
        }
    }
}

/// The small sort itself (what `sort_by` is in WebAssembly).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // WebAssembly only; tested natively
fn small_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() <= INSERTION_MAX {
        for i in 1..v.len() {
            let mut j = i;
            // Only past a strictly greater neighbour: equal elements keep their order.
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let order = stable_order(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    // Position i takes the element that was at order[i]. Earlier swaps moved the elements
    // from before i; following `order` from a moved one finds where it went.
    for i in 0..order.len() {
        let mut from = order[i];
        while from < i {
            from = order[from];
        }
        v.swap(i, from);
    }
}

/// The indices `0..n` in the order `cmp` sorts them, stable: a bottom-up merge sort.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // WebAssembly only; tested natively
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // The left run wins ties: that keeps the sort stable.
                let take_right = i >= mid || (j < end && cmp(from[j], from[i]) == Ordering::Less);
                if take_right {
                    *slot = from[j];
                    j += 1;
                } else {
                    *slot = from[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        for n in (0..70).chain([127, 128, 129, 1000, 4097]) {
            // Keys with many ties, each tagged with its place: stability shows in the tags.
            let v: Vec<(u8, usize)> = (0..n).map(|i| ((next() % 7) as u8, i)).collect();
            let mut ours = v.clone();
            small_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "n = {n}");
            let mut desc = v.clone();
            small_sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
            let mut std_desc = v;
            std_desc.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(desc, std_desc, "n = {n}, descending");
        }
        let mut words = vec!["b", "a", "c", "a"];
        small_sort_by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["a", "a", "b", "c"]);
    }

    #[test]
    fn pairs_sort_as_the_standard_sort_does() {
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15);
        for n in (0..80).chain([255, 256, 257, 5000, 70_000]) {
            // Hashed keys, keys sharing their high bytes (more radix passes), and a few keys
            // with many rows each (one key's rows sorted at the last pass), rows shuffled.
            let v: Vec<(u64, u32)> = (0..n)
                .map(|_| {
                    let r = next();
                    let key = match r % 3 {
                        0 => next(),
                        1 => 0x0102_0304_0000_0000 | (next() & 0xffff),
                        _ => next() % 5,
                    };
                    (key, (next() % 1000) as u32)
                })
                .collect();
            let mut ours = v.clone();
            sort_pairs(&mut ours);
            let mut std_sorted = v;
            std_sorted.sort_unstable();
            assert_eq!(ours, std_sorted, "n = {n}");
        }
    }
}
