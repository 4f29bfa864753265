//! The publisher's side (feature `publish`, on by default, off in every client build): the
//! sharded snapshot writer. The single-file writer and signing live beside the format in
//! `snapshot::build` (a client builds views of shards with the same writer; signing there is
//! behind this feature too). Key generation, imports and synthetic lists are CLI commands
//! (`src/bin/credit-check/`), which need this feature.

pub mod sharded;
