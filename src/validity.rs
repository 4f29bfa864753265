//! Whether a list entry is in force at a cut-off time (截止时点): the first step of a verdict
//! (issue 5). An entry before its listing date, after its term, repaired or removed neither fires
//! nor shows; a ban-list entry (政府采购严重违法失信记录 `LT-ZFCG`, 招标投标 `LT-ZTB-QX`) fires only
//! within the ban period its decision fixes, so one without a term cannot be judged and says so.
//!
//! Dates are calendar days in China (Asia/Shanghai, UTC+8 all year: no daylight saving since
//! 1991), and every bound is inclusive: an entry listed on 2025-03-01 with its term ending
//! 2028-03-01 is in force on both days, and not on 2028-03-02.

use crate::snapshot::record::{ListRecord, ListingStatus};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Serialize, Serializer};

/// The calendar date in China at instant `t` (the cut-off given as a time).
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    (t + Duration::hours(8)).date_naive()
}

/// Whether an entry is in force at a cut-off date, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForce {
    /// In force: it fires and shows.
    InForce,
    /// The cut-off is before the listing date.
    NotYetListed {
        /// The listing date.
        listed_at: NaiveDate,
    },
    /// The cut-off is after the term's (maximum) end.
    TermEnded {
        /// The last day in force.
        ended: NaiveDate,
    },
    /// Repaired (信用修复) on or before the cut-off.
    Repaired {
        /// The repair date.
        on: NaiveDate,
    },
    /// Removed (移出) on or before the cut-off.
    Removed {
        /// The removal date.
        on: NaiveDate,
    },
    /// A ban-list entry without its ban period, or a repaired/removed entry without its date:
    /// whether it is in force cannot be told. Never treated as "not listed".
    Undetermined {
        /// What is missing (English).
        missing: &'static str,
    },
}

impl InForce {
    /// Whether the entry fires and shows.
    pub fn fires(self) -> bool {
        self == InForce::InForce
    }

    /// The reason in Chinese.
    pub fn reason_zh(self) -> String {
        match self {
            InForce::InForce => "截止时点在公示期内".into(),
            InForce::NotYetListed { listed_at } => format!("截止时点早于列入日期{listed_at}"),
            InForce::TermEnded { ended } => format!("公示期或禁止期已于{ended}届满"),
            InForce::Repaired { on } => format!("已于{on}完成信用修复"),
            InForce::Removed { on } => format!("已于{on}移出名单"),
            InForce::Undetermined { missing } => match missing {
                "term" => "缺少禁止期限，无法判断是否在禁止期内".into(),
                _ => "缺少状态变更日期，无法判断".into(),
            },
        }
    }

    /// The reason in English.
    pub fn reason_en(self) -> String {
        match self {
            InForce::InForce => "the cut-off falls within the entry's term".into(),
            InForce::NotYetListed { listed_at } => {
                format!("the cut-off is before the listing date {listed_at}")
            }
            InForce::TermEnded { ended } => format!("the term ended on {ended}"),
            InForce::Repaired { on } => format!("repaired on {on}"),
            InForce::Removed { on } => format!("removed from the list on {on}"),
            InForce::Undetermined { missing } => {
                format!("cannot tell whether it is in force: no {missing}")
            }
        }
    }
}

/// `{state, date?, reason, reasonEn}`: `state` one of `inForce`, `notYetListed`, `termEnded`,
/// `repaired`, `removed`, `undetermined`; dates as `YYYY-MM-DD`.
impl Serialize for InForce {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (state, date) = match *self {
            InForce::InForce => ("inForce", None),
            InForce::NotYetListed { listed_at } => ("notYetListed", Some(listed_at)),
            InForce::TermEnded { ended } => ("termEnded", Some(ended)),
            InForce::Repaired { on } => ("repaired", Some(on)),
            InForce::Removed { on } => ("removed", Some(on)),
            InForce::Undetermined { .. } => ("undetermined", None),
        };
        let mut st = s.serialize_struct("InForce", 4)?;
        st.serialize_field("state", state)?;
        if let Some(d) = date {
            st.serialize_field("date", &d.to_string())?;
        }
        st.serialize_field("reason", &self.reason_zh())?;
        st.serialize_field("reasonEn", &self.reason_en())?;
        st.end()
    }
}

/// Whether `r` is in force on `cutoff` (a date in China; see [`china_date`]).
pub fn in_force(r: &ListRecord, cutoff: NaiveDate) -> InForce {
    if cutoff < r.listed_at {
        return InForce::NotYetListed {
            listed_at: r.listed_at,
        };
    }
    match (r.status, r.status_date) {
        (ListingStatus::Active, _) => {}
        // A status change after the cut-off: the entry still stood then.
        (_, Some(d)) if d > cutoff => {}
        (ListingStatus::Repaired, Some(on)) => return InForce::Repaired { on },
        (ListingStatus::Removed, Some(on)) => return InForce::Removed { on },
        (_, None) => {
            return InForce::Undetermined {
                missing: "status date",
            }
        }
    }
    match r.term.max_end {
        Some(ended) if cutoff > ended => InForce::TermEnded { ended },
        Some(_) => InForce::InForce,
        None if r.list_type.requires_term() => InForce::Undetermined { missing: "term" },
        None => InForce::InForce,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::record::{EntityKind, ListType, Term};
    use chrono::TimeZone;

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
            // A ban list without its ban period cannot be judged.
            (
                rec(zfcg, "2025-03-01", None),
                "2026-01-01",
                InForce::Undetermined { missing: "term" },
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
}
