//! The conversions every binding shares: core errors into thrown JS `Error`s with `code`,
//! `messageZh` and the location, values into JS objects, JS times and load options into the core's.

use crate::error::{ArgumentError, ArgumentErrorCode, CodedError, Location, Message};
#[cfg(feature = "checker")]
use crate::json::Json;
#[cfg(feature = "checker")]
use crate::snapshot::LoadOptions;
#[cfg(feature = "checker")]
use chrono::{DateTime, Utc};
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The one conversion of every layer's error into a thrown JS `Error`: `code`, `message`
/// (English), `messageZh`, and the location as `position`, `offset`, `field`, `file`/`line`/
/// `column` or `record`/`field`, with `expected` and `found` where the error says them.
pub(crate) fn js_error<E: CodedError + ?Sized>(e: &E) -> JsValue {
    let text = e.text();
    let err = js_sys::Error::new(&text.en);
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", e.code_str().into());
    set("messageZh", JsValue::from_str(&text.zh));
    match e.location() {
        Some(Location::Position(p)) => set("position", p.into()),
        Some(Location::Offset(o)) => set("offset", (o as f64).into()),
        Some(Location::Field(f)) => set("field", JsValue::from_str(&f)),
        Some(Location::Line { file, line, column }) => {
            if let Some(f) = file {
                set("file", JsValue::from_str(&f));
            }
            set("line", (line as f64).into());
            if let Some(c) = column {
                set("column", (c as f64).into());
            }
        }
        Some(Location::Record { index, field }) => {
            set("record", (index as f64).into());
            if let Some(f) = field {
                set("field", JsValue::from_str(&f));
            }
        }
        _ => {}
    }
    let (expected, found) = e.expected_found();
    if let Some(x) = expected {
        set("expected", x.into());
    }
    if let Some(x) = found {
        set("found", x.into());
    }
    err.into()
}

/// A core value as a JS object (maps as objects, a missing value as null).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&ser)
        .map_err(|e| not_representable(&e.to_string()))
}

/// An answer the bindings cannot hand to JS (`NOT_REPRESENTABLE`): none of the core's answers
/// is one, but such a failure still carries a code and both languages.
pub(crate) fn not_representable(detail: &str) -> JsValue {
    js_error(&ArgumentError {
        code: ArgumentErrorCode::NotRepresentable,
        message: Message::new(
            format!("结果无法交给JavaScript：{detail}"),
            format!("credit-check: an answer cannot be handed to JavaScript: {detail}"),
        ),
        field: None,
    })
}

#[cfg(feature = "checker")]
pub(crate) fn time_of(ms: Option<f64>) -> DateTime<Utc> {
    ms.filter(|m| m.is_finite())
        .and_then(|m| DateTime::from_timestamp_millis(m as i64))
        .unwrap_or_else(Utc::now)
}

#[cfg(feature = "checker")]
/// The load options a JS caller gives: time of checking, the highest sequence accepted before,
/// whether a stale snapshot may load.
pub(crate) fn load_options(
    now_ms: Option<f64>,
    last_sequence: Option<f64>,
    allow_stale: Option<bool>,
) -> LoadOptions {
    LoadOptions {
        now: time_of(now_ms),
        last_accepted_sequence: last_sequence
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| s as u64),
        allow_stale: allow_stale.unwrap_or(false),
    }
}

#[cfg(feature = "checker")]
/// An argument the bindings refuse before the core reads it, as [`js_error`] throws it.
pub(crate) fn input_error(code: ArgumentErrorCode, en: &str, zh: &str) -> JsValue {
    js_error(&ArgumentError {
        code,
        message: Message::new(zh.to_string(), en.to_string()),
        field: None,
    })
}

#[cfg(feature = "checker")]
/// A JS value as JSON data (objects, arrays, strings, numbers, booleans; `undefined` as null):
/// what the core's strict readers take. Walked here rather than through `serde_wasm_bindgen`'s
/// deserialiser, whose copy of the JSON value reader cost 9.7 KB gzipped; read as it read them:
/// an object (or a `Map` with text keys) by its own entries, a whole number within 2^53 as an
/// integer, `NaN` and infinities as null; a function, symbol or `BigInt` is an error, never
/// dropped.
pub(crate) fn json_of(value: JsValue) -> Result<Json, String> {
    json_at(&value, 0)
}

