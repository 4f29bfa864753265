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

pub(crate) fn lcs(a: &[char], b: &[char]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether the names' regions are different places: some region part of one and some region
/// part of the other are GB/T 2260 divisions of which none is the other or inside it (福州 vs
/// 泉州, 晋江市 vs 福州市, 思明区 vs 湖里区). The same division or one inside the other (晋江 and
/// 泉州 and 福建) is compatible; a region that is no division (中国) is neutral, and so is a
/// name without a region.
pub fn regions_conflict(q: &NormalizedName, r: &NormalizedName) -> bool {
    for a in q.texts(PartKind::Region) {
        for b in r.texts(PartKind::Region) {
            // The same words are the same place (and most candidates share the query's region).
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

/// Compares two normalised names (both organisations, or both persons).
pub fn similarity(q: &NormalizedName, r: &NormalizedName) -> Similarity {
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
        // The unused occurrence with the closest weight: a core character pairs with a core one.
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
            Some(2.0 * lcs(&a, &b) as f32 / (a.len() + b.len()) as f32)
        }
        _ => Some(0.0),
    };
    if core.is_none() {
        // Only region, trade words and forms on both sides: these match everything alike, so
        // only the same name counts (handled above).
        score = score.min(0.5);
    }
    let region_conflict = regions_conflict(q, r);
    if region_conflict {
        score *= 0.8;
    }
    Similarity {
        score,
        core,
        region_conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{normalize, NameKind};

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
