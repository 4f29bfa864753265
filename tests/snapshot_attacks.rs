//! The snapshot loader under attack: every test names the exact error code it expects.
//!
//! Tampering in transit (every single-bit flip, every truncation, an extra byte), replay
//! (rollback, a frozen stale snapshot, an old snapshot after a key rotation), confusion about
//! keys (wrong algorithm, unknown key, unsigned), a dishonest publisher with a real key whose
//! signed counts claim gigabytes or whose payload is inconsistent, and the streaming reader's
//! state machine. Allocations are measured per thread, so "refused before allocating" is
//! checked, not assumed.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
#![cfg(not(target_arch = "wasm32"))] // publisher side (signing, the CLI): native only

mod support;

use chrono::Duration;
use credit_check::snapshot::format::{self, tag, Envelope, Header, MAX_PAYLOAD_LEN, MAX_RECORDS};
use credit_check::snapshot::keyring::KeyEntry;
use credit_check::snapshot::signature::{digest, KeyError, SigningKey};
use credit_check::snapshot::{
    Identifier, LoadOptions, Lookup, Snapshot, SnapshotError, SnapshotReader,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;
use support::*;

// ---------------------------------------------------------------------------------------------
// Allocation accounting: the largest single allocation made by the current thread while
// tracking is on (other test threads do not disturb it).
// ---------------------------------------------------------------------------------------------

struct Tracking;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = TRACKING.try_with(|t| {
        if t.get() {
            let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
        }
    });
}

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Runs `f`, returning its result, the largest single allocation it made and its time.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize, std::time::Duration) {
    LARGEST.with(|l| l.set(0));
    TRACKING.with(|t| t.set(true));
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    TRACKING.with(|t| t.set(false));
    (r, LARGEST.with(|l| l.get()), took)
}

#[test]
fn allocation_tracking_sees_large_allocations_on_this_thread_only() {
    let (v, largest, _) = measured(|| vec![1u8; 3_000_000]);
    assert!(largest >= 3_000_000, "{largest}");
    let (_, largest, _) = measured(|| v.len() + 1);
    assert_eq!(largest, 0);
}

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

fn code<T: std::fmt::Debug>(r: Result<T, SnapshotError>) -> &'static str {
    match r {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(e) => e.code(),
    }
}

/// Streams `bytes` in `chunk`-byte pieces and finishes; the first error.
fn stream(
    bytes: &[u8],
    chunk: usize,
    ring: credit_check::snapshot::keyring::Keyring,
    o: LoadOptions,
) -> Result<Snapshot, SnapshotError> {
    let mut r = SnapshotReader::new(ring, o);
    for c in bytes.chunks(chunk.max(1)) {
        r.push(c)?;
    }
    r.finish()
}

/// Where the envelope's parts are: (key id start, signature start, header length start,
/// header start, payload start).
fn layout(bytes: &[u8]) -> (usize, usize, usize, usize, usize) {
    let env = Envelope::read_complete(bytes).unwrap();
    let key = format::PREFIX_LEN;
    let sig = key + env.key_id.len();
    let hlen = sig + 64;
    let head = hlen + 4;
    (key, sig, hlen, head, head + env.header_len as usize)
}

/// The header a dishonest publisher fills in, signed exactly as given: nothing is recomputed
/// or checked (unlike `support::forge`, whose `build::sign` refuses a header over the limits).
/// `env_id` names the key in the envelope.
fn sign_exact(h: &Header, payload: &[u8], env_id: &str, k: &SigningKey) -> Vec<u8> {
    let json = h.to_json();
    let sig = k.sign(&format::signed_message(json.as_bytes()));
    let env = Envelope {
        algorithm: Some(k.algorithm()),
        key_id: env_id.to_string(),
        signature: sig.try_into().unwrap(),
        header_len: json.len() as u32,
    };
    let mut out = Vec::new();
    env.write(&mut out);
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(payload);
    out
}

/// `h` as an honest signer would finish it for `payload` and key `id`.
fn honest(h: &Header, payload: &[u8], id: &str, k: &SigningKey) -> Header {
    let mut h = h.clone();
    h.key_id = id.to_string();
    h.algorithm = Some(k.algorithm());
    h.payload_length = payload.len() as u64;
    h.payload_digest = digest(k.algorithm(), payload);
    h
}

type Section = (u16, u16, Vec<u8>);

