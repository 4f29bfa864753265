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
//!   possible hit of kind `branch` — also when each has its own code, as branches do.
//! - An ID number typed for a person of the party (`personId`, `legalRepId`) is compared with
//!   every listed natural person and every person named in a listed entity's entry (legal
//!   representative, principal, finance officer, …): a definite hit of kind `relatedPerson` that
//!   says the role on both sides. Against an ID published masked, with the same name, it is only
//!   possible.
//! - Regions in names are compared as GB/T 2260 divisions: two different places lower the score.

mod by_name;
mod ids;
mod index;
mod persons;
mod score;

pub use index::{organisation_keys, party_keys, record_keys, NameIndex, COMMON};
pub use score::{regions_conflict, similarity, Similarity};

use crate::json::Json;
use crate::lists::person::PersonRole;
use crate::lists::record::{EntityKind, ListRecord, ListType};
use crate::names::{normalize, NameKind, NormalizedName};
use crate::snapshot::load::Identifier;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

impl MatchOptions {
    /// Options given as a value, read strictly: an unknown field or a value of the wrong type
    /// is refused, naming the field; null (or a null member) means the default.
    pub fn from_value(value: serde_json::Value) -> Result<MatchOptions, String> {
        MatchOptions::read(Json::from(&value))
    }

    /// [`MatchOptions::from_value`] for JSON data as the bindings walk it from a JS value. Read
    /// by hand, as parties are: serde's value reader for these two structs was 7.8 KB of wasm
    /// for this one call.
    pub(crate) fn read(mut value: Json) -> Result<MatchOptions, String> {
        value.without_null_members();
        let mut options = MatchOptions::default();
        let fields = match value {
            Json::Null => return Ok(options),
            Json::Object(fields) => fields,
            _ => return Err("the options must be an object".into()),
        };
        for (k, v) in fields {
            match k.as_str() {
                "listTypes" => {
                    let Json::Array(items) = v else {
                        return Err("field `listTypes` must be an array of list type ids".into());
                    };
                    for item in items {
                        let Json::String(id) = item else {
                            return Err("field `listTypes` must hold list type ids".into());
                        };
                        let list = id.parse::<ListType>();
                        let list = list.map_err(|p| format!("listTypes: {}", p.message_en()))?;
                        options.list_types.push(list);
                    }
                }
                "thresholds" => options.thresholds = Thresholds::read(&v)?,
                _ => {
                    return Err(format!(
                        "unknown field `{k}`, expected `listTypes` or `thresholds`"
                    ))
                }
            }
        }
        Ok(options)
    }
}

impl Thresholds {
    fn read(value: &Json) -> Result<Thresholds, String> {
        let Json::Object(fields) = value else {
            return Err("field `thresholds` must be an object".into());
        };
        let mut t = Thresholds::default();
        for (k, v) in fields {
            let number = || format!("field `thresholds.{k}` must be a number");
            let count = || format!("field `thresholds.{k}` must be a whole number");
            // As serde reads an f32: the nearest to the number given.
            let real = || v.as_f64().map(|x| x as f32).ok_or_else(number);
            let whole = || {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(count)
            };
            match k.as_str() {
                "possible" => t.possible = real()?,
                "core" => t.core = real()?,
                "candidates" => t.candidates = whole()?,
                "maxPossible" => t.max_possible = whole()?,
                _ => {
                    let expected = "possible, core, candidates, maxPossible";
                    return Err(format!(
                        "unknown field `thresholds.{k}`, expected one of {expected}"
                    ));
                }
            }
        }
        Ok(t)
    }
}

impl Party {
    /// Parties given as a value, each read strictly: an unknown field or a value that is not a
    /// string is refused with the party's index and the field, never dropped; a null member is
    /// absent. Index `None` when the value is not an array.
    pub fn list_from_value(value: serde_json::Value) -> Result<Vec<Party>, PartyValueError> {
        Party::read_list(Json::from(&value))
    }

