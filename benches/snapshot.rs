//! Native snapshot benchmark (not a test): `cargo bench --bench snapshot -- FILE KEYRING [RUNS]`,
//! normally run by `scripts/bench-snapshot.sh`. Prints one JSON object: the hashing floor (the
//! signature's hash over the same payload bytes), load+verify+ready, memory, and exact lookups
//! (single-lookup latency and batch throughput). Medians of RUNS runs.

use credit_check::snapshot::keyring::Keyring;
use credit_check::snapshot::signature::digest;
use credit_check::snapshot::{Identifier, LoadOptions, Snapshot};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let (Some(file), Some(keys)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cargo bench --bench snapshot -- FILE KEYRING.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(7);
    let bytes = std::fs::read(file).expect("snapshot file");
    let ring_json = std::fs::read_to_string(keys).expect("keyring");
    let ring = Keyring::from_json(&ring_json)
        .or_else(|_| Keyring::from_json(&format!("{{\"version\":1,\"keys\":[{ring_json}]}}")))
        .expect("keyring json");
    let opts = LoadOptions::now();

    let first = Snapshot::load(bytes.clone(), &ring, opts).expect("snapshot loads");
    let alg = first.header().algorithm.expect("signed");
    let payload_start = bytes.len() - first.header().payload_length as usize;
    let n = first.len();

    let mut hash_ms = Vec::new();
    let mut load_ms = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(digest(alg, &bytes[payload_start..]));
        hash_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let copy = bytes.clone();
        let t = Instant::now();
        let s = Snapshot::load(copy, &ring, opts).expect("loads");
        load_ms.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(&s);
    }

    // Lookup inputs: every record's own identifier (hits) plus as many valid codes that are on
    // no list (misses), shuffled together.
    let mut codes: Vec<Identifier> = Vec::new();
    for r in first.records().take(200_000) {
        let r = r.expect("record");
        if let Some(id) = r
            .uscc
            .map(Identifier::Uscc)
            .or(r.org_code.map(Identifier::OrgCode))
            .or(r.registration_number.map(Identifier::RegistrationNumber))
            .or(r.id_number.map(Identifier::IdNumber))
        {
            codes.push(id);
        }
    }
    let hits = codes.len();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..hits {
        let first17 = format!("91350100{:09}", next() % 1_000_000_000);
        let c = credit_check::uscc::calc_check_char(&first17).expect("digits");
        codes.push(Identifier::Uscc(
            format!("{first17}{c}").parse().expect("valid"),
        ));
    }
    for i in (1..codes.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        codes.swap(i, j);
    }
    let mut batch_per_s = Vec::new();
    let mut out = Vec::new();
    let mut found = 0usize;
    for _ in 0..runs {
        let t = Instant::now();
        found = 0;
        for id in &codes {
            out.clear();
            first.find(id, &mut out);
            found += usize::from(!out.is_empty());
        }
        batch_per_s.push(codes.len() as f64 / t.elapsed().as_secs_f64());
    }
    // The same codes as text, one per line: the path lookupAll takes from JS.
    let text: String = codes
        .iter()
        .map(|id| match id {
            Identifier::Uscc(u) => u.to_string(),
            Identifier::OrgCode(o) => o.to_string(),
            Identifier::RegistrationNumber(r) => r.to_string(),
            Identifier::IdNumber(p) => p.eighteen().to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut text_per_s = Vec::new();
    let mut text_hits = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let out = first.lookup_lines(&text);
        text_per_s.push(codes.len() as f64 / t.elapsed().as_secs_f64());
        text_hits = out.iter().filter(|&&b| b == 1).count();
    }
    let mut parse_per_s = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut k = 0usize;
        for line in text.split('\n') {
            k += Identifier::parse_all(line).map_or(0, |v| v.len());
        }
        std::hint::black_box(k);
        parse_per_s.push(codes.len() as f64 / t.elapsed().as_secs_f64());
    }
    let mut single_ns = Vec::with_capacity(20_000);
    for id in codes.iter().take(20_000) {
        let t = Instant::now();
        std::hint::black_box(first.lookup(id, None));
        single_ns.push(t.elapsed().as_nanos() as f64);
    }
    let p99 = {
        let mut v = single_ns.clone();
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() * 99 / 100]
    };
    let hash = median(hash_ms);
    let load = median(load_ms);
    println!(
        "{}",
        serde_json::json!({
            "records": n,
            "fileBytes": bytes.len(),
            "algorithm": alg.as_str(),
            "hashMs": (hash * 100.0).round() / 100.0,
            "loadMs": (load * 100.0).round() / 100.0,
            "loadOverHash": (load / hash * 100.0).round() / 100.0,
            "memoryBytes": first.memory_bytes(),
            "memoryOverFile": (first.memory_bytes() as f64 / bytes.len() as f64 * 1000.0).round() / 1000.0,
            "lookups": codes.len(),
            "lookupHits": found,
            "lookupsPerSecond": median(batch_per_s).round(),
            "textLookupsPerSecond": median(text_per_s).round(),
            "textLookupHits": text_hits,
            "parseOnlyPerSecond": median(parse_per_s).round(),
            "lookupMedianNs": median(single_ns).round(),
            "lookupP99Ns": p99.round(),
            "runs": runs,
        })
    );
}
