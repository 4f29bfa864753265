//! One small stable sort for the checker's short lists (measures, hits, shards, keys).
//!
//! The standard library's sorts are fast and large: each element type and comparison gets its
//! own copy of driftsort or ipnsort (2–19 KB of WebAssembly each; 87 copies were 178 KB of the
//! checker's code). Here the sorting itself is one function over indices with a dynamic
//! comparison, compiled once; each call site adds only the reordering. The hot, large sorts (the
//! name index's keys at load) keep the standard library's.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stable (equal elements keep their order), O(n log n).
pub(crate) fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = stable_order(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    // `order` is a permutation of the indices, so every slot is taken exactly once.
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `v` in its own order, stable.
pub(crate) fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in the order `cmp` sorts them, stable: a bottom-up merge sort.
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
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in (0..70).chain([127, 128, 129, 1000, 4097]) {
            // Keys with many ties, each tagged with its place: stability shows in the tags.
            let v: Vec<(u8, usize)> = (0..n).map(|i| ((next() % 7) as u8, i)).collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "n = {n}");
            let mut desc = v.clone();
            sort_by(&mut desc, |a, b| b.0.cmp(&a.0));
            let mut std_desc = v;
            std_desc.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(desc, std_desc, "n = {n}, descending");
        }
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