fn sections(payload: &[u8]) -> Vec<Section> {
    let mut out = Vec::new();
    let mut p = 0;
    while p < payload.len() {
        let t = u16::from_le_bytes([payload[p], payload[p + 1]]);
        let f = u16::from_le_bytes([payload[p + 2], payload[p + 3]]);
        let len = u32::from_le_bytes(payload[p + 4..p + 8].try_into().unwrap()) as usize;
        out.push((t, f, payload[p + 8..p + 8 + len].to_vec()));
        p += 8 + len;
    }
    out
}

fn join(s: &[Section]) -> Vec<u8> {
    let mut out = Vec::new();
    for (t, f, body) in s {
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&f.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(body);
    }
    out
}

fn body_of(s: &mut [Section], t: u16) -> &mut Vec<u8> {
    &mut s.iter_mut().find(|x| x.0 == t).unwrap().2
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// A valid Ed25519-signed snapshot of the hand-made records, and its header and payload.
fn base() -> (Vec<u8>, Header, Vec<u8>) {
    let bytes = signed(hand_records(), &meta(5), "t-ed", &ed());
    let (_, h, p) = split(&bytes);
    (bytes, h, p)
}

/// Re-signs `payload` (with an honest header for it) as `t-ed`; the load's error code, which
/// must come fast and without a large allocation.
fn forged_code(h: &Header, payload: &[u8]) -> &'static str {
    let bytes = forge(h, payload, "t-ed", &ed());
    let len = bytes.len();
    let (r, largest, took) = measured(|| load(&bytes));
    assert!(
        largest <= len + 64 * 1024,
        "allocated {largest} bytes for a {len}-byte file"
    );
    assert!(took.as_secs_f64() < 2.0, "took {took:?}");
    code(r)
}

// ---------------------------------------------------------------------------------------------
// Tampering in transit.
// ---------------------------------------------------------------------------------------------

/// Flips every bit of a signed file; each flip must be refused with the code its region
/// calls for, by the whole-file loader and by the streaming reader alike.
fn every_bit_flip_is_refused(id: &str, k: &SigningKey) {
    let bytes = signed(hand_records(), &meta(5), id, k);
    assert!(load(&bytes).is_ok());
    let (key, sig, hlen, head, payload) = layout(&bytes);
    let expected = |at: usize| -> &'static [&'static str] {
        match at {
            0..=7 => &["NOT_A_SNAPSHOT"],
            8..=11 => &["UNSUPPORTED_VERSION"],
            12 => &["MALFORMED"],
            13 => &["MALFORMED", "UNKNOWN_KEY", "LIMIT_EXCEEDED", "TRUNCATED"],
            _ if at < sig => &["MALFORMED", "UNKNOWN_KEY"],
            _ if at < hlen => &["BAD_SIGNATURE", "MALFORMED_SIGNATURE"],
            _ if at < head => &["BAD_SIGNATURE", "TRUNCATED", "LIMIT_EXCEEDED"],
            _ if at < payload => &["BAD_SIGNATURE"],
            _ => &["DIGEST_MISMATCH"],
        }
    };
    assert_eq!(key, 14);
    // One keyring for all the flips (building one parses and checks both public keys).
    let keys = ring();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut flips = 0;
    let mut flipped = bytes.clone();
    for at in 0..bytes.len() {
        for bit in 0..8 {
            flipped[at] ^= 1 << bit;
            let c = code(Snapshot::load(flipped.clone(), &keys, opts()));
            assert!(
                expected(at).contains(&c),
                "{id}: flip of bit {bit} at byte {at}: {c}, expected one of {:?}",
                expected(at)
            );
            let s = code(stream(&flipped, 997, keys.clone(), opts()));
            assert_eq!(s, c, "{id}: streaming, bit {bit} at byte {at}");
            *seen.entry(c).or_default() += 1;
            flipped[at] ^= 1 << bit;
            flips += 1;
        }
    }
    assert_eq!(flipped, bytes);
    assert_eq!(flips, bytes.len() * 8);
    println!(
        "{id}: {flips} single-bit flips of a {}-byte snapshot tried, all refused: {seen:?}",
        bytes.len()
    );
    let allowed: BTreeSet<&str> = [
        "NOT_A_SNAPSHOT",
        "UNSUPPORTED_VERSION",
        "MALFORMED",
        "LIMIT_EXCEEDED",
        "TRUNCATED",
        "UNKNOWN_KEY",
        "WRONG_ALGORITHM",
        "BAD_SIGNATURE",
        "MALFORMED_SIGNATURE",
        "DIGEST_MISMATCH",
    ]
    .into();
    assert!(seen.keys().all(|c| allowed.contains(c)), "{seen:?}");
    // Each region was hit, so each kind of refusal really happened.
    for c in [
        "NOT_A_SNAPSHOT",
        "UNSUPPORTED_VERSION",
        "MALFORMED",
        "UNKNOWN_KEY",
        "LIMIT_EXCEEDED",
        "BAD_SIGNATURE",
        "DIGEST_MISMATCH",
    ] {
        assert!(seen.contains_key(c), "{id}: no {c} in {seen:?}");
    }
}

