//! The command line itself (native only).
//!
//! ```text
//! credit-check validate [--profile strict|lenient] [--kind KIND] [INPUT...]   # or one per line on stdin
//! credit-check audit [--profile …] FILE.csv|FILE.jsonl                       # data-quality report
//! credit-check keygen | rotate-key | synth | check-input                      # publisher keys and input
//! credit-check import --format zxgk|ccgp|xzcf|jyyc|zdss FILE… --out OUT.jsonl|OUT.csv  # import/
//! credit-check build | sign | verify | inspect | diff | lookup                # snapshots (publish.rs)
//! credit-check match --snapshot F --keys K (--name N | --code C | …) | --parties F  # screen.rs
//! credit-check check | verify-record                                          # verdicts (verdict.rs)
//! ```
//!
//! `verify`, `lookup`, `match` and `check` take `--last-sequence N`, the highest snapshot
//! sequence accepted before: a lower one is refused as `ROLLBACK` (`verify`: exit 1 with the
//! error as JSON; the others: exit 2 with the error on stderr, as for any refused snapshot).
//!
//! Exit status: 0 when everything was accepted, 1 when an input was invalid, 2 on usage or I/O
//! errors (and, except for `verify`, a refused snapshot). `lookup`, `match` and `check` say
//! more in their own help.

pub(crate) use credit_check::publish::keygen;

