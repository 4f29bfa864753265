//! Any bytes → the streaming `SnapshotReader` with a fixed keyring (the tests' deterministic
//! Ed25519 key as `t-ed`): the first byte picks the chunk size (0: one chunk), the rest is
//! the file. After an error every call must be refused with `INVALID_STATE`.
#![no_main]

use credit_check::snapshot::SnapshotReader;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let chunk = match first {
        0 => file.len().max(1),
        n => usize::from(n),
    };
    let mut r = SnapshotReader::new(common::keyring().clone(), common::options());
    let mut total = None;
    for c in file.chunks(chunk) {
        match r.push(c) {
            Ok(p) => {
                assert!(p.received <= file.len() as u64);
                if let (Some(before), Some(now)) = (total, p.total) {
                    assert_eq!(before, now, "the total changed");
                }
                total = total.or(p.total);
            }
            Err(e) => {
                common::describe(&e);
                assert_eq!(r.push(c).unwrap_err().code(), "INVALID_STATE");
                assert_eq!(r.finish().unwrap_err().code(), "INVALID_STATE");
                return;
            }
        }
    }
    match r.finish() {
        Ok(s) => common::exercise(&s),
        Err(e) => common::describe(&e),
    }
});
