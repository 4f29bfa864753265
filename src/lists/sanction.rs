//! What a list entry's decision imposed (record model v2, issue 11): typed sanctions, each with
//! its own period where it has one — apart from the entry's publication period (公示期). An entry
//! can be past publication and still banned, or published with no ban at all (a fine of 3万元 on
//! the procurement list).
//!
//! A ban whose end the source does not give stays unknown (`end` absent, not `indefinite`): the
//! verdict asks for review, it never picks an end.
//!
//! ```
//! use credit_check::lists::sanction::{Sanction, SanctionKind};
//! let s = Sanction::parse_list("fine 30000; procurementBan 2023-03-01..2024-02-29").unwrap();
//! assert_eq!(s[0].kind, SanctionKind::Fine);
//! assert_eq!(s[0].amount_yuan, Some(30000));
//! let d = |t: &str| t.parse().unwrap();
//! assert_eq!(s[1].running_at(d("2024-02-29")), Some(true));
//! assert_eq!(s[1].running_at(d("2024-03-01")), Some(false));
//! // End not published: unknown, not "over".
//! let u = Sanction::parse_list("procurementBan 2023-03-01..?").unwrap();
//! assert_eq!(u[0].running_at(d("2030-01-01")), None);
//! ```

use super::person::vocabulary;
use super::record::{parse_date, FieldProblem, RecordProblemCode};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

vocabulary! {
    /// What a decision imposed.
    SanctionKind, "sanctions.kind" {
        /// 禁止参加政府采购活动 (supplier): 政府采购法第七十七条, 实施条例第七十二条.
        ProcurementBan = ("procurementBan", "禁止参加政府采购活动", "procurement ban (supplier)"),
        /// 禁止代理政府采购业务 (procurement agency): 实施条例第六十八条.
        AgencyBan = ("agencyBan", "禁止代理政府采购业务", "procurement ban (agency)"),
        /// 取消投标资格 / 取消参加依法必须进行招标的项目的投标资格: 招标投标法第五十三、五十四条.
        BiddingBan = ("biddingBan", "取消投标资格", "bidding disqualification"),
        /// 禁止参加政府采购评审活动 (evaluation expert): 实施条例第七十五条.
        ExpertBan = ("expertBan", "禁止参加政府采购评审活动", "evaluation-expert ban"),
        /// 市场禁入 / 限制从业.
        MarketBan = ("marketBan", "市场禁入或限制从业", "market or practice ban"),
        /// 罚款.
        Fine = ("fine", "罚款", "fine"),
        /// 没收违法所得、没收非法财物.
        Confiscation = ("confiscation", "没收违法所得或非法财物", "confiscation"),
        /// 吊销许可证或者执照.
        LicenceRevocation = ("licenceRevocation", "吊销许可证或执照", "licence revocation"),
        /// 暂扣许可证件 / 降低资质等级.
        LicenceSuspension = ("licenceSuspension", "暂扣许可证件", "licence suspension"),
        /// 责令停产停业 / 责令关闭.
        ProductionSuspension = ("productionSuspension", "责令停产停业", "order to suspend production or business"),
        /// 刑事处罚.
        CriminalPenalty = ("criminalPenalty", "刑事处罚", "criminal penalty"),
        /// 警告 / 通报批评 only.
        Warning = ("warning", "警告或通报批评", "warning or public criticism"),
    }
}

impl SanctionKind {
    /// Whether the sanction runs for a period (a ban, a suspension): its end decides.
    pub fn has_period(self) -> bool {
        matches!(
            self,
            SanctionKind::ProcurementBan
                | SanctionKind::AgencyBan
                | SanctionKind::BiddingBan
                | SanctionKind::ExpertBan
                | SanctionKind::MarketBan
                | SanctionKind::LicenceSuspension
                | SanctionKind::ProductionSuspension
        )
    }

    /// Whether it is an amount of money (fine, confiscation).
    pub fn is_monetary(self) -> bool {
        matches!(self, SanctionKind::Fine | SanctionKind::Confiscation)
    }
}

/// One sanction of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sanction {
    /// What it is.
    pub kind: SanctionKind,
    /// First day (inclusive), when published.
    #[serde(
        default,
        with = "super::record::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<NaiveDate>,
    /// Last day (inclusive, 民法典第二百零三条), when published.
    #[serde(
        default,
        with = "super::record::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<NaiveDate>,
    /// Without a time limit (实施条例第七十五条: an expert ban has none).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indefinite: bool,
    /// Amount in yuan (fines, confiscations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_yuan: Option<u64>,
}

impl Sanction {
    /// A sanction of `kind` with nothing else known.
    pub fn new(kind: SanctionKind) -> Sanction {
        Sanction {
            kind,
            start: None,
            end: None,
            indefinite: false,
            amount_yuan: None,
        }
    }

    /// Whether the sanction runs on `day`: `Some(true)` within its period (or indefinite from
    /// its start), `Some(false)` before its start or after its end, `None` when the end is not
    /// known (or the kind has no period).
    pub fn running_at(&self, day: NaiveDate) -> Option<bool> {
        if !self.kind.has_period() {
            return None;
        }
        if self.start.is_some_and(|s| day < s) {
            return Some(false);
        }
        match self.end {
            Some(end) => Some(day <= end),
            None if self.indefinite => Some(true),
            None => None,
        }
    }

