//! `credit-check import`: the five published list formats a partner receives, read as published
//! and turned into list records (record model v2). See `docs/import.md`.
//!
//! ```text
//! credit-check import --format zxgk|ccgp|xzcf|jyyc|zdss FILE… --out records.jsonl|records.csv
//! credit-check build --format F FILE… --out lists.ccs --publisher P --sequence N [--key K]
//! ```
//!
//! Every file is read whole, decoded (UTF-8, else GB18030; a UTF-16 BOM is honoured), and read as
//! JSON (an array of objects, or one object per line) when it starts with `[` or `{`, else as CSV
//! with a header row (title rows above it are skipped). The header must match the format's
//! columns ([`Col`]); a header that matches another format, a binary file or JSON that does not
//! parse is refused as the wrong format, one that matches none as an unknown header. A refusal
//! writes nothing (the output goes to a temporary file renamed only on success).
//!
//! Every data row either becomes a record that passes [`ListRecord::check`] or is reported with
//! its file, line, field and reason; a record whose facts are incomplete (a ban without its end)
//! is written *and* reported for review ([`Action::Review`]).

mod ccgp;
mod jyyc;
pub(crate) mod text;
mod xzcf;
mod zdss;
mod zxgk;

use credit_check::lists::record::{
    ListRecord, ListType, MaskedId, PersonId, PersonRole, RelatedPerson,
};
use credit_check::{org_code, registration_number, resident_id, uscc, Profile};
use credit_check::{OrgCode, RegistrationNumber, ResidentId, Uscc};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use text::Encoding;

/// Report lines kept per file; beyond this they are only counted.
pub const MAX_NOTES: usize = 1000;

/// A published list format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceFormat {
    /// 中国执行信息公开网 失信被执行人 (JSON).
    Zxgk,
    /// 中国政府采购网 政府采购严重违法失信行为记录名单 (CSV).
    Ccgp,
    /// 信用中国 行政处罚, 双公示 data standard (CSV).
    Xzcf,
    /// 国家企业信用信息公示系统 经营异常名录 (CSV).
    Jyyc,
    /// 重大税收违法失信主体 (CSV).
    Zdss,
}

impl SourceFormat {
    /// Every format.
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Zxgk,
        SourceFormat::Ccgp,
        SourceFormat::Xzcf,
        SourceFormat::Jyyc,
        SourceFormat::Zdss,
    ];

    /// `zxgk`, `ccgp`, `xzcf`, `jyyc`, `zdss`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Zxgk => "zxgk",
            SourceFormat::Ccgp => "ccgp",
            SourceFormat::Xzcf => "xzcf",
            SourceFormat::Jyyc => "jyyc",
            SourceFormat::Zdss => "zdss",
        }
    }

    /// The list its records go on.
    pub fn list_type(self) -> ListType {
        match self {
            SourceFormat::Zxgk => ListType::JudgmentDefaulters,
            SourceFormat::Ccgp => ListType::ProcurementViolations,
            SourceFormat::Xzcf => ListType::AdministrativePenalties,
            SourceFormat::Jyyc => ListType::AbnormalOperations,
            SourceFormat::Zdss => ListType::MajorTaxViolators,
        }
    }

    fn columns(self) -> &'static [Col] {
        match self {
            SourceFormat::Zxgk => zxgk::COLUMNS,
            SourceFormat::Ccgp => ccgp::COLUMNS,
            SourceFormat::Xzcf => xzcf::COLUMNS,
            SourceFormat::Jyyc => jyyc::COLUMNS,
            SourceFormat::Zdss => zdss::COLUMNS,
        }
    }

    fn record(self, row: &Row, cx: &mut Cx) -> Option<ListRecord> {
        match self {
            SourceFormat::Zxgk => zxgk::record(row, cx),
            SourceFormat::Ccgp => ccgp::record(row, cx),
            SourceFormat::Xzcf => xzcf::record(row, cx),
            SourceFormat::Jyyc => jyyc::record(row, cx),
            SourceFormat::Zdss => zdss::record(row, cx),
        }
    }
}

/// One published column: its names (the first is the one reports use), whether a file must have
/// it, and, when the record model does not carry it, why.
pub(crate) struct Col {
    names: &'static [&'static str],
    /// 0: optional; 1: required; 2+: at least one column of that group.
    need: u8,
    lost: Option<(&'static str, &'static str)>,
}

impl Col {
    /// A column every file must have.
    pub(crate) const fn req(names: &'static [&'static str]) -> Col {
        Col {
            names,
            need: 1,
            lost: None,
        }
    }

    /// An optional column.
    pub(crate) const fn opt(names: &'static [&'static str]) -> Col {
        Col {
            names,
            need: 0,
            lost: None,
        }
    }

    /// One of group `g` (≥ 2): a file must have at least one column of the group.
    pub(crate) const fn any(g: u8, names: &'static [&'static str]) -> Col {
        Col {
            names,
            need: g,
            lost: None,
        }
    }

    /// A column the record model does not carry, and why (zh, en).
    pub(crate) const fn lost(
        names: &'static [&'static str],
        zh: &'static str,
        en: &'static str,
    ) -> Col {
        Col {
            names,
            need: 0,
            lost: Some((zh, en)),
        }
    }

    fn name(&self) -> &'static str {
        self.names.first().copied().unwrap_or("")
    }
}

