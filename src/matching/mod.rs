//! Entity matching: who filled in the form (a company with its code and legal representative, or
//! a natural person) against the records of a snapshot. Identifiers decide; Chinese names rank;
//! every hit says why. See `docs/matching.md`.
//!
//! - An identifier equal to a record's (or the organisation code inside a USCC equal to a
//!   record's legacy code, either way) is a **definite** hit.
//! - A name is never definite: a name that matches after normalisation (`crate::names`) is a
//!   **possible** hit for human review, scored by weighted character similarity in which the
//!   字号 (core) counts most and region, trade words and company forms little.
//! - A record whose identifier differs from the query's is another entity: its name match is
//!   dropped, and the party's result says so (`namesakes`).
//! - A branch (…分公司) of a listed company, or a listed branch of the queried company, is a
//!   possible hit of kind `branch`.

mod index;
mod score;

pub use index::NameIndex;
pub use score::{similarity, Similarity};

use crate::names::{normalize, NameKind, NormalizedName};
use crate::snapshot::load::{IdHit, Identifier, MatchedBy};
use crate::snapshot::record::{EntityKind, ListType};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

/// One party to screen. Every field is optional; give what the form has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Party {
    /// Organisation name (company, individual business).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its code: USCC, legacy organisation code or registration number, as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The organisation's legal representative's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rep_name: Option<String>,
    /// The legal representative's ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_rep_id: Option<String>,
    /// A natural person's name (when the party is a person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_name: Option<String>,
    /// A natural person's ID number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

/// How sure a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Band {
    /// Not the same entity.
    None,
    /// Needs human review.
    Possible,
    /// The same entity (identifiers agree).
    Definite,
}

/// What matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    /// An identifier equal to the record's.
    Identifier,
    /// The organisation code inside a USCC, equal to the other side's legacy code.
    DerivedIdentifier,
    /// The name.
    Name,
    /// One of the record's former names.
    FormerName,
    /// The party's legal representative is the listed natural person.
    LegalRepresentative,
    /// A branch of the listed entity, or a listed branch of the party.
    Branch,
}

/// Thresholds (documented in `docs/matching.md`; the defaults are tuned on the evaluation set
/// under `tests/data/match-eval/`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Thresholds {
    /// Least overall name score for a possible hit.
    pub possible: f32,
    /// Least similarity of the 字号 (core) for a possible hit, when both names have one.
    pub core: f32,
    /// Most candidates scored per name.
    pub candidates: usize,
    /// Most possible hits returned per party (the best); the rest are counted in
    /// `PartyResult::omitted`. Definite hits are always all returned.
    pub max_possible: usize,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            possible: 0.80,
            core: 0.85,
            candidates: 200,
            max_possible: 25,
        }
    }
}

/// What to screen against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct MatchOptions {
    /// Lists asked (empty: every list the snapshot covers).
    pub list_types: Vec<ListType>,
    /// Thresholds.
    pub thresholds: Thresholds,
}

/// Which field of the party and of the record matched, in which normalised form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The party's field (`code`, `name`, `legalRepId`, …).
    pub query_field: &'static str,
    /// The record's field (`uscc`, `orgCode`, `name`, `formerNames`, …).
    pub record_field: &'static str,
    /// The party's value, normalised (ID numbers masked).
    pub query_value: String,
    /// The record's value, normalised (ID numbers masked).
    pub record_value: String,
    /// Similarity details for names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<Similarity>,
    /// In words (English).
    pub note: String,
    /// In words (Chinese).
    pub note_zh: String,
}

/// One record that concerns the party.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// The record's row in the snapshot.
    pub row: u32,
    /// What matched.
    pub kind: MatchKind,
    /// How sure.
    pub band: Band,
    /// 1.0 for identifiers; the name score otherwise.
    pub score: f32,
    /// Why.
    pub explanation: Explanation,
}

