//! The measure catalogue (联合奖惩措施) as versioned data: `data/catalogue/v2/*.tsv`, described
//! in `docs/catalogue.md`. This module reads it (the embedded default, or any text with the same
//! columns) and answers which catalogued measures apply to a list type in a scenario for a role.
//! Measures are closed-world: only what the catalogue lists can fire; [`crate::check`] uses it.
//!
//! It travels as a *bundle*: the tables' text in a small JSON document, carried signed inside a
//! snapshot (section `CATALOGUE`) or embedded in the build as the default. Its SHA-256 names the
//! exact catalogue a check record was made with.

use crate::lists::record::{CreditClass, ListType};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What a measure does, in precedence order (a block outranks everything; an incentive never
/// overrides a block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Effect {
    /// Reduced inspection (激励: 降低抽查比例).
    ReducedInspection,
    /// Acceptance on commitment (告知承诺 / 容缺受理) allowed.
    AllowCommitment,
    /// Green channel (绿色通道).
    GreenChannel,
    /// Priority under equal conditions (同等条件下优先).
    Priority,
    /// A warning shown to the officer.
    Warn,
    /// Manual review required.
    Review,
    /// Rejected.
    Block,
}

impl Effect {
    fn parse(s: &str) -> Option<Effect> {
        Some(match s {
            "block" => Effect::Block,
            "review" => Effect::Review,
            "warn" => Effect::Warn,
            "priority" => Effect::Priority,
            "green_channel" => Effect::GreenChannel,
            "allow_commitment" => Effect::AllowCommitment,
            "reduced_inspection" => Effect::ReducedInspection,
            _ => return None,
        })
    }

    /// Whether it is an incentive (red-list effect).
    pub fn is_incentive(self) -> bool {
        self < Effect::Warn
    }
}

/// One measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// Stable id, e.g. `M-PROC-REJ`.
    pub id: String,
    /// Text in Chinese.
    pub text_zh: String,
    /// Text in English.
    pub text_en: String,
    /// What it does.
    pub effect: Effect,
    /// Legal basis as catalogued.
    pub legal_basis: String,
    /// Edition (national basic list, provincial supplement, or document), document ids
    /// (`D-CK2016-125`) spelled out as their numbers (`财库〔2016〕125号`) when read.
    pub edition: String,
    /// Source tag from the research tables (`[S]`, `[I]`, `[seed]` …).
    pub source_tag: String,
    /// `yes`, `partly` or `no`: whether the source text could be checked.
    pub verified: String,
}

/// One applicability row: this measure applies to entries of this list type (`None`: any list,
/// on its condition) in this scenario for this role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applicability {
    /// The list type (`*` in the file: none in particular).
    pub list_type: Option<ListType>,
    /// Scenario id, e.g. `SC-ZFCG-SUPPLIER`.
    pub scenario: String,
    /// Role of the party: `applicant`, `consortiumMember`, `legalRepresentative`, …
    pub role: String,
    /// Measure id.
    pub measure: String,
    /// A condition (`within_ban_period`, `class=A`, …; empty when none).
    pub condition: String,
}

/// A credit commitment type (信用承诺类型).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentType {
    /// Stable id, e.g. `CT-SPTD`.
    pub id: String,
    /// Name in Chinese (主动型, 审批替代型, 信用修复型, 行业自律型).
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// The scenario it is accepted in (a scenario id), or a note when it is only recorded.
    pub scenario: String,
    /// Whether an entity on a serious black list may use it.
    pub serious_black_list_may_use: bool,
}

/// Graded supervision (分级分类监管): what a credit class means for inspections. Local data:
/// the catalogued ratios are examples, not law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InspectionRatio {
    /// The class.
    pub credit_class: CreditClass,
    /// What it means, in Chinese.
    pub description_zh: String,
    /// `lower`, `normal` or `higher` than the ordinary sampling.
    pub direction: String,
    /// The sampling ratio, e.g. `5%`.
    pub ratio: String,
    /// 重点关注.
    pub focus: bool,
    /// Whether the ratio is an example (the default data) rather than a local rule.
    pub is_example: bool,
    /// Where the ratio comes from.
    pub source: String,
}

/// A figure the law fixes for a time (`thresholds.tsv`), e.g. the 较大数额罚款 of 政府采购法第二十二条
/// (200万元 from 2022-02-08, 财库〔2022〕3号). Versioned: a cut-off outside every row's dates
/// has no figure, and what depends on it is asked of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Threshold {
    /// Stable id, e.g. `T-MAJOR-FINE`.
    pub id: String,
    /// The figure (yuan for money).
    pub value: u64,
    /// First day in force.
    #[serde(with = "crate::lists::record::date")]
    pub from: chrono::NaiveDate,
    /// Last day in force, if it has ended.
    #[serde(with = "crate::lists::record::opt_date")]
    pub to: Option<chrono::NaiveDate>,
    /// The text that fixes it.
    pub legal_basis: String,
}

