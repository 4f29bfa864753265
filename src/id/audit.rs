//! The data-quality gate for record files (item 4 of the measures: lower the duplicate and
//! error code rate, 重错码率): invalid codes, codes with warnings, one code under different
//! names, and one name under different codes.
//!
//! A legacy organisation code and the USCC that embeds it name the same entity, so such a pair
//! under one name is not a conflict.

use crate::id::kind::IdentifierKind;
use crate::id::problem::Problem;
use crate::id::validation::{validate, Options};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One record: a code and the name it was filed under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The identifier as written.
    pub code: String,
    /// The entity's name as written.
    #[serde(default)]
    pub name: String,
}

/// A record with something wrong or unusual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Where the record is: 1-based record number, or the line number the caller gave.
    pub row: usize,
    /// The code as written.
    pub code: String,
    /// The name as written.
    pub name: String,
    /// The kind it was judged as.
    pub kind: Option<IdentifierKind>,
    /// The problems (errors for invalid records, warnings otherwise).
    pub problems: Vec<Problem>,
}

/// Rows that share a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// The differing value (a name, or a code).
    pub value: String,
    /// The rows it stands in.
    pub rows: Vec<usize>,
}

/// One key (a code, or a name) with more than one variant of the other field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The shared code (canonical) or name (normalised).
    pub key: String,
    /// The variants, each with its rows.
    pub variants: Vec<Variant>,
}

/// The audit of a set of records.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Records read.
    pub total: usize,
    /// Records whose code passed without warnings.
    pub valid: usize,
    /// Records whose code passed with warnings.
    pub with_warnings: usize,
    /// Records whose code was rejected.
    pub invalid: usize,
    /// Records that repeat an earlier record's code and name exactly.
    pub duplicates: usize,
    /// (invalid + duplicates + rows in conflicts beyond the first variant) / total: the 重错码率.
    pub error_rate: f64,
    /// Invalid records with their errors.
    pub invalid_records: Vec<Finding>,
    /// Accepted records with warnings.
    pub warning_records: Vec<Finding>,
    /// One code filed under different names.
    pub code_conflicts: Vec<Conflict>,
    /// One name filed under different codes.
    pub name_conflicts: Vec<Conflict>,
}

/// Normalises a name for comparison: full-width to ASCII, white space dropped, brackets unified.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            let c = match c {
                '【' | '〔' | '[' => '(',
                '】' | '〕' | ']' => ')',
                c => c,
            };
            (!c.is_whitespace()).then(|| c.to_ascii_uppercase())
        })
        .collect()
}

/// The entity a code names: a USCC by its embedded organisation code (so the legacy code
/// matches), everything else by its canonical form.
fn entity_key(kind: Option<IdentifierKind>, normalized: &str) -> String {
    match kind {
        Some(IdentifierKind::Uscc) if normalized.len() == 18 => normalized[8..17].to_string(),
        Some(IdentifierKind::OrgCode) => normalized.replace('-', ""),
        _ => normalized.to_string(),
    }
}

/// Audits records; `rows` gives each record's row (e.g. its line in the file), or `None` for
/// 1-based record numbers.
///
/// ```
/// use credit_check::audit::{audit, Record};
/// use credit_check::Options;
/// let r = |code: &str, name: &str| Record { code: code.into(), name: name.into() };
/// let report = audit(
///     &[r("91110108551385082Q", "小米科技有限责任公司"), r("55138508-2", "小米科技有限责任公司"),
///       r("91110108551385082Q", "小米通讯技术有限公司"), r("91110108551385083A", "某公司")],
///     None,
///     &Options::default(),
/// );
/// assert_eq!(report.invalid, 1);
/// assert_eq!(report.code_conflicts.len(), 1); // one code under two names
/// assert!(report.name_conflicts.is_empty()); // the legacy code is the same entity
/// ```
pub fn audit(records: &[Record], rows: Option<&[usize]>, opts: &Options) -> Report {
    let today = opts
        .today
        .unwrap_or_else(crate::id::resident_id::today_in_china);
    let opts = Options {
        today: Some(today),
        ..*opts
    };
    let row_of = |i: usize| rows.and_then(|r| r.get(i).copied()).unwrap_or(i + 1);
    let mut report = Report {
        total: records.len(),
        valid: 0,
        with_warnings: 0,
        invalid: 0,
        duplicates: 0,
        error_rate: 0.0,
        invalid_records: Vec::new(),
        warning_records: Vec::new(),
        code_conflicts: Vec::new(),
        name_conflicts: Vec::new(),
    };
    // code key → (canonical code, name key → (name as first written, rows))
    let mut by_code = ByKey::new();
    // name key → (name as first written, code key → (canonical code, rows))
    let mut by_name = ByKey::new();
    // Ordered, as the maps above are: no SipHash and no per-thread random keys in the wasm for
    // this one set, and no hash a crafted file could flood.
    let mut seen = std::collections::BTreeSet::new();
    for (i, rec) in records.iter().enumerate() {
        let row = row_of(i);
        let v = validate(&rec.code, &opts);
        let finding = |problems: Vec<Problem>| Finding {
            row,
            code: rec.code.clone(),
            name: rec.name.clone(),
            kind: v.kind,
            problems,
        };
        if !v.ok {
            report.invalid += 1;
            report.invalid_records.push(finding(v.errors.clone()));
            continue;
        }
        if v.warnings.is_empty() {
            report.valid += 1;
        } else {
            report.with_warnings += 1;
            report.warning_records.push(finding(v.warnings.clone()));
        }
        let canonical = v.normalized.clone().unwrap_or_default();
        let code_key = entity_key(v.kind, &canonical);
        let nkey = name_key(&rec.name);
        if !seen.insert((canonical.clone(), nkey.clone())) {
            report.duplicates += 1;
        }
        file_row(
            &mut by_code,
            (&code_key, &canonical),
            (&nkey, &rec.name),
            row,
        );
        if nkey.is_empty() {
            continue;
        }
        file_row(
            &mut by_name,
            (&nkey, &rec.name),
            (&code_key, &canonical),
            row,
        );
    }
    report.code_conflicts = conflicts(by_code);
    report.name_conflicts = conflicts(by_name);
    let conflict_rows = conflict_rows(&report);
    if report.total > 0 {
        let bad = report.invalid + report.duplicates + conflict_rows;
        report.error_rate = bad.min(report.total) as f64 / report.total as f64;
    }
    report
}