/// A record whose name matched but whose identifier differs from the party's: another entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Namesake {
    /// The record's row.
    pub row: u32,
    /// The name score.
    pub score: f32,
    /// Why it was set aside.
    pub note: String,
    /// The same in Chinese.
    pub note_zh: String,
}

/// The result for one party.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyResult {
    /// The best band over the hits.
    pub band: Band,
    /// Hits, definite first, then by score.
    pub hits: Vec<Hit>,
    /// Possible hits beyond `Thresholds::max_possible`, not returned (never silently: counted).
    pub omitted: usize,
    /// Name matches set aside because the identifiers differ.
    pub namesakes: Vec<Namesake>,
    /// Problems with the party's codes (a code that is not valid is not looked up: said here,
    /// never silently ignored).
    pub input_problems: Vec<InputProblem>,
    /// Warnings on codes that were used (a wrong check character, which the lenient profile
    /// accepts: perhaps a typo that hides a listed entity).
    pub input_warnings: Vec<InputProblem>,
    /// The snapshot is stale: the result may be out of date.
    pub stale: bool,
    /// Lists asked that the snapshot does not cover: nothing can be said about them.
    pub uncovered: Vec<ListType>,
}

/// A party field that could not be used.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputProblem {
    /// The field.
    pub field: &'static str,
    /// The identifier problems.
    pub problems: Vec<crate::Problem>,
}

pub(crate) fn mask(id: &str) -> String {
    match id.parse::<crate::ResidentId>() {
        Ok(p) => p.masked(),
        Err(_) => "*".repeat(id.chars().count().min(18)),
    }
}

/// The record's identifiers, for comparing with the party's.
struct RecordIds {
    uscc: Option<crate::Uscc>,
    org: Option<crate::OrgCode>,
    regno: Option<crate::RegistrationNumber>,
    id: Option<crate::ResidentId>,
}

