//! Any bytes → a sharded snapshot's manifest, without the signature in the way (as
//! `snapshot_parse` does for snapshots). The first byte chooses: odd — the rest is a shard
//! directory section, wrapped here in an unsigned manifest (so mutations reach the directory
//! parser and the source rather than failing at the payload digest); even — the rest is a whole
//! manifest file. Then `ShardedSource::from_manifest`, and what a client does with a source —
//! which files a question needs, adding the input as each of them (refused unless it hashes to
//! the digest), views (refused until every file is there), status and eviction. Never a panic;
//! a directory that parses re-encodes to itself.
#![no_main]

use credit_check::matching::Party;
use credit_check::shards::{text_keys, Directory, ShardedSource};
use credit_check::snapshot::build::{build_manifest_unsigned, Meta};
use credit_check::snapshot::format::Region;
use credit_check::lists::record::ListType;
use credit_check::snapshot::Snapshot;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fn wrapped(directory: &[u8]) -> Option<Vec<u8>> {
    let meta = Meta {
        publisher: "fuzz".into(),
        sequence: 1,
        issued_at: common::now(),
        expires_at: common::now() + chrono::Duration::days(30),
        region: Region {
            code: "350000".into(),
            name: "福建省".into(),
        },
        list_types: vec![ListType::ALL[0], ListType::ALL[3]],
        catalogue: None,
    };
    build_manifest_unsigned(&meta, directory).ok()
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, data)) = input.split_first() else {
        return;
    };
    if let Ok(d) = Directory::decode(data, 0) {
        assert_eq!(Directory::decode(&d.encode(), 0).as_ref(), Ok(&d));
    }
    let _ = Directory::decode_page(data, data.len() / 32);
    let file = if mode % 2 == 1 {
        match wrapped(data) {
            Some(f) => f,
            None => return,
        }
    } else {
        data.to_vec()
    };
    let manifest = match Snapshot::load_unverified(file) {
        Ok(s) => s,
        Err(e) => return common::describe(&e),
    };
    let mut src = match ShardedSource::from_manifest(manifest) {
        Ok(s) => s,
        Err(e) => return common::describe(&e),
    };
    let mut keys = text_keys(&["91350100M000100Y43", "M000100Y4", "11010519491231002X"]);
    keys.extend(src.party_keys(&Party {
        name: Some("福州华兴贸易有限公司".into()),
        legal_rep_name: Some("张伟".into()),
        ..Party::default()
    }));
    for _ in 0..2 {
        for f in src.missing(&keys) {
            if let Err(e) = src.add(&f.digest, data.to_vec()) {
                common::describe(&e);
            }
        }
    }
    for f in src.missing_all().into_iter().take(4) {
        let _ = src.add(&f.digest, Vec::new());
    }
    match src.view(&keys) {
        Ok(v) => common::exercise(&v),
        Err(e) => common::describe(&e),
    }
    let _ = serde_json::to_string(&src.status_at(common::now()));
    src.evict_to(0);
});
