//! Signed red/black list snapshots: the records a snapshot carries, the keys and signatures that
//! make it trustworthy, the binary format (`docs/snapshot-format.md`), the publisher's writer
//! (native only) and the verifying loader with its identifier indexes.

pub mod build;
pub mod error;
pub mod format;
pub mod keyring;
pub mod load;
mod prefix_index;
pub mod signature;

pub use error::{SnapshotError, SnapshotErrorCode};
pub use load::{
    Answer, IdHit, Identifier, LoadOptions, Lookup, MatchedBy, Snapshot, SnapshotReader,
};
