//! The [`Checker`]: one snapshot — a whole file, or a view of a sharded one — with what its
//! questions need built once: the name index (on first use) and the measure catalogue it
//! carries. The CLI, the wasm bindings and the worker all ask through it, so batching, the
//! lazily built state and the catalogue's choice live here once.
//!
//! And the [`Unavailable`] outcome: when no snapshot can be used (none loaded, it failed to load
//! or verify, the shards a question needs could not be had), a check answers `unavailable` with
//! the reason — never `pass`, never a clean result — and a lookup or a screening answers "not
//! covered" with the reason ([`Unavailable::lookup`], [`Unavailable::screen`]).

use super::{catalogue_for, Decision, Verdict, Verification};
use super::{check_record, known_facts, verify_record, CheckError, CheckInput, CheckRecord};
use crate::lists::catalogue::{Catalogue, Scenario};
use crate::matching::{report, screen, Band, MatchOptions, NameIndex, Party, PartyResult};
use crate::shards::{Key, ShardedSource};
use crate::snapshot::{Snapshot, SnapshotError};
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use std::sync::OnceLock;

/// A snapshot ready for questions: lookups, screening, checks and re-runs of check records.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use credit_check::check::{CheckInput, Checker};
/// use credit_check::snapshot::{keyring::Keyring, LoadOptions, Snapshot};
/// let bytes = std::fs::read("tests/data/fixture.ccs")?;
/// let keys = Keyring::from_json(&std::fs::read_to_string("tests/data/fixture-keys.json")?)?;
/// let snapshot = Snapshot::load(bytes, &keys, LoadOptions::now())?;
/// let checker = Checker::new(snapshot);
/// let input = CheckInput::from_json(
///     r#"{"scenario":"SC-ZFCG-SUPPLIER","parties":[{"role":"applicant","code":"91110108551385082Q"}]}"#,
/// )?;
/// let record = checker.check(&input, chrono::Utc::now())?;
/// println!("{:?} {}", record.verdict.decision, record.sha256);
/// # Ok(()) }
/// ```
pub struct Checker {
    snapshot: Snapshot,
    // Built on the first screen or check (or `build_name_index`).
    names: OnceLock<NameIndex>,
    // The catalogue its checks use (signed in, or the embedded default), read on first use.
    catalogue: OnceLock<Result<(Catalogue, &'static str), CheckError>>,
}

/// What a form needs to offer scenarios and roles: `{version, digest, source, scenarios, facts}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueInfo<'a> {
    /// The catalogue's version.
    pub version: &'a str,
    /// SHA-256 of its canonical bundle.
    pub digest: &'a str,
    /// `snapshot` (signed inside it) or `embedded` (the build's default).
    pub source: &'static str,
    /// Its scenarios with their roles.
    pub scenarios: &'a [Scenario],
    /// The case facts its conditions name ([`known_facts`]).
    pub facts: Vec<String>,
}

/// A check's answer as a caller reads it without parsing the record: the decision, the verdict
/// and the request as run, beside the record text (byte-identical to the native CLI's) and its
/// SHA-256.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckAnswer<'a> {
    /// The overall decision.
    pub decision: Decision,
    /// The verdict (as in the record).
    pub verdict: &'a Verdict,
    /// The request as run, with its `checkedAt` (as in the record).
    pub input: &'a CheckInput,
    /// The canonical record text.
    pub record: &'a str,
    /// SHA-256 of `record` (hex).
    pub sha256: &'a str,
}

/// What crosses the wasm boundary for a check: the decision, the record text and its SHA-256 —
/// three plain values. The JS wrapper reads the verdict and the request as run from the record
/// when first asked for (`pkg/answer.js`): converting the whole verdict into JS objects on every
/// check cost more than the check itself.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckSummary<'a> {
    /// The overall decision.
    pub decision: Decision,
    /// The canonical record text.
    pub record: &'a str,
    /// SHA-256 of `record` (hex).
    pub sha256: &'a str,
}

impl CheckRecord {
    /// The decision, record text and SHA-256 ([`CheckSummary`]).
    pub fn summary(&self) -> CheckSummary<'_> {
        CheckSummary {
            decision: self.verdict.decision,
            record: &self.json,
            sha256: &self.sha256,
        }
    }

    /// The answer a caller reads: decision, verdict and request beside the record text.
    pub fn answer(&self) -> CheckAnswer<'_> {
        CheckAnswer {
            decision: self.verdict.decision,
            verdict: &self.verdict,
            input: &self.input,
            record: &self.json,
            sha256: &self.sha256,
        }
    }
}

impl Checker {
    /// A checker for a verified snapshot. Nothing is built until a question needs it.
    pub fn new(snapshot: Snapshot) -> Checker {
        Checker {
            snapshot,
            names: OnceLock::new(),
            catalogue: OnceLock::new(),
        }
    }