/// Where to object to one list's entries (`objection_routes.tsv`): a court's list goes to the
/// executing court, an administrative penalty to reconsideration or litigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectionRoute {
    /// List type id.
    pub list_type: String,
    /// The route, in Chinese.
    pub route_zh: String,
    /// The route, in English.
    pub route_en: String,
    /// Its basis, as an officer cites it.
    pub legal_basis: String,
}

/// A credit repair rule for a tier and an edition (`repair_rules.tsv`): 国家发展改革委令第58号
/// until 2026-03-31, 令第36号 from 2026-04-01, SAMR's own from 2025-12-25.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairRule {
    /// Stable id.
    pub id: String,
    /// The rule's edition (document).
    pub edition: String,
    /// First day in force.
    #[serde(with = "crate::lists::record::date")]
    pub from: chrono::NaiveDate,
    /// Last day in force.
    #[serde(with = "crate::lists::record::opt_date")]
    pub to: Option<chrono::NaiveDate>,
    /// `minor`, `general` or `serious`.
    pub tier: String,
    /// Shortest publication before repair (`3m`, `1y`).
    pub min_publication: String,
    /// Longest publication.
    pub max_publication: String,
    /// Who repairs, in Chinese.
    pub who_zh: String,
}

/// A scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// Stable id.
    pub id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Roles a party may have in it.
    pub roles: Vec<String>,
}

/// The catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    /// Version, e.g. `v1`.
    pub version: String,
    /// SHA-256 (hex) of the canonical bundle it was read from.
    pub digest: String,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// Measures.
    pub measures: Vec<Measure>,
    /// Applicability rows.
    pub applicability: Vec<Applicability>,
    /// Credit commitment types.
    pub commitment_types: Vec<CommitmentType>,
    /// Graded supervision by credit class.
    pub inspection_ratios: Vec<InspectionRatio>,
    /// Document ids (`D-CK2016-125`) → document numbers (`财库〔2016〕125号`).
    pub documents: BTreeMap<String, String>,
    /// Versioned figures.
    pub thresholds: Vec<Threshold>,
    /// Objection routes by list type.
    pub objection_routes: Vec<ObjectionRoute>,
    /// Credit repair rules by edition and tier.
    pub repair_rules: Vec<RepairRule>,
}

/// The tables a bundle carries, by file name.
pub const TABLES: [&str; 9] = [
    "applicability.tsv",
    "commitment_types.tsv",
    "documents.tsv",
    "inspection_ratios.tsv",
    "measures.tsv",
    "objection_routes.tsv",
    "repair_rules.tsv",
    "scenarios.tsv",
    "thresholds.tsv",
];

/// The catalogue as it travels: its version and the text of each table. Serialised canonically
/// (keys sorted, no white space) its SHA-256 is the catalogue's digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always `credit-check-catalogue`.
    pub format: String,
    /// Version, e.g. `v1`.
    pub version: String,
    /// File name → text.
    pub tables: BTreeMap<String, String>,
}

/// The format name a bundle carries.
pub const BUNDLE_FORMAT: &str = "credit-check-catalogue";

/// The columns the checker reads, per table of [`TABLES`]: a bundle carries only these. The
/// provenance columns (sources with their URLs, verification notes) stay in the repository's
/// TSV files, which are the source of truth.
const COLUMNS: [&[&str]; 9] = [
    &[
        "list_type_id",
        "scenario_id",
        "role",
        "measure_id",
        "effect",
        "condition",
        "source_tag",
        "verified",
    ],
    &[
        "id",
        "type_zh",
        "type_en",
        "scenario",
        "serious_black_list_may_use",
    ],
    &["id", "doc_number"],
    &[
        "credit_class",
        "description_zh",
        "direction",
        "example_ratio",
        "focus_flag",
        "is_example",
        "example_source",
    ],
    &[
        "id",
        "text_zh",
        "text_en",
        "effect",
        "legal_basis",
        "edition",
        "source_tag",
        "verified",
    ],
    &["list_type_id", "route_zh", "route_en", "legal_basis"],
    &[
        "id",
        "edition",
        "in_force_from",
        "in_force_to",
        "tier",
        "min_publication",
        "max_publication",
        "who_repairs_zh",
    ],
    &["id", "name_zh", "name_en", "roles"],
    &["id", "value", "in_force_from", "in_force_to", "legal_basis"],
];

