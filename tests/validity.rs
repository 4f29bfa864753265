//! Record validity (`src/lists/validity.rs`): terms, sanctions' periods, expiry and repair
//! rules, through the public API. Moved out of the source file (issue 14).
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]

use chrono::TimeZone;
use chrono::{NaiveDate, Utc};
use credit_check::lists::record::{EntityKind, Term};
use credit_check::lists::record::{ListRecord, ListType, ListingStatus};
use credit_check::lists::validity::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rec(list: ListType, listed: &str, max_end: Option<&str>) -> ListRecord {
    let mut r = ListRecord::new(EntityKind::LegalEntity, list, d(listed));
    r.term = Term {
        min_end: None,
        max_end: max_end.map(d),
    };
    r
}

#[test]
fn cut_off_dates_are_chinese_calendar_days() {
    // 2026-01-01 16:00 UTC is already 2026-01-02 in China.
    let t = Utc.with_ymd_and_hms(2026, 1, 1, 16, 0, 0).unwrap();
    assert_eq!(china_date(t), d("2026-01-02"));
    let t = Utc.with_ymd_and_hms(2026, 1, 1, 15, 59, 59).unwrap();
    assert_eq!(china_date(t), d("2026-01-01"));
}

#[test]
fn every_edge_of_the_term() {
    let zfcg = ListType::ProcurementViolations;
    let defaulters = ListType::ALL[0];
    let cases: &[(ListRecord, &str, InForce)] = &[
        // One day before and on the listing date.
        (
            rec(defaulters, "2025-03-01", None),
            "2025-02-28",
            InForce::NotYetListed {
                listed_at: d("2025-03-01"),
            },
        ),
        (
            rec(defaulters, "2025-03-01", None),
            "2025-03-01",
            InForce::InForce,
        ),
        // On the last day of the term, and the day after.
        (
            rec(zfcg, "2025-03-01", Some("2028-03-01")),
            "2028-03-01",
            InForce::InForce,
        ),
        (
            rec(zfcg, "2025-03-01", Some("2028-03-01")),
            "2028-03-02",
            InForce::TermEnded {
                ended: d("2028-03-01"),
            },
        ),
        // A ban list's entry without a publication end stays published.
        (
            rec(zfcg, "2025-03-01", None),
            "2026-01-01",
            InForce::InForce,
        ),
        // Lists without a term stay until removed.
        (
            rec(defaulters, "2015-03-01", None),
            "2026-11-27",
            InForce::InForce,
        ),
    ];
    for (r, cutoff, want) in cases {
        assert_eq!(in_force(r, d(cutoff)), *want, "{cutoff} {:?}", r.term);
    }
}

#[test]
fn repair_and_removal_count_from_their_date() {
    let mut r = rec(ListType::ALL[0], "2024-01-01", None);
    r.status = ListingStatus::Repaired;
    r.status_date = Some(d("2026-11-26"));
    // Repaired the day before the cut-off: not in force.
    assert_eq!(
        in_force(&r, d("2026-11-27")),
        InForce::Repaired {
            on: d("2026-11-26")
        }
    );
    // A cut-off before the repair: it still stood.
    assert_eq!(in_force(&r, d("2026-11-25")), InForce::InForce);
    // On the repair day itself it no longer stands.
    assert!(!in_force(&r, d("2026-11-26")).fires());
    r.status = ListingStatus::Removed;
    assert_eq!(
        in_force(&r, d("2026-11-27")),
        InForce::Removed {
            on: d("2026-11-26")
        }
    );
    r.status_date = None;
    assert_eq!(
        in_force(&r, d("2026-11-27")),
        InForce::Undetermined {
            missing: "status date"
        }
    );
}

#[test]
fn reasons_are_bilingual() {
    for s in [
        InForce::InForce,
        InForce::NotYetListed {
            listed_at: d("2025-01-01"),
        },
        InForce::TermEnded {
            ended: d("2025-01-01"),
        },
        InForce::Repaired {
            on: d("2025-01-01"),
        },
        InForce::Removed {
            on: d("2025-01-01"),
        },
        InForce::Undetermined { missing: "term" },
        InForce::Undetermined {
            missing: "status date",
        },
    ] {
        assert!(!s.reason_zh().is_ascii());
        assert!(s.reason_en().is_ascii());
        let v = serde_json::to_value(s).unwrap();
        assert!(v["state"].is_string() && v["reason"].is_string());
    }
}

#[test]
fn the_ban_runs_on_its_own_clock() {
    use credit_check::lists::record::Sanction;
    let zfcg = ListType::ProcurementViolations;
    let with = |cell: &str| {
        let mut r = rec(zfcg, "2024-03-01", Some("2025-02-28"));
        r.sanctions = Sanction::parse_list(cell).unwrap();
        r
    };
    let cut = d("2026-01-10");
    // Publication over, ban still running: 财库〔2016〕125号 rejects within the ban.
    let r = with("fine 30000; procurementBan 2024-03-01..2027-02-28");
    assert_eq!(
        in_force(&r, cut),
        InForce::TermEnded {
            ended: d("2025-02-28")
        }
    );
    assert!(matches!(ban_at(&r, "applicant", cut), Ban::Running { .. }));
    // A fine without a ban: nothing to run.
    assert_eq!(ban_at(&with("fine 30000"), "applicant", cut), Ban::NoBan);
    // The last day counts (民法典第二百零三条), the next does not.
    let r = with("procurementBan 2024-03-01..2026-01-10");
    assert!(matches!(ban_at(&r, "applicant", cut), Ban::Running { .. }));
    assert_eq!(
        ban_at(&r, "applicant", d("2026-01-11")),
        Ban::Ended {
            ended: Some(d("2026-01-10"))
        }
    );
    // Unpublished end or no sanction at all: unknown, never "not banned".
    assert_eq!(
        ban_at(&with("procurementBan 2024-03-01..?"), "applicant", cut),
        Ban::Unknown {
            no_sanctions: false
        }
    );
    assert_eq!(
        ban_at(&rec(zfcg, "2024-03-01", None), "applicant", cut),
        Ban::Unknown { no_sanctions: true }
    );
    // An agency's ban restricts agency work, not supplying.
    let agency = with("agencyBan 2024-03-01..2027-02-28");
    assert_eq!(ban_at(&agency, "applicant", cut), Ban::NoBan);
    assert!(matches!(
        ban_at(&agency, "agency", cut),
        Ban::Running { .. }
    ));
    // An expert ban has no time limit (实施条例第七十五条).
    let expert = with("expertBan 2020-01-01..indefinite");
    assert!(matches!(
        ban_at(&expert, "expert", d("2040-01-01")),
        Ban::Running { until: None, .. }
    ));
    // Lists whose measures do not hang on a ban.
    let r = rec(ListType::JudgmentDefaulters, "2024-03-01", None);
    assert_eq!(ban_at(&r, "applicant", cut), Ban::NotApplicable);
}

#[test]
fn revoked_entries_never_applied_and_objections_leave_them_standing() {
    let mut r = rec(ListType::JudgmentDefaulters, "2024-01-01", None);
    r.status = ListingStatus::Revoked;
    r.status_date = Some(d("2025-06-01"));
    // Even a cut-off before the revocation: listed in error, it never applied.
    assert_eq!(
        in_force(&r, d("2024-06-01")),
        InForce::Revoked {
            on: Some(d("2025-06-01"))
        }
    );
    r.status = ListingStatus::ObjectionPending;
    assert_eq!(in_force(&r, d("2025-07-01")), InForce::InForce);
}
