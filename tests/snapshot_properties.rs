// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))]
//! Property tests for snapshots: no byte string makes a loader panic (arbitrary bytes, random
//! mutations of valid files, mutated payloads re-signed by a real key, random chunking); the
//! whole-file and streaming loaders agree; build → load gives the records back, and the same
//! bytes whatever the input order; every identifier of every record finds it.

mod support;

use credit_check::lists::record::ListRecord;
use credit_check::snapshot::format::{Envelope, MAGIC};
use credit_check::snapshot::{Lookup, Snapshot, SnapshotError, SnapshotReader};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use std::sync::OnceLock;
use support::*;

/// Synthetic records from the real `credit-check synth`, plus the hand-made ones.
fn pool() -> &'static [ListRecord] {
    static POOL: OnceLock<Vec<ListRecord>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut v = hand_records();
        v.extend(synth_records(150, 23));
        v
    })
}

/// A file to mutate: signed (Ed25519) or unsigned, of the hand-made records and 40 synthetic.
fn base(signed_file: bool) -> &'static [u8] {
    static FILES: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    let (s, u) = FILES.get_or_init(|| {
        let records: Vec<ListRecord> = pool()[..46].to_vec();
        let s = signed(records.clone(), &meta(5), "t-ed", &ed());
        let u = credit_check::snapshot::build::build_unsigned(records, &meta(5)).unwrap();
        (s, u)
    });
    if signed_file {
        s
    } else {
        u
    }
}

/// Loads with both loaders and `load_unverified`, exercising whatever loads. The whole-file and
/// streaming loaders must agree.
fn never_panics(bytes: &[u8], chunks: &[usize]) -> Result<(), TestCaseError> {
    let whole = Snapshot::load(bytes.to_vec(), &ring(), opts());
    let streamed = stream(bytes, chunks);
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a.digest_hex(), b.digest_hex());
            prop_assert_eq!(a.len(), b.len());
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code(), "{} / {}", a, b),
        (a, b) => prop_assert!(false, "whole {:?}, streamed {:?}", a.is_ok(), b.is_ok()),
    }
    if let Ok(s) = whole {
        exercise(&s);
    }
    if let Ok(s) = Snapshot::load_unverified(bytes.to_vec()) {
        exercise(&s);
    }
    Ok(())
}

/// Streams in chunks of the sizes given, cyclically; after an error, every call is refused.
fn stream(bytes: &[u8], chunks: &[usize]) -> Result<Snapshot, SnapshotError> {
    let mut r = SnapshotReader::new(ring(), opts());
    let (mut at, mut i) = (0, 0);
    while at < bytes.len() {
        let n = chunks[i % chunks.len()].max(1).min(bytes.len() - at);
        if let Err(e) = r.push(&bytes[at..at + n]) {
            assert_eq!(r.push(b"more").unwrap_err().code(), "INVALID_STATE");
            assert_eq!(r.finish().unwrap_err().code(), "INVALID_STATE");
            return Err(e);
        }
        at += n;
        i += 1;
    }
    r.finish()
}

/// Everything a client does with a loaded snapshot.
fn exercise(s: &Snapshot) {
    let _ = s.status_at(opts().now);
    let _ = (
        s.header_json().len(),
        s.memory_bytes(),
        s.is_stale(),
        s.size(),
    );
    for (row, r) in s.records().enumerate() {
        let Ok(r) = r else { continue };
        for id in r.identifiers() {
            let _ = s.lookup(&id, None);
            let _ = s.lookup(&id, Some(&[r.list_type]));
        }
        let _ = (
            s.name(row),
            s.list_type(row),
            s.entity_kind(row),
            s.status(row),
        );
    }
    for code in ["91350100MA2XY8010X", "350123450", "91110108551385082Q", "x"] {
        let _ = s.lookup_input(code, None);
    }
    let _ = s.record(s.len());
}

/// The typed-in forms of a record's identifiers.
fn codes(r: &ListRecord) -> Vec<String> {
    let mut v = Vec::new();
    v.extend(r.uscc.map(|x| x.to_string()));
    v.extend(r.org_code.map(|x| x.to_string()));
    v.extend(r.registration_number.map(|x| x.to_string()));
    v.extend(r.id_number.map(|x| x.to_string()));
    v.extend(
        r.related_persons
            .iter()
            .filter_map(|p| p.id_number.and_then(|i| i.full()))
            .map(|x| x.to_string()),
    );
    v
}

