//! The WebAssembly bindings, one file per exported class or group (lol-html's `js-api` is the
//! model): each export converts its arguments, calls the core, and converts the result.
//! Compiled only for wasm32.

mod convert;
#[cfg(feature = "checker")]
mod keyring;
#[cfg(feature = "checker")]
mod sharded;
#[cfg(feature = "checker")]
mod snapshot;
mod validate;
mod vocabulary;

#[cfg(feature = "checker")]
pub use keyring::KeyringJs;
#[cfg(feature = "checker")]
pub use sharded::ShardedSourceJs;
#[cfg(feature = "checker")]
pub use snapshot::{
    check_unavailable, lookup_unavailable, screen_unavailable, SnapshotJs, SnapshotLoaderJs,
};
pub use validate::*;
pub use vocabulary::vocabulary_js;
