//! The name index: postings from the 字号's character pairs (and, for names without one, the
//! whole name) to record rows, built once per snapshot on the first name query. Persons are
//! keyed by their whole name: listed natural persons, and the persons named in an entity's entry
//! whose ID number is published masked (found by name, then compared digit by digit).

use super::score::{Query, Similarity};
use crate::hash::FxHasher;
use crate::lists::person::PersonId;
use crate::lists::record::EntityKind;
use crate::names::normalize::{NormalizedTexts, Normalizer};
use crate::names::{normalize, NameKind, NormalizedName};
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A key: a core character pair, a single core character, or a whole name.
type Key = u64;

const WHOLE: u64 = 1 << 63;
const PERSON: u64 = 1 << 62;
/// A person named in an entity's entry with a masked ID number (with `WHOLE | PERSON`).
const RELATED: u64 = 1 << 61;

/// The key of a person's normalised name: a listed natural person's, or (`related`) that of a
/// person named in an entity's entry.
fn person_key(text: &str, related: bool) -> Key {
    WHOLE | PERSON | if related { RELATED } else { 0 } | (hash(text) >> 3)
}

fn hash(s: &str) -> u64 {
    // FNV-1a: stable across builds (the index is rebuilt, never stored, but tests compare).
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A normalised name's texts (`core`: its [`NormalizedName::core`]), as the index reads them.
fn texts_of<'a>(n: &'a NormalizedName, core: &'a str) -> NormalizedTexts<'a> {
    NormalizedTexts {
        text: &n.text,
        core,
        branch_of: n.branch_of.as_deref(),
    }
}

/// The core a name is indexed and gated by: its own, or its parent's for a branch.
fn indexed_core(n: &NormalizedName) -> String {
    let mut out = String::new();
    push_indexed_core(&texts_of(n, &n.core()), &mut out);
    out
}

fn keys(n: &NormalizedName, kind: NameKind, out: &mut Vec<Key>) {
    index_name(&texts_of(n, &n.core()), kind, out, None);
}

/// The keys of an organisation name by its core (pairs of its characters; the whole text when
/// the core is empty).
fn core_keys(text: &str, core: &str, out: &mut Vec<Key>) {
    let mut core = core.chars();
    match (core.next(), core.clone().next()) {
        (None, _) => out.push(WHOLE | (hash(text) >> 2)),
        (Some(c), None) => out.push(u64::from(c as u32) << 32),
        (Some(first), Some(_)) => {
            let mut prev = first;
            for c in core {
                out.push((u64::from(prev as u32) << 32) | u64::from(c as u32));
                prev = c;
            }
        }
    }
}

/// [`indexed_core`] from a name's texts, appended to `out`.
fn push_indexed_core(n: &NormalizedTexts, out: &mut String) {
    match n.branch_of {
        Some(p) => out.push_str(&normalize(p, NameKind::Organisation).core()),
        None => out.push_str(n.core),
    }
}

/// A name's keys into `out` and, when `cores` is given and the name is an organisation's, its
/// indexed core ([`push_indexed_core`]) onto `cores`: a branch is found through its parent's name
/// (the parent's own text and core, one level), normalised once for both.
fn index_name(n: &NormalizedTexts, kind: NameKind, out: &mut Vec<Key>, cores: Option<&mut String>) {
    if kind == NameKind::Person {
        out.push(person_key(n.text, false));
        return;
    }
    match n.branch_of {
        Some(p) => {
            let parent = normalize(p, NameKind::Organisation);
            let core = parent.core();
            core_keys(&parent.text, &core, out);
            if let Some(cores) = cores {
                cores.push_str(&core);
            }
        }
        None => {
            core_keys(n.text, n.core, out);
            if let Some(cores) = cores {
                cores.push_str(n.core);
            }
        }
    }
}

fn name_kind(e: EntityKind) -> NameKind {
    if e == EntityKind::NaturalPerson {
        NameKind::Person
    } else {
        NameKind::Organisation
    }
}

/// The index keys a record brings (its name, former names and, on an organisation's entry, the
/// persons named with a masked ID number), as [`NameIndex::build`] derives them: what a
/// sharded publisher routes the record by, so that every record a name query can reach lies in
/// the shards of the query's keys. Sorted, without repeats.
pub fn record_keys(r: &crate::lists::record::ListRecord) -> Vec<u64> {
    let kind = name_kind(r.entity_kind);
    let mut k = Vec::new();
    keys(&normalize(&r.name, kind), kind, &mut k);
    for f in &r.former_names {
        keys(&normalize(f, kind), kind, &mut k);
    }
    if kind == NameKind::Organisation {
        for p in &r.related_persons {
            if matches!(p.id_number, Some(PersonId::Masked(_))) {
                let n = normalize(&p.name, NameKind::Person);
                if !n.text.is_empty() {
                    k.push(person_key(&n.text, true));
                }
            }
        }
    }
    k.sort_unstable();
    k.dedup();
    k
}

/// The index keys of an organisation name as a query (the keys [`NameIndex::candidates`] asks).
pub fn organisation_keys(name: &str) -> Vec<u64> {
    let mut k = Vec::new();
    keys(
        &normalize(name, NameKind::Organisation),
        NameKind::Organisation,
        &mut k,
    );
    k.sort_unstable();
    k.dedup();
    k
}

/// Every index key a party's names can be looked up by: the organisation name's, and for the
/// person fields both a listed person's and a named (masked-ID) person's key. A superset of
/// what [`super::screen`] asks, so a sharded source fetching these shards misses nothing.
pub fn party_keys(p: &super::Party) -> Vec<u64> {
    let mut k = Vec::new();
    if let Some(n) = p.name.as_deref() {
        keys(
            &normalize(n, NameKind::Organisation),
            NameKind::Organisation,
            &mut k,
        );
    }
    for n in [p.person_name.as_deref(), p.legal_rep_name.as_deref()]
        .into_iter()
        .flatten()
    {
        let n = normalize(n, NameKind::Person);
        k.push(person_key(&n.text, false));
        k.push(person_key(&n.text, true));
    }
    k.sort_unstable();
    k.dedup();
    k
}

/// Postings over a snapshot's names and former names.
pub struct NameIndex {
    keys: Vec<Key>,
    offsets: Vec<u32>,
    rows: Vec<u32>,
    // Each row's cores (name and former names, U+0001 between), so that candidates whose core
    // cannot pass the core threshold are dropped before their names are normalised again.
    cores: String,
    core_at: Vec<u32>,
    // On a view of a sharded snapshot: the whole list's posting lengths of its common keys,
    // whose records the view may not hold (see `COMMON`).
    common: Vec<(Key, u64)>,
}

/// A scored candidate.
pub struct Candidate {
    /// The record's row.
    pub row: u32,
    /// The best comparison over the record's names: similarity, the record's name as
    /// compared (normalised), whether it was a former name, whether a branch relation.
    pub best: Option<(Similarity, String, bool, bool)>,
}

fn kind_of(s: &Snapshot, row: usize) -> NameKind {
    name_kind(s.entity_kind(row))
}

/// The keys of the persons named in an entity's entry whose ID number is published masked.
fn related_keys(s: &Snapshot, row: usize, out: &mut Vec<Key>) {
    for p in s.related_persons(row) {
        if matches!(p.id_number, Some(PersonId::Masked(_))) {
            let n = normalize(&p.name, NameKind::Person);
            if !n.text.is_empty() {
                out.push(person_key(&n.text, true));
            }
        }
    }
}

/// Postings longer than this are skipped when the query has rarer keys (a pair such as 建设
/// that a segmentation left in the core).
pub const COMMON: usize = 20_000;

impl NameIndex {
    /// Builds the index: every record's name and former names, normalised.
    pub fn build(s: &Snapshot) -> NameIndex {
        let mut pairs: Vec<(Key, u32)> = Vec::with_capacity(s.len() * 3);
        let mut k = Vec::new();
        let mut cores = String::new();
        let mut core_at = Vec::with_capacity(s.len() + 1);
        // One set of buffers for every name: a million names would otherwise allocate their
        // parts each (a fifth of the build's time went to the allocator).
        let mut normalizer = Normalizer::new();
        for (row, (name, former_names)) in s.names_in_order().enumerate() {
            let kind = kind_of(s, row);
            k.clear();
            core_at.push(cores.len() as u32);
            index_name(&normalizer.run(&name, kind), kind, &mut k, Some(&mut cores));
            for f in former_names {
                if kind == NameKind::Organisation {
                    cores.push('\u{1}');
                }
                index_name(&normalizer.run(&f, kind), kind, &mut k, Some(&mut cores));
            }
            if kind == NameKind::Organisation && s.has_masked_person(row) {
                related_keys(s, row, &mut k);
            }
            pairs.extend(k.iter().map(|&key| (key, row as u32)));
        }
        core_at.push(cores.len() as u32);
        crate::sort::sort_pairs(&mut pairs);
        pairs.dedup();
        let mut keys = Vec::new();
        let mut offsets = Vec::new();
        let mut rows = Vec::with_capacity(pairs.len());
        for (key, row) in pairs {
            if keys.last() != Some(&key) {
                keys.push(key);
                offsets.push(rows.len() as u32);
            }
            rows.push(row);
        }
        offsets.push(rows.len() as u32);
        cores.shrink_to_fit();
        NameIndex {
            keys,
            offsets,
            rows,
            cores,
            core_at,
            common: s.common_name_keys().to_vec(),
        }
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.keys.capacity() * 8
            + self.offsets.capacity() * 4
            + self.rows.capacity() * 4
            + self.cores.capacity()
            + self.core_at.capacity() * 4
            + self.common.capacity() * 16
    }

    /// The natural-person records of this (normalised) name, all of them (and, rarely, a record
    /// whose name has the same hash: compare the names).
    pub fn persons_named(&self, name: &NormalizedName) -> &[u32] {
        self.postings(person_key(&name.text, false))
    }

    /// The entity records naming a person of this (normalised) name with a masked ID number
    /// (compare the names: the key is a hash).
    pub fn masked_persons(&self, name: &NormalizedName) -> &[u32] {
        self.postings(person_key(&name.text, true))
    }

    fn postings(&self, key: Key) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => &self.rows[self.offsets[i] as usize..self.offsets[i + 1] as usize],
            Err(_) => &[],
        }
    }

    /// Whether one of `row`'s cores is at least `gate` similar to `core` (always true when the
    /// query has no core: such names are matched whole).
    fn core_may_pass(&self, row: u32, core: &[char], gate: f32) -> bool {
        if core.is_empty() {
            return true;
        }
        let (Some(&a), Some(&z)) = (
            self.core_at.get(row as usize),
            self.core_at.get(row as usize + 1),
        ) else {
            return true;
        };
        self.cores
            .get(a as usize..z as usize)
            .unwrap_or("")
            .split('\u{1}')
            .any(|c| {
                let n = c.chars().count();
                n > 0
                    && 2.0 * super::score::lcs(c.chars(), core) as f32 / (core.len() + n) as f32
                        >= gate
            })
    }

    /// [`candidates`](Self::candidates), dropping first (cheaply) those whose core cannot reach
    /// `core_gate` — the rule the band applies, so nothing that could pass is lost.
    pub fn candidates_gated(
        &self,
        s: &Snapshot,
        q: &NormalizedName,
        kind: NameKind,
        max: usize,
        core_gate: f32,
    ) -> Vec<Candidate> {
        let core: Vec<char> = if kind == NameKind::Organisation {
            indexed_core(q).chars().collect()
        } else {
            Vec::new()
        };
        self.candidates_where(s, q, kind, max, |row| {
            self.core_may_pass(row, &core, core_gate)
        })
    }

    /// The records sharing keys with `q`, most shared first (at most `max`), each scored
    /// against the record's name and former names (and, for branches, the parent's name).
    pub fn candidates(
        &self,
        s: &Snapshot,
        q: &NormalizedName,
        kind: NameKind,
        max: usize,
    ) -> Vec<Candidate> {
        self.candidates_where(s, q, kind, max, |_| true)
    }

    fn candidates_where(
        &self,
        s: &Snapshot,
        q: &NormalizedName,
        kind: NameKind,
        max: usize,
        keep: impl Fn(u32) -> bool,
    ) -> Vec<Candidate> {
        let mut k = Vec::new();
        keys(q, kind, &mut k);
        k.sort_unstable();
        k.dedup();
        // A key's length is its postings' — or, for a common key on a view of a sharded
        // snapshot, the whole list's, so the rule below drops what the whole list would.
        let mut lists: Vec<(usize, &[u32])> = k
            .iter()
            .map(|&key| {
                let l = self.postings(key);
                let len = match self.common.binary_search_by_key(&key, |c| c.0) {
                    Ok(i) => self.common[i].1 as usize,
                    Err(_) => l.len(),
                };
                (len, l)
            })
            .collect();
        let rarest = lists.iter().map(|l| l.0).min().unwrap_or(0);
        lists.retain(|l| l.0 <= COMMON || l.0 <= rarest);
        let lists: Vec<&[u32]> = lists.into_iter().map(|l| l.1).collect();
        let total: usize = lists.iter().map(|l| l.len()).sum();
        // Keyed by u64 like the names trie's map: one hash-map instance in the wasm, not two.
        let mut counts: HashMap<u64, u32, BuildHasherDefault<FxHasher>> =
            HashMap::with_capacity_and_hasher(total, BuildHasherDefault::default());
        for l in &lists {
            for &row in *l {
                *counts.entry(u64::from(row)).or_default() += 1;
            }
        }
        // Most keys shared first, then by row. Only the rows that can be among the best `max`
        // are sorted: those sharing at least as many keys as the `max`-th best (a histogram of
        // the counts finds it).
        let mut with = [0usize; 64];
        for &n in counts.values() {
            with[(n as usize).min(63)] += 1;
        }
        let (mut cut, mut above) = (0, 0);
        for (n, &h) in with.iter().enumerate().rev() {
            above += h;
            if above >= max {
                cut = n as u32;
                break;
            }
        }
        let mut ranked: Vec<(u32, u32)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= cut)
            .map(|(row, n)| (row as u32, n))
            .collect();
        // The standard sort: the candidates of a common name run to thousands, on every check.
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(max);
        ranked.retain(|&(row, _)| keep(row));
        let q_parent = q
            .branch_of
            .as_deref()
            .map(|p| normalize(p, NameKind::Organisation));
        // The party's side of every comparison, worked out once.
        let query = Query::new(q);
        let parent_query = q_parent.as_ref().map(Query::new);
        ranked
            .into_iter()
            .map(|(row, _)| {
                let rk = kind_of(s, row as usize);
                let mut best: Option<(Similarity, String, bool, bool)> = None;
                let mut consider = |sim: Similarity, r: NormalizedName, former, branch| {
                    if best.as_ref().map_or(true, |b| sim.score > b.0.score) {
                        best = Some((sim, r.text, former, branch));
                    }
                };
                let names = std::iter::once((s.name(row as usize).into_owned(), false))
                    .chain(s.former_names(row as usize).into_iter().map(|f| (f, true)));
                for (name, former) in names {
                    let r = normalize(&name, rk);
                    let (sim, branch) = match (&parent_query, &r.branch_of) {
                        // The party is a branch of the listed entity.
                        (Some(qp), None) => (qp.similarity(&r), true),
                        // The listed entity is a branch of the party.
                        (None, Some(rp)) => (
                            query.similarity(&normalize(rp, NameKind::Organisation)),
                            true,
                        ),
                        _ => (query.similarity(&r), false),
                    };
                    consider(sim, r, former, branch);
                }
                Candidate { row, best }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::PartKind;

    /// The keys as computed before the index build reused its buffers (session 19's `keys`):
    /// the reference the new path must give.
    fn reference_keys(n: &NormalizedName, kind: NameKind, out: &mut Vec<Key>) {
        if kind == NameKind::Person {
            out.push(person_key(&n.text, false));
            return;
        }
        let parent;
        let n = match &n.branch_of {
            Some(p) => {
                parent = normalize(p, NameKind::Organisation);
                &parent
            }
            None => n,
        };
        let core: Vec<char> = n
            .parts
            .iter()
            .filter(|p| p.kind == PartKind::Core)
            .flat_map(|p| p.text.chars())
            .collect();
        match core.len() {
            0 => out.push(WHOLE | (hash(&n.text) >> 2)),
            1 => out.push(u64::from(core[0] as u32) << 32),
            _ => out.extend(
                core.windows(2)
                    .map(|w| (u64::from(w[0] as u32) << 32) | u64::from(w[1] as u32)),
            ),
        }
    }

    /// The index build's keys and cores (from reused buffers) are those of the allocating path
    /// that record_keys, organisation_keys and the queries use, branches of branches included.
    #[test]
    fn the_build_keys_names_as_queries_do() {
        let mut normalizer = Normalizer::new();
        for name in crate::names::normalize::tests::sample_names() {
            for kind in [NameKind::Organisation, NameKind::Person] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let n = normalize(&name, kind);
                reference_keys(&n, kind, &mut a);
                keys(&n, kind, &mut b);
                assert_eq!(a, b, "{name}");
                b.clear();
                let t = normalizer.run(&name, kind);
                index_name(&t, kind, &mut b, None);
                assert_eq!(a, b, "{name}");
                let mut core = String::new();
                push_indexed_core(&t, &mut core);
                assert_eq!(core, indexed_core(&n), "{name}");
                // The build's one step gives both, a person's core being none.
                let (mut built, mut built_core) = (Vec::new(), String::new());
                index_name(&t, kind, &mut built, Some(&mut built_core));
                assert_eq!(built, a, "{name}");
                let want = if kind == NameKind::Organisation {
                    core
                } else {
                    String::new()
                };
                assert_eq!(built_core, want, "{name}");
            }
        }
    }
}
