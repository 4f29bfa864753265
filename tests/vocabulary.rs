//! The vocabulary (issue 14): one structure with every id and its names, tied here to the core's
//! enums and to the catalogue's own tables, so that a list type, a decision or a scenario added
//! in one place and not the other fails.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]

use chrono::NaiveDate;
use credit_check::check::vocabulary::{vocabulary, Term, Vocabulary, DECISION_IDS, EFFECTS};
use credit_check::check::Decision;
use credit_check::lists::catalogue::Catalogue;
use credit_check::lists::record::{EntityKind, ListType, ListingStatus, PersonRole};
use credit_check::lists::validity::{Ban, InForce};
use credit_check::snapshot::MatchedBy;
use credit_check::IdentifierKind;
use std::collections::BTreeSet;

fn tsv(name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let path = format!("{}/data/catalogue/v2/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            head.iter()
                .zip(l.split('\t'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn json_id<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn ids(terms: &[Term]) -> Vec<&str> {
    terms.iter().map(|t| t.id.as_str()).collect()
}

fn v() -> Vocabulary {
    vocabulary()
}

#[test]
fn list_types_are_the_core_list_types_and_the_catalogue_table() {
    let v = v();
    let core: Vec<&str> = ListType::ALL.iter().map(|l| l.id()).collect();
    let ours: Vec<&str> = v.list_types.iter().map(|l| l.id).collect();
    assert_eq!(ours, core);
    let table = tsv("list_types.tsv");
    assert_eq!(table.len(), v.list_types.len());
    for (row, l) in table.iter().zip(&v.list_types) {
        assert_eq!(row["id"], l.id);
        assert_eq!(row["name_zh"], l.zh, "{}", l.id);
        assert_eq!(row["name_en"], l.en, "{}", l.id);
        assert_eq!(row["colour"], json_id(&l.colour), "{}", l.id);
    }
}

#[test]
fn colours_name_every_colour_a_list_type_has() {
    let v = v();
    let colours: BTreeSet<&str> = ids(&v.colours).into_iter().collect();
    for l in &v.list_types {
        assert!(colours.contains(json_id(&l.colour).as_str()), "{}", l.id);
    }
}

#[test]
fn decisions_are_the_core_decisions_plus_unavailable_and_error() {
    let v = v();
    let ours: Vec<&str> = v.decisions.iter().map(|d| d.id).collect();
    assert_eq!(ours, DECISION_IDS);
    let core = [
        Decision::Block,
        Decision::Review,
        Decision::Pass,
        Decision::Stale,
        Decision::NotCovered,
        Decision::InvalidInput,
    ];
    for d in core {
        let id = json_id(&d);
        let term = v
            .decisions
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        let record = term
            .record
            .as_ref()
            .expect("a core decision has its record name");
        assert_eq!((record.zh, record.en), (d.name_zh(), d.name_en()));
    }
    for d in &v.decisions {
        assert!(!d.zh.is_empty() && !d.en.is_empty(), "{}", d.id);
        assert!(
            !d.explanation.zh.is_empty() && !d.explanation.en.is_empty(),
            "{}",
            d.id
        );
        assert_eq!(d.steps.zh.len(), d.steps.en.len(), "{}", d.id);
        assert!(!d.steps.zh.is_empty(), "{}", d.id);
        if matches!(d.id, "unavailable" | "error") {
            assert!(d.record.is_none(), "{}", d.id);
        }
    }
}

#[test]
fn scenarios_are_the_embedded_catalogue_and_its_table() {
    let v = v();
    let c = Catalogue::embedded().unwrap();
    let ours: Vec<&str> = v.scenarios.iter().map(|s| s.id.as_str()).collect();
    let core: Vec<&str> = c.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ours, core);
    let table = tsv("scenarios.tsv");
    assert_eq!(table.len(), v.scenarios.len());
    for (row, s) in table.iter().zip(&v.scenarios) {
        assert_eq!(row["id"], s.id);
        assert_eq!(row["name_zh"], s.zh);
        assert_eq!(row["name_en"], s.en);
        assert_eq!(row["roles"], s.roles.join(";"));
    }
    // Every role a scenario names has its names.
    let roles: BTreeSet<&str> = ids(&v.roles).into_iter().collect();
    for s in &v.scenarios {
        for r in &s.roles {
            assert!(roles.contains(r.as_str()), "{}: role {r}", s.id);
        }
    }
}

#[test]
fn effects_are_every_effect_the_catalogue_uses() {
    let v = v();
    let ours = ids(&v.effects);
    let core: Vec<String> = EFFECTS.iter().map(json_id).collect();
    assert_eq!(ours, core);
    assert_eq!(ours.iter().collect::<BTreeSet<_>>().len(), ours.len());
    let c = Catalogue::embedded().unwrap();
    for m in &c.measures {
        assert!(ours.contains(&json_id(&m.effect).as_str()), "{}", m.id);
    }
}

#[test]
fn statuses_kinds_and_roles_are_the_core_enums() {
    let v = v();
    let statuses: Vec<String> = ListingStatus::ALL.iter().map(json_id).collect();
    assert_eq!(ids(&v.listing_statuses), statuses);
    let kinds: Vec<String> = EntityKind::ALL.iter().map(json_id).collect();
    assert_eq!(ids(&v.entity_kinds), kinds);
    let roles: Vec<String> = PersonRole::ALL.iter().map(json_id).collect();
    assert_eq!(ids(&v.person_roles), roles);
    let id_kinds: Vec<String> = IdentifierKind::ALL.iter().map(json_id).collect();
    assert_eq!(ids(&v.identifier_kinds), id_kinds);
    for (t, k) in v.identifier_kinds.iter().zip(IdentifierKind::ALL) {
        assert_eq!((t.zh.as_str(), t.en.as_str()), (k.name_zh(), k.name_en()));
    }
    // How a lookup found a record: the ids its answers carry, in the order the numbers that
    // cross the wasm boundary index.
    let matched: Vec<String> = MatchedBy::ALL.iter().map(json_id).collect();
    assert_eq!(ids(&v.matched_by), matched);
    assert_eq!(matched.len(), 7);
}

#[test]
fn validity_and_ban_states_name_every_state_the_core_gives() {
    let v = v();
    let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let validity = [
        InForce::InForce,
        InForce::NotYetListed { listed_at: d },
        InForce::TermEnded { ended: d },
        InForce::Repaired { on: d },
        InForce::Removed { on: d },
        InForce::Revoked { on: Some(d) },
        InForce::Undetermined { missing: "term" },
    ];
    let states: Vec<String> = validity
        .iter()
        .map(|s| {
            serde_json::to_value(s).unwrap()["state"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids(&v.validity_states), states);
    let bans = [
        Ban::NotApplicable,
        Ban::NoBan,
        Ban::Running {
            kind: credit_check::lists::sanction::SanctionKind::ProcurementBan,
            until: Some(d),
        },
        Ban::Ended { ended: Some(d) },
        Ban::Unknown { no_sanctions: true },
    ];
    let states: Vec<String> = bans
        .iter()
        .map(|s| {
            serde_json::to_value(s).unwrap()["state"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids(&v.ban_states), states);
}

#[test]
fn every_condition_and_fact_has_its_names() {
    let v = v();
    let named: BTreeSet<&str> = ids(&v.conditions).into_iter().collect();
    let c = Catalogue::embedded().unwrap();
    let tokens = c
        .applicability
        .iter()
        .flat_map(|a| a.condition.split(';'))
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != "-")
        .chain(credit_check::check::ENGINE_FACTS);
    for t in tokens {
        assert!(
            named.contains(t),
            "condition {t} has no names in the vocabulary"
        );
    }
}

#[test]
fn lookup_codes_are_the_batch_bytes() {
    let v = v();
    let codes: Vec<(&str, u8)> = v.lookups.iter().map(|l| (l.id, l.code)).collect();
    assert_eq!(
        codes,
        [
            ("notListed", 0),
            ("listed", 1),
            ("notCovered", 2),
            ("invalidInput", 3),
            ("stale", 4)
        ]
    );
}

#[test]
fn check_characters_by_kind() {
    assert_eq!(
        IdentifierKind::Uscc.calc_check_char("91110108551385082"),
        Ok('Q')
    );
    assert_eq!(IdentifierKind::OrgCode.calc_check_char("55138508"), Ok('2'));
    assert!(IdentifierKind::Uscc.calc_check_char("9111").is_err());
    for k in IdentifierKind::ALL {
        assert!(k.calc_check_char("").is_err(), "{k}");
    }
}

#[test]
fn the_vocabulary_serialises_with_camel_case_keys() {
    let j = serde_json::to_value(v()).unwrap();
    for key in [
        "listTypes",
        "colours",
        "decisions",
        "lookups",
        "scenarios",
        "roles",
        "effects",
        "measureStates",
        "listingStatuses",
        "validityStates",
        "banStates",
        "inspectionDirections",
        "conditions",
        "entityKinds",
        "personRoles",
        "identifierKinds",
    ] {
        assert!(j[key].is_array(), "{key}");
    }
    assert_eq!(j["decisions"][0]["record"]["zh"], "不予通过");
    assert!(j["decisions"][6]["record"].is_null());
}