#[test]
fn every_single_bit_flip_of_an_ed25519_snapshot_is_refused() {
    every_bit_flip_is_refused("t-ed", &ed());
}

#[test]
fn every_single_bit_flip_of_an_sm2_snapshot_is_refused() {
    every_bit_flip_is_refused("t-sm2", &sm2());
}

#[test]
fn every_truncation_is_truncated_and_an_extra_byte_is_malformed() {
    let (bytes, _, _) = base();
    let keys = ring();
    let mut n = 0;
    for len in 0..bytes.len() {
        let cut = &bytes[..len];
        assert_eq!(
            code(Snapshot::load(cut.to_vec(), &keys, opts())),
            "TRUNCATED",
            "load, {len} bytes"
        );
        for chunk in [1, 13, 4096] {
            assert_eq!(
                code(stream(cut, chunk, keys.clone(), opts())),
                "TRUNCATED",
                "stream in {chunk}-byte chunks, {len} bytes"
            );
        }
        n += 1;
    }
    println!("{n} truncations tried (0..{} bytes)", bytes.len());
    // The offset says how far it got.
    match load(&bytes[..bytes.len() - 1]).unwrap_err() {
        SnapshotError::Truncated { needed, found } => {
            assert_eq!(
                (needed, found),
                (bytes.len() as u64, bytes.len() as u64 - 1)
            )
        }
        other => panic!("{other:?}"),
    }
    // One more byte, of any value, at the end.
    for extra in [0u8, 0xff] {
        let mut long = bytes.clone();
        long.push(extra);
        assert_eq!(code(load(&long)), "MALFORMED");
        assert_eq!(code(stream(&long, 64, ring(), opts())), "MALFORMED");
        assert_eq!(code(stream(&long, long.len(), ring(), opts())), "MALFORMED");
        match load(&long).unwrap_err() {
            SnapshotError::Malformed { offset, .. } => {
                assert_eq!(offset, Some(bytes.len() as u64))
            }
            other => panic!("{other:?}"),
        }
    }
    // Something else entirely.
    assert_eq!(code(load(b"<!DOCTYPE html><html>")), "NOT_A_SNAPSHOT");
    assert_eq!(code(load(&bytes[1..])), "NOT_A_SNAPSHOT");
}

// ---------------------------------------------------------------------------------------------
// Replay.
// ---------------------------------------------------------------------------------------------

#[test]
fn rollback_to_a_lower_sequence_is_refused_and_the_same_sequence_accepted() {
    let (bytes, _, _) = base();
    let at = |last: u64| LoadOptions {
        last_accepted_sequence: Some(last),
        ..opts()
    };
    for last in [6, 7, u64::MAX] {
        let e = Snapshot::load(bytes.clone(), &ring(), at(last)).unwrap_err();
        assert_eq!(
            e,
            SnapshotError::Rollback {
                sequence: 5,
                last_accepted: last
            }
        );
        assert_eq!(code(stream(&bytes, 100, ring(), at(last))), "ROLLBACK");
    }
    for last in [0, 4, 5] {
        let s = Snapshot::load(bytes.clone(), &ring(), at(last)).unwrap();
        assert_eq!(s.header().sequence, 5);
        stream(&bytes, 100, ring(), at(last)).unwrap();
    }
}

