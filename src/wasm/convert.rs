//! The conversions every binding shares: core errors into thrown JS `Error`s with `code` and
//! `messageZh`, values into JS objects, JS times and load options into the core's.

use crate::id::problem::Problem;
#[cfg(feature = "checker")]
use crate::snapshot::signature::KeyError;
#[cfg(feature = "checker")]
use crate::snapshot::{LoadOptions, SnapshotError};
#[cfg(feature = "checker")]
use chrono::{DateTime, Utc};
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The one conversion of a problem into a thrown JS `Error` with `code` and the fields.
pub(crate) fn js_error(p: &Problem) -> JsValue {
    let err = js_sys::Error::new(&p.message_en());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", p.code().as_str().into());
    set("messageZh", p.message().into());
    if let Some(e) = p.expected() {
        set("expected", e.into());
    }
    if let Some(f) = p.found() {
        set("found", f.into());
    }
    err.into()
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&ser)
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// A snapshot or key refusal as a thrown JS `Error` with `code`, `messageZh` and `offset`.
#[cfg(feature = "checker")]
pub(crate) fn snapshot_error(e: &SnapshotError) -> JsValue {
    let err = js_sys::Error::new(&e.message_en());
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", e.code().into());
    set("messageZh", e.message().into());
    if let Some(o) = e.offset() {
        set("offset", (o as f64).into());
    }
    err.into()
}

#[cfg(feature = "checker")]
pub(crate) fn key_error(e: KeyError) -> JsValue {
    snapshot_error(&SnapshotError::Key(e))
}

#[cfg(feature = "checker")]
pub(crate) fn time_of(ms: Option<f64>) -> DateTime<Utc> {
    ms.filter(|m| m.is_finite())
        .and_then(|m| DateTime::from_timestamp_millis(m as i64))
        .unwrap_or_else(Utc::now)
}

/// The load options a JS caller gives: time of checking, the highest sequence accepted before,
/// whether a stale snapshot may load.
#[cfg(feature = "checker")]
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
pub(crate) fn input_error(code: &str, en: &str, zh: &str) -> JsValue {
    let e = js_sys::Error::new(en);
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"messageZh".into(), &zh.into());
    e.into()
}

/// A check refusal as a thrown JS `Error` with `code`, `messageZh` and `field`.
#[cfg(feature = "checker")]
pub(crate) fn check_error(e: &crate::check::CheckError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = Reflect::set(&err, &"code".into(), &e.code.into());
    let _ = Reflect::set(&err, &"messageZh".into(), &e.message_zh.clone().into());
    if let Some(f) = &e.field {
        let _ = Reflect::set(&err, &"field".into(), &f.clone().into());
    }
    err.into()
}
