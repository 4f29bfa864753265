//! The `Keyring` class: the publishers' public keys a client pins.

use super::convert::{js_error, time_of};
use crate::snapshot::keyring::Keyring;
use wasm_bindgen::prelude::*;

/// A keyring of pinned public keys (`docs/snapshot-keys.md`).
#[wasm_bindgen(js_name = Keyring)]
pub struct KeyringJs {
    pub(crate) inner: Keyring,
}

#[wasm_bindgen(js_class = Keyring)]
impl KeyringJs {
    /// Parses keyring JSON; throws `MALFORMED_KEYRING`, `MALFORMED_KEY`, … on bad input.
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> Result<KeyringJs, JsValue> {
        Keyring::from_json(json)
            .map(|inner| KeyringJs { inner })
            .map_err(|e| js_error(&e))
    }

    /// Adds a key by rotation (an entry introduced by `signerId`), as of `nowMs` (default now).
    #[wasm_bindgen(js_name = acceptRotation)]
    pub fn accept_rotation(
        &mut self,
        entry_json: &str,
        signer_id: &str,
        now_ms: Option<f64>,
    ) -> Result<(), JsValue> {
        self.inner
            .accept_rotation_at(entry_json, signer_id, time_of(now_ms))
            .map(|_| ())
            .map_err(|e| js_error(&e))
    }

    /// The keyring as JSON (to persist an accepted rotation).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Key ids.
    #[wasm_bindgen(js_name = keyIds)]
    pub fn key_ids(&self) -> Vec<String> {
        self.inner
            .entries()
            .iter()
            .map(|e| e.id().to_string())
            .collect()
    }
}
