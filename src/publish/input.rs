//! The publisher's input: list records from CSV or JSONL (native only). The format is documented
//! in `docs/snapshot-records.md`.
//!
//! - **CSV**: a header row; columns named as the record's JSON fields in snake_case
//!   (`entity_kind`, `term_max_end`, `legal_representative_id_number`) or flattened camelCase
//!   (`entityKind`, `termMaxEnd`); `former_names` separated by `|`; dates `YYYY-MM-DD`.
//! - **JSONL**: one JSON object per line, the shape [`ListRecord`] serialises to (`term` and
//!   `legalRepresentative` as objects, `formerNames` an array), snake_case keys accepted too.
//!
//! Every value is checked — identifiers with their identifier module (lenient profile), enums,
//! dates, then [`ListRecord::check`] — and every error names the file, the line and the field:
//! `records.csv:17: uscc: 统一社会信用代码校验码错误：… / Unified social credit code: check
//! character…`. Errors are collected, not fatal (the first [`MAX_ERRORS`] are kept, the rest
//! counted).

use credit_check::lists::record::{
    parse_date, EntityKind, FieldProblem, ListRecord, ListType, ListingStatus, MaskedId, PersonId,
    PersonRole, RecordProblemCode, RelatedPerson, Sanction, Term,
};
use credit_check::{org_code, registration_number, resident_id, uscc, Invalid, Problem, Profile};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Errors (and warnings) kept; beyond this they are only counted.
pub const MAX_ERRORS: usize = 1000;

/// An input or output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// `.jsonl`, `.ndjson` and `.json` are JSON lines, `.csv` is CSV; `None` for anything else.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// `csv` or `jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The columns, in CSV order: the record's JSON path and the snake_case CSV header.
pub const COLUMNS: [(&str, &str); NCOL] = [
    ("entityKind", "entity_kind"),
    ("uscc", "uscc"),
    ("orgCode", "org_code"),
    ("registrationNumber", "registration_number"),
    ("idNumber", "id_number"),
    ("name", "name"),
    ("formerNames", "former_names"),
    ("listType", "list_type"),
    ("listingAuthority", "listing_authority"),
    ("decisionNumber", "decision_number"),
    ("listedAt", "listed_at"),
    ("term.minEnd", "term_min_end"),
    ("term.maxEnd", "term_max_end"),
    ("status", "status"),
    ("statusDate", "status_date"),
    ("reason", "reason"),
    ("creditClass", "credit_class"),
    ("maskedIdNumber", "masked_id_number"),
    ("decidedAt", "decided_at"),
    ("sanctions", "sanctions"),
    ("penalty", "penalty"),
    ("subjectRole", "subject_role"),
    ("repairTier", "repair_tier"),
    ("relatedPersons", "related_persons"),
    // Record model v1 input, still read: becomes a related person with the role
    // legalRepresentative. Never written.
    ("legalRepresentative.name", "legal_representative_name"),
    (
        "legalRepresentative.idNumber",
        "legal_representative_id_number",
    ),
];

const NCOL: usize = 26;
/// Columns written (the v1 legal-representative columns are read only).
pub const NWRITE: usize = 24;

// Column indexes into `COLUMNS`.
const ENTITY_KIND: usize = 0;
const USCC: usize = 1;
const ORG_CODE: usize = 2;
const REGISTRATION_NUMBER: usize = 3;
const ID_NUMBER: usize = 4;
const NAME: usize = 5;
const FORMER_NAMES: usize = 6;
const LIST_TYPE: usize = 7;
const LISTING_AUTHORITY: usize = 8;
const DECISION_NUMBER: usize = 9;
const LISTED_AT: usize = 10;
const TERM_MIN_END: usize = 11;
const TERM_MAX_END: usize = 12;
const STATUS: usize = 13;
const STATUS_DATE: usize = 14;
const REASON: usize = 15;
const CREDIT_CLASS: usize = 16;
const MASKED_ID_NUMBER: usize = 17;
const DECIDED_AT: usize = 18;
const SANCTIONS: usize = 19;
const PENALTY: usize = 20;
const SUBJECT_ROLE: usize = 21;
const REPAIR_TIER: usize = 22;
const RELATED_PERSONS: usize = 23;
const REP_NAME: usize = 24;
const REP_ID_NUMBER: usize = 25;

