//! Sharded snapshots in the CLI: `build --sharded` writes one (`credit_check::publish::sharded`),
//! and every command that reads a snapshot also opens a sharded one's `manifest.ccs` from a
//! local copy (a mirror, or the publisher's output), reading only the shards it needs.

use crate::publish::{meta_of, read_key, BuildArgs};
use credit_check::publish::sharded::Publisher;
use credit_check::shards::{Key, ShardedSource};
use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// `credit-check build --sharded --out DIR`: records streamed into a sharded snapshot.
pub fn run_build_sharded(a: &BuildArgs) -> Result<ExitCode, String> {
    let Some(key_path) = a.key else {
        return Err("--sharded needs --key: the manifest is what clients verify".into());
    };
    let (key_id, key) = read_key(key_path)?;
    let meta = meta_of(a)?;
    let started = Instant::now();
    let mut p = Publisher::new(a.out).map_err(|e| e.to_string())?;
    let mut failed: Option<String> = None;
    let mut add = |r: &credit_check::lists::record::ListRecord| {
        if failed.is_none() {
            if let Err(e) = p.add(r) {
                failed = Some(e.to_string());
            }
        }
    };
    match (a.input, a.synth, &a.import) {
        (Some(path), None, None) => {
            crate::input::for_each_record(path, &mut |r| add(&r))
                .map_err(|errors| errors.join("\n"))?;
        }
        (None, Some((n, seed)), None) => {
            let world = crate::synth::World::with_persons(seed, a.persons);
            for i in 0..n as u64 {
                add(&world.record(i));
            }
        }
        (None, None, Some(o)) if !o.files.is_empty() => {
            let (records, report) = crate::import::records(o).map_err(|e| e.to_string())?;
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            for r in &records {
                add(r);
            }
        }
        _ => {
            return Err("give an input file, --format F with published files, or --synth N".into())
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    let read = started.elapsed().as_secs_f64();
    let report = p.finish(&meta, &key_id, &key).map_err(|e| e.to_string())?;
    let mut v = serde_json::to_value(&report).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("readSeconds".into(), ((read * 10.0).round() / 10.0).into());
        let total = started.elapsed().as_secs_f64();
        o.insert("seconds".into(), ((total * 10.0).round() / 10.0).into());
        o.insert(
            "manifest".into(),
            a.out.join("manifest.ccs").display().to_string().into(),
        );
    }
    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

/// Opens a sharded snapshot's manifest from a local directory and builds the view for `keys`,
/// reading the pages and shards from beside the manifest. A missing file is
/// `SHARD_MISSING`, a changed one `SHARD_DIGEST_MISMATCH`: the question is not answered.
pub fn local_view(
    manifest: &Path,
    bytes: Vec<u8>,
    keyring: &Keyring,
    options: LoadOptions,
    wanted: &dyn Fn(&ShardedSource) -> Vec<Key>,
) -> Result<Snapshot, SnapshotError> {
    let mut src = ShardedSource::open(bytes, keyring, options)?;
    let keys = &wanted(&src);
    let base = manifest.parent().unwrap_or(Path::new("."));
    loop {
        let missing = src.missing(keys);
        if missing.is_empty() {
            break;
        }
        let absent = missing
            .iter()
            .filter(|f| !base.join(&f.path).is_file())
            .count();
        if absent > 0 {
            return Err(SnapshotError::ShardMissing { count: absent });
        }
        for f in missing {
            let bytes = std::fs::read(base.join(&f.path))
                .map_err(|_| SnapshotError::ShardMissing { count: 1 })?;
            src.add(&f.digest, bytes)?;
        }
    }
    src.view(keys)
}