use clap::{Parser, Subcommand};
use credit_check::audit::{self, Record};
use credit_check::snapshot::LoadOptions;
use credit_check::{IdentifierKind, Options, Profile};
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "credit-check",
    version,
    about = "Validate Chinese credit codes, audit record files, and prepare signed list snapshots"
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
    /// Print the vocabulary: every list type, decision, scenario, effect, status and identifier
    /// kind with its Chinese and English names (the JS package's `vocabulary()`), as JSON.
    Vocabulary {
        /// JSON (the only format; the flag says so in scripts).
        #[arg(long)]
        json: bool,
    },
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
    /// Generate a snapshot signing key: OUT/ID.key.json (secret, mode 0600, never overwritten)
    /// and OUT/ID.pub.json (its keyring entry, also printed; with a scope when --publisher,
    /// --list-type or --region is given).
    Keygen {
        /// ed25519, or sm2 (SM2 signatures with SM3).
        #[arg(long, value_name = "ALG")]
        alg: String,
        /// Key id: 1-64 letters, digits, '.', '_' or '-'.
        #[arg(long)]
        id: String,
        /// Directory for the two files (created if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// First valid instant: RFC 3339 (whole seconds) or YYYY-MM-DD (midnight UTC).
        #[arg(long)]
        valid_from: Option<String>,
        /// First instant no longer valid: RFC 3339 (whole seconds) or YYYY-MM-DD.
        #[arg(long)]
        valid_until: Option<String>,
        /// Scope: the only publisher name the key may sign snapshots for.
        #[arg(long)]
        publisher: Option<String>,
        /// Scope: a list type the key may sign (repeatable); none given: any list type.
        #[arg(long = "list-type", value_name = "ID")]
        list_types: Vec<String>,
        /// Scope: a GB/T 2260 region the key may sign for, with its subdivisions (repeatable;
        /// 000000 is the whole country); none given: any region.
        #[arg(long = "region", value_name = "CODE")]
        regions: Vec<String>,
    },
    /// Sign a new key's entry with the old key (a rotation); prints the entry for clients'
    /// Keyring::accept_rotation.
    RotateKey {
        /// The old key's secret file (ID.key.json).
        #[arg(long)]
        old_key: PathBuf,
        /// The new key's public entry (ID.pub.json).
        #[arg(long)]
        new_pub: PathBuf,
        /// When accepted, the old key stops being valid at this time (RFC 3339 or YYYY-MM-DD).
        #[arg(long)]
        retire_old_at: Option<String>,
    },
    /// Write N realistic synthetic list records (CSV or JSONL) for demos, tests and benchmarks.
    Synth {
        /// Number of records.
        n: usize,
        /// Seed: the same seed gives the same records.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output format; default from --out's extension, else csv.
        #[arg(long, value_enum)]
        format: Option<crate::input::Format>,
        /// Output file; default stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write N rows of a published format instead (xzcf only: the import benchmark).
        #[arg(long = "as", value_enum, hide = true)]
        as_published: Option<crate::import::SourceFormat>,
    },
    /// Check a publisher input file of list records (CSV or JSONL): counts and every problem,
    /// as JSON. Exit 1 when there are errors.
    CheckInput {
        /// The file; .csv is CSV, .jsonl/.ndjson/.json JSON lines, anything else sniffed.
        file: PathBuf,
    },
    /// Import published lists as records (docs/import.md): the report as JSON. Exit 0 when
    /// every row was imported, 1 when rows were reported (records still written), 2 when refused
    /// (nothing written).
    Import {
        /// The published format: zxgk (失信被执行人), ccgp (政府采购严重违法失信), xzcf (行政处罚
        /// 双公示), jyyc (经营异常名录), zdss (重大税收违法失信主体).
        #[arg(long, value_enum)]
        format: crate::import::SourceFormat,
        /// The published files (CSV or JSON; UTF-8 or GB18030).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output: .jsonl (JSON lines) or .csv (the publisher input CSV).
        #[arg(long)]
        out: PathBuf,
        /// 列入机关 for rows that name none (the tax list's export has no such column).
        #[arg(long)]
        authority: Option<String>,
    },
    /// Build a snapshot from a publisher input file (or --synth N records, or published lists
    /// with --format); signed with --key. Prints the header.
    Build(BuildCommand),
    /// Sign (or re-sign) a built snapshot.
    Sign {
        /// The snapshot.
        file: PathBuf,
        /// Secret key file (ID.key.json).
        #[arg(long)]
        key: PathBuf,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Verify a snapshot as a client would; prints its status, or the refusal (exit 1).
    Verify {
        /// The snapshot.
        file: PathBuf,
        /// Keyring JSON (or one key's ID.pub.json).
        #[arg(long)]
        keys: PathBuf,
        /// Highest sequence accepted before: lower is a rollback.
        #[arg(long)]
        last_sequence: Option<u64>,
        /// Accept a stale snapshot (reported as stale).
        #[arg(long)]
        allow_stale: bool,
        /// Verify as of this time instead of now (RFC 3339 or YYYY-MM-DD).
        #[arg(long)]
        at: Option<String>,
    },
    /// Show a snapshot's header, counts, key and staleness as JSON (verified with --keys).
    Inspect {
        /// The snapshot.
        file: PathBuf,
        /// Keyring to verify with.
        #[arg(long)]
        keys: Option<PathBuf>,
    },
    /// Records added, removed and changed between two snapshots, as JSON.
    Diff {
        /// The older snapshot.
        old: PathBuf,
        /// The newer snapshot.
        new: PathBuf,
        /// Keyring to verify both with.
        #[arg(long)]
        keys: Option<PathBuf>,
    },
    /// Look identifiers up in a verified snapshot: one JSON line each; exit 1 when any has an
    /// active entry.
    Lookup {
        /// The snapshot.
        #[arg(long)]
        snapshot: PathBuf,
        /// Keyring JSON (or one key's ID.pub.json).
        #[arg(long)]
        keys: PathBuf,
        /// Accept a stale snapshot (answers say stale).
        #[arg(long)]
        allow_stale: bool,
        /// Highest sequence accepted before: lower is a rollback (refused, exit 2).
        #[arg(long)]
        last_sequence: Option<u64>,
        /// USCCs, organisation codes, registration numbers or ID numbers.
        #[arg(required = true)]
        codes: Vec<String>,
    },
    /// Screen parties (a company and its legal representative, or a natural person) against a
    /// verified snapshot: identifiers decide, names rank. One JSON object per party; exit 1 when
    /// any party has a definite hit.
    Match(MatchCommand),
    /// The verdict for parties in a scenario, with its check record and SHA-256. Exit 0 pass,
    /// 1 block, 3 review / stale / not covered / invalid input; 2 a wrong request, or
    /// `unavailable`: no snapshot could be used (refused, unreadable, shards missing), nothing
    /// was checked — the reason on stderr, and with --json on stdout too.
    Check(CheckCommand),
    /// Re-run a check record against the snapshot it names; exit 0 only when the re-run gives
    /// the same bytes.
    VerifyRecord {
        /// The snapshot.
        #[arg(long)]
        snapshot: PathBuf,
        /// Keyring JSON (or one key's ID.pub.json).
        #[arg(long)]
        keys: PathBuf,
        /// The SHA-256 stored with the record: the record text must have it.
        #[arg(long)]
        sha256: Option<String>,
        /// The record file (canonical JSON).
        record: PathBuf,
    },
}