/// Columns a CSV file must have.
const REQUIRED_COLUMNS: [usize; 4] = [ENTITY_KIND, LIST_TYPE, LISTED_AT, STATUS];

/// The flattened camelCase form of a JSON path: `term.minEnd` → `termMinEnd`.
fn flat_camel(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut upper = false;
    for c in path.chars() {
        if c == '.' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The column a header or key names: snake_case, flattened camelCase, or the dotted path.
fn column_of(name: &str) -> Option<usize> {
    let name = name.trim().trim_start_matches('\u{FEFF}');
    COLUMNS
        .iter()
        .position(|&(path, snake)| name == snake || name == path || name == flat_camel(path))
}

/// The CSV header `synth` and `import` write (snake_case).
pub fn csv_header() -> [&'static str; NWRITE] {
    std::array::from_fn(|i| COLUMNS[i].1)
}

/// Fills `out` with a record's CSV cells (in [`csv_header`] order), reusing the strings.
pub fn csv_fields(r: &ListRecord, out: &mut [String; NWRITE]) {
    for s in out.iter_mut() {
        s.clear();
    }
    out[ENTITY_KIND].push_str(r.entity_kind.as_str());
    let put = |s: &mut String, v: Option<&dyn std::fmt::Display>| {
        if let Some(v) = v {
            let _ = write!(s, "{v}");
        }
    };
    put(
        &mut out[USCC],
        r.uscc.as_ref().map(|v| v as &dyn std::fmt::Display),
    );
    put(
        &mut out[ORG_CODE],
        r.org_code.as_ref().map(|v| v as &dyn std::fmt::Display),
    );
    put(
        &mut out[REGISTRATION_NUMBER],
        r.registration_number
            .as_ref()
            .map(|v| v as &dyn std::fmt::Display),
    );
    put(
        &mut out[ID_NUMBER],
        r.id_number.as_ref().map(|v| v as &dyn std::fmt::Display),
    );
    out[NAME].push_str(&r.name);
    for (i, n) in r.former_names.iter().enumerate() {
        if i > 0 {
            out[FORMER_NAMES].push('|');
        }
        out[FORMER_NAMES].push_str(n);
    }
    out[LIST_TYPE].push_str(r.list_type.id());
    out[LISTING_AUTHORITY].push_str(&r.listing_authority);
    out[DECISION_NUMBER].push_str(&r.decision_number);
    push_date(&mut out[LISTED_AT], Some(r.listed_at));
    push_date(&mut out[TERM_MIN_END], r.term.min_end);
    push_date(&mut out[TERM_MAX_END], r.term.max_end);
    out[STATUS].push_str(r.status.as_str());
    push_date(&mut out[STATUS_DATE], r.status_date);
    out[REASON].push_str(&r.reason);
    if let Some(c) = r.credit_class {
        out[CREDIT_CLASS].push_str(c.as_str());
    }
    put(
        &mut out[MASKED_ID_NUMBER],
        r.masked_id_number
            .as_ref()
            .map(|v| v as &dyn std::fmt::Display),
    );
    push_date(&mut out[DECIDED_AT], r.decided_at);
    out[SANCTIONS].push_str(&Sanction::format_list(&r.sanctions));
    out[PENALTY].push_str(&r.penalty);
    if let Some(x) = r.subject_role {
        out[SUBJECT_ROLE].push_str(x.as_str());
    }
    if let Some(x) = r.repair_tier {
        out[REPAIR_TIER].push_str(x.as_str());
    }
    out[RELATED_PERSONS].push_str(&RelatedPerson::format_list(&r.related_persons));
}

/// `YYYY-MM-DD` without the formatting machinery (synth writes millions of them).
fn push_date(s: &mut String, d: Option<chrono::NaiveDate>) {
    use chrono::Datelike;
    let Some(d) = d else { return };
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        let _ = write!(s, "{d}");
        return;
    }
    let y = y as u32;
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        day / 10,
        day % 10,
    ];
    for v in digits {
        s.push(if v == 10 {
            '-'
        } else {
            char::from(b'0' + v as u8)
        });
    }
}

