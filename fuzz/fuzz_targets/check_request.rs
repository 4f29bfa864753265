//! Any bytes as a check request (JSON) against the committed fixture snapshot: a verdict whose
//! record re-runs to the same bytes, or a typed error — never a panic.
#![no_main]

use credit_check::lists::catalogue::Catalogue;
use credit_check::check::{check_record, verify_record, CheckInput};
use credit_check::matching::NameIndex;
use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::{LoadOptions, Snapshot};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct World {
    s: Snapshot,
    index: NameIndex,
    c: Catalogue,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let ring = Keyring::from_json(include_str!("../../tests/data/fixture-keys.json")).unwrap();
        let s = Snapshot::load(
            include_bytes!("../../tests/data/fixture.ccs").to_vec(),
            &ring,
            LoadOptions::now(),
        )
        .unwrap();
        let index = NameIndex::build(&s);
        let c = Catalogue::embedded().unwrap();
        World { s, index, c }
    })
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    let text = String::from_utf8_lossy(data);
    let Ok(input) = CheckInput::from_json(&text) else { return };
    let now = chrono::DateTime::UNIX_EPOCH;
    if let Ok(r) = check_record(&w.s, &w.index, &w.c, "embedded", &input, now) {
        let v = verify_record(&w.s, &w.index, &w.c, "embedded", &r.json, Some(&r.sha256)).unwrap();
        assert_eq!(v.code, "MATCH", "{:?}", v.first_difference);
    }
});