/// The bundle embedded in this build: `data/catalogue/v2.bundle.json`, made from
/// `data/catalogue/v2/` by [`Bundle::from_tables`] (a test keeps the two in step).
const EMBEDDED_BUNDLE: &str = include_str!("../../data/catalogue/v2.bundle.json");

impl Bundle {
    /// The bundle of the catalogue embedded in this build.
    pub fn embedded() -> Result<Bundle, CatalogueError> {
        Bundle::from_json(EMBEDDED_BUNDLE)
    }

    /// A bundle from the full tables (file name → TSV text, as in `data/catalogue/v2/`): each
    /// table cut to the columns the checker reads, then read as a catalogue, so a bundle that
    /// is made is one that loads.
    pub fn from_tables(
        version: &str,
        tables: &BTreeMap<String, String>,
    ) -> Result<Bundle, CatalogueError> {
        let mut out = BTreeMap::new();
        for (name, cols) in TABLES.iter().copied().zip(COLUMNS) {
            let text = tables.get(name).ok_or(CatalogueError {
                code: CatalogueErrorCode::TableMissing,
                file: name,
                line: 0,
                message: "table missing".into(),
            })?;
            let mut compact = cols.join("\t");
            compact.push('\n');
            for (line, r) in rows(name, text)? {
                let cells = cols
                    .iter()
                    .map(|c| cell(&r, name, line, c))
                    .collect::<Result<Vec<&str>, _>>()?;
                compact.push_str(&cells.join("\t"));
                compact.push('\n');
            }
            out.insert(name.to_string(), compact);
        }
        let b = Bundle {
            format: BUNDLE_FORMAT.into(),
            version: version.into(),
            tables: out,
        };
        Catalogue::from_bundle(&b)?;
        Ok(b)
    }

    /// The canonical JSON text (what is signed into a snapshot and hashed).
    pub fn to_json(&self) -> String {
        // A struct of strings and a BTreeMap: serialisation cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 (hex) of the canonical text.
    pub fn digest(&self) -> String {
        crate::snapshot::signature::hex_encode(&Sha256::digest(self.to_json().as_bytes()))
    }

    /// Reads a bundle's JSON text.
    pub fn from_json(text: &str) -> Result<Bundle, CatalogueError> {
        let not_json = |line: usize, message: String| CatalogueError {
            code: CatalogueErrorCode::NotJson,
            file: "bundle",
            line,
            message,
        };
        // Through the strict reader the snapshot header uses (a repeated table is refused, not
        // taken twice); serde's derived reader for this one struct was a copy of its own.
        let json = crate::json::Json::parse(text.as_bytes())
            .map_err(|e| not_json(e.line(), e.to_string()))?;
        let read = |json: &crate::json::Json| -> Result<Bundle, String> {
            let o = json.object(&["format", "version", "tables"])?;
            Ok(Bundle {
                format: o.string("format")?,
                version: o.string("version")?,
                tables: o.texts("tables")?,
            })
        };
        let b = read(&json).map_err(|m| not_json(1, m))?;
        if b.format != BUNDLE_FORMAT {
            return Err(CatalogueError {
                code: CatalogueErrorCode::WrongFormat,
                file: "bundle",
                line: 1,
                message: format!("format '{}' is not {BUNDLE_FORMAT}", b.format),
            });
        }
        Ok(b)
    }
}

crate::error::error_codes! {
    /// Why catalogue text was refused, as a stable code (the catalogue layer's code enum).
    pub enum CatalogueErrorCode {
        /// A table the catalogue needs is missing.
        TableMissing => "CATALOGUE_TABLE_MISSING",
        /// A bundle that is not valid JSON.
        NotJson => "CATALOGUE_NOT_JSON",
        /// A bundle of another format.
        WrongFormat => "CATALOGUE_WRONG_FORMAT",
        /// A table with no header line.
        EmptyFile => "CATALOGUE_EMPTY_FILE",
        /// A row with another number of cells than the header.
        CellCount => "CATALOGUE_CELL_COUNT",
        /// A column the table needs is missing.
        ColumnMissing => "CATALOGUE_COLUMN_MISSING",
        /// A cell that must have a value is empty.
        ValueMissing => "CATALOGUE_VALUE_MISSING",
        /// A cell's value is not one the column allows, or names nothing known.
        InvalidValue => "CATALOGUE_INVALID_VALUE",
    }
}

impl CatalogueErrorCode {
    fn summary_zh(self) -> &'static str {
        match self {
            CatalogueErrorCode::TableMissing => "缺少数据表",
            CatalogueErrorCode::NotJson => "不是有效的JSON",
            CatalogueErrorCode::WrongFormat => "格式标识不符",
            CatalogueErrorCode::EmptyFile => "文件为空",
            CatalogueErrorCode::CellCount => "单元格数与表头不符",
            CatalogueErrorCode::ColumnMissing => "缺少列",
            CatalogueErrorCode::ValueMissing => "缺少必填值",
            CatalogueErrorCode::InvalidValue => "值无效",
        }
    }
}

