//! The WebAssembly bindings, one file per exported class or group (lol-html's `js-api` is the
//! model): each export converts its arguments, calls the core, and converts the result.
//! Compiled only for wasm32.

mod convert;
mod keyring;
mod sharded;
mod snapshot;
mod validate;
mod vocabulary;

pub use keyring::KeyringJs;
pub use sharded::ShardedSourceJs;
pub use snapshot::{check_unavailable, SnapshotJs, SnapshotLoaderJs};
pub use validate::*;
pub use vocabulary::vocabulary_js;
