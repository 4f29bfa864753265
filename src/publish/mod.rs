//! The publisher's side (feature `publish`, on by default, native only, off in every client
//! build): reading publisher input files (`input`), importing the published lists' own formats
//! (`import`), synthetic lists (`synth`), signing keys and rotations (`keygen`) and the sharded
//! snapshot writer (`sharded`). The single-file writer and signing live beside the format in
//! `snapshot::build` (a client builds views of shards with the same writer; signing there is
//! behind this feature too). The CLI (`src/bin/credit-check/`) parses flags and prints.

pub mod import;
pub mod input;
pub mod keygen;
pub mod sharded;
pub mod synth;
