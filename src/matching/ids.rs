//! Identifiers decide: the party's codes and ID numbers looked up in the snapshot's indexes, and
//! the comparison that tells another entity (the identifiers differ).

use super::{cat, mask, Band, Explanation, Hit, InputProblem, MatchKind, PartyIds, Screening};
use crate::lists::person::{PersonId, PersonRole};
use crate::lists::record::ListRecord;
use crate::snapshot::load::{IdHit, Identifier, MatchedBy};
use crate::ResidentId;

/// The record's identifiers, for comparing with the party's.
pub(super) struct RecordIds {
    uscc: Option<crate::Uscc>,
    org: Option<crate::OrgCode>,
    regno: Option<crate::RegistrationNumber>,
    id: Option<ResidentId>,
}

pub(super) fn record_ids(r: Option<&ListRecord>) -> RecordIds {
    match r {
        Some(r) => RecordIds {
            uscc: r.uscc,
            org: r.org_code,
            regno: r.registration_number,
            id: r.id_number,
        },
        None => RecordIds {
            uscc: None,
            org: None,
            regno: None,
            id: None,
        },
    }
}

/// Whether the party's identifiers and the record's are known to differ: both have one of a
/// comparable kind and none agrees.
pub(super) fn identifiers_conflict(party: &[Identifier], r: &RecordIds) -> bool {
    let mut comparable = false;
    let mut agree = false;
    for q in party {
        match q {
            Identifier::Uscc(u) => {
                if let Some(ru) = &r.uscc {
                    comparable = true;
                    agree |= ru == u;
                }
                if let Some(ro) = &r.org {
                    comparable = true;
                    agree |= u.org_code() == *ro;
                }
            }
            Identifier::OrgCode(o) => {
                if let Some(ru) = &r.uscc {
                    comparable = true;
                    agree |= ru.org_code() == *o;
                }
                if let Some(ro) = &r.org {
                    comparable = true;
                    agree |= ro == o;
                }
            }
            Identifier::RegistrationNumber(n) => {
                if let Some(rn) = &r.regno {
                    comparable = true;
                    agree |= rn == n;
                }
            }
            Identifier::IdNumber(p) => {
                if let Some(rp) = &r.id {
                    comparable = true;
                    agree |= rp.eighteen() == p.eighteen();
                }
            }
        }
    }
    comparable && !agree
}

/// The party's side of a person hit, in words: who the typed ID number belongs to.
pub(super) fn query_person(field: &str) -> (&'static str, &'static str) {
    if field.starts_with("legalRep") {
        ("the party's legal representative", "当事人的法定代表人")
    } else {
        ("the party (a person)", "当事人本人")
    }
}

/// The persons named in `r` whose full ID number is one of `ids`, with their roles.
fn persons_with_id<'r>(
    r: &'r ListRecord,
    ids: &'r [Identifier],
) -> impl Iterator<Item = (PersonRole, ResidentId)> + 'r {
    r.related_persons
        .iter()
        .filter_map(move |p| match p.id_number {
            Some(PersonId::Full(id)) if ids.contains(&Identifier::IdNumber(id)) => {
                Some((p.role, id))
            }
            _ => None,
        })
}

/// A related person found by a full ID number: the role on both sides.
fn related_explanation(r: Option<&ListRecord>, field: &'static str, query: &str) -> Explanation {
    let ids = Identifier::parse_all(query).ok().unwrap_or_default();
    let found = r.and_then(|r| persons_with_id(r, &ids).next());
    let (en_q, zh_q) = query_person(field);
    let (role, record_value) = match found {
        Some((role, id)) => (Some(role), id.masked()),
        None => (None, String::new()),
    };
    let (role_en, role_zh) = role.map_or(("person named", "相关人员"), |r| {
        (r.name_en(), r.name_zh())
    });
    Explanation {
        query_field: field,
        record_field: "relatedPersons.idNumber",
        query_value: mask(query),
        record_value,
        similarity: None,
        record_role: role,
        note: cat(&[
            en_q,
            " is the ",
            role_en,
            " of the listed entity (same ID number)",
        ]),
        note_zh: cat(&[zh_q, "是名单主体的", role_zh, "（身份证号码相同）"]),
    }
}

