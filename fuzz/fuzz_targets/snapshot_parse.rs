//! Any bytes → `Snapshot::load_unverified` (no signature in the way, so the fuzzer reaches
//! the header and payload parsers), then everything a client does with what loaded.
#![no_main]

use credit_check::snapshot::Snapshot;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    match Snapshot::load_unverified(data.to_vec()) {
        Ok(s) => common::exercise(&s),
        Err(e) => common::describe(&e),
    }
});
