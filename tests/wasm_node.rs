//! The wasm bindings, run in Node by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]
include!("wasm_shared.rs.inc");
