//! `credit-check check` and `credit-check verify-record` (native only; see `docs/verdicts.md`).
//!
//! ```text
//! credit-check check --snapshot FILE --keys KEYRING --scenario S [--cutoff T] [--at T]
//!     [--last-sequence N] [--fact NAME=true|false]… [--record-out FILE] [--json] PARTIES.json
//! credit-check verify-record --snapshot FILE --keys KEYRING [--sha256 HEX] RECORD.json
//! ```
//!
//! `check` prints the verdict (readable, or `--json`), the canonical record and its SHA-256;
//! exit 0 pass, 1 block, 3 any other outcome (review, stale, not covered, invalid input); 2 when
//! the request is wrong, or when no snapshot can be used — refused (a sequence below
//! `--last-sequence` is `ROLLBACK`), unreadable, or its shards missing. Then nothing was checked:
//! the outcome is `unavailable` with the refusal's code as its reason, on stderr, and with
//! `--json` also on stdout as `{decision: "unavailable", reason, verdict: null, record: null,
//! sha256: null, message, messageZh}` — the answer the JS package gives.
//! `verify-record` re-runs a record and exits 0 only when the re-run gives the same bytes.

use crate::cli::keygen::parse_time;
use crate::publish::load;
use chrono::{DateTime, Utc};
use credit_check::check::{CheckInput, CheckParty, Checker, Unavailable};
use credit_check::check::{Decision, Verdict, Verification};
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError};
use std::path::Path;
use std::process::ExitCode;

/// `check`'s options.
pub struct CheckArgs<'a> {
    pub snapshot: &'a Path,
    pub keys: &'a Path,
    pub scenario: Option<&'a str>,
    pub cutoff: Option<&'a str>,
    pub at: Option<&'a str>,
    /// The highest sequence accepted before: a lower one is refused (`ROLLBACK`).
    pub last_sequence: Option<u64>,
    pub facts: &'a [String],
    pub record_out: Option<&'a Path>,
    pub json: bool,
    pub parties: &'a Path,
}

fn load_at(
    snapshot: &Path,
    keys: &Path,
    now: DateTime<Utc>,
    input: &CheckInput,
    last_sequence: Option<u64>,
) -> Result<Result<Snapshot, SnapshotError>, String> {
    // A stale snapshot still loads: the verdict says `stale`, never `pass`.
    load(
        snapshot,
        keys,
        LoadOptions {
            now,
            last_accepted_sequence: last_sequence,
            allow_stale: true,
        },
        &|src| src.request_keys(input),
    )
}

/// The request from the parties file: an array of parties, or a whole request object; the
/// command-line options fill in (and override) its scenario, cut-off and facts.
fn request(a: &CheckArgs) -> Result<CheckInput, String> {
    let text =
        std::fs::read_to_string(a.parties).map_err(|e| format!("{}: {e}", a.parties.display()))?;
    let mut input = if text.trim_start().starts_with('[') {
        let parties: Vec<CheckParty> =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", a.parties.display()))?;
        CheckInput {
            parties,
            ..CheckInput::default()
        }
    } else {
        CheckInput::from_json(&text).map_err(|e| format!("{}: {e}", a.parties.display()))?
    };
    if let Some(s) = a.scenario {
        input.scenario = s.to_string();
    }
    if let Some(c) = a.cutoff {
        input.cutoff = Some(c.to_string());
    }
    for f in a.facts {
        let (k, v) = f
            .split_once('=')
            .ok_or_else(|| format!("--fact {f}: use NAME=true or NAME=false"))?;
        let v = match v {
            "true" | "yes" => true,
            "false" | "no" => false,
            _ => return Err(format!("--fact {f}: use NAME=true or NAME=false")),
        };
        input.facts.insert(k.to_string(), v);
    }
    if input.scenario.is_empty() {
        return Err("give --scenario (or \"scenario\" in the request file)".into());
    }
    Ok(input)
}

