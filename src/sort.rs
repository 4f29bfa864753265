//! One small stable sort for the checker's short lists (measures, hits, shards, keys).
//!
//! The standard library's sorts are fast and large: each element type and comparison gets its
//! own copy of driftsort or ipnsort (2–19 KB of WebAssembly each; 87 copies were 178 KB of the
//! checker's code). Here the sorting itself is one function over indices with a dynamic
//! comparison, compiled once; each call site adds only the reordering. Code size matters only in
//! WebAssembly, so a native build (the CLI, the publisher's writer over a million records) sorts
//! with the standard library here; both are stable sorts, so the order is the same. The hot,
//! large sorts of the client (the name index's keys and the extra tables' rows at load, a name's
//! candidates and hits on every check) call the standard library's directly.

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
}