#[cfg(feature = "checker")]
fn json_at(v: &JsValue, depth: usize) -> Result<Json, String> {
    // Arrays and objects nest as deep as JSON text may nest them (serde's limit), with the
    // text parser's words: `depth` is how many enclose `v`.
    let nested = || {
        if depth < crate::json::parse::MAX_NESTING {
            Ok(depth + 1)
        } else {
            Err(String::from("recursion limit exceeded"))
        }
    };
    if v.is_null() || v.is_undefined() {
        return Ok(Json::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        const SAFE: f64 = 9_007_199_254_740_991.0;
        return Ok(if n.fract() == 0.0 && n.abs() <= SAFE {
            Json::Number((n as i64).into())
        } else {
            serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
        });
    }
    if let Some(s) = v.as_string() {
        return Ok(Json::String(s));
    }
    if let Some(a) = v.dyn_ref::<js_sys::Array>() {
        let inner = nested()?;
        return a
            .iter()
            .map(|x| json_at(&x, inner))
            .collect::<Result<_, _>>()
            .map(Json::Array);
    }
    let entries = if let Some(m) = v.dyn_ref::<js_sys::Map>() {
        js_sys::Array::from(&m.entries())
    } else if v.is_object() {
        js_sys::Object::entries(v.unchecked_ref())
    } else {
        let kind = v.js_typeof().as_string().unwrap_or_default();
        return Err(format!("invalid type: {kind}, expected JSON data"));
    };
    let inner = nested()?;
    // A JS object's (and a Map's) keys are distinct: no member is repeated.
    let mut members = Vec::with_capacity(entries.length() as usize);
    for e in entries.iter() {
        let e: js_sys::Array = e.unchecked_into();
        let key = e
            .get(0)
            .as_string()
            .ok_or("invalid type: a map key that is not text")?;
        members.push((key, json_at(&e.get(1), inner)?));
    }
    Ok(Json::Object(members))
}

#[cfg(feature = "checker")]
fn invalid_input(e: String) -> crate::check::CheckError {
    crate::check::CheckError::new(
        crate::check::CheckErrorCode::InvalidInput,
        format!("核查请求格式错误：{e}"),
        format!("the check request is not valid: {e}"),
        None,
    )
}

#[cfg(feature = "checker")]
/// A check request given as a JS object or as its JSON text. `object_text`: the text is a plain
/// object the wrapper turned into JSON (`pkg/answer.js requestForCore`, one crossing instead of
/// one per field), read exactly as the object itself would be (null members absent).
pub(crate) fn check_input(
    request: JsValue,
    object_text: bool,
) -> Result<crate::check::CheckInput, JsValue> {
    match request.as_string() {
        Some(text) if object_text => Json::parse(text.as_bytes())
            .map_err(|e| invalid_input(e.to_string()))
            .and_then(crate::check::CheckInput::from_data),
        Some(text) => crate::check::CheckInput::from_json(&text),
        None => json_of(request)
            .map_err(invalid_input)
            .and_then(crate::check::CheckInput::from_data),
    }
    .map_err(|e| js_error(&e))
}

#[cfg(feature = "checker")]
/// Parties to screen, read strictly by the core (`Party::read_list`): `NOT_AN_ARRAY`, or
/// `INVALID_PARTY` with the party's index.
pub(crate) fn parties(value: JsValue) -> Result<Vec<crate::matching::Party>, JsValue> {
    let v =
        json_of(value).map_err(|e| party_error(crate::matching::PartyValueError(None, e, None)))?;
    crate::matching::Party::read_list(v).map_err(party_error)
}

#[cfg(feature = "checker")]
/// Parties that are not an array: `NOT_AN_ARRAY`.
pub(crate) fn not_an_array() -> JsValue {
    input_error(
        ArgumentErrorCode::NotAnArray,
        "credit-check: screen expects an array of parties",
        "当事人须为数组",
    )
}

#[cfg(feature = "checker")]
fn party_error(e: crate::matching::PartyValueError) -> JsValue {
    let crate::matching::PartyValueError(index, detail, field) = e;
    let Some(i) = index else {
        return not_an_array();
    };
    let at = match &field {
        Some(f) => format!("parties[{i}].{f}"),
        None => format!("parties[{i}]"),
    };
    js_error(&ArgumentError {
        code: ArgumentErrorCode::InvalidParty,
        message: Message::new(
            format!("当事人{i}格式错误：{detail}"),
            format!("credit-check: party {i} must be an object of {{name, code, legalRepName, legalRepId, personName, personId}} strings: {detail}"),
        ),
        field: Some(at),
    })
}

#[cfg(feature = "checker")]
/// Screen options `{listTypes?, thresholds?: {possible, core, candidates}}` (null or undefined:
/// the defaults), read strictly.
pub(crate) fn match_options(value: JsValue) -> Result<crate::matching::MatchOptions, JsValue> {
    json_of(value)
        .and_then(crate::matching::MatchOptions::read)
        .map_err(|e| {
            input_error(
                ArgumentErrorCode::InvalidOption,
                &format!("bad screen options: {e}"),
                "筛查选项错误",
            )
        })
}