// The `build` command's flags (its help is the variant's doc comment above).
#[derive(clap::Args)]
struct BuildCommand {
    /// Input records (CSV or JSONL, see docs/snapshot-records.md); with --format, one or
    /// more published files.
    inputs: Vec<PathBuf>,
    /// Read the inputs as this published format (as `import` does; its report goes to
    /// stderr, and the exit status is 1 when rows were reported).
    #[arg(long, value_enum)]
    format: Option<crate::import::SourceFormat>,
    /// With --format: 列入机关 for rows that name none.
    #[arg(long)]
    authority: Option<String>,
    /// Use N synthetic records instead of an input file.
    #[arg(long, value_name = "N")]
    synth: Option<usize>,
    /// Seed for --synth.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output snapshot file.
    #[arg(long)]
    out: PathBuf,
    /// Publisher name or id.
    #[arg(long)]
    publisher: String,
    /// Sequence number: higher than every earlier snapshot's.
    #[arg(long)]
    sequence: u64,
    /// Issue time (RFC 3339 or YYYY-MM-DD); default now.
    #[arg(long)]
    issued_at: Option<String>,
    /// Expiry (RFC 3339 or YYYY-MM-DD); default issue time + --valid-days.
    #[arg(long)]
    expires_at: Option<String>,
    /// Days until stale when --expires-at is not given.
    #[arg(long, default_value_t = 7)]
    valid_days: i64,
    /// GB/T 2260 code of the region covered.
    #[arg(long, default_value = "000000")]
    region_code: String,
    /// Name of the region covered.
    #[arg(long, default_value = "全国")]
    region_name: String,
    /// A list covered even with no records on it today (repeatable).
    #[arg(long = "list-type", value_name = "ID")]
    list_types: Vec<String>,
    /// Sign with this secret key file (ID.key.json); without it the file is unsigned.
    #[arg(long)]
    key: Option<PathBuf>,
    /// Measure catalogue to sign in: `embedded` (this build's, the default), a directory
    /// of catalogue TSV files (like data/catalogue/v2), or `none`.
    #[arg(long, default_value = "embedded")]
    catalogue: String,
    /// Write a sharded snapshot for lists too big to download whole: --out is a directory
    /// that receives manifest.ccs (signed; needs --key), pages/ and shards/
    /// (docs/sharded-snapshots.md). Input is streamed, so ten million records fit.
    #[arg(long)]
    sharded: bool,
    /// With --synth: percent of entities that are natural persons (national lists: 70).
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(0..=100))]
    persons: u32,
}

// The `check` command's flags (its help is the variant's doc comment above).
#[derive(clap::Args)]
struct CheckCommand {
    /// The snapshot (a stale one still loads: the verdict says stale).
    #[arg(long)]
    snapshot: PathBuf,
    /// Keyring JSON (or one key's ID.pub.json).
    #[arg(long)]
    keys: PathBuf,
    /// Scenario id (SC-ZFCG-SUPPLIER, SC-XZXK-COMMITMENT, …); overrides the file's.
    #[arg(long)]
    scenario: Option<String>,
    /// Cut-off (截止时点): RFC 3339 or YYYY-MM-DD (a date in China); default now.
    #[arg(long)]
    cutoff: Option<String>,
    /// Run as at this time (RFC 3339) instead of now: staleness and the default cut-off.
    #[arg(long)]
    at: Option<String>,
    /// Highest sequence accepted before: lower is a rollback (refused, exit 2).
    #[arg(long)]
    last_sequence: Option<u64>,
    /// A case fact a measure's condition names: NAME=true|false (repeatable).
    #[arg(long = "fact", value_name = "NAME=BOOL")]
    facts: Vec<String>,
    /// Also write the canonical record to this file.
    #[arg(long)]
    record_out: Option<PathBuf>,
    /// Print {verdict, record, sha256} as JSON instead of text (or {decision: "unavailable",
    /// reason, message, messageZh, verdict: null, record: null, sha256: null}, exit 2).
    #[arg(long)]
    json: bool,
    /// Parties: a JSON array of {role, name, code, legalRepName, legalRepId, personName,
    /// personId, creditClass, label}, or a whole request {scenario, cutoff, parties, facts}.
    parties: PathBuf,
}