/// What `check-input` reports.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The file as given.
    pub file: String,
    /// `csv` or `jsonl`.
    pub format: &'static str,
    /// Data rows read (CSV records, non-empty JSONL lines).
    pub rows: usize,
    /// Rows that became sound records.
    pub valid: usize,
    /// Rows with at least one error.
    pub invalid: usize,
    /// Sound records per list type id (every list type listed, zero included).
    pub by_list_type: BTreeMap<&'static str, usize>,
    /// Sound records per status.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Sound records per entity kind.
    pub by_entity_kind: BTreeMap<&'static str, usize>,
    /// Errors found (all of them).
    pub error_count: usize,
    /// The first [`MAX_ERRORS`] errors, each `FILE:LINE: FIELD: 中文 / English`.
    pub errors: Vec<String>,
    /// Identifiers accepted with warnings (retired division, pilot check character, …).
    pub warning_count: usize,
    /// The first [`MAX_ERRORS`] warnings.
    pub warnings: Vec<String>,
}

impl Report {
    /// Whether the file has no errors.
    pub fn ok(&self) -> bool {
        self.error_count == 0
    }
}

/// Reads a publisher input file into records; on any error, every error (up to
/// [`MAX_ERRORS`], then a line saying how many more).
pub fn read_records(path: &Path) -> Result<Vec<ListRecord>, Vec<String>> {
    let mut records = Vec::new();
    let read = read_all(path, &mut |r| records.push(r)).map_err(|e| vec![e])?;
    if read.sink.count == 0 {
        return Ok(records);
    }
    let mut errors = read.sink.errors;
    if read.sink.count > errors.len() {
        errors.push(format!(
            "{}: 另有{}个错误未列出 / {} more errors not shown",
            path.display(),
            read.sink.count - errors.len(),
            read.sink.count - errors.len()
        ));
    }
    Err(errors)
}

/// Reads a publisher input file record by record (for inputs too big to hold); `Err` with
/// every error (as [`read_records`]) when any row is unsound — records already handed over
/// must then be discarded.
pub fn for_each_record(
    path: &Path,
    on_record: &mut dyn FnMut(ListRecord),
) -> Result<(), Vec<String>> {
    let read = read_all(path, on_record).map_err(|e| vec![e])?;
    if read.sink.count == 0 {
        return Ok(());
    }
    let mut errors = read.sink.errors;
    if read.sink.count > errors.len() {
        errors.push(format!(
            "{}: 另有{}个错误未列出 / {} more errors not shown",
            path.display(),
            read.sink.count - errors.len(),
            read.sink.count - errors.len()
        ));
    }
    Err(errors)
}

/// Checks a publisher input file: counts and every problem. `Err` only when the file cannot be
/// read at all.
pub fn check_input(path: &Path) -> Result<Report, String> {
    let mut by_list_type: BTreeMap<_, _> = ListType::ALL.iter().map(|l| (l.id(), 0)).collect();
    let mut by_status: BTreeMap<_, _> =
        ListingStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut by_entity_kind: BTreeMap<_, _> =
        EntityKind::ALL.iter().map(|k| (k.as_str(), 0)).collect();
    let mut valid = 0;
    // Counted as they are read, not kept: a million records need no memory here.
    let read = read_all(path, &mut |r| {
        valid += 1;
        *by_list_type.entry(r.list_type.id()).or_default() += 1;
        *by_status.entry(r.status.as_str()).or_default() += 1;
        *by_entity_kind.entry(r.entity_kind.as_str()).or_default() += 1;
    })?;
    Ok(Report {
        file: path.display().to_string(),
        format: read.format.as_str(),
        rows: read.rows,
        valid,
        invalid: read.rows - valid,
        by_list_type,
        by_status,
        by_entity_kind,
        error_count: read.sink.count,
        errors: read.sink.errors,
        warning_count: read.sink.warning_count,
        warnings: read.sink.warnings,
    })
}