#[test]
fn a_frozen_snapshot_is_stale_and_every_answer_says_so() {
    let records = hand_records();
    let bytes = signed(records.clone(), &meta(5), "t-ed", &ed());
    let expires = meta(5).expires_at;
    for now in [expires, expires + Duration::days(400)] {
        let late = LoadOptions { now, ..opts() };
        let e = Snapshot::load(bytes.clone(), &ring(), late).unwrap_err();
        assert_eq!(
            e,
            SnapshotError::Stale {
                expires_at: expires
            }
        );
        assert_eq!(code(stream(&bytes, 50, ring(), late)), "STALE");
        let allowed = LoadOptions {
            allow_stale: true,
            ..late
        };
        for s in [
            Snapshot::load(bytes.clone(), &ring(), allowed).unwrap(),
            stream(&bytes, 50, ring(), allowed).unwrap(),
        ] {
            assert!(s.is_stale());
            assert!(s.is_stale_at(opts().now));
            assert!(s.status_at(now).stale);
            let mut asked = 0;
            for r in &records {
                for id in r.identifiers() {
                    let a = s.lookup(&id, None);
                    assert!(a.stale, "{id:?}");
                    assert!(matches!(a.lookup, Lookup::Listed(_)), "{id:?}");
                    asked += 1;
                }
            }
            assert!(asked >= 6);
            let clean = Identifier::parse("91110108551385082Q").unwrap();
            let a = s.lookup(&clean, None);
            assert_eq!((a.lookup, a.stale), (Lookup::NotListed, true));
            let a = s.lookup_input("91110108551385082Q", None).unwrap();
            assert!(a.stale);
        }
    }
    // An hour before expiry: fresh, and answers say so.
    let before = LoadOptions {
        now: expires - Duration::hours(1),
        ..opts()
    };
    let s = Snapshot::load(bytes, &ring(), before).unwrap();
    assert!(!s.is_stale());
    assert!(!s.lookup(&records[0].identifiers()[0], None).stale);
    assert!(s.is_stale_at(expires));
}

#[test]
fn a_snapshot_issued_in_the_future_is_not_yet_valid() {
    let (bytes, h, _) = base();
    let early = |secs: i64| LoadOptions {
        now: h.issued_at - Duration::seconds(secs),
        ..opts()
    };
    for secs in [301, 3600, 86_400 * 365] {
        let e = Snapshot::load(bytes.clone(), &ring(), early(secs)).unwrap_err();
        assert_eq!(
            e,
            SnapshotError::NotYetValid {
                issued_at: h.issued_at
            }
        );
        assert_eq!(
            code(stream(&bytes, 100, ring(), early(secs))),
            "NOT_YET_VALID"
        );
    }
    // Within the five minutes of tolerated clock skew.
    for secs in [300, 1, 0] {
        Snapshot::load(bytes.clone(), &ring(), early(secs)).unwrap();
    }
}

#[test]
fn an_old_snapshot_replayed_after_a_key_rotation_is_refused() {
    let old = signed(hand_records(), &meta(1), "t-ed", &ed());
    let new_key = key(credit_check::snapshot::signature::Algorithm::Ed25519, 21);
    let retire = t(2026, 11, 10);
    let entry = KeyEntry::new("t-ed-2", new_key.public_key(), Some(t(2026, 11, 1)), None)
        .unwrap()
        .introduce("t-ed", &ed(), Some(retire))
        .unwrap();
    let mut ring = ring();
    let at = |now| LoadOptions { now, ..opts() };
    // Before the rotation the old snapshot is fine.
    Snapshot::load(old.clone(), &ring, at(t(2026, 11, 15))).unwrap();
    ring.accept_rotation_at(&entry.to_json(), "t-ed", t(2026, 11, 5))
        .unwrap();
    // After it, until the retirement time, still fine…
    Snapshot::load(old.clone(), &ring, at(retire - Duration::seconds(1))).unwrap();
    // …and from then on refused, by both loaders.
    for now in [retire, t(2026, 11, 15)] {
        let e = Snapshot::load(old.clone(), &ring, at(now)).unwrap_err();
        assert_eq!(
            e,
            SnapshotError::Key(KeyError::KeyExpired {
                key_id: "t-ed".into(),
                valid_until: retire
            })
        );
        assert_eq!(code(stream(&old, 64, ring.clone(), at(now))), "KEY_EXPIRED");
    }
    // The old key (stolen, say) cannot sign a fresh one either.
    let mut m = meta(3);
    m.issued_at = t(2026, 11, 12);
    let fresh_by_old = signed(hand_records(), &m, "t-ed", &ed());
    assert_eq!(
        code(Snapshot::load(fresh_by_old, &ring, at(t(2026, 11, 15)))),
        "KEY_EXPIRED"
    );
    // The new key's snapshot loads, past the old one's sequence.
    let mut m = meta(2);
    m.issued_at = t(2026, 11, 12);
    let new = signed(hand_records(), &m, "t-ed-2", &new_key);
    let o = LoadOptions {
        last_accepted_sequence: Some(1),
        ..at(t(2026, 11, 15))
    };
    let s = Snapshot::load(new.clone(), &ring, o).unwrap();
    assert_eq!(
        (s.header().key_id.as_str(), s.header().sequence),
        ("t-ed-2", 2)
    );
    stream(&new, 64, ring.clone(), o).unwrap();
    // Issued before the new key's validity began: refused although the signature is good.
    let mut m = meta(2);
    m.issued_at = t(2026, 10, 31);
    let backdated = signed(hand_records(), &m, "t-ed-2", &new_key);
    assert_eq!(
        code(Snapshot::load(backdated, &ring, o)),
        "KEY_NOT_YET_VALID"
    );
}