fn print_verdict(v: &Verdict) {
    println!("{} / {}", v.summary.zh, v.summary.en);
    for p in &v.parties {
        let who = p
            .label
            .clone()
            .unwrap_or_else(|| format!("#{}", p.index + 1));
        println!(
            "  [{}] {} ({}): {} / {}",
            p.index,
            who,
            p.role,
            p.decision.name_zh(),
            p.decision.name_en()
        );
        for h in &p.hits {
            let name = h.record.get("name").and_then(|n| n.as_str()).unwrap_or("");
            println!(
                "    {} {} — {} ({:?}, {:?}); {}",
                h.list_type,
                name,
                h.validity.reason_zh(),
                h.matched.kind,
                h.matched.band,
                h.objection.route.zh
            );
            for m in &h.measures {
                println!(
                    "      {} [{:?}, {}] {} — {}",
                    m.id, m.effect, m.state, m.text.zh, m.why.zh
                );
            }
        }
        for m in &p.measures {
            println!("    {} [{:?}, {}] {}", m.id, m.effect, m.state, m.text.zh);
        }
        if let Some(c) = &p.commitment {
            println!("    承诺/commitment: {} — {}", c.allowed, c.why.zh);
        }
        if let Some(s) = &p.supervision {
            println!("    监管/supervision: {}", s.why.zh);
        }
        for s in &p.next_steps {
            println!("    → {}", s.zh);
        }
    }
    if let Some(c) = &v.consortium {
        println!("  联合体/consortium: {}", c.why.zh);
    }
    for s in &v.next_steps {
        println!("  → {}", s.zh);
    }
}

/// `credit-check check`.
pub fn run_check(a: &CheckArgs) -> Result<ExitCode, String> {
    let now = match a.at {
        Some(t) => parse_time(t)?,
        None => Utc::now(),
    };
    let input = request(a)?;
    let checker = match load_at(a.snapshot, a.keys, now, &input, a.last_sequence)? {
        Ok(s) => Checker::new(s),
        Err(e) => {
            eprintln!("credit-check: {}: {e}", a.snapshot.display());
            return Ok(unavailable(&Unavailable::from_snapshot_error(&e), a.json));
        }
    };
    let r = checker.check(&input, now).map_err(|e| e.to_string())?;
    if let Some(out) = a.record_out {
        std::fs::write(out, format!("{}\n", r.json))
            .map_err(|e| format!("{}: {e}", out.display()))?;
    }
    if a.json {
        println!(
            "{}",
            serde_json::json!({"verdict": r.verdict, "record": r.json, "sha256": r.sha256})
        );
    } else {
        print_verdict(&r.verdict);
        println!("record: {}", r.json);
        println!("sha256: {}", r.sha256);
    }
    Ok(match r.verdict.decision {
        Decision::Pass => ExitCode::SUCCESS,
        Decision::Block => ExitCode::from(1),
        _ => ExitCode::from(3),
    })
}

/// A check that could not be done: the outcome on stderr (and as JSON on stdout with `--json`),
/// exit 2. Never a pass.
fn unavailable(u: &Unavailable, json: bool) -> ExitCode {
    eprintln!("credit-check: {u}");
    if json {
        println!("{}", serde_json::to_string(u).unwrap_or_default());
    }
    ExitCode::from(2)
}

/// What `verify-record` prints: each digest named for what it is the digest of —
/// `sha256Record` of the record file as read, `sha256Expected` the `--sha256` given (when given),
/// `sha256Rerun` of the re-run (empty when it was not re-run).
fn verification_json(v: &Verification, expected: Option<&str>) -> String {
    let mut out = serde_json::json!({
        "matches": v.matches,
        "code": v.code,
        "sha256Record": v.sha256_given,
        "sha256Rerun": v.sha256_rerun,
        "messageZh": v.message.zh(),
        "message": v.message.en(),
    });
    if let Some(x) = expected {
        out["sha256Expected"] = serde_json::Value::from(x.trim());
    }
    if let Some(d) = &v.first_difference {
        out["firstDifference"] = serde_json::Value::from(d.as_str());
    }
    out.to_string()
}

/// `credit-check verify-record`.
pub fn run_verify_record(
    snapshot: &Path,
    keys: &Path,
    record: &Path,
    sha256: Option<&str>,
) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(record).map_err(|e| format!("{}: {e}", record.display()))?;
    // The snapshot is loaded as of the time the record was made (its keys' validity, its expiry).
    let at = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/input/checkedAt")
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .ok_or_else(|| {
            format!(
                "{}: not a check record (no input.checkedAt)",
                record.display()
            )
        })?;
    let now = DateTime::parse_from_rfc3339(&at)
        .map_err(|_| {
            format!(
                "{}: input.checkedAt '{at}' is not RFC 3339",
                record.display()
            )
        })?
        .with_timezone(&Utc);
    // A sharded snapshot is read for the parties the record was made for.
    let parties = CheckInput::of_record(&text).unwrap_or_default();
    let s = load_at(snapshot, keys, now, &parties, None)?
        .map_err(|e| format!("{}: {e}", snapshot.display()))?;
    let v = Checker::new(s)
        .verify_record(&text, sha256)
        .map_err(|e| e.to_string())?;
    println!("{}", verification_json(&v, sha256));
    Ok(if v.matches {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
