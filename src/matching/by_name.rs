//! Names rank: the name index's candidates scored, banded and explained; a differing identifier
//! sets a name match aside as another entity, except between a branch and its parent (each has
//! its own code).

use super::ids::{identifiers_conflict, record_ids};
use super::{cat, Band, Explanation, Hit, MatchKind, PartyIds, Screening, Similarity};
use crate::lists::record::EntityKind;
use crate::names::{normalize, NameKind, NormalizedName, PartKind};

fn is_word(p: &crate::names::Part) -> bool {
    matches!(p.kind, PartKind::Trade | PartKind::Form)
}

/// The words (trade words and company forms) one name has and the other has not, as a clause
/// for the explanation: `(English, Chinese)`, or `None` when both have the same words.
///
/// ```text
/// 瑞顺供应链管理服务有限公司 / 瑞顺供应链管理有限公司 → ; words differ: the query name also has 服务
///                                                      ；用语不同：查询名称多“服务”
/// ```
pub(super) fn words_differ(q: &NormalizedName, r: &NormalizedName) -> Option<(String, String)> {
    let (mut en, mut zh) = (String::new(), String::new());
    for (a, b, side_en, side_zh) in [
        (q, r, "the query name also has", "查询名称多"),
        (r, q, "the listed name also has", "名单名称多"),
    ] {
        // The words of `b` already paired with one of `a` (a name has far fewer than 64 parts).
        let mut used = 0u64;
        let mut first = true;
        for w in a.parts.iter().filter(|p| is_word(p)) {
            let same = b.parts.iter().enumerate().position(|(i, p)| {
                i < 64 && used & (1 << i) == 0 && is_word(p) && p.text == w.text
            });
            if let Some(i) = same {
                used |= 1 << i;
                continue;
            }
            if first {
                if !en.is_empty() {
                    en.push_str(", ");
                    zh.push('，');
                }
                en.push_str(side_en);
                zh.push_str(side_zh);
                first = false;
            }
            en.push(' ');
            en.push_str(&w.text);
            zh.push('“');
            zh.push_str(&w.text);
            zh.push('”');
        }
    }
    (!en.is_empty()).then(|| (cat(&["; words differ: ", &en]), cat(&["；用语不同：", &zh])))
}

/// The note of a possible name hit, with the words that differ.
fn name_note(kind: MatchKind, own_code: bool) -> (&'static str, &'static str) {
    match kind {
        MatchKind::Branch if own_code => (
            "one is a branch (分支机构) of the other, each with its own code: a related entity to review",
            "一方为另一方的分支机构（分支机构有自己的统一社会信用代码），需人工核实",
        ),
        MatchKind::Branch => (
            "one is a branch (分支机构) of the other: a related entity to review",
            "一方为另一方的分支机构，需人工核实",
        ),
        MatchKind::FormerName => ("matches a former name of the record", "与名单记录的曾用名相符"),
        MatchKind::LegalRepresentative => (
            "the legal representative's name matches a listed natural person (no ID to confirm)",
            "法定代表人姓名与名单中的自然人相同（无身份证号码可确认）",
        ),
        _ => ("the names match after normalisation", "名称规范化后相符"),
    }
}

impl Screening<'_> {
    /// Possible hits by name: the organisation's name, the person's name when no ID number is
    /// given, the legal representative's name when no ID number is given.
    pub(super) fn name_hits(&mut self, ids: &PartyIds) {
        let p = self.party;
        let own = ids.own();
        if let Some(n) = p.name.as_deref() {
            self.name_hit("name", n, NameKind::Organisation, &own);
        }
        if let Some(n) = p.person_name.as_deref().filter(|_| ids.person.is_empty()) {
            self.name_hit("personName", n, NameKind::Person, &own);
        }
        if let Some(n) = p.legal_rep_name.as_deref().filter(|_| ids.rep.is_empty()) {
            self.name_hit("legalRepName", n, NameKind::Person, &[]);
        }
    }

    fn name_hit(
        &mut self,
        field: &'static str,
        name: &str,
        kind: NameKind,
        own: &[crate::snapshot::load::Identifier],
    ) {
        let q = normalize(name, kind);
        if q.text.is_empty() {
            return;
        }
        let rep = field == "legalRepName";
        let t = self.o.thresholds;
        for c in self
            .index
            .candidates_gated(self.s, &q, kind, t.candidates, t.core)
        {
            let row = c.row;
            if !self.on_lists(row) || self.hits.iter().any(|h| h.row == row) {
                continue;
            }
            let is_person = self.s.entity_kind(row as usize) == EntityKind::NaturalPerson;
            if (kind == NameKind::Person) != is_person {
                continue;
            }
            let Some((sim, record_norm, former, branch)) = c.best else {
                continue;
            };
            let passes = if kind == NameKind::Person {
                // Short person names: only the same name after normalisation.
                sim.score >= 0.999
            } else {
                sim.score >= t.possible && sim.core.map_or(true, |c| c >= t.core)
            };
            if !passes {
                continue;
            }
            let conflict =
                !own.is_empty() && identifiers_conflict(own, &record_ids(self.record(row)));
            // A branch has its own code: a differing one does not make it another entity.
            if conflict && !branch {
                self.namesake(
                    row,
                    sim.score,
                    "the names match but the identifiers differ: another entity",
                    "名称相近但代码不同，不是同一主体",
                );
                continue;
            }
            let kind_of = if rep {
                MatchKind::LegalRepresentative
            } else if branch {
                MatchKind::Branch
            } else if former {
                MatchKind::FormerName
            } else {
                MatchKind::Name
            };
            let explanation =
                name_explanation(field, &q, record_norm, sim, former, kind_of, conflict);
            self.hits.push(Hit {
                row,
                kind: kind_of,
                band: Band::Possible,
                score: sim.score,
                explanation,
            });
        }
    }
}

fn name_explanation(
    field: &'static str,
    q: &NormalizedName,
    record_norm: String,
    sim: Similarity,
    former: bool,
    kind: MatchKind,
    own_code: bool,
) -> Explanation {
    let (en, zh) = name_note(kind, own_code);
    let (mut note, mut note_zh) = (en.to_string(), zh.to_string());
    if field == "name" && matches!(kind, MatchKind::Name | MatchKind::FormerName) {
        if let Some((en, zh)) = words_differ(q, &normalize(&record_norm, NameKind::Organisation)) {
            note.push_str(&en);
            note_zh.push_str(&zh);
        }
    }
    Explanation {
        query_field: field,
        record_field: if former { "formerNames" } else { "name" },
        query_value: q.text.clone(),
        record_value: record_norm,
        similarity: Some(sim),
        record_role: None,
        note,
        note_zh,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The private clause builder; the matching rules are tested through the public API in
    //! `tests/matching.rs`.
    use super::*;

    #[test]
    fn the_words_that_differ_on_each_side_are_named() {
        let org = |n: &str| normalize(n, NameKind::Organisation);
        let d = words_differ(
            &org("泉州市瑞顺科技贸易有限公司"),
            &org("泉州瑞顺贸易服务有限责任公司"),
        );
        assert_eq!(
            d,
            Some((
                "; words differ: the query name also has 科技, the listed name also has 服务"
                    .into(),
                "；用语不同：查询名称多“科技”，名单名称多“服务”".into()
            ))
        );
        assert_eq!(
            words_differ(&org("瑞顺贸易有限公司"), &org("福州瑞顺贸易有限责任公司")),
            None
        );
    }
}
