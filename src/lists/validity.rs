//! Whether a list entry is in force at a cut-off time (截止时点): the first step of a verdict
//! (issue 5). Two clocks, never one (record model v2, issue 11):
//!
//! - **Publication** ([`in_force`]): an entry before its listing date, past its publication end
//!   (公示截止期), repaired or removed is no longer published; a revoked entry (listed in error)
//!   never was. An entry with an objection pending still stands.
//! - **The ban** ([`ban_at`]): a procurement ban, a bidding disqualification or a market ban runs
//!   for the period its decision fixes, whatever publication does. On a ban list
//!   (政府采购严重违法失信记录 `LT-ZFCG`, 招标投标 `LT-ZTB-QX`) the ban measures fire only within
//!   it: a fine without a ban does not block, a ban past publication still does, and a ban whose
//!   end is not published cannot be judged and says so.
//!
//! Dates are calendar days in China (Asia/Shanghai, UTC+8 all year: no daylight saving since
//! 1991), and every bound is inclusive: an entry listed on 2025-03-01 with its term ending
//! 2028-03-01 is in force on both days, and not on 2028-03-02.

use crate::lists::record::{ListRecord, ListType, ListingStatus, SanctionKind};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Serialize, Serializer};

/// A date as Chinese text reads it: `2026年4月1日`.
pub fn zh_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

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
    /// The cut-off is after the publication end (公示截止期).
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
    /// Revoked as listed in error (撤销): the entry never applied, whatever the cut-off.
    Revoked {
        /// When it was revoked.
        on: Option<NaiveDate>,
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
            InForce::TermEnded { ended } => format!("公示期已于{ended}届满"),
            InForce::Repaired { on } => format!("已于{on}完成信用修复"),
            InForce::Removed { on } => format!("已于{on}移出名单"),
            InForce::Revoked { .. } => "该记录已被撤销（错误列入），自始不适用".into(),
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
            InForce::TermEnded { ended } => format!("publication ended on {ended}"),
            InForce::Repaired { on } => format!("repaired on {on}"),
            InForce::Removed { on } => format!("removed from the list on {on}"),
            InForce::Revoked { .. } => "revoked as listed in error: it never applied".into(),
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
            InForce::Revoked { on } => ("revoked", on),
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

/// Whether `r` is published and in force on `cutoff` (a date in China; see [`china_date`]).
pub fn in_force(r: &ListRecord, cutoff: NaiveDate) -> InForce {
    if r.status == ListingStatus::Revoked {
        return InForce::Revoked { on: r.status_date };
    }
    if cutoff < r.listed_at {
        return InForce::NotYetListed {
            listed_at: r.listed_at,
        };
    }
    match (r.status, r.status_date) {
        (ListingStatus::Active | ListingStatus::ObjectionPending | ListingStatus::Revoked, _) => {}
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
        None => InForce::InForce,
    }
}

/// The state of the ban an entry's decision imposed, on a cut-off date ([`ban_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ban {
    /// The list's measures do not hang on a ban (judgment defaulters, red lists, …).
    NotApplicable,
    /// The decision imposed no ban of the kinds that matter here (a fine only).
    NoBan,
    /// A ban runs on the cut-off; `until` is its last day (`None`: without time limit).
    Running {
        /// What it is.
        kind: SanctionKind,
        /// Last day, inclusive.
        until: Option<NaiveDate>,
    },
    /// Every ban that matters had ended (or not yet begun) by the cut-off.
    Ended {
        /// The latest end.
        ended: Option<NaiveDate>,
    },
    /// Whether a ban runs cannot be told: the source does not say what was imposed, or gives a
    /// ban without its end. Never "not banned".
    Unknown {
        /// Nothing published about sanctions at all (else: a ban without its end).
        no_sanctions: bool,
    },
}

impl Ban {
    /// Whether a ban runs or may run (so the ban measures still bear on the entry even after
    /// publication ended).
    pub fn may_run(self) -> bool {
        matches!(self, Ban::Running { .. } | Ban::Unknown { .. })
    }