/// Whether the party's identifiers and the record's are known to differ: both have one of a
/// comparable kind and none agrees.
fn identifiers_conflict(party: &[Identifier], r: &RecordIds) -> bool {
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

fn record_ids(s: &Snapshot, row: usize) -> RecordIds {
    match s.record(row) {
        Ok(r) => RecordIds {
            uscc: r.uscc,
            org: r.org_code,
            regno: r.registration_number,
            id: r.id_number,
        },
        Err(_) => RecordIds {
            uscc: None,
            org: None,
            regno: None,
            id: None,
        },
    }
}

fn id_explanation(
    h: &IdHit,
    field: &'static str,
    query: &str,
    s: &Snapshot,
) -> (MatchKind, Explanation) {
    let (kind, record_field, en, zh) = match h.matched_by {
        MatchedBy::Uscc => (
            MatchKind::Identifier,
            "uscc",
            "same USCC",
            "统一社会信用代码相同",
        ),
        MatchedBy::OrgCode => (
            MatchKind::Identifier,
            "orgCode",
            "same organisation code",
            "组织机构代码相同",
        ),
        MatchedBy::OrgCodeInUscc => (
            MatchKind::DerivedIdentifier,
            "orgCode",
            "the organisation code inside the party's USCC is the record's legacy code",
            "统一社会信用代码中的组织机构代码与名单记录的组织机构代码相同",
        ),
        MatchedBy::UsccContainsOrgCode => (
            MatchKind::DerivedIdentifier,
            "uscc",
            "the party's organisation code is inside the record's USCC",
            "组织机构代码包含在名单记录的统一社会信用代码中",
        ),
        MatchedBy::RegistrationNumber => (
            MatchKind::Identifier,
            "registrationNumber",
            "same registration number",
            "注册号相同",
        ),
        MatchedBy::IdNumber => (
            MatchKind::Identifier,
            "idNumber",
            "same ID number",
            "身份证号码相同",
        ),
        // A person named in the entry, not the entry's subject (法释〔2017〕7号第六条).
        MatchedBy::LegalRepresentativeId => (
            MatchKind::LegalRepresentative,
            "legalRepresentative.idNumber",
            "same ID number as the record's legal representative",
            "与名单记录法定代表人身份证号码相同",
        ),
    };
    let record_value = s
        .record(h.row as usize)
        .ok()
        .and_then(|r| match record_field {
            "uscc" => r.uscc.map(|u| u.to_string()),
            "orgCode" => r.org_code.map(|o| o.to_string()),
            "registrationNumber" => r.registration_number.map(|n| n.to_string()),
            "idNumber" => r.id_number.map(|p| p.masked()),
            _ => {
                // The related person whose ID number matched (the query's reading).
                let q = Identifier::parse_all(query).ok().unwrap_or_default();
                r.related_persons
                    .iter()
                    .filter_map(|p| p.id_number.and_then(|i| i.full()))
                    .find(|id| q.contains(&Identifier::IdNumber(*id)))
                    .map(|p| p.masked())
            }
        })
        .unwrap_or_default();
    let query_value = if field.ends_with("Id") {
        mask(query)
    } else {
        query.to_string()
    };
    (
        kind,
        Explanation {
            query_field: field,
            record_field,
            query_value,
            record_value,
            similarity: None,
            note: en.to_string(),
            note_zh: zh.to_string(),
        },
    )
}

/// Screens one party.
pub fn screen(s: &Snapshot, index: &NameIndex, party: &Party, o: &MatchOptions) -> PartyResult {
    let lists: Option<&[ListType]> = (!o.list_types.is_empty()).then_some(&o.list_types[..]);
    let on_lists = |row: u32| lists.map_or(true, |l| l.contains(&s.list_type(row as usize)));
    let mut hits: Vec<Hit> = Vec::new();
    let mut namesakes = Vec::new();
    let mut input_problems = Vec::new();
    let mut input_warnings = Vec::new();
    let mut party_ids: Vec<Identifier> = Vec::new();

    // An empty party is a mistake to report, not a clean result.
    if *party == Party::default() {
        input_problems.push(InputProblem {
            field: "party",
            problems: vec![crate::Problem::new(crate::ProblemCode::Empty)],
        });
    }

    // Identifiers decide.
    let mut by_id =
        |field: &'static str, value: &Option<String>, person: bool| -> Vec<Identifier> {
            let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) else {
                return Vec::new();
            };
            match Identifier::parse_all(v) {
                Ok(ids) => {
                    let ids: Vec<Identifier> = ids
                        .into_iter()
                        .filter(|i| person == matches!(i, Identifier::IdNumber(_)))
                        .collect();
                    if ids.is_empty() {
                        input_problems.push(InputProblem {
                            field,
                            problems: vec![crate::Problem::new(crate::ProblemCode::Unrecognized)],
                        });
                    } else {
                        let warnings = crate::validate(v, &crate::Options::default()).warnings;
                        if !warnings.is_empty() {
                            input_warnings.push(InputProblem {
                                field,
                                problems: warnings,
                            });
                        }
                    }
                    ids
                }
                Err(e) => {
                    input_problems.push(InputProblem {
                        field,
                        problems: e.into_problems(),
                    });
                    Vec::new()
                }
            }
        };
    let org_ids = by_id("code", &party.code, false);
    let person_ids = by_id("personId", &party.person_id, true);
    let rep_ids = by_id("legalRepId", &party.legal_rep_id, true);
    party_ids.extend(org_ids.iter().copied());
    party_ids.extend(person_ids.iter().copied());

    let mut found = Vec::new();
    for id in &org_ids {
        found.clear();
        s.find(id, &mut found);
        for h in found.iter().filter(|h| on_lists(h.row)) {
            // The organisation's own code: a legal representative's ID is not this party.
            if h.matched_by == MatchedBy::LegalRepresentativeId {
                continue;
            }
            let (kind, explanation) =
                id_explanation(h, "code", party.code.as_deref().unwrap_or(""), s);
            hits.push(Hit {
                row: h.row,
                kind,
                band: Band::Definite,
                score: 1.0,
                explanation,
            });
        }
    }
    for (ids, field, kind_override) in [
        (&person_ids, "personId", None),
        (&rep_ids, "legalRepId", Some(MatchKind::LegalRepresentative)),
    ] {
        for id in ids {
            found.clear();
            s.find(id, &mut found);
            for h in found.iter().filter(|h| on_lists(h.row)) {
                // A legal representative is checked against natural-person records (item 10).
                if kind_override.is_some()
                    && s.entity_kind(h.row as usize) != EntityKind::NaturalPerson
                {
                    continue;
                }
                let value = if field == "personId" {
                    &party.person_id
                } else {
                    &party.legal_rep_id
                };
                let (kind, explanation) =
                    id_explanation(h, field, value.as_deref().unwrap_or(""), s);
                hits.push(Hit {
                    row: h.row,
                    kind: kind_override.unwrap_or(kind),
                    band: Band::Definite,
                    score: 1.0,
                    explanation,
                });
            }
        }
    }

    // Names rank.
    let t = &o.thresholds;
    let mut name_hit = |field: &'static str, name: &str, kind: NameKind, rep: bool| {
        let q = normalize(name, kind);
        if q.text.is_empty() {
            return;
        }
        for c in index.candidates_gated(s, &q, kind, t.candidates, t.core) {
            let row = c.row;
            if !on_lists(row) || hits.iter().any(|h| h.row == row) {
                continue;
            }
            let is_person = s.entity_kind(row as usize) == EntityKind::NaturalPerson;
            if (kind == NameKind::Person) != is_person {
                continue;
            }
            let Some(best) = c.best else { continue };
            let (sim, record_norm, former, branch) = best;
            let passes = if kind == NameKind::Person {
                // Short person names: only the same name after normalisation.
                sim.score >= 0.999
            } else {
                sim.score >= t.possible && sim.core.map_or(true, |c| c >= t.core)
            };
            if !passes {
                continue;
            }
            let conflict = !rep
                && !party_ids.is_empty()
                && identifiers_conflict(&party_ids, &record_ids(s, row as usize));
            if conflict {
                namesakes.push(Namesake {
                    row,
                    score: sim.score,
                    note: "the names match but the identifiers differ: another entity".into(),
                    note_zh: "名称相近但代码不同，不是同一主体".into(),
                });
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
            let (en, zh) = match kind_of {
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
            };
            hits.push(Hit {
                row,
                kind: kind_of,
                band: Band::Possible,
                score: sim.score,
                explanation: Explanation {
                    query_field: field,
                    record_field: if former { "formerNames" } else { "name" },
                    query_value: q.text.clone(),
                    record_value: record_norm,
                    similarity: Some(sim),
                    note: en.into(),
                    note_zh: zh.into(),
                },
            });
        }
    };
    if let Some(n) = party.name.as_deref() {
        name_hit("name", n, NameKind::Organisation, false);
    }
    if let Some(n) = party.person_name.as_deref() {
        if person_ids.is_empty() {
            name_hit("personName", n, NameKind::Person, false);
        }
    }
    if let Some(n) = party.legal_rep_name.as_deref() {
        if rep_ids.is_empty() {
            name_hit("legalRepName", n, NameKind::Person, true);
        }
    }

    hits.sort_by(|a, b| {
        b.band
            .cmp(&a.band)
            .then(b.score.total_cmp(&a.score))
            .then(a.row.cmp(&b.row))
    });
    hits.dedup_by(|a, b| a.row == b.row && a.kind == b.kind);
    let band = hits.first().map_or(Band::None, |h| h.band);
    let definite = hits.iter().filter(|h| h.band == Band::Definite).count();
    let keep = definite + t.max_possible;
    let omitted = hits.len().saturating_sub(keep);
    hits.truncate(keep);
    let uncovered = lists
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|l| !s.header().covers(*l))
        .collect();
    PartyResult {
        band,
        hits,
        omitted,
        namesakes,
        input_problems,
        input_warnings,
        stale: s.is_stale(),
        uncovered,
    }
}

