//! The publisher's snapshot commands and the client-side checks that go with them (native only;
//! see `docs/snapshot-format.md`):
//!
//! ```text
//! credit-check build INPUT.csv|.jsonl | --synth N  --out FILE --publisher P --sequence N [--key K.key.json] …
//! credit-check sign FILE --key K.key.json --out SIGNED
//! credit-check verify FILE --keys KEYRING.json [--last-sequence N] [--allow-stale] [--at T]
//! credit-check inspect FILE [--keys KEYRING.json]
//! credit-check diff OLD NEW [--keys KEYRING.json]
//! credit-check lookup --snapshot FILE --keys KEYRING.json [--allow-stale] [--last-sequence N] CODE…
//! ```

use crate::cli::keygen::parse_time;
use chrono::{DateTime, Duration, Utc};
use credit_check::lists::record::{ListRecord, ListType};
use credit_check::snapshot::build::{self, Meta};
use credit_check::snapshot::format::Region;
use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::signature::SigningKey;
use credit_check::snapshot::{LoadOptions, Lookup, Snapshot, SnapshotError};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// `build`'s options.
pub struct BuildArgs<'a> {
    pub input: Option<&'a Path>,
    /// Published lists to import (`--format`).
    pub import: Option<crate::import::Options<'a>>,
    pub synth: Option<(usize, u64)>,
    pub out: &'a Path,
    pub publisher: &'a str,
    pub sequence: u64,
    pub issued_at: Option<&'a str>,
    pub expires_at: Option<&'a str>,
    pub valid_days: i64,
    pub region_code: &'a str,
    pub region_name: &'a str,
    pub list_types: &'a [String],
    pub key: Option<&'a Path>,
    pub catalogue: &'a str,
    /// Write a sharded snapshot: `out` is a directory (`--sharded`).
    pub sharded: bool,
    /// Percent of natural persons among `--synth` entities.
    pub persons: u32,
}

/// The catalogue bundle `--catalogue` names, checked by reading it as a client would.
pub fn catalogue_bundle(arg: &str) -> Result<Option<String>, String> {
    use credit_check::lists::catalogue::{Bundle, TABLES};
    let bundle = match arg {
        "none" => return Ok(None),
        "embedded" => Bundle::embedded(),
        dir => {
            let dir = Path::new(dir);
            let version = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("local")
                .to_string();
            let mut tables = BTreeMap::new();
            for name in TABLES {
                let p = dir.join(name);
                let text = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                tables.insert(name.to_string(), text);
            }
            Bundle::from_tables(&version, &tables)
        }
    }
    .map_err(|e| format!("--catalogue {arg}: {e}"))?;
    Ok(Some(bundle.to_json()))
}

/// The snapshot's meta from `build`'s options.
pub fn meta_of(a: &BuildArgs) -> Result<Meta, String> {
    let issued_at = match a.issued_at {
        Some(t) => parse_time(t)?,
        None => now_seconds(),
    };
    let expires_at = match a.expires_at {
        Some(t) => parse_time(t)?,
        None => issued_at + Duration::days(a.valid_days),
    };
    if expires_at <= issued_at {
        return Err("--expires-at must be after --issued-at".into());
    }
    let mut list_types = Vec::new();
    for id in a.list_types {
        list_types.push(
            id.parse::<ListType>()
                .map_err(|_| format!("--list-type: unknown list type '{id}'"))?,
        );
    }
    let meta = Meta {
        publisher: a.publisher.to_string(),
        sequence: a.sequence,
        issued_at,
        expires_at,
        region: Region {
            code: a.region_code.to_string(),
            name: a.region_name.to_string(),
        },
        list_types,
        catalogue: catalogue_bundle(a.catalogue)?,
    };
    Ok(meta)
}