/// A header name compared loosely: full-width as ASCII, no white space, no `*` marks, parentheses
/// and underscores in either width.
fn header_key(s: &str) -> String {
    text::half_width(s.trim_start_matches('\u{FEFF}'))
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

/// Which layout column each file column is (`None`: not one of them), by position: a name that
/// appears twice goes to the next column with that name (the tax list repeats 性别 and 证件名称及号码).
struct Mapping {
    cols: Vec<Option<usize>>,
    present: Vec<bool>,
    unknown: Vec<String>,
}

fn match_header(layout: &[Col], header: &[String]) -> Mapping {
    let keys: Vec<Vec<String>> = layout
        .iter()
        .map(|c| c.names.iter().map(|n| header_key(n)).collect())
        .collect();
    let mut present = vec![false; layout.len()];
    let mut cols = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    for h in header {
        let k = header_key(h);
        let found = (0..layout.len()).find(|&i| !present[i] && keys[i].contains(&k));
        if let Some(i) = found {
            present[i] = true;
        } else if !k.is_empty() {
            unknown.push(h.trim().to_string());
        }
        cols.push(found);
    }
    Mapping {
        cols,
        present,
        unknown,
    }
}

/// The required columns (or column groups) a mapping lacks.
fn missing(layout: &[Col], m: &Mapping) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in layout.iter().enumerate() {
        if c.need == 1 && !m.present[i] {
            out.push(c.name().to_string());
        }
    }
    let mut groups: Vec<u8> = layout.iter().map(|c| c.need).filter(|&g| g >= 2).collect();
    groups.dedup();
    for g in groups {
        let members = || layout.iter().enumerate().filter(move |(_, c)| c.need == g);
        if !members().any(|(i, _)| m.present[i]) {
            let names: Vec<&str> = members().map(|(_, c)| c.name()).collect();
            out.push(names.join(" / "));
        }
    }
    out
}

/// The columns a format expects, for a refusal message.
fn expected_columns(f: SourceFormat) -> String {
    let names: Vec<String> = f
        .columns()
        .iter()
        .map(|c| {
            let mark = if c.need == 0 { "" } else { "*" };
            format!("{}{mark}", c.names.join("|"))
        })
        .collect();
    names.join(", ")
}

/// One data row, its cells by layout column.
pub(crate) struct Row<'a> {
    /// Line in the file (CSV: where the record starts; JSON: where the object starts).
    pub line: usize,
    cells: Vec<Option<Cow<'a, str>>>,
}

impl Row<'_> {
    /// The cell of layout column `c`, trimmed; `None` when absent or blank (`-`, `无`, …).
    pub fn get(&self, c: usize) -> Option<&str> {
        let s = self.cells.get(c)?.as_deref()?.trim();
        (!text::is_blank(s)).then_some(s)
    }

    /// The cell as an owned string, empty when blank.
    pub fn text(&self, c: usize) -> String {
        self.get(c).unwrap_or("").to_string()
    }
}

/// What a report line did to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// The row was not imported.
    Skipped,
    /// The row was imported, but what it says is incomplete: the verdict asks for review.
    Review,
}

/// One report line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// The file.
    pub file: String,
    /// Its line.
    pub line: usize,
    /// The published column (or the record field, for a record rule).
    pub field: String,
    /// Skipped or imported for review.
    pub action: Action,
    /// A stable code.
    pub code: &'static str,
    /// Chinese.
    pub message: String,
    /// English.
    pub message_en: String,
}

/// One row being converted: its notes and whether it is skipped.
pub(crate) struct Cx {
    cols: &'static [Col],
    notes: Vec<(String, Action, &'static str, String, String)>,
    skipped: bool,
}

impl Cx {
    fn new(cols: &'static [Col]) -> Cx {
        Cx {
            cols,
            notes: Vec::new(),
            skipped: false,
        }
    }

    /// The published name of layout column `c`.
    pub fn col(&self, c: usize) -> &'static str {
        self.cols.get(c).map(Col::name).unwrap_or("*")
    }

    /// Reports a reason the row is not imported.
    pub fn skip(&mut self, field: &str, code: &'static str, zh: String, en: String) {
        self.skipped = true;
        self.notes
            .push((field.to_string(), Action::Skipped, code, zh, en));
    }

    /// Reports an incomplete fact of an imported row (review downstream).
    pub fn review(&mut self, field: &str, code: &'static str, zh: String, en: String) {
        self.notes
            .push((field.to_string(), Action::Review, code, zh, en));
    }

    /// Whether a note with this code was made.
    pub fn noted(&self, code: &str) -> bool {
        self.notes.iter().any(|n| n.2 == code)
    }