    /// The rules one sanction must meet; `i` is its index for the message.
    pub fn check(&self, out: &mut Vec<FieldProblem>) {
        use RecordProblemCode as C;
        if let (Some(s), Some(e)) = (self.start, self.end) {
            if s > e {
                out.push(
                    FieldProblem::new("sanctions", C::SanctionPeriodOrder)
                        .expected(s.to_string())
                        .found(e.to_string()),
                );
            }
        }
        if !self.kind.has_period() && (self.end.is_some() || self.indefinite) {
            out.push(
                FieldProblem::new("sanctions", C::SanctionPeriodNotApplicable)
                    .found(self.kind.as_str()),
            );
        }
        if self.indefinite && self.end.is_some() {
            out.push(
                FieldProblem::new("sanctions", C::SanctionPeriodOrder)
                    .expected("indefinite")
                    .found(self.end.map(|e| e.to_string()).unwrap_or_default()),
            );
        }
        if self.amount_yuan.is_some() && !self.kind.is_monetary() {
            out.push(
                FieldProblem::new("sanctions", C::SanctionAmountNotApplicable)
                    .found(self.kind.as_str()),
            );
        }
    }

    /// Reads the CSV cell syntax: sanctions separated by `;`, each
    /// `kind [amountYuan] [start..end]`, `end` a date, `?` (not published) or `indefinite`:
    /// `fine 30000; procurementBan 2023-03-01..2024-02-29`, `expertBan 2023-03-01..indefinite`.
    pub fn parse_list(s: &str) -> Result<Vec<Sanction>, FieldProblem> {
        s.split([';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::parse)
            .collect()
    }

    /// The CSV cell form of a list (inverse of [`Sanction::parse_list`]).
    pub fn format_list(list: &[Sanction]) -> String {
        let parts: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        parts.join(";")
    }
}

impl fmt::Display for Sanction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        if let Some(a) = self.amount_yuan {
            write!(f, " {a}")?;
        }
        if self.start.is_some() || self.end.is_some() || self.indefinite {
            f.write_str(" ")?;
            if let Some(s) = self.start {
                write!(f, "{s}")?;
            }
            f.write_str("..")?;
            match (self.end, self.indefinite) {
                (Some(e), _) => write!(f, "{e}")?,
                (None, true) => f.write_str("indefinite")?,
                (None, false) => f.write_str("?")?,
            }
        }
        Ok(())
    }
}

impl FromStr for Sanction {
    type Err = FieldProblem;

    fn from_str(item: &str) -> Result<Sanction, FieldProblem> {
        let syntax = || {
            FieldProblem::invalid_value(
                "sanctions",
                "kind [amountYuan] [start..end|?|indefinite]; …",
                item,
            )
        };
        let mut words = item.split_whitespace();
        let kind: SanctionKind = words.next().ok_or_else(syntax)?.parse()?;
        let mut s = Sanction::new(kind);
        for w in words {
            if let Some((a, b)) = w.split_once("..") {
                s.start = match a {
                    "" => None,
                    a => Some(parse_date("sanctions", a)?),
                };
                match b {
                    "?" | "" => {}
                    "indefinite" => s.indefinite = true,
                    b => s.end = Some(parse_date("sanctions", b)?),
                }
            } else if let Ok(a) = w.parse::<u64>() {
                s.amount_yuan = Some(a);
            } else {
                return Err(syntax());
            }
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_are_inclusive_and_unknown_ends_stay_unknown() {
        let ban: Sanction = "biddingBan 2024-01-10..2025-01-09".parse().unwrap();
        assert_eq!(ban.running_at(d("2024-01-09")), Some(false));
        assert_eq!(ban.running_at(d("2024-01-10")), Some(true));
        assert_eq!(ban.running_at(d("2025-01-09")), Some(true));
        assert_eq!(ban.running_at(d("2025-01-10")), Some(false));
        let expert: Sanction = "expertBan 2020-05-01..indefinite".parse().unwrap();
        assert_eq!(expert.running_at(d("2099-01-01")), Some(true));
        let unknown: Sanction = "procurementBan".parse().unwrap();
        assert_eq!(unknown.running_at(d("2024-01-01")), None);
        let fine: Sanction = "fine 30000".parse().unwrap();
        assert_eq!(fine.running_at(d("2024-01-01")), None);
    }

    #[test]
    fn the_cell_syntax_round_trips() {
        let cell = "fine 30000;procurementBan 2023-03-01..2024-02-29;expertBan 2020-05-01..indefinite;biddingBan ..?;confiscation 1200000";
        let list = Sanction::parse_list(cell).unwrap();
        assert_eq!(list.len(), 5);
        assert_eq!(Sanction::format_list(&list), cell.replace(" ..?", ""));
        assert_eq!(
            Sanction::parse_list(&Sanction::format_list(&list)).unwrap(),
            list
        );
        assert!(Sanction::parse_list("ban 2023").is_err());
        assert!(Sanction::parse_list("fine 3万").is_err());
        assert_eq!(
            Sanction::parse_list("罚款 500").unwrap()[0].kind,
            SanctionKind::Fine
        );
    }

    #[test]
    fn rules_catch_inconsistent_sanctions() {
        let mut out = Vec::new();
        "procurementBan 2024-02-01..2024-01-01"
            .parse::<Sanction>()
            .unwrap()
            .check(&mut out);
        "fine 100 2024-01-01..2024-02-01"
            .parse::<Sanction>()
            .unwrap()
            .check(&mut out);
        "procurementBan 500"
            .parse::<Sanction>()
            .unwrap()
            .check(&mut out);
        let codes: Vec<&str> = out.iter().map(|p| p.code().as_str()).collect();
        assert_eq!(
            codes,
            [
                "SANCTION_PERIOD_ORDER",
                "SANCTION_PERIOD_NOT_APPLICABLE",
                "SANCTION_AMOUNT_NOT_APPLICABLE"
            ]
        );
    }
}
