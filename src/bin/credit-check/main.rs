//! `credit-check`: the native command line. See `cli.rs`.
//!
//! The CLI and its dependencies (clap, csv) are native only; a wasm32 build of the crate has the
//! library's bindings instead and this binary is an empty stub there.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod import;
#[cfg(not(target_arch = "wasm32"))]
mod input;
#[cfg(not(target_arch = "wasm32"))]
mod publish;
#[cfg(not(target_arch = "wasm32"))]
mod screen;
#[cfg(not(target_arch = "wasm32"))]
mod shard;
#[cfg(not(target_arch = "wasm32"))]
mod synth;
#[cfg(not(target_arch = "wasm32"))]
mod verdict;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