    /// A required cell: reported (row skipped) when blank.
    pub fn required<'r>(&mut self, row: &'r Row, c: usize) -> Option<&'r str> {
        let v = row.get(c);
        if v.is_none() {
            let name = self.col(c);
            self.skip(
                name,
                "REQUIRED",
                format!("{name}为空（必填）"),
                format!("{name} is empty (required)"),
            );
        }
        v
    }

    /// A date cell. Blank: `None` (reported and skipped when `required`). Unreadable: reported —
    /// skipped when `required`, else left empty for review.
    pub fn date(&mut self, row: &Row, c: usize, required: bool) -> Option<chrono::NaiveDate> {
        let name = self.col(c);
        let Some(s) = row.get(c) else {
            if required {
                self.required(row, c);
            }
            return None;
        };
        let d = text::parse_date(s);
        if d.is_none() {
            let zh = format!(
                "{name}“{s}”不是可识别的日期（如2019-07-13、2019/7/13、20190713、2019年07月13日）"
            );
            let en = format!(
                "{name} '{s}' is not a date (2019-07-13, 2019/7/13, 20190713, 2019年07月13日)"
            );
            if required {
                self.skip(name, "INVALID_DATE", zh, en);
            } else {
                self.review(name, "INVALID_DATE", zh + "，该项留空", en + "; left empty");
            }
        }
        d
    }
}

/// An identifier as published, by what it turns out to be (lenient profile).
pub(crate) enum Code {
    Uscc(Uscc),
    Org(OrgCode),
    Reg(RegistrationNumber),
    Id(ResidentId),
    Masked(MaskedId),
}

/// What an identifier cell holds: a USCC, an organisation code (9 characters, or a 15-character
/// taxpayer number of division + organisation code), a registration number, a resident ID
/// number, or a masked one. `None` when it is none of them.
pub(crate) fn classify(s: &str) -> Option<Code> {
    let t = text::half_width(s.trim());
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().any(|c| matches!(c, '*' | '×' | '✱')) {
        return t.parse().ok().map(Code::Masked);
    }
    let plain: String = t.chars().filter(|&c| c != '-').collect();
    match plain.len() {
        18 => uscc::validate(&plain, Profile::Lenient)
            .map(Code::Uscc)
            .or_else(|_| resident_id::validate(&plain, Profile::Lenient).map(Code::Id))
            .ok(),
        9 => org_code::validate(&plain, Profile::Lenient)
            .map(Code::Org)
            .ok(),
        15 => registration_number::validate(&plain, Profile::Lenient)
            .map(Code::Reg)
            .or_else(|_| {
                credit_check::taxpayer_id::validate(&plain, Profile::Lenient)
                    .ok()
                    .and_then(|t| t.org_code())
                    .map(Code::Org)
                    .ok_or(())
            })
            .or_else(|_| resident_id::validate(&plain, Profile::Lenient).map(Code::Id))
            .ok(),
        _ => None,
    }
}

/// The first ID number in a cell such as `居民身份证 3501**********1234` or
/// `身份证：350102199003071234`: a run of 18 (or 15) digits, `X` and mask characters.
pub(crate) fn person_id(s: &str) -> Option<Result<PersonId, String>> {
    let t = text::half_width(s);
    let mut run = String::new();
    let mut found = None;
    for c in t.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || matches!(c, 'X' | 'x' | '*' | '×' | '✱') {
            run.push(c);
        } else {
            if run.len() >= 15 {
                found = Some(std::mem::take(&mut run));
                break;
            }
            run.clear();
        }
    }
    let token = found?;
    Some(token.parse::<PersonId>().map_err(|_| token))
}

/// A related person from a name cell and an ID cell; notes an ID that cannot be read (the
/// person keeps the name).
pub(crate) fn related(
    cx: &mut Cx,
    role: PersonRole,
    name: Option<&str>,
    id_cell: Option<(usize, &str)>,
) -> Option<RelatedPerson> {
    let mut id_number = None;
    if let Some((c, cell)) = id_cell {
        match person_id(cell) {
            Some(Ok(id)) => id_number = Some(id),
            Some(Err(_)) | None => {
                let col = cx.col(c);
                cx.review(
                    col,
                    "ID_NOT_READ",
                    format!("{col}“{cell}”不是可识别的身份证号码，未导入（只保留姓名）"),
                    format!("{col} '{cell}' is not a readable ID number; not imported (name kept)"),
                );
            }
        }
    }
    let name = name.unwrap_or("").trim().to_string();
    (!name.is_empty() || id_number.is_some()).then_some(RelatedPerson {
        role,
        name,
        id_number,
    })
}

/// Puts an identifier on a record: entity codes on entities, ID numbers on natural persons.
/// `false` when the kind does not fit the record.
pub(crate) fn apply_code(r: &mut ListRecord, code: Code) -> bool {
    use credit_check::lists::record::EntityKind::NaturalPerson;
    let person = r.entity_kind == NaturalPerson;
    match code {
        Code::Uscc(u) if !person => r.uscc = Some(u),
        Code::Org(o) if !person => r.org_code = Some(o),
        Code::Reg(g) if !person => r.registration_number = Some(g),
        Code::Id(i) if person => r.id_number = Some(i),
        Code::Masked(m) if person => r.masked_id_number = Some(m),
        _ => return false,
    }
    true
}

/// Options of one import.
pub struct Options<'a> {
    /// The format.
    pub format: SourceFormat,
    /// The files.
    pub files: &'a [PathBuf],
    /// 列入机关 for rows that do not name one (the tax list's export has no such column).
    pub authority: Option<&'a str>,
}

