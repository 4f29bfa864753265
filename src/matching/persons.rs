//! ID numbers published masked (`3501**********1234`, record model v2): a typed full ID number
//! that agrees with every visible digit, with the same name, is a possible hit — several people
//! share any masked number, so never a definite one; a visible digit that disagrees rules the
//! person out. Masked numbers are not indexed: the persons are found by name.

use super::ids::query_person;
use super::{cat, mask, Band, Explanation, Hit, MatchKind, PartyIds, Screening};
use crate::lists::person::{MaskedId, PersonId, PersonRole};
use crate::lists::record::EntityKind;
use crate::names::{normalize, NameKind, NormalizedName};
use crate::snapshot::load::Identifier;

/// Whether any of the typed ID numbers agrees with every visible digit.
fn agrees(ids: &[Identifier], m: &MaskedId) -> bool {
    ids.iter().any(|i| match i {
        Identifier::IdNumber(id) => m.agrees_with(id),
        _ => false,
    })
}

const DIFFER_EN: &str = "the same name, but the ID number's visible digits differ: another person";
const DIFFER_ZH: &str = "姓名相同，但身份证号码的可见位不同，不是同一人";

/// The explanation of a masked agreement: `role` is the person's role in an entity's entry, or
/// `None` for a listed natural person.
fn masked_explanation(
    field: &'static str,
    query: &str,
    m: &MaskedId,
    role: Option<PersonRole>,
) -> Explanation {
    let (en_q, zh_q) = query_person(field);
    let (record_field, en, zh) = match role {
        Some(r) => (
            "relatedPersons.idNumber",
            cat(&[en_q, " may be the ", r.name_en(), " of the listed entity"]),
            cat(&[zh_q, "可能是名单主体的", r.name_zh()]),
        ),
        None => (
            "maskedIdNumber",
            cat(&[en_q, " may be the listed person"]),
            cat(&[zh_q, "可能是名单所列自然人"]),
        ),
    };
    // At most 17 visible digits: written by hand, no formatting machinery.
    let v = m.visible().min(99) as u8;
    let digits = [b'0' + v / 10, b'0' + v % 10];
    let visible = std::str::from_utf8(&digits[usize::from(v < 10)..]).unwrap_or("");
    Explanation {
        query_field: field,
        record_field,
        query_value: mask(query),
        record_value: m.as_str().into(),
        similarity: None,
        record_role: role,
        note: cat(&[
            &en,
            ": same name, and the ID number agrees with all ",
            visible,
            " visible digits of the masked one (review)",
        ]),
        note_zh: cat(&[
            &zh,
            "：姓名相同，身份证号码与公布号码的",
            visible,
            "个可见位一致（需人工核实）",
        ]),
    }
}

impl Screening<'_> {
    /// Possible hits on persons published with a masked ID number, for each person field that
    /// has both a name and an ID number.
    pub(super) fn masked_id_hits(&mut self, ids: &PartyIds) {
        let p = self.party;
        let fields = [
            (
                "personId",
                p.person_name.as_deref(),
                &ids.person,
                p.person_id.as_deref(),
            ),
            (
                "legalRepId",
                p.legal_rep_name.as_deref(),
                &ids.rep,
                p.legal_rep_id.as_deref(),
            ),
        ];
        for (field, name, ids, typed) in fields {
            let Some(name) = name else { continue };
            let q = normalize(name, NameKind::Person);
            if q.text.is_empty() || ids.is_empty() {
                continue;
            }
            let typed = typed.unwrap_or("");
            self.masked_natural_persons(field, &q, ids, typed);
            self.masked_related_persons(field, &q, ids, typed);
        }
    }

    /// Listed natural persons of the same name whose ID number is published masked (every one:
    /// the name's postings, not the scored candidates, which stop at `Thresholds::candidates`).
    fn masked_natural_persons(
        &mut self,
        field: &'static str,
        q: &NormalizedName,
        ids: &[Identifier],
        typed: &str,
    ) {
        let kind = if field == "legalRepId" {
            MatchKind::LegalRepresentative
        } else {
            MatchKind::MaskedIdNumber
        };
        let index = self.index;
        for &row in index.persons_named(q) {
            let at = row as usize;
            if self.s.entity_kind(at) != EntityKind::NaturalPerson
                || !self.on_lists(row)
                || self.hits.iter().any(|h| h.row == row)
            {
                continue;
            }
            let Some(m) = self.s.masked_id(at) else {
                continue;
            };
            // The index keys by a hash of the name: compare the names themselves.
            if normalize(&self.s.name(at), NameKind::Person).text != q.text {
                continue;
            }
            if !agrees(ids, &m) {
                self.namesake(row, 1.0, DIFFER_EN, DIFFER_ZH);
                continue;
            }
            self.hits.push(Hit {
                row,
                kind,
                band: Band::Possible,
                score: 1.0,
                explanation: masked_explanation(field, typed, &m, None),
            });
        }
    }

    /// Persons of the same name named in listed entities' entries with a masked ID number.
    fn masked_related_persons(
        &mut self,
        field: &'static str,
        q: &NormalizedName,
        ids: &[Identifier],
        typed: &str,
    ) {
        let index = self.index;
        for &row in index.masked_persons(q) {
            if !self.on_lists(row) || self.has_hit(row, MatchKind::RelatedPerson) {
                continue;
            }
            let persons = self.s.related_persons(row as usize);
            let masked = persons.iter().filter_map(|p| match p.id_number {
                Some(PersonId::Masked(m))
                    if normalize(&p.name, NameKind::Person).text == q.text =>
                {
                    Some((p.role, m))
                }
                _ => None,
            });
            let (mut agreeing, mut any) = (None, false);
            for (role, m) in masked {
                any = true;
                if agrees(ids, &m) {
                    agreeing = Some((role, m));
                    break;
                }
            }
            match agreeing {
                Some((role, m)) => self.hits.push(Hit {
                    row,
                    kind: MatchKind::RelatedPerson,
                    band: Band::Possible,
                    score: 1.0,
                    explanation: masked_explanation(field, typed, &m, Some(role)),
                }),
                None if any => self.namesake(row, 1.0, DIFFER_EN, DIFFER_ZH),
                None => {}
            }
        }
    }
}
