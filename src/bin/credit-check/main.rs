//! `credit-check`: the native command line. See `cli.rs`.
//!
//! The CLI and its dependencies (clap, csv) are native only; a wasm32 build of the crate has the
//! library's bindings instead and this binary is an empty stub there.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
// The publisher's commands (import, input files, synthetic lists, keys) are the library's
// `publish` modules; the CLI parses flags and prints.
#[cfg(not(target_arch = "wasm32"))]
use credit_check::publish::{import, input, synth};
#[cfg(not(target_arch = "wasm32"))]
mod publish;
#[cfg(not(target_arch = "wasm32"))]
mod screen;
#[cfg(not(target_arch = "wasm32"))]
mod shard;
#[cfg(not(target_arch = "wasm32"))]
mod verdict;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