/// A refused import: a stable code and what was expected.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    /// `WRONG_FORMAT`, `UNKNOWN_HEADER`, `UNDECODABLE`, `READ_FAILED`, `WRITE_FAILED`,
    /// `BAD_OUTPUT`.
    pub code: &'static str,
    /// The file concerned.
    pub file: String,
    /// Chinese.
    pub message: String,
    /// English.
    pub message_en: String,
    /// What was expected (columns, a format).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl ImportError {
    fn new(code: &'static str, file: &Path, zh: String, en: String) -> ImportError {
        ImportError {
            code,
            file: file.display().to_string(),
            message: zh,
            message_en: en,
            expected: None,
        }
    }

    fn expecting(mut self, e: String) -> ImportError {
        self.expected = Some(e);
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} / {}",
            self.code, self.file, self.message, self.message_en
        )?;
        if let Some(e) = &self.expected {
            write!(f, " (expected: {e})")?;
        }
        Ok(())
    }
}

/// A published column the records do not carry.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotCarried {
    /// The column as the file names it.
    pub column: String,
    /// Why (Chinese).
    pub reason: String,
    /// Why (English).
    pub reason_en: String,
}

/// One file's part of the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    /// The file.
    pub file: String,
    /// `utf-8`, `gb18030`, `utf-16`.
    pub encoding: &'static str,
    /// `csv` or `json`.
    pub syntax: &'static str,
    /// Data rows read.
    pub rows_read: usize,
    /// Records made (and written).
    pub records_made: usize,
    /// Rows with at least one report line (skipped or imported for review).
    pub rows_reported: usize,
    /// Rows not imported.
    pub rows_skipped: usize,
    /// Rows imported with a fact to review.
    pub rows_for_review: usize,
    /// Published columns present in the file that the records do not carry.
    pub fields_not_carried: Vec<NotCarried>,
    /// Report lines (the first [`MAX_NOTES`]).
    pub problems: Vec<Note>,
    /// All report lines, counted.
    pub problem_count: usize,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The format.
    pub format: &'static str,
    /// The list the records are on.
    pub list_type: &'static str,
    /// Where they were written (import), if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out: Option<String>,
    /// Totals over the files.
    pub rows_read: usize,
    /// Records made.
    pub records_made: usize,
    /// Rows reported.
    pub rows_reported: usize,
    /// Published columns the records do not carry, over all files (details per file).
    pub fields_not_carried: Vec<String>,
    /// Per file.
    pub files: Vec<FileReport>,
}

impl Report {
    /// Whether every row became a record with nothing to report.
    pub fn clean(&self) -> bool {
        self.rows_reported == 0
    }
}

/// Imports every file, handing each record to `sink`; the first refusal stops it.
pub fn import(
    o: &Options,
    sink: &mut dyn FnMut(&ListRecord) -> Result<(), String>,
) -> Result<Report, ImportError> {
    let mut files = Vec::with_capacity(o.files.len());
    for path in o.files {
        files.push(import_file(o, path, sink)?);
    }
    Ok(Report {
        format: o.format.as_str(),
        list_type: o.format.list_type().id(),
        out: None,
        rows_read: files.iter().map(|f| f.rows_read).sum(),
        records_made: files.iter().map(|f| f.records_made).sum(),
        rows_reported: files.iter().map(|f| f.rows_reported).sum(),
        fields_not_carried: not_carried_union(&files),
        files,
    })
}

fn not_carried_union(files: &[FileReport]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in files.iter().flat_map(|f| &f.fields_not_carried) {
        if !out.contains(&n.column) {
            out.push(n.column.clone());
        }
    }
    out
}

/// Reads and decodes a file, refusing binary files.
fn read_text(path: &Path) -> Result<(String, Encoding), ImportError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ImportError::new(
            "READ_FAILED",
            path,
            format!("无法读取文件：{e}"),
            format!("cannot read the file: {e}"),
        )
    })?;
    let wrong = |zh: &str, en: &str| {
        ImportError::new("WRONG_FORMAT", path, zh.to_string(), en.to_string())
            .expecting("CSV (UTF-8/GB18030) or JSON".into())
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(wrong("文件为空", "the file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(wrong(
            "这是Excel工作簿（XLSX/XLS），请另存为CSV后导入",
            "this is an Excel workbook (XLSX/XLS): save it as CSV first",
        ));
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && bytes.iter().take(1 << 16).any(|&b| b == 0) {
        return Err(wrong(
            "这是二进制文件，不是CSV或JSON文本",
            "this is a binary file, not CSV or JSON text",
        ));
    }
    text::decode(bytes).map_err(|u| {
        ImportError::new(
            "UNDECODABLE",
            path,
            format!("第{}字节起既不是UTF-8也不是GB18030编码的文本", u.offset),
            format!(
                "from byte {} on, the file is neither UTF-8 nor GB18030 text",
                u.offset
            ),
        )
        .expecting("UTF-8 or GB18030 (GBK) text".into())
    })
}

/// Per-file counters while rows are converted.
struct Tally<'s> {
    report: FileReport,
    sink: &'s mut dyn FnMut(&ListRecord) -> Result<(), String>,
    authority: Option<&'s str>,
}