// ---------------------------------------------------------------------------------------------
// Keys.
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_algorithm_unknown_key_and_unsigned_files_are_refused() {
    let (bytes, _, _) = base();
    // The keyring pins `t-ed` as an SM2 key; the file says Ed25519.
    let sm2_ring = keyring(&[entry("t-ed", &sm2())]);
    let e = Snapshot::load(bytes.clone(), &sm2_ring, opts()).unwrap_err();
    assert_eq!(e.code(), "WRONG_ALGORITHM");
    assert!(matches!(
        e,
        SnapshotError::Key(KeyError::WrongAlgorithm { .. })
    ));
    assert_eq!(
        code(stream(&bytes, 10, sm2_ring.clone(), opts())),
        "WRONG_ALGORITHM"
    );
    // The other way round: an SM2 file under a keyring pinning its id as Ed25519.
    let sm2_file = signed(hand_records(), &meta(5), "t-sm2", &sm2());
    let ed_ring = keyring(&[entry("t-sm2", &ed())]);
    assert_eq!(
        code(Snapshot::load(sm2_file, &ed_ring, opts())),
        "WRONG_ALGORITHM"
    );
    // A key the keyring does not pin.
    let other = signed(hand_records(), &meta(5), "t-other", &ed());
    assert_eq!(code(load(&other)), "UNKNOWN_KEY");
    assert_eq!(code(stream(&other, 10, ring(), opts())), "UNKNOWN_KEY");
    // The right id, another key of the same algorithm.
    let imposter = signed(
        hand_records(),
        &meta(5),
        "t-ed",
        &key(credit_check::snapshot::signature::Algorithm::Ed25519, 8),
    );
    assert_eq!(code(load(&imposter)), "BAD_SIGNATURE");
    // Never signed.
    let unsigned = credit_check::snapshot::build::build_unsigned(hand_records(), &meta(5)).unwrap();
    assert_eq!(code(load(&unsigned)), "NOT_SIGNED");
    assert_eq!(code(stream(&unsigned, 10, ring(), opts())), "NOT_SIGNED");
    // …nor is it signed by claiming a key in an envelope with the algorithm byte cleared.
    let mut stripped = bytes.clone();
    stripped[12] = format::ALG_NONE;
    assert_eq!(code(load(&stripped)), "MALFORMED");
}

// ---------------------------------------------------------------------------------------------
// A dishonest publisher with a real key.
// ---------------------------------------------------------------------------------------------

#[test]
fn forge_signs_what_an_honest_signer_would() {
    let (bytes, h, p) = base();
    assert_eq!(
        sign_exact(&honest(&h, &p, "t-ed", &ed()), &p, "t-ed", &ed()),
        bytes
    );
    assert_eq!(forge(&h, &p, "t-ed", &ed()), bytes);
}

