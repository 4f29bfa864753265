//! Sharded snapshots, for national lists too big to download whole (`docs/sharded-snapshots.md`).
//!
//! A publisher writes a directory of static files: a small signed **manifest** (a snapshot file
//! with no records whose signed payload holds the shard directory and the catalogue), **pages**
//! that list shard digests, and immutable content-addressed **shards** (unsigned snapshot files,
//! named by their SHA-256) of the records in one bucket of a key space ([`route`]). A client
//! fetches the manifest, then for the parties it checks only the pages and shards of their keys,
//! verifies each against the digest a verified file names, and answers from a view built of them
//! ([`source::ShardedSource`]) — the same answers as the whole list, while the bidders'
//! identities stay in the browser: a CDN log sees buckets, each standing for at least ten
//! thousand registered entities.

pub mod directory;
pub mod route;
pub mod source;

pub use directory::{CommonKey, Directory, DirectoryInfo};
pub use route::{party_keys, request_keys, text_keys, Key, Space};
pub use source::{FileKind, FileRef, ShardedSource};