/// Why catalogue text was refused: a code, the file, the line and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// What kind of refusal.
    pub code: CatalogueErrorCode,
    /// The file.
    pub file: &'static str,
    /// 1-based line.
    pub line: usize,
    /// What is wrong (English).
    pub message: String,
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CatalogueError {}

impl crate::error::CodedError for CatalogueError {
    type Code = CatalogueErrorCode;
    fn kind(&self) -> CatalogueErrorCode {
        self.code
    }
    /// The English message is the detail; the Chinese one names the file, the line and the kind,
    /// and quotes the detail.
    fn text(&self) -> crate::error::Message {
        crate::error::Message::new(
            format!(
                "措施清单{}第{}行：{}（{}）",
                self.file,
                self.line,
                self.code.summary_zh(),
                self.message
            ),
            format!("{}:{}: {}", self.file, self.line, self.message),
        )
    }
    fn location(&self) -> Option<crate::error::Location> {
        Some(crate::error::Location::Line {
            file: Some(self.file.into()),
            line: self.line,
            column: None,
        })
    }
}

/// A TSV row: its 1-based line and its cells with their column names. A list, not a hash map:
/// a dozen columns are found as fast by looking along them, and the map's hashing was compiled
/// into every lookup.
type Row<'a> = (usize, Vec<(&'a str, &'a str)>);

/// The rows of a TSV as maps from header to cell, with their line numbers.
fn rows<'a>(file: &'static str, text: &'a str) -> Result<Vec<Row<'a>>, CatalogueError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(CatalogueError {
            code: CatalogueErrorCode::EmptyFile,
            file,
            line: 1,
            message: "empty file".into(),
        });
    };
    let cols: Vec<&str> = header.split('\t').collect();
    lines
        .map(|(i, l)| {
            let cells: Vec<&str> = l.split('\t').collect();
            if cells.len() != cols.len() {
                return Err(CatalogueError {
                    code: CatalogueErrorCode::CellCount,
                    file,
                    line: i + 1,
                    message: format!("{} cells, the header has {}", cells.len(), cols.len()),
                });
            }
            Ok((i + 1, cols.iter().copied().zip(cells).collect()))
        })
        .collect()
}

/// An edition as people read it: document ids (`D-CK2016-125`) replaced by their numbers. (No
/// id of the v1 documents is a prefix of another, so the order of replacement does not matter.)
fn edition_text(documents: &BTreeMap<String, String>, edition: &str) -> String {
    let mut out = edition.to_string();
    for (id, number) in documents {
        if out.contains(id.as_str()) && !number.is_empty() {
            out = out.replace(id.as_str(), number);
        }
    }
    out
}

fn yes_no(file: &'static str, line: usize, v: &str) -> Result<bool, CatalogueError> {
    match v {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(CatalogueError {
            code: CatalogueErrorCode::InvalidValue,
            file,
            line,
            message: format!("'{other}' is not yes or no"),
        }),
    }
}

fn cell<'a>(
    row: &[(&str, &'a str)],
    file: &'static str,
    line: usize,
    col: &str,
) -> Result<&'a str, CatalogueError> {
    // The last of a repeated column, as the map this was read into kept it.
    let found = row.iter().rev().find(|(name, _)| *name == col);
    found.map(|&(_, v)| v).ok_or_else(|| CatalogueError {
        code: CatalogueErrorCode::ColumnMissing,
        file,
        line,
        message: format!("no column {col}"),
    })
}

impl Catalogue {
    /// The catalogue embedded in this build (`data/catalogue/v2`).
    pub fn embedded() -> Result<Catalogue, CatalogueError> {
        Catalogue::from_bundle(&Bundle::embedded()?)
    }