// The `match` command's flags (its help is the variant's doc comment above).
#[derive(clap::Args)]
struct MatchCommand {
    /// The snapshot.
    #[arg(long)]
    snapshot: PathBuf,
    /// Keyring JSON (or one key's ID.pub.json).
    #[arg(long)]
    keys: PathBuf,
    /// Organisation name.
    #[arg(long)]
    name: Option<String>,
    /// Organisation code: USCC, legacy organisation code or registration number.
    #[arg(long)]
    code: Option<String>,
    /// A natural person's name.
    #[arg(long)]
    person_name: Option<String>,
    /// A natural person's ID number.
    #[arg(long)]
    person_id: Option<String>,
    /// The organisation's legal representative's name.
    #[arg(long)]
    legal_rep_name: Option<String>,
    /// The legal representative's ID number.
    #[arg(long)]
    legal_rep_id: Option<String>,
    /// Parties as JSON lines: {"name","code","legalRepName","legalRepId","personName","personId"}.
    #[arg(long)]
    parties: Option<PathBuf>,
    /// Only these lists (repeatable); default every list the snapshot covers.
    #[arg(long = "list-type", value_name = "ID")]
    list_types: Vec<String>,
    /// Accept a stale snapshot (results say stale).
    #[arg(long)]
    allow_stale: bool,
    /// Highest sequence accepted before: lower is a rollback (refused, exit 2).
    #[arg(long)]
    last_sequence: Option<u64>,
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
        Command::Vocabulary { json: _ } => print_vocabulary(),
        Command::Validate { judging, inputs } => validate(&judging, inputs),
        Command::Audit { judging, file } => run_audit(&judging, &file),
        Command::Keygen {
            alg,
            id,
            out,
            valid_from,
            valid_until,
            publisher,
            list_types,
            regions,
        } => keygen::run(
            &alg,
            &id,
            &out,
            valid_from.as_deref(),
            valid_until.as_deref(),
            &keygen::ScopeArgs {
                publisher: publisher.as_deref(),
                list_types: &list_types,
                regions: &regions,
            },
        )
        .map(|()| ExitCode::SUCCESS),
        Command::RotateKey {
            old_key,
            new_pub,
            retire_old_at,
        } => keygen::rotate_key(&old_key, &new_pub, retire_old_at.as_deref())
            .map(|()| ExitCode::SUCCESS),
        Command::Synth {
            n,
            seed,
            format,
            out,
            as_published,
        } => match as_published {
            Some(f) => crate::import::synth(f, n, seed, out.as_deref()).map(|()| ExitCode::SUCCESS),
            None => run_synth(n, seed, format, out.as_deref()),
        },
        Command::CheckInput { file } => check_input(&file),
        Command::Import {
            format,
            files,
            out,
            authority,
        } => Ok(crate::import::run(
            &crate::import::Options {
                format,
                files: &files,
                authority: authority.as_deref(),
            },
            &out,
        )),
        Command::Build(c) => run_build_command(c),
        Command::Sign { file, key, out } => crate::publish::run_sign(&file, &key, &out),
        Command::Verify {
            file,
            keys,
            last_sequence,
            allow_stale,
            at,
        } => crate::publish::run_verify(&file, &keys, last_sequence, allow_stale, at.as_deref()),
        Command::Inspect { file, keys } => crate::publish::run_inspect(&file, keys.as_deref()),
        Command::Diff { old, new, keys } => crate::publish::run_diff(&old, &new, keys.as_deref()),
        Command::Lookup {
            snapshot,
            keys,
            allow_stale,
            last_sequence,
            codes,
        } => crate::publish::run_lookup(&snapshot, &keys, &codes, allow_stale, last_sequence),
        Command::Check(c) => run_check_command(c),
        Command::VerifyRecord {
            snapshot,
            keys,
            sha256,
            record,
        } => crate::verdict::run_verify_record(&snapshot, &keys, &record, sha256.as_deref()),
        Command::Match(c) => run_match_command(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("credit-check: {e}");
            ExitCode::from(2)
        }
    }
}