fn import_file(
    o: &Options,
    path: &Path,
    sink: &mut dyn FnMut(&ListRecord) -> Result<(), String>,
) -> Result<FileReport, ImportError> {
    let (text, encoding) = read_text(path)?;
    let json = text.trim_start().starts_with(['[', '{']);
    let report = FileReport {
        file: path.display().to_string(),
        encoding: encoding.as_str(),
        syntax: if json { "json" } else { "csv" },
        rows_read: 0,
        records_made: 0,
        rows_reported: 0,
        rows_skipped: 0,
        rows_for_review: 0,
        fields_not_carried: Vec::new(),
        problems: Vec::new(),
        problem_count: 0,
    };
    let mut t = Tally {
        report,
        sink,
        authority: o.authority,
    };
    if json {
        read_json(o.format, path, &text, &mut t)?;
    } else {
        read_csv(o.format, path, &text, &mut t)?;
    }
    Ok(t.report)
}

/// Checks a header against the format: the mapping, or the refusal (wrong format when another
/// format's header matches, else unknown header with the expected columns).
fn header_for(
    f: SourceFormat,
    path: &Path,
    candidates: &[Vec<String>],
) -> Result<(usize, Mapping), ImportError> {
    for (i, h) in candidates.iter().enumerate() {
        let m = match_header(f.columns(), h);
        if missing(f.columns(), &m).is_empty() {
            return Ok((i, m));
        }
    }
    for other in SourceFormat::ALL.into_iter().filter(|&g| g != f) {
        let fits = candidates
            .iter()
            .any(|h| missing(other.columns(), &match_header(other.columns(), h)).is_empty());
        if fits {
            return Err(ImportError::new(
                "WRONG_FORMAT",
                path,
                format!(
                    "该文件是{}格式，不是{}格式（请用 --format {}）",
                    other.as_str(),
                    f.as_str(),
                    other.as_str()
                ),
                format!(
                    "this file is in the {} format, not {} (use --format {})",
                    other.as_str(),
                    f.as_str(),
                    other.as_str()
                ),
            )
            .expecting(format!("--format {}: {}", f.as_str(), expected_columns(f))));
        }
    }
    let first = candidates.first().cloned().unwrap_or_default();
    let lacks = missing(f.columns(), &match_header(f.columns(), &first)).join(", ");
    Err(ImportError::new(
        "UNKNOWN_HEADER",
        path,
        format!("表头与{}格式不符，缺少列：{lacks}", f.as_str()),
        format!(
            "the header does not match the {} format; missing: {lacks}",
            f.as_str()
        ),
    )
    .expecting(expected_columns(f)))
}

/// Lists the present columns the records do not carry, and the unknown ones.
fn note_not_carried(f: SourceFormat, m: &Mapping, t: &mut Tally) {
    for (i, c) in f.columns().iter().enumerate() {
        let seen = t
            .report
            .fields_not_carried
            .iter()
            .any(|n| n.column == c.name());
        if let (true, Some((zh, en)), false) = (m.present[i], c.lost, seen) {
            t.report.fields_not_carried.push(NotCarried {
                column: c.name().to_string(),
                reason: zh.to_string(),
                reason_en: en.to_string(),
            });
        }
    }
    for u in &m.unknown {
        t.report.fields_not_carried.push(NotCarried {
            column: u.clone(),
            reason: "不是该格式的已知列，未导入".into(),
            reason_en: "not a known column of this format; not imported".into(),
        });
    }
}

fn read_csv(f: SourceFormat, path: &Path, text: &str, t: &mut Tally) -> Result<(), ImportError> {
    let reader = || {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
    };
    let mut rec = csv::StringRecord::new();
    // The header is the first row that fits, among the first five (titles may stand above it).
    let mut rdr = reader();
    let mut candidates: Vec<Vec<String>> = Vec::new();
    while candidates.len() < 5 && next_record(&mut rdr, &mut rec, path)? {
        if rec.iter().any(|c| !c.trim().is_empty()) {
            candidates.push(rec.iter().map(str::to_string).collect());
        }
    }
    let (at, m) = header_for(f, path, &candidates)?;
    note_not_carried(f, &m, t);
    let width = candidates.get(at).map_or(0, Vec::len);
    // Read again from the top, past the header, so that every row keeps its line number.
    let mut rdr = reader();
    let mut before = at + 1;
    let mut lines = LineCounter::default();
    while next_record(&mut rdr, &mut rec, path)? {
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if before > 0 {
            before -= 1;
            continue;
        }
        let line = lines.line_at(
            text.as_bytes(),
            rec.position().map_or(0, |p| p.byte() as usize),
        );
        let mut cells: Vec<Option<Cow<str>>> = vec![None; f.columns().len()];
        for (i, c) in m.cols.iter().enumerate() {
            if let Some(c) = c {
                // A short row: the header's columns are there, blank.
                cells[*c] = Some(Cow::Borrowed(rec.get(i).unwrap_or("")));
            }
        }
        let row = Row { line, cells };
        let extra = rec.iter().skip(width).any(|c| !c.trim().is_empty());
        let extra = extra.then_some((rec.len(), width));
        convert(f, &row, extra, path, t)?;
    }
    Ok(())
}

/// Line numbers from byte offsets, counted forward once (the CSV reader's own line count lags
/// by one after a CRLF line end).
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of the record starting at `byte` (line ends before it skipped).
    fn line_at(&mut self, text: &[u8], byte: usize) -> usize {
        let mut start = byte.min(text.len());
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.byte {
            let seen = text.get(self.byte..start).unwrap_or(&[]);
            self.line += seen.iter().filter(|&&b| b == b'\n').count();
            self.byte = start;
        }
        self.line + 1
    }
}