    /// A checker for a view of a sharded snapshot answering for `keys` as the whole list would
    /// (`SHARD_MISSING` until every file they need is added).
    pub fn view(source: &mut ShardedSource, keys: &[Key]) -> Result<Checker, SnapshotError> {
        source.view(keys).map(Checker::new)
    }

    /// The snapshot it answers from.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The snapshot back.
    pub fn into_snapshot(self) -> Snapshot {
        self.snapshot
    }

    /// The name index, built on first use, and with it the snapshot's entity table: a check
    /// looks up every party's codes, which the table makes faster than a search of the keys,
    /// and it costs a fraction of the name index (12 ms against 2 s at a million records).
    pub fn name_index(&self) -> &NameIndex {
        self.names.get_or_init(|| {
            self.snapshot.build_entity_table();
            NameIndex::build(&self.snapshot)
        })
    }

    /// Builds the name index now (e.g. in a worker right after loading) instead of on the first
    /// screen or check; returns its size in bytes.
    pub fn build_name_index(&self) -> usize {
        self.name_index().memory_bytes()
    }

    /// The catalogue checks use and where it came from (`snapshot` or `embedded`), read once.
    pub fn catalogue(&self) -> Result<(&Catalogue, &'static str), CheckError> {
        match self.catalogue.get_or_init(|| catalogue_for(&self.snapshot)) {
            Ok((c, s)) => Ok((c, s)),
            Err(e) => Err(e.clone()),
        }
    }

    /// The catalogue as a form reads it: scenarios, roles and the facts conditions name.
    pub fn catalogue_info(&self) -> Result<CatalogueInfo<'_>, CheckError> {
        let (c, source) = self.catalogue()?;
        Ok(CatalogueInfo {
            version: &c.version,
            digest: &c.digest,
            source,
            scenarios: &c.scenarios,
            facts: known_facts(c),
        })
    }

    /// Screens parties (one result each), building the name index on first use.
    pub fn screen(&self, parties: &[Party], options: &MatchOptions) -> Vec<PartyResult> {
        let index = self.name_index();
        parties
            .iter()
            .map(|p| screen(&self.snapshot, index, p, options))
            .collect()
    }

    /// [`Checker::screen`] as reports (`{party, band, hits, namesakes, inputProblems, stale,
    /// uncovered}`, records' ID numbers masked): what the CLI prints and JS receives.
    pub fn screen_reports(
        &self,
        parties: &[Party],
        options: &MatchOptions,
    ) -> Vec<serde_json::Value> {
        parties
            .iter()
            .zip(self.screen(parties, options))
            .map(|(p, r)| report(&self.snapshot, p, &r))
            .collect()
    }

    /// Runs a check and writes its record. `now` is used when the request has no `checkedAt`.
    pub fn check(&self, input: &CheckInput, now: DateTime<Utc>) -> Result<CheckRecord, CheckError> {
        let (c, source) = self.catalogue()?;
        check_record(&self.snapshot, self.name_index(), c, source, input, now)
    }

    /// The request checked against the catalogue alone (scenario, roles, facts, sizes, times):
    /// the errors `check` gives before it reads any list. A sharded snapshot asks this before
    /// it fetches anything, so that a wrong request is refused as such, never as missing files.
    pub fn validate(&self, input: &CheckInput, now: DateTime<Utc>) -> Result<(), CheckError> {
        let (c, _) = self.catalogue()?;
        super::validate_input(c, input, now).map(|_| ())
    }

    /// Re-runs a stored record; `sha256`, when given, must name the text.
    pub fn verify_record(
        &self,
        text: &str,
        sha256: Option<&str>,
    ) -> Result<Verification, CheckError> {
        let (c, source) = self.catalogue()?;
        verify_record(&self.snapshot, self.name_index(), c, source, text, sha256)
    }
}

/// A checker is its snapshot with derived state: every snapshot question (status, lookups,
/// records) is asked of it directly.
impl std::ops::Deref for Checker {
    type Target = Snapshot;
    fn deref(&self) -> &Snapshot {
        &self.snapshot
    }
}

/// Codes that mean nothing could be checked because no snapshot could be used for the question.
/// Input errors (`UNKNOWN_SCENARIO`, …) are not among them: those still fail.
pub const UNAVAILABLE_CODES: [&str; 6] = [
    "NO_SNAPSHOT",
    "SHARD_MISSING",
    "SHARD_DIGEST_MISMATCH",
    "SHARD_NOT_IN_MANIFEST",
    "ABORTED",
    "CLOSED",
];

/// The outcome of a check that could not be done: decision `unavailable`, with the reason's
/// stable code and Chinese and English messages. It has no verdict, record or digest — nothing
/// was checked — and is never a pass. Serialises as `{decision: "unavailable", reason, verdict:
/// null, record: null, sha256: null, message, messageZh}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    /// Why: `NO_SNAPSHOT`, a snapshot refusal (`BAD_SIGNATURE`, `ROLLBACK`, …) or a shard one
    /// (`SHARD_MISSING`, …).
    pub reason: String,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message: String,
}

