//! Name similarity: weighted character overlap (Dice) in which each character counts by the part
//! it stands in — the 字号 (core) most, region, trade words and company forms little — plus the
//! core's own ordered similarity (longest common subsequence), which must also be high.

use crate::id::division::compatible;
use crate::names::{region_divisions, NormalizedName, PartKind};
use serde::Serialize;

/// How two names compare.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Similarity {
    /// Weighted character Dice over the whole names, 0–1 (after the region penalty).
    pub score: f32,
    /// Ordered similarity of the two cores (`2·LCS / (m + n)`); `None` when neither has a core
    /// (names made only of region, trade words and forms).
    pub core: Option<f32>,
    /// Both names name a region and the regions share nothing (福州 vs 厦门).
    pub region_conflict: bool,
}

fn weight(kind: PartKind) -> f32 {
    match kind {
        PartKind::Core => 1.0,
        PartKind::Branch => 0.6,
        PartKind::Trade => 0.35,
        PartKind::Region => 0.2,
        PartKind::Form => 0.1,
    }
}

fn weighted(n: &NormalizedName) -> Vec<(char, f32)> {
    n.parts
        .iter()
        .flat_map(|p| p.text.chars().map(move |c| (c, weight(p.kind))))
        .collect()
}

fn part_text(n: &NormalizedName, kind: PartKind) -> String {
    n.parts
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.text.as_str())
        .collect()
}

/// The length of the longest common subsequence of `a` (walked once, so a `&str`'s chars need
/// not be collected) and `b`. Symmetric: `lcs(x, y) == lcs(y, x)`. Names are short: rows of up
/// to 48 characters live on the stack (the gate runs this for every candidate of every check).
pub(crate) fn lcs(a: impl IntoIterator<Item = char>, b: &[char]) -> usize {
    const SMALL: usize = 48;
    fn rows<'r>(
        a: impl IntoIterator<Item = char>,
        b: &[char],
        mut prev: &'r mut [u32],
        mut cur: &'r mut [u32],
    ) -> usize {
        for x in a {
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    cur[j].max(prev[j + 1])
                };
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()] as usize
    }
    let n = b.len() + 1;
    if n <= SMALL {
        let (mut prev, mut cur) = ([0u32; SMALL], [0u32; SMALL]);
        rows(a, b, &mut prev[..n], &mut cur[..n])
    } else {
        rows(a, b, &mut vec![0u32; n], &mut vec![0u32; n])
    }
}

/// Whether the names' regions are different places: some region part of one and some region
/// part of the other are GB/T 2260 divisions of which none is the other or inside it (福州 vs
/// 泉州, 晋江市 vs 福州市, 思明区 vs 湖里区). The same division or one inside the other (晋江 and
/// 泉州 and 福建) is compatible; a region that is no division (中国) is neutral, and so is a
/// name without a region.
pub fn regions_conflict(q: &NormalizedName, r: &NormalizedName) -> bool {
    conflict(&regions_of(q), r)
}

/// Each region part of a name with the divisions it names.
fn regions_of(n: &NormalizedName) -> Vec<(&str, &'static [u32])> {
    n.texts(PartKind::Region)
        .map(|a| (a, region_divisions(a)))
        .collect()
}