/// Errors and warnings of one file, each `FILE:LINE: FIELD: 中文 / English`.
struct Sink {
    file: String,
    errors: Vec<String>,
    count: usize,
    warnings: Vec<String>,
    warning_count: usize,
}

impl Sink {
    fn new(path: &Path) -> Sink {
        Sink {
            file: path.display().to_string(),
            errors: Vec::new(),
            count: 0,
            warnings: Vec::new(),
            warning_count: 0,
        }
    }

    fn error(&mut self, line: usize, field: &str, zh: &str, en: &str) {
        self.count += 1;
        if self.errors.len() < MAX_ERRORS {
            let file = &self.file;
            self.errors
                .push(format!("{file}:{line}: {field}: {zh} / {en}"));
        }
    }

    fn warning(&mut self, line: usize, field: &str, zh: &str, en: &str) {
        self.warning_count += 1;
        if self.warnings.len() < MAX_ERRORS {
            let file = &self.file;
            self.warnings
                .push(format!("{file}:{line}: {field}: {zh} / {en}"));
        }
    }
}

/// What reading a file gave, besides the records.
struct ReadResult {
    format: Format,
    rows: usize,
    sink: Sink,
}

/// Reads a file, handing every sound record to `on_record`; `Err` only when the file cannot be
/// opened or read.
fn read_all(path: &Path, on_record: &mut dyn FnMut(ListRecord)) -> Result<ReadResult, String> {
    let name = path.display();
    let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let format = match Format::from_extension(path) {
        Some(f) => f,
        None => {
            // Sniff: a JSON object starts the first non-blank byte of a JSONL file.
            let head = input.fill_buf().map_err(|e| format!("{name}: {e}"))?;
            let first = head
                .iter()
                .copied()
                .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
            if first == Some(b'{') {
                Format::Jsonl
            } else {
                Format::Csv
            }
        }
    };
    let mut out = ReadResult {
        format,
        rows: 0,
        sink: Sink::new(path),
    };
    match format {
        Format::Csv => read_csv(input, &mut out, on_record)?,
        Format::Jsonl => read_jsonl(input, &mut out, on_record)?,
    }
    Ok(out)
}

/// One row's values, by column.
#[derive(Default)]
struct Raw<'a> {
    cells: [Option<&'a str>; NCOL],
    /// `formerNames` given as a JSON array.
    former_list: Option<Vec<&'a str>>,
    /// `sanctions` given as a JSON array of objects.
    sanctions_list: Option<Vec<Sanction>>,
    /// `relatedPersons` given as a JSON array of objects.
    persons_list: Option<Vec<RelatedPerson>>,
}

/// The CSV header: every column known, none twice, the required ones present (each problem
/// said in `sink`). The column of each field and each column's label as written; `None` when
/// the header has a problem (no row is read then).
fn read_csv_header(
    headers: &csv::StringRecord,
    sink: &mut Sink,
) -> Option<(Vec<Option<usize>>, [String; NCOL])> {
    let mut index: Vec<Option<usize>> = Vec::with_capacity(headers.len());
    let mut labels: [String; NCOL] = COLUMNS.map(|(_, snake)| snake.to_string());
    let mut seen = [false; NCOL];
    let mut header_ok = true;
    for h in headers.iter() {
        let label = h.trim().trim_start_matches('\u{FEFF}');
        match column_of(h) {
            Some(c) if seen[c] => {
                header_ok = false;
                sink.error(1, label, "列重复", "the column appears twice");
                index.push(None);
            }
            Some(c) => {
                seen[c] = true;
                labels[c] = label.to_string();
                index.push(Some(c));
            }
            None if label.is_empty() => {
                header_ok = false;
                sink.error(1, "(header)", "列名为空", "empty column name");
                index.push(None);
            }
            None => {
                header_ok = false;
                sink.error(
                    1,
                    label,
                    "未知列（列名应为记录字段名，如entity_kind、uscc、listed_at）",
                    "unknown column (columns are the record's field names, e.g. entity_kind, uscc, listed_at)",
                );
                index.push(None);
            }
        }
    }
    for c in REQUIRED_COLUMNS {
        if !seen[c] {
            header_ok = false;
            sink.error(
                1,
                COLUMNS[c].1,
                "缺少必需的列",
                "required column is missing",
            );
        }
    }
    header_ok.then_some((index, labels))
}