/// Screens many parties (a bid with consortium members, a list of bidders) in one call.
pub fn screen_all(
    s: &Snapshot,
    index: &NameIndex,
    parties: &[Party],
    o: &MatchOptions,
) -> Vec<PartyResult> {
    parties.iter().map(|p| screen(s, index, p, o)).collect()
}

/// The normalised form a record's name is compared in.
pub fn record_name(s: &Snapshot, row: usize) -> NormalizedName {
    let kind = if s.entity_kind(row) == EntityKind::NaturalPerson {
        NameKind::Person
    } else {
        NameKind::Organisation
    };
    normalize(&s.name(row), kind)
}

/// A party's result as JSON for display — the same in the CLI and in JavaScript: records shown
/// with ID numbers masked, scores to three decimals, the party's ID numbers masked.
pub fn report(s: &Snapshot, party: &Party, r: &PartyResult) -> serde_json::Value {
    use serde_json::json;
    let round = |x: f32| (f64::from(x) * 1000.0).round() / 1000.0;
    let record = |row: u32| {
        s.record(row as usize)
            .map(|rec| rec.to_shown_json())
            .unwrap_or(serde_json::Value::Null)
    };
    let hits: Vec<serde_json::Value> = r
        .hits
        .iter()
        .map(|h| {
            json!({
                "row": h.row,
                "kind": h.kind,
                "band": h.band,
                "score": round(h.score),
                "explanation": h.explanation,
                "record": record(h.row),
            })
        })
        .collect();
    let namesakes: Vec<serde_json::Value> = r
        .namesakes
        .iter()
        .map(|n| {
            json!({
                "row": n.row,
                "score": round(n.score),
                "note": n.note,
                "noteZh": n.note_zh,
                "record": record(n.row),
            })
        })
        .collect();
    let mut party_json = serde_json::to_value(party).unwrap_or_default();
    for k in ["personId", "legalRepId"] {
        if let Some(v) = party_json.get_mut(k) {
            if let Some(id) = v.as_str().map(mask) {
                *v = id.into();
            }
        }
    }
    json!({
        "party": party_json,
        "band": r.band,
        "hits": hits,
        "omitted": r.omitted,
        "namesakes": namesakes,
        "inputProblems": r.input_problems,
        "inputWarnings": r.input_warnings,
        "stale": r.stale,
        "uncovered": r.uncovered.iter().map(|l| l.id()).collect::<Vec<_>>(),
    })
}

/// Parties (one JSON object per line) screened, as one line each: band, then every hit as
/// `kind:band:row:score` — what `tests/data/fixture-screen.txt` holds, so native and wasm
/// builds can be compared byte for byte.
#[doc(hidden)]
pub fn transcript(s: &Snapshot, index: &NameIndex, parties_jsonl: &str) -> String {
    let mut out = String::new();
    for line in parties_jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(p) = serde_json::from_str::<Party>(line) else {
            out.push_str("unreadable party\n");
            continue;
        };
        let r = screen(s, index, &p, &MatchOptions::default());
        let hits: Vec<String> = r
            .hits
            .iter()
            .map(|h| format!("{:?}:{:?}:{}:{:.4}", h.kind, h.band, h.row, h.score))
            .collect();
        let namesakes: Vec<String> = r.namesakes.iter().map(|n| n.row.to_string()).collect();
        out.push_str(&format!(
            "{:?} [{}] namesakes [{}] problems {}\n",
            r.band,
            hits.join(" "),
            namesakes.join(" "),
            r.input_problems.len()
        ));
    }
    out
}