    /// The state in Chinese.
    pub fn reason_zh(self) -> String {
        match self {
            Ban::NotApplicable => "该名单的措施不以禁止期限为条件".into(),
            Ban::NoBan => "处罚未包含禁止参加相关活动的内容（如仅罚款）".into(),
            Ban::Running {
                kind,
                until: Some(d),
            } => {
                format!("{}期限至{}，截止时点在期限内", kind.name_zh(), zh_date(d))
            }
            Ban::Running { kind, until: None } => format!("{}无期限", kind.name_zh()),
            Ban::Ended { ended: Some(d) } => format!("禁止期限已于{}届满", zh_date(d)),
            Ban::Ended { ended: None } => "截止时点不在禁止期限内".into(),
            Ban::Unknown { no_sanctions: true } => {
                "名单记录未载明处罚内容，无法判断是否在禁止期内".into()
            }
            Ban::Unknown {
                no_sanctions: false,
            } => "记录未载明禁止期限的截止日期，无法判断是否在禁止期内".into(),
        }
    }

    /// The state in English.
    pub fn reason_en(self) -> String {
        match self {
            Ban::NotApplicable => "this list's measures do not depend on a ban period".into(),
            Ban::NoBan => "the decision imposed no ban of this kind (a fine only, say)".into(),
            Ban::Running {
                kind,
                until: Some(d),
            } => {
                format!("{} until {d}: the cut-off falls within it", kind.name_en())
            }
            Ban::Running { kind, until: None } => {
                format!("{} without time limit", kind.name_en())
            }
            Ban::Ended { ended: Some(d) } => format!("the ban ended on {d}"),
            Ban::Ended { ended: None } => "the cut-off is outside the ban period".into(),
            Ban::Unknown { no_sanctions: true } => {
                "the entry does not say what was imposed: whether a ban runs cannot be told".into()
            }
            Ban::Unknown {
                no_sanctions: false,
            } => "the ban's end is not published: whether it runs cannot be told".into(),
        }
    }
}

/// `{state, kind?, date?, reason, reasonEn}`: `state` one of `notApplicable`, `noBan`,
/// `running`, `ended`, `unknown`.
impl Serialize for Ban {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (state, kind, date) = match *self {
            Ban::NotApplicable => ("notApplicable", None, None),
            Ban::NoBan => ("noBan", None, None),
            Ban::Running { kind, until } => ("running", Some(kind), until),
            Ban::Ended { ended } => ("ended", None, ended),
            Ban::Unknown { .. } => ("unknown", None, None),
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("state", state)?;
        if let Some(k) = kind {
            m.serialize_entry("kind", k.as_str())?;
        }
        if let Some(d) = date {
            m.serialize_entry("date", &d.to_string())?;
        }
        m.serialize_entry("reason", &self.reason_zh())?;
        m.serialize_entry("reasonEn", &self.reason_en())?;
        m.end()
    }
}

/// The sanction kinds whose period decides a ban measure for an entry of `list` checked in
/// `role`: on the procurement list an agency's ban (实施条例第六十八条) restricts agency work, an
/// expert's (第七十五条) evaluation, a supplier's (政府采购法第七十七条) supplying.
pub fn ban_kinds(list: ListType, role: &str) -> &'static [SanctionKind] {
    match (list, role) {
        (ListType::ProcurementViolations, "agency") => &[SanctionKind::AgencyBan],
        (ListType::ProcurementViolations, "expert") => &[SanctionKind::ExpertBan],
        (ListType::ProcurementViolations, _) => &[SanctionKind::ProcurementBan],
        _ => list.ban_kinds(),
    }
}

/// The ban of `r` on `cutoff` for a check in `role` ([`ban_kinds`]).
pub fn ban_at(r: &ListRecord, role: &str, cutoff: NaiveDate) -> Ban {
    let kinds = ban_kinds(r.list_type, role);
    if kinds.is_empty() {
        return Ban::NotApplicable;
    }
    if r.sanctions.is_empty() {
        return Ban::Unknown { no_sanctions: true };
    }
    let mut unknown = false;
    let mut ended: Option<NaiveDate> = None;
    let mut any = false;
    for s in r.sanctions.iter().filter(|s| kinds.contains(&s.kind)) {
        any = true;
        match s.running_at(cutoff) {
            Some(true) => {
                return Ban::Running {
                    kind: s.kind,
                    until: s.end,
                }
            }
            Some(false) => ended = ended.max(s.end),
            None => unknown = true,
        }
    }
    if unknown {
        Ban::Unknown {
            no_sanctions: false,
        }
    } else if any {
        Ban::Ended { ended }
    } else {
        Ban::NoBan
    }
}