fn id_explanation(
    h: &IdHit,
    field: &'static str,
    query: &str,
    r: Option<&ListRecord>,
) -> Explanation {
    let (record_field, en, zh) = match h.matched_by {
        MatchedBy::Uscc => ("uscc", "same USCC", "统一社会信用代码相同"),
        MatchedBy::OrgCode => ("orgCode", "same organisation code", "组织机构代码相同"),
        MatchedBy::OrgCodeInUscc => (
            "orgCode",
            "the organisation code inside the party's USCC is the record's legacy code",
            "统一社会信用代码中的组织机构代码与名单记录的组织机构代码相同",
        ),
        MatchedBy::UsccContainsOrgCode => (
            "uscc",
            "the party's organisation code is inside the record's USCC",
            "组织机构代码包含在名单记录的统一社会信用代码中",
        ),
        MatchedBy::RegistrationNumber => (
            "registrationNumber",
            "same registration number",
            "注册号相同",
        ),
        MatchedBy::IdNumber => ("idNumber", "same ID number", "身份证号码相同"),
        MatchedBy::LegalRepresentativeId => return related_explanation(r, field, query),
    };
    let record_value = r
        .and_then(|r| match h.matched_by {
            MatchedBy::Uscc | MatchedBy::UsccContainsOrgCode => r.uscc.map(|u| u.to_string()),
            MatchedBy::OrgCode | MatchedBy::OrgCodeInUscc => r.org_code.map(|o| o.to_string()),
            MatchedBy::RegistrationNumber => r.registration_number.map(|n| n.to_string()),
            _ => r.id_number.map(|p| p.masked()),
        })
        .unwrap_or_default();
    let query_value = if field.ends_with("Id") {
        mask(query)
    } else {
        query.to_string()
    };
    Explanation {
        query_field: field,
        record_field,
        query_value,
        record_value,
        similarity: None,
        record_role: None,
        note: en.to_string(),
        note_zh: zh.to_string(),
    }
}

/// The kind of a hit found by an identifier: the organisation's own code, the party's or its
/// legal representative's ID against a listed person, or against a person named in a listed
/// entity's entry. `None`: not a hit for this field (an organisation's code never finds a
/// person).
fn kind_of(field: &str, by: MatchedBy) -> Option<MatchKind> {
    match (field, by) {
        (_, MatchedBy::LegalRepresentativeId) if field == "code" => None,
        (_, MatchedBy::LegalRepresentativeId) => Some(MatchKind::RelatedPerson),
        ("legalRepId", MatchedBy::IdNumber) => Some(MatchKind::LegalRepresentative),
        (_, b) if b.is_derived() => Some(MatchKind::DerivedIdentifier),
        _ => Some(MatchKind::Identifier),
    }
}

impl Screening<'_> {
    /// Reads one identifier field: its readings of the wanted kind (an ID number for a person's
    /// field, a code otherwise), or a problem said in `input_problems`.
    fn parse_field(
        &mut self,
        field: &'static str,
        value: Option<&str>,
        person: bool,
    ) -> Vec<Identifier> {
        let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
            return Vec::new();
        };
        match Identifier::parse_all(v) {
            Ok(ids) => {
                let ids: Vec<Identifier> = ids
                    .into_iter()
                    .filter(|i| person == matches!(i, Identifier::IdNumber(_)))
                    .collect();
                if ids.is_empty() {
                    self.input_problems.push(InputProblem {
                        field,
                        problems: vec![crate::Problem::new(crate::ProblemCode::Unrecognized)],
                    });
                } else {
                    let warnings = crate::validate(v, &crate::Options::default()).warnings;
                    if !warnings.is_empty() {
                        self.input_warnings.push(InputProblem {
                            field,
                            problems: warnings,
                        });
                    }
                }
                ids
            }
            Err(e) => {
                self.input_problems.push(InputProblem {
                    field,
                    problems: e.into_problems(),
                });
                Vec::new()
            }
        }
    }

    pub(super) fn party_ids(&mut self) -> PartyIds {
        let p = self.party;
        PartyIds {
            org: self.parse_field("code", p.code.as_deref(), false),
            person: self.parse_field("personId", p.person_id.as_deref(), true),
            rep: self.parse_field("legalRepId", p.legal_rep_id.as_deref(), true),
        }
    }

    /// Every record an identifier of the party finds: definite hits.
    pub(super) fn identifier_hits(&mut self, ids: &PartyIds) {
        let p = self.party;
        let fields = [
            ("code", &ids.org, p.code.as_deref()),
            ("personId", &ids.person, p.person_id.as_deref()),
            ("legalRepId", &ids.rep, p.legal_rep_id.as_deref()),
        ];
        let mut found = Vec::new();
        for (field, ids, typed) in fields {
            for id in ids {
                found.clear();
                self.s.find(id, &mut found);
                for h in &found {
                    let Some(kind) = kind_of(field, h.matched_by) else {
                        continue;
                    };
                    if !self.on_lists(h.row) || self.has_hit(h.row, kind) {
                        continue;
                    }
                    let record = self.record(h.row);
                    let explanation = id_explanation(h, field, typed.unwrap_or(""), record);
                    self.hits.push(Hit {
                        row: h.row,
                        kind,
                        band: Band::Definite,
                        score: 1.0,
                        explanation,
                    });
                }
            }
        }
    }
}
