//! The vocabulary: every id with its Chinese and English names (`check::vocabulary`; the small
//! validation module has the identifier layer's part, `id::kind::vocabulary`).

use super::convert::to_js;
use wasm_bindgen::prelude::*;

/// `vocabulary()` → list types, decisions, lookups, scenarios, roles, effects, measure states,
/// listing, validity and ban states, inspection directions, condition tokens, entity kinds,
/// person roles and identifier kinds, each with `zh` and `en`.
#[cfg(feature = "checker")]
#[wasm_bindgen(js_name = vocabulary)]
pub fn vocabulary_js() -> Result<JsValue, JsValue> {
    to_js(&crate::check::vocabulary::vocabulary())
}

/// `vocabulary()` in the small module → `{identifierKinds}`: the identifier layer's part.
#[cfg(not(feature = "checker"))]
#[wasm_bindgen(js_name = vocabulary)]
pub fn vocabulary_js() -> Result<JsValue, JsValue> {
    to_js(&crate::id::kind::vocabulary())
}