fn read_csv(
    input: impl Read,
    out: &mut ReadResult,
    on_record: &mut dyn FnMut(ListRecord),
) -> Result<(), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(input);
    let headers = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", out.sink.file))?
        .clone();
    let Some((index, labels)) = read_csv_header(&headers, &mut out.sink) else {
        return Ok(());
    };
    let mut row = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => {
                        out.rows += 1;
                        let field = index
                            .get(err.field())
                            .copied()
                            .flatten()
                            .map(|c| labels[c].as_str())
                            .unwrap_or("*");
                        out.sink
                            .error(line, field, "不是有效的UTF-8文本", "not valid UTF-8");
                        continue;
                    }
                    _ => return Err(format!("{}:{line}: {e}", out.sink.file)),
                }
            }
        }
        out.rows += 1;
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        if row.len() != headers.len() {
            out.sink.error(
                line,
                "*",
                &format!("该行有{}列，表头有{}列", row.len(), headers.len()),
                &format!(
                    "the row has {} fields, the header {}",
                    row.len(),
                    headers.len()
                ),
            );
            continue;
        }
        let mut raw = Raw::default();
        for (value, c) in row.iter().zip(&index) {
            if let Some(c) = *c {
                raw.cells[c] = Some(value);
            }
        }
        if let Some(rec) = build(&raw, line, &labels, &mut out.sink) {
            on_record(rec);
        }
    }
    Ok(())
}

fn read_jsonl(
    input: impl BufRead,
    out: &mut ReadResult,
    on_record: &mut dyn FnMut(ListRecord),
) -> Result<(), String> {
    let labels: [String; NCOL] = COLUMNS.map(|(path, _)| path.to_string());
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let text = match line {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                out.rows += 1;
                out.sink
                    .error(n, "*", "不是有效的UTF-8文本", "not valid UTF-8");
                continue;
            }
            Err(e) => return Err(format!("{}:{n}: {e}", out.sink.file)),
        };
        let text = text.trim_start_matches('\u{FEFF}');
        if text.trim().is_empty() {
            continue;
        }
        out.rows += 1;
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                out.sink.error(
                    n,
                    "*",
                    &format!("不是有效的JSON：{e}"),
                    &format!("not valid JSON: {e}"),
                );
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            out.sink.error(
                n,
                "*",
                "每行须为一个JSON对象",
                "each line must be a JSON object",
            );
            continue;
        };
        let mut raw = Raw::default();
        let mut ok = true;
        for (key, v) in obj {
            ok &= take_json(&mut raw, key, v, n, &mut out.sink);
        }
        if !ok {
            continue;
        }
        if let Some(rec) = build(&raw, n, &labels, &mut out.sink) {
            on_record(rec);
        }
    }
    Ok(())
}