/// `build`: the command's flags as the publisher's build arguments.
fn run_build_command(c: BuildCommand) -> Result<ExitCode, String> {
    let BuildCommand {
        inputs,
        format,
        authority,
        synth,
        seed,
        out,
        publisher,
        sequence,
        issued_at,
        expires_at,
        valid_days,
        region_code,
        region_name,
        list_types,
        key,
        catalogue,
        sharded,
        persons,
    } = c;
    crate::publish::run_build(&crate::publish::BuildArgs {
        input: match (format, inputs.as_slice()) {
            (None, [one]) => Some(one.as_path()),
            (None, []) | (Some(_), _) => None,
            (None, _) => {
                eprintln!("credit-check: several input files need --format (published lists)");
                return Ok(ExitCode::from(2));
            }
        },
        import: format.map(|format| crate::import::Options {
            format,
            files: &inputs,
            authority: authority.as_deref(),
        }),
        synth: synth.map(|n| (n, seed)),
        out: &out,
        publisher: &publisher,
        sequence,
        issued_at: issued_at.as_deref(),
        expires_at: expires_at.as_deref(),
        valid_days,
        region_code: &region_code,
        region_name: &region_name,
        list_types: &list_types,
        key: key.as_deref(),
        catalogue: &catalogue,
        sharded,
        persons,
    })
}

/// `check`: the command's flags as the verdict's check arguments.
fn run_check_command(c: CheckCommand) -> Result<ExitCode, String> {
    let CheckCommand {
        snapshot,
        keys,
        scenario,
        cutoff,
        at,
        last_sequence,
        facts,
        record_out,
        json,
        parties,
    } = c;
    crate::verdict::run_check(&crate::verdict::CheckArgs {
        snapshot: &snapshot,
        keys: &keys,
        scenario: scenario.as_deref(),
        cutoff: cutoff.as_deref(),
        at: at.as_deref(),
        last_sequence,
        facts: &facts,
        record_out: record_out.as_deref(),
        json,
        parties: &parties,
    })
}

/// `match`: the party's flags and the load options for screening.
fn run_match_command(c: MatchCommand) -> Result<ExitCode, String> {
    let MatchCommand {
        snapshot,
        keys,
        name,
        code,
        person_name,
        person_id,
        legal_rep_name,
        legal_rep_id,
        parties,
        list_types,
        allow_stale,
        last_sequence,
    } = c;
    crate::screen::run(
        &snapshot,
        &keys,
        crate::screen::Flags {
            name,
            code,
            person_name,
            person_id,
            legal_rep_name,
            legal_rep_id,
        },
        parties.as_deref(),
        &list_types,
        LoadOptions {
            allow_stale,
            last_accepted_sequence: last_sequence,
            ..LoadOptions::now()
        },
    )
}

fn options(j: &Judging) -> Options {
    Options::new(j.kind, j.profile)
}

fn print_vocabulary() -> Result<ExitCode, String> {
    let v = credit_check::check::vocabulary::vocabulary();
    let text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
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

/// `synth`: the format defaults to --out's extension, else CSV.
fn run_synth(
    n: usize,
    seed: u64,
    format: Option<crate::input::Format>,
    out: Option<&Path>,
) -> Result<ExitCode, String> {
    let format = format
        .or_else(|| out.and_then(crate::input::Format::from_extension))
        .unwrap_or(crate::input::Format::Csv);
    crate::synth::run(n, seed, out, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `check-input`: the report as JSON; exit 1 when the file has errors.
fn check_input(path: &Path) -> Result<ExitCode, String> {
    let report = crate::input::check_input(path)?;
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
