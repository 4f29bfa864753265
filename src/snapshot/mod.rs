//! Signed red/black list snapshots (issue 3, in progress): the records a snapshot carries, and
//! the keys and signatures that make it trustworthy. The binary format, the loader and its
//! indexes build on these.

pub mod keyring;
pub mod record;
pub mod signature;
