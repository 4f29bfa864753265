//! The streaming reader with the payload digest left to the platform (`leave_sha256`): the
//! caller hashes the reader's own payload bytes; a tampered payload is refused on that path and
//! on the fallback (`finish` hashes here); both give the snapshot the ordinary reader gives.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]
use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::load::lookup_transcript;
use credit_check::snapshot::{LoadOptions, SnapshotError, SnapshotReader};
use sha2::Digest as _;

const FIXTURE: &[u8] = include_bytes!("data/fixture.ccs");
const KEYS: &str = include_str!("data/fixture-keys.json");

fn reader(bytes: &[u8], leave: bool) -> SnapshotReader {
    let mut r = SnapshotReader::new(Keyring::from_json(KEYS).unwrap(), LoadOptions::now());
    if leave {
        r.leave_sha256();
    }
    for chunk in bytes.chunks(1000) {
        r.push(chunk).unwrap();
    }
    r
}

fn platform(r: &SnapshotReader) -> Vec<u8> {
    sha2::Sha256::digest(r.payload().expect("complete payload")).to_vec()
}

#[test]
fn tampering_is_refused_on_the_platform_path_and_the_fallback() {
    let mut bad = FIXTURE.to_vec();
    let n = bad.len();
    bad[n - 1] ^= 1;
    let r = reader(&bad, true);
    let d = platform(&r);
    assert!(matches!(
        r.finish_with_digest(&d),
        Err(SnapshotError::DigestMismatch)
    ));
    assert!(matches!(
        reader(&bad, true).finish(),
        Err(SnapshotError::DigestMismatch)
    ));
    assert!(matches!(
        reader(FIXTURE, true).finish_with_digest(&[0; 32]),
        Err(SnapshotError::DigestMismatch)
    ));
    assert!(matches!(
        reader(FIXTURE, true).finish_with_digest(&[1; 31]),
        Err(SnapshotError::DigestMismatch)
    ));
}

#[test]
fn the_payload_is_offered_only_when_complete_and_left_to_the_caller() {
    assert!(reader(FIXTURE, false).payload().is_none());
    assert!(reader(&FIXTURE[..FIXTURE.len() - 1], true)
        .payload()
        .is_none());
    let r = reader(FIXTURE, true);
    let payload = r.payload().unwrap();
    assert_eq!(payload, &FIXTURE[FIXTURE.len() - payload.len()..]);
}

#[test]
fn every_path_gives_the_same_snapshot() {
    let codes = include_str!("data/fixture-codes.txt");
    let ordinary = reader(FIXTURE, false).finish().unwrap();
    let r = reader(FIXTURE, true);
    let d = platform(&r);
    let via_platform = r.finish_with_digest(&d).unwrap();
    let via_fallback = reader(FIXTURE, true).finish().unwrap();
    for s in [&via_platform, &via_fallback] {
        assert_eq!(s.header_json(), ordinary.header_json());
        assert_eq!(s.digest_hex(), ordinary.digest_hex());
        assert_eq!(
            lookup_transcript(s, codes),
            lookup_transcript(&ordinary, codes)
        );
        let a: Vec<_> = s.records().map(|r| r.unwrap()).collect();
        let b: Vec<_> = ordinary.records().map(|r| r.unwrap()).collect();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}

#[test]
fn chunks_written_in_place_load_the_same_and_tampering_is_refused() {
    let fill_reader = |bytes: &[u8], leave: bool| {
        let mut r = SnapshotReader::new(Keyring::from_json(KEYS).unwrap(), LoadOptions::now());
        if leave {
            r.leave_sha256();
        }
        for chunk in bytes.chunks(777) {
            r.push_from(chunk.len(), |dst| dst.copy_from_slice(chunk))
                .unwrap();
        }
        r
    };
    let codes = include_str!("data/fixture-codes.txt");
    let want = lookup_transcript(&reader(FIXTURE, false).finish().unwrap(), codes);
    for leave in [false, true] {
        let s = fill_reader(FIXTURE, leave).finish().unwrap();
        assert_eq!(lookup_transcript(&s, codes), want);
    }
    let mut bad = FIXTURE.to_vec();
    let n = bad.len();
    bad[n - 1] ^= 1;
    assert!(matches!(
        fill_reader(&bad, false).finish(),
        Err(SnapshotError::DigestMismatch)
    ));
    let r = fill_reader(&bad, true);
    let d = platform(&r);
    assert!(matches!(
        r.finish_with_digest(&d),
        Err(SnapshotError::DigestMismatch)
    ));
    // Bytes past the end the signed header states: refused, and the reader stays failed.
    let mut r = fill_reader(FIXTURE, true);
    assert!(r.push_from(1, |dst| dst[0] = 0).is_err());
    assert!(r.push(b"").is_err());
}

#[test]
fn chunk_by_chunk_the_platform_sees_the_payload_exactly_once_in_order() {
    // Chunk sizes that split the header, end it mid-chunk and cross the payload in one piece.
    for size in [1, 7, 100, 1000, 4096, FIXTURE.len()] {
        let mut r = SnapshotReader::new(Keyring::from_json(KEYS).unwrap(), LoadOptions::now());
        r.leave_sha256();
        let mut seen = Vec::new();
        let mut hasher = sha2::Sha256::new();
        for chunk in FIXTURE.chunks(size) {
            r.push(chunk).unwrap();
            if let Some(part) = r.last_payload_chunk() {
                seen.extend_from_slice(part);
                hasher.update(part);
            }
        }
        assert_eq!(seen, r.payload().unwrap(), "chunks of {size}");
        let s = r.finish_with_digest(&hasher.finalize()).unwrap();
        assert_eq!(s.len(), reader(FIXTURE, false).finish().unwrap().len());
    }
    // Not offered when this reader hashes (the digest is not left to the caller).
    let mut r = SnapshotReader::new(Keyring::from_json(KEYS).unwrap(), LoadOptions::now());
    for chunk in FIXTURE.chunks(1000) {
        r.push(chunk).unwrap();
        assert!(r.last_payload_chunk().is_none());
    }
}