    /// Reads a bundle: every table must be there.
    pub fn from_bundle(b: &Bundle) -> Result<Catalogue, CatalogueError> {
        let t = |name: &'static str| {
            b.tables
                .get(name)
                .map(String::as_str)
                .ok_or(CatalogueError {
                    code: CatalogueErrorCode::TableMissing,
                    file: name,
                    line: 0,
                    message: "table missing from the bundle".into(),
                })
        };
        let mut c = Catalogue::parse(
            &b.version,
            t("scenarios.tsv")?,
            t("measures.tsv")?,
            t("applicability.tsv")?,
        )?;
        c.digest = b.digest();
        for (line, r) in rows("commitment_types.tsv", t("commitment_types.tsv")?)? {
            let f = "commitment_types.tsv";
            c.commitment_types.push(CommitmentType {
                id: cell(&r, f, line, "id")?.to_string(),
                name_zh: cell(&r, f, line, "type_zh")?.to_string(),
                name_en: cell(&r, f, line, "type_en")?.to_string(),
                scenario: cell(&r, f, line, "scenario")?.to_string(),
                serious_black_list_may_use: yes_no(
                    f,
                    line,
                    cell(&r, f, line, "serious_black_list_may_use")?,
                )?,
            });
        }
        for (line, r) in rows("inspection_ratios.tsv", t("inspection_ratios.tsv")?)? {
            let f = "inspection_ratios.tsv";
            let class = cell(&r, f, line, "credit_class")?;
            c.inspection_ratios.push(InspectionRatio {
                credit_class: CreditClass::ALL
                    .into_iter()
                    .find(|k| k.as_str() == class)
                    .ok_or_else(|| CatalogueError {
                        code: CatalogueErrorCode::InvalidValue,
                        file: f,
                        line,
                        message: format!("unknown credit class '{class}'"),
                    })?,
                description_zh: cell(&r, f, line, "description_zh")?.to_string(),
                direction: cell(&r, f, line, "direction")?.to_string(),
                ratio: cell(&r, f, line, "example_ratio")?.to_string(),
                focus: yes_no(f, line, cell(&r, f, line, "focus_flag")?)?,
                is_example: yes_no(f, line, cell(&r, f, line, "is_example")?)?,
                source: cell(&r, f, line, "example_source")?.to_string(),
            });
        }
        for (line, r) in rows("documents.tsv", t("documents.tsv")?)? {
            let f = "documents.tsv";
            c.documents.insert(
                cell(&r, f, line, "id")?.to_string(),
                cell(&r, f, line, "doc_number")?.to_string(),
            );
        }
        c.read_versioned(&t)?;
        // Once, here: every verdict shows the edition as people read it.
        for m in &mut c.measures {
            m.edition = edition_text(&c.documents, &m.edition);
        }
        Ok(c)
    }

    /// The figure `id` in force on `day`, if any row covers it.
    pub fn threshold(&self, id: &str, day: chrono::NaiveDate) -> Option<&Threshold> {
        self.thresholds
            .iter()
            .find(|t| t.id == id && t.from <= day && t.to.map_or(true, |to| day <= to))
    }

    /// The objection route of a list type.
    pub fn objection_route(&self, list: ListType) -> Option<&ObjectionRoute> {
        self.objection_routes
            .iter()
            .find(|r| r.list_type == list.id())
    }

    /// The repair rule of `tier` in force on `day` under the NDRC's general rules (not SAMR's).
    pub fn repair_rule(&self, tier: &str, day: chrono::NaiveDate) -> Option<&RepairRule> {
        self.repair_rules.iter().find(|r| {
            r.tier == tier
                && r.edition.starts_with("国家发展改革委")
                && r.from <= day
                && r.to.map_or(true, |to| day <= to)
        })
    }

    fn read_versioned<'b>(
        &mut self,
        t: &dyn Fn(&'static str) -> Result<&'b str, CatalogueError>,
    ) -> Result<(), CatalogueError> {
        let date = |f: &'static str,
                    line: usize,
                    v: &str|
         -> Result<Option<chrono::NaiveDate>, CatalogueError> {
            if v == "-" || v.is_empty() {
                return Ok(None);
            }
            // The records' exact reader: chrono's format parser (`FromStr`) costs ~9 KB of wasm.
            crate::lists::record::parse_date(f, v)
                .map(Some)
                .map_err(|_| CatalogueError {
                    code: CatalogueErrorCode::InvalidValue,
                    file: f,
                    line,
                    message: format!("'{v}' is not a YYYY-MM-DD date"),
                })
        };
        let f = "thresholds.tsv";
        for (line, r) in rows(f, t(f)?)? {
            let value = cell(&r, f, line, "value")?;
            self.thresholds.push(Threshold {
                id: cell(&r, f, line, "id")?.to_string(),
                value: value.parse().map_err(|_| CatalogueError {
                    code: CatalogueErrorCode::InvalidValue,
                    file: f,
                    line,
                    message: format!("'{value}' is not a whole number"),
                })?,
                from: date(f, line, cell(&r, f, line, "in_force_from")?)?.ok_or(
                    CatalogueError {
                        code: CatalogueErrorCode::ValueMissing,
                        file: f,
                        line,
                        message: "no in_force_from".into(),
                    },
                )?,
                to: date(f, line, cell(&r, f, line, "in_force_to")?)?,
                legal_basis: cell(&r, f, line, "legal_basis")?.to_string(),
            });
        }
        let f = "objection_routes.tsv";
        for (line, r) in rows(f, t(f)?)? {
            let list = cell(&r, f, line, "list_type_id")?;
            if list.parse::<ListType>().is_err() {
                return Err(CatalogueError {
                    code: CatalogueErrorCode::InvalidValue,
                    file: f,
                    line,
                    message: format!("unknown list type '{list}'"),
                });
            }
            self.objection_routes.push(ObjectionRoute {
                list_type: list.to_string(),
                route_zh: cell(&r, f, line, "route_zh")?.to_string(),
                route_en: cell(&r, f, line, "route_en")?.to_string(),
                legal_basis: cell(&r, f, line, "legal_basis")?.to_string(),
            });
        }
        let f = "repair_rules.tsv";
        for (line, r) in rows(f, t(f)?)? {
            self.repair_rules.push(RepairRule {
                id: cell(&r, f, line, "id")?.to_string(),
                edition: cell(&r, f, line, "edition")?.to_string(),
                from: date(f, line, cell(&r, f, line, "in_force_from")?)?.ok_or(
                    CatalogueError {
                        code: CatalogueErrorCode::ValueMissing,
                        file: f,
                        line,
                        message: "no in_force_from".into(),
                    },
                )?,
                to: date(f, line, cell(&r, f, line, "in_force_to")?)?,
                tier: cell(&r, f, line, "tier")?.to_string(),
                min_publication: cell(&r, f, line, "min_publication")?.to_string(),
                max_publication: cell(&r, f, line, "max_publication")?.to_string(),
                who_zh: cell(&r, f, line, "who_repairs_zh")?.to_string(),
            });
        }
        Ok(())
    }

    /// Reads the three core tables; every reference is checked (a measure named by an
    /// applicability row must exist, a list type must be one of the code's, a role must be the
    /// scenario's). The other tables start empty; [`Catalogue::from_bundle`] fills them.
    pub fn parse(
        version: &str,
        scenarios: &str,
        measures: &str,
        applicability: &str,
    ) -> Result<Catalogue, CatalogueError> {
        let sc = parse_scenarios(scenarios)?;
        let ms = parse_measures(measures)?;
        let ap = parse_applicability(applicability, &sc, &ms)?;
        Ok(Catalogue {
            version: version.to_string(),
            digest: String::new(),
            scenarios: sc,
            measures: ms,
            applicability: ap,
            commitment_types: Vec::new(),
            inspection_ratios: Vec::new(),
            thresholds: Vec::new(),
            objection_routes: Vec::new(),
            repair_rules: Vec::new(),
            documents: BTreeMap::new(),
        })
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The list types some row of `scenario` names, in catalogue order: what a snapshot must
    /// cover for a check in it to be complete.
    pub fn list_types_in(&self, scenario: &str) -> Vec<ListType> {
        ListType::ALL
            .into_iter()
            .filter(|l| {
                self.applicability
                    .iter()
                    .any(|a| a.scenario == scenario && a.list_type == Some(*l))
            })
            .collect()
    }

    /// The rows for any list (`*`) in `scenario` for `role`: party-level measures such as
    /// graded supervision by credit class or acceptance on commitment.
    pub fn party_level(&self, scenario: &str, role: &str) -> Vec<(&Applicability, &Measure)> {
        self.applicability
            .iter()
            .filter(|a| a.scenario == scenario && a.role == role && a.list_type.is_none())
            .filter_map(|a| self.measure(&a.measure).map(|m| (a, m)))
            .collect()
    }

    /// The measure with this id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The applicability rows for entries of `list_type` in `scenario` for `role`, strongest
    /// effect first. (Rows for any list are party-level: [`Catalogue::party_level`].)
    pub fn applicable(
        &self,
        list_type: ListType,
        scenario: &str,
        role: &str,
    ) -> Vec<(&Applicability, &Measure)> {
        let mut out: Vec<(&Applicability, &Measure)> = self
            .applicability
            .iter()
            .filter(|a| a.scenario == scenario && a.role == role && a.list_type == Some(list_type))
            .filter_map(|a| self.measure(&a.measure).map(|m| (a, m)))
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            b.1.effect.cmp(&a.1.effect).then(a.1.id.cmp(&b.1.id))
        });
        out
    }
}