fn next_record(
    rdr: &mut csv::Reader<&[u8]>,
    rec: &mut csv::StringRecord,
    path: &Path,
) -> Result<bool, ImportError> {
    rdr.read_record(rec).map_err(|e| {
        ImportError::new(
            "WRONG_FORMAT",
            path,
            format!("CSV无法读取：{e}"),
            format!("not readable as CSV: {e}"),
        )
    })
}

type Object = serde_json::Map<String, serde_json::Value>;

/// JSON: an array of objects, one object per line, or an object holding such an array.
fn read_json(f: SourceFormat, path: &Path, text: &str, t: &mut Tally) -> Result<(), ImportError> {
    let objects = json_objects(path, text)?;
    let mut keys: Vec<String> = Vec::new();
    for (_, o) in objects.iter().take(50) {
        for k in o.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    let (_, m) = header_for(f, path, &[keys.clone()])?;
    note_not_carried(f, &m, t);
    for (line, o) in &objects {
        let mut cells: Vec<Option<Cow<str>>> = vec![None; f.columns().len()];
        for (k, c) in keys.iter().zip(&m.cols) {
            if let Some(c) = c {
                cells[*c] = Some(match o.get(k) {
                    None | Some(serde_json::Value::Null) => Cow::Borrowed(""),
                    Some(serde_json::Value::String(s)) => Cow::Borrowed(s.as_str()),
                    Some(v) => Cow::Owned(v.to_string()),
                });
            }
        }
        convert(f, &Row { line: *line, cells }, None, path, t)?;
    }
    Ok(())
}

/// The objects of a JSON file, each with the line it starts on.
fn json_objects(path: &Path, text: &str) -> Result<Vec<(usize, Object)>, ImportError> {
    let wrong = |zh: String, en: String| {
        ImportError::new("WRONG_FORMAT", path, zh, en)
            .expecting("a JSON array of objects, or one JSON object per line".into())
    };
    let trimmed = text.trim_start();
    let base_line = 1 + text[..text.len() - trimmed.len()].matches('\n').count();
    // The whole text as one value: an array, a wrapper object, or a single record.
    let whole = serde_json::from_str::<serde_json::Value>(trimmed);
    let (items, depth) = match whole {
        Ok(serde_json::Value::Array(items)) => (items, 1),
        Ok(serde_json::Value::Object(o)) => match wrapped_array(&o) {
            Some(items) => (
                items.into_iter().map(serde_json::Value::Object).collect(),
                2,
            ),
            None => return Ok(vec![(base_line, o)]),
        },
        Err(e) if trimmed.starts_with('[') => {
            return Err(wrong(
                format!("不是有效的JSON：{e}"),
                format!("not valid JSON: {e}"),
            ))
        }
        _ => return json_lines(text, &wrong),
    };
    let lines = element_lines(trimmed, depth);
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let line = base_line + lines.get(i).copied().unwrap_or(0);
        match item {
            serde_json::Value::Object(o) => out.push((line, o)),
            _ => {
                return Err(wrong(
                    "数组元素须为JSON对象".into(),
                    "array elements must be JSON objects".into(),
                ))
            }
        }
    }
    Ok(out)
}

/// One JSON object per line.
fn json_lines(
    text: &str,
    wrong: &dyn Fn(String, String) -> ImportError,
) -> Result<Vec<(usize, Object)>, ImportError> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(l) {
            Ok(serde_json::Value::Object(o)) => out.push((i + 1, o)),
            Ok(_) => {
                return Err(wrong(
                    format!("第{}行不是JSON对象", i + 1),
                    format!("line {} is not a JSON object", i + 1),
                ))
            }
            Err(e) => {
                return Err(wrong(
                    format!("第{}行不是有效的JSON：{e}", i + 1),
                    format!("line {} is not valid JSON: {e}", i + 1),
                ))
            }
        }
    }
    Ok(out)
}

/// `{"result": [ {...}, … ]}` as some exports wrap their records: the array's objects.
fn wrapped_array(o: &Object) -> Option<Vec<Object>> {
    let arrays: Vec<&Vec<serde_json::Value>> = o.values().filter_map(|v| v.as_array()).collect();
    if o.len() > 3 || arrays.len() != 1 {
        return None;
    }
    arrays[0]
        .iter()
        .map(|v| v.as_object().cloned())
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

/// The line (0-based, relative) on which each value at `depth` starts (1: the elements of a
/// top-level array; 2: those of an array inside a top-level object).
fn element_lines(s: &str, depth_of: i32) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut line) = (0i32, 0usize);
    let (mut in_str, mut escaped) = (false, false);
    for c in s.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => {
                if depth == depth_of {
                    out.push(line);
                }
                depth += 1;
            }
            ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    out
}