/// `credit-check build`: records (a publisher input file, or `--synth N`) → snapshot file,
/// signed when `--key` is given. Prints the header as JSON.
pub fn run_build(a: &BuildArgs) -> Result<ExitCode, String> {
    if a.sharded {
        return crate::shard::run_build_sharded(a);
    }
    let mut reported = false;
    let records: Vec<ListRecord> = match (a.input, a.synth, &a.import) {
        (Some(path), None, None) => {
            super::input::read_records(path).map_err(|errors| errors.join("\n"))?
        }
        (None, Some((n, seed)), None) => super::synth::records_with(n, seed, a.persons),
        (None, None, Some(o)) if !o.files.is_empty() => {
            let (records, report) = crate::import::records(o).map_err(|e| e.to_string())?;
            let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            eprintln!("{json}");
            reported = !report.clean();
            records
        }
        _ => {
            return Err("give an input file, --format F with published files, or --synth N".into())
        }
    };
    let meta = meta_of(a)?;
    let unsigned = build::build_unsigned(records, &meta).map_err(|e| e.to_string())?;
    let bytes = match a.key {
        Some(k) => {
            let (id, key) = read_key(k)?;
            build::sign(&unsigned, &id, &key).map_err(|e| e.to_string())?
        }
        None => unsigned,
    };
    fs::write(a.out, &bytes).map_err(|e| format!("{}: {e}", a.out.display()))?;
    print_header(&bytes)?;
    Ok(if reported {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn now_seconds() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap_or_default()
}

pub fn read_key(path: &Path) -> Result<(String, SigningKey), String> {
    let json = zeroize::Zeroizing::new(read_small(path, 64 * 1024)?);
    SigningKey::from_key_file_json(&json).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_small(path: &Path, max: u64) -> Result<String, String> {
    let f = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut s = String::new();
    f.take(max + 1)
        .read_to_string(&mut s)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if s.len() as u64 > max {
        return Err(format!("{}: larger than {max} bytes", path.display()));
    }
    Ok(s)
}

/// A keyring file, or a single key entry (`ID.pub.json` from `keygen`) taken as a keyring of one.
pub fn read_keyring(path: &Path) -> Result<Keyring, String> {
    let json = read_small(
        path,
        credit_check::snapshot::keyring::MAX_KEYRING_JSON_LEN as u64,
    )?;
    match Keyring::from_json(&json) {
        Ok(k) => Ok(k),
        Err(e) => {
            let one = format!("{{\"version\":1,\"keys\":[{json}]}}");
            Keyring::from_json(&one).map_err(|_| format!("{}: {e}", path.display()))
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn print_header(bytes: &[u8]) -> Result<(), String> {
    let (_, header, _) = build::split_unverified(bytes).map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_str(&header.to_json()).map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    Ok(())
}

/// `credit-check sign`: signs (or re-signs) a built snapshot.
pub fn run_sign(file: &Path, key: &Path, out: &Path) -> Result<ExitCode, String> {
    let bytes = read_file(file)?;
    let (id, key) = read_key(key)?;
    let signed = build::sign(&bytes, &id, &key).map_err(|e| format!("{}: {e}", file.display()))?;
    fs::write(out, &signed).map_err(|e| format!("{}: {e}", out.display()))?;
    print_header(&signed)?;
    Ok(ExitCode::SUCCESS)
}

fn error_json(e: &SnapshotError) -> Value {
    serde_json::to_value(e).unwrap_or(Value::Null)
}

/// Loads and verifies with a keyring: `Err` is the refusal. A sharded snapshot's manifest is
/// opened with the shards of `keys` (what the command will ask) read from beside it.
pub fn load(
    file: &Path,
    keys: &Path,
    options: LoadOptions,
    wanted: &dyn Fn(&credit_check::shards::ShardedSource) -> Vec<credit_check::shards::Key>,
) -> Result<Result<Snapshot, SnapshotError>, String> {
    let keyring = read_keyring(keys)?;
    let bytes = read_file(file)?;
    match Snapshot::load(bytes.clone(), &keyring, options) {
        Err(SnapshotError::ShardedManifest) => Ok(crate::shard::local_view(
            file, bytes, &keyring, options, wanted,
        )),
        other => Ok(other),
    }
}

/// `credit-check verify`: exit 0 and the status when the snapshot is accepted, exit 1 and the
/// error (code, zh/en message, offset) when not.
pub fn run_verify(
    file: &Path,
    keys: &Path,
    last_sequence: Option<u64>,
    allow_stale: bool,
    at: Option<&str>,
) -> Result<ExitCode, String> {
    let now = match at {
        Some(t) => parse_time(t)?,
        None => Utc::now(),
    };
    let options = LoadOptions {
        now,
        last_accepted_sequence: last_sequence,
        allow_stale,
    };
    let started = std::time::Instant::now();
    match load(file, keys, options, &|_| Vec::new())? {
        Ok(s) => {
            let ms = started.elapsed().as_secs_f64() * 1e3;
            let out = json!({
                "ok": true,
                "status": s.status_at(now),
                "loadMs": (ms * 100.0).round() / 100.0,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let out = json!({ "ok": false, "error": error_json(&e) });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            Ok(ExitCode::from(1))
        }
    }
}

/// `credit-check inspect`: header, counts, key and staleness as JSON. Without `--keys` nothing
/// is verified and the output says so.
pub fn run_inspect(file: &Path, keys: Option<&Path>) -> Result<ExitCode, String> {
    let bytes = read_file(file)?;
    let size = bytes.len();
    let (env, header, _) = build::split_unverified(&bytes).map_err(|e| e.to_string())?;
    let now = Utc::now();
    let verification = match keys {
        None => json!({"verified": false, "note": "no --keys: header shown unverified"}),
        Some(k) => match load(
            file,
            k,
            LoadOptions {
                now,
                last_accepted_sequence: None,
                allow_stale: true,
            },
            &|_| Vec::new(),
        )? {
            Ok(_) => json!({"verified": true}),
            Err(e) => json!({"verified": false, "error": error_json(&e)}),
        },
    };
    let header_json: Value = serde_json::from_str(&header.to_json()).unwrap_or(Value::Null);
    let out = json!({
        "file": file.display().to_string(),
        "size": size,
        "signed": env.algorithm.is_some(),
        "keyId": env.key_id,
        "algorithm": env.algorithm.map(|a| a.as_str()),
        "stale": header.is_stale_at(now),
        "expiresInSeconds": (header.expires_at - now).num_seconds(),
        "header": header_json,
        "verification": verification,
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

/// A record's identity across snapshots: list, decision and primary identifier (or name).
fn identity(r: &ListRecord) -> String {
    let id = r
        .uscc
        .map(|u| u.to_string())
        .or_else(|| r.org_code.map(|o| o.compact().to_string()))
        .or_else(|| r.registration_number.map(|n| n.to_string()))
        .or_else(|| r.id_number.map(|p| p.eighteen().to_string()))
        .unwrap_or_else(|| r.name.clone());
    format!("{}|{}|{}", r.list_type.id(), id, r.decision_number)
}

fn records_of(s: &Snapshot) -> Result<BTreeMap<String, Vec<ListRecord>>, String> {
    let mut m: BTreeMap<String, Vec<ListRecord>> = BTreeMap::new();
    for r in s.records() {
        let r = r.map_err(|e| e.to_string())?;
        m.entry(identity(&r)).or_default().push(r);
    }
    Ok(m)
}

pub fn shown(r: &ListRecord) -> Value {
    r.to_shown_json()
}

/// `credit-check diff`: records added, removed and changed between two snapshots (identity:
/// list type, primary identifier, decision number). Verified when `--keys` is given.
pub fn run_diff(old: &Path, new: &Path, keys: Option<&Path>) -> Result<ExitCode, String> {
    let open = |p: &Path| -> Result<Snapshot, String> {
        let bytes = read_file(p)?;
        match keys {
            Some(k) => {
                let keyring = read_keyring(k)?;
                Snapshot::load(
                    bytes,
                    &keyring,
                    LoadOptions {
                        now: Utc::now(),
                        last_accepted_sequence: None,
                        allow_stale: true,
                    },
                )
                .map_err(|e| format!("{}: {e}", p.display()))
            }
            None => Snapshot::load_unverified(bytes).map_err(|e| format!("{}: {e}", p.display())),
        }
    };
    let (a, b) = (open(old)?, open(new)?);
    let (ra, rb) = (records_of(&a)?, records_of(&b)?);
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for (k, olds) in &ra {
        match rb.get(k) {
            None => removed.extend(olds.iter().map(shown)),
            Some(news) if news != olds => changed.push(json!({
                "identity": k,
                "old": olds.iter().map(shown).collect::<Vec<_>>(),
                "new": news.iter().map(shown).collect::<Vec<_>>(),
            })),
            Some(_) => {}
        }
    }
    for (k, news) in &rb {
        if !ra.contains_key(k) {
            added.extend(news.iter().map(shown));
        }
    }
    let out = json!({
        "old": {"sequence": a.header().sequence, "records": a.len(), "digest": a.digest_hex()},
        "new": {"sequence": b.header().sequence, "records": b.len(), "digest": b.digest_hex()},
        "verified": keys.is_some(),
        "summary": {"added": added.len(), "removed": removed.len(), "changed": changed.len()},
        "added": added,
        "removed": removed,
        "changed": changed,
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

/// `credit-check lookup`: one JSON line per code: listed (with the records of every status, IDs
/// masked), not listed, or not covered; exit 1 when any code has an active entry. A refused
/// snapshot (a sequence below `last_sequence` is `ROLLBACK`) is an `Err` (exit 2).
pub fn run_lookup(
    file: &Path,
    keys: &Path,
    codes: &[String],
    allow_stale: bool,
    last_sequence: Option<u64>,
) -> Result<ExitCode, String> {
    let options = LoadOptions {
        allow_stale,
        last_accepted_sequence: last_sequence,
        ..LoadOptions::now()
    };
    let texts: Vec<&str> = codes.iter().map(String::as_str).collect();
    let wanted = credit_check::shards::text_keys(&texts);
    let s = load(file, keys, options, &|_| wanted.clone())?
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let mut any = false;
    for code in codes {
        let out = match s.lookup_input(code, None) {
            Err(e) => json!({"input": code, "error": e.problems()}),
            Ok(answer) => {
                let (outcome, hits) = match &answer.lookup {
                    Lookup::Listed(h) => ("listed", h.clone()),
                    Lookup::NotListed => ("notListed", Vec::new()),
                    Lookup::NotCovered(_) => ("notCovered", Vec::new()),
                };
                // Repaired and removed entries are shown, but only an active one fails the run.
                any |= hits.iter().any(|h| {
                    s.status(h.row as usize) == credit_check::lists::record::ListingStatus::Active
                });
                let hits: Vec<Value> = hits
                    .iter()
                    .map(|h| {
                        json!({
                            "matchedBy": h.matched_by,
                            "record": s.record(h.row as usize).map(|r| shown(&r)).unwrap_or(Value::Null),
                        })
                    })
                    .collect();
                json!({"input": code, "outcome": outcome, "stale": answer.stale, "hits": hits})
            }
        };
        println!("{out}");
    }
    Ok(if any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