    /// [`Party::list_from_value`] for JSON data as the bindings walk it from a JS array.
    pub(crate) fn read_list(mut value: Json) -> Result<Vec<Party>, PartyValueError> {
        value.without_null_members();
        let Json::Array(items) = value else {
            return Err(PartyValueError(None, "not an array".into(), None));
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let Json::Object(fields) = p else {
                    return Err(PartyValueError(Some(i), "not an object".into(), None));
                };
                // Built field by field once each is known to be text: no second compiled reader
                // for parties beside the text one.
                let mut party = Party::default();
                for (k, v) in fields {
                    let slot = match k.as_str() {
                        "name" => &mut party.name,
                        "code" => &mut party.code,
                        "legalRepName" => &mut party.legal_rep_name,
                        "legalRepId" => &mut party.legal_rep_id,
                        "personName" => &mut party.person_name,
                        "personId" => &mut party.person_id,
                        _ => {
                            let detail = format!(
                                "unknown field `{k}`, expected one of {}",
                                Party::FIELDS.join(", ")
                            );
                            return Err(PartyValueError(Some(i), detail, Some(k)));
                        }
                    };
                    let Json::String(text) = v else {
                        let detail = format!("field `{k}` must be a string");
                        return Err(PartyValueError(Some(i), detail, Some(k)));
                    };
                    *slot = Some(text);
                }
                Ok(party)
            })
            .collect()
    }

    /// The fields a party may have, as JSON and JS name them.
    pub const FIELDS: [&'static str; 6] = [
        "name",
        "code",
        "legalRepName",
        "legalRepId",
        "personName",
        "personId",
    ];
}

/// A party value that could not be read: the party's index (`None`: the value is not an
/// array), what is wrong, and the field when one is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyValueError(pub Option<usize>, pub String, pub Option<String>);

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
    /// A person of the party (its legal representative, or the party itself) is a person named
    /// in a listed entity's entry (its legal representative, principal, finance officer, …).
    RelatedPerson,
    /// The party (a person) has the name of a listed person whose ID number is published
    /// masked, and its ID number agrees with every visible digit: possible, never definite.
    MaskedIdNumber,
}

/// Thresholds (documented in `docs/matching.md`; the defaults are tuned on the evaluation set
/// under `tests/data/match-eval/`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
    /// For a person named in a listed entity's entry: that person's role there (the party's
    /// side is `query_field`: `legalRepId` the party's legal representative, `personId` the
    /// party itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_role: Option<PersonRole>,
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

/// The texts one after the other (explanations are built from fixed phrases).
fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

pub(crate) fn mask(id: &str) -> String {
    match id.parse::<crate::ResidentId>() {
        Ok(p) => p.masked(),
        Err(_) => "*".repeat(id.chars().count().min(18)),
    }
}

/// The party's identifiers, as read from its fields.
#[derive(Default)]
struct PartyIds {
    /// The organisation's code (`code`): USCC, organisation code, registration number.
    org: Vec<Identifier>,
    /// The party's own ID number (`personId`).
    person: Vec<Identifier>,
    /// The legal representative's ID number (`legalRepId`).
    rep: Vec<Identifier>,
}

impl PartyIds {
    /// The party's own identifiers (not its legal representative's): what a record's
    /// identifiers are compared with to tell another entity.
    fn own(&self) -> Vec<Identifier> {
        self.org.iter().chain(&self.person).copied().collect()
    }
}

/// One party being screened: what has been found so far.
struct Screening<'a> {
    s: &'a Snapshot,
    index: &'a NameIndex,
    party: &'a Party,
    o: &'a MatchOptions,
    hits: Vec<Hit>,
    namesakes: Vec<Namesake>,
    input_problems: Vec<InputProblem>,
    input_warnings: Vec<InputProblem>,
    decoded: Decoded,
}

/// Records decoded while screening, by row (`None`: the row could not be decoded). A hit's
/// record is decoded once, where it is found, and handed on to the check with the hits.
#[derive(Debug, Default)]
pub struct Decoded(BTreeMap<u32, Option<ListRecord>>);

impl Decoded {
    /// Decodes the rows not decoded yet (a hit by a masked ID number is found without its
    /// record).
    pub fn complete(&mut self, s: &Snapshot, rows: impl IntoIterator<Item = u32>) {
        for row in rows {
            self.0
                .entry(row)
                .or_insert_with(|| s.record(row as usize).ok());
        }
    }

