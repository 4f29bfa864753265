//! # credit-check
//!
//! The core of a credit-check plugin for Chinese procurement, bidding and approval forms. It
//! validates the identifiers that credit lists and web forms carry — the Unified Social Credit
//! Code (GB 32100-2015) and the legacy organisation code, registration number, resident ID and
//! taxpayer numbers — and the same code runs natively, in Node and in browsers (WebAssembly), so a
//! portal's server reaches the same verdict as the form.
//!
//! ## Features
//!
//! - Parse, don't validate: [`Uscc`], [`OrgCode`], [`RegistrationNumber`], [`ResidentId`],
//!   [`TaxpayerId`] can only hold codes that passed their checks, and say what is unusual via
//!   `warnings()`.
//! - Every identifier module has the same surface: `compact`, `calc_check_char`, `validate`,
//!   `is_valid`, `format`.
//! - Two severities and two [`Profile`]s: *invalid* (cannot be the identifier) and *warning*
//!   (sound but suspicious); `Strict` rejects on any rule, `Lenient` accepts real-world codes.
//! - Problems have a stable [`ProblemCode`], Chinese and English messages, and a position.
//! - [`validation::validate`] and [`detect`] for a single form field that accepts any code;
//!   [`audit`] for record files (bad codes, one code under two names, one name under two codes).
//! - GB/T 2260 divisions with their history ([`division`]), generated from licence-clean sources.
//!
//! ## Usage
//!
//! ```
//! use credit_check::{Uscc, Profile, ProblemCode, uscc};
//!
//! let code: Uscc = "9111 0108 5513 8508 2Q".parse()?;
//! assert_eq!(code.to_string(), "91110108551385082Q");
//! assert_eq!(code.division().full_name().as_deref(), Some("北京市海淀区"));
//!
//! let err = uscc::validate("91110108551385082A", Profile::Strict).unwrap_err();
//! assert_eq!(err.problems()[0].code(), ProblemCode::CheckCharacter);
//! assert_eq!(err.problems()[0].message(), "统一社会信用代码校验码错误：第18位应为Q，实为A");
//! # Ok::<(), credit_check::Invalid>(())
//! ```
//!
//! Never panics on input: every path returns a typed problem (see `tests/robustness.rs`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod macros;

// The publisher modules name the crate `credit_check::…` as the CLI and the tests that compile
// them in do.
#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
extern crate self as credit_check;

// The layers, each a folder: identifiers (no lists), list domain (records, validity, measures),
// the signed snapshot file and its reader, sharded snapshots, name matching, the verdict, and the
// publisher's tools (feature `publish`, never in a client build).
// Feature `validate` alone builds the identifier layer only; `checker` adds the rest.
#[cfg(feature = "checker")]
pub mod check;
pub mod error;
#[cfg(feature = "checker")]
mod hash;
pub mod id;
#[cfg(feature = "checker")]
mod json;
#[cfg(feature = "checker")]
pub mod lists;
#[cfg(feature = "checker")]
pub mod matching;
#[cfg(feature = "checker")]
pub mod names;
#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
pub mod publish;
#[cfg(feature = "checker")]
pub mod shards;
#[cfg(feature = "checker")]
pub mod snapshot;
#[cfg(feature = "checker")]
mod sort;

/// Pseudo-random numbers for the crate's unit tests (xorshift64): reproducible, no dependency.
#[cfg(all(test, feature = "checker"))]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(all(feature = "checker", not(any(feature = "ed25519", feature = "sm2"))))]
compile_error!("feature `checker` needs a signature algorithm: enable `ed25519`, `sm2` or both");

// The identifier modules at the crate root too: they are the crate's first public surface
// (`credit_check::uscc::validate`).
pub use id::{
    audit, authority, clean, division, kind, org_code, problem, registration_number, resident_id,
    taxpayer_id, uscc, validation,
};

/// The WebAssembly exports (public so that the wasm-bindgen tests can call them).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use kind::{IdentifierKind, Profile};
pub use org_code::OrgCode;
pub use problem::{Invalid, Problem, ProblemCode};
pub use registration_number::RegistrationNumber;
pub use resident_id::ResidentId;
pub use taxpayer_id::TaxpayerId;
pub use uscc::Uscc;
pub use validation::{detect, validate, Options, Status, Validation};