#[test]
fn signed_counts_that_claim_gigabytes_are_refused_before_allocating() {
    let (_, h, p) = base();
    let len_now = p.len();
    let check = |h: &Header, want: &str| {
        let bytes = sign_exact(h, &p, "t-ed", &ed());
        let (r, largest, took) = measured(|| load(&bytes));
        assert_eq!(code(r), want, "{h:?}");
        assert!(largest <= bytes.len() + 64 * 1024, "allocated {largest}");
        assert!(took.as_secs_f64() < 2.0, "took {took:?}");
        let (r, largest, _) = measured(|| stream(&bytes, 100, ring(), opts()));
        assert_eq!(code(r), want, "streaming {h:?}");
        assert!(largest <= 256 * 1024, "streaming allocated {largest}");
    };
    // A trillion records.
    let mut big = honest(&h, &p, "t-ed", &ed());
    big.counts.records = 1_000_000_000_000;
    check(&big, "LIMIT_EXCEEDED");
    let bytes = sign_exact(&big, &p, "t-ed", &ed());
    assert_eq!(
        load(&bytes).unwrap_err(),
        SnapshotError::LimitExceeded {
            what: "records",
            limit: MAX_RECORDS,
            found: 1_000_000_000_000
        }
    );
    // One more than the limit, and u64::MAX.
    for records in [MAX_RECORDS + 1, u64::MAX] {
        let mut big = honest(&h, &p, "t-ed", &ed());
        big.counts.records = records;
        check(&big, "LIMIT_EXCEEDED");
    }
    // A terabyte of payload.
    for len in [MAX_PAYLOAD_LEN + 1, 1 << 40, u64::MAX] {
        let mut big = honest(&h, &p, "t-ed", &ed());
        big.payload_length = len;
        check(&big, "LIMIT_EXCEEDED");
    }
    // A payload length within the limit but beyond the file: the whole-file loader sees the
    // file is short without allocating (the streaming reader would reserve the signed size).
    let mut long = honest(&h, &p, "t-ed", &ed());
    long.payload_length = MAX_PAYLOAD_LEN;
    let bytes = sign_exact(&long, &p, "t-ed", &ed());
    let (r, largest, _) = measured(|| load(&bytes));
    assert_eq!(code(r), "TRUNCATED");
    assert!(largest <= bytes.len() + 64 * 1024);
    // Shorter than the file: the rest is trailing bytes.
    let mut short = honest(&h, &p, "t-ed", &ed());
    short.payload_length = len_now as u64 - 1;
    assert_eq!(
        code(load(&sign_exact(&short, &p, "t-ed", &ed()))),
        "MALFORMED"
    );
    // The limit itself passes the header checks and fails on the payload's record counts.
    let mut max = honest(&h, &p, "t-ed", &ed());
    max.counts.records = MAX_RECORDS;
    check(&max, "MALFORMED");
}

#[test]
fn sections_and_columns_that_claim_gigabytes_are_malformed_and_fast() {
    let (_, h, p) = base();
    let secs = sections(&p);
    assert_eq!(join(&secs), p);
    // The first section's length: 4 GiB.
    let mut q = p.clone();
    put_u32(&mut q, 4, u32::MAX);
    assert_eq!(forged_code(&h, &q), "MALFORMED");
    // Every section's length claims more than is left.
    let mut at = 0;
    while at < p.len() {
        let len = u32::from_le_bytes(p[at + 4..at + 8].try_into().unwrap()) as usize;
        for claim in [len as u32 + 1, 0x7fff_ffff, u32::MAX] {
            let mut q = p.clone();
            put_u32(&mut q, at + 4, claim);
            assert_eq!(forged_code(&h, &q), "MALFORMED", "section at {at}");
        }
        at += 8 + len;
    }
    // The names column says it has four billion strings.
    for (t, field) in [(tag::NAMES, 0), (tag::NAMES, 4), (tag::DECISIONS, 4)] {
        for claim in [u32::MAX, 0x4000_0000] {
            let mut s = secs.clone();
            put_u32(body_of(&mut s, t), field, claim);
            assert_eq!(forged_code(&h, &join(&s)), "MALFORMED", "tag {t} +{field}");
        }
    }
    // Index tables claiming four billion keys.
    for (t, field) in [
        (tag::ENTITY_PRIMARY, 8),
        (tag::ENTITY_EXTRA, 4),
        (tag::PERSON_PRIMARY, 8),
        (tag::REP_ID, 4),
    ] {
        let mut s = secs.clone();
        put_u32(body_of(&mut s, t), field, u32::MAX);
        assert_eq!(forged_code(&h, &join(&s)), "MALFORMED", "tag {t}");
    }
    // A dictionary of four billion entries is over the limit outright.
    let mut s = secs.clone();
    put_u32(body_of(&mut s, tag::AUTHORITIES), 4, u32::MAX);
    assert_eq!(forged_code(&h, &join(&s)), "LIMIT_EXCEEDED");
    let mut s = secs.clone();
    put_u32(body_of(&mut s, tag::AUTHORITIES), 12, u32::MAX); // lengths' byte count
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    // Header at the record limit and every column agreeing, over a tiny payload: no
    // allocation in proportion to the claim. The records section goes first, so drop it to
    // reach the string columns with n = 20 million.
    let mut big = h.clone();
    big.counts.records = MAX_RECORDS;
    let mut s: Vec<Section> = secs
        .iter()
        .filter(|x| x.0 != tag::RECORDS)
        .cloned()
        .collect();
    for t in [
        tag::NAMES,
        tag::FORMER_NAMES,
        tag::AUTHORITIES,
        tag::DECISIONS,
        tag::REASONS,
        tag::PERSONS,
        tag::SANCTIONS,
        tag::PENALTIES,
        tag::MASKED_IDS,
    ] {
        put_u32(body_of(&mut s, t), 0, MAX_RECORDS as u32);
    }
    let q = join(&s);
    let bytes = forge(&big, &q, "t-ed", &ed());
    let (r, largest, took) = measured(|| load(&bytes));
    assert_eq!(code(r), "MALFORMED");
    assert!(took.as_secs_f64() < 2.0, "took {took:?}");
    println!("20 million records claimed over {} bytes: MALFORMED in {took:?}, largest allocation {largest} bytes", bytes.len());
    // At most the string column's checkpoint table (one entry per 32 rows, 8 bytes each).
    assert!(
        largest <= (MAX_RECORDS as usize / 32) * 8 + 64 * 1024,
        "allocated {largest}"
    );
}

