//! Every error code is listed in `pkg/index.d.ts`, and only those: the union types of the
//! declaration file are compared with the core's code enums (`ALL`) and the JS wrapper's own
//! codes (`WRAPPER_ERROR_CODES` in `pkg/errors.js`). A code added on one side only fails here.
// Ties the declaration file's codes to every layer's: needs them all (not the identifier-only `validate`).
#![cfg(feature = "checker")]

use credit_check::error::all_codes;
use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text without `/* … */` and `// …` comments (codes in comments are not listed).
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `'CODE'` literals of `export type NAME = … ;`, and the names of the types it unites.
fn union(dts: &str, name: &str) -> (BTreeSet<String>, Vec<String>) {
    let head = format!("export type {name} =");
    let start = dts
        .find(&head)
        .unwrap_or_else(|| panic!("index.d.ts has no `{head}`"))
        + head.len();
    let body = &dts[start..start + dts[start..].find(';').expect("a `;` ends the type")];
    let mut codes = BTreeSet::new();
    let mut types = Vec::new();
    for part in body.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(code) = part.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')) {
            codes.insert(code.to_string());
        } else {
            types.push(part.to_string());
        }
    }
    (codes, types)
}

/// The codes of a union, following the unions it names (within `index.d.ts`).
fn union_deep(dts: &str, name: &str) -> BTreeSet<String> {
    let (mut codes, types) = union(dts, name);
    for t in types {
        if dts.contains(&format!("export type {t} =")) {
            codes.extend(union_deep(dts, &t));
        }
    }
    codes
}

fn wrapper_codes() -> BTreeSet<String> {
    let js = read("pkg/errors.js");
    let start = js
        .find("export const WRAPPER_ERROR_CODES = Object.freeze([")
        .expect("errors.js exports WRAPPER_ERROR_CODES");
    let body = &js[start..start + js[start..].find("])").expect("the list ends")];
    let body = &body[body.find('[').unwrap() + 1..];
    body.split(',')
        .map(|s| s.trim().trim_matches('\'').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_declaration_file_lists_every_code_of_every_layer() {
    let dts = strip_comments(&read("pkg/index.d.ts"));
    let rust: std::collections::BTreeMap<&str, Vec<&str>> = all_codes().into_iter().collect();
    // Each layer of the core and the union that types it in JS.
    let pairs = [
        ("problem", "ProblemCode"),
        ("record", "RecordProblemCode"),
        ("key", "KeyErrorCode"),
        ("check", "CheckErrorCode"),
        ("verification", "VerificationCode"),
        ("catalogue", "CatalogueErrorCode"),
        ("build", "BuildErrorCode"),
        ("argument", "ArgumentErrorCode"),
    ];
    for (layer, ts) in pairs {
        let want = set(&rust[layer]);
        assert_eq!(union_deep(&dts, ts), want, "{layer}: Rust vs `{ts}`");
    }
    // The snapshot layer's enum holds its own codes and the key codes it passes on.
    let mut snapshot = union_deep(&dts, "SnapshotLayerErrorCode");
    snapshot.extend(union_deep(&dts, "KeyErrorCode"));
    assert_eq!(snapshot, set(&rust["snapshot"]), "snapshot");
    // Every layer's codes are in the union of all codes, and so are the wrapper's.
    let every = union_deep(&dts, "ErrorCode");
    for (layer, codes) in &rust {
        for c in codes {
            assert!(
                every.contains(*c),
                "{layer} code {c} missing from ErrorCode"
            );
        }
    }
    assert_eq!(union_deep(&dts, "WrapperErrorCode"), wrapper_codes());
    assert!(wrapper_codes().is_subset(&every));
}

#[test]
fn the_snapshot_load_type_names_the_core_codes() {
    let dts = strip_comments(&read("pkg/index.d.ts"));
    let rust: std::collections::BTreeMap<&str, Vec<&str>> = all_codes().into_iter().collect();
    let load = union_deep(&dts, "SnapshotErrorCode");
    for c in &rust["snapshot"] {
        assert!(load.contains(*c), "SnapshotErrorCode lacks {c}");
    }
}

#[test]
fn codes_are_distinct_within_each_layer() {
    for (layer, codes) in all_codes() {
        let distinct: BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(distinct.len(), codes.len(), "{layer}");
        assert!(!codes.is_empty(), "{layer}");
    }
}

#[test]
fn the_wrapper_raises_only_listed_codes() {
    let listed = wrapper_codes();
    let core: BTreeSet<&str> = all_codes().into_iter().flat_map(|(_, c)| c).collect();
    for file in [
        "pkg/index.js",
        "pkg/sharded.js",
        "pkg/worker.js",
        "pkg/worker-client.js",
        "pkg/sequence-store.js",
        "pkg/form.js",
    ] {
        let js = read(file);
        for call in ["fail('", "creditCheckError('", "code: '"] {
            for (i, _) in js.match_indices(call) {
                let rest = &js[i + call.len()..];
                let code = &rest[..rest.find('\'').unwrap()];
                if call != "code: '" {
                    assert!(
                        listed.contains(code),
                        "{file}: {code} not in WRAPPER_ERROR_CODES"
                    );
                } else if code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                    assert!(
                        listed.contains(code) || core.contains(code),
                        "{file}: {code} is no listed code"
                    );
                }
            }
        }
    }
}

/// The bindings throw through one conversion (`wasm::convert::js_error`), so every error they
/// raise has a code from an enum above, both languages and its location: no other `Error` is
/// made in `src/wasm/`, and no `code` is set by hand (a hand-set `UNKNOWN_LIST_TYPE` was listed
/// nowhere until session 26).
#[test]
fn the_bindings_make_errors_only_through_js_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wasm");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 3, "{}", dir.display());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let made = text.matches("js_sys::Error::new(").count();
        let allowed = usize::from(name == "convert.rs");
        assert_eq!(made, allowed, "{name}: Errors made outside js_error");
        assert!(
            !text.contains("\"code\".into()"),
            "{name}: a code set by hand"
        );
    }
}