/// Key → (its value as first written, variant key → (the variant as first written, rows)).
type ByKey = BTreeMap<String, (String, BTreeMap<String, Variant>)>;

/// Files a row under its key and variant, each `(key, value as written)`: the first spelling
/// of each is the one a conflict shows.
fn file_row(
    map: &mut ByKey,
    (key, first): (&str, &str),
    (variant, value): (&str, &str),
    row: usize,
) {
    let (_, variants) = map
        .entry(key.to_string())
        .or_insert_with(|| (first.to_string(), BTreeMap::new()));
    variants
        .entry(variant.to_string())
        .or_insert_with(|| Variant {
            value: value.to_string(),
            rows: Vec::new(),
        })
        .rows
        .push(row);
}

/// The keys written more than one way.
fn conflicts(map: ByKey) -> Vec<Conflict> {
    map.into_values()
        .filter(|(_, variants)| variants.len() > 1)
        .map(|(key, variants)| Conflict {
            key,
            variants: variants.into_values().collect(),
        })
        .collect()
}

/// Each conflict counts the rows of every variant but the most common as wrong.
fn conflict_rows(report: &Report) -> usize {
    report
        .code_conflicts
        .iter()
        .chain(&report.name_conflicts)
        .map(|c| {
            let all: usize = c.variants.iter().map(|v| v.rows.len()).sum();
            all - c.variants.iter().map(|v| v.rows.len()).max().unwrap_or(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(code: &str, name: &str) -> Record {
        Record {
            code: code.into(),
            name: name.into(),
        }
    }

    #[test]
    fn counts_and_conflicts() {
        let records = [
            rec("91110108551385082Q", "小米科技有限责任公司"),
            rec("91110108551385082Q", "小米科技有限责任公司"), // exact duplicate
            rec("91110108551385082Q", "小米 科技（北京）有限公司"),
            rec("110108012660422", "小米科技有限责任公司"), // same name, another entity's code
            rec("91110108551385083A", "坏代码公司"),
            rec("91110228551385082", "缺一位公司"),
        ];
        let report = audit(&records, Some(&[2, 3, 4, 5, 6, 7]), &Options::default());
        assert_eq!(report.total, 6);
        assert_eq!(report.invalid, 2);
        assert_eq!(report.invalid_records[0].row, 6);
        assert_eq!(report.duplicates, 1);
        assert_eq!(report.code_conflicts.len(), 1);
        assert_eq!(report.code_conflicts[0].key, "91110108551385082Q");
        assert_eq!(report.code_conflicts[0].variants.len(), 2);
        assert_eq!(report.name_conflicts.len(), 1);
        assert_eq!(report.name_conflicts[0].variants.len(), 2);
        // invalid 2 + duplicate 1 + one minority row in each conflict.
        assert!(
            (report.error_rate - 5.0 / 6.0).abs() < 1e-9,
            "{}",
            report.error_rate
        );
    }

    #[test]
    fn name_key_ignores_width_space_and_bracket_style() {
        assert_eq!(
            name_key("小米（北京） 有限公司"),
            name_key("小米(北京)有限公司")
        );
        assert_eq!(name_key("ＡＢＣ"), "ABC");
    }

    #[test]
    fn empty_input_gives_zero_rate() {
        let r = audit(&[], None, &Options::default());
        assert_eq!((r.total, r.error_rate), (0, 0.0));
    }
}
