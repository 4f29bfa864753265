//! The command line itself (native only).
//!
//! ```text
//! credit-check validate [--profile strict|lenient] [--kind KIND] [INPUT...]   # or one per line on stdin
//! credit-check audit [--profile …] FILE.csv|FILE.jsonl                       # data-quality report
//! ```
//!
//! Exit status: 0 when everything was accepted, 1 when an input was invalid, 2 on usage or I/O
//! errors.

use clap::{Parser, Subcommand};
use credit_check::audit::{self, Record};
use credit_check::{IdentifierKind, Options, Profile};
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "credit-check",
    version,
    about = "Validate Chinese credit codes and audit record files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Judging {
    /// strict: reject on any rule; lenient: reject only what cannot be a code.
    #[arg(long, default_value = "lenient", value_parser = parse_profile)]
    profile: Profile,
    /// Judge every input as this kind (uscc, residentId, orgCode, registrationNumber,
    /// taxpayerId); default: whatever it is.
    #[arg(long, value_parser = parse_kind)]
    kind: Option<IdentifierKind>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate inputs from the arguments, or one per line from stdin; prints one JSON object each.
    Validate {
        #[command(flatten)]
        judging: Judging,
        /// Inputs; none reads stdin.
        inputs: Vec<String>,
    },
    /// Audit a CSV (columns code,name) or JSONL ({"code","name"}) file of records.
    Audit {
        #[command(flatten)]
        judging: Judging,
        /// The file; .jsonl/.ndjson are read as JSON lines, anything else as CSV with a header.
        file: PathBuf,
    },
}

fn parse_profile(s: &str) -> Result<Profile, String> {
    s.parse().map_err(|p: credit_check::Problem| p.message_en())
}

fn parse_kind(s: &str) -> Result<IdentifierKind, String> {
    s.parse().map_err(|p: credit_check::Problem| p.message_en())
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { judging, inputs } => validate(&judging, inputs),
        Command::Audit { judging, file } => run_audit(&judging, &file),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("credit-check: {e}");
            ExitCode::from(2)
        }
    }
}

fn options(j: &Judging) -> Options {
    Options::new(j.kind, j.profile)
}

fn validate(j: &Judging, inputs: Vec<String>) -> Result<ExitCode, String> {
    let opts = Options {
        today: Some(credit_check::resident_id::today_in_china()),
        ..options(j)
    };
    let out = io::stdout().lock();
    let mut out = BufWriter::new(out);
    let mut all_ok = true;
    let mut one = |input: &str| -> Result<(), String> {
        let v = credit_check::validate(input, &opts);
        all_ok &= v.ok;
        let mut json = serde_json::to_value(&v).map_err(|e| e.to_string())?;
        if let Some(obj) = json.as_object_mut() {
            obj.insert("input".into(), input.into());
        }
        writeln!(out, "{json}").map_err(|e| e.to_string())
    };
    if inputs.is_empty() {
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("stdin: {e}"))?;
            one(&line)?;
        }
    } else {
        for input in &inputs {
            one(input)?;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads records with the line each came from, so findings point into the file.
fn read_records(path: &Path) -> Result<(Vec<Record>, Vec<usize>), String> {
    let name = path.display();
    let is_jsonl = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    );
    let mut records = Vec::new();
    let mut rows = Vec::new();
    if is_jsonl {
        let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
        for (i, line) in io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{name}:{}: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record =
                serde_json::from_str(&line).map_err(|e| format!("{name}:{}: {e}", i + 1))?;
            records.push(rec);
            rows.push(i + 1);
        }
    } else {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| format!("{name}: {e}"))?;
        let headers = rdr.headers().map_err(|e| format!("{name}: {e}"))?.clone();
        let col = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.trim().trim_start_matches('\u{FEFF}')))
        };
        let code_col = col(&["code", "uscc", "统一社会信用代码", "代码"])
            .ok_or_else(|| format!("{name}:1: no column named code (or 统一社会信用代码)"))?;
        let name_col = col(&["name", "名称", "企业名称", "单位名称"]);
        for result in rdr.records() {
            let row = result.map_err(|e| format!("{name}: {e}"))?;
            let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
            records.push(Record {
                code: row.get(code_col).unwrap_or_default().to_string(),
                name: name_col
                    .and_then(|c| row.get(c))
                    .unwrap_or_default()
                    .to_string(),
            });
            rows.push(line);
        }
    }
    Ok((records, rows))
}

fn run_audit(j: &Judging, path: &Path) -> Result<ExitCode, String> {
    let (records, rows) = read_records(path)?;
    let report = audit::audit(&records, Some(&rows), &options(j));
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}