fn conflict(q: &[(&str, &'static [u32])], r: &NormalizedName) -> bool {
    r.texts(PartKind::Region).any(|b| {
        // Looked up once, and only when a region of the query is another division's words.
        let mut db: Option<&[u32]> = None;
        q.iter().any(|&(a, da)| {
            // The same words are the same place (and most candidates share the query's region).
            if a == b || da.is_empty() {
                return false;
            }
            let db = *db.get_or_insert_with(|| region_divisions(b));
            !db.is_empty() && !da.iter().any(|&x| db.iter().any(|&y| compatible(x, y)))
        })
    })
}

/// Compares two normalised names (both organisations, or both persons).
pub fn similarity(q: &NormalizedName, r: &NormalizedName) -> Similarity {
    Query::new(q).similarity(r)
}

/// A name compared with many others (a party's name with each candidate of the name index):
/// what [`similarity`] needs of it — its weighted characters, its core, its regions' divisions
/// — worked out once instead of once per candidate.
pub(crate) struct Query<'a> {
    name: &'a NormalizedName,
    weighted: Vec<(char, f32)>,
    weight_sum: f32,
    core: Vec<char>,
    regions: Vec<(&'a str, &'static [u32])>,
}

impl<'a> Query<'a> {
    pub(crate) fn new(name: &'a NormalizedName) -> Query<'a> {
        let weighted = weighted(name);
        Query {
            name,
            weight_sum: weighted.iter().map(|x| x.1).sum(),
            weighted,
            core: part_text(name, PartKind::Core).chars().collect(),
            regions: regions_of(name),
        }
    }

    /// [`similarity`] of the query and `r`.
    pub(crate) fn similarity(&self, r: &NormalizedName) -> Similarity {
        let q = self.name;
        if q.text.is_empty() || r.text.is_empty() {
            return Similarity {
                score: 0.0,
                core: None,
                region_conflict: false,
            };
        }
        if q.text == r.text {
            return Similarity {
                score: 1.0,
                core: (!self.core.is_empty()).then_some(1.0),
                region_conflict: false,
            };
        }
        let wr = weighted(r);
        let mut used = vec![false; wr.len()];
        let mut matched = 0.0f32;
        for &(c, w) in &self.weighted {
            // The unused occurrence with the closest weight: a core character pairs with a core
            // one.
            let best = wr
                .iter()
                .enumerate()
                .filter(|(j, (d, _))| !used[*j] && *d == c)
                .min_by(|a, b| ((a.1).1 - w).abs().total_cmp(&((b.1).1 - w).abs()));
            if let Some((j, &(_, v))) = best {
                used[j] = true;
                matched += (w + v) / 2.0;
            }
        }
        let total: f32 = self.weight_sum + wr.iter().map(|x| x.1).sum::<f32>();
        let mut score = if total > 0.0 {
            2.0 * matched / total
        } else {
            0.0
        };
        let cr = part_text(r, PartKind::Core);
        let core = match (self.core.is_empty(), cr.is_empty()) {
            (true, true) => None,
            (false, false) => {
                let n = cr.chars().count();
                Some(2.0 * lcs(cr.chars(), &self.core) as f32 / (self.core.len() + n) as f32)
            }
            _ => Some(0.0),
        };
        if core.is_none() {
            // Only region, trade words and forms on both sides: these match everything alike,
            // so only the same name counts (handled above).
            score = score.min(0.5);
        }
        let region_conflict = conflict(&self.regions, r);
        if region_conflict {
            score *= 0.8;
        }
        Similarity {
            score,
            core,
            region_conflict,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{normalize, NameKind};
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    /// The textbook table, whole: what `lcs` must give on the stack and on the heap.
    fn reference_lcs(a: &[char], b: &[char]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                t[i][j] = if a[i - 1] == b[j - 1] {
                    t[i - 1][j - 1] + 1
                } else {
                    t[i - 1][j].max(t[i][j - 1])
                };
            }
        }
        t[a.len()][b.len()]
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        // Lengths on both sides of the 47 characters that fit the stack rows; four letters so
        // that common subsequences are long.
        #[test]
        fn lcs_is_the_reference_and_symmetric(
            a in proptest::collection::vec(proptest::sample::select(vec!['甲', '乙', '丙', '丁']), 0..70),
            b in proptest::collection::vec(proptest::sample::select(vec!['甲', '乙', '丙', '丁']), 0..70),
        ) {
            let want = reference_lcs(&a, &b);
            prop_assert_eq!(lcs(a.iter().copied(), &b), want);
            prop_assert_eq!(lcs(b.iter().copied(), &a), want);
        }
    }

    /// `similarity` and `regions_conflict` as they were before the query was worked out once
    /// (session 25): the reference the new path must give, bit for bit.
    fn reference_similarity(q: &NormalizedName, r: &NormalizedName) -> Similarity {
        fn conflict(q: &NormalizedName, r: &NormalizedName) -> bool {
            for a in q.texts(PartKind::Region) {
                for b in r.texts(PartKind::Region) {
                    if a == b {
                        continue;
                    }
                    let (da, db) = (region_divisions(a), region_divisions(b));
                    if !da.is_empty()
                        && !db.is_empty()
                        && !da.iter().any(|&x| db.iter().any(|&y| compatible(x, y)))
                    {
                        return true;
                    }
                }
            }
            false
        }
        if q.text.is_empty() || r.text.is_empty() {
            return Similarity {
                score: 0.0,
                core: None,
                region_conflict: false,
            };
        }
        if q.text == r.text {
            let core = (!part_text(q, PartKind::Core).is_empty()).then_some(1.0);
            return Similarity {
                score: 1.0,
                core,
                region_conflict: false,
            };
        }
        let (wq, wr) = (weighted(q), weighted(r));
        let mut used = vec![false; wr.len()];
        let mut matched = 0.0f32;
        for &(c, w) in &wq {
            let best = wr
                .iter()
                .enumerate()
                .filter(|(j, (d, _))| !used[*j] && *d == c)
                .min_by(|a, b| ((a.1).1 - w).abs().total_cmp(&((b.1).1 - w).abs()));
            if let Some((j, &(_, v))) = best {
                used[j] = true;
                matched += (w + v) / 2.0;
            }
        }
        let total: f32 = wq.iter().map(|x| x.1).sum::<f32>() + wr.iter().map(|x| x.1).sum::<f32>();
        let mut score = if total > 0.0 {
            2.0 * matched / total
        } else {
            0.0
        };
        let (cq, cr) = (part_text(q, PartKind::Core), part_text(r, PartKind::Core));
        let core = match (cq.is_empty(), cr.is_empty()) {
            (true, true) => None,
            (false, false) => {
                let (a, b): (Vec<char>, Vec<char>) = (cq.chars().collect(), cr.chars().collect());
                Some(2.0 * reference_lcs(&a, &b) as f32 / (a.len() + b.len()) as f32)
            }
            _ => Some(0.0),
        };
        if core.is_none() {
            score = score.min(0.5);
        }
        let region_conflict = conflict(q, r);
        if region_conflict {
            score *= 0.8;
        }
        Similarity {
            score,
            core,
            region_conflict,
        }
    }

    /// Every pair of the fixture's party names (and a few with regions that conflict, nest or
    /// name no division): the query worked out once gives the reference's answer exactly.
    #[test]
    fn a_query_worked_out_once_compares_as_before() {
        let mut names: Vec<String> = include_str!("../../tests/data/fixture-parties.jsonl")
            .lines()
            .filter_map(|l| {
                let at = l.find("\"name\":\"")? + 8;
                Some(l[at..at + l[at..].find('"')?].to_string())
            })
            .collect();
        names.extend(
            [
                "晋江市华兴建设有限公司",
                "泉州华兴建设有限公司",
                "中国华兴建设有限公司",
                "鼓楼区华兴商行",
                "",
            ]
            .map(String::from),
        );
        names.sort();
        names.dedup();
        assert!(names.len() > 40, "{}", names.len());
        let normalized: Vec<NormalizedName> = names
            .iter()
            .map(|n| normalize(n, NameKind::Organisation))
            .collect();
        let mut conflicts = 0;
        for q in &normalized {
            let query = Query::new(q);
            for r in &normalized {
                let want = reference_similarity(q, r);
                assert_eq!(query.similarity(r), want, "{} / {}", q.text, r.text);
                assert_eq!(similarity(q, r), want, "{} / {}", q.text, r.text);
                conflicts += usize::from(want.region_conflict);
            }
        }
        assert!(
            conflicts > 0,
            "no pair with conflicting regions was compared"
        );
    }

    fn sim(a: &str, b: &str) -> Similarity {
        similarity(
            &normalize(a, NameKind::Organisation),
            &normalize(b, NameKind::Organisation),
        )
    }

    #[test]
    fn variants_as_typed_score_high() {
        for (a, b) in [
            (
                "福建省福州市华兴建设工程有限公司",
                "华兴建设工程有限责任公司",
            ),
            ("华兴建设（福建）有限公司", "福建华兴建设有限公司"),
            ("華興建設工程有限公司", "华兴建设工程有限公司"),
            ("ＡＢＣ（厦门）贸易有限公司", "厦门ABC贸易有限公司"),
        ] {
            let s = sim(a, b);
            assert!(s.score >= 0.8, "{a} / {b}: {s:?}");
            assert_eq!(s.core, Some(1.0), "{a} / {b}");
        }
    }

    #[test]
    fn a_different_core_is_another_company() {
        for (a, b) in [
            ("福州华兴建设有限公司", "福州华星建设有限公司"),
            ("福州创佳纺织有限公司", "福州佳创纺织有限公司"),
            ("厦门华晟辉科技有限公司", "厦门华晟科技有限公司"),
        ] {
            let s = sim(a, b);
            assert!(s.core.unwrap() < 0.85, "{a} / {b}: {s:?}");
        }
    }

    #[test]
    fn generic_names_do_not_match_everything() {
        // Only region, trade words and form: no core on either side.
        let s = sim("北京贸易有限公司", "上海贸易有限公司");
        assert!(s.score <= 0.5, "{s:?}");
        assert_eq!(s.core, None);
        // A generic query against a name with a core: the core is missing on one side.
        let s = sim("北京贸易有限公司", "北京华兴贸易有限公司");
        assert_eq!(s.core, Some(0.0));
        // The same generic name is the same name.
        assert_eq!(sim("北京贸易有限公司", "北京贸易有限责任公司").score, 1.0);
    }

    #[test]
    fn regions_that_share_nothing_lower_the_score() {
        let same = sim("福州华兴建设有限公司", "华兴建设有限公司");
        let other = sim("福州华兴建设有限公司", "厦门华兴建设有限公司");
        assert!(!same.region_conflict && other.region_conflict);
        assert!(other.score < same.score);
    }

    #[test]
    fn regions_compare_as_divisions_not_characters() {
        // Different places, though they share 市 or 州.
        for (a, b) in [
            ("晋江市华兴建设有限公司", "福州市华兴建设有限公司"),
            ("福州华兴建设有限公司", "泉州华兴建设有限公司"),
            ("厦门市思明区华兴便利店", "厦门市湖里区华兴便利店"),
            ("福建省福州市华兴建设有限公司", "泉州华兴建设有限公司"),
            ("华兴建设（福建）有限公司", "浙江华兴建设有限公司"),
        ] {
            let s = sim(a, b);
            assert!(s.region_conflict, "{a} / {b}: {s:?}");
            assert!(s.score < 0.8, "{a} / {b}: {s:?}");
        }
        // The same division, or one inside the other; no region, or one that is no division.
        for (a, b) in [
            ("晋江华兴建设有限公司", "泉州市华兴建设有限公司"),
            ("晋江市华兴建设有限公司", "福建华兴建设有限公司"),
            ("福州市鼓楼区华兴便利店", "福州华兴便利店"),
            ("福建省福州市华兴建设有限公司", "福州华兴建设有限公司"),
            ("华兴建设（福建）有限公司", "厦门华兴建设有限公司"),
            ("中国华兴建设有限公司", "福州华兴建设有限公司"),
            ("华兴建设有限公司", "福州华兴建设有限公司"),
        ] {
            let s = sim(a, b);
            assert!(!s.region_conflict, "{a} / {b}: {s:?}");
        }
    }
}