#[test]
fn inconsistent_payloads_signed_by_a_real_key_are_malformed() {
    let (_, h, p) = base();
    let secs = sections(&p);
    // The header's record count does not match the sections'.
    for records in [0, 5, 7, 1000] {
        let mut wrong = h.clone();
        wrong.counts.records = records;
        assert_eq!(forged_code(&wrong, &p), "MALFORMED", "{records} records");
    }
    // An unsorted index: swap the first two entity keys.
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::ENTITY_PRIMARY);
    let count = u32::from_le_bytes(body[8..12].try_into().unwrap()) as usize;
    assert!(count >= 2);
    let w = format::ENTITY_KEY_LEN;
    let (a, b) = (body[12..12 + w].to_vec(), body[12 + w..12 + 2 * w].to_vec());
    assert_ne!(a, b);
    body[12..12 + w].copy_from_slice(&b);
    body[12 + w..12 + 2 * w].copy_from_slice(&a);
    let bytes = forge(&h, &join(&s), "t-ed", &ed());
    match load(&bytes).unwrap_err() {
        SnapshotError::Malformed { detail, .. } => {
            assert!(detail.en().contains("not sorted"), "{}", detail.en())
        }
        other => panic!("{other:?}"),
    }
    // Equal neighbours are allowed in a primary index (several records per USCC), so a
    // duplicated key loads; it must not panic, and both rows answer for it.
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::ENTITY_PRIMARY);
    let first = body[12..12 + w].to_vec();
    body[12 + w..12 + 2 * w].copy_from_slice(&first);
    let dup = load(&forge(&h, &join(&s), "t-ed", &ed())).unwrap();
    assert_eq!(dup.records().filter(Result::is_ok).count(), 6);
    // In an extra index the order is (key, row) strictly: a repeated entry is refused.
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::REP_ID);
    assert_eq!(u32::from_le_bytes(body[4..8].try_into().unwrap()), 1);
    let (key, row) = (body[8..8 + w].to_vec(), body[8 + w..12 + w].to_vec());
    let mut twice = vec![w as u8, 1, 0, 0];
    twice.extend_from_slice(&2u32.to_le_bytes());
    twice.extend_from_slice(&key);
    twice.extend_from_slice(&key);
    twice.extend_from_slice(&row);
    twice.extend_from_slice(&row);
    *body = twice;
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    // A dictionary index out of range (the authorities dictionary has one-byte indices).
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::AUTHORITIES);
    assert_eq!(body[8], 1, "one-byte indices");
    let last = body.len() - 1;
    body[last] = 0xff;
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::REASONS);
    let dict = u32::from_le_bytes(body[4..8].try_into().unwrap());
    let last = body.len() - 1;
    body[last] = dict as u8; // one past the end
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    // An extra index pointing past the last record.
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::REP_ID);
    let last = body.len() - 4;
    put_u32(body, last, 6);
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    // Sections missing, repeated, out of order, unknown; an unknown optional one is skipped.
    let mut s = secs.clone();
    s.remove(1);
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    s.insert(1, s[1].clone());
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    s.swap(1, 2);
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    s.push((99, 0, vec![1, 2, 3]));
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    s.push((99, format::OPTIONAL_SECTION, vec![1, 2, 3]));
    let ok = forge(&h, &join(&s), "t-ed", &ed());
    assert_eq!(load(&ok).unwrap().len(), 6);
    // A list type index past the catalogue, and flags out of range.
    let mut s = secs.clone();
    let body = body_of(&mut s, tag::RECORDS);
    body[4 + 6] = 0xff; // first list type byte
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
    let mut s = secs.clone();
    body_of(&mut s, tag::RECORDS)[4] = 0x03; // entity kind 3
    assert_eq!(forged_code(&h, &join(&s)), "MALFORMED");
}