/// Puts one JSON member into `raw`; false (after reporting) when it cannot be used.
fn take_json<'a>(
    raw: &mut Raw<'a>,
    key: &str,
    v: &'a serde_json::Value,
    line: usize,
    sink: &mut Sink,
) -> bool {
    use serde_json::Value;
    let nested = match key {
        "term" => Some(("term", [("minEnd", TERM_MIN_END), ("maxEnd", TERM_MAX_END)])),
        "legalRepresentative" | "legal_representative" => Some((
            "legalRepresentative",
            [("name", REP_NAME), ("idNumber", REP_ID_NUMBER)],
        )),
        _ => None,
    };
    if let Some((parent, members)) = nested {
        let obj = match v {
            Value::Null => return true,
            Value::Object(o) => o,
            _ => {
                sink.error(line, parent, "应为JSON对象", "expected a JSON object");
                return false;
            }
        };
        let mut ok = true;
        for (k, inner) in obj {
            let c = members
                .iter()
                .find(|(camel, _)| k == camel || *k == snake_of(camel))
                .map(|&(_, c)| c);
            match c {
                Some(c) => ok &= take_string(raw, c, inner, line, sink),
                None => {
                    sink.error(line, &format!("{parent}.{k}"), "未知字段", "unknown field");
                    ok = false;
                }
            }
        }
        return ok;
    }
    match column_of(key) {
        Some(c @ (SANCTIONS | RELATED_PERSONS)) if v.is_array() => {
            let field = COLUMNS[c].0;
            let parsed = if c == SANCTIONS {
                serde_json::from_value::<Vec<Sanction>>(v.clone())
                    .map(|l| raw.sanctions_list = Some(l))
            } else {
                serde_json::from_value::<Vec<RelatedPerson>>(v.clone())
                    .map(|l| raw.persons_list = Some(l))
            };
            match parsed {
                Ok(()) => true,
                Err(e) => {
                    sink.error(
                        line,
                        field,
                        &format!("数组元素无效：{e}"),
                        &format!("invalid array element: {e}"),
                    );
                    false
                }
            }
        }
        Some(FORMER_NAMES) => match v {
            Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_str() {
                        Some(s) => list.push(s),
                        None => {
                            sink.error(
                                line,
                                "formerNames",
                                "应为字符串数组",
                                "expected an array of strings",
                            );
                            return false;
                        }
                    }
                }
                raw.former_list = Some(list);
                true
            }
            _ => take_string(raw, FORMER_NAMES, v, line, sink),
        },
        Some(c) => take_string(raw, c, v, line, sink),
        None => {
            sink.error(line, key, "未知字段", "unknown field");
            false
        }
    }
}

fn take_string<'a>(
    raw: &mut Raw<'a>,
    c: usize,
    v: &'a serde_json::Value,
    line: usize,
    sink: &mut Sink,
) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => {
            raw.cells[c] = Some(s);
            true
        }
        _ => {
            sink.error(
                line,
                COLUMNS[c].0,
                "应为字符串（号码和日期都写作字符串）",
                "expected a string (codes and dates are strings too)",
            );
            false
        }
    }
}

