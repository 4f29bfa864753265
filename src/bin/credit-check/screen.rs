//! `credit-check match`: screen parties against a verified snapshot (native only).
//!
//! ```text
//! credit-check match --snapshot FILE --keys KEYRING (--name N | --code C | --person-name N
//!     --person-id ID | --legal-rep-name N --legal-rep-id ID)… [--list-type ID]…
//!     [--allow-stale] [--last-sequence N]
//! credit-check match --snapshot FILE --keys KEYRING --parties PARTIES.jsonl
//! ```
//!
//! Prints one JSON object per party: band, hits (record with ID numbers masked, kind, band,
//! score, explanation), namesakes set aside, input problems, stale and uncovered lists. Exit 1
//! when any party has a definite hit, 0 otherwise; 2 when the snapshot is refused (a sequence
//! below `--last-sequence` is `ROLLBACK`).

use crate::publish::load;
use credit_check::check::Checker;
use credit_check::lists::record::ListType;
use credit_check::matching::{report, Band, MatchOptions, Party};
use credit_check::snapshot::LoadOptions;
use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

/// The parties given on the command line (one party from the flags).
pub struct Flags {
    pub name: Option<String>,
    pub code: Option<String>,
    pub person_name: Option<String>,
    pub person_id: Option<String>,
    pub legal_rep_name: Option<String>,
    pub legal_rep_id: Option<String>,
}

pub fn run(
    snapshot: &Path,
    keys: &Path,
    flags: Flags,
    parties_file: Option<&Path>,
    list_types: &[String],
    load_options: LoadOptions,
) -> Result<ExitCode, String> {
    let mut parties = Vec::new();
    if let Some(f) = parties_file {
        let file = std::fs::File::open(f).map_err(|e| format!("{}: {e}", f.display()))?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{}:{}: {e}", f.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let p: Party = serde_json::from_str(&line)
                .map_err(|e| format!("{}:{}: {e}", f.display(), i + 1))?;
            parties.push(p);
        }
    }
    let one = Party {
        name: flags.name,
        code: flags.code,
        legal_rep_name: flags.legal_rep_name,
        legal_rep_id: flags.legal_rep_id,
        person_name: flags.person_name,
        person_id: flags.person_id,
    };
    if one != Party::default() {
        parties.push(one);
    }
    if parties.is_empty() {
        return Err("give a party (--name, --code, --person-name/--person-id, --legal-rep-…) or --parties FILE".into());
    }
    let mut options = MatchOptions::default();
    for id in list_types {
        options.list_types.push(
            id.parse::<ListType>()
                .map_err(|_| format!("--list-type: unknown list type '{id}'"))?,
        );
    }
    let s = load(snapshot, keys, load_options, &|src| {
        parties.iter().flat_map(|p| src.party_keys(p)).collect()
    })?
    .map_err(|e| format!("{}: {e}", snapshot.display()))?;
    let checker = Checker::new(s);
    let results = checker.screen(&parties, &options);
    let mut any_definite = false;
    for (party, r) in parties.iter().zip(&results) {
        any_definite |= r.band == Band::Definite;
        println!("{}", report(&checker, party, r));
    }
    Ok(if any_definite {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