#[test]
fn a_header_naming_another_key_than_the_envelope_is_malformed() {
    let (_, h, p) = base();
    // Signed by t-ed, the envelope says t-ed, the header claims t-sm2.
    let mut other = honest(&h, &p, "t-ed", &ed());
    other.key_id = "t-sm2".into();
    let bytes = sign_exact(&other, &p, "t-ed", &ed());
    let e = load(&bytes).unwrap_err();
    assert_eq!(e.code(), "MALFORMED");
    assert!(e.message_en().contains("differs from the envelope"), "{e}");
    assert_eq!(code(stream(&bytes, 40, ring(), opts())), "MALFORMED");
    // Or the algorithm.
    let mut alg = honest(&h, &p, "t-ed", &ed());
    alg.algorithm = Some(credit_check::snapshot::signature::Algorithm::Sm2Sm3);
    assert_eq!(
        code(load(&sign_exact(&alg, &p, "t-ed", &ed()))),
        "MALFORMED"
    );
    let mut none = honest(&h, &p, "t-ed", &ed());
    none.algorithm = None;
    assert_eq!(
        code(load(&sign_exact(&none, &p, "t-ed", &ed()))),
        "MALFORMED"
    );
    // A header signed over another payload's digest.
    let mut digest_of_other = honest(&h, &p, "t-ed", &ed());
    digest_of_other.payload_digest[0] ^= 1;
    assert_eq!(
        code(load(&sign_exact(&digest_of_other, &p, "t-ed", &ed()))),
        "DIGEST_MISMATCH"
    );
}

// ---------------------------------------------------------------------------------------------
// The streaming reader's state machine.
// ---------------------------------------------------------------------------------------------

#[test]
fn streaming_refuses_everything_after_an_error() {
    let (bytes, _, _) = base();
    // An error in the head…
    let mut r = SnapshotReader::new(ring(), opts());
    assert_eq!(code(r.push(b"<!DOCTYPE html>")), "NOT_A_SNAPSHOT");
    assert_eq!(code(r.push(&bytes)), "INVALID_STATE");
    assert_eq!(code(r.push(&[])), "INVALID_STATE");
    assert_eq!(code(r.finish()), "INVALID_STATE");
    // …after the head is verified (a byte too many)…
    let mut r = SnapshotReader::new(ring(), opts());
    r.push(&bytes).unwrap();
    assert_eq!(code(r.push(&[0])), "MALFORMED");
    assert_eq!(code(r.push(&[])), "INVALID_STATE");
    assert_eq!(code(r.finish()), "INVALID_STATE");
    // …and a key refusal.
    let mut r = SnapshotReader::new(keyring(&[entry("t-ed", &sm2())]), opts());
    assert_eq!(code(r.push(&bytes)), "WRONG_ALGORITHM");
    assert_eq!(code(r.push(&bytes)), "INVALID_STATE");
    // A digest mismatch shows at finish.
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x40;
    let mut r = SnapshotReader::new(ring(), opts());
    r.push(&bad).unwrap();
    assert_eq!(code(r.finish()), "DIGEST_MISMATCH");
    // An empty reader finished at once is truncated.
    assert_eq!(
        code(SnapshotReader::new(ring(), opts()).finish()),
        "TRUNCATED"
    );
}

#[test]
fn streaming_a_header_one_byte_at_a_time_works() {
    let (bytes, _, _) = base();
    let (_, _, _, _, payload) = layout(&bytes);
    let mut r = SnapshotReader::new(ring(), opts());
    for (i, b) in bytes[..payload].iter().enumerate() {
        let p = r.push(std::slice::from_ref(b)).unwrap();
        assert_eq!(p.received, i as u64 + 1);
        if i + 1 < payload {
            assert_eq!(p.total, None, "byte {i}");
        } else {
            assert_eq!(p.total, Some(bytes.len() as u64), "verified at byte {i}");
        }
    }
    // Empty chunks are harmless; the payload in one piece.
    r.push(&[]).unwrap();
    let p = r.push(&bytes[payload..]).unwrap();
    assert_eq!(p.received, bytes.len() as u64);
    let s = r.finish().unwrap();
    assert_eq!(s.len(), 6);
    assert_eq!(s.digest_hex(), load(&bytes).unwrap().digest_hex());
    // The whole file one byte at a time.
    let s = stream(&bytes, 1, ring(), opts()).unwrap();
    assert_eq!(
        sorted_json(s.records().map(Result::unwrap)),
        sorted_json(hand_records())
    );
}