/// Converts one row and counts it; a record goes to the sink.
fn convert(
    f: SourceFormat,
    row: &Row,
    extra_cells: Option<(usize, usize)>,
    path: &Path,
    t: &mut Tally,
) -> Result<(), ImportError> {
    t.report.rows_read += 1;
    let mut cx = Cx::new(f.columns());
    if let Some((n, w)) = extra_cells {
        cx.review(
            "*",
            "EXTRA_CELLS",
            format!("该行有{n}列，表头只有{w}列，多出的单元格未导入"),
            format!("the row has {n} cells, the header {w}: the extra cells were not imported"),
        );
    }
    let made = f.record(row, &mut cx).filter(|_| !cx.skipped);
    let made = made.and_then(|r| finish(r, &mut cx, t.authority));
    if let Some(r) = &made {
        (t.sink)(r).map_err(|e| {
            ImportError::new(
                "WRITE_FAILED",
                path,
                format!("无法写出记录：{e}"),
                format!("cannot write the records: {e}"),
            )
        })?;
        t.report.records_made += 1;
    }
    if !cx.notes.is_empty() {
        t.report.rows_reported += 1;
        if made.is_some() {
            t.report.rows_for_review += 1;
        }
    }
    if made.is_none() {
        t.report.rows_skipped += 1;
        if cx.notes.is_empty() {
            cx.skip(
                "*",
                "NOT_IMPORTED",
                "该行未能导入".into(),
                "the row was not imported".into(),
            );
            t.report.rows_reported += 1;
        }
    }
    for (field, action, code, zh, en) in cx.notes {
        t.report.problem_count += 1;
        if t.report.problems.len() < MAX_NOTES {
            t.report.problems.push(Note {
                file: t.report.file.clone(),
                line: row.line,
                field,
                action,
                code,
                message: zh,
                message_en: en,
            });
        }
    }
    Ok(())
}

/// The steps every record shares: the default authority, a period sanction without its end
/// noted for review, then the record rules (a broken rule skips the row).
fn finish(mut r: ListRecord, cx: &mut Cx, authority: Option<&str>) -> Option<ListRecord> {
    if r.listing_authority.trim().is_empty() {
        if let Some(a) = authority {
            r.listing_authority = a.to_string();
        }
    }
    let open = r
        .sanctions
        .iter()
        .find(|s| s.kind.has_period() && s.end.is_none() && !s.indefinite);
    if let (Some(s), false) = (open, cx.noted("BAN_LENGTH_UNKNOWN")) {
        let (zh, en) = (s.kind.name_zh(), s.kind.name_en());
        cx.review(
            "sanctions",
            "BAN_END_UNKNOWN",
            format!("“{zh}”的截止日期无法得出，已导入为期限未知（核查时需人工复核）"),
            format!("the end of the {en} cannot be derived: imported with its end unknown (checks ask for review)"),
        );
    }
    let problems = r.check();
    if problems.is_empty() {
        return Some(r);
    }
    for p in problems {
        cx.skip(p.field(), p.code().as_str(), p.message(), p.message_en());
    }
    None
}

/// The output file: JSON lines or the v2 CSV, by extension.
enum Out {
    Jsonl(BufWriter<std::fs::File>),
    Csv(
        Box<csv::Writer<std::fs::File>>,
        Box<[String; super::input::NWRITE]>,
    ),
}

impl Out {
    fn create(tmp: &Path, csv: bool) -> Result<Out, String> {
        let file = std::fs::File::create(tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        if !csv {
            return Ok(Out::Jsonl(BufWriter::with_capacity(1 << 16, file)));
        }
        let mut w = csv::Writer::from_writer(file);
        w.write_record(super::input::csv_header())
            .map_err(|e| e.to_string())?;
        Ok(Out::Csv(
            Box::new(w),
            Box::new(std::array::from_fn(|_| String::new())),
        ))
    }

    fn write(&mut self, r: &ListRecord) -> Result<(), String> {
        match self {
            Out::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r).map_err(|e| e.to_string())?;
                w.write_all(b"\n").map_err(|e| e.to_string())
            }
            Out::Csv(w, cells) => {
                super::input::csv_fields(r, cells);
                w.write_record(cells.iter()).map_err(|e| e.to_string())
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            Out::Jsonl(mut w) => w.flush().map_err(|e| e.to_string()),
            Out::Csv(mut w, _) => w.flush().map_err(|e| e.to_string()),
        }
    }
}

/// `credit-check import`: records to `out` (written to a temporary file, renamed on success),
/// the report as JSON on stdout. Exit 0 when every row was imported with nothing to report, 1
/// when rows were reported, 2 when refused (nothing written).
pub fn run(o: &Options, out: &Path) -> ExitCode {
    match run_inner(o, out) {
        Ok(report) => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            println!("{json}");
            if report.clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => refuse(&e),
    }
}