/// `minEnd` → `min_end`.
fn snake_of(camel: &str) -> String {
    let mut s = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// Turns one row into a record, reporting every problem; `None` when there was any error.
fn build(raw: &Raw, line: usize, labels: &[String; NCOL], sink: &mut Sink) -> Option<ListRecord> {
    let mut cx = Cx {
        raw,
        line,
        labels,
        sink,
        ok: true,
    };
    let entity_kind = cx
        .required(ENTITY_KIND)
        .and_then(|_| cx.parsed::<EntityKind>(ENTITY_KIND));
    let list_type = cx
        .required(LIST_TYPE)
        .and_then(|_| cx.parsed::<ListType>(LIST_TYPE));
    let listed_at = cx.required(LISTED_AT).and_then(|_| cx.date(LISTED_AT));
    let status = cx
        .required(STATUS)
        .and_then(|_| cx.parsed::<ListingStatus>(STATUS));
    let uscc = cx.identifier(USCC, |s| {
        uscc::validate(s, Profile::Lenient).map(|v| (v.warnings(), v))
    });
    let org_code = cx.identifier(ORG_CODE, |s| {
        org_code::validate(s, Profile::Lenient).map(|v| (Vec::new(), v))
    });
    let registration_number = cx.identifier(REGISTRATION_NUMBER, |s| {
        registration_number::validate(s, Profile::Lenient).map(|v| (v.warnings(), v))
    });
    // An ID number as published with hidden digits is a masked ID, never completed.
    let id_masked = cx.text(ID_NUMBER).is_some_and(has_mask);
    let id_number = if id_masked {
        None
    } else {
        cx.identifier(ID_NUMBER, |s| {
            resident_id::validate(s, Profile::Lenient).map(|v| (v.warnings(), v))
        })
    };
    let masked_id_number = match (id_masked, cx.text(MASKED_ID_NUMBER)) {
        (true, _) => cx.parsed::<MaskedId>(ID_NUMBER),
        (false, Some(_)) => cx.parsed::<MaskedId>(MASKED_ID_NUMBER),
        (false, None) => None,
    };
    let rep_id = if cx.text(REP_ID_NUMBER).is_some_and(has_mask) {
        cx.parsed::<MaskedId>(REP_ID_NUMBER).map(PersonId::Masked)
    } else {
        cx.identifier(REP_ID_NUMBER, |s| {
            resident_id::validate(s, Profile::Lenient).map(|v| (v.warnings(), PersonId::Full(v)))
        })
    };
    let decided_at = cx.date(DECIDED_AT);
    let subject_role = cx.parsed(SUBJECT_ROLE);
    let repair_tier = cx.parsed(REPAIR_TIER);
    let sanctions = match &raw.sanctions_list {
        Some(l) => l.clone(),
        None => cx.list(SANCTIONS, Sanction::parse_list),
    };
    let mut related_persons = match &raw.persons_list {
        Some(l) => l.clone(),
        None => cx.list(RELATED_PERSONS, RelatedPerson::parse_list),
    };
    let term = Term {
        min_end: cx.date(TERM_MIN_END),
        max_end: cx.date(TERM_MAX_END),
    };
    let status_date = cx.date(STATUS_DATE);
    let credit_class = cx.parsed(CREDIT_CLASS);
    let text = |c: usize| cx.text(c).unwrap_or_default().to_string();
    let former_names: Vec<String> = match &raw.former_list {
        Some(list) => list
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        None => cx
            .text(FORMER_NAMES)
            .unwrap_or_default()
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let rep_name = cx.text(REP_NAME);
    if rep_name.is_some() || rep_id.is_some() {
        related_persons.insert(
            0,
            RelatedPerson {
                role: PersonRole::LegalRepresentative,
                name: rep_name.unwrap_or_default().to_string(),
                id_number: rep_id,
            },
        );
    }
    let penalty = text(PENALTY);
    let (name, listing_authority, decision_number, reason) = (
        text(NAME),
        text(LISTING_AUTHORITY),
        text(DECISION_NUMBER),
        text(REASON),
    );
    let (Some(entity_kind), Some(list_type), Some(listed_at), Some(status)) =
        (entity_kind, list_type, listed_at, status)
    else {
        return None;
    };
    let record = ListRecord {
        entity_kind,
        uscc,
        org_code,
        registration_number,
        id_number,
        masked_id_number,
        name,
        former_names,
        list_type,
        listing_authority,
        decision_number,
        listed_at,
        decided_at,
        term,
        sanctions,
        penalty,
        subject_role,
        status,
        status_date,
        repair_tier,
        reason,
        credit_class,
        related_persons,
    };
    for p in record.check() {
        cx.problem(p);
    }
    cx.ok.then_some(record)
}

/// The state of building one record.
struct Cx<'r, 'a> {
    raw: &'r Raw<'a>,
    line: usize,
    labels: &'r [String; NCOL],
    sink: &'r mut Sink,
    ok: bool,
}

impl Cx<'_, '_> {
    /// A trimmed, non-empty value.
    fn text(&self, c: usize) -> Option<&str> {
        self.raw.cells[c].map(str::trim).filter(|s| !s.is_empty())
    }

    fn label(&self, field: &str) -> Cow<'_, str> {
        match COLUMNS.iter().position(|(path, _)| *path == field) {
            Some(c) => Cow::Borrowed(&self.labels[c]),
            None => Cow::Owned(field.to_string()),
        }
    }

    fn problem(&mut self, p: FieldProblem) {
        self.ok = false;
        let label = self.label(p.field()).into_owned();
        self.sink
            .error(self.line, &label, &p.message(), &p.message_en());
    }

    fn required(&mut self, c: usize) -> Option<()> {
        if self.text(c).is_some() {
            return Some(());
        }
        self.problem(FieldProblem::new(COLUMNS[c].0, RecordProblemCode::Required));
        None
    }

    fn parsed<T: std::str::FromStr<Err = FieldProblem>>(&mut self, c: usize) -> Option<T> {
        let s = self.text(c)?;
        match s.parse() {
            Ok(v) => Some(v),
            Err(p) => {
                self.problem(p);
                None
            }
        }
    }

    /// A list cell (`;`-separated items) parsed with `parse`; empty when absent or wrong.
    fn list<T>(&mut self, c: usize, parse: fn(&str) -> Result<Vec<T>, FieldProblem>) -> Vec<T> {
        let Some(s) = self.text(c) else {
            return Vec::new();
        };
        match parse(s) {
            Ok(v) => v,
            Err(p) => {
                self.problem(p);
                Vec::new()
            }
        }
    }

    fn date(&mut self, c: usize) -> Option<chrono::NaiveDate> {
        let s = self.text(c)?;
        match parse_date(COLUMNS[c].0, s) {
            Ok(d) => Some(d),
            Err(p) => {
                self.problem(p);
                None
            }
        }
    }

    /// Parses an identifier with its module; errors and warnings in both languages.
    fn identifier<T>(
        &mut self,
        c: usize,
        parse: impl Fn(&str) -> Result<(Vec<Problem>, T), Invalid>,
    ) -> Option<T> {
        let s = self.text(c)?;
        match parse(s) {
            Ok((warnings, v)) => {
                if !warnings.is_empty() {
                    let (zh, en) = messages(&warnings);
                    self.sink.warning(self.line, &self.labels[c], &zh, &en);
                }
                Some(v)
            }
            Err(e) => {
                self.ok = false;
                let (zh, en) = messages(e.problems());
                self.sink.error(self.line, &self.labels[c], &zh, &en);
                None
            }
        }
    }
}

/// Whether a typed ID number has hidden characters (`*`, `＊`, `×`).
fn has_mask(s: &str) -> bool {
    s.contains(['*', '＊', '×'])
}

/// An identifier's problems as one Chinese and one English message.
fn messages(problems: &[Problem]) -> (String, String) {
    let zh: Vec<String> = problems.iter().map(Problem::message).collect();
    let en: Vec<String> = problems.iter().map(Problem::message_en).collect();
    (zh.join("；"), en.join("; "))
}

#[cfg(test)]
mod tests {
    //! The column mapping (private); reading files is tested in `tests/cli_input.rs`.
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_of("term_max_end"), Some(TERM_MAX_END));
        assert_eq!(column_of("termMaxEnd"), Some(TERM_MAX_END));
        assert_eq!(column_of("term.maxEnd"), Some(TERM_MAX_END));
        assert_eq!(
            column_of("legalRepresentativeIdNumber"),
            Some(REP_ID_NUMBER)
        );
        assert_eq!(column_of("\u{FEFF}entity_kind"), Some(ENTITY_KIND));
        assert_eq!(column_of("Uscc"), None);
        for (i, (path, snake)) in COLUMNS.iter().enumerate() {
            assert_eq!(snake_of(&flat_camel(path)), *snake);
            assert_eq!(column_of(snake), Some(i));
            assert!(
                credit_check::lists::record::FIELDS
                    .iter()
                    .any(|(p, _)| p == path),
                "{path} is a record field"
            );
        }
        let mut s = String::new();
        push_date(&mut s, chrono::NaiveDate::from_ymd_opt(2023, 3, 1));
        assert_eq!(s, "2023-03-01");
    }
}