    /// The record of `row` (`None`: not decoded, or it cannot be).
    pub fn get(&self, row: u32) -> Option<&ListRecord> {
        self.0.get(&row).and_then(Option::as_ref)
    }
}

impl<'a> Screening<'a> {
    /// The record of `row`, decoded at most once per screening.
    fn record(&mut self, row: u32) -> Option<&ListRecord> {
        let s = self.s;
        self.decoded
            .0
            .entry(row)
            .or_insert_with(|| s.record(row as usize).ok())
            .as_ref()
    }

    /// Whether the record is on a list asked about.
    fn on_lists(&self, row: u32) -> bool {
        self.o.list_types.is_empty() || self.o.list_types.contains(&self.s.list_type(row as usize))
    }

    /// Whether the record already has a hit of this kind — or any hit, for a related person:
    /// that a person of the party is named in a record already found (the party's own record,
    /// by its code) adds nothing.
    fn has_hit(&self, row: u32, kind: MatchKind) -> bool {
        self.hits
            .iter()
            .any(|h| h.row == row && (h.kind == kind || kind == MatchKind::RelatedPerson))
    }

    fn namesake(&mut self, row: u32, score: f32, en: &str, zh: &str) {
        self.namesakes.push(Namesake {
            row,
            score,
            note: en.into(),
            note_zh: zh.into(),
        });
    }

    fn finish(mut self) -> (PartyResult, Decoded) {
        let t = &self.o.thresholds;
        // The standard sort: a party's hits, before they are cut down, on every check.
        self.hits.sort_by(|a, b| {
            b.band
                .cmp(&a.band)
                .then(b.score.total_cmp(&a.score))
                .then(a.row.cmp(&b.row))
        });
        self.hits
            .dedup_by(|a, b| a.row == b.row && a.kind == b.kind);
        let band = self.hits.first().map_or(Band::None, |h| h.band);
        let definite = self
            .hits
            .iter()
            .filter(|h| h.band == Band::Definite)
            .count();
        let keep = definite + t.max_possible;
        let omitted = self.hits.len().saturating_sub(keep);
        self.hits.truncate(keep);
        // Only the hits' records are handed on.
        let mut rows: Vec<u32> = self.hits.iter().map(|h| h.row).collect();
        crate::sort::sort(&mut rows);
        self.decoded
            .0
            .retain(|row, _| rows.binary_search(row).is_ok());
        let uncovered = self
            .o
            .list_types
            .iter()
            .copied()
            .filter(|l| !self.s.header().covers(*l))
            .collect();
        let result = PartyResult {
            band,
            hits: self.hits,
            omitted,
            namesakes: self.namesakes,
            input_problems: self.input_problems,
            input_warnings: self.input_warnings,
            stale: self.s.is_stale(),
            uncovered,
        };
        (result, self.decoded)
    }
}

/// Screens one party: identifiers first (definite), then names (possible), then persons whose
/// ID numbers are published masked (possible).
pub fn screen(s: &Snapshot, index: &NameIndex, party: &Party, o: &MatchOptions) -> PartyResult {
    screen_decoding(s, index, party, o).0
}

/// [`screen`], handing on the hits' records it decoded (the check judges them).
pub fn screen_decoding(
    s: &Snapshot,
    index: &NameIndex,
    party: &Party,
    o: &MatchOptions,
) -> (PartyResult, Decoded) {
    let mut sc = Screening {
        s,
        index,
        party,
        o,
        hits: Vec::new(),
        namesakes: Vec::new(),
        input_problems: Vec::new(),
        input_warnings: Vec::new(),
        decoded: Decoded::default(),
    };
    // An empty party is a mistake to report, not a clean result.
    if *party == Party::default() {
        sc.input_problems.push(InputProblem {
            field: "party",
            problems: vec![crate::Problem::new(crate::ProblemCode::Empty)],
        });
    }
    let ids = sc.party_ids();
    sc.identifier_hits(&ids);
    sc.name_hits(&ids);
    sc.masked_id_hits(&ids);
    sc.finish()
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
        let Ok(p) = serde_json::from_slice::<Party>(line.as_bytes()) else {
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
