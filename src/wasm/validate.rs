//! Identifier validation, detection and audit: what a form field needs as the user types.

use super::convert::{js_error, to_js};
use crate::id::audit::{self, Record};
use crate::id::kind::{IdentifierKind, Profile};
use crate::id::problem::{Problem, ProblemCode};
use crate::id::validation::{self, Options, Validation};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

fn options(kind: Option<String>, profile: Option<String>) -> Result<Options, JsValue> {
    let kind = match kind.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(k) => Some(k.parse::<IdentifierKind>().map_err(|p| js_error(&p))?),
    };
    let profile = match profile.as_deref() {
        None | Some("") => Profile::default(),
        Some(p) => p.parse::<Profile>().map_err(|p| js_error(&p))?,
    };
    Ok(Options::new(kind, profile))
}

/// The result for something that is not a string: a typed error, never a throw.
fn not_a_string(opts: &Options) -> Validation {
    Validation {
        ok: false,
        kind: opts.kind,
        normalized: None,
        normalizations: Default::default(),
        parts: None,
        errors: vec![Problem::new(ProblemCode::NotAString)],
        warnings: Vec::new(),
    }
}

fn validate_value(input: &JsValue, opts: &Options) -> Validation {
    match input.as_string() {
        Some(s) => validation::validate(&s, opts),
        None => not_a_string(opts),
    }
}

/// `validate(input, kind?, profile?)` → `{ok, kind, normalized, normalizations, parts, errors, warnings}`.
#[wasm_bindgen(js_name = validate)]
pub fn validate_js(
    input: JsValue,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let opts = options(kind, profile)?;
    to_js(&validate_value(&input, &opts))
}

/// `validateAll(inputs, kind?, profile?)` → an array of results, one per input.
#[wasm_bindgen(js_name = validateAll)]
pub fn validate_all_js(
    inputs: Array,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let mut opts = options(kind, profile)?;
    opts.today = Some(crate::id::resident_id::today_in_china());
    let results: Vec<Validation> = inputs.iter().map(|v| validate_value(&v, &opts)).collect();
    to_js(&results)
}

/// `statusBatch(joined, count, kind?, profile?)` → one status byte per input (0 valid,
/// 1 valid with warnings, 2 invalid) for `count` inputs joined by `"\n"`. Returns an empty array
/// when the pieces do not number `count` (an input contained a newline): the caller then asks
/// one by one.
#[wasm_bindgen(js_name = statusBatch)]
pub fn status_batch_js(
    joined: &str,
    count: u32,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let opts = options(kind, profile)?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let out: Vec<u8> = validation::status_pieces(joined, &opts)
        .map(|s| s as u8)
        .collect();
    Ok(if out.len() == count as usize {
        out
    } else {
        Vec::new()
    })
}

/// `statusLines(text, kind?, profile?)` → one status byte per line of `text` (see
/// `validation::status_lines`).
#[wasm_bindgen(js_name = statusLines)]
pub fn status_lines_js(
    text: &str,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let opts = options(kind, profile)?;
    Ok(validation::status_lines(text, &opts)
        .into_iter()
        .map(|s| s as u8)
        .collect())
}

/// `status(input, kind?, profile?)` → one status byte, as `statusBatch` gives for each input.
#[wasm_bindgen(js_name = status)]
pub fn status_js(
    input: JsValue,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<u8, JsValue> {
    let opts = options(kind, profile)?;
    let today = crate::id::resident_id::today_in_china();
    Ok(input.as_string().map_or(validation::Status::Invalid, |s| {
        validation::status(&s, &opts, today)
    }) as u8)
}

/// `checkCharacter(kind, body)` → the check character for the body of an identifier of that
/// kind (`IdentifierKind::calc_check_char`); a bad kind or body throws the typed problem.
#[wasm_bindgen(js_name = checkCharacter)]
pub fn check_character_js(kind: &str, body: &str) -> Result<String, JsValue> {
    let kind = kind.parse::<IdentifierKind>().map_err(|p| js_error(&p))?;
    kind.calc_check_char(body)
        .map(String::from)
        .map_err(|e| js_error(&e.problems()[0]))
}

/// `detect(input)` → the kinds the input can be, e.g. `["uscc", "taxpayerId"]`.
#[wasm_bindgen(js_name = detect)]
pub fn detect_js(input: JsValue) -> Result<JsValue, JsValue> {
    let kinds = input
        .as_string()
        .map(|s| validation::detect(&s))
        .unwrap_or_default();
    to_js(&kinds)
}

/// `audit(records, kind?, profile?)` with records `[{code, name}]` → the audit report.
#[wasm_bindgen(js_name = audit)]
pub fn audit_js(
    records: Array,
    kind: Option<String>,
    profile: Option<String>,
) -> Result<JsValue, JsValue> {
    let opts = options(kind, profile)?;
    let field = |r: &JsValue, k: &str| {
        Reflect::get(r, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    let records: Vec<Record> = records
        .iter()
        .map(|r| Record {
            code: field(&r, "code").unwrap_or_default(),
            name: field(&r, "name").unwrap_or_default(),
        })
        .collect();
    to_js(&audit::audit(&records, None, &opts))
}

/// `digestHex(bytes, algorithm)`: the payload digest a snapshot header carries (SHA-256 for
/// `ed25519`, SM3 for `sm2-sm3`), hex.
/// In the checker build only (the small module has no snapshots).
#[cfg(feature = "checker")]
#[wasm_bindgen(js_name = digestHex)]
pub fn digest_hex_js(bytes: &[u8], algorithm: &str) -> Result<String, JsValue> {
    let alg = crate::snapshot::signature::Algorithm::parse(algorithm).map_err(|e| js_error(&e))?;
    Ok(crate::snapshot::signature::hex_encode(
        &crate::snapshot::signature::digest(alg, bytes),
    ))
}

/// Bytes of linear memory (it grows, never shrinks).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes_js() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The crate version, for diagnostics.
#[wasm_bindgen(js_name = version)]
pub fn version_js() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