/// Prints a refusal: `{"error": {...}}` on stdout, one line on stderr; exit 2.
pub fn refuse(e: &ImportError) -> ExitCode {
    let json = serde_json::json!({ "error": e });
    println!(
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    eprintln!("credit-check: {e}");
    ExitCode::from(2)
}

fn run_inner(o: &Options, out: &Path) -> Result<Report, ImportError> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let csv = match ext.as_deref() {
        Some("jsonl" | "ndjson") => false,
        Some("csv") => true,
        _ => {
            return Err(ImportError::new(
                "BAD_OUTPUT",
                out,
                "输出文件须以.jsonl或.csv结尾".into(),
                "the output file must end in .jsonl or .csv".into(),
            )
            .expecting("OUT.jsonl or OUT.csv".into()))
        }
    };
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = out.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let write_failed = |e: String| {
        ImportError::new(
            "WRITE_FAILED",
            out,
            format!("无法写出：{e}"),
            format!("cannot write: {e}"),
        )
    };
    let mut w = Out::create(&tmp, csv).map_err(write_failed)?;
    let result = import(o, &mut |r| w.write(r));
    let done = result.and_then(|mut report| {
        w.finish().map_err(write_failed)?;
        std::fs::rename(&tmp, out).map_err(|e| write_failed(e.to_string()))?;
        report.out = Some(out.display().to_string());
        Ok(report)
    });
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

/// `synth N --as F`: N published rows of format F (xzcf only), deterministic for a seed.
pub fn synth(f: SourceFormat, n: usize, seed: u64, out: Option<&Path>) -> Result<(), String> {
    if f != SourceFormat::Xzcf {
        return Err(format!("synth --as {}: only xzcf is generated", f.as_str()));
    }
    let sink: Box<dyn Write> = match out {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, sink));
    let header: Vec<&str> = xzcf::COLUMNS.iter().map(Col::name).collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
    let mut row = Vec::new();
    for i in 0..n {
        xzcf::synth_row(seed, i as u64, &mut row);
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// `build --format F`: the records in memory, and the report.
pub fn records(o: &Options) -> Result<(Vec<ListRecord>, Report), ImportError> {
    let mut records = Vec::new();
    let report = import(o, &mut |r| {
        records.push(r.clone());
        Ok(())
    })?;
    Ok((records, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely_and_by_position() {
        let cols: &[Col] = &[
            Col::req(&["名称"]),
            Col::opt(&["性别"]),
            Col::opt(&["性别"]),
            Col::any(2, &["公布日期"]),
            Col::any(2, &["案件上报期"]),
        ];
        let h: Vec<String> = ["*名称 ", "性别", "性别", "案件上报期", "其他"]
            .map(String::from)
            .to_vec();
        let m = match_header(cols, &h);
        assert_eq!(m.cols, [Some(0), Some(1), Some(2), Some(4), None]);
        assert_eq!(m.unknown, ["其他"]);
        assert!(missing(cols, &m).is_empty());
        let m = match_header(cols, &["性别".to_string()]);
        assert_eq!(missing(cols, &m), ["名称", "公布日期 / 案件上报期"]);
        assert_eq!(header_key("罚款金额(万元)"), header_key("罚款金额（万元）"));
    }

    #[test]
    fn identifiers_are_classified() {
        assert!(matches!(
            classify("91350102MA2Y0001X6"),
            Some(Code::Uscc(_))
        ));
        assert!(matches!(classify("55138508-2"), Some(Code::Org(_))));
        assert!(matches!(classify("110108551385082"), Some(Code::Org(_))));
        assert!(matches!(classify("11010519491231002X"), Some(Code::Id(_))));
        assert!(matches!(
            classify("3423011964****3224"),
            Some(Code::Masked(_))
        ));
        assert!(matches!(
            classify("３４２３０１１９６４＊＊＊＊３２２４"),
            Some(Code::Masked(_))
        ));
        assert!(classify("12345").is_none());
        assert!(classify("3501***1234").is_none());
    }

    #[test]
    fn id_numbers_are_found_in_their_cells() {
        let id = |s: &str| person_id(s).map(|r| r.map(|p| p.shown()));
        assert_eq!(
            id("居民身份证 3501**********1234"),
            Some(Ok("3501**********1234".into()))
        );
        assert_eq!(
            id("身份证：11010519491231002X"),
            Some(Ok("110105********002X".into()))
        );
        assert_eq!(id("身份证"), None);
        assert!(matches!(id("身份证 123456789012345678"), Some(Err(_))));
    }

    /// Random text from the characters the parsers look at: no parser panics (debug build, so
    /// arithmetic overflow would).
    #[test]
    fn parsers_never_panic_on_any_text() {
        let alphabet: Vec<char> =
            "0123456789０９.,-/年月日个半至到~—一二两三十百千万亿壹叁元人民币罚款禁止参加政府采购活动代理评审没收警告*×X ：；，、()（）"
                .chars()
                .collect();
        let mut next = crate::test_rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let seed = next();
            let len = (seed % 40) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize + i * 7) % alphabet.len()])
                .collect();
            let _ = text::parse_date(&s);
            let _ = text::parse_month(&s);
            let _ = text::numeral(&s);
            let _ = text::wan_to_yuan(&s);
            let _ = text::text_to_yuan(&s);
            let _ = ccgp::parse_penalty(&s);
            let _ = zxgk::term_rule(&s);
            let _ = classify(&s);
            let _ = person_id(&s);
        }
        assert_eq!(text::wan_to_yuan("99999999999999999999999"), None);
        assert!(text::text_to_yuan("1844674407370955万元").is_some());
    }

    #[test]
    fn json_array_elements_have_lines() {
        let s = "[\n  {\"a\": \"[{\"},\n  {\"b\": 1}\n]";
        assert_eq!(element_lines(s, 1), [1, 2]);
        let w = "{\"result\": [\n {\"a\": 1},\n {\"b\": 2}]}";
        assert_eq!(element_lines(w, 2), [1, 2]);
    }
}