#[derive(Debug, Clone)]
enum Edit {
    Overwrite(Index, u8),
    Xor(Index, u8),
    Insert(Index, u8),
    Delete(Index),
    Truncate(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Overwrite(i, b)),
        3 => (any::<Index>(), 1u8..=255).prop_map(|(i, b)| Edit::Xor(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => any::<Index>().prop_map(Edit::Delete),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for e in edits {
        if bytes.is_empty() {
            return;
        }
        match e {
            Edit::Overwrite(i, b) => {
                let i = i.index(bytes.len());
                bytes[i] = *b;
            }
            Edit::Xor(i, b) => {
                let i = i.index(bytes.len());
                bytes[i] ^= *b;
            }
            Edit::Insert(i, b) => {
                let i = i.index(bytes.len() + 1);
                bytes.insert(i, *b);
            }
            Edit::Delete(i) => {
                let i = i.index(bytes.len());
                bytes.remove(i);
            }
            Edit::Truncate(i) => {
                let i = i.index(bytes.len());
                bytes.truncate(i);
            }
        }
    }
}

fn chunking() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(
        prop_oneof![1usize..4, 4usize..200, 200usize..5000, Just(usize::MAX)],
        1..6,
    )
}

/// A shuffled subset of the pool.
fn subset() -> impl Strategy<Value = Vec<ListRecord>> {
    let n = pool().len();
    prop::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n)
        .prop_shuffle()
        .prop_map(|ix| ix.into_iter().map(|i| pool()[i].clone()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), chunks in chunking()) {
        never_panics(&bytes, &chunks)?;
    }

    #[test]
    fn arbitrary_bytes_after_the_magic_never_panic(
        version in prop_oneof![Just(1u32), any::<u32>()],
        rest in prop::collection::vec(any::<u8>(), 0..600),
        chunks in chunking(),
    ) {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&version.to_le_bytes());
        bytes.extend_from_slice(&rest);
        never_panics(&bytes, &chunks)?;
    }

    #[test]
    fn mutated_snapshots_never_panic(
        signed_file in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..8),
        chunks in chunking(),
    ) {
        let mut bytes = base(signed_file).to_vec();
        apply(&mut bytes, &edits);
        never_panics(&bytes, &chunks)?;
        if bytes != base(signed_file) && signed_file {
            // A signed file changed anywhere is refused.
            prop_assert!(Snapshot::load(bytes, &ring(), opts()).is_err());
        }
    }

    /// A dishonest publisher: the payload mutated (and perhaps the record count), then signed
    /// with a real key, so the mutations reach the payload parser through the verified path.
    #[test]
    fn mutated_payloads_signed_by_a_real_key_never_panic(
        edits in prop::collection::vec(edit(), 1..6),
        records in prop_oneof![Just(None), (0u64..60).prop_map(Some)],
        chunks in chunking(),
    ) {
        let (_, mut header, mut payload) = split(base(true));
        apply(&mut payload, &edits);
        if let Some(n) = records {
            header.counts.records = n;
        }
        let bytes = forge(&header, &payload, "t-ed", &ed());
        never_panics(&bytes, &chunks)?;
        // The signature and digest hold, so what is refused is refused for its structure.
        if let Err(e) = Snapshot::load(bytes, &ring(), opts()) {
            prop_assert!(["MALFORMED", "LIMIT_EXCEEDED"].contains(&e.code()), "{}", e);
        }
    }

    /// The envelope and header of an unsigned file, rewritten at random then re-assembled:
    /// reaches the header parser without a signature in the way (`load_unverified`).
    #[test]
    fn mutated_headers_never_panic(
        edits in prop::collection::vec(edit(), 1..6),
        chunks in chunking(),
    ) {
        let bytes = base(false);
        let env = Envelope::read_complete(bytes).unwrap();
        let start = env.len();
        let end = start + env.header_len as usize;
        let mut json = bytes[start..end].to_vec();
        apply(&mut json, &edits);
        let mut out = Vec::new();
        Envelope { header_len: json.len() as u32, ..env }.write(&mut out);
        out.extend_from_slice(&json);
        out.extend_from_slice(&bytes[end..]);
        never_panics(&out, &chunks)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn build_then_load_gives_the_records_back_whatever_the_order(records in subset()) {
        let mut in_pool_order = records.clone();
        in_pool_order.sort_by_key(|r| serde_json::to_string(r).unwrap());
        let a = signed(records.clone(), &meta(9), "t-ed", &ed());
        let b = signed(in_pool_order, &meta(9), "t-ed", &ed());
        prop_assert!(a == b, "the bytes depend on the input order");
        let s = load(&a).unwrap();
        prop_assert_eq!(s.len(), records.len());
        let back: Vec<ListRecord> = s.records().map(Result::unwrap).collect();
        prop_assert_eq!(sorted_json(back), sorted_json(records.clone()));
        // Unsigned and streamed, the same.
        let u = credit_check::snapshot::build::build_unsigned(records.clone(), &meta(9)).unwrap();
        let s = Snapshot::load_unverified(u).unwrap();
        prop_assert_eq!(
            sorted_json(s.records().map(Result::unwrap)),
            sorted_json(records.clone())
        );
        let s = stream(&a, &[977]).unwrap();
        prop_assert_eq!(s.len(), records.len());
    }

    #[test]
    fn every_identifier_of_every_record_finds_it(records in subset()) {
        let s = load(&signed(records, &meta(9), "t-ed", &ed())).unwrap();
        for (row, r) in s.records().enumerate() {
            let r = r.unwrap();
            let row32 = row as u32;
            for id in r.identifiers() {
                for lists in [None, Some(&[r.list_type][..])] {
                    let a = s.lookup(&id, lists);
                    let Lookup::Listed(hits) = a.lookup else {
                        return Err(TestCaseError::fail(format!("{id:?} of row {row}: {a:?}")));
                    };
                    prop_assert!(hits.iter().any(|h| h.row == row32), "{:?} of row {}", id, row);
                    prop_assert!(hits.iter().all(|h| (h.row as usize) < s.len()));
                }
                prop_assert!(s.count(&id) >= 1);
            }
            for code in codes(&r) {
                let a = s.lookup_input(&code, None).unwrap();
                let Lookup::Listed(hits) = a.lookup else {
                    return Err(TestCaseError::fail(format!("{code} of row {row}")));
                };
                prop_assert!(hits.iter().any(|h| h.row == row32), "{} of row {}", code, row);
            }
        }
    }
}