/// `scenarios.tsv`: each scenario with its roles.
fn parse_scenarios(text: &str) -> Result<Vec<Scenario>, CatalogueError> {
    let mut sc = Vec::new();
    for (line, r) in rows("scenarios.tsv", text)? {
        let f = "scenarios.tsv";
        sc.push(Scenario {
            id: cell(&r, f, line, "id")?.to_string(),
            name_zh: cell(&r, f, line, "name_zh")?.to_string(),
            name_en: cell(&r, f, line, "name_en")?.to_string(),
            roles: cell(&r, f, line, "roles")?
                .split([',', ';', '|', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(sc)
}

/// `measures.tsv`: each measure with its effect, text and legal basis.
fn parse_measures(text: &str) -> Result<Vec<Measure>, CatalogueError> {
    let mut ms = Vec::new();
    for (line, r) in rows("measures.tsv", text)? {
        let f = "measures.tsv";
        let effect = cell(&r, f, line, "effect")?;
        ms.push(Measure {
            id: cell(&r, f, line, "id")?.to_string(),
            text_zh: cell(&r, f, line, "text_zh")?.to_string(),
            text_en: cell(&r, f, line, "text_en")?.to_string(),
            effect: Effect::parse(effect).ok_or_else(|| CatalogueError {
                code: CatalogueErrorCode::InvalidValue,
                file: f,
                line,
                message: format!("unknown effect '{effect}'"),
            })?,
            legal_basis: cell(&r, f, line, "legal_basis")?.to_string(),
            edition: cell(&r, f, line, "edition")?.to_string(),
            source_tag: cell(&r, f, line, "source_tag")?.to_string(),
            verified: cell(&r, f, line, "verified")?.to_string(),
        });
    }
    Ok(ms)
}

/// `applicability.tsv`: which measure a list type triggers in a scenario for a role; every
/// reference checked against the scenarios and measures read.
fn parse_applicability(
    text: &str,
    sc: &[Scenario],
    ms: &[Measure],
) -> Result<Vec<Applicability>, CatalogueError> {
    let mut ap = Vec::new();
    for (line, r) in rows("applicability.tsv", text)? {
        let f = "applicability.tsv";
        let bad = |message: String| CatalogueError {
            code: CatalogueErrorCode::InvalidValue,
            file: f,
            line,
            message,
        };
        let lt = cell(&r, f, line, "list_type_id")?;
        let list_type = match lt {
            "*" => None,
            id => Some(
                id.parse::<ListType>()
                    .map_err(|_| bad(format!("unknown list type '{id}'")))?,
            ),
        };
        let scenario = cell(&r, f, line, "scenario_id")?.to_string();
        let role = cell(&r, f, line, "role")?.to_string();
        let measure = cell(&r, f, line, "measure_id")?.to_string();
        let s = sc
            .iter()
            .find(|s| s.id == scenario)
            .ok_or_else(|| bad(format!("unknown scenario '{scenario}'")))?;
        if !s.roles.contains(&role) {
            return Err(bad(format!("role '{role}' is not one of {}'s", s.id)));
        }
        let m = ms
            .iter()
            .find(|m| m.id == measure)
            .ok_or_else(|| bad(format!("unknown measure '{measure}'")))?;
        let effect = cell(&r, f, line, "effect")?;
        if Effect::parse(effect) != Some(m.effect) {
            return Err(bad(format!(
                "effect '{effect}' differs from measure {}'s",
                m.id
            )));
        }
        let condition = cell(&r, f, line, "condition")?;
        ap.push(Applicability {
            list_type,
            scenario,
            role,
            measure,
            condition: if condition == "-" {
                String::new()
            } else {
                condition.to_string()
            },
        });
    }
    Ok(ap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_reads_and_every_reference_holds() {
        let c = Catalogue::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(c.scenarios.len() >= 11);
        assert!(c.measures.len() >= 40);
        assert!(c.applicability.len() >= 100);
        let mut ids: Vec<&str> = c.measures.iter().map(|m| m.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "measure ids are unique");
        for m in &c.measures {
            assert!(
                ["yes", "partly", "no"].contains(&m.verified.as_str()),
                "{}",
                m.id
            );
            assert!(!m.source_tag.is_empty(), "{}", m.id);
        }
    }

    #[test]
    fn a_judgment_defaulter_is_blocked_in_procurement_and_a_ban_waits_for_its_period() {
        let c = Catalogue::embedded().unwrap();
        let hits = c.applicable(ListType::ALL[0], "SC-ZFCG-SUPPLIER", "applicant");
        assert_eq!(hits.first().map(|h| h.1.effect), Some(Effect::Block));
        let ban = c.applicable(
            ListType::ProcurementViolations,
            "SC-ZFCG-SUPPLIER",
            "applicant",
        );
        assert!(ban
            .iter()
            .any(|(a, m)| m.effect == Effect::Block && a.condition == "within_ban_period"));
    }

    /// A bundle's text is read strictly: the three members once each, every table a text; what
    /// is not JSON names its line.
    #[test]
    fn a_bundle_reads_strictly_and_names_what_is_wrong() {
        let ok = Bundle::from_json(EMBEDDED_BUNDLE).unwrap();
        assert_eq!(ok.format, BUNDLE_FORMAT);
        assert!(ok.tables.contains_key("measures.tsv"));
        let refused = |text: &str, code: CatalogueErrorCode, says: &str| {
            let e = Bundle::from_json(text).unwrap_err();
            assert_eq!(e.code, code, "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
        };
        let f = r#""format":"credit-check-catalogue","version":"v2""#;
        refused("{\n\"format\":", CatalogueErrorCode::NotJson, "EOF");
        refused(
            &format!(r#"{{{f},"tables":{{"a":"x","a":"y"}}}}"#),
            CatalogueErrorCode::NotJson,
            "duplicate field `a`",
        );
        refused(
            &format!(r#"{{{f},"tables":{{"a":1}}}}"#),
            CatalogueErrorCode::NotJson,
            "expected a string",
        );
        refused(
            &format!(r#"{{{f},"tables":{{}},"x":1}}"#),
            CatalogueErrorCode::NotJson,
            "unknown field `x`",
        );
        refused(
            &format!(r#"{{{f}}}"#),
            CatalogueErrorCode::NotJson,
            "missing field `tables`",
        );
        let other = r#"{"format":"other","version":"v2","tables":{}}"#;
        refused(other, CatalogueErrorCode::WrongFormat, "other");
        assert_eq!(Bundle::from_json("{\n\"format\":").unwrap_err().line, 2);
    }

    /// The embedded bundle is the one `data/catalogue/v2/` makes. After editing the tables:
    /// `UPDATE_FIXTURES=1 cargo test --lib catalogue`.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_embedded_bundle_is_made_from_the_tables() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalogue");
        let tables: BTreeMap<String, String> = TABLES
            .iter()
            .map(|n| {
                let text = std::fs::read_to_string(format!("{dir}/v2/{n}")).unwrap();
                (n.to_string(), text)
            })
            .collect();
        let made = Bundle::from_tables("v2", &tables).unwrap_or_else(|e| panic!("{e}"));
        let path = format!("{dir}/v2.bundle.json");
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            std::fs::write(&path, made.to_json()).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            made.to_json(),
            "{path} is out of date: UPDATE_FIXTURES=1 cargo test --lib catalogue"
        );
        // Only the provenance columns are left out.
        let m = &made.tables["measures.tsv"];
        assert!(m.starts_with("id\ttext_zh\ttext_en\teffect\t"));
        assert!(!m.contains("http"), "no source URLs in the bundle");
    }

    #[test]
    fn effects_rank_blocks_above_incentives() {
        assert!(Effect::Block > Effect::Review && Effect::Review > Effect::Warn);
        assert!(Effect::Warn > Effect::Priority && Effect::GreenChannel.is_incentive());
        assert!(!Effect::Review.is_incentive());
    }

    #[test]
    fn a_catalogue_date_must_be_exactly_yyyy_mm_dd() {
        let b = Bundle::embedded().unwrap();
        assert!(b.tables["thresholds.tsv"].contains("2022-02-08"));
        for (loose, read) in [
            ("2022-02-08", true),
            ("2022-2-8", false),
            ("2022-02-30", false),
        ] {
            let mut b = b.clone();
            let t = b.tables.get_mut("thresholds.tsv").unwrap();
            *t = t.replacen("2022-02-08", loose, 1);
            match Catalogue::from_bundle(&b) {
                Ok(c) => assert!(read, "{loose} was read: {:?}", c.thresholds.first()),
                Err(e) => {
                    assert!(!read, "{loose}: {e}");
                    assert_eq!(e.code, CatalogueErrorCode::InvalidValue);
                    assert_eq!((e.file, e.line), ("thresholds.tsv", 2), "{loose}");
                    assert!(e.message.contains(loose));
                }
            }
        }
    }

    #[test]
    fn broken_references_are_refused_with_file_and_line() {
        let e = Catalogue::parse(
            "t",
            "id\tname_zh\tname_en\troles\nSC-A\t甲\tA\tapplicant\n",
            "id\ttext_zh\ttext_en\teffect\tlegal_basis\tedition\tsource_tag\tverified\nM-1\t拒绝\treject\tblock\t-\t-\t[S]\tyes\n",
            "list_type_id\tscenario_id\trole\tmeasure_id\teffect\tcondition\nLT-SXBZXR\tSC-A\tapplicant\tM-2\tblock\t-\n",
        )
        .unwrap_err();
        assert_eq!((e.file, e.line), ("applicability.tsv", 2));
        assert!(e.message.contains("M-2"));
    }
}