impl Unavailable {
    /// An unavailable outcome with this reason and messages.
    pub fn new(
        reason: impl Into<String>,
        message_zh: impl Into<String>,
        message: impl Into<String>,
    ) -> Unavailable {
        Unavailable {
            reason: reason.into(),
            message_zh: message_zh.into(),
            message: message.into(),
        }
    }

    /// No snapshot is loaded.
    pub fn no_snapshot() -> Unavailable {
        Unavailable::new(
            "NO_SNAPSHOT",
            "未加载名单快照，未进行核查",
            "no list snapshot is loaded: nothing was checked",
        )
    }

    /// The snapshot (or the shards a question needs) was refused or could not be read.
    pub fn from_snapshot_error(e: &SnapshotError) -> Unavailable {
        Unavailable::new(e.code(), e.message(), e.message_en())
    }

    /// The unavailable outcome for a failure with this code, or `None` when the code is not one
    /// of [`UNAVAILABLE_CODES`] (an input error, which still fails). Missing messages get the
    /// code's default.
    pub fn for_code(
        code: &str,
        message_zh: Option<&str>,
        message: Option<&str>,
    ) -> Option<Unavailable> {
        if !UNAVAILABLE_CODES.contains(&code) {
            return None;
        }
        let default = if code == "NO_SNAPSHOT" {
            Unavailable::no_snapshot()
        } else {
            Unavailable::new(
                code,
                "名单数据无法取得，未进行核查",
                "the lists could not be read: nothing was checked",
            )
        };
        Some(Unavailable {
            reason: code.to_string(),
            message_zh: message_zh.map_or(default.message_zh, str::to_string),
            message: message.map_or(default.message, str::to_string),
        })
    }

    /// The decision's name, for callers that show it: always `unavailable`.
    pub fn decision(&self) -> &'static str {
        "unavailable"
    }

    /// What a lookup answers for the same reason: not covered — never "not listed" — with the
    /// reason. Serialises as `{outcome: "notCovered", reason, stale: false, uncovered: [], hits:
    /// []}`.
    pub fn lookup(&self) -> LookupUnavailable<'_> {
        LookupUnavailable {
            reason: &self.reason,
        }
    }

    /// What screening answers for one party for the same reason: nothing was checked — never a
    /// clean result. Serialises as `{party, band: "none", notCovered: true, reason, hits: [],
    /// namesakes: [], inputProblems: [], inputWarnings: [], stale: false, uncovered: []}`, with
    /// `party` as the caller gave it.
    pub fn screen<P: Serialize>(&self, party: P) -> ScreenUnavailable<'_, P> {
        ScreenUnavailable {
            party,
            reason: &self.reason,
        }
    }
}

/// A lookup that could not be done ([`Unavailable::lookup`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookupUnavailable<'a> {
    /// Why, as [`Unavailable::reason`].
    pub reason: &'a str,
}

/// One party's screening that could not be done ([`Unavailable::screen`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenUnavailable<'a, P> {
    /// The party, echoed as given.
    pub party: P,
    /// Why, as [`Unavailable::reason`].
    pub reason: &'a str,
}

/// An empty list, whatever its items would have been.
struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(std::iter::empty::<()>())
    }
}

impl Serialize for LookupUnavailable<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The field order of the JS answer it replaced.
        #[derive(Serialize)]
        struct Doc<'a> {
            outcome: &'static str,
            reason: &'a str,
            stale: bool,
            uncovered: Empty,
            hits: Empty,
        }
        Doc {
            outcome: "notCovered",
            reason: self.reason,
            stale: false,
            uncovered: Empty,
            hits: Empty,
        }
        .serialize(s)
    }
}

impl<P: Serialize> Serialize for ScreenUnavailable<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Doc<'a, P> {
            party: &'a P,
            band: Band,
            not_covered: bool,
            reason: &'a str,
            hits: Empty,
            namesakes: Empty,
            input_problems: Empty,
            input_warnings: Empty,
            stale: bool,
            uncovered: Empty,
        }
        Doc {
            party: &self.party,
            band: Band::None,
            not_covered: true,
            reason: self.reason,
            hits: Empty,
            namesakes: Empty,
            input_problems: Empty,
            input_warnings: Empty,
            stale: false,
            uncovered: Empty,
        }
        .serialize(s)
    }
}

impl Serialize for Unavailable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Doc<'a> {
            decision: &'static str,
            reason: &'a str,
            verdict: Option<()>,
            record: Option<()>,
            sha256: Option<()>,
            message: &'a str,
            message_zh: &'a str,
        }
        Doc {
            decision: self.decision(),
            reason: &self.reason,
            verdict: None,
            record: None,
            sha256: None,
            message: &self.message,
            message_zh: &self.message_zh,
        }
        .serialize(s)
    }
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "无法核查 / check unavailable ({}): {} / {}",
            self.reason, self.message_zh, self.message
        )
    }
}