/// A large snapshot (6,000 synthetic records, past the entity table's 4,096 keys), its records
/// and how many of them have an entity key.
fn entity_table_snapshot() -> (Snapshot, Vec<ListRecord>, usize) {
    let records = synth_records(6000, 31);
    let keyed = records
        .iter()
        .filter(|r| r.uscc.is_some() || r.org_code.is_some())
        .count();
    assert!(keyed >= 4096, "only {keyed} entity keys");
    let s = load(&signed(records.clone(), &meta(1), "t-ed", &ed())).unwrap();
    (s, records, keyed)
}

/// A checker builds the entity table with its name index (a check looks up every party's
/// codes), not the load.
#[test]
fn a_checker_builds_the_entity_table_with_its_name_index() {
    let (s, _, keyed) = entity_table_snapshot();
    let without = s.memory_bytes();
    assert!(without < s.size() + keyed * 6);
    let c = credit_check::check::Checker::new(s);
    c.name_index();
    assert!(c.snapshot().memory_bytes() >= without + keyed * 6);
    assert!(c.snapshot().build_entity_table(), "already there");
}

/// Past 4,096 entity keys the first batch lookup builds a hash table over the entity keys'
/// organisation codes (`prefix_index`): lookups through it find random records of a large
/// snapshot, most of whose codes begin "MA" as codes issued since 2015 do.
#[test]
fn lookups_through_the_entity_table_find_random_records() {
    let (s, records, keyed) = entity_table_snapshot();
    let ma = records
        .iter()
        .filter(|r| r.uscc.as_ref().is_some_and(|u| &u.as_str()[8..10] == "MA"))
        .count();
    assert!(ma * 3 >= keyed, "only {ma} codes beginning MA of {keyed}");
    let first_uscc = records.iter().find_map(|r| r.uscc).expect("a USCC");
    // The load leaves the table to the first batch lookup (four bytes a slot, at least 1.5
    // slots per key), after which single lookups go through it too.
    assert!(s.memory_bytes() < s.size() + keyed * 6);
    assert_eq!(s.lookup_lines(first_uscc.as_str()), [1]);
    assert!(s.memory_bytes() >= s.size() + keyed * 6);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let rows = prop::collection::vec(0..s.len(), 300);
    let mut rows = rows.new_tree(&mut runner).unwrap().current();
    // The rows keyed by entity come first, in key order: the first and last codes the table
    // took in (it inserts them a group at a time) too.
    rows.extend((0..16).chain(keyed - 16..keyed));
    let mut checked = 0;
    for row in rows {
        let r = s.record(row).unwrap();
        for id in r.identifiers() {
            let Lookup::Listed(hits) = s.lookup(&id, None).lookup else {
                panic!("{id:?} of row {row}");
            };
            assert!(
                hits.iter().any(|h| h.row as usize == row),
                "{id:?} of row {row}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 200, "{checked}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// String columns with runs of short strings (their lengths summed a word at a time when
    /// the checkpoints are built) and strings of 128 bytes or more (multi-byte lengths) mixed
    /// at any place: every string reads back.
    #[test]
    fn strings_of_every_length_read_back(
        lengths in prop::collection::vec(
            prop_oneof![6 => 0..128usize, 1 => 126..130usize, 1 => 128..600usize],
            33..140,
        )
    ) {
        let mut records = synth_records(lengths.len(), 7);
        for (r, &n) in records.iter_mut().zip(&lengths) {
            r.penalty = "罚".repeat(n / 3) + &"x".repeat(n % 3);
        }
        let s = load(&signed(records.clone(), &meta(3), "t-ed", &ed())).unwrap();
        let back: Vec<ListRecord> = s.records().map(Result::unwrap).collect();
        prop_assert_eq!(sorted_json(back), sorted_json(records));
    }
}
